use std::io::{self, Cursor, Read};
use std::path::Path;

use super::*;

fn read_all(
    bytes: impl Into<Vec<u8>>,
    format: Format,
    columns: &Columns,
) -> Vec<Result<Lead, RowError>> {
    match from_reader(Cursor::new(bytes.into()), format, columns) {
        Ok(reader) => reader.collect(),
        Err(error) => panic!("the list should open: {error}"),
    }
}

fn csv(text: &str) -> Vec<Result<Lead, RowError>> {
    read_all(text, Format::Csv, &Columns::default())
}

fn jsonl(bytes: impl Into<Vec<u8>>) -> Vec<Result<Lead, RowError>> {
    read_all(bytes, Format::JsonLines, &Columns::default())
}

fn keyed(key: &str) -> Columns {
    Columns {
        key: Some(key.to_owned()),
        ..Columns::default()
    }
}

fn lead(row: &Result<Lead, RowError>) -> &Lead {
    match row {
        Ok(lead) => lead,
        Err(error) => panic!("expected a lead, got {error}"),
    }
}

fn row_error(row: &Result<Lead, RowError>) -> &RowError {
    match row {
        Ok(lead) => panic!("expected a row error, got {lead:?}"),
        Err(error) => error,
    }
}

fn open_error(bytes: &str, columns: &Columns) -> InputError {
    match from_reader(Cursor::new(bytes.to_owned()), Format::Csv, columns) {
        Ok(reader) => panic!("expected an input error, got {reader:?}"),
        Err(error) => error,
    }
}

fn lines(rows: &[Result<Lead, RowError>]) -> Vec<u64> {
    rows.iter()
        .map(|row| match row {
            Ok(lead) => lead.line,
            Err(error) => error.line,
        })
        .collect()
}

// ---- Formats ----

#[test]
fn format_from_path_by_extension_in_any_case() {
    assert_eq!(Format::from_path(Path::new("leads.csv")), Some(Format::Csv));
    assert_eq!(
        Format::from_path(Path::new("a/LEADS.CSV")),
        Some(Format::Csv)
    );
    for name in ["l.jsonl", "l.NDJSON", "l.Json"] {
        assert_eq!(
            Format::from_path(Path::new(name)),
            Some(Format::JsonLines),
            "{name}"
        );
    }
    assert_eq!(Format::from_path(Path::new("leads.txt")), None);
    assert_eq!(Format::from_path(Path::new("leads")), None);
}

#[test]
fn format_from_str_names() {
    assert_eq!("csv".parse::<Format>(), Ok(Format::Csv));
    assert_eq!("CSV".parse::<Format>(), Ok(Format::Csv));
    for name in ["jsonl", "ndjson", "json-lines", "JSONL"] {
        assert_eq!(name.parse::<Format>(), Ok(Format::JsonLines), "{name}");
    }
    let error = "xlsx"
        .parse::<Format>()
        .err()
        .map(|error| error.to_string());
    assert_eq!(
        error.as_deref(),
        Some("unknown list format `xlsx` (expected csv or jsonl)")
    );
    assert_eq!(Format::JsonLines.to_string(), "jsonl");
}

// ---- CSV ----

#[test]
fn csv_columns_in_any_order_and_case() {
    let rows = csv(" Partner_ID ,COUNTRY,Name,LeadID_Token,Phone,EMAIL,extra\n\
         p1, vn ,  Nguyen Van A ,tok-1,+84 876 543 287, Dung@Mail.com ,x\n");
    assert_eq!(rows.len(), 1);
    let lead = lead(&rows[0]);
    assert_eq!(lead.line, 2);
    assert_eq!(lead.email.as_deref(), Some("Dung@Mail.com"));
    assert_eq!(lead.phone.as_deref(), Some("+84 876 543 287"));
    assert_eq!(lead.name.as_deref(), Some("Nguyen Van A"));
    assert_eq!(lead.country.as_deref(), Some("vn"));
    assert_eq!(lead.leadid_token.as_deref(), Some("tok-1"));
    assert_eq!(lead.partner_id.as_deref(), Some("p1"));
    assert!(lead.key.starts_with("h:"));
}

