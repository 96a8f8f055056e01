//! One `SinglePreAudit` look-up: the lead, the buyer, and how to ask.

use std::fmt;

use leadkit_core::{Error, Result, validate};

use crate::data::LeadData;

/// The format of the answer, chosen with the `format` parameter (the vendor ignores `Accept`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ResponseFormat {
    /// `format=json` (the vendor's default).
    #[default]
    Json,
    /// `format=xml`.
    Xml,
}

impl ResponseFormat {
    /// The parameter value: `json` or `xml`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Xml => "xml",
        }
    }
}

/// How the parameters travel: in the query string (GET) or as a form body (POST).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET /SinglePreAudit?lac=…&id=…` (the vendor's example).
    #[default]
    Get,
    /// `POST /SinglePreAudit` with the same parameters as an
    /// `application/x-www-form-urlencoded` body, keeping the lead's data out of URLs that
    /// proxies may log.
    Post,
}

/// A LeadiD token shown masked: its first 8 characters, then `-****`.
///
/// The token is not personal data, but it spends a small look-up quota, so logs and `Debug`
/// never carry it whole.
#[derive(Clone, Copy)]
pub struct MaskedToken<'a>(pub &'a str);

impl fmt::Display for MaskedToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.get(..8) {
            Some(head) if self.0.len() > 12 => write!(f, "{head}-****"),
            _ => f.write_str("****"),
        }
    }
}

impl fmt::Debug for MaskedToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

/// One pre-audit: the LeadiD token (`id`), the buyer's entity code (`lec`), and optionally the
/// provider code (`lpc`), consumer data (`data`), answer format and HTTP method.
///
/// ```
/// use jornaya_preaudit::{HttpMethod, LeadData, PreAuditRequest, ResponseFormat};
/// let request = PreAuditRequest::new("0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D", "BUYER-ENTITY-CODE")
///     .provider_code("PROVIDER1")
///     .data(LeadData::new().email("joe@smith.com").first_name("joe"))
///     .format(ResponseFormat::Xml)
///     .method(HttpMethod::Post);
/// request.validate()?;
/// assert_eq!(request.token(), "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D");
/// // Debug masks the token and shows only the data's labels.
/// assert!(!format!("{request:?}").contains("4E5F-4A6B"));
/// assert!(!format!("{request:?}").contains("joe@smith.com"));
/// # Ok::<(), jornaya_preaudit::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PreAuditRequest {
    token: String,
    entity_code: String,
    provider_code: Option<String>,
    data: Option<LeadData>,
    format: ResponseFormat,
    method: HttpMethod,
}

impl PreAuditRequest {
    /// A pre-audit of the lead with LeadiD `token` (`id`) for the buyer with entity code
    /// `entity_code` (`lec`).
    pub fn new(token: impl Into<String>, entity_code: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            entity_code: entity_code.into(),
            provider_code: None,
            data: None,
            format: ResponseFormat::default(),
            method: HttpMethod::default(),
        }
    }

    /// `lpc`: the provider from whom you received this lead.
    pub fn provider_code(mut self, code: impl Into<String>) -> Self {
        self.provider_code = Some(code.into());
        self
    }

    /// `data`: consumer data for the Data Integrity check.
    pub fn data(mut self, data: impl Into<LeadData>) -> Self {
        self.data = Some(data.into());
        self
    }

    /// `format`: the answer's format (JSON unless set).
    pub fn format(mut self, format: ResponseFormat) -> Self {
        self.format = format;
        self
    }

    /// GET (default) or POST.
    pub fn method(mut self, method: HttpMethod) -> Self {
        self.method = method;
        self
    }

    /// The LeadiD token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The buyer's entity code.
    pub fn entity_code(&self) -> &str {
        &self.entity_code
    }

    /// The provider code, if set.
    pub fn provider(&self) -> Option<&str> {
        self.provider_code.as_deref()
    }

    /// The consumer data, if set.
    pub fn lead_data(&self) -> Option<&LeadData> {
        self.data.as_ref()
    }

    /// The answer format.
    pub fn response_format(&self) -> ResponseFormat {
        self.format
    }

    /// The HTTP method.
    pub fn http_method(&self) -> HttpMethod {
        self.method
    }

    /// Checks every parameter, as the client does before sending: `id` is a 36-character
    /// UUID-shaped token, `lec` and `lpc` are codes without whitespace, and `data` passes
    /// [`LeadData::validate`].
    pub fn validate(&self) -> Result<()> {
        validate::uuid("id", &self.token)?;
        check_code("lec", &self.entity_code)?;
        if let Some(code) = &self.provider_code {
            check_code("lpc", code)?;
        }
        if let Some(data) = &self.data {
            data.validate()?;
        }
        Ok(())
    }

    /// The parameters in the order sent (`lac` first), `data` encoded but not yet
    /// URL-encoded.
    pub(crate) fn params(&self, account_code: &str) -> Result<Vec<(&'static str, String)>> {
        self.validate()?;
        let mut params = vec![
            ("lac", account_code.to_owned()),
            ("id", self.token.clone()),
            ("lec", self.entity_code.clone()),
        ];
        if let Some(code) = &self.provider_code {
            params.push(("lpc", code.clone()));
        }
        if let Some(data) = self.data.as_ref().filter(|data| !data.is_empty()) {
            params.push(("data", data.encode()?));
        }
        params.push(("format", self.format.as_str().to_owned()));
        Ok(params)
    }
}

