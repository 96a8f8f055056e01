//! The screening engine's promises, with fake vendors: a finished call is never sent again, a
//! failed one is, an unknown one only when asked, a Bureau-like transaction is resumed by its
//! id, invalid rows cost nothing, the stop flag and the deadline stop the run cleanly (and at
//! once, however slow the rate limit), the
//! per-vendor limit holds, shards split a list exactly, and the verdict names its vendor.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use leadkit_core::Error;
use leadkit_screen::input::from_reader;
use leadkit_screen::vendors::{BoxFuture, OnStarted};
use leadkit_screen::{
    Answer, CallState, Columns, Finding, Format, Journal, Lead, Limits, Options, Quiet, Screen,
    Screener, Shard, Signal, Summary,
};
use serde_json::{Value, json};
use tokio::sync::Notify;

/// What a fake vendor does for a row.
#[derive(Debug, Clone)]
enum Behaviour {
    /// Answers with this signal.
    Answer(Signal),
    /// Fails without reaching the vendor (a configuration error: not outcome-unknown).
    Fail,
    /// Fails after the request may have reached the vendor.
    Unknown,
    /// Waits until the fake's `release` is notified, then answers `accept`.
    Hang,
    /// Starts a transaction (`on_started` with this id), then answers `accept`.
    Start(String),
    /// Starts a transaction (`on_started` with this id), then fails (not outcome-unknown).
    StartThenFail(String),
    /// Starts a transaction (`on_started` with this id), then polls for an hour (tokio time)
    /// before it answers `accept`.
    StartThenPollAnHour(String),
}

/// A vendor that counts its calls per row key and does what it is told per row.
struct Fake {
    vendor: &'static str,
    behaviours: Mutex<HashMap<String, Behaviour>>,
    calls: Mutex<HashMap<String, u32>>,
    resumes: Mutex<HashMap<String, Option<String>>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    /// How long each answer takes (tokio time: paused in the tests that use it).
    delay: Mutex<Duration>,
    release: Notify,
}

impl Fake {
    fn new(vendor: &'static str) -> Arc<Fake> {
        Arc::new(Fake {
            vendor,
            behaviours: Mutex::new(HashMap::new()),
            calls: Mutex::new(HashMap::new()),
            resumes: Mutex::new(HashMap::new()),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            delay: Mutex::new(Duration::ZERO),
            release: Notify::new(),
        })
    }

    fn set(&self, key: &str, behaviour: Behaviour) {
        self.behaviours
            .lock()
            .unwrap()
            .insert(key.to_owned(), behaviour);
    }

    fn calls(&self, key: &str) -> u32 {
        self.calls.lock().unwrap().get(key).copied().unwrap_or(0)
    }

    fn total_calls(&self) -> u32 {
        self.calls.lock().unwrap().values().sum()
    }

    fn resume_of(&self, key: &str) -> Option<Option<String>> {
        self.resumes.lock().unwrap().get(key).cloned()
    }

    fn as_screener(self: &Arc<Self>) -> Arc<dyn Screener> {
        Arc::clone(self) as Arc<dyn Screener>
    }
}

fn unknown_error() -> Error {
    Error::OutcomeUnknown {
        status: None,
        cause: Box::new(Error::Config("the connection broke after sending".into())),
    }
}

impl Screener for Fake {
    fn vendor(&self) -> &'static str {
        self.vendor
    }

    fn check(&self, lead: &Lead) -> Result<(), String> {
        match lead.email.as_deref() {
            None => Err(format!("{} needs an email", self.vendor)),
            Some(email) if !email.contains('@') => Err(format!("{}: invalid email", self.vendor)),
            Some(_) => Ok(()),
        }
    }

    fn screen<'a>(
        &'a self,
        lead: &'a Lead,
        resume: Option<&'a str>,
        on_started: OnStarted<'a>,
    ) -> BoxFuture<'a, Result<Answer, Error>> {
        Box::pin(async move {
            *self
                .calls
                .lock()
                .unwrap()
                .entry(lead.key.clone())
                .or_default() += 1;
            self.resumes
                .lock()
                .unwrap()
                .insert(lead.key.clone(), resume.map(str::to_owned));
            let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.max_in_flight.fetch_max(now, Ordering::SeqCst);
            let behaviour = self
                .behaviours
                .lock()
                .unwrap()
                .get(&lead.key)
                .cloned()
                .unwrap_or(Behaviour::Answer(Signal::Accept));
            let delay = *self.delay.lock().unwrap();
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            let result = match behaviour {
                Behaviour::Answer(signal) => Ok(answer(self.vendor, signal)),
                Behaviour::Fail => Err(Error::Config("refused before sending".into())),
                Behaviour::Unknown => Err(unknown_error()),
                Behaviour::Hang => {
                    self.release.notified().await;
                    Ok(answer(self.vendor, Signal::Accept))
                }
                Behaviour::Start(id) => {
                    if resume.is_none() {
                        on_started(&id);
                    }
                    Ok(answer(self.vendor, Signal::Accept))
                }
                Behaviour::StartThenFail(id) => {
                    if resume.is_none() {
                        on_started(&id);
                    }
                    Err(Error::Config("polling gave up".into()))
                }
                Behaviour::StartThenPollAnHour(id) => {
                    if resume.is_none() {
                        on_started(&id);
                    }
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                    Ok(answer(self.vendor, Signal::Accept))
                }
            };
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            result
        })
    }
}

