//! `wait_for_score` on leadkit-core's poller, under paused tokio time against loopback
//! servers: a hard deadline, retryable failures as "not ready yet", the vendor's `Retry-After`
//! kept, and the user id on every failure.
//!
//! Every test captures logs (a capturing test must share its binary only with capturing
//! tests: see `LogCapture`), so that the poller's warnings can be checked for the user id.

mod common;

use std::time::Duration;

use common::*;
use friendlyscore_client::{
    Error, FriendlyScoreClient, PollPolicy, Rejection, RetryPolicy, SecretString, Settled, UserId,
};
use leadkit_core::testing::faults::{Act, FaultServer, Side, http};
use leadkit_core::testing::{
    LogCapture, Reply, ScriptedServer, assert_within_50ms_of, test_http_client,
};
use tokio::time::Instant;

/// A user id that is personal data: it must never reach the logs.
const EMAIL_ID: &str = "asha.verma@example.com";

fn token_reply() -> Reply {
    Reply::json(200, fx("token_success.json"))
}

/// A client with the default retry policy (3 attempts), as applications get it.
fn retrying_client(base: &str) -> FriendlyScoreClient {
    FriendlyScoreClient::builder(CLIENT_ID, SecretString::from(CLIENT_SECRET))
        .base_url(base)
        .expect("base url")
        .http_client(test_http_client())
        .retry_policy(RetryPolicy::default())
        .build()
        .expect("client")
}

#[tokio::test(start_paused = true)]
async fn a_vendor_that_never_answers_cannot_hold_the_wait_past_its_deadline() {
    let logs = LogCapture::start();
    let token = http(
        200,
        &[("content-type", "application/json")],
        fx("token_success.json").as_bytes(),
    );
    let server = FaultServer::start(
        vec![Act::Silent],
        Some(Side {
            path_prefix: "/oauth",
            answer: token,
        }),
    )
    .await;
    let client = retrying_client(&server.url());
    let policy = FriendlyScoreClient::score_poll_policy()
        .initial_delay(Duration::ZERO)
        .deadline(Duration::from_secs(1));
    let started = Instant::now();
    let error = client
        .wait_for_score(&UserId::partner(EMAIL_ID), &policy)
        .await
        .unwrap_err();
    // The request's own timeout (5 s, three attempts) no longer decides: the deadline does.
    assert_within_50ms_of(started.elapsed(), Duration::from_secs(1));
    match &error {
        Error::PollTimeout {
            operation,
            resource_id,
            polls: 1,
            ..
        } => {
            assert_eq!(*operation, "show-user");
            assert_eq!(resource_id, EMAIL_ID);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(server.count(), 1, "one look, abandoned at the deadline");
    assert!(!logs.contents().contains(EMAIL_ID));
}

#[tokio::test(start_paused = true)]
async fn a_202_asking_for_more_than_the_time_left_ends_the_wait_at_once() {
    let _logs = LogCapture::start();
    let server = ScriptedServer::start(vec![
        token_reply(),
        Reply::status(202).header("retry-after", "60"),
    ])
    .await;
    let client = client_for(&server.url());
    let policy = FriendlyScoreClient::score_poll_policy()
        .initial_delay(Duration::ZERO)
        .deadline(Duration::from_secs(1));
    let started = Instant::now();
    let error = client
        .wait_for_score(&UserId::partner("u-1"), &policy)
        .await
        .unwrap_err();
    assert_eq!(started.elapsed(), Duration::ZERO);
    assert!(
        matches!(&error, Error::PollTimeout { resource_id, polls: 1, last_error: None, .. } if resource_id == "u-1"),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 2, "the token, then one look");
}

#[tokio::test(start_paused = true)]
async fn a_failing_look_counts_as_not_ready_yet() {
    let logs = LogCapture::start();
    let server = ScriptedServer::start(vec![
        token_reply(),
        Reply::status(503),
        Reply::status(429).header("retry-after", "20"),
        Reply::json(200, fx("show_user.json")),
    ])
    .await;
    let client = client_for(&server.url());
    let started = Instant::now();
    let settled = client
        .wait_for_score(
            &UserId::partner(EMAIL_ID),
            &FriendlyScoreClient::score_poll_policy(),
        )
        .await
        .unwrap();
    assert!(matches!(settled, Settled::Ready(ref user) if user.friendlyscore == Some(712)));
    // Looks at 5 s (503), 7 s (429, Retry-After 20 s) and 27 s.
    assert_eq!(started.elapsed(), Duration::from_secs(27));
    assert_eq!(server.requests().len(), 4);
    let logs = logs.contents();
    assert!(logs.contains("poll failed; still waiting"), "{logs}");
    assert!(!logs.contains(EMAIL_ID));
    assert!(!logs.contains("asha.verma"));
}

#[tokio::test(start_paused = true)]
async fn looks_failing_until_the_deadline_end_with_the_last_failure() {
    let _logs = LogCapture::start();
    let server = ScriptedServer::start(vec![token_reply(), Reply::status(502)]).await;
    let client = client_for(&server.url());
    let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(10))
        .interval(Duration::from_secs(4), Duration::from_secs(4));
    let started = Instant::now();
    let error = client
        .wait_for_score(&UserId::partner("u-2"), &policy)
        .await
        .unwrap_err();
    assert_eq!(started.elapsed(), Duration::from_secs(10));
    match error {
        Error::PollTimeout {
            resource_id,
            polls: 3,
            last_error: Some(last),
            ..
        } => {
            assert_eq!(resource_id, "u-2");
            assert_eq!(last.status().map(|s| s.as_u16()), Some(502));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn any_other_failure_ends_the_wait_with_the_user_id() {
    let _logs = LogCapture::start();
    let server = ScriptedServer::start(vec![
        token_reply(),
        Reply::status(202),
        Reply::json(404, r#"{"code":404,"message":"Not found"}"#),
    ])
    .await;
    let client = client_for(&server.url());
    let error = client
        .wait_for_score(
            &UserId::partner("u-3"),
            &FriendlyScoreClient::score_poll_policy(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            Error::Polling {
                operation: "show-user",
                polls: 2,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.resource_id(), Some("u-3"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(Rejection::from_error(&error), Some(Rejection::NotFound));
    assert_eq!(server.requests().len(), 3);
}
