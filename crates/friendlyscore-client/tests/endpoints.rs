//! Every endpoint: exact method, path, auth header and body; answers decoded field by field.

mod common;

use chrono::NaiveDate;
use common::*;
use friendlyscore_client::{
    AccessTokens, Answer, ApplicationStatus, CalculateScore, Comments, FACEBOOK_SCOPES,
    GOOGLE_SCOPES, GmailList, LoanStatus, Notices, PerformanceData, ResultFlag, User, UserAgent,
    UserAgentFormat, UserId, UserStatus,
};
use leadkit_core::testing::httpmock::prelude::*;
use serde_json::json;

#[tokio::test]
async fn calculate_score_posts_the_documented_body() {
    let server = MockServer::start_async().await;
    let token = token_mock(&server).await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v2/users/partner-id/customer-42/calculate_score.json")
                .header("authorization", BEARER)
                .header("content-type", "application/json")
                .json_body(json!({
                    "access_tokens": {
                        "facebook": "fb-token-1",
                        "twitter_screen_name": "handle",
                        "google": "google-token-1"
                    },
                    "ip": "203.0.113.7",
                    "webhook": "https://lender.example/hooks/fs",
                    "user_agent": {
                        "os": "Windows", "osVersion": "10", "browser": "Chrome",
                        "browserMajorVersion": "120", "browserVersion": "120.0.1",
                        "mobile": false, "flash": false, "cookies": true,
                        "screenSize": "1920 x 1080"
                    }
                }));
            then.status(200).body(fx("calculate_score_success.json"));
        })
        .await;
    let request = CalculateScore::new(
        AccessTokens::new()
            .google("google-token-1")
            .facebook("fb-token-1")
            .twitter_screen_name("handle"),
        "203.0.113.7",
    )
    .webhook("https://lender.example/hooks/fs")
    .user_agent(
        UserAgent::new()
            .os("Windows")
            .os_version("10")
            .browser("Chrome")
            .browser_major_version("120")
            .browser_version("120.0.1")
            .mobile(false)
            .flash(false)
            .cookies(true)
            .screen_size("1920 x 1080"),
    );
    let ack = client(&server)
        .calculate_score(&UserId::partner("customer-42"), &request)
        .await
        .unwrap();
    mock.assert_calls_async(1).await;
    token.assert_calls_async(1).await;
    assert_eq!(ack.status.as_u16(), 200);
    assert_eq!(ack.result, Some(ResultFlag::Success));
    assert_eq!(ack.message.as_deref(), Some("Queued for calculation."));
    assert_eq!(ack.user_id.as_deref(), Some("USER-ID"));
    assert!(ack.extra.is_empty());
}

#[tokio::test]
async fn ids_are_one_percent_encoded_path_segment() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/users/partner-id/a%2Fb%20c%3Fd/show.json")
                .header("authorization", BEARER);
            then.status(200).body(fx("show_user.json"));
        })
        .await;
    let answer = client(&server)
        .show_user(&UserId::partner("a/b c?d"))
        .await
        .unwrap();
    assert!(matches!(answer, Answer::Ready(_)));
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn show_user_decodes_every_named_field_and_the_notices() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/users/id/1187/show.json")
                .header("authorization", BEARER);
            then.status(200).body(fx("show_user.json"));
        })
        .await;
    let user = client(&server)
        .show_user(&UserId::friendlyscore("1187"))
        .await
        .unwrap()
        .ready()
        .expect("ready");
    mock.assert_calls_async(1).await;
    assert_eq!(user.id.as_deref(), Some("1187"));
    assert_eq!(user.name.as_deref(), Some("Test Applicant"));
    assert_eq!(user.email.as_deref(), Some("applicant@example.com"));
    assert_eq!(user.mobile.as_deref(), Some("447700900123"));
    assert_eq!(user.address.as_deref(), Some("1 Example Street"));
    assert_eq!(user.age, Some(34));
    assert_eq!(user.gender.as_deref(), Some("female"));
    assert_eq!(user.city_name.as_deref(), Some("Exampleton"));
    assert_eq!(user.city_population_50k, Some(true));
    assert_eq!(user.contact_bank_in_90_days, Some(false));
    assert_eq!(user.education_average, Some(3.5));
    assert_eq!(user.education_best_find.as_deref(), Some("university"));
    assert_eq!(
        user.educations,
        Some(json!([{"school": "Example University", "type": "College"}]))
    );
    assert_eq!(user.facebook_id.as_deref(), Some("100000000000001"));
    assert_eq!(user.family, Some(json!([])));
    assert_eq!(user.family_members_in_home, Some(3));
    assert_eq!(user.friendlyscore, Some(712));
    assert_eq!(user.has_kids, Some(true));
    assert_eq!(user.in_relationship, Some(false));
    assert_eq!(user.lead, Some(false));
    assert_eq!(user.loan_amount, Some(1500.0));
    assert_eq!(user.loan_currency.as_deref(), Some("GBP"));
    assert_eq!(user.loan_description.as_deref(), Some("Car repair"));
    assert_eq!(user.loan_duration_in_days, Some(90));
    assert_eq!(user.positive, Some(true));
    assert_eq!(user.scoreyourself_mobile, Some(false));
    assert_eq!(user.skills, Some(json!(["accounting", "driving"])));
    assert_eq!(user.status.as_deref(), Some("2"));
    assert_eq!(user.status_description.as_deref(), Some("Loan granted"));
    assert_eq!(user.working, Some(true));
    // A field the client does not type is kept.
    assert_eq!(user.extra["facebook_friends_count"], json!(245));
    assert_eq!(user.extra.len(), 1);
    let notices = fx_json("notices.json");
    assert_eq!(
        user.notices.google_scopes_notice.as_deref(),
        notices["google_scopes_notice"].as_str()
    );
    assert_eq!(
        user.notices.ip_address_notice.as_deref(),
        Some("Bad IPv4 address format or reserved IP address provided!")
    );
}

