//! Jeff Lead Data API answer (`GET /{version}/leads`, HTTP 200), decoded as the client does.
//!
//! Checks: no panic; decode errors print no personal data from the body; a decoded lead's
//! `Debug` never prints its email, phone numbers, associated contacts or full name; what
//! decodes re-encodes into JSON that decodes again.

#![no_main]

use jeff_client::Lead;
use leadkit_fuzz::{debug, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Some(lead) = decode::<Lead>(input) else {
        return;
    };
    let printed = debug(&lead);
    let mut hidden = lead.clone();
    hidden.email = None;
    hidden.phone_number = None;
    hidden.associated_emails.clear();
    hidden.associated_phone_numbers.clear();
    hidden.full_name = None;
    let baseline = debug(&hidden);
    let personal = [
        lead.email.as_deref(),
        lead.phone_number.as_deref(),
        lead.full_name.as_deref(),
    ]
    .into_iter()
    .flatten()
    .chain(lead.associated_emails.iter().map(String::as_str))
    .chain(lead.associated_phone_numbers.iter().map(String::as_str));
    for value in personal {
        if value.len() >= 6 && !baseline.contains(value) {
            assert!(!printed.contains(value), "Lead Debug prints personal data");
        }
    }
    // The accessors an application reads.
    for used in lead.ip_addresses() {
        let _ = (used.ip(), used.coordinates(), used.connection());
    }
    let _ = lead.fraud_data().map(|fraud| fraud.is_marked_fraud());
    let encoded = serde_json::to_vec(&lead).expect("a decoded lead encodes");
    let again = decode::<Lead>(&encoded);
    assert!(again.is_some(), "a re-encoded lead decodes");
});
