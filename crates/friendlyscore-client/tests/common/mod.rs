//! Shared test helpers: a client pointed at a mock server and the token endpoint mocked.

#![allow(dead_code)]

use friendlyscore_client::{FriendlyScoreClient, RetryPolicy, SecretString};
use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{fixture, httpmock::Mock, test_http_client};
use serde_json::json;

pub const CLIENT_ID: &str = "test-client-id";
pub const CLIENT_SECRET: &str = "test-client-secret-PLACEHOLDER";
/// The token in `fixtures/friendlyscore/token_success.json`.
pub const TOKEN: &str = "TEST-ACCESS-TOKEN-PLACEHOLDER-0001";
pub const BEARER: &str = "Bearer TEST-ACCESS-TOKEN-PLACEHOLDER-0001";

pub fn fx(name: &str) -> String {
    fixture("friendlyscore", name)
}

pub fn fx_json(name: &str) -> serde_json::Value {
    serde_json::from_str(&fx(name)).expect("fixture is JSON")
}

/// A client for `base` that never retries (so call counts are exact).
pub fn client_for(base: &str) -> FriendlyScoreClient {
    FriendlyScoreClient::builder(CLIENT_ID, SecretString::from(CLIENT_SECRET))
        .base_url(base)
        .expect("base url")
        .http_client(test_http_client())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client")
}

pub fn client(server: &MockServer) -> FriendlyScoreClient {
    client_for(&server.base_url())
}

/// The token endpoint, answering `fixtures/friendlyscore/token_success.json` to exactly the
/// documented JSON body.
pub async fn token_mock(server: &MockServer) -> Mock<'_> {
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth/v2/token")
                .header("content-type", "application/json")
                .json_body(json!({
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "grant_type": "client_credentials"
                }));
            then.status(200)
                .header("content-type", "application/json")
                .body(fx("token_success.json"));
        })
        .await
}
