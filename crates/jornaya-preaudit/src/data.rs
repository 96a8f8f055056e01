//! The `data` parameter: consumer data for the Data Integrity check, as
//! `label;value|label;value`.

use std::borrow::Cow;
use std::fmt;

use leadkit_core::{Error, Result};

/// Consumer data sent in `data` so Jornaya can check Data Integrity (reason `r3`).
///
/// The documented labels have setters; [`LeadData::field`] adds any other label. Setting a
/// label twice keeps the last value, in the position the label was first set. The vendor
/// defines no escaping, so a label or value containing `|` or `;` is rejected before any
/// request, with an error that names the label and never the value.
///
/// The values are personal data: `Debug` shows the labels only.
///
/// ```
/// use jornaya_preaudit::LeadData;
/// let data = LeadData::new()
///     .email("joe@smith.com")
///     .first_name("joe")
///     .field("custom_label", "x");
/// assert_eq!(data.encode()?, "email;joe@smith.com|f_name;joe|custom_label;x");
/// assert_eq!(format!("{data:?}"), "LeadData { labels: [\"email\", \"f_name\", \"custom_label\"] }");
///
/// let bad = LeadData::new().address1("1 Main St; Apt 2");
/// assert_eq!(bad.encode().unwrap_err().field(), Some("data.address1"));
/// # Ok::<(), jornaya_preaudit::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct LeadData {
    fields: Vec<(Cow<'static, str>, String)>,
}

impl LeadData {
    /// No data yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// `f_name`: first name.
    pub fn first_name(self, value: impl Into<String>) -> Self {
        self.set(Cow::Borrowed("f_name"), value.into())
    }

    /// `l_name`: last name.
    pub fn last_name(self, value: impl Into<String>) -> Self {
        self.set(Cow::Borrowed("l_name"), value.into())
    }

    /// `email`: email address.
    pub fn email(self, value: impl Into<String>) -> Self {
        self.set(Cow::Borrowed("email"), value.into())
    }

    /// `phone1`: phone number.
    pub fn phone1(self, value: impl Into<String>) -> Self {
        self.set(Cow::Borrowed("phone1"), value.into())
    }

    /// `address1`: street address.
    pub fn address1(self, value: impl Into<String>) -> Self {
        self.set(Cow::Borrowed("address1"), value.into())
    }

    /// `city`: city.
    pub fn city(self, value: impl Into<String>) -> Self {
        self.set(Cow::Borrowed("city"), value.into())
    }

    /// `state`: state.
    pub fn state(self, value: impl Into<String>) -> Self {
        self.set(Cow::Borrowed("state"), value.into())
    }

    /// `zip`: ZIP code.
    pub fn zip(self, value: impl Into<String>) -> Self {
        self.set(Cow::Borrowed("zip"), value.into())
    }

    /// Any other label the vendor accepts.
    pub fn field(self, label: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.set(label.into(), value.into())
    }

    fn set(mut self, label: Cow<'static, str>, value: String) -> Self {
        match self.fields.iter_mut().find(|(known, _)| *known == label) {
            Some(slot) => slot.1 = value,
            None => self.fields.push((label, value)),
        }
        self
    }

    /// The value of `label`, if set.
    pub fn get(&self, label: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(known, _)| known == label)
            .map(|(_, value)| value.as_str())
    }

    /// The labels set, in order.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(label, _)| label.as_ref())
    }

    /// The values set, in order (personal data: never log them).
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(_, value)| value.as_str())
    }

    /// Whether no label is set.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Checks every label and value.
    ///
    /// Labels must be non-empty, without whitespace, `|` or `;`; values must not contain `|`
    /// or `;` (the vendor's delimiters, with no escaping defined) nor control characters.
    pub fn validate(&self) -> Result<()> {
        for (label, value) in &self.fields {
            if label.is_empty()
                || label
                    .chars()
                    .any(|c| c == '|' || c == ';' || c.is_whitespace() || c.is_control())
            {
                return Err(Error::invalid_input(
                    "data",
                    "a label is empty or contains whitespace, `|` or `;`",
                ));
            }
            if value.contains(['|', ';']) {
                return Err(Error::invalid_input(
                    format!("data.{label}"),
                    "must not contain `|` or `;` (the vendor's delimiters; no escaping exists)",
                ));
            }
            if value.chars().any(char::is_control) {
                return Err(Error::invalid_input(
                    format!("data.{label}"),
                    "must not contain control characters",
                ));
            }
        }
        Ok(())
    }

    /// The parameter value, `label;value|label;value`, before URL encoding (which the client
    /// applies to the whole parameter when it sends it).
    pub fn encode(&self) -> Result<String> {
        self.validate()?;
        let capacity = self
            .fields
            .iter()
            .map(|(label, value)| label.len() + value.len() + 2)
            .sum();
        let mut out = String::with_capacity(capacity);
        for (index, (label, value)) in self.fields.iter().enumerate() {
            if index > 0 {
                out.push('|');
            }
            out.push_str(label);
            out.push(';');
            out.push_str(value);
        }
        Ok(out)
    }
}

impl fmt::Debug for LeadData {
    /// Labels only: the values are personal data.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LeadData")
            .field("labels", &self.labels().collect::<Vec<_>>())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_every_documented_label_in_order() {
        let data = LeadData::new()
            .first_name("Joe")
            .last_name("Smith")
            .email("joe@smith.com")
            .phone1("5555550100")
            .address1("1 Main St")
            .city("Springfield")
            .state("IL")
            .zip("62701");
        assert_eq!(
            data.encode().unwrap(),
            "f_name;Joe|l_name;Smith|email;joe@smith.com|phone1;5555550100|\
             address1;1 Main St|city;Springfield|state;IL|zip;62701"
        );
        assert_eq!(data.get("city"), Some("Springfield"));
    }

    #[test]
    fn setting_twice_keeps_the_last_value_in_first_position() {
        let data = LeadData::new()
            .email("a@example.com")
            .zip("1")
            .field("email", "b@example.com");
        assert_eq!(data.encode().unwrap(), "email;b@example.com|zip;1");
        assert!(LeadData::new().encode().unwrap().is_empty());
    }

    #[test]
    fn delimiters_are_rejected_naming_the_label_only() {
        for value in ["Smith|Jones", "Smith;Jones"] {
            let error = LeadData::new().last_name(value).encode().unwrap_err();
            assert_eq!(error.field(), Some("data.l_name"));
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("Smith"), "{shown}");
        }
        let error = LeadData::new()
            .field("bad;label", "x")
            .encode()
            .unwrap_err();
        assert_eq!(error.field(), Some("data"));
        assert!(LeadData::new().field("", "x").validate().is_err());
        assert!(LeadData::new().city("a\nb").validate().is_err());
    }

    #[test]
    fn debug_shows_labels_not_values() {
        let data = LeadData::new()
            .email("secret.person@example.com")
            .phone1("5555550199");
        let debug = format!("{data:?}");
        assert!(!debug.contains("secret.person") && !debug.contains("5555550199"));
        assert!(debug.contains("email") && debug.contains("phone1"));
    }
}
