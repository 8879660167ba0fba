//! Image providers: the `ImageProvider` trait, the procedural art, Gemini and OpenAI-compatible models,
//! and the one retry policy they share.

pub mod gemini;
pub mod journal;
pub mod openai;
pub mod procedural;
pub mod remote;
pub mod retry;

use std::time::Duration;

use async_trait::async_trait;
use base64::Engine;

use crate::domain::{Evidence, Location, Slot, SlotKind, Suspect, Usage};

pub use gemini::GeminiImages;
pub use openai::OpenAiImages;
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
    /// 0 for a slot's first painting; a moderator's repaint sets another value so the procedural
    /// renderer paints a new take. Remote models ignore it.
    pub take: u64,
}

/// Pictures and their formats belong to the image store's module; providers hand them over.
pub use crate::images::{Picture, sniff};

/// Why a picture could not be made, classified by what the caller should do next.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProviderError {
    /// Worth another try: a timeout, a connection error, 408/5xx. `retry_after` is the server's wish.
    #[error("{message}")]
    Retryable {
        message: String,
        retry_after: Option<Duration>,
    },
    /// 429 within a short window: slow down. With `retry_after`, waiting that long costs no attempt.
    #[error("{message}")]
    Throttled {
        message: String,
        retry_after: Option<Duration>,
    },
    /// The model refused this prompt (a block, a safety finish, an answer with text and no picture):
    /// a gentler prompt may pass, else the fallback chain paints the slot.
    #[error("{0}")]
    Refused(String),
    /// This request cannot work as it is (a 400): final for the slot's provider.
    #[error("{0}")]
    SlotFinal(String),
    /// The whole job cannot go on (key rejected, model missing): stop at once, no retries.
    #[error("{0}")]
    JobFatal(String),
    /// A quota that resets at a known time: pause the job until then instead of burning attempts.
    #[error("{message}")]
    QuotaExhausted { message: String, resume_at_ms: i64 },
}

/// What a paid call cost, as the provider prices it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bill {
    pub model: String,
    /// The tokens the answer reported, when it reported them.
    pub usage: Option<Usage>,
    pub micros: i64,
}

/// One call to a provider: its result, and its bill when the provider charges for it (an answer that
/// refused to paint can be billed too).
pub struct Call {
    pub result: Result<Picture, ProviderError>,
    pub bill: Option<Bill>,
}

impl From<Result<Picture, ProviderError>> for Call {
    /// A call that costs nothing.
    fn from(result: Result<Picture, ProviderError>) -> Self {
        Call { result, bill: None }
    }
}

/// Paints pictures.
#[async_trait]
pub trait ImageProvider: Send + Sync {
    fn name(&self) -> &'static str;
    /// What one picture of `kind` is expected to cost, in micro-dollars: the amount a call reserves
    /// against the daily budget before it is made. 0 for a provider that costs nothing (no reservation,
    /// no ledger entry).
    fn estimate(&self, _kind: SlotKind) -> i64 {
        0
    }
    async fn generate(&self, request: &ImageRequest) -> Call;
    /// The provider's batch interface, when it has one (Gemini's Batch API): pictures painted within
    /// hours at a lower price.
    fn batch(&self) -> Option<&dyn BatchPainter> {
        None
    }
}

/// What a batch is doing.
pub enum BatchPoll {
    /// Not finished: the provider's state (`BATCH_STATE_RUNNING`...).
    Running(String),
    /// Finished with answers: each requested slot's call, billed at the batch price. A slot the provider
    /// did not answer is missing.
    Answered(Vec<(Slot, Call)>),
    /// Finished without answers (failed, cancelled, expired): the provider's state.
    Ended(String),
}

/// Many pictures in one request, answered within hours at a share of the live price.
#[async_trait]
pub trait BatchPainter: Send + Sync {
    /// The share of the live price a picture costs through a batch.
    fn share(&self) -> f64;
    /// Submits one batch with a request per picture; returns its id. Not idempotent: the caller stores the
    /// id before anything else.
    async fn submit(&self, display_name: &str, requests: &[ImageRequest]) -> Result<String, ProviderError>;
    /// The batch's state, with the answers of `slots` (in the order they were submitted) once it has them.
    async fn poll(&self, id: &str, slots: &[Slot]) -> Result<BatchPoll, ProviderError>;
    /// Asks the provider to stop the batch.
    async fn cancel(&self, id: &str) -> Result<(), ProviderError>;
    /// The id of the batch submitted under `display_name`, if the provider has one.
    async fn find(&self, display_name: &str) -> Result<Option<String>, ProviderError>;
}

/// Why a provider cannot be built from the configuration.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("the {provider} provider needs an API key: set {env} (or {setting} in the config file)")]
    MissingKey {
        provider: &'static str,
        env: &'static str,
        setting: &'static str,
    },
    #[error("cannot build the HTTP client: {0}")]
    Client(String),
}

/// Decodes base64 as servers send it: the standard or URL-safe alphabet, padded or not.
pub(crate) fn decode_base64(data: &str) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let lenient = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let data = data.trim();
    GeneralPurpose::new(&base64::alphabet::STANDARD, lenient)
        .decode(data)
        .or_else(|_| GeneralPurpose::new(&base64::alphabet::URL_SAFE, lenient).decode(data))
        .ok()
}
