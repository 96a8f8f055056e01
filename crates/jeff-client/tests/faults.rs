//! The fault matrix for a Lead Data look-up (`GET /1.3/leads`) and a Partner Event
//! (`GET /events/loan-issued`): every case asserts the exact error (or the successful retry),
//! how many requests reached the server, and, on the paused clock, how long the client waited
//! (which counts its retries). No real sleeping.
//!
//! Both are resent only when they cannot have reached Jeff (connection refused). The event
//! bills (`NonIdempotent`); the look-up counts in Jeff's request statistics, which every lender
//! sees (`Billed`): after a timeout, a broken connection, a 5xx or an answer over the cap
//! either comes back as `Error::OutcomeUnknown`, after a 429 as `Error::RateLimited`, from a
//! single request. Each case also runs the look-up with the caller's opt-in
//! (`RetryPolicy::retry_non_idempotent`, or `resend_after_rate_limit` for a 429), which retries
//! it like a free read; a failure after those retries is still `OutcomeUnknown` (each attempt
//! may have been counted).
//!
//! The faults and their servers are leadkit-core's (`testing::faults`), shared with the other vendor crates and the leak audit.

use leadkit_core::testing::faults as fault_matrix;

use std::time::Duration;

use fault_matrix::{
    ATTEMPTS, Fault, FaultServer, Run, SMALL_CAP, TIMEOUT, assert_waited, assert_waited_for_date,
    backoff, retry_policy,
};
use jeff_client::{
    CallOptions, Contact, Error, EventReceipt, FraudDataOutcome, JeffClient, LeadDataOutcome,
    PartnerEvent, RetryBudget, RetryPolicy, SecretString, StatusCode,
};
use leadkit_core::testing::fixture;

const LEAD_ID: &str = "0facfde9-98c7-4915-8b04-9a0a31a8c582";

fn client(server: &FaultServer, fault: Fault) -> JeffClient {
    JeffClient::builder("partner-user", SecretString::from("s3cret-Partner-pass"))
        .http_client(fault.http_client())
        .retry_policy(retry_policy())
        .api_base_url(format!("{}/partners-api", server.url()))
        .unwrap()
        .data_base_url(format!("{}/partner-api", server.url()))
        .unwrap()
        .build()
        .unwrap()
}

/// Lead Data for an email and a phone (billed: it counts in Jeff's request statistics),
/// against `fixtures/jeff/lead_full.json`, under the client's policy.
async fn lead(fault: Fault) -> Run<LeadDataOutcome> {
    lead_with(fault, None).await
}

/// The same look-up with the caller's opt-in to retries after it may have reached Jeff.
async fn lead_opted_in(fault: Fault) -> Run<LeadDataOutcome> {
    let policy = retry_policy()
        .retry_non_idempotent(true)
        .resend_after_rate_limit(true);
    lead_with(fault, Some(policy)).await
}

async fn lead_with(fault: Fault, policy: Option<RetryPolicy>) -> Run<LeadDataOutcome> {
    let server = fault
        .serve(fixture("jeff", "lead_full.json").as_bytes(), None)
        .await;
    let mut client = client(&server, fault);
    if let Some(policy) = policy {
        client = client.with_options(CallOptions::new().retry_policy(policy));
    }
    let contact = Contact::email_and_phone("dave.black@example.com", "84999999999");
    let run = Run::time(server, client.lead_data(&contact)).await;
    for request in run.server.requests() {
        assert_eq!(request.method, "GET");
        assert!(request.target.starts_with("/partners-api/1.3/leads?"));
    }
    run
}

/// A `loan-issued` Partner Event (non-idempotent: billed).
async fn event(fault: Fault) -> Run<EventReceipt> {
    let server = fault.serve(b"{}", None).await;
    let client = client(&server, fault);
    let event = PartnerEvent::loan_issued("jeff-lead-id", "app-1042");
    let run = Run::time(server, client.send_event(&event)).await;
    for request in run.server.requests() {
        assert_eq!(request.method, "GET");
        assert!(
            request
                .target
                .starts_with("/partners-api/events/loan-issued?")
        );
    }
    run
}

