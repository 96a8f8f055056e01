//! Bureau transaction answers (`initiate` and `fetch`, HTTP 200), decoded as the client does,
//! and Bureau error envelopes (`ErrorBody::parse`) from the same bytes.
//!
//! Checks: no panic; decode errors print no personal data from the body; a transaction's
//! `Debug` never prints the applicant's name or raw input; the service and await accessors
//! work on whatever decoded; what decodes re-encodes into JSON that decodes to the same value;
//! the free text of a parsed error envelope carries no email address or phone number from
//! the body whole.

#![no_main]

use bureau_altdata::{ErrorBody, Transaction};
use leadkit_fuzz::{assert_hidden, assert_no_leak_debug, debug, decode, strings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    if let Some(body) = ErrorBody::parse(input) {
        // The free text is redacted; codes and ids (merchant, reference, request) are kept
        // as sent, since they identify the failure, not a person.
        let printed = format!(
            "{:?} {:?} {:?} {:?}",
            body.message(),
            body.errors.message,
            body.errors.description,
            body.errors.metadata,
        );
        assert_no_leak_debug("ErrorBody text", &printed, input);
        let _ = (
            debug(&body),
            body.code(),
            body.reference_id(),
            body.request_id(),
        );
    }
    let Some(transaction) = decode::<Transaction>(input) else {
        return;
    };
    let printed = debug(&transaction);
    let mut hidden = transaction.clone();
    hidden.entity_name = None;
    hidden.transaction_raw_input = None;
    let baseline = debug(&hidden);
    let personal = serde_json::json!([
        transaction.entity_name,
        transaction
            .raw_input()
            .map(|raw| (&raw.email, &raw.name, &raw.phone_number)),
    ]);
    assert_hidden("Transaction Debug", &printed, &baseline, strings(&personal));

    let _ = (
        transaction.is_awaiting(),
        transaction.is_done(),
        transaction.services.statuses(),
        transaction.services.pending(),
    );
    let encoded = serde_json::to_vec(&transaction).expect("a transaction encodes");
    let again = decode::<Transaction>(&encoded).expect("a re-encoded transaction decodes");
    assert_eq!(again, transaction, "a transaction survives a round trip");
});
