//! The same content reads the same in JSON and in XML; a byte-order mark or whitespace before
//! the document is skipped; a value given twice keeps the worse flag.

use jornaya_preaudit::{Error, Flag, FlagLabels, PreAudit, Reason, ReasonCode, Reasons};

/// Reads `json` and every one of `xmls` (each recognised from its first character and read
/// with its format's own reader) and checks they all give the same answer or the same error.
fn same(json: &str, xmls: &[&str]) -> Result<PreAudit, (String, String)> {
    let read = |body: &str, direct: fn(&[u8]) -> jornaya_preaudit::Result<PreAudit>| {
        let sniffed = outcome(PreAudit::from_slice(body.as_bytes()));
        assert_eq!(sniffed, outcome(direct(body.as_bytes())), "{body}");
        sniffed
    };
    let expected = read(json, PreAudit::from_json);
    for xml in xmls {
        assert_eq!(read(xml, PreAudit::from_xml), expected, "{json}\n{xml}");
    }
    expected
}

fn outcome(result: jornaya_preaudit::Result<PreAudit>) -> Result<PreAudit, (String, String)> {
    result.map_err(|error| match error {
        Error::Decode { path, reason, .. } => (path, reason),
        other => panic!("{other:?}"),
    })
}

fn json_body(body: &str) -> String {
    format!(r#"{{"preaudit":{{"body":{{{body}}}}}}}"#)
}

fn xml_body(body: &str) -> String {
    format!("<preaudit><body>{body}</body></preaudit>")
}

fn reasons(answer: &PreAudit) -> Vec<(String, Flag)> {
    answer
        .reasons
        .iter()
        .map(|reason| (reason.code.to_string(), reason.flag.clone()))
        .collect()
}

fn no_result() -> Result<PreAudit, (String, String)> {
    Err((
        "preaudit.body.result".to_owned(),
        "the answer has no result".to_owned(),
    ))
}

#[test]
fn a_number_and_a_string_result_read_the_same() {
    let answer = same(
        &json_body(r#""result":3"#),
        &[&xml_body("<result>3</result>")],
    )
    .unwrap();
    assert_eq!(answer.result, Flag::Red);
    assert_eq!(
        same(
            &json_body(r#""result":"3""#),
            &[&xml_body("<result>3</result>")]
        )
        .unwrap(),
        answer
    );
    let yellow = same(
        &json_body(r#""reasons":{"r2":2,"r3":"2"},"result":"2""#),
        &[&xml_body(
            "<reasons><2>2</2><3>2</3></reasons><result>2</result>",
        )],
    )
    .unwrap();
    assert_eq!(
        reasons(&yellow),
        [("r2".into(), Flag::Yellow), ("r3".into(), Flag::Yellow)]
    );
}

#[test]
fn a_value_with_spaces_is_trimmed() {
    let answer = same(
        &json_body(r#""reasons":{"r2":" 2 "},"result":" 3""#),
        &[&xml_body(
            "<reasons><2> 2 </2></reasons><result> 3</result>",
        )],
    )
    .unwrap();
    assert_eq!(answer.result, Flag::Red);
    assert_eq!(reasons(&answer), [("r2".into(), Flag::Yellow)]);
}

#[test]
fn a_decimal_flag_is_read_as_a_number() {
    for (json, xml) in [("3.0", "3.0"), (r#""3.0""#, "3.0"), ("3e0", "3e0")] {
        let answer = same(
            &json_body(&format!(r#""reasons":{{"r4.6":2.0}},"result":{json}"#)),
            &[&xml_body(&format!(
                "<reasons><4.6>2.0</4.6></reasons><result>{xml}</result>"
            ))],
        )
        .unwrap();
        assert_eq!(answer.result, Flag::Red, "{json}");
        assert_eq!(answer.flag(&ReasonCode::IpVelocity5Minutes), Flag::Yellow);
    }
    // Not a whole number: kept as an unknown value, in the same form for both formats.
    let answer = same(
        &json_body(r#""reasons":{"r2":2.50},"result":1"#),
        &[&xml_body(
            "<reasons><2>2.50</2></reasons><result>1</result>",
        )],
    )
    .unwrap();
    assert_eq!(
        answer.flag(&ReasonCode::LeadAge),
        Flag::Unknown("2.5".into())
    );
}

#[test]
fn an_empty_result_is_no_result() {
    for json in [r#""result":"""#, r#""result":"  ""#, r#""result":null"#, ""] {
        assert_eq!(
            same(
                &json_body(json),
                &[
                    &xml_body("<result></result>"),
                    &xml_body("<result/>"),
                    &xml_body("<result> \n </result>"),
                    &xml_body(""),
                ],
            ),
            no_result(),
            "{json}"
        );
    }
}

#[test]
fn an_empty_reason_is_an_absent_one() {
    for json in [r#""r2":"""#, r#""r2":null"#, r#""r2":" ""#] {
        let answer = same(
            &json_body(&format!(r#""reasons":{{{json},"r3":2}},"result":2"#)),
            &[
                &xml_body("<reasons><2></2><3>2</3></reasons><result>2</result>"),
                &xml_body("<reasons><2/><3>2</3></reasons><result>2</result>"),
                &xml_body("<reasons><2> </2><3>2</3></reasons><result>2</result>"),
            ],
        )
        .unwrap();
        assert_eq!(reasons(&answer), [("r3".into(), Flag::Yellow)], "{json}");
        assert_eq!(answer.reasons.get(&ReasonCode::LeadAge), None);
    }
}

#[test]
fn missing_optional_parts_read_the_same() {
    let green = PreAudit::new(FlagLabels::default(), Flag::Green, Reasons::new());
    for (json, xml) in [
        (
            r#"{"preaudit":{"body":{"result":1}}}"#,
            "<preaudit><body><result>1</result></body></preaudit>",
        ),
        (
            r#"{"preaudit":{"header":null,"body":{"reasons":null,"result":1}}}"#,
            "<preaudit><header/><body><reasons/><result>1</result></body></preaudit>",
        ),
        (
            r#"{"preaudit":{"header":{},"body":{"reasons":{},"result":1}}}"#,
            "<preaudit><header></header><body><reasons></reasons><result>1</result></body></preaudit>",
        ),
        (
            r#"{"preaudit":{"header":{"flags":[]},"body":{"reasons":"","result":1}}}"#,
            "<preaudit><header><flags/></header><body><reasons/><result>1</result></body></preaudit>",
        ),
    ] {
        assert_eq!(same(json, &[xml]).unwrap(), green, "{json}");
    }
    // Only some labels.
    let answer = same(
        r#"{"preaudit":{"header":{"flags":{"f3":"Reject"}},"body":{"result":3}}}"#,
        &["<preaudit><header><flags><f3>Reject</f3></flags></header><body><result>3</result></body></preaudit>"],
    )
    .unwrap();
    assert_eq!(
        answer.labels,
        FlagLabels::new(None, None, Some("Reject".into()))
    );
}

#[test]
fn unknown_flags_reasons_and_members_read_the_same() {
    let answer = same(
        r#"{"preaudit":{"header":{"flags":{"f1":"Good","f4":"Hold"},"v":2},
            "body":{"reasons":{"r10.1":3,"r2.1":4,"r2":true},"result":7,"score":0.4}},"id":1}"#,
        &[
            "<preaudit id=\"1\"><header><flags><f1>Good</f1><f4>Hold</f4></flags><v>2</v></header>\
           <body><reasons><10.1>3</10.1><2.1>4</2.1><2>true</2></reasons><result>7</result>\
           <score>0.4</score></body></preaudit>",
        ],
    )
    .unwrap();
    assert_eq!(answer.result, Flag::Unknown("7".into()));
    assert_eq!(
        answer.labels,
        FlagLabels::new(Some("Good".into()), None, None)
    );
    assert_eq!(
        reasons(&answer),
        [
            ("r10.1".into(), Flag::Red),
            ("r2.1".into(), Flag::Unknown("4".into())),
            ("r2".into(), Flag::Unknown("true".into())),
        ]
    );
}

#[test]
fn labels_are_trimmed_and_numbers_kept_as_text() {
    let answer = same(
        r#"{"preaudit":{"header":{"flags":{"f1":" Good Lead ","f2":"","f3":3}},"body":{"result":1}}}"#,
        &["<preaudit><header><flags><f1> Good Lead </f1><f2/><f3>3</f3></flags></header>\
           <body><result>1</result></body></preaudit>"],
    )
    .unwrap();
    assert_eq!(
        answer.labels,
        FlagLabels::new(Some("Good Lead".into()), None, Some("3".into()))
    );
}

#[test]
fn names_are_matched_without_regard_to_case() {
    let answer = same(
        r#"{"PreAudit":{"Header":{"Flags":{"F3":"Reject"}},"BODY":{"Reasons":{"R2":3},"Result":3}}}"#,
        &["<PreAudit><Header><Flags><F3>Reject</F3></Flags></Header>\
           <BODY><Reasons><R2>3</R2></Reasons><Result>3</Result></BODY></PreAudit>"],
    )
    .unwrap();
    assert_eq!(answer.result_label(), Some("Reject"));
    assert_eq!(answer.flag(&ReasonCode::LeadAge), Flag::Red);
}

#[test]
fn a_repeated_result_keeps_the_worse_flag() {
    for (first, second, kept) in [
        ("3", "1", Flag::Red),
        ("1", "3", Flag::Red),
        ("2", "1", Flag::Yellow),
        ("3", "9", Flag::Red),
        // An unknown value is worse than yellow here: it never makes a lead look better.
        ("2", "9", Flag::Unknown("9".into())),
        ("9", "2", Flag::Unknown("9".into())),
        ("9", "1", Flag::Unknown("9".into())),
        ("9", "8", Flag::Unknown("9".into())),
        ("3", "", Flag::Red),
    ] {
        let answer = same(
            &json_body(&format!(r#""result":"{first}","result":"{second}""#)),
            &[
                &xml_body(&format!(
                    "<result>{first}</result><result>{second}</result>"
                )),
                // The same element in a repeated body.
                &format!(
                    "<preaudit><body><result>{first}</result></body>\
                     <body><result>{second}</result></body></preaudit>"
                ),
            ],
        )
        .unwrap();
        assert_eq!(answer.result, kept, "{first} then {second}");
    }
}

#[test]
fn red_then_green_in_xml_reads_red() {
    let answer = PreAudit::from_xml(
        b"<preaudit><body><result>3</result><result>1</result></body></preaudit>",
    )
    .unwrap();
    assert_eq!(answer.result, Flag::Red);
    assert!(!answer.is_green());
}

#[test]
fn a_repeated_reason_keeps_the_worse_flag() {
    let answer = same(
        &json_body(
            r#""reasons":{"r2":3,"2":1,"r4.6":2,"r4.6":"x","r5.1":"x","r5.1":2,"r8.1":1,"r8.1":2},"result":3"#,
        ),
        &[&xml_body(
            "<reasons><2>3</2><r2>1</r2><4.6>2</4.6><4.6>x</4.6><5.1>x</5.1><5.1>2</5.1>\
             <8.1>1</8.1><8.1>2</8.1></reasons><result>3</result>",
        )],
    )
    .unwrap();
    assert_eq!(
        reasons(&answer),
        [
            ("r2".into(), Flag::Red),
            ("r4.6".into(), Flag::Unknown("x".into())),
            ("r5.1".into(), Flag::Unknown("x".into())),
            ("r8.1".into(), Flag::Yellow),
        ]
    );
    // Reasons built by hand merge the same way.
    let built: Reasons = [
        (ReasonCode::LeadAge, Flag::Yellow),
        (ReasonCode::LeadAge, Flag::Unknown("x".into())),
        (ReasonCode::LeadAge, Flag::Green),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        built.iter().cloned().collect::<Vec<_>>(),
        [Reason::new(ReasonCode::LeadAge, Flag::Unknown("x".into()))]
    );
}

#[test]
fn a_repeated_label_keeps_the_first_non_empty_one() {
    let answer = same(
        r#"{"preaudit":{"header":{"flags":{"f1":"","f1":"Good","f1":"Other"}},"body":{"result":1}}}"#,
        &[
            "<preaudit><header><flags><f1/><f1>Good</f1><f1>Other</f1></flags></header>\
             <body><result>1</result></body></preaudit>",
            "<preaudit><header><flags><f1></f1><f1>Good</f1></flags></header>\
             <header><flags><f1>Other</f1></flags></header><body><result>1</result></body></preaudit>",
        ],
    )
    .unwrap();
    assert_eq!(answer.labels.green.as_deref(), Some("Good"));
}

#[test]
fn a_byte_order_mark_and_whitespace_before_the_document_are_skipped() {
    let json = r#"{"preaudit":{"body":{"reasons":{"r2":2},"result":3}}}"#;
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
               <preaudit><body><reasons><2>2</2></reasons><result>3</result></body></preaudit>";
    let expected = PreAudit::from_json(json.as_bytes()).unwrap();
    for prefix in [&b"\xEF\xBB\xBF"[..], b"\xEF\xBB\xBF \r\n\t", b"\n  "] {
        for (body, direct) in [
            (json, PreAudit::from_json as fn(&[u8]) -> _),
            (xml, PreAudit::from_xml),
        ] {
            let body = [prefix, body.as_bytes()].concat();
            assert_eq!(PreAudit::from_slice(&body).unwrap(), expected, "{prefix:?}");
            assert_eq!(direct(&body).unwrap(), expected, "{prefix:?}");
        }
    }
    // Lines are counted as sent: a broken answer after a mark and two newlines fails on line 3.
    match PreAudit::from_slice(b"\xEF\xBB\xBF\n\n{\"preaudit\": }") {
        Err(Error::Decode { reason, body, .. }) => {
            assert!(reason.contains("line 3"), "{reason}");
            assert!(body.as_bytes().starts_with(b"\xEF\xBB\xBF\n\n{"));
        }
        other => panic!("{other:?}"),
    }
    // A mark alone is an empty answer; a mark in the middle of whitespace is not skipped.
    for (body, reason) in [
        (&b"\xEF\xBB\xBF"[..], "the answer is empty"),
        (b"\xEF\xBB\xBF  ", "the answer is empty"),
        (
            b" \xEF\xBB\xBF{}",
            "the answer is neither a JSON object nor an XML document",
        ),
    ] {
        match PreAudit::from_slice(body) {
            Err(Error::Decode {
                path, reason: got, ..
            }) => {
                assert_eq!(path, ".");
                assert_eq!(got, reason);
            }
            other => panic!("{body:?}: {other:?}"),
        }
    }
}

#[test]
fn the_fixtures_read_the_same_with_a_byte_order_mark() {
    for name in ["red.json", "red.xml", "yellow.json", "yellow.xml"] {
        let body = leadkit_core::testing::fixture("jornaya", name);
        let marked = [&b"\xEF\xBB\xBF"[..], body.as_bytes()].concat();
        assert_eq!(
            PreAudit::from_slice(&marked).unwrap(),
            PreAudit::from_slice(body.as_bytes()).unwrap(),
            "{name}"
        );
    }
}
