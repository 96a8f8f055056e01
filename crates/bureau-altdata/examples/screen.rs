//! Screen an applicant with Bureau's Alt Data workflow: initiate a transaction and poll it to
//! its result with the crate's run helper ([`BureauClient::run_with_progress`], the
//! progress-reporting form of [`BureauClient::run`]); prints each poll and the outcome.
//!
//! Starts `leadkit-mock` in-process on loopback (no internet, no real credentials) and builds a
//! [`BureauClient`] with the mock's base URL, credential id and secret. The mock answers
//! `AWAITING` once, then the final transaction.
//!
//! ```sh
//! cargo run -p bureau-altdata --example screen
//! ```
//!
//! Against Bureau itself, drop `base_url` (test mode is the default), pass the credentials and
//! workflow id Bureau issued, and keep the default poll policy (first poll after 30 s, as
//! Bureau asks): `client.run(&request)`.

use std::process::ExitCode;
use std::time::Duration;

use bureau_altdata::{BureauClient, PollPolicy, Progress, SecretString, TransactionRequest};
use leadkit_mock::MockServer;

/// The workflow id Bureau shares with you (fictional).
const WORKFLOW_ID: &str = "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("screen failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    let credentials = mock.credentials();
    let client = BureauClient::builder(
        credentials.bureau_credential_id.clone(),
        SecretString::from(credentials.bureau_credential_secret.clone()),
    )
    .base_url(mock.bureau_url())?
    .build()?;

    // A fictional applicant: email, name, phone (country code first, digits only), country.
    let request = TransactionRequest::new(
        WORKFLOW_ID,
        "asha.verma@example.com",
        "Asha Verma",
        "919812345678",
        "IND",
    )
    .derived_signals(true);

    // The mock is done at once, so poll every 50 ms for at most 10 s; the default policy
    // (`bureau_altdata::default_poll_policy()`) is for Bureau itself.
    let policy = PollPolicy::new(Duration::from_millis(50), Duration::from_secs(10))
        .interval(Duration::from_millis(50), Duration::from_millis(200));

    println!("Bureau Alt Data (mock at {})", mock.url());
    let transaction = client
        .run_with_progress(&request, &policy, |progress: &Progress<'_>| {
            let stage = if progress.poll == 0 {
                "initiated".to_owned()
            } else {
                format!("poll {}", progress.poll)
            };
            let state = progress
                .transaction
                .and_then(|t| t.outcome.as_ref().or(t.status.as_ref()))
                .map_or("-", |s| s.as_str());
            let pending = progress.pending();
            if pending.is_empty() {
                println!("  {stage:<10} {state}");
            } else {
                let names: Vec<&str> = pending.iter().map(|s| s.as_str()).collect();
                println!("  {stage:<10} {state}, waiting for {}", names.join(", "));
            }
        })
        .await?;

    let outcome = transaction
        .outcome
        .as_ref()
        .or(transaction.status.as_ref())
        .map_or("-", |s| s.as_str());
    println!("  transaction          {}", transaction.transaction_id);
    println!("  outcome              {outcome}");
    println!(
        "  alternate risk score {}",
        show(transaction.alternate_risk_score())
    );
    println!(
        "  telecom risk         {}",
        show(transaction.telecom_risk())
    );
    println!(
        "  digital footprint    {}",
        show(transaction.digital_footprint())
    );
    println!(
        "  identity confidence  {}",
        show(transaction.identity_confidence())
    );
    Ok(())
}

/// An optional signal, or `-` when Bureau did not return it.
fn show<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |value| value.to_string())
}
