//! The reason catalogue: every data point a pre-audit can flag, with its name, group and the
//! vendor's description.
//!
//! One table below is the single source of the enum, its lookups and the reason table in
//! `docs/jornaya.md` (see [`reason_table_markdown`]).

use std::fmt;

/// The group a reason belongs to, as the vendor's documentation sections them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ReasonGroup {
    /// Whether the LeadiD token is genuine and still usable.
    Authentic,
    /// How long ago the lead was created.
    LeadAge,
    /// How long the consumer spent creating the lead.
    LeadDuration,
    /// Whether the data sent in `data` matches the lead.
    DataIntegrity,
    /// Where (URL) and by whom (entity) the lead was generated.
    LeadOrigin,
    /// The device and IP address the lead came from.
    ConsumerOrigin,
    /// How often the LeadiD token was queried.
    LeadVelocity,
    /// How often the consumer's email address was seen.
    ConsumerVelocity,
    /// How many parties saw the lead and how many hops it took.
    LeadLineage,
    /// Whether the buyer already queried this lead or consumer.
    LeadDuplication,
    /// TCPA Guardian consent checks (only when the buyer has TCPA Guardian turned on).
    TcpaGuardian,
}

impl ReasonGroup {
    /// Every group, in the vendor's order.
    pub const ALL: &'static [ReasonGroup] = &[
        Self::Authentic,
        Self::LeadAge,
        Self::LeadDuration,
        Self::DataIntegrity,
        Self::LeadOrigin,
        Self::ConsumerOrigin,
        Self::LeadVelocity,
        Self::ConsumerVelocity,
        Self::LeadLineage,
        Self::LeadDuplication,
        Self::TcpaGuardian,
    ];

    /// The group's name as the vendor writes it (`Lead Origin`, `TCPA Guardian`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Authentic => "Authentic",
            Self::LeadAge => "Lead Age",
            Self::LeadDuration => "Lead Duration",
            Self::DataIntegrity => "Data Integrity",
            Self::LeadOrigin => "Lead Origin",
            Self::ConsumerOrigin => "Consumer Origin",
            Self::LeadVelocity => "Lead Velocity",
            Self::ConsumerVelocity => "Consumer Velocity",
            Self::LeadLineage => "Lead Lineage",
            Self::LeadDuplication => "Lead Duplication",
            Self::TcpaGuardian => "TCPA Guardian",
        }
    }
}

impl fmt::Display for ReasonGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the catalogue says about one reason code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReasonInfo {
    /// The code as in JSON answers (`r4.6`); XML answers write it without the `r`.
    pub code: &'static str,
    /// The data point's name (`IP Velocity 5 Minutes`).
    pub name: &'static str,
    /// The group.
    pub group: ReasonGroup,
    /// The vendor's description of a yellow or red flag on this data point.
    pub description: &'static str,
}

macro_rules! reasons {
    ($( $variant:ident = $code:literal, $group:ident, $name:literal, $description:literal; )+) => {
        leadkit_core::open_enum! {
            /// A pre-audit reason code: the data point a yellow or red flag is about.
            ///
            /// JSON answers write `r2.1`, XML answers `2.1`; both read as
            /// [`ReasonCode::LeadDuration`] through [`ReasonCode::from_key`]. Codes this
            /// version does not know are kept as [`ReasonCode::Unknown`], in the JSON form
            /// (`r10.1`).
            ///
            /// ```
            /// use jornaya_preaudit::{ReasonCode, ReasonGroup};
            /// let code = ReasonCode::from_key("4.6");
            /// assert_eq!(code, ReasonCode::IpVelocity5Minutes);
            /// assert_eq!(code.as_str(), "r4.6");
            /// assert_eq!(code.name(), Some("IP Velocity 5 Minutes"));
            /// assert_eq!(code.group(), Some(ReasonGroup::ConsumerOrigin));
            /// assert_eq!(ReasonCode::KNOWN.len(), 52);
            /// ```
            pub enum ReasonCode {
                $(
                    #[doc = concat!("`", $code, "` ", $name, " (", stringify!($group), "): ", $description)]
                    $variant = $code,
                )+
            }
        }

        impl ReasonCode {
            /// The catalogue entry, `None` for an unknown code.
            pub fn info(&self) -> Option<&'static ReasonInfo> {
                match self {
                    $(
                        Self::$variant => Some(&ReasonInfo {
                            code: $code,
                            name: $name,
                            group: ReasonGroup::$group,
                            description: $description,
                        }),
                    )+
                    Self::Unknown(_) => None,
                }
            }
        }
    };
}

