//! Workspace tasks, run as `cargo xtask <task>`:
//!
//! - `ci`: everything CI checks: formatting, clippy, each crate's tests on its own (doc tests
//!   included), every example, and the docs, all with warnings denied; then each TLS feature
//!   set (`cargo check`) and every published crate built from its own tarball
//!   (`cargo package`; see `ship`).
//! - `bench [--no-screen | --screen-only] [--screen-rounds N] [--screen-concurrency N]
//!   [--no-adoption | --adoption-only] [--adoption-rounds N]`: the loopback benchmarks in
//!   release mode, then `leadkit screen` on a 10,000-row list against the mock (see
//!   `screen_bench`), then the cold build of a program adopting one vendor against the bare
//!   transport (see `adoption`). `--screen-only` and `--adoption-only` run only the steps they
//!   name (both: those two).
//! - `ship`: the TLS feature sets and the published crates' packages (part of `ci`).
//! - `fixtures check | record`: fixture drift checks and recording (see `fixtures`).
//! - `fuzz --seconds N`: every cargo-fuzz target (see `fuzz`).
//! - `drift [--seed N] [--per-fixture N]`: the drift corpus (see `corpus`).

mod adoption;
mod corpus;
mod examples;
mod fixtures;
mod fuzz;
mod screen_bench;
mod ship;

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The crates tested one by one, each with the features its tests need.
const CRATES: &[(&str, &[&str])] = &[
    ("leadkit-core", &["--features", "test-support"]),
    ("jeff-client", &[]),
    ("jornaya-preaudit", &[]),
    ("friendlyscore-client", &[]),
    ("bureau-altdata", &[]),
    ("leadkit-mock", &[]),
    ("leadkit-screen", &["--all-features"]),
    ("leadkit", &[]),
    ("leadkit-audit", &[]),
    ("xtask", &[]),
];

fn cargo(args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let started = Instant::now();
    eprintln!("==> cargo {}", args.join(" "));
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args);
    for (name, value) in env {
        command.env(name, value);
    }
    let status = command
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    eprintln!("    ({:.1} s)", started.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed ({status})", args.join(" ")))
    }
}

fn ci() -> Result<(), String> {
    cargo(&["fmt", "--all", "--", "--check"], &[])?;
    fixtures::run(&["check".to_owned()])?;
    cargo(
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    for (name, features) in CRATES {
        let mut args = vec!["test", "--package", name];
        args.extend_from_slice(features);
        cargo(&args, &[])?;
    }
    examples::run_all()?;
    cargo(
        &["doc", "--workspace", "--no-deps", "--all-features"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    ship::run()?;
    Ok(())
}

/// A number of 1 or more following `flag`.
fn count_arg(flag: &str, value: Option<&String>) -> Result<usize, String> {
    value
        .and_then(|n| n.parse().ok())
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("bench: {flag} takes a number, 1 or more"))
}

fn bench(args: &[String]) -> Result<(), String> {
    // Steps: the loopback benchmarks, the screening run, the adoption builds.
    let (mut runtime, mut screen, mut adoption) = (true, true, true);
    let (mut screen_only, mut adoption_only) = (false, false);
    let mut rounds = adoption::DEFAULT_ROUNDS;
    let mut screen_rounds = screen_bench::DEFAULT_ROUNDS;
    let mut screen_concurrency = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--no-adoption" => adoption = false,
            "--adoption-only" => adoption_only = true,
            "--adoption-rounds" => rounds = count_arg(arg, args.next())?,
            "--no-screen" => screen = false,
            "--screen-only" => screen_only = true,
            "--screen-rounds" => screen_rounds = count_arg(arg, args.next())?,
            "--screen-concurrency" => screen_concurrency = Some(count_arg(arg, args.next())?),
            other => {
                return Err(format!(
                    "bench: unknown argument `{other}` (--no-screen, --screen-only, \
                     --screen-rounds N, --screen-concurrency N, --no-adoption, --adoption-only, \
                     --adoption-rounds N)"
                ));
            }
        }
    }
    if screen_only || adoption_only {
        runtime = false;
        screen &= screen_only;
        adoption &= adoption_only;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace holds xtask");
    let started = Instant::now();
    if runtime {
        cargo(
            &["run", "--release", "--quiet", "--package", "leadkit-bench"],
            &[],
        )?;
    }
    if screen {
        screen_bench::run(root, screen_rounds, screen_concurrency)?;
    }
    if adoption {
        adoption::run(root, rounds)?;
    }
    eprintln!("bench: {:.0} s in all", started.elapsed().as_secs_f64());
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(),
        Some("bench") => bench(&args[1..]),
        Some("ship") => ship::run(),
        Some("fixtures") => fixtures::run(&args[1..]),
        Some("fuzz") => fuzz::run(&args[1..]),
        Some("drift") => corpus::run(&args[1..]),
        _ => Err("usage: cargo xtask <ci|bench|ship|fixtures|fuzz|drift>".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
