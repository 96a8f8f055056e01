//! `leadkit jeff …` arguments.

use clap::{Args, Subcommand, ValueEnum};

use super::{CONNECTION_HEADING, GlobalCallArgs, examples};

/// `leadkit jeff …`.
#[derive(Debug, Args)]
pub struct JeffArgs {
    /// Where Jeff is and how to authenticate.
    #[command(flatten)]
    pub connection: JeffConnection,
    /// `--config` and `--timeout`, written before or after the call.
    #[command(flatten)]
    pub call: GlobalCallArgs,
    /// The call.
    #[command(subcommand)]
    pub command: JeffCommand,
}

/// Jeff's addresses and authentication, written before the call (`leadkit jeff --base-url URL
/// lead …`); each call also takes the ones it uses after its name.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = CONNECTION_HEADING)]
pub struct JeffConnection {
    /// Base URL of lead data, fraud data and partner events (default Jeff's production API,
    /// or $LEADKIT_JEFF_BASE_URL).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Base URL of social presence (default Jeff's data host, or $LEADKIT_JEFF_DATA_BASE_URL).
    #[arg(long, value_name = "URL")]
    pub data_base_url: Option<String>,
    /// Send the credentials as query parameters (Jeff's fallback) instead of HTTP Basic.
    #[arg(long)]
    pub query_credentials: bool,
    /// Lead Data and Fraud Data API version (default 1.3).
    #[arg(long, value_name = "VERSION")]
    pub api_version: Option<String>,
}

/// The address of lead data, fraud data and partner events, and how to authenticate.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = CONNECTION_HEADING)]
pub struct JeffApiArgs {
    /// Base URL (default Jeff's production API, or $LEADKIT_JEFF_BASE_URL).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Send the credentials as query parameters (Jeff's fallback) instead of HTTP Basic.
    #[arg(long)]
    pub query_credentials: bool,
}

/// `leadkit jeff lead` and `leadkit jeff fraud`.
#[derive(Debug, Clone, Args)]
pub struct LookupArgs {
    /// Who to look up.
    #[command(flatten)]
    pub contact: ContactArgs,
    /// Where Jeff is.
    #[command(flatten)]
    pub api: JeffApiArgs,
    /// Lead Data and Fraud Data API version (default 1.3).
    #[arg(long, value_name = "VERSION", help_heading = CONNECTION_HEADING)]
    pub api_version: Option<String>,
}

/// Jeff calls.
#[derive(Debug, Subcommand)]
pub enum JeffCommand {
    /// Lead Data: look a lead up by email and/or phone.
    #[command(after_help = examples::JEFF_LEAD)]
    Lead(LookupArgs),
    /// Fraud Data: what partners and Jeff's rules say about an email and/or phone.
    #[command(after_help = examples::JEFF_FRAUD)]
    Fraud(LookupArgs),
    /// Social Presence: where an email and/or phone is registered.
    #[command(after_help = examples::JEFF_SOCIAL)]
    Social(SocialArgs),
    /// Partner Events: send a postback.
    #[command(after_help = examples::JEFF_EVENT)]
    Event(EventArgs),
}

impl JeffCommand {
    /// The command's name, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Lead(_) => "jeff lead",
            Self::Fraud(_) => "jeff fraud",
            Self::Social(_) => "jeff social",
            Self::Event(_) => "jeff event",
        }
    }
}

/// An email and/or a phone number.
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = true)]
pub struct ContactArgs {
    /// The applicant's email.
    #[arg(long)]
    pub email: Option<String>,
    /// The applicant's phone number, digits only, country code first (84877797487).
    #[arg(long)]
    pub phone: Option<String>,
}

/// `leadkit jeff social`.
#[derive(Debug, Args)]
pub struct SocialArgs {
    /// Who to look up.
    #[command(flatten)]
    pub contact: ContactArgs,
    /// How long Jeff may wait for the platforms, 1–90 seconds (Jeff's default 25).
    #[arg(long, value_name = "SECONDS")]
    pub max_wait: Option<u32>,
    /// Platforms to check (comma-separated or repeated; default: all).
    #[arg(long = "platform", value_delimiter = ',', value_name = "NAME")]
    pub platforms: Vec<String>,
    /// Base URL of social presence (default Jeff's data host, or $LEADKIT_JEFF_DATA_BASE_URL).
    #[arg(long, value_name = "URL", help_heading = CONNECTION_HEADING)]
    pub data_base_url: Option<String>,
    /// Send the credentials as query parameters (Jeff's fallback) instead of HTTP Basic.
    #[arg(long, help_heading = CONNECTION_HEADING)]
    pub query_credentials: bool,
}

/// The six partner events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventName {
    /// The lead completed an application.
    ApplicationCompleted,
    /// The lead already existed in your system.
    LeadExists,
    /// You rejected the lead.
    LeadRejected,
    /// The lead passed your preliminary checks.
    LeadQualified,
    /// You rejected the loan.
    LoanRejected,
    /// You issued a loan.
    LoanIssued,
}

/// `leadkit jeff event …`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("lead").required(true).multiple(false))]
pub struct EventArgs {
    /// The event.
    #[arg(value_enum)]
    pub event: EventName,
    /// Jeff's lead id (`lead-id`).
    #[arg(long, group = "lead")]
    pub lead_id: Option<String>,
    /// The server-to-server lead id (`lead-s2s-id`, loan-issued only).
    #[arg(long, group = "lead")]
    pub lead_s2s_id: Option<String>,
    /// The Marketing API lead id (`lead-marketing-api-id`, loan-issued only).
    #[arg(long, group = "lead")]
    pub lead_marketing_api_id: Option<String>,
    /// Your own id of the application (`external-id`).
    #[arg(long)]
    pub external_id: String,
    /// Rejection reason (lead-rejected and loan-rejected only).
    #[arg(long)]
    pub reason: Option<String>,
    /// Mark the event as repeated.
    #[arg(long)]
    pub repeated: bool,
    /// Price group (A, B, C, D, …).
    #[arg(long, value_name = "GROUP")]
    pub price_group: Option<String>,
    /// Send with POST instead of GET.
    #[arg(long)]
    pub post: bool,
    /// Where Jeff is.
    #[command(flatten)]
    pub api: JeffApiArgs,
}
