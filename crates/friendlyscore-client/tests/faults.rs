//! The fault matrix for one idempotent call (show-user, `GET …/show.json`) and one
//! non-idempotent call (calculate-score, `POST …/calculate_score.json`), behind an OAuth2
//! token endpoint on the same host that answers normally: every case asserts the exact error
//! (or the successful retry), how many calls and token requests reached the server and, on the
//! paused clock, how long the client waited. No real sleeping.
//!
//! The faults and their servers are leadkit-core's (`testing::faults`), shared with the other vendor crates and the leak audit.

use leadkit_core::testing::faults as fault_matrix;

use std::time::Duration;

use fault_matrix::{
    ATTEMPTS, Fault, FaultServer, Run, SMALL_CAP, Side, TIMEOUT, assert_waited,
    assert_waited_for_date, backoff, http, retry_policy,
};
use friendlyscore_client::{
    AccessTokens, Acknowledgement, Answer, CalculateScore, Error, FriendlyScoreClient, ResultFlag,
    SecretString, StatusCode, User, UserId,
};
use leadkit_core::TokenSource;
use leadkit_core::testing::fixture;

/// Exactly one token request, whatever happened to the call.
#[track_caller]
fn assert_one_token<T>(run: &Run<T>) {
    assert_eq!(run.server.side_count(), 1, "token requests");
}

/// The token endpoint, answering `fixtures/friendlyscore/token_success.json`.
fn token_route() -> Side {
    Side {
        path_prefix: "/oauth/v2/token",
        answer: http(
            200,
            &[("content-type", "application/json")],
            fixture("friendlyscore", "token_success.json").as_bytes(),
        ),
    }
}

async fn client(fault: Fault, ok: &str) -> (FaultServer, FriendlyScoreClient) {
    let server = fault.serve(ok.as_bytes(), Some(token_route())).await;
    let client = FriendlyScoreClient::builder(
        "test-client-id",
        SecretString::from("test-client-secret-PLACEHOLDER"),
    )
    .base_url(server.url())
    .unwrap()
    .http_client(fault.http_client())
    .retry_policy(retry_policy())
    .build()
    .unwrap();
    (server, client)
}

/// show-user (idempotent), against `fixtures/friendlyscore/show_user.json`.
async fn show_user(fault: Fault) -> Run<Answer<User>> {
    let (server, client) = client(fault, &fixture("friendlyscore", "show_user.json")).await;
    let user = UserId::partner("partner-user-42");
    let run = Run::time(server, client.show_user(&user)).await;
    for request in run.server.requests() {
        assert_eq!(request.method, "GET");
        assert_eq!(
            request.target,
            "/api/v2/users/partner-id/partner-user-42/show.json"
        );
    }
    run
}

/// calculate-score (non-idempotent), against `fixtures/friendlyscore/calculate_score_success.json`.
async fn calculate(fault: Fault) -> Run<Acknowledgement> {
    let ok = fixture("friendlyscore", "calculate_score_success.json");
    let (server, client) = client(fault, &ok).await;
    let request = CalculateScore::new(
        AccessTokens::new().facebook(SecretString::from("fb-access-token-PLACEHOLDER")),
        "203.0.113.7",
    );
    let user = UserId::partner("partner-user-42");
    let run = Run::time(server, client.calculate_score(&user, &request)).await;
    for request in run.server.requests() {
        assert_eq!(request.method, "POST");
        assert!(
            request
                .target
                .ends_with("/partner-user-42/calculate_score.json")
        );
    }
    run
}

#[track_caller]
fn assert_user(run: &Run<Answer<User>>) {
    match &run.result {
        Ok(Answer::Ready(user)) => assert_eq!(user.id.as_deref(), Some("1187")),
        other => panic!("expected the user, got {other:?}"),
    }
}

