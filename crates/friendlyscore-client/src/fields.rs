//! Reading a model member by member with leadkit-core's lenient readers.
//!
//! FriendlyScore's reference shows few response bodies, and its PHP back end writes numbers and
//! flags in several forms (`1`, `"1"`, `true`, `1.0`). The user, notices and acknowledgement
//! models are read one member at a time with leadkit-core's tolerant readers
//! ([`leadkit_core::lenient`]). A member whose value still does not convert neither fails the
//! answer nor is lost: it stays in the model's `extra` under its own key, and is reported to
//! [`leadkit_core::drift::watch`] as an undecodable part named `Model.member` (with the reason,
//! values masked) as well as an extra field.

use std::convert::Infallible;
use std::str::FromStr;

use leadkit_core::lenient::{self, Extra};
use leadkit_core::redact::{mask_quoted, redact_text};
use serde::de::{Deserialize, Deserializer, Error as _, Unexpected};
use serde_json::{Map, Value};

/// Reads one member: `Ok(None)` for an absent value (`null`, blank text), an error for a value
/// the reader refuses.
pub(crate) type Reader<T> = fn(&Value) -> Result<Option<T>, serde_json::Error>;

/// The members of one JSON object, taken out one by one; what is left becomes `extra`.
pub(crate) struct Members {
    model: &'static str,
    map: Map<String, Value>,
}

impl Members {
    /// Reads an object for `model`. `null` and PHP's `[]` are an object without members; any
    /// other value is refused (the error names its kind, never its value).
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        model: &'static str,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        Self::of(model, Value::deserialize(deserializer)?)
            .map_err(|kind| D::Error::invalid_type(Unexpected::Other(kind), &"an object"))
    }

    /// As [`Members::deserialize`], from a value; the error is the kind of value refused.
    pub(crate) fn of(model: &'static str, value: Value) -> Result<Self, &'static str> {
        match value {
            Value::Object(map) => Ok(Self::new(model, map)),
            Value::Null => Ok(Self::new(model, Map::new())),
            Value::Array(items) if items.is_empty() => Ok(Self::new(model, Map::new())),
            other => Err(kind(&other)),
        }
    }

    /// The members of `map`, read for `model`.
    pub(crate) fn new(model: &'static str, map: Map<String, Value>) -> Self {
        Self { model, map }
    }

    /// Takes `key` out and reads it. A value the reader refuses stays in place (and so in
    /// `extra`) and is reported; `None` then.
    pub(crate) fn take<T>(&mut self, key: &str, read: Reader<T>) -> Option<T> {
        let value = self.map.get(key)?;
        let read = member(self.model, key, value, read).ok()?;
        self.map.remove(key);
        read
    }

    /// The members not taken (unknown ones and refused values), reported as extra fields.
    pub(crate) fn rest(self) -> Extra {
        Extra::from(self.map)
    }

    /// The members not taken, as they are (not reported: for answers kept whole).
    pub(crate) fn into_map(self) -> Map<String, Value> {
        self.map
    }
}

/// Reads the member `key` of `model`; a refusal is reported to `drift::watch` as the
/// undecodable part `model.key`, with the values in the reason masked.
pub(crate) fn member<T>(
    model: &str,
    key: &str,
    value: &Value,
    read: Reader<T>,
) -> Result<Option<T>, ()> {
    read(value).map_err(|error| {
        let reason = redact_text(&mask_quoted(&error.to_string()));
        leadkit_core::drift::record_undecodable_part(&format!("{model}.{key}"), &reason);
    })
}

/// The kind of a JSON value, for errors that must not quote it.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Text; numbers and booleans as their text; blank text is absent.
pub(crate) fn text(value: &Value) -> Result<Option<String>, serde_json::Error> {
    lenient::option_text::deserialize(value)
}

/// A number sent as `3`, `3.0` or `"3"`.
pub(crate) fn number<T: FromStr>(value: &Value) -> Result<Option<T>, serde_json::Error> {
    lenient::option_number::deserialize(value)
}

/// An amount: a number as [`number`] reads it, and finite (`"NaN"` and `"inf"` are refused).
pub(crate) fn amount(value: &Value) -> Result<Option<f64>, serde_json::Error> {
    match number::<f64>(value)? {
        Some(amount) if !amount.is_finite() => Err(serde_json::Error::invalid_value(
            Unexpected::Other("a number that is not finite"),
            &"a finite number",
        )),
        amount => Ok(amount),
    }
}

/// A flag sent as `true`, `1`, `"1"`, `"true"` or `"yes"` (and their negatives).
pub(crate) fn flag(value: &Value) -> Result<Option<bool>, serde_json::Error> {
    lenient::option_boolean::deserialize(value)
}

/// An open enum: known values as variants, others kept; surrounding blanks trimmed.
pub(crate) fn open_enum<T: FromStr<Err = Infallible>>(
    value: &Value,
) -> Result<Option<T>, serde_json::Error> {
    lenient::option_open_enum::deserialize(value)
}

/// Any value but `null`, kept as sent.
pub(crate) fn json(value: &Value) -> Result<Option<Value>, serde_json::Error> {
    Ok((!value.is_null()).then(|| value.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refused_values_stay_and_are_reported() {
        let (extra, drift) = leadkit_core::drift::watch(|| {
            let mut members = Members::of(
                "Model",
                json!({"age": "dave@example.com", "gone": null, "n": "3", "blank": " "}),
            )
            .unwrap();
            assert_eq!(members.take("age", number::<i64>), None);
            assert_eq!(members.take("gone", number::<i64>), None);
            assert_eq!(members.take("n", number::<i64>), Some(3));
            assert_eq!(members.take("blank", text), None);
            members.rest()
        });
        assert_eq!(extra.len(), 1);
        assert_eq!(extra["age"], json!("dave@example.com"));
        assert_eq!(drift.extra_fields, ["age"]);
        assert_eq!(drift.undecodable_parts.len(), 1);
        let (part, reason) = &drift.undecodable_parts[0];
        assert_eq!(part, "Model.age");
        assert!(!reason.contains("dave"), "{reason}");
    }

    #[test]
    fn php_empty_objects_and_refused_shapes() {
        for empty in [json!(null), json!([])] {
            assert!(Members::of("Model", empty).unwrap().rest().is_empty());
        }
        assert_eq!(Members::of("Model", json!("x")).err(), Some("a string"));
        assert_eq!(Members::of("Model", json!([1])).err(), Some("a list"));
        assert!(amount(&json!("NaN")).is_err());
        assert_eq!(amount(&json!("1500.00")).unwrap(), Some(1500.0));
        assert_eq!(flag(&json!("0")).unwrap(), Some(false));
    }
}
