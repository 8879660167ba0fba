//! The `generate-case-images` job: paints every missing picture of one case.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

mod paint_ahead;

use paint_ahead::{BatchStep, batch_step};

use crate::common::retry::{Ended, Policy, Verdict, retry};
use crate::domain::history::{CallEvent, CallOutcome, Event, HistoryEvent, Journal, WaitReason};
use crate::domain::{Case, FallbackCause, ImageStatus, PauseKind, Settle, Slot, SlotOutcome, StatusState, Throttled};
use crate::images;
use crate::metrics::{ProviderLabels, SlotLabels};
use crate::pipeline::gate::CallGate;
use crate::pipeline::spend;
use crate::pipeline::{Environment, prompts, subject};
use crate::providers::{Call, ImageProvider, ImageRequest, Picture, ProviderError};
use crate::scheduler::{Job, JobContext, JobEnd, JobError};
use crate::store::{CaseRecords, StoreError};

/// Writes of one painted picture before the image store is considered down (with the slot backoff between).
const IMAGE_WRITE_ATTEMPTS: u32 = 5;

/// While a model throttles a job, the record's `throttled` is rewritten at most this often (ms), so a
/// storm of 429s costs a few writes, not one per answer.
const THROTTLE_WRITE_EVERY_MS: i64 = 2_000;
/// A throttling spell ends when a picture comes back this long (ms) after the last 429.
const THROTTLE_QUIET_MS: i64 = 10_000;

/// The payload, as stored: `{"caseId": ..., "batchUntil": ...}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateCaseImages {
    pub case_id: String,
    /// Paint through the provider's batch until this time (Unix ms), then live: a case painted ahead
    /// of its date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_until: Option<i64>,
}

#[async_trait]
impl Job for GenerateCaseImages {
    const NAME: &'static str = "generate-case-images";
    const MAX_ATTEMPTS: u32 = 5;
    type Env = Arc<Environment>;

    async fn run(&self, env: Arc<Environment>, ctx: &JobContext) -> Result<(), JobError> {
        paint(&env, &self.case_id, self.batch_until, ctx).await
    }

    /// One queued or running image job per case.
    fn key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::NAME, self.case_id))
    }

    fn records_of(&self) -> Option<String> {
        Some(self.case_id.clone())
    }

    /// The status record follows the job: completed, failed (with why, and whether a moderator
    /// cancelled it), or waiting until its next run (with when and why).
    fn record_end(end: &JobEnd, records: &mut CaseRecords, now_ms: i64) {
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
                // The run is over: the pause, not the throttling, is what the record shows now.
                status.throttled = None;
                status.updated_at = now_ms;
            }
        }
    }
}

/// What the slots of one run of the image job share.
struct SlotRun {
    case: Case,
    /// The case's date has come: players can open it, so it never waits for a picture.
    due: bool,
    /// Calls in flight, shrinking under throttling.
    gate: CallGate,
    /// Unix ms: past this, a slot's transient errors become final once its attempts are spent.
    budget_ends_at: i64,
    cancel: CancellationToken,
    /// The run's current throttling spell, shown on the record.
    throttle: std::sync::Mutex<Spell>,
    /// The attempt's events for the job's history, written with the next store step.
    journal: Journal,
}

/// A spell of 429s, and when the record last showed it.
#[derive(Default)]
struct Spell {
    shown: Option<Throttled>,
    written_at: i64,
}

