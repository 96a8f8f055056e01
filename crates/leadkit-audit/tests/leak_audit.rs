//! The leak audit: the whole fault matrix, for both calls of every vendor (Jeff in both
//! credential modes, Jornaya over GET and POST), with tracing captured at TRACE, every error's
//! `Display`, `Debug`, pretty `Debug` and source chain collected, and a panic hook recording any
//! panic message. None of them may contain a password, secret, token, full email address, full
//! phone number or full name that went into the requests, and nothing may panic.
//!
//! Alone in its test binary: tracing caches each call site's interest process-wide, so a capture
//! must not share its binary with tests that log without one.

use leadkit_core::testing::faults as fault_matrix;

use std::error::Error as _;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use fault_matrix::{Fault, FaultServer, Side, http, retry_policy};
use leadkit_core::Error;
use leadkit_core::testing::{LogCapture, assert_no_leak, fixture};

mod jeff {
    pub const USER: &str = "partner-user";
    pub const PASSWORD: &str = "s3cret-Partner-pass";
    /// base64("partner-user:s3cret-Partner-pass"), the Basic header's value.
    pub const BASIC: &str = "cGFydG5lci11c2VyOnMzY3JldC1QYXJ0bmVyLXBhc3M=";
    pub const EMAIL: &str = "dave.black@example.com";
    pub const PHONE: &str = "84999999999";
    pub const REASON: &str = "Davina Blackwood declined the offer";
}

mod jornaya {
    pub const API_TOKEN: &str = "test-api-auth-token-0001";
    pub const LEADID_TOKEN: &str = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D";
    pub const EMAIL: &str = "jane.placeholder@example.com";
    pub const PHONE: &str = "5555550123";
    pub const FIRST: &str = "Janeplaceholder";
    pub const LAST: &str = "Doeplaceholder";
}

mod friendlyscore {
    pub const SECRET: &str = "test-client-secret-PLACEHOLDER";
    /// The token of `fixtures/friendlyscore/token_success.json`.
    pub const ACCESS_TOKEN: &str = "TEST-ACCESS-TOKEN-PLACEHOLDER-0001";
    pub const FACEBOOK_TOKEN: &str = "fb-access-token-PLACEHOLDER";
    pub const IP: &str = "203.0.113.7";
}

mod bureau {
    pub const SECRET: &str = "test-secret-9f8e7d";
    /// base64("test-credential:test-secret-9f8e7d").
    pub const BASIC: &str = "dGVzdC1jcmVkZW50aWFsOnRlc3Qtc2VjcmV0LTlmOGU3ZA==";
    pub const EMAIL: &str = "asha.verma@example.com";
    pub const NAME: &str = "Asha Verma";
    pub const PHONE: &str = "919812345678";
}

/// Everything that must never be printed, with the URL-encoded forms of the emails.
const SECRETS: &[&str] = &[
    jeff::PASSWORD,
    jeff::BASIC,
    jeff::EMAIL,
    "dave.black%40example.com",
    jeff::PHONE,
    "Davina",
    "Blackwood",
    jornaya::API_TOKEN,
    jornaya::LEADID_TOKEN,
    jornaya::EMAIL,
    "jane.placeholder%40example.com",
    jornaya::PHONE,
    jornaya::FIRST,
    jornaya::LAST,
    friendlyscore::SECRET,
    friendlyscore::ACCESS_TOKEN,
    friendlyscore::FACEBOOK_TOKEN,
    friendlyscore::IP,
    bureau::SECRET,
    bureau::BASIC,
    bureau::EMAIL,
    "asha.verma%40example.com",
    bureau::NAME,
    "Asha+Verma",
    bureau::PHONE,
];

type Outcome = Result<(), Error>;

async fn jeff_client(
    fault: Fault,
    query_credentials: bool,
) -> (FaultServer, jeff_client::JeffClient) {
    let server = fault
        .serve(fixture("jeff", "lead_full.json").as_bytes(), None)
        .await;
    let mut builder = jeff_client::JeffClient::builder(jeff::USER, jeff::PASSWORD.into())
        .http_client(fault.http_client())
        .retry_policy(retry_policy())
        .api_base_url(server.url())
        .expect("base url");
    if query_credentials {
        builder = builder.query_credentials();
    }
    (server, builder.build().expect("client"))
}

async fn jeff_lead(fault: Fault, query_credentials: bool) -> Outcome {
    let (_server, client) = jeff_client(fault, query_credentials).await;
    let contact = jeff_client::Contact::email_and_phone(jeff::EMAIL, jeff::PHONE);
    client.lead_data(&contact).await.map(drop)
}

