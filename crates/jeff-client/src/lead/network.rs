//! The devices and IP addresses the lead used to reach Jeff.
//!
//! Each entry of `userAgents` and `ipAddresses` is decoded on its own in a
//! [`Lead`](super::Lead); the objects inside an entry (device, location, connection) are part
//! of it.

use std::net::IpAddr;

use chrono::NaiveDateTime;
use leadkit_core::lenient::{
    Extra, option_boolean, option_naive_datetime, option_number, option_text,
};
use serde::{Deserialize, Serialize};

/// One entry of `userAgents`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserAgent {
    /// The raw user agent string.
    #[serde(default, with = "option_text")]
    pub user_agent_string: Option<String>,
    /// Last action with this device.
    #[serde(default, with = "option_naive_datetime")]
    pub timestamp: Option<NaiveDateTime>,
    /// The physical device.
    #[serde(default)]
    pub device: Option<Device>,
    /// The operating system.
    #[serde(default)]
    pub operating_system: Option<OperatingSystem>,
    /// The user agent (browser, app, …).
    #[serde(default)]
    pub agent: Option<Agent>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `userAgents[].device`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Device {
    /// Device class (`Phone`, `Desktop`, `Mobile`, `Tablet`, …).
    #[serde(default, with = "option_text")]
    pub device_class: Option<String>,
    /// Device name.
    #[serde(default, with = "option_text")]
    pub name: Option<String>,
    /// Device brand.
    #[serde(default, with = "option_text")]
    pub brand: Option<String>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `userAgents[].operatingSystem`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OperatingSystem {
    /// Operating system class (`Mobile`, `Desktop`, `Game Console`, …).
    #[serde(default, with = "option_text")]
    pub system_class: Option<String>,
    /// Operating system name (`Android`).
    #[serde(default, with = "option_text")]
    pub name: Option<String>,
    /// Numeric version (`10`).
    #[serde(default, with = "option_text")]
    pub version: Option<String>,
    /// Full version name (`Android 10`).
    #[serde(default, with = "option_text")]
    pub version_name: Option<String>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `userAgents[].agent`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Agent {
    /// Agent class (`Browser`, `Browser Webview`, `Mobile App`, `Desktop App`, `Robot`, …).
    #[serde(default, with = "option_text")]
    pub agent_class: Option<String>,
    /// Agent name (`Chrome`).
    #[serde(default, with = "option_text")]
    pub name: Option<String>,
    /// Agent version.
    #[serde(default, with = "option_text")]
    pub version: Option<String>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `ipAddresses`.
///
/// The documentation's example puts `coordinates` and `connection` next to `address`, while
/// its field table puts them inside `address`; both placements are read, and
/// [`IpAddressUse::coordinates`] / [`IpAddressUse::connection`] return whichever is present.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IpAddressUse {
    /// Last action from this address.
    #[serde(default, with = "option_naive_datetime")]
    pub timestamp: Option<NaiveDateTime>,
    /// The IP address as sent.
    #[serde(default, with = "option_text")]
    pub ip_address: Option<String>,
    /// The address's time zone (`Asia/Ho_Chi_Minh`).
    #[serde(default, with = "option_text")]
    pub timezone: Option<String>,
    /// Where the address is.
    #[serde(default)]
    pub address: Option<IpLocation>,
    /// Coordinates (placement of the documentation's example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Coordinates>,
    /// Connection details (placement of the documentation's example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<Connection>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

impl IpAddressUse {
    /// The address parsed, when it is a valid IPv4 or IPv6 address.
    pub fn ip(&self) -> Option<IpAddr> {
        self.ip_address.as_deref()?.trim().parse().ok()
    }

    /// The coordinates, wherever Jeff put them.
    pub fn coordinates(&self) -> Option<&Coordinates> {
        self.coordinates
            .as_ref()
            .or_else(|| self.address.as_ref()?.coordinates.as_ref())
    }

    /// The connection details, wherever Jeff put them.
    pub fn connection(&self) -> Option<&Connection> {
        self.connection
            .as_ref()
            .or_else(|| self.address.as_ref()?.connection.as_ref())
    }
}

/// `ipAddresses[].address`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IpLocation {
    /// Country name.
    #[serde(default, with = "option_text")]
    pub country: Option<String>,
    /// ISO 3166-1 two-letter country code.
    #[serde(default, with = "option_text")]
    pub country_code: Option<String>,
    /// Short code of the region or state.
    #[serde(default, with = "option_text")]
    pub region: Option<String>,
    /// Region name.
    #[serde(default, with = "option_text")]
    pub region_name: Option<String>,
    /// City.
    #[serde(default, with = "option_text")]
    pub city: Option<String>,
    /// District.
    #[serde(default, with = "option_text")]
    pub district: Option<String>,
    /// Zip code.
    #[serde(default, with = "option_text")]
    pub zip: Option<String>,
    /// Coordinates (placement of the documentation's field table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Coordinates>,
    /// Connection details (placement of the documentation's field table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection: Option<Connection>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Latitude and longitude.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Coordinates {
    /// Latitude.
    #[serde(default, with = "option_number")]
    pub lat: Option<f64>,
    /// Longitude.
    #[serde(default, with = "option_number")]
    pub lon: Option<f64>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Connection details of an IP address.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Connection {
    /// ISP name.
    #[serde(default, with = "option_text")]
    pub isp: Option<String>,
    /// Organisation name.
    #[serde(default, with = "option_text")]
    pub org: Option<String>,
    /// Autonomous system number and organisation (`as`).
    #[serde(rename = "as", default, with = "option_text")]
    pub autonomous_system: Option<String>,
    /// Autonomous system name.
    #[serde(default, with = "option_text")]
    pub as_name: Option<String>,
    /// Mobile connection.
    #[serde(default, with = "option_boolean")]
    pub mobile: Option<bool>,
    /// Exit address of a VPN, proxy or Tor.
    #[serde(default, with = "option_boolean")]
    pub proxy: Option<bool>,
    /// Data centre, co-location or hosting.
    #[serde(default, with = "option_boolean")]
    pub hosting: Option<bool>,
    /// Considered a web scraper by Jeff's rules.
    #[serde(default, with = "option_boolean")]
    pub scraper: Option<bool>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_found_in_either_place() {
        let inside: IpAddressUse = serde_json::from_str(
            r#"{"ipAddress":"192.85.98.1","address":{"coordinates":{"lat":1.5,"lon":2.5},"connection":{"proxy":true}}}"#,
        )
        .unwrap();
        assert_eq!(inside.coordinates().unwrap().lat, Some(1.5));
        assert_eq!(inside.connection().unwrap().proxy, Some(true));
        assert_eq!(inside.ip(), Some("192.85.98.1".parse().unwrap()));
        let bare = IpAddressUse::default();
        assert!(bare.coordinates().is_none() && bare.connection().is_none() && bare.ip().is_none());
    }
}
