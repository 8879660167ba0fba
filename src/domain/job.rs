//! Job and schedule records: what the scheduler keeps about each piece of background work.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    /// Waiting for `run_at` (a new job, or one waiting out its backoff).
    Queued,
    /// Held by a worker under a lease.
    Running,
    Completed,
    /// Out of attempts or failed permanently; kept for inspection and manual retry.
    Failed,
    Cancelled,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Completed => "completed",
            JobState::Failed => "failed",
            JobState::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "queued" => JobState::Queued,
            "running" => JobState::Running,
            "completed" => JobState::Completed,
            "failed" => JobState::Failed,
            "cancelled" => JobState::Cancelled,
            _ => return None,
        })
    }

    /// Queued or running: the states in which an idempotency key is taken.
    pub fn is_active(self) -> bool {
        matches!(self, JobState::Queued | JobState::Running)
    }
}

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewJob {
    pub name: String,
    pub data: serde_json::Value,
    /// Unix ms; now when absent.
    pub run_at: i64,
    /// Caller-chosen idempotency key: while a job with this key is queued or running, enqueueing
    /// another returns the existing one.
    pub key: Option<String>,
    pub max_attempts: u32,
    /// The cron schedule and occurrence (Unix ms) that fired this job, if any.
    pub schedule_id: Option<String>,
    pub occurrence: Option<i64>,
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobRecord {
    pub id: String,
    pub name: String,
    pub data: serde_json::Value,
    pub state: JobState,
    pub key: Option<String>,
    /// Attempts started so far (each claim is one).
    pub attempts: u32,
    pub max_attempts: u32,
    pub run_at: i64,
    pub lease_expires_at: Option<i64>,
    pub worker: Option<String>,
    pub last_error: Option<String>,
    pub schedule_id: Option<String>,
    pub occurrence: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
}

/// A recurring job registered with a cron expression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    pub id: String,
    pub name: String,
    pub data: serde_json::Value,
    pub cron: String,
    pub max_attempts: u32,
    pub created_at: i64,
    /// The last occurrence (Unix ms) that fired or was deliberately skipped.
    pub last_fired: Option<i64>,
}