fn answer(vendor: &str, signal: Signal) -> Answer {
    Answer {
        json: json!({"vendor": vendor, "signal": signal.as_str()}),
        finding: Finding::new(signal, format!("{vendor}: {}", signal.as_str())),
    }
}

/// A journal path unique to this process and test, removed (with its side files) before and
/// after.
struct TempJournal(PathBuf);

impl TempJournal {
    fn new(test: &str) -> TempJournal {
        let path = std::env::temp_dir().join(format!(
            "leadkit-screen-engine-{}-{test}.journal",
            std::process::id()
        ));
        let temp = TempJournal(path);
        temp.remove();
        temp
    }

    fn open(&self) -> Journal {
        Journal::open(&self.0).expect("the journal opens")
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = self.0.as_os_str().to_os_string();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
    }
}

impl Drop for TempJournal {
    fn drop(&mut self) {
        self.remove();
    }
}

/// An output shared with the test.
#[derive(Clone, Default)]
struct Output(Arc<Mutex<Vec<u8>>>);

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Output {
    fn lines(&self) -> Vec<Value> {
        let bytes = self.0.lock().unwrap().clone();
        String::from_utf8(bytes)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).expect("each output line is JSON"))
            .collect()
    }

    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// The output line of the row keyed `key`.
fn line_of<'a>(lines: &'a [Value], key: &str) -> &'a Value {
    let found: Vec<&Value> = lines.iter().filter(|l| l["key"] == key).collect();
    assert_eq!(found.len(), 1, "one line for {key}: {lines:#?}");
    found[0]
}

/// A CSV list keyed by its `id` column: `r1`, `r2`, … with distinct emails.
fn list(rows: usize) -> String {
    let mut text = String::from("id,email,phone\n");
    for i in 1..=rows {
        text.push_str(&format!("r{i},user{i}@example.com,4478000{i:05}\n"));
    }
    text
}

fn keyed() -> Columns {
    Columns {
        key: Some("id".into()),
        ..Columns::default()
    }
}

/// One run of `list` through `screeners` on the journal at `journal`.
async fn run_once(
    journal: &TempJournal,
    screeners: Vec<Arc<dyn Screener>>,
    options: Options,
    list: &str,
) -> (Summary, Vec<Value>) {
    let screen = Screen::new(screeners, journal.open(), options);
    run_screen(&screen, list, &keyed()).await
}

async fn run_screen(screen: &Screen, list: &str, columns: &Columns) -> (Summary, Vec<Value>) {
    let rows = from_reader(std::io::Cursor::new(list.to_owned()), Format::Csv, columns)
        .expect("the list reads");
    let out = Output::default();
    let summary = screen
        .run(rows, Box::new(out.clone()), Arc::new(Quiet))
        .await
        .expect("the run ends");
    (summary, out.lines())
}

fn state(journal: &TempJournal, key: &str, vendor: &str) -> Option<CallState> {
    journal
        .open()
        .get(key, vendor)
        .expect("the journal reads")
        .map(|e| e.state)
}

#[tokio::test]
async fn a_done_call_is_never_sent_again_and_its_answer_is_reused() {
    let journal = TempJournal::new("done");
    let fake = Fake::new("fake");
    fake.set("r2", Behaviour::Answer(Signal::Review));
    let (first, lines) = run_once(
        &journal,
        vec![fake.as_screener()],
        Options::default(),
        &list(3),
    )
    .await;
    assert_eq!((first.rows, first.done), (3, 3));
    assert_eq!(
        line_of(&lines, "r2")["vendors"]["fake"]["from_journal"],
        false
    );
    for _ in 0..2 {
        let (again, lines) = run_once(
            &journal,
            vec![fake.as_screener()],
            Options::default(),
            &list(3),
        )
        .await;
        for key in ["r1", "r2", "r3"] {
            assert_eq!(fake.calls(key), 1, "{key} is sent once across runs");
            let vendor = &line_of(&lines, key)["vendors"]["fake"];
            assert_eq!(vendor["state"], "done");
            assert_eq!(vendor["from_journal"], true);
        }
        // The stored answer, not a new one.
        let r2 = line_of(&lines, "r2");
        assert_eq!(
            r2["vendors"]["fake"]["answer"],
            json!({"vendor": "fake", "signal": "review"})
        );
        assert_eq!(r2["verdict"]["decision"], "review");
        let counts = &again.vendors["fake"];
        assert_eq!((counts.calls, counts.skipped_done), (0, 3));
        assert_eq!(again.done, 3);
    }
}

