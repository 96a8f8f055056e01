//! Lead Data API: `GET /{version}/leads` and its three outcomes.

use leadkit_core::Result;
use leadkit_core::lenient::{Decoded, Extra};

use super::{Lead, ParameterRequestCount, TimeBuckets};
use crate::client::JeffClient;
use crate::contact::Contact;
use crate::fraud::FraudData;

/// What a Lead Data API call found. Match all three.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum LeadDataOutcome {
    /// HTTP 200 with a lead: the full lead data.
    Lead(Box<Lead>),
    /// HTTP 204, no body: Jeff has no lead and no data for the contact.
    NoMatch,
    /// HTTP 200 without a lead (`id` is `null`): Jeff has no lead for the contact but holds
    /// fraud data and request statistics about it (API 1.2 and later).
    NonLeadMatch(Box<NonLeadMatch>),
}

impl LeadDataOutcome {
    /// The lead, for a full match.
    pub fn lead(&self) -> Option<&Lead> {
        match self {
            Self::Lead(lead) => Some(lead),
            _ => None,
        }
    }

    /// The fraud data, from a full or a non-lead match, when it decoded.
    pub fn fraud_data(&self) -> Option<&FraudData> {
        match self {
            Self::Lead(lead) => lead.fraud_data(),
            Self::NonLeadMatch(data) => data.fraud_data(),
            Self::NoMatch => None,
        }
    }

    /// Whether Jeff knew nothing about the contact.
    pub fn is_no_match(&self) -> bool {
        matches!(self, Self::NoMatch)
    }

    /// Classifies a decoded 200 body: a lead needs an id; a body without one is a
    /// non-lead match whose `fraudData`, `parameterRequestStatistics` and unknown fields are
    /// kept.
    pub(crate) fn from_body(lead: Lead) -> Self {
        if lead.id.trim().is_empty() {
            Self::NonLeadMatch(Box::new(NonLeadMatch {
                fraud_data: lead.fraud_data,
                parameter_request_statistics: lead.parameter_request_statistics,
                extra: lead.extra,
            }))
        } else {
            Self::Lead(Box::new(lead))
        }
    }
}

/// The data Jeff holds about a contact that matches no lead.
///
/// Both parts are decoded on their own, as in [`Lead`]: one that does not decode is kept as
/// [`Decoded::Raw`]. The methods of the same names return the decoded values.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct NonLeadMatch {
    /// Fraud data for the contact.
    pub fraud_data: Option<Decoded<FraudData>>,
    /// Lead Data API requests with the same email or phone.
    pub parameter_request_statistics: Option<Decoded<TimeBuckets<ParameterRequestCount>>>,
    /// Top-level fields of the answer this version of the client does not know, kept as sent.
    pub extra: Extra,
}

impl NonLeadMatch {
    /// The fraud data, when sent and decoded.
    pub fn fraud_data(&self) -> Option<&FraudData> {
        crate::typed_part(&self.fraud_data)
    }

    /// The parameter request statistics, when sent and decoded.
    pub fn parameter_request_statistics(&self) -> Option<&TimeBuckets<ParameterRequestCount>> {
        crate::typed_part(&self.parameter_request_statistics)
    }
}

impl JeffClient {
    /// Looks up a lead by email and/or phone (`GET /{version}/leads`).
    ///
    /// Both are sent when both are given; [`Lead::matched_properties`] says which matched.
    /// The contact is validated before any request. A 400 comes back as
    /// [`Error::Status`](crate::Error::Status) with Jeff's `errorMessage`.
    ///
    /// Lead Data requests count in Jeff's request statistics (`leadDataRequestStatistics`,
    /// `parameterRequestStatistics`), which every lender sees, so the request is
    /// [`Idempotency::Billed`](leadkit_core::Idempotency::Billed): resent after a connect
    /// failure only; a timeout, broken connection or 5xx after sending comes back as
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown), a 429 as
    /// [`Error::RateLimited`](crate::Error::RateLimited). Opt in per call with
    /// [`RetryPolicy::retry_non_idempotent`](crate::RetryPolicy::retry_non_idempotent) or
    /// [`RetryPolicy::resend_after_rate_limit`](crate::RetryPolicy::resend_after_rate_limit).
    ///
    /// ```no_run
    /// use jeff_client::{Contact, JeffClient, LeadDataOutcome, SecretString};
    ///
    /// # async fn demo() -> jeff_client::Result<()> {
    /// let client = JeffClient::builder("partner", SecretString::from("partner-password")).build()?;
    /// match client.lead_data(&Contact::phone("84877797487")).await? {
    ///     LeadDataOutcome::Lead(lead) => println!("lead {} scored {:?}", lead.id, lead.lead_score),
    ///     LeadDataOutcome::NonLeadMatch(data) => println!("no lead; fraud data: {:?}", data.fraud_data()),
    ///     LeadDataOutcome::NoMatch => println!("unknown to Jeff"),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn lead_data(&self, contact: &Contact) -> Result<LeadDataOutcome> {
        contact.validate()?;
        let request = contact.apply(self.versioned_get("lead data", "leads"));
        let response = self.send(&request).await?;
        if crate::fraud::is_no_content(&response) {
            return Ok(LeadDataOutcome::NoMatch);
        }
        response.json().map(LeadDataOutcome::from_body)
    }
}
