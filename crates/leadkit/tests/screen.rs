//! `leadkit screen` end to end: killed halfway (SIGKILL) it never sends a finished call again,
//! a Bureau transaction started before a crash is resumed by its id, invalid rows cost
//! nothing, Ctrl-C stops cleanly, shards split a list exactly, and its files are private.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Run;
use leadkit_mock::Vendor;
use serde_json::Value;

/// A loopback Jeff that answers every request `204 No Content` after `delay`, recording each
/// request's target (path and query) when it arrives, and again once its answer is written.
struct Counting {
    url: String,
    log: Arc<Mutex<Log>>,
}

#[derive(Default, Clone)]
struct Log {
    seen: Vec<String>,
    finished: Vec<String>,
}

impl Counting {
    fn start(delay: Duration) -> Counting {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Log::default()));
        let shared = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let log = Arc::clone(&shared);
                std::thread::spawn(move || serve(stream, &log, delay));
            }
        });
        Counting { url, log }
    }

    fn log(&self) -> Log {
        self.log.lock().unwrap().clone()
    }

    fn seen(&self) -> usize {
        self.log.lock().unwrap().seen.len()
    }
}

/// One keep-alive connection: requests without a body, one after the other.
fn serve(stream: TcpStream, log: &Mutex<Log>, delay: Duration) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        match reader.read_line(&mut request_line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        loop {
            let mut header = String::new();
            match reader.read_line(&mut header) {
                Ok(0) | Err(_) => return,
                Ok(_) if header == "\r\n" || header == "\n" => break,
                Ok(_) => {}
            }
        }
        let target = request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        log.lock().unwrap().seen.push(target.clone());
        std::thread::sleep(delay);
        // Held while writing: a snapshot of the log never misses an answer already written.
        let mut log = log.lock().unwrap();
        if writer
            .write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
        log.finished.push(target);
    }
}

/// `%40` and friends decoded.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && let Some(hex) = text.get(index + 1..index + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The email a Lead Data request asked for.
fn email_of(target: &str) -> String {
    let query = target.split_once('?').map(|(_, q)| q).unwrap_or_default();
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("email="))
        .map(percent_decoded)
        .unwrap_or_else(|| panic!("no email in {target}"))
}

/// A directory for one test, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("leadkit-screen-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn file(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `rows` leads with distinct emails (`user{i}@example.com`, on line `i + 2`) and phones.
fn write_list(path: &str, rows: usize) {
    let mut text = String::from("email,phone\n");
    for i in 0..rows {
        text.push_str(&format!("user{i}@example.com,4478000{i:05}\n"));
    }
    std::fs::write(path, text).unwrap();
}

/// `leadkit` with the credentials and `extra` in an otherwise empty environment.
fn command(args: &[&str], extra: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_leadkit"));
    command
        .args(args)
        .env_clear()
        .envs(common::env().iter().map(|(k, v)| (*k, v.as_str())))
        .envs(extra.iter().copied())
        .stdin(Stdio::null());
    command
}

