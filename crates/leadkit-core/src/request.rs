//! What a vendor crate asks the transport to send, and what comes back.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::error::{BodyExcerpt, Error, Result};
use crate::redact::{mask_quoted, redact_path, redact_text};
use crate::retry::{Idempotency, RetryPolicy};
use crate::sent::SentValues;

/// A vendor's base URL: `http` or `https`, no query, no fragment, no credentials.
///
/// ```
/// use leadkit_core::BaseUrl;
/// let base = BaseUrl::parse("https://api.example.com/partners-api")?;
/// let url = base.join(&["1.3", "leads"]);
/// assert_eq!(url.as_str(), "https://api.example.com/partners-api/1.3/leads");
/// // Segments are percent-encoded: a `/` in an id cannot change the path.
/// assert_eq!(base.join(&["users", "a/b c"]).path(), "/partners-api/users/a%2Fb%20c");
/// # Ok::<(), leadkit_core::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl(Url);

impl BaseUrl {
    /// Parses and checks a base URL.
    pub fn parse(text: &str) -> Result<Self> {
        let url =
            Url::parse(text).map_err(|_| Error::invalid_input("base_url", "is not a valid URL"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::invalid_input("base_url", "must be http or https"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::invalid_input(
                "base_url",
                "must not have a query or fragment",
            ));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::invalid_input(
                "base_url",
                "must not carry credentials",
            ));
        }
        if url.cannot_be_a_base() {
            return Err(Error::invalid_input("base_url", "cannot be a base URL"));
        }
        Ok(Self(url))
    }

    /// The base URL followed by the given path segments, each percent-encoded.
    pub fn join(&self, segments: &[&str]) -> Url {
        let mut url = self.0.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// The base URL as given.
    pub fn as_url(&self) -> &Url {
        &self.0
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({})", self.0)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A request body, serialised once so that every retry sends the same bytes.
#[derive(Clone, PartialEq, Eq)]
pub enum RequestBody {
    /// `application/json`.
    Json(Bytes),
    /// `application/x-www-form-urlencoded`.
    Form(Bytes),
}

impl RequestBody {
    /// The bytes sent.
    pub fn bytes(&self) -> &Bytes {
        match self {
            Self::Json(bytes) | Self::Form(bytes) => bytes,
        }
    }

    pub(crate) fn content_type(&self) -> &'static str {
        match self {
            Self::Json(_) => "application/json",
            Self::Form(_) => "application/x-www-form-urlencoded",
        }
    }
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RequestBody({} bytes)", self.bytes().len())
    }
}

/// One vendor call, described as data: method, URL, parameters, body, and whether it may be
/// repeated.
///
/// ```
/// use leadkit_core::{ApiRequest, BaseUrl, Idempotency, Method};
/// let base = BaseUrl::parse("https://api.example.com")?;
/// let request = ApiRequest::new("lead", Method::GET, base.join(&["1.3", "leads"]), Idempotency::Idempotent)
///     .query("email", "someone@example.com");
/// assert_eq!(request.operation(), "lead");
/// # Ok::<(), leadkit_core::Error>(())
/// ```
#[derive(Clone)]
pub struct ApiRequest {
    pub(crate) operation: &'static str,
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    pub(crate) body: Option<RequestBody>,
    pub(crate) idempotency: Idempotency,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) sent: SentValues,
}

impl ApiRequest {
    /// A request for `operation` (a short name used in logs and errors).
    pub fn new(
        operation: &'static str,
        method: Method,
        url: Url,
        idempotency: Idempotency,
    ) -> Self {
        Self {
            operation,
            method,
            url,
            query: Vec::new(),
            body: None,
            idempotency,
            timeout: None,
            retry: None,
            sent: SentValues::default(),
        }
    }

    /// Adds a query parameter (values are percent-encoded when sent). A value that looks
    /// personal (an email, a phone number, a long token) is masked wherever the vendor echoes
    /// it (see [`SentValues`]); declare others with [`ApiRequest::sensitive`].
    pub fn query(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        let value = value.into();
        self.sent.add_if_personal(&value);
        self.query.push((name.into(), value));
        self
    }

