//! How many provider calls one job's slots may have in flight: additive increase, multiplicative
//! decrease, as TCP paces itself. A throttled answer (429) halves the limit; each picture that comes back
//! adds about one call per round of calls, up to the configured concurrency.

use std::sync::Mutex;

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::scheduler::JobError;

pub struct CallGate {
    state: Mutex<GateState>,
    changed: Notify,
    max: f64,
}

struct GateState {
    /// Calls allowed in flight (at least 1, at most `max`); fractional so increases can be gradual.
    limit: f64,
    in_flight: usize,
}

/// One call's place in the gate, given back when dropped.
pub struct CallPermit<'a>(&'a CallGate);

impl CallGate {
    pub fn new(max: usize) -> Self {
        let max = max.max(1) as f64;
        CallGate {
            state: Mutex::new(GateState {
                limit: max,
                in_flight: 0,
            }),
            changed: Notify::new(),
            max,
        }
    }

    /// Waits for a place under the current limit, or for `cancel`.
    pub async fn acquire(&self, cancel: &CancellationToken) -> Result<CallPermit<'_>, JobError> {
        loop {
            // Registered before the check, so a place freed in between still wakes this waiter.
            let freed = self.changed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            if self.with_state(|s| {
                let open = s.in_flight < s.limit.floor().max(1.0) as usize;
                if open {
                    s.in_flight += 1;
                }
                open
            }) {
                return Ok(CallPermit(self));
            }
            tokio::select! {
                _ = &mut freed => {}
                _ = cancel.cancelled() => {
                    return Err(JobError::Interrupted("stopped while waiting for a call slot".into()));
                }
            }
        }
    }

    /// A throttled answer: halve the calls in flight.
    pub fn on_throttle(&self) {
        self.with_state(|s| s.limit = (s.limit / 2.0).max(1.0));
    }

    /// A picture came back: grow by about one call per round of calls.
    pub fn on_success(&self) {
        self.with_state(|s| s.limit = (s.limit + 1.0 / s.limit).min(self.max));
        self.changed.notify_waiters();
    }

    /// The calls allowed in flight now.
    #[cfg(test)]
    fn limit(&self) -> usize {
        self.with_state(|s| s.limit.floor().max(1.0) as usize)
    }

    fn with_state<T>(&self, f: impl FnOnce(&mut GateState) -> T) -> T {
        // The state stays consistent through a panic elsewhere: take it back from a poisoned lock.
        let mut guard = self.state.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }
}

impl Drop for CallPermit<'_> {
    fn drop(&mut self) {
        self.0.with_state(|s| s.in_flight = s.in_flight.saturating_sub(1));
        self.0.changed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn throttling_halves_the_calls_in_flight_and_successes_grow_them_back_one_at_a_time() {
        let gate = CallGate::new(8);
        assert_eq!(gate.limit(), 8);
        gate.on_throttle();
        assert_eq!(gate.limit(), 4);
        for _ in 0..5 {
            gate.on_throttle();
        }
        assert_eq!(gate.limit(), 1, "never below one");
        // From 1, about `limit` successes add one.
        let mut successes = 0;
        while gate.limit() < 4 {
            gate.on_success();
            successes += 1;
        }
        assert!((4..=7).contains(&successes), "{successes}");
        for _ in 0..100 {
            gate.on_success();
        }
        assert_eq!(gate.limit(), 8, "never above the configured concurrency");
    }

    #[tokio::test]
    async fn a_call_waits_for_a_place_and_a_cancel_ends_the_wait() {
        let gate = CallGate::new(2);
        gate.on_throttle();
        let cancel = CancellationToken::new();
        let first = gate.acquire(&cancel).await.unwrap();
        let second = tokio::time::timeout(std::time::Duration::from_millis(50), gate.acquire(&cancel)).await;
        assert!(second.is_err(), "the limit is one call");
        drop(first);
        let again = tokio::time::timeout(std::time::Duration::from_millis(50), gate.acquire(&cancel)).await;
        assert!(again.is_ok(), "a freed place is taken");
        drop(again);
        let held = gate.acquire(&cancel).await.unwrap();
        cancel.cancel();
        assert!(matches!(gate.acquire(&cancel).await, Err(JobError::Interrupted(_))));
        drop(held);
    }
}
