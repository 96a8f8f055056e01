//! The pre-audit answer, the same for JSON and XML.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::flag::Flag;
use crate::reason::{ReasonCode, ReasonGroup};

/// The answer to one pre-audit.
///
/// A data point the answer leaves out is green, so [`PreAudit::flag`] answers for any code:
///
/// ```
/// use jornaya_preaudit::{Flag, PreAudit, ReasonCode};
/// let json = r#"{"preaudit":{"header":{"flags":{"f1":"Good Lead","f2":"Review Lead","f3":"Reject"}},
///               "body":{"reasons":{"r2.1":3,"r4.6":"2"},"result":3}}}"#;
/// let answer = PreAudit::from_json(json.as_bytes())?;
/// assert_eq!(answer.result, Flag::Red);
/// assert_eq!(answer.flag(&ReasonCode::LeadDuration), Flag::Red);
/// assert!(answer.is_flagged(&ReasonCode::from_key("r4.6")));
/// assert!(!answer.is_flagged(&ReasonCode::LeadAge)); // absent: green
/// assert_eq!(answer.labels.red.as_deref(), Some("Reject"));
/// # Ok::<(), jornaya_preaudit::Error>(())
/// ```
///
/// To decide on the lead, ask [`PreAudit::verdict`]: it is `Accept` only for a green result
/// against a valid entity.
///
/// An answer serialises with serde (`labels`, `result` and `reasons`, each value as the vendor
/// writes it) and deserialises back to an equal value, so the answer a decision rested on can
/// be stored; [`Evidence`](crate::Evidence) adds the time of the check and the vendor's body.
/// This is the crate's own form: [`PreAudit::from_json`] reads the vendor's.
///
/// ```
/// use jornaya_preaudit::PreAudit;
/// let answer = PreAudit::from_json(
///     br#"{"preaudit":{"header":{"flags":{"f1":"Good Lead","f2":"Review Lead","f3":"Reject"}},
///          "body":{"reasons":{"r2.1":3},"result":3}}}"#,
/// )?;
/// let stored = serde_json::to_string(&answer).unwrap();
/// assert_eq!(
///     stored,
///     r#"{"labels":{"green":"Good Lead","yellow":"Review Lead","red":"Reject"},"result":"3","reasons":[{"code":"r2.1","flag":"3"}]}"#
/// );
/// assert_eq!(serde_json::from_str::<PreAudit>(&stored).unwrap(), answer);
/// # Ok::<(), jornaya_preaudit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PreAudit {
    /// The buyer's text labels for each colour (`header.flags`): present only when the entity
    /// is valid and you may pre-audit its leads (see [`PreAudit::entity_status`]).
    #[serde(default)]
    pub labels: FlagLabels,
    /// The overall result (`body.result`).
    pub result: Flag,
    /// The data points flagged yellow or red (`body.reasons`), in the order received.
    #[serde(default)]
    pub reasons: Reasons,
}

