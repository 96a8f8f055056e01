//! What FriendlyScore echoes back is masked: a token refusal repeating a short client secret,
//! and a wait that times out on a partner id that is an email.

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
