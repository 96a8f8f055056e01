//! OAuth2 client-credentials tokens: fetched once, shared, refreshed ahead of expiry.
//!
//! # Lifetime
//!
//! Each [`AccessToken`] has two instants, both measured from when its token request started:
//! [`expires_at`](AccessToken::expires_at) (plus the lifetime) and
//! [`refresh_at`](AccessToken::refresh_at) (expiry minus the refresh margin: 60 s by default,
//! at most half the lifetime).
//!
//! - The lifetime is the answer's `expires_in` in seconds, clamped to
//!   [`MIN_LIFETIME`](TokenSource::MIN_LIFETIME) (30 s) ..=
//!   [`MAX_LIFETIME`](TokenSource::MAX_LIFETIME) (24 h). An integer, a float or a numeric
//!   string is read as a number; 0 and negative values become the minimum, huge ones the
//!   maximum. A missing, `null`, non-numeric or non-finite `expires_in` means
//!   [`DEFAULT_LIFETIME`](TokenSource::DEFAULT_LIFETIME) (1 h). No value of `expires_in`
//!   makes the token request fail, and no instant arithmetic can overflow.
//! - Before `refresh_at` the cached token is used as is.
//! - From `refresh_at` to `expires_at` the cached token is still handed out at once, and a
//!   refresh starts in the background (refresh ahead, as Google's and Azure's clients do). If
//!   it fails, the cached token keeps being served; the next background refresh waits at least
//!   [`REFRESH_RETRY_INTERVAL`](TokenSource::REFRESH_RETRY_INTERVAL) (5 s) after the failure.
//! - From `expires_at` on, callers wait for a fresh token and fail if its fetch fails.
//!
//! # One fetch at a time
//!
//! - At most one token request (a *flight*) runs at a time, in a task of its own; every caller
//!   that needs a token meanwhile waits for that flight and gets its result, a failure
//!   included (single flight, as AWS's `ExpiringCache`). N callers against a failing token
//!   endpoint make one request, not N.
//! - Waiting is cancel-safe: a caller dropped while waiting (its deadline passed) neither
//!   cancels the flight nor makes the next caller start another one. If the flight's task ends
//!   without a result (a panic, the runtime shutting down), its waiters get an
//!   [`Error::Auth`] without a status at once, and the next caller starts a new flight.
//! - The token request has no retries of its own. A call that cannot get a token has not been
//!   sent, so its client retries it under its own policy, even when it is not idempotent: a
//!   token outage costs one token request per attempt (shared by all the calls waiting at that
//!   moment), not attempts squared.
//!
//! # Refusals
//!
//! - A token answer of 400/401 (`invalid_client`, …) becomes [`Error::Auth`] with the vendor's
//!   description.
//! - Such a refusal is remembered for
//!   [`with_refusal_memory`](TokenSource::with_refusal_memory) (30 s by default): in that
//!   window every caller that needs a new token gets a clone of the error at once, without a
//!   request, and no background refresh starts. Afterwards the next caller fetches again.
//! - Any other failed fetch (a 503, a timeout) is handed the same way to callers arriving
//!   within [`FAILURE_MEMORY`](TokenSource::FAILURE_MEMORY) (250 ms, never longer than the
//!   refusal memory): jittered retries that land just after a failure share it.
//! - When the vendor answers 401 to a call, [`ApiClient`](crate::ApiClient) drops the token
//!   (only if the cache still holds the one that failed, since another call may have refreshed
//!   already), gets a fresh one and sends the call once more.
//!
//! # Secrets
//!
//! The client secret and the tokens never appear in `Debug` output or logs, and a token answer
//! that cannot be decoded keeps no excerpt of its body (which holds the token).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::time::Duration;

use reqwest::Method;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio::time::Instant;
use url::Url;

use crate::auth::{Auth, sensitive_header};
use crate::client::ApiClient;
use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::request::ApiRequest;
use crate::retry::{Idempotency, RetryPolicy};

