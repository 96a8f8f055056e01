//! The screening run: rows in, each chosen vendor called at most once per row across runs,
//! answers and a verdict out.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Value, json};
use tokio::sync::Notify;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::input::{Lead, RowError, Shard};
use crate::journal::{CallState, Journal, JournalError, statements};
use crate::limit::{Limiter, Limits};
use crate::summary::{Summary, VendorCounts};
use crate::vendors::{Answer, Screener};
use crate::verdict::{self, Finding};

/// How a run behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// Limits per vendor (by name); vendors not named get [`Limits::default`].
    pub limits: BTreeMap<&'static str, Limits>,
    /// The whole run's deadline: no call starts after it, and calls still running when it
    /// passes are stopped (and marked outcome unknown if they may have reached the vendor).
    pub deadline: Option<Duration>,
    /// Send again calls that may have reached the vendor before (outcome unknown, or sent when
    /// a run stopped): they may be paid twice.
    pub retry_unknown: bool,
    /// Check the rows only: nothing is sent, the journal is not written.
    pub dry_run: bool,
    /// The part of the list this run screens.
    pub shard: Shard,
    /// Rows in flight at once (reading stays this far ahead of the slowest row).
    pub rows_in_flight: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            limits: BTreeMap::new(),
            deadline: None,
            retry_unknown: false,
            dry_run: false,
            shard: Shard::all(),
            rows_in_flight: 256,
        }
    }
}

/// Why a run could not go on.
#[derive(Debug)]
pub enum ScreenError {
    /// The journal could not be read or written: the run stops rather than risk paying twice.
    Journal(JournalError),
    /// The output could not be written.
    Output(std::io::Error),
}

impl std::fmt::Display for ScreenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Journal(error) => write!(f, "journal: {error}"),
            Self::Output(error) => write!(f, "cannot write the output: {error}"),
        }
    }
}

impl std::error::Error for ScreenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Journal(error) => Some(error),
            Self::Output(error) => Some(error),
        }
    }
}

impl From<JournalError> for ScreenError {
    fn from(error: JournalError) -> Self {
        Self::Journal(error)
    }
}

/// Why a row whose key already names another lead is refused.
const KEY_CLASH: &str = "its key holds another lead (other values under the same key, on an \
                         earlier line or in an earlier run): keys must be unique";

/// A row the run refused, for the caller to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The row's line.
    pub line: u64,
    /// Why (the column or vendor concerned, never a value).
    pub reason: String,
}

/// What the run tells its caller as it goes (a progress bar, say).
pub trait Observer: Send + Sync {
    /// A row finished (screened, skipped or refused); `summary` is the run so far.
    fn row_done(&self, summary: &Summary) {
        let _ = summary;
    }
    /// A row was refused before anything was sent.
    fn refused(&self, refusal: &Refusal) {
        let _ = refusal;
    }
}

/// An observer that ignores everything.
pub struct Quiet;

impl Observer for Quiet {}

/// A screening run's fixed parts: the vendors, the journal and the options.
pub struct Screen {
    screeners: Vec<Arc<dyn Screener>>,
    journal: Arc<Journal>,
    options: Options,
    stop: Arc<AtomicBool>,
}

/// Shared state of a running screen.
struct Run {
    journal: Arc<Journal>,
    limiters: Vec<Limiter>,
    screeners: Vec<Arc<dyn Screener>>,
    retry_unknown: bool,
    deadline: Option<Instant>,
    stop: Arc<AtomicBool>,
    /// Wakes the calls waiting for a vendor's slot or its rate limit when the run stops (see
    /// [`Run::unless_stopped`]).
    stopping: Arc<Notify>,
    /// Calls waiting for a vendor's slot or its rate limit: while there are none, nothing
    /// reads the stop flag on a timer.
    waiting: Arc<AtomicUsize>,
    /// Told when a call starts waiting.
    wait_started: Arc<Notify>,
    summary: Mutex<Summary>,
    out: Mutex<Box<dyn Write + Send>>,
    journal_failed: AtomicBool,
    journal_error: Mutex<Option<JournalError>>,
    /// The keys of the rows being screened, each with a lock that a row with the same key
    /// waits for: the second then finds the first's call in the journal instead of sending
    /// it again.
    keys: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// When the journal had no call at the start of the run: the hashes of the row keys this
    /// run has screened. A key not among them cannot be in the journal, so its calls are not
    /// looked up (a hash shared by two keys only costs a look-up). `None`: look every call up.
    screened: Option<Mutex<HashSet<u64>>>,
}