fn finished(child: Child) -> Run {
    let output = child.wait_with_output().expect("leadkit runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    run.assert_no_secret();
    run
}

fn run(args: &[&str], extra: &[(&str, &str)]) -> Run {
    let child = command(args, extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("leadkit starts");
    finished(child)
}

/// `n` Bureau rows at `path`: one email (two AWAITING fetches each), rows told apart by name
/// and phone.
fn write_bureau_list(path: &str, n: usize) {
    let mut text = String::from("email,name,phone\n");
    for i in 0..n {
        text.push_str(&format!(
            "await2@example.com,Lead Number {i},9198765432{i:02}\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

/// The Bureau initiates `mock` has seen.
fn initiates(mock: &leadkit_mock::MockServer) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/transactions"))
        .count()
}

/// Starts `leadkit args`, waits until `ready` holds and sends it SIGINT; returns how it
/// finished and how long that took after the signal.
fn interrupted_when(
    args: &[&str],
    extra: &[(&str, &str)],
    what: &str,
    ready: impl FnMut() -> bool,
) -> (Run, Duration) {
    let child = command(args, extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("leadkit starts");
    wait_until(what, ready);
    let signalled = Instant::now();
    send_sigint(&child);
    let run = finished(child);
    (run, signalled.elapsed())
}

/// Sends `child` SIGINT, as Ctrl-C would.
fn send_sigint(child: &Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits (polling, up to 20 s) until `ready` holds.
fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// The output's JSON lines.
fn output_lines(path: &str) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .map(|line| serde_json::from_str(line).expect("an output line is JSON"))
        .collect()
}

/// Each output line's vendor state, by line number.
fn states(lines: &[Value], vendor: &str) -> BTreeMap<u64, String> {
    lines
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().unwrap(),
                l["vendors"][vendor]["state"]
                    .as_str()
                    .unwrap_or("invalid")
                    .to_owned(),
            )
        })
        .collect()
}

/// Targets asked for more than once.
fn duplicates(targets: &[String]) -> BTreeSet<String> {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for target in targets {
        *counts.entry(target).or_default() += 1;
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(t, _)| t.to_owned())
        .collect()
}

const ROWS: usize = 300;

#[test]
fn killed_halfway_a_finished_call_is_never_sent_again() {
    let server = Counting::start(Duration::from_millis(15));
    let dir = TempDir::new("sigkill");
    let list = dir.file("list.csv");
    let output = dir.file("list.screened.jsonl");
    write_list(&list, ROWS);
    let args = [
        list.as_str(),
        "--vendors",
        "jeff",
        "--concurrency",
        "jeff=4",
        "--json",
    ];
    let base = [("LEADKIT_JEFF_BASE_URL", server.url.as_str())];
    let screen = |extra: &[&'static str]| {
        let mut all: Vec<&str> = vec!["screen"];
        all.extend(args);
        all.extend(extra.iter().copied());
        all
    };

    let mut child = command(&screen(&[]), &base)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until("100 requests", || server.seen() >= 100);
    child.kill().unwrap();
    child.wait().unwrap();
    let at_kill = server.log();
    assert!(at_kill.seen.len() < ROWS, "killed before the end");
    let finished: BTreeSet<&String> = at_kill.finished.iter().collect();
    // Sent, never answered: in flight when the process died.
    let cut: BTreeSet<String> = at_kill
        .seen
        .iter()
        .filter(|t| !finished.contains(t))
        .map(|t| email_of(t))
        .collect();
    assert!(cut.len() <= 4, "at most the concurrency in flight: {cut:?}");

    // The same command again, to the end.
    let second = run(&screen(&[]), &base).expect(0);
    let summary = &second.json()["summary"];
    let after_second = server.log();
    let new_targets = &after_second.seen[at_kill.seen.len()..];
    for target in new_targets {
        assert!(
            !finished.contains(target),
            "a call answered before the kill was sent again"
        );
    }
    assert_eq!(
        duplicates(&after_second.seen),
        BTreeSet::new(),
        "without --retry-unknown nothing is sent twice"
    );
    let lines = output_lines(&output);
    assert_eq!(lines.len(), ROWS);
    let states = states(&lines, "jeff");
    let unknown: BTreeSet<String> = states
        .iter()
        .filter(|(_, s)| *s == "outcome_unknown")
        .map(|(line, _)| format!("user{}@example.com", line - 2))
        .collect();
    assert!(
        states
            .values()
            .all(|s| s == "done" || s == "outcome_unknown"),
        "{states:?}"
    );
    assert!(
        cut.is_subset(&unknown),
        "rows in flight at the kill are outcome unknown: {cut:?} / {unknown:?}"
    );
    assert!(unknown.len() <= 4, "{unknown:?}");
    assert_eq!(
        summary["vendors"]["jeff"]["outcome_unknown"],
        unknown.len() as u64
    );
    assert_eq!(summary["done"], (ROWS - unknown.len()) as u64);
    for target in new_targets {
        assert!(
            !unknown.contains(&email_of(target)),
            "an unknown call resent"
        );
    }

    // --retry-unknown sends those again, and only those.
    let third = run(&screen(&["--retry-unknown"]), &base).expect(0);
    let summary = &third.json()["summary"];
    let all = server.log().seen;
    let resent: BTreeSet<String> = all[after_second.seen.len()..]
        .iter()
        .map(|t| email_of(t))
        .collect();
    assert_eq!(resent, unknown);
    assert_eq!(all.len() - after_second.seen.len(), unknown.len());
    let twice: BTreeSet<String> = duplicates(&all).iter().map(|t| email_of(t)).collect();
    assert!(twice.is_subset(&unknown) && twice.len() <= 4, "{twice:?}");
    assert_eq!(summary["done"], ROWS as u64);
    let lines = output_lines(&output);
    assert_eq!(lines.len(), ROWS);
    assert!(
        lines
            .iter()
            .all(|l| l["vendors"]["jeff"]["state"] == "done")
    );
}

#[test]
fn ctrl_c_ends_bureau_polling_at_once_and_a_rerun_resumes_by_id() {
    const N: usize = 3;
    let mock = common::server();
    let dir = TempDir::new("bureau-sigint");
    let list = dir.file("list.csv");
    let output = dir.file("list.screened.jsonl");
    write_bureau_list(&list, N);
    let url = mock.bureau_url();
    let base = [("LEADKIT_BUREAU_BASE_URL", url.as_str())];
    let initiates = || initiates(&mock);
    let screen = |interval: &'static str| {
        [
            "screen",
            list.as_str(),
            "--vendors",
            "bureau",
            "--bureau-poll-interval",
            interval,
            "--json",
        ]
    };
    // The first poll is 30 s away; each transaction answers AWAITING twice.
    let (interrupted, after_signal) =
        interrupted_when(&screen("30"), &base, "an initiate per row", || {
            initiates() == N
        });
    let interrupted = interrupted.expect(130);
    assert!(
        after_signal < Duration::from_secs(20),
        "took {after_signal:?} to stop"
    );
    let summary = &interrupted.json()["summary"];
    assert_eq!(summary["interrupted"], true);
    assert_eq!(summary["vendors"]["bureau"]["outcome_unknown"], N as u64);
    assert_eq!(mock.requests().len(), N, "initiates only, no poll");

    let second = run(&screen("0.05"), &base).expect(0);
    let summary = &second.json()["summary"];
    assert_eq!(initiates(), N, "no second initiate");
    assert_eq!(summary["done"], N as u64);
    let lines = output_lines(&output);
    assert!(
        lines
            .iter()
            .all(|l| l["vendors"]["bureau"]["state"] == "done")
    );
}

#[test]
fn a_bureau_transaction_started_before_a_crash_is_polled_by_its_id() {
    const N: usize = 5;
    let mock = common::server();
    let dir = TempDir::new("bureau");
    let list = dir.file("list.csv");
    let output = dir.file("list.screened.jsonl");
    write_bureau_list(&list, N);
    let url = mock.bureau_url();
    let base = [("LEADKIT_BUREAU_BASE_URL", url.as_str())];
    let initiates = || initiates(&mock);

    let mut child = command(
        &[
            "screen",
            &list,
            "--vendors",
            "bureau",
            "--bureau-poll-interval",
            "30",
        ],
        &base,
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    wait_until("an initiate per row", || initiates() == N);
    // Each id is written to the journal as initiate answers; the first poll is 30 s away.
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    let before = mock.requests().len();
    assert_eq!(before, N, "initiates only, no poll yet");

    let second = run(
        &[
            "screen",
            &list,
            "--vendors",
            "bureau",
            "--bureau-poll-interval",
            "0.05",
            "--json",
        ],
        &base,
    )
    .expect(0);
    let summary = &second.json()["summary"];
    let after = &mock.requests()[before..];
    assert!(!after.is_empty());
    for request in after {
        assert_eq!(request.method, "GET", "{}", request.path);
        assert!(
            request.path.contains("/transactions/"),
            "polled by id: {}",
            request.path
        );
    }
    assert_eq!(initiates(), N, "no second initiate");
    // Two AWAITING answers, then the final one, per transaction.
    assert_eq!(after.len(), 3 * N);
    let ids: BTreeSet<&str> = after.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(ids.len(), N);
    assert_eq!(summary["done"], N as u64);
    assert_eq!(summary["vendors"]["bureau"]["outcome_unknown"], 0);
    let lines = output_lines(&output);
    assert_eq!(lines.len(), N);
    assert!(
        lines
            .iter()
            .all(|l| l["vendors"]["bureau"]["state"] == "done")
    );
}

#[test]
fn invalid_rows_are_reported_by_line_and_cost_nothing() {
    let mock = common::server();
    let dir = TempDir::new("invalid");
    let list = dir.file("list.csv");
    let output = dir.file("out.jsonl");
    let token = |n: u32| format!("0A1B2C3D-4E5F-4A6B-8C7D-{n:012}");
    let text = format!(
        "email,phone,leadid_token\n\
         good.one@example.com,447800000001,{}\n\
         broken-address-value,447800000002,{}\n\
         no.token@example.com,447800000003,\n\
         bad.phone@example.com,+44 7800 0000 0000 0000,{}\n\
         good.two@example.com,+44 7800-000005,{}\n",
        token(1),
        token(7),
        token(8),
        token(9)
    );
    std::fs::write(&list, text).unwrap();
    let jeff = mock.jeff_api_url();
    let jornaya = mock.jornaya_url();
    let base = [
        ("LEADKIT_JEFF_BASE_URL", jeff.as_str()),
        ("LEADKIT_JORNAYA_BASE_URL", jornaya.as_str()),
    ];
    let args = [
        "screen",
        list.as_str(),
        "--vendors",
        "jeff,jornaya",
        "--jornaya-entity",
        "ACME",
        "-o",
        output.as_str(),
    ];
    let values = [
        "broken-address-value",
        "no.token@example.com",
        "bad.phone@example.com",
        "+44 7800 0000 0000 0000",
        "447800000002",
        "447800000003",
    ];

    // --dry-run: every row checked, nothing sent, nothing written.
    let mut dry: Vec<&str> = args.to_vec();
    dry.extend(["--dry-run", "--json"]);
    let checked = run(&dry, &base).expect(0);
    let summary = &checked.json()["summary"];
    assert_eq!(
        (summary["rows"].as_u64(), summary["invalid"].as_u64()),
        (Some(5), Some(3))
    );
    assert_eq!(summary["valid"], 2);
    assert_eq!(summary["dry_run"], true);
    assert!(mock.requests().is_empty(), "a dry run sends nothing");
    assert!(!Path::new(&output).exists(), "a dry run writes no output");
    assert!(!Path::new(&format!("{output}.journal")).exists());
    let reported: Vec<Value> = checked
        .stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v.get("invalid_row").cloned())
        .collect();
    let reported_lines: Vec<u64> = reported
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(reported_lines, [3, 4, 5]);

    let screened = run(&args, &base).expect(0);
    for (line, reason) in [
        (3, "jeff: invalid input `email`"),
        (4, "jornaya needs a LeadiD token"),
        (
            5,
            "jeff: invalid input `phone`: must be the international form",
        ),
    ] {
        let shown = screened
            .stderr
            .lines()
            .find(|l| l.starts_with(&format!("leadkit: line {line}: ")))
            .unwrap_or_else(|| panic!("line {line} not reported:\n{}", screened.stderr));
        assert!(shown.contains(reason), "{shown}");
    }
    for value in values {
        assert!(
            !screened.stderr.contains(value),
            "{value} shown:\n{}",
            screened.stderr
        );
        assert!(
            !screened.stdout.contains(value),
            "{value} shown:\n{}",
            screened.stdout
        );
    }
    assert_eq!(mock.request_count(Vendor::Jeff), 2);
    assert_eq!(mock.request_count(Vendor::Jornaya), 2);
    let text = std::fs::read_to_string(&output).unwrap();
    for value in values {
        assert!(!text.contains(value), "{value} in the output");
    }
    let lines = output_lines(&output);
    let invalid: BTreeMap<u64, &str> = lines
        .iter()
        .filter_map(|l| Some((l["line"].as_u64()?, l["invalid"].as_str()?)))
        .collect();
    assert_eq!(invalid.keys().copied().collect::<Vec<_>>(), [3, 4, 5]);
    assert!(invalid[&4].contains("jornaya needs a LeadiD token"));

    // The counts in the summary (a rerun: the valid rows come from the journal).
    let mut again: Vec<&str> = args.to_vec();
    again.push("--json");
    let rerun = run(&again, &base).expect(0);
    let summary = &rerun.json()["summary"];
    assert_eq!(summary["rows"], 5);
    assert_eq!(summary["invalid"], 3);
    assert_eq!(summary["done"], 2);
    assert_eq!(summary["vendors"]["jeff"]["skipped_done"], 2);
    assert_eq!(mock.request_count(Vendor::Jeff), 2, "nothing sent again");
    assert_eq!(mock.request_count(Vendor::Jornaya), 2);
}

#[test]
fn ctrl_c_during_a_slow_rate_limit_stops_at_once() {
    let server = Counting::start(Duration::from_millis(1));
    let dir = TempDir::new("sigint-rate");
    let list = dir.file("list.csv");
    write_list(&list, 20);
    // One call every 60 s: the rows after the first wait their turn, up to 19 minutes.
    let args = [
        "screen",
        list.as_str(),
        "--vendors",
        "jeff",
        "--rate",
        "jeff=0.0166",
        "--json",
    ];
    let base = [("LEADKIT_JEFF_BASE_URL", server.url.as_str())];
    let (interrupted, after_signal) = interrupted_when(&args, &base, "the first call", || {
        server.log().finished.len() == 1
    });
    let interrupted = interrupted.expect(130);
    assert!(
        after_signal < Duration::from_secs(30),
        "took {after_signal:?} to stop"
    );
    let summary = &interrupted.json()["summary"];
    assert_eq!(summary["interrupted"], true);
    assert_eq!(summary["vendors"]["jeff"]["calls"], 1);
    assert_eq!(server.log().seen.len(), 1, "no call started after Ctrl-C");
}

#[test]
fn timeout_bounds_the_calls_of_a_mock_run() {
    let dir = TempDir::new("mock-timeout");
    let list = dir.file("list.csv");
    let output = dir.file("list.screened.jsonl");
    // The embedded mock answers `mock-slow` after 3 s.
    std::fs::write(
        &list,
        "email,phone\nmock-slow@example.com,447700900001\nquick@example.com,447700900002\n",
    )
    .unwrap();
    let started = Instant::now();
    let screened = run(
        &[
            "screen",
            &list,
            "--vendors",
            "jeff",
            "--mock",
            "--timeout",
            "0.5",
            "--json",
        ],
        &[],
    )
    .expect(0);
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "--timeout did not bound the mock's call: {:?}",
        started.elapsed()
    );
    let summary = &screened.json()["summary"];
    assert_eq!(summary["done"], 1, "{summary}");
    let lines = output_lines(&output);
    let states: Vec<&Value> = lines
        .iter()
        .map(|l| &l["vendors"]["jeff"]["state"])
        .collect();
    assert!(states.contains(&&Value::from("done")), "{states:?}");
    assert!(
        states.contains(&&Value::from("outcome_unknown")),
        "the slow call ends unknown: {states:?}"
    );
}

#[test]
fn ctrl_c_stops_cleanly_and_a_rerun_completes_without_duplicates() {
    let server = Counting::start(Duration::from_millis(15));
    let dir = TempDir::new("sigint");
    let list = dir.file("list.csv");
    let output = dir.file("list.screened.jsonl");
    write_list(&list, ROWS);
    let args = [
        "screen",
        list.as_str(),
        "--vendors",
        "jeff",
        "--concurrency",
        "jeff=4",
        "--json",
    ];
    let base = [("LEADKIT_JEFF_BASE_URL", server.url.as_str())];
    let (interrupted, _) = interrupted_when(&args, &base, "100 requests", || server.seen() >= 100);
    let interrupted = interrupted.expect(130);
    let summary = &interrupted.json()["summary"];
    assert_eq!(summary["interrupted"], true);
    let at_stop = server.log();
    assert!(at_stop.seen.len() < ROWS, "stopped before the end");
    // Calls in flight finished and were recorded: nothing was left unknown.
    assert_eq!(at_stop.seen.len(), at_stop.finished.len());
    assert_eq!(summary["vendors"]["jeff"]["outcome_unknown"], 0);
    assert_eq!(
        summary["vendors"]["jeff"]["done"],
        at_stop.seen.len() as u64
    );

    let rerun = run(&args, &base).expect(0);
    let summary = &rerun.json()["summary"];
    let all = server.log().seen;
    assert_eq!(duplicates(&all), BTreeSet::new(), "no call sent twice");
    assert_eq!(all.len(), ROWS);
    assert_eq!(summary["done"], ROWS as u64);
    assert_eq!(
        summary["vendors"]["jeff"]["skipped_done"],
        at_stop.seen.len() as u64
    );
    let lines = output_lines(&output);
    assert_eq!(lines.len(), ROWS);
    assert!(
        lines
            .iter()
            .all(|l| l["vendors"]["jeff"]["state"] == "done")
    );
}

#[test]
fn shards_cover_every_row_exactly_once() {
    const N: usize = 40;
    let mock = common::server();
    let dir = TempDir::new("shards");
    let list = dir.file("list.csv");
    write_list(&list, N);
    let url = mock.jeff_api_url();
    let base = [("LEADKIT_JEFF_BASE_URL", url.as_str())];
    let mut keys: Vec<String> = Vec::new();
    let mut other = 0;
    for shard in ["1/2", "2/2"] {
        let output = dir.file(&format!("part{}.jsonl", &shard[..1]));
        let summary = run(
            &[
                "screen",
                &list,
                "--vendors",
                "jeff",
                "--shard",
                shard,
                "-o",
                &output,
                "--json",
            ],
            &base,
        )
        .expect(0)
        .json()["summary"]
            .clone();
        other += summary["other_shards"].as_u64().unwrap();
        let lines = output_lines(&output);
        assert!(!lines.is_empty(), "shard {shard} has rows");
        assert_eq!(summary["done"], lines.len() as u64);
        keys.extend(lines.iter().map(|l| l["key"].as_str().unwrap().to_owned()));
    }
    assert_eq!(keys.len(), N);
    assert_eq!(
        keys.iter().collect::<BTreeSet<_>>().len(),
        N,
        "no row in both"
    );
    assert_eq!(other, N as u64);
    assert_eq!(mock.request_count(Vendor::Jeff), N);
}

#[cfg(unix)]
#[test]
fn the_journal_and_the_output_are_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;

    let mock = common::server();
    let dir = TempDir::new("modes");
    let list = dir.file("list.csv");
    write_list(&list, 3);
    let output = dir.file("out.jsonl");
    let summary = dir.file("summary.csv");
    // An output left readable by others by some earlier tool: rewritten owner-only.
    std::fs::write(&output, "").unwrap();
    std::fs::set_permissions(&output, std::fs::Permissions::from_mode(0o644)).unwrap();
    let url = mock.jeff_api_url();
    run(
        &[
            "screen",
            &list,
            "--vendors",
            "jeff",
            "-o",
            &output,
            "--summary-csv",
            &summary,
        ],
        &[("LEADKIT_JEFF_BASE_URL", url.as_str())],
    )
    .expect(0);
    let journal = format!("{output}.journal");
    for path in [output.as_str(), journal.as_str(), summary.as_str()] {
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{path}: {mode:o}");
    }
    for side in ["-wal", "-shm"] {
        if let Ok(metadata) = std::fs::metadata(format!("{journal}{side}")) {
            assert_eq!(metadata.permissions().mode() & 0o777, 0o600, "{side}");
        }
    }
    assert_eq!(output_lines(&output).len(), 3);
}

