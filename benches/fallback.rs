//! Never a hole, measured: pictures shown per case and the time until a due case shows all 15, under
//! refusals and a model down for an hour; prints Markdown.
//!
//! `cargo bench --bench fallback`. A worker in this process paints over a SQLite file with the default
//! fallback chain (`["procedural"]`) and the default `pipeline.fallback_after` (10 min), on a manual
//! clock the benchmark moves 10 s at a time whenever no job is running, so an hour of outage takes a few
//! seconds. Every case is dated today (players can open it).
//!
//! - Refusals: the model refuses each call (the first prompt and the gentler one alike) with probability
//!   p, a seeded draw; 10 cases.
//! - Down: the model answers 503 to every call for the first hour, then paints; one case.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use sleuths::app::{App, Parts};
use sleuths::casegen::ProceduralCases;
use sleuths::clock::{Clock, ManualClock, SharedClock};
use sleuths::config::Config;
use sleuths::domain::{ImageStatus, JobState};
use sleuths::images::LocalImages;
use sleuths::providers::{Call, ImageProvider, ImageRequest, Picture, ProviderError};
use sleuths::scheduler::{Backoff, ListJobs, Listed};
use sleuths::store::{JobFilter, SqliteStore};

/// 2026-12-03 09:00 UTC.
const START_MS: i64 = 1_796_288_400_000;
const STEP: Duration = Duration::from_secs(10);
const MODEL: &str = "model";

/// Refuses each call with probability `refuse` (a seeded xorshift, so runs repeat), and answers 503 to
/// every call before `down_until` on the shared clock; else a tiny picture.
struct Model {
    refuse: f64,
    down_until: i64,
    clock: Arc<ManualClock>,
    draws: common::Draws,
    calls: AtomicUsize,
}

impl Model {
    fn answer(&self) -> Result<Picture, ProviderError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if self.clock.now_ms() < self.down_until {
            return Err(ProviderError::Retryable {
                message: "503 UNAVAILABLE".into(),
                retry_after: None,
            });
        }
        if self.draws.next() < self.refuse {
            return Err(ProviderError::Refused("blocked: IMAGE_SAFETY".into()));
        }
        Ok(Picture::Pixels(image::RgbImage::from_pixel(
            32,
            24,
            image::Rgb([20, 30, 60]),
        )))
    }
}

#[async_trait]
impl ImageProvider for Model {
    fn name(&self) -> &'static str {
        MODEL
    }

    async fn generate(&self, _request: &ImageRequest) -> Call {
        self.answer().into()
    }
}

/// What one mix gave, over its cases.
#[derive(Default)]
struct Figures {
    /// The fewest and the most pictures a case showed when its job ended.
    shown: (usize, usize),
    by_model: usize,
    by_fallback: usize,
    calls: usize,
    /// Clock time from creation until the slowest case showed 15 pictures.
    all_shown: Duration,
    /// Clock time from creation until every picture of every case was the model's.
    all_model: Option<Duration>,
    wall: Duration,
}

