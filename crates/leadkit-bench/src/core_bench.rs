//! leadkit-core alone: one GET decoding a ~10 KB JSON body, against the hand-written call.

use std::time::{Duration, Instant};

use leadkit_core::{ApiClient, ApiRequest, Auth, BaseUrl, HttpClient, Idempotency, Method};
use serde::Deserialize;

use crate::{ROUNDS, median, sequential};

/// One record of the ~10 KB benchmark body.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Record {
    id: u64,
    name: String,
    email: String,
    score: f64,
    active: bool,
    tags: Vec<String>,
    created: String,
}

/// The benchmark body.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Page {
    items: Vec<Record>,
    total: u64,
}

/// The ~10 KB body the server answers on `/page`.
pub fn body() -> Vec<u8> {
    let items: Vec<_> = (0..56)
        .map(|i| {
            serde_json::json!({
                "id": i,
                "name": format!("Applicant number {i}"),
                "email": format!("applicant{i}@example.com"),
                "score": 512.25 + i as f64,
                "active": i % 2 == 0,
                "tags": ["lead", "verified", "vn"],
                "created": "2022-03-25T09:15:17.01209"
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "items": items, "total": 56 })).expect("body")
}

struct Clients {
    leadkit: ApiClient,
    request: ApiRequest,
    reqwest: reqwest::Client,
    url: String,
}

impl Clients {
    fn new(url: &str) -> Self {
        let http = HttpClient::new().expect("client");
        let base = BaseUrl::parse(url).expect("base url");
        let request = ApiRequest::new(
            "page",
            Method::GET,
            base.join(&["page"]),
            Idempotency::Idempotent,
        );
        // The same production settings a careful hand-written call would use.
        let reqwest = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("reqwest");
        Self {
            leadkit: ApiClient::new("bench", http, Auth::None),
            request,
            reqwest,
            url: format!("{url}/page"),
        }
    }

    async fn leadkit_call(&self) -> Page {
        self.leadkit
            .send_json(&self.request)
            .await
            .expect("leadkit call")
    }

    async fn baseline_call(&self) -> Page {
        let response = self
            .reqwest
            .get(&self.url)
            .send()
            .await
            .expect("baseline send");
        let bytes = response.bytes().await.expect("baseline body");
        serde_json::from_slice(&bytes).expect("baseline decode")
    }
}

/// Calls per second with `in_flight` concurrent workers making `calls` calls in all.
async fn concurrent(clients: &'static Clients, leadkit: bool, in_flight: u32, calls: u32) -> f64 {
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..in_flight {
        workers.spawn(async move {
            for _ in 0..calls / in_flight {
                let page = if leadkit {
                    clients.leadkit_call().await
                } else {
                    clients.baseline_call().await
                };
                std::hint::black_box(page);
            }
        });
    }
    while workers.join_next().await.is_some() {}
    f64::from(calls) / started.elapsed().as_secs_f64()
}

/// Runs the scenario and prints its table.
pub async fn run(url: &str) {
    let clients: &'static Clients = Box::leak(Box::new(Clients::new(url)));
    // Warm both pools and the allocator.
    sequential(500, || clients.leadkit_call()).await;
    sequential(500, || clients.baseline_call()).await;

    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        theirs.push(
            sequential(1000, || clients.baseline_call())
                .await
                .as_secs_f64()
                * 1e6,
        );
        ours.push(
            sequential(1000, || clients.leadkit_call())
                .await
                .as_secs_f64()
                * 1e6,
        );
    }
    let (seq_ours, seq_theirs) = (median(ours), median(theirs));

    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        theirs.push(concurrent(clients, false, 64, 6400).await);
        ours.push(concurrent(clients, true, 64, 6400).await);
    }
    let (par_ours, par_theirs) = (median(ours), median(theirs));

    println!("## leadkit-core: one GET decoding a ~10 KB JSON body");
    println!();
    println!(
        "body: {} bytes, {ROUNDS} alternating rounds, median shown",
        body().len()
    );
    println!();
    println!(
        "| scenario | hand-written reqwest + serde_json | leadkit-core | ratio (leadkit / baseline) |"
    );
    println!("|---|---|---|---|");
    println!(
        "| sequential GET + decode, per call | {seq_theirs:.1} µs | {seq_ours:.1} µs | {:.3} |",
        seq_ours / seq_theirs
    );
    println!(
        "| 64 in flight, throughput | {par_theirs:.0} calls/s | {par_ours:.0} calls/s | {:.3} (time per call) |",
        par_theirs / par_ours
    );
    println!();
}
