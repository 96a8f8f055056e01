//! Partner Events against a mock Jeff.

mod common;

use common::*;
use jeff_client::{Error, EventMethod, EventType, PartnerEvent, PriceGroup, StatusCode};
use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::refused_addr;

#[tokio::test]
async fn each_event_hits_its_path_with_lead_id_and_external_id() {
    let server = MockServer::start_async().await;
    let events = [
        PartnerEvent::application_completed("lead-0001", "ext-1"),
        PartnerEvent::lead_exists("lead-0001", "ext-1"),
        PartnerEvent::lead_rejected("lead-0001", "ext-1"),
        PartnerEvent::lead_qualified("lead-0001", "ext-1"),
        PartnerEvent::loan_rejected("lead-0001", "ext-1"),
        PartnerEvent::loan_issued("lead-0001", "ext-1"),
    ];
    let client = client(&server);
    for (event, expected) in events.iter().zip(EventType::ALL) {
        let path = format!("/partners-api/events/{}", expected.path());
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path(path.as_str())
                    .header("authorization", BASIC)
                    .query_param("lead-id", "lead-0001")
                    .query_param("external-id", "ext-1")
                    .query_param_count(".*", ".*", 2);
                then.status(200);
            })
            .await;
        let receipt = client.send_event(event).await.unwrap();
        assert_eq!(receipt.event_type, expected);
        assert_eq!(receipt.status, StatusCode::OK);
        mock.assert_calls_async(1).await;
        mock.delete_async().await;
    }
}

#[tokio::test]
async fn rejection_reasons_repeated_and_price_group() {
    let server = MockServer::start_async().await;
    let lead_rejected = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partners-api/events/lead-rejected")
                .query_param("lead-id", "lead-0002")
                .query_param("external-id", "ext-2")
                .query_param("rejection-reason", "DTI above 60% & no payslip")
                .query_param_count(".*", ".*", 3);
            then.status(200);
        })
        .await;
    let loan_issued = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partners-api/events/loan-issued")
                .query_param("lead-id", "lead-0002")
                .query_param("external-id", "ext-2")
                .query_param("repeated", "true")
                .query_param("price-group", "C")
                .query_param_count(".*", ".*", 4);
            then.status(200);
        })
        .await;
    let loan_rejected = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partners-api/events/loan-rejected")
                .query_param("rejection-reason", "blacklisted")
                .query_param_count(".*", ".*", 3);
            then.status(200);
        })
        .await;
    let client = client(&server);
    client
        .send_event(&PartnerEvent::lead_rejected_with_reason(
            "lead-0002",
            "ext-2",
            "DTI above 60% & no payslip",
        ))
        .await
        .unwrap();
    client
        .send_event(
            &PartnerEvent::loan_issued("lead-0002", "ext-2")
                .repeated(true)
                .price_group(PriceGroup::C),
        )
        .await
        .unwrap();
    client
        .send_event(&PartnerEvent::loan_rejected_with_reason(
            "lead-0002",
            "ext-2",
            "blacklisted",
        ))
        .await
        .unwrap();
    lead_rejected.assert_calls_async(1).await;
    loan_issued.assert_calls_async(1).await;
    loan_rejected.assert_calls_async(1).await;
}

#[tokio::test]
async fn s2s_and_marketing_api_loan_issued_send_only_their_identifier() {
    let server = MockServer::start_async().await;
    let s2s = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partners-api/events/loan-issued")
                .query_param("lead-s2s-id", "s2s-77")
                .query_param("external-id", "ext-3")
                .query_param_missing("lead-id")
                .query_param_count(".*", ".*", 2);
            then.status(200);
        })
        .await;
    let marketing = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partners-api/events/loan-issued")
                .query_param("lead-marketing-api-id", "mkt-88")
                .query_param("external-id", "ext-4")
                .query_param_missing("lead-id")
                .query_param_count(".*", ".*", 2);
            then.status(200);
        })
        .await;
    let client = client(&server);
    client
        .send_event(&PartnerEvent::s2s_loan_issued("s2s-77", "ext-3"))
        .await
        .unwrap();
    client
        .send_event(&PartnerEvent::marketing_api_loan_issued("mkt-88", "ext-4"))
        .await
        .unwrap();
    s2s.assert_calls_async(1).await;
    marketing.assert_calls_async(1).await;
}

