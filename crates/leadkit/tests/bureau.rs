//! `leadkit bureau …` against the mock.

mod common;

use common::{leadkit, server};
use leadkit_mock::Vendor;

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
    let id = json["transaction_id"].as_str().unwrap().to_owned();

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
    let started_id = started["transaction_id"].as_str().unwrap().to_owned();

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
    let poll = vec![
        "bureau",
        "--base-url",
        &url,
        "poll",
        "--transaction-id",
        &started_id,
        "--poll-interval",
        "0.01",
    ];
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
    assert!(run.stderr.contains("invalid --phone"), "{}", run.stderr);
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
    let error = &run.json_error()["error"];
    assert!(
        error["resume_id"]
            .as_str()
            .unwrap()
            .starts_with("c7f3b313-"),
        "{error}"
    );
    assert!(
        error["hint"]
            .as_str()
            .unwrap()
            .contains("leadkit bureau poll --id c7f3b313-"),
        "{error}"
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

/// Ctrl-C (SIGINT) while a Bureau run polls: exit 130, the transaction id to resume with, JSON
/// on stderr with `--json`.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_with_the_id_to_resume() {
    let server = server();
    let url = server.bureau_url();
    let mut args = vec![
        "--json",
        "bureau",
        "--base-url",
        &url,
        "run",
        "--first-poll",
        "0",
        "--poll-interval",
        "0.05",
        "--max-wait",
        "30",
    ];
    args.extend(applicant("await5000@example.com"));
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_leadkit"))
        .args(&args)
        .env_clear()
        .envs(common::env())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the transaction is polled, then interrupt.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while server.request_count(Vendor::Bureau) < 3 {
        assert!(std::time::Instant::now() < deadline, "no polls");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(output.stdout.is_empty());
    let error: serde_json::Value =
        serde_json::from_str(stderr.trim().lines().last().unwrap()).unwrap();
    assert_eq!(error["error"]["kind"], "interrupted");
    assert_eq!(error["error"]["exit_code"], 130);
    let id = error["error"]["resume_id"].as_str().unwrap();
    assert_eq!(id.len(), 36, "{error}");
    assert!(error["error"]["hint"].as_str().unwrap().contains(id));
    // Polling stopped with the process.
    let polls = server.request_count(Vendor::Bureau);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(server.request_count(Vendor::Bureau), polls);
}