/// (method name, path after `/api/v2/users/partner-id/u-7/`, fixture)
const READS: &[(&str, &str, &str)] = &[
    (
        "social",
        "show/social-network-data.json",
        "show_user_social.json",
    ),
    ("ip", "show/ip-address-data.json", "show_user_ip_addr.json"),
    (
        "points",
        "show/data-points.json",
        "show_user_data_points.json",
    ),
    (
        "heat",
        "show/heat-map-coordinates.json",
        "show_user_heat_map.json",
    ),
    ("fraud", "show/min-fraud-data.json", "min_fraud_data.json"),
];

#[tokio::test]
async fn per_user_reads_hit_their_paths_and_keep_every_field() {
    let server = MockServer::start_async().await;
    let token = token_mock(&server).await;
    let client = client(&server);
    let user = UserId::partner("u-7");
    for (name, path, fixture_name) in READS {
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path(format!("/api/v2/users/partner-id/u-7/{path}"))
                    .header("authorization", BEARER);
                then.status(200).body(fx(fixture_name));
            })
            .await;
        let answer = match *name {
            "social" => client.show_user_social(&user).await,
            "ip" => client.show_user_ip_addr(&user).await,
            "points" => client.show_user_data_points(&user).await,
            "heat" => client.show_user_heat_map(&user).await,
            _ => client.min_fraud_data(&user).await,
        };
        let data = answer.unwrap().ready().expect("ready");
        mock.assert_calls_async(1).await;
        let mut expected = fx_json(fixture_name);
        let notices = expected
            .as_object_mut()
            .and_then(|map| map.remove("notices"));
        assert_eq!(data.value(), &expected, "{name}");
        if *name == "ip" {
            assert_eq!(
                data.notices().ip_address_notice.as_deref(),
                notices
                    .as_ref()
                    .and_then(|n| n["ip_address_notice"].as_str())
            );
        } else {
            assert!(data.notices().is_empty(), "{name}");
        }
    }
    token.assert_calls_async(1).await;
}

#[tokio::test]
async fn typed_reads_of_social_heat_map_and_fraud() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let client = client(&server);
    let user = UserId::partner("u-7");
    for (path, fixture_name) in [
        ("show/social-network-data.json", "show_user_social.json"),
        ("show/heat-map-coordinates.json", "show_user_heat_map.json"),
        ("show/min-fraud-data.json", "min_fraud_data.json"),
    ] {
        server
            .mock_async(|when, then| {
                when.method(GET)
                    .path(format!("/api/v2/users/partner-id/u-7/{path}"));
                then.status(200).body(fx(fixture_name));
            })
            .await;
    }
    let social = client
        .show_user_social(&user)
        .await
        .unwrap()
        .ready()
        .unwrap();
    assert_eq!(social.get("facebook").unwrap()["friends_count"], json!(245));
    let heat = client
        .show_user_heat_map(&user)
        .await
        .unwrap()
        .ready()
        .unwrap();
    let points = heat.items().expect("array answer");
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["lat"], json!(51.5007));
    let fraud = client.min_fraud_data(&user).await.unwrap().ready().unwrap();
    assert_eq!(fraud.fields().unwrap()["risk_score"], json!(0.48));
}

