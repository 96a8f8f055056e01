//! Lead Data API: a full match decoded field by field, unknown values, round trip.

mod common;

use common::*;
use jeff_client::lead::{
    CollateralType, EmploymentStatus, Gender, IdDocumentType, MatchedProperty, Occupation,
    RejectionReason, TrafficSource,
};
use jeff_client::{
    Contact, CredentialType, Lead, LeadDataOutcome, NaiveDate, NaiveDateTime, Platform,
};
use leadkit_core::testing::httpmock::prelude::*;

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").unwrap()
}

async fn full_lead(server: &MockServer) -> Box<Lead> {
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/partners-api/1.3/leads")
                .header("authorization", BASIC)
                .query_param("email", EMAIL)
                .query_param("phone", PHONE)
                .query_param_count(".*", ".*", 2);
            then.status(200)
                .header("content-type", "application/json")
                .body(jeff_fixture("lead_full.json"));
        })
        .await;
    let outcome = client(server)
        .lead_data(&Contact::email_and_phone(EMAIL, PHONE))
        .await
        .unwrap();
    mock.assert_calls_async(1).await;
    match outcome {
        LeadDataOutcome::Lead(lead) => lead,
        other => panic!("expected a lead, got {other:?}"),
    }
}

#[tokio::test]
async fn full_match_basic_info_and_profile() {
    let server = MockServer::start_async().await;
    let lead = full_lead(&server).await;
    assert_eq!(lead.id, "0facfde9-98c7-4915-8b04-9a0a31a8c582");
    assert_eq!(lead.created, Some(at("2020-12-09T17:40:37")));
    assert_eq!(lead.email.as_deref(), Some(EMAIL));
    assert_eq!(lead.phone_number.as_deref(), Some("+84999999999"));
    assert_eq!(lead.email_verified, Some(true));
    assert_eq!(
        lead.email_verification_date_time,
        Some(at("2020-12-09T20:40:37"))
    );
    assert_eq!(lead.phone_verified, Some(true));
    assert_eq!(
        lead.phone_verification_date_time,
        Some(at("2020-12-09T19:39:02"))
    );
    assert_eq!(lead.associated_emails, [EMAIL, "d.black@example.com"]);
    assert_eq!(lead.associated_phone_numbers, ["+84999999999"]);
    assert_eq!(lead.mobile_service_provider.as_deref(), Some("Viettel"));
    assert_eq!(lead.last_activity, Some(at("2021-01-14T17:03:35")));
    assert_eq!(lead.has_been_rejected, Some(true));
    assert_eq!(lead.has_evidence_of_repaid_loan, Some(true));
    assert_eq!(lead.lead_score, Some(0.131409152018384));
    assert_eq!(lead.lead_score_timestamp, Some(at("2022-10-18T13:35:45")));
    assert_eq!(lead.quality_score, Some(0.223780810832977));
    assert_eq!(lead.email_score, Some(963));
    assert_eq!(lead.user_journey_completed, Some(true));
    assert_eq!(lead.user_profile_created, Some(true));
    assert_eq!(lead.full_name.as_deref(), Some("John Doe"));
    assert_eq!(lead.gender, Some(Gender::Male));
    assert_eq!(lead.date_of_birth, NaiveDate::from_ymd_opt(1989, 9, 30));
    assert_eq!(lead.country_code.as_deref(), Some("VN"));
    assert_eq!(lead.desired_loan_amount, Some(9_000_000.0));

    let address = lead.address().unwrap();
    assert_eq!(address.region.as_deref(), Some("Red River Delta"));
    assert_eq!(address.province.as_deref(), Some("Hanoi"));
    assert_eq!(address.city.as_deref(), Some("Hanoi"));
    let employment = lead.employment().unwrap();
    assert_eq!(employment.status, Some(EmploymentStatus::Employed));
    assert_eq!(employment.occupation, Some(Occupation::BusinessOwner));
    let income = lead.income().unwrap();
    assert_eq!(income.monthly_income, Some(4_200_000.0));
    assert_eq!(income.currency.as_deref(), Some("VND"));
    assert_eq!(income.is_income_official, Some(true));
    let loan = lead.recent_loan().unwrap();
    assert_eq!(
        (loan.exists, loan.paid, loan.overdue),
        (Some(true), Some(true), Some(false))
    );
    let documents: Vec<_> = lead.id_documents().collect();
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0].document_type, Some(IdDocumentType::Passport));
    assert_eq!(
        documents[0].issue_date,
        NaiveDate::from_ymd_opt(2022, 9, 30)
    );
    assert_eq!(
        lead.collaterals().unwrap().types,
        [
            CollateralType::Car,
            CollateralType::CarRegistration,
            CollateralType::CellPhone
        ]
    );
    assert_eq!(
        lead.matched_properties,
        [MatchedProperty::Email, MatchedProperty::Phone]
    );
}

