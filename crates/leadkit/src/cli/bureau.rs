//! `leadkit bureau …` arguments.

use clap::{Args, Subcommand};

use super::PollArgs;

/// `leadkit bureau …`.
#[derive(Debug, Args)]
pub struct BureauArgs {
    /// Base URL (default Bureau's test mode, <https://api.sandbox.bureau.id/>).
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// Use Bureau's live mode (<https://api.bureau.id/>).
    #[arg(long, global = true)]
    pub live: bool,
    /// The call.
    #[command(subcommand)]
    pub command: BureauCommand,
}

/// Bureau calls.
#[derive(Debug, Subcommand)]
pub enum BureauCommand {
    /// Initiate, wait, poll until done: the whole workflow.
    Run {
        /// The applicant.
        #[command(flatten)]
        applicant: Applicant,
        /// Polling.
        #[command(flatten)]
        poll: PollArgs,
    },
    /// Initiate a transaction (POST /transactions) and print its id.
    Initiate(Applicant),
    /// Fetch Result once (POST /transactions with the transaction id).
    Fetch {
        /// The applicant (the same details as at initiation).
        #[command(flatten)]
        applicant: Applicant,
        /// The transaction id.
        #[arg(long)]
        transaction_id: String,
    },
    /// Read a transaction by id (GET /transactions/{id}).
    Get {
        /// The transaction id.
        #[arg(long)]
        transaction_id: String,
    },
    /// Poll an existing transaction until it is done.
    Poll {
        /// The applicant (the same details as at initiation).
        #[command(flatten)]
        applicant: Applicant,
        /// The transaction id.
        #[arg(long)]
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
