//! A vendor's view of the transport: credentials, retry policy, retry budget and error-body
//! parsing around one shared [`HttpClient`].
//!
//! Every call flows the same way: build the URL (query credentials added here, never logged)
//! → attach auth → send with a timeout → read the body under the size cap → classify the
//! answer → retry if the policy, the budget and the deadline allow → hand back the answer or
//! one typed [`Error`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Method, Response, StatusCode};
use tokio::time::Instant;
use tracing::Instrument as _;

use crate::auth::Auth;
use crate::error::{BodyExcerpt, Error, Result, VendorMessage};
use crate::http::{HttpClient, ObservedAnswer, USER_AGENT};
use crate::oauth::AccessToken;
use crate::options::CallOptions;
use crate::request::{ApiRequest, ApiResponse};
use crate::retry::{DEFAULT_DEADLINE_MARGIN, Idempotency, RetryBudget, RetryPolicy};
use crate::sent::SentValues;

/// Reads a vendor's error body into a [`VendorMessage`]; `None` when it is not the vendor's
/// format (an HTML page from a proxy, say).
pub type ErrorParser = fn(StatusCode, &[u8]) -> Option<VendorMessage>;

/// The error parser used unless a vendor sets its own: a JSON object whose message is in
/// `message`, `errorMessage`, `error_description`, `description` or a string `error`, whose
/// code is in `code`, `errorCode` or `error`, with `referenceId` and `requestId`, looked for at
/// the top level and inside an `errors` or `error` object.
pub fn default_error_parser(_status: StatusCode, body: &[u8]) -> Option<VendorMessage> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object()?;
    let nested = ["errors", "error"]
        .iter()
        .find_map(|key| object.get(*key).and_then(serde_json::Value::as_object));
    let find = |keys: &[&str]| {
        keys.iter().find_map(|key| {
            [Some(object), nested]
                .into_iter()
                .flatten()
                .find_map(|map| scalar_text(map.get(*key)?))
        })
    };
    let message = find(&[
        "message",
        "errorMessage",
        "error_description",
        "description",
    ]);
    let code = find(&["code", "errorCode", "error"]);
    let mut parsed = VendorMessage::from_parts(message, code)?;
    if let Some(reference) = find(&["referenceId", "reference_id"]) {
        parsed = parsed.with_reference_id(reference);
    }
    if let Some(request) = find(&["requestId", "request_id"]) {
        parsed = parsed.with_request_id(request);
    }
    Some(parsed)
}

fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// One vendor's client core: shared transport plus this vendor's auth, retry policy, retry
/// budget and error-body parser. Cheap to clone.
#[derive(Clone)]
pub struct ApiClient {
    inner: Arc<ApiInner>,
}

#[derive(Clone)]
struct ApiInner {
    vendor: &'static str,
    http: HttpClient,
    auth: Auth,
    retry: RetryPolicy,
    budget: RetryBudget,
    error_parser: ErrorParser,
    call: CallOptions,
    /// The credentials' secrets, masked in everything the vendor says.
    secrets: SentValues,
    /// The `User-Agent` of every request.
    user_agent: HeaderValue,
}

impl fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClient")
            .field("vendor", &self.inner.vendor)
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("call", &self.inner.call)
            .finish_non_exhaustive()
    }
}

/// What one attempt produced before classification.
enum Attempt {
    Answer {
        status: StatusCode,
        headers: HeaderMap,
        body: Bytes,
        token: Option<AccessToken>,
    },
    /// Failed after the request may have been sent; `status` when an answer had begun.
    Failed {
        error: Error,
        status: Option<StatusCode>,
    },
    /// Failed before the request was sent (the access token could not be had): safe to
    /// retry whatever the request's idempotency.
    NotSent(Error),
}

impl ApiClient {
    /// A client for `vendor` with the default retry policy, a fresh retry budget and the
    /// [`default_error_parser`].
    pub fn new(vendor: &'static str, http: HttpClient, auth: Auth) -> Self {
        let secrets = auth.secrets();
        let user_agent = http
            .user_agent()
            .cloned()
            .unwrap_or(HeaderValue::from_static(USER_AGENT));
        Self {
            inner: Arc::new(ApiInner {
                vendor,
                user_agent,
                http,
                auth,
                secrets,
                retry: RetryPolicy::default(),
                budget: RetryBudget::default(),
                error_parser: default_error_parser,
                call: CallOptions::default(),
            }),
        }
    }

