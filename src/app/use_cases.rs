//! The front door: what the edges (HTTP, CLI) ask of the system, one method per use case. The edges call
//! these and nothing else of `App`; its parts (store, images, the jobs' environment, scheduler) stay behind it.

use chrono::NaiveDate;

use super::App;
use crate::config::Config;
use crate::domain::{Case, ImageStatus, JobRecord, Schedule, Slot};
use crate::images::ImageStoreError;
use crate::metrics::Metrics;
use crate::pipeline::{Created, PipelineError, SpendReport};
use crate::scheduler::{Job, ListJobs, Listed, RunJob, SchedulerError, When};
use crate::store::{StatusChange, StoreResult};

impl App {
    /// The configuration the app was built from.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Unix ms on the app's clock.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The process's metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    // Cases.

    /// Writes a new case (the daily case of `date`, or a new one) with its pending status record and its
    /// image job, in one step.
    pub async fn create_case(&self, date: Option<NaiveDate>) -> Result<Created, PipelineError> {
        crate::pipeline::cases::create(&self.env, date, None, self.origin).await
    }

    /// Writes the daily case of a coming `date`, to be painted through the provider's batch until `until`.
    pub async fn create_ahead(&self, date: NaiveDate, batch_until: i64) -> Result<Created, PipelineError> {
        crate::pipeline::cases::create(&self.env, Some(date), Some(batch_until), self.origin).await
    }

    pub async fn case(&self, id: &str) -> StoreResult<Option<Case>> {
        self.store.get_case(id).await
    }

    /// The most recently created case.
    pub async fn latest_case(&self) -> StoreResult<Option<Case>> {
        self.store.latest_case().await
    }

    /// Ids of the most recent cases, newest first.
    pub async fn case_ids(&self, limit: usize) -> StoreResult<Vec<String>> {
        self.store.list_case_ids(limit).await
    }

    /// A case's image-generation status record.
    pub async fn status(&self, case_id: &str) -> StoreResult<Option<ImageStatus>> {
        self.store.get_status(case_id).await
    }

    /// Every status record change as it happens.
    pub fn status_changes(&self) -> tokio::sync::broadcast::Receiver<StatusChange> {
        self.store.status_changes()
    }

    /// A stored picture's bytes.
    pub async fn picture(&self, name: &str) -> Result<Option<Vec<u8>>, ImageStoreError> {
        self.images.get(name).await
    }

    // Pictures.

    /// Queues the painting of a case's missing pictures (or joins the job already queued or running).
    pub async fn queue_images(&self, case_id: &str) -> Result<String, PipelineError> {
        crate::pipeline::cases::queue(&self.env, case_id, &[], self.origin).await
    }

    /// Queues a job that paints `slots` again, with anything missing.
    pub async fn repaint(&self, case_id: &str, slots: &[Slot]) -> Result<String, PipelineError> {
        crate::pipeline::cases::queue(&self.env, case_id, slots, self.origin).await
    }

    // Jobs and schedules.

    /// Queues a job of a registered task (the scheduler's `run_job`: at a time, or as a cron schedule).
    pub async fn run_job(&self, request: RunJob) -> Result<String, SchedulerError> {
        self.scheduler.run_job(request, self.origin).await
    }

    /// Queues the daily case task to run now; returns its job id.
    pub async fn run_daily_now(&self) -> Result<String, SchedulerError> {
        self.scheduler
            .run_job(
                RunJob {
                    name: crate::pipeline::DailyCase::NAME.into(),
                    data: serde_json::json!({}),
                    when: When::At(self.now_ms()),
                    key: None,
                },
                self.origin,
            )
            .await
    }

    pub async fn job(&self, id: &str) -> StoreResult<Option<JobRecord>> {
        self.store.get_job(id).await
    }

    /// One-off jobs (newest first), then recurring schedules, as the API and `jobs list --json` show them.
    pub async fn list_jobs(&self, what: &ListJobs) -> Result<Vec<Listed>, SchedulerError> {
        self.scheduler.list_jobs(what).await
    }

    /// What happened to a job, oldest first; `None` for an unknown (or purged) job.
    pub async fn job_history(&self, id: &str) -> StoreResult<Option<crate::domain::history::History>> {
        self.store.history(id).await
    }

    pub async fn cancel_job(&self, id: &str) -> Result<(), SchedulerError> {
        self.scheduler.cancel_job(id, self.origin).await
    }

    pub async fn retry_job(&self, id: &str) -> Result<JobRecord, SchedulerError> {
        self.scheduler.retry_job(id).await
    }

    pub async fn pause_schedule(&self, id: &str) -> Result<Schedule, SchedulerError> {
        self.scheduler.pause_schedule(id).await
    }

    pub async fn resume_schedule(&self, id: &str) -> Result<Schedule, SchedulerError> {
        self.scheduler.resume_schedule(id).await
    }

    /// Registers the configured recurring tasks (every worker with cron does at start).
    pub async fn register_recurring_tasks(&self) -> Result<(), SchedulerError> {
        self.scheduler.register_recurring_tasks().await
    }

    /// Fires the due cron occurrences; returns the job ids it queued.
    pub async fn tick_cron(&self) -> Result<Vec<String>, SchedulerError> {
        self.scheduler.tick_cron().await
    }

    /// Writes answered with fewer replica confirmations than `redis.replicas_ack` asks, since start.
    pub fn unconfirmed_writes(&self) -> u64 {
        self.store.unconfirmed_writes()
    }

    /// How many one-off jobs are in each state.
    pub async fn job_counts(&self) -> StoreResult<Vec<(crate::domain::JobState, u64)>> {
        self.store.job_counts().await
    }

    // Spend.

    /// The ledger of the last `days` UTC days and the budget in force.
    pub async fn spend_report(&self, days: u32) -> StoreResult<SpendReport> {
        self.env.spend_report(days).await
    }

    /// Sets the moderator's daily budget (`None`: back to the configured one); returns the jobs it woke.
    pub async fn set_budget(&self, usd: Option<f64>) -> StoreResult<usize> {
        self.env.set_budget(usd).await
    }

    // Operations.

    /// Whether the store and the image store answer: `Err((what, why))` naming the one that does not.
    pub async fn readiness(&self) -> Result<(), (&'static str, String)> {
        if let Err(e) = self.store.list_case_ids(1).await {
            return Err(("the store is unavailable", e.to_string()));
        }
        if let Err(e) = self.images.get(".readyz-probe").await {
            return Err(("the image store is unavailable", e.to_string()));
        }
        Ok(())
    }
}
