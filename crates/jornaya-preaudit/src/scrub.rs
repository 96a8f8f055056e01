//! The vendor's words in errors, and keeping the caller's values out of them.
//!
//! Jornaya documents no error body. [`parse_error_body`] reads the message and code of a JSON
//! body (leadkit-core's field names, at the top level, under `preaudit` or `preaudit.body`),
//! of an XML body (the first `message`, `error`, `code`… element holding text) or of a plain
//! text body (its first line; error statuses only). It is handed to leadkit-core, so a 401 or
//! a 429 (whose errors keep no body) carry the vendor's text too.
//!
//! Names, street addresses and codes cannot be recognised in free text, so every value the
//! request sent ([`Masker`]: the LeadiD token, the entity and provider codes and each `data`
//! value) is masked in the body *before* the message is read: the client sets the request's
//! masker for the duration of the call ([`with_masker`]), and leadkit-core, which then masks
//! emails, phone numbers and long tokens, never holds the values in an error. The body kept as
//! evidence is masked the same way ([`mask_body`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;

use leadkit_core::redact::redact_text;
use leadkit_core::{Error, StatusCode, VendorMessage};
use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use crate::request::{MaskedToken, PreAuditRequest};

tokio::task_local! {
    /// The masker of the call in progress, for the error parser leadkit-core calls.
    static MASKER: Arc<Masker>;
}

/// Runs `call` with `masker` as the one [`parse_error_body`] applies.
pub(crate) async fn with_masker<T>(masker: &Arc<Masker>, call: impl Future<Output = T>) -> T {
    MASKER.scope(Arc::clone(masker), call).await
}

/// Runs `read` with `masker` as the one [`parse_error_body`] applies.
pub(crate) fn with_masker_sync<T>(masker: &Arc<Masker>, read: impl FnOnce() -> T) -> T {
    MASKER.sync_scope(Arc::clone(masker), read)
}

/// How much of a plain-text error body becomes the message.
const TEXT_MESSAGE_CHARS: usize = 200;

/// How deep the XML error reader looks.
const XML_ERROR_DEPTH: usize = 16;

/// The error parser handed to leadkit-core, also used for 2xx answers that are error
/// documents: the vendor's message in a JSON, XML or (error statuses only) plain-text body,
/// read after the values of the call in progress are masked in the body (none outside a
/// call: a stored answer).
pub(crate) fn parse_error_body(status: StatusCode, body: &[u8]) -> Option<VendorMessage> {
    MASKER
        .try_with(|masker| parse_masked(status, body, masker))
        .unwrap_or_else(|_| parse_masked(status, body, &Masker::default()))
}

fn parse_masked(status: StatusCode, body: &[u8], masker: &Masker) -> Option<VendorMessage> {
    let body = leadkit_core::without_bom(body);
    let start = body.iter().position(|byte| !byte.is_ascii_whitespace())?;
    let masked = masker.mask(&String::from_utf8_lossy(&body[start..]));
    let body = masked.as_bytes();
    match *body.first()? {
        b'{' => json_message(body),
        b'<' => xml_message(body),
        _ if status.is_success() => None,
        _ => text_message(body),
    }
}

/// Where a message is looked for, in order, by leadkit-core's field names.
const MESSAGE_KEYS: [&str; 4] = [
    "message",
    "errormessage",
    "error_description",
    "description",
];
/// Where a code is looked for, in order (a lone `error` is the message).
const CODE_KEYS: [&str; 3] = ["code", "errorcode", "error"];

/// The message and code found, as one [`VendorMessage`] (masked by leadkit-core once). Ids
/// are not read: Jornaya documents none, and leadkit-core keeps ids unmasked.
fn vendor_message(message: Option<String>, code: Option<String>) -> Option<VendorMessage> {
    let (message, code) = match (message, code) {
        (None, Some(code)) => (Some(code), None),
        other => other,
    };
    if message.is_none() && code.is_none() {
        return None;
    }
    let mut parsed = VendorMessage::default();
    if let Some(message) = message {
        parsed = parsed.with_message(message);
    }
    if let Some(code) = code {
        parsed = parsed.with_code(code);
    }
    Some(parsed)
}

