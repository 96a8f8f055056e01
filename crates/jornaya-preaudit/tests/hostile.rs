//! Hostile answers of about 2 MiB (well under leadkit-core's default 8 MiB body cap):
//! nesting deeper than 64 levels is refused in both formats, and very wide answers are
//! read whole. These check outcomes only; the decoders are linear in the answer's size (the
//! release-mode times are in docs/jornaya.md).

use jornaya_preaudit::{Error, Flag, PreAudit, ReasonCode};

const SIZE: usize = 2 * 1024 * 1024;

fn refused_as_too_deep(result: jornaya_preaudit::Result<PreAudit>) -> String {
    match result {
        Err(Error::Decode { path, reason, .. }) => {
            assert_eq!(reason, "the answer is nested deeper than 64 levels");
            path
        }
        other => panic!("{:?}", other.map(|answer| answer.result)),
    }
}

/// `<preaudit><body><result>3</result>` and `levels` nested `<x>` elements inside the body.
fn xml_nested(levels: usize) -> String {
    format!(
        "<preaudit><body><result>3</result>{}{}</body></preaudit>",
        "<x>".repeat(levels),
        "</x>".repeat(levels)
    )
}

/// `{"preaudit":{"body":{"result":3,"x":…}}}` with `levels` nested arrays as `x`.
fn json_nested(levels: usize) -> String {
    format!(
        r#"{{"preaudit":{{"body":{{"result":3,"x":{}{}}}}}}}"#,
        "[".repeat(levels),
        "]".repeat(levels)
    )
}

#[test]
fn sixty_four_levels_read_and_sixty_five_are_refused() {
    // XML: preaudit (1), body (2), then the x elements.
    let answer = PreAudit::from_slice(xml_nested(62).as_bytes()).unwrap();
    assert_eq!(answer.result, Flag::Red);
    let path = refused_as_too_deep(PreAudit::from_slice(xml_nested(63).as_bytes()));
    assert_eq!(path, format!("preaudit.body{}", ".x".repeat(62)));
    // An empty element counts as a level too.
    let empty = format!(
        "<preaudit><body><result>3</result>{}<y/>{}</body></preaudit>",
        "<x>".repeat(62),
        "</x>".repeat(62)
    );
    refused_as_too_deep(PreAudit::from_xml(empty.as_bytes()));
    // JSON: the outer object (1), preaudit (2), body (3), then the arrays.
    let answer = PreAudit::from_slice(json_nested(61).as_bytes()).unwrap();
    assert_eq!(answer.result, Flag::Red);
    let path = refused_as_too_deep(PreAudit::from_json(json_nested(62).as_bytes()));
    assert_eq!(path, ".");
}

#[test]
fn a_two_mebibyte_deep_xml_answer_is_refused() {
    let levels = SIZE / "<x></x>".len();
    let body = xml_nested(levels);
    assert!(body.len() >= SIZE - 64);
    let path = refused_as_too_deep(PreAudit::from_slice(body.as_bytes()));
    assert!(path.starts_with("preaudit.body.x.x"), "{path}");
    // Without a root the vendor would send: refused the same way.
    let bare = format!("{}{}", "<a>".repeat(levels), "</a>".repeat(levels));
    refused_as_too_deep(PreAudit::from_xml(bare.as_bytes()));
    // Never closed.
    refused_as_too_deep(PreAudit::from_xml("<a>".repeat(SIZE / 3).as_bytes()));
}

#[test]
fn a_two_mebibyte_deep_json_answer_is_refused() {
    refused_as_too_deep(PreAudit::from_slice(json_nested(SIZE / 2).as_bytes()));
    let objects = format!(
        r#"{{"preaudit":{{"body":{{"result":3,"x":{}1{}}}}}}}"#,
        r#"{"a":"#.repeat(SIZE / 6),
        "}".repeat(SIZE / 6)
    );
    refused_as_too_deep(PreAudit::from_json(objects.as_bytes()));
}

#[test]
fn a_two_mebibyte_wide_xml_answer_is_read() {
    // Many unknown elements.
    let mut body = String::from("<preaudit><body><result>2</result>");
    while body.len() < SIZE {
        body.push_str("<x/><y>text</y>");
    }
    body.push_str("</body></preaudit>");
    assert_eq!(
        PreAudit::from_slice(body.as_bytes()).unwrap().result,
        Flag::Yellow
    );
    // Many distinct reasons: each is kept, in order.
    let mut body = String::from("<preaudit><body><result>3</result><reasons>");
    let mut count = 0;
    while body.len() < SIZE {
        body.push_str(&format!("<1.{count}>2</1.{count}>"));
        count += 1;
    }
    body.push_str("<2>3</2></reasons></body></preaudit>");
    let answer = PreAudit::from_slice(body.as_bytes()).unwrap();
    assert_eq!(answer.reasons.len(), count + 1);
    assert_eq!(
        answer.flag(&ReasonCode::from_key(&format!("1.{}", count - 1))),
        Flag::Yellow
    );
    assert_eq!(answer.flag(&ReasonCode::LeadAge), Flag::Red);
    // One reason repeated: merged into one.
    let mut body = String::from("<preaudit><body><result>1</result><reasons>");
    while body.len() < SIZE {
        body.push_str("<2>1</2><2>2</2>");
    }
    body.push_str("</reasons></body></preaudit>");
    let answer = PreAudit::from_slice(body.as_bytes()).unwrap();
    assert_eq!(answer.reasons.len(), 1);
    assert_eq!(answer.flag(&ReasonCode::LeadAge), Flag::Yellow);
}

#[test]
fn a_two_mebibyte_wide_json_answer_is_read() {
    let mut body = String::from(r#"{"preaudit":{"body":{"result":3,"reasons":{"#);
    let mut count = 0;
    while body.len() < SIZE {
        body.push_str(&format!(r#""r1.{count}":2,"#));
        count += 1;
    }
    body.push_str(r#""r2":3}}}}"#);
    let answer = PreAudit::from_slice(body.as_bytes()).unwrap();
    assert_eq!(answer.reasons.len(), count + 1);
    assert_eq!(answer.flag(&ReasonCode::LeadAge), Flag::Red);
    // A result repeated many times: the worse is kept.
    let mut body = String::from(r#"{"preaudit":{"body":{"result":1"#);
    while body.len() < SIZE {
        body.push_str(r#","result":1,"result":"2""#);
    }
    body.push_str("}}}");
    assert_eq!(
        PreAudit::from_slice(body.as_bytes()).unwrap().result,
        Flag::Yellow
    );
}
