//! What the vendor answers: the 200/202/204 outcomes, acknowledgements of writes, notices and
//! the user-data documents whose fields the vendor does not document.

use std::fmt;
use std::time::Duration;

use leadkit_core::StatusCode;
use leadkit_core::lenient::{Decoded, Extra};
use leadkit_core::personal::Keys;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::fields::{Members, open_enum, text};
use crate::items::{DataPoint, FraudAlert, HeatMapPoint, IpAddress};

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
/// empty answer (HTTP 204) is an acknowledgement with no fields. The write has happened by the
/// time the answer is read, so the answer never fails on its shape: a member of an unexpected
/// shape stays in [`Acknowledgement::extra`] (see the crate docs on drift), and a body that is
/// not an object is reported to `leadkit_core::drift::watch` and read as no fields.
///
/// Serialising gives back the body's members (`status` is not part of the body).
#[derive(Clone, PartialEq, Serialize)]
pub struct Acknowledgement {
    /// The HTTP status of the answer (200, 202 or 204).
    #[serde(skip)]
    pub status: StatusCode,
    /// `result`: `success` on success (surrounding blanks ignored).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<ResultFlag>,
    /// `message`, e.g. `Queued for calculation.`; blank is `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `user_id`: the user's id as the vendor returns it (a number is kept as its text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Every other member, and members of an unexpected shape, as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Acknowledgement {
    pub(crate) fn from_value(status: StatusCode, value: Value) -> Self {
        let mut members = match Members::of("Acknowledgement", value) {
            Ok(members) => members,
            Err(kind) => {
                leadkit_core::drift::record_undecodable_part(
                    "Acknowledgement",
                    &format!("invalid type: {kind}, expected an object"),
                );
                Members::new("Acknowledgement", serde_json::Map::new())
            }
        };
        Self {
            status,
            result: members.take("result", open_enum),
            message: members.take("message", text),
            user_id: members.take("user_id", text),
            extra: members.rest(),
        }
    }

    pub(crate) fn empty(status: StatusCode) -> Self {
        Self::from_value(status, Value::Null)
    }
}

/// Reads an acknowledgement body as if it came with HTTP 200.
impl<'de> Deserialize<'de> for Acknowledgement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
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
///
/// Read from an object; PHP's `[]` and `null` are no notices. Blank notices are `None`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Notices {
    /// `google_scopes_notice`: the Google token lacks scopes FriendlyScore uses, which can
    /// lead to an underestimated score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub google_scopes_notice: Option<String>,
    /// `ip_address_notice`: the IP address given was malformed or reserved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address_notice: Option<String>,
    /// Every other notice, and notices of an unexpected shape, as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Notices {
    /// Whether the vendor sent no notice at all.
    pub fn is_empty(&self) -> bool {
        self.google_scopes_notice.is_none()
            && self.ip_address_notice.is_none()
            && self.extra.is_empty()
    }

    /// The Google scopes `google_scopes_notice` says the token lacked (from its `Missing
    /// scopes: …, ….` list), in the order given; empty without that notice.
    ///
    /// ```
    /// use friendlyscore_client::{GOOGLE_SCOPES, Notices};
    /// let notices: Notices = serde_json::from_str(r#"{"google_scopes_notice":
    ///     "FriendlyScore uses more google api scopes than provided within access_token. Missing scopes: https://www.googleapis.com/auth/drive.file, https://www.googleapis.com/auth/plus.me. Lack of scopes can lead to underestimated scoring result."}"#)?;
    /// let missing = notices.missing_google_scopes();
    /// assert_eq!(missing, ["https://www.googleapis.com/auth/drive.file", "https://www.googleapis.com/auth/plus.me"]);
    /// assert!(missing.iter().all(|scope| GOOGLE_SCOPES.contains(scope)));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn missing_google_scopes(&self) -> Vec<&str> {
        let Some(notice) = &self.google_scopes_notice else {
            return Vec::new();
        };
        let Some((_, list)) = notice.split_once("Missing scopes:") else {
            return Vec::new();
        };
        let mut scopes = Vec::new();
        for item in list.split(',') {
            // The last one runs into the next sentence: `…/plus.me. Lack of scopes …`.
            let mut words = item.split_whitespace();
            let scope = words.next().unwrap_or("").trim_end_matches('.');
            if !scope.is_empty() {
                scopes.push(scope);
            }
            if words.next().is_some() {
                break;
            }
        }
        scopes
    }

    /// Reads a `notices` member (for [`Members::take`]): an object, `[]` or `null`.
    pub(crate) fn read(value: &Value) -> Result<Option<Self>, serde_json::Error> {
        Self::deserialize(value).map(Some)
    }
}

impl<'de> Deserialize<'de> for Notices {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut members = Members::deserialize("Notices", deserializer)?;
        Ok(Self {
            google_scopes_notice: members.take("google_scopes_notice", text),
            ip_address_notice: members.take("ip_address_notice", text),
            extra: members.rest(),
        })
    }
}