#[test]
fn an_output_journal_or_summary_naming_the_list_or_each_other_is_refused() {
    let mock = common::server();
    let dir = TempDir::new("same-file");
    let list = dir.file("list.csv");
    write_list(&list, 2);
    let before = std::fs::read(&list).unwrap();
    let output = dir.file("out.jsonl");
    // The same file by another spelling: a `..` detour through the folder.
    let folder = Path::new(&list).parent().unwrap();
    let name = folder.file_name().unwrap().to_str().unwrap();
    let list_again = format!("{}/../{name}/list.csv", folder.display());
    let output_again = format!("{}/../{name}/out.jsonl", folder.display());
    let url = mock.jeff_api_url();
    for (extra, flag, other) in [
        (vec!["-o", list_again.as_str()], "--output", "the list"),
        (
            vec!["-o", output.as_str(), "--journal", list.as_str()],
            "--journal",
            "the list",
        ),
        (
            vec!["-o", output.as_str(), "--journal", output_again.as_str()],
            "--journal",
            "the output",
        ),
        (
            vec![
                "-o",
                output.as_str(),
                "--summary-csv",
                output_again.as_str(),
            ],
            "--summary-csv",
            "the output",
        ),
        (
            vec!["--summary-csv", list_again.as_str()],
            "--summary-csv",
            "the list",
        ),
    ] {
        let mut args = vec!["screen", list.as_str(), "--vendors", "jeff"];
        args.extend(extra);
        let refused = run(&args, &[("LEADKIT_JEFF_BASE_URL", url.as_str())]).expect(2);
        let said = format!("invalid {flag}: names the same file as {other}");
        assert!(
            refused.stderr.contains(&said),
            "{args:?}: {}",
            refused.stderr
        );
        assert_eq!(
            std::fs::read(&list).unwrap(),
            before,
            "{args:?} changed the list"
        );
        assert!(!Path::new(&output).exists(), "{args:?} created the output");
    }
    assert!(mock.requests().is_empty(), "nothing is sent");
    let left: Vec<_> = std::fs::read_dir(folder).unwrap().flatten().collect();
    assert_eq!(left.len(), 1, "only the list is left: {left:?}");
}

