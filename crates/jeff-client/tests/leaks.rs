//! Nothing secret or personal reaches logs, error text or `Debug`: the password (in both auth
//! modes), emails, phone numbers and full names.

mod common;

use std::time::Duration;

use common::*;
use jeff_client::{
    Contact, HttpClient, JeffClient, PartnerEvent, SecretString, SocialPresenceQuery,
};
use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{LogCapture, RawReply, RawServer, assert_no_leak, refused_addr};

const FULL_NAME: &str = "John Doe";
const SECRETS: &[&str] = &[
    PASSWORD,
    "s3cret",
    "cGFydG5lci11c2VyOnMzY3JldC1QYXJ0bmVyLXBhc3M",
    EMAIL,
    "dave.black",
    PHONE,
    "+84999999999",
    FULL_NAME,
    "Jeff Daniels",
];

fn record(out: &mut String, error: &jeff_client::Error) {
    out.push_str(&format!("{error}\n{error:?}\n"));
}

#[tokio::test]
async fn query_credential_mode_never_leaks_the_password_or_personal_data() {
    let logs = LogCapture::start();
    let mut seen = String::new();
    let server = MockServer::start_async().await;

    // Credentials travel as query parameters, with no Authorization header.
    let lead = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partners-api/1.3/leads")
                .query_param("username", USERNAME)
                .query_param("password", PASSWORD)
                .query_param("email", EMAIL)
                .query_param("phone", PHONE)
                .query_param_count(".*", ".*", 4)
                .header_missing("authorization");
            then.status(200).body(jeff_fixture("lead_full.json"));
        })
        .await;
    let rejected = server
        .mock_async(|when, then| {
            when.path("/partners-api/1.3/fraud")
                .query_param("password", PASSWORD);
            then.status(400).json_body(serde_json::json!({
                "errorMessage": format!("No record for {EMAIL} or {PHONE}")
            }));
        })
        .await;
    let event = server
        .mock_async(|when, then| {
            when.path("/partners-api/events/loan-issued")
                .query_param("username", USERNAME)
                .query_param("password", PASSWORD)
                .query_param("lead-id", "lead-1")
                .query_param("external-id", "ext-1")
                .query_param_count(".*", ".*", 4);
            then.status(400)
                .body(format!("Illogical event for lead {PHONE}, {EMAIL}"));
        })
        .await;
    let refused = server
        .mock_async(|when, then| {
            when.path("/partner-api/1.0/social-data");
            then.status(401).body("bad credentials");
        })
        .await;
    let undecodable = server
        .mock_async(|when, then| {
            when.path("/partners-api/1.2/leads");
            then.status(200)
                .body(format!(r#"{{"id":"x","emailScore":"{EMAIL}"}}"#));
        })
        .await;

    let client = query_client(&server);
    seen.push_str(&format!("{client:?}\n"));
    let contact = Contact::email_and_phone(EMAIL, PHONE);
    seen.push_str(&format!("{contact:?}\n"));

    let outcome = client.lead_data(&contact).await.unwrap();
    assert_eq!(
        outcome.lead().unwrap().full_name.as_deref(),
        Some(FULL_NAME)
    );
    seen.push_str(&format!("{outcome:?}\n"));
    lead.assert_calls_async(1).await;

    let error = client.fraud_data(&contact).await.unwrap_err();
    assert!(error.vendor_message().is_some());
    record(&mut seen, &error);
    rejected.assert_calls_async(1).await;

    let error = client
        .send_event(&PartnerEvent::loan_issued("lead-1", "ext-1"))
        .await
        .unwrap_err();
    record(&mut seen, &error);
    event.assert_calls_async(1).await;

    let error = client
        .social_presence(&SocialPresenceQuery::new(contact.clone()))
        .await
        .unwrap_err();
    assert!(
        matches!(error, jeff_client::Error::Auth { .. }),
        "{error:?}"
    );
    record(&mut seen, &error);
    refused.assert_calls_async(1).await;

    let v12 = builder(&server)
        .query_credentials()
        .api_version("1.2")
        .unwrap()
        .build()
        .unwrap();
    let error = v12.lead_data(&contact).await.unwrap_err();
    assert!(
        matches!(error, jeff_client::Error::Decode { .. }),
        "{error:?}"
    );
    record(&mut seen, &error);
    undecodable.assert_calls_async(1).await;

    // Transport failures: refused connection, a body cut short, a server that never answers.
    let fast = HttpClient::builder()
        .timeout(Duration::from_millis(300))
        .connect_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let truncated = RawServer::start(RawReply::Bytes(
        b"HTTP/1.1 200 OK\r\ncontent-length: 500\r\n\r\n{\"id\":".to_vec(),
    ))
    .await;
    let hanging = RawServer::start(RawReply::Hang).await;
    let mut kinds = Vec::new();
    for base in [
        format!("http://{}", refused_addr()),
        truncated.url(),
        hanging.url(),
    ] {
        let client = JeffClient::builder(USERNAME, SecretString::from(PASSWORD))
            .query_credentials()
            .http_client(fast.clone())
            .retry_policy(fast_retries())
            .api_base_url(format!("{base}/partners-api"))
            .unwrap()
            .build()
            .unwrap();
        let error = client.lead_data(&contact).await.unwrap_err();
        record(&mut seen, &error);
        kinds.push((error.is_connect(), error.is_timeout()));
    }
    assert_eq!(kinds, [(true, false), (false, false), (false, true)]);

    let logs = logs.contents();
    assert!(logs.contains("leadkit.call"), "tracing was captured");
    assert_no_leak(&logs, SECRETS);
    assert_no_leak(&seen, SECRETS);
}

#[tokio::test]
async fn basic_mode_never_leaks_the_password_or_the_header() {
    let logs = LogCapture::start();
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/partner-api/1.0/social-data")
                .header("authorization", BASIC)
                .query_param_missing("password");
            then.status(200).body(jeff_fixture("social_presence.json"));
        })
        .await;
    let client = client(&server);
    let presence = client
        .social_presence(&SocialPresenceQuery::new(Contact::email(EMAIL)))
        .await
        .unwrap();
    mock.assert_calls_async(1).await;
    let seen = format!("{client:?}\n{presence:?}");
    assert!(seen.contains("Gravatar"), "{seen}");
    assert_no_leak(&logs.contents(), SECRETS);
    assert_no_leak(&seen, SECRETS);
}
