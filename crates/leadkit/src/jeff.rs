//! `leadkit jeff …`: lead data, fraud data, social presence and partner events.

use jeff_client::{
    Contact, EventMethod, FraudData, FraudDataOutcome, JeffClient, Lead, LeadDataOutcome,
    PartnerEvent, Platform, PriceGroup, SocialPresence, SocialPresenceOutcome, SocialPresenceQuery,
};
use serde_json::{Value, json};

use crate::cli::{ContactArgs, EventArgs, EventName, JeffArgs, JeffCommand};
use crate::clients::{self, Context};
use crate::output::{Failure, Report, grid, opt, score, table};
use crate::progress::with_spinner;
use crate::style;

pub async fn run(context: &Context, args: &JeffArgs) -> Result<Report, Failure> {
    // Input first: bad input fails before credentials are looked up, and sends nothing.
    let event = match &args.command {
        JeffCommand::Event(event) => Some(partner_event(event)?),
        _ => None,
    };
    let query = match &args.command {
        JeffCommand::Lead(lookup) | JeffCommand::Fraud(lookup) => {
            to_contact(&lookup.contact).validate()?;
            None
        }
        JeffCommand::Social(social) => {
            let mut query = SocialPresenceQuery::new(to_contact(&social.contact));
            if let Some(seconds) = social.max_wait {
                query = query.max_wait_time_seconds(seconds);
            }
            if !social.platforms.is_empty() {
                query = query.platforms(social.platforms.iter().map(|p| Platform::from_vendor(p)));
            }
            query.validate()?;
            Some(query)
        }
        JeffCommand::Event(_) => None,
    };
    let client = clients::jeff(context, &connection(args)?)?;
    match &args.command {
        JeffCommand::Lead(lookup) => lead(&client, &to_contact(&lookup.contact)).await,
        JeffCommand::Fraud(lookup) => {
            match client.fraud_data(&to_contact(&lookup.contact)).await? {
                FraudDataOutcome::FraudData(fraud) => Ok(Report::new(
                    json!({"outcome": "fraud_data", "fraud_data": to_json(&fraud)}),
                    fraud_text(&fraud),
                )),
                FraudDataOutcome::NoMatch => {
                    Ok(no_match("Jeff holds no fraud data for this contact"))
                }
            }
        }
        JeffCommand::Social(_) => {
            let query = query.ok_or_else(|| Failure::internal("query not built"))?;
            let outcome = with_spinner(
                "waiting for Jeff's social presence look-up",
                client.social_presence(&query),
            )
            .await?;
            Ok(match outcome {
                SocialPresenceOutcome::SocialPresence(presence) => Report::new(
                    json!({"outcome": "social_presence", "social_presence": to_json(&presence)}),
                    social_text(&presence),
                ),
                SocialPresenceOutcome::NoMatch => {
                    no_match("Jeff has no presence data for this contact")
                }
            })
        }
        JeffCommand::Event(_) => {
            let event = event.ok_or_else(|| Failure::internal("event not built"))?;
            let receipt = client.send_event(&event).await?;
            Ok(Report::new(
                json!({
                    "outcome": "accepted",
                    "event": receipt.event_type.path(),
                    "status": receipt.status.as_u16(),
                }),
                format!(
                    "Jeff {} {} (HTTP {}).\n",
                    style::good("accepted"),
                    receipt.event_type,
                    receipt.status.as_u16()
                ),
            ))
        }
    }
}

