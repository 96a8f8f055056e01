//! Jeff Lead Data: `JeffClient::lead_data` against the hand-written reqwest + serde_json call
//! and the raw hyper floor, all three sending the same request (Basic auth, `email` and `phone`
//! in the query, `Accept: json`) and decoding the same body into the same `Lead` type.

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use hyper::header::HeaderName;
use jeff_client::{Contact, HttpClient, JeffClient, Lead, LeadDataOutcome, SecretString};
use leadkit_core::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};

use crate::floor::Floor;
use crate::noise::{self, Spread, VARIANTS, Variant};
use crate::{ROUNDS, alloc, median, thread_cpu};

/// The full lead body (`fixtures/jeff/lead_full.json`) the server answers on `/1.3/leads`.
pub const LEAD: &[u8] = include_bytes!("../../../fixtures/jeff/lead_full.json");

const USER: &str = "partner-user";
const PASSWORD: &str = "bench-password";
const EMAIL: &str = "dave.black@example.com";
const PHONE: &str = "84999999999";

/// Concurrent calls in flight, and calls per burst.
const IN_FLIGHT: usize = 256;
const BURST: usize = 1000;

struct Jeff {
    client: JeffClient,
    contact: Contact,
    reqwest: reqwest::Client,
    floor: Floor,
    leads_url: String,
    authorization: HeaderValue,
    floor_headers: [(HeaderName, HeaderValue); 2],
}

impl Jeff {
    fn new(url: &str) -> Self {
        let client = JeffClient::builder(USER, SecretString::from(PASSWORD))
            .http_client(HttpClient::new().expect("transport"))
            .api_base_url(format!("{url}/partners-api"))
            .expect("base url")
            .build()
            .expect("client");
        // A careful hand-written client: the same timeouts, redirects off, the Basic header
        // computed once.
        let reqwest = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("reqwest");
        let credentials =
            base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
        let mut authorization =
            HeaderValue::from_str(&format!("Basic {credentials}")).expect("header");
        authorization.set_sensitive(true);
        Self {
            client,
            contact: Contact::email_and_phone(EMAIL, PHONE),
            reqwest,
            floor: Floor::new(),
            leads_url: format!("{url}/partners-api/1.3/leads"),
            floor_headers: [
                (AUTHORIZATION, authorization.clone()),
                (ACCEPT, HeaderValue::from_static("application/json")),
            ],
            authorization,
        }
    }

    async fn leadkit(&self) -> Box<Lead> {
        match self
            .client
            .lead_data(&self.contact)
            .await
            .expect("leadkit call")
        {
            LeadDataOutcome::Lead(lead) => lead,
            other => panic!("expected a lead, got {other:?}"),
        }
    }

    async fn baseline(&self) -> Box<Lead> {
        let url =
            url::Url::parse_with_params(&self.leads_url, [("email", EMAIL), ("phone", PHONE)])
                .expect("url");
        let response = self
            .reqwest
            .get(url)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .send()
            .await
            .expect("baseline send");
        assert_eq!(response.status(), StatusCode::OK);
        let bytes = response.bytes().await.expect("baseline body");
        Box::new(serde_json::from_slice(&bytes).expect("baseline decode"))
    }

    /// The same request over raw hyper: the query encoded per call, as the other two do.
    async fn floor(&self) -> Box<Lead> {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("email", EMAIL)
            .append_pair("phone", PHONE)
            .finish();
        let uri = format!("{}?{query}", self.leads_url).parse().expect("uri");
        let bytes = self.floor.get(uri, &self.floor_headers).await;
        Box::new(serde_json::from_slice(&bytes).expect("floor decode"))
    }

    async fn call(&self, variant: Variant) {
        let lead = match variant {
            Variant::Floor => self.floor().await,
            Variant::Reqwest | Variant::ReqwestAgain => self.baseline().await,
            Variant::Leadkit => self.leadkit().await,
        };
        drop(black_box(lead));
    }
}

/// `BURST` calls by `IN_FLIGHT` workers on the shared client: wall-clock and client-thread CPU
/// time per call in µs, and the peak heap in bytes above the level at the start.
async fn burst(jeff: &'static Jeff, variant: Variant) -> [f64; 3] {
    let next = Arc::new(AtomicUsize::new(0));
    let start_level = alloc::reset_peak();
    let cpu_start = thread_cpu();
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..IN_FLIGHT {
        let next = next.clone();
        workers.spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < BURST {
                jeff.call(variant).await;
            }
        });
    }
    while workers.join_next().await.is_some() {}
    let per_call = |seconds: f64| seconds * 1e6 / BURST as f64;
    [
        per_call(started.elapsed().as_secs_f64()),
        per_call((thread_cpu() - cpu_start).as_secs_f64()),
        alloc::peak().saturating_sub(start_level) as f64,
    ]
}

