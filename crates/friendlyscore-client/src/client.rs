//! The client, its builder, and the request plumbing every endpoint shares.

use std::fmt;
use std::time::{Duration, SystemTime};

use leadkit_core::{
    ApiClient, ApiRequest, ApiResponse, BaseUrl, BodyExcerpt, ClientCredentials, ClientOptions,
    Error, Idempotency, Method, Result, SecretString, StatusCode, TokenRequestFormat, TokenSource,
    VendorMessage, parse_retry_after,
};
use leadkit_core::{ExposeSecret, validate};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::answer::{Acknowledgement, Answer, ResultFlag};
use crate::ids::UserId;

/// The vendor name used in logs and errors.
pub(crate) const VENDOR: &str = "friendlyscore";

/// Where the API lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Environment {
    /// `https://friendlyscore.com/` (the default).
    #[default]
    Production,
    /// `https://sandbox.friendlyscore.com/`.
    Sandbox,
}

impl Environment {
    /// The base URL of the environment.
    pub fn base_url(self) -> &'static str {
        match self {
            Self::Production => "https://friendlyscore.com/",
            Self::Sandbox => "https://sandbox.friendlyscore.com/",
        }
    }
}

/// A FriendlyScore API v2 client. Cheap to clone; clones share the connection pool and the
/// cached access token.
///
/// The OAuth2 token (`oauth/v2/token`, client-credentials grant) is fetched on the first call,
/// cached, refreshed before `expires_in` runs out (by one caller while the others wait), and
/// fetched afresh once if the vendor answers 401.
#[derive(Clone)]
pub struct FriendlyScoreClient {
    pub(crate) api: ApiClient,
    pub(crate) base: BaseUrl,
}

impl fmt::Debug for FriendlyScoreClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FriendlyScoreClient")
            .field("base_url", &self.base)
            .field("api", &self.api)
            .finish()
    }
}

/// Builds a [`FriendlyScoreClient`].
///
/// ```
/// use std::time::Duration;
/// use friendlyscore_client::{Environment, FriendlyScoreClient, RetryPolicy, SecretString};
///
/// let client = FriendlyScoreClient::builder("client-id", SecretString::from("client-secret"))
///     .environment(Environment::Sandbox)
///     .retry_policy(RetryPolicy::default().max_attempts(2))
///     .token_refresh_margin(Duration::from_secs(120))
///     .build()?;
/// # Ok::<(), friendlyscore_client::Error>(())
/// ```
pub struct FriendlyScoreClientBuilder {
    client_id: String,
    client_secret: SecretString,
    base_url: Option<BaseUrl>,
    environment: Environment,
    options: ClientOptions,
    refresh_margin: Option<Duration>,
    refusal_memory: Option<Duration>,
}

impl fmt::Debug for FriendlyScoreClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FriendlyScoreClientBuilder")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .field("base_url", &self.base_url)
            .field("environment", &self.environment)
            .finish_non_exhaustive()
    }
}

impl FriendlyScoreClientBuilder {
    /// Uses one of the vendor's environments (production unless set).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Uses another base URL (a proxy, a mock server); it overrides [`Self::environment`].
    /// The token endpoint is `<base>/oauth/v2/token`, the API `<base>/api/v2/…`.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Result<Self> {
        self.base_url = Some(BaseUrl::parse(url.as_ref())?);
        Ok(self)
    }

    leadkit_core::transport_setters!(options);

    /// Refreshes the access token this long before it expires (default 60 s, at most half
    /// the token's lifetime).
    pub fn token_refresh_margin(mut self, margin: impl Into<Duration>) -> Self {
        self.refresh_margin = Some(margin.into());
        self
    }

    /// How long a refusal of the client credentials by the token endpoint (`invalid_client`)
    /// is remembered: in that window calls fail at once without asking again (default 30 s;
    /// zero asks every time).
    pub fn token_refusal_memory(mut self, memory: impl Into<Duration>) -> Self {
        self.refusal_memory = Some(memory.into());
        self
    }

    /// Checks the settings and builds the client. No request is sent until the first call.
    pub fn build(mut self) -> Result<FriendlyScoreClient> {
        validate::non_empty("client_id", &self.client_id)?;
        validate::non_empty("client_secret", self.client_secret.expose_secret())?;
        let base = match self.base_url {
            Some(base) => base,
            None => BaseUrl::parse(self.environment.base_url())?,
        };
        let http = self.options.shared_http()?;
        let credentials = ClientCredentials {
            token_url: base.join(&["oauth", "v2", "token"]),
            client_id: self.client_id,
            client_secret: self.client_secret,
            format: TokenRequestFormat::Json,
        };
        let mut tokens =
            TokenSource::new(VENDOR, http, credentials).with_product(leadkit_core::product!());
        if let Some(margin) = self.refresh_margin {
            tokens = tokens.with_refresh_margin(margin);
        }
        if let Some(memory) = self.refusal_memory {
            tokens = tokens.with_refusal_memory(memory);
        }
        let api = self
            .options
            .api_client(VENDOR, tokens.into_auth())?
            .with_product(leadkit_core::product!())
            .with_error_parser(crate::error::parse_error_body);
        Ok(FriendlyScoreClient { api, base })
    }
}

