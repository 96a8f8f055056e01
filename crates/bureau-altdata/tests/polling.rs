//! `run` and `poll` under paused tokio time against a scripted in-runtime server: no real
//! sleeping, exact poll counts and timings.

use std::time::Duration;

use bureau_altdata::{
    BureauClient, Error, PollPolicy, Progress, SecretString, ServiceName, TransactionRequest,
    TransactionStatus,
};
use leadkit_core::testing::{
    RecordedRequest, Reply, ScriptedServer, assert_within_50ms_of, fixture, test_http_client,
};
use tokio::time::Instant;

const BASIC: &str = "Basic dGVzdC1jcmVkZW50aWFsOnRlc3Qtc2VjcmV0LTlmOGU3ZA==";
const WORKFLOW_ID: &str = "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b";
/// The id in `initiate.json`.
const STARTED_ID: &str = "c7f3b313-1111-1111-aaaa-12ca28f7e68e";
/// The id in `fetch_final.json`.
const FINAL_ID: &str = "b6819bf9-a1aa-a11a-a11a-e7bb7ae2cd07";

fn answer(name: &str) -> Reply {
    Reply::json(200, fixture("bureau", name))
}

fn client(server: &ScriptedServer) -> BureauClient {
    BureauClient::builder("test-credential", SecretString::from("test-secret-9f8e7d"))
        .base_url(server.url())
        .unwrap()
        .http_client(test_http_client())
        .build()
        .unwrap()
}

fn request() -> TransactionRequest {
    TransactionRequest::new(
        WORKFLOW_ID,
        "asha.verma@example.com",
        "Asha Verma",
        "919812345678",
        "IND",
    )
    .derived_signals(true)
    .enhanced_coverage(true)
}

fn body(recorded: &RecordedRequest) -> serde_json::Value {
    serde_json::from_slice(&recorded.body).unwrap()
}

#[tokio::test(start_paused = true)]
async fn run_polls_until_the_outcome_is_no_longer_awaiting() {
    let server = ScriptedServer::start(vec![
        answer("initiate.json"),
        answer("fetch_awaiting.json"),
        answer("fetch_awaiting.json"),
        answer("fetch_final.json"),
    ])
    .await;
    let started = Instant::now();
    let transaction = client(&server).run(&request()).await.unwrap();

    assert_eq!(transaction.transaction_id, FINAL_ID);
    assert_eq!(transaction.outcome, Some(TransactionStatus::Accepted));
    assert_eq!(transaction.status, Some(TransactionStatus::Ok));
    // Default policy: first poll after 30 s, then 5 s, then 10 s.
    assert_eq!(started.elapsed(), Duration::from_secs(45));

    let requests = server.requests();
    assert_eq!(requests.len(), 4, "one initiate and exactly 3 fetches");
    for recorded in &requests {
        assert_eq!(recorded.method, "POST");
        assert_eq!(recorded.target, "/transactions");
        assert_eq!(recorded.header("authorization"), Some(BASIC));
        assert_eq!(recorded.header("content-type"), Some("application/json"));
        assert_eq!(body(recorded)["workflowId"], WORKFLOW_ID);
        assert_eq!(body(recorded)["data"]["phoneNumber"], "919812345678");
    }
    assert!(body(&requests[0]).get("transactionId").is_none());
    for fetch in &requests[1..] {
        assert_eq!(body(fetch)["transactionId"], STARTED_ID);
        assert_eq!(fetch.body, requests[1].body);
    }
}

