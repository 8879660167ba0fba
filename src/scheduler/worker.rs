//! The worker: claims jobs under a lease, heartbeats while they run, and records how each attempt ended.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use super::job::{JobContext, JobEnd, JobError};
use super::{Scheduler, SchedulerError};
use crate::domain::history::{Event, HistoryEvent, Journal};
use crate::domain::{JobRecord, JobState};
use crate::store::{CaseRecords, Claim, ClaimOutcome, Failure, Next, RecordChange, StoreError};

/// Shortest time between two looks at the cron schedules.
const CRON_TICK_MS: i64 = 200;

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
    /// Whether this worker fires due cron occurrences (any number of workers may; each fires once).
    pub cron: bool,
}

impl Worker {
    /// A worker of the scheduler, with its settings (concurrency, lease, poll, shutdown grace).
    pub fn new(scheduler: Scheduler, cron: bool) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".into());
        let id = format!("{host}-{}-{}", std::process::id(), &crate::ids::token()[..6]);
        Worker { scheduler, id, cron }
    }

    /// Works until `shutdown` fires, then stops claiming and gives running jobs `shutdown_grace` to stop.
    pub async fn run(&self, shutdown: CancellationToken) -> Result<(), SchedulerError> {
        let s = &self.scheduler;
        if self.cron {
            s.register_recurring_tasks().await?;
        }
        let names = s.registry.names();
        let permits = Arc::new(Semaphore::new(self.scheduler.config.concurrency.max(1)));
        let jobs_cancel = CancellationToken::new();
        let mut running = JoinSet::new();
        let (mut last_purge, mut last_tick) = (0i64, i64::MIN);
        tracing::info!(worker.id = %self.id, tasks = ?names, concurrency = self.scheduler.config.concurrency, "worker started");
        self.report_held_leases(&names).await;
        while !shutdown.is_cancelled() {
            let now = s.clock.now_ms();
            // Often enough for second-granularity crons, however busy the queue keeps this loop.
            if self.cron && now.saturating_sub(last_tick) >= CRON_TICK_MS {
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
                            // A completed job hands over the worker's next one in the same store step; the
                            // permit stays with this task while it keeps getting jobs that way.
                            let mut next = Some(claim);
                            while let Some(claim) = next.take() {
                                next = me.attempt(claim, cancel.clone(), draining.clone(), true).await.1;
                            }
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
            // Every permit busy: nothing to claim until a job ends (its task hands the permit back and wakes
            // this loop), so the store is not asked; only the cron's tick and the purge come round.
            let busy = permits.available_permits() == 0;
            let nap = if busy {
                match self.cron {
                    true => Duration::from_millis(CRON_TICK_MS as u64),
                    false => self.scheduler.config.poll,
                }
            } else {
                let wake = match s.store.next_wakeup(&names).await {
                    Ok(Some(at)) => Duration::from_millis((at - s.clock.now_ms()).clamp(0, i64::MAX) as u64),
                    _ => self.scheduler.config.poll,
                };
                wake.min(self.scheduler.config.poll).max(Duration::from_millis(5))
            };
            tokio::select! {
                _ = shutdown.cancelled() => {}
                _ = s.store.wait_for_work(nap), if !busy => {}
                _ = tokio::time::sleep(nap), if busy => {}
                Some(_) = running.join_next(), if !running.is_empty() => {}
            }
        }
        if running.is_empty() {
            tracing::info!(worker.id = %self.id, "worker stopping: no job running");
        } else {
            tracing::info!(
                worker.id = %self.id,
                running = running.len(),
                grace_ms = self.scheduler.config.shutdown_grace.as_millis() as u64,
                "worker stopping: waiting up to {} for {} running job(s) to finish the slots in flight, then handing them back to the queue",
                crate::common::duration::format(self.scheduler.config.shutdown_grace),
                running.len()
            );
        }
        let drain = async { while running.join_next().await.is_some() {} };
        if tokio::time::timeout(self.scheduler.config.shutdown_grace, drain)
            .await
            .is_err()
        {
            jobs_cancel.cancel();
            while running.join_next().await.is_some() {}
        }
        tracing::info!(worker.id = %self.id, "worker stopped");
        Ok(())
    }

    /// Says, at start-up, which jobs another worker's lease still holds and for how long: after a crash
    /// and restart, those jobs wait for the dead worker's lease to run out before anyone takes them over.
    async fn report_held_leases(&self, names: &[&str]) {
        let mut jobs = Vec::new();
        for name in names {
            let filter = crate::store::JobFilter {
                states: vec![JobState::Running],
                name: Some((*name).to_owned()),
                limit: Some(100),
            };
            match self.scheduler.store.list_jobs(&filter).await {
                Ok(found) => jobs.extend(found),
                Err(_) => return,
            }
        }
        let now = self.scheduler.clock.now_ms();
        for job in &jobs {
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

    /// Claims one job, reporting jobs the store failed because their workers kept dying.
    pub async fn claim(&self, names: &[&str]) -> Result<Option<Claim>, StoreError> {
        let outcome = self
            .scheduler
            .store
            .claim(&self.id, names, self.scheduler.config.lease)
            .await?;
        Ok(self.take(outcome).await)
    }

    /// The job a claim found, after reporting the jobs the store failed on the way because their workers
    /// kept dying.
    async fn take(&self, outcome: ClaimOutcome) -> Option<Claim> {
        for dead in outcome.dead {
            let error = dead.last_error.clone().unwrap_or_else(|| "failed".into());
            tracing::error!(job.id = %dead.id, job.name = %dead.name, error = %error, "job failed");
            // The store failed the job inside its claim; its records learn why here.
            if let Some(task) = self.scheduler.registry.get(&dead.name)
                && let Some(case_id) = task.job.records_of(&dead)
            {
                let now = self.scheduler.clock.now_ms();
                let end = JobEnd::Failed(error);
                let change = |r: &mut CaseRecords| {
                    task.job.record_end(&end, r, now);
                    Ok(())
                };
                if let Err(e) = self.scheduler.store.modify(&case_id, &change).await {
                    tracing::warn!(job.id = %dead.id, error = %e, "could not record the failure on the job's records");
                }
            }
            self.on_failed(&dead).await;
        }
        outcome.claim
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
        self.attempt(claim, stop, CancellationToken::new(), false).await.0
    }

    /// `execute`, with a token that asks the job to start nothing new (the worker is shutting down); with
    /// `chain`, a completion claims this worker's next job in the same store step and returns it (unless
    /// the worker is draining by then).
    async fn attempt(
        &self,
        claim: Claim,
        stop: CancellationToken,
        draining: CancellationToken,
        chain: bool,
    ) -> (Outcome, Option<Claim>) {
        let Claim { job, token } = claim;
        // A takeover waited for a lease to run out, not in the queue: a job ever taken over is left out.
        if let Some(waits) = &self.scheduler.queue_wait
            && job.crashes == 0
        {
            let waited = (self.scheduler.clock.now_ms() - job.run_at).max(0);
            waits
                .get_or_create(&crate::metrics::TaskLabels { task: job.name.clone() })
                .observe(waited as f64 / 1000.0);
        }
        let span = tracing::info_span!("job", job.id = %job.id, job.name = %job.name, attempt = job.attempts);
        if let Some(parent) = &job.traceparent {
            crate::common::trace::continue_from(&span, parent);
        }
        async move {
            let s = &self.scheduler;
            let Some(task) = s.registry.get(&job.name).cloned() else {
                let error = format!("no task named {:?} is registered in this process", job.name);
                let failure = Failure {
                    error: error.clone(),
                    retry_at: None,
                    refund_attempt: false,
                    pause: None,
                };
                return self
                    .end_attempt(
                        None,
                        &job,
                        &token,
                        Some(JobEnd::Failed(error)),
                        failure,
                        Vec::new(),
                        None,
                    )
                    .await;
            };
            let started = std::time::Instant::now();
            let cancel = stop.child_token();
            let lost = CancellationToken::new();
            let heartbeat = tokio::spawn(heartbeat(
                s.store.clone(),
                job.id.clone(),
                token.clone(),
                self.scheduler.config.lease,
                cancel.clone(),
                lost.clone(),
            ));
            let journal = Journal::new(&job.id);
            let ctx = JobContext {
                job: job.clone(),
                cancel: cancel.clone(),
                draining: draining.clone(),
                journal: journal.clone(),
            };
            tracing::info!("job started");
            let result = task.job.run(&ctx).await;
            heartbeat.abort();
            let duration_ms = started.elapsed().as_millis() as u64;
            let now = s.clock.now_ms();
            if lost.is_cancelled() {
                tracing::warn!(
                    duration_ms,
                    "lease lost (cancelled, or taken over); leaving the job to the store"
                );
                self.lease_lost(&job.id, journal.take(), true, now).await;
                return (Outcome::Abandoned("lease lost".into()), None);
            }
            let mut events = journal.take();
            let requeue = |error: String, at: i64, refund: bool, pause| Failure {
                error,
                retry_at: Some(at),
                refund_attempt: refund,
                pause,
            };
            let (end, failure) = match result {
                Ok(()) => {
                    let records = self.records(&task, &job, JobEnd::Completed, now);
                    let change = records
                        .as_ref()
                        .map(|(case_id, change)| (case_id.as_str(), change as RecordChange));
                    let ended = Event::Ended {
                        state: JobState::Completed,
                        error: None,
                    };
                    events.push(HistoryEvent { at: now, what: ended });
                    let names = s.registry.names();
                    let next = self.next(chain && !draining.is_cancelled(), &names);
                    let step = tracing::info_span!("store.complete");
                    return match s
                        .store
                        .complete(&job.id, &token, change, &events, next)
                        .instrument(step)
                        .await
                    {
                        Ok(found) => {
                            tracing::info!(duration_ms, "job completed");
                            (Outcome::Completed, self.take(found).await)
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "completion rejected");
                            events.pop();
                            let lost = matches!(e, StoreError::LeaseLost(_));
                            self.lease_lost(&job.id, events, lost, now).await;
                            (Outcome::Abandoned(e.to_string()), None)
                        }
                    };
                }
                Err(JobError::Retry(msg)) if job.attempts < job.max_attempts => {
                    let at = now + s.config.job_backoff.delay(job.attempts).as_millis() as i64;
                    let end = JobEnd::Requeued {
                        at_ms: at,
                        reason: msg.clone(),
                    };
                    (Some(end), requeue(msg, at, false, None))
                }
                Err(JobError::Retry(msg)) | Err(JobError::Permanent(msg)) => {
                    let failure = Failure {
                        error: msg.clone(),
                        retry_at: None,
                        refund_attempt: false,
                        pause: None,
                    };
                    (Some(JobEnd::Failed(msg)), failure)
                }
                Err(JobError::Pause { kind, message, at_ms }) => {
                    let end = JobEnd::Requeued {
                        at_ms,
                        reason: message.clone(),
                    };
                    (Some(end), requeue(message, at_ms, true, Some(kind)))
                }
                // Stopping cleanly: hand the job straight back instead of waiting out the lease. Its records
                // stay as they are: the next run carries on.
                Err(JobError::Interrupted(msg)) => (None, requeue(format!("interrupted: {msg}"), now, true, None)),
            };
            events.push(HistoryEvent {
                at: now,
                what: match (&failure.retry_at, failure.pause) {
                    (Some(at), Some(kind)) => Event::Paused {
                        kind,
                        until: *at,
                        reason: failure.error.clone(),
                    },
                    (Some(at), None) => Event::Retrying {
                        until: *at,
                        error: failure.error.clone(),
                    },
                    (None, _) => Event::Ended {
                        state: JobState::Failed,
                        error: Some(failure.error.clone()),
                    },
                },
            });
            let names = s.registry.names();
            let next = self.next(chain && !draining.is_cancelled(), &names);
            self.end_attempt(Some(&task), &job, &token, end, failure, events, next)
                .await
        }
        .instrument(span)
        .await
    }

    /// What this worker asks for with the end of an attempt when it `wants` its next job in that step.
    fn next<'a>(&'a self, wants: bool, names: &'a [&'a str]) -> Option<Next<'a>> {
        wants.then_some(Next {
            worker: &self.id,
            names,
            lease: self.scheduler.config.lease,
        })
    }

    /// The job's records and the change that shows `end` on them, when the job keeps records.
    fn records(
        &self,
        task: &super::registry::Task,
        job: &JobRecord,
        end: JobEnd,
        now_ms: i64,
    ) -> Option<(
        String,
        impl Fn(&mut CaseRecords) -> Result<(), StoreError> + Send + Sync + use<>,
    )> {
        let case_id = task.job.records_of(job)?;
        let erased = task.job.clone();
        Some((case_id, move |r: &mut CaseRecords| {
            erased.record_end(&end, r, now_ms);
            Ok(())
        }))
    }

    /// Ends an attempt that did not complete: back to the queue or failed, with `end` shown on the job's
    /// records in the same atomic step (and, with `next`, this worker's next job claimed in it).
    #[expect(clippy::too_many_arguments, reason = "the attempt's end, as the store step takes it")]
    async fn end_attempt(
        &self,
        task: Option<&super::registry::Task>,
        job: &JobRecord,
        token: &str,
        end: Option<JobEnd>,
        failure: Failure,
        mut events: Vec<HistoryEvent>,
        next: Option<Next<'_>>,
    ) -> (Outcome, Option<Claim>) {
        if events.is_empty() {
            let ended = Event::Ended {
                state: JobState::Failed,
                error: Some(failure.error.clone()),
            };
            events.push(HistoryEvent {
                at: self.scheduler.clock.now_ms(),
                what: ended,
            });
        }
        let now = self.scheduler.clock.now_ms();
        let records = match (task, end) {
            (Some(task), Some(end)) => self.records(task, job, end, now),
            _ => None,
        };
        let change = records
            .as_ref()
            .map(|(case_id, change)| (case_id.as_str(), change as RecordChange));
        let error = failure.error.clone();
        let (retry_at, refunded) = (failure.retry_at, failure.refund_attempt);
        let step = tracing::info_span!("store.fail");
        match self
            .scheduler
            .store
            .fail(&job.id, token, failure, change, &events, next)
            .instrument(step)
            .await
        {
            Ok((record, found)) => {
                let outcome = match retry_at {
                    // A pause the job asked for (a batch's next poll, a quota, the budget) or a hand-back is
                    // the plan going as planned; a retry that spends an attempt is a failure worth a warning.
                    Some(at) if refunded => {
                        tracing::info!(reason = %error, retry_at = %crate::clock::rfc3339(at), "job paused; it runs again then");
                        Outcome::Retrying(at)
                    }
                    Some(at) => {
                        tracing::warn!(error = %error, retry_at = %crate::clock::rfc3339(at), "job will run again");
                        Outcome::Retrying(at)
                    }
                    None => {
                        tracing::error!(error = %error, "job failed");
                        debug_assert_eq!(record.state, JobState::Failed);
                        self.on_failed(&record).await;
                        Outcome::Failed(error)
                    }
                };
                (outcome, self.take(found).await)
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not record how the attempt ended");
                events.pop();
                let lost = matches!(e, StoreError::LeaseLost(_));
                self.lease_lost(&job.id, events, lost, now).await;
                (Outcome::Abandoned(e.to_string()), None)
            }
        }
    }

    /// Writes what an attempt whose end could not be recorded did, and (`lost`) that it lost its lease,
    /// to the job's history: no store step of the job's takes them any more.
    async fn lease_lost(&self, job_id: &str, mut events: Vec<HistoryEvent>, lost: bool, now: i64) {
        if lost {
            events.push(HistoryEvent {
                at: now,
                what: Event::LeaseLost {
                    worker: self.id.clone(),
                },
            });
        }
        if let Err(e) = self.scheduler.store.append_history(job_id, &events).await {
            tracing::warn!(job.id = %job_id, error = %e, "could not write the attempt's history");
        }
    }
}

