//! A lead list read by `leadkit_screen::input::from_reader`, as CSV and as JSON Lines.
//!
//! Checks: no panic; reading ends; the rows' lines never go back; an input error's and a row
//! error's text, and a lead's `Debug`, print no email address or phone number from the list.

#![no_main]

use std::io::Cursor;

use leadkit_screen::input::from_reader;
use leadkit_screen::{Columns, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    for format in [Format::Csv, Format::JsonLines] {
        let reader = match from_reader(Cursor::new(input.to_vec()), format, &Columns::default()) {
            Ok(reader) => reader,
            Err(error) => {
                leadkit_fuzz::assert_no_leak("an input error", &error.to_string(), input);
                continue;
            }
        };
        let mut last_line = 0;
        for row in reader {
            let line = match &row {
                Ok(lead) => {
                    leadkit_fuzz::assert_no_leak_debug(
                        "a lead's Debug",
                        &format!("{lead:?}"),
                        input,
                    );
                    lead.line
                }
                Err(error) => {
                    leadkit_fuzz::assert_no_leak("a row error", &error.to_string(), input);
                    error.line
                }
            };
            assert!(
                line >= last_line,
                "a row's line {line} comes after {last_line}"
            );
            last_line = line;
        }
    }
});
