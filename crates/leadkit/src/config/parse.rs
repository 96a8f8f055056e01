//! The config file's syntax: `KEY=VALUE` lines, `#` comments, an optional `export ` prefix,
//! double quotes with escapes and literal single quotes.
//!
//! Neither an error nor a warning ever holds a value or the text of a line: either may be a
//! secret. A warning about a well-formed line may name its key (keys are not secret); an error
//! about a malformed line never does (what looks like a key may be a pasted secret).

use std::collections::HashMap;
use std::fmt;

use super::KNOWN_KEYS;

/// Why a line of the config file was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The line is neither blank, a comment, nor `KEY=VALUE`.
    NoEquals,
    /// The text before `=` is not a name made of ASCII letters, digits and `_`.
    InvalidKey,
    /// A value opens a double quote and the line ends before it closes.
    UnterminatedDoubleQuote,
    /// A value opens a single quote and the line ends before it closes.
    UnterminatedSingleQuote,
    /// A backslash inside double quotes is followed by something it cannot escape.
    UnknownEscape,
    /// Something other than blanks or a `#` comment follows a quoted value.
    TextAfterClosingQuote,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoEquals => "no `=` (expected KEY=VALUE)",
            Self::InvalidKey => {
                "invalid key (ASCII letters, digits and `_`, not starting with a digit)"
            }
            Self::UnterminatedDoubleQuote => {
                "unterminated double quote (a value does not span lines)"
            }
            Self::UnterminatedSingleQuote => {
                "unterminated single quote (a value does not span lines)"
            }
            Self::UnknownEscape => {
                "unknown escape in a double-quoted value (known: \\\\ \\\" \\n \\t \\r \\$; \
                 single quotes take backslashes literally)"
            }
            Self::TextAfterClosingQuote => {
                "text after the closing quote (only blanks or a # comment may follow)"
            }
        })
    }
}

/// A malformed line: its number (from 1) and why, never its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConfigError {
    /// The line number, from 1.
    pub line: usize,
    /// What is wrong with it.
    pub reason: Reason,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for ConfigError {}

/// What a warning about a well-formed line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A key the CLI does not read, and the known key it is close to, if any.
    UnknownKey {
        /// The key as written.
        key: String,
        /// The closest known key.
        suggestion: Option<&'static str>,
    },
    /// A key already set on an earlier line: this line's value wins.
    Repeated {
        /// The key.
        key: String,
        /// The line that set it last before this one.
        previous: usize,
    },
}

/// A warning about one line of the config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The line number, from 1.
    pub line: usize,
    /// What it says.
    pub notice: Notice,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: ", self.line)?;
        match &self.notice {
            Notice::UnknownKey { key, suggestion } => {
                write!(f, "unknown key {key}")?;
                match suggestion {
                    Some(known) => write!(f, "; did you mean {known}?"),
                    None => f.write_str(" (ignored)"),
                }
            }
            Notice::Repeated { key, previous } => write!(
                f,
                "{key} repeats line {previous}; the value on this line wins"
            ),
        }
    }
}

/// A parsed config file.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Each key's value (the last one given).
    pub values: HashMap<String, String>,
    /// Unknown and repeated keys, in line order.
    pub warnings: Vec<Warning>,
}

/// Parses a config file.
///
/// - Blank lines and lines whose first non-blank character is `#` are comments.
/// - Other lines are `KEY=VALUE`, optionally after `export `; blanks around `KEY`, `=` and the
///   value are dropped. `KEY` is `[A-Za-z_][A-Za-z0-9_]*`.
/// - An unquoted value ends at a `#` that follows a blank (an inline comment); a `#` inside a
///   word stays in the value.
/// - `"…"` takes the escapes `\\`, `\"`, `\n`, `\t`, `\r` and `\$`; `'…'` is literal. Only
///   blanks or a `#` comment may follow the closing quote, and a quote must close on its line.
/// - A key given twice keeps the later value, with a warning; a key the CLI does not read gets
///   a warning, with the known key it is close to.
///
/// The first malformed line is an error naming the line number and the reason.
pub fn parse(text: &str) -> Result<Parsed, ConfigError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parsed = Parsed::default();
    let mut last_line: HashMap<String, usize> = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let Some((key, value)) = parse_line(line).map_err(|reason| ConfigError {
            line: number,
            reason,
        })?
        else {
            continue;
        };
        if !KNOWN_KEYS.contains(&key) {
            parsed.warnings.push(Warning {
                line: number,
                notice: Notice::UnknownKey {
                    key: key.to_owned(),
                    suggestion: suggestion(key, KNOWN_KEYS.iter().copied()),
                },
            });
        }
        if let Some(previous) = last_line.insert(key.to_owned(), number) {
            parsed.warnings.push(Warning {
                line: number,
                notice: Notice::Repeated {
                    key: key.to_owned(),
                    previous,
                },
            });
        }
        parsed.values.insert(key.to_owned(), value);
    }
    Ok(parsed)
}

