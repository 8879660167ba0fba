//! The one retry policy for remote models: what each HTTP outcome means, how long to wait before the
//! next try, and when a daily quota resets.

use std::time::Duration;

use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

use super::ProviderError;

/// A server delay longer than this is not waited out inside a job: the job pauses until then instead.
pub const MAX_RETRY_WAIT: Duration = Duration::from_secs(300);

/// Daily quotas come back a little after midnight Pacific; resume this long after it.
const RESET_GRACE_MS: i64 = 60_000;

/// Where a call went, for messages that tell the user what to fix.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// `Gemini` or `OpenAI`.
    pub service: &'static str,
    /// `image model` or `case model`: which setting names the model.
    pub role: &'static str,
    pub model: String,
    pub base: String,
}

/// What went wrong with one call, in the classes the policy cares about.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Failure {
    /// No answer: a connection error, a reset, a timeout.
    #[error("{0}")]
    Unreachable(String),
    /// 408 or 5xx: the server is overloaded or down for a while.
    #[error("{message}")]
    Unavailable {
        message: String,
        retry_after: Option<Duration>,
    },
    /// 429 within a short window (per minute): wait as long as the server says.
    #[error("{message}")]
    Throttled {
        message: String,
        retry_after: Option<Duration>,
    },
    /// A quota that resets at a known time (per day): pause until then.
    #[error("{message}")]
    QuotaExhausted { message: String, resume_at_ms: i64 },
    /// The account has no credit: nothing helps until a person pays.
    #[error("{0}")]
    OutOfCredit(String),
    /// 400 API_KEY_INVALID, 401, 403.
    #[error("{0}")]
    KeyRejected(String),
    /// 404: the model name is wrong or the model was retired.
    #[error("{0}")]
    ModelNotFound(String),
    /// Any other 4xx: this request will never work as it is.
    #[error("{0}")]
    Rejected(String),
    /// The model answered but refused (a safety block, a text-only answer).
    #[error("{0}")]
    Blocked(String),
    /// An answer that cannot be used (not JSON, no picture data); it may be a glitch.
    #[error("{0}")]
    BadAnswer(String),
}

impl Failure {
    /// Errors that end a whole job: retrying them would hammer a bad key or a missing model.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            Failure::KeyRejected(_) | Failure::ModelNotFound(_) | Failure::OutOfCredit(_)
        )
    }

    /// Whether the server looked at the request at all (so the key and model are known to be good,
    /// unless the failure itself says otherwise).
    pub fn server_answered(&self) -> bool {
        !matches!(self, Failure::Unreachable(_) | Failure::Unavailable { .. })
    }

    /// The server's wish for the next try, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Failure::Unavailable { retry_after, .. } | Failure::Throttled { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl From<Failure> for ProviderError {
    fn from(f: Failure) -> Self {
        match f {
            Failure::Unreachable(message) | Failure::BadAnswer(message) => ProviderError::Retryable {
                message,
                retry_after: None,
            },
            Failure::Unavailable { message, retry_after } => ProviderError::Retryable { message, retry_after },
            Failure::Throttled { message, retry_after } => ProviderError::Throttled { message, retry_after },
            Failure::QuotaExhausted { message, resume_at_ms } => {
                ProviderError::QuotaExhausted { message, resume_at_ms }
            }
            Failure::OutOfCredit(m) | Failure::KeyRejected(m) | Failure::ModelNotFound(m) => ProviderError::JobFatal(m),
            Failure::Rejected(m) => ProviderError::SlotFinal(m),
            Failure::Blocked(m) => ProviderError::Refused(m),
        }
    }
}

