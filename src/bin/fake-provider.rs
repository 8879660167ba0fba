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

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use clap::Parser;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sleuths::casegen::{CaseCounts, CaseRequest};
use sleuths::providers::gemini::wire::{
    Blob, Candidate, Content, ErrorEnvelope, GenerateContentRequest, GenerateContentResponse, Part, PromptFeedback,
    Status, details,
};
use sleuths::providers::openai::wire as openai;

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
                  (also fault, failRate, failStatus, latencyMs, retryDelay, hangMs). GET /_stats, GET /_requests, \
                  POST /_reset."
)]
struct Args {
    /// Port to listen on; 0 picks a free one. The first line on stdout says where it listens.
    #[arg(long, default_value_t = 0)]
    port: u16,
    #[arg(long, default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Added before every answer.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// The fault of every request not otherwise scripted.
    #[arg(long, default_value = "ok")]
    fault: Fault,
    /// Faults for the next requests, in order (comma-separated), before `--fault` applies again.
    #[arg(long, value_delimiter = ',')]
    next: Vec<Fault>,
    /// The share (0 to 1) of requests that fail with one of `--fail-status`, at random.
    #[arg(long, default_value_t = 0.0)]
    fail_rate: f64,
    /// The faults `--fail-rate` picks from.
    #[arg(long, value_delimiter = ',', default_value = "503")]
    fail_status: Vec<Fault>,
    /// Seed of the random faults, so a run can be repeated.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// RetryInfo.retryDelay of a 429 (`retry-after-ms` for OpenAI).
    #[arg(long, default_value = "0.05s")]
    retry_delay: String,
    /// How long a `hang` holds the answer back.
    #[arg(long, default_value_t = 600_000)]
    hang_ms: u64,
    /// When set, any other key gets the provider's bad-key answer.
    #[arg(long)]
    api_key: Option<String>,
    /// When set, any other model gets a 404 (comma-separated).
    #[arg(long, value_delimiter = ',')]
    models: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Fault {
    Ok,
    /// 401, 403, 404, 408, 429, 500, 502, 503, 504.
    Status(u16),
    DailyQuota,
    KeyInvalid,
    Hang,
    Block(String),
    Finish(String),
    TextOnly,
    /// A 200 text-only answer that quotes the API key it was sent (to test redaction in answers).
    EchoKey,
    WrongMime,
    Thought,
    Safety,
    BadCase,
    NotJson,
}

impl FromStr for Fault {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        Ok(match s {
            "ok" => Fault::Ok,
            "429-daily" | "quota-daily" => Fault::DailyQuota,
            "key-invalid" => Fault::KeyInvalid,
            "hang" => Fault::Hang,
            "block" => Fault::Block("PROHIBITED_CONTENT".into()),
            "text-only" => Fault::TextOnly,
            "echo-key" => Fault::EchoKey,
            "wrong-mime" => Fault::WrongMime,
            "thought" => Fault::Thought,
            "safety" => Fault::Safety,
            "bad-case" => Fault::BadCase,
            "not-json" => Fault::NotJson,
            _ => {
                if let Some(reason) = s.strip_prefix("block:") {
                    Fault::Block(reason.to_owned())
                } else if let Some(reason) = s.strip_prefix("finish:") {
                    Fault::Finish(reason.to_owned())
                } else {
                    match s.parse::<u16>() {
                        Ok(code @ (401 | 403 | 404 | 408 | 429 | 500 | 502 | 503 | 504)) => Fault::Status(code),
                        _ => return Err(format!("unknown fault {s:?}")),
                    }
                }
            }
        })
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fault::Ok => f.write_str("ok"),
            Fault::Status(c) => write!(f, "{c}"),
            Fault::DailyQuota => f.write_str("429-daily"),
            Fault::KeyInvalid => f.write_str("key-invalid"),
            Fault::Hang => f.write_str("hang"),
            Fault::Block(r) => write!(f, "block:{r}"),
            Fault::Finish(r) => write!(f, "finish:{r}"),
            Fault::TextOnly => f.write_str("text-only"),
            Fault::EchoKey => f.write_str("echo-key"),
            Fault::WrongMime => f.write_str("wrong-mime"),
            Fault::Thought => f.write_str("thought"),
            Fault::Safety => f.write_str("safety"),
            Fault::BadCase => f.write_str("bad-case"),
            Fault::NotJson => f.write_str("not-json"),
        }
    }
}

