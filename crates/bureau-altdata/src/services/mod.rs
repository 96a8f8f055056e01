//! The `services` object of a transaction: one typed result per documented service, keyed by
//! the service's exact name, each decoded on its own, and every other service kept as raw
//! JSON.

mod email;
mod phone;
mod risk;

use std::collections::BTreeMap;
use std::fmt;

use leadkit_core::lenient::{self, Decoded, Extra, RawPart};
use leadkit_core::personal::RawJson;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

pub use email::{EmailAttributes, EmailNameAttributes, EmailSocialReport, SocialSubmit};
pub use phone::{BillingType, MobileNetworkIntelligence, PhoneNameAttributes, PhoneSocialReport};
pub use risk::RiskModel;

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
///
/// Both are optional: an entry without `status` still gives its response, and a `response`
/// that is `null`, missing or blank (`""`) is `None`. Fields Bureau adds beside them are kept
/// in [`ServiceResult::extra`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned"))]
#[non_exhaustive]
pub struct ServiceResult<T> {
    /// Where the service stands (`None` when the entry has no `status`).
    #[serde(default, with = "lenient::option_open_enum")]
    pub status: Option<ServiceStatus>,
    /// The service's signals; `None` while Bureau sends `null` (typically `NOT_EXECUTED`).
    #[serde(default, deserialize_with = "response")]
    pub response: Option<T>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl<T> ServiceResult<T> {
    /// An entry with `status` and `response`.
    pub fn new(status: Option<ServiceStatus>, response: Option<T>) -> Self {
        Self {
            status,
            response,
            extra: Extra::default(),
        }
    }

    /// Whether the service has finished (`OK`).
    pub fn is_ok(&self) -> bool {
        self.status == Some(ServiceStatus::Ok)
    }
}

/// A service's `response`: `null`, missing or blank text is `None`; anything else must be the
/// service's model (or the entry is kept raw with the reason).
fn response<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(text) if text.trim().is_empty() => Ok(None),
        value => T::deserialize(value).map(Some).map_err(de::Error::custom),
    }
}

/// One service as listed in `services`: decoded on its own, or kept as sent with the reason.
pub type ServiceEntry<T> = Option<Decoded<ServiceResult<T>>>;

/// The `services` object: every documented service typed by its exact name; any other service
/// kept whole in [`Services::other`].
///
/// A field is `None` when the answer did not list that service. Each listed service is
/// decoded on its own ([`Decoded`]): one that cannot be decoded (a `response` that is a string
/// or has the wrong shape, say) is kept as sent with the reason in `Decoded::Raw`, reported to
/// [`drift::watch`](leadkit_core::drift::watch), and the other services and the transaction
/// still decode. The accessors named after each service ([`Services::risk_model`], …) give
/// the typed response directly; [`Services::undecodable`] lists the services kept raw.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Services {
    /// `Email Attributes`.
    pub email_attributes: ServiceEntry<EmailAttributes>,
    /// `Email Name Attributes`.
    pub email_name_attributes: ServiceEntry<EmailNameAttributes>,
    /// `Email Social Basic Report`.
    pub email_social_basic_report: ServiceEntry<EmailSocialReport>,
    /// `Email Social Basic Submit`.
    pub email_social_basic_submit: ServiceEntry<SocialSubmit>,
    /// `Mobile Network Intelligence (Without Consent)`.
    pub mobile_network_intelligence: ServiceEntry<MobileNetworkIntelligence>,
    /// `Phone Name Attributes`.
    pub phone_name_attributes: ServiceEntry<PhoneNameAttributes>,
    /// `Phone Social Basic Report`.
    pub phone_social_basic_report: ServiceEntry<PhoneSocialReport>,
    /// `Phone Social Basic Submit`.
    pub phone_social_basic_submit: ServiceEntry<SocialSubmit>,
    /// `Risk Model`: the alternate risk score and the derived signals.
    pub risk_model: ServiceEntry<RiskModel>,
    /// Services this version of the client does not know, by name, exactly as sent.
    pub other: BTreeMap<String, RawJson>,
}

/// The typed response of a listed, decoded service.
fn response_of<T>(entry: &ServiceEntry<T>) -> Option<&T> {
    entry.as_ref()?.typed()?.response.as_ref()
}

macro_rules! response_accessors {
    ($($field:ident: $model:ty, $name:literal;)+) => {
        impl Services {
            $(
                #[doc = concat!("The typed response of `", $name, "`, when the answer lists ")]
                #[doc = "the service, it decoded and it has a response."]
                pub fn $field(&self) -> Option<&$model> {
                    response_of(&self.$field)
                }
            )+
        }
    };
}

response_accessors! {
    email_attributes: EmailAttributes, "Email Attributes";
    email_name_attributes: EmailNameAttributes, "Email Name Attributes";
    email_social_basic_report: EmailSocialReport, "Email Social Basic Report";
    email_social_basic_submit: SocialSubmit, "Email Social Basic Submit";
    mobile_network_intelligence: MobileNetworkIntelligence,
        "Mobile Network Intelligence (Without Consent)";
    phone_name_attributes: PhoneNameAttributes, "Phone Name Attributes";
    phone_social_basic_report: PhoneSocialReport, "Phone Social Basic Report";
    phone_social_basic_submit: SocialSubmit, "Phone Social Basic Submit";
    risk_model: RiskModel, "Risk Model";
}

