//! Every fixture decodes, field by field, and each JSON answer equals its XML twin.

use jornaya_preaudit::{EntityStatus, Error, Flag, PreAudit, ReasonCode, ReasonGroup, Verdict};
use leadkit_core::testing::fixture;

fn answer(name: &str) -> PreAudit {
    PreAudit::from_slice(fixture("jornaya", name).as_bytes())
        .unwrap_or_else(|error| panic!("{name}: {error}"))
}

fn reasons(answer: &PreAudit) -> Vec<(&str, Flag)> {
    answer
        .reasons
        .iter()
        .map(|reason| (reason.code.as_str(), reason.flag.clone()))
        .collect()
}

fn both(stem: &str) -> PreAudit {
    let json = answer(&format!("{stem}.json"));
    let xml = answer(&format!("{stem}.xml"));
    assert_eq!(json, xml, "{stem}: JSON and XML differ");
    json
}

#[test]
fn doc_example_in_both_formats() {
    let answer = both("doc-example");
    assert_eq!(answer.labels.green.as_deref(), Some("Good Lead"));
    assert_eq!(answer.labels.yellow.as_deref(), Some("Review Lead"));
    assert_eq!(answer.labels.red.as_deref(), Some("Reject"));
    assert_eq!(answer.result, Flag::Red);
    assert_eq!(answer.result_label(), Some("Reject"));
    assert_eq!(reasons(&answer), [("r2.1", Flag::Red)]);
    assert_eq!(answer.flag(&ReasonCode::LeadDuration), Flag::Red);
    assert_eq!(answer.flag(&ReasonCode::from_key("2.1")), Flag::Red);
    assert_eq!(answer.flag(&ReasonCode::LeadAge), Flag::Green);
}

#[test]
fn green_answer_with_empty_reasons() {
    let answer = both("green");
    assert_eq!(answer.result, Flag::Green);
    assert!(answer.is_green());
    assert!(answer.reasons.is_empty());
    assert_eq!(answer.result_label(), Some("Good Lead"));
    assert!(
        ReasonCode::KNOWN
            .iter()
            .all(|code| !answer.is_flagged(code))
    );
    assert_eq!(
        answer.explain(),
        "Result: green (accept; buyer's label \"Good Lead\").\nNo data point flagged.\n"
    );
}

#[test]
fn yellow_answer_with_string_and_number_values() {
    let answer = both("yellow");
    assert_eq!(answer.result, Flag::Yellow);
    assert_eq!(answer.result_label(), Some("Manual Review"));
    assert_eq!(answer.labels.green.as_deref(), Some("Accept"));
    assert_eq!(answer.labels.red.as_deref(), Some("Decline"));
    assert_eq!(
        reasons(&answer),
        [
            ("r2", Flag::Yellow),
            ("r4.6", Flag::Yellow),
            ("r5.2", Flag::Yellow),
            ("r8.1", Flag::Yellow)
        ]
    );
    assert!(answer.is_flagged(&ReasonCode::IpVelocity5Minutes));
    assert!(answer.is_flagged(&ReasonCode::LeadidDupeCheck));
    assert!(!answer.is_flagged(&ReasonCode::IpVelocityPastHour));
}

