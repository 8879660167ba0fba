//! Cron on every store with a simulated clock: every occurrence fires once, missed ones once, paused ones
//! never; a schedule is paused and resumed, never cancelled.

mod common;

use std::sync::Arc;

use common::{Backend, DAY, FakeProvider, HOUR, MIDNIGHT, TestEnv, env_on};
use sleuths::app::{App, Parts};
use sleuths::casegen::ProceduralCases;
use sleuths::clock::ManualClock;
use sleuths::domain::JobState;
use sleuths::images::LocalImages;
use sleuths::scheduler::SchedulerError;
use sleuths::store::{JobFilter, StoreError};

const DAILY: &str = "daily-case-generation";

async fn daily_env(backend: Backend, clock: Arc<ManualClock>, grace_ms: u64) -> TestEnv {
    env_on(backend, FakeProvider::default(), Some(clock), |c| {
        c.scheduler.cron_grace = std::time::Duration::from_millis(grace_ms)
    })
    .await
}

async fn daily_jobs(env: &TestEnv) -> Vec<sleuths::domain::JobRecord> {
    let filter = JobFilter {
        name: Some("daily-case-generation".into()),
        ..Default::default()
    };
    env.store.list_jobs(&filter).await.unwrap()
}

async fn thirty_simulated_days_fire_exactly_thirty_daily_cases(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT - HOUR);
    // Ticks come up to 37 minutes after an occurrence: well within a 2 h grace. The fresh start's
    // catch-up candidate (yesterday's midnight, 23 h old) is outside it.
    let env = daily_env(backend.clone(), clock.clone(), 2 * HOUR as u64).await;
    env.app.register_recurring_tasks().await.unwrap();
    // Uneven ticks (every 37 minutes, sometimes twice) over 30 days.
    let mut t = MIDNIGHT - HOUR;
    let end = MIDNIGHT + 30 * DAY - HOUR;
    while t < end {
        t += 37 * 60_000;
        clock.set(t);
        env.app.tick_cron().await.unwrap();
        if t % 3 == 0 {
            env.app.tick_cron().await.unwrap();
        }
        env.drain().await;
    }
    let jobs = daily_jobs(&env).await;
    assert_eq!(jobs.len(), 30);
    assert!(jobs.iter().all(|j| j.state == JobState::Completed));
    let ids = env.store.list_case_ids(100).await.unwrap();
    assert_eq!(ids.len(), 30);
    assert!(
        ids.contains(&"case-2026-11-28".to_string()) && ids.contains(&"case-2026-12-27".to_string()),
        "{ids:?}"
    );
}

async fn a_start_after_a_missed_midnight_fires_exactly_one_catch_up(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT - DAY + HOUR);
    let env = daily_env(backend.clone(), clock.clone(), 12 * HOUR as u64).await;
    let s = &env.app;
    s.register_recurring_tasks().await.unwrap();
    assert_eq!(
        s.tick_cron().await.unwrap().len(),
        1,
        "the fresh start catches up yesterday's midnight"
    );

    // Down over midnight; back at 05:00 (a new scheduler on the same store, as after a restart).
    clock.set(MIDNIGHT + 5 * HOUR);
    let restarted = restart(&env, clock.clone()).await;
    restarted.register_recurring_tasks().await.unwrap();
    let mut fired = Vec::new();
    for _ in 0..3 {
        fired.extend(restarted.tick_cron().await.unwrap());
        clock.advance(std::time::Duration::from_secs(60));
    }
    assert_eq!(fired.len(), 1);
    let job = env.store.get_job(&fired[0]).await.unwrap().unwrap();
    assert_eq!(job.occurrence, Some(MIDNIGHT));
    env.drain().await;
    assert!(env.store.get_case("case-2026-11-28").await.unwrap().is_some());

    // Down for three days: still one catch-up, for the latest midnight only.
    clock.set(MIDNIGHT + 3 * DAY + 2 * HOUR);
    let fired: Vec<String> = restarted.tick_cron().await.unwrap();
    assert_eq!(fired.len(), 1);
    assert_eq!(
        env.store.get_job(&fired[0]).await.unwrap().unwrap().occurrence,
        Some(MIDNIGHT + 3 * DAY)
    );

    // Past the grace window, a missed occurrence is skipped, not run.
    clock.set(MIDNIGHT + 4 * DAY + 13 * HOUR);
    assert!(restarted.tick_cron().await.unwrap().is_empty());
    assert_eq!(daily_jobs(&env).await.len(), 3);
}

