//! The game's data: cases, image slots and the image-generation status record. Imports nothing of ours.

pub mod case;
pub mod job;
pub mod slot;
pub mod status;

pub use case::{Case, CaseError, Evidence, Location, Solution, Suspect, Victim, Weapon};
pub use job::{JobRecord, JobState, MAX_CRASHES, NewJob, Schedule};
pub use slot::{Slot, SlotKind};
pub use status::{ImageStatus, Images, Progress, SlotError, SlotOutcome, StatusState};
