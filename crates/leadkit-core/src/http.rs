//! The shared HTTP transport: one connection pool with safe defaults.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, Result};

/// Default limit on a response body: 8 MiB.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 8 * 1024 * 1024;

/// The user agent every request carries.
pub const USER_AGENT: &str = concat!("leadkit/", env!("CARGO_PKG_VERSION"));

/// Transport settings; see [`HttpClientBuilder`] for the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpSettings {
    /// Limit on establishing a connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Limit on a whole request, body included, unless the request sets its own.
    pub timeout: Duration,
    /// How long an idle pooled connection is kept; `None` keeps it forever.
    pub pool_idle_timeout: Option<Duration>,
    /// The largest response body read; past it a call fails with
    /// [`Error::BodyTooLarge`] without buffering the rest.
    pub max_body_bytes: u64,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            pool_idle_timeout: Some(Duration::from_secs(20)),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

/// One connection pool, cheap to clone and share between vendor clients.
///
/// Redirects are not followed and no `Referer` is sent: reqwest would otherwise forward the
/// query string (and any query credentials in it) to the redirect target. TLS is rustls.
///
/// ```
/// use std::time::Duration;
/// use leadkit_core::HttpClient;
///
/// let http = HttpClient::builder()
///     .timeout(Duration::from_secs(20))
///     .max_body_bytes(1024 * 1024)
///     .build()?;
/// // Pass `http.clone()` to every vendor client so they share one pool.
/// # Ok::<(), leadkit_core::Error>(())
/// ```
#[derive(Clone)]
pub struct HttpClient {
    inner: Arc<HttpInner>,
}

struct HttpInner {
    client: reqwest::Client,
    settings: HttpSettings,
    observer: Option<AnswerObserver>,
}

/// One answer as the transport read it, shown to an [`AnswerObserver`].
#[derive(Debug)]
#[non_exhaustive]
pub struct ObservedAnswer<'a> {
    /// The vendor called.
    pub vendor: &'static str,
    /// The operation called.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The response headers.
    pub headers: &'a reqwest::header::HeaderMap,
    /// The body, read whole (under the size cap).
    pub body: &'a bytes::Bytes,
}

/// A function that sees every answer the transport reads (for recording fixtures, say). It
/// receives personal data: it must not log what it sees.
pub type AnswerObserver = Arc<dyn Fn(&ObservedAnswer<'_>) + Send + Sync>;

impl HttpClient {
    /// A client with the default settings.
    pub fn new() -> Result<Self> {
        Self::builder().build()
    }

    /// Starts from the default settings.
    pub fn builder() -> HttpClientBuilder {
        HttpClientBuilder::default()
    }

    /// The settings in force.
    pub fn settings(&self) -> &HttpSettings {
        &self.inner.settings
    }

    pub(crate) fn reqwest(&self) -> &reqwest::Client {
        &self.inner.client
    }

    pub(crate) fn observe(&self, answer: &ObservedAnswer<'_>) {
        if let Some(observer) = &self.inner.observer {
            observer(answer);
        }
    }
}

impl fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClient")
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

/// Builds an [`HttpClient`].
///
/// Defaults: connect timeout 10 s, request timeout 30 s, idle pooled connections closed after
/// 20 s (shorter than the 30–60 s after which proxies and load balancers drop them), bodies
/// capped at 8 MiB, user agent `leadkit/<version>`.
#[derive(Clone, Default)]
pub struct HttpClientBuilder {
    settings: HttpSettings,
    observer: Option<AnswerObserver>,
}

impl fmt::Debug for HttpClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClientBuilder")
            .field("settings", &self.settings)
            .field("observer", &self.observer.is_some())
            .finish()
    }
}

impl HttpClientBuilder {
    /// Limit on establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.settings.connect_timeout = timeout;
        self
    }

    /// Default limit on a whole request; requests that wait on purpose set their own.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = timeout;
        self
    }

    /// How long idle pooled connections are kept (`None`: forever).
    pub fn pool_idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.settings.pool_idle_timeout = timeout;
        self
    }

    /// The largest response body read.
    pub fn max_body_bytes(mut self, limit: u64) -> Self {
        self.settings.max_body_bytes = limit;
        self
    }

    /// Shows every answer read to `observer` (used to record fixtures).
    pub fn observe_answers(
        mut self,
        observer: impl Fn(&ObservedAnswer<'_>) + Send + Sync + 'static,
    ) -> Self {
        self.observer = Some(Arc::new(observer));
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<HttpClient> {
        let settings = self.settings;
        if settings.timeout.is_zero() || settings.connect_timeout.is_zero() {
            return Err(Error::Config("timeouts must be greater than zero".into()));
        }
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(settings.connect_timeout)
            .pool_idle_timeout(settings.pool_idle_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .build()
            .map_err(|error| {
                Error::Config(format!("HTTP client: {}", error.without_url()).into())
            })?;
        Ok(HttpClient {
            inner: Arc::new(HttpInner {
                client,
                settings,
                observer: self.observer,
            }),
        })
    }
}
