//! `cargo xtask drift [--seed N] [--per-fixture N]`: the drift corpus.
//!
//! Every answer fixture, mutated the ways vendors change answers without notice (a number
//! becomes a float or a string, a value becomes `null`, a field goes missing or appears, an
//! enum gains a value, a key arrives in both spellings, a byte-order mark, a repeated key or
//! element), decoded through its model. Each mutated answer either decodes whole, decodes with
//! parts kept raw (`leadkit_core::lenient::Decoded`), or fails; a failure is expected only when
//! the mutation hit a field the call cannot work without. Where a model serialises, the decoded
//! answer is written back and every field of the mutated input must still be there.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::fixtures::catalogue::{self, VENDORS};

/// The seed CI runs with.
pub const CI_SEED: u64 = 20_261_201;

/// Mutations made of each fixture.
pub const PER_FIXTURE: usize = 40;

/// The kinds of change vendors make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// An integer written as a float without fraction (`7` → `7.0`).
    IntegerToFloat,
    /// A number written as a string (`7` → `"7"`).
    NumberToString,
    /// A numeric string written as a number (`"7"` → `7`).
    NumericStringToNumber,
    /// A boolean written as a string (`true` → `"true"`).
    BooleanToString,
    /// A value replaced by `null`.
    Null,
    /// A field removed.
    MissingField,
    /// A field added.
    ExtraField,
    /// A string replaced by a value no model knows.
    UnknownValue,
    /// A key sent again in its other spelling (camelCase ↔ snake_case).
    BothSpellings,
    /// A UTF-8 byte-order mark before the document.
    ByteOrderMark,
    /// A key (JSON) or element (XML) repeated.
    Repeated,
}

/// How one mutated answer fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fate {
    /// Decoded with every part typed.
    Whole,
    /// Decoded, with parts kept raw.
    PartsRaw,
    /// Failed, the mutation having hit a field the call cannot work without.
    FailedEssential,
    /// Failed otherwise: a drift the client should have survived.
    Failed,
}

/// What decoding one mutated answer gave.
struct Outcome {
    error: Option<String>,
    raw_parts: usize,
    /// The decoded answer written back, for models that serialise.
    written: Option<Value>,
}

/// Per vendor: fates counted, fields lost, and the failures kept for the report.
#[derive(Debug, Default)]
pub struct VendorTally {
    /// How many mutated answers met each fate.
    pub fates: BTreeMap<String, usize>,
    /// Fields of the input missing from the decoded answer written back.
    pub lost_fields: Vec<String>,
    /// Answers whose model does not serialise (no loss check).
    pub unchecked: usize,
    /// Unexpected failures: `fixture kind: error`.
    pub failures: Vec<String>,
}

/// The whole run.
#[derive(Debug, Default)]
pub struct Report {
    /// By vendor.
    pub vendors: BTreeMap<String, VendorTally>,
}

impl Report {
    /// Whether nothing failed that should have decoded and nothing was lost.
    pub fn passed(&self) -> bool {
        self.vendors
            .values()
            .all(|tally| tally.failures.is_empty() && tally.lost_fields.is_empty())
    }

    /// A Markdown table of the run.
    pub fn table(&self, seed: u64, per_fixture: usize) -> String {
        let mut out = format!(
            "seed {seed}, {per_fixture} mutations per fixture\n\n| vendor | whole | parts kept raw | failed: essential field | failed: other | fields lost | not loss-checked |\n|---|---|---|---|---|---|---|\n"
        );
        for (vendor, tally) in &self.vendors {
            let count = |fate: Fate| tally.fates.get(&format!("{fate:?}")).copied().unwrap_or(0);
            out.push_str(&format!(
                "| {vendor} | {} | {} | {} | {} | {} | {} |\n",
                count(Fate::Whole),
                count(Fate::PartsRaw),
                count(Fate::FailedEssential),
                count(Fate::Failed),
                tally.lost_fields.len(),
                tally.unchecked,
            ));
        }
        out
    }
}

/// A small deterministic generator (SplitMix64), so a seed gives the same corpus everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A place in a JSON document: object keys and array indices.
type Pointer = Vec<Step>;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

