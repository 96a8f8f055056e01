//! Platform presence facts: whether an email or phone is registered on an external platform.
//! Shared by the Lead Data API (`platformPresenceFacts`) and the Social Presence API.

use std::fmt;

use chrono::NaiveDateTime;
use leadkit_core::lenient::option_naive_datetime;
use leadkit_core::open_enum;
use serde::{Deserialize, Serialize};

open_enum! {
    /// An external platform Jeff checks. The 17 documented platforms; others are kept as
    /// [`Platform::Unknown`].
    pub enum Platform {
        /// Facebook (email, phone).
        Facebook = "facebook",
        /// Google (email, phone).
        Google = "google",
        /// Instagram (email, phone).
        Instagram = "instagram",
        /// Apple (email; `@icloud.com` addresses are not checked and get no fact).
        Apple = "apple",
        /// Lazada (email, phone).
        Lazada = "lazada",
        /// LinkedIn (email).
        Linkedin = "linkedin",
        /// Microsoft (email, phone).
        Microsoft = "microsoft",
        /// Skype (email, phone); details: id, name, photo, city, state, country, business flag.
        Skype = "skype",
        /// Zalo (phone).
        Zalo = "zalo",
        /// GitHub (email).
        Github = "github",
        /// Netflix (email); details: active subscription.
        Netflix = "netflix",
        /// Twitter (email, phone).
        Twitter = "twitter",
        /// Spotify (email).
        Spotify = "spotify",
        /// Booking.com (email).
        Booking = "booking",
        /// Pinterest (email).
        Pinterest = "pinterest",
        /// Samsung (email).
        Samsung = "samsung",
        /// Gravatar (email); details: name, photo, location, profile URL, last activity.
        Gravatar = "gravatar",
    }
}

open_enum! {
    /// Which contact detail a presence fact is about.
    pub enum CredentialType {
        /// The email address.
        Email = "EMAIL",
        /// The phone number.
        Phone = "PHONE",
    }
}

/// Whether one credential is registered on one platform.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlatformPresenceFact {
    /// Id of the presence fact.
    #[serde(default)]
    pub id: Option<u64>,
    /// When the information was obtained.
    #[serde(default, with = "option_naive_datetime")]
    pub created: Option<NaiveDateTime>,
    /// The platform.
    pub platform: Platform,
    /// Whether the credential is present on the platform.
    #[serde(default)]
    pub present: Option<bool>,
    /// Which credential (email or phone) the fact is about.
    #[serde(default)]
    pub credential_type: Option<CredentialType>,
    /// Profile details, for the platforms that provide them (Social Presence API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<PlatformDetails>,
}

/// Profile details of a platform account. Each field is provided by some platforms only.
///
/// `Debug` hides the name, the account id and the profile and photo URLs (personal data).
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlatformDetails {
    /// The user's id on the platform (skype).
    #[serde(default)]
    pub id: Option<String>,
    /// The user's full name (skype, gravatar).
    #[serde(default)]
    pub name: Option<String>,
    /// URL of the user's profile (skype, gravatar).
    #[serde(default)]
    pub profile_url: Option<String>,
    /// URL of the user's photo (skype, gravatar).
    #[serde(default)]
    pub photo: Option<String>,
    /// The user's last activity (gravatar).
    #[serde(default, with = "option_naive_datetime")]
    pub last_activity: Option<NaiveDateTime>,
    /// City of residence from the profile (skype).
    #[serde(default)]
    pub city: Option<String>,
    /// State of residence from the profile (skype).
    #[serde(default)]
    pub state: Option<String>,
    /// Country of residence from the profile (skype).
    #[serde(default)]
    pub country: Option<String>,
    /// Free-form location from the profile (gravatar).
    #[serde(default)]
    pub location: Option<String>,
    /// Whether the account is a business account (skype).
    #[serde(default)]
    pub is_business_account: Option<bool>,
    /// Whether the account has an active subscription (netflix).
    #[serde(default)]
    pub has_active_subscription: Option<bool>,
}

/// Shows `Some([redacted])` for a present personal value.
pub(crate) struct Hidden<'a, T>(pub(crate) &'a Option<T>);

impl<T> fmt::Debug for Hidden<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(_) => f.write_str("Some([redacted])"),
            None => f.write_str("None"),
        }
    }
}

impl fmt::Debug for PlatformDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformDetails")
            .field("id", &Hidden(&self.id))
            .field("name", &Hidden(&self.name))
            .field("profile_url", &Hidden(&self.profile_url))
            .field("photo", &Hidden(&self.photo))
            .field("last_activity", &self.last_activity)
            .field("city", &self.city)
            .field("state", &self.state)
            .field("country", &self.country)
            .field("location", &self.location)
            .field("is_business_account", &self.is_business_account)
            .field("has_active_subscription", &self.has_active_subscription)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seventeen_platforms_round_trip() {
        assert_eq!(Platform::KNOWN.len(), 17);
        for platform in Platform::KNOWN {
            let json = serde_json::to_string(platform).unwrap();
            let back: Platform = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, platform);
        }
        let tiktok: Platform = serde_json::from_str(r#""tiktok""#).unwrap();
        assert_eq!(tiktok, Platform::Unknown("tiktok".into()));
    }

    #[test]
    fn details_debug_hides_personal_data() {
        let details: PlatformDetails = serde_json::from_str(
            r#"{"id":"live:abc","name":"Jeff Daniels","photo":"https://p.example/x","city":"Hanoi"}"#,
        )
        .unwrap();
        let debug = format!("{details:?}");
        assert!(!debug.contains("Jeff Daniels"), "{debug}");
        assert!(!debug.contains("live:abc"), "{debug}");
        assert!(debug.contains("Hanoi"), "{debug}");
    }
}
