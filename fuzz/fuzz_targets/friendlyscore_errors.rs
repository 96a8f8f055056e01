//! FriendlyScore error bodies (`parse_error_body`, the client's error parser) for any status,
//! and the typed refusal read from the resulting error (`Rejection::from_error`).
//!
//! Input: two bytes pick the status (400–599), the rest is the body. Checks: no panic; the
//! vendor message and the error built from it (as leadkit-core's client builds it) print no email
//! address or phone number from the body whole.

#![no_main]

use friendlyscore_client::{BodyExcerpt, Error, Rejection, StatusCode, parse_error_body};
use leadkit_fuzz::{assert_no_leak_debug, check_error};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let (status, body) = match input {
        [high, low, body @ ..] => (400 + u16::from_be_bytes([*high, *low]) % 200, body),
        _ => return,
    };
    let status = StatusCode::from_u16(status).expect("400..600 is a status");
    let message = parse_error_body(status, body);
    if let Some(message) = &message {
        let printed = format!("{message:?} {:?} {:?}", message.code(), message.message());
        assert_no_leak_debug("VendorMessage", &printed, body);
    }
    let bytes = bytes::Bytes::copy_from_slice(body);
    let error = match status {
        StatusCode::UNAUTHORIZED => Error::Auth {
            vendor: "friendlyscore",
            operation: "fuzz",
            status: Some(status),
            message,
        },
        StatusCode::TOO_MANY_REQUESTS => Error::RateLimited {
            vendor: "friendlyscore",
            operation: "fuzz",
            retry_after: None,
            message,
        },
        _ => Error::Status {
            vendor: "friendlyscore",
            operation: "fuzz",
            status,
            message,
            body: BodyExcerpt::new(&bytes),
            retry_after: None,
        },
    };
    check_error(&error, body);
    if let Some(rejection) = Rejection::from_error(&error) {
        let printed = format!("{rejection:?}");
        assert_no_leak_debug("Rejection", &printed, body);
    }
});
