//! The server: one loopback listener, HTTP/1.1 with keep-alive, routing by path prefix.

use std::collections::HashMap;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use http_body_util::BodyExt as _;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;

use crate::http::{Fault, MockBody, MockRequest, Reply};
use crate::{MockCredentials, Vendor, bureau, friendlyscore, jeff, jornaya};

/// Path prefix of Jeff's Partner Events, Lead Data and Fraud Data APIs.
pub const JEFF_API_PREFIX: &str = "/jeff/partners-api";
/// Path prefix of Jeff's Social Presence API (Jeff's data host).
pub const JEFF_DATA_PREFIX: &str = "/jeff-data/partner-api";
/// Path prefix of Jornaya's Pre-Audit API.
pub const JORNAYA_PREFIX: &str = "/jornaya";
/// Path prefix of the FriendlyScore API (token endpoint included).
pub const FRIENDLYSCORE_PREFIX: &str = "/friendlyscore";
/// Path prefix of Bureau's transactions API.
pub const BUREAU_PREFIX: &str = "/bureau";

/// One request the mock received: vendor, method and path. Never the query string, headers
/// or body (they carry credentials and personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The vendor the path belongs to (`None` for paths no vendor serves).
    pub vendor: Option<Vendor>,
    /// The HTTP method.
    pub method: String,
    /// The path, without the query string.
    pub path: String,
}

/// Settings shared by every connection.
pub(crate) struct State {
    pub(crate) credentials: MockCredentials,
    pub(crate) retry_after: Duration,
    pub(crate) slow_delay: Duration,
    pub(crate) token_lifetime: Duration,
    pub(crate) counters: Mutex<HashMap<String, u32>>,
    pub(crate) requests: Mutex<Vec<RecordedRequest>>,
    pub(crate) friendlyscore: friendlyscore::Tokens,
    pub(crate) bureau: bureau::Transactions,
}

impl State {
    /// Adds one to a named counter and returns the new count (1 the first time).
    pub(crate) fn bump(&self, key: &str) -> u32 {
        let mut counters = self.counters.lock().unwrap_or_else(PoisonError::into_inner);
        let count = counters.entry(key.to_owned()).or_insert(0);
        *count += 1;
        *count
    }
}

/// Configures a [`MockServer`] before it starts.
#[derive(Debug, Clone)]
pub struct MockServerBuilder {
    port: u16,
    credentials: MockCredentials,
    retry_after: Duration,
    slow_delay: Duration,
    token_lifetime: Duration,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        Self {
            port: 0,
            credentials: MockCredentials::default(),
            retry_after: Duration::from_secs(1),
            slow_delay: Duration::from_secs(3),
            token_lifetime: Duration::from_secs(3600),
        }
    }
}

