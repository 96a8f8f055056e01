//! JSON Lines lists: one JSON object per line.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::error::Category;
use serde_json::{Number, Value};

use super::{Columns, Lead, MAX_ROW_BYTES, RowError, Values, find_column, read_failure, trimmed};

/// The largest whole number a JSON float holds exactly (2^53).
const EXACT_FLOAT_LIMIT: f64 = 9_007_199_254_740_992.0;

pub(super) struct JsonRows {
    reader: BufReader<Box<dyn Read + Send>>,
    /// The current line, without its `\n`.
    buffer: Vec<u8>,
    /// The physical lines read so far.
    line: u64,
    columns: Columns,
    done: bool,
}

/// What [`JsonRows::read_line`] found.
enum Line {
    /// A line is in the buffer.
    Read,
    /// A line longer than [`MAX_ROW_BYTES`] was skipped.
    TooLong,
    /// The list has ended.
    End,
}

impl JsonRows {
    pub(super) fn new(reader: Box<dyn Read + Send>, columns: &Columns) -> JsonRows {
        JsonRows {
            reader: BufReader::with_capacity(64 * 1024, reader),
            buffer: Vec::new(),
            line: 0,
            columns: columns.clone(),
            done: false,
        }
    }

    /// Reads the next physical line into the buffer, keeping at most [`MAX_ROW_BYTES`] of it.
    fn read_line(&mut self) -> io::Result<Line> {
        self.buffer.clear();
        let mut started = false;
        let mut too_long = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                return Ok(match (started, too_long) {
                    (false, _) => Line::End,
                    (true, false) => Line::Read,
                    (true, true) => Line::TooLong,
                });
            }
            started = true;
            let newline = available.iter().position(|&byte| byte == b'\n');
            let part = &available[..newline.unwrap_or(available.len())];
            if !too_long {
                if self.buffer.len() + part.len() > MAX_ROW_BYTES {
                    too_long = true;
                    self.buffer = Vec::new();
                } else {
                    self.buffer.extend_from_slice(part);
                }
            }
            match newline {
                Some(at) => {
                    self.reader.consume(at + 1);
                    return Ok(if too_long { Line::TooLong } else { Line::Read });
                }
                None => {
                    let length = available.len();
                    self.reader.consume(length);
                }
            }
        }
    }

    pub(super) fn next(&mut self) -> Option<Result<Lead, RowError>> {
        loop {
            if self.done {
                return None;
            }
            let read = self.read_line();
            let line = self.line.saturating_add(1);
            match read {
                Ok(Line::End) => {
                    self.done = true;
                    return None;
                }
                Err(error) => {
                    self.done = true;
                    let reason = read_failure(&error);
                    return Some(Err(RowError { line, reason }));
                }
                Ok(Line::TooLong) => {
                    self.line = line;
                    let reason = format!("line longer than {} MiB", MAX_ROW_BYTES >> 20);
                    return Some(Err(RowError { line, reason }));
                }
                Ok(Line::Read) => self.line = line,
            }
            let mut bytes = self.buffer.as_slice();
            if line == 1 {
                bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
            }
            let bytes = bytes.trim_ascii();
            if bytes.is_empty() {
                continue;
            }
            return Some(
                parse(bytes, &self.columns)
                    .and_then(|values| {
                        values
                            .into_lead(line, self.columns.key.as_deref())
                            .map_err(|error| error.reason)
                    })
                    .map_err(|reason| RowError { line, reason }),
            );
        }
    }
}

/// The values of one line, or why it cannot be read.
fn parse(bytes: &[u8], columns: &Columns) -> Result<Values, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not valid UTF-8".to_owned())?;
    // The parser's own message may quote the text: only its column is kept.
    let Members(members) = serde_json::from_str(text).map_err(|error| match error.classify() {
        Category::Data => "not a JSON object".to_owned(),
        _ => format!("not valid JSON (at column {})", error.column()),
    })?;
    let mut values = Values::default();
    if let Some(column) = &columns.key {
        values.key = text_of(member(&members, column)?, column)?;
    }
    for (slot, column) in values.slots().into_iter().zip(columns.value_columns()) {
        *slot = text_of(member(&members, column)?, column)?;
    }
    Ok(values)
}

/// A JSON object's members in the line's order, repeated names included (a map would keep
/// only one of them, silently).
struct Members(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;

        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = Members;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }

        deserializer.deserialize_map(ObjectVisitor)
    }
}

/// The member named `column`: exactly, else in another case; an error when two are named
/// alike, since which value to send would be a guess.
fn member<'a>(members: &'a [(String, Value)], column: &str) -> Result<Option<&'a Value>, String> {
    match find_column(members.iter().map(|(name, _)| name.as_str()), column) {
        Ok(index) => Ok(index.map(|index| &members[index].1)),
        Err(_) => Err(format!(
            "the member `{}` is in the object more than once",
            column.escape_debug()
        )),
    }
}

/// A member's value as text: a string trimmed, a whole number's digits; `None` when absent,
/// `null` or blank.
fn text_of(value: Option<&Value>, column: &str) -> Result<Option<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(trimmed(text)),
        Some(Value::Number(number)) => number_text(number)
            .map(Some)
            .map_err(|why| format!("`{}` {why}", column.escape_debug())),
        Some(_) => Err(format!(
            "`{}` is not a string or a number",
            column.escape_debug()
        )),
    }
}

/// A JSON number's digits, when it is a whole number known exactly.
fn number_text(number: &Number) -> Result<String, &'static str> {
    if let Some(whole) = number.as_u64() {
        return Ok(whole.to_string());
    }
    if let Some(whole) = number.as_i64() {
        return Ok(whole.to_string());
    }
    match number.as_f64() {
        Some(float) if float.is_finite() && float.fract() != 0.0 => Err("is not a whole number"),
        Some(float) if float.is_finite() && float.abs() <= EXACT_FLOAT_LIMIT => {
            Ok(format!("{float:.0}"))
        }
        _ => Err("is a number too large to keep exactly (write it as a string)"),
    }
}
