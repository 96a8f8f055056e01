//! `leadkit friendlyscore …` against the mock.

mod common;

use common::{FACEBOOK_TOKEN, TempFile, leadkit, server};

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
