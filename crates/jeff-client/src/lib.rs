#![doc = include_str!("../README.md")]
// `leadkit_core::Error` is the shared error type of every call; its size is core's to change.

mod client;
mod contact;
mod error;
mod events;
mod fraud;
pub mod lead;
mod presence;
mod social;

pub use client::{
    AuthMode, DEFAULT_API_BASE_URL, DEFAULT_API_VERSION, DEFAULT_DATA_BASE_URL,
    DEFAULT_SOCIAL_PRESENCE_VERSION, JeffClient, JeffClientBuilder,
};
pub use contact::Contact;
pub use events::{
    EventMethod, EventReceipt, EventStage, EventType, LeadRef, MAX_EXTERNAL_ID_CHARS,
    MAX_LEAD_ID_CHARS, PartnerEvent, PriceGroup,
};
pub use fraud::{FraudData, FraudDataOutcome};
pub use lead::{Lead, LeadDataOutcome, NonLeadMatch};
pub use presence::{CredentialType, Platform, PlatformDetails, PlatformPresenceFact};
pub use social::{
    DEFAULT_MAX_WAIT_SECONDS, MAX_WAIT_SECONDS, SOCIAL_TIMEOUT_MARGIN, SocialPresence,
    SocialPresenceOutcome, SocialPresenceQuery,
};

pub use chrono::{NaiveDate, NaiveDateTime};
pub use leadkit_core::lenient::{Decoded, Extra, RawPart};
/// The reqwest this crate is built with, to build your own client for
/// [`HttpClientBuilder::reqwest_client`] (a proxy, your own root certificates, mTLS).
pub use leadkit_core::reqwest;
pub use leadkit_core::{
    BaseUrl, BodyExcerpt, CallOptions, Error, ExposeSecret, HttpClient, HttpClientBuilder,
    HttpSettings, Jitter, Result, RetryBudget, RetryPolicy, SecretString, StatusCode,
    VendorMessage,
};

/// The typed value of an optional part of an answer, when it decoded.
pub(crate) fn typed_part<T>(part: &Option<leadkit_core::lenient::Decoded<T>>) -> Option<&T> {
    part.as_ref()
        .and_then(leadkit_core::lenient::Decoded::typed)
}
