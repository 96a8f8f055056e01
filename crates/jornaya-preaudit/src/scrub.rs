//! Keeps the caller's `data` values out of vendor messages carried by errors and logs.
//!
//! leadkit-core masks emails, phone numbers and long tokens in a vendor's error text, but
//! names and addresses cannot be recognised in free text, and the core logs an error's
//! `Display` (vendor message included) before handing it back. So this client gives the core
//! an error parser that reads nothing ([`no_message`]): the core's logs and errors carry the
//! status only. The client then reads the vendor's message from the kept body excerpt and
//! masks every `data` value it sent ([`scrub_error`]) before the caller sees the error.

use leadkit_core::{Error, StatusCode, VendorMessage, default_error_parser};

/// The error parser handed to leadkit-core: no vendor text reaches the core's logs.
pub(crate) fn no_message(_status: StatusCode, _body: &[u8]) -> Option<VendorMessage> {
    None
}

/// Replaces every whole-word occurrence of each value (two characters or more) with `***`.
pub(crate) fn mask_values(text: &str, values: &[&str]) -> String {
    let mut out = text.to_owned();
    for value in values
        .iter()
        .map(|v| v.trim())
        .filter(|v| v.chars().count() >= 2)
    {
        let mut result = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(found) = rest.find(value) {
            let before = rest[..found].chars().next_back();
            let after = rest[found + value.len()..].chars().next();
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
            result.push_str(&rest[..found]);
            if boundary(before) && boundary(after) {
                result.push_str("***");
            } else {
                result.push_str(value);
            }
            rest = &rest[found + value.len()..];
        }
        result.push_str(rest);
        out = result;
    }
    out
}

fn scrub_message(message: &mut Option<VendorMessage>, values: &[&str]) {
    let Some(old) = message.take() else {
        return;
    };
    let mut new = VendorMessage::default();
    if let Some(text) = old.message() {
        new = new.with_message(mask_values(text, values));
    }
    if let Some(code) = old.code() {
        new = new.with_code(mask_values(code, values));
    }
    if let Some(reference) = old.reference_id() {
        new = new.with_reference_id(mask_values(reference, values));
    }
    if let Some(request) = old.request_id() {
        new = new.with_request_id(mask_values(request, values));
    }
    *message = Some(new);
}

/// Reads the vendor's message of an [`Error::Status`] from its body excerpt, and masks
/// `values` in any vendor message the error carries.
pub(crate) fn scrub_error(mut error: Error, values: &[&str]) -> Error {
    if let Error::OutcomeUnknown { status, cause } = error {
        return Error::OutcomeUnknown {
            status,
            cause: Box::new(scrub_error(*cause, values)),
        };
    }
    if let Error::Status {
        status,
        message: message @ None,
        body,
        ..
    } = &mut error
    {
        *message = default_error_parser(*status, body.as_bytes());
    }
    match &mut error {
        Error::Status { message, .. }
        | Error::Auth { message, .. }
        | Error::RateLimited { message, .. } => scrub_message(message, values),
        _ => {}
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_whole_words_only() {
        assert_eq!(
            mask_values(
                "no match for Ann Lee at 1 Main St, ANNEX IL",
                &["Ann", "1 Main St", "IL", "x"]
            ),
            "no match for *** Lee at ***, ANNEX ***"
        );
        assert_eq!(mask_values("Annabel", &["Ann"]), "Annabel");
    }

    #[test]
    fn reads_the_status_message_from_the_excerpt() {
        let body = bytes::Bytes::from_static(br#"{"message":"Invalid entity for Zed"}"#);
        let error = Error::Status {
            vendor: "jornaya",
            operation: "SinglePreAudit",
            status: StatusCode::BAD_REQUEST,
            message: no_message(StatusCode::BAD_REQUEST, &body),
            body: leadkit_core::BodyExcerpt::new(&body),
            retry_after: None,
        };
        let error = scrub_error(error, &["Zed"]);
        assert_eq!(
            error.vendor_message().and_then(VendorMessage::message),
            Some("Invalid entity for ***")
        );
    }

    #[test]
    fn scrubs_vendor_messages_in_errors() {
        let error = Error::Auth {
            vendor: "jornaya",
            operation: "SinglePreAudit",
            status: None,
            message: Some(VendorMessage::new("unknown consumer Zed Quill").with_code("Quill")),
        };
        let error = scrub_error(error, &["Zed", "Quill"]);
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("Zed") && !shown.contains("Quill"),
            "{shown}"
        );
        assert!(shown.contains("unknown consumer *** ***"));
    }
}
