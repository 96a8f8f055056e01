//! `leadkit jornaya|friendlyscore|bureau …` against the mock.

mod common;

use common::{FACEBOOK_TOKEN, TempFile, leadkit, server};
use leadkit_mock::Vendor;

const GREEN: &str = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D";
const RED: &str = "0A1B2C3D-4E5F-4A6B-8C7D-000000000003";

#[test]
fn jornaya_preaudit() {
    let server = server();
    let url = server.jornaya_url();
    let green = leadkit(&[
        "--json",
        "jornaya",
        "--base-url",
        &url,
        "preaudit",
        "--token",
        GREEN,
        "--entity",
        "BUYER",
    ])
    .expect(0);
    assert_eq!(green.json()["result"], "green");
    assert_eq!(green.json()["labels"]["green"], "Good Lead");

    let red = leadkit(&[
        "--json",
        "jornaya",
        "--base-url",
        &url,
        "preaudit",
        "--token",
        RED,
        "--entity",
        "BUYER",
        "--xml",
        "--post",
        "--email",
        "joe@smith.com",
        "--first-name",
        "joe",
        "--data",
        "custom=x",
    ])
    .expect(0);
    let json = red.json();
    assert_eq!(json["result"], "red");
    assert!(json["reasons"].as_array().is_some_and(|r| !r.is_empty()));
    assert_eq!(json["reasons"][0]["flag"], "red");

    let human = leadkit(&[
        "jornaya",
        "--base-url",
        &url,
        "preaudit",
        "--token",
        RED,
        "--entity",
        "BUYER",
    ])
    .expect(0);
    assert!(human.stdout.starts_with("Result: red"), "{}", human.stdout);

    let reasons = leadkit(&["jornaya", "reasons"]).expect(0);
    assert!(reasons.stdout.contains("r4.6"));
}

#[test]
fn jornaya_invalid_input_and_auth() {
    let server = server();
    let url = server.jornaya_url();
    let bad = leadkit(&[
        "jornaya",
        "--base-url",
        &url,
        "preaudit",
        "--token",
        "not-a-token",
        "--entity",
        "BUYER",
    ])
    .expect(2);
    assert!(bad.stderr.contains("`id`"), "{}", bad.stderr);
    leadkit(&[
        "jornaya",
        "--base-url",
        &url,
        "preaudit",
        "--token",
        GREEN,
        "--entity",
        "BUYER",
        "--last-name",
        "Smith|Jones",
    ])
    .expect(2);
    assert_eq!(server.request_count(Vendor::Jornaya), 0);

    let env: Vec<_> = common::env()
        .into_iter()
        .filter(|(k, _)| *k != "LEADKIT_JORNAYA_BEARER_TOKEN")
        .collect();
    let refused = common::leadkit_with_env(
        &[
            "-vv",
            "jornaya",
            "--base-url",
            &url,
            "preaudit",
            "--token",
            GREEN,
            "--entity",
            "BUYER",
        ],
        &env,
    )
    .expect(3);
    assert!(
        refused.stderr.contains("authentication failed"),
        "{}",
        refused.stderr
    );
}

fn tokens_file() -> TempFile {
    TempFile::new(
        "tokens.json",
        &format!("{{\"facebook\": \"{FACEBOOK_TOKEN}\"}}"),
    )
}

#[test]
fn friendlyscore_user_reads() {
    let server = server();
    let url = server.friendlyscore_url();
    let show = leadkit(&[
        "--json",
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "show",
        "--partner-id",
        "customer-42",
    ])
    .expect(0);
    assert_eq!(show.json()["answer"], "ready");
    assert_eq!(show.json()["data"]["id"], "1187");
    let human = leadkit(&[
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "show",
        "--id",
        "1187",
    ])
    .expect(0);
    assert!(human.stdout.contains("friendlyscore"), "{}", human.stdout);
    assert!(human.stdout.contains("1187"), "{}", human.stdout);

    for action in [
        "social",
        "ip-addr",
        "data-points",
        "heat-map",
        "min-fraud",
        "fraud-alerts",
    ] {
        let run = leadkit(&[
            "--json",
            "friendlyscore",
            "--base-url",
            &url,
            "user",
            action,
            "--partner-id",
            "customer-42",
        ])
        .expect(0);
        assert_eq!(run.json()["answer"], "ready", "{action}");
        assert!(!run.json()["data"].is_null(), "{action}");
    }
    for list in [
        "places",
        "days-of-birth",
        "skills",
        "phones",
        "work-periods",
        "universities",
        "emails",
    ] {
        let run = leadkit(&[
            "--json",
            "friendlyscore",
            "--base-url",
            &url,
            "user",
            "gmail",
            list,
            "--id",
            "1187",
        ])
        .expect(0);
        assert_eq!(run.json()["answer"], "ready", "{list}");
    }
    let nodata = leadkit(&[
        "--json",
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "show",
        "--partner-id",
        "nodata",
    ])
    .expect(0);
    assert_eq!(nodata.json()["answer"], "no_data");
    let scheduled = leadkit(&[
        "--json",
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "show",
        "--partner-id",
        "scheduled",
    ])
    .expect(0);
    assert_eq!(scheduled.json()["answer"], "scheduled");
    let missing = leadkit(&[
        "--json",
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "show",
        "--partner-id",
        "notfound",
    ])
    .expect(3);
    assert_eq!(missing.json_error()["error"]["status"], 404);
}

