//! Gemini's `POST /{version}/models/{model}:generateContent`, for pictures and for JSON cases.
//!
//! The shapes are written here from the REST reference (`GenerateContentRequest`,
//! `GenerateContentResponse`, `google.rpc.Status`), not shared with the engine's client.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use case_model::{CaseCounts, CaseRequest};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::pictures::{jpeg, png, ratio_size};
use crate::{Fault, Shared, lock, wait};

/// The part of a request the fake reads. Everything else is accepted and ignored, as Google does for
/// fields a model does not use.
#[derive(Debug, Default, Deserialize)]
struct Request {
    #[serde(default)]
    contents: Value,
    #[serde(rename = "generationConfig", default)]
    generation_config: GenerationConfig,
}

#[derive(Debug, Default, Deserialize)]
struct GenerationConfig {
    #[serde(rename = "responseMimeType")]
    response_mime_type: Option<String>,
    #[serde(rename = "responseModalities")]
    response_modalities: Option<Vec<String>>,
    #[serde(rename = "responseSchema")]
    response_schema: Option<Value>,
    #[serde(rename = "imageConfig")]
    image_config: Option<ImageConfig>,
}

#[derive(Debug, Default, Deserialize)]
struct ImageConfig {
    #[serde(rename = "aspectRatio")]
    aspect_ratio: Option<String>,
}

