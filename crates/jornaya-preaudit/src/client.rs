//! The client: account, credentials, transport, and the `SinglePreAudit` call.

use std::fmt;

use chrono::{DateTime, Utc};
use leadkit_core::{
    ApiClient, ApiRequest, ApiResponse, Auth, BaseUrl, ClientOptions, Idempotency, Method, Result,
    SecretString,
};

use crate::evidence::Evidence;
use crate::request::{HttpMethod, MaskedToken, PreAuditRequest, check_code};
use crate::response::PreAudit;
use crate::{OPERATION, VENDOR};

/// The vendor's production host.
pub const DEFAULT_BASE_URL: &str = "https://api.leadid.com";

/// A Jornaya Pre-Audit client for one account (`lac`). Cheap to clone.
///
/// ```no_run
/// use jornaya_preaudit::{LeadData, PreAuditClient, PreAuditRequest, ReasonCode};
///
/// # async fn demo() -> jornaya_preaudit::Result<()> {
/// let client = PreAuditClient::builder("YOUR-ACCOUNT-CODE").build()?;
/// let request = PreAuditRequest::new("0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D", "BUYER-ENTITY-CODE")
///     .data(LeadData::new().email("joe@smith.com").first_name("joe"));
/// let answer = client.single_pre_audit(&request).await?;
/// if answer.is_flagged(&ReasonCode::IpVelocity5Minutes) {
///     println!("{}", answer.explain());
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct PreAuditClient {
    api: ApiClient,
    base: BaseUrl,
    account_code: String,
}

impl PreAuditClient {
    /// Starts a client for the account with code `account_code` (`lac`).
    pub fn builder(account_code: impl Into<String>) -> PreAuditClientBuilder {
        PreAuditClientBuilder {
            account_code: account_code.into(),
            bearer_token: None,
            base_url: None,
            options: ClientOptions::default(),
        }
    }

    leadkit_core::call_options_setter!(api);

    /// The account code (`lac`).
    pub fn account_code(&self) -> &str {
        &self.account_code
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    /// Runs one pre-audit (`SinglePreAudit`).
    ///
    /// Every parameter is checked before anything is sent ([`Error::InvalidInput`](crate::Error::InvalidInput) names
    /// the field). Each call spends one look-up of the LeadiD token's small quota, so the
    /// request is non-idempotent: it is retried only when it cannot have reached the vendor
    /// (a refused connection) or the vendor answered 429; never after a timeout or a 5xx.
    ///
    /// Decide with [`PreAudit::verdict`]. Errors keep the vendor's message, with every value
    /// of the request masked: [`Error::Auth`](crate::Error::Auth) for a 401,
    /// [`Error::Status`](crate::Error::Status) for other error statuses and for a 2xx answer
    /// that is an error document (`{"error": …}`).
    pub async fn single_pre_audit(&self, request: &PreAuditRequest) -> Result<PreAudit> {
        self.exchange(request).await.map(|exchange| exchange.answer)
    }

    /// Runs one pre-audit as [`PreAuditClient::single_pre_audit`] does, and keeps it as
    /// [`Evidence`]: the answer, the time it was received and the vendor's body with the
    /// request's values masked.
    ///
    /// ```no_run
    /// use jornaya_preaudit::{PreAuditClient, PreAuditRequest, Verdict};
    ///
    /// # async fn demo() -> jornaya_preaudit::Result<()> {
    /// let client = PreAuditClient::builder("YOUR-ACCOUNT-CODE").build()?;
    /// let request = PreAuditRequest::new("0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D", "BUYER-ENTITY-CODE");
    /// let evidence = client.single_pre_audit_with_evidence(&request).await?;
    /// let stored = serde_json::to_string(&evidence).expect("evidence serialises");
    /// // … keep `stored` with the lead, then act on the verdict it records.
    /// if evidence.verdict() == Verdict::Accept {
    ///     println!("sell it (checked at {})", evidence.checked_at);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn single_pre_audit_with_evidence(
        &self,
        request: &PreAuditRequest,
    ) -> Result<Evidence> {
        let exchange = self.exchange(request).await?;
        Ok(Evidence::new(
            exchange.answer,
            exchange.checked_at,
            exchange.response.masked_body(),
        ))
    }

