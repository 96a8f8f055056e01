//! Social Presence API: `GET /1.0/social-data` on the data host.
//!
//! Jeff checks the platforms while the request waits, up to `max-wait-time-seconds` (1–90,
//! Jeff's default 25). The request's own timeout is set above that wait, so a 90-second wait is
//! never cut by the transport's default timeout.

use std::fmt;
use std::time::Duration;

use leadkit_core::lenient::{Decoded, Extra, null_as_default, option_text, typed};
use leadkit_core::{ApiRequest, Error, Idempotency, Method, Result, validate};
use serde::{Deserialize, Serialize};

use crate::client::JeffClient;
use crate::contact::Contact;
use crate::presence::{CredentialType, Platform, PlatformPresenceFact};

/// Jeff's wait when `max-wait-time-seconds` is not sent.
pub const DEFAULT_MAX_WAIT_SECONDS: u32 = 25;

/// The longest wait Jeff accepts.
pub const MAX_WAIT_SECONDS: u32 = 90;

/// Time allowed on top of the requested wait for the network and Jeff's own work.
pub const SOCIAL_TIMEOUT_MARGIN: Duration = Duration::from_secs(10);

/// A social presence look-up: the contact, how long Jeff may wait, and which platforms.
///
/// ```
/// use jeff_client::{Contact, Platform, SocialPresenceQuery};
///
/// let query = SocialPresenceQuery::new(Contact::email("jon.doe@example.com"))
///     .max_wait_time_seconds(20)
///     .platforms([Platform::Facebook, Platform::Apple, Platform::Instagram]);
/// assert_eq!(query.platform_list(), &[Platform::Facebook, Platform::Apple, Platform::Instagram]);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct SocialPresenceQuery {
    contact: Contact,
    max_wait_time_seconds: Option<u32>,
    platforms: Vec<Platform>,
}

impl SocialPresenceQuery {
    /// A look-up of `contact` on every platform with Jeff's default wait.
    pub fn new(contact: Contact) -> Self {
        Self {
            contact,
            max_wait_time_seconds: None,
            platforms: Vec::new(),
        }
    }

    /// `max-wait-time-seconds`: 1 to 90. Longer waits raise the hit rate; Jeff answers as
    /// soon as every platform is checked.
    pub fn max_wait_time_seconds(mut self, seconds: u32) -> Self {
        self.max_wait_time_seconds = Some(seconds);
        self
    }

    /// `platforms`: only these platforms are checked (default: all).
    pub fn platforms(mut self, platforms: impl IntoIterator<Item = Platform>) -> Self {
        self.platforms = platforms.into_iter().collect();
        self
    }

    /// Adds one platform to the list.
    pub fn platform(mut self, platform: impl Into<Platform>) -> Self {
        self.platforms.push(platform.into());
        self
    }

    /// The contact searched for.
    pub fn contact(&self) -> &Contact {
        &self.contact
    }

    /// The requested wait, if set.
    pub fn max_wait(&self) -> Option<u32> {
        self.max_wait_time_seconds
    }

    /// The platforms requested (empty: all).
    pub fn platform_list(&self) -> &[Platform] {
        &self.platforms
    }

