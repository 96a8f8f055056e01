//! Usage statistics in four time buckets: email, web and Jeff usage, Zalo messaging, traffic
//! sources and request statistics.

use leadkit_core::lenient::null_as_default;
use leadkit_core::open_enum;
use serde::{Deserialize, Serialize};

/// A statistic in Jeff's four time buckets. A missing or `null` bucket reads as the empty
/// statistic (`T::default()`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
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
}

/// `emailUsageData`: the lead's interaction with Jeff's emails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmailUsage {
    /// Emails received from Jeff.
    #[serde(default)]
    pub received: Option<u64>,
    /// Jeff emails opened.
    #[serde(default)]
    pub read: Option<u64>,
    /// Jeff emails where a link was clicked.
    #[serde(default)]
    pub clicked: Option<u64>,
}

/// `webUsageData`: the lead's use of Jeff's website.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WebUsage {
    /// Sessions.
    #[serde(default)]
    pub session_count: Option<u64>,
    /// Average session duration, in seconds.
    #[serde(default)]
    pub avg_session_duration: Option<f64>,
    /// Longest session, in seconds.
    #[serde(default)]
    pub max_session_duration: Option<f64>,
    /// Average pages visited per session.
    #[serde(default)]
    pub avg_pages_visited: Option<f64>,
    /// Most pages visited in one session.
    #[serde(default)]
    pub max_pages_visited: Option<u64>,
}

/// `jeffUsageData`: the lead's activity in Jeff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct JeffUsage {
    /// Redirects from Jeff to a partner.
    #[serde(default)]
    pub redirects: Option<u64>,
    /// Rejections by partners.
    #[serde(default)]
    pub rejects: Option<u64>,
    /// Applications completed in partner systems.
    #[serde(default)]
    pub applications_completed: Option<u64>,
    /// Times recognised as qualified by partners.
    #[serde(default)]
    pub leads_qualified: Option<u64>,
    /// Loans issued by partners.
    #[serde(default)]
    pub loans_issued: Option<u64>,
}

/// `zaloData`: what Jeff knows of the lead's Zalo account.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ZaloData {
    /// Whether the lead has a Zalo account.
    #[serde(default)]
    pub has_account: Option<bool>,
    /// Whether the lead logged in to Jeff with Zalo.
    #[serde(default)]
    pub has_logged_in_jeff: Option<bool>,
    /// Whether the lead was reachable on Zalo the last time Jeff tried.
    #[serde(default)]
    pub reachable: Option<bool>,
    /// Messages from Jeff to the lead's Zalo account.
    #[serde(default)]
    pub messaging_data: Option<TimeBuckets<ZaloMessaging>>,
}

/// `zaloData.messagingData.{bucket}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ZaloMessaging {
    /// Messages sent.
    #[serde(default)]
    pub sent: Option<u64>,
    /// Messages delivered.
    #[serde(default)]
    pub delivered: Option<u64>,
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TrafficSources {
    /// The sources in the period.
    #[serde(default, deserialize_with = "null_as_default")]
    pub list: Vec<TrafficSource>,
}

/// `leadDataRequestStatistics.{bucket}`: Lead Data API requests (all clients) that matched the
/// lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RequestCount {
    /// Matching requests.
    #[serde(default)]
    pub count: Option<u64>,
}

/// `parameterRequestStatistics.{bucket}`: Lead Data API requests (all clients) that carried the
/// same email or phone as this call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ParameterRequestCount {
    /// Requests with the same email.
    #[serde(default)]
    pub email_count: Option<u64>,
    /// Requests with the same phone.
    #[serde(default)]
    pub phone_count: Option<u64>,
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
