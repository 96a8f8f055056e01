//! Jeff Social Presence API answer (`GET /{version}/social-data`, HTTP 200), decoded as the
//! client does.
//!
//! Checks: no panic; decode errors print no personal data from the body; the per-platform
//! look-ups work on whatever decoded (including unknown platforms and credential types); what
//! decodes re-encodes into JSON that decodes to the same value.

#![no_main]

use jeff_client::SocialPresence;
use leadkit_fuzz::{debug, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Some(presence) = decode::<SocialPresence>(input) else {
        return;
    };
    let _ = debug(&presence);
    for fact in presence.facts() {
        assert!(presence.facts_for(&fact.platform).next().is_some());
        if let Some(credential) = &fact.credential_type {
            assert!(presence.fact(&fact.platform, credential).is_some());
        }
    }
    let encoded = serde_json::to_vec(&presence).expect("social presence encodes");
    let again = decode::<SocialPresence>(&encoded).expect("re-encoded social presence decodes");
    assert_eq!(again, presence, "social presence survives a round trip");
});