/// The connection flags given before and after the call's name; the call's own win. A flag
/// written before the call that the call does not use is refused.
fn connection(args: &JeffArgs) -> Result<clients::JeffConnection<'_>, Failure> {
    let before = &args.connection;
    let name = args.command.name();
    let refuse = |flag: &str| Err(Failure::usage(format!("{flag} does nothing for `{name}`")));
    let merged = match &args.command {
        JeffCommand::Lead(lookup) | JeffCommand::Fraud(lookup) => {
            if before.data_base_url.is_some() {
                return refuse("--data-base-url");
            }
            clients::JeffConnection {
                base_url: lookup
                    .api
                    .base_url
                    .as_deref()
                    .or(before.base_url.as_deref()),
                data_base_url: None,
                query_credentials: lookup.api.query_credentials || before.query_credentials,
                api_version: lookup
                    .api_version
                    .as_deref()
                    .or(before.api_version.as_deref()),
                data_host: false,
            }
        }
        JeffCommand::Social(social) => {
            if before.base_url.is_some() {
                return refuse("--base-url");
            }
            if before.api_version.is_some() {
                return refuse("--api-version");
            }
            clients::JeffConnection {
                base_url: None,
                data_base_url: social
                    .data_base_url
                    .as_deref()
                    .or(before.data_base_url.as_deref()),
                query_credentials: social.query_credentials || before.query_credentials,
                api_version: None,
                data_host: true,
            }
        }
        JeffCommand::Event(event) => {
            if before.data_base_url.is_some() {
                return refuse("--data-base-url");
            }
            if before.api_version.is_some() {
                return refuse("--api-version");
            }
            clients::JeffConnection {
                base_url: event.api.base_url.as_deref().or(before.base_url.as_deref()),
                data_base_url: None,
                query_credentials: event.api.query_credentials || before.query_credentials,
                api_version: None,
                data_host: false,
            }
        }
    };
    Ok(merged)
}

/// A 204 from Fraud Data or Social Presence.
fn no_match(text: &str) -> Report {
    Report::new(
        json!({"outcome": "no_match"}),
        format!("{text} (no match).\n"),
    )
}

