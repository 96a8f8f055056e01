//! The Lead Data API model: everything Jeff knows about a lead.
//!
//! [`Lead`] mirrors the documented body field by field; its parts live in submodules by
//! concern and are re-exported here.

mod interactions;
mod network;
mod outcome;
mod profile;
mod usage;

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use leadkit_core::lenient::{null_as_default, option_naive_date, option_naive_datetime};
use leadkit_core::redact::{MaskedEmail, MaskedPhone};
use serde::{Deserialize, Serialize};

use crate::fraud::FraudData;
use crate::presence::{Hidden, PlatformPresenceFact};

pub use interactions::{
    MatchedProperty, OfferListing, PartnerInteraction, PartnerInteractions, RejectionReason,
};
pub use network::{
    Agent, Connection, Coordinates, Device, IpAddressUse, IpLocation, OperatingSystem, UserAgent,
};
pub use outcome::{LeadDataOutcome, NonLeadMatch};
pub use profile::{
    Address, CollateralType, Collaterals, Employment, EmploymentStatus, Gender, IdDocument,
    IdDocumentType, Income, Occupation, RecentLoan,
};
pub use usage::{
    EmailUsage, JeffUsage, ParameterRequestCount, RequestCount, TimeBuckets, TrafficSource,
    TrafficSources, WebUsage, ZaloData, ZaloMessaging,
};

/// A lead Jeff matched: the documented Lead Data API body, typed.
///
/// Every field Jeff may send as `null` is an `Option` (lists: empty). `Debug` masks the email,
/// phone numbers and associated contacts, and hides the full name and date of birth.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Lead {
    /// Id of the lead that created the application (empty only in a non-lead match).
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// When the lead first registered in Jeff.
    #[serde(default, with = "option_naive_datetime")]
    pub created: Option<NaiveDateTime>,
    /// The lead's email.
    #[serde(default)]
    pub email: Option<String>,
    /// The lead's phone number (as Jeff stores it, e.g. `+84999999999`).
    #[serde(default)]
    pub phone_number: Option<String>,
    /// Whether the lead interacted with Jeff via email.
    #[serde(default)]
    pub email_verified: Option<bool>,
    /// First interaction via email.
    #[serde(default, with = "option_naive_datetime")]
    pub email_verification_date_time: Option<NaiveDateTime>,
    /// Whether the lead interacted with Jeff via phone.
    #[serde(default)]
    pub phone_verified: Option<bool>,
    /// First interaction via phone.
    #[serde(default, with = "option_naive_datetime")]
    pub phone_verification_date_time: Option<NaiveDateTime>,
    /// Emails of all users matching the given email and phone.
    #[serde(default, deserialize_with = "null_as_default")]
    pub associated_emails: Vec<String>,
    /// Phone numbers of all users matching the given email and phone.
    #[serde(default, deserialize_with = "null_as_default")]
    pub associated_phone_numbers: Vec<String>,
    /// Mobile service provider, when known.
    #[serde(default)]
    pub mobile_service_provider: Option<String>,
    /// Last interaction with Jeff.
    #[serde(default, with = "option_naive_datetime")]
    pub last_activity: Option<NaiveDateTime>,
    /// Whether the lead came from reject traffic or was ever rejected by a partner.
    #[serde(default)]
    pub has_been_rejected: Option<bool>,
    /// Whether Jeff has compelling evidence the lead repaid a loan.
    #[serde(default)]
    pub has_evidence_of_repaid_loan: Option<bool>,
    /// Lead score customised to the requesting lender (higher is better).
    #[serde(default)]
    pub lead_score: Option<f64>,
    /// When the lead score was computed.
    #[serde(default, with = "option_naive_datetime")]
    pub lead_score_timestamp: Option<NaiveDateTime>,
    /// Quality score from the first interactions with offers (predicts lifetime value).
    #[serde(default)]
    pub quality_score: Option<f64>,
    /// Email activity score, 0–1000 (higher is more active).
    #[serde(default)]
    pub email_score: Option<u32>,
    /// Whether the lead completed the initial user journey.
    #[serde(default)]
    pub user_journey_completed: Option<bool>,
    /// Whether the lead created a profile in Jeff.
    #[serde(default)]
    pub user_profile_created: Option<bool>,
    /// The lead's full name.
    #[serde(default)]
    pub full_name: Option<String>,
    /// The lead's gender.
    #[serde(default)]
    pub gender: Option<Gender>,
    /// The lead's date of birth.
    #[serde(default, with = "option_naive_date")]
    pub date_of_birth: Option<NaiveDate>,
    /// Country code of the Jeff system the lead registered through (`VN`, `PH`, `MX`).
    #[serde(default)]
    pub country_code: Option<String>,
    /// Loan amount the lead asked for.
    #[serde(default)]
    pub desired_loan_amount: Option<f64>,
    /// Residential address.
    #[serde(default)]
    pub address: Option<Address>,
    /// Employment.
    #[serde(default)]
    pub employment: Option<Employment>,
    /// Income.
    #[serde(default)]
    pub income: Option<Income>,
    /// The lead's last loan.
    #[serde(default)]
    pub recent_loan: Option<RecentLoan>,
    /// ID documents provided.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id_documents: Vec<IdDocument>,
    /// Possible collaterals.
    #[serde(default)]
    pub collaterals: Option<Collaterals>,
    /// Interaction with Jeff's emails.
    #[serde(default)]
    pub email_usage_data: Option<TimeBuckets<EmailUsage>>,
    /// Use of Jeff's website.
    #[serde(default)]
    pub web_usage_data: Option<TimeBuckets<WebUsage>>,
    /// Activity in Jeff.
    #[serde(default)]
    pub jeff_usage_data: Option<TimeBuckets<JeffUsage>>,
    /// Interactions with Jeff's partners.
    #[serde(default)]
    pub partner_interactions: Option<PartnerInteractions>,
    /// Zalo account data.
    #[serde(default)]
    pub zalo_data: Option<ZaloData>,
    /// Traffic sources that brought the lead.
    #[serde(default)]
    pub traffic_sources: Option<TimeBuckets<TrafficSources>>,
    /// Lead Data API requests that matched this lead.
    #[serde(default)]
    pub lead_data_request_statistics: Option<TimeBuckets<RequestCount>>,
    /// Lead Data API requests with the same email or phone as this call.
    #[serde(default)]
    pub parameter_request_statistics: Option<TimeBuckets<ParameterRequestCount>>,
    /// Devices used to reach Jeff.
    #[serde(default, deserialize_with = "null_as_default")]
    pub user_agents: Vec<UserAgent>,
    /// IP addresses used to reach Jeff.
    #[serde(default, deserialize_with = "null_as_default")]
    pub ip_addresses: Vec<IpAddressUse>,
    /// Presence of the email/phone on external platforms.
    #[serde(default, deserialize_with = "null_as_default")]
    pub platform_presence_facts: Vec<PlatformPresenceFact>,
    /// Offer listings shown to the lead in the previous month.
    #[serde(default, deserialize_with = "null_as_default")]
    pub offer_listings: Vec<OfferListing>,
    /// Which request properties matched the lead.
    #[serde(default, deserialize_with = "null_as_default")]
    pub matched_properties: Vec<MatchedProperty>,
    /// Fraud data for the given email and phone.
    #[serde(default)]
    pub fraud_data: Option<FraudData>,
}

