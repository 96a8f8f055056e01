//! OAuth2 client-credentials tokens: fetched once, shared, refreshed before they expire.
//!
//! - The token is cached and reused until `expires_in` minus a refresh margin (60 s, or half
//!   the lifetime for short-lived tokens).
//! - When many calls find the cache empty or stale at once, exactly one fetches; the others
//!   wait for it and use its token (single flight, as AWS's `ExpiringCache`).
//! - When the vendor answers 401, [`ApiClient`](crate::ApiClient) drops the token (only if the
//!   cache still holds the one that failed, since another call may have refreshed already),
//!   fetches a fresh one and sends the call once more.
//! - A token answer of 400/401 (`invalid_client`, …) becomes [`Error::Auth`] with the vendor's
//!   description.
//! - The token request has no retries of its own. A call that cannot get a token has not been
//!   sent, so its client retries it under its own policy, even when it is not idempotent: a
//!   token outage costs one token request per attempt, not attempts squared.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Method;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
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
}

impl AccessToken {
    pub(crate) fn header(&self) -> &HeaderValue {
        &self.0.header
    }

    /// When the token will be replaced by a fresh one.
    pub fn refresh_at(&self) -> Instant {
        self.0.refresh_at
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
/// share the cache.
#[derive(Clone)]
pub struct TokenSource {
    inner: Arc<TokenInner>,
}

struct TokenInner {
    api: ApiClient,
    credentials: ClientCredentials,
    margin: Duration,
    cached: Mutex<Option<AccessToken>>,
    refresh: tokio::sync::Mutex<()>,
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
    #[serde(default, with = "crate::lenient::option_number")]
    expires_in: Option<u64>,
}

impl TokenSource {
    /// Lifetime assumed when a token answer has no `expires_in`.
    pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

    /// A token source for `vendor` fetching over `http`, refreshing 60 s before expiry.
    pub fn new(vendor: &'static str, http: HttpClient, credentials: ClientCredentials) -> Self {
        Self {
            inner: Arc::new(TokenInner {
                // No retries of its own: the call that needs the token retries the whole
                // attempt under its own policy, so a token outage is not multiplied.
                api: ApiClient::new(vendor, http, Auth::None)
                    .with_retry_policy(RetryPolicy::none()),
                credentials,
                margin: Duration::from_secs(60),
                cached: Mutex::new(None),
                refresh: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// Refreshes tokens this long before they expire (default 60 s; at most half a token's
    /// lifetime is used).
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.margin = margin;
        }
        self
    }

    /// Wraps the source as [`Auth::OAuth2`].
    pub fn into_auth(self) -> Auth {
        Auth::OAuth2(self)
    }

    fn cached(&self) -> Option<AccessToken> {
        let cached = self
            .inner
            .cached
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        cached
            .as_ref()
            .filter(|token| Instant::now() < token.refresh_at())
            .cloned()
    }

    /// A valid token: the cached one, or a fresh one fetched by exactly one caller.
    pub async fn token(&self) -> Result<AccessToken> {
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        let _flight = self.inner.refresh.lock().await;
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        let token = self.fetch().await?;
        *self
            .inner
            .cached
            .lock()
            .unwrap_or_else(|poison| poison.into_inner()) = Some(token.clone());
        Ok(token)
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
        let mut cached = self
            .inner
            .cached
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if cached.as_ref().is_some_and(|token| token.same_as(failed)) {
            *cached = None;
        }
    }

    async fn fetch(&self) -> Result<AccessToken> {
        let credentials = &self.inner.credentials;
        let request = ApiRequest::new(
            "token",
            Method::POST,
            credentials.token_url.clone(),
            Idempotency::Idempotent,
        );
        let secret = credentials.client_secret.expose_secret();
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
        let answer = self
            .inner
            .api
            .send(&request)
            .await
            .map_err(|error| match error {
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
        let lifetime = decoded
            .expires_in
            .map(Duration::from_secs)
            .unwrap_or(Self::DEFAULT_LIFETIME);
        let margin = self.inner.margin.min(lifetime / 2);
        let header = sensitive_header(
            &format!("Bearer {}", decoded.access_token.expose_secret()),
            "access_token",
        )?;
        tracing::debug!(lifetime_s = lifetime.as_secs(), "fetched access token");
        Ok(AccessToken(Arc::new(TokenEntry {
            header,
            refresh_at: Instant::now() + lifetime - margin,
        })))
    }
}
