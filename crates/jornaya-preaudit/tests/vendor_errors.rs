//! The vendor's words are kept in errors, with every value of the request masked: a 401 with
//! a message, an error body in XML or plain text, and a 200 carrying an error document.

mod common;

use jornaya_preaudit::{
    Error, LeadData, PreAudit, PreAuditRequest, ResponseFormat, StatusCode, VendorMessage,
};
use leadkit_core::testing::{Reply, ScriptedServer, assert_no_leak, fixture};

use common::{EMAIL, ENTITY, FIRST, TOKEN, client};

const LAST: &str = "Doeplaceholder";

fn request() -> PreAuditRequest {
    PreAuditRequest::new(TOKEN, ENTITY).data(
        LeadData::new()
            .first_name(FIRST)
            .last_name(LAST)
            .email(EMAIL),
    )
}

async fn answered(reply: Reply) -> (Error, usize) {
    let server = ScriptedServer::start(vec![reply]).await;
    let error = client(&server.url())
        .single_pre_audit(&request())
        .await
        .unwrap_err();
    let shown = format!("{error} {error:?}");
    assert_no_leak(&shown, &[FIRST, LAST, EMAIL, TOKEN, ENTITY]);
    (error, server.requests().len())
}

fn message(error: &Error) -> Option<&str> {
    error.vendor_message().and_then(VendorMessage::message)
}

#[tokio::test]
async fn a_401_keeps_the_vendors_message() {
    let (error, sent) = answered(Reply::json(401, fixture("jornaya", "error-401.json"))).await;
    assert_eq!(sent, 1);
    match &error {
        Error::Auth { status, .. } => assert_eq!(*status, Some(StatusCode::UNAUTHORIZED)),
        other => panic!("{other:?}"),
    }
    assert_eq!(message(&error), Some("API Authentication token required"));
    assert!(
        error
            .to_string()
            .ends_with("authentication failed: API Authentication token required"),
        "{error}"
    );
}

#[tokio::test]
async fn a_401_in_plain_text_masks_the_values_sent() {
    let (error, _) = answered(
        Reply::status(401)
            .header("content-type", "text/plain")
            .body(format!(
                "Account not allowed for entity {ENTITY} and token {TOKEN}\n"
            )),
    )
    .await;
    assert!(matches!(error, Error::Auth { .. }), "{error:?}");
    assert_eq!(
        message(&error),
        Some("Account not allowed for entity *** and token [redacted]")
    );
}

#[tokio::test]
async fn a_400_with_an_xml_body_keeps_the_vendors_message() {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<error><code>INVALID_DATA</code>\
         <message>No consumer {FIRST} {LAST} &amp; {EMAIL}</message></error>"
    );
    let (error, _) = answered(
        Reply::status(400)
            .header("content-type", "application/xml")
            .body(body),
    )
    .await;
    match &error {
        Error::Status {
            status, message, ..
        } => {
            assert_eq!(*status, StatusCode::BAD_REQUEST);
            let message = message.as_ref().unwrap();
            assert_eq!(message.code(), Some("INVALID_DATA"));
            assert_eq!(message.message(), Some("No consumer *** *** & ***"));
        }
        other => panic!("{other:?}"),
    }
    assert!(!error.outcome_unknown(), "a 400 was refused, not counted");
}

#[tokio::test]
async fn a_200_with_an_error_document_is_the_vendors_error() {
    for (body, expected) in [
        (
            fixture("jornaya", "error-200.json"),
            "Invalid entity code".to_owned(),
        ),
        (
            format!(r#"{{"preaudit":{{"error":"No permission for {ENTITY}"}}}}"#),
            "No permission for ***".to_owned(),
        ),
        (
            format!(
                r#"{{"preaudit":{{"body":{{"message":"Unknown lead {TOKEN} for {FIRST}"}}}}}}"#
            ),
            "Unknown lead [redacted] for ***".to_owned(),
        ),
        (
            "<preaudit><error>Invalid entity code</error></preaudit>".to_owned(),
            "Invalid entity code".to_owned(),
        ),
    ] {
        let (error, sent) = answered(Reply::json(200, body.clone())).await;
        assert_eq!(sent, 1);
        match &error {
            Error::Status {
                status,
                body: excerpt,
                ..
            } => {
                assert_eq!(*status, StatusCode::OK, "{body}");
                // The excerpt keeps the document, with what the request sent masked.
                let text = excerpt.text();
                assert!(!text.contains(TOKEN) && !text.contains(FIRST), "{text}");
                assert_eq!(text.len() > 10, body.len() > 10, "{text}");
            }
            other => panic!("{body}: {other:?}"),
        }
        assert_eq!(message(&error), Some(expected.as_str()), "{body}");
        assert!(!error.is_retryable(), "{body}");
    }
}

#[tokio::test]
async fn an_xml_request_answered_with_an_error_document_is_the_vendors_error() {
    let server =
        ScriptedServer::start(vec![Reply::json(200, fixture("jornaya", "error-200.json"))]).await;
    let error = client(&server.url())
        .single_pre_audit(&request().format(ResponseFormat::Xml))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert_eq!(message(&error), Some("Invalid entity code"));
}

#[test]
fn a_stored_error_document_reads_as_the_vendors_error_too() {
    let body = fixture("jornaya", "error-200.json");
    for read in [PreAudit::from_slice, PreAudit::from_json] {
        match read(body.as_bytes()) {
            Err(Error::Status {
                status, message, ..
            }) => {
                assert_eq!(status, StatusCode::OK);
                assert_eq!(
                    message.as_ref().and_then(VendorMessage::message),
                    Some("Invalid entity code")
                );
            }
            other => panic!("{other:?}"),
        }
    }
    // Without a message it stays a decode error naming what is missing.
    assert!(matches!(
        PreAudit::from_slice(br#"{"error":null,"preaudit":{"body":{}}}"#),
        Err(Error::Decode { .. })
    ));
    assert!(matches!(
        PreAudit::from_slice(b"Invalid entity code"),
        Err(Error::Decode { .. })
    ));
}