impl Screen {
    /// A run with `screeners` (in the order their answers are combined), writing the state of
    /// each call to `journal`.
    pub fn new(screeners: Vec<Arc<dyn Screener>>, journal: Journal, options: Options) -> Self {
        Self {
            screeners,
            journal: Arc::new(journal),
            options,
            stop: Arc::new(AtomicBool::new(false)),
        }
    }

    /// A flag that stops the run when set (Ctrl-C): no new call starts, calls in flight finish
    /// and are recorded, and the run returns with [`Summary::interrupted`]. Calls waiting for a
    /// vendor's slot or its rate limit give up within 20 ms of the flag being set (they stay
    /// `pending`, nothing sent), however slow the rate. A transaction whose id is in the
    /// journal stops polling too: it ends outcome unknown, and the next run resumes it by its
    /// id.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.stop)
    }

    /// The journal.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Screens `rows`, writing one JSON line per row to `out`.
    pub async fn run(
        &self,
        rows: impl Iterator<Item = Result<Lead, RowError>>,
        out: Box<dyn Write + Send>,
        observer: Arc<dyn Observer>,
    ) -> Result<Summary, ScreenError> {
        let begun = Instant::now();
        let screened = if self.journal.has_calls()? {
            None
        } else {
            Some(Mutex::new(HashSet::new()))
        };
        let run = Arc::new(Run {
            journal: Arc::clone(&self.journal),
            limiters: self
                .screeners
                .iter()
                .map(|s| {
                    Limiter::new(
                        self.options
                            .limits
                            .get(s.vendor())
                            .copied()
                            .unwrap_or_default(),
                    )
                })
                .collect(),
            screeners: self.screeners.clone(),
            retry_unknown: self.options.retry_unknown,
            deadline: self.options.deadline.map(|d| begun + d),
            stop: Arc::clone(&self.stop),
            stopping: Arc::new(Notify::new()),
            waiting: Arc::new(AtomicUsize::new(0)),
            wait_started: Arc::new(Notify::new()),
            summary: Mutex::new(Summary::new(
                self.screeners.iter().map(|s| s.vendor()).collect(),
            )),
            out: Mutex::new(out),
            journal_failed: AtomicBool::new(false),
            journal_error: Mutex::new(None),
            keys: Mutex::new(HashMap::new()),
            screened,
        });
        let _watcher = AbortOnDrop(tokio::spawn(watch_stop_flag(
            Arc::clone(&self.stop),
            Arc::clone(&run.stopping),
            Arc::clone(&run.waiting),
            Arc::clone(&run.wait_started),
        )));
        let mut tasks = JoinSet::new();
        let mut output_error = None;
        let mut dry_keys: HashMap<u64, u64> = HashMap::new();
        for row in rows {
            if run.stopped() {
                break;
            }
            let lead = match row {
                Ok(lead) => lead,
                Err(error) => {
                    let refusal = Refusal {
                        line: error.line,
                        reason: error.reason.clone(),
                    };
                    run.refuse(&refusal, None, observer.as_ref(), begun);
                    continue;
                }
            };
            if !self.options.shard.contains(&lead.key) {
                run.with_summary(|s| s.other_shards += 1);
                continue;
            }
            let problems: Vec<String> = self
                .screeners
                .iter()
                .filter_map(|s| s.check(&lead).err())
                .collect();
            if !problems.is_empty() {
                let refusal = Refusal {
                    line: lead.line,
                    reason: problems.join("; "),
                };
                run.refuse(&refusal, Some(&lead), observer.as_ref(), begun);
                continue;
            }
            if self.options.dry_run {
                // What a run would refuse for a key naming two leads in this list (a dry run
                // has no journal to record keys in): a hash of each key's content key.
                let content_key = lead.content_key();
                if content_key != lead.key
                    && *dry_keys
                        .entry(hash64(&lead.key))
                        .or_insert_with(|| hash64(&content_key))
                        != hash64(&content_key)
                {
                    let refusal = Refusal {
                        line: lead.line,
                        reason: KEY_CLASH.to_owned(),
                    };
                    run.refuse(&refusal, Some(&lead), observer.as_ref(), begun);
                    continue;
                }
                run.with_summary(|s| {
                    s.rows += 1;
                    s.valid += 1;
                });
                observer.row_done(&run.snapshot(begun));
                continue;
            }
            while tasks.len() >= self.options.rows_in_flight.max(1) {
                if let Some(Ok(Err(error))) = tasks.join_next().await {
                    output_error.get_or_insert(error);
                }
            }
            let run = Arc::clone(&run);
            let observer = Arc::clone(&observer);
            tasks.spawn(async move {
                let result = run.screen_row(&lead, observer.as_ref(), begun).await;
                observer.row_done(&run.snapshot(begun));
                result
            });
        }
        while let Some(joined) = tasks.join_next().await {
            if let Ok(Err(error)) = joined {
                output_error.get_or_insert(error);
            }
        }
        if let Ok(mut out) = run.out.lock() {
            out.flush().map_err(ScreenError::Output)?;
        }
        if let Some(error) = output_error {
            return Err(error);
        }
        if let Some(error) = run.journal_error.lock().ok().and_then(|mut e| e.take()) {
            return Err(ScreenError::Journal(error));
        }
        let mut summary = run.snapshot(begun);
        summary.interrupted = self.stop.load(Ordering::Relaxed);
        summary.deadline_passed = run.deadline.is_some_and(|d| Instant::now() >= d);
        Ok(summary)
    }
}

