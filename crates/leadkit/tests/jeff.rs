//! `leadkit jeff …` against the mock.

mod common;

use common::{JEFF_PASSWORD, leadkit, server};
use leadkit_mock::Vendor;

#[test]
fn lead_match_json_and_human() {
    let server = server();
    let api = server.jeff_api_url();
    let run = leadkit(&[
        "--json",
        "jeff",
        "--base-url",
        &api,
        "lead",
        "--email",
        "jon.doe@example.com",
        "--phone",
        "84877797487",
    ])
    .expect(0);
    let json = run.json();
    assert_eq!(json["outcome"], "lead");
    let id = json["lead"]["id"].as_str().unwrap().to_owned();
    assert!(!id.is_empty());

    let human = leadkit(&[
        "jeff",
        "lead",
        "--base-url",
        &api,
        "--email",
        "jon.doe@example.com",
    ])
    .expect(0);
    assert!(
        human.stdout.contains("Jeff lead found."),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains(&id));
}

#[test]
fn lead_no_match_and_fraud_only() {
    let server = server();
    let api = server.jeff_api_url();
    let none = leadkit(&[
        "--json",
        "jeff",
        "--base-url",
        &api,
        "lead",
        "--email",
        "nomatch@example.com",
    ])
    .expect(0);
    assert_eq!(none.json()["outcome"], "no_match");
    let human = leadkit(&["jeff", "--base-url", &api, "lead", "--phone", "84000000204"]).expect(0);
    assert!(human.stdout.contains("no match"));
    let fraud_only = leadkit(&[
        "--json",
        "jeff",
        "--base-url",
        &api,
        "lead",
        "--phone",
        "84000000300",
    ])
    .expect(0);
    assert_eq!(fraud_only.json()["outcome"], "non_lead_match");
    assert!(fraud_only.json()["fraud_data"].is_object());
}

