//! Lead Data API: no match, non-lead match, errors, validation and versions.

mod common;

use common::*;
use jeff_client::{Contact, Error, LeadDataOutcome, StatusCode};
use leadkit_core::testing::httpmock::prelude::*;

#[tokio::test]
async fn no_match_is_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partners-api/1.3/leads")
                .query_param("phone", PHONE)
                .query_param_count(".*", ".*", 1);
            then.status(204);
        })
        .await;
    let outcome = client(&server)
        .lead_data(&Contact::phone(PHONE))
        .await
        .unwrap();
    assert_eq!(outcome, LeadDataOutcome::NoMatch);
    assert!(outcome.is_no_match() && outcome.lead().is_none() && outcome.fraud_data().is_none());
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn non_lead_match_keeps_fraud_data_and_parameter_statistics() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partners-api/1.3/leads")
                .query_param("email", EMAIL)
                .query_param_count(".*", ".*", 1);
            then.status(200)
                .body(jeff_fixture("lead_non_lead_match.json"));
        })
        .await;
    let outcome = client(&server)
        .lead_data(&Contact::email(EMAIL))
        .await
        .unwrap();
    let LeadDataOutcome::NonLeadMatch(data) = &outcome else {
        panic!("expected a non-lead match, got {outcome:?}");
    };
    let fraud = data.fraud_data().unwrap();
    assert_eq!(
        fraud.phone_marked_fraud_by,
        ["ae8d566b56f65581", "87ba261bf6a84629"]
    );
    assert_eq!(outcome.fraud_data(), Some(fraud));
    let statistics = data.parameter_request_statistics().unwrap();
    assert_eq!(statistics.last_7_days.email_count, Some(8));
    assert_eq!(statistics.all_time.phone_count, Some(10));
}

#[tokio::test]
async fn a_400_carries_the_error_message() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/partners-api/1.3/leads");
            then.status(400).body(jeff_fixture("lead_error_400.json"));
        })
        .await;
    let error = client(&server)
        .lead_data(&Contact::phone(PHONE))
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

#[tokio::test]
async fn refused_credentials_are_an_auth_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/partners-api/1.3/leads");
            then.status(401);
        })
        .await;
    let error = client(&server)
        .lead_data(&Contact::phone(PHONE))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Auth { .. }), "{error:?}");
}

#[tokio::test]
async fn invalid_contacts_are_rejected_before_any_request() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(204);
        })
        .await;
    let client = client(&server);
    for (contact, field) in [
        (Contact::phone("+84877797487"), "phone"),
        (Contact::phone("84 877 797 487"), "phone"),
        (Contact::phone("0877797487a"), "phone"),
        (Contact::email("jon.doe"), "email"),
        (Contact::email(EMAIL).with_phone("+84877797487"), "phone"),
    ] {
        let error = client.lead_data(&contact).await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
        assert_eq!(error.field(), Some(field));
        assert!(!error.to_string().contains("877797"), "{error}");
    }
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn the_api_version_is_configurable() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/partners-api/1.2/leads");
            then.status(204);
        })
        .await;
    let client = builder(&server)
        .api_version("1.2")
        .unwrap()
        .build()
        .unwrap();
    assert!(
        client
            .lead_data(&Contact::phone(PHONE))
            .await
            .unwrap()
            .is_no_match()
    );
    mock.assert_calls_async(1).await;
}

/// Only a top-level value of the lead that no reader accepts fails the call; an odd value
/// inside a part of the lead costs that part only (see `tests/drift.rs`).
#[tokio::test]
async fn a_body_that_does_not_fit_names_the_failing_field() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/partners-api/1.3/leads");
            then.status(200)
                .body(r#"{"id":"lead-1","emailScore":"many","webUsageData":{"last7Days":{"sessionCount":"many"}}}"#);
        })
        .await;
    let error = client(&server)
        .lead_data(&Contact::phone(PHONE))
        .await
        .unwrap_err();
    let Error::Decode { path, status, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(path, "emailScore");
    assert_eq!(*status, StatusCode::OK);
    assert!(!error.to_string().contains("many"), "{error}");
}

/// Lead Data counts in Jeff's request statistics (which every lender sees), so a look-up that
/// may have reached Jeff is not resent by default: one request, `OutcomeUnknown`. Before, the
/// 503 was resent twice and each resend counted again.
#[tokio::test]
async fn lead_data_is_not_resent_after_a_503_unless_the_call_opts_in() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/partners-api/1.3/leads");
            then.status(503);
        })
        .await;
    let client = client(&server);
    let error = client.lead_data(&Contact::phone(PHONE)).await.unwrap_err();
    assert!(error.outcome_unknown(), "{error:?}");
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    mock.assert_calls_async(1).await;

    let opted_in = client.with_options(
        jeff_client::CallOptions::new().retry_policy(fast_retries().retry_non_idempotent(true)),
    );
    let error = opted_in
        .lead_data(&Contact::phone(PHONE))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    mock.assert_calls_async(1 + 3).await;
}

/// National forms (`0…`) and the international call prefix (`00…`) are refused before any
/// request by every look-up, with the expected form in the error and never the value.
#[tokio::test]
async fn national_phone_forms_are_refused_before_any_request() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(204);
        })
        .await;
    let client = client(&server);
    for national in [
        "0987654321",
        "0084987654321",
        "00639365429568",
        "09365429568",
    ] {
        let contact = Contact::email(EMAIL).with_phone(national);
        let errors = [
            client.lead_data(&contact).await.unwrap_err(),
            client.fraud_data(&contact).await.unwrap_err(),
            client
                .social_presence(&jeff_client::SocialPresenceQuery::new(contact.clone()))
                .await
                .unwrap_err(),
        ];
        for error in errors {
            assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
            assert_eq!(error.field(), Some("phone"));
            let text = error.to_string();
            assert!(
                text.contains(
                    "must be the international form with the country code, digits only, \
                     such as 84912345678"
                ),
                "{text}"
            );
            assert!(
                !text.contains(&national[2..]),
                "the value is echoed: {text}"
            );
        }
    }
    any.assert_calls_async(0).await;
}
