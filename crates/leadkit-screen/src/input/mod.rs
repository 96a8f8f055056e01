//! Reading a lead list: CSV or JSON Lines, columns mapped by name, one [`Lead`] per row,
//! streamed (a list of millions of rows is never held in memory), and the shard a row belongs
//! to.
//!
//! ```
//! use leadkit_screen::input::{from_reader, Columns, Format};
//!
//! let list = "Email,Phone,id\ndung@mail.com,+84 876 543 287,lead-1\n";
//! let columns = Columns { key: Some("id".into()), ..Columns::default() };
//! let leads = from_reader(std::io::Cursor::new(list), Format::Csv, &columns)?;
//! for lead in leads {
//!     let lead = lead?;
//!     assert_eq!((lead.line, lead.key.as_str()), (2, "lead-1"));
//!     assert_eq!(lead.phone.as_deref(), Some("+84 876 543 287"));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Errors never carry a value from the list: a [`RowError`] names the line and the column, an
//! [`InputError`] the file and the column.

mod csv_rows;
mod jsonl_rows;
mod shard;
#[cfg(test)]
mod tests;

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use leadkit_core::redact::{MaskedEmail, MaskedPhone, redact_text};

pub use shard::{ParseShardError, Shard, stable_hash};

/// The longest row read: a CSV record or a JSON Lines line longer than this is reported as a
/// [`RowError`] instead of being held in memory.
pub const MAX_ROW_BYTES: usize = 1 << 20;

/// The list's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Comma-separated values with a header row naming the columns.
    Csv,
    /// JSON Lines (also called NDJSON): one JSON object per line.
    JsonLines,
}

impl Format {
    /// The format a file's extension names: `.csv` is CSV; `.jsonl`, `.ndjson` and `.json` are
    /// JSON Lines (case-insensitive). `None` for any other extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Csv => "csv",
            Format::JsonLines => "jsonl",
        })
    }
}

impl FromStr for Format {
    type Err = ParseFormatError;

    /// `csv`, or `jsonl` (also `ndjson` and `json-lines`), case-insensitive.
    fn from_str(text: &str) -> Result<Format, ParseFormatError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "jsonl" | "ndjson" | "json-lines" => Ok(Format::JsonLines),
            _ => Err(ParseFormatError {
                text: text.to_owned(),
            }),
        }
    }
}

/// A list format name that is neither `csv` nor `jsonl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFormatError {
    text: String,
}

impl fmt::Display for ParseFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown list format `{}` (expected csv or jsonl)",
            self.text.escape_debug()
        )
    }
}

impl std::error::Error for ParseFormatError {}

/// Which column (CSV header name, or JSON Lines member name) holds each value.
///
/// Names are matched case-insensitively, surrounding spaces ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// The column holding each row's own key, unique in the list. Without it a row's key is
    /// derived from its content (see [`Lead::key`]).
    pub key: Option<String>,
    /// The email address.
    pub email: String,
    /// The phone number.
    pub phone: String,
    /// The person's full name.
    pub name: String,
    /// The country (ISO 3166-1 alpha-2 code).
    pub country: String,
    /// The Jornaya LeadiD token.
    pub leadid_token: String,
    /// The FriendlyScore partner user id.
    pub partner_id: String,
}

impl Default for Columns {
    /// No key column; `email`, `phone`, `name`, `country`, `leadid_token`, `partner_id`.
    fn default() -> Columns {
        Columns {
            key: None,
            email: "email".into(),
            phone: "phone".into(),
            name: "name".into(),
            country: "country".into(),
            leadid_token: "leadid_token".into(),
            partner_id: "partner_id".into(),
        }
    }
}

impl Columns {
    /// The six value columns, in the order of [`Values`]' fields.
    fn value_columns(&self) -> [&str; 6] {
        [
            &self.email,
            &self.phone,
            &self.name,
            &self.country,
            &self.leadid_token,
            &self.partner_id,
        ]
    }
}

