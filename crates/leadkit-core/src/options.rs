//! The transport options every vendor client builder takes, the options one call can take,
//! and the setters that expose them.

use std::time::Duration;

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

/// The calling crate's product token, `name/version` (`jeff-client/0.1.0`), for
/// [`ApiClient::with_product`].
///
/// ```
/// assert_eq!(leadkit_core::product!(), concat!("leadkit-core/", env!("CARGO_PKG_VERSION")));
/// ```
#[macro_export]
macro_rules! product {
    () => {
        concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"))
    };
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

/// Options for one call: a timeout for each attempt, an overall deadline and a retry policy,
/// each replacing the client's (and the request's own) for that call alone.
///
/// Every vendor client has `with_options(CallOptions)`, which returns a cheap copy of the
/// client (sharing its pool, credentials, token cache and retry budget) whose calls use these
/// options:
///
/// ```
/// use std::time::Duration;
/// use leadkit_core::{CallOptions, RetryPolicy};
///
/// let options = CallOptions::new()
///     .timeout(Duration::from_secs(5))
///     .deadline(Duration::from_secs(8))
///     .retry_policy(RetryPolicy::none());
/// assert_eq!(options.deadline_after(), Some(Duration::from_secs(8)));
/// // let lead = jeff.with_options(options).lead_data(&contact).await?;
/// ```
///
/// For calls that poll (Bureau `run`, FriendlyScore `wait_for_score`), the deadline bounds the
/// whole wait as well as each request.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// The timeout of each attempt (sending and reading the whole answer).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The overall deadline of the call, from its start: token, attempts, backoff and
    /// `Retry-After` sleeps included. When it passes the call ends with
    /// [`Error::Deadline`](crate::Error::Deadline) (or, polling,
    /// [`Error::PollTimeout`](crate::Error::PollTimeout)).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The retry policy of the call.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The attempt timeout set, if any.
    pub fn timeout_after(&self) -> Option<Duration> {
        self.timeout
    }

    /// The deadline set, if any.
    pub fn deadline_after(&self) -> Option<Duration> {
        self.deadline
    }

    /// The retry policy set, if any.
    pub fn retry(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref()
    }
}

/// Adds `with_options(CallOptions) -> Self` to a vendor client that is `Clone` and keeps its
/// [`ApiClient`] in the field named by the argument (a path such as `api` or `inner.api`
/// where `inner` is an `Arc` of a `Clone` type).
#[macro_export]
macro_rules! call_options_setter {
    ($($field:ident).+) => {
        /// A copy of this client whose calls use `options` (attempt timeout, overall deadline,
        /// retry policy) instead of the client's: for one call, write
        /// `client.with_options(options).the_call(..)`. Cheap: the copy shares the connection
        /// pool, credentials, token cache and retry budget.
        pub fn with_options(&self, options: $crate::CallOptions) -> Self {
            let mut client = self.clone();
            $crate::__call_options_apply!(client, options, $($field).+);
            client
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __call_options_apply {
    ($client:ident, $options:ident, $field:ident) => {
        $client.$field = $client.$field.with_call_options($options);
    };
    ($client:ident, $options:ident, $arc:ident . $field:ident) => {
        let inner = ::std::sync::Arc::make_mut(&mut $client.$arc);
        inner.$field = inner.$field.with_call_options($options);
    };
}

/// Builder setters for optional fields: for each `name: Type`, a `pub fn name(self, value:
/// impl Into<Type>) -> Self` that stores `Some(value.into())` in the field of that name.
///
/// ```
/// /// A request.
/// #[derive(Default)]
/// pub struct Query {
///     os: Option<String>,
/// }
///
/// impl Query {
///     leadkit_core::option_setters! {
///         /// The operating system.
///         os: String,
///     }
/// }
/// assert_eq!(Query::default().os("Android").os.as_deref(), Some("Android"));
/// ```
#[macro_export]
macro_rules! option_setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty),+ $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, value: impl Into<$ty>) -> Self {
                self.$name = Some(value.into());
                self
            }
        )+
    };
}