fn to_contact(args: &ContactArgs) -> Contact {
    match (&args.email, &args.phone) {
        (Some(email), Some(phone)) => Contact::email_and_phone(email, phone),
        (Some(email), None) => Contact::email(email),
        (None, Some(phone)) => Contact::phone(phone),
        // clap requires one of the two.
        (None, None) => Contact::email(""),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Builds the event the flags describe, refusing the combinations Jeff does not define.
fn partner_event(args: &EventArgs) -> Result<PartnerEvent, Failure> {
    let external = args.external_id.as_str();
    let reason = args.reason.as_deref();
    let event = match (args.event, &args.lead_id, reason) {
        (EventName::LeadRejected, Some(lead), Some(reason)) => {
            PartnerEvent::lead_rejected_with_reason(lead, external, reason)
        }
        (EventName::LoanRejected, Some(lead), Some(reason)) => {
            PartnerEvent::loan_rejected_with_reason(lead, external, reason)
        }
        (_, _, Some(_)) => {
            return Err(Failure::input(
                "--reason is accepted by lead-rejected and loan-rejected with --lead-id only",
            ));
        }
        (EventName::ApplicationCompleted, Some(lead), None) => {
            PartnerEvent::application_completed(lead, external)
        }
        (EventName::LeadExists, Some(lead), None) => PartnerEvent::lead_exists(lead, external),
        (EventName::LeadRejected, Some(lead), None) => PartnerEvent::lead_rejected(lead, external),
        (EventName::LeadQualified, Some(lead), None) => {
            PartnerEvent::lead_qualified(lead, external)
        }
        (EventName::LoanRejected, Some(lead), None) => PartnerEvent::loan_rejected(lead, external),
        (EventName::LoanIssued, Some(lead), None) => PartnerEvent::loan_issued(lead, external),
        (EventName::LoanIssued, None, None) => {
            match (&args.lead_s2s_id, &args.lead_marketing_api_id) {
                (Some(id), _) => PartnerEvent::s2s_loan_issued(id, external),
                (None, Some(id)) => PartnerEvent::marketing_api_loan_issued(id, external),
                (None, None) => return Err(Failure::input("a lead identifier is required")),
            }
        }
        (_, None, None) => {
            return Err(Failure::input(
                "--lead-s2s-id and --lead-marketing-api-id are accepted by loan-issued only",
            ));
        }
    };
    let mut event = event.repeated(args.repeated);
    if let Some(group) = &args.price_group {
        event = event.price_group(PriceGroup::from_vendor(group));
    }
    if args.post {
        event = event.method(EventMethod::Post);
    }
    Ok(event)
}

async fn lead(client: &JeffClient, contact: &Contact) -> Result<Report, Failure> {
    let outcome = client.lead_data(contact).await?;
    Ok(match outcome {
        LeadDataOutcome::Lead(lead) => Report::new(
            json!({"outcome": "lead", "lead": to_json(&lead)}),
            lead_text(&lead),
        ),
        LeadDataOutcome::NonLeadMatch(data) => Report::new(
            json!({
                "outcome": "non_lead_match",
                "fraud_data": data.fraud_data.as_ref().map(to_json),
                "parameter_request_statistics": data.parameter_request_statistics.as_ref().map(to_json),
            }),
            format!(
                "Jeff holds data about this contact but no lead.\n{}",
                data.fraud_data().map(fraud_text).unwrap_or_default()
            ),
        ),
        LeadDataOutcome::NoMatch => Report::new(
            json!({"outcome": "no_match"}),
            "Jeff knows nothing about this contact (no match).\n",
        ),
    })
}

/// A one-line summary of a lead, for the demo too.
pub fn lead_summary(lead: &Lead) -> String {
    let matched: Vec<String> = lead
        .matched_properties
        .iter()
        .map(|p| to_json(p).as_str().map(str::to_owned).unwrap_or_default())
        .collect();
    let fraud = lead.fraud_data().map_or(0, |f| {
        f.email_marked_fraud_by.len() + f.phone_marked_fraud_by.len()
    });
    format!(
        "lead {} matched on {}; lead score {}; fraud marks {fraud}",
        lead.id,
        if matched.is_empty() {
            "-".into()
        } else {
            matched.join(", ")
        },
        score(lead.lead_score),
    )
}

fn lead_text(lead: &Lead) -> String {
    let mut text = String::from("Jeff lead found.\n");
    let fraud = lead.fraud_data();
    text.push_str(&table(&[
        ("lead id", lead.id.clone()),
        ("summary", lead_summary(lead)),
        ("created", opt(lead.created)),
        ("country", opt(lead.country_code.as_deref())),
        ("lead score", score(lead.lead_score)),
        ("quality score", score(lead.quality_score)),
        ("email score", opt(lead.email_score)),
        ("email verified", opt(lead.email_verified)),
        ("phone verified", opt(lead.phone_verified)),
        ("has been rejected", opt(lead.has_been_rejected)),
        ("repaid a loan", opt(lead.has_evidence_of_repaid_loan)),
        ("last activity", opt(lead.last_activity)),
        ("marked fraud", opt(fraud.map(FraudData::is_marked_fraud))),
    ]));
    text
}

fn fraud_text(fraud: &FraudData) -> String {
    table(&[
        ("marked fraud", fraud.is_marked_fraud().to_string()),
        (
            "email marked by",
            format!("{} partner(s)", fraud.email_marked_fraud_by.len()),
        ),
        (
            "phone marked by",
            format!("{} partner(s)", fraud.phone_marked_fraud_by.len()),
        ),
        (
            "email clean (Jeff)",
            opt(fraud.email_non_fraud_by_jeff_data),
        ),
        (
            "phone clean (Jeff)",
            opt(fraud.phone_non_fraud_by_jeff_data),
        ),
    ])
}

fn social_text(presence: &SocialPresence) -> String {
    let rows: Vec<Vec<String>> = presence
        .facts()
        .map(|fact| {
            vec![
                fact.platform.as_str().to_owned(),
                opt(fact.credential_type.as_ref().map(|c| c.as_str())),
                opt(fact.present),
            ]
        })
        .collect();
    let mut text = if rows.is_empty() {
        String::from("(no facts)\n")
    } else {
        grid(&["platform", "credential", "present"], rows)
    };
    if let Some(message) = &presence.error_message {
        text.push_str(&format!("Jeff says: {message}\n"));
    }
    text
}
