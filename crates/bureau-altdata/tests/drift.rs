//! Answers Bureau changes without notice: tolerant leaves, each service (and each other part)
//! decoded on its own, both spellings of a signal kept, and every unknown field written back.
//!
//! Each test mutates a documented answer from `fixtures/bureau/` (parsed as JSON) and decodes
//! it as the client does.

use bureau_altdata::{ErrorBody, ServiceName, ServiceStatus, Transaction, TransactionStatus};
use chrono::{TimeZone, Utc};
use leadkit_core::drift;
use leadkit_core::testing::fixture;
use serde_json::{Value, json};

fn answer(name: &str) -> Value {
    serde_json::from_str(&fixture("bureau", name)).unwrap()
}

/// Decodes `value` as the client does (`decode_json`, which names the failing path).
fn decode(value: &Value) -> Transaction {
    leadkit_core::decode_json::<Transaction>(
        &value.to_string().into_bytes().into(),
        "bureau",
        "fetch",
        leadkit_core::StatusCode::OK,
    )
    .unwrap_or_else(|error| panic!("the transaction must decode: {error}"))
}

fn response<'a>(value: &'a mut Value, service: &str) -> &'a mut Value {
    &mut value["services"][service]["response"]
}

#[test]
fn a_service_entry_without_status_still_gives_its_response() {
    let mut value = answer("fetch_final.json");
    value["services"]["Risk Model"]
        .as_object_mut()
        .unwrap()
        .remove("status");
    let t = decode(&value);
    let entry = t.services.risk_model.as_ref().unwrap().typed().unwrap();
    assert_eq!(entry.status, None);
    assert!(!entry.is_ok());
    assert_eq!(
        t.services
            .risk_model()
            .unwrap()
            .alternate_risk_score
            .value(),
        Some(57.47126436781605)
    );
    // Not listed among the statuses (it has none); the other eight are.
    assert_eq!(t.services.statuses().len(), 8);
    assert!(t.undecodable().is_empty());
}

#[test]
fn a_service_response_that_is_a_string_is_kept_raw_with_the_reason() {
    let mut value = answer("fetch_final.json");
    *response(&mut value, "Risk Model") = json!("model down, call 919812345678");
    // A second odd service: its `mobile` is an object, and holds a phone number.
    response(&mut value, "Phone Social Basic Report")["mobile"] = json!({"number": "919812345678"});
    let sent_risk = value["services"]["Risk Model"].clone();

    let (t, notices) = drift::watch(|| decode(&value));

    // Those two services are kept raw with the reason; every other part decoded.
    assert!(t.services.risk_model().is_none());
    let raw = t.services.risk_model.as_ref().unwrap().raw().unwrap();
    assert_eq!(raw.value(), &sent_risk);
    assert!(
        raw.reason().contains("expected struct RiskModel"),
        "{}",
        raw.reason()
    );
    assert!(t.services.phone_social_basic_report().is_none());
    assert_eq!(
        t.undecodable()
            .iter()
            .map(|(place, _)| place.as_str())
            .collect::<Vec<_>>(),
        ["services.Phone Social Basic Report", "services.Risk Model"]
    );
    assert_eq!(
        t.services
            .phone_name_attributes()
            .unwrap()
            .digital_age
            .value(),
        Some(1556)
    );
    assert_eq!(t.outcome, Some(TransactionStatus::Accepted));
    // Their status is still read from the JSON as sent.
    assert!(
        t.services
            .statuses()
            .contains(&(ServiceName::RiskModel, ServiceStatus::Ok))
    );
    assert_eq!(t.services.statuses().len(), 9);

    // Reported to drift notices, without the values.
    assert_eq!(notices.undecodable_parts.len(), 2, "{notices:?}");
    // Debug and the reasons show no personal data.
    let printed = format!("{t:?} {notices:?}");
    assert!(!printed.contains("9812345678"), "{printed}");
    assert!(!printed.contains("model down"), "{printed}");

    // Serialised back exactly as received.
    let back = serde_json::to_value(&t).unwrap();
    assert_eq!(back["services"]["Risk Model"], sent_risk);
    assert_eq!(
        back["services"]["Phone Social Basic Report"],
        value["services"]["Phone Social Basic Report"]
    );
}

