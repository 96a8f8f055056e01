//! When Jeff changes a value: the fixtures in `fixtures/jeff/`, mutated the way vendors drift,
//! still decode. Leaves read every form Jeff may send (numbers as `3.0` or `"3"`, flags as
//! `"true"` or `1`, zoned or second-less timestamps, blank text); a part that still does not
//! decode is kept raw and costs that part only; unknown fields come back when serialised.

mod common;

use common::*;
use jeff_client::lead::{Gender, IdDocumentType, Occupation, RejectionReason};
use jeff_client::{
    Contact, CredentialType, Decoded, FraudData, Lead, LeadDataOutcome, NaiveDateTime, Platform,
    SocialPresence,
};
use leadkit_core::drift::{self, Drift};
use leadkit_core::lenient::parse_naive_datetime;
use leadkit_core::testing::httpmock::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn fixture_value(name: &str) -> Value {
    serde_json::from_str(&jeff_fixture(name)).unwrap()
}

/// Decodes `body` as the client does (from bytes), recording drift notices.
fn decode<T: DeserializeOwned>(body: &Value) -> (T, Drift) {
    let bytes = serde_json::to_vec(body).unwrap();
    drift::watch(|| serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}")))
}

fn at(text: &str) -> NaiveDateTime {
    parse_naive_datetime(text).unwrap()
}

fn remove(object: &mut Value, field: &str) {
    object.as_object_mut().unwrap().remove(field).unwrap();
}

fn undecodable(drift: &Drift) -> Vec<&str> {
    drift
        .undecodable_parts
        .iter()
        .map(|(model, _)| model.as_str())
        .collect()
}

/// The failures users reported, end to end through `lead_data`: `emailScore: 963.0`,
/// `count: "7"`, `sessionCount: 3.0`, a presence fact without `platform`, a timestamp with
/// `+07:00` and one without seconds. Each used to fail the whole lead.
#[tokio::test]
async fn the_reported_lead_decodes_through_the_client() {
    let mut body = fixture_value("lead_full.json");
    body["emailScore"] = json!(963.0);
    body["leadDataRequestStatistics"]["last7Days"]["count"] = json!("7");
    body["webUsageData"]["last1Day"]["sessionCount"] = json!(3.0);
    remove(&mut body["platformPresenceFacts"][2], "platform");
    body["created"] = json!("2020-12-09T17:40:37+07:00");
    body["lastActivity"] = json!("2021-01-14T17:03");

    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/partners-api/1.3/leads");
            then.status(200).json_body(body.clone());
        })
        .await;
    let outcome = client(&server)
        .lead_data(&Contact::email_and_phone(EMAIL, PHONE))
        .await
        .unwrap();
    mock.assert_calls_async(1).await;
    let LeadDataOutcome::Lead(lead) = outcome else {
        panic!("expected a lead, got {outcome:?}");
    };
    assert_eq!(lead.email_score, Some(963));
    assert_eq!(
        lead.lead_data_request_statistics()
            .unwrap()
            .last_7_days
            .count,
        Some(7)
    );
    assert_eq!(
        lead.web_usage_data().unwrap().last_1_day.session_count,
        Some(3)
    );
    assert_eq!(lead.created, Some(at("2020-12-09T10:40:37")));
    assert_eq!(lead.last_activity, Some(at("2021-01-14T17:03:00")));
    // Six of seven facts decode; the seventh is kept as sent, with the reason.
    assert_eq!(lead.platform_presence_facts.len(), 7);
    assert_eq!(lead.platform_presence_facts().count(), 6);
    let raw = lead.platform_presence_facts[2].raw().unwrap();
    assert!(raw.reason().contains("platform"), "{}", raw.reason());
    assert_eq!(raw.value(), &body["platformPresenceFacts"][2]);
}

