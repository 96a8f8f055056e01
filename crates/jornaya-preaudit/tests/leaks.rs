//! Nothing personal or secret in logs (captured at TRACE), errors or `Debug` output.
//!
//! One test per binary: tracing caches callsite interest process-wide, so log capture on
//! parallel test threads could miss events.

use jornaya_preaudit::{LeadData, PreAuditClient, PreAuditRequest, SecretString, StatusCode};
use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{LogCapture, assert_no_leak, fixture, test_http_client};

const ACCOUNT: &str = "TEST-ACCOUNT-CODE";
const TOKEN: &str = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D";
const ENTITY: &str = "TEST-ENTITY-CODE";
const API_TOKEN: &str = "test-api-auth-token-0001";
const EMAIL: &str = "jane.placeholder@example.com";
const PHONE: &str = "5555550123";
const FIRST: &str = "Janeplaceholder";
const LAST: &str = "Doeplaceholder";
const STREET: &str = "1 Placeholder Avenue";

fn lead_data() -> LeadData {
    LeadData::new()
        .email(EMAIL)
        .first_name(FIRST)
        .last_name(LAST)
        .phone1(PHONE)
        .address1(STREET)
}

#[tokio::test]
async fn nothing_personal_or_secret_in_logs_errors_or_debug() {
    let logs = LogCapture::start();
    let server = MockServer::start_async().await;
    let ok = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/SinglePreAudit")
                .query_param("lec", ENTITY);
            then.status(200).body(fixture("jornaya", "red.json"));
        })
        .await;
    let failing = server
        .mock_async(|when, then| {
            when.method(GET).path("/SinglePreAudit").query_param("lec", "OTHER");
            then.status(400)
                .header("content-type", "application/json")
                .body(format!(
                    r#"{{"message":"bad data for {EMAIL} {PHONE} {FIRST} {LAST}, {STREET}","code":"{TOKEN}"}}"#
                ));
        })
        .await;
    let echo = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/SinglePreAudit")
                .query_param("lec", "ECHO");
            then.status(200).body(format!(
                r#"{{"preaudit":{{"header":{{"flags":{{"f1":{{"{FIRST}":"{EMAIL}"}}}}}},"body":{{"result":"{PHONE}"}}}}"#
            ));
        })
        .await;
    let refused = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/SinglePreAudit")
                .query_param("lec", "REFUSED");
            then.status(401).body(format!(
                "<error><message>no access for {FIRST} {LAST} ({EMAIL}, {PHONE}) at {STREET}, token {TOKEN}</message></error>"
            ));
        })
        .await;
    let client = PreAuditClient::builder(ACCOUNT)
        .bearer_token(SecretString::from(API_TOKEN))
        .base_url(server.base_url())
        .unwrap()
        .http_client(test_http_client())
        .build()
        .unwrap();
    let request = PreAuditRequest::new(TOKEN, ENTITY).data(lead_data());
    let answer = client.single_pre_audit(&request).await.unwrap();
    let other = PreAuditRequest::new(TOKEN, "OTHER").data(lead_data());
    let error = client.single_pre_audit(&other).await.unwrap_err();
    let echoed = PreAuditRequest::new(TOKEN, "ECHO").data(lead_data());
    let decode_error = client.single_pre_audit(&echoed).await.unwrap_err();
    assert!(decode_error.body_excerpt().is_some());
    let invalid =
        PreAuditRequest::new(TOKEN, ENTITY).data(lead_data().last_name(format!("{LAST}|{FIRST}")));
    let invalid_error = client.single_pre_audit(&invalid).await.unwrap_err();
    assert_eq!(invalid_error.field(), Some("data.l_name"));
    let refused_request = PreAuditRequest::new(TOKEN, "REFUSED").data(lead_data());
    let auth_error = client.single_pre_audit(&refused_request).await.unwrap_err();
    let auth_message = auth_error
        .vendor_message()
        .and_then(|m| m.message())
        .unwrap();
    assert!(
        auth_message.starts_with("no access for *** *** ("),
        "{auth_message}"
    );
    let evidence = client
        .single_pre_audit_with_evidence(&request)
        .await
        .unwrap();
    refused.assert_calls_async(1).await;
    echo.assert_calls_async(1).await;
    ok.assert_calls_async(2).await;
    failing.assert_calls_async(1).await;
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    // The vendor's message is kept, with every value the client sent masked.
    let message = error.vendor_message().and_then(|m| m.message()).unwrap();
    assert!(message.starts_with("bad data for "), "{message}");
    assert!(message.ends_with(" *** ***, ***"), "{message}");

    let mut shown = logs.contents();
    assert!(
        shown.contains("0A1B2C3D-****"),
        "the masked token is logged"
    );
    for text in [
        format!("{error}"),
        format!("{error:?}"),
        format!("{decode_error}"),
        format!("{decode_error:?}"),
        format!("{invalid_error}"),
        format!("{invalid_error:?}"),
        format!("{invalid:?}"),
        format!("{request:?}"),
        format!("{:?}", lead_data()),
        format!("{client:?}"),
        format!("{answer:?}"),
        answer.explain(),
        format!("{auth_error}"),
        format!("{auth_error:?}"),
        format!("{evidence:?}"),
        evidence.raw_body.clone(),
        serde_json::to_string(&evidence).unwrap(),
    ] {
        shown.push_str(&text);
        shown.push('\n');
    }
    assert_no_leak(
        &shown,
        &[
            EMAIL,
            PHONE,
            FIRST,
            LAST,
            STREET,
            API_TOKEN,
            TOKEN,
            "jane.placeholder",
            "5555550",
        ],
    );
}