async fn two_schedulers_on_one_store_fire_once_per_occurrence(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT - HOUR);
    let env = daily_env(backend.clone(), clock.clone(), 30 * 60_000).await;
    let other = restart(&env, clock.clone()).await;
    env.app.register_recurring_tasks().await.unwrap();
    other.register_recurring_tasks().await.unwrap();
    let mut fired = 0;
    for h in 0..(10 * 24) {
        clock.set(MIDNIGHT - HOUR + (h + 1) * HOUR);
        let (a, b) = tokio::join!(env.app.tick_cron(), other.tick_cron());
        fired += a.unwrap().len() + b.unwrap().len();
    }
    assert_eq!(fired, 10);
    assert_eq!(daily_jobs(&env).await.len(), 10);
}

/// The daily schedule as the front door lists it.
async fn daily_schedule(app: &App) -> sleuths::domain::Schedule {
    let only_schedules = sleuths::scheduler::ListJobs {
        jobs: None,
        schedules: true,
    };
    let all = app.list_jobs(&only_schedules).await.unwrap();
    all.into_iter()
        .find_map(|l| match l {
            sleuths::scheduler::Listed::Recurring { schedule, .. } if schedule.id == DAILY => Some(schedule),
            _ => None,
        })
        .expect("the daily schedule")
}

async fn a_paused_schedule_fires_nothing_across_restarts_and_resumed_fires_its_next_occurrence(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT - HOUR);
    let env = daily_env(backend.clone(), clock.clone(), 2 * HOUR as u64).await;
    let s = &env.app;
    s.register_recurring_tasks().await.unwrap();
    // The fresh start's catch-up candidate (yesterday's midnight, 23 h old) is outside the grace window.
    assert!(s.tick_cron().await.unwrap().is_empty());
    assert!(s.pause_schedule(DAILY).await.unwrap().paused);

    // Midnight comes while paused: nothing fires, and the occurrence is recorded as passed.
    clock.set(MIDNIGHT + 10 * 60_000);
    assert!(s.tick_cron().await.unwrap().is_empty());
    assert!(daily_jobs(&env).await.is_empty());
    assert_eq!(daily_schedule(&env.app).await.last_fired, Some(MIDNIGHT));

    // Every worker registers the schedules again when it starts: that must not unpause it.
    s.register_recurring_tasks().await.unwrap();
    assert!(
        daily_schedule(&env.app).await.paused,
        "re-registration unpaused the schedule"
    );

    // Another process on the same store (a restart) sees the pause and fires nothing either.
    let restarted = restart(&env, clock.clone()).await;
    restarted.register_recurring_tasks().await.unwrap();
    assert!(
        daily_schedule(&restarted).await.paused,
        "the pause did not survive a restart"
    );
    clock.set(MIDNIGHT + DAY + 10 * 60_000);
    assert!(restarted.tick_cron().await.unwrap().is_empty());
    assert!(s.tick_cron().await.unwrap().is_empty());
    assert!(daily_jobs(&env).await.is_empty());
    assert_eq!(daily_schedule(&env.app).await.last_fired, Some(MIDNIGHT + DAY));

    // Resumed: no backlog now, and the next midnight fires once.
    assert!(!restarted.resume_schedule(DAILY).await.unwrap().paused);
    assert!(!daily_schedule(&env.app).await.paused);
    assert!(restarted.tick_cron().await.unwrap().is_empty());
    assert!(daily_jobs(&env).await.is_empty(), "resuming fired a backlog");
    clock.set(MIDNIGHT + 2 * DAY + 5 * 60_000);
    let fired = restarted.tick_cron().await.unwrap();
    assert_eq!(fired.len(), 1);
    assert!(s.tick_cron().await.unwrap().is_empty());
    let jobs = daily_jobs(&env).await;
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].occurrence, Some(MIDNIGHT + 2 * DAY));
}