impl Serialize for Fault {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fault {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// What `POST /_control` can change while the server runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Settings {
    fault: Fault,
    fail_rate: f64,
    fail_status: Vec<Fault>,
    latency_ms: u64,
    retry_delay: String,
    hang_ms: u64,
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
}

#[derive(Debug, Default, Serialize)]
struct Stats {
    calls: u64,
    gemini: u64,
    openai: u64,
    /// Calls by the fault that answered them.
    faults: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize)]
struct Recorded {
    method: String,
    /// Path and query, exactly as received.
    url: String,
    headers: BTreeMap<String, String>,
    body: Value,
}

struct Fake {
    settings: Mutex<Settings>,
    script: Mutex<VecDeque<Fault>>,
    rng: Mutex<StdRng>,
    stats: Mutex<Stats>,
    requests: Mutex<VecDeque<Recorded>>,
    api_key: Option<String>,
    models: Vec<String>,
}

type Shared = Arc<Fake>;

/// Locks a mutex, shrugging off poisoning (a panicked handler must not stop the fake).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Fake {
    /// Records the request and picks the fault that answers it.
    fn arrive(&self, route: &str, uri: &Uri, headers: &HeaderMap, body: &Bytes) -> (Fault, Settings) {
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

    fn model_known(&self, model: &str) -> bool {
        self.models.is_empty() || self.models.iter().any(|m| m == model)
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let fake = Arc::new(Fake {
        settings: Mutex::new(Settings {
            fault: args.fault,
            fail_rate: args.fail_rate,
            fail_status: args.fail_status,
            latency_ms: args.latency_ms,
            retry_delay: args.retry_delay,
            hang_ms: args.hang_ms,
        }),
        script: Mutex::new(args.next.into()),
        rng: Mutex::new(StdRng::seed_from_u64(args.seed)),
        stats: Mutex::default(),
        requests: Mutex::default(),
        api_key: args.api_key,
        models: args.models,
    });
    let listener = match tokio::net::TcpListener::bind(SocketAddr::new(args.bind, args.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("fake-provider: cannot listen on {}:{}: {e}", args.bind, args.port);
            return std::process::ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(addr) => println!("fake-provider listening on http://{addr}"),
        Err(e) => {
            eprintln!("fake-provider: {e}");
            return std::process::ExitCode::FAILURE;
        }
    }
    let app = Router::new()
        .route("/{version}/models/{target}", post(gemini))
        .route("/v1/images/generations", post(openai_images))
        .route("/_stats", get(stats))
        .route("/_requests", get(requests))
        .route("/_control", post(control))
        .route("/_reset", post(reset))
        .with_state(fake);
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, app).with_graceful_shutdown(stop).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fake-provider: {e}");
            std::process::ExitCode::FAILURE
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
    Json(json!({ "settings": *s, "next": *lock(&fake.script) }))
}

async fn wait(settings: &Settings, fault: &Fault) {
    if settings.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(settings.latency_ms)).await;
    }
    if *fault == Fault::Hang {
        tokio::time::sleep(Duration::from_millis(settings.hang_ms)).await;
    }
}

// ---- Gemini --------------------------------------------------------------------------------------------

