//! The Gemini image provider: `generateContent` with image output, every block form a final slot error.

pub mod batch;
pub mod wire;

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;

use self::wire::{Content, GenerateContentRequest, GenerateContentResponse, GenerationConfig, ImageConfig};
use super::remote::{Auth, Remote};
use super::retry::{Endpoint, Failure};
use super::{Bill, Call, ImageProvider, ImageRequest, SetupError};
use crate::clock::SharedClock;
use crate::config::{GeminiConfig, PerKind, Price, Prices};
use crate::domain::spend::micros;
use crate::domain::{SlotKind, Usage};

/// `{base}/{version}/models/{model}:generateContent`. The key never goes into it.
pub fn generate_url(base: &str, version: &str, model: &str) -> String {
    format!(
        "{}/{version}/models/{model}:generateContent",
        base.trim_end_matches('/')
    )
}

/// The client of one Gemini model (images here; `casegen::gemini` uses it for text).
pub(crate) fn remote(
    config: &GeminiConfig,
    model: &str,
    role: &'static str,
    clock: SharedClock,
) -> Result<Remote, SetupError> {
    let key = config.api_key.clone().ok_or(SetupError::MissingKey {
        provider: "gemini",
        env: "GEMINI_API_KEY",
        setting: "gemini.api_key",
    })?;
    let endpoint = Endpoint {
        service: "Gemini",
        role,
        model: model.to_owned(),
        base: config.base_url.clone(),
    };
    Remote::new("gemini", endpoint, key, Auth::GoogApiKey, config.timeout, clock)
        .map_err(|e| SetupError::Client(e.to_string()))
}

/// Paints with a Gemini image model.
pub struct GeminiImages {
    remote: Remote,
    url: String,
    aspect_ratio: PerKind,
    price: Price,
    /// `{base}/{version}`: batches are named `batches/ID` under it.
    api_root: String,
    batch_url: String,
}

impl GeminiImages {
    pub fn new(config: &GeminiConfig, prices: &Prices, clock: SharedClock) -> Result<Self, SetupError> {
        let (price, known) = prices.of(&config.image_model, None);
        if !known {
            tracing::warn!(model = %config.image_model, "no price for this model in [prices]: charging the dearest we know");
        }
        Ok(GeminiImages {
            remote: remote(config, &config.image_model, "image model", clock)?,
            url: generate_url(&config.base_url, &config.api_version, &config.image_model),
            aspect_ratio: config.aspect_ratio.clone(),
            price,
            api_root: format!("{}/{}", config.base_url.trim_end_matches('/'), config.api_version),
            batch_url: batch::batch_url(&config.base_url, &config.api_version, &config.image_model),
        })
    }

    pub fn shared(
        config: &GeminiConfig,
        prices: &Prices,
        clock: SharedClock,
    ) -> Result<Arc<dyn ImageProvider>, SetupError> {
        Ok(Arc::new(Self::new(config, prices, clock)?))
    }

    /// The model and where it is called, for people.
    pub fn describe(&self) -> String {
        format!("model {} at {}", self.remote.endpoint.model, self.remote.endpoint.base)
    }

    /// The request for one picture.
    pub fn request(&self, prompt: &str, kind: SlotKind) -> GenerateContentRequest {
        let ratio = self.aspect_ratio.get(kind).trim();
        GenerateContentRequest {
            contents: vec![Content::user_text(prompt)],
            system_instruction: None,
            generation_config: GenerationConfig {
                response_modalities: Some(vec!["IMAGE".into()]),
                image_config: (!ratio.is_empty()).then(|| ImageConfig {
                    aspect_ratio: Some(ratio.to_owned()),
                }),
                candidate_count: Some(1),
                ..Default::default()
            },
        }
    }

    /// One call: the picture's bytes, or why there is none.
    pub async fn paint(&self, prompt: &str, kind: SlotKind) -> Result<Vec<u8>, Failure> {
        self.call(prompt, kind).await.0
    }

