//! The XML answer, read with a small parser over quick-xml's event reader.
//!
//! The vendor names reason elements after their code (`<2.1>3</2.1>`). A name starting with a
//! digit is not well-formed XML, so a conforming parser would refuse the answer; quick-xml's
//! reader does not check names, so the document is read as sent. Elements are matched by
//! their path under the root (`header/flags/f1`, `body/reasons/*`, `body/result`); unknown
//! elements and attributes are ignored, and a repeated reason keeps its worse flag.

use bytes::Bytes;
use leadkit_core::{Result, StatusCode};
use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use crate::decode::{Parts, decode_error};
use crate::flag::parse_flag;
use crate::reason::ReasonCode;

/// Reads an XML answer into its parts.
pub(crate) fn parse(body: &Bytes, status: StatusCode) -> Result<Parts> {
    let fail = |path: &[String], reason: String| {
        let path = if path.is_empty() {
            ".".to_owned()
        } else {
            path.join(".")
        };
        decode_error(body, status, path, reason)
    };
    let text = std::str::from_utf8(body)
        .map_err(|_| fail(&[], "the XML answer is not valid UTF-8".to_owned()))?;
    // Text is trimmed per element at its end, not per event: trimming events would eat the
    // spaces around an entity (`Review &amp; Hold`).
    let mut reader = Reader::from_str(text);

    let mut parts = Parts::default();
    let mut path: Vec<String> = Vec::new();
    let mut content = String::new();
    let mut roots = 0u32;
    loop {
        let event = reader
            .read_event()
            .map_err(|error| fail(&path, format!("malformed XML: {error}")))?;
        match event {
            Event::Start(start) => {
                if path.is_empty() {
                    roots += 1;
                }
                path.push(start.name().as_ref().to_owned());
                content.clear();
            }
            Event::Empty(start) => {
                if path.is_empty() {
                    roots += 1;
                }
                path.push(start.name().as_ref().to_owned());
                complete(&path, "", &mut parts);
                path.pop();
            }
            Event::Text(text) => content.push_str(&text.xml10_content()),
            Event::CData(data) => content.push_str(&data.xml10_content()),
            Event::GeneralRef(reference) => {
                let resolved = reference
                    .resolve_char_ref()
                    .map_err(|error| fail(&path, format!("bad character reference: {error}")))?;
                match resolved {
                    Some(c) => content.push(c),
                    None => match resolve_predefined_entity(&reference) {
                        Some(text) => content.push_str(text),
                        None => {
                            return Err(fail(&path, "unknown entity reference".to_owned()));
                        }
                    },
                }
            }
            Event::End(_) => {
                complete(&path, content.trim(), &mut parts);
                path.pop();
                content.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !path.is_empty() {
        return Err(fail(
            &path,
            "the XML answer ends inside an element".to_owned(),
        ));
    }
    match roots {
        0 => Err(fail(&[], "the XML answer has no root element".to_owned())),
        1 => Ok(parts),
        _ => Err(fail(
            &[],
            "the XML answer has more than one root element".to_owned(),
        )),
    }
}

/// Stores the text of a finished element if its path under the root is one the answer uses.
fn complete(path: &[String], text: &str, parts: &mut Parts) {
    let Some((_root, under)) = path.split_first() else {
        return;
    };
    let names: Vec<&str> = under.iter().map(String::as_str).collect();
    let is = |name: &str, expected: &str| name.eq_ignore_ascii_case(expected);
    let value = (!text.is_empty()).then(|| text.to_owned());
    match names.as_slice() {
        [header, flags, label] if is(header, "header") && is(flags, "flags") => {
            let slot = match label.to_ascii_lowercase().as_str() {
                "f1" => &mut parts.labels.green,
                "f2" => &mut parts.labels.yellow,
                "f3" => &mut parts.labels.red,
                _ => return,
            };
            *slot = value;
        }
        [body, reasons, code] if is(body, "body") && is(reasons, "reasons") && !text.is_empty() => {
            let code = ReasonCode::from_key(code);
            parts.reasons.insert(code, parse_flag(text));
        }
        [body, result] if is(body, "body") && is(result, "result") && !text.is_empty() => {
            parts.result = Some(parse_flag(text));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flag::Flag;

    fn read(xml: &str) -> Result<Parts> {
        parse(&Bytes::copy_from_slice(xml.as_bytes()), StatusCode::OK)
    }

    #[test]
    fn digit_names_are_read_as_sent() {
        let parts = read(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<preaudit>\n  <header><flags>\
             <f1>Good Lead</f1><f2>Review &amp; Hold</f2><f3><![CDATA[Reject]]></f3></flags></header>\
             <body><reasons><2.1>3</2.1><4.10> 2 </4.10><9.9/><r5.1>1</r5.1></reasons>\
             <result>3</result></body></preaudit>",
        )
        .unwrap();
        assert_eq!(parts.labels.green.as_deref(), Some("Good Lead"));
        assert_eq!(parts.labels.yellow.as_deref(), Some("Review & Hold"));
        assert_eq!(parts.labels.red.as_deref(), Some("Reject"));
        assert_eq!(parts.result, Some(Flag::Red));
        let reasons: Vec<(String, Flag)> = parts
            .reasons
            .iter()
            .map(|r| (r.code.to_string(), r.flag.clone()))
            .collect();
        assert_eq!(
            reasons,
            [
                ("r2.1".to_owned(), Flag::Red),
                ("r4.10".to_owned(), Flag::Yellow),
                ("r5.1".to_owned(), Flag::Green),
            ]
        );
    }

    #[test]
    fn unknown_elements_and_attributes_are_ignored() {
        let parts = read(
            "<preaudit version=\"2\"><extra><result>1</result></extra><body kind=\"x\">\
             <reasons><12.3>2</12.3></reasons><result type=\"int\">2</result><note>new</note>\
             </body></preaudit>",
        )
        .unwrap();
        assert_eq!(parts.result, Some(Flag::Yellow));
        assert!(parts.labels.is_empty());
        assert_eq!(
            parts.reasons.flag(&ReasonCode::Unknown("r12.3".into())),
            Flag::Yellow
        );
    }

    #[test]
    fn broken_xml_is_a_decode_error() {
        for (xml, path) in [
            (
                "<preaudit><body><result>3</body></preaudit>",
                "preaudit.body.result",
            ),
            ("<preaudit><body><result>3</result>", "preaudit.body"),
            ("", "."),
            ("<a/><b/>", "."),
            ("<preaudit>&bogus;</preaudit>", "preaudit"),
        ] {
            let error = match read(xml) {
                Err(error) => error,
                Ok(_) => panic!("accepted {xml}"),
            };
            match &error {
                leadkit_core::Error::Decode { path: at, .. } => assert_eq!(at, path, "{xml}"),
                other => panic!("{other:?}"),
            }
        }
    }
}
