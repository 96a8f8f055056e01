//! Why a journal operation failed: the journal's path and the operation may be named, a row
//! key, a vendor's answer or an error text stored in the journal never is.

use std::fmt;
use std::path::PathBuf;

use super::CallState;

/// Why a journal operation failed.
///
/// Neither `Display` nor `Debug` ever holds a row key (it may be an email address), an answer
/// or a stored error text: SQLite's own message is kept (it names tables, columns and
/// constraints, never a bound value), and values read back from the journal are described,
/// not shown.
#[derive(Debug)]
#[non_exhaustive]
pub enum JournalError {
    /// The file could not be created, inspected or have its permissions set.
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done (`"create"`, `"set the permissions of"`, …).
        action: &'static str,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The file is not a leadkit journal: not a SQLite database, or a SQLite database without
    /// the journal's format mark.
    NotAJournal {
        /// The file.
        path: PathBuf,
    },
    /// Another run (this process or another one) has the journal open.
    Busy {
        /// The file.
        path: PathBuf,
    },
    /// SQLite refused an operation.
    Sqlite {
        /// The operation (`"mark_sent"`, `"open"`, …).
        operation: &'static str,
        /// SQLite's extended result code, when SQLite gave one.
        code: Option<i32>,
        /// SQLite's message, or a description of the failure.
        detail: String,
    },
    /// The journal holds a value this version cannot read.
    Corrupt {
        /// The operation that read it.
        operation: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// [`Journal::finish`](super::Journal::finish) was given a state that does not end a
    /// call (`Pending` or `Sent`).
    NotAnEnd {
        /// The state given.
        state: CallState,
    },
    /// [`Journal::set_meta`](super::Journal::set_meta) was asked to overwrite the journal's
    /// own format mark.
    ReservedMeta,
    /// The journal's own thread, which commits a run's operations in groups, stopped before
    /// it answered.
    Stopped,
}

impl JournalError {
    /// Wraps a rusqlite error, keeping only what cannot hold a bound value.
    pub(super) fn sqlite(operation: &'static str, error: &rusqlite::Error) -> JournalError {
        let (code, detail) = describe(error);
        JournalError::Sqlite {
            operation,
            code,
            detail,
        }
    }

    /// Whether the error is SQLite saying the journal is locked by another connection.
    pub(super) fn is_locked(error: &rusqlite::Error) -> bool {
        matches!(
            error.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    }

    /// Whether the error is SQLite saying the file is not a database.
    pub(super) fn is_not_a_database(error: &rusqlite::Error) -> bool {
        matches!(
            error.sqlite_error_code(),
            Some(rusqlite::ErrorCode::NotADatabase)
        )
    }
}

/// The extended code and a description of a rusqlite error, built so that no bound value and
/// no value read from the database can appear in it.
fn describe(error: &rusqlite::Error) -> (Option<i32>, String) {
    use rusqlite::Error as E;
    match error {
        E::SqliteFailure(failure, message) => {
            let detail = match message {
                Some(message) => message.clone(),
                None => failure.to_string(),
            };
            (Some(failure.extended_code), detail)
        }
        E::FromSqlConversionFailure(column, kind, _) => (
            None,
            format!("column {column} holds a {kind} value that cannot be read"),
        ),
        E::IntegralValueOutOfRange(column, _) => {
            (None, format!("column {column} holds a number out of range"))
        }
        E::Utf8Error(column, _) => (None, format!("column {column} is not valid UTF-8")),
        E::NulError(_) => (None, "a text holds a NUL character".to_owned()),
        E::InvalidColumnType(column, name, kind) => (
            None,
            format!("column {column} ({name}) holds an unexpected {kind} value"),
        ),
        E::QueryReturnedNoRows => (None, "the query returned no row".to_owned()),
        E::ToSqlConversionFailure(_) => (None, "a value could not be bound".to_owned()),
        // The remaining variants describe the statement, not the data it carries; SQL text
        // is this module's own.
        other => (None, format!("{other}")),
    }
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalError::Io {
                path,
                action,
                source,
            } => write!(
                f,
                "could not {action} the journal {}: {source}",
                path.display()
            ),
            JournalError::NotAJournal { path } => {
                write!(f, "{} is not a leadkit journal", path.display())
            }
            JournalError::Busy { path } => write!(
                f,
                "the journal {} is in use by another run (two runs cannot share a journal)",
                path.display()
            ),
            JournalError::Sqlite {
                operation,
                code,
                detail,
            } => {
                write!(f, "journal {operation} failed: {detail}")?;
                match code {
                    Some(code) => write!(f, " (SQLite code {code})"),
                    None => Ok(()),
                }
            }
            JournalError::Corrupt { operation, reason } => {
                write!(f, "journal {operation}: the journal holds {reason}")
            }
            JournalError::NotAnEnd { state } => write!(
                f,
                "a call cannot finish in the state {} (only done, failed or outcome_unknown)",
                state.as_str()
            ),
            JournalError::ReservedMeta => {
                f.write_str("the journal's `format` value is its own and cannot be set")
            }
            JournalError::Stopped => {
                f.write_str("the journal's thread stopped before the operation was committed")
            }
        }
    }
}

impl std::error::Error for JournalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            JournalError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
