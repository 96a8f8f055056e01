//! The one error type every leadkit client returns.
//!
//! Nothing in an [`Error`]'s `Display` or `Debug` output can carry a credential, a full email
//! address or a full phone number: transport errors are stripped of their URL (which may hold
//! query credentials) in [`Error::from_reqwest`], vendor messages pass through
//! [`redact_text`](crate::redact::redact_text), and response bodies are kept as a
//! [`BodyExcerpt`] that is reachable by method but never printed.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;

use crate::redact::redact_text;

/// The result type of every leadkit call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How many bytes of a response body an error keeps.
pub const BODY_EXCERPT_LIMIT: usize = 2048;

/// The first [`BODY_EXCERPT_LIMIT`] bytes of a response body, kept for diagnosis.
///
/// Response bodies hold personal data, so an excerpt is never printed by `Display` or `Debug`
/// (`Debug` shows only its length); read it on purpose with [`BodyExcerpt::text`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct BodyExcerpt(Option<Box<Excerpt>>);

#[derive(Clone, PartialEq, Eq)]
struct Excerpt {
    bytes: Bytes,
    total_len: usize,
}

impl BodyExcerpt {
    /// Keeps at most [`BODY_EXCERPT_LIMIT`] bytes of `body`.
    pub fn new(body: &Bytes) -> Self {
        if body.is_empty() {
            return Self::default();
        }
        Self(Some(Box::new(Excerpt {
            bytes: body.slice(..body.len().min(BODY_EXCERPT_LIMIT)),
            total_len: body.len(),
        })))
    }

    /// The kept bytes.
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_ref().map_or(&[], |excerpt| &excerpt.bytes)
    }

    /// The kept bytes as text (invalid UTF-8 replaced).
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(self.as_bytes())
    }

    /// The length of the whole body the excerpt was taken from.
    pub fn total_len(&self) -> usize {
        self.0.as_ref().map_or(0, |excerpt| excerpt.total_len)
    }

    /// The same excerpt with its kept bytes replaced (masked), its total length kept.
    pub(crate) fn replaced(&self, bytes: Vec<u8>) -> Self {
        match &self.0 {
            None => Self::default(),
            Some(excerpt) => Self(Some(Box::new(Excerpt {
                bytes: Bytes::from(bytes),
                total_len: excerpt.total_len,
            }))),
        }
    }

    /// Whether the body was longer than the excerpt.
    pub fn is_truncated(&self) -> bool {
        self.total_len() > self.as_bytes().len()
    }
}

impl fmt::Debug for BodyExcerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BodyExcerpt({} bytes)", self.total_len())
    }
}

/// What a vendor said in an error body, with emails and phone numbers masked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VendorMessage {
    fields: Box<MessageFields>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct MessageFields {
    code: Option<String>,
    message: Option<String>,
    reference_id: Option<String>,
    request_id: Option<String>,
}

impl VendorMessage {
    /// A message with the vendor's human-readable text.
    pub fn new(message: impl AsRef<str>) -> Self {
        Self::default().with_message(message)
    }

    /// The message of an error body read as a text and a code: a code alone is the text
    /// (`{"error": "Invalid entity"}`); `None` when both are missing.
    ///
    /// ```
    /// use leadkit_core::VendorMessage;
    /// let read = VendorMessage::from_parts(None, Some("bad entity".into())).unwrap();
    /// assert_eq!((read.message(), read.code()), (Some("bad entity"), None));
    /// assert!(VendorMessage::from_parts(None, None).is_none());
    /// ```
    pub fn from_parts(message: Option<String>, code: Option<String>) -> Option<Self> {
        let (message, code) = match (message, code) {
            (None, Some(code)) => (Some(code), None),
            other => other,
        };
        if message.is_none() && code.is_none() {
            return None;
        }
        let mut parsed = Self::default();
        if let Some(message) = message {
            parsed = parsed.with_message(message);
        }
        if let Some(code) = code {
            parsed = parsed.with_code(code);
        }
        Some(parsed)
    }

    /// Sets the human-readable text.
    pub fn with_message(mut self, message: impl AsRef<str>) -> Self {
        self.fields.message = Some(redact_text(message.as_ref()));
        self
    }

