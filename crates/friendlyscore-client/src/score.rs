//! calculate-score (`POST api/v2/users/{id-type}/{id}/calculate_score.json`) and the wait
//! for a scheduled score.

use std::fmt;
use std::time::Duration;

use leadkit_core::personal::Redacted;
use leadkit_core::{
    Error, ExposeSecret, Idempotency, Method, PollPolicy, PollStatus, Result, SecretString, Url,
    validate,
};
use serde::Serialize;
use serde::ser::{Error as _, SerializeMap, Serializer};

use crate::answer::{Acknowledgement, Answer, Settled};
use crate::client::{FriendlyScoreClient, VENDOR};
use crate::ids::UserId;
use crate::user::User;

/// The Google OAuth scopes the reference requires of the `google` access token (in the
/// reference's order; it lists `userinfo.email` twice, here once). A token missing some still
/// scores, with a `google_scopes_notice` ([`Notices::missing_google_scopes`](crate::Notices::missing_google_scopes)) and possibly an
/// underestimated score.
///
/// ```
/// use friendlyscore_client::GOOGLE_SCOPES;
/// // Ask Google for every scope FriendlyScore uses.
/// let scope_parameter = GOOGLE_SCOPES.join(" ");
/// assert!(scope_parameter.contains("https://www.googleapis.com/auth/gmail.readonly"));
/// ```
pub const GOOGLE_SCOPES: &[&str] = &[
    "https://www.googleapis.com/auth/plus.login",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/userinfo.profile",
    "https://www.googleapis.com/auth/calendar.readonly",
    "https://www.googleapis.com/auth/drive.file",
    "https://www.googleapis.com/auth/gmail.readonly",
    "https://www.googleapis.com/auth/analytics.readonly",
    "https://www.googleapis.com/auth/plus.me",
];

/// The Facebook permissions the reference requires of the `facebook` access token.
pub const FACEBOOK_SCOPES: &[&str] = &["email", "public_profile", "user_friends"];

/// The social-network keys or tokens the applicant granted (`access_tokens`). At least one is
/// required. Every value is held as a secret and only exposed when the body is written.
///
/// ```
/// use friendlyscore_client::AccessTokens;
/// let tokens = AccessTokens::new().facebook("EAAB-token").google("ya29.token");
/// assert!(!tokens.is_empty());
/// ```
#[derive(Clone, Default)]
pub struct AccessTokens {
    facebook: Option<SecretString>,
    linkedin: Option<SecretString>,
    twitter_user_id: Option<SecretString>,
    twitter_screen_name: Option<SecretString>,
    google: Option<SecretString>,
    paypal: Option<SecretString>,
    instagram: Option<SecretString>,
}

impl AccessTokens {
    /// No tokens yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Declares every token as a secret of `call`: masked wherever the vendor echoes it,
    /// whatever its length.
    pub(crate) fn declare_secrets(
        &self,
        call: leadkit_core::ApiRequest,
    ) -> leadkit_core::ApiRequest {
        [
            &self.facebook,
            &self.linkedin,
            &self.twitter_user_id,
            &self.twitter_screen_name,
            &self.google,
            &self.paypal,
            &self.instagram,
        ]
        .into_iter()
        .flatten()
        .fold(call, |call, token| call.secret(token.expose_secret()))
    }

    leadkit_core::option_setters! {
        /// `facebook`: a Facebook access token with the permissions in
        /// [`FACEBOOK_SCOPES`] (`email`, `public_profile`, `user_friends`).
        facebook: SecretString,
        /// `linkedin`: a LinkedIn access token.
        linkedin: SecretString,
        /// `twitter_user_id`: the applicant's Twitter user id.
        twitter_user_id: SecretString,
        /// `twitter_screen_name`: the applicant's Twitter screen name.
        twitter_screen_name: SecretString,
        /// `google`: a Google access token with the scopes in [`GOOGLE_SCOPES`].
        google: SecretString,
        /// `paypal`: a PayPal access token.
        paypal: SecretString,
        /// `instagram`: an Instagram access token.
        instagram: SecretString,
    }

    fn entries(&self) -> impl Iterator<Item = (&'static str, &SecretString)> {
        [
            ("facebook", &self.facebook),
            ("linkedin", &self.linkedin),
            ("twitter_user_id", &self.twitter_user_id),
            ("twitter_screen_name", &self.twitter_screen_name),
            ("google", &self.google),
            ("paypal", &self.paypal),
            ("instagram", &self.instagram),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.as_ref().map(|value| (key, value)))
    }

    /// Whether no token is set.
    pub fn is_empty(&self) -> bool {
        self.entries().next().is_none()
    }

