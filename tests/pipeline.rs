//! The image pipeline on the embedded store: status transitions, per-slot failures, concurrency.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{Backend, FakeProvider, MIDNIGHT, env_on};
use sleuths::clock::ManualClock;
use sleuths::domain::{JobState, Slot, SlotKind, StatusState};
use sleuths::pipeline::PipelineError;
use sleuths::providers::ProviderError;
use sleuths::scheduler::worker::Outcome;

async fn status_goes_pending_generating_completed_with_progress_0_to_15_and_index_aligned_images(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT + 3_600_000);
    let env = env_on(
        backend.clone(),
        FakeProvider {
            latency: Duration::from_millis(20),
            ..Default::default()
        },
        Some(clock),
        |c| c.pipeline.concurrency = 2,
    )
    .await;
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let created = env.app.create_case(Some(date)).await.unwrap();
    let id = created.case.id.clone();
    assert_eq!(id, "case-2026-11-28");

    let pending = env.store.get_status(&id).await.unwrap().unwrap();
    assert_eq!(pending.status, StatusState::Pending);
    assert_eq!((pending.progress.current, pending.progress.total), (0, 15));
    insta::assert_json_snapshot!("status_pending", pending, { ".jobId" => "[job id]" });

    // Every change of the record, as the store publishes it, while a worker paints the case.
    let mut changes = env.store.status_changes();
    let watch_id = id.clone();
    // Pending was read above, before any worker ran.
    let first = (pending.status, pending.progress.current);
    let watcher = tokio::spawn(async move {
        let mut seen = vec![first];
        tokio::time::timeout(Duration::from_secs(60), async {
            loop {
                let change = changes.recv().await.expect("no change was lost");
                if change.case_id != watch_id {
                    continue;
                }
                let s = change.status;
                if seen.last() != Some(&(s.status, s.progress.current)) {
                    seen.push((s.status, s.progress.current));
                }
                if s.status.is_final() {
                    return;
                }
            }
        })
        .await
        .unwrap_or_else(|_| panic!("the record never ended: {seen:?}"));
        seen
    });
    assert_eq!(env.drain().await, 1);
    let seen = watcher.await.unwrap();

    let states: Vec<StatusState> = seen.iter().map(|s| s.0).fold(Vec::new(), |mut v, s| {
        if v.last() != Some(&s) {
            v.push(s)
        }
        v
    });
    assert_eq!(
        states,
        [StatusState::Pending, StatusState::Generating, StatusState::Completed]
    );
    let progress: Vec<usize> = seen.iter().map(|s| s.1).collect();
    assert!(
        progress.windows(2).all(|w| w[0] <= w[1]),
        "progress went backwards: {progress:?}"
    );
    assert!(
        progress.iter().filter(|p| **p > 0 && **p < 15).count() >= 3,
        "too few intermediate steps seen: {progress:?}"
    );

    let done = env.store.get_status(&id).await.unwrap().unwrap();
    assert_eq!((done.progress.current, done.progress.total), (15, 15));
    insta::assert_json_snapshot!("status_completed", done, { ".jobId" => "[job id]" });

    // The case carries the same URLs, slot for slot, and the files exist.
    let case = env.store.get_case(&id).await.unwrap().unwrap();
    for slot in case.slots() {
        let url = case.image_url(slot).expect("every slot has a picture");
        assert_eq!(Some(url), done.images.get(slot));
        assert!(
            url.starts_with(&format!("/images/{id}/{}-{}.jpg?v=", slot.kind, slot.index)),
            "{url}"
        );
        let name = sleuths::images::full_name(&id, slot);
        let bytes = env.app.picture(&name).await.unwrap().unwrap();
        assert_eq!(&bytes[..2], &[0xff, 0xd8], "a JPEG");
        let thumb = env.app.picture(&sleuths::images::thumb_name(&id, slot)).await.unwrap();
        assert!(thumb.is_some());
    }
    assert_eq!(env.provider.calls(), 15);
}