    /// Sets the vendor's machine-readable error code (`invalid_client`, `UNAUTHORIZED`, …).
    pub fn with_code(mut self, code: impl AsRef<str>) -> Self {
        self.fields.code = Some(redact_text(code.as_ref()));
        self
    }

    /// Sets the vendor's reference id for this failure (quote it to the vendor's support).
    /// Ids are kept as sent: they identify the failure, not a person.
    pub fn with_reference_id(mut self, id: impl AsRef<str>) -> Self {
        self.fields.reference_id = Some(id.as_ref().trim().to_owned());
        self
    }

    /// Sets the vendor's request id, kept as sent.
    pub fn with_request_id(mut self, id: impl AsRef<str>) -> Self {
        self.fields.request_id = Some(id.as_ref().trim().to_owned());
        self
    }

    /// The message with `mask` applied to each of its texts (already redacted, so not again).
    pub(crate) fn map_text(&self, mask: impl Fn(&str) -> String) -> Self {
        let fields = &self.fields;
        Self {
            fields: Box::new(MessageFields {
                code: fields.code.as_deref().map(&mask),
                message: fields.message.as_deref().map(&mask),
                reference_id: fields.reference_id.as_deref().map(&mask),
                request_id: fields.request_id.as_deref().map(&mask),
            }),
        }
    }

    /// The vendor's machine-readable error code.
    pub fn code(&self) -> Option<&str> {
        self.fields.code.as_deref()
    }

    /// The vendor's human-readable text.
    pub fn message(&self) -> Option<&str> {
        self.fields.message.as_deref()
    }

    /// The vendor's reference id.
    pub fn reference_id(&self) -> Option<&str> {
        self.fields.reference_id.as_deref()
    }

    /// The vendor's request id.
    pub fn request_id(&self) -> Option<&str> {
        self.fields.request_id.as_deref()
    }
}

impl fmt::Display for VendorMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.fields.code, &self.fields.message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}")?,
            (Some(text), None) | (None, Some(text)) => f.write_str(text)?,
            (None, None) => f.write_str("no message")?,
        }
        if let Some(reference) = &self.fields.reference_id {
            write!(f, " (reference {reference})")?;
        }
        Ok(())
    }
}

/// The id of a long-running resource at a vendor (a transaction id, a user id), kept whole to
/// resume with ([`ResourceId::as_str`]) but printed by `Display` and `Debug` masked when it is
/// an email or a phone number: a FriendlyScore partner id may be either.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResourceId(String);

impl ResourceId {
    /// Wraps an id.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The id, whole.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ResourceId {
    /// The id as printed: an email or a phone number masked, any other id (a transaction's
    /// UUID) as is.
    fn printed(&self) -> std::borrow::Cow<'_, str> {
        let id = self.0.trim();
        let digits = id.chars().filter(char::is_ascii_digit).count();
        let phone_like = digits >= 7
            && id
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '.' | '(' | ')'));
        if id.contains('@') {
            crate::redact::mask_email(id).into()
        } else if phone_like {
            crate::redact::mask_phone(id).into()
        } else {
            std::borrow::Cow::Borrowed(&self.0)
        }
    }
}

impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.printed())
    }
}

impl fmt::Debug for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.printed())
    }
}

impl PartialEq<str> for ResourceId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ResourceId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// Formats `Some(message)` as `: message` and `None` as nothing.
struct Suffix<'a>(&'a Option<VendorMessage>);

impl fmt::Display for Suffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(message) => write!(f, ": {message}"),
            None => Ok(()),
        }
    }
}

