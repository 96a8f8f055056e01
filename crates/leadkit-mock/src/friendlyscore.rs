//! FriendlyScore API v2: the OAuth2 token endpoint, every user endpoint, fraud alerts and the
//! user listing. Scenarios follow the user id in the path (see `docs/mock.md`).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use hyper::{Method, StatusCode};
use serde_json::{Value, json};

use crate::fixtures;
use crate::http::{self, MockRequest, Reply, empty, json_value, not_found};
use crate::server::{FRIENDLYSCORE_PREFIX, State};

/// The tokens issued, with their expiry.
#[derive(Default)]
pub(crate) struct Tokens {
    issued: Mutex<HashMap<String, Instant>>,
}

impl Tokens {
    fn issue(&self, state: &State) -> String {
        let mut issued = self.issued.lock().unwrap_or_else(PoisonError::into_inner);
        let token = format!("mock-fs-access-token-{:04}", issued.len() + 1);
        issued.insert(token.clone(), Instant::now() + state.token_lifetime);
        token
    }

    fn is_valid(&self, token: &str) -> bool {
        self.issued
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(token)
            .is_some_and(|expiry| Instant::now() < *expiry)
    }

    fn revoke(&self, token: &str) {
        if let Some(expiry) = self
            .issued
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(token)
        {
            *expiry = Instant::now();
        }
    }
}

fn rest(request: &MockRequest) -> &str {
    request.path[FRIENDLYSCORE_PREFIX.len()..].trim_start_matches('/')
}

fn unauthorized() -> Reply {
    http::json(StatusCode::UNAUTHORIZED, fixtures::FS_UNAUTHORIZED)
}

/// Every API call needs a token the token endpoint issued and that has not expired.
pub(crate) fn check_auth(state: &State, request: &MockRequest) -> Option<Reply> {
    if rest(request) == "oauth/v2/token" {
        return None;
    }
    match request.bearer() {
        Some(token) if state.friendlyscore.is_valid(token) => None,
        _ => Some(unauthorized()),
    }
}

pub(crate) fn answer(state: &State, request: &MockRequest) -> Reply {
    let rest = rest(request);
    if rest == "oauth/v2/token" {
        return token(state, request);
    }
    let segments: Vec<&str> = rest.split('/').collect();
    match (request.method.clone(), segments.as_slice()) {
        (Method::GET, ["api", "v2", "users.json"]) => list_users(request),
        (
            method,
            [
                "api",
                "v2",
                group @ ("users" | "fraudalerts"),
                id_type,
                id,
                tail @ ..,
            ],
        ) if matches!(*id_type, "id" | "partner-id") => {
            let id = percent_decode(id);
            user(state, request, &method, group, &id, tail)
        }
        _ => not_found(),
    }
}

/// `POST oauth/v2/token` with `{client_id, client_secret, grant_type}` (JSON or form).
fn token(state: &State, request: &MockRequest) -> Reply {
    if request.method != Method::POST {
        return not_found();
    }
    let body = request.json();
    let form = request.form();
    let field = |name: &str| {
        body.get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    };
    let credentials = &state.credentials;
    let accepted = field("grant_type").as_deref() == Some("client_credentials")
        && field("client_id").as_deref() == Some(credentials.friendlyscore_client_id.as_str())
        && field("client_secret").as_deref()
            == Some(credentials.friendlyscore_client_secret.as_str());
    if !accepted {
        return http::json(StatusCode::BAD_REQUEST, fixtures::FS_TOKEN_INVALID_CLIENT);
    }
    let mut answer: Value = serde_json::from_str(fixtures::FS_TOKEN).unwrap_or_default();
    answer["access_token"] = json!(state.friendlyscore.issue(state));
    answer["expires_in"] = json!(state.token_lifetime.as_secs());
    json_value(StatusCode::OK, &answer)
}

/// A fixture with `user_id` set to the id asked for.
fn acknowledgement(fixture: &str, id: &str) -> Reply {
    let mut answer: Value = serde_json::from_str(fixture).unwrap_or_default();
    answer["user_id"] = json!(id);
    json_value(StatusCode::OK, &answer)
}

