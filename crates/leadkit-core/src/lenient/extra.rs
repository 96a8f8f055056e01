//! Fields a model does not name, kept as sent.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

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

impl Extra {
    /// The map of fields, owned.
    pub fn into_map(self) -> serde_json::Map<String, serde_json::Value> {
        self.0
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for Extra {
    /// Keeps fields a model did not type, and reports them to
    /// [`drift::watch`](crate::drift::watch).
    fn from(fields: serde_json::Map<String, serde_json::Value>) -> Self {
        for name in fields.keys() {
            crate::drift::record_extra_field(name);
        }
        Self(fields)
    }
}

impl std::ops::Deref for Extra {
    type Target = serde_json::Map<String, serde_json::Value>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Extra {
    /// Reads an object; `null` and an empty list (PHP's `[]` for an empty object) are empty.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Object(fields) => Self::from(fields),
            serde_json::Value::Null => Self::default(),
            serde_json::Value::Array(items) if items.is_empty() => Self::default(),
            _ => {
                return Err(serde::de::Error::invalid_type(
                    serde::de::Unexpected::Other("a value that is not an object"),
                    &"an object",
                ));
            }
        })
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
