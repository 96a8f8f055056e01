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
    /// Declares the applicant's values a Bureau answer may echo (the name and each of its
    /// words; emails and phone numbers are masked without being declared).
    pub(crate) fn declare_sensitive(
        &self,
        call: leadkit_core::ApiRequest,
    ) -> leadkit_core::ApiRequest {
        self.name
            .split_whitespace()
            .fold(call.sensitive(&self.name), |call, word| {
                call.sensitive(word)
            })
    }

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

/// Every officially assigned ISO 3166-1 alpha-3 country code (249), in alphabetical order:
/// the values `data.countryCode` accepts.
///
/// Codes that are only reserved (exceptionally, transitionally or for private use, such as
/// `XKX`) are not listed: Bureau's `countryCode` is documented as ISO 3166-1 alpha-3
/// ("IND for India").
///
/// ```
/// use bureau_altdata::COUNTRY_CODES;
/// assert_eq!(COUNTRY_CODES.len(), 249);
/// assert!(COUNTRY_CODES.binary_search(&"IND").is_ok());
/// assert!(COUNTRY_CODES.binary_search(&"XYZ").is_err());
/// ```
pub const COUNTRY_CODES: &[&str] = &[
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA",
    "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM",
    "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD",
    "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN",
    "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ",
    "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE",
    "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX",
    "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS",
    "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL",
    "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI", "PRK",
    "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP",
    "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
    "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL",
    "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY",
    "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF",
    "ZMB", "ZWE",
];

fn validate_country_code(code: &str) -> Result<()> {
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::invalid_input(
            "data.countryCode",
            "must be a three-letter ISO 3166-1 alpha-3 code in capitals, such as IND",
        ));
    }
    if COUNTRY_CODES.binary_search(&code).is_err() {
        return Err(Error::invalid_input(
            "data.countryCode",
            "is not an assigned ISO 3166-1 alpha-3 country code (IND for India)",
        ));
    }
    Ok(())
}

/// The longest transaction id accepted (Bureau's are 36-character UUIDs).
const TRANSACTION_ID_MAX: usize = 128;

/// Checks a transaction id before it is sent, in a path (`GET /transactions/{id}`) or a body:
/// 1 to 128 characters among ASCII letters, digits, `-`, `_` and `.`, and not only dots.
///
/// Bureau's ids are UUIDs, but the docs type `transactionId` as a string, so any id made of
/// URL-safe characters passes; what could change the request's target is refused: empty or
/// blank ids, whitespace, `/`, `\`, `%`, `?`, `#`, and the dot segments `.` and `..` (which
/// would turn `GET /transactions/..` into `GET /`).
pub(crate) fn validate_transaction_id(id: &str) -> Result<()> {
    const FIELD: &str = "transactionId";
    validate::non_empty(FIELD, id)?;
    if id.len() > TRANSACTION_ID_MAX {
        return Err(Error::invalid_input(
            FIELD,
            "must be at most 128 characters",
        ));
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err(Error::invalid_input(
            FIELD,
            "must contain only ASCII letters, digits, `-`, `_` and `.`",
        ));
    }
    if id.bytes().all(|b| b == b'.') {
        return Err(Error::invalid_input(
            FIELD,
            "must not be made of dots only (`.` and `..` are dot segments)",
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
    fn country_codes_are_the_official_alpha_3_list() {
        assert_eq!(COUNTRY_CODES.len(), 249);
        assert!(
            COUNTRY_CODES.windows(2).all(|pair| pair[0] < pair[1]),
            "sorted and without duplicates, for binary_search"
        );
        assert!(
            COUNTRY_CODES
                .iter()
                .all(|code| code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()))
        );
        assert!(valid().validate().is_ok(), "IND");
        for code in ["GBR", "USA", "ALA", "SSD", "BES", "ZWE", "ABW"] {
            let request = TransactionRequest {
                country_code: code.into(),
                phone_number: "447700900123".into(),
                ..valid()
            };
            assert!(request.validate().is_ok(), "{code}");
        }
        // Shaped like codes, but not assigned: reserved, withdrawn or made up.
        for code in ["XYZ", "XKX", "ANT", "SCG", "UKR ", "EUR", "AAA"] {
            let request = TransactionRequest {
                country_code: code.into(),
                ..valid()
            };
            let error = request.validate().unwrap_err();
            assert_eq!(error.field(), Some("data.countryCode"), "{code}: {error}");
        }
    }

    #[test]
    fn transaction_ids_that_could_change_the_path_are_refused() {
        for id in [
            "c7f3b313-1111-1111-aaaa-12ca28f7e68e",
            "00000000-0000-4000-8000-0000000000b1",
            "txn_42",
            "v1.2",
        ] {
            assert!(validate_transaction_id(id).is_ok(), "{id}");
        }
        let too_long = "a".repeat(129);
        for id in [
            "",
            " ",
            ".",
            "..",
            "...",
            "a/b",
            "../x",
            "a\\b",
            " c7f3b313",
            "c7f3 b313",
            "c7f3b313\n",
            "%2e%2e",
            "a?b",
            "a#b",
            "ü",
            too_long.as_str(),
        ] {
            let error = validate_transaction_id(id).unwrap_err();
            assert_eq!(error.field(), Some("transactionId"), "{id:?}: {error}");
        }
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
