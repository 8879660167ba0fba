//! Gemini's Batch API: `POST /{version}/models/{model}:batchGenerateContent` with inlined requests,
//! `GET /{version}/batches/{id}` and `POST /{version}/batches/{id}:cancel`, in the shapes Google's SDKs
//! send and read (a long-running operation whose `metadata` holds the state and, once succeeded, the
//! answers in request order, each with its request's `metadata.key`).
//!
//! A batch answers `RUNNING` to its first `--batch-polls` polls, then ends as `--batch-outcome` says
//! (`succeeded`, `failed`, `expired`, `cancelled`, or `never` to stay running). Each inlined request
//! takes the next fault of `--batch-next` (`ok` when none): a picture, a block form, or (for a status
//! fault) that request's `error`.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::gemini::{blob, candidate, finished, google_error, text, text_tokens, with_usage};
use crate::pictures::{png, ratio_size};
use crate::{Fault, Settings, Shared, lock, wait};

/// One submitted batch.
pub(crate) struct Batch {
    display_name: String,
    model: String,
    /// Each request's fault, prompt tokens, aspect ratio and metadata, in order.
    requests: Vec<(Fault, u64, String, Value)>,
    polls: u32,
    polls_before_end: u32,
    outcome: String,
    state: &'static str,
    /// The answers, built once when the batch succeeds.
    output: Option<Value>,
}

/// gRPC's code for an HTTP status, as a `google.rpc.Status` inside an operation carries it.
fn grpc_code(http: u16) -> i64 {
    match http {
        400 => 3,
        401 => 16,
        403 => 7,
        404 => 5,
        408 | 504 => 4,
        429 => 8,
        500 => 13,
        503 => 14,
        _ => 2,
    }
}

pub(crate) fn create(fake: &Shared, fault: Fault, settings: &Settings, body: &Bytes) -> Response {
    if let Fault::Status(code) = &fault {
        let code = *code;
        return google_error(code, "UNAVAILABLE", "The batch could not be created.", vec![]);
    }
    let Ok(body) = serde_json::from_slice::<Value>(body) else {
        return google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.", vec![]);
    };
    let batch = &body["batch"];
    let Some(requests) = batch["inputConfig"]["requests"]["requests"].as_array() else {
        return google_error(
            400,
            "INVALID_ARGUMENT",
            "batch.inputConfig.requests.requests is required for inlined requests.",
            vec![],
        );
    };
    if requests.is_empty() || requests.iter().any(|r| !r["request"]["contents"].is_array()) {
        return google_error(
            400,
            "INVALID_ARGUMENT",
            "Every inlined request needs a request with contents.",
            vec![],
        );
    }
    let requests = requests
        .iter()
        .map(|r| {
            let fault = lock(&fake.batch_script).pop_front().unwrap_or(Fault::Ok);
            let ratio = r["request"]["generationConfig"]["imageConfig"]["aspectRatio"]
                .as_str()
                .unwrap_or("1:1")
                .to_owned();
            (
                fault,
                text_tokens(&r["request"]["contents"]),
                ratio,
                r["metadata"].clone(),
            )
        })
        .collect();
    let mut stats = lock(&fake.stats);
    stats.batch_submits += 1;
    let name = format!("batches/fake-{}", stats.batch_submits);
    drop(stats);
    let created = Batch {
        display_name: batch["displayName"].as_str().unwrap_or("").to_owned(),
        model: "models/fake".into(),
        requests,
        polls: 0,
        polls_before_end: settings.batch_polls,
        outcome: settings.batch_outcome.clone(),
        state: "BATCH_STATE_PENDING",
        output: None,
    };
    let operation = operation(&name, &created);
    lock(&fake.batches).insert(name, created);
    Json(operation).into_response()
}

/// `GET /{version}/batches/{id}`: the batch, one poll further.
pub(crate) async fn get(State(fake): State<Shared>, Path((_version, id)): Path<(String, String)>) -> Response {
    lock(&fake.stats).batch_polls += 1;
    let settings = lock(&fake.settings).clone();
    wait(&settings, &Fault::Ok).await;
    let name = format!("batches/{id}");
    let mut batches = lock(&fake.batches);
    let Some(batch) = batches.get_mut(&name) else {
        return google_error(404, "NOT_FOUND", &format!("Batch {name} not found."), vec![]);
    };
    if !is_final(batch.state) {
        batch.polls += 1;
        batch.state = "BATCH_STATE_RUNNING";
        if batch.polls > batch.polls_before_end {
            batch.state = match batch.outcome.as_str() {
                "failed" => "BATCH_STATE_FAILED",
                "expired" => "BATCH_STATE_EXPIRED",
                "cancelled" => "BATCH_STATE_CANCELLED",
                "never" => "BATCH_STATE_RUNNING",
                _ => "BATCH_STATE_SUCCEEDED",
            };
        }
        if batch.state == "BATCH_STATE_SUCCEEDED" {
            batch.output = Some(answers(&fake, batch, settings.image_tokens));
        }
    }
    Json(operation(&name, batch)).into_response()
}