#[test]
fn numbers_take_integers_integral_floats_and_numeric_strings_in_every_model() {
    let mut body = fixture_value("lead_full.json");
    body["emailScore"] = json!("963");
    body["leadScore"] = json!("0.25");
    body["qualityScore"] = json!(1);
    body["desiredLoanAmount"] = json!("9000000");
    body["income"]["monthlyIncome"] = json!(" 4200000.50 ");
    body["emailUsageData"]["allTime"]["received"] = json!(21.0);
    body["emailUsageData"]["allTime"]["read"] = json!("16");
    body["webUsageData"]["last7Days"]["sessionCount"] = json!("3");
    body["webUsageData"]["last7Days"]["avgSessionDuration"] = json!("60.5");
    body["webUsageData"]["last7Days"]["maxPagesVisited"] = json!(5.0);
    body["jeffUsageData"]["allTime"]["redirects"] = json!("10");
    body["jeffUsageData"]["allTime"]["loansIssued"] = json!(1.0);
    body["zaloData"]["messagingData"]["allTime"]["sent"] = json!("5");
    body["zaloData"]["messagingData"]["allTime"]["delivered"] = json!(4.0);
    body["leadDataRequestStatistics"]["allTime"]["count"] = json!("7");
    body["parameterRequestStatistics"]["allTime"]["emailCount"] = json!(10.0);
    body["parameterRequestStatistics"]["allTime"]["phoneCount"] = json!("10");
    body["offerListings"][0]["partnerPosition"] = json!("2");
    body["offerListings"][2]["partnerPosition"] = json!("");
    body["platformPresenceFacts"][0]["id"] = json!(553.0);
    body["ipAddresses"][0]["coordinates"]["lat"] = json!("10.81");

    let (lead, drift): (Lead, _) = decode(&body);
    assert!(drift.undecodable_parts.is_empty(), "{drift:?}");
    assert_eq!(lead.email_score, Some(963));
    assert_eq!(lead.lead_score, Some(0.25));
    assert_eq!(lead.quality_score, Some(1.0));
    assert_eq!(lead.desired_loan_amount, Some(9_000_000.0));
    assert_eq!(lead.income().unwrap().monthly_income, Some(4_200_000.5));
    let email = &lead.email_usage_data().unwrap().all_time;
    assert_eq!((email.received, email.read), (Some(21), Some(16)));
    let web = &lead.web_usage_data().unwrap().last_7_days;
    assert_eq!(web.session_count, Some(3));
    assert_eq!(web.avg_session_duration, Some(60.5));
    assert_eq!(web.max_pages_visited, Some(5));
    let jeff = &lead.jeff_usage_data().unwrap().all_time;
    assert_eq!((jeff.redirects, jeff.loans_issued), (Some(10), Some(1)));
    let messaging = &lead.zalo_data().unwrap().messaging_data;
    let messaging = &messaging.as_ref().unwrap().all_time;
    assert_eq!((messaging.sent, messaging.delivered), (Some(5), Some(4)));
    assert_eq!(
        lead.lead_data_request_statistics().unwrap().all_time.count,
        Some(7)
    );
    let parameters = &lead.parameter_request_statistics().unwrap().all_time;
    assert_eq!(
        (parameters.email_count, parameters.phone_count),
        (Some(10), Some(10))
    );
    let listings: Vec<_> = lead.offer_listings().collect();
    assert_eq!(listings[0].partner_position, Some(2));
    assert_eq!(listings[2].partner_position, None);
    assert_eq!(lead.platform_presence_facts().next().unwrap().id, Some(553));
    let ip = lead.ip_addresses().next().unwrap();
    assert_eq!(ip.coordinates().unwrap().lat, Some(10.81));

    // Re-spelled numbers are written back as JSON numbers.
    let again = serde_json::to_value(&lead).unwrap();
    assert_eq!(again["emailScore"], json!(963));
    assert_eq!(
        again["leadDataRequestStatistics"]["allTime"]["count"],
        json!(7)
    );

    let mut social = fixture_value("social_presence.json");
    social["platformPresenceFacts"][0]["id"] = json!("28291484");
    social["platformPresenceFacts"][1]["id"] = json!(28291470.0);
    let (presence, drift): (SocialPresence, _) = decode(&social);
    assert!(drift.undecodable_parts.is_empty(), "{drift:?}");
    let ids: Vec<_> = presence.facts().take(2).map(|fact| fact.id).collect();
    assert_eq!(ids, [Some(28291484), Some(28291470)]);
}

