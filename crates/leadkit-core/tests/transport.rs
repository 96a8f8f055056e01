//! Transport, retry and error behaviour against loopback servers.
//!
//! Tests under paused tokio time use `ScriptedServer`, which runs on the test's own runtime, so
//! the clock only moves for the client's own sleeps and elapsed times are exact.

use std::time::Duration;

use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{
    RawReply, RawServer, Reply, ScriptedServer, refused_addr, test_http_client,
};
use leadkit_core::{
    ApiClient, ApiRequest, Auth, BaseUrl, Error, HttpClient, Idempotency, Jitter, Method,
    RetryBudget, RetryPolicy, SecretString, StatusCode,
};
use tokio::time::Instant;

fn api(url: &str) -> (ApiClient, BaseUrl) {
    let api = ApiClient::new("test", test_http_client(), Auth::None)
        .with_retry_policy(RetryPolicy::default().jitter(Jitter::none()));
    (api, BaseUrl::parse(url).unwrap())
}

fn get(base: &BaseUrl) -> ApiRequest {
    ApiRequest::new(
        "read",
        Method::GET,
        base.join(&["v1", "thing"]),
        Idempotency::Idempotent,
    )
}

fn post(base: &BaseUrl) -> ApiRequest {
    ApiRequest::new(
        "create",
        Method::POST,
        base.join(&["v1", "thing"]),
        Idempotency::NonIdempotent,
    )
    .json(&serde_json::json!({"name": "x", "amount": 10}))
    .unwrap()
}

#[tokio::test]
async fn get_with_basic_auth_query_and_json_answer() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/1.3/leads")
                .query_param("email", "a+b@c.co")
                .header("authorization", "Basic dTpw")
                .header("accept", "application/json")
                .header("user-agent", leadkit_core::USER_AGENT);
            then.status(200).json_body(serde_json::json!({"ok": true}));
        })
        .await;
    let api = ApiClient::new(
        "test",
        test_http_client(),
        Auth::basic("u", SecretString::from("p")).unwrap(),
    );
    let base = BaseUrl::parse(&server.url("/api")).unwrap();
    let request = ApiRequest::new(
        "lead",
        Method::GET,
        base.join(&["1.3", "leads"]),
        Idempotency::Idempotent,
    )
    .query("email", "a+b@c.co");
    let value: serde_json::Value = api.send_json(&request).await.unwrap();
    assert_eq!(value["ok"], true);
    mock.assert_calls_async(1).await;
}

