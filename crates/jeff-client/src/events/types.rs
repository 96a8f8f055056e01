//! The vocabulary of Partner Events: the six event types and their sequence, the lead
//! identifiers, the HTTP method and the price group.

use std::fmt;

use leadkit_core::open_enum;

/// One of the six Partner Events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    /// The lead completed an application in the partner's system.
    ApplicationCompleted,
    /// The lead was already present in the partner's system.
    LeadExists,
    /// The partner rejected the lead.
    LeadRejected,
    /// The lead passed the partner's preliminary checks.
    LeadQualified,
    /// The partner rejected the loan.
    LoanRejected,
    /// The partner issued a loan.
    LoanIssued,
}

/// Where an event sits in Jeff's event sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventStage {
    /// Application completed.
    Application,
    /// The lead is qualified, rejected, or already known to the partner.
    Lead,
    /// The loan is issued or rejected.
    Loan,
}

impl EventType {
    /// All six events, in sequence order.
    pub const ALL: [EventType; 6] = [
        EventType::ApplicationCompleted,
        EventType::LeadExists,
        EventType::LeadRejected,
        EventType::LeadQualified,
        EventType::LoanRejected,
        EventType::LoanIssued,
    ];

    /// The event's path segment, as in `/events/loan-issued`.
    pub fn path(self) -> &'static str {
        match self {
            Self::ApplicationCompleted => "application-completed",
            Self::LeadExists => "lead-exists",
            Self::LeadRejected => "lead-rejected",
            Self::LeadQualified => "lead-qualified",
            Self::LoanRejected => "loan-rejected",
            Self::LoanIssued => "loan-issued",
        }
    }

    pub(super) fn operation(self) -> &'static str {
        match self {
            Self::ApplicationCompleted => "event application-completed",
            Self::LeadExists => "event lead-exists",
            Self::LeadRejected => "event lead-rejected",
            Self::LeadQualified => "event lead-qualified",
            Self::LoanRejected => "event loan-rejected",
            Self::LoanIssued => "event loan-issued",
        }
    }

    /// The event's stage: application → lead (qualified, rejected or exists) → loan (issued
    /// or rejected).
    pub fn stage(self) -> EventStage {
        match self {
            Self::ApplicationCompleted => EventStage::Application,
            Self::LeadExists | Self::LeadRejected | Self::LeadQualified => EventStage::Lead,
            Self::LoanRejected | Self::LoanIssued => EventStage::Loan,
        }
    }

    /// The events Jeff generates by itself when this one arrives first: an event sent without
    /// the earlier ones of the sequence makes Jeff auto-generate them. A loan event implies the
    /// lead was qualified; a lead event implies a completed application.
    ///
    /// ```
    /// use jeff_client::EventType;
    /// assert_eq!(
    ///     EventType::LoanIssued.auto_generated_predecessors(),
    ///     &[EventType::ApplicationCompleted, EventType::LeadQualified]
    /// );
    /// assert!(EventType::ApplicationCompleted.auto_generated_predecessors().is_empty());
    /// ```
    pub fn auto_generated_predecessors(self) -> &'static [EventType] {
        match self.stage() {
            EventStage::Application => &[],
            EventStage::Lead => &[Self::ApplicationCompleted],
            EventStage::Loan => &[Self::ApplicationCompleted, Self::LeadQualified],
        }
    }

    /// Whether the event accepts a `rejection-reason`.
    pub fn accepts_rejection_reason(self) -> bool {
        matches!(self, Self::LeadRejected | Self::LoanRejected)
    }

    /// Whether the event may carry `repeated=true`: every event but `lead-exists`. Jeff's rule
    /// for agreements that pay for leads already in the partner's system is to *stop* sending
    /// `lead-exists` and append `repeated=true` to the event paid for instead, so a repeated
    /// `lead-exists` contradicts itself.
    ///
    /// ```
    /// use jeff_client::EventType;
    /// assert!(EventType::LoanIssued.accepts_repeated());
    /// assert!(!EventType::LeadExists.accepts_repeated());
    /// ```
    pub fn accepts_repeated(self) -> bool {
        !matches!(self, Self::LeadExists)
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path())
    }
}

/// The lead an event is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LeadRef {
    /// `lead-id`: the Jeff lead id (every event).
    LeadId(String),
    /// `lead-s2s-id`: the server-to-server lead id (loan-issued only).
    LeadS2sId(String),
    /// `lead-marketing-api-id`: the Marketing API lead id (loan-issued only).
    LeadMarketingApiId(String),
}

impl LeadRef {
    /// The query parameter that carries it.
    pub fn parameter(&self) -> &'static str {
        match self {
            Self::LeadId(_) => "lead-id",
            Self::LeadS2sId(_) => "lead-s2s-id",
            Self::LeadMarketingApiId(_) => "lead-marketing-api-id",
        }
    }

    /// The identifier.
    pub fn value(&self) -> &str {
        match self {
            Self::LeadId(id) | Self::LeadS2sId(id) | Self::LeadMarketingApiId(id) => id,
        }
    }
}

/// GET or POST: Jeff accepts both. Either way the parameters travel in the query string of
/// the documented URL; a POST has no body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventMethod {
    /// `GET` (default).
    #[default]
    Get,
    /// `POST`.
    Post,
}

open_enum! {
    /// `price-group`: the pricing tier of the lead, as agreed with Jeff.
    pub enum PriceGroup {
        /// Tier A.
        A = "A",
        /// Tier B.
        B = "B",
        /// Tier C.
        C = "C",
        /// Tier D.
        D = "D",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_and_paths() {
        let paths: Vec<_> = EventType::ALL.iter().map(|e| e.path()).collect();
        assert_eq!(
            paths,
            [
                "application-completed",
                "lead-exists",
                "lead-rejected",
                "lead-qualified",
                "loan-rejected",
                "loan-issued"
            ]
        );
        assert_eq!(
            EventType::LeadRejected.auto_generated_predecessors(),
            &[EventType::ApplicationCompleted]
        );
        assert!(EventType::LoanRejected.stage() > EventType::LeadQualified.stage());
        let with_reason: Vec<_> = EventType::ALL
            .into_iter()
            .filter(|e| e.accepts_rejection_reason())
            .collect();
        assert_eq!(
            with_reason,
            [EventType::LeadRejected, EventType::LoanRejected]
        );
    }
}