impl MockServerBuilder {
    /// The loopback port to listen on (default 0: the OS chooses).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The credentials the mock accepts (default [`MockCredentials::default`]).
    pub fn credentials(mut self, credentials: MockCredentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// The `Retry-After` of the `mock-429` fault, whole seconds (default 1 s).
    pub fn retry_after(mut self, delay: Duration) -> Self {
        self.retry_after = delay;
        self
    }

    /// How long the `mock-slow` fault waits before answering (default 3 s).
    pub fn slow_delay(mut self, delay: Duration) -> Self {
        self.slow_delay = delay;
        self
    }

    /// The `expires_in` of FriendlyScore tokens (default 3600 s).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Binds the port and starts serving on the current tokio runtime. The server stops when
    /// the [`MockServer`] is dropped.
    pub async fn start(self) -> io::Result<MockServer> {
        let (listener, state) = self.bind().await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel();
        tokio::spawn(serve(listener, Arc::clone(&state), stopped));
        Ok(MockServer {
            addr,
            state,
            _stop: stop,
            thread: None,
        })
    }

    /// Starts the server on a thread of its own (with its own runtime), for synchronous code
    /// and for tests that block while a child process talks to the mock. The server stops
    /// (and the thread ends) when the [`MockServer`] is dropped.
    pub fn start_in_background(self) -> io::Result<MockServer> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, self.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let state = self.state();
        let (stop, stopped) = oneshot::channel();
        let serving = Arc::clone(&state);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name("leadkit-mock".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match TcpListener::from_std(listener) {
                        Ok(listener) => serve(listener, serving, stopped).await,
                        Err(error) => tracing::error!(%error, "mock listener unusable"),
                    }
                });
            })?;
        Ok(MockServer {
            addr,
            state,
            _stop: stop,
            thread: Some(thread),
        })
    }

    async fn bind(self) -> io::Result<(TcpListener, Arc<State>)> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, self.port)).await?;
        Ok((listener, self.state()))
    }

    fn state(self) -> Arc<State> {
        Arc::new(State {
            credentials: self.credentials,
            retry_after: self.retry_after,
            slow_delay: self.slow_delay,
            token_lifetime: self.token_lifetime,
            counters: Mutex::new(HashMap::new()),
            requests: Mutex::new(Vec::new()),
            friendlyscore: friendlyscore::Tokens::default(),
            bureau: bureau::Transactions::default(),
        })
    }
}