/// One row of the list.
///
/// Values are trimmed, empty ones are `None`; otherwise they are kept as written (an email's
/// case too). `Debug` masks the personal values.
#[derive(Clone, PartialEq, Eq)]
pub struct Lead {
    /// The 1-based physical line where the row starts (in a CSV list the header is line 1, so
    /// the first row is line 2 unless a quoted value spans lines).
    pub line: u64,
    /// The row's key, which the journal files the row's calls under.
    ///
    /// With [`Columns::key`] set, the key column's trimmed value (a row without one is a
    /// [`RowError`]). Otherwise a content key: `h:` and 16 lowercase hex digits of
    /// [`stable_hash`] over the normalised values (email trimmed and lowercased, phone digits
    /// only, name lowercased with its spaces collapsed, country and LeadiD token uppercased,
    /// partner id as written), joined with the byte `0x1F`. Two rows with the same content then
    /// share a key, and are screened once: a list repeating a lead never pays twice for it.
    pub key: String,
    /// The email address.
    pub email: Option<String>,
    /// The phone number, as written.
    pub phone: Option<String>,
    /// The person's full name.
    pub name: Option<String>,
    /// The country.
    pub country: Option<String>,
    /// The Jornaya LeadiD token.
    pub leadid_token: Option<String>,
    /// The FriendlyScore partner user id.
    pub partner_id: Option<String>,
}

/// Shows whether a personal value is present, never the value.
struct Hidden(bool);

impl fmt::Debug for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0 { "<set>" } else { "None" })
    }
}

impl Lead {
    /// The row's content key: `h:` and 16 lowercase hex digits of [`stable_hash`] over its
    /// normalised values (see [`Lead::key`]). It is the key of a row read without a key
    /// column, and with one, what tells whether two rows under one key are the same lead.
    pub fn content_key(&self) -> String {
        const SEPARATOR: char = '\u{1f}';
        let mut text = String::new();
        if let Some(email) = &self.email {
            text.extend(email.trim().chars().flat_map(char::to_lowercase));
        }
        text.push(SEPARATOR);
        if let Some(phone) = &self.phone {
            text.extend(phone.chars().filter(char::is_ascii_digit));
        }
        text.push(SEPARATOR);
        if let Some(name) = &self.name {
            for (index, word) in name.split_whitespace().enumerate() {
                if index > 0 {
                    text.push(' ');
                }
                text.extend(word.chars().flat_map(char::to_lowercase));
            }
        }
        text.push(SEPARATOR);
        if let Some(country) = &self.country {
            text.extend(country.trim().chars().flat_map(char::to_uppercase));
        }
        text.push(SEPARATOR);
        if let Some(token) = &self.leadid_token {
            text.extend(token.trim().chars().flat_map(char::to_uppercase));
        }
        text.push(SEPARATOR);
        if let Some(partner_id) = &self.partner_id {
            text.push_str(partner_id.trim());
        }
        format!("h:{:016x}", stable_hash(text.as_bytes()))
    }
}

impl fmt::Debug for Lead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lead")
            .field("line", &self.line)
            .field("key", &shown_key(&self.key))
            .field("email", &self.email.as_deref().map(MaskedEmail))
            .field("phone", &self.phone.as_deref().map(MaskedPhone))
            .field("name", &Hidden(self.name.is_some()))
            .field("country", &self.country.as_deref().map(redact_text))
            .field("leadid_token", &Hidden(self.leadid_token.is_some()))
            .field("partner_id", &Hidden(self.partner_id.is_some()))
            .finish()
    }
}

