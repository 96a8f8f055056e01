#![doc = include_str!("../README.md")]
// leadkit-core's `Error` is 128 bytes; every fallible function here returns it.

mod answer;
mod client;
mod error;
mod fields;
mod fraud;
mod ids;
mod list;
mod performance;
mod score;
mod user;

pub use answer::{Acknowledgement, Answer, Notices, ResultFlag, Settled, UserData};
pub use client::{Environment, FriendlyScoreClient, FriendlyScoreClientBuilder};
pub use error::{Rejection, parse_error_body};
pub use fields::Fields;
pub use fraud::GmailList;
pub use ids::{IdType, UserId};
pub use list::{DEFAULT_MAX_RESULTS, ListUsers, MAX_MAX_RESULTS, UserPager, UsersPage};
pub use performance::{ApplicationStatus, Comments, LoanStatus, PerformanceData, UserStatus};
pub use score::{AccessTokens, CalculateScore, UserAgent};
pub use user::User;

pub use leadkit_core::{
    BodyExcerpt, CallOptions, Error, HttpClient, HttpClientBuilder, Jitter, PollPolicy, Result,
    RetryBudget, RetryPolicy, SecretString, StatusCode, VendorMessage,
};

/// The date and time types used by [`PerformanceData`].
pub use chrono;
/// The JSON values kept for fields the vendor does not document.
pub use serde_json;