/// What to do with the lead, from one pre-audit: the one decision a caller acts on.
///
/// Only a green result for a valid entity is [`Verdict::Accept`]. A result this client does
/// not know, and any answer without flag labels (the entity code is not valid or you may not
/// pre-audit its leads, so the buyer's profile was not applied: [`EntityStatus`]), is
/// [`Verdict::Unknown`], which a caller must not treat as accept. `Verdict` has no order, so
/// it cannot be compared with a threshold by mistake; match on it.
///
/// ```
/// use jornaya_preaudit::{PreAudit, Verdict};
/// let labels = r#""header":{"flags":{"f1":"Good","f2":"Review","f3":"Reject"}}"#;
/// let read = |body: &str| PreAudit::from_json(body.as_bytes()).unwrap().verdict();
/// assert_eq!(read(&format!(r#"{{"preaudit":{{{labels},"body":{{"result":1}}}}}}"#)), Verdict::Accept);
/// assert_eq!(read(&format!(r#"{{"preaudit":{{{labels},"body":{{"result":2}}}}}}"#)), Verdict::Review);
/// assert_eq!(read(&format!(r#"{{"preaudit":{{{labels},"body":{{"result":3}}}}}}"#)), Verdict::Reject);
/// assert_eq!(read(&format!(r#"{{"preaudit":{{{labels},"body":{{"result":9}}}}}}"#)), Verdict::Unknown);
/// // Green, but without labels: the buyer's profile was not applied.
/// assert_eq!(read(r#"{"preaudit":{"body":{"result":1}}}"#), Verdict::Unknown);
///
/// let verdict = read(&format!(r#"{{"preaudit":{{{labels},"body":{{"result":1}}}}}}"#));
/// match verdict {
///     Verdict::Accept => { /* sell the lead */ }
///     Verdict::Review | Verdict::Reject | Verdict::Unknown => { /* hold it */ }
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Green for a valid entity: the buyer's profile would accept the lead.
    Accept,
    /// Yellow for a valid entity: the buyer's profile would review the lead.
    Review,
    /// Red for a valid entity: the buyer's profile would reject the lead.
    Reject,
    /// No usable answer: a result this client does not know, or an answer without flag
    /// labels (entity not valid, or no permission). Never treat it as accept.
    Unknown,
}

impl Verdict {
    /// `accept`, `review`, `reject` or `unknown`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::Review => "review",
            Self::Reject => "reject",
            Self::Unknown => "unknown",
        }
    }

    /// Whether this is [`Verdict::Accept`], the only verdict that clears a lead for sale.
    pub fn is_accept(&self) -> bool {
        matches!(self, Self::Accept)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the pre-audit was run against the buyer's profile, as the answer shows it.
///
/// The vendor sends the flag labels (`f1`–`f3`) "only if the entity is valid and if you have
/// permission to pre-audit this entity's leads"; an answer without any label is therefore
/// [`EntityStatus::InvalidOrNoPermission`], and its result says nothing about the buyer.
/// The vendor does not say which of the two it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityStatus {
    /// The answer has flag labels: the entity is valid and you may pre-audit its leads.
    Valid,
    /// The answer has no flag label: the entity code (`lec`) is not valid, or your account
    /// may not pre-audit its leads.
    InvalidOrNoPermission,
}

impl EntityStatus {
    /// Whether the entity is valid and may be pre-audited.
    pub fn is_valid(&self) -> bool {
        matches!(self, Self::Valid)
    }
}

impl PreAudit {
    /// Assembles an answer (for tests and for callers who store answers).
    pub fn new(labels: FlagLabels, result: Flag, reasons: Reasons) -> Self {
        Self {
            labels,
            result,
            reasons,
        }
    }

    /// The flag of one data point; green when the answer does not mention it.
    pub fn flag(&self, code: &ReasonCode) -> Flag {
        self.reasons.flag(code)
    }

    /// Whether one data point is flagged yellow, red, or with a value this client does not
    /// know.
    pub fn is_flagged(&self, code: &ReasonCode) -> bool {
        self.flag(code).is_flagged()
    }

    /// Whether the overall result is green. A green result without flag labels is not an
    /// accept: ask [`PreAudit::verdict`] to decide.
    pub fn is_green(&self) -> bool {
        self.result == Flag::Green
    }

    /// Whether the answer was run against a valid entity you may pre-audit: an answer without
    /// any flag label (`f1`–`f3`) is [`EntityStatus::InvalidOrNoPermission`].
    ///
    /// ```
    /// use jornaya_preaudit::{EntityStatus, PreAudit};
    /// let answer = PreAudit::from_json(br#"{"preaudit":{"header":[],"body":{"result":1}}}"#)?;
    /// assert_eq!(answer.entity_status(), EntityStatus::InvalidOrNoPermission);
    /// # Ok::<(), jornaya_preaudit::Error>(())
    /// ```
    pub fn entity_status(&self) -> EntityStatus {
        if self.labels.is_empty() {
            EntityStatus::InvalidOrNoPermission
        } else {
            EntityStatus::Valid
        }
    }

