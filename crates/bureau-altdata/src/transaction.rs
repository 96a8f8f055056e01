//! The transaction envelope both calls answer with.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use leadkit_core::lenient::{self, Decoded, Extra, RawPart, null_as_default};
use leadkit_core::personal::{PersonalData, RawJson};
use serde::{Deserialize, Serialize};

use crate::services::{ServiceStatus, Services};
use crate::values::option_epoch_millis;

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
/// Only `transactionId` is essential: every other field is optional and read leniently
/// (numbers as `200` or `"200"`, booleans as `true` or `"true"`, blank text as `None`), and
/// each part Bureau may change is decoded on its own ([`Decoded`]): each service (see
/// [`Services`]), each `awaits` entry, each `transactionTimeline` step and the
/// `transactionRawInput`. A part that cannot be decoded is kept as sent with the reason,
/// reported to [`drift::watch`](leadkit_core::drift::watch), and the rest decodes;
/// [`Transaction::undecodable`] lists them. Fields Bureau adds are kept in
/// [`Transaction::extra`] (and in each part's own `extra`), so serialising a transaction gives
/// back every field received.
///
/// Personal data (the applicant's name, email, phone) is held in [`PersonalData`], whose
/// `Debug` never shows it, and parts kept raw show only their shape, so a `Transaction` can
/// be debug-printed safely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Transaction {
    /// The HTTP-like status Bureau reports in the body (`200`; `"200"` is read too).
    #[serde(default, with = "lenient::option_number")]
    pub status_code: Option<u16>,
    /// The error Bureau reports in the body (`""` reads as `None`).
    #[serde(default, with = "lenient::option_text")]
    pub error: Option<String>,
    /// The call's status (`AWAITING` while running, `OK` once done in the examples).
    #[serde(default, with = "lenient::option_open_enum")]
    pub status: Option<TransactionStatus>,
    /// When Bureau produced the answer (epoch milliseconds on the wire).
    #[serde(default, with = "option_epoch_millis")]
    pub timestamp: Option<DateTime<Utc>>,
    /// The transaction's id: pass it to `fetch` or `transaction`, or keep it to resume. The
    /// one field an answer cannot do without.
    pub transaction_id: String,
    /// Your merchant id at Bureau.
    #[serde(default, with = "lenient::option_text")]
    pub merchant_id: Option<String>,
    /// Bureau's id for the person checked.
    #[serde(default, with = "lenient::option_text")]
    pub entity_id: Option<String>,
    /// The kind of entity (`""` in the examples, read as `None`).
    #[serde(default, with = "lenient::option_text")]
    pub entity_type: Option<String>,
    /// The workflow that ran.
    #[serde(default, with = "lenient::option_text")]
    pub workflow_id: Option<String>,
    /// The applicant's name (personal data).
    #[serde(default)]
    pub entity_name: Option<PersonalData>,
    /// The workflow's name.
    #[serde(default, with = "lenient::option_text")]
    pub workflow_name: Option<String>,
    /// Tags set on the transaction, as sent.
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: BTreeMap<String, RawJson>,
    /// The combined outcome: `AWAITING` until every service is done.
    #[serde(default, with = "lenient::option_open_enum")]
    pub outcome: Option<TransactionStatus>,
    /// How the outcome changed over time, each step decoded on its own; see
    /// [`Transaction::timeline`].
    #[serde(default, deserialize_with = "null_as_default")]
    pub transaction_timeline: Vec<Decoded<TimelineEntry>>,
    /// Each service's status and signals, each decoded on its own.
    #[serde(default, deserialize_with = "null_as_default")]
    pub services: Services,
    /// The services the workflow is waiting on, by name, each decoded on its own.
    #[serde(default, deserialize_with = "null_as_default")]
    pub awaits: BTreeMap<String, Decoded<AwaitEntry>>,
    /// Why the outcome is what it is, as sent.
    #[serde(default, deserialize_with = "null_as_default")]
    pub outcome_reasons: Vec<RawJson>,
    /// The input Bureau received (personal data), decoded on its own; see
    /// [`Transaction::raw_input`].
    #[serde(default)]
    pub transaction_raw_input: Option<Decoded<RawInput>>,
    /// Documents attached to the transaction, as sent.
    #[serde(default, deserialize_with = "null_as_default")]
    pub documents: Vec<RawJson>,
    /// Devices attached to the transaction, as sent.
    #[serde(default, deserialize_with = "null_as_default")]
    pub devices: Vec<RawJson>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
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

    /// The timeline steps that decoded, in order.
    pub fn timeline(&self) -> impl Iterator<Item = &TimelineEntry> {
        lenient::typed(&self.transaction_timeline)
    }

    /// The `awaits` entries that decoded, by service name.
    pub fn awaited(&self) -> impl Iterator<Item = (&str, &AwaitEntry)> {
        self.awaits
            .iter()
            .filter_map(|(name, entry)| Some((name.as_str(), entry.typed()?)))
    }

    /// `transactionRawInput`, when it was sent and decoded.
    pub fn raw_input(&self) -> Option<&RawInput> {
        self.transaction_raw_input.as_ref()?.typed()
    }

    /// Every part of the answer kept raw because it could not be decoded, with where it was:
    /// `services.<name>`, `awaits.<name>`, `transactionTimeline[<index>]` or
    /// `transactionRawInput`. Empty when everything decoded.
    pub fn undecodable(&self) -> Vec<(String, &RawPart)> {
        let services = self
            .services
            .undecodable()
            .into_iter()
            .map(|(name, raw)| (format!("services.{name}"), raw));
        let awaits = self
            .awaits
            .iter()
            .filter_map(|(name, entry)| Some((format!("awaits.{name}"), entry.raw()?)));
        let timeline = self
            .transaction_timeline
            .iter()
            .enumerate()
            .filter_map(|(index, step)| {
                Some((format!("transactionTimeline[{index}]"), step.raw()?))
            });
        let input = self
            .transaction_raw_input
            .iter()
            .filter_map(|input| Some(("transactionRawInput".to_owned(), input.raw()?)));
        services
            .chain(awaits)
            .chain(timeline)
            .chain(input)
            .collect()
    }
}