#[test]
fn vendor_error_is_exit_3_with_the_message() {
    let server = server();
    let api = server.jeff_api_url();
    let run = leadkit(&["jeff", "--base-url", &api, "lead", "--phone", "84000000400"]).expect(3);
    assert!(run.stderr.contains("HTTP 400"), "{}", run.stderr);
    assert!(
        run.stderr.contains("Wrong phone number format"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    let json = leadkit(&[
        "--json",
        "jeff",
        "--base-url",
        &api,
        "fraud",
        "--phone",
        "84000000400",
    ])
    .expect(3);
    let error = json.json_error();
    assert_eq!(error["error"]["kind"], "status");
    assert_eq!(error["error"]["status"], 400);
    assert_eq!(error["error"]["exit_code"], 3);
}

#[test]
fn invalid_input_is_exit_2_and_sends_nothing() {
    let server = server();
    let api = server.jeff_api_url();
    let run = leadkit(&[
        "jeff",
        "--base-url",
        &api,
        "lead",
        "--phone",
        "+84 877 797 487",
    ])
    .expect(2);
    assert!(run.stderr.contains("invalid --phone"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("877"),
        "the value is not echoed: {}",
        run.stderr
    );
    // clap's own usage errors are exit 2 as well.
    leadkit(&["jeff", "lead"]).expect(2);
    leadkit(&[
        "jeff",
        "--base-url",
        &api,
        "event",
        "loan-issued",
        "--lead-id",
        "l",
        "--external-id",
        "e",
        "--reason",
        "x",
    ])
    .expect(2);
    leadkit(&[
        "jeff",
        "--base-url",
        &api,
        "event",
        "lead-qualified",
        "--lead-s2s-id",
        "l",
        "--external-id",
        "e",
    ])
    .expect(2);
    assert_eq!(server.request_count(Vendor::Jeff), 0);
}

#[test]
fn fraud_social_and_events() {
    let server = server();
    let api = server.jeff_api_url();
    let data = server.jeff_data_url();
    let fraud = leadkit(&[
        "--json",
        "jeff",
        "--base-url",
        &api,
        "fraud",
        "--phone",
        "639365429568",
    ])
    .expect(0);
    assert_eq!(
        fraud.json()["fraud_data"]["phone_marked_fraud_by"][0],
        "ae8d566b56f65581"
    );
    let human = leadkit(&[
        "jeff",
        "--base-url",
        &api,
        "fraud",
        "--phone",
        "639365429568",
    ])
    .expect(0);
    assert!(human.stdout.contains("marked fraud"), "{}", human.stdout);
    assert!(human.stdout.contains("1 partner(s)"), "{}", human.stdout);

    let social = leadkit(&[
        "--json",
        "jeff",
        "--data-base-url",
        &data,
        "social",
        "--email",
        "jon.doe@example.com",
        "--max-wait",
        "5",
        "--platform",
        "zalo,facebook",
    ])
    .expect(0);
    assert!(
        social.json()["social_presence"]["platform_presence_facts"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );
    let social_text = leadkit(&[
        "jeff",
        "--data-base-url",
        &data,
        "social",
        "--email",
        "jon.doe@example.com",
    ])
    .expect(0);
    assert!(
        social_text.stdout.contains("platform"),
        "{}",
        social_text.stdout
    );

    for (event, extra) in [
        ("application-completed", vec!["--lead-id", "jeff-lead"]),
        ("lead-exists", vec!["--lead-id", "jeff-lead"]),
        (
            "lead-rejected",
            vec!["--lead-id", "jeff-lead", "--reason", "income too low"],
        ),
        ("lead-qualified", vec!["--lead-id", "jeff-lead", "--post"]),
        ("loan-rejected", vec!["--lead-id", "jeff-lead"]),
        (
            "loan-issued",
            vec!["--lead-s2s-id", "s2s-1", "--price-group", "B", "--repeated"],
        ),
        ("loan-issued", vec!["--lead-marketing-api-id", "m-1"]),
    ] {
        let mut args = vec![
            "--json",
            "jeff",
            "--base-url",
            &api,
            "event",
            event,
            "--external-id",
            "app-1042",
        ];
        args.extend(extra);
        let run = leadkit(&args).expect(0);
        assert_eq!(run.json()["event"], event);
        assert_eq!(run.json()["outcome"], "accepted");
    }
    let human = leadkit(&[
        "jeff",
        "--base-url",
        &api,
        "event",
        "loan-issued",
        "--lead-id",
        "l",
        "--external-id",
        "e",
    ])
    .expect(0);
    assert!(
        human.stdout.contains("Jeff accepted loan-issued"),
        "{}",
        human.stdout
    );
    let declined = leadkit(&[
        "jeff",
        "--base-url",
        &api,
        "event",
        "loan-issued",
        "--lead-id",
        "l",
        "--external-id",
        "illogical",
    ])
    .expect(3);
    assert!(
        declined.stderr.contains("vendor says"),
        "{}",
        declined.stderr
    );
}

#[test]
fn query_credentials_and_verbose_never_show_the_password() {
    let server = server();
    let api = server.jeff_api_url();
    let run = leadkit(&[
        "-vv",
        "jeff",
        "--query-credentials",
        "--base-url",
        &api,
        "fraud",
        "--email",
        "jon.doe@example.com",
    ])
    .expect(0);
    assert!(
        run.stderr
            .contains("LEADKIT_JEFF_PASSWORD from the environment"),
        "{}",
        run.stderr
    );
    // Errors under --verbose and query credentials: still nothing.
    leadkit(&[
        "-vv",
        "jeff",
        "--query-credentials",
        "--base-url",
        &api,
        "fraud",
        "--email",
        "mock-503@example.com",
    ])
    .expect(3);
    leadkit(&[
        "-vv",
        "jeff",
        "--query-credentials",
        "--base-url",
        &api,
        "fraud",
        "--email",
        "mock-drop@example.com",
    ])
    .expect(4);
}

#[test]
fn wrong_and_missing_credentials() {
    let server = server();
    let api = server.jeff_api_url();
    let mut env = common::env();
    for (key, value) in &mut env {
        if *key == "LEADKIT_JEFF_PASSWORD" {
            *value = "WRONG-jeff-password".into();
        }
    }
    let refused = common::leadkit_with_env(
        &[
            "-v",
            "jeff",
            "--base-url",
            &api,
            "fraud",
            "--phone",
            "639365429568",
        ],
        &env,
    )
    .expect(3);
    assert!(
        refused.stderr.contains("authentication failed"),
        "{}",
        refused.stderr
    );
    assert!(!refused.stderr.contains("WRONG-jeff-password"));

    let missing = common::leadkit_with_env(
        &[
            "jeff",
            "--base-url",
            &api,
            "fraud",
            "--phone",
            "639365429568",
        ],
        &[],
    )
    .expect(2);
    assert!(
        missing.stderr.contains("LEADKIT_JEFF_USERNAME is not set"),
        "{}",
        missing.stderr
    );
    let _ = JEFF_PASSWORD;
}

#[test]
fn network_failures_are_exit_4() {
    let refused = common::refused_url();
    let run = leadkit(&[
        "jeff",
        "--base-url",
        &refused,
        "fraud",
        "--phone",
        "639365429568",
    ])
    .expect(4);
    assert!(run.stderr.contains("could not connect"), "{}", run.stderr);
    let server = server();
    let api = server.jeff_api_url();
    let slow = leadkit(&[
        "--timeout",
        "0.2",
        "--json",
        "jeff",
        "--base-url",
        &api,
        "fraud",
        "--email",
        "mock-slow@example.com",
    ])
    .expect(4);
    // A fraud look-up counts in Jeff's request statistics: a timeout after sending is an
    // unknown outcome (still exit 4, the network's).
    assert_eq!(slow.json_error()["error"]["kind"], "outcome_unknown");
    assert_eq!(slow.json_error()["error"]["outcome_unknown"], true);
    let limited = leadkit(&[
        "jeff",
        "--base-url",
        &api,
        "fraud",
        "--email",
        "mock-429@example.com",
    ])
    .expect(3);
    assert!(
        limited.stderr.contains("rate limited"),
        "{}",
        limited.stderr
    );
}
