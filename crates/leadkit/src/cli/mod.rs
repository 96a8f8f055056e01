//! The command line: output options shared by every command, one subcommand tree per vendor,
//! `mock`, `demo`, `completions` and `man`.

mod bureau;
mod examples;
mod friendlyscore;
mod jeff;
mod jornaya;
mod screen;

pub use bureau::*;
pub use friendlyscore::*;
pub use jeff::*;
pub use jornaya::*;
pub use screen::*;

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

/// Help heading of the options every command takes.
pub const OUTPUT_HEADING: &str = "Output options";
/// Help heading of the options of commands that call a vendor.
pub const CALL_HEADING: &str = "Call options";
/// Help heading of a vendor's address and authentication options.
pub const CONNECTION_HEADING: &str = "Connection options";

/// Call the leadkit vendors (Jeff, Jornaya, FriendlyScore, Bureau) from the terminal, or run a
/// local fake of all four.
///
/// Credentials come from environment variables or a config file, never from flags (see
/// docs/cli.md): LEADKIT_JEFF_USERNAME, LEADKIT_JEFF_PASSWORD, LEADKIT_JORNAYA_ACCOUNT_CODE,
/// LEADKIT_JORNAYA_BEARER_TOKEN, LEADKIT_FRIENDLYSCORE_CLIENT_ID,
/// LEADKIT_FRIENDLYSCORE_CLIENT_SECRET, LEADKIT_BUREAU_CREDENTIAL_ID,
/// LEADKIT_BUREAU_CREDENTIAL_SECRET.
#[derive(Debug, Parser)]
#[command(
    name = "leadkit",
    version,
    max_term_width = 100,
    after_help = examples::TOP,
    after_long_help = examples::TOP_LONG,
)]
pub struct Cli {
    /// Options of every command.
    #[command(flatten)]
    pub output: OutputArgs,
    /// `--config` and `--timeout` written before the command (`leadkit --timeout 5 jeff …`).
    #[command(flatten)]
    pub call: CallArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    #[default]
    Auto,
    /// Always, even into a pipe.
    Always,
    /// Never.
    Never,
}

/// Options of every command.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = OUTPUT_HEADING)]
pub struct OutputArgs {
    /// Print one JSON document on stdout; errors and warnings as JSON lines on stderr.
    #[arg(long, global = true)]
    pub json: bool,
    /// Colour the output: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t = ColorWhen::Auto,
        hide_possible_values = true
    )]
    pub color: ColorWhen,
    /// Log what the clients do on stderr (-v debug, -vv trace). Never logs credentials.
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
}

/// Options of the commands that call a vendor.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = CALL_HEADING)]
pub struct CallArgs {
    /// Config file of KEY=VALUE lines (default: $LEADKIT_CONFIG, else
    /// ~/.config/leadkit/config when it exists).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Give up on the call after this many seconds, retries and waits included (default: 30
    /// per attempt; polls wait up to --max-wait).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
}

impl CallArgs {
    /// These options with `other`'s given ones written over them (the command's own win over
    /// those written before the command).
    pub fn or(&self, other: &CallArgs) -> CallArgs {
        CallArgs {
            config: other.config.clone().or_else(|| self.config.clone()),
            timeout: other.timeout.or(self.timeout),
        }
    }

    /// The first flag given, if any (for commands that call no vendor).
    pub fn given_flag(&self) -> Option<&'static str> {
        if self.config.is_some() {
            Some("--config")
        } else if self.timeout.is_some() {
            Some("--timeout")
        } else {
            None
        }
    }
}

/// [`CallArgs`] for a vendor whose every call reaches the network: taken before or after the
/// call's name.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = CALL_HEADING)]
pub struct GlobalCallArgs {
    /// Config file of KEY=VALUE lines (default: $LEADKIT_CONFIG, else
    /// ~/.config/leadkit/config when it exists).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Give up on the call after this many seconds, retries and waits included (default: 30
    /// per attempt; polls wait up to --max-wait).
    #[arg(long, global = true, value_name = "SECONDS")]
    pub timeout: Option<f64>,
}

impl From<&GlobalCallArgs> for CallArgs {
    fn from(args: &GlobalCallArgs) -> Self {
        Self {
            config: args.config.clone(),
            timeout: args.timeout,
        }
    }
}

/// The top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Jeff Data API: lead data, fraud data, social presence, partner events.
    #[command(after_help = examples::JEFF)]
    Jeff(JeffArgs),
    /// Jornaya (LeadiD) Pre-Audit, and its reason codes.
    #[command(after_help = examples::JORNAYA)]
    Jornaya(JornayaArgs),
    /// FriendlyScore API v2: users, scores, data, performance.
    #[command(name = "friendlyscore", after_help = examples::FRIENDLYSCORE)]
    FriendlyScore(FriendlyScoreArgs),
    /// Bureau Alt Data: the whole workflow, or each step.
    #[command(after_help = examples::BUREAU)]
    Bureau(BureauArgs),
    /// Screen a whole lead list (CSV or JSON Lines), resumably, never paying twice for a call.
    Screen(Box<ScreenArgs>),
    /// The local fake of all four vendors.
    Mock {
        /// What to do with the mock.
        #[command(subcommand)]
        command: MockCommand,
    },
    /// Start the embedded mock, screen one sample applicant through all four vendors at once,
    /// print one report.
    #[command(after_help = examples::DEMO)]
    Demo,
    /// Print a shell completion script on stdout.
    #[command(after_help = examples::COMPLETIONS)]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout.
    #[command(after_help = examples::MAN)]
    Man,
}

/// `leadkit mock …`.
#[derive(Debug, Subcommand)]
pub enum MockCommand {
    /// Run the mock in the foreground and print its base URLs (Ctrl-C stops it).
    #[command(after_help = examples::MOCK_SERVE)]
    Serve {
        /// Loopback port (default: chosen by the OS).
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
}

/// How to poll a long operation.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Polling options")]
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

impl Cli {
    /// The `--config`/`--timeout` in force for a vendor command: the command's own over those
    /// written before the command.
    pub fn call_args(&self) -> CallArgs {
        let own = match &self.command {
            Command::Jeff(args) => Some(CallArgs::from(&args.call)),
            Command::Jornaya(args) => match &args.command {
                JornayaCommand::Preaudit(preaudit) => Some(preaudit.call.clone()),
                JornayaCommand::Reasons => None,
            },
            Command::FriendlyScore(args) => Some(CallArgs::from(&args.call)),
            Command::Screen(args) => Some(args.call.clone()),
            Command::Bureau(args) => Some(CallArgs::from(&args.call)),
            _ => None,
        };
        own.map_or_else(|| self.call.clone(), |own| self.call.or(&own))
    }

    /// Whether the command calls a vendor (and so uses `--config` and `--timeout`).
    pub fn calls_a_vendor(&self) -> bool {
        match &self.command {
            Command::Jeff(_)
            | Command::FriendlyScore(_)
            | Command::Bureau(_)
            | Command::Screen(_) => true,
            Command::Jornaya(args) => matches!(args.command, JornayaCommand::Preaudit(_)),
            Command::Mock { .. } | Command::Demo | Command::Completions { .. } | Command::Man => {
                false
            }
        }
    }
}
