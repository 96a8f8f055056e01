//! Retry policy: which failures are retried, how long to wait, and a shared budget.
//!
//! None of leadkit's vendors accepts idempotency keys, so whether a retry is safe depends on
//! what the request does ([`Idempotency`]):
//!
//! | failure | `Idempotent` | `Billed` / `NonIdempotent` |
//! |---|---|---|
//! | connect failure, or no access token (never reached the vendor) | retried | retried |
//! | 429 Too Many Requests | retried | **not retried** unless [`RetryPolicy::resend_after_rate_limit`] |
//! | timeout, connection broken mid-exchange | retried | **not retried** |
//! | 502, 503, 504 | retried | **not retried** |
//! | any other status, redirects, decode errors, a passed deadline | not retried | not retried |
//!
//! A `NonIdempotent` request creates a transaction, posts an event or schedules work: sending
//! it twice may act, and bill, twice. A `Billed` request is a read that spends quota or is
//! billed each time it reaches the vendor (a Jornaya pre-audit). When either fails after it may
//! have reached the vendor, the error is [`Error::OutcomeUnknown`]: never resend it blindly.
//! Callers who know better can widen the rule per client or per call with
//! [`RetryPolicy::retry_non_idempotent`], or turn retries off with [`RetryPolicy::none`].
//!
//! Every call also has an overall deadline: [`RetryPolicy::deadline`] if set, else the
//! attempt timeout plus [`DEFAULT_DEADLINE_MARGIN`].

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::error::Error;

/// When no deadline is set, a call's deadline is its attempt timeout plus this margin: room
/// for quick retries after fast failures, never for a second full attempt.
pub const DEFAULT_DEADLINE_MARGIN: Duration = Duration::from_secs(15);

/// Whether sending a request twice has the same effect, and the same cost, as sending it once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Free reads and polls: safe to repeat.
    Idempotent,
    /// A read that is billed or spends quota each time it reaches the vendor: repeated only
    /// where it cannot have reached the vendor (not after a 429 unless the policy opts in).
    Billed,
    /// Creates, posts or schedules work: repeated only where it cannot have reached the
    /// vendor (not after a 429 unless the policy opts in).
    NonIdempotent,
}

/// A uniformly distributed number in `[0, 1)`: std's randomly keyed SipHash (each
/// `RandomState` gets fresh keys) over a counter. Jitter needs spread, not secrecy, and this
/// spares every user of the vendor crates a random-number crate.
fn unit_random() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static DRAWS: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(DRAWS.fetch_add(1, Ordering::Relaxed));
    // The top 53 bits, as many as an f64 holds exactly.
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The random part of the backoff: given the ceiling, returns the delay to use.
#[derive(Clone)]
pub struct Jitter(Arc<dyn Fn(Duration) -> Duration + Send + Sync>);

impl Jitter {
    /// Full jitter (AWS): a uniformly random delay between zero and the ceiling.
    pub fn full() -> Self {
        Self(Arc::new(|ceiling: Duration| ceiling.mul_f64(unit_random())))
    }

    /// No randomness: always the ceiling. Useful in tests.
    pub fn none() -> Self {
        Self(Arc::new(|ceiling| ceiling))
    }

    /// A caller-supplied jitter function (for tests or a seeded generator).
    pub fn from_fn(f: impl Fn(Duration) -> Duration + Send + Sync + 'static) -> Self {
        Self(Arc::new(f))
    }

    /// Applies the jitter, never exceeding `ceiling`.
    pub fn apply(&self, ceiling: Duration) -> Duration {
        (self.0)(ceiling).min(ceiling)
    }
}

impl fmt::Debug for Jitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Jitter")
    }
}

/// When and how often a failed call is tried again.
///
/// ```
/// use std::time::Duration;
/// use leadkit_core::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .max_attempts(5)
///     .backoff(Duration::from_millis(100), Duration::from_secs(5))
///     .deadline(Duration::from_secs(30));
/// assert_eq!(policy.attempts(), 5);
/// ```
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    max_attempts: u32,
    base: Duration,
    cap: Duration,
    max_retry_after: Duration,
    deadline: Option<Duration>,
    retry_non_idempotent: bool,
    resend_after_rate_limit: bool,
    jitter: Jitter,
}

