//! What OpenTelemetry costs per picture; prints Markdown.
//!
//! `cargo bench --bench traces`. A worker in this process paints cases over a SQLite file with a provider
//! that answers at once (so what is measured is the engine's own work per picture), first with tracing
//! off (no exporter, as when the variables are unset), then with the OTLP exporter on, sending to a local
//! receiver that reads each export and answers 200. Each setting paints 3 rounds of 10 cases; the
//! table has the median round.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
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
use sleuths::providers::{Call, ImageProvider, ImageRequest, Picture};
use sleuths::store::SqliteStore;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

const CASES: usize = 10;
const ROUNDS: usize = 3;

struct Flat;

#[async_trait]
impl ImageProvider for Flat {
    fn name(&self) -> &'static str {
        "flat"
    }
    async fn generate(&self, _request: &ImageRequest) -> Call {
        Ok(Picture::Pixels(image::RgbImage::from_pixel(
            64,
            48,
            image::Rgb([20, 30, 60]),
        )))
        .into()
    }
}

/// A local OTLP/HTTP endpoint that reads every export and answers 200; counts the bytes.
fn sink(bytes: Arc<AtomicUsize>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let bytes = bytes.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(conn.try_clone().expect("clone"));
                let mut conn = conn;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let mut length = 0;
                    loop {
                        let mut header = String::new();
                        reader.read_line(&mut header).expect("header");
                        let header = header.trim_end();
                        if header.is_empty() {
                            break;
                        }
                        if let Some((name, value)) = header.split_once(':')
                            && name.eq_ignore_ascii_case("content-length")
                        {
                            length = value.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut body = vec![0; length];
                    reader.read_exact(&mut body).expect("body");
                    bytes.fetch_add(length, Ordering::Relaxed);
                    let _ = conn.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");
                }
            });
        }
    });
    port
}

/// Paints `CASES` cases; returns the wall time from the first enqueue to the last `completed`.
async fn round() -> Duration {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = Config {
        data_dir: dir.path().to_path_buf(),
        ..Config::default()
    };
    config.pipeline.concurrency = 4;
    config.scheduler.concurrency = 2;
    config.scheduler.poll = Duration::from_millis(5);
    let clock: SharedClock = Arc::new(SystemClock);
    let store = SqliteStore::open(&config.db_path(), clock.clone(), config.status_ttl).expect("open store");
    let app = App::from_parts(
        config.clone(),
        Parts {
            store: Arc::new(store),
            images: Arc::new(LocalImages::new(config.images_dir())),
            provider: Arc::new(Flat),
            casegen: Arc::new(ProceduralCases),
            clock,
        },
    )
    .expect("app");
    let started = Instant::now();
    let mut ids = Vec::new();
    for _ in 0..CASES {
        ids.push(app.create_case(None).await.expect("create").case.id);
    }
    let stop = tokio_util::sync::CancellationToken::new();
    let worker = app.worker(false);
    let s = stop.clone();
    let handle = tokio::spawn(async move { worker.run(s).await });
    for id in &ids {
        loop {
            let st = app.status(id).await.expect("status").expect("record");
            if st.status.is_final() {
                assert_eq!(st.status, StatusState::Completed);
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    let took = started.elapsed();
    stop.cancel();
    let _ = handle.await;
    took
}

async fn median_round() -> Duration {
    let mut times = Vec::new();
    for _ in 0..ROUNDS {
        times.push(round().await);
    }
    times.sort();
    times[ROUNDS / 2]
}

#[tokio::main]
async fn main() {
    let pictures = (CASES * 15) as f64;
    let off = median_round().await;
    let bytes = Arc::new(AtomicUsize::new(0));
    let port = sink(bytes.clone());
    // The exporter reads its settings from the environment, as in production.
    #[expect(
        unsafe_code,
        reason = "set_var is unsafe in edition 2024; no other thread reads the environment meanwhile"
    )]
    unsafe {
        std::env::set_var("OTEL_EXPORTER_OTLP_ENDPOINT", format!("http://127.0.0.1:{port}"));
        std::env::set_var("OTEL_BSP_SCHEDULE_DELAY", "200");
    }
    let (tracing, layer) = sleuths::common::trace::from_env()
        .expect("the exporter")
        .expect("on: the endpoint is set");
    let ours = tracing_subscriber::filter::Targets::new().with_target("sleuths", tracing::Level::INFO);
    tracing_subscriber::registry()
        .with(tracing_subscriber::Layer::with_filter(layer, ours))
        .init();
    let on = median_round().await;
    tracing.shutdown().await;
    let per = |d: Duration| d.as_secs_f64() * 1000.0 / pictures;
    println!("## What traces cost per picture\n");
    println!(
        "{CASES} cases x 15 pictures a round, provider answering at once, pipeline concurrency 4, 2 jobs at once; \
         median of {ROUNDS} rounds. Command: `cargo bench --bench traces`.\n"
    );
    println!("| tracing | round | per picture | OTLP bytes sent per picture |\n|---|---|---|---|");
    println!(
        "| off | {:.1} ms | {:.3} ms | 0 |",
        off.as_secs_f64() * 1000.0,
        per(off)
    );
    println!(
        "| on (OTLP/HTTP to a local receiver) | {:.1} ms | {:.3} ms | {:.0} |",
        on.as_secs_f64() * 1000.0,
        per(on),
        bytes.load(Ordering::Relaxed) as f64 / (pictures * ROUNDS as f64)
    );
    println!(
        "\nCost per picture with tracing on: {:+.3} ms ({:+.1}%).",
        per(on) - per(off),
        (on.as_secs_f64() / off.as_secs_f64() - 1.0) * 100.0
    );
}
