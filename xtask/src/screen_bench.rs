//! Screening a list, as a step of `cargo xtask bench`: the release `leadkit screen` on 10,000
//! rows through Jeff and Jornaya against the loopback mock, with and without its journal.
//!
//! The list is generated in a temporary directory (a CSV of `email`, `phone` and
//! `leadid_token`, every row distinct, each contact one the mock answers with a full lead and
//! the token one it answers green). The mock runs in its own process (`leadkit mock serve
//! --port 0`, its base URLs and fixed credentials read from the `export` lines it prints), so
//! nothing of it is measured. Each round runs `leadkit screen … --json` twice as a child
//! process, once with its journal (a fresh directory each time) and once with `--no-journal`,
//! the order swapped each round, after one untimed warm-up run.
//!
//! Measured per run: the wall clock of the child (start to exit), the summary's own
//! `rows_per_second`, the child's CPU time (user + system, from `/proc/self/stat`'s children
//! times once it is reaped) and its peak resident memory: `VmHWM` of `/proc/<pid>/status`, the
//! kernel's high-water mark, read every 20 ms while the child runs; the highest reading is
//! kept (it misses at most what the process grows in its last 20 ms).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::adoption::{children_cpu, median};

/// Rows in the generated list.
const ROWS: usize = 10_000;
/// Rounds of the two runs.
pub const DEFAULT_ROUNDS: usize = 3;
/// The LeadiD token of every row: a well-formed UUID the mock answers green.
const TOKEN: &str = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D";
/// How often the child's peak resident memory is read.
const POLL: Duration = Duration::from_millis(20);

/// Goals on the project's 2-core machine.
const MIN_ROWS_PER_SECOND: f64 = 2_000.0;
const MAX_PEAK_MIB: f64 = 100.0;
const MAX_JOURNAL_OVERHEAD: f64 = 1.3;

/// The settings the screen needs from the mock's `export` lines.
const NEEDED: [&str; 5] = [
    "LEADKIT_JEFF_USERNAME",
    "LEADKIT_JEFF_PASSWORD",
    "LEADKIT_JEFF_BASE_URL",
    "LEADKIT_JORNAYA_ACCOUNT_CODE",
    "LEADKIT_JORNAYA_BASE_URL",
];

/// The two variants: the journal (the default) and `--no-journal`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Variant {
    Journal,
    NoJournal,
}

impl Variant {
    fn label(self) -> &'static str {
        match self {
            Variant::Journal => "with the journal (default)",
            Variant::NoJournal => "`--no-journal`",
        }
    }

    fn index(self) -> usize {
        match self {
            Variant::Journal => 0,
            Variant::NoJournal => 1,
        }
    }
}

/// One run of `leadkit screen`.
struct Run {
    /// Wall clock of the child, start to exit.
    seconds: f64,
    /// The summary's own `rows_per_second` (the engine's run, without process start and the
    /// line count before it).
    summary_rate: f64,
    /// User + system CPU time of the child.
    cpu: f64,
    /// Highest `VmHWM` read, in KiB.
    peak_kib: u64,
    /// Size of the journal file (and its WAL) when the run ended, in bytes.
    journal_bytes: u64,
}

impl Run {
    fn rate(&self) -> f64 {
        ROWS as f64 / self.seconds
    }

    fn peak_mib(&self) -> f64 {
        self.peak_kib as f64 / 1024.0
    }
}

/// The mock in its own process, stopped when dropped.
struct Mock {
    child: Child,
    env: BTreeMap<String, String>,
}