impl FriendlyScoreClient {
    /// A builder from the OAuth2 application's client id and client secret.
    pub fn builder(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> FriendlyScoreClientBuilder {
        FriendlyScoreClientBuilder {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            base_url: None,
            environment: Environment::default(),
            options: ClientOptions::default(),
            refresh_margin: None,
            refusal_memory: None,
        }
    }

    leadkit_core::call_options_setter!(api);

    /// The base URL in use.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    /// `<base>/api/v2/users/{id-type}/{id}/<rest>`.
    pub(crate) fn user_request(
        &self,
        operation: &'static str,
        method: Method,
        user: &UserId,
        rest: &[&str],
        idempotency: Idempotency,
    ) -> Result<ApiRequest> {
        self.request(operation, method, "users", user, rest, idempotency)
    }

    /// `<base>/api/v2/<group>/{id-type}/{id}/<rest>`.
    pub(crate) fn request(
        &self,
        operation: &'static str,
        method: Method,
        group: &str,
        user: &UserId,
        rest: &[&str],
        idempotency: Idempotency,
    ) -> Result<ApiRequest> {
        user.validate()?;
        let mut segments = vec!["api", "v2", group, user.id_type().as_str(), user.value()];
        segments.extend_from_slice(rest);
        // A partner id may be an email or a name: masked wherever the vendor echoes it.
        Ok(
            ApiRequest::new(operation, method, self.base.join(&segments), idempotency)
                .sensitive(user.value()),
        )
    }

    /// A read: 200 → data, 202 → scheduled, 204 (or an empty 200) → no data; a 200 that is
    /// an error document (`{"message": …}` alone) → the vendor's error.
    pub(crate) async fn read<T: DeserializeOwned>(
        &self,
        request: &ApiRequest,
    ) -> Result<Answer<T>> {
        let response = self.api.send(request).await?;
        match response.status() {
            StatusCode::ACCEPTED => Ok(Answer::Scheduled {
                retry_after: parse_retry_after(response.headers(), SystemTime::now()),
            }),
            StatusCode::NO_CONTENT => Ok(Answer::NoData),
            status if status.is_success() && response.is_empty() => Ok(Answer::NoData),
            status if status.is_success() => match response.error_document() {
                Some(error) => Err(error),
                None => response.json().map(Answer::Ready),
            },
            _ => Err(unexpected(
                request.operation(),
                &response,
                "unexpected status for a read",
            )),
        }
    }

    /// A write with a JSON body (`{}` when the call has no parameters besides the path).
    pub(crate) async fn write<B: Serialize + ?Sized>(
        &self,
        request: ApiRequest,
        body: &B,
    ) -> Result<Acknowledgement> {
        let request = request.json(body)?;
        let response = self.api.send(&request).await?;
        let status = response.status();
        if !status.is_success() {
            return Err(unexpected(
                request.operation(),
                &response,
                "unexpected status for a write",
            ));
        }
        let ack = if response.is_empty() {
            Acknowledgement::empty(status)
        } else {
            Acknowledgement::from_value(status, response.json()?)
        };
        if ack.result == Some(ResultFlag::Error) {
            let mut message = VendorMessage::default().with_code("error");
            if let Some(text) = &ack.message {
                message = message.with_message(text);
            }
            // Built here, past the core's masking: the request's values are masked too.
            return Err(response.sent_values().mask_error(Error::Status {
                vendor: VENDOR,
                operation: request.operation(),
                status,
                message: Some(message),
                body: BodyExcerpt::new(response.body()),
                retry_after: None,
            }));
        }
        Ok(ack)
    }
}

/// An answer below 400 that the endpoint does not define (a redirect, say).
pub(crate) fn unexpected(
    operation: &'static str,
    response: &ApiResponse,
    reason: &'static str,
) -> Error {
    Error::Status {
        vendor: VENDOR,
        operation,
        status: response.status(),
        message: Some(VendorMessage::new(reason)),
        body: BodyExcerpt::new(response.body()),
        retry_after: None,
    }
}
