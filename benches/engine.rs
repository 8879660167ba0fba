//! Benchmarks of the core engine; prints figures as Markdown.
//!
//! `cargo bench --bench engine` runs them all. With the argument `rss` (how the benchmark runs itself as
//! a child process) it paints one case and reports the process's peak RSS.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use sleuths::app::{App, Parts};
use sleuths::casegen::{CaseCounts, ProceduralCases};
use sleuths::clock::{SharedClock, SystemClock};
use sleuths::config::Config;
use sleuths::domain::StatusState;
use sleuths::images::LocalImages;
use sleuths::pipeline::subject;
use sleuths::providers::journal::Latency;
use sleuths::providers::{Call, ImageProvider, ImageRequest, Picture, ProceduralArt, ProviderError};
use sleuths::store::SqliteStore;

/// A provider that hands back a tiny flat picture at once (the latency comes from `Latency`).
struct Flat;

#[async_trait]
impl ImageProvider for Flat {
    fn name(&self) -> &'static str {
        "flat"
    }
    async fn generate(&self, request: &ImageRequest) -> Call {
        self.answer(request).await.into()
    }
}

impl Flat {
    async fn answer(&self, _r: &ImageRequest) -> Result<Picture, ProviderError> {
        Ok(Picture::Pixels(image::RgbImage::from_pixel(
            64,
            48,
            image::Rgb([20, 30, 60]),
        )))
    }
}

fn app(dir: &tempfile::TempDir, provider: Arc<dyn ImageProvider>, concurrency: usize) -> App {
    let mut config = Config {
        data_dir: dir.path().to_path_buf(),
        ..Config::default()
    };
    config.pipeline.concurrency = concurrency;
    config.scheduler.poll = Duration::from_millis(20);
    let clock: SharedClock = Arc::new(SystemClock);
    let store = SqliteStore::open(&config.db_path(), clock.clone(), config.status_ttl).expect("open store");
    App::from_parts(
        config.clone(),
        Parts {
            store: Arc::new(store),
            images: Arc::new(LocalImages::new(config.images_dir())),
            provider,
            casegen: Arc::new(ProceduralCases),
            clock,
        },
    )
    .expect("app")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Paints one case with a worker in this process; returns the wall time from enqueue to `completed`.
async fn paint_case(app: &App) -> Duration {
    let created = app.create_case(None).await.expect("create");
    let start = Instant::now();
    let stop = tokio_util::sync::CancellationToken::new();
    let worker = app.worker(false);
    let s = stop.clone();
    let handle = tokio::spawn(async move { worker.run(s).await });
    loop {
        let st = app.status(&created.case.id).await.expect("status").expect("record");
        if st.status.is_final() {
            assert_eq!(st.status, StatusState::Completed);
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let took = start.elapsed();
    stop.cancel();
    let _ = handle.await;
    took
}

async fn case_creation() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(&dir, Arc::new(Flat), 4);
    for _ in 0..20 {
        app.create_case(None).await.expect("warm-up");
    }
    let n = 500;
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        app.create_case(None).await.expect("create");
        times.push(t.elapsed());
    }
    times.sort();
    println!("## Case creation (procedural case + case, status and job in one SQLite transaction)\n");
    println!("| cases | p50 | p99 | max | target p99 |\n|---|---|---|---|---|");
    println!(
        "| {n} | {} | {} | {} | ≤ 10 ms |\n",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(times[n - 1])
    );
}

async fn procedural_pictures() {
    let case = case_writer::write(&sleuths::casegen::CaseRequest {
        id: "case-bench".into(),
        date: "2026-11-28".into(),
        seed: 20_420,
        counts: CaseCounts::default(),
        created_at: 0,
    })
    .expect("case");
    println!("## Procedural pictures (render + JPEG + thumbnail, one core)\n");
    println!("| kind | slots | render | encode + thumbnail | total per slot |\n|---|---|---|---|---|");
    let mut whole = Duration::ZERO;
    for kind in sleuths::domain::SlotKind::ALL {
        let slots: Vec<_> = case.slots().into_iter().filter(|s| s.kind == kind).collect();
        let (mut render, mut encode) = (Duration::ZERO, Duration::ZERO);
        for slot in &slots {
            let subject = subject(&case, *slot).expect("slot");
            let request = ImageRequest {
                case_id: case.id.clone(),
                slot: *slot,
                prompt: String::new(),
                subject,
                take: 0,
            };
            let t = Instant::now();
            let pixels = sleuths::providers::procedural::render(&request);
            render += t.elapsed();
            let t = Instant::now();
            sleuths::images::encode(Picture::Pixels(pixels)).expect("encode");
            encode += t.elapsed();
        }
        let n = slots.len() as u32;
        whole += render + encode;
        println!(
            "| {kind} | {n} | {} | {} | {} |",
            ms(render / n),
            ms(encode / n),
            ms((render + encode) / n)
        );
    }
    println!("\nWhole 15-slot case, one slot after another: {}.\n", ms(whole));
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(&dir, Arc::new(ProceduralArt::new()), 4);
    let took = paint_case(&app).await;
    println!(
        "Whole 15-slot case through the pipeline (concurrency 4, 2 cores, SQLite + files): {}.\n",
        ms(took)
    );
}

async fn makespan() {
    let latency = Duration::from_millis(250);
    println!(
        "## Pipeline makespan, provider with fixed latency L = {} ms\n",
        latency.as_millis()
    );
    println!("| c | bound ⌈15/c⌉·L | measured (enqueue → completed) | ratio | target |\n|---|---|---|---|---|");
    for c in [1usize, 4, 8] {
        let dir = tempfile::tempdir().expect("tempdir");
        let provider = Arc::new(Latency {
            inner: Arc::new(Flat),
            delay: latency,
        });
        let app = app(&dir, provider, c);
        let took = paint_case(&app).await;
        let bound = latency * 15usize.div_ceil(c) as u32;
        println!(
            "| {c} | {} | {} | {:.3} | ≤ 1.1 |",
            ms(bound),
            ms(took),
            took.as_secs_f64() / bound.as_secs_f64()
        );
    }
    println!();
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.to_owned()))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

async fn rss_child() {
    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(&dir, Arc::new(ProceduralArt::new()), 4);
    let before = peak_rss_kb();
    paint_case(&app).await;
    println!("{before} {}", peak_rss_kb());
}

fn rss() {
    let exe = std::env::current_exe().expect("exe");
    let out = std::process::Command::new(exe).arg("rss").output().expect("child");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text.split_whitespace().map(|v| v.parse::<u64>().unwrap_or(0));
    let (before, after) = (it.next().unwrap_or(0), it.next().unwrap_or(0));
    println!("## Peak RSS while painting a case (procedural, concurrency 4, fresh process)\n");
    println!("| before painting | peak while painting | target |\n|---|---|---|");
    println!(
        "| {:.1} MB | {:.1} MB | ≤ 100 MB |\n",
        before as f64 / 1024.0,
        after as f64 / 1024.0
    );
}

#[tokio::main]
async fn main() {
    if std::env::args().any(|a| a == "rss") {
        rss_child().await;
        return;
    }
    println!("# Core engine benchmarks\n");
    println!(
        "Machine: {} cores. Command: `cargo bench --bench engine`.\n",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)
    );
    case_creation().await;
    procedural_pictures().await;
    makespan().await;
    rss();
}