/// A user-data answer whose fields the vendor does not document: social-network data, IP
/// address data, data points, heat-map coordinates, fraud data and the Gmail CV-parser lists.
///
/// The `notices` are read out; everything else is kept exactly as sent. The body may be an
/// object or, for list-like answers, an array. `Debug` shows the keys only, since the values
/// are personal data; serialising gives back the answer as sent (an empty `notices` left out).
///
/// Items are typed on request and one by one, so an item the vendor changed costs that item
/// only: [`UserData::parts`] decodes each item as any model of yours, and
/// [`UserData::ip_addresses`], [`UserData::data_points`], [`UserData::heat_map`] and
/// [`UserData::fraud_alerts`] as the shapes observed on those answers. An item that does not
/// decode is [`Decoded::Raw`]: the JSON as sent with the reason, reported to
/// `leadkit_core::drift::watch`.
///
/// ```
/// use friendlyscore_client::{Decoded, UserData};
/// let data: UserData = serde_json::from_str(
///     r#"[{"ip":"203.0.113.7","country_code":"GB"},{"ip":{"v4":"198.51.100.1"}}]"#,
/// ).unwrap();
/// let addresses = data.ip_addresses();
/// assert_eq!(addresses[0].typed().unwrap().country_code.as_deref(), Some("GB"));
/// assert!(matches!(addresses[1], Decoded::Raw(_)));
/// ```
#[derive(Clone, PartialEq)]
pub struct UserData {
    notices: Notices,
    value: Value,
}

impl UserData {
    pub(crate) fn from_value(value: Value) -> Self {
        match value {
            Value::Object(map) => {
                let mut members = Members::new("UserData", map);
                let notices = members.take("notices", Notices::read).unwrap_or_default();
                Self {
                    notices,
                    value: Value::Object(members.into_map()),
                }
            }
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

    /// The answer without its `notices`, as sent (a `notices` member of an unexpected shape
    /// stays).
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The answer's fields, when it is a JSON object.
    pub fn fields(&self) -> Option<&serde_json::Map<String, Value>> {
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

    /// The answer's items decoded one by one as `T`: each item of an array answer, or an
    /// object answer (without its `notices`) as one item. An item that does not decode is kept
    /// raw with the reason and reported to `leadkit_core::drift::watch`; the others decode.
    pub fn parts<T: DeserializeOwned>(&self) -> Vec<Decoded<T>> {
        decode_parts(&self.value)
    }

    /// The items of the member `key` of an object answer, decoded one by one as `T` (a member
    /// that is not a list is one item; an absent or `null` one, none).
    pub fn parts_in<T: DeserializeOwned>(&self, key: &str) -> Vec<Decoded<T>> {
        self.value.get(key).map(decode_parts).unwrap_or_default()
    }

    /// show-user-ip-addr: the IP address entries (an array answer's items, or an object answer
    /// as one entry).
    pub fn ip_addresses(&self) -> Vec<Decoded<IpAddress>> {
        self.parts()
    }

    /// show-user-data-points: the items of `data_points`.
    pub fn data_points(&self) -> Vec<Decoded<DataPoint>> {
        self.parts_in("data_points")
    }

    /// show-user-heat-map: the coordinates (the answer's items).
    pub fn heat_map(&self) -> Vec<Decoded<HeatMapPoint>> {
        self.parts()
    }

    /// show-fraudalerts: the alerts (the answer's items).
    pub fn fraud_alerts(&self) -> Vec<Decoded<FraudAlert>> {
        self.parts()
    }
}

/// Each item of a list, or any other value but `null` as one item, decoded on its own.
fn decode_parts<T: DeserializeOwned>(value: &Value) -> Vec<Decoded<T>> {
    // `Decoded` reads any JSON value (what does not decode is kept raw), so no item is lost.
    let one = |item: &Value| Decoded::<T>::deserialize(item).ok();
    match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        Value::Null => Vec::new(),
        other => one(other).into_iter().collect(),
    }
}

impl<'de> Deserialize<'de> for UserData {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self::from_value(Value::deserialize(deserializer)?))
    }
}

/// Writes the answer back as sent: an object answer with its `notices` (left out when empty).
impl Serialize for UserData {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.value {
            Value::Object(map) if !self.notices.is_empty() => {
                use serde::ser::SerializeMap;
                let mut out = serializer.serialize_map(Some(map.len() + 1))?;
                for (key, value) in map {
                    out.serialize_entry(key, value)?;
                }
                out.serialize_entry("notices", &self.notices)?;
                out.end()
            }
            value => value.serialize(serializer),
        }
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

    #[test]
    fn acknowledgement_of_an_odd_body_is_empty_and_reported() {
        let (ack, drift) = leadkit_core::drift::watch(|| {
            Acknowledgement::from_value(StatusCode::OK, json!("done"))
        });
        assert_eq!(ack.result, None);
        assert!(ack.extra.is_empty());
        assert_eq!(drift.undecodable_parts[0].0, "Acknowledgement");
        assert!(!drift.undecodable_parts[0].1.contains("done"));
    }
}
