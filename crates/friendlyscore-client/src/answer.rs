//! What the vendor answers: the 200/202/204 outcomes, acknowledgements of writes, notices and
//! the user-data documents whose fields the vendor does not document.

use std::fmt;
use std::time::Duration;

use leadkit_core::StatusCode;
use serde_json::{Map, Value};

use crate::fields::{Fields, from_object, take, text};

/// The outcome of a read: data, "scheduled, data soon" (202) or "no data" (204).
///
/// 202 and 204 are normal answers, not errors: a user whose score is still being calculated
/// answers 202; a user without enough social-network data answers 204.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer<T> {
    /// HTTP 200 with a body.
    Ready(T),
    /// HTTP 202: the vendor scheduled the calculation and the data will be available soon.
    Scheduled {
        /// The delay the vendor suggested in `Retry-After`, if any.
        retry_after: Option<Duration>,
    },
    /// HTTP 204 (or a 200 with an empty body): no data available, usually because the user's
    /// social networks hold too little.
    NoData,
}

impl<T> Answer<T> {
    /// The data, if the answer is [`Answer::Ready`].
    pub fn ready(self) -> Option<T> {
        match self {
            Self::Ready(value) => Some(value),
            _ => None,
        }
    }

    /// Whether the vendor is still calculating (HTTP 202).
    pub fn is_scheduled(&self) -> bool {
        matches!(self, Self::Scheduled { .. })
    }

    /// Whether the vendor has no data (HTTP 204).
    pub fn is_no_data(&self) -> bool {
        matches!(self, Self::NoData)
    }

    /// Maps the data of a [`Answer::Ready`] answer.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Answer<U> {
        match self {
            Self::Ready(value) => Answer::Ready(f(value)),
            Self::Scheduled { retry_after } => Answer::Scheduled { retry_after },
            Self::NoData => Answer::NoData,
        }
    }
}

/// The end of a wait for a scheduled score: data, or no data (HTTP 204).
#[derive(Debug, Clone, PartialEq)]
pub enum Settled<T> {
    /// The calculation finished and the data is here.
    Ready(T),
    /// The calculation finished without data (HTTP 204).
    NoData,
}

impl<T> Settled<T> {
    /// The data, if any.
    pub fn ready(self) -> Option<T> {
        match self {
            Self::Ready(value) => Some(value),
            Self::NoData => None,
        }
    }
}

leadkit_core::open_enum! {
    /// The `result` of a write (`"success"` or `"error"`).
    pub enum ResultFlag {
        /// The vendor accepted the request.
        Success = "success",
        /// The vendor refused the request (sent with a 4xx status; see [`crate::Rejection`]).
        Error = "error",
    }
}

/// The vendor's answer to a write (calculate-score, performance-data, set-positive,
/// set-status): `{"result": "success", "message": …, "user_id": …}`.
///
/// Only calculate-score's answer is documented; the other writes are read the same way, and an
/// empty answer (HTTP 204) is an acknowledgement with no fields.
#[derive(Clone, PartialEq)]
pub struct Acknowledgement {
    /// The HTTP status of the answer (200, 202 or 204).
    pub status: StatusCode,
    /// `result`: `success` on success.
    pub result: Option<ResultFlag>,
    /// `message`, e.g. `Queued for calculation.`.
    pub message: Option<String>,
    /// `user_id`: the user's id as the vendor returns it.
    pub user_id: Option<String>,
    /// Every other field.
    pub extra: Fields,
}

impl Acknowledgement {
    pub(crate) fn from_value(status: StatusCode, value: Value) -> Self {
        let mut map = crate::fields::object(value);
        Self {
            status,
            result: take(&mut map, "result", text).map(|r| ResultFlag::from_vendor(&r)),
            message: take(&mut map, "message", text),
            user_id: take(&mut map, "user_id", text),
            extra: map.into(),
        }
    }

    pub(crate) fn empty(status: StatusCode) -> Self {
        Self::from_value(status, Value::Null)
    }
}

/// Reads an acknowledgement body as if it came with HTTP 200.
impl<'de> serde::Deserialize<'de> for Acknowledgement {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <Value as serde::Deserialize>::deserialize(deserializer)?;
        Ok(Self::from_value(StatusCode::OK, value))
    }
}

