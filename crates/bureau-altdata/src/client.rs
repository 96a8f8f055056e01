//! The Bureau client: configuration, `initiate`, and both forms of `fetch`.

use std::fmt;

use leadkit_core::{
    ApiClient, ApiRequest, Auth, BaseUrl, BodyExcerpt, ClientOptions, Error, Idempotency, Method,
    PollPolicy, Result, SecretString,
};

use crate::error::parse_error;
use crate::poll::default_poll_policy;
use crate::request::{TransactionRequest, validate_transaction_id};
use crate::transaction::Transaction;

/// The vendor name used in logs and errors.
pub const VENDOR: &str = "bureau";

/// Bureau's test-mode gateway.
pub const SANDBOX_URL: &str = "https://api.sandbox.bureau.id/";

/// Bureau's live-mode gateway.
pub const LIVE_URL: &str = "https://api.bureau.id/";

/// Which Bureau gateway to call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Environment {
    /// Test mode, `https://api.sandbox.bureau.id/` (the default, so that nothing reaches live
    /// mode by accident).
    #[default]
    Sandbox,
    /// Live mode, `https://api.bureau.id/`.
    Live,
}

impl Environment {
    /// The gateway's base URL.
    pub fn base_url(self) -> &'static str {
        match self {
            Self::Sandbox => SANDBOX_URL,
            Self::Live => LIVE_URL,
        }
    }
}

/// Configures a [`BureauClient`]; start with [`BureauClient::builder`].
pub struct BureauClientBuilder {
    credential_id: String,
    credential_secret: SecretString,
    base_url: Option<BaseUrl>,
    environment: Environment,
    options: ClientOptions,
    poll: PollPolicy,
}

impl BureauClientBuilder {
    /// The gateway to call (default [`Environment::Sandbox`]); replaces any
    /// [`base_url`](Self::base_url).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self.base_url = None;
        self
    }

    /// Any other base URL (a proxy, a mock server); checked here.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Result<Self> {
        self.base_url = Some(BaseUrl::parse(url.as_ref())?);
        Ok(self)
    }

    // `initiate` is never retried once it may have reached Bureau, unless the retry policy
    // widens that with `RetryPolicy::retry_non_idempotent`.
    leadkit_core::transport_setters!(options);

    /// How [`BureauClient::run`] polls (default: see [`default_poll_policy`]).
    pub fn poll_policy(mut self, policy: impl Into<PollPolicy>) -> Self {
        self.poll = policy.into();
        self
    }

    /// Builds the client; fails on an unusable credential id or transport.
    pub fn build(self) -> Result<BureauClient> {
        let auth = Auth::basic(self.credential_id, self.credential_secret)?;
        let base = match self.base_url {
            Some(base) => base,
            None => BaseUrl::parse(self.environment.base_url())?,
        };
        let api = self
            .options
            .api_client(VENDOR, auth)?
            .with_product(leadkit_core::product!())
            .with_error_parser(parse_error);
        Ok(BureauClient {
            api,
            base,
            poll: self.poll,
        })
    }
}

impl fmt::Debug for BureauClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BureauClientBuilder")
            .field("credential_id", &self.credential_id)
            .field("credential_secret", &"[REDACTED]")
            .field("base_url", &self.base_url)
            .field("environment", &self.environment)
            .field("poll", &self.poll)
            .finish_non_exhaustive()
    }
}

/// A client for Bureau's Alt Data (Alternate Risk Score) workflow. Cheap to clone; clones
/// share the connection pool and retry budget.
///
/// ```no_run
/// use bureau_altdata::{BureauClient, Environment, SecretString, TransactionRequest};
///
/// # async fn demo() -> bureau_altdata::Result<()> {
/// let client = BureauClient::builder("credential-id", SecretString::from("credential-secret"))
///     .environment(Environment::Live)
///     .build()?;
/// let request = TransactionRequest::new(
///     "2f1c9a54-8d2b-4e61-9b0a-6c1d2e3f4a5b",
///     "asha.verma@example.com",
///     "Asha Verma",
///     "919812345678",
///     "IND",
/// )
/// .derived_signals(true)
/// .enhanced_coverage(true);
/// let transaction = client.run(&request).await?; // initiate, wait, poll until done
/// println!("alternate risk score: {:?}", transaction.alternate_risk_score());
/// println!("telecom risk: {:?}", transaction.telecom_risk());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct BureauClient {
    api: ApiClient,
    base: BaseUrl,
    poll: PollPolicy,
}

impl BureauClient {
    /// Starts configuring a client with the credential id and secret Bureau issued (sent as
    /// HTTP Basic).
    pub fn builder(
        credential_id: impl Into<String>,
        credential_secret: SecretString,
    ) -> BureauClientBuilder {
        BureauClientBuilder {
            credential_id: credential_id.into(),
            credential_secret,
            base_url: None,
            environment: Environment::default(),
            options: ClientOptions::default(),
            poll: default_poll_policy(),
        }
    }

    leadkit_core::call_options_setter!(api);