/// Decodes per second of the lead body, typed as the client decodes it or as a `Value`.
fn decode_rate(typed: bool, decodes: u32) -> f64 {
    let body = Bytes::from_static(LEAD);
    let started = Instant::now();
    for _ in 0..decodes {
        if typed {
            let lead: Lead = leadkit_core::decode_json(&body, "jeff", "lead data", StatusCode::OK)
                .expect("typed decode");
            black_box(lead);
        } else {
            let value: serde_json::Value = serde_json::from_slice(&body).expect("value decode");
            black_box(value);
        }
    }
    f64::from(decodes) / started.elapsed().as_secs_f64()
}

fn mib(bytes: f64) -> String {
    format!("{:.2} MiB", bytes / (1024.0 * 1024.0))
}

/// Decode throughput, `Value` against typed, with a `Value` A/A pair: (Value rates, typed
/// rates, typed / Value time ratio, A/A ratio).
fn decode_rounds() -> (f64, f64, Spread, Spread) {
    decode_rate(true, 500);
    decode_rate(false, 500);
    let (mut value, mut typed, mut again) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        // Rotate the three so that none always runs first.
        for slot in 0..3 {
            match (round + slot) % 3 {
                0 => value.push(decode_rate(false, 3000)),
                1 => typed.push(decode_rate(true, 3000)),
                _ => again.push(decode_rate(false, 3000)),
            }
        }
    }
    let ratio = |numerator: &[f64], denominator: &[f64]| {
        // Time per decode is the inverse of the rate.
        Spread::of(
            numerator
                .iter()
                .zip(denominator)
                .map(|(n, d)| d / n)
                .collect(),
        )
    };
    let (typed_ratio, aa) = (ratio(&typed, &value), ratio(&again, &value));
    (median(value), median(typed), typed_ratio, aa)
}

/// Runs the scenarios and prints their table.
pub async fn run(url: &str) {
    let jeff: &'static Jeff = Box::leak(Box::new(Jeff::new(url)));
    for variant in VARIANTS {
        for _ in 0..300 {
            jeff.call(variant).await;
        }
    }

    // Sequential: each round interleaves blocks of 100 calls, so that a burst of load from
    // elsewhere on the machine falls on every variant alike; besides the wall clock, the client
    // thread's own CPU time per call, which that load does not inflate.
    let seq = noise::sequential(10, 100, async |variant| jeff.call(variant).await).await;
    let [rate, rate_cpu, memory] = noise::rounds(async |variant| burst(jeff, variant).await).await;
    let (value, typed, typed_ratio, aa) = decode_rounds();
    let mb = |rate: f64| rate * LEAD.len() as f64 / 1e6;

    println!("## Jeff Lead Data: the full lead (`fixtures/jeff/lead_full.json`)");
    println!();
    println!(
        "body: {} bytes; {ROUNDS} rounds, the variants interleaved within each round \
         (sequential: 10 blocks of 100 calls per variant per round), median shown; memory is \
         the peak heap above the level before the burst, counted by a global allocator (clients \
         only)",
        LEAD.len()
    );
    println!();
    noise::header("jeff-client");
    let micros = |value: f64| format!("{value:.1} µs");
    noise::row(
        "sequential `lead_data` + typed decode, wall per call",
        &seq.wall,
        micros,
    );
    noise::row("same, client thread CPU per call", &seq.cpu, micros);
    noise::row(
        &format!("{BURST} calls, {IN_FLIGHT} in flight, one shared client: throughput"),
        &rate,
        |per_call| format!("{:.0} calls/s", 1e6 / per_call),
    );
    noise::row("same burst: client thread CPU per call", &rate_cpu, micros);
    noise::row("same burst: peak heap", &memory, mib);
    noise::legend();
    println!(
        "| decode only, full lead body | `serde_json::Value` | typed `Lead` (the client's decode \
         path) | typed / Value, time per decode | A/A: Value / Value |"
    );
    println!("|---|---|---|---|---|");
    println!(
        "| decodes per second (MB/s) | {value:.0} ({:.0} MB/s) | {typed:.0} ({:.0} MB/s) | {} | {} |",
        mb(value),
        mb(typed),
        typed_ratio.cell(aa.band()),
        aa.aa_cell()
    );
    println!();
}
