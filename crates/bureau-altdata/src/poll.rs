//! The whole workflow in one call: initiate, wait, then poll `fetch` until Bureau is done.
//!
//! Bureau asks callers to fetch "around 30 seconds" after initiating and to retry until the
//! outcome is no longer `AWAITING`. [`default_poll_policy`] waits 30 s, then polls with a
//! growing interval (5 s doubling up to 20 s), at most 10 times and for at most 3 minutes
//! overall. The deadline is hard: a fetch still in flight when it passes is abandoned and
//! [`BureauClient::run`] returns [`Error::PollTimeout`](crate::Error::PollTimeout) with the
//! transaction id. Dropping the future stops polling; the transaction goes on at Bureau and can
//! be picked up by id alone with [`BureauClient::poll_by_id`] (or [`BureauClient::poll`], or
//! read once with [`BureauClient::transaction`]).
//!
//! [`BureauClient::run_with_progress`] and [`BureauClient::poll_by_id_with_progress`] report
//! each poll ([`Progress`]): its number, the time spent and the deadline, and which services
//! are done and which are still pending.

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use leadkit_core::{Error, PollPolicy, PollStatus, Result};
use tokio::time::Instant;

use crate::client::{BureauClient, VENDOR};
use crate::request::{TransactionRequest, validate_transaction_id};
use crate::services::ServiceName;
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
    /// **Initiate**, then poll **Fetch Result** with the client's poll policy until the
    /// transaction is final, and return that final transaction as it came.
    ///
    /// Final means `status` or `outcome` is present and neither is `AWAITING`
    /// ([`Transaction::is_done`]); an answer with neither is polled again. An answer that
    /// reports a failure although it came with HTTP 200 (`statusCode` of 400 or more, a
    /// non-blank `error`, `FAILED`; see [`Transaction::reports_failure`]) is not returned as a
    /// result: it ends the run as an error carrying the transaction id.
    ///
    /// Polling runs on [`PollPolicy::run`], so once the transaction exists every failure
    /// carries its id ([`Error::resource_id`](crate::Error::resource_id)):
    ///
    /// - [`Error::PollTimeout`](crate::Error::PollTimeout) when the polls or the deadline run
    ///   out. The deadline is hard (a fetch in flight is abandoned when it passes), and a
    ///   `Retry-After` (429, or 503 with one) that would pass it ends polling at once. Keep the
    ///   id and resume later with [`BureauClient::poll_by_id`]; `last_error` holds the last
    ///   fetch's failure when fetches were failing.
    /// - A fetch that fails with a retryable error (a timeout, a broken connection, 429,
    ///   502/503/504, after the client's own retries) counts as still pending, so a short
    ///   outage does not lose the transaction; the next fetch waits at least as long as the
    ///   error's `Retry-After`.
    /// - Any other fetch error (401, 404, an answer that does not decode, an answer that
    ///   reports a failure, …) ends polling as [`Error::Polling`](crate::Error::Polling)
    ///   carrying the transaction id; [`Error::status`](crate::Error::status),
    ///   [`Error::root_cause`](crate::Error::root_cause) and
    ///   [`Error::vendor_message`](crate::Error::vendor_message) look through it.
    ///
    /// A failed **Initiate** is returned as is (there is no transaction id yet); if it may have
    /// reached Bureau it is [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown): a
    /// transaction may exist, so do not initiate again blindly. A deadline set with
    /// [`BureauClient::with_options`] bounds the whole run (initiate and polling); otherwise
    /// the run lasts at most initiate's deadline (45 s under defaults) plus the poll policy's
    /// (3 minutes by default). To keep the transaction id whatever happens, call
    /// [`BureauClient::initiate`], store the id, then [`BureauClient::poll_by_id`].
    pub async fn run(&self, request: &TransactionRequest) -> Result<Transaction> {
        self.run_with(request, self.poll_policy()).await
    }

    /// [`BureauClient::run`] with another poll policy.
    pub async fn run_with(
        &self,
        request: &TransactionRequest,
        policy: &PollPolicy,
    ) -> Result<Transaction> {
        self.run_with_progress(request, policy, |_: &Progress<'_>| {})
            .await
    }

    /// [`BureauClient::run_with`], calling `progress` as the transaction advances: once with
    /// poll number 0 after **Initiate** answers (Bureau lists its services at once), then after
    /// each poll, with the poll's number, the time spent polling, the deadline and the
    /// services done and pending ([`Progress`]). A poll cut short by the deadline or the
    /// policy's per-poll timeout reports nothing.
    ///
    /// The hook runs on the polling task between polls: keep it short (update a progress bar,
    /// send to a channel). It sees only the answer's typed parts, so it can log them: the
    /// applicant's details stay [`PersonalData`](crate::PersonalData).
    ///
    /// ```no_run
    /// use bureau_altdata::{BureauClient, Progress, TransactionRequest};
    ///
    /// # async fn demo(client: BureauClient, request: TransactionRequest) -> bureau_altdata::Result<()> {
    /// let policy = bureau_altdata::default_poll_policy();
    /// let transaction = client
    ///     .run_with_progress(&request, &policy, |progress: &Progress<'_>| {
    ///         let pending: Vec<_> = progress.pending().iter().map(|s| s.to_string()).collect();
    ///         eprintln!(
    ///             "poll {} after {:?} of {:?}: waiting for {}",
    ///             progress.poll,
    ///             progress.elapsed,
    ///             progress.deadline,
    ///             pending.join(", "),
    ///         );
    ///     })
    ///     .await?;
    /// println!("alternate risk score {:?}", transaction.alternate_risk_score());
    /// # Ok(()) }
    /// ```
    pub async fn run_with_progress<F>(
        &self,
        request: &TransactionRequest,
        policy: &PollPolicy,
        progress: F,
    ) -> Result<Transaction>
    where
        F: FnMut(&Progress<'_>) + Send,
    {
        let begun = Instant::now();
        let started = self.initiate(request).await?;
        // A per-call deadline bounds the whole run: polling gets what initiate left.
        let left = self
            .call_deadline()
            .map(|limit| limit.saturating_sub(begun.elapsed()));
        let policy = policy.limited_to(left);
        let id = started.transaction_id.clone();
        let mut tracker = Tracker::new(progress, &id, &policy);
        tracker.report(0, Some(&started), None);
        if started.is_done() {
            return Ok(started);
        }
        tracker.last = Some(started);
        self.poll_loop("fetch", &id, &policy, tracker, || {
            self.fetch_checked(request, &id)
        })
        .await
    }

    /// Polls an existing transaction (one you initiated earlier, or one a
    /// [`PollTimeout`](crate::Error::PollTimeout) named) with the documented **Fetch Result**
    /// (`POST /transactions` with the applicant's details) until it is final, with the same
    /// rules as [`BureauClient::run`]. The policy's initial delay applies first: use
    /// [`PollPolicy::initial_delay`] with zero to poll at once.
    ///
    /// To resume from a stored id without keeping the applicant's details, use
    /// [`BureauClient::poll_by_id`].
    pub async fn poll(
        &self,
        request: &TransactionRequest,
        transaction_id: &str,
        policy: &PollPolicy,
    ) -> Result<Transaction> {
        request.validate()?;
        validate_transaction_id(transaction_id)?;
        let policy = policy.limited_to(self.call_deadline());
        let tracker = Tracker::new(|_: &Progress<'_>| {}, transaction_id, &policy);
        self.poll_loop("fetch", transaction_id, &policy, tracker, || {
            self.fetch_checked(request, transaction_id)
        })
        .await
    }

    /// Polls an existing transaction by its id alone, with `GET /transactions/{transactionId}`
    /// (see [`BureauClient::transaction`]), until it is final, with the same rules as
    /// [`BureauClient::run`]: no email, name or phone number is needed, so a queue that
    /// resumes transactions stores only their ids.
    ///
    /// The id is checked before anything is sent ([`Error::InvalidInput`](crate::Error::InvalidInput)
    /// naming `transactionId`). Failures carry the id and the operation `transaction`. The
    /// policy's initial delay applies first: use [`PollPolicy::initial_delay`] with zero to poll
    /// at once.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use bureau_altdata::{BureauClient, PollPolicy};
    ///
    /// # async fn demo(client: BureauClient, stored_id: String) -> bureau_altdata::Result<()> {
    /// let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(120));
    /// let transaction = client.poll_by_id(&stored_id, &policy).await?;
    /// println!("{:?}", transaction.alternate_risk_score());
    /// # Ok(()) }
    /// ```
    pub async fn poll_by_id(
        &self,
        transaction_id: &str,
        policy: &PollPolicy,
    ) -> Result<Transaction> {
        self.poll_by_id_with_progress(transaction_id, policy, |_: &Progress<'_>| {})
            .await
    }

    /// [`BureauClient::poll_by_id`], calling `progress` after each poll as
    /// [`BureauClient::run_with_progress`] does: the poll's number (1, 2, …; there is no
    /// poll 0, nothing was initiated), the time spent polling, the deadline (the policy's, cut
    /// by a per-call deadline), the most polls, and the services done and pending
    /// ([`Progress`]). A poll cut short by the deadline or the policy's per-poll timeout
    /// reports nothing.
    ///
    /// The hook runs on the polling task between polls: keep it short.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use bureau_altdata::{BureauClient, PollPolicy, Progress};
    ///
    /// # async fn demo(client: BureauClient, stored_id: String) -> bureau_altdata::Result<()> {
    /// let policy = PollPolicy::new(Duration::ZERO, Duration::from_secs(120));
    /// let transaction = client
    ///     .poll_by_id_with_progress(&stored_id, &policy, |progress: &Progress<'_>| {
    ///         eprintln!("poll {} of at most {}", progress.poll, progress.max_polls);
    ///     })
    ///     .await?;
    /// println!("{:?}", transaction.alternate_risk_score());
    /// # Ok(()) }
    /// ```
    pub async fn poll_by_id_with_progress<F>(
        &self,
        transaction_id: &str,
        policy: &PollPolicy,
        progress: F,
    ) -> Result<Transaction>
    where
        F: FnMut(&Progress<'_>) + Send,
    {
        validate_transaction_id(transaction_id)?;
        let policy = policy.limited_to(self.call_deadline());
        let tracker = Tracker::new(progress, transaction_id, &policy);
        self.poll_loop("transaction", transaction_id, &policy, tracker, || {
            self.transaction_checked(transaction_id)
        })
        .await
    }

    /// Polls with `read` (a checked fetch or GET) on [`PollPolicy::run`] until the transaction
    /// is final, reporting each poll to the tracker.
    async fn poll_loop<F, Fut, H>(
        &self,
        operation: &'static str,
        transaction_id: &str,
        policy: &PollPolicy,
        tracker: Tracker<'_, H>,
        mut read: F,
    ) -> Result<Transaction>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Transaction>>,
        H: FnMut(&Progress<'_>) + Send,
    {
        let polls = AtomicU32::new(0);
        let tracker = Mutex::new(tracker);
        policy
            .run(VENDOR, operation, transaction_id, || {
                // Numbered when it starts, so a poll cut short still counts.
                let poll = polls.fetch_add(1, Ordering::Relaxed) + 1;
                let answer = read();
                let tracker = &tracker;
                async move {
                    let answer = answer.await;
                    let mut tracker = tracker.lock().unwrap_or_else(PoisonError::into_inner);
                    match answer {
                        Ok(transaction) => {
                            tracker.report(poll, Some(&transaction), None);
                            if transaction.is_done() {
                                Ok(PollStatus::Done(transaction))
                            } else {
                                tracker.last = Some(transaction);
                                Ok(PollStatus::Pending { retry_after: None })
                            }
                        }
                        Err(error) => {
                            tracker.report_failure(poll, &error);
                            Err(error)
                        }
                    }
                }
            })
            .await
    }
}

/// Where a transaction stands after a poll: what [`BureauClient::run_with_progress`] and
/// [`BureauClient::poll_by_id_with_progress`] report.
///
/// `elapsed` and `deadline` are measured from the start of polling (after **Initiate**
/// answered), as the poll policy measures them; `deadline - elapsed` is the time left.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Progress<'a> {
    /// The transaction being polled.
    pub transaction_id: &'a str,
    /// The poll's number: 0 for the answer of **Initiate**, then 1, 2, …
    pub poll: u32,
    /// The time spent polling so far.
    pub elapsed: Duration,
    /// The polling deadline (the policy's, cut by a per-call deadline).
    pub deadline: Duration,
    /// The most polls the policy makes.
    pub max_polls: u32,
    /// The latest answer: this poll's, or when this poll failed, the one before it (`None`
    /// when there is none yet).
    pub transaction: Option<&'a Transaction>,
    /// Why this poll failed, when it did. A retryable failure (a timeout, 429, 502/503/504)
    /// counts as still pending and polling goes on; any other ends it.
    pub error: Option<&'a Error>,
}

impl Progress<'_> {
    /// The services that have finished (see [`Services::done`](crate::Services::done)), in the
    /// latest answer.
    pub fn done(&self) -> Vec<ServiceName> {
        self.transaction
            .map(|transaction| transaction.services.done())
            .unwrap_or_default()
    }

    /// The services still running in the latest answer: `PENDING` in `services`, or awaited
    /// in `awaits` (an entry `PENDING` or with `awaitedOnThis`), each named once.
    pub fn pending(&self) -> Vec<ServiceName> {
        let Some(transaction) = self.transaction else {
            return Vec::new();
        };
        let mut pending = transaction.services.pending();
        for (name, entry) in transaction.awaited() {
            let awaited = entry.status == Some(crate::ServiceStatus::Pending)
                || entry
                    .response
                    .as_ref()
                    .is_some_and(|response| response.awaited_on_this == Some(true));
            let name = ServiceName::from_vendor(name);
            if awaited && !pending.contains(&name) {
                pending.push(name);
            }
        }
        pending
    }

    /// The services the workflow has not run (`NOT_EXECUTED`) in the latest answer: still to
    /// come while the transaction is awaiting, skipped once it is final.
    pub fn not_started(&self) -> Vec<ServiceName> {
        self.transaction
            .map(|transaction| transaction.services.not_started())
            .unwrap_or_default()
    }

    /// Whether the latest answer is final ([`Transaction::is_done`]).
    pub fn is_final(&self) -> bool {
        self.transaction.is_some_and(Transaction::is_done)
    }

    /// The time left before the deadline.
    pub fn remaining(&self) -> Duration {
        self.deadline.saturating_sub(self.elapsed)
    }
}

/// The progress hook with what it needs between polls: the clock, the deadline and the latest
/// answer (reported again when a later poll fails).
struct Tracker<'a, H> {
    hook: H,
    transaction_id: &'a str,
    started: Instant,
    deadline: Duration,
    max_polls: u32,
    last: Option<Transaction>,
}

impl<'a, H: FnMut(&Progress<'_>)> Tracker<'a, H> {
    fn new(hook: H, transaction_id: &'a str, policy: &PollPolicy) -> Self {
        Self {
            hook,
            transaction_id,
            started: Instant::now(),
            deadline: policy.deadline_after(),
            max_polls: policy.polls(),
            last: None,
        }
    }

    fn report(&mut self, poll: u32, transaction: Option<&Transaction>, error: Option<&Error>) {
        let progress = Progress {
            transaction_id: self.transaction_id,
            poll,
            elapsed: self.started.elapsed(),
            deadline: self.deadline,
            max_polls: self.max_polls,
            transaction,
            error,
        };
        (self.hook)(&progress);
    }

    fn report_failure(&mut self, poll: u32, error: &Error) {
        let last = self.last.take();
        self.report(poll, last.as_ref(), Some(error));
        self.last = last;
    }
}
