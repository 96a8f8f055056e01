//! The fault matrix shared by every vendor crate's `tests/faults.rs` and by the cross-vendor
//! leak audit: each [`Fault`], the loopback server that produces it, and the client settings
//! the matrix runs with.
//!
//! The server runs on the test's own tokio runtime, so it works under paused time
//! (`#[tokio::test(start_paused = true)]`): loopback I/O between two tasks of one runtime is
//! always ready, and the clock only jumps for the client's own backoff sleeps and timeouts (and
//! for the short pause before a reset, which lets the client read the start of the body first).
//! No case sleeps for real.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::{RecordedRequest, read_request};
use crate::{HttpClient, Jitter, RetryPolicy};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

/// The body cap of the client used by the two over-cap cases.
pub const SMALL_CAP: u64 = 1024;
/// The request timeout of the matrix's client (`test_http_client()`'s).
pub const TIMEOUT: Duration = Duration::from_secs(5);
/// Attempts of the matrix's retry policy (leadkit-core's default).
pub const ATTEMPTS: usize = 3;
/// The `Retry-After` of the seconds form.
pub const RETRY_AFTER_SECONDS: u64 = 2;
/// How far ahead the `Retry-After` HTTP-date points.
pub const RETRY_AFTER_DATE_AHEAD: u64 = 3;

/// One fault a vendor (or whatever stands between it and the client) can throw at a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Nothing listens: the connection is refused.
    ConnectionRefused,
    /// 200 with the start of the body, then a TCP reset.
    ResetMidBody,
    /// The request is read and never answered.
    TimeoutBeforeHeaders,
    /// 200 with the start of the body, then silence with the connection open.
    TimeoutMidBody,
    /// A complete HTTP answer whose JSON body stops halfway.
    TruncatedJson,
    /// 502 with a proxy's HTML page.
    Html502,
    /// 200 `application/json` with an empty body.
    EmptyBody200,
    /// 200 with the expected JSON body labelled `text/html`.
    WrongContentType,
    /// 200 `text/html` with a captive portal's page instead of JSON.
    HtmlInsteadOfJson,
    /// 429 with `Retry-After: 2`, then the expected answer.
    RateLimitedSeconds,
    /// 429 with `Retry-After` as an HTTP-date 3 s ahead, then the expected answer.
    RateLimitedHttpDate,
    /// 503 on every attempt.
    Storm503,
    /// 200 whose declared `Content-Length` is over the client's cap.
    OverCapDeclared,
    /// 200 chunked (no length) whose body grows over the client's cap.
    OverCapChunked,
}

impl Fault {
    /// Every fault, in the order of the docs' table.
    pub const ALL: [Fault; 14] = [
        Fault::ConnectionRefused,
        Fault::ResetMidBody,
        Fault::TimeoutBeforeHeaders,
        Fault::TimeoutMidBody,
        Fault::TruncatedJson,
        Fault::Html502,
        Fault::EmptyBody200,
        Fault::WrongContentType,
        Fault::HtmlInsteadOfJson,
        Fault::RateLimitedSeconds,
        Fault::RateLimitedHttpDate,
        Fault::Storm503,
        Fault::OverCapDeclared,
        Fault::OverCapChunked,
    ];

    /// The server for this fault; `ok` is the vendor's successful answer body (JSON) and `side`
    /// an optional route answered normally (an OAuth2 token endpoint on the same host).
    pub async fn serve(self, ok: &[u8], side: Option<Side>) -> FaultServer {
        let json = |status: u16, body: &[u8]| http(status, &[JSON], body);
        let script = match self {
            Fault::ConnectionRefused => return FaultServer::refused(),
            Fault::ResetMidBody => vec![Act::ThenReset(head_and_half(ok))],
            Fault::TimeoutBeforeHeaders => vec![Act::Silent],
            Fault::TimeoutMidBody => vec![Act::ThenStall(head_and_half(ok))],
            Fault::TruncatedJson => vec![Act::Reply(json(200, &ok[..ok.len() / 2]))],
            Fault::Html502 => vec![Act::Reply(http(502, &[HTML], PROXY_502.as_bytes()))],
            Fault::EmptyBody200 => vec![Act::Reply(json(200, b""))],
            Fault::WrongContentType => vec![Act::Reply(http(200, &[HTML], ok))],
            Fault::HtmlInsteadOfJson => vec![Act::Reply(http(200, &[HTML], PORTAL.as_bytes()))],
            Fault::RateLimitedSeconds => vec![
                Act::Reply(http(
                    429,
                    &[JSON, ("retry-after", &RETRY_AFTER_SECONDS.to_string())],
                    SLOW_DOWN.as_bytes(),
                )),
                Act::Reply(json(200, ok)),
            ],
            Fault::RateLimitedHttpDate => {
                let at = SystemTime::now() + Duration::from_secs(RETRY_AFTER_DATE_AHEAD);
                vec![
                    Act::Reply(http(
                        429,
                        &[JSON, ("retry-after", &http_date(at))],
                        SLOW_DOWN.as_bytes(),
                    )),
                    Act::Reply(json(200, ok)),
                ]
            }
            Fault::Storm503 => vec![Act::Reply(json(503, UNAVAILABLE.as_bytes()))],
            Fault::OverCapDeclared => {
                vec![Act::Reply(json(200, &oversized_json()))]
            }
            Fault::OverCapChunked => vec![Act::Reply(chunked_json(&oversized_json()))],
        };
        FaultServer::start(script, side).await
    }

