//! The command line: global options, one subcommand tree per vendor, `mock` and `demo`.

mod bureau;
mod friendlyscore;
mod jeff;
mod jornaya;

pub use bureau::*;
pub use friendlyscore::*;
pub use jeff::*;
pub use jornaya::*;

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

/// Call the leadkit vendors (Jeff, Jornaya, FriendlyScore, Bureau) from the terminal, or run a
/// local fake of all four.
///
/// Credentials come from environment variables or a config file, never from flags
/// (see docs/cli.md): LEADKIT_JEFF_USERNAME,
/// LEADKIT_JEFF_PASSWORD, LEADKIT_JORNAYA_ACCOUNT_CODE, LEADKIT_JORNAYA_BEARER_TOKEN,
/// LEADKIT_FRIENDLYSCORE_CLIENT_ID, LEADKIT_FRIENDLYSCORE_CLIENT_SECRET,
/// LEADKIT_BUREAU_CREDENTIAL_ID, LEADKIT_BUREAU_CREDENTIAL_SECRET.
///
/// Exit codes: 0 success, 1 internal error, 2 invalid input or configuration, 3 the vendor
/// refused or answered an error, 4 network failure (connect, timeout, broken exchange),
/// 5 gave up waiting for a result.
#[derive(Debug, Parser)]
#[command(name = "leadkit", version, max_term_width = 100)]
pub struct Cli {
    /// Print machine-readable JSON on stdout (errors as JSON on stderr).
    #[arg(long, global = true)]
    pub json: bool,
    /// Log what the clients do on stderr (-v debug, -vv trace). Never logs credentials.
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
    /// Config file of KEY=VALUE lines (default: $LEADKIT_CONFIG, else
    /// ~/.config/leadkit/config when it exists).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Per-request timeout in seconds (default 30).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Jeff Data API: partner events, lead data, fraud data, social presence.
    Jeff(JeffArgs),
    /// Jornaya (LeadiD) Pre-Audit.
    Jornaya(JornayaArgs),
    /// FriendlyScore API v2.
    #[command(name = "friendlyscore")]
    FriendlyScore(FriendlyScoreArgs),
    /// Bureau Alt Data workflow.
    Bureau(BureauArgs),
    /// The local fake of all four vendors.
    Mock {
        /// What to do with the mock.
        #[command(subcommand)]
        command: MockCommand,
    },
    /// Start the embedded mock, screen one sample applicant through all four vendors at once,
    /// print one report.
    Demo,
}

/// `leadkit mock …`.
#[derive(Debug, Subcommand)]
pub enum MockCommand {
    /// Run the mock in the foreground and print its base URLs (Ctrl-C stops it).
    Serve {
        /// Loopback port (default: chosen by the OS).
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
}

/// How to poll a long operation.
#[derive(Debug, Clone, Args)]
pub struct PollArgs {
    /// Seconds before the first poll (Bureau default 30; FriendlyScore 5).
    #[arg(long, value_name = "SECONDS")]
    pub first_poll: Option<f64>,
    /// Seconds between polls at first; the interval grows up to four times this.
    #[arg(long, value_name = "SECONDS")]
    pub poll_interval: Option<f64>,
    /// Give up after this many seconds (Bureau default 180; FriendlyScore 120).
    #[arg(long, value_name = "SECONDS")]
    pub max_wait: Option<f64>,
}
