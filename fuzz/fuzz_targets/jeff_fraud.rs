//! Jeff Fraud Data API answer (`GET /{version}/fraud`, HTTP 200), decoded as the client does.
//!
//! Checks: no panic; decode errors print no personal data from the body; what decodes
//! re-encodes into JSON that decodes to the same value.

#![no_main]

use jeff_client::FraudData;
use leadkit_fuzz::{debug, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Some(fraud) = decode::<FraudData>(input) else {
        return;
    };
    let _ = (debug(&fraud), fraud.is_marked_fraud());
    let encoded = serde_json::to_vec(&fraud).expect("fraud data encodes");
    let again = decode::<FraudData>(&encoded).expect("re-encoded fraud data decodes");
    assert_eq!(again, fraud, "fraud data survives a round trip");
});