#[tokio::test]
async fn a_failed_call_is_sent_again_on_a_rerun_and_counted_as_a_retry() {
    let journal = TempJournal::new("failed");
    let fake = Fake::new("fake");
    fake.set("r1", Behaviour::Fail);
    let (first, lines) = run_once(
        &journal,
        vec![fake.as_screener()],
        Options::default(),
        &list(2),
    )
    .await;
    assert_eq!(first.vendors["fake"].failed, 1);
    assert_eq!(first.done, 1);
    assert_eq!(line_of(&lines, "r1")["vendors"]["fake"]["state"], "failed");
    assert_eq!(line_of(&lines, "r1")["verdict"]["decision"], "incomplete");
    assert_eq!(state(&journal, "r1", "fake"), Some(CallState::Failed));

    fake.set("r1", Behaviour::Answer(Signal::Accept));
    let (second, lines) = run_once(
        &journal,
        vec![fake.as_screener()],
        Options::default(),
        &list(2),
    )
    .await;
    assert_eq!(fake.calls("r1"), 2, "a failed call is sent again");
    assert_eq!(fake.calls("r2"), 1);
    let counts = &second.vendors["fake"];
    assert_eq!(
        (
            counts.calls,
            counts.retries,
            counts.done,
            counts.skipped_done
        ),
        (1, 1, 1, 1)
    );
    assert_eq!(line_of(&lines, "r1")["vendors"]["fake"]["state"], "done");
    assert_eq!(second.done, 2);
}

#[tokio::test]
async fn an_outcome_unknown_call_is_resent_only_with_retry_unknown() {
    let journal = TempJournal::new("unknown");
    let fake = Fake::new("fake");
    fake.set("r1", Behaviour::Unknown);
    let (first, _) = run_once(
        &journal,
        vec![fake.as_screener()],
        Options::default(),
        &list(2),
    )
    .await;
    assert_eq!(first.vendors["fake"].outcome_unknown, 1);
    assert_eq!(
        state(&journal, "r1", "fake"),
        Some(CallState::OutcomeUnknown)
    );

    fake.set("r1", Behaviour::Answer(Signal::Accept));
    let (second, lines) = run_once(
        &journal,
        vec![fake.as_screener()],
        Options::default(),
        &list(2),
    )
    .await;
    assert_eq!(fake.calls("r1"), 1, "not resent without retry_unknown");
    assert_eq!(second.vendors["fake"].outcome_unknown, 1);
    assert_eq!(second.vendors["fake"].calls, 0);
    let r1 = line_of(&lines, "r1");
    assert_eq!(r1["vendors"]["fake"]["state"], "outcome_unknown");
    assert_eq!(r1["verdict"]["decision"], "incomplete");
    assert_eq!(r1["verdict"]["vendor"], "fake");

    let options = Options {
        retry_unknown: true,
        ..Options::default()
    };
    let (third, lines) = run_once(&journal, vec![fake.as_screener()], options, &list(2)).await;
    assert_eq!(fake.calls("r1"), 2, "resent with retry_unknown");
    assert_eq!(fake.calls("r2"), 1);
    assert_eq!(third.vendors["fake"].retries, 1);
    assert_eq!(line_of(&lines, "r1")["vendors"]["fake"]["state"], "done");
    assert_eq!(state(&journal, "r1", "fake"), Some(CallState::Done));
}

#[tokio::test]
async fn a_sent_entry_left_by_a_crash_is_treated_as_outcome_unknown() {
    let journal = TempJournal::new("crash");
    {
        // A run killed between writing `sent` and the answer.
        let open = journal.open();
        open.mark_sent("r1", "fake").unwrap();
    }
    let fake = Fake::new("fake");
    let (summary, lines) = run_once(
        &journal,
        vec![fake.as_screener()],
        Options::default(),
        &list(2),
    )
    .await;
    assert_eq!(
        fake.calls("r1"),
        0,
        "a call that may have reached the vendor is not resent"
    );
    assert_eq!(fake.calls("r2"), 1);
    assert_eq!(summary.vendors["fake"].outcome_unknown, 1);
    assert_eq!(
        line_of(&lines, "r1")["vendors"]["fake"]["state"],
        "outcome_unknown"
    );
    assert_eq!(
        state(&journal, "r1", "fake"),
        Some(CallState::OutcomeUnknown)
    );

    let options = Options {
        retry_unknown: true,
        ..Options::default()
    };
    let (_, lines) = run_once(&journal, vec![fake.as_screener()], options, &list(2)).await;
    assert_eq!(fake.calls("r1"), 1);
    assert_eq!(line_of(&lines, "r1")["vendors"]["fake"]["state"], "done");
}

