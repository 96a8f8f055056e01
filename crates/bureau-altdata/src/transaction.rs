//! The transaction envelope both calls answer with.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use leadkit_core::VendorMessage;
use leadkit_core::lenient::{self, Decoded, Extra, RawPart, null_as_default};
use leadkit_core::personal::{PersonalData, RawJson};
use serde::{Deserialize, Serialize};

use crate::services::{Level, RiskModel, ServiceStatus, Services};
use crate::values::option_epoch_millis;

leadkit_core::open_enum! {
    /// A transaction's `status` or `outcome` (and each timeline entry's `outcome`).
    ///
    /// The docs name `AWAITING` and `COMPLETED` for `outcome`; the examples show `AWAITING`
    /// and `ACCEPTED`, with `OK` in `status`. Only `AWAITING` means "still running": every
    /// other value, known or not, is final. `FAILED` is final and a failure: the client
    /// returns it as an error (see [`Transaction::reports_failure`]).
    pub enum TransactionStatus {
        /// Still running: poll again.
        Awaiting = "AWAITING",
        /// Done; the result is ready (the examples' final `outcome`).
        Accepted = "ACCEPTED",
        /// Done (the docs' final `outcome`).
        Completed = "COMPLETED",
        /// The call succeeded (the examples' final `status`).
        Ok = "OK",
        /// The transaction failed at Bureau: the client returns an error carrying its id.
        Failed = "FAILED",
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
    /// Whether Bureau is still working, so that the transaction should be polled again:
    /// `AWAITING` in `status` or in `outcome`, or neither `status` nor `outcome` in the answer
    /// (blank counts as missing): an answer that says nothing about where the transaction
    /// stands is not taken as final.
    pub fn is_awaiting(&self) -> bool {
        if self.status.is_none() && self.outcome.is_none() {
            return true;
        }
        [&self.status, &self.outcome]
            .into_iter()
            .any(|value| value.as_ref() == Some(&TransactionStatus::Awaiting))
    }

    /// Whether the transaction is final: `status` or `outcome` is present and neither is
    /// `AWAITING`. A final transaction may still [report a failure](Self::reports_failure).
    pub fn is_done(&self) -> bool {
        !self.is_awaiting()
    }

    /// Whether the answer reports a failure although it came with HTTP 200: a `statusCode` of
    /// 400 or more, a non-blank `error`, or `FAILED` in `status` or `outcome`.
    ///
    /// The client's calls ([`initiate`](crate::BureauClient::initiate),
    /// [`fetch`](crate::BureauClient::fetch), [`transaction`](crate::BureauClient::transaction)
    /// and the pollers) never return such an answer: they return an
    /// [`Error::Status`](crate::Error::Status) whose vendor message carries the transaction id
    /// as its reference id (and, when polling, an [`Error::Polling`](crate::Error::Polling)
    /// carrying it as the resource id).
    ///
    /// ```
    /// use bureau_altdata::Transaction;
    /// let failed: Transaction = serde_json::from_str(
    ///     r#"{"transactionId": "txn-1", "statusCode": 500, "error": "workflow failed", "status": "FAILED"}"#,
    /// ).unwrap();
    /// assert!(failed.reports_failure());
    /// let ok: Transaction = serde_json::from_str(
    ///     r#"{"transactionId": "txn-1", "statusCode": 200, "error": "", "status": "OK"}"#,
    /// ).unwrap();
    /// assert!(!ok.reports_failure());
    /// ```
    pub fn reports_failure(&self) -> bool {
        self.status_code.is_some_and(|code| code >= 400)
            || self
                .error
                .as_deref()
                .is_some_and(|error| !error.trim().is_empty())
            || [&self.status, &self.outcome]
                .into_iter()
                .any(|value| value.as_ref() == Some(&TransactionStatus::Failed))
    }

    /// What a failed answer said, as a vendor message: the code is the failing `status` or
    /// `outcome` (`FAILED`), else the `statusCode`; the text is `error` with emails, phone
    /// numbers and the applicant's own name masked; the reference id is the transaction id.
    /// `None` unless [`Transaction::reports_failure`].
    pub(crate) fn failure_message(&self) -> Option<VendorMessage> {
        if !self.reports_failure() {
            return None;
        }
        let failed = [&self.status, &self.outcome]
            .into_iter()
            .flatten()
            .find(|value| **value == TransactionStatus::Failed);
        let code = match (failed, self.status_code.filter(|code| *code >= 400)) {
            (Some(status), _) => Some(status.as_str().to_owned()),
            (None, Some(code)) => Some(code.to_string()),
            (None, None) => None,
        };
        let text = match self.error.as_deref().map(str::trim) {
            // Emails and phone numbers are masked by the vendor message.
            Some(error) if !error.is_empty() => hide_names(error, self.applicant_names()),
            _ => match self.status_code {
                Some(code) => format!("the answer reports statusCode {code}"),
                None => "the answer reports a failure".to_owned(),
            },
        };
        let mut message = VendorMessage::new(text).with_reference_id(&self.transaction_id);
        if let Some(code) = code {
            message = message.with_code(code);
        }
        Some(message)
    }

    /// The applicant's names as this answer carries them (`entityName`, the raw input's
    /// `name`), to keep them out of error messages.
    fn applicant_names(&self) -> impl Iterator<Item = &str> {
        let input = self.raw_input().and_then(|input| input.name.as_ref());
        self.entity_name
            .iter()
            .chain(input)
            .map(PersonalData::as_str)
    }

    /// `Risk Model`'s response, when the answer lists it and it decoded: the alternate risk
    /// score and the derived signals. Each other service's response is one call away too:
    /// `transaction.services.phone_name_attributes()` and its siblings.
    pub fn risk_model(&self) -> Option<&RiskModel> {
        self.services.risk_model()
    }

    /// The alternate risk score (`Risk Model`'s `alternateRiskScore`), when Bureau returned a
    /// usable one: `None` while the risk model has not run, or when the score is missing or
    /// `-1` ("unknown"; read [`RiskModel::alternate_risk_score`] for the raw value).
    ///
    /// ```
    /// use bureau_altdata::{Level, Transaction};
    /// let transaction: Transaction = serde_json::from_str(r#"{
    ///     "transactionId": "txn-1",
    ///     "outcome": "ACCEPTED",
    ///     "services": {"Risk Model": {"status": "OK", "response": {
    ///         "alternateRiskScore": 57.5, "telecomRisk": "Low"
    ///     }}}
    /// }"#).unwrap();
    /// assert_eq!(transaction.alternate_risk_score(), Some(57.5));
    /// assert_eq!(transaction.telecom_risk(), Some(&Level::Low));
    /// assert_eq!(transaction.identity_confidence(), None);
    /// ```
    pub fn alternate_risk_score(&self) -> Option<f64> {
        self.risk_model()?.alternate_risk_score.value()
    }

    /// Telecom risk (`Risk Model`'s `telecomRisk`), when returned.
    pub fn telecom_risk(&self) -> Option<&Level> {
        self.risk_model()?.telecom_risk.as_ref()
    }

    /// Digital footprint (`Risk Model`'s `digitalFootprint`), when returned.
    pub fn digital_footprint(&self) -> Option<&Level> {
        self.risk_model()?.digital_footprint.as_ref()
    }

    /// Identity confidence (`Risk Model`'s `identityConfidence`), when returned.
    pub fn identity_confidence(&self) -> Option<&Level> {
        self.risk_model()?.identity_confidence.as_ref()
    }

    /// Address risk (`Risk Model`'s `addressRisk`), when returned.
    pub fn address_risk(&self) -> Option<&Level> {
        self.risk_model()?.address_risk.as_ref()
    }

    /// The findings that raise the risk (`Risk Model`'s `negativeInsights`); empty when not
    /// returned.
    pub fn negative_insights(&self) -> &[String] {
        self.risk_model()
            .map_or(&[], |risk| risk.negative_insights.as_slice())
    }

    /// The findings that lower the risk (`Risk Model`'s `positiveInsights`); empty when not
    /// returned.
    pub fn positive_insights(&self) -> &[String] {
        self.risk_model()
            .map_or(&[], |risk| risk.positive_insights.as_slice())
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

/// `text` with every word of the applicant's names (`names`, words of two letters or more)
/// replaced by `[name]`, ignoring case: Bureau's free text may quote the name it checked.
/// Emails (any whitespace-separated token with an `@`) are left whole for
/// [`redact_text`](leadkit_core::redact::redact_text) to mask.
fn hide_names<'a>(text: &str, names: impl Iterator<Item = &'a str>) -> String {
    let words: Vec<String> = names
        .flat_map(|name| name.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| word.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if words.contains(&word.to_lowercase()) {
            out.push_str("[name]");
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for token in text.split_inclusive(char::is_whitespace) {
        if token.contains('@') {
            out.push_str(token);
            continue;
        }
        for c in token.chars() {
            if c.is_alphanumeric() {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(json: serde_json::Value) -> Transaction {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn names_are_hidden_word_by_word() {
        let names = ["Asha Verma", "ASHA  verma-Rao"].into_iter();
        assert_eq!(
            hide_names(
                "no match for asha VERMA (Rao); Ashanti kept, asha.verma@example.com whole",
                names
            ),
            "no match for [name] [name] ([name]); Ashanti kept, asha.verma@example.com whole"
        );
        assert_eq!(
            hide_names("nothing to hide", std::iter::empty()),
            "nothing to hide"
        );
    }

    #[test]
    fn a_failure_message_keeps_bureau_words_but_not_the_applicant() {
        let failed = answer(serde_json::json!({
            "transactionId": "txn-1",
            "statusCode": 500,
            "error": "workflow failed for Asha Verma, asha.verma@example.com, 919812345678",
            "status": "FAILED",
            "entityName": "Asha Verma",
        }));
        let message = failed.failure_message().unwrap();
        assert_eq!(message.code(), Some("FAILED"));
        assert_eq!(message.reference_id(), Some("txn-1"));
        let text = message.message().unwrap();
        assert!(
            text.starts_with("workflow failed for [name] [name], "),
            "{text}"
        );
        for secret in ["Asha", "Verma", "asha.verma", "9812345678"] {
            assert!(!text.contains(secret), "{text}");
        }

        let coded = answer(serde_json::json!({"transactionId": "t", "statusCode": "503"}));
        let message = coded.failure_message().unwrap();
        assert_eq!(message.code(), Some("503"));
        assert_eq!(message.message(), Some("the answer reports statusCode 503"));

        for fine in [
            serde_json::json!({"transactionId": "t", "statusCode": 200, "error": "", "status": "OK"}),
            serde_json::json!({"transactionId": "t", "statusCode": 399, "error": "  "}),
            serde_json::json!({"transactionId": "t", "error": null, "outcome": "REJECTED"}),
        ] {
            assert!(answer(fine.clone()).failure_message().is_none(), "{fine}");
        }
        let outcome = answer(serde_json::json!({"transactionId": "t", "outcome": "FAILED"}));
        assert_eq!(outcome.failure_message().unwrap().code(), Some("FAILED"));
    }

    #[test]
    fn an_answer_without_status_or_outcome_is_not_final() {
        let silent = answer(serde_json::json!({"transactionId": "t", "statusCode": 200}));
        assert!(silent.is_awaiting());
        assert!(!silent.is_done());
        let blank = answer(serde_json::json!({"transactionId": "t", "status": "", "outcome": " "}));
        assert!(blank.is_awaiting());
        let status_only = answer(serde_json::json!({"transactionId": "t", "status": "OK"}));
        assert!(status_only.is_done());
        let outcome_only = answer(serde_json::json!({"transactionId": "t", "outcome": "ACCEPTED"}));
        assert!(outcome_only.is_done());
    }
}
