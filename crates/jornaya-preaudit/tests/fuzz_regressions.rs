//! Inputs the `jornaya_json` and `jornaya_xml` fuzz targets (see `fuzz/` and
//! docs/fuzzing-results.md) once flagged, kept so the behaviour they pinned stays.

use jornaya_preaudit::{Error, PreAudit};

/// The `jornaya_json` finding: an object key shaped like an email address, inside a body that
/// then fails to decode. The decode error's path named the key verbatim.
const EMAIL_KEY: &[u8] = b"{\n  \"p@reaur4.16dit\": {\n    \"header+: {\n      \"flags\": {\"f1\": \"Accept\", \"f2\": \"Manu: 2,\n        \"r5.2\": \"2\",\n        \"r8.1\": 2\n      },\n      \"result\": \"2\"\n    }\n  }\n}\n";

/// A JSON answer that is an array holding a huge number (found by `jornaya_json`).
const HUGE_NUMBER: &[u8] =
    b"[[1111111111111111111111111ffffffffffffffffffffff111111111111119111111111119'1111111";

/// Truncated XML with digit-named elements (found by `jornaya_xml`).
const BROKEN_XML: &[u8] = b"er>\n      o<m 999999999999999d</f1~\n         999<preeudit>\n    <header>\n      o<m 99999999999999d</f1>\n         999999999999   <9999999999d</f1~\n         999<preeudit>\n    <header>\n      o<m 99999999999999d</f1>\n      999   999999999   <f2>Review Le9ad</9";

/// Mismatched XML tags around a long digit run (found by `jornaya_xml`): the XML reader's
/// message quoted the document's text, phone-shaped number included.
const XML_QUOTES_TEXT: &[u8] = b"\n 0`   er>\n      o<m 9999999999999        999999</f1~\n         999<preeudit>\n </bo\n      o<m 9999999999999        99    <header>\n      o<m 999u9999999</f1~\n         999<preeudit>\n    <h99999ea997d</f1>\n d";

/// An unclosed element whose name is digit runs between control characters (found by
/// `jornaya_xml`).
const CONTROL_CHARACTERS_IN_A_NAME: &[u8] = b"<p]]]]M000000000000000000000\x100000000184=46744]]]]]];]]]]]]]]]]]]]]]]]]]]]00000018446744]]]]]]]]]]]]]]]v]]]]]]]]]]]]0000000\x00000000\x10\x00\x00\x00\x00\x00\x00\x00000000000000000000000000000000\x1000000000\x01\x00\x00\x00\x00\x00\x00+00000000000000r9.4000]v]]]]]]]]]]]]0000000\x00000000000000000000000000000000000000\x1000000000\x01\x00\x00\x00\x00\x00\x00+0000000000000000000000000\x1000000000000000er>\n b 000]]]]]]]]]]<f";

/// An element name full of `@`, backslashes and `\\u`-prefixed digits, unclosed (found by
/// `jornaya_xml`).
const BACKSLASHES_IN_A_NAME: &[u8] = b"<preaudit>\n    <h\x00\x00@@@@@@@4@@$@@@@`@@\x00\x0068@@@:@@@@@@@@@@\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u4500172564809011\\\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\\\\\\\\\\\\\x00\x00\\\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\\\\\\\\3000000000018  reaudit>\n  <\x0b\x00\x0000000000000000000000816282960\x00h\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\\\\\\\\\\\\\\\\\\\\u\\\\\\\\u\\\x10\x00\x00\x00\x00\x00\x00\x00\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u45001725>4809011\\\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\\\\\\\\\\\\\x00\x00\\\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\\\\\\\\3000000000017 \x17\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\\\\\\\\u\\\\\\\\\\\\\x00\x00\\\\\\\\\\\\!]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\ux\x0d\x0d4500172564809011\\\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\\\\\\\\\\\\\x00\x00\\\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\\\\\\\\0000948448340  t>\n";