#[tokio::test]
async fn fraud_alerts_live_under_their_own_group() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/fraudalerts/id/1187/show.json")
                .header("authorization", BEARER);
            then.status(200).body(fx("show_fraudalerts.json"));
        })
        .await;
    let alerts = client(&server)
        .show_fraud_alerts(&UserId::friendlyscore("1187"))
        .await
        .unwrap()
        .ready()
        .unwrap();
    mock.assert_calls_async(1).await;
    assert_eq!(alerts.items().unwrap()[0]["type"], json!("shared_device"));
}

#[tokio::test]
async fn every_gmail_list() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let client = client(&server);
    let user = UserId::partner("u-7");
    for list in GmailList::ALL {
        let fixture_name = format!("gmail_{}", list.file_name().replace('-', "_"));
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path(format!(
                        "/api/v2/users/partner-id/u-7/google/raw-file-data/{}",
                        list.file_name()
                    ))
                    .header("authorization", BEARER);
                then.status(200).body(fx(&fixture_name));
            })
            .await;
        let answer = match list {
            GmailList::Places => client.show_gmail_places(&user).await,
            GmailList::DaysOfBirth => client.show_gmail_days_of_birth(&user).await,
            GmailList::Skills => client.show_gmail_skills(&user).await,
            GmailList::Phones => client.show_gmail_phones(&user).await,
            GmailList::WorkPeriods => client.show_gmail_work_periods(&user).await,
            GmailList::Universities => client.show_gmail_universities(&user).await,
            GmailList::Emails => client.show_gmail_emails(&user).await,
        };
        let data = answer.unwrap().ready().expect("ready");
        mock.assert_calls_async(1).await;
        assert_eq!(data.value(), &fx_json(&fixture_name), "{list:?}");
    }
}

#[tokio::test]
async fn performance_data_posts_every_field_in_vendor_formats() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v2/users/partner-id/u-7/performance-data.json")
                .header("authorization", BEARER)
                .header("content-type", "application/json")
                .json_body(json!({
                    "loan_application_customer_id": "app-981",
                    "loan_application_date": "2024-01-31 17:05:00",
                    "loan_application_status": "accepted",
                    "loan_value": 1500.0,
                    "loan_paid_capital": 500.25,
                    "loan_currency": "GBP",
                    "loan_term": 90,
                    "loan_status": "arrears",
                    "loan_arrears_days": 12,
                    "loan_arrears_amount_overdue": 120.5,
                    "loan_is_installment": 1,
                    "comments": {"positive": 2, "negative": 0, "neutral": 1}
                }));
            then.status(200).body(fx("performance_data.json"));
        })
        .await;
    let applied = NaiveDate::from_ymd_opt(2024, 1, 31)
        .unwrap()
        .and_hms_opt(17, 5, 0)
        .unwrap();
    let data = PerformanceData::new()
        .loan_application_customer_id("app-981")
        .loan_application_date(applied)
        .loan_application_status(ApplicationStatus::Accepted)
        .loan_value(1500.0)
        .loan_paid_capital(500.25)
        .loan_currency("GBP")
        .loan_term(90)
        .loan_status(LoanStatus::Arrears)
        .loan_arrears_days(12)
        .loan_arrears_amount_overdue(120.5)
        .loan_is_installment(true)
        .comments(Comments::new(2, 0, 1));
    let ack = client(&server)
        .performance_data(&UserId::partner("u-7"), &data)
        .await
        .unwrap();
    mock.assert_calls_async(1).await;
    assert_eq!(ack.result, Some(ResultFlag::Success));
    assert_eq!(ack.message.as_deref(), Some("Performance data saved."));
}

#[tokio::test]
async fn set_positive_puts_one_or_zero() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let on = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/api/v2/users/id/1187/positive/1.json")
                .header("authorization", BEARER)
                .json_body(json!({}));
            then.status(200).body(fx("set_positive.json"));
        })
        .await;
    let off = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/api/v2/users/id/1187/positive/0.json")
                .header("authorization", BEARER)
                .json_body(json!({}));
            then.status(204);
        })
        .await;
    let client = client(&server);
    let user = UserId::friendlyscore("1187");
    let ack = client.set_positive(&user, true).await.unwrap();
    assert_eq!(ack.message.as_deref(), Some("Positive flag set."));
    let empty = client.set_positive(&user, false).await.unwrap();
    assert_eq!(empty.status.as_u16(), 204);
    assert_eq!(empty.result, None);
    on.assert_calls_async(1).await;
    off.assert_calls_async(1).await;
}

