//! The transport options every vendor client builder takes, and the setters that expose them.

use crate::auth::Auth;
use crate::client::ApiClient;
use crate::error::Result;
use crate::http::HttpClient;
use crate::retry::{RetryBudget, RetryPolicy};

/// A vendor client builder's transport options: the shared connection pool, the retry policy
/// and the retry budget. Vendor builders hold one and expose its setters with
/// [`transport_setters!`](crate::transport_setters).
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// The shared transport; a new [`HttpClient`] with default settings when unset.
    pub http: Option<HttpClient>,
    /// The retry policy for every call; [`RetryPolicy::default`] when unset.
    pub retry: Option<RetryPolicy>,
    /// The retry budget; a fresh [`RetryBudget`] per client when unset.
    pub budget: Option<RetryBudget>,
}

impl ClientOptions {
    /// The transport the client will use, created once if none was given (for builders that
    /// need it before [`ClientOptions::api_client`], to fetch tokens say).
    pub fn shared_http(&mut self) -> Result<HttpClient> {
        if let Some(http) = &self.http {
            return Ok(http.clone());
        }
        let http = HttpClient::new()?;
        self.http = Some(http.clone());
        Ok(http)
    }

    /// The vendor's [`ApiClient`] with these options and `auth`.
    pub fn api_client(mut self, vendor: &'static str, auth: Auth) -> Result<ApiClient> {
        let mut api = ApiClient::new(vendor, self.shared_http()?, auth);
        if let Some(policy) = self.retry {
            api = api.with_retry_policy(policy);
        }
        if let Some(budget) = self.budget {
            api = api.with_retry_budget(budget);
        }
        Ok(api)
    }
}

/// Adds `http_client`, `retry_policy` and `retry_budget` setters to a vendor client builder
/// whose [`ClientOptions`] field is named by the argument.
///
/// ```
/// use leadkit_core::ClientOptions;
///
/// /// Builds an example client.
/// #[derive(Default)]
/// pub struct ExampleBuilder {
///     options: ClientOptions,
/// }
///
/// impl ExampleBuilder {
///     leadkit_core::transport_setters!(options);
/// }
///
/// let builder = ExampleBuilder::default().retry_policy(leadkit_core::RetryPolicy::none());
/// assert_eq!(builder.options.retry.map(|p| p.attempts()), Some(1));
/// ```
#[macro_export]
macro_rules! transport_setters {
    ($field:ident) => {
        /// Shares a connection pool with other clients (a new one is created otherwise).
        pub fn http_client(mut self, http: $crate::HttpClient) -> Self {
            self.$field.http = Some(http);
            self
        }

        /// Replaces the default retry policy. Non-idempotent calls are still retried only
        /// where they cannot have reached the vendor, unless the policy widens that with
        /// [`RetryPolicy::retry_non_idempotent`]($crate::RetryPolicy::retry_non_idempotent).
        pub fn retry_policy(mut self, policy: $crate::RetryPolicy) -> Self {
            self.$field.retry = Some(policy);
            self
        }

        /// Uses `budget` for retries, to share one budget between clients.
        pub fn retry_budget(mut self, budget: $crate::RetryBudget) -> Self {
            self.$field.budget = Some(budget);
            self
        }
    };
}
