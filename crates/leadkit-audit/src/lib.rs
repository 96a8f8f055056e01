//! Cross-vendor audits live in this crate's tests.
