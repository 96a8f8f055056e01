//! The Lead Data API model: everything Jeff knows about a lead.
//!
//! [`Lead`] mirrors the documented body field by field; its parts live in submodules by
//! concern and are re-exported here.
//!
//! # When Jeff changes a value
//!
//! Jeff's answers drift: a count arrives as `"7"` or `3.0`, a flag as `"true"`, a timestamp
//! with a zone or without seconds, a blank string where a value is absent. Every field reads
//! those forms (leadkit-core's `lenient` readers). What still cannot be decoded loses only
//! its part of the answer:
//!
//! - each sub-object of the lead (`address`, `employment`, `income`, `recentLoan`,
//!   `collaterals`, the usage statistics, `partnerInteractions`, `zaloData`, `fraudData`, …) is
//!   an `Option<Decoded<T>>`;
//! - each item of a list of objects (`idDocuments`, `userAgents`, `ipAddresses`,
//!   `platformPresenceFacts`, `offerListings`, the six partner interaction lists) is a
//!   [`Decoded<T>`](leadkit_core::lenient::Decoded), and so are a presence fact's `details`.
//!
//! A part that does not decode is kept as `Decoded::Raw`: the JSON as sent (serialised back
//! unchanged) with the reason, reported to `leadkit_core::drift::watch`, and shown in `Debug`
//! by its shape only. Methods of the same names as the fields return the decoded parts
//! (`lead.address()`, `lead.user_agents()`, …). Only the lead itself can fail to decode: a body
//! that is not a JSON object, or a top-level value of [`Lead`] that no reader accepts (an
//! `emailScore` of `"high"`, a `null` inside `associatedEmails`).
//!
//! Every model keeps the fields it does not know in `extra` ([`Extra`]), so serialising a
//! decoded lead gives back every field Jeff sent.