fn user(
    state: &State,
    request: &MockRequest,
    method: &Method,
    group: &str,
    id: &str,
    tail: &[&str],
) -> Reply {
    if id.contains("token-expired") && state.bump(&format!("fs expired {id}")) == 1 {
        if let Some(token) = request.bearer() {
            state.friendlyscore.revoke(token);
        }
        return unauthorized();
    }
    if id.contains("notfound") {
        return http::json(
            StatusCode::NOT_FOUND,
            r#"{"code":404,"message":"User not found"}"#,
        );
    }
    let reading = *method == Method::GET;
    if reading && id.contains("nodata") {
        return empty(StatusCode::NO_CONTENT);
    }
    let ok = |fixture: &'static str| http::json(StatusCode::OK, fixture);
    match (group, method.clone(), tail) {
        ("fraudalerts", Method::GET, ["show.json"]) => ok(fixtures::FS_FRAUD_ALERTS),
        ("users", Method::GET, ["show.json"]) => {
            let wanted = scheduled_polls(id);
            if wanted > 0 && state.bump(&format!("fs scheduled {id}")) <= wanted {
                return empty(StatusCode::ACCEPTED);
            }
            let mut user: Value = serde_json::from_str(fixtures::FS_SHOW_USER).unwrap_or_default();
            if request.path.contains("/partner-id/") {
                user["partner_id"] = json!(id);
            }
            json_value(StatusCode::OK, &user)
        }
        ("users", Method::GET, ["show", document]) => match *document {
            "social-network-data.json" => ok(fixtures::FS_SHOW_SOCIAL),
            "ip-address-data.json" => ok(fixtures::FS_SHOW_IP),
            "data-points.json" => ok(fixtures::FS_SHOW_DATA_POINTS),
            "heat-map-coordinates.json" => ok(fixtures::FS_SHOW_HEAT_MAP),
            "min-fraud-data.json" => ok(fixtures::FS_MIN_FRAUD),
            _ => not_found(),
        },
        ("users", Method::GET, ["google", "raw-file-data", list]) => match *list {
            "places.json" => ok(fixtures::FS_GMAIL_PLACES),
            "days-of-birth.json" => ok(fixtures::FS_GMAIL_DAYS_OF_BIRTH),
            "skills.json" => ok(fixtures::FS_GMAIL_SKILLS),
            "phones.json" => ok(fixtures::FS_GMAIL_PHONES),
            "work-periods.json" => ok(fixtures::FS_GMAIL_WORK_PERIODS),
            "universities.json" => ok(fixtures::FS_GMAIL_UNIVERSITIES),
            "emails.json" => ok(fixtures::FS_GMAIL_EMAILS),
            _ => not_found(),
        },
        ("users", Method::POST, ["calculate_score.json"]) => calculate_score(request, id),
        ("users", Method::POST, ["performance-data.json"]) => {
            acknowledgement(fixtures::FS_PERFORMANCE, id)
        }
        ("users", Method::PUT, ["positive", "1.json" | "0.json"]) => {
            acknowledgement(fixtures::FS_SET_POSITIVE, id)
        }
        ("users", Method::POST, ["status.json"]) => {
            if request.json().get("status").is_none() {
                return bad_parameters("status is mandatory!", id);
            }
            acknowledgement(fixtures::FS_SET_STATUS, id)
        }
        _ => not_found(),
    }
}

/// How many times show-user answers 202 first: `scheduled` once, `scheduled-N` N times.
fn scheduled_polls(id: &str) -> u32 {
    let Some(at) = id.find("scheduled") else {
        return 0;
    };
    let digits: String = id[at + "scheduled".len()..]
        .trim_start_matches('-')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap_or(1)
}

fn bad_parameters(message: &str, id: &str) -> Reply {
    json_value(
        StatusCode::NOT_FOUND,
        &json!({"result": "error", "message": format!("Bad parameters provided - {message}"), "user_id": id}),
    )
}

fn calculate_score(request: &MockRequest, id: &str) -> Reply {
    let body = request.json();
    let tokens_given = body
        .get("access_tokens")
        .and_then(Value::as_object)
        .is_some_and(|tokens| !tokens.is_empty());
    let ip_given = body
        .get("ip")
        .and_then(Value::as_str)
        .is_some_and(|ip| !ip.is_empty());
    if !tokens_given || id.contains("missing-tokens") {
        return http::json(StatusCode::NOT_FOUND, fixtures::FS_CALCULATE_MISSING_TOKENS);
    }
    if !ip_given || id.contains("missing-ip") {
        return http::json(StatusCode::NOT_FOUND, fixtures::FS_CALCULATE_MISSING_IP);
    }
    acknowledgement(fixtures::FS_CALCULATE_SUCCESS, id)
}

/// `GET api/v2/users.json?page=&max_results=`: the fixtures' users, paged as asked.
fn list_users(request: &MockRequest) -> Reply {
    let page: usize = request
        .query("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1);
    let size: usize = request
        .query("max_results")
        .and_then(|p| p.parse().ok())
        .unwrap_or(20);
    if page == 0 || size == 0 || size > 200 {
        return bad_parameters("page and max_results must be positive", "");
    }
    let users: Vec<Value> = [
        fixtures::FS_LIST_PAGE1,
        fixtures::FS_LIST_PAGE2,
        fixtures::FS_LIST_PAGE3,
    ]
    .iter()
    .filter_map(|page| serde_json::from_str::<Value>(page).ok())
    .flat_map(|page| page["users"].as_array().cloned().unwrap_or_default())
    .collect();
    let chosen: Vec<Value> = users
        .into_iter()
        .skip((page - 1).saturating_mul(size))
        .take(size)
        .collect();
    json_value(StatusCode::OK, &json!({"users": chosen, "notices": []}))
}

/// Decodes `%XX` escapes of a path segment.
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = segment.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheduled_counts() {
        assert_eq!(scheduled_polls("customer-42"), 0);
        assert_eq!(scheduled_polls("scheduled"), 1);
        assert_eq!(scheduled_polls("mock-scheduled-3"), 3);
        assert_eq!(percent_decode("a%20b%2Fc"), "a b/c");
    }
}