    fn update(mut self, change: impl FnOnce(&mut ApiInner)) -> Self {
        change(Arc::make_mut(&mut self.inner));
        self
    }

    /// Names the vendor crate in the default `User-Agent`, before leadkit-core's product
    /// token: `jeff-client/0.1.0 leadkit-core/0.1.0` from
    /// `with_product(leadkit_core::product!())` in `jeff-client`. A user agent set on the
    /// [`HttpClient`] is kept as it is.
    pub fn with_product(self, product: &str) -> Self {
        if self.inner.http.user_agent().is_some() {
            return self;
        }
        match HeaderValue::from_str(&format!("{product} {USER_AGENT}")) {
            Ok(user_agent) => self.update(|inner| inner.user_agent = user_agent),
            Err(_) => self,
        }
    }

    /// The `User-Agent` every request of this client carries.
    pub fn user_agent(&self) -> &str {
        self.inner.user_agent.to_str().unwrap_or(USER_AGENT)
    }

    /// Replaces the retry policy for every call of this client.
    pub fn with_retry_policy(self, policy: RetryPolicy) -> Self {
        self.update(|inner| inner.retry = policy)
    }

    /// Replaces the retry budget (share one budget between clients by passing clones).
    pub fn with_retry_budget(self, budget: RetryBudget) -> Self {
        self.update(|inner| inner.budget = budget)
    }

    /// Replaces the credentials.
    pub fn with_auth(self, auth: Auth) -> Self {
        self.update(|inner| {
            inner.secrets = auth.secrets();
            inner.auth = auth;
        })
    }

    /// A copy of this client whose calls use `options` (a timeout, a deadline, a retry
    /// policy) in place of the client's and the request's own. Cheap: the copy shares the
    /// connection pool, credentials, token cache and retry budget. Vendor clients expose this
    /// as `with_options` (see [`call_options_setter!`](crate::call_options_setter)).
    pub fn with_call_options(&self, options: CallOptions) -> Self {
        self.clone().update(|inner| inner.call = options)
    }

    /// The per-call options in force (empty unless set with [`ApiClient::with_call_options`]).
    pub fn call_options(&self) -> &CallOptions {
        &self.inner.call
    }

    /// Replaces the parser of this vendor's error bodies.
    pub fn with_error_parser(self, parser: ErrorParser) -> Self {
        self.update(|inner| inner.error_parser = parser)
    }

