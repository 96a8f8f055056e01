//! FriendlyScore cold start: a client with an empty token cache makes 1,000 concurrent
//! `show_user` calls; the server counts the OAuth2 token requests it receives.
//!
//! The baseline is the token cache a hand-written client usually has: check the cache, fetch a
//! token if it is empty, store it (no single flight), then `GET` with the bearer token and
//! decode the body into a `serde_json::Value`. The floor is raw hyper doing the least any client
//! must: one token request, then the 1,000 `GET`s with that token, decoded the same way.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use friendlyscore_client::{FriendlyScoreClient, HttpClient, SecretString, UserId};
use hyper::Method;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use serde::Deserialize;

use crate::floor::Floor;
use crate::noise::{self, Variant};
use crate::server::token_requests;
use crate::{ROUNDS, thread_cpu};

/// `fixtures/friendlyscore/token_success.json`, answered on `/oauth/v2/token`.
pub const TOKEN: &[u8] = include_bytes!("../../../fixtures/friendlyscore/token_success.json");
/// `fixtures/friendlyscore/show_user.json`, answered on `/api/v2/users/…`.
pub const USER: &[u8] = include_bytes!("../../../fixtures/friendlyscore/show_user.json");

const CLIENT_ID: &str = "bench-client";
const CLIENT_SECRET: &str = "bench-client-secret";
const CALLS: usize = 1000;

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

/// The token request's JSON body.
fn token_body() -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "grant_type": "client_credentials",
    }))
    .expect("token body")
}

impl HandWritten {
    async fn token(&self) -> String {
        if let Some(token) = self.token.lock().expect("lock").clone() {
            return token;
        }
        let body = token_body();
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

/// One cold burst on raw hyper: one token request, then the calls: (token requests, elapsed).
async fn floor_cold(url: &str, floor: &Floor, stats: &reqwest::Client) -> (usize, Duration) {
    let before = token_requests(stats, url).await;
    let started = Instant::now();
    let answer = floor
        .call(
            Method::POST,
            format!("{url}/oauth/v2/token").parse().expect("uri"),
            &[(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            Bytes::from(token_body()),
        )
        .await;
    let token = serde_json::from_slice::<TokenAnswer>(&answer)
        .expect("token decode")
        .access_token;
    let authorization: Arc<HeaderValue> =
        Arc::new(HeaderValue::from_str(&format!("Bearer {token}")).expect("bearer header"));
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..CALLS {
        let (floor, authorization) = (floor.clone(), authorization.clone());
        let uri = format!("{url}/api/v2/users/partner-id/partner-user-{i}/show.json");
        calls.spawn(async move {
            let headers = [
                (AUTHORIZATION, (*authorization).clone()),
                (ACCEPT, HeaderValue::from_static("application/json")),
            ];
            let bytes = floor.get(uri.parse().expect("uri"), &headers).await;
            let user: serde_json::Value = serde_json::from_slice(&bytes).expect("show decode");
            std::hint::black_box(user);
        });
    }
    while let Some(done) = calls.join_next().await {
        done.expect("call task");
    }
    let elapsed = started.elapsed();
    (token_requests(stats, url).await - before, elapsed)
}

/// The token requests of every round, as `n in all N rounds` or listed.
fn tokens(counts: &[f64]) -> String {
    if counts.iter().all(|count| *count == counts[0]) {
        format!("{} in all {} rounds", counts[0], counts.len())
    } else {
        counts
            .iter()
            .map(f64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
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
    let floor = Floor::new();
    let [elapsed, cpu, requests] = noise::rounds(async |variant| {
        let cpu_start = thread_cpu();
        let (requests, elapsed) = match variant {
            Variant::Floor => floor_cold(url, &floor, &stats).await,
            Variant::Reqwest | Variant::ReqwestAgain => baseline_cold(url, &reqwest, &stats).await,
            Variant::Leadkit => leadkit_cold(url, &http, &stats).await,
        };
        let cpu = thread_cpu() - cpu_start;
        let per_call = |seconds: f64| seconds * 1e6 / CALLS as f64;
        [
            per_call(elapsed.as_secs_f64()),
            per_call(cpu.as_secs_f64()),
            requests as f64,
        ]
    })
    .await;

    println!("## FriendlyScore cold start: {CALLS} concurrent `show_user` calls on a new client");
    println!();
    println!(
        "{ROUNDS} rounds, the variants interleaved within each round, median shown; every round \
         starts with an empty token cache (the floor fetches its one token inside the timed \
         part); the hand-written client has a check-then-fetch token cache"
    );
    println!();
    noise::header("friendlyscore-client");
    noise::row(
        &format!("time for the {CALLS} calls"),
        &elapsed,
        |per_call| format!("{:.0} ms", per_call * CALLS as f64 / 1e3),
    );
    noise::row("same, client thread CPU per call", &cpu, |per_call| {
        format!("{per_call:.1} µs")
    });
    println!(
        "| token requests seen by the server (target: exactly 1) | {} | {} | {} | — | — | — | \
         — |",
        tokens(requests.of(Variant::Floor)),
        tokens(requests.of(Variant::Reqwest)),
        tokens(requests.of(Variant::Leadkit)),
    );
    noise::legend();
}