async fn resuming_after_a_pause_no_scheduler_saw_does_not_run_the_occurrence_that_passed(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT - HOUR);
    let env = daily_env(backend.clone(), clock.clone(), 12 * HOUR as u64).await;
    let s = &env.app;
    s.register_recurring_tasks().await.unwrap();
    s.tick_cron().await.unwrap();
    s.pause_schedule(DAILY).await.unwrap();
    // No scheduler ticked over midnight (every worker was down); the occurrence is well within the grace
    // window, so without the pause it would run as a catch-up.
    clock.set(MIDNIGHT + HOUR);
    s.resume_schedule(DAILY).await.unwrap();
    assert!(
        s.tick_cron().await.unwrap().is_empty(),
        "the paused-over midnight ran on resume"
    );
    clock.set(MIDNIGHT + DAY + HOUR);
    assert_eq!(s.tick_cron().await.unwrap().len(), 1);
}

async fn a_pause_that_lands_between_reading_and_firing_a_schedule_still_wins(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT + 60_000);
    let env = daily_env(backend.clone(), clock.clone(), 2 * HOUR as u64).await;
    let s = &env.app;
    s.register_recurring_tasks().await.unwrap();
    s.pause_schedule(DAILY).await.unwrap();
    // A tick in another process read the schedule before the pause and fires it now.
    let job = sleuths::domain::NewJob {
        id: sleuths::ids::job_id(MIDNIGHT + 60_000),
        name: DAILY.into(),
        data: serde_json::json!({}),
        run_at: MIDNIGHT + 60_000,
        key: Some(format!("cron:{DAILY}:{MIDNIGHT}")),
        max_attempts: 3,
        schedule_id: None,
        occurrence: None,
        origin: sleuths::domain::history::Origin::Cli,
        traceparent: None,
    };
    assert_eq!(env.store.fire_schedule(DAILY, MIDNIGHT, Some(job)).await.unwrap(), None);
    assert!(daily_jobs(&env).await.is_empty());
    assert_eq!(daily_schedule(&env.app).await.last_fired, Some(MIDNIGHT));
}

async fn cancelling_a_schedule_is_refused_and_the_schedule_stays(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT - HOUR);
    let env = daily_env(backend.clone(), clock.clone(), 2 * HOUR as u64).await;
    let s = &env.app;
    s.register_recurring_tasks().await.unwrap();
    let err = s.cancel_job(DAILY).await.unwrap_err();
    assert!(
        matches!(&err, SchedulerError::ScheduleNotAJob(id) if id == DAILY),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("sleuths jobs pause daily-case-generation"),
        "{err}"
    );
    // The store itself no longer deletes a schedule through cancel.
    let err = env
        .store
        .cancel(DAILY, None, sleuths::domain::history::Origin::Cli)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    let schedule = daily_schedule(&env.app).await;
    assert!(!schedule.paused);
    // Still there, and still firing.
    clock.set(MIDNIGHT + 60_000);
    assert_eq!(s.tick_cron().await.unwrap().len(), 1);
    // Pausing or resuming an id that is not a schedule is a not-found.
    assert!(matches!(
        s.pause_schedule("cron-nope").await,
        Err(SchedulerError::ScheduleNotFound(_))
    ));
    assert!(matches!(
        env.store.set_schedule_paused("cron-nope", false).await,
        Err(StoreError::NotFound { .. })
    ));
}

/// A second app on the same SQLite file, with its own connection: another process, in effect.
async fn restart(env: &TestEnv, clock: Arc<ManualClock>) -> App {
    let config = env.app.config().clone();
    App::from_parts(
        config.clone(),
        Parts {
            store: common::open_backend(&env.backend, &env.dir, clock.clone()).await,
            images: Arc::new(LocalImages::new(config.images_dir())),
            provider: env.provider.clone(),
            casegen: Arc::new(ProceduralCases),
            clock,
        },
    )
    .unwrap()
}

conformance!(
    thirty_simulated_days_fire_exactly_thirty_daily_cases,
    a_start_after_a_missed_midnight_fires_exactly_one_catch_up,
    two_schedulers_on_one_store_fire_once_per_occurrence,
    a_paused_schedule_fires_nothing_across_restarts_and_resumed_fires_its_next_occurrence,
    resuming_after_a_pause_no_scheduler_saw_does_not_run_the_occurrence_that_passed,
    a_pause_that_lands_between_reading_and_firing_a_schedule_still_wins,
    cancelling_a_schedule_is_refused_and_the_schedule_stays,
);
