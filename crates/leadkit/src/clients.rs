//! Builds each vendor client from the flags and the settings (environment or config file).

use std::sync::OnceLock;
use std::time::Duration;

use leadkit_core::CallOptions;
use leadkit_core::reqwest;

use bureau_altdata::{BureauClient, Environment as BureauEnvironment, PollPolicy};
use friendlyscore_client::{Environment as FsEnvironment, FriendlyScoreClient};
use jeff_client::{HttpClient, JeffClient};
use jornaya_preaudit::PreAuditClient;

use crate::cli::PollArgs;
use crate::config::Settings;
use crate::output::Failure;

// Each key below is listed in `config::KNOWN_KEYS` too (an unlisted key gets a warning).

/// Jeff's user name.
pub const JEFF_USERNAME: &str = "LEADKIT_JEFF_USERNAME";
/// Jeff's password.
pub const JEFF_PASSWORD: &str = "LEADKIT_JEFF_PASSWORD";
/// Jeff's API base URL.
pub const JEFF_BASE_URL: &str = "LEADKIT_JEFF_BASE_URL";
/// Jeff's data host base URL.
pub const JEFF_DATA_BASE_URL: &str = "LEADKIT_JEFF_DATA_BASE_URL";
/// Jornaya's account code.
pub const JORNAYA_ACCOUNT_CODE: &str = "LEADKIT_JORNAYA_ACCOUNT_CODE";
/// Jornaya's API Authentication token (optional).
pub const JORNAYA_BEARER_TOKEN: &str = "LEADKIT_JORNAYA_BEARER_TOKEN";
/// Jornaya's base URL.
pub const JORNAYA_BASE_URL: &str = "LEADKIT_JORNAYA_BASE_URL";
/// FriendlyScore's client id.
pub const FS_CLIENT_ID: &str = "LEADKIT_FRIENDLYSCORE_CLIENT_ID";
/// FriendlyScore's client secret.
pub const FS_CLIENT_SECRET: &str = "LEADKIT_FRIENDLYSCORE_CLIENT_SECRET";
/// FriendlyScore's base URL.
pub const FS_BASE_URL: &str = "LEADKIT_FRIENDLYSCORE_BASE_URL";
/// Bureau's credential id.
pub const BUREAU_CREDENTIAL_ID: &str = "LEADKIT_BUREAU_CREDENTIAL_ID";
/// Bureau's credential secret.
pub const BUREAU_CREDENTIAL_SECRET: &str = "LEADKIT_BUREAU_CREDENTIAL_SECRET";
/// Bureau's base URL.
pub const BUREAU_BASE_URL: &str = "LEADKIT_BUREAU_BASE_URL";
/// Bureau's workflow id.
pub const BUREAU_WORKFLOW_ID: &str = "LEADKIT_BUREAU_WORKFLOW_ID";

/// What every vendor command needs.
pub struct Context {
    /// Environment and config file.
    pub settings: Settings,
    /// One connection pool for every client.
    pub http: HttpClient,
    /// `--timeout`: the deadline of each call, retries and waits included.
    pub timeout: Option<Duration>,
    /// `host:port` of the vendor the command calls, for error messages.
    pub endpoint: OnceLock<String>,
}

impl Context {
    /// The context of a vendor command.
    pub fn new(settings: Settings, timeout: Option<f64>) -> Result<Self, Failure> {
        let timeout = timeout
            .map(|seconds| seconds_arg("--timeout", seconds))
            .transpose()?;
        if timeout == Some(Duration::ZERO) {
            return Err(Failure::flag("--timeout", "must be more than 0 seconds"));
        }
        Ok(Self {
            settings,
            http: HttpClient::builder().build()?,
            timeout,
            endpoint: OnceLock::new(),
        })
    }

    /// The per-call options `--timeout` sets.
    pub fn call_options(&self) -> Option<CallOptions> {
        self.timeout
            .map(|timeout| CallOptions::new().timeout(timeout).deadline(timeout))
    }

    /// `client` with `--timeout` applied through its `with_options`.
    pub(crate) fn with_timeout<C>(&self, client: C, with_options: fn(&C, CallOptions) -> C) -> C {
        match self.call_options() {
            Some(options) => with_options(&client, options),
            None => client,
        }
    }
}

/// A non-negative number of seconds given on the command line.
pub fn seconds_arg(flag: &str, seconds: f64) -> Result<Duration, Failure> {
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| Failure::flag(flag, "must be a non-negative number of seconds"))
}

fn base_url(flag: Option<&str>, settings: &Settings, key: &str) -> Option<String> {
    flag.map(str::to_owned).or_else(|| settings.value(key))
}

impl Context {
    /// Remembers the address the client calls (`host:port`) for error messages.
    fn called(&self, url: &reqwest::Url) {
        if let Some(host) = url.host_str() {
            let port = url.port_or_known_default().unwrap_or(0);
            let _ = self.endpoint.set(format!("{host}:{port}"));
        }
    }
}