    /// Declares a sensitive value the request was built from that is not a query value or a
    /// body string (a name split over two parameters, an id in the path): it is masked
    /// wherever the vendor echoes it.
    pub fn sensitive(mut self, value: &str) -> Self {
        self.sent.add(value);
        self
    }

    /// Declares a value the vendor may echo whatever it is made of (a ZIP code, a birth
    /// year): masked even when it is a short number ([`SentValues::add_exact`]).
    pub fn sensitive_exact(mut self, value: &str) -> Self {
        self.sent.add_exact(value);
        self
    }

    /// Declares a secret the request carries (a client secret in a token request): masked
    /// wherever the vendor echoes it, whatever its length.
    pub fn secret(mut self, value: &str) -> Self {
        self.sent.add_secret(value);
        self
    }

    /// The sensitive values the request carries, for masking what the vendor echoes.
    pub fn sent_values(&self) -> &SentValues {
        &self.sent
    }

    /// Adds a query parameter when `value` is `Some`.
    pub fn query_opt(
        self,
        name: impl Into<Cow<'static, str>>,
        value: Option<impl Into<String>>,
    ) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self> {
        let value = serde_json::to_value(body).map_err(|error| {
            Error::Config(format!("request body: {}", mask_quoted(&error.to_string())).into())
        })?;
        add_strings(&mut self.sent, &value);
        let bytes = serde_json::to_vec(&value);
        // The intermediate copy may hold secrets (a token request's client secret): wiped.
        wipe_strings(value);
        let bytes = bytes.map_err(|error| {
            Error::Config(format!("request body: {}", mask_quoted(&error.to_string())).into())
        })?;
        self.body = Some(RequestBody::Json(bytes.into()));
        Ok(self)
    }

    /// Sets a form body from name/value pairs.
    pub fn form<'a>(mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in pairs {
            self.sent.add_if_personal(value);
            form.append_pair(name, value);
        }
        self.body = Some(RequestBody::Form(form.finish().into_bytes().into()));
        self
    }

    /// Overrides the transport's timeout for this request (calls that wait on purpose). A
    /// per-call [`CallOptions::timeout`](crate::CallOptions::timeout) still wins.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Overrides the client's retry policy for this request.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The operation name.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Whether the request may be repeated.
    pub fn idempotency(&self) -> Idempotency {
        self.idempotency
    }

    /// The query parameters, in order.
    pub fn query_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query
            .iter()
            .map(|(name, value)| (name.as_ref(), value.as_str()))
    }

    /// The body, if any.
    pub fn body(&self) -> Option<&RequestBody> {
        self.body.as_ref()
    }

    /// The request's own timeout, if set.
    pub fn timeout_override(&self) -> Option<Duration> {
        self.timeout
    }
}

impl fmt::Debug for ApiRequest {
    /// Shows the operation, method and path only: query values and bodies carry personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiRequest")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.url.path())
            .field("idempotency", &self.idempotency)
            .finish_non_exhaustive()
    }
}

/// Overwrites every string of a JSON value before it is dropped.
fn wipe_strings(value: serde_json::Value) {
    use zeroize::Zeroize as _;
    match value {
        serde_json::Value::String(mut text) => text.zeroize(),
        serde_json::Value::Array(items) => items.into_iter().for_each(wipe_strings),
        serde_json::Value::Object(map) => map.into_iter().for_each(|(_, item)| wipe_strings(item)),
        _ => {}
    }
}

/// Adds every string (and long number) in a JSON value to `sent`.
fn add_strings(sent: &mut SentValues, value: &serde_json::Value) {
    match value {
        serde_json::Value::String(text) => sent.add_if_personal(text),
        serde_json::Value::Number(number) => sent.add_if_personal(&number.to_string()),
        serde_json::Value::Array(items) => items.iter().for_each(|item| add_strings(sent, item)),
        serde_json::Value::Object(map) => map.values().for_each(|item| add_strings(sent, item)),
        _ => {}
    }
}