/// The fields leadkit-core reads in JSON error bodies (names matched without regard to case),
/// looked for at the top level, then inside `preaudit` and `preaudit.body`, each with its
/// nested `errors` or `error` object.
fn json_message(body: &[u8]) -> Option<VendorMessage> {
    use serde_json::Value;
    fn member<'v>(value: &'v Value, name: &str) -> Option<&'v Value> {
        value
            .as_object()?
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }
    fn text(value: &Value) -> Option<String> {
        match value {
            Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }
    let value: Value = serde_json::from_slice(body).ok()?;
    let preaudit = member(&value, "preaudit");
    let inner = preaudit.and_then(|preaudit| member(preaudit, "body"));
    let mut places: Vec<&Value> = Vec::new();
    for place in [Some(&value), preaudit, inner].into_iter().flatten() {
        if place.is_object() {
            places.push(place);
            places.extend(
                ["errors", "error"]
                    .iter()
                    .filter_map(|name| member(place, name))
                    .find(|nested| nested.is_object()),
            );
        }
    }
    let find = |keys: &[&str]| {
        keys.iter().find_map(|key| {
            places
                .iter()
                .find_map(|place| member(place, key).and_then(text))
        })
    };
    vendor_message(find(&MESSAGE_KEYS), find(&CODE_KEYS))
}

/// The text of the first element of each name that holds text only, looked for to
/// [`XML_ERROR_DEPTH`] levels; the message and code chosen by the names used for JSON. A
/// document that turns out malformed (an HTML page) gives what was read before.
fn xml_message(body: &[u8]) -> Option<VendorMessage> {
    let text = std::str::from_utf8(body).ok()?;
    let mut reader = Reader::from_str(text);
    // Open elements: lower-case name, text so far, whether an element opened inside.
    let mut open: Vec<(String, String, bool)> = Vec::new();
    let mut found: Vec<(String, String)> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(start)) => {
                if open.len() >= XML_ERROR_DEPTH {
                    break;
                }
                if let Some(parent) = open.last_mut() {
                    parent.2 = true;
                }
                let name = start.name().into_inner().to_lowercase();
                open.push((name, String::new(), false));
            }
            Ok(Event::Empty(_)) => {
                if let Some(parent) = open.last_mut() {
                    parent.2 = true;
                }
            }
            Ok(Event::Text(text)) => {
                if let Some(current) = open.last_mut() {
                    current.1.push_str(&text.xml10_content());
                }
            }
            Ok(Event::CData(data)) => {
                if let Some(current) = open.last_mut() {
                    current.1.push_str(&data.xml10_content());
                }
            }
            Ok(Event::GeneralRef(reference)) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(Cow::Owned(c.to_string())),
                    Ok(None) => resolve_predefined_entity(&reference).map(Cow::Borrowed),
                    Err(_) => None,
                };
                if let (Some(current), Some(text)) = (open.last_mut(), resolved) {
                    current.1.push_str(&text);
                }
            }
            Ok(Event::End(_)) => {
                let Some((name, text, has_child)) = open.pop() else {
                    break;
                };
                let text = text.trim();
                if !has_child && !text.is_empty() && !found.iter().any(|(n, _)| *n == name) {
                    found.push((name, text.to_owned()));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    let find = |names: &[&str]| {
        names.iter().find_map(|name| {
            found
                .iter()
                .find(|(found, _)| found == name)
                .map(|(_, text)| text.clone())
        })
    };
    vendor_message(find(&MESSAGE_KEYS), find(&CODE_KEYS))
}

/// The first non-blank line of a plain-text body, at most [`TEXT_MESSAGE_CHARS`] characters.
fn text_message(body: &[u8]) -> Option<VendorMessage> {
    let text = String::from_utf8_lossy(body);
    let line = text.lines().map(str::trim).find(|line| !line.is_empty())?;
    let line: String = match line.char_indices().nth(TEXT_MESSAGE_CHARS) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line.to_owned(),
    };
    Some(VendorMessage::new(line))
}

/// Masks the values of one request wherever they appear as whole words: the LeadiD token
/// (shown as [`MaskedToken`]), the entity and provider codes and every `data` value (shown as
/// `***`). ASCII letters match without regard to case; each value is also looked for as JSON
/// and XML write it escaped. Values shorter than two characters are left alone.
#[derive(Default)]
pub(crate) struct Masker {
    /// What to look for (ASCII lower-cased) and what replaces it, longest first.
    needles: Vec<(String, String)>,
}

impl Masker {
    /// The masker for `request`'s values.
    pub(crate) fn for_request(request: &PreAuditRequest) -> Self {
        let mut masker = Self::default();
        masker.add(request.token(), MaskedToken(request.token()).to_string());
        masker.add(request.entity_code(), "***".to_owned());
        if let Some(provider) = request.provider() {
            masker.add(provider, "***".to_owned());
        }
        for value in request
            .lead_data()
            .into_iter()
            .flat_map(|data| data.values())
        {
            masker.add(value, "***".to_owned());
        }
        // Longest first, so that a value inside a longer one does not split it.
        masker
            .needles
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        masker
    }

