//! Each call against a mock Bureau: exact requests, typed answers, typed errors, no leaks.

use bureau_altdata::{
    BureauClient, Environment, Error, ErrorBody, RetryPolicy, SecretString, TransactionRequest,
    TransactionStatus,
};
use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{assert_no_leak, fixture, test_http_client};
use serde_json::json;

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

fn data() -> serde_json::Value {
    json!({
        "email": EMAIL,
        "name": NAME,
        "phoneNumber": PHONE,
        "countryCode": "IND",
        "derivedSignals": true,
        "enhancedCoverage": true
    })
}

#[tokio::test]
async fn initiate_posts_the_documented_body_with_basic_auth() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/transactions")
                .header("authorization", BASIC)
                .header("content-type", "application/json")
                .json_body(json!({"workflowId": WORKFLOW_ID, "data": data()}));
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("bureau", "initiate.json"));
        })
        .await;
    let transaction = client(&server).initiate(&request()).await.unwrap();
    mock.assert_calls_async(1).await;
    assert_eq!(transaction.transaction_id, TRANSACTION_ID);
    assert_eq!(transaction.status, Some(TransactionStatus::Awaiting));
    assert_eq!(transaction.outcome, Some(TransactionStatus::Awaiting));
    assert!(transaction.is_awaiting());
}

#[tokio::test]
async fn fetch_posts_the_same_body_plus_the_transaction_id() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/transactions")
                .header("authorization", BASIC)
                .json_body(json!({
                    "workflowId": WORKFLOW_ID,
                    "transactionId": TRANSACTION_ID,
                    "data": data()
                }));
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("bureau", "fetch_final.json"));
        })
        .await;
    let transaction = client(&server)
        .fetch(&request(), TRANSACTION_ID)
        .await
        .unwrap();
    mock.assert_calls_async(1).await;
    assert_eq!(transaction.outcome, Some(TransactionStatus::Accepted));
    let risk = transaction.services.risk_model().unwrap();
    assert_eq!(risk.alternate_risk_score.value(), Some(57.47126436781605));
}

#[tokio::test]
async fn transaction_reads_by_id_with_get() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/transactions/{TRANSACTION_ID}"))
                .header("authorization", BASIC);
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("bureau", "fetch_final.json"));
        })
        .await;
    let transaction = client(&server).transaction(TRANSACTION_ID).await.unwrap();
    mock.assert_calls_async(1).await;
    assert_eq!(
        transaction.transaction_id,
        "b6819bf9-a1aa-a11a-a11a-e7bb7ae2cd07"
    );
    assert!(transaction.is_done());
}

#[tokio::test]
async fn invalid_input_never_reaches_bureau() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(500);
        })
        .await;
    let client = client(&server);
    let bad_email = TransactionRequest::new(WORKFLOW_ID, "asha.verma", NAME, PHONE, "IND");
    let bad_phone = TransactionRequest::new(WORKFLOW_ID, EMAIL, NAME, "98123 45678", "IND");
    let bad_workflow = TransactionRequest::new("workflow-1", EMAIL, NAME, PHONE, "IND");
    let cases = [
        (client.initiate(&bad_email).await, "data.email"),
        (client.initiate(&bad_phone).await, "data.phoneNumber"),
        (client.run(&bad_workflow).await, "workflowId"),
        (client.fetch(&request(), " ").await, "transactionId"),
        (client.transaction("").await, "transactionId"),
    ];
    for (result, field) in cases {
        let error = result.unwrap_err();
        assert_eq!(error.field(), Some(field), "{error}");
    }
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn initiate_503_is_not_retried_and_keeps_the_vendor_ids() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/transactions");
            then.status(503)
                .header("content-type", "application/json")
                .body(fixture("bureau", "error_503.json"));
        })
        .await;
    let error = client(&server).initiate(&request()).await.unwrap_err();
    mock.assert_calls_async(1).await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    let message = error.vendor_message().unwrap();
    assert_eq!(message.code(), Some("NO_RECORD_FOUND"));
    assert_eq!(message.message(), Some("INTERNAL_SERVICE_UNAVAILABLE"));
    let body = ErrorBody::from_error(&error).unwrap();
    assert_eq!(
        body.reference_id(),
        Some("b090f2a1-ebf4-4fdc-bcdc-296cfc7e4ea1")
    );
    assert_eq!(
        body.request_id(),
        Some("d46ff15d-1111-4568-1111-b21bbdd3962f")
    );
    assert_eq!(body.errors.kind.as_deref(), Some("NO_RECORD_FOUND"));
}

#[tokio::test]
async fn a_401_is_a_typed_auth_error() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/transactions");
            then.status(401)
                .header("content-type", "application/json")
                .body(fixture("bureau", "error_401.json"));
        })
        .await;
    let error = client(&server).initiate(&request()).await.unwrap_err();
    mock.assert_calls_async(1).await;
    match &error {
        Error::Auth {
            vendor,
            operation,
            status,
            message,
        } => {
            assert_eq!(*vendor, "bureau");
            assert_eq!(*operation, "initiate");
            assert_eq!(status.map(|s| s.as_u16()), Some(401));
            let message = message.as_ref().unwrap();
            assert_eq!(message.code(), Some("UNAUTHORIZED"));
            assert_eq!(message.message(), Some("refused by service Overwatch"));
        }
        other => panic!("unexpected {other}"),
    }
}

