//! `cargo xtask fuzz --seconds N [--target NAME]… [--jobs J]`: runs the cargo-fuzz targets in
//! `fuzz/` with nightly, each for N seconds, seeded from `fixtures/`.
//!
//! - Installs cargo-fuzz (`cargo install cargo-fuzz`) when it is missing.
//! - Copies each target's seeds from `fixtures/<vendor>/` into `fuzz/corpus/<target>/`
//!   (git-ignored; the corpus grows run after run).
//! - Runs `nice -n 10 rustup run nightly cargo fuzz run <target> fuzz/corpus/<target> --
//!   -max_total_time=N -print_final_stats=1`, at most J at a time (default 1), each target's
//!   output in `fuzz/target/logs/<target>.log`.
//! - Prints, per target, the seconds, libFuzzer's executions (`stat::number_of_executed_units`)
//!   and the outcome; fails when a target crashed (the input is in `fuzz/artifacts/<target>/`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Instant;

/// Where a target's seed inputs come from.
enum Seeds {
    /// Structured input built by `arbitrary`: libFuzzer starts from nothing.
    None,
    /// The vendor's fixtures whose names end with `ext`.
    Fixtures(&'static str, &'static str),
    /// FriendlyScore's fixtures behind the two status bytes the target reads first
    /// (`0x00 0x01` = 401 for the authentication errors, `0x00 0x04` = 404 otherwise).
    StatusThenBody(&'static str),
}

/// Every target, in the order run, with its seeds.
const TARGETS: &[(&str, Seeds)] = &[
    ("jeff_lead", Seeds::Fixtures("jeff", ".json")),
    ("jeff_fraud", Seeds::Fixtures("jeff", ".json")),
    ("jeff_social", Seeds::Fixtures("jeff", ".json")),
    ("jornaya_json", Seeds::Fixtures("jornaya", ".json")),
    ("jornaya_xml", Seeds::Fixtures("jornaya", ".xml")),
    ("jornaya_data", Seeds::None),
    (
        "friendlyscore_answers",
        Seeds::Fixtures("friendlyscore", ".json"),
    ),
    (
        "friendlyscore_errors",
        Seeds::StatusThenBody("friendlyscore"),
    ),
    ("bureau_transaction", Seeds::Fixtures("bureau", ".json")),
    ("screen_list", Seeds::None),
];

/// Fixture files that are not vendor answers.
const NOT_SEEDS: &[&str] = &["catalogue.json"];

const USAGE: &str = "usage: cargo xtask fuzz --seconds N [--target NAME]... [--jobs J]";

/// What the command line asked for.
#[derive(Debug, PartialEq)]
struct Options {
    seconds: u64,
    targets: Vec<String>,
    jobs: usize,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut seconds = None;
    let mut targets = Vec::new();
    let mut jobs = 1;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or_else(|| format!("{name} needs a value; {USAGE}"))
        };
        match name {
            "--seconds" => {
                let text = value()?;
                seconds = Some(
                    text.parse::<u64>()
                        .ok()
                        .filter(|n| *n > 0)
                        .ok_or_else(|| format!("--seconds must be a positive number: {text}"))?,
                );
            }
            "--target" => {
                let target = value()?;
                if !TARGETS.iter().any(|(known, _)| *known == target) {
                    let known: Vec<&str> = TARGETS.iter().map(|(name, _)| *name).collect();
                    return Err(format!(
                        "unknown target `{target}`; targets: {}",
                        known.join(", ")
                    ));
                }
                targets.push(target);
            }
            "--jobs" => {
                let text = value()?;
                jobs = text
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--jobs must be a positive number: {text}"))?;
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unexpected argument `{other}`; {USAGE}")),
        }
    }
    let seconds = seconds.ok_or_else(|| format!("--seconds is required; {USAGE}"))?;
    if targets.is_empty() {
        targets = TARGETS.iter().map(|(name, _)| (*name).to_owned()).collect();
    }
    Ok(Options {
        seconds,
        targets,
        jobs,
    })
}

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

/// A command run from the workspace root without the variables of the `cargo run` that
/// started xtask (its toolchain, its `cargo`, its target directory).
fn command(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(root())
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS");
    command
}

/// `cargo fuzz`, installed first when missing.
fn ensure_cargo_fuzz() -> Result<(), String> {
    let installed = command("cargo", &["fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if installed {
        return Ok(());
    }
    eprintln!("==> cargo install cargo-fuzz");
    let status = command("cargo", &["install", "cargo-fuzz"])
        .status()
        .map_err(|error| format!("cannot run cargo install: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo install cargo-fuzz` failed ({status})"))
    }
}