/// A key as `Debug` shows it: a content key whole, a key column's value masked like free
/// text (it may be an email or a phone number).
fn shown_key(key: &str) -> String {
    let is_content_key = key
        .strip_prefix("h:")
        .is_some_and(|hex| hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
    if is_content_key {
        key.to_owned()
    } else {
        redact_text(key)
    }
}

/// A row that cannot be read: its line and why (never a value from it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The 1-based physical line where the row starts.
    pub line: u64,
    /// Why the row cannot be read, naming the column when one is at fault.
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for RowError {}

/// The list cannot be read at all.
#[derive(Debug)]
#[non_exhaustive]
pub enum InputError {
    /// The file cannot be opened.
    Open {
        /// The list's path.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// Reading the CSV header failed.
    Read(io::Error),
    /// The CSV list has no header row (it is empty or blank).
    NoHeader,
    /// The CSV header is longer than [`MAX_ROW_BYTES`] (an unclosed quote, or not a CSV file).
    HeaderTooLong,
    /// The key column given in [`Columns::key`] is not in the CSV header.
    MissingKeyColumn {
        /// The column's name.
        column: String,
    },
    /// None of the value columns is in the CSV header (a list with another delimiter, or
    /// columns named otherwise).
    NoMappedColumn {
        /// The columns looked for.
        columns: Vec<String>,
    },
    /// A column the run reads (the key column or a value column) is in the CSV header more
    /// than once, so which value to send would be a guess.
    DuplicateColumn {
        /// The column's name.
        column: String,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Open { path, source } => {
                write!(f, "cannot open the list {}: {source}", path.display())
            }
            InputError::Read(source) => write!(f, "cannot read the list's header: {source}"),
            InputError::NoHeader => f.write_str("the CSV list has no header row"),
            InputError::HeaderTooLong => write!(
                f,
                "the CSV header is longer than {} MiB (an unclosed quote?)",
                MAX_ROW_BYTES >> 20
            ),
            InputError::MissingKeyColumn { column } => write!(
                f,
                "the key column `{}` is not in the CSV header",
                column.escape_debug()
            ),
            InputError::NoMappedColumn { columns } => {
                f.write_str("the CSV header has none of the columns ")?;
                for (index, column) in columns.iter().enumerate() {
                    let separator = if index == 0 { "" } else { ", " };
                    write!(f, "{separator}`{}`", column.escape_debug())?;
                }
                f.write_str(" (is the delimiter a comma?)")
            }
            InputError::DuplicateColumn { column } => write!(
                f,
                "the CSV header has the column `{}` more than once",
                column.escape_debug()
            ),
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputError::Open { source, .. } | InputError::Read(source) => Some(source),
            _ => None,
        }
    }
}

/// Streams the leads of a list, one `Result` per row, in the list's order.
///
/// A row that cannot be read is a [`RowError`] and reading goes on; an I/O error while reading
/// is a last `RowError` (reading stops). Blank lines, and CSV records whose cells are all
/// blank, are skipped.
pub struct LeadReader {
    rows: Rows,
}

enum Rows {
    Csv(Box<csv_rows::CsvRows>),
    JsonLines(Box<jsonl_rows::JsonRows>),
}

impl LeadReader {
    /// The list's format.
    pub fn format(&self) -> Format {
        match self.rows {
            Rows::Csv(_) => Format::Csv,
            Rows::JsonLines(_) => Format::JsonLines,
        }
    }

    /// The value columns absent from a CSV header (every row has `None` there). Always empty
    /// for JSON Lines, whose rows each name their members.
    pub fn missing_columns(&self) -> &[String] {
        match &self.rows {
            Rows::Csv(rows) => rows.missing_columns(),
            Rows::JsonLines(_) => &[],
        }
    }
}

impl fmt::Debug for LeadReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LeadReader")
            .field("format", &self.format())
            .finish_non_exhaustive()
    }
}

impl Iterator for LeadReader {
    type Item = Result<Lead, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.rows {
            Rows::Csv(rows) => rows.next(),
            Rows::JsonLines(rows) => rows.next(),
        }
    }
}

impl std::iter::FusedIterator for LeadReader {}

