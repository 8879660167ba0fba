//! The case (victim, weapon, locations, suspects, evidence, solution), its picture slots and
//! its validation: plain types every part of the engine shares, with nothing of the service in them.

mod case;
mod slot;

pub use case::{Case, CaseError, Evidence, Location, Solution, Suspect, Victim, Weapon};
pub use slot::{Slot, SlotKind};

/// How many of each thing a case holds. Defaults: 4 locations, 3 suspects, 8 evidence items (15 pictures).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseCounts {
    pub locations: usize,
    pub suspects: usize,
    pub evidence: usize,
}

impl Default for CaseCounts {
    fn default() -> Self {
        CaseCounts {
            locations: 4,
            suspects: 3,
            evidence: 8,
        }
    }
}

/// What a case writer is asked to write.
#[derive(Debug, Clone)]
pub struct CaseRequest {
    /// The case id to give the case (`case-YYYY-MM-DD` for a daily case).
    pub id: String,
    /// UTC date, `YYYY-MM-DD`.
    pub date: String,
    /// Everything random about the case derives from this seed (for daily cases: the day number).
    pub seed: u64,
    pub counts: CaseCounts,
    /// Unix ms.
    pub created_at: i64,
}