/// What a non-2xx answer means. `body` must already be redacted of the key.
pub fn classify_status(status: StatusCode, headers: &HeaderMap, body: &str, ep: &Endpoint, now_ms: i64) -> Failure {
    let e = ErrorBody::parse(body);
    let code = status.as_u16();
    let what = e.describe(status);
    let svc = ep.service;
    match code {
        400 if e.reason.as_deref() == Some("API_KEY_INVALID") || e.message.contains("API key not valid") => {
            Failure::KeyRejected(format!("the {svc} API key was rejected ({what})"))
        }
        400 if matches!(
            e.reason.as_deref(),
            Some("content_policy_violation" | "moderation_blocked")
        ) =>
        {
            Failure::Blocked(format!("the {svc} safety system refused the prompt ({what})"))
        }
        401 => Failure::KeyRejected(format!("the {svc} API key was rejected ({what})")),
        403 => Failure::KeyRejected(format!(
            "the {svc} API key is not allowed to use model {} ({what})",
            ep.model
        )),
        404 => Failure::ModelNotFound(format!(
            "model {} not found at {}: check the {} name ({what})",
            ep.model, ep.base, ep.role
        )),
        429 if e.reason.as_deref() == Some("insufficient_quota") => {
            Failure::OutOfCredit(format!("the {svc} account has no quota left ({what})"))
        }
        429 => {
            if let Some(id) = e
                .quota_ids
                .iter()
                .find(|id| id.contains("PerDay") || id.contains("Daily"))
            {
                let resume_at_ms = next_pacific_midnight(now_ms) + RESET_GRACE_MS;
                return Failure::QuotaExhausted {
                    message: format!(
                        "the {svc} daily quota {id} is used up; resuming after it resets at midnight Pacific, {} ({what})",
                        crate::clock::rfc3339(resume_at_ms)
                    ),
                    resume_at_ms,
                };
            }
            let retry_after = e.retry_delay.or_else(|| header_delay(headers));
            match retry_after {
                Some(d) if d > MAX_RETRY_WAIT => Failure::QuotaExhausted {
                    message: format!("{svc} asks to wait {}s ({what})", d.as_secs()),
                    resume_at_ms: now_ms + d.as_millis() as i64,
                },
                _ => Failure::Throttled {
                    message: format!("{svc} is rate limiting ({what})"),
                    retry_after,
                },
            }
        }
        408 | 499 | 500..=599 => Failure::Unavailable {
            message: format!("{svc} is unavailable ({what})"),
            retry_after: e.retry_delay.or_else(|| header_delay(headers)),
        },
        400..=499 => Failure::Rejected(format!("{svc} refused the request ({what})")),
        _ => Failure::BadAnswer(format!("{svc} gave an unexpected answer ({what})")),
    }
}

/// What a call that got no HTTP answer means.
pub fn classify_transport(err: &reqwest::Error, ep: &Endpoint, timeout: Duration) -> Failure {
    let mut cause = String::new();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    let svc = ep.service;
    if err.is_timeout() {
        Failure::Unreachable(format!(
            "{svc} did not answer within {} (timeout)",
            crate::common::duration::format(timeout)
        ))
    } else if err.is_connect() {
        Failure::Unreachable(format!("cannot connect to {svc} at {}: {cause}", ep.base))
    } else if err.is_decode() || err.is_body() {
        Failure::Unreachable(format!("the answer from {svc} broke off: {cause}"))
    } else {
        Failure::Unreachable(format!("the request to {svc} at {} failed: {cause}", ep.base))
    }
}

/// Replaces every occurrence of the key with `[redacted]` (servers sometimes echo what they were sent).
pub fn redact(text: &str, key: &str) -> String {
    if key.len() < 4 {
        return text.to_owned();
    }
    text.replace(key, crate::config::Secret::REDACTED)
}

/// The parts of an error body the policy reads, from Google's `google.rpc.Status` envelope
/// (`{error: {code, message, status, details[]}}`) or OpenAI's (`{error: {message, type, code}}`).
#[derive(Debug, Default)]
struct ErrorBody {
    message: String,
    /// Google's canonical status (`RESOURCE_EXHAUSTED`) or OpenAI's `type`.
    status: Option<String>,
    /// `ErrorInfo.reason` (Google) or the string `code` (OpenAI).
    reason: Option<String>,
    quota_ids: Vec<String>,
    retry_delay: Option<Duration>,
}