async fn one_slot_failing_permanently_leaves_the_other_14_painted_and_names_that_slot_in_errors(backend: Backend) {
    let broken = Slot::new(SlotKind::Suspect, 1);
    let provider = FakeProvider::default().fail(broken, ProviderError::SlotFinal("blocked: IMAGE_SAFETY".into()));
    let env = env_on(backend.clone(), provider, None, |_| {}).await;
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(s.status, StatusState::Completed);
    assert_eq!(s.progress.current, 15);
    assert_eq!(s.images.count(), 14);
    assert_eq!(s.errors.len(), 1);
    assert_eq!((s.errors[0].kind, s.errors[0].index), (SlotKind::Suspect, 1));
    assert!(s.errors[0].message.contains("IMAGE_SAFETY"));
    assert_eq!(s.images.suspects[1], None);
    assert!(s.images.suspects[0].is_some() && s.images.suspects[2].is_some());
    // A final slot error is not retried.
    assert_eq!(env.provider.calls(), 15);
}

async fn a_flaky_slot_is_retried_and_then_painted(backend: Backend) {
    let slot = Slot::new(SlotKind::Evidence, 3);
    let provider = FakeProvider::default();
    provider.flaky.lock().unwrap().insert(slot, 2);
    let env = env_on(backend.clone(), provider, None, |_| {}).await;
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.images.count(), s.errors.len()),
        (StatusState::Completed, 15, 0)
    );
    assert_eq!(env.provider.calls(), 17);
}

async fn a_slot_that_keeps_failing_transiently_waits_for_a_later_run_and_fails_only_when_the_budget_is_spent(
    backend: Backend,
) {
    let clock = ManualClock::new(MIDNIGHT);
    let slot = Slot::new(SlotKind::Location, 0);
    let provider = FakeProvider::default().fail(
        slot,
        ProviderError::Retryable {
            message: "HTTP 503".into(),
            retry_after: None,
        },
    );
    let env = env_on(backend.clone(), provider, Some(clock.clone()), |c| {
        c.pipeline.slot_attempts = 3
    })
    .await;
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    // The run painted the rest and left the slot open, with no final error: the job comes back later.
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.progress.current, s.images.count()),
        (StatusState::Generating, 14, 14)
    );
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let resumes = s.paused_until.expect("the record says when the job resumes");
    assert!(
        s.paused_reason.as_deref().unwrap().contains("HTTP 503"),
        "{:?}",
        s.paused_reason
    );
    let job = env.store.get_job(&created.job_id).await.unwrap().unwrap();
    assert_eq!((job.state, job.run_at, job.attempts), (JobState::Queued, resumes, 0));
    assert_eq!(env.provider.calls(), 14 + 3);

    // Runs within the budget keep it open.
    clock.advance(Duration::from_secs(3600));
    env.drain().await;
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!((s.status, s.errors.len(), s.reruns), (StatusState::Generating, 0, 2));
    assert_eq!(env.provider.calls(), 14 + 6);

    // Past the transient budget (6 h from the start), the slot's error is final and names the cause.
    clock.advance(Duration::from_secs(6 * 3600));
    env.drain().await;
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.progress.current, s.errors.len()),
        (StatusState::Completed, 15, 1)
    );
    let message = &s.errors[0].message;
    assert!(
        message.contains("HTTP 503") && message.contains("transient budget of 6h is spent"),
        "{message}"
    );
    assert_eq!(env.provider.calls(), 14 + 9);
}

async fn a_slot_left_by_transient_errors_is_painted_by_a_later_run_with_no_hole(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT);
    let slot = Slot::new(SlotKind::Evidence, 7);
    let provider = FakeProvider::default();
    // More failures than one run's attempts.
    provider.flaky.lock().unwrap().insert(slot, 4);
    let env = env_on(backend.clone(), provider, Some(clock.clone()), |c| {
        c.pipeline.slot_attempts = 3
    })
    .await;
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!((s.status, s.progress.current), (StatusState::Generating, 14));
    clock.advance(Duration::from_secs(60));
    env.drain().await;
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.progress.current, s.images.count(), s.errors.len()),
        (StatusState::Completed, 15, 15, 0)
    );
    assert_eq!(s.paused_until, None, "no pause is left on a finished record");
    assert_eq!(env.provider.calls(), 14 + 3 + 2);
    let job = env.store.get_job(&created.job_id).await.unwrap().unwrap();
    assert_eq!(
        (job.state, job.attempts),
        (JobState::Completed, 1),
        "the reruns spent no attempt"
    );
}

