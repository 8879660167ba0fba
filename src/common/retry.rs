//! The one shape of every retry loop in the house: try, let the try say what its failure means, wait
//! (the server's delay or the backoff) unless a stop comes first, try again, and give up after the
//! attempts. The slot painter, the image-store write and the Gemini case writer all run through
//! [`retry`]; only the meaning of a failure differs, and that is the caller's closure.
//!
//! (Jobs retried across runs are the scheduler's business: that backoff lives in the queue, durable,
//! not in a loop in memory.)

use std::future::Future;
use std::time::Duration;

use rand::Rng;
use tokio_util::sync::CancellationToken;

use super::Backoff;

/// How many tries, and how long between them.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Tries in all, the first included (at least one is made).
    pub attempts: u32,
    pub backoff: Backoff,
}

/// What one try came to: `E` stops the loop, `R` is a failure worth another try (the same type
/// unless the caller tells them apart).
pub enum Verdict<'a, T, E, R = E> {
    Done(T),
    /// No other try would help: give up now with this error.
    Stop(E),
    /// Try again: after the server's delay when it named one, else after the backoff. `free` tries
    /// spend no attempt. `hold` is kept through the wait and dropped before the next try: the painter
    /// keeps its place in the provider gate while it waits.
    Again {
        error: R,
        server_delay: Option<Duration>,
        free: bool,
        hold: Option<Box<dyn Send + 'a>>,
    },
}

impl<'a, T, E, R> Verdict<'a, T, E, R> {
    /// Try again after the backoff; the failure spends an attempt.
    pub fn again(error: R) -> Self {
        Verdict::Again {
            error,
            server_delay: None,
            free: false,
            hold: None,
        }
    }

    /// Try again after the server's delay, without spending an attempt.
    pub fn after(error: R, delay: Duration) -> Self {
        Verdict::Again {
            error,
            server_delay: Some(delay),
            free: true,
            hold: None,
        }
    }

    /// Waits the server's delay, if it named one, instead of the backoff (the attempt is still spent).
    pub fn waiting(mut self, delay: Option<Duration>) -> Self {
        if let Verdict::Again { server_delay, .. } = &mut self {
            *server_delay = delay.or(*server_delay);
        }
        self
    }

    /// The same verdict with its result mapped.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Verdict<'a, U, E, R> {
        match self {
            Verdict::Done(value) => Verdict::Done(f(value)),
            Verdict::Stop(error) => Verdict::Stop(error),
            Verdict::Again {
                error,
                server_delay,
                free,
                hold,
            } => Verdict::Again {
                error,
                server_delay,
                free,
                hold,
            },
        }
    }

    /// Keeps `guard` alive through the wait that follows this verdict.
    pub fn holding(mut self, guard: impl Send + 'a) -> Self {
        if let Verdict::Again { hold, .. } = &mut self {
            *hold = Some(Box::new(guard));
        }
        self
    }
}

/// Why the loop ended without a result.
#[derive(Debug, PartialEq)]
pub enum Ended<E, R = E> {
    /// A try said no other would help.
    Stopped(E),
    /// Every attempt failed; `error` is the last failure.
    Exhausted { error: R, attempts: u32 },
    /// The cancel token fired during a wait.
    Cancelled,
}

/// Runs `try_once(attempt)` (attempt from 1) until it is done, stops, runs out of attempts or the
/// token is cancelled while waiting. A try itself is not interrupted here: a caller whose try can take
/// long selects on the token inside it.
pub async fn retry<'a, T, E, R, F, Fut>(
    policy: Policy,
    cancel: &CancellationToken,
    mut try_once: F,
) -> Result<T, Ended<E, R>>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Verdict<'a, T, E, R>>,
{
    let attempts = policy.attempts.max(1);
    let mut spent = 0;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let (error, server_delay, free, hold) = match try_once(attempt).await {
            Verdict::Done(value) => return Ok(value),
            Verdict::Stop(error) => return Err(Ended::Stopped(error)),
            Verdict::Again {
                error,
                server_delay,
                free,
                hold,
            } => (error, server_delay, free, hold),
        };
        if !free {
            spent += 1;
            if spent >= attempts {
                return Err(Ended::Exhausted { error, attempts: spent });
            }
        }
        let wait = match server_delay {
            Some(delay) => with_jitter(delay),
            None => policy.backoff.delay(spent.max(1)),
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = cancel.cancelled() => return Err(Ended::Cancelled),
        }
        drop(hold);
    }
}

/// The server's delay plus up to a tenth more, so callers told the same delay do not come back
/// together.
pub fn with_jitter(delay: Duration) -> Duration {
    let jitter = (delay.as_millis() as u64 / 10).max(1);
    delay + Duration::from_millis(rand::rng().random_range(0..=jitter))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    fn quick(attempts: u32) -> Policy {
        Policy {
            attempts,
            backoff: Backoff::new(Duration::from_millis(1), Duration::from_millis(2)),
        }
    }

    #[tokio::test]
    async fn a_failure_spends_an_attempt_and_the_last_error_is_kept() {
        let calls = AtomicU32::new(0);
        let ended = retry(quick(3), &CancellationToken::new(), |attempt| {
            calls.fetch_add(1, Ordering::SeqCst);
            async move { Verdict::<(), _>::again(format!("fail {attempt}")) }
        })
        .await;
        assert_eq!(
            ended,
            Err(Ended::Exhausted {
                error: "fail 3".to_string(),
                attempts: 3
            })
        );
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_server_delay_spends_no_attempt_and_a_stop_ends_at_once() {
        let ended = retry(quick(2), &CancellationToken::new(), |attempt| async move {
            match attempt {
                1..=4 => Verdict::after("busy", Duration::from_millis(1)),
                5 => Verdict::again("glitch"),
                6 => Verdict::Done(attempt),
                _ => Verdict::Stop("unreachable"),
            }
        })
        .await;
        assert_eq!(ended, Ok(6));
        let counted = retry(quick(2), &CancellationToken::new(), |_| async {
            Verdict::<(), _>::again("busy").waiting(Some(Duration::from_millis(1)))
        })
        .await;
        assert_eq!(
            counted,
            Err(Ended::Exhausted {
                error: "busy",
                attempts: 2
            })
        );
        let stopped = retry(quick(5), &CancellationToken::new(), |_| async {
            Verdict::<(), _>::Stop("no")
        })
        .await;
        assert_eq!(stopped, Err(Ended::Stopped("no")));
    }

    #[tokio::test]
    async fn a_cancel_ends_the_wait_and_the_hold_lives_through_it() {
        let cancel = CancellationToken::new();
        let held = Arc::new(());
        let policy = Policy {
            attempts: 5,
            backoff: Backoff::new(Duration::from_secs(60), Duration::from_secs(60)),
        };
        let watcher = held.clone();
        let canceller = cancel.clone();
        let check = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            // The try's guard is still alive during the wait.
            let during = Arc::strong_count(&watcher);
            canceller.cancel();
            during
        });
        let ended = retry(policy, &cancel, |_| {
            let guard = held.clone();
            async move { Verdict::<(), _>::again("down").holding(guard) }
        })
        .await;
        assert_eq!(ended, Err(Ended::Cancelled));
        assert_eq!(check.await.unwrap(), 3, "the held guard, the test's and the watcher's");
        assert_eq!(Arc::strong_count(&held), 1, "the guard is dropped once the loop ends");
    }
}