/// A vendor's answer with a success status (2xx), body read whole.
#[derive(Clone)]
pub struct ApiResponse {
    pub(crate) vendor: &'static str,
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) sent: SentValues,
    /// The client's reader of the vendor's error bodies.
    pub(crate) error_parser: crate::client::ErrorParser,
}

/// The largest 2xx body [`ApiResponse::error_document`] reads: an error document is short.
const ERROR_DOCUMENT_LIMIT: usize = 4096;

/// The members an error document is made of.
const ERROR_DOCUMENT_MEMBERS: [&str; 14] = [
    "message",
    "errorMessage",
    "error",
    "errors",
    "error_description",
    "description",
    "code",
    "errorCode",
    "statusCode",
    "result",
    "status",
    "success",
    "referenceId",
    "requestId",
];

impl ApiResponse {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Whether the body is empty or only whitespace.
    pub fn is_empty(&self) -> bool {
        self.body.iter().all(u8::is_ascii_whitespace)
    }

    /// Decodes the JSON body into `T`, naming the failing path on error (the values the
    /// request sent masked in it).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        decode_json(&self.body, self.vendor, self.operation, self.status)
            .map_err(|error| self.sent.mask_error(error))
    }

    /// A decode error for this answer, for vendor crates that parse non-JSON bodies.
    pub fn decode_error(&self, path: impl Into<String>, reason: impl Into<String>) -> Error {
        self.sent.mask_error(Error::Decode {
            vendor: self.vendor,
            operation: self.operation,
            status: self.status,
            path: redact_path(&path.into()),
            reason: redact_text(&mask_quoted(&reason.into())),
            body: BodyExcerpt::new(&self.body),
        })
    }

    /// The sensitive values the request sent and the client's secrets: mask with them any
    /// text of this answer that leaves the client.
    pub fn sent_values(&self) -> &SentValues {
        &self.sent
    }

    /// The vendor's error when this 2xx answer is an error document: a small JSON object
    /// whose message the client's error parser reads and that
    /// either says it failed (`"result": "error"` or `"success": false`) or, not saying it
    /// succeeded, has error members only (`message`, `errorMessage`, `error`, `errors`, `error_description`,
    /// `description`, `code`, `errorCode`, `statusCode`, `result`, `status`, `success`,
    /// `referenceId`, `requestId`; names matched without regard to case). It is an
    /// [`Error::Status`] with the answer's status, what the request sent masked in it. `None`
    /// for anything else, so an answer is never taken for an error because of one member.
    ///
    /// Vendors that answer `200 {"message": "…"}` instead of an error status are read with
    /// it before the answer's model: a model whose members are all optional would otherwise
    /// read the error as an empty answer and show the vendor's text as data.
    pub fn error_document(&self) -> Option<Error> {
        if !self.status.is_success() || self.body.len() > ERROR_DOCUMENT_LIMIT {
            return None;
        }
        let body = without_bom(&self.body);
        let first = body.iter().find(|byte| !byte.is_ascii_whitespace())?;
        if *first != b'{' {
            return None;
        }
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(body).ok()?;
        let member = |name: &str| {
            object
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value)
        };
        let result = member("result").and_then(serde_json::Value::as_str);
        let result_is =
            |word: &str| result.is_some_and(|result| result.trim().eq_ignore_ascii_case(word));
        let success = member("success").and_then(serde_json::Value::as_bool);
        let says_failed = result_is("error") || success == Some(false);
        let says_succeeded = result_is("success") || result_is("ok") || success == Some(true);
        let only_error_members = object.keys().all(|key| {
            ERROR_DOCUMENT_MEMBERS
                .iter()
                .any(|member| key.eq_ignore_ascii_case(member))
        });
        if !(says_failed || (only_error_members && !says_succeeded)) {
            return None;
        }
        let message = (self.error_parser)(self.status, body)?;
        Some(self.sent.mask_error(Error::Status {
            vendor: self.vendor,
            operation: self.operation,
            status: self.status,
            message: Some(message),
            body: BodyExcerpt::new(&self.body),
            retry_after: None,
        }))
    }

    /// The body as text fit to keep or show: every value the request sent masked
    /// ([`SentValues::mask`]), then emails, phone numbers and long tokens
    /// ([`redact_text`]).
    pub fn masked_body(&self) -> String {
        redact_text(&self.sent.mask(&String::from_utf8_lossy(&self.body)))
    }
}