/// How the token request carries the client credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenRequestFormat {
    /// `application/x-www-form-urlencoded` (RFC 6749).
    #[default]
    Form,
    /// A JSON object `{client_id, client_secret, grant_type}`.
    Json,
}

/// The client credentials of an OAuth2 application.
#[derive(Clone)]
pub struct ClientCredentials {
    /// The token endpoint.
    pub token_url: Url,
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: SecretString,
    /// How the credentials are sent.
    pub format: TokenRequestFormat,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_path", &self.token_url.path())
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .field("format", &self.format)
            .finish()
    }
}

/// A cached access token, ready to use as a header.
#[derive(Clone)]
pub struct AccessToken(Arc<TokenEntry>);

struct TokenEntry {
    header: HeaderValue,
    refresh_at: Instant,
    expires_at: Instant,
}

impl AccessToken {
    /// The token itself (without `Bearer `), to mask it where a vendor echoes it.
    pub(crate) fn secret_text(&self) -> &str {
        self.header()
            .to_str()
            .ok()
            .and_then(|header| header.strip_prefix("Bearer "))
            .unwrap_or("")
    }

    pub(crate) fn header(&self) -> &HeaderValue {
        &self.0.header
    }

    /// When a refresh of this token starts (in the background; the token is still served
    /// until [`expires_at`](Self::expires_at)).
    pub fn refresh_at(&self) -> Instant {
        self.0.refresh_at
    }

    /// When this token stops being served: its request's start plus its lifetime.
    pub fn expires_at(&self) -> Instant {
        self.0.expires_at
    }

    fn same_as(&self, other: &AccessToken) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken([REDACTED])")
    }
}

/// A shared, self-refreshing source of client-credentials tokens. Cheap to clone; clones
/// share the cache, the running fetch and the settings.
///
/// - **One fetch at a time.** Callers needing a token while a fetch runs wait for it and get
///   its result, a failure included. The fetch runs in a task of its own: a caller dropped
///   while waiting (its deadline passed) does not cancel it, and if the task ends without a
///   result its waiters get an [`Error::Auth`] without a status instead of hanging.
/// - **Refresh ahead.** From a token's [`refresh_at`](AccessToken::refresh_at) to its
///   [`expires_at`](AccessToken::expires_at) the cached token is returned at once while a
///   background refresh runs (no sooner than
///   [`REFRESH_RETRY_INTERVAL`](Self::REFRESH_RETRY_INTERVAL) after a failure); a failed
///   refresh keeps the cached token in use until it expires.
/// - **Refusals remembered.** An [`Error::Auth`] from the token endpoint (`invalid_client`,
///   …) is returned at once, without a request, for
///   [`with_refusal_memory`](Self::with_refusal_memory) (30 s by default).
/// - **Lenient lifetimes.** `expires_in` may be an integer, a float or a numeric string; it is
///   clamped to [`MIN_LIFETIME`](Self::MIN_LIFETIME)..=[`MAX_LIFETIME`](Self::MAX_LIFETIME),
///   and [`DEFAULT_LIFETIME`](Self::DEFAULT_LIFETIME) stands in when it is missing, `null` or
///   not a number.
#[derive(Clone)]
pub struct TokenSource {
    inner: Arc<TokenInner>,
}

struct TokenInner {
    api: ApiClient,
    credentials: ClientCredentials,
    state: Mutex<State>,
}

/// Everything that changes, behind one lock (never held across an await).
struct State {
    margin: Duration,
    refusal_memory: Duration,
    cached: Option<AccessToken>,
    flight: Option<Flight>,
    refused: Option<Refusal>,
    last_failure: Option<Instant>,
    flights_started: u64,
}

/// What a flight publishes: `None` until its fetch ends.
type Outcome = Option<Result<AccessToken>>;

/// The running token fetch.
struct Flight {
    id: u64,
    outcome: watch::Receiver<Outcome>,
}