    /// The vendor name used in logs and errors.
    pub fn vendor(&self) -> &'static str {
        self.inner.vendor
    }

    /// The shared transport.
    pub fn http(&self) -> &HttpClient {
        &self.inner.http
    }

    /// The retry policy for calls that do not set their own.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The retry budget.
    pub fn retry_budget(&self) -> &RetryBudget {
        &self.inner.budget
    }

    /// Sends `request`, retrying as its policy allows, and returns the answer if its status is
    /// 2xx. Error statuses become [`Error::Status`], [`Error::Auth`] (401) or
    /// [`Error::RateLimited`] (429) with the vendor's parsed message; a 3xx (never followed)
    /// becomes [`Error::Redirect`]; any other status (1xx) becomes [`Error::Status`].
    ///
    /// The whole call (waiting for a token, every attempt, every backoff and `Retry-After`
    /// sleep) ends by its deadline ([`ApiClient::call_deadline`]); when the deadline passes
    /// the call fails with [`Error::Deadline`]. A request that is not
    /// [`Idempotency::Idempotent`] and fails after it may have reached the vendor comes back
    /// as [`Error::OutcomeUnknown`]: do not resend it blindly.
    pub async fn send(&self, request: &ApiRequest) -> Result<ApiResponse> {
        let span = tracing::debug_span!(
            "leadkit.call",
            vendor = self.inner.vendor,
            operation = request.operation,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        self.send_with_retries(request).instrument(span).await
    }

    /// Sends `request` and decodes its JSON answer.
    pub async fn send_json<T: serde::de::DeserializeOwned>(
        &self,
        request: &ApiRequest,
    ) -> Result<T> {
        self.send(request).await?.json()
    }

    /// The timeout of each attempt of `request`: the per-call option, else the request's own,
    /// else the transport's.
    pub fn attempt_timeout(&self, request: &ApiRequest) -> Duration {
        self.inner
            .call
            .timeout
            .or(request.timeout)
            .unwrap_or(self.inner.http.settings().timeout)
    }

    /// The retry policy `request` is sent under: the per-call option, else the request's own,
    /// else the client's.
    pub fn effective_retry_policy<'a>(&'a self, request: &'a ApiRequest) -> &'a RetryPolicy {
        self.inner
            .call
            .retry
            .as_ref()
            .or(request.retry.as_ref())
            .unwrap_or(&self.inner.retry)
    }

    /// The overall deadline of a call of `request`, from its start: the per-call option, else
    /// the retry policy's [`RetryPolicy::deadline`], else the attempt timeout plus
    /// [`DEFAULT_DEADLINE_MARGIN`] (so under defaults a call lasts at most 30 s + 15 s).
    pub fn call_deadline(&self, request: &ApiRequest) -> Duration {
        self.inner
            .call
            .deadline
            .or(self.effective_retry_policy(request).overall_deadline())
            .unwrap_or_else(|| {
                self.attempt_timeout(request)
                    .saturating_add(DEFAULT_DEADLINE_MARGIN)
            })
    }

    async fn send_with_retries(&self, request: &ApiRequest) -> Result<ApiResponse> {
        let policy = self.effective_retry_policy(request);
        let timeout = self.attempt_timeout(request);
        let limit = self.call_deadline(request);
        let started = Instant::now();
        // A deadline too far to represent is no deadline.
        let deadline = started.checked_add(limit);
        let span = tracing::Span::current();
        let mut attempt = 0u32;
        let mut refreshed_token = false;
        // What the vendor may echo: the request's values, the credentials, access tokens used.
        let mut sent = request.sent.clone();
        sent.extend(&self.inner.secrets);
        loop {
            attempt += 1;
            span.record("attempts", attempt);
            let outcome = self.attempt(request, timeout, deadline, limit).await;
            if let Attempt::Answer {
                token: Some(token), ..
            } = &outcome
            {
                sent.add_secret(token.secret_text());
            }
            let mut not_sent = false;
            let mut answered = None;
            let error = match outcome {
                Attempt::Answer {
                    status,
                    headers,
                    body,
                    ..
                } if status.is_success() => {
                    self.inner.budget.record_success();
                    record_end(&span, status, started);
                    tracing::debug!(attempt, status = status.as_u16(), "answered");
                    return Ok(ApiResponse {
                        vendor: self.inner.vendor,
                        operation: request.operation,
                        status,
                        headers,
                        body,
                        sent,
                        error_parser: self.inner.error_parser,
                    });
                }
                Attempt::Answer {
                    status: StatusCode::UNAUTHORIZED,
                    token: Some(token),
                    ..
                } if !refreshed_token => {
                    if let Auth::OAuth2(source) = &self.inner.auth {
                        source.invalidate(&token);
                    }
                    refreshed_token = true;
                    tracing::debug!(attempt, "token refused; fetching a fresh one");
                    attempt -= 1;
                    continue;
                }
                Attempt::Answer {
                    status,
                    headers,
                    body,
                    ..
                } => {
                    record_end(&span, status, started);
                    answered = Some(status);
                    self.status_error(request.operation, status, &headers, &body)
                }
                Attempt::Failed { error, status } => {
                    answered = status;
                    error
                }
                Attempt::NotSent(error) => {
                    not_sent = true;
                    error
                }
            };
            let idempotency = if not_sent {
                Idempotency::Idempotent
            } else {
                request.idempotency
            };
            let delay = (attempt < policy.attempts() && policy.is_retryable(&error, idempotency))
                .then(|| policy.delay(attempt, &error))
                .flatten()
                .filter(|delay| deadline.is_none_or(|deadline| Instant::now() + *delay < deadline));
            let Some(delay) = delay.filter(|_| self.inner.budget.try_spend(&error)) else {
                tracing::debug!(
                    attempt,
                    error = error.kind(),
                    status = error.status().map(|s| s.as_u16()),
                    "call failed"
                );
                span.record("elapsed_ms", started.elapsed().as_millis() as u64);
                let error = sent.mask_error(error);
                return Err(
                    if !not_sent && may_have_acted(&error, request.idempotency) {
                        Error::OutcomeUnknown {
                            status: answered,
                            cause: Box::new(error),
                        }
                    } else {
                        error
                    },
                );
            };
            tracing::debug!(
                attempt,
                error = error.kind(),
                status = error.status().map(|s| s.as_u16()),
                delay_ms = delay.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    async fn attempt(
        &self,
        request: &ApiRequest,
        timeout: Duration,
        deadline: Option<Instant>,
        limit: Duration,
    ) -> Attempt {
        let vendor = self.inner.vendor;
        let operation = request.operation;
        let deadline_error = || Error::Deadline {
            vendor,
            operation,
            deadline: limit,
        };
        // Without a representable deadline, a far one: the attempt's own timeout still holds.
        let until = deadline.unwrap_or_else(|| Instant::now() + Duration::from_secs(86_400 * 365));
        if Instant::now() >= until {
            return Attempt::NotSent(deadline_error());
        }

        let mut url = request.url.clone();
        let query_credentials = match &self.inner.auth {
            Auth::Query(credentials) => Some(credentials),
            _ => None,
        };
        if !request.query.is_empty() || query_credentials.is_some() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
            for (name, value) in query_credentials.into_iter().flat_map(|c| c.params()) {
                pairs.append_pair(name, value);
            }
        }

        let mut builder = self
            .inner
            .http
            .reqwest()
            .request(request.method.clone(), url)
            .timeout(timeout)
            .header(header::ACCEPT, HeaderValue::from_static("application/json"))
            .header(header::USER_AGENT, self.inner.user_agent.clone());
        let mut token = None;
        match &self.inner.auth {
            Auth::None | Auth::Query(_) => {}
            Auth::Basic(basic) => {
                builder = builder.header(header::AUTHORIZATION, basic.header().clone())
            }
            Auth::Bearer(bearer) => {
                builder = builder.header(header::AUTHORIZATION, bearer.header().clone())
            }
            // Waiting for the token (ours or another caller's fetch) is bounded by the deadline.
            Auth::OAuth2(source) => {
                match tokio::time::timeout_at(until, source.token_boxed()).await {
                    Ok(Ok(fresh)) => {
                        builder = builder.header(header::AUTHORIZATION, fresh.header().clone());
                        token = Some(fresh);
                    }
                    Ok(Err(error)) => return Attempt::NotSent(error),
                    Err(_) => return Attempt::NotSent(deadline_error()),
                }
            }
        }
        if let Some(body) = &request.body {
            builder = builder
                .header(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(body.content_type()),
                )
                .body(body.bytes().clone());
        } else if matches!(request.method, Method::POST | Method::PUT | Method::PATCH) {
            // Some front ends answer 411 to a body-less POST without a length.
            builder = builder.header(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
        }

        let max_body = self.inner.http.settings().max_body_bytes;
        let exchange = async {
            let mut response = builder.send().await.map_err(|error| Attempt::Failed {
                error: Error::from_reqwest(error, vendor, operation, timeout),
                status: None,
            })?;
            let status = response.status();
            // Taken, not cloned: reading the body does not need them.
            let headers = std::mem::take(response.headers_mut());
            let failed = |error| Attempt::Failed {
                error,
                status: Some(status),
            };
            let body = match read_capped(response, max_body).await {
                Ok(body) => body,
                Err(ReadError::TooLarge) => {
                    return Err(failed(Error::BodyTooLarge {
                        vendor,
                        operation,
                        limit: max_body,
                    }));
                }
                Err(ReadError::Transport(error)) => {
                    return Err(failed(Error::from_reqwest(
                        error, vendor, operation, timeout,
                    )));
                }
            };
            Ok((status, headers, body))
        };
        let (status, headers, body) = match tokio::time::timeout_at(until, exchange).await {
            Ok(Ok(answer)) => answer,
            Ok(Err(failed)) => return failed,
            Err(_) => {
                return Attempt::Failed {
                    error: deadline_error(),
                    status: None,
                };
            }
        };
        self.inner.http.observe(&ObservedAnswer {
            vendor,
            operation,
            status,
            headers: &headers,
            body: &body,
        });
        Attempt::Answer {
            status,
            headers,
            body,
            token,
        }
    }

    fn status_error(
        &self,
        operation: &'static str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Error {
        let vendor = self.inner.vendor;
        if status.is_redirection() {
            return Error::Redirect {
                vendor,
                operation,
                status,
                location_host: location_host(headers),
            };
        }
        let message = (self.inner.error_parser)(status, body);
        match status {
            StatusCode::UNAUTHORIZED => Error::Auth {
                vendor,
                operation,
                status: Some(status),
                message,
            },
            StatusCode::TOO_MANY_REQUESTS => Error::RateLimited {
                vendor,
                operation,
                retry_after: parse_retry_after(headers, SystemTime::now()),
                message,
            },
            _ => Error::Status {
                vendor,
                operation,
                status,
                message,
                body: BodyExcerpt::new(body),
                retry_after: parse_retry_after(headers, SystemTime::now()),
            },
        }
    }
}

/// Whether a request of this idempotency that failed with `error` may have been acted on by
/// the vendor: it was sent (or may have been), and the failure does not prove otherwise.
fn may_have_acted(error: &Error, idempotency: Idempotency) -> bool {
    if idempotency == Idempotency::Idempotent {
        return false;
    }
    match error {
        Error::Timeout { .. }
        | Error::Transport { .. }
        | Error::Deadline { .. }
        | Error::BodyTooLarge { .. }
        | Error::Redirect { .. } => true,
        Error::Status { status, .. } => status.is_server_error() || status.is_success(),
        _ => false,
    }
}

/// The host a redirect pointed at: never its path or query, which may carry credentials or
/// personal data.
fn location_host(headers: &HeaderMap) -> Option<String> {
    let location = headers.get(header::LOCATION)?.to_str().ok()?;
    let url = url::Url::parse(location).ok()?;
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

fn record_end(span: &tracing::Span, status: StatusCode, started: Instant) {
    span.record("status", status.as_u16());
    span.record("elapsed_ms", started.elapsed().as_millis() as u64);
}

enum ReadError {
    TooLarge,
    Transport(reqwest::Error),
}

/// Reads a body without ever holding more than `limit` bytes: the declared length is checked
/// first, then the bytes are counted as they arrive.
async fn read_capped(mut response: Response, limit: u64) -> Result<Bytes, ReadError> {
    if response
        .content_length()
        .is_some_and(|declared| declared > limit)
    {
        return Err(ReadError::TooLarge);
    }
    let mut first: Option<Bytes> = None;
    let mut rest: Vec<u8> = Vec::new();
    let mut total = 0u64;
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        total += chunk.len() as u64;
        if total > limit {
            return Err(ReadError::TooLarge);
        }
        match &first {
            None => first = Some(chunk),
            Some(head) => {
                if rest.is_empty() {
                    rest.reserve(response.content_length().unwrap_or(0) as usize);
                    rest.extend_from_slice(head);
                }
                rest.extend_from_slice(&chunk);
            }
        }
    }
    Ok(if rest.is_empty() {
        first.unwrap_or_default()
    } else {
        Bytes::from(rest)
    })
}

/// Reads `Retry-After` as seconds or as an HTTP-date (relative to `now`).
pub fn parse_retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = crate::http_date::parse(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_both_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(
            parse_retry_after(&headers, now),
            Some(Duration::from_secs(7))
        );
        let later = crate::http_date::format(now + Duration::from_secs(42));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        assert_eq!(
            parse_retry_after(&headers, now),
            Some(Duration::from_secs(42))
        );
        let past = crate::http_date::format(now - Duration::from_secs(42));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_str(&past).unwrap());
        assert_eq!(parse_retry_after(&headers, now), Some(Duration::ZERO));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(parse_retry_after(&headers, now), None);
    }

    #[test]
    fn default_parser_reads_common_shapes() {
        let status = StatusCode::BAD_REQUEST;
        let jeff = default_error_parser(status, br#"{"errorMessage":"Invalid phone"}"#).unwrap();
        assert_eq!(jeff.message(), Some("Invalid phone"));
        let oauth = default_error_parser(
            status,
            br#"{"error":"invalid_client","error_description":"The client credentials are invalid"}"#,
        )
        .unwrap();
        assert_eq!(oauth.code(), Some("invalid_client"));
        assert_eq!(oauth.message(), Some("The client credentials are invalid"));
        let nested = default_error_parser(
            status,
            br#"{"errors":{"code":503,"message":"down","referenceId":"0b6c3e5a-8f7d-4d9e-9a51-3c1f2e4d5b6a","requestId":"req-2"}}"#,
        )
        .unwrap();
        assert_eq!(nested.code(), Some("503"));
        assert_eq!(
            nested.reference_id(),
            Some("0b6c3e5a-8f7d-4d9e-9a51-3c1f2e4d5b6a")
        );
        assert_eq!(nested.request_id(), Some("req-2"));
        assert!(default_error_parser(status, b"<html>502 Bad Gateway</html>").is_none());
        assert!(default_error_parser(status, br#"{"message":" "}"#).is_none());
    }
}
