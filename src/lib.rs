//! Armchair Sleuths case engine: cases, a durable scheduler and the resumable image pipeline.

pub mod app;
pub mod casegen;
pub mod cli;
pub mod clock;
pub mod common;
pub mod config;
pub mod domain;
pub mod http;
pub mod ids;
pub mod images;
pub mod metrics;
pub mod pipeline;
pub mod providers;
pub mod scheduler;
pub mod store;