    /// Checks the query before anything is sent (the contact, the wait of 1 to 90 seconds);
    /// errors name the field, never the value.
    pub fn validate(&self) -> Result<()> {
        self.contact.validate()?;
        if let Some(seconds) = self.max_wait_time_seconds {
            validate::in_range("max_wait_time_seconds", seconds, 1, MAX_WAIT_SECONDS)?;
        }
        for platform in &self.platforms {
            if let Platform::Unknown(name) = platform
                && (name.is_empty()
                    || !name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
            {
                return Err(Error::invalid_input(
                    "platforms",
                    "platform names are letters, digits, `_` or `-`",
                ));
            }
        }
        Ok(())
    }

    /// The timeout for this look-up: the wait plus [`SOCIAL_TIMEOUT_MARGIN`], never below the
    /// transport's default.
    pub fn timeout(&self, transport_default: Duration) -> Duration {
        let wait = self
            .max_wait_time_seconds
            .unwrap_or(DEFAULT_MAX_WAIT_SECONDS);
        (Duration::from_secs(u64::from(wait)) + SOCIAL_TIMEOUT_MARGIN).max(transport_default)
    }

    fn to_request(&self, client: &JeffClient) -> ApiRequest {
        let url = client.data_url(&[client.social_presence_version(), "social-data"]);
        let request = ApiRequest::new("social presence", Method::GET, url, Idempotency::Idempotent);
        let platforms = (!self.platforms.is_empty()).then(|| {
            self.platforms
                .iter()
                .map(Platform::as_str)
                .collect::<Vec<_>>()
                .join(",")
        });
        self.contact
            .apply(request)
            .query_opt(
                "max-wait-time-seconds",
                self.max_wait_time_seconds.map(|s| s.to_string()),
            )
            .query_opt("platforms", platforms)
            .timeout(self.timeout(client.http_client().settings().timeout))
    }
}

impl fmt::Debug for SocialPresenceQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SocialPresenceQuery")
            .field("contact", &self.contact)
            .field("max_wait_time_seconds", &self.max_wait_time_seconds)
            .field("platforms", &self.platforms)
            .finish()
    }
}

/// The Social Presence API answer.
///
/// Each presence fact is decoded on its own: a fact Jeff changed (say, one without `platform`)
/// is kept as [`Decoded::Raw`] with the reason, reported to `leadkit_core::drift::watch`, and
/// the other facts still decode. [`SocialPresence::facts`], [`SocialPresence::facts_for`] and
/// [`SocialPresence::fact`] read the decoded facts.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SocialPresence {
    /// One fact per platform and credential checked, each decoded on its own.
    #[serde(default, deserialize_with = "null_as_default")]
    pub platform_presence_facts: Vec<Decoded<PlatformPresenceFact>>,
    /// Jeff's message when something went wrong with part of the look-up (`null` or blank
    /// normally).
    #[serde(default, with = "option_text")]
    pub error_message: Option<String>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SocialPresence {
    /// The facts that decoded, in Jeff's order.
    pub fn facts(&self) -> impl Iterator<Item = &PlatformPresenceFact> {
        typed(&self.platform_presence_facts)
    }

    /// The decoded facts about `platform`.
    pub fn facts_for<'a>(
        &'a self,
        platform: &'a Platform,
    ) -> impl Iterator<Item = &'a PlatformPresenceFact> + 'a {
        self.facts().filter(move |fact| &fact.platform == platform)
    }

    /// The decoded fact about `platform` for one credential type.
    pub fn fact(
        &self,
        platform: &Platform,
        credential: &CredentialType,
    ) -> Option<&PlatformPresenceFact> {
        self.facts().find(|fact| {
            &fact.platform == platform && fact.credential_type.as_ref() == Some(credential)
        })
    }
}

/// What a Social Presence API call found. Match both, as with
/// [`LeadDataOutcome`](crate::LeadDataOutcome).
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum SocialPresenceOutcome {
    /// HTTP 200 with a body: the presence facts Jeff gathered.
    SocialPresence(SocialPresence),
    /// HTTP 204 (or a 200 without a body): Jeff has no presence data for the contact.
    NoMatch,
}

impl SocialPresenceOutcome {
    /// The answer, unless Jeff had no data.
    pub fn social_presence(&self) -> Option<&SocialPresence> {
        match self {
            Self::SocialPresence(presence) => Some(presence),
            Self::NoMatch => None,
        }
    }

    /// The answer by value, unless Jeff had no data.
    pub fn into_social_presence(self) -> Option<SocialPresence> {
        match self {
            Self::SocialPresence(presence) => Some(presence),
            Self::NoMatch => None,
        }
    }

