//! The procedural case writer (the `case-writer` crate) as a case generator: no model, no network.

use async_trait::async_trait;

use super::{Bills, CaseGenError, CaseGenerator, CaseRequest};
use crate::domain::Case;

/// Writes cases from the word tables, deterministically, in microseconds.
pub struct ProceduralCases;

#[async_trait]
impl CaseGenerator for ProceduralCases {
    fn name(&self) -> &'static str {
        "procedural"
    }

    async fn generate(&self, request: &CaseRequest, _bills: &Bills) -> Result<Case, CaseGenError> {
        Ok(case_writer::write(request)?)
    }
}

impl From<case_writer::WriteError> for CaseGenError {
    fn from(e: case_writer::WriteError) -> Self {
        match e {
            case_writer::WriteError::Unsupported(m) => CaseGenError::Unsupported(m),
            case_writer::WriteError::Invalid(e) => CaseGenError::Invalid(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CaseCounts;

    #[tokio::test]
    async fn the_generator_is_named_procedural_and_writes_what_the_writer_writes() {
        let request = CaseRequest {
            id: "case-20420".into(),
            date: "2025-11-27".into(),
            seed: 20_420,
            counts: CaseCounts::default(),
            created_at: 0,
        };
        assert_eq!(ProceduralCases.name(), "procedural");
        assert_eq!(
            ProceduralCases
                .generate(&request, &Bills::default())
                .await
                .expect("a case"),
            case_writer::write(&request).expect("a case")
        );
    }
}