    /// The transport for this fault: `test_http_client()`'s settings, with a [`SMALL_CAP`]
    /// body cap for the over-cap cases.
    pub fn http_client(self) -> HttpClient {
        let cap = match self {
            Fault::OverCapDeclared | Fault::OverCapChunked => SMALL_CAP,
            _ => crate::DEFAULT_MAX_BODY_BYTES,
        };
        HttpClient::builder()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(2))
            .pool_idle_timeout(None)
            .max_body_bytes(cap)
            .build()
            .expect("test transport")
    }
}

/// The retry policy the matrix runs with: leadkit-core's default (3 attempts, `Retry-After`
/// honoured up to 30 s) with a fixed backoff of 100 ms then 200 ms, so that the paused clock
/// tells how many retries were made.
pub fn retry_policy() -> RetryPolicy {
    RetryPolicy::default()
        .backoff(Duration::from_millis(100), Duration::from_secs(1))
        .jitter(Jitter::none())
}

/// The total backoff of `retries` retries under [`retry_policy`].
pub fn backoff(retries: u32) -> Duration {
    (0..retries).map(|i| Duration::from_millis(100 << i)).sum()
}

/// Asserts that `elapsed` (paused clock) is `expected` give or take the timer's millisecond.
#[track_caller]
pub fn assert_waited(elapsed: Duration, expected: Duration) {
    assert!(
        elapsed >= expected && elapsed <= expected + Duration::from_millis(20),
        "waited {elapsed:?}, expected {expected:?}"
    );
}

/// Asserts the wait after a 429 whose `Retry-After` is an HTTP-date [`RETRY_AFTER_DATE_AHEAD`]
/// seconds ahead (the date has whole seconds, so the wait is a little under that).
#[track_caller]
pub fn assert_waited_for_date(elapsed: Duration) {
    let ahead = Duration::from_secs(RETRY_AFTER_DATE_AHEAD);
    assert!(
        elapsed > ahead - Duration::from_millis(1100) && elapsed <= ahead,
        "waited {elapsed:?} for a date {ahead:?} ahead"
    );
}

const JSON: (&str, &str) = ("content-type", "application/json");
const HTML: (&str, &str) = ("content-type", "text/html; charset=utf-8");
const PROXY_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
    <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
const PORTAL: &str = "<!DOCTYPE html><html><head><title>Sign in to the network</title></head>\
    <body><form method=\"post\"><input name=\"user\"></form></body></html>";
const SLOW_DOWN: &str = r#"{"message":"Too many requests, slow down"}"#;
const UNAVAILABLE: &str = r#"{"message":"Service temporarily unavailable"}"#;

/// A JSON document of 4 KiB, four times [`SMALL_CAP`].
fn oversized_json() -> Vec<u8> {
    format!(r#"{{"padding":"{}"}}"#, "x".repeat(4096 - 14)).into_bytes()
}

/// The head of a 200 declaring the whole of `body`, followed by its first half only.
fn head_and_half(body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(&body[..body.len() / 2]);
    out
}

/// A complete HTTP/1.1 answer with a `content-length`, closing the connection.
pub fn http(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} Fault\r\n").into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(body);
    out
}

