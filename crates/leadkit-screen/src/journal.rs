//! The journal: one SQLite file holding, for each row and vendor, the state of its call.
//!
//! A call is written `Sent` *before* its request leaves, and `Done`, `Failed` or
//! `OutcomeUnknown` when it ends, so that a rerun after a crash never sends a finished call
//! again and never silently resends a call that may have reached the vendor (a call found
//! `Sent` was interrupted between the two writes: treat it as `OutcomeUnknown`).
//!
//! Durability: the journal runs in WAL mode with `synchronous=NORMAL`; every method is one
//! autocommit statement, committed when it returns. A committed write survives the process
//! being killed (SIGKILL, a panic, an abort); a power loss or an operating system crash may
//! lose the last writes before the next checkpoint (the database itself stays consistent).
//!
//! Exclusivity: a journal is opened with SQLite's `locking_mode=EXCLUSIVE` and held locked for
//! the life of the [`Journal`], so a second run on the same file (another process, or another
//! [`Journal`] in this one) gets [`JournalError::Busy`]. The lock is the operating system's:
//! it goes away with the process, so a killed run never leaves a stale lock behind.
//!
//! Privacy: row keys may be email addresses. The file is created readable and writable by its
//! owner only (mode 0600 on Unix, whatever the umask), an existing file with group or other
//! permission bits is tightened to 0600, and SQLite gives its `-wal` file the database file's
//! permissions (with the exclusive locking mode the WAL index lives in memory: there is no
//! `-shm` file). No error ever shows a row key (see [`JournalError`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

mod error;
mod open;
mod state;
#[cfg(test)]
mod tests;

pub use error::JournalError;
pub use state::{CallState, Entry};

/// The value of the `format` row of the `meta` table, written when a journal is created and
/// checked when one is opened.
pub const FORMAT: &str = "leadkit-screen/1";

const SQL_GET: &str = "SELECT state, answer, transaction_id, attempts, error FROM calls \
     WHERE row_key = ?1 AND vendor = ?2";
const SQL_MARK_PENDING: &str = "INSERT INTO calls (row_key, vendor, state, attempts, updated_at) \
     VALUES (?1, ?2, 'pending', 0, ?3) ON CONFLICT (row_key, vendor) DO NOTHING";
const SQL_MARK_SENT: &str = "INSERT INTO calls (row_key, vendor, state, attempts, updated_at) \
     VALUES (?1, ?2, 'sent', 1, ?3) ON CONFLICT (row_key, vendor) DO UPDATE SET \
     state = 'sent', attempts = attempts + 1, answer = NULL, error = NULL, \
     updated_at = excluded.updated_at";
const SQL_RECORD_TRANSACTION: &str = "INSERT INTO calls \
     (row_key, vendor, state, attempts, transaction_id, updated_at) \
     VALUES (?1, ?2, 'sent', 1, ?3, ?4) ON CONFLICT (row_key, vendor) DO UPDATE SET \
     transaction_id = excluded.transaction_id, updated_at = excluded.updated_at";
const SQL_FINISH: &str = "INSERT INTO calls \
     (row_key, vendor, state, attempts, answer, error, updated_at) \
     VALUES (?1, ?2, ?3, 0, ?4, ?5, ?6) ON CONFLICT (row_key, vendor) DO UPDATE SET \
     state = excluded.state, answer = excluded.answer, error = excluded.error, \
     updated_at = excluded.updated_at";
const SQL_COUNTS: &str = "SELECT vendor, state, COUNT(*) FROM calls GROUP BY vendor, state";
const SQL_SET_META: &str = "INSERT INTO meta (name, value) VALUES (?1, ?2) \
     ON CONFLICT (name) DO UPDATE SET value = excluded.value";
const SQL_META: &str = "SELECT value FROM meta WHERE name = ?1";

