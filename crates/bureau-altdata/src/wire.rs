//! Field readers for the shapes Bureau's answers take: blank strings meaning "absent",
//! optional open enums, RFC 3339 timestamps and yes/no flags.

use chrono::{DateTime, FixedOffset};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serializer};

/// `null`, a missing field, `""` or whitespace → `None`; any other string → `Some`.
pub(crate) mod empty_as_none {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        let text = Option::<String>::deserialize(deserializer)?;
        Ok(text.filter(|text| !text.trim().is_empty()))
    }
}

/// An open enum (see `leadkit_core::open_enum!`) that may be `null`, missing or `""`, all
/// read as `None`.
pub(crate) mod option_enum {
    use std::convert::Infallible;
    use std::str::FromStr;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: FromStr<Err = Infallible>,
    {
        let text = Option::<String>::deserialize(deserializer)?;
        Ok(text
            .filter(|text| !text.trim().is_empty())
            .map(|text| match text.parse() {
                Ok(value) => value,
                Err(never) => match never {},
            }))
    }

    pub fn serialize<S: Serializer, T: Serialize>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }
}

/// An RFC 3339 timestamp (`2023-05-18T07:30:32Z`); `null`, missing or `""` → `None`.
pub(crate) mod option_rfc3339 {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        let Some(text) = Option::<String>::deserialize(deserializer)? else {
            return Ok(None);
        };
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        DateTime::parse_from_rfc3339(text).map(Some).map_err(|_| {
            de::Error::invalid_value(de::Unexpected::Other("text"), &"an RFC 3339 timestamp")
        })
    }

    pub fn serialize<S: Serializer>(
        value: &Option<DateTime<FixedOffset>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(at) => serializer.serialize_str(&at.to_rfc3339()),
            None => serializer.serialize_none(),
        }
    }
}

/// A yes/no flag sent as a boolean or as text (`true`, `Yes`, `false`, `No`); `null`, missing or
/// `""` → `None`.
pub(crate) mod flag {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<bool>, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Null => Ok(None),
            serde_json::Value::Bool(flag) => Ok(Some(flag)),
            serde_json::Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
                "" => Ok(None),
                "true" | "yes" | "y" => Ok(Some(true)),
                "false" | "no" | "n" => Ok(Some(false)),
                _ => Err(de::Error::invalid_value(
                    de::Unexpected::Other("text"),
                    &"a yes/no flag",
                )),
            },
            _ => Err(de::Error::invalid_type(
                de::Unexpected::Other("a number, list or object"),
                &"a yes/no flag",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset};
    use serde::Deserialize;

    use crate::services::Level;

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    struct Sample {
        #[serde(deserialize_with = "super::empty_as_none::deserialize")]
        text: Option<String>,
        #[serde(with = "super::option_enum")]
        level: Option<Level>,
        #[serde(with = "super::option_rfc3339")]
        at: Option<DateTime<FixedOffset>>,
        #[serde(deserialize_with = "super::flag::deserialize")]
        flag: Option<bool>,
    }

    fn sample(json: &str) -> Result<Sample, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn blanks_read_as_absent() {
        let blank = sample(r#"{"text":" ","level":"","at":"","flag":""}"#).unwrap();
        assert_eq!(blank.text, None);
        assert_eq!(blank.level, None);
        assert_eq!(blank.at, None);
        assert_eq!(blank.flag, None);
        let null = sample(r#"{"text":null,"level":null,"at":null,"flag":null}"#).unwrap();
        assert_eq!((null.text, null.level, null.flag), (None, None, None));
    }

    #[test]
    fn values_are_read() {
        let full = sample(
            r#"{"text":"Webmail","level":"Extreme","at":"2023-05-18T07:30:32+05:30","flag":"Yes"}"#,
        )
        .unwrap();
        assert_eq!(full.text.as_deref(), Some("Webmail"));
        assert_eq!(full.level, Some(Level::Unknown("Extreme".into())));
        assert_eq!(full.at.unwrap().to_rfc3339(), "2023-05-18T07:30:32+05:30");
        assert_eq!(full.flag, Some(true));
        assert_eq!(sample(r#"{"flag":false}"#).unwrap().flag, Some(false));
    }

    #[test]
    fn malformed_values_fail_without_echoing_them() {
        let error = sample(r#"{"at":"18/05/2023"}"#).unwrap_err().to_string();
        assert!(
            error.contains("RFC 3339") && !error.contains("18/05"),
            "{error}"
        );
        let error = sample(r#"{"flag":"perhaps"}"#).unwrap_err().to_string();
        assert!(
            error.contains("yes/no") && !error.contains("perhaps"),
            "{error}"
        );
        assert!(sample(r#"{"flag":1}"#).is_err());
    }
}
