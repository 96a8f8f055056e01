//! The fault matrix for `SinglePreAudit`, sent as GET (query string) and as POST (form body).
//!
//! Jornaya has no idempotent call: every look-up spends the LeadiD token's quota, so both forms
//! are non-idempotent and are retried only when the request cannot have reached Jornaya
//! (connection refused) or Jornaya said so itself (429). Every case asserts the exact error or
//! the successful retry, how many requests reached the server and, on the paused clock, how
//! long the client waited. No real sleeping.
//!
//! The faults and their servers are leadkit-core's (`testing::faults`), shared with the other vendor crates and the leak audit.

use leadkit_core::testing::faults as fault_matrix;

use std::time::Duration;

use fault_matrix::{Fault, Run, SMALL_CAP, TIMEOUT, assert_waited, backoff, retry_policy};
use jornaya_preaudit::{
    Error, Flag, HttpMethod, LeadData, PreAudit, PreAuditClient, PreAuditRequest, SecretString,
    StatusCode,
};
use leadkit_core::testing::fixture;

const METHODS: [HttpMethod; 2] = [HttpMethod::Get, HttpMethod::Post];

#[track_caller]
fn assert_green(run: &Run<PreAudit>) {
    match &run.result {
        Ok(answer) => assert_eq!(answer.result, Flag::Green),
        other => panic!("expected a green answer, got {other:?}"),
    }
}

/// One pre-audit with lead data, against `fixtures/jornaya/green.json`.
async fn pre_audit(fault: Fault, method: HttpMethod) -> Run<PreAudit> {
    let server = fault
        .serve(fixture("jornaya", "green.json").as_bytes(), None)
        .await;
    let client = PreAuditClient::builder("TEST-ACCOUNT-CODE")
        .bearer_token(SecretString::from("test-api-auth-token-0001"))
        .base_url(server.url())
        .unwrap()
        .http_client(fault.http_client())
        .retry_policy(retry_policy())
        .build()
        .unwrap();
    let request = PreAuditRequest::new("0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D", "TEST-ENTITY-CODE")
        .data(
            LeadData::new()
                .email("jane.placeholder@example.com")
                .first_name("Janeplaceholder")
                .phone1("5555550123"),
        )
        .method(method);
    let run = Run::time(server, client.single_pre_audit(&request)).await;
    for sent in run.server.requests() {
        match method {
            HttpMethod::Get => {
                assert_eq!(sent.method, "GET");
                assert!(
                    sent.target
                        .starts_with("/SinglePreAudit?lac=TEST-ACCOUNT-CODE&")
                );
            }
            _ => {
                assert_eq!(sent.method, "POST");
                assert_eq!(sent.target, "/SinglePreAudit");
                assert!(sent.body.starts_with(b"lac=TEST-ACCOUNT-CODE&"));
            }
        }
    }
    run
}

#[tokio::test(start_paused = true)]
async fn connection_refused_is_retried() {
    for method in METHODS {
        let run = pre_audit(Fault::ConnectionRefused, method).await;
        assert!(
            matches!(
                run.result,
                Err(Error::Connect {
                    vendor: "jornaya",
                    operation: "SinglePreAudit",
                    ..
                })
            ),
            "{method:?}: {:?}",
            run.result
        );
        assert_eq!(run.requests(), 0);
        assert_waited(run.waited, backoff(2));
    }
}