    fn validate(&self) -> Result<()> {
        if self.is_empty() {
            return Err(Error::invalid_input(
                "access_tokens",
                "needs at least one of facebook, linkedin, twitter_user_id, \
                 twitter_screen_name, google, paypal, instagram",
            ));
        }
        for (key, value) in self.entries() {
            let value = value.expose_secret();
            if value.trim().is_empty() || value.chars().any(char::is_control) {
                return Err(Error::invalid_input(
                    format!("access_tokens.{key}"),
                    "must be non-empty, without control characters",
                ));
            }
        }
        Ok(())
    }
}

impl fmt::Debug for AccessTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (key, _) in self.entries() {
            map.entry(&key, &"[REDACTED]");
        }
        map.finish()
    }
}

/// Written only into the request body.
impl Serialize for AccessTokens {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in self.entries() {
            map.serialize_entry(key, value.expose_secret())?;
        }
        map.end()
    }
}

/// The applicant's browser (`user_agent`), in the structure of the vendor's PHP SDK.
///
/// ```
/// use friendlyscore_client::UserAgent;
/// let agent = UserAgent::new().os("Windows").os_version("10").browser("Chrome")
///     .browser_version("120.0.6099.110").browser_major_version("120")
///     .mobile(false).cookies(true).flash(false).screen_size("1920 x 1080");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserAgent {
    #[serde(skip_serializing_if = "Option::is_none")]
    os: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    os_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    browser: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    browser_major_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    browser_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mobile: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    flash: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cookies: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    screen_size: Option<String>,
}

impl UserAgent {
    /// Nothing set yet.
    pub fn new() -> Self {
        Self::default()
    }

    leadkit_core::option_setters! {
        /// `os`: the operating system (`Windows`, `Android`, …).
        os: String,
        /// `osVersion`.
        os_version: String,
        /// `browser`: the browser's name.
        browser: String,
        /// `browserMajorVersion`.
        browser_major_version: String,
        /// `browserVersion`: the full version.
        browser_version: String,
        /// `screenSize`, e.g. `1920 x 1080`.
        screen_size: String,
        /// `mobile`: whether the device is a mobile one.
        mobile: bool,
        /// `flash`: whether Flash is available.
        flash: bool,
        /// `cookies`: whether cookies are enabled.
        cookies: bool,
    }
}

/// How `user_agent` is written into calculate-score's body.
///
/// The reference calls it an "object"; the vendor's PHP SDK JSON-encodes the object into a
/// string (it posts forms). Both carry the same keys.
///
/// ```
/// use friendlyscore_client::{AccessTokens, CalculateScore, UserAgent, UserAgentFormat};
/// let request = CalculateScore::new(AccessTokens::new().google("ya29.token"), "203.0.113.7")
///     .user_agent(UserAgent::new().os("Android"))
///     .user_agent_format(UserAgentFormat::JsonString); // "user_agent": "{\"os\":\"Android\"}"
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UserAgentFormat {
    /// A JSON object, `"user_agent": {"os": "Android", …}` (the default).
    #[default]
    Object,
    /// A string holding the object's JSON, `"user_agent": "{\"os\":\"Android\",…}"`, as
    /// the vendor's PHP SDK sends it.
    JsonString,
}

/// The parameters of calculate-score: the applicant's social-network tokens and IP address
/// (both required), an optional webhook and user agent.
///
/// ```
/// use friendlyscore_client::{AccessTokens, CalculateScore, UserAgent};
/// let request = CalculateScore::new(AccessTokens::new().facebook("EAAB-token"), "203.0.113.7")
///     .webhook("https://lender.example/hooks/friendlyscore")
///     .user_agent(UserAgent::new().browser("Firefox"));
/// ```
#[derive(Clone)]
pub struct CalculateScore {
    access_tokens: AccessTokens,
    ip: String,
    webhook: Option<String>,
    user_agent: Option<UserAgent>,
    user_agent_format: UserAgentFormat,
}

impl CalculateScore {
    /// The required parameters: `access_tokens` and the applicant's `ip` (IPv4 or IPv6).
    pub fn new(access_tokens: AccessTokens, ip: impl Into<String>) -> Self {
        Self {
            access_tokens,
            ip: ip.into(),
            webhook: None,
            user_agent: None,
            user_agent_format: UserAgentFormat::Object,
        }
    }

    /// How `user_agent` is sent: a JSON object (the default) or a string holding its JSON
    /// (as the vendor's PHP SDK does).
    pub fn user_agent_format(mut self, format: UserAgentFormat) -> Self {
        self.user_agent_format = format;
        self
    }

    leadkit_core::option_setters! {
        /// `webhook`: an `http(s)` address the vendor calls when the scoring ends. The call
        /// carries no documented payload: treat it as "fetch the user now".
        webhook: String,
        /// `user_agent`: the applicant's browser.
        user_agent: UserAgent,
    }