#[track_caller]
fn assert_queued(run: &Run<Acknowledgement>) {
    match &run.result {
        Ok(ack) => {
            assert_eq!(ack.result, Some(ResultFlag::Success));
            assert_eq!(ack.message.as_deref(), Some("Queued for calculation."));
        }
        other => panic!("expected an acknowledgement, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn connection_refused_fails_at_the_token_with_a_connect_error() {
    // The first thing a cold client does is fetch a token, so a refused connection surfaces
    // from the token request; the call was never sent, so the client retries it under its
    // own policy, reads and writes alike.
    let run = show_user(Fault::ConnectionRefused).await;
    assert!(
        matches!(
            run.result,
            Err(Error::Connect {
                vendor: "friendlyscore",
                operation: "token",
                ..
            })
        ),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 0);
    assert!(run.waited >= backoff(2));

    let run = calculate(Fault::ConnectionRefused).await;
    assert!(
        matches!(
            run.result,
            Err(Error::Connect {
                operation: "token",
                ..
            })
        ),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 0);
}

#[tokio::test(start_paused = true)]
async fn reset_mid_body_retries_the_read_but_not_the_score() {
    let run = show_user(Fault::ResetMidBody).await;
    assert!(
        matches!(
            run.result,
            Err(Error::Transport {
                operation: "show-user",
                ..
            })
        ),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), ATTEMPTS);
    assert_one_token(&run);

    let run = calculate(Fault::ResetMidBody).await;
    assert!(
        matches!(
            run.unknown_outcome(),
            Error::Transport {
                operation: "calculate-score",
                ..
            }
        ),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 1);
    assert_one_token(&run);
}

#[tokio::test(start_paused = true)]
async fn timeouts_before_headers_and_mid_body() {
    for fault in [Fault::TimeoutBeforeHeaders, Fault::TimeoutMidBody] {
        let run = show_user(fault).await;
        assert!(
            matches!(run.result, Err(Error::Timeout { after: TIMEOUT, .. })),
            "{fault:?}: {:?}",
            run.result
        );
        assert_eq!(run.requests(), ATTEMPTS, "{fault:?}");
        assert_waited(run.waited, TIMEOUT * 3 + backoff(2));
        assert_one_token(&run);

        let run = calculate(fault).await;
        assert!(
            matches!(run.unknown_outcome(), Error::Timeout { after: TIMEOUT, .. }),
            "{fault:?}: {:?}",
            run.result
        );
        assert_eq!(run.requests(), 1, "{fault:?}");
        assert_waited(run.waited, TIMEOUT);
        assert_one_token(&run);
    }
}

#[tokio::test(start_paused = true)]
async fn truncated_json_is_a_decode_error() {
    let run = show_user(Fault::TruncatedJson).await;
    assert!(
        matches!(
            run.result,
            Err(Error::Decode {
                status: StatusCode::OK,
                ..
            })
        ),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 1);

    let run = calculate(Fault::TruncatedJson).await;
    assert!(
        matches!(
            run.result,
            Err(Error::Decode {
                status: StatusCode::OK,
                ..
            })
        ),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn html_502_from_a_proxy_is_a_status_error_with_the_page_kept() {
    let run = show_user(Fault::Html502).await;
    match &run.result {
        Err(Error::Status {
            status,
            message,
            body,
            ..
        }) => {
            assert_eq!(*status, StatusCode::BAD_GATEWAY);
            assert_eq!(*message, None);
            assert!(body.text().contains("502 Bad Gateway"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(run.requests(), ATTEMPTS);
    assert_waited(run.waited, backoff(2));

    let run = calculate(Fault::Html502).await;
    assert!(
        matches!(
            run.unknown_outcome(),
            Error::Status {
                status: StatusCode::BAD_GATEWAY,
                message: None,
                ..
            }
        ),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn empty_200_is_no_data_for_the_read_and_an_empty_acknowledgement_for_the_score() {
    let run = show_user(Fault::EmptyBody200).await;
    assert!(matches!(run.result, Ok(Answer::NoData)), "{:?}", run.result);
    assert_eq!(run.requests(), 1);

    let run = calculate(Fault::EmptyBody200).await;
    match &run.result {
        Ok(ack) => {
            assert_eq!(ack.status, StatusCode::OK);
            assert_eq!(ack.result, None);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(run.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn wrong_content_type_with_the_expected_json_still_decodes() {
    let run = show_user(Fault::WrongContentType).await;
    assert_user(&run);
    assert_eq!(run.requests(), 1);

    let run = calculate(Fault::WrongContentType).await;
    assert_queued(&run);
    assert_eq!(run.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn html_page_instead_of_json_is_a_decode_error() {
    let run = show_user(Fault::HtmlInsteadOfJson).await;
    assert!(
        matches!(
            &run.result,
            Err(Error::Decode {
                status: StatusCode::OK,
                ..
            })
        ),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 1);

    let run = calculate(Fault::HtmlInsteadOfJson).await;
    assert!(
        matches!(
            &run.result,
            Err(Error::Decode {
                status: StatusCode::OK,
                ..
            })
        ),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn rate_limited_reads_are_retried_billed_calls_are_not() {
    let run = show_user(Fault::RateLimitedSeconds).await;
    assert_user(&run);
    assert_eq!(run.requests(), 2);
    assert_waited(run.waited, Duration::from_secs(2));
    assert_one_token(&run);

    let run = calculate(Fault::RateLimitedSeconds).await;
    run.assert_not_resent_after_rate_limit();
    assert_one_token(&run);

    let run = show_user(Fault::RateLimitedHttpDate).await;
    assert_user(&run);
    assert_eq!(run.requests(), 2);
    assert_waited_for_date(run.waited);

    let run = calculate(Fault::RateLimitedHttpDate).await;
    run.assert_not_resent_after_rate_limit();
}

#[tokio::test(start_paused = true)]
async fn storm_of_503_stops_after_the_attempts() {
    let run = show_user(Fault::Storm503).await;
    match &run.result {
        Err(Error::Status {
            status, message, ..
        }) => {
            assert_eq!(*status, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(
                message.as_ref().and_then(|m| m.message()),
                Some("Service temporarily unavailable")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(run.requests(), ATTEMPTS);
    assert_waited(run.waited, backoff(2));
    assert_one_token(&run);

    let run = calculate(Fault::Storm503).await;
    assert!(
        matches!(
            run.unknown_outcome(),
            Error::Status {
                status: StatusCode::SERVICE_UNAVAILABLE,
                ..
            }
        ),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 1);
    assert_waited(run.waited, Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn body_over_the_cap_is_refused_unread() {
    for fault in [Fault::OverCapDeclared, Fault::OverCapChunked] {
        let run = show_user(fault).await;
        assert!(
            matches!(
                run.result,
                Err(Error::BodyTooLarge {
                    limit: SMALL_CAP,
                    ..
                })
            ),
            "{fault:?}: {:?}",
            run.result
        );
        assert_eq!(run.requests(), 1);

        let run = calculate(fault).await;
        assert!(
            matches!(
                run.unknown_outcome(),
                Error::BodyTooLarge {
                    limit: SMALL_CAP,
                    ..
                }
            ),
            "{fault:?}: {:?}",
            run.result
        );
        assert_eq!(run.requests(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn token_endpoint_storm_costs_one_token_request_per_attempt() {
    // When the token endpoint itself answers 503, the call was never sent: the client retries
    // the whole attempt under its own policy (the token fetch has no retries of its own), so a
    // read and a write alike make at most one token request per attempt. Attempts landing
    // within `TokenSource::FAILURE_MEMORY` of a failed fetch share it; this policy's backoff
    // starts at that memory, so every attempt asks once.
    let server = Fault::Storm503.serve(b"{}", None).await;
    let client = || {
        FriendlyScoreClient::builder(
            "test-client-id",
            SecretString::from("test-client-secret-PLACEHOLDER"),
        )
        .base_url(server.url())
        .unwrap()
        .http_client(Fault::Storm503.http_client())
        .retry_policy(retry_policy().backoff(TokenSource::FAILURE_MEMORY, Duration::from_secs(1)))
        .build()
        .unwrap()
    };
    let user = UserId::partner("partner-user-42");
    let error = client().show_user(&user).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Status {
                operation: "token",
                status: StatusCode::SERVICE_UNAVAILABLE,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.count(), ATTEMPTS);
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.target == "/oauth/v2/token")
    );

    let request = CalculateScore::new(
        AccessTokens::new().facebook(SecretString::from("fb-access-token-PLACEHOLDER")),
        "203.0.113.7",
    );
    let error = client().calculate_score(&user, &request).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert!(!error.outcome_unknown(), "never sent: {error:?}");
    assert_eq!(server.count(), 2 * ATTEMPTS);
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.target == "/oauth/v2/token"),
        "the write itself was never sent"
    );
}