#[tokio::test(start_paused = true)]
async fn deadline_ends_polling_with_the_transaction_id() {
    let server =
        ScriptedServer::start(vec![answer("initiate.json"), answer("fetch_awaiting.json")]).await;
    let policy = PollPolicy::new(Duration::from_secs(30), Duration::from_secs(60))
        .interval(Duration::from_secs(10), Duration::from_secs(10))
        .max_polls(100);
    let error = client(&server)
        .run_with(&request(), &policy)
        .await
        .unwrap_err();
    match &error {
        Error::PollTimeout {
            vendor,
            operation,
            resource_id,
            polls,
            waited,
            ..
        } => {
            assert_eq!(*vendor, "bureau");
            assert_eq!(*operation, "fetch");
            assert_eq!(resource_id, STARTED_ID);
            // Polls at 30, 40 and 50 s; none starts at the 60 s deadline.
            assert_eq!(*polls, 3);
            assert_eq!(*waited, Duration::from_secs(60));
        }
        other => panic!("unexpected {other}"),
    }
    assert!(error.to_string().contains(STARTED_ID));
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test(start_paused = true)]
async fn max_polls_ends_polling_and_the_id_resumes_it() {
    let server = ScriptedServer::start(vec![
        answer("initiate.json"),
        answer("fetch_awaiting.json"),
        answer("fetch_awaiting.json"),
        answer("fetch_final.json"),
    ])
    .await;
    let client = client(&server);
    let policy = PollPolicy::new(Duration::from_secs(30), Duration::from_secs(600)).max_polls(2);
    let Error::PollTimeout {
        resource_id, polls, ..
    } = client.run_with(&request(), &policy).await.unwrap_err()
    else {
        panic!("expected a poll timeout")
    };
    assert_eq!(polls, 2);

    let resume = PollPolicy::new(Duration::ZERO, Duration::from_secs(60));
    let started = Instant::now();
    let transaction = client
        .poll(&request(), resource_id.as_str(), &resume)
        .await
        .unwrap();
    assert_eq!(started.elapsed(), Duration::ZERO, "resumed at once");
    assert_eq!(transaction.outcome, Some(TransactionStatus::Accepted));
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(body(&requests[3])["transactionId"], STARTED_ID);
}

#[tokio::test(start_paused = true)]
async fn fetch_503_is_retried_with_the_same_body() {
    let server = ScriptedServer::start(vec![
        Reply::json(503, fixture("bureau", "error_503.json")),
        answer("fetch_final.json"),
    ])
    .await;
    let transaction = client(&server).fetch(&request(), STARTED_ID).await.unwrap();
    assert_eq!(transaction.transaction_id, FINAL_ID);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(body(&requests[1])["transactionId"], STARTED_ID);
}

#[tokio::test(start_paused = true)]
async fn initiate_503_is_not_retried() {
    let server = ScriptedServer::start(vec![
        Reply::json(503, fixture("bureau", "error_503.json")),
        answer("initiate.json"),
    ])
    .await;
    let error = client(&server).run(&request()).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 1, "no second transaction");
}

#[tokio::test(start_paused = true)]
async fn a_bureau_outage_while_polling_counts_as_still_pending() {
    let server = ScriptedServer::start(vec![
        answer("initiate.json"),
        Reply::json(503, fixture("bureau", "error_503.json")),
    ])
    .await;
    let policy = PollPolicy::new(Duration::from_secs(30), Duration::from_secs(600)).max_polls(3);
    let error = client(&server)
        .run_with(&request(), &policy)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::PollTimeout { resource_id, polls: 3, .. } if resource_id == STARTED_ID),
        "{error}"
    );
    // Each poll is one fetch retried twice by the client's retry policy.
    assert_eq!(server.requests().len(), 1 + 3 * 3);
}

