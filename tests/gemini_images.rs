//! The Gemini image provider through its real HTTP client against `fake-provider`: faults, block forms,
//! the request shape, and where the key may and may not appear.

mod common;

use std::time::Duration;

use common::MIDNIGHT;
use common::fake::{FakeServer, KEY, MODEL, RemoteEnv, date, gemini, job, remote_env};
use sleuths::clock::ManualClock;

use sleuths::domain::{JobState, Slot, SlotKind, StatusState};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_401_makes_exactly_one_call_and_fails_the_job_with_a_message_about_the_key() {
    let fake = FakeServer::start(&["--fault", "401"]);
    let env = remote_env(None, |c| gemini(&fake, c));
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    assert_eq!(
        fake.calls().await,
        1,
        "four slots start at once, yet only one call is made"
    );
    let job = job(&env, &created.job_id).await;
    assert_eq!(job.state, JobState::Failed);
    assert_eq!(job.attempts, 1);
    let error = job.last_error.unwrap();
    assert!(
        error.starts_with("the Gemini API key was rejected (401 UNAUTHENTICATED"),
        "{error}"
    );
    let status = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(status.status, StatusState::Failed);
    assert!(status.error.unwrap().contains("API key was rejected"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_that_is_not_valid_400_api_key_invalid_also_ends_the_job_after_one_call() {
    let fake = FakeServer::start(&["--api-key", "the-right-key"]);
    let env = remote_env(None, |c| gemini(&fake, c));
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    assert_eq!(fake.calls().await, 1);
    let job = job(&env, &created.job_id).await;
    assert_eq!(job.state, JobState::Failed);
    let error = job.last_error.unwrap();
    assert!(
        error.starts_with("the Gemini API key was rejected (400 INVALID_ARGUMENT, API_KEY_INVALID: API key not valid"),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_percent_of_answers_429_or_503_still_paint_all_15_slots() {
    let fake = FakeServer::start(&[
        "--fail-rate",
        "0.3",
        "--fail-status",
        "429,503",
        "--retry-delay",
        "0.02s",
        "--seed",
        "7",
    ]);
    let env = remote_env(None, |c| {
        gemini(&fake, c);
        c.pipeline.slot_attempts = 12;
    });
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(s.status, StatusState::Completed);
    assert_eq!((s.progress.current, s.images.count()), (15, 15));
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    let (throttled, unavailable) = (fake.count("429").await, fake.count("503").await);
    assert!(
        throttled > 0 && unavailable > 0,
        "both faults happened: {throttled} and {unavailable}"
    );
    assert_eq!(
        fake.calls().await,
        15 + throttled + unavailable,
        "each failed call was retried once"
    );
    assert_eq!(job(&env, &created.job_id).await.attempts, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spent_per_day_quota_costs_one_call_at_the_default_concurrency() {
    let fake = FakeServer::start(&["--fault", "429-daily"]);
    let clock = ManualClock::new(MIDNIGHT + 12 * common::HOUR);
    let env = remote_env(Some(clock.clone()), |c| gemini(&fake, c));
    assert_eq!(env.app.config().pipeline.concurrency, 4, "the default concurrency");
    let created = env.app.create_case(Some(date())).await.unwrap();
    env.drain().await;
    assert_eq!(
        fake.calls().await,
        1,
        "after the first per-day quota answer, no call starts"
    );
    let paused = job(&env, &created.job_id).await;
    assert_eq!(paused.state, JobState::Queued);
    assert!(paused.last_error.unwrap().contains("daily quota"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_per_day_429_pauses_the_job_until_after_midnight_pacific_without_spending_an_attempt() {
    let fake = FakeServer::start(&["--next", "429-daily"]);
    // 2026-11-28 12:00 UTC is 04:00 in Los Angeles (standard time): the quota resets at 08:00 UTC tomorrow.
    let clock = ManualClock::new(MIDNIGHT + 12 * common::HOUR);
    let env = remote_env(Some(clock.clone()), |c| gemini(&fake, c));
    let created = env.app.create_case(Some(date())).await.unwrap();
    env.drain().await;

    let reset = MIDNIGHT + common::DAY + 8 * common::HOUR;
    let paused = job(&env, &created.job_id).await;
    assert_eq!(paused.state, JobState::Queued);
    assert_eq!(paused.attempts, 0, "a paused quota spends no attempt");
    assert!(
        paused.run_at > reset && paused.run_at <= reset + 5 * 60_000,
        "run_at {}",
        paused.run_at
    );
    let error = paused.last_error.unwrap();
    assert!(error.contains("daily quota") && error.contains("PerDay"), "{error}");
    let status = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(
        (status.status, status.paused_until),
        (StatusState::Generating, Some(paused.run_at))
    );

    // Nothing runs before the reset; after it, the job finishes the case.
    clock.set(reset - 1000);
    assert_eq!(env.drain().await, 0);
    clock.set(paused.run_at);
    assert_eq!(env.drain().await, 1);
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.images.count(), s.paused_until),
        (StatusState::Completed, 15, None)
    );
    assert_eq!(job(&env, &created.job_id).await.state, JobState::Completed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hang_is_cut_by_the_timeout_and_retried() {
    let fake = FakeServer::start(&["--next", "hang"]);
    let env = remote_env(None, |c| {
        gemini(&fake, c);
        c.gemini.timeout = Duration::from_millis(400);
        c.pipeline.concurrency = 1;
    });
    let started = std::time::Instant::now();
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!((s.status, s.images.count()), (StatusState::Completed, 15));
    assert!(s.errors.is_empty());
    assert_eq!(
        fake.calls().await,
        16,
        "the hung call and its retry, then one per other slot"
    );
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the hang did not hold the job"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_block_form_gives_its_slot_a_final_error_that_says_why() {
    let forms = [
        ("block", "Gemini blocked the prompt: PROHIBITED_CONTENT"),
        (
            "finish:IMAGE_SAFETY",
            "IMAGE_SAFETY (the picture was flagged by the image safety filter)",
        ),
        (
            "finish:IMAGE_PROHIBITED_CONTENT",
            "IMAGE_PROHIBITED_CONTENT (prohibited content)",
        ),
        ("finish:NO_IMAGE", "NO_IMAGE (the model produced no image)"),
        ("finish:SAFETY", "SAFETY (flagged by the safety filters)"),
        (
            "finish:RECITATION",
            "RECITATION (it would reproduce protected material)",
        ),
        (
            "text-only",
            "Gemini answered with text and no picture: \"I can't create that image.",
        ),
    ];
    // Each form twice: the first prompt and the gentler one are both refused.
    let script = forms.iter().flat_map(|f| [f.0, f.0]).collect::<Vec<_>>().join(",");
    let fake = FakeServer::start(&["--next", &script]);
    // One slot at a time, so the faults meet the slots in priority order; no fallback, so each refused
    // slot keeps its final error.
    let env = remote_env(None, |c| {
        gemini(&fake, c);
        c.pipeline.concurrency = 1;
        c.pipeline.fallback = Some(Vec::new());
    });
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(s.status, StatusState::Completed);
    assert_eq!((s.progress.current, s.images.count(), s.errors.len()), (15, 8, 7));
    let slots = created.case.slots();
    for ((fault, why), (error, slot)) in forms.iter().zip(s.errors.iter().zip(&slots)) {
        assert_eq!((error.kind, error.index), (slot.kind, slot.index), "{fault}");
        assert!(error.message.contains(why), "{fault}: {}", error.message);
    }
    assert_eq!(
        fake.calls().await,
        15 + 7,
        "each refused slot is asked once more, gentler, and then its error is final"
    );
}

/// The mean colour of a stored picture.
async fn mean_rgb(env: &RemoteEnv, case_id: &str, slot: Slot) -> [u32; 3] {
    let name = sleuths::images::full_name(case_id, slot);
    let bytes = env.app.picture(&name).await.unwrap().unwrap();
    let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
    let n = img.pixels().len() as u32;
    let sum = img.pixels().fold([0u32; 3], |s, p| {
        [s[0] + p[0] as u32, s[1] + p[1] as u32, s[2] + p[2] as u32]
    });
    sum.map(|c| c / n)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thought_picture_before_the_real_one_is_skipped() {
    // The fake's thought picture is red; the real one is blue.
    let fake = FakeServer::start(&["--fault", "thought"]);
    let env = remote_env(None, |c| gemini(&fake, c));
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!((s.status, s.images.count()), (StatusState::Completed, 15));
    assert_eq!(fake.calls().await, 15);
    let [r, _, b] = mean_rgb(&env, &created.case.id, Slot::new(SlotKind::Suspect, 0)).await;
    assert!(b > 150 && r < 100, "the stored picture is the blue one: r={r} b={b}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jpeg_bytes_declared_as_png_still_decode() {
    let fake = FakeServer::start(&["--fault", "wrong-mime"]);
    let env = remote_env(None, |c| gemini(&fake, c));
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!((s.status, s.images.count()), (StatusState::Completed, 15));
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(fake.calls().await, 15);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_404_fails_the_job_at_once_naming_the_model() {
    let fake = FakeServer::start(&["--models", "gemini-current-image"]);
    let env = remote_env(None, |c| gemini(&fake, c));
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    assert_eq!(fake.calls().await, 1);
    let job = job(&env, &created.job_id).await;
    assert_eq!(job.state, JobState::Failed);
    let error = job.last_error.unwrap();
    let want = format!(
        "model {MODEL} not found at {}: check the image model name (404 NOT_FOUND",
        fake.base
    );
    assert!(error.starts_with(&want), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_body_matches_the_documented_shape() {
    let fake = FakeServer::start(&[]);
    let env = remote_env(None, |c| {
        gemini(&fake, c);
        c.pipeline.concurrency = 1;
    });
    env.app.create_case(Some(date())).await.unwrap();
    env.drain().await;

    let requests = fake.requests().await;
    assert_eq!(requests.len(), 15);
    let first = &requests[0];
    assert_eq!(first["url"], format!("/v1beta/models/{MODEL}:generateContent"));
    assert_eq!(first["headers"]["x-goog-api-key"], KEY);
    assert_eq!(first["headers"]["content-type"], "application/json");
    // Locations first (3:2), then suspects (4:5), then evidence (3:2).
    insta::assert_json_snapshot!("gemini_image_request_location", first["body"]);
    insta::assert_json_snapshot!("gemini_image_request_suspect", requests[4]["body"]);
    assert_eq!(
        requests[7]["body"]["generationConfig"]["imageConfig"]["aspectRatio"],
        "3:2"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_echoed_in_a_200_answer_never_reaches_the_record_players_read() {
    // The first prompt and the gentler one; no fallback, so the slot keeps the refusal as its error.
    let fake = FakeServer::start(&["--next", "echo-key,echo-key"]);
    let env = remote_env(None, |c| {
        gemini(&fake, c);
        c.pipeline.concurrency = 1;
        c.pipeline.fallback = Some(Vec::new());
    });
    let created = env.app.create_case(None).await.unwrap();
    env.drain().await;

    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!(s.errors.len(), 1, "{s:?}");
    let message = &s.errors[0].message;
    assert!(message.contains("for the caller with key [redacted]"), "{message}");
    let whole = serde_json::to_string(&s).unwrap();
    assert!(!whole.contains(KEY), "{whole}");
}

/// Fast reruns and polls, for tests that run a worker loop on the system clock.
fn quick_reruns(c: &mut sleuths::config::Config) {
    c.pipeline.rerun_backoff = sleuths::scheduler::Backoff::new(Duration::from_millis(50), Duration::from_millis(200));
    c.scheduler.poll = Duration::from_millis(50);
    c.scheduler.concurrency = 4;
}

async fn ten_cases_with_30_percent_mixed_429_and_503_paint_all_150_pictures(backend: common::Backend) {
    let fake = FakeServer::start(&[
        "--fail-rate",
        "0.3",
        "--fail-status",
        "429,503",
        "--retry-delay",
        "0.02s",
        "--seed",
        "11",
    ]);
    let env = common::fake::remote_env_on(&backend, |c| {
        gemini(&fake, c);
        c.pipeline.slot_attempts = 3;
        quick_reruns(c);
    })
    .await;
    let mut ids = Vec::new();
    for _ in 0..10 {
        ids.push(env.app.create_case(None).await.unwrap().case.id);
    }
    common::paint_to_the_end(&env.app, &ids, Duration::from_secs(120)).await;
    for id in &ids {
        let s = env.store.get_status(id).await.unwrap().unwrap();
        assert_eq!(
            (s.status, s.progress.current, s.images.count(), s.errors.len()),
            (StatusState::Completed, 15, 15, 0),
            "{id}: {:?}",
            s.errors
        );
    }
    let calls = fake.calls().await;
    assert!(calls as f64 <= 1.6 * 150.0, "{calls} calls for 150 pictures");
    assert!(fake.count("429").await > 0 && fake.count("503").await > 0);
}

async fn a_20_second_429_storm_slows_the_calls_and_the_case_completes_after_it(backend: common::Backend) {
    let fake = FakeServer::start(&["--fault", "429", "--retry-delay", "0.2s"]);
    let env = common::fake::remote_env_on(&backend, |c| {
        gemini(&fake, c);
        c.pipeline.slot_attempts = 3;
        c.pipeline.concurrency = 4;
        quick_reruns(c);
    })
    .await;
    let id = env.app.create_case(None).await.unwrap().case.id;
    let storm = tokio::spawn({
        let base = fake.base.clone();
        async move {
            tokio::time::sleep(Duration::from_secs(20)).await;
            reqwest::Client::new()
                .post(format!("{base}/_control"))
                .json(&serde_json::json!({"fault": "ok"}))
                .send()
                .await
                .unwrap();
        }
    });
    let painting = {
        let app = env.app.clone();
        let id = id.clone();
        tokio::spawn(async move { common::paint_to_the_end(&app, &[id], Duration::from_secs(90)).await })
    };
    storm.await.unwrap();
    let storm_calls = fake.count("429").await;
    painting.await.unwrap();
    eprintln!("{storm_calls} calls in the 20 s storm, {} in all", fake.calls().await);
    // At 4 calls in flight, 20 s of 0.2 s delays would be about 400 calls; throttled down to one at a
    // time, about 100.
    assert!(storm_calls <= 130, "{storm_calls} calls during the storm");
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    assert_eq!(
        (s.status, s.progress.current, s.images.count(), s.errors.len()),
        (StatusState::Completed, 15, 15, 0),
        "{:?}",
        s.errors
    );
}

/// Every answer Gemini bills (a picture, a block, a text-only refusal: each a 200 with `usageMetadata`) is
/// one ledger entry priced from its tokens, the gentler prompt after a refusal included; a 5xx costs
/// nothing. The ledger's sum is what the provider's
/// reported tokens cost, and the cases' `costUsd` add up to it.
async fn the_ledger_sums_to_the_answers_the_provider_billed(backend: common::Backend) {
    let fake = FakeServer::start(&[
        "--next",
        "503,block,finish:IMAGE_SAFETY,500,text-only",
        "--image-tokens",
        "1290",
    ]);
    let env = common::fake::remote_env_on(&backend, |c| {
        gemini(&fake, c);
        c.pipeline.concurrency = 2;
        c.budget.daily_usd = Some(50.0);
        c.prices.0.insert(
            MODEL.into(),
            sleuths::config::Price {
                output_per_million: 30.0,
                input_per_million: 0.30,
                picture: 0.039,
            },
        );
    })
    .await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        ids.push(env.app.create_case(None).await.unwrap().case.id);
    }
    env.drain().await;
    let stats = fake.stats().await;
    let billed = stats["billed_answers"].as_u64().unwrap();
    // Refused slots are asked again with the gentler prompt (which may meet the next refusal, and then
    // the procedural fallback paints the slot, for nothing).
    let calls = fake.calls().await;
    assert!(calls > 30 + 2, "30 slots, two 5xx retries, gentler prompts: {stats}");
    assert_eq!(
        billed,
        calls as u64 - 2,
        "every answer but the two 5xx is billed: {stats}"
    );
    let pictures = stats["faults"]["ok"].as_u64().unwrap();

    let now = env.clock.now_ms();
    let (yesterday, today) = (
        sleuths::domain::spend::day_of(now - 86_400_000),
        sleuths::domain::spend::day_of(now),
    );
    let days = env.store.spend(&yesterday, &today).await.unwrap();
    let mut charges = Vec::new();
    for d in &days {
        charges.extend(env.store.charges(&d.day).await.unwrap());
    }
    assert_eq!(charges.len() as u64, billed, "one entry per billed answer");
    assert_eq!(
        charges.iter().filter(|c| c.painted).count() as u64,
        pictures,
        "a charge with a picture for each picture Gemini sent, the 3 refusals without"
    );
    assert!(
        charges
            .iter()
            .all(|c| c.provider == "gemini" && c.model == MODEL && c.usage.is_some())
    );
    let tokens_in: u64 = charges.iter().map(|c| c.usage.unwrap().input_tokens).sum();
    let tokens_out: u64 = charges.iter().map(|c| c.usage.unwrap().output_tokens).sum();
    assert_eq!(tokens_in, stats["prompt_tokens"].as_u64().unwrap());
    assert_eq!(tokens_out, stats["output_tokens"].as_u64().unwrap());
    let ledger: i64 = charges.iter().map(|c| c.micros).sum();
    let expected = (tokens_out as f64 * 30.0 + tokens_in as f64 * 0.30) / 1e6 * 1e6;
    assert!(
        (ledger as f64 - expected).abs() <= charges.len() as f64,
        "the ledger ({ledger} µ$) is what the tokens cost ({expected} µ$), to rounding"
    );
    let spent: i64 = days.iter().map(|d| d.spent).sum();
    let reserved: i64 = days.iter().map(|d| d.reserved).sum();
    assert_eq!((spent, reserved), (ledger, 0));
    let mut cost = 0.0;
    for id in &ids {
        cost += env.store.get_status(id).await.unwrap().unwrap().cost_usd;
    }
    assert!(
        (cost * 1e6 - ledger as f64).abs() < 1.0,
        "cases {cost} vs ledger {ledger}"
    );
}

conformance!(
    the_ledger_sums_to_the_answers_the_provider_billed,
    ten_cases_with_30_percent_mixed_429_and_503_paint_all_150_pictures,
    a_20_second_429_storm_slows_the_calls_and_the_case_completes_after_it,
);