#[tokio::test]
async fn post_sends_the_same_query_with_an_empty_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/partners-api/events/lead-qualified")
                .header("authorization", BASIC)
                .query_param("lead-id", "lead-0005")
                .query_param("external-id", "ext-5")
                .query_param_count(".*", ".*", 2)
                .body("");
            then.status(200);
        })
        .await;
    // Per event …
    client(&server)
        .send_event(&PartnerEvent::lead_qualified("lead-0005", "ext-5").method(EventMethod::Post))
        .await
        .unwrap();
    // … or as the client's default.
    let posting = builder(&server)
        .event_method(EventMethod::Post)
        .build()
        .unwrap();
    assert_eq!(posting.event_method(), EventMethod::Post);
    posting
        .send_event(&PartnerEvent::lead_qualified("lead-0005", "ext-5"))
        .await
        .unwrap();
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn an_illogical_event_is_a_400_that_keeps_jeffs_text() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/partners-api/events/loan-issued");
            then.status(400)
                .header("content-type", "text/plain")
                .body("Illogical event: loan already rejected for this lead");
        })
        .await;
    let error = client(&server)
        .send_event(&PartnerEvent::loan_issued("lead-0006", "ext-6"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert!(matches!(error, Error::Status { .. }), "{error:?}");
    assert_eq!(
        error.vendor_message().and_then(|m| m.message()),
        Some("Illogical event: loan already rejected for this lead")
    );
    assert!(
        error
            .to_string()
            .contains("Illogical event: loan already rejected"),
        "{error}"
    );
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_json_400_is_read_too() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/partners-api/events/lead-exists");
            then.status(400)
                .json_body(serde_json::json!({"errorMessage": "Lead not found"}));
        })
        .await;
    let error = client(&server)
        .send_event(&PartnerEvent::lead_exists("lead-x", "ext-x"))
        .await
        .unwrap_err();
    assert_eq!(
        error.vendor_message().and_then(|m| m.message()),
        Some("Lead not found")
    );
}

#[tokio::test]
async fn events_are_not_retried_after_they_may_have_reached_jeff() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/partners-api/events/loan-issued");
            then.status(503);
        })
        .await;
    let error = client(&server)
        .send_event(&PartnerEvent::loan_issued("lead-0007", "ext-7"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn events_are_not_resent_after_429_unless_the_policy_opts_in() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/partners-api/events/loan-issued");
            then.status(429).header("retry-after", "0");
        })
        .await;
    let event = PartnerEvent::loan_issued("lead-0008", "ext-8");
    let error = client(&server).send_event(&event).await.unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    mock.assert_calls_async(1).await;

    let opted_in = client(&server).with_options(
        jeff_client::CallOptions::new().retry_policy(fast_retries().resend_after_rate_limit(true)),
    );
    let error = opted_in.send_event(&event).await.unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    mock.assert_calls_async(1 + 3).await;
}

#[tokio::test]
async fn connect_failures_are_retried_and_reported() {
    let addr = refused_addr();
    let client =
        jeff_client::JeffClient::builder(USERNAME, jeff_client::SecretString::from(PASSWORD))
            .http_client(leadkit_core::testing::test_http_client())
            .retry_policy(fast_retries())
            .api_base_url(format!("http://{addr}/partners-api"))
            .unwrap()
            .build()
            .unwrap();
    let error = client
        .send_event(&PartnerEvent::application_completed("lead-9", "ext-9"))
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error:?}");
}

#[tokio::test]
async fn invalid_events_send_nothing() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let client = client(&server);
    let cases = [
        (PartnerEvent::loan_issued("lead-1", " "), "external_id"),
        (PartnerEvent::application_completed("", "ext"), "lead_id"),
        (PartnerEvent::s2s_loan_issued("", "ext"), "lead_s2s_id"),
        (
            PartnerEvent::loan_rejected_with_reason("lead-1", "ext", "  "),
            "rejection_reason",
        ),
        (
            PartnerEvent::loan_issued("lead-1", "ext").price_group(PriceGroup::from_vendor("")),
            "price_group",
        ),
    ];
    for (event, field) in cases {
        let error = client.send_event(&event).await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
        assert_eq!(error.field(), Some(field));
    }
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn post_sends_the_query_string_and_no_body() {
    use leadkit_core::testing::{Reply, ScriptedServer};
    let server = ScriptedServer::start(vec![Reply::status(200)]).await;
    let client =
        jeff_client::JeffClient::builder(USERNAME, jeff_client::SecretString::from(PASSWORD))
            .http_client(leadkit_core::testing::test_http_client())
            .api_base_url(format!("{}/partners-api", server.url()))
            .unwrap()
            .event_method(EventMethod::Post)
            .build()
            .unwrap();
    client
        .send_event(&PartnerEvent::loan_issued("lead-1", "ext 1").price_group(PriceGroup::A))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.target,
        "/partners-api/events/loan-issued?lead-id=lead-1&external-id=ext+1&price-group=A"
    );
    assert_eq!(request.header("authorization"), Some(BASIC));
    assert!(request.body.is_empty());
    assert_eq!(request.header("content-type"), None);
}

