//! 202/204 as typed outcomes, the wait for a scheduled score, the documented error bodies,
//! retry rules, and tolerance of unknown values and fields.

mod common;

use std::time::Duration;

use common::*;
use friendlyscore_client::{
    AccessTokens, Answer, CalculateScore, Error, FriendlyScoreClient, Jitter, LoanStatus,
    PerformanceData, PollPolicy, Rejection, ResultFlag, RetryPolicy, SecretString, Settled, UserId,
    UserStatus,
};
use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{Reply, ScriptedServer, test_http_client};
use serde_json::json;

fn token_reply() -> Reply {
    Reply::json(200, fx("token_success.json"))
}

fn score_request() -> CalculateScore {
    CalculateScore::new(AccessTokens::new().facebook("fb-token-1"), "203.0.113.7")
}

#[tokio::test]
async fn scheduled_and_no_data_are_answers_not_errors() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    server
        .mock_async(|when, then| {
            when.path("/api/v2/users/partner-id/busy/show.json");
            then.status(202).header("retry-after", "7");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/api/v2/users/partner-id/empty/show/data-points.json");
            then.status(204);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/api/v2/users/partner-id/blank/show.json");
            then.status(200).body("  ");
        })
        .await;
    let client = client(&server);
    assert_eq!(
        client.show_user(&UserId::partner("busy")).await.unwrap(),
        Answer::Scheduled {
            retry_after: Some(Duration::from_secs(7))
        }
    );
    assert!(
        client
            .show_user_data_points(&UserId::partner("empty"))
            .await
            .unwrap()
            .is_no_data()
    );
    assert!(
        client
            .show_user(&UserId::partner("blank"))
            .await
            .unwrap()
            .is_no_data()
    );
}

#[tokio::test(start_paused = true)]
async fn wait_for_score_polls_with_backoff_until_ready() {
    let server = ScriptedServer::start(vec![
        token_reply(),
        Reply::status(202),
        Reply::status(202),
        Reply::json(200, fx("show_user.json")),
    ])
    .await;
    let client = client_for(&server.url());
    let started = tokio::time::Instant::now();
    let settled = client
        .wait_for_score(
            &UserId::partner("u-1"),
            &FriendlyScoreClient::score_poll_policy(),
        )
        .await
        .unwrap();
    let user = match settled {
        Settled::Ready(user) => user,
        Settled::NoData => panic!("expected data"),
    };
    assert_eq!(user.friendlyscore, Some(712));
    // 5 s before the first look, then 2 s and 4 s.
    assert_eq!(started.elapsed(), Duration::from_secs(11));
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert!(
        requests[1..]
            .iter()
            .all(|r| r.method == "GET" && r.target == "/api/v2/users/partner-id/u-1/show.json")
    );
}

#[tokio::test(start_paused = true)]
async fn wait_for_score_honours_retry_after_and_ends_on_no_data() {
    let server = ScriptedServer::start(vec![
        token_reply(),
        Reply::status(202).header("retry-after", "20"),
        Reply::status(204),
    ])
    .await;
    let client = client_for(&server.url());
    let started = tokio::time::Instant::now();
    let settled = client
        .wait_for_score(
            &UserId::partner("u-1"),
            &FriendlyScoreClient::score_poll_policy(),
        )
        .await
        .unwrap();
    assert_eq!(settled, Settled::NoData);
    assert_eq!(started.elapsed(), Duration::from_secs(25));
}