impl Default for RetryPolicy {
    /// Three attempts, full-jitter backoff from 250 ms capped at 10 s, `Retry-After` honoured up
    /// to 30 s, and the default deadline: the attempt timeout plus [`DEFAULT_DEADLINE_MARGIN`].
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base: Duration::from_millis(250),
            cap: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(30),
            deadline: None,
            retry_non_idempotent: false,
            resend_after_rate_limit: false,
            jitter: Jitter::full(),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self::default().max_attempts(1)
    }

    /// Total attempts including the first (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Exponential backoff: the ceiling of the n-th retry's delay is `min(cap, base · 2ⁿ⁻¹)`.
    pub fn backoff(mut self, base: Duration, cap: Duration) -> Self {
        self.base = base;
        self.cap = cap.max(base);
        self
    }

    /// The longest `Retry-After` honoured. A vendor asking for more is not retried; its
    /// [`Error::RateLimited`] carries the requested delay.
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// A limit on the whole call: waiting for a token, every attempt, every backoff and
    /// `Retry-After` sleep. When it passes the call ends with [`Error::Deadline`]. Unset, a
    /// call's deadline is its attempt timeout plus [`DEFAULT_DEADLINE_MARGIN`].
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Retry non-idempotent requests like idempotent ones (only where the caller knows a
    /// duplicate is harmless).
    pub fn retry_non_idempotent(mut self, widen: bool) -> Self {
        self.retry_non_idempotent = widen;
        self
    }

    /// Resend `Billed` and `NonIdempotent` requests after a 429 (the vendor refused them, so
    /// they were not acted on, but each attempt may still count against a quota).
    pub fn resend_after_rate_limit(mut self, resend: bool) -> Self {
        self.resend_after_rate_limit = resend;
        self
    }

    /// Replaces the jitter source.
    pub fn jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// Total attempts including the first.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The overall deadline, if one was set.
    pub fn overall_deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// Whether `error` may be retried for a request of the given idempotency (ignoring the
    /// attempt count, budget and deadline).
    pub fn is_retryable(&self, error: &Error, idempotency: Idempotency) -> bool {
        if idempotency == Idempotency::Idempotent || self.retry_non_idempotent {
            return error.is_retryable();
        }
        match error {
            Error::Connect { .. } => true,
            Error::RateLimited { .. } => self.resend_after_rate_limit,
            _ => false,
        }
    }

    /// The wait before retry number `retry` (1 for the first retry) after `error`, or `None`
    /// when the vendor's `Retry-After` exceeds [`RetryPolicy::max_retry_after`].
    pub fn delay(&self, retry: u32, error: &Error) -> Option<Duration> {
        if let Some(asked) = error.retry_after() {
            return (asked <= self.max_retry_after).then_some(asked);
        }
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let ceiling = self.base.saturating_mul(factor).min(self.cap);
        Some(self.jitter.apply(ceiling))
    }
}

/// A token bucket shared by every call of a client, after AWS's standard retry mode: each
/// retry spends tokens (more after a timeout), each successful call returns one. When the
/// bucket is empty, failures surface at once instead of multiplying the load on a vendor that
/// is already down.
#[derive(Debug, Clone)]
pub struct RetryBudget {
    state: Arc<Mutex<u32>>,
    capacity: u32,
}

impl Default for RetryBudget {
    /// 500 tokens, as AWS.
    fn default() -> Self {
        Self::new(500)
    }
}

impl RetryBudget {
    /// Tokens spent by a retry after a timeout.
    pub const TIMEOUT_COST: u32 = 10;
    /// Tokens spent by any other retry.
    pub const RETRY_COST: u32 = 5;