#[test]
fn booleans_take_strings_and_digits_in_every_model() {
    let mut body = fixture_value("lead_full.json");
    body["emailVerified"] = json!("true");
    body["phoneVerified"] = json!(1);
    body["hasBeenRejected"] = json!("false");
    body["userJourneyCompleted"] = json!("Yes");
    body["income"]["isIncomeOfficial"] = json!("1");
    body["recentLoan"]["overdue"] = json!(0);
    body["zaloData"]["reachable"] = json!("TRUE");
    body["ipAddresses"][0]["connection"]["proxy"] = json!("true");
    body["partnerInteractions"]["loansIssued"][0]["revenue"] = json!("true");
    body["platformPresenceFacts"][0]["present"] = json!("false");
    body["fraudData"]["emailNonFraudByJeffData"] = json!("true");

    let (lead, drift): (Lead, _) = decode(&body);
    assert!(drift.undecodable_parts.is_empty(), "{drift:?}");
    assert_eq!(lead.email_verified, Some(true));
    assert_eq!(lead.phone_verified, Some(true));
    assert_eq!(lead.has_been_rejected, Some(false));
    assert_eq!(lead.user_journey_completed, Some(true));
    assert_eq!(lead.income().unwrap().is_income_official, Some(true));
    assert_eq!(lead.recent_loan().unwrap().overdue, Some(false));
    assert_eq!(lead.zalo_data().unwrap().reachable, Some(true));
    let ip = lead.ip_addresses().next().unwrap();
    assert_eq!(ip.connection().unwrap().proxy, Some(true));
    let interactions = lead.partner_interactions().unwrap();
    assert_eq!(
        interactions.loans_issued().next().unwrap().revenue,
        Some(true)
    );
    assert_eq!(
        lead.platform_presence_facts().next().unwrap().present,
        Some(false)
    );
    assert_eq!(
        lead.fraud_data().unwrap().email_non_fraud_by_jeff_data,
        Some(true)
    );

    let mut fraud = fixture_value("fraud.json");
    fraud["emailNonFraudByJeffData"] = json!(1);
    fraud["phoneNonFraudByJeffData"] = json!("");
    let (fraud, _): (FraudData, _) = decode(&fraud);
    assert_eq!(fraud.email_non_fraud_by_jeff_data, Some(true));
    assert_eq!(fraud.phone_non_fraud_by_jeff_data, None);

    let mut social = fixture_value("social_presence.json");
    social["platformPresenceFacts"][16]["present"] = json!("true");
    social["platformPresenceFacts"][16]["details"]["isBusinessAccount"] = json!("false");
    social["platformPresenceFacts"][5]["details"]["hasActiveSubscription"] = json!(1);
    let (presence, drift): (SocialPresence, _) = decode(&social);
    assert!(drift.undecodable_parts.is_empty(), "{drift:?}");
    let skype = presence
        .fact(&Platform::Skype, &CredentialType::Email)
        .unwrap();
    assert_eq!(skype.present, Some(true));
    assert_eq!(skype.details().unwrap().is_business_account, Some(false));
    let netflix = presence
        .fact(&Platform::Netflix, &CredentialType::Email)
        .unwrap();
    assert_eq!(
        netflix.details().unwrap().has_active_subscription,
        Some(true)
    );
}

