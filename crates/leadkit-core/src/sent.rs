//! Masking what was sent: vendors echo the values a request carried (an applicant's email in a
//! 400, a client secret in a token refusal), so every vendor message, decode error and body
//! excerpt that leaves a client has those values masked, in the forms an echo takes.
//!
//! A request's [`SentValues`] hold the sensitive values it was built from: every query value
//! and body string that looks personal on its own (an email, a phone number, a long token),
//! the values a vendor crate declares with
//! [`ApiRequest::sensitive`](crate::ApiRequest::sensitive) (names, short ids), and the
//! client's own secrets.
//! Each is masked in its plain, URL-encoded (`+` or `%20` for spaces), JSON-escaped (also with
//! `\uXXXX` and `\/`, as PHP writes), XML-escaped, as redaction leaves an email or a phone (`d***@example.com`) and, for phone numbers, digit-only forms (a number echoed
//! with spaces, dashes, dots, brackets or a `+`), whole words only, ignoring ASCII case.
//!
//! ```
//! use leadkit_core::SentValues;
//! let mut sent = SentValues::default();
//! sent.add("dave.black@example.com");
//! sent.add("84999999999");
//! sent.add("Dave Black");
//! assert_eq!(
//!     sent.mask("no lead for Dave Black, +84 999 999 999 / dave.black%40example.com"),
//!     "no lead for ***, *** / ***"
//! );
//! ```

use std::fmt;
use std::sync::Arc;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

#[cfg(test)]
use crate::error::BODY_EXCERPT_LIMIT;
use crate::error::{BodyExcerpt, Error, VendorMessage};

/// What a URL encoder leaves as is besides letters and digits.
const URL_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The fewest digits a value needs for its digit-only form to be matched (a phone number).
const PHONE_DIGITS: usize = 7;

/// Values that are too common to mask in vendor text without hiding its meaning.
const TOO_COMMON: &[&str] = &["true", "false", "null", "none", "yes", "no"];

/// The sensitive values a request carried, to be masked wherever a vendor echoes them.
/// Cheap to clone. `Debug` shows how many there are, never the values.
#[derive(Clone, Default)]
pub struct SentValues {
    values: Arc<Vec<Sent>>,
    /// Another list joined without copying (a client's secrets, shared by all its calls).
    also: Option<Arc<Vec<Sent>>>,
}

/// One value as sent; its written forms are worked out only when text is masked (rarely: on
/// errors), so a request pays one copy per value.
#[derive(Clone)]
struct Sent {
    value: String,
    /// Whether its digit-only form is matched too (a phone number).
    phone: bool,
}

impl Sent {
    /// Every written form (also as leadkit-core's redaction writes an email or a phone
    /// number in vendor text), lower-cased for ASCII-case-insensitive matching, longest first.
    fn forms(&self) -> Vec<String> {
        let value = self.value.as_str();
        let mut forms = vec![value.to_owned()];
        forms.push(url::form_urlencoded::byte_serialize(value.as_bytes()).collect());
        forms.push(utf8_percent_encode(value, URL_KEEP).to_string());
        if let Ok(json) = serde_json::to_string(value) {
            forms.push(json[1..json.len() - 1].to_owned());
        }
        forms.push(php_json_escape(value));
        forms.push(xml_escape(value, true));
        forms.push(xml_escape(value, false));
        // As vendor text reads once emails are masked in it (`d***@example.com`): the
        // domain and first letter are not for an error to show either.
        if value.contains('@') {
            forms.push(crate::redact::mask_email(value));
        } else if self.phone {
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            forms.push(crate::redact::mask_phone(&digits));
        }
        let mut forms: Vec<String> = forms
            .into_iter()
            .map(|form| form.to_ascii_lowercase())
            .collect();
        forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
        forms.dedup();
        forms
    }
}

impl fmt::Debug for SentValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SentValues({} values)", self.all().count())
    }
}

