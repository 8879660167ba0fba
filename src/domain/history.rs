//! A job's history: what happened to it, in order, kept beside it and dropped with it. Each event is
//! written in the same store step as the change it describes where there is one (a claim, a slot's
//! record, the attempt's end); events with no step of their own (a wait, a call that led to another try)
//! wait in the attempt's `Journal` and go with the next step.

use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::{FallbackCause, JobState, PauseKind};

/// Events past this many are dropped oldest first, and the history counts them (`dropped`).
pub const HISTORY_LIMIT: usize = 5000;

/// Who put a job in the queue, or cancelled it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The HTTP API without a moderator's token (a player-facing route), or a caller that did not say.
    #[default]
    Api,
    /// A moderator: the dashboard or an `/internal` route with the token.
    Moderator,
    /// The command line.
    Cli,
    /// A cron schedule's occurrence.
    Cron,
    /// Another job (the daily job queues its case's pictures).
    Job,
}

/// One thing that happened to a job, at `at` (Unix ms).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEvent {
    pub at: i64,
    #[serde(flatten)]
    pub what: Event,
}

/// What happened. Slots are named as the case page counts them (`suspect-1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Event {
    Queued {
        by: Origin,
    },
    /// A worker took the job under a lease; `takeover_from` names the worker whose lease ran out.
    Claimed {
        worker: String,
        attempt: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        takeover_from: Option<String>,
    },
    /// One provider call, from `started_at` to `at`.
    Call(CallEvent),
    /// A wait before a call (the shared rate limit, the call gate, a budget hold refused).
    Wait {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        slot: Option<String>,
        reason: WaitReason,
        started_at: i64,
        ms: u64,
    },
    /// A slot's picture was stored (or its final error recorded: `source` is `None`).
    Slot {
        slot: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fallback: Option<FallbackCause>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    /// The attempt ended in a pause: the job runs again at `until` without spending an attempt.
    Paused {
        kind: PauseKind,
        until: i64,
        reason: String,
    },
    /// The attempt failed and the job runs again at `until`, or it was handed back by a stopping worker.
    Retrying {
        until: i64,
        error: String,
    },
    /// The worker lost its lease (another worker may take the job over).
    LeaseLost {
        worker: String,
    },
    BatchSubmitted {
        batch: String,
        requests: usize,
    },
    BatchPolled {
        batch: String,
        state: String,
    },
    Cancelled {
        by: Origin,
    },
    /// The job's end: completed or failed.
    Ended {
        state: JobState,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
}

/// A provider call as the history keeps it: never the prompt, never a key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallEvent {
    pub slot: String,
    pub provider: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    pub started_at: i64,
    pub latency_ms: u64,
    pub outcome: CallOutcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_usd: Option<f64>,
    /// The delay a 429 asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CallOutcome {
    Painted,
    Refused,
    /// A 400 other than a refusal: final for the slot.
    Rejected,
    /// A 429.
    Throttled,
    /// A 5xx, a timeout, a bad answer: tried again.
    Transient,
    /// The key or the model was rejected, or the quota is spent: the job stops or pauses.
    Stopped,
    /// Cancelled, or the lease was lost, while the call was in flight.
    Abandoned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WaitReason {
    RateLimit,
    Gate,
    Budget,
}

/// A job's history as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct History {
    pub job_id: String,
    pub name: String,
    /// Events dropped, oldest first, past `HISTORY_LIMIT`.
    pub dropped: u64,
    pub events: Vec<HistoryEvent>,
}

/// Events an attempt of job `job_id` gathered that no store step has written yet. Cloned handles share
/// one list.
#[derive(Debug, Clone, Default)]
pub struct Journal {
    job_id: Arc<str>,
    held: Arc<Mutex<Vec<HistoryEvent>>>,
}

impl Journal {
    pub fn new(job_id: &str) -> Self {
        Journal {
            job_id: job_id.into(),
            held: Default::default(),
        }
    }

    pub fn push(&self, at: i64, what: Event) {
        self.lock().push(HistoryEvent { at, what });
    }

    /// What is waiting and `more`, for the job's history, to go with a store step (`take` them first).
    pub fn with(&self, mut events: Vec<HistoryEvent>, more: impl IntoIterator<Item = HistoryEvent>) -> JobEvents {
        events.extend(more);
        JobEvents {
            job_id: self.job_id.to_string(),
            events,
        }
    }

    /// Takes what is waiting, to be written with a store step.
    pub fn take(&self) -> Vec<HistoryEvent> {
        std::mem::take(&mut *self.lock())
    }

    /// Puts events back in front after the step that was to write them failed.
    pub fn restore(&self, mut events: Vec<HistoryEvent>) {
        let mut held = self.lock();
        events.append(&mut held);
        *held = events;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<HistoryEvent>> {
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The events a case's records carry to the store with a change, for one job's history.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JobEvents {
    pub job_id: String,
    pub events: Vec<HistoryEvent>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_read_as_the_http_document_says() {
        let claimed = HistoryEvent {
            at: 5,
            what: Event::Claimed {
                worker: "w2".into(),
                attempt: 1,
                takeover_from: Some("w1".into()),
            },
        };
        let json = serde_json::to_value(&claimed).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"at": 5, "type": "claimed", "worker": "w2", "attempt": 1, "takeoverFrom": "w1"})
        );
        assert_eq!(serde_json::from_value::<HistoryEvent>(json).unwrap(), claimed);
        let wait = HistoryEvent {
            at: 9,
            what: Event::Wait {
                slot: Some("ev-2".into()),
                reason: WaitReason::RateLimit,
                started_at: 4,
                ms: 5,
            },
        };
        assert_eq!(
            serde_json::to_value(&wait).unwrap(),
            serde_json::json!({"at": 9, "type": "wait", "slot": "ev-2", "reason": "rate-limit", "startedAt": 4, "ms": 5})
        );
    }

    #[test]
    fn a_journal_gives_back_what_a_failed_step_did_not_write_in_order() {
        let j = Journal::default();
        j.push(1, Event::Queued { by: Origin::Cli });
        let taken = j.take();
        j.push(2, Event::Queued { by: Origin::Cron });
        j.restore(taken);
        let at: Vec<i64> = j.take().iter().map(|e| e.at).collect();
        assert_eq!(at, [1, 2]);
    }
}
