//! Image slots: one picture of a case, named by kind and index.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a slot pictures. The order of the variants is the painting priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlotKind {
    Location,
    Suspect,
    Evidence,
}

impl SlotKind {
    pub const ALL: [SlotKind; 3] = [SlotKind::Location, SlotKind::Suspect, SlotKind::Evidence];

    pub fn as_str(self) -> &'static str {
        match self {
            SlotKind::Location => "location",
            SlotKind::Suspect => "suspect",
            SlotKind::Evidence => "evidence",
        }
    }
}

impl fmt::Display for SlotKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SlotKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "location" => Ok(SlotKind::Location),
            "suspect" => Ok(SlotKind::Suspect),
            "evidence" => Ok(SlotKind::Evidence),
            other => Err(format!(
                "unknown slot kind {other:?} (expected location, suspect or evidence)"
            )),
        }
    }
}

/// One picture of a case: `(kind, index)` into the case's array of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Slot {
    pub kind: SlotKind,
    pub index: usize,
}

impl Slot {
    pub fn new(kind: SlotKind, index: usize) -> Self {
        Slot { kind, index }
    }
}

/// The name people read and type: the case's own id for the item, counted from 1 as the case page
/// counts (`loc-1`, `suspect-1`, `ev-8`).
impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.kind.short(), self.index + 1)
    }
}

/// A slot name as `Display` writes it, or in the deprecated numbering (see [`Slot::parse_name`]).
impl FromStr for Slot {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Slot::parse_name(s).map(|(slot, _)| slot)
    }
}

impl SlotKind {
    /// The prefix of the case's ids for items of this kind.
    pub fn short(self) -> &'static str {
        match self {
            SlotKind::Location => "loc",
            SlotKind::Suspect => "suspect",
            SlotKind::Evidence => "ev",
        }
    }
}

impl Slot {
    /// Reads a name a person typed: `loc-1`, `suspect-1`, `ev-8` (counted from 1, the case's ids), or the
    /// names of earlier releases, counted from 0: `location-0`, `evidence-7` and `suspect-0`. Says
    /// whether the name was an old one (`suspect-1` and `suspect-2` are read the new way: the page's
    /// Suspect 1 and 2).
    pub fn parse_name(s: &str) -> Result<(Slot, bool), String> {
        let bad = || format!("{s:?} is not a slot: use the case's ids, e.g. loc-1, suspect-1, ev-8");
        let (kind, number) = s.rsplit_once('-').ok_or_else(bad)?;
        let number: usize = number.parse().map_err(|_| bad())?;
        let (kind, index, old) = match (kind, number) {
            ("loc", n @ 1..) => (SlotKind::Location, n - 1, false),
            ("suspect", n @ 1..) => (SlotKind::Suspect, n - 1, false),
            ("ev", n @ 1..) => (SlotKind::Evidence, n - 1, false),
            ("location", n) => (SlotKind::Location, n, true),
            ("evidence", n) => (SlotKind::Evidence, n, true),
            ("suspect", 0) => (SlotKind::Suspect, 0, true),
            _ => return Err(bad()),
        };
        Ok((Slot { kind, index }, old))
    }

    /// The slot's stored key, counted from 0 (`suspect-0`): the form kept in stored records (a batch's
    /// slots, the ledger), which never changes meaning.
    pub fn key(&self) -> String {
        format!("{}-{}", self.kind, self.index)
    }

    /// Reads a stored key (`key`).
    pub fn from_key(s: &str) -> Option<Slot> {
        let (kind, index) = s.rsplit_once('-')?;
        Some(Slot {
            kind: kind.parse().ok()?,
            index: index.parse().ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(kind: SlotKind, index: usize) -> Slot {
        Slot { kind, index }
    }

    #[test]
    fn a_slot_is_named_as_the_case_page_counts_and_old_names_still_read() {
        assert_eq!(slot(SlotKind::Location, 0).to_string(), "loc-1");
        assert_eq!(slot(SlotKind::Suspect, 0).to_string(), "suspect-1");
        assert_eq!(slot(SlotKind::Evidence, 7).to_string(), "ev-8");
        for s in [
            slot(SlotKind::Location, 3),
            slot(SlotKind::Suspect, 2),
            slot(SlotKind::Evidence, 0),
        ] {
            assert_eq!(Slot::parse_name(&s.to_string()), Ok((s, false)));
            assert_eq!(Slot::from_key(&s.key()), Some(s));
        }
        assert_eq!(Slot::parse_name("location-0"), Ok((slot(SlotKind::Location, 0), true)));
        assert_eq!(Slot::parse_name("evidence-7"), Ok((slot(SlotKind::Evidence, 7), true)));
        assert_eq!(Slot::parse_name("suspect-0"), Ok((slot(SlotKind::Suspect, 0), true)));
        // The page's Suspect 2, as the new numbering reads it.
        assert_eq!(Slot::parse_name("suspect-2"), Ok((slot(SlotKind::Suspect, 1), false)));
        for bad in ["loc-0", "ev-0", "mugshot-1", "suspect", "loc-x", ""] {
            assert!(Slot::parse_name(bad).is_err(), "{bad}");
        }
        assert_eq!(slot(SlotKind::Suspect, 0).key(), "suspect-0");
    }
}
