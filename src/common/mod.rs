//! Plain types every layer shares, at the bottom of the house: durations as written in configuration,
//! the retry backoff and the one retry loop, and secrets that never print. Depends on nothing of ours.

pub mod backoff;
pub mod duration;
pub mod retry;
pub mod secret;
pub mod trace;

pub use backoff::Backoff;
pub use secret::Secret;