async fn a_throttled_answer_that_names_its_delay_waits_it_without_spending_an_attempt(backend: Backend) {
    let slot = Slot::new(SlotKind::Suspect, 2);
    let provider = FakeProvider::default();
    provider.throttled.lock().unwrap().insert(slot, 10);
    let env = env_on(backend.clone(), provider, None, |c| c.pipeline.slot_attempts = 1).await;
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.images.count(), s.errors.len()),
        (StatusState::Completed, 15, 0)
    );
    assert_eq!(env.provider.calls(), 15 + 10);
}

async fn a_throttled_job_says_so_on_its_record_while_429s_slow_it_and_not_after(backend: Backend) {
    let slot = Slot::new(SlotKind::Location, 0);
    let provider = FakeProvider::default();
    provider.throttled.lock().unwrap().insert(slot, 30);
    let env = env_on(backend.clone(), provider, None, |c| c.pipeline.concurrency = 1).await;
    let mut changes = env.store.status_changes();
    let created = env.app.create_case(None).await.unwrap();
    let drained = {
        let app = env.app.clone();
        tokio::spawn(async move { common::drain(&app).await })
    };
    // The record shows the spell as it happens: since when, and a growing count of calls that waited.
    let seen = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let change = changes.recv().await.unwrap();
            if change.case_id == created.case.id
                && let Some(t) = &change.status.throttled
            {
                break t.clone();
            }
        }
    })
    .await
    .expect("the record shows the throttling");
    assert!(seen.waits >= 1 && seen.since > 0, "{seen:?}");
    assert_eq!(seen.last_delay_ms, Some(1));
    drained.await.unwrap();
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!((s.status, s.images.count()), (StatusState::Completed, 15));
    assert_eq!(s.throttled, None, "a finished run is no longer throttled");
}

async fn cancelling_a_queued_job_fails_its_record_in_the_same_step(backend: Backend) {
    let env = env_on(backend.clone(), FakeProvider::default(), None, |_| {}).await;
    let created = env.app.create_case(None).await.unwrap();
    let mut changes = env.store.status_changes();
    env.app.cancel_job(&created.job_id).await.unwrap();
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!((s.status, s.cancelled), (StatusState::Failed, true));
    assert_eq!(s.error.as_deref(), Some("cancelled by a moderator"));
    assert!(s.completed_at.is_some());
    // Watchers (the event stream) see the final record, and close on it.
    let seen = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let change = changes.recv().await.unwrap();
            if change.case_id == created.case.id && change.status.status.is_final() {
                return change.status;
            }
        }
    })
    .await
    .expect("the cancel was published");
    assert!(seen.cancelled);
    let job = env.store.get_job(&created.job_id).await.unwrap().unwrap();
    assert_eq!(job.state, JobState::Cancelled);
    assert_eq!(env.drain().await, 0);
    assert_eq!(env.provider.calls(), 0);
}

async fn cancelling_a_running_job_stops_its_calls_within_a_heartbeat_and_the_record_says_cancelled(backend: Backend) {
    let env = env_on(
        backend.clone(),
        FakeProvider {
            latency: Duration::from_millis(150),
            ..Default::default()
        },
        None,
        |c| {
            c.pipeline.concurrency = 2;
            c.scheduler.lease = Duration::from_millis(900);
        },
    )
    .await;
    let created = env.app.create_case(None).await.unwrap();
    // One attempt of the job, to its end: the attempt's end is the event this test waits for.
    let worker = env.app.worker(false);
    let attempt = tokio::spawn(async move { worker.run_one().await });
    common::wait_until(Duration::from_secs(30), || async {
        env.store
            .get_status(&created.case.id)
            .await
            .unwrap()
            .unwrap()
            .progress
            .current
            >= 3
    })
    .await;
    env.app.cancel_job(&created.job_id).await.unwrap();
    let cancelled_at = std::time::Instant::now();
    let at_cancel = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!((at_cancel.status, at_cancel.cancelled), (StatusState::Failed, true));
    let (_, outcome) = tokio::time::timeout(Duration::from_secs(10), attempt)
        .await
        .expect("the attempt went on for 10 s after its cancel")
        .unwrap()
        .unwrap()
        .expect("the worker claimed the job");
    assert!(matches!(outcome, Outcome::Abandoned(_)), "{outcome:?}");
    // The cancel reaches the job within one heartbeat, a third of the lease (300 ms): no call starts later.
    let late: Vec<Duration> = env
        .provider
        .started
        .lock()
        .unwrap()
        .iter()
        .filter_map(|t| t.checked_duration_since(cancelled_at))
        .filter(|d| *d > Duration::from_millis(300))
        .collect();
    assert!(late.is_empty(), "calls started after the cancel was heard: {late:?}");
    let calls = env.provider.calls();
    assert!(calls < 15, "the job painted on: {calls} calls");
    let after = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(
        (after.status, after.cancelled, after.progress.current),
        (StatusState::Failed, true, at_cancel.progress.current),
        "nothing is painted into a cancelled record"
    );
    let job = env.store.get_job(&created.job_id).await.unwrap().unwrap();
    assert_eq!(job.state, JobState::Cancelled);
}

