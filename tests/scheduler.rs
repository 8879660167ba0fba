//! The scheduler on a real SQLite file, with an injected clock: leases, retries, backoff, cancel, keys.

mod common;

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use common::{Backend, MIDNIGHT, open_backend};
use serde_json::json;
use sleuths::clock::ManualClock;
use sleuths::domain::{JobRecord, JobState, PauseKind};
use sleuths::scheduler::worker::Outcome;
use sleuths::scheduler::{
    Backoff, Job, JobContext, JobError, Registry, RunJob, Scheduler, SchedulerError, Settings, When, Worker,
};
use sleuths::store::{SharedStore, StoreError};
use tempfile::TempDir;

/// A job that plays back scripted outcomes and remembers what happened to it.
#[derive(Default)]
struct Probe {
    script: Mutex<VecDeque<Result<(), JobError>>>,
    runs: AtomicUsize,
    failed: Mutex<Vec<String>>,
}

/// The probe's payload: any JSON object.
#[derive(serde::Serialize, serde::Deserialize)]
struct ProbeJob(serde_json::Map<String, serde_json::Value>);

#[async_trait]
impl Job for ProbeJob {
    const NAME: &'static str = "probe";
    const MAX_ATTEMPTS: u32 = 3;
    type Env = Arc<Probe>;

    async fn run(&self, probe: Arc<Probe>, _ctx: &JobContext) -> Result<(), JobError> {
        probe.runs.fetch_add(1, Ordering::SeqCst);
        probe.script.lock().unwrap().pop_front().unwrap_or(Ok(()))
    }

    async fn on_failed(&self, probe: Arc<Probe>, _job: &JobRecord, error: &str) {
        probe.failed.lock().unwrap().push(error.to_owned());
    }
}

struct Rig {
    _dir: TempDir,
    clock: Arc<ManualClock>,
    store: SharedStore,
    scheduler: Scheduler,
    probe: Arc<Probe>,
}

const BACKOFF_BASE: Duration = Duration::from_secs(10);
const LEASE: Duration = Duration::from_secs(30);

async fn rig(backend: &Backend) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let clock = ManualClock::new(MIDNIGHT);
    let store = open_backend(backend, &dir, clock.clone()).await;
    let probe = Arc::new(Probe::default());
    let mut registry = Registry::new();
    registry.register::<ProbeJob>(probe.clone(), None);
    let config = Settings {
        job_backoff: Backoff::new(BACKOFF_BASE, Duration::from_secs(3600)),
        lease: LEASE,
        ..Default::default()
    };
    let scheduler = Scheduler::new(store.clone(), Arc::new(registry), clock.clone(), config);
    Rig {
        _dir: dir,
        clock,
        store,
        scheduler,
        probe,
    }
}

impl Rig {
    fn worker(&self) -> Worker {
        Worker::new(self.scheduler.clone(), false)
    }

    fn script(&self, outcomes: Vec<Result<(), JobError>>) {
        *self.probe.script.lock().unwrap() = outcomes.into();
    }

    async fn enqueue(&self) -> String {
        let now = self.clock.now();
        self.scheduler
            .run_job(
                RunJob {
                    name: "probe".into(),
                    data: json!({}),
                    when: When::At(now),
                    key: None,
                },
                sleuths::domain::history::Origin::Cli,
            )
            .await
            .unwrap()
    }

    async fn job(&self, id: &str) -> JobRecord {
        self.store.get_job(id).await.unwrap().unwrap()
    }
}

trait Now {
    fn now(&self) -> i64;
}
impl Now for ManualClock {
    fn now(&self) -> i64 {
        sleuths::clock::Clock::now_ms(self)
    }
}

