//! The transaction envelope both calls answer with.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use leadkit_core::lenient::null_as_default;
use serde::{Deserialize, Serialize};

use crate::services::{ServiceStatus, Services};
use crate::values::{PersonalData, RawJson};
use crate::wire::{empty_as_none, option_enum};

leadkit_core::open_enum! {
    /// A transaction's `status` or `outcome` (and each timeline entry's `outcome`).
    ///
    /// The docs name `AWAITING` and `COMPLETED` for `outcome`; the examples show `AWAITING`
    /// and `ACCEPTED`, with `OK` in `status`. Only `AWAITING` means "still running": every
    /// other value, known or not, is final.
    pub enum TransactionStatus {
        /// Still running: poll again.
        Awaiting = "AWAITING",
        /// Done; the result is ready (the examples' final `outcome`).
        Accepted = "ACCEPTED",
        /// Done (the docs' final `outcome`).
        Completed = "COMPLETED",
        /// The call succeeded (the examples' final `status`).
        Ok = "OK",
    }
}

/// A Bureau transaction, as `initiate` and `fetch` return it.
///
/// Personal data (the applicant's name, email, phone) is held in [`PersonalData`], whose
/// `Debug` never shows it, so a `Transaction` can be debug-printed safely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Transaction {
    /// The HTTP-like status Bureau reports in the body (`200`).
    #[serde(default)]
    pub status_code: Option<u16>,
    /// The error Bureau reports in the body (`""` reads as `None`).
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub error: Option<String>,
    /// The call's status (`AWAITING` while running, `OK` once done in the examples).
    #[serde(default, with = "option_enum")]
    pub status: Option<TransactionStatus>,
    /// When Bureau produced the answer (epoch milliseconds on the wire).
    #[serde(default, with = "chrono::serde::ts_milliseconds_option")]
    pub timestamp: Option<DateTime<Utc>>,
    /// The transaction's id: pass it to `fetch` or `transaction`, or keep it to resume.
    pub transaction_id: String,
    /// Your merchant id at Bureau.
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub merchant_id: Option<String>,
    /// Bureau's id for the person checked.
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub entity_id: Option<String>,
    /// The kind of entity (`""` in the examples, read as `None`).
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub entity_type: Option<String>,
    /// The workflow that ran.
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub workflow_id: Option<String>,
    /// The applicant's name (personal data).
    #[serde(default)]
    pub entity_name: Option<PersonalData>,
    /// The workflow's name.
    #[serde(default, deserialize_with = "empty_as_none::deserialize")]
    pub workflow_name: Option<String>,
    /// Tags set on the transaction, as sent.
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: BTreeMap<String, RawJson>,
    /// The combined outcome: `AWAITING` until every service is done.
    #[serde(default, with = "option_enum")]
    pub outcome: Option<TransactionStatus>,
    /// How the outcome changed over time.
    #[serde(default, deserialize_with = "null_as_default")]
    pub transaction_timeline: Vec<TimelineEntry>,
    /// Each service's status and signals.
    #[serde(default, deserialize_with = "null_as_default")]
    pub services: Services,
    /// The services the workflow is waiting on, by name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub awaits: BTreeMap<String, AwaitEntry>,
    /// Why the outcome is what it is, as sent.
    #[serde(default, deserialize_with = "null_as_default")]
    pub outcome_reasons: Vec<RawJson>,
    /// The input Bureau received (personal data).
    #[serde(default)]
    pub transaction_raw_input: Option<RawInput>,
    /// Documents attached to the transaction, as sent.
    #[serde(default, deserialize_with = "null_as_default")]
    pub documents: Vec<RawJson>,
    /// Devices attached to the transaction, as sent.
    #[serde(default, deserialize_with = "null_as_default")]
    pub devices: Vec<RawJson>,
}

impl Transaction {
    /// Whether Bureau is still working: `AWAITING` in `status` or in `outcome`.
    pub fn is_awaiting(&self) -> bool {
        [&self.status, &self.outcome]
            .into_iter()
            .any(|value| value.as_ref() == Some(&TransactionStatus::Awaiting))
    }

    /// Whether the transaction is final (neither `status` nor `outcome` is `AWAITING`).
    pub fn is_done(&self) -> bool {
        !self.is_awaiting()
    }
}

/// One step of `transactionTimeline`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct TimelineEntry {
    /// The step's position, from 1.
    pub index: Option<u32>,
    /// When the step happened (epoch milliseconds on the wire).
    #[serde(with = "chrono::serde::ts_milliseconds_option")]
    pub updated_at: Option<DateTime<Utc>>,
    /// Who made the change (`""` reads as `None`).
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub updated_by: Option<String>,
    /// The outcome after the step.
    #[serde(with = "option_enum")]
    pub outcome: Option<TransactionStatus>,
    /// A comment on the step (`""` reads as `None`).
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub comments: Option<String>,
}

/// One entry of `awaits`: a service the workflow waits on.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AwaitEntry {
    /// The awaited service's status.
    pub status: Option<ServiceStatus>,
    /// Whether the workflow still waits on it, and any data it returned.
    pub response: Option<AwaitResponse>,
}

/// The `response` of an [`AwaitEntry`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct AwaitResponse {
    /// Whether the workflow is still waiting on this service.
    pub awaited_on_this: Option<bool>,
    /// Data the service returned so far, as sent.
    #[serde(deserialize_with = "null_as_default")]
    pub data: Vec<RawJson>,
}

/// `transactionRawInput`: the input as Bureau received it (personal data).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct RawInput {
    /// The country code (`IND`).
    #[serde(deserialize_with = "empty_as_none::deserialize")]
    pub country_code: Option<String>,
    /// Whether derived signals were asked for.
    pub derived_signals: Option<bool>,
    /// Whether enhanced coverage was asked for.
    pub enhanced_coverage: Option<bool>,
    /// The email (personal data).
    pub email: Option<PersonalData>,
    /// The name (personal data).
    pub name: Option<PersonalData>,
    /// The phone number (personal data).
    pub phone_number: Option<PersonalData>,
}