/// Copies `target`'s seeds into `fuzz/corpus/<target>/`; returns how many.
fn seed(target: &str, seeds: &Seeds) -> Result<usize, String> {
    let root = root();
    let corpus = root.join("fuzz").join("corpus").join(target);
    fs::create_dir_all(&corpus).map_err(|error| format!("{}: {error}", corpus.display()))?;
    let (vendor, ext) = match seeds {
        Seeds::None => return Ok(0),
        Seeds::Fixtures(vendor, ext) => (*vendor, *ext),
        Seeds::StatusThenBody(vendor) => (*vendor, ".json"),
    };
    let dir = root.join("fixtures").join(vendor);
    let entries = fs::read_dir(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let mut count = 0;
    for entry in entries {
        let path = entry.map_err(|error| error.to_string())?.path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        if !name.ends_with(ext) || NOT_SEEDS.contains(&name) {
            continue;
        }
        let body = fs::read(&path).map_err(|error| format!("{}: {error}", path.display()))?;
        let input = match seeds {
            Seeds::StatusThenBody(_) => {
                let auth = name.starts_with("token_invalid") || name.starts_with("unauthorized");
                let mut input = if auth { vec![0, 1] } else { vec![0, 4] };
                input.extend_from_slice(&body);
                input
            }
            _ => body,
        };
        let out = corpus.join(format!("seed-{name}"));
        fs::write(&out, input).map_err(|error| format!("{}: {error}", out.display()))?;
        count += 1;
    }
    Ok(count)
}

/// How one target's run ended.
struct Outcome {
    target: String,
    seeds: usize,
    seconds: f64,
    executions: Option<u64>,
    crashed: bool,
}

/// libFuzzer's `stat::number_of_executed_units` from a run's output.
fn executions(log: &str) -> Option<u64> {
    log.lines()
        .find_map(|line| line.strip_prefix("stat::number_of_executed_units:"))
        .and_then(|count| count.trim().parse().ok())
}

fn run_target(target: &str, seconds: u64) -> Result<Outcome, String> {
    let seeds = TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, seeds)| seeds)
        .ok_or_else(|| format!("unknown target `{target}`"))?;
    let seeded = seed(target, seeds)?;
    let logs = root().join("fuzz").join("target").join("logs");
    fs::create_dir_all(&logs).map_err(|error| format!("{}: {error}", logs.display()))?;
    let log_path = logs.join(format!("{target}.log"));
    let log =
        fs::File::create(&log_path).map_err(|error| format!("{}: {error}", log_path.display()))?;
    let err_log = log.try_clone().map_err(|error| error.to_string())?;
    let corpus = format!("fuzz/corpus/{target}");
    let max_time = format!("-max_total_time={seconds}");
    eprintln!(
        "==> {target}: {seconds} s, {seeded} seeds, log {}",
        log_path.display()
    );
    let started = Instant::now();
    let status = command(
        "nice",
        &[
            "-n",
            "10",
            "rustup",
            "run",
            "nightly",
            "cargo",
            "fuzz",
            "run",
            target,
            &corpus,
            "--",
            &max_time,
            "-print_final_stats=1",
        ],
    )
    .stdout(log)
    .stderr(err_log)
    .status()
    .map_err(|error| format!("cannot run cargo fuzz: {error}"))?;
    let output = fs::read_to_string(&log_path).unwrap_or_default();
    Ok(Outcome {
        target: target.to_owned(),
        seeds: seeded,
        seconds: started.elapsed().as_secs_f64(),
        executions: executions(&output),
        crashed: !status.success(),
    })
}

/// Runs `cargo xtask fuzz` with the arguments after `fuzz`.
pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    ensure_cargo_fuzz()?;
    eprintln!("==> cargo fuzz build (nightly)");
    let status = command(
        "nice",
        &[
            "-n", "10", "rustup", "run", "nightly", "cargo", "fuzz", "build",
        ],
    )
    .status()
    .map_err(|error| format!("cannot run cargo fuzz: {error}"))?;
    if !status.success() {
        return Err(format!("`cargo fuzz build` failed ({status})"));
    }

    let queue = Mutex::new(options.targets.iter());
    let outcomes = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.min(options.targets.len()) {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().expect("queue").next();
                    let Some(target) = next else { break };
                    let outcome = run_target(target, options.seconds);
                    outcomes.lock().expect("outcomes").push(outcome);
                }
            });
        }
    });

    let mut failures = Vec::new();
    println!("| target | seeds | seconds | executions | result |");
    println!("|---|---:|---:|---:|---|");
    for outcome in outcomes.into_inner().expect("outcomes") {
        match outcome {
            Ok(outcome) => {
                let executions = outcome
                    .executions
                    .map_or_else(|| "?".to_owned(), |count| count.to_string());
                let result = if outcome.crashed {
                    failures.push(format!(
                        "{0}: crashed, input in fuzz/artifacts/{0}/, output in fuzz/target/logs/{0}.log",
                        outcome.target
                    ));
                    "crash"
                } else {
                    "no crash"
                };
                println!(
                    "| {} | {} | {:.0} | {executions} | {result} |",
                    outcome.target, outcome.seeds, outcome.seconds
                );
            }
            Err(error) => failures.push(error),
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn parses_seconds_targets_and_jobs() {
        let options = parse(&args("--seconds 60 --target jeff_lead --jobs=2")).unwrap();
        assert_eq!(
            options,
            Options {
                seconds: 60,
                targets: vec!["jeff_lead".to_owned()],
                jobs: 2,
            }
        );
        let all = parse(&args("--seconds=5")).unwrap();
        assert_eq!(all.targets.len(), TARGETS.len());
        assert_eq!(all.jobs, 1);
    }

    #[test]
    fn rejects_missing_seconds_and_unknown_targets() {
        assert!(parse(&args("--target jeff_lead")).is_err());
        assert!(parse(&args("--seconds 0")).is_err());
        assert!(parse(&args("--seconds 10 --target nope")).is_err());
        assert!(parse(&args("--seconds")).is_err());
    }

    #[test]
    fn reads_the_final_stats_line() {
        let log =
            "#1024 DONE cov: 1\nstat::number_of_executed_units: 2480620\nstat::peak_rss_mb: 5\n";
        assert_eq!(executions(log), Some(2_480_620));
        assert_eq!(executions("crashed"), None);
    }

    #[test]
    fn every_target_is_declared_in_the_fuzz_manifest() {
        let manifest = fs::read_to_string(root().join("fuzz").join("Cargo.toml")).unwrap();
        for (name, _) in TARGETS {
            assert!(manifest.contains(&format!("name = \"{name}\"")), "{name}");
        }
    }
}