/// What happened to one row's call to one vendor in this run.
enum Call {
    /// Answered (now, or in an earlier run: `reused`). The answer is JSON text, serialised
    /// once for the journal and the output line both.
    Answered {
        answer: Box<RawValue>,
        finding: Finding,
        reused: bool,
    },
    /// Not answered: the state recorded, and why.
    Unanswered(CallState, String),
}

impl Run {
    /// `wait`'s output, or `None` as soon as the run stops (the stop flag, a journal failure;
    /// the deadline is the caller's).
    async fn unless_stopped<F: Future>(&self, wait: F) -> Option<F::Output> {
        let stopping = self.stopping.notified();
        let mut stopping = std::pin::pin!(stopping);
        // Registered before the check: a stop after it wakes this wait.
        stopping.as_mut().enable();
        if self.stopped() {
            return None;
        }
        let _waiting = Waiting::start(&self.waiting, &self.wait_started);
        tokio::select! {
            biased;
            () = stopping => None,
            output = wait => Some(output),
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
            || self.journal_failed.load(Ordering::Relaxed)
            || self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    fn with_summary(&self, change: impl FnOnce(&mut Summary)) {
        if let Ok(mut summary) = self.summary.lock() {
            change(&mut summary);
        }
    }

    fn snapshot(&self, begun: Instant) -> Summary {
        let mut summary = self
            .summary
            .lock()
            .map(|s| s.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone());
        summary.elapsed = begun.elapsed();
        summary
    }

    fn refuse(
        &self,
        refusal: &Refusal,
        lead: Option<&Lead>,
        observer: &dyn Observer,
        begun: Instant,
    ) {
        self.with_summary(|s| {
            s.rows += 1;
            s.invalid += 1;
        });
        observer.refused(refusal);
        let line = json!({
            "line": refusal.line,
            "key": lead.map(|l| l.key.as_str()),
            "invalid": refusal.reason,
        });
        let _ = self.write_line(&line);
        observer.row_done(&self.snapshot(begun));
    }

    fn write_line(&self, value: &impl Serialize) -> std::io::Result<()> {
        let mut text = serde_json::to_string(value).map_err(std::io::Error::other)?;
        text.push('\n');
        match self.out.lock() {
            Ok(mut out) => out.write_all(text.as_bytes()),
            Err(_) => Err(std::io::Error::other("output lock poisoned")),
        }
    }

    /// Every chosen vendor for one row, one after the other in parallel, then its line.
    async fn screen_row(
        self: &Arc<Self>,
        lead: &Lead,
        observer: &dyn Observer,
        begun: Instant,
    ) -> Result<(), ScreenError> {
        // A row with the key of a row still being screened waits for it, then reads its
        // calls from the journal.
        let gate = {
            let mut keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(keys.entry(lead.key.clone()).or_default())
        };
        let held = gate.lock().await;
        // Decided under the key's lock: a row with the same key screened before this one has
        // finished, and its calls are in the journal.
        let look_up = self.screened.as_ref().is_none_or(|screened| {
            !screened
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(hash64(&lead.key))
        });
        // A key of the list's own (a key column) may name two different leads, in one list or
        // across runs: the second must not be answered with the first one's calls.
        let claimed = self.claim_key(lead).await;
        let calls = match claimed {
            Some(true) => {
                futures_join_all(
                    self.screeners
                        .iter()
                        .enumerate()
                        .map(|(index, _)| self.call(index, lead, look_up)),
                )
                .await
            }
            Some(false) | None => Vec::new(),
        };
        drop(held);
        {
            let mut keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
            drop(gate);
            // Only the map holds it now: no other row with this key is waiting.
            if keys
                .get(&lead.key)
                .is_some_and(|g| Arc::strong_count(g) == 1)
            {
                keys.remove(&lead.key);
            }
        }
        match claimed {
            Some(true) => {}
            Some(false) => {
                let refusal = Refusal {
                    line: lead.line,
                    reason: KEY_CLASH.to_owned(),
                };
                self.refuse(&refusal, Some(lead), observer, begun);
                return Ok(());
            }
            // The journal failed: the run stops with its error.
            None => return Ok(()),
        }
        let mut vendors = BTreeMap::new();
        let mut findings: Vec<(&'static str, Option<Finding>)> = Vec::new();
        let mut complete = true;
        // The answers are moved into the line as the text they were serialised to once: a
        // vendor's answer can be kilobytes.
        for (screener, call) in self.screeners.iter().zip(calls) {
            let vendor = screener.vendor();
            match call {
                Call::Answered {
                    answer,
                    finding,
                    reused,
                } => {
                    vendors.insert(
                        vendor,
                        VendorLine::Done {
                            answer,
                            from_journal: reused,
                            reason: finding.reason.clone(),
                            signal: finding.signal,
                            state: "done",
                        },
                    );
                    findings.push((vendor, Some(finding)));
                }
                Call::Unanswered(state, why) => {
                    complete = false;
                    vendors.insert(
                        vendor,
                        VendorLine::Unanswered {
                            error: why,
                            state: state.as_str(),
                        },
                    );
                    findings.push((vendor, None));
                }
            }
        }
        let verdict = verdict::combine(findings.iter().map(|(v, f)| (*v, f.as_ref())));
        self.with_summary(|s| {
            s.rows += 1;
            s.valid += 1;
            if complete {
                s.done += 1;
            }
            *s.decisions.entry(verdict.decision).or_default() += 1;
        });
        let line = OutputLine {
            key: &lead.key,
            line: lead.line,
            vendors,
            verdict: &verdict,
        };
        self.write_line(&line).map_err(ScreenError::Output)
    }

    /// Whether `lead` may use the calls filed under its key: always for a content key (it is
    /// the lead's values), else when the journal's record of the key's lead is this lead's
    /// ([`Journal::claim_key`]). `None`: the journal failed (the run is stopping).
    async fn claim_key(&self, lead: &Lead) -> Option<bool> {
        let content_key = lead.content_key();
        if content_key == lead.key {
            return Some(true);
        }
        let key = lead.key.clone();
        match self
            .journal
            .run(move |c| statements::claim_key(c, &key, &content_key))
            .await
        {
            Ok(claimed) => Some(claimed),
            Err(error) => {
                self.journal_failure(error);
                None
            }
        }
    }

    /// One vendor for one row, as the journal allows (`look_up`: the journal may have the
    /// call).
    async fn call(self: &Arc<Self>, index: usize, lead: &Lead, look_up: bool) -> Call {
        let screener = &self.screeners[index];
        let vendor = screener.vendor();
        let key = lead.key.clone();
        let entry = if look_up {
            match self
                .journal
                .run(move |c| statements::get(c, &key, vendor))
                .await
            {
                Ok(entry) => entry,
                Err(error) => return self.journal_error(vendor, error),
            }
        } else {
            None
        };
        let mut resume = None;
        if let Some(entry) = &entry {
            match entry.state {
                CallState::Done => {
                    self.count(vendor, |c| c.skipped_done += 1);
                    // A finished call is never sent again, even if its stored answer cannot be
                    // read back.
                    return match entry
                        .answer
                        .clone()
                        .and_then(|a| serde_json::from_value::<Answer>(a).ok())
                    {
                        Some(Answer { json, finding }) => Call::Answered {
                            answer: to_raw(&json),
                            finding,
                            reused: true,
                        },
                        None => Call::Unanswered(
                            CallState::Done,
                            "done in an earlier run, but its stored answer cannot be read".into(),
                        ),
                    };
                }
                // A started transaction is resumed by its id, whatever its state: polling it
                // costs nothing, starting another would be paid again.
                _ if entry.transaction_id.is_some() => {
                    resume = entry.transaction_id.clone();
                }
                CallState::Sent | CallState::OutcomeUnknown => {
                    if !self.retry_unknown {
                        self.count(vendor, |c| c.outcome_unknown += 1);
                        if entry.state == CallState::Sent
                            && let Err(error) = self
                                .finish(
                                    lead,
                                    vendor,
                                    CallState::OutcomeUnknown,
                                    None,
                                    Some("sent when an earlier run stopped".into()),
                                )
                                .await
                        {
                            return self.journal_error(vendor, error);
                        }
                        return Call::Unanswered(
                            CallState::OutcomeUnknown,
                            "may have reached the vendor in an earlier run: not resent without --retry-unknown"
                                .into(),
                        );
                    }
                }
                CallState::Pending | CallState::Failed => {
                    // A transaction started before a failure (polling gave up) is resumed by
                    // its id, never started again.
                    resume = entry.transaction_id.clone();
                }
            }
        }
        if self.stopped() {
            return Call::Unanswered(CallState::Pending, "not started: the run stopped".into());
        }
        // The vendor's slot is held from just before the `sent` mark until the vendor call
        // ends: recording how it ended does not keep the next call from the vendor.
        let limiter = &self.limiters[index];
        let permit = match limiter.try_acquire() {
            Some(permit) => Some(permit),
            // Waiting for a slot or the rate limit ends when the run stops or at its
            // deadline: at a low rate, the rows waiting would otherwise each wait their turn
            // to give up.
            None => {
                let acquire = self.unless_stopped(limiter.acquire());
                match self.deadline {
                    Some(deadline) => tokio::time::timeout_at(deadline, acquire)
                        .await
                        .ok()
                        .flatten()
                        .flatten(),
                    None => acquire.await.flatten(),
                }
            }
        };
        if self.stopped() {
            return Call::Unanswered(CallState::Pending, "not started: the run stopped".into());
        }
        let key = lead.key.clone();
        if let Err(error) = self
            .journal
            .run(move |c| statements::mark_sent(c, &key, vendor))
            .await
        {
            return self.journal_error(vendor, error);
        }
        self.count(vendor, |c| {
            c.calls += 1;
            if entry.is_some() {
                c.retries += 1;
            }
        });
        // Told once the call's transaction is in the journal with its id (at once for a
        // resumed one).
        let started = Notify::new();
        if resume.is_some() {
            started.notify_one();
        }
        let run = Arc::clone(self);
        let key = lead.key.clone();
        let recorded = &started;
        let on_started = move |id: &str| match run.journal.record_transaction(&key, vendor, id) {
            Ok(()) => recorded.notify_one(),
            // Not recorded: a crash now would start the transaction again. Stop the run.
            Err(error) => {
                let _ = run.journal_error(vendor, error);
            }
        };
        let call = screener.screen(lead, resume.as_deref(), &on_started);
        // Polling a transaction whose id is recorded costs nothing and a rerun resumes it by
        // that id: a stop ends the polling rather than wait for the vendor.
        let polling_stopped = async {
            started.notified().await;
            self.unless_stopped(std::future::pending::<()>()).await;
        };
        let call = async {
            tokio::select! {
                biased;
                result = call => Some(result),
                () = polling_stopped => None,
            }
        };
        let result = match self.deadline {
            Some(deadline) => match tokio::time::timeout_at(deadline, call).await {
                Ok(result) => result,
                Err(_) => {
                    return self
                        .finish_unknown(lead, vendor, "stopped at the run's deadline")
                        .await;
                }
            },
            None => call.await,
        };
        let Some(result) = result else {
            return self
                .finish_unknown(
                    lead,
                    vendor,
                    "stopped while polling: a rerun resumes the transaction by its id",
                )
                .await;
        };
        drop(permit);
        match result {
            Ok(Answer { json, finding }) => {
                // Serialised once: the same text goes to the journal and to the output line. A
                // journal in memory (no file: nothing to resume) keeps the finding only, so
                // its memory stays small however long the list.
                let answer = to_raw(&json);
                drop(json);
                let finding_text = serde_json::to_string(&finding).unwrap_or_default();
                let stored = if self.journal.path().is_some() {
                    format!("{{\"answer\":{},\"finding\":{finding_text}}}", answer.get())
                } else {
                    format!("{{\"answer\":null,\"finding\":{finding_text}}}")
                };
                if let Err(error) = self
                    .finish(lead, vendor, CallState::Done, Some(stored), None)
                    .await
                {
                    return self.journal_error(vendor, error);
                }
                self.count(vendor, |c| c.done += 1);
                Call::Answered {
                    answer,
                    finding,
                    reused: false,
                }
            }
            Err(error) => {
                let message = error.to_string();
                if error.outcome_unknown() {
                    return self.finish_unknown(lead, vendor, &message).await;
                }
                if let Err(journal) = self
                    .finish(lead, vendor, CallState::Failed, None, Some(message.clone()))
                    .await
                {
                    return self.journal_error(vendor, journal);
                }
                self.count(vendor, |c| c.failed += 1);
                Call::Unanswered(CallState::Failed, message)
            }
        }
    }

    /// Records how a call ended (see [`Journal::finish`]); `answer` is JSON text.
    async fn finish(
        &self,
        lead: &Lead,
        vendor: &'static str,
        state: CallState,
        answer: Option<String>,
        error: Option<String>,
    ) -> Result<(), JournalError> {
        let key = lead.key.clone();
        self.journal
            .run(move |c| {
                statements::finish(c, &key, vendor, state, answer.as_deref(), error.as_deref())
            })
            .await
    }

    async fn finish_unknown(&self, lead: &Lead, vendor: &'static str, why: &str) -> Call {
        if let Err(error) = self
            .finish(
                lead,
                vendor,
                CallState::OutcomeUnknown,
                None,
                Some(why.to_owned()),
            )
            .await
        {
            return self.journal_error(vendor, error);
        }
        self.count(vendor, |c| c.outcome_unknown += 1);
        Call::Unanswered(CallState::OutcomeUnknown, why.to_owned())
    }

    /// A journal write failed: the run stops (rather than risk paying twice) and the first
    /// error is returned by [`Screen::run`].
    fn journal_error(&self, vendor: &'static str, error: JournalError) -> Call {
        self.count(vendor, |c| c.failed += 1);
        let message = format!("journal: {error}");
        self.journal_failure(error);
        Call::Unanswered(CallState::Failed, message)
    }

    /// Stops the run on a journal error (the first is what the run returns).
    fn journal_failure(&self, error: JournalError) {
        self.journal_failed.store(true, Ordering::Relaxed);
        self.stopping.notify_waiters();
        if let Ok(mut first) = self.journal_error.lock() {
            first.get_or_insert(error);
        }
    }

    fn count(&self, vendor: &'static str, change: impl FnOnce(&mut VendorCounts)) {
        self.with_summary(|s| change(s.vendors.entry(vendor).or_default()));
    }
}

/// How often the stop flag is read while a run waits. The flag is set from outside (a Ctrl-C
/// handler), without a way to wake anyone.
const STOP_POLL: Duration = Duration::from_millis(20);

/// Wakes the run's waiting calls (see [`Run::unless_stopped`]) once `stop` is set. The flag
/// is read every [`STOP_POLL`] only while a call waits (`waiting`; `wait_started` is told
/// when one starts).
async fn watch_stop_flag(
    stop: Arc<AtomicBool>,
    stopping: Arc<Notify>,
    waiting: Arc<AtomicUsize>,
    wait_started: Arc<Notify>,
) {
    loop {
        if stop.load(Ordering::Relaxed) {
            stopping.notify_waiters();
            return;
        }
        if waiting.load(Ordering::Relaxed) == 0 {
            let started = wait_started.notified();
            let mut started = std::pin::pin!(started);
            started.as_mut().enable();
            if waiting.load(Ordering::Relaxed) == 0 {
                started.await;
            }
            continue;
        }
        tokio::time::sleep(STOP_POLL).await;
    }
}

/// A call counted as waiting (see [`watch_stop_flag`]) until this is dropped.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn start(waiting: &'a AtomicUsize, wait_started: &Notify) -> Waiting<'a> {
        waiting.fetch_add(1, Ordering::Relaxed);
        wait_started.notify_one();
        Waiting(waiting)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A task stopped when this is dropped, however the run ends.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// One row of the output.
#[derive(Serialize)]
struct OutputLine<'a> {
    key: &'a str,
    line: u64,
    vendors: BTreeMap<&'static str, VendorLine>,
    verdict: &'a verdict::Verdict,
}

/// One vendor's part of an output row.
#[derive(Serialize)]
#[serde(untagged)]
enum VendorLine {
    Done {
        answer: Box<RawValue>,
        from_journal: bool,
        reason: String,
        signal: verdict::Signal,
        state: &'static str,
    },
    Unanswered {
        error: String,
        state: &'static str,
    },
}

/// A 64-bit hash of `text`, for the sets of keys a run keeps in memory.
fn hash64(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// `value` as JSON text (`null` if it cannot be serialised, which a `Value` always can).
fn to_raw(value: &Value) -> Box<RawValue> {
    serde_json::value::to_raw_value(value).unwrap_or_default()
}

/// Runs the futures concurrently and returns their outputs in order.
async fn futures_join_all<F: std::future::Future>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output> {
    let mut pinned: Vec<_> = futures.map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in pinned.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => *output = Some(value),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::{BoxFuture, OnStarted};
    use crate::verdict::Signal;

    /// A nested answer, as a vendor's typed answer serialises.
    fn answer() -> Answer {
        Answer {
            json: json!({"outcome": "lead", "lead": {"emails": ["x"], "fraud": {"marked": true, "partners": [1, 2]}}}),
            finding: Finding::new(Signal::Review, "fixed: marked"),
        }
    }

    struct Fixed;

    impl Screener for Fixed {
        fn vendor(&self) -> &'static str {
            "jeff"
        }

        fn check(&self, _: &Lead) -> Result<(), String> {
            Ok(())
        }

        fn screen<'a>(
            &'a self,
            _: &'a Lead,
            _: Option<&'a str>,
            _: OnStarted<'a>,
        ) -> BoxFuture<'a, Result<Answer, leadkit_core::Error>> {
            Box::pin(async { Ok(answer()) })
        }
    }

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let mut buffer = self
                .0
                .lock()
                .map_err(|_| std::io::Error::other("poisoned"))?;
            buffer.extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn lead() -> Lead {
        Lead {
            line: 2,
            key: "k1".into(),
            email: Some("a@example.com".into()),
            phone: None,
            name: None,
            country: None,
            leadid_token: None,
            partner_id: None,
        }
    }

