//! Progress on stderr while a command waits: one line with what it waits for and the time
//! spent (and the deadline when there is one; for Bureau the poll count and the services still
//! pending), drawn with indicatif once the wait passes a second, and only when stderr is a
//! terminal and `--json` is not given. Log lines go through [`LogWriter`]: the line is cleared,
//! the log line printed, and the line drawn again below it.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::future::Future;
use std::io::{self, IsTerminal as _, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Waits shorter than this draw nothing.
const SHOW_AFTER: Duration = Duration::from_secs(1);
/// How often the line is brought up to date (indicatif limits the redraws further).
const REFRESH: Duration = Duration::from_millis(100);
/// The spinner's frames, then what a finished spinner shows.
const FRAMES: &str = "|/-\\ ";

/// The line being drawn, for [`LogWriter`]: its id (so that only its owner removes it) and bar.
static ACTIVE: Mutex<Option<(u64, ProgressBar)>> = Mutex::new(None);
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the progress line says, apart from the time spent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// What is awaited (`Bureau`, `waiting for the FriendlyScore score`).
    pub label: String,
    /// The latest poll's number and the most polls the policy makes (poll 0: initiated).
    pub poll: Option<(u32, u32)>,
    /// When the wait gives up.
    pub deadline: Option<Duration>,
    /// What the vendor is still working on (Bureau's pending services).
    pub waiting_for: Vec<String>,
    /// The kind of error the latest poll ended in, when it failed.
    pub failure: Option<String>,
}

impl Status {
    /// A wait for `label` with no known end.
    pub fn new(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            ..Self::default()
        }
    }

    /// Where a Bureau transaction stands after a poll.
    pub fn bureau(progress: &bureau_altdata::Progress<'_>) -> Self {
        Self {
            label: "Bureau".to_owned(),
            poll: Some((progress.poll, progress.max_polls)),
            deadline: Some(progress.deadline),
            waiting_for: progress.pending().iter().map(ToString::to_string).collect(),
            failure: progress.error.map(|error| error.kind().to_owned()),
        }
    }
}

/// The progress line for `status` after `elapsed`:
/// `Bureau: poll 3 of at most 9 · 42s of 180s · waiting for emailAttributes`.
pub fn status_line(status: &Status, elapsed: Duration) -> String {
    let mut line = status.label.clone();
    match status.poll {
        Some((0, _)) => line.push_str(": initiated"),
        Some((poll, max)) => {
            let _ = write!(line, ": poll {poll} of at most {max}");
        }
        None => {}
    }
    let _ = write!(line, " · {}s", elapsed.as_secs());
    if let Some(deadline) = status.deadline {
        let _ = write!(line, " of {}s", deadline.as_millis().div_ceil(1000));
    }
    if !status.waiting_for.is_empty() {
        let _ = write!(line, " · waiting for {}", status.waiting_for.join(", "));
    }
    if let Some(failure) = &status.failure {
        let _ = write!(line, " · last poll failed ({failure})");
    }
    line
}

/// Whether progress is drawn: on a terminal, without `--json` (stdout then carries a document
/// and stderr JSON lines: nothing else goes there).
pub fn should_show(stderr_is_terminal: bool, args: impl IntoIterator<Item = OsString>) -> bool {
    // The program's name and what follows `--` are not flags.
    stderr_is_terminal
        && !args
            .into_iter()
            .skip(1)
            .take_while(|arg| arg != "--")
            .any(|arg| arg == "--json")
}

/// What the line shows, shared with the task that redraws it.
struct Shared {
    status: Status,
    /// Where the time spent is counted from.
    started: Instant,
    /// Set when the wait is over: nothing is drawn after that.
    finished: bool,
}

/// A progress line on stderr, drawn from one second after it starts until it is dropped
/// (which clears it). Hidden when stderr is not a terminal or `--json` is given.
pub struct Progress {
    bar: ProgressBar,
    shared: Arc<Mutex<Shared>>,
    refresher: Option<tokio::task::JoinHandle<()>>,
    id: u64,
}

impl Progress {
    /// Starts the line for `status` (drawn only where [`should_show`] allows).
    pub fn start(status: Status) -> Self {
        let show = should_show(io::stderr().is_terminal(), std::env::args_os());
        Self::start_showing(status, show)
    }

    /// A spinner for a wait with no known end.
    pub fn spinner(label: &str) -> Self {
        Self::start(Status::new(label))
    }

    /// A spinner for a wait that gives up after `deadline`.
    pub fn until(label: &str, deadline: Duration) -> Self {
        Self::start(Status {
            deadline: Some(deadline),
            ..Status::new(label)
        })
    }

