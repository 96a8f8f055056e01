//! Partner Events: the postbacks a partner sends as a Jeff lead moves through its funnel.
//!
//! Six events, each a path under `/events/`: `application-completed`, `lead-exists`,
//! `lead-rejected`, `lead-qualified`, `loan-rejected`, `loan-issued`. Each carries the
//! partner's `external-id` and exactly one lead identifier: `lead-id`, or, for `loan-issued`
//! only, `lead-s2s-id` or `lead-marketing-api-id`. The constructors of [`PartnerEvent`] are the
//! only way to build one, so no other combination can be sent; a rejection reason can only be
//! given to the two rejection events.
//!
//! Identifiers are checked before sending: Jeff's ids are letters, digits, `-`, `_`, `.` or
//! `~` (at most [`MAX_LEAD_ID_CHARS`]); the partner's `external-id` is any printable text (at
//! most [`MAX_EXTERNAL_ID_CHARS`]); neither may have surrounding whitespace, control or
//! invisible characters, or an unfilled `{placeholder}`.
//!
//! Events are billed by Jeff, so they are sent as non-idempotent requests: retried only when
//! the request provably never reached Jeff (connect failure) or on HTTP 429.

mod types;

use std::fmt;

use leadkit_core::{ApiRequest, Error, Idempotency, Method, Result, StatusCode, validate};

use crate::client::JeffClient;

pub use types::{EventMethod, EventStage, EventType, LeadRef, PriceGroup};

/// Longest Jeff identifier accepted (`lead-id`, `lead-s2s-id`, `lead-marketing-api-id`); the
/// documented one is a 36-character UUID.
pub const MAX_LEAD_ID_CHARS: usize = 128;

/// Longest `external-id` accepted (the partner's own id for the application).
pub const MAX_EXTERNAL_ID_CHARS: usize = 256;

/// The checks every identifier gets: not blank, no surrounding whitespace, no control or
/// invisible characters, not a URL template placeholder left unfilled (`{jeff-lead-id}`).
/// Reasons never repeat the value.
fn common_id_checks(field: &'static str, value: &str) -> Result<()> {
    validate::non_empty(field, value)?;
    if value.starts_with(char::is_whitespace) || value.ends_with(char::is_whitespace) {
        return Err(Error::invalid_input(
            field,
            "must not start or end with whitespace (trim it)",
        ));
    }
    if value.chars().any(|c| c.is_control() || is_invisible(c)) {
        return Err(Error::invalid_input(
            field,
            "must not contain control or invisible characters (line breaks, tabs, zero-width \
             spaces, byte-order marks)",
        ));
    }
    if value.contains(['{', '}']) {
        return Err(Error::invalid_input(
            field,
            "looks like an unfilled URL template placeholder such as {jeff-lead-id}: put the \
             id itself in its place",
        ));
    }
    Ok(())
}

/// Zero-width and other invisible format characters that copy-paste carries along.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// A Jeff identifier: the common checks, then letters, digits, `-`, `_`, `.` or `~` (the
/// characters a URL carries unescaped), at most [`MAX_LEAD_ID_CHARS`].
fn jeff_id(field: &'static str, value: &str) -> Result<()> {
    common_id_checks(field, value)?;
    if !value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
    {
        return Err(Error::invalid_input(
            field,
            "must be a Jeff id: letters, digits, `-`, `_`, `.` or `~` only, such as \
             0facfde9-98c7-4915-8b04-9a0a31a8c582",
        ));
    }
    if value.len() > MAX_LEAD_ID_CHARS {
        return Err(Error::invalid_input(
            field,
            format!("must be at most {MAX_LEAD_ID_CHARS} characters"),
        ));
    }
    Ok(())
}

/// The partner's own id: the common checks and at most [`MAX_EXTERNAL_ID_CHARS`] characters;
/// any other printable text (inner spaces, `/`, non-ASCII letters) is the partner's business
/// and is percent-encoded on the way.
fn external_id(value: &str) -> Result<()> {
    common_id_checks("external_id", value)?;
    if value.chars().count() > MAX_EXTERNAL_ID_CHARS {
        return Err(Error::invalid_input(
            "external_id",
            format!("must be at most {MAX_EXTERNAL_ID_CHARS} characters"),
        ));
    }
    Ok(())
}

/// One postback, ready to send with [`JeffClient::send_event`].
///
/// ```
/// use jeff_client::{EventType, PartnerEvent, PriceGroup};
///
/// let event = PartnerEvent::loan_rejected_with_reason("jeff-lead-id", "app-1042", "income too low")
///     .price_group(PriceGroup::B);
/// assert_eq!(event.event_type(), EventType::LoanRejected);
/// assert_eq!(event.lead().parameter(), "lead-id");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PartnerEvent {
    event_type: EventType,
    lead: LeadRef,
    external_id: String,
    rejection_reason: Option<String>,
    repeated: bool,
    price_group: Option<PriceGroup>,
    method: Option<EventMethod>,
}