#[track_caller]
fn assert_lead(run: &Run<LeadDataOutcome>) {
    match &run.result {
        Ok(LeadDataOutcome::Lead(lead)) => assert_eq!(lead.id, LEAD_ID),
        other => panic!("expected the lead, got {other:?}"),
    }
}

#[track_caller]
fn assert_receipt(run: &Run<EventReceipt>) {
    match &run.result {
        Ok(receipt) => assert_eq!(receipt.status, StatusCode::OK),
        other => panic!("expected a receipt, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn connection_refused_is_retried_for_both_calls() {
    // Nothing reached Jeff, so even the billed event is retried; three attempts, two backoffs.
    let run = lead(Fault::ConnectionRefused).await;
    assert!(
        matches!(
            run.result,
            Err(Error::Connect {
                vendor: "jeff",
                operation: "lead data",
                ..
            })
        ),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 0);
    assert_waited(run.waited, backoff(2));

    let run = event(Fault::ConnectionRefused).await;
    assert!(
        matches!(
            run.result,
            Err(Error::Connect {
                operation: "event loan-issued",
                ..
            })
        ),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 0);
    assert_waited(run.waited, backoff(2));
}

#[tokio::test(start_paused = true)]
async fn reset_mid_body_is_not_resent_unless_the_look_up_opts_in() {
    let run = lead(Fault::ResetMidBody).await;
    assert!(
        matches!(run.unknown_outcome(), Error::Transport { .. }),
        "{:?}",
        run.result
    );
    assert_eq!(
        run.requests(),
        1,
        "the look-up may have been counted: not resent"
    );

    let run = lead_opted_in(Fault::ResetMidBody).await;
    assert!(
        matches!(run.unknown_outcome(), Error::Transport { .. }),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), ATTEMPTS);
    run.server.assert_identical_retries();

    let run = event(Fault::ResetMidBody).await;
    assert!(
        matches!(run.unknown_outcome(), Error::Transport { .. }),
        "{:?}",
        run.result
    );
    assert_eq!(
        run.requests(),
        1,
        "the event may have been recorded: never resent"
    );
}

#[tokio::test(start_paused = true)]
async fn timeout_before_headers() {
    let run = lead(Fault::TimeoutBeforeHeaders).await;
    assert!(
        matches!(run.unknown_outcome(), Error::Timeout { after: TIMEOUT, .. }),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 1);
    assert_waited(run.waited, TIMEOUT);

    let run = lead_opted_in(Fault::TimeoutBeforeHeaders).await;
    assert!(
        matches!(run.unknown_outcome(), Error::Timeout { after: TIMEOUT, .. }),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), ATTEMPTS);
    assert_waited(run.waited, TIMEOUT * 3 + backoff(2));

    let run = event(Fault::TimeoutBeforeHeaders).await;
    assert!(
        matches!(run.unknown_outcome(), Error::Timeout { after: TIMEOUT, .. }),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 1);
    assert_waited(run.waited, TIMEOUT);
}

#[tokio::test(start_paused = true)]
async fn timeout_mid_body() {
    let run = lead(Fault::TimeoutMidBody).await;
    assert!(
        matches!(run.unknown_outcome(), Error::Timeout { after: TIMEOUT, .. }),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 1);
    assert_waited(run.waited, TIMEOUT);

    let run = lead_opted_in(Fault::TimeoutMidBody).await;
    assert!(
        matches!(run.unknown_outcome(), Error::Timeout { after: TIMEOUT, .. }),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), ATTEMPTS);
    assert_waited(run.waited, TIMEOUT * 3 + backoff(2));

    let run = event(Fault::TimeoutMidBody).await;
    assert!(
        matches!(run.unknown_outcome(), Error::Timeout { after: TIMEOUT, .. }),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 1);
    assert_waited(run.waited, TIMEOUT);
}

