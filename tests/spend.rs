//! The spend ledger and the shared daily budget, on every store: three workers (each with a
//! store connection of its own, as three processes have) share one budget; a refused call is never made;
//! the jobs pause until the next UTC day and resume by themselves, or when a moderator raises the budget.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use sleuths::app::{App, Parts};
use sleuths::casegen::ProceduralCases;
use sleuths::clock::{ManualClock, SharedClock};
use sleuths::domain::spend::{day_of, next_day_start};
use sleuths::domain::{ImageStatus, StatusState};
use sleuths::images::LocalImages;
const BUDGET_PAUSE: &str = "the daily budget";

/// 40,000 micro-dollars: $0.04 a picture, so $0.80 buys exactly 20.
const PRICE: i64 = 40_000;

/// Another worker on the same store and provider, with a store connection of its own.
async fn another_app(env: &TestEnv, clock: SharedClock) -> App {
    let config = {
        let mut c = test_config(&env.dir);
        c.budget.daily_usd = Some(0.80);
        c
    };
    let store = open_backend(&env.backend, &env.dir, clock.clone()).await;
    App::from_parts(
        config.clone(),
        Parts {
            store,
            images: Arc::new(LocalImages::new(config.images_dir())),
            provider: env.provider.clone(),
            casegen: Arc::new(ProceduralCases),
            clock,
        },
    )
    .unwrap()
}

/// Runs every due job on the three workers at once until none is due.
async fn drain_all(apps: &[App]) {
    let runs: Vec<_> = apps.iter().map(drain).collect();
    futures_util::future::join_all(runs).await;
}

async fn statuses(env: &TestEnv, ids: &[String]) -> Vec<ImageStatus> {
    let mut out = Vec::new();
    for id in ids {
        out.push(env.store.get_status(id).await.unwrap().unwrap());
    }
    out
}

async fn a_budget_worth_20_pictures_holds_three_workers_to_20_paid_calls_and_the_next_day_resumes_them(
    backend: Backend,
) {
    let start = MIDNIGHT + 10 * HOUR;
    let clock = ManualClock::new(start);
    let provider = FakeProvider {
        price: PRICE,
        latency: Duration::from_millis(5),
        ..Default::default()
    };
    let env = env_on(backend, provider, Some(clock.clone()), |c| {
        c.budget.daily_usd = Some(0.80);
    })
    .await;
    let apps = [
        env.app.clone(),
        another_app(&env, clock.clone()).await,
        another_app(&env, clock.clone()).await,
    ];
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(env.app.create_case(None).await.unwrap().case.id);
    }

    // Day one: 45 pictures wanted, $0.80 to spend: exactly 20 calls are made, and every job pauses.
    drain_all(&apps).await;
    assert_eq!(
        env.provider.calls(),
        20,
        "the budget holds the calls to 20 across three workers"
    );
    let today = day_of(start);
    let charges = env.store.charges(&today).await.unwrap();
    assert_eq!(charges.len(), 20, "one ledger entry per paid call");
    assert!(
        charges
            .iter()
            .all(|c| c.micros == PRICE && c.painted && c.model == "fake-model")
    );
    let day = &env.store.spend(&today, &today).await.unwrap()[0];
    assert_eq!(
        (day.spent, day.reserved),
        (20 * PRICE, 0),
        "settled, and nothing left held"
    );
    let resume = next_day_start(start);
    let mut painted = 0;
    let mut cost = 0.0;
    for s in statuses(&env, &ids).await {
        assert_eq!(s.status, StatusState::Generating);
        assert_eq!(s.paused_until, Some(resume), "paused until the next UTC day");
        let reason = s.paused_reason.clone().unwrap();
        assert!(reason.starts_with(BUDGET_PAUSE) && reason.contains("$0.80"), "{reason}");
        painted += s.images.count();
        cost += s.cost_usd;
    }
    assert_eq!(painted, 20);
    assert!(
        (cost - 0.80).abs() < 1e-9,
        "the cases' costs add up to the day's spend: {cost}"
    );

    // Still today: nothing is due and nothing is spent.
    clock.advance(Duration::from_secs(3600));
    drain_all(&apps).await;
    assert_eq!(env.provider.calls(), 20);

    // The next UTC day: the jobs resume by themselves, and spend that day's budget.
    clock.set(resume + 1_000);
    drain_all(&apps).await;
    assert_eq!(env.provider.calls(), 40, "another day, another 20 pictures");
    let tomorrow = day_of(resume);
    assert_eq!(
        env.store.spend(&tomorrow, &tomorrow).await.unwrap()[0].spent,
        20 * PRICE
    );
    assert!(statuses(&env, &ids).await.iter().any(|s| s.paused_until.is_some()));

    // A moderator raises the budget: the paused jobs wake now and paint the last five.
    let woken = env.app.set_budget(Some(5.0)).await.unwrap();
    assert!(woken >= 1, "the paused jobs are woken");
    drain_all(&apps).await;
    assert_eq!(env.provider.calls(), 45, "each slot painted once, whatever the pauses");
    for s in statuses(&env, &ids).await {
        assert_eq!(s.status, StatusState::Completed, "{s:?}");
        assert_eq!(s.paused_until, None);
    }
    let report = env.app.spend_report(2).await.unwrap();
    assert_eq!(report.budget_source, "moderator");
    assert_eq!(report.budget_usd, Some(5.0));
    let spent: Vec<f64> = report.days.iter().map(|d| d.spent_usd).collect();
    assert_eq!(spent, vec![0.80, 25.0 * 0.04], "{report:?}");
}