/// A refusal of the client by the token endpoint, remembered until `until`.
struct Refusal {
    error: Error,
    until: Instant,
}

impl State {
    /// The running flight's outcome channel; a flight whose task is gone is forgotten.
    fn live_flight(&mut self) -> Option<watch::Receiver<Outcome>> {
        if self
            .flight
            .as_ref()
            .is_some_and(|flight| flight.outcome.is_closed())
        {
            self.flight = None;
        }
        self.flight.as_ref().map(|flight| flight.outcome.clone())
    }

    /// The remembered refusal, if still in its window.
    fn refusal(&mut self, now: Instant) -> Option<&Error> {
        if self
            .refused
            .as_ref()
            .is_some_and(|refusal| now >= refusal.until)
        {
            self.refused = None;
        }
        self.refused.as_ref().map(|refusal| &refusal.error)
    }
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSource")
            .field("credentials", &self.inner.credentials)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize)]
struct TokenRequest<'a> {
    client_id: &'a str,
    client_secret: &'a str,
    grant_type: &'static str,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: SecretString,
    /// Read leniently by [`lifetime_from`]: any JSON value is accepted here.
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

impl TokenSource {
    /// Lifetime assumed when a token answer's `expires_in` is missing, `null` or not a number.
    pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);
    /// The shortest lifetime a token is given: a smaller `expires_in` (0, negative) is raised
    /// to this.
    pub const MIN_LIFETIME: Duration = Duration::from_secs(30);
    /// The longest lifetime a token is given: a larger `expires_in` is lowered to this.
    pub const MAX_LIFETIME: Duration = Duration::from_secs(24 * 3600);
    /// The refresh margin unless [`with_refresh_margin`](Self::with_refresh_margin) sets one.
    pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);
    /// How long a refusal of the client is remembered unless
    /// [`with_refusal_memory`](Self::with_refusal_memory) sets another time.
    pub const DEFAULT_REFUSAL_MEMORY: Duration = Duration::from_secs(30);
    /// The least time between a failed token fetch and the next background refresh.
    pub const REFRESH_RETRY_INTERVAL: Duration = Duration::from_secs(5);
    /// How long any other failed fetch (a 503, a timeout) is handed to new callers without a
    /// request: calls whose jittered retries land just after a failure share it instead of
    /// each asking a token endpoint that is down.
    pub const FAILURE_MEMORY: Duration = Duration::from_millis(250);

    /// A token source for `vendor` fetching over `http`, refreshing 60 s before expiry and
    /// remembering a refusal for 30 s.
    pub fn new(vendor: &'static str, http: HttpClient, credentials: ClientCredentials) -> Self {
        Self {
            inner: Arc::new(TokenInner {
                // No retries of its own: the call that needs the token retries the whole
                // attempt under its own policy, so a token outage is not multiplied.
                api: ApiClient::new(vendor, http, Auth::None)
                    .with_retry_policy(RetryPolicy::none()),
                credentials,
                state: Mutex::new(State {
                    margin: Self::DEFAULT_REFRESH_MARGIN,
                    refusal_memory: Self::DEFAULT_REFUSAL_MEMORY,
                    cached: None,
                    flight: None,
                    refused: None,
                    last_failure: None,
                    flights_started: 0,
                }),
            }),
        }
    }

    /// Refreshes tokens this long before they expire (default 60 s; at most half a token's
    /// lifetime is used). Applies to tokens fetched from now on, for every clone.
    pub fn with_refresh_margin(self, margin: Duration) -> Self {
        self.inner.lock().margin = margin;
        self
    }

    /// Remembers a refusal of the client (an [`Error::Auth`] from the token endpoint, such as
    /// `invalid_client`) this long: in that window callers get the error at once, without a
    /// request (default 30 s; [`Duration::ZERO`] disables it). Applies to refusals from now
    /// on, for every clone.
    pub fn with_refusal_memory(self, memory: Duration) -> Self {
        self.inner.lock().refusal_memory = memory;
        self
    }

    /// Names the vendor crate in the token requests' `User-Agent`, as
    /// [`ApiClient::with_product`] does for calls. Set it when building the source, before it
    /// is cloned or used (a shared source keeps the one it has).
    pub fn with_product(mut self, product: &str) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.api = inner.api.clone().with_product(product);
        }
        self
    }

    /// Adds the client secret to `secrets` (masked wherever a vendor echoes it).
    pub(crate) fn add_secrets(&self, secrets: &mut crate::sent::SentValues) {
        secrets.add_secret(self.inner.credentials.client_secret.expose_secret());
    }

    /// Wraps the source as [`Auth::OAuth2`].
    pub fn into_auth(self) -> Auth {
        Auth::OAuth2(self)
    }

    /// A token to use now: the cached one while it has not expired (starting a background
    /// refresh once it is due), else the result of the one running fetch, failures included.
    ///
    /// Cancel-safe: dropping the future leaves the fetch running for the others.
    pub async fn token(&self) -> Result<AccessToken> {
        let mut outcome = {
            let mut state = self.inner.lock();
            let now = Instant::now();
            if let Some(token) = state.cached.clone() {
                if now < token.refresh_at() {
                    return Ok(token);
                }
                if now < token.expires_at() {
                    self.refresh_ahead(&mut state, now);
                    return Ok(token);
                }
            }
            if let Some(error) = state.refusal(now) {
                return Err(error.clone());
            }
            match state.live_flight() {
                Some(outcome) => outcome,
                None => self.start_flight(&mut state)?,
            }
        };
        let published = match outcome.wait_for(Option::is_some).await {
            Ok(published) => published.clone(),
            Err(_closed) => None,
        };
        published.unwrap_or_else(|| Err(self.inner.no_outcome()))
    }

    /// [`TokenSource::token`] as a boxed future: the token fetch itself goes through
    /// [`ApiClient::send`], so the call that needs a token cannot hold that future by value.
    pub(crate) fn token_boxed(
        &self,
    ) -> Pin<Box<dyn Future<Output = Result<AccessToken>> + Send + '_>> {
        Box::pin(self.token())
    }

    /// Drops `failed` from the cache, unless it was already replaced.
    pub fn invalidate(&self, failed: &AccessToken) {
        let mut state = self.inner.lock();
        if state
            .cached
            .as_ref()
            .is_some_and(|token| token.same_as(failed))
        {
            state.cached = None;
        }
    }

    /// Starts a background refresh of a token past its `refresh_at`, unless a fetch is
    /// running, a refusal is remembered or the last failure is too recent.
    fn refresh_ahead(&self, state: &mut State, now: Instant) {
        if state.live_flight().is_some() || state.refusal(now).is_some() {
            return;
        }
        if state
            .last_failure
            .is_some_and(|at| now.saturating_duration_since(at) < Self::REFRESH_RETRY_INTERVAL)
        {
            return;
        }
        tracing::debug!("refreshing access token ahead of expiry");
        // Without a runtime to run it there is no refresh; the cached token is still served.
        let _ = self.start_flight(state);
    }

    /// Starts the one fetch and returns the channel its outcome is published on.
    fn start_flight(&self, state: &mut State) -> Result<watch::Receiver<Outcome>> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| Error::Config("fetching an OAuth2 token needs a tokio runtime".into()))?;
        let (publish, outcome) = watch::channel(None);
        state.flights_started += 1;
        let id = state.flights_started;
        state.flight = Some(Flight {
            id,
            outcome: outcome.clone(),
        });
        let landing = Landing {
            inner: Arc::clone(&self.inner),
            id,
            publish: Some(publish),
        };
        runtime.spawn(async move {
            let started = Instant::now();
            let result = landing.inner.fetch(started).await;
            landing.land(result);
        });
        Ok(outcome)
    }
}

