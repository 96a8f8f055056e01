//! Counts the attempts the clients make, for error messages ("3 attempts in 1.2 s"): a
//! `tracing` layer that reads the `attempt` field leadkit-core records on each attempt.

use std::sync::atomic::{AtomicU32, Ordering};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer};

/// Attempts started by the calls of this process.
static ATTEMPTS: AtomicU32 = AtomicU32::new(0);

/// The attempts counted so far.
pub fn count() -> u32 {
    ATTEMPTS.load(Ordering::Relaxed)
}

/// The layer; filter it to leadkit-core's debug events.
pub struct AttemptCounter;

struct AttemptField;

impl Visit for AttemptField {
    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "attempts" {
            // The call span records its attempt number each time one starts.
            let _ = u32::try_from(value).map(|n| ATTEMPTS.fetch_max(n, Ordering::Relaxed));
        }
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        if let Ok(value) = u64::try_from(value) {
            self.record_u64(field, value);
        }
    }

    fn record_debug(&mut self, _field: &Field, _value: &dyn std::fmt::Debug) {}
}

impl<S: Subscriber> Layer<S> for AttemptCounter {
    fn on_new_span(&self, attrs: &Attributes<'_>, _id: &Id, _ctx: Context<'_, S>) {
        attrs.record(&mut AttemptField);
    }

    fn on_record(&self, _span: &Id, values: &Record<'_>, _ctx: Context<'_, S>) {
        values.record(&mut AttemptField);
    }

    fn on_event(&self, _event: &Event<'_>, _ctx: Context<'_, S>) {}
}
