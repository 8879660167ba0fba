//! A worker cut off from Redis (a TCP proxy that stops forwarding and holds its connections open) stops
//! starting provider calls once its lease has run out by its own clock, and another worker finishes the
//! case 15/15. The cut-off worker's model (fake-provider's Gemini) answers every call 503 and costs
//! nothing, so its slots retry without a store step between calls: without the fence, it would go on
//! calling for as long as the partition lasts.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::SpawnGuarded;
use common::proxy::Proxy;
use serde_json::Value;

const LEASE_MS: i64 = 2000;

fn write_config(dir: &Path, name: &str, port: u16, prefix: &str, model: &str) -> PathBuf {
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(
        &path,
        format!(
            "data_dir = {:?}\nstore = \"redis://127.0.0.1:{port}\"\nredis_prefix = {prefix:?}\n\
             image_provider = \"gemini\"\nimage_call_log = {:?}\nlog_level = \"info\"\n\
             [gemini]\nbase_url = {model:?}\n\
             [prices.\"gemini-3.1-flash-image\"]\noutput_per_million = 0.0\ninput_per_million = 0.0\npicture = 0.0\n\
             [pipeline]\nconcurrency = 2\nslot_attempts = 1000\nfallback = []\n\
             slot_backoff = {{ base = \"10ms\", cap = \"20ms\" }}\n\
             [scheduler]\nlease = \"{LEASE_MS}ms\"\npoll = \"100ms\"\n",
            dir,
            dir.join("calls.log")
        ),
    )
    .unwrap();
    path
}

fn sleuths(config: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sleuths"));
    c.arg("--config").arg(config).env("GEMINI_API_KEY", "AIza-fake-key");
    c
}

fn status(config: &Path, case_id: &str) -> Value {
    let out = sleuths(config)
        .args(["images", "status", case_id, "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[test]
fn a_worker_cut_off_from_redis_starts_no_call_after_its_lease_ran_out_and_another_finishes_the_case() {
    let redis_port: u16 = common::redis_url()
        .rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .unwrap_or(6379);
    let proxy = Proxy::start(redis_port);
    // The cut-off worker's model is down (503 after 50 ms); the other worker's paints.
    let down = common::fake::FakeServer::start(&["--fault", "503", "--latency-ms", "50"]);
    let up = common::fake::FakeServer::start(&["--latency-ms", "50"]);
    let dir = tempfile::tempdir().unwrap();
    let prefix = format!("partition:{}:", &sleuths::ids::token()[..8]);
    let cut = write_config(dir.path(), "cut", proxy.port, &prefix, &down.base);
    let direct = write_config(dir.path(), "direct", redis_port, &prefix, &up.base);
    let out = sleuths(&direct).args(["case", "create"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let case_id = String::from_utf8(out.stdout).unwrap().trim().to_owned();

    let worker = |config: &Path, name: &str| {
        sleuths(config)
            .args(["worker", "--no-cron"])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join(format!("{name}.log"))).unwrap())
            .spawn_guarded()
    };
    let first = worker(&cut, "cut");
    let first_pid = first.id().to_string();
    let calls_log = dir.path().join("calls.log");
    let calls_by_first = || {
        std::fs::read_to_string(&calls_log)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.split_whitespace().nth(1) == Some(first_pid.as_str()))
            .count()
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while calls_by_first() < 5 {
        assert!(Instant::now() < deadline, "the first worker made no calls");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The partition: nothing passes between the first worker and Redis, and nothing is closed.
    proxy.paused.store(true, Ordering::SeqCst);
    let cut_at = now_ms();
    let _second = worker(&direct, "direct");
    let deadline = Instant::now() + Duration::from_secs(90);
    let done = loop {
        let s = status(&direct, &case_id);
        if s["status"] == "completed" {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "the second worker did not finish the case: {s}"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(done["progress"]["current"], 15);

    let calls = std::fs::read_to_string(&calls_log).unwrap();
    let late: Vec<&str> = calls
        .lines()
        .filter(|l| {
            let mut f = l.split_whitespace();
            let at: i64 = f.next().unwrap().parse().unwrap();
            f.next() == Some(first_pid.as_str()) && at > cut_at + LEASE_MS
        })
        .collect();
    assert!(
        late.is_empty(),
        "the cut-off worker started calls after its lease ran out (cut at {cut_at}): {late:?}\n{calls}"
    );
    eprintln!(
        "calls by the cut-off worker, ms after the cut: {:?}",
        calls
            .lines()
            .filter(|l| l.split_whitespace().nth(1) == Some(first_pid.as_str()))
            .map(|l| l.split_whitespace().next().unwrap().parse::<i64>().unwrap() - cut_at)
            .collect::<Vec<_>>()
    );
    assert!(calls_by_first() >= 5, "{calls}");
    let logged = std::fs::read_to_string(dir.path().join("cut.log")).unwrap();
    assert!(
        logged.contains("by this worker's clock it has run out"),
        "the cut-off worker says why it stopped: {logged}"
    );
    proxy.paused.store(false, Ordering::SeqCst);
}
