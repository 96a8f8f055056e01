//! Inputs the `jeff_lead` fuzz target (see `fuzz/` and docs/fuzzing-results.md) once
//! flagged, kept so the behaviour they pinned stays.

mod common;

use common::*;
use jeff_client::{Contact, Error};
use leadkit_core::testing::httpmock::prelude::*;

/// The full-lead fixture with its start overwritten by digits and its end cut mid-object: the
/// body is a number, then garbage. It still carries the fixture's emails and phone number.
const MANGLED_LEAD: &[u8] = b"7777777777777777777777777777777777777\x02\x00777777777777777\"2020-12-09T20:40:37\",\n  \"phoneVerified\": true,\n  \"phoneVerificationDateTime\": \"2020-12-09T19:39:02\",\n  \"associatedEmails\": [\"dave.black@example.com\", \"d.black@example.com\"],\n  \"associatedPhoneNumbers\": [\"+84999999999\"],\n  \"mobileServiceProvider\": \"Viettel\",\n  \"lastActivity\": \"2021-01-14T17:03:35\",\n  \"hasBeenRejected\": true,\n  \"hasEvidenceOfRepaidLoan\": true,\n  \"leadScore\": 0.131409152018384,\n  \"leadScoreTimestamp\": \"2022-10-18T13:35:45\",\n  \"qualityScore\": 0.223780810832977,\n  \"emst7Days\": {\n      \"received\": 3,\n      \"read\": 2,\n      \"clicked\": 1\n    },\n    \"last30Days\": {\n   nDuration\": 60.89656ects\": 3,\n      \"7777777{\nz\xf3";

#[tokio::test]
async fn a_mangled_lead_body_is_a_decode_error_that_prints_no_contact() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/partners-api/1.3/leads");
            then.status(200).body(MANGLED_LEAD);
        })
        .await;
    let error = client(&server)
        .lead_data(&Contact::phone(PHONE))
        .await
        .unwrap_err();
    let Error::Decode { path, reason, .. } = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(path, ".");
    assert!(
        reason.starts_with("invalid type: floating point"),
        "{reason}"
    );
    let printed = format!("{error} {error:?}");
    for contact in [
        "dave.black@example.com",
        "d.black@example.com",
        "+84999999999",
    ] {
        assert!(!printed.contains(contact), "{printed}");
    }
}
