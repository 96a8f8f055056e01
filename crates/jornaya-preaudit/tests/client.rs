//! The client against mock servers: exact requests, both answer formats, the retry rule for
//! quota-spending calls, validation before the network, and no leaks.

mod common;

use std::time::Duration;

use jornaya_preaudit::{
    Error, Flag, HttpMethod, LeadData, PreAuditClient, PreAuditRequest, ReasonCode, ResponseFormat,
    RetryPolicy, SecretString, StatusCode,
};
use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{
    RawReply, RawServer, Reply, ScriptedServer, assert_no_leak, fixture, test_http_client,
};

use common::{ACCOUNT, EMAIL, ENTITY, FIRST, PHONE, TOKEN, client};

const API_TOKEN: &str = "test-api-auth-token-0001";
const LAST: &str = "Doeplaceholder";

fn lead_data() -> LeadData {
    LeadData::new()
        .email(EMAIL)
        .first_name(FIRST)
        .last_name(LAST)
        .phone1(PHONE)
        .address1("1 Main St")
}

const ENCODED_DATA: &str = "email%3Bjane.placeholder%40example.com%7Cf_name%3BJaneplaceholder\
     %7Cl_name%3BDoeplaceholder%7Cphone1%3B5555550123%7Caddress1%3B1+Main+St";

#[tokio::test]
async fn get_sends_every_parameter_and_decodes_json() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/SinglePreAudit")
                .query_param("lac", ACCOUNT)
                .query_param("id", TOKEN)
                .query_param("lec", ENTITY)
                .query_param("lpc", "PROVIDER1")
                .query_param(
                    "data",
                    format!(
                        "email;{EMAIL}|f_name;{FIRST}|l_name;{LAST}|phone1;{PHONE}|address1;1 Main St"
                    ),
                )
                .query_param("format", "json")
                .query_param_count(".*", ".*", 6)
                .header_missing("authorization");
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture("jornaya", "doc-example.json"));
        })
        .await;
    let request = PreAuditRequest::new(TOKEN, ENTITY)
        .provider_code("PROVIDER1")
        .data(lead_data());
    let answer = client(&server.base_url())
        .single_pre_audit(&request)
        .await
        .unwrap();
    mock.assert_calls_async(1).await;
    assert_eq!(answer.result, Flag::Red);
    assert_eq!(answer.labels.green.as_deref(), Some("Good Lead"));
    assert_eq!(answer.labels.yellow.as_deref(), Some("Review Lead"));
    assert_eq!(answer.labels.red.as_deref(), Some("Reject"));
    assert_eq!(answer.reasons.len(), 1);
    assert_eq!(answer.flag(&ReasonCode::LeadDuration), Flag::Red);
}

#[tokio::test]
async fn exact_query_string_with_encoded_data() {
    let server =
        ScriptedServer::start(vec![Reply::json(200, fixture("jornaya", "green.json"))]).await;
    let request = PreAuditRequest::new(TOKEN, ENTITY).data(lead_data());
    let answer = client(&server.url())
        .single_pre_audit(&request)
        .await
        .unwrap();
    assert!(answer.is_green());
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(
        requests[0].target,
        format!(
            "/SinglePreAudit?lac={ACCOUNT}&id={TOKEN}&lec={ENTITY}&data={ENCODED_DATA}&format=json"
        )
    );
    assert!(requests[0].body.is_empty());
}

#[tokio::test]
async fn xml_format_decodes_like_json() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/SinglePreAudit")
                .query_param("lac", ACCOUNT)
                .query_param("id", TOKEN)
                .query_param("lec", ENTITY)
                .query_param("format", "xml")
                .query_param_missing("data")
                .query_param_missing("lpc");
            then.status(200)
                .header("content-type", "text/xml")
                .body(fixture("jornaya", "red.xml"));
        })
        .await;
    let request = PreAuditRequest::new(TOKEN, ENTITY).format(ResponseFormat::Xml);
    let answer = client(&server.base_url())
        .single_pre_audit(&request)
        .await
        .unwrap();
    mock.assert_calls_async(1).await;
    let expected =
        jornaya_preaudit::PreAudit::from_json(fixture("jornaya", "red.json").as_bytes()).unwrap();
    assert_eq!(answer, expected);
    assert_eq!(answer.result, Flag::Red);
    assert_eq!(answer.flag(&ReasonCode::LeadidAuthenticity), Flag::Red);
    assert_eq!(answer.flag(&ReasonCode::DataIntegrity), Flag::Yellow);
    assert_eq!(answer.flag(&ReasonCode::IpVelocityPastWeek), Flag::Red);
    assert_eq!(answer.flag(&ReasonCode::TotalHops), Flag::Red);
    assert_eq!(answer.flag(&ReasonCode::LeadAge), Flag::Green);
}

