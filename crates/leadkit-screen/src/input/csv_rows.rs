//! CSV lists: a header row, then one record per row (a quoted value may span lines).

use std::io::{self, Read};

use super::{
    Columns, InputError, Lead, MAX_ROW_BYTES, RowError, Values, find_column, read_failure, trimmed,
};

/// The CSV reader's buffer.
const BUFFER_BYTES: usize = 64 * 1024;

/// The bytes read for one record before it is given up: [`MAX_ROW_BYTES`] plus what the
/// buffer may have read ahead.
const RECORD_LIMIT: u64 = (MAX_ROW_BYTES + 2 * BUFFER_BYTES) as u64;

/// The list's reader, counting the bytes read since the last record and noticing the end.
struct Guarded {
    inner: Box<dyn Read + Send>,
    /// Bytes read since [`CsvRows`] last marked a record's end.
    since_mark: u64,
    /// The reader has returned its end.
    at_end: bool,
    /// A record outgrew [`RECORD_LIMIT`].
    too_long: bool,
}

impl Read for Guarded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.since_mark > RECORD_LIMIT {
            self.too_long = true;
            return Err(io::Error::other("record too long"));
        }
        let read = self.inner.read(buf)?;
        if read == 0 && !buf.is_empty() {
            self.at_end = true;
        }
        self.since_mark = self.since_mark.saturating_add(read as u64);
        Ok(read)
    }
}

/// The value columns' places in the header.
pub(super) struct CsvRows {
    reader: csv::Reader<Guarded>,
    record: csv::ByteRecord,
    key_column: Option<String>,
    key_index: Option<usize>,
    /// Each value column's index in the header, in [`Columns::value_columns`]' order, with
    /// its name for errors.
    value_indexes: [(Option<usize>, String); 6],
    missing: Vec<String>,
    /// The header's number of columns.
    header_len: usize,
    done: bool,
}

impl CsvRows {
    pub(super) fn new(
        reader: Box<dyn Read + Send>,
        columns: &Columns,
    ) -> Result<CsvRows, InputError> {
        let guarded = Guarded {
            inner: reader,
            since_mark: 0,
            at_end: false,
            too_long: false,
        };
        // Only `\n` ends a record, so that line numbers can be counted from the record (a
        // `\r` before it is trimmed with the value). The header is read as a record, so that
        // blank lines before it are skipped.
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(BUFFER_BYTES)
            .from_reader(guarded);
        let mut rows = CsvRows {
            reader,
            record: csv::ByteRecord::new(),
            key_column: columns.key.clone(),
            key_index: None,
            value_indexes: Default::default(),
            missing: Vec::new(),
            header_len: 0,
            done: false,
        };
        let header = rows.read_header()?;
        rows.header_len = header.len();
        let position = |column: &str| {
            find_column(header.iter().map(String::as_str), column).map_err(|_| {
                InputError::DuplicateColumn {
                    column: column.to_owned(),
                }
            })
        };
        if let Some(key) = &columns.key {
            rows.key_index = Some(position(key)?.ok_or_else(|| InputError::MissingKeyColumn {
                column: key.clone(),
            })?);
        }
        for (slot, column) in rows.value_indexes.iter_mut().zip(columns.value_columns()) {
            *slot = (position(column)?, column.to_owned());
            if slot.0.is_none() {
                rows.missing.push(column.to_owned());
            }
        }
        if rows.missing.len() == rows.value_indexes.len() {
            return Err(InputError::NoMappedColumn {
                columns: rows.missing,
            });
        }
        Ok(rows)
    }

    /// The header's names (a BOM before the first is dropped by the CSV reader).
    fn read_header(&mut self) -> Result<Vec<String>, InputError> {
        loop {
            self.reader.get_mut().since_mark = 0;
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => return Err(InputError::NoHeader),
                Err(_) if self.reader.get_ref().too_long => return Err(InputError::HeaderTooLong),
                Err(error) => {
                    return Err(InputError::Read(match error.into_kind() {
                        csv::ErrorKind::Io(error) => error,
                        _ => io::Error::other("malformed header"),
                    }));
                }
            }
            if !self.record_is_blank() {
                return Ok(self
                    .record
                    .iter()
                    .map(|name| String::from_utf8_lossy(name).trim().to_owned())
                    .collect());
            }
        }
    }

    pub(super) fn missing_columns(&self) -> &[String] {
        &self.missing
    }

    fn record_is_blank(&self) -> bool {
        self.record
            .iter()
            .all(|cell| std::str::from_utf8(cell).is_ok_and(|cell| cell.trim().is_empty()))
    }

    /// The line where the record just read starts: the reader's line after it, less the line
    /// breaks inside it and the one ending it (none when the list ends without one).
    fn record_line(&self) -> u64 {
        let after = self.reader.position().line();
        let inside = self
            .record
            .as_slice()
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        let ending = u64::from(!self.reader.get_ref().at_end);
        after.saturating_sub(inside + ending).max(1)
    }

    fn cell(&self, index: Option<usize>, column: &str) -> Result<Option<String>, String> {
        let Some(cell) = index.and_then(|index| self.record.get(index)) else {
            return Ok(None);
        };
        match std::str::from_utf8(cell) {
            Ok(cell) => Ok(trimmed(cell)),
            Err(_) => Err(format!(
                "column `{}` is not valid UTF-8",
                column.escape_debug()
            )),
        }
    }

    fn lead(&self, line: u64) -> Result<Lead, RowError> {
        let at_line = |reason| RowError { line, reason };
        // Values past the header's last column mean the row's values have shifted (an
        // unquoted comma in a name, say): none of its columns can be trusted. Empty cells
        // there (a trailing comma) are harmless.
        let beyond = self.record.iter().skip(self.header_len);
        if beyond.into_iter().any(|cell| !cell.trim_ascii().is_empty()) {
            return Err(at_line(format!(
                "{} values where the header has {} columns (an unquoted comma?)",
                self.record.len(),
                self.header_len
            )));
        }
        let mut values = Values::default();
        if let Some(column) = &self.key_column {
            values.key = self.cell(self.key_index, column).map_err(at_line)?;
        }
        for (slot, (index, column)) in values.slots().into_iter().zip(&self.value_indexes) {
            *slot = self.cell(*index, column).map_err(at_line)?;
        }
        values.into_lead(line, self.key_column.as_deref())
    }

    pub(super) fn next(&mut self) -> Option<Result<Lead, RowError>> {
        loop {
            if self.done {
                return None;
            }
            self.reader.get_mut().since_mark = 0;
            let line_before = self.reader.position().line();
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Err(error) => return Some(Err(self.failure(error, line_before))),
            }
            if self.record_is_blank() {
                continue;
            }
            return Some(self.lead(self.record_line()));
        }
    }

    fn failure(&mut self, error: csv::Error, line: u64) -> RowError {
        let reason = if self.reader.get_ref().too_long {
            self.done = true;
            format!(
                "record longer than {} MiB (an unclosed quote?); reading stopped",
                MAX_ROW_BYTES >> 20
            )
        } else if let csv::ErrorKind::Io(error) = error.kind() {
            self.done = true;
            read_failure(error)
        } else {
            "the record cannot be read".to_owned()
        };
        RowError { line, reason }
    }
}
