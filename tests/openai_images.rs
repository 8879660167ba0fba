//! The OpenAI-compatible image provider through its real HTTP client against `fake-provider`.

mod common;

use std::time::Duration;

use common::fake::{FakeServer, RemoteEnv, remote_env};
use sleuths::config::{Config, ImageProviderKind, Secret};
use sleuths::domain::{JobRecord, JobState, StatusState};

const KEY: &str = "sk-fake-test-key-0123456789";

fn openai(fake: &FakeServer, model: &str, c: &mut Config) {
    c.image_provider = ImageProviderKind::Openai;
    c.openai.base_url = fake.base.clone();
    c.openai.api_key = Some(Secret::new(KEY));
    c.openai.model = model.into();
    c.openai.timeout = Duration::from_secs(10);
}

async fn job(env: &RemoteEnv, id: &str) -> JobRecord {
    env.store.get_job(id).await.unwrap().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_body_matches_the_documented_shape_and_every_slot_is_painted() {
    let fake = FakeServer::start(&[]);
    let env = remote_env(None, |c| {
        openai(&fake, "stablediffusion", c);
        c.pipeline.concurrency = 1;
    });
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let created = env.app.create_case(Some(date)).await.unwrap();
    env.drain().await;

    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!((s.status, s.images.count()), (StatusState::Completed, 15));
    let requests = fake.requests().await;
    assert_eq!(requests.len(), 15);
    assert_eq!(requests[0]["url"], "/v1/images/generations");
    assert_eq!(requests[0]["headers"]["authorization"], format!("Bearer {KEY}"));
    insta::assert_json_snapshot!("openai_image_request_location", requests[0]["body"]);
    assert_eq!(requests[4]["body"]["size"], "1024x1536", "suspects are portraits");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gpt_image_models_are_not_sent_response_format_which_they_refuse() {
    // The fake refuses response_format for gpt-image models, as OpenAI does.
    let fake = FakeServer::start(&[]);
    let env = remote_env(None, |c| openai(&fake, "gpt-image-1", c));
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!((s.status, s.images.count()), (StatusState::Completed, 15));
    let requests = fake.requests().await;
    assert!(requests.iter().all(|r| r["body"].get("response_format").is_none()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_safety_400_is_a_final_error_for_its_slot_and_429_and_503_are_retried() {
    // The first prompt and the gentler one are refused; with no fallback, the slot's error is final.
    let fake = FakeServer::start(&["--next", "safety,safety,429,503"]);
    let env = remote_env(None, |c| {
        openai(&fake, "dall-e-3", c);
        c.pipeline.concurrency = 1;
        c.pipeline.fallback = Some(Vec::new());
    });
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(s.status, StatusState::Completed);
    assert_eq!((s.images.count(), s.errors.len()), (14, 1));
    let message = &s.errors[0].message;
    assert!(
        message.starts_with(
            "the OpenAI safety system refused the prompt (400 invalid_request_error, content_policy_violation"
        ),
        "{message}"
    );
    assert_eq!(
        fake.calls().await,
        18,
        "the blocked slot twice (the gentler prompt too), two retries, 14 pictures"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_key_ends_the_job_after_one_call_and_the_key_the_server_echoed_is_redacted() {
    let fake = FakeServer::start(&["--api-key", "sk-the-right-one"]);
    let env = remote_env(None, |c| openai(&fake, "dall-e-3", c));
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    assert_eq!(fake.calls().await, 1);
    let job = job(&env, &created.job_id).await;
    assert_eq!(job.state, JobState::Failed);
    let error = job.last_error.unwrap();
    assert!(error.starts_with("the OpenAI API key was rejected (401"), "{error}");
    assert!(error.contains("Incorrect API key provided: [redacted]"), "{error}");
    assert!(!error.contains(KEY));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_out_of_quota_ends_the_job_instead_of_retrying() {
    let fake = FakeServer::start(&["--fault", "429-daily"]);
    let env = remote_env(None, |c| openai(&fake, "dall-e-3", c));
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    assert_eq!(fake.calls().await, 1);
    let job = job(&env, &created.job_id).await;
    assert_eq!(job.state, JobState::Failed);
    assert!(job.last_error.unwrap().contains("insufficient_quota"));
}
