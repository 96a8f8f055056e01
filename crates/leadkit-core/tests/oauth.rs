//! OAuth2 client-credentials token source: caching, single flight, expiry, 401 handling.

use std::time::Duration;

use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{Reply, ScriptedServer, test_http_client};
use leadkit_core::{
    ApiClient, ApiRequest, BaseUrl, ClientCredentials, Error, Idempotency, Jitter, Method,
    RetryPolicy, SecretString, StatusCode, TokenRequestFormat, TokenSource,
};

fn token_source(base: &BaseUrl, format: TokenRequestFormat) -> TokenSource {
    TokenSource::new(
        "test",
        test_http_client(),
        ClientCredentials {
            token_url: base.join(&["oauth", "v2", "token"]),
            client_id: "client-1".into(),
            client_secret: SecretString::from("s3cret-value"),
            format,
        },
    )
}

fn api_with_token(base: &BaseUrl, format: TokenRequestFormat) -> ApiClient {
    ApiClient::new(
        "test",
        test_http_client(),
        token_source(base, format).into_auth(),
    )
}

fn read(base: &BaseUrl) -> ApiRequest {
    ApiRequest::new(
        "read",
        Method::GET,
        base.join(&["api", "thing"]),
        Idempotency::Idempotent,
    )
}

fn token_json(token: &str, expires_in: u64) -> String {
    format!(
        r#"{{"access_token":"{token}","expires_in":{expires_in},"token_type":"bearer","scope":null}}"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_calls_on_a_cold_cache_fetch_one_token() {
    let server = MockServer::start_async().await;
    let token = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth/v2/token")
                .header("content-type", "application/json")
                .json_body(serde_json::json!({
                    "client_id": "client-1",
                    "client_secret": "s3cret-value",
                    "grant_type": "client_credentials"
                }));
            then.status(200)
                .body(token_json("tok-1", 3600))
                .delay(Duration::from_millis(50));
        })
        .await;
    let calls = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/thing")
                .header("authorization", "Bearer tok-1");
            then.status(200).body("{}");
        })
        .await;
    let base = BaseUrl::parse(&server.base_url()).unwrap();
    let api = api_with_token(&base, TokenRequestFormat::Json);
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let api = api.clone();
        let request = read(&base);
        tasks.push(tokio::spawn(
            async move { api.send(&request).await.map(|_| ()) },
        ));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    token.assert_calls_async(1).await;
    calls.assert_calls_async(200).await;
}

#[tokio::test(start_paused = true)]
async fn an_expiring_token_is_refreshed_once_ahead_of_expiry() {
    let server = ScriptedServer::start(vec![
        Reply::json(200, token_json("tok-a", 120)),
        Reply::json(200, "{}"),
        Reply::json(200, "{}"),
        Reply::json(200, token_json("tok-b", 120)),
        Reply::json(200, "{}"),
    ])
    .await;
    let base = BaseUrl::parse(&server.url()).unwrap();
    let source = token_source(&base, TokenRequestFormat::Form);
    let api = ApiClient::new("test", test_http_client(), source.clone().into_auth());
    api.send(&read(&base)).await.unwrap();
    tokio::time::advance(Duration::from_secs(30)).await;
    api.send(&read(&base)).await.unwrap();
    let first = source.token().await.unwrap();
    // 120 s lifetime, refreshed 60 s early: at 61 s the cached token is still handed out at
    // once, and a new one is fetched in the background.
    tokio::time::advance(Duration::from_secs(31)).await;
    let at_61 = source.token().await.unwrap();
    assert_eq!(at_61.expires_at(), first.expires_at());
    for _ in 0..100 {
        if source.token().await.unwrap().expires_at() != first.expires_at() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    api.send(&read(&base)).await.unwrap();
    let requests = server.requests();
    let targets: Vec<_> = requests.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/oauth/v2/token",
            "/api/thing",
            "/api/thing",
            "/oauth/v2/token",
            "/api/thing"
        ]
    );
    assert_eq!(requests[1].header("authorization"), Some("Bearer tok-a"));
    assert_eq!(requests[4].header("authorization"), Some("Bearer tok-b"));
    assert_eq!(
        requests[0].body,
        b"grant_type=client_credentials&client_id=client-1&client_secret=s3cret-value"
    );
    assert_eq!(
        requests[0].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
}

