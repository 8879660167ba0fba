//! The store traits' methods the other suites reach only on the way, called on their own with their
//! results checked, on SQLite, Redis and the Redis Cluster: the newest case, the case index, job counts
//! by state, listing and filtering jobs, the next wake-up, purging, the stored budget, reservations.

mod common;

use std::time::Duration;

use common::{Backend, FakeProvider, MIDNIGHT, env_on};
use sleuths::clock::ManualClock;
use sleuths::domain::{JobState, Reservation};
use sleuths::store::JobFilter;

async fn cases_jobs_and_the_budget_read_back_as_written(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT);
    let env = env_on(backend, FakeProvider::default(), Some(clock.clone()), |_| {}).await;
    let store = &env.store;
    assert_eq!(store.latest_case().await.unwrap(), None);
    assert_eq!(store.job_counts().await.unwrap().iter().map(|(_, n)| n).sum::<u64>(), 0);

    let first = env.app.create_case(None).await.unwrap();
    clock.advance(Duration::from_secs(1));
    let other = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let second = env.app.create_case(Some(other)).await.unwrap();
    // The newest by creation, whatever its date.
    assert_eq!(store.latest_case().await.unwrap().unwrap().id, second.case.id);
    assert_eq!(
        store.list_case_ids(10).await.unwrap(),
        vec![second.case.id.clone(), first.case.id.clone()]
    );
    assert_eq!(store.list_case_ids(1).await.unwrap(), vec![second.case.id.clone()]);

    let count = |counts: &[(JobState, u64)], state| counts.iter().find(|(s, _)| *s == state).map_or(0, |(_, n)| *n);
    let counts = store.job_counts().await.unwrap();
    assert_eq!(count(&counts, JobState::Queued), 2, "{counts:?}");
    // A task's queued or running jobs (read from its queue and running set on Redis), newest first.
    let active = |states: Vec<JobState>, limit| JobFilter {
        states,
        name: Some("generate-case-images".into()),
        limit: Some(limit),
    };
    let ids = |jobs: Vec<sleuths::domain::JobRecord>| jobs.into_iter().map(|j| j.id).collect::<Vec<_>>();
    let queued = store.list_jobs(&active(vec![JobState::Queued], 10)).await.unwrap();
    assert_eq!(ids(queued), [second.job_id.as_str(), first.job_id.as_str()]);
    let newest = store
        .list_jobs(&active(vec![JobState::Queued, JobState::Running], 1))
        .await
        .unwrap();
    assert_eq!(ids(newest), [second.job_id.as_str()]);
    let claimed = store
        .claim("w", &["generate-case-images"], Duration::from_secs(30))
        .await
        .unwrap()
        .claim
        .unwrap();
    let running = store.list_jobs(&active(vec![JobState::Running], 10)).await.unwrap();
    assert_eq!(ids(running), [claimed.job.id.as_str()]);
    let other_task = JobFilter {
        name: Some("daily-case-generation".into()),
        ..active(vec![JobState::Running], 10)
    };
    assert!(store.list_jobs(&other_task).await.unwrap().is_empty());
    // Handed back as it was queued, so the drain below paints it.
    let back = sleuths::store::Failure {
        error: "handed back".into(),
        retry_at: Some(claimed.job.run_at),
        refund_attempt: true,
        pause: None,
    };
    store
        .fail(&claimed.job.id, &claimed.token, back, None, &[], None)
        .await
        .unwrap();
    // The next wake-up is the earliest due job; painting them leaves nothing to wake for.
    assert_eq!(
        store.next_wakeup(&["generate-case-images"]).await.unwrap(),
        Some(MIDNIGHT)
    );
    env.drain().await;
    let counts = store.job_counts().await.unwrap();
    assert_eq!(
        (count(&counts, JobState::Queued), count(&counts, JobState::Completed)),
        (0, 2),
        "{counts:?}"
    );
    assert_eq!(store.next_wakeup(&["generate-case-images"]).await.unwrap(), None);

    let completed = JobFilter {
        states: vec![JobState::Completed],
        name: Some("generate-case-images".into()),
        limit: Some(1),
    };
    let listed = store.list_jobs(&completed).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, second.job_id, "newest first");
    let job = store.get_job(&first.job_id).await.unwrap().unwrap();
    assert_eq!((job.state, job.paused_for), (JobState::Completed, None));

    // The stored budget, and a reservation held against it.
    assert_eq!(store.stored_budget().await.unwrap(), None);
    store.set_budget(Some(100)).await.unwrap();
    assert_eq!(store.stored_budget().await.unwrap(), Some(100));
    assert_eq!(
        store.reserve("2026-11-28", 60, None).await.unwrap(),
        Reservation::Granted
    );
    assert!(matches!(
        store.reserve("2026-11-28", 60, None).await.unwrap(),
        Reservation::Refused {
            reserved: 60,
            budget: 100,
            ..
        }
    ));
    store.set_budget(None).await.unwrap();
    assert_eq!(store.stored_budget().await.unwrap(), None);

    // Finished jobs older than the cutoff go; the cases stay.
    clock.advance(Duration::from_secs(3600));
    let purged = store.purge(sleuths::clock::Clock::now_ms(&*clock)).await.unwrap();
    assert!(purged >= 2, "{purged}");
    assert_eq!(store.get_job(&first.job_id).await.unwrap(), None);
    assert!(store.get_case(&first.case.id).await.unwrap().is_some());
}

conformance!(cases_jobs_and_the_budget_read_back_as_written);
