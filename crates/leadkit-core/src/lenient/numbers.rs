//! Numbers that arrive as `3`, `3.0` or `"3"`.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Serialize, Serializer};

use super::visitors::OptionalVisitor;

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
