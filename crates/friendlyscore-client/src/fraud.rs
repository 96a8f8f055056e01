//! Fraud data and the Gmail CV-parser lists.

use leadkit_core::{Idempotency, Method, Result};

use crate::answer::{Answer, UserData};
use crate::client::FriendlyScoreClient;
use crate::ids::UserId;

/// The seven lists FriendlyScore's CV parser extracts from Gmail attachments
/// (`GET api/v2/users/{id-type}/{id}/google/raw-file-data/<list>.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GmailList {
    /// `places.json`.
    Places,
    /// `days-of-birth.json`.
    DaysOfBirth,
    /// `skills.json`.
    Skills,
    /// `phones.json` (personal data).
    Phones,
    /// `work-periods.json`.
    WorkPeriods,
    /// `universities.json`.
    Universities,
    /// `emails.json` (personal data).
    Emails,
}

impl GmailList {
    /// Every list.
    pub const ALL: [GmailList; 7] = [
        Self::Places,
        Self::DaysOfBirth,
        Self::Skills,
        Self::Phones,
        Self::WorkPeriods,
        Self::Universities,
        Self::Emails,
    ];

    /// The file name in the URL.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Places => "places.json",
            Self::DaysOfBirth => "days-of-birth.json",
            Self::Skills => "skills.json",
            Self::Phones => "phones.json",
            Self::WorkPeriods => "work-periods.json",
            Self::Universities => "universities.json",
            Self::Emails => "emails.json",
        }
    }

    /// The vendor's name for the endpoint, used in logs and errors.
    pub fn operation(self) -> &'static str {
        match self {
            Self::Places => "show-gmail-places",
            Self::DaysOfBirth => "show-gmail-days-of-birth",
            Self::Skills => "show-gmail-skills",
            Self::Phones => "show-gmail-phones",
            Self::WorkPeriods => "show-gmail-work-periods",
            Self::Universities => "show-gmail-universities",
            Self::Emails => "show-gmail-emails",
        }
    }
}

impl FriendlyScoreClient {
    /// min-fraud-data: the user's fraud data (`GET …/show/min-fraud-data.json`).
    pub async fn min_fraud_data(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.user_read("min-fraud-data", user, &["show", "min-fraud-data.json"])
            .await
    }

    /// show-fraudalerts: the user's fraud alerts
    /// (`GET api/v2/fraudalerts/{id-type}/{id}/show.json`; note the `fraudalerts` group);
    /// typed with [`UserData::fraud_alerts`].
    pub async fn show_fraud_alerts(&self, user: &UserId) -> Result<Answer<UserData>> {
        let request = self.request(
            "show-fraudalerts",
            Method::GET,
            "fraudalerts",
            user,
            &["show.json"],
            Idempotency::Idempotent,
        )?;
        self.read(&request).await
    }

    /// One of the Gmail CV-parser lists.
    pub async fn show_gmail(&self, user: &UserId, list: GmailList) -> Result<Answer<UserData>> {
        self.user_read(
            list.operation(),
            user,
            &["google", "raw-file-data", list.file_name()],
        )
        .await
    }

    /// show-gmail-places: places from the user's CV attachments.
    pub async fn show_gmail_places(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.show_gmail(user, GmailList::Places).await
    }

    /// show-gmail-days-of-birth: days of birth from the user's CV attachments.
    pub async fn show_gmail_days_of_birth(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.show_gmail(user, GmailList::DaysOfBirth).await
    }

    /// show-gmail-skills: skills from the user's CV attachments.
    pub async fn show_gmail_skills(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.show_gmail(user, GmailList::Skills).await
    }

    /// show-gmail-phones: phone numbers from the user's CV attachments.
    pub async fn show_gmail_phones(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.show_gmail(user, GmailList::Phones).await
    }

    /// show-gmail-work-periods: work periods from the user's CV attachments.
    pub async fn show_gmail_work_periods(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.show_gmail(user, GmailList::WorkPeriods).await
    }

    /// show-gmail-universities: universities from the user's CV attachments.
    pub async fn show_gmail_universities(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.show_gmail(user, GmailList::Universities).await
    }

    /// show-gmail-emails: e-mail addresses from the user's CV attachments.
    pub async fn show_gmail_emails(&self, user: &UserId) -> Result<Answer<UserData>> {
        self.show_gmail(user, GmailList::Emails).await
    }
}