#[tokio::test(start_paused = true)]
async fn truncated_json_is_a_decode_error_for_the_lead_and_ignored_by_the_event() {
    let run = lead(Fault::TruncatedJson).await;
    match &run.result {
        Err(Error::Decode { status, body, .. }) => {
            assert_eq!(*status, StatusCode::OK);
            assert_eq!(
                body.total_len(),
                fixture("jeff", "lead_full.json").len() / 2
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(run.requests(), 1);

    // An event's answer body is undocumented and never decoded: the 200 is the receipt.
    let run = event(Fault::TruncatedJson).await;
    assert_receipt(&run);
    assert_eq!(run.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn html_502_from_a_proxy_is_a_status_error_with_the_page_kept() {
    let run = lead(Fault::Html502).await;
    match run.unknown_outcome() {
        Error::Status {
            status,
            message,
            body,
            ..
        } => {
            assert_eq!(*status, StatusCode::BAD_GATEWAY);
            assert_eq!(*message, None, "an HTML page is not a vendor message");
            assert!(body.text().contains("502 Bad Gateway"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(run.requests(), 1);
    assert_waited(run.waited, Duration::ZERO);

    let run = lead_opted_in(Fault::Html502).await;
    assert_eq!(
        run.unknown_outcome().status(),
        Some(StatusCode::BAD_GATEWAY)
    );
    assert_eq!(run.requests(), ATTEMPTS);
    assert_waited(run.waited, backoff(2));

    let run = event(Fault::Html502).await;
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
async fn empty_200_is_no_match_for_the_lead_and_a_receipt_for_the_event() {
    let run = lead(Fault::EmptyBody200).await;
    assert!(
        matches!(run.result, Ok(LeadDataOutcome::NoMatch)),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 1);

    let run = event(Fault::EmptyBody200).await;
    assert_receipt(&run);
    assert_eq!(run.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn wrong_content_type_with_the_expected_json_still_decodes() {
    let run = lead(Fault::WrongContentType).await;
    assert_lead(&run);
    assert_eq!(run.requests(), 1);

    let run = event(Fault::WrongContentType).await;
    assert_receipt(&run);
    assert_eq!(run.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn html_page_instead_of_json_is_a_decode_error() {
    let run = lead(Fault::HtmlInsteadOfJson).await;
    match &run.result {
        Err(Error::Decode {
            status, path, body, ..
        }) => {
            assert_eq!(*status, StatusCode::OK);
            assert_eq!(path, ".");
            assert!(body.text().starts_with("<!DOCTYPE html>"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(run.requests(), 1);

    let run = event(Fault::HtmlInsteadOfJson).await;
    assert_receipt(&run);
    assert_eq!(run.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn rate_limited_is_resent_after_the_delay_only_on_opt_in() {
    // Jeff refused the look-up, but a resend counts again: handed back with the delay.
    let run = lead(Fault::RateLimitedSeconds).await;
    run.assert_not_resent_after_rate_limit();

    let run = lead_opted_in(Fault::RateLimitedSeconds).await;
    assert_lead(&run);
    assert_eq!(run.requests(), 2);
    assert_waited(run.waited, Duration::from_secs(2));

    // An event bills: a 429 is handed back with the delay, never resent unless the policy
    // opts in with `resend_after_rate_limit`.
    let run = event(Fault::RateLimitedSeconds).await;
    run.assert_not_resent_after_rate_limit();
}

#[tokio::test(start_paused = true)]
async fn rate_limited_is_resent_at_the_http_date_only_on_opt_in() {
    let run = lead(Fault::RateLimitedHttpDate).await;
    run.assert_not_resent_after_rate_limit();

    let run = lead_opted_in(Fault::RateLimitedHttpDate).await;
    assert_lead(&run);
    assert_eq!(run.requests(), 2);
    assert_waited_for_date(run.waited);

    let run = event(Fault::RateLimitedHttpDate).await;
    run.assert_not_resent_after_rate_limit();
}

#[tokio::test(start_paused = true)]
async fn storm_of_503_is_answered_once_unless_the_look_up_opts_in() {
    let run = lead(Fault::Storm503).await;
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
        other => panic!("{other:?}"),
    }
    assert_eq!(run.requests(), 1);
    assert_waited(run.waited, Duration::ZERO);

    let run = lead_opted_in(Fault::Storm503).await;
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
    assert_eq!(run.requests(), ATTEMPTS);
    assert_waited(run.waited, backoff(2));
    run.server.assert_identical_retries();

    let run = event(Fault::Storm503).await;
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
async fn storm_of_503_past_the_retry_budget_fails_fast() {
    // A budget of 12 tokens pays for two retries (5 each): the first call retries twice, the
    // second finds 2 tokens left and fails after its first attempt. (Look-ups are retried
    // after a 503 only on opt-in.)
    let fault = Fault::Storm503;
    let server = fault.serve(b"{}", None).await;
    let budget = RetryBudget::new(12);
    let client = JeffClient::builder("partner-user", SecretString::from("s3cret-Partner-pass"))
        .http_client(fault.http_client())
        .retry_policy(retry_policy().retry_non_idempotent(true))
        .retry_budget(budget.clone())
        .api_base_url(server.url())
        .unwrap()
        .build()
        .unwrap();
    let contact = Contact::phone("84999999999");
    for (expected_total, expected_tokens) in [(3, 2), (4, 2)] {
        let error = client.lead_data(&contact).await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(server.count(), expected_total);
        assert_eq!(budget.available(), expected_tokens);
    }
}

#[tokio::test(start_paused = true)]
async fn body_over_the_cap_is_refused_unread() {
    for fault in [Fault::OverCapDeclared, Fault::OverCapChunked] {
        let run = lead(fault).await;
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
        assert_eq!(run.requests(), 1, "{fault:?}");

        let run = event(fault).await;
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
        assert_eq!(run.requests(), 1, "{fault:?}");
    }
}

/// Fraud Data counts in Jeff's request statistics too: billed like Lead Data.
#[tokio::test(start_paused = true)]
async fn fraud_data_is_billed_like_lead_data() {
    for fault in [
        Fault::ConnectionRefused,
        Fault::TimeoutBeforeHeaders,
        Fault::ResetMidBody,
        Fault::Storm503,
        Fault::RateLimitedSeconds,
    ] {
        let server = fault
            .serve(fixture("jeff", "fraud.json").as_bytes(), None)
            .await;
        let client = client(&server, fault);
        let run = Run::time(server, client.fraud_data(&Contact::phone("639365429568"))).await;
        for request in run.server.requests() {
            assert!(request.target.starts_with("/partners-api/1.3/fraud?"));
        }
        match fault {
            Fault::ConnectionRefused => {
                assert!(
                    matches!(
                        run.result,
                        Err(Error::Connect {
                            operation: "fraud data",
                            ..
                        })
                    ),
                    "{:?}",
                    run.result
                );
                assert_waited(run.waited, backoff(2));
            }
            Fault::RateLimitedSeconds => run.assert_not_resent_after_rate_limit(),
            _ => {
                let cause = run.unknown_outcome();
                assert!(
                    matches!(
                        cause,
                        Error::Timeout { .. } | Error::Transport { .. } | Error::Status { .. }
                    ),
                    "{fault:?}: {cause:?}"
                );
                assert_eq!(run.requests(), 1, "{fault:?}");
            }
        }
    }

    // Opted in, a 429 is resent after the delay and the answer arrives.
    let fault = Fault::RateLimitedSeconds;
    let server = fault
        .serve(fixture("jeff", "fraud.json").as_bytes(), None)
        .await;
    let client = client(&server, fault).with_options(
        CallOptions::new().retry_policy(retry_policy().resend_after_rate_limit(true)),
    );
    let run = Run::time(server, client.fraud_data(&Contact::phone("639365429568"))).await;
    assert!(
        matches!(&run.result, Ok(FraudDataOutcome::FraudData(data)) if data.is_marked_fraud()),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 2);
    assert_waited(run.waited, Duration::from_secs(2));
}
