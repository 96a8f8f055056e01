//! The client and its builder: credentials, the two Jeff hosts, API versions and transport.

use std::fmt;
use std::sync::Arc;

use leadkit_core::{
    ApiClient, ApiRequest, ApiResponse, Auth, BaseUrl, ClientOptions, HttpClient, Idempotency,
    Method, QueryCredentials, Result, SecretString, Url, validate,
};

use crate::error::jeff_error_parser;
use crate::events::EventMethod;

/// The vendor name used in logs and errors.
pub(crate) const VENDOR: &str = "jeff";

/// Default base URL of Partner Events, the Lead Data API and the Fraud Data API.
pub const DEFAULT_API_BASE_URL: &str = "https://api.jeff-app.com/partners-api";

/// Default base URL of the Social Presence API (a different host).
pub const DEFAULT_DATA_BASE_URL: &str = "https://data.jeff-app.com/partner-api";

/// Default version of the Lead Data and Fraud Data APIs.
pub const DEFAULT_API_VERSION: &str = "1.3";

/// Default version of the Social Presence API.
pub const DEFAULT_SOCIAL_PRESENCE_VERSION: &str = "1.0";

/// How the partner credentials travel with each request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AuthMode {
    /// `Authorization: Basic …` (Jeff's recommended mode).
    #[default]
    Basic,
    /// `username` and `password` query parameters on every request: Jeff's documented fallback
    /// for callers that cannot send the header. The URL then carries the password; leadkit
    /// never logs URLs nor puts them in errors.
    QueryParameters,
}

/// A client of the Jeff Data API. Cheap to clone; clones share the connection pool and the
/// retry budget.
///
/// ```
/// use jeff_client::{JeffClient, SecretString};
///
/// let client = JeffClient::builder("partner", SecretString::from("partner-password"))
///     .api_version("1.3")?
///     .build()?;
/// assert_eq!(client.api_version(), "1.3");
/// # Ok::<(), jeff_client::Error>(())
/// ```
#[derive(Clone)]
pub struct JeffClient {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    api: ApiClient,
    api_base: BaseUrl,
    data_base: BaseUrl,
    api_version: String,
    social_version: String,
    event_method: EventMethod,
}

impl JeffClient {
    /// Starts a builder from the partner's user name and password.
    pub fn builder(username: impl Into<String>, password: SecretString) -> JeffClientBuilder {
        JeffClientBuilder {
            username: username.into(),
            password,
            auth_mode: AuthMode::default(),
            api_base: None,
            data_base: None,
            api_version: DEFAULT_API_VERSION.to_owned(),
            social_version: DEFAULT_SOCIAL_PRESENCE_VERSION.to_owned(),
            event_method: EventMethod::default(),
            options: ClientOptions::default(),
        }
    }

    leadkit_core::call_options_setter!(inner.api);

    /// The version of the Lead Data and Fraud Data APIs in use.
    pub fn api_version(&self) -> &str {
        &self.inner.api_version
    }

    /// The version of the Social Presence API in use.
    pub fn social_presence_version(&self) -> &str {
        &self.inner.social_version
    }

    /// The base URL of events, lead data and fraud data.
    pub fn api_base_url(&self) -> &BaseUrl {
        &self.inner.api_base
    }

    /// The base URL of social presence.
    pub fn data_base_url(&self) -> &BaseUrl {
        &self.inner.data_base
    }

    /// The method events are sent with unless an event says otherwise.
    pub fn event_method(&self) -> EventMethod {
        self.inner.event_method
    }

    /// The shared transport.
    pub fn http_client(&self) -> &HttpClient {
        self.inner.api.http()
    }

    pub(crate) fn api_url(&self, segments: &[&str]) -> Url {
        self.inner.api_base.join(segments)
    }

    pub(crate) fn data_url(&self, segments: &[&str]) -> Url {
        self.inner.data_base.join(segments)
    }

    /// A GET on the versioned data API (`/{version}/{endpoint}`): Lead Data or Fraud Data.
    ///
    /// Lead Data look-ups count in Jeff's request statistics, which every lender sees (a
    /// resent look-up shows up there twice); Fraud Data look-ups are treated the same. They are therefore [`Idempotency::Billed`]: resent only when the
    /// request never left (connect failure); a failure after it may have reached Jeff comes
    /// back as `Error::OutcomeUnknown`.
    pub(crate) fn versioned_get(&self, operation: &'static str, endpoint: &str) -> ApiRequest {
        ApiRequest::new(
            operation,
            Method::GET,
            self.api_url(&[&self.inner.api_version, endpoint]),
            Idempotency::Billed,
        )
    }

    pub(crate) async fn send(&self, request: &ApiRequest) -> Result<ApiResponse> {
        self.inner.api.send(request).await
    }
}

impl fmt::Debug for JeffClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JeffClient")
            .field("api", &self.inner.api)
            .field("api_base", &self.inner.api_base)
            .field("data_base", &self.inner.data_base)
            .field("api_version", &self.inner.api_version)
            .field("social_version", &self.inner.social_version)
            .field("event_method", &self.inner.event_method)
            .finish()
    }
}