/// Ends a flight: stores its result and publishes it to the waiters. Dropped without
/// [`land`](Landing::land) (the task panicked or was dropped), it clears the flight, so that
/// waiters get an error at once and the next caller starts anew.
struct Landing {
    inner: Arc<TokenInner>,
    id: u64,
    publish: Option<watch::Sender<Outcome>>,
}

impl Landing {
    fn land(mut self, result: Result<AccessToken>) {
        let now = Instant::now();
        let mut state = self.inner.lock();
        match &result {
            Ok(token) => {
                state.cached = Some(token.clone());
                state.last_failure = None;
                state.refused = None;
            }
            Err(error) => {
                tracing::debug!(
                    error = error.kind(),
                    status = error.status().map(|s| s.as_u16()),
                    "token fetch failed"
                );
                state.last_failure = Some(now);
                let memory = if matches!(error, Error::Auth { .. }) {
                    state.refusal_memory
                } else {
                    TokenSource::FAILURE_MEMORY.min(state.refusal_memory)
                };
                if !memory.is_zero() {
                    state.refused = Some(Refusal {
                        error: error.clone(),
                        until: later(now, memory),
                    });
                }
            }
        }
        if state
            .flight
            .as_ref()
            .is_some_and(|flight| flight.id == self.id)
        {
            state.flight = None;
        }
        // Published under the lock: no caller sees the flight gone before its result is stored.
        if let Some(publish) = self.publish.take() {
            publish.send_replace(Some(result));
        }
    }
}

