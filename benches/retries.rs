//! Provider calls per painted picture under transient faults, beside the ideal 1/(1-p); prints Markdown.
//!
//! `cargo bench --bench retries`. A provider fails each call with probability p, half of the failures a
//! 429 naming a 1 ms delay (costs no attempt), half a 503 (costs one); 10 cases of 15 pictures each are
//! painted by a worker in this process over a SQLite file, with `slot_attempts = 3`. A slot that spends
//! its attempts is left for a later run, so every picture is painted at every rate.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use sleuths::app::{App, Parts};
use sleuths::casegen::ProceduralCases;
use sleuths::clock::{SharedClock, SystemClock};
use sleuths::config::Config;
use sleuths::domain::StatusState;
use sleuths::images::LocalImages;
use sleuths::providers::{Call, ImageProvider, ImageRequest, Picture, ProviderError};
use sleuths::scheduler::Backoff;
use sleuths::store::SqliteStore;

const CASES: usize = 10;

/// Fails each call with probability `p` (a seeded xorshift, so runs repeat), else a tiny picture.
struct Faulty {
    p: f64,
    draws: common::Draws,
    calls: AtomicUsize,
}

#[async_trait]
impl ImageProvider for Faulty {
    fn name(&self) -> &'static str {
        "faulty"
    }

    async fn generate(&self, request: &ImageRequest) -> Call {
        self.answer(request).await.into()
    }
}

impl Faulty {
    async fn answer(&self, _r: &ImageRequest) -> Result<Picture, ProviderError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let roll = self.draws.next();
        if roll < self.p / 2.0 {
            return Err(ProviderError::Throttled {
                message: "429 RESOURCE_EXHAUSTED".into(),
                retry_after: Some(Duration::from_millis(1)),
            });
        }
        if roll < self.p {
            return Err(ProviderError::Retryable {
                message: "503 UNAVAILABLE".into(),
                retry_after: None,
            });
        }
        Ok(Picture::Pixels(image::RgbImage::from_pixel(
            32,
            24,
            image::Rgb([20, 30, 60]),
        )))
    }
}

async fn run(p: f64) -> (usize, usize, usize, Duration) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = Config {
        data_dir: dir.path().to_path_buf(),
        ..Config::default()
    };
    config.pipeline.slot_attempts = 3;
    config.pipeline.slot_backoff = Backoff::new(Duration::from_millis(1), Duration::from_millis(5));
    config.pipeline.rerun_backoff = Backoff::new(Duration::from_millis(20), Duration::from_millis(100));
    config.scheduler.poll = Duration::from_millis(10);
    config.scheduler.concurrency = 4;
    let clock: SharedClock = Arc::new(SystemClock);
    let store = SqliteStore::open(&config.db_path(), clock.clone(), config.status_ttl).expect("open store");
    let provider = Arc::new(Faulty {
        p,
        draws: common::Draws::default(),
        calls: AtomicUsize::new(0),
    });
    let app = App::from_parts(
        config.clone(),
        Parts {
            store: Arc::new(store),
            images: Arc::new(LocalImages::new(config.images_dir())),
            provider: provider.clone(),
            casegen: Arc::new(ProceduralCases),
            clock,
        },
    )
    .expect("app");
    let mut ids = Vec::new();
    for _ in 0..CASES {
        ids.push(app.create_case(None).await.expect("create").case.id);
    }
    let started = Instant::now();
    let stop = tokio_util::sync::CancellationToken::new();
    let worker = app.worker(false);
    let s = stop.clone();
    let handle = tokio::spawn(async move { worker.run(s).await });
    let (mut painted, mut errors) = (0, 0);
    for id in &ids {
        loop {
            let st = app.status(id).await.expect("status").expect("record");
            if st.status.is_final() {
                assert_eq!(st.status, StatusState::Completed);
                painted += st.images.count();
                errors += st.errors.len();
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    let took = started.elapsed();
    stop.cancel();
    let _ = handle.await;
    (provider.calls.load(Ordering::SeqCst), painted, errors, took)
}

#[tokio::main]
async fn main() {
    println!("## Calls per painted picture under transient faults\n");
    println!(
        "{CASES} cases x 15 pictures, `slot_attempts = 3`; half the faults a 429 naming a 1 ms delay, half a 503.\n"
    );
    println!(
        "| fault rate p | pictures painted | final errors | provider calls | calls per picture | ideal 1/(1-p) | wall time |"
    );
    println!("|---|---|---|---|---|---|---|");
    for p in [0.0, 0.1, 0.3, 0.5] {
        let (calls, painted, errors, took) = run(p).await;
        println!(
            "| {:.0}% | {painted} | {errors} | {calls} | {:.3} | {:.3} | {:.2} s |",
            p * 100.0,
            calls as f64 / painted.max(1) as f64,
            1.0 / (1.0 - p),
            took.as_secs_f64()
        );
    }
}
