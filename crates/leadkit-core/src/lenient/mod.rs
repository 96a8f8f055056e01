//! Lenient serde helpers shared by the vendor models: one home for every tolerant reader.
//!
//! Vendors change their answers without notice. One odd value must not throw away an answer,
//! so the leaves are tolerant and the parts are isolated:
//!
//! | what | helper | accepts |
//! |---|---|---|
//! | numbers | [`number`], [`option_number`] | `3`, `3.0` (no fraction, for integers), `"3"`, `" 3 "`; `null`/`""` as `None` |
//! | booleans | [`boolean`], [`option_boolean`] | `true`, `"true"`, `"Yes"`, `1`, `"1"` and their negatives |
//! | timestamps | [`naive_datetime`], [`option_naive_datetime`], [`rfc3339`], [`option_rfc3339`], [`space_datetime`] | `T` or space, seconds optional, 0–9 fraction digits, with or without a zone |
//! | dates | [`naive_date`], [`option_naive_date`] | `1989-09-30` or a timestamp |
//! | text | [`option_text`], [`option_open_enum`] | blank text as `None` |
//! | enums | [`open_enum!`](crate::open_enum) | unknown values kept; surrounding blanks trimmed |
//! | unknown fields | [`Extra`] (with `#[serde(flatten)]`) | kept, serialised back, reported |
//! | a part of an answer | [`Decoded`] | the typed value, or the JSON as sent with the reason |
//!
//! Everything unknown or undecodable is reported to [`drift::watch`](crate::drift::watch).
//! Use the helpers with `#[serde(with = "…")]` or `#[serde(deserialize_with = "…")]`.
//!
//! ```
//! use chrono::NaiveDateTime;
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Answer {
//!     #[serde(with = "leadkit_core::lenient::naive_datetime")]
//!     created: NaiveDateTime,
//!     #[serde(with = "leadkit_core::lenient::number")]
//!     result: u8,
//! }
//!
//! let answer: Answer =
//!     serde_json::from_str(r#"{"created":"2022-03-25T09:15:17.01209","result":"3"}"#).unwrap();
//! assert_eq!(answer.result, 3);
//! assert_eq!(answer.created.to_string(), "2022-03-25 09:15:17.012090");
//! ```

mod booleans;
mod decoded;
mod enums;
mod extra;
mod numbers;
mod texts;
mod times;
mod visitors;

pub use booleans::{boolean, option_boolean};
pub use decoded::{Decoded, RawPart, typed};
#[doc(hidden)]
pub use enums::deserialize_open_enum;
pub use extra::{Extra, null_as_default};
pub use numbers::{number, option_number};
pub use texts::{option_open_enum, option_text};
pub use times::{
    naive_date, naive_datetime, option_naive_date, option_naive_datetime, option_rfc3339,
    parse_naive_datetime, parse_rfc3339, parse_timestamp, rfc3339, space_datetime,
};

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveDateTime};
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Sample {
        #[serde(with = "naive_datetime")]
        at: NaiveDateTime,
        #[serde(default, with = "option_naive_datetime")]
        maybe: Option<NaiveDateTime>,
        #[serde(with = "naive_date")]
        day: NaiveDate,
        #[serde(with = "number")]
        count: u32,
        #[serde(default, with = "option_number")]
        score: Option<f64>,
    }

    fn sample(json: &str) -> Result<Sample, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn timestamps_with_zero_to_nine_fraction_digits() {
        for (text, nanos) in [
            ("2022-03-25T09:15:17", 0),
            ("2022-03-25T09:15:17.0", 0),
            ("2022-03-25T09:15:17.01209", 12_090_000),
            ("2022-03-25 09:15:17.123456", 123_456_000),
            ("2022-03-25T09:15:17.123456789", 123_456_789),
        ] {
            let parsed = parse_naive_datetime(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(parsed.and_utc().timestamp_subsec_nanos(), nanos, "{text}");
        }
        assert!(parse_naive_datetime("2022-03-25").is_none());
    }

    #[test]
    fn numbers_as_numbers_or_strings() {
        let a =
            sample(r#"{"at":"2022-03-25T09:15:17","day":"1989-09-30","count":3,"score":"7.5"}"#)
                .unwrap();
        assert_eq!(a.count, 3);
        assert_eq!(a.score, Some(7.5));
        assert_eq!(a.at.to_string(), "2022-03-25 09:15:17");
        assert_eq!(a.day.to_string(), "1989-09-30");
        assert!(a.maybe.is_none());
        let b = sample(r#"{"at":"2022-03-25T09:15:17","maybe":"","day":"1989-09-30","count":"3","score":null}"#).unwrap();
        assert_eq!(b.count, 3);
        assert_eq!(b.score, None);
        assert!(b.maybe.is_none());
        assert!(
            sample(r#"{"at":"2022-03-25T09:15:17","day":"1989-09-30","count":"three"}"#).is_err()
        );
        assert!(sample(r#"{"at":"yesterday","day":"1989-09-30","count":1}"#).is_err());
    }

    crate::open_enum! {
        /// Test enum.
        enum Colour {
            /// Red.
            Red = "RED",
        }
    }

    #[test]
    fn open_enum_keeps_unknown_values() {
        let known: Vec<Colour> = serde_json::from_str(r#"["RED","MAUVE"]"#).unwrap();
        assert_eq!(known, vec![Colour::Red, Colour::Unknown("MAUVE".into())]);
        assert!(known[1].is_unknown());
        assert_eq!(serde_json::to_string(&known).unwrap(), r#"["RED","MAUVE"]"#);
        assert_eq!(Colour::KNOWN, &[Colour::Red]);
    }

    #[test]
    fn timestamps_with_zones_and_without_seconds() {
        for (text, expected) in [
            ("2022-03-25T09:15:17+07:00", "2022-03-25 02:15:17"),
            ("2022-03-25T09:15:17.5-0130", "2022-03-25 10:45:17.500"),
            ("2022-03-25 09:15+07", "2022-03-25 02:15:00"),
            ("2022-03-25T09:15", "2022-03-25 09:15:00"),
            ("2022-03-25T09:15:17Z", "2022-03-25 09:15:17"),
            (
                " 2022-03-25T09:15:17.123456789 ",
                "2022-03-25 09:15:17.123456789",
            ),
        ] {
            let parsed = parse_naive_datetime(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(parsed.to_string(), expected, "{text}");
        }
        for bad in [
            "2022-03-25T09:15:17+25:00",
            "2022-03-25T09:15:17+7",
            "2022-03-25T9",
        ] {
            assert!(parse_naive_datetime(bad).is_none(), "{bad}");
        }
        let zoned = parse_rfc3339("2022-03-25T09:15+07:00").unwrap();
        assert_eq!(zoned.to_rfc3339(), "2022-03-25T09:15:00+07:00");
    }

    #[test]
    fn booleans_in_every_vendor_form() {
        #[derive(Deserialize)]
        struct Flags {
            #[serde(with = "boolean")]
            a: bool,
            #[serde(default, with = "option_boolean")]
            b: Option<bool>,
        }
        for (json, a, b) in [
            (r#"{"a":true,"b":"false"}"#, true, Some(false)),
            (r#"{"a":"TRUE","b":""}"#, true, None),
            (r#"{"a":1,"b":0}"#, true, Some(false)),
            (r#"{"a":"0","b":"Yes"}"#, false, Some(true)),
            (r#"{"a":1.0,"b":null}"#, true, None),
            (r#"{"a":"no"}"#, false, None),
        ] {
            let flags: Flags = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!((flags.a, flags.b), (a, b), "{json}");
        }
        for bad in [r#"{"a":2}"#, r#"{"a":"maybe"}"#, r#"{"a":null}"#] {
            assert!(serde_json::from_str::<Flags>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn integers_from_floats_without_a_fraction_and_strings() {
        #[derive(Deserialize)]
        struct Counts {
            #[serde(with = "number")]
            score: u32,
            #[serde(default, with = "option_number")]
            count: Option<u32>,
        }
        let counts: Counts = serde_json::from_str(r#"{"score":963.0,"count":"7"}"#).unwrap();
        assert_eq!((counts.score, counts.count), (963, Some(7)));
        assert!(serde_json::from_str::<Counts>(r#"{"score":963.5}"#).is_err());
    }

    #[test]
    fn open_enums_trim_and_read_integral_floats() {
        let values: Vec<Colour> = serde_json::from_str(r#"[" RED ", 3.0]"#).unwrap();
        assert_eq!(values, vec![Colour::Red, Colour::Unknown("3".into())]);
    }

    #[test]
    fn an_undecodable_part_is_kept_raw_and_reported() {
        #[derive(Debug, Deserialize, serde::Serialize, PartialEq)]
        struct Part {
            id: u32,
        }
        let (parts, drift) = crate::drift::watch(|| {
            serde_json::from_str::<Vec<Decoded<Part>>>(
                r#"[{"id":1},{"id":"dave@example.com"},{"id":3}]"#,
            )
            .unwrap()
        });
        assert_eq!(typed(&parts).map(|p| p.id).collect::<Vec<_>>(), [1, 3]);
        let raw = parts[1].raw().unwrap();
        assert!(
            !raw.reason().contains("dave@example.com"),
            "{}",
            raw.reason()
        );
        let debug = format!("{parts:?}");
        assert!(!debug.contains("dave"), "{debug}");
        assert_eq!(drift.undecodable_parts.len(), 1);
        assert_eq!(drift.undecodable_parts[0].0, "Part");
        assert_eq!(
            serde_json::to_string(&parts).unwrap(),
            r#"[{"id":1},{"id":"dave@example.com"},{"id":3}]"#
        );
    }

    #[test]
    fn extra_reads_php_empty_objects() {
        for json in ["[]", "null", "{}"] {
            let extra: Extra = serde_json::from_str(json).unwrap();
            assert!(extra.is_empty(), "{json}");
        }
        assert!(serde_json::from_str::<Extra>("[1]").is_err());
    }
}
