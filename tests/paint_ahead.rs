//! Painting ahead at batch price, through the Gemini client against fake-provider's Batch API,
//! on every store: one submit, polls between pauses, answers recorded like live ones at half the price;
//! failed requests, a failed or expired batch and a passed deadline fall back to live painting; a worker
//! stopped mid-poll leaves the batch to the next one, which polls the same batch.

mod common;

use std::time::Duration;

use common::fake::{FakeServer, MODEL, RemoteEnv, another_remote_app, gemini, remote_env_at};
use common::{Backend, DAY, HOUR, MIDNIGHT};
use serde_json::json;
use sleuths::clock::ManualClock;
use sleuths::config::{Config, Price};
use sleuths::domain::spend::day_of;
use sleuths::domain::{Charge, StatusState};

/// 1,290 picture tokens and a 5-token caption at $30 a million: $0.03885 live, half through a batch.
const LIVE: i64 = 38_850;
const BATCH: i64 = 19_425;

fn ahead(fake: &FakeServer, c: &mut Config) {
    gemini(fake, c);
    c.daily.paint_ahead = Duration::from_secs(24 * 3600);
    c.daily.batch_deadline = Duration::from_secs(2 * 3600);
    c.daily.batch_poll = Duration::from_secs(60);
    c.budget.daily_usd = Some(100.0);
    c.prices.0.insert(
        MODEL.into(),
        Price {
            output_per_million: 30.0,
            input_per_million: 0.0,
            picture: 0.039,
        },
    );
}

/// Tomorrow's case, queued for a batch with the usual deadline (two hours before its day).
async fn tomorrow(env: &RemoteEnv) -> String {
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let until = MIDNIGHT + DAY - 2 * HOUR;
    env.app.create_ahead(date, until).await.unwrap().case.id
}

async fn charges(env: &RemoteEnv) -> Vec<Charge> {
    let mut all = Vec::new();
    for day in [day_of(MIDNIGHT), day_of(MIDNIGHT + DAY)] {
        all.extend(env.store.charges(&day).await.unwrap());
    }
    all
}

async fn assert_nothing_held(env: &RemoteEnv) {
    let days = env
        .store
        .spend(&day_of(MIDNIGHT), &day_of(MIDNIGHT + DAY))
        .await
        .unwrap();
    assert!(days.iter().all(|d| d.reserved == 0), "reservations left: {days:?}");
}

async fn one_batch_paints_every_picture_at_half_the_price(backend: Backend) {
    let fake = FakeServer::start(&["--batch-polls", "2"]);
    let clock = ManualClock::new(MIDNIGHT + HOUR);
    let env = remote_env_at(&backend, clock.clone(), |c| ahead(&fake, c)).await;
    let id = tomorrow(&env).await;

    env.drain().await;
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    let batch = s
        .batch
        .clone()
        .expect("the batch is on the record before its first poll");
    assert_eq!((batch.id.as_str(), batch.slots.len()), ("batches/fake-1", 15));
    assert_eq!(s.status, StatusState::Generating);
    assert!(
        s.paused_reason
            .as_deref()
            .unwrap()
            .contains("waiting for Gemini batch batches/fake-1"),
        "{s:?}"
    );
    // Nothing is due before the next poll.
    env.drain().await;
    assert_eq!(fake.stats().await["batch_polls"], 0);

    for _ in 0..3 {
        clock.advance(Duration::from_secs(61));
        env.drain().await;
    }
    let stats = fake.stats().await;
    assert_eq!(
        (stats["batch_submits"].as_u64(), stats["batch_polls"].as_u64()),
        (Some(1), Some(3)),
        "{stats}"
    );
    assert_eq!(stats["calls"], 1, "one submit and no live call: {stats}");
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.images.count(), s.errors.len()),
        (StatusState::Completed, 15, 0),
        "{s:?}"
    );
    let batch = s.batch.unwrap();
    assert!(batch.closed && batch.state == "SUCCEEDED", "{batch:?}");
    let charges = charges(&env).await;
    assert_eq!(charges.len(), 15);
    assert!(
        charges.iter().all(|c| c.batch && c.painted && c.micros == BATCH),
        "{charges:?}"
    );
    assert!((s.cost_usd - 15.0 * BATCH as f64 / 1e6).abs() < 1e-9, "{}", s.cost_usd);
    assert_nothing_held(&env).await;
}

