//! Image providers: the `ImageProvider` trait, the procedural art, and how provider errors are classified.

pub mod journal;
pub mod procedural;

use std::time::Duration;

use async_trait::async_trait;

use crate::domain::{Evidence, Location, Slot, Suspect};

pub use procedural::ProceduralArt;

/// The thing a slot pictures, with all the case data a provider may draw on.
#[derive(Debug, Clone)]
pub enum Subject {
    Location(Location),
    Suspect(Suspect),
    Evidence(Evidence),
}

/// One picture to make.
#[derive(Debug, Clone)]
pub struct ImageRequest {
    pub case_id: String,
    pub slot: Slot,
    /// The text prompt for a model (built by the pipeline from the case data).
    pub prompt: String,
    pub subject: Subject,
}

/// A picture as a provider hands it over.
pub enum Picture {
    /// Encoded bytes (PNG, JPEG, WebP...) as a remote model returns them; the magic bytes decide the type.
    Encoded(Vec<u8>),
    /// Raw pixels, as a local renderer makes them (saves an encode and decode).
    Pixels(image::RgbImage),
}

/// Why a picture could not be made, classified by what the caller should do next.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProviderError {
    /// Worth another try: a timeout, a connection error, 408/429/5xx. `retry_after` is the server's wish.
    #[error("{message}")]
    Retryable {
        message: String,
        retry_after: Option<Duration>,
    },
    /// This slot cannot be painted (blocked prompt, 400): record it as the slot's final error.
    #[error("{0}")]
    SlotFinal(String),
    /// The whole job cannot go on (key rejected, model missing): stop at once, no retries.
    #[error("{0}")]
    JobFatal(String),
    /// A quota that resets at a known time: pause the job until then instead of burning attempts.
    #[error("{message}")]
    QuotaExhausted { message: String, resume_at_ms: i64 },
}

/// Paints pictures.
#[async_trait]
pub trait ImageProvider: Send + Sync {
    fn name(&self) -> &'static str;
    async fn generate(&self, request: &ImageRequest) -> Result<Picture, ProviderError>;
}
