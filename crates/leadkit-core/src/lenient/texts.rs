//! Optional text, where vendors write `""` for "absent".

use std::convert::Infallible;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `Option<String>`: `null`, a missing field, `""` or whitespace are `None`; a number or
/// boolean is kept as its text.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Answer {
///     #[serde(default, with = "leadkit_core::lenient::option_text")]
///     reason: Option<String>,
/// }
/// let blank: Answer = serde_json::from_str(r#"{"reason":"  "}"#).unwrap();
/// assert_eq!(blank.reason, None);
/// let code: Answer = serde_json::from_str(r#"{"reason":42}"#).unwrap();
/// assert_eq!(code.reason.as_deref(), Some("42"));
/// ```
pub mod option_text {
    use super::*;

    /// Deserializes `null`, blank text, text, or a number or boolean as text.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        Ok(
            match Option::<serde_json::Value>::deserialize(deserializer)? {
                Some(serde_json::Value::String(text)) if !text.trim().is_empty() => Some(text),
                Some(serde_json::Value::Number(number)) => Some(number.to_string()),
                Some(serde_json::Value::Bool(flag)) => Some(flag.to_string()),
                Some(serde_json::Value::String(_)) | Some(serde_json::Value::Null) | None => None,
                Some(_) => {
                    return Err(serde::de::Error::invalid_type(
                        serde::de::Unexpected::Other("a list or an object"),
                        &"text",
                    ));
                }
            },
        )
    }

    /// Serializes as a string or `null`.
    pub fn serialize<S: Serializer>(
        value: &Option<String>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
}

/// An optional open enum (see [`open_enum!`](crate::open_enum)): `null`, a missing field or
/// `""` are `None`; any other value is kept, known or not.
pub mod option_open_enum {
    use super::*;

    /// Deserializes `null`, blank text or a value.
    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr<Err = Infallible>,
    {
        let text = super::option_text::deserialize(deserializer)?;
        Ok(text.map(|text| match text.trim().parse() {
            Ok(value) => value,
            Err(never) => match never {},
        }))
    }

    /// Serializes the value or `null`.
    pub fn serialize<S: Serializer, T: Serialize>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
}
