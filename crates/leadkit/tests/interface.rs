//! The command line itself: help at 80 columns, flags only where they do something,
//! suggestions, completions and the manual, colour, the JSON schema's naming rule, and errors
//! that name the flag, the host and the cause.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Run, leadkit, leadkit_with_env, server};
use leadkit_mock::Vendor;

const RED: &str = "0A1B2C3D-4E5F-4A6B-8C7D-000000000003";

/// Runs `leadkit` with `extra` environment variables added to the credentials.
fn leadkit_env(args: &[&str], extra: &[(&str, &str)]) -> Run {
    let mut env = common::env();
    env.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    leadkit_with_env(args, &env)
}

/// Help texts checked against `tests/snapshots/` at 80 columns. `UPDATE_SNAPSHOTS=1`
/// rewrites the files instead.
#[test]
fn help_at_80_columns_matches_the_snapshots() {
    let cases: &[(&str, &[&str])] = &[
        ("top-short", &["-h"]),
        ("top-long", &["--help"]),
        ("jeff", &["jeff", "--help"]),
        ("jeff-lead", &["jeff", "lead", "--help"]),
        ("jeff-social", &["jeff", "social", "--help"]),
        ("jornaya-reasons", &["jornaya", "reasons", "--help"]),
        ("bureau-poll", &["bureau", "poll", "--help"]),
        ("demo", &["demo", "--help"]),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    for (name, args) in cases {
        let run = leadkit_env(args, &[("COLUMNS", "80")]).expect(0);
        for line in run.stdout.lines() {
            assert!(
                line.chars().count() <= 80,
                "{name}: a line over 80 columns: {line}"
            );
        }
        let path = dir.join(format!("help-{name}.txt"));
        if update {
            std::fs::write(&path, &run.stdout).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!("{} is missing: run with UPDATE_SNAPSHOTS=1", path.display())
        });
        assert_eq!(
            run.stdout, expected,
            "{name}: help changed; review it and run with UPDATE_SNAPSHOTS=1"
        );
    }
}

#[test]
fn every_command_has_examples_and_grouped_options() {
    for args in [
        &["jeff", "lead", "--help"][..],
        &["jeff", "event", "--help"],
        &["jornaya", "preaudit", "--help"],
        &["friendlyscore", "user", "score", "--help"],
        &["friendlyscore", "users", "--help"],
        &["bureau", "run", "--help"],
        &["completions", "--help"],
    ] {
        let help = leadkit(args).expect(0).stdout;
        assert!(help.contains("Examples:"), "{args:?}: {help}");
        assert!(help.contains("Output options:"), "{args:?}: {help}");
    }
    let jeff = leadkit(&["jeff", "lead", "--help"]).expect(0).stdout;
    for heading in ["Connection options:", "Call options:"] {
        assert!(jeff.contains(heading), "{jeff}");
    }
}

