//! The scheduler: `run_job`, `cancel_job`, `list_jobs`, retries, cron, and the worker loop that
//! runs jobs under leases.

pub mod cron;
pub mod job;
mod queue;
pub mod registry;
pub mod settings;
pub mod worker;

use std::sync::Arc;

use serde::Serialize;

use crate::clock::SharedClock;
use crate::domain::history::Origin;
use crate::domain::{JobRecord, NewJob, Schedule};
use crate::store::{JobFilter, SharedStore, StoreError};

pub use crate::common::Backoff;
pub use cron::CronExpr;
pub use job::{Job, JobContext, JobEnd, JobError};
pub use queue::Queue;
pub use registry::Registry;
pub use settings::{Settings, TaskConfig};
pub use worker::Worker;

#[derive(Debug, thiserror::Error)]
pub enum SchedulerError {
    #[error("unknown task {0:?} (known tasks: {1})")]
    UnknownTask(String, String),
    #[error(transparent)]
    Cron(#[from] cron::CronParseError),
    #[error("job or schedule {0:?} not found")]
    NotFound(String),
    #[error("schedule {0:?} not found")]
    ScheduleNotFound(String),
    /// `cancel_job` of a schedule id: schedules are paused and resumed, never cancelled.
    #[error(
        "{0} is a recurring schedule, not a job: pause it with `sleuths jobs pause {0}` or POST /internal/schedules/{0}/pause"
    )]
    ScheduleNotAJob(String),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for SchedulerError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { id, .. } => SchedulerError::NotFound(id),
            StoreError::Conflict(m) => SchedulerError::Conflict(m),
            other => SchedulerError::Store(other),
        }
    }
}

/// When a job runs: once at a time, or on every occurrence of a cron expression.
#[derive(Debug, Clone)]
pub enum When {
    /// Unix ms; now or earlier means as soon as a worker is free.
    At(i64),
    Cron(String),
}

/// The arguments of `run_job`, as Devvit's `runJob({name, data, runAt | cron})`.
#[derive(Debug, Clone)]
pub struct RunJob {
    pub name: String,
    pub data: serde_json::Value,
    pub when: When,
    /// Idempotency key: while a job with this key is queued or running, `run_job` returns it.
    /// For a cron registration, the key is the schedule id (registering again replaces it).
    pub key: Option<String>,
}

/// One entry of `list_jobs`, as the API and `sleuths jobs list --json` show it: `{"kind": "once", ...job}`
/// or `{"kind": "recurring", ...schedule, "nextRunAt": ms}`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Listed {
    Once(JobRecord),
    Recurring {
        #[serde(flatten)]
        schedule: Schedule,
        /// The next occurrence (Unix ms); `None` when the expression has none. A paused schedule's next
        /// occurrence will be skipped.
        #[serde(rename = "nextRunAt")]
        next_run_at: Option<i64>,
    },
}

/// What `list_jobs` lists.
#[derive(Debug, Clone, Default)]
pub struct ListJobs {
    /// Which one-off jobs; `None` for none.
    pub jobs: Option<JobFilter>,
    /// Whether the recurring schedules are listed too.
    pub schedules: bool,
}

/// The scheduler API, shared by every process that enqueues or works.
#[derive(Clone)]
pub struct Scheduler {
    pub store: SharedStore,
    pub queue: Queue,
    pub registry: Arc<Registry>,
    pub clock: SharedClock,
    /// Shared by every clone (a worker that changes its own copy gets one of its own).
    pub config: Arc<Settings>,
    /// Where a claimed job's wait in the queue (due to claimed) is observed, by task.
    pub queue_wait: Option<QueueWait>,
}

/// The histogram family of jobs' waits in the queue.
pub type QueueWait = prometheus_client::metrics::family::Family<
    crate::metrics::TaskLabels,
    prometheus_client::metrics::histogram::Histogram,
    fn() -> prometheus_client::metrics::histogram::Histogram,
>;

impl Scheduler {
    pub fn new(store: SharedStore, registry: Arc<Registry>, clock: SharedClock, config: Settings) -> Self {
        Scheduler {
            queue: Queue::new(store.clone(), clock.clone()),
            store,
            registry,
            clock,
            config: Arc::new(config),
            queue_wait: None,
        }
    }

