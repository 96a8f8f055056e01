//! `leadkit demo`: the embedded mock, one sample applicant, four vendors at once, one report.

use std::time::{Duration, Instant};

use bureau_altdata::{PollPolicy, TransactionRequest};
use friendlyscore_client::{AccessTokens, CalculateScore, Settled, UserId};
use jeff_client::{Contact, HttpClient, LeadDataOutcome};
use jornaya_preaudit::{LeadData, PreAuditRequest, Verdict};
use leadkit_mock::MockServer;
use serde_json::{Value, json};

use crate::output::{Failure, Report, opt, table};
use crate::progress::with_spinner;
use crate::style;

/// The sample applicant (fictitious).
const NAME: &str = "Asha Verma";
const EMAIL: &str = "asha.verma@example.com";
const PHONE: &str = "919812345678";
const IP: &str = "203.0.113.7";
/// A LeadiD token the mock answers yellow.
const LEADID_TOKEN: &str = "0A1B2C3D-4E5F-4A6B-8C7D-000000000002";
/// A partner id the mock answers "scheduled" once, then ready.
const PARTNER_ID: &str = "demo-applicant-scheduled";
use crate::mock::WORKFLOW_ID;

/// One vendor's part of the report.
struct Section {
    vendor: &'static str,
    outcome: Result<Finding, Failure>,
}

/// What one vendor said: a line for people, its JSON, and its signal with the reason.
struct Finding {
    line: String,
    json: Value,
    signal: Signal,
    reason: String,
}

impl Finding {
    fn new(
        line: impl Into<String>,
        json: Value,
        signal: Signal,
        reason: impl Into<String>,
    ) -> Self {
        Self {
            line: line.into(),
            json,
            signal,
            reason: reason.into(),
        }
    }
}

/// What a vendor's answer means for the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Signal {
    Clear,
    Review,
    Decline,
}

pub async fn run() -> Result<Report, Failure> {
    let server = MockServer::start()
        .await
        .map_err(|e| Failure::internal(format!("cannot start the embedded mock: {e}")))?;
    let http = HttpClient::new()?;
    let started = Instant::now();
    let (jeff, jornaya, friendlyscore, bureau) = with_spinner("screening the applicant", async {
        tokio::join!(
            jeff(&server, &http),
            jornaya(&server, &http),
            friendlyscore(&server, &http),
            bureau(&server, &http)
        )
    })
    .await;
    let elapsed = started.elapsed();
    let sections = [
        Section {
            vendor: "jeff",
            outcome: jeff,
        },
        Section {
            vendor: "jornaya",
            outcome: jornaya,
        },
        Section {
            vendor: "friendlyscore",
            outcome: friendlyscore,
        },
        Section {
            vendor: "bureau",
            outcome: bureau,
        },
    ];
    Ok(report(&server, &sections, elapsed))
}

fn quick_poll() -> PollPolicy {
    PollPolicy::new(Duration::from_millis(300), Duration::from_secs(20))
        .interval(Duration::from_millis(300), Duration::from_millis(600))
}

async fn jeff(server: &MockServer, http: &HttpClient) -> Result<Finding, Failure> {
    let client = crate::mock::jeff(server, http)?;
    let outcome = client
        .lead_data(&Contact::email_and_phone(EMAIL, PHONE))
        .await?;
    Ok(match outcome {
        LeadDataOutcome::Lead(lead) => {
            let fraud = lead.fraud_data().is_some_and(|f| f.is_marked_fraud());
            Finding::new(
                crate::jeff::lead_summary(&lead),
                json!({"outcome": "lead", "lead_id": lead.id, "lead_score": lead.lead_score, "marked_fraud": fraud}),
                if fraud { Signal::Review } else { Signal::Clear },
                if fraud {
                    "partners marked the email or phone as fraud"
                } else {
                    "a known lead, no fraud marks"
                },
            )
        }
        LeadDataOutcome::NonLeadMatch(data) => {
            let fraud = data.fraud_data().is_some_and(|f| f.is_marked_fraud());
            Finding::new(
                "no lead; fraud data only",
                json!({"outcome": "non_lead_match", "marked_fraud": fraud}),
                if fraud { Signal::Review } else { Signal::Clear },
                if fraud {
                    "partners marked the email or phone as fraud"
                } else {
                    "no fraud marks"
                },
            )
        }
        LeadDataOutcome::NoMatch => Finding::new(
            "no match",
            json!({"outcome": "no_match"}),
            Signal::Clear,
            "Jeff knows nothing against this contact",
        ),
    })
}

async fn jornaya(server: &MockServer, http: &HttpClient) -> Result<Finding, Failure> {
    let client = crate::mock::jornaya(server, http)?;
    let request = PreAuditRequest::new(LEADID_TOKEN, "DEMO-BUYER").data(
        LeadData::new()
            .email(EMAIL)
            .first_name("Asha")
            .last_name("Verma"),
    );
    let answer = client.single_pre_audit(&request).await?;
    let flagged = answer.reasons.flagged().count();
    let verdict = answer.verdict();
    let signal = match verdict {
        Verdict::Accept => Signal::Clear,
        Verdict::Reject => Signal::Decline,
        _ => Signal::Review,
    };
    let reason = match answer.verdict_reasons().first() {
        Some(worst) => format!(
            "pre-audit {}: {} flagged {}",
            answer.result.colour(),
            worst
                .code
                .info()
                .map_or_else(|| worst.code.to_string(), |i| i.name.to_owned()),
            worst.flag.colour()
        ),
        None => format!("pre-audit {}", answer.result.colour()),
    };
    Ok(Finding::new(
        format!(
            "{} ({}{}); {flagged} data point(s) flagged",
            answer.result.colour(),
            answer.result.meaning(),
            answer
                .result_label()
                .map(|l| format!("; buyer's label \"{l}\""))
                .unwrap_or_default()
        ),
        crate::jornaya::answer_json(&answer),
        signal,
        reason,
    ))
}

