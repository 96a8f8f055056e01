//! Shared helpers of the integration tests.
#![allow(dead_code)]

use std::time::Duration;

use jeff_client::{JeffClient, Jitter, RetryPolicy, SecretString};
use leadkit_core::testing::httpmock::MockServer;
use leadkit_core::testing::{fixture, test_http_client};

pub const USERNAME: &str = "partner-user";
pub const PASSWORD: &str = "s3cret-Partner-pass";
/// `Basic base64("partner-user:s3cret-Partner-pass")`.
pub const BASIC: &str = "Basic cGFydG5lci11c2VyOnMzY3JldC1QYXJ0bmVyLXBhc3M=";

pub const EMAIL: &str = "dave.black@example.com";
pub const PHONE: &str = "84999999999";

/// A client whose two hosts are `/partners-api` and `/partner-api` on the mock server.
pub fn client(server: &MockServer) -> JeffClient {
    builder(server).build().unwrap()
}

/// A client in query-credential mode.
pub fn query_client(server: &MockServer) -> JeffClient {
    builder(server).query_credentials().build().unwrap()
}

pub fn builder(server: &MockServer) -> jeff_client::JeffClientBuilder {
    JeffClient::builder(USERNAME, SecretString::from(PASSWORD))
        .http_client(test_http_client())
        .retry_policy(fast_retries())
        .api_base_url(server.url("/partners-api"))
        .unwrap()
        .data_base_url(server.url("/partner-api"))
        .unwrap()
}

/// The default policy with millisecond backoff and no jitter, so retry tests stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
        .jitter(Jitter::none())
}

pub fn jeff_fixture(name: &str) -> String {
    fixture("jeff", name)
}
