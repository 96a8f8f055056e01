//! show-user and the other per-user reads under `api/v2/users/{id-type}/{id}/show…`.

use std::fmt;

use leadkit_core::redact::{MaskedEmail, MaskedPhone};
use leadkit_core::{Idempotency, Method, Result};
use serde_json::{Map, Value};

use crate::answer::{Answer, Notices, UserData};
use crate::client::FriendlyScoreClient;
use crate::fields::{Fields, any, flag, float, from_object, int, take, text};
use crate::ids::UserId;

/// A user's main data (`show.json`, and each entry of list-users).
///
/// The vendor documents only the `notices`; the other typed fields are those named by an
/// early public client of the same API, all optional. A field whose value has a shape the
/// client does not expect is left in [`User::extra`] rather than failing the answer.
///
/// `Debug` masks the name, email, phone number and address.
#[derive(Clone, Default, PartialEq)]
pub struct User {
    /// `id`: FriendlyScore's id of the user.
    pub id: Option<String>,
    /// `name`.
    pub name: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// `mobile`.
    pub mobile: Option<String>,
    /// `address`.
    pub address: Option<String>,
    /// `age` in years.
    pub age: Option<i64>,
    /// `gender` as the vendor writes it.
    pub gender: Option<String>,
    /// `city_name`.
    pub city_name: Option<String>,
    /// `city_population_50k`: whether the city has more than 50 000 inhabitants.
    pub city_population_50k: Option<bool>,
    /// `contact_bank_in_90_days`.
    pub contact_bank_in_90_days: Option<bool>,
    /// `education_average`.
    pub education_average: Option<f64>,
    /// `education_best_find`.
    pub education_best_find: Option<String>,
    /// `educations`, as sent.
    pub educations: Option<Value>,
    /// `facebook_id`.
    pub facebook_id: Option<String>,
    /// `family`, as sent.
    pub family: Option<Value>,
    /// `family_members_in_home`.
    pub family_members_in_home: Option<i64>,
    /// `friendlyscore`: the score.
    pub friendlyscore: Option<i64>,
    /// `has_kids`.
    pub has_kids: Option<bool>,
    /// `in_relationship`.
    pub in_relationship: Option<bool>,
    /// `lead`.
    pub lead: Option<bool>,
    /// `loan_amount`.
    pub loan_amount: Option<f64>,
    /// `loan_currency`.
    pub loan_currency: Option<String>,
    /// `loan_description`.
    pub loan_description: Option<String>,
    /// `loan_duration_in_days`.
    pub loan_duration_in_days: Option<i64>,
    /// `positive`: the flag set with set-positive.
    pub positive: Option<bool>,
    /// `scoreyourself_mobile`.
    pub scoreyourself_mobile: Option<bool>,
    /// `skills`, as sent.
    pub skills: Option<Value>,
    /// `status`: the status set with set-status.
    pub status: Option<i64>,
    /// `status_description`.
    pub status_description: Option<String>,
    /// `working`.
    pub working: Option<bool>,
    /// `notices`: what may make the data less reliable.
    pub notices: Notices,
    /// Every other field, as sent.
    pub extra: Fields,
}

impl User {
    pub(crate) fn from_map(mut map: Map<String, Value>) -> Self {
        let m = &mut map;
        let mut user = Self {
            id: take(m, "id", text),
            name: take(m, "name", text),
            email: take(m, "email", text),
            mobile: take(m, "mobile", text),
            address: take(m, "address", text),
            age: take(m, "age", int),
            gender: take(m, "gender", text),
            city_name: take(m, "city_name", text),
            city_population_50k: take(m, "city_population_50k", flag),
            contact_bank_in_90_days: take(m, "contact_bank_in_90_days", flag),
            education_average: take(m, "education_average", float),
            education_best_find: take(m, "education_best_find", text),
            educations: take(m, "educations", any),
            facebook_id: take(m, "facebook_id", text),
            family: take(m, "family", any),
            family_members_in_home: take(m, "family_members_in_home", int),
            friendlyscore: take(m, "friendlyscore", int),
            has_kids: take(m, "has_kids", flag),
            in_relationship: take(m, "in_relationship", flag),
            lead: take(m, "lead", flag),
            loan_amount: take(m, "loan_amount", float),
            loan_currency: take(m, "loan_currency", text),
            loan_description: take(m, "loan_description", text),
            loan_duration_in_days: take(m, "loan_duration_in_days", int),
            positive: take(m, "positive", flag),
            scoreyourself_mobile: take(m, "scoreyourself_mobile", flag),
            skills: take(m, "skills", any),
            status: take(m, "status", int),
            status_description: take(m, "status_description", text),
            working: take(m, "working", flag),
            notices: Notices::default(),
            extra: Fields::default(),
        };
        user.notices = Notices::take_from(&mut map);
        user.extra = map.into();
        user
    }
}

from_object!(User);

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hidden = |value: &Option<String>| value.as_ref().map(|_| "[REDACTED]");
        f.debug_struct("User")
            .field("id", &self.id)
            .field("name", &hidden(&self.name))
            .field("email", &self.email.as_deref().map(MaskedEmail))
            .field("mobile", &self.mobile.as_deref().map(MaskedPhone))
            .field("address", &hidden(&self.address))
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
    pub async fn show_user(&self, user: &UserId) -> Result<Answer<User>> {
        self.user_read("show-user", user, &["show.json"]).await
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
    /// (`GET …/show/ip-address-data.json`).
    pub async fn show_user_ip_addr(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.user_read("show-user-ip-addr", user, &["show", "ip-address-data.json"])
            .await
    }

    /// show-user-data-points: the user's data points (`GET …/show/data-points.json`).
    pub async fn show_user_data_points(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.user_read("show-user-data-points", user, &["show", "data-points.json"])
            .await
    }

    /// show-user-heat-map: the user's heat-map coordinates
    /// (`GET …/show/heat-map-coordinates.json`).
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