impl SlotRun {
    fn spell<T>(&self, f: impl FnOnce(&mut Spell) -> T) -> T {
        f(&mut self.throttle.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// What a provider's answer ends a slot's tries with.
enum Reply {
    /// The picture is stored, at this URL.
    Painted(String),
    /// The model refused the prompt (`ProviderError::Refused`).
    Refused(String),
    /// The request cannot work as it is (`ProviderError::SlotFinal`).
    Rejected(String),
}

/// A reply, and the settlement of the paid call that gave it.
type SlotDone = (Reply, Option<Settle>);

/// How one slot's turn in a run ended.
enum SlotEnd {
    Painted,
    /// A final error, recorded on the slot.
    Failed,
    /// Only transient errors: left for a later run, with the last cause.
    Deferred(String),
}

/// The job's body: paints every unfinished slot of the case, up to `concurrency` at once in priority
/// order, recording each slot in one atomic step as it ends. Slots that only met transient errors are
/// left for a later run (`JobError::Pause` with the time), until the transient budget is spent. The
/// record's own end (completed, failed) is written by the scheduler with the job's (`record_end`).
async fn paint(
    env: &Arc<Environment>,
    case_id: &str,
    batch_until: Option<i64>,
    ctx: &JobContext,
) -> Result<(), JobError> {
    let now = env.clock.now_ms();
    let job_id = ctx.job.id.clone();
    let begin = |r: &mut CaseRecords| {
        let Some(case) = r.case.as_ref() else {
            return Err(StoreError::NotFound {
                what: "case",
                id: case_id.to_owned(),
            });
        };
        let mut status = match r.status.take() {
            Some(s) if !s.status.is_final() => s,
            old => {
                let mut fresh = ImageStatus::pending_for(case, None, now);
                if let Some(earlier) = old {
                    fresh.cost_usd = earlier.cost_usd;
                    fresh.carry_sources(&earlier);
                }
                fresh
            }
        };
        status.status = StatusState::Generating;
        status.job_id = Some(job_id.clone());
        status.paused_until = None;
        status.paused_reason = None;
        status.throttled = None;
        status.updated_at = now;
        r.status = Some(status);
        Ok(())
    };
    let mut records = env.store.modify(case_id, &begin).await?;
    // Slots whose first prompt the batch's model refused: asked live with the gentler prompt at once.
    let mut refused: Vec<(Slot, String)> = Vec::new();
    if let Some(until) = batch_until {
        let (Some(case), Some(status)) = (&records.case, &records.status) else {
            return Err(JobError::Retry("case records vanished".into()));
        };
        let todo: Vec<Slot> = case.slots().into_iter().filter(|s| !status.is_finished(*s)).collect();
        match batch_step(env, case, status, &todo, until, &ctx.cancel, &ctx.journal).await? {
            BatchStep::Wait { at_ms, message } => {
                return Err(JobError::Pause {
                    kind: crate::domain::PauseKind::BatchPoll,
                    message,
                    at_ms,
                });
            }
            // What the batch painted is on the records now.
            BatchStep::Live { refused: by_batch } => {
                refused = by_batch;
                records.case = env.store.get_case(case_id).await?;
                records.status = env.store.get_status(case_id).await?;
            }
        }
    }
    let (Some(case), Some(status)) = (records.case, records.status) else {
        return Err(JobError::Retry("case records vanished".into()));
    };
    let budget_ends_at = status.started_at + env.config.transient_budget.as_millis() as i64;
    // The slots the fallback painted while the provider was unavailable are the provider's to repaint,
    // while the transient budget lasts.
    let upgrading = |slot: Slot| {
        env.config.upgrade_fallbacks
            && env.clock.now_ms() < budget_ends_at
            && status
                .fallback(slot)
                .is_some_and(|f| f.cause == FallbackCause::Unavailable)
    };
    let todo: Vec<Slot> = case
        .slots()
        .into_iter()
        .filter(|s| !status.is_finished(*s) || upgrading(*s))
        .collect();
    let skipped = case.slots().len() - todo.len();
    tracing::info!(case.id = %case_id, slots.todo = todo.len(), slots.done = skipped, "painting");

    let run = Arc::new(SlotRun {
        due: is_due(&case, env.clock.now_ms()),
        case,
        gate: CallGate::new(env.config.concurrency.max(1)),
        budget_ends_at,
        cancel: ctx.cancel.clone(),
        throttle: Default::default(),
        journal: ctx.journal.clone(),
    });
    let concurrency = env.config.concurrency.max(1);
    let mut running: JoinSet<Result<SlotEnd, JobError>> = JoinSet::new();
    let mut stop: Option<JobError> = None;
    let (mut painted, mut failed, mut deferred) = (0, 0, Vec::new());
    let mut absorb =
        |res: Result<Result<SlotEnd, JobError>, tokio::task::JoinError>, stop: &mut Option<JobError>| match res {
            Ok(Ok(SlotEnd::Painted)) => painted += 1,
            Ok(Ok(SlotEnd::Failed)) => failed += 1,
            Ok(Ok(SlotEnd::Deferred(cause))) => deferred.push(cause),
            Ok(Err(e)) => {
                stop.get_or_insert(e);
            }
            Err(e) => {
                stop.get_or_insert(JobError::Retry(format!("slot task failed: {e}")));
            }
        };
    for slot in todo {
        // A slot starts only once a running one has ended and its outcome is known, so a slot that
        // stops the job (a rejected key) stops the next one from starting.
        while running.len() >= concurrency {
            if let Some(res) = running.join_next().await {
                absorb(res, &mut stop);
            }
        }
        if stop.is_some() || ctx.cancel.is_cancelled() || ctx.draining.is_cancelled() {
            break;
        }
        // A slot that still shows a picture is a moderator's repaint: ask for a new take, one per
        // repaint job (so a retry of the same job paints the same new picture).
        let upgrade = upgrading(slot);
        let take = match run.case.image_url(slot) {
            Some(_) if !upgrade => images::content_hash(job_id.as_bytes()).max(1),
            _ => 0,
        };
        let turn = Turn {
            slot,
            take,
            upgrade,
            refused_before: refused.iter().any(|(s, _)| *s == slot),
        };
        let env = env.clone();
        let run = run.clone();
        let span =
            tracing::info_span!("slot", otel.name = %format_args!("slot {slot}"), slot = %slot, case.id = %case_id);
        running.spawn(async move { paint_slot(&env, &run, turn).await }.instrument(span));
    }
    while let Some(res) = running.join_next().await {
        absorb(res, &mut stop);
    }
    if let Some(mut e) = stop {
        // A spent quota or budget holds the provider back for hours: a case players can open gets its
        // missing pictures from the fallback now; one painted ahead comes back on its day at the latest.
        if let JobError::Pause {
            kind: PauseKind::Quota | PauseKind::Budget,
            message,
            at_ms,
        } = &mut e
        {
            if run.due {
                degrade(env, &run, message).await?;
            } else {
                *at_ms = (*at_ms).min(day_start(&run.case).unwrap_or(*at_ms));
            }
        }
        return Err(e);
    }
    if ctx.cancel.is_cancelled() || ctx.draining.is_cancelled() {
        return Err(JobError::Interrupted("stopped before every slot was painted".into()));
    }
    tracing::info!(case.id = %case_id, painted, failed, left = deferred.len(), skipped, "run ended");
    if let Some(cause) = deferred.last() {
        // A case players can open waits `fallback_after` at most for the provider to come back.
        let fall_back_at = status.started_at + env.config.fallback_after.as_millis() as i64;
        if run.due && env.clock.now_ms() >= fall_back_at {
            degrade(env, &run, cause).await?;
        }
        let missing = missing_slots(env, &run.case).await?;
        let upgrades_left = env.config.upgrade_fallbacks && !env.fallbacks.is_empty();
        if !missing.is_empty() || upgrades_left {
            let rerun = rerun_later(env, case_id, deferred.len(), cause).await;
            // A due case the fallback will paint comes back for it no later than `fallback_after`.
            let falls_back_later = run.due && !env.fallbacks.is_empty() && fall_back_at > env.clock.now_ms();
            return Err(match rerun {
                JobError::Pause { kind, message, at_ms } if falls_back_later && !missing.is_empty() => {
                    JobError::Pause {
                        kind,
                        message,
                        at_ms: at_ms.min(fall_back_at),
                    }
                }
                other => other,
            });
        }
    }
    match env.store.get_status(case_id).await {
        Ok(Some(s)) if s.progress.total > 0 && s.errors.len() == s.progress.total => {
            Err(JobError::Permanent("every slot failed".into()))
        }
        Ok(_) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// The pause that brings the job back for the slots that met only transient errors: after a backoff
/// that grows with each such run (counted on the status record), without spending an attempt.
async fn rerun_later(env: &Environment, case_id: &str, left: usize, cause: &str) -> JobError {
    let now = env.clock.now_ms();
    let count = |r: &mut CaseRecords| {
        if let Some(s) = r.status.as_mut() {
            s.reruns += 1;
        }
        Ok(())
    };
    let reruns = match env.store.modify(case_id, &count).await {
        Ok(r) => r.status.map(|s| s.reruns).unwrap_or(1),
        Err(e) => return e.into(),
    };
    let at = now + env.config.rerun_backoff.delay(reruns).as_millis() as i64;
    JobError::Pause {
        kind: crate::domain::PauseKind::TransientRerun,
        message: format!(
            "{left} picture(s) left after transient errors (last: {cause}); painting them again at {}",
            crate::clock::rfc3339(at)
        ),
        at_ms: at,
    }
}

/// One slot's turn in a run.
struct Turn {
    slot: Slot,
    /// 0, or a new take for a moderator's repaint.
    take: u64,
    /// The slot shows a fallback picture the provider is to replace: only the provider is asked, and
    /// whatever it answers short of a picture keeps the fallback's.
    upgrade: bool,
    /// The model already refused the slot's first prompt (in the batch): start with the gentler one.
    refused_before: bool,
}

/// What asking one provider for a slot ended with.
#[expect(
    clippy::large_enum_variant,
    reason = "one lives per slot for a moment; boxing buys nothing"
)]
enum Asked {
    Replied(Reply, Option<Settle>),
    /// Only transient errors, with the last; the transient budget lasts.
    Deferred(String),
    /// Only transient errors, and the transient budget is spent: final for this provider.
    Spent(String),
}

/// Paints one slot, then records it. Transient errors are retried up to `slot_attempts` (a 429 that
/// names its delay waits it without spending one); then the slot is left for a later run, unless the
/// transient budget is spent. A refused prompt is asked once more, gentler; what the provider finally
/// will not paint, the fallback chain paints. Err stops the whole job (a rejected key, a paused quota, a
/// store failure, a stop).
async fn paint_slot(env: &Environment, run: &SlotRun, turn: Turn) -> Result<SlotEnd, JobError> {
    let started = std::time::Instant::now();
    let (case, slot) = (&run.case, turn.slot);
    let subject = subject(case, slot).ok_or_else(|| JobError::Permanent(format!("slot {slot} is not in the case")))?;
    let gentle = || prompts::gentle(&subject, &env.config.gentle_omit);
    let mut request = ImageRequest {
        case_id: case.id.clone(),
        slot,
        prompt: if turn.refused_before {
            gentle()
        } else {
            prompts::prompt(&subject)
        },
        subject: subject.clone(),
        take: turn.take,
    };
    let mut gentler = turn.refused_before;
    let (outcome, settle) = loop {
        let (reason, cause) = match ask(env, run, &*env.provider, true, &request).await? {
            Asked::Replied(Reply::Painted(url), settle) => {
                let painted = SlotOutcome::Painted {
                    url,
                    source: env.provider.name().into(),
                    fallback: None,
                };
                break (painted, settle);
            }
            Asked::Deferred(error) => return Ok(SlotEnd::Deferred(error)),
            Asked::Replied(Reply::Refused(reason), settle) if !gentler && !turn.upgrade => {
                write_alone(env, &case.id, settle).await?;
                tracing::info!(case.id = %case.id, slot = %slot, error = %reason, "prompt refused; asking again, gentler");
                request.prompt = gentle();
                gentler = true;
                continue;
            }
            Asked::Replied(Reply::Refused(reason) | Reply::Rejected(reason), settle) => {
                write_alone(env, &case.id, settle).await?;
                (reason, FallbackCause::Refused)
            }
            Asked::Spent(error) => (
                format!(
                    "{error} (the transient budget of {} is spent)",
                    crate::common::duration::format(env.config.transient_budget)
                ),
                FallbackCause::Unavailable,
            ),
        };
        if turn.upgrade {
            // The fallback's picture stays; a refusal is not asked again unless a moderator repaints.
            keep_fallback(env, &case.id, slot, cause, &reason).await?;
            return Ok(SlotEnd::Painted);
        }
        match fallback(env, run, &request, cause, &reason).await? {
            Some(done) => break done,
            None => break (SlotOutcome::Failed { message: reason }, None),
        }
    };
    let spell_over = matches!(outcome, SlotOutcome::Painted { .. }) && end_spell(env, run);
    record_slot(env, &run.journal, &case.id, slot, &outcome, settle.as_ref(), spell_over).await?;
    let duration_ms = started.elapsed().as_millis() as u64;
    let kind = crate::metrics::SlotKindLabels {
        kind: slot.kind.as_str().into(),
    };
    env.metrics
        .slot_seconds
        .get_or_create(&kind)
        .observe(started.elapsed().as_secs_f64());
    match &outcome {
        SlotOutcome::Painted { source, fallback, .. } => {
            tracing::info!(case.id = %case.id, slot = %slot, duration_ms, source = %source, fallback = fallback.is_some(), "slot painted");
            Ok(SlotEnd::Painted)
        }
        SlotOutcome::Failed { message } => {
            tracing::warn!(case.id = %case.id, slot = %slot, duration_ms, error = %message, "slot failed for good");
            Ok(SlotEnd::Failed)
        }
    }
}

/// Asks `provider` for the slot's picture, retrying transient errors under the slot policy.
async fn ask(
    env: &Environment,
    run: &SlotRun,
    provider: &dyn ImageProvider,
    primary: bool,
    request: &ImageRequest,
) -> Result<Asked, JobError> {
    let policy = Policy {
        attempts: env.config.slot_attempts,
        backoff: env.config.slot_backoff,
    };
    match retry(policy, &run.cancel, |_| try_slot(env, run, provider, primary, request)).await {
        Ok((reply, settle)) => Ok(Asked::Replied(reply, settle)),
        Err(Ended::Stopped(stop)) => Err(stop),
        Err(Ended::Cancelled) => Err(JobError::Interrupted(format!(
            "stopped while slot {} waited to retry",
            request.slot
        ))),
        Err(Ended::Exhausted { error, attempts }) => {
            if env.clock.now_ms() < run.budget_ends_at {
                tracing::warn!(case.id = %run.case.id, slot = %request.slot, attempts, error = %error, "slot left for a later run");
                Ok(Asked::Deferred(error))
            } else {
                Ok(Asked::Spent(format!("{error} (after {attempts} attempts)")))
            }
        }
    }
}

/// Paints the slot with the fallback chain, in order, for `cause`; `None` when the chain is empty or
/// none of it painted (a stop of a fallback, such as its spent quota, moves on to the next).
async fn fallback(
    env: &Environment,
    run: &SlotRun,
    request: &ImageRequest,
    cause: FallbackCause,
    reason: &str,
) -> Result<Option<(SlotOutcome, Option<Settle>)>, JobError> {
    let mut request = request.clone();
    // The fallback paints from the case data; a remote one gets the gentler prompt.
    request.prompt = prompts::gentle(&request.subject, &env.config.gentle_omit);
    for provider in &env.fallbacks {
        let asked = match ask(env, run, &**provider, false, &request).await {
            Err(stop @ JobError::Interrupted(_)) => return Err(stop),
            Err(stop) => {
                tracing::warn!(case.id = %run.case.id, slot = %request.slot, fallback = provider.name(), error = %stop, "the fallback could not paint");
                continue;
            }
            Ok(asked) => asked,
        };
        match asked {
            Asked::Replied(Reply::Painted(url), settle) => {
                let painted = SlotOutcome::Painted {
                    url,
                    source: provider.name().into(),
                    fallback: Some((cause, reason.to_owned())),
                };
                return Ok(Some((painted, settle)));
            }
            Asked::Replied(Reply::Refused(e) | Reply::Rejected(e), settle) => {
                write_alone(env, &run.case.id, settle).await?;
                tracing::warn!(case.id = %run.case.id, slot = %request.slot, fallback = provider.name(), error = %e, "the fallback refused");
            }
            Asked::Deferred(e) | Asked::Spent(e) => {
                tracing::warn!(case.id = %run.case.id, slot = %request.slot, fallback = provider.name(), error = %e, "the fallback is unavailable");
            }
        }
    }
    Ok(None)
}

/// Paints every slot of the case still without a picture or a final error with the fallback chain, for
/// a case players can open while the provider is unavailable (`reason`).
async fn degrade(env: &Environment, run: &SlotRun, reason: &str) -> Result<(), JobError> {
    if env.fallbacks.is_empty() {
        return Ok(());
    }
    let missing = missing_slots(env, &run.case).await?;
    if !missing.is_empty() {
        tracing::warn!(case.id = %run.case.id, slots = missing.len(), reason = %reason, "the case is due: the fallback paints what is missing");
    }
    for slot in missing {
        let subject =
            subject(&run.case, slot).ok_or_else(|| JobError::Permanent(format!("slot {slot} is not in the case")))?;
        let request = ImageRequest {
            case_id: run.case.id.clone(),
            slot,
            prompt: prompts::prompt(&subject),
            subject,
            take: 0,
        };
        if let Some((outcome, settle)) = fallback(env, run, &request, FallbackCause::Unavailable, reason).await? {
            record_slot(env, &run.journal, &run.case.id, slot, &outcome, settle.as_ref(), false).await?;
        }
    }
    Ok(())
}

/// The case's slots with neither a picture nor a final error on the record.
async fn missing_slots(env: &Environment, case: &Case) -> Result<Vec<Slot>, JobError> {
    let status = env
        .store
        .get_status(&case.id)
        .await?
        .ok_or_else(|| JobError::Retry("the status record vanished".into()))?;
    Ok(case.slots().into_iter().filter(|s| !status.is_finished(*s)).collect())
}

/// Unix ms of the start (UTC) of the case's date.
fn day_start(case: &Case) -> Option<i64> {
    let date = chrono::NaiveDate::parse_from_str(&case.date, "%Y-%m-%d").ok()?;
    Some(date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp_millis())
}

/// Whether the case's date has come (players can open it) at `now_ms`.
fn is_due(case: &Case, now_ms: i64) -> bool {
    day_start(case).is_none_or(|start| start <= now_ms)
}

/// Writes a settlement on its own, when there is one.
async fn write_alone(env: &Environment, case_id: &str, settle: Option<Settle>) -> Result<(), JobError> {
    match settle {
        Some(settle) => env.settle_alone(case_id, settle).await,
        None => Ok(()),
    }
}

/// Keeps the fallback picture of a slot the provider did not repaint; a refusal marks it refused, so no
/// later run asks again.
async fn keep_fallback(
    env: &Environment,
    case_id: &str,
    slot: Slot,
    cause: FallbackCause,
    reason: &str,
) -> Result<(), JobError> {
    if cause != FallbackCause::Refused {
        return Ok(());
    }
    let now = env.clock.now_ms();
    let mark = |r: &mut CaseRecords| {
        if let Some(f) = r.status.as_mut().and_then(|s| {
            s.fallbacks
                .iter_mut()
                .find(|f| f.kind == slot.kind && f.index == slot.index)
        }) {
            f.cause = FallbackCause::Refused;
            f.reason = reason.to_owned();
        }
        if let Some(s) = r.status.as_mut() {
            s.updated_at = now;
        }
        Ok(())
    };
    env.store.modify(case_id, &mark).await?;
    Ok(())
}

/// Records a slot's final outcome on the case and its status record, with the settlement of the
/// paid call that reached it, in one atomic step (clearing `throttled` when the spell is over); counts
/// it in the metrics.
async fn record_slot(
    env: &Environment,
    journal: &Journal,
    case_id: &str,
    slot: Slot,
    outcome: &SlotOutcome,
    settle: Option<&Settle>,
    spell_over: bool,
) -> Result<(), JobError> {
    let now = env.clock.now_ms();
    let waiting = journal.take();
    let stored = match outcome {
        SlotOutcome::Painted { source, fallback, .. } => Event::Slot {
            slot: slot.to_string(),
            source: Some(source.clone()),
            fallback: fallback.as_ref().map(|(cause, _)| *cause),
            error: None,
        },
        SlotOutcome::Failed { message } => Event::Slot {
            slot: slot.to_string(),
            source: None,
            fallback: None,
            error: Some(message.clone()),
        },
    };
    let history = journal.with(waiting.clone(), [HistoryEvent { at: now, what: stored }]);
    let record = |r: &mut CaseRecords| {
        r.history = Some(history.clone());
        // The call was paid for whatever became of the record.
        if let Some(settle) = settle {
            spend::add_to_records(r, settle);
        }
        // A record that ended (a cancel) takes nothing more.
        if r.status.as_ref().is_some_and(|s| s.status.is_final()) {
            return Ok(());
        }
        if let (SlotOutcome::Painted { url, .. }, Some(case)) = (outcome, r.case.as_mut()) {
            case.set_image_url(slot, Some(url.clone()));
        }
        if let Some(status) = r.status.as_mut() {
            status.record(slot, outcome, now);
            if spell_over {
                status.throttled = None;
            }
        }
        Ok(())
    };
    let step = tracing::info_span!("store.record_slot", slot = %slot);
    if let Err(e) = env.store.modify(case_id, &record).instrument(step).await {
        journal.restore(waiting);
        return Err(e.into());
    }
    if let Some(settle) = settle {
        env.count(settle);
    }
    let label = match outcome {
        SlotOutcome::Painted { fallback: None, .. } => "painted",
        SlotOutcome::Painted { fallback: Some(_), .. } => "fallback",
        SlotOutcome::Failed { .. } => "failed",
    };
    env.metrics
        .slots
        .get_or_create(&SlotLabels {
            kind: slot.kind.as_str().into(),
            outcome: label.into(),
        })
        .inc();
    Ok(())
}

/// One try at a slot: a turn under the rate limit and the gate, a reservation against the daily
/// budget, the call, the encoding and the image store. Says what a failure means for the next try. A
/// paid call that ends the slot comes back with its settlement, to be written with the slot's record;
/// one that leads to another try is settled here.
async fn try_slot<'a>(
    env: &Environment,
    run: &'a SlotRun,
    provider: &dyn ImageProvider,
    primary: bool,
    request: &ImageRequest,
) -> Verdict<'a, SlotDone, JobError, String> {
    let (case, slot, cancel) = (&run.case, request.slot, &run.cancel);
    // The rate limit is the image provider's; a fallback does not spend it.
    let waiting = Waiting::start(env);
    if primary && let Err(stop) = wait_for_rate_limit(env, cancel).await {
        return Verdict::Stop(stop);
    }
    let waiting = waiting.end(env, run, slot, WaitReason::RateLimit);
    let permit = match run.gate.acquire(cancel).await {
        Ok(permit) => permit,
        Err(stop) => return Verdict::Stop(stop),
    };
    waiting.end(env, run, slot, WaitReason::Gate);
    let held = match env.reserve(provider, slot.kind).await {
        Ok(held) => held,
        Err(stop) => {
            let refused = Event::Wait {
                slot: Some(slot.to_string()),
                reason: WaitReason::Budget,
                started_at: env.clock.now_ms(),
                ms: 0,
            };
            run.journal.push(env.clock.now_ms(), refused);
            return Verdict::Stop(stop.into());
        }
    };
    let called = std::time::Instant::now();
    let started_at = env.clock.now_ms();
    let call = |outcome, settle: Option<&Settle>, retry_after: Option<std::time::Duration>, message: Option<String>| {
        let charge = settle.and_then(|s| s.charge.as_ref());
        Event::Call(CallEvent {
            slot: slot.to_string(),
            provider: provider.name().into(),
            model: charge.map(|c| c.model.clone()),
            started_at,
            latency_ms: called.elapsed().as_millis() as u64,
            outcome,
            tokens: charge
                .and_then(|c| c.usage.as_ref())
                .map(|u| u.input_tokens + u.output_tokens),
            cost_usd: charge.map(|c| crate::domain::spend::usd(c.micros)),
            retry_after_ms: retry_after.map(|d| d.as_millis() as u64),
            message,
        })
    };
    // One span per call: provider, model, outcome, latency, tokens and cost (never the prompt or a key).
    let span = tracing::info_span!(
        "provider.call",
        otel.name = %format_args!("{} call", provider.name()),
        provider = provider.name(),
        slot = %slot,
        model = tracing::field::Empty,
        outcome = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
        tokens = tracing::field::Empty,
        cost_usd = tracing::field::Empty,
        retry_after_ms = tracing::field::Empty,
    );
    // A stop abandons the call in flight: whatever it would paint, nobody records it. Its reservation
    // stays held for the day: the call may still be billed.
    let Call { result, bill } = tokio::select! {
        call = provider.generate(request).instrument(span.clone()) => call,
        _ = cancel.cancelled() => {
            run.journal.push(env.clock.now_ms(), call(CallOutcome::Abandoned, None, None, None));
            return Verdict::Stop(JobError::Interrupted(format!("stopped while slot {slot} was being painted")));
        }
    };
    let labels = ProviderLabels {
        provider: provider.name().into(),
        outcome: if result.is_ok() { "ok" } else { "error" }.into(),
    };
    env.metrics
        .provider_seconds
        .get_or_create(&labels)
        .observe(called.elapsed().as_secs_f64());
    let settle = env.settle(provider, held, bill, &case.id, Some(slot), result.is_ok(), false);
    let (outcome, retry_after) = match &result {
        Ok(_) => (CallOutcome::Painted, None),
        Err(ProviderError::Refused(_)) => (CallOutcome::Refused, None),
        Err(ProviderError::SlotFinal(_)) => (CallOutcome::Rejected, None),
        Err(ProviderError::Throttled { retry_after, .. }) => (CallOutcome::Throttled, *retry_after),
        Err(ProviderError::Retryable { .. }) => (CallOutcome::Transient, None),
        Err(ProviderError::JobFatal(_) | ProviderError::QuotaExhausted { .. }) => (CallOutcome::Stopped, None),
    };
    let message = result.as_ref().err().map(ToString::to_string);
    let event = call(outcome, settle.as_ref(), retry_after, message);
    if let Event::Call(c) = &event {
        span.record("outcome", format!("{:?}", c.outcome).to_lowercase());
        span.record("latency_ms", c.latency_ms);
        if let Some(m) = &c.model {
            span.record("model", m.as_str());
        }
        if let Some(t) = c.tokens {
            span.record("tokens", t);
        }
        if let Some(usd) = c.cost_usd {
            span.record("cost_usd", usd);
        }
        if let Some(ms) = c.retry_after_ms {
            span.record("retry_after_ms", ms);
        }
    }
    run.journal.push(env.clock.now_ms(), event);
    let (error, permit) = match result {
        Ok(picture) => {
            drop(permit);
            run.gate.on_success();
            match encode(picture).await {
                // A cancel heard while the picture was encoded: it is not stored.
                Ok(_) if cancel.is_cancelled() => {
                    return Verdict::Stop(JobError::Interrupted(format!(
                        "stopped before slot {slot}'s picture was stored"
                    )));
                }
                Ok(encoded) => {
                    return match save_picture(env, &case.id, slot, &encoded, cancel).await {
                        Ok(url) => Verdict::Done((Reply::Painted(url), settle)),
                        Err(stop) => settled(env, &case.id, settle, Verdict::Stop(stop)).await,
                    };
                }
                Err(e) => (e, None),
            }
        }
        Err(e) => (e, Some(permit)),
    };
    if let (true, ProviderError::Throttled { retry_after, .. }) = (primary, &error) {
        run.gate.on_throttle();
        show_throttle(env, run, *retry_after).await;
    }
    let budget_spent = env.clock.now_ms() >= run.budget_ends_at;
    let verdict = verdict(error, case, slot, budget_spent);
    // The wait holds the slot's place in the gate: under throttling, fewer slots call and wait at
    // once, so the calls per second shrink with the gate, not only the calls in flight.
    let verdict = match permit {
        Some(permit) => verdict.holding(permit),
        None => verdict,
    };
    match verdict {
        Verdict::Done(outcome) => Verdict::Done((outcome, settle)),
        other => settled(env, &case.id, settle, other.map(|outcome| (outcome, None))).await,
    }
}

/// Counts a 429 in the run's spell and shows the spell on the record: at once when it begins, then at
/// most every `THROTTLE_WRITE_EVERY_MS`. A failed write is logged; the next 429 tries again.
async fn show_throttle(env: &Environment, run: &SlotRun, delay: Option<std::time::Duration>) {
    let now = env.clock.now_ms();
    let shown = run.spell(|spell| {
        let t = spell.shown.get_or_insert(Throttled {
            since: now,
            waits: 0,
            last_delay_ms: None,
            last_at: now,
        });
        t.waits += 1;
        t.last_at = now;
        t.last_delay_ms = delay.map(|d| d.as_millis() as u64).or(t.last_delay_ms);
        let due = t.waits == 1 || now - spell.written_at >= THROTTLE_WRITE_EVERY_MS;
        if due {
            spell.written_at = now;
        }
        due.then(|| t.clone())
    });
    let Some(shown) = shown else { return };
    let show = |r: &mut CaseRecords| {
        if let Some(status) = r.status.as_mut().filter(|s| !s.status.is_final()) {
            status.throttled = Some(shown.clone());
            status.updated_at = now;
        }
        Ok(())
    };
    if let Err(e) = env.store.modify(&run.case.id, &show).await {
        tracing::warn!(case.id = %run.case.id, error = %e, "could not show the throttling on the record");
    }
}

/// Whether a picture that just came back ends the run's throttling spell (no 429 for a while); if so,
/// the spell is forgotten and the slot's record clears `throttled`.
fn end_spell(env: &Environment, run: &SlotRun) -> bool {
    let now = env.clock.now_ms();
    run.spell(|spell| match &spell.shown {
        Some(t) if now - t.last_at >= THROTTLE_QUIET_MS => {
            spell.shown = None;
            true
        }
        _ => false,
    })
}

/// Writes a try's settlement on its own, then gives its verdict (or the store's failure).
async fn settled<'a>(
    env: &Environment,
    case_id: &str,
    settle: Option<Settle>,
    verdict: Verdict<'a, SlotDone, JobError, String>,
) -> Verdict<'a, SlotDone, JobError, String> {
    match settle {
        Some(settle) => match env.settle_alone(case_id, settle).await {
            Ok(()) => verdict,
            Err(stop) => Verdict::Stop(stop),
        },
        None => verdict,
    }
}

