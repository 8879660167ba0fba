//! Never a hole: a refused prompt is asked again, gentler; what the model will not paint, or cannot paint
//! while a case players can open waits, the fallback chain paints; the model repaints what it could not
//! once it answers again. Every test on SQLite, Redis and the cluster.

mod common;

use std::time::Duration;

use common::{Backend, FakeProvider, env_on};
use sleuths::common::Backoff;
use sleuths::domain::{FallbackCause, ImageStatus, Slot, SlotKind, StatusState};
use sleuths::providers::ProviderError;

/// Every picture's source, in slot order.
fn sources(s: &ImageStatus) -> Vec<Option<String>> {
    s.sources
        .slots()
        .into_iter()
        .map(|slot| s.sources.get(slot).map(str::to_owned))
        .collect()
}

fn procedural_fallback(c: &mut sleuths::config::Config) {
    c.pipeline.fallback = Some(vec!["procedural".into()]);
    c.pipeline.rerun_backoff = Backoff::new(Duration::from_millis(50), Duration::from_millis(50));
}

async fn one_safety_finish_is_asked_again_gentler_and_the_case_is_the_model_s(backend: Backend) {
    let refused = Slot::new(SlotKind::Evidence, 2);
    let provider = FakeProvider::default();
    provider.refusals.lock().unwrap().insert(refused, 1);
    let env = env_on(backend, provider, None, |c| {
        procedural_fallback(c);
        c.pipeline.concurrency = 1;
    })
    .await;
    let id = env.app.create_case(None).await.unwrap().case.id;
    assert_eq!(env.drain().await, 1);
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.images.count(), s.errors.len()),
        (StatusState::Completed, 15, 0),
        "{s:?}"
    );
    assert_eq!(env.provider.calls(), 16);
    assert!(
        sources(&s).iter().all(|src| src.as_deref() == Some("fake")),
        "{:?}",
        sources(&s)
    );
    assert!(s.fallbacks.is_empty(), "{:?}", s.fallbacks);
    let asked: Vec<String> = env
        .provider
        .prompts
        .lock()
        .unwrap()
        .iter()
        .filter(|(slot, _)| *slot == refused)
        .map(|(_, p)| p.clone())
        .collect();
    assert_eq!(asked.len(), 2);
    assert_ne!(asked[0], asked[1], "the second prompt is gentler");
    assert!(asked[1].contains("non-violent"), "{}", asked[1]);
}

async fn every_prompt_blocked_gives_fifteen_procedural_pictures_naming_the_block(backend: Backend) {
    let env = env_on(backend, FakeProvider::default(), None, procedural_fallback).await;
    let created = env.app.create_case(None).await.unwrap();
    for slot in created.case.slots() {
        let blocked = ProviderError::Refused("blocked: PROHIBITED_CONTENT".into());
        env.provider.failures.lock().unwrap().insert(slot, blocked);
    }
    let id = created.case.id;
    assert_eq!(env.drain().await, 1);
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.images.count(), s.errors.len()),
        (StatusState::Completed, 15, 0),
        "{s:?}"
    );
    assert!(
        sources(&s).iter().all(|src| src.as_deref() == Some("procedural")),
        "{:?}",
        sources(&s)
    );
    assert_eq!(s.fallbacks.len(), 15);
    assert!(
        s.fallbacks
            .iter()
            .all(|f| f.cause == FallbackCause::Refused && f.reason.contains("PROHIBITED_CONTENT")),
        "{:?}",
        s.fallbacks
    );
    // The first prompt and the gentler one, for each slot; nothing more.
    assert_eq!(env.provider.calls(), 30);
    let case = env.app.case(&id).await.unwrap().unwrap();
    assert!(case.slots().iter().all(|slot| case.image_url(*slot).is_some()));
}

async fn with_no_fallback_a_refused_slot_keeps_its_final_error(backend: Backend) {
    let refused = Slot::new(SlotKind::Suspect, 1);
    let provider = FakeProvider::default().fail(refused, ProviderError::Refused("blocked: IMAGE_SAFETY".into()));
    let env = env_on(backend, provider, None, |c| c.pipeline.fallback = Some(Vec::new())).await;
    let id = env.app.create_case(None).await.unwrap().case.id;
    assert_eq!(env.drain().await, 1);
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    assert_eq!((s.status, s.images.count()), (StatusState::Completed, 14));
    assert_eq!(s.errors.len(), 1);
    assert_eq!((s.errors[0].kind, s.errors[0].index), (SlotKind::Suspect, 1));
    assert!(s.fallbacks.is_empty());
    // The first prompt and the gentler one.
    assert_eq!(env.provider.calls(), 16);
}

