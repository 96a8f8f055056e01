//! Input checks shared by the vendor crates, run before any request is sent.
//!
//! Each returns [`Error::InvalidInput`] naming the field; the value itself never appears in
//! the error (it is usually personal data).

use std::borrow::Cow;
use std::net::IpAddr;

use crate::error::{Error, Result};

type Field = Cow<'static, str>;

/// A value that must not be empty or only whitespace.
pub fn non_empty(field: impl Into<Field>, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid_input(field, "must not be empty"));
    }
    Ok(())
}

/// A phone number in international form: digits only (country code first), no `+`, no
/// spaces, 8 to 15 digits (E.164 without the plus).
///
/// ```
/// use leadkit_core::validate::international_phone;
/// assert!(international_phone("phone", "84987654321").is_ok());
/// assert_eq!(international_phone("phone", "+84987654321").unwrap_err().field(), Some("phone"));
/// assert!(international_phone("phone", "849 876 543").is_err());
/// ```
pub fn international_phone(field: impl Into<Field>, value: &str) -> Result<()> {
    if value.starts_with('+') {
        return Err(Error::invalid_input(
            field,
            "must not start with `+`: send the country code and number as digits",
        ));
    }
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(
            field,
            "must contain digits only (no spaces or separators)",
        ));
    }
    if !(8..=15).contains(&value.len()) {
        return Err(Error::invalid_input(
            field,
            "must have 8 to 15 digits including the country code",
        ));
    }
    Ok(())
}

/// Digits only, with a length in `min..=max`.
pub fn digits(field: impl Into<Field>, value: &str, min: usize, max: usize) -> Result<()> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid_input(field, "must contain digits only"));
    }
    if !(min..=max).contains(&value.len()) {
        return Err(Error::invalid_input(
            field,
            format!("must have {min} to {max} digits"),
        ));
    }
    Ok(())
}

/// An email address of plausible shape: `local@domain.tld`, no spaces, at most 254 characters.
///
/// ```
/// use leadkit_core::validate::email;
/// assert!(email("email", "dung.nguyen@mail.com").is_ok());
/// assert!(email("email", "dung.nguyen@mail").is_err());
/// assert!(email("email", "a b@mail.com").is_err());
/// ```
pub fn email(field: impl Into<Field>, value: &str) -> Result<()> {
    let valid = value.len() <= 254
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && value.rsplit_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !local.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        });
    if !valid {
        return Err(Error::invalid_input(field, "is not an email address"));
    }
    Ok(())
}

/// A UUID in its 36-character hyphenated form (`8-4-4-4-12` hex digits, any case).
///
/// ```
/// use leadkit_core::validate::uuid;
/// assert!(uuid("id", "2A5C7E0B-7DBA-4C5D-97E5-2D6C3E7D9A01").is_ok());
/// assert!(uuid("id", "2A5C7E0B7DBA4C5D97E52D6C3E7D9A01").is_err());
/// ```
pub fn uuid(field: impl Into<Field>, value: &str) -> Result<()> {
    let shape_ok = value.len() == 36
        && value.char_indices().all(|(index, c)| match index {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        });
    if !shape_ok {
        return Err(Error::invalid_input(
            field,
            "must be a 36-character UUID (8-4-4-4-12 hex digits)",
        ));
    }
    Ok(())
}

/// An IPv4 or IPv6 address.
pub fn ip_address(field: impl Into<Field>, value: &str) -> Result<IpAddr> {
    value
        .parse()
        .map_err(|_| Error::invalid_input(field, "is not an IPv4 or IPv6 address"))
}

/// A number within `min..=max`.
pub fn in_range<T: PartialOrd + std::fmt::Display>(
    field: impl Into<Field>,
    value: T,
    min: T,
    max: T,
) -> Result<()> {
    if value < min || value > max {
        return Err(Error::invalid_input(
            field,
            format!("must be between {min} and {max}"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_field_and_never_the_value() {
        let error = email("applicant.email", "secret.person@nowhere").unwrap_err();
        assert_eq!(error.field(), Some("applicant.email"));
        assert!(!error.to_string().contains("secret.person"));
        let error = international_phone("phone", "84 98765").unwrap_err();
        assert!(!error.to_string().contains("98765"));
    }

    #[test]
    fn ranges_and_digits() {
        assert!(in_range("max_results", 200, 1, 200).is_ok());
        assert!(in_range("max_results", 201, 1, 200).is_err());
        assert!(digits("code", "91", 1, 3).is_ok());
        assert!(digits("code", "+91", 1, 3).is_err());
        assert!(ip_address("ip", "203.0.113.7").is_ok());
        assert!(ip_address("ip", "300.1.1.1").is_err());
    }
}
