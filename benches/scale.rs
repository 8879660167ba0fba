//! Scale-out benchmarks on Redis; prints figures as Markdown.
//!
//! `cargo bench --bench scale` (needs Redis on 127.0.0.1:6379, node and npm):
//! 1. queue throughput with no-op jobs, enqueue and process, beside BullMQ 5 at the same concurrency
//!    (BullMQ is installed from npm into a scratch folder, never into the repository);
//! 2. one against three `sleuths worker` processes painting with a fixed-latency provider;
//! 3. the shared rate limit: the most requests the provider saw in any 1 s window.

use std::collections::VecDeque;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde_json::json;
use sleuths::clock::{SharedClock, SystemClock};
use sleuths::domain::NewJob;
use sleuths::scheduler::{Job, JobContext, JobError, Registry, Scheduler, Settings, Worker};
use sleuths::store::{CaseStore, RedisStore, SharedStore};
use tokio_util::sync::CancellationToken;

const REDIS: &str = "redis://127.0.0.1:6379";

/// A 3-master Redis Cluster on the same machine (scripts/test starts one on 7000-7002), for `-- cluster`.
fn cluster_url() -> String {
    std::env::var("SLEUTHS_TEST_REDIS_CLUSTER")
        .unwrap_or_else(|_| "redis+cluster://127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002".into())
}

/// A job that does nothing; its payload is any JSON object.
#[derive(serde::Serialize, serde::Deserialize)]
struct Noop {}

/// Counts the no-op jobs run, and stops the worker after the last.
struct Countdown {
    left: AtomicUsize,
    stop: CancellationToken,
}

#[async_trait]
impl Job for Noop {
    const NAME: &'static str = "noop";
    const MAX_ATTEMPTS: u32 = 1;
    type Env = Arc<Countdown>;
    async fn run(&self, env: Arc<Countdown>, _ctx: &JobContext) -> Result<(), JobError> {
        if env.left.fetch_sub(1, Ordering::SeqCst) == 1 {
            env.stop.cancel();
        }
        Ok(())
    }
}

