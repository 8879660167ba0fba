//! OpenAI's `POST /v1/images/generations`, written here from its API reference (not shared with the
//! engine's client).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::Deserialize;
use serde_json::json;

use crate::pictures::{jpeg, png, size};
use crate::{Fault, Shared, wait};

/// The fields the fake reads; OpenAI refuses unknown ones, and so does the fake.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImagesRequest {
    model: String,
    #[allow(dead_code, reason = "read so that a request without it is refused, as OpenAI does")]
    prompt: String,
    #[serde(default)]
    #[allow(dead_code, reason = "accepted as OpenAI accepts it; the fake always paints one")]
    n: Option<u32>,
    #[serde(default = "default_size")]
    size: String,
    #[serde(default)]
    response_format: Option<String>,
}

fn default_size() -> String {
    "1024x1024".into()
}

pub(crate) async fn images(State(fake): State<Shared>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
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
    let Ok(request) = serde_json::from_slice::<ImagesRequest>(&body) else {
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
    let retry_ms = crate::seconds(&settings.retry_delay)
        .map_or(0, |s| (s * 1000.0) as u64)
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
                json!({ "b64_json": base64::engine::general_purpose::STANDARD.encode(bytes) })
            } else {
                // LocalAI's default: a URL.
                json!({ "url": "/generated-images/fake.png" })
            };
            Json(json!({ "created": 1_795_824_000, "data": [item] })).into_response()
        }
    }
}

/// OpenAI's error envelope, with extra headers (`retry-after-ms`).
fn openai_error(code: u16, message: &str, kind: &str, error_code: Option<&str>, headers: &[(&str, &str)]) -> Response {
    let body = json!({ "error": { "message": message, "type": kind, "param": null, "code": error_code } });
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
