//! Fraud Data API: `GET /{version}/fraud` by email and/or phone.

use leadkit_core::Result;
use leadkit_core::lenient::{Extra, null_as_default, option_boolean};
use serde::{Deserialize, Serialize};

use crate::client::JeffClient;
use crate::contact::Contact;

/// What Jeff's partners and rules say about an email and a phone number (`fraudData` in a
/// lead, or the whole Fraud Data API answer).
///
/// The flags read `true`/`false`, `"true"`, `1`/`0`; blank or `null` is `None`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FraudData {
    /// Anonymised ids of partners that confirmed the email to be fraudulent.
    #[serde(default, deserialize_with = "null_as_default")]
    pub email_marked_fraud_by: Vec<String>,
    /// Anonymised ids of partners that confirmed the phone to be fraudulent.
    #[serde(default, deserialize_with = "null_as_default")]
    pub phone_marked_fraud_by: Vec<String>,
    /// Whether Jeff's internal rules confirm the email to be non-fraudulent.
    #[serde(default, with = "option_boolean")]
    pub email_non_fraud_by_jeff_data: Option<bool>,
    /// Whether Jeff's internal rules confirm the phone to be non-fraudulent.
    #[serde(default, with = "option_boolean")]
    pub phone_non_fraud_by_jeff_data: Option<bool>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl FraudData {
    /// Whether any partner marked the email or the phone as fraudulent.
    pub fn is_marked_fraud(&self) -> bool {
        !self.email_marked_fraud_by.is_empty() || !self.phone_marked_fraud_by.is_empty()
    }
}

impl JeffClient {
    /// Looks up fraud data for an email and/or phone number (`GET /{version}/fraud`).
    ///
    /// The contact is validated before any request; a 400 from Jeff comes back as
    /// [`Error::Status`](crate::Error::Status) with its `errorMessage` in
    /// [`Error::vendor_message`](crate::Error::vendor_message).
    pub async fn fraud_data(&self, contact: &Contact) -> Result<FraudData> {
        contact.validate()?;
        let request = contact.apply(self.versioned_get("fraud data", "fraud"));
        self.send(&request).await?.json()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_and_missing_fields_are_empty() {
        let data: FraudData =
            serde_json::from_str(r#"{"emailMarkedFraudBy":null,"newField":1}"#).unwrap();
        assert!(data.email_marked_fraud_by.is_empty() && data.phone_marked_fraud_by.is_empty());
        assert_eq!(data.email_non_fraud_by_jeff_data, None);
        assert!(!data.is_marked_fraud());
        // A field Jeff adds is kept, not dropped.
        assert_eq!(data.extra.get("newField"), Some(&serde_json::json!(1)));
    }
}
