//! The vendor's words in errors.
//!
//! Jornaya documents no error body. [`parse_error_body`] reads the message and code of a JSON
//! body (leadkit-core's field names, at the top level, under `preaudit` or `preaudit.body`),
//! of an XML body (the first `message`, `error`, `code`… element holding text) or of a plain
//! text body (its first line; error statuses only). It is handed to leadkit-core, so a 401 or
//! a 429 (whose errors keep no body) carry the vendor's text too.
//!
//! Names, street addresses and codes cannot be recognised in free text: the client declares
//! every value the request sends (the LeadiD token, the entity and provider codes and each
//! `data` value), and leadkit-core masks them, in every form an echo takes, in each message,
//! excerpt and decode error ([`leadkit_core::SentValues`]).

use leadkit_core::{StatusCode, VendorMessage};
use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use std::borrow::Cow;

/// How much of a plain-text error body becomes the message.
const TEXT_MESSAGE_CHARS: usize = 200;

/// How deep the XML error reader looks.
const XML_ERROR_DEPTH: usize = 16;

/// The error parser handed to leadkit-core, also used for 2xx answers that are error
/// documents: the vendor's message in a JSON, XML or (error statuses only) plain-text body.
/// The message is masked by leadkit-core (the request's values, then emails, phones and long
/// tokens) before it is shown anywhere.
pub(crate) fn parse_error_body(status: StatusCode, body: &[u8]) -> Option<VendorMessage> {
    let body = leadkit_core::without_bom(body);
    let start = body.iter().position(|byte| !byte.is_ascii_whitespace())?;
    let body = &body[start..];
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
    // Ids are not read: Jornaya documents none.
    VendorMessage::from_parts(find(&MESSAGE_KEYS), find(&CODE_KEYS))
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
    // Ids are not read: Jornaya documents none.
    VendorMessage::from_parts(find(&MESSAGE_KEYS), find(&CODE_KEYS))
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