async fn jeff_event(fault: Fault, query_credentials: bool) -> Outcome {
    let (_server, client) = jeff_client(fault, query_credentials).await;
    let event = jeff_client::PartnerEvent::loan_rejected_with_reason(
        "jeff-lead-id",
        "app-1042",
        jeff::REASON,
    );
    client.send_event(&event).await.map(drop)
}

async fn jornaya_pre_audit(fault: Fault, method: jornaya_preaudit::HttpMethod) -> Outcome {
    let server = fault
        .serve(fixture("jornaya", "green.json").as_bytes(), None)
        .await;
    let client = jornaya_preaudit::PreAuditClient::builder("TEST-ACCOUNT-CODE")
        .bearer_token(jornaya_preaudit::SecretString::from(jornaya::API_TOKEN))
        .base_url(server.url())
        .expect("base url")
        .http_client(fault.http_client())
        .retry_policy(retry_policy())
        .build()
        .expect("client");
    let request = jornaya_preaudit::PreAuditRequest::new(jornaya::LEADID_TOKEN, "TEST-ENTITY-CODE")
        .data(
            jornaya_preaudit::LeadData::new()
                .email(jornaya::EMAIL)
                .first_name(jornaya::FIRST)
                .last_name(jornaya::LAST)
                .phone1(jornaya::PHONE),
        )
        .method(method);
    client.single_pre_audit(&request).await.map(drop)
}

async fn friendlyscore_client(
    fault: Fault,
    ok: &str,
) -> (FaultServer, friendlyscore_client::FriendlyScoreClient) {
    let token = Side {
        path_prefix: "/oauth/v2/token",
        answer: http(
            200,
            &[("content-type", "application/json")],
            fixture("friendlyscore", "token_success.json").as_bytes(),
        ),
    };
    let server = fault
        .serve(fixture("friendlyscore", ok).as_bytes(), Some(token))
        .await;
    let client = friendlyscore_client::FriendlyScoreClient::builder(
        "test-client-id",
        friendlyscore_client::SecretString::from(friendlyscore::SECRET),
    )
    .base_url(server.url())
    .expect("base url")
    .http_client(fault.http_client())
    .retry_policy(retry_policy())
    .build()
    .expect("client");
    (server, client)
}

async fn friendlyscore_show_user(fault: Fault) -> Outcome {
    let (_server, client) = friendlyscore_client(fault, "show_user.json").await;
    let user = friendlyscore_client::UserId::partner("partner-user-42");
    client.show_user(&user).await.map(drop)
}

async fn friendlyscore_calculate(fault: Fault) -> Outcome {
    let (_server, client) = friendlyscore_client(fault, "calculate_score_success.json").await;
    let user = friendlyscore_client::UserId::partner("partner-user-42");
    let tokens = friendlyscore_client::AccessTokens::new().facebook(
        friendlyscore_client::SecretString::from(friendlyscore::FACEBOOK_TOKEN),
    );
    let request = friendlyscore_client::CalculateScore::new(tokens, friendlyscore::IP);
    client.calculate_score(&user, &request).await.map(drop)
}

fn bureau_request() -> bureau_altdata::TransactionRequest {
    bureau_altdata::TransactionRequest::new(
        "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b",
        bureau::EMAIL,
        bureau::NAME,
        bureau::PHONE,
        "IND",
    )
}

async fn bureau_call(fault: Fault, initiate: bool) -> Outcome {
    let ok = if initiate {
        "initiate.json"
    } else {
        "fetch_final.json"
    };
    let server = fault.serve(fixture("bureau", ok).as_bytes(), None).await;
    let client = bureau_altdata::BureauClient::builder(
        "test-credential",
        bureau_altdata::SecretString::from(bureau::SECRET),
    )
    .base_url(server.url())
    .expect("base url")
    .http_client(fault.http_client())
    .retry_policy(retry_policy())
    .build()
    .expect("client");
    if initiate {
        client.initiate(&bureau_request()).await.map(drop)
    } else {
        let id = "b6819bf9-a1aa-a11a-a11a-e7bb7ae2cd07";
        client.fetch(&bureau_request(), id).await.map(drop)
    }
}

/// What the audit saw.
#[derive(Default)]
struct Report {
    calls: usize,
    errors: usize,
    printed: String,
}