#[tokio::test]
async fn a_proxy_page_is_a_status_error_not_a_decode_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(502)
                .body("<html><body>Bad gateway</body></html>");
        })
        .await;
    let client = BureauClient::builder(CREDENTIAL_ID, SecretString::from(CREDENTIAL_SECRET))
        .base_url(server.base_url())
        .unwrap()
        .http_client(test_http_client())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.transaction(TRANSACTION_ID).await.unwrap_err();
    assert!(matches!(error, Error::Status { .. }), "{error}");
    assert!(error.vendor_message().is_none());
    assert!(ErrorBody::from_error(&error).is_none());
}

#[test]
fn environments_and_base_urls() {
    let secret = || SecretString::from(CREDENTIAL_SECRET);
    let sandbox = BureauClient::builder(CREDENTIAL_ID, secret())
        .build()
        .unwrap();
    assert_eq!(
        sandbox.base_url().as_url().as_str(),
        "https://api.sandbox.bureau.id/"
    );
    let live = BureauClient::builder(CREDENTIAL_ID, secret())
        .environment(Environment::Live)
        .build()
        .unwrap();
    assert_eq!(live.base_url().as_url().as_str(), "https://api.bureau.id/");
    let error = BureauClient::builder(CREDENTIAL_ID, secret())
        .base_url("ftp://bureau.example")
        .unwrap_err();
    assert_eq!(error.field(), Some("base_url"));
    let error = BureauClient::builder("id:with:colons", secret())
        .build()
        .unwrap_err();
    assert_eq!(error.field(), Some("username"));
    let debug = format!(
        "{:?} {:?}",
        BureauClient::builder(CREDENTIAL_ID, secret()),
        live
    );
    assert_no_leak(&debug, &[CREDENTIAL_SECRET, &BASIC[6..]]);
}

#[tokio::test]
async fn ids_that_could_change_the_path_never_reach_bureau() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("bureau", "fetch_final.json"));
        })
        .await;
    let client = client(&server);
    let policy = bureau_altdata::PollPolicy::new(
        std::time::Duration::ZERO,
        std::time::Duration::from_secs(5),
    );
    for id in [
        "..",
        ".",
        "",
        "  ",
        "a/b",
        "../transactions",
        "c7f3 b313",
        "%2e%2e",
        "a?b=c",
    ] {
        let results = [
            client.transaction(id).await,
            client.poll_by_id(id, &policy).await,
            client.fetch(&request(), id).await,
            client.poll(&request(), id, &policy).await,
        ];
        for result in results {
            let error = result.unwrap_err();
            assert_eq!(error.field(), Some("transactionId"), "{id:?}: {error}");
        }
    }
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn unassigned_country_codes_never_reach_bureau() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(500);
        })
        .await;
    let client = client(&server);
    for code in ["XYZ", "XKX", "ZZZ"] {
        let request = TransactionRequest::new(WORKFLOW_ID, EMAIL, NAME, "447700900123", code);
        let error = client.initiate(&request).await.unwrap_err();
        assert_eq!(error.field(), Some("data.countryCode"), "{code}: {error}");
        let error = client.run(&request).await.unwrap_err();
        assert_eq!(error.field(), Some("data.countryCode"), "{code}: {error}");
    }
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_200_that_reports_failure_is_a_status_error_with_the_transaction_id() {
    let mut failed: serde_json::Value =
        serde_json::from_str(&fixture("bureau", "fetch_final.json")).unwrap();
    failed["statusCode"] = json!(500);
    failed["status"] = json!("FAILED");
    failed["error"] = json!(format!(
        "workflow failed for {NAME} ({EMAIL}, {PHONE}); phone name mismatch"
    ));
    failed["entityName"] = json!(NAME);
    failed["transactionRawInput"]["name"] = json!(NAME);
    let failed_id = failed["transactionId"].as_str().unwrap().to_owned();
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|_, then| {
            then.status(200)
                .header("content-type", "application/json")
                .body(failed.to_string());
        })
        .await;
    let client = client(&server);
    let results = [
        ("initiate", client.initiate(&request()).await),
        ("fetch", client.fetch(&request(), TRANSACTION_ID).await),
        ("transaction", client.transaction(TRANSACTION_ID).await),
    ];
    for (call, result) in results {
        let error = result.unwrap_err();
        let Error::Status {
            operation,
            status,
            message: Some(message),
            ..
        } = &error
        else {
            panic!("{call}: expected a status error, got {error}")
        };
        assert_eq!(*operation, call);
        assert_eq!(status.as_u16(), 200);
        assert_eq!(message.code(), Some("FAILED"));
        assert_eq!(message.reference_id(), Some(failed_id.as_str()));
        // Bureau's words are kept, the applicant's are not: masked whole where the call sent
        // them (initiate, fetch), as emails and phones otherwise (transaction sends an id).
        let expected = if call == "transaction" {
            "workflow failed for [name] [name] (a***@example.com, 9198******78); phone name mismatch"
        } else {
            "workflow failed for [name] [name] (***, ***); phone name mismatch"
        };
        assert_eq!(message.message(), Some(expected), "{call}");
        assert!(!error.is_retryable());
        let printed = format!("{error} {error:?}");
        assert!(printed.contains(&failed_id), "{printed}");
        assert_no_leak(&printed, &[EMAIL, NAME, "Asha", "Verma", "9812345678"]);
    }
    // A failure is an answer: the read is not retried, the initiate not resent.
    mock.assert_calls_async(3).await;
}
