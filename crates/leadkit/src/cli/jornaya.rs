//! `leadkit jornaya …` arguments.

use clap::{Args, Subcommand};

use super::{CONNECTION_HEADING, CallArgs, examples};

/// `leadkit jornaya …`.
#[derive(Debug, Args)]
pub struct JornayaArgs {
    /// Base URL of pre-audit, written before the call (default <https://api.leadid.com>, or
    /// $LEADKIT_JORNAYA_BASE_URL).
    #[arg(long, value_name = "URL", help_heading = CONNECTION_HEADING)]
    pub base_url: Option<String>,
    /// The call.
    #[command(subcommand)]
    pub command: JornayaCommand,
}

/// Jornaya calls.
// Parsed once per process: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum JornayaCommand {
    /// SinglePreAudit: would the buyer accept, review or reject this lead?
    #[command(after_help = examples::JORNAYA_PREAUDIT)]
    Preaudit(PreauditArgs),
    /// Print the table of reason codes (no network).
    #[command(after_help = examples::JORNAYA_REASONS)]
    Reasons,
}

/// `leadkit jornaya preaudit …`.
#[derive(Debug, Args)]
pub struct PreauditArgs {
    /// The LeadiD token (`id`, a UUID).
    #[arg(long)]
    pub token: String,
    /// The buyer's entity code (`lec`).
    #[arg(long)]
    pub entity: String,
    /// Your provider code (`lpc`).
    #[arg(long)]
    pub provider: Option<String>,
    /// Ask for the XML answer (`format=xml`).
    #[arg(long)]
    pub xml: bool,
    /// Send the parameters as a POST form instead of a GET query.
    #[arg(long)]
    pub post: bool,
    /// Consumer email (`data` label `email`).
    #[arg(long)]
    pub email: Option<String>,
    /// Consumer first name (`f_name`).
    #[arg(long)]
    pub first_name: Option<String>,
    /// Consumer last name (`l_name`).
    #[arg(long)]
    pub last_name: Option<String>,
    /// Consumer phone (`phone1`).
    #[arg(long)]
    pub phone: Option<String>,
    /// Consumer street address (`address1`).
    #[arg(long)]
    pub address: Option<String>,
    /// Consumer city.
    #[arg(long)]
    pub city: Option<String>,
    /// Consumer state.
    #[arg(long)]
    pub state: Option<String>,
    /// Consumer ZIP code.
    #[arg(long)]
    pub zip: Option<String>,
    /// Any other `data` label, as LABEL=VALUE (repeatable).
    #[arg(long = "data", value_name = "LABEL=VALUE")]
    pub data: Vec<String>,
    /// Base URL (default <https://api.leadid.com>, or $LEADKIT_JORNAYA_BASE_URL).
    #[arg(long, value_name = "URL", help_heading = CONNECTION_HEADING)]
    pub base_url: Option<String>,
    /// `--config` and `--timeout`.
    #[command(flatten)]
    pub call: CallArgs,
}
