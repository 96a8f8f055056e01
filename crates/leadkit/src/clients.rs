//! Builds each vendor client from the flags and the settings (environment or config file).

use std::time::Duration;

use bureau_altdata::{BureauClient, Environment as BureauEnvironment, PollPolicy};
use friendlyscore_client::{Environment as FsEnvironment, FriendlyScoreClient};
use jeff_client::{HttpClient, JeffClient};
use jornaya_preaudit::PreAuditClient;

use crate::cli::{BureauArgs, FriendlyScoreArgs, JeffArgs, JornayaArgs, PollArgs};
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

/// What every command needs.
pub struct Context {
    /// Environment and config file.
    pub settings: Settings,
    /// One connection pool for every client.
    pub http: HttpClient,
}

/// The shared transport, with `--timeout` if given.
pub fn http_client(timeout: Option<f64>) -> Result<HttpClient, Failure> {
    let mut builder = HttpClient::builder();
    if let Some(seconds) = timeout {
        builder = builder.timeout(seconds_arg("--timeout", seconds)?);
    }
    Ok(builder.build()?)
}

/// A non-negative number of seconds given on the command line.
pub fn seconds_arg(flag: &str, seconds: f64) -> Result<Duration, Failure> {
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| Failure::input(format!("{flag} must be a non-negative number of seconds")))
}

fn base_url(flag: Option<&str>, settings: &Settings, key: &str) -> Option<String> {
    flag.map(str::to_owned).or_else(|| settings.value(key))
}

/// The Jeff client.
pub fn jeff(context: &Context, args: &JeffArgs) -> Result<JeffClient, Failure> {
    let settings = &context.settings;
    let username = settings.required(JEFF_USERNAME)?;
    let password = settings.secret(JEFF_PASSWORD)?;
    let mut builder = JeffClient::builder(username, password).http_client(context.http.clone());
    if args.query_credentials {
        builder = builder.query_credentials();
    }
    if let Some(url) = base_url(args.base_url.as_deref(), settings, JEFF_BASE_URL) {
        builder = builder.api_base_url(url)?;
    }
    if let Some(url) = base_url(args.data_base_url.as_deref(), settings, JEFF_DATA_BASE_URL) {
        builder = builder.data_base_url(url)?;
    }
    if let Some(version) = &args.api_version {
        builder = builder.api_version(version.clone())?;
    }
    Ok(builder.build()?)
}

/// The Jornaya client.
pub fn jornaya(context: &Context, args: &JornayaArgs) -> Result<PreAuditClient, Failure> {
    let settings = &context.settings;
    let mut builder = PreAuditClient::builder(settings.required(JORNAYA_ACCOUNT_CODE)?)
        .http_client(context.http.clone());
    if let Some(token) = settings.optional_secret(JORNAYA_BEARER_TOKEN) {
        builder = builder.bearer_token(token);
    }
    if let Some(url) = base_url(args.base_url.as_deref(), settings, JORNAYA_BASE_URL) {
        builder = builder.base_url(url)?;
    }
    Ok(builder.build()?)
}

/// The FriendlyScore client.
pub fn friendlyscore(
    context: &Context,
    args: &FriendlyScoreArgs,
) -> Result<FriendlyScoreClient, Failure> {
    let settings = &context.settings;
    let mut builder = FriendlyScoreClient::builder(
        settings.required(FS_CLIENT_ID)?,
        settings.secret(FS_CLIENT_SECRET)?,
    )
    .http_client(context.http.clone());
    if args.sandbox {
        builder = builder.environment(FsEnvironment::Sandbox);
    }
    if let Some(url) = base_url(args.base_url.as_deref(), settings, FS_BASE_URL) {
        builder = builder.base_url(url)?;
    }
    Ok(builder.build()?)
}

/// The Bureau client.
pub fn bureau(context: &Context, args: &BureauArgs) -> Result<BureauClient, Failure> {
    let settings = &context.settings;
    let mut builder = BureauClient::builder(
        settings.required(BUREAU_CREDENTIAL_ID)?,
        settings.secret(BUREAU_CREDENTIAL_SECRET)?,
    )
    .http_client(context.http.clone());
    if args.live {
        builder = builder.environment(BureauEnvironment::Live);
    }
    if let Some(url) = base_url(args.base_url.as_deref(), settings, BUREAU_BASE_URL) {
        builder = builder.base_url(url)?;
    }
    Ok(builder.build()?)
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