struct MaskedList<'a, F>(&'a [String], F);

impl<F: Fn(&str) -> String> fmt::Debug for MaskedList<'_, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|value| (self.1)(value)))
            .finish()
    }
}

impl fmt::Debug for Lead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let email = |value: &str| MaskedEmail(value).to_string();
        let phone = |value: &str| MaskedPhone(value).to_string();
        f.debug_struct("Lead")
            .field("id", &self.id)
            .field("created", &self.created)
            .field("email", &self.email.as_deref().map(MaskedEmail))
            .field(
                "phone_number",
                &self.phone_number.as_deref().map(MaskedPhone),
            )
            .field("email_verified", &self.email_verified)
            .field(
                "email_verification_date_time",
                &self.email_verification_date_time,
            )
            .field("phone_verified", &self.phone_verified)
            .field(
                "phone_verification_date_time",
                &self.phone_verification_date_time,
            )
            .field(
                "associated_emails",
                &MaskedList(&self.associated_emails, email),
            )
            .field(
                "associated_phone_numbers",
                &MaskedList(&self.associated_phone_numbers, phone),
            )
            .field("mobile_service_provider", &self.mobile_service_provider)
            .field("last_activity", &self.last_activity)
            .field("has_been_rejected", &self.has_been_rejected)
            .field(
                "has_evidence_of_repaid_loan",
                &self.has_evidence_of_repaid_loan,
            )
            .field("lead_score", &self.lead_score)
            .field("lead_score_timestamp", &self.lead_score_timestamp)
            .field("quality_score", &self.quality_score)
            .field("email_score", &self.email_score)
            .field("user_journey_completed", &self.user_journey_completed)
            .field("user_profile_created", &self.user_profile_created)
            .field("full_name", &Hidden(&self.full_name))
            .field("gender", &self.gender)
            .field("date_of_birth", &Hidden(&self.date_of_birth))
            .field("country_code", &self.country_code)
            .field("desired_loan_amount", &self.desired_loan_amount)
            .field("address", &self.address)
            .field("employment", &self.employment)
            .field("income", &self.income)
            .field("recent_loan", &self.recent_loan)
            .field("id_documents", &self.id_documents)
            .field("collaterals", &self.collaterals)
            .field("email_usage_data", &self.email_usage_data)
            .field("web_usage_data", &self.web_usage_data)
            .field("jeff_usage_data", &self.jeff_usage_data)
            .field("partner_interactions", &self.partner_interactions)
            .field("zalo_data", &self.zalo_data)
            .field("traffic_sources", &self.traffic_sources)
            .field(
                "lead_data_request_statistics",
                &self.lead_data_request_statistics,
            )
            .field(
                "parameter_request_statistics",
                &self.parameter_request_statistics,
            )
            .field("user_agents", &self.user_agents)
            .field("ip_addresses", &self.ip_addresses)
            .field("platform_presence_facts", &self.platform_presence_facts)
            .field("offer_listings", &self.offer_listings)
            .field("matched_properties", &self.matched_properties)
            .field("fraud_data", &self.fraud_data)
            .finish()
    }
}