async fn friendlyscore(server: &MockServer, http: &HttpClient) -> Result<Finding, Failure> {
    let client = crate::mock::friendlyscore(server, http)?;
    let user = UserId::partner(PARTNER_ID);
    client
        .calculate_score(
            &user,
            &CalculateScore::new(AccessTokens::new().facebook("demo-facebook-token"), IP),
        )
        .await?;
    Ok(match client.wait_for_score(&user, &quick_poll()).await? {
        Settled::Ready(found) => Finding::new(
            format!("score {} (scheduled, then ready)", opt(found.friendlyscore)),
            json!({"answer": "ready", "friendlyscore": found.friendlyscore}),
            Signal::Clear,
            format!("score {}", opt(found.friendlyscore)),
        ),
        Settled::NoData => Finding::new(
            "no data to score",
            json!({"answer": "no_data"}),
            Signal::Review,
            "no data to score the applicant",
        ),
    })
}

async fn bureau(server: &MockServer, http: &HttpClient) -> Result<Finding, Failure> {
    let client = crate::mock::bureau(server, http)?;
    let request =
        TransactionRequest::new(WORKFLOW_ID, EMAIL, NAME, PHONE, "IND").derived_signals(true);
    let transaction = client.run_with(&request, &quick_poll()).await?;
    let high_risk = transaction
        .services
        .risk_model()
        .and_then(|r| r.telecom_risk.as_ref())
        .is_some_and(|level| level.as_str().eq_ignore_ascii_case("high"));
    Ok(Finding::new(
        crate::bureau::risk_summary(&transaction),
        json!({
            "transaction_id": transaction.transaction_id,
            "outcome": transaction.outcome.as_ref().map(|s| s.as_str().to_owned()),
            "alternate_risk_score": transaction.services.risk_model()
                .and_then(|r| r.alternate_risk_score.value()),
        }),
        if high_risk {
            Signal::Review
        } else {
            Signal::Clear
        },
        if high_risk {
            "high telecom risk"
        } else {
            "no high risk in the risk model"
        },
    ))
}

fn report(server: &MockServer, sections: &[Section], elapsed: Duration) -> Report {
    let mut rows = Vec::new();
    let mut document = serde_json::Map::new();
    // The first vendor with the worst signal drives the verdict.
    let mut driver: Option<(&str, &Finding)> = None;
    let mut failed = None;
    for section in sections {
        match &section.outcome {
            Ok(finding) => {
                if driver.is_none_or(|(_, worst)| finding.signal > worst.signal) {
                    driver = Some((section.vendor, finding));
                }
                rows.push((section.vendor, finding.line.clone()));
                document.insert(section.vendor.into(), finding.json.clone());
            }
            Err(failure) => {
                failed.get_or_insert((section.vendor, failure.message.clone()));
                rows.push((section.vendor, format!("failed: {}", failure.message)));
                document.insert(
                    section.vendor.into(),
                    json!({"error": {"kind": failure.kind, "message": failure.message}}),
                );
            }
        }
    }
    let (verdict, vendor, reason) = match (&failed, driver) {
        (Some((vendor, message)), _) => ("incomplete", *vendor, message.clone()),
        (None, Some((vendor, finding))) => (
            match finding.signal {
                Signal::Clear => "accept",
                Signal::Review => "review",
                Signal::Decline => "decline",
            },
            vendor,
            finding.reason.clone(),
        ),
        (None, None) => ("incomplete", "-", "no vendor answered".to_owned()),
    };
    document.insert("verdict".into(), json!(verdict));
    document.insert(
        "driven_by".into(),
        json!({"vendor": vendor, "reason": reason}),
    );
    document.insert(
        "applicant".into(),
        json!({"name": NAME, "email": EMAIL, "phone": PHONE}),
    );
    document.insert("mock".into(), json!(server.url()));
    document.insert("elapsed_ms".into(), json!(elapsed.as_millis() as u64));
    let mut text = format!(
        "leadkit demo: one sample applicant, four vendors at once (local mock at {})\n\n",
        server.url()
    );
    text.push_str(&table(&[(
        "applicant",
        format!("{NAME}, {EMAIL}, {PHONE} (fictitious)"),
    )]));
    text.push('\n');
    text.push_str(&table(&rows));
    text.push('\n');
    let shown = match verdict {
        "accept" => style::good(verdict),
        "review" => style::caution(verdict),
        _ => style::bad(verdict),
    };
    text.push_str(&table(&[
        ("verdict", format!("{shown}, driven by {vendor}: {reason}")),
        ("took", crate::explain::duration(elapsed)),
    ]));
    Report::new(Value::Object(document), text)
}