#[test]
fn a_limit_or_a_flag_for_a_vendor_not_screened_is_refused() {
    let mock = common::server();
    let dir = TempDir::new("unchosen");
    let list = dir.file("list.csv");
    write_list(&list, 2);
    let url = mock.jeff_api_url();
    for (extra, said) in [
        (
            ["--rate", "jornaya=2"],
            "invalid --rate: jornaya is not among --vendors",
        ),
        (
            ["--concurrency", "bureau=2"],
            "invalid --concurrency: bureau is not among --vendors",
        ),
        (
            ["--jornaya-entity", "ACME"],
            "invalid --jornaya-entity: does nothing without jornaya in --vendors",
        ),
        (
            [
                "--bureau-workflow-id",
                "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b",
            ],
            "invalid --bureau-workflow-id: does nothing without bureau in --vendors",
        ),
    ] {
        let mut args = vec!["screen", list.as_str(), "--vendors", "jeff"];
        args.extend(extra);
        let refused = run(&args, &[("LEADKIT_JEFF_BASE_URL", url.as_str())]).expect(2);
        assert!(
            refused.stderr.contains(said),
            "{args:?}: {}",
            refused.stderr
        );
    }
    let twice = [
        "screen",
        list.as_str(),
        "--vendors",
        "jeff",
        "--rate",
        "JEFF=1",
        "--rate",
        "jeff=9",
    ];
    let refused = run(&twice, &[("LEADKIT_JEFF_BASE_URL", url.as_str())]).expect(2);
    assert!(
        refused
            .stderr
            .contains("invalid --rate: jeff is given twice"),
        "{}",
        refused.stderr
    );
    assert!(mock.requests().is_empty(), "nothing is sent");
    assert!(!Path::new(&dir.file("list.screened.jsonl")).exists());
}