impl Services {
    /// The status of every service listed in the answer, known ones first. A service kept
    /// raw, or unknown, is listed when its entry has a string `status`; an entry without one
    /// is not listed.
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
            Some((ServiceName::from_vendor(name), raw_status(raw.value())?))
        }));
        out
    }

    /// Names of the listed services that are still `PENDING`.
    pub fn pending(&self) -> Vec<ServiceName> {
        self.names_where(|status| *status == ServiceStatus::Pending)
    }

    /// Names of the listed services that have finished, one way or another: every status but
    /// `PENDING` and `NOT_EXECUTED` (`OK`, and values this version does not know, such as a
    /// `FAILED`).
    pub fn done(&self) -> Vec<ServiceName> {
        self.names_where(|status| {
            !matches!(status, ServiceStatus::Pending | ServiceStatus::NotExecuted)
        })
    }

    /// Names of the listed services that are `NOT_EXECUTED`: not run yet while the
    /// transaction is awaiting, skipped by the workflow once it is final.
    pub fn not_started(&self) -> Vec<ServiceName> {
        self.names_where(|status| *status == ServiceStatus::NotExecuted)
    }

    /// The status of one service, when the answer lists it with a `status` (a service this
    /// version does not know is looked up in [`Services::other`]).
    ///
    /// ```
    /// use bureau_altdata::{ServiceName, ServiceStatus, Transaction};
    /// let transaction: Transaction = serde_json::from_str(r#"{
    ///     "transactionId": "txn-1",
    ///     "services": {"Risk Model": {"status": "PENDING", "response": null}}
    /// }"#).unwrap();
    /// let services = &transaction.services;
    /// assert_eq!(services.status(&ServiceName::RiskModel), Some(ServiceStatus::Pending));
    /// assert_eq!(services.status(&ServiceName::EmailAttributes), None);
    /// ```
    pub fn status(&self, name: &ServiceName) -> Option<ServiceStatus> {
        self.statuses()
            .into_iter()
            .find(|(listed, _)| listed == name)
            .map(|(_, status)| status)
    }

    fn names_where(&self, keep: impl Fn(&ServiceStatus) -> bool) -> Vec<ServiceName> {
        self.statuses()
            .into_iter()
            .filter(|(_, status)| keep(status))
            .map(|(name, _)| name)
            .collect()
    }

    /// The documented services that could not be decoded, each kept as sent with the reason
    /// ([`RawPart::reason`]).
    pub fn undecodable(&self) -> Vec<(ServiceName, &RawPart)> {
        [
            (ServiceName::EmailAttributes, raw_of(&self.email_attributes)),
            (
                ServiceName::EmailNameAttributes,
                raw_of(&self.email_name_attributes),
            ),
            (
                ServiceName::EmailSocialBasicReport,
                raw_of(&self.email_social_basic_report),
            ),
            (
                ServiceName::EmailSocialBasicSubmit,
                raw_of(&self.email_social_basic_submit),
            ),
            (
                ServiceName::MobileNetworkIntelligence,
                raw_of(&self.mobile_network_intelligence),
            ),
            (
                ServiceName::PhoneNameAttributes,
                raw_of(&self.phone_name_attributes),
            ),
            (
                ServiceName::PhoneSocialBasicReport,
                raw_of(&self.phone_social_basic_report),
            ),
            (
                ServiceName::PhoneSocialBasicSubmit,
                raw_of(&self.phone_social_basic_submit),
            ),
            (ServiceName::RiskModel, raw_of(&self.risk_model)),
        ]
        .into_iter()
        .filter_map(|(name, raw)| Some((name, raw?)))
        .collect()
    }
}

fn status_of<T>(entry: &ServiceEntry<T>) -> Option<ServiceStatus> {
    match entry.as_ref()? {
        Decoded::Typed(entry) => entry.status.clone(),
        Decoded::Raw(raw) => raw_status(raw.value()),
    }
}

fn raw_of<T>(entry: &ServiceEntry<T>) -> Option<&RawPart> {
    entry.as_ref()?.raw()
}

/// The `status` of a service entry kept as JSON, when it is a non-blank string.
fn raw_status(entry: &serde_json::Value) -> Option<ServiceStatus> {
    let status = entry.get("status")?.as_str()?.trim();
    (!status.is_empty()).then(|| ServiceStatus::from_vendor(status))
}

impl<'de> Deserialize<'de> for Services {
    /// Reads an object of services by name; `null` and an empty list (`[]`) are no services.
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

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Services, A::Error> {
                match seq.next_element::<de::IgnoredAny>()? {
                    None => Ok(Services::default()),
                    Some(_) => Err(de::Error::invalid_type(
                        de::Unexpected::Seq,
                        &"an object of services by name",
                    )),
                }
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