    /// What to do with the lead: [`Verdict::Accept`] for green, [`Verdict::Review`] for yellow,
    /// [`Verdict::Reject`] for red, and [`Verdict::Unknown`] for any other result or when the
    /// answer has no flag labels ([`PreAudit::entity_status`]).
    pub fn verdict(&self) -> Verdict {
        if !self.entity_status().is_valid() {
            return Verdict::Unknown;
        }
        match self.result {
            Flag::Green => Verdict::Accept,
            Flag::Yellow => Verdict::Review,
            Flag::Red => Verdict::Reject,
            Flag::Unknown(_) => Verdict::Unknown,
        }
    }

    /// The data points behind the verdict: none for [`Verdict::Accept`], otherwise every
    /// flagged data point, worst first (red, unknown values, yellow), then in the vendor's
    /// numbering.
    pub fn verdict_reasons(&self) -> Vec<&Reason> {
        if self.verdict().is_accept() {
            return Vec::new();
        }
        self.reasons
            .worst_first()
            .into_iter()
            .filter(|reason| reason.flag.is_flagged())
            .collect()
    }

    /// The buyer's label for the overall result (`Reject`, say), when the answer has labels.
    pub fn result_label(&self) -> Option<&str> {
        self.labels.label(&self.result)
    }

    /// The answer in plain words: the overall result, then each flagged data point, worst
    /// first (red, unknown values, yellow), in the vendor's numbering within a colour.
    ///
    /// ```
    /// use jornaya_preaudit::PreAudit;
    /// let answer = PreAudit::from_json(
    ///     br#"{"preaudit":{"body":{"reasons":{"r2":2,"r4.6":3},"result":3}}}"#,
    /// )?;
    /// assert_eq!(
    ///     answer.explain(),
    ///     "Result: red (reject).\n\
    ///      - red: r4.6 IP Velocity 5 Minutes (Consumer Origin): too many leads generated from this IP address in the past 5 minutes.\n\
    ///      - yellow: r2 Lead Age (Lead Age): lead was created too long ago.\n"
    /// );
    /// # Ok::<(), jornaya_preaudit::Error>(())
    /// ```
    pub fn explain(&self) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "Result: {} ({}",
            self.result.colour(),
            self.result.meaning()
        );
        if let Some(label) = self.result_label() {
            let _ = write!(out, "; buyer's label \"{label}\"");
        }
        if let Flag::Unknown(value) = &self.result {
            let _ = write!(out, " `{value}`");
        }
        out.push_str(").\n");
        if self.reasons.flagged().next().is_none() {
            out.push_str("No data point flagged.\n");
        }
        for reason in self.reasons.worst_first() {
            if !reason.flag.is_flagged() {
                continue;
            }
            let _ = write!(out, "- {}", reason.flag.colour());
            if let Flag::Unknown(value) = &reason.flag {
                let _ = write!(out, " (value `{value}`)");
            }
            match reason.code.info() {
                Some(info) => {
                    let _ = writeln!(
                        out,
                        ": {} {} ({}): {}",
                        info.code, info.name, info.group, info.description
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        ": {} (a reason code this client does not know).",
                        reason.code
                    );
                }
            }
        }
        out
    }
}

/// The buyer's text labels for each colour (`f1`, `f2`, `f3`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct FlagLabels {
    /// `f1`: the label for green results (`Good Lead`).
    pub green: Option<String>,
    /// `f2`: the label for yellow results (`Review Lead`).
    pub yellow: Option<String>,
    /// `f3`: the label for red results (`Reject`).
    pub red: Option<String>,
}

impl FlagLabels {
    /// Labels from `f1`, `f2` and `f3`.
    pub fn new(green: Option<String>, yellow: Option<String>, red: Option<String>) -> Self {
        Self { green, yellow, red }
    }

