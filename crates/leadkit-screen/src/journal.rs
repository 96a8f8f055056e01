//! The journal: one SQLite file holding, for each row and vendor, the state of its call.
//!
//! A call is written `Sent` *before* its request leaves, and `Done`, `Failed` or
//! `OutcomeUnknown` when it ends, so that a rerun after a crash never sends a finished call
//! again and never silently resends a call that may have reached the vendor (a call found
//! `Sent` was interrupted between the two writes: treat it as `OutcomeUnknown`).
//!
//! Durability: the journal runs in WAL mode with `synchronous=NORMAL`; every method is one
//! autocommit statement, committed when it returns. During a [`Screen`](crate::Screen) run,
//! a file journal's operations are committed in groups by a thread of the journal's own, and
//! each is answered only once the transaction holding it is committed. A committed write
//! survives the process being killed (SIGKILL, a panic, an abort); a power loss or an
//! operating system crash may lose the last writes before the next checkpoint (the database
//! itself stays consistent).
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
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use rusqlite::{Connection, OpenFlags};

mod error;
mod group;
mod open;
mod state;
pub(crate) mod statements;
#[cfg(test)]
mod tests;

pub use error::JournalError;
pub use state::{CallState, Entry};

use group::GroupCommit;

/// The value of the `format` row of the `meta` table, written when a journal is created and
/// checked when one is opened.
pub const FORMAT: &str = "leadkit-screen/1";

/// The journal file. `Send` and `Sync`: one connection behind a mutex. Each method is one
/// short autocommit statement; a [`Screen`](crate::Screen) run's operations are committed in
/// groups by the journal's own thread.
pub struct Journal {
    connection: Arc<Mutex<Connection>>,
    path: Option<PathBuf>,
    /// The thread of [`Journal::run`], started by its first call on a file journal (`None`
    /// inside if the thread could not be started).
    group: OnceLock<Option<GroupCommit>>,
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
            connection: Arc::new(Mutex::new(connection)),
            path: Some(path.to_path_buf()),
            group: OnceLock::new(),
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
            connection: Arc::new(Mutex::new(connection)),
            path: None,
            group: OnceLock::new(),
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
        statements::get(&self.lock(), key, vendor)
    }

    /// Records that row `key` has a call to `vendor` to make, unless the journal already has
    /// that call (in any state: it never moves a call back to `Pending`).
    ///
    /// # Errors
    ///
    /// [`JournalError::Sqlite`] if the write fails.
    pub fn mark_pending(&self, key: &str, vendor: &str) -> Result<(), JournalError> {
        statements::mark_pending(&self.lock(), key, vendor)
    }

    /// Claims row `key` for the lead whose [`Lead::content_key`](crate::Lead::content_key) is
    /// `content_key`: `true` when the key is new to the journal (it is then recorded) or
    /// already holds that lead, `false` when it holds another lead (other values under the
    /// same key, in this list or an earlier one), whose calls must not be taken for this
    /// one's.
    ///
    /// # Errors
    ///
    /// [`JournalError::Sqlite`] if the write or the read fails.
    pub fn claim_key(&self, key: &str, content_key: &str) -> Result<bool, JournalError> {
        statements::claim_key(&self.lock(), key, content_key)
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
        statements::mark_sent(&self.lock(), key, vendor)
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
        statements::record_transaction(&self.lock(), key, vendor, transaction_id)
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
        let answer = answer.map(serde_json::Value::to_string);
        statements::finish(&self.lock(), key, vendor, state, answer.as_deref(), error)
    }

    /// How many calls are in each state, per vendor: `(vendor, state) → count`, states with
    /// no call left out.
    ///
    /// # Errors
    ///
    /// [`JournalError::Corrupt`] for a state this version does not know,
    /// [`JournalError::Sqlite`] otherwise.
    pub fn counts(&self) -> Result<BTreeMap<(String, CallState), u64>, JournalError> {
        statements::counts(&self.lock())
    }

    /// Whether the journal holds any call (a journal just created holds none).
    ///
    /// # Errors
    ///
    /// [`JournalError::Sqlite`] if the read fails.
    pub fn has_calls(&self) -> Result<bool, JournalError> {
        statements::has_calls(&self.lock())
    }

    /// Stores a value the run keeps about itself (the vendors chosen, say), read back on the
    /// next run with [`Journal::meta`].
    ///
    /// # Errors
    ///
    /// [`JournalError::ReservedMeta`] for the name `format` (the journal's own mark),
    /// [`JournalError::Sqlite`] if the write fails.
    pub fn set_meta(&self, name: &str, value: &str) -> Result<(), JournalError> {
        statements::set_meta(&self.lock(), name, value)
    }

    /// The value stored under `name`, if any (`format` holds [`FORMAT`]).
    ///
    /// # Errors
    ///
    /// [`JournalError::Sqlite`] if the read fails.
    pub fn meta(&self, name: &str) -> Result<Option<String>, JournalError> {
        statements::meta(&self.lock(), name)
    }

    /// Runs `operation` (one or more of [`statements`]) for a run, and returns once what it
    /// wrote is committed.
    ///
    /// On a file journal the operation goes to the journal's thread, which commits it in one
    /// transaction with whatever the run's other calls handed it meanwhile (group commit):
    /// the caller's tokio thread never waits on SQLite or the disk, and the journal makes one
    /// commit per group instead of one per write. A journal in memory has no disk to wait
    /// on: the operation runs at once, on its own.
    ///
    /// # Errors
    ///
    /// The operation's error; the commit's; [`JournalError::Stopped`] if the journal's thread
    /// is gone.
    pub(crate) async fn run<T, F>(&self, operation: F) -> Result<T, JournalError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, JournalError> + Send + 'static,
    {
        if self.path.is_none() {
            return operation(&self.lock());
        }
        let group = self
            .group
            .get_or_init(|| GroupCommit::start(Arc::clone(&self.connection)));
        match group {
            Some(group) => group.run(operation).await,
            // No thread: each operation on its own, on the caller's thread.
            None => operation(&self.lock()),
        }
    }

    /// The connection.
    fn lock(&self) -> MutexGuard<'_, Connection> {
        lock(&self.connection)
    }
}

/// Locks the connection. A panic while it was held cannot leave it half-way through a
/// statement, but may leave a group's transaction open: a poisoned lock is taken over, and a
/// transaction left open is rolled back (none of it was answered as committed).
fn lock(connection: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    connection.lock().unwrap_or_else(|poisoned| {
        let connection = poisoned.into_inner();
        if !connection.is_autocommit() {
            let _ = connection.execute_batch("ROLLBACK");
        }
        connection
    })
}

impl Drop for Journal {
    /// Lets the journal's thread finish what it was handed, before the connection closes.
    fn drop(&mut self) {
        drop(self.group.take());
    }
}
