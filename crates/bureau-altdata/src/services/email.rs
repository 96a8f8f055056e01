//! Email services: `Email Attributes`, `Email Name Attributes`, `Email Social Basic Report`,
//! and the `… Social Basic Submit` acknowledgement shared with the phone side.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{AccountPresence, Level, ServiceStatus};
use crate::values::{PersonalData, RawJson, Signal};
use crate::wire::{empty_as_none, option_enum, option_rfc3339};

/// `Email Attributes`: whether the email and its domain exist, and how established they are.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmailAttributes {
    /// Whether the workflow's conditions for this service were evaluated.
    pub conditions_evaluation_status: Option<bool>,
    /// How long the email has been seen, in Bureau's unit (`-1`: unknown).
    pub digital_age: Signal<i64>,
    /// Whether the email's domain exists.
    pub domain_exists: Option<bool>,
    /// The domain's risk level (`Moderate`, …).
    #[serde(with = "option_enum")]
    pub domain_risk_level: Option<Level>,
    /// The category of the email's domain (`Webmail`, …). Sent as `domaincategory`; the
    /// docs' spelling `domainCategory` is accepted too.
    #[serde(rename = "domaincategory", alias = "domainCategory")]
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub domain_category: Option<String>,
    /// Whether the domain is a corporate one, as sent (`Yes`/`No`); see
    /// [`EmailAttributes::is_corporate_domain`].
    #[serde(rename = "domaincorporate", alias = "domainCorporate")]
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub domain_corporate: Option<String>,
    /// Whether the email address is valid.
    pub email_exists: Option<bool>,
    /// Bureau's recommendation based on the email (`No Data`, …).
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub email_final_recommendation: Option<String>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// When the email was first verified.
    #[serde(with = "option_rfc3339")]
    pub first_verification_date: Option<DateTime<FixedOffset>>,
    /// The email's digital footprint (`NO_RECORDS`, …).
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub footprint: Option<String>,
    /// When the email was last verified.
    #[serde(with = "option_rfc3339")]
    pub last_verification_date: Option<DateTime<FixedOffset>>,
    /// The service's own status.
    pub status: Option<ServiceStatus>,
    /// How many distinct sources saw the email.
    pub unique_hits: Signal<i64>,
}

impl EmailAttributes {
    /// `domaincorporate` as a flag: `Yes` → `true`, `No` → `false`, anything else → `None`.
    pub fn is_corporate_domain(&self) -> Option<bool> {
        match self.domain_corporate.as_deref()?.trim() {
            text if text.eq_ignore_ascii_case("yes") => Some(true),
            text if text.eq_ignore_ascii_case("no") => Some(false),
            _ => None,
        }
    }
}

/// `Email Name Attributes`: how well the applicant's name matches the names behind the email.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmailNameAttributes {
    /// An address found for the email (personal data).
    pub address: Option<PersonalData>,
    /// Whether the name looks like a business name.
    pub business_name_detected: Option<bool>,
    /// Whether the workflow's conditions for this service were evaluated.
    pub conditions_evaluation_status: Option<bool>,
    /// The email's digital age in Bureau and partner networks (`-1`: unknown). Sent as
    /// `digitalage`; the docs' `emailDigitalage` is accepted too.
    #[serde(
        rename = "digitalage",
        alias = "emailDigitalage",
        alias = "emailDigitalAge"
    )]
    pub digital_age: Signal<i64>,
    /// The number of digits in the email.
    pub email_digits: Signal<i64>,
    /// The email's footprint strength (`Low`, `Moderate`, `High`; `""` reads as `None`).
    #[serde(with = "option_enum")]
    pub email_footprint_strength: Option<Level>,
    /// The digital age of the name and email together in Bureau's network (`-1`: unknown).
    pub email_name_digital_age: Signal<i64>,
    /// The number of special characters in the email. Sent as `emailSpclChars`.
    #[serde(rename = "emailSpclChars")]
    pub email_special_chars: Signal<i64>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// Whether the first name matches.
    pub first_name_match: Option<bool>,
    /// Whether the last name matches.
    pub last_name_match: Option<bool>,
    /// Whether several phone numbers are attached to the email.
    pub multiple_phone_attached: Option<bool>,
    /// Match score between the input name and the email (`-1`: unknown).
    pub name_email_match: Signal<f64>,
    /// Match score between the input name and the name behind the email.
    pub name_match_score: Signal<f64>,
    /// Highest similarity between the names found for the email and the applicant's name
    /// (`-1`: unknown).
    pub ndr_score: Signal<f64>,
    /// The phone number attached to the email, as sent (`-1` when unknown; personal data);
    /// see [`EmailNameAttributes::attached_phone_number`].
    pub phone_number: Option<PersonalData>,
    /// The service's own status.
    pub status: Option<ServiceStatus>,
    /// Share of the names found that did not match (`-1`: unknown).
    pub unr_score: Signal<f64>,
}

impl EmailNameAttributes {
    /// The phone number attached to the email, unless Bureau sent `-1` ("unknown") or nothing.
    pub fn attached_phone_number(&self) -> Option<&PersonalData> {
        self.phone_number
            .as_ref()
            .filter(|phone| !phone.is_empty() && phone.as_str() != "-1")
    }
}

/// `Email Social Basic Report`: the platforms where the email has an account.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmailSocialReport {
    /// Amazon.
    #[serde(with = "option_enum")]
    pub amazon: Option<AccountPresence>,
    /// Whether the workflow is still waiting on this report.
    pub awaited_on_this: Option<bool>,
    /// The email checked (personal data).
    pub email: Option<PersonalData>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// Flipkart.
    #[serde(with = "option_enum")]
    pub flipkart: Option<AccountPresence>,
    /// Instagram.
    #[serde(with = "option_enum")]
    pub instagram: Option<AccountPresence>,
    /// Paytm.
    #[serde(with = "option_enum")]
    pub paytm: Option<AccountPresence>,
    /// Bureau's reference for the report (matches the submit's `referenceId`).
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub reference_id: Option<String>,
}

/// `Email Social Basic Submit` and `Phone Social Basic Submit`: the acknowledgement that a
/// social look-up was started.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct SocialSubmit {
    /// Whether the workflow's conditions for this service were evaluated.
    pub conditions_evaluation_status: Option<bool>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// Bureau's reference for the look-up (the report carries the same one).
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub reference_id: Option<String>,
    /// The service's own status.
    pub status: Option<ServiceStatus>,
}