impl Drop for Landing {
    fn drop(&mut self) {
        if self.publish.is_none() {
            return;
        }
        // Dropping the sender (after this) wakes the waiters with "closed", and a closed
        // flight counts as gone (`State::live_flight`), so the bookkeeping below is best
        // effort: it must not block, since a runtime that is shutting down drops the task
        // inside `spawn`, while `start_flight` still holds the lock.
        let mut state = match self.inner.state.try_lock() {
            Ok(state) => state,
            Err(TryLockError::Poisoned(poison)) => poison.into_inner(),
            Err(TryLockError::WouldBlock) => return,
        };
        if state
            .flight
            .as_ref()
            .is_some_and(|flight| flight.id == self.id)
        {
            state.flight = None;
        }
        state.last_failure = Some(Instant::now());
    }
}

impl TokenInner {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// What waiters get when a flight ended without publishing a result.
    fn no_outcome(&self) -> Error {
        Error::Auth {
            vendor: self.api.vendor(),
            operation: "token",
            status: None,
            message: None,
        }
    }

    async fn fetch(&self, started: Instant) -> Result<AccessToken> {
        let credentials = &self.credentials;
        let request = ApiRequest::new(
            "token",
            Method::POST,
            credentials.token_url.clone(),
            Idempotency::Idempotent,
        );
        let secret = credentials.client_secret.expose_secret();
        // A token refusal may echo the secret, whatever its length.
        let request = request.secret(secret);
        let request = match credentials.format {
            TokenRequestFormat::Json => request.json(&TokenRequest {
                client_id: &credentials.client_id,
                client_secret: secret,
                grant_type: "client_credentials",
            })?,
            TokenRequestFormat::Form => request.form([
                ("grant_type", "client_credentials"),
                ("client_id", credentials.client_id.as_str()),
                ("client_secret", secret),
            ]),
        };
        let answer = self.api.send(&request).await.map_err(|error| match error {
            Error::Status {
                vendor,
                operation,
                status,
                message,
                ..
            } if status.is_client_error() => Error::Auth {
                vendor,
                operation,
                status: Some(status),
                message,
            },
            other => other,
        })?;
        // The body holds the token: decode failures must not keep an excerpt of it.
        let decoded: TokenAnswer = answer.json().map_err(|error| match error {
            Error::Decode {
                vendor,
                operation,
                status,
                path,
                reason,
                ..
            } => Error::Decode {
                vendor,
                operation,
                status,
                path,
                reason,
                body: Default::default(),
            },
            other => other,
        })?;
        let lifetime = lifetime_from(decoded.expires_in.as_ref());
        let margin = self.lock().margin.min(lifetime / 2);
        let header = sensitive_header(
            &zeroize::Zeroizing::new(format!("Bearer {}", decoded.access_token.expose_secret())),
            "access_token",
        )?;
        tracing::debug!(lifetime_s = lifetime.as_secs(), "fetched access token");
        Ok(AccessToken(Arc::new(TokenEntry {
            header,
            refresh_at: later(started, lifetime - margin),
            expires_at: later(started, lifetime),
        })))
    }
}