#[tokio::test]
async fn post_sends_a_form_body_and_the_bearer_token() {
    let server = ScriptedServer::start(vec![Reply::json(
        200,
        fixture("jornaya", "tcpa-guardian.json"),
    )])
    .await;
    let client = PreAuditClient::builder(ACCOUNT)
        .bearer_token(SecretString::from(API_TOKEN))
        .base_url(server.url())
        .unwrap()
        .http_client(test_http_client())
        .build()
        .unwrap();
    let request = PreAuditRequest::new(TOKEN, ENTITY)
        .provider_code("PROVIDER1")
        .data(lead_data())
        .method(HttpMethod::Post);
    let answer = client.single_pre_audit(&request).await.unwrap();
    assert_eq!(answer.flag(&ReasonCode::SpecifiedTcpaDisclosure), Flag::Red);
    assert_eq!(answer.flag(&ReasonCode::Contrast), Flag::Yellow);
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.target, "/SinglePreAudit");
    assert_eq!(
        sent.header("authorization"),
        Some(format!("Bearer {API_TOKEN}").as_str())
    );
    assert_eq!(
        sent.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(sent.body.clone()).unwrap(),
        format!(
            "lac={ACCOUNT}&id={TOKEN}&lec={ENTITY}&lpc=PROVIDER1&data={ENCODED_DATA}&format=json"
        )
    );
}

#[tokio::test]
async fn bearer_token_header_on_get() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/SinglePreAudit")
                .header("authorization", format!("Bearer {API_TOKEN}"));
            then.status(200).body(fixture("jornaya", "yellow.json"));
        })
        .await;
    let client = PreAuditClient::builder(ACCOUNT)
        .bearer_token(SecretString::from(API_TOKEN))
        .base_url(server.base_url())
        .unwrap()
        .http_client(test_http_client())
        .build()
        .unwrap();
    let answer = client
        .single_pre_audit(&PreAuditRequest::new(TOKEN, ENTITY))
        .await
        .unwrap();
    mock.assert_calls_async(1).await;
    assert_eq!(answer.result, Flag::Yellow);
    assert!(answer.is_flagged(&ReasonCode::IpVelocity5Minutes));
}

#[tokio::test]
async fn a_503_is_not_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/SinglePreAudit");
            then.status(503)
                .header("content-type", "text/html")
                .body("<html>Service Unavailable</html>");
        })
        .await;
    let client = PreAuditClient::builder(ACCOUNT)
        .base_url(server.base_url())
        .unwrap()
        .http_client(test_http_client())
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(5)
                .backoff(Duration::from_millis(1), Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    let error = client
        .single_pre_audit(&PreAuditRequest::new(TOKEN, ENTITY))
        .await
        .unwrap_err();
    mock.assert_calls_async(1).await;
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert!(
        error.outcome_unknown(),
        "a billed look-up answered 503 may have counted"
    );
    assert!(
        matches!(error.root_cause(), Error::Status { .. }),
        "{error:?}"
    );
    assert!(
        error.root_cause().is_retryable(),
        "retryable in general, yet not for this call"
    );
}