#[test]
fn csv_custom_column_names() {
    let columns = Columns {
        email: "E-mail Address".into(),
        phone: "mobile".into(),
        ..Columns::default()
    };
    let rows = read_all(
        "e-mail address,Mobile\na@b.co,0901\n",
        Format::Csv,
        &columns,
    );
    let lead = lead(&rows[0]);
    assert_eq!(lead.email.as_deref(), Some("a@b.co"));
    assert_eq!(lead.phone.as_deref(), Some("0901"));
}

#[test]
fn csv_bom_is_ignored() {
    let rows = csv("\u{feff}email,phone\na@b.co,123\n");
    assert_eq!(lead(&rows[0]).email.as_deref(), Some("a@b.co"));
    assert_eq!(lead(&rows[0]).line, 2);
}

#[test]
fn csv_quoted_fields_with_commas_and_newlines_keep_line_numbers() {
    let rows = csv("email,name,phone\n\
         a@b.co,\"Nguyen, Van A\",1\n\
         c@d.co,\"first line\nsecond line\n\nfourth\",2\n\
         \n\
         e@f.co,\"He said \"\"hi\"\"\",3\n\
         g@h.co,last,4");
    assert_eq!(lines(&rows), [2, 3, 8, 9]);
    assert_eq!(lead(&rows[0]).name.as_deref(), Some("Nguyen, Van A"));
    assert_eq!(
        lead(&rows[1]).name.as_deref(),
        Some("first line\nsecond line\n\nfourth")
    );
    assert_eq!(lead(&rows[2]).name.as_deref(), Some("He said \"hi\""));
    assert_eq!(lead(&rows[3]).phone.as_deref(), Some("4"));
}

#[test]
fn csv_crlf_line_endings_and_blank_lines() {
    let rows = csv("\r\nemail,phone\r\n\r\na@b.co,1\r\n\"c@d.co\",\"2\r\n3\"\r\n,\r\ne@f.co,4\r\n");
    assert_eq!(lines(&rows), [4, 5, 8]);
    assert_eq!(lead(&rows[0]).phone.as_deref(), Some("1"));
    assert_eq!(lead(&rows[1]).email.as_deref(), Some("c@d.co"));
    assert_eq!(lead(&rows[1]).phone.as_deref(), Some("2\r\n3"));
    assert_eq!(lead(&rows[2]).phone.as_deref(), Some("4"));
}

#[test]
fn csv_short_rows_and_missing_columns_are_none() {
    let mut reader = match from_reader(
        Cursor::new("phone,email\n123\n456,a@b.co\n"),
        Format::Csv,
        &Columns::default(),
    ) {
        Ok(reader) => reader,
        Err(error) => panic!("{error}"),
    };
    assert_eq!(
        reader.missing_columns(),
        ["name", "country", "leadid_token", "partner_id"]
    );
    assert_eq!(reader.format(), Format::Csv);
    let first = reader.next().map(|row| lead(&row).clone());
    let first = first.as_ref();
    assert_eq!(first.and_then(|lead| lead.phone.as_deref()), Some("123"));
    assert_eq!(first.and_then(|lead| lead.email.as_deref()), None);
    assert_eq!(first.and_then(|lead| lead.name.as_deref()), None);
    let second = reader.next().map(|row| lead(&row).clone());
    assert_eq!(
        second.and_then(|lead| lead.email),
        Some("a@b.co".to_owned())
    );
    assert!(reader.next().is_none());
    assert!(reader.next().is_none());
}

#[test]
fn csv_missing_key_column_is_an_input_error_naming_it() {
    let error = open_error("email,phone\na@b.co,1\n", &keyed("lead_id"));
    assert!(matches!(&error, InputError::MissingKeyColumn { column } if column == "lead_id"));
    assert_eq!(
        error.to_string(),
        "the key column `lead_id` is not in the CSV header"
    );
}