impl PartnerEvent {
    fn new(event_type: EventType, lead: LeadRef, external_id: impl Into<String>) -> Self {
        Self {
            event_type,
            lead,
            external_id: external_id.into(),
            rejection_reason: None,
            repeated: false,
            price_group: None,
            method: None,
        }
    }

    fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.rejection_reason = Some(reason.into());
        self
    }

    /// `application-completed` for `lead-id`, with the partner's `external-id`.
    pub fn application_completed(
        lead_id: impl Into<String>,
        external_id: impl Into<String>,
    ) -> Self {
        Self::new(
            EventType::ApplicationCompleted,
            LeadRef::LeadId(lead_id.into()),
            external_id,
        )
    }

    /// `lead-exists`: the lead was already in the partner's system.
    pub fn lead_exists(lead_id: impl Into<String>, external_id: impl Into<String>) -> Self {
        Self::new(
            EventType::LeadExists,
            LeadRef::LeadId(lead_id.into()),
            external_id,
        )
    }

    /// `lead-rejected`.
    pub fn lead_rejected(lead_id: impl Into<String>, external_id: impl Into<String>) -> Self {
        Self::new(
            EventType::LeadRejected,
            LeadRef::LeadId(lead_id.into()),
            external_id,
        )
    }

    /// `lead-rejected` with a `rejection-reason` (any text explaining the rejection).
    pub fn lead_rejected_with_reason(
        lead_id: impl Into<String>,
        external_id: impl Into<String>,
        rejection_reason: impl Into<String>,
    ) -> Self {
        Self::lead_rejected(lead_id, external_id).with_reason(rejection_reason)
    }

    /// `lead-qualified`.
    pub fn lead_qualified(lead_id: impl Into<String>, external_id: impl Into<String>) -> Self {
        Self::new(
            EventType::LeadQualified,
            LeadRef::LeadId(lead_id.into()),
            external_id,
        )
    }

    /// `loan-rejected`.
    pub fn loan_rejected(lead_id: impl Into<String>, external_id: impl Into<String>) -> Self {
        Self::new(
            EventType::LoanRejected,
            LeadRef::LeadId(lead_id.into()),
            external_id,
        )
    }

    /// `loan-rejected` with a `rejection-reason`.
    pub fn loan_rejected_with_reason(
        lead_id: impl Into<String>,
        external_id: impl Into<String>,
        rejection_reason: impl Into<String>,
    ) -> Self {
        Self::loan_rejected(lead_id, external_id).with_reason(rejection_reason)
    }

    /// `loan-issued` for `lead-id`.
    pub fn loan_issued(lead_id: impl Into<String>, external_id: impl Into<String>) -> Self {
        Self::new(
            EventType::LoanIssued,
            LeadRef::LeadId(lead_id.into()),
            external_id,
        )
    }

    /// `loan-issued` for `lead-s2s-id` (server-to-server leads).
    pub fn s2s_loan_issued(lead_s2s_id: impl Into<String>, external_id: impl Into<String>) -> Self {
        Self::new(
            EventType::LoanIssued,
            LeadRef::LeadS2sId(lead_s2s_id.into()),
            external_id,
        )
    }

    /// `loan-issued` for `lead-marketing-api-id` (Marketing API leads).
    pub fn marketing_api_loan_issued(
        lead_marketing_api_id: impl Into<String>,
        external_id: impl Into<String>,
    ) -> Self {
        Self::new(
            EventType::LoanIssued,
            LeadRef::LeadMarketingApiId(lead_marketing_api_id.into()),
            external_id,
        )
    }

    /// `repeated=true`: the lead was already in the partner's system and the agreement with
    /// Jeff pays for such leads (send this instead of a `lead-exists` event). A `lead-exists`
    /// event with `repeated(true)` is refused before sending
    /// ([`Error::InvalidInput`] naming `repeated`; see [`EventType::accepts_repeated`]).
    pub fn repeated(mut self, repeated: bool) -> Self {
        self.repeated = repeated;
        self
    }

    /// `price-group`: A, B, C or D.
    pub fn price_group(mut self, group: impl Into<PriceGroup>) -> Self {
        self.price_group = Some(group.into());
        self
    }

    /// Sends this event with `method` instead of the client's default.
    pub fn method(mut self, method: EventMethod) -> Self {
        self.method = Some(method);
        self
    }

    /// The event.
    pub fn event_type(&self) -> EventType {
        self.event_type
    }

    /// The lead identifier.
    pub fn lead(&self) -> &LeadRef {
        &self.lead
    }

    /// The partner's id for the application.
    pub fn external_id(&self) -> &str {
        &self.external_id
    }

    /// The rejection reason, if given.
    pub fn rejection_reason(&self) -> Option<&str> {
        self.rejection_reason.as_deref()
    }

    /// Whether `repeated=true` is sent.
    pub fn is_repeated(&self) -> bool {
        self.repeated
    }

    /// The price group, if given.
    pub fn price_group_value(&self) -> Option<&PriceGroup> {
        self.price_group.as_ref()
    }

    fn validate(&self) -> Result<()> {
        let lead_field = match self.lead {
            LeadRef::LeadId(_) => "lead_id",
            LeadRef::LeadS2sId(_) => "lead_s2s_id",
            LeadRef::LeadMarketingApiId(_) => "lead_marketing_api_id",
        };
        jeff_id(lead_field, self.lead.value())?;
        external_id(&self.external_id)?;
        if let Some(reason) = &self.rejection_reason {
            validate::non_empty("rejection_reason", reason)?;
        }
        if self.repeated && !self.event_type.accepts_repeated() {
            return Err(Error::invalid_input(
                "repeated",
                "lead-exists cannot carry repeated=true: when the agreement pays for leads \
                 already in your system, stop sending lead-exists and send repeated=true on \
                 the event you pay for",
            ));
        }
        if let Some(PriceGroup::Unknown(group)) = &self.price_group
            && (group.is_empty() || !group.bytes().all(|b| b.is_ascii_alphanumeric()))
        {
            return Err(Error::invalid_input(
                "price_group",
                "must be a letter such as A, B, C or D",
            ));
        }
        Ok(())
    }

    fn to_request(&self, client: &JeffClient) -> ApiRequest {
        let method = match self.method.unwrap_or(client.event_method()) {
            EventMethod::Get => Method::GET,
            EventMethod::Post => Method::POST,
        };
        let url = client.api_url(&["events", self.event_type.path()]);
        let mut request = ApiRequest::new(
            self.event_type.operation(),
            method,
            url,
            Idempotency::NonIdempotent,
        )
        .query(self.lead.parameter(), self.lead.value())
        .query("external-id", self.external_id.as_str())
        .query_opt("rejection-reason", self.rejection_reason.as_deref())
        .sensitive(self.lead.value())
        .sensitive(&self.external_id);
        if let Some(reason) = &self.rejection_reason {
            request = request.sensitive(reason);
        }
        if self.repeated {
            request = request.query("repeated", "true");
        }
        request.query_opt(
            "price-group",
            self.price_group.as_ref().map(PriceGroup::as_str),
        )
    }
}

