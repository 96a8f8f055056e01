//! `leadkit screen`: a whole lead list through the chosen vendors, resumably (docs/screen.md).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead as _, BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bureau_altdata::{BureauClient, PollPolicy};
use friendlyscore_client::FriendlyScoreClient;
use jeff_client::JeffClient;
use jornaya_preaudit::PreAuditClient;
use leadkit_mock::MockServer;
use leadkit_screen::vendors::{
    BureauScreener, FriendlyScoreScreener, JeffScreener, JornayaScreener,
};
use leadkit_screen::{
    Columns, Format, Journal, Limits, Observer, Options, Refusal, Screen, Screener, Shard, Summary,
};
use serde_json::json;

use crate::cli::{ListFormat, ScreenArgs, ScreenVendor};
use crate::clients::{self, BUREAU_WORKFLOW_ID, Context, JeffConnection};
use crate::config::Settings;
use crate::explain::duration;
use crate::output::{Failure, Report, table};
use crate::progress::RowsBar;

/// The Jornaya buyer entity code for `screen`.
pub const JORNAYA_ENTITY_CODE: &str = "LEADKIT_JORNAYA_ENTITY_CODE";
/// Column settings of `screen` (the flags win).
pub const COLUMN_KEYS: [(&str, ColumnField); 7] = [
    ("LEADKIT_SCREEN_KEY_COLUMN", ColumnField::Key),
    ("LEADKIT_SCREEN_EMAIL_COLUMN", ColumnField::Email),
    ("LEADKIT_SCREEN_PHONE_COLUMN", ColumnField::Phone),
    ("LEADKIT_SCREEN_NAME_COLUMN", ColumnField::Name),
    ("LEADKIT_SCREEN_COUNTRY_COLUMN", ColumnField::Country),
    ("LEADKIT_SCREEN_TOKEN_COLUMN", ColumnField::Token),
    ("LEADKIT_SCREEN_PARTNER_ID_COLUMN", ColumnField::PartnerId),
];

/// Which column a setting maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnField {
    /// The row key.
    Key,
    /// The email.
    Email,
    /// The phone.
    Phone,
    /// The name.
    Name,
    /// The country.
    Country,
    /// The LeadiD token.
    Token,
    /// The partner id.
    PartnerId,
}

/// Invalid rows printed on stderr before the rest are only counted (all are in the output).
const REFUSALS_SHOWN: u64 = 20;

/// The output's write buffer, in bytes.
const OUTPUT_BUFFER: usize = 256 * 1024;

