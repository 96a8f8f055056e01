//! No credential, token, email, phone number or name reaches a log line, an error's
//! Display/Debug, or a Debug of the client, requests and answers.

mod common;

use common::*;
use friendlyscore_client::{
    AccessTokens, CalculateScore, FriendlyScoreClient, SecretString, UserAgent, UserId,
};
use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{LogCapture, assert_no_leak, test_http_client};

const FACEBOOK_TOKEN: &str = "EAAB-facebook-secret-token";
const EMAIL: &str = "applicant@example.com";
const PHONE: &str = "447700900123";
const NAME: &str = "Test Applicant";
const WEBHOOK_SECRET: &str = "hook-signing-secret";

fn secrets() -> Vec<&'static str> {
    vec![
        CLIENT_SECRET,
        TOKEN,
        FACEBOOK_TOKEN,
        EMAIL,
        PHONE,
        NAME,
        WEBHOOK_SECRET,
    ]
}

#[tokio::test]
async fn nothing_secret_or_personal_leaks() {
    let logs = LogCapture::start();
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    server
        .mock_async(|when, then| {
            when.path("/api/v2/users/partner-id/u-1/show.json");
            then.status(200).body(fx("show_user.json"));
        })
        .await;
    for list in ["emails", "phones"] {
        server
            .mock_async(|when, then| {
                when.path(format!(
                    "/api/v2/users/partner-id/u-1/google/raw-file-data/{list}.json"
                ));
                then.status(200).body(fx(&format!("gmail_{list}.json")));
            })
            .await;
    }
    server
        .mock_async(|when, then| {
            when.path("/api/v2/users/partner-id/u-1/calculate_score.json");
            then.status(404).body(format!(
                r#"{{"result":"error","message":"Bad parameters provided for {EMAIL} / {PHONE}","user_id":"u-1"}}"#
            ));
        })
        .await;
    let client = client(&server);
    let user = UserId::partner("u-1");
    let mut outputs = vec![format!("{client:?}")];

    let found = client.show_user(&user).await.unwrap();
    outputs.push(format!("{found:?}"));
    assert_eq!(found.ready().unwrap().email.as_deref(), Some(EMAIL));
    for data in [
        client.show_gmail_emails(&user).await.unwrap(),
        client.show_gmail_phones(&user).await.unwrap(),
    ] {
        outputs.push(format!("{data:?}"));
    }

    let request = CalculateScore::new(AccessTokens::new().facebook(FACEBOOK_TOKEN), "203.0.113.7")
        .webhook(format!(
            "https://lender.example/hook?secret={WEBHOOK_SECRET}"
        ))
        .user_agent(UserAgent::new().browser("Firefox"));
    outputs.push(format!("{request:?}"));
    let error = client.calculate_score(&user, &request).await.unwrap_err();
    outputs.push(format!("{error} {error:?}"));
    assert!(error.to_string().contains("Bad parameters provided"));

    // Input errors never echo the value.
    for bad in [
        CalculateScore::new(
            AccessTokens::new().facebook(format!("{FACEBOOK_TOKEN}\n")),
            "203.0.113.7",
        ),
        CalculateScore::new(AccessTokens::new().facebook(FACEBOOK_TOKEN), PHONE),
        CalculateScore::new(AccessTokens::new().facebook(FACEBOOK_TOKEN), "203.0.113.7")
            .webhook(format!("mailto:{EMAIL}?{WEBHOOK_SECRET}")),
    ] {
        let error = client.calculate_score(&user, &bad).await.unwrap_err();
        assert!(error.field().is_some());
        outputs.push(format!("{error} {error:?} {bad:?}"));
    }

    // A refused client secret.
    let refused = MockServer::start_async().await;
    refused
        .mock_async(|when, then| {
            when.path("/oauth/v2/token");
            then.status(400).body(fx("token_invalid_client.json"));
        })
        .await;
    let bad = FriendlyScoreClient::builder(CLIENT_ID, SecretString::from(CLIENT_SECRET))
        .base_url(refused.base_url())
        .unwrap()
        .http_client(test_http_client())
        .build()
        .unwrap();
    let error = bad.show_user(&user).await.unwrap_err();
    outputs.push(format!("{error} {error:?}"));

    outputs.push(logs.contents());
    assert!(
        logs.contents().contains("friendlyscore"),
        "logs were captured"
    );
    for output in &outputs {
        assert_no_leak(output, &secrets());
    }
}