#[test]
fn csv_header_errors() {
    assert!(matches!(
        open_error("", &Columns::default()),
        InputError::NoHeader
    ));
    assert!(matches!(
        open_error("\n \n,\n", &Columns::default()),
        InputError::NoHeader
    ));
    let error = open_error("email;phone\na@b.co;1\n", &Columns::default());
    assert!(matches!(error, InputError::NoMappedColumn { .. }));
    assert_eq!(
        error.to_string(),
        "the CSV header has none of the columns `email`, `phone`, `name`, `country`, \
         `leadid_token`, `partner_id` (is the delimiter a comma?)"
    );
}

#[test]
fn csv_a_column_read_twice_is_an_input_error_naming_it() {
    let error = open_error("Email,phone,EMAIL \na@b.co,1,c@d.co\n", &Columns::default());
    assert!(matches!(&error, InputError::DuplicateColumn { column } if column == "email"));
    assert_eq!(
        error.to_string(),
        "the CSV header has the column `email` more than once"
    );
    let error = open_error("id,email,id\nk1,a@b.co,k2\n", &keyed("id"));
    assert!(matches!(&error, InputError::DuplicateColumn { column } if column == "id"));
    // A repeated column the run does not read is harmless; a name written exactly wins over
    // the same name in another case.
    let rows = csv("notes,EMAIL,email,notes\nx,no,a@b.co,y\n");
    assert_eq!(lead(&rows[0]).email.as_deref(), Some("a@b.co"));
}

#[test]
fn csv_values_past_the_header_are_a_row_error_but_a_trailing_comma_is_not() {
    let rows = csv("email,name,phone\n\
                    a@b.co,Doe, John,447800000001\n\
                    c@d.co,Jon Doe,447800000002,\n\
                    e@f.co,Jon Doe,447800000003, ,\n\
                    g@h.co\n");
    assert_eq!(lines(&rows), [2, 3, 4, 5]);
    let shifted = row_error(&rows[0]);
    assert_eq!(
        shifted.to_string(),
        "line 2: 4 values where the header has 3 columns (an unquoted comma?)"
    );
    assert_eq!(lead(&rows[1]).phone.as_deref(), Some("447800000002"));
    assert_eq!(lead(&rows[2]).phone.as_deref(), Some("447800000003"));
    assert_eq!(lead(&rows[3]).email.as_deref(), Some("g@h.co"));
}

#[test]
fn csv_empty_key_is_a_row_error() {
    let rows = read_all(
        "id,email\nk1,a@b.co\n  ,c@d.co\n,\"\"\nk3,e@f.co\n",
        Format::Csv,
        &keyed("ID"),
    );
    assert_eq!(rows.len(), 3);
    assert_eq!(lead(&rows[0]).key, "k1");
    let error = row_error(&rows[1]);
    assert_eq!(error.line, 3);
    assert!(error.reason.starts_with("empty key"), "{error}");
    assert!(!error.to_string().contains("c@d.co"));
    assert_eq!(lead(&rows[2]).key, "k3");
    assert_eq!(lead(&rows[2]).line, 5);
}

#[test]
fn csv_malformed_record_in_the_middle_does_not_stop_reading() {
    let mut list = b"email,phone\na@b.co,1\n".to_vec();
    list.extend_from_slice(b"bad\xff\xfe@b.co,2\n");
    list.extend_from_slice(b"c@d.co,3\n");
    let rows = read_all(list, Format::Csv, &Columns::default());
    assert_eq!(lines(&rows), [2, 3, 4]);
    let error = row_error(&rows[1]);
    assert_eq!(
        error.to_string(),
        "line 3: column `email` is not valid UTF-8"
    );
    assert_eq!(lead(&rows[2]).phone.as_deref(), Some("3"));
}