impl ErrorBody {
    fn parse(body: &str) -> Self {
        let Ok(v) = serde_json::from_str::<Value>(body) else {
            return ErrorBody {
                message: shorten(body.trim(), 200),
                ..Default::default()
            };
        };
        // Some proxies wrap the envelope in a one-element array.
        let v = v.get(0).unwrap_or(&v);
        let err = v.get("error").unwrap_or(v);
        let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let mut out = ErrorBody {
            message: shorten(&text(err, "message").unwrap_or_default(), 300),
            status: text(err, "status").or_else(|| text(err, "type")),
            reason: text(err, "code"),
            ..Default::default()
        };
        for d in err.get("details").and_then(Value::as_array).into_iter().flatten() {
            let kind = d.get("@type").and_then(Value::as_str).unwrap_or_default();
            if kind.ends_with("google.rpc.ErrorInfo") {
                out.reason = text(d, "reason").or(out.reason);
            } else if kind.ends_with("google.rpc.RetryInfo") {
                out.retry_delay = d.get("retryDelay").and_then(Value::as_str).and_then(parse_delay);
            } else if kind.ends_with("google.rpc.QuotaFailure") {
                let violations = d.get("violations").and_then(Value::as_array).into_iter().flatten();
                out.quota_ids.extend(violations.filter_map(|q| text(q, "quotaId")));
            }
        }
        if out.retry_delay.is_none() {
            out.retry_delay = delay_in_message(&out.message);
        }
        out
    }

    /// `429 RESOURCE_EXHAUSTED: You exceeded...`, as much as the body said.
    fn describe(&self, status: StatusCode) -> String {
        let mut s = status.as_u16().to_string();
        if let Some(st) = &self.status {
            s.push(' ');
            s.push_str(st);
        }
        if let Some(r) = self.reason.as_ref().filter(|r| Some(*r) != self.status.as_ref()) {
            s.push_str(", ");
            s.push_str(r);
        }
        if !self.message.is_empty() {
            s.push_str(": ");
            s.push_str(&self.message);
        }
        s
    }
}

fn shorten(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// A protobuf Duration as JSON: `"45.837906927s"`, `"15s"`, also `"500ms"`.
pub fn parse_delay(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (num, scale) = if let Some(n) = s.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1.0)
    } else {
        (s, 1.0)
    };
    let secs = num.trim().parse::<f64>().ok()? * scale;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs))
}

/// "... Please retry in 58.934310785s." — the fallback when no RetryInfo came.
fn delay_in_message(message: &str) -> Option<Duration> {
    let rest = &message[message.find("retry in ")? + "retry in ".len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 's' || c == 'm'))
        .unwrap_or(rest.len());
    parse_delay(rest[..end].trim_end_matches('.'))
}

/// `retry-after-ms` or `retry-after` (seconds), as OpenAI-style servers send them.
fn header_delay(headers: &HeaderMap) -> Option<Duration> {
    let h = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    if let Some(ms) = h("retry-after-ms") {
        return (ms >= 0.0).then(|| Duration::from_secs_f64(ms / 1000.0));
    }
    h("retry-after").filter(|s| *s >= 0.0).map(Duration::from_secs_f64)
}

const HOUR_MS: i64 = 3_600_000;