#[tokio::test(start_paused = true)]
async fn retries_503_then_succeeds_in_two_attempts() {
    let server =
        ScriptedServer::start(vec![Reply::status(503), Reply::json(200, r#"{"n":1}"#)]).await;
    let (api, base) = api(&server.url());
    let started = Instant::now();
    let value: serde_json::Value = api.send_json(&get(&base)).await.unwrap();
    assert_eq!(value["n"], 1);
    assert_eq!(server.requests().len(), 2);
    // No jitter: the first retry waits exactly the base delay.
    assert_eq!(started.elapsed(), Duration::from_millis(250));
}

#[tokio::test(start_paused = true)]
async fn honours_retry_after_seconds() {
    let server = ScriptedServer::start(vec![
        Reply::status(429).header("retry-after", "1"),
        Reply::json(200, "{}"),
    ])
    .await;
    let (api, base) = api(&server.url());
    let started = Instant::now();
    api.send(&get(&base)).await.unwrap();
    assert_eq!(started.elapsed(), Duration::from_secs(1));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn honours_retry_after_http_date() {
    // The HTTP-date is read against the wall clock; paused tokio time does not move it, so
    // the wait is whatever is left until that date (at most 3 s, at least 1 s).
    let at = leadkit_core::testing::faults::http_date(
        std::time::SystemTime::now() + Duration::from_secs(3),
    );
    let server = ScriptedServer::start(vec![
        Reply::status(429).header("retry-after", &at),
        Reply::json(200, "{}"),
    ])
    .await;
    let (api, base) = api(&server.url());
    let started = Instant::now();
    api.send(&get(&base)).await.unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(1) && waited <= Duration::from_secs(3),
        "{waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn retry_after_beyond_the_cap_is_surfaced_not_waited() {
    let server =
        ScriptedServer::start(vec![Reply::status(429).header("retry-after", "3600")]).await;
    let (api, base) = api(&server.url());
    let error = api.send(&get(&base)).await.unwrap_err();
    assert!(
        matches!(error, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(3600))
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn non_idempotent_post_is_not_retried_after_503() {
    let server = ScriptedServer::start(vec![Reply::status(503), Reply::json(200, "{}")]).await;
    let (api, base) = api(&server.url());
    let error = api.send(&post(&base)).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn non_idempotent_post_is_resent_after_429_only_when_opted_in_with_identical_body() {
    let script = || {
        vec![
            Reply::status(429).header("retry-after", "2"),
            Reply::json(201, r#"{"id":"t-1"}"#),
        ]
    };
    let refused = ScriptedServer::start(script()).await;
    let (client, refused_base) = api(&refused.url());
    let error = client.send(&post(&refused_base)).await.unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    assert!(
        !error.outcome_unknown(),
        "a 429 says the vendor did not act"
    );
    assert_eq!(refused.requests().len(), 1);

    let server = ScriptedServer::start(script()).await;
    let (api, base) = api(&server.url());
    let request = post(&base).retry_policy(
        RetryPolicy::default()
            .jitter(Jitter::none())
            .resend_after_rate_limit(true),
    );
    let answer = api.send(&request).await.unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(requests[0].body, br#"{"amount":10,"name":"x"}"#);
    assert_eq!(requests[1].header("content-type"), Some("application/json"));
}

#[tokio::test(start_paused = true)]
async fn widened_policy_retries_non_idempotent_503() {
    let server = ScriptedServer::start(vec![Reply::status(503), Reply::json(200, "{}")]).await;
    let (api, base) = api(&server.url());
    let request = post(&base).retry_policy(RetryPolicy::default().retry_non_idempotent(true));
    api.send(&request).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn gives_up_after_max_attempts() {
    let server = ScriptedServer::start(vec![Reply::status(502)]).await;
    let (api, base) = api(&server.url());
    let started = Instant::now();
    let error = api.send(&get(&base)).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(server.requests().len(), 3);
    assert_eq!(started.elapsed(), Duration::from_millis(250 + 500));
}

#[tokio::test(start_paused = true)]
async fn deadline_stops_retries() {
    let server = ScriptedServer::start(vec![Reply::status(503)]).await;
    let (api, base) = api(&server.url());
    let policy = RetryPolicy::default()
        .jitter(Jitter::none())
        .max_attempts(10)
        .backoff(Duration::from_secs(1), Duration::from_secs(1))
        .deadline(Duration::from_millis(2500));
    let error = api
        .send(&get(&base).retry_policy(policy))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    // Attempts at 0 s, 1 s and 2 s; a fourth at 3 s would pass the deadline.
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn exhausted_budget_stops_retrying() {
    let server = ScriptedServer::start(vec![Reply::status(503)]).await;
    let (api, base) = api(&server.url());
    let budget = RetryBudget::new(RetryBudget::RETRY_COST * 3);
    let api = api.with_retry_budget(budget.clone());
    api.send(&get(&base)).await.unwrap_err(); // 3 attempts, 2 retries paid
    assert_eq!(server.requests().len(), 3);
    api.send(&get(&base)).await.unwrap_err(); // 1 retry left in the bucket
    assert_eq!(server.requests().len(), 5);
    api.send(&get(&base)).await.unwrap_err(); // empty: no retry at all
    assert_eq!(server.requests().len(), 6);
    assert_eq!(budget.available(), 0);
}

#[tokio::test]
async fn connect_refused_is_a_connect_error_and_retried_even_when_non_idempotent() {
    let url = format!("http://{}", refused_addr());
    let (api, base) = api(&url);
    let policy = RetryPolicy::default()
        .jitter(Jitter::none())
        .backoff(Duration::from_millis(1), Duration::from_millis(1));
    let error = api
        .send(&post(&base).retry_policy(policy))
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert!(error.is_retryable());
    // Three attempts ran: the error is still a connect error after the last one.
    assert_eq!(
        api.retry_budget().available(),
        500 - 2 * RetryBudget::RETRY_COST
    );
}

#[tokio::test]
async fn timeout_is_typed_and_not_retried_for_non_idempotent_calls() {
    let server = RawServer::start(RawReply::Hang).await;
    let (api, base) = api(&server.url());
    let request = post(&base).timeout(Duration::from_millis(100));
    let error = api.send(&request).await.unwrap_err();
    assert!(error.outcome_unknown(), "{error:?}");
    assert!(error.is_timeout());
    assert!(
        matches!(error.root_cause(), Error::Timeout { after, .. } if *after == Duration::from_millis(100)),
        "{error:?}"
    );
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn html_502_page_keeps_status_and_excerpt() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(502)
                .header("content-type", "text/html")
                .body(page);
        })
        .await;
    let (api, base) = api(&server.base_url());
    let request = get(&base).retry_policy(RetryPolicy::none());
    let error = api.send(&request).await.unwrap_err();
    match &error {
        Error::Status {
            status,
            message,
            body,
            ..
        } => {
            assert_eq!(*status, StatusCode::BAD_GATEWAY);
            assert!(message.is_none());
            assert_eq!(body.text(), page);
        }
        other => panic!("expected a status error, got {other:?}"),
    }
    assert!(
        !format!("{error:?}").contains("Bad Gateway</h1>"),
        "excerpt must not be printed"
    );
}

#[tokio::test]
async fn vendor_error_message_is_parsed() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(400)
                .json_body(serde_json::json!({"errorMessage": "Phone is invalid"}));
        })
        .await;
    let (api, base) = api(&server.base_url());
    let error = api.send(&get(&base)).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(
        error.vendor_message().and_then(|m| m.message()),
        Some("Phone is invalid")
    );
    assert_eq!(
        error.to_string(),
        "test read: HTTP 400 Bad Request: Phone is invalid"
    );
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_path() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(r#"{"lead":{"score":"#);
        })
        .await;
    let (api, base) = api(&server.base_url());
    let error = api
        .send_json::<serde_json::Value>(&get(&base))
        .await
        .unwrap_err();
    match &error {
        Error::Decode {
            path, status, body, ..
        } => {
            assert_eq!(*status, StatusCode::OK);
            assert_eq!(path, "lead.score");
            assert_eq!(body.text(), r#"{"lead":{"score":"#);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_closed_mid_body_is_a_transport_error() {
    let server = RawServer::start(RawReply::Bytes(
        b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"partial\":".to_vec(),
    ))
    .await;
    let (api, base) = api(&server.url());
    let error = api.send(&post(&base)).await.unwrap_err();
    assert!(
        matches!(&error, Error::OutcomeUnknown { status: Some(StatusCode::OK), cause } if matches!(**cause, Error::Transport { .. })),
        "{error:?}"
    );
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert_eq!(
        server.connections(),
        1,
        "a non-idempotent call is not resent"
    );
}

#[tokio::test]
async fn body_over_the_cap_fails_without_buffering_it() {
    let nine_mib = 9 * 1024 * 1024;
    // Declared length over the cap: refused before reading.
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(vec![b' '; nine_mib]);
        })
        .await;
    let http = HttpClient::builder()
        .pool_idle_timeout(None)
        .build()
        .unwrap();
    let api = ApiClient::new("test", http, Auth::None);
    let base = BaseUrl::parse(&server.base_url()).unwrap();
    let error = api.send(&get(&base)).await.unwrap_err();
    assert!(
        matches!(error, Error::BodyTooLarge { limit, .. } if limit == 8 * 1024 * 1024),
        "{error:?}"
    );

    // No declared length (read until close): counted while reading, stopped at the cap.
    let mut raw = b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n".to_vec();
    raw.extend(std::iter::repeat_n(b'x', nine_mib));
    let server = RawServer::start(RawReply::Bytes(raw)).await;
    let base = BaseUrl::parse(&server.url()).unwrap();
    let error = api
        .send(&get(&base).retry_policy(RetryPolicy::none()))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { .. }), "{error:?}");
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = MockServer::start_async().await;
    let target = server
        .mock_async(|when, then| {
            when.path("/elsewhere");
            then.status(200);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/v1/thing");
            then.status(302).header(
                "location",
                "https://login.example.net:8443/sso?user=a@b.co&token=t0k",
            );
        })
        .await;
    let (api, base) = api(&server.base_url());
    // A redirect is not an answer: it is an error keeping the status and the Location's host,
    // never its path or query.
    let error = api.send(&get(&base)).await.unwrap_err();
    match &error {
        Error::Redirect {
            status,
            location_host,
            ..
        } => {
            assert_eq!(*status, StatusCode::FOUND);
            assert_eq!(location_host.as_deref(), Some("login.example.net:8443"));
        }
        other => panic!("{other:?}"),
    }
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains("token") && !shown.contains("a@b.co") && !shown.contains("sso"),
        "{shown}"
    );
    assert!(!error.is_retryable());
    target.assert_calls_async(0).await;
}

#[tokio::test]
async fn empty_success_body_is_reported_empty() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(204);
        })
        .await;
    let (api, base) = api(&server.base_url());
    let answer = api.send(&get(&base)).await.unwrap();
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert!(answer.is_empty());
    assert!(matches!(
        answer.json::<serde_json::Value>(),
        Err(Error::Decode { .. })
    ));
}

