use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::json;

use super::{CallState, Entry, FORMAT, Journal, JournalError};

/// A row key shaped like the personal data the journal holds.
const KEY: &str = "dave.black@example.com";

/// A journal path unique to this process and test, removed (with its side files) before
/// and after.
struct TempJournal(PathBuf);

impl TempJournal {
    fn new(test: &str) -> TempJournal {
        let path = std::env::temp_dir().join(format!(
            "leadkit-screen-journal-{}-{test}.sqlite",
            std::process::id()
        ));
        let temp = TempJournal(path);
        temp.remove();
        temp
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn side(&self, suffix: &str) -> PathBuf {
        let mut name = self.0.as_os_str().to_os_string();
        name.push(suffix);
        PathBuf::from(name)
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(self.side(suffix));
        }
    }
}

impl Drop for TempJournal {
    fn drop(&mut self) {
        self.remove();
    }
}

fn entry(
    state: CallState,
    answer: Option<serde_json::Value>,
    transaction_id: Option<&str>,
    attempts: u32,
    error: Option<&str>,
) -> Entry {
    Entry {
        state,
        answer,
        transaction_id: transaction_id.map(str::to_owned),
        attempts,
        error: error.map(str::to_owned),
    }
}

#[test]
fn call_states_round_trip_through_their_text() {
    let texts: Vec<&str> = CallState::ALL.iter().map(CallState::as_str).collect();
    assert_eq!(
        texts,
        ["pending", "sent", "done", "failed", "outcome_unknown"]
    );
    for state in CallState::ALL {
        assert_eq!(CallState::parse(state.as_str()), Some(state));
    }
    assert_eq!(CallState::parse("Done"), None);
    assert_eq!(CallState::parse(""), None);
    assert_eq!(CallState::parse("unknown"), None);
    let risky: Vec<CallState> = CallState::ALL
        .into_iter()
        .filter(CallState::may_have_reached_vendor)
        .collect();
    assert_eq!(risky, [CallState::Sent, CallState::OutcomeUnknown]);
    let safe: Vec<CallState> = CallState::ALL
        .into_iter()
        .filter(CallState::safe_to_send)
        .collect();
    assert_eq!(safe, [CallState::Pending, CallState::Failed]);
}

#[test]
fn journal_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Journal>();
    assert_send_sync::<JournalError>();
}

#[test]
fn a_write_is_read_back_after_drop_and_reopen() {
    let temp = TempJournal::new("reopen");
    let answer = json!({"score": 712, "flags": ["ok"]});
    {
        let journal = Journal::open(temp.path()).unwrap();
        assert_eq!(journal.path(), Some(temp.path()));
        assert_eq!(journal.get(KEY, "bureau").unwrap(), None);
        journal.mark_sent(KEY, "bureau").unwrap();
        journal.record_transaction(KEY, "bureau", "tx-123").unwrap();
        journal
            .finish(KEY, "bureau", CallState::Done, Some(&answer), None)
            .unwrap();
        journal.mark_sent("row-2", "jeff").unwrap();
        journal.set_meta("vendors", "bureau,jeff").unwrap();
    }
    let journal = Journal::open(temp.path()).unwrap();
    assert_eq!(
        journal.get(KEY, "bureau").unwrap(),
        Some(entry(
            CallState::Done,
            Some(answer),
            Some("tx-123"),
            1,
            None
        ))
    );
    assert_eq!(
        journal.get("row-2", "jeff").unwrap(),
        Some(entry(CallState::Sent, None, None, 1, None))
    );
    assert_eq!(journal.get(KEY, "jeff").unwrap(), None);
    assert_eq!(
        journal.meta("vendors").unwrap().as_deref(),
        Some("bureau,jeff")
    );
    assert_eq!(journal.meta("format").unwrap().as_deref(), Some(FORMAT));
}

