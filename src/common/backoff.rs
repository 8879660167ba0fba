//! Exponential backoff with full jitter.

use std::time::Duration;

use rand::Rng;

/// `base · 2^(attempt-1)`, capped, then a random point in its upper half ("equal jitter"), so retries
/// spread out but never come back sooner than half the nominal delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Backoff {
    #[serde(with = "crate::common::duration")]
    pub base: Duration,
    #[serde(with = "crate::common::duration")]
    pub cap: Duration,
}

impl Backoff {
    pub const fn new(base: Duration, cap: Duration) -> Self {
        Backoff { base, cap }
    }

    /// The nominal delay after the `attempt`-th failure (1-based), before jitter.
    pub fn nominal(&self, attempt: u32) -> Duration {
        let factor = 1u64.checked_shl(attempt.saturating_sub(1).min(32)).unwrap_or(u64::MAX);
        let ms = (self.base.as_millis() as u64).saturating_mul(factor);
        Duration::from_millis(ms).min(self.cap)
    }

    /// The delay to wait after the `attempt`-th failure, with jitter.
    pub fn delay(&self, attempt: u32) -> Duration {
        let nominal = self.nominal(attempt).as_millis() as u64;
        let half = nominal / 2;
        Duration::from_millis(half + rand::rng().random_range(0..=nominal - half))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_until_the_cap_and_jitter_stays_in_the_upper_half() {
        let b = Backoff::new(Duration::from_secs(2), Duration::from_secs(60));
        assert_eq!(b.nominal(1), Duration::from_secs(2));
        assert_eq!(b.nominal(2), Duration::from_secs(4));
        assert_eq!(b.nominal(5), Duration::from_secs(32));
        assert_eq!(b.nominal(6), Duration::from_secs(60));
        assert_eq!(b.nominal(200), Duration::from_secs(60));
        for attempt in 1..10 {
            for _ in 0..50 {
                let d = b.delay(attempt);
                assert!(
                    d <= b.nominal(attempt) && d >= b.nominal(attempt) / 2,
                    "{d:?} for attempt {attempt}"
                );
            }
        }
    }
}
