//! Procedural noir art (to be written).
