//! Phone services: `Mobile Network Intelligence (Without Consent)`, `Phone Name Attributes`
//! and `Phone Social Basic Report`.

use leadkit_core::lenient::{self, Extra};
use leadkit_core::personal::{PersonalData, RawJson};
use serde::{Deserialize, Serialize};

use super::{AccountPresence, Level, ServiceStatus};
use crate::values::Signal;

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
///
/// The docs' table writes `…countryCodeIso2` with a lower-case `c`; the example answer an
/// upper-case one. It is the same name in another case, read into one field (were both sent,
/// the service would be kept raw with a "duplicate field" reason). Fields Bureau adds later
/// are kept in [`MobileNetworkIntelligence::extra`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct MobileNetworkIntelligence {
    /// Whether the workflow's conditions for this service were evaluated.
    #[serde(with = "lenient::option_boolean")]
    pub conditions_evaluation_status: Option<bool>,
    /// ISO 3166-1 alpha-2 country of the current network. The docs' spelling
    /// `currentNetworkcountryCodeIso2` is read too.
    #[serde(alias = "currentNetworkcountryCodeIso2")]
    #[serde(with = "lenient::option_text")]
    pub current_network_country_code_iso2: Option<String>,
    /// The current telecom provider (`Reliance Jio`, …).
    #[serde(with = "lenient::option_text")]
    pub current_network_name: Option<String>,
    /// Where the SIM was bought or is active.
    #[serde(with = "lenient::option_text")]
    pub current_network_region: Option<String>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// The SIM's identifier (personal data).
    pub imsi: Option<PersonalData>,
    /// Whether the phone was reachable at the time of the query.
    #[serde(with = "lenient::option_boolean")]
    pub is_phone_reachable: Option<bool>,
    /// Whether the number is a valid phone number.
    #[serde(with = "lenient::option_boolean")]
    pub is_valid_phone_number: Option<bool>,
    /// How the number is billed.
    #[serde(with = "lenient::option_open_enum")]
    pub number_billing_type: Option<BillingType>,
    /// Whether the number was ever ported to another network.
    #[serde(with = "lenient::option_boolean")]
    pub number_has_porting_history: Option<bool>,
    /// ISO 3166-1 alpha-2 country before porting (docs: `portedFromNetworkcountryCodeIso2`).
    #[serde(alias = "portedFromNetworkcountryCodeIso2")]
    #[serde(with = "lenient::option_text")]
    pub ported_from_network_country_code_iso2: Option<String>,
    /// The network the number was ported from.
    #[serde(with = "lenient::option_text")]
    pub ported_from_network_name: Option<String>,
    /// The region the number was ported from.
    #[serde(with = "lenient::option_text")]
    pub ported_from_network_region: Option<String>,
    /// Whether the SIM is roaming now.
    #[serde(with = "lenient::option_boolean")]
    pub roaming: Option<bool>,
    /// ISO 3166-1 alpha-2 country of the roaming network (docs:
    /// `roamingNetworkcountryCodeIso2`).
    #[serde(alias = "roamingNetworkcountryCodeIso2")]
    #[serde(with = "lenient::option_text")]
    pub roaming_network_country_code_iso2: Option<String>,
    /// The roaming network.
    #[serde(with = "lenient::option_text")]
    pub roaming_network_name: Option<String>,
    /// The roaming network's region.
    #[serde(with = "lenient::option_text")]
    pub roaming_network_region: Option<String>,
    /// The service's own status.
    #[serde(with = "lenient::option_open_enum")]
    pub status: Option<ServiceStatus>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `Phone Name Attributes`: how well the applicant's name matches the names behind the phone.