#[tokio::test(start_paused = true)]
async fn a_refused_poll_ends_the_run() {
    let server = ScriptedServer::start(vec![
        answer("initiate.json"),
        Reply::json(401, fixture("bureau", "error_401.json")),
    ])
    .await;
    let error = client(&server).run(&request()).await.unwrap_err();
    assert!(
        matches!(&error, Error::Polling { resource_id, polls: 1, cause, .. }
            if resource_id == STARTED_ID && matches!(**cause, Error::Auth { .. })),
        "{error}"
    );
    assert!(matches!(error.root_cause(), Error::Auth { .. }));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn dropping_the_future_stops_polling() {
    let server =
        ScriptedServer::start(vec![answer("initiate.json"), answer("fetch_awaiting.json")]).await;
    let client = client(&server);
    let outcome = tokio::time::timeout(Duration::from_secs(40), client.run(&request())).await;
    assert!(outcome.is_err(), "still polling at 40 s");
    let seen = server.requests().len();
    assert_eq!(seen, 3, "initiate, then polls at 30 and 35 s");
    tokio::time::sleep(Duration::from_secs(600)).await;
    assert_eq!(server.requests().len(), seen, "no poll after the drop");
}

#[tokio::test(start_paused = true)]
async fn an_answer_that_is_already_final_is_returned_without_polling() {
    let server = ScriptedServer::start(vec![answer("fetch_final.json")]).await;
    let started = Instant::now();
    let transaction = client(&server).run(&request()).await.unwrap();
    assert!(transaction.is_done());
    assert_eq!(started.elapsed(), Duration::ZERO);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_bureau_that_never_answers_cannot_hold_polling_past_the_deadline() {
    use leadkit_core::testing::{RawReply, RawServer};
    let server = RawServer::start(RawReply::Hang).await;
    let client = BureauClient::builder("test-credential", SecretString::from("test-secret-9f8e7d"))
        .base_url(server.url())
        .unwrap()
        .http_client(test_http_client())
        .build()
        .unwrap();
    let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(3));
    let started = Instant::now();
    let error = client
        .poll(&request(), STARTED_ID, &policy)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::PollTimeout { resource_id, polls: 1, .. } if resource_id == STARTED_ID),
        "{error}"
    );
    // The fetch in flight at the deadline (its own timeout is 5 s) is abandoned there.
    assert_within_50ms_of(started.elapsed(), Duration::from_secs(3));
}

#[tokio::test(start_paused = true)]
async fn default_policy_polls_nine_times_within_three_minutes() {
    let server =
        ScriptedServer::start(vec![answer("initiate.json"), answer("fetch_awaiting.json")]).await;
    let started = Instant::now();
    let error = client(&server).run(&request()).await.unwrap_err();
    match error {
        Error::PollTimeout {
            resource_id,
            polls,
            waited,
            ..
        } => {
            assert_eq!(resource_id, STARTED_ID);
            // Polls at 30, 35, 45, 65, 85, 105, 125, 145 and 165 s; the next is due at 185 s.
            assert_eq!(polls, 9);
            assert_eq!(waited, Duration::from_secs(180));
        }
        other => panic!("unexpected {other}"),
    }
    assert_eq!(started.elapsed(), Duration::from_secs(180));
    assert_eq!(server.requests().len(), 10);
}