    fn add(&mut self, value: &str, replacement: String) {
        let value = value.trim();
        if value.chars().count() < 2 {
            return;
        }
        let json = serde_json::to_string(value).unwrap_or_default();
        let json = json
            .strip_prefix('"')
            .and_then(|json| json.strip_suffix('"'))
            .unwrap_or(value)
            .to_owned();
        let forms = [
            value.to_owned(),
            json,
            json_ascii(value),
            quick_xml::escape::escape(value).into_owned(),
            quick_xml::escape::minimal_escape(value).into_owned(),
        ];
        for form in forms {
            let form = form.to_ascii_lowercase();
            if !self.needles.iter().any(|(known, _)| *known == form) {
                self.needles.push((form, replacement.clone()));
            }
        }
    }

    /// `text` with every value masked, in one pass: matches are chosen longest value first,
    /// never overlapping, and a replacement is never searched again.
    pub(crate) fn mask(&self, text: &str) -> String {
        if self.needles.is_empty() {
            return text.to_owned();
        }
        // ASCII lower-casing keeps every byte offset and character boundary.
        let lowered = text.to_ascii_lowercase();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        // Chosen matches by start: (end, replacement).
        let mut chosen: BTreeMap<usize, (usize, &str)> = BTreeMap::new();
        for (needle, replacement) in &self.needles {
            let mut from = 0;
            while let Some(found) = lowered[from..].find(needle.as_str()) {
                let at = from + found;
                let end = at + needle.len();
                let free = chosen
                    .range(..end)
                    .next_back()
                    .is_none_or(|(_, (taken_end, _))| *taken_end <= at);
                if free
                    && boundary(text[..at].chars().next_back())
                    && boundary(text[end..].chars().next())
                {
                    chosen.insert(at, (end, replacement.as_str()));
                    from = end;
                } else {
                    from = at + lowered[at..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        for (at, (end, replacement)) in chosen {
            out.push_str(&text[copied..at]);
            out.push_str(replacement);
            copied = end;
        }
        out.push_str(&text[copied..]);
        out
    }
}

/// `value` as a JSON string's content written with ASCII only (`\u00e9`, `\/`), as some
/// servers write it.
fn json_ascii(value: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out
}

/// The body kept as evidence: the request's values masked ([`Masker`]), then emails, phone
/// numbers and long tokens (leadkit-core's `redact_text`).
pub(crate) fn mask_body(body: &[u8], masker: &Masker) -> String {
    redact_text(&masker.mask(&String::from_utf8_lossy(body)))
}

/// Masks the values in a message that was read without them masked. A message read while the
/// masker was set is left as it is: leadkit-core's masking is applied once (masking a masked
/// email again would hide its domain).
fn scrub_message(message: &mut Option<VendorMessage>, masker: &Masker) {
    let Some(old) = message.take() else {
        return;
    };
    let unchanged = |text: Option<&str>| text.is_none_or(|text| masker.mask(text) == text);
    if unchanged(old.message())
        && unchanged(old.code())
        && unchanged(old.reference_id())
        && unchanged(old.request_id())
    {
        *message = Some(old);
        return;
    }
    let mut new = VendorMessage::default();
    if let Some(text) = old.message() {
        new = new.with_message(masker.mask(text));
    }
    if let Some(code) = old.code() {
        new = new.with_code(masker.mask(code));
    }
    if let Some(reference) = old.reference_id() {
        new = new.with_reference_id(masker.mask(reference));
    }
    if let Some(request) = old.request_id() {
        new = new.with_request_id(masker.mask(request));
    }
    *message = Some(new);
}

/// Reads the vendor's message of an [`Error::Status`] that has none from its body excerpt,
/// and masks the request's values in any vendor message the error carries.
pub(crate) fn scrub_error(mut error: Error, masker: &Masker) -> Error {
    if let Error::OutcomeUnknown { status, cause } = error {
        return Error::OutcomeUnknown {
            status,
            cause: Box::new(scrub_error(*cause, masker)),
        };
    }
    if let Error::Status {
        status,
        message: message @ None,
        body,
        ..
    } = &mut error
    {
        *message = parse_masked(*status, body.as_bytes(), masker);
    }
    match &mut error {
        Error::Status { message, .. }
        | Error::Auth { message, .. }
        | Error::RateLimited { message, .. } => scrub_message(message, masker),
        _ => {}
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::LeadData;

    const TOKEN: &str = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D";

    fn masker(data: LeadData) -> Masker {
        Masker::for_request(&PreAuditRequest::new(TOKEN, "ENTITY-9").data(data))
    }

    #[test]
    fn masks_whole_words_only_in_any_ascii_case() {
        let masker = masker(
            LeadData::new()
                .first_name("Ann")
                .address1("1 Main St")
                .state("IL")
                .zip("x"),
        );
        assert_eq!(
            masker.mask("no match for Ann Lee at 1 MAIN ST, ANNEX il x, entity entity-9"),
            "no match for *** Lee at ***, ANNEX *** x, entity ***"
        );
        assert_eq!(masker.mask("Annabel"), "Annabel");
        // The longer value wins where two overlap; a replacement is not searched again.
        let overlapping = self::masker(LeadData::new().first_name("Main").address1("1 Main St"));
        assert_eq!(overlapping.mask("at 1 main st, Main"), "at ***, ***");
        assert_eq!(
            masker.mask(&format!("token {} seen", TOKEN.to_lowercase())),
            "token 0A1B2C3D-**** seen"
        );
    }

    #[test]
    fn masks_values_as_json_and_xml_write_them() {
        let masker = masker(
            LeadData::new()
                .last_name("Zoë O\"Hara")
                .address1("1/2 Main & Co"),
        );
        for written in [
            r#""Zoë O\"Hara""#,
            r#""Zo\u00eb O\"Hara""#,
            r#""Zo\u00EB O\"Hara""#,
            "<l>Zoë O&quot;Hara</l>",
            r#""1\/2 Main & Co""#,
            "<a>1/2 Main &amp; Co</a>",
        ] {
            let masked = masker.mask(written);
            assert!(
                !masked.contains("Hara") && !masked.contains("Main"),
                "{written} -> {masked}"
            );
        }
    }

    #[test]
    fn reads_json_xml_and_text_error_bodies() {
        let message = |status: u16, body: &str| {
            parse_error_body(StatusCode::from_u16(status).unwrap(), body.as_bytes())
                .map(|m| m.to_string())
        };
        assert_eq!(
            message(400, r#"{"message":"Invalid entity"}"#).as_deref(),
            Some("Invalid entity")
        );
        assert_eq!(
            message(200, r#"{"preaudit":{"error":"Invalid entity"}}"#).as_deref(),
            Some("Invalid entity")
        );
        assert_eq!(
            message(
                400,
                "<?xml version=\"1.0\"?><error><code>E42</code><message>Bad &amp; wrong</message></error>"
            )
            .as_deref(),
            Some("E42: Bad & wrong")
        );
        assert_eq!(
            message(401, "<error>Unauthorized</error>").as_deref(),
            Some("Unauthorized")
        );
        assert_eq!(
            message(401, "\n  Invalid account code\nmore").as_deref(),
            Some("Invalid account code")
        );
        assert_eq!(message(200, "Invalid account code"), None);
        assert_eq!(
            message(
                502,
                "<html><head><title>502 Bad Gateway</title></head><body><hr></body></html>"
            ),
            None
        );
        assert_eq!(message(400, "   "), None);
        // Ids are not read: leadkit-core would keep them unmasked.
        let error = parse_error_body(
            StatusCode::OK,
            br#"{"Message":"x","referenceId":"a@b.co","requestId":"84876543287"}"#,
        )
        .unwrap();
        assert_eq!(error.message(), Some("x"));
        assert_eq!(error.reference_id(), None);
        assert_eq!(error.request_id(), None);
        assert_eq!(
            message(400, r#"{"errors":{"code":7,"description":"Bad lec"}}"#).as_deref(),
            Some("7: Bad lec")
        );
        let long = message(400, &"é".repeat(300)).unwrap();
        assert_eq!(long.chars().count(), TEXT_MESSAGE_CHARS + 1);
    }

    #[test]
    fn reads_the_status_message_from_the_excerpt() {
        let body = bytes::Bytes::from_static(br#"{"message":"Invalid entity for Zed"}"#);
        let error = Error::Status {
            vendor: "jornaya",
            operation: "SinglePreAudit",
            status: StatusCode::BAD_REQUEST,
            message: None,
            body: leadkit_core::BodyExcerpt::new(&body),
            retry_after: None,
        };
        let error = scrub_error(error, &masker(LeadData::new().first_name("Zed")));
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
        let error = scrub_error(
            error,
            &masker(LeadData::new().first_name("Zed").last_name("Quill")),
        );
        let shown = format!("{error} {error:?}");
        assert!(
            !shown.contains("Zed") && !shown.contains("Quill"),
            "{shown}"
        );
        assert!(shown.contains("unknown consumer *** ***"));
    }
}
