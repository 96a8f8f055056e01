//! Email services: `Email Attributes`, `Email Name Attributes`, `Email Social Basic Report`,
//! and the `… Social Basic Submit` acknowledgement shared with the phone side.

use chrono::{DateTime, FixedOffset};
use leadkit_core::lenient::{self, Extra};
use leadkit_core::personal::{PersonalData, RawJson};
use serde::{Deserialize, Serialize};

use super::{AccountPresence, Level, ServiceStatus};
use crate::values::Signal;

/// `Email Attributes`: whether the email and its domain exist, and how established they are.
///
/// Fields Bureau adds later are kept in [`EmailAttributes::extra`] and written back.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmailAttributes {
    /// Whether the workflow's conditions for this service were evaluated.
    #[serde(with = "lenient::option_boolean")]
    pub conditions_evaluation_status: Option<bool>,
    /// How long the email has been seen, in Bureau's unit (`-1`: unknown).
    pub digital_age: Signal<i64>,
    /// Whether the email's domain exists.
    #[serde(with = "lenient::option_boolean")]
    pub domain_exists: Option<bool>,
    /// The domain's risk level (`Moderate`, …).
    #[serde(with = "lenient::option_open_enum")]
    pub domain_risk_level: Option<Level>,
    /// The category of the email's domain (`Webmail`, …). Sent as `domaincategory`; the
    /// docs' spelling `domainCategory` (the same name in another case) is read too.
    #[serde(rename = "domaincategory", alias = "domainCategory")]
    #[serde(with = "lenient::option_text")]
    pub domain_category: Option<String>,
    /// Whether the domain is a corporate one, as sent (`Yes`/`No`); see
    /// [`EmailAttributes::is_corporate_domain`].
    #[serde(rename = "domaincorporate", alias = "domainCorporate")]
    #[serde(with = "lenient::option_text")]
    pub domain_corporate: Option<String>,
    /// Whether the email address is valid.
    #[serde(with = "lenient::option_boolean")]
    pub email_exists: Option<bool>,
    /// Bureau's recommendation based on the email (`No Data`, …).
    #[serde(with = "lenient::option_text")]
    pub email_final_recommendation: Option<String>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// When the email was first verified (with or without a zone, seconds or fraction; no
    /// zone is UTC).
    #[serde(with = "lenient::option_rfc3339")]
    pub first_verification_date: Option<DateTime<FixedOffset>>,
    /// The email's digital footprint (`NO_RECORDS`, …).
    #[serde(with = "lenient::option_text")]
    pub footprint: Option<String>,
    /// When the email was last verified (read like `first_verification_date`).
    #[serde(with = "lenient::option_rfc3339")]
    pub last_verification_date: Option<DateTime<FixedOffset>>,
    /// The service's own status.
    #[serde(with = "lenient::option_open_enum")]
    pub status: Option<ServiceStatus>,
    /// How many distinct sources saw the email.
    pub unique_hits: Signal<i64>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl EmailAttributes {
    /// `domaincorporate` as a flag, read like every boolean (`Yes`/`No`, `true`/`false`,
    /// `1`/`0`); `None` when absent or anything else.
    pub fn is_corporate_domain(&self) -> Option<bool> {
        let text = self.domain_corporate.as_deref()?;
        lenient::boolean::deserialize(
            serde::de::value::StrDeserializer::<serde::de::value::Error>::new(text),
        )
        .ok()
    }
}

/// `Email Name Attributes`: how well the applicant's name matches the names behind the email.
///
/// The example answer sends `digitalage`; the docs' table names `emailDigitalage`. They are
/// two fields here ([`digital_age`](Self::digital_age) and
/// [`email_digital_age`](Self::email_digital_age)), so an answer carrying both keeps both;
/// read whichever came with `digital_age.or(email_digital_age)`. Fields Bureau adds later are
/// kept in [`EmailNameAttributes::extra`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmailNameAttributes {
    /// An address found for the email (personal data).
    pub address: Option<PersonalData>,
    /// Whether the name looks like a business name.
    #[serde(with = "lenient::option_boolean")]
    pub business_name_detected: Option<bool>,
    /// Whether the workflow's conditions for this service were evaluated.
    #[serde(with = "lenient::option_boolean")]
    pub conditions_evaluation_status: Option<bool>,
    /// The email's digital age in Bureau and partner networks (`-1`: unknown), as the example
    /// answer sends it: `digitalage`.
    #[serde(rename = "digitalage")]
    pub digital_age: Signal<i64>,
    /// The email's digital age as the docs' table spells it: `emailDigitalage` (also read as
    /// `emailDigitalAge`).
    #[serde(rename = "emailDigitalage", alias = "emailDigitalAge")]
    pub email_digital_age: Signal<i64>,
    /// The number of digits in the email.
    pub email_digits: Signal<i64>,
    /// The email's footprint strength (`Low`, `Moderate`, `High`; `""` reads as `None`).
    #[serde(with = "lenient::option_open_enum")]
    pub email_footprint_strength: Option<Level>,
    /// The digital age of the name and email together in Bureau's network (`-1`: unknown).
    pub email_name_digital_age: Signal<i64>,
    /// The number of special characters in the email. Sent as `emailSpclChars`.
    #[serde(rename = "emailSpclChars")]
    pub email_special_chars: Signal<i64>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// Whether the first name matches.
    #[serde(with = "lenient::option_boolean")]
    pub first_name_match: Option<bool>,
    /// Whether the last name matches.
    #[serde(with = "lenient::option_boolean")]
    pub last_name_match: Option<bool>,
    /// Whether several phone numbers are attached to the email.
    #[serde(with = "lenient::option_boolean")]
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
    #[serde(with = "lenient::option_open_enum")]
    pub status: Option<ServiceStatus>,
    /// Share of the names found that did not match (`-1`: unknown).
    pub unr_score: Signal<f64>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
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
///
/// Fields Bureau adds later are kept in [`EmailSocialReport::extra`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmailSocialReport {
    /// Amazon.
    #[serde(with = "lenient::option_open_enum")]
    pub amazon: Option<AccountPresence>,
    /// Whether the workflow is still waiting on this report.
    #[serde(with = "lenient::option_boolean")]
    pub awaited_on_this: Option<bool>,
    /// The email checked (personal data).
    pub email: Option<PersonalData>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// Flipkart.
    #[serde(with = "lenient::option_open_enum")]
    pub flipkart: Option<AccountPresence>,
    /// Instagram.
    #[serde(with = "lenient::option_open_enum")]
    pub instagram: Option<AccountPresence>,
    /// Paytm.
    #[serde(with = "lenient::option_open_enum")]
    pub paytm: Option<AccountPresence>,
    /// Bureau's reference for the report (matches the submit's `referenceId`).
    #[serde(with = "lenient::option_text")]
    pub reference_id: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `Email Social Basic Submit` and `Phone Social Basic Submit`: the acknowledgement that a
/// social look-up was started.
///
/// Fields Bureau adds later are kept in [`SocialSubmit::extra`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct SocialSubmit {
    /// Whether the workflow's conditions for this service were evaluated.
    #[serde(with = "lenient::option_boolean")]
    pub conditions_evaluation_status: Option<bool>,
    /// The service's error, if it failed.
    pub error: Option<RawJson>,
    /// Bureau's reference for the look-up (the report carries the same one).
    #[serde(with = "lenient::option_text")]
    pub reference_id: Option<String>,
    /// The service's own status.
    #[serde(with = "lenient::option_open_enum")]
    pub status: Option<ServiceStatus>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}