#[test]
fn the_summary_csv_has_a_row_per_line_in_order_and_no_formula() {
    let mock = common::server();
    let dir = TempDir::new("summary-csv");
    let list = dir.file("list.csv");
    std::fs::write(
        &list,
        "id,email,phone\n\
         =cmd|' /C calc'!A0,user1@example.com,447800000001\n\
         k2,not-an-email,447800000002\n\
         k3,user3@example.com,447800000003\n",
    )
    .unwrap();
    let output = dir.file("out.jsonl");
    let summary = dir.file("summary.csv");
    let url = mock.jeff_api_url();
    let args = [
        "screen",
        list.as_str(),
        "--vendors",
        "jeff",
        "--key-column",
        "id",
        "-o",
        output.as_str(),
        "--summary-csv",
        summary.as_str(),
    ];
    run(&args, &[("LEADKIT_JEFF_BASE_URL", url.as_str())]).expect(0);
    let text = std::fs::read_to_string(&summary).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.splitn(5, ',').collect()).collect();
    assert_eq!(rows[0], ["line", "key", "decision", "vendor", "reason"]);
    assert_eq!(rows.len(), 4, "{text}");
    let lines: Vec<&str> = rows[1..].iter().map(|row| row[0]).collect();
    assert_eq!(lines, ["2", "3", "4"], "sorted by line:\n{text}");
    // The key a spreadsheet would run as a formula starts with a quote mark.
    assert_eq!(rows[1][1], "'=cmd|' /C calc'!A0", "{text}");
    assert_eq!(&rows[2][1..4], ["k2", "invalid", ""], "{text}");
    assert!(rows[2][4].contains("jeff: invalid input `email`"), "{text}");
    for row in [&rows[1], &rows[3]] {
        assert_eq!(row[3], "jeff", "{text}");
        assert!(!row[2].is_empty() && !row[4].is_empty(), "{text}");
    }
    assert!(!text.contains("not-an-email") && !text.contains("user1@"));
}

