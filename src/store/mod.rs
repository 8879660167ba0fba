//! The store traits: cases, status records and the job queue. `sqlite` implements them; the pipeline,
//! the scheduler and the HTTP layer see only these traits.

pub mod rate;
pub mod redis;
pub mod sqlite;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use crate::domain::history::{History, HistoryEvent, JobEvents, Origin};
use crate::domain::{Case, Charge, DaySpend, ImageStatus, JobRecord, JobState, NewJob, Reservation, Schedule, Settle};

pub use redis::{RedisStore, tagged_prefix};
pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{what} {id:?} not found")]
    NotFound { what: &'static str, id: String },
    #[error("corrupt record {key}: {reason}")]
    Corrupt { key: String, reason: String },
    #[error("{0}")]
    Conflict(String),
    /// The caller's lease token is stale: another worker owns the job now, or it was cancelled.
    #[error("lease lost for job {0}")]
    LeaseLost(String),
    /// SQLite answered with an error (a full disk, a locked file past the busy timeout...).
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Redis could not be reached or answered with an error.
    #[error("redis: {0}")]
    Redis(#[from] ::redis::RedisError),
    /// The data was written by a newer release, in a layout this binary does not know.
    #[error(
        "the {what} was written by a newer sleuths (version {found}; this binary knows up to {known}): run the newer release"
    )]
    TooNew { what: &'static str, found: u64, known: u64 },
    /// The store's own machinery failed: a blocking task, a thread, a record that vanished mid-step.
    #[error("store: {0}")]
    Internal(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A case and its status record, read and written together.
#[derive(Debug, Clone, Default)]
pub struct CaseRecords {
    pub case: Option<Case>,
    pub status: Option<ImageStatus>,
    /// Paid calls settled in the same step (a change pushes them; reads leave this empty): each adds its
    /// charge to the ledger and its day, and gives back its reservation.
    pub settles: Vec<Settle>,
    /// Events for a job's history written in the same step (a change pushes them; reads leave this empty).
    pub history: Option<JobEvents>,
}

/// Events as the stores keep them: one json object per event.
pub fn history_json(events: &[HistoryEvent]) -> StoreResult<Vec<String>> {
    events
        .iter()
        .map(|e| serde_json::to_string(e).map_err(|e| StoreError::Internal(format!("history event: {e}"))))
        .collect()
}

/// Reads stored events, oldest first; one that does not parse is corrupt. Events wait in an attempt's
/// journal for the next step, so the slots running at once write theirs a little out of order: they are
/// put in order of time here (stably: events of one moment keep the order they were written in).
pub fn parse_history(job_id: &str, bodies: &[String]) -> StoreResult<Vec<HistoryEvent>> {
    let mut events = bodies
        .iter()
        .map(|b| {
            serde_json::from_str::<HistoryEvent>(b).map_err(|e| StoreError::Corrupt {
                key: format!("history:{job_id}"),
                reason: e.to_string(),
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    events.sort_by_key(|e| e.at);
    Ok(events)
}

/// What a change does to one stored record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    /// Unchanged: leave it.
    Keep,
    Delete,
    /// New or changed: write the value the records now hold.
    Put,
}

impl Write {
    fn of<T: PartialEq>(before: &Option<T>, after: &Option<T>) -> Write {
        match (before, after) {
            (b, a) if b == a => Write::Keep,
            (_, None) => Write::Delete,
            (_, Some(_)) => Write::Put,
        }
    }
}

/// A change applied to a case's records in memory, checked, with what each store must write: the rule
/// both stores follow, written once.
#[derive(Debug, Clone)]
pub struct Applied {
    pub records: CaseRecords,
    pub case: Write,
    pub status: Write,
}

impl CaseRecords {
    /// Applies `change` to a copy of these records (read under `case_id`). A change may not give the
    /// case another id.
    pub fn apply(&self, case_id: &str, change: RecordChange<'_>) -> StoreResult<Applied> {
        let mut after = self.clone();
        after.settles.clear();
        after.history = None;
        change(&mut after)?;
        if let Some(c) = &after.case
            && c.id != case_id
        {
            return Err(StoreError::Conflict(format!(
                "case id {:?} written under {case_id:?}",
                c.id
            )));
        }
        Ok(Applied {
            case: Write::of(&self.case, &after.case),
            status: Write::of(&self.status, &after.status),
            records: after,
        })
    }
}

/// A change to a case's records, applied atomically: inside one transaction (SQLite) or one optimistic
/// transaction (Redis). It may run more than once when the backend retries on contention.
pub type RecordChange<'a> = &'a (dyn Fn(&mut CaseRecords) -> StoreResult<()> + Send + Sync);

/// The records a job keeps beside it (its case's status record), written in the same atomic step as the
/// job's change of state: the case id and the change. `None` for a job that keeps no records.
pub type JobRecords<'a> = Option<(&'a str, RecordChange<'a>)>;

/// A status record as it was just written.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub case_id: String,
    pub status: Arc<ImageStatus>,
}

/// Case documents and their image-generation status records.
#[async_trait]
pub trait CaseStore: Send + Sync {
    /// Every status record change this store sees (in this process, or from other processes where the
    /// backend can tell). Readers that must not miss a change also re-read now and then.
    fn status_changes(&self) -> tokio::sync::broadcast::Receiver<StatusChange>;
    async fn get_case(&self, id: &str) -> StoreResult<Option<Case>>;
    /// The most recently created case.
    async fn latest_case(&self) -> StoreResult<Option<Case>>;
    /// Ids of the most recent cases, newest first.
    async fn list_case_ids(&self, limit: usize) -> StoreResult<Vec<String>>;
    /// The status record, unless it has expired.
    async fn get_status(&self, case_id: &str) -> StoreResult<Option<ImageStatus>>;
    /// Reads the case and its status, applies `change`, and writes back what changed, as one atomic step.
    /// A status that reaches a final state expires after the store's retention.
    async fn modify(&self, case_id: &str, change: RecordChange<'_>) -> StoreResult<CaseRecords>;
}

/// What `enqueue` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enqueued {
    pub id: String,
    /// False when an active job with the same key already existed (its id is returned).
    pub created: bool,
}

/// A job handed to a worker, with the token that proves the lease.
#[derive(Debug, Clone)]
pub struct Claim {
    pub job: JobRecord,
    pub token: String,
}

/// A worker asking for its next job: its name, the tasks it runs and the lease it takes.
#[derive(Debug, Clone, Copy)]
pub struct Next<'a> {
    pub worker: &'a str,
    pub names: &'a [&'a str],
    pub lease: Duration,
}

/// The result of looking for work.
#[derive(Debug, Default)]
pub struct ClaimOutcome {
    pub claim: Option<Claim>,
    /// Jobs whose lease ran out with no attempts left: the store marked them failed.
    pub dead: Vec<JobRecord>,
}

/// How a failed attempt ends.
#[derive(Debug, Clone)]
pub struct Failure {
    pub error: String,
    /// Run again at this time (Unix ms); `None` means the job is failed for good.
    pub retry_at: Option<i64>,
    /// Give the attempt back (a pause such as an exhausted quota is not the job's fault).
    pub refund_attempt: bool,
    /// Why the job waits, when this is a pause: stored with the job until a worker claims it.
    pub pause: Option<crate::domain::PauseKind>,
}

/// Which jobs to list.
#[derive(Debug, Clone, Default)]
pub struct JobFilter {
    pub states: Vec<JobState>,
    pub name: Option<String>,
    pub limit: Option<usize>,
}

/// The durable job queue with leases, and the cron schedules.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Adds a job. With a key already held by a queued or running job, returns that job instead. When the
    /// job is created, `records` (if any) are written in the same atomic step: a case and/or status record.
    async fn enqueue(&self, job: NewJob, records: JobRecords<'_>) -> StoreResult<Enqueued>;
    /// Takes the most overdue job among `names` (queued and due, or running with an expired lease) under a
    /// new lease.
    async fn claim(&self, worker: &str, names: &[&str], lease: Duration) -> StoreResult<ClaimOutcome>;
    /// Extends a lease. `LeaseLost` when the token is stale.
    async fn heartbeat(&self, id: &str, token: &str, lease: Duration) -> StoreResult<()>;
    /// Marks a job completed, writing `records` and the `history` events in the same atomic step, and
    /// with `next`, claims the worker's next job in that step too (as `claim` would): one round trip a
    /// job for a worker that keeps busy. `LeaseLost` when the token is stale (then nothing is written and
    /// nothing claimed).
    async fn complete(
        &self,
        id: &str,
        token: &str,
        records: JobRecords<'_>,
        history: &[HistoryEvent],
        next: Option<Next<'_>>,
    ) -> StoreResult<ClaimOutcome>;
    /// Ends an attempt with an error: back to the queue at `retry_at`, or failed; `records` and the
    /// `history` events are written in the same atomic step, and with `next` the worker's next job is
    /// claimed in it too (as `complete` does). Returns the job as it now is. `LeaseLost` when stale (then
    /// nothing is written and nothing claimed).
    async fn fail(
        &self,
        id: &str,
        token: &str,
        failure: Failure,
        records: JobRecords<'_>,
        history: &[HistoryEvent],
        next: Option<Next<'_>>,
    ) -> StoreResult<(JobRecord, ClaimOutcome)>;
    /// Cancels a queued or running job (a running job's worker loses its lease), writing `records` and a
    /// `cancelled` event naming `by` in the same atomic step, and announces it on `cancels`. Schedules are not jobs: an id that names only a
    /// schedule is `NotFound` here (schedules are paused, never cancelled).
    async fn cancel(&self, id: &str, records: JobRecords<'_>, by: Origin) -> StoreResult<()>;
    /// Ids of jobs as they are cancelled: in this process, and in others where the backend can tell (Redis
    /// pub/sub). A running job listens here so that a cancel stops it at once.
    fn cancels(&self) -> tokio::sync::broadcast::Receiver<String>;
    /// How often a running job must look itself up to learn of cancels `cancels` cannot announce (made by
    /// other processes on a backend without notifications); `None` when every cancel is announced.
    fn cancel_poll(&self) -> Option<Duration>;
    /// Puts a failed or cancelled job back in the queue with fresh attempts.
    async fn retry(&self, id: &str) -> StoreResult<JobRecord>;
    async fn get_job(&self, id: &str) -> StoreResult<Option<JobRecord>>;
    /// Adds events with no store step of their own to a job's history (nothing for a job that is gone).
    async fn append_history(&self, id: &str, events: &[HistoryEvent]) -> StoreResult<()>;
    /// A job's history, oldest first: written by `enqueue` (queued), `claim` (claimed, a takeover), the
    /// steps that carry events, and `append_history`; dropped with the job.
    async fn history(&self, id: &str) -> StoreResult<Option<History>>;
    /// Jobs, newest first.
    async fn list_jobs(&self, filter: &JobFilter) -> StoreResult<Vec<JobRecord>>;
    /// The earliest `run_at` of a queued job or lease expiry of a running one, to sleep until.
    async fn next_wakeup(&self, names: &[&str]) -> StoreResult<Option<i64>>;
    /// Waits until a job may have become available (a local enqueue, a pub/sub signal) or `max` passes.
    async fn wait_for_work(&self, max: Duration);

    /// Registers a recurring job. The same id again replaces its name, data and cron but keeps `last_fired`
    /// and `paused` (every worker registers its schedules at start: a restart must not unpause one).
    async fn upsert_schedule(&self, schedule: Schedule) -> StoreResult<Schedule>;
    async fn list_schedules(&self) -> StoreResult<Vec<Schedule>>;
    /// Pauses or resumes a schedule and returns it as stored. `NotFound` for an unknown id.
    async fn set_schedule_paused(&self, id: &str, paused: bool) -> StoreResult<Schedule>;
    /// Advances the schedule's `last_fired` to `occurrence` if it is still earlier, and if so enqueues `job`
    /// (when given) in the same atomic step. Returns the job id when this call fired the occurrence.
    async fn fire_schedule(&self, id: &str, occurrence: i64, job: Option<NewJob>) -> StoreResult<Option<String>>;
    /// Drops finished jobs older than `older_than` (Unix ms) and expired status records.
    async fn purge(&self, older_than: i64) -> StoreResult<usize>;
    /// Takes a turn from the shared rate limit `bucket`: `Duration::ZERO` means go now (the turn is taken),
    /// otherwise come back after the returned wait.
    async fn rate_limit(&self, bucket: &str, rate: rate::Rate) -> StoreResult<Duration>;
    /// How many one-off jobs are in each state.
    async fn job_counts(&self) -> StoreResult<Vec<(JobState, u64)>>;
    /// Writes this process answered with fewer replica confirmations than `redis.replicas_ack` asks
    /// (0 on a store without replicas).
    fn unconfirmed_writes(&self) -> u64 {
        0
    }
}

/// The spend ledger and the daily budget every process on the store shares. Charges are
/// written with a case's records (`CaseRecords::settles`), in the same step as the outcome they paid for.
#[async_trait]
pub trait SpendStore: Send + Sync {
    /// Holds `micros` against `day` before a paid call, if the day's spent and reserved money plus it stay
    /// within the budget: the moderator's (`set_budget`) when one is stored, else `budget`; no limit when
    /// neither is set. Atomic across processes.
    async fn reserve(&self, day: &str, micros: i64, budget: Option<i64>) -> StoreResult<Reservation>;
    /// Stores the moderator's daily budget (micro-dollars), which takes the place of the configured one in
    /// every process; `None` clears it.
    async fn set_budget(&self, micros: Option<i64>) -> StoreResult<()>;
    /// The moderator's daily budget, when one is stored.
    async fn stored_budget(&self) -> StoreResult<Option<i64>>;
    /// The days from `from` to `to` (inclusive, `YYYY-MM-DD`) that have any spend, oldest first.
    async fn spend(&self, from: &str, to: &str) -> StoreResult<Vec<DaySpend>>;
    /// Every charge of one day, in the order they were written.
    async fn charges(&self, day: &str) -> StoreResult<Vec<Charge>>;
    /// Makes the queued jobs named `name` paused for `kind` due now (a raised budget wakes the jobs it
    /// paused). Returns how many.
    async fn wake(&self, name: &str, kind: crate::domain::PauseKind) -> StoreResult<usize>;
}

/// Everything a process needs from storage.
pub trait Store: CaseStore + JobStore + SpendStore {}
impl<T: CaseStore + JobStore + SpendStore> Store for T {}

pub type SharedStore = Arc<dyn Store>;
