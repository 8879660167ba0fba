//! The image-generation status record (`image-generation-status:{caseId}`).

use serde::{Deserialize, Serialize};

use case_model::{Case, Slot, SlotKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusState {
    Pending,
    Generating,
    Completed,
    Failed,
}

impl StatusState {
    pub fn is_final(self) -> bool {
        matches!(self, StatusState::Completed | StatusState::Failed)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Slots finished: an image or a final error.
    pub current: usize,
    pub total: usize,
}

/// Image URLs, index-aligned with the case's arrays, `null` where there is no image yet.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Images {
    pub locations: Vec<Option<String>>,
    pub suspects: Vec<Option<String>>,
    pub evidence: Vec<Option<String>>,
}

impl Images {
    fn list(&self, kind: SlotKind) -> &Vec<Option<String>> {
        match kind {
            SlotKind::Location => &self.locations,
            SlotKind::Suspect => &self.suspects,
            SlotKind::Evidence => &self.evidence,
        }
    }

    fn list_mut(&mut self, kind: SlotKind) -> &mut Vec<Option<String>> {
        match kind {
            SlotKind::Location => &mut self.locations,
            SlotKind::Suspect => &mut self.suspects,
            SlotKind::Evidence => &mut self.evidence,
        }
    }

    pub fn get(&self, slot: Slot) -> Option<&str> {
        self.list(slot.kind).get(slot.index)?.as_deref()
    }

    pub fn set(&mut self, slot: Slot, url: Option<String>) {
        let list = self.list_mut(slot.kind);
        if list.len() <= slot.index {
            list.resize(slot.index + 1, None);
        }
        list[slot.index] = url;
    }

    /// Every slot the lists have room for, in order.
    pub fn slots(&self) -> Vec<Slot> {
        SlotKind::ALL
            .iter()
            .flat_map(|k| (0..self.list(*k).len()).map(move |i| Slot::new(*k, i)))
            .collect()
    }

    pub fn count(&self) -> usize {
        SlotKind::ALL
            .iter()
            .map(|k| self.list(*k).iter().filter(|u| u.is_some()).count())
            .sum()
    }
}

/// A final error for one slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotError {
    #[serde(rename = "type")]
    pub kind: SlotKind,
    pub index: usize,
    pub message: String,
}

/// Why a slot shows a picture from the fallback chain instead of the image provider's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FallbackCause {
    /// The provider refused the slot (a block, a safety finish, a text-only answer), the gentler prompt
    /// too, or rejected the request: not repainted by the provider unless a moderator asks.
    Refused,
    /// The provider could not paint it in time (transient errors, a quota, the budget, a late batch):
    /// repainted by the provider once it answers again (`pipeline.upgrade_fallbacks`).
    Unavailable,
}

/// A slot painted by the fallback chain, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fallback {
    #[serde(rename = "type")]
    pub kind: SlotKind,
    pub index: usize,
    pub cause: FallbackCause,
    /// What the provider answered, for people.
    pub reason: String,
}

/// The status record, field for field the plan's `ImageGenerationStatus`, plus `jobId` and `updatedAt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageStatus {
    pub status: StatusState,
    pub progress: Progress,
    pub images: Images,
    /// Who painted each picture (`gemini`, `openai`, `procedural`), index-aligned with `images`; `null`
    /// while there is none, or for a picture of a release that did not say.
    #[serde(default)]
    pub sources: Images,
    /// The slots whose picture came from the fallback chain, with why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallbacks: Vec<Fallback>,
    pub started_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<SlotError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    /// Why the job itself stopped, when `status` is `failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Runs that ended with pictures left after transient errors (the backoff before the next grows).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub reruns: u32,
    /// A moderator cancelled the job (then `status` is `failed` and `error` says so).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cancelled: bool,
    /// Unix ms: the job is waiting out a provider quota and resumes then (it stays `generating`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_until: Option<i64>,
    /// Why the job waits until `pausedUntil` (e.g. the provider's daily quota).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_reason: Option<String>,
    /// The model is throttling the job (429s), while it does: since when and how many calls waited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttled: Option<Throttled>,
    /// The batch painting the case ahead of its date, while there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchRecord>,
    /// What the case's paid provider calls have cost so far, in USD (the ledger's charges for it).
    #[serde(default, skip_serializing_if = "is_free")]
    pub cost_usd: f64,
    pub updated_at: i64,
}

