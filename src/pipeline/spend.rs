//! Paid calls under the daily budget: each call reserves its expected price against the UTC
//! day before it is made, and is settled with its outcome (the charge into the ledger, the reservation
//! given back) in the same store step. A call the budget cannot hold is not made: the job pauses until
//! the next UTC day, or until a moderator raises the budget.

use super::{Environment, PipelineError};
use crate::domain::spend::{day_of, format_usd, next_day_start};
use crate::domain::{Charge, Reservation, Settle, Slot, SlotKind};
use crate::metrics::SpendLabels;
use crate::providers::{Bill, ImageProvider};
use crate::scheduler::JobError;
use crate::store::{CaseRecords, StoreResult};

/// A reservation held for one paid call.
#[derive(Debug)]
pub(super) struct Held {
    pub(super) day: String,
    pub(super) at: i64,
    pub(super) micros: i64,
}

impl Held {
    /// The ledger entry of a call made under this hold (no picture, live price: callers say otherwise).
    fn charge(&self, provider: &str, bill: Bill, case_id: &str, slot: Option<Slot>) -> Charge {
        Charge {
            at: self.at,
            day: self.day.clone(),
            provider: provider.to_owned(),
            model: bill.model,
            case_id: case_id.to_owned(),
            slot: slot.map(|s| s.key()),
            usage: bill.usage,
            micros: bill.micros,
            painted: false,
            batch: false,
        }
    }
}

impl Environment {
    /// The daily budget in force (micro-dollars): a moderator's, when one is stored, else the configured
    /// one; `None` for no limit.
    pub async fn budget(&self) -> StoreResult<Option<i64>> {
        Ok(self.store.stored_budget().await?.or(self.daily_budget))
    }

    /// Holds the expected price of `provider`'s picture of `kind` against today's budget. `None` for a
    /// provider that costs nothing. A call the budget cannot hold pauses the job until the next UTC day.
    pub(super) async fn reserve(
        &self,
        provider: &dyn ImageProvider,
        kind: SlotKind,
    ) -> Result<Option<Held>, PipelineError> {
        self.reserve_micros(provider.estimate(kind)).await
    }

    /// Holds `micros` against today's budget (a batch holds all its pictures at once, a case its writer's
    /// tries); `None` for 0.
    pub(super) async fn reserve_micros(&self, micros: i64) -> Result<Option<Held>, PipelineError> {
        if micros <= 0 {
            return Ok(None);
        }
        let at = self.clock.now_ms();
        let day = day_of(at);
        match self.store.reserve(&day, micros, self.daily_budget).await? {
            Reservation::Granted => Ok(Some(Held { day, at, micros })),
            Reservation::Refused {
                spent,
                reserved,
                budget,
            } => {
                let resume = next_day_start(at);
                Err(PipelineError::BudgetSpent {
                    message: format!(
                        "the daily budget of {} is spent ({} today, {} held by calls in flight, {} for the next \
                         call); paid calls resume at {} or when a moderator raises the budget",
                        format_usd(budget),
                        format_usd(spent),
                        format_usd(reserved),
                        format_usd(micros),
                        crate::clock::rfc3339(resume)
                    ),
                    resume_at_ms: resume,
                })
            }
        }
    }

    /// The settlement of a call to `provider` that held `held`: its bill as a ledger charge (none when the
    /// provider did not bill it), and the reservation given back. `None` when nothing was held (a free
    /// provider).
    #[expect(clippy::too_many_arguments, reason = "each is one field of the ledger entry")]
    pub(super) fn settle(
        &self,
        provider: &dyn ImageProvider,
        held: Option<Held>,
        bill: Option<Bill>,
        case_id: &str,
        slot: Option<Slot>,
        painted: bool,
        batch: bool,
    ) -> Option<Settle> {
        let held = held?;
        let charge = bill.map(|b| Charge {
            painted,
            batch,
            ..held.charge(provider.name(), b, case_id, slot)
        });
        Some(Settle {
            day: held.day,
            reserved: held.micros,
            charge,
        })
    }

    /// Writes a settlement on its own (a call whose outcome is a retry), adding its charge to the case's
    /// cost on the status record in the same step.
    pub(super) async fn settle_alone(&self, case_id: &str, settle: Settle) -> Result<(), JobError> {
        let write = |r: &mut CaseRecords| {
            add_to_records(r, &settle);
            Ok(())
        };
        self.store.modify(case_id, &write).await?;
        self.count(&settle);
        Ok(())
    }

    /// Counts a written settlement in this process's spend metric.
    pub(super) fn count(&self, settle: &Settle) {
        if let Some(c) = &settle.charge {
            let labels = SpendLabels {
                provider: c.provider.clone(),
                model: c.model.clone(),
            };
            self.metrics
                .spend_usd
                .get_or_create(&labels)
                .inc_by(crate::domain::spend::usd(c.micros));
        }
    }
}