/// Runs `leadkit screen`.
pub async fn run(context: &Context, args: &ScreenArgs) -> Result<(Report, bool), Failure> {
    let format = match args.format {
        Some(ListFormat::Csv) => Format::Csv,
        Some(ListFormat::Jsonl) => Format::JsonLines,
        None => Format::from_path(&args.input).ok_or_else(|| {
            Failure::flag(
                "--format",
                "cannot tell the list's format from its extension: give csv or jsonl",
            )
        })?,
    };
    let shard = match &args.shard {
        Some(text) => text
            .parse::<Shard>()
            .map_err(|_| Failure::flag("--shard", "takes I/N with 1 <= I <= N, such as 2/3"))?,
        None => Shard::all(),
    };
    no_flags_for_unchosen_vendors(args)?;
    let options = Options {
        limits: limits(args)?,
        deadline: args
            .deadline
            .map(|seconds| clients::seconds_arg("--deadline", seconds))
            .transpose()?,
        retry_unknown: args.retry_unknown,
        dry_run: args.dry_run,
        shard,
        ..Options::default()
    };
    let columns = columns(args, &context.settings);
    let rows = leadkit_screen::input::open(&args.input, format, &columns)
        .map_err(|e| Failure::input(format!("{}: {e}", args.input.display())))?;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| sibling(&args.input, "screened.jsonl"));
    let journal_path = args
        .journal
        .clone()
        .unwrap_or_else(|| append_extension(&output, "journal"));
    distinct_files(args, &output, &journal_path)?;
    // The mock is kept alive for the whole run.
    let mock = if args.mock {
        Some(
            MockServer::start()
                .await
                .map_err(|e| Failure::internal(format!("cannot start the embedded mock: {e}")))?,
        )
    } else {
        None
    };
    let screeners = screeners(context, args, mock.as_ref())?;
    let journal = if args.dry_run || args.no_journal {
        Journal::in_memory()
    } else {
        Journal::open(&journal_path)
    }
    .map_err(|e| Failure::config(format!("journal {}: {e}", journal_path.display())))?;
    let out: Box<dyn std::io::Write + Send> = if args.dry_run {
        Box::new(std::io::sink())
    } else {
        // A line holds every vendor's answer (kilobytes each): a buffer of many lines, so
        // that writing the output is not a system call per row.
        Box::new(BufWriter::with_capacity(
            OUTPUT_BUFFER,
            private_file(&output)
                .map_err(|e| Failure::config(format!("cannot write {}: {e}", output.display())))?,
        ))
    };
    // The list is counted (a pass over the file) only for a bar that is drawn.
    let drawn = crate::progress::should_show(
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
        std::env::args_os(),
    );
    let total = if drawn {
        count_rows(&args.input, format)
    } else {
        None
    };
    let bar = Arc::new(RowsBar::start(total));
    let observer = Arc::new(Watcher {
        bar: Arc::clone(&bar),
        refused: AtomicU64::new(0),
        as_json: std::env::args().any(|a| a == "--json"),
    });
    let screen = Screen::new(screeners, journal, options);
    let stop = screen.stop_flag();
    let as_json = observer.as_json;
    let interrupt_bar = Arc::clone(&bar);
    let interrupt = tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            stop.store(true, Ordering::Relaxed);
            if !as_json {
                interrupt_bar.println(
                    "leadkit: stopping: the calls in flight finish and are recorded \
                     (Ctrl-C again to stop at once)",
                );
            }
            // A second Ctrl-C does not wait for the calls in flight (a vendor may take up to
            // --timeout to answer): the process ends as a kill would end it, and the journal
            // already holds each of those calls as `sent`.
            if tokio::signal::ctrl_c().await.is_ok() {
                interrupt_bar.clear();
                Failure::interrupted_again().print(as_json);
                std::process::exit(i32::from(crate::output::EXIT_INTERRUPTED));
            }
        }
    });
    let result = screen.run(rows, out, observer).await;
    // The handler holds the bar: it is gone (and the bar cleared) before anything is printed.
    interrupt.abort();
    let _ = interrupt.await;
    drop(bar);
    let summary = result.map_err(|e| Failure::internal(e.to_string()))?;
    if let Some(path) = &args.summary_csv
        && !args.dry_run
    {
        crate::summary_csv::write(&output, path)?;
    }
    let journal_path = (!args.no_journal).then_some(journal_path);
    let report = report(&summary, &output, journal_path.as_deref(), args.dry_run);
    Ok((report, summary.interrupted))
}

/// Prints refusals above the bar and moves it.
struct Watcher {
    bar: Arc<RowsBar>,
    refused: AtomicU64,
    as_json: bool,
}

impl Observer for Watcher {
    fn row_done(&self, summary: &Summary) {
        let message = format!(
            "done {} · invalid {} · unknown {}",
            summary.done,
            summary.invalid,
            summary.outcome_unknown()
        );
        self.bar.set(summary.rows + summary.other_shards, message);
    }

    fn refused(&self, refusal: &Refusal) {
        let seen = self.refused.fetch_add(1, Ordering::Relaxed) + 1;
        let line = if self.as_json {
            json!({"invalid_row": {"line": refusal.line, "reason": refusal.reason}}).to_string()
        } else if seen <= REFUSALS_SHOWN {
            format!("leadkit: line {}: {}", refusal.line, refusal.reason)
        } else if seen == REFUSALS_SHOWN + 1 {
            "leadkit: more invalid rows: see the output and the summary".to_owned()
        } else {
            return;
        };
        self.bar.println(&line);
    }
}

