//! The OpenAI-compatible image provider: `POST {base}/v1/images/generations` answering base64.

pub mod wire;

use std::sync::Arc;
use std::time::Instant;

use async_trait::async_trait;

use self::wire::{ImagesRequest, ImagesResponse};
use super::remote::{Auth, Remote};
use super::retry::{Endpoint, Failure};
use super::{Bill, Call, ImageProvider, ImageRequest, SetupError};
use crate::clock::SharedClock;
use crate::config::{OpenAiConfig, PerKind, Prices};
use crate::domain::SlotKind;
use crate::domain::spend::micros;

/// Paints with any server that speaks OpenAI's image generation API (OpenAI, LocalAI, gateways).
pub struct OpenAiImages {
    remote: Remote,
    url: String,
    model: String,
    size: PerKind,
    /// Micro-dollars per picture of each kind (the price depends on the size).
    price: [i64; 3],
}

impl OpenAiImages {
    pub fn new(config: &OpenAiConfig, prices: &Prices, clock: SharedClock) -> Result<Self, SetupError> {
        let price = SlotKind::ALL.map(|kind| {
            let (price, known) = prices.of(&config.model, Some(config.size.get(kind)));
            if !known {
                tracing::warn!(model = %config.model, "no price for this model in [prices]: charging the dearest we know");
            }
            micros(price.picture)
        });
        let key = config.api_key.clone().ok_or(SetupError::MissingKey {
            provider: "openai",
            env: "OPENAI_API_KEY",
            setting: "openai.api_key",
        })?;
        let endpoint = Endpoint {
            service: "OpenAI",
            role: "image model",
            model: config.model.clone(),
            base: config.base_url.clone(),
        };
        let remote = Remote::new("openai", endpoint, key, Auth::Bearer, config.timeout, clock)
            .map_err(|e| SetupError::Client(e.to_string()))?;
        Ok(OpenAiImages {
            remote,
            url: format!("{}/v1/images/generations", config.base_url.trim_end_matches('/')),
            model: config.model.clone(),
            size: config.size.clone(),
            price,
        })
    }

    pub fn shared(
        config: &OpenAiConfig,
        prices: &Prices,
        clock: SharedClock,
    ) -> Result<Arc<dyn ImageProvider>, SetupError> {
        Ok(Arc::new(Self::new(config, prices, clock)?))
    }

    /// The model and where it is called, for people.
    pub fn describe(&self) -> String {
        format!("model {} at {}", self.model, self.remote.endpoint.base)
    }

    pub fn request(&self, prompt: &str, kind: SlotKind) -> ImagesRequest {
        ImagesRequest {
            model: self.model.clone(),
            prompt: prompt.to_owned(),
            n: 1,
            size: self.size.get(kind).to_owned(),
            response_format: (!self.model.starts_with("gpt-image")).then(|| "b64_json".into()),
        }
    }

    /// One call: the picture's bytes, or why there is none.
    pub async fn paint(&self, prompt: &str, kind: SlotKind) -> Result<Vec<u8>, Failure> {
        let answer: ImagesResponse = self.remote.post(&self.url, &self.request(prompt, kind)).await?;
        let Some(item) = answer.data.into_iter().next() else {
            return Err(Failure::Blocked("the OpenAI server answered with no picture".into()));
        };
        let Some(b64) = item.b64_json else {
            return Err(Failure::Rejected(if item.url.is_some() {
                "the OpenAI server answered with a URL instead of b64_json: it ignores response_format".into()
            } else {
                "the OpenAI server answered with neither b64_json nor url".into()
            }));
        };
        let bytes = super::decode_base64(&b64)
            .ok_or_else(|| Failure::BadAnswer("the OpenAI server's b64_json is not valid base64".into()))?;
        if super::sniff(&bytes).is_none() {
            return Err(Failure::BadAnswer(
                "the OpenAI server's b64_json is not a PNG, JPEG or WebP picture".into(),
            ));
        }
        Ok(bytes)
    }
}

#[async_trait]
impl ImageProvider for OpenAiImages {
    fn name(&self) -> &'static str {
        "openai"
    }

    fn estimate(&self, kind: SlotKind) -> i64 {
        self.price[kind as usize]
    }

    /// A picture is billed at the configured price for its size; an answer without one is not.
    async fn generate(&self, request: &ImageRequest) -> Call {
        let started = Instant::now();
        let kind = request.slot.kind;
        match self.paint(&request.prompt, kind).await {
            Ok(bytes) => Call {
                result: Ok(super::remote::received("openai", request, started, bytes)),
                bill: Some(Bill {
                    model: self.model.clone(),
                    usage: None,
                    micros: self.estimate(kind),
                }),
            },
            Err(failure) => Err(failure.into()).into(),
        }
    }
}