async fn gemini(
    State(fake): State<Shared>,
    Path((version, target)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (fault, settings) = fake.arrive("gemini", &uri, &headers, &body);
    wait(&settings, &fault).await;
    let Some((model, "generateContent")) = target.split_once(':') else {
        return google_error(404, "NOT_FOUND", &format!("The method {target} is not found."), vec![]);
    };
    let key = headers.get("x-goog-api-key").and_then(|v| v.to_str().ok());
    if fake.api_key.is_some() && key != fake.api_key.as_deref() || fault == Fault::KeyInvalid {
        return google_error(
            400,
            "INVALID_ARGUMENT",
            "API key not valid. Please pass a valid API key.",
            vec![details::error_info("API_KEY_INVALID")],
        );
    }
    if !fake.model_known(model) || fault == Fault::Status(404) {
        let message =
            format!("models/{model} is not found for API version {version}, or is not supported for generateContent.");
        return google_error(404, "NOT_FOUND", &message, vec![]);
    }
    let Ok(request) = serde_json::from_slice::<GenerateContentRequest>(&body) else {
        return google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", vec![]);
    };
    let config = &request.generation_config;
    let wants_json = config.response_mime_type.as_deref() == Some("application/json");
    let wants_image = config
        .response_modalities
        .as_ref()
        .is_some_and(|m| m.iter().any(|x| x == "IMAGE"));
    let ratio = config
        .image_config
        .as_ref()
        .and_then(|c| c.aspect_ratio.clone())
        .unwrap_or_else(|| "1:1".into());
    let calls = lock(&fake.stats).calls;
    match fault {
        Fault::Status(429) => google_error(
            429,
            "RESOURCE_EXHAUSTED",
            "You exceeded your current quota, please check your plan and billing details.",
            vec![
                details::quota_failure("GenerateRequestsPerMinutePerProjectPerModel", model, "10"),
                details::retry_info(&settings.retry_delay),
            ],
        ),
        Fault::DailyQuota => google_error(
            429,
            "RESOURCE_EXHAUSTED",
            "You exceeded your current quota, please check your plan and billing details.",
            vec![
                details::quota_failure("GenerateRequestsPerDayPerProjectPerModel", model, "250"),
                details::retry_info(&settings.retry_delay),
            ],
        ),
        Fault::Status(401) => google_error(
            401,
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials.",
            vec![],
        ),
        Fault::Status(403) => google_error(
            403,
            "PERMISSION_DENIED",
            "Method doesn't allow unregistered callers (callers without established identity).",
            vec![],
        ),
        Fault::Status(408) => google_error(408, "DEADLINE_EXCEEDED", "Request timed out.", vec![]),
        Fault::Status(500) => google_error(500, "INTERNAL", "An internal error has occurred.", vec![]),
        Fault::Status(502) => (StatusCode::BAD_GATEWAY, "<html><body>502 Bad Gateway</body></html>").into_response(),
        Fault::Status(503) => google_error(
            503,
            "UNAVAILABLE",
            "The model is overloaded. Please try again later.",
            vec![],
        ),
        Fault::Status(code) => google_error(
            code,
            "DEADLINE_EXCEEDED",
            "Deadline expired before operation could complete.",
            vec![],
        ),
        Fault::NotJson => (StatusCode::OK, "<html>not json</html>").into_response(),
        Fault::Block(reason) => answer(GenerateContentResponse {
            prompt_feedback: Some(PromptFeedback {
                block_reason: Some(reason),
                block_reason_message: None,
            }),
            ..Default::default()
        }),
        Fault::Finish(reason) => answer(finished(&reason)),
        Fault::Safety => answer(finished("IMAGE_SAFETY")),
        Fault::TextOnly => answer(candidate(vec![Part::text(
            "I can't create that image. Is there anything else I can help with?",
        )])),
        Fault::EchoKey => answer(candidate(vec![Part::text(format!(
            "I can't create that image for the caller with key {}.",
            key.unwrap_or("")
        ))])),
        _ if wants_json => {
            let mut case = case_json(request.generation_config.response_schema.as_ref(), calls);
            if fault == Fault::BadCase {
                case["solution"]["culpritId"] = json!("nobody");
            }
            answer(candidate(vec![Part::text(case.to_string())]))
        }
        Fault::BadCase => answer(candidate(vec![Part::text("{\"title\": \"half a case\"}")])),
        _ if !wants_image => answer(candidate(vec![Part::text("ok")])),
        fault => {
            let (w, h) = ratio_size(&ratio);
            let mut parts = vec![Part::text("Here is the picture.")];
            if fault == Fault::Thought {
                parts.push(Part {
                    inline_data: Some(blob("image/png", &png(w, h, [230, 20, 20]))),
                    thought: Some(true),
                    ..Default::default()
                });
            }
            let picture = if fault == Fault::WrongMime {
                blob("image/png", &jpeg(w, h, [30, 60, 200]))
            } else {
                blob("image/png", &png(w, h, [30, 60, 200]))
            };
            parts.push(Part {
                inline_data: Some(picture),
                ..Default::default()
            });
            answer(candidate(parts))
        }
    }
}

fn google_error(code: u16, status: &str, message: &str, details: Vec<Value>) -> Response {
    let body = ErrorEnvelope {
        error: Status {
            code,
            message: message.into(),
            status: status.into(),
            details,
        },
    };
    (
        StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        Json(body),
    )
        .into_response()
}

fn answer(r: GenerateContentResponse) -> Response {
    Json(GenerateContentResponse {
        model_version: Some("fake-provider".into()),
        response_id: Some("fake".into()),
        ..r
    })
    .into_response()
}

fn candidate(parts: Vec<Part>) -> GenerateContentResponse {
    GenerateContentResponse {
        candidates: vec![Candidate {
            content: Some(Content {
                role: Some("model".into()),
                parts,
            }),
            finish_reason: Some("STOP".into()),
            finish_message: None,
            index: Some(0),
        }],
        ..Default::default()
    }
}

fn finished(reason: &str) -> GenerateContentResponse {
    GenerateContentResponse {
        candidates: vec![Candidate {
            content: None,
            finish_reason: Some(reason.into()),
            finish_message: None,
            index: Some(0),
        }],
        ..Default::default()
    }
}

fn blob(mime: &str, bytes: &[u8]) -> Blob {
    Blob {
        mime_type: mime.into(),
        data: base64::engine::general_purpose::STANDARD.encode(bytes),
    }
}

/// A procedural case as a model would answer it: counts from the schema, no id, date or createdAt.
fn case_json(schema: Option<&Value>, seed: u64) -> Value {
    let defaults = CaseCounts::default();
    let count = |field: &str, default: usize| {
        schema
            .and_then(|s| s.pointer(&format!("/properties/{field}/minItems")))
            .and_then(|v| v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok())))
            .map_or(default, |n| n as usize)
    };
    let request = CaseRequest {
        id: "case-fake".into(),
        date: "2026-11-28".into(),
        seed,
        counts: CaseCounts {
            locations: count("locations", defaults.locations),
            suspects: count("suspects", defaults.suspects),
            evidence: count("evidence", defaults.evidence),
        },
        created_at: 0,
    };
    let mut v = match sleuths::casegen::procedural::generate_case(&request) {
        Ok(case) => json!(case),
        Err(e) => return json!({ "error": e.to_string() }),
    };
    if let Some(o) = v.as_object_mut() {
        for k in ["id", "date", "createdAt"] {
            o.remove(k);
        }
    }
    v
}