/// A job slowed by the model's throttling (429 answers): shown on the record while it lasts, cleared
/// once pictures come back with no 429 for a while, or when the run ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Throttled {
    /// Unix ms: the first 429 of this spell.
    pub since: i64,
    /// Calls answered 429 in this spell (each waited before its slot tried again).
    pub waits: u32,
    /// The delay the model last asked for, in ms, when it named one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_delay_ms: Option<u64>,
    /// Unix ms: the last 429.
    pub last_at: i64,
}

/// A batch that paints a case's pictures ahead of its date (Gemini's Batch API), kept on the status record
/// from before its first poll, so whichever worker runs the job next polls the same batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchRecord {
    /// The provider's name of the batch (`batches/...`); empty between the intent to submit and the
    /// provider's answer.
    pub id: String,
    /// The name it was submitted under, unique to this attempt: a run that stopped before it wrote `id`
    /// finds the batch by it instead of submitting another.
    #[serde(default)]
    pub display_name: String,
    /// The provider's last state (`BATCH_STATE_RUNNING`...).
    pub state: String,
    /// Unix ms.
    pub submitted_at: i64,
    /// Past this (Unix ms), the slots the batch has not painted are painted live and the batch is
    /// cancelled.
    pub deadline: i64,
    /// The slots asked for (`location-0`...), in request order.
    pub slots: Vec<String>,
    /// Micro-dollars held for each slot against `day` until its answer is settled.
    pub reserved: Vec<i64>,
    pub day: String,
    pub polls: u32,
    /// Done with: its answers are recorded (or it ended without them); the rest is painted live.
    #[serde(default)]
    pub closed: bool,
}

fn is_free(usd: &f64) -> bool {
    *usd == 0.0
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// What became of one slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotOutcome {
    /// A picture, by `source` (a provider's name); from the fallback chain, with why.
    Painted {
        url: String,
        source: String,
        fallback: Option<(FallbackCause, String)>,
    },
    Failed {
        message: String,
    },
}

impl ImageStatus {
    /// A fresh `pending` record for a run over `case`: slots that already have a picture count as done.
    pub fn pending_for(case: &Case, job_id: Option<String>, now_ms: i64) -> Self {
        let mut images = Images {
            locations: vec![None; case.locations.len()],
            suspects: vec![None; case.suspects.len()],
            evidence: vec![None; case.evidence.len()],
        };
        for slot in case.slots() {
            images.set(slot, case.image_url(slot).map(str::to_owned));
        }
        let total = case.slots().len();
        let sources = Images {
            locations: vec![None; case.locations.len()],
            suspects: vec![None; case.suspects.len()],
            evidence: vec![None; case.evidence.len()],
        };
        ImageStatus {
            status: StatusState::Pending,
            progress: Progress {
                current: images.count(),
                total,
            },
            images,
            sources,
            fallbacks: Vec::new(),
            started_at: now_ms,
            completed_at: None,
            errors: Vec::new(),
            job_id,
            error: None,
            cancelled: false,
            reruns: 0,
            paused_until: None,
            paused_reason: None,
            throttled: None,
            batch: None,
            cost_usd: 0.0,
            updated_at: now_ms,
        }
    }

    /// Adds a paid call's price (micro-dollars) to the case's cost, exactly.
    pub fn add_cost(&mut self, micros: i64) {
        self.cost_usd = super::spend::usd(super::spend::micros(self.cost_usd) + micros);
    }

