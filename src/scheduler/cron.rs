//! Cron: parse expressions (5 fields, or 6 with seconds first) and fire each occurrence once.

use chrono::{DateTime, Utc};
use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};

/// A parsed cron expression, evaluated in UTC.
#[derive(Debug, Clone)]
pub struct CronExpr {
    cron: Cron,
    source: String,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("bad cron expression {expr:?}: {reason}")]
pub struct CronParseError {
    pub expr: String,
    pub reason: String,
}

impl CronExpr {
    pub fn parse(expr: &str) -> Result<Self, CronParseError> {
        let fields = expr.split_whitespace().count();
        if !(5..=6).contains(&fields) {
            return Err(CronParseError {
                expr: expr.to_owned(),
                reason: format!("expected 5 fields (minute hour day month weekday) or 6 with seconds, got {fields}"),
            });
        }
        let parser = CronParser::builder()
            .seconds(Seconds::Optional)
            .year(Year::Disallowed)
            .build();
        let cron = parser.parse(expr).map_err(|e| CronParseError {
            expr: expr.to_owned(),
            reason: e.to_string(),
        })?;
        Ok(CronExpr {
            cron,
            source: expr.to_owned(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The latest occurrence at or before `now_ms`.
    pub fn latest_at_or_before(&self, now_ms: i64) -> Option<i64> {
        let now: DateTime<Utc> = DateTime::from_timestamp_millis(now_ms)?;
        self.cron
            .find_previous_occurrence(&now, true)
            .ok()
            .map(|t| t.timestamp_millis())
    }

    /// The first occurrence strictly after `after_ms`.
    pub fn next_after(&self, after_ms: i64) -> Option<i64> {
        let t: DateTime<Utc> = DateTime::from_timestamp_millis(after_ms)?;
        self.cron
            .find_next_occurrence(&t, false)
            .ok()
            .map(|t| t.timestamp_millis())
    }
}

/// What to do about a schedule at `now_ms`, given the last occurrence it fired (or skipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Nothing,
    /// Fire this occurrence.
    Fire(i64),
    /// This occurrence was missed by more than the grace window: record it as passed, run nothing.
    Skip(i64),
}

/// The firing rule: only the latest occurrence that has passed counts (missed ones collapse into one
/// catch-up run), and only if it is no older than `grace_ms`.
pub fn due(expr: &CronExpr, last_fired: Option<i64>, now_ms: i64, grace_ms: i64) -> Due {
    let Some(occurrence) = expr.latest_at_or_before(now_ms) else {
        return Due::Nothing;
    };
    if last_fired.is_some_and(|last| occurrence <= last) {
        return Due::Nothing;
    }
    if now_ms - occurrence <= grace_ms {
        Due::Fire(occurrence)
    } else {
        Due::Skip(occurrence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIDNIGHT: i64 = 1_795_824_000_000; // 2026-11-28T00:00:00Z
    const HOUR: i64 = 3_600_000;

    #[test]
    fn five_and_six_field_expressions_parse_and_others_are_refused() {
        assert!(CronExpr::parse("0 0 * * *").is_ok());
        assert!(CronExpr::parse("*/30 * * * * *").is_ok());
        for bad in ["", "0 0 * *", "61 0 * * *", "0 0 * * * * *", "banana", "0 0 32 * *"] {
            assert!(CronExpr::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn the_daily_cron_fires_at_utc_midnight() {
        let e = CronExpr::parse("0 0 * * *").unwrap();
        assert_eq!(e.latest_at_or_before(MIDNIGHT + 5 * HOUR), Some(MIDNIGHT));
        assert_eq!(e.next_after(MIDNIGHT), Some(MIDNIGHT + 24 * HOUR));
    }

    #[test]
    fn a_missed_occurrence_fires_once_within_grace_and_is_skipped_after() {
        let e = CronExpr::parse("0 0 * * *").unwrap();
        let yesterday = MIDNIGHT - 24 * HOUR;
        assert_eq!(due(&e, Some(yesterday), MIDNIGHT + HOUR, 2 * HOUR), Due::Fire(MIDNIGHT));
        assert_eq!(due(&e, Some(MIDNIGHT), MIDNIGHT + HOUR, 2 * HOUR), Due::Nothing);
        assert_eq!(
            due(&e, Some(yesterday), MIDNIGHT + 3 * HOUR, 2 * HOUR),
            Due::Skip(MIDNIGHT)
        );
        // Three days down: one catch-up for the latest occurrence only.
        assert_eq!(
            due(&e, Some(yesterday - 48 * HOUR), MIDNIGHT + HOUR, 2 * HOUR),
            Due::Fire(MIDNIGHT)
        );
    }
}