#[tokio::test]
async fn set_status_posts_status_and_description() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v2/users/partner-id/u-7/status.json")
                .header("authorization", BEARER)
                .json_body(json!({"status": "2", "status_description": "Loan granted"}));
            then.status(200).body(fx("set_status.json"));
        })
        .await;
    let ack = client(&server)
        .set_status(
            &UserId::partner("u-7"),
            &UserStatus::new("2").description("Loan granted"),
        )
        .await
        .unwrap();
    mock.assert_calls_async(1).await;
    assert_eq!(ack.message.as_deref(), Some("Status set."));
    assert_eq!(ack.user_id.as_deref(), Some("USER-ID"));
}

#[tokio::test]
async fn a_text_status_set_is_read_back() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let set = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v2/users/partner-id/u-7/status.json")
                .json_body(json!({"status": "approved", "status_description": "Loan granted"}));
            then.status(200).body(fx("set_status.json"));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/users/partner-id/u-7/show.json");
            then.status(200).body(
                json!({"id": 1187, "status": "approved", "status_description": "Loan granted"})
                    .to_string(),
            );
        })
        .await;
    let client = client(&server);
    let user = UserId::partner("u-7");
    client
        .set_status(
            &user,
            &UserStatus::new("approved").description("Loan granted"),
        )
        .await
        .unwrap();
    set.assert_calls_async(1).await;
    let found = client.show_user(&user).await.unwrap().ready().unwrap();
    assert_eq!(found.status.as_deref(), Some("approved"));
    assert_eq!(found.status_description.as_deref(), Some("Loan granted"));
    assert!(found.extra.is_empty(), "{:?}", found.extra);
    // Read without drift, and written back as sent.
    let (decoded, drift) = leadkit_core::drift::watch(|| {
        serde_json::from_value::<User>(json!({"status": "approved"})).unwrap()
    });
    assert!(drift.undecodable_parts.is_empty(), "{drift:?}");
    assert_eq!(
        serde_json::to_value(&decoded).unwrap(),
        json!({"status": "approved"})
    );
}

#[tokio::test]
async fn user_agent_can_be_sent_as_a_json_string() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v2/users/partner-id/customer-42/calculate_score.json")
                .json_body(json!({
                    "access_tokens": {"google": "google-token-1"},
                    "ip": "203.0.113.7",
                    "user_agent": r#"{"os":"Android","browser":"Chrome","mobile":true,"screenSize":"412 x 915"}"#
                }));
            then.status(200).body(fx("calculate_score_success.json"));
        })
        .await;
    let request = CalculateScore::new(AccessTokens::new().google("google-token-1"), "203.0.113.7")
        .user_agent(
            UserAgent::new()
                .os("Android")
                .browser("Chrome")
                .mobile(true)
                .screen_size("412 x 915"),
        )
        .user_agent_format(UserAgentFormat::JsonString);
    client(&server)
        .calculate_score(&UserId::partner("customer-42"), &request)
        .await
        .unwrap();
    mock.assert_calls_async(1).await;
    assert_eq!(UserAgentFormat::default(), UserAgentFormat::Object);
}

#[test]
fn the_required_scopes_are_public_and_documented() {
    // The reference's lists (it names `userinfo.email` twice; kept once).
    let google = [
        "plus.login",
        "userinfo.email",
        "userinfo.profile",
        "calendar.readonly",
        "drive.file",
        "gmail.readonly",
        "analytics.readonly",
        "plus.me",
    ]
    .map(|scope| format!("https://www.googleapis.com/auth/{scope}"));
    assert_eq!(GOOGLE_SCOPES, google);
    assert_eq!(FACEBOOK_SCOPES, ["email", "public_profile", "user_friends"]);
    // The documented notice names scopes from that list.
    let notices: Notices = serde_json::from_value(fx_json("notices.json")).unwrap();
    let missing = notices.missing_google_scopes();
    assert_eq!(missing.len(), 4);
    assert!(
        missing.iter().all(|scope| GOOGLE_SCOPES.contains(scope)),
        "{missing:?}"
    );
    assert_eq!(missing[3], "https://www.googleapis.com/auth/plus.me");
    assert!(Notices::default().missing_google_scopes().is_empty());
    // And every scope is in the crate's documentation page.
    let docs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/friendlyscore.md"
    ))
    .unwrap();
    for scope in GOOGLE_SCOPES.iter().chain(FACEBOOK_SCOPES) {
        assert!(
            docs.contains(&format!("`{scope}`")),
            "{scope} is not in the docs"
        );
    }
}