#[test]
fn blank_optional_values_are_none() {
    let mut body = fixture_value("lead_full.json");
    for field in ["mobileServiceProvider", "fullName", "countryCode", "gender"] {
        body[field] = json!("");
    }
    body["email"] = json!("  ");
    body["leadScore"] = json!("");
    body["emailVerified"] = json!("");
    body["address"]["city"] = json!("");
    body["employment"]["occupation"] = json!(" ");
    body["idDocuments"][0]["type"] = json!("");
    body["idDocuments"][0]["issueDate"] = json!("");
    body["partnerInteractions"]["loansRejected"][0]["rejectionReason"] = json!("");
    body["partnerInteractions"]["loansRejected"][0]["partnerId"] = json!("");
    body["userAgents"][0]["device"]["brand"] = json!("");
    body["ipAddresses"][0]["address"]["zip"] = json!("");
    body["platformPresenceFacts"][0]["credentialType"] = json!("");

    let (lead, drift): (Lead, _) = decode(&body);
    assert!(drift.undecodable_parts.is_empty(), "{drift:?}");
    assert_eq!(lead.mobile_service_provider, None);
    assert_eq!(lead.full_name, None);
    assert_eq!(lead.country_code, None);
    assert_eq!(lead.gender, None);
    assert_eq!(lead.email, None);
    assert_eq!(lead.lead_score, None);
    assert_eq!(lead.email_verified, None);
    assert_eq!(lead.address().unwrap().city, None);
    assert_eq!(lead.address().unwrap().province.as_deref(), Some("Hanoi"));
    assert_eq!(lead.employment().unwrap().occupation, None);
    let document = lead.id_documents().next().unwrap();
    assert_eq!(
        (&document.document_type, document.issue_date),
        (&None, None)
    );
    let rejected = lead
        .partner_interactions()
        .unwrap()
        .loans_rejected()
        .next()
        .unwrap();
    assert_eq!(rejected.rejection_reason, None);
    assert_eq!(rejected.partner_id, None);
    let agent = lead.user_agents().next().unwrap();
    assert_eq!(agent.device.as_ref().unwrap().brand, None);
    let ip = lead.ip_addresses().next().unwrap();
    assert_eq!(ip.address.as_ref().unwrap().zip, None);
    assert_eq!(
        lead.platform_presence_facts()
            .next()
            .unwrap()
            .credential_type,
        None
    );

    let mut social = fixture_value("social_presence.json");
    social["errorMessage"] = json!("");
    social["platformPresenceFacts"][16]["details"]["city"] = json!(" ");
    let (presence, _): (SocialPresence, _) = decode(&social);
    assert_eq!(presence.error_message, None);
    let skype = presence
        .fact(&Platform::Skype, &CredentialType::Email)
        .unwrap();
    assert_eq!(skype.details().unwrap().city, None);
}