#[tokio::test]
async fn a_stored_transaction_id_is_resumed_not_started_again() {
    let journal = TempJournal::new("transaction");
    let fake = Fake::new("fake");
    // r1: started, then the run was killed (simulated: `sent` with the id, no answer).
    // r2: started, then polling failed (not an unknown outcome): `failed` with the id.
    fake.set("r1", Behaviour::Start("tx-1".into()));
    fake.set("r2", Behaviour::StartThenFail("tx-2".into()));
    {
        let open = journal.open();
        open.mark_sent("r1", "fake").unwrap();
        open.record_transaction("r1", "fake", "tx-1").unwrap();
    }
    let screen = Screen::new(vec![fake.as_screener()], journal.open(), Options::default());
    let (_, lines) = run_screen(&screen, &list(2), &keyed()).await;
    assert_eq!(
        fake.resume_of("r1"),
        Some(Some("tx-1".into())),
        "r1 resumed by its id"
    );
    assert_eq!(fake.resume_of("r2"), Some(None), "r2 started afresh");
    assert_eq!(line_of(&lines, "r1")["vendors"]["fake"]["state"], "done");
    // The id given to `on_started` is in the journal before the call ends.
    let r2 = screen.journal().get("r2", "fake").unwrap().unwrap();
    assert_eq!(r2.state, CallState::Failed);
    assert_eq!(r2.transaction_id.as_deref(), Some("tx-2"));
    let r1 = screen.journal().get("r1", "fake").unwrap().unwrap();
    assert_eq!(r1.state, CallState::Done);
    assert_eq!(r1.transaction_id.as_deref(), Some("tx-1"));
    drop(screen);

    // Whatever its state, a started transaction is polled by its id, never started again.
    fake.set("r2", Behaviour::Start("tx-new".into()));
    let (_, lines) = run_once(
        &journal,
        vec![fake.as_screener()],
        Options::default(),
        &list(2),
    )
    .await;
    assert_eq!(
        fake.resume_of("r2"),
        Some(Some("tx-2".into())),
        "r2 resumed by its id"
    );
    assert_eq!(line_of(&lines, "r2")["vendors"]["fake"]["state"], "done");
    assert_eq!(fake.calls("r1"), 1, "done: not sent again");
}

#[tokio::test]
async fn an_invalid_row_gets_no_call_and_an_invalid_line_without_its_values() {
    let journal = TempJournal::new("invalid");
    let fake = Fake::new("fake");
    let list = "id,email,phone,name\n\
                r1,ok.one@example.com,447800000001,Ada Lovelace\n\
                r2,not-an-email-secret,447800000002,Grace Hopper\n\
                r3,,447800000003,Alan Turing\n\
                ,keyless@example.com,447800000004,Edsger Dijkstra\n\
                r5,ok.five@example.com,447800000005,Barbara Liskov\n";
    let screen = Screen::new(vec![fake.as_screener()], journal.open(), Options::default());
    let rows = from_reader(std::io::Cursor::new(list), Format::Csv, &keyed()).unwrap();
    let out = Output::default();
    let summary = screen
        .run(rows, Box::new(out.clone()), Arc::new(Quiet))
        .await
        .unwrap();
    let lines = out.lines();
    assert_eq!(
        (summary.rows, summary.invalid, summary.valid, summary.done),
        (5, 3, 2, 2)
    );
    assert_eq!(fake.total_calls(), 2);
    for key in ["r2", "r3"] {
        assert_eq!(fake.calls(key), 0, "{key} gets no call");
        assert_eq!(screen.journal().get(key, "fake").unwrap(), None);
    }
    let r2 = line_of(&lines, "r2");
    assert_eq!(r2["line"], 3);
    assert_eq!(r2["invalid"], "fake: invalid email");
    assert!(r2.get("vendors").is_none());
    let r3 = line_of(&lines, "r3");
    assert_eq!(r3["line"], 4);
    assert_eq!(r3["invalid"], "fake needs an email");
    let keyless: Vec<&Value> = lines.iter().filter(|l| l["line"] == 5).collect();
    assert_eq!(keyless.len(), 1);
    assert_eq!(keyless[0]["key"], Value::Null);
    assert!(
        keyless[0]["invalid"]
            .as_str()
            .unwrap()
            .contains("empty key")
    );
    let text = out.text();
    for value in [
        "not-an-email-secret",
        "keyless@example.com",
        "447800000002",
        "447800000003",
        "447800000004",
        "Grace",
        "Turing",
        "Dijkstra",
    ] {
        assert!(
            !text.contains(value),
            "{value} shown in the output:\n{text}"
        );
    }
}

