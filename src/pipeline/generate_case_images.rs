//! The `generate-case-images` job: paints every missing picture of one case.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::Pipeline;
use crate::domain::JobRecord;
use crate::scheduler::{Job, JobContext, JobError};

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

    async fn on_failed(&self, _job: &JobRecord, data: ImagesData, error: &str) {
        self.0.fail_status(&data.case_id, error).await;
    }
}
