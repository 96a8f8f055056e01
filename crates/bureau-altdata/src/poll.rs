//! The whole workflow in one call: initiate, wait, then poll `fetch` until Bureau is done.
//!
//! Bureau asks callers to fetch "around 30 seconds" after initiating and to retry until the
//! outcome is no longer `AWAITING`. [`default_poll_policy`] waits 30 s, then polls with a
//! growing interval (5 s doubling up to 20 s), at most 10 times and for at most 3 minutes
//! overall (the tenth poll falls at the 3-minute mark). Dropping the future stops polling; the transaction goes on at Bureau and can be
//! picked up with [`BureauClient::poll`] or [`BureauClient::transaction`].

use std::time::Duration;

use leadkit_core::validate;
use leadkit_core::{PollPolicy, PollStatus, Result};
use tokio::time::Instant;

use crate::client::{BureauClient, VENDOR};
use crate::request::TransactionRequest;
use crate::transaction::Transaction;

/// The time a poll started at (or after) the deadline still gets to finish: the last poll
/// is not cut short, so [`BureauClient::run`] may overrun its deadline by at most this much.
pub const LAST_POLL_GRACE: Duration = Duration::from_secs(10);

/// The polling defaults: first poll 30 s after initiating (Bureau's guidance), then 5 s,
/// 10 s, 20 s, 20 s, … between polls, at most 10 polls, 3 minutes overall: polls at 30, 35,
/// 45, 65, 85, 105, 125, 145, 165 and 180 s.
///
/// ```
/// use std::time::Duration;
/// let policy = bureau_altdata::default_poll_policy();
/// assert_eq!(policy.initial_delay_before(), Duration::from_secs(30));
/// assert_eq!(policy.deadline_after(), Duration::from_secs(180));
/// assert_eq!(policy.polls(), 10);
/// ```
pub fn default_poll_policy() -> PollPolicy {
    PollPolicy::new(Duration::from_secs(30), Duration::from_secs(180))
        .interval(Duration::from_secs(5), Duration::from_secs(20))
        .max_polls(10)
}

impl BureauClient {
    /// **Initiate**, then poll **Fetch Result** with the client's poll policy until neither
    /// `status` nor `outcome` is `AWAITING`, and return that final transaction as it came.
    ///
    /// Fails with [`Error::PollTimeout`](crate::Error::PollTimeout) carrying the transaction
    /// id when the polls or the deadline run out: keep the id and resume later with
    /// [`BureauClient::poll`]. A poll that fails with a retryable error (timeouts, 502/503/504,
    /// after the client's own retries) counts as still pending, so a short outage does not
    /// lose the transaction; any other error ends polling and is returned.
    ///
    /// To keep the transaction id whatever happens, call [`BureauClient::initiate`], store the
    /// id, then [`BureauClient::poll`].
    pub async fn run(&self, request: &TransactionRequest) -> Result<Transaction> {
        self.run_with(request, self.poll_policy()).await
    }

    /// [`BureauClient::run`] with another poll policy.
    pub async fn run_with(
        &self,
        request: &TransactionRequest,
        policy: &PollPolicy,
    ) -> Result<Transaction> {
        let started = self.initiate(request).await?;
        if started.is_done() {
            return Ok(started);
        }
        self.poll_checked(request, &started.transaction_id, policy)
            .await
    }

    /// Polls an existing transaction (one you initiated earlier, or one a
    /// [`PollTimeout`](crate::Error::PollTimeout) named) with **Fetch Result** until it is done.
    /// The policy's initial delay applies first: use
    /// [`PollPolicy::initial_delay`] with zero to poll at once.
    pub async fn poll(
        &self,
        request: &TransactionRequest,
        transaction_id: &str,
        policy: &PollPolicy,
    ) -> Result<Transaction> {
        request.validate()?;
        validate::non_empty("transactionId", transaction_id)?;
        self.poll_checked(request, transaction_id, policy).await
    }

    async fn poll_checked(
        &self,
        request: &TransactionRequest,
        transaction_id: &str,
        policy: &PollPolicy,
    ) -> Result<Transaction> {
        let deadline = Instant::now() + policy.deadline_after();
        policy
            .run(VENDOR, "fetch", transaction_id, || async move {
                let budget = deadline
                    .saturating_duration_since(Instant::now())
                    .max(LAST_POLL_GRACE);
                let fetched =
                    tokio::time::timeout(budget, self.fetch_checked(request, transaction_id)).await;
                match fetched {
                    Ok(Ok(transaction)) if transaction.is_awaiting() => {
                        Ok(PollStatus::Pending { retry_after: None })
                    }
                    Ok(Ok(transaction)) => Ok(PollStatus::Done(transaction)),
                    Ok(Err(error)) if error.is_retryable() => {
                        tracing::warn!(
                            vendor = VENDOR,
                            transaction_id,
                            error = error.kind(),
                            status = error.status().map(|s| s.as_u16()),
                            "poll failed; still waiting"
                        );
                        Ok(PollStatus::Pending { retry_after: None })
                    }
                    Ok(Err(error)) => Err(error),
                    Err(_elapsed) => Ok(PollStatus::Pending { retry_after: None }),
                }
            })
            .await
    }
}