/// One step of `transactionTimeline`. Fields Bureau adds are kept in
/// [`TimelineEntry::extra`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct TimelineEntry {
    /// The step's position, from 1.
    #[serde(with = "lenient::option_number")]
    pub index: Option<u32>,
    /// When the step happened (epoch milliseconds on the wire).
    #[serde(with = "option_epoch_millis")]
    pub updated_at: Option<DateTime<Utc>>,
    /// Who made the change (`""` reads as `None`).
    #[serde(with = "lenient::option_text")]
    pub updated_by: Option<String>,
    /// The outcome after the step.
    #[serde(with = "lenient::option_open_enum")]
    pub outcome: Option<TransactionStatus>,
    /// A comment on the step (`""` reads as `None`).
    #[serde(with = "lenient::option_text")]
    pub comments: Option<String>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `awaits`: a service the workflow waits on. Fields Bureau adds are kept in
/// [`AwaitEntry::extra`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AwaitEntry {
    /// The awaited service's status.
    #[serde(with = "lenient::option_open_enum")]
    pub status: Option<ServiceStatus>,
    /// Whether the workflow still waits on it, and any data it returned.
    pub response: Option<AwaitResponse>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The `response` of an [`AwaitEntry`]. Fields Bureau adds are kept in
/// [`AwaitResponse::extra`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct AwaitResponse {
    /// Whether the workflow is still waiting on this service.
    #[serde(with = "lenient::option_boolean")]
    pub awaited_on_this: Option<bool>,
    /// Data the service returned so far, as sent.
    #[serde(deserialize_with = "null_as_default")]
    pub data: Vec<RawJson>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `transactionRawInput`: the input as Bureau received it (personal data). Fields Bureau adds
/// are kept in [`RawInput::extra`] (whose `Debug` shows only their names).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct RawInput {
    /// The country code (`IND`).
    #[serde(with = "lenient::option_text")]
    pub country_code: Option<String>,
    /// Whether derived signals were asked for.
    #[serde(with = "lenient::option_boolean")]
    pub derived_signals: Option<bool>,
    /// Whether enhanced coverage was asked for.
    #[serde(with = "lenient::option_boolean")]
    pub enhanced_coverage: Option<bool>,
    /// The email (personal data).
    pub email: Option<PersonalData>,
    /// The name (personal data).
    pub name: Option<PersonalData>,
    /// The phone number (personal data).
    pub phone_number: Option<PersonalData>,
    /// Fields this version does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}
