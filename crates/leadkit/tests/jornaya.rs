//! `leadkit jornaya …` against the mock.

mod common;

use common::{leadkit, server};
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
    assert!(
        human.stdout.starts_with("Jornaya pre-audit: red"),
        "{}",
        human.stdout
    );

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
    assert!(bad.stderr.contains("invalid --token"), "{}", bad.stderr);
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