// ---- OpenAI --------------------------------------------------------------------------------------------

async fn openai_images(State(fake): State<Shared>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let (fault, settings) = fake.arrive("openai", &uri, &headers, &body);
    wait(&settings, &fault).await;
    let key = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if fake.api_key.is_some() && key != fake.api_key.as_deref()
        || matches!(fault, Fault::KeyInvalid | Fault::Status(401))
    {
        // OpenAI echoes (part of) the key it was given; this fake echoes all of it, to test redaction.
        let message = format!(
            "Incorrect API key provided: {}. You can find your API key at https://platform.openai.com/account/api-keys.",
            key.unwrap_or("")
        );
        return openai_error(401, &message, "invalid_request_error", Some("invalid_api_key"), &[]);
    }
    let Ok(request) = serde_json::from_slice::<openai::ImagesRequest>(&body) else {
        return openai_error(
            400,
            "We could not parse the JSON body of your request.",
            "invalid_request_error",
            None,
            &[],
        );
    };
    if !fake.model_known(&request.model) || fault == Fault::Status(404) {
        let message = format!(
            "The model `{}` does not exist or you do not have access to it.",
            request.model
        );
        return openai_error(404, &message, "invalid_request_error", Some("model_not_found"), &[]);
    }
    // As OpenAI does: GPT image models refuse response_format (they always answer base64).
    if request.model.starts_with("gpt-image") && request.response_format.is_some() {
        return openai_error(
            400,
            "Unknown parameter: 'response_format'.",
            "invalid_request_error",
            Some("unknown_parameter"),
            &[],
        );
    }
    let retry_ms = sleuths::providers::retry::parse_delay(&settings.retry_delay)
        .unwrap_or_default()
        .as_millis()
        .to_string();
    match fault {
        Fault::Status(429) => openai_error(
            429,
            "Rate limit reached for images per minute. Please try again later.",
            "requests",
            Some("rate_limit_exceeded"),
            &[("retry-after-ms", retry_ms.as_str())],
        ),
        Fault::DailyQuota => openai_error(
            429,
            "You exceeded your current quota, please check your plan and billing details.",
            "insufficient_quota",
            Some("insufficient_quota"),
            &[],
        ),
        Fault::Status(403) => openai_error(
            403,
            "You are not allowed to use this model.",
            "invalid_request_error",
            None,
            &[],
        ),
        Fault::Status(502) => (StatusCode::BAD_GATEWAY, "<html><body>502 Bad Gateway</body></html>").into_response(),
        Fault::Status(code) => openai_error(
            code,
            "The server had an error while processing your request.",
            "server_error",
            None,
            &[],
        ),
        Fault::Safety | Fault::Block(_) | Fault::Finish(_) | Fault::TextOnly | Fault::EchoKey => openai_error(
            400,
            "Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.",
            "invalid_request_error",
            Some("content_policy_violation"),
            &[],
        ),
        Fault::NotJson => (StatusCode::OK, "<html>not json</html>").into_response(),
        _ => {
            let (w, h) = size(&request.size);
            let bytes = if fault == Fault::WrongMime {
                jpeg(w, h, [30, 60, 200])
            } else {
                png(w, h, [30, 60, 200])
            };
            let b64 = request.model.starts_with("gpt-image") || request.response_format.as_deref() == Some("b64_json");
            let item = if b64 {
                openai::ImageData {
                    b64_json: Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
                    ..Default::default()
                }
            } else {
                // LocalAI's default: a URL.
                openai::ImageData {
                    url: Some("/generated-images/fake.png".into()),
                    ..Default::default()
                }
            };
            Json(openai::ImagesResponse {
                created: 1_795_824_000,
                data: vec![item],
            })
            .into_response()
        }
    }
}