/// A running fake of the four vendors on loopback. Dropping it stops the server and closes
/// every connection.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let server = leadkit_mock::MockServer::start().await?;
/// assert!(server.jornaya_url().starts_with("http://127.0.0.1:"));
/// assert!(server.jeff_api_url().ends_with("/jeff/partners-api"));
/// # Ok(()) }
/// ```
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<State>,
    _stop: oneshot::Sender<()>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl MockServer {
    /// Starts a server with the default settings on a port the OS chooses.
    pub async fn start() -> io::Result<MockServer> {
        Self::builder().start().await
    }

    /// Starts a server with the default settings on `port` (0: the OS chooses).
    pub async fn start_on(port: u16) -> io::Result<MockServer> {
        Self::builder().port(port).start().await
    }

    /// A builder for other settings.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The base URL of one vendor API.
    pub fn base_url(&self, vendor: Vendor) -> String {
        let prefix = match vendor {
            Vendor::Jeff => JEFF_API_PREFIX,
            Vendor::JeffData => JEFF_DATA_PREFIX,
            Vendor::Jornaya => JORNAYA_PREFIX,
            Vendor::FriendlyScore => FRIENDLYSCORE_PREFIX,
            Vendor::Bureau => BUREAU_PREFIX,
        };
        format!("http://{}{prefix}", self.addr)
    }

    /// Jeff's events, lead data and fraud data base URL (`JeffClient`'s `api_base_url`).
    pub fn jeff_api_url(&self) -> String {
        self.base_url(Vendor::Jeff)
    }

    /// Jeff's social presence base URL (`JeffClient`'s `data_base_url`).
    pub fn jeff_data_url(&self) -> String {
        self.base_url(Vendor::JeffData)
    }

    /// Jornaya's base URL (`PreAuditClient`'s `base_url`).
    pub fn jornaya_url(&self) -> String {
        self.base_url(Vendor::Jornaya)
    }

    /// FriendlyScore's base URL (`FriendlyScoreClient`'s `base_url`).
    pub fn friendlyscore_url(&self) -> String {
        self.base_url(Vendor::FriendlyScore)
    }

    /// Bureau's base URL (`BureauClient`'s `base_url`).
    pub fn bureau_url(&self) -> String {
        self.base_url(Vendor::Bureau)
    }

    /// The credentials the server accepts.
    pub fn credentials(&self) -> &MockCredentials {
        &self.state.credentials
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How many requests reached one vendor (Jeff's two hosts count as [`Vendor::Jeff`] and
    /// [`Vendor::JeffData`]).
    pub fn request_count(&self, vendor: Vendor) -> usize {
        self.requests()
            .iter()
            .filter(|request| request.vendor == Some(vendor))
            .count()
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        // Dropping `_stop` (after this body) ends the accept loop; the background thread, if
        // any, is left to finish by itself so that a drop never blocks.
        self.thread.take();
    }
}

/// Accepts connections until `stopped` fires; dropping the join set closes them all.
async fn serve(listener: TcpListener, state: Arc<State>, mut stopped: oneshot::Receiver<()>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let state = Arc::clone(&state);
                connections.spawn(async move {
                    let service = service_fn(move |request| handle(Arc::clone(&state), request));
                    let connection = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service);
                    if let Err(error) = connection.await {
                        tracing::debug!(%error, "mock connection ended");
                    }
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// Reads the whole request (so the connection can be reused), routes it, applies faults.
async fn handle(
    state: Arc<State>,
    request: Request<Incoming>,
) -> Result<Response<MockBody>, DroppedOnPurpose> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Err(DroppedOnPurpose),
    };
    let request = MockRequest::new(parts.method, &parts.uri, parts.headers, body);
    let vendor = Vendor::from_path(&request.path);
    state
        .requests
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(RecordedRequest {
            vendor,
            method: request.method.to_string(),
            path: request.path.clone(),
        });
    tracing::debug!(vendor = ?vendor, method = %request.method, path = %request.path, "mock request");
    match route(&state, vendor, &request).await {
        Reply::Send(response) => Ok(response),
        Reply::Drop => Err(DroppedOnPurpose),
    }
}

async fn route(state: &State, vendor: Option<Vendor>, request: &MockRequest) -> Reply {
    let Some(vendor) = vendor else {
        return crate::http::not_found();
    };
    // Auth first, as the vendors do: a fault keyword never hides a credentials problem.
    if let Some(refusal) = check_auth(state, vendor, request) {
        return refusal;
    }
    let fault = Fault::find(&request.haystack()).filter(|(_, keyword, once)| {
        !*once || state.bump(&format!("fault {keyword} {}", request.path)) == 1
    });
    match fault.map(|(fault, _, _)| fault) {
        Some(Fault::RateLimited) => return crate::http::rate_limited(state.retry_after),
        Some(Fault::Unavailable) => return unavailable(vendor),
        Some(Fault::Drop) => return Reply::Drop,
        Some(Fault::Slow) => tokio::time::sleep(state.slow_delay).await,
        Some(Fault::Truncate) | None => {}
    }
    let reply = answer(state, vendor, request);
    if fault.is_some_and(|(fault, _, _)| fault == Fault::Truncate) {
        crate::http::truncate(reply)
    } else {
        reply
    }
}

fn check_auth(state: &State, vendor: Vendor, request: &MockRequest) -> Option<Reply> {
    match vendor {
        Vendor::Jeff | Vendor::JeffData => jeff::check_auth(state, request),
        Vendor::Jornaya => jornaya::check_auth(state, request),
        Vendor::FriendlyScore => friendlyscore::check_auth(state, request),
        Vendor::Bureau => bureau::check_auth(state, request),
    }
}

fn answer(state: &State, vendor: Vendor, request: &MockRequest) -> Reply {
    match vendor {
        Vendor::Jeff => jeff::api(request),
        Vendor::JeffData => jeff::data(request),
        Vendor::Jornaya => jornaya::answer(request),
        Vendor::FriendlyScore => friendlyscore::answer(state, request),
        Vendor::Bureau => bureau::answer(state, request),
    }
}

fn unavailable(vendor: Vendor) -> Reply {
    let body = match vendor {
        Vendor::Bureau => crate::fixtures::BUREAU_ERROR_503,
        _ => r#"{"message":"Service Unavailable"}"#,
    };
    crate::http::json(hyper::StatusCode::SERVICE_UNAVAILABLE, body)
}

/// Returned by the service to make hyper close the connection without answering.
#[derive(Debug)]
struct DroppedOnPurpose;

impl std::fmt::Display for DroppedOnPurpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for DroppedOnPurpose {}