///
/// The example answer sends `digitalage`, `nameMatchScore`, `ndrScore` and `unrScore`; the
/// docs' table lists `phoneDigitalage`, `phoneNameMatchScore`, `phoneNdrScore` and
/// `phoneUnrScore` (and `unrScore` too, as a row of its own). Each spelling is a field of its
/// own, so an answer carrying both keeps both:
///
/// | sent as (example) | field | docs' table | field |
/// |---|---|---|---|
/// | `digitalage` | [`digital_age`](Self::digital_age) | `phoneDigitalage` | [`phone_digital_age`](Self::phone_digital_age) |
/// | `nameMatchScore` | [`name_match_score`](Self::name_match_score) | `phoneNameMatchScore` | [`phone_name_match_score`](Self::phone_name_match_score) |
/// | `ndrScore` | [`ndr_score`](Self::ndr_score) | `phoneNdrScore` | [`phone_ndr_score`](Self::phone_ndr_score) |
/// | `unrScore` | [`unr_score`](Self::unr_score) | `phoneUnrScore` | [`phone_unr_score`](Self::phone_unr_score) |
///
/// Read whichever came with [`Signal::or`]: `ndr_score.or(phone_ndr_score)`. The docs'
/// `UPI Name` signals (`upi_name`, `upi_name_similarity`) belong to no service in the
/// example; they are read here when present. Fields Bureau adds later are kept in
/// [`PhoneNameAttributes::extra`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct PhoneNameAttributes {
    /// An address found for the phone (personal data).
    pub address: Option<PersonalData>,
    /// Whether the name looks like a business name.
    #[serde(with = "lenient::option_boolean")]
    pub business_name_detected: Option<bool>,
    /// Whether the workflow's conditions for this service were evaluated.
    #[serde(with = "lenient::option_boolean")]
    pub conditions_evaluation_status: Option<bool>,
    /// The phone's digital age in Bureau and partner networks (`-1`: unknown), as the example
    /// answer sends it: `digitalage`.
    #[serde(rename = "digitalage")]
    pub digital_age: Signal<i64>,
    /// The phone's digital age as the docs' table spells it: `phoneDigitalage` (also read as
    /// `phoneDigitalAge`).
    #[serde(rename = "phoneDigitalage", alias = "phoneDigitalAge")]
    pub phone_digital_age: Signal<i64>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// Whether the first name matches.
    #[serde(with = "lenient::option_boolean")]
    pub first_name_match: Option<bool>,
    /// Whether the last name matches.
    #[serde(with = "lenient::option_boolean")]
    pub last_name_match: Option<bool>,
    /// Match score between the input name and the name behind the phone (`nameMatchScore`,
    /// the example's spelling).
    pub name_match_score: Signal<f64>,
    /// The same score as the docs' table spells it: `phoneNameMatchScore`.
    pub phone_name_match_score: Signal<f64>,
    /// Uniqueness of the names found for the phone: above 0.7 means high identity
    /// confidence, below 0.3 poor (`-1`: unknown). `ndrScore`, the example's spelling.
    pub ndr_score: Signal<f64>,
    /// The same measure as the docs' table spells it: `phoneNdrScore`.
    pub phone_ndr_score: Signal<f64>,
    /// The phone's overall digital footprint strength.
    #[serde(with = "lenient::option_open_enum")]
    pub phone_footprint_strength_overall: Option<Level>,
    /// The digital age of the phone and name together (`-1`: unknown).
    pub phone_name_digital_age: Signal<i64>,
    /// The service's own status.
    #[serde(with = "lenient::option_open_enum")]
    pub status: Option<ServiceStatus>,
    /// Share of the names found that did not match (`-1`: unknown): `unrScore`.
    pub unr_score: Signal<f64>,
    /// The same ratio as the docs' table also spells it: `phoneUnrScore`.
    pub phone_unr_score: Signal<f64>,
    /// The name on the UPI account (personal data).
    #[serde(rename = "upi_name")]
    pub upi_name: Option<PersonalData>,
    /// Similarity between the application's name and the UPI name.
    #[serde(rename = "upi_name_similarity")]
    pub upi_name_similarity: Signal<f64>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `Phone Social Basic Report`: the platforms where the phone has an account.
///
/// Fields Bureau adds later are kept in [`PhoneSocialReport::extra`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct PhoneSocialReport {
    /// Amazon.
    #[serde(with = "lenient::option_open_enum")]
    pub amazon: Option<AccountPresence>,
    /// Whether the workflow is still waiting on this report.
    #[serde(with = "lenient::option_boolean")]
    pub awaited_on_this: Option<bool>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// Flipkart.
    #[serde(with = "lenient::option_open_enum")]
    pub flipkart: Option<AccountPresence>,
    /// Instagram.
    #[serde(with = "lenient::option_open_enum")]
    pub instagram: Option<AccountPresence>,
    /// Whether the WhatsApp account is a business account (`true`, `"Yes"`, `1`, … like
    /// every boolean).
    #[serde(with = "lenient::option_boolean")]
    pub is_whatsapp_business: Option<bool>,
    /// The phone number checked (personal data).
    pub mobile: Option<PersonalData>,
    /// Paytm.
    #[serde(with = "lenient::option_open_enum")]
    pub paytm: Option<AccountPresence>,
    /// Bureau's reference for the report (matches the submit's `referenceId`).
    #[serde(with = "lenient::option_text")]
    pub reference_id: Option<String>,
    /// WhatsApp.
    #[serde(with = "lenient::option_open_enum")]
    pub whatsapp: Option<AccountPresence>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}
