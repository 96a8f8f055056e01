//! Clients of the four vendors pointed at a mock server, built with the real vendor crates.

#![allow(dead_code)]

use std::time::Duration;

use bureau_altdata::BureauClient;
use friendlyscore_client::FriendlyScoreClient;
use jeff_client::{HttpClient, JeffClient, RetryPolicy, SecretString};
use jornaya_preaudit::PreAuditClient;
use leadkit_mock::MockServer;

pub fn http() -> HttpClient {
    HttpClient::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// Retries quickly, so that fault tests stay fast.
pub fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
}

pub fn jeff(server: &MockServer) -> JeffClient {
    let credentials = server.credentials();
    JeffClient::builder(
        credentials.jeff_username.clone(),
        SecretString::from(credentials.jeff_password.clone()),
    )
    .api_base_url(server.jeff_api_url())
    .unwrap()
    .data_base_url(server.jeff_data_url())
    .unwrap()
    .http_client(http())
    .retry_policy(quick_retries())
    .build()
    .unwrap()
}

pub fn jornaya(server: &MockServer) -> PreAuditClient {
    PreAuditClient::builder(server.credentials().jornaya_account_code.clone())
        .base_url(server.jornaya_url())
        .unwrap()
        .http_client(http())
        .retry_policy(quick_retries())
        .build()
        .unwrap()
}

pub fn friendlyscore(server: &MockServer) -> FriendlyScoreClient {
    let credentials = server.credentials();
    FriendlyScoreClient::builder(
        credentials.friendlyscore_client_id.clone(),
        SecretString::from(credentials.friendlyscore_client_secret.clone()),
    )
    .base_url(server.friendlyscore_url())
    .unwrap()
    .http_client(http())
    .retry_policy(quick_retries())
    .build()
    .unwrap()
}

pub fn bureau(server: &MockServer) -> BureauClient {
    let credentials = server.credentials();
    BureauClient::builder(
        credentials.bureau_credential_id.clone(),
        SecretString::from(credentials.bureau_credential_secret.clone()),
    )
    .base_url(server.bureau_url())
    .unwrap()
    .http_client(http())
    .retry_policy(quick_retries())
    .build()
    .unwrap()
}