    /// The label for `flag`, if the answer has one.
    pub fn label(&self, flag: &Flag) -> Option<&str> {
        match flag {
            Flag::Green => self.green.as_deref(),
            Flag::Yellow => self.yellow.as_deref(),
            Flag::Red => self.red.as_deref(),
            Flag::Unknown(_) => None,
        }
    }

    /// Whether the answer had no labels (the entity is not valid, or you may not pre-audit
    /// its leads).
    pub fn is_empty(&self) -> bool {
        self.green.is_none() && self.yellow.is_none() && self.red.is_none()
    }
}

/// One flagged data point.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Reason {
    /// The data point.
    pub code: ReasonCode,
    /// Its flag.
    pub flag: Flag,
}

impl Reason {
    /// A reason.
    pub fn new(code: ReasonCode, flag: Flag) -> Self {
        Self { code, flag }
    }
}

/// The reasons of an answer, in the order received. Codes absent are green.
///
/// Serialises as a list of [`Reason`]s; a list read back merges a code given twice as
/// [`Reasons::insert`] does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reasons {
    list: Vec<Reason>,
}

impl Reasons {
    /// No reasons: everything green.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a reason; a code given twice keeps its worse flag, where an unknown value counts
    /// as worse than yellow (and a second unknown value does not replace the first), so a
    /// value this client cannot read never makes a lead look better.
    pub fn insert(&mut self, code: ReasonCode, flag: Flag) {
        match self.list.iter_mut().find(|reason| reason.code == code) {
            Some(existing) => {
                if flag.replaces(&existing.flag) {
                    existing.flag = flag;
                }
            }
            None => self.list.push(Reason { code, flag }),
        }
    }

    /// Reasons already merged (each code once), in the order received.
    pub(crate) fn from_merged(list: Vec<Reason>) -> Self {
        Self { list }
    }

    /// The flag sent for `code`, `None` when absent.
    pub fn get(&self, code: &ReasonCode) -> Option<&Flag> {
        self.list
            .iter()
            .find(|reason| reason.code == *code)
            .map(|reason| &reason.flag)
    }

    /// The flag of `code`: green when absent.
    pub fn flag(&self, code: &ReasonCode) -> Flag {
        self.get(code).cloned().unwrap_or_default()
    }

    /// Whether `code` is flagged (anything but green).
    pub fn is_flagged(&self, code: &ReasonCode) -> bool {
        self.get(code).is_some_and(Flag::is_flagged)
    }

    /// Every reason, in the order received.
    pub fn iter(&self) -> std::slice::Iter<'_, Reason> {
        self.list.iter()
    }

    /// The reasons that are not green.
    pub fn flagged(&self) -> impl Iterator<Item = &Reason> {
        self.list.iter().filter(|reason| reason.flag.is_flagged())
    }

    /// The reasons of one group.
    pub fn in_group(&self, group: ReasonGroup) -> impl Iterator<Item = &Reason> {
        self.list
            .iter()
            .filter(move |reason| reason.code.group() == Some(group))
    }

    /// Every reason, worst flag first, then in the vendor's numbering.
    pub fn worst_first(&self) -> Vec<&Reason> {
        let mut sorted: Vec<&Reason> = self.list.iter().collect();
        sorted.sort_by(|a, b| {
            b.flag
                .cmp(&a.flag)
                .then_with(|| a.code.sort_key().cmp(&b.code.sort_key()))
        });
        sorted
    }

    /// The worst flag among the reasons (green when there are none).
    pub fn worst(&self) -> Flag {
        self.list
            .iter()
            .map(|reason| &reason.flag)
            .max()
            .cloned()
            .unwrap_or_default()
    }

    /// How many reasons the answer listed.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether the answer listed no reason.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

