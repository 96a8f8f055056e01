//! The serde visitors the lenient readers share.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// Wraps a visitor so that `null`, a unit and `""` become `None`.
pub(crate) struct OptionalVisitor<V>(pub(crate) V);

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
pub(crate) struct EmptyIsNone<V>(V);

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
pub(crate) struct ParsedStr<T> {
    expected: &'static str,
    parse: fn(&str) -> Option<T>,
}

impl<T> ParsedStr<T> {
    pub(crate) fn new(expected: &'static str, parse: fn(&str) -> Option<T>) -> Self {
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

pub(crate) fn deserialize_optional<'de, D, T>(
    deserializer: D,
    expected: &'static str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_option(OptionalVisitor(ParsedStr::new(expected, parse)))
}