    fn start_showing(status: Status, show: bool) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{spinner} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style.tick_chars(FRAMES));
        let shared = Arc::new(Mutex::new(Shared {
            status,
            started: Instant::now(),
            finished: false,
        }));
        let refresher = if show {
            tokio::runtime::Handle::try_current()
                .ok()
                .map(|runtime| runtime.spawn(refresh(bar.clone(), Arc::clone(&shared))))
        } else {
            None
        };
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        *lock(&ACTIVE) = Some((id, bar.clone()));
        Self {
            bar,
            shared,
            refresher,
            id,
        }
    }

    /// Shows where a Bureau transaction stands (a hook for `run_with_progress` and
    /// `poll_by_id_with_progress`): the time spent is Bureau's polling time from then on.
    pub fn bureau(&self, progress: &bureau_altdata::Progress<'_>) {
        let _ = IN_FLIGHT.set(progress.transaction_id.to_owned());
        let mut shared = lock(&self.shared);
        shared.status = Status::bureau(progress);
        if let Some(started) = Instant::now().checked_sub(progress.elapsed) {
            shared.started = started;
        }
        if !shared.finished {
            self.bar
                .set_message(status_line(&shared.status, shared.started.elapsed()));
        }
    }
}

/// The id of the long operation this process is waiting on (a Bureau transaction), once known:
/// printed if Ctrl-C stops the wait, to resume with.
static IN_FLIGHT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The id of the operation being waited on, if any.
pub fn in_flight() -> Option<&'static str> {
    IN_FLIGHT.get().map(String::as_str)
}

impl Drop for Progress {
    fn drop(&mut self) {
        {
            let mut shared = lock(&self.shared);
            shared.finished = true;
            self.bar.finish_and_clear();
        }
        if let Some(task) = self.refresher.take() {
            task.abort();
        }
        let mut active = lock(&ACTIVE);
        if active.as_ref().is_some_and(|(id, _)| *id == self.id) {
            *active = None;
        }
    }
}

/// A bar counting the rows of a list (`leadkit screen`): rows done of the list, rows per
/// second and the time left, drawn where [`should_show`] allows; log lines and
/// [`RowsBar::println`] print above it. Dropping it clears it.
pub struct RowsBar {
    bar: ProgressBar,
    id: u64,
}

impl RowsBar {
    /// Starts the bar for a list of `total` rows (when known).
    pub fn start(total: Option<u64>) -> Self {
        let show = should_show(io::stderr().is_terminal(), std::env::args_os());
        let target = if show {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(total, target);
        let template = if total.is_some() {
            "{bar:24} {pos}/{len} rows · {per_sec} · {eta} left {wide_msg}"
        } else {
            "{spinner} {pos} rows · {per_sec} {wide_msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.tick_chars(FRAMES));
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        *lock(&ACTIVE) = Some((id, bar.clone()));
        Self { bar, id }
    }

    /// Moves the bar to `rows` done, with `message` after it.
    pub fn set(&self, rows: u64, message: String) {
        self.bar.set_position(rows);
        self.bar.set_message(message);
    }

    /// Clears the bar from the terminal now (it stays cleared).
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }

    /// Prints `line` on stderr above the bar.
    pub fn println(&self, line: &str) {
        self.bar.suspend(|| {
            let _ = writeln!(io::stderr().lock(), "{line}");
        });
    }
}

impl Drop for RowsBar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
        let mut active = lock(&ACTIVE);
        if active.as_ref().is_some_and(|(id, _)| *id == self.id) {
            *active = None;
        }
    }
}

/// After [`SHOW_AFTER`], draws the line on stderr and keeps its time up to date.
async fn refresh(bar: ProgressBar, shared: Arc<Mutex<Shared>>) {
    tokio::time::sleep(SHOW_AFTER).await;
    {
        let shared = lock(&shared);
        if shared.finished {
            return;
        }
        bar.set_draw_target(ProgressDrawTarget::stderr());
    }
    loop {
        {
            let shared = lock(&shared);
            if shared.finished {
                return;
            }
            bar.set_message(status_line(&shared.status, shared.started.elapsed()));
            bar.tick();
        }
        tokio::time::sleep(REFRESH).await;
    }
}

/// Runs `future` with a spinner saying `label` and the time spent.
pub async fn with_spinner<T>(label: &str, future: impl Future<Output = T>) -> T {
    let _progress = Progress::spinner(label);
    future.await
}

