#![doc = include_str!("../README.md")]
// leadkit-core's `Error` is 128 bytes; shrinking it (boxing its large variants) belongs to the core.

mod client;
mod data;
mod decode;
mod error_body;
mod evidence;
mod flag;
mod reason;
mod request;
mod response;
mod xml;

pub use client::{DEFAULT_BASE_URL, PreAuditClient, PreAuditClientBuilder};
pub use data::LeadData;
pub use evidence::Evidence;
pub use flag::Flag;
pub use reason::{ReasonCode, ReasonGroup, ReasonInfo, reason_table_markdown};
pub use request::{HttpMethod, MaskedToken, PreAuditRequest, ResponseFormat};
pub use response::{EntityStatus, FlagLabels, PreAudit, Reason, Reasons, Verdict};

/// The reqwest this crate is built with, to build your own client for
/// [`HttpClientBuilder::reqwest_client`] (a proxy, your own root certificates, mTLS).
pub use leadkit_core::reqwest;
pub use leadkit_core::{
    BodyExcerpt, CallOptions, Error, HttpClient, HttpClientBuilder, Jitter, Result, RetryPolicy,
    SecretString, StatusCode, VendorMessage,
};

/// The date-time crate of [`Evidence::checked_at`], re-exported so callers name the same
/// version.
pub use chrono;

/// The vendor name used in logs and errors.
pub const VENDOR: &str = "jornaya";

/// The operation name used in logs and errors.
pub const OPERATION: &str = "SinglePreAudit";