    fn task(&self, name: &str) -> Result<&registry::Task, SchedulerError> {
        self.registry
            .get(name)
            .ok_or_else(|| SchedulerError::UnknownTask(name.to_owned(), self.registry.names().join(", ")))
    }

    /// Builds the stored form of a one-off job of a registered task.
    pub fn new_job(
        &self,
        name: &str,
        data: serde_json::Value,
        run_at: i64,
        key: Option<String>,
        by: Origin,
    ) -> Result<NewJob, SchedulerError> {
        let task = self.task(name)?;
        Ok(NewJob {
            id: crate::ids::job_id(self.clock.now_ms()),
            name: task.name.to_owned(),
            data,
            run_at,
            key,
            max_attempts: task.job.max_attempts(),
            schedule_id: None,
            occurrence: None,
            origin: by,
            traceparent: crate::common::trace::for_new_job(),
        })
    }

    /// Schedules a job, queued `by` someone, and returns its id (for a cron registration, the schedule id).
    pub async fn run_job(&self, req: RunJob, by: Origin) -> Result<String, SchedulerError> {
        match req.when {
            When::At(run_at) => {
                let job = self.new_job(&req.name, req.data, run_at, req.key, by)?;
                Ok(self.queue.enqueue(job, None).await?.id)
            }
            When::Cron(expr) => {
                let task = self.task(&req.name)?;
                CronExpr::parse(&expr)?;
                let now = self.clock.now_ms();
                let id = req
                    .key
                    .unwrap_or_else(|| format!("cron-{}", crate::ids::token()[..12].to_owned()));
                let schedule = Schedule {
                    id,
                    name: task.name.to_owned(),
                    data: req.data,
                    cron: expr,
                    max_attempts: task.job.max_attempts(),
                    created_at: now,
                    // A schedule registered at run time fires from its next occurrence on.
                    last_fired: Some(now),
                    paused: false,
                };
                Ok(self.store.upsert_schedule(schedule).await?.id)
            }
        }
    }

    /// Cancels a queued or running job. A schedule id is refused with `ScheduleNotAJob`: a recurring job is
    /// paused, not cancelled.
    pub async fn cancel_job(&self, id: &str, by: Origin) -> Result<(), SchedulerError> {
        if self.store.list_schedules().await?.iter().any(|s| s.id == id) {
            return Err(SchedulerError::ScheduleNotAJob(id.to_owned()));
        }
        // The job's records (its case's status) change in the same atomic step as the job.
        let job = self.store.get_job(id).await?;
        let task = job.as_ref().and_then(|j| self.registry.get(&j.name));
        let case_id = job.as_ref().zip(task).and_then(|(j, t)| t.job.records_of(j));
        let now = self.clock.now_ms();
        let show_cancelled = |r: &mut crate::store::CaseRecords| {
            if let Some(t) = task {
                t.job.record_end(&JobEnd::Cancelled, r, now);
            }
            Ok(())
        };
        let records = case_id
            .as_deref()
            .map(|c| (c, &show_cancelled as crate::store::RecordChange));
        self.store.cancel(id, records, by).await?;
        tracing::info!(job.id = %id, by = ?by, "job cancelled");
        Ok(())
    }

    /// Pauses a schedule: its occurrences pass by, skipped, until it is resumed. Kept across restarts.
    pub async fn pause_schedule(&self, id: &str) -> Result<Schedule, SchedulerError> {
        self.set_paused(id, true).await
    }

    /// Resumes a paused schedule from its next occurrence on (what passed while paused does not run).
    pub async fn resume_schedule(&self, id: &str) -> Result<Schedule, SchedulerError> {
        self.set_paused(id, false).await
    }

    async fn set_paused(&self, id: &str, paused: bool) -> Result<Schedule, SchedulerError> {
        let schedule = self.store.set_schedule_paused(id, paused).await.map_err(|e| match e {
            StoreError::NotFound { .. } => SchedulerError::ScheduleNotFound(id.to_owned()),
            other => other.into(),
        })?;
        tracing::info!(schedule.id = %id, paused, "schedule {}", if paused { "paused" } else { "resumed" });
        Ok(schedule)
    }