#[test]
fn red_answer_explained_worst_first() {
    let answer = both("red");
    assert_eq!(answer.result, Flag::Red);
    assert_eq!(
        reasons(&answer),
        [
            ("r1", Flag::Red),
            ("r3", Flag::Yellow),
            ("r4.10", Flag::Red),
            ("r4.13", Flag::Red),
            ("r6.1", Flag::Yellow),
            ("r7.3", Flag::Red)
        ]
    );
    assert_eq!(answer.reasons.flag(&ReasonCode::EntityFlag), Flag::Red);
    assert_eq!(answer.reasons.in_group(ReasonGroup::LeadOrigin).count(), 1);
    let explained = answer.explain();
    let lines: Vec<&str> = explained.lines().collect();
    assert_eq!(lines[0], "Result: red (reject; buyer's label \"Reject\").");
    let order: Vec<&str> = lines[1..]
        .iter()
        .map(|line| {
            line.split(':')
                .nth(1)
                .unwrap()
                .split_whitespace()
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(order, ["r1", "r4.10", "r4.13", "r7.3", "r3", "r6.1"]);
    assert_eq!(
        lines[4],
        "- red: r7.3 Total Hops (Lead Lineage): lead took too many hops between the generator and you."
    );
    assert!(lines[5].starts_with("- yellow: r3 Data Integrity (Data Integrity): "));
}

#[test]
fn tcpa_guardian_reasons() {
    let answer = both("tcpa-guardian");
    assert_eq!(answer.result, Flag::Red);
    assert!(
        answer
            .reasons
            .iter()
            .all(|reason| reason.code.is_tcpa_guardian())
    );
    assert_eq!(
        reasons(&answer),
        [
            ("r9.1", Flag::Red),
            ("r9.4", Flag::Yellow),
            ("r9.5", Flag::Yellow),
            ("r9.6", Flag::Yellow),
            ("r9.9", Flag::Red)
        ]
    );
    assert_eq!(
        answer.flag(&ReasonCode::OverallTcpaGuardianResponse),
        Flag::Red
    );
    assert_eq!(answer.flag(&ReasonCode::ConsumersConsent), Flag::Green);
    assert_eq!(
        answer.reasons.in_group(ReasonGroup::TcpaGuardian).count(),
        5
    );
}

#[test]
fn answer_without_flags() {
    let answer = both("no-flags");
    assert!(answer.labels.is_empty());
    assert_eq!(answer.result, Flag::Green);
    assert_eq!(answer.result_label(), None);
    assert!(answer.reasons.is_empty());
    // Without labels the entity is not valid or may not be pre-audited: green decides nothing.
    assert_eq!(answer.entity_status(), EntityStatus::InvalidOrNoPermission);
    assert_eq!(answer.verdict(), Verdict::Unknown);
}

#[test]
fn every_fixture_has_its_verdict() {
    for (stem, verdict) in [
        ("doc-example", Verdict::Reject),
        ("green", Verdict::Accept),
        ("yellow", Verdict::Review),
        ("red", Verdict::Reject),
        ("tcpa-guardian", Verdict::Reject),
        ("unknown-values", Verdict::Review),
        ("no-flags", Verdict::Unknown),
    ] {
        let answer = both(stem);
        assert_eq!(answer.verdict(), verdict, "{stem}");
        assert_eq!(
            answer.entity_status().is_valid(),
            stem != "no-flags",
            "{stem}"
        );
    }
}

#[test]
fn unknown_codes_values_and_fields_are_kept() {
    let answer = both("unknown-values");
    assert_eq!(answer.result, Flag::Yellow);
    assert_eq!(
        reasons(&answer),
        [
            ("r4.5", Flag::Yellow),
            ("r10.1", Flag::Red),
            ("r2.1", Flag::Unknown("4".into()))
        ]
    );
    let unknown = ReasonCode::from_key("r10.1");
    assert!(unknown.is_unknown());
    assert_eq!(answer.flag(&unknown), Flag::Red);
    assert!(answer.is_flagged(&ReasonCode::LeadDuration));
    for name in ["unknown-values.json", "unknown-values.xml"] {
        let body = fixture("jornaya", name);
        let (decoded, drift) =
            leadkit_core::drift::watch(|| PreAudit::from_slice(body.as_bytes()).is_ok());
        assert!(decoded, "{name}");
        assert_eq!(
            drift.unknown_values,
            [
                ("ReasonCode".to_owned(), "r10.1".to_owned()),
                ("Flag".to_owned(), "4".to_owned())
            ],
            "{name}"
        );
    }
    let explained = answer.explain();
    assert!(explained.contains("- red: r10.1 (a reason code this client does not know)."));
    assert!(explained.contains("- unknown (value `4`): r2.1 Lead Duration"));
}

#[test]
fn the_docs_broken_json_is_a_decode_error_with_an_excerpt() {
    // The doc's example, verbatim: `"f2: "Review Lead"` lacks a quote.
    let broken = r#"{
     "preaudit": {
                     "header": {
                           "flags": {
                                 "f1": "Good Lead",
                                 "f2: "Review Lead",
                                 "f3: "Reject"
                             }
                       },
                     "body": {
                     "reasons": {
                           "r2.1": 3
                       }
                   "result": 3
                 }
     }
}"#;
    let error = PreAudit::from_json(broken.as_bytes()).unwrap_err();
    match &error {
        Error::Decode {
            path, reason, body, ..
        } => {
            assert_eq!(path, "preaudit.header.flags");
            assert!(reason.contains("line 6"), "{reason}");
            assert!(body.text().contains("\"f2: \"Review Lead\""));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        error
            .to_string()
            .starts_with("jornaya SinglePreAudit: could not decode")
    );
    // Auto-detection gives the same error.
    assert!(matches!(
        PreAudit::from_slice(broken.as_bytes()),
        Err(Error::Decode { .. })
    ));
}

#[test]
fn answers_that_cannot_be_read() {
    for (body, path) in [
        (
            r#"{"preaudit":{"body":{"reasons":{}}}}"#,
            "preaudit.body.result",
        ),
        (
            r#"{"preaudit":{"body":{"result":null}}}"#,
            "preaudit.body.result",
        ),
        (
            r#"{"preaudit":{"body":{"reasons":["r2"],"result":3}}}"#,
            "preaudit.body.reasons",
        ),
        (
            "<preaudit><body><reasons/></body></preaudit>",
            "preaudit.body.result",
        ),
        ("Service Unavailable", "."),
        ("   ", "."),
    ] {
        match PreAudit::from_slice(body.as_bytes()) {
            Err(Error::Decode { path: at, .. }) => assert_eq!(at, path, "{body}"),
            other => panic!("{body}: {other:?}"),
        }
    }
}

#[test]
fn lenient_json_shapes() {
    let answer = PreAudit::from_json(
        br#"{"preaudit":{"header":{"flags":{"f1":"","f2":null,"f3":3}},"body":{"reasons":{"r2":null,"r3":" 2 "},"result":" 3"}}}"#,
    )
    .unwrap();
    assert_eq!(answer.labels.green, None);
    assert_eq!(answer.labels.yellow, None);
    assert_eq!(answer.labels.red.as_deref(), Some("3"));
    assert_eq!(answer.result, Flag::Red);
    assert_eq!(answer.flag(&ReasonCode::DataIntegrity), Flag::Yellow);
    assert!(answer.reasons.get(&ReasonCode::LeadAge).is_none());
    let minimal =
        PreAudit::from_json(br#"{"preaudit":{"header":"","body":{"reasons":"","result":1}}}"#)
            .unwrap();
    assert!(minimal.is_green() && minimal.labels.is_empty());
}

#[test]
fn truncated_and_mutated_answers_never_panic() {
    let names = [
        "doc-example.json",
        "doc-example.xml",
        "red.json",
        "red.xml",
        "unknown-values.json",
        "unknown-values.xml",
    ];
    let noise = [
        b'<', b'>', b'/', b'&', b';', b'"', b'{', b'}', b'[', 0xff, b'9', b'.',
    ];
    let mut seed = 0x2545_f491_u32;
    for name in names {
        let body = fixture("jornaya", name).into_bytes();
        for end in 0..body.len() {
            let _ = PreAudit::from_slice(&body[..end]);
        }
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let mut mutated = body.clone();
            let at = seed as usize % mutated.len();
            mutated[at] = noise[(seed >> 8) as usize % noise.len()];
            let _ = PreAudit::from_slice(&mutated);
        }
    }
}