/// Runs `future` with a spinner saying `label`, the time spent and the `deadline`.
pub async fn with_deadline<T>(
    label: &str,
    deadline: Duration,
    future: impl Future<Output = T>,
) -> T {
    let _progress = Progress::until(label, deadline);
    future.await
}

/// The writer of the `-v` logs: stderr, with the progress line (when one is drawn) cleared
/// before each log line and drawn again after it, so the two never share a line.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogWriter;

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogLine;

    fn make_writer(&'a self) -> Self::Writer {
        LogLine::default()
    }
}

/// One log record, held until it is complete and then printed in one piece above the
/// progress line.
#[derive(Debug, Default)]
pub struct LogLine {
    buffer: Vec<u8>,
}

impl LogLine {
    fn emit(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::take(&mut self.buffer);
        let bar = lock(&ACTIVE).as_ref().map(|(_, bar)| bar.clone());
        print_above(bar.as_ref(), &mut io::stderr(), &bytes)
    }
}

impl Write for LogLine {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.emit()
    }
}

impl Drop for LogLine {
    fn drop(&mut self) {
        let _ = self.emit();
    }
}

/// Writes `bytes` to `out` with `bar` (if any) cleared meanwhile.
fn print_above(bar: Option<&ProgressBar>, out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    let mut write = || {
        out.write_all(bytes)?;
        out.flush()
    };
    match bar {
        Some(bar) if !bar.is_hidden() => bar.suspend(write),
        _ => write(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_bureau_line_shows_the_poll_the_time_and_what_is_pending() {
        let status = Status {
            label: "Bureau".to_owned(),
            poll: Some((3, 9)),
            deadline: Some(Duration::from_secs(180)),
            waiting_for: vec!["emailAttributes".to_owned(), "riskModel".to_owned()],
            failure: None,
        };
        assert_eq!(
            status_line(&status, Duration::from_millis(42_900)),
            "Bureau: poll 3 of at most 9 · 42s of 180s · waiting for emailAttributes, riskModel"
        );
        let initiated = Status {
            poll: Some((0, 9)),
            waiting_for: vec![],
            ..status.clone()
        };
        assert_eq!(
            status_line(&initiated, Duration::ZERO),
            "Bureau: initiated · 0s of 180s"
        );
        let failed = Status {
            failure: Some("rate_limited".to_owned()),
            ..status
        };
        assert!(
            status_line(&failed, Duration::from_secs(50))
                .ends_with("· last poll failed (rate_limited)"),
        );
    }

    #[test]
    fn a_spinner_line_shows_the_time_and_any_deadline() {
        let jeff = Status::new("waiting for Jeff's social presence look-up");
        assert_eq!(
            status_line(&jeff, Duration::from_secs(3)),
            "waiting for Jeff's social presence look-up · 3s"
        );
        let score = Status {
            deadline: Some(Duration::from_millis(1500)),
            ..Status::new("waiting for the FriendlyScore score")
        };
        assert_eq!(
            status_line(&score, Duration::from_secs(1)),
            "waiting for the FriendlyScore score · 1s of 2s"
        );
    }

    #[test]
    fn shown_only_on_a_terminal_without_json() {
        assert!(should_show(true, args(&["leadkit", "bureau", "run"])));
        assert!(!should_show(false, args(&["leadkit", "bureau", "run"])));
        assert!(!should_show(true, args(&["leadkit", "--json", "bureau"])));
        assert!(!should_show(
            true,
            args(&["leadkit", "bureau", "run", "--json"])
        ));
        // The program's name and anything after `--` are not flags.
        assert!(should_show(true, args(&["--json", "jeff", "--", "--json"])));
    }

    #[tokio::test]
    async fn a_hidden_line_is_never_drawn() {
        let hidden = Progress::start_showing(Status::new("x"), false);
        assert!(hidden.refresher.is_none(), "never drawn");
        assert!(hidden.bar.is_hidden());
        // In tests stderr is not a terminal.
        let started = Progress::spinner("x");
        assert_eq!(started.refresher.is_none(), !io::stderr().is_terminal());
        let shown = Progress::start_showing(Status::new("x"), true);
        assert!(shown.refresher.is_some());
        assert!(shown.bar.is_hidden(), "nothing drawn in the first second");
    }

    /// A terminal screen of `width` columns: what is written lands where the cursor is, and
    /// a character past the last column wraps, as on a terminal.
    #[derive(Debug, Default)]
    struct Screen {
        width: usize,
        rows: Vec<Vec<char>>,
        row: usize,
        column: usize,
    }

    impl Screen {
        fn put(&mut self, text: &str) {
            for c in text.chars() {
                match c {
                    '\r' => self.column = 0,
                    '\n' => {
                        self.row += 1;
                        self.column = 0;
                    }
                    c => {
                        if self.column == self.width {
                            self.row += 1;
                            self.column = 0;
                        }
                        while self.rows.len() <= self.row {
                            self.rows.push(Vec::new());
                        }
                        let line = &mut self.rows[self.row];
                        while line.len() <= self.column {
                            line.push(' ');
                        }
                        line[self.column] = c;
                        self.column += 1;
                    }
                }
            }
        }

        fn lines(&self) -> Vec<String> {
            self.rows
                .iter()
                .map(|row| row.iter().collect::<String>().trim_end().to_owned())
                .collect()
        }
    }

    /// The screen as indicatif's terminal and as the log's stream.
    #[derive(Debug, Clone)]
    struct Terminal(Arc<Mutex<Screen>>);

    impl indicatif::TermLike for Terminal {
        fn width(&self) -> u16 {
            u16::try_from(lock(&self.0).width).unwrap_or(80)
        }
        fn move_cursor_up(&self, n: usize) -> io::Result<()> {
            let mut screen = lock(&self.0);
            screen.row = screen.row.saturating_sub(n);
            Ok(())
        }
        fn move_cursor_down(&self, n: usize) -> io::Result<()> {
            lock(&self.0).row += n;
            Ok(())
        }
        fn move_cursor_right(&self, n: usize) -> io::Result<()> {
            lock(&self.0).column += n;
            Ok(())
        }
        fn move_cursor_left(&self, n: usize) -> io::Result<()> {
            let mut screen = lock(&self.0);
            screen.column = screen.column.saturating_sub(n);
            Ok(())
        }
        fn write_line(&self, s: &str) -> io::Result<()> {
            lock(&self.0).put(&format!("{s}\n"));
            Ok(())
        }
        fn write_str(&self, s: &str) -> io::Result<()> {
            lock(&self.0).put(s);
            Ok(())
        }
        fn clear_line(&self) -> io::Result<()> {
            let mut screen = lock(&self.0);
            let row = screen.row;
            if let Some(line) = screen.rows.get_mut(row) {
                line.clear();
            }
            screen.column = 0;
            Ok(())
        }
        fn flush(&self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Write for Terminal {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            lock(&self.0).put(&String::from_utf8_lossy(bytes));
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn log_lines_print_whole_above_the_bar() {
        let screen = Arc::new(Mutex::new(Screen {
            width: 80,
            ..Screen::default()
        }));
        let mut terminal = Terminal(Arc::clone(&screen));
        let bar = ProgressBar::with_draw_target(
            None,
            ProgressDrawTarget::term_like(Box::new(terminal.clone())),
        );
        bar.set_style(
            ProgressStyle::with_template("{spinner} {wide_msg}")
                .unwrap()
                .tick_chars(FRAMES),
        );
        bar.set_message("Bureau: poll 1 of at most 9 · 0s of 180s");
        bar.tick();
        let first = "DEBUG leadkit_core: GET /transactions/… answered 200 in 12 ms\n";
        let second = "DEBUG leadkit_core: GET /transactions/… answered 200 in 9 ms\n";
        print_above(Some(&bar), &mut terminal, first.as_bytes()).unwrap();
        bar.set_message("Bureau: poll 2 of at most 9 · 1s of 180s");
        bar.tick();
        print_above(Some(&bar), &mut terminal, second.as_bytes()).unwrap();
        let lines = lock(&screen).lines();
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert_eq!(lines[..2], [first.trim_end(), second.trim_end()]);
        // The spinner's frame, then the message.
        assert_eq!(
            lines[2].get(1..),
            Some(" Bureau: poll 2 of at most 9 · 1s of 180s"),
        );
        bar.finish_and_clear();
        assert_eq!(
            lock(&screen).lines(),
            [first.trim_end(), second.trim_end(), ""]
        );

        // Without a bar the line is written as is.
        let mut plain = Vec::new();
        print_above(None, &mut plain, first.as_bytes()).unwrap();
        assert_eq!(plain, first.as_bytes());
    }

    #[test]
    fn a_log_record_is_written_once_complete() {
        let mut line = LogLine::default();
        line.write_all(b"part one, ").unwrap();
        line.write_all(b"part two\n").unwrap();
        assert_eq!(line.buffer, b"part one, part two\n");
        // Flushed to stderr on drop; nothing is left.
        line.flush().unwrap();
        assert!(line.buffer.is_empty());
    }
}
