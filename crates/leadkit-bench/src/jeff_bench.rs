//! Jeff Lead Data: `JeffClient::lead_data` against the hand-written reqwest + serde_json call
//! that sends the same request (Basic auth, `email` and `phone` in the query, `Accept: json`)
//! and decodes the same body into the same `Lead` type.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use jeff_client::{Contact, HttpClient, JeffClient, Lead, LeadDataOutcome, SecretString};
use leadkit_core::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};

use crate::{ROUNDS, alloc, median, sequential, thread_cpu};

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
    leads_url: String,
    authorization: HeaderValue,
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
            leads_url: format!("{url}/partners-api/1.3/leads"),
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
}

/// `BURST` calls by `IN_FLIGHT` workers on the shared client: calls per second, and the peak
/// heap above the level at the start.
async fn burst(jeff: &'static Jeff, leadkit: bool) -> (f64, usize) {
    let next = Arc::new(AtomicUsize::new(0));
    let start_level = alloc::reset_peak();
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..IN_FLIGHT {
        let next = next.clone();
        workers.spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < BURST {
                let lead = if leadkit {
                    jeff.leadkit().await
                } else {
                    jeff.baseline().await
                };
                std::hint::black_box(lead);
            }
        });
    }
    while workers.join_next().await.is_some() {}
    let rate = BURST as f64 / started.elapsed().as_secs_f64();
    (rate, alloc::peak().saturating_sub(start_level))
}

/// Decodes per second of the lead body, typed as the client decodes it or as a `Value`.
fn decode_rate(typed: bool, decodes: u32) -> f64 {
    let body = Bytes::from_static(LEAD);
    let started = Instant::now();
    for _ in 0..decodes {
        if typed {
            let lead: Lead = leadkit_core::decode_json(&body, "jeff", "lead data", StatusCode::OK)
                .expect("typed decode");
            std::hint::black_box(lead);
        } else {
            let value: serde_json::Value = serde_json::from_slice(&body).expect("value decode");
            std::hint::black_box(value);
        }
    }
    f64::from(decodes) / started.elapsed().as_secs_f64()
}

fn mib(bytes: f64) -> String {
    format!("{:.2} MiB", bytes / (1024.0 * 1024.0))
}

/// Runs the scenarios and prints their table.
pub async fn run(url: &str) {
    let jeff: &'static Jeff = Box::leak(Box::new(Jeff::new(url)));
    sequential(500, || jeff.leadkit()).await;
    sequential(500, || jeff.baseline()).await;

    // Sequential: each round alternates blocks of 100 calls, so that a burst of load from
    // elsewhere on the machine falls on both sides alike; besides the wall clock, the client
    // thread's own CPU time per call, which that load does not inflate.
    let (mut ours, mut theirs, mut cpu_ours, mut cpu_theirs) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let (mut wall, mut cpu) = ([0.0; 2], [0.0; 2]);
        for _ in 0..10 {
            for (side, leadkit) in [(0, false), (1, true)] {
                let cpu_start = thread_cpu();
                let per_call = if leadkit {
                    sequential(100, || jeff.leadkit()).await
                } else {
                    sequential(100, || jeff.baseline()).await
                };
                wall[side] += per_call.as_secs_f64() * 1e6 / 10.0;
                cpu[side] += (thread_cpu() - cpu_start).as_secs_f64() * 1e6 / 1000.0;
            }
        }
        theirs.push(wall[0]);
        ours.push(wall[1]);
        cpu_theirs.push(cpu[0]);
        cpu_ours.push(cpu[1]);
    }
    let (seq_ours, seq_theirs) = (median(ours), median(theirs));
    let (cpu_ours, cpu_theirs) = (median(cpu_ours), median(cpu_theirs));

    let (mut rate_ours, mut rate_theirs, mut mem_ours, mut mem_theirs) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let (rate, memory) = burst(jeff, false).await;
        rate_theirs.push(rate);
        mem_theirs.push(memory as f64);
        let (rate, memory) = burst(jeff, true).await;
        rate_ours.push(rate);
        mem_ours.push(memory as f64);
    }
    let (rate_ours, rate_theirs) = (median(rate_ours), median(rate_theirs));
    let (mem_ours, mem_theirs) = (median(mem_ours), median(mem_theirs));

    decode_rate(true, 500);
    decode_rate(false, 500);
    let (mut typed, mut value) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        value.push(decode_rate(false, 3000));
        typed.push(decode_rate(true, 3000));
    }
    let (typed, value) = (median(typed), median(value));
    let mb = |rate: f64| rate * LEAD.len() as f64 / 1e6;

    println!("## Jeff Lead Data: the full lead (`fixtures/jeff/lead_full.json`)");
    println!();
    println!(
        "body: {} bytes, {ROUNDS} rounds (sequential: 10 alternating blocks of 100 calls per \
         round), median shown; memory is the peak heap above the level before the burst, counted \
         by a global allocator (clients only)",
        LEAD.len()
    );
    println!();
    println!(
        "| scenario | hand-written reqwest + serde_json | jeff-client | ratio (jeff-client / baseline) |"
    );
    println!("|---|---|---|---|");
    println!(
        "| sequential `lead_data` + typed decode, per call | {seq_theirs:.1} µs | {seq_ours:.1} µs | {:.3} |",
        seq_ours / seq_theirs
    );
    println!(
        "| same, client thread CPU per call | {cpu_theirs:.1} µs | {cpu_ours:.1} µs | {:.3} |",
        cpu_ours / cpu_theirs
    );
    println!(
        "| {BURST} calls, {IN_FLIGHT} in flight, one shared client: throughput | {rate_theirs:.0} calls/s | {rate_ours:.0} calls/s | {:.3} (time per call) |",
        rate_theirs / rate_ours
    );
    println!(
        "| same burst: peak heap | {} | {} | {:.3} |",
        mib(mem_theirs),
        mib(mem_ours),
        mem_ours / mem_theirs
    );
    println!();
    println!(
        "| decode only, full lead body | `serde_json::Value` | typed `Lead` (the client's decode path) | ratio (typed / Value, time per decode) |"
    );
    println!("|---|---|---|---|");
    println!(
        "| decodes per second (MB/s) | {value:.0} ({:.0} MB/s) | {typed:.0} ({:.0} MB/s) | {:.3} |",
        mb(value),
        mb(typed),
        value / typed
    );
    println!();
}