/// A flag is listed, and accepted, only by the commands it does something for.
#[test]
fn no_flag_that_does_nothing() {
    let not_listed: &[(&[&str], &[&str])] = &[
        (
            &["jornaya", "reasons", "--help"],
            &["--base-url", "--timeout", "--config"],
        ),
        (
            &["demo", "--help"],
            &["--timeout", "--config", "--base-url"],
        ),
        (&["completions", "--help"], &["--timeout", "--config"]),
        (
            &["jeff", "social", "--help"],
            &["--api-version", "--base-url <URL>"],
        ),
        (&["jeff", "lead", "--help"], &["--data-base-url"]),
        (
            &["jeff", "event", "--help"],
            &["--data-base-url", "--api-version"],
        ),
    ];
    for (args, flags) in not_listed {
        let help = leadkit(args).expect(0).stdout;
        for flag in *flags {
            assert!(!help.contains(flag), "{args:?} lists {flag}:\n{help}");
        }
    }
    let listed: &[(&[&str], &[&str])] = &[
        (
            &["jornaya", "preaudit", "--help"],
            &["--base-url", "--timeout", "--config"],
        ),
        (
            &["jeff", "social", "--help"],
            &["--data-base-url", "--timeout"],
        ),
        (
            &["bureau", "poll", "--help"],
            &["--base-url", "--timeout", "--max-wait"],
        ),
    ];
    for (args, flags) in listed {
        let help = leadkit(args).expect(0).stdout;
        for flag in *flags {
            assert!(help.contains(flag), "{args:?} misses {flag}:\n{help}");
        }
    }
    // Written where it does nothing: refused, naming the flag.
    for args in [
        &["--timeout", "5", "demo"][..],
        &["--config", "/nonexistent", "jornaya", "reasons"],
        &["jornaya", "--base-url", "http://127.0.0.1:9", "reasons"],
        &[
            "jeff",
            "--data-base-url",
            "http://127.0.0.1:9",
            "lead",
            "--email",
            "jon.doe@example.com",
        ],
    ] {
        let run = leadkit(args).expect(2);
        assert!(
            run.stderr.contains("does nothing"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn suggestions_for_misspelt_flags_and_commands() {
    let run = leadkit(&["jeff", "lead", "--emial", "jon.doe@example.com"]).expect(2);
    assert!(run.stderr.contains("--email"), "{}", run.stderr);
    assert!(!run.stderr.contains("jon.doe"), "{}", run.stderr);
    let run = leadkit(&["jeff", "laed", "--email", "jon.doe@example.com"]).expect(2);
    assert!(run.stderr.contains("`lead`"), "{}", run.stderr);
    let run = leadkit(&["--json", "jornaya", "reasosn"]).expect(2);
    assert_eq!(run.json_error()["error"]["kind"], "usage");
    assert!(
        run.json_error()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("reasons")
    );
}

#[test]
fn completions_for_each_shell_and_the_manual() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = leadkit(&["completions", shell]).expect(0);
        assert!(run.stdout.contains("leadkit"), "{shell}");
        assert!(
            run.stdout.contains("preaudit"),
            "{shell}: subcommands completed"
        );
    }
    leadkit(&["completions", "tcsh"]).expect(2);
    let man = leadkit(&["man"]).expect(0);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH leadkit"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
}

fn has_colour(text: &str) -> bool {
    text.contains('\x1b')
}

#[test]
fn colour_only_on_a_terminal_or_when_asked() {
    let server = server();
    let url = server.jornaya_url();
    let args = |color: Option<&'static str>| {
        let mut args = vec![];
        if let Some(color) = color {
            args.extend(["--color", color]);
        }
        args
    };
    let preaudit = |extra: Vec<&str>, env: &[(&str, &str)]| {
        let mut line = extra;
        line.extend([
            "jornaya",
            "preaudit",
            "--base-url",
            &url,
            "--token",
            RED,
            "--entity",
            "BUYER",
        ]);
        leadkit_env(&line, env).expect(0)
    };
    // Not a terminal (the tests' pipes): no colour by default.
    assert!(!has_colour(&preaudit(args(None), &[]).stdout));
    assert!(!has_colour(&preaudit(args(Some("auto")), &[]).stdout));
    assert!(!has_colour(&preaudit(args(Some("never")), &[]).stdout));
    // Asked for: coloured even into a pipe, NO_COLOR notwithstanding.
    let always = preaudit(args(Some("always")), &[("NO_COLOR", "1")]).stdout;
    assert!(has_colour(&always), "{always}");
    assert!(always.contains("red"));
    // CLICOLOR_FORCE forces auto on; NO_COLOR wins over it.
    assert!(has_colour(
        &preaudit(args(None), &[("CLICOLOR_FORCE", "1")]).stdout
    ));
    assert!(!has_colour(
        &preaudit(args(None), &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).stdout
    ));
    // Errors and usage errors too.
    let error = leadkit(&["--color", "always", "jeff", "lead", "--phone", "12"]).expect(2);
    assert!(has_colour(&error.stderr), "{}", error.stderr);
    let error = leadkit(&["jeff", "lead", "--phone", "12"]).expect(2);
    assert!(!has_colour(&error.stderr), "{}", error.stderr);
    let usage = leadkit(&["--color=always", "jeff", "laed"]).expect(2);
    assert!(has_colour(&usage.stderr), "{}", usage.stderr);
    // --json is never coloured.
    let json = preaudit(vec!["--json", "--color", "always"], &[]).stdout;
    assert!(!has_colour(&json), "{json}");
}

/// Every key of every `--json` document is snake_case.
fn assert_snake_case(value: &serde_json::Value, path: &str) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map {
                assert!(
                    key.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{path}.{key} is not snake_case"
                );
                assert_snake_case(item, &format!("{path}.{key}"));
            }
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                assert_snake_case(item, &format!("{path}[{index}]"));
            }
        }
        _ => {}
    }
}