#[tokio::test]
async fn full_match_usage_statistics_in_four_buckets() {
    let server = MockServer::start_async().await;
    let lead = full_lead(&server).await;
    let email = lead.email_usage_data().unwrap();
    assert_eq!(
        (
            email.last_1_day.received,
            email.last_1_day.read,
            email.last_1_day.clicked
        ),
        (Some(1), Some(1), Some(0))
    );
    assert_eq!(email.all_time.received, Some(21));
    assert_eq!(email.last_30_days.clicked, Some(3));

    let web = lead.web_usage_data().unwrap();
    assert_eq!(web.last_7_days.max_session_duration, Some(125.89567684));
    assert_eq!(web.last_7_days.avg_session_duration, Some(60.896565697));
    assert_eq!(web.last_7_days.session_count, Some(3));
    assert_eq!(web.last_7_days.avg_pages_visited, Some(2.245435647));
    assert_eq!(web.last_7_days.max_pages_visited, Some(5));
    assert_eq!(web.last_1_day.avg_pages_visited, Some(1.0));
    assert_eq!(web.all_time.max_pages_visited, Some(11));

    let jeff = lead.jeff_usage_data().unwrap();
    assert_eq!(jeff.last_1_day.redirects, Some(3));
    assert_eq!(jeff.all_time.applications_completed, Some(4));
    assert_eq!(jeff.all_time.leads_qualified, Some(3));
    assert_eq!(jeff.all_time.loans_issued, Some(1));
    assert_eq!(jeff.last_7_days.rejects, Some(1));

    let zalo = lead.zalo_data().unwrap();
    assert_eq!(
        (zalo.has_account, zalo.has_logged_in_jeff, zalo.reachable),
        (Some(true), Some(true), Some(true))
    );
    let messaging = zalo.messaging_data.as_ref().unwrap();
    assert_eq!(
        (messaging.all_time.sent, messaging.all_time.delivered),
        (Some(5), Some(4))
    );
    assert_eq!(messaging.last_7_days.delivered, Some(2));

    let traffic = lead.traffic_sources().unwrap();
    assert!(traffic.last_1_day.list.is_empty());
    assert_eq!(traffic.last_7_days.list, [TrafficSource::Source4]);
    assert_eq!(
        traffic.all_time.list,
        [
            TrafficSource::Source6,
            TrafficSource::Source1,
            TrafficSource::Source4
        ]
    );

    let matched = lead.lead_data_request_statistics().unwrap();
    assert_eq!(
        (matched.last_1_day.count, matched.all_time.count),
        (Some(5), Some(7))
    );
    let parameters = lead.parameter_request_statistics().unwrap();
    assert_eq!(parameters.last_1_day.email_count, Some(5));
    assert_eq!(parameters.last_1_day.phone_count, Some(6));
    assert_eq!(parameters.all_time.phone_count, Some(10));
}

