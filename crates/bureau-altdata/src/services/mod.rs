//! The `services` object of a transaction: one typed result per documented service, keyed by
//! the service's exact name, and every other service kept as raw JSON.

mod email;
mod phone;
mod risk;

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

pub use email::{EmailAttributes, EmailNameAttributes, EmailSocialReport, SocialSubmit};
pub use phone::{BillingType, MobileNetworkIntelligence, PhoneNameAttributes, PhoneSocialReport};
pub use risk::RiskModel;

use crate::values::RawJson;

leadkit_core::open_enum! {
    /// Where one service stands within a transaction.
    pub enum ServiceStatus {
        /// The service ran and its `response` is final.
        Ok = "OK",
        /// The service is still running (its `response` may be partial).
        Pending = "PENDING",
        /// The workflow did not run the service (yet); `response` is usually `null`.
        NotExecuted = "NOT_EXECUTED",
    }
}

leadkit_core::open_enum! {
    /// A documented service, by its exact name in `services` and `awaits`.
    pub enum ServiceName {
        /// `Email Attributes`.
        EmailAttributes = "Email Attributes",
        /// `Email Name Attributes`.
        EmailNameAttributes = "Email Name Attributes",
        /// `Email Social Basic Report`.
        EmailSocialBasicReport = "Email Social Basic Report",
        /// `Email Social Basic Submit`.
        EmailSocialBasicSubmit = "Email Social Basic Submit",
        /// `Mobile Network Intelligence (Without Consent)`.
        MobileNetworkIntelligence = "Mobile Network Intelligence (Without Consent)",
        /// `Phone Name Attributes`.
        PhoneNameAttributes = "Phone Name Attributes",
        /// `Phone Social Basic Report`.
        PhoneSocialBasicReport = "Phone Social Basic Report",
        /// `Phone Social Basic Submit`.
        PhoneSocialBasicSubmit = "Phone Social Basic Submit",
        /// `Risk Model`.
        RiskModel = "Risk Model",
    }
}

/// One service's entry: its status and, once it has run, its typed response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceResult<T> {
    /// Where the service stands.
    pub status: ServiceStatus,
    /// The service's signals; `None` while Bureau sends `null` (typically `NOT_EXECUTED`).
    pub response: Option<T>,
}

impl<T> ServiceResult<T> {
    /// Whether the service has finished (`OK`).
    pub fn is_ok(&self) -> bool {
        self.status == ServiceStatus::Ok
    }
}

/// The `services` object: every documented service typed by its exact name; any other service
/// kept whole in [`Services::other`].
///
/// A field is `None` when the answer did not list that service.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Services {
    /// `Email Attributes`.
    pub email_attributes: Option<ServiceResult<EmailAttributes>>,
    /// `Email Name Attributes`.
    pub email_name_attributes: Option<ServiceResult<EmailNameAttributes>>,
    /// `Email Social Basic Report`.
    pub email_social_basic_report: Option<ServiceResult<EmailSocialReport>>,
    /// `Email Social Basic Submit`.
    pub email_social_basic_submit: Option<ServiceResult<SocialSubmit>>,
    /// `Mobile Network Intelligence (Without Consent)`.
    pub mobile_network_intelligence: Option<ServiceResult<MobileNetworkIntelligence>>,
    /// `Phone Name Attributes`.
    pub phone_name_attributes: Option<ServiceResult<PhoneNameAttributes>>,
    /// `Phone Social Basic Report`.
    pub phone_social_basic_report: Option<ServiceResult<PhoneSocialReport>>,
    /// `Phone Social Basic Submit`.
    pub phone_social_basic_submit: Option<ServiceResult<SocialSubmit>>,
    /// `Risk Model`: the alternate risk score and the derived signals.
    pub risk_model: Option<ServiceResult<RiskModel>>,
    /// Services this version of the client does not know, by name, exactly as sent.
    pub other: BTreeMap<String, RawJson>,
}