#[test]
fn a_key_is_claimed_by_one_lead_across_reopens_and_an_older_journal_gains_the_table() {
    let temp = TempJournal::new("claim-key");
    {
        let journal = Journal::open(temp.path()).unwrap();
        assert!(journal.claim_key(KEY, "h:0000000000000001").unwrap());
        assert!(journal.claim_key(KEY, "h:0000000000000001").unwrap());
        assert!(!journal.claim_key(KEY, "h:0000000000000002").unwrap());
        assert!(journal.claim_key("row-2", "h:0000000000000002").unwrap());
    }
    {
        let journal = Journal::open(temp.path()).unwrap();
        assert!(!journal.claim_key(KEY, "h:0000000000000002").unwrap());
        assert!(journal.claim_key(KEY, "h:0000000000000001").unwrap());
    }
    // A journal written before keys were claimed has no such table: opening it adds one.
    {
        let connection = rusqlite::Connection::open(temp.path()).unwrap();
        connection.execute_batch("DROP TABLE row_contents").unwrap();
    }
    let journal = Journal::open(temp.path()).unwrap();
    assert!(journal.claim_key(KEY, "h:0000000000000002").unwrap());
}

#[test]
fn in_memory_journal_has_no_path() {
    let journal = Journal::in_memory().unwrap();
    assert_eq!(journal.path(), None);
    journal.mark_sent(KEY, "jeff").unwrap();
    assert_eq!(
        journal.get(KEY, "jeff").unwrap().map(|e| e.state),
        Some(CallState::Sent)
    );
    assert_eq!(journal.meta("format").unwrap().as_deref(), Some(FORMAT));
}

#[test]
fn every_state_goes_through_the_journal() {
    let journal = Journal::in_memory().unwrap();
    journal.mark_pending(KEY, "pending").unwrap();
    assert_eq!(
        journal.get(KEY, "pending").unwrap(),
        Some(entry(CallState::Pending, None, None, 0, None))
    );
    journal.mark_sent(KEY, "sent").unwrap();
    assert_eq!(
        journal.get(KEY, "sent").unwrap(),
        Some(entry(CallState::Sent, None, None, 1, None))
    );
    let answer = json!({"valid": true});
    journal.mark_sent(KEY, "done").unwrap();
    journal
        .finish(KEY, "done", CallState::Done, Some(&answer), None)
        .unwrap();
    assert_eq!(
        journal.get(KEY, "done").unwrap(),
        Some(entry(CallState::Done, Some(answer), None, 1, None))
    );
    journal.mark_sent(KEY, "failed").unwrap();
    journal
        .finish(
            KEY,
            "failed",
            CallState::Failed,
            None,
            Some("HTTP 422: d***@example.com"),
        )
        .unwrap();
    assert_eq!(
        journal.get(KEY, "failed").unwrap(),
        Some(entry(
            CallState::Failed,
            None,
            None,
            1,
            Some("HTTP 422: d***@example.com")
        ))
    );
    journal.mark_sent(KEY, "unknown").unwrap();
    journal
        .finish(
            KEY,
            "unknown",
            CallState::OutcomeUnknown,
            None,
            Some("timed out"),
        )
        .unwrap();
    assert_eq!(
        journal.get(KEY, "unknown").unwrap(),
        Some(entry(
            CallState::OutcomeUnknown,
            None,
            None,
            1,
            Some("timed out")
        ))
    );
    // A state that does not end a call is refused, and nothing is written.
    for state in [CallState::Pending, CallState::Sent] {
        let error = journal.finish(KEY, "done", state, None, None).unwrap_err();
        assert!(matches!(error, JournalError::NotAnEnd { state: s } if s == state));
        assert!(error.to_string().contains(state.as_str()), "{error}");
    }
    assert_eq!(
        journal.get(KEY, "done").unwrap().map(|e| e.state),
        Some(CallState::Done)
    );
}

