//! leadkit-core alone: one GET decoding a ~10 KB JSON body, against the hand-written reqwest
//! call and the raw hyper floor.

use std::hint::black_box;
use std::time::{Duration, Instant};

use hyper::Uri;
use leadkit_core::{ApiClient, ApiRequest, Auth, BaseUrl, HttpClient, Idempotency, Method};
use serde::Deserialize;

use crate::floor::Floor;
use crate::noise::{self, VARIANTS, Variant};
use crate::{ROUNDS, thread_cpu};

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
    floor: Floor,
    url: String,
    uri: Uri,
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
        let url = format!("{url}/page");
        Self {
            leadkit: ApiClient::new("bench", http, Auth::None),
            request,
            reqwest,
            floor: Floor::new(),
            uri: url.parse().expect("uri"),
            url,
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

    async fn floor_call(&self) -> Page {
        let bytes = self.floor.get(self.uri.clone(), &[]).await;
        serde_json::from_slice(&bytes).expect("floor decode")
    }

    async fn call(&self, variant: Variant) {
        match variant {
            Variant::Floor => drop(black_box(self.floor_call().await)),
            Variant::Reqwest | Variant::ReqwestAgain => drop(black_box(self.baseline_call().await)),
            Variant::Leadkit => drop(black_box(self.leadkit_call().await)),
        }
    }
}

/// Wall-clock and client-thread CPU time per call, in µs, with `in_flight` concurrent workers
/// making `calls` calls in all.
async fn concurrent(
    clients: &'static Clients,
    variant: Variant,
    in_flight: u32,
    calls: u32,
) -> [f64; 2] {
    let cpu_start = thread_cpu();
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..in_flight {
        workers.spawn(async move {
            for _ in 0..calls / in_flight {
                clients.call(variant).await;
            }
        });
    }
    while workers.join_next().await.is_some() {}
    let per_call = |seconds: f64| seconds * 1e6 / f64::from(calls);
    [
        per_call(started.elapsed().as_secs_f64()),
        per_call((thread_cpu() - cpu_start).as_secs_f64()),
    ]
}

/// Runs the scenario and prints its table.
pub async fn run(url: &str) {
    let clients: &'static Clients = Box::leak(Box::new(Clients::new(url)));
    // Warm the pools and the allocator.
    for variant in VARIANTS {
        for _ in 0..300 {
            clients.call(variant).await;
        }
    }

    let seq = noise::sequential(10, 100, async |variant| clients.call(variant).await).await;
    let [par, par_cpu] =
        noise::rounds(async |variant| concurrent(clients, variant, 64, 6400).await).await;

    println!("## leadkit-core: one GET decoding a ~10 KB JSON body");
    println!();
    println!(
        "body: {} bytes; {ROUNDS} rounds, the variants interleaved within each round \
         (sequential: 10 blocks of 100 calls per variant per round), median shown",
        body().len()
    );
    println!();
    noise::header("leadkit-core");
    let micros = |value: f64| format!("{value:.1} µs");
    noise::row("sequential GET + decode, wall per call", &seq.wall, micros);
    noise::row("same, client thread CPU per call", &seq.cpu, micros);
    noise::row("64 in flight, throughput", &par, |per_call| {
        format!("{:.0} calls/s", 1e6 / per_call)
    });
    noise::row("same, client thread CPU per call", &par_cpu, micros);
    noise::legend();
}
