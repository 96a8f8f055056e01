#![doc = include_str!("../README.md")]
// leadkit-core's `Error` is 128 bytes; every fallible function here returns it.

mod answer;
mod client;
mod error;
mod fields;
mod fraud;
mod ids;
mod items;
mod list;
mod performance;
mod score;
mod user;

pub use answer::{Acknowledgement, Answer, Notices, ResultFlag, Settled, UserData};
pub use client::{Environment, FriendlyScoreClient, FriendlyScoreClientBuilder};
pub use error::{Rejection, parse_error_body};
pub use fraud::GmailList;
pub use ids::{IdType, UserId};
pub use items::{DataPoint, FraudAlert, HeatMapPoint, IpAddress};
pub use list::{
    DEFAULT_MAX_PAGES, DEFAULT_MAX_RESULTS, ListUsers, MAX_MAX_RESULTS, PageStream, UserPager,
    UserStream, UsersPage,
};
pub use performance::{ApplicationStatus, Comments, LoanStatus, PerformanceData, UserStatus};
pub use score::{
    AccessTokens, CalculateScore, FACEBOOK_SCOPES, GOOGLE_SCOPES, UserAgent, UserAgentFormat,
};
pub use user::User;

/// Notices of unknown fields, unknown values and undecodable parts (leadkit-core's).
pub use leadkit_core::drift;
/// Parts of answers decoded on their own, and fields kept as sent (leadkit-core's).
pub use leadkit_core::lenient::{Decoded, Extra, RawPart};
/// JSON kept as sent, whose `Debug` shows its shape only (leadkit-core's).
pub use leadkit_core::personal::RawJson;
/// The reqwest this crate is built with, to build your own client for
/// [`HttpClientBuilder::reqwest_client`] (a proxy, your own root certificates, mTLS).
pub use leadkit_core::reqwest;
pub use leadkit_core::{
    BodyExcerpt, CallOptions, Error, HttpClient, HttpClientBuilder, Jitter, PollPolicy, Result,
    RetryBudget, RetryPolicy, SecretString, StatusCode, VendorMessage,
};

/// The date and time types used by [`PerformanceData`] and [`FraudAlert`].
pub use chrono;
/// The `Stream` trait implemented by [`PageStream`] and [`UserStream`] (use it with any
/// `StreamExt`).
pub use futures_core;
/// The JSON values kept for fields the vendor does not document.
pub use serde_json;