#[test]
fn mark_pending_never_moves_a_call_back() {
    let journal = Journal::in_memory().unwrap();
    journal.mark_sent(KEY, "jeff").unwrap();
    journal.mark_pending(KEY, "jeff").unwrap();
    assert_eq!(
        journal.get(KEY, "jeff").unwrap(),
        Some(entry(CallState::Sent, None, None, 1, None))
    );
    journal.mark_pending(KEY, "jornaya").unwrap();
    journal.mark_pending(KEY, "jornaya").unwrap();
    journal.mark_sent(KEY, "jornaya").unwrap();
    assert_eq!(
        journal.get(KEY, "jornaya").unwrap(),
        Some(entry(CallState::Sent, None, None, 1, None))
    );
}

#[test]
fn attempts_count_every_mark_sent() {
    let journal = Journal::in_memory().unwrap();
    for expected in 1..=3 {
        journal.mark_sent(KEY, "jeff").unwrap();
        assert_eq!(
            journal.get(KEY, "jeff").unwrap().unwrap().attempts,
            expected
        );
    }
    journal
        .finish(
            KEY,
            "jeff",
            CallState::Failed,
            None,
            Some("connection refused"),
        )
        .unwrap();
    assert_eq!(journal.get(KEY, "jeff").unwrap().unwrap().attempts, 3);
    // Sending again clears the earlier attempt's error and counts on.
    journal.mark_sent(KEY, "jeff").unwrap();
    assert_eq!(
        journal.get(KEY, "jeff").unwrap(),
        Some(entry(CallState::Sent, None, None, 4, None))
    );
    // Attempts are per row and vendor.
    journal.mark_sent(KEY, "jornaya").unwrap();
    journal.mark_sent("row-2", "jeff").unwrap();
    assert_eq!(journal.get(KEY, "jornaya").unwrap().unwrap().attempts, 1);
    assert_eq!(journal.get("row-2", "jeff").unwrap().unwrap().attempts, 1);
}

#[test]
fn transaction_id_is_kept_across_finish_and_resend() {
    let journal = Journal::in_memory().unwrap();
    journal.mark_sent(KEY, "bureau").unwrap();
    journal.record_transaction(KEY, "bureau", "tx-1").unwrap();
    assert_eq!(
        journal.get(KEY, "bureau").unwrap(),
        Some(entry(CallState::Sent, None, Some("tx-1"), 1, None))
    );
    journal
        .finish(
            KEY,
            "bureau",
            CallState::OutcomeUnknown,
            None,
            Some("HTTP 503"),
        )
        .unwrap();
    assert_eq!(
        journal.get(KEY, "bureau").unwrap(),
        Some(entry(
            CallState::OutcomeUnknown,
            None,
            Some("tx-1"),
            1,
            Some("HTTP 503")
        ))
    );
    journal.mark_sent(KEY, "bureau").unwrap();
    assert_eq!(
        journal
            .get(KEY, "bureau")
            .unwrap()
            .unwrap()
            .transaction_id
            .as_deref(),
        Some("tx-1")
    );
    journal.record_transaction(KEY, "bureau", "tx-2").unwrap();
    let answer = json!({"status": "COMPLETED"});
    journal
        .finish(KEY, "bureau", CallState::Done, Some(&answer), None)
        .unwrap();
    assert_eq!(
        journal.get(KEY, "bureau").unwrap(),
        Some(entry(CallState::Done, Some(answer), Some("tx-2"), 2, None))
    );
}