    /// Puts a failed or cancelled job back in the queue with fresh attempts.
    pub async fn retry_job(&self, id: &str) -> Result<JobRecord, SchedulerError> {
        Ok(self.store.retry(id).await?)
    }

    /// One-off jobs, newest first, then the recurring schedules with their next occurrence.
    pub async fn list_jobs(&self, what: &ListJobs) -> Result<Vec<Listed>, SchedulerError> {
        let mut out: Vec<Listed> = match &what.jobs {
            Some(filter) => self
                .store
                .list_jobs(filter)
                .await?
                .into_iter()
                .map(Listed::Once)
                .collect(),
            None => Vec::new(),
        };
        if what.schedules {
            let now = self.clock.now_ms();
            out.extend(self.store.list_schedules().await?.into_iter().map(|schedule| {
                let next_run_at = CronExpr::parse(&schedule.cron).ok().and_then(|c| c.next_after(now));
                Listed::Recurring { schedule, next_run_at }
            }));
        }
        Ok(out)
    }

    /// Registers the recurring tasks declared in configuration. Idempotent; keeps what has fired.
    pub async fn register_recurring_tasks(&self) -> Result<(), SchedulerError> {
        for task in self.registry.tasks() {
            let Some(expr) = &task.cron else { continue };
            CronExpr::parse(expr)?;
            let schedule = Schedule {
                id: task.name.to_owned(),
                name: task.name.to_owned(),
                data: serde_json::json!({}),
                cron: expr.clone(),
                max_attempts: task.job.max_attempts(),
                created_at: self.clock.now_ms(),
                // A task from configuration never fired yet: its latest occurrence counts as missed.
                last_fired: None,
                // Only for a new schedule: the store keeps an existing one's pause.
                paused: false,
            };
            self.store.upsert_schedule(schedule).await?;
        }
        Ok(())
    }

    /// Fires every cron occurrence that is due. Safe to call from any number of processes at once: each
    /// occurrence fires exactly once. Returns the ids of the jobs this call enqueued.
    pub async fn tick_cron(&self) -> Result<Vec<String>, SchedulerError> {
        let now = self.clock.now_ms();
        let grace = self.config.cron_grace.as_millis() as i64;
        let mut fired = Vec::new();
        for s in self.store.list_schedules().await? {
            let expr = match CronExpr::parse(&s.cron) {
                Ok(e) => e,
                Err(e) => {
                    tracing::error!(schedule.id = %s.id, error = %e, "skipping schedule with a bad cron expression");
                    continue;
                }
            };
            match cron::due(&expr, s.last_fired, now, grace) {
                cron::Due::Nothing => {}
                cron::Due::Fire(occurrence) | cron::Due::Skip(occurrence) if s.paused => {
                    // Recorded as passed, so resuming does not fire what came due while paused.
                    tracing::info!(schedule.id = %s.id, occurrence = %crate::clock::rfc3339(occurrence),
                        "schedule paused; skipping its occurrence");
                    self.store.fire_schedule(&s.id, occurrence, None).await?;
                }
                cron::Due::Skip(occurrence) => {
                    tracing::warn!(schedule.id = %s.id, occurrence = %crate::clock::rfc3339(occurrence),
                        "cron occurrence missed by more than the grace window; not running it");
                    self.store.fire_schedule(&s.id, occurrence, None).await?;
                }
                cron::Due::Fire(occurrence) => {
                    let job = NewJob {
                        id: crate::ids::job_id(now),
                        name: s.name.clone(),
                        data: s.data.clone(),
                        run_at: now,
                        key: Some(format!("cron:{}:{occurrence}", s.id)),
                        max_attempts: s.max_attempts,
                        schedule_id: Some(s.id.clone()),
                        occurrence: Some(occurrence),
                        origin: Origin::Cron,
                        traceparent: crate::common::trace::for_new_job(),
                    };
                    if let Some(id) = self.store.fire_schedule(&s.id, occurrence, Some(job)).await? {
                        tracing::info!(schedule.id = %s.id, job.id = %id, occurrence = %crate::clock::rfc3339(occurrence), "cron fired");
                        fired.push(id);
                    }
                }
            }
        }
        Ok(fired)
    }
}
