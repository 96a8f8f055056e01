//! Shared mechanics of the leadkit vendor clients: transport, auth, errors, retry, polling,
//! redaction and lenient serde helpers. Nothing here knows a vendor.
//!
//! Vendor crates re-export what their users touch, so an application depends on one vendor
//! crate only. A call flows through [`ApiClient::send`]: build the request → attach auth →
//! send → read the body under the cap → retry per [`RetryPolicy`] → decode → one [`Error`].
//!
//! ```no_run
//! use leadkit_core::{ApiClient, ApiRequest, Auth, BaseUrl, HttpClient, Idempotency, Method, SecretString};
//!
//! # async fn demo() -> leadkit_core::Result<()> {
//! let http = HttpClient::new()?; // one pool, shared by every vendor client
//! let auth = Auth::basic("partner", SecretString::from("s3cret"))?;
//! let api = ApiClient::new("example", http, auth);
//! let base = BaseUrl::parse("https://api.example.com")?;
//! let request = ApiRequest::new("lookup", Method::GET, base.join(&["v1", "lookup"]), Idempotency::Idempotent)
//!     .query("email", "someone@example.com");
//! let answer: serde_json::Value = api.send_json(&request).await?;
//! # Ok(()) }
//! ```

mod auth;
mod client;
pub mod drift;
mod error;
mod http;
mod http_date;
pub mod lenient;
mod oauth;
mod options;
pub mod personal;
mod poll;
pub mod redact;
mod request;
mod retry;
mod sent;
#[cfg(feature = "test-support")]
pub mod testing;
mod tls;
pub mod validate;

pub use auth::{Auth, BasicAuth, BearerToken, QueryCredentials};
pub use client::{ApiClient, ErrorParser, default_error_parser, parse_retry_after};
pub use error::{BODY_EXCERPT_LIMIT, BodyExcerpt, Error, ResourceId, Result, VendorMessage};
pub use http::{
    AnswerObserver, DEFAULT_MAX_BODY_BYTES, HttpClient, HttpClientBuilder, HttpSettings,
    ObservedAnswer, USER_AGENT,
};
pub use oauth::{AccessToken, ClientCredentials, TokenRequestFormat, TokenSource};
pub use options::{CallOptions, ClientOptions};
pub use poll::{PollPolicy, PollStatus};
pub use request::{ApiRequest, ApiResponse, BaseUrl, RequestBody, decode_json, without_bom};
pub use retry::{DEFAULT_DEADLINE_MARGIN, Idempotency, Jitter, RetryBudget, RetryPolicy};
pub use sent::SentValues;

/// The reqwest this crate is built with, for [`HttpClientBuilder::reqwest_client`].
pub use reqwest;
pub use reqwest::{Method, StatusCode};
pub use secrecy::{ExposeSecret, SecretString};
pub use url::Url;

#[doc(hidden)]
pub mod __private {
    pub use serde;
}
