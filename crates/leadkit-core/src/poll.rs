//! Polling a long-running vendor operation until it is done, with backoff and a deadline.
//!
//! One poller serves every vendor crate ([`PollPolicy::run`]). As AWS waiters: the caller
//! bounds the wait; the delay grows between polls up to a ceiling; dropping the future cancels
//! polling (the vendor's operation itself goes on and can be resumed by id). On top of that:
//!
//! - **The deadline is hard.** Each poll runs under the time left (and under the optional
//!   [per-poll timeout](PollPolicy::poll_timeout)); sleeps are trimmed to the time left; no
//!   poll starts at or after the deadline, since it would have no time to answer. When the
//!   deadline passes, during a sleep or a poll, [`PollPolicy::run`] returns
//!   [`Error::PollTimeout`] at once.
//! - **Retryable failures are "still pending".** A poll that fails with an error for which
//!   [`Error::is_retryable`] holds (a timeout, a broken connection, 429, 502/503/504, after the
//!   client's own retries) does not end polling; it is kept as the `last_error` of a later
//!   [`Error::PollTimeout`].
//! - **The vendor's pace is kept.** A `Retry-After` (on a failed poll's 429 or 503, or in
//!   [`PollStatus::Pending`]) sets the next delay when longer than the interval; when it would
//!   pass the deadline, polling ends at once with [`Error::PollTimeout`].
//! - **The resource id is never lost.** Any other error ends polling as [`Error::Polling`],
//!   carrying the resource id and the number of polls made, with the error as its cause.
//!
//! Polls are logged at `debug` (each poll) and `warn` (a failed poll that counts as pending)
//! with the vendor, the operation, the poll's number and the failure's kind and status; never
//! with the resource id, which may be personal (an email address used as a user id).

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::{Error, Result};

/// What one poll found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollStatus<T> {
    /// Finished: stop polling and return this.
    Done(T),
    /// Still running; `retry_after` is a delay the vendor suggested, if any.
    Pending {
        /// The vendor's suggested delay before the next poll: used when longer than the
        /// current interval; when it would pass the deadline, polling ends at once with
        /// [`Error::PollTimeout`].
        retry_after: Option<Duration>,
    },
}

/// How long and how often to poll.
///
/// ```
/// use std::time::Duration;
/// use leadkit_core::PollPolicy;
/// let policy = PollPolicy::new(Duration::from_secs(30), Duration::from_secs(120))
///     .interval(Duration::from_secs(5), Duration::from_secs(20))
///     .max_polls(10)
///     .poll_timeout(Duration::from_secs(20));
/// assert_eq!(policy.deadline_after(), Duration::from_secs(120));
/// assert_eq!(policy.poll_timeout_after(), Some(Duration::from_secs(20)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollPolicy {
    initial_delay: Duration,
    interval: Duration,
    max_interval: Duration,
    max_polls: u32,
    deadline: Duration,
    poll_timeout: Option<Duration>,
}

/// `at + delay`, or about thirty years on when that does not fit in an [`Instant`].
fn after(at: Instant, delay: Duration) -> Instant {
    at.checked_add(delay)
        .unwrap_or_else(|| at + Duration::from_secs(30 * 365 * 86_400))
}

impl PollPolicy {
    /// Waits `initial_delay` before the first poll and gives up `deadline` after starting.
    /// Between polls: 2 s doubling up to 15 s; at most 30 polls; no per-poll timeout (each
    /// poll is bounded by the time left).
    pub fn new(initial_delay: Duration, deadline: Duration) -> Self {
        Self {
            initial_delay,
            interval: Duration::from_secs(2),
            max_interval: Duration::from_secs(15),
            max_polls: 30,
            deadline,
            poll_timeout: None,
        }
    }

    /// The delay before the second poll, doubling after each poll up to `max`.
    pub fn interval(mut self, first: Duration, max: Duration) -> Self {
        self.interval = first;
        self.max_interval = max.max(first);
        self
    }

    /// The most polls made (at least 1).
    pub fn max_polls(mut self, polls: u32) -> Self {
        self.max_polls = polls.max(1);
        self
    }

    /// The delay before the first poll.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The overall deadline, measured from the start of [`PollPolicy::run`]: hard, polls in
    /// flight included.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The longest one poll may take: a poll still running after `timeout` is abandoned and
    /// counts as still pending (its `last_error` is an [`Error::Timeout`]), and the next poll
    /// follows after the usual interval. Each poll is bounded by the shorter of this and the
    /// time left before the deadline. Unset by default.
    pub fn poll_timeout(mut self, timeout: Duration) -> Self {
        self.poll_timeout = Some(timeout);
        self
    }