#[test]
fn lenient_leaves_numbers_booleans_and_zoneless_dates() {
    let mut value = answer("fetch_final.json");
    value["statusCode"] = json!("200");
    value["timestamp"] = json!("1685004095033");
    value["transactionTimeline"][0]["index"] = json!(1.0);
    value["transactionTimeline"][0]["updatedAt"] = json!("2023-05-25T08:41:35.033Z");
    response(&mut value, "Risk Model")["responseStatusCode"] = json!("200");
    response(&mut value, "Risk Model")["conditionsEvaluationStatus"] = json!("true");
    let network = response(&mut value, "Mobile Network Intelligence (Without Consent)");
    network["isPhoneReachable"] = json!("true");
    network["roaming"] = json!(0);
    network["numberHasPortingHistory"] = json!("Yes");
    network["currentNetworkRegion"] = json!("");
    let email = response(&mut value, "Email Attributes");
    email["firstVerificationDate"] = json!("2023-05-18T07:30:32");
    email["lastVerificationDate"] = json!("2023-05-18 07:30");
    email["uniqueHits"] = json!("3");
    email["digitalAge"] = json!(6.0);
    let ena = response(&mut value, "Email Name Attributes");
    ena["multiplePhoneAttached"] = json!("false");
    ena["nameMatchScore"] = json!("87.5");
    response(&mut value, "Phone Social Basic Report")["isWhatsappBusiness"] = json!("No");

    let t = decode(&value);
    assert!(t.undecodable().is_empty(), "{:?}", t.undecodable());
    assert_eq!(t.status_code, Some(200));
    assert_eq!(
        t.timestamp,
        Some(Utc.timestamp_millis_opt(1_685_004_095_033).unwrap())
    );
    let step = t.timeline().next().unwrap();
    assert_eq!(step.index, Some(1));
    assert_eq!(
        step.updated_at, t.timestamp,
        "epoch milliseconds or a timestamp in text"
    );
    let risk = t.services.risk_model().unwrap();
    assert_eq!(risk.response_status_code, Some(200));
    assert_eq!(risk.conditions_evaluation_status, Some(true));
    let network = t.services.mobile_network_intelligence().unwrap();
    assert_eq!(network.is_phone_reachable, Some(true));
    assert_eq!(network.roaming, Some(false));
    assert_eq!(network.number_has_porting_history, Some(true));
    assert_eq!(network.current_network_region, None);
    let email = t.services.email_attributes().unwrap();
    // No zone is UTC; seconds optional.
    assert_eq!(
        email.first_verification_date.unwrap(),
        Utc.with_ymd_and_hms(2023, 5, 18, 7, 30, 32).unwrap()
    );
    assert_eq!(
        email.last_verification_date.unwrap(),
        Utc.with_ymd_and_hms(2023, 5, 18, 7, 30, 0).unwrap()
    );
    assert_eq!(email.unique_hits.value(), Some(3));
    assert_eq!(email.digital_age.value(), Some(6));
    let ena = t.services.email_name_attributes().unwrap();
    assert_eq!(ena.multiple_phone_attached, Some(false));
    assert_eq!(ena.name_match_score.value(), Some(87.5));
    assert_eq!(
        t.services
            .phone_social_basic_report()
            .unwrap()
            .is_whatsapp_business,
        Some(false)
    );
}

