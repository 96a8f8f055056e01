//! Screen a whole lead list through the leadkit vendors, resumably, never paying twice for a
//! call.
//!
//! A list (CSV or JSON Lines) is read row by row ([`input`]); every row is checked for each
//! chosen vendor before anything is sent; each call's state is kept in a SQLite journal
//! ([`journal`]) next to the output, so that a rerun of the same command resumes: calls that
//! finished are never sent again, a call that may have reached the vendor before a crash is
//! not resent unless asked, and a Bureau transaction is resumed by its id. Each row's answers
//! and a combined verdict ([`verdict`]) are written as one JSON line by the [`engine`].
//!
//! Enable the vendors you license with cargo features (`jeff`, `jornaya`, `friendlyscore`,
//! `bureau`): no vendor crate depends on another.
//!
//! ```no_run
//! # #[cfg(feature = "jeff")]
//! # async fn demo(client: jeff_client::JeffClient) -> Result<(), Box<dyn std::error::Error>> {
//! use std::path::Path;
//! use std::sync::Arc;
//! use leadkit_screen::vendors::JeffScreener;
//! use leadkit_screen::{Columns, Format, Journal, Options, Quiet, Screen, Screener};
//!
//! let rows = leadkit_screen::input::open(Path::new("leads.csv"), Format::Csv, &Columns::default())?;
//! let journal = Journal::open(Path::new("leads.journal"))?;
//! let screeners: Vec<Arc<dyn Screener>> = vec![Arc::new(JeffScreener::new(client))];
//! let screen = Screen::new(screeners, journal, Options::default());
//! let out = Box::new(std::fs::File::create("leads.screened.jsonl")?);
//! let summary = screen.run(rows, out, Arc::new(Quiet)).await?;
//! println!("{} rows, {} done, {} invalid", summary.rows, summary.done, summary.invalid);
//! # Ok(()) }
//! ```
//!
//! docs/screen.md in the repository describes the journal's states, the resume rules, the
//! verdict rules and sharding.

pub mod engine;
pub mod input;
pub mod journal;
pub mod limit;
pub mod summary;
pub mod vendors;
pub mod verdict;

pub use engine::{Observer, Options, Quiet, Refusal, Screen, ScreenError};
pub use input::{Columns, Format, Lead, RowError, Shard};
pub use journal::{CallState, Journal};
pub use limit::Limits;
pub use summary::{Summary, VendorCounts};
pub use vendors::{Answer, Screener};
pub use verdict::{Finding, Signal, Verdict};