    async fn run_once(screen: &Screen) -> Value {
        let out = Shared::default();
        let summary = screen
            .run(
                vec![Ok(lead())].into_iter(),
                Box::new(out.clone()),
                Arc::new(Quiet),
            )
            .await
            .expect("run");
        assert_eq!(summary.done, 1);
        let bytes = out.0.lock().expect("output").clone();
        serde_json::from_slice(&bytes).expect("one JSON line")
    }

    #[tokio::test]
    async fn answers_reach_the_output_and_the_journal_whole_and_come_back_from_it() {
        let path = std::env::temp_dir().join(format!(
            "leadkit-screen-engine-answers-{}.journal",
            std::process::id()
        ));
        let _ = std::fs::remove_file(&path);
        let journal = Journal::open(&path).expect("journal");
        let screen = Screen::new(vec![Arc::new(Fixed)], journal, Options::default());
        let expected = answer();

        let line = run_once(&screen).await;
        let jeff = &line["vendors"]["jeff"];
        assert_eq!(jeff["answer"], expected.json);
        assert_eq!(jeff["from_journal"], false);
        assert_eq!(jeff["signal"], "review");
        assert_eq!(jeff["reason"], "fixed: marked");
        assert_eq!(line["verdict"]["decision"], "review");
        let stored = screen
            .journal()
            .get("k1", "jeff")
            .expect("get")
            .and_then(|entry| entry.answer)
            .expect("a stored answer");
        assert_eq!(
            serde_json::from_value::<Answer>(stored).expect("an Answer"),
            expected
        );

        // The second run takes the answer from the journal.
        let line = run_once(&screen).await;
        let jeff = &line["vendors"]["jeff"];
        assert_eq!(jeff["answer"], expected.json);
        assert_eq!(jeff["from_journal"], true);
        assert_eq!(jeff["signal"], "review");
        drop(screen);
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(path.with_extension("journal-wal"));
    }

    #[tokio::test]
    async fn a_journal_in_memory_keeps_the_finding_but_not_the_answer() {
        let screen = Screen::new(
            vec![Arc::new(Fixed)],
            Journal::in_memory().expect("journal"),
            Options::default(),
        );
        let line = run_once(&screen).await;
        assert_eq!(line["vendors"]["jeff"]["answer"], answer().json);
        let stored = screen
            .journal()
            .get("k1", "jeff")
            .expect("get")
            .and_then(|entry| entry.answer)
            .expect("the finding");
        assert_eq!(stored["answer"], Value::Null);
        assert_eq!(stored["finding"]["signal"], "review");
    }
}