async fn ours(url: &str, total: usize, concurrency: usize) -> (f64, f64) {
    let clock: SharedClock = Arc::new(SystemClock);
    let prefix = format!("bench:{}:", &sleuths::ids::token()[..8]);
    let store: SharedStore = Arc::new(
        RedisStore::connect(url, &prefix, clock.clone(), Duration::from_secs(60))
            .await
            .expect("redis"),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let t = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (store, next) = (store.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::SeqCst) < total {
                let job = NewJob {
                    id: sleuths::ids::job_id(chrono::Utc::now().timestamp_millis()),
                    name: "noop".into(),
                    data: json!({}),
                    run_at: 0,
                    key: None,
                    max_attempts: 1,
                    schedule_id: None,
                    occurrence: None,
                    origin: sleuths::domain::history::Origin::Cli,
                    traceparent: None,
                };
                store.enqueue(job, None).await.expect("enqueue");
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    let enqueue = t.elapsed().as_secs_f64();

    // One worker, as `sleuths worker` runs it, with `concurrency` jobs at once; it stops once the last job
    // has run, and returns once the jobs running then are recorded.
    let countdown = Arc::new(Countdown {
        left: AtomicUsize::new(total),
        stop: CancellationToken::new(),
    });
    let mut registry = Registry::new();
    registry.register::<Noop>(countdown.clone(), None);
    let settings = Settings {
        concurrency,
        ..Settings::default()
    };
    let scheduler = Scheduler::new(store.clone(), Arc::new(registry), clock, settings);
    let worker = Worker::new(scheduler, false);
    let t = Instant::now();
    worker.run(countdown.stop.clone()).await.expect("worker");
    let processed = t.elapsed().as_secs_f64();
    let counts = store.job_counts().await.expect("counts");
    let completed = counts
        .iter()
        .find(|(s, _)| *s == sleuths::domain::JobState::Completed)
        .map_or(0, |(_, n)| *n);
    assert_eq!(completed as usize, total, "every job completed: {counts:?}");
    (enqueue, processed)
}

fn bullmq(total: usize, concurrency: usize) -> Option<(f64, f64)> {
    let scratch = std::env::temp_dir().join("sleuths-bullmq-bench");
    std::fs::create_dir_all(&scratch).ok()?;
    if !scratch.join("node_modules/bullmq").exists() {
        let ok = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--silent", "bullmq@5"])
            .current_dir(&scratch)
            .status()
            .ok()?
            .success();
        if !ok {
            return None;
        }
    }
    let script = scratch.join("bench.mjs");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/benches/bullmq/bench.mjs"),
        &script,
    )
    .ok()?;
    let out = Command::new("node")
        .arg(&script)
        .args(["6379", &total.to_string(), &concurrency.to_string()])
        .current_dir(&scratch)
        .output()
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    Some((v["enqueueMs"].as_f64()? / 1000.0, v["processMs"].as_f64()? / 1000.0))
}

async fn queue_throughput() {
    let total = 10_000;
    println!("## Queue throughput, {total} no-op jobs on one Redis\n");
    println!("| system | concurrency | enqueue jobs/s | process jobs/s |\n|---|---|---|---|");
    for concurrency in [1, 8, 32] {
        let (e, p) = ours(REDIS, total, concurrency).await;
        println!(
            "| sleuths (RedisStore + Worker) | {concurrency} | {:.0} | {:.0} |",
            total as f64 / e,
            total as f64 / p
        );
        match bullmq(total, concurrency) {
            Some((e, p)) => println!(
                "| BullMQ 5 | {concurrency} | {:.0} | {:.0} |",
                total as f64 / e,
                total as f64 / p
            ),
            None => println!("| BullMQ 5 | {concurrency} | (npm install or node failed) | |"),
        }
    }
    println!();
}

struct Deployment {
    dir: tempfile::TempDir,
    config: std::path::PathBuf,
    prefix: String,
    url: String,
    children: Vec<Child>,
}

impl Deployment {
    fn new(extra: &str) -> Deployment {
        Deployment::on(REDIS, extra)
    }

    fn on(url: &str, extra: &str) -> Deployment {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("sleuths.toml");
        let prefix = format!("bench:{}:", &sleuths::ids::token()[..8]);
        std::fs::write(
            &config,
            format!(
                "data_dir = {:?}\nstore = \"{url}\"\nredis_prefix = {prefix:?}\nimage_call_log = {:?}\nlog_level = \"warn\"\n{extra}",
                dir.path(),
                dir.path().join("calls.log")
            ),
        )
        .expect("config");
        Deployment {
            dir,
            config,
            prefix,
            url: url.to_owned(),
            children: Vec::new(),
        }
    }

    fn sleuths(&self, args: &[&str]) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_sleuths"))
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .output()
            .expect("sleuths");
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    fn workers(&mut self, n: usize) {
        for _ in 0..n {
            let child = Command::new(env!("CARGO_BIN_EXE_sleuths"))
                .arg("--config")
                .arg(&self.config)
                .args(["worker", "--no-cron"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("worker");
            self.children.push(child);
        }
    }

    /// Polls the status records straight from Redis (a process per poll would load the machine).
    fn wait_all(&self, cases: &[String]) {
        tokio::runtime::Handle::current().block_on(async {
            let clock: SharedClock = Arc::new(SystemClock);
            let store = RedisStore::connect(&self.url, &self.prefix, clock, Duration::from_secs(60))
                .await
                .expect("redis");
            for id in cases {
                loop {
                    let s = store.get_status(id).await.expect("status");
                    if s.is_some_and(|s| s.status.is_final()) {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        })
    }

    fn call_times(&self) -> Vec<i64> {
        let log = std::fs::read_to_string(self.dir.path().join("calls.log")).unwrap_or_default();
        let mut t: Vec<i64> = log
            .lines()
            .filter_map(|l| l.split_whitespace().next()?.parse().ok())
            .collect();
        t.sort();
        t
    }
}

impl Drop for Deployment {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Cases painted by `workers` processes: wall time from the first enqueue to the last completion.
fn paint_with(workers: usize, cases: usize, extra: &str) -> (Duration, Deployment) {
    let mut d = Deployment::new(extra);
    d.workers(workers);
    std::thread::sleep(Duration::from_millis(500));
    let t = Instant::now();
    let ids: Vec<String> = (0..cases).map(|_| d.sleuths(&["case", "create"])).collect();
    d.wait_all(&ids);
    (t.elapsed(), d)
}

/// Starts the fake provider (on a thread of this process, on a local port) with a fixed latency.
fn fake_provider(latency_ms: u64) -> fake_provider::Running {
    fake_provider::spawn(&["--latency-ms", &latency_ms.to_string()]).expect("fake-provider")
}

fn scale_out() {
    let cases = 6;
    let latency = 400;
    let fake = fake_provider(latency);
    let base = fake.base.clone();
    // The Gemini client against fake-provider: each picture waits `latency`, then a small PNG.
    let extra = format!(
        "image_provider = \"gemini\"\n[gemini]\nbase_url = {base:?}\napi_key = \"bench\"\n\
         [pipeline]\nconcurrency = 4\n[scheduler]\nconcurrency = 1\npoll = \"100ms\"\n"
    );
    println!(
        "## One against three worker processes ({cases} cases, 90 slots; fake-provider with {latency} ms latency, 4 slots a job, 1 job a process)\n"
    );
    let (one, _) = paint_with(1, cases, &extra);
    let (three, _) = paint_with(3, cases, &extra);
    drop(fake);
    println!(
        "| workers | makespan |\n|---|---|\n| 1 | {:.2} s |\n| 3 | {:.2} s |",
        one.as_secs_f64(),
        three.as_secs_f64()
    );
    println!(
        "\nSpeed-up: {:.2}× (target ≥ 2.5×).\n",
        one.as_secs_f64() / three.as_secs_f64()
    );
}

fn rate_limit() {
    let per_minute = 300; // R = 5 requests/s
    let extra = format!(
        "image_latency = \"50ms\"\n[pipeline]\nconcurrency = 8\nrate_limit_per_minute = {per_minute}\nrate_limit_burst = 1\n[scheduler]\nconcurrency = 2\npoll = \"100ms\"\n"
    );
    let (took, d) = paint_with(3, 4, &extra);
    let times = d.call_times();
    let mut window: VecDeque<i64> = VecDeque::new();
    let mut peak = 0;
    for t in &times {
        window.push_back(*t);
        while window.front().is_some_and(|f| *f <= t - 1000) {
            window.pop_front();
        }
        peak = peak.max(window.len());
    }
    println!(
        "## Shared rate limit R = {} requests/s, 3 worker processes, 4 cases at once\n",
        per_minute / 60
    );
    println!("| provider requests | duration | highest count in any 1 s window | limit |\n|---|---|---|---|");
    println!(
        "| {} | {:.1} s | {peak} | {} |\n",
        times.len(),
        took.as_secs_f64(),
        per_minute / 60
    );
}

/// The same work on one Redis and on a 3-master Redis Cluster: queue throughput, and one 15-slot case.
async fn cluster() {
    let total = 10_000;
    let url = cluster_url();
    println!("## One Redis beside a 3-master Redis Cluster (all nodes on this machine)\n");
    println!("Queue throughput, {total} no-op jobs:\n");
    println!("| store | concurrency | enqueue jobs/s | process jobs/s |\n|---|---|---|---|");
    for concurrency in [1, 8, 32] {
        for (name, target) in [("one Redis", REDIS), ("Redis Cluster", url.as_str())] {
            let (e, p) = ours(target, total, concurrency).await;
            println!(
                "| {name} | {concurrency} | {:.0} | {:.0} |",
                total as f64 / e,
                total as f64 / p
            );
        }
    }
    println!("\nOne case of 15 slots, one worker process, procedural pictures (`case create` to the last slot):\n");
    println!("| store | makespan |\n|---|---|");
    for (name, target) in [("one Redis", REDIS.to_owned()), ("Redis Cluster", url.clone())] {
        let took = tokio::task::spawn_blocking(move || {
            let mut d = Deployment::on(&target, "");
            d.workers(1);
            std::thread::sleep(Duration::from_millis(500));
            let t = Instant::now();
            let id = d.sleuths(&["case", "create"]);
            d.wait_all(&[id]);
            t.elapsed()
        })
        .await
        .expect("case");
        println!("| {name} | {:.2} s |", took.as_secs_f64());
    }
    println!();
}

#[tokio::main]
async fn main() {
    // `cargo bench --bench scale -- cluster`: one Redis beside a Redis Cluster (started by scripts/test).
    if std::env::args().nth(1).as_deref() == Some("cluster") {
        return cluster().await;
    }
    println!("# Scale-out benchmarks (Redis)\n");
    println!(
        "Machine: {} cores shared by Redis, the clients and the workers. Command: `cargo bench --bench scale`.\n",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)
    );
    queue_throughput().await;
    tokio::task::spawn_blocking(scale_out).await.expect("scale-out");
    tokio::task::spawn_blocking(rate_limit).await.expect("rate limit");
}
