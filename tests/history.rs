//! Every job keeps a history of what happened to it: who queued it, which worker claimed it (and took
//! it over), each provider call and wait, each slot stored, pauses, a cancel and the end. In process on
//! SQLite, Redis and the cluster; and with real processes, a SIGKILL and a takeover.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Backend, FakeProvider, SpawnGuarded, env_on, serve_app};
use serde_json::Value;
use sleuths::domain::history::{CallOutcome, Event, HISTORY_LIMIT, HistoryEvent, Origin};
use sleuths::domain::{JobState, Slot, SlotKind, StatusState};
use sleuths::providers::ProviderError;

const TOKEN: &str = "history-token";

async fn a_painted_case_s_history_has_its_calls_slots_and_end(backend: Backend) {
    let throttled = Slot::new(SlotKind::Location, 1);
    let refused = Slot::new(SlotKind::Evidence, 3);
    let provider = FakeProvider::default();
    provider.refusals.lock().unwrap().insert(refused, 2);
    // Two 429s naming a 1 ms delay, then a picture.
    provider.throttled.lock().unwrap().insert(throttled, 2);
    let env = env_on(backend, provider, None, |c| {
        c.pipeline.fallback = Some(vec!["procedural".into()]);
        c.pipeline.concurrency = 2;
    })
    .await;
    let created = env.app.by(Origin::Moderator).create_case(None).await.unwrap();
    assert_eq!(env.drain().await, 1);
    let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert_eq!((s.status, s.images.count()), (StatusState::Completed, 15));

    let h = env.app.job_history(&created.job_id).await.unwrap().expect("a history");
    assert_eq!(h.name, "generate-case-images");
    assert_eq!(h.dropped, 0);
    let what: Vec<&Event> = h.events.iter().map(|e| &e.what).collect();
    assert_eq!(what[0], &Event::Queued { by: Origin::Moderator });
    assert!(
        matches!(
            what[1],
            Event::Claimed {
                attempt: 1,
                takeover_from: None,
                ..
            }
        ),
        "{:?}",
        what[1]
    );
    assert!(matches!(
        what.last().unwrap(),
        Event::Ended {
            state: JobState::Completed,
            error: None
        }
    ));
    // In order of time.
    assert!(h.events.windows(2).all(|w| w[0].at <= w[1].at), "{:?}", h.events);
    let calls = |slot: Slot| -> Vec<CallOutcome> {
        what.iter()
            .filter_map(|e| match e {
                Event::Call(c) if c.slot == slot.to_string() && c.provider == "fake" => Some(c.outcome),
                _ => None,
            })
            .collect()
    };
    assert_eq!(calls(throttled)[..2], [CallOutcome::Throttled, CallOutcome::Throttled]);
    assert_eq!(calls(throttled).last(), Some(&CallOutcome::Painted));
    let throttled_call = what.iter().find_map(|e| match e {
        Event::Call(c) if c.outcome == CallOutcome::Throttled => Some(c),
        _ => None,
    });
    assert_eq!(throttled_call.unwrap().retry_after_ms, Some(1));
    // The refused slot: the first prompt, the gentler one, then the fallback's picture.
    assert_eq!(calls(refused), [CallOutcome::Refused, CallOutcome::Refused]);
    assert!(
        what.iter()
            .any(|e| matches!(e, Event::Call(c) if c.slot == "ev-4" && c.provider == "procedural" && c.outcome == CallOutcome::Painted)),
        "the fallback's call is in the history too"
    );
    let stored: Vec<(&str, Option<&str>, bool)> = what
        .iter()
        .filter_map(|e| match e {
            Event::Slot {
                slot, source, fallback, ..
            } => Some((slot.as_str(), source.as_deref(), fallback.is_some())),
            _ => None,
        })
        .collect();
    assert_eq!(stored.len(), 15, "{stored:?}");
    assert!(stored.contains(&("ev-4", Some("procedural"), true)), "{stored:?}");
    assert_eq!(stored.iter().filter(|s| s.1 == Some("fake")).count(), 14);
    // Every call the provider saw is in the history, once.
    let in_history = what
        .iter()
        .filter(|e| matches!(e, Event::Call(c) if c.provider == "fake"))
        .count();
    assert_eq!(in_history, env.provider.calls());

    // Moderators read it over HTTP, in the same shape; without the token it is 401.
    let (base, stop) = serve_app(&env.app, TOKEN).await;
    let http = reqwest::Client::new();
    let url = format!("{base}/internal/jobs/{}/history", created.job_id);
    let anonymous = http.get(&url).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    let res = http.get(&url).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["jobId"], created.job_id.as_str());
    assert_eq!(
        body["events"][0],
        serde_json::json!({"at": h.events[0].at, "type": "queued", "by": "moderator"})
    );
    assert_eq!(body["events"].as_array().unwrap().len(), h.events.len());
    let missing = http
        .get(format!("{base}/internal/jobs/job-nope/history"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    stop.cancel();
}

async fn a_cancel_and_a_pause_say_who_and_why(backend: Backend) {
    let env = env_on(backend, FakeProvider::default(), None, |c| {
        c.pipeline.fallback = Some(Vec::new());
    })
    .await;
    let created = env.app.by(Origin::Cli).create_case(None).await.unwrap();
    for slot in created.case.slots() {
        env.provider.failures.lock().unwrap().insert(
            slot,
            ProviderError::QuotaExhausted {
                message: "the daily quota is spent".into(),
                resume_at_ms: chrono::Utc::now().timestamp_millis() + common::DAY,
            },
        );
    }
    assert_eq!(env.drain().await, 1);
    env.app.by(Origin::Moderator).cancel_job(&created.job_id).await.unwrap();
    let h = env.app.job_history(&created.job_id).await.unwrap().unwrap();
    let what: Vec<&Event> = h.events.iter().map(|e| &e.what).collect();
    assert_eq!(what[0], &Event::Queued { by: Origin::Cli });
    assert!(
        what.iter()
            .any(|e| matches!(e, Event::Call(c) if c.outcome == CallOutcome::Stopped)),
        "{what:?}"
    );
    let paused = what.iter().find_map(|e| match e {
        Event::Paused { kind, reason, .. } => Some((*kind, reason.clone())),
        _ => None,
    });
    let (kind, reason) = paused.expect("a pause");
    assert_eq!(kind, sleuths::domain::PauseKind::Quota);
    assert!(reason.contains("quota"), "{reason}");
    assert_eq!(what.last().unwrap(), &&Event::Cancelled { by: Origin::Moderator });
}

async fn a_history_keeps_its_last_events_says_how_many_it_dropped_and_goes_with_its_job(backend: Backend) {
    let env = env_on(backend, FakeProvider::default(), None, |_| {}).await;
    let created = env.app.create_case(None).await.unwrap();
    let waits: Vec<HistoryEvent> = (0..HISTORY_LIMIT + 10)
        .map(|n| HistoryEvent {
            at: n as i64,
            what: Event::Wait {
                slot: None,
                reason: sleuths::domain::history::WaitReason::Gate,
                started_at: n as i64,
                ms: 1,
            },
        })
        .collect();
    env.store.append_history(&created.job_id, &waits).await.unwrap();
    let h = env.app.job_history(&created.job_id).await.unwrap().unwrap();
    assert_eq!(h.events.len(), HISTORY_LIMIT);
    // The queued event and the 10 oldest waits went.
    assert_eq!(h.dropped, 11);
    assert_eq!(h.events[0].at, 10);
    // Nothing is kept for a job that does not exist.
    env.store.append_history("job-none", &waits[..1]).await.unwrap();
    assert!(env.app.job_history("job-none").await.unwrap().is_none());
    // Purged with its job.
    assert_eq!(env.drain().await, 1);
    env.store.purge(i64::MAX).await.unwrap();
    assert!(env.app.job_history(&created.job_id).await.unwrap().is_none());
}

conformance!(
    a_painted_case_s_history_has_its_calls_slots_and_end,
    a_cancel_and_a_pause_say_who_and_why,
    a_history_keeps_its_last_events_says_how_many_it_dropped_and_goes_with_its_job,
);

fn sleuths(config: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sleuths"));
    c.arg("--config").arg(config);
    c
}

/// Runs a command to its end and gives its standard output.
fn output(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A worker is killed mid-case and another takes the job over: the history names both, has the 15
/// slots and the end, read with `sleuths jobs history`.
fn history_names_both_workers_after_a_sigkill(store: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("sleuths.toml");
    let store_line = store
        .map(|url| {
            format!(
                "store = {url:?}\nredis_prefix = \"history:{}:\"\n",
                &sleuths::ids::token()[..10]
            )
        })
        .unwrap_or_default();
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\n{store_line}image_latency = \"300ms\"\nlog_level = \"info\"\n\
             [pipeline]\nconcurrency = 2\n[scheduler]\nlease = \"2s\"\npoll = \"100ms\"\n",
            dir.path()
        ),
    )
    .unwrap();
    let case_id = output(sleuths(&config).args(["case", "create"])).trim().to_owned();
    let listed: Value = serde_json::from_str(&output(sleuths(&config).args(["jobs", "list", "--json"]))).unwrap();
    let job_id = listed["jobs"][0]["id"].as_str().unwrap().to_owned();
    let status = |config: &Path| -> Value {
        serde_json::from_str(&output(sleuths(config).args(["images", "status", &case_id, "--json"]))).unwrap()
    };
    let worker = |name: &str| {
        let log = std::fs::File::create(dir.path().join(format!("{name}.log"))).unwrap();
        sleuths(&config)
            .args(["worker", "--no-cron"])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn_guarded()
    };
    let mut first = worker("worker-1");
    let deadline = Instant::now() + Duration::from_secs(60);
    while status(&config)["progress"]["current"].as_u64().unwrap() < 4 {
        assert!(Instant::now() < deadline, "the first worker made no progress");
        std::thread::sleep(Duration::from_millis(100));
    }
    first.kill().unwrap();
    first.wait().unwrap();
    let _second = worker("worker-2");
    let deadline = Instant::now() + Duration::from_secs(90);
    while status(&config)["status"] != "completed" {
        assert!(Instant::now() < deadline, "the second worker did not finish the case");
        std::thread::sleep(Duration::from_millis(200));
    }
    let h: Value =
        serde_json::from_str(&output(sleuths(&config).args(["jobs", "history", &job_id, "--json"]))).unwrap();
    let events = h["events"].as_array().unwrap();
    assert_eq!(events[0]["type"], "queued");
    assert_eq!(events[0]["by"], "cli");
    let claims: Vec<&Value> = events.iter().filter(|e| e["type"] == "claimed").collect();
    assert_eq!(claims.len(), 2, "{claims:?}");
    let killed = claims[0]["worker"].as_str().unwrap();
    assert!(claims[0].get("takeoverFrom").is_none());
    assert_eq!(claims[1]["takeoverFrom"], killed, "{claims:?}");
    assert_ne!(claims[1]["worker"], killed);
    let slots: std::collections::BTreeSet<&str> = events
        .iter()
        .filter(|e| e["type"] == "slot" && e["source"] == "procedural")
        .map(|e| e["slot"].as_str().unwrap())
        .collect();
    assert_eq!(slots.len(), 15, "{slots:?}");
    assert_eq!(events.last().unwrap()["type"], "ended");
    assert_eq!(events.last().unwrap()["state"], "completed");
    // The same history for people.
    let text = output(sleuths(&config).args(["jobs", "history", &job_id]));
    assert!(text.contains(&format!("from {killed} (its lease ran out)")), "{text}");
    assert!(text.lines().last().unwrap().ends_with("completed"), "{text}");
}

#[test]
fn on_sqlite_the_history_names_both_workers_after_a_sigkill() {
    history_names_both_workers_after_a_sigkill(None);
}

#[test]
fn on_redis_the_history_names_both_workers_after_a_sigkill() {
    history_names_both_workers_after_a_sigkill(Some(common::redis_url()));
}
