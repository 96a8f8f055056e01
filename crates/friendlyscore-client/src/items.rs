//! The items of the user-data answers, typed one by one through [`UserData`](crate::UserData).
//!
//! The reference shows no body for these answers: the typed members are the ones observed on
//! them (see `fixtures/friendlyscore/`), all optional, and everything else is kept in `extra`.
//! Each item is decoded on its own ([`Decoded`](leadkit_core::lenient::Decoded)), so an item the
//! vendor changes is kept raw with the reason while the others decode.

use std::fmt;

use chrono::NaiveDateTime;
use leadkit_core::lenient::{self, Extra};
use leadkit_core::personal::{RawJson, Redacted};
use serde::{Deserialize, Serialize};

/// One entry of show-user-ip-addr: an IP address the user was seen at and what it tells.
///
/// `Debug` hides the address and the city.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IpAddress {
    /// `ip`: the address (personal data).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "lenient::option_text"
    )]
    pub ip: Option<String>,
    /// `country_code`, e.g. `GB`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "lenient::option_text"
    )]
    pub country_code: Option<String>,
    /// `city` (personal data).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "lenient::option_text"
    )]
    pub city: Option<String>,
    /// Every other member, as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl fmt::Debug for IpAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IpAddress")
            .field("ip", &Redacted(&self.ip))
            .field("country_code", &self.country_code)
            .field("city", &Redacted(&self.city))
            .field("extra", &self.extra)
            .finish()
    }
}

/// One item of show-user-data-points' `data_points`: a named measure.
///
/// `Debug` shows the value's shape only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DataPoint {
    /// `name`, e.g. `facebook_friends`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "lenient::option_text"
    )]
    pub name: Option<String>,
    /// `value`, as sent (a number, text or more).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<RawJson>,
    /// Every other member, as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One coordinate of show-user-heat-map.
///
/// `Debug` hides the coordinates (they locate the user).
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HeatMapPoint {
    /// `lat`: latitude in degrees.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "lenient::option_number"
    )]
    pub lat: Option<f64>,
    /// `lng`: longitude in degrees.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "lenient::option_number"
    )]
    pub lng: Option<f64>,
    /// `weight`: how often the user was there.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "lenient::option_number"
    )]
    pub weight: Option<f64>,
    /// Every other member, as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl fmt::Debug for HeatMapPoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeatMapPoint")
            .field("lat", &Redacted(&self.lat))
            .field("lng", &Redacted(&self.lng))
            .field("weight", &self.weight)
            .field("extra", &self.extra)
            .finish()
    }
}

/// One alert of show-fraudalerts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FraudAlert {
    /// `type`: what was detected, e.g. `shared_device`.
    #[serde(
        rename = "type",
        default,
        skip_serializing_if = "Option::is_none",
        with = "lenient::option_text"
    )]
    pub kind: Option<String>,
    /// `created_at`: when, as written (no zone is given), with or without `T`, seconds and a
    /// fraction.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "lenient::option_naive_datetime"
    )]
    pub created_at: Option<NaiveDateTime>,
    /// Every other member, as sent.
    #[serde(flatten)]
    pub extra: Extra,
}