/// Zoned and second-less timestamps read in every timestamp field (a zone is applied, so the
/// value is UTC); a timestamp no reader accepts costs its item only.
#[test]
fn timestamps_in_vendor_forms_and_an_unreadable_one_costs_its_item_only() {
    let mut body = fixture_value("lead_full.json");
    body["emailVerificationDateTime"] = json!("2020-12-09T20:40:37Z");
    body["phoneVerificationDateTime"] = json!("2020-12-09 19:39");
    body["leadScoreTimestamp"] = json!("2022-10-18T13:35:45.123456789+07:00");
    body["partnerInteractions"]["productsVisited"][0]["timestamp"] =
        json!("2021-11-27T16:04+07:00");
    body["userAgents"][0]["timestamp"] = json!("2020-12-23 13:29:13.5");
    body["ipAddresses"][0]["timestamp"] = json!("2020-11-26T15:13:01-0130");
    body["offerListings"][0]["timestamp"] = json!("2023-05-23T13:02");
    body["platformPresenceFacts"][0]["created"] = json!("2020-12-09T07:54:59+07");
    // Not a timestamp in any form: that interaction alone is kept raw.
    body["partnerInteractions"]["productsVisited"][1]["timestamp"] = json!("last Tuesday");

    let (lead, drift): (Lead, _) = decode(&body);
    assert_eq!(undecodable(&drift), ["PartnerInteraction"]);
    assert_eq!(
        lead.email_verification_date_time,
        Some(at("2020-12-09T20:40:37"))
    );
    assert_eq!(
        lead.phone_verification_date_time,
        Some(at("2020-12-09T19:39:00"))
    );
    assert_eq!(
        lead.lead_score_timestamp,
        Some(at("2022-10-18T06:35:45.123456789"))
    );
    let interactions = lead.partner_interactions().unwrap();
    assert_eq!(interactions.products_visited.len(), 4);
    let visited: Vec<_> = interactions.products_visited().collect();
    assert_eq!(visited.len(), 3);
    assert_eq!(visited[0].timestamp, Some(at("2021-11-27T09:04:00")));
    assert_eq!(visited[1].partner_id.as_deref(), Some("partner-3"));
    assert!(interactions.products_visited[1].raw().is_some());
    assert_eq!(
        lead.user_agents().next().unwrap().timestamp,
        Some(at("2020-12-23T13:29:13.5"))
    );
    assert_eq!(
        lead.ip_addresses().next().unwrap().timestamp,
        Some(at("2020-11-26T16:43:01"))
    );
    assert_eq!(
        lead.offer_listings().next().unwrap().timestamp,
        Some(at("2023-05-23T13:02:00"))
    );
    assert_eq!(
        lead.platform_presence_facts().next().unwrap().created,
        Some(at("2020-12-09T00:54:59"))
    );

    let mut social = fixture_value("social_presence.json");
    social["platformPresenceFacts"][23]["details"]["lastActivity"] =
        json!("2023-10-11T14:15+07:00");
    social["platformPresenceFacts"][0]["created"] = json!("yesterday");
    let (presence, drift): (SocialPresence, _) = decode(&social);
    assert_eq!(undecodable(&drift), ["PlatformPresenceFact"]);
    let gravatar = presence
        .fact(&Platform::Gravatar, &CredentialType::Email)
        .unwrap();
    assert_eq!(
        gravatar.details().unwrap().last_activity,
        Some(at("2023-10-11T07:15:00"))
    );
    assert!(
        presence
            .fact(&Platform::Apple, &CredentialType::Email)
            .is_none()
    );
    assert_eq!(presence.facts().count(), 23);
}

/// A presence fact without `platform` (in a lead and in a Social Presence answer): that fact is
/// kept raw, reported, written back as sent; the look-ups work over the others.
#[tokio::test]
async fn a_presence_fact_without_platform_costs_that_fact_only() {
    let mut social = fixture_value("social_presence.json");
    remove(&mut social["platformPresenceFacts"][3], "platform");
    social["platformPresenceFacts"][17]["platform"] = json!(["skype"]);

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/partner-api/1.0/social-data");
            then.status(200).json_body(social.clone());
        })
        .await;
    let query = jeff_client::SocialPresenceQuery::new(Contact::email(EMAIL));
    let presence = client(&server)
        .social_presence(&query)
        .await
        .unwrap()
        .into_social_presence()
        .expect("a 200 with facts");
    // The same body decoded under `drift::watch`: both odd facts are reported.
    let (watched, drift): (SocialPresence, _) = decode(&social);
    assert_eq!(watched, presence);
    assert_eq!(
        undecodable(&drift),
        ["PlatformPresenceFact", "PlatformPresenceFact"]
    );
    assert_eq!(presence.platform_presence_facts.len(), 24);
    assert_eq!(presence.facts().count(), 22);
    // Facebook by phone was the fact without a platform; by email it is still there.
    assert_eq!(presence.facts_for(&Platform::Facebook).count(), 1);
    assert!(
        presence
            .fact(&Platform::Facebook, &CredentialType::Phone)
            .is_none()
    );
    assert_eq!(
        presence
            .fact(&Platform::Facebook, &CredentialType::Email)
            .unwrap()
            .present,
        Some(false)
    );
    // Skype by email is intact; skype by phone (a list for a platform) is kept raw.
    assert!(
        presence
            .fact(&Platform::Skype, &CredentialType::Email)
            .is_some()
    );
    assert!(
        presence
            .fact(&Platform::Skype, &CredentialType::Phone)
            .is_none()
    );
    let raw = presence.platform_presence_facts[17].raw().unwrap();
    assert!(!raw.reason().is_empty());
    let back = serde_json::to_value(&presence).unwrap();
    for index in [3, 17] {
        assert_eq!(
            back["platformPresenceFacts"][index],
            social["platformPresenceFacts"][index]
        );
    }
    assert_kept(&social, &back, "social");
    let printed = format!("{presence:?}");
    assert!(!printed.contains("Jeff Daniels"), "{printed}");
    assert!(!printed.contains("live:1de8f11d356bf276"), "{printed}");

    let mut body = fixture_value("lead_full.json");
    remove(&mut body["platformPresenceFacts"][4], "platform");
    let (lead, drift): (Lead, _) = decode(&body);
    assert_eq!(undecodable(&drift), ["PlatformPresenceFact"]);
    let platforms: Vec<_> = lead
        .platform_presence_facts()
        .map(|fact| fact.platform.as_str())
        .collect();
    assert_eq!(
        platforms,
        [
            "pinterest",
            "samsung",
            "spotify",
            "twitter",
            "microsoft",
            "microsoft"
        ]
    );
    assert!(lead.fraud_data().unwrap().is_marked_fraud());
}

