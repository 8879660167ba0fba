//! Painting ahead at batch price: the image job of a case created ahead of its date submits its
//! missing pictures as one batch, stores the batch on the status record before it polls, and comes back
//! to poll it (a pause between polls, so no worker is held for the hours a batch takes). Answers are
//! recorded as live ones are; what the batch does not paint by its deadline, or at all, is painted live.

use tokio_util::sync::CancellationToken;

use super::{encode, record_slot, save_picture};
use crate::domain::history::{Event, Journal};
use crate::domain::{BatchRecord, Case, ImageStatus, Slot, SlotOutcome};
use crate::pipeline::spend::Held;
use crate::pipeline::{Environment, prompts, subject};
use crate::providers::{BatchPainter, BatchPoll, Call, ImageRequest, ProviderError};
use crate::scheduler::JobError;
use crate::store::CaseRecords;

/// What the batch step leaves the job to do.
pub(super) enum BatchStep {
    /// Come back at `at_ms` to poll (the job pauses; the record says why).
    Wait { at_ms: i64, message: String },
    /// The batch is done with (or there is none to wait for): paint whatever is missing live, starting
    /// with the gentler prompt for the slots whose prompt the batch's model refused.
    Live { refused: Vec<(Slot, String)> },
}

/// Submits, polls or closes the case's batch. `until` is the deadline past which the slots still
/// missing are painted live.
pub(super) async fn batch_step(
    env: &Environment,
    case: &Case,
    status: &ImageStatus,
    todo: &[Slot],
    until: i64,
    cancel: &CancellationToken,
    journal: &Journal,
) -> Result<BatchStep, JobError> {
    let Some(painter) = env.provider.batch() else {
        return Ok(BatchStep::Live { refused: Vec::new() });
    };
    match &status.batch {
        Some(batch) if batch.closed => Ok(BatchStep::Live { refused: Vec::new() }),
        Some(batch) if batch.id.is_empty() => resume_submit(env, painter, case, batch, journal).await,
        None if todo.is_empty() || env.clock.now_ms() >= until => Ok(BatchStep::Live { refused: Vec::new() }),
        None => submit_batch(env, painter, case, todo, until, journal).await,
        Some(batch) => poll_batch(env, painter, case, status, batch, cancel, journal).await,
    }
}

/// Holds the batch's price against today's budget, writes the intent to submit on the status record
/// (with the display name that finds the batch again), then submits it and writes its id.
async fn submit_batch(
    env: &Environment,
    painter: &dyn BatchPainter,
    case: &Case,
    todo: &[Slot],
    until: i64,
    journal: &Journal,
) -> Result<BatchStep, JobError> {
    let share = painter.share();
    let slots: Vec<Slot> = todo.iter().copied().filter(|&s| subject(case, s).is_some()).collect();
    let reserved: Vec<i64> = slots
        .iter()
        .map(|s| (env.provider.estimate(s.kind) as f64 * share).round() as i64)
        .collect();
    let held = env.reserve_micros(reserved.iter().sum()).await?;
    let now = env.clock.now_ms();
    let intent = BatchRecord {
        id: String::new(),
        display_name: format!("sleuths {} {}", case.id, &crate::ids::token()[..12]),
        state: "SUBMITTING".into(),
        submitted_at: now,
        deadline: until,
        slots: slots.iter().map(Slot::key).collect(),
        reserved: if held.is_some() { reserved } else { vec![0; slots.len()] },
        day: held.map_or_else(|| crate::domain::spend::day_of(now), |h| h.day),
        polls: 0,
        closed: false,
    };
    put_batch(env, &case.id, Some(&intent)).await?;
    send_batch(env, painter, case, intent, journal).await
}

/// Submits the batch an intent describes and writes its id. When the provider refuses it, nothing was
/// made: the intent is dropped, its hold given back, and the case painted live. When the answer is
/// lost (a timeout, a 5xx), the batch may exist: the intent stays, and the next run looks for it.
async fn send_batch(
    env: &Environment,
    painter: &dyn BatchPainter,
    case: &Case,
    mut batch: BatchRecord,
    journal: &Journal,
) -> Result<BatchStep, JobError> {
    let requests: Vec<ImageRequest> = batch
        .slots
        .iter()
        .filter_map(|s| Slot::from_key(s))
        .filter_map(|slot| {
            let subject = subject(case, slot)?;
            Some(ImageRequest {
                case_id: case.id.clone(),
                slot,
                prompt: prompts::prompt(&subject),
                subject,
                take: 0,
            })
        })
        .collect();
    match painter.submit(&batch.display_name, &requests).await {
        Ok(id) => {
            let submitted = Event::BatchSubmitted {
                batch: id.clone(),
                requests: requests.len(),
            };
            journal.push(env.clock.now_ms(), submitted);
            batch.id = id;
            batch.state = "SUBMITTED".into();
            put_batch(env, &case.id, Some(&batch)).await?;
            Ok(wait(env, &batch))
        }
        Err(e @ (ProviderError::Retryable { .. } | ProviderError::Throttled { .. })) => Err(e.into()),
        Err(e) => {
            tracing::warn!(case.id = %case.id, error = %e, "the batch was refused; painting live");
            put_batch(env, &case.id, None).await?;
            let held = Held {
                day: batch.day.clone(),
                at: batch.submitted_at,
                micros: batch.reserved.iter().sum(),
            };
            if held.micros > 0 {
                release(env, &case.id, held).await?;
            }
            Ok(BatchStep::Live { refused: Vec::new() })
        }
    }
}

