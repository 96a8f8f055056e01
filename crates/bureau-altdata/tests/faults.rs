//! The fault matrix for one idempotent call (fetch, a `POST /transactions` carrying the
//! transaction id: a read) and one non-idempotent call (initiate, the `POST /transactions` that
//! starts a billed transaction): every case asserts the exact error (or the successful retry),
//! how many requests reached the server and, on the paused clock, how long the client waited.
//! No real sleeping.
//!
//! The faults and their servers are leadkit-core's (`testing::faults`), shared with the other vendor crates and the leak audit.

use leadkit_core::testing::faults as fault_matrix;

use std::time::Duration;

use bureau_altdata::{
    BureauClient, Error, SecretString, StatusCode, Transaction, TransactionRequest,
    TransactionStatus,
};
use fault_matrix::{
    ATTEMPTS, Fault, Run, SMALL_CAP, TIMEOUT, assert_waited, assert_waited_for_date, backoff,
    retry_policy,
};
use leadkit_core::testing::fixture;

const INITIATED: &str = "c7f3b313-1111-1111-aaaa-12ca28f7e68e";
const FETCHED: &str = "b6819bf9-a1aa-a11a-a11a-e7bb7ae2cd07";

#[track_caller]
fn assert_transaction(run: &Run<Transaction>, id: &str, status: TransactionStatus) {
    match &run.result {
        Ok(transaction) => {
            assert_eq!(transaction.transaction_id, id);
            assert_eq!(transaction.status, Some(status));
        }
        other => panic!("expected transaction {id}, got {other:?}"),
    }
}

fn request() -> TransactionRequest {
    TransactionRequest::new(
        "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b",
        "asha.verma@example.com",
        "Asha Verma",
        "919812345678",
        "IND",
    )
}

#[derive(Clone, Copy, Debug)]
enum Call {
    Fetch,
    Initiate,
}

async fn call(call: Call, fault: Fault) -> Run<Transaction> {
    let ok = match call {
        Call::Fetch => fixture("bureau", "fetch_final.json"),
        Call::Initiate => fixture("bureau", "initiate.json"),
    };
    let server = fault.serve(ok.as_bytes(), None).await;
    let client = BureauClient::builder("test-credential", SecretString::from("test-secret-9f8e7d"))
        .base_url(server.url())
        .unwrap()
        .http_client(fault.http_client())
        .retry_policy(retry_policy())
        .build()
        .unwrap();
    let request = request();
    let run = match call {
        Call::Fetch => Run::time(server, client.fetch(&request, FETCHED)).await,
        Call::Initiate => Run::time(server, client.initiate(&request)).await,
    };
    for sent in run.server.requests() {
        assert_eq!(
            (sent.method.as_str(), sent.target.as_str()),
            ("POST", "/transactions")
        );
        let has_id = String::from_utf8_lossy(&sent.body).contains(FETCHED);
        assert_eq!(has_id, matches!(call, Call::Fetch), "{call:?}");
    }
    run
}

async fn fetch(fault: Fault) -> Run<Transaction> {
    call(Call::Fetch, fault).await
}

async fn initiate(fault: Fault) -> Run<Transaction> {
    call(Call::Initiate, fault).await
}