#[tokio::test(start_paused = true)]
async fn a_timeout_is_not_retried() {
    let server = RawServer::start(RawReply::Hang).await;
    let error = client(&server.url())
        .single_pre_audit(&PreAuditRequest::new(TOKEN, ENTITY))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(server.connections(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_429_is_not_resent_unless_the_call_opts_in() {
    let script = || {
        vec![
            Reply::status(429).header("retry-after", "0"),
            Reply::json(200, fixture("jornaya", "green.json")),
        ]
    };
    // Every pre-audit that reaches Jornaya spends the token's quota.
    let server = ScriptedServer::start(script()).await;
    let error = client(&server.url())
        .single_pre_audit(&PreAuditRequest::new(TOKEN, ENTITY))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    assert_eq!(server.requests().len(), 1);

    let server = ScriptedServer::start(vec![
        Reply::status(429).header("retry-after", "2"),
        Reply::json(200, fixture("jornaya", "green.json")),
    ])
    .await;
    let started = tokio::time::Instant::now();
    let answer =
        client(&server.url())
            .with_options(jornaya_preaudit::CallOptions::new().retry_policy(
                jornaya_preaudit::RetryPolicy::default().resend_after_rate_limit(true),
            ))
            .single_pre_audit(&PreAuditRequest::new(TOKEN, ENTITY))
            .await
            .unwrap();
    assert!(answer.is_green());
    assert_eq!(server.requests().len(), 2);
    assert_eq!(server.requests()[0].target, server.requests()[1].target);
    assert!(started.elapsed() >= Duration::from_secs(2));
}

#[tokio::test]
async fn broken_json_is_a_decode_error_and_not_retried() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/SinglePreAudit");
            then.status(200)
                .body(r#"{"preaudit":{"header":{"flags":{"f2: "Review Lead"}}}}"#);
        })
        .await;
    let error = client(&server.base_url())
        .single_pre_audit(&PreAuditRequest::new(TOKEN, ENTITY))
        .await
        .unwrap_err();
    mock.assert_calls_async(1).await;
    match &error {
        Error::Decode { status, body, .. } => {
            assert_eq!(*status, StatusCode::OK);
            assert!(body.text().contains("Review Lead"));
        }
        other => panic!("{other:?}"),
    }
    assert!(!error.to_string().contains("Review Lead"));
}

#[tokio::test]
async fn an_xml_answer_to_a_json_request_still_reads() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/SinglePreAudit");
            then.status(200).body(fixture("jornaya", "doc-example.xml"));
        })
        .await;
    let answer = client(&server.base_url())
        .single_pre_audit(&PreAuditRequest::new(TOKEN, ENTITY))
        .await
        .unwrap();
    assert_eq!(answer.flag(&ReasonCode::LeadDuration), Flag::Red);
}

#[tokio::test]
async fn invalid_input_never_reaches_the_network() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(fixture("jornaya", "green.json"));
        })
        .await;
    let client = client(&server.base_url());
    let cases = [
        (PreAuditRequest::new("not-a-leadid-token", ENTITY), "id"),
        (PreAuditRequest::new(&TOKEN[..35], ENTITY), "id"),
        (PreAuditRequest::new(TOKEN, ""), "lec"),
        (
            PreAuditRequest::new(TOKEN, ENTITY).provider_code("A B"),
            "lpc",
        ),
        (
            PreAuditRequest::new(TOKEN, ENTITY).data(LeadData::new().last_name("Doe|Smith")),
            "data.l_name",
        ),
        (
            PreAuditRequest::new(TOKEN, ENTITY)
                .data(LeadData::new().field("custom", "a;b"))
                .method(HttpMethod::Post),
            "data.custom",
        ),
    ];
    for (request, field) in cases {
        let error = client.single_pre_audit(&request).await.unwrap_err();
        assert_eq!(error.field(), Some(field), "{error}");
        assert_no_leak(&format!("{error} {error:?}"), &["Doe|Smith", "a;b"]);
    }
    mock.assert_calls_async(0).await;
    let error = PreAuditClient::builder("").build().unwrap_err();
    assert_eq!(error.field(), Some("lac"));
    let error = PreAuditClient::builder(ACCOUNT)
        .bearer_token(SecretString::from("has space"))
        .build()
        .unwrap_err();
    assert_eq!(error.field(), Some("token"));
    assert!(
        PreAuditClient::builder(ACCOUNT)
            .base_url("ftp://x")
            .is_err()
    );
}