#[tokio::test]
async fn full_match_interactions_devices_presence_and_fraud() {
    let server = MockServer::start_async().await;
    let lead = full_lead(&server).await;
    let interactions = lead.partner_interactions().unwrap();
    let visited: Vec<_> = interactions.products_visited().collect();
    let completed: Vec<_> = interactions.applications_completed().collect();
    let loans_issued: Vec<_> = interactions.loans_issued().collect();
    let loans_rejected: Vec<_> = interactions.loans_rejected().collect();
    assert_eq!(visited.len(), 4);
    // 6, 5 and 6 fractional digits.
    assert_eq!(visited[0].timestamp, Some(at("2021-11-27T16:04:47.123548")));
    assert_eq!(
        visited[1]
            .timestamp
            .unwrap()
            .and_utc()
            .timestamp_subsec_micros(),
        12_090
    );
    assert_eq!(visited[0].revenue, None);
    assert_eq!(completed[1].partner_id.as_deref(), Some("partner-2"));
    assert_eq!(completed[1].repeated, Some(true));
    assert_eq!(interactions.applications_rejected().count(), 0);
    assert_eq!(interactions.applications_qualified().count(), 2);
    assert_eq!(loans_issued[0].revenue, Some(true));
    assert_eq!(
        loans_rejected[0].rejection_reason,
        Some(RejectionReason::Fraud)
    );
    assert_eq!(
        loans_rejected[0].timestamp,
        Some(at("2022-04-06T08:50:04.895792"))
    );

    let agent = lead.user_agents().next().unwrap();
    assert!(
        agent
            .user_agent_string
            .as_deref()
            .unwrap()
            .starts_with("Mozilla/5.0 (Linux; Android 10; vivo 1920)")
    );
    assert_eq!(agent.timestamp, Some(at("2020-12-23T13:29:13")));
    let device = agent.device.as_ref().unwrap();
    assert_eq!(
        (
            device.device_class.as_deref(),
            device.name.as_deref(),
            device.brand.as_deref()
        ),
        (Some("Phone"), Some("Vivo 1920"), Some("Vivo"))
    );
    let os = agent.operating_system.as_ref().unwrap();
    assert_eq!(os.system_class.as_deref(), Some("Mobile"));
    assert_eq!(os.version_name.as_deref(), Some("Android 10"));
    let browser = agent.agent.as_ref().unwrap();
    assert_eq!(
        (
            browser.agent_class.as_deref(),
            browser.name.as_deref(),
            browser.version.as_deref()
        ),
        (Some("Browser"), Some("Chrome"), Some("86.0.4240.99"))
    );

    let ip = lead.ip_addresses().next().unwrap();
    assert_eq!(ip.ip(), Some("192.85.98.1".parse().unwrap()));
    assert_eq!(ip.timestamp, Some(at("2020-11-26T15:13:01")));
    assert_eq!(ip.timezone.as_deref(), Some("Asia/Ho_Chi_Minh"));
    let location = ip.address.as_ref().unwrap();
    assert_eq!(location.country_code.as_deref(), Some("VN"));
    assert_eq!(location.region.as_deref(), Some("SG"));
    assert_eq!(location.region_name.as_deref(), Some("Ho Chi Minh"));
    assert_eq!(location.district.as_deref(), Some("District 4"));
    assert_eq!(location.zip.as_deref(), Some("728000"));
    let coordinates = ip.coordinates().unwrap();
    assert_eq!(
        (coordinates.lat, coordinates.lon),
        (Some(10.81), Some(106.64))
    );
    let connection = ip.connection().unwrap();
    assert_eq!(connection.isp.as_deref(), Some("Viettel Group"));
    assert_eq!(
        connection.autonomous_system.as_deref(),
        Some("AS7552 Viettel Group")
    );
    assert_eq!(connection.as_name.as_deref(), Some("VIETEL-AS-AP"));
    assert_eq!(
        (
            connection.mobile,
            connection.proxy,
            connection.hosting,
            connection.scraper
        ),
        (Some(true), Some(true), Some(false), Some(false))
    );

    let facts: Vec<_> = lead.platform_presence_facts().collect();
    assert_eq!(facts.len(), 7);
    let twitter_phone = facts[4];
    assert_eq!(twitter_phone.id, Some(558));
    assert_eq!(twitter_phone.platform, Platform::Twitter);
    assert_eq!(twitter_phone.present, Some(true));
    assert_eq!(twitter_phone.credential_type, Some(CredentialType::Phone));
    assert_eq!(twitter_phone.created, Some(at("2020-12-09T07:55:15")));

    let listings: Vec<_> = lead.offer_listings().collect();
    assert_eq!(listings.len(), 3);
    assert_eq!(listings[0].partner_position, Some(2));
    assert_eq!(listings[1].partner_position, None);
    assert_eq!(
        listings[2].timestamp,
        Some(at("2023-05-24T07:16:24.412846"))
    );

    let fraud = lead.fraud_data().unwrap();
    assert!(fraud.email_marked_fraud_by.is_empty());
    assert_eq!(
        fraud.phone_marked_fraud_by,
        ["ae8d566b56f65581", "87ba261bf6a84629"]
    );
    assert_eq!(fraud.email_non_fraud_by_jeff_data, Some(false));
    assert_eq!(fraud.phone_non_fraud_by_jeff_data, Some(false));
}

