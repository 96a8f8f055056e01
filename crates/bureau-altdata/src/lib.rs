#![doc = include_str!("../README.md")]

mod client;
mod error;
mod poll;
mod request;
mod services;
mod transaction;
mod values;

pub use client::{BureauClient, BureauClientBuilder, Environment, LIVE_URL, SANDBOX_URL, VENDOR};
pub use error::{ErrorBody, ErrorDetails, ErrorMeta};
pub use poll::{Progress, default_poll_policy};
pub use request::{COUNTRY_CODES, TransactionRequest};
pub use services::BillingType;
pub use services::{
    AccountPresence, EmailAttributes, EmailNameAttributes, EmailSocialReport, Level,
    MobileNetworkIntelligence, PhoneNameAttributes, PhoneSocialReport, RiskModel, ServiceEntry,
    ServiceName, ServiceResult, ServiceStatus, Services, SocialSubmit,
};
pub use transaction::{
    AwaitEntry, AwaitResponse, RawInput, TimelineEntry, Transaction, TransactionStatus,
};
pub use values::{Signal, SignalNumber};

pub use leadkit_core::lenient::{Decoded, Extra, RawPart};
pub use leadkit_core::personal::{PersonalData, RawJson};

/// The reqwest this crate is built with, to build your own client for
/// [`HttpClientBuilder::reqwest_client`] (a proxy, your own root certificates, mTLS).
pub use leadkit_core::reqwest;
pub use leadkit_core::{
    BodyExcerpt, CallOptions, Error, HttpClient, HttpClientBuilder, Jitter, PollPolicy, Result,
    RetryBudget, RetryPolicy, SecretString, StatusCode, VendorMessage,
};
