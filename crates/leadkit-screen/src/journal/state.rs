//! A call's state and a journal entry.

/// Where one row's call to one vendor stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CallState {
    /// Known, nothing sent.
    Pending,
    /// The request may be on its way: written before the request is sent. A run that finds
    /// `Sent` (a crash or a kill in between) treats it as [`CallState::OutcomeUnknown`].
    Sent,
    /// Answered; the answer is stored.
    Done,
    /// Failed without reaching the vendor, or refused by it (a 4xx): safe to retry on a rerun.
    Failed,
    /// May have reached the vendor (a timeout after sending, a broken connection, a 5xx on a
    /// billed call): not resent unless asked.
    OutcomeUnknown,
}

impl CallState {
    /// Every state, in order.
    pub const ALL: [CallState; 5] = [
        CallState::Pending,
        CallState::Sent,
        CallState::Done,
        CallState::Failed,
        CallState::OutcomeUnknown,
    ];

    /// The state as the journal stores it: `pending`, `sent`, `done`, `failed` or
    /// `outcome_unknown`.
    pub fn as_str(&self) -> &'static str {
        match self {
            CallState::Pending => "pending",
            CallState::Sent => "sent",
            CallState::Done => "done",
            CallState::Failed => "failed",
            CallState::OutcomeUnknown => "outcome_unknown",
        }
    }

    /// The state stored as `text`, if it is one ([`CallState::as_str`]'s inverse).
    pub fn parse(text: &str) -> Option<CallState> {
        CallState::ALL
            .into_iter()
            .find(|state| state.as_str() == text)
    }

    /// Whether a request may have reached the vendor without its answer being stored
    /// (`Sent` or `OutcomeUnknown`): sending again may pay twice.
    pub fn may_have_reached_vendor(&self) -> bool {
        matches!(self, CallState::Sent | CallState::OutcomeUnknown)
    }

    /// Whether the call can be sent (again) without any risk of paying twice (`Pending` or
    /// `Failed`).
    pub fn safe_to_send(&self) -> bool {
        matches!(self, CallState::Pending | CallState::Failed)
    }
}

/// A row's call to one vendor, as the journal has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Where the call stands.
    pub state: CallState,
    /// The vendor's answer, once `Done`.
    pub answer: Option<serde_json::Value>,
    /// The Bureau transaction id, once initiate answered (kept when the call finishes, and
    /// when it is sent again until a new one is recorded).
    pub transaction_id: Option<String>,
    /// How many times the request was (about to be) sent.
    pub attempts: u32,
    /// Why the call failed, as the caller wrote it (masked).
    pub error: Option<String>,
}