#[tokio::test(start_paused = true)]
async fn a_rate_limited_fetch_waits_for_its_retry_after() {
    let server = ScriptedServer::start(vec![
        answer("initiate.json"),
        Reply::status(429).header("retry-after", "120"),
        answer("fetch_final.json"),
    ])
    .await;
    let started = Instant::now();
    let transaction = client(&server).run(&request()).await.unwrap();
    assert_eq!(transaction.outcome, Some(TransactionStatus::Accepted));
    // First fetch at 30 s (429, longer than the client's own retries wait for), the next
    // one 120 s later rather than after the 5 s interval.
    assert_eq!(started.elapsed(), Duration::from_secs(150));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_past_the_deadline_ends_polling_at_once() {
    let server = ScriptedServer::start(vec![
        answer("initiate.json"),
        Reply::json(503, fixture("bureau", "error_503.json")).header("retry-after", "600"),
    ])
    .await;
    let started = Instant::now();
    let error = client(&server).run(&request()).await.unwrap_err();
    match &error {
        Error::PollTimeout {
            resource_id,
            polls: 1,
            last_error: Some(last),
            ..
        } => {
            assert_eq!(resource_id, STARTED_ID);
            assert_eq!(last.status().map(|s| s.as_u16()), Some(503));
            assert_eq!(last.retry_after(), Some(Duration::from_secs(600)));
        }
        other => panic!("unexpected {other}"),
    }
    // One fetch at 30 s (not retried by the client: 600 s is over its `Retry-After` limit);
    // Bureau's 10 minutes would pass the 3-minute deadline, so the run ends there and then.
    assert_eq!(started.elapsed(), Duration::from_secs(30));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_failed_fetch_of_an_existing_transaction_carries_its_id() {
    for (reply, status) in [
        (
            Reply::json(
                404,
                r#"{"error":{"code":"NOT_FOUND","message":"no such transaction"}}"#,
            ),
            404,
        ),
        (Reply::json(401, fixture("bureau", "error_401.json")), 401),
        (
            Reply::json(200, r#"{"transactionId": ["not", "a", "string"]}"#),
            200,
        ),
        (Reply::json(200, "<html>maintenance</html>"), 200),
    ] {
        let server = ScriptedServer::start(vec![answer("initiate.json"), reply]).await;
        let error = client(&server).run(&request()).await.unwrap_err();
        assert!(matches!(error, Error::Polling { polls: 1, .. }), "{error}");
        assert_eq!(error.resource_id(), Some(STARTED_ID), "{error}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status), "{error}");
        assert!(error.to_string().contains(STARTED_ID));
        assert!(!error.is_retryable());
        assert_eq!(server.requests().len(), 2, "no fetch after a final error");
    }
}

#[tokio::test(start_paused = true)]
async fn a_hung_fetch_cannot_hold_the_default_policy_past_its_deadline() {
    use leadkit_core::testing::faults::{Act, FaultServer, http};
    let initiate = http(
        200,
        &[("content-type", "application/json")],
        fixture("bureau", "initiate.json").as_bytes(),
    );
    let server = FaultServer::start(vec![Act::Reply(initiate), Act::Silent], None).await;
    let client = BureauClient::builder("test-credential", SecretString::from("test-secret-9f8e7d"))
        .base_url(server.url())
        .unwrap()
        .http_client(test_http_client())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.run(&request()).await.unwrap_err();
    assert_within_50ms_of(started.elapsed(), Duration::from_secs(180));
    match &error {
        Error::PollTimeout {
            resource_id,
            last_error,
            ..
        } => {
            assert_eq!(resource_id, STARTED_ID);
            // Every fetch timed out (after the client's own retries); the last one was cut
            // by the deadline.
            assert!(
                last_error.as_deref().is_some_and(Error::is_timeout),
                "{last_error:?}"
            );
        }
        other => panic!("unexpected {other}"),
    }
}

/// `fetch_final.json` changed by `change`, as a 200 answer.
fn final_answer_with(change: impl FnOnce(&mut serde_json::Value)) -> Reply {
    let mut value: serde_json::Value =
        serde_json::from_str(&fixture("bureau", "fetch_final.json")).unwrap();
    change(&mut value);
    Reply::json(200, value.to_string())
}

#[tokio::test(start_paused = true)]
async fn poll_by_id_resumes_with_get_and_no_applicant_data() {
    let server = ScriptedServer::start(vec![
        answer("fetch_awaiting.json"),
        answer("fetch_awaiting.json"),
        answer("fetch_final.json"),
    ])
    .await;
    let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(60))
        .interval(Duration::from_secs(5), Duration::from_secs(20));
    let started = Instant::now();
    let transaction = client(&server)
        .poll_by_id(STARTED_ID, &policy)
        .await
        .unwrap();
    assert_eq!(transaction.outcome, Some(TransactionStatus::Accepted));
    // Polls at 0, 5 and 15 s.
    assert_eq!(started.elapsed(), Duration::from_secs(15));
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for recorded in &requests {
        assert_eq!(recorded.method, "GET");
        assert_eq!(recorded.target, format!("/transactions/{STARTED_ID}"));
        assert_eq!(recorded.header("authorization"), Some(BASIC));
        assert!(recorded.body.is_empty(), "a GET carries no applicant data");
    }
}

#[tokio::test(start_paused = true)]
async fn poll_by_id_with_progress_reports_each_poll_and_the_deadline() {
    let server = ScriptedServer::start(vec![
        answer("fetch_awaiting.json"),
        answer("fetch_awaiting.json"),
        answer("fetch_final.json"),
    ])
    .await;
    let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(60))
        .interval(Duration::from_secs(5), Duration::from_secs(20))
        .max_polls(9);
    let mut seen = Vec::new();
    let transaction = client(&server)
        .poll_by_id_with_progress(STARTED_ID, &policy, |progress: &Progress<'_>| {
            assert_eq!(progress.transaction_id, STARTED_ID);
            seen.push((
                progress.poll,
                progress.elapsed,
                progress.deadline,
                progress.max_polls,
                progress.is_final(),
            ));
        })
        .await
        .unwrap();
    assert_eq!(transaction.outcome, Some(TransactionStatus::Accepted));
    let minute = Duration::from_secs(60);
    // Polls at 0, 5 and 15 s, numbered from 1: nothing was initiated.
    assert_eq!(
        seen,
        [
            (1, Duration::ZERO, minute, 9, false),
            (2, Duration::from_secs(5), minute, 9, false),
            (3, Duration::from_secs(15), minute, 9, true),
        ]
    );
    assert!(
        server.requests().iter().all(|r| r.method == "GET"),
        "polled by id"
    );
}

#[tokio::test(start_paused = true)]
async fn poll_by_id_keeps_the_id_when_bureau_refuses() {
    let server =
        ScriptedServer::start(vec![Reply::json(401, fixture("bureau", "error_401.json"))]).await;
    let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(60));
    let error = client(&server)
        .poll_by_id(STARTED_ID, &policy)
        .await
        .unwrap_err();
    match &error {
        Error::Polling {
            operation,
            resource_id,
            polls: 1,
            cause,
            ..
        } => {
            assert_eq!(*operation, "transaction");
            assert_eq!(resource_id, STARTED_ID);
            assert!(matches!(**cause, Error::Auth { .. }), "{cause}");
        }
        other => panic!("unexpected {other}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_200_that_reports_failure_ends_polling_with_the_transaction_id() {
    type Change = fn(&mut serde_json::Value);
    let cases: [(Change, &str); 4] = [
        (|v| v["statusCode"] = 500.into(), "500"),
        (|v| v["statusCode"] = "422".into(), "422"),
        (|v| v["error"] = "workflow execution failed".into(), ""),
        (|v| v["status"] = "FAILED".into(), "FAILED"),
    ];
    for (change, code) in cases {
        let server = ScriptedServer::start(vec![
            answer("initiate.json"),
            final_answer_with(change),
            answer("fetch_final.json"),
        ])
        .await;
        let started = Instant::now();
        let error = client(&server).run(&request()).await.unwrap_err();
        assert!(
            matches!(&error, Error::Polling { resource_id, polls: 1, .. } if resource_id == STARTED_ID),
            "{error}"
        );
        assert!(error.to_string().contains(STARTED_ID), "{error}");
        assert!(!error.is_retryable());
        let Error::Status { status, body, .. } = error.root_cause() else {
            panic!("expected a status error beneath: {error}")
        };
        assert_eq!(status.as_u16(), 200, "the HTTP status as received");
        assert!(body.text().starts_with('{'), "the answer is kept");
        let message = error.vendor_message().unwrap();
        // The id the answer itself carries, for Bureau's support.
        assert_eq!(message.reference_id(), Some(FINAL_ID));
        if code.is_empty() {
            assert_eq!(message.code(), None);
            assert_eq!(message.message(), Some("workflow execution failed"));
        } else {
            assert_eq!(message.code(), Some(code));
        }
        assert_eq!(
            started.elapsed(),
            Duration::from_secs(30),
            "no further poll"
        );
        assert_eq!(server.requests().len(), 2, "no further poll");
    }
}

#[tokio::test(start_paused = true)]
async fn an_answer_without_status_or_outcome_is_polled_again() {
    let silent = |v: &mut serde_json::Value| {
        let object = v.as_object_mut().unwrap();
        object.remove("status");
        object.remove("outcome");
    };
    let server = ScriptedServer::start(vec![
        answer("initiate.json"),
        final_answer_with(silent),
        final_answer_with(|v| {
            v["status"] = "".into();
            v["outcome"] = serde_json::Value::Null;
        }),
        answer("fetch_final.json"),
    ])
    .await;
    let started = Instant::now();
    let transaction = client(&server).run(&request()).await.unwrap();
    assert_eq!(transaction.outcome, Some(TransactionStatus::Accepted));
    // Polls at 30, 35 and 45 s: the two silent answers were not taken as final.
    assert_eq!(started.elapsed(), Duration::from_secs(45));
    assert_eq!(server.requests().len(), 4);

    // Nor is an initiate answer that says nothing.
    let server =
        ScriptedServer::start(vec![final_answer_with(silent), answer("fetch_final.json")]).await;
    let started = Instant::now();
    let transaction = client(&server).run(&request()).await.unwrap();
    assert!(transaction.is_done());
    assert_eq!(started.elapsed(), Duration::from_secs(30));
    assert_eq!(server.requests().len(), 2);
}

/// What a progress hook saw, owned.
#[derive(Debug, PartialEq)]
struct Seen {
    poll: u32,
    elapsed: Duration,
    deadline: Duration,
    done: Vec<ServiceName>,
    pending: Vec<ServiceName>,
    error: Option<u16>,
    is_final: bool,
}

#[tokio::test(start_paused = true)]
async fn run_with_progress_reports_each_poll() {
    let server = ScriptedServer::start(vec![
        answer("initiate.json"),
        answer("fetch_awaiting.json"),
        // Longer than the client's own retries wait: the poller waits it out.
        Reply::status(429).header("retry-after", "120"),
        answer("fetch_final.json"),
    ])
    .await;
    let mut seen = Vec::new();
    let transaction = client(&server)
        .run_with_progress(
            &request(),
            &bureau_altdata::default_poll_policy(),
            |progress: &Progress<'_>| {
                assert_eq!(progress.transaction_id, STARTED_ID);
                assert_eq!(progress.max_polls, 10);
                assert_eq!(progress.remaining(), progress.deadline - progress.elapsed);
                seen.push(Seen {
                    poll: progress.poll,
                    elapsed: progress.elapsed,
                    deadline: progress.deadline,
                    done: progress.done(),
                    pending: progress.pending(),
                    error: progress.error.and_then(|e| e.status()).map(|s| s.as_u16()),
                    is_final: progress.is_final(),
                });
            },
        )
        .await
        .unwrap();
    assert_eq!(transaction.outcome, Some(TransactionStatus::Accepted));

    let minutes = Duration::from_secs(180);
    let initiated = Seen {
        poll: 0,
        elapsed: Duration::ZERO,
        deadline: minutes,
        done: vec![ServiceName::EmailSocialBasicSubmit],
        pending: vec![ServiceName::EmailSocialBasicReport],
        error: None,
        is_final: false,
    };
    let awaiting = Seen {
        poll: 1,
        elapsed: Duration::from_secs(30),
        done: vec![ServiceName::EmailSocialBasicSubmit],
        pending: vec![
            ServiceName::EmailAttributes,
            ServiceName::EmailSocialBasicReport,
        ],
        ..initiated
    };
    let limited = Seen {
        poll: 2,
        elapsed: Duration::from_secs(35),
        // The answer before the failed poll, reported again.
        done: awaiting.done.clone(),
        pending: awaiting.pending.clone(),
        error: Some(429),
        deadline: minutes,
        is_final: false,
    };
    let last = Seen {
        poll: 3,
        elapsed: Duration::from_secs(155),
        done: ServiceName::KNOWN.to_vec(),
        pending: vec![],
        error: None,
        deadline: minutes,
        is_final: true,
    };
    assert_eq!(seen, [initiated, awaiting, limited, last]);
}

#[tokio::test(start_paused = true)]
async fn run_with_progress_reports_an_already_final_initiate_once() {
    let server = ScriptedServer::start(vec![answer("fetch_final.json")]).await;
    let mut polls = Vec::new();
    let transaction = client(&server)
        .run_with_progress(
            &request(),
            &PollPolicy::new(Duration::from_secs(30), Duration::from_secs(60)),
            |p: &Progress<'_>| {
                polls.push((p.poll, p.is_final(), p.not_started()));
            },
        )
        .await
        .unwrap();
    assert!(transaction.is_done());
    assert_eq!(polls, [(0, true, vec![])]);
    assert_eq!(server.requests().len(), 1);
}
