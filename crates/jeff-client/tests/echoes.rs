//! What Jeff echoes back is masked like what was sent: an error repeating the applicant's
//! email, phone number and name shows none of them.

mod common;

use common::*;
use jeff_client::Contact;
use leadkit_core::testing::httpmock::prelude::*;

#[tokio::test]
async fn a_400_repeating_the_applicant_shows_none_of_it() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path_includes("/leads");
            then.status(400).json_body(serde_json::json!({
                "errorMessage": "no lead for Dave Black, +84 999 999 999 / 849-999-9999 / dave.black%40example.com / DAVE.BLACK@EXAMPLE.COM"
            }));
        })
        .await;
    let contact = Contact::email_and_phone("dave.black@example.com", "84999999999");
    let error = client(&server).lead_data(&contact).await.unwrap_err();
    let shown = format!(
        "{error} {error:?} {:?}",
        error.body_excerpt().map(|b| b.text().into_owned())
    );
    for leaked in [
        "Dave",
        "Black",
        "999 999",
        "999-9999",
        "dave.black",
        "DAVE.BLACK",
    ] {
        assert!(!shown.contains(leaked), "{leaked}: {shown}");
    }
    assert!(
        shown.contains("no lead for"),
        "the vendor's words are kept: {shown}"
    );
}