#[tokio::test(start_paused = true)]
async fn wait_for_score_gives_up_at_the_deadline_naming_the_user() {
    let server = ScriptedServer::start(vec![token_reply(), Reply::status(202)]).await;
    let client = client_for(&server.url());
    let policy = PollPolicy::new(Duration::from_secs(5), Duration::from_secs(30))
        .interval(Duration::from_secs(10), Duration::from_secs(10));
    let error = client
        .wait_for_score(&UserId::partner("u-9"), &policy)
        .await
        .unwrap_err();
    match error {
        Error::PollTimeout {
            resource_id,
            polls,
            waited,
            ..
        } => {
            assert_eq!(resource_id, "u-9");
            // Polls at 5, 15 and 25 s; none starts at the 30 s deadline.
            assert_eq!(polls, 3);
            assert_eq!(waited, Duration::from_secs(30));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn dropping_the_wait_stops_polling() {
    let server = ScriptedServer::start(vec![token_reply(), Reply::status(202)]).await;
    let client = client_for(&server.url());
    let user = UserId::partner("u-1");
    let policy = FriendlyScoreClient::score_poll_policy();
    let wait = client.wait_for_score(&user, &policy);
    assert!(
        tokio::time::timeout(Duration::from_secs(8), wait)
            .await
            .is_err()
    );
    let seen = server.requests().len();
    assert_eq!(seen, 3); // token, polls at 5 s and 7 s
    tokio::time::sleep(Duration::from_secs(300)).await;
    assert_eq!(server.requests().len(), seen);
}

#[tokio::test]
async fn documented_calculate_score_errors_are_typed() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    for (user, fixture_name) in [
        ("no-ip", "calculate_score_missing_ip.json"),
        ("no-tokens", "calculate_score_missing_tokens.json"),
    ] {
        server
            .mock_async(|when, then| {
                when.method(POST).path(format!(
                    "/api/v2/users/partner-id/{user}/calculate_score.json"
                ));
                then.status(404).body(fx(fixture_name));
            })
            .await;
    }
    let client = client(&server);
    let error = client
        .calculate_score(&UserId::partner("no-ip"), &score_request())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        error.vendor_message().unwrap().message(),
        Some("Bad parameters provided - IP Address is mandatory!")
    );
    assert!(!error.to_string().contains("yourdomain.com"));
    assert_eq!(
        Rejection::from_error(&error),
        Some(Rejection::MissingIpAddress)
    );
    let error = client
        .calculate_score(&UserId::partner("no-tokens"), &score_request())
        .await
        .unwrap_err();
    assert_eq!(error.vendor_message().unwrap().code(), Some("error"));
    assert_eq!(
        Rejection::from_error(&error),
        Some(Rejection::MissingAccessTokens)
    );
}

#[tokio::test]
async fn other_statuses_are_errors_with_what_came_back() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    server
        .mock_async(|when, then| {
            when.path("/api/v2/users/partner-id/forbidden/show.json");
            then.status(403)
                .body(r#"{"code":403,"message":"Access Denied"}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/api/v2/users/partner-id/missing/show.json");
            then.status(404)
                .body(r#"{"code":404,"message":"User not found"}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/api/v2/users/partner-id/broken/show.json");
            then.status(500).body("<html>Internal Server Error</html>");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/api/v2/users/partner-id/moved/show.json");
            then.status(302)
                .header("location", "https://elsewhere.example/");
        })
        .await;
    let client = client(&server);
    let moved = client
        .show_user(&UserId::partner("moved"))
        .await
        .unwrap_err();
    assert_eq!(moved.status().map(|s| s.as_u16()), Some(302));
    let forbidden = client
        .show_user(&UserId::partner("forbidden"))
        .await
        .unwrap_err();
    assert_eq!(forbidden.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(
        forbidden.vendor_message().unwrap().message(),
        Some("Access Denied")
    );
    assert_eq!(
        Rejection::from_error(&forbidden),
        Some(Rejection::AccessDenied)
    );
    let missing = client
        .show_user(&UserId::partner("missing"))
        .await
        .unwrap_err();
    assert_eq!(Rejection::from_error(&missing), Some(Rejection::NotFound));
    let broken = client
        .show_user(&UserId::partner("broken"))
        .await
        .unwrap_err();
    assert_eq!(broken.status().map(|s| s.as_u16()), Some(500));
    assert!(broken.vendor_message().is_none());
    assert!(broken.body_excerpt().unwrap().text().contains("Internal"));
    assert_eq!(Rejection::from_error(&broken), None);
}

#[tokio::test]
async fn a_success_status_with_result_error_is_an_error() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(200)
                .body(r#"{"result":"error","message":"Bad parameters provided - loan_term","user_id":"u-1"}"#);
        })
        .await;
    let error = client(&server)
        .performance_data(
            &UserId::partner("u-1"),
            &PerformanceData::new().loan_term(30),
        )
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(
        Rejection::from_error(&error),
        Some(Rejection::BadParameters(
            "Bad parameters provided - loan_term".into()
        ))
    );
}

fn retrying_client(server: &MockServer) -> FriendlyScoreClient {
    FriendlyScoreClient::builder(CLIENT_ID, SecretString::from(CLIENT_SECRET))
        .base_url(server.base_url())
        .unwrap()
        .http_client(test_http_client())
        .retry_policy(
            RetryPolicy::default()
                .backoff(Duration::from_millis(1), Duration::from_millis(2))
                .jitter(Jitter::none()),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn writes_are_not_retried_after_reaching_the_vendor_but_reads_are() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let write = server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(503);
        })
        .await;
    let read = server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(503);
        })
        .await;
    let put = server
        .mock_async(|when, then| {
            when.method(PUT);
            then.status(503);
        })
        .await;
    let client = retrying_client(&server);
    let user = UserId::partner("u-1");
    let error = client
        .calculate_score(&user, &score_request())
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    write.assert_calls_async(1).await;
    client
        .performance_data(&user, &PerformanceData::new().loan_term(30))
        .await
        .unwrap_err();
    client
        .set_status(&user, &UserStatus::new("2"))
        .await
        .unwrap_err();
    write.assert_calls_async(3).await;
    client.set_positive(&user, true).await.unwrap_err();
    put.assert_calls_async(1).await;
    client.show_user(&user).await.unwrap_err();
    read.assert_calls_async(3).await;
}

