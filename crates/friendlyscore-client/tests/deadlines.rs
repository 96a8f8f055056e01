//! A call's deadline bounds waiting for the access token too: a hung token endpoint cannot
//! hold calls past their deadline, and concurrent calls share one token fetch.

use std::time::Duration;

use friendlyscore_client::{CallOptions, FriendlyScoreClient, RetryPolicy, SecretString, UserId};
use leadkit_core::HttpClient;
use leadkit_core::testing::{RawReply, RawServer};
use tokio::task::JoinSet;
use tokio::time::Instant;

fn client(url: &str, policy: RetryPolicy) -> FriendlyScoreClient {
    let http = HttpClient::builder()
        .timeout(Duration::from_millis(500))
        .connect_timeout(Duration::from_secs(2))
        .pool_idle_timeout(None)
        .build()
        .unwrap();
    FriendlyScoreClient::builder("client-id", SecretString::from("client-secret"))
        .base_url(url)
        .unwrap()
        .http_client(http)
        .retry_policy(policy)
        .build()
        .unwrap()
}

/// Six concurrent show-user calls; returns when each ended.
async fn six_calls(client: &FriendlyScoreClient) -> Vec<(Duration, leadkit_core::Error)> {
    let started = Instant::now();
    let mut set = JoinSet::new();
    for n in 0..6 {
        let client = client.clone();
        set.spawn(async move {
            let error = client
                .show_user(&UserId::partner(format!("user-{n}")))
                .await
                .unwrap_err();
            (started.elapsed(), error)
        });
    }
    set.join_all().await
}

#[tokio::test(start_paused = true)]
async fn a_hung_token_endpoint_fails_all_calls_at_once() {
    // Before: the calls ended one after another at 0.5, 1.0, 1.5, 2.0, 2.5 and 3.0 s.
    let server = RawServer::start(RawReply::Hang).await;
    let client = client(
        &server.url(),
        RetryPolicy::none().deadline(Duration::from_secs(1)),
    );
    for (ended, error) in six_calls(&client).await {
        assert!(
            ended >= Duration::from_millis(500) && ended <= Duration::from_millis(550),
            "ended at {ended:?}"
        );
        assert!(error.is_timeout(), "{error:?}");
    }
    assert_eq!(server.connections(), 1, "one token fetch for all six");
}

#[tokio::test(start_paused = true)]
async fn with_retries_every_call_still_ends_by_its_deadline() {
    let server = RawServer::start(RawReply::Hang).await;
    let client = client(
        &server.url(),
        RetryPolicy::default()
            .max_attempts(10)
            .deadline(Duration::from_secs(1)),
    );
    for (ended, error) in six_calls(&client).await {
        assert!(ended <= Duration::from_millis(1050), "ended at {ended:?}");
        assert!(error.is_timeout(), "{error:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_per_call_deadline_bounds_the_token_wait() {
    let server = RawServer::start(RawReply::Hang).await;
    let client = client(&server.url(), RetryPolicy::default());
    let started = Instant::now();
    let error = client
        .with_options(CallOptions::new().deadline(Duration::from_millis(200)))
        .show_user(&UserId::partner("user-1"))
        .await
        .unwrap_err();
    let ended = started.elapsed();
    assert!(
        ended >= Duration::from_millis(200) && ended <= Duration::from_millis(250),
        "ended at {ended:?}"
    );
    assert!(error.is_deadline(), "{error:?}");
}