mod interactions;
mod network;
mod outcome;
mod profile;
mod usage;

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use leadkit_core::lenient::{
    Decoded, Extra, null_as_default, option_boolean, option_naive_date, option_naive_datetime,
    option_number, option_open_enum, option_text, typed,
};
use leadkit_core::personal::{MaskedList, Redacted};
use leadkit_core::redact::{MaskedEmail, MaskedPhone, mask_email, mask_phone};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::fraud::FraudData;
use crate::presence::PlatformPresenceFact;
use crate::typed_part;

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
/// Every field Jeff may send as `null` is an `Option` (lists: empty). Sub-objects and the items
/// of object lists are decoded on their own ([`Decoded`]; see the [module docs](self)): use the
/// methods of the same names for the decoded values. Unknown fields are kept in `extra`.
///
/// `Debug` masks the email, phone numbers and associated contacts, and hides the full name and
/// date of birth.
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Lead {
    /// Id of the lead that created the application (empty only in a non-lead match, where
    /// Jeff sends `null`; an empty id is written back as `null`).
    #[serde(
        default,
        deserialize_with = "text_or_empty",
        serialize_with = "empty_as_null"
    )]
    pub id: String,
    /// When the lead first registered in Jeff.
    #[serde(default, with = "option_naive_datetime")]
    pub created: Option<NaiveDateTime>,
    /// The lead's email.
    #[serde(default, with = "option_text")]
    pub email: Option<String>,
    /// The lead's phone number (as Jeff stores it, e.g. `+84999999999`).
    #[serde(default, with = "option_text")]
    pub phone_number: Option<String>,
    /// Whether the lead interacted with Jeff via email.
    #[serde(default, with = "option_boolean")]
    pub email_verified: Option<bool>,
    /// First interaction via email.
    #[serde(default, with = "option_naive_datetime")]
    pub email_verification_date_time: Option<NaiveDateTime>,
    /// Whether the lead interacted with Jeff via phone.
    #[serde(default, with = "option_boolean")]
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
    #[serde(default, with = "option_text")]
    pub mobile_service_provider: Option<String>,
    /// Last interaction with Jeff.
    #[serde(default, with = "option_naive_datetime")]
    pub last_activity: Option<NaiveDateTime>,
    /// Whether the lead came from reject traffic or was ever rejected by a partner.
    #[serde(default, with = "option_boolean")]
    pub has_been_rejected: Option<bool>,
    /// Whether Jeff has compelling evidence the lead repaid a loan.
    #[serde(default, with = "option_boolean")]
    pub has_evidence_of_repaid_loan: Option<bool>,
    /// Lead score customised to the requesting lender (higher is better).
    #[serde(default, with = "option_number")]
    pub lead_score: Option<f64>,
    /// When the lead score was computed.
    #[serde(default, with = "option_naive_datetime")]
    pub lead_score_timestamp: Option<NaiveDateTime>,
    /// Quality score from the first interactions with offers (predicts lifetime value).
    #[serde(default, with = "option_number")]
    pub quality_score: Option<f64>,
    /// Email activity score, 0–1000 (higher is more active).
    #[serde(default, with = "option_number")]
    pub email_score: Option<u32>,
    /// Whether the lead completed the initial user journey.
    #[serde(default, with = "option_boolean")]
    pub user_journey_completed: Option<bool>,
    /// Whether the lead created a profile in Jeff.
    #[serde(default, with = "option_boolean")]
    pub user_profile_created: Option<bool>,
    /// The lead's full name.
    #[serde(default, with = "option_text")]
    pub full_name: Option<String>,
    /// The lead's gender.
    #[serde(default, with = "option_open_enum")]
    pub gender: Option<Gender>,
    /// The lead's date of birth.
    #[serde(default, with = "option_naive_date")]
    pub date_of_birth: Option<NaiveDate>,
    /// Country code of the Jeff system the lead registered through (`VN`, `PH`, `MX`).
    #[serde(default, with = "option_text")]
    pub country_code: Option<String>,
    /// Loan amount the lead asked for.
    #[serde(default, with = "option_number")]
    pub desired_loan_amount: Option<f64>,
    /// Residential address.
    #[serde(default)]
    pub address: Option<Decoded<Address>>,
    /// Employment.
    #[serde(default)]
    pub employment: Option<Decoded<Employment>>,
    /// Income.
    #[serde(default)]
    pub income: Option<Decoded<Income>>,
    /// The lead's last loan.
    #[serde(default)]
    pub recent_loan: Option<Decoded<RecentLoan>>,
    /// ID documents provided.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id_documents: Vec<Decoded<IdDocument>>,
    /// Possible collaterals.
    #[serde(default)]
    pub collaterals: Option<Decoded<Collaterals>>,
    /// Interaction with Jeff's emails.
    #[serde(default)]
    pub email_usage_data: Option<Decoded<TimeBuckets<EmailUsage>>>,
    /// Use of Jeff's website.
    #[serde(default)]
    pub web_usage_data: Option<Decoded<TimeBuckets<WebUsage>>>,
    /// Activity in Jeff.
    #[serde(default)]
    pub jeff_usage_data: Option<Decoded<TimeBuckets<JeffUsage>>>,
    /// Interactions with Jeff's partners.
    #[serde(default)]
    pub partner_interactions: Option<Decoded<PartnerInteractions>>,
    /// Zalo account data.
    #[serde(default)]
    pub zalo_data: Option<Decoded<ZaloData>>,
    /// Traffic sources that brought the lead.
    #[serde(default)]
    pub traffic_sources: Option<Decoded<TimeBuckets<TrafficSources>>>,
    /// Lead Data API requests that matched this lead.
    #[serde(default)]
    pub lead_data_request_statistics: Option<Decoded<TimeBuckets<RequestCount>>>,
    /// Lead Data API requests with the same email or phone as this call.
    #[serde(default)]
    pub parameter_request_statistics: Option<Decoded<TimeBuckets<ParameterRequestCount>>>,
    /// Devices used to reach Jeff.
    #[serde(default, deserialize_with = "null_as_default")]
    pub user_agents: Vec<Decoded<UserAgent>>,
    /// IP addresses used to reach Jeff.
    #[serde(default, deserialize_with = "null_as_default")]
    pub ip_addresses: Vec<Decoded<IpAddressUse>>,
    /// Presence of the email/phone on external platforms.
    #[serde(default, deserialize_with = "null_as_default")]
    pub platform_presence_facts: Vec<Decoded<PlatformPresenceFact>>,
    /// Offer listings shown to the lead in the previous month.
    #[serde(default, deserialize_with = "null_as_default")]
    pub offer_listings: Vec<Decoded<OfferListing>>,
    /// Which request properties matched the lead.
    #[serde(default, deserialize_with = "null_as_default")]
    pub matched_properties: Vec<MatchedProperty>,
    /// Fraud data for the given email and phone.
    #[serde(default)]
    pub fraud_data: Option<Decoded<FraudData>>,
    /// Fields this version of the client does not know, kept as sent (`Debug` shows their
    /// names only).
    #[serde(flatten)]
    pub extra: Extra,
}

