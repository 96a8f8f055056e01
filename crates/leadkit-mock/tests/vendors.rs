//! Every vendor's scenarios and auth checks, through the real vendor clients.

mod common;

use std::time::Duration;

use bureau_altdata::{PollPolicy, TransactionRequest, TransactionStatus};
use friendlyscore_client::{
    AccessTokens, Answer, CalculateScore, GmailList, ListUsers, Rejection, Settled, UserId,
};
use jeff_client::{
    Contact, EventMethod, JeffClient, LeadDataOutcome, PartnerEvent, Platform, SecretString,
    SocialPresenceQuery, StatusCode,
};
use jornaya_preaudit::{Flag, HttpMethod, PreAuditClient, PreAuditRequest, ResponseFormat};
use leadkit_mock::{MockCredentials, MockServer, Vendor};

const WORKFLOW: &str = "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b";

#[tokio::test]
async fn jeff_lead_outcomes_follow_the_contact() {
    let server = MockServer::start().await.unwrap();
    let jeff = common::jeff(&server);

    let lead = jeff
        .lead_data(&Contact::email_and_phone(
            "jon.doe@example.com",
            "84877797487",
        ))
        .await
        .unwrap();
    let LeadDataOutcome::Lead(lead) = lead else {
        panic!("expected a lead")
    };
    assert!(!lead.id.is_empty());

    let none = jeff
        .lead_data(&Contact::email("nomatch@example.com"))
        .await
        .unwrap();
    assert!(none.is_no_match());

    let fraud_only = jeff
        .lead_data(&Contact::phone("84000000300"))
        .await
        .unwrap();
    assert!(matches!(fraud_only, LeadDataOutcome::NonLeadMatch(_)));
    assert!(fraud_only.fraud_data().is_some());

    let error = jeff
        .lead_data(&Contact::phone("84000000400"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(
        error.vendor_message().and_then(|m| m.message()),
        Some("Wrong phone number format. Please check the documentation")
    );
}

#[tokio::test]
async fn jeff_fraud_social_and_events() {
    let server = MockServer::start().await.unwrap();
    let jeff = common::jeff(&server);
    let fraud = jeff
        .fraud_data(&Contact::phone("639365429568"))
        .await
        .unwrap()
        .into_fraud_data()
        .unwrap();
    assert_eq!(fraud.phone_marked_fraud_by, ["ae8d566b56f65581"]);
    let clean = jeff
        .fraud_data(&Contact::email("nomatch@example.com"))
        .await
        .unwrap();
    assert!(!clean.is_marked_fraud());

    let presence = jeff
        .social_presence(
            &SocialPresenceQuery::new(Contact::email("jon.doe@example.com"))
                .max_wait_time_seconds(5)
                .platform(Platform::Zalo),
        )
        .await
        .unwrap()
        .into_social_presence()
        .unwrap();
    assert!(!presence.platform_presence_facts.is_empty());

    let receipt = jeff
        .send_event(&PartnerEvent::loan_issued("jeff-lead-id", "app-1042"))
        .await
        .unwrap();
    assert_eq!(receipt.status, StatusCode::OK);
    let posted = jeff
        .send_event(
            &PartnerEvent::application_completed("jeff-lead-id", "app-1").method(EventMethod::Post),
        )
        .await
        .unwrap();
    assert_eq!(posted.status, StatusCode::OK);
    let declined = jeff
        .send_event(&PartnerEvent::loan_issued("jeff-lead-id", "illogical"))
        .await
        .unwrap_err();
    assert_eq!(declined.status(), Some(StatusCode::BAD_REQUEST));
    assert!(
        declined
            .vendor_message()
            .and_then(|m| m.message())
            .is_some()
    );
    assert_eq!(server.request_count(Vendor::JeffData), 1);
}

#[tokio::test]
async fn jeff_auth_basic_query_and_refusal() {
    let server = MockServer::start().await.unwrap();
    let credentials = server.credentials().clone();
    let query = JeffClient::builder(
        credentials.jeff_username.clone(),
        SecretString::from(credentials.jeff_password.clone()),
    )
    .query_credentials()
    .api_base_url(server.jeff_api_url())
    .unwrap()
    .build()
    .unwrap();
    assert!(
        query
            .fraud_data(&Contact::phone("639365429568"))
            .await
            .is_ok()
    );

    let wrong = JeffClient::builder(credentials.jeff_username, SecretString::from("wrong"))
        .api_base_url(server.jeff_api_url())
        .unwrap()
        .build()
        .unwrap();
    let error = wrong
        .fraud_data(&Contact::phone("639365429568"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, jeff_client::Error::Auth { .. }),
        "{error:?}"
    );
    // Recorded requests never hold the query string (where query credentials travel).
    assert!(server.requests().iter().all(|r| !r.path.contains('?')));
}

fn token(last: &str) -> String {
    format!("0A1B2C3D-4E5F-4A6B-8C7D-{last}")
}

#[tokio::test]
async fn jornaya_colours_formats_and_methods() {
    let server = MockServer::start().await.unwrap();
    let jornaya = common::jornaya(&server);
    let green = jornaya
        .single_pre_audit(&PreAuditRequest::new(token("9E0F1A2B3C4D"), "ENTITY"))
        .await
        .unwrap();
    assert_eq!(green.result, Flag::Green);
    assert_eq!(green.labels.green.as_deref(), Some("Good Lead"));

    let yellow = jornaya
        .single_pre_audit(
            &PreAuditRequest::new(token("000000000002"), "ENTITY").method(HttpMethod::Post),
        )
        .await
        .unwrap();
    assert_eq!(yellow.result, Flag::Yellow);

    for format in [ResponseFormat::Json, ResponseFormat::Xml] {
        let red = jornaya
            .single_pre_audit(&PreAuditRequest::new(token("000000000003"), "ENTITY").format(format))
            .await
            .unwrap();
        assert_eq!(red.result, Flag::Red, "{format:?}");
        assert!(red.reasons.flagged().next().is_some());
    }
}

#[tokio::test]
async fn jornaya_other_scenarios_in_both_formats() {
    let server = MockServer::start().await.unwrap();
    let jornaya = common::jornaya(&server);
    for format in [ResponseFormat::Json, ResponseFormat::Xml] {
        let tcpa = jornaya
            .single_pre_audit(&PreAuditRequest::new(token("000000000004"), "ENTITY").format(format))
            .await
            .unwrap();
        assert_eq!(tcpa.result, Flag::Red, "{format:?}");
        let unknown = jornaya
            .single_pre_audit(&PreAuditRequest::new(token("000000000005"), "ENTITY").format(format))
            .await
            .unwrap();
        assert!(
            unknown
                .reasons
                .iter()
                .any(|r| r.code.info().is_none() || r.flag.is_unknown()),
            "{format:?}: {unknown:?}"
        );
        let no_flags = jornaya
            .single_pre_audit(&PreAuditRequest::new(token("000000000006"), "ENTITY").format(format))
            .await
            .unwrap();
        assert!(no_flags.labels.is_empty(), "{format:?}");
        assert!(no_flags.reasons.is_empty(), "{format:?}");
    }
    assert_eq!(server.request_count(Vendor::Jornaya), 6);
}

#[tokio::test]
async fn jornaya_checks_the_account_code_and_bearer_token() {
    let server = MockServer::builder()
        .credentials(MockCredentials {
            jornaya_bearer_token: Some("mock-bearer".into()),
            ..MockCredentials::default()
        })
        .start()
        .await
        .unwrap();
    let request = PreAuditRequest::new(token("9E0F1A2B3C4D"), "ENTITY");
    let no_bearer = common::jornaya(&server)
        .single_pre_audit(&request)
        .await
        .unwrap_err();
    assert!(
        matches!(no_bearer, jornaya_preaudit::Error::Auth { .. }),
        "{no_bearer:?}"
    );
    let with_bearer = PreAuditClient::builder(MockCredentials::JORNAYA_ACCOUNT_CODE)
        .bearer_token(SecretString::from("mock-bearer"))
        .base_url(server.jornaya_url())
        .unwrap()
        .build()
        .unwrap();
    assert!(with_bearer.single_pre_audit(&request).await.is_ok());
    let wrong_account = PreAuditClient::builder("OTHER-ACCOUNT")
        .bearer_token(SecretString::from("mock-bearer"))
        .base_url(server.jornaya_url())
        .unwrap()
        .build()
        .unwrap();
    assert!(matches!(
        wrong_account.single_pre_audit(&request).await.unwrap_err(),
        jornaya_preaudit::Error::Auth { .. }
    ));
}

fn quick_poll() -> PollPolicy {
    PollPolicy::new(Duration::ZERO, Duration::from_secs(10))
        .interval(Duration::from_millis(5), Duration::from_millis(20))
}

#[tokio::test]
async fn friendlyscore_reads_writes_and_listing() {
    let server = MockServer::start().await.unwrap();
    let fs = common::friendlyscore(&server);
    let user = UserId::partner("customer-42");
    let Answer::Ready(found) = fs.show_user(&user).await.unwrap() else {
        panic!("expected a user")
    };
    assert_eq!(found.id.as_deref(), Some("1187"));
    assert!(fs.show_user_social(&user).await.unwrap().ready().is_some());
    assert!(fs.show_user_ip_addr(&user).await.unwrap().ready().is_some());
    assert!(
        fs.show_user_data_points(&user)
            .await
            .unwrap()
            .ready()
            .is_some()
    );
    assert!(
        fs.show_user_heat_map(&user)
            .await
            .unwrap()
            .ready()
            .is_some()
    );
    assert!(fs.min_fraud_data(&user).await.unwrap().ready().is_some());
    assert!(fs.show_fraud_alerts(&user).await.unwrap().ready().is_some());
    for list in GmailList::ALL {
        assert!(
            fs.show_gmail(&user, list).await.unwrap().ready().is_some(),
            "{list:?}"
        );
    }
    let ack = fs
        .calculate_score(
            &user,
            &CalculateScore::new(AccessTokens::new().facebook("EAAB-mock"), "203.0.113.7"),
        )
        .await
        .unwrap();
    assert_eq!(ack.user_id.as_deref(), Some("customer-42"));
    assert_eq!(ack.message.as_deref(), Some("Queued for calculation."));
    assert!(fs.set_positive(&user, true).await.is_ok());
    let everyone = fs
        .list_users_pager(ListUsers::new().max_results(2))
        .collect_all()
        .await
        .unwrap();
    assert_eq!(everyone.len(), 5);
    // One token served every call.
    let tokens = server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/oauth/v2/token"))
        .count();
    assert_eq!(tokens, 1);
}

#[tokio::test]
async fn friendlyscore_scenarios() {
    let server = MockServer::start().await.unwrap();
    let fs = common::friendlyscore(&server);
    let scheduled = UserId::partner("scheduled-2");
    assert!(fs.show_user(&scheduled).await.unwrap().is_scheduled());
    let settled = fs.wait_for_score(&scheduled, &quick_poll()).await.unwrap();
    assert!(matches!(settled, Settled::Ready(_)));

    let nodata = UserId::partner("nodata");
    assert!(fs.show_user(&nodata).await.unwrap().is_no_data());

    // The first call with a given token is refused as expired: the client fetches a new
    // token and resends once.
    let expired = UserId::partner("token-expired");
    assert!(fs.show_user(&expired).await.unwrap().ready().is_some());
    let tokens = server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/oauth/v2/token"))
        .count();
    assert_eq!(tokens, 2);

    let missing_ip = fs
        .calculate_score(
            &UserId::partner("missing-ip"),
            &CalculateScore::new(AccessTokens::new().google("ya29-mock"), "203.0.113.7"),
        )
        .await
        .unwrap_err();
    assert_eq!(
        Rejection::from_error(&missing_ip),
        Some(Rejection::MissingIpAddress)
    );
}

#[tokio::test]
async fn friendlyscore_refuses_a_wrong_secret() {
    let server = MockServer::start().await.unwrap();
    let fs = friendlyscore_client::FriendlyScoreClient::builder(
        MockCredentials::FRIENDLYSCORE_CLIENT_ID,
        SecretString::from("wrong"),
    )
    .base_url(server.friendlyscore_url())
    .unwrap()
    .build()
    .unwrap();
    let error = fs.show_user(&UserId::partner("x")).await.unwrap_err();
    assert_eq!(
        Rejection::from_error(&error),
        Some(Rejection::InvalidClient)
    );
}

fn applicant(email: &str) -> TransactionRequest {
    TransactionRequest::new(WORKFLOW, email, "Asha Verma", "919812345678", "IND")
}

#[tokio::test]
async fn bureau_awaits_n_polls_then_accepts() {
    let server = MockServer::start().await.unwrap();
    let bureau = common::bureau(&server);
    let done = bureau
        .run_with(&applicant("await3@example.com"), &quick_poll())
        .await
        .unwrap();
    assert_eq!(done.outcome, Some(TransactionStatus::Accepted));
    // initiate + 3 AWAITING + the final fetch
    assert_eq!(server.request_count(Vendor::Bureau), 5);
    let again = bureau.transaction(&done.transaction_id).await.unwrap();
    assert_eq!(again.transaction_id, done.transaction_id);
    assert!(again.is_done());

    let started = bureau
        .initiate(&applicant("asha@example.com"))
        .await
        .unwrap();
    assert!(started.is_awaiting());
    assert_ne!(started.transaction_id, done.transaction_id);
    assert!(
        bureau
            .fetch(&applicant("asha@example.com"), &started.transaction_id)
            .await
            .unwrap()
            .is_awaiting()
    );
    assert!(
        bureau
            .fetch(&applicant("asha@example.com"), &started.transaction_id)
            .await
            .unwrap()
            .is_done()
    );
}

#[tokio::test]
async fn bureau_refuses_wrong_credentials() {
    let server = MockServer::start().await.unwrap();
    let bureau =
        bureau_altdata::BureauClient::builder("mock-credential-id", SecretString::from("nope"))
            .base_url(server.bureau_url())
            .unwrap()
            .build()
            .unwrap();
    let error = bureau
        .initiate(&applicant("asha@example.com"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, bureau_altdata::Error::Auth { .. }),
        "{error:?}"
    );
}