/// Identifiers are sent exactly as given, so `lead-id=++L1++` (a padded id) or a copied line
/// break used to reach Jeff. Each malformed id is now an `InvalidInput` naming its field, with
/// nothing sent and the value never echoed.
#[tokio::test]
async fn untrimmed_or_malformed_ids_send_nothing() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let client = client(&server);
    let long_lead_id = "L".repeat(jeff_client::MAX_LEAD_ID_CHARS + 1);
    let long_external_id = "E".repeat(jeff_client::MAX_EXTERNAL_ID_CHARS + 1);
    let cases = [
        (PartnerEvent::loan_issued("  L1  ", "ext-1"), "lead_id"),
        (PartnerEvent::loan_issued("L1\n", "ext-1"), "lead_id"),
        (
            PartnerEvent::lead_qualified("\u{FEFF}L1", "ext-1"),
            "lead_id",
        ),
        (
            PartnerEvent::lead_qualified("L1\u{200B}", "ext-1"),
            "lead_id",
        ),
        (
            PartnerEvent::application_completed("{jeff-lead-id}", "ext-1"),
            "lead_id",
        ),
        (PartnerEvent::loan_rejected("L 1", "ext-1"), "lead_id"),
        (PartnerEvent::loan_rejected("L1&x=2", "ext-1"), "lead_id"),
        (
            PartnerEvent::loan_issued(long_lead_id.as_str(), "ext-1"),
            "lead_id",
        ),
        (
            PartnerEvent::s2s_loan_issued("s2s-77 ", "ext-1"),
            "lead_s2s_id",
        ),
        (
            PartnerEvent::marketing_api_loan_issued("\tmkt-88", "ext-1"),
            "lead_marketing_api_id",
        ),
        (PartnerEvent::loan_issued("L1", " ext-1"), "external_id"),
        (PartnerEvent::loan_issued("L1", "ext-1\r\n"), "external_id"),
        (PartnerEvent::loan_issued("L1", "ext\u{0}1"), "external_id"),
        (
            PartnerEvent::loan_issued("L1", "{partner-internal-id}"),
            "external_id",
        ),
        (
            PartnerEvent::loan_issued("L1", long_external_id.as_str()),
            "external_id",
        ),
    ];
    for (event, field) in cases {
        let error = client.send_event(&event).await.unwrap_err();
        assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
        assert_eq!(error.field(), Some(field), "{event:?}");
        let text = error.to_string();
        assert!(!text.contains("L1") && !text.contains("ext-1"), "{text}");
    }
    any.assert_calls_async(0).await;
}

/// What a careful partner sends is accepted as is: Jeff's UUID, s2s and Marketing API ids, and
/// an external id with inner spaces, `/` or non-ASCII letters (percent-encoded on the way).
#[tokio::test]
async fn well_formed_ids_are_sent_unchanged() {
    let server = MockServer::start_async().await;
    let uuid = server
        .mock_async(|when, then| {
            when.path("/partners-api/events/loan-issued")
                .query_param("lead-id", "0facfde9-98c7-4915-8b04-9a0a31a8c582")
                .query_param("external-id", "HĐ 2024/0042");
            then.status(200);
        })
        .await;
    let s2s = server
        .mock_async(|when, then| {
            when.path("/partners-api/events/loan-issued")
                .query_param("lead-s2s-id", "s2s_77.v2~a")
                .query_param("external-id", "app-1042");
            then.status(200);
        })
        .await;
    let client = client(&server);
    client
        .send_event(&PartnerEvent::loan_issued(
            "0facfde9-98c7-4915-8b04-9a0a31a8c582",
            "HĐ 2024/0042",
        ))
        .await
        .unwrap();
    client
        .send_event(&PartnerEvent::s2s_loan_issued("s2s_77.v2~a", "app-1042"))
        .await
        .unwrap();
    uuid.assert_calls_async(1).await;
    s2s.assert_calls_async(1).await;
}

/// Jeff: "stop sending the lead-exists event and start appending &repeated=true to the
/// postback you pay for". A repeated lead-exists contradicts that: refused before sending,
/// naming `repeated`; repeated=true on the paid events still goes out.
#[tokio::test]
async fn repeated_lead_exists_sends_nothing() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.path("/partners-api/events/lead-exists");
            then.status(200);
        })
        .await;
    let client = client(&server);
    let error = client
        .send_event(&PartnerEvent::lead_exists("lead-0010", "ext-10").repeated(true))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    assert_eq!(error.field(), Some("repeated"));
    assert!(
        error.to_string().contains("stop sending lead-exists"),
        "{error}"
    );
    any.assert_calls_async(0).await;

    // Without the flag (or with it off) lead-exists is sent as before.
    client
        .send_event(&PartnerEvent::lead_exists("lead-0010", "ext-10").repeated(false))
        .await
        .unwrap();
    any.assert_calls_async(1).await;

    // Every other event may carry it.
    for event in [
        PartnerEvent::application_completed("lead-0010", "ext-10"),
        PartnerEvent::lead_qualified("lead-0010", "ext-10"),
        PartnerEvent::lead_rejected("lead-0010", "ext-10"),
        PartnerEvent::loan_rejected("lead-0010", "ext-10"),
        PartnerEvent::loan_issued("lead-0010", "ext-10"),
        PartnerEvent::marketing_api_loan_issued("mkt-10", "ext-10"),
    ] {
        let path = format!("/partners-api/events/{}", event.event_type().path());
        let mock = server
            .mock_async(|when, then| {
                when.path(path.as_str()).query_param("repeated", "true");
                then.status(200);
            })
            .await;
        client.send_event(&event.repeated(true)).await.unwrap();
        mock.assert_calls_async(1).await;
        mock.delete_async().await;
    }
}
