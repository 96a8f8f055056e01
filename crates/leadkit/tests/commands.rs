//! Config files, `leadkit mock serve` and `leadkit demo`.

mod common;

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use common::{TempFile, leadkit, leadkit_with_env, server};

#[test]
fn credentials_from_a_config_file_and_the_environment_wins() {
    let server = server();
    let api = server.jeff_api_url();
    let file: String = common::env()
        .iter()
        .map(|(k, v)| format!("{k}={v}\n"))
        .collect();
    let config = TempFile::new("config", &format!("# leadkit test\n{file}"));
    let run = leadkit_with_env(
        &[
            "--json",
            "-v",
            "--config",
            config.path(),
            "jeff",
            "--base-url",
            &api,
            "fraud",
            "--phone",
            "639365429568",
        ],
        &[],
    )
    .expect(0);
    assert!(
        run.stderr
            .contains("LEADKIT_JEFF_PASSWORD from the config file"),
        "{}",
        run.stderr
    );
    assert!(run.json()["fraud_data"]["phone_marked_fraud_by"].is_array());

    // $LEADKIT_CONFIG names the file; a wrong password in the environment wins over it.
    let env = [
        ("LEADKIT_CONFIG", config.path().to_owned()),
        ("LEADKIT_JEFF_PASSWORD", "WRONG-env-password".to_owned()),
    ];
    leadkit_with_env(
        &[
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

    let broken = TempFile::new(
        "broken",
        "LEADKIT_JEFF_USERNAME=x\nthis line has no equals sign JEFF-SECRET-pw-7c1e\n",
    );
    let run = leadkit_with_env(
        &[
            "--config",
            broken.path(),
            "jeff",
            "fraud",
            "--phone",
            "639365429568",
        ],
        &[],
    )
    .expect(2);
    assert!(run.stderr.contains("line 2"), "{}", run.stderr);
    leadkit_with_env(
        &[
            "--config",
            "/nonexistent/leadkit/config",
            "jeff",
            "fraud",
            "--phone",
            "1234567890",
        ],
        &[],
    )
    .expect(2);
}

#[test]
fn demo_screens_one_applicant_through_four_vendors() {
    let run = leadkit_with_env(&["--json", "demo"], &[]).expect(0);
    let json = run.json();
    assert_eq!(json["verdict"], "review");
    assert_eq!(json["jeff"]["outcome"], "lead");
    assert_eq!(json["jornaya"]["result"], "yellow");
    assert_eq!(json["friendlyscore"]["answer"], "ready");
    assert_eq!(json["bureau"]["outcome"], "ACCEPTED");
    let human = leadkit_with_env(&["demo"], &[]).expect(0);
    for key in [
        "jeff",
        "jornaya",
        "friendlyscore",
        "bureau",
        "verdict  review",
        "Asha Verma",
    ] {
        assert!(human.stdout.contains(key), "{key}: {}", human.stdout);
    }
    assert!(
        human.stderr.is_empty(),
        "no progress indicator off a terminal: {}",
        human.stderr
    );
}

#[test]
fn mock_serve_prints_its_base_urls() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leadkit"))
        .args(["mock", "serve", "--port", "0"])
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        let done = line.contains("LEADKIT_BUREAU_WORKFLOW_ID");
        lines.push(line);
        if done {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let text = lines.join("\n");
    let base = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("jeff           "))
        .expect("jeff base URL printed")
        .to_owned();
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with("/jeff/partners-api"),
        "{text}"
    );
    for prefix in [
        "/jeff-data/partner-api",
        "/jornaya",
        "/friendlyscore",
        "/bureau",
    ] {
        assert!(text.contains(prefix), "{prefix}: {text}");
    }
}

#[test]
fn help_and_version() {
    let help = leadkit(&["--help"]).expect(0);
    assert!(help.stdout.contains("Exit codes"), "{}", help.stdout);
    leadkit(&["--version"]).expect(0);
    leadkit(&["friendlyscore", "user", "--help"]).expect(0);
}

#[test]
fn command_line_mistakes_never_repeat_what_was_typed() {
    for args in [
        &["jeff", "lead", "dave.black@example.com"][..],
        &[
            "jeff",
            "lead",
            "--email",
            "dave.black@example.com",
            "84999999999",
        ],
        &["friendlyscore", "users", "--page", "dave.black@example.com"],
        &[
            "jeff",
            "social",
            "--phone",
            "84999999999",
            "--max-wait",
            "Dave Black",
        ],
    ] {
        for json in [false, true] {
            let mut line: Vec<&str> = args.to_vec();
            if json {
                line.insert(0, "--json");
            }
            let run = leadkit(&line).expect(2);
            let printed = format!("{}{}", run.stdout, run.stderr);
            for typed in ["dave.black", "84999999999", "Dave Black"] {
                assert!(!printed.contains(typed), "{line:?}: {printed}");
            }
            if json {
                assert_eq!(run.json_error()["error"]["kind"], "usage", "{printed}");
            }
        }
    }
}