fn walk(value: &Value, at: &mut Pointer, out: &mut Vec<(Pointer, Value)>) {
    out.push((at.clone(), value.clone()));
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                at.push(Step::Key(key.clone()));
                walk(child, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                at.push(Step::Index(index));
                walk(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn get_mut<'a>(value: &'a mut Value, at: &[Step]) -> Option<&'a mut Value> {
    at.iter().try_fold(value, |node, step| match step {
        Step::Key(key) => node.get_mut(key.as_str()),
        Step::Index(index) => node.get_mut(*index),
    })
}

fn pointer_text(at: &[Step]) -> String {
    let mut text = String::new();
    for step in at {
        match step {
            Step::Key(key) => {
                text.push('.');
                text.push_str(key);
            }
            Step::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    if text.is_empty() { ".".into() } else { text }
}

fn other_spelling(key: &str) -> Option<String> {
    if key.contains('_') {
        let mut out = String::new();
        let mut upper = false;
        for c in key.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.extend(c.to_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        Some(out)
    } else if key.chars().any(char::is_uppercase) {
        let mut out = String::new();
        for c in key.chars() {
            if c.is_uppercase() {
                out.push('_');
                out.extend(c.to_lowercase());
            } else {
                out.push(c);
            }
        }
        Some(out)
    } else {
        None
    }
}

/// One mutation of a JSON document: the new text, the kind, and the pointer it touched.
fn mutate_json(value: &Value, rng: &mut Rng) -> (String, Kind, Pointer) {
    let mut nodes = Vec::new();
    walk(value, &mut Vec::new(), &mut nodes);
    let kinds = [
        Kind::IntegerToFloat,
        Kind::NumberToString,
        Kind::NumericStringToNumber,
        Kind::BooleanToString,
        Kind::Null,
        Kind::MissingField,
        Kind::ExtraField,
        Kind::UnknownValue,
        Kind::BothSpellings,
        Kind::ByteOrderMark,
        Kind::Repeated,
    ];
    // Try kinds until one applies to this document.
    for _ in 0..64 {
        let kind = kinds[rng.below(kinds.len())];
        let fits = |(at, node): &(Pointer, Value)| -> bool {
            let keyed = matches!(at.last(), Some(Step::Key(_)));
            match kind {
                Kind::IntegerToFloat => node.as_i64().is_some() || node.as_u64().is_some(),
                Kind::NumberToString => node.is_number(),
                Kind::NumericStringToNumber => node
                    .as_str()
                    .is_some_and(|text| text.trim().parse::<f64>().is_ok()),
                Kind::BooleanToString => node.is_boolean(),
                Kind::Null | Kind::MissingField => keyed,
                Kind::ExtraField => node.is_object(),
                Kind::UnknownValue => node.is_string(),
                Kind::BothSpellings => match at.last() {
                    Some(Step::Key(key)) => other_spelling(key).is_some(),
                    _ => false,
                },
                Kind::ByteOrderMark => at.is_empty(),
                Kind::Repeated => node.as_object().is_some_and(|map| !map.is_empty()),
            }
        };
        let candidates: Vec<&(Pointer, Value)> = nodes.iter().filter(|node| fits(node)).collect();
        if candidates.is_empty() {
            continue;
        }
        let (at, node) = candidates[rng.below(candidates.len())].clone();
        let mut doc = value.clone();
        let mut text = None;
        match kind {
            Kind::IntegerToFloat => {
                let number = node.as_f64().unwrap_or_default();
                if let Some(slot) = get_mut(&mut doc, &at) {
                    *slot = serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number);
                }
                // serde_json writes 7.0 as `7.0`.
            }
            Kind::NumberToString => {
                if let Some(slot) = get_mut(&mut doc, &at) {
                    *slot = Value::String(node.to_string());
                }
            }
            Kind::NumericStringToNumber => {
                let parsed: Value = serde_json::from_str(node.as_str().unwrap_or("0").trim())
                    .unwrap_or(Value::Null);
                if let Some(slot) = get_mut(&mut doc, &at) {
                    *slot = parsed;
                }
            }
            Kind::BooleanToString => {
                if let Some(slot) = get_mut(&mut doc, &at) {
                    *slot = Value::String(node.to_string());
                }
            }
            Kind::Null => {
                if let Some(slot) = get_mut(&mut doc, &at) {
                    *slot = Value::Null;
                }
            }
            Kind::MissingField => {
                if let (Some(Step::Key(key)), Some(Value::Object(map))) =
                    (at.last(), get_mut(&mut doc, &at[..at.len() - 1]))
                {
                    map.remove(key);
                }
            }
            Kind::ExtraField => {
                if let Some(Value::Object(map)) = get_mut(&mut doc, &at) {
                    map.insert(
                        "leadkitDriftField".into(),
                        serde_json::json!({"added": 1, "note": "new"}),
                    );
                }
            }
            Kind::UnknownValue => {
                if let Some(slot) = get_mut(&mut doc, &at) {
                    *slot = Value::String("ZZ_NEW_VALUE".into());
                }
            }
            Kind::BothSpellings => {
                if let (Some(Step::Key(key)), Some(Value::Object(map))) =
                    (at.last(), get_mut(&mut doc, &at[..at.len() - 1]))
                    && let Some(other) = other_spelling(key)
                {
                    map.insert(other, node.clone());
                }
            }
            Kind::ByteOrderMark => {
                text = Some(format!("\u{feff}{}", doc));
            }
            Kind::Repeated => {
                if let Some(Value::Object(map)) = get_mut(&mut doc, &at)
                    && let Some((key, first)) =
                        map.iter().next().map(|(k, v)| (k.clone(), v.clone()))
                {
                    map.insert("\u{1}repeat".into(), first);
                    let written = doc.to_string();
                    let key_text = Value::String(key).to_string();
                    text = Some(written.replacen("\"\\u0001repeat\"", &key_text, 1));
                }
            }
        }
        let text = text.unwrap_or_else(|| doc.to_string());
        return (text, kind, at);
    }
    (format!("\u{feff}{value}"), Kind::ByteOrderMark, Vec::new())
}

/// The leaf elements of an XML document (`<name>text</name>`), as byte ranges.
fn xml_leaves(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut leaves = Vec::new();
    for (start, _) in text.match_indices('<') {
        let rest = &text[start + 1..];
        if rest.starts_with(['/', '?', '!']) {
            continue;
        }
        let Some(name_end) = rest.find(['>', ' ', '/']) else {
            continue;
        };
        let name = &rest[..name_end];
        let Some(open_end) = rest.find('>') else {
            continue;
        };
        let inner = &rest[open_end + 1..];
        let Some(text_end) = inner.find('<') else {
            continue;
        };
        let close = format!("</{name}>");
        if inner[text_end..].starts_with(&close) {
            let end = start + 1 + open_end + 1 + text_end + close.len();
            leaves.push((start..end, name.to_owned()));
        }
    }
    leaves
}

/// One mutation of an XML document: a byte-order mark, or a leaf element repeated in place.
fn mutate_xml(text: &str, rng: &mut Rng) -> (String, Kind, Pointer) {
    let leaves = xml_leaves(text);
    if leaves.is_empty() || rng.below(3) == 0 {
        return (format!("\u{feff}{text}"), Kind::ByteOrderMark, Vec::new());
    }
    let (range, name) = leaves[rng.below(leaves.len())].clone();
    let mut out = String::with_capacity(text.len() + range.len());
    out.push_str(&text[..range.end]);
    out.push_str(&text[range.clone()]);
    out.push_str(&text[range.end..]);
    (out, Kind::Repeated, vec![Step::Key(name)])
}

fn decode_serde<T: DeserializeOwned + Serialize>(text: &str) -> (Outcome, usize) {
    let (result, drift) = leadkit_core::drift::watch(|| {
        let body = bytes::Bytes::copy_from_slice(text.as_bytes());
        leadkit_core::decode_json::<T>(&body, "corpus", "decode", leadkit_core::StatusCode::OK)
    });
    let raw = drift.undecodable_parts.len();
    match result {
        Ok(decoded) => (
            Outcome {
                error: None,
                raw_parts: raw,
                written: serde_json::to_value(&decoded).ok(),
            },
            raw,
        ),
        Err(error) => (
            Outcome {
                error: Some(error.to_string()),
                raw_parts: raw,
                written: None,
            },
            raw,
        ),
    }
}

fn decode_opaque(decode: impl FnOnce() -> Result<(), String>) -> Outcome {
    let (result, drift) = leadkit_core::drift::watch(decode);
    Outcome {
        error: result.err(),
        raw_parts: drift.undecodable_parts.len(),
        written: None,
    }
}

/// Decodes `text` as `model`; `None` for models outside the corpus (error bodies, tokens).
fn decode(model: &str, text: &str) -> Option<Outcome> {
    Some(match model {
        "jeff/lead" => decode_serde::<jeff_client::Lead>(text).0,
        "jeff/fraud" => decode_serde::<jeff_client::FraudData>(text).0,
        "jeff/social-presence" => decode_serde::<jeff_client::SocialPresence>(text).0,
        "bureau/transaction" => decode_serde::<bureau_altdata::Transaction>(text).0,
        "jornaya/preaudit-json" => decode_opaque(|| {
            jornaya_preaudit::PreAudit::from_json(text.as_bytes())
                .map(drop)
                .map_err(|error| error.to_string())
        }),
        "jornaya/preaudit-xml" => decode_opaque(|| {
            jornaya_preaudit::PreAudit::from_xml(text.as_bytes())
                .map(drop)
                .map_err(|error| error.to_string())
        }),
        "friendlyscore/user" => decode_serde::<friendlyscore_client::User>(text).0,
        "friendlyscore/user-data" => decode_serde::<friendlyscore_client::UserData>(text).0,
        "friendlyscore/users-page" => decode_serde::<friendlyscore_client::UsersPage>(text).0,
        _ => return None,
    })
}

/// The fields a call cannot work without, by model, as pointers: a failure is expected when
/// a mutation hits one of these or a value that holds one.
fn essential(model: &str) -> &'static [&'static str] {
    match model {
        "bureau/transaction" => &[".transactionId"],
        "jornaya/preaudit-json" => &[".preaudit.body.result"],
        "jornaya/preaudit-xml" => &["result"],
        _ => &[],
    }
}

/// Whether a mutation at `at` touched an essential field: the field itself, or a value on
/// the way to it (removing or replacing `preaudit` removes its result). Repeating a key is
/// judged by the key repeated.
fn hits_essential(model: &str, at: &[Step], kind: Kind) -> bool {
    if matches!(kind, Kind::ExtraField | Kind::ByteOrderMark) {
        return false;
    }
    let here = pointer_text(at);
    essential(model).iter().any(|field| {
        if model.ends_with("-xml") {
            return here == format!(".{field}");
        }
        let on_the_way = field.starts_with(&here)
            && (here == "."
                || field[here.len()..].is_empty()
                || field[here.len()..].starts_with('.'));
        *field == here || (on_the_way && kind != Kind::Repeated && kind != Kind::BothSpellings)
    })
}

/// Whether a value carries no data (`null`, blank text, or lists and objects of those): such a
/// value may be written back as absent.
fn carries_nothing(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.trim().is_empty(),
        Value::Array(items) => items.iter().all(carries_nothing),
        Value::Object(map) => map.values().all(carries_nothing),
        _ => false,
    }
}

/// Keys of `input` (with a value that carries data) missing from `written` at the same place.
fn lost_keys(input: &Value, written: &Value, at: &mut Pointer, lost: &mut Vec<String>) {
    match (input, written) {
        (Value::Object(map), Value::Object(out)) => {
            for (key, child) in map {
                if carries_nothing(child) {
                    continue;
                }
                at.push(Step::Key(key.clone()));
                match out.get(key) {
                    Some(written_child) => lost_keys(child, written_child, at, lost),
                    None => lost.push(pointer_text(at)),
                }
                at.pop();
            }
        }
        (Value::Array(items), Value::Array(out)) => {
            for (index, child) in items.iter().enumerate() {
                at.push(Step::Index(index));
                match out.get(index) {
                    Some(written_child) => lost_keys(child, written_child, at, lost),
                    None => lost.push(pointer_text(at)),
                }
                at.pop();
            }
        }
        _ => {}
    }
}

/// Runs the corpus over the fixtures under `root`.
pub fn run_corpus(root: &Path, seed: u64, per_fixture: usize) -> Result<Report, String> {
    let mut rng = Rng(seed);
    let mut report = Report::default();
    for vendor in VENDORS {
        let catalogue = catalogue::load(root, vendor)?;
        let dir = catalogue::vendor_dir(root, vendor);
        let tally = report.vendors.entry((*vendor).to_owned()).or_default();
        for case in &catalogue.cases {
            let text = std::fs::read_to_string(dir.join(&case.fixture))
                .map_err(|error| format!("{}: {error}", case.fixture))?;
            if decode(&case.model, &text).is_none() {
                continue;
            }
            let xml = case.model.ends_with("-xml");
            let value: Option<Value> = if xml {
                None
            } else {
                serde_json::from_str(&text).ok()
            };
            for _ in 0..per_fixture {
                let (mutated, kind, at) = match &value {
                    Some(value) => mutate_json(value, &mut rng),
                    None => mutate_xml(&text, &mut rng),
                };
                let Some(outcome) = decode(&case.model, &mutated) else {
                    continue;
                };
                let hit_essential = hits_essential(&case.model, &at, kind);
                let fate = match (&outcome.error, outcome.raw_parts) {
                    (None, 0) => Fate::Whole,
                    (None, _) => Fate::PartsRaw,
                    (Some(_), _) if hit_essential => Fate::FailedEssential,
                    (Some(error), _) => {
                        tally.failures.push(format!(
                            "{} {kind:?} at {}: {error}",
                            case.fixture,
                            pointer_text(&at)
                        ));
                        Fate::Failed
                    }
                };
                *tally.fates.entry(format!("{fate:?}")).or_default() += 1;
                if outcome.error.is_none() {
                    match (&outcome.written, xml) {
                        (Some(written), false) => {
                            let input: Value =
                                serde_json::from_str(mutated.trim_start_matches('\u{feff}'))
                                    .unwrap_or(Value::Null);
                            let mut lost = Vec::new();
                            lost_keys(&input, written, &mut Vec::new(), &mut lost);
                            for path in lost {
                                tally
                                    .lost_fields
                                    .push(format!("{} {kind:?}: {path}", case.fixture));
                            }
                        }
                        _ => tally.unchecked += 1,
                    }
                }
            }
        }
    }
    Ok(report)
}

/// `cargo xtask drift [--seed N] [--per-fixture N]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut seed = CI_SEED;
    let mut per_fixture = PER_FIXTURE;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--seed" => seed = value.parse().map_err(|_| "--seed takes a number")?,
            "--per-fixture" => {
                per_fixture = value.parse().map_err(|_| "--per-fixture takes a number")?
            }
            other => return Err(format!("unknown option {other}")),
        }
    }
    let report = run_corpus(&crate::fixtures::default_root(), seed, per_fixture)?;
    println!("{}", report.table(seed, per_fixture));
    for (vendor, tally) in &report.vendors {
        for failure in tally.failures.iter().take(20) {
            println!("FAILED {vendor}: {failure}");
        }
        for lost in tally.lost_fields.iter().take(20) {
            println!("LOST {vendor}: {lost}");
        }
    }
    if report.passed() {
        Ok(())
    } else {
        Err("the drift corpus found answers lost to drift".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CI run of the corpus: on the fixed seed, nothing fails that the client should
    /// survive, and no field of a decoded answer is lost on the way back.
    #[test]
    fn the_fixed_seed_corpus_loses_nothing() {
        let report = run_corpus(&crate::fixtures::default_root(), CI_SEED, PER_FIXTURE).unwrap();
        for (vendor, tally) in &report.vendors {
            assert!(tally.failures.is_empty(), "{vendor}: {:#?}", tally.failures);
            assert!(
                tally.lost_fields.is_empty(),
                "{vendor}: {:#?}",
                tally.lost_fields
            );
            assert!(
                tally.fates.values().sum::<usize>() > 0,
                "{vendor}: no answer was mutated"
            );
        }
    }

    #[test]
    fn mutations_are_the_same_for_a_seed() {
        let value = serde_json::json!({"a": 1, "b": {"c": "2", "d": true}});
        let first: Vec<_> = (0..20)
            .scan(Rng(7), |rng, _| Some(mutate_json(&value, rng).0))
            .collect();
        let second: Vec<_> = (0..20)
            .scan(Rng(7), |rng, _| Some(mutate_json(&value, rng).0))
            .collect();
        assert_eq!(first, second);
        assert!(first.iter().any(|text| text.starts_with('\u{feff}')));
    }

    #[test]
    fn xml_leaves_are_found_and_repeated_in_place() {
        let xml = "<a><b>1</b><c><d>x</d></c></a>";
        let names: Vec<String> = xml_leaves(xml).into_iter().map(|(_, name)| name).collect();
        assert_eq!(names, ["b", "d"]);
    }
}