/// The longest account, entity or provider code accepted, in characters.
pub(crate) const MAX_CODE_CHARS: usize = 100;

/// An account, entity or provider code: non-empty, at most [`MAX_CODE_CHARS`] characters
/// (characters, not bytes: `é` counts once), printable, without whitespace.
pub(crate) fn check_code(field: &'static str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_input(field, "must not be empty"));
    }
    if value.chars().count() > MAX_CODE_CHARS {
        return Err(Error::invalid_input(
            field,
            "must be at most 100 characters",
        ));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid_input(
            field,
            "must not contain whitespace or control characters",
        ));
    }
    Ok(())
}

impl fmt::Debug for PreAuditRequest {
    /// The token masked, the data's labels only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreAuditRequest")
            .field("token", &MaskedToken(&self.token))
            .field("entity_code", &self.entity_code)
            .field("provider_code", &self.provider_code)
            .field("data", &self.data)
            .field("format", &self.format)
            .field("method", &self.method)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D";

    #[test]
    fn params_in_documented_order() {
        let request = PreAuditRequest::new(TOKEN, "ENTITY")
            .provider_code("PROV")
            .data(LeadData::new().email("joe@smith.com").first_name("joe"));
        let params = request.params("ACCOUNT").unwrap();
        let names: Vec<&str> = params.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, ["lac", "id", "lec", "lpc", "data", "format"]);
        assert_eq!(params[4].1, "email;joe@smith.com|f_name;joe");
        assert_eq!(params[5].1, "json");
        let minimal = PreAuditRequest::new(TOKEN, "ENTITY")
            .data(LeadData::new())
            .format(ResponseFormat::Xml);
        let names: Vec<(&str, String)> = minimal.params("ACCOUNT").unwrap();
        assert_eq!(names.len(), 4);
        assert_eq!(names[3], ("format", "xml".to_owned()));
    }

    #[test]
    fn token_must_be_uuid_shaped() {
        for bad in [
            "",
            "not-a-token",
            &TOKEN[1..],
            "0A1B2C3D4E5F4A6B8C7D9E0F1A2B3C4DXXXX",
        ] {
            let error = PreAuditRequest::new(bad, "ENTITY").validate().unwrap_err();
            assert_eq!(error.field(), Some("id"), "{bad}");
        }
        assert!(
            PreAuditRequest::new(TOKEN.to_lowercase(), "E")
                .validate()
                .is_ok()
        );
        let error = PreAuditRequest::new(TOKEN, "has space")
            .validate()
            .unwrap_err();
        assert_eq!(error.field(), Some("lec"));
        let error = PreAuditRequest::new(TOKEN, "E")
            .provider_code("")
            .validate()
            .unwrap_err();
        assert_eq!(error.field(), Some("lpc"));
    }

    #[test]
    fn code_lengths_count_characters_not_bytes() {
        // 60 `é` are 60 characters but 120 bytes.
        let accented = "é".repeat(60);
        assert!(PreAuditRequest::new(TOKEN, &accented).validate().is_ok());
        let at_limit = "é".repeat(MAX_CODE_CHARS);
        assert!(
            PreAuditRequest::new(TOKEN, "E")
                .provider_code(&at_limit)
                .validate()
                .is_ok()
        );
        assert!(check_code("lac", &at_limit).is_ok());
        let over = "é".repeat(MAX_CODE_CHARS + 1);
        let error = PreAuditRequest::new(TOKEN, &over).validate().unwrap_err();
        assert_eq!(error.field(), Some("lec"));
        assert_eq!(check_code("lac", &over).unwrap_err().field(), Some("lac"));
        assert!(check_code("lac", &"a".repeat(MAX_CODE_CHARS + 1)).is_err());
    }

    #[test]
    fn masked_token() {
        assert_eq!(MaskedToken(TOKEN).to_string(), "0A1B2C3D-****");
        assert_eq!(MaskedToken("short").to_string(), "****");
        let debug = format!("{:?}", PreAuditRequest::new(TOKEN, "E"));
        assert!(!debug.contains(TOKEN) && debug.contains("0A1B2C3D-****"));
    }
}
