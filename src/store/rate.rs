//! The generic cell rate algorithm (GCRA): one request per `interval`, with bursts of up to `burst`.
//! SQLite keeps the buckets in a table and Redis runs the same rule in Lua (`rate_limit` in scripts.lua),
//! so every process on the store shares them.

/// A request rate: at most `per_minute` requests a minute, `burst` of them back to back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rate {
    pub per_minute: u32,
    pub burst: u32,
}

impl Rate {
    /// Milliseconds between requests at the steady rate (fractional: 600/min is 100 ms).
    pub fn interval_ms(&self) -> f64 {
        60_000.0 / self.per_minute.max(1) as f64
    }
}

/// Given the bucket's theoretical arrival time `tat` (None for a fresh bucket), decides at `now`:
/// `Ok(new_tat)` to go now, or `Err(wait_ms)` to come back later.
pub fn gcra(tat: Option<f64>, now: f64, rate: Rate) -> Result<f64, f64> {
    let interval = rate.interval_ms();
    let tat = tat.unwrap_or(now).max(now);
    let allow_at = tat - interval * (rate.burst.max(1) - 1) as f64;
    if now < allow_at {
        Err(allow_at - now)
    } else {
        Ok(tat + interval)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_goes_at_once_then_requests_are_spaced_by_the_interval() {
        let rate = Rate {
            per_minute: 600,
            burst: 3,
        };
        let mut tat = None;
        for _ in 0..3 {
            tat = Some(gcra(tat, 0.0, rate).expect("within the burst"));
        }
        assert_eq!(gcra(tat, 0.0, rate), Err(100.0));
        assert!(gcra(tat, 100.0, rate).is_ok());
    }

    #[test]
    fn no_window_of_one_second_sees_more_than_the_rate_plus_the_burst() {
        let rate = Rate {
            per_minute: 120,
            burst: 1,
        };
        let (mut tat, mut sent) = (None, Vec::new());
        let mut now = 0.0;
        while now < 10_000.0 {
            match gcra(tat, now, rate) {
                Ok(t) => {
                    tat = Some(t);
                    sent.push(now);
                }
                Err(wait) => now += wait,
            }
        }
        for (i, start) in sent.iter().enumerate() {
            let in_window = sent[i..].iter().take_while(|t| **t < start + 1000.0).count();
            assert!(in_window <= 2, "{in_window} requests in the second from {start}");
        }
    }
}