#[tokio::test]
async fn an_observer_sees_every_answer_read() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(503).body("busy");
        })
        .await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    let http = HttpClient::builder()
        .pool_idle_timeout(None)
        .observe_answers(move |answer| {
            sink.lock().unwrap().push((
                answer.operation,
                answer.status.as_u16(),
                answer.body.clone(),
            ));
        })
        .build()
        .unwrap();
    let policy = RetryPolicy::default()
        .jitter(Jitter::none())
        .backoff(Duration::from_millis(1), Duration::from_millis(1));
    let api = ApiClient::new("test", http, Auth::None).with_retry_policy(policy);
    let base = BaseUrl::parse(&server.base_url()).unwrap();
    api.send(&get(&base)).await.unwrap_err();
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    assert!(
        seen.iter()
            .all(|(op, status, body)| *op == "read" && *status == 503 && body == "busy")
    );
}

#[tokio::test]
async fn body_less_post_sends_a_zero_length() {
    let server = ScriptedServer::start(vec![Reply::status(200)]).await;
    let (api, base) = api(&server.url());
    let request = ApiRequest::new(
        "event",
        Method::POST,
        base.join(&["event"]),
        Idempotency::NonIdempotent,
    );
    api.send(&request).await.unwrap();
    assert_eq!(server.requests()[0].header("content-length"), Some("0"));
}

