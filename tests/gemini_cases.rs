//! The Gemini case generator through its real HTTP client against `fake-provider`: valid answers,
//! invalid ones retried a bounded number of times, the request shape, and a daily quota.

mod common;

use std::time::Duration;

use common::MIDNIGHT;
use common::fake::{FakeServer, remote_env};
use sleuths::casegen::{CaseCounts, CaseGenError};
use sleuths::clock::{Clock, ManualClock};
use sleuths::config::{CaseProviderKind, Config, Secret};
use sleuths::domain::JobState;
use sleuths::pipeline::PipelineError;
use sleuths::scheduler::{RunJob, When};

const KEY: &str = "AIzaFAKE-case-key-0123456789";

fn gemini_cases(fake: &FakeServer, c: &mut Config) {
    c.case_provider = CaseProviderKind::Gemini;
    c.gemini.base_url = fake.base.clone();
    c.gemini.api_key = Some(Secret::new(KEY));
    c.gemini.case_model = "gemini-test-text".into();
    c.gemini.timeout = Duration::from_secs(10);
}

fn date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_valid_answer_gives_a_valid_case_with_the_requested_id_date_and_counts() {
    let fake = FakeServer::start(&[]);
    let counts = CaseCounts {
        locations: 3,
        suspects: 4,
        evidence: 6,
    };
    let env = remote_env(None, |c| {
        gemini_cases(&fake, c);
        c.case = counts;
    });
    let created = env.app.create_case(Some(date())).await.unwrap();

    let case = &created.case;
    assert_eq!(
        (case.id.as_str(), case.date.as_str()),
        ("case-2026-11-28", "2026-11-28")
    );
    assert!(case.created_at > 0);
    assert_eq!(
        (case.locations.len(), case.suspects.len(), case.evidence.len()),
        (3, 4, 6)
    );
    case.validate().unwrap();
    assert_eq!(fake.calls().await, 1);
    let stored = env.store.get_case(&case.id).await.unwrap().unwrap();
    assert_eq!(&stored, case);

    let requests = fake.requests().await;
    assert_eq!(requests[0]["url"], "/v1beta/models/gemini-test-text:generateContent");
    assert_eq!(requests[0]["headers"]["x-goog-api-key"], KEY);
    insta::assert_json_snapshot!("gemini_case_request", requests[0]["body"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_answer_twice_then_a_valid_one_succeeds_after_three_calls() {
    let fake = FakeServer::start(&["--next", "bad-case,not-json"]);
    let env = remote_env(None, |c| gemini_cases(&fake, c));
    let created = env.app.create_case(Some(date())).await.unwrap();

    created.case.validate().unwrap();
    assert_eq!(fake.calls().await, 3);
    // Each try draws anew: the seed moves on.
    let seeds: Vec<_> = fake
        .requests()
        .await
        .iter()
        .map(|r| r["body"]["generationConfig"]["seed"].as_i64().unwrap())
        .collect();
    assert_eq!(seeds.len(), 3);
    assert!(seeds[0] != seeds[1] && seeds[1] != seeds[2], "{seeds:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_is_never_valid_gives_a_clear_error_after_three_calls() {
    let fake = FakeServer::start(&["--fault", "bad-case"]);
    let env = remote_env(None, |c| gemini_cases(&fake, c));
    let err = env.app.create_case(Some(date())).await.unwrap_err();

    match &err {
        PipelineError::CaseGen(CaseGenError::NoValidCase { attempts: 3, last }) => {
            assert!(last.contains("culpritId \"nobody\" names no suspect"), "{last}");
        }
        other => panic!("unexpected error: {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("the case model gave no valid case in 3 calls"),
        "{err}"
    );
    assert_eq!(fake.calls().await, 3);
    assert!(env.store.get_case("case-2026-11-28").await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daily_case_job_pauses_on_a_per_day_quota_of_the_case_model() {
    let fake = FakeServer::start(&["--next", "429-daily"]);
    let clock = ManualClock::new(MIDNIGHT + 60_000);
    let env = remote_env(Some(clock.clone()), |c| gemini_cases(&fake, c));
    let id = env
        .app
        .run_job(RunJob {
            name: "daily-case-generation".into(),
            data: serde_json::json!({ "date": "2026-11-28" }),
            when: When::At(clock.now_ms()),
            key: None,
        })
        .await
        .unwrap();
    env.drain().await;

    let job = env.store.get_job(&id).await.unwrap().unwrap();
    assert_eq!((job.state, job.attempts), (JobState::Queued, 0));
    // 2026-11-28 00:01 UTC is still the 27th in Los Angeles: the quota resets at 08:00 UTC on the 28th.
    assert_eq!(job.run_at, MIDNIGHT + 8 * common::HOUR + 60_000);
    assert_eq!(fake.calls().await, 1);

    clock.set(job.run_at);
    env.drain().await;
    assert!(env.store.get_case("case-2026-11-28").await.unwrap().is_some());
}

/// The case writer's calls are paid calls: each answer (the invalid one too) is a ledger entry priced from
/// its tokens and on the new case's cost, the writer's tries are held against the budget first, and a
/// budget that cannot hold them makes no call.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_case_writer_s_calls_are_in_the_ledger_and_held_by_the_budget() {
    let fake = FakeServer::start(&["--next", "bad-case"]);
    let clock = ManualClock::new(MIDNIGHT + 3_600_000);
    let env = remote_env(Some(clock.clone()), |c| {
        gemini_cases(&fake, c);
        c.budget.daily_usd = Some(1.0);
        c.prices.0.insert(
            "gemini-test-text".into(),
            sleuths::config::Price {
                output_per_million: 2.5,
                input_per_million: 0.3,
                picture: 0.01,
            },
        );
    });
    let created = env.app.create_case(Some(date())).await.unwrap();
    let stats = fake.stats().await;
    assert_eq!(stats["billed_answers"], 2, "an invalid case, then a valid one: {stats}");
    let day = sleuths::domain::spend::day_of(clock.now_ms());
    let charges = env.store.charges(&day).await.unwrap();
    assert_eq!(charges.len(), 2);
    assert!(
        charges
            .iter()
            .all(|c| c.slot.is_none() && !c.painted && c.model == "gemini-test-text")
    );
    let (tokens_in, tokens_out) = (
        stats["prompt_tokens"].as_u64().unwrap() as f64,
        stats["output_tokens"].as_u64().unwrap() as f64,
    );
    let expected = (tokens_out * 2.5 + tokens_in * 0.3) / 1e6;
    let ledger: i64 = charges.iter().map(|c| c.micros).sum();
    assert!(
        (ledger as f64 / 1e6 - expected).abs() < 2e-6,
        "{ledger} µ$ vs {expected}"
    );
    let status = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert!(
        (status.cost_usd * 1e6 - ledger as f64).abs() < 1.0,
        "the case's cost is its writer's calls"
    );
    let spent = env.store.spend(&day, &day).await.unwrap();
    assert_eq!(
        (spent[0].spent, spent[0].reserved),
        (ledger, 0),
        "the hold was given back"
    );

    // Three tries at $0.01 held before writing: a budget with less room makes no call.
    env.app.set_budget(Some(0.02)).await.unwrap();
    let calls = fake.calls().await;
    match env.app.create_case(None).await {
        Err(PipelineError::BudgetSpent { message, .. }) => {
            assert!(message.starts_with("the daily budget"), "{message}")
        }
        other => panic!("expected BudgetSpent, got {other:?}"),
    }
    assert_eq!(fake.calls().await, calls, "no call past the budget");
}
