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
//! - `tests/echo_audit.rs`: a loopback vendor that echoes each request (query, form and JSON
//!   body, headers with `Authorization`, values rewritten as vendors write them) in its error
//!   bodies (400, 401, 404, 429, 500, a 200 error document; JSON, XML, text), for every public
//!   async call of the four vendor crates (a table checked against their sources) and for the
//!   `leadkit` CLI, with an oracle of its own looking for every value sent, in every written
//!   form, in errors, excerpts, answers, logs, panics and CLI output. The leaks known today
//!   are listed there (`KNOWN_LEAKS`), so the audit fails on a new one and on a fixed one.
//!
//! Run with `cargo test -p leadkit-audit` (`-- --nocapture` prints the echo audit's summary);
//! see `docs/reliability.md`.
