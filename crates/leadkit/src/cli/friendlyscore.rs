//! `leadkit friendlyscore …` arguments.

use std::path::PathBuf;

use clap::{ArgAction, Args, Subcommand, ValueEnum};

use super::{CONNECTION_HEADING, GlobalCallArgs, PollArgs, examples};

/// `leadkit friendlyscore …`.
#[derive(Debug, Args)]
pub struct FriendlyScoreArgs {
    /// Base URL (default <https://friendlyscore.com/>).
    #[arg(long, global = true, value_name = "URL", help_heading = CONNECTION_HEADING)]
    pub base_url: Option<String>,
    /// Use the sandbox (<https://sandbox.friendlyscore.com/>).
    #[arg(long, global = true, help_heading = CONNECTION_HEADING)]
    pub sandbox: bool,
    /// `--config` and `--timeout`, written before or after the call.
    #[command(flatten)]
    pub call: GlobalCallArgs,
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
    #[command(after_help = examples::FS_USER)]
    User {
        /// The call.
        #[command(subcommand)]
        action: UserAction,
    },
    /// list-users: one page, or every page with --all.
    #[command(after_help = examples::FS_USERS)]
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
    #[command(after_help = examples::FS_USER_SHOW)]
    Show(Who),
    /// show-user-social: social network data.
    #[command(after_help = examples::FS_USER_READ)]
    Social(Who),
    /// show-user-ip-addr: IP address data.
    #[command(after_help = examples::FS_USER_READ)]
    IpAddr(Who),
    /// show-user-data-points: data points.
    #[command(after_help = examples::FS_USER_READ)]
    DataPoints(Who),
    /// show-user-heat-map: heat map coordinates.
    #[command(after_help = examples::FS_USER_READ)]
    HeatMap(Who),
    /// min-fraud-data.
    #[command(after_help = examples::FS_USER_READ)]
    MinFraud(Who),
    /// show-fraudalerts.
    #[command(after_help = examples::FS_USER_READ)]
    FraudAlerts(Who),
    /// show-gmail-*: one Gmail-derived list.
    #[command(after_help = examples::FS_USER_GMAIL)]
    Gmail {
        /// The list.
        #[arg(value_enum)]
        list: GmailName,
        /// The user.
        #[command(flatten)]
        who: Who,
    },
    /// calculate-score: schedule a score (and wait for it with --wait).
    #[command(after_help = examples::FS_USER_SCORE)]
    Score(ScoreArgs),
    /// Wait until a scheduled score is ready (polls show-user).
    #[command(after_help = examples::FS_USER_WAIT)]
    Wait {
        /// The user.
        #[command(flatten)]
        who: Who,
        /// Polling.
        #[command(flatten)]
        poll: PollArgs,
    },
    /// performance-data: report the loan's performance.
    #[command(after_help = examples::FS_USER_PERFORMANCE)]
    Performance(PerformanceArgs),
    /// set-positive: mark the user positive (true) or not (false).
    #[command(after_help = examples::FS_USER_POSITIVE)]
    Positive {
        /// The user.
        #[command(flatten)]
        who: Who,
        /// true or false.
        #[arg(action = ArgAction::Set)]
        positive: bool,
    },
    /// set-status: set the user's status.
    #[command(after_help = examples::FS_USER_STATUS)]
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