/// What [`stop_while_r1_hangs`] leaves: the screen, the run's summary and lines, and the
/// (tokio) time the run took to end after the stop.
struct Stopped {
    screen: Arc<Screen>,
    summary: Summary,
    lines: Vec<Value>,
    after_stop: Duration,
}

/// Screens `rows` rows through `fake` with `options`; once `ready` holds, sets the stop flag
/// and lets a hanging call answer.
async fn stop_when(
    journal: &TempJournal,
    fake: &Arc<Fake>,
    options: Options,
    rows: usize,
    ready: impl Fn(&Screen) -> bool,
) -> Stopped {
    let screen = Arc::new(Screen::new(
        vec![fake.as_screener()],
        journal.open(),
        options,
    ));
    let stop = screen.stop_flag();
    let running = {
        let screen = Arc::clone(&screen);
        tokio::spawn(async move { run_screen(&screen, &list(rows), &keyed()).await })
    };
    while !ready(&screen) {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let stopped = tokio::time::Instant::now();
    stop.store(true, Ordering::Relaxed);
    fake.release.notify_one();
    let (summary, lines) = running.await.unwrap();
    Stopped {
        screen,
        summary,
        lines,
        after_stop: stopped.elapsed(),
    }
}

/// Screens ten rows through `fake` with `limits`, r1 hanging; once r1 is in flight, sets the
/// stop flag and lets r1 answer.
async fn stop_while_r1_hangs(journal: &TempJournal, fake: &Arc<Fake>, limits: Limits) -> Stopped {
    fake.set("r1", Behaviour::Hang);
    let mut options = Options::default();
    options.limits.insert("fake", limits);
    stop_when(journal, fake, options, 10, |_| fake.calls("r1") > 0).await
}

#[tokio::test(start_paused = true)]
async fn the_stop_flag_stops_new_calls_and_the_summary_says_interrupted() {
    let journal = TempJournal::new("stop");
    let fake = Fake::new("fake");
    // r1 is in flight, the other rows wait for the vendor's one slot.
    let limits = Limits {
        concurrency: 1,
        rate: None,
    };
    let Stopped {
        screen,
        summary,
        lines,
        ..
    } = stop_while_r1_hangs(&journal, &fake, limits).await;
    assert!(summary.interrupted);
    assert_eq!(fake.total_calls(), 1, "no call starts after the stop");
    // The call in flight finished and was recorded.
    assert_eq!(
        screen.journal().get("r1", "fake").unwrap().map(|e| e.state),
        Some(CallState::Done)
    );
    assert_eq!(line_of(&lines, "r1")["vendors"]["fake"]["state"], "done");
    for line in lines.iter().filter(|l| l["key"] != "r1") {
        assert_ne!(line["vendors"]["fake"]["state"], "done", "{line}");
        assert_eq!(line["verdict"]["decision"], "incomplete");
    }
    let screen = Arc::into_inner(screen).expect("the run let go of the screen");
    drop(screen);

    // A rerun sends each remaining row once and never r1 again.
    let (summary, _) = run_once(
        &journal,
        vec![fake.as_screener()],
        Options::default(),
        &list(10),
    )
    .await;
    assert!(!summary.interrupted);
    assert_eq!(summary.done, 10);
    for i in 1..=10 {
        assert_eq!(fake.calls(&format!("r{i}")), 1, "r{i}");
    }
}

#[tokio::test(start_paused = true)]
async fn the_stop_flag_ends_the_waits_for_a_slow_rate_limit_at_once() {
    let journal = TempJournal::new("stop-rate");
    let fake = Fake::new("fake");
    // One call every 100 s: the other nine rows wait their turn, up to 900 s.
    let limits = Limits {
        concurrency: 8,
        rate: Some(0.01),
    };
    let Stopped {
        summary,
        lines,
        after_stop,
        ..
    } = stop_while_r1_hangs(&journal, &fake, limits).await;
    assert!(
        after_stop < Duration::from_secs(1),
        "the run took {after_stop:?} to stop"
    );
    assert!(summary.interrupted);
    assert_eq!(fake.total_calls(), 1, "no call starts after the stop");
    assert_eq!(line_of(&lines, "r1")["vendors"]["fake"]["state"], "done");
    for line in lines.iter().filter(|l| l["key"] != "r1") {
        assert_eq!(line["vendors"]["fake"]["state"], "pending", "{line}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_stop_ends_the_polling_of_a_started_transaction_and_a_rerun_resumes_it() {
    let journal = TempJournal::new("stop-polling");
    let fake = Fake::new("fake");
    fake.set("r1", Behaviour::StartThenPollAnHour("tx-1".into()));
    // Once r1's transaction is started and recorded (it then polls for an hour).
    let recorded = |screen: &Screen| {
        screen
            .journal()
            .get("r1", "fake")
            .unwrap()
            .is_some_and(|e| e.transaction_id.is_some())
    };
    let Stopped {
        screen,
        summary,
        lines,
        after_stop,
    } = stop_when(&journal, &fake, Options::default(), 2, recorded).await;
    assert!(
        after_stop < Duration::from_secs(1),
        "the run took {after_stop:?} to stop"
    );
    assert!(summary.interrupted);
    assert_eq!(summary.vendors["fake"].outcome_unknown, 1);
    let r1 = &line_of(&lines, "r1")["vendors"]["fake"];
    assert_eq!(r1["state"], "outcome_unknown");
    assert!(r1["error"].as_str().unwrap().contains("resumes"), "{r1}");
    let entry = screen.journal().get("r1", "fake").unwrap().unwrap();
    assert_eq!(entry.state, CallState::OutcomeUnknown);
    assert_eq!(entry.transaction_id.as_deref(), Some("tx-1"));
    drop(Arc::into_inner(screen).expect("the run let go of the screen"));

    // A rerun polls the same transaction by its id, without --retry-unknown: nothing is
    // started again.
    fake.set("r1", Behaviour::Start("tx-1".into()));
    let (summary, lines) = run_once(
        &journal,
        vec![fake.as_screener()],
        Options::default(),
        &list(2),
    )
    .await;
    assert_eq!(fake.resume_of("r1"), Some(Some("tx-1".into())));
    assert_eq!(fake.calls("r1"), 2);
    assert_eq!(summary.done, 2);
    assert_eq!(line_of(&lines, "r1")["vendors"]["fake"]["state"], "done");
}

#[tokio::test(start_paused = true)]
async fn the_deadline_stops_hanging_calls_and_marks_them_outcome_unknown() {
    let journal = TempJournal::new("deadline");
    let fake = Fake::new("fake");
    fake.set("r1", Behaviour::Hang);
    fake.set("r2", Behaviour::Hang);
    let options = Options {
        deadline: Some(Duration::from_secs(10)),
        ..Options::default()
    };
    let started = tokio::time::Instant::now();
    let (summary, lines) = run_once(&journal, vec![fake.as_screener()], options, &list(3)).await;
    assert!(started.elapsed() >= Duration::from_secs(10));
    assert!(
        started.elapsed() < Duration::from_secs(11),
        "stopped at the deadline"
    );
    assert!(summary.deadline_passed);
    assert_eq!(summary.vendors["fake"].outcome_unknown, 2);
    assert_eq!(summary.done, 1);
    for key in ["r1", "r2"] {
        assert_eq!(
            line_of(&lines, key)["vendors"]["fake"]["state"],
            "outcome_unknown"
        );
        assert_eq!(
            state(&journal, key, "fake"),
            Some(CallState::OutcomeUnknown)
        );
    }
    assert_eq!(line_of(&lines, "r3")["vendors"]["fake"]["state"], "done");

    // Not resent on a rerun.
    let (summary, _) = run_once(
        &journal,
        vec![fake.as_screener()],
        Options::default(),
        &list(3),
    )
    .await;
    assert_eq!(fake.calls("r1"), 1);
    assert_eq!(fake.calls("r2"), 1);
    assert_eq!(summary.vendors["fake"].outcome_unknown, 2);
}

#[tokio::test(start_paused = true)]
async fn the_per_vendor_concurrency_limit_holds() {
    let journal = TempJournal::new("limit");
    let slow = Fake::new("slow");
    let other = Fake::new("other");
    *slow.delay.lock().unwrap() = Duration::from_millis(20);
    *other.delay.lock().unwrap() = Duration::from_millis(5);
    let mut options = Options::default();
    options.limits.insert(
        "slow",
        Limits {
            concurrency: 3,
            rate: None,
        },
    );
    let (summary, _) = run_once(
        &journal,
        vec![slow.as_screener(), other.as_screener()],
        options,
        &list(40),
    )
    .await;
    assert_eq!(summary.done, 40);
    assert_eq!(slow.total_calls(), 40);
    assert_eq!(
        slow.max_in_flight.load(Ordering::SeqCst),
        3,
        "at most 3, and 3 used"
    );
    // The other vendor has the default limit of 8.
    assert_eq!(other.max_in_flight.load(Ordering::SeqCst), 8);
}

#[tokio::test]
async fn shards_cover_each_row_exactly_once() {
    let fakes = [Fake::new("fake"), Fake::new("fake")];
    let mut rows_seen = 0;
    let mut other = 0;
    let mut keys: Vec<String> = Vec::new();
    for (index, fake) in fakes.iter().enumerate() {
        let journal = TempJournal::new(&format!("shard{index}"));
        let options = Options {
            shard: Shard::new(u32::try_from(index).unwrap() + 1, 2).unwrap(),
            ..Options::default()
        };
        let (summary, lines) =
            run_once(&journal, vec![fake.as_screener()], options, &list(60)).await;
        rows_seen += summary.rows;
        other += summary.other_shards;
        assert!(summary.rows > 0, "shard {} has rows", index + 1);
        keys.extend(lines.iter().map(|l| l["key"].as_str().unwrap().to_owned()));
    }
    assert_eq!(rows_seen, 60);
    assert_eq!(other, 60);
    keys.sort();
    let mut unique = keys.clone();
    unique.dedup();
    assert_eq!(keys.len(), 60);
    assert_eq!(unique.len(), 60, "no row in two shards");
    for i in 1..=60 {
        let key = format!("r{i}");
        assert_eq!(fakes[0].calls(&key) + fakes[1].calls(&key), 1, "{key}");
    }
}

#[tokio::test]
async fn the_verdict_names_the_vendor_that_drove_it() {
    let journal = TempJournal::new("verdict");
    let alpha = Fake::new("alpha");
    let beta = Fake::new("beta");
    // r1: beta's review beats alpha's accept. r2: equal reviews: the first vendor.
    // r3: alpha's decline. r4: beta has no answer: incomplete, beta named.
    alpha.set("r1", Behaviour::Answer(Signal::Accept));
    beta.set("r1", Behaviour::Answer(Signal::Review));
    alpha.set("r2", Behaviour::Answer(Signal::Review));
    beta.set("r2", Behaviour::Answer(Signal::Review));
    alpha.set("r3", Behaviour::Answer(Signal::Decline));
    beta.set("r3", Behaviour::Answer(Signal::Review));
    alpha.set("r4", Behaviour::Answer(Signal::Decline));
    beta.set("r4", Behaviour::Fail);
    let (summary, lines) = run_once(
        &journal,
        vec![alpha.as_screener(), beta.as_screener()],
        Options::default(),
        &list(4),
    )
    .await;
    let verdict = |key: &str| line_of(&lines, key)["verdict"].clone();
    assert_eq!(
        verdict("r1"),
        json!({"decision": "review", "vendor": "beta", "reason": "beta: review"})
    );
    assert_eq!(
        verdict("r2"),
        json!({"decision": "review", "vendor": "alpha", "reason": "alpha: review"})
    );
    assert_eq!(
        verdict("r3"),
        json!({"decision": "decline", "vendor": "alpha", "reason": "alpha: decline"})
    );
    assert_eq!(verdict("r4")["decision"], "incomplete");
    assert_eq!(verdict("r4")["vendor"], "beta");
    assert_eq!(summary.decisions["review"], 2);
    assert_eq!(summary.decisions["decline"], 1);
    assert_eq!(summary.decisions["incomplete"], 1);
    let r1 = line_of(&lines, "r1");
    assert_eq!(r1["vendors"]["beta"]["signal"], "review");
    assert_eq!(r1["vendors"]["alpha"]["reason"], "alpha: accept");
}

#[tokio::test(start_paused = true)]
async fn rows_with_the_same_key_are_screened_once_in_one_run() {
    let journal = TempJournal::new("duplicates");
    let fake = Fake::new("fake");
    *fake.delay.lock().unwrap() = Duration::from_millis(10);
    // The same lead three times (content keys), among others.
    let list = "email,phone\n\
                same@example.com,447800000001\n\
                other@example.com,447800000002\n\
                same@example.com,447800000001\n\
                SAME@example.com , 447800000001\n";
    let screen = Screen::new(vec![fake.as_screener()], journal.open(), Options::default());
    let (summary, lines) = run_screen(&screen, list, &Columns::default()).await;
    assert_eq!(fake.total_calls(), 2, "one call per distinct lead");
    assert_eq!(summary.rows, 4);
    assert_eq!(summary.done, 4);
    let same: Vec<&Value> = lines.iter().filter(|l| l["line"] != 3).collect();
    let reused = same
        .iter()
        .filter(|l| l["vendors"]["fake"]["from_journal"] == true)
        .count();
    assert_eq!(reused, 2, "{lines:#?}");
}

#[tokio::test]
async fn a_key_screened_earlier_in_the_run_is_found_in_a_new_journal_and_in_memory() {
    // One row at a time: the second `same` row starts after the first has finished, so only
    // the journal (not the key's lock) can stop it from being sent again.
    let list = "email,phone\n\
                same@example.com,447800000001\n\
                other@example.com,447800000002\n\
                same@example.com,447800000001\n";
    let options = Options {
        rows_in_flight: 1,
        ..Options::default()
    };
    let file = TempJournal::new("duplicates-one-at-a-time");
    for journal in [file.open(), Journal::in_memory().unwrap()] {
        let fake = Fake::new("fake");
        let screen = Screen::new(vec![fake.as_screener()], journal, options.clone());
        let (summary, lines) = run_screen(&screen, list, &Columns::default()).await;
        assert_eq!(fake.total_calls(), 2, "one call per distinct lead");
        assert_eq!(summary.done, 3);
        let last = lines.iter().find(|l| l["line"] == 4).unwrap();
        assert_eq!(last["vendors"]["fake"]["from_journal"], true, "{lines:#?}");
    }
}

#[tokio::test]
async fn a_key_holding_another_lead_is_refused_in_the_run_and_in_a_later_one() {
    let journal = TempJournal::new("key-clash");
    let fake = Fake::new("fake");
    // r1 names two leads; r2 names one lead twice (its values differ only in case and spaces).
    let first = "id,email,phone\n\
                 r1,user1@example.com,447800000001\n\
                 r1,someone.else@example.com,447800000009\n\
                 r2,user2@example.com,447800000002\n\
                 r2, USER2@example.com ,447800000002\n";
    let (summary, lines) = run_once(
        &journal,
        vec![fake.as_screener()],
        Options::default(),
        first,
    )
    .await;
    assert_eq!((fake.calls("r1"), fake.calls("r2")), (1, 1));
    assert_eq!(
        (summary.rows, summary.invalid, summary.done),
        (4, 1, 3),
        "{lines:#?}"
    );
    let at_line = |lines: &[Value], line: u64| lines.iter().find(|l| l["line"] == line).cloned();
    let clash = at_line(&lines, 3).expect("line 3 has a line");
    let reason = clash["invalid"].as_str().expect("line 3 is refused");
    assert!(reason.starts_with("its key holds another lead"), "{reason}");
    assert!(!clash.to_string().contains("someone.else"), "{clash}");
    let line5 = at_line(&lines, 5).expect("line 5 has a line");
    assert_eq!(line5["vendors"]["fake"]["from_journal"], true, "{line5}");

    // A later list: r1 as before comes from the journal; r2 now holds other values and is
    // refused rather than answered with the first lead's call.
    let second = "id,email,phone\n\
                  r1,user1@example.com,447800000001\n\
                  r2,changed@example.com,447800000002\n";
    let (summary, lines) = run_once(
        &journal,
        vec![fake.as_screener()],
        Options::default(),
        second,
    )
    .await;
    assert_eq!(fake.total_calls(), 2, "nothing more is sent");
    assert_eq!((summary.invalid, summary.done), (1, 1));
    assert_eq!(
        at_line(&lines, 2).unwrap()["vendors"]["fake"]["from_journal"],
        true
    );
    let changed = at_line(&lines, 3).unwrap();
    assert!(changed["invalid"].as_str().is_some(), "{changed}");
}

#[tokio::test]
async fn a_dry_run_refuses_a_key_naming_two_leads_in_the_list() {
    let journal = TempJournal::new("key-clash-dry");
    let fake = Fake::new("fake");
    let list = "id,email,phone\n\
                r1,user1@example.com,447800000001\n\
                r2,user2@example.com,447800000002\n\
                r1,someone.else@example.com,447800000009\n\
                r2,USER2@example.com,447800000002\n";
    let options = Options {
        dry_run: true,
        ..Options::default()
    };
    let (summary, lines) = run_once(&journal, vec![fake.as_screener()], options, list).await;
    assert_eq!(fake.total_calls(), 0);
    assert_eq!((summary.rows, summary.invalid, summary.valid), (4, 1, 3));
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(lines[0]["line"], 4);
    let reason = lines[0]["invalid"].as_str().unwrap();
    assert!(reason.starts_with("its key holds another lead"), "{reason}");
}
