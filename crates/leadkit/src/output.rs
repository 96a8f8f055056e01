//! What the CLI prints: a report (JSON or readable text) on success, a failure with its exit
//! code otherwise.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::style;
use std::process::ExitCode;
use std::time::Duration;

use jeff_client::Error;
use serde_json::{Value, json};

/// Exit code: invalid input or configuration (also clap's usage errors).
pub const EXIT_INVALID_INPUT: u8 = 2;
/// Exit code: the vendor refused the request or answered an error.
pub const EXIT_VENDOR: u8 = 3;
/// Exit code: the network failed (connect, timeout, broken exchange).
pub const EXIT_NETWORK: u8 = 4;
/// Exit code: gave up waiting for a result (the operation may still finish at the vendor).
pub const EXIT_GAVE_UP: u8 = 5;
/// Exit code: interrupted by Ctrl-C (128 + SIGINT, as a shell reports it).
pub const EXIT_INTERRUPTED: u8 = 130;
/// Exit code: anything else.
pub const EXIT_INTERNAL: u8 = 1;

/// A successful result: the JSON document and the readable text, or raw bytes (a completion
/// script, the manual).
pub struct Report {
    /// For `--json`.
    pub json: Value,
    /// For people (may hold ANSI styles: removed when stdout is not coloured).
    pub text: String,
    /// Printed as is, with or without `--json`.
    pub raw: Option<Vec<u8>>,
}

impl Report {
    /// A report.
    pub fn new(json: Value, text: impl Into<String>) -> Self {
        Self {
            json,
            text: text.into(),
            raw: None,
        }
    }

    /// Bytes printed as they are.
    pub fn raw(bytes: Vec<u8>) -> Self {
        Self {
            json: Value::Null,
            text: String::new(),
            raw: Some(bytes),
        }
    }

    /// Prints the report on stdout.
    pub fn print(&self, as_json: bool) {
        if let Some(raw) = &self.raw {
            let _ = std::io::stdout().lock().write_all(raw);
            return;
        }
        let mut stdout = anstream::stdout().lock();
        let _ = if as_json {
            writeln!(
                stdout,
                "{}",
                serde_json::to_string_pretty(&snake_case_keys(self.json.clone()))
                    .unwrap_or_default()
            )
        } else {
            write!(stdout, "{}", self.text)
        };
    }
}

/// A failure: its exit code, message and details.
#[derive(Debug)]
pub struct Failure {
    /// The process exit code.
    pub code: u8,
    /// The kind of failure, for `--json`.
    pub kind: &'static str,
    /// One line saying what went wrong (never a credential).
    pub message: String,
    /// The vendor's own message, personal data already masked by the client.
    pub vendor_message: Option<String>,
    /// The HTTP status, if the vendor answered.
    pub status: Option<u16>,
    /// A hint on what to do.
    pub hint: Option<String>,
    /// Whether the vendor may have acted on the request although the call failed.
    pub outcome_unknown: bool,
    /// The command-line flag at fault.
    pub flag: Option<String>,
    /// The id to resume with (a Bureau transaction, a FriendlyScore user).
    pub resume_id: Option<String>,
    /// Attempts made, when the call reached the network.
    pub attempts: Option<u32>,
    /// Time the call took, when it reached the network.
    pub elapsed: Option<Duration>,
    /// The client's error, explained in the command's terms by [`Failure::explain`].
    pub error: Option<Error>,
}