/// Renews the lease every third of its length, and watches for a cancel of the job. Cancels the job's
/// token when the lease is lost: the token went stale, the job was cancelled (announced by the store at
/// once, or found by looking every `cancel_poll` on a store that cannot announce other processes' cancels),
/// or, by this worker's own clock, the lease has run out since the last renewal the store confirmed (less
/// `fence_margin`): a worker cut off from the store stops starting provider calls and abandons those in
/// flight before another worker can take the job over, however long the store takes to answer.
async fn heartbeat(
    store: crate::store::SharedStore,
    id: String,
    token: String,
    lease: Duration,
    cancel: CancellationToken,
    lost: CancellationToken,
) {
    use tokio::sync::broadcast::error::RecvError;
    use tokio::time::{Instant, sleep_until, timeout_at};

    let every = lease / 3;
    let held_for = lease.saturating_sub(fence_margin(lease));
    // Subscribed before the first renewal, so a cancel right after the claim is heard.
    let mut cancels = Some(store.cancels());
    let poll = store.cancel_poll();
    // The claim was answered a moment ago: the lease runs from before that.
    let mut valid_until = Instant::now() + held_for;
    let mut renew_at = Instant::now() + every;
    let mut look_at = poll.map(|p| Instant::now() + p);
    let fenced = |valid_until: Instant| {
        tracing::warn!(
            job.id = %id,
            lease_ms = lease.as_millis() as u64,
            unconfirmed_ms = (Instant::now() - valid_until + held_for).as_millis() as u64,
            "the store has not confirmed this worker's lease in time, so by this worker's clock it has run out: \
             stopping the job's provider calls; another worker may take the job over"
        );
    };
    loop {
        let look = async {
            match look_at {
                Some(at) => sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        let announced = async {
            match cancels.as_mut() {
                Some(rx) => rx.recv().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = sleep_until(valid_until) => {
                fenced(valid_until);
                break;
            }
            _ = sleep_until(renew_at) => {
                renew_at += every;
                let sent = Instant::now();
                match timeout_at(valid_until, store.heartbeat(&id, &token, lease)).await {
                    Ok(Ok(())) => valid_until = sent + held_for,
                    Ok(Err(StoreError::LeaseLost(_))) => break,
                    Ok(Err(e)) => tracing::warn!(job.id = %id, error = %e, "heartbeat failed"),
                    Err(_) => {
                        fenced(valid_until);
                        break;
                    }
                }
            }
            got = announced => match got {
                Ok(cancelled) if cancelled == id => {
                    tracing::info!(job.id = %id, "job cancelled; stopping it");
                    break;
                }
                Ok(_) => {}
                // Missed announcements may include ours: look the job up now.
                Err(RecvError::Lagged(_)) => look_at = Some(Instant::now()),
                Err(RecvError::Closed) => cancels = None,
            },
            _ = look => {
                look_at = poll.map(|p| Instant::now() + p);
                if let Ok(Ok(Some(job))) = timeout_at(valid_until, store.get_job(&id)).await
                    && job.state != JobState::Running
                {
                    tracing::info!(job.id = %id, state = job.state.as_str(), "job no longer running here; stopping it");
                    break;
                }
            }
        }
    }
    lost.cancel();
    cancel.cancel();
}

/// How long before its lease runs out by its own clock a worker stops: a tenth of the lease, for the
/// clocks' drift and the claim's and renewals' round trips.
pub fn fence_margin(lease: Duration) -> Duration {
    lease / 10
}