    /// The overall deadline.
    pub fn deadline_after(&self) -> Duration {
        self.deadline
    }

    /// This policy with its deadline cut to `limit` when that is sooner: how a per-call
    /// deadline ([`CallOptions::deadline`](crate::CallOptions::deadline)) bounds a whole wait.
    ///
    /// ```
    /// use std::time::Duration;
    /// use leadkit_core::PollPolicy;
    /// let policy = PollPolicy::new(Duration::from_secs(5), Duration::from_secs(120));
    /// let cut = policy.limited_to(Some(Duration::from_secs(30)));
    /// assert_eq!(cut.deadline_after(), Duration::from_secs(30));
    /// assert_eq!(policy.limited_to(None), policy);
    /// ```
    pub fn limited_to(&self, limit: Option<Duration>) -> Self {
        let mut policy = self.clone();
        if let Some(limit) = limit {
            policy.deadline = policy.deadline.min(limit);
        }
        policy
    }

    /// The delay before the first poll.
    pub fn initial_delay_before(&self) -> Duration {
        self.initial_delay
    }

    /// The most polls made.
    pub fn polls(&self) -> u32 {
        self.max_polls
    }

    /// The per-poll timeout, if set (see [`PollPolicy::poll_timeout`]).
    pub fn poll_timeout_after(&self) -> Option<Duration> {
        self.poll_timeout
    }

