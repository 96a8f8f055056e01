//! `run` and `poll` under paused tokio time against a scripted in-runtime server: no real
//! sleeping, exact poll counts and timings.

use std::time::Duration;

use bureau_altdata::{
    BureauClient, Error, PollPolicy, SecretString, TransactionRequest, TransactionStatus,
};
use leadkit_core::testing::{RecordedRequest, Reply, ScriptedServer, fixture, test_http_client};
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
            // Polls at 30, 40, 50 and 60 s.
            assert_eq!(*polls, 4);
            assert_eq!(*waited, Duration::from_secs(60));
        }
        other => panic!("unexpected {other}"),
    }
    assert!(error.to_string().contains(STARTED_ID));
    assert_eq!(server.requests().len(), 5);
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
        .poll(&request(), &resource_id, &resume)
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
    assert!(matches!(error, Error::Auth { .. }), "{error}");
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
    // The one poll in flight at the deadline gets the grace period, no more.
    assert_eq!(started.elapsed(), bureau_altdata::LAST_POLL_GRACE);
}

#[tokio::test(start_paused = true)]
async fn default_policy_polls_ten_times_over_three_minutes() {
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
            assert_eq!(polls, 10);
            assert_eq!(waited, Duration::from_secs(180));
        }
        other => panic!("unexpected {other}"),
    }
    assert_eq!(started.elapsed(), Duration::from_secs(180));
    assert_eq!(server.requests().len(), 11);
}
