//! `leadkit bureau …` arguments.

use clap::{Args, Subcommand};

use super::{CONNECTION_HEADING, GlobalCallArgs, PollArgs, examples};

/// `leadkit bureau …`.
#[derive(Debug, Args)]
pub struct BureauArgs {
    /// Base URL (default Bureau's test mode, <https://api.sandbox.bureau.id/>).
    #[arg(long, global = true, value_name = "URL", help_heading = CONNECTION_HEADING)]
    pub base_url: Option<String>,
    /// Use Bureau's live mode (<https://api.bureau.id/>).
    #[arg(long, global = true, help_heading = CONNECTION_HEADING)]
    pub live: bool,
    /// `--config` and `--timeout`, written before or after the call.
    #[command(flatten)]
    pub call: GlobalCallArgs,
    /// The call.
    #[command(subcommand)]
    pub command: BureauCommand,
}

/// Bureau calls.
#[derive(Debug, Subcommand)]
pub enum BureauCommand {
    /// Initiate, wait, poll until done: the whole workflow.
    #[command(after_help = examples::BUREAU_RUN)]
    Run {
        /// The applicant.
        #[command(flatten)]
        applicant: Applicant,
        /// Polling.
        #[command(flatten)]
        poll: PollArgs,
    },
    /// Initiate a transaction (POST /transactions) and print its id.
    #[command(after_help = examples::BUREAU_INITIATE)]
    Initiate(Applicant),
    /// Fetch Result once (POST /transactions with the applicant and the transaction id).
    #[command(after_help = examples::BUREAU_FETCH)]
    Fetch {
        /// The applicant (the same details as at initiation).
        #[command(flatten)]
        applicant: Applicant,
        /// The transaction id.
        #[arg(long, visible_alias = "id", value_name = "ID")]
        transaction_id: String,
    },
    /// Read a transaction by id (GET /transactions/{id}).
    #[command(after_help = examples::BUREAU_GET)]
    Get {
        /// The transaction id.
        #[arg(long, visible_alias = "id", value_name = "ID")]
        transaction_id: String,
    },
    /// Poll an existing transaction by its id until it is done (GET /transactions/{id}): no
    /// personal data needed.
    #[command(after_help = examples::BUREAU_POLL)]
    Poll {
        /// The transaction id (printed by initiate, and by run when it gives up).
        #[arg(long, visible_alias = "id", value_name = "ID")]
        transaction_id: String,
        /// Polling (the first poll is immediate unless --first-poll is given).
        #[command(flatten)]
        poll: PollArgs,
    },
}

/// The applicant's details for Bureau.
#[derive(Debug, Clone, Args)]
pub struct Applicant {
    /// The workflow id Bureau shared (default $LEADKIT_BUREAU_WORKFLOW_ID or the config file).
    #[arg(long)]
    pub workflow_id: Option<String>,
    /// Phone number, digits only, country code first (919812345678).
    #[arg(long)]
    pub phone: String,
    /// Email.
    #[arg(long)]
    pub email: String,
    /// Full name.
    #[arg(long)]
    pub name: String,
    /// ISO 3166-1 alpha-3 country code.
    #[arg(long, default_value = "IND")]
    pub country: String,
    /// Ask for derived signals (Bureau recommends it).
    #[arg(long)]
    pub derived_signals: bool,
    /// Ask for enhanced coverage.
    #[arg(long)]
    pub enhanced_coverage: bool,
}
