//! The work itself: creating cases and painting their pictures, slot by slot, resumably.

pub mod cases;
mod gate;
mod jobs;
pub mod prompts;
mod spend;

use std::sync::Arc;

use chrono::NaiveDate;

use crate::casegen::CaseGenError;
use crate::casegen::{CaseCounts, CaseGenerator};
use crate::clock::SharedClock;
use crate::config::{DailyConfig, PipelineConfig};
use crate::domain::{Case, Slot, SlotKind};
use crate::images::ImageStore;
use crate::providers::ProviderError;
use crate::providers::{ImageProvider, Subject};
use crate::scheduler::{Job, JobError, Queue, Registry};
use crate::store::{SharedStore, StoreError};

pub use cases::Created;
pub use jobs::{DailyCase, GenerateCaseImages};
pub use spend::SpendReport;

/// What jobs run with, given by the worker: the services, the clock, the metrics and the settings. The
/// same environment serves the use cases the front door shares with jobs (`cases`, the budget in
/// `spend`); the edges never see it.
pub struct Environment {
    pub store: SharedStore,
    /// The only way to queue follow-up work.
    pub queue: Queue,
    pub images: Arc<dyn ImageStore>,
    pub provider: Arc<dyn ImageProvider>,
    /// Who paints what `provider` will not, in order (`pipeline.fallback`).
    pub fallbacks: Vec<Arc<dyn ImageProvider>>,
    pub casegen: Arc<dyn CaseGenerator>,
    pub clock: SharedClock,
    pub config: PipelineConfig,
    pub counts: CaseCounts,
    pub metrics: Arc<crate::metrics::Metrics>,
    /// The configured daily budget in micro-dollars (`budget.daily_usd`); a moderator's stored one wins.
    pub daily_budget: Option<i64>,
    /// Painting the daily case ahead of its date.
    pub daily: DailyConfig,
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("case {0:?} not found")]
    CaseNotFound(String),
    #[error("the date {0} is outside 2000-01-01..9999-12-31")]
    DateOutOfRange(NaiveDate),
    #[error("case {0:?} already exists")]
    CaseExists(String),
    #[error("invalid case id {0:?}: use 1-64 characters of a-z, 0-9 and -")]
    BadCaseId(String),
    #[error("no case exists yet")]
    NoCases,
    #[error("case {case:?} has no slot {slot}")]
    NoSuchSlot { case: String, slot: Slot },
    #[error("job {job} is already queued or running for case {case:?}; ask for the repaint when it ends")]
    Busy { case: String, job: String },
    /// A paid call the daily budget cannot hold: nothing was called; try again at `resume_at_ms`.
    #[error("{message}")]
    BudgetSpent { message: String, resume_at_ms: i64 },
    #[error(transparent)]
    CaseGen(#[from] crate::casegen::CaseGenError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How a job ends when the pipeline meets this error: the one place pipeline errors become job errors.
impl From<PipelineError> for JobError {
    fn from(e: PipelineError) -> Self {
        match e {
            PipelineError::CaseGen(e) => e.into(),
            PipelineError::Store(e) => e.into(),
            PipelineError::BudgetSpent { message, resume_at_ms } => JobError::Pause {
                kind: crate::domain::PauseKind::Budget,
                message,
                at_ms: resume_at_ms,
            },
            e @ (PipelineError::DateOutOfRange(_)
            | PipelineError::BadCaseId(_)
            | PipelineError::CaseNotFound(_)
            | PipelineError::NoSuchSlot { .. }) => JobError::Permanent(e.to_string()),
            e @ (PipelineError::CaseExists(_) | PipelineError::NoCases | PipelineError::Busy { .. }) => {
                JobError::Retry(e.to_string())
            }
        }
    }
}

impl From<CaseGenError> for JobError {
    fn from(e: CaseGenError) -> Self {
        match e {
            CaseGenError::Remote(e) => e.into(),
            e @ CaseGenError::Unsupported(_) => JobError::Permanent(e.to_string()),
            e @ (CaseGenError::Invalid(_) | CaseGenError::Provider(_) | CaseGenError::NoValidCase { .. }) => {
                JobError::Retry(e.to_string())
            }
        }
    }
}

/// A provider's failure that ends the attempt: a rejected key stops the job, a spent quota pauses it until
/// it resets, anything else is worth another attempt.
impl From<ProviderError> for JobError {
    fn from(e: ProviderError) -> Self {
        match e {
            ProviderError::JobFatal(message) => JobError::Permanent(message),
            ProviderError::QuotaExhausted { message, resume_at_ms } => JobError::Pause {
                kind: crate::domain::PauseKind::Quota,
                message,
                at_ms: resume_at_ms,
            },
            e @ (ProviderError::Retryable { .. }
            | ProviderError::Throttled { .. }
            | ProviderError::SlotFinal(_)
            | ProviderError::Refused(_)) => JobError::Retry(e.to_string()),
        }
    }
}

/// The store failed under a job: a record that is gone ends it, a lost lease leaves it to its new owner,
/// anything else (the store is down) is worth another attempt.
impl From<StoreError> for JobError {
    fn from(e: StoreError) -> Self {
        match e {
            e @ StoreError::NotFound { .. } => JobError::Permanent(e.to_string()),
            e @ StoreError::LeaseLost(_) => JobError::Interrupted(e.to_string()),
            e => JobError::Retry(e.to_string()),
        }
    }
}

/// Registers every job type, with the recurring crons from configuration. The one place tasks are named.
pub fn register_jobs(
    env: Arc<Environment>,
    tasks: &std::collections::BTreeMap<String, crate::config::TaskConfig>,
) -> Result<Registry, String> {
    let cron = |name: &str| tasks.get(name).and_then(|t| t.cron.clone());
    let mut r = Registry::new();
    r.register::<GenerateCaseImages>(env.clone(), cron(GenerateCaseImages::NAME));
    r.register::<DailyCase>(env, cron(DailyCase::NAME));
    if let Some(unknown) = tasks.keys().find(|k| r.get(k).is_none()) {
        return Err(format!(
            "configuration names an unknown task {unknown:?} (known: {})",
            r.names().join(", ")
        ));
    }
    Ok(r)
}

pub use crate::domain::date::in_range as case_date_in_range;

/// The id of the daily case of a date.
pub fn daily_case_id(date: NaiveDate) -> String {
    format!("case-{}", date.format("%Y-%m-%d"))
}

pub(crate) fn day_number(date: NaiveDate) -> u64 {
    (date - NaiveDate::default()).num_days().max(0) as u64
}

/// The case data a slot pictures.
pub fn subject(case: &Case, slot: Slot) -> Option<Subject> {
    Some(match slot.kind {
        SlotKind::Location => Subject::Location(case.locations.get(slot.index)?.clone()),
        SlotKind::Suspect => Subject::Suspect(case.suspects.get(slot.index)?.clone()),
        SlotKind::Evidence => Subject::Evidence(case.evidence.get(slot.index)?.clone()),
    })
}
