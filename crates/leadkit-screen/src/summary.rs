//! The run's counts: rows, refusals, calls per vendor, time.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

/// One vendor's calls in a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VendorCounts {
    /// Requests sent in this run.
    pub calls: u64,
    /// Of those, calls sent again after an earlier run's failure (or, with `retry_unknown`,
    /// its unknown outcome).
    pub retries: u64,
    /// Answered in this run.
    pub done: u64,
    /// Answered in an earlier run: not sent again.
    pub skipped_done: u64,
    /// Failed without an answer (safe to retry on a rerun).
    pub failed: u64,
    /// May have reached the vendor without an answer: not resent without `retry_unknown`.
    pub outcome_unknown: u64,
}

/// A run's counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Rows read in this run's shard (refused ones included).
    pub rows: u64,
    /// Rows refused before anything was sent (unreadable, or missing what a vendor needs).
    pub invalid: u64,
    /// Rows that passed every check.
    pub valid: u64,
    /// Rows with an answer from every chosen vendor.
    pub done: u64,
    /// Rows that belong to other shards.
    pub other_shards: u64,
    /// Rows per decision (`accept`, `review`, `decline`, `incomplete`).
    pub decisions: BTreeMap<&'static str, u64>,
    /// Per vendor, in the order chosen.
    pub vendors: BTreeMap<&'static str, VendorCounts>,
    /// The vendors chosen, in order.
    pub vendor_order: Vec<&'static str>,
    /// Time the run took.
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
    /// Stopped by its stop flag (Ctrl-C).
    pub interrupted: bool,
    /// Stopped by its deadline.
    pub deadline_passed: bool,
}

fn seconds<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64((duration.as_secs_f64() * 1000.0).round() / 1000.0)
}

impl Summary {
    /// An empty summary for `vendors`.
    pub fn new(vendors: Vec<&'static str>) -> Self {
        Self {
            rows: 0,
            invalid: 0,
            valid: 0,
            done: 0,
            other_shards: 0,
            decisions: BTreeMap::new(),
            vendors: vendors
                .iter()
                .map(|v| (*v, VendorCounts::default()))
                .collect(),
            vendor_order: vendors,
            elapsed: Duration::ZERO,
            interrupted: false,
            deadline_passed: false,
        }
    }

    /// Rows finished per second of the run.
    pub fn rows_per_second(&self) -> f64 {
        let seconds = self.elapsed.as_secs_f64();
        if seconds > 0.0 {
            self.rows as f64 / seconds
        } else {
            0.0
        }
    }

    /// Calls answered in an earlier run and not sent again, all vendors.
    pub fn skipped_done(&self) -> u64 {
        self.vendors.values().map(|v| v.skipped_done).sum()
    }

    /// Calls failed in this run, all vendors.
    pub fn failed(&self) -> u64 {
        self.vendors.values().map(|v| v.failed).sum()
    }

    /// Calls with an unknown outcome, all vendors.
    pub fn outcome_unknown(&self) -> u64 {
        self.vendors.values().map(|v| v.outcome_unknown).sum()
    }
}