/// Everything that can go wrong in a leadkit call.
///
/// Match on the variant, or ask the predicates ([`Error::is_retryable`], [`Error::status`],
/// [`Error::retry_after`], [`Error::outcome_unknown`], …). New variants may be added, so keep
/// a wildcard arm. Errors are cheap to clone, so one failure can be handed to every caller
/// that waited on it (a shared token fetch, say).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Error {
    /// The caller's input was rejected before any request was sent.
    InvalidInput {
        /// The parameter or field at fault.
        field: Cow<'static, str>,
        /// Why it was rejected (never the value itself).
        reason: Cow<'static, str>,
    },

    /// A client or request setting is unusable (a malformed base URL, say).
    Config(Cow<'static, str>),

    /// The connection to the vendor could not be made; the request never reached it.
    Connect {
        /// The vendor called.
        vendor: &'static str,
        /// The operation called.
        operation: &'static str,
        /// The cause, without the request URL.
        source: Arc<reqwest::Error>,
    },

    /// The connection failed after the request was sent (reset, closed mid-body, …).
    Transport {
        /// The vendor called.
        vendor: &'static str,
        /// The operation called.
        operation: &'static str,
        /// The cause, without the request URL.
        source: Arc<reqwest::Error>,
    },

    /// The vendor did not answer within the request's timeout.
    Timeout {
        /// The vendor called.
        vendor: &'static str,
        /// The operation called.
        operation: &'static str,
        /// The timeout that ran out.
        after: Duration,
    },

    /// The vendor answered with an error status.
    Status {
        /// The vendor called.
        vendor: &'static str,
        /// The operation called.
        operation: &'static str,
        /// The HTTP status.
        status: StatusCode,
        /// What the vendor's error body said, when it could be read.
        message: Option<VendorMessage>,
        /// The start of the body (an HTML page from a proxy, say).
        body: BodyExcerpt,
        /// The delay the vendor asked for in `Retry-After` (a 503 may carry one).
        retry_after: Option<Duration>,
    },

    /// The vendor answered with a redirect (3xx). Redirects are never followed: they would
    /// carry credentials and personal data to another address.
    Redirect {
        /// The vendor called.
        vendor: &'static str,
        /// The operation called.
        operation: &'static str,
        /// The HTTP status.
        status: StatusCode,
        /// The host the `Location` header pointed at (never its path or query).
        location_host: Option<String>,
    },

    /// The vendor refused the credentials (or the token could not be obtained).
    Auth {
        /// The vendor called.
        vendor: &'static str,
        /// The operation called.
        operation: &'static str,
        /// The HTTP status, when the vendor answered.
        status: Option<StatusCode>,
        /// What the vendor said.
        message: Option<VendorMessage>,
    },

    /// The vendor asked the caller to slow down (HTTP 429).
    RateLimited {
        /// The vendor called.
        vendor: &'static str,
        /// The operation called.
        operation: &'static str,
        /// The delay the vendor asked for in `Retry-After`.
        retry_after: Option<Duration>,
        /// What the vendor's error body said.
        message: Option<VendorMessage>,
    },

    /// A successful answer could not be decoded into the typed model.
    Decode {
        /// The vendor called.
        vendor: &'static str,
        /// The operation called.
        operation: &'static str,
        /// The HTTP status of the answer.
        status: StatusCode,
        /// Where in the document decoding failed (`data.services[2].status`, or `.` for the root).
        path: String,
        /// What was wrong there, with literal values masked.
        reason: String,
        /// The start of the body.
        body: BodyExcerpt,
    },

    /// The answer was larger than the client's body cap; it was not read whole.
    BodyTooLarge {
        /// The vendor called.
        vendor: &'static str,
        /// The operation called.
        operation: &'static str,
        /// The cap in bytes.
        limit: u64,
    },

    /// The call's overall deadline passed before it finished (waiting for a token, an
    /// attempt, a backoff or a `Retry-After` sleep).
    Deadline {
        /// The vendor called.
        vendor: &'static str,
        /// The operation called.
        operation: &'static str,
        /// The deadline that passed, measured from the start of the call.
        deadline: Duration,
    },

    /// A request that bills, spends quota or changes state at the vendor failed after it may
    /// have reached the vendor (a timeout after sending, a connection broken mid-answer, a
    /// redirect or server error, an answer over the size cap). The vendor may have acted on it:
    /// **do not resend blindly**; check with the vendor (or reconcile later) first.
    OutcomeUnknown {
        /// The HTTP status, when an answer arrived.
        status: Option<StatusCode>,
        /// What went wrong.
        cause: Box<Error>,
    },

    /// Polling an existing resource (a transaction, a user's score) failed: the resource id is
    /// kept so that the caller can resume or reconcile.
    Polling {
        /// The vendor called.
        vendor: &'static str,
        /// The operation polled.
        operation: &'static str,
        /// The id to resume polling with (a transaction or user id); printed masked.
        resource_id: ResourceId,
        /// How many polls were made.
        polls: u32,
        /// What ended polling.
        cause: Box<Error>,
    },

    /// A long-running operation was still pending when polling stopped.
    PollTimeout {
        /// The vendor called.
        vendor: &'static str,
        /// The operation polled.
        operation: &'static str,
        /// The id to resume polling with later (a transaction or user id); printed masked.
        resource_id: ResourceId,
        /// How many polls were made.
        polls: u32,
        /// How long polling ran.
        waited: Duration,
        /// The last poll's failure, when polls were failing (retryably) as time ran out.
        last_error: Option<Box<Error>>,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidInput { field, reason } => write!(f, "invalid input `{field}`: {reason}"),
            Self::Config(reason) => write!(f, "invalid configuration: {reason}"),
            Self::Connect {
                vendor, operation, ..
            } => write!(f, "{vendor} {operation}: could not connect"),
            Self::Transport {
                vendor, operation, ..
            } => write!(
                f,
                "{vendor} {operation}: connection failed during the exchange"
            ),
            Self::Timeout {
                vendor,
                operation,
                after,
            } => write!(f, "{vendor} {operation}: timed out after {after:?}"),
            Self::Status {
                vendor,
                operation,
                status,
                message,
                ..
            } => write!(f, "{vendor} {operation}: HTTP {status}{}", Suffix(message)),
            Self::Redirect {
                vendor,
                operation,
                status,
                location_host,
            } => {
                write!(f, "{vendor} {operation}: HTTP {status} redirect")?;
                if let Some(host) = location_host {
                    write!(f, " to {host}")?;
                }
                f.write_str(" (redirects are not followed)")
            }
            Self::Auth {
                vendor,
                operation,
                message,
                ..
            } => write!(
                f,
                "{vendor} {operation}: authentication failed{}",
                Suffix(message)
            ),
            Self::RateLimited {
                vendor,
                operation,
                retry_after,
                ..
            } => {
                write!(f, "{vendor} {operation}: rate limited")?;
                if let Some(delay) = retry_after {
                    write!(f, ", retry after {delay:?}")?;
                }
                Ok(())
            }
            Self::Decode {
                vendor,
                operation,
                status,
                path,
                reason,
                ..
            } => write!(
                f,
                "{vendor} {operation}: could not decode the HTTP {status} answer at `{path}`: {reason}"
            ),
            Self::BodyTooLarge {
                vendor,
                operation,
                limit,
            } => write!(
                f,
                "{vendor} {operation}: answer larger than the {limit}-byte cap"
            ),
            Self::Deadline {
                vendor,
                operation,
                deadline,
            } => write!(f, "{vendor} {operation}: deadline of {deadline:?} passed"),
            Self::OutcomeUnknown { cause, .. } => write!(
                f,
                "{cause} (the request may have reached the vendor: outcome unknown, do not resend blindly)"
            ),
            Self::Polling {
                vendor,
                operation,
                resource_id,
                polls,
                cause,
            } => write!(
                f,
                "{vendor} {operation}: polling `{resource_id}` failed after {polls} polls: {cause}"
            ),
            Self::PollTimeout {
                vendor,
                operation,
                resource_id,
                polls,
                waited,
                ..
            } => write!(
                f,
                "{vendor} {operation}: `{resource_id}` still pending after {polls} polls in {waited:?}"
            ),
        }
    }
}