    fn validate(&self) -> Result<()> {
        self.access_tokens.validate()?;
        validate::ip_address("ip", self.ip.trim())?;
        if let Some(webhook) = &self.webhook {
            let url = Url::parse(webhook)
                .map_err(|_| Error::invalid_input("webhook", "is not a valid URL"))?;
            if !matches!(url.scheme(), "http" | "https") {
                return Err(Error::invalid_input("webhook", "must be http or https"));
            }
        }
        Ok(())
    }
}

impl fmt::Debug for CalculateScore {
    /// Tokens, the IP address and the webhook (which may carry its own secret) are hidden.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CalculateScore")
            .field("access_tokens", &self.access_tokens)
            .field("ip", &"[REDACTED]")
            .field("webhook", &Redacted(&self.webhook))
            .field("user_agent", &self.user_agent)
            .field("user_agent_format", &self.user_agent_format)
            .finish()
    }
}

impl Serialize for CalculateScore {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("access_tokens", &self.access_tokens)?;
        map.serialize_entry("ip", self.ip.trim())?;
        if let Some(webhook) = &self.webhook {
            map.serialize_entry("webhook", webhook)?;
        }
        if let Some(agent) = &self.user_agent {
            match self.user_agent_format {
                UserAgentFormat::Object => map.serialize_entry("user_agent", agent)?,
                UserAgentFormat::JsonString => {
                    let text = serde_json::to_string(agent).map_err(S::Error::custom)?;
                    map.serialize_entry("user_agent", &text)?;
                }
            }
        }
        map.end()
    }
}

impl FriendlyScoreClient {
    /// calculate-score: schedules the user for score calculation
    /// (`POST api/v2/users/{id-type}/{id}/calculate_score.json`).
    ///
    /// Answers `{"result": "success", "message": "Queued for calculation.", "user_id": …}`.
    /// The score is ready within about a minute: wait with
    /// [`FriendlyScoreClient::wait_for_score`], or pass a webhook. Never retried once it may
    /// have reached the vendor.
    pub async fn calculate_score(
        &self,
        user: &UserId,
        request: &CalculateScore,
    ) -> Result<Acknowledgement> {
        request.validate()?;
        let call = self.user_request(
            "calculate-score",
            Method::POST,
            user,
            &["calculate_score.json"],
            Idempotency::NonIdempotent,
        )?;
        let call = request.access_tokens.declare_secrets(call);
        self.write(call, request).await
    }

    /// The default wait for a scheduled score: first look after 5 s, then every 2 s growing
    /// to 10 s, at most 40 looks, giving up after 2 minutes (the vendor says scoring takes
    /// under a minute). No per-poll timeout: each look (with the client's own retries) may use
    /// the time left, and the 2-minute deadline is hard.
    pub fn score_poll_policy() -> PollPolicy {
        PollPolicy::new(Duration::from_secs(5), Duration::from_secs(120))
            .interval(Duration::from_secs(2), Duration::from_secs(10))
            .max_polls(40)
    }

    /// Polls show-user until it no longer answers 202, with the policy's backoff and deadline
    /// (leadkit-core's [`PollPolicy::run`]), and returns [`Settled::Ready`] or
    /// [`Settled::NoData`].
    ///
    /// - The deadline is hard: a look still in flight when it passes is abandoned, and the wait
    ///   ends with [`Error::PollTimeout`] naming the user id to resume with. It ends so too
    ///   when the looks run out, or at once when the vendor's `Retry-After` (on a 202, a 429
    ///   or a 503) would pass the deadline.
    /// - A `Retry-After` is honoured when longer than the current interval.
    /// - A look that fails with a retryable error (a timeout, a broken connection, 429,
    ///   502/503/504, after the client's own retries) counts as "not ready yet"; if looks
    ///   are still failing at the deadline, the [`Error::PollTimeout`] carries the last
    ///   failure as `last_error`.
    /// - Any other error (a refused token, 403, 404, an answer that does not decode, …) ends
    ///   the wait as [`Error::Polling`] carrying the user id; [`Error::status`],
    ///   [`Error::vendor_message`] and [`Rejection::from_error`](crate::Rejection::from_error)
    ///   look through it.
    ///
    /// A deadline set with [`FriendlyScoreClient::with_options`] bounds the whole wait as well
    /// as each look. Dropping the future stops the wait (the vendor's scoring goes on).
    pub async fn wait_for_score(
        &self,
        user: &UserId,
        policy: &PollPolicy,
    ) -> Result<Settled<User>> {
        user.validate()?;
        // A per-call deadline (`with_options`) bounds the whole wait.
        policy
            .limited_to(self.api.call_options().deadline_after())
            .run(VENDOR, "show-user", user.value(), || async {
                Ok(match self.show_user(user).await? {
                    Answer::Ready(found) => PollStatus::Done(Settled::Ready(found)),
                    Answer::NoData => PollStatus::Done(Settled::NoData),
                    Answer::Scheduled { retry_after } => PollStatus::Pending { retry_after },
                })
            })
            .await
    }
}
