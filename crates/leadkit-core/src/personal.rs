//! Holders and `Debug` helpers for personal data in vendors' answers: the value is reachable on
//! purpose, never printed by accident.
//!
//! - [`PersonalData`]: a name, email, phone number or address part; `Debug` shows its length.
//! - [`RawJson`]: JSON kept as sent; `Debug` shows its shape (keys, lengths), never values.
//! - [`Redacted`], [`MaskedList`] and [`Keys`]: wrappers for hand-written `Debug` impls.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// Personal data from an answer (a name, email, phone number, address part or SIM identifier).
///
/// It has no `Display`, and its `Debug` shows only its length, so it cannot reach a log line by
/// accident; read it on purpose with [`PersonalData::as_str`].
///
/// ```
/// use leadkit_core::personal::PersonalData;
/// let name: PersonalData = serde_json::from_str(r#""Asha Verma""#).unwrap();
/// assert_eq!(name, "Asha Verma");
/// assert_eq!(format!("{name:?}"), "PersonalData(10 chars)");
/// let pin: PersonalData = serde_json::from_str("560001").unwrap();
/// assert_eq!(pin.as_str(), "560001");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct PersonalData(String);

impl PersonalData {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The value, owned.
    pub fn into_string(self) -> String {
        self.0
    }

    /// Whether the value is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for PersonalData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonalData({} chars)", self.0.chars().count())
    }
}

impl PartialEq<str> for PersonalData {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for PersonalData {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl<'de> Deserialize<'de> for PersonalData {
    /// Reads a string, or a number or boolean as its text (pincodes and phone numbers arrive
    /// in either form).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = PersonalData;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text or a number")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<PersonalData, E> {
                Ok(PersonalData(v.to_owned()))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<PersonalData, E> {
                Ok(PersonalData(v))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PersonalData, E> {
                Ok(PersonalData(v.to_string()))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PersonalData, E> {
                Ok(PersonalData(v.to_string()))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<PersonalData, E> {
                Ok(PersonalData(v.to_string()))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<PersonalData, E> {
                Ok(PersonalData(v.to_string()))
            }
        }

        deserializer.deserialize_any(TextVisitor)
    }
}

/// JSON kept as a vendor sent it (an unknown service, tags, a part that did not decode).
///
/// Its `Debug` shows the JSON's shape only, since the contents may be personal data; read the
/// value with [`RawJson::value`].
///
/// ```
/// use leadkit_core::personal::RawJson;
/// let raw = RawJson::new(serde_json::json!({"email": "asha@example.com"}));
/// assert_eq!(format!("{raw:?}"), r#"RawJson(object ["email"])"#);
/// ```
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawJson(serde_json::Value);

impl RawJson {
    /// Wraps a value.
    pub fn new(value: serde_json::Value) -> Self {
        Self(value)
    }

    /// The JSON value.
    pub fn value(&self) -> &serde_json::Value {
        &self.0
    }

    /// The JSON value, owned.
    pub fn into_value(self) -> serde_json::Value {
        self.0
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use serde_json::Value;
        match &self.0 {
            Value::Null => f.write_str("RawJson(null)"),
            Value::Bool(_) => f.write_str("RawJson(bool)"),
            Value::Number(_) => f.write_str("RawJson(number)"),
            Value::String(text) => write!(f, "RawJson(string, {} chars)", text.chars().count()),
            Value::Array(items) => write!(f, "RawJson(array, {} items)", items.len()),
            Value::Object(map) => {
                let keys: Vec<&str> = map.keys().map(String::as_str).collect();
                write!(f, "RawJson(object {keys:?})")
            }
        }
    }
}

/// `Debug` of an optional personal value: `Some([redacted])` or `None`.
///
/// ```
/// use leadkit_core::personal::Redacted;
/// assert_eq!(format!("{:?}", Redacted(&Some("Dave"))), "Some([redacted])");
/// assert_eq!(format!("{:?}", Redacted::<&str>(&None)), "None");
/// ```
pub struct Redacted<'a, T>(pub &'a Option<T>);

impl<T> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(_) => f.write_str("Some([redacted])"),
            None => f.write_str("None"),
        }
    }
}

/// `Debug` of a list with each item passed through a masking function.
///
/// ```
/// use leadkit_core::personal::MaskedList;
/// use leadkit_core::redact::mask_email;
/// let emails = vec!["dave@example.com".to_owned()];
/// assert_eq!(format!("{:?}", MaskedList(&emails, mask_email)), r#"["d***@example.com"]"#);
/// ```
pub struct MaskedList<'a, F>(pub &'a [String], pub F);

impl<F: Fn(&str) -> String> fmt::Debug for MaskedList<'_, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|value| (self.1)(value)))
            .finish()
    }
}

/// `Debug` of a JSON object's keys, never its values.
///
/// ```
/// use leadkit_core::personal::Keys;
/// let map = serde_json::json!({"email": "a@b.co", "age": 3});
/// assert_eq!(format!("{:?}", Keys(map.as_object().unwrap())), r#"{"age", "email"}"#);
/// ```
pub struct Keys<'a>(pub &'a serde_json::Map<String, serde_json::Value>);

impl fmt::Debug for Keys<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}
