//! Reporting back on a user: performance-data, set-positive and set-status.

use chrono::NaiveDateTime;
use leadkit_core::lenient;
use leadkit_core::{Error, Idempotency, Method, Result, validate};
use serde::{Serialize, Serializer};

use crate::answer::Acknowledgement;
use crate::client::FriendlyScoreClient;
use crate::ids::UserId;

leadkit_core::open_enum! {
    /// `loan_application_status`. Answers may carry other values (kept as
    /// `Unknown`); a request with an `Unknown` value is refused before sending.
    pub enum ApplicationStatus {
        /// The application was accepted.
        Accepted = "accepted",
        /// The application was declined.
        Declined = "declined",
        /// The applicant dropped off.
        DropOff = "drop-off",
    }
}

leadkit_core::open_enum! {
    /// `loan_status`. Answers may carry other values (kept as `Unknown`); a request with an
    /// `Unknown` value is refused before sending.
    pub enum LoanStatus {
        /// Being repaid.
        Active = "active",
        /// In arrears.
        Arrears = "arrears",
        /// Paid off.
        Paid = "paid",
    }
}

/// `comments`: how many positive, negative and neutral comments the loan received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Comments {
    /// `positive`.
    pub positive: u32,
    /// `negative`.
    pub negative: u32,
    /// `neutral`.
    pub neutral: u32,
}

impl Comments {
    /// The three counts.
    pub fn new(positive: u32, negative: u32, neutral: u32) -> Self {
        Self {
            positive,
            negative,
            neutral,
        }
    }
}

/// The loan's performance, reported with performance-data. Every field is optional (the
/// reference marks none as required); at least one must be set.
///
/// ```
/// use friendlyscore_client::chrono::NaiveDate;
/// use friendlyscore_client::{ApplicationStatus, Comments, LoanStatus, PerformanceData};
/// let applied = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap().and_hms_opt(17, 5, 0).unwrap();
/// let data = PerformanceData::new()
///     .loan_application_customer_id("app-981")
///     .loan_application_date(applied) // sent as "2024-01-31 17:05:00"
///     .loan_application_status(ApplicationStatus::Accepted)
///     .loan_value(1500.0)
///     .loan_paid_capital(500.0)
///     .loan_currency("GBP")
///     .loan_term(90)
///     .loan_status(LoanStatus::Arrears)
///     .loan_arrears_days(12)
///     .loan_arrears_amount_overdue(120.5)
///     .loan_is_installment(true) // sent as 1
///     .comments(Comments::new(2, 0, 1));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PerformanceData {
    #[serde(skip_serializing_if = "Option::is_none")]
    loan_application_customer_id: Option<String>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "space_datetime"
    )]
    loan_application_date: Option<NaiveDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    loan_application_status: Option<ApplicationStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    loan_value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    loan_paid_capital: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    loan_currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    loan_term: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    loan_status: Option<LoanStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    loan_arrears_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    loan_arrears_amount_overdue: Option<f64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "one_or_zero"
    )]
    loan_is_installment: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comments: Option<Comments>,
}

/// `YYYY-mm-dd H:i:s` (PHP's notation), i.e. `2024-01-31 17:05:00`: leadkit-core's
/// [`lenient::space_datetime`] for a set value.
fn space_datetime<S: Serializer>(
    value: &Option<NaiveDateTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(at) => lenient::space_datetime::serialize(at, serializer),
        None => serializer.serialize_none(),
    }
}

/// The vendor's boolean: `1` or `0`.
fn one_or_zero<S: Serializer>(value: &Option<bool>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(flag) => serializer.serialize_u8(u8::from(*flag)),
        None => serializer.serialize_none(),
    }
}

/// Setters for numbers and flags: a concrete type, so that literals infer (`loan_term(90)`;
/// with `impl Into<u32>` the literal would be an `i32`). leadkit-core's `option_setters!`
/// takes `impl Into<T>` and has no such form.
macro_rules! plain_setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty),+ $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, value: $ty) -> Self {
                self.$name = Some(value);
                self
            }
        )+
    };
}

impl PerformanceData {
    /// Nothing set yet.
    pub fn new() -> Self {
        Self::default()
    }

    leadkit_core::option_setters! {
        /// `loan_application_customer_id`: the application's customer id.
        loan_application_customer_id: String,
        /// `loan_application_date`, sent as `YYYY-mm-dd H:i:s` in the zone the partner and
        /// vendor agreed on (the reference names none).
        loan_application_date: NaiveDateTime,
        /// `loan_application_status`: accepted, declined or drop-off (any other value is
        /// refused before sending).
        loan_application_status: ApplicationStatus,
        /// `loan_currency` (e.g. `GBP`).
        loan_currency: String,
        /// `loan_status`: active, arrears or paid (any other value is refused before
        /// sending).
        loan_status: LoanStatus,
        /// `comments`: counts of positive, negative and neutral comments.
        comments: Comments,
    }

    plain_setters! {
        /// `loan_value`.
        loan_value: f64,
        /// `loan_paid_capital`.
        loan_paid_capital: f64,
        /// `loan_term` in days.
        loan_term: u32,
        /// `loan_arrears_days`.
        loan_arrears_days: u32,
        /// `loan_arrears_amount_overdue`.
        loan_arrears_amount_overdue: f64,
        /// `loan_is_installment`, sent as `1` or `0`.
        loan_is_installment: bool,
    }