/// What a provider's error means for the slot's next try.
fn verdict<'a>(
    error: ProviderError,
    case: &Case,
    slot: Slot,
    budget_spent: bool,
) -> Verdict<'a, Reply, JobError, String> {
    match error {
        ProviderError::SlotFinal(message) => Verdict::Done(Reply::Rejected(message)),
        ProviderError::Refused(message) => Verdict::Done(Reply::Refused(message)),
        stop @ (ProviderError::JobFatal(_) | ProviderError::QuotaExhausted { .. }) => Verdict::Stop(stop.into()),
        // The server named its delay: wait it, without spending an attempt (while the budget lasts).
        ProviderError::Throttled {
            message,
            retry_after: Some(delay),
        } if !budget_spent => {
            tracing::debug!(case.id = %case.id, slot = %slot, delay_ms = delay.as_millis() as u64, error = %message, "throttled; waiting the server's delay");
            Verdict::after(message, delay)
        }
        transient @ (ProviderError::Throttled { .. } | ProviderError::Retryable { .. }) => {
            let message = transient.to_string();
            tracing::warn!(case.id = %case.id, slot = %slot, error = %message, "slot attempt failed");
            Verdict::again(message)
        }
    }
}

/// A wait before a call, noted in the job's history when it took a while.
struct Waiting {
    since: std::time::Instant,
    at: i64,
}

