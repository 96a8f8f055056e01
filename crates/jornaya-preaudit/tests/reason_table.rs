//! `docs/jornaya.md` holds the reason table generated from [`ReasonCode`], verbatim.
//!
//! Regenerate it after changing the catalogue:
//! `JORNAYA_REGENERATE_DOCS=1 cargo test -p jornaya-preaudit --test reason_table`

use jornaya_preaudit::{ReasonCode, reason_table_markdown};

const START: &str = "<!-- reason-table:start -->\n";
const END: &str = "<!-- reason-table:end -->";

fn doc_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/jornaya.md")
}

#[test]
fn docs_hold_the_generated_reason_table() {
    let path = doc_path();
    let mut doc = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let table = reason_table_markdown();
    if std::env::var_os("JORNAYA_REGENERATE_DOCS").is_some() {
        let start = doc.find(START).expect("start marker") + START.len();
        let end = doc.find(END).expect("end marker");
        doc.replace_range(start..end, &table);
        std::fs::write(&path, &doc).unwrap();
    }
    let section = doc
        .split_once(START)
        .and_then(|(_, rest)| rest.split_once(END))
        .map(|(section, _)| section)
        .expect("docs/jornaya.md lacks the reason-table markers");
    assert!(
        section == table && doc.contains(&table),
        "docs/jornaya.md's reason table differs from the enum; regenerate it with \
         `JORNAYA_REGENERATE_DOCS=1 cargo test -p jornaya-preaudit --test reason_table`"
    );
}

#[test]
fn table_lists_every_known_code_once() {
    let table = reason_table_markdown();
    assert_eq!(table.lines().count(), 2 + ReasonCode::KNOWN.len());
    for code in ReasonCode::KNOWN {
        let cell = format!("| `{}` |", code.as_str());
        assert_eq!(table.matches(&cell).count(), 1, "{code}");
    }
    assert!(table.contains(
        "| `r4.6` | `4.6` | IP Velocity 5 Minutes | Consumer Origin | too many leads generated from this IP address in the past 5 minutes. |"
    ));
}