impl fmt::Debug for PartnerEvent {
    /// The rejection reason is free text and may name the applicant: only its length is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PartnerEvent")
            .field("event_type", &self.event_type)
            .field("lead", &self.lead)
            .field("external_id", &self.external_id)
            .field(
                "rejection_reason",
                &self
                    .rejection_reason
                    .as_ref()
                    .map(|r| format!("[{} chars]", r.chars().count())),
            )
            .field("repeated", &self.repeated)
            .field("price_group", &self.price_group)
            .field("method", &self.method)
            .finish()
    }
}

/// Jeff accepted an event.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventReceipt {
    /// The event sent.
    pub event_type: EventType,
    /// The HTTP status Jeff answered with (2xx).
    pub status: StatusCode,
}

impl JeffClient {
    /// Sends a Partner Event.
    ///
    /// An illogical event (say `loan-issued` after `loan-rejected`) is declined by Jeff with
    /// HTTP 400: it comes back as [`Error::Status`] with status 400 and Jeff's text in
    /// [`Error::vendor_message`] (emails and phone numbers masked). Events sent out of order
    /// are not blocked here: Jeff auto-generates the missing earlier ones
    /// ([`EventType::auto_generated_predecessors`]).
    pub async fn send_event(&self, event: &PartnerEvent) -> Result<EventReceipt> {
        event.validate()?;
        let request = event.to_request(self);
        let response = self.send(&request).await?;
        tracing::debug!(
            event = event.event_type.path(),
            status = response.status().as_u16(),
            "partner event accepted"
        );
        Ok(EventReceipt {
            event_type: event.event_type,
            status: response.status(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_fields() {
        let cases = [
            (PartnerEvent::lead_qualified("", "ext"), "lead_id"),
            (PartnerEvent::s2s_loan_issued(" ", "ext"), "lead_s2s_id"),
            (
                PartnerEvent::marketing_api_loan_issued("", "ext"),
                "lead_marketing_api_id",
            ),
            (PartnerEvent::loan_issued("lead", ""), "external_id"),
            (
                PartnerEvent::lead_rejected_with_reason("lead", "ext", ""),
                "rejection_reason",
            ),
            (
                PartnerEvent::loan_issued("lead", "ext")
                    .price_group(PriceGroup::from_vendor("A&x=1")),
                "price_group",
            ),
        ];
        for (event, field) in cases {
            assert_eq!(
                event.validate().unwrap_err().field(),
                Some(field),
                "{event:?}"
            );
        }
        assert!(
            PartnerEvent::loan_issued("lead", "ext")
                .price_group(PriceGroup::from_vendor("E"))
                .validate()
                .is_ok()
        );
    }

    #[test]
    fn debug_hides_the_reason_text() {
        let event = PartnerEvent::lead_rejected_with_reason("l", "e", "Nguyen Van A is too young");
        let debug = format!("{event:?}");
        assert!(!debug.contains("Nguyen"), "{debug}");
        assert!(debug.contains("[25 chars]"), "{debug}");
    }
}
