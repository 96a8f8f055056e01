//! A pre-audit kept as evidence: the answer acted on, when it was checked, and what the vendor
//! sent.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::response::{PreAudit, Verdict};

/// One pre-audit as a buyer keeps it for compliance: the answer it acted on, the time of the
/// check and the vendor's body, from
/// [`PreAuditClient::single_pre_audit_with_evidence`](crate::PreAuditClient::single_pre_audit_with_evidence).
///
/// `raw_body` is the body as received (JSON or XML, invalid UTF-8 replaced) with every value
/// of the request masked wherever it appears as a word: the LeadiD token, the entity and
/// provider codes and each `data` value show as `***` (also as JSON, XML or a URL encoder
/// write them, ASCII letters in any case), then emails, phone numbers and long tokens as in
/// errors (leadkit-core's `ApiResponse::masked_body`). A masked value may fall inside the buyer's label text; `answer` is the
/// unmasked reading.
///
/// `Evidence` serialises with serde (`checked_at` in RFC 3339) and reads back to an equal
/// value. `Debug` shows the body's length, not the body.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use jornaya_preaudit::{Evidence, PreAudit, Verdict};
///
/// let body = r#"{"preaudit":{"header":{"flags":{"f1":"Good","f2":"Review","f3":"Reject"}},"body":{"result":2}}}"#;
/// let evidence = Evidence::new(
///     PreAudit::from_json(body.as_bytes())?,
///     Utc.with_ymd_and_hms(2024, 1, 5, 12, 0, 0).unwrap(),
///     body,
/// );
/// assert_eq!(evidence.verdict(), Verdict::Review);
/// let stored = serde_json::to_string(&evidence).unwrap();
/// assert!(stored.contains(r#""checked_at":"2024-01-05T12:00:00Z""#));
/// assert_eq!(serde_json::from_str::<Evidence>(&stored).unwrap(), evidence);
/// # Ok::<(), jornaya_preaudit::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Evidence {
    /// The answer, as [`PreAuditClient::single_pre_audit`](crate::PreAuditClient::single_pre_audit)
    /// returns it.
    pub answer: PreAudit,
    /// When the answer was received (UTC, this machine's clock).
    pub checked_at: DateTime<Utc>,
    /// The vendor's body, with the request's values masked.
    pub raw_body: String,
}

impl Evidence {
    /// Assembles evidence (for tests, and for answers kept another way).
    pub fn new(answer: PreAudit, checked_at: DateTime<Utc>, raw_body: impl Into<String>) -> Self {
        Self {
            answer,
            checked_at,
            raw_body: raw_body.into(),
        }
    }

    /// The answer's [`PreAudit::verdict`].
    pub fn verdict(&self) -> Verdict {
        self.answer.verdict()
    }
}

impl fmt::Debug for Evidence {
    /// The body's length only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Evidence")
            .field("answer", &self.answer)
            .field("checked_at", &self.checked_at)
            .field("raw_body_len", &self.raw_body.len())
            .finish()
    }
}
