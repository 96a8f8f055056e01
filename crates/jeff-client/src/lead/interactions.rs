//! The lead's interactions with Jeff's partners, offer listings and what matched.

use chrono::NaiveDateTime;
use leadkit_core::lenient::{
    Decoded, Extra, null_as_default, option_boolean, option_naive_datetime, option_number,
    option_open_enum, option_text, typed,
};
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
///
/// Each interaction is decoded on its own: one Jeff changed is kept as [`Decoded::Raw`] and the
/// others still decode. The methods of the same names iterate the decoded ones.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PartnerInteractions {
    /// The lead visited a partner's product.
    #[serde(default, deserialize_with = "null_as_default")]
    pub products_visited: Vec<Decoded<PartnerInteraction>>,
    /// The lead completed an application on Jeff's side.
    #[serde(default, deserialize_with = "null_as_default")]
    pub applications_completed: Vec<Decoded<PartnerInteraction>>,
    /// A partner rejected the lead after a completed application.
    #[serde(default, deserialize_with = "null_as_default")]
    pub applications_rejected: Vec<Decoded<PartnerInteraction>>,
    /// The lead passed a partner's preliminary checks.
    #[serde(default, deserialize_with = "null_as_default")]
    pub applications_qualified: Vec<Decoded<PartnerInteraction>>,
    /// A partner issued a loan.
    #[serde(default, deserialize_with = "null_as_default")]
    pub loans_issued: Vec<Decoded<PartnerInteraction>>,
    /// A partner rejected a loan.
    #[serde(default, deserialize_with = "null_as_default")]
    pub loans_rejected: Vec<Decoded<PartnerInteraction>>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PartnerInteractions {
    /// The decoded `productsVisited` interactions.
    pub fn products_visited(&self) -> impl Iterator<Item = &PartnerInteraction> {
        typed(&self.products_visited)
    }

    /// The decoded `applicationsCompleted` interactions.
    pub fn applications_completed(&self) -> impl Iterator<Item = &PartnerInteraction> {
        typed(&self.applications_completed)
    }

    /// The decoded `applicationsRejected` interactions.
    pub fn applications_rejected(&self) -> impl Iterator<Item = &PartnerInteraction> {
        typed(&self.applications_rejected)
    }

    /// The decoded `applicationsQualified` interactions.
    pub fn applications_qualified(&self) -> impl Iterator<Item = &PartnerInteraction> {
        typed(&self.applications_qualified)
    }

    /// The decoded `loansIssued` interactions.
    pub fn loans_issued(&self) -> impl Iterator<Item = &PartnerInteraction> {
        typed(&self.loans_issued)
    }

    /// The decoded `loansRejected` interactions.
    pub fn loans_rejected(&self) -> impl Iterator<Item = &PartnerInteraction> {
        typed(&self.loans_rejected)
    }
}

/// One interaction of the lead with a partner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PartnerInteraction {
    /// The partner.
    #[serde(default, with = "option_text")]
    pub partner_id: Option<String>,
    /// When it happened.
    #[serde(default, with = "option_naive_datetime")]
    pub timestamp: Option<NaiveDateTime>,
    /// Whether the interaction generated revenue for Jeff.
    #[serde(default, with = "option_boolean")]
    pub revenue: Option<bool>,
    /// Whether the lead had done this with the partner before (not necessarily via Jeff).
    #[serde(default, with = "option_boolean")]
    pub repeated: Option<bool>,
    /// Why the reject happened (rejections only, optional).
    #[serde(default, with = "option_open_enum")]
    pub rejection_reason: Option<RejectionReason>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `offerListings`: an offer listing shown to the lead in the previous month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OfferListing {
    /// When the listing was shown.
    #[serde(default, with = "option_naive_datetime")]
    pub timestamp: Option<NaiveDateTime>,
    /// Your offer's position (1 is the top), `None` when you were not listed.
    #[serde(default, with = "option_number")]
    pub partner_position: Option<u32>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}
