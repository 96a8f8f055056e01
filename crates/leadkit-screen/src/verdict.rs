//! The combined verdict of a row: the worst signal of its vendors, and the vendor and reason
//! that drove it.

use serde::{Deserialize, Serialize};

/// What one vendor's answer means for the lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// Nothing against the lead.
    Accept,
    /// Someone should look at the lead.
    Review,
    /// Do not buy or fund the lead.
    Decline,
}

impl Signal {
    /// `accept`, `review` or `decline`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::Review => "review",
            Self::Decline => "decline",
        }
    }
}

/// One vendor's reading of its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// What it means.
    pub signal: Signal,
    /// Why, in a few words (never personal data).
    pub reason: String,
}

impl Finding {
    /// A finding.
    pub fn new(signal: Signal, reason: impl Into<String>) -> Self {
        Self {
            signal,
            reason: reason.into(),
        }
    }
}

/// A row's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// `accept`, `review`, `decline`, or `incomplete` when a chosen vendor has no answer
    /// (failed, outcome unknown, not reached before the deadline).
    pub decision: &'static str,
    /// The vendor that drove it.
    pub vendor: Option<&'static str>,
    /// Why.
    pub reason: String,
}

/// Combines the vendors' findings, in the order the vendors were chosen: a vendor without an
/// answer makes the row `incomplete` (named, first such vendor); otherwise the worst signal
/// wins (`decline` over `review` over `accept`), and between equals the first vendor.
pub fn combine<'a>(
    findings: impl IntoIterator<Item = (&'static str, Option<&'a Finding>)>,
) -> Verdict {
    let mut worst: Option<(&'static str, &Finding)> = None;
    for (vendor, finding) in findings {
        let Some(finding) = finding else {
            return Verdict {
                decision: "incomplete",
                vendor: Some(vendor),
                reason: format!("no answer from {vendor}"),
            };
        };
        if worst.is_none_or(|(_, seen)| finding.signal > seen.signal) {
            worst = Some((vendor, finding));
        }
    }
    match worst {
        Some((vendor, finding)) => Verdict {
            decision: finding.signal.as_str(),
            vendor: Some(vendor),
            reason: finding.reason.clone(),
        },
        None => Verdict {
            decision: "incomplete",
            vendor: None,
            reason: "no vendor chosen".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_signal_and_the_first_of_equals_drive_the_verdict() {
        let accept = Finding::new(Signal::Accept, "fine");
        let review = Finding::new(Signal::Review, "look");
        let decline = Finding::new(Signal::Decline, "red");
        let verdict = combine([
            ("jeff", Some(&review)),
            ("jornaya", Some(&decline)),
            ("bureau", Some(&accept)),
        ]);
        assert_eq!(verdict.decision, "decline");
        assert_eq!(verdict.vendor, Some("jornaya"));
        assert_eq!(verdict.reason, "red");
        let verdict = combine([("jeff", Some(&review)), ("jornaya", Some(&review))]);
        assert_eq!(verdict.vendor, Some("jeff"));
        let verdict = combine([("jeff", Some(&accept)), ("bureau", None)]);
        assert_eq!(verdict.decision, "incomplete");
        assert_eq!(verdict.vendor, Some("bureau"));
    }
}
