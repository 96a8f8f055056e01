//! Bad input is refused before the network: the error names the field, never the value, and
//! the server sees nothing.

mod common;

use common::*;
use friendlyscore_client::{
    AccessTokens, ApplicationStatus, CalculateScore, Environment, Error, FriendlyScoreClient,
    LoanStatus, PerformanceData, SecretString, UserId, UserStatus,
};
use leadkit_core::testing::httpmock::prelude::*;

fn field(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::InvalidInput { field, .. }) => field.into_owned(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_requests_never_reach_the_server() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let client = client(&server);
    let user = UserId::partner("u-1");
    let tokens = || AccessTokens::new().google("google-token-1");

    let cases: Vec<(&str, Result<_, Error>)> = vec![
        (
            "access_tokens",
            client
                .calculate_score(
                    &user,
                    &CalculateScore::new(AccessTokens::new(), "203.0.113.7"),
                )
                .await,
        ),
        (
            "access_tokens.paypal",
            client
                .calculate_score(
                    &user,
                    &CalculateScore::new(AccessTokens::new().paypal(" "), "203.0.113.7"),
                )
                .await,
        ),
        (
            "ip",
            client
                .calculate_score(&user, &CalculateScore::new(tokens(), "300.1.2.3"))
                .await,
        ),
        (
            "ip",
            client
                .calculate_score(&user, &CalculateScore::new(tokens(), ""))
                .await,
        ),
        (
            "webhook",
            client
                .calculate_score(
                    &user,
                    &CalculateScore::new(tokens(), "2001:db8::1").webhook("not a url"),
                )
                .await,
        ),
        (
            "webhook",
            client
                .calculate_score(
                    &user,
                    &CalculateScore::new(tokens(), "2001:db8::1").webhook("ftp://host/x"),
                )
                .await,
        ),
        (
            "user_id",
            client
                .calculate_score(
                    &UserId::partner(".."),
                    &CalculateScore::new(tokens(), "203.0.113.7"),
                )
                .await,
        ),
        (
            "performance_data",
            client
                .performance_data(&user, &PerformanceData::new())
                .await,
        ),
        (
            "loan_value",
            client
                .performance_data(&user, &PerformanceData::new().loan_value(-1.0))
                .await,
        ),
        (
            "loan_currency",
            client
                .performance_data(&user, &PerformanceData::new().loan_currency(""))
                .await,
        ),
        (
            "status",
            client.set_status(&user, &UserStatus::new(" ")).await,
        ),
        (
            "user_id",
            client.set_positive(&UserId::partner(""), true).await,
        ),
    ];
    for (expected, result) in cases {
        assert_eq!(field(result), expected);
    }
    for result in [
        client
            .show_user(&UserId::friendlyscore(""))
            .await
            .map(|_| ()),
        client
            .show_fraud_alerts(&UserId::partner("."))
            .await
            .map(|_| ()),
        client
            .show_gmail_emails(&UserId::partner("a\u{0}b"))
            .await
            .map(|_| ()),
    ] {
        assert_eq!(field(result), "user_id");
    }
    any.assert_calls_async(0).await;
}

#[test]
fn builder_checks_its_settings() {
    let builder = || FriendlyScoreClient::builder("id", SecretString::from("secret"));
    assert_eq!(field(builder().base_url("not a url")), "base_url");
    assert_eq!(
        field(builder().base_url("ftp://friendlyscore.com")),
        "base_url"
    );
    assert_eq!(
        field(FriendlyScoreClient::builder("", SecretString::from("secret")).build()),
        "client_id"
    );
    assert_eq!(
        field(FriendlyScoreClient::builder("id", SecretString::from("")).build()),
        "client_secret"
    );
    let production = builder().build().unwrap();
    assert_eq!(
        production.base_url().to_string(),
        "https://friendlyscore.com/"
    );
    let sandbox = builder().environment(Environment::Sandbox).build().unwrap();
    assert_eq!(
        sandbox.base_url().to_string(),
        "https://sandbox.friendlyscore.com/"
    );
}

#[tokio::test]
async fn request_enums_outside_the_documented_values_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let client = client(&server);
    let user = UserId::partner("u-1");
    // Values an answer could carry (kept as `Unknown`), but not the documented options.
    for status in ["approved", "Accepted", "drop_off", ""] {
        let data = PerformanceData::new()
            .loan_term(30)
            .loan_application_status(ApplicationStatus::from_vendor(status));
        let error = client.performance_data(&user, &data).await.unwrap_err();
        assert_eq!(error.field(), Some("loan_application_status"), "{status}");
        assert!(error.to_string().contains("accepted, declined, drop-off"));
        assert!(status.is_empty() || !error.to_string().contains(status));
    }
    for status in ["written_off", "Paid"] {
        let data = PerformanceData::new().loan_status(LoanStatus::from_vendor(status));
        let error = client.performance_data(&user, &data).await.unwrap_err();
        assert_eq!(error.field(), Some("loan_status"), "{status}");
        assert!(!error.to_string().contains(status));
    }
    any.assert_calls_async(0).await;
}