/// The known key closest to `key` when it is a likely misspelling: at most three edits away,
/// ignoring ASCII case. The first of equally close keys wins.
pub fn suggestion(
    key: &str,
    candidates: impl IntoIterator<Item = &'static str>,
) -> Option<&'static str> {
    let key = key.to_ascii_uppercase();
    candidates
        .into_iter()
        .map(|known| (edit_distance(&key, &known.to_ascii_uppercase()), known))
        .filter(|(distance, _)| *distance <= 3)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, known)| known)
}

/// The Levenshtein distance between `a` and `b`, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Blanks between tokens (and the `\r` of a CRLF file).
fn is_blank(c: char) -> bool {
    c.is_ascii_whitespace()
}

/// `None` for a blank or comment line, else the key and the value.
fn parse_line(line: &str) -> Result<Option<(&str, String)>, Reason> {
    let line = line.trim_matches(is_blank);
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let line = match line.strip_prefix("export") {
        Some(rest) if rest.starts_with(is_blank) => rest.trim_start_matches(is_blank),
        _ => line,
    };
    let (key, rest) = line.split_once('=').ok_or(Reason::NoEquals)?;
    let key = key.trim_end_matches(is_blank);
    if !is_valid_key(key) {
        return Err(Reason::InvalidKey);
    }
    Ok(Some((key, parse_value(rest)?)))
}

fn is_valid_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The value from the text after `=`.
fn parse_value(rest: &str) -> Result<String, Reason> {
    let trimmed = rest.trim_start_matches(is_blank);
    if let Some(inner) = trimmed.strip_prefix('"') {
        double_quoted(inner)
    } else if let Some(inner) = trimmed.strip_prefix('\'') {
        single_quoted(inner)
    } else {
        Ok(unquoted(rest).to_owned())
    }
}

/// Up to an inline comment (a `#` after a blank), without surrounding blanks. A `#` right
/// after `=` or inside a word is part of the value.
fn unquoted(rest: &str) -> &str {
    let mut previous = None;
    let mut end = rest.len();
    for (index, c) in rest.char_indices() {
        if c == '#' && previous.is_some_and(is_blank) {
            end = index;
            break;
        }
        previous = Some(c);
    }
    rest.get(..end).unwrap_or(rest).trim_matches(is_blank)
}

/// The text after an opening `"`.
fn double_quoted(inner: &str) -> Result<String, Reason> {
    let mut value = String::new();
    let mut chars = inner.char_indices();
    while let Some((index, c)) = chars.next() {
        match c {
            '"' => {
                after_closing_quote(inner.get(index + 1..).unwrap_or_default())?;
                return Ok(value);
            }
            '\\' => value.push(match chars.next() {
                Some((_, '\\')) => '\\',
                Some((_, '"')) => '"',
                Some((_, 'n')) => '\n',
                Some((_, 't')) => '\t',
                Some((_, 'r')) => '\r',
                Some((_, '$')) => '$',
                Some(_) => return Err(Reason::UnknownEscape),
                None => return Err(Reason::UnterminatedDoubleQuote),
            }),
            c => value.push(c),
        }
    }
    Err(Reason::UnterminatedDoubleQuote)
}

/// The text after an opening `'`.
fn single_quoted(inner: &str) -> Result<String, Reason> {
    let (value, after) = inner
        .split_once('\'')
        .ok_or(Reason::UnterminatedSingleQuote)?;
    after_closing_quote(after)?;
    Ok(value.to_owned())
}

