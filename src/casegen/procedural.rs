//! The procedural case generator (to be written).
