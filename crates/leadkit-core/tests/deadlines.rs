//! Deadlines and per-call options: every call ends by its deadline, whatever it is waiting on.
//!
//! Under paused tokio time with in-runtime servers, elapsed times are exact.

use std::time::Duration;

use leadkit_core::testing::{
    DEADLINE_SLACK, RawReply, RawServer, Reply, ScriptedServer, assert_within_50ms_of,
    test_http_client,
};
use leadkit_core::{
    ApiClient, ApiRequest, Auth, BaseUrl, CallOptions, DEFAULT_DEADLINE_MARGIN, Error, HttpClient,
    Idempotency, Jitter, Method, RetryPolicy, StatusCode,
};
use tokio::time::Instant;

fn client(http: HttpClient, policy: RetryPolicy) -> ApiClient {
    ApiClient::new("test", http, Auth::None).with_retry_policy(policy.jitter(Jitter::none()))
}

fn request(url: &str, idempotency: Idempotency) -> ApiRequest {
    let base = BaseUrl::parse(url).unwrap();
    ApiRequest::new(
        "read",
        Method::GET,
        base.join(&["v1", "thing"]),
        idempotency,
    )
}

#[track_caller]
fn assert_ended_at(started: Instant, deadline: Duration) {
    assert_within_50ms_of(started.elapsed(), deadline);
}

#[tokio::test(start_paused = true)]
async fn a_hung_vendor_ends_at_the_deadline_not_after_the_attempt_timeout() {
    let server = RawServer::start(RawReply::Hang).await;
    let http = HttpClient::builder()
        .timeout(Duration::from_secs(10))
        .pool_idle_timeout(None)
        .build()
        .unwrap();
    let api = client(
        http,
        RetryPolicy::default().deadline(Duration::from_secs(1)),
    );
    let started = Instant::now();
    let error = api
        .send(&request(&server.url(), Idempotency::Idempotent))
        .await
        .unwrap_err();
    assert_ended_at(started, Duration::from_secs(1));
    assert!(
        matches!(error, Error::Deadline { deadline, .. } if deadline == Duration::from_secs(1)),
        "{error:?}"
    );
    assert!(error.is_deadline() && error.is_timeout());
    assert!(!error.is_retryable());
}

#[tokio::test(start_paused = true)]
async fn under_defaults_a_hung_read_ends_after_the_timeout_plus_the_margin() {
    // Before: three 30 s attempts and their backoff, about 91 s.
    let server = RawServer::start(RawReply::Hang).await;
    let http = HttpClient::builder()
        .pool_idle_timeout(None)
        .build()
        .unwrap();
    let api = client(http, RetryPolicy::default());
    let call = request(&server.url(), Idempotency::Idempotent);
    let limit = Duration::from_secs(30) + DEFAULT_DEADLINE_MARGIN;
    assert_eq!(api.call_deadline(&call), limit);
    let started = Instant::now();
    let error = api.send(&call).await.unwrap_err();
    assert_ended_at(started, limit);
    assert!(error.is_deadline(), "{error:?}");
    assert_eq!(server.connections(), 2);
}

#[tokio::test(start_paused = true)]
async fn backoff_and_retry_after_never_sleep_past_the_deadline() {
    // The vendor asks for 20 s; only 5 s are left: the call returns the 503 at once instead of
    // sleeping into the deadline.
    let server = ScriptedServer::start(vec![
        Reply::status(503).header("retry-after", "20"),
        Reply::json(200, "{}"),
    ])
    .await;
    let api = client(
        test_http_client(),
        RetryPolicy::default().deadline(Duration::from_secs(5)),
    );
    let started = Instant::now();
    let error = api
        .send(&request(&server.url(), Idempotency::Idempotent))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < DEADLINE_SLACK,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(20)));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn per_call_options_replace_the_clients_for_that_call_only() {
    let server = RawServer::start(RawReply::Hang).await;
    let api = client(test_http_client(), RetryPolicy::default());
    let call = request(&server.url(), Idempotency::Idempotent);

    let quick = api.with_call_options(
        CallOptions::new()
            .timeout(Duration::from_millis(200))
            .retry_policy(RetryPolicy::none()),
    );
    assert_eq!(quick.attempt_timeout(&call), Duration::from_millis(200));
    let started = Instant::now();
    let error = quick.send(&call).await.unwrap_err();
    assert_ended_at(started, Duration::from_millis(200));
    assert!(
        matches!(error, Error::Timeout { after, .. } if after == Duration::from_millis(200)),
        "{error:?}"
    );
    assert_eq!(server.connections(), 1);

    let bounded = api.with_call_options(CallOptions::new().deadline(Duration::from_millis(700)));
    let started = Instant::now();
    let error = bounded.send(&call).await.unwrap_err();
    assert_ended_at(started, Duration::from_millis(700));
    assert!(error.is_deadline(), "{error:?}");

    // The client itself is unchanged.
    assert_eq!(api.attempt_timeout(&call), Duration::from_secs(5));
    assert_eq!(
        api.call_deadline(&call),
        Duration::from_secs(5) + DEFAULT_DEADLINE_MARGIN
    );
}