#[test]
fn friendlyscore_score_and_writes() {
    let server = server();
    let url = server.friendlyscore_url();
    let tokens = tokens_file();
    let ack = leadkit(&[
        "--json",
        "-vv",
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "score",
        "--partner-id",
        "customer-42",
        "--ip",
        "203.0.113.7",
        "--access-tokens",
        tokens.path(),
        "--ua-os",
        "Android",
        "--ua-mobile",
        "true",
    ])
    .expect(0);
    assert_eq!(ack.json()["message"], "Queued for calculation.");
    assert_eq!(ack.json()["user_id"], "customer-42");
    let waited = leadkit(&[
        "--json",
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "score",
        "--partner-id",
        "scheduled-2",
        "--ip",
        "203.0.113.7",
        "--access-tokens",
        tokens.path(),
        "--wait",
        "--first-poll",
        "0",
        "--poll-interval",
        "0.01",
    ])
    .expect(0);
    assert_eq!(waited.json()["answer"], "ready");
    assert_eq!(waited.json()["user"]["friendlyscore"], 712);
    let wait = leadkit(&[
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "wait",
        "--partner-id",
        "scheduled",
        "--first-poll",
        "0",
        "--poll-interval",
        "0.01",
    ])
    .expect(0);
    assert!(wait.stdout.contains("712"), "{}", wait.stdout);
    let missing_ip = leadkit(&[
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "score",
        "--partner-id",
        "missing-ip",
        "--ip",
        "203.0.113.7",
        "--access-tokens",
        tokens.path(),
    ])
    .expect(3);
    assert!(
        missing_ip.stderr.contains("IP Address is mandatory"),
        "{}",
        missing_ip.stderr
    );

    let performance = leadkit(&[
        "--json",
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "performance",
        "--partner-id",
        "customer-42",
        "--application-date",
        "2024-01-31 17:05:00",
        "--application-status",
        "accepted",
        "--loan-value",
        "1500",
        "--currency",
        "GBP",
        "--term",
        "90",
        "--loan-status",
        "active",
        "--installment",
        "true",
        "--comments",
        "1,0,0",
    ])
    .expect(0);
    assert_eq!(performance.json()["message"], "Performance data saved.");
    let positive = leadkit(&[
        "--json",
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "positive",
        "--partner-id",
        "customer-42",
        "true",
    ])
    .expect(0);
    assert_eq!(positive.json()["result"], "success");
    let status = leadkit(&[
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "status",
        "--partner-id",
        "customer-42",
        "--status",
        "2",
        "--description",
        "Loan granted",
    ])
    .expect(0);
    assert!(status.stdout.contains("Status set."), "{}", status.stdout);

    leadkit(&[
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "performance",
        "--partner-id",
        "c",
        "--application-date",
        "31/01/2024",
    ])
    .expect(2);
    let bad_tokens = TempFile::new("bad-tokens.json", "{\"myspace\": \"x\"}");
    leadkit(&[
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "score",
        "--partner-id",
        "c",
        "--ip",
        "203.0.113.7",
        "--access-tokens",
        bad_tokens.path(),
    ])
    .expect(2);
    leadkit(&[
        "friendlyscore",
        "--base-url",
        &url,
        "user",
        "score",
        "--partner-id",
        "c",
        "--ip",
        "not-an-ip",
        "--access-tokens",
        tokens.path(),
    ])
    .expect(2);
}

#[test]
fn friendlyscore_listing_and_refusal() {
    let server = server();
    let url = server.friendlyscore_url();
    let page = leadkit(&[
        "--json",
        "friendlyscore",
        "--base-url",
        &url,
        "users",
        "--page",
        "2",
        "--max-results",
        "2",
    ])
    .expect(0);
    assert_eq!(
        page.json()["data"]["users"].as_array().map(Vec::len),
        Some(2)
    );
    let all = leadkit(&[
        "--json",
        "friendlyscore",
        "--base-url",
        &url,
        "users",
        "--all",
        "--max-results",
        "2",
    ])
    .expect(0);
    assert_eq!(all.json()["count"], 5);
    let human = leadkit(&["friendlyscore", "--base-url", &url, "users", "--all"]).expect(0);
    assert!(human.stdout.contains("5 user(s)"), "{}", human.stdout);
    leadkit(&[
        "friendlyscore",
        "--base-url",
        &url,
        "users",
        "--max-results",
        "201",
    ])
    .expect(2);

    let env: Vec<_> = common::env()
        .into_iter()
        .map(|(k, v)| {
            if k == "LEADKIT_FRIENDLYSCORE_CLIENT_SECRET" {
                (k, "WRONG-fs-secret".to_owned())
            } else {
                (k, v)
            }
        })
        .collect();
    let refused =
        common::leadkit_with_env(&["-vv", "friendlyscore", "--base-url", &url, "users"], &env)
            .expect(3);
    assert!(!refused.stderr.contains("WRONG-fs-secret"));
}