async fn run(cases: usize, refuse: f64, down_for: Duration) -> Figures {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = Config {
        data_dir: dir.path().to_path_buf(),
        ..Config::default()
    };
    config.pipeline.fallback = Some(vec!["procedural".into()]);
    config.pipeline.slot_backoff = Backoff::new(Duration::from_millis(1), Duration::from_millis(5));
    config.scheduler.poll = Duration::from_millis(2);
    config.scheduler.concurrency = 4;
    let clock = ManualClock::new(START_MS);
    let shared: SharedClock = clock.clone();
    let store = SqliteStore::open(&config.db_path(), shared.clone(), config.status_ttl).expect("open store");
    let model = Arc::new(Model {
        refuse,
        down_until: START_MS + down_for.as_millis() as i64,
        clock: clock.clone(),
        draws: common::Draws::default(),
        calls: AtomicUsize::new(0),
    });
    let app = App::from_parts(
        config.clone(),
        Parts {
            store: Arc::new(store),
            images: Arc::new(LocalImages::new(config.images_dir())),
            provider: model.clone(),
            casegen: Arc::new(ProceduralCases),
            clock: shared,
        },
    )
    .expect("app");
    let mut ids = Vec::new();
    for _ in 0..cases {
        ids.push(app.create_case(None).await.expect("create").case.id);
    }
    let started = Instant::now();
    let stop = tokio_util::sync::CancellationToken::new();
    let worker = app.worker(false);
    let s = stop.clone();
    let handle = tokio::spawn(async move { worker.run(s).await });
    let mut figures = Figures::default();
    let mut shown_at: Vec<Option<i64>> = vec![None; cases];
    let last: Vec<ImageStatus> = loop {
        // Time moves only while no job runs or waits for a worker, so no lease runs out under a working job.
        while busy(&app).await {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let mut statuses = Vec::new();
        for (n, id) in ids.iter().enumerate() {
            let st = app.status(id).await.expect("status").expect("record");
            if st.images.count() == 15 && shown_at[n].is_none() {
                shown_at[n] = Some(clock.now_ms());
            }
            statuses.push(st);
        }
        if statuses.iter().all(|s| s.status.is_final()) {
            break statuses;
        }
        assert!(
            clock.now_ms() < START_MS + 24 * 3_600_000,
            "the cases did not end within a day of clock time"
        );
        clock.advance(STEP);
        tokio::time::sleep(Duration::from_millis(1)).await;
    };
    figures.wall = started.elapsed();
    stop.cancel();
    let _ = handle.await;
    figures.shown = (15, 0);
    for s in &last {
        let count = s.images.count();
        figures.shown = (figures.shown.0.min(count), figures.shown.1.max(count));
        for slot in s.sources.slots() {
            match s.sources.get(slot) {
                Some(MODEL) => figures.by_model += 1,
                Some(_) => figures.by_fallback += 1,
                None => {}
            }
        }
    }
    let ms = |at: i64| Duration::from_millis((at - START_MS) as u64);
    figures.all_shown = ms(shown_at
        .iter()
        .map(|t| t.expect("every case showed 15"))
        .max()
        .unwrap_or(START_MS));
    figures.all_model = (figures.by_model == cases * 15).then(|| ms(clock.now_ms()));
    figures.calls = model.calls.load(Ordering::SeqCst);
    figures
}

/// A job runs, or waits for a worker though it is due: the clock holds still meanwhile.
async fn busy(app: &App) -> bool {
    let what = ListJobs {
        jobs: Some(JobFilter {
            states: vec![JobState::Queued, JobState::Running],
            ..Default::default()
        }),
        schedules: false,
    };
    let now = app.now_ms();
    app.list_jobs(&what)
        .await
        .expect("jobs")
        .iter()
        .any(|listed| match listed {
            Listed::Once(job) => job.state == JobState::Running || job.run_at <= now,
            Listed::Recurring { .. } => false,
        })
}

fn minutes(d: Duration) -> String {
    format!("{:.1} min", d.as_secs_f64() / 60.0)
}

#[tokio::main]
async fn main() {
    println!("## Pictures shown per case under refusals and an outage\n");
    println!(
        "Default fallback chain (`procedural`) and `fallback_after` (10 min); cases dated today; clock time moves \
         10 s per step while no job runs (so times are clock times, to the step).\n"
    );
    println!(
        "| fault mix | cases | pictures per case (min-max) | by the model | by the fallback | model calls | until all 15 shown | until all by the model | wall time |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    let mixes: [(&str, usize, f64, Duration); 5] = [
        ("0% refusals", 10, 0.0, Duration::ZERO),
        ("10% refusals", 10, 0.1, Duration::ZERO),
        ("30% refusals", 10, 0.3, Duration::ZERO),
        ("50% refusals", 10, 0.5, Duration::ZERO),
        ("model down 1 h (503)", 1, 0.0, Duration::from_secs(3600)),
    ];
    for (name, cases, refuse, down) in mixes {
        let f = run(cases, refuse, down).await;
        println!(
            "| {name} | {cases} | {}-{} | {} | {} | {} | {} | {} | {:.2} s |",
            f.shown.0,
            f.shown.1,
            f.by_model,
            f.by_fallback,
            f.calls,
            minutes(f.all_shown),
            f.all_model.map_or("never (refused slots stay)".into(), minutes),
            f.wall.as_secs_f64()
        );
    }
}