/// A complete chunked 200 answer (no `content-length`), in 512-byte chunks.
fn chunked_json(body: &[u8]) -> Vec<u8> {
    let mut out = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
        transfer-encoding: chunked\r\nconnection: close\r\n\r\n"
        .to_vec();
    for chunk in body.chunks(512) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// `at` as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the `Retry-After` date form.
pub fn http_date(at: SystemTime) -> String {
    crate::http_date::format(at)
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Act {
    /// Writes the bytes and closes the connection.
    Reply(Vec<u8>),
    /// Writes the bytes and then holds the connection open without another byte.
    ThenStall(Vec<u8>),
    /// Writes the bytes, pauses 50 ms (so the client reads them), then resets the connection.
    ThenReset(Vec<u8>),
    /// Never answers (holds the connection open).
    Silent,
}

/// A route answered normally next to the faults, such as an OAuth2 token endpoint.
#[derive(Debug, Clone)]
pub struct Side {
    /// Requests whose target starts with this are answered with `answer`.
    pub path_prefix: &'static str,
    /// The whole HTTP answer (see [`http`]).
    pub answer: Vec<u8>,
}

/// One call under one fault: what it returned, the server (with what it saw), and how long the
/// call took on tokio's clock (under paused time: exactly the client's own waits).
pub struct Run<T> {
    /// What the call returned.
    pub result: crate::Result<T>,
    /// The server the call went to.
    pub server: FaultServer,
    /// How long the call took.
    pub waited: Duration,
}

impl<T> Run<T> {
    /// Awaits `call` (made against `server`) and times it.
    pub async fn time(
        server: FaultServer,
        call: impl std::future::Future<Output = crate::Result<T>>,
    ) -> Self {
        let started = tokio::time::Instant::now();
        let result = call.await;
        Self {
            result,
            server,
            waited: started.elapsed(),
        }
    }

    /// How many requests reached the server (side-route requests apart).
    pub fn requests(&self) -> usize {
        self.server.count()
    }

    /// For a call that bills or acts at the vendor, answered 429: asserts the rate limit came
    /// back at once, with the vendor's delay, after a single request (never resent).
    #[track_caller]
    pub fn assert_not_resent_after_rate_limit(&self) {
        match &self.result {
            Err(error @ crate::Error::RateLimited { .. }) => {
                assert!(error.retry_after().is_some(), "{error:?}");
                assert!(!error.outcome_unknown());
            }
            Err(other) => panic!("expected a rate limit, got {other:?}"),
            Ok(_) => panic!("expected a rate limit, got an answer"),
        }
        assert_eq!(
            self.requests(),
            1,
            "a billed request was resent after a 429"
        );
        assert_eq!(self.waited, Duration::ZERO);
    }

    /// For a call that bills or acts at the vendor: asserts the call failed with
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown) and returns what went wrong
    /// underneath.
    #[track_caller]
    pub fn unknown_outcome(&self) -> &crate::Error {
        match &self.result {
            Err(error @ crate::Error::OutcomeUnknown { cause, .. }) => {
                assert!(error.outcome_unknown());
                cause
            }
            Err(other) => panic!("expected an unknown outcome, got {other:?}"),
            Ok(_) => panic!("expected an unknown outcome, got an answer"),
        }
    }
}

/// A loopback server answering the n-th request with the n-th [`Act`] of its script (the last
/// one repeats), one request per connection, recording what it received.
pub struct FaultServer {
    url: String,
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
    side_requests: Arc<Mutex<usize>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl FaultServer {
    /// Starts the server on the current tokio runtime.
    pub async fn start(script: Vec<Act>, side: Option<Side>) -> Self {
        assert!(!script.is_empty(), "a script needs at least one act");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let side_requests = Arc::new(Mutex::new(0));
        let (recorded, side_count) = (requests.clone(), side_requests.clone());
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let Some(request) = read_request(&mut socket).await else {
                    continue;
                };
                if let Some(side) = side
                    .as_ref()
                    .filter(|s| request.target.starts_with(s.path_prefix))
                {
                    *side_count.lock().expect("lock") += 1;
                    let _ = socket.write_all(&side.answer).await;
                    let _ = socket.shutdown().await;
                    continue;
                }
                let index = {
                    let mut list = recorded.lock().expect("lock");
                    list.push(request);
                    list.len() - 1
                };
                let act = script[index.min(script.len() - 1)].clone();
                tokio::spawn(perform(socket, act));
            }
        });
        Self {
            url: format!("http://{addr}"),
            requests,
            side_requests,
            task: Some(task),
        }
    }

    /// An address where nothing listens.
    pub fn refused() -> Self {
        Self {
            url: format!("http://{}", super::refused_addr()),
            requests: Arc::default(),
            side_requests: Arc::default(),
            task: None,
        }
    }

    /// The base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The requests received so far, side route excluded.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests.lock().expect("lock").clone()
    }

    /// How many requests the server received, side route excluded.
    pub fn count(&self) -> usize {
        self.requests.lock().expect("lock").len()
    }

    /// How many requests went to the side route.
    pub fn side_count(&self) -> usize {
        *self.side_requests.lock().expect("lock")
    }

    /// Asserts that every request carried the same method, target and body as the first
    /// (a retry resends exactly the original request).
    #[track_caller]
    pub fn assert_identical_retries(&self) {
        let requests = self.requests();
        for retry in requests.iter().skip(1) {
            assert_eq!(retry.method, requests[0].method);
            assert_eq!(retry.target, requests[0].target);
            assert_eq!(retry.body, requests[0].body, "a retry changed the body");
        }
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

async fn perform(mut socket: TcpStream, act: Act) {
    match act {
        Act::Reply(bytes) => {
            let _ = socket.write_all(&bytes).await;
            let _ = socket.shutdown().await;
        }
        Act::ThenStall(bytes) => {
            let _ = socket.write_all(&bytes).await;
            std::future::pending::<()>().await;
        }
        Act::ThenReset(bytes) => {
            let _ = socket.write_all(&bytes).await;
            tokio::time::sleep(Duration::from_millis(50)).await;
            let _ = socket.set_zero_linger();
            drop(socket);
        }
        Act::Silent => std::future::pending::<()>().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn http_dates_are_imf_fixdates() {
        let at = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(http_date(at), "Sun, 06 Nov 1994 08:49:37 GMT");
        let leap = UNIX_EPOCH + Duration::from_secs(1_709_210_096);
        assert_eq!(http_date(leap), "Thu, 29 Feb 2024 12:34:56 GMT");
    }
}
