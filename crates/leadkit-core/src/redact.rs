//! Masking of personal data and secrets for logs and error text.
//!
//! Emails and phone numbers are personal data under lenders' regulators: logs and errors carry
//! masked forms only (`d***@mail.com`, `8487*****87`). Secrets never appear at all.

use std::fmt;

/// Masks an email address: first character of the local part, then `***@domain`. A domain
/// that does not read as a host name (letters, digits, `-` and `.`, with a dot), or that holds
/// a run of 7 digits (a phone number typed in the email's place), is masked too.
///
/// ```
/// assert_eq!(leadkit_core::redact::mask_email("dung.nguyen@mail.com"), "d***@mail.com");
/// assert_eq!(leadkit_core::redact::mask_email("not-an-email"), "***");
/// assert_eq!(leadkit_core::redact::mask_email("dung@84876543287"), "d***@***");
/// ```
pub fn mask_email(email: &str) -> String {
    MaskedEmail(email).to_string()
}

/// Masks a phone number: the first four and last two digits stay, the rest become `*`.
/// Numbers with fewer than eight digits are masked whole.
///
/// ```
/// assert_eq!(leadkit_core::redact::mask_phone("84876543287"), "8487*****87");
/// assert_eq!(leadkit_core::redact::mask_phone("12345"), "***");
/// ```
pub fn mask_phone(phone: &str) -> String {
    MaskedPhone(phone).to_string()
}

/// Displays an email address masked, without allocating.
#[derive(Clone, Copy)]
pub struct MaskedEmail<'a>(pub &'a str);

impl fmt::Display for MaskedEmail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.rsplit_once('@') {
            Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {
                let first = local.chars().next().unwrap_or('*');
                let domain = if reads_as_host(domain) { domain } else { "***" };
                write!(f, "{first}***@{domain}")
            }
            _ => f.write_str("***"),
        }
    }
}

/// Whether an email's domain may be shown: a host name's characters, a dot, and no run of 7
/// digits.
fn reads_as_host(domain: &str) -> bool {
    let mut digit_run = 0;
    for b in domain.bytes() {
        if !(b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
            return false;
        }
        digit_run = if b.is_ascii_digit() { digit_run + 1 } else { 0 };
        if digit_run >= 7 {
            return false;
        }
    }
    domain.contains('.')
}

impl fmt::Debug for MaskedEmail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// Displays a phone number masked, without allocating.
#[derive(Clone, Copy)]
pub struct MaskedPhone<'a>(pub &'a str);

impl fmt::Display for MaskedPhone<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.chars().filter(char::is_ascii_digit).count();
        if digits < 8 {
            return f.write_str("***");
        }
        for (index, digit) in self.0.chars().filter(char::is_ascii_digit).enumerate() {
            if index < 4 || index >= digits - 2 {
                write!(f, "{digit}")?;
            } else {
                f.write_str("*")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for MaskedPhone<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// Characters that may form a word this module inspects (emails, numbers, tokens).
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '_' | '-' | '+' | '/' | '=' | '%')
}

/// Masks every email address, digit-only word of 7 or more digits (phone numbers) and long
/// token-like word (32 or more characters) in free text, such as a vendor's error message.
///
/// ```
/// use leadkit_core::redact::redact_text;
/// assert_eq!(
///     redact_text("no lead for dung@mail.com or 84876543287"),
///     "no lead for d***@mail.com or 8487*****87"
/// );
/// ```
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_word_char) {
        out.push_str(&rest[..start]);
        let word_len = rest[start..]
            .find(|c: char| !is_word_char(c))
            .unwrap_or(rest.len() - start);
        let word = &rest[start..start + word_len];
        push_redacted_word(&mut out, word);
        rest = &rest[start + word_len..];
    }
    out.push_str(rest);
    out
}

fn push_redacted_word(out: &mut String, word: &str) {
    use fmt::Write;
    // Sentence punctuation around a word is not part of it.
    let trimmed = word.trim_end_matches(['.', '-', '/', '=']);
    let tail = &word[trimmed.len()..];
    let digits = trimmed.chars().filter(char::is_ascii_digit).count();
    let at = trimmed.find('@');
    let result = if at.is_some_and(|i| trimmed[i + 1..].contains('.')) {
        write!(out, "{}", MaskedEmail(trimmed))
    } else if trimmed.len() >= 32 {
        out.push_str("[redacted]");
        Ok(())
    } else if digits >= 7 && trimmed.trim_start_matches('+').len() == digits {
        write!(out, "{}", MaskedPhone(trimmed))
    } else {
        out.push_str(trimmed);
        Ok(())
    };
    debug_assert!(result.is_ok());
    out.push_str(tail);
}

/// Masks emails and phone numbers in a decode path (`data.users.a@b.co.phone`): segment by
/// segment, so a path's dots do not hide a phone number, then whole when an `@` is left, since
/// an email's dots split it across segments. Object keys come from the document and can be
/// personal data (a map keyed by email).
///
/// ```
/// use leadkit_core::redact::redact_path;
/// // The email spans segments: the whole run around it is masked as one.
/// assert_eq!(redact_path("users.dung@mail.com.score"), "u***@mail.com.score");
/// assert_eq!(redact_path("contacts.84987654321"), "contacts.8498*****21");
/// ```
pub fn redact_path(path: &str) -> String {
    let path = path
        .split('.')
        .map(redact_text)
        .collect::<Vec<_>>()
        .join(".");
    if path.contains('@') {
        redact_text(&path)
    } else {
        path
    }
}

/// Masks the contents of double-quoted literals (`"…"`) in a message, such as a serde error
/// that quotes the offending value.
pub fn mask_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        if c == '"' {
            if inside {
                out.push_str("***\"");
            } else {
                out.push('"');
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    if inside {
        out.push_str("***");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_shows_its_domain_only_when_it_reads_as_a_host() {
        for (email, masked) in [
            ("dung.nguyen@mail.com", "d***@mail.com"),
            ("a@163.com", "a***@163.com"),
            ("a@sub-1.example.co.uk", "a***@sub-1.example.co.uk"),
            ("dung@84876543287", "d***@***"),
            ("dung@848765432.87", "d***@***"),
            ("dung@mail 84876543287.com", "d***@***"),
            ("x@A'222222222[-)?", "x***@***"),
            ("x@localhost", "x***@***"),
            ("x@bücher.de", "x***@***"),
        ] {
            assert_eq!(mask_email(email), masked, "{email}");
        }
    }

    #[test]
    fn masks_emails_phones_and_tokens_in_text() {
        let text = "lead 84987654321, email Ana.Maria@example.com. token \
                    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; id 1234";
        let redacted = redact_text(text);
        assert_eq!(
            redacted,
            "lead 8498*****21, email A***@example.com. token [redacted]; id 1234"
        );
    }

    #[test]
    fn keeps_plain_words_and_short_numbers() {
        assert_eq!(
            redact_text("HTTP 503 at 2024-01-02: Service Unavailable"),
            "HTTP 503 at 2024-01-02: Service Unavailable"
        );
    }

    #[test]
    fn masks_quoted_literals() {
        assert_eq!(
            mask_quoted(r#"invalid type: string "Nguyen Van A", expected u32"#),
            r#"invalid type: string "***", expected u32"#
        );
    }

    #[test]
    fn masks_phone_with_separators() {
        assert_eq!(mask_phone("+84 876-543-287"), "8487*****87");
    }
}
