//! Platform presence facts: whether an email or phone is registered on an external platform.
//! Shared by the Lead Data API (`platformPresenceFacts`) and the Social Presence API.
//!
//! Each fact is decoded on its own (a list of [`Decoded`]), and so are its `details`, whose
//! fields differ by platform: a fact Jeff changes is kept raw and the other facts still decode.

use std::fmt;

use chrono::NaiveDateTime;
use leadkit_core::lenient::{
    Decoded, Extra, option_boolean, option_naive_datetime, option_number, option_open_enum,
    option_text,
};
use leadkit_core::open_enum;
use leadkit_core::personal::Redacted;
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
///
/// `platform` is the one field a fact cannot do without: a fact without it (or with a value
/// that is not text) is kept raw in its list, as [`Decoded::Raw`]. `details` is decoded on its
/// own for the same reason; [`PlatformPresenceFact::details`] returns it when it decoded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlatformPresenceFact {
    /// Id of the presence fact.
    #[serde(default, with = "option_number")]
    pub id: Option<u64>,
    /// When the information was obtained.
    #[serde(default, with = "option_naive_datetime")]
    pub created: Option<NaiveDateTime>,
    /// The platform.
    pub platform: Platform,
    /// Whether the credential is present on the platform.
    #[serde(default, with = "option_boolean")]
    pub present: Option<bool>,
    /// Which credential (email or phone) the fact is about.
    #[serde(default, with = "option_open_enum")]
    pub credential_type: Option<CredentialType>,
    /// Profile details, for the platforms that provide them (Social Presence API); kept raw
    /// when they do not decode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Decoded<PlatformDetails>>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl PlatformPresenceFact {
    /// The profile details, when Jeff sent them and they decoded.
    pub fn details(&self) -> Option<&PlatformDetails> {
        crate::typed_part(&self.details)
    }
}

/// Profile details of a platform account. Each field is provided by some platforms only.
///
/// `Debug` hides the name, the account id and the profile and photo URLs (personal data).
#[derive(Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PlatformDetails {
    /// The user's id on the platform (skype).
    #[serde(default, with = "option_text")]
    pub id: Option<String>,
    /// The user's full name (skype, gravatar).
    #[serde(default, with = "option_text")]
    pub name: Option<String>,
    /// URL of the user's profile (skype, gravatar).
    #[serde(default, with = "option_text")]
    pub profile_url: Option<String>,
    /// URL of the user's photo (skype, gravatar).
    #[serde(default, with = "option_text")]
    pub photo: Option<String>,
    /// The user's last activity (gravatar).
    #[serde(default, with = "option_naive_datetime")]
    pub last_activity: Option<NaiveDateTime>,
    /// City of residence from the profile (skype).
    #[serde(default, with = "option_text")]
    pub city: Option<String>,
    /// State of residence from the profile (skype).
    #[serde(default, with = "option_text")]
    pub state: Option<String>,
    /// Country of residence from the profile (skype).
    #[serde(default, with = "option_text")]
    pub country: Option<String>,
    /// Free-form location from the profile (gravatar).
    #[serde(default, with = "option_text")]
    pub location: Option<String>,
    /// Whether the account is a business account (skype).
    #[serde(default, with = "option_boolean")]
    pub is_business_account: Option<bool>,
    /// Whether the account has an active subscription (netflix).
    #[serde(default, with = "option_boolean")]
    pub has_active_subscription: Option<bool>,
    /// Fields this version of the client does not know, kept as sent (`Debug` shows their
    /// names only).
    #[serde(flatten)]
    pub extra: Extra,
}

impl fmt::Debug for PlatformDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformDetails")
            .field("id", &Redacted(&self.id))
            .field("name", &Redacted(&self.name))
            .field("profile_url", &Redacted(&self.profile_url))
            .field("photo", &Redacted(&self.photo))
            .field("last_activity", &self.last_activity)
            .field("city", &self.city)
            .field("state", &self.state)
            .field("country", &self.country)
            .field("location", &self.location)
            .field("is_business_account", &self.is_business_account)
            .field("has_active_subscription", &self.has_active_subscription)
            .field("extra", &self.extra)
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
