//! Fraud Data and Social Presence against a mock Jeff.

mod common;

use std::time::Duration;

use common::*;
use jeff_client::{
    Contact, CredentialType, Error, FraudDataOutcome, JeffClient, NaiveDateTime, Platform,
    RetryPolicy, SecretString, SocialPresenceOutcome, SocialPresenceQuery, StatusCode,
};
use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{RawReply, RawServer, test_http_client};

#[tokio::test]
async fn fraud_data_by_phone() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partners-api/1.3/fraud")
                .header("authorization", BASIC)
                .query_param("phone", "639365429568")
                .query_param_count(".*", ".*", 1);
            then.status(200).body(jeff_fixture("fraud.json"));
        })
        .await;
    let fraud = client(&server)
        .fraud_data(&Contact::phone("639365429568"))
        .await
        .unwrap()
        .into_fraud_data()
        .expect("a 200 with fraud data");
    assert!(fraud.email_marked_fraud_by.is_empty());
    assert_eq!(fraud.phone_marked_fraud_by, ["ae8d566b56f65581"]);
    assert_eq!(fraud.email_non_fraud_by_jeff_data, Some(false));
    assert_eq!(fraud.phone_non_fraud_by_jeff_data, Some(false));
    assert!(fraud.is_marked_fraud());
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn fraud_data_by_email_and_phone_and_its_400() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partners-api/1.3/fraud")
                .query_param("email", EMAIL)
                .query_param("phone", PHONE)
                .query_param_count(".*", ".*", 2);
            then.status(400).body(jeff_fixture("fraud_error_400.json"));
        })
        .await;
    let error = client(&server)
        .fraud_data(&Contact::email_and_phone(EMAIL, PHONE))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Status {
                status: StatusCode::BAD_REQUEST,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.vendor_message().and_then(|m| m.message()),
        Some("Wrong phone number format. Please check the documentation")
    );
    mock.assert_calls_async(1).await;
}

/// A 204 (no body) is "Jeff holds nothing about this contact", as in Lead Data: a typed
/// outcome, not a decode error of an empty body. A 200 with an empty body reads the same.
#[tokio::test]
async fn fraud_data_204_is_no_match() {
    let server = MockServer::start_async().await;
    let no_content = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partners-api/1.3/fraud")
                .query_param("phone", PHONE);
            then.status(204);
        })
        .await;
    let empty_200 = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partners-api/1.3/fraud")
                .query_param("email", EMAIL);
            then.status(200).header("content-type", "application/json");
        })
        .await;
    let client = client(&server);
    for contact in [Contact::phone(PHONE), Contact::email(EMAIL)] {
        let outcome = client.fraud_data(&contact).await.unwrap();
        assert_eq!(outcome, FraudDataOutcome::NoMatch);
        assert!(outcome.is_no_match());
        assert!(!outcome.is_marked_fraud());
        assert_eq!(outcome.fraud_data(), None);
    }
    no_content.assert_calls_async(1).await;
    empty_200.assert_calls_async(1).await;
}

#[tokio::test]
async fn fraud_data_validates_first() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let error = client(&server)
        .fraud_data(&Contact::phone("+639365429568"))
        .await
        .unwrap_err();
    assert_eq!(error.field(), Some("phone"));
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn social_presence_on_the_data_host_with_every_parameter() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partner-api/1.0/social-data")
                .header("authorization", BASIC)
                .query_param("email", EMAIL)
                .query_param("phone", PHONE)
                .query_param("max-wait-time-seconds", "20")
                .query_param("platforms", "facebook,apple,instagram")
                .query_param_count(".*", ".*", 4);
            then.status(200).body(jeff_fixture("social_presence.json"));
        })
        .await;
    let query = SocialPresenceQuery::new(Contact::email_and_phone(EMAIL, PHONE))
        .max_wait_time_seconds(20)
        .platforms([Platform::Facebook, Platform::Apple])
        .platform(Platform::Instagram);
    let presence = client(&server)
        .social_presence(&query)
        .await
        .unwrap()
        .into_social_presence()
        .expect("a 200 with facts");
    mock.assert_calls_async(1).await;

    assert_eq!(presence.error_message, None);
    assert_eq!(presence.platform_presence_facts.len(), 24);
    let apple = presence.facts().next().unwrap();
    assert_eq!(apple.id, Some(28291484));
    assert_eq!(apple.platform, Platform::Apple);
    assert_eq!(apple.present, Some(true));
    assert_eq!(apple.credential_type, Some(CredentialType::Email));
    assert_eq!(
        apple.created,
        Some(
            NaiveDateTime::parse_from_str("2023-10-11T14:15:48.531457", "%Y-%m-%dT%H:%M:%S%.f")
                .unwrap()
        )
    );
    assert!(apple.details.is_none());

    let gravatar = presence
        .fact(&Platform::Gravatar, &CredentialType::Email)
        .unwrap();
    let details = gravatar.details().unwrap();
    assert_eq!(
        details.profile_url.as_deref(),
        Some("https://gravatar.com/jeffd254fa74a1")
    );
    assert_eq!(details.name.as_deref(), Some("Jeff Daniels"));
    assert_eq!(details.location.as_deref(), Some("Vietnam, Hồ Chí Minh"));
    assert!(
        details
            .photo
            .as_deref()
            .unwrap()
            .starts_with("https://1.gravatar.com/avatar/")
    );
    assert_eq!(
        details.last_activity,
        Some(NaiveDateTime::parse_from_str("2023-10-11T14:15:50", "%Y-%m-%dT%H:%M:%S").unwrap())
    );

    let skype = presence
        .fact(&Platform::Skype, &CredentialType::Phone)
        .unwrap();
    let details = skype.details().unwrap();
    assert_eq!(details.id.as_deref(), Some("live:1de8f11d356bf276"));
    assert_eq!(details.city.as_deref(), Some("Hồ Chí Minh"));
    assert_eq!(details.country.as_deref(), Some("Vietnam"));
    assert_eq!(details.state, None);
    assert_eq!(details.is_business_account, Some(false));

    let netflix = presence
        .fact(&Platform::Netflix, &CredentialType::Email)
        .unwrap();
    assert_eq!(
        netflix.details().unwrap().has_active_subscription,
        Some(true)
    );
    assert_eq!(presence.facts_for(&Platform::Facebook).count(), 2);
    assert_eq!(
        presence
            .fact(&Platform::Facebook, &CredentialType::Email)
            .unwrap()
            .present,
        Some(false)
    );
    assert_eq!(
        presence
            .fact(&Platform::Zalo, &CredentialType::Phone)
            .unwrap()
            .present,
        Some(true)
    );
}