#[tokio::test]
async fn the_user_agent_names_the_vendor_crate_unless_the_caller_sets_one() {
    let server = ScriptedServer::start(vec![
        Reply::json(200, "{}"),
        Reply::json(200, "{}"),
        Reply::json(200, "{}"),
    ])
    .await;
    let base = BaseUrl::parse(&server.url()).unwrap();
    let plain = ApiClient::new("test", test_http_client(), Auth::None);
    let named = plain.clone().with_product("jeff-client/9.8.7");
    let own = ApiClient::new(
        "test",
        HttpClient::builder()
            .user_agent("acme-lending/2.3 (ops@acme.example)")
            .build()
            .unwrap(),
        Auth::None,
    )
    .with_product("jeff-client/9.8.7");
    for api in [&plain, &named, &own] {
        api.send(&get(&base)).await.unwrap();
    }
    let agents: Vec<String> = server
        .requests()
        .iter()
        .map(|request| request.header("user-agent").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        agents,
        [
            leadkit_core::USER_AGENT.to_owned(),
            format!("jeff-client/9.8.7 {}", leadkit_core::USER_AGENT),
            "acme-lending/2.3 (ops@acme.example)".to_owned(),
        ]
    );
    assert_eq!(own.user_agent(), "acme-lending/2.3 (ops@acme.example)");
    assert!(leadkit_core::USER_AGENT.starts_with("leadkit-core/0."));
}

