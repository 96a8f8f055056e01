//! The lead's interactions with Jeff's partners, offer listings and what matched.

use chrono::NaiveDateTime;
use leadkit_core::lenient::{null_as_default, option_naive_datetime};
use leadkit_core::open_enum;
use serde::{Deserialize, Serialize};

open_enum! {
    /// Why a partner rejected an application or a loan.
    pub enum RejectionReason {
        /// Fraud.
        Fraud = "FRAUD",
        /// The lead is blacklisted.
        Blacklist = "BLACKLIST",
        /// The lead was already in the partner's database (the lead goes on with the partner,
        /// but Jeff receives a reject event).
        AlreadyExists = "ALREADY_EXISTS",
        /// Age.
        Age = "AGE",
    }
}

open_enum! {
    /// A request property that matched the lead.
    pub enum MatchedProperty {
        /// The email matched.
        Email = "EMAIL",
        /// The phone matched.
        Phone = "PHONE",
    }
}

/// `partnerInteractions`: six lists of interactions with partners via Jeff.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PartnerInteractions {
    /// The lead visited a partner's product.
    #[serde(default, deserialize_with = "null_as_default")]
    pub products_visited: Vec<PartnerInteraction>,
    /// The lead completed an application on Jeff's side.
    #[serde(default, deserialize_with = "null_as_default")]
    pub applications_completed: Vec<PartnerInteraction>,
    /// A partner rejected the lead after a completed application.
    #[serde(default, deserialize_with = "null_as_default")]
    pub applications_rejected: Vec<PartnerInteraction>,
    /// The lead passed a partner's preliminary checks.
    #[serde(default, deserialize_with = "null_as_default")]
    pub applications_qualified: Vec<PartnerInteraction>,
    /// A partner issued a loan.
    #[serde(default, deserialize_with = "null_as_default")]
    pub loans_issued: Vec<PartnerInteraction>,
    /// A partner rejected a loan.
    #[serde(default, deserialize_with = "null_as_default")]
    pub loans_rejected: Vec<PartnerInteraction>,
}

/// One interaction of the lead with a partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PartnerInteraction {
    /// The partner.
    #[serde(default)]
    pub partner_id: Option<String>,
    /// When it happened.
    #[serde(default, with = "option_naive_datetime")]
    pub timestamp: Option<NaiveDateTime>,
    /// Whether the interaction generated revenue for Jeff.
    #[serde(default)]
    pub revenue: Option<bool>,
    /// Whether the lead had done this with the partner before (not necessarily via Jeff).
    #[serde(default)]
    pub repeated: Option<bool>,
    /// Why the reject happened (rejections only, optional).
    #[serde(default)]
    pub rejection_reason: Option<RejectionReason>,
}

/// One entry of `offerListings`: an offer listing shown to the lead in the previous month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OfferListing {
    /// When the listing was shown.
    #[serde(default, with = "option_naive_datetime")]
    pub timestamp: Option<NaiveDateTime>,
    /// Your offer's position (1 is the top), `None` when you were not listed.
    #[serde(default)]
    pub partner_position: Option<u32>,
}
