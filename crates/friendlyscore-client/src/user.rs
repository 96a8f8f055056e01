//! show-user and the other per-user reads under `api/v2/users/{id-type}/{id}/show…`.

use std::fmt;

use leadkit_core::lenient::Extra;
use leadkit_core::personal::Redacted;
use leadkit_core::redact::{MaskedEmail, MaskedPhone};
use leadkit_core::{Idempotency, Method, Result};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::answer::{Answer, Notices, UserData};
use crate::client::FriendlyScoreClient;
use crate::fields::{Members, amount, flag, json, number, text};
use crate::ids::UserId;

/// A user's main data (`show.json`, and each entry of list-users).
///
/// The vendor documents only the `notices`; the other typed fields are those named by an
/// early public client of the same API, all optional. Each is read with leadkit-core's lenient
/// readers: numbers as `3`, `3.0` or `"3"`; flags as `true`, `1`, `"1"`, `"true"` or `"yes"`;
/// blank text as `None`. A field whose value still has a shape the client does not expect is
/// left in [`User::extra`] under its own key (and reported to `leadkit_core::drift::watch`)
/// rather than failing the answer. An object, PHP's `[]` or `null` is a user; any other value
/// is refused (in a list of users, that one entry is kept raw: see
/// [`UsersPage`](crate::UsersPage)). A whole show-user body without a member (`[]`, `{}`,
/// `null`) is no user at all: [`FriendlyScoreClient::show_user`] answers
/// [`Answer::NoData`].
///
/// Serialising gives back every field received, with the tolerated re-spellings: numbers and
/// flags in their JSON form (`"1500.00"` → `1500.0`, `1` → `true`), `id` and `status` as
/// text, and `null`, blank text and empty `notices` left out.
///
/// `Debug` masks the name, email, phone number and address.
#[derive(Clone, Default, PartialEq, Serialize)]
pub struct User {
    /// `id`: FriendlyScore's id of the user (a number is kept as its text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `name` (personal data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `email` (personal data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `mobile` (personal data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// `address` (personal data).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// `age` in years.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age: Option<i64>,
    /// `gender` as the vendor writes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// `city_name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city_name: Option<String>,
    /// `city_population_50k`: whether the city has more than 50 000 inhabitants.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city_population_50k: Option<bool>,
    /// `contact_bank_in_90_days`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_bank_in_90_days: Option<bool>,
    /// `education_average`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub education_average: Option<f64>,
    /// `education_best_find`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub education_best_find: Option<String>,
    /// `educations`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub educations: Option<Value>,
    /// `facebook_id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facebook_id: Option<String>,
    /// `family`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family: Option<Value>,
    /// `family_members_in_home`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub family_members_in_home: Option<i64>,
    /// `friendlyscore`: the score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendlyscore: Option<i64>,
    /// `has_kids`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_kids: Option<bool>,
    /// `in_relationship`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_relationship: Option<bool>,
    /// `lead`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead: Option<bool>,
    /// `loan_amount`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loan_amount: Option<f64>,
    /// `loan_currency`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loan_currency: Option<String>,
    /// `loan_description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loan_description: Option<String>,
    /// `loan_duration_in_days`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loan_duration_in_days: Option<i64>,
    /// `positive`: the flag set with set-positive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub positive: Option<bool>,
    /// `scoreyourself_mobile`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scoreyourself_mobile: Option<bool>,
    /// `skills`, as sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skills: Option<Value>,
    /// `status`: the status set with set-status, as text (the reference's set-status sends
    /// a "text field"; a number is kept as its text, `2` → `"2"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `status_description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_description: Option<String>,
    /// `working`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working: Option<bool>,
    /// `notices`: what may make the data less reliable.
    #[serde(skip_serializing_if = "Notices::is_empty")]
    pub notices: Notices,
    /// Every other field, and fields of an unexpected shape, as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl<'de> Deserialize<'de> for User {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let mut m = Members::deserialize("User", deserializer)?;
        Ok(Self {
            id: m.take("id", text),
            name: m.take("name", text),
            email: m.take("email", text),
            mobile: m.take("mobile", text),
            address: m.take("address", text),
            age: m.take("age", number),
            gender: m.take("gender", text),
            city_name: m.take("city_name", text),
            city_population_50k: m.take("city_population_50k", flag),
            contact_bank_in_90_days: m.take("contact_bank_in_90_days", flag),
            education_average: m.take("education_average", amount),
            education_best_find: m.take("education_best_find", text),
            educations: m.take("educations", json),
            facebook_id: m.take("facebook_id", text),
            family: m.take("family", json),
            family_members_in_home: m.take("family_members_in_home", number),
            friendlyscore: m.take("friendlyscore", number),
            has_kids: m.take("has_kids", flag),
            in_relationship: m.take("in_relationship", flag),
            lead: m.take("lead", flag),
            loan_amount: m.take("loan_amount", amount),
            loan_currency: m.take("loan_currency", text),
            loan_description: m.take("loan_description", text),
            loan_duration_in_days: m.take("loan_duration_in_days", number),
            positive: m.take("positive", flag),
            scoreyourself_mobile: m.take("scoreyourself_mobile", flag),
            skills: m.take("skills", json),
            status: m.take("status", text),
            status_description: m.take("status_description", text),
            working: m.take("working", flag),
            notices: m.take("notices", Notices::read).unwrap_or_default(),
            extra: m.rest(),
        })
    }
}

