//! The worker: claims jobs under a lease, heartbeats while they run, and records how each attempt ended.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use super::job::{JobContext, JobError};
use super::{Scheduler, SchedulerError};
use crate::domain::{JobRecord, JobState};
use crate::store::{Claim, Failure, StoreError};

/// Shortest time between two looks at the cron schedules.
const CRON_TICK_MS: i64 = 200;

/// Worker settings.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Jobs run at once by this process.
    pub concurrency: usize,
    /// How long a claim holds without a heartbeat.
    pub lease: Duration,
    /// Longest sleep between looks at the queue when nothing signals new work.
    pub poll: Duration,
    /// Run the cron (fire due occurrences) in this worker.
    pub cron: bool,
    /// On shutdown, how long running jobs get to stop by themselves.
    pub shutdown_grace: Duration,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            concurrency: 2,
            lease: Duration::from_secs(30),
            poll: Duration::from_secs(1),
            cron: true,
            shutdown_grace: Duration::from_secs(20),
        }
    }
}

/// How one attempt ended, as seen by the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    /// Back in the queue, to run again at this time (Unix ms).
    Retrying(i64),
    Failed(String),
    /// The lease was lost (or the worker is stopping): the store decides what happens next.
    Abandoned(String),
}

/// Runs jobs from the queue.
#[derive(Clone)]
pub struct Worker {
    pub scheduler: Scheduler,
    pub id: String,
    pub config: WorkerConfig,
}

