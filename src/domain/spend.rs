//! The spend ledger: what each paid provider call cost, and the UTC day it counts against.
//! Money is kept in whole micro-dollars (`i64`), so sums over a day are exact in both stores.

use serde::{Deserialize, Serialize};

/// Micro-dollars in a dollar.
pub const MICROS_PER_USD: f64 = 1_000_000.0;

/// A dollar amount as whole micro-dollars, rounded.
pub fn micros(usd: f64) -> i64 {
    (usd * MICROS_PER_USD).round() as i64
}

/// Micro-dollars as dollars.
pub fn usd(micros: i64) -> f64 {
    micros as f64 / MICROS_PER_USD
}

/// `$1.234567` with the cents always shown and no trailing zeros past them.
pub fn format_usd(micros: i64) -> String {
    let text = format!("{:.6}", usd(micros));
    let trimmed = text.trim_end_matches('0');
    let decimals = trimmed.split('.').nth(1).map_or(0, str::len);
    if decimals < 2 {
        format!("${:.2}", usd(micros))
    } else {
        format!("${trimmed}")
    }
}

/// The UTC day (`YYYY-MM-DD`) of a Unix ms time: the day a call's price counts against.
pub fn day_of(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string()
}

/// A day in Unix ms.
pub const DAY_MS: i64 = 24 * 3600 * 1000;

/// Unix ms of the next UTC midnight after `ms`: when a day's budget starts afresh.
pub fn next_day_start(ms: i64) -> i64 {
    (ms.div_euclid(DAY_MS) + 1) * DAY_MS
}

/// Tokens an answer reports (Gemini's `usageMetadata`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

/// One paid call, as the ledger keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Charge {
    /// Unix ms the call was reserved at; its `day` is the UTC day of this time.
    pub at: i64,
    pub day: String,
    pub provider: String,
    pub model: String,
    pub case_id: String,
    /// The slot (`location[0]`...), when the call was for a picture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Usage>,
    /// The price, in micro-dollars.
    pub micros: i64,
    /// Whether the call painted a picture (a billed answer can still be a refusal).
    pub painted: bool,
    /// Bought at the Batch API's price.
    #[serde(default)]
    pub batch: bool,
}

/// A reservation settled: the amount it held against its day, and what the call cost. `charge` is
/// `None` for a call that cost nothing (not billed: an error before the model answered).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settle {
    pub day: String,
    pub reserved: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<Charge>,
}

/// What a reservation against the day's budget came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    Granted,
    /// The call would pass the budget: spent and reserved so far, and the budget, in micro-dollars.
    Refused {
        spent: i64,
        reserved: i64,
        budget: i64,
    },
}

/// Calls, pictures and money of one provider and model on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpendRow {
    pub provider: String,
    pub model: String,
    pub calls: u64,
    pub pictures: u64,
    pub micros: i64,
}

/// One UTC day of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DaySpend {
    pub day: String,
    /// Settled, in micro-dollars.
    pub spent: i64,
    /// Held by calls in flight (or abandoned mid-call), in micro-dollars.
    pub reserved: i64,
    pub rows: Vec<SpendRow>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_exact_in_micros_and_days_turn_at_utc_midnight() {
        assert_eq!(micros(0.039), 39_000);
        assert_eq!(micros(1290.0 * 30.0 / 1e6), 38_700);
        assert_eq!(format_usd(39_000), "$0.039");
        assert_eq!(format_usd(2_000_000), "$2.00");
        assert_eq!(format_usd(2_500_000), "$2.50");
        assert_eq!(format_usd(0), "$0.00");
        let noon = 1_764_504_000_000; // 2025-11-30T12:00:00Z
        assert_eq!(day_of(noon), "2025-11-30");
        assert_eq!(next_day_start(noon), 1_764_547_200_000);
        assert_eq!(day_of(next_day_start(noon)), "2025-12-01");
        assert_eq!(day_of(next_day_start(noon) - 1), "2025-11-30");
    }
}
