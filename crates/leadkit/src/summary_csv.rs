//! `leadkit screen --summary-csv`: one CSV row per row of the list (`line,key,decision,vendor,
//! reason`), sorted by line, read back from the run's output.
//!
//! The output is in the order rows finished, and a list can have millions of rows. The rows
//! are formatted in one pass into a scratch file beside the summary, and only their line, place
//! and length are kept in memory (24 bytes a row, where the rows themselves are about a hundred
//! each); the sorted rows are then copied from the scratch file, which is removed.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead as _, BufReader, BufWriter, Read as _, Write as _};
use std::path::{Path, PathBuf};

use std::fmt::Write as _;

use serde::Deserialize;

use crate::output::Failure;
use crate::screen::private_file;

/// What the summary shows of an output line; the vendors' answers are skipped unread.
#[derive(Deserialize)]
struct OutputLine<'a> {
    #[serde(default)]
    line: u64,
    #[serde(borrow, default)]
    key: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    invalid: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    verdict: Option<Verdict<'a>>,
}

#[derive(Deserialize)]
struct Verdict<'a> {
    #[serde(borrow, default)]
    decision: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    vendor: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    reason: Option<Cow<'a, str>>,
}

/// Where one formatted row is in the scratch file.
struct Placed {
    line: u64,
    offset: u64,
    len: u32,
}

/// Writes the summary of `output` (the run's JSON lines) to `path`, owner-only.
pub(crate) fn write(output: &Path, path: &Path) -> Result<(), Failure> {
    let failure = |e: io::Error| Failure::config(format!("cannot write {}: {e}", path.display()));
    let scratch = Scratch(scratch_path(path));
    let placed = format_rows(output, &scratch.0).map_err(failure)?;
    copy_sorted(&scratch.0, placed, path).map_err(failure)
}

/// `summary.csv` → `summary.csv.part`.
fn scratch_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// The scratch file, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Formats each output line's row into `scratch`, in the output's order; returns where each
/// row is, sorted by line (rows of one line keep their order).
fn format_rows(output: &Path, scratch: &Path) -> io::Result<Vec<Placed>> {
    let mut lines = BufReader::with_capacity(1 << 16, File::open(output)?);
    let mut rows = BufWriter::new(private_file(scratch)?);
    let mut placed = Vec::new();
    let mut offset = 0u64;
    let mut text = String::new();
    let mut row = String::new();
    loop {
        text.clear();
        if lines.read_line(&mut text)? == 0 {
            break;
        }
        let Ok(value) = serde_json::from_str::<OutputLine>(&text) else {
            continue;
        };
        row.clear();
        format_row(&value, &mut row);
        let len = u32::try_from(row.len()).map_err(io::Error::other)?;
        rows.write_all(row.as_bytes())?;
        placed.push(Placed {
            line: value.line,
            offset,
            len,
        });
        offset += u64::from(len);
    }
    rows.flush()?;
    placed.sort_by_key(|p| p.line);
    Ok(placed)
}

/// One summary row, with its line break.
fn format_row(value: &OutputLine<'_>, row: &mut String) {
    let text = |cell: &Option<Cow<'_, str>>| csv_cell(cell.as_deref().unwrap_or(""));
    let (decision, vendor, reason) = match (&value.invalid, &value.verdict) {
        (Some(reason), _) => ("invalid".to_owned(), String::new(), csv_cell(reason)),
        (None, Some(verdict)) => (
            text(&verdict.decision),
            text(&verdict.vendor),
            text(&verdict.reason),
        ),
        (None, None) => Default::default(),
    };
    let key = text(&value.key);
    // Writing to a `String` cannot fail.
    let _ = writeln!(row, "{},{key},{decision},{vendor},{reason}", value.line);
}

/// Writes the header, then each placed row of `scratch` in the order given.
fn copy_sorted(scratch: &Path, placed: Vec<Placed>, path: &Path) -> io::Result<()> {
    let mut rows = BufReader::with_capacity(1 << 16, File::open(scratch)?);
    let mut csv = BufWriter::new(private_file(path)?);
    writeln!(csv, "line,key,decision,vendor,reason")?;
    let mut at = 0u64;
    let mut row = Vec::new();
    for place in placed {
        // Rows mostly finish in list order: a short jump stays inside the reader's buffer.
        let jump = i64::try_from(place.offset).map_err(io::Error::other)?
            - i64::try_from(at).map_err(io::Error::other)?;
        rows.seek_relative(jump)?;
        row.resize(place.len as usize, 0);
        rows.read_exact(&mut row)?;
        at = place.offset + u64::from(place.len);
        csv.write_all(&row)?;
    }
    csv.flush()
}

/// One CSV cell: quoted when it holds a comma, a quote or a line break. A cell a spreadsheet
/// would read as a formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return)
/// gets a leading `'`, so that text from a vendor's answer or from the list never runs as a
/// formula in the analyst's spreadsheet.
fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_cell_is_quoted_when_needed_and_never_a_formula() {
        for (text, cell) in [
            ("plain", "plain"),
            ("", ""),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\r=1\""),
            ("jeff: a = b", "jeff: a = b"),
        ] {
            assert_eq!(csv_cell(text), cell, "{text:?}");
        }
    }

    #[test]
    fn rows_come_out_sorted_by_line_from_an_output_in_any_order() {
        let dir = std::env::temp_dir().join(format!("leadkit-summary-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let output = dir.join("out.jsonl");
        let path = dir.join("summary.csv");
        let mut text = String::new();
        // 3,000 rows finished out of order (in blocks reversed), with a line that is not JSON
        // and a refused row among them.
        for block in (0..30).rev() {
            for line in block * 100 + 2..block * 100 + 102 {
                let answer = "x".repeat(500);
                text.push_str(&format!(
                    "{{\"key\":\"k{line}\",\"line\":{line},\"vendors\":{{\"jeff\":{{\"answer\":\"{answer}\"}}}},\
                     \"verdict\":{{\"decision\":\"accept\",\"vendor\":\"jeff\",\"reason\":\"ok, {line}\"}}}}\n"
                ));
            }
        }
        text.push_str("not json\n{\"invalid\":\"jeff: bad\",\"key\":\"=k\",\"line\":3002}\n");
        std::fs::write(&output, text).unwrap();
        write(&output, &path).expect("the summary is written");
        let csv = std::fs::read_to_string(&path).unwrap();
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows.len(), 3002);
        assert_eq!(rows[0], "line,key,decision,vendor,reason");
        assert_eq!(rows[1], "2,k2,accept,jeff,\"ok, 2\"");
        assert_eq!(rows[3000], "3001,k3001,accept,jeff,\"ok, 3001\"");
        assert_eq!(rows[3001], "3002,'=k,invalid,,jeff: bad");
        let lines: Vec<u64> = rows[1..]
            .iter()
            .map(|row| row.split(',').next().unwrap().parse().unwrap())
            .collect();
        assert!(lines.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(!scratch_path(&path).exists(), "the scratch file is removed");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