/// A run that stopped between its intent and writing the batch's id: the provider is asked for a batch
/// of that display name first, and only if it has none is the batch submitted (once).
async fn resume_submit(
    env: &Environment,
    painter: &dyn BatchPainter,
    case: &Case,
    batch: &BatchRecord,
    journal: &Journal,
) -> Result<BatchStep, JobError> {
    match painter.find(&batch.display_name).await? {
        Some(id) => {
            tracing::info!(case.id = %case.id, batch.id = %id, "found the batch an earlier run submitted");
            let mut found = batch.clone();
            found.id = id;
            found.state = "SUBMITTED".into();
            put_batch(env, &case.id, Some(&found)).await?;
            Ok(wait(env, &found))
        }
        None => send_batch(env, painter, case, batch.clone(), journal).await,
    }
}

/// Writes the case's batch record (or removes it).
async fn put_batch(env: &Environment, case_id: &str, batch: Option<&BatchRecord>) -> Result<(), JobError> {
    let store = |r: &mut CaseRecords| {
        if let Some(s) = r.status.as_mut() {
            s.batch = batch.cloned();
        }
        Ok(())
    };
    env.store.modify(case_id, &store).await?;
    Ok(())
}

/// Polls the batch once: still running (come back), answered (record each answer), or ended without
/// answers or past its deadline (close it; the rest is painted live).
async fn poll_batch(
    env: &Environment,
    painter: &dyn BatchPainter,
    case: &Case,
    status: &ImageStatus,
    batch: &BatchRecord,
    cancel: &CancellationToken,
    journal: &Journal,
) -> Result<BatchStep, JobError> {
    let slots: Vec<Slot> = batch.slots.iter().filter_map(|s| Slot::from_key(s)).collect();
    let polled = tokio::select! {
        polled = painter.poll(&batch.id, &slots) => polled,
        _ = cancel.cancelled() => return Err(JobError::Interrupted("stopped while polling the batch".into())),
    };
    let poll = match polled {
        Ok(poll) => poll,
        Err(e @ (ProviderError::Retryable { .. } | ProviderError::Throttled { .. }))
            if env.clock.now_ms() < batch.deadline =>
        {
            tracing::warn!(case.id = %case.id, batch.id = %batch.id, error = %e, "batch poll failed; polling again later");
            return Ok(wait(env, batch));
        }
        Err(e) => {
            tracing::warn!(case.id = %case.id, batch.id = %batch.id, error = %e, "batch poll failed; painting live");
            close(env, case, batch, "POLL_FAILED", &[]).await?;
            return Ok(BatchStep::Live { refused: Vec::new() });
        }
    };
    let state = match &poll {
        BatchPoll::Running(state) | BatchPoll::Ended(state) => state.clone(),
        BatchPoll::Answered(_) => "SUCCEEDED".into(),
    };
    let polled = Event::BatchPolled {
        batch: batch.id.clone(),
        state,
    };
    journal.push(env.clock.now_ms(), polled);
    match poll {
        BatchPoll::Running(state) if env.clock.now_ms() < batch.deadline => {
            let mut next = batch.clone();
            next.state = state;
            next.polls += 1;
            put_batch(env, &case.id, Some(&next)).await?;
            Ok(wait(env, &next))
        }
        BatchPoll::Running(state) => {
            tracing::warn!(case.id = %case.id, batch.id = %batch.id, state = %state, "batch past its deadline; cancelling it and painting live");
            if let Err(e) = painter.cancel(&batch.id).await {
                tracing::warn!(batch.id = %batch.id, error = %e, "could not cancel the batch");
            }
            close(env, case, batch, "DEADLINE_PASSED", &[]).await?;
            Ok(BatchStep::Live { refused: Vec::new() })
        }
        BatchPoll::Ended(state) => {
            tracing::warn!(case.id = %case.id, batch.id = %batch.id, state = %state, "batch ended without answers; painting live");
            close(env, case, batch, &state, &[]).await?;
            Ok(BatchStep::Live { refused: Vec::new() })
        }
        BatchPoll::Answered(answers) => {
            let (taken, refused) = take_answers(env, case, status, batch, answers, cancel, journal).await?;
            close(env, case, batch, "SUCCEEDED", &taken).await?;
            Ok(BatchStep::Live { refused })
        }
    }
}