impl Mock {
    fn start(leadkit: &Path) -> Result<Mock, String> {
        let mut child = Command::new(leadkit)
            .args(["mock", "serve", "--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|error| format!("cannot start `leadkit mock serve`: {error}"))?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("`leadkit mock serve`: no standard output".into());
        };
        let mut mock = Mock {
            child,
            env: BTreeMap::new(),
        };
        let mut lines = BufReader::new(stdout).lines();
        while !NEEDED.iter().all(|key| mock.env.contains_key(*key)) {
            let Some(Ok(line)) = lines.next() else {
                return Err("`leadkit mock serve` stopped before printing its settings".into());
            };
            if let Some((key, value)) = line
                .strip_prefix("export ")
                .and_then(|export| export.split_once('='))
            {
                mock.env.insert(key.to_owned(), value.to_owned());
            }
        }
        // Keep reading whatever else it prints, so that it never writes to a closed pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Ok(mock)
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds the release CLI and returns its path.
fn build_cli(root: &Path) -> Result<PathBuf, String> {
    let started = Instant::now();
    eprintln!("==> cargo build --release --package leadkit --bin leadkit");
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args([
            "build",
            "--release",
            "--package",
            "leadkit",
            "--bin",
            "leadkit",
            "--message-format",
            "json-render-diagnostics",
        ])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    eprintln!("    ({:.1} s)", started.elapsed().as_secs_f64());
    if !output.status.success() {
        return Err("building the release leadkit failed".into());
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact")
        .filter(|message| message["target"]["name"] == "leadkit")
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "cargo named no leadkit executable".into())
}

/// Writes the list: a header and [`ROWS`] distinct rows.
fn write_list(path: &Path) -> Result<(), String> {
    let io = |error: std::io::Error| format!("writing {}: {error}", path.display());
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(io)?);
    writeln!(out, "email,phone,leadid_token").map_err(io)?;
    for row in 0..ROWS {
        // The phone ends in 1, never in one of the mock's scenario endings (0204, 0300, 0400).
        writeln!(out, "lead{row:05}@example.com,447700{row:05}1,{TOKEN}").map_err(io)?;
    }
    out.flush().map_err(io)
}

/// `VmHWM` of a running process, in KiB.
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// One `leadkit screen` run in a fresh directory under `dir`.
fn screen(
    leadkit: &Path,
    mock: &Mock,
    list: &Path,
    dir: &Path,
    variant: Variant,
    extra: &[String],
) -> Result<Run, String> {
    let _ = std::fs::remove_dir_all(dir);
    let io = |error: std::io::Error| format!("{}: {error}", dir.display());
    std::fs::create_dir_all(dir.join("config")).map_err(io)?;
    let output = dir.join("screened.jsonl");
    let mut command = Command::new(leadkit);
    command
        .arg("screen")
        .arg(list)
        .args([
            "--vendors",
            "jeff,jornaya",
            "--jornaya-entity",
            "BENCH",
            "--json",
        ])
        .arg("--output")
        .arg(&output)
        .args(extra);
    if variant == Variant::NoJournal {
        command.arg("--no-journal");
    }
    // Only the mock's settings: no inherited LEADKIT_* variable, no config file.
    for (key, _) in std::env::vars().filter(|(key, _)| key.starts_with("LEADKIT_")) {
        command.env_remove(key);
    }
    command
        .envs(&mock.env)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(dir.join("summary.json")).map_err(io)?)
        .stderr(std::fs::File::create(dir.join("stderr.txt")).map_err(io)?);
    let cpu_start = children_cpu();
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|error| format!("cannot run leadkit screen: {error}"))?;
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = peak_kib(child.id()) {
            peak = peak.max(kib);
        }
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => std::thread::sleep(POLL),
            Err(error) => return Err(format!("waiting for leadkit screen: {error}")),
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    let cpu = children_cpu() - cpu_start;
    let summary = std::fs::read_to_string(dir.join("summary.json")).unwrap_or_default();
    if !status.success() {
        let stderr = std::fs::read_to_string(dir.join("stderr.txt")).unwrap_or_default();
        return Err(format!(
            "leadkit screen failed ({status}):\n{stderr}{summary}"
        ));
    }
    let summary: serde_json::Value = serde_json::from_str(&summary)
        .map_err(|error| format!("leadkit screen: its --json summary: {error}"))?;
    let summary = &summary["summary"];
    let count = |name: &str| summary[name].as_u64().unwrap_or(0);
    if count("rows") != ROWS as u64 || count("done") != ROWS as u64 {
        return Err(format!(
            "leadkit screen did not answer every row ({} rows, {} done, {} invalid): {summary}",
            count("rows"),
            count("done"),
            count("invalid"),
        ));
    }
    let journal = PathBuf::from(format!("{}.journal", output.display()));
    let journal_bytes = file_size(&journal) + file_size(&journal.with_extension("journal-wal"));
    let run = Run {
        seconds,
        summary_rate: summary["rows_per_second"].as_f64().unwrap_or(0.0),
        cpu,
        peak_kib: peak,
        journal_bytes,
    };
    let _ = std::fs::remove_dir_all(dir);
    Ok(run)
}

