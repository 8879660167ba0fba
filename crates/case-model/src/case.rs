//! The case model and its validation.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::slot::{Slot, SlotKind};

/// A whole case, stored as one JSON document under `case:{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Case {
    pub id: String,
    /// UTC date, `YYYY-MM-DD`.
    pub date: String,
    pub title: String,
    /// Unix ms.
    pub created_at: i64,
    pub victim: Victim,
    pub weapon: Weapon,
    pub locations: Vec<Location>,
    pub suspects: Vec<Suspect>,
    pub evidence: Vec<Evidence>,
    pub solution: Solution,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Victim {
    pub name: String,
    pub age: u32,
    pub occupation: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Weapon {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Suspect {
    pub id: String,
    pub name: String,
    pub age: u32,
    pub gender: String,
    pub occupation: String,
    pub appearance: String,
    pub background: String,
    pub alibi: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_image_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub id: String,
    pub name: String,
    pub description: String,
    /// The id of the location where it was found.
    pub found_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
}

/// The hidden answer. Never sent through a player-facing route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Solution {
    pub culprit_id: String,
    pub motive: String,
    pub method: String,
    pub explanation: String,
    /// Ids of the evidence items that point at the culprit.
    pub key_evidence: Vec<String>,
}

/// Why a case is not a valid case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("duplicate id {0:?}")]
    DuplicateId(String),
    #[error("empty id in {0}")]
    EmptyId(&'static str),
    #[error("culpritId {0:?} names no suspect")]
    UnknownCulprit(String),
    #[error("evidence {evidence:?} is foundAt {location:?}, which is not a location of the case")]
    UnknownLocation { evidence: String, location: String },
    #[error("keyEvidence {0:?} names no evidence item")]
    UnknownKeyEvidence(String),
    #[error("keyEvidence names {0} distinct evidence items; at least 2 are needed")]
    TooFewKeyEvidence(usize),
    #[error("a case needs at least one {0}")]
    Empty(&'static str),
}

impl Case {
    /// Checks the rules of a case: unique ids, a real culprit, real `foundAt` locations, ≥ 2 key evidence items.
    pub fn validate(&self) -> Result<(), CaseError> {
        if self.locations.is_empty() {
            return Err(CaseError::Empty("location"));
        }
        if self.suspects.is_empty() {
            return Err(CaseError::Empty("suspect"));
        }
        let mut ids = HashSet::new();
        let all = self
            .locations
            .iter()
            .map(|l| ("location", &l.id))
            .chain(self.suspects.iter().map(|s| ("suspect", &s.id)))
            .chain(self.evidence.iter().map(|e| ("evidence", &e.id)));
        for (kind, id) in all {
            if id.trim().is_empty() {
                return Err(CaseError::EmptyId(kind));
            }
            if !ids.insert(id.as_str()) {
                return Err(CaseError::DuplicateId(id.clone()));
            }
        }
        if !self.suspects.iter().any(|s| s.id == self.solution.culprit_id) {
            return Err(CaseError::UnknownCulprit(self.solution.culprit_id.clone()));
        }
        for e in &self.evidence {
            if !self.locations.iter().any(|l| l.id == e.found_at) {
                return Err(CaseError::UnknownLocation {
                    evidence: e.id.clone(),
                    location: e.found_at.clone(),
                });
            }
        }
        let mut keys = HashSet::new();
        for k in &self.solution.key_evidence {
            if !self.evidence.iter().any(|e| &e.id == k) {
                return Err(CaseError::UnknownKeyEvidence(k.clone()));
            }
            keys.insert(k.as_str());
        }
        if keys.len() < 2 {
            return Err(CaseError::TooFewKeyEvidence(keys.len()));
        }
        Ok(())
    }

    /// Every picture slot of the case, in priority order: locations, suspects, evidence.
    pub fn slots(&self) -> Vec<Slot> {
        let counts = [
            (SlotKind::Location, self.locations.len()),
            (SlotKind::Suspect, self.suspects.len()),
            (SlotKind::Evidence, self.evidence.len()),
        ];
        counts
            .into_iter()
            .flat_map(|(kind, n)| (0..n).map(move |index| Slot { kind, index }))
            .collect()
    }

    /// The image URL currently set on a slot, if any.
    pub fn image_url(&self, slot: Slot) -> Option<&str> {
        match slot.kind {
            SlotKind::Location => self.locations.get(slot.index)?.image_url.as_deref(),
            SlotKind::Suspect => self.suspects.get(slot.index)?.profile_image_url.as_deref(),
            SlotKind::Evidence => self.evidence.get(slot.index)?.image_url.as_deref(),
        }
    }

    /// Sets (or clears) the image URL of a slot. Returns false when the slot does not exist.
    pub fn set_image_url(&mut self, slot: Slot, url: Option<String>) -> bool {
        let target = match slot.kind {
            SlotKind::Location => self.locations.get_mut(slot.index).map(|l| &mut l.image_url),
            SlotKind::Suspect => self.suspects.get_mut(slot.index).map(|s| &mut s.profile_image_url),
            SlotKind::Evidence => self.evidence.get_mut(slot.index).map(|e| &mut e.image_url),
        };
        match target {
            Some(t) => {
                *t = url;
                true
            }
            None => false,
        }
    }

    /// The case as players may see it: everything but the solution.
    pub fn public_view(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let Some(o) = v.as_object_mut() {
            o.remove("solution");
        }
        v
    }
}