impl Failure {
    /// Invalid configuration (missing credential, unreadable config file).
    pub fn config(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_INVALID_INPUT,
            kind: "config",
            message: message.into(),
            vendor_message: None,
            status: None,
            hint: None,
            outcome_unknown: false,
            flag: None,
            resume_id: None,
            attempts: None,
            elapsed: None,
            error: None,
        }
    }

    /// Invalid input found by the CLI itself.
    pub fn input(message: impl Into<String>) -> Self {
        Self {
            kind: "invalid_input",
            ..Self::config(message)
        }
    }

    /// Invalid input in a named flag.
    pub fn flag(flag: &str, reason: impl std::fmt::Display) -> Self {
        Self {
            flag: Some(flag.to_owned()),
            ..Self::input(format!("invalid {flag}: {reason}"))
        }
    }

    /// A command-line mistake (clap's, or a flag that does nothing for the command).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            kind: "usage",
            ..Self::input(message)
        }
    }

    /// Ctrl-C stopped the command.
    pub fn interrupted() -> Self {
        let resume_id = crate::progress::in_flight().map(str::to_owned);
        let hint = match &resume_id {
            Some(id) => format!(
                "the transaction exists at the vendor: resume with `leadkit bureau poll --id {id}`"
            ),
            None => "a call in flight when it stopped may have reached the vendor: check \
                     before sending it again"
                .to_owned(),
        };
        Self {
            code: EXIT_INTERRUPTED,
            kind: "interrupted",
            hint: Some(hint),
            resume_id,
            ..Self::config("interrupted (Ctrl-C)")
        }
    }

    /// A second Ctrl-C ended `screen` at once, without waiting for its calls in flight.
    pub fn interrupted_again() -> Self {
        Self {
            code: EXIT_INTERRUPTED,
            kind: "interrupted",
            hint: Some(
                "the calls in flight stay `sent` in the journal: the next run counts them as \
                 outcome unknown and does not send them again without --retry-unknown"
                    .to_owned(),
            ),
            ..Self::config("interrupted twice (Ctrl-C): stopped at once")
        }
    }

    /// Something unexpected (the mock could not start, say).
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_INTERNAL,
            kind: "internal",
            ..Self::config(message)
        }
    }

    /// Prints the failure on stderr.
    pub fn print(&self, as_json: bool) {
        let mut stderr = anstream::stderr().lock();
        if as_json {
            let _ = writeln!(stderr, "{}", self.to_json());
            return;
        }
        let _ = writeln!(stderr, "{} {}", style::bad("error:"), self.message);
        if let Some(message) = &self.vendor_message {
            let _ = writeln!(stderr, "  {} {message}", style::bold("vendor says:"));
        }
        if let Some(id) = &self.resume_id {
            let _ = writeln!(stderr, "  {} {id}", style::bold("resume id:"));
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(stderr, "  {} {hint}", style::dim("hint:"));
        }
    }

    /// The `--json` error document.
    pub fn to_json(&self) -> Value {
        json!({
            "error": {
                "kind": self.kind,
                "exit_code": self.code,
                "message": self.message,
                "flag": self.flag,
                "status": self.status,
                "vendor_message": self.vendor_message,
                "outcome_unknown": self.outcome_unknown,
                "resume_id": self.resume_id,
                "attempts": self.attempts,
                "elapsed_seconds": self.elapsed.map(|d| (d.as_secs_f64() * 1000.0).round() / 1000.0),
                "hint": self.hint,
            }
        })
    }

    /// The process exit code.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code)
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        let code = match error.root_cause() {
            Error::InvalidInput { .. } | Error::Config(_) => EXIT_INVALID_INPUT,
            Error::Auth { .. }
            | Error::RateLimited { .. }
            | Error::Status { .. }
            | Error::Decode { .. }
            | Error::BodyTooLarge { .. }
            | Error::Redirect { .. } => EXIT_VENDOR,
            Error::Connect { .. }
            | Error::Timeout { .. }
            | Error::Deadline { .. }
            | Error::Transport { .. } => EXIT_NETWORK,
            Error::PollTimeout { .. } => EXIT_GAVE_UP,
            _ => EXIT_INTERNAL,
        };
        Self {
            code,
            kind: error.kind(),
            message: error.to_string(),
            vendor_message: error
                .vendor_message()
                .and_then(|m| m.message())
                .map(str::to_owned),
            status: error.status().map(|s| s.as_u16()),
            hint: None,
            outcome_unknown: error.outcome_unknown(),
            flag: None,
            resume_id: error.resource_id().map(str::to_owned),
            attempts: None,
            elapsed: None,
            error: Some(error),
        }
    }
}

/// Every object key of `value` in snake_case (`transactionId` → `transaction_id`,
/// `lead-s2s-id` → `lead_s2s_id`): the one naming rule of `--json`, whatever the vendor's.
pub fn snake_case_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (key, item) in map {
                out.entry(snake_case(&key))
                    .or_insert_with(|| snake_case_keys(item));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(snake_case_keys).collect()),
        other => other,
    }
}