/// Written by hand rather than derived: a derive crate would be two more packages for every
/// user of a vendor crate to compile.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Connect { source, .. } | Self::Transport { source, .. } => Some(&**source),
            _ => None,
        }
    }
}

impl Error {
    /// An [`Error::InvalidInput`] for `field`.
    pub fn invalid_input(
        field: impl Into<Cow<'static, str>>,
        reason: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// Converts a reqwest error, stripping the URL (which may carry query credentials).
    ///
    /// This is the only place reqwest errors enter leadkit.
    pub(crate) fn from_reqwest(
        error: reqwest::Error,
        vendor: &'static str,
        operation: &'static str,
        timeout: Duration,
    ) -> Self {
        let source = Arc::new(error.without_url());
        if source.is_connect() {
            Self::Connect {
                vendor,
                operation,
                source,
            }
        } else if source.is_timeout() {
            Self::Timeout {
                vendor,
                operation,
                after: timeout,
            }
        } else {
            Self::Transport {
                vendor,
                operation,
                source,
            }
        }
    }

    /// Whether trying the same call again may succeed: connect failures, timeouts, broken
    /// connections, 429 and 502/503/504. Whether a retry is *safe* also depends on the call's
    /// idempotency; see [`RetryPolicy`](crate::RetryPolicy). A passed deadline, an unknown
    /// outcome and a failed poll are never retryable.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Connect { .. }
            | Self::Transport { .. }
            | Self::Timeout { .. }
            | Self::RateLimited { .. } => true,
            Self::Status { status, .. } => matches!(status.as_u16(), 502..=504),
            _ => false,
        }
    }

    /// Whether the request may have reached the vendor and been acted on (billed, a
    /// transaction created, an event recorded) although the call failed. Such a call must not
    /// be resent blindly: see [`Error::OutcomeUnknown`]. Looks through [`Error::Polling`].
    pub fn outcome_unknown(&self) -> bool {
        match self {
            Self::OutcomeUnknown { .. } => true,
            Self::Polling { cause, .. } => cause.outcome_unknown(),
            _ => false,
        }
    }

    /// The error underneath the wrappers ([`Error::OutcomeUnknown`], [`Error::Polling`]): what
    /// actually went wrong.
    pub fn root_cause(&self) -> &Error {
        match self {
            Self::OutcomeUnknown { cause, .. } | Self::Polling { cause, .. } => cause.root_cause(),
            other => other,
        }
    }

    /// A short, fixed name for the kind of failure (`"status"`, `"timeout"`, …): safe to log,
    /// since it never carries vendor text or input. Wrappers report their own kind
    /// (`"outcome_unknown"`, `"polling"`); ask [`Error::root_cause`] for the one beneath.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::InvalidInput { .. } => "invalid_input",
            Self::Config(_) => "config",
            Self::Connect { .. } => "connect",
            Self::Transport { .. } => "transport",
            Self::Timeout { .. } => "timeout",
            Self::Status { .. } => "status",
            Self::Redirect { .. } => "redirect",
            Self::Auth { .. } => "auth",
            Self::RateLimited { .. } => "rate_limited",
            Self::Decode { .. } => "decode",
            Self::BodyTooLarge { .. } => "body_too_large",
            Self::Deadline { .. } => "deadline",
            Self::OutcomeUnknown { .. } => "outcome_unknown",
            Self::Polling { .. } => "polling",
            Self::PollTimeout { .. } => "poll_timeout",
        }
    }

    /// Whether the request timed out, or the call's deadline passed (looking through the
    /// wrappers).
    pub fn is_timeout(&self) -> bool {
        matches!(
            self.root_cause(),
            Self::Timeout { .. } | Self::Deadline { .. }
        )
    }

    /// Whether the call's overall deadline passed (looking through the wrappers).
    pub fn is_deadline(&self) -> bool {
        matches!(self.root_cause(), Self::Deadline { .. })
    }

    /// Whether the request provably never reached the vendor.
    pub fn is_connect(&self) -> bool {
        matches!(self, Self::Connect { .. })
    }

    /// The HTTP status the vendor answered with, if any (looking through the wrappers).
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Status { status, .. }
            | Self::Decode { status, .. }
            | Self::Redirect { status, .. } => Some(*status),
            Self::Auth { status, .. } => *status,
            Self::RateLimited { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Self::OutcomeUnknown { status, cause } => status.or_else(|| cause.status()),
            Self::Polling { cause, .. } => cause.status(),
            _ => None,
        }
    }

    /// The delay the vendor asked for with `Retry-After` (on a 429, or a 503 that sent one).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } | Self::Status { retry_after, .. } => {
                *retry_after
            }
            _ => None,
        }
    }

    /// What the vendor's error body said (looking through the wrappers).
    pub fn vendor_message(&self) -> Option<&VendorMessage> {
        match self.root_cause() {
            Self::Status { message, .. }
            | Self::Auth { message, .. }
            | Self::RateLimited { message, .. } => message.as_ref(),
            _ => None,
        }
    }

    /// The start of the response body, for errors that have one (looking through the
    /// wrappers).
    pub fn body_excerpt(&self) -> Option<&BodyExcerpt> {
        match self.root_cause() {
            Self::Status { body, .. } | Self::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The id of the long-running resource a poll was about ([`Error::PollTimeout`],
    /// [`Error::Polling`]): keep it to resume or reconcile.
    pub fn resource_id(&self) -> Option<&str> {
        match self {
            Self::PollTimeout { resource_id, .. } | Self::Polling { resource_id, .. } => {
                Some(resource_id.as_str())
            }
            _ => None,
        }
    }

    /// The input field at fault, for [`Error::InvalidInput`].
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::InvalidInput { field, .. } => Some(field),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_variant_reads_as_one_line() {
        let status = StatusCode::BAD_GATEWAY;
        let boxed = || Box::new(Error::Config("x".into()));
        let cases: Vec<(Error, &str)> = vec![
            (
                Error::invalid_input("email", "not an email"),
                "invalid input `email`: not an email",
            ),
            (
                Error::Config("no base URL".into()),
                "invalid configuration: no base URL",
            ),
            (
                Error::Timeout {
                    vendor: "v",
                    operation: "op",
                    after: Duration::from_secs(2),
                },
                "v op: timed out after 2s",
            ),
            (
                Error::Redirect {
                    vendor: "v",
                    operation: "op",
                    status: StatusCode::FOUND,
                    location_host: Some("h.example".into()),
                },
                "v op: HTTP 302 Found redirect to h.example (redirects are not followed)",
            ),
            (
                Error::Redirect {
                    vendor: "v",
                    operation: "op",
                    status: StatusCode::FOUND,
                    location_host: None,
                },
                "v op: HTTP 302 Found redirect (redirects are not followed)",
            ),
            (
                Error::RateLimited {
                    vendor: "v",
                    operation: "op",
                    retry_after: Some(Duration::from_secs(3)),
                    message: None,
                },
                "v op: rate limited, retry after 3s",
            ),
            (
                Error::RateLimited {
                    vendor: "v",
                    operation: "op",
                    retry_after: None,
                    message: None,
                },
                "v op: rate limited",
            ),
            (
                Error::Auth {
                    vendor: "v",
                    operation: "op",
                    status: None,
                    message: Some(VendorMessage::new("bad key")),
                },
                "v op: authentication failed: bad key",
            ),
            (
                Error::BodyTooLarge {
                    vendor: "v",
                    operation: "op",
                    limit: 10,
                },
                "v op: answer larger than the 10-byte cap",
            ),
            (
                Error::Deadline {
                    vendor: "v",
                    operation: "op",
                    deadline: Duration::from_secs(5),
                },
                "v op: deadline of 5s passed",
            ),
            (
                Error::OutcomeUnknown {
                    status: Some(status),
                    cause: boxed(),
                },
                "invalid configuration: x (the request may have reached the vendor: outcome unknown, do not resend blindly)",
            ),
            (
                Error::Polling {
                    vendor: "v",
                    operation: "op",
                    resource_id: ResourceId::new("t-1"),
                    polls: 2,
                    cause: boxed(),
                },
                "v op: polling `t-1` failed after 2 polls: invalid configuration: x",
            ),
            (
                Error::PollTimeout {
                    vendor: "v",
                    operation: "op",
                    resource_id: ResourceId::new("t-1"),
                    polls: 3,
                    waited: Duration::from_secs(9),
                    last_error: None,
                },
                "v op: `t-1` still pending after 3 polls in 9s",
            ),
        ];
        for (error, shown) in cases {
            assert_eq!(error.to_string(), shown);
            assert!(std::error::Error::source(&error).is_none());
        }
    }

    use super::*;

    #[test]
    fn error_stays_small_enough_to_return_by_value() {
        assert!(
            std::mem::size_of::<Error>() <= 96,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn excerpt_is_bounded_and_never_printed() {
        let body = Bytes::from(vec![b'x'; BODY_EXCERPT_LIMIT + 10]);
        let excerpt = BodyExcerpt::new(&body);
        assert_eq!(excerpt.as_bytes().len(), BODY_EXCERPT_LIMIT);
        assert!(excerpt.is_truncated());
        assert_eq!(
            format!("{excerpt:?}"),
            format!("BodyExcerpt({} bytes)", BODY_EXCERPT_LIMIT + 10)
        );
    }
}