async fn every_slot_failing_fails_the_job_and_the_status(backend: Backend) {
    let mut provider = FakeProvider::default();
    let case_slots: Vec<Slot> = (0..4)
        .map(|i| Slot::new(SlotKind::Location, i))
        .chain((0..3).map(|i| Slot::new(SlotKind::Suspect, i)))
        .chain((0..8).map(|i| Slot::new(SlotKind::Evidence, i)))
        .collect();
    for s in case_slots {
        provider = provider.fail(s, ProviderError::SlotFinal("blocked".into()));
    }
    let env = env_on(backend.clone(), provider, None, |_| {}).await;
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(s.status, StatusState::Failed);
    assert_eq!(s.progress.current, 15);
    let job = env.store.get_job(&created.job_id).await.unwrap().unwrap();
    assert_eq!(job.state, sleuths::domain::JobState::Failed);
    assert_eq!(job.attempts, 1, "a permanent failure is not retried");
}

async fn a_rejected_key_ends_the_job_at_once_with_its_message(backend: Backend) {
    let provider = FakeProvider::default().fail(
        Slot::new(SlotKind::Location, 0),
        ProviderError::JobFatal("the API key was rejected".into()),
    );
    let env = env_on(backend.clone(), provider, None, |c| c.pipeline.concurrency = 1).await;
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(s.status, StatusState::Failed);
    assert_eq!(s.error.as_deref(), Some("the API key was rejected"));
    assert_eq!(env.provider.calls(), 1);
}

async fn many_slots_finishing_at_the_same_moment_lose_no_update(backend: Backend) {
    let gate = Arc::new(tokio::sync::Barrier::new(15));
    let env = env_on(
        backend.clone(),
        FakeProvider {
            gate: Some(gate),
            ..Default::default()
        },
        None,
        |c| c.pipeline.concurrency = 15,
    )
    .await;
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;
    let id = created.case.id;
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.progress.current, s.images.count()),
        (StatusState::Completed, 15, 15)
    );
    let case = env.store.get_case(&id).await.unwrap().unwrap();
    assert!(case.slots().iter().all(|slot| case.image_url(*slot).is_some()));
}

async fn a_rerun_paints_only_what_is_missing(backend: Backend) {
    let broken = Slot::new(SlotKind::Evidence, 7);
    let provider = FakeProvider::default().fail(broken, ProviderError::SlotFinal("blocked".into()));
    let env = env_on(backend.clone(), provider, None, |_| {}).await;
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;
    assert_eq!(env.provider.calls(), 15);

    env.provider.failures.lock().unwrap().clear();
    let again = env.app.queue_images(&created.case.id).await.unwrap();
    assert_ne!(again, created.job_id);
    let pending = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!((pending.status, pending.progress.current), (StatusState::Pending, 14));
    env.drain().await;
    assert_eq!(env.provider.calls(), 16, "only the missing slot was painted again");
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.images.count(), s.errors.len()),
        (StatusState::Completed, 15, 0)
    );
}

