//! The command line: global options, one subcommand tree per vendor, `mock` and `demo`.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

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

// ---------------------------------------------------------------------------------------------
// Jeff

/// `leadkit jeff …`.
#[derive(Debug, Args)]
pub struct JeffArgs {
    /// Base URL of events, lead data and fraud data (default Jeff's production API).
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// Base URL of social presence (default Jeff's data host).
    #[arg(long, global = true, value_name = "URL")]
    pub data_base_url: Option<String>,
    /// Send the credentials as query parameters (Jeff's fallback) instead of HTTP Basic.
    #[arg(long, global = true)]
    pub query_credentials: bool,
    /// Lead Data / Fraud Data API version (default 1.3).
    #[arg(long, global = true, value_name = "VERSION")]
    pub api_version: Option<String>,
    /// The call.
    #[command(subcommand)]
    pub command: JeffCommand,
}

/// Jeff calls.
#[derive(Debug, Subcommand)]
pub enum JeffCommand {
    /// Lead Data: look a lead up by email and/or phone.
    Lead(ContactArgs),
    /// Fraud Data: what partners and Jeff's rules say about an email and/or phone.
    Fraud(ContactArgs),
    /// Social Presence: where an email and/or phone is registered.
    Social(SocialArgs),
    /// Partner Events: send a postback.
    Event(EventArgs),
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
}

// ---------------------------------------------------------------------------------------------
// Jornaya

/// `leadkit jornaya …`.
#[derive(Debug, Args)]
pub struct JornayaArgs {
    /// Base URL (default <https://api.leadid.com>).
    #[arg(long, global = true, value_name = "URL")]
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
    Preaudit(PreauditArgs),
    /// Print the table of reason codes (no network).
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
}

// ---------------------------------------------------------------------------------------------
// FriendlyScore

/// `leadkit friendlyscore …`.
#[derive(Debug, Args)]
pub struct FriendlyScoreArgs {
    /// Base URL (default <https://friendlyscore.com/>).
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// Use the sandbox (<https://sandbox.friendlyscore.com/>).
    #[arg(long, global = true)]
    pub sandbox: bool,
    /// The call.
    #[command(subcommand)]
    pub command: FriendlyScoreCommand,
}

/// FriendlyScore calls.
// Parsed once per process: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum FriendlyScoreCommand {
    /// Calls about one user.
    User {
        /// The call.
        #[command(subcommand)]
        action: UserAction,
    },
    /// list-users: one page, or every page with --all.
    Users(ListArgs),
}

/// The user a call is about: FriendlyScore's id or your own.
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub struct Who {
    /// Your own id of the user (`partner-id`).
    #[arg(long)]
    pub partner_id: Option<String>,
    /// FriendlyScore's id of the user (`id`).
    #[arg(long)]
    pub id: Option<String>,
}

/// The seven Gmail-derived lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GmailName {
    /// places.json
    Places,
    /// days-of-birth.json
    DaysOfBirth,
    /// skills.json
    Skills,
    /// phones.json
    Phones,
    /// work-periods.json
    WorkPeriods,
    /// universities.json
    Universities,
    /// emails.json
    Emails,
}