    /// The base URL in use.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    /// The per-call deadline set with [`BureauClient::with_options`], if any.
    pub(crate) fn call_deadline(&self) -> Option<std::time::Duration> {
        self.api.call_options().deadline_after()
    }

    /// The policy [`BureauClient::run`] polls with.
    pub fn poll_policy(&self) -> &PollPolicy {
        &self.poll
    }

    /// **Initiate**: `POST /transactions` with the workflow id and the applicant's details.
    /// Bureau answers at once with the transaction id and `AWAITING`.
    ///
    /// Not idempotent: a second send would create a second transaction, so it is retried
    /// only where it provably never reached Bureau (connect failure) or was refused with 429.
    /// An answer that [reports a failure](Transaction::reports_failure) although it came with
    /// HTTP 200 is an [`Error::Status`] (see [`BureauClient::fetch`]).
    pub async fn initiate(&self, request: &TransactionRequest) -> Result<Transaction> {
        request.validate()?;
        let call = ApiRequest::new(
            "initiate",
            Method::POST,
            self.base.join(&["transactions"]),
            Idempotency::NonIdempotent,
        )
        .json(&request.body(None))?;
        let call = request.declare_sensitive(call);
        let transaction = self.send_transaction(&call).await?;
        log_transaction("initiated", &transaction);
        Ok(transaction)
    }

    /// **Fetch Result** as documented: `POST /transactions` with the same details plus
    /// `transactionId`. A read, so it is retried on timeouts and 502/503/504.
    ///
    /// An answer that [reports a failure](Transaction::reports_failure) although it came with
    /// HTTP 200 (`statusCode` of 400 or more, a non-blank `error`, `FAILED`) is not returned
    /// as a transaction: it is an [`Error::Status`] with status 200 whose
    /// [vendor message](Error::vendor_message) has the failing `status` or `statusCode` as
    /// its code, Bureau's `error` text (emails, phone numbers and the applicant's name
    /// masked) as its message and the transaction id as its reference id; the body is kept
    /// in its excerpt.
    pub async fn fetch(
        &self,
        request: &TransactionRequest,
        transaction_id: &str,
    ) -> Result<Transaction> {
        request.validate()?;
        validate_transaction_id(transaction_id)?;
        self.fetch_checked(request, transaction_id).await
    }

    /// `fetch` after validation (the poller validates once, not on every poll).
    pub(crate) async fn fetch_checked(
        &self,
        request: &TransactionRequest,
        transaction_id: &str,
    ) -> Result<Transaction> {
        let call = ApiRequest::new(
            "fetch",
            Method::POST,
            self.base.join(&["transactions"]),
            Idempotency::Idempotent,
        )
        .json(&request.body(Some(transaction_id)))?;
        let call = request.declare_sensitive(call);
        let transaction = self.send_transaction(&call).await?;
        log_transaction("fetched", &transaction);
        Ok(transaction)
    }

    /// Reads a transaction by id alone: `GET /transactions/{transactionId}` (from Bureau's
    /// public pages rather than this API's document). Retried like `fetch`, and an answer
    /// that reports a failure is an error as there.
    ///
    /// The id is checked first: 1 to 128 ASCII letters, digits, `-`, `_` or `.`, and not a
    /// dot segment, so that it cannot change the request's path (`..` would read
    /// `GET /transactions/..` as `GET /`); anything else is an
    /// [`Error::InvalidInput`] naming `transactionId`, and nothing is sent.
    pub async fn transaction(&self, transaction_id: &str) -> Result<Transaction> {
        validate_transaction_id(transaction_id)?;
        self.transaction_checked(transaction_id).await
    }

    /// `transaction` after validation.
    pub(crate) async fn transaction_checked(&self, transaction_id: &str) -> Result<Transaction> {
        let call = ApiRequest::new(
            "transaction",
            Method::GET,
            self.base.join(&["transactions", transaction_id]),
            Idempotency::Idempotent,
        );
        let transaction = self.send_transaction(&call).await?;
        log_transaction("read", &transaction);
        Ok(transaction)
    }

    /// Sends `call` and decodes the transaction it answers with; an answer that reports a
    /// failure becomes an [`Error::Status`] carrying the transaction id.
    async fn send_transaction(&self, call: &ApiRequest) -> Result<Transaction> {
        let response = self.api.send(call).await?;
        let transaction: Transaction = response.json()?;
        match transaction.failure_message() {
            None => Ok(transaction),
            Some(message) => {
                log_transaction("reported a failure", &transaction);
                // Built here, past the core's masking: the request's values are masked too.
                Err(response.sent_values().mask_error(Error::Status {
                    vendor: VENDOR,
                    operation: call.operation(),
                    status: response.status(),
                    message: Some(message),
                    body: BodyExcerpt::new(response.body()),
                    retry_after: None,
                }))
            }
        }
    }
}

fn log_transaction(event: &'static str, transaction: &Transaction) {
    tracing::debug!(
        vendor = VENDOR,
        transaction_id = %transaction.transaction_id,
        status = transaction.status.as_ref().map(|s| s.as_str()),
        outcome = transaction.outcome.as_ref().map(|s| s.as_str()),
        "transaction {event}"
    );
}
