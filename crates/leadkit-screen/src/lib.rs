//! Screen a whole lead list through the leadkit vendors, resumably, never paying twice for a
//! call.
//!
//! A list (CSV or JSON Lines) is read row by row ([`input`]); every row is checked for each
//! chosen vendor before anything is sent; each call's state is kept in a SQLite journal
//! ([`journal`]) next to the output, so that a rerun of the same command resumes: calls that
//! finished are never sent again, a call that may have reached the vendor before a crash is
//! not resent unless asked, and a Bureau transaction is resumed by its id. Each row's answers
//! and a combined verdict are written as one JSON line ([`output`]).
//!
//! Enable the vendors you license with cargo features (`jeff`, `jornaya`, `friendlyscore`,
//! `bureau`): no vendor crate depends on another.

pub mod input;
pub mod journal;