/// Mismatched tags whose names hold backticks, the XML reader's own quote mark (found by
/// `jornaya_xml`): masking backtick pairs one by one left document text between them.
const BACKTICKS_IN_A_NAME: &[u8] = b"v\n\x00\x00\x0022222222din\"UTF-8\"?>\n<preaudi\x00\x00\x00\x00\x00\x00\x00\x00\x00@\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x003333333333333@@@@@@\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00333333<preaudit>\n    <h\x00\x00@@@@@@@4@@$@@@@`@@\x00\x0068@@@:@@@@@@@@@@\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u4500172564809011\\\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\3#3333333N3333<\x1a\x00\x00\x007.73\xcf\xb8\n     <result>3</resl`$$<  </b\x00\x00\x0dl  \x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03?\x00\x00\x00\x003333333333333@@@@@@\x00\x00\x00\x00\x00\x00\x00\x00\x00\x003333333#3333333N3333<\x1a\x00\x00\x007.73\xcf\xb8\n     <result>3</resl`$$<  </b\x00\x00\x0dl  \x03\x03\x03\x03\x03\\\\u\\\\\\\\\\\\\x00\x00\\\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\\\\\\\\3000000000018  reaudit>\n  <\x0b\x00\x0000000000000000000000816282960\x00h\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\x17\\\\\\\\\\\\\\\\\\\\u\\\\\\\\u\\\x10\x00\x00\x00\x00\x00\x00\x00\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u45001725>4809011\\\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\\\\\\\\\\\\\x00\x00\\\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\\\\\\\\3000000000017 \x17\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\\\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\x03\\\\\\u\\\\\\\\\\\\\x00\x00\\\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\x03?t>4500172564809011\\\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\\\\\\\\\\\\\x00\x00\\\\\\\\\\\\]\\\\d\x00\x00\x00\\\\\\\\\\\\\\\\\\\\\\\\\\u\\\\\\\\0000948448340  t>\n";

fn printed(error: &Error) -> String {
    format!("{error} {error:?}")
}

#[test]
fn an_email_shaped_key_is_masked_in_the_decode_path() {
    let error = PreAudit::from_json(EMAIL_KEY).unwrap_err();
    let Error::Decode { path, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(path, "p***@reaur4.16dit");
    assert!(!printed(&error).contains("p@reaur4.16dit"));
    // The format-sniffing reader fails the same way.
    let sniffed = PreAudit::from_slice(EMAIL_KEY).unwrap_err();
    assert!(!printed(&sniffed).contains("p@reaur4.16dit"));
}

#[test]
fn a_phone_number_sent_as_a_number_is_masked_in_the_decode_reason() {
    // serde quotes numbers in backticks, which the quoted-literal masking does not cover.
    let error = PreAudit::from_json(br#"{"preaudit": 84876543287}"#).unwrap_err();
    let Error::Decode { reason, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert!(reason.contains("8487*****87"), "{reason}");
    assert!(!printed(&error).contains("84876543287"));
}

#[test]
fn an_array_with_a_huge_number_is_a_decode_error() {
    let error = PreAudit::from_json(HUGE_NUMBER).unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert!(PreAudit::from_slice(HUGE_NUMBER).is_err());
}

#[test]
fn truncated_xml_with_digit_element_names_is_a_decode_error() {
    let error = PreAudit::from_xml(BROKEN_XML).unwrap_err();
    let Error::Decode { path, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert!(path.starts_with("m.header"), "{path}");
    assert!(PreAudit::from_slice(BROKEN_XML).is_err());
}

#[test]
fn text_the_xml_reader_quotes_is_masked() {
    let error = PreAudit::from_xml(XML_QUOTES_TEXT).unwrap_err();
    let Error::Decode { path, reason, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(path, "m");
    assert!(reason.starts_with("malformed XML: "), "{reason}");
    assert!(reason.contains("`***`"), "{reason}");
    assert!(!printed(&error).contains("9999999999999"));
    assert!(!reason.contains("header"), "{reason}");
}

#[test]
fn phone_shaped_element_names_are_masked_in_the_path() {
    let error = PreAudit::from_xml(b"<preaudit><body><84876543287>").unwrap_err();
    let Error::Decode { path, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(path, "preaudit.body.8487*****87");
    assert!(!printed(&error).contains("84876543287"));
}

#[test]
fn digit_runs_in_an_element_name_are_masked_between_control_characters() {
    let error = PreAudit::from_xml(CONTROL_CHARACTERS_IN_A_NAME).unwrap_err();
    let Error::Decode { path, reason, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert!(path.starts_with("p]]]]M"), "{path}");
    // `]00000018446744]` (14 digits between brackets) in the name: masked as a phone number.
    assert!(!path.contains("00000018446744"), "{path}");
    assert!(path.contains("]0000********44]"), "{path}");
    assert_eq!(
        reason,
        "malformed XML: syntax error: tag not closed: `***` not found before end of input"
    );
}

#[test]
fn an_unclosed_name_of_symbols_is_a_decode_error() {
    let error = PreAudit::from_xml(BACKSLASHES_IN_A_NAME).unwrap_err();
    let Error::Decode { path, reason, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert!(path.starts_with("preaudit.h"), "{path}");
    assert_eq!(reason, "the XML answer ends inside an element");
}

#[test]
fn everything_between_the_xml_readers_quotes_is_masked() {
    let error = PreAudit::from_xml(BACKTICKS_IN_A_NAME).unwrap_err();
    let Error::Decode { reason, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(
        reason,
        "malformed XML: ill-formed document: expected `***` was found"
    );
}