/// Builds the CLI, starts the mock, runs the rounds and prints the table. `concurrency`: calls
/// in flight per vendor (`None`: the CLI's default).
pub fn run(root: &Path, rounds: usize, concurrency: Option<usize>) -> Result<(), String> {
    let leadkit = build_cli(root)?;
    let dir = std::env::temp_dir().join(format!("leadkit-screen-bench-{}", std::process::id()));
    let result = measure(&leadkit, &dir, rounds.max(1), concurrency);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn measure(
    leadkit: &Path,
    dir: &Path,
    rounds: usize,
    concurrency: Option<usize>,
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let list = dir.join("list.csv");
    write_list(&list)?;
    let mock = Mock::start(leadkit)?;
    let extra: Vec<String> = concurrency
        .map(|n| {
            ["jeff", "jornaya"]
                .iter()
                .flat_map(|vendor| ["--concurrency".to_owned(), format!("{vendor}={n}")])
                .collect()
        })
        .unwrap_or_default();
    let started = Instant::now();
    eprintln!("==> leadkit screen, warm-up run (untimed)");
    screen(
        leadkit,
        &mock,
        &list,
        &dir.join("warm-up"),
        Variant::NoJournal,
        &extra,
    )?;
    let mut runs: [Vec<Run>; 2] = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        let order = if round % 2 == 0 {
            [Variant::Journal, Variant::NoJournal]
        } else {
            [Variant::NoJournal, Variant::Journal]
        };
        for variant in order {
            eprintln!(
                "==> leadkit screen, {} (round {} of {rounds})",
                variant.label(),
                round + 1
            );
            let run = screen(
                leadkit,
                &mock,
                &list,
                &dir.join(format!("run-{round}-{}", variant.index())),
                variant,
                &extra,
            )?;
            eprintln!(
                "    ({:.2} s, {:.0} rows/s, summary {:.0} rows/s, CPU {:.2} s, peak RSS {:.1} MiB)",
                run.seconds,
                run.rate(),
                run.summary_rate,
                run.cpu,
                run.peak_mib()
            );
            runs[variant.index()].push(run);
        }
    }
    drop(mock);
    report(&runs, concurrency, started.elapsed().as_secs_f64());
    Ok(())
}

/// `median (min–max)` of `values`, each written by `show`.
fn spread(values: &[f64], show: impl Fn(f64) -> String) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!(
        "{} ({}–{})",
        show(median(values.to_vec())),
        show(min),
        show(max)
    )
}