async fn a_worker_that_stops_heartbeating_loses_its_job_to_another_after_the_lease_and_its_completion_is_rejected(
    backend: Backend,
) {
    let r = rig(&backend).await;
    let id = r.enqueue().await;
    let first = r
        .store
        .claim("worker-a", &["probe"], LEASE)
        .await
        .unwrap()
        .claim
        .unwrap();
    assert_eq!(first.job.id, id);

    // While the lease holds, nobody else gets the job.
    r.clock.advance(LEASE - Duration::from_secs(1));
    assert!(
        r.store
            .claim("worker-b", &["probe"], LEASE)
            .await
            .unwrap()
            .claim
            .is_none()
    );

    // Worker A goes silent; its lease runs out and worker B takes over.
    r.clock.advance(Duration::from_secs(2));
    let second = r
        .store
        .claim("worker-b", &["probe"], LEASE)
        .await
        .unwrap()
        .claim
        .unwrap();
    assert_eq!(second.job.id, id);
    assert_ne!(second.token, first.token);
    // A takeover is a crash, not a failure: the dead worker's attempt is given back.
    assert_eq!((second.job.attempts, second.job.crashes), (1, 1));

    // A wakes up: its heartbeat, completion and failure are all refused.
    assert!(matches!(
        r.store.heartbeat(&id, &first.token, LEASE).await,
        Err(StoreError::LeaseLost(_))
    ));
    assert!(matches!(
        r.store.complete(&id, &first.token, None, &[], None).await,
        Err(StoreError::LeaseLost(_))
    ));
    let failure = sleuths::store::Failure {
        error: "late".into(),
        retry_at: None,
        refund_attempt: false,
        pause: None,
    };
    assert!(matches!(
        r.store.fail(&id, &first.token, failure, None, &[], None).await,
        Err(StoreError::LeaseLost(_))
    ));
    assert_eq!(r.job(&id).await.state, JobState::Running);

    // B's token works.
    r.store.heartbeat(&id, &second.token, LEASE).await.unwrap();
    r.store.complete(&id, &second.token, None, &[], None).await.unwrap();
    assert_eq!(r.job(&id).await.state, JobState::Completed);
}

async fn a_failing_job_backs_off_exponentially_then_is_kept_failed_with_its_last_error(backend: Backend) {
    let r = rig(&backend).await;
    r.script(vec![
        Err(JobError::Retry("boom 1".into())),
        Err(JobError::Retry("boom 2".into())),
        Err(JobError::Retry("boom 3".into())),
    ]);
    let id = r.enqueue().await;
    let w = r.worker();

    for attempt in 1..=2u32 {
        let start = r.clock.now();
        let (_, outcome) = w.run_one().await.unwrap().unwrap();
        let Outcome::Retrying(at) = outcome else {
            panic!("expected a retry, got {outcome:?}")
        };
        let nominal = BACKOFF_BASE.as_millis() as i64 * 2i64.pow(attempt - 1);
        assert!(
            at - start >= nominal / 2 && at - start <= nominal,
            "attempt {attempt}: delay {} ms",
            at - start
        );
        // Not runnable before its time.
        assert!(w.run_one().await.unwrap().is_none());
        r.clock.set(at);
    }
    let (_, outcome) = w.run_one().await.unwrap().unwrap();
    assert_eq!(outcome, Outcome::Failed("boom 3".into()));
    let job = r.job(&id).await;
    assert_eq!(
        (job.state, job.attempts, job.last_error.as_deref()),
        (JobState::Failed, 3, Some("boom 3"))
    );
    assert_eq!(*r.probe.failed.lock().unwrap(), vec!["boom 3".to_string()]);

    // Kept for inspection, and a manual retry runs it again with fresh attempts.
    let again = r.scheduler.retry_job(&id).await.unwrap();
    assert_eq!((again.state, again.attempts), (JobState::Queued, 0));
    let (_, outcome) = w.run_one().await.unwrap().unwrap();
    assert_eq!(outcome, Outcome::Completed);
}

async fn a_permanent_error_is_not_retried(backend: Backend) {
    let r = rig(&backend).await;
    r.script(vec![Err(JobError::Permanent("case missing".into()))]);
    let id = r.enqueue().await;
    let (_, outcome) = r.worker().run_one().await.unwrap().unwrap();
    assert_eq!(outcome, Outcome::Failed("case missing".into()));
    assert_eq!(r.job(&id).await.attempts, 1);
    assert_eq!(r.probe.runs.load(Ordering::SeqCst), 1);
}

async fn a_paused_job_runs_again_at_the_given_time_without_spending_an_attempt(backend: Backend) {
    let r = rig(&backend).await;
    let resume = MIDNIGHT + 8 * 3_600_000;
    r.script(vec![Err(JobError::Pause {
        kind: PauseKind::Quota,
        message: "daily quota exhausted".into(),
        at_ms: resume,
    })]);
    let id = r.enqueue().await;
    let w = r.worker();
    let (_, outcome) = w.run_one().await.unwrap().unwrap();
    assert_eq!(outcome, Outcome::Retrying(resume));
    let job = r.job(&id).await;
    assert_eq!((job.state, job.attempts, job.run_at), (JobState::Queued, 0, resume));
    assert_eq!(
        job.paused_for,
        Some(PauseKind::Quota),
        "the pause's kind is a field of the job"
    );
    r.clock.set(resume);
    assert_eq!(w.run_one().await.unwrap().unwrap().1, Outcome::Completed);
    assert_eq!(r.job(&id).await.paused_for, None, "a claim ends the pause");
}