#[tokio::test(start_paused = true)]
async fn connection_refused_is_retried_for_both_calls() {
    let run = fetch(Fault::ConnectionRefused).await;
    assert!(
        matches!(
            run.result,
            Err(Error::Connect {
                vendor: "bureau",
                operation: "fetch",
                ..
            })
        ),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), 0);
    assert_waited(run.waited, backoff(2));

    let run = initiate(Fault::ConnectionRefused).await;
    assert!(
        matches!(
            run.result,
            Err(Error::Connect {
                operation: "initiate",
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
async fn reset_mid_body_retries_the_fetch_but_not_the_initiate() {
    let run = fetch(Fault::ResetMidBody).await;
    assert!(
        matches!(run.result, Err(Error::Transport { .. })),
        "{:?}",
        run.result
    );
    assert_eq!(run.requests(), ATTEMPTS);
    run.server.assert_identical_retries();

    let run = initiate(Fault::ResetMidBody).await;
    assert!(
        matches!(run.unknown_outcome(), Error::Transport { .. }),
        "{:?}",
        run.result
    );
    assert_eq!(
        run.requests(),
        1,
        "the transaction may have started: never resent"
    );
}

#[tokio::test(start_paused = true)]
async fn timeouts_before_headers_and_mid_body() {
    for fault in [Fault::TimeoutBeforeHeaders, Fault::TimeoutMidBody] {
        let run = fetch(fault).await;
        assert!(
            matches!(run.result, Err(Error::Timeout { after: TIMEOUT, .. })),
            "{fault:?}: {:?}",
            run.result
        );
        assert_eq!(run.requests(), ATTEMPTS, "{fault:?}");
        assert_waited(run.waited, TIMEOUT * 3 + backoff(2));

        let run = initiate(fault).await;
        assert!(
            matches!(run.unknown_outcome(), Error::Timeout { after: TIMEOUT, .. }),
            "{fault:?}: {:?}",
            run.result
        );
        assert_eq!(run.requests(), 1, "{fault:?}");
        assert_waited(run.waited, TIMEOUT);
    }
}

#[tokio::test(start_paused = true)]
async fn truncated_json_empty_200_and_html_200_are_decode_errors() {
    for fault in [
        Fault::TruncatedJson,
        Fault::EmptyBody200,
        Fault::HtmlInsteadOfJson,
    ] {
        for run in [fetch(fault).await, initiate(fault).await] {
            assert!(
                matches!(
                    &run.result,
                    Err(Error::Decode {
                        status: StatusCode::OK,
                        ..
                    })
                ),
                "{fault:?}: {:?}",
                run.result
            );
            assert_eq!(run.requests(), 1, "{fault:?}");
        }
    }
}

#[tokio::test(start_paused = true)]
async fn html_502_from_a_proxy_is_a_status_error_with_the_page_kept() {
    let run = fetch(Fault::Html502).await;
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

    let run = initiate(Fault::Html502).await;
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
async fn wrong_content_type_with_the_expected_json_still_decodes() {
    let run = fetch(Fault::WrongContentType).await;
    assert_transaction(&run, FETCHED, TransactionStatus::Ok);
    assert_eq!(run.requests(), 1);

    let run = initiate(Fault::WrongContentType).await;
    assert_transaction(&run, INITIATED, TransactionStatus::Awaiting);
    assert_eq!(run.requests(), 1);
}

#[tokio::test(start_paused = true)]
async fn rate_limited_reads_are_retried_billed_calls_are_not() {
    let run = fetch(Fault::RateLimitedSeconds).await;
    assert_transaction(&run, FETCHED, TransactionStatus::Ok);
    assert_eq!(run.requests(), 2);
    assert_waited(run.waited, Duration::from_secs(2));
    run.server.assert_identical_retries();

    // Initiate bills: a 429 is handed back with the asked delay, not resent, unless the
    // policy opts in with `resend_after_rate_limit`.
    let run = initiate(Fault::RateLimitedSeconds).await;
    run.assert_not_resent_after_rate_limit();

    let run = fetch(Fault::RateLimitedHttpDate).await;
    assert_transaction(&run, FETCHED, TransactionStatus::Ok);
    assert_eq!(run.requests(), 2);
    assert_waited_for_date(run.waited);

    let run = initiate(Fault::RateLimitedHttpDate).await;
    run.assert_not_resent_after_rate_limit();
}

#[tokio::test(start_paused = true)]
async fn storm_of_503_stops_after_the_attempts() {
    let run = fetch(Fault::Storm503).await;
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
    run.server.assert_identical_retries();

    let run = initiate(Fault::Storm503).await;
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
        for run in [fetch(fault).await, initiate(fault).await] {
            assert!(
                matches!(
                    run.result.as_ref().map_err(Error::root_cause),
                    Err(Error::BodyTooLarge {
                        limit: SMALL_CAP,
                        ..
                    })
                ),
                "{fault:?}: {:?}",
                run.result
            );
            assert_eq!(run.requests(), 1, "{fault:?}");
        }
    }
}
