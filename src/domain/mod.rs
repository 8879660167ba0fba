//! The game's data: cases and their slots (the `case-model` crate), jobs, the image-generation status
//! record and the spend ledger. Imports nothing of ours but the case model.

pub mod date;
pub mod history;
pub mod job;
pub mod spend;
pub mod status;

pub use case_model::{
    Case, CaseCounts, CaseError, CaseRequest, Evidence, Location, Slot, SlotKind, Solution, Suspect, Victim, Weapon,
};
pub use date::{DateError, parse_case_date};
pub use job::{JobRecord, JobState, MAX_CRASHES, NewJob, PauseKind, Schedule};
pub use spend::{Charge, DaySpend, Reservation, Settle, SpendRow, Usage};
pub use status::{
    BatchRecord, Fallback, FallbackCause, ImageStatus, Images, Progress, SlotError, SlotOutcome, StatusState, Throttled,
};

/// The note for slot names given the old way (counted from 0), if any were: `location-0 is now loc-1`.
/// The API answers it and the CLI prints it, so people move to the names the case page shows.
pub fn old_slot_names_note<'a>(named: impl IntoIterator<Item = (&'a str, Slot, bool)>) -> Option<String> {
    let old: Vec<String> = named
        .into_iter()
        .filter(|(_, _, old)| *old)
        .map(|(name, slot, _)| format!("{name} is now {slot}"))
        .collect();
    (!old.is_empty()).then(|| {
        format!(
            "slot names counted from 0 are deprecated; name slots as the case page counts them ({})",
            old.join(", ")
        )
    })
}