impl Services {
    /// The status of every service listed in the answer, known ones first (unknown services
    /// whose entry has a string `status`).
    pub fn statuses(&self) -> Vec<(ServiceName, ServiceStatus)> {
        let mut out = Vec::with_capacity(ServiceName::KNOWN.len() + self.other.len());
        let known = [
            (
                ServiceName::EmailAttributes,
                status_of(&self.email_attributes),
            ),
            (
                ServiceName::EmailNameAttributes,
                status_of(&self.email_name_attributes),
            ),
            (
                ServiceName::EmailSocialBasicReport,
                status_of(&self.email_social_basic_report),
            ),
            (
                ServiceName::EmailSocialBasicSubmit,
                status_of(&self.email_social_basic_submit),
            ),
            (
                ServiceName::MobileNetworkIntelligence,
                status_of(&self.mobile_network_intelligence),
            ),
            (
                ServiceName::PhoneNameAttributes,
                status_of(&self.phone_name_attributes),
            ),
            (
                ServiceName::PhoneSocialBasicReport,
                status_of(&self.phone_social_basic_report),
            ),
            (
                ServiceName::PhoneSocialBasicSubmit,
                status_of(&self.phone_social_basic_submit),
            ),
            (ServiceName::RiskModel, status_of(&self.risk_model)),
        ];
        out.extend(
            known
                .into_iter()
                .filter_map(|(name, status)| Some((name, status?))),
        );
        out.extend(self.other.iter().filter_map(|(name, raw)| {
            let status = raw.value().get("status")?.as_str()?;
            Some((
                ServiceName::from_vendor(name),
                ServiceStatus::from_vendor(status),
            ))
        }));
        out
    }

    /// Names of the listed services that are still `PENDING`.
    pub fn pending(&self) -> Vec<ServiceName> {
        self.statuses()
            .into_iter()
            .filter(|(_, status)| *status == ServiceStatus::Pending)
            .map(|(name, _)| name)
            .collect()
    }
}

fn status_of<T>(entry: &Option<ServiceResult<T>>) -> Option<ServiceStatus> {
    entry.as_ref().map(|entry| entry.status.clone())
}

impl<'de> Deserialize<'de> for Services {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ServicesVisitor;

        impl<'de> Visitor<'de> for ServicesVisitor {
            type Value = Services;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of services by name")
            }

            fn visit_unit<E: de::Error>(self) -> Result<Services, E> {
                Ok(Services::default())
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Services, A::Error> {
                let mut services = Services::default();
                while let Some(name) = map.next_key::<String>()? {
                    match name.as_str() {
                        "Email Attributes" => services.email_attributes = map.next_value()?,
                        "Email Name Attributes" => {
                            services.email_name_attributes = map.next_value()?
                        }
                        "Email Social Basic Report" => {
                            services.email_social_basic_report = map.next_value()?
                        }
                        "Email Social Basic Submit" => {
                            services.email_social_basic_submit = map.next_value()?
                        }
                        "Mobile Network Intelligence (Without Consent)" => {
                            services.mobile_network_intelligence = map.next_value()?
                        }
                        "Phone Name Attributes" => {
                            services.phone_name_attributes = map.next_value()?
                        }
                        "Phone Social Basic Report" => {
                            services.phone_social_basic_report = map.next_value()?
                        }
                        "Phone Social Basic Submit" => {
                            services.phone_social_basic_submit = map.next_value()?
                        }
                        "Risk Model" => services.risk_model = map.next_value()?,
                        _ => {
                            let raw = map.next_value()?;
                            services.other.insert(name, raw);
                        }
                    }
                }
                Ok(services)
            }
        }

        deserializer.deserialize_any(ServicesVisitor)
    }
}

impl Serialize for Services {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        macro_rules! entry {
            ($field:ident, $name:literal) => {
                if let Some(entry) = &self.$field {
                    map.serialize_entry($name, entry)?;
                }
            };
        }
        entry!(email_attributes, "Email Attributes");
        entry!(email_name_attributes, "Email Name Attributes");
        entry!(email_social_basic_report, "Email Social Basic Report");
        entry!(email_social_basic_submit, "Email Social Basic Submit");
        entry!(
            mobile_network_intelligence,
            "Mobile Network Intelligence (Without Consent)"
        );
        entry!(phone_name_attributes, "Phone Name Attributes");
        entry!(phone_social_basic_report, "Phone Social Basic Report");
        entry!(phone_social_basic_submit, "Phone Social Basic Submit");
        entry!(risk_model, "Risk Model");
        for (name, raw) in &self.other {
            map.serialize_entry(name, raw)?;
        }
        map.end()
    }
}

leadkit_core::open_enum! {
    /// Whether an account was found on a platform (Amazon, Flipkart, Instagram, Paytm,
    /// WhatsApp) for the email or phone.
    pub enum AccountPresence {
        /// `Account Found`.
        Found = "Account Found",
        /// `Account Not Found`.
        NotFound = "Account Not Found",
        /// `Error`: the platform could not be checked.
        Error = "Error",
    }
}

leadkit_core::open_enum! {
    /// A graded level, as in `telecomRisk`, `addressRisk`, `digitalFootprint`,
    /// `identityConfidence`, `domainRiskLevel` and the footprint strengths.
    pub enum Level {
        /// `Low`.
        Low = "Low",
        /// `Moderate`.
        Moderate = "Moderate",
        /// `High`.
        High = "High",
    }
}
