//! The XML answer, read with a small parser over quick-xml's event reader.
//!
//! The vendor names reason elements after their code (`<2.1>3</2.1>`). A name starting with a
//! digit is not well-formed XML, so a conforming parser would refuse the answer; quick-xml's
//! reader does not check names, so the document is read as sent. Elements are matched by
//! their path under the root (`header/flags/f1`, `body/reasons/*`, `body/result`), without
//! regard to case; unknown elements and attributes are ignored. Values go to [`Parts`], which
//! reads and merges them as it does for JSON.
//!
//! Each event costs the same whatever the depth: an element's kind follows from its parent's
//! kind and its own name, and only the value elements keep their text. Elements nested deeper
//! than [`MAX_DEPTH`] are refused.

use bytes::Bytes;
use leadkit_core::{Error, Result};
use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use crate::decode::{Label, MAX_DEPTH, Parts, Source, label_text};
use crate::flag::flag_text;

/// What an element is, from its place in the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Node {
    Root,
    Header,
    Flags,
    Label(Label),
    Body,
    Reasons,
    Reason,
    Result,
    /// Anything else, including whatever lies inside a value element.
    Other,
}

impl Node {
    /// The kind of a child element named `name`.
    fn child(self, name: &str) -> Node {
        let is = |expected: &str| name.eq_ignore_ascii_case(expected);
        match self {
            Node::Root if is("header") => Node::Header,
            Node::Root if is("body") => Node::Body,
            Node::Header if is("flags") => Node::Flags,
            Node::Flags => Label::named(name).map_or(Node::Other, Node::Label),
            Node::Body if is("reasons") => Node::Reasons,
            Node::Body if is("result") => Node::Result,
            Node::Reasons => Node::Reason,
            _ => Node::Other,
        }
    }

    /// Whether the element holds a value whose text is read.
    fn holds_value(self) -> bool {
        matches!(self, Node::Label(_) | Node::Reason | Node::Result)
    }
}

/// Reads an XML answer (without its byte-order mark) into its parts.
pub(crate) fn parse(source: &Source<'_>, content: &Bytes) -> Result<Parts> {
    let text = std::str::from_utf8(content)
        .map_err(|_| source.decode_error(".", "the XML answer is not valid UTF-8"))?;
    // Text is trimmed per element at its end, not per event: trimming events would eat the
    // spaces around an entity (`Review &amp; Hold`).
    let mut reader = Reader::from_str(text);
    let mut parts = Parts::default();
    // The open elements, at most MAX_DEPTH: kind and name (for error paths).
    let mut open: Vec<(Node, String)> = Vec::new();
    // The text of the innermost open value element (value elements never nest: whatever is
    // inside one is `Other`).
    let mut value = String::new();
    let mut has_root = false;
    loop {
        let event = reader.read_event().map_err(|error| {
            fail(
                source,
                &open,
                format!("malformed XML: {}", without_quotes(&error.to_string())),
            )
        })?;
        let collecting = open.last().is_some_and(|(node, _)| node.holds_value());
        match event {
            Event::Start(start) => {
                let name = start.name().into_inner();
                let node = enter(source, &open, &mut has_root, name)?;
                if node.holds_value() {
                    value.clear();
                }
                open.push((node, name.to_owned()));
            }
            Event::Empty(start) => {
                // An empty element is an empty value: the same as an absent one.
                enter(source, &open, &mut has_root, start.name().into_inner())?;
            }
            Event::Text(text) if collecting => value.push_str(&text.xml10_content()),
            Event::CData(data) if collecting => value.push_str(&data.xml10_content()),
            Event::GeneralRef(reference) => {
                let resolved = reference.resolve_char_ref().map_err(|error| {
                    fail(
                        source,
                        &open,
                        format!(
                            "bad character reference: {}",
                            without_quotes(&error.to_string())
                        ),
                    )
                })?;
                match resolved {
                    Some(c) if collecting => value.push(c),
                    Some(_) => {}
                    None => match resolve_predefined_entity(&reference) {
                        Some(text) if collecting => value.push_str(text),
                        Some(_) => {}
                        None => return Err(fail(source, &open, "unknown entity reference")),
                    },
                }
            }
            Event::End(_) => match open.pop() {
                // A value element is read by its own text; elements inside it are skipped.
                Some((Node::Label(label), _)) => parts.label(label, label_text(&value)),
                Some((Node::Result, _)) => parts.result(flag_text(&value)),
                Some((Node::Reason, name)) => parts.reason(&name, flag_text(&value)),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !open.is_empty() {
        return Err(fail(source, &open, "the XML answer ends inside an element"));
    }
    if !has_root {
        return Err(fail(source, &open, "the XML answer has no root element"));
    }
    Ok(parts)
}

/// Checks an element about to open under `open` and gives its kind: at most one root, at
/// most [`MAX_DEPTH`] levels.
fn enter(
    source: &Source<'_>,
    open: &[(Node, String)],
    has_root: &mut bool,
    name: &str,
) -> Result<Node> {
    let Some((parent, _)) = open.last() else {
        if std::mem::replace(has_root, true) {
            return Err(fail(
                source,
                open,
                "the XML answer has more than one root element",
            ));
        }
        return Ok(Node::Root);
    };
    if open.len() >= MAX_DEPTH {
        return Err(fail(
            source,
            open,
            format!("the answer is nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    Ok(parent.child(name))
}

/// A decode error at the path of the open elements (`.` outside the root).
fn fail(source: &Source<'_>, open: &[(Node, String)], reason: impl Into<String>) -> Error {
    let path = if open.is_empty() {
        ".".to_owned()
    } else {
        open.iter()
            .map(|(_, name)| name.as_str())
            .collect::<Vec<_>>()
            .join(".")
    };
    source.decode_error(path, reason)
}

/// A quick-xml message without the document text it quotes: quick-xml quotes names and text
/// in backticks, and a quoted name may itself hold backticks, so everything from the first
/// backtick to the last is replaced. leadkit-core's masking covers `"…"` literals, emails and
/// phone numbers, not backtick quotes.
fn without_quotes(message: &str) -> String {
    match (message.find('`'), message.rfind('`')) {
        (Some(first), Some(last)) if first < last => {
            format!("{}`***`{}", &message[..first], &message[last + 1..])
        }
        (Some(first), _) => format!("{}`***", &message[..first]),
        _ => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use crate::flag::Flag;
    use crate::reason::ReasonCode;
    use crate::response::PreAudit;
    use leadkit_core::Result;

    fn read(xml: &str) -> Result<PreAudit> {
        PreAudit::from_xml(xml.as_bytes())
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
        assert_eq!(parts.result, Flag::Red);
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
        assert_eq!(parts.result, Flag::Yellow);
        assert!(parts.labels.is_empty());
        assert_eq!(
            parts.reasons.flag(&ReasonCode::Unknown("r12.3".into())),
            Flag::Yellow
        );
    }

    #[test]
    fn a_value_is_read_by_its_own_text() {
        let answer = read(
            "<preaudit><body>2<result> 3<x>1</x><x/> </result>\
             <reasons><2>2<b>3</b></2><3><c>3</c></3></reasons></body></preaudit>",
        )
        .unwrap();
        assert_eq!(answer.result, Flag::Red);
        assert_eq!(answer.flag(&ReasonCode::LeadAge), Flag::Yellow);
        assert_eq!(answer.reasons.get(&ReasonCode::DataIntegrity), None);
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
