//! Tolerant decoding for the answers the vendor documents only by name.
//!
//! FriendlyScore's reference shows few response bodies. Typed fields are read from a JSON
//! object with conversions that accept the shapes a PHP backend sends (`1`, `"1"`, `true`);
//! a value that does not convert stays in [`Fields`] under its own key instead of failing the
//! whole answer, so no data is lost and decoding never breaks on a surprise.

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// The fields of an answer that the client does not type, kept as the vendor sent them.
///
/// Dereferences to a [`serde_json::Map`]. Its `Debug` output lists the keys only: the values
/// are the applicant's personal data.
#[derive(Clone, Default, PartialEq)]
pub struct Fields(Map<String, Value>);

impl Fields {
    /// The map of untyped fields.
    pub fn into_map(self) -> Map<String, Value> {
        self.0
    }
}

impl From<Map<String, Value>> for Fields {
    /// Keeps the fields a model did not type, and reports them as drift
    /// (`leadkit_core::drift`).
    fn from(map: Map<String, Value>) -> Self {
        for name in map.keys() {
            leadkit_core::drift::record_extra_field(name);
        }
        Self(map)
    }
}

impl Deref for Fields {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl fmt::Debug for Fields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self(object(Value::deserialize(deserializer)?)))
    }
}

/// The object inside `value`; anything else (PHP's `[]` for an empty object, `null`) is an
/// empty map.
pub(crate) fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Removes `key` from `map` and converts it; a value that does not convert stays in the map.
/// `null` is removed and read as `None`.
pub(crate) fn take<T>(
    map: &mut Map<String, Value>,
    key: &str,
    convert: fn(&Value) -> Option<T>,
) -> Option<T> {
    let value = map.get(key)?;
    let converted = convert(value);
    if converted.is_some() || value.is_null() {
        map.remove(key);
    }
    converted
}

/// A string, or a number or boolean written as text.
pub(crate) fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// A whole number, as a number or a numeric string.
pub(crate) fn int(value: &Value) -> Option<i64> {
    match value {
        Value::Number(number) => number.as_i64().or_else(|| {
            number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A number, as a number or a numeric string.
pub(crate) fn float(value: &Value) -> Option<f64> {
    match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse().ok().filter(|f: &f64| f.is_finite()),
        _ => None,
    }
}

/// A yes/no flag: `true`/`false`, `1`/`0`, `"1"`/`"0"`, `"true"`/`"false"`, `"yes"`/`"no"`.
pub(crate) fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        Value::Number(number) => match number.as_i64() {
            Some(0) => Some(false),
            Some(1) => Some(true),
            _ => None,
        },
        Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" => Some(true),
            "0" | "false" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Any value but `null`, kept as is.
pub(crate) fn any(value: &Value) -> Option<Value> {
    (!value.is_null()).then(|| value.clone())
}

/// Implements `Deserialize` for a model built from a JSON object by `from_map`.
macro_rules! from_object {
    ($type:ty) => {
        impl<'de> ::serde::Deserialize<'de> for $type {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from_map($crate::fields::object(value)))
            }
        }
    };
}
pub(crate) use from_object;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn conversions_accept_php_shapes() {
        assert_eq!(int(&json!("42")), Some(42));
        assert_eq!(int(&json!(42.0)), Some(42));
        assert_eq!(int(&json!(4.5)), None);
        assert_eq!(float(&json!("1.5")), Some(1.5));
        assert_eq!(flag(&json!("1")), Some(true));
        assert_eq!(flag(&json!(0)), Some(false));
        assert_eq!(flag(&json!(2)), None);
        assert_eq!(text(&json!(7)), Some("7".to_owned()));
    }

    #[test]
    fn unconvertible_values_stay_in_the_map() {
        let mut map = object(json!({"age": "unknown", "gone": null, "n": "3"}));
        assert_eq!(take(&mut map, "age", int), None);
        assert_eq!(take(&mut map, "gone", int), None);
        assert_eq!(take(&mut map, "n", int), Some(3));
        assert_eq!(map.len(), 1);
        assert_eq!(map["age"], json!("unknown"));
        assert_eq!(format!("{:?}", Fields(map)), r#"{"age"}"#);
    }
}
