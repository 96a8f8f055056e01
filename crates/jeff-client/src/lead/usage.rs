//! Usage statistics in four time buckets: email, web and Jeff usage, Zalo messaging, traffic
//! sources and request statistics.

use leadkit_core::lenient::{Extra, null_as_default, option_boolean, option_number};
use leadkit_core::open_enum;
use serde::{Deserialize, Serialize};

/// A statistic in Jeff's four time buckets. A missing or `null` bucket reads as the empty
/// statistic (`T::default()`). In a [`Lead`](super::Lead) each statistic is decoded on its own
/// (`Option<Decoded<TimeBuckets<T>>>`): a bucket that does not decode costs that statistic only.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de> + Default"))]
#[non_exhaustive]
pub struct TimeBuckets<T> {
    /// The last day.
    #[serde(rename = "last1Day", default, deserialize_with = "null_as_default")]
    pub last_1_day: T,
    /// The last 7 days.
    #[serde(rename = "last7Days", default, deserialize_with = "null_as_default")]
    pub last_7_days: T,
    /// The last 30 days.
    #[serde(rename = "last30Days", default, deserialize_with = "null_as_default")]
    pub last_30_days: T,
    /// All time.
    #[serde(rename = "allTime", default, deserialize_with = "null_as_default")]
    pub all_time: T,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `emailUsageData`: the lead's interaction with Jeff's emails.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmailUsage {
    /// Emails received from Jeff.
    #[serde(default, with = "option_number")]
    pub received: Option<u64>,
    /// Jeff emails opened.
    #[serde(default, with = "option_number")]
    pub read: Option<u64>,
    /// Jeff emails where a link was clicked.
    #[serde(default, with = "option_number")]
    pub clicked: Option<u64>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `webUsageData`: the lead's use of Jeff's website.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WebUsage {
    /// Sessions.
    #[serde(default, with = "option_number")]
    pub session_count: Option<u64>,
    /// Average session duration, in seconds.
    #[serde(default, with = "option_number")]
    pub avg_session_duration: Option<f64>,
    /// Longest session, in seconds.
    #[serde(default, with = "option_number")]
    pub max_session_duration: Option<f64>,
    /// Average pages visited per session.
    #[serde(default, with = "option_number")]
    pub avg_pages_visited: Option<f64>,
    /// Most pages visited in one session.
    #[serde(default, with = "option_number")]
    pub max_pages_visited: Option<u64>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `jeffUsageData`: the lead's activity in Jeff.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct JeffUsage {
    /// Redirects from Jeff to a partner.
    #[serde(default, with = "option_number")]
    pub redirects: Option<u64>,
    /// Rejections by partners.
    #[serde(default, with = "option_number")]
    pub rejects: Option<u64>,
    /// Applications completed in partner systems.
    #[serde(default, with = "option_number")]
    pub applications_completed: Option<u64>,
    /// Times recognised as qualified by partners.
    #[serde(default, with = "option_number")]
    pub leads_qualified: Option<u64>,
    /// Loans issued by partners.
    #[serde(default, with = "option_number")]
    pub loans_issued: Option<u64>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `zaloData`: what Jeff knows of the lead's Zalo account.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ZaloData {
    /// Whether the lead has a Zalo account.
    #[serde(default, with = "option_boolean")]
    pub has_account: Option<bool>,
    /// Whether the lead logged in to Jeff with Zalo.
    #[serde(default, with = "option_boolean")]
    pub has_logged_in_jeff: Option<bool>,
    /// Whether the lead was reachable on Zalo the last time Jeff tried.
    #[serde(default, with = "option_boolean")]
    pub reachable: Option<bool>,
    /// Messages from Jeff to the lead's Zalo account.
    #[serde(default)]
    pub messaging_data: Option<TimeBuckets<ZaloMessaging>>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `zaloData.messagingData.{bucket}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ZaloMessaging {
    /// Messages sent.
    #[serde(default, with = "option_number")]
    pub sent: Option<u64>,
    /// Messages delivered.
    #[serde(default, with = "option_number")]
    pub delivered: Option<u64>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

open_enum! {
    /// An anonymised traffic source that brought the lead to Jeff.
    pub enum TrafficSource {
        /// Source 1.
        Source1 = "source_1",
        /// Source 2.
        Source2 = "source_2",
        /// Source 3.
        Source3 = "source_3",
        /// Source 4.
        Source4 = "source_4",
        /// Source 5.
        Source5 = "source_5",
        /// Source 6.
        Source6 = "source_6",
    }
}

/// `trafficSources.{bucket}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TrafficSources {
    /// The sources in the period.
    #[serde(default, deserialize_with = "null_as_default")]
    pub list: Vec<TrafficSource>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `leadDataRequestStatistics.{bucket}`: Lead Data API requests (all clients) that matched the
/// lead.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RequestCount {
    /// Matching requests.
    #[serde(default, with = "option_number")]
    pub count: Option<u64>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `parameterRequestStatistics.{bucket}`: Lead Data API requests (all clients) that carried the
/// same email or phone as this call.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ParameterRequestCount {
    /// Requests with the same email.
    #[serde(default, with = "option_number")]
    pub email_count: Option<u64>,
    /// Requests with the same phone.
    #[serde(default, with = "option_number")]
    pub phone_count: Option<u64>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_null_buckets_are_empty() {
        let buckets: TimeBuckets<RequestCount> =
            serde_json::from_str(r#"{"last1Day":null,"allTime":{"count":7}}"#).unwrap();
        assert_eq!(buckets.last_1_day, RequestCount::default());
        assert_eq!(buckets.last_30_days.count, None);
        assert_eq!(buckets.all_time.count, Some(7));
    }
}
