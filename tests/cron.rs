//! Cron on the embedded store with a simulated clock: every occurrence fires once, missed ones once.

mod common;

use std::sync::Arc;

use common::{Backend, DAY, FakeProvider, HOUR, MIDNIGHT, TestEnv, env_on};
use sleuths::app::{App, Parts};
use sleuths::casegen::ProceduralCases;
use sleuths::clock::ManualClock;
use sleuths::domain::JobState;
use sleuths::images::LocalImages;
use sleuths::store::JobFilter;

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
    env.app.scheduler.register_recurring_tasks().await.unwrap();
    // Uneven ticks (every 37 minutes, sometimes twice) over 30 days.
    let mut t = MIDNIGHT - HOUR;
    let end = MIDNIGHT + 30 * DAY - HOUR;
    while t < end {
        t += 37 * 60_000;
        clock.set(t);
        env.app.scheduler.tick_cron().await.unwrap();
        if t % 3 == 0 {
            env.app.scheduler.tick_cron().await.unwrap();
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
    let s = &env.app.scheduler;
    s.register_recurring_tasks().await.unwrap();
    assert_eq!(
        s.tick_cron().await.unwrap().len(),
        1,
        "the fresh start catches up yesterday's midnight"
    );

    // Down over midnight; back at 05:00 (a new scheduler on the same store, as after a restart).
    clock.set(MIDNIGHT + 5 * HOUR);
    let restarted = restart(&env, clock.clone()).await;
    restarted.scheduler.register_recurring_tasks().await.unwrap();
    let mut fired = Vec::new();
    for _ in 0..3 {
        fired.extend(restarted.scheduler.tick_cron().await.unwrap());
        clock.advance(std::time::Duration::from_secs(60));
    }
    assert_eq!(fired.len(), 1);
    let job = env.store.get_job(&fired[0]).await.unwrap().unwrap();
    assert_eq!(job.occurrence, Some(MIDNIGHT));
    env.drain().await;
    assert!(env.store.get_case("case-2026-11-28").await.unwrap().is_some());

    // Down for three days: still one catch-up, for the latest midnight only.
    clock.set(MIDNIGHT + 3 * DAY + 2 * HOUR);
    let fired: Vec<String> = restarted.scheduler.tick_cron().await.unwrap();
    assert_eq!(fired.len(), 1);
    assert_eq!(
        env.store.get_job(&fired[0]).await.unwrap().unwrap().occurrence,
        Some(MIDNIGHT + 3 * DAY)
    );

    // Past the grace window, a missed occurrence is skipped, not run.
    clock.set(MIDNIGHT + 4 * DAY + 13 * HOUR);
    assert!(restarted.scheduler.tick_cron().await.unwrap().is_empty());
    assert_eq!(daily_jobs(&env).await.len(), 3);
}

async fn two_schedulers_on_one_store_fire_once_per_occurrence(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT - HOUR);
    let env = daily_env(backend.clone(), clock.clone(), 30 * 60_000).await;
    let other = restart(&env, clock.clone()).await;
    env.app.scheduler.register_recurring_tasks().await.unwrap();
    other.scheduler.register_recurring_tasks().await.unwrap();
    let mut fired = 0;
    for h in 0..(10 * 24) {
        clock.set(MIDNIGHT - HOUR + (h + 1) * HOUR);
        let (a, b) = tokio::join!(env.app.scheduler.tick_cron(), other.scheduler.tick_cron());
        fired += a.unwrap().len() + b.unwrap().len();
    }
    assert_eq!(fired, 10);
    assert_eq!(daily_jobs(&env).await.len(), 10);
}

/// A second app on the same SQLite file, with its own connection: another process, in effect.
async fn restart(env: &TestEnv, clock: Arc<ManualClock>) -> App {
    let config = env.app.config.as_ref().clone();
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
);