/// `GET /{version}/batches`: every batch, newest first, in one page.
pub(crate) async fn list(State(fake): State<Shared>, Path(_version): Path<String>) -> Response {
    let batches = lock(&fake.batches);
    let mut operations: Vec<(u64, Value)> = batches
        .iter()
        .map(|(name, b)| {
            let n = name.rsplit('-').next().and_then(|n| n.parse().ok()).unwrap_or(0);
            (n, operation(name, b))
        })
        .collect();
    operations.sort_by_key(|o| std::cmp::Reverse(o.0));
    Json(json!({ "operations": operations.into_iter().map(|(_, o)| o).collect::<Vec<_>>() })).into_response()
}

/// `POST /{version}/batches/{id}:cancel`.
pub(crate) async fn cancel(State(fake): State<Shared>, Path((_version, target)): Path<(String, String)>) -> Response {
    let Some(id) = target.strip_suffix(":cancel") else {
        return google_error(404, "NOT_FOUND", &format!("The method {target} is not found."), vec![]);
    };
    lock(&fake.stats).batch_cancels += 1;
    let name = format!("batches/{id}");
    let mut batches = lock(&fake.batches);
    let Some(batch) = batches.get_mut(&name) else {
        return google_error(404, "NOT_FOUND", &format!("Batch {name} not found."), vec![]);
    };
    if !is_final(batch.state) {
        batch.state = "BATCH_STATE_CANCELLED";
    }
    (StatusCode::OK, Json(json!({}))).into_response()
}

fn is_final(state: &str) -> bool {
    matches!(
        state,
        "BATCH_STATE_SUCCEEDED" | "BATCH_STATE_FAILED" | "BATCH_STATE_CANCELLED" | "BATCH_STATE_EXPIRED"
    )
}

/// The inlined answers of a batch that succeeded, each billed as a live answer would be.
fn answers(fake: &Shared, batch: &Batch, image_tokens: u64) -> Value {
    let items: Vec<Value> = batch
        .requests
        .iter()
        .map(|(fault, prompt_tokens, ratio, metadata)| {
            let (w, h) = ratio_size(ratio);
            let response = match fault {
                Fault::Status(code) => {
                    return json!({
                        "error": { "code": grpc_code(*code), "message": format!("fake fault {code}") },
                        "metadata": metadata,
                    });
                }
                Fault::Block(reason) => json!({ "promptFeedback": { "blockReason": reason } }),
                Fault::Finish(reason) => finished(reason),
                Fault::Safety => finished("IMAGE_SAFETY"),
                Fault::TextOnly => candidate(vec![text("I can't create that image.")]),
                _ => candidate(vec![
                    text("Here is the picture."),
                    json!({ "inlineData": blob("image/png", &png(w, h, [30, 60, 200])) }),
                ]),
            };
            json!({
                "response": with_usage(fake, response, *prompt_tokens, image_tokens),
                "metadata": metadata,
            })
        })
        .collect();
    json!({
        "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput",
        "inlinedResponses": { "inlinedResponses": items },
    })
}

/// The long-running operation a batch is shown as.
fn operation(name: &str, batch: &Batch) -> Value {
    let mut metadata = json!({
        "@type": "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch",
        "name": name,
        "model": batch.model,
        "displayName": batch.display_name,
        "state": batch.state,
        "batchStats": { "requestCount": batch.requests.len().to_string() },
    });
    let mut op = BTreeMap::from([("name".to_owned(), json!(name)), ("metadata".to_owned(), Value::Null)]);
    if let Some(output) = &batch.output {
        metadata["output"] = output.clone();
        op.insert("response".into(), output.clone());
    }
    if is_final(batch.state) {
        op.insert("done".into(), json!(true));
    }
    op.insert("metadata".into(), metadata);
    json!(op)
}
