//! The contact details the data APIs search by: an email, a phone number, or both.

use std::fmt;

use leadkit_core::redact::{MaskedEmail, MaskedPhone};
use leadkit_core::{ApiRequest, Error, Result, validate};

/// The form Jeff expects, stated in every phone error (the value itself is never echoed).
pub(crate) const PHONE_FORM: &str =
    "must be the international form with the country code, digits only, such as 84912345678";

/// What to search by: an email address, a phone number, or both. At least one is always
/// present (the constructors make an empty search impossible).
///
/// The phone number is in international form: country code first, digits only, no `+` and
/// no spaces (`84877797487` in Vietnam, `639365429568` in the Philippines, `526565737752` in
/// Mexico), 8 to 15 digits. No country code starts with `0`, so a national number
/// (`0912345678`) or one behind the international call prefix (`0084912345678`) is refused
/// too. Both values are checked before any request is sent.
///
/// `Debug` masks both values.
///
/// ```
/// use jeff_client::Contact;
///
/// let both = Contact::email("jon.doe@example.com").with_phone("84877797487");
/// assert_eq!(both.phone_number(), Some("84877797487"));
/// assert_eq!(format!("{both:?}"), r#"Contact { email: Some("j***@example.com"), phone: Some("8487*****87") }"#);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Contact {
    email: Option<String>,
    phone: Option<String>,
}

impl Contact {
    /// Search by email.
    pub fn email(email: impl Into<String>) -> Self {
        Self {
            email: Some(email.into()),
            phone: None,
        }
    }

    /// Search by phone number (international digits, no `+`).
    pub fn phone(phone: impl Into<String>) -> Self {
        Self {
            email: None,
            phone: Some(phone.into()),
        }
    }

    /// Search by both; Jeff receives both and reports in `matchedProperties` which matched.
    pub fn email_and_phone(email: impl Into<String>, phone: impl Into<String>) -> Self {
        Self::email(email).with_phone(phone)
    }

    /// Adds (or replaces) the email.
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Adds (or replaces) the phone number.
    pub fn with_phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// The email searched for.
    pub fn email_address(&self) -> Option<&str> {
        self.email.as_deref()
    }

    /// The phone number searched for.
    pub fn phone_number(&self) -> Option<&str> {
        self.phone.as_deref()
    }

    /// Checks both values; errors name the field (`email` or `phone`), never the value.
    pub fn validate(&self) -> Result<()> {
        if let Some(email) = &self.email {
            validate::email("email", email)?;
        }
        if let Some(phone) = &self.phone {
            international_phone("phone", phone)?;
        }
        Ok(())
    }

    /// Adds `email` and `phone` query parameters.
    pub(crate) fn apply(&self, request: ApiRequest) -> ApiRequest {
        request
            .query_opt("email", self.email.as_deref())
            .query_opt("phone", self.phone.as_deref())
    }
}

/// Jeff's phone form: `{country code}{national number}`, digits only, 8 to 15 digits (E.164
/// without the `+`). Country codes never start with `0`: a leading `0` is a national trunk
/// prefix (`0912345678`) or the international call prefix (`0084…`), and Jeff would search
/// for a number nobody has. Each reason states the expected form; none repeats the value.
pub(crate) fn international_phone(field: &'static str, value: &str) -> Result<()> {
    let hint = if value.starts_with('+') {
        Some("without the leading `+`")
    } else if !value.bytes().all(|b| b.is_ascii_digit()) {
        Some("without spaces, dashes or other separators")
    } else if value.starts_with("00") {
        Some("without the international call prefix 00")
    } else if value.starts_with('0') {
        Some("not the national form: replace the leading 0 with the country code")
    } else if !(8..=15).contains(&value.len()) {
        Some("8 to 15 digits in all")
    } else {
        None
    };
    match hint {
        Some(hint) => Err(Error::invalid_input(field, format!("{PHONE_FORM}, {hint}"))),
        None => Ok(()),
    }
}

impl fmt::Debug for Contact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Contact")
            .field("email", &self.email.as_deref().map(MaskedEmail))
            .field("phone", &self.phone.as_deref().map(MaskedPhone))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_the_field() {
        assert!(Contact::email("jon.doe@example.com").validate().is_ok());
        assert!(Contact::phone("639365429568").validate().is_ok());
        let cases = [
            (Contact::phone("+84877797487"), "phone"),
            (Contact::phone("848 777 974 87"), "phone"),
            (Contact::phone("84-877797487"), "phone"),
            (Contact::email("not-an-email"), "email"),
            (
                Contact::email("jon.doe@example.com").with_phone("+639365429568"),
                "phone",
            ),
        ];
        for (contact, field) in cases {
            let error = contact.validate().unwrap_err();
            assert_eq!(error.field(), Some(field), "{contact:?}");
            assert!(!error.to_string().contains("877797"), "{error}");
        }
    }

    #[test]
    fn national_and_double_zero_forms_are_refused_with_the_expected_form() {
        for (national, hint) in [
            ("0987654321", "replace the leading 0 with the country code"),
            ("0084987654321", "without the international call prefix 00"),
            ("00639365429568", "without the international call prefix 00"),
            ("09365429568", "replace the leading 0 with the country code"),
        ] {
            let error = Contact::phone(national).validate().unwrap_err();
            assert_eq!(error.field(), Some("phone"), "{national}");
            let text = error.to_string();
            assert!(text.contains(PHONE_FORM), "{text}");
            assert!(text.contains(hint), "{text}");
            assert!(
                !text.contains(&national[2..]),
                "the value is echoed: {text}"
            );
        }
        for (other, hint) in [
            ("+84912345678", "without the leading `+`"),
            ("84 912 345 678", "without spaces"),
            ("8491234", "8 to 15 digits"),
            ("8491234567890123", "8 to 15 digits"),
            ("", "8 to 15 digits"),
        ] {
            let text = Contact::phone(other).validate().unwrap_err().to_string();
            assert!(text.contains(PHONE_FORM) && text.contains(hint), "{text}");
        }
        for valid in ["84912345678", "84877797487", "639365429568", "526565737752"] {
            assert!(Contact::phone(valid).validate().is_ok(), "{valid}");
        }
    }

    #[test]
    fn debug_masks_values() {
        let contact = Contact::email_and_phone("jon.doe@example.com", "639365429568");
        let debug = format!("{contact:?}");
        assert!(!debug.contains("jon.doe"), "{debug}");
        assert!(!debug.contains("9365429"), "{debug}");
    }
}