#[tokio::test(start_paused = true)]
async fn a_call_option_timeout_beats_the_requests_own() {
    let server = RawServer::start(RawReply::Hang).await;
    let api = client(test_http_client(), RetryPolicy::none());
    let call = request(&server.url(), Idempotency::Idempotent).timeout(Duration::from_secs(100));
    assert_eq!(
        api.call_deadline(&call),
        Duration::from_secs(100) + DEFAULT_DEADLINE_MARGIN,
        "a call that waits on purpose gets a deadline to match"
    );
    let quick = api.with_call_options(CallOptions::new().timeout(Duration::from_secs(1)));
    let started = Instant::now();
    quick.send(&call).await.unwrap_err();
    assert_ended_at(started, Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn a_deadline_passing_after_a_billed_request_was_sent_is_an_unknown_outcome() {
    let server = RawServer::start(RawReply::Hang).await;
    let api = client(
        test_http_client(),
        RetryPolicy::default().deadline(Duration::from_secs(1)),
    );
    let error = api
        .send(&request(&server.url(), Idempotency::Billed))
        .await
        .unwrap_err();
    assert!(error.outcome_unknown(), "{error:?}");
    assert!(error.is_deadline());
    assert!(error.to_string().contains("do not resend"), "{error}");
    assert_eq!(server.connections(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_2xx_over_the_cap_for_a_billed_event_never_reads_as_nothing_happened() {
    let server = ScriptedServer::start(vec![Reply::json(200, "x".repeat(4096))]).await;
    let http = HttpClient::builder()
        .max_body_bytes(1024)
        .pool_idle_timeout(None)
        .build()
        .unwrap();
    let api = client(http, RetryPolicy::default());
    let error = api
        .send(&request(&server.url(), Idempotency::NonIdempotent))
        .await
        .unwrap_err();
    match &error {
        Error::OutcomeUnknown { status, cause } => {
            assert_eq!(*status, Some(StatusCode::OK));
            assert!(matches!(**cause, Error::BodyTooLarge { .. }), "{cause:?}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_refusal_is_not_an_unknown_outcome() {
    for (status, idempotency) in [
        (400, Idempotency::NonIdempotent),
        (404, Idempotency::Billed),
        (429, Idempotency::NonIdempotent),
        (503, Idempotency::Idempotent),
    ] {
        let server = ScriptedServer::start(vec![Reply::status(status)]).await;
        let api = client(test_http_client(), RetryPolicy::none());
        let error = api
            .send(&request(&server.url(), idempotency))
            .await
            .unwrap_err();
        assert!(
            !error.outcome_unknown(),
            "{status} {idempotency:?}: {error:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn non_2xx_statuses_are_errors() {
    for status in [301, 302, 303, 307, 308, 304] {
        let server = ScriptedServer::start(vec![
            Reply::status(status).header("location", "https://elsewhere.example/p?q=1"),
        ])
        .await;
        let api = client(test_http_client(), RetryPolicy::none());
        let error = api
            .send(&request(&server.url(), Idempotency::Idempotent))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::Redirect { location_host: Some(host), .. } if host == "elsewhere.example"),
            "{status}: {error:?}"
        );
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(!error.to_string().contains("q=1"));

        let server = ScriptedServer::start(vec![Reply::status(status)]).await;
        let error = api
            .send(&request(&server.url(), Idempotency::NonIdempotent))
            .await
            .unwrap_err();
        assert!(error.outcome_unknown(), "{status}: {error:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    }
}
