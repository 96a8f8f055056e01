//! The HTTP plumbing shared by the vendor handlers: a fully read request, the answer body
//! (whole or cut short), reply helpers and the fault scenarios.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use base64::Engine as _;
use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use hyper::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderValue};
use hyper::{Method, Response, StatusCode};

/// A request read to its end, with its query and form parameters decoded.
pub(crate) struct MockRequest {
    pub(crate) method: Method,
    /// The path without the query string.
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl MockRequest {
    pub(crate) fn new(method: Method, uri: &hyper::Uri, headers: HeaderMap, body: Bytes) -> Self {
        let query = uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        Self {
            method,
            path: uri.path().to_owned(),
            query,
            headers,
            body,
        }
    }

    /// A query parameter.
    pub(crate) fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The form-encoded body's parameters.
    pub(crate) fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(&self.body)
            .into_owned()
            .collect()
    }

    /// The body as JSON (`Null` when it is not JSON).
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The user and password of `Authorization: Basic …`.
    pub(crate) fn basic_auth(&self) -> Option<(String, String)> {
        let value = self.headers.get(AUTHORIZATION)?.to_str().ok()?;
        let encoded = value.strip_prefix("Basic ")?;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (user, password) = text.split_once(':')?;
        Some((user.to_owned(), password.to_owned()))
    }

    /// The token of `Authorization: Bearer …`.
    pub(crate) fn bearer(&self) -> Option<&str> {
        let value = self.headers.get(AUTHORIZATION)?.to_str().ok()?;
        value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
    }

    /// Everything the caller chose (decoded query values and the body), searched for
    /// scenario keywords.
    pub(crate) fn haystack(&self) -> String {
        let mut text = String::from_utf8_lossy(&self.body).into_owned();
        for (_, value) in &self.query {
            text.push('\n');
            text.push_str(value);
        }
        text.push('\n');
        text.push_str(&self.path);
        text
    }
}

/// An answer body: whole, or cut short (the declared length is never reached and the
/// connection is closed).
pub(crate) struct MockBody {
    data: Option<Bytes>,
    /// Fail after the data (a truncated answer).
    fail: bool,
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl MockBody {
    pub(crate) fn full(data: impl Into<Bytes>) -> Self {
        Self {
            data: Some(data.into()),
            fail: false,
            pause: None,
        }
    }

    fn truncated(data: Bytes) -> Self {
        Self {
            data: Some(data),
            fail: true,
            pause: Some(Box::pin(tokio::time::sleep(Duration::from_millis(20)))),
        }
    }
}

/// The error that aborts a truncated answer.
#[derive(Debug)]
pub(crate) struct Abort;

impl std::fmt::Display for Abort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("answer cut short on purpose")
    }
}

impl std::error::Error for Abort {}

impl Body for MockBody {
    type Data = Bytes;
    type Error = Abort;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Abort>>> {
        if let Some(data) = self.data.take() {
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
        if !self.fail {
            return Poll::Ready(None);
        }
        // Let the first part reach the wire before the connection is aborted.
        if let Some(pause) = self.pause.as_mut() {
            if pause.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.pause = None;
        }
        self.fail = false;
        Poll::Ready(Some(Err(Abort)))
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_none() && !self.fail
    }

    fn size_hint(&self) -> SizeHint {
        match (&self.data, self.fail) {
            (Some(data), false) => SizeHint::with_exact(data.len() as u64),
            (None, false) => SizeHint::with_exact(0),
            _ => SizeHint::default(),
        }
    }
}

/// What the server does with a request.
pub(crate) enum Reply {
    /// Answer.
    Send(Response<MockBody>),
    /// Close the connection without answering.
    Drop,
}

/// A response with a body and content type.
pub(crate) fn with_body(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Reply {
    let mut response = Response::new(MockBody::full(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    Reply::Send(response)
}

/// A JSON response.
pub(crate) fn json(status: StatusCode, body: impl Into<Bytes>) -> Reply {
    with_body(status, "application/json", body)
}

/// A JSON response from a value.
pub(crate) fn json_value(status: StatusCode, value: &serde_json::Value) -> Reply {
    json(status, value.to_string())
}

/// A response without a body.
pub(crate) fn empty(status: StatusCode) -> Reply {
    let mut response = Response::new(MockBody::full(Bytes::new()));
    *response.status_mut() = status;
    Reply::Send(response)
}

/// The mock's own 404 for paths no vendor serves.
pub(crate) fn not_found() -> Reply {
    json(
        StatusCode::NOT_FOUND,
        r#"{"message":"no such endpoint on the leadkit mock"}"#,
    )
}

/// A fault chosen by a keyword in the request (see `docs/mock.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// `mock-429`: HTTP 429 with `Retry-After`.
    RateLimited,
    /// `mock-503`: HTTP 503.
    Unavailable,
    /// `mock-slow`: the answer comes after the configured delay.
    Slow,
    /// `mock-drop`: the connection is closed without an answer.
    Drop,
    /// `mock-truncate`: the answer is cut short.
    Truncate,
}

impl Fault {
    const KEYWORDS: [(&'static str, Fault); 5] = [
        ("mock-429", Fault::RateLimited),
        ("mock-503", Fault::Unavailable),
        ("mock-slow", Fault::Slow),
        ("mock-drop", Fault::Drop),
        ("mock-truncate", Fault::Truncate),
    ];

    /// The fault named in `haystack`, and whether it applies once only (`…-once`).
    pub(crate) fn find(haystack: &str) -> Option<(Fault, &'static str, bool)> {
        Self::KEYWORDS.iter().find_map(|(keyword, fault)| {
            let at = haystack.find(keyword)?;
            let once = haystack[at + keyword.len()..].starts_with("-once");
            Some((*fault, *keyword, once))
        })
    }
}

/// 429 with `Retry-After` in seconds.
pub(crate) fn rate_limited(retry_after: Duration) -> Reply {
    let Reply::Send(mut response) = json(
        StatusCode::TOO_MANY_REQUESTS,
        r#"{"message":"Too Many Requests"}"#,
    ) else {
        unreachable!("json always answers")
    };
    response.headers_mut().insert(
        hyper::header::RETRY_AFTER,
        HeaderValue::from(retry_after.as_secs()),
    );
    Reply::Send(response)
}

/// Cuts an answer short: the full length is declared, half the body is sent, then the
/// connection is closed.
pub(crate) fn truncate(reply: Reply) -> Reply {
    let Reply::Send(response) = reply else {
        return reply;
    };
    let (mut parts, body) = response.into_parts();
    let data = body.data.unwrap_or_default();
    let full = data.len().max(2);
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(full as u64));
    let half = data.slice(..data.len() / 2);
    Reply::Send(Response::from_parts(parts, MockBody::truncated(half)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_found_by_keyword() {
        assert_eq!(
            Fault::find("email=mock-503@example.com"),
            Some((Fault::Unavailable, "mock-503", false))
        );
        assert_eq!(
            Fault::find("{\"name\":\"mock-429-once\"}"),
            Some((Fault::RateLimited, "mock-429", true))
        );
        assert_eq!(Fault::find("jon.doe@example.com"), None);
    }
}