#[tokio::test(start_paused = true)]
async fn a_401_refreshes_the_token_and_retries_once() {
    let server = ScriptedServer::start(vec![
        Reply::json(200, token_json("tok-old", 3600)),
        Reply::json(401, r#"{"error":"invalid_token"}"#),
        Reply::json(200, token_json("tok-new", 3600)),
        Reply::json(200, r#"{"ok":true}"#),
    ])
    .await;
    let base = BaseUrl::parse(&server.url()).unwrap();
    let api = api_with_token(&base, TokenRequestFormat::Json);
    let value: serde_json::Value = api.send_json(&read(&base)).await.unwrap();
    assert_eq!(value["ok"], true);
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(requests[1].header("authorization"), Some("Bearer tok-old"));
    assert_eq!(requests[3].header("authorization"), Some("Bearer tok-new"));
}

#[tokio::test]
async fn a_second_401_surfaces_an_auth_error() {
    let server = MockServer::start_async().await;
    let token = server
        .mock_async(|when, then| {
            when.path("/oauth/v2/token");
            then.status(200).body(token_json("tok-x", 3600));
        })
        .await;
    let calls = server
        .mock_async(|when, then| {
            when.path("/api/thing");
            then.status(401)
                .json_body(serde_json::json!({"error": "invalid_token"}));
        })
        .await;
    let base = BaseUrl::parse(&server.base_url()).unwrap();
    let api = api_with_token(&base, TokenRequestFormat::Json);
    let error = api.send(&read(&base)).await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Auth {
                status: Some(StatusCode::UNAUTHORIZED),
                ..
            }
        ),
        "{error:?}"
    );
    token.assert_calls_async(2).await;
    calls.assert_calls_async(2).await;
}

#[tokio::test]
async fn invalid_client_surfaces_an_auth_error_with_the_description() {
    let server = MockServer::start_async().await;
    let token = server
        .mock_async(|when, then| {
            when.path("/oauth/v2/token");
            then.status(400).json_body(serde_json::json!({
                "error": "invalid_client",
                "error_description": "The client credentials are invalid"
            }));
        })
        .await;
    let calls = server
        .mock_async(|when, then| {
            when.path("/api/thing");
            then.status(200);
        })
        .await;
    let base = BaseUrl::parse(&server.base_url()).unwrap();
    let api = api_with_token(&base, TokenRequestFormat::Json);
    let error = api.send(&read(&base)).await.unwrap_err();
    match &error {
        Error::Auth {
            status, message, ..
        } => {
            assert_eq!(*status, Some(StatusCode::BAD_REQUEST));
            let message = message.as_ref().unwrap();
            assert_eq!(message.code(), Some("invalid_client"));
            assert_eq!(
                message.message(),
                Some("The client credentials are invalid")
            );
        }
        other => panic!("expected an auth error, got {other:?}"),
    }
    assert!(
        error
            .to_string()
            .contains("The client credentials are invalid")
    );
    assert!(!format!("{error:?}").contains("s3cret-value"));
    token.assert_calls_async(1).await;
    calls.assert_calls_async(0).await;
}

#[tokio::test(start_paused = true)]
async fn a_token_outage_costs_one_token_request_per_attempt_even_for_writes() {
    let server = ScriptedServer::start(vec![Reply::status(503)]).await;
    let base = BaseUrl::parse(&server.url()).unwrap();
    // Backoff without jitter: each retry lands after the failure memory, so asks again.
    let api = api_with_token(&base, TokenRequestFormat::Json)
        .with_retry_policy(RetryPolicy::default().jitter(Jitter::none()));
    let write = ApiRequest::new(
        "create",
        Method::POST,
        base.join(&["api", "thing"]),
        Idempotency::NonIdempotent,
    );
    let error = api.send(&write).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    let requests = server.requests();
    // The default policy's three attempts, each one token request; the write never went out.
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.target == "/oauth/v2/token"));
}