    fn validate(&self) -> Result<()> {
        if *self == Self::default() {
            return Err(Error::invalid_input(
                "performance_data",
                "set at least one field",
            ));
        }
        for (field, value) in [
            ("loan_value", self.loan_value),
            ("loan_paid_capital", self.loan_paid_capital),
            (
                "loan_arrears_amount_overdue",
                self.loan_arrears_amount_overdue,
            ),
        ] {
            if let Some(value) = value
                && !(value.is_finite() && value >= 0.0)
            {
                return Err(Error::invalid_input(
                    field,
                    "must be a finite, non-negative number",
                ));
            }
        }
        // The reference lists the values; one the vendor does not know is refused here
        // rather than sent (`from_vendor("approved")` builds such a value).
        if let Some(status) = &self.loan_application_status
            && status.is_unknown()
        {
            return Err(Error::invalid_input(
                "loan_application_status",
                "must be one of accepted, declined, drop-off",
            ));
        }
        if let Some(status) = &self.loan_status
            && status.is_unknown()
        {
            return Err(Error::invalid_input(
                "loan_status",
                "must be one of active, arrears, paid",
            ));
        }
        if let Some(id) = &self.loan_application_customer_id {
            validate::non_empty("loan_application_customer_id", id)?;
        }
        if let Some(currency) = &self.loan_currency {
            validate::non_empty("loan_currency", currency)?;
        }
        Ok(())
    }
}

/// The user's status and its description, set with set-status.
///
/// ```
/// use friendlyscore_client::UserStatus;
/// let status = UserStatus::new("2").description("Loan granted");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserStatus {
    status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_description: Option<String>,
}

impl UserStatus {
    /// `status`: the user's status (text).
    pub fn new(status: impl Into<String>) -> Self {
        Self {
            status: status.into(),
            status_description: None,
        }
    }

    /// `status_description`.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.status_description = Some(description.into());
        self
    }
}

impl FriendlyScoreClient {
    /// performance-data: reports the loan's performance
    /// (`POST api/v2/users/{id-type}/{id}/performance-data.json`). Not retried once it may
    /// have reached the vendor.
    pub async fn performance_data(
        &self,
        user: &UserId,
        data: &PerformanceData,
    ) -> Result<Acknowledgement> {
        data.validate()?;
        let request = self.user_request(
            "performance-data",
            Method::POST,
            user,
            &["performance-data.json"],
            Idempotency::NonIdempotent,
        )?;
        let request = match &data.loan_application_customer_id {
            Some(id) => request.sensitive(id),
            None => request,
        };
        self.write(request, data).await
    }

    /// set-positive: sets (`true`) or unsets (`false`) the user's "positive" flag
    /// (`PUT api/v2/users/{id-type}/{id}/positive/{1|0}.json`, body `{}`).
    pub async fn set_positive(&self, user: &UserId, positive: bool) -> Result<Acknowledgement> {
        let value = if positive { "1.json" } else { "0.json" };
        let request = self.user_request(
            "set-positive",
            Method::PUT,
            user,
            &["positive", value],
            Idempotency::NonIdempotent,
        )?;
        self.write(request, &serde_json::Map::new()).await
    }

    /// set-status: sets the user's status and its description
    /// (`POST api/v2/users/{id-type}/{id}/status.json`, body `{status, status_description}`).
    pub async fn set_status(&self, user: &UserId, status: &UserStatus) -> Result<Acknowledgement> {
        validate::non_empty("status", &status.status)?;
        let request = self.user_request(
            "set-status",
            Method::POST,
            user,
            &["status.json"],
            Idempotency::NonIdempotent,
        )?;
        // The description may name the applicant: the whole text and each capitalised word.
        let request = match &status.status_description {
            Some(text) => text
                .split_whitespace()
                .filter(|word| word.chars().next().is_some_and(char::is_uppercase))
                .fold(request.sensitive(text), |request, word| {
                    request.sensitive(word)
                }),
            None => request,
        };
        self.write(request, status).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn body_uses_vendor_formats() {
        let at = NaiveDate::from_ymd_opt(2024, 1, 31)
            .unwrap()
            .and_hms_opt(17, 5, 0)
            .unwrap();
        let data = PerformanceData::new()
            .loan_application_date(at)
            .loan_application_status(ApplicationStatus::DropOff)
            .loan_is_installment(false);
        assert_eq!(
            serde_json::to_value(&data).unwrap(),
            serde_json::json!({
                "loan_application_date": "2024-01-31 17:05:00",
                "loan_application_status": "drop-off",
                "loan_is_installment": 0
            })
        );
    }

    #[test]
    fn rejects_empty_and_negative() {
        assert_eq!(
            PerformanceData::new().validate().unwrap_err().field(),
            Some("performance_data")
        );
        assert_eq!(
            PerformanceData::new()
                .loan_value(f64::NAN)
                .validate()
                .unwrap_err()
                .field(),
            Some("loan_value")
        );
    }
}
