//! Reading an answer: where it comes from, format detection, the rules both formats share
//! ([`Parts`]), and the JSON form. The XML form is in `xml`.
//!
//! Both readers only find the values (`f1`–`f3`, `result`, each reason) and hand their text
//! to [`Parts`], which alone decides what a value means: so the same content reads the same
//! in either format.

use std::collections::HashMap;
use std::fmt;

use bytes::Bytes;
use leadkit_core::lenient::deserialize_open_enum;
use leadkit_core::redact::{mask_quoted, redact_path, redact_text};
use leadkit_core::{ApiResponse, BodyExcerpt, Error, Result, StatusCode, decode_json};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::flag::{Flag, flag_text};
use crate::reason::ReasonCode;
use crate::response::{FlagLabels, PreAudit, Reason, Reasons};
use crate::{OPERATION, VENDOR};

/// How deep an answer may nest (XML elements, JSON objects and arrays); a deeper answer is
/// refused. A real answer nests four deep.
pub(crate) const MAX_DEPTH: usize = 64;

/// The answer being read, and where its decode errors come from.
pub(crate) enum Source<'a> {
    /// An answer the client just received: errors are leadkit-core's
    /// [`ApiResponse::decode_error`].
    Live(&'a ApiResponse),
    /// A stored answer (`PreAudit::from_json` and the like), read as a `200 OK`.
    Stored(&'a Bytes),
}

impl Source<'_> {
    fn body(&self) -> &Bytes {
        match self {
            Self::Live(response) => response.body(),
            Self::Stored(body) => body,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::Live(response) => response.status(),
            Self::Stored(_) => StatusCode::OK,
        }
    }

    /// A decode error at `path` (masked), for `reason` (masked), keeping a body excerpt.
    pub(crate) fn decode_error(&self, path: impl Into<String>, reason: impl Into<String>) -> Error {
        match self {
            Self::Live(response) => response.decode_error(path, reason),
            // leadkit-core builds decode errors only from an `ApiResponse`, which a stored
            // answer does not have: this is the same error with the same masking.
            Self::Stored(body) => Error::Decode {
                vendor: VENDOR,
                operation: OPERATION,
                status: StatusCode::OK,
                path: redact_path(&path.into()),
                reason: redact_text(&mask_quoted(&reason.into())),
                body: BodyExcerpt::new(body),
            },
        }
    }
}

/// The two formats.
#[derive(Clone, Copy)]
pub(crate) enum Format {
    Json,
    Xml,
}

/// Reads an answer in `format`, or in the format recognised from its first character (`{`
/// JSON, `<` XML) when `None`, so that an answer in the other format than requested still
/// reads. A UTF-8 byte-order mark and whitespace before the document are skipped.
///
/// An answer that does not read as a pre-audit but carries the vendor's error message (a 200
/// with `{"error": …}`, say) is the vendor's error: [`Error::Status`] with its status and
/// message, not a decode error.
pub(crate) fn decode(source: &Source<'_>, format: Option<Format>) -> Result<PreAudit> {
    let error = match read(source, format) {
        Err(error @ Error::Decode { .. }) => error,
        other => return other,
    };
    match crate::error_body::parse_error_body(source.status(), source.body()) {
        Some(message) => Err(Error::Status {
            vendor: VENDOR,
            operation: OPERATION,
            status: source.status(),
            message: Some(message),
            body: BodyExcerpt::new(source.body()),
            retry_after: None,
        }),
        None => Err(error),
    }
}

fn read(source: &Source<'_>, format: Option<Format>) -> Result<PreAudit> {
    let body = source.body();
    // Both readers skip whitespace themselves (and so count lines as sent); neither reads a
    // byte-order mark.
    let content = body.slice(body.len() - leadkit_core::without_bom(body).len()..);
    let first = content.iter().find(|byte| !byte.is_ascii_whitespace());
    let format = match (format, first) {
        (Some(format), _) => format,
        (None, Some(b'{')) => Format::Json,
        (None, Some(b'<')) => Format::Xml,
        (None, Some(_)) => {
            return Err(source.decode_error(
                ".",
                "the answer is neither a JSON object nor an XML document",
            ));
        }
        (None, None) => return Err(source.decode_error(".", "the answer is empty")),
    };
    let parts = match format {
        Format::Json => read_json(source, &content)?,
        Format::Xml => crate::xml::parse(source, &content)?,
    };
    parts.finish(source)
}

