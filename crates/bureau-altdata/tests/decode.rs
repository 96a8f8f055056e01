//! The documented answers, decoded field by field; unknown services, fields and values kept.

use bureau_altdata::{
    AccountPresence, BillingType, ErrorBody, Level, ServiceName, ServiceStatus, Transaction,
    TransactionStatus,
};
use chrono::{TimeZone, Utc};
use leadkit_core::testing::fixture;

fn transaction(name: &str) -> Transaction {
    serde_json::from_str(&fixture("bureau", name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn initiate_answer_envelope() {
    let t = transaction("initiate.json");
    assert_eq!(t.status_code, Some(200));
    assert_eq!(t.error, None);
    assert_eq!(t.status, Some(TransactionStatus::Awaiting));
    assert_eq!(t.outcome, Some(TransactionStatus::Awaiting));
    assert!(t.is_awaiting());
    assert_eq!(
        t.timestamp,
        Some(Utc.timestamp_millis_opt(1_684_999_151_234).unwrap())
    );
    assert_eq!(t.transaction_id, "c7f3b313-1111-1111-aaaa-12ca28f7e68e");
    assert_eq!(
        t.merchant_id.as_deref(),
        Some("auth0|000000000000000000000000")
    );
    assert_eq!(
        t.entity_id.as_deref(),
        Some("32b86cfb-1991-44f5-9f57-8e4385d8861a")
    );
    assert_eq!(t.entity_type, None);
    assert_eq!(
        t.workflow_id.as_deref(),
        Some("30f4a31f-aaaa-11aa-11aa-a1a085aebb9b")
    );
    assert_eq!(t.entity_name.as_ref().unwrap(), "User Name");
    assert_eq!(t.workflow_name.as_deref(), Some("Test-alternate-score"));
    assert!(t.tags.is_empty());
    assert_eq!(t.transaction_timeline.len(), 1);
    let step = t.transaction_timeline[0].typed().unwrap();
    assert_eq!(step.index, Some(1));
    assert_eq!(
        step.updated_at,
        Some(Utc.timestamp_millis_opt(1_684_999_151_234).unwrap())
    );
    assert_eq!(step.updated_by, None);
    assert_eq!(step.outcome, Some(TransactionStatus::Awaiting));
    assert_eq!(step.comments, None);
    assert!(t.outcome_reasons.is_empty());
    assert!(t.documents.is_empty());
    assert!(t.devices.is_empty());
    let raw = t.raw_input().unwrap();
    assert_eq!(raw.country_code.as_deref(), Some("IND"));
    assert_eq!(raw.derived_signals, Some(true));
    assert_eq!(raw.enhanced_coverage, None);
    assert_eq!(raw.email.as_ref().unwrap(), "user@example.com");
    assert_eq!(raw.name.as_ref().unwrap(), "User Name");
    assert_eq!(raw.phone_number.as_ref().unwrap(), "919999999999");

    let awaited = t.awaits["Email Social Basic Report"].typed().unwrap();
    assert_eq!(awaited.status, Some(ServiceStatus::Pending));
    let response = awaited.response.as_ref().unwrap();
    assert_eq!(response.awaited_on_this, Some(true));
    assert!(response.data.is_empty());
}

#[test]
fn initiate_answer_services_in_progress() {
    let s = transaction("initiate.json").services;
    let email_attributes = s.email_attributes.as_ref().unwrap().typed().unwrap();
    assert_eq!(email_attributes.status, Some(ServiceStatus::NotExecuted));
    assert!(email_attributes.response.is_none());
    let report = s
        .email_social_basic_report
        .as_ref()
        .unwrap()
        .typed()
        .unwrap();
    assert_eq!(report.status, Some(ServiceStatus::Pending));
    let report = report.response.as_ref().unwrap();
    assert_eq!(report.awaited_on_this, Some(true));
    assert_eq!(report.amazon, None);
    assert_eq!(report.email, None);
    assert_eq!(report.reference_id, None);
    let submit = s
        .email_social_basic_submit
        .as_ref()
        .unwrap()
        .typed()
        .unwrap();
    assert!(submit.is_ok());
    let submit = submit.response.as_ref().unwrap();
    assert_eq!(submit.conditions_evaluation_status, Some(true));
    assert_eq!(
        submit.reference_id.as_deref(),
        Some("85d31f1c-a222-4caf-9323-b6f7e75377de")
    );
    assert_eq!(submit.status, Some(ServiceStatus::Ok));
    assert!(submit.error.is_none());
    assert_eq!(s.pending(), vec![ServiceName::EmailSocialBasicReport]);
    assert_eq!(s.statuses().len(), 9);
    assert!(s.other.is_empty());
}

#[test]
fn final_answer_envelope_and_email_services() {
    let t = transaction("fetch_final.json");
    assert_eq!(t.status, Some(TransactionStatus::Ok));
    assert_eq!(t.outcome, Some(TransactionStatus::Accepted));
    assert!(t.is_done());
    assert_eq!(t.transaction_id, "b6819bf9-a1aa-a11a-a11a-e7bb7ae2cd07");
    assert_eq!(
        t.timestamp,
        Some(Utc.timestamp_millis_opt(1_685_004_095_033).unwrap())
    );
    assert!(t.services.pending().is_empty());
    assert_eq!(t.awaits.len(), 2);
    assert_eq!(
        t.awaits["Phone Social Basic Report"]
            .typed()
            .unwrap()
            .status,
        Some(ServiceStatus::Ok)
    );

    let ea = t.services.email_attributes().unwrap();
    assert_eq!(ea.conditions_evaluation_status, Some(true));
    assert_eq!(ea.digital_age.value(), Some(6));
    assert_eq!(ea.domain_exists, Some(true));
    assert_eq!(ea.domain_risk_level, Some(Level::Moderate));
    assert_eq!(ea.domain_category.as_deref(), Some("Webmail"));
    assert_eq!(ea.domain_corporate.as_deref(), Some("No"));
    assert_eq!(ea.is_corporate_domain(), Some(false));
    assert_eq!(ea.email_exists, Some(true));
    assert_eq!(ea.email_final_recommendation.as_deref(), Some("No Data"));
    assert!(ea.error.is_none());
    let verified = Utc.with_ymd_and_hms(2023, 5, 18, 7, 30, 32).unwrap();
    assert_eq!(ea.first_verification_date.unwrap(), verified);
    assert_eq!(ea.last_verification_date.unwrap(), verified);
    assert_eq!(ea.footprint.as_deref(), Some("NO_RECORDS"));
    assert_eq!(ea.status, Some(ServiceStatus::Ok));
    assert_eq!(ea.unique_hits.value(), Some(1));

    let ena = t.services.email_name_attributes().unwrap();
    assert_eq!(ena.address, None);
    assert_eq!(ena.business_name_detected, Some(false));
    assert!(ena.digital_age.is_unknown());
    assert_eq!(ena.digital_age.value(), None);
    assert_eq!(ena.digital_age.raw(), Some(-1));
    assert_eq!(ena.email_digits.value(), Some(4));
    assert_eq!(ena.email_footprint_strength, None);
    assert!(ena.email_name_digital_age.is_unknown());
    assert_eq!(ena.email_special_chars.value(), Some(0));
    assert_eq!(ena.first_name_match, Some(false));
    assert_eq!(ena.last_name_match, Some(false));
    assert_eq!(ena.multiple_phone_attached, Some(false));
    assert_eq!(ena.name_email_match.raw(), Some(-1.0));
    assert_eq!(ena.name_email_match.value(), None);
    assert_eq!(ena.name_match_score.value(), Some(0.0));
    assert!(ena.ndr_score.is_unknown());
    assert_eq!(ena.phone_number.as_ref().unwrap(), "-1");
    assert_eq!(ena.attached_phone_number(), None);
    assert_eq!(ena.status, Some(ServiceStatus::Ok));
    assert!(ena.unr_score.is_unknown());

    let esr = t.services.email_social_basic_report().unwrap();
    for platform in [&esr.amazon, &esr.flipkart, &esr.instagram, &esr.paytm] {
        assert_eq!(platform, &Some(AccountPresence::Found));
    }
    assert_eq!(esr.awaited_on_this, Some(false));
    assert_eq!(esr.email.as_ref().unwrap(), "user@example.com");
    assert_eq!(
        esr.reference_id.as_deref(),
        Some("ad40658c-5fc0-4325-b6ae-c5221c75501f")
    );
}

#[test]
fn final_answer_phone_services() {
    let s = transaction("fetch_final.json").services;
    let mni = s.mobile_network_intelligence().unwrap();
    assert_eq!(mni.conditions_evaluation_status, Some(true));
    assert_eq!(mni.current_network_country_code_iso2, None);
    assert_eq!(mni.current_network_name.as_deref(), Some("Reliance Jio"));
    assert_eq!(mni.current_network_region.as_deref(), Some("Gujarat"));
    assert_eq!(mni.imsi.as_ref().unwrap(), "4058575280");
    assert_eq!(mni.is_phone_reachable, Some(true));
    assert_eq!(mni.is_valid_phone_number, Some(true));
    assert_eq!(mni.number_billing_type, Some(BillingType::Prepaid));
    assert_eq!(mni.number_has_porting_history, Some(true));
    assert_eq!(mni.ported_from_network_country_code_iso2, None);
    assert_eq!(mni.ported_from_network_name.as_deref(), Some("Airtel"));
    assert_eq!(mni.ported_from_network_region.as_deref(), Some("Gujarat"));
    assert_eq!(mni.roaming, Some(false));
    assert_eq!(mni.roaming_network_country_code_iso2, None);
    assert_eq!(mni.roaming_network_name, None);
    assert_eq!(mni.roaming_network_region, None);
    assert_eq!(mni.status, Some(ServiceStatus::Ok));

    let pna = s.phone_name_attributes().unwrap();
    assert_eq!(pna.address.as_ref().unwrap(), "");
    assert_eq!(pna.business_name_detected, Some(false));
    assert_eq!(pna.digital_age.value(), Some(1556));
    assert_eq!(pna.first_name_match, Some(true));
    assert_eq!(pna.last_name_match, Some(true));
    assert_eq!(pna.name_match_score.value(), Some(100.0));
    assert_eq!(pna.ndr_score.value(), Some(1.0));
    assert_eq!(pna.phone_footprint_strength_overall, Some(Level::Low));
    assert!(pna.phone_name_digital_age.is_unknown());
    assert_eq!(pna.unr_score.value(), Some(0.0));
    assert_eq!(pna.upi_name, None);
    assert!(pna.upi_name_similarity.is_absent());

    let psr = s.phone_social_basic_report().unwrap();
    assert_eq!(psr.amazon, Some(AccountPresence::Error));
    assert_eq!(psr.flipkart, Some(AccountPresence::Found));
    assert_eq!(psr.instagram, Some(AccountPresence::NotFound));
    assert_eq!(psr.paytm, Some(AccountPresence::Found));
    assert_eq!(psr.whatsapp, Some(AccountPresence::Found));
    assert_eq!(psr.is_whatsapp_business, None);
    assert_eq!(psr.mobile.as_ref().unwrap(), "9999999999");
    assert_eq!(psr.awaited_on_this, Some(false));
    assert_eq!(
        psr.reference_id.as_deref(),
        Some("36c0c803-6744-4f90-8c08-60a4222cbf7a")
    );
    let submit = s.phone_social_basic_submit().unwrap();
    assert_eq!(submit.reference_id, psr.reference_id);
}

#[test]
fn final_answer_risk_model() {
    let s = transaction("fetch_final.json").services;
    let entry = s.risk_model.as_ref().unwrap().typed().unwrap();
    assert_eq!(entry.status, Some(ServiceStatus::Ok));
    let risk = s.risk_model().unwrap();
    assert_eq!(risk.address1.as_ref().unwrap(), "");
    assert_eq!(risk.address2.as_ref().unwrap(), "");
    assert_eq!(risk.address_completeness_score.value(), Some(0.0));
    assert_eq!(
        risk.address_insight_lines().collect::<Vec<_>>(),
        [
            "Unit/Rooftop information ambiguous or not found",
            "Area or society name ambiguous or not found",
            "Street name ambiguous or not found",
            "Landmark name ambiguous or not found",
        ]
    );
    assert_eq!(risk.address_risk, Some(Level::High));
    assert_eq!(risk.alternate_risk_score.value(), Some(57.47126436781605));
    for parts in [
        &risk.area_name,
        &risk.area_pincode,
        &risk.city_name,
        &risk.landmark,
        &risk.society_name,
        &risk.state_name,
        &risk.street_name,
        &risk.unit,
    ] {
        assert!(parts.is_empty());
    }
    assert_eq!(risk.digital_footprint, Some(Level::High));
    assert_eq!(risk.email_unr_score.value(), Some(0.0));
    assert_eq!(risk.identity_confidence, Some(Level::High));
    assert_eq!(risk.message.as_deref(), Some("Success"));
    assert_eq!(
        risk.negative_insights,
        [
            "Address seems to be incomplete.",
            "Email may not belong to the same person, does not match partially with name."
        ]
    );
    assert_eq!(risk.positive_insights.len(), 4);
    assert_eq!(
        risk.positive_insights[3],
        "Person's name matches against bank records."
    );
    assert_eq!(risk.phone_unr_score.value(), Some(0.0));
    assert_eq!(risk.response_status_code, Some(200));
    assert_eq!(risk.status, Some(ServiceStatus::Ok));
    assert_eq!(risk.telecom_risk, Some(Level::Low));
    assert_eq!(risk.upi_phone_name_match.value(), Some(1));
    assert_eq!(risk.upi_phone_name_match_score.value(), Some(100.0));
}

#[test]
fn unknown_services_fields_and_values_are_kept() {
    let mut value: serde_json::Value =
        serde_json::from_str(&fixture("bureau", "fetch_final.json")).unwrap();
    value["brandNewEnvelopeField"] = serde_json::json!({"x": 1});
    value["outcome"] = "REJECTED".into();
    value["services"]["Device Intelligence"] =
        serde_json::json!({"status": "QUEUED", "response": {"score": 3}});
    let risk = &mut value["services"]["Risk Model"]["response"];
    risk["telecomRisk"] = "Very High".into();
    risk["newSignal"] = 7.into();
    value["services"]["Mobile Network Intelligence (Without Consent)"]["response"]["numberBillingType"] =
        "hybrid".into();
    value["services"]["Phone Social Basic Report"]["status"] = "RETRYING".into();

    let t: Transaction = serde_json::from_value(value).unwrap();
    assert_eq!(
        t.outcome,
        Some(TransactionStatus::Unknown("REJECTED".into()))
    );
    assert!(t.is_done(), "any outcome but AWAITING is final");
    let other = &t.services.other["Device Intelligence"];
    assert_eq!(other.value()["response"]["score"], 3);
    assert_eq!(
        t.services.risk_model().unwrap().telecom_risk,
        Some(Level::Unknown("Very High".into()))
    );
    let mni = t.services.mobile_network_intelligence().unwrap();
    assert_eq!(
        mni.number_billing_type,
        Some(BillingType::Unknown("hybrid".into()))
    );
    assert_eq!(
        t.services
            .phone_social_basic_report
            .as_ref()
            .and_then(|entry| entry.typed())
            .unwrap()
            .status,
        Some(ServiceStatus::Unknown("RETRYING".into()))
    );
    assert!(t.services.statuses().contains(&(
        ServiceName::Unknown("Device Intelligence".into()),
        ServiceStatus::Unknown("QUEUED".into())
    )));

    // Serialising gives the same services back, unknown ones included.
    let again: Transaction = serde_json::from_value(serde_json::to_value(&t).unwrap()).unwrap();
    assert_eq!(again, t);
}

#[test]
fn documented_spellings_and_lenient_forms_are_read() {
    let pna: bureau_altdata::PhoneNameAttributes = serde_json::from_value(serde_json::json!({
        "phoneDigitalage": 12, "phoneNameMatchScore": 87.5, "phoneNdrScore": 0.75,
        "phoneUnrScore": "0.25", "upi_name": "A Name", "upi_name_similarity": 91
    }))
    .unwrap();
    // The docs' spellings are fields of their own (they were aliases of the example's, which
    // failed an answer carrying both); `or` reads whichever came.
    assert_eq!(pna.phone_digital_age.value(), Some(12));
    assert!(pna.digital_age.is_absent());
    assert_eq!(pna.digital_age.or(pna.phone_digital_age).value(), Some(12));
    assert_eq!(pna.phone_name_match_score.value(), Some(87.5));
    assert_eq!(pna.phone_ndr_score.value(), Some(0.75));
    assert_eq!(pna.phone_unr_score.value(), Some(0.25));
    assert_eq!(pna.upi_name.as_ref().unwrap(), "A Name");
    assert_eq!(pna.upi_name_similarity.value(), Some(91.0));

    let psr: bureau_altdata::PhoneSocialReport = serde_json::from_value(
        serde_json::json!({"isWhatsappBusiness": "No", "mobile": 9999999999u64}),
    )
    .unwrap();
    assert_eq!(psr.is_whatsapp_business, Some(false));
    assert_eq!(psr.mobile.as_ref().unwrap(), "9999999999");

    let mni: bureau_altdata::MobileNetworkIntelligence =
        serde_json::from_value(serde_json::json!({"currentNetworkcountryCodeIso2": "IN"})).unwrap();
    assert_eq!(mni.current_network_country_code_iso2.as_deref(), Some("IN"));

    let ea: bureau_altdata::EmailAttributes = serde_json::from_value(
        serde_json::json!({"domainCategory": "Corporate", "domainCorporate": "Yes"}),
    )
    .unwrap();
    assert_eq!(ea.domain_category.as_deref(), Some("Corporate"));
    assert_eq!(ea.is_corporate_domain(), Some(true));
}

#[test]
fn a_wrong_type_of_the_essential_field_names_its_path() {
    // Only `transactionId` can fail a transaction (a wrong type inside a service keeps that
    // service raw instead: tests/drift.rs).
    let mut value: serde_json::Value =
        serde_json::from_str(&fixture("bureau", "fetch_final.json")).unwrap();
    value["transactionId"] = serde_json::json!([1]);
    let text = value.to_string();
    let error = leadkit_core::decode_json::<Transaction>(
        &text.into_bytes().into(),
        "bureau",
        "fetch",
        leadkit_core::StatusCode::OK,
    )
    .unwrap_err();
    match error {
        bureau_altdata::Error::Decode { path, .. } => {
            assert_eq!(path, "transactionId")
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn documented_error_bodies() {
    let unauthorized = ErrorBody::parse(fixture("bureau", "error_401.json").as_bytes()).unwrap();
    assert_eq!(unauthorized.errors.status, Some(401));
    assert_eq!(unauthorized.code(), Some("UNAUTHORIZED"));
    assert_eq!(unauthorized.errors.service.as_deref(), Some("Overwatch"));
    assert_eq!(unauthorized.data.as_ref().unwrap().value(), "string");
    assert_eq!(unauthorized.meta.as_ref().unwrap().total, Some(0));

    let unavailable = ErrorBody::parse(fixture("bureau", "error_503.json").as_bytes()).unwrap();
    assert_eq!(unavailable.errors.code, Some(503));
    assert_eq!(unavailable.errors.description, None);
    assert_eq!(
        unavailable.errors.message.as_deref(),
        Some("INTERNAL_SERVICE_UNAVAILABLE")
    );
    assert_eq!(unavailable.errors.metadata, None);
    assert_eq!(unavailable.code(), Some("NO_RECORD_FOUND"));
    assert_eq!(
        unavailable.reference_id(),
        Some("b090f2a1-ebf4-4fdc-bcdc-296cfc7e4ea1")
    );
    assert_eq!(
        unavailable.request_id(),
        Some("d46ff15d-1111-4568-1111-b21bbdd3962f")
    );
    assert_eq!(unavailable.status_code, Some(503));
    assert_eq!(
        unavailable.timestamp,
        Some(Utc.timestamp_millis_opt(1_657_794_502_770).unwrap())
    );
}

#[test]
fn the_signals_users_read_most_are_one_call_away() {
    let t: Transaction = serde_json::from_str(&fixture("bureau", "fetch_final.json")).unwrap();
    assert_eq!(t.alternate_risk_score(), Some(57.47126436781605));
    assert_eq!(t.telecom_risk(), Some(&Level::Low));
    assert_eq!(t.digital_footprint(), Some(&Level::High));
    assert_eq!(t.identity_confidence(), Some(&Level::High));
    assert_eq!(t.address_risk(), Some(&Level::High));
    assert_eq!(t.negative_insights().len(), 2);
    assert_eq!(
        t.positive_insights()[0],
        "Person's name matched against multiple sources."
    );
    assert_eq!(
        t.risk_model().map(|risk| risk.message.as_deref()),
        Some(Some("Success"))
    );
    assert!(!t.reports_failure());
    assert_eq!(
        t.services.status(&ServiceName::RiskModel),
        Some(ServiceStatus::Ok)
    );
    assert_eq!(t.services.done(), ServiceName::KNOWN);
    assert!(t.services.not_started().is_empty());

    // Before the risk model has run: nothing, and no panic.
    let started: Transaction = serde_json::from_str(&fixture("bureau", "initiate.json")).unwrap();
    assert_eq!(started.alternate_risk_score(), None);
    assert_eq!(started.telecom_risk(), None);
    assert_eq!(started.identity_confidence(), None);
    assert!(started.negative_insights().is_empty());
    assert!(started.positive_insights().is_empty());
    assert_eq!(
        started.services.status(&ServiceName::RiskModel),
        Some(ServiceStatus::NotExecuted)
    );
    assert_eq!(
        started.services.done(),
        [ServiceName::EmailSocialBasicSubmit]
    );
    assert_eq!(started.services.not_started().len(), 7);

    // `-1` is "unknown", not a score.
    let mut value: serde_json::Value =
        serde_json::from_str(&fixture("bureau", "fetch_final.json")).unwrap();
    value["services"]["Risk Model"]["response"]["alternateRiskScore"] = (-1).into();
    let unknown: Transaction = serde_json::from_value(value).unwrap();
    assert_eq!(unknown.alternate_risk_score(), None);
    assert!(
        unknown
            .risk_model()
            .unwrap()
            .alternate_risk_score
            .is_unknown()
    );
}