#[tokio::test]
async fn unknown_fields_and_enum_values_still_decode_and_are_kept() {
    let mut body: serde_json::Value =
        serde_json::from_str(&jeff_fixture("lead_full.json")).unwrap();
    body["employment"]["occupation"] = "ASTRONAUT".into();
    body["gender"] = "NON_BINARY".into();
    body["idDocuments"][0]["type"] = "NATIONAL_ID".into();
    body["collaterals"]["types"][0] = "BOAT".into();
    body["partnerInteractions"]["loansRejected"][0]["rejectionReason"] = "INCOME".into();
    body["platformPresenceFacts"][0]["platform"] = "tiktok".into();
    body["trafficSources"]["allTime"]["list"][0] = "source_7".into();
    body["matchedProperties"][1] = "NATIONAL_ID".into();
    body["brandNewField"] = serde_json::json!({"nested": [1, 2, 3]});
    body["webUsageData"]["last7Days"]["medianSessionDuration"] = 42.into();
    body["ipAddresses"][0]["connection"]["tor"] = true.into();

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/partners-api/1.3/leads");
            then.status(200).json_body(body.clone());
        })
        .await;
    let outcome = client(&server)
        .lead_data(&Contact::email(EMAIL))
        .await
        .unwrap();
    let lead = outcome.lead().expect("a lead");
    let employment = lead.employment().unwrap();
    assert_eq!(
        employment.occupation,
        Some(Occupation::Unknown("ASTRONAUT".into()))
    );
    assert_eq!(lead.gender, Some(Gender::Unknown("NON_BINARY".into())));
    assert_eq!(
        lead.id_documents().next().unwrap().document_type,
        Some(IdDocumentType::Unknown("NATIONAL_ID".into()))
    );
    assert_eq!(
        lead.collaterals().unwrap().types[0],
        CollateralType::Unknown("BOAT".into())
    );
    let interactions = lead.partner_interactions().unwrap();
    assert_eq!(
        interactions
            .loans_rejected()
            .next()
            .unwrap()
            .rejection_reason,
        Some(RejectionReason::Unknown("INCOME".into()))
    );
    assert_eq!(
        lead.platform_presence_facts().next().unwrap().platform,
        Platform::Unknown("tiktok".into())
    );
    assert_eq!(
        lead.traffic_sources().unwrap().all_time.list[0],
        TrafficSource::Unknown("source_7".into())
    );
    assert_eq!(
        lead.matched_properties[1],
        MatchedProperty::Unknown("NATIONAL_ID".into())
    );
    // Known values next to them are intact, and unknown values serialise back unchanged.
    assert_eq!(
        lead.web_usage_data()
            .unwrap()
            .last_7_days
            .max_session_duration,
        Some(125.89567684)
    );
    let again = serde_json::to_value(lead).unwrap();
    assert_eq!(again["employment"]["occupation"], "ASTRONAUT");
    assert_eq!(again["platformPresenceFacts"][0]["platform"], "tiktok");
}

#[test]
fn fixtures_round_trip_through_the_model() {
    for name in ["lead_full.json", "lead_non_lead_match.json"] {
        let lead: Lead = serde_json::from_str(&jeff_fixture(name)).unwrap();
        let text = serde_json::to_string(&lead).unwrap();
        let again: Lead = serde_json::from_str(&text).unwrap();
        assert_eq!(again, lead, "{name}");
    }
}