async fn a_model_down_for_a_due_case_falls_back_then_upgrades_when_it_returns(backend: Backend) {
    let env = env_on(backend, FakeProvider::default(), None, |c| {
        procedural_fallback(c);
        c.pipeline.fallback_after = Duration::ZERO;
        c.pipeline.slot_attempts = 1;
    })
    .await;
    let created = env.app.create_case(None).await.unwrap();
    for slot in created.case.slots() {
        env.provider.failures.lock().unwrap().insert(
            slot,
            ProviderError::Retryable {
                message: "503 Service Unavailable".into(),
                retry_after: None,
            },
        );
    }
    let id = created.case.id;
    let mut changes = env.store.status_changes();
    let worker = env.app.worker(false);
    let stop = tokio_util::sync::CancellationToken::new();
    let handle = tokio::spawn({
        let stop = stop.clone();
        async move { worker.run(stop).await }
    });
    // Down: every picture comes from the fallback, and the job waits for the model.
    let degraded = wait_for(&mut changes, &id, |s| s.images.count() == 15).await;
    assert_eq!(degraded.status, StatusState::Generating);
    assert!(sources(&degraded).iter().all(|s| s.as_deref() == Some("procedural")));
    assert!(degraded.fallbacks.iter().all(|f| f.cause == FallbackCause::Unavailable));
    assert_eq!(degraded.fallbacks.len(), 15);
    // Back: the model repaints each, and each swap is a change on the stream.
    env.provider.failures.lock().unwrap().clear();
    let mut swaps = 0;
    let upgraded = wait_for(&mut changes, &id, |s| {
        swaps += 1;
        s.status.is_final()
    })
    .await;
    stop.cancel();
    handle.await.unwrap().unwrap();
    assert_eq!(upgraded.status, StatusState::Completed, "{upgraded:?}");
    assert!(
        sources(&upgraded).iter().all(|s| s.as_deref() == Some("fake")),
        "{:?}",
        sources(&upgraded)
    );
    assert!(upgraded.fallbacks.is_empty());
    assert!(swaps >= 15, "{swaps} changes for 15 swaps");
    let case = env.app.case(&id).await.unwrap().unwrap();
    for slot in case.slots() {
        assert_ne!(case.image_url(slot), degraded.images.get(slot), "{slot} was repainted");
    }
}

async fn a_spent_quota_falls_back_at_once_for_a_due_case_and_waits_for_the_day_of_one_ahead(backend: Backend) {
    let resume = chrono::Utc::now().timestamp_millis() + 10 * common::DAY;
    let provider = FakeProvider::default();
    let env = env_on(backend, provider, None, procedural_fallback).await;
    let today = env.app.create_case(None).await.unwrap();
    let tomorrow = chrono::Utc::now().date_naive() + chrono::Days::new(1);
    let ahead = env.app.create_case(Some(tomorrow)).await.unwrap();
    for slot in today.case.slots() {
        env.provider.failures.lock().unwrap().insert(
            slot,
            ProviderError::QuotaExhausted {
                message: "the daily quota is spent".into(),
                resume_at_ms: resume,
            },
        );
    }
    assert_eq!(env.drain().await, 2);
    let due = env.store.get_status(&today.case.id).await.unwrap().unwrap();
    assert_eq!(
        (due.status, due.images.count()),
        (StatusState::Generating, 15),
        "{due:?}"
    );
    assert!(sources(&due).iter().all(|s| s.as_deref() == Some("procedural")));
    assert_eq!(due.paused_until, Some(resume));
    let waiting = env.store.get_status(&ahead.case.id).await.unwrap().unwrap();
    assert_eq!(
        waiting.images.count(),
        0,
        "a case ahead of its date waits for the model"
    );
    let day = tomorrow.and_time(chrono::NaiveTime::MIN).and_utc().timestamp_millis();
    assert_eq!(
        waiting.paused_until,
        Some(day),
        "it comes back on its day, not on the quota's reset"
    );
}

async fn a_spent_budget_falls_back_at_once_for_a_due_case(backend: Backend) {
    let provider = FakeProvider {
        price: 39_000,
        ..Default::default()
    };
    let env = env_on(backend, provider, None, |c| {
        procedural_fallback(c);
        c.budget.daily_usd = Some(0.1);
    })
    .await;
    let id = env.app.create_case(None).await.unwrap().case.id;
    assert_eq!(env.drain().await, 1);
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    assert_eq!((s.status, s.images.count()), (StatusState::Generating, 15), "{s:?}");
    let by_model = sources(&s).iter().filter(|src| src.as_deref() == Some("fake")).count();
    assert_eq!(by_model, 2, "the budget held two paid pictures: {:?}", sources(&s));
    assert_eq!(s.fallbacks.len(), 13);
    assert!(
        s.paused_reason.as_deref().is_some_and(|r| r.contains("budget")),
        "{s:?}"
    );
    let spend = env.app.spend_report(1).await.unwrap();
    assert_eq!(
        spend.days[0].spent_usd, 0.078,
        "procedural pictures cost nothing: {spend:?}"
    );
}

/// Waits for the case's first change that satisfies `until`, for at most 30 s.
async fn wait_for(
    changes: &mut tokio::sync::broadcast::Receiver<sleuths::store::StatusChange>,
    case_id: &str,
    mut until: impl FnMut(&ImageStatus) -> bool,
) -> ImageStatus {
    tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let change = changes.recv().await.expect("no change was lost");
            if change.case_id == case_id && until(&change.status) {
                return (*change.status).clone();
            }
        }
    })
    .await
    .expect("the record got there within 30 s")
}

conformance!(
    one_safety_finish_is_asked_again_gentler_and_the_case_is_the_model_s,
    every_prompt_blocked_gives_fifteen_procedural_pictures_naming_the_block,
    with_no_fallback_a_refused_slot_keeps_its_final_error,
    a_model_down_for_a_due_case_falls_back_then_upgrades_when_it_returns,
    a_spent_quota_falls_back_at_once_for_a_due_case_and_waits_for_the_day_of_one_ahead,
    a_spent_budget_falls_back_at_once_for_a_due_case,
);
