//! The journal's statements, each a function of the connection: the one place its SQL lives,
//! run by [`Journal`](super::Journal)'s methods (one autocommit statement each) and by the
//! group commit of a run (many in one transaction).

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension, params};

use super::{CallState, Entry, JournalError};

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
const SQL_CLAIM_KEY: &str = "INSERT INTO row_contents (row_key, content_key) VALUES (?1, ?2) \
     ON CONFLICT (row_key) DO NOTHING";
const SQL_CONTENT_OF_KEY: &str = "SELECT content_key FROM row_contents WHERE row_key = ?1";
const SQL_HAS_CALLS: &str = "SELECT EXISTS (SELECT 1 FROM calls)";
const SQL_COUNTS: &str = "SELECT vendor, state, COUNT(*) FROM calls GROUP BY vendor, state";
const SQL_SET_META: &str = "INSERT INTO meta (name, value) VALUES (?1, ?2) \
     ON CONFLICT (name) DO UPDATE SET value = excluded.value";
const SQL_META: &str = "SELECT value FROM meta WHERE name = ?1";

/// See [`Journal::get`](super::Journal::get).
pub(crate) fn get(
    connection: &Connection,
    key: &str,
    vendor: &str,
) -> Result<Option<Entry>, JournalError> {
    const OP: &str = "get";
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

/// See [`Journal::mark_pending`](super::Journal::mark_pending).
pub(crate) fn mark_pending(
    connection: &Connection,
    key: &str,
    vendor: &str,
) -> Result<(), JournalError> {
    execute(
        connection,
        "mark_pending",
        SQL_MARK_PENDING,
        params![key, vendor, now()],
    )
}

/// See [`Journal::mark_sent`](super::Journal::mark_sent).
pub(crate) fn mark_sent(
    connection: &Connection,
    key: &str,
    vendor: &str,
) -> Result<(), JournalError> {
    execute(
        connection,
        "mark_sent",
        SQL_MARK_SENT,
        params![key, vendor, now()],
    )
}

/// See [`Journal::record_transaction`](super::Journal::record_transaction).
pub(crate) fn claim_key(
    connection: &Connection,
    key: &str,
    content_key: &str,
) -> Result<bool, JournalError> {
    const OP: &str = "claim_key";
    let sqlite = |error: rusqlite::Error| JournalError::sqlite(OP, &error);
    let inserted = connection
        .prepare_cached(SQL_CLAIM_KEY)
        .and_then(|mut statement| statement.execute(params![key, content_key]))
        .map_err(sqlite)?;
    if inserted == 1 {
        return Ok(true);
    }
    let stored: String = connection
        .prepare_cached(SQL_CONTENT_OF_KEY)
        .and_then(|mut statement| statement.query_row([key], |row| row.get(0)))
        .map_err(sqlite)?;
    Ok(stored == content_key)
}

pub(crate) fn record_transaction(
    connection: &Connection,
    key: &str,
    vendor: &str,
    transaction_id: &str,
) -> Result<(), JournalError> {
    execute(
        connection,
        "record_transaction",
        SQL_RECORD_TRANSACTION,
        params![key, vendor, transaction_id, now()],
    )
}

/// See [`Journal::finish`](super::Journal::finish); the answer is JSON text here.
pub(crate) fn finish(
    connection: &Connection,
    key: &str,
    vendor: &str,
    state: CallState,
    answer: Option<&str>,
    error: Option<&str>,
) -> Result<(), JournalError> {
    if matches!(state, CallState::Pending | CallState::Sent) {
        return Err(JournalError::NotAnEnd { state });
    }
    execute(
        connection,
        "finish",
        SQL_FINISH,
        params![key, vendor, state.as_str(), answer, error, now()],
    )
}

/// See [`Journal::counts`](super::Journal::counts).
pub(crate) fn counts(
    connection: &Connection,
) -> Result<BTreeMap<(String, CallState), u64>, JournalError> {
    const OP: &str = "counts";
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

/// See [`Journal::has_calls`](super::Journal::has_calls).
pub(crate) fn has_calls(connection: &Connection) -> Result<bool, JournalError> {
    connection
        .prepare_cached(SQL_HAS_CALLS)
        .and_then(|mut statement| statement.query_row([], |row| row.get(0)))
        .map_err(|error| JournalError::sqlite("has_calls", &error))
}

/// See [`Journal::set_meta`](super::Journal::set_meta).
pub(crate) fn set_meta(
    connection: &Connection,
    name: &str,
    value: &str,
) -> Result<(), JournalError> {
    if name == "format" {
        return Err(JournalError::ReservedMeta);
    }
    execute(connection, "set_meta", SQL_SET_META, params![name, value])
}

/// See [`Journal::meta`](super::Journal::meta).
pub(crate) fn meta(connection: &Connection, name: &str) -> Result<Option<String>, JournalError> {
    connection
        .prepare_cached(SQL_META)
        .and_then(|mut statement| {
            statement
                .query_row([name], |row| row.get::<_, String>(0))
                .optional()
        })
        .map_err(|error| JournalError::sqlite("meta", &error))
}

/// Runs one cached write statement.
fn execute(
    connection: &Connection,
    operation: &'static str,
    sql: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<(), JournalError> {
    connection
        .prepare_cached(sql)
        .and_then(|mut statement| statement.execute(params))
        .map(|_| ())
        .map_err(|error| JournalError::sqlite(operation, &error))
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