    /// A full bucket of `capacity` tokens.
    pub fn new(capacity: u32) -> Self {
        Self {
            state: Arc::new(Mutex::new(capacity)),
            capacity,
        }
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        *self
            .state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// Takes the cost of retrying after `error`; `false` (and nothing taken) when too few
    /// tokens are left.
    pub fn try_spend(&self, error: &Error) -> bool {
        let cost = if error.is_timeout() {
            Self::TIMEOUT_COST
        } else {
            Self::RETRY_COST
        };
        let mut tokens = self
            .state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if *tokens < cost {
            return false;
        }
        *tokens -= cost;
        true
    }

    /// Returns one token after a successful call.
    pub fn record_success(&self) {
        let mut tokens = self
            .state
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        *tokens = (*tokens + 1).min(self.capacity);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn full_jitter_spreads_over_the_whole_range() {
        let draws: Vec<f64> = (0..4000).map(|_| super::unit_random()).collect();
        assert!(draws.iter().all(|d| (0.0..1.0).contains(d)));
        // Each tenth of the range gets its share (400 expected; far outside 250..550 would
        // mean a broken generator, not bad luck).
        for tenth in 0..10 {
            let count = draws
                .iter()
                .filter(|d| (**d * 10.0) as usize == tenth)
                .count();
            assert!((250..550).contains(&count), "tenth {tenth}: {count}");
        }
    }

    use super::*;
    use reqwest::StatusCode;

    fn status(code: u16) -> Error {
        Error::Status {
            vendor: "v",
            operation: "op",
            status: StatusCode::from_u16(code).unwrap(),
            message: None,
            body: Default::default(),
            retry_after: None,
        }
    }

    fn timeout() -> Error {
        Error::Timeout {
            vendor: "v",
            operation: "op",
            after: Duration::from_secs(1),
        }
    }

    fn rate_limited(after: Option<Duration>) -> Error {
        Error::RateLimited {
            vendor: "v",
            operation: "op",
            retry_after: after,
            message: None,
        }
    }

    #[test]
    fn classification_table() {
        use Idempotency::*;
        let policy = RetryPolicy::default();
        let cases = [
            (status(503), Idempotent, true),
            (status(502), Idempotent, true),
            (status(504), Idempotent, true),
            (status(500), Idempotent, false),
            (status(400), Idempotent, false),
            (timeout(), Idempotent, true),
            (rate_limited(None), Idempotent, true),
            (status(503), NonIdempotent, false),
            (timeout(), NonIdempotent, false),
            (rate_limited(None), NonIdempotent, false),
            (rate_limited(None), Billed, false),
            (timeout(), Billed, false),
            (status(503), Billed, false),
            (Error::invalid_input("email", "missing"), Idempotent, false),
        ];
        for (error, idempotency, expected) in cases {
            assert_eq!(
                policy.is_retryable(&error, idempotency),
                expected,
                "{error} {idempotency:?}"
            );
        }
        let widened = RetryPolicy::default().retry_non_idempotent(true);
        assert!(widened.is_retryable(&status(503), NonIdempotent));
        assert!(widened.is_retryable(&timeout(), Billed));
        let resend = RetryPolicy::default().resend_after_rate_limit(true);
        assert!(resend.is_retryable(&rate_limited(None), Billed));
        assert!(resend.is_retryable(&rate_limited(None), NonIdempotent));
        assert!(!resend.is_retryable(&timeout(), Billed));
    }

    #[test]
    fn jitter_stays_within_bounds() {
        let policy =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_secs(1));
        for retry in 1..=10 {
            let ceiling =
                Duration::from_millis(100 * 2u64.pow(retry - 1)).min(Duration::from_secs(1));
            for _ in 0..200 {
                let delay = policy.delay(retry, &status(503)).unwrap();
                assert!(delay <= ceiling, "retry {retry}: {delay:?} > {ceiling:?}");
            }
        }
        let greedy = policy.jitter(Jitter::from_fn(|c| c * 10));
        assert_eq!(
            greedy.delay(1, &status(503)),
            Some(Duration::from_millis(100))
        );
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
        assert_eq!(
            policy.delay(1, &rate_limited(Some(Duration::from_secs(2)))),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.delay(1, &rate_limited(Some(Duration::from_secs(60)))),
            None
        );
    }

    #[test]
    fn budget_runs_out_and_refills() {
        let budget = RetryBudget::new(12);
        assert!(budget.try_spend(&status(503)));
        assert!(!budget.try_spend(&timeout()));
        assert!(budget.try_spend(&status(503)));
        assert!(!budget.try_spend(&status(503)));
        assert_eq!(budget.available(), 2);
        for _ in 0..20 {
            budget.record_success();
        }
        assert_eq!(budget.available(), 12);
    }
}
