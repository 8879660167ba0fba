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

impl fmt::Display for Slot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.kind, self.index)
    }
}

/// `suspect-1`, as `Display` writes it.
impl FromStr for Slot {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("{s:?} is not a slot: use KIND-INDEX, e.g. location-0, suspect-1, evidence-7");
        let (kind, index) = s.rsplit_once('-').ok_or_else(bad)?;
        let kind: SlotKind = kind.parse().map_err(|_| bad())?;
        let index = index.parse().map_err(|_| bad())?;
        Ok(Slot { kind, index })
    }
}