/// Jeff's connection as the flags give it, before and after the call's name merged.
#[derive(Debug, Default)]
pub struct JeffConnection<'a> {
    /// `--base-url`.
    pub base_url: Option<&'a str>,
    /// `--data-base-url`.
    pub data_base_url: Option<&'a str>,
    /// `--query-credentials`.
    pub query_credentials: bool,
    /// `--api-version`.
    pub api_version: Option<&'a str>,
    /// Whether the call goes to the data host (social presence).
    pub data_host: bool,
}

/// The Jeff client.
pub fn jeff(context: &Context, connection: &JeffConnection<'_>) -> Result<JeffClient, Failure> {
    let settings = &context.settings;
    let username = settings.required(JEFF_USERNAME)?;
    let password = settings.secret(JEFF_PASSWORD)?;
    let mut builder = JeffClient::builder(username, password).http_client(context.http.clone());
    if connection.query_credentials {
        builder = builder.query_credentials();
    }
    if let Some(url) = base_url(connection.base_url, settings, JEFF_BASE_URL) {
        builder = builder
            .api_base_url(url)
            .map_err(|e| flag_error("--base-url", e))?;
    }
    if let Some(url) = base_url(connection.data_base_url, settings, JEFF_DATA_BASE_URL) {
        builder = builder
            .data_base_url(url)
            .map_err(|e| flag_error("--data-base-url", e))?;
    }
    if let Some(version) = connection.api_version {
        builder = builder
            .api_version(version.to_owned())
            .map_err(|e| flag_error("--api-version", e))?;
    }
    let client = context.with_timeout(builder.build()?, JeffClient::with_options);
    context.called(if connection.data_host {
        client.data_base_url().as_url()
    } else {
        client.api_base_url().as_url()
    });
    Ok(client)
}

/// A builder's refusal of a flag's value, naming the flag.
fn flag_error(flag: &str, error: jeff_client::Error) -> Failure {
    match error {
        jeff_client::Error::InvalidInput { reason, .. } => Failure::flag(flag, reason),
        jeff_client::Error::Config(reason) => Failure::flag(flag, reason),
        other => other.into(),
    }
}

/// The Jornaya client.
pub fn jornaya(context: &Context, base: Option<&str>) -> Result<PreAuditClient, Failure> {
    let settings = &context.settings;
    let mut builder = PreAuditClient::builder(settings.required(JORNAYA_ACCOUNT_CODE)?)
        .http_client(context.http.clone());
    if let Some(token) = settings.optional_secret(JORNAYA_BEARER_TOKEN) {
        builder = builder.bearer_token(token);
    }
    if let Some(url) = base_url(base, settings, JORNAYA_BASE_URL) {
        builder = builder
            .base_url(url)
            .map_err(|e| flag_error("--base-url", e))?;
    }
    let client = context.with_timeout(builder.build()?, PreAuditClient::with_options);
    context.called(client.base_url().as_url());
    Ok(client)
}

/// The FriendlyScore client.
pub fn friendlyscore(
    context: &Context,
    base: Option<&str>,
    sandbox: bool,
) -> Result<FriendlyScoreClient, Failure> {
    let settings = &context.settings;
    let mut builder = FriendlyScoreClient::builder(
        settings.required(FS_CLIENT_ID)?,
        settings.secret(FS_CLIENT_SECRET)?,
    )
    .http_client(context.http.clone());
    if sandbox {
        builder = builder.environment(FsEnvironment::Sandbox);
    }
    if let Some(url) = base_url(base, settings, FS_BASE_URL) {
        builder = builder
            .base_url(url)
            .map_err(|e| flag_error("--base-url", e))?;
    }
    let client = context.with_timeout(builder.build()?, FriendlyScoreClient::with_options);
    context.called(client.base_url().as_url());
    Ok(client)
}

/// The Bureau client.
pub fn bureau(context: &Context, base: Option<&str>, live: bool) -> Result<BureauClient, Failure> {
    let settings = &context.settings;
    let mut builder = BureauClient::builder(
        settings.required(BUREAU_CREDENTIAL_ID)?,
        settings.secret(BUREAU_CREDENTIAL_SECRET)?,
    )
    .http_client(context.http.clone());
    if live {
        builder = builder.environment(BureauEnvironment::Live);
    }
    if let Some(url) = base_url(base, settings, BUREAU_BASE_URL) {
        builder = builder
            .base_url(url)
            .map_err(|e| flag_error("--base-url", e))?;
    }
    let client = context.with_timeout(builder.build()?, BureauClient::with_options);
    context.called(client.base_url().as_url());
    Ok(client)
}

/// `default` with the polling flags applied.
pub fn poll_policy(args: &PollArgs, default: PollPolicy) -> Result<PollPolicy, Failure> {
    let mut policy = default;
    if let Some(seconds) = args.first_poll {
        policy = policy.initial_delay(seconds_arg("--first-poll", seconds)?);
    }
    if let Some(seconds) = args.poll_interval {
        let interval = seconds_arg("--poll-interval", seconds)?;
        policy = policy.interval(interval, interval * 4);
    }
    if let Some(seconds) = args.max_wait {
        policy = policy.deadline(seconds_arg("--max-wait", seconds)?);
    }
    Ok(policy)
}