#[tokio::test]
async fn codes_are_limited_in_characters_not_bytes() {
    let server =
        ScriptedServer::start(vec![Reply::json(200, fixture("jornaya", "green.json"))]).await;
    // 60 `é`: 60 characters, 120 bytes.
    let entity = "é".repeat(60);
    let provider = "ü".repeat(100);
    let request = PreAuditRequest::new(TOKEN, &entity).provider_code(&provider);
    client(&server.url())
        .single_pre_audit(&request)
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert!(
        requests[0]
            .target
            .contains(&format!("lec={}", "%C3%A9".repeat(60))),
        "{}",
        requests[0].target
    );
    // 101 characters are refused before anything is sent.
    let error = client(&server.url())
        .single_pre_audit(&PreAuditRequest::new(TOKEN, "é".repeat(101)))
        .await
        .unwrap_err();
    assert_eq!(error.field(), Some("lec"));
    assert_eq!(server.requests().len(), 1);
    let error = PreAuditClient::builder("é".repeat(101))
        .build()
        .unwrap_err();
    assert_eq!(error.field(), Some("lac"));
    assert!(PreAuditClient::builder("é".repeat(100)).build().is_ok());
}

#[tokio::test]
async fn an_answer_with_a_byte_order_mark_reads_in_both_formats() {
    for (name, format) in [
        ("red.json", ResponseFormat::Json),
        ("red.xml", ResponseFormat::Xml),
    ] {
        let server = MockServer::start_async().await;
        let body = fixture("jornaya", name);
        let marked = [&b"\xEF\xBB\xBF\r\n"[..], body.as_bytes()].concat();
        server
            .mock_async(|when, then| {
                when.method(GET).path("/SinglePreAudit");
                then.status(200).body(marked);
            })
            .await;
        let answer = client(&server.base_url())
            .single_pre_audit(&PreAuditRequest::new(TOKEN, ENTITY).format(format))
            .await
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(
            answer,
            jornaya_preaudit::PreAudit::from_slice(body.as_bytes()).unwrap()
        );
    }
}

#[tokio::test]
async fn an_answer_that_cannot_be_read_fails_the_same_live_and_stored() {
    let deep = format!(
        "<preaudit><body>{}{}</body></preaudit>",
        "<x>".repeat(100),
        "</x>".repeat(100)
    );
    let bodies: Vec<Vec<u8>> = vec![
        b"<preaudit><body><result>3</b></preaudit>".to_vec(),
        b"<preaudit><84876543287>".to_vec(),
        b"<preaudit><body><result></result></body></preaudit>".to_vec(),
        b"\xEF\xBB\xBF{\"preaudit\":{\"body\":{\"result\":{}}}}".to_vec(),
        br#"{"preaudit": 84876543287}"#.to_vec(),
        b"<preaudit>&bogus;</preaudit>".to_vec(),
        deep.into_bytes(),
        b"Service Unavailable".to_vec(),
    ];
    for body in bodies {
        let server = MockServer::start_async().await;
        let served = body.clone();
        server
            .mock_async(|when, then| {
                when.method(GET).path("/SinglePreAudit");
                then.status(200).body(served);
            })
            .await;
        let live = client(&server.base_url())
            .single_pre_audit(&PreAuditRequest::new(TOKEN, ENTITY))
            .await
            .unwrap_err();
        let stored = jornaya_preaudit::PreAudit::from_slice(&body).unwrap_err();
        let shown = String::from_utf8_lossy(&body).into_owned();
        match (&live, &stored) {
            (
                Error::Decode {
                    status,
                    path,
                    reason,
                    body: excerpt,
                    ..
                },
                Error::Decode {
                    path: stored_path,
                    reason: stored_reason,
                    ..
                },
            ) => {
                assert_eq!(*status, StatusCode::OK, "{shown}");
                assert_eq!(path, stored_path, "{shown}");
                assert_eq!(reason, stored_reason, "{shown}");
                assert_eq!(excerpt.as_bytes(), &body[..excerpt.as_bytes().len()]);
            }
            other => panic!("{shown}: {other:?}"),
        }
        assert_eq!(live.to_string(), stored.to_string(), "{shown}");
        assert_no_leak(&format!("{live} {live:?}"), &["84876543287"]);
    }
}