fn limits(args: &ScreenArgs) -> Result<BTreeMap<&'static str, Limits>, Failure> {
    let chosen: Vec<&str> = args
        .vendors
        .iter()
        .copied()
        .map(screen_vendor_name)
        .collect();
    let mut limits: BTreeMap<&'static str, Limits> = BTreeMap::new();
    for (flag, pairs) in [("--concurrency", &args.concurrency), ("--rate", &args.rate)] {
        let mut given = Vec::new();
        for pair in pairs {
            let parsed = pair.split_once('=').and_then(|(vendor, n)| {
                let vendor = vendor_name(vendor.trim())?;
                Some((vendor, n.trim()))
            });
            let Some((vendor, number)) = parsed else {
                return Err(Failure::flag(
                    flag,
                    "takes VENDOR=N, VENDOR one of jeff, jornaya, friendlyscore, bureau",
                ));
            };
            // A limit that would do nothing, or one of two, is a mistake: the vendor would be
            // called faster than the user meant.
            if !chosen.contains(&vendor) {
                return Err(Failure::flag(
                    flag,
                    format!("{vendor} is not among --vendors"),
                ));
            }
            if given.contains(&vendor) {
                return Err(Failure::flag(flag, format!("{vendor} is given twice")));
            }
            given.push(vendor);
            let entry = limits.entry(vendor).or_default();
            if flag == "--concurrency" {
                entry.concurrency = number
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=1024).contains(n))
                    .ok_or_else(|| {
                        Failure::flag(flag, "N must be a whole number from 1 to 1024")
                    })?;
            } else {
                entry.rate = Some(
                    number
                        .parse::<f64>()
                        .ok()
                        .filter(|n| n.is_finite() && *n > 0.0)
                        .ok_or_else(|| Failure::flag(flag, "N must be a number above 0"))?,
                );
            }
        }
    }
    Ok(limits)
}

/// The name `--vendors` takes for `vendor`.
fn screen_vendor_name(vendor: ScreenVendor) -> &'static str {
    match vendor {
        ScreenVendor::Jeff => "jeff",
        ScreenVendor::Jornaya => "jornaya",
        ScreenVendor::Friendlyscore => "friendlyscore",
        ScreenVendor::Bureau => "bureau",
    }
}

/// Refuses a vendor's flag when that vendor is not among `--vendors` (it would do nothing).
fn no_flags_for_unchosen_vendors(args: &ScreenArgs) -> Result<(), Failure> {
    let flags = [
        (
            "--jornaya-entity",
            ScreenVendor::Jornaya,
            args.jornaya_entity.is_some(),
        ),
        (
            "--jornaya-provider",
            ScreenVendor::Jornaya,
            args.jornaya_provider.is_some(),
        ),
        (
            "--bureau-workflow-id",
            ScreenVendor::Bureau,
            args.bureau_workflow_id.is_some(),
        ),
    ];
    for (flag, vendor, given) in flags {
        if given && !args.vendors.contains(&vendor) {
            let vendor = screen_vendor_name(vendor);
            return Err(Failure::flag(
                flag,
                format!("does nothing without {vendor} in --vendors"),
            ));
        }
    }
    Ok(())
}

fn vendor_name(name: &str) -> Option<&'static str> {
    match name.to_ascii_lowercase().as_str() {
        "jeff" => Some("jeff"),
        "jornaya" => Some("jornaya"),
        "friendlyscore" => Some("friendlyscore"),
        "bureau" => Some("bureau"),
        _ => None,
    }
}

fn columns(args: &ScreenArgs, settings: &Settings) -> Columns {
    let mut columns = Columns::default();
    for (key, field) in COLUMN_KEYS {
        let flag = match field {
            ColumnField::Key => &args.key_column,
            ColumnField::Email => &args.email_column,
            ColumnField::Phone => &args.phone_column,
            ColumnField::Name => &args.name_column,
            ColumnField::Country => &args.country_column,
            ColumnField::Token => &args.token_column,
            ColumnField::PartnerId => &args.partner_id_column,
        };
        let Some(name) = flag.clone().or_else(|| settings.value(key)) else {
            continue;
        };
        match field {
            ColumnField::Key => columns.key = Some(name),
            ColumnField::Email => columns.email = name,
            ColumnField::Phone => columns.phone = name,
            ColumnField::Name => columns.name = name,
            ColumnField::Country => columns.country = name,
            ColumnField::Token => columns.leadid_token = name,
            ColumnField::PartnerId => columns.partner_id = name,
        }
    }
    columns
}