async fn a_call_that_costs_nothing_leaves_no_ledger_entry_and_gives_its_reservation_back(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT + HOUR);
    let provider = FakeProvider {
        price: PRICE,
        ..Default::default()
    };
    // Two 503s for the first location (not billed), then a picture.
    provider.flaky.lock().unwrap().insert("location-0".parse().unwrap(), 2);
    let env = env_on(backend, provider, Some(clock.clone()), |c| {
        c.budget.daily_usd = Some(100.0);
    })
    .await;
    let id = env.app.create_case(None).await.unwrap().case.id;
    env.drain().await;
    assert_eq!(env.provider.calls(), 17, "15 pictures and two failed calls");
    let today = day_of(MIDNIGHT + HOUR);
    let charges = env.store.charges(&today).await.unwrap();
    assert_eq!(charges.len(), 15, "the two 503s were not billed");
    assert!(charges.iter().all(|c| c.case_id == id && c.slot.is_some()));
    let day = &env.store.spend(&today, &today).await.unwrap()[0];
    assert_eq!((day.spent, day.reserved), (15 * PRICE, 0));
    assert_eq!(day.rows.len(), 1);
    assert_eq!((day.rows[0].calls, day.rows[0].pictures), (15, 15));
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    assert!((s.cost_usd - 0.60).abs() < 1e-9, "{}", s.cost_usd);
}

async fn a_budget_of_nothing_makes_no_call_and_a_procedural_provider_is_never_held(backend: Backend) {
    let clock = ManualClock::new(MIDNIGHT + HOUR);
    let paid = FakeProvider {
        price: PRICE,
        ..Default::default()
    };
    let env = env_on(backend.clone(), paid, Some(clock.clone()), |c| {
        c.budget.daily_usd = Some(0.0);
    })
    .await;
    let id = env.app.create_case(None).await.unwrap().case.id;
    env.drain().await;
    assert_eq!(env.provider.calls(), 0);
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    assert!(s.paused_reason.unwrap().starts_with(BUDGET_PAUSE));

    // A free provider is not held by any budget.
    let free = env_on(backend, FakeProvider::default(), Some(clock), |c| {
        c.budget.daily_usd = Some(0.0);
    })
    .await;
    let id = free.app.create_case(None).await.unwrap().case.id;
    free.drain().await;
    let s = free.store.get_status(&id).await.unwrap().unwrap();
    assert_eq!((s.status, s.cost_usd), (StatusState::Completed, 0.0));
    let today = day_of(MIDNIGHT + HOUR);
    assert!(free.store.charges(&today).await.unwrap().is_empty());
}

conformance!(
    a_budget_worth_20_pictures_holds_three_workers_to_20_paid_calls_and_the_next_day_resumes_them,
    a_call_that_costs_nothing_leaves_no_ledger_entry_and_gives_its_reservation_back,
    a_budget_of_nothing_makes_no_call_and_a_procedural_provider_is_never_held,
);