impl Worker {
    pub fn new(scheduler: Scheduler, config: WorkerConfig) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".into());
        let id = format!("{host}-{}-{}", std::process::id(), &crate::ids::token()[..6]);
        Worker { scheduler, id, config }
    }

    /// Works until `shutdown` fires, then stops claiming and gives running jobs `shutdown_grace` to stop.
    pub async fn run(&self, shutdown: CancellationToken) -> Result<(), SchedulerError> {
        let s = &self.scheduler;
        if self.config.cron {
            s.register_recurring_tasks().await?;
        }
        let names = s.registry.names();
        let permits = Arc::new(Semaphore::new(self.config.concurrency.max(1)));
        let jobs_cancel = CancellationToken::new();
        let mut running = JoinSet::new();
        let (mut last_purge, mut last_tick) = (0i64, i64::MIN);
        tracing::info!(worker.id = %self.id, tasks = ?names, concurrency = self.config.concurrency, "worker started");
        self.report_held_leases(&names).await;
        while !shutdown.is_cancelled() {
            let now = s.clock.now_ms();
            // Often enough for second-granularity crons, however busy the queue keeps this loop.
            if self.config.cron && now.saturating_sub(last_tick) >= CRON_TICK_MS {
                last_tick = now;
                if let Err(e) = s.tick_cron().await {
                    tracing::error!(error = %e, "cron tick failed");
                }
            }
            if now - last_purge > 600_000 {
                last_purge = now;
                let before = now - s.config.retention.as_millis() as i64;
                match s.store.purge(before).await {
                    Ok(n) if n > 0 => tracing::info!(removed = n, "purged finished jobs and expired status records"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "purge failed"),
                }
            }
            while let Ok(permit) = permits.clone().try_acquire_owned() {
                match self.claim(&names).await {
                    Ok(Some(claim)) => {
                        let me = self.clone();
                        let cancel = jobs_cancel.child_token();
                        let draining = shutdown.child_token();
                        running.spawn(async move {
                            let _permit = permit;
                            me.execute_draining(claim, cancel, draining).await
                        });
                    }
                    Ok(None) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "claiming a job failed");
                        break;
                    }
                }
            }
            while running.try_join_next().is_some() {}
            let wake = match s.store.next_wakeup(&names).await {
                Ok(Some(at)) => Duration::from_millis((at - s.clock.now_ms()).clamp(0, i64::MAX) as u64),
                _ => self.config.poll,
            };
            let nap = wake.min(self.config.poll).max(Duration::from_millis(5));
            tokio::select! {
                _ = shutdown.cancelled() => {}
                _ = s.store.wait_for_work(nap) => {}
                Some(_) = running.join_next(), if !running.is_empty() => {}
            }
        }
        if running.is_empty() {
            tracing::info!(worker.id = %self.id, "worker stopping: no job running");
        } else {
            tracing::info!(
                worker.id = %self.id,
                running = running.len(),
                grace_ms = self.config.shutdown_grace.as_millis() as u64,
                "worker stopping: waiting up to {} for {} running job(s) to finish the slots in flight, then handing them back to the queue",
                crate::config::duration::format(self.config.shutdown_grace),
                running.len()
            );
        }
        let drain = async { while running.join_next().await.is_some() {} };
        if tokio::time::timeout(self.config.shutdown_grace, drain).await.is_err() {
            jobs_cancel.cancel();
            while running.join_next().await.is_some() {}
        }
        tracing::info!(worker.id = %self.id, "worker stopped");
        Ok(())
    }

    /// Says, at start-up, which jobs another worker's lease still holds and for how long: after a crash
    /// and restart, those jobs wait for the dead worker's lease to run out before anyone takes them over.
    async fn report_held_leases(&self, names: &[&str]) {
        let filter = crate::store::JobFilter {
            states: vec![JobState::Running],
            name: None,
            limit: Some(100),
        };
        let Ok(jobs) = self.scheduler.store.list_jobs(&filter).await else {
            return;
        };
        let now = self.scheduler.clock.now_ms();
        for job in jobs.iter().filter(|j| names.contains(&j.name.as_str())) {
            let Some(until) = job.lease_expires_at.filter(|&t| t > now) else {
                continue;
            };
            let wait_ms = (until - now) as u64;
            tracing::info!(
                job.id = %job.id,
                job.name = %job.name,
                holder = job.worker.as_deref().unwrap_or("?"),
                wait_ms,
                "job is held by another worker's lease for {:.1}s more (until {}); if that worker is gone, it is taken over then",
                wait_ms as f64 / 1000.0,
                crate::clock::rfc3339(until)
            );
        }
    }

    /// Claims one job, reporting jobs whose lease ran out on their last attempt.
    pub async fn claim(&self, names: &[&str]) -> Result<Option<Claim>, StoreError> {
        let outcome = self.scheduler.store.claim(&self.id, names, self.config.lease).await?;
        for dead in outcome.dead {
            tracing::error!(job.id = %dead.id, job.name = %dead.name, error = dead.last_error.as_deref().unwrap_or(""), "job failed");
            self.on_failed(&dead).await;
        }
        Ok(outcome.claim)
    }

    /// Claims one due job and runs it to the end of this attempt (for tests and one-shot commands).
    pub async fn run_one(&self) -> Result<Option<(JobRecord, Outcome)>, StoreError> {
        let names = self.scheduler.registry.names();
        let Some(claim) = self.claim(&names).await? else {
            return Ok(None);
        };
        let job = claim.job.clone();
        Ok(Some((job, self.execute(claim, CancellationToken::new()).await)))
    }

    async fn on_failed(&self, job: &JobRecord) {
        if let Some(task) = self.scheduler.registry.get(&job.name) {
            task.job
                .on_failed(job, job.last_error.as_deref().unwrap_or("failed"))
                .await;
        }
    }

    /// Runs one claimed attempt: heartbeats the lease, then records the result under the lease's token.
    pub async fn execute(&self, claim: Claim, stop: CancellationToken) -> Outcome {
        self.execute_draining(claim, stop, CancellationToken::new()).await
    }

    /// `execute`, with a token that asks the job to start nothing new (the worker is shutting down).
    async fn execute_draining(&self, claim: Claim, stop: CancellationToken, draining: CancellationToken) -> Outcome {
        let Claim { job, token } = claim;
        let span = tracing::info_span!("job", job.id = %job.id, job.name = %job.name, attempt = job.attempts);
        async move {
            let s = &self.scheduler;
            let Some(task) = s.registry.get(&job.name).cloned() else {
                let error = format!("no task named {:?} is registered in this process", job.name);
                return self.finish_failed(&job, &token, error).await;
            };
            let started = std::time::Instant::now();
            let cancel = stop.child_token();
            let lost = CancellationToken::new();
            let heartbeat = tokio::spawn(heartbeat(
                s.store.clone(),
                job.id.clone(),
                token.clone(),
                self.config.lease,
                cancel.clone(),
                lost.clone(),
            ));
            let ctx = JobContext {
                job: job.clone(),
                cancel: cancel.clone(),
                draining,
            };
            tracing::info!("job started");
            let result = task.job.run(&ctx).await;
            heartbeat.abort();
            let duration_ms = started.elapsed().as_millis() as u64;
            if lost.is_cancelled() {
                tracing::warn!(duration_ms, "lease lost; leaving the job to its new owner");
                return Outcome::Abandoned("lease lost".into());
            }
            match result {
                Ok(()) => match s.store.complete(&job.id, &token).await {
                    Ok(_) => {
                        tracing::info!(duration_ms, "job completed");
                        Outcome::Completed
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "completion rejected");
                        Outcome::Abandoned(e.to_string())
                    }
                },
                Err(JobError::Retry(msg)) if job.attempts < job.max_attempts => {
                    let at = s.clock.now_ms() + s.config.backoff.delay(job.attempts).as_millis() as i64;
                    self.requeue(&job, &token, msg, at, false).await
                }
                Err(JobError::Retry(msg)) | Err(JobError::Permanent(msg)) => {
                    self.finish_failed(&job, &token, msg).await
                }
                Err(JobError::Pause { message, at_ms }) => self.requeue(&job, &token, message, at_ms, true).await,
                Err(JobError::Interrupted(msg)) => {
                    // Stopping cleanly: hand the job straight back instead of waiting out the lease.
                    self.requeue(&job, &token, format!("interrupted: {msg}"), s.clock.now_ms(), true)
                        .await
                }
            }
        }
        .instrument(span)
        .await
    }

    async fn requeue(&self, job: &JobRecord, token: &str, error: String, at: i64, refund: bool) -> Outcome {
        let failure = Failure {
            error: error.clone(),
            retry_at: Some(at),
            refund_attempt: refund,
        };
        match self.scheduler.store.fail(&job.id, token, failure).await {
            Ok(_) => {
                tracing::warn!(error = %error, retry_at = %crate::clock::rfc3339(at), "job will run again");
                Outcome::Retrying(at)
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not requeue");
                Outcome::Abandoned(e.to_string())
            }
        }
    }

    async fn finish_failed(&self, job: &JobRecord, token: &str, error: String) -> Outcome {
        let failure = Failure {
            error: error.clone(),
            retry_at: None,
            refund_attempt: false,
        };
        match self.scheduler.store.fail(&job.id, token, failure).await {
            Ok(record) => {
                tracing::error!(error = %error, "job failed");
                debug_assert_eq!(record.state, JobState::Failed);
                self.on_failed(&record).await;
                Outcome::Failed(error)
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not record the failure");
                Outcome::Abandoned(e.to_string())
            }
        }
    }
}

/// Renews the lease every third of its length. Cancels the job when the lease is lost (the token went
/// stale, or renewals kept failing until the lease ran out).
async fn heartbeat(
    store: crate::store::SharedStore,
    id: String,
    token: String,
    lease: Duration,
    cancel: CancellationToken,
    lost: CancellationToken,
) {
    let every = lease / 3;
    let mut last_ok = tokio::time::Instant::now();
    loop {
        tokio::time::sleep(every).await;
        match store.heartbeat(&id, &token, lease).await {
            Ok(()) => last_ok = tokio::time::Instant::now(),
            Err(StoreError::LeaseLost(_)) => break,
            Err(e) => {
                tracing::warn!(job.id = %id, error = %e, "heartbeat failed");
                if last_ok.elapsed() < lease {
                    continue;
                }
                break;
            }
        }
    }
    lost.cancel();
    cancel.cancel();
}