async fn waking_selects_jobs_by_the_kind_of_their_pause_not_by_their_message(backend: Backend) {
    let r = rig(&backend).await;
    let later = MIDNIGHT + 8 * 3_600_000;
    // Two paused jobs whose messages say the same; only the budget pause is woken by a raised budget.
    r.script(vec![
        Err(JobError::Pause {
            kind: PauseKind::Budget,
            message: "paused".into(),
            at_ms: later,
        }),
        Err(JobError::Pause {
            kind: PauseKind::Quota,
            message: "paused".into(),
            at_ms: later,
        }),
    ]);
    let w = r.worker();
    let budget = r.enqueue().await;
    w.run_one().await.unwrap().unwrap();
    let quota = r.enqueue().await;
    w.run_one().await.unwrap().unwrap();
    assert_eq!(r.job(&budget).await.paused_for, Some(PauseKind::Budget));
    assert_eq!(r.store.wake("probe", PauseKind::Budget).await.unwrap(), 1);
    assert!(r.job(&budget).await.run_at <= r.clock.now());
    assert_eq!(r.job(&quota).await.run_at, later, "the quota pause still holds");
}

async fn takeovers_do_not_spend_attempts_and_a_job_whose_workers_keep_dying_fails_saying_why(backend: Backend) {
    let r = rig(&backend).await;
    let id = r.enqueue().await;
    // Far more lost leases than the job's 3 attempts: each takeover counts a crash, not an attempt.
    for crash in 0..sleuths::domain::MAX_CRASHES {
        let claim = r.store.claim("crashy", &["probe"], LEASE).await.unwrap().claim;
        let claim = claim.unwrap_or_else(|| panic!("claim {crash} found nothing"));
        assert_eq!((claim.job.attempts, claim.job.crashes), (1, crash));
        r.clock.advance(LEASE + Duration::from_secs(1));
    }
    // The next lost lease is one too many.
    let w = r.worker();
    assert!(w.run_one().await.unwrap().is_none());
    let job = r.job(&id).await;
    assert_eq!(
        (job.state, job.crashes),
        (JobState::Failed, sleuths::domain::MAX_CRASHES)
    );
    let error = job.last_error.as_deref().unwrap();
    assert!(
        error.contains(&format!(
            "stopped renewing the lease {} times",
            sleuths::domain::MAX_CRASHES
        )),
        "{error}"
    );
    assert_eq!(r.probe.failed.lock().unwrap().len(), 1, "on_failed is called");
    assert_eq!(r.probe.runs.load(Ordering::SeqCst), 0);
}

async fn a_job_taken_over_after_lost_leases_still_runs_to_the_end(backend: Backend) {
    let r = rig(&backend).await;
    let id = r.enqueue().await;
    for _ in 0..8 {
        assert!(
            r.store
                .claim("killed", &["probe"], LEASE)
                .await
                .unwrap()
                .claim
                .is_some()
        );
        r.clock.advance(LEASE + Duration::from_secs(1));
    }
    let (job, outcome) = r.worker().run_one().await.unwrap().unwrap();
    assert_eq!(outcome, Outcome::Completed);
    assert_eq!((job.attempts, job.crashes), (1, 8));
    assert_eq!(r.job(&id).await.state, JobState::Completed);
}

/// What a worker asks for with a completion in the rig: its next probe job.
fn next(worker: &str) -> sleuths::store::Next<'_> {
    sleuths::store::Next {
        worker,
        names: &["probe"],
        lease: LEASE,
    }
}

/// Two queued jobs, the first claimed by worker `a`: their ids and `a`'s claim.
async fn two_jobs_the_first_held_by_a(r: &Rig) -> (String, String, sleuths::store::Claim) {
    let first = r.enqueue().await;
    r.clock.advance(Duration::from_millis(1));
    let second = r.enqueue().await;
    let held = r.store.claim("a", &["probe"], LEASE).await.unwrap().claim.unwrap();
    assert_eq!(held.job.id, first);
    (first, second, held)
}

