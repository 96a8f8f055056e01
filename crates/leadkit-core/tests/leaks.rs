//! No credential, email or phone number reaches a log line or an error, whatever fails.

use std::time::Duration;

use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{LogCapture, RawReply, RawServer, assert_no_leak, refused_addr};
use leadkit_core::{
    ApiClient, ApiRequest, Auth, BaseUrl, HttpClient, Idempotency, Jitter, Method,
    QueryCredentials, RetryPolicy, SecretString,
};

const PASSWORD: &str = "pw-Secr3t-LEAKCHECK";
const TOKEN: &str = "tok-LEAKCHECK-0123456789";
const EMAIL: &str = "leaky.person@example.com";
const PHONE: &str = "84987654321";
const SECRETS: &[&str] = &[PASSWORD, TOKEN, EMAIL, PHONE];

fn auth_modes() -> Vec<(&'static str, Auth)> {
    vec![
        (
            "basic",
            Auth::basic("partner", SecretString::from(PASSWORD)).unwrap(),
        ),
        (
            "query",
            Auth::Query(
                QueryCredentials::new()
                    .param("username", SecretString::from("partner"))
                    .param("password", SecretString::from(PASSWORD)),
            ),
        ),
        ("bearer", Auth::bearer(SecretString::from(TOKEN)).unwrap()),
    ]
}

/// A body that repeats the caller's personal data, as vendors' error bodies do.
fn echo_body() -> String {
    format!(
        r#"{{"errorMessage":"no lead for {EMAIL} / {PHONE}","password":"{PASSWORD}","token":"{TOKEN}"}}"#
    )
}

#[tokio::test]
async fn failures_never_leak_credentials_or_personal_data() {
    let capture = LogCapture::start();
    let mock = MockServer::start_async().await;
    mock.mock_async(|when, then| {
        when.path("/500");
        then.status(500)
            .json_body_obj(&serde_json::from_str::<serde_json::Value>(&echo_body()).unwrap());
    })
    .await;
    mock.mock_async(|when, then| {
        when.path("/502");
        then.status(502)
            .header("content-type", "text/html")
            .body(format!(
                "<html>Bad Gateway for {EMAIL} {PHONE} {PASSWORD}</html>"
            ));
    })
    .await;
    mock.mock_async(|when, then| {
        when.path("/truncated");
        then.status(200)
            .body(format!(r#"{{"email":"{EMAIL}","phone":"{PHONE}","#));
    })
    .await;
    mock.mock_async(|when, then| {
        when.path("/wrong-type");
        then.status(200)
            .body(format!(r#"{{"count":"{EMAIL} {PHONE}"}}"#));
    })
    .await;
    mock.mock_async(|when, then| {
        when.path("/big");
        then.status(200).body(format!(
            "{{\"email\":\"{EMAIL}\",\"pad\":\"{}\"}}",
            "x".repeat(4096)
        ));
    })
    .await;
    let hang = RawServer::start(RawReply::Hang).await;
    let refused = format!("http://{}", refused_addr());

    let http = HttpClient::builder()
        .timeout(Duration::from_millis(150))
        .max_body_bytes(1024)
        .pool_idle_timeout(None)
        .build()
        .unwrap();
    let policy = RetryPolicy::default()
        .jitter(Jitter::none())
        .backoff(Duration::from_millis(1), Duration::from_millis(2));

    let targets = [
        (refused.clone(), "x"),
        (hang.url(), "x"),
        (mock.base_url(), "500"),
        (mock.base_url(), "502"),
        (mock.base_url(), "truncated"),
        (mock.base_url(), "wrong-type"),
        (mock.base_url(), "big"),
    ];
    let mut printed = String::new();
    let mut failures = 0;
    for (mode, auth) in auth_modes() {
        let api =
            ApiClient::new("test", http.clone(), auth.clone()).with_retry_policy(policy.clone());
        printed.push_str(&format!("{api:?}\n{auth:?}\n"));
        for (url, path) in &targets {
            let base = BaseUrl::parse(url).unwrap();
            let request = ApiRequest::new(
                "lookup",
                Method::GET,
                base.join(&[path]),
                Idempotency::Idempotent,
            )
            .query("email", EMAIL)
            .query("phone", PHONE);
            printed.push_str(&format!("{request:?}\n"));
            match api
                .send_json::<std::collections::HashMap<String, u32>>(&request)
                .await
            {
                Ok(_) => panic!("{mode} {path}: expected a failure"),
                Err(error) => {
                    failures += 1;
                    printed.push_str(&format!("{error}\n{error:?}\n"));
                    let mut source = std::error::Error::source(&error);
                    while let Some(cause) = source {
                        printed.push_str(&format!("{cause}\n{cause:?}\n"));
                        source = cause.source();
                    }
                }
            }
        }
    }
    assert_eq!(failures, 21);
    let logs = capture.contents();
    assert!(logs.contains("leadkit.call"), "the call span was captured");
    assert!(logs.contains("retrying"), "retries were logged");
    assert!(printed.contains("could not connect"), "{printed}");
    assert!(printed.contains("timed out"), "{printed}");
    assert!(printed.contains("answer larger than"), "{printed}");
    assert!(
        printed.contains("no lead for *** / ***"),
        "vendor messages are kept, with what was sent masked: {printed}"
    );
    assert!(!logs.contains("no lead for"), "vendor text is not logged");
    assert_no_leak(&logs, SECRETS);
    assert_no_leak(&printed, SECRETS);
}
