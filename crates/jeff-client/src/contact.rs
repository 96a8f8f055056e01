//! The contact details the data APIs search by: an email, a phone number, or both.

use std::fmt;

use leadkit_core::redact::{MaskedEmail, MaskedPhone};
use leadkit_core::{ApiRequest, Result, validate};

/// What to search by: an email address, a phone number, or both. At least one is always
/// present (the constructors make an empty search impossible).
///
/// The phone number is in international form: country code first, digits only, no `+` and
/// no spaces (`84877797487` in Vietnam, `639365429568` in the Philippines, `526565737752` in
/// Mexico). Both values are checked before any request is sent.
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
            validate::international_phone("phone", phone)?;
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
    fn debug_masks_values() {
        let contact = Contact::email_and_phone("jon.doe@example.com", "639365429568");
        let debug = format!("{contact:?}");
        assert!(!debug.contains("jon.doe"), "{debug}");
        assert!(!debug.contains("9365429"), "{debug}");
    }
}