impl PreAudit {
    /// Reads a stored JSON answer (`{"preaudit":{…}}`), as the client reads one it receives
    /// (see [`PreAudit::from_slice`]).
    pub fn from_json(body: &[u8]) -> Result<Self> {
        decode(
            &Source::Stored(&Bytes::copy_from_slice(body)),
            Some(Format::Json),
        )
    }

    /// Reads a stored XML answer (`<preaudit>…</preaudit>`, digit element names accepted), as
    /// the client reads one it receives (see [`PreAudit::from_slice`]).
    pub fn from_xml(body: &[u8]) -> Result<Self> {
        decode(
            &Source::Stored(&Bytes::copy_from_slice(body)),
            Some(Format::Xml),
        )
    }

    /// Reads a stored answer in either format, recognised from its first character.
    ///
    /// A stored error document (`{"error":"Invalid entity"}`) is [`Error::Status`] with status
    /// 200 and the vendor's message, as when it is received. A UTF-8 byte-order mark and
    /// whitespace before the document are skipped. An answer
    /// nested deeper than 64 levels (XML elements, JSON objects and arrays) is refused with
    /// [`Error::Decode`]; a real answer nests four deep. The same content reads the same in
    /// JSON and XML (docs/jornaya.md lists the rules).
    pub fn from_slice(body: &[u8]) -> Result<Self> {
        decode(&Source::Stored(&Bytes::copy_from_slice(body)), None)
    }
}

/// Which label an `f1`, `f2` or `f3` value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Label {
    Green,
    Yellow,
    Red,
}

impl Label {
    /// The label named `name` (`f1`, `F2`…), if any.
    pub(crate) fn named(name: &str) -> Option<Self> {
        [("f1", Self::Green), ("f2", Self::Yellow), ("f3", Self::Red)]
            .into_iter()
            .find(|(known, _)| name.eq_ignore_ascii_case(known))
            .map(|(_, label)| label)
    }
}