async fn ten_concurrent_triggers_for_one_case_give_one_job(backend: Backend) {
    let env = env_on(backend, FakeProvider::default(), None, |_| {}).await;
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;
    let id = created.case.id.clone();
    let mut handles = Vec::new();
    for _ in 0..10 {
        let p = env.app.clone();
        let id = id.clone();
        handles.push(tokio::spawn(async move { p.queue_images(&id).await.unwrap() }));
    }
    let mut ids = Vec::new();
    for h in handles {
        ids.push(h.await.unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    let active = env
        .store
        .list_jobs(&sleuths::store::JobFilter {
            states: vec![sleuths::domain::JobState::Queued],
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(active.len(), 1);
}

async fn a_finished_status_record_expires_seven_days_after_completion(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT);
    let env = env_on(backend.clone(), FakeProvider::default(), Some(clock.clone()), |_| {}).await;
    let created = env.app.create_case(None).await.unwrap();
    let id = created.case.id;
    // Unfinished records never expire.
    clock.advance(Duration::from_secs(30 * 24 * 3600));
    assert!(env.store.get_status(&id).await.unwrap().is_some());
    env.drain().await;
    let done = env.store.get_status(&id).await.unwrap().unwrap();
    assert_eq!(done.status, StatusState::Completed);
    clock.advance(Duration::from_secs(7 * 24 * 3600) - Duration::from_millis(1));
    assert!(env.store.get_status(&id).await.unwrap().is_some());
    clock.advance(Duration::from_millis(1));
    assert!(env.store.get_status(&id).await.unwrap().is_none());
    env.store.purge(0).await.unwrap();
    assert!(env.store.get_status(&id).await.unwrap().is_none());
    // The case itself stays, with its pictures.
    let case = env.store.get_case(&id).await.unwrap().unwrap();
    assert!(case.slots().iter().all(|s| case.image_url(*s).is_some()));
}

async fn a_final_record_without_completed_at_expires_by_its_last_update_on_every_store(backend: Backend) {
    // Today on the test clock: Redis expires keys on its own clock, so the expiry must lie ahead of it.
    let today = chrono::Utc::now().timestamp_millis();
    let clock = ManualClock::new(today);
    let env = env_on(backend.clone(), FakeProvider::default(), Some(clock.clone()), |_| {}).await;
    let created = env.app.create_case(None).await.unwrap();
    let id = created.case.id;
    // A record made final by hand (an older binary, an operator), last updated six days ago, with no
    // completedAt: it expires seven days after that update, not seven days after it is written.
    let six_days_ago = today - 6 * common::DAY;
    let finalize = |r: &mut sleuths::store::CaseRecords| {
        let s = r.status.as_mut().unwrap();
        s.status = StatusState::Failed;
        s.completed_at = None;
        s.updated_at = six_days_ago;
        Ok(())
    };
    env.store.modify(&id, &finalize).await.unwrap();
    clock.advance(Duration::from_secs(24 * 3600) - Duration::from_millis(1));
    assert!(env.store.get_status(&id).await.unwrap().is_some());
    clock.advance(Duration::from_millis(1));
    assert!(
        env.store.get_status(&id).await.unwrap().is_none(),
        "the record outlived its expiry on {backend:?}"
    );
}

async fn an_image_store_that_stays_down_stops_the_job_for_a_retry_without_blaming_a_slot(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT);
    let env = env_on(backend.clone(), FakeProvider::default(), Some(clock.clone()), |c| {
        c.pipeline.concurrency = 1
    })
    .await;
    // A real write failure: the images directory is a plain file, so no picture can be written under it.
    let images_dir = env.dir.path().join("images");
    std::fs::write(&images_dir, b"not a directory").unwrap();
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    let job = env.store.get_job(&created.job_id).await.unwrap().unwrap();
    assert_eq!((job.state, job.attempts), (sleuths::domain::JobState::Queued, 1));
    let error = job.last_error.unwrap();
    assert!(error.contains("the image store failed 5 times"), "{error}");
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(
        (s.progress.current, s.errors.len()),
        (0, 0),
        "no slot is blamed for the outage"
    );
    assert_eq!(
        env.provider.calls(),
        1,
        "the painted picture was written again, not painted again"
    );

    // The store comes back; the retry paints everything, the lost picture once more.
    std::fs::remove_file(&images_dir).unwrap();
    clock.advance(Duration::from_secs(3600));
    env.drain().await;
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.images.count(), s.errors.len()),
        (StatusState::Completed, 15, 0)
    );
    assert_eq!(env.provider.calls(), 16);
}

