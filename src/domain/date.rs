//! Case dates as people type them: exactly `YYYY-MM-DD`, a real day, from 2000-01-01 to 9999-12-31.

use chrono::{Datelike, NaiveDate};

/// Why a text is not a case date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("{0:?} is not a date of the form YYYY-MM-DD (four-digit year, two-digit month and day)")]
    Form(String),
    #[error("{0:?} is not a day of the calendar")]
    NoSuchDay(String),
    #[error("{0:?} is outside 2000-01-01..9999-12-31")]
    OutOfRange(String),
}

/// Parses a case date strictly: `2026-1-1` and `26-12-03` are refused (chrono's `%Y` would read the
/// latter as the year 26), as is `2026-02-30`.
pub fn parse_case_date(text: &str) -> Result<NaiveDate, DateError> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return Err(DateError::Form(text.to_owned()));
    }
    let num = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
    let date = NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10))
        .ok_or_else(|| DateError::NoSuchDay(text.to_owned()))?;
    if !in_range(date) {
        return Err(DateError::OutOfRange(text.to_owned()));
    }
    Ok(date)
}

/// Whether a case may have this date: 2000-01-01 to 9999-12-31, so its id is `case-YYYY-MM-DD` with
/// four digits, which every route accepts.
pub fn in_range(date: NaiveDate) -> bool {
    (2000..=9999).contains(&date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_four_digit_year_days_are_case_dates() {
        assert_eq!(
            parse_case_date("2026-12-03"),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap())
        );
        for bad in [
            "2026-1-1",
            "26-12-03",
            "2026-12-3",
            "+2026-12-03",
            "2026/12/03",
            "",
            "２０２６-12-03",
        ] {
            assert_eq!(parse_case_date(bad), Err(DateError::Form(bad.into())), "{bad:?}");
        }
        assert_eq!(
            parse_case_date("2026-02-30"),
            Err(DateError::NoSuchDay("2026-02-30".into()))
        );
        assert_eq!(
            parse_case_date("2026-13-01"),
            Err(DateError::NoSuchDay("2026-13-01".into()))
        );
        assert_eq!(
            parse_case_date("1999-12-31"),
            Err(DateError::OutOfRange("1999-12-31".into()))
        );
        assert!(parse_case_date("9999-12-31").is_ok() && parse_case_date("2000-01-01").is_ok());
    }
}
