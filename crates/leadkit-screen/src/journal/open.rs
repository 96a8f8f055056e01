//! Opening a journal file: its permissions, the lock, the format check and the schema.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension};

use super::{FORMAT, JournalError};

/// How long a statement waits for a lock once the journal is open. The journal is held
/// exclusively, so this is a guard, not a normal wait.
const BUSY_TIMEOUT: Duration = Duration::from_millis(5000);

/// The schema of a new journal (run at every open: a journal of an earlier version gains the
/// tables it lacks).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS calls (
    row_key TEXT NOT NULL,
    vendor TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    transaction_id TEXT,
    answer TEXT,
    error TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (row_key, vendor)
);
CREATE TABLE IF NOT EXISTS row_contents (
    row_key TEXT PRIMARY KEY,
    content_key TEXT NOT NULL
) WITHOUT ROWID;
";

/// Takes the lock, checks (or writes) the format mark and sets the pragmas. A file that is
/// not a journal is refused before anything is written to it.
pub(super) fn set_up(
    connection: Connection,
    path: Option<&Path>,
) -> Result<Connection, JournalError> {
    const OP: &str = "open";
    let file = || path.map(Path::to_path_buf).unwrap_or_default();
    // Any error at open: a lock held elsewhere is `Busy`, a file that is not a database is
    // `NotAJournal`.
    let classify = |error: rusqlite::Error| {
        if JournalError::is_locked(&error) {
            JournalError::Busy { path: file() }
        } else if JournalError::is_not_a_database(&error) {
            JournalError::NotAJournal { path: file() }
        } else {
            JournalError::sqlite(OP, &error)
        }
    };
    // Fail at once on a lock held by another run, rather than wait for it.
    connection.busy_timeout(Duration::ZERO).map_err(classify)?;
    connection
        .pragma_update(None, "locking_mode", "EXCLUSIVE")
        .map_err(classify)?;
    // A read: takes the first lock, and fails on a file that is not a database.
    let tables: i64 = connection
        .query_row("SELECT COUNT(*) FROM sqlite_master", [], |row| row.get(0))
        .map_err(classify)?;
    if tables > 0 {
        let has_meta: i64 = connection
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                [],
                |row| row.get(0),
            )
            .map_err(classify)?;
        let format: Option<String> = if has_meta > 0 {
            connection
                .query_row("SELECT value FROM meta WHERE name = 'format'", [], |row| {
                    row.get(0)
                })
                .optional()
                // A `meta` table of another shape is someone else's.
                .map_err(|error| match classify(error) {
                    busy @ JournalError::Busy { .. } => busy,
                    _ => JournalError::NotAJournal { path: file() },
                })?
        } else {
            None
        };
        if format.as_deref() != Some(FORMAT) {
            return Err(JournalError::NotAJournal { path: file() });
        }
    }
    // WAL with the exclusive locking mode keeps its index in the heap (no `-shm` file).
    connection
        .pragma_update(None, "journal_mode", "WAL")
        .map_err(classify)?;
    connection
        .pragma_update(None, "synchronous", "NORMAL")
        .map_err(classify)?;
    // Checkpoints (each an fsync, under the journal's lock) every ~40 MB of WAL rather than
    // every 4 MB: answers are kilobytes each.
    connection
        .pragma_update(None, "wal_autocheckpoint", 10_000)
        .map_err(classify)?;
    // A write: with the exclusive locking mode, the lock it takes is held until the
    // connection closes.
    connection
        .execute_batch(&format!(
            "BEGIN EXCLUSIVE;\n{SCHEMA}\nINSERT INTO meta (name, value) VALUES ('format', '{FORMAT}') \
             ON CONFLICT (name) DO NOTHING;\nCOMMIT;"
        ))
        .map_err(|error| {
            // Leave no transaction open behind a failure.
            let _ = connection.execute_batch("ROLLBACK");
            classify(error)
        })?;
    connection.busy_timeout(BUSY_TIMEOUT).map_err(classify)?;
    connection.set_prepared_statement_cache_capacity(16);
    Ok(connection)
}

/// Creates the file with owner-only permissions when it does not exist, and sets an existing
/// one (and its `-wal`, `-shm` and `-journal` files) to 0600 when group or other permission
/// bits are set. The file is never opened here when it exists: closing a descriptor of
/// a file would drop the POSIX locks this process holds on it.
#[cfg(unix)]
pub(super) fn prepare_file(path: &Path) -> Result<(), JournalError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};

    let io_error = |action: &'static str| {
        move |source: std::io::Error| JournalError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    };
    let mut created = false;
    match std::fs::symlink_metadata(path) {
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)
            {
                Ok(file) => {
                    drop(file);
                    created = true;
                }
                // Created in between by someone else: treated as an existing file below.
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(error) => return Err(io_error("create")(error)),
            }
        }
        Err(error) => return Err(io_error("inspect")(error)),
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        let file = PathBuf::from(name);
        let metadata = match std::fs::metadata(&file) {
            Ok(metadata) => metadata,
            Err(error) if !suffix.is_empty() && error.kind() == std::io::ErrorKind::NotFound => {
                continue;
            }
            Err(error) => return Err(io_error("inspect")(error)),
        };
        let mode = metadata.permissions().mode() & 0o777;
        // A new file is 0600 exactly (a umask may have taken owner bits away too); an
        // existing one becomes 0600 when group or other bits are set.
        let wanted = created && suffix.is_empty() && mode != 0o600;
        if wanted || mode & 0o077 != 0 {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                .map_err(io_error("set the permissions of"))?;
        }
    }
    Ok(())
}

/// Elsewhere than Unix the file keeps the permissions its directory gives it.
#[cfg(not(unix))]
pub(super) fn prepare_file(_path: &Path) -> Result<(), JournalError> {
    Ok(())
}
