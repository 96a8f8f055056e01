//! One [`Screener`] per vendor, each behind its cargo feature: what a row needs for that
//! vendor, the call, and what the answer means.

#[cfg(feature = "bureau")]
mod bureau;
#[cfg(feature = "friendlyscore")]
mod friendlyscore;
#[cfg(feature = "jeff")]
mod jeff;
#[cfg(feature = "jornaya")]
mod jornaya;

#[cfg(feature = "bureau")]
pub use bureau::BureauScreener;
#[cfg(feature = "friendlyscore")]
pub use friendlyscore::FriendlyScoreScreener;
#[cfg(feature = "jeff")]
pub use jeff::JeffScreener;
#[cfg(feature = "jornaya")]
pub use jornaya::JornayaScreener;

use std::future::Future;
use std::pin::Pin;

use leadkit_core::Error;
use serde_json::Value;

use crate::input::Lead;
use crate::verdict::Finding;

/// A boxed future, for [`Screener::screen`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A vendor's answer for one row: its JSON (as the vendor crate serialises it) and what it
/// means.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Answer {
    /// The typed answer, serialised.
    #[serde(rename = "answer")]
    pub json: Value,
    /// What it means for the verdict.
    pub finding: Finding,
}

/// Called when a long operation gets its id at the vendor (a Bureau transaction): the journal
/// records it before polling starts, so a crash after it resumes by id instead of paying again.
pub type OnStarted<'a> = &'a (dyn Fn(&str) + Send + Sync);

/// Screens rows with one vendor.
pub trait Screener: Send + Sync {
    /// The vendor's name: `jeff`, `jornaya`, `friendlyscore`, `bureau`.
    fn vendor(&self) -> &'static str;

    /// Checks that the row holds what this vendor needs, before anything is sent. The reason
    /// names the column, never the value.
    fn check(&self, lead: &Lead) -> Result<(), String>;

    /// Calls the vendor for `lead`. `resume` is the id of an operation started by an earlier
    /// run (a Bureau transaction): it is polled instead of started again.
    fn screen<'a>(
        &'a self,
        lead: &'a Lead,
        resume: Option<&'a str>,
        on_started: OnStarted<'a>,
    ) -> BoxFuture<'a, Result<Answer, Error>>;
}

/// `value` serialised, `null` if it cannot be.
#[cfg(any(feature = "jeff", feature = "jornaya", feature = "bureau"))]
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