#[test]
fn a_second_ctrl_c_stops_at_once_and_the_calls_in_flight_are_not_resent() {
    // Every answer takes a minute: the first SIGINT waits for the calls in flight.
    let server = Counting::start(Duration::from_secs(60));
    let dir = TempDir::new("sigint-twice");
    let list = dir.file("list.csv");
    write_list(&list, 2);
    let args = [
        "screen",
        list.as_str(),
        "--vendors",
        "jeff",
        "--timeout",
        "120",
    ];
    let base = [("LEADKIT_JEFF_BASE_URL", server.url.as_str())];
    let mut child = command(&args, &base)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("leadkit starts");
    wait_until("both calls in flight", || server.seen() >= 2);
    send_sigint(&child);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "one Ctrl-C waits for the calls in flight"
    );
    let signalled = Instant::now();
    send_sigint(&child);
    let stopped = finished(child).expect(130);
    assert!(
        signalled.elapsed() < Duration::from_secs(10),
        "{:?}",
        signalled.elapsed()
    );
    assert!(
        stopped.stderr.contains("Ctrl-C again to stop at once"),
        "{}",
        stopped.stderr
    );
    assert!(
        stopped
            .stderr
            .contains("interrupted twice (Ctrl-C): stopped at once"),
        "{}",
        stopped.stderr
    );

    // The journal has both calls `sent`: the rerun sends nothing and counts them unknown.
    let mut again: Vec<&str> = args.to_vec();
    again.push("--json");
    let rerun = run(&again, &base).expect(0);
    let summary = &rerun.json()["summary"];
    assert_eq!(
        summary["vendors"]["jeff"]["outcome_unknown"], 2,
        "{summary}"
    );
    assert_eq!(server.seen(), 2, "nothing sent again");
}
