//! OpenAI's `POST /v1/images/generations` JSON, shared by the client and the fake server.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImagesRequest {
    pub model: String,
    pub prompt: String,
    pub n: u32,
    /// `WIDTHxHEIGHT`.
    pub size: String,
    /// `b64_json`. GPT image models always answer base64 and refuse the field, so it is left out for them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_format: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImagesResponse {
    #[serde(default)]
    pub created: i64,
    #[serde(default)]
    pub data: Vec<ImageData>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImageData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b64_json: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revised_prompt: Option<String>,
}

/// `{"error": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ApiError,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub message: String,
    /// `invalid_request_error`, `image_generation_user_error`...
    #[serde(rename = "type")]
    pub kind: String,
    pub param: Option<String>,
    /// `content_policy_violation`, `invalid_api_key`, `model_not_found`...
    pub code: Option<String>,
}
