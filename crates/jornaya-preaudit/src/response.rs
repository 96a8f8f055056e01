//! The pre-audit answer, the same for JSON and XML.

use std::fmt::Write as _;

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
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PreAudit {
    /// The buyer's text labels for each colour (`header.flags`): present only when the entity
    /// is valid and you may pre-audit its leads.
    pub labels: FlagLabels,
    /// The overall result (`body.result`).
    pub result: Flag,
    /// The data points flagged yellow or red (`body.reasons`), in the order received.
    pub reasons: Reasons,
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

    /// Whether the overall result is green.
    pub fn is_green(&self) -> bool {
        self.result == Flag::Green
    }

    /// The buyer's label for the overall result (`Reject`, say), when the answer has labels.
    pub fn result_label(&self) -> Option<&str> {
        self.labels.label(&self.result)
    }

    /// The answer in plain words: the overall result, then each flagged data point, worst
    /// first (red, yellow, unknown values), in the vendor's numbering within a colour.
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    fn from_iter<I: IntoIterator<Item = (ReasonCode, Flag)>>(iter: I) -> Self {
        let mut reasons = Self::new();
        for (code, flag) in iter {
            reasons.insert(code, flag);
        }
        reasons
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
                "r2=yellow",
                "r9.4=unknown"
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
        assert!(lines[4].starts_with("- yellow: r2 Lead Age"));
        assert!(lines[5].starts_with("- unknown (value `5`): r9.4 Prominence (TCPA Guardian)"));
        let green = PreAudit::new(FlagLabels::default(), Flag::Green, Reasons::new());
        assert_eq!(
            green.explain(),
            "Result: green (accept).\nNo data point flagged.\n"
        );
        assert!(green.is_green() && green.labels.is_empty());
    }
}