async fn completing_a_job_claims_the_worker_s_next_job_in_the_same_step(backend: Backend) {
    use sleuths::domain::history::Event;
    let r = rig(&backend).await;
    let (first, second, held) = two_jobs_the_first_held_by_a(&r).await;

    // A stale token: nothing is completed and nothing is claimed.
    assert!(matches!(
        r.store.complete(&first, "stale", None, &[], Some(next("a"))).await,
        Err(StoreError::LeaseLost(_))
    ));
    assert_eq!(r.job(&first).await.state, JobState::Running);
    assert_eq!(r.job(&second).await.state, JobState::Queued);

    let found = r
        .store
        .complete(&first, &held.token, None, &[], Some(next("a")))
        .await
        .unwrap();
    assert_eq!(r.job(&first).await.state, JobState::Completed);
    let taken = found.claim.expect("the completion claimed the next job");
    assert!(found.dead.is_empty());
    assert_eq!(taken.job.id, second);
    assert_eq!(
        (taken.job.state, taken.job.worker.as_deref(), taken.job.attempts),
        (JobState::Running, Some("a"), 1)
    );
    let stored = r.job(&second).await;
    assert_eq!((stored.state, stored.worker.as_deref()), (JobState::Running, Some("a")));
    let history = r.store.history(&second).await.unwrap().unwrap();
    let claims: Vec<_> = history
        .events
        .iter()
        .filter(|e| matches!(&e.what, Event::Claimed { worker, .. } if worker == "a"))
        .collect();
    assert_eq!(claims.len(), 1, "{:?}", history.events);
    // The token handed over holds the lease.
    r.store.heartbeat(&second, &taken.token, LEASE).await.unwrap();

    // The last job: its completion finds nothing to claim.
    let found = r
        .store
        .complete(&second, &taken.token, None, &[], Some(next("a")))
        .await
        .unwrap();
    assert!(found.claim.is_none() && found.dead.is_empty());
    assert_eq!(r.job(&second).await.state, JobState::Completed);

    // Without `next`, a completion claims nothing.
    let third = r.enqueue().await;
    let held = r.store.claim("b", &["probe"], LEASE).await.unwrap().claim.unwrap();
    assert_eq!(held.job.id, third);
    let fourth = r.enqueue().await;
    let found = r.store.complete(&third, &held.token, None, &[], None).await.unwrap();
    assert!(found.claim.is_none() && found.dead.is_empty());
    assert_eq!(r.job(&fourth).await.state, JobState::Queued);
}

async fn a_failed_or_paused_attempt_claims_the_worker_s_next_job_in_the_same_step(backend: Backend) {
    use sleuths::store::Failure;
    let r = rig(&backend).await;
    let (first, second, held) = two_jobs_the_first_held_by_a(&r).await;
    let later = r.clock.now() + 60_000;
    let pause = |at| Failure {
        error: "paused".into(),
        retry_at: at,
        refund_attempt: true,
        pause: None,
    };
    // A stale token: nothing is written and nothing claimed.
    assert!(matches!(
        r.store
            .fail(&first, "stale", pause(Some(later)), None, &[], Some(next("a")))
            .await,
        Err(StoreError::LeaseLost(_))
    ));
    assert_eq!(r.job(&second).await.state, JobState::Queued);

    let (paused, found) = r
        .store
        .fail(&first, &held.token, pause(Some(later)), None, &[], Some(next("a")))
        .await
        .unwrap();
    assert_eq!(
        (paused.id.as_str(), paused.state, paused.run_at),
        (first.as_str(), JobState::Queued, later)
    );
    assert_eq!(paused.attempts, 0, "a pause gives its attempt back");
    let taken = found.claim.expect("the pause claimed the next job");
    assert_eq!(
        (taken.job.id.as_str(), taken.job.worker.as_deref()),
        (second.as_str(), Some("a"))
    );
    assert_eq!(r.job(&second).await.state, JobState::Running);

    // Failed for good: the paused job is not due, so nothing is claimed.
    let (failed, found) = r
        .store
        .fail(&second, &taken.token, pause(None), None, &[], Some(next("a")))
        .await
        .unwrap();
    assert_eq!(failed.state, JobState::Failed);
    assert!(found.claim.is_none() && found.dead.is_empty());
    assert_eq!(r.job(&first).await.state, JobState::Queued);

    // A hand-back due at once is claimed straight back: its history has the attempt's end, then the
    // claim.
    use sleuths::domain::history::{Event, HistoryEvent};
    let third = r.enqueue().await;
    let held = r.store.claim("c", &["probe"], LEASE).await.unwrap().claim.unwrap();
    assert_eq!(held.job.id, third);
    let now = r.clock.now();
    let paused = HistoryEvent {
        at: now,
        what: Event::Retrying {
            until: now,
            error: "handed back".into(),
        },
    };
    let (_, found) = r
        .store
        .fail(&third, &held.token, pause(Some(now)), None, &[paused], Some(next("c")))
        .await
        .unwrap();
    assert_eq!(found.claim.unwrap().job.id, third);
    let events = r.store.history(&third).await.unwrap().unwrap().events;
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| match &e.what {
            Event::Claimed { .. } => "claimed",
            Event::Retrying { .. } => "retrying",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds[kinds.len() - 3..],
        ["claimed", "retrying", "claimed"],
        "{events:?}"
    );
}

