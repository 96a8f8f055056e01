//! Test support for vendor crates (feature `test-support`): mock servers, fixtures, a raw TCP
//! server for faults mock servers cannot make, and tracing capture for leak assertions.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::http::HttpClient;

pub mod faults;

pub use httpmock;

/// The workspace's `fixtures/` directory.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures"))
}

/// The text of `fixtures/<vendor>/<name>`; panics with the path when it is missing.
pub fn fixture(vendor: &str, name: &str) -> String {
    let path = fixtures_dir().join(vendor).join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("fixture {}: {error}", path.display()))
}

/// A transport for tests: short timeouts, no idle-connection timer (so paused tokio time only
/// advances for the client's own sleeps).
pub fn test_http_client() -> HttpClient {
    HttpClient::builder()
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
        .pool_idle_timeout(None)
        .build()
        .unwrap_or_else(|error| panic!("test client: {error}"))
}

/// The slack a deadline test allows between a deadline and the moment a call returns.
pub const DEADLINE_SLACK: Duration = Duration::from_millis(50);

/// Asserts that `elapsed` (on the paused clock) is `expected` or at most
/// [`DEADLINE_SLACK`] more.
#[track_caller]
pub fn assert_within_50ms_of(elapsed: Duration, expected: Duration) {
    assert!(
        elapsed >= expected && elapsed <= expected + DEADLINE_SLACK,
        "{elapsed:?} is not {expected:?}"
    );
}

/// A loopback address where nothing listens: connecting is refused.
pub fn refused_addr() -> SocketAddr {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    listener
        .local_addr()
        .unwrap_or_else(|e| panic!("addr: {e}"))
}

/// What the raw server does with each connection.
#[derive(Debug, Clone)]
pub enum RawReply {
    /// Reads the request, writes these bytes, closes the connection.
    Bytes(Vec<u8>),
    /// Reads the request and never answers (holds the connection open).
    Hang,
}

/// A TCP server on loopback that answers every connection with a fixed [`RawReply`]: for
/// truncated bodies, connections closed mid-body and servers that never answer.
pub struct RawServer {
    addr: SocketAddr,
    connections: Arc<Mutex<u32>>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    /// Starts the server on the current tokio runtime.
    pub async fn start(reply: RawReply) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("addr: {e}"));
        let connections = Arc::new(Mutex::new(0));
        let counter = connections.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                *counter.lock().unwrap_or_else(|p| p.into_inner()) += 1;
                let reply = reply.clone();
                tokio::spawn(async move {
                    let mut buffer = [0u8; 8192];
                    let _ = socket.read(&mut buffer).await;
                    match reply {
                        RawReply::Bytes(bytes) => {
                            let _ = socket.write_all(&bytes).await;
                            let _ = socket.shutdown().await;
                        }
                        RawReply::Hang => std::future::pending::<()>().await,
                    }
                });
            }
        });
        Self {
            addr,
            connections,
            task,
        }
    }

    /// The base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many connections were accepted.
    pub fn connections(&self) -> u32 {
        *self.connections.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One canned HTTP answer of a [`ScriptedServer`].
#[derive(Debug, Clone)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    /// An answer with `status` and an empty body.
    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// An answer with `status` and a JSON body.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self::status(status)
            .header("content-type", "application/json")
            .body(body.into())
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {} Scripted\r\n", self.status).into_bytes();
        for (name, value) in &self.headers {
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "content-length: {}\r\nconnection: close\r\n\r\n",
                self.body.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(&self.body);
        out
    }
}

/// A request a [`ScriptedServer`] received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method.
    pub method: String,
    /// The path with its query string.
    pub target: String,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An HTTP/1.1 server on the test's own tokio runtime that answers requests with a script of
/// [`Reply`]s in order (the last one repeats) and records what it received.
///
/// Unlike a mock server on its own thread, it works under paused tokio time
/// (`#[tokio::test(start_paused = true)]`): loopback I/O between two tasks of one runtime is
/// always ready, so the clock only jumps for the client's own sleeps.
pub struct ScriptedServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
    task: tokio::task::JoinHandle<()>,
}

impl ScriptedServer {
    /// Starts the server; `replies` must not be empty.
    pub async fn start(replies: Vec<Reply>) -> Self {
        assert!(!replies.is_empty(), "a script needs at least one reply");
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("bind: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("addr: {e}"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let Some(request) = read_request(&mut socket).await else {
                    continue;
                };
                let index = {
                    let mut list = recorded.lock().unwrap_or_else(|p| p.into_inner());
                    list.push(request);
                    list.len() - 1
                };
                let reply = &replies[index.min(replies.len() - 1)];
                let _ = socket.write_all(&reply.to_bytes()).await;
                let _ = socket.shutdown().await;
            }
        });
        Self {
            addr,
            requests,
            task,
        }
    }

    /// The base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads one request (head and `content-length` body), so that closing never meets unread data:
/// for test servers of one's own.
pub async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<RecordedRequest> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let read = socket.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..read]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = data[head_end + 4..].to_vec();
    while body.len() < length {
        let read = socket.read(&mut buffer).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&buffer[..read]);
    }
    Some(RecordedRequest {
        method,
        target,
        headers,
        body,
    })
}

#[derive(Clone, Default)]
struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for SharedBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for SharedBuffer {
    type Writer = SharedBuffer;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Captures every tracing event and span (TRACE level, all targets) on this thread while it
/// lives. Use with a current-thread runtime (the `#[tokio::test]` default).
///
/// tracing caches each call site's interest process-wide: a call site first reached on another
/// test thread with no subscriber may be cached as uninteresting and then missed here. Put a
/// leak test in its own test binary (its own file under `tests/`), alone or with tests that
/// also capture.
pub struct LogCapture {
    buffer: SharedBuffer,
    _guard: tracing::subscriber::DefaultGuard,
}

impl LogCapture {
    /// Starts capturing.
    pub fn start() -> Self {
        let buffer = SharedBuffer::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(buffer.clone())
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
            .with_ansi(false)
            .finish();
        let guard = tracing::subscriber::set_default(subscriber);
        Self {
            buffer,
            _guard: guard,
        }
    }

    /// Everything captured so far.
    pub fn contents(&self) -> String {
        String::from_utf8_lossy(&self.buffer.0.lock().unwrap_or_else(|p| p.into_inner()))
            .into_owned()
    }
}

/// Panics if any of `secrets` appears in `text`; the message names the secret's position in
/// the list, never the secret.
pub fn assert_no_leak(text: &str, secrets: &[&str]) {
    for (index, secret) in secrets.iter().enumerate() {
        assert!(
            secret.is_empty() || !text.contains(secret),
            "secret #{index} leaked into output of {} bytes",
            text.len()
        );
    }
}
