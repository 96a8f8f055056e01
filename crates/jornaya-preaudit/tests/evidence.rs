//! Evidence for compliance: the answer acted on, the time of the check and the vendor's body
//! with the request's values masked, serialised and read back whole; and the verdict a caller
//! acts on.

mod common;

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use jornaya_preaudit::{
    EntityStatus, Evidence, Flag, LeadData, PreAudit, PreAuditRequest, ResponseFormat, Verdict,
};
use leadkit_core::testing::{Reply, ScriptedServer, assert_no_leak, fixture};

use common::{EMAIL, ENTITY, FIRST, PHONE, TOKEN, client};

const PROVIDER: &str = "TEST-PROVIDER-CODE";
const LAST: &str = "Doeplacehölder";

fn request() -> PreAuditRequest {
    PreAuditRequest::new(TOKEN, ENTITY)
        .provider_code(PROVIDER)
        .data(
            LeadData::new()
                .email(EMAIL)
                .phone1(PHONE)
                .first_name(FIRST)
                .last_name(LAST),
        )
}

async fn evidence_for(body: String, format: ResponseFormat) -> (Evidence, DateTime<Utc>) {
    let server = ScriptedServer::start(vec![Reply::json(200, body)]).await;
    let before = DateTime::<Utc>::from(SystemTime::now());
    let evidence = client(&server.url())
        .single_pre_audit_with_evidence(&request().format(format))
        .await
        .unwrap();
    let after = DateTime::<Utc>::from(SystemTime::now());
    assert!(before <= evidence.checked_at && evidence.checked_at <= after);
    assert_eq!(server.requests().len(), 1);
    (evidence, before)
}

#[tokio::test]
async fn evidence_keeps_the_answer_the_time_and_the_body() {
    for (name, format) in [
        ("red.json", ResponseFormat::Json),
        ("red.xml", ResponseFormat::Xml),
    ] {
        let body = fixture("jornaya", name);
        let (evidence, _) = evidence_for(body.clone(), format).await;
        let answer = PreAudit::from_slice(body.as_bytes()).unwrap();
        assert_eq!(evidence.answer, answer);
        assert_eq!(evidence.verdict(), Verdict::Reject);
        // Nothing of the request in the body: kept as received.
        assert_eq!(evidence.raw_body, body);
        assert_eq!(
            PreAudit::from_slice(evidence.raw_body.as_bytes()).unwrap(),
            answer
        );

        let stored = serde_json::to_string(&evidence).unwrap();
        let back: Evidence = serde_json::from_str(&stored).unwrap();
        assert_eq!(back, evidence, "{name}");
        let value: serde_json::Value = serde_json::from_str(&stored).unwrap();
        assert_eq!(value["answer"]["result"], "3");
        assert!(value["checked_at"].as_str().unwrap().ends_with('Z'));
        let debug = format!("{evidence:?}");
        assert!(debug.contains("raw_body_len") && !debug.contains("preaudit"));
    }
}

#[tokio::test]
async fn the_request_values_never_appear_in_the_evidence_body() {
    // A vendor that echoes what it was sent, plainly and escaped.
    let json = format!(
        r#"{{"preaudit":{{"header":{{"flags":{{"f1":"Good","f2":"Review","f3":"Reject"}}}},
            "echo":{{"id":"{}","lec":"{ENTITY}","lpc":"{PROVIDER}","email":"{EMAIL}",
            "phone":"{PHONE}","names":"{FIRST} Doeplaceh\u00f6lder","upper":"{}"}},
            "body":{{"reasons":{{"r3":2}},"result":2}}}}}}"#,
        TOKEN.to_lowercase(),
        FIRST.to_uppercase(),
    );
    let xml = format!(
        "<preaudit><header><flags><f1>Good</f1><f2>Review</f2><f3>Reject</f3></flags></header>\
         <echo><id>{TOKEN}</id><lec>{ENTITY}</lec><lpc>{PROVIDER}</lpc><e>{EMAIL}</e>\
         <p>{PHONE}</p><n>{FIRST} {LAST}</n></echo>\
         <body><reasons><3>2</3></reasons><result>2</result></body></preaudit>"
    );
    for (body, format) in [(json, ResponseFormat::Json), (xml, ResponseFormat::Xml)] {
        let (evidence, _) = evidence_for(body.clone(), format).await;
        assert_eq!(evidence.verdict(), Verdict::Review);
        let kept = &evidence.raw_body;
        assert_no_leak(
            kept,
            &[
                TOKEN,
                &TOKEN.to_lowercase(),
                ENTITY,
                PROVIDER,
                EMAIL,
                PHONE,
                FIRST,
                &FIRST.to_uppercase(),
                LAST,
                r"Doeplaceh\u00f6lder",
                "jane.placeholder",
            ],
        );
        assert!(
            kept.contains(r#""id":"***""#) || kept.contains("<id>***</id>"),
            "{kept}"
        );
        assert!(kept.contains("Review"), "{kept}");
        let stored = serde_json::to_string(&evidence).unwrap();
        assert_no_leak(&stored, &[TOKEN, ENTITY, EMAIL, FIRST, LAST]);
        assert_eq!(serde_json::from_str::<Evidence>(&stored).unwrap(), evidence);
    }
}

#[tokio::test]
async fn the_plain_call_and_the_evidence_call_give_the_same_answer() {
    let body = fixture("jornaya", "unknown-values.json");
    let server = ScriptedServer::start(vec![
        Reply::json(200, body.clone()),
        Reply::json(200, body.clone()),
    ])
    .await;
    let client = client(&server.url());
    let answer = client.single_pre_audit(&request()).await.unwrap();
    let evidence = client
        .single_pre_audit_with_evidence(&request())
        .await
        .unwrap();
    assert_eq!(evidence.answer, answer);
    assert_eq!(server.requests()[0].target, server.requests()[1].target);
}

#[tokio::test]
// The comparisons are written as a caller would write them.
#[allow(clippy::nonminimal_bool)]
async fn an_unknown_result_is_never_accepted() {
    let body = r#"{"preaudit":{"header":{"flags":{"f1":"Good","f2":"Review","f3":"Reject"}},
                  "body":{"reasons":{"r2":9},"result":9}}}"#;
    let (evidence, _) = evidence_for(body.to_owned(), ResponseFormat::Json).await;
    let answer = &evidence.answer;
    assert_eq!(answer.result, Flag::Unknown("9".into()));
    assert_eq!(answer.verdict(), Verdict::Unknown);
    assert!(!answer.verdict().is_accept());
    // The comparison a caller may write by hand does not pass it either.
    assert!(!(answer.result < Flag::Yellow));
    assert!(!(answer.result <= Flag::Yellow));
    assert_eq!(answer.reasons.worst(), Flag::Unknown("9".into()));
    assert_eq!(answer.verdict_reasons().len(), 1);
}

#[tokio::test]
async fn an_answer_without_labels_names_an_invalid_entity() {
    for (name, format) in [
        ("no-flags.json", ResponseFormat::Json),
        ("no-flags.xml", ResponseFormat::Xml),
    ] {
        let (evidence, _) = evidence_for(fixture("jornaya", name), format).await;
        assert_eq!(
            evidence.answer.entity_status(),
            EntityStatus::InvalidOrNoPermission,
            "{name}"
        );
        assert!(evidence.answer.is_green());
        assert_eq!(evidence.verdict(), Verdict::Unknown, "{name}");
    }
}
