//! Cost benchmarks; prints figures as Markdown. `cargo bench --bench spend` (needs Redis on
//! 127.0.0.1:6379). Real `sleuths` processes against `fake-provider` on a local port:
//! 1. what one case costs painted live and painted ahead through the Batch API (the daily job makes
//!    today's case live and tomorrow's ahead), and how long each took;
//! 2. how far three worker processes, four pictures in flight each, pass a shared daily budget: when
//!    the price a call holds is the price it costs, and when the answers cost more than held.

use std::time::{Duration, Instant};

use serde_json::Value;

const REDIS: &str = "redis://127.0.0.1:6379";

#[path = "../tests/common/cluster.rs"]
mod cluster;

use cluster::Cluster;

fn stats(base: &str) -> Value {
    reqwest::blocking::get(format!("{base}/_stats"))
        .unwrap()
        .json()
        .unwrap()
}

/// Today's case painted live beside tomorrow's painted ahead, from one run of the daily job.
fn live_and_ahead() {
    let fake = fake_provider::spawn(&["--latency-ms", "200", "--batch-polls", "3"]).unwrap();
    let mut d = Cluster::new(
        REDIS,
        &format!(
            "image_provider = \"gemini\"\n[gemini]\nbase_url = {:?}\napi_key = \"bench\"\nimage_model = \"gemini-2.5-flash-image\"\n\
         [daily]\npaint_ahead = \"24h\"\nbatch_deadline = \"2h\"\nbatch_poll = \"1s\"\n[scheduler]\npoll = \"200ms\"\n",
            fake.base
        ),
    );
    let base = d.serve(&[]);
    let started = Instant::now();
    let res = reqwest::blocking::Client::new()
        .post(format!("{base}/internal/scheduler/daily-case"))
        .bearer_auth("t")
        .send()
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().unwrap());
    let now = chrono::Utc::now().date_naive();
    let (today, tomorrow) = (
        format!("case-{}", now.format("%Y-%m-%d")),
        format!("case-{}", now.succ_opt().unwrap().format("%Y-%m-%d")),
    );
    let done = |s: &Value| s["status"] == "completed";
    let live = d.wait_for(&today, done, Duration::from_secs(120));
    let live_took = started.elapsed();
    let ahead = d.wait_for(&tomorrow, done, Duration::from_secs(120));
    let ahead_took = started.elapsed();
    let st = stats(&fake.base);
    println!("## One case painted live and painted ahead\n");
    println!(
        "`gemini-2.5-flash-image` at its list price ($30 per million output tokens, $0.30 per million input \
         tokens); fake-provider reports 1,290 tokens a picture, answers live calls after 200 ms and a batch \
         on its fourth poll (one poll a second). One `serve` process with its worker; the daily job makes \
         today's case live and tomorrow's ahead.\n"
    );
    println!("| case | pictures | costUsd | per picture | batch submits | polls | done after |");
    println!("|---|---|---|---|---|---|---|");
    for (name, s, took, submits, polls) in [
        ("today's, live", &live, live_took, 0, 0),
        (
            "tomorrow's, ahead",
            &ahead,
            ahead_took,
            st["batch_submits"].as_u64().unwrap(),
            st["batch_polls"].as_u64().unwrap(),
        ),
    ] {
        let cost = s["costUsd"].as_f64().unwrap_or(0.0);
        let pictures = s["progress"]["current"].as_u64().unwrap();
        println!(
            "| {name} | {pictures} | ${cost:.6} | ${:.6} | {submits} | {polls} | {:.1} s |",
            cost / pictures as f64,
            took.as_secs_f64()
        );
    }
    println!();
}

/// Three worker processes, four pictures in flight each, three cases (45 pictures) against a $1.00
/// budget; the calls that reach the provider and the day's spend.
fn overshoot(image_tokens: u64, label: &str) {
    let fake = fake_provider::spawn(&["--latency-ms", "300", "--image-tokens", &image_tokens.to_string()]).unwrap();
    let mut d = Cluster::new(
        REDIS,
        &format!(
            "image_provider = \"gemini\"\n[gemini]\nbase_url = {:?}\napi_key = \"bench\"\nimage_model = \"bench-model\"\n[budget]\ndaily_usd = 1.0\n\
         [prices.\"bench-model\"]\noutput_per_million = 30.0\ninput_per_million = 0.0\npicture = 0.039\n\
         [pipeline]\nconcurrency = 4\n[scheduler]\npoll = \"200ms\"\nconcurrency = 1\n",
            fake.base
        ),
    );
    let base = d.serve(&["--no-worker"]);
    let http = reqwest::blocking::Client::new();
    let cases = cluster::create_cases(&http, &base, 3);
    d.workers(3, &["--no-cron"]);
    for id in &cases {
        d.wait_for(
            id,
            |s| {
                s["pausedReason"]
                    .as_str()
                    .is_some_and(|r| r.starts_with("the daily budget"))
                    || s["status"] == "completed"
            },
            Duration::from_secs(120),
        );
    }
    let report: Value = serde_json::from_str(&d.run(&["spend", "--days", "1", "--json"])).unwrap();
    let day = &report["days"][0];
    let spent = day["spentUsd"].as_f64().unwrap();
    let price = (image_tokens + 5) as f64 * 30.0 / 1e6;
    println!(
        "| {label} | ${price:.5} | {} | {} | ${spent:.5} | ${:+.5} | {} | ${:.5} |",
        stats(&fake.base)["calls"],
        day["pictures"],
        spent - 1.0,
        12,
        12.0 * (price - 0.039).max(0.0)
    );
}

fn main() {
    live_and_ahead();
    println!("## Overshoot past a shared daily budget\n");
    println!(
        "Budget $1.00; every call holds $0.039 (the model's picture price) before it is made. Three `worker` \
         processes, `pipeline.concurrency = 4`, three cases (45 pictures wanted), fake-provider answering \
         after 300 ms. The bound is the calls in flight (12) times what an answer costs over its hold.\n"
    );
    println!(
        "| answers | price of an answer | provider calls | pictures | spent | over budget | calls in flight | bound |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    overshoot(1290, "as held or less (1,290 tokens)");
    overshoot(1495, "more than held (1,495 tokens)");
}