fn applicant(email: &str) -> Vec<&str> {
    vec![
        "--phone",
        "919812345678",
        "--email",
        email,
        "--name",
        "Asha Verma",
    ]
}

#[test]
fn bureau_run_and_steps() {
    let server = server();
    let url = server.bureau_url();
    let mut args = vec!["--json", "bureau", "--base-url", &url, "run"];
    args.extend(applicant("await2@example.com"));
    args.extend([
        "--derived-signals",
        "--first-poll",
        "0",
        "--poll-interval",
        "0.01",
    ]);
    let run = leadkit(&args).expect(0);
    let json = run.json();
    assert_eq!(json["outcome"], "ACCEPTED");
    let id = json["transactionId"].as_str().unwrap().to_owned();

    let get = leadkit(&["bureau", "--base-url", &url, "get", "--transaction-id", &id]).expect(0);
    assert!(get.stdout.contains(&id), "{}", get.stdout);
    assert!(
        get.stdout.contains("alternate risk score"),
        "{}",
        get.stdout
    );

    let mut initiate = vec!["--json", "bureau", "--base-url", &url, "initiate"];
    initiate.extend(applicant("asha@example.com"));
    let started = leadkit(&initiate).expect(0).json();
    assert_eq!(started["outcome"], "AWAITING");
    let started_id = started["transactionId"].as_str().unwrap().to_owned();

    let mut fetch = vec![
        "--json",
        "bureau",
        "--base-url",
        &url,
        "fetch",
        "--transaction-id",
        &started_id,
    ];
    fetch.extend(applicant("asha@example.com"));
    assert_eq!(leadkit(&fetch).expect(0).json()["outcome"], "AWAITING");
    let mut poll = vec![
        "bureau",
        "--base-url",
        &url,
        "poll",
        "--transaction-id",
        &started_id,
        "--poll-interval",
        "0.01",
    ];
    poll.extend(applicant("asha@example.com"));
    let polled = leadkit(&poll).expect(0);
    assert!(polled.stdout.contains("ACCEPTED"), "{}", polled.stdout);
}

#[test]
fn bureau_errors() {
    let server = server();
    let url = server.bureau_url();
    let mut bad = vec!["bureau", "--base-url", &url, "initiate"];
    bad.extend([
        "--phone",
        "9812345678",
        "--email",
        "asha@example.com",
        "--name",
        "Asha",
    ]);
    let run = leadkit(&bad).expect(2);
    assert!(run.stderr.contains("phoneNumber"), "{}", run.stderr);
    assert_eq!(server.request_count(Vendor::Bureau), 0);

    let env: Vec<_> = common::env()
        .into_iter()
        .filter(|(k, _)| *k != "LEADKIT_BUREAU_WORKFLOW_ID")
        .collect();
    let mut args = vec!["bureau", "--base-url", &url, "initiate"];
    args.extend(applicant("asha@example.com"));
    let missing = common::leadkit_with_env(&args, &env).expect(2);
    assert!(
        missing.stderr.contains("LEADKIT_BUREAU_WORKFLOW_ID"),
        "{}",
        missing.stderr
    );

    // Still AWAITING when the wait runs out: exit 5, the id is in the error.
    let mut gave_up = vec!["--json", "-v", "bureau", "--base-url", &url, "run"];
    gave_up.extend(applicant("await50@example.com"));
    gave_up.extend([
        "--first-poll",
        "0",
        "--poll-interval",
        "0.01",
        "--max-wait",
        "0.3",
    ]);
    let run = leadkit(&gave_up).expect(5);
    assert_eq!(run.json_error()["error"]["kind"], "poll_timeout");
    assert!(
        run.json_error()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("c7f3b313-")
    );

    let mut unavailable = vec!["bureau", "--base-url", &url, "initiate"];
    unavailable.extend([
        "--phone",
        "919812345678",
        "--email",
        "asha@example.com",
        "--name",
        "mock-503",
    ]);
    leadkit(&unavailable).expect(3);
    let mut truncated = vec!["-vv", "bureau", "--base-url", &url, "initiate"];
    truncated.extend([
        "--phone",
        "919812345678",
        "--email",
        "asha@example.com",
        "--name",
        "mock-truncate",
    ]);
    leadkit(&truncated).expect(4);
}
