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

/// Why a job waits in the queue without spending an attempt: stored with the job as a field, so what
/// wakes paused jobs (a raised budget) selects them by it, never by the words of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PauseKind {
    /// The daily budget is spent: until the next UTC day, or until a moderator raises it.
    Budget,
    /// The provider's quota is spent until it resets (a per-day quota, a long server delay).
    Quota,
    /// A batch painting the case ahead is still running: poll it again then.
    BatchPoll,
    /// Pictures met only transient errors: a later run paints them.
    TransientRerun,
}

impl PauseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PauseKind::Budget => "budget",
            PauseKind::Quota => "quota",
            PauseKind::BatchPoll => "batch-poll",
            PauseKind::TransientRerun => "transient-rerun",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "budget" => PauseKind::Budget,
            "quota" => PauseKind::Quota,
            "batch-poll" => PauseKind::BatchPoll,
            "transient-rerun" => PauseKind::TransientRerun,
            _ => return None,
        })
    }
}

/// Takeovers after a lost lease before a job is failed: high enough that a job whose workers keep being
/// killed while it makes progress still finishes, low enough that a job that kills its worker stops.
pub const MAX_CRASHES: u32 = 25;

/// Why a job whose workers kept dying is failed, with `{crashes}` and `{worker}` to fill in: the words
/// live here only; SQLite fills them in `crash_limit_error`, the Redis claim script from this template.
pub const CRASH_LIMIT_ERROR: &str =
    "its worker stopped renewing the lease {crashes} times (last worker {worker}); the job may be crashing its workers";

/// Why a job whose workers kept dying is failed (both stores write this when the next takeover would
/// pass `MAX_CRASHES`).
pub fn crash_limit_error(job: &JobRecord) -> String {
    CRASH_LIMIT_ERROR
        .replace("{crashes}", &(job.crashes + 1).to_string())
        .replace("{worker}", job.worker.as_deref().unwrap_or("unknown"))
}

/// A job to enqueue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewJob {
    /// Chosen by the caller (`ids::job_id`), so records written in the same step can name the job.
    pub id: String,
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
    /// Who queued it: the first event of its history.
    #[serde(default)]
    pub origin: super::history::Origin,
    /// The W3C `traceparent` the job's runs continue (`common::trace`), when traces are on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traceparent: Option<String>,
}

impl NewJob {
    /// The first event of the job's history.
    pub fn queued_event(&self, now: i64) -> super::history::HistoryEvent {
        super::history::HistoryEvent {
            at: now,
            what: super::history::Event::Queued { by: self.origin },
        }
    }
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
    /// Attempts started so far (each claim is one; a takeover after a lost lease gives the dead worker's
    /// attempt back and counts a crash instead).
    pub attempts: u32,
    pub max_attempts: u32,
    /// Times a worker lost the job's lease (died, hung, lost the store) and another took it over. A dead
    /// worker is not the job's fault: crashes have their own, larger limit, `MAX_CRASHES`.
    #[serde(default)]
    pub crashes: u32,
    pub run_at: i64,
    pub lease_expires_at: Option<i64>,
    pub worker: Option<String>,
    pub last_error: Option<String>,
    /// Why the job waits in the queue, while a pause holds it (cleared when a worker claims it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_for: Option<PauseKind>,
    pub schedule_id: Option<String>,
    pub occurrence: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub finished_at: Option<i64>,
    /// The W3C `traceparent` its runs continue, when traces were on as it was queued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traceparent: Option<String>,
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
    /// A paused schedule fires nothing: its occurrences pass by as skipped until it is resumed.
    #[serde(default)]
    pub paused: bool,
}