/// The next midnight in US Pacific time after `now_ms`, as Unix ms: when Gemini's daily quotas reset.
/// Pacific time is UTC-8, or UTC-7 from the second Sunday of March 2:00 to the first Sunday of November
/// 2:00 (local); worked out here rather than with a time-zone database.
pub fn next_pacific_midnight(now_ms: i64) -> i64 {
    let local = now_ms + pacific_offset_ms(now_ms);
    let today = chrono::DateTime::from_timestamp_millis(local)
        .unwrap_or_default()
        .date_naive();
    let tomorrow = today.succ_opt().unwrap_or(today);
    let midnight = tomorrow.and_time(NaiveTime::MIN).and_utc().timestamp_millis();
    // No transition happens at midnight, so the offset a standard-time guess lands in is the right one.
    let standard = midnight + 8 * HOUR_MS;
    if in_us_daylight_time(standard) {
        midnight + 7 * HOUR_MS
    } else {
        standard
    }
}

fn pacific_offset_ms(utc_ms: i64) -> i64 {
    if in_us_daylight_time(utc_ms) {
        -7 * HOUR_MS
    } else {
        -8 * HOUR_MS
    }
}

/// Whether US daylight saving time is in force in the Pacific zone at this UTC instant.
fn in_us_daylight_time(utc_ms: i64) -> bool {
    let year = chrono::DateTime::from_timestamp_millis(utc_ms)
        .unwrap_or_default()
        .year();
    let at = |month, nth, utc_hour: i64| {
        nth_sunday(year, month, nth)
            .map(|d| d.and_time(NaiveTime::MIN).and_utc().timestamp_millis() + utc_hour * HOUR_MS)
    };
    // 2:00 PST is 10:00 UTC; 2:00 PDT is 9:00 UTC.
    match (at(3, 2, 10), at(11, 1, 9)) {
        (Some(start), Some(end)) => utc_ms >= start && utc_ms < end,
        _ => false,
    }
}