impl Waiting {
    /// Waits shorter than this are not worth a line in the history.
    const NOTABLE: std::time::Duration = std::time::Duration::from_millis(5);

    fn start(env: &Environment) -> Waiting {
        Waiting {
            since: std::time::Instant::now(),
            at: env.clock.now_ms(),
        }
    }

    /// Notes the wait that ends now, for `reason`, and starts the next.
    fn end(self, env: &Environment, run: &SlotRun, slot: Slot, reason: WaitReason) -> Waiting {
        let waited = self.since.elapsed();
        if waited >= Self::NOTABLE {
            let wait = Event::Wait {
                slot: Some(slot.to_string()),
                reason,
                started_at: self.at,
                ms: waited.as_millis() as u64,
            };
            run.journal.push(env.clock.now_ms(), wait);
        }
        Waiting::start(env)
    }
}

/// Waits for a turn under the provider's rate limit, shared through the store by every worker.
async fn wait_for_rate_limit(env: &Environment, cancel: &CancellationToken) -> Result<(), JobError> {
    let per_minute = env.config.rate_limit_per_minute;
    if per_minute == 0 {
        return Ok(());
    }
    let rate = crate::store::rate::Rate {
        per_minute,
        burst: env.config.rate_limit_burst,
    };
    let bucket = format!("provider:{}", env.provider.name());
    loop {
        let wait = env.store.rate_limit(&bucket, rate).await?;
        if wait.is_zero() {
            return Ok(());
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = cancel.cancelled() => return Err(JobError::Interrupted("stopped while waiting for the rate limit".into())),
        }
    }
}