/// One screener per chosen vendor, in the order given (that order breaks verdict ties).
fn screeners(
    context: &Context,
    args: &ScreenArgs,
    mock: Option<&MockServer>,
) -> Result<Vec<Arc<dyn Screener>>, Failure> {
    let mut chosen = Vec::new();
    for vendor in &args.vendors {
        if !chosen.contains(vendor) {
            chosen.push(*vendor);
        }
    }
    let mut screeners: Vec<Arc<dyn Screener>> = Vec::new();
    for vendor in chosen {
        let screener: Arc<dyn Screener> = match vendor {
            ScreenVendor::Jeff => {
                let client = match mock {
                    // `--timeout` bounds the mock's calls as it does a vendor's.
                    Some(mock) => context.with_timeout(
                        crate::mock::jeff(mock, &context.http)?,
                        JeffClient::with_options,
                    ),
                    None => clients::jeff(context, &JeffConnection::default())?,
                };
                Arc::new(JeffScreener::new(client))
            }
            ScreenVendor::Jornaya => {
                let entity = args
                    .jornaya_entity
                    .clone()
                    .or_else(|| context.settings.value(JORNAYA_ENTITY_CODE))
                    .ok_or_else(|| {
                        Failure::flag(
                            "--jornaya-entity",
                            "is needed to screen with jornaya (or set LEADKIT_JORNAYA_ENTITY_CODE)",
                        )
                    })?;
                let client = match mock {
                    // `--timeout` bounds the mock's calls as it does a vendor's.
                    Some(mock) => context.with_timeout(
                        crate::mock::jornaya(mock, &context.http)?,
                        PreAuditClient::with_options,
                    ),
                    None => clients::jornaya(context, None)?,
                };
                Arc::new(JornayaScreener::new(
                    client,
                    entity,
                    args.jornaya_provider.clone(),
                ))
            }
            ScreenVendor::Friendlyscore => {
                let client = match mock {
                    // `--timeout` bounds the mock's calls as it does a vendor's.
                    Some(mock) => context.with_timeout(
                        crate::mock::friendlyscore(mock, &context.http)?,
                        FriendlyScoreClient::with_options,
                    ),
                    None => clients::friendlyscore(context, None, false)?,
                };
                Arc::new(FriendlyScoreScreener::new(client))
            }
            ScreenVendor::Bureau => {
                let workflow = match (&args.bureau_workflow_id, mock) {
                    (Some(id), _) => id.clone(),
                    (None, Some(_)) => crate::mock::WORKFLOW_ID.to_owned(),
                    (None, None) => context.settings.required(BUREAU_WORKFLOW_ID)?,
                };
                let client = match mock {
                    // `--timeout` bounds the mock's calls as it does a vendor's.
                    Some(mock) => context.with_timeout(
                        crate::mock::bureau(mock, &context.http)?,
                        BureauClient::with_options,
                    ),
                    None => clients::bureau(context, None, false)?,
                };
                let interval =
                    clients::seconds_arg("--bureau-poll-interval", args.bureau_poll_interval)?;
                let policy = PollPolicy::new(
                    interval,
                    clients::seconds_arg("--bureau-max-wait", args.bureau_max_wait)?,
                )
                .interval(interval, interval * 4);
                Arc::new(BureauScreener::new(
                    client,
                    workflow,
                    args.bureau_country.clone(),
                    policy,
                ))
            }
        };
        screeners.push(screener);
    }
    Ok(screeners)
}

/// `dir/name.csv` → `dir/name.<extension>`.
fn sibling(path: &Path, extension: &str) -> PathBuf {
    path.with_extension(extension)
}

/// Refuses a run whose output, journal or summary CSV is the list or one another: the run
/// would overwrite the leads, or mix answers into the journal's database. Nothing is opened or
/// created before this check.
fn distinct_files(args: &ScreenArgs, output: &Path, journal: &Path) -> Result<(), Failure> {
    let mut files = vec![("the list", same_file_key(&args.input))];
    let mut written = vec![("--output", output)];
    if !args.no_journal {
        written.push(("--journal", journal));
    }
    if let Some(path) = &args.summary_csv {
        written.push(("--summary-csv", path));
    }
    for (flag, path) in written {
        let key = same_file_key(path);
        if let Some((other, _)) = files.iter().find(|(_, seen)| *seen == key) {
            let other = match *other {
                "--output" => "the output",
                "--journal" => "the journal",
                other => other,
            };
            return Err(Failure::flag(
                flag,
                format!("names the same file as {other}: give each its own path"),
            ));
        }
        files.push((flag, key));
    }
    Ok(())
}

