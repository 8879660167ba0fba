//! The work itself: creating cases and painting their pictures, slot by slot, resumably.

mod batch;
mod daily_case;
mod gate;
mod generate_case_images;
pub mod prompts;
mod spend;

use std::sync::Arc;

use chrono::NaiveDate;

use crate::casegen::CaseGenError;
use crate::casegen::{CaseCounts, CaseGenerator, CaseRequest};
use crate::clock::SharedClock;
use crate::config::{DailyConfig, PipelineConfig};
use crate::domain::{Case, ImageStatus, NewJob, Slot, SlotKind};
use crate::images::ImageStore;
use crate::providers::ProviderError;
use crate::providers::{ImageProvider, Subject};
use crate::scheduler::{Job, JobError, Registry};
use crate::store::{CaseRecords, SharedStore, StoreError};

pub use daily_case::{DailyCase, DailyCaseData};
pub use generate_case_images::{GenerateCaseImages, ImagesData, PaintSummary};
pub use spend::SpendReport;

/// The services the jobs and the front ends work with.
pub struct Pipeline {
    pub store: SharedStore,
    pub images: Arc<dyn ImageStore>,
    pub provider: Arc<dyn ImageProvider>,
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
            e @ (ProviderError::Retryable { .. } | ProviderError::Throttled { .. } | ProviderError::SlotFinal(_)) => {
                JobError::Retry(e.to_string())
            }
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

/// A new case and the job that paints it.
#[derive(Debug, Clone)]
pub struct Created {
    pub case: Case,
    pub job_id: String,
}

/// Registers every job type, with the recurring crons from configuration. The one place tasks are named.
pub fn register_jobs(
    pipeline: Arc<Pipeline>,
    tasks: &std::collections::BTreeMap<String, crate::config::TaskConfig>,
) -> Result<Registry, String> {
    let cron = |name: &str| tasks.get(name).and_then(|t| t.cron.clone());
    let mut r = Registry::new();
    r.register(
        Arc::new(GenerateCaseImages(pipeline.clone())),
        cron(GenerateCaseImages::NAME),
    );
    r.register(Arc::new(DailyCase(pipeline)), cron(DailyCase::NAME));
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

/// The idempotency key of a case's image job: one queued or running job per case.
pub fn images_job_key(case_id: &str) -> String {
    format!("{}:{case_id}", GenerateCaseImages::NAME)
}

fn day_number(date: NaiveDate) -> u64 {
    (date - NaiveDate::default()).num_days().max(0) as u64
}

impl Pipeline {
    fn images_job(&self, case_id: &str, batch_until: Option<i64>) -> NewJob {
        NewJob {
            id: crate::ids::job_id(self.clock.now_ms()),
            name: GenerateCaseImages::NAME.into(),
            data: serde_json::json!(ImagesData {
                case_id: case_id.to_owned(),
                batch_until,
            }),
            run_at: self.clock.now_ms(),
            key: Some(images_job_key(case_id)),
            max_attempts: GenerateCaseImages::MAX_ATTEMPTS,
            schedule_id: None,
            occurrence: None,
        }
    }

    /// Creates a case and queues its pictures in one atomic step. With a date, it is that date's daily
    /// case (`case-YYYY-MM-DD`, seeded by the date); without, a new case with a unique id.
    pub async fn create_case(&self, date: Option<NaiveDate>) -> Result<Created, PipelineError> {
        self.create(date, None).await
    }

    /// Creates the daily case of a coming `date` and queues its pictures for the provider's batch, until
    /// `batch_until` (Unix ms), when what is still missing is painted live.
    pub async fn create_ahead(&self, date: NaiveDate, batch_until: i64) -> Result<Created, PipelineError> {
        self.create(Some(date), Some(batch_until)).await
    }

    async fn create(&self, date: Option<NaiveDate>, batch_until: Option<i64>) -> Result<Created, PipelineError> {
        if let Some(d) = date
            && !case_date_in_range(d)
        {
            return Err(PipelineError::DateOutOfRange(d));
        }
        let now = self.clock.now_ms();
        let (id, date, seed) = match date {
            Some(d) => (daily_case_id(d), d, day_number(d)),
            None => {
                let today = chrono::DateTime::from_timestamp_millis(now)
                    .unwrap_or_default()
                    .date_naive();
                (
                    format!("{}-{}", daily_case_id(today), crate::ids::case_suffix()),
                    today,
                    rand::random::<u64>(),
                )
            }
        };
        let request = CaseRequest {
            id: id.clone(),
            date: date.format("%Y-%m-%d").to_string(),
            seed,
            counts: self.counts,
            created_at: now,
        };
        // A paid case writer holds its most against the budget; each call it made is settled after.
        let held = self.reserve_micros(self.casegen.estimate()).await?;
        let bills = crate::casegen::Bills::default();
        let generated = self.casegen.generate(&request, &bills).await;
        let settles = self.settles_of_case(held, bills, &id);
        let case = match generated.map_err(PipelineError::from).and_then(|case| {
            case.validate()
                .map_err(|e| crate::casegen::CaseGenError::from(e).into())
                .map(|()| case)
        }) {
            Ok(case) => case,
            Err(e) => {
                self.settle_case_alone(&id, &settles).await;
                return Err(e);
            }
        };
        let job = self.images_job(&id, batch_until);
        // The record names its job from the start: case, record and job are written in one step.
        let insert = |r: &mut CaseRecords| {
            if r.case.is_some() {
                return Err(StoreError::Conflict(format!("case {id:?} already exists")));
            }
            r.status = Some(ImageStatus::pending_for(&case, Some(job.id.clone()), now));
            r.case = Some(case.clone());
            for settle in &settles {
                spend::add_to_records(r, settle);
            }
            Ok(())
        };
        let enqueued = match self.store.enqueue(job.clone(), Some((&id, &insert))).await {
            Err(StoreError::Conflict(_)) => {
                self.settle_case_alone(&id, &settles).await;
                return Err(PipelineError::CaseExists(id));
            }
            other => other?,
        };
        if !enqueued.created {
            // A job for this id was already active, so the case was not written by us.
            self.settle_case_alone(&id, &settles).await;
            return Err(PipelineError::CaseExists(id));
        }
        for settle in &settles {
            self.count(settle);
        }
        tracing::info!(case.id = %id, job.id = %enqueued.id, "case created");
        Ok(Created {
            case,
            job_id: enqueued.id,
        })
    }

    /// Queues the painting of a case's missing pictures, or returns the job already queued or running.
    pub async fn queue_images(&self, case_id: &str) -> Result<String, PipelineError> {
        self.queue(case_id, &[]).await
    }

    /// A moderator's repaint: queues a job that paints these slots again, finished or not, along with
    /// anything missing. The case keeps its current pictures until the new ones replace them. Refused
    /// while a job for the case is queued or running, since that job would not repaint them.
    pub async fn repaint(&self, case_id: &str, slots: &[Slot]) -> Result<String, PipelineError> {
        self.queue(case_id, slots).await
    }

    async fn queue(&self, case_id: &str, repaint: &[Slot]) -> Result<String, PipelineError> {
        if !crate::ids::is_valid_case_id(case_id) {
            return Err(PipelineError::BadCaseId(case_id.to_owned()));
        }
        let case = self
            .store
            .get_case(case_id)
            .await?
            .ok_or_else(|| PipelineError::CaseNotFound(case_id.to_owned()))?;
        let slots = case.slots();
        if let Some(slot) = repaint.iter().find(|s| !slots.contains(s)) {
            return Err(PipelineError::NoSuchSlot {
                case: case_id.to_owned(),
                slot: *slot,
            });
        }
        let now = self.clock.now_ms();
        let job = self.images_job(case_id, None);
        let reset = |r: &mut CaseRecords| {
            let case = r.case.as_ref().unwrap_or(&case);
            let mut status = ImageStatus::pending_for(case, Some(job.id.clone()), now);
            // The case's cost so far carries over to the new run's record.
            status.cost_usd = r.status.as_ref().map_or(0.0, |s| s.cost_usd);
            for slot in repaint {
                status.reopen(*slot);
            }
            r.status = Some(status);
            Ok(())
        };
        let enqueued = self.store.enqueue(job.clone(), Some((case_id, &reset))).await?;
        if !enqueued.created && !repaint.is_empty() {
            return Err(PipelineError::Busy {
                case: case_id.to_owned(),
                job: enqueued.id,
            });
        }
        if enqueued.created {
            tracing::info!(case.id = %case_id, job.id = %enqueued.id, slots.repaint = repaint.len(), "image generation queued");
        }
        Ok(enqueued.id)
    }
}

/// The case data a slot pictures.
pub fn subject(case: &Case, slot: Slot) -> Option<Subject> {
    Some(match slot.kind {
        SlotKind::Location => Subject::Location(case.locations.get(slot.index)?.clone()),
        SlotKind::Suspect => Subject::Suspect(case.suspects.get(slot.index)?.clone()),
        SlotKind::Evidence => Subject::Evidence(case.evidence.get(slot.index)?.clone()),
    })
}