/// The journal file. `Send` and `Sync`: one connection behind a mutex, each operation one
/// short statement.
pub struct Journal {
    connection: Mutex<Connection>,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Journal {
    /// Opens the journal at `path`, creating it with its schema on first use.
    ///
    /// A new file is created readable and writable by its owner only (mode 0600 on Unix,
    /// before SQLite writes anything, whatever the umask); an existing file with group or
    /// other permission bits is tightened to 0600 before SQLite opens it. The journal stays
    /// locked until the [`Journal`] is dropped.
    ///
    /// # Errors
    ///
    /// [`JournalError::NotAJournal`] for a file that is not a SQLite database, or a SQLite
    /// database that is not a leadkit journal (neither is modified);
    /// [`JournalError::Busy`] when another run has it open; [`JournalError::Io`] when the
    /// file cannot be created or its permissions set; [`JournalError::Sqlite`] otherwise.
    pub fn open(path: &Path) -> Result<Journal, JournalError> {
        open::prepare_file(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection = Connection::open_with_flags(path, flags)
            .map_err(|error| JournalError::sqlite("open", &error))?;
        let connection = open::set_up(connection, Some(path))?;
        Ok(Journal {
            connection: Mutex::new(connection),
            path: Some(path.to_path_buf()),
        })
    }

    /// A journal in memory (tests, and a run without a journal file): gone when dropped.
    ///
    /// # Errors
    ///
    /// [`JournalError::Sqlite`] if SQLite cannot set it up.
    pub fn in_memory() -> Result<Journal, JournalError> {
        let connection =
            Connection::open_in_memory().map_err(|error| JournalError::sqlite("open", &error))?;
        let connection = open::set_up(connection, None)?;
        Ok(Journal {
            connection: Mutex::new(connection),
            path: None,
        })
    }

    /// The journal's file, or `None` for a journal in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The call of row `key` to `vendor`, if the journal has it.
    ///
    /// # Errors
    ///
    /// [`JournalError::Corrupt`] when the stored entry cannot be read back (an unknown state,
    /// an answer that is not JSON), [`JournalError::Sqlite`] otherwise.
    pub fn get(&self, key: &str, vendor: &str) -> Result<Option<Entry>, JournalError> {
        const OP: &str = "get";
        let connection = self.lock();
        let raw = connection
            .prepare_cached(SQL_GET)
            .and_then(|mut statement| {
                statement
                    .query_row(params![key, vendor], |row| {
                        Ok((
                            row.get::<_, String>(0)?,
                            row.get::<_, Option<String>>(1)?,
                            row.get::<_, Option<String>>(2)?,
                            row.get::<_, i64>(3)?,
                            row.get::<_, Option<String>>(4)?,
                        ))
                    })
                    .optional()
            })
            .map_err(|error| JournalError::sqlite(OP, &error))?;
        let Some((state, answer, transaction_id, attempts, error)) = raw else {
            return Ok(None);
        };
        let answer = match answer {
            Some(text) => Some(
                serde_json::from_str(&text).map_err(|_| JournalError::Corrupt {
                    operation: OP,
                    reason: "an answer that is not valid JSON",
                })?,
            ),
            None => None,
        };
        Ok(Some(Entry {
            state: parse_state(OP, &state)?,
            answer,
            transaction_id,
            attempts: u32::try_from(attempts).map_err(|_| JournalError::Corrupt {
                operation: OP,
                reason: "an attempt count out of range",
            })?,
            error,
        }))
    }

    /// Records that row `key` has a call to `vendor` to make, unless the journal already has
    /// that call (in any state: it never moves a call back to `Pending`).
    ///
    /// # Errors
    ///
    /// [`JournalError::Sqlite`] if the write fails.
    pub fn mark_pending(&self, key: &str, vendor: &str) -> Result<(), JournalError> {
        self.execute(
            "mark_pending",
            SQL_MARK_PENDING,
            params![key, vendor, now()],
        )
    }

    /// Records that the request is about to be sent (state `Sent`, attempts + 1, the answer
    /// and error of an earlier attempt cleared), durably, before it is sent. A transaction id
    /// of an earlier attempt is kept until [`Journal::record_transaction`] replaces it: it
    /// names a transaction that may have been billed.
    ///
    /// # Errors
    ///
    /// [`JournalError::Sqlite`] if the write fails: then do not send.
    pub fn mark_sent(&self, key: &str, vendor: &str) -> Result<(), JournalError> {
        self.execute("mark_sent", SQL_MARK_SENT, params![key, vendor, now()])
    }

    /// Records a Bureau transaction id as soon as initiate answers (the state stays `Sent`).
    ///
    /// # Errors
    ///
    /// [`JournalError::Sqlite`] if the write fails.
    pub fn record_transaction(
        &self,
        key: &str,
        vendor: &str,
        transaction_id: &str,
    ) -> Result<(), JournalError> {
        self.execute(
            "record_transaction",
            SQL_RECORD_TRANSACTION,
            params![key, vendor, transaction_id, now()],
        )
    }

    /// Records how the call ended: `Done` with its answer, `Failed` or `OutcomeUnknown` with
    /// the error's message (already masked by the caller). The attempt count and transaction
    /// id are kept.
    ///
    /// # Errors
    ///
    /// [`JournalError::NotAnEnd`] for `Pending` or `Sent` (nothing is written),
    /// [`JournalError::Sqlite`] if the write fails.
    pub fn finish(
        &self,
        key: &str,
        vendor: &str,
        state: CallState,
        answer: Option<&serde_json::Value>,
        error: Option<&str>,
    ) -> Result<(), JournalError> {
        if matches!(state, CallState::Pending | CallState::Sent) {
            return Err(JournalError::NotAnEnd { state });
        }
        let answer = answer.map(serde_json::Value::to_string);
        self.execute(
            "finish",
            SQL_FINISH,
            params![key, vendor, state.as_str(), answer, error, now()],
        )
    }

    /// How many calls are in each state, per vendor: `(vendor, state) → count`, states with
    /// no call left out.
    ///
    /// # Errors
    ///
    /// [`JournalError::Corrupt`] for a state this version does not know,
    /// [`JournalError::Sqlite`] otherwise.
    pub fn counts(&self) -> Result<BTreeMap<(String, CallState), u64>, JournalError> {
        const OP: &str = "counts";
        let connection = self.lock();
        let rows = connection
            .prepare_cached(SQL_COUNTS)
            .and_then(|mut statement| {
                statement
                    .query_map([], |row| {
                        Ok((
                            row.get::<_, String>(0)?,
                            row.get::<_, String>(1)?,
                            row.get::<_, i64>(2)?,
                        ))
                    })?
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(|error| JournalError::sqlite(OP, &error))?;
        let mut counts = BTreeMap::new();
        for (vendor, state, count) in rows {
            let count = u64::try_from(count).map_err(|_| JournalError::Corrupt {
                operation: OP,
                reason: "a negative count",
            })?;
            counts.insert((vendor, parse_state(OP, &state)?), count);
        }
        Ok(counts)
    }

    /// Stores a value the run keeps about itself (the vendors chosen, say), read back on the
    /// next run with [`Journal::meta`].
    ///
    /// # Errors
    ///
    /// [`JournalError::ReservedMeta`] for the name `format` (the journal's own mark),
    /// [`JournalError::Sqlite`] if the write fails.
    pub fn set_meta(&self, name: &str, value: &str) -> Result<(), JournalError> {
        if name == "format" {
            return Err(JournalError::ReservedMeta);
        }
        self.execute("set_meta", SQL_SET_META, params![name, value])
    }

    /// The value stored under `name`, if any (`format` holds [`FORMAT`]).
    ///
    /// # Errors
    ///
    /// [`JournalError::Sqlite`] if the read fails.
    pub fn meta(&self, name: &str) -> Result<Option<String>, JournalError> {
        let connection = self.lock();
        connection
            .prepare_cached(SQL_META)
            .and_then(|mut statement| {
                statement
                    .query_row([name], |row| row.get::<_, String>(0))
                    .optional()
            })
            .map_err(|error| JournalError::sqlite("meta", &error))
    }

    /// The connection. A panic while it was held cannot leave it half-way through a
    /// statement (each is one autocommit step), so a poisoned lock is taken over.
    fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs one cached write statement.
    fn execute(
        &self,
        operation: &'static str,
        sql: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<(), JournalError> {
        let connection = self.lock();
        connection
            .prepare_cached(sql)
            .and_then(|mut statement| statement.execute(params))
            .map(|_| ())
            .map_err(|error| JournalError::sqlite(operation, &error))
    }
}

/// Reads a stored state.
fn parse_state(operation: &'static str, text: &str) -> Result<CallState, JournalError> {
    CallState::parse(text).ok_or(JournalError::Corrupt {
        operation,
        reason: "a call state this version does not know",
    })
}

/// Milliseconds since the Unix epoch (0 for a clock set before it).
fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)
        })
}