impl SentValues {
    /// Adds a personal value (an email, phone number, name, id): masked when at least two
    /// characters long; `true`/`false`/`null`-like words and numbers shorter than a phone
    /// number are not masked (they would hide the meaning of every message).
    pub fn add(&mut self, value: &str) {
        let value = value.trim();
        if value.chars().count() < 2 || TOO_COMMON.contains(&value.to_ascii_lowercase().as_str()) {
            return;
        }
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let numeric = value
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '.' | '(' | ')'));
        if numeric && digits < PHONE_DIGITS {
            return;
        }
        self.push(value, digits >= PHONE_DIGITS);
        // An email's local part often spells the person's name (`dave.black@…` is echoed as
        // "Dave Black"): its words are masked too.
        if let Some((local, _)) = value.split_once('@') {
            for word in local
                .split(['.', '_', '-', '+'])
                .filter(|word| word.len() >= 3)
            {
                if !word.chars().all(|c| c.is_ascii_digit()) {
                    self.push(word, false);
                }
            }
        }
    }

    /// Adds a value the vendor may echo whatever it is made of (a ZIP code, a birth year, a
    /// short code): masked when at least two characters long, short numbers included; only
    /// `true`/`false`/`null`-like words are left alone. Otherwise as [`SentValues::add`].
    pub fn add_exact(&mut self, value: &str) {
        let value = value.trim();
        if value.chars().count() < 2 || TOO_COMMON.contains(&value.to_ascii_lowercase().as_str()) {
            return;
        }
        let digits = value.chars().filter(char::is_ascii_digit).count();
        if digits < PHONE_DIGITS {
            self.push(value, false);
        } else {
            self.add(value);
        }
    }

    /// Adds one of the client's own secrets (a password, client secret, token): masked
    /// whatever its length or shape.
    pub fn add_secret(&mut self, secret: &str) {
        if !secret.is_empty() {
            self.push(secret, false);
        }
    }

    /// Adds `value` if it looks personal or secret on its own: an email address, a phone-like
    /// number (7 digits or more) or a long token-like word (16 characters or more, no spaces).
    /// Used for every query value and body string of a request; other values (a name, a
    /// short id) are declared with [`SentValues::add`].
    pub fn add_if_personal(&mut self, value: &str) {
        let value = value.trim();
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let token_like = value.chars().count() >= 16 && !value.contains(char::is_whitespace);
        if value.contains('@') || digits >= PHONE_DIGITS || token_like {
            self.add(value);
        }
    }

    /// Adds every value of `other` (without copying them when it can: joining a client's
    /// secrets to each call's values costs no allocation).
    pub fn extend(&mut self, other: &SentValues) {
        if other.is_empty() {
            return;
        }
        if self.also.is_none() && other.also.is_none() {
            self.also = Some(Arc::clone(&other.values));
        } else {
            Arc::make_mut(&mut self.values).extend(other.all().cloned());
        }
    }

    /// Every value, own and joined.
    fn all(&self) -> impl Iterator<Item = &Sent> {
        self.values
            .iter()
            .chain(self.also.iter().flat_map(|also| also.iter()))
    }

    fn push(&mut self, value: &str, phone: bool) {
        Arc::make_mut(&mut self.values).push(Sent {
            value: value.to_owned(),
            phone,
        });
    }

    /// Whether no value was added.
    pub fn is_empty(&self) -> bool {
        self.all().next().is_none()
    }

    /// `text` with every sent value masked as `***`.
    pub fn mask(&self, text: &str) -> String {
        if self.is_empty() {
            return text.to_owned();
        }
        let mut out = text.to_owned();
        // Longest first: a value inside a longer one must not split it.
        let mut values: Vec<&Sent> = self.all().collect();
        values.sort_by_key(|sent| std::cmp::Reverse(sent.value.len()));
        for sent in values {
            for form in sent.forms() {
                out = mask_form(&out, &form);
            }
            if sent.phone {
                let digits: String = sent.value.chars().filter(char::is_ascii_digit).collect();
                out = mask_digits(&out, &digits);
            }
        }
        out
    }

    /// The error with every sent value masked in what it carries from the vendor: messages,
    /// codes, decode paths and reasons, body excerpts (also inside
    /// [`Error::OutcomeUnknown`] and [`Error::Polling`]).
    pub fn mask_error(&self, error: Error) -> Error {
        if self.is_empty() {
            return error;
        }
        match error {
            Error::Status {
                vendor,
                operation,
                status,
                message,
                body,
                retry_after,
            } => Error::Status {
                vendor,
                operation,
                status,
                message: message.map(|m| self.mask_message(&m)),
                body: self.mask_excerpt(&body),
                retry_after,
            },
            Error::Auth {
                vendor,
                operation,
                status,
                message,
            } => Error::Auth {
                vendor,
                operation,
                status,
                message: message.map(|m| self.mask_message(&m)),
            },
            Error::RateLimited {
                vendor,
                operation,
                retry_after,
                message,
            } => Error::RateLimited {
                vendor,
                operation,
                retry_after,
                message: message.map(|m| self.mask_message(&m)),
            },
            Error::Decode {
                vendor,
                operation,
                status,
                path,
                reason,
                body,
            } => Error::Decode {
                vendor,
                operation,
                status,
                path: self.mask(&path),
                reason: self.mask(&reason),
                body: self.mask_excerpt(&body),
            },
            Error::OutcomeUnknown { status, cause } => Error::OutcomeUnknown {
                status,
                cause: Box::new(self.mask_error(*cause)),
            },
            Error::Polling {
                vendor,
                operation,
                resource_id,
                polls,
                cause,
            } => Error::Polling {
                vendor,
                operation,
                resource_id,
                polls,
                cause: Box::new(self.mask_error(*cause)),
            },
            other => other,
        }
    }

    /// A vendor message with every sent value masked.
    pub fn mask_message(&self, message: &VendorMessage) -> VendorMessage {
        message.map_text(|text| self.mask(text))
    }

    /// A body excerpt with every sent value masked (its total length kept).
    pub fn mask_excerpt(&self, excerpt: &BodyExcerpt) -> BodyExcerpt {
        if excerpt.as_bytes().is_empty() {
            return excerpt.clone();
        }
        let mut text = self.mask(&excerpt.text());
        if excerpt.is_truncated() {
            text = self.mask_cut_tail(text);
        }
        excerpt.replaced(text.into_bytes())
    }

    /// Masks the start of a sent value where a cut text ends with it (an excerpt ending in
    /// the middle of a phone number or a name): four characters or more.
    fn mask_cut_tail(&self, mut text: String) -> String {
        let lower = text.to_ascii_lowercase();
        let mut cut = None;
        for sent in self.all() {
            let digits: String = sent.value.chars().filter(char::is_ascii_digit).collect();
            for form in sent.forms().into_iter().chain(sent.phone.then_some(digits)) {
                let prefixes = (4..form.len()).rev().filter(|&k| form.is_char_boundary(k));
                for k in prefixes {
                    if lower.ends_with(&form[..k]) {
                        let start = text.len() - k;
                        let bounded = text[..start]
                            .chars()
                            .next_back()
                            .is_none_or(|c| !is_word(c));
                        if bounded {
                            cut = Some(cut.map_or(start, |other: usize| other.min(start)));
                        }
                        break;
                    }
                }
            }
        }
        // A phone cut after some of its separators: the trailing run of digits and
        // separators, if its digits start a sent number.
        let run_start = text
            .rfind(|c: char| {
                !(c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+'))
            })
            .map_or(0, |at| {
                at + text[at..].chars().next().map_or(1, char::len_utf8)
            });
        // The run starts at its first digit, `+` or `(` (the spaces before it stay).
        let run_start = run_start
            + text[run_start..]
                .find(|c: char| c.is_ascii_digit() || c == '+' || c == '(')
                .unwrap_or(text.len() - run_start);
        let run_digits: String = text[run_start..]
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if run_digits.len() >= 4
            && self.all().any(|sent| {
                sent.phone
                    && sent
                        .value
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect::<String>()
                        .starts_with(&run_digits)
            })
        {
            cut = Some(cut.map_or(run_start, |other: usize| other.min(run_start)));
        }
        if let Some(start) = cut {
            text.truncate(start);
            text.push_str("***");
        }
        text
    }
}