reasons! {
    LeadidAuthenticity = "r1", Authentic, "LeadiD Authenticity",
        "one or more of these conditions have been met and no additional data will be returned for this LeadiD token: it is not a token Jornaya created; it has been queried too many times (hundreds or thousands of times) by Jornaya's partners; it was created over a year ago; it is associated with a consumer who has exercised their CCPA Right to Opt-out.";
    LeadAge = "r2", LeadAge, "Lead Age", "lead was created too long ago.";
    LeadDuration = "r2.1", LeadDuration, "Lead Duration", "lead duration was too short or too long.";
    DataIntegrity = "r3", DataIntegrity, "Data Integrity",
        "data required for the integrity check was incorrect or missing.";
    DataIntegrityBlocked = "r3.1", DataIntegrity, "Data Integrity Blocked",
        "buyer has flagged this lead because the generator blocked data integrity.";
    ConsumerOrigin = "r4", ConsumerOrigin, "Consumer Origin", "device is unknown.";
    DeviceVelocity5Minutes = "r4.1", ConsumerOrigin, "Device Velocity 5 Minutes",
        "too many leads generated from this device in the past 5 minutes.";
    DeviceVelocityPastHour = "r4.2", ConsumerOrigin, "Device Velocity Past Hour",
        "too many leads generated from this device in the past hour.";
    DeviceVelocityPast12Hours = "r4.3", ConsumerOrigin, "Device Velocity Past 12 Hours",
        "too many leads generated from this device in the past 12 hours.";
    DeviceVelocityPastDay = "r4.4", ConsumerOrigin, "Device Velocity Past Day",
        "too many leads generated from this device in the past day.";
    DeviceVelocityPastWeek = "r4.5", ConsumerOrigin, "Device Velocity Past Week",
        "too many leads generated from this device in the past week.";
    IpVelocity5Minutes = "r4.6", ConsumerOrigin, "IP Velocity 5 Minutes",
        "too many leads generated from this IP address in the past 5 minutes.";
    IpVelocityPastHour = "r4.7", ConsumerOrigin, "IP Velocity Past Hour",
        "too many leads generated from this IP address in the past hour.";
    IpVelocityPast12Hours = "r4.8", ConsumerOrigin, "IP Velocity Past 12 Hours",
        "too many leads generated from this IP address in the past 12 hours.";
    IpVelocityPastDay = "r4.9", ConsumerOrigin, "IP Velocity Past Day",
        "too many leads generated from this IP address in the past day.";
    IpVelocityPastWeek = "r4.10", ConsumerOrigin, "IP Velocity Past Week",
        "too many leads generated from this IP address in the past week.";
    CallCenterOriginated = "r4.11", ConsumerOrigin, "Call Center Originated",
        "buyer has flagged this lead because the generator indicated it was created at a call center.";
    UrlFlag = "r4.12", LeadOrigin, "URL Flag",
        "buyer has flagged this lead that originated from this URL.";
    EntityFlag = "r4.13", LeadOrigin, "Entity Flag",
        "buyer has flagged this lead that was generated by this company.";
    DeviceVelocityBlocked = "r4.15", ConsumerOrigin, "Device Velocity Blocked",
        "buyer has flagged this lead because the generator blocked the device instances.";
    IpVelocityBlocked = "r4.16", ConsumerOrigin, "IP Velocity Blocked",
        "buyer has flagged this lead because the generator blocked the IP instances.";
    UrlFlagBlocked = "r4.17", LeadOrigin, "URL Flag Blocked",
        "buyer has flagged this lead because the generator blocked the URL flags.";
    EntityFlagBlocked = "r4.18", LeadOrigin, "Entity Flag Blocked",
        "buyer has flagged this lead because the generator blocked the entity flags.";
    LeadVelocity5Minutes = "r5.1", LeadVelocity, "Lead Velocity Past 5 Minutes",
        "queries too many times in the past 5 minutes.";
    LeadVelocityPastHour = "r5.2", LeadVelocity, "Lead Velocity Past Hour",
        "queries too many times in the past hour.";
    LeadVelocityPast12Hours = "r5.3", LeadVelocity, "Lead Velocity Past 12 Hours",
        "queries too many times in the past 12 hours.";
    LeadVelocityPastDay = "r5.4", LeadVelocity, "Lead Velocity Past Day",
        "queries too many times in the past day.";
    LeadVelocityPastWeek = "r5.5", LeadVelocity, "Lead Velocity Past Week",
        "queries too many times in the past week.";
    LeadVelocityBlocked = "r5.6", LeadVelocity, "Lead Velocity Blocked",
        "buyer has flagged this lead because the generator blocked lead velocity.";
    ConsumerVelocity5Minutes = "r6.1", ConsumerVelocity, "Consumer Velocity Past 5 Minutes",
        "consumer's email address witnessed too many times in the past 5 minutes.";
    ConsumerVelocityPastHour = "r6.2", ConsumerVelocity, "Consumer Velocity Past Hour",
        "consumer's email address witnessed too many times in the past hour.";
    ConsumerVelocityPast12Hours = "r6.3", ConsumerVelocity, "Consumer Velocity Past 12 Hours",
        "consumer's email address witnessed too many times in the past 12 hours.";
    ConsumerVelocityPastDay = "r6.4", ConsumerVelocity, "Consumer Velocity Past Day",
        "consumer's email address witnessed too many times in the past day.";
    ConsumerVelocityPastWeek = "r6.5", ConsumerVelocity, "Consumer Velocity Past Week",
        "consumer's email address witnessed too many times in the past week.";
    ConsumerVelocityBlocked = "r6.6", ConsumerVelocity, "Consumer Velocity Blocked",
        "buyer has flagged this lead because the generator blocked consumer velocity.";
    TotalEntities = "r7.1", LeadLineage, "Total Entities",
        "lead has been seen by too many entities.";
    TotalEntitiesBlocked = "r7.2", LeadLineage, "Total Entities Blocked",
        "buyer has flagged this lead because the generator blocked total entities.";
    TotalHops = "r7.3", LeadLineage, "Total Hops",
        "lead took too many hops between the generator and you.";
    TotalHopsBlocked = "r7.4", LeadLineage, "Total Hops Blocked",
        "buyer has flagged this lead because the generator blocked total hops.";
    LeadidDupeCheck = "r8.1", LeadDuplication, "LeadiD Dupe Check",
        "buyer has already queried this LeadiD.";
    ConsumerDupeCheck = "r8.2", LeadDuplication, "Consumer Dupe Check",
        "buyer has already queried a LeadiD with this consumer's email address.";
    LeadidDupeCheckBlocked = "r8.3", LeadDuplication, "LeadiD Dupe Check Blocked",
        "buyer has flagged this lead because the generator blocked lead duplication checking.";
    ConsumerDupeCheckBlocked = "r8.4", LeadDuplication, "Consumer Dupe Check Blocked",
        "buyer has flagged this lead because the generator blocked consumer duplication checking.";
    SpecifiedTcpaDisclosure = "r9.1", TcpaGuardian, "Specified TCPA Disclosure",
        "TCPA disclosure language approved by the buyer was not present on the lead form.";
    ConsumersConsent = "r9.2", TcpaGuardian, "Consumer's Consent",
        "the consent option was not approved by the buyer.";
    TcpaConsentType = "r9.3", TcpaGuardian, "TCPA Consent Type",
        "the consent type was not approved by the buyer.";
    Prominence = "r9.4", TcpaGuardian, "Prominence",
        "the TCPA disclosure language was in a font size not approved by the buyer.";
    Contrast = "r9.5", TcpaGuardian, "Contrast",
        "the contrast between the TCPA disclosure language and the form background color was not approved by the buyer.";
    Visibility = "r9.6", TcpaGuardian, "Visibility",
        "the visibility (calculated using Prominence & Contrast) was not approved by the buyer.";
    VisualPlaybackCaptureVerification = "r9.7", TcpaGuardian, "Visual Playback Capture Verification",
        "the Visual Playback capture response was not approved by the buyer.";
    VisualPlaybackStorageVerification = "r9.8", TcpaGuardian, "Visual Playback Storage Verification",
        "the Visual Playback storage response was not approved by the buyer.";
    OverallTcpaGuardianResponse = "r9.9", TcpaGuardian, "Overall TCPA Guardian Response",
        "the Overall TCPA Guardian response was not approved by the buyer.";
}

