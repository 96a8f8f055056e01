//! `leadkit`: every leadkit vendor call from the terminal, and a local fake of all four
//! vendors. See docs/cli.md.

// A `Failure` is built at most once per process, on its way to being printed: its size costs
// nothing worth boxing for.
#![allow(clippy::result_large_err)]

mod attempts;
mod bureau;
mod cli;
mod clients;
mod config;
mod demo;
mod explain;
mod friendlyscore;
mod jeff;
mod jornaya;
mod mock;
mod output;
mod progress;
mod screen;
mod style;
mod summary_csv;

use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory as _, FromArgMatches as _};

use crate::cli::{Cli, Command, MockCommand};
use crate::clients::Context;
use crate::config::Settings;
use crate::explain::CallContext;
use crate::output::{Failure, Report};

fn main() -> ExitCode {
    let color = style::init_from_args(std::env::args_os());
    let matches = match Cli::command().color(color).try_get_matches() {
        Ok(matches) => matches,
        Err(error) => return output::usage_error(&error),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => return output::usage_error(&error),
    };
    let as_json = cli.output.json;
    if let Err(failure) = check_call_flags(&cli) {
        failure.print(as_json);
        return failure.exit_code();
    }
    init_logging(cli.output.verbose);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let failure = Failure::internal(format!("cannot start the runtime: {error}"));
            failure.print(as_json);
            return failure.exit_code();
        }
    };
    // `screen` handles Ctrl-C itself: no new call starts, calls in flight finish and are
    // recorded in its journal, and its summary is printed.
    let handles_ctrl_c = matches!(cli.command, Command::Screen(_));
    // Ctrl-C is how `mock serve` is meant to stop: a success.
    let serving = matches!(cli.command, Command::Mock { .. });
    let interrupted = runtime.block_on(async {
        if handles_ctrl_c {
            return Some(run(cli).await);
        }
        // Biased: the Ctrl-C handler is in place before the command prints anything.
        tokio::select! {
            biased;
            _ = tokio::signal::ctrl_c() => None,
            result = run(cli) => Some(result),
        }
    });
    let Some(result) = interrupted else {
        if serving {
            return ExitCode::SUCCESS;
        }
        // The command's future is dropped: a progress line is cleared, nothing more is sent.
        let failure = Failure::interrupted();
        failure.print(as_json);
        return failure.exit_code();
    };
    match result {
        Ok(report) => {
            report.print(as_json);
            ExitCode::SUCCESS
        }
        Err(failure) => {
            failure.print(as_json);
            failure.exit_code()
        }
    }
}

/// `-v` logs on stderr; the attempt counter always.
fn init_logging(verbose: u8) {
    use tracing_subscriber::Layer as _;
    use tracing_subscriber::filter::{LevelFilter, filter_fn};
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let level = match verbose {
        0 => LevelFilter::OFF,
        1 => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    };
    let logs = tracing_subscriber::fmt::layer()
        .with_writer(progress::LogWriter)
        .with_ansi(false)
        .with_target(false)
        .with_filter(level);
    let counter = attempts::AttemptCounter
        .with_filter(filter_fn(|meta| meta.target().starts_with("leadkit_core")));
    let _ = tracing_subscriber::registry()
        .with(logs)
        .with(counter)
        .try_init();
}

/// `--config` and `--timeout` before a command that calls no vendor do nothing: refused.
fn check_call_flags(cli: &Cli) -> Result<(), Failure> {
    if cli.calls_a_vendor() {
        return Ok(());
    }
    match cli.call.given_flag() {
        Some(flag) => Err(Failure::usage(format!(
            "{flag} does nothing for this command: it calls no vendor"
        ))),
        None => Ok(()),
    }
}

async fn run(cli: Cli) -> Result<Report, Failure> {
    match &cli.command {
        Command::Demo => return demo::run().await,
        Command::Mock {
            command: MockCommand::Serve { port },
        } => {
            mock::serve(*port, cli.output.json).await?;
            return Ok(Report::new(serde_json::Value::Null, ""));
        }
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "leadkit", &mut out);
            return Ok(Report::raw(out));
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| Failure::internal(format!("cannot render the manual: {e}")))?;
            return Ok(Report::raw(out));
        }
        Command::Jornaya(args) if matches!(args.command, cli::JornayaCommand::Reasons) => {
            return jornaya::reasons(args);
        }
        _ => {}
    }
    let call = cli.call_args();
    let settings = Settings::load(call.config.as_deref(), cli.output.verbose > 0)?;
    settings.print_warnings(cli.output.json);
    let context = Context::new(settings, call.timeout)?;
    let started = Instant::now();
    let (result, flags, resume_with) = match &cli.command {
        Command::Jeff(args) => (jeff::run(&context, args).await, explain::JEFF_FLAGS, None),
        Command::Jornaya(args) => (
            jornaya::run(&context, args).await,
            explain::JORNAYA_FLAGS,
            None,
        ),
        Command::FriendlyScore(args) => (
            friendlyscore::run(&context, args).await,
            explain::FRIENDLYSCORE_FLAGS,
            None,
        ),
        Command::Bureau(args) => (
            bureau::run(&context, args).await,
            explain::BUREAU_FLAGS,
            Some("leadkit bureau poll --id"),
        ),
        Command::Screen(args) => match screen::run(&context, args).await {
            Ok((report, false)) => (Ok(report), &[][..], None),
            Ok((report, true)) => {
                // The summary still goes to stdout; the exit code says it was interrupted.
                report.print(cli.output.json);
                let failure = Failure {
                    hint: Some(
                        "calls in flight finished and were recorded: rerun the same command to \
                         resume"
                            .into(),
                    ),
                    resume_id: None,
                    ..Failure::interrupted()
                };
                (Err(failure), &[][..], None)
            }
            Err(failure) => (Err(failure), &[][..], None),
        },
        _ => return Err(Failure::internal("handled above")),
    };
    result.map_err(|failure| {
        failure.explain(&CallContext {
            flags,
            endpoint: context.endpoint.get().cloned(),
            timeout: context.timeout,
            elapsed: Some(started.elapsed()),
            attempts: Some(attempts::count()),
            resume_with,
        })
    })
}
