//! Cross-vendor audits of the leadkit clients; everything lives in this crate's tests.
//!
//! - The fault matrix itself (connection refused, reset mid-body, timeouts before headers and
//!   mid-body, truncated JSON, an HTML 502, empty and mislabelled 200s, 429 with `Retry-After`
//!   in both forms, a 503 storm, bodies over the cap) and the loopback server producing each
//!   fault are leadkit-core's `testing::faults`, so every vendor crate's `tests/faults.rs` and
//!   this audit run exactly the same faults.
//! - `tests/leak_audit.rs`: the whole matrix for every vendor with tracing captured at TRACE,
//!   asserting that no credential, token, email, phone number or name from the requests reaches
//!   a log line, an error's `Display`/`Debug` or a panic message, and that nothing panics.
//!
//! Run with `cargo test -p leadkit-audit`; see `docs/reliability.md`.
