//! Booleans that arrive as `true`, `"true"`, `1`, `"1"`, `"Yes"`.

use std::fmt;

use serde::Serializer;
use serde::de::{self, Deserializer, Visitor};

use super::visitors::OptionalVisitor;

/// Reads a boolean from the forms vendors send: `true`/`false`; the strings `true`, `false`,
/// `yes`, `no`, `y`, `n` in any case; and `1`/`0` as numbers or strings (PHP back ends).
struct BoolVisitor;

impl BoolVisitor {
    fn parse<E: de::Error>(text: &str) -> Result<bool, E> {
        match text.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Ok(true),
            "false" | "no" | "n" | "0" => Ok(false),
            _ => Err(E::invalid_value(
                de::Unexpected::Other("text"),
                &"a boolean (true/false, yes/no, 1/0)",
            )),
        }
    }
}

impl<'de> Visitor<'de> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean, `\"true\"`, `\"yes\"` or 1/0")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &"1 or 0")),
        }
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Signed(v), &"1 or 0")),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<bool, E> {
        if v == 0.0 {
            Ok(false)
        } else if v == 1.0 {
            Ok(true)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &"1 or 0"))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Self::parse(v)
    }
}

/// A boolean sent as `true`, `"true"`, `"Yes"`, `1` or `"1"` (and their negatives).
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Answer {
///     #[serde(with = "leadkit_core::lenient::boolean")]
///     reachable: bool,
/// }
/// for json in [r#"{"reachable":true}"#, r#"{"reachable":"true"}"#, r#"{"reachable":1}"#, r#"{"reachable":"Yes"}"#] {
///     assert!(serde_json::from_str::<Answer>(json).unwrap().reachable);
/// }
/// ```
pub mod boolean {
    use super::*;

    /// Deserializes any form the module accepts.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(BoolVisitor)
    }

    /// Serializes as a JSON boolean.
    pub fn serialize<S: Serializer>(value: &bool, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(*value)
    }
}

/// An optional boolean: `null`, a missing field or `""` are `None`; otherwise as [`boolean`].
pub mod option_boolean {
    use super::*;

    /// Deserializes `null`, `""` or any form [`boolean`](super::boolean) accepts.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<bool>, D::Error> {
        deserializer.deserialize_option(OptionalVisitor(BoolVisitor))
    }

    /// Serializes as a JSON boolean or `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<bool>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_bool(*value),
            None => serializer.serialize_none(),
        }
    }
}