    /// One call, and its bill when the model answered (a refusal is billed for its tokens too).
    pub async fn call(&self, prompt: &str, kind: SlotKind) -> (Result<Vec<u8>, Failure>, Option<Bill>) {
        let answer: GenerateContentResponse = match self.remote.post(&self.url, &self.request(prompt, kind)).await {
            Ok(answer) => answer,
            Err(failure) => return (Err(failure), None),
        };
        let usage = answer.usage();
        let result = picture(answer);
        let bill = bill(&self.remote.endpoint.model, &self.price, usage, result.is_ok(), 1.0);
        (result, bill)
    }
}

/// The bill of one answer at `share` of the price (1 live, 0.5 through the Batch API): its tokens at the
/// model's prices, or the picture price when it reported none and painted one; nothing for an answer that
/// neither reported usage nor painted.
pub fn bill(model: &str, price: &Price, usage: Option<Usage>, painted: bool, share: f64) -> Option<Bill> {
    let usd = match usage {
        Some(u) => {
            (u.output_tokens as f64 * price.output_per_million + u.input_tokens as f64 * price.input_per_million) / 1e6
        }
        None if painted => price.picture,
        None => return None,
    };
    Some(Bill {
        model: model.to_owned(),
        usage,
        micros: micros(usd * share),
    })
}

#[async_trait]
impl ImageProvider for GeminiImages {
    fn name(&self) -> &'static str {
        "gemini"
    }

    fn estimate(&self, _kind: SlotKind) -> i64 {
        micros(self.price.picture)
    }

    fn batch(&self) -> Option<&dyn super::BatchPainter> {
        Some(self)
    }

    async fn generate(&self, request: &ImageRequest) -> Call {
        let started = Instant::now();
        let (result, bill) = self.call(&request.prompt, request.slot.kind).await;
        Call {
            result: result
                .map(|bytes| super::remote::received("gemini", request, started, bytes))
                .map_err(Into::into),
            bill,
        }
    }
}

/// The picture of an answer: the first `inlineData` part not marked `thought`, whatever its declared
/// type (the magic bytes decide). Every way of answering without one is a `Blocked` saying why.
pub fn picture(answer: GenerateContentResponse) -> Result<Vec<u8>, Failure> {
    let Some(candidate) = answer.candidates.into_iter().next() else {
        return Err(
            match answer
                .prompt_feedback
                .and_then(|f| f.block_reason.map(|r| (r, f.block_reason_message)))
            {
                Some((reason, message)) => Failure::Blocked(format!(
                    "Gemini blocked the prompt: {reason}{}",
                    message.map(|m| format!(" ({m})")).unwrap_or_default()
                )),
                None => Failure::BadAnswer("Gemini answered with no candidates and no block reason".into()),
            },
        );
    };
    let parts = candidate.content.map(|c| c.parts).unwrap_or_default();
    if let Some(blob) = parts
        .iter()
        .filter(|p| !p.is_thought())
        .find_map(|p| p.inline_data.as_ref())
    {
        let bytes = super::decode_base64(&blob.data)
            .ok_or_else(|| Failure::BadAnswer("Gemini's inlineData is not valid base64".into()))?;
        return match super::sniff(&bytes) {
            Some(format) => {
                if !blob.mime_type.ends_with(format) {
                    tracing::debug!(declared = %blob.mime_type, actual = format, "Gemini mislabelled the picture");
                }
                Ok(bytes)
            }
            None => Err(Failure::BadAnswer(format!(
                "Gemini's inlineData (declared {:?}) is not a PNG, JPEG or WebP picture",
                blob.mime_type
            ))),
        };
    }
    let finish = candidate.finish_reason.unwrap_or_default();
    let message = candidate.finish_message.map(|m| format!(": {m}")).unwrap_or_default();
    if !finish.is_empty() && finish != "STOP" {
        return Err(Failure::Blocked(format!(
            "Gemini made no picture: {finish} ({}){message}",
            finish_meaning(&finish)
        )));
    }
    let text: String = parts
        .iter()
        .filter(|p| !p.is_thought())
        .filter_map(|p| p.text.as_deref())
        .collect::<Vec<_>>()
        .join(" ");
    if text.trim().is_empty() {
        Err(Failure::Blocked(format!(
            "Gemini made no picture: it finished ({}) with an empty answer",
            if finish.is_empty() { "no reason given" } else { "STOP" }
        )))
    } else {
        let text = text.trim();
        let shown: String = text.chars().take(200).collect();
        let more = if shown.len() < text.len() { "…" } else { "" };
        Err(Failure::Blocked(format!(
            "Gemini answered with text and no picture: \"{shown}{more}\""
        )))
    }
}

