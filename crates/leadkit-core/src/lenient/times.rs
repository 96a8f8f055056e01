//! Timestamps and dates as vendors write them.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::Serializer;
use serde::de::Deserializer;

use super::visitors::{ParsedStr, deserialize_optional};

/// Parses a timestamp as vendors write it: `T` or a space between date and time, seconds
/// optional, 0 to 9 fractional digits, and an optional zone (`Z`, `+07:00`, `+0700`, `+07`).
/// Returns the wall-clock time and the offset, if one was written.
///
/// ```
/// use leadkit_core::lenient::parse_timestamp;
/// let (at, offset) = parse_timestamp("2022-03-25T09:15+07:00").unwrap();
/// assert_eq!(at.to_string(), "2022-03-25 09:15:00");
/// assert_eq!(offset.map(|o| o.local_minus_utc()), Some(7 * 3600));
/// assert_eq!(parse_timestamp("2022-03-25 09:15:17.5").unwrap().1, None);
/// ```
pub fn parse_timestamp(text: &str) -> Option<(NaiveDateTime, Option<FixedOffset>)> {
    let text = text.trim();
    let (local, offset) = split_offset(text)?;
    let local = local.trim_end();
    let at = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(local, format).ok())?;
    Some((at, offset))
}

/// Splits a trailing zone off a timestamp: `Z`, `±HH:MM`, `±HHMM` or `±HH` after the time.
fn split_offset(text: &str) -> Option<(&str, Option<FixedOffset>)> {
    if let Some(local) = text.strip_suffix(['Z', 'z']) {
        return Some((local, FixedOffset::east_opt(0)));
    }
    // A sign after the time part (position 10 is the date/time separator).
    let Some(sign_at) = text
        .char_indices()
        .skip(11)
        .find(|(_, c)| *c == '+' || *c == '-')
        .map(|(at, _)| at)
    else {
        return Some((text, None));
    };
    let (local, zone) = text.split_at(sign_at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    Some((
        local,
        FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)),
    ))
}

/// Parses a timestamp into a wall-clock time: any form [`parse_timestamp`] accepts. A written
/// zone is applied, so the result is then the UTC time (`09:15+07:00` is `02:15`); without one
/// the time is kept as written.
///
/// ```
/// use leadkit_core::lenient::parse_naive_datetime;
/// assert!(parse_naive_datetime("2022-03-25T09:15:17").is_some());
/// assert!(parse_naive_datetime("2022-03-25 09:15:17.123456789").is_some());
/// assert_eq!(parse_naive_datetime("2022-03-25T09:15+07:00").unwrap().to_string(), "2022-03-25 02:15:00");
/// assert!(parse_naive_datetime("25/03/2022").is_none());
/// ```
pub fn parse_naive_datetime(text: &str) -> Option<NaiveDateTime> {
    let (at, offset) = parse_timestamp(text)?;
    Some(match offset {
        Some(offset) => at.checked_sub_offset(offset)?,
        None => at,
    })
}

/// Parses a timestamp with its zone: any form [`parse_timestamp`] accepts; without a zone the
/// time is taken as UTC.
///
/// ```
/// use leadkit_core::lenient::parse_rfc3339;
/// assert_eq!(parse_rfc3339("2023-05-18T07:30:32Z").unwrap().to_rfc3339(), "2023-05-18T07:30:32+00:00");
/// assert_eq!(parse_rfc3339("2023-05-18 07:30").unwrap().to_rfc3339(), "2023-05-18T07:30:00+00:00");
/// ```
pub fn parse_rfc3339(text: &str) -> Option<DateTime<FixedOffset>> {
    let (at, offset) = parse_timestamp(text)?;
    let offset = offset.or_else(|| FixedOffset::east_opt(0))?;
    at.and_local_timezone(offset).single()
}

/// `DateTime<FixedOffset>`, written RFC 3339; read in any form [`parse_rfc3339`] accepts.
pub mod rfc3339 {
    use super::*;

    /// Deserializes any form [`parse_rfc3339`] accepts.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<FixedOffset>, D::Error> {
        deserializer.deserialize_str(ParsedStr::new(
            "a timestamp like 2023-05-18T07:30:32Z",
            parse_rfc3339,
        ))
    }

    /// Serializes as RFC 3339 (`2023-05-18T07:30:32+00:00`).
    pub fn serialize<S: Serializer>(
        value: &DateTime<FixedOffset>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&value.to_rfc3339())
    }
}

/// `Option<DateTime<FixedOffset>>`: `null`, a missing field or `""` are `None`.
pub mod option_rfc3339 {
    use super::*;

    /// Deserializes `null`, `""` or any form [`parse_rfc3339`] accepts.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        deserialize_optional(
            deserializer,
            "a timestamp like 2023-05-18T07:30:32Z",
            parse_rfc3339,
        )
    }

    /// Serializes like [`rfc3339`], `None` as `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<DateTime<FixedOffset>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => super::rfc3339::serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// `NaiveDateTime` as an ISO-8601 string without a zone (`2022-03-25T09:15:17.01209`).
pub mod naive_datetime {
    use super::*;

    /// Deserializes any form [`parse_naive_datetime`] accepts.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<NaiveDateTime, D::Error> {
        deserializer.deserialize_str(ParsedStr::new(
            "a timestamp like 2022-03-25T09:15:17.01209",
            parse_naive_datetime,
        ))
    }

    /// Serializes as `2022-03-25T09:15:17.012090` (fraction only when non-zero).
    pub fn serialize<S: Serializer>(
        value: &NaiveDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&value.format("%Y-%m-%dT%H:%M:%S%.f"))
    }
}

/// `Option<NaiveDateTime>`: `null`, a missing field or `""` are `None`.
pub mod option_naive_datetime {
    use super::*;

    /// Deserializes `null`, `""` or any form [`parse_naive_datetime`] accepts.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDateTime>, D::Error> {
        deserialize_optional(
            deserializer,
            "a timestamp like 2022-03-25T09:15:17.01209",
            parse_naive_datetime,
        )
    }

    /// Serializes like [`naive_datetime`], `None` as `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<NaiveDateTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => super::naive_datetime::serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// `NaiveDateTime` in the `YYYY-mm-dd HH:MM:SS` form some vendors require on input.
pub mod space_datetime {
    use super::*;

    /// Deserializes any form [`parse_naive_datetime`] accepts.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<NaiveDateTime, D::Error> {
        super::naive_datetime::deserialize(deserializer)
    }

    /// Serializes as `2024-01-31 17:05:00`.
    pub fn serialize<S: Serializer>(
        value: &NaiveDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&value.format("%Y-%m-%d %H:%M:%S"))
    }
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .or_else(|| parse_naive_datetime(text).map(|t| t.date()))
}

/// `NaiveDate` as `1989-09-30` (a timestamp is accepted and cut to its date).
pub mod naive_date {
    use super::*;

    /// Deserializes `1989-09-30` or a timestamp.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        deserializer.deserialize_str(ParsedStr::new("a date like 1989-09-30", parse_date))
    }

    /// Serializes as `1989-09-30`.
    pub fn serialize<S: Serializer>(value: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&value.format("%Y-%m-%d"))
    }
}

/// `Option<NaiveDate>`: `null`, a missing field or `""` are `None`.
pub mod option_naive_date {
    use super::*;

    /// Deserializes `null`, `""`, a date or a timestamp.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        deserialize_optional(deserializer, "a date like 1989-09-30", parse_date)
    }

    /// Serializes as `1989-09-30`, `None` as `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<NaiveDate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => super::naive_date::serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }
}
