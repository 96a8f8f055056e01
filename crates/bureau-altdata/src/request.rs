//! What the caller sends: the workflow and the applicant's details.

use std::fmt;

use leadkit_core::redact::{MaskedEmail, MaskedPhone};
use leadkit_core::validate;
use leadkit_core::{Error, Result};
use serde::Serialize;

/// The body of `POST /transactions`: a workflow id and the applicant's email, name and phone.
///
/// Initiating and fetching send the same details (fetching adds the `transactionId`), so one
/// request value serves the whole flow. Its `Debug` masks the email and phone and hides the
/// name.
///
/// ```
/// use bureau_altdata::TransactionRequest;
/// let request = TransactionRequest::new(
///     "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b", // shared by Bureau
///     "asha.verma@example.com",
///     "Asha Verma",
///     "919812345678", // country code first, digits only
///     "IND",
/// )
/// .derived_signals(true)
/// .enhanced_coverage(true);
/// assert!(request.validate().is_ok());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct TransactionRequest {
    workflow_id: String,
    email: String,
    name: String,
    phone_number: String,
    country_code: String,
    derived_signals: Option<bool>,
    enhanced_coverage: Option<bool>,
}

impl TransactionRequest {
    /// A request with every mandatory field: the workflow id Bureau shared (a UUID), the
    /// applicant's email, name and phone number (country code first, digits only, such as
    /// `919812345678`), and the country code (`IND` for India).
    pub fn new(
        workflow_id: impl Into<String>,
        email: impl Into<String>,
        name: impl Into<String>,
        phone_number: impl Into<String>,
        country_code: impl Into<String>,
    ) -> Self {
        Self {
            workflow_id: workflow_id.into(),
            email: email.into(),
            name: name.into(),
            phone_number: phone_number.into(),
            country_code: country_code.into(),
            derived_signals: None,
            enhanced_coverage: None,
        }
    }

    /// Asks for derived signals (telecom risk, digital footprint, identity confidence, the
    /// alternate risk score). Optional; Bureau recommends `true`.
    pub fn derived_signals(mut self, enabled: impl Into<bool>) -> Self {
        self.derived_signals = Some(enabled.into());
        self
    }

    /// Asks for enhanced coverage. Optional; Bureau recommends `true`.
    pub fn enhanced_coverage(mut self, enabled: impl Into<bool>) -> Self {
        self.enhanced_coverage = Some(enabled.into());
        self
    }

    /// The workflow id.
    pub fn workflow_id(&self) -> &str {
        &self.workflow_id
    }

    /// The country code.
    pub fn country_code(&self) -> &str {
        &self.country_code
    }

    /// Checks every mandatory field, as the calls do before sending anything.
    ///
    /// Errors name the field (`workflowId`, `data.email`, …), never its value.
    pub fn validate(&self) -> Result<()> {
        validate::uuid("workflowId", &self.workflow_id)?;
        validate::email("data.email", &self.email)?;
        validate::non_empty("data.name", &self.name)?;
        validate_country_code(&self.country_code)?;
        validate::international_phone("data.phoneNumber", &self.phone_number)?;
        if self.country_code == "IND"
            && !(self.phone_number.len() == 12 && self.phone_number.starts_with("91"))
        {
            return Err(Error::invalid_input(
                "data.phoneNumber",
                "an Indian number must be 91 followed by its 10 digits",
            ));
        }
        Ok(())
    }

    /// The JSON body, with `transactionId` when fetching.
    pub(crate) fn body<'a>(&'a self, transaction_id: Option<&'a str>) -> Body<'a> {
        Body {
            workflow_id: &self.workflow_id,
            transaction_id,
            data: Data {
                email: &self.email,
                name: &self.name,
                phone_number: &self.phone_number,
                country_code: &self.country_code,
                derived_signals: self.derived_signals,
                enhanced_coverage: self.enhanced_coverage,
            },
        }
    }
}

fn validate_country_code(code: &str) -> Result<()> {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::invalid_input(
            "data.countryCode",
            "must be a three-letter ISO 3166-1 alpha-3 code in capitals, such as IND",
        ));
    }
    Ok(())
}

impl fmt::Debug for TransactionRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransactionRequest")
            .field("workflow_id", &self.workflow_id)
            .field("email", &MaskedEmail(&self.email))
            .field("name", &"[hidden]")
            .field("phone_number", &MaskedPhone(&self.phone_number))
            .field("country_code", &self.country_code)
            .field("derived_signals", &self.derived_signals)
            .field("enhanced_coverage", &self.enhanced_coverage)
            .finish()
    }
}

/// The wire form of a [`TransactionRequest`], borrowed (serialised once per call).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Body<'a> {
    workflow_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    transaction_id: Option<&'a str>,
    data: Data<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Data<'a> {
    email: &'a str,
    name: &'a str,
    phone_number: &'a str,
    country_code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    derived_signals: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    enhanced_coverage: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> TransactionRequest {
        TransactionRequest::new(
            "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b",
            "asha.verma@example.com",
            "Asha Verma",
            "919812345678",
            "IND",
        )
    }

    #[test]
    fn each_mandatory_field_is_checked_by_name() {
        let cases = [
            (
                TransactionRequest {
                    workflow_id: "not-a-uuid".into(),
                    ..valid()
                },
                "workflowId",
            ),
            (
                TransactionRequest {
                    email: "asha.verma@".into(),
                    ..valid()
                },
                "data.email",
            ),
            (
                TransactionRequest {
                    name: "  ".into(),
                    ..valid()
                },
                "data.name",
            ),
            (
                TransactionRequest {
                    phone_number: "+919812345678".into(),
                    ..valid()
                },
                "data.phoneNumber",
            ),
            (
                TransactionRequest {
                    phone_number: "9812345678".into(),
                    ..valid()
                },
                "data.phoneNumber",
            ),
            (
                TransactionRequest {
                    country_code: "in".into(),
                    ..valid()
                },
                "data.countryCode",
            ),
        ];
        for (request, field) in cases {
            let error = request.validate().unwrap_err();
            assert_eq!(error.field(), Some(field), "{error}");
            for secret in ["asha.verma", "Asha Verma", "9812345678"] {
                assert!(!error.to_string().contains(secret), "{error}");
            }
        }
        assert!(valid().validate().is_ok());
        let other_country = TransactionRequest {
            phone_number: "447700900123".into(),
            country_code: "GBR".into(),
            ..valid()
        };
        assert!(other_country.validate().is_ok());
    }

    #[test]
    fn debug_masks_personal_data() {
        let debug = format!("{:?}", valid().derived_signals(true));
        assert!(debug.contains("a***@example.com"), "{debug}");
        assert!(debug.contains("9198******78"), "{debug}");
        for secret in ["asha.verma", "Asha", "Verma", "9812345678"] {
            assert!(!debug.contains(secret), "{debug}");
        }
    }

    #[test]
    fn body_matches_the_documented_shape() {
        let request = valid().derived_signals(true).enhanced_coverage(true);
        let initiate = serde_json::to_value(request.body(None)).unwrap();
        assert_eq!(
            initiate,
            serde_json::json!({
                "workflowId": "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b",
                "data": {
                    "email": "asha.verma@example.com",
                    "name": "Asha Verma",
                    "phoneNumber": "919812345678",
                    "countryCode": "IND",
                    "derivedSignals": true,
                    "enhancedCoverage": true
                }
            })
        );
        let fetch = serde_json::to_value(valid().body(Some("txn-1"))).unwrap();
        assert_eq!(fetch["transactionId"], "txn-1");
        assert!(fetch["data"].get("derivedSignals").is_none());
    }
}
