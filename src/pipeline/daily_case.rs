//! The `daily-case-generation` job: creates the day's case and queues its pictures.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Pipeline, PipelineError};
use crate::domain::StatusState;
use crate::scheduler::{Job, JobContext, JobError};

/// `date` (YYYY-MM-DD) picks the day; without it, the day of the cron occurrence that fired the job,
/// or today.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DailyCaseData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

pub struct DailyCase(pub Arc<Pipeline>);

#[async_trait]
impl Job for DailyCase {
    const NAME: &'static str = "daily-case-generation";
    const MAX_ATTEMPTS: u32 = 5;
    type Data = DailyCaseData;

    async fn run(&self, ctx: &JobContext, data: DailyCaseData) -> Result<(), JobError> {
        let p = &self.0;
        let at = ctx.job.occurrence.unwrap_or_else(|| p.clock.now_ms());
        let date = data.date.unwrap_or_else(|| {
            chrono::DateTime::from_timestamp_millis(at)
                .unwrap_or_default()
                .date_naive()
        });
        // A remote case model may take its time and retry; a cancel or a lost lease stops it mid-call.
        let created = tokio::select! {
            created = p.create_case(Some(date)) => created,
            _ = ctx.cancel.cancelled() => {
                return Err(JobError::Interrupted("stopped while the case was being written".into()));
            }
        };
        match created {
            Ok(created) => {
                tracing::info!(case.id = %created.case.id, job.id = %created.job_id, "daily case created");
                Ok(())
            }
            // Ran before (an earlier attempt, or a moderator): make sure its pictures are coming.
            Err(PipelineError::CaseExists(id)) => {
                let done = matches!(p.store.get_status(&id).await, Ok(Some(s)) if s.status == StatusState::Completed);
                if !done {
                    p.queue_images(&id).await?;
                }
                Ok(())
            }
            // A remote case model's spent quota pauses the job, a rejected key stops it (`From<PipelineError>`).
            Err(e) => Err(e.into()),
        }
    }
}
