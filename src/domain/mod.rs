//! The game's data: cases and their slots (the `case-model` crate), jobs, the image-generation status
//! record and the spend ledger. Imports nothing of ours but the case model.

pub mod date;
pub mod job;
pub mod spend;
pub mod status;

pub use case_model::{
    Case, CaseCounts, CaseError, CaseRequest, Evidence, Location, Slot, SlotKind, Solution, Suspect, Victim, Weapon,
};
pub use date::{DateError, parse_case_date};
pub use job::{JobRecord, JobState, MAX_CRASHES, NewJob, Schedule};
pub use spend::{Charge, DaySpend, Reservation, Settle, SpendRow, Usage};
pub use status::{BatchRecord, ImageStatus, Images, Progress, SlotError, SlotOutcome, StatusState, Throttled};
