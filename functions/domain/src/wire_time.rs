//! Reading RFC 3339 instants in the browser without jiff's general parser.
//!
//! jiff's `Deserialize` for `Timestamp` runs its full temporal parser, whose panic paths keep
//! all of jiff's error formatting and time-zone parsing in the WebAssembly bundle (about 40 KB
//! gzip, an eighth of the app). The API only ever sends `YYYY-MM-DDTHH:MM:SS[.fraction]Z` or a
//! `±HH:MM` offset, so the app reads exactly that here. The server reads the instants of
//! request bodies the same way, so they are exactly what the OpenAPI document states.

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, de::Error};

fn digits(bytes: &[u8]) -> Option<i64> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
}

/// Days in a month (1–12) of a proleptic Gregorian year.
pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The shape [`parse`] reads; JSON Schema's `date-time` format adds that the values are real
/// (a month 1 to 12, a day of that month, a year from 1).
pub const PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?:[Zz]|[+-][0-9]{2}:[0-9]{2})$";

/// An RFC 3339 instant with a `Z` or `±HH:MM` offset, or `None`.
pub fn parse(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    let separators = b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b'T' | b't')
        && b[13] == b':'
        && b[16] == b':';
    if !separators {
        return None;
    }
    let (year, month, day) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    let (hour, minute, second) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    let valid = year >= 1
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    if !valid {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let fraction = &b[start..i];
        if fraction.is_empty() || fraction.len() > 9 {
            return None;
        }
        nanos = digits(fraction)? * 10i64.pow(9 - fraction.len() as u32);
    }
    let offset = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
            let (h, m) = (digits(&b[i + 1..i + 3])?, digits(&b[i + 4..i + 6])?);
            if h > 23 || m > 59 {
                return None;
            }
            if *sign == b'+' {
                h * 3600 + m * 60
            } else {
                -(h * 3600 + m * 60)
            }
        }
        _ => return None,
    };
    let seconds =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Timestamp::new(seconds, nanos as i32).ok()
}

/// `deserialize_with` for timestamp fields the app reads.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse(&text).ok_or_else(|| {
        D::Error::custom("expected an RFC 3339 timestamp such as 2026-01-31T09:30:00Z")
    })
}

/// `deserialize_with` for optional timestamp fields the app reads.
pub fn deserialize_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Timestamp>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) => parse(&text).map(Some).ok_or_else(|| {
            D::Error::custom("expected an RFC 3339 timestamp such as 2026-01-31T09:30:00Z")
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_reads_what_jiff_writes_and_agrees_with_jiff() {
        let samples = [
            "1970-01-01T00:00:00Z",
            "2026-11-23T04:21:49.985814086Z",
            "2024-02-29T23:59:59.5Z",
            "1999-12-31T23:59:59+05:30",
            "2000-03-01T00:00:00-08:00",
            "2100-02-28T12:00:00.000001Z",
            "1969-07-20T20:17:40Z",
        ];
        for text in samples {
            let expected: Timestamp = text.parse().unwrap();
            assert_eq!(parse(text), Some(expected), "{text}");
        }
        let now = Timestamp::now();
        assert_eq!(parse(&now.to_string()), Some(now));
    }

    #[test]
    fn it_refuses_impossible_or_ambiguous_instants() {
        for text in [
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T00:60:00Z",
            "2026-01-01T00:00:00",
            "2026-01-01T00:00:00.Z",
            "2026-01-01 00:00:00Z",
            "2026-01-01T00:00:00+5:30",
            "not a time at all....",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