impl Environment {
    /// The settlements of a case writer's calls: one charge per bill, the first giving back the hold.
    pub(super) fn settles_of_case(
        &self,
        held: Option<Held>,
        bills: crate::casegen::Bills,
        case_id: &str,
    ) -> Vec<Settle> {
        let Some(held) = held else {
            return Vec::new();
        };
        let bills = bills.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut settles: Vec<Settle> = bills
            .into_iter()
            .map(|bill| Settle {
                day: held.day.clone(),
                reserved: 0,
                charge: Some(held.charge(self.casegen.name(), bill, case_id, None)),
            })
            .collect();
        match settles.first_mut() {
            Some(first) => first.reserved = held.micros,
            None => settles.push(Settle {
                day: held.day,
                reserved: held.micros,
                charge: None,
            }),
        }
        settles
    }

    /// Writes a case writer's settlements when no case was written (it failed, or the case existed).
    pub(super) async fn settle_case_alone(&self, case_id: &str, settles: &[Settle]) {
        if settles.is_empty() {
            return;
        }
        let write = |r: &mut CaseRecords| {
            r.settles.extend(settles.iter().cloned());
            Ok(())
        };
        match self.store.modify(case_id, &write).await {
            Ok(_) => settles.iter().for_each(|s| self.count(s)),
            // The day keeps the hold: it errs on the side of spending less.
            Err(e) => tracing::warn!(case.id = %case_id, error = %e, "could not settle the case writer's calls"),
        }
    }
}

/// Puts a settlement into a change of the case's records: the ledger entry, and its price on the case's
/// cost.
pub(super) fn add_to_records(r: &mut CaseRecords, settle: &Settle) {
    if let (Some(status), Some(charge)) = (r.status.as_mut(), settle.charge.as_ref()) {
        status.add_cost(charge.micros);
    }
    r.settles.push(settle.clone());
}

/// The ledger by day, for people: `sleuths spend`, `GET /internal/spend` and the dashboard's chart.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpendReport {
    /// Today (UTC), the last day of `days`.
    pub today: String,
    /// The daily budget in force, in USD; `None` for no limit.
    pub budget_usd: Option<f64>,
    /// Where the budget comes from: `moderator` (stored at run time), `config` or `none`.
    pub budget_source: &'static str,
    /// Every day of the range, oldest first, days without spend included.
    pub days: Vec<DayReport>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayReport {
    pub day: String,
    pub spent_usd: f64,
    /// Held by calls in flight, or by calls abandoned mid-flight (they may have been billed).
    pub reserved_usd: f64,
    pub calls: u64,
    pub pictures: u64,
    pub models: Vec<ModelReport>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModelReport {
    pub provider: String,
    pub model: String,
    pub calls: u64,
    pub pictures: u64,
    pub usd: f64,
}

impl Environment {
    /// The last `days` UTC days of the ledger (today included) and the budget in force.
    pub async fn spend_report(&self, days: u32) -> StoreResult<SpendReport> {
        use crate::domain::spend::{DAY_MS, usd};
        let now = self.clock.now_ms();
        let today = day_of(now);
        let days = days.clamp(1, 3660) as i64;
        let first = day_of(now - (days - 1) * DAY_MS);
        let stored = self.store.stored_budget().await?;
        let spent = self.store.spend(&first, &today).await?;
        let report = (0..days)
            .rev()
            .map(|back| day_of(now - back * DAY_MS))
            .map(|day| match spent.iter().find(|d| d.day == day) {
                Some(d) => DayReport {
                    day,
                    spent_usd: usd(d.spent),
                    reserved_usd: usd(d.reserved),
                    calls: d.rows.iter().map(|r| r.calls).sum(),
                    pictures: d.rows.iter().map(|r| r.pictures).sum(),
                    models: d
                        .rows
                        .iter()
                        .map(|r| ModelReport {
                            provider: r.provider.clone(),
                            model: r.model.clone(),
                            calls: r.calls,
                            pictures: r.pictures,
                            usd: usd(r.micros),
                        })
                        .collect(),
                },
                None => DayReport {
                    day,
                    spent_usd: 0.0,
                    reserved_usd: 0.0,
                    calls: 0,
                    pictures: 0,
                    models: Vec::new(),
                },
            })
            .collect();
        let (budget, source) = match (stored, self.daily_budget) {
            (Some(b), _) => (Some(b), "moderator"),
            (None, Some(b)) => (Some(b), "config"),
            (None, None) => (None, "none"),
        };
        Ok(SpendReport {
            today,
            budget_usd: budget.map(usd),
            budget_source: source,
            days: report,
        })
    }

    /// A moderator's daily budget (USD), shared by every process from now on; `None` goes back to the
    /// configured one. The jobs a budget paused are woken to try again under it (a budget still spent
    /// pauses them again, at the cost of one store step each). Returns how many were woken.
    pub async fn set_budget(&self, usd: Option<f64>) -> StoreResult<usize> {
        self.store.set_budget(usd.map(crate::domain::spend::micros)).await?;
        let woken = self
            .store
            .wake(
                <super::GenerateCaseImages as crate::scheduler::Job>::NAME,
                crate::domain::PauseKind::Budget,
            )
            .await?;
        tracing::info!(budget_usd = ?usd, jobs.woken = woken, "daily budget set by a moderator");
        Ok(woken)
    }
}