impl ReasonCode {
    /// Reads a reason key as either format writes it: `r2.1` (JSON) or `2.1` (XML). Surrounding
    /// whitespace and an upper-case `R` are tolerated; unknown keys are kept in the `r…` form.
    pub fn from_key(key: &str) -> Self {
        let key = key.trim();
        let bare = key
            .strip_prefix('r')
            .or_else(|| key.strip_prefix('R'))
            .unwrap_or(key);
        let mut code = String::with_capacity(bare.len() + 1);
        code.push('r');
        code.push_str(bare);
        Self::from_vendor(&code)
    }

    /// The data point's name (`Lead Duration`), `None` for an unknown code.
    pub fn name(&self) -> Option<&'static str> {
        self.info().map(|info| info.name)
    }

    /// The group, `None` for an unknown code.
    pub fn group(&self) -> Option<ReasonGroup> {
        self.info().map(|info| info.group)
    }

    /// The vendor's description of a flag on this data point, `None` for an unknown code.
    pub fn description(&self) -> Option<&'static str> {
        self.info().map(|info| info.description)
    }

    /// Whether this is a TCPA Guardian reason (present only when the buyer uses TCPA Guardian).
    pub fn is_tcpa_guardian(&self) -> bool {
        self.group() == Some(ReasonGroup::TcpaGuardian)
    }

    /// The position in the vendor's numbering (`r4.10` after `r4.9`), for stable sorting.
    /// Unknown codes sort after known ones, by their numbers where they have any.
    pub fn sort_key(&self) -> (bool, u32, u32, &str) {
        let text = self.as_str();
        let mut parts = text.trim_start_matches('r').splitn(2, '.');
        let major = parts.next().and_then(|p| p.parse().ok());
        let minor = parts.next().map_or(Some(0), |p| p.parse().ok());
        match (major, minor) {
            (Some(major), Some(minor)) => (self.is_unknown(), major, minor, text),
            _ => (true, u32::MAX, u32::MAX, text),
        }
    }
}