#[test]
fn counts_are_per_vendor_and_state() {
    let journal = Journal::in_memory().unwrap();
    assert!(journal.counts().unwrap().is_empty());
    for row in ["a", "b", "c"] {
        journal.mark_sent(row, "jeff").unwrap();
    }
    journal
        .finish("a", "jeff", CallState::Done, Some(&json!(1)), None)
        .unwrap();
    journal
        .finish("b", "jeff", CallState::Done, Some(&json!(2)), None)
        .unwrap();
    journal.mark_pending("a", "bureau").unwrap();
    journal.mark_sent("b", "bureau").unwrap();
    journal
        .finish("b", "bureau", CallState::Failed, None, Some("HTTP 400"))
        .unwrap();
    let counts = journal.counts().unwrap();
    let expected = [
        (("bureau".to_owned(), CallState::Pending), 1),
        (("bureau".to_owned(), CallState::Failed), 1),
        (("jeff".to_owned(), CallState::Sent), 1),
        (("jeff".to_owned(), CallState::Done), 2),
    ]
    .into_iter()
    .collect();
    assert_eq!(counts, expected);
}

#[test]
fn meta_round_trips_and_format_is_reserved() {
    let journal = Journal::in_memory().unwrap();
    assert_eq!(journal.meta("vendors").unwrap(), None);
    journal.set_meta("vendors", "jeff").unwrap();
    journal.set_meta("vendors", "jeff,bureau").unwrap();
    assert_eq!(
        journal.meta("vendors").unwrap().as_deref(),
        Some("jeff,bureau")
    );
    let error = journal.set_meta("format", "other/9").unwrap_err();
    assert!(matches!(error, JournalError::ReservedMeta), "{error:?}");
    assert_eq!(journal.meta("format").unwrap().as_deref(), Some(FORMAT));
}