/// A label's text as both formats send it: trimmed; `None` when empty.
pub(crate) fn label_text(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// What both formats decode into before the result is checked. The readers hand over values
/// already passed through [`label_text`] or [`flag_text`] (`None`: empty, the same as absent);
/// a value given again is merged here, the same way for both formats.
#[derive(Debug, Default)]
pub(crate) struct Parts {
    labels: FlagLabels,
    result: Option<Flag>,
    reasons: Vec<Reason>,
    /// Where each code is in `reasons`, so that a long list merges in linear time.
    positions: HashMap<ReasonCode, usize>,
}

impl Parts {
    /// `f1`–`f3`: the first non-empty value of a label is kept.
    pub(crate) fn label(&mut self, label: Label, text: Option<String>) {
        let slot = match label {
            Label::Green => &mut self.labels.green,
            Label::Yellow => &mut self.labels.yellow,
            Label::Red => &mut self.labels.red,
        };
        if slot.is_none() {
            *slot = text;
        }
    }

    /// `result`: a result given again keeps the worse flag ([`Flag::replaces`]).
    pub(crate) fn result(&mut self, text: Option<String>) {
        if let Some(text) = text {
            let flag = Flag::from_vendor(&text);
            if self.result.as_ref().is_none_or(|kept| flag.replaces(kept)) {
                self.result = Some(flag);
            }
        }
    }

    /// One reason (`r2.1` in JSON, `2.1` in XML): a code given again keeps the worse flag; an
    /// empty value is ignored, as an absent (green) data point.
    pub(crate) fn reason(&mut self, key: &str, text: Option<String>) {
        let Some(text) = text else {
            return;
        };
        let code = ReasonCode::from_key(key);
        let flag = Flag::from_vendor(&text);
        match self.positions.get(&code) {
            Some(&at) => {
                let kept = &mut self.reasons[at].flag;
                if flag.replaces(kept) {
                    *kept = flag;
                }
            }
            None => {
                self.positions.insert(code.clone(), self.reasons.len());
                self.reasons.push(Reason::new(code, flag));
            }
        }
    }

    /// The answer, or an error when it has no result.
    fn finish(self, source: &Source<'_>) -> Result<PreAudit> {
        let result = self.result.ok_or_else(|| {
            source.decode_error("preaudit.body.result", "the answer has no result")
        })?;
        Ok(PreAudit::new(
            self.labels,
            result,
            Reasons::from_merged(self.reasons),
        ))
    }
}

/// Reads a JSON answer (after its byte-order mark) into its parts.
fn read_json(source: &Source<'_>, content: &Bytes) -> Result<Parts> {
    if nested_deeper_than(content, MAX_DEPTH) {
        return Err(source.decode_error(
            ".",
            format!("the answer is nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    let answer: JsonAnswer =
        decode_json(content, VENDOR, OPERATION, source.status()).map_err(|mut error| {
            // The excerpt shows the answer as received, byte-order mark included.
            if let Error::Decode { body, .. } = &mut error {
                *body = BodyExcerpt::new(source.body());
            }
            error
        })?;
    Ok(answer.0)
}

/// Whether JSON objects and arrays nest deeper than `limit` (one pass over the bytes; strings
/// skipped). serde_json skips unknown members without a depth limit; this keeps one limit
/// for both formats.
fn nested_deeper_than(json: &[u8], limit: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &byte in json {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// The JSON answer, read member by member into [`Parts`]. Member names are matched without
/// regard to case (as XML element names are), unknown members are skipped, and a member
/// given twice is read twice (its values merged by [`Parts`]), where derived structs would
/// refuse the answer.
struct JsonAnswer(Parts);

impl<'de> Deserialize<'de> for JsonAnswer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnswerVisitor;

        impl<'de> Visitor<'de> for AnswerVisitor {
            type Value = JsonAnswer;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object with a `preaudit` member")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonAnswer, A::Error> {
                let mut parts = Parts::default();
                let mut found = false;
                while let Some(key) = map.next_key::<String>()? {
                    if key.eq_ignore_ascii_case("preaudit") {
                        found = true;
                        map.next_value_seed(Section {
                            parts: &mut parts,
                            kind: SectionKind::PreAudit,
                        })?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                if found {
                    Ok(JsonAnswer(parts))
                } else {
                    Err(de::Error::missing_field("preaudit"))
                }
            }
        }

        deserializer.deserialize_map(AnswerVisitor)
    }
}

#[derive(Clone, Copy)]
enum SectionKind {
    PreAudit,
    Header,
    Flags,
    Body,
    Reasons,
}

/// An object of the answer: an object, or `null`, `[]` or a blank string for an empty one (as
/// some servers write empty maps).
struct Section<'p> {
    parts: &'p mut Parts,
    kind: SectionKind,
}

impl<'de> DeserializeSeed<'de> for Section<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Section<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            SectionKind::Reasons => f.write_str("an object of reason codes and flags"),
            _ => f.write_str("an object"),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let parts = self.parts;
        while let Some(key) = map.next_key::<String>()? {
            let is = |name: &str| key.eq_ignore_ascii_case(name);
            let child = match self.kind {
                SectionKind::PreAudit if is("header") => Some(SectionKind::Header),
                SectionKind::PreAudit if is("body") => Some(SectionKind::Body),
                SectionKind::Header if is("flags") => Some(SectionKind::Flags),
                SectionKind::Body if is("reasons") => Some(SectionKind::Reasons),
                _ => None,
            };
            if let Some(kind) = child {
                map.next_value_seed(Section {
                    parts: &mut *parts,
                    kind,
                })?;
                continue;
            }
            match self.kind {
                SectionKind::Flags => match Label::named(&key) {
                    Some(label) => parts.label(label, map.next_value_seed(Scalar(label_text))?),
                    None => map.next_value::<IgnoredAny>().map(drop)?,
                },
                SectionKind::Body if is("result") => {
                    parts.result(map.next_value_seed(Scalar(flag_text))?);
                }
                SectionKind::Reasons => {
                    let text = map.next_value_seed(ReasonValue)?;
                    parts.reason(&key, text);
                }
                _ => map.next_value::<IgnoredAny>().map(drop)?,
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        match seq.next_element::<IgnoredAny>()? {
            None => Ok(()),
            Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        if v.trim().is_empty() {
            Ok(())
        } else {
            Err(E::invalid_type(de::Unexpected::Other("a string"), &self))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// A label or flag value: a string, a number or a boolean, read as text by leadkit-core's
/// open-enum reader and passed through the shared rule (`label_text` or `flag_text`); `null`
/// is empty.
///
/// leadkit-core's reader does not read `null` or a number with a fraction part (`3.0`); the
/// value is taken whole first so that both reach the same rule as every other value.
struct Scalar(fn(&str) -> Option<String>);

impl<'de> DeserializeSeed<'de> for Scalar {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        use serde_json::Value;
        const EXPECTED: &str = "a string or a number";
        match Value::deserialize(deserializer)? {
            Value::Null => Ok(None),
            Value::Number(number) if number.is_f64() => Ok((self.0)(&number.to_string())),
            Value::Array(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &EXPECTED)),
            Value::Object(_) => Err(de::Error::invalid_type(de::Unexpected::Map, &EXPECTED)),
            scalar => deserialize_open_enum(scalar, self.0).map_err(de::Error::custom),
        }
    }
}

/// A reason's value. A list or an object where a flag belongs does not lose the answer: the
/// reason reads as an unknown flag (never better than yellow) and is reported as drift.
struct ReasonValue;

impl<'de> DeserializeSeed<'de> for ReasonValue {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        use serde_json::Value;
        let shape = match Value::deserialize(deserializer)? {
            Value::Array(_) => "[list]",
            Value::Object(_) => "[object]",
            scalar => {
                return Scalar(flag_text)
                    .deserialize(scalar)
                    .map_err(de::Error::custom);
            }
        };
        leadkit_core::drift::record_undecodable_part(
            "Reason",
            &format!("expected a flag, found {shape}: read as an unknown flag"),
        );
        Ok(Some(shape.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_that_is_not_a_flag_reads_as_unknown_and_is_reported() {
        let (answer, drift) = leadkit_core::drift::watch(|| {
            PreAudit::from_json(
                br#"{"preaudit":{"body":{"result":"1","reasons":{"r1":"1","new":{"a":1}}}}}"#,
            )
            .unwrap()
        });
        assert_eq!(drift.undecodable_parts.len(), 1);
        let code = crate::ReasonCode::from_key("new");
        assert!(
            answer.is_flagged(&code),
            "an unreadable reason never reads as green"
        );
        assert!(matches!(answer.flag(&code), Flag::Unknown(_)));
    }

    #[test]
    fn json_depth_counts_objects_and_arrays_outside_strings() {
        assert!(!nested_deeper_than(br#"{"a":[{"b":1}]}"#, 3));
        assert!(nested_deeper_than(br#"{"a":[{"b":[1]}]}"#, 3));
        assert!(!nested_deeper_than(br#"{"a":"[[[[{{{{\"[["}"#, 1));
        assert!(!nested_deeper_than(br#"[][][][]"#, 1));
    }

    #[test]
    fn a_repeated_value_merges_the_same_way_for_both_formats() {
        let mut parts = Parts::default();
        parts.result(Some("3".into()));
        parts.result(Some("1".into()));
        parts.reason("r2", Some("2".into()));
        parts.reason("2", Some("9".into()));
        parts.reason("r2", Some("1".into()));
        parts.reason("r3", None);
        parts.label(Label::Green, None);
        parts.label(Label::Green, Some("Good".into()));
        parts.label(Label::Green, Some("Other".into()));
        let answer = parts
            .finish(&Source::Stored(&Bytes::new()))
            .expect("has a result");
        assert_eq!(answer.result, Flag::Red);
        assert_eq!(
            answer.reasons.iter().cloned().collect::<Vec<_>>(),
            [Reason::new(ReasonCode::LeadAge, Flag::Unknown("9".into()))]
        );
        assert_eq!(answer.labels.green.as_deref(), Some("Good"));
    }
}