/// The reason catalogue as a Markdown table (code, data point, group, description), in the
/// vendor's numbering order. `docs/jornaya.md` holds this exact text; a test fails when they
/// differ.
pub fn reason_table_markdown() -> String {
    let mut codes: Vec<&ReasonCode> = ReasonCode::KNOWN.iter().collect();
    codes.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut table = String::from(
        "| Code | XML | Data point | Group | A yellow or red flag means |\n|---|---|---|---|---|\n",
    );
    for code in codes {
        if let Some(info) = code.info() {
            table.push_str(&format!(
                "| `{}` | `{}` | {} | {} | {} |\n",
                info.code,
                &info.code[1..],
                info.name,
                info.group,
                info.description.replace('|', "\\|"),
            ));
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_the_52_documented_codes() {
        assert_eq!(ReasonCode::KNOWN.len(), 52);
        let mut expected: Vec<String> = vec!["r1", "r2", "r2.1", "r3", "r3.1", "r4"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        expected.extend((1..=18).filter(|n| *n != 14).map(|n| format!("r4.{n}")));
        for (group, last) in [(5, 6), (6, 6), (7, 4), (8, 4), (9, 9)] {
            expected.extend((1..=last).map(|n| format!("r{group}.{n}")));
        }
        assert_eq!(expected.len(), 52);
        for code in &expected {
            let parsed = ReasonCode::from_vendor(code);
            assert!(!parsed.is_unknown(), "{code} missing");
            let info = parsed.info().unwrap();
            assert_eq!(info.code, code);
            assert!(!info.name.is_empty() && info.description.ends_with('.'));
        }
        assert!(ReasonCode::from_vendor("r4.14").is_unknown());
    }

    #[test]
    fn every_group_is_used_and_groups_match_the_doc() {
        for group in ReasonGroup::ALL {
            assert!(ReasonCode::KNOWN.iter().any(|c| c.group() == Some(*group)));
        }
        let lead_origin: Vec<&str> = ReasonCode::KNOWN
            .iter()
            .filter(|c| c.group() == Some(ReasonGroup::LeadOrigin))
            .map(ReasonCode::as_str)
            .collect();
        assert_eq!(lead_origin, ["r4.12", "r4.13", "r4.17", "r4.18"]);
        assert_eq!(
            ReasonCode::KNOWN
                .iter()
                .filter(|c| c.is_tcpa_guardian())
                .count(),
            9
        );
    }

    #[test]
    fn keys_from_both_formats() {
        assert_eq!(ReasonCode::from_key("r2.1"), ReasonCode::LeadDuration);
        assert_eq!(ReasonCode::from_key("2.1"), ReasonCode::LeadDuration);
        assert_eq!(
            ReasonCode::from_key(" R9.9 "),
            ReasonCode::OverallTcpaGuardianResponse
        );
        assert_eq!(ReasonCode::from_key("1"), ReasonCode::LeadidAuthenticity);
        assert_eq!(
            ReasonCode::from_key("10.1"),
            ReasonCode::Unknown("r10.1".into())
        );
        assert_eq!(ReasonCode::from_key("10.1").name(), None);
    }

    #[test]
    fn sort_key_follows_the_vendor_numbering() {
        let mut codes = [
            ReasonCode::from_key("r10.1"),
            ReasonCode::IpVelocityPastWeek,
            ReasonCode::from_key("odd"),
            ReasonCode::IpVelocityPastDay,
            ReasonCode::LeadidAuthenticity,
        ];
        codes.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let order: Vec<&str> = codes.iter().map(ReasonCode::as_str).collect();
        assert_eq!(order, ["r1", "r4.9", "r4.10", "r10.1", "rodd"]);
    }
}