#[test]
fn csv_invalid_utf8_outside_the_mapped_columns_is_ignored() {
    let rows = read_all(
        b"email,notes\na@b.co,\xff\n".to_vec(),
        Format::Csv,
        &Columns::default(),
    );
    assert_eq!(lead(&rows[0]).email.as_deref(), Some("a@b.co"));
}

#[test]
fn csv_unclosed_quote_is_cut_at_the_record_limit() {
    let mut list = String::from("email,name\na@b.co,ok\nc@d.co,\"unclosed\n");
    let filler = "x".repeat(99) + "\n";
    while list.len() < MAX_ROW_BYTES + 300 * 1024 {
        list.push_str(&filler);
    }
    let rows = csv(&list);
    assert_eq!(rows.len(), 2);
    assert_eq!(lead(&rows[0]).line, 2);
    let error = row_error(&rows[1]);
    assert_eq!(error.line, 3);
    assert!(
        error.reason.starts_with("record longer than 1 MiB"),
        "{error}"
    );
}

#[test]
fn csv_io_error_ends_reading_with_a_row_error() {
    struct Failing(Cursor<Vec<u8>>);
    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(io::Error::new(
                    io::ErrorKind::ConnectionReset,
                    "dung@mail.com",
                )),
                read => Ok(read),
            }
        }
    }
    for format in [Format::Csv, Format::JsonLines] {
        let list = match format {
            Format::Csv => "email\na@b.co\n",
            Format::JsonLines => "{\"email\":\"a@b.co\"}\n",
        };
        let reader = from_reader(
            Failing(Cursor::new(list.into())),
            format,
            &Columns::default(),
        );
        let rows: Vec<_> = reader.into_iter().flatten().collect();
        assert_eq!(rows.len(), 2, "{format}");
        let error = row_error(&rows[1]);
        assert!(error.reason.starts_with("cannot read the list"), "{error}");
        assert!(!error.reason.contains("dung"), "{error}");
    }
}

