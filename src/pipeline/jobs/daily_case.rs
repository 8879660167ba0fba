//! The `daily-case-generation` job: creates the day's case and queues its pictures; with painting ahead,
//! the coming days' cases too, their pictures sent to the provider's batch.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::StatusState;
use crate::domain::history::Origin;
use crate::pipeline::{Environment, PipelineError, cases};
use crate::scheduler::{Job, JobContext, JobError};

/// The payload, as stored: `{"date": "YYYY-MM-DD"}` picks the day; `{}` the day of the cron occurrence
/// that fired the job, or today.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DailyCase {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

#[async_trait]
impl Job for DailyCase {
    const NAME: &'static str = "daily-case-generation";
    const MAX_ATTEMPTS: u32 = 5;
    type Env = Arc<Environment>;

    async fn run(&self, env: Arc<Environment>, ctx: &JobContext) -> Result<(), JobError> {
        let p = &*env;
        let at = ctx.job.occurrence.unwrap_or_else(|| p.clock.now_ms());
        let today = date_of(at);
        // With painting ahead, the run makes the coming days' cases too (today's only when it is missing,
        // as on a first start); each coming one is painted by a batch until its deadline.
        let dates: Vec<NaiveDate> = match self.date {
            Some(date) => vec![date],
            None if p.daily.paint_ahead.is_zero() => vec![today],
            None => {
                let last = date_of(at + p.daily.paint_ahead.as_millis() as i64);
                today.iter_days().take_while(|d| *d <= last).collect()
            }
        };
        for date in dates {
            ensure(p, date, today, ctx).await?;
        }
        Ok(())
    }
}

/// Creates the case of `date` unless it exists, and makes sure its pictures are coming: through the
/// provider's batch for a coming date while its deadline is ahead, else live.
async fn ensure(p: &Environment, date: NaiveDate, today: NaiveDate, ctx: &JobContext) -> Result<(), JobError> {
    let starts = date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp_millis();
    let batch_until = Some(starts - p.daily.batch_deadline.as_millis() as i64)
        .filter(|until| date > today && *until > p.clock.now_ms());
    // A remote case model may take its time and retry; a cancel or a lost lease stops it mid-call.
    let create = async { cases::create(p, Some(date), batch_until, Origin::Job).await };
    let created = tokio::select! {
        created = create => created,
        _ = ctx.cancel.cancelled() => {
            return Err(JobError::Interrupted("stopped while the case was being written".into()));
        }
    };
    match created {
        Ok(created) => {
            tracing::info!(case.id = %created.case.id, job.id = %created.job_id, batch = batch_until.is_some(), "daily case created");
            Ok(())
        }
        // Ran before (an earlier attempt, or a moderator): make sure its pictures are coming.
        Err(PipelineError::CaseExists(id)) => {
            let done = matches!(p.store.get_status(&id).await, Ok(Some(s)) if s.status == StatusState::Completed);
            if !done {
                cases::queue(p, &id, &[], Origin::Job).await?;
            }
            Ok(())
        }
        // A remote case model's spent quota pauses the job, a rejected key stops it (`From<PipelineError>`).
        Err(e) => Err(e.into()),
    }
}

/// The UTC date of a Unix ms time.
fn date_of(ms: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .date_naive()
}