fn openai_error(code: u16, message: &str, kind: &str, error_code: Option<&str>, headers: &[(&str, &str)]) -> Response {
    let body = openai::ErrorEnvelope {
        error: openai::ApiError {
            message: message.into(),
            kind: kind.into(),
            param: None,
            code: error_code.map(str::to_owned),
        },
    };
    let mut response = (
        StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        Json(body),
    )
        .into_response();
    for (name, value) in headers {
        if let (Ok(n), Ok(v)) = (
            axum::http::HeaderName::from_bytes(name.as_bytes()),
            axum::http::HeaderValue::from_str(value),
        ) {
            response.headers_mut().insert(n, v);
        }
    }
    response
}

// ---- Pictures ------------------------------------------------------------------------------------------

/// A small picture of the ratio `W:H` (longest side 96 px).
fn ratio_size(ratio: &str) -> (u32, u32) {
    let (w, h) = ratio
        .split_once(':')
        .and_then(|(w, h)| Some((w.trim().parse::<f64>().ok()?, h.trim().parse::<f64>().ok()?)))
        .filter(|(w, h)| *w > 0.0 && *h > 0.0)
        .unwrap_or((1.0, 1.0));
    let scale = 96.0 / w.max(h);
    (((w * scale).round() as u32).max(1), ((h * scale).round() as u32).max(1))
}

/// `WIDTHxHEIGHT` scaled down to a longest side of 96 px.
fn size(size: &str) -> (u32, u32) {
    ratio_size(&size.replace('x', ":"))
}

fn picture(w: u32, h: u32, base: [u8; 3]) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        let shade = ((x + y) * 40 / (w + h).max(1)) as u8;
        image::Rgb([
            base[0].saturating_add(shade),
            base[1].saturating_add(shade),
            base[2].saturating_add(shade),
        ])
    })
}

fn png(w: u32, h: u32, base: [u8; 3]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = picture(w, h, base).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png);
    out
}

fn jpeg(w: u32, h: u32, base: [u8; 3]) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = picture(w, h, base).write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg);
    out
}