async fn a_moderator_repaint_paints_the_named_slot_again_and_nothing_else(backend: Backend) {
    let env = env_on(backend.clone(), FakeProvider::default(), None, |_| {}).await;
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;
    assert_eq!(env.provider.calls(), 15);
    let id = &created.case.id;
    let slot: Slot = "suspect-1".parse().unwrap();
    let before = env.store.get_case(id).await.unwrap().unwrap();

    let job = env.app.repaint(id, &[slot]).await.unwrap();
    assert_ne!(job, created.job_id);
    let pending = env.store.get_status(id).await.unwrap().unwrap();
    assert_eq!((pending.status, pending.progress.current), (StatusState::Pending, 14));
    assert_eq!(pending.images.get(slot), None);
    let case = env.store.get_case(id).await.unwrap().unwrap();
    assert_eq!(
        case.image_url(slot),
        before.image_url(slot),
        "the case keeps its picture until the new one replaces it"
    );
    // While that job waits, another repaint would not be honoured: it is refused, naming the job.
    match env.app.repaint(id, &[slot]).await {
        Err(PipelineError::Busy { job: busy, .. }) => assert_eq!(busy, job),
        other => panic!("expected Busy, got {other:?}"),
    }
    match env.app.repaint(id, &["ev-9".parse().unwrap()]).await {
        Err(e @ PipelineError::NoSuchSlot { .. }) => assert!(e.to_string().contains("has no slot ev-9"), "{e}"),
        other => panic!("expected NoSuchSlot, got {other:?}"),
    }

    env.drain().await;
    assert_eq!(env.provider.calls(), 16, "only the named slot was painted again");
    let s = env.store.get_status(id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.progress.current, s.images.count(), s.errors.len()),
        (StatusState::Completed, 15, 15, 0)
    );
}

conformance!(
    status_goes_pending_generating_completed_with_progress_0_to_15_and_index_aligned_images,
    one_slot_failing_permanently_leaves_the_other_14_painted_and_names_that_slot_in_errors,
    a_flaky_slot_is_retried_and_then_painted,
    a_slot_that_keeps_failing_transiently_waits_for_a_later_run_and_fails_only_when_the_budget_is_spent,
    a_slot_left_by_transient_errors_is_painted_by_a_later_run_with_no_hole,
    a_throttled_answer_that_names_its_delay_waits_it_without_spending_an_attempt,
    a_throttled_job_says_so_on_its_record_while_429s_slow_it_and_not_after,
    cancelling_a_queued_job_fails_its_record_in_the_same_step,
    cancelling_a_running_job_stops_its_calls_within_a_heartbeat_and_the_record_says_cancelled,
    every_slot_failing_fails_the_job_and_the_status,
    a_rejected_key_ends_the_job_at_once_with_its_message,
    many_slots_finishing_at_the_same_moment_lose_no_update,
    a_rerun_paints_only_what_is_missing,
    ten_concurrent_triggers_for_one_case_give_one_job,
    a_finished_status_record_expires_seven_days_after_completion,
    a_final_record_without_completed_at_expires_by_its_last_update_on_every_store,
    an_image_store_that_stays_down_stops_the_job_for_a_retry_without_blaming_a_slot,
    a_moderator_repaint_paints_the_named_slot_again_and_nothing_else,
);

/// The embedded store checkpoints its WAL in the background (automatic checkpoints are off, so no request
/// pays for one): the database file itself soon holds every case.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_wal_is_checkpointed_into_the_database_file_in_the_background() {
    let env = env_on(Backend::Sqlite, FakeProvider::default(), None, |_| {}).await;
    for _ in 0..20 {
        env.app.create_case(None).await.unwrap();
    }
    let db = env.dir.path().join("sleuths.db");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    for round in 0.. {
        // A copy of the main file alone, without its WAL, holds only what has been checkpointed.
        let copy = env.dir.path().join(format!("main-file-only-{round}.db"));
        std::fs::copy(&db, &copy).unwrap();
        let cases: i64 = rusqlite::Connection::open(&copy)
            .and_then(|c| c.query_row("SELECT count(*) FROM cases", [], |r| r.get(0)))
            .unwrap_or(0);
        if cases == 20 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "after 10 s the database file holds {cases} of 20 cases"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