#[test]
fn timestamps_with_fractions_and_zones() {
    for (sent, expected) in [
        ("2023-05-18T07:30:32.1Z", "2023-05-18T07:30:32.100+00:00"),
        (
            "2023-05-18T07:30:32.123456789",
            "2023-05-18T07:30:32.123456789+00:00",
        ),
        ("2023-05-18T13:00:32+05:30", "2023-05-18T13:00:32+05:30"),
        ("2023-05-18 07:30:32", "2023-05-18T07:30:32+00:00"),
    ] {
        let mut value = answer("fetch_final.json");
        response(&mut value, "Email Attributes")["firstVerificationDate"] = json!(sent);
        let t = decode(&value);
        let at = t
            .services
            .email_attributes()
            .unwrap_or_else(|| panic!("{sent}: {:?}", t.undecodable()))
            .first_verification_date
            .unwrap();
        assert_eq!(at.to_rfc3339(), expected, "{sent}");
    }
}

#[test]
fn the_reported_answer_decodes_whole_but_one_service() {
    // Every failure reported at once: each of them failed the whole transaction.
    let mut value = answer("fetch_final.json");
    value["services"]["Email Social Basic Submit"]
        .as_object_mut()
        .unwrap()
        .remove("status");
    *response(&mut value, "Phone Social Basic Submit") = json!("ERROR");
    response(&mut value, "Risk Model")["responseStatusCode"] = json!("200");
    response(&mut value, "Mobile Network Intelligence (Without Consent)")["isPhoneReachable"] =
        json!("true");
    response(&mut value, "Email Attributes")["firstVerificationDate"] =
        json!("2023-05-18T07:30:32");

    let t = decode(&value);
    assert_eq!(t.transaction_id, "b6819bf9-a1aa-a11a-a11a-e7bb7ae2cd07");
    assert_eq!(t.undecodable().len(), 1);
    assert!(
        t.services
            .phone_social_basic_submit
            .as_ref()
            .unwrap()
            .raw()
            .is_some()
    );
    assert!(t.services.email_social_basic_submit().is_some());
    assert_eq!(
        t.services.risk_model().unwrap().response_status_code,
        Some(200)
    );
    assert_eq!(
        t.services
            .mobile_network_intelligence()
            .unwrap()
            .is_phone_reachable,
        Some(true)
    );
    assert!(
        t.services
            .email_attributes()
            .unwrap()
            .first_verification_date
            .is_some()
    );
}

#[test]
fn awaits_timeline_and_raw_input_are_isolated_too() {
    let mut value = answer("initiate.json");
    value["awaits"]["Phone Social Basic Report"] = json!({"status": "PENDING", "response": 7});
    value["transactionTimeline"]
        .as_array_mut()
        .unwrap()
        .push(json!("updated"));
    value["transactionRawInput"] = json!("user@example.com");
    value["services"]["Email Attributes"] = json!(["not", "an", "entry"]);

    let (t, notices) = drift::watch(|| decode(&value));
    assert!(t.is_awaiting());
    assert_eq!(
        t.undecodable()
            .iter()
            .map(|(place, _)| place.as_str())
            .collect::<Vec<_>>(),
        [
            "services.Email Attributes",
            "awaits.Phone Social Basic Report",
            "transactionTimeline[1]",
            "transactionRawInput",
        ]
    );
    assert_eq!(notices.undecodable_parts.len(), 4, "{notices:?}");
    assert_eq!(t.timeline().count(), 1);
    assert_eq!(
        t.awaited().map(|(name, _)| name).collect::<Vec<_>>(),
        ["Email Social Basic Report"]
    );
    assert!(t.raw_input().is_none());
    assert_eq!(t.services.pending(), [ServiceName::EmailSocialBasicReport]);
    let printed = format!("{t:?}");
    assert!(!printed.contains("user@example.com"), "{printed}");
    // Kept as sent.
    let back = serde_json::to_value(&t).unwrap();
    for pointer in [
        "/awaits/Phone Social Basic Report",
        "/transactionTimeline/1",
        "/transactionRawInput",
    ] {
        assert_eq!(back.pointer(pointer), value.pointer(pointer), "{pointer}");
    }
    assert_eq!(
        back["services"]["Email Attributes"],
        value["services"]["Email Attributes"]
    );
}

