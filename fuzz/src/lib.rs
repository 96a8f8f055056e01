//! Checks shared by the fuzz targets.
//!
//! Every target feeds arbitrary bytes to a public decoder (or builder) and asserts that it
//! returns instead of panicking, and that what it returns is safe to print: the `Display` and
//! `Debug` of an error never carry an email address or a phone-like number (7 or more digits)
//! that appeared in the input, since response bodies and builder values hold personal data.

use std::fmt::Debug;

use bytes::Bytes;
use leadkit_core::{Error, StatusCode};

/// Whether `c` can be part of a word the redaction rules inspect (emails, numbers, tokens);
/// the same set as `leadkit_core::redact`.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '_' | '-' | '+' | '/' | '=' | '%')
}

/// The email addresses and phone numbers in `text`, by the rules `leadkit_core::redact`
/// masks them with: a word holding an `@` followed by a `.` (6 characters or more), or a word
/// of 7 or more digits (with an optional leading `+`). These must never be printed whole.
pub fn personal_data(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for word in text.split(|c: char| !is_word_char(c)) {
        let word = word.trim_end_matches(['.', '-', '/', '=']);
        let digits = word.chars().filter(char::is_ascii_digit).count();
        let email = word
            .find('@')
            .is_some_and(|at| at > 0 && word[at + 1..].contains('.'));
        if email && word.len() >= 6 {
            found.push(word);
        } else if digits >= 7 && word.trim_start_matches('+').len() == digits {
            found.push(word.trim_start_matches('+'));
        }
    }
    found
}

/// Asserts that `printed` carries none of the personal data in `input` as a word of its own
/// (as `personal_data` finds words; a digit run inside a longer word is not a phone number).
pub fn assert_no_leak(what: &str, printed: &str, input: &[u8]) {
    let input = String::from_utf8_lossy(input);
    let secrets = personal_data(&input);
    if secrets.is_empty() {
        return;
    }
    let shown = personal_data(printed);
    for secret in secrets {
        assert!(
            !shown.contains(&secret),
            "{what} prints personal data from the input ({} characters)",
            secret.len()
        );
    }
}

/// [`assert_no_leak`] for `Debug` output, whose escapes are not part of the text.
pub fn assert_no_leak_debug(what: &str, debug: &str, input: &[u8]) {
    assert_no_leak(what, &without_escapes(debug), input);
}

/// `printed` with the escapes `Debug` writes for control characters, quotes and backslashes
/// (`\0`, `\u{10}`, `\n`, `\"`, …) replaced by a space: they are not part of the text's
/// words (`\0` followed by six digits is not a 7-digit number).
pub fn without_escapes(printed: &str) -> String {
    let mut out = String::with_capacity(printed.len());
    let mut chars = printed.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('0' | 't' | 'n' | 'r' | '\\' | '"' | '\'') => {
                chars.next();
            }
            Some('u') => {
                chars.next();
                if chars.peek() == Some(&'{') {
                    for c in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                    }
                }
            }
            _ => {}
        }
        out.push(' ');
    }
    out
}

/// Formats an error both ways and checks neither leaks the input's personal data.
pub fn check_error(error: &Error, input: &[u8]) {
    let display = error.to_string();
    let debug = format!("{error:?}");
    assert_no_leak("error Display", &display, input);
    assert_no_leak_debug("error Debug", &debug, input);
    // Reading the parts an application branches on must not panic either.
    let _ = (
        error.status(),
        error.vendor_message(),
        error.field(),
        error.is_retryable(),
    );
}

/// Decodes `input` as `T` the way every client reads a 200 answer
/// (`leadkit_core::decode_json`), checking the error when decoding fails.
pub fn decode<T: serde::de::DeserializeOwned>(input: &[u8]) -> Option<T> {
    let body = Bytes::copy_from_slice(input);
    match leadkit_core::decode_json::<T>(&body, "fuzz", "fuzz", StatusCode::OK) {
        Ok(value) => Some(value),
        Err(error) => {
            check_error(&error, input);
            None
        }
    }
}

/// Formats a decoded value with `Debug` (which must not panic).
pub fn debug<T: Debug>(value: &T) -> String {
    format!("{value:?}")
}

/// Reads everything an application reads from a Jornaya answer, and checks `from_slice`
/// (format recognised from the first character) agrees with the format-specific reader.
pub fn check_preaudit(
    input: &[u8],
    read: fn(&[u8]) -> leadkit_core::Result<jornaya_preaudit::PreAudit>,
    first: u8,
) {
    let direct = read(input);
    let starts_with = input.iter().find(|b| !b.is_ascii_whitespace()) == Some(&first);
    if starts_with {
        let sniffed = jornaya_preaudit::PreAudit::from_slice(input);
        match (&direct, &sniffed) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "from_slice and the format reader disagree"),
            (Err(_), Err(_)) => {}
            _ => panic!("from_slice and the format reader disagree on success"),
        }
    }
    match direct {
        Ok(answer) => {
            let _ = (
                debug(&answer),
                answer.explain(),
                answer.is_green(),
                answer.result_label(),
                answer.reasons.worst(),
                answer.reasons.worst_first(),
                answer.result.colour(),
                answer.result.meaning(),
            );
            for reason in answer.reasons.iter() {
                let _ = (
                    answer.flag(&reason.code),
                    reason.code.name(),
                    reason.code.group(),
                    reason.code.description(),
                    reason.code.sort_key(),
                );
            }
        }
        Err(error) => check_error(&error, input),
    }
}

/// Every string in `value` (object keys excluded).
pub fn strings(value: &serde_json::Value) -> Vec<&str> {
    let mut found = Vec::new();
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::String(text) => found.push(text.as_str()),
            serde_json::Value::Array(items) => stack.extend(items),
            serde_json::Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    found
}

/// `value` with every string, number and boolean replaced by `null` (keys and shape kept).
pub fn blank(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Array(items) => Value::Array(items.iter().map(blank).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), blank(value)))
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// Asserts `printed` shows none of `values` (6 characters or more) that the `baseline` (the
/// same output with the values blanked) does not show anyway.
pub fn assert_hidden<'a>(
    what: &str,
    printed: &str,
    baseline: &str,
    values: impl IntoIterator<Item = &'a str>,
) {
    // What masking itself prints: a value made of it is not a leak.
    const MASKS: &str = "[REDACTED] [redacted] *** …";
    for value in values {
        if value.len() >= 6
            && !value.contains('*')
            && !baseline.contains(value)
            && !MASKS.contains(value)
        {
            assert!(
                !printed.contains(value),
                "{what} prints a value it should hide"
            );
        }
    }
}
