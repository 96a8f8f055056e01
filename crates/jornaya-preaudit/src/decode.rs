//! Reading an answer: format detection and the JSON form. The XML form is in `xml`.

use std::fmt;
use std::marker::PhantomData;

use bytes::Bytes;
use leadkit_core::redact::{mask_quoted, redact_path, redact_text};
use leadkit_core::{BodyExcerpt, Error, Result, StatusCode, decode_json};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::flag::{Flag, parse_flag};
use crate::reason::ReasonCode;
use crate::response::{FlagLabels, PreAudit, Reasons};
use crate::{OPERATION, VENDOR};

/// What both formats decode into before the result is checked.
#[derive(Debug, Default)]
pub(crate) struct Parts {
    pub(crate) labels: FlagLabels,
    pub(crate) result: Option<Flag>,
    pub(crate) reasons: Reasons,
}

/// The error for an answer that could not be read.
pub(crate) fn decode_error(
    body: &Bytes,
    status: StatusCode,
    path: impl Into<String>,
    reason: impl Into<String>,
) -> Error {
    Error::Decode {
        vendor: VENDOR,
        operation: OPERATION,
        status,
        path: redact_path(&path.into()),
        reason: mask_reason(&reason.into()),
        body: BodyExcerpt::new(body),
    }
}

/// A reason with what it quotes from the document masked: everything between its first and
/// last backtick (the XML reader quotes excerpts of the answer in backticks, and an excerpt
/// may itself hold backticks), then `"…"` literals, then any email or phone number left.
fn mask_reason(reason: &str) -> String {
    let unquoted = match (reason.find('`'), reason.rfind('`')) {
        (Some(first), Some(last)) if first < last => {
            format!("{}`***`{}", &reason[..first], &reason[last + 1..])
        }
        (Some(first), _) => format!("{}`***", &reason[..first]),
        _ => reason.to_owned(),
    };
    redact_text(&mask_quoted(&unquoted))
}

/// Decodes an answer, recognising its format from its first character (`{` JSON, `<` XML),
/// so that an answer in the other format than requested still reads.
pub(crate) fn decode(body: &Bytes, status: StatusCode) -> Result<PreAudit> {
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => finish(crate::xml::parse(body, status)?, body, status),
        Some(b'{') => decode_json_answer(body, status),
        Some(_) => Err(decode_error(
            body,
            status,
            ".",
            "the answer is neither a JSON object nor an XML document",
        )),
        None => Err(decode_error(body, status, ".", "the answer is empty")),
    }
}

pub(crate) fn decode_json_answer(body: &Bytes, status: StatusCode) -> Result<PreAudit> {
    let answer: JsonAnswer = decode_json(body, VENDOR, OPERATION, status)?;
    let JsonPreAudit {
        header,
        body: json_body,
    } = answer.preaudit;
    let parts = Parts {
        labels: FlagLabels::new(header.flags.f1, header.flags.f2, header.flags.f3),
        result: json_body.result.map(|flag| flag.0),
        reasons: json_body.reasons.0,
    };
    finish(parts, body, status)
}

pub(crate) fn finish(parts: Parts, body: &Bytes, status: StatusCode) -> Result<PreAudit> {
    let result = parts.result.ok_or_else(|| {
        decode_error(
            body,
            status,
            "preaudit.body.result",
            "the answer has no result",
        )
    })?;
    Ok(PreAudit::new(parts.labels, result, parts.reasons))
}

impl PreAudit {
    /// Reads a stored JSON answer (`{"preaudit":{…}}`).
    pub fn from_json(body: &[u8]) -> Result<Self> {
        decode_json_answer(&Bytes::copy_from_slice(body), StatusCode::OK)
    }

    /// Reads a stored XML answer (`<preaudit>…</preaudit>`, digit element names accepted).
    pub fn from_xml(body: &[u8]) -> Result<Self> {
        let body = Bytes::copy_from_slice(body);
        finish(
            crate::xml::parse(&body, StatusCode::OK)?,
            &body,
            StatusCode::OK,
        )
    }

    /// Reads a stored answer in either format, recognised from its first character.
    pub fn from_slice(body: &[u8]) -> Result<Self> {
        decode(&Bytes::copy_from_slice(body), StatusCode::OK)
    }
}

