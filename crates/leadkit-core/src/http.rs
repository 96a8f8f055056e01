//! The shared HTTP transport: one connection pool with safe defaults, the TLS stack chosen by
//! cargo feature (see [`tls`](crate::http) below), or a `reqwest::Client` of the caller's own.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, Result};

/// Default limit on a response body: 8 MiB.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 8 * 1024 * 1024;

/// The product token of this crate in every request's `User-Agent`, after the vendor crate's
/// own (`jeff-client/0.1.0 leadkit-core/0.1.0`) unless the caller sets one
/// ([`HttpClientBuilder::user_agent`]).
pub const USER_AGENT: &str = concat!("leadkit-core/", env!("CARGO_PKG_VERSION"));

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
    /// The `User-Agent` of every request, in place of the vendor crate's default.
    pub user_agent: Option<String>,
    /// Whether the connection pool is a `reqwest::Client` the caller supplied
    /// ([`HttpClientBuilder::reqwest_client`]): its own connect and idle timeouts, proxy, TLS
    /// and redirect settings apply.
    pub caller_client: bool,
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            pool_idle_timeout: Some(Duration::from_secs(20)),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            user_agent: None,
            caller_client: false,
        }
    }
}

/// One connection pool, cheap to clone and share between vendor clients.
///
/// Redirects are not followed and no `Referer` is sent: reqwest would otherwise forward the
/// query string (and any query credentials in it) to the redirect target.
///
/// TLS is chosen by cargo feature, the same names on every vendor crate:
///
/// | feature | TLS |
/// |---|---|
/// | `rustls-ring` (default) | rustls with the ring provider, the platform's certificate verifier |
/// | `rustls-aws-lc` | rustls with the aws-lc-rs provider (reqwest's own rustls setup) |
/// | `native-tls` | the platform's library (OpenSSL on Linux) |
///
/// When several are enabled (features add up across a dependency graph), `native-tls` wins,
/// then `rustls-aws-lc`. With none, only plain `http://` works unless you supply a client
/// ([`HttpClientBuilder::reqwest_client`]) for proxies, custom roots or client certificates.
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
    /// The caller's `User-Agent`, checked once.
    user_agent: Option<reqwest::header::HeaderValue>,
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

    /// A reqwest builder with the settings leadkit builds its own pool with: redirects not
    /// followed, no `Referer`, the default connect (10 s) and idle (20 s) timeouts, and the
    /// TLS stack of the enabled feature. Add a proxy, root certificates or a client
    /// certificate to it and pass the result to [`HttpClientBuilder::reqwest_client`].
    ///
    /// Start from this rather than `reqwest::Client::builder()`: with the default
    /// `rustls-ring` feature, reqwest's rustls needs a crypto provider, which this installs as
    /// rustls's process-wide default when the process has none (an application's own
    /// provider, installed first, is kept).
    ///
    /// ```
    /// use leadkit_core::{HttpClient, reqwest};
    ///
    /// let own = HttpClient::reqwest_builder()
    ///     // .proxy(reqwest::Proxy::https("http://proxy.internal:3128")?)
    ///     // .identity(reqwest::Identity::from_pem(&client_pem)?)
    ///     .build()?;
    /// let http = HttpClient::builder().reqwest_client(own).build()?;
    /// assert!(http.settings().caller_client);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reqwest_builder() -> reqwest::ClientBuilder {
        let defaults = HttpSettings::default();
        crate::tls::configure(
            reqwest::Client::builder()
                .user_agent(USER_AGENT)
                .connect_timeout(defaults.connect_timeout)
                .pool_idle_timeout(defaults.pool_idle_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .referer(false),
        )
    }

    /// The settings in force.
    pub fn settings(&self) -> &HttpSettings {
        &self.inner.settings
    }

    pub(crate) fn reqwest(&self) -> &reqwest::Client {
        &self.inner.client
    }

    /// The caller's `User-Agent`, if set.
    pub(crate) fn user_agent(&self) -> Option<&reqwest::header::HeaderValue> {
        self.inner.user_agent.as_ref()
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
/// capped at 8 MiB, user agent `<vendor crate>/<version> leadkit-core/<version>`.
#[derive(Clone, Default)]
pub struct HttpClientBuilder {
    settings: HttpSettings,
    observer: Option<AnswerObserver>,
    client: Option<reqwest::Client>,
}

impl fmt::Debug for HttpClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpClientBuilder")
            .field("settings", &self.settings)
            .field("observer", &self.observer.is_some())
            .finish_non_exhaustive()
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

    /// The `User-Agent` of every request, in place of the default
    /// (`jeff-client/0.1.0 leadkit-core/0.1.0`, say): name your service so that the vendor
    /// can tell its traffic apart, `acme-lending/2.3 (ops@acme.example)`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.settings.user_agent = Some(user_agent.into());
        self
    }

    /// Sends every request through `client`, a `reqwest::Client` you built: for a proxy, your
    /// own root certificates, a client certificate (mTLS) or any other reqwest setting. The
    /// request timeout, the body cap, the user agent and the answer observer still apply;
    /// the connect and idle timeouts, proxy, TLS and redirect settings are the client's.
    ///
    /// Start it from [`HttpClient::reqwest_builder`], which sets the TLS stack of the enabled
    /// feature and turns redirects off: reqwest's default follows redirects and would carry
    /// query credentials (Jeff's query mode) to the new location. leadkit-core re-exports
    /// the reqwest it is built with as `leadkit_core::reqwest` (and every vendor crate as
    /// `<crate>::reqwest`), so the versions match.
    ///
    /// ```
    /// use leadkit_core::{HttpClient, reqwest};
    ///
    /// let own = HttpClient::reqwest_builder()
    ///     .tls_certs_merge(Vec::<reqwest::Certificate>::new()) // your CA, from PEM
    ///     .build()?;
    /// let http = HttpClient::builder().reqwest_client(own).build()?;
    /// assert!(http.settings().caller_client);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
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
        let mut settings = self.settings;
        if settings.timeout.is_zero() || settings.connect_timeout.is_zero() {
            return Err(Error::Config("timeouts must be greater than zero".into()));
        }
        let user_agent = settings
            .user_agent
            .as_deref()
            .map(|text| {
                reqwest::header::HeaderValue::from_str(text).map_err(|_| {
                    Error::Config(
                        "user_agent: must be visible ASCII text without line breaks".into(),
                    )
                })
            })
            .transpose()?;
        settings.caller_client = self.client.is_some();
        let client = match self.client {
            Some(client) => client,
            None => HttpClient::reqwest_builder()
                .connect_timeout(settings.connect_timeout)
                .pool_idle_timeout(settings.pool_idle_timeout)
                .build()
                .map_err(|error| {
                    Error::Config(format!("HTTP client: {}", error.without_url()).into())
                })?,
        };
        Ok(HttpClient {
            inner: Arc::new(HttpInner {
                client,
                settings,
                user_agent,
                observer: self.observer,
            }),
        })
    }
}