/// Records each picture as a live one is recorded, settled at the batch price. A refused prompt is left
/// to live painting with the gentler prompt, a request the batch could not serve to live painting.
/// Returns the slots whose reservations were settled, and the refused ones with why.
async fn take_answers(
    env: &Environment,
    case: &Case,
    status: &ImageStatus,
    batch: &BatchRecord,
    answers: Vec<(Slot, Call)>,
    cancel: &CancellationToken,
    journal: &Journal,
) -> Result<(Vec<Slot>, Vec<(Slot, String)>), JobError> {
    let mut settled = Vec::new();
    let mut refused = Vec::new();
    for (slot, Call { result, bill }) in answers {
        // Taken by an earlier run that stopped before it closed the batch: recorded and settled then.
        if status.is_finished(slot) {
            settled.push(slot);
            continue;
        }
        let i = batch.slots.iter().position(|s| *s == slot.key());
        let held = i.map(|i| Held {
            day: batch.day.clone(),
            at: batch.submitted_at,
            micros: batch.reserved[i],
        });
        let settle = env.settle(
            &*env.provider,
            held.filter(|h| h.micros > 0),
            bill,
            &case.id,
            Some(slot),
            result.is_ok(),
            true,
        );
        settled.push(slot);
        let outcome = match result {
            Ok(picture) => match encode(picture).await {
                Ok(encoded) => {
                    let url = save_picture(env, &case.id, slot, &encoded, cancel).await?;
                    Some(SlotOutcome::Painted {
                        url,
                        source: env.provider.name().into(),
                        fallback: None,
                    })
                }
                Err(_) => None,
            },
            Err(ProviderError::Refused(message)) => {
                tracing::info!(case.id = %case.id, slot = %slot, error = %message, "the batch's model refused this prompt; asking live, gentler");
                refused.push((slot, message));
                None
            }
            Err(e) => {
                tracing::info!(case.id = %case.id, slot = %slot, error = %e, "the batch did not paint this slot; painting it live");
                None
            }
        };
        match (outcome, settle) {
            (Some(outcome), settle) => {
                record_slot(env, journal, &case.id, slot, &outcome, settle.as_ref(), false).await?
            }
            (None, Some(settle)) => env.settle_alone(&case.id, settle).await?,
            (None, None) => {}
        }
    }
    Ok((settled, refused))
}

/// Marks the batch done with, giving back what was held for the slots it did not answer.
async fn close(
    env: &Environment,
    case: &Case,
    batch: &BatchRecord,
    state: &str,
    settled: &[Slot],
) -> Result<(), JobError> {
    let unanswered: i64 = batch
        .slots
        .iter()
        .zip(&batch.reserved)
        .filter(|(s, _)| !settled.iter().any(|t| t.key() == **s))
        .map(|(_, m)| m)
        .sum();
    let settle = (unanswered > 0).then(|| crate::domain::Settle {
        day: batch.day.clone(),
        reserved: unanswered,
        charge: None,
    });
    let mut closed = batch.clone();
    closed.state = state.to_owned();
    closed.closed = true;
    let store = |r: &mut CaseRecords| {
        if let Some(settle) = &settle {
            r.settles.push(settle.clone());
        }
        if let Some(s) = r.status.as_mut() {
            s.batch = Some(closed.clone());
        }
        Ok(())
    };
    env.store.modify(&case.id, &store).await?;
    Ok(())
}

/// Gives back a reservation whose call was never made.
async fn release(env: &Environment, case_id: &str, held: Held) -> Result<(), JobError> {
    let settle = crate::domain::Settle {
        day: held.day,
        reserved: held.micros,
        charge: None,
    };
    env.settle_alone(case_id, settle).await
}

/// The pause until the next poll, saying what the job waits for.
fn wait(env: &Environment, batch: &BatchRecord) -> BatchStep {
    let at_ms = (env.clock.now_ms() + env.daily.batch_poll.as_millis() as i64).min(batch.deadline);
    BatchStep::Wait {
        at_ms,
        message: format!(
            "waiting for Gemini batch {} ({}, {} pictures, polled {} times); the pictures it has not painted by \
             {} are painted live",
            batch.id,
            batch.state,
            batch.slots.len(),
            batch.polls,
            crate::clock::rfc3339(batch.deadline)
        ),
    }
}