fn after_closing_quote(after: &str) -> Result<(), Reason> {
    let after = after.trim_start_matches(is_blank);
    if after.is_empty() || after.starts_with('#') {
        Ok(())
    } else {
        Err(Reason::TextAfterClosingQuote)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A distinctive value, so that a leak is unmistakable.
    const SECRET: &str = "s3cr3t-VALUE";

    fn values(text: &str) -> HashMap<String, String> {
        parse(text).unwrap_or_else(|error| panic!("{error}")).values
    }

    fn value(line: &str) -> String {
        values(line)
            .remove("K")
            .unwrap_or_else(|| panic!("no K in {line:?}"))
    }

    fn reason(text: &str) -> Reason {
        parse(text).expect_err("a malformed line").reason
    }

    #[test]
    fn comments_blank_lines_and_indented_comments_are_skipped() {
        let parsed = values("# top\n\n   \n\t# indented\n  #K=no\nK=yes\n");
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed["K"], "yes");
    }

    #[test]
    fn an_inline_comment_ends_an_unquoted_value() {
        assert_eq!(value("K=secret # prod"), "secret");
        assert_eq!(value("K=secret\t# prod"), "secret");
        assert_eq!(value("K=two words # prod # again"), "two words");
        assert_eq!(value("K= # only a comment"), "");
    }

    #[test]
    fn a_hash_inside_a_word_or_right_after_equals_is_part_of_the_value() {
        assert_eq!(value("K=pa#ss"), "pa#ss");
        assert_eq!(value("K=pa#ss#"), "pa#ss#");
        assert_eq!(value("K=#hash"), "#hash");
        assert_eq!(value("K=a#b # comment"), "a#b");
    }

    #[test]
    fn blanks_around_the_equals_sign_and_the_value_are_trimmed() {
        assert_eq!(value("  K \t=  spaced value \t"), "spaced value");
        assert_eq!(value("K = v # c"), "v");
        assert_eq!(value("K=a=b"), "a=b");
    }

    #[test]
    fn an_export_prefix_is_accepted_after_any_blanks() {
        assert_eq!(value("export K=v"), "v");
        assert_eq!(value("export \t K=v"), "v");
        assert_eq!(value("export\tK=v"), "v");
        // Not a prefix: part of the key.
        let parsed = values("exportK=1\nexport=2\n");
        assert_eq!(parsed["exportK"], "1");
        assert_eq!(parsed["export"], "2");
    }

    #[test]
    fn double_quotes_keep_blanks_and_hashes() {
        assert_eq!(
            value(r#"K=" pa ss # not a comment ""#),
            " pa ss # not a comment "
        );
        assert_eq!(value(r#"K="p=w" # comment"#), "p=w");
        assert_eq!(value(r#"K = "v"   "#), "v");
        assert_eq!(value(r##"K="v"# comment"##), "v");
        assert_eq!(value(r#"K="it's""#), "it's");
    }

    #[test]
    fn each_escape_in_double_quotes() {
        assert_eq!(value(r#"K="a\\b""#), "a\\b");
        assert_eq!(value(r#"K="a\"b""#), "a\"b");
        assert_eq!(value(r#"K="a\nb""#), "a\nb");
        assert_eq!(value(r#"K="a\tb""#), "a\tb");
        assert_eq!(value(r#"K="a\rb""#), "a\rb");
        assert_eq!(value(r#"K="a\$b""#), "a$b");
        assert_eq!(value(r#"K="\\\"\n\t\r\$""#), "\\\"\n\t\r$");
        // No expansion: a bare `$` is literal too.
        assert_eq!(value(r#"K="$HOME""#), "$HOME");
    }

    #[test]
    fn an_unknown_escape_is_an_error() {
        for line in [
            r#"K="a\qb""#,
            r#"K="\0""#,
            r#"K="\ ""#,
            r#"K="\'""#,
            "K=\"\\é\"",
        ] {
            assert_eq!(reason(line), Reason::UnknownEscape, "{line}");
        }
    }

    #[test]
    fn single_quotes_are_literal() {
        assert_eq!(value(r"K='a\nb\q # x'"), r"a\nb\q # x");
        assert_eq!(value(r#"K='say "hi"' # comment"#), r#"say "hi""#);
        assert_eq!(value("K = ' v ' "), " v ");
    }

    #[test]
    fn an_unterminated_quote_is_an_error() {
        for line in [
            r#"K="abc"#,
            r#"K="abc\""#,
            r#"K="abc\"#,
            r#"K=""#,
            "K=\"a\nb\"",
        ] {
            assert_eq!(reason(line), Reason::UnterminatedDoubleQuote, "{line:?}");
        }
        for line in ["K='abc", "K='", "K='a\nb'"] {
            assert_eq!(reason(line), Reason::UnterminatedSingleQuote, "{line:?}");
        }
    }

    #[test]
    fn text_after_the_closing_quote_is_an_error() {
        for line in [
            r#"K="a"b"#,
            r#"K="a" b"#,
            r#"K="a""b""#,
            "K='a'b",
            "K='a' b # c",
            "K='a''b'",
        ] {
            assert_eq!(reason(line), Reason::TextAfterClosingQuote, "{line}");
        }
        // A quote inside an unquoted value is just a character.
        assert_eq!(value(r#"K=a"b"#), r#"a"b"#);
    }

    #[test]
    fn crlf_line_endings() {
        let parsed = values("# c\r\nA=1\r\nB=\"2\"\r\nC='3' # c\r\n\r\nD=4 # c\r\nE=5\r");
        assert_eq!(parsed["A"], "1");
        assert_eq!(parsed["B"], "2");
        assert_eq!(parsed["C"], "3");
        assert_eq!(parsed["D"], "4");
        assert_eq!(parsed["E"], "5");
        assert_eq!(
            parse("A=1\r\nB=\"2\r\n").unwrap_err(),
            ConfigError {
                line: 2,
                reason: Reason::UnterminatedDoubleQuote
            }
        );
    }

    #[test]
    fn a_leading_byte_order_mark_is_ignored() {
        assert_eq!(
            values("\u{feff}LEADKIT_JEFF_USERNAME=u")["LEADKIT_JEFF_USERNAME"],
            "u"
        );
    }

    #[test]
    fn a_repeated_key_keeps_the_later_value_with_a_warning() {
        let parsed = parse(&format!(
            "LEADKIT_JEFF_PASSWORD={SECRET}-1\n\nLEADKIT_JEFF_PASSWORD={SECRET}-2\n\
             LEADKIT_JEFF_PASSWORD={SECRET}-3\n"
        ))
        .unwrap();
        assert_eq!(
            parsed.values["LEADKIT_JEFF_PASSWORD"],
            format!("{SECRET}-3")
        );
        let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "line 3: LEADKIT_JEFF_PASSWORD repeats line 1; the value on this line wins",
                "line 4: LEADKIT_JEFF_PASSWORD repeats line 3; the value on this line wins",
            ]
        );
    }

    #[test]
    fn empty_values() {
        for line in [
            "K=",
            "K=   ",
            "K=\"\"",
            "K=''",
            "K= # comment",
            "K=\"\" # c",
        ] {
            assert_eq!(value(line), "", "{line}");
        }
    }

    #[test]
    fn invalid_keys() {
        for line in [
            "=v",
            " = v",
            "1KEY=v",
            "KEY-NAME=v",
            "KEY NAME=v",
            "KÉY=v",
            "KEY.NAME=v",
            "\"KEY\"=v",
            "export =v",
        ] {
            assert_eq!(reason(line), Reason::InvalidKey, "{line}");
        }
        assert_eq!(value("K=v"), "v");
        assert_eq!(values("_k9=v")["_k9"], "v");
    }

    #[test]
    fn a_line_without_equals_is_an_error_with_its_number() {
        assert_eq!(
            parse("# c\nA=1\nno equals sign\n").unwrap_err(),
            ConfigError {
                line: 3,
                reason: Reason::NoEquals
            }
        );
        assert_eq!(reason("export KEY"), Reason::NoEquals);
    }

    #[test]
    fn unknown_keys_get_a_warning_with_the_close_known_key() {
        let parsed = parse(
            "LEADKIT_JEFF_USERNAM=u\nleadkit_jeff_password=p\nLEADKIT_JEFF_USERNAME=u\n\
             SOMETHING_ELSE=x\nLEADKIT_CONFIG=x\nLEADKIT_JORNAYA_BEARER=t\n",
        )
        .unwrap();
        let warnings: Vec<String> = parsed.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "line 1: unknown key LEADKIT_JEFF_USERNAM; did you mean LEADKIT_JEFF_USERNAME?",
                "line 2: unknown key leadkit_jeff_password; did you mean LEADKIT_JEFF_PASSWORD?",
                "line 4: unknown key SOMETHING_ELSE (ignored)",
                "line 5: unknown key LEADKIT_CONFIG (ignored)",
                "line 6: unknown key LEADKIT_JORNAYA_BEARER (ignored)",
            ]
        );
    }

    #[test]
    fn suggestions_are_at_most_three_edits_away_ignoring_case() {
        let known = ["LEADKIT_JEFF_USERNAME", "LEADKIT_JEFF_PASSWORD"];
        assert_eq!(suggestion("LEADKIT_JEFF_USRNAM", known), Some(known[0]));
        assert_eq!(suggestion("LEADKIT_JEF_USRNAM", known), Some(known[0]));
        assert_eq!(suggestion("LEADKIT_JE_USRNAM", known), None);
        assert_eq!(suggestion("Leadkit_Jeff_Passwort", known), Some(known[1]));
        assert_eq!(suggestion("LEADKIT_OTHER_TOOL", known), None);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("é€", "e€x"), 2);
    }

    #[test]
    fn multi_byte_utf8_values() {
        assert_eq!(value("K=pässwörd€🔑 # c"), "pässwörd€🔑");
        assert_eq!(value("K=é#€"), "é#€");
        assert_eq!(value("K=\"🔑\\\"é\\n\""), "🔑\"é\n");
        assert_eq!(value("K='€#🔑' # c"), "€#🔑");
        assert_eq!(value("K=\u{a0}#nbsp\u{a0}"), "\u{a0}#nbsp\u{a0}");
        assert_eq!(reason("K=\"🔑"), Reason::UnterminatedDoubleQuote);
        assert_eq!(reason("K='🔑'é"), Reason::TextAfterClosingQuote);
        assert_eq!(reason("K€=v"), Reason::InvalidKey);
    }

    #[test]
    fn no_input_panics() {
        // Every string of up to four characters from an alphabet of the syntax's special
        // characters and multi-byte ones, after a key and on its own.
        let alphabet = [
            '"', '\'', '\\', '#', '=', ' ', '\r', 'n', 'é', '🔑', '\u{feff}',
        ];
        let mut inputs = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = inputs
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            inputs.extend(longer);
        }
        for input in &inputs {
            let _ = parse(input);
            let _ = parse(&format!("K={input}"));
            let _ = parse(&format!("export K{input}"));
        }
    }

    #[test]
    fn no_error_or_warning_holds_the_value_or_a_malformed_line_s_key() {
        let key = "LEADKIT_JEFF_PASSWORD";
        let malformed = [
            SECRET.to_owned(),
            format!("{key} {SECRET}"),
            format!("{SECRET}={SECRET}"),
            format!("{key}=\"{SECRET}"),
            format!("{key}='{SECRET}"),
            format!("{key}=\"{SECRET}\\q\""),
            format!("{key}=\"{SECRET}\"{SECRET}"),
            format!("{key}='{SECRET}' {SECRET}"),
            format!("export {key}=\"{SECRET}\\"),
        ];
        for line in &malformed {
            let error = parse(&format!("A=1\n{line}\n"))
                .expect_err(line)
                .to_string();
            assert!(error.starts_with("line 2: "), "{error}");
            assert!(!error.contains("s3cr3t"), "{error}");
            assert!(!error.contains(key), "{error}");
        }
        let parsed = parse(&format!(
            "{key}={SECRET}\n{key}=\"{SECRET}\"\nLEADKIT_JEFF_PASWORD='{SECRET}'\n\
             UNRELATED={SECRET} # {SECRET}\n"
        ))
        .unwrap();
        assert_eq!(parsed.warnings.len(), 3);
        for warning in &parsed.warnings {
            let warning = warning.to_string();
            assert!(!warning.contains("s3cr3t"), "{warning}");
        }
    }
}
