//! `Risk Model`: the alternate risk score, the derived signals and the address breakdown.

use leadkit_core::lenient::{self, Extra, null_as_default};
use leadkit_core::personal::{PersonalData, RawJson};
use serde::{Deserialize, Serialize};

use super::{Level, ServiceStatus};
use crate::values::Signal;

/// `Risk Model`: Bureau's alternate risk score and the derived signals behind it
/// (telecom risk, digital footprint, identity confidence, address risk).
///
/// Fields Bureau adds later are kept in [`RiskModel::extra`] and written back.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct RiskModel {
    /// First address line (personal data).
    pub address1: Option<PersonalData>,
    /// Second address line (personal data).
    pub address2: Option<PersonalData>,
    /// How complete the address is.
    pub address_completeness_score: Signal<f64>,
    /// What is missing from the address, one finding per line; see
    /// [`RiskModel::address_insight_lines`].
    #[serde(with = "lenient::option_text")]
    pub address_insights: Option<String>,
    /// Risk associated with the address.
    #[serde(with = "lenient::option_open_enum")]
    pub address_risk: Option<Level>,
    /// The alternate risk score, derived from the raw signals (`57.47…` in the docs).
    pub alternate_risk_score: Signal<f64>,
    /// Area names found in the address (personal data).
    #[serde(deserialize_with = "null_as_default")]
    pub area_name: Vec<PersonalData>,
    /// Pincodes found in the address (personal data).
    #[serde(deserialize_with = "null_as_default")]
    pub area_pincode: Vec<PersonalData>,
    /// City names found in the address (personal data).
    #[serde(deserialize_with = "null_as_default")]
    pub city_name: Vec<PersonalData>,
    /// Whether the workflow's conditions for this service were evaluated.
    #[serde(with = "lenient::option_boolean")]
    pub conditions_evaluation_status: Option<bool>,
    /// Overall digital footprint, from social presence and digital age.
    #[serde(with = "lenient::option_open_enum")]
    pub digital_footprint: Option<Level>,
    /// Share of unmatched names found for the email. Sent as `emailUNRScore`.
    #[serde(rename = "emailUNRScore")]
    pub email_unr_score: Signal<f64>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// Certainty that the identity belongs to the person claiming it (phone name match,
    /// look-up name match and distinct-names ratio combined).
    #[serde(with = "lenient::option_open_enum")]
    pub identity_confidence: Option<Level>,
    /// Landmarks found in the address (personal data).
    #[serde(deserialize_with = "null_as_default")]
    pub landmark: Vec<PersonalData>,
    /// The model's message (`Success`).
    #[serde(with = "lenient::option_text")]
    pub message: Option<String>,
    /// Findings that raise the risk, as sentences.
    #[serde(deserialize_with = "null_as_default")]
    pub negative_insights: Vec<String>,
    /// Share of unmatched names found for the phone. Sent as `phoneUNRScore`.
    #[serde(rename = "phoneUNRScore")]
    pub phone_unr_score: Signal<f64>,
    /// Findings that lower the risk, as sentences.
    #[serde(deserialize_with = "null_as_default")]
    pub positive_insights: Vec<String>,
    /// The HTTP status the model itself reported (`200`, `"200"` and `200.0` are read).
    #[serde(with = "lenient::option_number")]
    pub response_status_code: Option<u16>,
    /// Society names found in the address (personal data).
    #[serde(deserialize_with = "null_as_default")]
    pub society_name: Vec<PersonalData>,
    /// State names found in the address (personal data).
    #[serde(deserialize_with = "null_as_default")]
    pub state_name: Vec<PersonalData>,
    /// The service's own status.
    pub status: Option<ServiceStatus>,
    /// Street names found in the address (personal data).
    #[serde(deserialize_with = "null_as_default")]
    pub street_name: Vec<PersonalData>,
    /// Risk from the telecom network and its metadata (postpaid is usually lower risk than
    /// prepaid; a non-ported Jio SIM may be higher, since such SIMs are easy to get).
    #[serde(with = "lenient::option_open_enum")]
    pub telecom_risk: Option<Level>,
    /// Unit or rooftop parts found in the address (personal data).
    #[serde(deserialize_with = "null_as_default")]
    pub unit: Vec<PersonalData>,
    /// Whether the UPI name behind the phone matches the applicant's name (`-1`: unknown).
    pub upi_phone_name_match: Signal<i64>,
    /// Match score between the UPI name behind the phone and the applicant's name.
    pub upi_phone_name_match_score: Signal<f64>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl RiskModel {
    /// The address findings, one per line of `addressInsights`.
    pub fn address_insight_lines(&self) -> impl Iterator<Item = &str> {
        self.address_insights
            .as_deref()
            .unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
    }
}