#[test]
fn open_reads_a_file_and_names_a_missing_one() {
    let dir = std::env::temp_dir().join(format!("leadkit-input-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("list.csv");
    assert!(std::fs::write(&path, "email\na@b.co\n").is_ok());
    let rows: Vec<_> = match open(&path, Format::Csv, &Columns::default()) {
        Ok(reader) => reader.collect(),
        Err(error) => panic!("{error}"),
    };
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(lead(&rows[0]).email.as_deref(), Some("a@b.co"));

    let missing = dir.join("missing.csv");
    match open(&missing, Format::Csv, &Columns::default()) {
        Ok(_) => panic!("a missing file opened"),
        Err(error) => {
            assert!(matches!(error, InputError::Open { .. }));
            assert!(error.to_string().contains("missing.csv"), "{error}");
        }
    }
}

// ---- JSON Lines ----

#[test]
fn jsonl_numbers_nulls_and_blank_lines() {
    let rows = jsonl(
        "{\"email\":\"a@b.co\",\"phone\":84876543287,\"name\":null,\"country\":\"  \"}\n\
         \n\
         \x20\t\r\n\
         {\"phone\":\"0901 234\",\"partner_id\":42,\"leadid_token\":\"\"}\r\n\
         {\"phone\":-7, \"email\": 5}",
    );
    assert_eq!(lines(&rows), [1, 4, 5]);
    let first = lead(&rows[0]);
    assert_eq!(first.email.as_deref(), Some("a@b.co"));
    assert_eq!(first.phone.as_deref(), Some("84876543287"));
    assert_eq!(first.name, None);
    assert_eq!(first.country, None);
    let second = lead(&rows[1]);
    assert_eq!(second.phone.as_deref(), Some("0901 234"));
    assert_eq!(second.partner_id.as_deref(), Some("42"));
    assert_eq!(second.leadid_token, None);
    assert_eq!(second.email, None);
    assert_eq!(lead(&rows[2]).phone.as_deref(), Some("-7"));
    assert_eq!(lead(&rows[2]).email.as_deref(), Some("5"));
}

#[test]
fn jsonl_floats_are_whole_numbers_or_errors() {
    let rows = jsonl(
        "{\"phone\":8.4e10}\n{\"phone\":84876543287.5}\n{\"phone\":1e300}\n{\"phone\":true}\n",
    );
    assert_eq!(lead(&rows[0]).phone.as_deref(), Some("84000000000"));
    assert_eq!(
        row_error(&rows[1]).to_string(),
        "line 2: `phone` is not a whole number"
    );
    assert!(row_error(&rows[2]).reason.contains("too large"));
    assert_eq!(
        row_error(&rows[3]).to_string(),
        "line 4: `phone` is not a string or a number"
    );
}

#[test]
fn jsonl_member_names_match_case_insensitively() {
    let rows =
        jsonl("{\"Email\":\"a@b.co\",\" PHONE \":\"1\"}\n{\"email\":\"x@y.z\",\"EMAIL\":\"no\"}\n");
    assert_eq!(lead(&rows[0]).email.as_deref(), Some("a@b.co"));
    assert_eq!(lead(&rows[0]).phone.as_deref(), Some("1"));
    assert_eq!(lead(&rows[1]).email.as_deref(), Some("x@y.z"));
}

#[test]
fn a_leads_debug_hides_a_phone_typed_after_an_email_at() {
    // Found by the `screen_list` fuzz target: the masked email showed its "domain" whole.
    let rows =
        csv("email\n\"{\t22222222222+\u{fffd}@A\u{fffd}'222222222[-)?\"\ndung@84876543287\n");
    for row in &rows {
        let debug = format!("{:?}", lead(row));
        assert!(
            !debug.contains("222222222") && !debug.contains("84876543287"),
            "{debug}"
        );
    }
}

#[test]
fn jsonl_a_member_named_twice_is_a_row_error() {
    let rows = jsonl(
        "{\"email\":\"a@b.co\",\"phone\":\"1\",\"email\":\"c@d.co\"}\n\
         {\"Email\":\"a@b.co\",\"EMAIL\":\"c@d.co\"}\n\
         {\"notes\":1,\"notes\":2,\"email\":\"e@f.co\"}\n",
    );
    for row in &rows[..2] {
        let error = row_error(row);
        assert_eq!(
            error.reason,
            "the member `email` is in the object more than once"
        );
    }
    assert_eq!(lead(&rows[2]).email.as_deref(), Some("e@f.co"));
}

#[test]
fn jsonl_lines_that_are_not_objects_are_row_errors() {
    let rows = jsonl(
        "[\"dung@mail.com\"]\n\"84876543287\"\n{\"email\":\"dung@mail.com\"\n{\"email\":\"a@b.co\"}\n",
    );
    assert_eq!(lines(&rows), [1, 2, 3, 4]);
    assert_eq!(row_error(&rows[0]).reason, "not a JSON object");
    assert_eq!(row_error(&rows[1]).reason, "not a JSON object");
    let syntax = row_error(&rows[2]);
    assert!(syntax.reason.starts_with("not valid JSON"), "{syntax}");
    for row in &rows[..3] {
        let text = row_error(row).to_string();
        assert!(
            !text.contains("dung") && !text.contains("8487654"),
            "{text}"
        );
    }
    assert_eq!(lead(&rows[3]).email.as_deref(), Some("a@b.co"));
}

#[test]
fn jsonl_an_overlong_line_is_skipped() {
    let mut list = b"{\"email\":\"a@b.co\"}\n{\"name\":\"".to_vec();
    list.resize(list.len() + MAX_ROW_BYTES + 10, b'x');
    list.extend_from_slice(b"\"}\n{\"email\":\"c@d.co\"}\n");
    // Exactly at the limit is still read.
    let mut at_limit = b"{\"name\":\"".to_vec();
    at_limit.resize(MAX_ROW_BYTES - 2, b'y');
    at_limit.extend_from_slice(b"\"}\n");
    list.extend_from_slice(&at_limit);
    let rows = jsonl(list);
    assert_eq!(lines(&rows), [1, 2, 3, 4]);
    assert_eq!(row_error(&rows[1]).reason, "line longer than 1 MiB");
    assert_eq!(lead(&rows[2]).email.as_deref(), Some("c@d.co"));
    assert_eq!(
        lead(&rows[3]).name.as_ref().map(String::len),
        Some(MAX_ROW_BYTES - 11)
    );
}

#[test]
fn jsonl_an_overlong_last_line_without_newline() {
    let mut list = b"{\"email\":\"a@b.co\"}\n".to_vec();
    list.resize(list.len() + MAX_ROW_BYTES + 1, b' ');
    let rows = jsonl(list);
    assert_eq!(lines(&rows), [1, 2]);
    assert_eq!(row_error(&rows[1]).reason, "line longer than 1 MiB");
}

#[test]
fn jsonl_invalid_utf8_and_bom() {
    let rows = jsonl(
        b"\xef\xbb\xbf{\"email\":\"a@b.co\"}\n{\"email\":\"\xff\"}\n{\"phone\":\"1\"}\n".to_vec(),
    );
    assert_eq!(lead(&rows[0]).email.as_deref(), Some("a@b.co"));
    assert_eq!(row_error(&rows[1]).to_string(), "line 2: not valid UTF-8");
    assert_eq!(lead(&rows[2]).phone.as_deref(), Some("1"));
}

#[test]
fn jsonl_key_member() {
    let rows = read_all(
        "{\"id\":17,\"email\":\"a@b.co\"}\n{\"id\":\" k2 \"}\n{\"email\":\"c@d.co\"}\n{\"id\":null}\n",
        Format::JsonLines,
        &keyed("id"),
    );
    assert_eq!(lead(&rows[0]).key, "17");
    assert_eq!(lead(&rows[1]).key, "k2");
    assert_eq!(
        row_error(&rows[2]).to_string(),
        "line 3: empty key (column `id`)"
    );
    assert!(row_error(&rows[3]).reason.starts_with("empty key"));
}

// ---- Keys ----

#[test]
fn content_key_is_the_hash_of_the_normalised_values() {
    let rows = csv("email,phone,name,country,leadid_token,partner_id\n\
         Dung@Mail.COM,+84 (876) 543-287, Nguyen   Van\tA ,vn,ab-12,P1\n");
    let expected = format!(
        "h:{:016x}",
        stable_hash(
            "dung@mail.com\u{1f}84876543287\u{1f}nguyen van a\u{1f}VN\u{1f}AB-12\u{1f}P1"
                .as_bytes()
        )
    );
    assert_eq!(lead(&rows[0]).key, expected);
    assert_eq!(lead(&rows[0]).key.len(), 18);
    // Every value absent: the separators alone.
    let rows = jsonl("{\"unrelated\":1}\n");
    assert_eq!(
        lead(&rows[0]).key,
        format!("h:{:016x}", stable_hash(b"\x1f\x1f\x1f\x1f\x1f"))
    );
}

#[test]
fn content_keys_equal_when_only_formatting_differs() {
    let rows = csv("email,phone,name,country\n\
         Dung@Mail.com,+84 876 543 287,Nguyen Van A,vn\n\
         dung@mail.com,84876543287,  nguyen  VAN a ,VN\n");
    let json = jsonl(
        "{\"email\":\"DUNG@MAIL.COM\",\"phone\":84876543287,\"name\":\"NGUYEN VAN A\",\"country\":\"Vn\"}\n",
    );
    assert_eq!(lead(&rows[0]).key, lead(&rows[1]).key);
    assert_eq!(lead(&rows[0]).key, lead(&json[0]).key);
    // The email is kept as written.
    assert_eq!(lead(&rows[0]).email.as_deref(), Some("Dung@Mail.com"));
}

#[test]
fn content_keys_differ_when_content_differs() {
    let rows = csv("email,phone,name,partner_id\n\
         a@b.co,1,Ann,p\n\
         a@b.co,2,Ann,p\n\
         a@b.cx,1,Ann,p\n\
         a@b.co,1,Anna,p\n\
         a@b.co,1,Ann,P\n\
         a@b.co,1,,Annp\n\
         a@b.co,1Ann,,p\n");
    let mut keys: Vec<&str> = rows.iter().map(|row| lead(row).key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), rows.len());
}

#[test]
fn key_column_is_used_when_set() {
    let rows = read_all(
        "Lead ID,email\n  L-001 ,a@b.co\nL-002,a@b.co\n",
        Format::Csv,
        &keyed("lead id"),
    );
    assert_eq!(lead(&rows[0]).key, "L-001");
    assert_eq!(lead(&rows[1]).key, "L-002");
}

// ---- Shards ----

#[test]
fn stable_hash_is_fnv1a_64() {
    assert_eq!(stable_hash(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(stable_hash(b"foobar"), 0x8594_4171_f739_67e8);
}

#[test]
fn shard_parsing() {
    assert_eq!(
        "2/3".parse::<Shard>(),
        Ok(Shard::new(2, 3).unwrap_or_else(Shard::all))
    );
    assert_eq!(" 1 / 1 ".parse::<Shard>(), Ok(Shard::all()));
    assert_eq!(Shard::default(), Shard::all());
    let shard: Result<Shard, _> = "3/3".parse();
    assert_eq!(
        shard.map(|shard| (shard.index(), shard.count(), shard.to_string())),
        Ok((3, 3, "3/3".to_owned()))
    );
    assert_eq!(Shard::new(0, 3), None);
    assert_eq!(Shard::new(4, 3), None);
    assert_eq!(Shard::new(1, 0), None);
    let message = |text: &str| match text.parse::<Shard>() {
        Ok(shard) => panic!("`{text}` parsed as {shard}"),
        Err(error) => error.to_string(),
    };
    assert_eq!(
        message("0/3"),
        "invalid shard `0/3`: the index runs from 1 to the number of shards"
    );
    assert_eq!(
        message("4/3"),
        "invalid shard `4/3`: the index runs from 1 to the number of shards"
    );
    assert_eq!(
        message("1/0"),
        "invalid shard `1/0`: there must be at least 1 shard"
    );
    for junk in [
        "",
        "2",
        "2/",
        "/3",
        "a/b",
        "2/3/4",
        "-1/3",
        "1.5/3",
        "99999999999/3",
    ] {
        assert!(
            message(junk).starts_with(&format!("invalid shard `{junk}`: expected i/n")),
            "{junk}"
        );
    }
}

#[test]
fn shards_partition_keys_evenly() {
    let keys: Vec<String> = (0..10_000).map(|n| format!("lead-{n}")).collect();
    let count = 3;
    let mut sizes = Vec::new();
    for key in &keys {
        let owners = (1..=count)
            .filter(|&index| Shard::new(index, count).is_some_and(|shard| shard.contains(key)))
            .count();
        assert_eq!(owners, 1, "{key}");
    }
    for index in 1..=count {
        let shard = Shard::new(index, count).unwrap_or_else(Shard::all);
        sizes.push(keys.iter().filter(|key| shard.contains(key)).count());
    }
    let even = 10_000.0 / f64::from(count);
    for size in &sizes {
        let size = *size as f64;
        assert!((size - even).abs() <= even * 0.2, "{sizes:?}");
    }
    assert_eq!(sizes.iter().sum::<usize>(), 10_000);
    assert!(keys.iter().all(|key| Shard::all().contains(key)));
}

// ---- Privacy ----

#[test]
fn lead_debug_never_shows_personal_values() {
    let rows = csv("email,phone,name,country,leadid_token,partner_id\n\
         zebulon.quist@example.org,+84 876 543 287,Zebulon Quist,VN,TOKENXYZ987,partner-4471\n");
    let debug = format!("{:?}", lead(&rows[0]));
    for secret in [
        "zebulon",
        "Zebulon",
        "quist",
        "876 543",
        "84876543287",
        "TOKENXYZ987",
        "partner-4471",
    ] {
        assert!(!debug.contains(secret), "{secret} in {debug}");
    }
    assert!(debug.contains("line: 2"), "{debug}");
    assert!(debug.contains(&lead(&rows[0]).key), "{debug}");
    assert!(debug.contains("z***@example.org"), "{debug}");
    assert!(debug.contains("8487*****87"), "{debug}");
    assert!(debug.contains("<set>"), "{debug}");

    // A key column holding an email is masked too.
    let rows = read_all(
        "email\nzebulon.quist@example.org\n",
        Format::Csv,
        &keyed("email"),
    );
    let debug = format!("{:?}", lead(&rows[0]));
    assert!(!debug.contains("zebulon"), "{debug}");
}

// ---- Streaming and robustness ----

/// A CSV list of `rows` rows made as it is read.
struct GeneratedList {
    rows: u64,
    next_row: u64,
    pending: Vec<u8>,
    offset: usize,
}

impl Read for GeneratedList {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.offset == self.pending.len() {
            self.pending.clear();
            self.offset = 0;
            if self.next_row == 0 {
                self.pending.extend_from_slice(b"id,email,phone,name\n");
            } else if self.next_row <= self.rows {
                let n = self.next_row;
                self.pending.extend_from_slice(
                    format!("k{n},user{n}@example.com,+84 90{n:07},\"Name, {n}\"\n").as_bytes(),
                );
            } else {
                return Ok(0);
            }
            self.next_row += 1;
        }
        let available = &self.pending[self.offset..];
        let length = available.len().min(buf.len());
        buf[..length].copy_from_slice(&available[..length]);
        self.offset += length;
        Ok(length)
    }
}

#[test]
fn from_reader_streams_a_generated_list() {
    const ROWS: u64 = 200_000;
    let list = GeneratedList {
        rows: ROWS,
        next_row: 0,
        pending: Vec::new(),
        offset: 0,
    };
    let reader = match from_reader(list, Format::Csv, &keyed("id")) {
        Ok(reader) => reader,
        Err(error) => panic!("{error}"),
    };
    let mut count = 0_u64;
    for row in reader {
        let lead = lead(&row);
        count += 1;
        assert_eq!(lead.line, count + 1);
        assert_eq!(lead.key, format!("k{count}"));
    }
    assert_eq!(count, ROWS);
}

/// A simple linear congruential generator, for repeatable pseudo-random input.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn random_bytes_never_panic() {
    const PIECES: [&[u8]; 24] = [
        b",",
        b"\"",
        b"\n",
        b"\r",
        b"\r\n",
        b"{",
        b"}",
        b":",
        b"[",
        b"]",
        b"null",
        b"email",
        b"phone",
        b"\"email\":",
        b"\"id\":",
        b"1.5e3",
        b"-0",
        b" ",
        b"\xff",
        b"\xef\xbb\xbf",
        b"\xc3",
        b"a@b.co",
        b"id",
        b"\\u00e9",
    ];
    let mut random = Lcg(7);
    let column_sets = [Columns::default(), keyed("id")];
    for _ in 0..3_000 {
        let mut bytes = Vec::new();
        let pieces = random.next() % 40;
        for _ in 0..pieces {
            if random.next().is_multiple_of(4) {
                bytes.push(random.next() as u8);
            } else {
                bytes.extend_from_slice(PIECES[(random.next() % PIECES.len() as u64) as usize]);
            }
        }
        for columns in &column_sets {
            for format in [Format::Csv, Format::JsonLines] {
                if let Ok(reader) = from_reader(Cursor::new(bytes.clone()), format, columns) {
                    let mut last_line = 0;
                    for row in reader {
                        let line = match &row {
                            Ok(lead) => lead.line,
                            Err(error) => error.line,
                        };
                        assert!(line >= 1 && line >= last_line, "{bytes:?}");
                        last_line = line;
                    }
                }
            }
        }
    }
}
