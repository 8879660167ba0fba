//! The use cases the front door shares with the jobs: writing a case with its image job, and queueing
//! the painting (or a moderator's repaint) of a case's pictures.

use chrono::NaiveDate;

use super::{Environment, GenerateCaseImages, PipelineError, case_date_in_range, daily_case_id, day_number, spend};
use crate::casegen::CaseRequest;
use crate::domain::history::Origin;
use crate::domain::{Case, ImageStatus, Slot};
use crate::store::{CaseRecords, StoreError};

/// A new case and the job that paints it.
#[derive(Debug, Clone)]
pub struct Created {
    pub case: Case,
    pub job_id: String,
}

/// Creates a case and queues its pictures in one atomic step. With a date, it is that date's daily
/// case (`case-YYYY-MM-DD`, seeded by the date); without, a new case with a unique id. With
/// `batch_until` (Unix ms), its pictures go to the provider's batch until then, and what is still
/// missing is painted live.
pub async fn create(
    env: &Environment,
    date: Option<NaiveDate>,
    batch_until: Option<i64>,
    by: Origin,
) -> Result<Created, PipelineError> {
    if let Some(d) = date
        && !case_date_in_range(d)
    {
        return Err(PipelineError::DateOutOfRange(d));
    }
    let now = env.clock.now_ms();
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
        counts: env.counts,
        created_at: now,
    };
    // A paid case writer holds its most against the budget; each call it made is settled after.
    let held = env.reserve_micros(env.casegen.estimate()).await?;
    let bills = crate::casegen::Bills::default();
    let generated = env.casegen.generate(&request, &bills).await;
    let settles = env.settles_of_case(held, bills, &id);
    let case = match generated.map_err(PipelineError::from).and_then(|case| {
        case.validate()
            .map_err(|e| crate::casegen::CaseGenError::from(e).into())
            .map(|()| case)
    }) {
        Ok(case) => case,
        Err(e) => {
            env.settle_case_alone(&id, &settles).await;
            return Err(e);
        }
    };
    let job = env.queue.job(
        &GenerateCaseImages {
            case_id: id.clone(),
            batch_until,
        },
        by,
    );
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
    let enqueued = match env.queue.enqueue(job.clone(), Some((&id, &insert))).await {
        Err(StoreError::Conflict(_)) => {
            env.settle_case_alone(&id, &settles).await;
            return Err(PipelineError::CaseExists(id));
        }
        other => other?,
    };
    if !enqueued.created {
        // A job for this id was already active, so the case was not written by us.
        env.settle_case_alone(&id, &settles).await;
        return Err(PipelineError::CaseExists(id));
    }
    for settle in &settles {
        env.count(settle);
    }
    tracing::info!(case.id = %id, job.id = %enqueued.id, "case created");
    Ok(Created {
        case,
        job_id: enqueued.id,
    })
}

/// Queues the painting of a case's missing pictures, or returns the job already queued or running.
/// With `repaint` (a moderator's), the job paints these slots again, finished or not, along with
/// anything missing; the case keeps its current pictures until the new ones replace them. A repaint
/// is refused while a job for the case is queued or running, since that job would not repaint them.
pub async fn queue(env: &Environment, case_id: &str, repaint: &[Slot], by: Origin) -> Result<String, PipelineError> {
    if !crate::ids::is_valid_case_id(case_id) {
        return Err(PipelineError::BadCaseId(case_id.to_owned()));
    }
    let case = env
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
    let now = env.clock.now_ms();
    let job = env.queue.job(
        &GenerateCaseImages {
            case_id: case_id.to_owned(),
            batch_until: None,
        },
        by,
    );
    let reset = |r: &mut CaseRecords| {
        let case = r.case.as_ref().unwrap_or(&case);
        let mut status = ImageStatus::pending_for(case, Some(job.id.clone()), now);
        // The case's cost so far, and who painted the pictures it keeps, carry over to the new run's record.
        if let Some(earlier) = r.status.as_ref() {
            status.cost_usd = earlier.cost_usd;
            status.carry_sources(earlier);
        }
        for slot in repaint {
            status.reopen(*slot);
        }
        r.status = Some(status);
        Ok(())
    };
    let enqueued = env.queue.enqueue(job.clone(), Some((case_id, &reset))).await?;
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