/// One odd item in each list of objects costs that item only.
#[test]
fn an_odd_item_in_every_object_list_costs_that_item_only() {
    let mut body = fixture_value("lead_full.json");
    body["idDocuments"]
        .as_array_mut()
        .unwrap()
        .push(json!({"type": "DRIVERS_LICENSE", "issueDate": "soon"}));
    body["userAgents"]
        .as_array_mut()
        .unwrap()
        .push(json!({"userAgentString": "curl/8", "device": "a phone"}));
    body["ipAddresses"]
        .as_array_mut()
        .unwrap()
        .push(json!({"ipAddress": "10.0.0.1", "coordinates": {"lat": "north"}}));
    body["offerListings"][1]["partnerPosition"] = json!("top");
    body["partnerInteractions"]["loansRejected"]
        .as_array_mut()
        .unwrap()
        .push(json!({"partnerId": "partner-9", "revenue": "maybe"}));
    body["platformPresenceFacts"][6] = json!("microsoft");

    let (lead, drift): (Lead, _) = decode(&body);
    let mut parts = undecodable(&drift);
    parts.sort_unstable();
    assert_eq!(
        parts,
        [
            "IdDocument",
            "IpAddressUse",
            "OfferListing",
            "PartnerInteraction",
            "PlatformPresenceFact",
            "UserAgent"
        ]
    );
    let documents: Vec<_> = lead.id_documents().collect();
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0].document_type, Some(IdDocumentType::Passport));
    assert_eq!(lead.id_documents.len(), 2);
    assert_eq!(lead.user_agents().count(), 1);
    assert!(lead.user_agents[1].raw().is_some());
    assert_eq!(lead.ip_addresses().count(), 1);
    assert_eq!(
        lead.ip_addresses().next().unwrap().timezone.as_deref(),
        Some("Asia/Ho_Chi_Minh")
    );
    let positions: Vec<_> = lead
        .offer_listings()
        .map(|listing| listing.partner_position)
        .collect();
    assert_eq!(positions, [Some(2), Some(1)]);
    let rejected: Vec<_> = lead
        .partner_interactions()
        .unwrap()
        .loans_rejected()
        .collect();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].rejection_reason, Some(RejectionReason::Fraud));
    assert_eq!(lead.platform_presence_facts().count(), 6);
    // Everything else is intact.
    assert_eq!(lead.email_score, Some(963));
    assert_eq!(
        lead.employment().unwrap().occupation,
        Some(Occupation::BusinessOwner)
    );
}

