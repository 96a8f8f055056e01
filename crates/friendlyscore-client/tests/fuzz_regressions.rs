//! Inputs the `friendlyscore_errors` fuzz target (see `fuzz/` and docs/fuzzing-results.md)
//! once flagged, kept so the behaviour they pinned stays.

use friendlyscore_client::{BodyExcerpt, Error, Rejection, StatusCode, parse_error_body};

/// A mangled "Client error: … response:" body (found by `friendlyscore_errors` with status
/// 404): digit runs, an `@`, no embedded JSON.
const MANGLED_GATEWAY_ERROR: &[u8] = b"{\n  \"error\": \"Clie0000000000000000000Clie00000000000000000000000000000&00000000000000000&000000000000000nt error: `POST http://e_score.json` resulted in i `404 Not Found` 00000000000000000apcant@e0&000000000000ed - I]\"\n}\n";

#[test]
fn a_mangled_gateway_error_keeps_its_text_with_numbers_masked() {
    let message = parse_error_body(StatusCode::NOT_FOUND, MANGLED_GATEWAY_ERROR).unwrap();
    let text = message.message().unwrap();
    // The 17-digit run between `&`s reads as a phone number and is masked; the digits inside
    // longer words are not phone numbers and stay.
    assert!(text.contains("&0000***********00&"), "{text}");
    assert!(!text.contains("&00000000000000000&"), "{text}");
    assert!(text.contains("`404 Not Found`"), "{text}");
    assert_eq!(message.code(), None);

    let error = Error::Status {
        vendor: "friendlyscore",
        operation: "calculate-score",
        status: StatusCode::NOT_FOUND,
        message: Some(message),
        body: BodyExcerpt::default(),
        retry_after: None,
    };
    assert_eq!(Rejection::from_error(&error), Some(Rejection::NotFound));
    assert!(!format!("{error} {error:?}").contains("&00000000000000000&"));
}