/// show-user's body: a user, or none when the body has no member (`[]`, `{}`, `null`).
struct Shown(Option<User>);

impl<'de> Deserialize<'de> for Shown {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let empty = match &value {
            Value::Null => true,
            Value::Array(items) => items.is_empty(),
            Value::Object(members) => members.is_empty(),
            _ => false,
        };
        if empty {
            return Ok(Self(None));
        }
        User::deserialize(value)
            .map(|found| Self(Some(found)))
            .map_err(D::Error::custom)
    }
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("name", &Redacted(&self.name))
            .field("email", &self.email.as_deref().map(MaskedEmail))
            .field("mobile", &self.mobile.as_deref().map(MaskedPhone))
            .field("address", &Redacted(&self.address))
            .field("friendlyscore", &self.friendlyscore)
            .field("positive", &self.positive)
            .field("status", &self.status)
            .field("notices", &self.notices)
            .field("extra", &self.extra)
            .finish_non_exhaustive()
    }
}

impl FriendlyScoreClient {
    /// show-user: the user's main data (`GET api/v2/users/{id-type}/{id}/show.json`).
    ///
    /// 202 while the score is being calculated, 204 when there is no data. Check
    /// [`User::notices`] before trusting the score.
    ///
    /// A body without a member (PHP's `[]`, `{}` or `null`) is [`Answer::NoData`], like a 204:
    /// there is no user to read in it.
    pub async fn show_user(&self, user: &UserId) -> Result<Answer<User>> {
        Ok(
            match self.user_read("show-user", user, &["show.json"]).await? {
                Answer::Ready(Shown(Some(found))) => Answer::Ready(found),
                Answer::Ready(Shown(None)) | Answer::NoData => Answer::NoData,
                Answer::Scheduled { retry_after } => Answer::Scheduled { retry_after },
            },
        )
    }

    /// show-user-social: the user's social-network data
    /// (`GET …/show/social-network-data.json`).
    pub async fn show_user_social(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.user_read(
            "show-user-social",
            user,
            &["show", "social-network-data.json"],
        )
        .await
    }

    /// show-user-ip-addr: data obtained from the user's IP addresses
    /// (`GET …/show/ip-address-data.json`); typed entries with [`UserData::ip_addresses`].
    pub async fn show_user_ip_addr(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.user_read("show-user-ip-addr", user, &["show", "ip-address-data.json"])
            .await
    }

    /// show-user-data-points: the user's data points (`GET …/show/data-points.json`); typed
    /// items with [`UserData::data_points`].
    pub async fn show_user_data_points(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.user_read("show-user-data-points", user, &["show", "data-points.json"])
            .await
    }

    /// show-user-heat-map: the user's heat-map coordinates
    /// (`GET …/show/heat-map-coordinates.json`); typed with [`UserData::heat_map`].
    pub async fn show_user_heat_map(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.user_read(
            "show-user-heat-map",
            user,
            &["show", "heat-map-coordinates.json"],
        )
        .await
    }

    /// A GET under `api/v2/users/{id-type}/{id}/`.
    pub(crate) async fn user_read<T: serde::de::DeserializeOwned>(
        &self,
        operation: &'static str,
        user: &UserId,
        rest: &[&str],
    ) -> Result<Answer<T>> {
        let request =
            self.user_request(operation, Method::GET, user, rest, Idempotency::Idempotent)?;
        self.read(&request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn typed_fields_convert_and_the_rest_is_kept() {
        let user: User = serde_json::from_value(json!({
            "id": 1187, "friendlyscore": "712", "positive": 1, "age": "n/a",
            "favourite_colour": "blue", "notices": {"ip_address_notice": "bad ip"}
        }))
        .unwrap();
        assert_eq!(user.id.as_deref(), Some("1187"));
        assert_eq!(user.friendlyscore, Some(712));
        assert_eq!(user.positive, Some(true));
        assert_eq!(user.age, None);
        assert_eq!(user.extra["age"], json!("n/a"));
        assert_eq!(user.extra["favourite_colour"], json!("blue"));
        assert_eq!(user.notices.ip_address_notice.as_deref(), Some("bad ip"));
        assert!(!user.extra.contains_key("notices"));
    }
}
