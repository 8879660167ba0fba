//! What a job is: a type with a stable name, a payload of ids, a number of attempts, and a `run` whose
//! error says whether to retry.

use std::marker::PhantomData;

use async_trait::async_trait;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio_util::sync::CancellationToken;

use crate::domain::JobRecord;
use crate::store::CaseRecords;

/// How an attempt went wrong, and what the scheduler should do about it.
#[derive(Debug, Clone, thiserror::Error)]
pub enum JobError {
    /// Try again after a backoff, while attempts remain.
    #[error("{0}")]
    Retry(String),
    /// Do not try again: the job is failed.
    #[error("{0}")]
    Permanent(String),
    /// Not the job's fault: run again at `at_ms` without spending an attempt, for the reason `kind`
    /// (stored with the job; `message` is for people).
    #[error("{message}")]
    Pause {
        kind: crate::domain::PauseKind,
        message: String,
        at_ms: i64,
    },
    /// The worker lost the lease or is shutting down: leave the job to the lease machinery.
    #[error("interrupted: {0}")]
    Interrupted(String),
}

/// How a job, or one attempt of it, ended: what the records it keeps beside it should show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobEnd {
    Completed,
    /// Failed for good, with the reason.
    Failed(String),
    /// Cancelled by a moderator.
    Cancelled,
    /// Back in the queue until `at_ms` (a backoff, a paused quota, pictures left for a later run).
    Requeued {
        at_ms: i64,
        reason: String,
    },
}

/// What a running job knows about itself.
#[derive(Debug, Clone)]
pub struct JobContext {
    pub job: JobRecord,
    /// Fired when the lease is lost, the job is cancelled, or the worker's shutdown grace runs out:
    /// abandon what is in flight.
    pub cancel: CancellationToken,
    /// Fired when the worker starts shutting down: start nothing new, finish what is in flight, and
    /// return `JobError::Interrupted` so the job goes straight back to the queue.
    pub draining: CancellationToken,
    /// What happened in this attempt that no store step has written yet: each step the job makes takes
    /// it along (`CaseRecords::history`), and the worker writes the rest with the attempt's end.
    pub journal: crate::domain::history::Journal,
}

impl JobContext {
    pub fn is_last_attempt(&self) -> bool {
        self.job.attempts >= self.job.max_attempts
    }
}

/// A kind of background work. The type is its payload: what is stored with the job, ids and never whole
/// models, so a job of an earlier release still parses. It runs with the environment the workers give it.
#[async_trait]
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The task name, stable across versions (it is stored with every job).
    const NAME: &'static str;
    /// Attempts before the job is kept as failed.
    const MAX_ATTEMPTS: u32;
    /// What a run receives from the worker: the services it works with.
    type Env: Clone + Send + Sync + 'static;

    async fn run(&self, env: Self::Env, ctx: &JobContext) -> Result<(), JobError>;

    /// The idempotency key: while a job with this key is queued or running, enqueueing another returns it.
    fn key(&self) -> Option<String> {
        None
    }

    /// The case whose records this job keeps (its status record), if any. The scheduler writes the job's
    /// end to them in the same atomic step as the job's own state (`record_end`), so the two never
    /// disagree, whatever crashes between.
    fn records_of(&self) -> Option<String> {
        None
    }

    /// Shows `end` on the job's records.
    fn record_end(_end: &JobEnd, _records: &mut CaseRecords, _now_ms: i64) {}

    /// Called once when the job ends failed for good (out of attempts, permanent error, or a lease that ran
    /// out on the last attempt).
    async fn on_failed(&self, _env: Self::Env, _job: &JobRecord, _error: &str) {}
}

/// A `Job` with its payload type erased and its environment attached, as the registry holds it.
#[async_trait]
pub trait ErasedJob: Send + Sync {
    fn max_attempts(&self) -> u32;
    async fn run(&self, ctx: &JobContext) -> Result<(), JobError>;
    /// `Job::records_of` for a stored job (`None` when its payload does not parse).
    fn records_of(&self, job: &JobRecord) -> Option<String>;
    fn record_end(&self, end: &JobEnd, records: &mut CaseRecords, now_ms: i64);
    async fn on_failed(&self, job: &JobRecord, error: &str);
}

pub(crate) struct Erased<J: Job> {
    pub env: J::Env,
    pub job: PhantomData<fn() -> J>,
}

#[async_trait]
impl<J: Job> ErasedJob for Erased<J> {
    fn max_attempts(&self) -> u32 {
        J::MAX_ATTEMPTS
    }

    async fn run(&self, ctx: &JobContext) -> Result<(), JobError> {
        let job = serde_json::from_value::<J>(ctx.job.data.clone())
            .map_err(|e| JobError::Permanent(format!("bad payload for {}: {e}", J::NAME)))?;
        job.run(self.env.clone(), ctx).await
    }

    fn records_of(&self, job: &JobRecord) -> Option<String> {
        serde_json::from_value::<J>(job.data.clone()).ok()?.records_of()
    }

    fn record_end(&self, end: &JobEnd, records: &mut CaseRecords, now_ms: i64) {
        J::record_end(end, records, now_ms);
    }

    async fn on_failed(&self, job: &JobRecord, error: &str) {
        if let Ok(payload) = serde_json::from_value::<J>(job.data.clone()) {
            payload.on_failed(self.env.clone(), job, error).await;
        }
    }
}