/// Reads the lead id: text, or a number as its text; `null`, missing or blank is empty (a
/// non-lead match).
fn text_or_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(option_text::deserialize(deserializer)?.unwrap_or_default())
}

/// Writes an empty lead id as `null`, as Jeff sends it in a non-lead match.
fn empty_as_null<S: Serializer>(id: &str, serializer: S) -> Result<S::Ok, S::Error> {
    if id.is_empty() {
        serializer.serialize_none()
    } else {
        serializer.serialize_str(id)
    }
}

impl Lead {
    /// `address`, when sent and decoded.
    pub fn address(&self) -> Option<&Address> {
        typed_part(&self.address)
    }

    /// `employment`, when sent and decoded.
    pub fn employment(&self) -> Option<&Employment> {
        typed_part(&self.employment)
    }

    /// `income`, when sent and decoded.
    pub fn income(&self) -> Option<&Income> {
        typed_part(&self.income)
    }

    /// `recentLoan`, when sent and decoded.
    pub fn recent_loan(&self) -> Option<&RecentLoan> {
        typed_part(&self.recent_loan)
    }

    /// The ID documents that decoded.
    pub fn id_documents(&self) -> impl Iterator<Item = &IdDocument> {
        typed(&self.id_documents)
    }

    /// `collaterals`, when sent and decoded.
    pub fn collaterals(&self) -> Option<&Collaterals> {
        typed_part(&self.collaterals)
    }

    /// `emailUsageData`, when sent and decoded.
    pub fn email_usage_data(&self) -> Option<&TimeBuckets<EmailUsage>> {
        typed_part(&self.email_usage_data)
    }

    /// `webUsageData`, when sent and decoded.
    pub fn web_usage_data(&self) -> Option<&TimeBuckets<WebUsage>> {
        typed_part(&self.web_usage_data)
    }

    /// `jeffUsageData`, when sent and decoded.
    pub fn jeff_usage_data(&self) -> Option<&TimeBuckets<JeffUsage>> {
        typed_part(&self.jeff_usage_data)
    }

    /// `partnerInteractions`, when sent and decoded.
    pub fn partner_interactions(&self) -> Option<&PartnerInteractions> {
        typed_part(&self.partner_interactions)
    }

    /// `zaloData`, when sent and decoded.
    pub fn zalo_data(&self) -> Option<&ZaloData> {
        typed_part(&self.zalo_data)
    }

    /// `trafficSources`, when sent and decoded.
    pub fn traffic_sources(&self) -> Option<&TimeBuckets<TrafficSources>> {
        typed_part(&self.traffic_sources)
    }

    /// `leadDataRequestStatistics`, when sent and decoded.
    pub fn lead_data_request_statistics(&self) -> Option<&TimeBuckets<RequestCount>> {
        typed_part(&self.lead_data_request_statistics)
    }

    /// `parameterRequestStatistics`, when sent and decoded.
    pub fn parameter_request_statistics(&self) -> Option<&TimeBuckets<ParameterRequestCount>> {
        typed_part(&self.parameter_request_statistics)
    }

    /// The user agents that decoded.
    pub fn user_agents(&self) -> impl Iterator<Item = &UserAgent> {
        typed(&self.user_agents)
    }

    /// The IP addresses that decoded.
    pub fn ip_addresses(&self) -> impl Iterator<Item = &IpAddressUse> {
        typed(&self.ip_addresses)
    }

    /// The platform presence facts that decoded.
    pub fn platform_presence_facts(&self) -> impl Iterator<Item = &PlatformPresenceFact> {
        typed(&self.platform_presence_facts)
    }

    /// The offer listings that decoded.
    pub fn offer_listings(&self) -> impl Iterator<Item = &OfferListing> {
        typed(&self.offer_listings)
    }

    /// `fraudData`, when sent and decoded.
    pub fn fraud_data(&self) -> Option<&FraudData> {
        typed_part(&self.fraud_data)
    }
}

impl fmt::Debug for Lead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
                &MaskedList(&self.associated_emails, mask_email),
            )
            .field(
                "associated_phone_numbers",
                &MaskedList(&self.associated_phone_numbers, mask_phone),
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
            .field("full_name", &Redacted(&self.full_name))
            .field("gender", &self.gender)
            .field("date_of_birth", &Redacted(&self.date_of_birth))
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
            .field("extra", &self.extra)
            .finish()
    }
}
