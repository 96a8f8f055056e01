//! One part of an answer decoded on its own, so that an odd value loses that part only.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::personal::RawJson;
use crate::redact::{mask_quoted, redact_path, redact_text};

/// A part of an answer (one item of a list, one service, one optional object) decoded on its
/// own: the typed value, or, when it cannot be decoded, the JSON as sent with the reason.
///
/// A vendor that changes one value then loses that part only; the rest of the answer decodes.
/// An undecodable part is reported to [`drift::watch`](crate::drift::watch), serialises back
/// exactly as received, and its `Debug` shows the reason and the JSON's shape, never its
/// values.
///
/// ```
/// use leadkit_core::lenient::{Decoded, typed};
///
/// #[derive(Debug, serde::Deserialize, serde::Serialize)]
/// struct Fact {
///     platform: String,
///     registered: bool,
/// }
/// let facts: Vec<Decoded<Fact>> = serde_json::from_str(
///     r#"[{"platform":"skype","registered":true},{"registered":"maybe"}]"#,
/// ).unwrap();
/// assert_eq!(typed(&facts).count(), 1);
/// let raw = facts[1].raw().unwrap();
/// assert!(raw.reason().contains("expected a boolean"), "{}", raw.reason());
/// assert_eq!(serde_json::to_string(&facts[1]).unwrap(), r#"{"registered":"maybe"}"#);
/// ```
#[derive(Clone, PartialEq)]
pub enum Decoded<T> {
    /// The part decoded into its model.
    Typed(T),
    /// The part could not be decoded; kept as sent.
    Raw(RawPart),
}

/// A part of an answer that could not be decoded: the JSON as sent and why.
#[derive(Clone, PartialEq)]
pub struct RawPart {
    value: RawJson,
    reason: String,
}

impl RawPart {
    /// The JSON as the vendor sent it (may hold personal data).
    pub fn value(&self) -> &serde_json::Value {
        self.value.value()
    }

    /// Why it could not be decoded, with quoted values, emails and phone numbers masked.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Debug for RawPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawPart")
            .field("reason", &self.reason)
            .field("value", &self.value)
            .finish()
    }
}

impl<T> Decoded<T> {
    /// The typed value, if the part decoded.
    pub fn typed(&self) -> Option<&T> {
        match self {
            Self::Typed(value) => Some(value),
            Self::Raw(_) => None,
        }
    }

    /// The typed value, owned.
    pub fn into_typed(self) -> Option<T> {
        match self {
            Self::Typed(value) => Some(value),
            Self::Raw(_) => None,
        }
    }

    /// The part kept raw, if it did not decode.
    pub fn raw(&self) -> Option<&RawPart> {
        match self {
            Self::Typed(_) => None,
            Self::Raw(raw) => Some(raw),
        }
    }

    /// Whether the part decoded.
    pub fn is_typed(&self) -> bool {
        matches!(self, Self::Typed(_))
    }
}

impl<T> From<T> for Decoded<T> {
    fn from(value: T) -> Self {
        Self::Typed(value)
    }
}

/// The typed values among `parts`, in order (the raw ones skipped).
pub fn typed<T>(parts: &[Decoded<T>]) -> impl Iterator<Item = &T> {
    parts.iter().filter_map(Decoded::typed)
}

impl<T: fmt::Debug> fmt::Debug for Decoded<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Typed(value) => value.fmt(f),
            Self::Raw(raw) => raw.fmt(f),
        }
    }
}

impl<T: Serialize> Serialize for Decoded<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Typed(value) => value.serialize(serializer),
            Self::Raw(raw) => raw.value.serialize(serializer),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Decoded<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        // The common case pays no path tracking; a part that fails is read again to name the
        // failing field.
        if let Ok(typed) = T::deserialize(&value) {
            return Ok(Self::Typed(typed));
        }
        match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(typed) => Ok(Self::Typed(typed)),
            Err(error) => {
                let path = error.path().to_string();
                let inner = redact_text(&mask_quoted(&error.inner().to_string()));
                let reason = if path == "." {
                    inner
                } else {
                    format!("at `{}`: {inner}", redact_path(&path))
                };
                crate::drift::record_undecodable_part(&short_type_name::<T>(), &reason);
                Ok(Self::Raw(RawPart {
                    value: RawJson::new(value),
                    reason,
                }))
            }
        }
    }
}

/// `T`'s name without module paths: `ServiceResult<RiskModel>`, not
/// `bureau_altdata::services::ServiceResult<bureau_altdata::services::risk::RiskModel>`.
fn short_type_name<T>() -> String {
    let full = std::any::type_name::<T>();
    let mut out = String::with_capacity(full.len());
    let mut segment = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            segment.push(c);
        } else {
            out.push_str(segment.rsplit("::").next().unwrap_or(&segment));
            segment.clear();
            out.push(c);
        }
    }
    out.push_str(segment.rsplit("::").next().unwrap_or(&segment));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_lose_their_paths() {
        assert_eq!(
            short_type_name::<Vec<std::collections::BTreeMap<String, u8>>>(),
            "Vec<BTreeMap<String, u8>>"
        );
    }

    #[test]
    fn the_reason_names_the_field_inside_the_part() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            inner: Inner,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            count: u32,
        }
        let part: Decoded<Outer> =
            serde_json::from_str(r#"{"inner":{"count":"dave@example.com"}}"#).unwrap();
        let reason = part.raw().unwrap().reason();
        assert!(reason.starts_with("at `inner.count`"), "{reason}");
        assert!(!reason.contains("dave"), "{reason}");
    }
}