/// Opens the list at `path` (for CSV, reads its header).
pub fn open(path: &Path, format: Format, columns: &Columns) -> Result<LeadReader, InputError> {
    let file = File::open(path).map_err(|source| InputError::Open {
        path: path.to_owned(),
        source,
    })?;
    from_reader(file, format, columns)
}

/// Reads a list from `reader` (for CSV, reads its header now). The reader is buffered here.
pub fn from_reader(
    reader: impl Read + Send + 'static,
    format: Format,
    columns: &Columns,
) -> Result<LeadReader, InputError> {
    let reader: Box<dyn Read + Send> = Box::new(reader);
    let rows = match format {
        Format::Csv => Rows::Csv(Box::new(csv_rows::CsvRows::new(reader, columns)?)),
        Format::JsonLines => Rows::JsonLines(Box::new(jsonl_rows::JsonRows::new(reader, columns))),
    };
    Ok(LeadReader { rows })
}

/// A row's values, trimmed, before its key is settled.
#[derive(Default)]
struct Values {
    key: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    name: Option<String>,
    country: Option<String>,
    leadid_token: Option<String>,
    partner_id: Option<String>,
}

impl Values {
    /// The value slot for each value column, in [`Columns::value_columns`]' order.
    fn slots(&mut self) -> [&mut Option<String>; 6] {
        [
            &mut self.email,
            &mut self.phone,
            &mut self.name,
            &mut self.country,
            &mut self.leadid_token,
            &mut self.partner_id,
        ]
    }

    /// The lead, keyed by the key column when `key_column` is set, by content otherwise.
    fn into_lead(self, line: u64, key_column: Option<&str>) -> Result<Lead, RowError> {
        let mut lead = Lead {
            line,
            key: String::new(),
            email: self.email,
            phone: self.phone,
            name: self.name,
            country: self.country,
            leadid_token: self.leadid_token,
            partner_id: self.partner_id,
        };
        lead.key = match (key_column, self.key) {
            (Some(_), Some(key)) => key,
            (Some(column), None) => {
                return Err(RowError {
                    line,
                    reason: format!("empty key (column `{}`)", column.escape_debug()),
                });
            }
            (None, _) => lead.content_key(),
        };
        Ok(lead)
    }
}

/// `text` trimmed, `None` when nothing is left.
fn trimmed(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Whether two column names match: case-insensitive, surrounding spaces ignored.
fn same_column(a: &str, b: &str) -> bool {
    let a = a.trim().trim_start_matches('\u{feff}').trim();
    let b = b.trim().trim_start_matches('\u{feff}').trim();
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// A column named more than once in a list's header or a JSON object.
struct RepeatedColumn;

/// Where `column` is among `names`: the one named exactly so, else the one named so in another
/// case (surrounding spaces aside); [`RepeatedColumn`] when two are named alike, since which
/// value to use would then be a guess.
fn find_column<'a>(
    names: impl Iterator<Item = &'a str> + Clone,
    column: &str,
) -> Result<Option<usize>, RepeatedColumn> {
    fn only(mut found: impl Iterator<Item = usize>) -> Result<Option<usize>, RepeatedColumn> {
        let first = found.next();
        match found.next() {
            Some(_) => Err(RepeatedColumn),
            None => Ok(first),
        }
    }
    let exact = names
        .clone()
        .enumerate()
        .filter(|(_, name)| name.trim() == column.trim())
        .map(|(index, _)| index);
    match only(exact)? {
        Some(index) => Ok(Some(index)),
        None => only(
            names
                .enumerate()
                .filter(|(_, name)| same_column(name, column))
                .map(|(index, _)| index),
        ),
    }
}

/// The reason given when an I/O error ends reading (its kind only: an OS message could quote
/// anything).
fn read_failure(error: &io::Error) -> String {
    format!("cannot read the list ({}); reading stopped", error.kind())
}
