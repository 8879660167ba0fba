//! `fake-provider`: a local stand-in for the Gemini API (`generateContent`, images and JSON cases) and
//! OpenAI's `POST /v1/images/generations`, with latency and scripted faults, for tests and rehearsals.
//!
//! Faults (for `--fault`, `--next`, `--fail-status`, the `x-fake-fault` header and `POST /_control`):
//! `ok`, `408`, `500`, `502`, `503`, `504`, `429` (per-minute, with RetryInfo), `429-daily` (a PerDay
//! QuotaFailure), `401`, `403`, `404`, `key-invalid` (400 API_KEY_INVALID), `hang`, `block[:REASON]`
//! (promptFeedback, no candidates), `finish:REASON` (e.g. `finish:IMAGE_SAFETY`, no picture), `text-only`,
//! `wrong-mime` (JPEG bytes declared image/png), `thought` (a thought picture before the real one),
//! `safety` (OpenAI's 400 content_policy_violation; IMAGE_SAFETY on Gemini), `bad-case` (a case whose
//! culprit is nobody), `not-json` (200 with HTML).
//!
//! Which fault answers a request: the `x-fake-fault` header, else the next scripted one (`--next`,
//! `POST /_control {"next": [...]}`), else `--fault`, else `--fail-rate` of `--fail-status`, else `ok`.
//! `GET /_stats` counts calls, `GET /_requests` returns the last requests (URL, headers, body),
//! `POST /_reset` clears both and the script.
//!
//! Gemini's Batch API is there too (`:batchGenerateContent`, `GET /{version}/batches/{id}`, `:cancel`):
//! see the `batch` module for its scripted states and per-request faults.

//!
//! Run it as a binary (`cargo run -p sleuths-fake-provider -- --port 8090`), or start it inside a test with
//! [`spawn`]: either way it answers real HTTP on a local port. Its wire types are its own, written from
//! the providers' documentation, so a mistake in the engine's client does not hide behind a shared
//! definition.

mod batch;
mod faults;
mod gemini;
mod openai;
mod pictures;

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::{get, post};
use axum::{Json, Router};
use clap::Parser;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub use faults::Fault;

/// How many recorded requests `GET /_requests` keeps.
const KEEP_REQUESTS: usize = 200;

#[derive(Debug, Parser)]
#[command(
    name = "fake-provider",
    version,
    about = "A fake Gemini and OpenAI image API with latency and faults",
    after_help = "Faults: ok, 408, 500, 502, 503, 504, 429 (with RetryInfo), 429-daily (QuotaFailure PerDay), 401, \
                  403, 404, key-invalid, hang, block[:REASON], finish:REASON, text-only, wrong-mime, thought, \
                  safety, bad-case, not-json.\n\
                  Per request: the header `x-fake-fault: FAULT`. Scripted: POST /_control {\"next\": [\"503\", \"hang\"]} \
                  (also fault, failRate, failStatus, latencyMs, retryDelay, hangMs, imageTokens, batchPolls, batchOutcome, batchNext). GET /_stats, GET /_requests, \
                  POST /_reset."
)]
pub struct Args {
    /// Port to listen on; 0 picks a free one. The first line on stdout says where it listens.
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Added before every answer.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// The fault of every request not otherwise scripted.
    #[arg(long, default_value = "ok")]
    pub fault: Fault,
    /// Faults for the next requests, in order (comma-separated), before `--fault` applies again.
    #[arg(long, value_delimiter = ',')]
    pub next: Vec<Fault>,
    /// The share (0 to 1) of requests that fail with one of `--fail-status`, at random.
    #[arg(long, default_value_t = 0.0)]
    pub fail_rate: f64,
    /// The faults `--fail-rate` picks from.
    #[arg(long, value_delimiter = ',', default_value = "503")]
    pub fail_status: Vec<Fault>,
    /// Seed of the random faults, so a run can be repeated.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// RetryInfo.retryDelay of a 429 (`retry-after-ms` for OpenAI).
    #[arg(long, default_value = "0.05s")]
    pub retry_delay: String,
    /// How long a `hang` holds the answer back.
    #[arg(long, default_value_t = 600_000)]
    pub hang_ms: u64,
    /// When set, any other key gets the provider's bad-key answer.
    #[arg(long)]
    pub api_key: Option<String>,
    /// When set, any other model gets a 404 (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub models: Vec<String>,
    /// Output tokens a Gemini picture reports in `usageMetadata` (1,290 for 2.5 Flash Image).
    #[arg(long, default_value_t = 1290)]
    pub image_tokens: u64,
    /// Polls a batch answers RUNNING before it ends.
    #[arg(long, default_value_t = 1)]
    pub batch_polls: u32,
    /// How a batch ends: succeeded, failed, expired, cancelled, or never (it stays running).
    #[arg(long, default_value = "succeeded")]
    pub batch_outcome: String,
    /// Faults for the inlined requests of the next batches, in order (comma-separated); `ok` after them.
    #[arg(long, value_delimiter = ',')]
    pub batch_next: Vec<Fault>,
}

