//! Transport, retry and error behaviour against loopback servers.

use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::test_http_client;
use leadkit_core::{ApiClient, ApiRequest, Auth, BaseUrl, Idempotency, Method, SecretString};

#[tokio::test]
async fn get_with_basic_auth_decodes_json() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/1.3/leads")
                .query_param("email", "a@b.co")
                .header("authorization", "Basic dTpw");
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
    .query("email", "a@b.co");
    let value: serde_json::Value = api.send_json(&request).await.unwrap();
    assert_eq!(value["ok"], true);
    mock.assert_calls_async(1).await;
}

#[tokio::test(start_paused = true)]
async fn paused_probe() {
    use leadkit_core::testing::{Reply, ScriptedServer};
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]).await;
    let api = ApiClient::new("test", test_http_client(), Auth::None);
    let base = BaseUrl::parse(&server.url()).unwrap();
    let started = tokio::time::Instant::now();
    for _ in 0..200 {
        let request = ApiRequest::new("x", Method::GET, base.join(&["x"]), Idempotency::Idempotent);
        let r = api.send(&request).await;
        assert!(r.is_ok(), "{r:?}");
    }
    assert_eq!(started.elapsed(), std::time::Duration::ZERO);
}
