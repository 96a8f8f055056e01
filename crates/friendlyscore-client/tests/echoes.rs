//! What FriendlyScore echoes back is masked: a token refusal repeating a short client secret,
//! a wait that times out on a partner id that is an email, and a 200 that is an error
//! document.

mod common;

use std::time::Duration;

use friendlyscore_client::{FriendlyScoreClient, PollPolicy, SecretString, UserId};
use leadkit_core::testing::{Reply, ScriptedServer, test_http_client};

#[tokio::test(start_paused = true)]
async fn a_token_refusal_repeating_the_secret_shows_none_of_it() {
    let server = ScriptedServer::start(vec![Reply::json(
        401,
        r#"{"error":"invalid_client","error_description":"bad secret s3cr3t"}"#,
    )])
    .await;
    let client = FriendlyScoreClient::builder("client-id", SecretString::from("s3cr3t"))
        .base_url(server.url())
        .unwrap()
        .http_client(test_http_client())
        .build()
        .unwrap();
    let error = client.show_user(&UserId::partner("u-1")).await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
    assert!(shown.contains("bad secret"), "{shown}");
}

#[tokio::test(start_paused = true)]
async fn a_wait_that_runs_out_never_prints_an_email_partner_id() {
    let server = ScriptedServer::start(vec![
        Reply::json(200, r#"{"access_token":"tok-1","expires_in":3600}"#),
        Reply::status(202),
    ])
    .await;
    let client = common::client_for(&server.url());
    let user = UserId::partner("dave.black@example.com");
    let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(5))
        .interval(Duration::from_secs(1), Duration::from_secs(1));
    let error = client.wait_for_score(&user, &policy).await.unwrap_err();
    assert_eq!(
        error.resource_id(),
        Some("dave.black@example.com"),
        "kept whole to resume"
    );
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("dave.black@"), "{shown}");
    assert!(shown.contains("d***@example.com"), "{shown}");
}

#[tokio::test(start_paused = true)]
async fn a_200_error_document_is_the_vendors_error_with_the_access_token_masked() {
    let server = ScriptedServer::start(vec![
        Reply::json(200, r#"{"access_token":"fs-tok-1x","expires_in":3600}"#),
        Reply::json(
            200,
            r#"{"message":"refused Bearer fs-tok-1x for tr.applicant@example.com"}"#,
        ),
    ])
    .await;
    let client = common::client_for(&server.url());
    let error = client
        .show_user(&UserId::partner("tr.applicant@example.com"))
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200), "{error:?}");
    assert!(!error.is_retryable());
    let shown = format!(
        "{error} {error:?} {}",
        error.body_excerpt().map(|b| b.text()).unwrap_or_default()
    );
    assert!(shown.contains("refused Bearer ***"), "{shown}");
    for leaked in ["fs-tok-1x", "applicant", "example.com"] {
        assert!(!shown.contains(leaked), "{leaked} in {shown}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_user_with_a_message_member_is_still_a_user() {
    let server = ScriptedServer::start(vec![
        Reply::json(200, r#"{"access_token":"fs-tok-1x","expires_in":3600}"#),
        Reply::json(200, r#"{"id":7,"message":"welcome back"}"#),
    ])
    .await;
    let client = common::client_for(&server.url());
    let user = client
        .show_user(&UserId::partner("u-1"))
        .await
        .unwrap()
        .ready()
        .unwrap();
    assert_eq!(user.id.as_deref(), Some("7"));
    assert_eq!(user.extra["message"], "welcome back");
}
