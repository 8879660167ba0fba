//! Armchair Sleuths case engine: cases, a durable scheduler and the resumable image pipeline.

pub mod casegen;
pub mod domain;
pub mod providers;