/// Calls about one FriendlyScore user.
#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// show-user: the user's score and profile.
    Show(Who),
    /// show-user-social: social network data.
    Social(Who),
    /// show-user-ip-addr: IP address data.
    IpAddr(Who),
    /// show-user-data-points: data points.
    DataPoints(Who),
    /// show-user-heat-map: heat map coordinates.
    HeatMap(Who),
    /// min-fraud-data.
    MinFraud(Who),
    /// show-fraudalerts.
    FraudAlerts(Who),
    /// show-gmail-*: one Gmail-derived list.
    Gmail {
        /// The list.
        #[arg(value_enum)]
        list: GmailName,
        /// The user.
        #[command(flatten)]
        who: Who,
    },
    /// calculate-score: schedule a score (and wait for it with --wait).
    Score(ScoreArgs),
    /// Wait until a scheduled score is ready (polls show-user).
    Wait {
        /// The user.
        #[command(flatten)]
        who: Who,
        /// Polling.
        #[command(flatten)]
        poll: PollArgs,
    },
    /// performance-data: report the loan's performance.
    Performance(PerformanceArgs),
    /// set-positive: mark the user positive (true) or not (false).
    Positive {
        /// The user.
        #[command(flatten)]
        who: Who,
        /// true or false.
        #[arg(action = ArgAction::Set)]
        positive: bool,
    },
    /// set-status: set the user's status.
    Status {
        /// The user.
        #[command(flatten)]
        who: Who,
        /// The status (text).
        #[arg(long)]
        status: String,
        /// Its description.
        #[arg(long)]
        description: Option<String>,
    },
}

/// `leadkit friendlyscore user score …`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The user.
    #[command(flatten)]
    pub who: Who,
    /// The applicant's IP address.
    #[arg(long)]
    pub ip: String,
    /// JSON file of the applicant's social access tokens (`-` reads stdin), such as
    /// {"facebook": "…", "google": "…"}. Tokens are secrets: never pass them as flags.
    #[arg(long, value_name = "FILE")]
    pub access_tokens: PathBuf,
    /// URL FriendlyScore calls when scoring ends.
    #[arg(long)]
    pub webhook: Option<String>,
    /// The applicant's operating system (user_agent.os).
    #[arg(long)]
    pub ua_os: Option<String>,
    /// The applicant's browser (user_agent.browser).
    #[arg(long)]
    pub ua_browser: Option<String>,
    /// Whether the applicant used a mobile device (user_agent.mobile).
    #[arg(long)]
    pub ua_mobile: Option<bool>,
    /// Wait for the score after scheduling it.
    #[arg(long)]
    pub wait: bool,
    /// Polling (with --wait).
    #[command(flatten)]
    pub poll: PollArgs,
}

/// `leadkit friendlyscore user performance …`.
#[derive(Debug, Args)]
pub struct PerformanceArgs {
    /// The user.
    #[command(flatten)]
    pub who: Who,
    /// loan_application_customer_id.
    #[arg(long)]
    pub customer_id: Option<String>,
    /// loan_application_date, `YYYY-MM-DD HH:MM:SS`.
    #[arg(long, value_name = "DATETIME")]
    pub application_date: Option<String>,
    /// loan_application_status: accepted, declined, drop-off, …
    #[arg(long)]
    pub application_status: Option<String>,
    /// loan_value.
    #[arg(long)]
    pub loan_value: Option<f64>,
    /// loan_currency (GBP, …).
    #[arg(long)]
    pub currency: Option<String>,
    /// loan_term (days).
    #[arg(long)]
    pub term: Option<u32>,
    /// loan_status: active, arrears, paid, …
    #[arg(long)]
    pub loan_status: Option<String>,
    /// loan_paid_capital.
    #[arg(long)]
    pub paid_capital: Option<f64>,
    /// loan_arrears_days.
    #[arg(long)]
    pub arrears_days: Option<u32>,
    /// loan_arrears_amount_overdue.
    #[arg(long)]
    pub arrears_amount: Option<f64>,
    /// loan_is_installment (true or false).
    #[arg(long)]
    pub installment: Option<bool>,
    /// comments, as POSITIVE,NEGATIVE,NEUTRAL counts.
    #[arg(long, value_name = "P,N,U")]
    pub comments: Option<String>,
}

/// `leadkit friendlyscore users …`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Page number, from 1.
    #[arg(long)]
    pub page: Option<u32>,
    /// Users per page, 1–200.
    #[arg(long)]
    pub max_results: Option<u32>,
    /// Every page from --page on.
    #[arg(long)]
    pub all: bool,
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

// ---------------------------------------------------------------------------------------------
// Bureau

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