impl fmt::Debug for Acknowledgement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Acknowledgement")
            .field("status", &self.status)
            .field("result", &self.result)
            .field(
                "message",
                &self
                    .message
                    .as_deref()
                    .map(leadkit_core::redact::redact_text),
            )
            .field("extra", &self.extra)
            .finish_non_exhaustive()
    }
}

/// The `notices` the vendor adds at the bottom of user answers: what may make the data less
/// reliable. Check them before trusting a score.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notices {
    /// `google_scopes_notice`: the Google token lacks scopes FriendlyScore uses, which can
    /// lead to an underestimated score.
    pub google_scopes_notice: Option<String>,
    /// `ip_address_notice`: the IP address given was malformed or reserved.
    pub ip_address_notice: Option<String>,
    /// Every other notice.
    pub extra: Fields,
}

impl Notices {
    pub(crate) fn from_map(mut map: Map<String, Value>) -> Self {
        Self {
            google_scopes_notice: take(&mut map, "google_scopes_notice", text),
            ip_address_notice: take(&mut map, "ip_address_notice", text),
            extra: map.into(),
        }
    }

    /// Whether the vendor sent no notice at all.
    pub fn is_empty(&self) -> bool {
        self.google_scopes_notice.is_none()
            && self.ip_address_notice.is_none()
            && self.extra.is_empty()
    }

    pub(crate) fn take_from(map: &mut Map<String, Value>) -> Self {
        map.remove("notices")
            .map(|value| Self::from_map(crate::fields::object(value)))
            .unwrap_or_default()
    }
}

from_object!(Notices);

/// A user-data answer whose fields the vendor does not document: social-network data, IP
/// address data, data points, heat-map coordinates, fraud data and the Gmail CV-parser lists.
///
/// The `notices` are read out; everything else is kept exactly as sent. The body may be an
/// object or, for list-like answers, an array. `Debug` shows the keys only, since the values
/// are personal data.
#[derive(Clone, PartialEq)]
pub struct UserData {
    notices: Notices,
    value: Value,
}

impl UserData {
    pub(crate) fn from_value(value: Value) -> Self {
        match value {
            Value::Object(mut map) => Self {
                notices: Notices::take_from(&mut map),
                value: Value::Object(map),
            },
            other => Self {
                notices: Notices::default(),
                value: other,
            },
        }
    }

    /// The documented `notices`, if the answer carried any.
    pub fn notices(&self) -> &Notices {
        &self.notices
    }

    /// The answer without its `notices`, as sent.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The answer's fields, when it is a JSON object.
    pub fn fields(&self) -> Option<&Map<String, Value>> {
        self.value.as_object()
    }

    /// The items, when the answer is a JSON array.
    pub fn items(&self) -> Option<&[Value]> {
        self.value.as_array().map(Vec::as_slice)
    }

    /// One field of an object answer.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.value.get(key)
    }

    /// The answer as sent, without its `notices`.
    pub fn into_value(self) -> Value {
        self.value
    }
}

impl<'de> serde::Deserialize<'de> for UserData {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self::from_value(Value::deserialize(deserializer)?))
    }
}

impl fmt::Debug for UserData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("UserData");
        match &self.value {
            Value::Object(map) => debug.field("keys", &Keys(map)),
            Value::Array(items) => debug.field("items", &items.len()),
            _ => debug.field("value", &"…"),
        };
        debug.field("notices", &self.notices).finish()
    }
}

/// Debug-prints the keys of a map, never its values.
struct Keys<'a>(&'a Map<String, Value>);

impl fmt::Debug for Keys<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn notices_accept_php_empty_array() {
        let data = UserData::from_value(json!({"a": 1, "notices": []}));
        assert!(data.notices().is_empty());
        assert_eq!(data.get("a"), Some(&json!(1)));
        assert!(data.get("notices").is_none());
    }

    #[test]
    fn debug_hides_values() {
        let data = UserData::from_value(json!({"email": "someone@example.com"}));
        let debug = format!("{data:?}");
        assert!(debug.contains("email"));
        assert!(!debug.contains("someone"));
    }
}
