//! A `SinglePreAudit` of a lead: its LeadiD token, the buyer's entity code and the lead's data;
//! prints the verdict (accept, review, reject or unknown) and the flagged data points behind it.
//!
//! Starts `leadkit-mock` in-process on loopback (no internet, no real credentials) and builds a
//! [`PreAuditClient`] with the mock's base URL and account code. The token ends in
//! `-000000000002`, which the mock answers yellow ("review"), so there are reasons to show.
//!
//! ```sh
//! cargo run -p jornaya-preaudit --example pre_audit
//! ```
//!
//! Against Jornaya itself, drop `base_url` and pass your account code (`lac`).

use std::process::ExitCode;

use jornaya_preaudit::{LeadData, PreAuditClient, PreAuditRequest};
use leadkit_mock::MockServer;

/// A LeadiD token (fictional) that the mock answers yellow.
const LEADID_TOKEN: &str = "0A1B2C3D-4E5F-4A6B-8C7D-000000000002";
/// The buyer's entity code (`lec`).
const ENTITY_CODE: &str = "EXAMPLE-BUYER";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("pre_audit failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    let client = PreAuditClient::builder(mock.credentials().jornaya_account_code.clone())
        .base_url(mock.jornaya_url())?
        .build()?;

    // The lead's data is checked before sending and never reaches a log or an error message.
    let request = PreAuditRequest::new(LEADID_TOKEN, ENTITY_CODE).data(
        LeadData::new()
            .email("jane.roe@example.com")
            .first_name("Jane")
            .last_name("Roe")
            .zip("62701"),
    );
    let answer = client.single_pre_audit(&request).await?;

    println!("Jornaya pre-audit (mock at {})", mock.url());
    println!(
        "  verdict  {} (result {}{})",
        answer.verdict(),
        answer.result.colour(),
        answer
            .result_label()
            .map(|label| format!(", buyer's label \"{label}\""))
            .unwrap_or_default()
    );
    let reasons = answer.verdict_reasons();
    if reasons.is_empty() {
        println!("  no data point flagged");
    }
    for reason in reasons {
        match reason.code.info() {
            Some(info) => println!(
                "  {:<6}  {:<5} {}: {}",
                reason.flag.colour(),
                info.code,
                info.name,
                info.description
            ),
            None => println!(
                "  {:<6}  {:<5} (a reason code this client does not know)",
                reason.flag.colour(),
                reason.code.as_str()
            ),
        }
    }
    Ok(())
}