    /// Whether Jeff had no data about the contact.
    pub fn is_no_match(&self) -> bool {
        matches!(self, Self::NoMatch)
    }

    /// The facts that decoded (none when Jeff had no data).
    pub fn facts(&self) -> impl Iterator<Item = &PlatformPresenceFact> {
        self.social_presence()
            .into_iter()
            .flat_map(SocialPresence::facts)
    }
}

impl JeffClient {
    /// Looks up where an email and/or phone number is registered
    /// (`GET /{social version}/social-data` on the data host).
    ///
    /// Input is validated first (contact, wait 1–90, platform names). The request's timeout is
    /// the wait plus [`SOCIAL_TIMEOUT_MARGIN`]. A 400 comes back as
    /// [`Error::Status`](crate::Error::Status) with Jeff's `errorMessage`; a 204 is
    /// [`SocialPresenceOutcome::NoMatch`].
    ///
    /// ```no_run
    /// use jeff_client::{Contact, JeffClient, SecretString, SocialPresenceOutcome, SocialPresenceQuery};
    ///
    /// # async fn demo() -> jeff_client::Result<()> {
    /// let client = JeffClient::builder("partner", SecretString::from("partner-password")).build()?;
    /// let query = SocialPresenceQuery::new(Contact::email("jon.doe@example.com"));
    /// match client.social_presence(&query).await? {
    ///     SocialPresenceOutcome::SocialPresence(presence) => {
    ///         println!("{} facts", presence.facts().count())
    ///     }
    ///     SocialPresenceOutcome::NoMatch => println!("no presence data"),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn social_presence(
        &self,
        query: &SocialPresenceQuery,
    ) -> Result<SocialPresenceOutcome> {
        query.validate()?;
        let request = query.to_request(self);
        let response = self.send(&request).await?;
        if crate::fraud::is_no_content(&response) {
            return Ok(SocialPresenceOutcome::NoMatch);
        }
        let mut presence: SocialPresence = response.json()?;
        // Jeff's message may repeat the contact: masked like every other vendor text.
        presence.error_message = presence.error_message.map(|text| {
            response
                .sent_values()
                .mask(&leadkit_core::redact::redact_text(&text))
        });
        Ok(SocialPresenceOutcome::SocialPresence(presence))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use leadkit_core::SecretString;

    fn client() -> JeffClient {
        JeffClient::builder("partner", SecretString::from("pw"))
            .build()
            .unwrap()
    }

    #[test]
    fn wait_is_validated() {
        let contact = Contact::phone("84877797487");
        for seconds in [0, 91, 1000] {
            let error = SocialPresenceQuery::new(contact.clone())
                .max_wait_time_seconds(seconds)
                .validate()
                .unwrap_err();
            assert_eq!(error.field(), Some("max_wait_time_seconds"));
        }
        for seconds in [1, 25, 90] {
            assert!(
                SocialPresenceQuery::new(contact.clone())
                    .max_wait_time_seconds(seconds)
                    .validate()
                    .is_ok()
            );
        }
        let error = SocialPresenceQuery::new(contact)
            .platform(Platform::from_vendor("face,book"))
            .validate()
            .unwrap_err();
        assert_eq!(error.field(), Some("platforms"));
    }

    #[test]
    fn timeout_exceeds_the_wait() {
        let client = client();
        let long =
            SocialPresenceQuery::new(Contact::phone("84877797487")).max_wait_time_seconds(90);
        let request = long.to_request(&client);
        assert_eq!(request.timeout_override(), Some(Duration::from_secs(100)));
        let default = SocialPresenceQuery::new(Contact::phone("84877797487")).to_request(&client);
        assert_eq!(default.timeout_override(), Some(Duration::from_secs(35)));
        let short =
            SocialPresenceQuery::new(Contact::phone("84877797487")).max_wait_time_seconds(1);
        assert_eq!(
            short.timeout(Duration::from_secs(30)),
            Duration::from_secs(30)
        );
    }
}