#[test]
fn writes_from_many_threads_all_land() {
    let journal = Arc::new(Journal::in_memory().unwrap());
    let handles: Vec<_> = (0..4)
        .map(|thread| {
            let journal = Arc::clone(&journal);
            std::thread::spawn(move || {
                for row in 0..50 {
                    let key = format!("row-{thread}-{row}");
                    journal.mark_sent(&key, "jeff").unwrap();
                    journal
                        .finish(&key, "jeff", CallState::Done, Some(&json!(row)), None)
                        .unwrap();
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    let counts = journal.counts().unwrap();
    assert_eq!(
        counts.get(&("jeff".to_owned(), CallState::Done)),
        Some(&200)
    );
    assert_eq!(counts.len(), 1);
}

#[test]
fn a_foreign_sqlite_file_is_refused_untouched() {
    let temp = TempJournal::new("foreign");
    {
        let other = rusqlite::Connection::open(temp.path()).unwrap();
        other
            .execute_batch("CREATE TABLE leads (email TEXT); INSERT INTO leads VALUES ('x');")
            .unwrap();
    }
    let before = std::fs::read(temp.path()).unwrap();
    let error = Journal::open(temp.path()).unwrap_err();
    assert!(
        matches!(error, JournalError::NotAJournal { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("not a leadkit journal"),
        "{error}"
    );
    assert!(
        error.to_string().contains(&*temp.path().to_string_lossy()),
        "{error}"
    );
    assert_eq!(std::fs::read(temp.path()).unwrap(), before);
    assert!(!temp.side("-wal").exists());

    // A `meta` table with another format is refused too.
    {
        let other = rusqlite::Connection::open(temp.path()).unwrap();
        other
            .execute_batch(
                "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                 INSERT INTO meta VALUES ('format', 'leadkit-screen/999');",
            )
            .unwrap();
    }
    let error = Journal::open(temp.path()).unwrap_err();
    assert!(
        matches!(error, JournalError::NotAJournal { .. }),
        "{error:?}"
    );
}

#[test]
fn a_text_file_is_refused_untouched() {
    let temp = TempJournal::new("text");
    let text = "email,phone\ndave.black@example.com,84876543287\n".repeat(20);
    std::fs::write(temp.path(), &text).unwrap();
    let error = Journal::open(temp.path()).unwrap_err();
    assert!(
        matches!(error, JournalError::NotAJournal { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("not a leadkit journal"),
        "{error}"
    );
    assert_eq!(std::fs::read_to_string(temp.path()).unwrap(), text);
    assert!(!temp.side("-wal").exists());
}

#[test]
fn a_second_open_is_busy_until_the_first_is_dropped() {
    let temp = TempJournal::new("busy");
    let first = Journal::open(temp.path()).unwrap();
    first.mark_sent(KEY, "jeff").unwrap();
    let error = Journal::open(temp.path()).unwrap_err();
    assert!(matches!(error, JournalError::Busy { .. }), "{error:?}");
    assert!(error.to_string().contains("another run"), "{error}");
    // The refused open took nothing away from the first.
    first
        .finish(KEY, "jeff", CallState::Done, Some(&json!({})), None)
        .unwrap();
    drop(first);
    let second = Journal::open(temp.path()).unwrap();
    assert_eq!(
        second.get(KEY, "jeff").unwrap().map(|e| e.state),
        Some(CallState::Done)
    );
}

#[test]
fn a_journal_never_closed_keeps_its_lock_in_this_process() {
    // A journal dropped without closing (as in a crash) still holds its lock in this process:
    // durability after a real crash is checked by `a_killed_run_leaves_its_writes` in a
    // child process, where the operating system releases the lock.
    let temp = TempJournal::new("forget");
    let journal = Journal::open(temp.path()).unwrap();
    journal.mark_sent(KEY, "bureau").unwrap();
    std::mem::forget(journal);
    let error = Journal::open(temp.path()).unwrap_err();
    assert!(matches!(error, JournalError::Busy { .. }), "{error:?}");
}

const CHILD_ENV: &str = "LEADKIT_SCREEN_JOURNAL_CRASH_CHILD";
const CHILD_EXIT: i32 = 17;

/// Run by `a_killed_run_leaves_its_writes` in a child process: writes, then exits without
/// dropping the journal (no close, no checkpoint).
#[test]
#[ignore = "run as a child process by a_killed_run_leaves_its_writes"]
fn crash_child() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let journal = Journal::open(Path::new(&path)).unwrap();
    journal.mark_sent(KEY, "bureau").unwrap();
    journal
        .record_transaction(KEY, "bureau", "tx-crash")
        .unwrap();
    journal.mark_sent(KEY, "jeff").unwrap();
    journal
        .finish(
            KEY,
            "jeff",
            CallState::Done,
            Some(&json!({"ok": true})),
            None,
        )
        .unwrap();
    std::process::exit(CHILD_EXIT);
}

#[test]
fn a_killed_run_leaves_its_writes() {
    let temp = TempJournal::new("crash");
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "journal::tests::crash_child",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD_ENV, temp.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_eq!(
        status.code(),
        Some(CHILD_EXIT),
        "the child did not reach its exit"
    );
    // The lock went with the process, and every committed write is there.
    let journal = Journal::open(temp.path()).unwrap();
    assert_eq!(
        journal.get(KEY, "bureau").unwrap(),
        Some(entry(CallState::Sent, None, Some("tx-crash"), 1, None))
    );
    assert_eq!(
        journal.get(KEY, "jeff").unwrap(),
        Some(entry(
            CallState::Done,
            Some(json!({"ok": true})),
            None,
            1,
            None
        ))
    );
}

const HOLD_ENV: &str = "LEADKIT_SCREEN_JOURNAL_HOLD_CHILD";
const HOLD_READY: &str = "journal-held";

/// Run by `a_journal_held_by_another_process_is_busy` in a child process: opens the journal,
/// says so, and holds it until its standard input closes.
#[test]
#[ignore = "run as a child process by a_journal_held_by_another_process_is_busy"]
fn hold_child() {
    let Some(path) = std::env::var_os(HOLD_ENV) else {
        return;
    };
    let journal = Journal::open(Path::new(&path)).unwrap();
    journal.mark_sent(KEY, "jeff").unwrap();
    println!("{HOLD_READY}");
    std::io::Write::flush(&mut std::io::stdout()).unwrap();
    let mut rest = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin(), &mut rest).unwrap();
    drop(journal);
}

#[test]
fn a_journal_held_by_another_process_is_busy() {
    use std::io::BufRead;
    let temp = TempJournal::new("hold");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "journal::tests::hold_child",
            "--ignored",
            "--nocapture",
        ])
        .env(HOLD_ENV, temp.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok);
    let held = lines.any(|line| line == HOLD_READY);
    if !held {
        let _ = child.kill();
        let _ = child.wait();
        panic!("the child did not open the journal");
    }
    let error = Journal::open(temp.path()).unwrap_err();
    assert!(matches!(error, JournalError::Busy { .. }), "{error:?}");
    // Closing the child's input lets it close the journal and end.
    drop(child.stdin.take());
    lines.for_each(drop);
    assert!(child.wait().unwrap().success());
    let journal = Journal::open(temp.path()).unwrap();
    assert_eq!(
        journal.get(KEY, "jeff").unwrap().map(|e| e.attempts),
        Some(1)
    );
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn a_new_journal_and_its_side_files_are_owner_only() {
    let temp = TempJournal::new("mode-new");
    let journal = Journal::open(temp.path()).unwrap();
    assert_eq!(mode(temp.path()), 0o600);
    for row in 0..100 {
        journal.mark_sent(&format!("row-{row}"), "jeff").unwrap();
    }
    assert!(temp.side("-wal").exists(), "the journal runs in WAL mode");
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = temp.side(suffix);
        if file.exists() {
            assert_eq!(mode(&file) & 0o077, 0, "{suffix} is {:o}", mode(&file));
        }
    }
}

#[cfg(unix)]
#[test]
fn an_existing_journal_readable_by_others_is_tightened() {
    use std::os::unix::fs::PermissionsExt;
    let temp = TempJournal::new("mode-existing");
    Journal::open(temp.path())
        .unwrap()
        .mark_sent(KEY, "jeff")
        .unwrap();
    std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    // A leftover `-wal` file readable by others, as a crash under a loose mode leaves it.
    std::fs::write(temp.side("-wal"), b"").unwrap();
    std::fs::set_permissions(temp.side("-wal"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let journal = Journal::open(temp.path()).unwrap();
    assert_eq!(mode(temp.path()), 0o600);
    assert_eq!(mode(&temp.side("-wal")) & 0o077, 0);
    assert_eq!(
        journal.get(KEY, "jeff").unwrap().map(|e| e.attempts),
        Some(1)
    );
}

#[cfg(unix)]
#[test]
fn an_empty_file_readable_by_others_becomes_a_private_journal() {
    use std::os::unix::fs::PermissionsExt;
    let temp = TempJournal::new("mode-empty");
    std::fs::write(temp.path(), b"").unwrap();
    std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o666)).unwrap();
    let journal = Journal::open(temp.path()).unwrap();
    assert_eq!(mode(temp.path()), 0o600);
    assert_eq!(journal.meta("format").unwrap().as_deref(), Some(FORMAT));
}

/// Every error that can be provoked, shown both ways, never holds the row key.
fn assert_no_key(error: &JournalError) {
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(KEY), "{text}");
        assert!(!text.contains("dave"), "{text}");
    }
}

#[test]
fn errors_never_show_a_row_key() {
    let journal = Journal::in_memory().unwrap();
    journal.mark_sent(KEY, "jeff").unwrap();

    // Writes refused by a journal that cannot be written to.
    journal
        .lock()
        .execute_batch("PRAGMA query_only = ON")
        .unwrap();
    let answer = json!({"email": KEY});
    let errors = [
        journal.mark_sent(KEY, "jeff").unwrap_err(),
        journal.mark_pending(KEY, "bureau").unwrap_err(),
        journal.record_transaction(KEY, "jeff", KEY).unwrap_err(),
        journal
            .finish(KEY, "jeff", CallState::Done, Some(&answer), Some(KEY))
            .unwrap_err(),
        journal.set_meta(KEY, KEY).unwrap_err(),
    ];
    for error in &errors {
        assert!(matches!(error, JournalError::Sqlite { .. }), "{error:?}");
        assert!(error.to_string().contains("readonly"), "{error}");
        assert_no_key(error);
    }
    journal
        .lock()
        .execute_batch("PRAGMA query_only = OFF")
        .unwrap();

    // A constraint refusing the write.
    journal
        .lock()
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE UPDATE ON calls BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .unwrap();
    let error = journal.mark_sent(KEY, "jeff").unwrap_err();
    assert!(error.to_string().contains("refused"), "{error}");
    assert_no_key(&error);
    journal.lock().execute_batch("DROP TRIGGER refuse").unwrap();

    // Values the journal cannot read back.
    journal
        .lock()
        .execute(
            "INSERT INTO calls (row_key, vendor, state, answer, updated_at) \
             VALUES (?1, 'bad-state', ?1, NULL, 0), (?1, 'bad-answer', 'done', ?1, 0), \
             (?1, 'bad-attempts', 'done', NULL, 0)",
            [KEY],
        )
        .unwrap();
    journal
        .lock()
        .execute(
            "UPDATE calls SET attempts = -1 WHERE vendor = 'bad-attempts'",
            [],
        )
        .unwrap();
    for vendor in ["bad-state", "bad-answer", "bad-attempts"] {
        let error = journal.get(KEY, vendor).unwrap_err();
        assert!(matches!(error, JournalError::Corrupt { .. }), "{error:?}");
        assert_no_key(&error);
    }
    let error = journal.counts().unwrap_err();
    assert!(matches!(error, JournalError::Corrupt { .. }), "{error:?}");
    assert_no_key(&error);
    journal
        .lock()
        .execute(
            "UPDATE calls SET attempts = ?1 WHERE vendor = 'bad-attempts'",
            [KEY],
        )
        .unwrap();
    let error = journal.get(KEY, "bad-attempts").unwrap_err();
    assert_no_key(&error);

    // A journal whose table is gone.
    journal.lock().execute_batch("DROP TABLE calls").unwrap();
    for error in [
        journal.get(KEY, "jeff").unwrap_err(),
        journal.mark_sent(KEY, "jeff").unwrap_err(),
        journal.counts().unwrap_err(),
    ] {
        assert!(error.to_string().contains("no such table"), "{error}");
        assert_no_key(&error);
    }
}

#[test]
fn open_errors_never_show_a_row_key() {
    let temp = TempJournal::new("open-errors");
    std::fs::write(temp.path(), format!("{KEY}\n").repeat(100)).unwrap();
    assert_no_key(&Journal::open(temp.path()).unwrap_err());
    let missing_dir = temp.side("-missing").join("journal.sqlite");
    let error = Journal::open(&missing_dir).unwrap_err();
    assert!(
        matches!(
            error,
            JournalError::Io {
                action: "create",
                ..
            }
        ),
        "{error:?}"
    );
    assert_no_key(&error);
}

/// Hands `count` `sent` marks to the journal's thread while the test holds the connection, so
/// that all of them are waiting when it is let go: one group.
#[allow(
    clippy::await_holding_lock,
    reason = "holding the connection while the operations queue up is the point"
)]
async fn one_group_of_marks(
    journal: &Arc<Journal>,
    count: usize,
    first: Option<super::group::TestJob>,
) -> Vec<Result<(), JournalError>> {
    let held = journal.lock();
    let mut tasks = tokio::task::JoinSet::new();
    if let Some(first) = first {
        let journal = Arc::clone(journal);
        tasks.spawn(async move { (usize::MAX, journal.run(first).await) });
    }
    for row in 0..count {
        let journal = Arc::clone(journal);
        tasks.spawn(async move {
            let key = format!("row-{row}");
            let result = journal
                .run(move |c| super::statements::mark_sent(c, &key, "jeff"))
                .await;
            (row, result)
        });
    }
    // Every task has handed its operation over (they are all waiting for the connection).
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    drop(held);
    let mut results = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        results.push(joined.unwrap());
    }
    results.sort_by_key(|(row, _)| *row);
    results.into_iter().map(|(_, result)| result).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runs_operations_are_committed_together_and_each_gets_its_own_answer() {
    let temp = TempJournal::new("group");
    let journal = Arc::new(Journal::open(temp.path()).unwrap());
    let results = one_group_of_marks(&journal, 40, None).await;
    assert_eq!(results.len(), 40);
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    // An operation's own error reaches its caller only; the others of its group land.
    let wrong = journal
        .run(|c| super::statements::finish(c, KEY, "jeff", CallState::Sent, None, None))
        .await
        .unwrap_err();
    assert!(matches!(wrong, JournalError::NotAnEnd { .. }), "{wrong:?}");
    // Reads go through the thread too.
    let entry = journal
        .run(|c| super::statements::get(c, "row-7", "jeff"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.state, CallState::Sent);
    drop(journal);
    // Committed: all there after the journal is closed and opened again.
    let journal = Journal::open(temp.path()).unwrap();
    assert_eq!(
        journal
            .counts()
            .unwrap()
            .get(&("jeff".to_owned(), CallState::Sent)),
        Some(&40)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_commit_fails_every_operation_of_its_group_and_keeps_none() {
    let temp = TempJournal::new("group-commit-fails");
    let journal = Arc::new(Journal::open(temp.path()).unwrap());
    // A constraint checked at commit: a child row without its parent fails the COMMIT.
    journal
        .lock()
        .execute_batch(
            "PRAGMA foreign_keys = ON;
             CREATE TEMP TABLE parent (id INTEGER PRIMARY KEY);
             CREATE TEMP TABLE child (parent INTEGER REFERENCES parent (id)
                 DEFERRABLE INITIALLY DEFERRED);",
        )
        .unwrap();
    let orphan: super::group::TestJob = Box::new(|c| {
        c.execute("INSERT INTO child (parent) VALUES (7)", [])
            .map(|_| ())
            .map_err(|error| JournalError::sqlite("test", &error))
    });
    let results = one_group_of_marks(&journal, 10, Some(orphan)).await;
    assert_eq!(results.len(), 11);
    for result in &results {
        let error = result.as_ref().unwrap_err();
        assert!(
            matches!(
                error,
                JournalError::Sqlite {
                    operation: "commit",
                    ..
                }
            ),
            "{error:?}"
        );
    }
    assert!(journal.get("row-3", "jeff").unwrap().is_none());
    assert!(journal.counts().unwrap().is_empty());
    // The journal goes on: the next group commits.
    journal
        .run(|c| super::statements::mark_sent(c, "row-3", "jeff"))
        .await
        .unwrap();
    assert_eq!(
        journal.get("row-3", "jeff").unwrap().map(|e| e.state),
        Some(CallState::Sent)
    );
}

#[tokio::test]
async fn a_journal_in_memory_runs_operations_at_once_without_a_thread() {
    let journal = Journal::in_memory().unwrap();
    journal
        .run(|c| super::statements::mark_sent(c, KEY, "jeff"))
        .await
        .unwrap();
    assert!(journal.group.get().is_none());
    assert_eq!(
        journal.get(KEY, "jeff").unwrap().map(|e| e.state),
        Some(CallState::Sent)
    );
}

#[test]
fn has_calls_is_false_only_for_a_journal_without_calls() {
    let journal = Journal::in_memory().unwrap();
    assert!(!journal.has_calls().unwrap());
    journal.set_meta("vendors", "jeff").unwrap();
    assert!(!journal.has_calls().unwrap());
    journal.mark_pending(KEY, "jeff").unwrap();
    assert!(journal.has_calls().unwrap());
}
