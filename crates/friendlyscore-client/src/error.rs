//! FriendlyScore's error bodies, and the typed reasons a request was refused.
//!
//! The vendor answers errors in four documented shapes:
//!
//! | body | example | read as |
//! |---|---|---|
//! | `{error, error_description}` | token `invalid_client` | code `invalid_client`, the description as message |
//! | `{code, message}` | 401 `Unauthorized` | code `401`, message |
//! | `{result: "error", message, user_id}` | 404 missing access tokens | code `error`, message |
//! | `{error: "Client error: … response:{…}"}` | 404 missing IP address | the embedded `{result: "error", …}` body |
//!
//! Messages pass through leadkit's redaction (emails, phone numbers and long tokens masked).

use leadkit_core::{Error, StatusCode, VendorMessage, default_error_parser};
use serde_json::{Map, Value};

/// Reads any of FriendlyScore's documented error bodies (see the module docs); other JSON
/// falls back to leadkit's default reader. `None` for bodies that are not JSON (a proxy's
/// HTML page): the error then keeps only the status and a body excerpt.
pub fn parse_error_body(status: StatusCode, body: &[u8]) -> Option<VendorMessage> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object()?;
    read_object(object).or_else(|| default_error_parser(status, body))
}

fn read_object(object: &Map<String, Value>) -> Option<VendorMessage> {
    let string = |key: &str| object.get(key).and_then(Value::as_str);
    if string("result") == Some("error") {
        let mut message = VendorMessage::default().with_code("error");
        if let Some(text) = string("message") {
            message = message.with_message(text);
        }
        return Some(message);
    }
    if let Some(error) = string("error") {
        if let Some(description) = string("error_description") {
            return Some(
                VendorMessage::default()
                    .with_code(error)
                    .with_message(description),
            );
        }
        if !error.contains(char::is_whitespace) {
            // A bare OAuth2 code such as `invalid_client`.
            return Some(VendorMessage::default().with_code(error));
        }
        if let Some(inner) = embedded_body(error) {
            return Some(inner);
        }
        // A wrapped error whose inner body is unreadable: keep the text after the URL, never
        // the URL itself (it carries the user's id).
        let text = error
            .rsplit_once("response:")
            .map_or(error, |(_, rest)| rest)
            .trim();
        return Some(VendorMessage::new(text));
    }
    let code = object.get("code").and_then(|code| match code {
        Value::Number(number) => Some(number.to_string()),
        Value::String(text) => Some(text.clone()),
        _ => None,
    });
    match (code, string("message")) {
        (Some(code), Some(message)) => Some(
            VendorMessage::default()
                .with_code(code)
                .with_message(message),
        ),
        (None, Some(message)) => Some(VendorMessage::new(message)),
        _ => None,
    }
}

/// The JSON body the vendor's gateway embeds in `"Client error: `POST …` resulted in a
/// `404 Not Found` response:{…}"`.
fn embedded_body(text: &str) -> Option<VendorMessage> {
    let (_, rest) = text.split_once("response:")?;
    let start = rest.find('{')?;
    let inner: Value = serde_json::from_str(rest[start..].trim()).ok()?;
    read_object(inner.as_object()?)
}

/// Why the vendor refused a request, read from a failed call's [`Error`].
///
/// calculate-score documents two validation failures (both HTTP 404); the client checks both
/// before sending, so they only come back when the vendor judges differently (an IP address
/// it considers unusable, say).
///
/// ```
/// use friendlyscore_client::{Error, Rejection};
/// # fn handle(error: Error) {
/// match Rejection::from_error(&error) {
///     Some(Rejection::MissingIpAddress) => { /* ask for the applicant's IP again */ }
///     Some(Rejection::MissingAccessTokens) => { /* ask the applicant to log in again */ }
///     Some(other) => eprintln!("refused: {other:?}"),
///     None => eprintln!("failed: {error}"),
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// "Bad parameters provided - IP Address is mandatory!"
    MissingIpAddress,
    /// "Bad parameters provided - access_tokens parameter is empty."
    MissingAccessTokens,
    /// Another `{result: "error"}` answer; the vendor's (redacted) message.
    BadParameters(String),
    /// HTTP 400 ("the request was unacceptable due to omitting a required parameter, improper
    /// method, etc."), typically `{"code": 400, "message": …}`; the vendor's (redacted)
    /// message, when it sent one.
    BadRequest(Option<String>),
    /// The token endpoint refused the client id and secret (`invalid_client`).
    InvalidClient,
    /// The access token was refused (HTTP 401) even after one fresh token.
    Unauthorized,
    /// HTTP 403: the client lacks the permission for this call.
    AccessDenied,
    /// HTTP 404 without a validation body: the user or resource does not exist.
    NotFound,
}

impl Rejection {
    /// The refusal `error` describes, or `None` for errors that are not a vendor refusal
    /// (timeouts, 5xx, invalid input caught before sending, …).
    pub fn from_error(error: &Error) -> Option<Self> {
        let message = error.vendor_message();
        let code = message.and_then(VendorMessage::code);
        let text = message.and_then(VendorMessage::message).unwrap_or("");
        if code == Some("error") {
            let lower = text.to_ascii_lowercase();
            return Some(if lower.contains("ip address is mandatory") {
                Self::MissingIpAddress
            } else if lower.contains("access_tokens parameter is empty") {
                Self::MissingAccessTokens
            } else {
                Self::BadParameters(text.to_owned())
            });
        }
        if code == Some("invalid_client") {
            return Some(Self::InvalidClient);
        }
        match error.root_cause() {
            Error::Auth { .. } => Some(Self::Unauthorized),
            _ => match error.status()?.as_u16() {
                400 => Some(Self::BadRequest(
                    message.and_then(VendorMessage::message).map(str::to_owned),
                )),
                401 => Some(Self::Unauthorized),
                403 => Some(Self::AccessDenied),
                404 => Some(Self::NotFound),
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> VendorMessage {
        parse_error_body(StatusCode::NOT_FOUND, body.as_bytes()).expect("parsed")
    }

    #[test]
    fn reads_every_documented_shape() {
        let oauth = parse(r#"{"error":"invalid_client","error_description":"bad creds"}"#);
        assert_eq!(
            (oauth.code(), oauth.message()),
            (Some("invalid_client"), Some("bad creds"))
        );
        let unauthorized = parse(r#"{"code":401,"message":"Unauthorized"}"#);
        assert_eq!(
            (unauthorized.code(), unauthorized.message()),
            (Some("401"), Some("Unauthorized"))
        );
        let result = parse(r#"{"result":"error","message":"Bad parameters","user_id":"u1"}"#);
        assert_eq!(
            (result.code(), result.message()),
            (Some("error"), Some("Bad parameters"))
        );
        let wrapped = parse(
            r#"{"error":"Client error: `POST http://h/api/v2/users/partner-id/u1/calculate_score.json` resulted in a `404 Not Found` response:{\"result\":\"error\",\"message\":\"IP Address is mandatory!\",\"user_id\":\"u1\"}"}"#,
        );
        assert_eq!(
            (wrapped.code(), wrapped.message()),
            (Some("error"), Some("IP Address is mandatory!"))
        );
        let broken = parse(
            r#"{"error":"Client error: `GET http://h/u1` resulted in a `500` response:oops"}"#,
        );
        assert_eq!(broken.message(), Some("oops"));
        assert_eq!(
            parse(r#"{"error":"invalid_client"}"#).code(),
            Some("invalid_client")
        );
        assert!(parse_error_body(StatusCode::BAD_GATEWAY, b"<html>502</html>").is_none());
    }
}