/// JSON as PHP's `json_encode` writes it: non-ASCII as `\uXXXX`, `/` as `\/`.
fn php_json_escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '/' => out.push_str("\\/"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out
}

/// `value` as XML writes it in text: every special character escaped (`all`), or only `&`
/// and `<`, as minimal writers do.
fn xml_escape(value: &str, all: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' if all => out.push_str("&gt;"),
            '"' if all => out.push_str("&quot;"),
            '\'' if all => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Masks whole-word occurrences of `form` (lower-case) in `text`, ignoring ASCII case.
fn mask_form(text: &str, form: &str) -> String {
    if form.is_empty() || text.len() < form.len() {
        return text.to_owned();
    }
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut from = 0;
    while let Some(found) = lower[from..].find(form) {
        let start = from + found;
        let end = start + form.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let starts_word = form.chars().next().is_some_and(is_word);
        let ends_word = form.chars().next_back().is_some_and(is_word);
        let bounded = (!starts_word || before.is_none_or(|c| !is_word(c)))
            && (!ends_word || after.is_none_or(|c| !is_word(c)));
        if bounded {
            out.push_str(&text[copied..start]);
            out.push_str("***");
            copied = end;
            from = end;
        } else {
            from = start + form.chars().next().map_or(1, char::len_utf8);
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Masks runs of digits and phone separators that end in the same [`PHONE_DIGITS`] digits or
/// more as the sent number.
fn mask_digits(text: &str, digits: &str) -> String {
    let is_run = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')' | '+');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit() || c == '+' || c == '(') {
        let before_ok = rest[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word(c));
        let len = rest[start..]
            .find(|c: char| !is_run(c))
            .unwrap_or(rest.len() - start);
        let run = &rest[start..start + len];
        // A run ends at its last digit (keep trailing spaces and dots as they were).
        let trimmed = run.trim_end_matches(|c: char| !c.is_ascii_digit());
        let run_digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        let after_ok = rest[start + trimmed.len()..]
            .chars()
            .next()
            .is_none_or(|c| !is_word(c));
        // The same number, or the same subscriber number written with another prefix
        // (`+84 999 999 999` and `849-999-9999` both end in the same seven digits or more).
        let common_tail = run_digits
            .bytes()
            .rev()
            .zip(digits.bytes().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let same = run_digits.len() >= PHONE_DIGITS && common_tail >= PHONE_DIGITS;
        out.push_str(&rest[..start]);
        if same && before_ok && after_ok {
            out.push_str("***");
            out.push_str(&run[trimmed.len()..]);
        } else {
            out.push_str(run);
        }
        rest = &rest[start + len.max(1)..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(values: &[&str]) -> SentValues {
        let mut sent = SentValues::default();
        for value in values {
            sent.add(value);
        }
        sent
    }

    #[test]
    fn every_written_form_of_a_value_is_masked() {
        let sent = sent(&[
            "dave.black@example.com",
            "Dave Black",
            "84999999999",
            "Zoë/1",
        ]);
        for (text, expected) in [
            ("DAVE.BLACK@EXAMPLE.COM", "***"),
            ("dave.black%40example.com", "***"),
            ("Dave+Black and Dave%20Black", "*** and ***"),
            ("+84 999 999 999", "***"),
            ("(849) 999-99999.", "***."),
            ("84-999-999-999", "***"),
            ("849-999-9999", "***"),
            ("order 1234999", "order 1234999"),
            ("Zo\\u00eb\\/1", "***"),
            ("Zoë/1", "***"),
            ("d***@example.com", "***"),
            ("8499*****99", "***"),
        ] {
            assert_eq!(sent.mask(text), expected, "{text}");
        }
    }

    #[test]
    fn only_whole_words_are_masked() {
        let sent = sent(&["Ann", "12345678"]);
        assert_eq!(sent.mask("Annabel met Ann"), "Annabel met ***");
        assert_eq!(sent.mask("order 9912345678x"), "order 9912345678x");
        assert_eq!(sent.mask("code 1234"), "code 1234");
    }

    #[test]
    fn common_words_and_short_numbers_are_not_values() {
        let sent = sent(&["true", "25", "x", "1000"]);
        assert!(sent.is_empty());
        assert_eq!(sent.mask("true 25 x 1000"), "true 25 x 1000");
    }

    #[test]
    fn a_value_cut_at_the_end_of_an_excerpt_is_masked() {
        let sent = sent(&["84999999999", "Janeplaceholder"]);
        let body = format!("{} phone +84 999 99", "x".repeat(BODY_EXCERPT_LIMIT - 16));
        let excerpt = BodyExcerpt::new(&bytes::Bytes::from(format!("{body}9 9999 and more")));
        let masked = sent.mask_excerpt(&excerpt);
        assert!(masked.text().ends_with("phone ***"), "{}", masked.text());
        let body = format!("{} name Janeplace", "x".repeat(BODY_EXCERPT_LIMIT - 15));
        let excerpt = BodyExcerpt::new(&bytes::Bytes::from(format!("{body}holder, more")));
        assert!(sent.mask_excerpt(&excerpt).text().ends_with("name ***"));
    }

    #[test]
    fn xml_escaped_values_are_masked() {
        let sent = sent(&["Zoë O\"Hara", "1/2 Main & Co"]);
        for written in [
            "<l>Zoë O&quot;Hara</l>",
            "<a>1/2 Main &amp; Co</a>",
            "<a>1/2 MAIN &amp; CO</a>",
        ] {
            let masked = sent.mask(written);
            assert!(
                !masked.contains("Hara") && !masked.to_lowercase().contains("main"),
                "{written} -> {masked}"
            );
        }
    }

    #[test]
    fn exact_values_are_masked_whatever_they_are_made_of() {
        let mut sent = SentValues::default();
        for value in ["60601", "IL", "1987", "x", "true"] {
            sent.add_exact(value);
        }
        assert_eq!(
            sent.mask("zip 60601, state il, born 1987, x, true, 606011"),
            "zip ***, state ***, born ***, x, true, 606011"
        );
        let mut phone = SentValues::default();
        phone.add_exact("8499999999");
        assert_eq!(phone.mask("call 849-999-9999"), "call ***");
    }

    #[test]
    fn secrets_are_masked_whatever_their_length() {
        let mut sent = SentValues::default();
        sent.add_secret("s3");
        assert_eq!(sent.mask("bad secret s3"), "bad secret ***");
    }

    #[test]
    fn errors_are_masked_through_their_wrappers() {
        let sent = sent(&["dave@example.com"]);
        let error = Error::OutcomeUnknown {
            status: None,
            cause: Box::new(Error::Status {
                vendor: "v",
                operation: "op",
                status: reqwest::StatusCode::BAD_REQUEST,
                message: Some(VendorMessage::new("unknown dave@example.com")),
                body: BodyExcerpt::new(&bytes::Bytes::from_static(b"{\"e\":\"dave@example.com\"}")),
                retry_after: None,
            }),
        };
        let masked = sent.mask_error(error);
        let shown = format!(
            "{masked} {masked:?} {}",
            masked.body_excerpt().unwrap().text()
        );
        assert!(!shown.contains("dave"), "{shown}");
    }
}