#[test]
fn json_keys_are_snake_case_and_reasons_are_structured() {
    let server = server();
    let jeff = server.jeff_api_url();
    let bureau = server.bureau_url();
    let fs = server.friendlyscore_url();
    let documents = [
        leadkit(&[
            "--json",
            "jeff",
            "lead",
            "--base-url",
            &jeff,
            "--phone",
            "84877797487",
        ]),
        leadkit(&[
            "--json",
            "jeff",
            "fraud",
            "--base-url",
            &jeff,
            "--phone",
            "84877797487",
        ]),
        leadkit(&[
            "--json",
            "bureau",
            "--base-url",
            &bureau,
            "run",
            "--phone",
            "919812345678",
            "--email",
            "asha@example.com",
            "--name",
            "Asha Verma",
            "--first-poll",
            "0",
            "--poll-interval",
            "0.01",
        ]),
        leadkit(&["--json", "friendlyscore", "--base-url", &fs, "users"]),
        leadkit(&["--json", "demo"]),
        leadkit(&["--json", "jornaya", "reasons"]),
    ];
    for run in documents {
        let run = run.expect(0);
        assert_snake_case(&run.json(), "");
    }
    let reasons = leadkit(&["--json", "jornaya", "reasons"]).expect(0).json();
    assert_eq!(reasons["count"], 52);
    let first = &reasons["reasons"][0];
    for key in ["code", "xml_code", "group", "name", "description"] {
        assert!(first[key].is_string(), "{key}: {first}");
    }
    let demo = leadkit(&["--json", "demo"]).expect(0).json();
    assert!(demo["driven_by"]["vendor"].is_string(), "{demo}");
    assert!(demo["driven_by"]["reason"].is_string(), "{demo}");
}

#[test]
fn the_demo_names_what_drove_its_verdict_and_rounds_scores() {
    let demo = leadkit(&["demo"]).expect(0).stdout;
    let verdict = demo
        .lines()
        .find(|line| line.starts_with("verdict"))
        .unwrap_or_else(|| panic!("{demo}"));
    assert!(verdict.contains("driven by "), "{verdict}");
    assert!(!demo.contains("0.131409152018384"), "{demo}");
    assert!(demo.contains("lead score 0.13"), "{demo}");
}

#[test]
fn input_is_checked_before_credentials() {
    let none: &[(&str, String)] = &[];
    let run = leadkit_with_env(&["jeff", "lead", "--phone", "+84 877"], none).expect(2);
    assert!(run.stderr.contains("invalid --phone"), "{}", run.stderr);
    let run = leadkit_with_env(
        &["jornaya", "preaudit", "--token", "nope", "--entity", "E"],
        none,
    )
    .expect(2);
    assert!(run.stderr.contains("invalid --token"), "{}", run.stderr);
    let run = leadkit_with_env(&["bureau", "poll", "--id", "nope"], none).expect(2);
    assert!(
        run.stderr.contains("invalid --transaction-id"),
        "{}",
        run.stderr
    );
    let run = leadkit_with_env(
        &[
            "jeff",
            "social",
            "--phone",
            "84877797487",
            "--max-wait",
            "0",
        ],
        none,
    )
    .expect(2);
    assert!(run.stderr.contains("invalid --max-wait"), "{}", run.stderr);
    let json = leadkit_with_env(&["--json", "jeff", "lead", "--phone", "12"], none).expect(2);
    assert_eq!(json.json_error()["error"]["flag"], "--phone");
}