#[test]
fn empty_services_and_blank_responses_read_as_absent() {
    let mut value = answer("initiate.json");
    value["services"] = json!([]);
    assert_eq!(decode(&value).services, Default::default());

    let mut value = answer("initiate.json");
    *response(&mut value, "Risk Model") = json!("");
    let t = decode(&value);
    let entry = t.services.risk_model.as_ref().unwrap().typed().unwrap();
    assert_eq!(entry.status, Some(ServiceStatus::NotExecuted));
    assert!(entry.response.is_none());
}

#[test]
fn phone_name_attributes_keep_both_spellings() {
    let mut value = answer("fetch_final.json");
    let pna = response(&mut value, "Phone Name Attributes");
    // The example's spellings are already there (digitalage 1556, nameMatchScore 100,
    // ndrScore 1, unrScore 0); add the docs' table's.
    pna["phoneDigitalage"] = json!(1200);
    pna["phoneNameMatchScore"] = json!(90.5);
    pna["phoneNdrScore"] = json!(0.8);
    pna["phoneUnrScore"] = json!(0.2);
    let ena = response(&mut value, "Email Name Attributes");
    ena["emailDigitalage"] = json!(40);

    let t = decode(&value);
    assert!(t.undecodable().is_empty(), "{:?}", t.undecodable());
    let pna = t.services.phone_name_attributes().unwrap();
    assert_eq!(pna.digital_age.value(), Some(1556));
    assert_eq!(pna.phone_digital_age.value(), Some(1200));
    assert_eq!(pna.name_match_score.value(), Some(100.0));
    assert_eq!(pna.phone_name_match_score.value(), Some(90.5));
    assert_eq!(pna.ndr_score.value(), Some(1.0));
    assert_eq!(pna.phone_ndr_score.value(), Some(0.8));
    assert_eq!(pna.unr_score.value(), Some(0.0));
    assert_eq!(pna.phone_unr_score.value(), Some(0.2));
    let ena = t.services.email_name_attributes().unwrap();
    assert!(ena.digital_age.is_unknown());
    assert_eq!(ena.email_digital_age.value(), Some(40));

    // Both written back under their own names.
    let back = serde_json::to_value(&t).unwrap();
    let pna = &back["services"]["Phone Name Attributes"]["response"];
    assert_eq!(pna["digitalage"], 1556);
    assert_eq!(pna["phoneDigitalage"], 1200);
    assert_eq!(pna["phoneNdrScore"], 0.8);
    assert_eq!(pna["phoneUnrScore"], 0.2);
}

/// Adds `name: value` to the object at `pointer`.
fn add(value: &mut Value, pointer: &str, name: &str, added: Value) {
    value
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no object at {pointer}"))
        .insert(name.to_owned(), added);
}

/// Whether `back` (a decoded answer serialised) gives `sent` back. Every field sent must be
/// there; the only re-spellings allowed are the documented ones: a number written as another
/// JSON number of the same value (`-1` in a float signal comes back `-1.0`), a number sent
/// where text is documented written as text (`phoneNumber: -1` → `"-1"`), blank text for an
/// absent value (`""` → `null`), and a timestamp written in RFC 3339 (`Z` → `+00:00`).
fn assert_gives_back(sent: &Value, back: &Value, path: &str) {
    match (sent, back) {
        _ if sent == back => {}
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (Value::Number(number), Value::String(text)) if number.to_string() == *text => {}
        (Value::String(text), Value::Null) if text.trim().is_empty() => {}
        (Value::String(a), Value::String(b))
            if chrono::DateTime::parse_from_rfc3339(a).ok().is_some()
                && chrono::DateTime::parse_from_rfc3339(a).ok()
                    == chrono::DateTime::parse_from_rfc3339(b).ok() => {}
        (Value::Object(sent), Value::Object(back)) => {
            for (name, value) in sent {
                let field = format!("{path}.{name}");
                let got = back
                    .get(name)
                    .unwrap_or_else(|| panic!("{field} was dropped"));
                assert_gives_back(value, got, &field);
            }
        }
        (Value::Array(sent), Value::Array(back)) => {
            assert_eq!(sent.len(), back.len(), "{path}");
            for (index, (a, b)) in sent.iter().zip(back).enumerate() {
                assert_gives_back(a, b, &format!("{path}[{index}]"));
            }
        }
        _ => panic!("{path}: sent {sent}, written back {back}"),
    }
}