/// What `POST /_control` can change while the server runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Settings {
    pub(crate) fault: Fault,
    pub(crate) fail_rate: f64,
    pub(crate) fail_status: Vec<Fault>,
    pub(crate) latency_ms: u64,
    pub(crate) retry_delay: String,
    pub(crate) hang_ms: u64,
    pub(crate) image_tokens: u64,
    pub(crate) batch_polls: u32,
    pub(crate) batch_outcome: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Control {
    next: Option<Vec<Fault>>,
    fault: Option<Fault>,
    fail_rate: Option<f64>,
    fail_status: Option<Vec<Fault>>,
    latency_ms: Option<u64>,
    retry_delay: Option<String>,
    hang_ms: Option<u64>,
    image_tokens: Option<u64>,
    batch_polls: Option<u32>,
    batch_outcome: Option<String>,
    batch_next: Option<Vec<Fault>>,
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct Stats {
    pub(crate) calls: u64,
    gemini: u64,
    openai: u64,
    /// Calls by the fault that answered them.
    faults: BTreeMap<String, u64>,
    /// Gemini answers that reported `usageMetadata` (every 200 answer), and the tokens they reported.
    pub(crate) billed_answers: u64,
    pub(crate) prompt_tokens: u64,
    pub(crate) output_tokens: u64,
    /// Batches created, polls of any batch, and cancels.
    pub(crate) batch_submits: u64,
    pub(crate) batch_polls: u64,
    pub(crate) batch_cancels: u64,
}

#[derive(Debug, Clone, Serialize)]
struct Recorded {
    method: String,
    /// Path and query, exactly as received.
    url: String,
    headers: BTreeMap<String, String>,
    body: Value,
}

pub(crate) struct Fake {
    pub(crate) settings: Mutex<Settings>,
    pub(crate) script: Mutex<VecDeque<Fault>>,
    /// Faults for inlined batch requests.
    pub(crate) batch_script: Mutex<VecDeque<Fault>>,
    pub(crate) batches: Mutex<BTreeMap<String, batch::Batch>>,
    pub(crate) rng: Mutex<StdRng>,
    pub(crate) stats: Mutex<Stats>,
    pub(crate) requests: Mutex<VecDeque<Recorded>>,
    pub(crate) api_key: Option<String>,
    pub(crate) models: Vec<String>,
}

pub(crate) type Shared = Arc<Fake>;

/// Locks a mutex, shrugging off poisoning (a panicked handler must not stop the fake).
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Fake {
    /// Records the request and picks the fault that answers it.
    pub(crate) fn arrive(&self, route: &str, uri: &Uri, headers: &HeaderMap, body: &Bytes) -> (Fault, Settings) {
        let body_json =
            serde_json::from_slice(body).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into()));
        let recorded = Recorded {
            method: "POST".into(),
            url: uri.path_and_query().map(|p| p.to_string()).unwrap_or_default(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
            body: body_json,
        };
        {
            let mut r = lock(&self.requests);
            if r.len() == KEEP_REQUESTS {
                r.pop_front();
            }
            r.push_back(recorded);
        }
        let settings = lock(&self.settings).clone();
        let header = headers
            .get("x-fake-fault")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let fault = header.or_else(|| lock(&self.script).pop_front()).unwrap_or_else(|| {
            if settings.fault != Fault::Ok {
                return settings.fault.clone();
            }
            let mut rng = lock(&self.rng);
            if !settings.fail_status.is_empty() && rng.random::<f64>() < settings.fail_rate {
                settings.fail_status[rng.random_range(0..settings.fail_status.len())].clone()
            } else {
                Fault::Ok
            }
        });
        let mut stats = lock(&self.stats);
        stats.calls += 1;
        match route {
            "gemini" => stats.gemini += 1,
            _ => stats.openai += 1,
        }
        *stats.faults.entry(fault.to_string()).or_default() += 1;
        (fault, settings)
    }

    pub(crate) fn model_known(&self, model: &str) -> bool {
        self.models.is_empty() || self.models.iter().any(|m| m == model)
    }
}

/// Seconds of a delay written like Google's `retryDelay` (`"0.05s"`, `"45.8s"`) or in milliseconds (`"250ms"`).
pub(crate) fn seconds(delay: &str) -> Option<f64> {
    let delay = delay.trim();
    match delay.strip_suffix("ms") {
        Some(ms) => ms.trim().parse::<f64>().ok().map(|ms| ms / 1000.0),
        None => delay.strip_suffix('s').unwrap_or(delay).trim().parse().ok(),
    }
    .filter(|s: &f64| s.is_finite() && *s >= 0.0)
}

impl Args {
    /// The arguments of a command line (without the program name), as the binary reads them.
    pub fn from_flags(flags: &[&str]) -> Result<Args, clap::Error> {
        Args::try_parse_from(std::iter::once("fake-provider").chain(flags.iter().copied()))
    }
}

