//! Case generators: the `CaseGenerator` trait and its implementations.

pub mod gemini;
pub mod procedural;

use async_trait::async_trait;

use crate::domain::{Case, CaseError};
pub use crate::domain::{CaseCounts, CaseRequest};
use crate::providers::ProviderError;

pub use gemini::GeminiCases;
pub use procedural::ProceduralCases;

#[derive(Debug, thiserror::Error)]
pub enum CaseGenError {
    #[error("the generated case is invalid: {0}")]
    Invalid(#[from] CaseError),
    #[error("cannot generate this case: {0}")]
    Unsupported(String),
    #[error("case provider failed: {0}")]
    Provider(String),
    /// A remote model's error, classified by the retry policy (a paused quota, a rejected key...).
    #[error("case provider failed: {0}")]
    Remote(ProviderError),
    #[error("the case model gave no valid case in {attempts} calls; the last problem: {last}")]
    NoValidCase { attempts: u32, last: String },
}

/// The bills of the paid calls one case took, whatever became of it.
pub type Bills = std::sync::Mutex<Vec<crate::providers::Bill>>;

/// Makes the text of a case. Implementations must return a case that passes `Case::validate`.
#[async_trait]
pub trait CaseGenerator: Send + Sync {
    fn name(&self) -> &'static str;
    /// The most one case may cost, in micro-dollars (every try at its expected price): what is held
    /// against the daily budget before it is written. 0 for a writer that costs nothing.
    fn estimate(&self) -> i64 {
        0
    }
    /// Writes a case; each paid call's bill goes into `bills`, answered or not.
    async fn generate(&self, request: &CaseRequest, bills: &Bills) -> Result<Case, CaseGenError>;
}