#[tokio::test]
async fn unknown_values_and_new_fields_never_break_decoding() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    server
        .mock_async(|when, then| {
            when.method(POST);
            then.status(202)
                .body(r#"{"result":"queued","message":"Later.","user_id":7,"eta":30}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(200).body(
                r#"{"friendlyscore":"n/a","positive":"maybe","brand_new":{"x":1},
                    "notices":{"ip_address_notice":"bad ip","new_notice":"hello"}}"#,
            );
        })
        .await;
    let client = client(&server);
    let user = UserId::partner("u-1");
    let ack = client
        .calculate_score(&user, &score_request())
        .await
        .unwrap();
    assert_eq!(ack.status.as_u16(), 202);
    assert_eq!(ack.result, Some(ResultFlag::Unknown("queued".into())));
    assert_eq!(ack.user_id.as_deref(), Some("7"));
    assert_eq!(ack.extra["eta"], json!(30));
    let found = client.show_user(&user).await.unwrap().ready().unwrap();
    assert_eq!(found.friendlyscore, None);
    assert_eq!(found.extra["friendlyscore"], json!("n/a"));
    assert_eq!(found.extra["positive"], json!("maybe"));
    assert_eq!(found.extra["brand_new"], json!({"x": 1}));
    assert_eq!(found.notices.ip_address_notice.as_deref(), Some("bad ip"));
    assert_eq!(found.notices.extra["new_notice"], json!("hello"));
    // Unknown enum values round-trip.
    let status: LoanStatus = serde_json::from_str(r#""written_off""#).unwrap();
    assert_eq!(status, LoanStatus::Unknown("written_off".into()));
    assert_eq!(serde_json::to_string(&status).unwrap(), r#""written_off""#);
}

#[tokio::test]
async fn a_documented_400_is_a_bad_request_rejection() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    server
        .mock_async(|when, then| {
            when.path("/api/v2/users/partner-id/u-1/show.json");
            then.status(400).body(fx("bad_request.json"));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(PUT);
            then.status(400).body(fx("bad_request.json"));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/api/v2/users/partner-id/bare/show.json");
            then.status(400);
        })
        .await;
    let client = client(&server);
    let user = UserId::partner("u-1");
    let read = client.show_user(&user).await.unwrap_err();
    let write = client.set_positive(&user, true).await.unwrap_err();
    for error in [&read, &write] {
        assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
        let message = error.vendor_message().unwrap();
        assert_eq!(
            (message.code(), message.message()),
            (Some("400"), Some("Bad Request"))
        );
        assert_eq!(
            Rejection::from_error(error),
            Some(Rejection::BadRequest(Some("Bad Request".into())))
        );
        assert!(error.to_string().contains("Bad Request"), "{error}");
    }
    // A 400 is an answer: the write did not happen, so its outcome is known.
    assert!(!write.outcome_unknown());
    let bare = client
        .show_user(&UserId::partner("bare"))
        .await
        .unwrap_err();
    assert_eq!(
        Rejection::from_error(&bare),
        Some(Rejection::BadRequest(None))
    );
}

#[tokio::test]
async fn a_show_user_body_without_members_is_no_data() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let bodies = [
        ("php-array", "[]"),
        ("spaced", " [ ]\n"),
        ("object", "{}"),
        ("null", "null"),
        (
            "notices-only",
            r#"{"notices":{"ip_address_notice":"bad ip"}}"#,
        ),
    ];
    for (id, body) in bodies {
        server
            .mock_async(|when, then| {
                when.path(format!("/api/v2/users/partner-id/{id}/show.json"));
                then.status(200).body(body);
            })
            .await;
    }
    let client = client(&server);
    for (id, _) in &bodies[..4] {
        let answer = client.show_user(&UserId::partner(*id)).await.unwrap();
        assert_eq!(answer, Answer::NoData, "{id}");
    }
    // Notices alone are still an answer worth reading.
    let noticed = client
        .show_user(&UserId::partner("notices-only"))
        .await
        .unwrap()
        .ready()
        .unwrap();
    assert_eq!(noticed.notices.ip_address_notice.as_deref(), Some("bad ip"));
}

#[tokio::test(start_paused = true)]
async fn a_wait_ending_on_an_empty_user_is_no_data() {
    let server = ScriptedServer::start(vec![
        token_reply(),
        Reply::status(202),
        Reply::json(200, "[]"),
    ])
    .await;
    let client = client_for(&server.url());
    let settled = client
        .wait_for_score(
            &UserId::partner("u-1"),
            &FriendlyScoreClient::score_poll_policy(),
        )
        .await
        .unwrap();
    assert_eq!(settled, Settled::NoData);
    assert_eq!(server.requests().len(), 3);
}