#[test]
fn a_refused_connection_names_the_host_the_cause_and_the_attempts() {
    let url = common::refused_url();
    let host = url.trim_start_matches("http://").to_owned();
    let run = leadkit(&[
        "jeff",
        "lead",
        "--base-url",
        &url,
        "--email",
        "jon.doe@example.com",
    ])
    .expect(4);
    assert!(run.stderr.contains(&host), "{}", run.stderr);
    assert!(run.stderr.contains("connection refused"), "{}", run.stderr);
    assert!(run.stderr.contains("attempts in"), "{}", run.stderr);
    let json = leadkit(&[
        "--json",
        "jeff",
        "lead",
        "--base-url",
        &url,
        "--email",
        "jon.doe@example.com",
    ])
    .expect(4);
    let error = &json.json_error()["error"];
    assert_eq!(error["kind"], "connect");
    assert!(error["attempts"].as_u64().unwrap() >= 1, "{error}");
    assert!(error["elapsed_seconds"].is_number(), "{error}");
}

/// `--timeout` bounds the whole call, retries included, and the message says so.
#[test]
fn timeout_bounds_the_whole_call() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    // Accepts and never answers.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    let started = Instant::now();
    let run = leadkit(&[
        "--timeout",
        "0.4",
        "jeff",
        "fraud",
        "--base-url",
        &url,
        "--email",
        "jon.doe@example.com",
    ])
    .expect(4);
    let took = started.elapsed();
    assert!(took < Duration::from_millis(2_500), "took {took:?}");
    assert!(run.stderr.contains("--timeout 400 ms"), "{}", run.stderr);
    assert!(!run.stderr.contains("0.4000"), "{}", run.stderr);
}

#[test]
fn the_vendor_text_is_printed_once() {
    let server = server();
    let api = server.jeff_api_url();
    let run = leadkit(&["jeff", "lead", "--base-url", &api, "--phone", "84000000400"]).expect(3);
    let said = run
        .stderr
        .lines()
        .find_map(|line| line.trim().strip_prefix("vendor says:"))
        .unwrap_or_else(|| panic!("{}", run.stderr))
        .trim()
        .to_owned();
    assert_eq!(run.stderr.matches(&said).count(), 1, "{}", run.stderr);
    assert_eq!(server.request_count(Vendor::Jeff), 1);
}

/// Help, completions and the manual never need a terminal or credentials.
#[test]
fn help_needs_nothing() {
    let output = Command::new(env!("CARGO_BIN_EXE_leadkit"))
        .args(["bureau", "--help"])
        .env_clear()
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(output.status.success());
}

/// `mock serve --json` prints one JSON document (base URLs and the environment that points
/// the CLI at it), and Ctrl-C stops it with success.
#[cfg(unix)]
#[test]
fn mock_serve_speaks_json_and_stops_on_ctrl_c() {
    use std::io::BufRead as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_leadkit"))
        .args(["--json", "mock", "serve"])
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let document: serde_json::Value = serde_json::from_str(&line).expect("one JSON line");
    assert!(
        document["base_urls"]["jornaya"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    assert!(document["environment"]["LEADKIT_JEFF_BASE_URL"].is_string());
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

/// A missing Bureau workflow id never hides a mistyped phone number.
#[test]
fn bureau_input_is_checked_before_the_workflow_setting() {
    let none: &[(&str, String)] = &[];
    let run = leadkit_with_env(
        &[
            "bureau",
            "initiate",
            "--phone",
            "12",
            "--email",
            "asha@example.com",
            "--name",
            "A",
        ],
        none,
    )
    .expect(2);
    assert!(run.stderr.contains("invalid --phone"), "{}", run.stderr);
    let run = leadkit_with_env(
        &[
            "bureau",
            "initiate",
            "--phone",
            "919812345678",
            "--email",
            "asha@example.com",
            "--name",
            "Asha Verma",
        ],
        none,
    )
    .expect(2);
    assert!(
        run.stderr.contains("LEADKIT_BUREAU_WORKFLOW_ID"),
        "{}",
        run.stderr
    );
}