    async fn exchange(&self, request: &PreAuditRequest) -> Result<Exchange> {
        let params = request.params(&self.account_code)?;
        let url = self.base.join(&["SinglePreAudit"]);
        let api_request = match request.http_method() {
            HttpMethod::Get => params.into_iter().fold(
                ApiRequest::new(OPERATION, Method::GET, url, Idempotency::Billed),
                |api_request, (name, value)| api_request.query(name, value),
            ),
            HttpMethod::Post => ApiRequest::new(OPERATION, Method::POST, url, Idempotency::Billed)
                .form(params.iter().map(|(name, value)| (*name, value.as_str()))),
        };
        // What Jornaya may echo, masked by leadkit-core in every message, excerpt and body
        // kept: the LeadiD token, the entity and provider codes and every lead value, short
        // numbers (a ZIP code) included.
        let mut api_request = api_request
            .sensitive(request.token())
            .sensitive_exact(request.entity_code());
        for value in request.provider().into_iter().chain(
            request
                .lead_data()
                .into_iter()
                .flat_map(|data| data.values()),
        ) {
            api_request = api_request.sensitive_exact(value);
        }
        tracing::debug!(
            vendor = VENDOR,
            token = %MaskedToken(request.token()),
            entity = request.entity_code(),
            format = request.response_format().as_str(),
            method = ?request.http_method(),
            data_labels = request.lead_data().map_or(0, |data| data.labels().count()),
            "pre-audit"
        );
        let response = self.api.send(&api_request).await?;
        let checked_at = DateTime::<Utc>::from(std::time::SystemTime::now());
        let answer = crate::decode::decode(&crate::decode::Source::Live(&response), None)
            .map_err(|error| response.sent_values().mask_error(error))?;
        tracing::debug!(
            vendor = VENDOR,
            result = answer.result.colour(),
            verdict = answer.verdict().as_str(),
            reasons = answer.reasons.len(),
            "pre-audit answered"
        );
        Ok(Exchange {
            answer,
            response,
            checked_at,
        })
    }
}

/// One answered pre-audit, before the caller sees it.
struct Exchange {
    answer: PreAudit,
    response: ApiResponse,
    checked_at: DateTime<Utc>,
}

impl fmt::Debug for PreAuditClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreAuditClient")
            .field("base_url", &self.base)
            .field("account_code", &self.account_code)
            .field("api", &self.api)
            .finish()
    }
}

/// Builds a [`PreAuditClient`].
///
/// ```
/// use std::time::Duration;
/// use jornaya_preaudit::{HttpClient, PreAuditClient, RetryPolicy, SecretString};
///
/// let client = PreAuditClient::builder("YOUR-ACCOUNT-CODE")
///     .bearer_token(SecretString::from("api-auth-token"))
///     .base_url("https://api.leadid.com")?
///     .http_client(HttpClient::builder().timeout(Duration::from_secs(10)).build()?)
///     .retry_policy(RetryPolicy::none())
///     .build()?;
/// assert_eq!(client.account_code(), "YOUR-ACCOUNT-CODE");
/// # Ok::<(), jornaya_preaudit::Error>(())
/// ```
pub struct PreAuditClientBuilder {
    account_code: String,
    bearer_token: Option<SecretString>,
    base_url: Option<BaseUrl>,
    options: ClientOptions,
}

impl PreAuditClientBuilder {
    /// The token sent as `Authorization: Bearer …`, for accounts with API Authentication
    /// turned on.
    pub fn bearer_token(mut self, token: impl Into<SecretString>) -> Self {
        self.bearer_token = Some(token.into());
        self
    }

    /// Overrides the base URL (default [`DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, url: impl AsRef<str>) -> Result<Self> {
        self.base_url = Some(BaseUrl::parse(url.as_ref())?);
        Ok(self)
    }

    // Pre-audits are non-idempotent: even a wider policy retries them only on refused
    // connections and 429, unless it also sets `RetryPolicy::retry_non_idempotent`.
    leadkit_core::transport_setters!(options);

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<PreAuditClient> {
        check_code("lac", &self.account_code)?;
        let auth = match self.bearer_token {
            Some(token) => Auth::bearer(token)?,
            None => Auth::None,
        };
        let base = match self.base_url {
            Some(base) => base,
            None => BaseUrl::parse(DEFAULT_BASE_URL)?,
        };
        let api = self
            .options
            .api_client(VENDOR, auth)?
            .with_product(leadkit_core::product!())
            .with_error_parser(crate::error_body::parse_error_body);
        Ok(PreAuditClient {
            api,
            base,
            account_code: self.account_code,
        })
    }
}

impl fmt::Debug for PreAuditClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreAuditClientBuilder")
            .field("account_code", &self.account_code)
            .field(
                "bearer_token",
                &self.bearer_token.as_ref().map(|_| "[REDACTED]"),
            )
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}