/// Encodes a picture as the web JPEG and the thumbnail. A picture that cannot be encoded is a bad
/// answer from the provider: the slot asks again.
async fn encode(picture: Picture) -> Result<images::Encoded, ProviderError> {
    let retry = |message: String| ProviderError::Retryable {
        message,
        retry_after: None,
    };
    tokio::task::spawn_blocking(move || images::encode(picture))
        .await
        .map_err(|e| retry(format!("encoder task failed: {e}")))?
        .map_err(|e| retry(e.to_string()))
}

/// Writes a slot's two files and returns the public URL. A picture is paid for, so a failing image
/// store is retried here without asking the provider again; if it stays down, the job stops with a
/// retryable error (no slot is blamed) and its next run paints what is missing.
async fn save_picture(
    env: &Environment,
    case_id: &str,
    slot: Slot,
    encoded: &images::Encoded,
    cancel: &CancellationToken,
) -> Result<String, JobError> {
    let full = images::full_name(case_id, slot);
    let thumb = images::thumb_name(case_id, slot);
    let policy = Policy {
        attempts: IMAGE_WRITE_ATTEMPTS,
        backoff: env.config.slot_backoff,
    };
    let (full, thumb) = (&full, &thumb);
    let written = retry(policy, cancel, |attempt| async move {
        let written = match env.images.put(thumb, &encoded.thumb).await {
            Ok(()) => env.images.put(full, &encoded.full).await,
            Err(e) => Err(e),
        };
        match written {
            Ok(()) => Verdict::<(), (), _>::Done(()),
            Err(e) => {
                tracing::warn!(case.id = %case_id, slot = %slot, attempt, error = %e, "image store write failed");
                Verdict::again(e)
            }
        }
    })
    .await;
    match written {
        Ok(()) => {
            tracing::debug!(case.id = %case_id, slot = %slot, size_bytes = encoded.full.len(), "picture stored");
            Ok(images::url(full, &encoded.full))
        }
        Err(Ended::Exhausted { error, attempts }) => Err(JobError::Retry(format!(
            "the image store failed {attempts} times for slot {slot}: {error}"
        ))),
        Err(Ended::Stopped(())) | Err(Ended::Cancelled) => Err(JobError::Interrupted(format!(
            "stopped while slot {slot} waited to store its picture"
        ))),
    }
}