async fn a_completion_fails_on_the_way_a_job_whose_workers_keep_dying(backend: Backend) {
    let r = rig(&backend).await;
    let fine = r.enqueue().await;
    let held = r.store.claim("a", &["probe"], LEASE).await.unwrap().claim.unwrap();
    assert_eq!(held.job.id, fine);
    let doomed = r.enqueue().await;
    // Its workers die MAX_CRASHES times, while `a` keeps its lease on `fine`.
    for _ in 0..sleuths::domain::MAX_CRASHES {
        let claim = r.store.claim("crashy", &["probe"], LEASE).await.unwrap().claim;
        assert_eq!(claim.unwrap().job.id, doomed);
        r.clock.advance(LEASE + Duration::from_secs(1));
        r.store.heartbeat(&fine, &held.token, LEASE).await.unwrap();
    }
    let ok = r.enqueue().await;
    let found = r
        .store
        .complete(&fine, &held.token, None, &[], Some(next("a")))
        .await
        .unwrap();
    // The lease that ran out on `doomed` is the most overdue: one more takeover is one too many.
    assert_eq!(
        found.dead.iter().map(|j| j.id.as_str()).collect::<Vec<_>>(),
        [doomed.as_str()]
    );
    assert_eq!(found.dead[0].state, JobState::Failed);
    assert!(
        found.dead[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("stopped renewing the lease")),
        "{:?}",
        found.dead[0].last_error
    );
    assert_eq!(found.claim.unwrap().job.id, ok);
}

async fn a_stale_token_ends_nothing_and_writes_no_records(backend: Backend) {
    let r = rig(&backend).await;
    let id = r.enqueue().await;
    let first = r.store.claim("a", &["probe"], LEASE).await.unwrap().claim.unwrap();
    r.clock.advance(LEASE + Duration::from_secs(1));
    let _second = r.store.claim("b", &["probe"], LEASE).await.unwrap().claim.unwrap();
    // A case record the stale worker would mark: it must stay as it is.
    let marker = |rec: &mut sleuths::store::CaseRecords| {
        rec.case = None;
        rec.status = None;
        Ok(())
    };
    let probe_case = "case-2026-11-28";
    let created = |rec: &mut sleuths::store::CaseRecords| {
        let case = case_writer::write(&sleuths::casegen::CaseRequest {
            id: probe_case.into(),
            date: "2026-11-28".into(),
            seed: 1,
            counts: sleuths::casegen::CaseCounts::default(),
            created_at: 0,
        })
        .unwrap();
        rec.status = Some(sleuths::domain::ImageStatus::pending_for(&case, None, 0));
        rec.case = Some(case);
        Ok(())
    };
    r.store.modify(probe_case, &created).await.unwrap();
    assert!(matches!(
        r.store
            .complete(&id, &first.token, Some((probe_case, &marker)), &[], None)
            .await,
        Err(StoreError::LeaseLost(_))
    ));
    let failure = sleuths::store::Failure {
        error: "late".into(),
        retry_at: None,
        refund_attempt: false,
        pause: None,
    };
    assert!(matches!(
        r.store
            .fail(&id, &first.token, failure, Some((probe_case, &marker)), &[], None)
            .await,
        Err(StoreError::LeaseLost(_))
    ));
    assert!(
        r.store.get_case(probe_case).await.unwrap().is_some(),
        "the stale end wrote nothing"
    );
    assert!(r.store.get_status(probe_case).await.unwrap().is_some());
    assert_eq!(r.job(&id).await.state, JobState::Running);
}