impl fmt::Debug for ApiResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiResponse")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Decodes JSON; on failure, decodes again with `serde_path_to_error` to name the failing path
/// (the fast path pays nothing for path tracking).
///
/// Tolerated on the way: a UTF-8 byte-order mark and whitespace before the document, and a
/// key repeated in one object (the last occurrence is kept, as most JSON readers do; a model
/// whose repeated keys need another rule reads them itself).
///
/// ```
/// use leadkit_core::{StatusCode, decode_json};
/// #[derive(serde::Deserialize)]
/// struct Answer { id: u32 }
/// let body = bytes::Bytes::from_static(b"\xEF\xBB\xBF {\"id\":1,\"id\":2}");
/// let answer: Answer = decode_json(&body, "vendor", "op", StatusCode::OK).unwrap();
/// assert_eq!(answer.id, 2);
/// ```
pub fn decode_json<T: DeserializeOwned>(
    body: &Bytes,
    vendor: &'static str,
    operation: &'static str,
    status: StatusCode,
) -> Result<T> {
    let text = without_bom(body);
    if let Ok(value) = serde_json::from_slice(text) {
        return Ok(value);
    }
    // A repeated key fails a derived model ("duplicate field"); a JSON value keeps the last.
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(text).and_then(T::deserialize) {
        return Ok(value);
    }
    // The path names object keys and serde quotes numbers in backticks: either may be an
    // email or a phone number (a map keyed by email, a phone sent as a number).
    let decode_error = |path: String, reason: String| Error::Decode {
        vendor,
        operation,
        status,
        path: redact_path(&path),
        reason: redact_text(&mask_quoted(&reason)),
        body: BodyExcerpt::new(body),
    };
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let value: T = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| decode_error(error.path().to_string(), error.inner().to_string()))?;
    deserializer
        .end()
        .map_err(|error| decode_error(".".to_owned(), error.to_string()))?;
    Ok(value)
}

/// The body without a leading UTF-8 byte-order mark (whitespace after it is left to the
/// reader, so that line numbers in errors count as sent).
pub fn without_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> ApiResponse {
        let mut sent = SentValues::default();
        sent.add("ann.lee@example.com");
        ApiResponse {
            vendor: "v",
            operation: "op",
            status: StatusCode::from_u16(status).unwrap(),
            headers: HeaderMap::new(),
            body: Bytes::from(body.to_owned()),
            sent,
            error_parser: crate::client::default_error_parser,
        }
    }

    #[test]
    fn an_error_document_is_told_from_an_answer() {
        for body in [
            r#"{"message":"no user ann.lee@example.com"}"#,
            r#"{"result":"error","message":"no","transactionId":"t-1"}"#,
            r#"{"success":false,"errorMessage":"no"}"#,
            "\u{feff} {\"error\":\"no\",\"statusCode\":400}",
        ] {
            let error = answer(200, body).error_document().expect(body);
            assert_eq!(error.status(), Some(StatusCode::OK), "{body}");
            let shown = format!("{error} {error:?}");
            assert!(
                !shown.contains("ann") && !shown.contains("example"),
                "{shown}"
            );
        }
        for (status, body) in [
            (200, r#"{"id":1,"message":"hi"}"#),
            (200, r#"{"result":"success","message":"queued"}"#),
            (200, r#"{"status":"done"}"#),
            (200, "[]"),
            (200, "not json"),
            (400, r#"{"message":"no"}"#),
        ] {
            assert!(answer(status, body).error_document().is_none(), "{body}");
        }
    }
}
