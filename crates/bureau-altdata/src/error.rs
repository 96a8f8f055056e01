//! Bureau's error bodies: the `401` envelope (`errors{status, errorCode, service}`) and the
//! service envelope (`errors{code, description, message, metadata, referenceId, type}`, with
//! `requestId` beside it), read into one typed [`ErrorBody`].
//!
//! Error statuses become leadkit's [`Error`] (`Auth` for 401, `Status` otherwise) whose
//! [`VendorMessage`] holds the code and message; [`ErrorBody::from_error`] reads the whole
//! typed body back from an `Error::Status`, reference and request ids included.

use chrono::{DateTime, Utc};
use leadkit_core::lenient::{self, Extra};
use leadkit_core::personal::RawJson;
use leadkit_core::redact::redact_text;
use leadkit_core::{Error, StatusCode, VendorMessage, default_error_parser};
use serde::{Deserialize, Serialize};

use crate::values::option_epoch_millis;

/// A Bureau error body; every field is optional because the two documented envelopes share
/// little. Free-text fields are stored with emails and phone numbers masked; fields Bureau
/// adds are kept in [`ErrorBody::extra`] (as sent: its `Debug` shows only their names).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorBody {
    /// The error itself.
    pub errors: ErrorDetails,
    /// `data` of the 401 envelope, as sent.
    pub data: Option<RawJson>,
    /// The top-level `message` of the 401 envelope (`" "` reads as `None`).
    #[serde(with = "lenient::option_text")]
    pub message: Option<String>,
    /// `meta` of the 401 envelope.
    pub meta: Option<ErrorMeta>,
    /// Your merchant id, when Bureau sends it.
    #[serde(with = "lenient::option_text")]
    pub merchant_id: Option<String>,
    /// Bureau's id for the request: quote it to Bureau's support.
    #[serde(with = "lenient::option_text")]
    pub request_id: Option<String>,
    /// The status Bureau reports in the body.
    #[serde(with = "lenient::option_number")]
    pub status_code: Option<u16>,
    /// When the error happened (epoch milliseconds on the wire).
    #[serde(with = "option_epoch_millis")]
    pub timestamp: Option<DateTime<Utc>>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `errors` object of either envelope.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorDetails {
    /// The status (401 envelope).
    #[serde(with = "lenient::option_number")]
    pub status: Option<u16>,
    /// The error code (401 envelope: `UNAUTHORIZED`).
    #[serde(with = "lenient::option_text")]
    pub error_code: Option<String>,
    /// The Bureau service that refused the call (401 envelope: `Overwatch`).
    #[serde(with = "lenient::option_text")]
    pub service: Option<String>,
    /// The numeric code (service envelope: `503`).
    #[serde(with = "lenient::option_number")]
    pub code: Option<u16>,
    /// A description (`" "` reads as `None`).
    #[serde(with = "lenient::option_text")]
    pub description: Option<String>,
    /// The message (service envelope: `INTERNAL_SERVICE_UNAVAILABLE`).
    #[serde(with = "lenient::option_text")]
    pub message: Option<String>,
    /// Extra detail (`" "` reads as `None`).
    #[serde(with = "lenient::option_text")]
    pub metadata: Option<String>,
    /// Bureau's reference for this failure: quote it to Bureau's support.
    #[serde(with = "lenient::option_text")]
    pub reference_id: Option<String>,
    /// The error type (service envelope: `NO_RECORD_FOUND`).
    #[serde(rename = "type", with = "lenient::option_text")]
    pub kind: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `meta` of the 401 envelope.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ErrorMeta {
    /// `length`.
    #[serde(with = "lenient::option_number")]
    pub length: Option<u64>,
    /// `took`.
    #[serde(with = "lenient::option_number")]
    pub took: Option<u64>,
    /// `total`.
    #[serde(with = "lenient::option_number")]
    pub total: Option<u64>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ErrorBody {
    /// Parses an error body; `None` when it is not one of Bureau's envelopes (an HTML page
    /// from a proxy, say).
    pub fn parse(body: &[u8]) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        if !value
            .get("errors")
            .is_some_and(serde_json::Value::is_object)
        {
            return None;
        }
        let mut parsed: Self = serde_json::from_value(value).ok()?;
        parsed.redact();
        Some(parsed)
    }

    /// The typed body of a Bureau error status, read from the error's body excerpt
    /// (`Error::Status`, also inside [`Error::OutcomeUnknown`] or [`Error::Polling`]; a 401
    /// keeps only its [`VendorMessage`]).
    ///
    /// ```
    /// # fn handle(error: bureau_altdata::Error) {
    /// if let Some(body) = bureau_altdata::ErrorBody::from_error(&error) {
    ///     eprintln!("quote reference {:?} to Bureau", body.errors.reference_id);
    /// }
    /// # }
    /// ```
    pub fn from_error(error: &Error) -> Option<Self> {
        match error.root_cause() {
            Error::Status { body, .. } => Self::parse(body.as_bytes()),
            _ => None,
        }
    }

    /// Bureau's reference id for the failure.
    pub fn reference_id(&self) -> Option<&str> {
        self.errors.reference_id.as_deref()
    }

    /// Bureau's request id.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The machine-readable code: `errorCode` (401 envelope) or `type` (service envelope).
    pub fn code(&self) -> Option<&str> {
        self.errors
            .error_code
            .as_deref()
            .or(self.errors.kind.as_deref())
    }

    /// The human-readable text: `errors.message`, `errors.description` or the top-level
    /// `message`; for a 401 without text, the refusing service.
    pub fn message(&self) -> Option<String> {
        let text = [
            &self.errors.message,
            &self.errors.description,
            &self.message,
        ]
        .into_iter()
        .find_map(|text| text.clone());
        text.or_else(|| {
            self.errors
                .service
                .as_ref()
                .map(|service| format!("refused by service {service}"))
        })
    }

    fn redact(&mut self) {
        for text in [
            &mut self.message,
            &mut self.errors.message,
            &mut self.errors.description,
            &mut self.errors.metadata,
        ]
        .into_iter()
        .flatten()
        {
            *text = redact_text(text);
        }
    }

    fn vendor_message(&self) -> VendorMessage {
        let mut message = VendorMessage::default();
        if let Some(code) = self.code() {
            message = message.with_code(code);
        }
        if let Some(text) = self.message() {
            message = message.with_message(text);
        }
        if let Some(reference) = self.reference_id() {
            message = message.with_reference_id(reference);
        }
        if let Some(request) = self.request_id() {
            message = message.with_request_id(request);
        }
        message
    }
}

/// The error parser of the Bureau client: both documented envelopes, then leadkit's default
/// reading for anything else.
pub(crate) fn parse_error(status: StatusCode, body: &[u8]) -> Option<VendorMessage> {
    match ErrorBody::parse(body) {
        Some(parsed) => Some(parsed.vendor_message()),
        None => default_error_parser(status, body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNAUTHORIZED: &str = r#"{"data":"string","errors":{"status":401,"errorCode":"UNAUTHORIZED","service":"Overwatch"},"message":" ","meta":{"length":0,"took":0,"total":0}}"#;

    #[test]
    fn reads_the_401_envelope() {
        let body = ErrorBody::parse(UNAUTHORIZED.as_bytes()).unwrap();
        assert_eq!(body.errors.status, Some(401));
        assert_eq!(body.code(), Some("UNAUTHORIZED"));
        assert_eq!(body.errors.service.as_deref(), Some("Overwatch"));
        assert_eq!(body.message, None);
        assert_eq!(
            body.message().as_deref(),
            Some("refused by service Overwatch")
        );
        let message = parse_error(StatusCode::UNAUTHORIZED, UNAUTHORIZED.as_bytes()).unwrap();
        assert_eq!(message.code(), Some("UNAUTHORIZED"));
        assert_eq!(message.message(), Some("refused by service Overwatch"));
    }

    #[test]
    fn other_bodies_fall_back_to_the_default_reading() {
        let message =
            parse_error(StatusCode::BAD_REQUEST, br#"{"message":"bad workflow"}"#).unwrap();
        assert_eq!(message.message(), Some("bad workflow"));
        assert!(parse_error(StatusCode::BAD_GATEWAY, b"<html>502</html>").is_none());
    }

    #[test]
    fn free_text_is_masked() {
        let body = ErrorBody::parse(
            br#"{"errors":{"code":400,"message":"no record for asha@example.com"}}"#,
        )
        .unwrap();
        assert_eq!(
            body.errors.message.as_deref(),
            Some("no record for a***@example.com")
        );
    }
}
