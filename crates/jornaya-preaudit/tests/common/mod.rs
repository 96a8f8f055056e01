//! What the client tests share: the test account, request values and a client on a loopback
//! server. Each test binary uses part of it.
#![allow(dead_code)]

use jornaya_preaudit::PreAuditClient;
use leadkit_core::testing::test_http_client;

pub const ACCOUNT: &str = "TEST-ACCOUNT-CODE";
pub const TOKEN: &str = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D";
pub const ENTITY: &str = "TEST-ENTITY-CODE";
pub const EMAIL: &str = "jane.placeholder@example.com";
pub const PHONE: &str = "5555550123";
pub const FIRST: &str = "Janeplaceholder";

/// A client for the test account against `base`, with the test transport.
pub fn client(base: &str) -> PreAuditClient {
    PreAuditClient::builder(ACCOUNT)
        .base_url(base)
        .unwrap()
        .http_client(test_http_client())
        .build()
        .unwrap()
}