fn report(runs: &[Vec<Run>; 2], concurrency: Option<usize>, total: f64) {
    let of = |variant: Variant, figure: &dyn Fn(&Run) -> f64| -> Vec<f64> {
        runs[variant.index()].iter().map(figure).collect()
    };
    let rounds = runs[0].len();
    let limits = match concurrency {
        Some(n) => format!("`--concurrency jeff={n} --concurrency jornaya={n}`"),
        None => "the default concurrency (8 calls in flight per vendor)".to_owned(),
    };
    println!("## Screening a list: `leadkit screen`, 10,000 rows through Jeff and Jornaya");
    println!();
    println!(
        "Release build against `leadkit mock serve` in its own process, {limits}; {rounds} \
         round{} after an untimed warm-up, each running both variants one after the other \
         (order swapped each round); rows/s is 10,000 over the child's wall clock (start to \
         exit), `summary` the run's own `rows_per_second`; CPU is user + system time of the \
         screening process; peak RSS its `VmHWM`, read every 20 ms; {total:.0} s in all",
        if rounds == 1 { "" } else { "s" }
    );
    println!();
    println!(
        "| variant | rows/s, wall | rows/s, summary | CPU, s | peak RSS, MiB | journal file, MiB |"
    );
    println!("|---|---|---|---|---|---|");
    let whole = |value: f64| format!("{value:.0}");
    let tenth = |value: f64| format!("{value:.1}");
    let hundredth = |value: f64| format!("{value:.2}");
    for variant in [Variant::Journal, Variant::NoJournal] {
        let journal = if variant == Variant::Journal {
            spread(&of(variant, &|r| r.journal_bytes as f64 / 1048576.0), tenth)
        } else {
            "—".to_owned()
        };
        println!(
            "| {} | {} | {} | {} | {} | {journal} |",
            variant.label(),
            spread(&of(variant, &Run::rate), whole),
            spread(&of(variant, &|r| r.summary_rate), whole),
            spread(&of(variant, &|r| r.cpu), hundredth),
            spread(&of(variant, &Run::peak_mib), tenth),
        );
    }
    // Round by round: the two variants of a round ran one after the other.
    let ratio = |figure: &dyn Fn(&Run) -> f64| -> Vec<f64> {
        runs[1]
            .iter()
            .zip(&runs[0])
            .map(|(free, journal)| figure(free) / figure(journal))
            .collect()
    };
    let wall_ratios = ratio(&Run::rate);
    let summary_ratios = ratio(&|r| r.summary_rate);
    let cpu_ratios: Vec<f64> = ratio(&|r| r.cpu).iter().map(|r| 1.0 / r).collect();
    let three = |value: f64| format!("{value:.3}");
    println!(
        "| journal overhead: `--no-journal` rows/s ÷ journal rows/s, round by round (CPU: \
         journal ÷ `--no-journal`) | {} | {} | {} | — | — |",
        spread(&wall_ratios, three),
        spread(&summary_ratios, three),
        spread(&cpu_ratios, three),
    );
    println!();
    let rate = median(of(Variant::Journal, &Run::rate));
    let free_rate = median(of(Variant::NoJournal, &Run::rate));
    let peak = |variant: Variant| of(variant, &Run::peak_mib).into_iter().fold(0.0, f64::max);
    let (journal_peak, free_peak) = (peak(Variant::Journal), peak(Variant::NoJournal));
    let overhead = median(wall_ratios);
    let verdict = |met: bool| if met { "met" } else { "not met" };
    println!("| goal | result |");
    println!("|---|---|");
    println!(
        "| at least {MIN_ROWS_PER_SECOND:.0} rows/s (median, wall clock, each variant) | {}: \
         {rate:.0} rows/s with the journal, {free_rate:.0} without |",
        verdict(rate.min(free_rate) >= MIN_ROWS_PER_SECOND),
    );
    println!(
        "| peak RSS at most {MAX_PEAK_MIB:.0} MiB (highest run of each variant) | {}: \
         {journal_peak:.1} MiB with the journal, {free_peak:.1} MiB without |",
        verdict(journal_peak.max(free_peak) <= MAX_PEAK_MIB),
    );
    println!(
        "| journal overhead at most {MAX_JOURNAL_OVERHEAD}× (median ratio, wall clock) | {}: \
         {overhead:.3}× |",
        verdict(overhead <= MAX_JOURNAL_OVERHEAD),
    );
    println!();
}

#[cfg(test)]
mod tests {
    use super::spread;

    #[test]
    fn spreads_show_the_median_and_the_range() {
        let show = |value: f64| format!("{value:.1}");
        assert_eq!(spread(&[3.0, 1.0, 2.0], show), "2.0 (1.0–3.0)");
        assert_eq!(spread(&[5.0], show), "5.0 (5.0–5.0)");
    }
}