#[tokio::test]
async fn social_presence_defaults_send_only_the_contact_and_keep_unknown_platforms() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partner-api/1.0/social-data")
                .query_param("phone", PHONE)
                .query_param_count(".*", ".*", 1);
            then.status(200).json_body(serde_json::json!({
                "platformPresenceFacts": [
                    {"id": 1, "created": "2023-10-11T14:15:48", "platform": "tiktok", "present": true,
                     "credentialType": "PHONE", "details": {"followers": 10}, "confidence": 0.9}
                ],
                "errorMessage": "zalo timed out",
                "requestId": "r-1"
            }));
        })
        .await;
    let presence = client(&server)
        .social_presence(&SocialPresenceQuery::new(Contact::phone(PHONE)))
        .await
        .unwrap()
        .into_social_presence()
        .expect("a 200 with facts");
    mock.assert_calls_async(1).await;
    assert_eq!(presence.error_message.as_deref(), Some("zalo timed out"));
    let fact = presence.facts().next().unwrap();
    assert_eq!(fact.platform, Platform::Unknown("tiktok".into()));
    assert_eq!(fact.platform.as_str(), "tiktok");
    assert!(fact.details.is_some());
}

#[tokio::test]
async fn social_presence_400_and_validation() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/partner-api/1.0/social-data");
            then.status(400)
                .body(jeff_fixture("social_presence_error_400.json"));
        })
        .await;
    let client = client(&server);
    let error = client
        .social_presence(&SocialPresenceQuery::new(Contact::phone(PHONE)))
        .await
        .unwrap_err();
    assert_eq!(
        error.vendor_message().and_then(|m| m.message()),
        Some("Wrong phone number format. Please check the documentation")
    );
    mock.assert_calls_async(1).await;

    for (query, field) in [
        (
            SocialPresenceQuery::new(Contact::phone(PHONE)).max_wait_time_seconds(0),
            "max_wait_time_seconds",
        ),
        (
            SocialPresenceQuery::new(Contact::phone(PHONE)).max_wait_time_seconds(91),
            "max_wait_time_seconds",
        ),
        (
            SocialPresenceQuery::new(Contact::phone("+84999999999")),
            "phone",
        ),
        (
            SocialPresenceQuery::new(Contact::phone(PHONE)).platform(Platform::from_vendor("a,b")),
            "platforms",
        ),
    ] {
        let error = client.social_presence(&query).await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
        assert_eq!(error.field(), Some(field));
    }
    mock.assert_calls_async(1).await;
}

/// A 204 to Social Presence is a typed "no data" outcome too, not a decode error.
#[tokio::test]
async fn social_presence_204_is_no_match() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/partner-api/1.0/social-data");
            then.status(204);
        })
        .await;
    let outcome = client(&server)
        .social_presence(&SocialPresenceQuery::new(Contact::email(EMAIL)))
        .await
        .unwrap();
    assert_eq!(outcome, SocialPresenceOutcome::NoMatch);
    assert!(outcome.is_no_match());
    assert_eq!(outcome.social_presence(), None);
    assert_eq!(outcome.facts().count(), 0);
    mock.assert_calls_async(1).await;
}

/// A 90-second wait must not be cut by the transport's default timeout (5 s in tests, 30 s in
/// production): the request's own timeout is the wait plus a margin.
#[tokio::test(start_paused = true)]
async fn a_90_second_wait_outlives_the_default_timeout() {
    let server = RawServer::start(RawReply::Hang).await;
    let client = JeffClient::builder(USERNAME, SecretString::from(PASSWORD))
        .http_client(test_http_client())
        .retry_policy(RetryPolicy::none())
        .data_base_url(format!("{}/partner-api", server.url()))
        .unwrap()
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    let error = client
        .social_presence(&SocialPresenceQuery::new(Contact::phone(PHONE)).max_wait_time_seconds(90))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { after, .. } if after == Duration::from_secs(100)),
        "{error:?}"
    );
    assert!(
        started.elapsed() >= Duration::from_secs(100),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.connections(), 1);
}