#[test]
fn a_user_agent_that_is_not_a_header_value_is_refused_without_echo() {
    let error = HttpClient::builder()
        .user_agent("bad\r\nx-injected: dave@example.com")
        .build()
        .unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("user_agent"), "{shown}");
    assert!(
        !shown.contains("dave") && !shown.contains("injected"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_callers_own_reqwest_client_carries_every_call() {
    let server = ScriptedServer::start(vec![Reply::json(200, r#"{"ok":true}"#)]).await;
    let mut headers = leadkit_core::reqwest::header::HeaderMap::new();
    headers.insert("x-proxy-auth", "corp-7".parse().unwrap());
    let own = HttpClient::reqwest_builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let http = HttpClient::builder()
        .reqwest_client(own)
        .max_body_bytes(64)
        .build()
        .unwrap();
    assert!(http.settings().caller_client);
    let api = ApiClient::new(
        "test",
        http,
        Auth::bearer(SecretString::from("tok-1")).unwrap(),
    )
    .with_product("jeff-client/9.8.7");
    let base = BaseUrl::parse(&server.url()).unwrap();
    let value: serde_json::Value = api.send_json(&get(&base)).await.unwrap();
    assert_eq!(value["ok"], true);
    let request = &server.requests()[0];
    assert_eq!(request.header("x-proxy-auth"), Some("corp-7"));
    assert_eq!(request.header("authorization"), Some("Bearer tok-1"));
    assert!(
        request
            .header("user-agent")
            .unwrap()
            .starts_with("jeff-client/9.8.7 ")
    );
}

#[tokio::test]
async fn the_body_cap_applies_to_a_callers_own_client() {
    let server =
        ScriptedServer::start(vec![Reply::json(200, format!("\"{}\"", "x".repeat(200)))]).await;
    let http = HttpClient::builder()
        .reqwest_client(HttpClient::reqwest_builder().build().unwrap())
        .max_body_bytes(64)
        .build()
        .unwrap();
    let api = ApiClient::new("test", http, Auth::None);
    let base = BaseUrl::parse(&server.url()).unwrap();
    let error = api.send(&get(&base)).await.unwrap_err();
    assert!(matches!(error, Error::BodyTooLarge { .. }), "{error:?}");
}

/// The default TLS stack builds and speaks TLS: a handshake against a loopback server that
/// answers plain HTTP fails as a connection error, not a panic (a missing rustls crypto
/// provider panics at build or connect time).
#[cfg(any(
    feature = "rustls-ring",
    feature = "rustls-aws-lc",
    feature = "native-tls"
))]
#[tokio::test]
async fn https_uses_the_tls_stack_chosen_by_feature() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]).await;
    let (api, _) = api(&server.url());
    let https = server.url().replacen("http://", "https://", 1);
    let base = BaseUrl::parse(&https).unwrap();
    let error = api
        .with_call_options(leadkit_core::CallOptions::default().retry_policy(RetryPolicy::none()))
        .send(&get(&base))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Connect { .. } | Error::Transport { .. }),
        "{error:?}"
    );
}
