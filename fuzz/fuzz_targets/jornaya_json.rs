//! Jornaya SinglePreAudit answer in JSON (`format=json`), read with `PreAudit::from_json`.
//!
//! Checks: no panic; decode errors print no personal data from the body; `from_slice` agrees
//! with `from_json` on bodies starting with `{`; every reader of the decoded answer works.

#![no_main]

use jornaya_preaudit::PreAudit;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    leadkit_fuzz::check_preaudit(input, PreAudit::from_json, b'{');
});