    /// Whether the slot has reached its end in this run: a picture or a final error.
    pub fn is_finished(&self, slot: Slot) -> bool {
        self.images.get(slot).is_some() || self.errors.iter().any(|e| e.kind == slot.kind && e.index == slot.index)
    }

    /// Records one slot's outcome. Progress is recounted from the slots, so recording the same slot twice
    /// never counts it twice, and progress can neither go backwards nor pass `total`.
    pub fn record(&mut self, slot: Slot, outcome: &SlotOutcome, now_ms: i64) {
        match outcome {
            SlotOutcome::Painted { url, source, fallback } => {
                self.images.set(slot, Some(url.clone()));
                self.sources.set(slot, Some(source.clone()));
                self.errors.retain(|e| !(e.kind == slot.kind && e.index == slot.index));
                self.fallbacks
                    .retain(|f| !(f.kind == slot.kind && f.index == slot.index));
                if let Some((cause, reason)) = fallback {
                    self.fallbacks.push(Fallback {
                        kind: slot.kind,
                        index: slot.index,
                        cause: *cause,
                        reason: reason.clone(),
                    });
                    self.fallbacks.sort_by_key(|f| (f.kind, f.index));
                }
            }
            SlotOutcome::Failed { message } => {
                if self.images.get(slot).is_none() {
                    self.errors.retain(|e| !(e.kind == slot.kind && e.index == slot.index));
                    self.errors.push(SlotError {
                        kind: slot.kind,
                        index: slot.index,
                        message: message.clone(),
                    });
                    self.errors.sort_by_key(|e| (e.kind, e.index));
                }
            }
        }
        let finished = self.images.count() + self.errors.len();
        self.progress.current = finished.min(self.progress.total).max(self.progress.current);
        self.updated_at = now_ms;
    }

    /// The fallback that painted `slot`, if one did.
    pub fn fallback(&self, slot: Slot) -> Option<&Fallback> {
        self.fallbacks
            .iter()
            .find(|f| f.kind == slot.kind && f.index == slot.index)
    }

    /// Carries what an earlier record knew of the pictures the case still shows (who painted them, which
    /// came from the fallback) onto this fresh one.
    pub fn carry_sources(&mut self, earlier: &ImageStatus) {
        for slot in self.images.slots() {
            if self.images.get(slot).is_some() && self.images.get(slot) == earlier.images.get(slot) {
                self.sources.set(slot, earlier.sources.get(slot).map(str::to_owned));
                if let Some(f) = earlier.fallback(slot) {
                    self.fallbacks.push(f.clone());
                }
            }
        }
    }

    /// Forgets a slot's picture or final error, so the next run paints it again (a moderator's repaint).
    pub fn reopen(&mut self, slot: Slot) {
        self.images.set(slot, None);
        self.sources.set(slot, None);
        self.fallbacks
            .retain(|f| !(f.kind == slot.kind && f.index == slot.index));
        self.errors.retain(|e| !(e.kind == slot.kind && e.index == slot.index));
        self.progress.current = (self.images.count() + self.errors.len()).min(self.progress.total);
    }

    /// Records one slot's outcome, unless the record has ended (a cancelled job's last picture in
    /// flight changes nothing).
    pub fn record_if_open(&mut self, slot: Slot, outcome: &SlotOutcome, now_ms: i64) {
        if !self.status.is_final() {
            self.record(slot, outcome, now_ms);
        }
    }

    /// When the record expires (Unix ms): `ttl` after its job ended (its `completedAt`, else its last
    /// update); never while the job is unfinished. The one rule both stores follow.
    pub fn expires_at(&self, ttl: std::time::Duration) -> Option<i64> {
        self.status
            .is_final()
            .then(|| self.completed_at.unwrap_or(self.updated_at) + ttl.as_millis() as i64)
    }

    /// Moves to a final state.
    pub fn finish(&mut self, state: StatusState, error: Option<String>, now_ms: i64) {
        self.status = state;
        self.error = error;
        self.throttled = None;
        self.completed_at = Some(now_ms);
        self.updated_at = now_ms;
    }
}
