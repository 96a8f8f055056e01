//! One [`Screener`] per vendor, each behind its cargo feature: what a row needs for that
//! vendor, the call, and what the answer means.

#[cfg(feature = "bureau")]
mod bureau;
#[cfg(feature = "friendlyscore")]
mod friendlyscore;
#[cfg(feature = "jeff")]
mod jeff;
#[cfg(feature = "jornaya")]
mod jornaya;

#[cfg(feature = "bureau")]
pub use bureau::BureauScreener;
#[cfg(feature = "friendlyscore")]
pub use friendlyscore::FriendlyScoreScreener;
#[cfg(feature = "jeff")]
pub use jeff::JeffScreener;
#[cfg(feature = "jornaya")]
pub use jornaya::JornayaScreener;

#[cfg(any(feature = "jeff", feature = "bureau"))]
use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use leadkit_core::Error;
use serde_json::Value;

use crate::input::Lead;
use crate::verdict::Finding;

/// A boxed future, for [`Screener::screen`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A vendor's answer for one row: its JSON (as the vendor crate serialises it) and what it
/// means.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Answer {
    /// The typed answer, serialised.
    #[serde(rename = "answer")]
    pub json: Value,
    /// What it means for the verdict.
    pub finding: Finding,
}

/// Called when a long operation gets its id at the vendor (a Bureau transaction): the journal
/// records it before polling starts, so a crash after it resumes by id instead of paying again.
pub type OnStarted<'a> = &'a (dyn Fn(&str) + Send + Sync);

/// Screens rows with one vendor.
pub trait Screener: Send + Sync {
    /// The vendor's name: `jeff`, `jornaya`, `friendlyscore`, `bureau`.
    fn vendor(&self) -> &'static str;

    /// Checks that the row holds what this vendor needs, before anything is sent. The reason
    /// names the column, never the value.
    fn check(&self, lead: &Lead) -> Result<(), String>;

    /// Calls the vendor for `lead`. `resume` is the id of an operation started by an earlier
    /// run (a Bureau transaction): it is polled instead of started again.
    fn screen<'a>(
        &'a self,
        lead: &'a Lead,
        resume: Option<&'a str>,
        on_started: OnStarted<'a>,
    ) -> BoxFuture<'a, Result<Answer, Error>>;
}

/// `value` serialised, `null` if it cannot be.
#[cfg(any(feature = "jeff", feature = "jornaya", feature = "bureau"))]
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Why a row fails `vendor`'s check: the vendor's client's own reason, which names the field and
/// the form expected but never repeats the value, such as ``jeff: invalid input `phone`: must
/// have 8 to 15 digits including the country code``.
#[cfg(any(feature = "jeff", feature = "jornaya", feature = "bureau"))]
pub(crate) fn invalid(vendor: &str, error: &Error) -> String {
    format!("{vendor}: {error}")
}

/// A phone number as a list holds it, in the form Jeff and Bureau take: country code first,
/// digits only. A leading `+` and the separators people write between digits (spaces, `-`, `.`,
/// parentheses) are dropped, so `+84 876-543-287` is sent as `84876543287`, the number the row
/// key already hashes. Anything else is kept as written, for the vendor's check to refuse with
/// its reason: letters, a national trunk written as `(0)` (`+44 (0)20 …`, where dropping the
/// parentheses would dial a wrong `0`), a national or `00` prefix.
#[cfg(any(feature = "jeff", feature = "bureau"))]
pub(crate) fn international_digits(phone: &str) -> Cow<'_, str> {
    let written = phone.trim();
    if written.bytes().all(|b| b.is_ascii_digit()) {
        return Cow::Borrowed(written);
    }
    let rest = written.strip_prefix('+').unwrap_or(written);
    let separator = |b: u8| matches!(b, b' ' | b'-' | b'.' | b'(' | b')');
    let tidy = rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.bytes().all(|b| b.is_ascii_digit() || separator(b))
        && !rest.replace(' ', "").contains("(0)");
    if tidy {
        Cow::Owned(rest.chars().filter(char::is_ascii_digit).collect())
    } else {
        Cow::Borrowed(phone)
    }
}

#[cfg(all(test, feature = "jeff", feature = "bureau"))]
mod tests {
    use super::international_digits;

    #[test]
    fn written_phones_become_the_international_digits() {
        for (written, sent) in [
            ("84876543287", "84876543287"),
            (" 84876543287 ", "84876543287"),
            ("+84876543287", "84876543287"),
            ("+84 876-543-287", "84876543287"),
            ("+1 (415) 555-0100", "14155550100"),
            ("+44.7800.000001", "447800000001"),
            // Tidied, then refused by the vendor's check with its reason.
            ("0084 876 543 287", "0084876543287"),
        ] {
            assert_eq!(international_digits(written), sent, "{written}");
        }
    }

    #[test]
    fn phones_that_cannot_be_tidied_are_kept_as_written() {
        for written in [
            "+44 (0)20 7946 0958",
            "+44 ( 0 ) 20 7946 0958",
            "tel: 84876543287",
            "+84 876 543 287 ext 12",
            "++84876543287",
            "(+84) 876543287",
            "+",
            "",
        ] {
            assert_eq!(international_digits(written), written);
        }
    }
}
