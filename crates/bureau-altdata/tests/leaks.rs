//! Nothing personal or secret reaches a log line, an error's Display/Debug or a model's Debug.
//!
//! Alone in its test binary: tracing caches per-callsite interest process-wide, so a test on
//! another thread could otherwise register a callsite before this thread's capture starts.

use bureau_altdata::{BureauClient, ErrorBody, SecretString, TransactionRequest};
use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{LogCapture, assert_no_leak, fixture, test_http_client};

const CREDENTIAL_ID: &str = "test-credential";
const CREDENTIAL_SECRET: &str = "test-secret-9f8e7d";
/// base64("test-credential:test-secret-9f8e7d")
const BASIC: &str = "Basic dGVzdC1jcmVkZW50aWFsOnRlc3Qtc2VjcmV0LTlmOGU3ZA==";
const WORKFLOW_ID: &str = "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b";
const EMAIL: &str = "asha.verma@example.com";
const NAME: &str = "Asha Verma";
const PHONE: &str = "919812345678";
const TRANSACTION_ID: &str = "c7f3b313-1111-1111-aaaa-12ca28f7e68e";

fn client(server: &MockServer) -> BureauClient {
    BureauClient::builder(CREDENTIAL_ID, SecretString::from(CREDENTIAL_SECRET))
        .base_url(server.base_url())
        .unwrap()
        .http_client(test_http_client())
        .build()
        .unwrap()
}

fn request() -> TransactionRequest {
    TransactionRequest::new(WORKFLOW_ID, EMAIL, NAME, PHONE, "IND")
        .derived_signals(true)
        .enhanced_coverage(true)
}

#[tokio::test]
async fn nothing_personal_or_secret_reaches_logs_errors_or_debug() {
    let capture = LogCapture::start();
    let server = MockServer::start_async().await;
    let fail = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/transactions")
                .body_includes("\"fail");
            then.status(400)
                .header("content-type", "application/json")
                .body(format!(
                    r#"{{"errors":{{"code":400,"message":"bad phone {PHONE} for {EMAIL}"}}}}"#
                ));
        })
        .await;
    let ok = server
        .mock_async(|when, then| {
            when.method(POST).path("/transactions");
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("bureau", "fetch_final.json"));
        })
        .await;
    let client = client(&server);
    let mut outputs = Vec::new();

    let transaction = client.fetch(&request(), TRANSACTION_ID).await.unwrap();
    outputs.push(format!("{transaction:?} {:?}", request()));
    let failing = TransactionRequest::new(WORKFLOW_ID, EMAIL, NAME, PHONE, "IND");
    let error = client.fetch(&failing, "fail-1").await.unwrap_err();
    outputs.push(format!("{error} {error:?}"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    let body = ErrorBody::from_error(&error).unwrap();
    outputs.push(format!("{body:?} {:?}", body.message()));
    let error = client
        .initiate(&TransactionRequest::new(
            WORKFLOW_ID,
            EMAIL,
            NAME,
            "91981234567",
            "IND",
        ))
        .await
        .unwrap_err();
    outputs.push(format!("{error} {error:?}"));
    fail.assert_calls_async(1).await;
    ok.assert_calls_async(1).await;

    outputs.push(capture.contents());
    let everything = outputs.join("\n");
    assert!(
        everything.contains("leadkit.call"),
        "core's logs were captured"
    );
    assert!(
        everything.contains("transaction fetched"),
        "this crate's logs were captured"
    );
    assert_no_leak(
        &everything,
        &[
            CREDENTIAL_SECRET,
            &BASIC[6..],
            EMAIL,
            NAME,
            "9812345678",
            "9198123456",
            "user@example.com",
            "User Name",
            "9999999999",
            "4058575280",
        ],
    );
}
