//! Lenient serde helpers shared by the vendor models.
//!
//! Vendors send timestamps without a time zone and with 0 to 9 fractional digits, numbers as
//! `1` or `"1"`, and enum values that grow over time. These helpers accept all of that; use them
//! with `#[serde(with = "…")]` or `#[serde(deserialize_with = "…")]`.
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

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Parses a timestamp without a zone: `T` or a space between date and time, 0 to 9
/// fractional digits, and a trailing `Z` tolerated.
///
/// ```
/// use leadkit_core::lenient::parse_naive_datetime;
/// assert!(parse_naive_datetime("2022-03-25T09:15:17").is_some());
/// assert!(parse_naive_datetime("2022-03-25 09:15:17.123456789").is_some());
/// assert!(parse_naive_datetime("25/03/2022").is_none());
/// ```
pub fn parse_naive_datetime(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim().trim_end_matches('Z');
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
        .ok()
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

/// A number that arrives as `3` or `"3"` (any `FromStr` number type).
pub mod number {
    use super::*;

    /// Deserializes `3`, `3.5`, `"3"` or `" 3 "` into `T`.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr,
    {
        deserializer.deserialize_any(NumberVisitor(PhantomData))
    }

    /// Serializes as a JSON number.
    pub fn serialize<S, T>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        T: Serialize,
    {
        value.serialize(serializer)
    }
}

/// An optional number that arrives as `3`, `"3"`, `""` or `null`.
pub mod option_number {
    use super::*;

    /// Deserializes `null`, `""`, `3` or `"3"`.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr,
    {
        deserializer.deserialize_option(OptionalVisitor(NumberVisitor(PhantomData)))
    }

    /// Serializes as a JSON number or `null`.
    pub fn serialize<S, T>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        S: Serializer,
        T: Serialize,
    {
        value.serialize(serializer)
    }
}

/// Reads a number of any JSON form (or a string holding one) into `T` by its text.
struct NumberVisitor<T>(PhantomData<T>);

impl<T: FromStr> NumberVisitor<T> {
    fn parse<E: de::Error>(text: &str) -> Result<T, E> {
        text.trim()
            .parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Other("number text"), &"a number"))
    }
}

impl<'de, T: FromStr> Visitor<'de> for NumberVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string holding a number")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Self::parse(&v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Self::parse(&v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        Self::parse(&v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        Self::parse(if v { "1" } else { "0" })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Self::parse(v)
    }
}

/// Wraps a visitor so that `null`, a unit and `""` become `None`.
struct OptionalVisitor<V>(V);

impl<'de, V> Visitor<'de> for OptionalVisitor<V>
where
    V: Visitor<'de>,
{
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(" or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(EmptyIsNone(self.0))
    }
}

/// Treats `""` as `None` and hands everything else to the inner visitor.
struct EmptyIsNone<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for EmptyIsNone<V> {
    type Value = Option<V::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            Ok(None)
        } else {
            self.0.visit_str(v).map(Some)
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.visit_u64(v).map(Some)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.visit_i64(v).map(Some)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.visit_f64(v).map(Some)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.visit_bool(v).map(Some)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// Parses a string with a plain function, without allocating.
struct ParsedStr<T> {
    expected: &'static str,
    parse: fn(&str) -> Option<T>,
}

impl<T> ParsedStr<T> {
    fn new(expected: &'static str, parse: fn(&str) -> Option<T>) -> Self {
        Self { expected, parse }
    }
}

impl<'de, T> Visitor<'de> for ParsedStr<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expected)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.parse)(v)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Other("text"), &self.expected))
    }
}

fn deserialize_optional<'de, D, T>(
    deserializer: D,
    expected: &'static str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_option(OptionalVisitor(ParsedStr::new(expected, parse)))
}

/// Deserializes an open enum from a string without allocating for known values; used by
/// [`open_enum!`](crate::open_enum).
#[doc(hidden)]
pub fn deserialize_open_enum<'de, D, T>(
    deserializer: D,
    from_str: fn(&str) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct OpenVisitor<T>(fn(&str) -> T);

    impl<'de, T> Visitor<'de> for OpenVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
            Ok((self.0)(&v.to_string()))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
            Ok((self.0)(&v.to_string()))
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
            Ok((self.0)(if v { "true" } else { "false" }))
        }
    }

    deserializer.deserialize_any(OpenVisitor(from_str))
}

/// Declares an open enum: known values as variants, anything else kept as `Unknown(String)`
/// and serialised back unchanged.
///
/// ```
/// leadkit_core::open_enum! {
///     /// A loan's state.
///     pub enum LoanStatus {
///         /// Being repaid.
///         Active = "active",
///         /// Paid off.
///         Paid = "paid",
///     }
/// }
///
/// let known: LoanStatus = serde_json::from_str(r#""paid""#).unwrap();
/// assert_eq!(known, LoanStatus::Paid);
/// let unknown: LoanStatus = serde_json::from_str(r#""written_off""#).unwrap();
/// assert_eq!(unknown, LoanStatus::Unknown("written_off".into()));
/// assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""written_off""#);
/// assert_eq!(LoanStatus::Active.as_str(), "active");
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the client does not know, kept as sent.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every value this version of the client knows.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The value as the vendor writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )+
                    $name::Unknown(value) => value,
                }
            }

            /// Whether this is a value the client does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }

            /// Reads a value as the vendor writes it; unknown values are kept.
            pub fn from_vendor(value: &str) -> Self {
                match value {
                    $( $value => $name::$variant, )+
                    other => {
                        $crate::drift::unknown_value(stringify!($name), other);
                        $name::Unknown(other.to_owned())
                    }
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from_vendor(value))
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::lenient::deserialize_open_enum(deserializer, Self::from_vendor)
            }
        }
    };
}

/// Fields a model does not name, kept as sent (use with `#[serde(flatten)]`).
///
/// Decoding never fails on new fields; the fields are reachable by name, serialise back
/// unchanged, and are reported to [`drift::watch`](crate::drift::watch).
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct User {
///     id: u64,
///     #[serde(flatten)]
///     extra: leadkit_core::lenient::Extra,
/// }
/// let user: User = serde_json::from_str(r#"{"id":1,"karma":7}"#).unwrap();
/// assert_eq!(user.extra.get("karma"), Some(&serde_json::json!(7)));
/// assert_eq!(format!("{:?}", user.extra), r#"Extra(["karma"])"#);
/// ```
/// `Debug` shows the field names only: the values may be personal data.
#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Extra(serde_json::Map<String, serde_json::Value>);

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Extra")
            .field(&self.0.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Extra {
    /// The field `name`, if the vendor sent it.
    pub fn get(&self, name: &str) -> Option<&serde_json::Value> {
        self.0.get(name)
    }

    /// Every field, by name.
    pub fn fields(&self) -> &serde_json::Map<String, serde_json::Value> {
        &self.0
    }

    /// Whether the vendor sent no extra field.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let fields = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
        for name in fields.keys() {
            crate::drift::record_extra_field(name);
        }
        Ok(Self(fields))
    }
}

/// Deserializes `T` and keeps `Default` when the value is `null` (vendors send `null` for
/// empty lists).
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