    /// Calls `poll` until it reports [`PollStatus::Done`], sleeping between calls, and returns
    /// the value.
    ///
    /// - Fails with [`Error::PollTimeout`] naming `resource_id` when the polls run out, when
    ///   the deadline passes (during a sleep or a poll, which is then dropped: `run` never
    ///   outlasts its deadline), or when the vendor asks for a delay (`Retry-After`) that would
    ///   pass the deadline. Its `last_error` is the last poll's failure when that poll failed
    ///   retryably (or ran past the [per-poll timeout](PollPolicy::poll_timeout)).
    /// - A poll that fails with a retryable error ([`Error::is_retryable`]) counts as still
    ///   pending; the error's [`Error::retry_after`], if any, sets the next delay (at least the
    ///   interval).
    /// - Any other error from `poll` ends polling as [`Error::Polling`] carrying `resource_id`,
    ///   the number of polls made and the error as its `cause` ([`Error::status`] and
    ///   [`Error::root_cause`] look through it).
    ///
    /// `resource_id` is only put in errors, never in logs.
    pub async fn run<T, F, Fut>(
        &self,
        vendor: &'static str,
        operation: &'static str,
        resource_id: &str,
        mut poll: F,
    ) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<PollStatus<T>>>,
    {
        let started = Instant::now();
        let deadline = after(started, self.deadline);
        let mut next_delay = self.initial_delay;
        let mut interval = self.interval;
        let mut polls = 0;
        let mut last_error: Option<Error> = None;
        let timed_out = |polls: u32, last_error: Option<Error>| Error::PollTimeout {
            vendor,
            operation,
            resource_id: crate::error::ResourceId::new(resource_id),
            polls,
            waited: started.elapsed(),
            last_error: last_error.map(Box::new),
        };
        loop {
            tokio::time::sleep_until(after(Instant::now(), next_delay).min(deadline)).await;
            let poll_started = Instant::now();
            if poll_started >= deadline {
                return Err(timed_out(polls, last_error));
            }
            polls += 1;
            tracing::debug!(vendor, operation, poll = polls, "polling");
            let bound = match self.poll_timeout {
                Some(timeout) => after(poll_started, timeout).min(deadline),
                None => deadline,
            };
            let asked = match tokio::time::timeout_at(bound, poll()).await {
                Ok(Ok(PollStatus::Done(value))) => return Ok(value),
                Ok(Ok(PollStatus::Pending { retry_after })) => {
                    last_error = None;
                    retry_after
                }
                Ok(Err(error)) if error.is_retryable() => {
                    tracing::warn!(
                        vendor,
                        operation,
                        poll = polls,
                        error = error.kind(),
                        status = error.status().map(|s| s.as_u16()),
                        retry_after_ms = error.retry_after().map(|d| d.as_millis() as u64),
                        "poll failed; still waiting"
                    );
                    let asked = error.retry_after();
                    last_error = Some(error);
                    asked
                }
                Ok(Err(error)) => {
                    return Err(Error::Polling {
                        vendor,
                        operation,
                        resource_id: crate::error::ResourceId::new(resource_id),
                        polls,
                        cause: Box::new(error),
                    });
                }
                Err(_elapsed) if Instant::now() >= deadline => {
                    return Err(timed_out(polls, last_error));
                }
                Err(_elapsed) => {
                    let ran = Instant::now().saturating_duration_since(poll_started);
                    tracing::warn!(
                        vendor,
                        operation,
                        poll = polls,
                        error = "timeout",
                        after_ms = ran.as_millis() as u64,
                        "poll timed out; still waiting"
                    );
                    last_error = Some(Error::Timeout {
                        vendor,
                        operation,
                        after: ran,
                    });
                    None
                }
            };
            if polls >= self.max_polls {
                return Err(timed_out(polls, last_error));
            }
            next_delay = asked.unwrap_or(interval).max(interval);
            if asked.is_some_and(|asked| after(Instant::now(), asked) >= deadline) {
                // The vendor asked not to be polled again before the deadline: waiting for it
                // would only end in the same timeout.
                return Err(timed_out(polls, last_error));
            }
            interval = interval.saturating_mul(2).min(self.max_interval);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::BodyExcerpt;
    use reqwest::StatusCode;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// Bounds a test's `run` so that a poller that never returns fails the test instead of
    /// hanging it.
    async fn within<T>(future: impl Future<Output = T>) -> T {
        tokio::time::timeout(Duration::from_secs(3600), future)
            .await
            .expect("run did not return within an hour")
    }

    fn status(code: u16, retry_after: Option<Duration>) -> Error {
        Error::Status {
            vendor: "v",
            operation: "op",
            status: StatusCode::from_u16(code).unwrap(),
            message: None,
            body: BodyExcerpt::default(),
            retry_after,
        }
    }

    fn rate_limited(retry_after: Duration) -> Error {
        Error::RateLimited {
            vendor: "v",
            operation: "op",
            retry_after: Some(retry_after),
            message: None,
        }
    }

    /// Asserts that `elapsed` is `expected` or at most 50 ms more.
    fn assert_about(elapsed: Duration, expected: Duration) {
        assert!(
            elapsed >= expected && elapsed <= expected + Duration::from_millis(50),
            "{elapsed:?} is not {expected:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn polls_until_done_with_growing_delays() {
        let policy = PollPolicy::new(Duration::from_secs(30), Duration::from_secs(300))
            .interval(Duration::from_secs(2), Duration::from_secs(5));
        let calls = AtomicU32::new(0);
        let started = Instant::now();
        let result = policy
            .run("v", "op", "id-1", || async {
                let n = calls.fetch_add(1, Ordering::SeqCst) + 1;
                Ok(if n == 4 {
                    PollStatus::Done(n)
                } else {
                    PollStatus::Pending { retry_after: None }
                })
            })
            .await
            .unwrap();
        assert_eq!(result, 4);
        // 30 s initial, then 2 + 4 + 5 s.
        assert_eq!(started.elapsed(), Duration::from_secs(41));
    }

    #[tokio::test(start_paused = true)]
    async fn deadline_ends_polling_with_the_resource_id() {
        let policy = PollPolicy::new(Duration::from_secs(30), Duration::from_secs(40))
            .interval(Duration::from_secs(4), Duration::from_secs(4));
        let calls = AtomicU32::new(0);
        let error = policy
            .run("v", "op", "txn-42", || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Ok(PollStatus::<()>::Pending { retry_after: None })
            })
            .await
            .unwrap_err();
        // Polls at 30, 34 and 38 s; the sleep towards 42 s is cut at the deadline, where no
        // poll starts (it would have no time to answer).
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        match error {
            Error::PollTimeout {
                resource_id,
                polls,
                waited,
                last_error,
                ..
            } => {
                assert_eq!(resource_id, "txn-42");
                assert_eq!(polls, 3);
                assert_eq!(waited, Duration::from_secs(40));
                assert!(last_error.is_none());
            }
            other => panic!("unexpected {other}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn max_polls_ends_polling() {
        let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(3600)).max_polls(3);
        let calls = AtomicU32::new(0);
        let error = policy
            .run("v", "op", "id", || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Ok(PollStatus::<()>::Pending { retry_after: None })
            })
            .await
            .unwrap_err();
        assert!(matches!(error, Error::PollTimeout { polls: 3, .. }));
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test(start_paused = true)]
    async fn the_deadline_cuts_a_hanging_poll() {
        let policy = PollPolicy::new(Duration::from_secs(1), Duration::from_secs(10));
        let calls = AtomicU32::new(0);
        let started = Instant::now();
        let error = within(policy.run("v", "op", "txn-1", || async {
            calls.fetch_add(1, Ordering::SeqCst);
            std::future::pending::<()>().await;
            Ok(PollStatus::Done(()))
        }))
        .await
        .unwrap_err();
        assert_about(started.elapsed(), Duration::from_secs(10));
        match &error {
            Error::PollTimeout {
                resource_id,
                polls: 1,
                waited,
                last_error: None,
                ..
            } => {
                assert_eq!(resource_id, "txn-1");
                assert_about(*waited, Duration::from_secs(10));
            }
            other => panic!("unexpected {other}"),
        }
        assert_eq!(error.resource_id(), Some("txn-1"));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_poll_past_the_poll_timeout_counts_as_pending() {
        let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(60))
            .interval(Duration::from_secs(1), Duration::from_secs(1))
            .poll_timeout(Duration::from_secs(2));
        let calls = AtomicU32::new(0);
        let started = Instant::now();
        let value = within(policy.run("v", "op", "id", || async {
            if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                std::future::pending::<()>().await;
            }
            Ok(PollStatus::Done("done"))
        }))
        .await
        .unwrap();
        assert_eq!(value, "done");
        // The first poll is abandoned at 2 s, the second follows 1 s later.
        assert_eq!(started.elapsed(), Duration::from_secs(3));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_poll_timeout_is_kept_as_the_last_error() {
        let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(10))
            .interval(Duration::from_secs(1), Duration::from_secs(1))
            .poll_timeout(Duration::from_secs(4));
        let started = Instant::now();
        let error = within(policy.run("v", "op", "id", || async {
            std::future::pending::<()>().await;
            Ok(PollStatus::Done(()))
        }))
        .await
        .unwrap_err();
        // Polls at 0 s (abandoned at 4 s) and 5 s (abandoned at 9 s); the third, at 10 s,
        // would start at the deadline.
        assert_eq!(started.elapsed(), Duration::from_secs(10));
        match error {
            Error::PollTimeout {
                polls: 2,
                last_error: Some(last),
                ..
            } => assert!(
                matches!(*last, Error::Timeout { after, .. } if after == Duration::from_secs(4)),
                "{last}"
            ),
            other => panic!("unexpected {other}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_retryable_failure_counts_as_pending() {
        let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(60))
            .interval(Duration::from_secs(2), Duration::from_secs(2));
        let calls = AtomicU32::new(0);
        let started = Instant::now();
        let value = within(policy.run("v", "op", "id", || async {
            match calls.fetch_add(1, Ordering::SeqCst) {
                0 => Err(status(503, None)),
                1 => Err(Error::Timeout {
                    vendor: "v",
                    operation: "op",
                    after: Duration::from_secs(5),
                }),
                n => Ok(PollStatus::Done(n)),
            }
        }))
        .await
        .unwrap();
        assert_eq!(value, 2);
        assert_eq!(started.elapsed(), Duration::from_secs(4));
    }

    #[tokio::test(start_paused = true)]
    async fn retryable_failures_until_the_deadline_end_with_the_last_one() {
        let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(10))
            .interval(Duration::from_secs(2), Duration::from_secs(2));
        let calls = AtomicU32::new(0);
        let started = Instant::now();
        let error = within(policy.run("v", "op", "txn-9", || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<PollStatus<()>, _>(status(502, None))
        }))
        .await
        .unwrap_err();
        assert_eq!(started.elapsed(), Duration::from_secs(10));
        // Polls at 0, 2, 4, 6 and 8 s.
        assert_eq!(calls.load(Ordering::SeqCst), 5);
        match error {
            Error::PollTimeout {
                resource_id,
                polls: 5,
                last_error: Some(last),
                ..
            } => {
                assert_eq!(resource_id, "txn-9");
                assert_eq!(last.status(), Some(StatusCode::BAD_GATEWAY));
            }
            other => panic!("unexpected {other}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_pending_poll_clears_the_last_error() {
        let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(10))
            .interval(Duration::from_secs(2), Duration::from_secs(2));
        let calls = AtomicU32::new(0);
        let error = within(policy.run("v", "op", "id", || async {
            Ok(match calls.fetch_add(1, Ordering::SeqCst) {
                0 => return Err(status(504, None)),
                _ => PollStatus::<()>::Pending { retry_after: None },
            })
        }))
        .await
        .unwrap_err();
        assert!(
            matches!(
                error,
                Error::PollTimeout {
                    last_error: None,
                    ..
                }
            ),
            "{error}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn any_other_error_ends_polling_with_the_resource_id() {
        let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(60));
        let calls = AtomicU32::new(0);
        let error = within(policy.run("v", "op", "txn-7", || async {
            match calls.fetch_add(1, Ordering::SeqCst) {
                0 => Ok(PollStatus::<()>::Pending { retry_after: None }),
                _ => Err(status(404, None)),
            }
        }))
        .await
        .unwrap_err();
        match &error {
            Error::Polling {
                vendor,
                operation,
                resource_id,
                polls,
                cause,
            } => {
                assert_eq!((*vendor, *operation), ("v", "op"));
                assert_eq!(resource_id, "txn-7");
                assert_eq!(*polls, 2);
                assert!(matches!(**cause, Error::Status { .. }), "{cause}");
            }
            other => panic!("unexpected {other}"),
        }
        assert_eq!(error.resource_id(), Some("txn-7"));
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        assert!(!error.is_retryable());
        assert!(error.to_string().contains("txn-7"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_polls_retry_after_sets_the_next_delay() {
        let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(200))
            .interval(Duration::from_secs(5), Duration::from_secs(20));
        let started = Instant::now();
        let times = Mutex::new(Vec::new());
        let value = within(policy.run("v", "op", "id", || async {
            let mut times = times.lock().unwrap();
            times.push(started.elapsed());
            Ok(match times.len() {
                1 => return Err(rate_limited(Duration::from_secs(120))),
                2 => return Err(status(503, Some(Duration::from_secs(30)))),
                n => PollStatus::Done(n),
            })
        }))
        .await
        .unwrap();
        assert_eq!(value, 3);
        assert_eq!(
            *times.lock().unwrap(),
            [
                Duration::ZERO,
                Duration::from_secs(120),
                Duration::from_secs(150)
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_retry_after_beyond_the_deadline_ends_polling_at_once() {
        for failure in [
            rate_limited(Duration::from_secs(120)),
            status(503, Some(Duration::from_secs(120))),
        ] {
            let policy = PollPolicy::new(Duration::from_secs(10), Duration::from_secs(100));
            let calls = AtomicU32::new(0);
            let started = Instant::now();
            let error = within(policy.run("v", "op", "txn-3", || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Err::<PollStatus<()>, _>(failure.clone())
            }))
            .await
            .unwrap_err();
            assert_eq!(started.elapsed(), Duration::from_secs(10), "{failure}");
            assert_eq!(calls.load(Ordering::SeqCst), 1);
            match error {
                Error::PollTimeout {
                    resource_id,
                    polls: 1,
                    waited,
                    last_error: Some(last),
                    ..
                } => {
                    assert_eq!(resource_id, "txn-3");
                    assert_eq!(waited, Duration::from_secs(10));
                    assert_eq!(last.retry_after(), Some(Duration::from_secs(120)));
                }
                other => panic!("unexpected {other}"),
            }
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_pending_retry_after_beyond_the_deadline_ends_polling_at_once() {
        let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(100));
        let calls = AtomicU32::new(0);
        let started = Instant::now();
        let error = within(policy.run("v", "op", "id", || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok(PollStatus::<()>::Pending {
                retry_after: Some(Duration::from_secs(300)),
            })
        }))
        .await
        .unwrap_err();
        assert_eq!(started.elapsed(), Duration::ZERO);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert!(
            matches!(
                error,
                Error::PollTimeout {
                    polls: 1,
                    last_error: None,
                    ..
                }
            ),
            "{error}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_short_retry_after_still_waits_the_interval() {
        let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(100))
            .interval(Duration::from_secs(8), Duration::from_secs(8));
        let calls = AtomicU32::new(0);
        let started = Instant::now();
        within(policy.run("v", "op", "id", || async {
            Ok(match calls.fetch_add(1, Ordering::SeqCst) {
                0 => return Err(rate_limited(Duration::from_secs(1))),
                _ => PollStatus::Done(()),
            })
        }))
        .await
        .unwrap();
        assert_eq!(started.elapsed(), Duration::from_secs(8));
    }

    #[test]
    fn the_poll_timeout_is_optional() {
        let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(60));
        assert_eq!(policy.poll_timeout_after(), None);
        let policy = policy.poll_timeout(Duration::from_secs(5));
        assert_eq!(policy.poll_timeout_after(), Some(Duration::from_secs(5)));
    }
}
