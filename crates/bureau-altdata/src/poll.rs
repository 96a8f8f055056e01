//! The whole workflow in one call: initiate, wait, then poll `fetch` until Bureau is done.
//!
//! Bureau asks callers to fetch "around 30 seconds" after initiating and to retry until the
//! outcome is no longer `AWAITING`. [`default_poll_policy`] waits 30 s, then polls with a
//! growing interval (5 s doubling up to 20 s), at most 10 times and for at most 3 minutes
//! overall. The deadline is hard: a fetch still in flight when it passes is abandoned and
//! [`BureauClient::run`] returns [`Error::PollTimeout`](crate::Error::PollTimeout) with the
//! transaction id. Dropping the future stops polling; the transaction goes on at Bureau and can
//! be picked up with [`BureauClient::poll`] or [`BureauClient::transaction`].

use std::time::Duration;

use leadkit_core::validate;
use leadkit_core::{PollPolicy, PollStatus, Result};
use tokio::time::Instant;

use crate::client::{BureauClient, VENDOR};
use crate::request::TransactionRequest;
use crate::transaction::Transaction;

/// The polling defaults: first poll 30 s after initiating (Bureau's guidance), then 5 s,
/// 10 s, 20 s, 20 s, … between polls, at most 10 polls, 3 minutes overall. Polls fall at 30,
/// 35, 45, 65, 85, 105, 125, 145 and 165 s; the next would be due at 185 s, past the deadline,
/// so a transaction still `AWAITING` at 165 s ends in
/// [`Error::PollTimeout`](crate::Error::PollTimeout) at 180 s (no poll starts at the deadline
/// itself: it would have no time to answer). No per-poll timeout: each fetch (with the client's
/// own retries) may use the time left.
///
/// ```
/// use std::time::Duration;
/// let policy = bureau_altdata::default_poll_policy();
/// assert_eq!(policy.initial_delay_before(), Duration::from_secs(30));
/// assert_eq!(policy.deadline_after(), Duration::from_secs(180));
/// assert_eq!(policy.polls(), 10);
/// assert_eq!(policy.poll_timeout_after(), None);
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
    /// Polling runs on [`PollPolicy::run`], so once the transaction exists every failure
    /// carries its id ([`Error::resource_id`](crate::Error::resource_id)):
    ///
    /// - [`Error::PollTimeout`](crate::Error::PollTimeout) when the polls or the deadline run
    ///   out. The deadline is hard (a fetch in flight is abandoned when it passes), and a
    ///   `Retry-After` (429, or 503 with one) that would pass it ends polling at once. Keep the
    ///   id and resume later with [`BureauClient::poll`]; `last_error` holds the last fetch's
    ///   failure when fetches were failing.
    /// - A fetch that fails with a retryable error (a timeout, a broken connection, 429,
    ///   502/503/504, after the client's own retries) counts as still pending, so a short
    ///   outage does not lose the transaction; the next fetch waits at least as long as the
    ///   error's `Retry-After`.
    /// - Any other fetch error (401, 404, an answer that does not decode, …) ends polling as
    ///   [`Error::Polling`](crate::Error::Polling) carrying the transaction id;
    ///   [`Error::status`](crate::Error::status) and
    ///   [`Error::root_cause`](crate::Error::root_cause) look through it.
    ///
    /// A failed **Initiate** is returned as is (there is no transaction id yet); if it may have
    /// reached Bureau it is [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown): a
    /// transaction may exist, so do not initiate again blindly. A deadline set with
    /// [`BureauClient::with_options`] bounds the whole run (initiate and polling); otherwise
    /// the run lasts at most initiate's deadline (45 s under defaults) plus the poll policy's
    /// (3 minutes by default). To keep the
    /// transaction id whatever happens, call [`BureauClient::initiate`], store the id, then
    /// [`BureauClient::poll`].
    pub async fn run(&self, request: &TransactionRequest) -> Result<Transaction> {
        self.run_with(request, self.poll_policy()).await
    }

    /// [`BureauClient::run`] with another poll policy.
    pub async fn run_with(
        &self,
        request: &TransactionRequest,
        policy: &PollPolicy,
    ) -> Result<Transaction> {
        let begun = Instant::now();
        let started = self.initiate(request).await?;
        if started.is_done() {
            return Ok(started);
        }
        // A per-call deadline bounds the whole run: polling gets what initiate left.
        let left = self
            .call_deadline()
            .map(|limit| limit.saturating_sub(begun.elapsed()));
        self.poll_checked(request, &started.transaction_id, &policy.limited_to(left))
            .await
    }

    /// Polls an existing transaction (one you initiated earlier, or one a
    /// [`PollTimeout`](crate::Error::PollTimeout) named) with **Fetch Result** until it is done,
    /// with the same rules as [`BureauClient::run`]. The policy's initial delay applies first:
    /// use [`PollPolicy::initial_delay`] with zero to poll at once.
    pub async fn poll(
        &self,
        request: &TransactionRequest,
        transaction_id: &str,
        policy: &PollPolicy,
    ) -> Result<Transaction> {
        request.validate()?;
        validate::non_empty("transactionId", transaction_id)?;
        self.poll_checked(
            request,
            transaction_id,
            &policy.limited_to(self.call_deadline()),
        )
        .await
    }

    async fn poll_checked(
        &self,
        request: &TransactionRequest,
        transaction_id: &str,
        policy: &PollPolicy,
    ) -> Result<Transaction> {
        policy
            .run(VENDOR, "fetch", transaction_id, || async move {
                let transaction = self.fetch_checked(request, transaction_id).await?;
                Ok(if transaction.is_awaiting() {
                    PollStatus::Pending { retry_after: None }
                } else {
                    PollStatus::Done(transaction)
                })
            })
            .await
    }
}
