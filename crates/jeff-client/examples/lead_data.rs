//! Lead Data for an email and a phone number: the first call most Jeff partners make.
//!
//! Starts `leadkit-mock` in-process on loopback (no internet, no real credentials), builds a
//! [`JeffClient`] with the mock's base URLs and credentials, looks the contact up and prints a
//! few typed fields of the answer.
//!
//! ```sh
//! cargo run -p jeff-client --example lead_data
//! ```
//!
//! Against Jeff itself, drop `api_base_url`/`data_base_url` and pass your partner credentials.

use std::process::ExitCode;

use jeff_client::{Contact, JeffClient, LeadDataOutcome, SecretString};
use leadkit_mock::MockServer;

/// The mock's fictional contact (its Lead Data fixture); any contact but the mock's
/// scenario keywords (docs/mock.md) finds the same lead.
const EMAIL: &str = "dave.black@example.com";
const PHONE: &str = "84999999999";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("lead_data failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    let credentials = mock.credentials();
    let client = JeffClient::builder(
        credentials.jeff_username.clone(),
        SecretString::from(credentials.jeff_password.clone()),
    )
    .api_base_url(mock.jeff_api_url())?
    .data_base_url(mock.jeff_data_url())?
    .build()?;

    // GET {api}/1.3/leads?email=…&phone=… (HTTP Basic); the phone has its country code first.
    match client
        .lead_data(&Contact::email_and_phone(EMAIL, PHONE))
        .await?
    {
        LeadDataOutcome::Lead(lead) => {
            let matched: Vec<&str> = lead.matched_properties.iter().map(|p| p.as_str()).collect();
            let fraud_marks = lead.fraud_data().map_or(0, |fraud| {
                fraud.email_marked_fraud_by.len() + fraud.phone_marked_fraud_by.len()
            });
            println!("Jeff found a lead (mock at {})", mock.url());
            println!("  lead id          {}", lead.id);
            println!("  matched on       {}", matched.join(", "));
            println!("  country          {}", show(lead.country_code.as_deref()));
            println!("  lead score       {}", show(lead.lead_score));
            println!("  quality score    {}", show(lead.quality_score));
            println!("  email score      {}", show(lead.email_score));
            println!("  email verified   {}", show(lead.email_verified));
            println!("  phone verified   {}", show(lead.phone_verified));
            println!("  ever rejected    {}", show(lead.has_been_rejected));
            println!("  fraud marks      {fraud_marks}");
            if let Some(web) = lead.web_usage_data() {
                println!("  sessions (7 d)   {}", show(web.last_7_days.session_count));
            }
        }
        LeadDataOutcome::NonLeadMatch(data) => {
            let marked = data
                .fraud_data()
                .is_some_and(|fraud| fraud.is_marked_fraud());
            println!("Jeff holds fraud data but no lead; marked as fraud: {marked}");
        }
        LeadDataOutcome::NoMatch => println!("Jeff knows nothing about this contact"),
    }
    Ok(())
}

/// An optional field, or `-` when Jeff did not send it.
fn show<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |value| value.to_string())
}