impl<'a> IntoIterator for &'a Reasons {
    type Item = &'a Reason;
    type IntoIter = std::slice::Iter<'a, Reason>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl FromIterator<(ReasonCode, Flag)> for Reasons {
    /// Merges as [`Reasons::insert`] does, in linear time.
    fn from_iter<I: IntoIterator<Item = (ReasonCode, Flag)>>(iter: I) -> Self {
        let mut list: Vec<Reason> = Vec::new();
        let mut positions: HashMap<ReasonCode, usize> = HashMap::new();
        for (code, flag) in iter {
            match positions.get(&code) {
                Some(&at) => {
                    if flag.replaces(&list[at].flag) {
                        list[at].flag = flag;
                    }
                }
                None => {
                    positions.insert(code.clone(), list.len());
                    list.push(Reason { code, flag });
                }
            }
        }
        Self { list }
    }
}

impl Serialize for Reasons {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(&self.list)
    }
}

impl<'de> Deserialize<'de> for Reasons {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let list = Vec::<Reason>::deserialize(deserializer)?;
        Ok(list
            .into_iter()
            .map(|reason| (reason.code, reason.flag))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Reasons {
        [
            (ReasonCode::LeadAge, Flag::Yellow),
            (ReasonCode::from_key("r12.1"), Flag::Red),
            (ReasonCode::IpVelocityPastWeek, Flag::Red),
            (ReasonCode::IpVelocityPastDay, Flag::Red),
            (ReasonCode::Prominence, Flag::Unknown("5".into())),
            (ReasonCode::LeadAge, Flag::Green),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn absent_is_green_and_duplicates_keep_the_worse() {
        let reasons = sample();
        assert_eq!(reasons.len(), 5);
        assert_eq!(reasons.flag(&ReasonCode::LeadAge), Flag::Yellow);
        assert_eq!(reasons.flag(&ReasonCode::TotalHops), Flag::Green);
        assert!(reasons.get(&ReasonCode::TotalHops).is_none());
        assert!(reasons.is_flagged(&ReasonCode::Prominence));
        assert_eq!(reasons.worst(), Flag::Red);
        assert_eq!(Reasons::new().worst(), Flag::Green);
        assert_eq!(reasons.in_group(ReasonGroup::TcpaGuardian).count(), 1);
    }

    #[test]
    fn worst_first_then_vendor_numbering() {
        let order: Vec<String> = sample()
            .worst_first()
            .iter()
            .map(|r| format!("{}={}", r.code, r.flag.colour()))
            .collect();
        assert_eq!(
            order,
            [
                "r4.9=red",
                "r4.10=red",
                "r12.1=red",
                "r9.4=unknown",
                "r2=yellow"
            ]
        );
    }

    #[test]
    fn explain_in_plain_words() {
        let answer = PreAudit::new(
            FlagLabels::new(Some("Good".into()), None, Some("Reject".into())),
            Flag::Red,
            sample(),
        );
        let text = answer.explain();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Result: red (reject; buyer's label \"Reject\").");
        assert!(lines[1].starts_with("- red: r4.9 IP Velocity Past Day (Consumer Origin): "));
        assert_eq!(
            lines[3],
            "- red: r12.1 (a reason code this client does not know)."
        );
        assert!(lines[4].starts_with("- unknown (value `5`): r9.4 Prominence (TCPA Guardian)"));
        assert!(lines[5].starts_with("- yellow: r2 Lead Age"));
        let green = PreAudit::new(FlagLabels::default(), Flag::Green, Reasons::new());
        assert_eq!(
            green.explain(),
            "Result: green (accept).\nNo data point flagged.\n"
        );
        assert!(green.is_green() && green.labels.is_empty());
    }

    fn labelled() -> FlagLabels {
        FlagLabels::new(
            Some("Good".into()),
            Some("Review".into()),
            Some("Reject".into()),
        )
    }

    #[test]
    fn one_verdict_per_result_and_unknown_without_labels() {
        let verdict = |labels: FlagLabels, result: Flag| {
            PreAudit::new(labels, result, Reasons::new()).verdict()
        };
        assert_eq!(verdict(labelled(), Flag::Green), Verdict::Accept);
        assert_eq!(verdict(labelled(), Flag::Yellow), Verdict::Review);
        assert_eq!(verdict(labelled(), Flag::Red), Verdict::Reject);
        assert_eq!(
            verdict(labelled(), Flag::Unknown("9".into())),
            Verdict::Unknown
        );
        let one_label = FlagLabels::new(None, None, Some("Reject".into()));
        assert_eq!(verdict(one_label, Flag::Green), Verdict::Accept);
        for result in [Flag::Green, Flag::Yellow, Flag::Red] {
            assert_eq!(verdict(FlagLabels::default(), result), Verdict::Unknown);
        }
        assert!(Verdict::Accept.is_accept() && !Verdict::Unknown.is_accept());
        assert_eq!(Verdict::Review.to_string(), "review");
    }

    #[test]
    fn an_answer_without_labels_names_its_entity_status() {
        let bare = PreAudit::new(FlagLabels::default(), Flag::Green, Reasons::new());
        assert_eq!(bare.entity_status(), EntityStatus::InvalidOrNoPermission);
        assert!(!bare.entity_status().is_valid());
        let full = PreAudit::new(labelled(), Flag::Green, Reasons::new());
        assert_eq!(full.entity_status(), EntityStatus::Valid);
    }

    #[test]
    fn the_reasons_behind_the_verdict() {
        let red = PreAudit::new(labelled(), Flag::Red, sample());
        let codes: Vec<String> = red
            .verdict_reasons()
            .iter()
            .map(|r| r.code.to_string())
            .collect();
        assert_eq!(codes, ["r4.9", "r4.10", "r12.1", "r9.4", "r2"]);
        let green = PreAudit::new(labelled(), Flag::Green, sample());
        assert!(green.verdict_reasons().is_empty());
    }

    #[test]
    fn answers_round_trip_through_serde() {
        let answers = [
            PreAudit::new(labelled(), Flag::Red, sample()),
            PreAudit::new(
                FlagLabels::new(None, Some(" spaced ".into()), None),
                Flag::Unknown("2.5".into()),
                Reasons::new(),
            ),
            PreAudit::new(FlagLabels::default(), Flag::Green, Reasons::new()),
        ];
        for answer in answers {
            let json = serde_json::to_string(&answer).unwrap();
            let back: PreAudit = serde_json::from_str(&json).unwrap();
            assert_eq!(back, answer, "{json}");
            assert_eq!(back.verdict(), answer.verdict());
        }
        let stored = serde_json::to_value(PreAudit::new(labelled(), Flag::Red, sample())).unwrap();
        assert_eq!(stored["result"], "3");
        assert_eq!(stored["reasons"][1]["code"], "r12.1");
        assert_eq!(stored["reasons"][4]["flag"], "5");
        // A list read back merges a code given twice, keeping the worse flag.
        let merged: Reasons = serde_json::from_str(
            r#"[{"code":"r2","flag":"2"},{"code":"r2","flag":"9"},{"code":"r2","flag":"1"}]"#,
        )
        .unwrap();
        assert_eq!(merged.len(), 1);
        assert_eq!(merged.flag(&ReasonCode::LeadAge), Flag::Unknown("9".into()));
        // Only the result is required.
        let minimal: PreAudit = serde_json::from_str(r#"{"result":"1"}"#).unwrap();
        assert_eq!(minimal.verdict(), Verdict::Unknown);
        assert!(serde_json::from_str::<PreAudit>(r#"{"labels":{}}"#).is_err());
        assert_eq!(
            serde_json::to_string(&Verdict::Unknown).unwrap(),
            r#""unknown""#
        );
        assert_eq!(
            serde_json::to_string(&EntityStatus::InvalidOrNoPermission).unwrap(),
            r#""invalid_or_no_permission""#
        );
    }
}
