//! Workspace tasks, run as `cargo xtask <task>`:
//!
//! - `ci`: everything CI checks: formatting, clippy, each crate's tests on its own (doc tests
//!   included), every example, and the docs, all with warnings denied; then each TLS feature
//!   set (`cargo check`) and every published crate built from its own tarball
//!   (`cargo package`; see `ship`).
//! - `bench [--no-adoption | --adoption-only] [--adoption-rounds N]`: the loopback benchmarks in
//!   release mode, then the cold build of a program adopting one vendor against the bare
//!   transport (see `adoption`).
//! - `ship`: the TLS feature sets and the published crates' packages (part of `ci`).
//! - `fixtures check | record`: fixture drift checks and recording (see `fixtures`).
//! - `fuzz --seconds N`: every cargo-fuzz target (see `fuzz`).
//! - `drift [--seed N] [--per-fixture N]`: the drift corpus (see `corpus`).

mod adoption;
mod corpus;
mod examples;
mod fixtures;
mod fuzz;
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

fn bench(args: &[String]) -> Result<(), String> {
    let (mut runtime, mut adoption) = (true, true);
    let mut rounds = adoption::DEFAULT_ROUNDS;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--no-adoption" => adoption = false,
            "--adoption-only" => runtime = false,
            "--adoption-rounds" => {
                rounds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .ok_or("bench: --adoption-rounds takes a number of rounds, 1 or more")?;
            }
            other => {
                return Err(format!(
                    "bench: unknown argument `{other}` (--no-adoption, --adoption-only, \
                     --adoption-rounds N)"
                ));
            }
        }
    }
    let started = Instant::now();
    if runtime {
        cargo(
            &["run", "--release", "--quiet", "--package", "leadkit-bench"],
            &[],
        )?;
    }
    if adoption {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the workspace holds xtask");
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
