//! The config file's syntax as the built binary reads it: inline comments, quotes, unknown
//! keys and malformed lines.

mod common;

use std::time::Duration;

use common::{JEFF_PASSWORD, TempFile, leadkit_with_env, server};
use leadkit_mock::{MockCredentials, MockServer};

/// A distinctive value for lines that must never be echoed.
const SECRET: &str = "s3cr3t-VALUE";

/// Every credential as a `KEY=VALUE` line, except Jeff's password (the test writes that one).
fn lines_without_the_jeff_password() -> String {
    common::env()
        .iter()
        .filter(|(key, _)| *key != "LEADKIT_JEFF_PASSWORD")
        .map(|(key, value)| format!("{key}={value}\n"))
        .collect()
}

/// `leadkit [--json] --config PATH jeff --base-url API fraud --phone …` with only `env`.
fn jeff_fraud(config: &TempFile, api: &str, json: bool, env: &[(&str, String)]) -> common::Run {
    let mut args = vec!["--config", config.path()];
    if json {
        args.insert(0, "--json");
    }
    args.extend([
        "jeff",
        "--base-url",
        api,
        "fraud",
        "--phone",
        "639365429568",
    ]);
    leadkit_with_env(&args, env)
}

#[test]
fn an_inline_comment_after_the_password_is_not_sent() {
    let server = server();
    let config = TempFile::new(
        "inline-comment",
        &format!(
            "# leadkit\n{}LEADKIT_JEFF_PASSWORD={JEFF_PASSWORD}   # production account\n",
            lines_without_the_jeff_password()
        ),
    );
    let run = jeff_fraud(&config, &server.jeff_api_url(), true, &[]).expect(0);
    assert!(
        run.json()["fraud_data"]["phone_marked_fraud_by"].is_array(),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn a_double_quoted_password_with_escapes_and_a_hash_is_sent_as_written() {
    // A password holding `#`, `"`, `\` and a multi-byte character.
    let password = format!("{JEFF_PASSWORD}#\"\\é");
    let server = MockServer::builder()
        .credentials(MockCredentials {
            jeff_password: password,
            ..common::credentials()
        })
        .retry_after(Duration::ZERO)
        .start_in_background()
        .expect("mock starts");
    let config = TempFile::new(
        "quoted",
        &format!(
            "{}export LEADKIT_JEFF_PASSWORD = \"{JEFF_PASSWORD}#\\\"\\\\é\" # prod\r\n",
            lines_without_the_jeff_password()
        ),
    );
    let run = jeff_fraud(&config, &server.jeff_api_url(), true, &[]).expect(0);
    assert!(
        run.json()["fraud_data"]["phone_marked_fraud_by"].is_array(),
        "{}",
        run.stdout
    );
}

#[test]
fn a_misspelt_key_warns_with_the_suggestion_and_the_command_runs() {
    let server = server();
    let api = server.jeff_api_url();
    let credentials = format!(
        "{}LEADKIT_JEFF_PASSWORD={JEFF_PASSWORD}\n",
        lines_without_the_jeff_password()
    );
    let line = credentials.lines().count() + 1;
    let config = TempFile::new(
        "misspelt",
        &format!("{credentials}LEADKIT_JEFF_USERNAM={SECRET}\n"),
    );
    let expected = format!(
        "config file {}: line {line}: unknown key LEADKIT_JEFF_USERNAM; \
         did you mean LEADKIT_JEFF_USERNAME?",
        config.path()
    );

    let run = jeff_fraud(&config, &api, false, &[]).expect(0);
    assert!(
        run.stderr
            .lines()
            .any(|l| l == format!("leadkit: warning: {expected}")),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(SECRET), "{}", run.stderr);

    // With --json: one JSON line per warning on stderr, the report on stdout as usual. A
    // misspelt LEADKIT_* variable is named too; an unrelated one is left alone.
    let env = [
        ("LEADKIT_JEFF_PASWORD", SECRET.to_owned()),
        ("LEADKIT_OTHER_TOOL_TOKEN", SECRET.to_owned()),
    ];
    let run = jeff_fraud(&config, &api, true, &env).expect(0);
    assert!(
        run.json()["fraud_data"]["phone_marked_fraud_by"].is_array(),
        "{}",
        run.stdout
    );
    let warnings: Vec<String> = run
        .stderr
        .lines()
        .map(|l| {
            let document: serde_json::Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("not JSON ({e}): {l}\n{}", run.stderr));
            document["warning"]["message"]
                .as_str()
                .unwrap_or_else(|| panic!("not a warning: {l}"))
                .to_owned()
        })
        .collect();
    assert_eq!(
        warnings,
        [
            expected,
            "environment variable LEADKIT_JEFF_PASWORD is not a leadkit setting; \
             did you mean LEADKIT_JEFF_PASSWORD?"
                .to_owned(),
        ]
    );
    assert!(!run.stderr.contains(SECRET), "{}", run.stderr);
}

#[test]
fn a_malformed_line_is_exit_2_with_the_line_number_and_reason_only() {
    let cases = [
        (
            format!("LEADKIT_JEFF_PASSWORD=\"{SECRET} # prod"),
            "unterminated double quote",
        ),
        (format!("pasted {SECRET}"), "no `=`"),
        (
            format!("LEADKIT_JEFF_PASSWORD='{SECRET}'{SECRET}"),
            "text after the closing quote",
        ),
        (
            format!("LEADKIT_JEFF_PASSWORD=\"{SECRET}\\q\""),
            "unknown escape",
        ),
        (format!("LEADKIT JEFF PASSWORD={SECRET}"), "invalid key"),
    ];
    for (index, (line, reason)) in cases.iter().enumerate() {
        let config = TempFile::new(
            &format!("malformed-{index}"),
            &format!(
                "# leadkit\nLEADKIT_JEFF_USERNAME=someone\n{line}\nLEADKIT_JORNAYA_ACCOUNT_CODE=X\n"
            ),
        );
        let prefix = format!("config file {}: line 3: {reason}", config.path());

        let run = jeff_fraud(&config, "http://127.0.0.1:9", false, &[]).expect(2);
        assert!(
            run.stderr.starts_with(&format!("error: {prefix}")),
            "{line}: {}",
            run.stderr
        );
        for leak in [SECRET, "LEADKIT_JEFF_PASSWORD", "pasted"] {
            assert!(!run.stderr.contains(leak), "{line}: {}", run.stderr);
        }

        let run = jeff_fraud(&config, "http://127.0.0.1:9", true, &[]).expect(2);
        let error = run.json_error();
        assert_eq!(error["error"]["kind"], "config");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(&prefix), "{message}");
        assert!(!run.stderr.contains(SECRET), "{}", run.stderr);
    }
}
