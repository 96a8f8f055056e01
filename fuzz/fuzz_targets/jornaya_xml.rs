//! Jornaya SinglePreAudit answer in XML (`format=xml`), read with `PreAudit::from_xml`.
//!
//! Checks: no panic (deep nesting, entities, CDATA, bad UTF-8 included); decode errors print
//! no personal data from the body; `from_slice` agrees with `from_xml` on bodies starting with
//! `<`; every reader of the decoded answer works.

#![no_main]

use jornaya_preaudit::PreAudit;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    leadkit_fuzz::check_preaudit(input, PreAudit::from_xml, b'<');
});