/// What tells two paths to the same file apart from two files: the canonical path, or for a
/// file not created yet, its folder's canonical path and its name.
fn same_file_key(path: &Path) -> PathBuf {
    if let Ok(path) = path.canonicalize() {
        return path;
    }
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    match (folder.canonicalize(), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => path.to_path_buf(),
    }
}

/// `out.jsonl` → `out.jsonl.<extension>`.
fn append_extension(path: &Path, extension: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

/// Creates (or truncates) a file readable by its owner only: it holds vendor answers.
pub(crate) fn private_file(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    // The mode above applies to a new file only: an existing one is made owner-only too.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if file.metadata()?.permissions().mode() & 0o777 != 0o600 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(file)
}

/// The rows in the list, for the bar's length (one pass over the file, lines counted).
fn count_rows(path: &Path, format: Format) -> Option<u64> {
    let file = File::open(path).ok()?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut lines = 0u64;
    loop {
        let buffer = reader.fill_buf().ok()?;
        if buffer.is_empty() {
            break;
        }
        lines += buffer.iter().filter(|b| **b == b'\n').count() as u64;
        let length = buffer.len();
        reader.consume(length);
    }
    Some(match format {
        Format::Csv => lines.saturating_sub(1),
        Format::JsonLines => lines,
    })
}

fn report(summary: &Summary, output: &Path, journal: Option<&Path>, dry_run: bool) -> Report {
    let mut rows = vec![
        ("rows", summary.rows.to_string()),
        ("invalid", summary.invalid.to_string()),
    ];
    if dry_run {
        rows.push(("valid", summary.valid.to_string()));
    } else {
        rows.extend([
            ("done", summary.done.to_string()),
            ("failed calls", summary.failed().to_string()),
            (
                "skipped as already done",
                summary.skipped_done().to_string(),
            ),
            ("outcome unknown", summary.outcome_unknown().to_string()),
        ]);
    }
    if summary.other_shards > 0 {
        rows.push(("in other shards", summary.other_shards.to_string()));
    }
    for vendor in &summary.vendor_order {
        if let Some(counts) = summary.vendors.get(vendor) {
            rows.push((
                vendor,
                format!(
                    "{} calls, {} retries, {} done, {} from the journal, {} failed, {} unknown",
                    counts.calls,
                    counts.retries,
                    counts.done,
                    counts.skipped_done,
                    counts.failed,
                    counts.outcome_unknown
                ),
            ));
        }
    }
    let decisions: Vec<String> = summary
        .decisions
        .iter()
        .map(|(decision, n)| format!("{decision} {n}"))
        .collect();
    if !decisions.is_empty() {
        rows.push(("verdicts", decisions.join(", ")));
    }
    rows.push((
        "elapsed",
        format!(
            "{} ({:.0} rows/s)",
            duration(summary.elapsed),
            summary.rows_per_second()
        ),
    ));
    if !dry_run {
        rows.push(("output", output.display().to_string()));
        rows.push((
            "journal",
            journal.map_or_else(
                || "none (--no-journal)".to_owned(),
                |j| j.display().to_string(),
            ),
        ));
    }
    if summary.interrupted {
        rows.push((
            "stopped",
            "interrupted: rerun the same command to resume".into(),
        ));
    } else if summary.deadline_passed {
        rows.push((
            "stopped",
            "the deadline passed: rerun the same command to resume".into(),
        ));
    }
    let mut json = serde_json::to_value(summary).unwrap_or_default();
    if let Some(map) = json.as_object_mut() {
        map.insert("rows_per_second".into(), json!(summary.rows_per_second()));
        map.insert("dry_run".into(), json!(dry_run));
        if !dry_run {
            map.insert("output".into(), json!(output.display().to_string()));
            map.insert(
                "journal".into(),
                json!(journal.map(|j| j.display().to_string())),
            );
        }
    }
    Report::new(json!({"summary": json}), table(&rows))
}
