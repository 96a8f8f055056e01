//! `leadkit`: every leadkit vendor call from the terminal, and a local fake of all four
//! vendors. See docs/cli.md.

mod bureau;
mod cli;
mod clients;
mod config;
mod demo;
mod friendlyscore;
mod jeff;
mod jornaya;
mod mock;
mod output;

use std::process::ExitCode;

use clap::Parser as _;

use crate::cli::{Cli, Command, MockCommand};
use crate::clients::Context;
use crate::config::Settings;
use crate::output::{Failure, Report};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return output::usage_error(&error),
    };
    if cli.verbose > 0 {
        let level = if cli.verbose > 1 {
            tracing_subscriber::filter::LevelFilter::TRACE
        } else {
            tracing_subscriber::filter::LevelFilter::DEBUG
        };
        tracing_subscriber::fmt()
            .with_max_level(level)
            .with_writer(std::io::stderr)
            .with_target(false)
            .init();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let failure = Failure::internal(format!("cannot start the runtime: {error}"));
            failure.print(cli.json);
            return failure.exit_code();
        }
    };
    let as_json = cli.json;
    match runtime.block_on(run(cli)) {
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

async fn run(cli: Cli) -> Result<Report, Failure> {
    match &cli.command {
        Command::Demo => return demo::run().await,
        Command::Mock {
            command: MockCommand::Serve { port },
        } => {
            mock::serve(*port).await?;
            return Ok(Report::new(serde_json::Value::Null, ""));
        }
        _ => {}
    }
    let settings = Settings::load(cli.config.as_deref(), cli.verbose > 0)?;
    settings.print_warnings(cli.json);
    let context = Context {
        settings,
        http: clients::http_client(cli.timeout)?,
    };
    match &cli.command {
        Command::Jeff(args) => jeff::run(&context, args).await,
        Command::Jornaya(args) => jornaya::run(&context, args).await,
        Command::FriendlyScore(args) => friendlyscore::run(&context, args).await,
        Command::Bureau(args) => bureau::run(&context, args).await,
        Command::Demo | Command::Mock { .. } => Err(Failure::internal("handled above")),
    }
}
