//! What the fault benchmarks share.

use std::sync::atomic::{AtomicU64, Ordering};

/// A seeded xorshift draw in [0, 1), so a benchmark's faults repeat from run to run.
pub struct Draws(AtomicU64);

impl Default for Draws {
    fn default() -> Self {
        Draws(AtomicU64::new(0x9e37_79b9_7f4a_7c15))
    }
}

impl Draws {
    pub fn next(&self) -> f64 {
        let mut x = self.0.load(Ordering::Relaxed);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0.store(x, Ordering::Relaxed);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}