async fn ten_concurrent_run_job_calls_with_one_key_give_one_job(backend: Backend) {
    let r = rig(&backend).await;
    let mut handles = Vec::new();
    for _ in 0..10 {
        let s = r.scheduler.clone();
        let now = r.clock.now();
        handles.push(tokio::spawn(async move {
            s.run_job(
                RunJob {
                    name: "probe".into(),
                    data: json!({"caseId": "case-2026-11-28"}),
                    when: When::At(now),
                    key: Some("generate-case-images:case-2026-11-28".into()),
                },
                sleuths::domain::history::Origin::Cli,
            )
            .await
            .unwrap()
        }));
    }
    let mut ids = Vec::new();
    for h in handles {
        ids.push(h.await.unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(r.store.list_jobs(&Default::default()).await.unwrap().len(), 1);

    // Once that job is done, the key is free again.
    assert_eq!(r.worker().run_one().await.unwrap().unwrap().1, Outcome::Completed);
    let next = r
        .scheduler
        .run_job(
            RunJob {
                name: "probe".into(),
                data: json!({}),
                when: When::At(r.clock.now()),
                key: Some("generate-case-images:case-2026-11-28".into()),
            },
            sleuths::domain::history::Origin::Cli,
        )
        .await
        .unwrap();
    assert_ne!(next, ids[0]);
}

async fn a_job_scheduled_for_later_waits_for_its_time(backend: Backend) {
    let r = rig(&backend).await;
    let at = r.clock.now() + 60_000;
    r.scheduler
        .run_job(
            RunJob {
                name: "probe".into(),
                data: json!({}),
                when: When::At(at),
                key: None,
            },
            sleuths::domain::history::Origin::Cli,
        )
        .await
        .unwrap();
    let w = r.worker();
    assert!(w.run_one().await.unwrap().is_none());
    assert_eq!(r.store.next_wakeup(&["probe"]).await.unwrap(), Some(at));
    r.clock.set(at);
    assert_eq!(w.run_one().await.unwrap().unwrap().1, Outcome::Completed);
}

async fn cancel_removes_a_queued_job_and_takes_the_lease_from_a_running_one(backend: Backend) {
    let r = rig(&backend).await;
    let queued = r.enqueue().await;
    r.scheduler
        .cancel_job(&queued, sleuths::domain::history::Origin::Cli)
        .await
        .unwrap();
    assert_eq!(r.job(&queued).await.state, JobState::Cancelled);
    assert!(r.worker().run_one().await.unwrap().is_none());

    let running = r.enqueue().await;
    let claim = r.store.claim("w", &["probe"], LEASE).await.unwrap().claim.unwrap();
    r.scheduler
        .cancel_job(&running, sleuths::domain::history::Origin::Cli)
        .await
        .unwrap();
    assert!(matches!(
        r.store.heartbeat(&running, &claim.token, LEASE).await,
        Err(StoreError::LeaseLost(_))
    ));
    assert!(matches!(
        r.store.complete(&running, &claim.token, None, &[], None).await,
        Err(StoreError::LeaseLost(_))
    ));

    // A finished job cannot be cancelled; a cancelled one can be retried.
    assert!(matches!(
        r.scheduler
            .cancel_job(&running, sleuths::domain::history::Origin::Cli)
            .await,
        Err(SchedulerError::Conflict(_))
    ));
    assert_eq!(r.scheduler.retry_job(&running).await.unwrap().state, JobState::Queued);
}

async fn unknown_ids_unknown_tasks_and_bad_cron_expressions_get_clear_errors(backend: Backend) {
    let r = rig(&backend).await;
    let e = r
        .scheduler
        .cancel_job("job-nope", sleuths::domain::history::Origin::Cli)
        .await
        .unwrap_err();
    assert!(
        matches!(e, SchedulerError::NotFound(_)) && e.to_string().contains("job-nope"),
        "{e}"
    );
    let e = r.scheduler.retry_job("job-nope").await.unwrap_err();
    assert!(matches!(e, SchedulerError::NotFound(_)), "{e}");
    let e = r
        .scheduler
        .run_job(
            RunJob {
                name: "nope".into(),
                data: json!({}),
                when: When::At(0),
                key: None,
            },
            sleuths::domain::history::Origin::Cli,
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("unknown task \"nope\""), "{e}");
    let e = r
        .scheduler
        .run_job(
            RunJob {
                name: "probe".into(),
                data: json!({}),
                when: When::Cron("every day at noon".into()),
                key: None,
            },
            sleuths::domain::history::Origin::Cli,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(e, SchedulerError::Cron(_)) && e.to_string().contains("bad cron expression"),
        "{e}"
    );
    // A queued job cannot be retried.
    let id = r.enqueue().await;
    assert!(matches!(
        r.scheduler.retry_job(&id).await,
        Err(SchedulerError::Conflict(_))
    ));
}

#[tokio::test]
async fn a_corrupt_job_record_is_reported_not_panicked_on() {
    let r = rig(&Backend::Sqlite).await;
    let id = r.enqueue().await;
    let conn = rusqlite::Connection::open(r._dir.path().join("sleuths.db")).unwrap();
    conn.execute("UPDATE jobs SET data = '{not json' WHERE id = ?1", [&id])
        .unwrap();
    let e = r.store.get_job(&id).await.unwrap_err();
    assert!(
        matches!(e, StoreError::Corrupt { .. }) && e.to_string().contains(&id),
        "{e}"
    );
    conn.execute("UPDATE jobs SET state = 'exploded' WHERE id = ?1", [&id])
        .unwrap();
    assert!(matches!(
        r.store.list_jobs(&Default::default()).await,
        Err(StoreError::Corrupt { .. })
    ));
}

async fn the_rate_limit_is_shared_by_every_connection_to_the_store(backend: Backend) {
    let r = rig(&backend).await;
    let other = open_backend(&backend, &r._dir, r.clock.clone()).await;
    let rate = sleuths::store::rate::Rate {
        per_minute: 60,
        burst: 2,
    };
    // The burst of two goes at once, from either connection.
    assert_eq!(r.store.rate_limit("provider:x", rate).await.unwrap(), Duration::ZERO);
    assert_eq!(other.rate_limit("provider:x", rate).await.unwrap(), Duration::ZERO);
    // The third waits a whole interval, on either connection; another bucket is unaffected.
    let wait = other.rate_limit("provider:x", rate).await.unwrap();
    assert!(
        wait > Duration::from_millis(990) && wait <= Duration::from_secs(1),
        "{wait:?}"
    );
    assert_eq!(r.store.rate_limit("provider:y", rate).await.unwrap(), Duration::ZERO);
    r.clock.advance(Duration::from_secs(1));
    assert_eq!(r.store.rate_limit("provider:x", rate).await.unwrap(), Duration::ZERO);
    assert!(other.rate_limit("provider:x", rate).await.unwrap() > Duration::ZERO);
}

conformance!(
    the_rate_limit_is_shared_by_every_connection_to_the_store,
    a_worker_that_stops_heartbeating_loses_its_job_to_another_after_the_lease_and_its_completion_is_rejected,
    a_failing_job_backs_off_exponentially_then_is_kept_failed_with_its_last_error,
    a_permanent_error_is_not_retried,
    a_paused_job_runs_again_at_the_given_time_without_spending_an_attempt,
    waking_selects_jobs_by_the_kind_of_their_pause_not_by_their_message,
    takeovers_do_not_spend_attempts_and_a_job_whose_workers_keep_dying_fails_saying_why,
    a_job_taken_over_after_lost_leases_still_runs_to_the_end,
    a_stale_token_ends_nothing_and_writes_no_records,
    completing_a_job_claims_the_worker_s_next_job_in_the_same_step,
    a_completion_fails_on_the_way_a_job_whose_workers_keep_dying,
    a_failed_or_paused_attempt_claims_the_worker_s_next_job_in_the_same_step,
    ten_concurrent_run_job_calls_with_one_key_give_one_job,
    a_job_scheduled_for_later_waits_for_its_time,
    cancel_removes_a_queued_job_and_takes_the_lease_from_a_running_one,
    unknown_ids_unknown_tasks_and_bad_cron_expressions_get_clear_errors,
);

#[tokio::test]
async fn a_corrupt_record_in_redis_is_reported_not_panicked_on() {
    let r = rig(&Backend::Sqlite).await;
    let Backend::Redis(prefix) = Backend::redis() else {
        unreachable!()
    };
    let store =
        sleuths::store::RedisStore::connect(&common::redis_url(), &prefix, r.clock.clone(), Duration::from_secs(60))
            .await
            .unwrap();
    let prefix = sleuths::store::redis::tagged_prefix(&prefix);
    let client = ::redis::Client::open(common::redis_url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let _: () = ::redis::cmd("SET")
        .arg(format!("{prefix}case:case-x"))
        .arg("{broken")
        .query_async(&mut conn)
        .await
        .unwrap();
    let _: () = ::redis::cmd("HSET")
        .arg(format!("{prefix}job:job-x"))
        .arg("state")
        .arg("exploded")
        .query_async(&mut conn)
        .await
        .unwrap();
    use sleuths::store::{CaseStore, JobStore};
    assert!(matches!(
        store.get_case("case-x").await,
        Err(StoreError::Corrupt { .. })
    ));
    let e = store.get_job("job-x").await.unwrap_err();
    assert!(
        matches!(e, StoreError::Corrupt { .. }) && e.to_string().contains("job-x"),
        "{e}"
    );
}

/// A job that counts down and stops its worker after the last one.
#[derive(serde::Serialize, serde::Deserialize)]
struct Tick {}

struct Countdown {
    left: AtomicUsize,
    stop: tokio_util::sync::CancellationToken,
}

#[async_trait]
impl Job for Tick {
    const NAME: &'static str = "tick";
    const MAX_ATTEMPTS: u32 = 1;
    type Env = Arc<Countdown>;

    async fn run(&self, env: Arc<Countdown>, _ctx: &JobContext) -> Result<(), JobError> {
        if env.left.fetch_sub(1, Ordering::SeqCst) == 1 {
            env.stop.cancel();
        }
        Ok(())
    }
}

/// Commands a Redis receives from its clients (not those its scripts run), by name, from `MONITOR` started
/// now until `ECHO end-of-count` arrives.
fn count_commands(port: u16) -> std::thread::JoinHandle<std::collections::BTreeMap<String, usize>> {
    use std::io::{BufRead, Write};
    let mut conn = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    conn.write_all(b"MONITOR\r\n").unwrap();
    let mut lines = std::io::BufReader::new(conn);
    let mut ok = String::new();
    lines.read_line(&mut ok).unwrap();
    assert_eq!(ok.trim(), "+OK");
    std::thread::spawn(move || {
        let mut counts = std::collections::BTreeMap::new();
        for line in lines.lines() {
            let line = line.unwrap();
            // `+<time> [<db> <client address or lua>] "<command>" "<arg>"...`
            let Some((source, command)) = line.split_once("] \"") else {
                continue;
            };
            if source.ends_with(" lua") {
                continue;
            }
            let command = command.split('"').next().unwrap_or("").to_lowercase();
            if command == "echo" && line.contains("end-of-count") {
                break;
            }
            *counts.entry(command).or_insert(0) += 1;
        }
        counts
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_worker_makes_one_redis_round_trip_a_job() {
    const JOBS: usize = 40;
    let dir = tempfile::tempdir().unwrap();
    let redis = common::redis::OwnRedis::start(dir.path());
    let clock: sleuths::clock::SharedClock = Arc::new(sleuths::clock::SystemClock);
    let store: SharedStore = Arc::new(
        sleuths::store::RedisStore::connect(&redis.url(), "rt:", clock.clone(), Duration::from_secs(60))
            .await
            .unwrap(),
    );
    let countdown = Arc::new(Countdown {
        left: AtomicUsize::new(JOBS + 1),
        stop: Default::default(),
    });
    let mut registry = Registry::new();
    registry.register::<Tick>(countdown.clone(), None);
    let settings = Settings {
        concurrency: 1,
        ..Default::default()
    };
    let scheduler = Scheduler::new(store.clone(), Arc::new(registry), clock, settings);
    // One job first, so the scripts are loaded on this new server before the count.
    for _ in 0..=JOBS {
        let job = RunJob {
            name: "tick".into(),
            data: json!({}),
            when: When::At(0),
            key: None,
        };
        scheduler
            .run_job(job, sleuths::domain::history::Origin::Cli)
            .await
            .unwrap();
    }
    let port: u16 = redis
        .url()
        .rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .parse()
        .unwrap();
    let worker = Worker::new(scheduler, false);
    assert!(worker.run_one().await.unwrap().is_some());
    store.purge(0).await.unwrap();
    let counting = count_commands(port);
    worker.run(countdown.stop.clone()).await.unwrap();
    let client = ::redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.unwrap();
    let _: String = ::redis::cmd("ECHO")
        .arg("end-of-count")
        .query_async(&mut conn)
        .await
        .unwrap();
    let counts = counting.join().unwrap();

    let done = store.list_jobs(&Default::default()).await.unwrap();
    assert_eq!(done.len(), JOBS + 1);
    assert!(done.iter().all(|j| j.state == JobState::Completed), "{done:?}");
    // One script a job (its completion claims the next), and at start the first claim, the purge of old
    // jobs and a look at the leases other workers hold; no polling while the worker is busy.
    let scripts = counts.get("evalsha").copied().unwrap_or(0);
    let total: usize = counts.values().sum();
    assert!(scripts <= JOBS + 2, "{scripts} scripts for {JOBS} jobs: {counts:?}");
    assert!(total <= JOBS + 4, "{total} commands for {JOBS} jobs: {counts:?}");
}
