//! `leadkit screen …` arguments.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CallArgs, examples};

/// A vendor a list can be screened with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum ScreenVendor {
    /// Jeff Lead Data (email and/or phone).
    Jeff,
    /// Jornaya pre-audit (LeadiD token; --jornaya-entity).
    Jornaya,
    /// FriendlyScore show-user (partner id).
    Friendlyscore,
    /// Bureau Alt Data (email, name, phone, country; workflow id).
    Bureau,
}

/// The list's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// `leadkit screen …`.
#[derive(Debug, Args)]
#[command(after_help = examples::SCREEN)]
pub struct ScreenArgs {
    /// The lead list: CSV with a header row, or JSON Lines (by extension, or --format).
    #[arg(value_name = "LIST")]
    pub input: PathBuf,
    /// Vendors to screen with (comma-separated or repeated).
    #[arg(
        long = "vendors",
        value_delimiter = ',',
        required = true,
        value_name = "VENDOR"
    )]
    pub vendors: Vec<ScreenVendor>,
    /// The list's format (default: from the extension: .csv, .jsonl/.ndjson).
    #[arg(long, value_enum)]
    pub format: Option<ListFormat>,
    /// Where the answers go, one JSON line per row (default: LIST with `.screened.jsonl`).
    #[arg(long, short, value_name = "PATH", help_heading = "Output")]
    pub output: Option<PathBuf>,
    /// The journal (default: the output with `.journal`): created on the first run, read by
    /// the next to resume.
    #[arg(long, value_name = "PATH", help_heading = "Output")]
    pub journal: Option<PathBuf>,
    /// Keep no journal (the calls' states are held in memory only): a rerun sends every call
    /// again. For trying a list out and for measuring, never for billed runs.
    #[arg(long, conflicts_with = "journal", help_heading = "Output")]
    pub no_journal: bool,
    /// Also write a CSV of each row's verdict (line, key, decision, vendor, reason).
    #[arg(long, value_name = "PATH", help_heading = "Output")]
    pub summary_csv: Option<PathBuf>,
    /// Check every row only: nothing is sent and no journal is written.
    #[arg(long, help_heading = "Run")]
    pub dry_run: bool,
    /// Send again calls that may have reached the vendor in an earlier run (they may be paid
    /// twice).
    #[arg(long, help_heading = "Run")]
    pub retry_unknown: bool,
    /// Screen only the rows of shard I of N (1-based; by row key): run 1/3, 2/3 and 3/3 on
    /// three machines.
    #[arg(long, value_name = "I/N", help_heading = "Run")]
    pub shard: Option<String>,
    /// Stop starting calls after this many seconds (calls in flight then are stopped).
    #[arg(long, value_name = "SECONDS", help_heading = "Run")]
    pub deadline: Option<f64>,
    /// Calls at once per vendor, as VENDOR=N (repeatable; default 8 each).
    #[arg(long, value_name = "VENDOR=N", help_heading = "Run")]
    pub concurrency: Vec<String>,
    /// Calls per second per vendor, as VENDOR=N (repeatable; default: no limit).
    #[arg(long, value_name = "VENDOR=N", help_heading = "Run")]
    pub rate: Vec<String>,
    /// Run against an in-process leadkit-mock (no credentials needed).
    #[arg(long, help_heading = "Run")]
    pub mock: bool,
    /// Column (CSV header or JSON member) of a stable row id; default: a hash of the row's
    /// values (equal rows are screened once).
    #[arg(long, value_name = "NAME", help_heading = "Columns")]
    pub key_column: Option<String>,
    /// Column of the email (default `email`).
    #[arg(long, value_name = "NAME", help_heading = "Columns")]
    pub email_column: Option<String>,
    /// Column of the phone (default `phone`).
    #[arg(long, value_name = "NAME", help_heading = "Columns")]
    pub phone_column: Option<String>,
    /// Column of the full name (default `name`).
    #[arg(long, value_name = "NAME", help_heading = "Columns")]
    pub name_column: Option<String>,
    /// Column of the ISO 3166-1 alpha-3 country (default `country`).
    #[arg(long, value_name = "NAME", help_heading = "Columns")]
    pub country_column: Option<String>,
    /// Column of the Jornaya LeadiD token (default `leadid_token`).
    #[arg(long, value_name = "NAME", help_heading = "Columns")]
    pub token_column: Option<String>,
    /// Column of the FriendlyScore partner id (default `partner_id`).
    #[arg(long, value_name = "NAME", help_heading = "Columns")]
    pub partner_id_column: Option<String>,
    /// Jornaya: the buyer's entity code (`lec`; or LEADKIT_JORNAYA_ENTITY_CODE).
    #[arg(long, value_name = "CODE", help_heading = "Vendors")]
    pub jornaya_entity: Option<String>,
    /// Jornaya: your provider code (`lpc`).
    #[arg(long, value_name = "CODE", help_heading = "Vendors")]
    pub jornaya_provider: Option<String>,
    /// Bureau: the workflow id (or LEADKIT_BUREAU_WORKFLOW_ID).
    #[arg(long, value_name = "ID", help_heading = "Vendors")]
    pub bureau_workflow_id: Option<String>,
    /// Bureau: the country of rows without one (ISO 3166-1 alpha-3).
    #[arg(
        long,
        value_name = "CODE",
        default_value = "IND",
        help_heading = "Vendors"
    )]
    pub bureau_country: String,
    /// Bureau: give up polling a transaction after this many seconds (it is resumed by id on
    /// the next run).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 180.0,
        help_heading = "Vendors"
    )]
    pub bureau_max_wait: f64,
    /// Bureau: seconds between polls at first (growing to four times this).
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 5.0,
        help_heading = "Vendors"
    )]
    pub bureau_poll_interval: f64,
    /// `--config` and `--timeout` (the timeout of each call).
    #[command(flatten)]
    pub call: CallArgs,
}