fn finish_meaning(reason: &str) -> &'static str {
    match reason {
        "SAFETY" => "flagged by the safety filters",
        "IMAGE_SAFETY" => "the picture was flagged by the image safety filter",
        "PROHIBITED_CONTENT" | "IMAGE_PROHIBITED_CONTENT" => "prohibited content",
        "RECITATION" | "IMAGE_RECITATION" => "it would reproduce protected material",
        "BLOCKLIST" => "a blocklisted term",
        "SPII" => "sensitive personal information",
        "NO_IMAGE" => "the model produced no image",
        "MAX_TOKENS" => "the output token limit was reached",
        "LANGUAGE" => "an unsupported language",
        "IMAGE_OTHER" | "OTHER" => "an unspecified reason",
        _ => "an unknown reason",
    }
}

#[cfg(test)]
mod tests {
    use super::wire::*;
    use super::*;

    fn answer(json: serde_json::Value) -> GenerateContentResponse {
        serde_json::from_value(json).unwrap()
    }

    const PNG_1X1: &str =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    #[test]
    fn the_documented_success_answer_gives_its_png_after_the_caption() {
        let a = answer(serde_json::json!({
            "candidates": [{"content": {"role": "model", "parts": [
                {"text": "Here is the library."},
                {"inlineData": {"mimeType": "image/png", "data": PNG_1X1}}
            ]}, "finishReason": "STOP", "index": 0}],
            "usageMetadata": {"promptTokenCount": 8}, "modelVersion": "gemini-2.5-flash-image"
        }));
        let bytes = picture(a).unwrap();
        assert_eq!(&bytes[..4], b"\x89PNG");
    }

    #[test]
    fn unpadded_and_url_safe_base64_are_accepted() {
        let a = answer(serde_json::json!({"candidates": [{"content": {"parts": [
            {"inlineData": {"mimeType": "image/png", "data": PNG_1X1.trim_end_matches('=').replace('+', "-")}}
        ]}}]}));
        assert!(picture(a).is_ok());
    }

    #[test]
    fn each_no_picture_form_says_why() {
        let blocked = answer(serde_json::json!({"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}}));
        assert_eq!(
            picture(blocked).unwrap_err().to_string(),
            "Gemini blocked the prompt: PROHIBITED_CONTENT"
        );
        let safety = answer(
            serde_json::json!({"candidates": [{"finishReason": "IMAGE_SAFETY", "finishMessage": "Unable to show the generated image."}]}),
        );
        let e = picture(safety).unwrap_err();
        assert!(matches!(e, Failure::Blocked(_)));
        assert!(
            e.to_string().contains("IMAGE_SAFETY") && e.to_string().contains("Unable to show"),
            "{e}"
        );
        let text = answer(
            serde_json::json!({"candidates": [{"content": {"parts": [{"text": "I can't create that."}]}, "finishReason": "STOP"}]}),
        );
        assert_eq!(
            picture(text).unwrap_err().to_string(),
            "Gemini answered with text and no picture: \"I can't create that.\""
        );
    }

    #[test]
    fn the_request_carries_the_aspect_ratio_of_the_kind_and_omits_an_empty_one() {
        let mut c = GeminiConfig {
            api_key: Some(crate::config::Secret::new("k")),
            ..Default::default()
        };
        c.aspect_ratio.evidence = String::new();
        let g = GeminiImages::new(&c, &Prices::default(), Arc::new(crate::clock::SystemClock)).unwrap();
        let r = g.request("a hat", SlotKind::Suspect);
        assert_eq!(
            r.generation_config.image_config.unwrap().aspect_ratio.as_deref(),
            Some("4:5")
        );
        assert!(
            g.request("a hat", SlotKind::Evidence)
                .generation_config
                .image_config
                .is_none()
        );
        assert_eq!(
            generate_url("http://h/", "v1beta", "m-1"),
            "http://h/v1beta/models/m-1:generateContent"
        );
    }
}
