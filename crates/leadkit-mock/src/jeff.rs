//! Jeff: Partner Events, Lead Data, Fraud Data (API host) and Social Presence (data host).
//!
//! Scenarios follow the email or phone the caller sends (see `docs/mock.md`).

use hyper::{Method, StatusCode};

use crate::fixtures;
use crate::http::{MockRequest, Reply, empty, json, not_found, with_body};
use crate::server::{JEFF_API_PREFIX, JEFF_DATA_PREFIX, State};

const EVENTS: [&str; 6] = [
    "application-completed",
    "lead-exists",
    "lead-rejected",
    "lead-qualified",
    "loan-rejected",
    "loan-issued",
];

/// HTTP Basic, or Jeff's fallback of `username` and `password` query parameters.
pub(crate) fn check_auth(state: &State, request: &MockRequest) -> Option<Reply> {
    let expected = (
        state.credentials.jeff_username.as_str(),
        state.credentials.jeff_password.as_str(),
    );
    let basic = request
        .basic_auth()
        .is_some_and(|(user, password)| (user.as_str(), password.as_str()) == expected);
    let query = request.query("username").zip(request.query("password")) == Some(expected);
    (!basic && !query).then(|| {
        json(
            StatusCode::UNAUTHORIZED,
            r#"{"errorMessage":"Unauthorized"}"#,
        )
    })
}

/// What the contact asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Contact {
    Match,
    NoMatch,
    FraudOnly,
    BadRequest,
}

fn contact(request: &MockRequest) -> Contact {
    let email = request.query("email").unwrap_or_default();
    let phone = request.query("phone").unwrap_or_default();
    if email.starts_with("bad-request@") || phone.ends_with("0400") {
        Contact::BadRequest
    } else if email.starts_with("nomatch@") || phone.ends_with("0204") {
        Contact::NoMatch
    } else if email.starts_with("fraud-only@") || phone.ends_with("0300") {
        Contact::FraudOnly
    } else {
        Contact::Match
    }
}

/// `/jeff/partners-api/…`.
pub(crate) fn api(request: &MockRequest) -> Reply {
    let rest = request.path[JEFF_API_PREFIX.len()..].trim_start_matches('/');
    let segments: Vec<&str> = rest.split('/').collect();
    match segments.as_slice() {
        ["events", event] if request.method == Method::GET || request.method == Method::POST => {
            partner_event(request, event)
        }
        [_version, "leads"] if request.method == Method::GET => match contact(request) {
            Contact::BadRequest => json(StatusCode::BAD_REQUEST, fixtures::JEFF_LEAD_ERROR_400),
            Contact::NoMatch => empty(StatusCode::NO_CONTENT),
            Contact::FraudOnly => json(StatusCode::OK, fixtures::JEFF_LEAD_NON_LEAD_MATCH),
            Contact::Match => json(StatusCode::OK, fixtures::JEFF_LEAD_FULL),
        },
        [_version, "fraud"] if request.method == Method::GET => match contact(request) {
            Contact::BadRequest => json(StatusCode::BAD_REQUEST, fixtures::JEFF_FRAUD_ERROR_400),
            Contact::NoMatch => json(
                StatusCode::OK,
                r#"{"emailMarkedFraudBy":[],"phoneMarkedFraudBy":[],"emailNonFraudByJeffData":true,"phoneNonFraudByJeffData":true}"#,
            ),
            Contact::FraudOnly | Contact::Match => json(StatusCode::OK, fixtures::JEFF_FRAUD),
        },
        _ => not_found(),
    }
}

/// `/jeff-data/partner-api/…`.
pub(crate) fn data(request: &MockRequest) -> Reply {
    let rest = request.path[JEFF_DATA_PREFIX.len()..].trim_start_matches('/');
    match rest.split('/').collect::<Vec<_>>().as_slice() {
        [_version, "social-data"] if request.method == Method::GET => {
            if let Some(wait) = request.query("max-wait-time-seconds")
                && !wait.parse::<u32>().is_ok_and(|w| (1..=90).contains(&w))
            {
                return json(
                    StatusCode::BAD_REQUEST,
                    r#"{"errorMessage":"max-wait-time-seconds must be between 1 and 90"}"#,
                );
            }
            match contact(request) {
                Contact::BadRequest => {
                    json(StatusCode::BAD_REQUEST, fixtures::JEFF_SOCIAL_ERROR_400)
                }
                Contact::NoMatch => json(
                    StatusCode::OK,
                    r#"{"platformPresenceFacts":[],"errorMessage":null}"#,
                ),
                Contact::FraudOnly | Contact::Match => json(StatusCode::OK, fixtures::JEFF_SOCIAL),
            }
        }
        _ => not_found(),
    }
}

fn partner_event(request: &MockRequest, event: &str) -> Reply {
    if !EVENTS.contains(&event) {
        return not_found();
    }
    let params = if request.method == Method::POST && !request.body.is_empty() {
        request.form()
    } else {
        Vec::new()
    };
    let param = |name: &str| {
        request.query(name).map(str::to_owned).or_else(|| {
            params
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        })
    };
    let leads = ["lead-id", "lead-s2s-id", "lead-marketing-api-id"]
        .iter()
        .filter(|name| param(name).is_some_and(|v| !v.is_empty()))
        .count();
    let external_id = param("external-id").unwrap_or_default();
    if leads != 1 || external_id.is_empty() {
        return with_body(
            StatusCode::BAD_REQUEST,
            "text/plain",
            "Each event needs an external-id and exactly one lead identifier",
        );
    }
    if external_id == "illogical" {
        return with_body(
            StatusCode::BAD_REQUEST,
            "text/plain",
            format!("The {event} event does not follow the lead's previous event"),
        );
    }
    empty(StatusCode::OK)
}