#[derive(Deserialize)]
struct JsonAnswer {
    preaudit: JsonPreAudit,
}

#[derive(Deserialize)]
struct JsonPreAudit {
    #[serde(default, deserialize_with = "object_or_empty")]
    header: JsonHeader,
    #[serde(default, deserialize_with = "object_or_empty")]
    body: JsonBody,
}

#[derive(Deserialize, Default)]
struct JsonHeader {
    #[serde(default, deserialize_with = "object_or_empty")]
    flags: JsonFlags,
}

#[derive(Deserialize, Default)]
struct JsonFlags {
    #[serde(default, deserialize_with = "label")]
    f1: Option<String>,
    #[serde(default, deserialize_with = "label")]
    f2: Option<String>,
    #[serde(default, deserialize_with = "label")]
    f3: Option<String>,
}

#[derive(Deserialize, Default)]
struct JsonBody {
    #[serde(default)]
    reasons: JsonReasons,
    #[serde(default)]
    result: Option<FlagValue>,
}

/// A flag as sent: `3`, `"3"` or `" 3 "`; `null` is none.
struct FlagValue(Flag);

impl<'de> Deserialize<'de> for FlagValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FlagVisitor;

        impl Visitor<'_> for FlagVisitor {
            type Value = FlagValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a flag value (1, 2 or 3, as a number or a string)")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<FlagValue, E> {
                Ok(FlagValue(parse_flag(v)))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FlagValue, E> {
                Ok(FlagValue(parse_flag(&v.to_string())))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FlagValue, E> {
                Ok(FlagValue(parse_flag(&v.to_string())))
            }
        }

        deserializer.deserialize_any(FlagVisitor)
    }
}

/// An object, or `null`, `[]` or `""` for an empty one (as some servers write empty maps).
fn object_or_empty<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    struct ObjectVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
            match seq.next_element::<de::IgnoredAny>()? {
                None => Ok(T::default()),
                Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
            }
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            if v.trim().is_empty() {
                Ok(T::default())
            } else {
                Err(E::invalid_type(de::Unexpected::Other("a string"), &self))
            }
        }

        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            Ok(T::default())
        }

        fn visit_none<E: de::Error>(self) -> Result<T, E> {
            Ok(T::default())
        }
    }

    deserializer.deserialize_any(ObjectVisitor(PhantomData))
}

/// A label: a string (or a number, kept as text); `null` and `""` are none.
fn label<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Text {
        String(String),
        Number(serde_json::Number),
    }
    Ok(
        Option::<Text>::deserialize(deserializer)?.and_then(|text| match text {
            Text::String(text) if text.trim().is_empty() => None,
            Text::String(text) => Some(text),
            Text::Number(number) => Some(number.to_string()),
        }),
    )
}

/// `reasons`: an object of code → flag in the order sent; `null`, `[]` or `""` when empty.
#[derive(Default)]
struct JsonReasons(Reasons);

impl<'de> Deserialize<'de> for JsonReasons {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ReasonsVisitor;

        impl<'de> Visitor<'de> for ReasonsVisitor {
            type Value = JsonReasons;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of reason codes and flags")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonReasons, A::Error> {
                let mut reasons = Reasons::new();
                while let Some(key) = map.next_key::<String>()? {
                    if let Some(flag) = map.next_value::<Option<FlagValue>>()? {
                        reasons.insert(ReasonCode::from_key(&key), flag.0);
                    }
                }
                Ok(JsonReasons(reasons))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<JsonReasons, A::Error> {
                match seq.next_element::<de::IgnoredAny>()? {
                    None => Ok(JsonReasons::default()),
                    Some(_) => Err(de::Error::invalid_type(de::Unexpected::Seq, &self)),
                }
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<JsonReasons, E> {
                if v.trim().is_empty() {
                    Ok(JsonReasons::default())
                } else {
                    Err(E::invalid_type(de::Unexpected::Other("a string"), &self))
                }
            }

            fn visit_unit<E: de::Error>(self) -> Result<JsonReasons, E> {
                Ok(JsonReasons::default())
            }
        }

        deserializer.deserialize_any(ReasonsVisitor)
    }
}