/// An odd value inside a sub-object costs that sub-object only: in a lead, in a non-lead match
/// (through the client) and in a presence fact's details.
#[tokio::test]
async fn an_odd_sub_object_costs_that_sub_object_only() {
    let mut body = fixture_value("lead_full.json");
    body["webUsageData"]["last7Days"]["sessionCount"] = json!("many");
    body["income"]["monthlyIncome"] = json!("4,200,000");
    body["address"] = json!("Hanoi");
    body["fraudData"]["emailNonFraudByJeffData"] = json!("perhaps");
    body["zaloData"]["messagingData"]["allTime"] = json!("5/4");

    let (lead, drift): (Lead, _) = decode(&body);
    assert_eq!(drift.undecodable_parts.len(), 5, "{drift:?}");
    let web = lead.web_usage_data.as_ref().unwrap().raw().unwrap();
    assert_eq!(web.value(), &body["webUsageData"]);
    let zalo = lead.zalo_data.as_ref().unwrap().raw().unwrap();
    assert_eq!(zalo.value(), &body["zaloData"]);
    assert!(lead.web_usage_data().is_none());
    assert!(lead.income().is_none() && lead.income.as_ref().unwrap().raw().is_some());
    assert!(lead.address().is_none() && lead.address.as_ref().unwrap().raw().is_some());
    assert!(lead.fraud_data().is_none());
    assert!(lead.zalo_data().is_none());
    assert_eq!(lead.email_usage_data().unwrap().all_time.received, Some(21));
    assert_eq!(lead.gender, Some(Gender::Male));
    assert_eq!(lead.recent_loan().unwrap().paid, Some(true));
    let again = serde_json::to_value(&lead).unwrap();
    for field in ["webUsageData", "income", "address", "fraudData", "zaloData"] {
        assert_eq!(again[field], body[field], "{field}");
    }

    // A non-lead match whose fraud data does not decode is still a non-lead match.
    let mut non_lead = fixture_value("lead_non_lead_match.json");
    non_lead["fraudData"]["phoneMarkedFraudBy"] = json!({"partner": "ae8d566b56f65581"});
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/partners-api/1.3/leads");
            then.status(200).json_body(non_lead.clone());
        })
        .await;
    let outcome = client(&server)
        .lead_data(&Contact::email(EMAIL))
        .await
        .unwrap();
    let LeadDataOutcome::NonLeadMatch(data) = &outcome else {
        panic!("expected a non-lead match, got {outcome:?}");
    };
    assert!(outcome.fraud_data().is_none());
    assert_eq!(
        data.fraud_data.as_ref().unwrap().raw().unwrap().value(),
        &non_lead["fraudData"]
    );
    assert_eq!(
        data.parameter_request_statistics()
            .unwrap()
            .all_time
            .email_count,
        Some(10)
    );

    // Details that do not decode cost the details, not the fact.
    let mut social = fixture_value("social_presence.json");
    social["platformPresenceFacts"][23]["details"]["lastActivity"] = json!("recently");
    let (presence, drift): (SocialPresence, _) = decode(&social);
    assert_eq!(undecodable(&drift), ["PlatformDetails"]);
    let gravatar = presence
        .fact(&Platform::Gravatar, &CredentialType::Email)
        .unwrap();
    assert_eq!(gravatar.present, Some(true));
    assert!(gravatar.details().is_none());
    assert!(matches!(gravatar.details, Some(Decoded::Raw(_))));
    assert_eq!(presence.facts().count(), 24);
}

/// Puts `"zzFuture": {...}` into every object of `value`; returns how many.
fn add_unknown_fields(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => {
            let mut added = 0;
            for child in map.values_mut() {
                added += add_unknown_fields(child);
            }
            map.insert(
                "zzFuture".into(),
                json!({"tier": "gold", "weights": [1, 2.5, null], "since": "2024-01-01"}),
            );
            added + 1
        }
        Value::Array(items) => items.iter_mut().map(add_unknown_fields).sum(),
        _ => 0,
    }
}

