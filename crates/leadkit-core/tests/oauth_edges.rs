//! OAuth2 token source under failure: shared failed fetches, hung and refusing token
//! endpoints, dropped waiters, refresh ahead of expiry and odd `expires_in` values.
//!
//! Every server is on loopback in the test's runtime, and time is paused where timing matters,
//! so no test sleeps for real (beyond a few milliseconds).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use leadkit_core::testing::{RawReply, RawServer, Reply, ScriptedServer, test_http_client};
use leadkit_core::{
    AccessToken, ApiClient, ApiRequest, BaseUrl, ClientCredentials, Error, HttpClient, Idempotency,
    Jitter, Method, Result, RetryPolicy, SecretString, StatusCode, TokenRequestFormat, TokenSource,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinSet;
use tokio::time::Instant;

const SECRET: &str = "s3cret-value";
const INVALID_CLIENT: &str =
    r#"{"error":"invalid_client","error_description":"The client credentials are invalid"}"#;

fn token_source_with(url: &str, http: HttpClient) -> TokenSource {
    let base = BaseUrl::parse(url).unwrap();
    TokenSource::new(
        "test",
        http,
        ClientCredentials {
            token_url: base.join(&["oauth", "v2", "token"]),
            client_id: "client-1".into(),
            client_secret: SecretString::from(SECRET),
            format: TokenRequestFormat::Json,
        },
    )
}

fn token_source(url: &str) -> TokenSource {
    token_source_with(url, test_http_client())
}

fn token_json(token: &str, expires_in: u64) -> String {
    format!(r#"{{"access_token":"{token}","expires_in":{expires_in},"token_type":"bearer"}}"#)
}

/// `callers` concurrent `token()` calls, each with the time it took.
async fn concurrent_tokens(
    source: &TokenSource,
    callers: usize,
) -> Vec<(Result<AccessToken>, Duration)> {
    let mut set = JoinSet::new();
    for _ in 0..callers {
        let source = source.clone();
        set.spawn(async move {
            let started = Instant::now();
            let result = source.token().await;
            (result, started.elapsed())
        });
    }
    set.join_all().await
}

/// Lets loopback exchanges and spawned tasks run to completion (a few ms of paused time).
async fn settle() {
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// A token endpoint that answers every request with `body` (200) after `delay`, each
/// connection on its own task, counting the requests it read.
struct SlowServer {
    url: String,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl SlowServer {
    async fn start(delay: Duration, body: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let counter = counter.clone();
                let body = body.clone();
                tokio::spawn(async move {
                    if !read_whole_request(&mut socket).await {
                        return;
                    }
                    counter.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(delay).await;
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                         content-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = socket.write_all(answer.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Self {
            url,
            requests,
            task,
        }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for SlowServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads a request's head and `content-length` body; `false` if the connection ended first.
async fn read_whole_request(socket: &mut tokio::net::TcpStream) -> bool {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return true;
            }
        }
        match socket.read(&mut buffer).await {
            Ok(0) | Err(_) => return false,
            Ok(read) => data.extend_from_slice(&buffer[..read]),
        }
    }
}

#[tokio::test(start_paused = true)]
async fn twenty_concurrent_callers_share_one_failed_fetch() {
    let server = ScriptedServer::start(vec![Reply::json(
        503,
        r#"{"error":"temporarily_unavailable"}"#,
    )])
    .await;
    let source = token_source(&server.url());
    let results = concurrent_tokens(&source, 20).await;
    assert_eq!(results.len(), 20);
    for (result, _) in &results {
        let error = result.as_ref().unwrap_err();
        assert_eq!(error.kind(), "status", "{error:?}");
        assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    }
    assert_eq!(server.requests().len(), 1);
}

/// Sends 20 concurrent reads through `api` and asserts each failed with the token's 503.
async fn twenty_reads_fail_with_503(api: &ApiClient, url: &str) {
    let base = BaseUrl::parse(url).unwrap();
    let mut set = JoinSet::new();
    for _ in 0..20 {
        let api = api.clone();
        let request = ApiRequest::new(
            "read",
            Method::GET,
            base.join(&["api", "thing"]),
            Idempotency::Idempotent,
        );
        set.spawn(async move { api.send(&request).await.map(|_| ()) });
    }
    for result in set.join_all().await {
        assert_eq!(
            result.unwrap_err().status(),
            Some(StatusCode::SERVICE_UNAVAILABLE)
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_token_outage_costs_one_token_request_per_retry_wave_not_per_call() {
    let server = ScriptedServer::start(vec![Reply::status(503)]).await;
    let source = token_source(&server.url());
    // Retries without jitter: the 20 calls retry at the same instants.
    let api = ApiClient::new("test", test_http_client(), source.into_auth()).with_retry_policy(
        RetryPolicy::default()
            .max_attempts(3)
            .jitter(Jitter::none()),
    );
    twenty_reads_fail_with_503(&api, &server.url()).await;
    let requests = server.requests();
    // One token request per attempt wave (3), instead of one per call and attempt (60).
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.target == "/oauth/v2/token"));
}

#[tokio::test(start_paused = true)]
async fn jittered_retries_share_failed_fetches_too() {
    let server = ScriptedServer::start(vec![Reply::status(503)]).await;
    let source = token_source(&server.url());
    // The default policy: three attempts, full jitter.
    let api = ApiClient::new("test", test_http_client(), source.into_auth());
    twenty_reads_fail_with_503(&api, &server.url()).await;
    // Before: 60 token requests (20 calls × 3 attempts).
    let requests = server.requests().len();
    assert!(requests <= 6, "{requests} token requests");
}

#[tokio::test(start_paused = true)]
async fn a_hung_token_endpoint_fails_every_waiter_at_one_timeout() {
    let server = RawServer::start(RawReply::Hang).await;
    let http = HttpClient::builder()
        .timeout(Duration::from_millis(500))
        .connect_timeout(Duration::from_secs(2))
        .pool_idle_timeout(None)
        .build()
        .unwrap();
    let source = token_source_with(&server.url(), http);
    let results = concurrent_tokens(&source, 6).await;
    for (result, elapsed) in &results {
        let error = result.as_ref().unwrap_err();
        assert!(error.is_timeout(), "{error:?}");
        assert_eq!(*elapsed, Duration::from_millis(500));
    }
    assert_eq!(server.connections(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_dropped_waiter_does_not_cancel_the_fetch() {
    let server = SlowServer::start(Duration::from_millis(300), token_json("tok-1", 3600)).await;
    let source = token_source(&server.url);
    let started = Instant::now();
    let (dropped, second, late) = tokio::join!(
        // The first caller starts the fetch, then gives up after 100 ms.
        tokio::time::timeout(Duration::from_millis(100), source.token()),
        source.token(),
        // A caller arriving after the first one gave up joins the same fetch.
        async {
            tokio::time::sleep(Duration::from_millis(150)).await;
            source.token().await
        },
    );
    assert!(dropped.is_err(), "the first caller should have timed out");
    let second = second.unwrap();
    let late = late.unwrap();
    assert_eq!(second.expires_at(), late.expires_at());
    assert_eq!(started.elapsed(), Duration::from_millis(300));
    assert_eq!(server.requests(), 1);
    // The fetched token is cached: no further request.
    source.token().await.unwrap();
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn waiters_get_an_error_at_once_when_the_fetch_task_is_gone() {
    let server = RawServer::start(RawReply::Hang).await;
    let source = token_source(&server.url());
    // A fetch started on another runtime, whose caller gives up at once.
    let starter = source.clone();
    let other_runtime = tokio::task::spawn_blocking(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let gave_up = runtime.block_on(tokio::time::timeout(
            Duration::from_millis(50),
            starter.token(),
        ));
        assert!(gave_up.is_err());
        runtime
    })
    .await
    .unwrap();
    let waiter = tokio::spawn({
        let source = source.clone();
        async move { source.token().await }
    });
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
    // Shutting that runtime down drops the fetch task before it has a result.
    tokio::task::spawn_blocking(move || drop(other_runtime))
        .await
        .unwrap();
    let error = tokio::time::timeout(Duration::from_secs(1), waiter)
        .await
        .expect("a waiter must not hang when the fetch task is gone")
        .unwrap()
        .unwrap_err();
    assert!(
        matches!(error, Error::Auth { status: None, .. }),
        "{error:?}"
    );
    assert_eq!(server.connections(), 1);
    // The next caller starts a fetch of its own.
    let next = tokio::time::timeout(Duration::from_millis(50), source.token()).await;
    assert!(next.is_err());
    assert_eq!(server.connections(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_refused_client_is_remembered_for_the_window() {
    let server = ScriptedServer::start(vec![
        Reply::json(400, INVALID_CLIENT),
        Reply::json(200, token_json("tok-1", 3600)),
    ])
    .await;
    let source = token_source(&server.url());
    let first = source.token().await.unwrap_err();
    assert!(
        matches!(
            &first,
            Error::Auth {
                status: Some(StatusCode::BAD_REQUEST),
                ..
            }
        ),
        "{first:?}"
    );
    assert_eq!(server.requests().len(), 1);

    tokio::time::advance(Duration::from_secs(29)).await;
    let started = Instant::now();
    let remembered = source.token().await.unwrap_err();
    assert_eq!(started.elapsed(), Duration::ZERO);
    assert!(matches!(&remembered, Error::Auth { .. }), "{remembered:?}");
    assert_eq!(
        remembered.vendor_message().and_then(|m| m.code()),
        Some("invalid_client")
    );
    assert!(!format!("{remembered:?}").contains(SECRET));
    assert_eq!(server.requests().len(), 1);

    tokio::time::advance(Duration::from_secs(2)).await;
    source.token().await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_remembered_refusal_reaches_calls_without_token_requests() {
    let server =
        ScriptedServer::start(vec![Reply::json(401, r#"{"error":"invalid_client"}"#)]).await;
    let base = BaseUrl::parse(&server.url()).unwrap();
    let api = ApiClient::new(
        "test",
        test_http_client(),
        token_source(&server.url()).into_auth(),
    );
    for _ in 0..5 {
        let request = ApiRequest::new(
            "read",
            Method::GET,
            base.join(&["api", "thing"]),
            Idempotency::Idempotent,
        );
        let error = api.send(&request).await.unwrap_err();
        assert_eq!(error.kind(), "auth", "{error:?}");
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_zero_refusal_memory_fetches_every_time() {
    let server = ScriptedServer::start(vec![
        Reply::json(400, r#"{"error":"invalid_client"}"#),
        Reply::json(200, token_json("tok-1", 3600)),
    ])
    .await;
    let source = token_source(&server.url()).with_refusal_memory(Duration::ZERO);
    assert_eq!(source.token().await.unwrap_err().kind(), "auth");
    source.token().await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn refresh_ahead_keeps_serving_the_token_while_refreshes_fail() {
    let server = ScriptedServer::start(vec![
        Reply::json(200, token_json("tok-a", 120)),
        Reply::json(503, r#"{"error":"temporarily_unavailable"}"#),
    ])
    .await;
    let source = token_source(&server.url()).with_refresh_margin(Duration::from_secs(60));
    let start = Instant::now();
    let first = source.token().await.unwrap();
    assert_eq!(first.refresh_at(), start + Duration::from_secs(60));
    assert_eq!(first.expires_at(), start + Duration::from_secs(120));

    // Inside the refresh window: the cached token at once, and one background refresh.
    tokio::time::advance(Duration::from_secs(70)).await;
    let asked = Instant::now();
    let cached = source.token().await.unwrap();
    assert_eq!(asked.elapsed(), Duration::ZERO);
    assert_eq!(cached.expires_at(), first.expires_at());
    settle().await;
    assert_eq!(server.requests().len(), 2);

    // The refresh failed: the token is still served, and no new refresh before 5 s.
    let cached = source.token().await.unwrap();
    assert_eq!(cached.expires_at(), first.expires_at());
    settle().await;
    assert_eq!(server.requests().len(), 2);

    // After the retry interval, another background refresh (failing too).
    tokio::time::advance(TokenSource::REFRESH_RETRY_INTERVAL).await;
    let cached = source.token().await.unwrap();
    assert_eq!(cached.expires_at(), first.expires_at());
    settle().await;
    assert_eq!(server.requests().len(), 3);

    // Once expired, the caller waits for a fetch and gets its failure.
    tokio::time::advance(Duration::from_secs(45)).await;
    assert!(Instant::now() >= first.expires_at());
    let error = source.token().await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test(start_paused = true)]
async fn a_successful_refresh_ahead_replaces_the_token() {
    let server = ScriptedServer::start(vec![
        Reply::json(200, token_json("tok-a", 120)),
        Reply::json(200, token_json("tok-b", 120)),
    ])
    .await;
    let source = token_source(&server.url());
    let first = source.token().await.unwrap();
    tokio::time::advance(Duration::from_secs(70)).await;
    let refreshed_from = Instant::now();
    let cached = source.token().await.unwrap();
    assert_eq!(cached.expires_at(), first.expires_at());
    settle().await;
    let fresh = source.token().await.unwrap();
    assert_eq!(
        fresh.expires_at(),
        refreshed_from + Duration::from_secs(120)
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn expires_in_edge_values_are_clamped_without_panicking() {
    let hour = TokenSource::DEFAULT_LIFETIME;
    let cases: [(&str, Duration); 10] = [
        (r#","expires_in":0"#, TokenSource::MIN_LIFETIME),
        (r#","expires_in":-5"#, TokenSource::MIN_LIFETIME),
        (r#","expires_in":"120""#, Duration::from_secs(120)),
        (r#","expires_in":1.5e2"#, Duration::from_secs(150)),
        (
            r#","expires_in":18446744073709551615"#,
            TokenSource::MAX_LIFETIME,
        ),
        (r#","expires_in":1e308"#, TokenSource::MAX_LIFETIME),
        (r#","expires_in":"soon""#, hour),
        (r#","expires_in":null"#, hour),
        (r#","expires_in":{"seconds":60}"#, hour),
        ("", hour),
    ];
    assert_eq!(TokenSource::MIN_LIFETIME, Duration::from_secs(30));
    assert_eq!(TokenSource::MAX_LIFETIME, Duration::from_secs(24 * 3600));
    assert_eq!(hour, Duration::from_secs(3600));
    for (field, lifetime) in cases {
        let body = format!(r#"{{"access_token":"tok-1"{field}}}"#);
        let server = ScriptedServer::start(vec![Reply::json(200, body)]).await;
        let source = token_source(&server.url());
        let now = Instant::now();
        let token = source
            .token()
            .await
            .unwrap_or_else(|error| panic!("expires_in {field:?}: {error:?}"));
        let margin = Duration::from_secs(60).min(lifetime / 2);
        assert_eq!(token.expires_at() - now, lifetime, "expires_in {field:?}");
        assert_eq!(
            token.refresh_at() - now,
            lifetime - margin,
            "expires_in {field:?}"
        );
    }
}
