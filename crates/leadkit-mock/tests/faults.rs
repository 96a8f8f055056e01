//! Faults chosen by keyword, and keep-alive, through the real clients and a raw socket.

mod common;

use std::time::Duration;

use jeff_client::{Contact, HttpClient, JeffClient, SecretString, StatusCode};
use leadkit_mock::{MockCredentials, MockServer, Vendor};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn server() -> MockServer {
    MockServer::builder()
        .retry_after(Duration::ZERO)
        .slow_delay(Duration::from_secs(2))
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn rate_limited_with_retry_after() {
    let server = server().await;
    // Fraud look-ups are not resent after a 429 unless the call opts in.
    let jeff = common::jeff(&server).with_options(
        jeff_client::CallOptions::new()
            .retry_policy(common::quick_retries().resend_after_rate_limit(true)),
    );
    let error = jeff
        .fraud_data(&Contact::email("mock-429@example.com"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, jeff_client::Error::RateLimited { .. }),
        "{error:?}"
    );
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
    assert_eq!(
        server.request_count(Vendor::Jeff),
        3,
        "retried up to the policy"
    );

    // `-once`: the first request is refused, the retry succeeds.
    let fraud = jeff
        .fraud_data(&Contact::email("mock-429-once@example.com"))
        .await
        .unwrap();
    assert!(fraud.is_marked_fraud());
}

#[tokio::test]
async fn unavailable() {
    let server = server().await;
    let bureau = common::bureau(&server);
    let request = bureau_altdata::TransactionRequest::new(
        "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b",
        "asha@example.com",
        "mock-503",
        "919812345678",
        "IND",
    );
    let error = bureau.initiate(&request).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    // Initiate is not idempotent: a 503 is not resent.
    assert_eq!(server.request_count(Vendor::Bureau), 1);
}

#[tokio::test]
async fn slow_answer_times_out() {
    let server = server().await;
    let jeff = JeffClient::builder(
        MockCredentials::JEFF_USERNAME,
        SecretString::from(MockCredentials::JEFF_PASSWORD),
    )
    .api_base_url(server.jeff_api_url())
    .unwrap()
    .http_client(
        HttpClient::builder()
            .timeout(Duration::from_millis(200))
            .build()
            .unwrap(),
    )
    .retry_policy(jeff_client::RetryPolicy::none())
    .build()
    .unwrap();
    let error = jeff
        .fraud_data(&Contact::email("mock-slow@example.com"))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[tokio::test]
async fn dropped_connection_and_truncated_body() {
    let server = server().await;
    let jornaya = common::jornaya(&server);
    let dropped = jornaya
        .single_pre_audit(&jornaya_preaudit::PreAuditRequest::new(
            "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D",
            "mock-drop",
        ))
        .await
        .unwrap_err();
    assert!(dropped.outcome_unknown(), "{dropped:?}");
    assert!(
        matches!(
            dropped.root_cause(),
            jornaya_preaudit::Error::Transport { .. }
        ),
        "{dropped:?}"
    );
    let fs = common::friendlyscore(&server);
    let truncated = fs
        .show_user(&friendlyscore_client::UserId::partner("mock-truncate"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            truncated,
            friendlyscore_client::Error::Transport { .. }
                | friendlyscore_client::Error::Decode { .. }
        ),
        "{truncated:?}"
    );
}

/// Two requests on one connection get two answers (HTTP/1.1 keep-alive).
#[tokio::test]
async fn keep_alive() {
    let server = server().await;
    let mut stream = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    let request = "GET /nowhere HTTP/1.1\r\nHost: mock\r\n\r\n";
    let mut seen = String::new();
    for _ in 0..2 {
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut buffer = vec![0u8; 4096];
        let read = stream.read(&mut buffer).await.unwrap();
        seen.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
    assert_eq!(seen.matches("HTTP/1.1 404").count(), 2, "{seen}");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn background_server_and_port() {
    let server = MockServer::builder().start_in_background().unwrap();
    let port = server.addr().port();
    assert!(port > 0);
    let jeff = common::jeff(&server);
    assert!(
        jeff.fraud_data(&Contact::phone("639365429568"))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn start_on_a_given_port() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let server = MockServer::start_on(port).await.unwrap();
    assert_eq!(server.addr().port(), port);
    assert_eq!(
        server.bureau_url(),
        format!("http://127.0.0.1:{port}/bureau")
    );
}