/// Builds a [`JeffClient`]; see [`JeffClient::builder`].
pub struct JeffClientBuilder {
    username: String,
    password: SecretString,
    auth_mode: AuthMode,
    api_base: Option<BaseUrl>,
    data_base: Option<BaseUrl>,
    api_version: String,
    social_version: String,
    event_method: EventMethod,
    options: ClientOptions,
}

impl JeffClientBuilder {
    /// How credentials are sent (default: HTTP Basic).
    pub fn auth_mode(mut self, mode: AuthMode) -> Self {
        self.auth_mode = mode;
        self
    }

    /// Sends the credentials as `username`/`password` query parameters instead of HTTP Basic.
    pub fn query_credentials(self) -> Self {
        self.auth_mode(AuthMode::QueryParameters)
    }

    /// Overrides the base URL of events, lead data and fraud data
    /// (default [`DEFAULT_API_BASE_URL`]).
    pub fn api_base_url(mut self, url: impl AsRef<str>) -> Result<Self> {
        self.api_base = Some(BaseUrl::parse(url.as_ref())?);
        Ok(self)
    }

    /// Overrides the base URL of social presence (default [`DEFAULT_DATA_BASE_URL`]).
    pub fn data_base_url(mut self, url: impl AsRef<str>) -> Result<Self> {
        self.data_base = Some(BaseUrl::parse(url.as_ref())?);
        Ok(self)
    }

    /// The Lead Data and Fraud Data API version, such as `1.3` (the default).
    pub fn api_version(mut self, version: impl Into<String>) -> Result<Self> {
        self.api_version = checked_version("api_version", version.into())?;
        Ok(self)
    }

    /// The Social Presence API version (default `1.0`).
    pub fn social_presence_version(mut self, version: impl Into<String>) -> Result<Self> {
        self.social_version = checked_version("social_presence_version", version.into())?;
        Ok(self)
    }

    /// The method events are sent with by default (GET unless set).
    pub fn event_method(mut self, method: EventMethod) -> Self {
        self.event_method = method;
        self
    }

    leadkit_core::transport_setters!(options);

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<JeffClient> {
        validate::non_empty("username", &self.username)?;
        let auth = match self.auth_mode {
            AuthMode::Basic => Auth::basic(self.username, self.password)?,
            AuthMode::QueryParameters => Auth::Query(
                QueryCredentials::new()
                    .param("username", SecretString::from(self.username))
                    .param("password", self.password),
            ),
        };
        let api = self
            .options
            .api_client(VENDOR, auth)?
            .with_product(leadkit_core::product!())
            .with_error_parser(jeff_error_parser);
        let api_base = match self.api_base {
            Some(base) => base,
            None => BaseUrl::parse(DEFAULT_API_BASE_URL)?,
        };
        let data_base = match self.data_base {
            Some(base) => base,
            None => BaseUrl::parse(DEFAULT_DATA_BASE_URL)?,
        };
        Ok(JeffClient {
            inner: Arc::new(Inner {
                api,
                api_base,
                data_base,
                api_version: self.api_version,
                social_version: self.social_version,
                event_method: self.event_method,
            }),
        })
    }
}

impl fmt::Debug for JeffClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JeffClientBuilder")
            .field("username", &self.username)
            .field("password", &"[REDACTED]")
            .field("auth_mode", &self.auth_mode)
            .field("api_version", &self.api_version)
            .finish_non_exhaustive()
    }
}

/// A version is a dotted number such as `1.3`: it becomes a path segment.
fn checked_version(field: &'static str, version: String) -> Result<String> {
    let well_formed = !version.is_empty()
        && version
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        return Err(leadkit_core::Error::invalid_input(
            field,
            "must be a dotted version number such as 1.3",
        ));
    }
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_dotted_numbers() {
        assert!(checked_version("v", "1.3".into()).is_ok());
        assert!(checked_version("v", "2".into()).is_ok());
        for bad in ["", "1.", "v1.3", "1.3/../x", "1..3"] {
            assert_eq!(
                checked_version("api_version", bad.into())
                    .unwrap_err()
                    .field(),
                Some("api_version"),
                "{bad}"
            );
        }
    }

    #[test]
    fn builder_debug_hides_the_password() {
        let builder = JeffClient::builder("partner", SecretString::from("pw-do-not-print"));
        assert!(!format!("{builder:?}").contains("pw-do-not-print"));
        let client = builder.query_credentials().build().unwrap();
        assert!(!format!("{client:?}").contains("pw-do-not-print"));
        assert_eq!(
            client.api_base_url().as_url().as_str(),
            DEFAULT_API_BASE_URL
        );
        assert_eq!(
            client.data_base_url().as_url().as_str(),
            DEFAULT_DATA_BASE_URL
        );
        assert_eq!(client.social_presence_version(), "1.0");
    }

    #[test]
    fn empty_user_name_is_rejected() {
        let error = JeffClient::builder(" ", SecretString::from("x"))
            .build()
            .unwrap_err();
        assert_eq!(error.field(), Some("username"));
    }
}
