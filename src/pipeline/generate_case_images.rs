//! The `generate-case-images` job: paints every missing picture of one case.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::Pipeline;
use crate::domain::StatusState;
use crate::scheduler::{Job, JobContext, JobEnd, JobError};
use crate::store::CaseRecords;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImagesData {
    pub case_id: String,
}

pub struct GenerateCaseImages(pub Arc<Pipeline>);

#[async_trait]
impl Job for GenerateCaseImages {
    const NAME: &'static str = "generate-case-images";
    const MAX_ATTEMPTS: u32 = 5;
    type Data = ImagesData;

    async fn run(&self, ctx: &JobContext, data: ImagesData) -> Result<(), JobError> {
        self.0.paint(&data.case_id, ctx).await.map(|_| ())
    }

    fn records_of(&self, data: &ImagesData) -> Option<String> {
        Some(data.case_id.clone())
    }

    /// The status record follows the job: completed, failed (with why, and whether a moderator
    /// cancelled it), or waiting until its next run (with when and why).
    fn record_end(&self, end: &JobEnd, records: &mut CaseRecords, now_ms: i64) {
        if records.case.is_none() {
            return;
        }
        let Some(status) = records.status.as_mut() else {
            return;
        };
        if status.status.is_final() {
            return;
        }
        match end {
            JobEnd::Completed => status.finish(StatusState::Completed, None, now_ms),
            JobEnd::Failed(error) => status.finish(StatusState::Failed, Some(error.clone()), now_ms),
            JobEnd::Cancelled => {
                status.finish(StatusState::Failed, Some("cancelled by a moderator".into()), now_ms);
                status.cancelled = true;
            }
            JobEnd::Requeued { at_ms, reason } => {
                status.paused_until = Some(*at_ms);
                status.paused_reason = Some(reason.clone());
                status.updated_at = now_ms;
            }
        }
    }
}
