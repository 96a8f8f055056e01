//! Polling a long-running vendor operation until it is done, with backoff and a deadline.
//!
//! As AWS waiters: the caller bounds the wait; the delay grows between polls up to a ceiling;
//! the last sleep is trimmed to the time left; dropping the future cancels polling (the
//! vendor's operation itself goes on and can be resumed by id).

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
        /// The vendor's suggested delay before the next poll.
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
///     .max_polls(10);
/// assert_eq!(policy.deadline_after(), Duration::from_secs(120));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollPolicy {
    initial_delay: Duration,
    interval: Duration,
    max_interval: Duration,
    max_polls: u32,
    deadline: Duration,
}

impl PollPolicy {
    /// Waits `initial_delay` before the first poll and gives up `deadline` after starting.
    /// Between polls: 2 s doubling up to 15 s; at most 30 polls.
    pub fn new(initial_delay: Duration, deadline: Duration) -> Self {
        Self {
            initial_delay,
            interval: Duration::from_secs(2),
            max_interval: Duration::from_secs(15),
            max_polls: 30,
            deadline,
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

    /// The overall deadline.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// The overall deadline.
    pub fn deadline_after(&self) -> Duration {
        self.deadline
    }

    /// The delay before the first poll.
    pub fn initial_delay_before(&self) -> Duration {
        self.initial_delay
    }

    /// The most polls made.
    pub fn polls(&self) -> u32 {
        self.max_polls
    }

    /// Calls `poll` until it reports [`PollStatus::Done`], sleeping between calls.
    ///
    /// Fails with [`Error::PollTimeout`] naming `resource_id` when the polls or the deadline
    /// run out; an error from `poll` itself ends polling and is returned as is.
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
        let deadline = started + self.deadline;
        let mut next_delay = self.initial_delay;
        let mut interval = self.interval;
        let mut polls = 0;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            tokio::time::sleep(next_delay.min(left)).await;
            polls += 1;
            tracing::debug!(vendor, operation, poll = polls, "polling");
            let retry_after = match poll().await? {
                PollStatus::Done(value) => return Ok(value),
                PollStatus::Pending { retry_after } => retry_after,
            };
            if polls >= self.max_polls || Instant::now() >= deadline {
                return Err(Error::PollTimeout {
                    vendor,
                    operation,
                    resource_id: resource_id.to_owned(),
                    polls,
                    waited: started.elapsed(),
                    last_error: None,
                });
            }
            next_delay = retry_after.unwrap_or(interval).max(interval);
            interval = interval.saturating_mul(2).min(self.max_interval);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

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
        // Polls at 30, 34, 38 and a last one trimmed to 40.
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        match error {
            Error::PollTimeout {
                resource_id,
                polls,
                waited,
                ..
            } => {
                assert_eq!(resource_id, "txn-42");
                assert_eq!(polls, 4);
                assert_eq!(waited, Duration::from_secs(40));
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
}
