//! The game's data: cases and their slots (the `case-model` crate), jobs and the image-generation status
//! record. Imports nothing of ours but the case model.

pub mod job;
pub mod status;

pub use case_model::{
    Case, CaseCounts, CaseError, CaseRequest, Evidence, Location, Slot, SlotKind, Solution, Suspect, Victim, Weapon,
};
pub use job::{JobRecord, JobState, MAX_CRASHES, NewJob, Schedule};
pub use status::{ImageStatus, Images, Progress, SlotError, SlotOutcome, StatusState};
