//! The `daily-case-generation` job: creates the day's case and queues its pictures.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Pipeline, PipelineError};
use crate::casegen::CaseGenError;
use crate::domain::StatusState;
use crate::providers::ProviderError;
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
        match p.create_case(Some(date)).await {
            Ok(created) => {
                tracing::info!(case.id = %created.case.id, job.id = %created.job_id, "daily case created");
                Ok(())
            }
            // Ran before (an earlier attempt, or a moderator): make sure its pictures are coming.
            Err(PipelineError::CaseExists(id)) => {
                let done = matches!(p.store.get_status(&id).await, Ok(Some(s)) if s.status == StatusState::Completed);
                if !done {
                    p.queue_images(&id).await.map_err(|e| JobError::Retry(e.to_string()))?;
                }
                Ok(())
            }
            // A remote case model's daily quota or rejected key: pause or stop instead of burning attempts.
            Err(PipelineError::CaseGen(CaseGenError::Remote(ProviderError::QuotaExhausted {
                message,
                resume_at_ms,
            }))) => Err(JobError::Pause {
                message,
                at_ms: resume_at_ms,
            }),
            Err(PipelineError::CaseGen(CaseGenError::Remote(ProviderError::JobFatal(message)))) => {
                Err(JobError::Permanent(message))
            }
            Err(e @ PipelineError::DateOutOfRange(_)) => Err(JobError::Permanent(e.to_string())),
            Err(e) => Err(JobError::Retry(e.to_string())),
        }
    }
}
