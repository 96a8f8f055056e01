//! FriendlyScore cold start: a client with an empty token cache makes 1,000 concurrent
//! `show_user` calls; the server counts the OAuth2 token requests it receives.
//!
//! The baseline is the token cache a hand-written client usually has: check the cache, fetch a
//! token if it is empty, store it (no single flight), then `GET` with the bearer token and
//! decode the body into a `serde_json::Value`.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use friendlyscore_client::{FriendlyScoreClient, HttpClient, SecretString, UserId};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use serde::Deserialize;

use crate::server::token_requests;

/// `fixtures/friendlyscore/token_success.json`, answered on `/oauth/v2/token`.
pub const TOKEN: &[u8] = include_bytes!("../../../fixtures/friendlyscore/token_success.json");
/// `fixtures/friendlyscore/show_user.json`, answered on `/api/v2/users/…`.
pub const USER: &[u8] = include_bytes!("../../../fixtures/friendlyscore/show_user.json");

const CLIENT_ID: &str = "bench-client";
const CLIENT_SECRET: &str = "bench-client-secret";
const CALLS: usize = 1000;
const ROUNDS: usize = 3;

/// The hand-written client: a token cache without single flight.
struct HandWritten {
    http: reqwest::Client,
    base: String,
    token: Mutex<Option<String>>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
}

impl HandWritten {
    async fn token(&self) -> String {
        if let Some(token) = self.token.lock().expect("lock").clone() {
            return token;
        }
        let body = serde_json::to_vec(&serde_json::json!({
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "grant_type": "client_credentials",
        }))
        .expect("token body");
        let answer = self
            .http
            .post(format!("{}/oauth/v2/token", self.base))
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .body(body)
            .send()
            .await
            .expect("token send")
            .bytes()
            .await
            .expect("token body");
        let token = serde_json::from_slice::<TokenAnswer>(&answer)
            .expect("token decode")
            .access_token;
        *self.token.lock().expect("lock") = Some(token.clone());
        token
    }

    async fn show_user(&self, id: &str) -> serde_json::Value {
        let token = self.token().await;
        let bytes = self
            .http
            .get(format!(
                "{}/api/v2/users/partner-id/{id}/show.json",
                self.base
            ))
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .send()
            .await
            .expect("show send")
            .bytes()
            .await
            .expect("show body");
        serde_json::from_slice(&bytes).expect("show decode")
    }
}

/// One cold burst with leadkit: (token requests, elapsed).
async fn leadkit_cold(url: &str, http: &HttpClient, stats: &reqwest::Client) -> (usize, Duration) {
    let before = token_requests(stats, url).await;
    let client = FriendlyScoreClient::builder(CLIENT_ID, SecretString::from(CLIENT_SECRET))
        .base_url(url)
        .expect("base url")
        .http_client(http.clone())
        .build()
        .expect("client");
    let started = Instant::now();
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..CALLS {
        let client = client.clone();
        calls.spawn(async move {
            let user = UserId::partner(format!("partner-user-{i}"));
            let answer = client.show_user(&user).await.expect("show user");
            assert!(answer.ready().is_some(), "expected the user");
        });
    }
    while let Some(done) = calls.join_next().await {
        done.expect("call task");
    }
    let elapsed = started.elapsed();
    (token_requests(stats, url).await - before, elapsed)
}

/// One cold burst with the hand-written client: (token requests, elapsed).
async fn baseline_cold(
    url: &str,
    http: &reqwest::Client,
    stats: &reqwest::Client,
) -> (usize, Duration) {
    let before = token_requests(stats, url).await;
    let client = std::sync::Arc::new(HandWritten {
        http: http.clone(),
        base: url.to_owned(),
        token: Mutex::new(None),
    });
    let started = Instant::now();
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..CALLS {
        let client = client.clone();
        calls.spawn(async move {
            std::hint::black_box(client.show_user(&format!("partner-user-{i}")).await);
        });
    }
    while let Some(done) = calls.join_next().await {
        done.expect("call task");
    }
    let elapsed = started.elapsed();
    (token_requests(stats, url).await - before, elapsed)
}

/// Runs the scenario and prints its table.
pub async fn run(url: &str) {
    let stats = reqwest::Client::new();
    let http = HttpClient::new().expect("transport");
    let reqwest = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest");
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        theirs.push(baseline_cold(url, &reqwest, &stats).await);
        ours.push(leadkit_cold(url, &http, &stats).await);
    }
    let tokens = |runs: &[(usize, Duration)]| {
        runs.iter()
            .map(|(tokens, _)| tokens.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let times = |runs: &[(usize, Duration)]| {
        runs.iter()
            .map(|(_, elapsed)| format!("{:.0}", elapsed.as_secs_f64() * 1e3))
            .collect::<Vec<_>>()
            .join(", ")
    };

    println!("## FriendlyScore cold start: {CALLS} concurrent `show_user` calls on a new client");
    println!();
    println!(
        "{ROUNDS} alternating rounds, each shown; every round starts with an empty token cache"
    );
    println!();
    println!(
        "| scenario | hand-written (check-then-fetch token cache) | friendlyscore-client | target |"
    );
    println!("|---|---|---|---|");
    println!(
        "| token requests seen by the server | {} | {} | exactly 1 |",
        tokens(&theirs),
        tokens(&ours)
    );
    println!(
        "| time for the {CALLS} calls, ms | {} | {} | — |",
        times(&theirs),
        times(&ours)
    );
    println!();
}