/// A token's lifetime from its answer's `expires_in`: see the module documentation.
fn lifetime_from(expires_in: Option<&serde_json::Value>) -> Duration {
    let seconds = match expires_in {
        Some(serde_json::Value::Number(number)) => number.as_f64(),
        Some(serde_json::Value::String(text)) => text.trim().parse::<f64>().ok(),
        _ => None,
    };
    match seconds {
        Some(seconds) if seconds.is_finite() => {
            if seconds <= TokenSource::MIN_LIFETIME.as_secs_f64() {
                TokenSource::MIN_LIFETIME
            } else if seconds >= TokenSource::MAX_LIFETIME.as_secs_f64() {
                TokenSource::MAX_LIFETIME
            } else {
                Duration::from_secs_f64(seconds)
            }
        }
        _ => TokenSource::DEFAULT_LIFETIME,
    }
}

/// `from + after`, or the latest instant that can be had when that would overflow.
fn later(from: Instant, after: Duration) -> Instant {
    let mut after = after;
    loop {
        if let Some(at) = from.checked_add(after) {
            return at;
        }
        if after.is_zero() {
            return from;
        }
        after /= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lifetime(json: &str) -> Duration {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        lifetime_from(Some(&value))
    }

    #[test]
    fn expires_in_is_read_leniently_and_clamped() {
        assert_eq!(lifetime("120"), Duration::from_secs(120));
        assert_eq!(lifetime(r#""120""#), Duration::from_secs(120));
        assert_eq!(lifetime(r#"" 90 ""#), Duration::from_secs(90));
        assert_eq!(lifetime("1.5e2"), Duration::from_secs(150));
        assert_eq!(lifetime("0"), TokenSource::MIN_LIFETIME);
        assert_eq!(lifetime("-5"), TokenSource::MIN_LIFETIME);
        assert_eq!(lifetime("-1e300"), TokenSource::MIN_LIFETIME);
        assert_eq!(lifetime("18446744073709551615"), TokenSource::MAX_LIFETIME);
        assert_eq!(lifetime("1e300"), TokenSource::MAX_LIFETIME);
        assert_eq!(lifetime(r#""soon""#), TokenSource::DEFAULT_LIFETIME);
        assert_eq!(lifetime(r#""NaN""#), TokenSource::DEFAULT_LIFETIME);
        assert_eq!(lifetime(r#""inf""#), TokenSource::DEFAULT_LIFETIME);
        assert_eq!(lifetime("null"), TokenSource::DEFAULT_LIFETIME);
        assert_eq!(lifetime("true"), TokenSource::DEFAULT_LIFETIME);
        assert_eq!(lifetime("[60]"), TokenSource::DEFAULT_LIFETIME);
        assert_eq!(lifetime_from(None), TokenSource::DEFAULT_LIFETIME);
    }

    #[test]
    fn later_never_overflows() {
        let now = Instant::now();
        assert!(later(now, Duration::MAX) > now);
        assert_eq!(later(now, Duration::ZERO), now);
        assert_eq!(
            later(now, Duration::from_secs(5)),
            now + Duration::from_secs(5)
        );
    }
}
