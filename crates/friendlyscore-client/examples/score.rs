//! Score an applicant with FriendlyScore, then wait for the score: the flow the crate's docs
//! recommend (calculate-score, then `wait_for_score`, which reads show-user until it is no
//! longer "scheduled").
//!
//! Starts `leadkit-mock` in-process on loopback (no internet, no real credentials) and builds a
//! [`FriendlyScoreClient`] with the mock's base URL, client id and client secret. The client
//! gets its OAuth2 token itself on the first call and caches it. The partner id contains
//! `scheduled`, so the mock answers show-user "202, scheduled" once before the score.
//!
//! ```sh
//! cargo run -p friendlyscore-client --example score
//! ```
//!
//! Against FriendlyScore itself, drop `base_url` (or choose `Environment::Sandbox`), pass your
//! OAuth2 application's credentials and wait with `FriendlyScoreClient::score_poll_policy()`.

use std::process::ExitCode;
use std::time::Duration;

use friendlyscore_client::{
    AccessTokens, CalculateScore, FriendlyScoreClient, PollPolicy, SecretString, Settled, UserId,
};
use leadkit_mock::{MockServer, Vendor};

/// Your own id for the applicant (fictional); FriendlyScore's id comes with the score.
const PARTNER_ID: &str = "example-applicant-scheduled";
/// The applicant's IP address (a documentation address).
const IP: &str = "203.0.113.7";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("score failed: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mock = MockServer::start().await?;
    let credentials = mock.credentials();
    let client = FriendlyScoreClient::builder(
        credentials.friendlyscore_client_id.clone(),
        SecretString::from(credentials.friendlyscore_client_secret.clone()),
    )
    .base_url(mock.friendlyscore_url())?
    .build()?;

    // Schedule the score from the applicant's social-network access token (fictional here).
    // The client fetches its OAuth2 token first (POST oauth/v2/token), then sends the call.
    let applicant = UserId::partner(PARTNER_ID);
    let request = CalculateScore::new(AccessTokens::new().facebook("example-facebook-token"), IP);
    let ack = client.calculate_score(&applicant, &request).await?;

    // Wait for it. The mock scores at once, so this polls every 100 ms; against the vendor,
    // use `FriendlyScoreClient::score_poll_policy()` (5 s first, up to 2 minutes).
    let policy = PollPolicy::new(Duration::from_millis(50), Duration::from_secs(10))
        .interval(Duration::from_millis(100), Duration::from_millis(200));
    let settled = client.wait_for_score(&applicant, &policy).await?;

    let token_requests = mock
        .requests()
        .iter()
        .filter(|r| r.vendor == Some(Vendor::FriendlyScore) && r.path.ends_with("/oauth/v2/token"))
        .count();
    println!("FriendlyScore (mock at {})", mock.url());
    println!(
        "  token            fetched and cached by the client ({token_requests} token request)"
    );
    println!(
        "  calculate-score  {}",
        ack.message.as_deref().unwrap_or("accepted")
    );
    match settled {
        Settled::Ready(user) => {
            println!("  score            {}", show(user.friendlyscore));
            println!("  FriendlyScore id {}", show(user.id.as_deref()));
            println!(
                "  status           {}",
                show(user.status_description.as_deref())
            );
            let missing = user.notices.missing_google_scopes();
            if !missing.is_empty() {
                println!(
                    "  notice           score may be underestimated: {} Google scope(s) missing",
                    missing.len()
                );
            }
        }
        Settled::NoData => println!("  score            none: not enough social data to score"),
    }
    println!(
        "  requests         {} (token, calculate-score, show-user until ready)",
        mock.request_count(Vendor::FriendlyScore)
    );
    Ok(())
}

/// An optional field, or `-` when FriendlyScore did not send it.
fn show<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |value| value.to_string())
}
