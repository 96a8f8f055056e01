//! The Jornaya `data` parameter builder (`LeadData`), driven by arbitrary setter calls.
//!
//! Checks: no panic; `encode` succeeds exactly when `validate` does; an encoded parameter
//! splits back into exactly the labels and values set (last value wins, first position kept),
//! so no value can smuggle in another field; an invalid one fails with `InvalidInput` naming
//! `data` or `data.<label>`; neither the error nor `Debug` prints a value that was set; a
//! request carrying the data validates the same way.

#![no_main]

use jornaya_preaudit::{LeadData, PreAuditRequest};
use leadkit_core::Error;
use libfuzzer_sys::fuzz_target;

const TOKEN: &str = "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE";

/// The documented labels, in setter order.
const LABELS: [&str; 8] = [
    "f_name", "l_name", "email", "phone1", "address1", "city", "state", "zip",
];

/// Calls one setter; returns the builder and the label it sets.
fn apply(data: LeadData, op: u8, label: String, value: String) -> (LeadData, String) {
    let data = match op % 10 {
        0 => data.first_name(value),
        1 => data.last_name(value),
        2 => data.email(value),
        3 => data.phone1(value),
        4 => data.address1(value),
        5 => data.city(value),
        6 => data.state(value),
        7 => data.zip(value),
        _ => return (data.field(label.clone(), value), label),
    };
    (data, LABELS[usize::from(op % 10)].to_owned())
}

fuzz_target!(|ops: Vec<(u8, String, String)>| {
    let mut data = LeadData::new();
    // The expected (label, value) list, modelled independently of the builder.
    let mut model: Vec<(String, String)> = Vec::new();
    for (op, label, value) in ops {
        let (next, label) = apply(data, op, label, value.clone());
        data = next;
        match model.iter_mut().find(|(known, _)| *known == label) {
            Some(slot) => slot.1 = value,
            None => model.push((label, value)),
        }
    }
    let set: Vec<(String, String)> = data
        .labels()
        .zip(data.values())
        .map(|(label, value)| (label.to_owned(), value.to_owned()))
        .collect();
    assert_eq!(
        set, model,
        "the builder keeps other labels or values than were set"
    );
    for (label, value) in &model {
        assert_eq!(data.get(label), Some(value.as_str()));
    }
    let values: Vec<String> = data.values().map(str::to_owned).collect();

    // `Debug` shows the labels and nothing else.
    let labels: Vec<&str> = data.labels().collect();
    assert_eq!(
        format!("{data:?}"),
        format!("LeadData {{ labels: {labels:?} }}")
    );
    let _ = &values;

    let validated = data.validate();
    let encoded = data.encode();
    assert_eq!(
        validated.is_ok(),
        encoded.is_ok(),
        "validate and encode disagree"
    );
    let request = PreAuditRequest::new(TOKEN, "ENTITY").data(data.clone());
    assert_eq!(
        request.validate().is_ok(),
        validated.is_ok(),
        "request validation differs"
    );

    match encoded {
        Ok(encoded) => {
            let decoded: Vec<(String, String)> = if encoded.is_empty() {
                Vec::new()
            } else {
                encoded
                    .split('|')
                    .map(|pair| {
                        let (label, value) = pair.split_once(';').expect("a pair has a `;`");
                        (label.to_owned(), value.to_owned())
                    })
                    .collect()
            };
            assert_eq!(decoded, model, "the encoded parameter does not split back");
        }
        Err(error) => {
            let Error::InvalidInput { field, reason, .. } = &error else {
                panic!("an invalid data parameter is not InvalidInput");
            };
            assert!(
                field == "data"
                    || field
                        .strip_prefix("data.")
                        .is_some_and(|label| model.iter().any(|(known, _)| known == label)),
                "the error names an unknown field"
            );
            // Display and Debug are made of the field (a label) and the reason: the reason
            // must be fixed text, never built from a value.
            if !KNOWN_REASONS.contains(&reason.as_ref()) {
                for value in &values {
                    assert!(
                        value.len() < 4 || !reason.contains(value.as_str()),
                        "the error prints a value"
                    );
                }
            }
            let _ = (error.to_string(), format!("{error:?}"));
        }
    }
});

/// The fixed reasons the builder's errors carry.
const KNOWN_REASONS: &[&str] = &[
    "a label is empty or contains whitespace, `|` or `;`",
    "must not contain `|` or `;` (the vendor's delimiters; no escaping exists)",
    "must not contain control characters",
];
