//! Fraud Data API: `GET /{version}/fraud` by email and/or phone.

use leadkit_core::lenient::{Extra, null_as_default, option_boolean};
use serde::{Deserialize, Serialize};

use leadkit_core::{ApiResponse, Result, StatusCode};

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

/// What a Fraud Data API call found. Match both, as with
/// [`LeadDataOutcome`](crate::LeadDataOutcome).
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum FraudDataOutcome {
    /// HTTP 200 with a body: what Jeff holds about the email and/or phone.
    FraudData(FraudData),
    /// HTTP 204 (or a 200 without a body): Jeff holds no fraud data for the contact.
    NoMatch,
}

impl FraudDataOutcome {
    /// The fraud data, unless Jeff had none.
    pub fn fraud_data(&self) -> Option<&FraudData> {
        match self {
            Self::FraudData(data) => Some(data),
            Self::NoMatch => None,
        }
    }

    /// The fraud data by value, unless Jeff had none.
    pub fn into_fraud_data(self) -> Option<FraudData> {
        match self {
            Self::FraudData(data) => Some(data),
            Self::NoMatch => None,
        }
    }

    /// Whether Jeff had no data about the contact.
    pub fn is_no_match(&self) -> bool {
        matches!(self, Self::NoMatch)
    }

    /// Whether a partner marked the email or the phone as fraudulent (`false` when Jeff had no
    /// data).
    pub fn is_marked_fraud(&self) -> bool {
        self.fraud_data().is_some_and(FraudData::is_marked_fraud)
    }
}

/// Whether a 2xx answer of a data API carries nothing: 204, or any 2xx with an empty body.
pub(crate) fn is_no_content(response: &ApiResponse) -> bool {
    response.status() == StatusCode::NO_CONTENT || response.is_empty()
}

impl JeffClient {
    /// Looks up fraud data for an email and/or phone number (`GET /{version}/fraud`).
    ///
    /// The contact is validated before any request; a 400 from Jeff comes back as
    /// [`Error::Status`](crate::Error::Status) with its `errorMessage` in
    /// [`Error::vendor_message`](crate::Error::vendor_message). A 204 is
    /// [`FraudDataOutcome::NoMatch`].
    ///
    /// Treated like a Lead Data look-up, which counts in Jeff's request statistics (seen by
    /// every lender): the request is
    /// [`Idempotency::Billed`](leadkit_core::Idempotency::Billed), resent after a
    /// connect failure only; a timeout, broken connection or 5xx after sending comes back as
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown), a 429 as
    /// [`Error::RateLimited`](crate::Error::RateLimited). Opt in per call with
    /// [`RetryPolicy::retry_non_idempotent`](crate::RetryPolicy::retry_non_idempotent) or
    /// [`RetryPolicy::resend_after_rate_limit`](crate::RetryPolicy::resend_after_rate_limit).
    ///
    /// ```no_run
    /// use jeff_client::{Contact, FraudDataOutcome, JeffClient, SecretString};
    ///
    /// # async fn demo() -> jeff_client::Result<()> {
    /// let client = JeffClient::builder("partner", SecretString::from("partner-password")).build()?;
    /// match client.fraud_data(&Contact::phone("639365429568")).await? {
    ///     FraudDataOutcome::FraudData(data) => println!("marked: {}", data.is_marked_fraud()),
    ///     FraudDataOutcome::NoMatch => println!("no fraud data"),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn fraud_data(&self, contact: &Contact) -> Result<FraudDataOutcome> {
        contact.validate()?;
        let request = contact.apply(self.versioned_get("fraud data", "fraud"));
        let response = self.send(&request).await?;
        if is_no_content(&response) {
            return Ok(FraudDataOutcome::NoMatch);
        }
        response.json().map(FraudDataOutcome::FraudData)
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