#[tokio::test(start_paused = true)]
async fn reset_mid_body_is_not_retried() {
    for method in METHODS {
        let run = pre_audit(Fault::ResetMidBody, method).await;
        assert!(
            matches!(run.unknown_outcome(), Error::Transport { .. }),
            "{method:?}: {:?}",
            run.result
        );
        assert_eq!(
            run.requests(),
            1,
            "{method:?}: the look-up may have been billed"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn timeouts_before_headers_and_mid_body_are_not_retried() {
    for method in METHODS {
        for fault in [Fault::TimeoutBeforeHeaders, Fault::TimeoutMidBody] {
            let run = pre_audit(fault, method).await;
            assert!(
                matches!(run.unknown_outcome(), Error::Timeout { after: TIMEOUT, .. }),
                "{method:?} {fault:?}: {:?}",
                run.result
            );
            assert_eq!(run.requests(), 1, "{method:?} {fault:?}");
            assert_waited(run.waited, TIMEOUT);
        }
    }
}

#[tokio::test(start_paused = true)]
async fn truncated_json_is_a_decode_error() {
    for method in METHODS {
        let run = pre_audit(Fault::TruncatedJson, method).await;
        assert!(
            matches!(
                &run.result,
                Err(Error::Decode {
                    status: StatusCode::OK,
                    ..
                })
            ),
            "{method:?}: {:?}",
            run.result
        );
        assert_eq!(run.requests(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn html_502_from_a_proxy_is_a_status_error_without_a_message() {
    for method in METHODS {
        let run = pre_audit(Fault::Html502, method).await;
        // A pre-audit is billed: a 502 may come after the vendor acted.
        match run.unknown_outcome() {
            Error::Status {
                status,
                message,
                body,
                ..
            } => {
                assert_eq!(*status, StatusCode::BAD_GATEWAY);
                assert_eq!(*message, None);
                assert!(body.text().contains("502 Bad Gateway"));
            }
            other => panic!("{method:?}: {other:?}"),
        }
        assert_eq!(run.requests(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn empty_200_is_a_decode_error() {
    for method in METHODS {
        let run = pre_audit(Fault::EmptyBody200, method).await;
        match &run.result {
            Err(Error::Decode {
                status,
                path,
                reason,
                ..
            }) => {
                assert_eq!(*status, StatusCode::OK);
                assert_eq!(path, ".");
                assert_eq!(reason, "the answer is empty");
            }
            other => panic!("{method:?}: {other:?}"),
        }
        assert_eq!(run.requests(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn wrong_content_type_with_the_expected_json_still_decodes() {
    for method in METHODS {
        let run = pre_audit(Fault::WrongContentType, method).await;
        assert_green(&run);
        assert_eq!(run.requests(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn html_page_instead_of_json_is_a_decode_error() {
    // The answer's format is recognised from its first byte, so an HTML page goes to the XML
    // reader, which finds no pre-audit in it.
    for method in METHODS {
        let run = pre_audit(Fault::HtmlInsteadOfJson, method).await;
        assert!(
            matches!(
                &run.result,
                Err(Error::Decode {
                    status: StatusCode::OK,
                    ..
                })
            ),
            "{method:?}: {:?}",
            run.result
        );
        assert_eq!(run.requests(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn rate_limited_is_not_resent_without_opt_in() {
    for method in METHODS {
        // Every pre-audit that reaches Jornaya spends the token's quota: a 429 is handed back
        // with the asked delay, not resent (RetryPolicy::resend_after_rate_limit opts in).
        for fault in [Fault::RateLimitedSeconds, Fault::RateLimitedHttpDate] {
            let run = pre_audit(fault, method).await;
            match &run.result {
                Err(error @ Error::RateLimited { .. }) => {
                    assert!(error.retry_after().is_some());
                    assert!(!error.outcome_unknown());
                }
                other => panic!("{method:?} {fault:?}: {other:?}"),
            }
            assert_eq!(run.requests(), 1);
            assert_waited(run.waited, Duration::ZERO);
        }
    }
}

#[tokio::test(start_paused = true)]
async fn storm_of_503_is_not_retried() {
    for method in METHODS {
        let run = pre_audit(Fault::Storm503, method).await;
        match run.unknown_outcome() {
            Error::Status {
                status, message, ..
            } => {
                assert_eq!(*status, StatusCode::SERVICE_UNAVAILABLE);
                assert_eq!(
                    message.as_ref().and_then(|m| m.message()),
                    Some("Service temporarily unavailable")
                );
            }
            other => panic!("{method:?}: {other:?}"),
        }
        assert_eq!(run.requests(), 1);
        assert_waited(run.waited, Duration::ZERO);
    }
}

#[tokio::test(start_paused = true)]
async fn body_over_the_cap_is_refused_unread() {
    for method in METHODS {
        for fault in [Fault::OverCapDeclared, Fault::OverCapChunked] {
            let run = pre_audit(fault, method).await;
            assert!(
                matches!(
                    run.unknown_outcome(),
                    Error::BodyTooLarge {
                        limit: SMALL_CAP,
                        ..
                    }
                ),
                "{method:?} {fault:?}: {:?}",
                run.result
            );
            assert_eq!(run.requests(), 1);
        }
    }
}