#[test]
fn unknown_fields_everywhere_survive_a_round_trip() {
    let services = [
        "Email Attributes",
        "Email Name Attributes",
        "Email Social Basic Report",
        "Email Social Basic Submit",
        "Mobile Network Intelligence (Without Consent)",
        "Phone Name Attributes",
        "Phone Social Basic Report",
        "Phone Social Basic Submit",
        "Risk Model",
    ];
    for fixture_name in ["fetch_final.json", "fetch_awaiting.json", "initiate.json"] {
        let mut value = answer(fixture_name);
        let added = json!({"nested": [1, "two", {"three": null}]});
        add(&mut value, "", "newEnvelopeField", added.clone());
        add(
            &mut value,
            "/transactionTimeline/0",
            "newStepField",
            json!(7),
        );
        add(
            &mut value,
            "/transactionRawInput",
            "newInputField",
            json!("x"),
        );
        for name in services {
            let entry = format!("/services/{name}");
            add(&mut value, &entry, "newEntryField", json!("kept"));
            if value.pointer(&format!("{entry}/response")) != Some(&Value::Null) {
                add(
                    &mut value,
                    &format!("{entry}/response"),
                    "newSignal",
                    added.clone(),
                );
            }
        }
        for name in ["Email Social Basic Report", "Phone Social Basic Report"] {
            let entry = format!("/awaits/{name}");
            if value.pointer(&entry).is_some() {
                add(&mut value, &entry, "newAwaitField", json!(true));
                add(
                    &mut value,
                    &format!("{entry}/response"),
                    "newData",
                    json!(1),
                );
            }
        }

        let (t, notices) = drift::watch(|| decode(&value));
        assert!(t.undecodable().is_empty(), "{:?}", t.undecodable());
        assert!(notices.undecodable_parts.is_empty());
        for name in [
            "newEnvelopeField",
            "newStepField",
            "newInputField",
            "newEntryField",
            "newAwaitField",
            "newData",
            "newSignal",
        ] {
            assert!(
                notices.extra_fields.iter().any(|field| field == name),
                "{fixture_name}: {name} not reported: {notices:?}"
            );
        }
        assert_eq!(t.extra.get("newEnvelopeField"), Some(&added));
        if let Some(risk) = t.services.risk_model() {
            assert_eq!(risk.extra.get("newSignal"), Some(&added));
        }

        let back = serde_json::to_value(&t).unwrap();
        assert_gives_back(&value, &back, fixture_name);
        // And what is written back decodes to the same transaction.
        assert_eq!(serde_json::from_value::<Transaction>(back).unwrap(), t);
    }
}

#[test]
fn error_bodies_keep_unknown_fields() {
    let mut value: Value = serde_json::from_str(&fixture("bureau", "error_503.json")).unwrap();
    add(&mut value, "", "traceId", json!("t-1"));
    add(&mut value, "/errors", "retryable", json!(false));
    let body = ErrorBody::parse(value.to_string().as_bytes()).unwrap();
    assert_eq!(body.extra.get("traceId"), Some(&json!("t-1")));
    assert_eq!(body.errors.extra.get("retryable"), Some(&json!(false)));
    let back = serde_json::to_value(&body).unwrap();
    assert_gives_back(&value, &back, "error_503.json");
}