fn nth_sunday(year: i32, month: u32, nth: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let to_sunday = (7 - first.weekday().num_days_from_sunday()) % 7;
    first.checked_add_signed(TimeDelta::days(i64::from(to_sunday + 7 * (nth - 1))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis()
    }

    fn ep() -> Endpoint {
        Endpoint {
            service: "Gemini",
            role: "image model",
            model: "gemini-x-image".into(),
            base: "http://127.0.0.1:9".into(),
        }
    }

    fn classify(code: u16, body: &str) -> Failure {
        classify_status(
            StatusCode::from_u16(code).unwrap(),
            &HeaderMap::new(),
            body,
            &ep(),
            ms("2026-11-28T12:00:00Z"),
        )
    }

    #[test]
    fn us_daylight_time_runs_from_the_second_sunday_of_march_to_the_first_sunday_of_november() {
        assert_eq!(nth_sunday(2026, 3, 2), NaiveDate::from_ymd_opt(2026, 3, 8));
        assert_eq!(nth_sunday(2026, 11, 1), NaiveDate::from_ymd_opt(2026, 11, 1));
        assert_eq!(nth_sunday(2027, 3, 2), NaiveDate::from_ymd_opt(2027, 3, 14));
        assert!(!in_us_daylight_time(ms("2026-03-08T09:59:59Z")));
        assert!(in_us_daylight_time(ms("2026-03-08T10:00:00Z")));
        assert!(in_us_daylight_time(ms("2026-11-01T08:59:59Z")));
        assert!(!in_us_daylight_time(ms("2026-11-01T09:00:00Z")));
    }

    #[test]
    fn the_next_pacific_midnight_is_8h_after_utc_midnight_in_winter_and_7h_in_summer() {
        let cases = [
            ("2026-11-28T12:00:00Z", "2026-11-29T08:00:00Z"),
            ("2026-11-29T07:59:59Z", "2026-11-29T08:00:00Z"),
            ("2026-11-29T08:00:00Z", "2026-11-30T08:00:00Z"),
            ("2026-07-01T06:00:00Z", "2026-07-01T07:00:00Z"),
            ("2026-07-01T07:30:00Z", "2026-07-02T07:00:00Z"),
            // The day DST starts: midnight is still standard time; the next one is daylight time.
            ("2026-03-08T05:00:00Z", "2026-03-08T08:00:00Z"),
            ("2026-03-08T12:00:00Z", "2026-03-09T07:00:00Z"),
            // The day DST ends: that midnight is still daylight time; the next one is standard.
            ("2026-10-31T12:00:00Z", "2026-11-01T07:00:00Z"),
            ("2026-11-01T08:30:00Z", "2026-11-02T08:00:00Z"),
            ("2026-12-31T23:00:00Z", "2027-01-01T08:00:00Z"),
        ];
        for (now, want) in cases {
            assert_eq!(
                crate::clock::rfc3339(next_pacific_midnight(ms(now))),
                want,
                "after {now}"
            );
        }
    }

    #[test]
    fn retry_delays_parse_fractional_seconds_and_milliseconds() {
        assert_eq!(parse_delay("45.837906927s"), Some(Duration::from_nanos(45_837_906_927)));
        assert_eq!(parse_delay("15s"), Some(Duration::from_secs(15)));
        assert_eq!(parse_delay("0.05s"), Some(Duration::from_millis(50)));
        assert_eq!(parse_delay("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse_delay("soon"), None);
        assert_eq!(parse_delay("-1s"), None);
        assert_eq!(
            delay_in_message("Quota exceeded. Please retry in 58.5s."),
            Some(Duration::from_millis(58_500))
        );
    }

    #[test]
    fn a_429_waits_the_retry_info_delay_and_a_per_day_429_pauses_until_after_midnight_pacific() {
        let minute = r#"{"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED",
          "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier"}]},
                     {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"45.837906927s"}]}}"#;
        match classify(429, minute) {
            Failure::Throttled { retry_after, message } => {
                assert_eq!(retry_after, Some(Duration::from_nanos(45_837_906_927)));
                assert!(message.contains("429 RESOURCE_EXHAUSTED"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let day = minute.replace("PerMinute", "PerDay");
        match classify(429, &day) {
            Failure::QuotaExhausted { resume_at_ms, message } => {
                assert_eq!(resume_at_ms, ms("2026-11-29T08:01:00Z"));
                assert!(message.contains("PerDay"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let long = minute.replace("45.837906927s", "3600s");
        assert!(matches!(classify(429, &long), Failure::QuotaExhausted { .. }));
    }

    #[test]
    fn statuses_fall_into_the_documented_classes() {
        let bad_key = r#"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
          "details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}"#;
        let f = classify(400, bad_key);
        assert!(matches!(f, Failure::KeyRejected(_)), "{f:?}");
        assert!(f.to_string().starts_with("the Gemini API key was rejected"), "{f}");
        assert!(matches!(
            classify(400, r#"{"error":{"message":"bad field"}}"#),
            Failure::Rejected(_)
        ));
        assert!(matches!(classify(401, ""), Failure::KeyRejected(_)));
        assert!(matches!(classify(403, "{}"), Failure::KeyRejected(_)));
        let f = classify(
            404,
            r#"{"error":{"code":404,"message":"models/gemini-x-image is not found","status":"NOT_FOUND"}}"#,
        );
        assert!(
            f.to_string()
                .starts_with("model gemini-x-image not found at http://127.0.0.1:9: check the image model name"),
            "{f}"
        );
        for code in [408, 500, 502, 503, 504] {
            assert!(
                matches!(classify(code, "<html>busy</html>"), Failure::Unavailable { .. }),
                "{code}"
            );
        }
        let safety = r#"{"error":{"message":"Your request was rejected as a result of our safety system.","type":"invalid_request_error","param":null,"code":"content_policy_violation"}}"#;
        assert!(matches!(classify(400, safety), Failure::Blocked(_)));
        let credit = r#"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}"#;
        assert!(classify(429, credit).is_fatal());
    }

    #[test]
    fn the_key_is_redacted_from_echoed_text() {
        assert_eq!(
            redact("key=AIzaSECRET rejected", "AIzaSECRET"),
            "key=[redacted] rejected"
        );
    }
}