async fn requests_the_batch_could_not_serve_are_painted_live(backend: Backend) {
    let fake = FakeServer::start(&["--batch-polls", "0", "--batch-next", "503,500,block"]);
    let clock = ManualClock::new(MIDNIGHT + HOUR);
    let env = remote_env_at(&backend, clock.clone(), |c| ahead(&fake, c)).await;
    let id = tomorrow(&env).await;
    env.drain().await;
    clock.advance(Duration::from_secs(61));
    env.drain().await;
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    // The slot the batch's model refused is asked live with the gentler prompt, and painted.
    assert_eq!(
        (s.status, s.images.count(), s.errors.len(), s.fallbacks.len()),
        (StatusState::Completed, 15, 0, 0),
        "{s:?}"
    );
    let live_prompts: Vec<String> = fake
        .requests()
        .await
        .iter()
        .filter(|r| r["url"].as_str().is_some_and(|u| u.ends_with(":generateContent")))
        .map(|r| {
            r["body"]["contents"][0]["parts"][0]["text"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(live_prompts.len(), 3, "{live_prompts:?}");
    assert_eq!(
        live_prompts.iter().filter(|p| p.contains("non-violent")).count(),
        1,
        "one gentler prompt, for the refused slot: {live_prompts:?}"
    );
    let charges = charges(&env).await;
    let batch: Vec<_> = charges.iter().filter(|c| c.batch).collect();
    let live: Vec<_> = charges.iter().filter(|c| !c.batch).collect();
    assert_eq!(
        (batch.len(), live.len()),
        (13, 3),
        "12 pictures and a block by batch, 3 live (2 unserved, 1 refused): {charges:?}"
    );
    assert!(live.iter().all(|c| c.micros == LIVE && c.painted));
    assert_eq!(fake.stats().await["batch_submits"], 1);
    assert_nothing_held(&env).await;
}

async fn a_batch_that_fails_expires_or_passes_its_deadline_is_painted_live(backend: Backend) {
    for (outcome, state, cancels) in [
        ("failed", "BATCH_STATE_FAILED", 0),
        ("expired", "BATCH_STATE_EXPIRED", 0),
        ("never", "DEADLINE_PASSED", 1),
    ] {
        // A store of its own each time (a new key prefix on Redis).
        let backend = match &backend {
            Backend::Sqlite => Backend::Sqlite,
            Backend::Redis(_) => Backend::redis(),
            Backend::RedisCluster(_) => Backend::redis_cluster(),
        };
        let fake = FakeServer::start(&["--batch-polls", "0", "--batch-outcome", outcome]);
        let clock = ManualClock::new(MIDNIGHT + HOUR);
        let env = remote_env_at(&backend, clock.clone(), |c| ahead(&fake, c)).await;
        let id = tomorrow(&env).await;
        env.drain().await;
        if outcome == "never" {
            // Polled and still running for hours; then the deadline comes.
            for _ in 0..3 {
                clock.advance(Duration::from_secs(61));
                env.drain().await;
            }
            assert_eq!(env.store.get_status(&id).await.unwrap().unwrap().images.count(), 0);
            clock.set(MIDNIGHT + DAY - 2 * HOUR);
        } else {
            clock.advance(Duration::from_secs(61));
        }
        env.drain().await;
        let s = env.store.get_status(&id).await.unwrap().unwrap();
        assert_eq!(
            (s.status, s.images.count()),
            (StatusState::Completed, 15),
            "{outcome}: {s:?}"
        );
        let batch = s.batch.unwrap();
        assert!(batch.closed && batch.state == state, "{outcome}: {batch:?}");
        let stats = fake.stats().await;
        assert_eq!(stats["batch_cancels"], cancels, "{outcome}: {stats}");
        let charges = charges(&env).await;
        assert!(
            charges.len() == 15 && charges.iter().all(|c| !c.batch && c.micros == LIVE),
            "{outcome}"
        );
        assert_nothing_held(&env).await;
    }
}

async fn a_worker_stopped_while_polling_leaves_the_same_batch_to_the_next(backend: Backend) {
    let fake = FakeServer::start(&["--batch-polls", "1"]);
    let clock = ManualClock::new(MIDNIGHT + HOUR);
    let env = remote_env_at(&backend, clock.clone(), |c| ahead(&fake, c)).await;
    let id = tomorrow(&env).await;
    env.drain().await;
    // The next poll hangs; the worker is killed in the middle of it (its task dropped, its lease left).
    fake.control(json!({ "latencyMs": 60_000 })).await;
    clock.advance(Duration::from_secs(61));
    let first = env.app.clone();
    let killed = tokio::spawn(async move { common::drain(&first).await });
    for i in 0.. {
        if fake.stats().await["batch_polls"] == 1 {
            break;
        }
        assert!(i < 500, "the poll never reached the provider");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    killed.abort();
    let _ = killed.await;
    fake.control(json!({ "latencyMs": 0 })).await;

    // Another process takes the job over once the lease runs out, and polls the batch on the record.
    let other = another_remote_app(&env, &backend, |c| ahead(&fake, c)).await;
    clock.advance(Duration::from_secs(120));
    common::drain(&other).await;
    clock.advance(Duration::from_secs(61));
    common::drain(&other).await;
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    assert_eq!((s.status, s.images.count()), (StatusState::Completed, 15), "{s:?}");
    let stats = fake.stats().await;
    assert_eq!(stats["batch_submits"], 1, "the batch was submitted once: {stats}");
    assert_eq!(stats["calls"], 1, "and nothing was painted live: {stats}");
    assert_eq!(s.batch.unwrap().id, "batches/fake-1");
}

/// The provider made the batch but its answer never came back (a timeout): the next run finds the batch by
/// the display name the intent recorded, and submits nothing more.
async fn a_batch_whose_answer_was_lost_is_found_and_not_submitted_again(backend: Backend) {
    let fake = FakeServer::start(&["--next", "hang", "--hang-ms", "4000", "--batch-polls", "0"]);
    let clock = ManualClock::new(MIDNIGHT + HOUR);
    let env = remote_env_at(&backend, clock.clone(), |c| {
        ahead(&fake, c);
        c.gemini.timeout = Duration::from_millis(500);
    })
    .await;
    let id = tomorrow(&env).await;
    env.drain().await;
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    let intent = s.batch.clone().expect("the intent stays on the record");
    assert_eq!(
        (intent.id.as_str(), intent.state.as_str()),
        ("", "SUBMITTING"),
        "{intent:?}"
    );
    assert_eq!(fake.stats().await["batch_submits"], 1, "the provider made the batch");

    for _ in 0..3 {
        clock.advance(Duration::from_secs(600));
        env.drain().await;
    }
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    assert_eq!((s.status, s.images.count()), (StatusState::Completed, 15), "{s:?}");
    assert_eq!(s.batch.unwrap().id, "batches/fake-1");
    let stats = fake.stats().await;
    assert_eq!(stats["batch_submits"], 1, "found, not sent again: {stats}");
    assert_eq!(charges(&env).await.iter().filter(|c| c.batch).count(), 15);
    assert_nothing_held(&env).await;
}

async fn the_daily_job_makes_today_live_and_tomorrow_ahead(backend: Backend) {
    let fake = FakeServer::start(&["--batch-polls", "0"]);
    let clock = ManualClock::new(MIDNIGHT + 60_000);
    let env = remote_env_at(&backend, clock.clone(), |c| ahead(&fake, c)).await;
    env.app
        .run_job(sleuths::scheduler::RunJob {
            name: "daily-case-generation".into(),
            data: json!({}),
            when: sleuths::scheduler::When::At(MIDNIGHT),
            key: None,
        })
        .await
        .unwrap();
    env.drain().await;
    let today = env.store.get_status("case-2026-11-28").await.unwrap().unwrap();
    assert_eq!(
        (today.status, today.batch.is_none()),
        (StatusState::Completed, true),
        "{today:?}"
    );
    let ahead = env.store.get_status("case-2026-11-29").await.unwrap().unwrap();
    assert!(ahead.batch.is_some(), "tomorrow's case goes to a batch: {ahead:?}");
    clock.advance(Duration::from_secs(61));
    env.drain().await;
    let ahead = env.store.get_status("case-2026-11-29").await.unwrap().unwrap();
    assert_eq!((ahead.status, ahead.images.count()), (StatusState::Completed, 15));
    let charges = charges(&env).await;
    assert_eq!(charges.iter().filter(|c| c.batch).count(), 15);
    assert_eq!(charges.iter().filter(|c| !c.batch).count(), 15);
}

conformance!(
    one_batch_paints_every_picture_at_half_the_price,
    requests_the_batch_could_not_serve_are_painted_live,
    a_batch_that_fails_expires_or_passes_its_deadline_is_painted_live,
    a_worker_stopped_while_polling_leaves_the_same_batch_to_the_next,
    a_batch_whose_answer_was_lost_is_found_and_not_submitted_again,
    the_daily_job_makes_today_live_and_tomorrow_ahead,
);
