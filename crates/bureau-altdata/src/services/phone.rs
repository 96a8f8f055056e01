//! Phone services: `Mobile Network Intelligence (Without Consent)`, `Phone Name Attributes`
//! and `Phone Social Basic Report`.

use serde::{Deserialize, Serialize};

use super::{AccountPresence, Level, ServiceStatus};
use crate::values::{PersonalData, RawJson, Signal};
use crate::wire::{empty_as_none, flag, option_enum};

leadkit_core::open_enum! {
    /// How the phone number is billed (`numberBillingType`).
    pub enum BillingType {
        /// `prepaid`.
        Prepaid = "prepaid",
        /// `postpaid`.
        Postpaid = "postpaid",
    }
}

/// `Mobile Network Intelligence (Without Consent)`: the SIM's network, porting and roaming.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct MobileNetworkIntelligence {
    /// Whether the workflow's conditions for this service were evaluated.
    pub conditions_evaluation_status: Option<bool>,
    /// ISO 3166-1 alpha-2 country of the current network. The docs' spelling
    /// `currentNetworkcountryCodeIso2` is accepted too.
    #[serde(alias = "currentNetworkcountryCodeIso2")]
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub current_network_country_code_iso2: Option<String>,
    /// The current telecom provider (`Reliance Jio`, …).
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub current_network_name: Option<String>,
    /// Where the SIM was bought or is active.
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub current_network_region: Option<String>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// The SIM's identifier (personal data).
    pub imsi: Option<PersonalData>,
    /// Whether the phone was reachable at the time of the query.
    pub is_phone_reachable: Option<bool>,
    /// Whether the number is a valid phone number.
    pub is_valid_phone_number: Option<bool>,
    /// How the number is billed.
    #[serde(with = "option_enum")]
    pub number_billing_type: Option<BillingType>,
    /// Whether the number was ever ported to another network.
    pub number_has_porting_history: Option<bool>,
    /// ISO 3166-1 alpha-2 country before porting (docs: `portedFromNetworkcountryCodeIso2`).
    #[serde(alias = "portedFromNetworkcountryCodeIso2")]
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub ported_from_network_country_code_iso2: Option<String>,
    /// The network the number was ported from.
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub ported_from_network_name: Option<String>,
    /// The region the number was ported from.
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub ported_from_network_region: Option<String>,
    /// Whether the SIM is roaming now.
    pub roaming: Option<bool>,
    /// ISO 3166-1 alpha-2 country of the roaming network (docs:
    /// `roamingNetworkcountryCodeIso2`).
    #[serde(alias = "roamingNetworkcountryCodeIso2")]
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub roaming_network_country_code_iso2: Option<String>,
    /// The roaming network.
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub roaming_network_name: Option<String>,
    /// The roaming network's region.
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub roaming_network_region: Option<String>,
    /// The service's own status.
    pub status: Option<ServiceStatus>,
}

/// `Phone Name Attributes`: how well the applicant's name matches the names behind the phone.
///
/// The docs prefix several fields with `phone` (`phoneDigitalage`, `phoneNameMatchScore`,
/// `phoneNdrScore`, `phoneUnrScore`) while the example answer does not; both spellings are
/// read. The docs' `UPI Name` signals (`upi_name`, `upi_name_similarity`) belong to no service
/// in the example; they are read here when present.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct PhoneNameAttributes {
    /// An address found for the phone (personal data).
    pub address: Option<PersonalData>,
    /// Whether the name looks like a business name.
    pub business_name_detected: Option<bool>,
    /// Whether the workflow's conditions for this service were evaluated.
    pub conditions_evaluation_status: Option<bool>,
    /// The phone's digital age in Bureau and partner networks (`-1`: unknown).
    #[serde(
        rename = "digitalage",
        alias = "phoneDigitalage",
        alias = "phoneDigitalAge"
    )]
    pub digital_age: Signal<i64>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// Whether the first name matches.
    pub first_name_match: Option<bool>,
    /// Whether the last name matches.
    pub last_name_match: Option<bool>,
    /// Match score between the input name and the name behind the phone.
    #[serde(alias = "phoneNameMatchScore")]
    pub name_match_score: Signal<f64>,
    /// Uniqueness of the names found for the phone: above 0.7 means high identity
    /// confidence, below 0.3 poor (`-1`: unknown).
    #[serde(alias = "phoneNdrScore")]
    pub ndr_score: Signal<f64>,
    /// The phone's overall digital footprint strength.
    #[serde(with = "option_enum")]
    pub phone_footprint_strength_overall: Option<Level>,
    /// The digital age of the phone and name together (`-1`: unknown).
    pub phone_name_digital_age: Signal<i64>,
    /// The service's own status.
    pub status: Option<ServiceStatus>,
    /// Share of the names found that did not match (`-1`: unknown).
    #[serde(alias = "phoneUnrScore")]
    pub unr_score: Signal<f64>,
    /// The name on the UPI account (personal data).
    #[serde(rename = "upi_name")]
    pub upi_name: Option<PersonalData>,
    /// Similarity between the application's name and the UPI name.
    #[serde(rename = "upi_name_similarity")]
    pub upi_name_similarity: Signal<f64>,
}

/// `Phone Social Basic Report`: the platforms where the phone has an account.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct PhoneSocialReport {
    /// Amazon.
    #[serde(with = "option_enum")]
    pub amazon: Option<AccountPresence>,
    /// Whether the workflow is still waiting on this report.
    pub awaited_on_this: Option<bool>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// Flipkart.
    #[serde(with = "option_enum")]
    pub flipkart: Option<AccountPresence>,
    /// Instagram.
    #[serde(with = "option_enum")]
    pub instagram: Option<AccountPresence>,
    /// Whether the WhatsApp account is a business account (a boolean or `Yes`/`No`).
    #[serde(deserialize_with = "flag::deserialize")]
    pub is_whatsapp_business: Option<bool>,
    /// The phone number checked (personal data).
    pub mobile: Option<PersonalData>,
    /// Paytm.
    #[serde(with = "option_enum")]
    pub paytm: Option<AccountPresence>,
    /// Bureau's reference for the report (matches the submit's `referenceId`).
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub reference_id: Option<String>,
    /// WhatsApp.
    #[serde(with = "option_enum")]
    pub whatsapp: Option<AccountPresence>,
}