/// Binds the address the arguments name and returns the listener and the app to serve on it.
pub async fn bind(args: Args) -> std::io::Result<(tokio::net::TcpListener, Router)> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(args.bind, args.port)).await?;
    Ok((listener, app(args)))
}

/// The fake's routes, over a fresh state (settings, script, counters) from the arguments.
pub fn app(args: Args) -> Router {
    let fake = Arc::new(Fake {
        settings: Mutex::new(Settings {
            fault: args.fault,
            fail_rate: args.fail_rate,
            fail_status: args.fail_status,
            latency_ms: args.latency_ms,
            retry_delay: args.retry_delay,
            hang_ms: args.hang_ms,
            image_tokens: args.image_tokens,
            batch_polls: args.batch_polls,
            batch_outcome: args.batch_outcome,
        }),
        script: Mutex::new(args.next.into()),
        batch_script: Mutex::new(args.batch_next.into()),
        batches: Mutex::default(),
        rng: Mutex::new(StdRng::seed_from_u64(args.seed)),
        stats: Mutex::default(),
        requests: Mutex::default(),
        api_key: args.api_key,
        models: args.models,
    });
    Router::new()
        .route("/{version}/models/{target}", post(gemini::generate))
        .route("/{version}/batches", get(batch::list))
        .route("/{version}/batches/{target}", get(batch::get).post(batch::cancel))
        .route("/v1/images/generations", post(openai::images))
        .route("/_stats", get(stats))
        .route("/_requests", get(requests))
        .route("/_control", post(control))
        .route("/_reset", post(reset))
        .with_state(fake)
}

/// A fake running on a thread of its own (its own runtime, so it outlives any test's runtime and
/// answers while a test blocks). Stops when dropped.
pub struct Running {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Starts a fake with these command-line flags on a free port (unless `--port` says otherwise).
pub fn spawn(flags: &[&str]) -> Result<Running, String> {
    let mut all = vec!["--port", "0"];
    all.extend_from_slice(flags);
    let args = Args::from_flags(&all).map_err(|e| e.to_string())?;
    // Bound here, with std, so the caller may be inside a runtime of its own (a `#[tokio::test]`); the
    // fake's runtime lives on its thread.
    let listener = std::net::TcpListener::bind(SocketAddr::new(args.bind, args.port)).map_err(|e| e.to_string())?;
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let base = format!("http://{}", listener.local_addr().map_err(|e| e.to_string())?);
    let app = app(args);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("fake-provider")
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("fake-provider".into())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                // Stopping drops the server at once, with any request still held (a `hang` fault), as
                // killing a process would.
                tokio::select! {
                    _ = axum::serve(listener, app) => {}
                    _ = stopped => {}
                }
            });
            runtime.shutdown_background();
        })
        .map_err(|e| e.to_string())?;
    Ok(Running {
        base,
        stop: Some(stop),
        thread: Some(thread),
    })
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn stats(State(fake): State<Shared>) -> Json<Value> {
    Json(json!(*lock(&fake.stats)))
}

async fn requests(State(fake): State<Shared>) -> Json<Value> {
    Json(json!(*lock(&fake.requests)))
}

async fn reset(State(fake): State<Shared>) -> StatusCode {
    *lock(&fake.stats) = Stats::default();
    lock(&fake.requests).clear();
    lock(&fake.script).clear();
    lock(&fake.batch_script).clear();
    lock(&fake.batches).clear();
    StatusCode::NO_CONTENT
}

async fn control(State(fake): State<Shared>, Json(c): Json<Control>) -> Json<Value> {
    let mut s = lock(&fake.settings);
    if let Some(next) = c.next {
        lock(&fake.script).extend(next);
    }
    if let Some(f) = c.fault {
        s.fault = f;
    }
    if let Some(r) = c.fail_rate {
        s.fail_rate = r;
    }
    if let Some(f) = c.fail_status {
        s.fail_status = f;
    }
    if let Some(l) = c.latency_ms {
        s.latency_ms = l;
    }
    if let Some(d) = c.retry_delay {
        s.retry_delay = d;
    }
    if let Some(h) = c.hang_ms {
        s.hang_ms = h;
    }
    if let Some(t) = c.image_tokens {
        s.image_tokens = t;
    }
    if let Some(p) = c.batch_polls {
        s.batch_polls = p;
    }
    if let Some(o) = c.batch_outcome {
        s.batch_outcome = o;
    }
    if let Some(next) = c.batch_next {
        lock(&fake.batch_script).extend(next);
    }
    Json(json!({ "settings": *s, "next": *lock(&fake.script) }))
}

pub(crate) async fn wait(settings: &Settings, fault: &Fault) {
    if settings.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(settings.latency_ms)).await;
    }
    if *fault == Fault::Hang {
        tokio::time::sleep(Duration::from_millis(settings.hang_ms)).await;
    }
}
