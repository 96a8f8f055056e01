//! Loopback benchmarks: each leadkit call beside a hand-written `reqwest` + `serde_json` call
//! and the raw hyper transport floor, against the same server, in the same run, interleaved
//! within rounds, with an A/A pair of the hand-written call for the noise floor (see `noise`).
//! Run with `cargo xtask bench`.
//!
//! - leadkit-core: one GET decoding a ~10 KB JSON body, sequential and 64 in flight;
//! - Jeff Lead Data: sequential per-call cost, 1,000 calls with 256 in flight on one shared
//!   client (throughput and peak heap), and decode throughput of the full lead body, typed
//!   versus `serde_json::Value`;
//! - FriendlyScore: a cold client making 1,000 concurrent calls, and how many token requests
//!   reached the server.
//!
//! The server is this binary started with `serve`, in a child process, so that the counting
//! allocator sees the clients only.

mod alloc;
mod core_bench;
mod floor;
mod friendlyscore_bench;
mod jeff_bench;
mod noise;
mod server;

use std::time::Duration;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

/// Rounds per scenario; the median and the range are shown.
pub(crate) const ROUNDS: usize = 7;

/// CPU time this thread has run so far (`/proc/thread-self/schedstat`, nanoseconds): unlike the
/// wall clock, it does not count the time other processes on the machine take from us.
pub(crate) fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|stat| stat.split_whitespace().next()?.parse().ok())
        .map(Duration::from_nanos)
        .unwrap_or_default()
}

/// The median of `values`.
pub(crate) fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("serve") {
        server::serve();
        return;
    }
    let server = server::Server::spawn();
    let url = server.url();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        core_bench::run(&url).await;
        jeff_bench::run(&url).await;
        friendlyscore_bench::run(&url).await;
    });
}