/// One key in snake_case: a capital after a lower-case letter or a digit, or a capital that
/// starts a word after capitals (`HTTPStatus` → `http_status`), begins a word; any other
/// character than a letter or a digit separates words (`Mobile Network Intelligence (without
/// consent)` → `mobile_network_intelligence_without_consent`).
pub fn snake_case(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut out = String::with_capacity(key.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() && c != '_' {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if c.is_uppercase() {
            let previous = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let starts_word = match previous {
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_uppercase() => next.is_some_and(|n| n.is_lowercase()),
                _ => false,
            };
            if starts_word && !out.ends_with('_') {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    while out.ends_with('_') && out.len() > 1 {
        out.pop();
    }
    out
}

/// Aligned `label  value` lines.
pub fn table(rows: &[(&str, String)]) -> String {
    let width = rows.iter().map(|(label, _)| label.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (label, value) in rows {
        let _ = writeln!(out, "{label:width$}  {value}");
    }
    out
}

/// A table with a header, wrapped to the terminal's width when stdout is one (80 columns
/// otherwise), for listings.
pub fn grid(header: &[&str], rows: Vec<Vec<String>>) -> String {
    use comfy_table::{ContentArrangement, Table, presets};
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(terminal_width())
        .set_header(header.iter().copied());
    for row in rows {
        table.add_row(row);
    }
    format!("{table}\n")
}

/// The terminal's width: `COLUMNS`, else 100 (clamped to 40–200).
fn terminal_width() -> u16 {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .unwrap_or(100)
        .clamp(40, 200)
}

/// A score for people: two decimals (`0.13`), `-` when absent. `--json` keeps the exact value.
pub fn score(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"))
}

/// `Some(x)` as text, `None` as `-`.
pub fn opt<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

/// Reports a command-line error without ever repeating a value the user typed (a misplaced
/// email or phone number would otherwise be echoed back by the parser): the kind of mistake,
/// the flag concerned and clap's suggestion are kept. Help and version requests print as
/// usual. With `--json` anywhere on the line, the error is the JSON error document.
pub fn usage_error(error: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = error.print();
        return ExitCode::from(error.exit_code().clamp(0, 255) as u8);
    }
    let carries_value = matches!(
        error.kind(),
        ErrorKind::InvalidValue
            | ErrorKind::ValueValidation
            | ErrorKind::UnknownArgument
            | ErrorKind::InvalidSubcommand
            | ErrorKind::InvalidUtf8
            | ErrorKind::NoEquals
            | ErrorKind::TooManyValues
            | ErrorKind::WrongNumberOfValues
    );
    let message = if carries_value {
        let what = error.kind().as_str().unwrap_or("invalid command line");
        let flag = match error.kind() {
            // The "argument" here is what the user typed: never repeated.
            ErrorKind::UnknownArgument | ErrorKind::InvalidSubcommand => None,
            _ => error.get(ContextKind::InvalidArg).map(ToString::to_string),
        };
        let suggestion = error
            .get(ContextKind::SuggestedArg)
            .or_else(|| error.get(ContextKind::SuggestedSubcommand))
            .map(|suggested| format!("; did you mean `{suggested}`?"))
            .unwrap_or_default();
        match flag {
            Some(flag) => format!("{what} for `{flag}` (the value is not shown){suggestion}"),
            None => format!("{what} (not shown: it may be personal data){suggestion}"),
        }
    } else {
        error
            .render()
            .to_string()
            .trim()
            .trim_start_matches("error: ")
            .to_owned()
    };
    let failure = Failure {
        kind: "usage",
        ..Failure::input(message)
    };
    failure.print(std::env::args().any(|arg| arg == "--json"));
    failure.exit_code()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_by_error_kind() {
        let input: Failure = Error::invalid_input("email", "is not an email").into();
        assert_eq!(input.code, EXIT_INVALID_INPUT);
        assert_eq!(input.kind, "invalid_input");
        assert_eq!(Failure::config("x").code, EXIT_INVALID_INPUT);
    }

    #[test]
    fn keys_become_snake_case() {
        for (key, expected) in [
            ("transactionId", "transaction_id"),
            ("lead-s2s-id", "lead_s2s_id"),
            ("HTTPStatus", "http_status"),
            ("already_snake", "already_snake"),
            ("phone1", "phone1"),
            ("ipV4Address", "ip_v4_address"),
            ("ID", "id"),
            (
                "Mobile Network Intelligence (without consent)",
                "mobile_network_intelligence_without_consent",
            ),
            ("a..b", "a_b"),
        ] {
            assert_eq!(snake_case(key), expected);
        }
        let value = snake_case_keys(json!({"aB": [{"cD": 1}], "x": {"eF": null}}));
        assert_eq!(value, json!({"a_b": [{"c_d": 1}], "x": {"e_f": null}}));
    }

    #[test]
    fn tables_align() {
        let text = table(&[("a", "1".into()), ("long", "2".into())]);
        assert_eq!(text, "a     1\nlong  2\n");
    }
}