/// Every field of `sent` is in `back` with the same value. Tolerated re-spellings, and only
/// these: a number written as an integer or as a float of the same value (`9000000` →
/// `9000000.0`); a timestamp with its fraction written to 3, 6 or 9 digits (`.01209` →
/// `.012090`); a `null` optional object omitted; a `null` list written as `[]`.
fn assert_kept(sent: &Value, back: &Value, path: &str) {
    match (sent, back) {
        (Value::Null, Value::Array(items)) if items.is_empty() => {}
        (Value::Object(sent), Value::Object(back)) => {
            for (key, value) in sent {
                let path = format!("{path}.{key}");
                match back.get(key) {
                    Some(again) => assert_kept(value, again, &path),
                    None => assert!(value.is_null(), "{path} was dropped"),
                }
            }
        }
        (Value::Array(sent), Value::Array(back)) => {
            assert_eq!(sent.len(), back.len(), "{path}");
            for (index, (value, again)) in sent.iter().zip(back).enumerate() {
                assert_kept(value, again, &format!("{path}[{index}]"));
            }
        }
        (Value::Number(sent), Value::Number(back)) => {
            assert_eq!(sent.as_f64(), back.as_f64(), "{path}");
        }
        (Value::String(sent), Value::String(back)) if sent != back => {
            let (Some(sent), Some(back)) = (parse_naive_datetime(sent), parse_naive_datetime(back))
            else {
                panic!("{path}: {sent:?} came back as {back:?}");
            };
            assert_eq!(sent, back, "{path}");
        }
        _ => assert_eq!(sent, back, "{path}"),
    }
}

fn round_trip<T: DeserializeOwned + serde::Serialize>(name: &str) {
    let mut sent = fixture_value(name);
    let added = add_unknown_fields(&mut sent);
    let (model, drift): (T, _) = decode(&sent);
    assert!(drift.undecodable_parts.is_empty(), "{name}: {drift:?}");
    assert_eq!(drift.extra_fields.len(), added, "{name}: {drift:?}");
    let back = serde_json::to_value(&model).unwrap();
    assert_kept(&sent, &back, name);
}

#[test]
fn unknown_fields_at_every_level_come_back_when_serialised() {
    round_trip::<Lead>("lead_full.json");
    round_trip::<Lead>("lead_non_lead_match.json");
    round_trip::<SocialPresence>("social_presence.json");
    round_trip::<FraudData>("fraud.json");

    let mut body = fixture_value("lead_full.json");
    body["riskTier"] = json!("B");
    body["address"]["ward"] = json!("Ward 7");
    let (lead, _): (Lead, _) = decode(&body);
    assert_eq!(lead.extra.get("riskTier"), Some(&json!("B")));
    assert_eq!(
        lead.address().unwrap().extra.get("ward"),
        Some(&json!("Ward 7"))
    );
}

/// Raw parts and unknown fields hold personal data: `Debug` shows their shape and field names,
/// never their values, and the reasons are masked.
#[test]
fn raw_parts_and_unknown_fields_print_no_personal_data() {
    let mut body = fixture_value("lead_full.json");
    body["userAgents"][0]["device"] = json!(EMAIL);
    body["platformPresenceFacts"][0] = json!({
        "platform": {"name": "skype"},
        "details": {"name": "Jeff Daniels", "id": "live:1de8f11d356bf276"}
    });
    body["idDocuments"][0]["issueDate"] = json!("+84999999999");
    body["fraudData"] = json!(["84999999999"]);
    body["secondaryEmail"] = json!(EMAIL);
    body["address"]["street"] = json!("12 Hang Bac, John Doe");

    let (lead, drift): (Lead, _) = decode(&body);
    assert_eq!(drift.undecodable_parts.len(), 4, "{drift:?}");
    let printed = format!("{lead:?} {drift:?}");
    for personal in [
        EMAIL,
        "dave.black",
        "+84999999999",
        "84999999999",
        "Jeff Daniels",
        "live:1de8f11d356bf276",
        "John Doe",
        "Hang Bac",
    ] {
        assert!(!printed.contains(personal), "{personal} in {printed}");
    }
    // The field names of unknown fields are shown, so drift is visible in logs.
    assert!(printed.contains("secondaryEmail"), "{printed}");
    assert!(printed.contains("RawPart"), "{printed}");
    // The values are still there for the caller who asks.
    assert_eq!(
        lead.user_agents[0].raw().unwrap().value()["device"],
        json!(EMAIL)
    );
}