pub(crate) async fn generate(
    State(fake): State<Shared>,
    Path((version, target)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (fault, settings) = fake.arrive("gemini", &uri, &headers, &body);
    let (model, method) = target.split_once(':').unwrap_or((&target, ""));
    // A batch is made before the latency or a hang: its answer can be lost after Google made it.
    if method != "batchGenerateContent" {
        wait(&settings, &fault).await;
    }
    if method != "generateContent" && method != "batchGenerateContent" {
        return google_error(404, "NOT_FOUND", &format!("The method {target} is not found."), vec![]);
    }
    let key = headers.get("x-goog-api-key").and_then(|v| v.to_str().ok());
    if fake.api_key.is_some() && key != fake.api_key.as_deref() || fault == Fault::KeyInvalid {
        return google_error(
            400,
            "INVALID_ARGUMENT",
            "API key not valid. Please pass a valid API key.",
            vec![error_info("API_KEY_INVALID")],
        );
    }
    if !fake.model_known(model) || fault == Fault::Status(404) {
        let message =
            format!("models/{model} is not found for API version {version}, or is not supported for generateContent.");
        return google_error(404, "NOT_FOUND", &message, vec![]);
    }
    if method == "batchGenerateContent" {
        let created = crate::batch::create(&fake, fault.clone(), &settings, &body);
        wait(&settings, &fault).await;
        return created;
    }
    let Ok(request) = serde_json::from_slice::<Request>(&body) else {
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
    let prompt_tokens = text_tokens(&request.contents);
    let answer = |response: Value| billed(&fake, response, prompt_tokens, settings.image_tokens);
    match fault {
        Fault::Status(429) => google_error(
            429,
            "RESOURCE_EXHAUSTED",
            "You exceeded your current quota, please check your plan and billing details.",
            vec![
                quota_failure("GenerateRequestsPerMinutePerProjectPerModel", model, "10"),
                retry_info(&settings.retry_delay),
            ],
        ),
        Fault::DailyQuota => google_error(
            429,
            "RESOURCE_EXHAUSTED",
            "You exceeded your current quota, please check your plan and billing details.",
            vec![
                quota_failure("GenerateRequestsPerDayPerProjectPerModel", model, "250"),
                retry_info(&settings.retry_delay),
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
        Fault::Block(reason) => answer(json!({ "promptFeedback": { "blockReason": reason } })),
        Fault::Finish(reason) => answer(finished(&reason)),
        Fault::Safety => answer(finished("IMAGE_SAFETY")),
        Fault::TextOnly => answer(candidate(vec![text(
            "I can't create that image. Is there anything else I can help with?",
        )])),
        Fault::EchoKey => answer(candidate(vec![text(format!(
            "I can't create that image for the caller with key {}.",
            key.unwrap_or("")
        ))])),
        _ if wants_json => {
            let mut case = case_json(request.generation_config.response_schema.as_ref(), calls);
            if fault == Fault::BadCase {
                case["solution"]["culpritId"] = json!("nobody");
            }
            answer(candidate(vec![text(case.to_string())]))
        }
        Fault::BadCase => answer(candidate(vec![text("{\"title\": \"half a case\"}")])),
        _ if !wants_image => answer(candidate(vec![text("ok")])),
        fault => {
            let (w, h) = ratio_size(&ratio);
            let mut parts = vec![text("Here is the picture.")];
            if fault == Fault::Thought {
                parts.push(json!({ "inlineData": blob("image/png", &png(w, h, [230, 20, 20])), "thought": true }));
            }
            let picture = if fault == Fault::WrongMime {
                blob("image/png", &jpeg(w, h, [30, 60, 200]))
            } else {
                blob("image/png", &png(w, h, [30, 60, 200]))
            };
            parts.push(json!({ "inlineData": picture }));
            answer(candidate(parts))
        }
    }
}

/// `google.rpc.Status` in its envelope, as every Google API answers an error.
pub(crate) fn google_error(code: u16, status: &str, message: &str, details: Vec<Value>) -> Response {
    let mut error = json!({ "code": code, "message": message, "status": status });
    if !details.is_empty() {
        error["details"] = json!(details);
    }
    let body = json!({ "error": error });
    (
        StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        Json(body),
    )
        .into_response()
}

/// `google.rpc.RetryInfo`; `delay` like `"45.837906927s"`.
fn retry_info(delay: &str) -> Value {
    json!({ "@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": delay })
}

/// `google.rpc.QuotaFailure` with one violation.
fn quota_failure(quota_id: &str, model: &str, value: &str) -> Value {
    json!({
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        "violations": [{
            "quotaMetric": "generativelanguage.googleapis.com/generate_content_requests",
            "quotaId": quota_id,
            "quotaDimensions": { "location": "global", "model": model },
            "quotaValue": value
        }]
    })
}

/// `google.rpc.ErrorInfo`, e.g. reason `API_KEY_INVALID`.
fn error_info(reason: &str) -> Value {
    json!({
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": reason,
        "domain": "googleapis.com",
        "metadata": { "service": "generativelanguage.googleapis.com" }
    })
}

/// Tokens of the text in a JSON value, by Google's rule of thumb of four characters a token.
pub(crate) fn text_tokens(value: &Value) -> u64 {
    let mut chars = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(t)) = map.get("text") {
                    chars += t.chars().count() as u64;
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    chars.div_ceil(4)
}

/// The answer with its `usageMetadata`, as Google bills it: the prompt's tokens in, and out the text's
/// tokens plus `image_tokens` for each picture (a thought picture too). Counted in `/_stats`.
fn billed(fake: &Shared, response: Value, prompt_tokens: u64, image_tokens: u64) -> Response {
    answer(with_usage(fake, response, prompt_tokens, image_tokens))
}

/// The answer with its `usageMetadata`, counted in `/_stats` as billed.
pub(crate) fn with_usage(fake: &Shared, mut response: Value, prompt_tokens: u64, image_tokens: u64) -> Value {
    let mut output = 0;
    for part in response["candidates"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["content"]["parts"].as_array().into_iter().flatten())
    {
        if part.get("inlineData").is_some() {
            output += image_tokens;
        }
        output += part.get("text").map_or(0, text_tokens_of_str);
    }
    response["usageMetadata"] = json!({
        "promptTokenCount": prompt_tokens,
        "candidatesTokenCount": output,
        "totalTokenCount": prompt_tokens + output,
    });
    {
        let mut stats = lock(&fake.stats);
        stats.billed_answers += 1;
        stats.prompt_tokens += prompt_tokens;
        stats.output_tokens += output;
    }
    response["modelVersion"] = json!("fake-provider");
    response["responseId"] = json!("fake");
    response
}

fn text_tokens_of_str(text: &Value) -> u64 {
    text.as_str().map_or(0, |t| (t.chars().count() as u64).div_ceil(4))
}

/// A `GenerateContentResponse` with the fields every answer carries.
fn answer(mut response: Value) -> Response {
    response["modelVersion"] = json!("fake-provider");
    response["responseId"] = json!("fake");
    Json(response).into_response()
}

/// One candidate that finished normally with these parts.
pub(crate) fn candidate(parts: Vec<Value>) -> Value {
    json!({
        "candidates": [{
            "content": { "role": "model", "parts": parts },
            "finishReason": "STOP",
            "index": 0
        }]
    })
}

/// One candidate that stopped for `reason`, with no content.
pub(crate) fn finished(reason: &str) -> Value {
    json!({ "candidates": [{ "finishReason": reason, "index": 0 }] })
}

/// A text part.
pub(crate) fn text(text: impl Into<String>) -> Value {
    json!({ "text": text.into() })
}

/// `Blob`: a MIME type and base64 bytes.
pub(crate) fn blob(mime: &str, bytes: &[u8]) -> Value {
    json!({ "mimeType": mime, "data": base64::engine::general_purpose::STANDARD.encode(bytes) })
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
    let mut v = match case_writer::write(&request) {
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