impl Report {
    fn record(
        &mut self,
        name: &str,
        fault: Fault,
        joined: Result<Outcome, tokio::task::JoinError>,
    ) {
        self.calls += 1;
        match joined {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                self.errors += 1;
                self.printed.push_str(&format!(
                    "{name} {fault:?}\n{error}\n{error:?}\n{error:#?}\n"
                ));
                let mut source = error.source();
                while let Some(cause) = source {
                    self.printed.push_str(&format!("{cause}\n{cause:?}\n"));
                    source = cause.source();
                }
            }
            Err(join) => panic!("{name} {fault:?} did not finish: {}", join.is_panic()),
        }
    }

    fn print(&mut self, value: &dyn Debug) {
        self.printed.push_str(&format!("{value:?}\n{value:#?}\n"));
    }
}

#[tokio::test(start_paused = true)]
async fn the_fault_matrix_leaks_nothing_and_never_panics() {
    let panics = Arc::new(Mutex::new(Vec::<String>::new()));
    let recorded = panics.clone();
    std::panic::set_hook(Box::new(move |info| {
        recorded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(info.to_string());
    }));
    let capture = LogCapture::start();
    let mut report = Report::default();

    for fault in Fault::ALL {
        for query in [false, true] {
            let name = if query {
                "jeff (query credentials)"
            } else {
                "jeff (basic)"
            };
            report.record(name, fault, tokio::spawn(jeff_lead(fault, query)).await);
            report.record(name, fault, tokio::spawn(jeff_event(fault, query)).await);
        }
        for method in [
            jornaya_preaudit::HttpMethod::Get,
            jornaya_preaudit::HttpMethod::Post,
        ] {
            report.record(
                "jornaya",
                fault,
                tokio::spawn(jornaya_pre_audit(fault, method)).await,
            );
        }
        report.record(
            "friendlyscore",
            fault,
            tokio::spawn(friendlyscore_show_user(fault)).await,
        );
        report.record(
            "friendlyscore",
            fault,
            tokio::spawn(friendlyscore_calculate(fault)).await,
        );
        report.record(
            "bureau",
            fault,
            tokio::spawn(bureau_call(fault, false)).await,
        );
        report.record(
            "bureau",
            fault,
            tokio::spawn(bureau_call(fault, true)).await,
        );
    }

    // The request descriptions and clients a caller might log themselves.
    let (_server, jeff) = jeff_client(Fault::Storm503, true).await;
    report.print(&jeff);
    report.print(&jeff_client::Contact::email_and_phone(
        jeff::EMAIL,
        jeff::PHONE,
    ));
    report.print(&jeff_client::PartnerEvent::loan_rejected_with_reason(
        "l",
        "e",
        jeff::REASON,
    ));
    report.print(
        &jornaya_preaudit::PreAuditRequest::new(jornaya::LEADID_TOKEN, "ENTITY").data(
            jornaya_preaudit::LeadData::new()
                .email(jornaya::EMAIL)
                .first_name(jornaya::FIRST)
                .last_name(jornaya::LAST)
                .phone1(jornaya::PHONE),
        ),
    );
    let (_server, friendlyscore) = friendlyscore_client(Fault::Storm503, "show_user.json").await;
    report.print(&friendlyscore);
    report.print(&friendlyscore_client::CalculateScore::new(
        friendlyscore_client::AccessTokens::new().facebook(
            friendlyscore_client::SecretString::from(friendlyscore::FACEBOOK_TOKEN),
        ),
        friendlyscore::IP,
    ));
    report.print(&bureau_request());

    let logs = capture.contents();
    drop(capture);
    let _ = std::panic::take_hook();
    let panics = panics.lock().unwrap_or_else(|p| p.into_inner()).join("\n");

    // The audit looked at something: every call ran, most failed, and the logs hold the
    // calls' spans and retries for every vendor.
    assert_eq!(report.calls, Fault::ALL.len() * 10);
    assert!(
        report.errors > Fault::ALL.len() * 6,
        "{} errors",
        report.errors
    );
    for expected in [
        "leadkit.call",
        "retrying",
        "call failed",
        "jeff",
        "jornaya",
        "friendlyscore",
        "bureau",
        "fetched access token",
    ] {
        assert!(
            logs.contains(expected),
            "the logs never mention `{expected}`"
        );
    }

    assert!(
        panics.is_empty(),
        "{} panic(s) during the fault matrix",
        panics.lines().count()
    );
    assert_no_leak(&logs, SECRETS);
    assert_no_leak(&report.printed, SECRETS);
    assert_no_leak(&panics, SECRETS);
}
