//! Jornaya (LeadiD) `SinglePreAudit`: GET with query parameters or POST with a form body,
//! JSON or XML answers chosen by `format`, scenarios chosen by the LeadiD token.

use hyper::{Method, StatusCode};

use crate::fixtures;
use crate::http::{MockRequest, Reply, json, not_found, with_body};
use crate::server::{JORNAYA_PREFIX, State};

/// The parameters, from the query (GET) or the form body (POST).
fn params(request: &MockRequest) -> Vec<(String, String)> {
    if request.method == Method::POST {
        request.form()
    } else {
        request.query.clone()
    }
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The account code `lac`, and the bearer token when the mock is configured with one.
pub(crate) fn check_auth(state: &State, request: &MockRequest) -> Option<Reply> {
    let params = params(request);
    if param(&params, "lac") != Some(state.credentials.jornaya_account_code.as_str()) {
        return Some(json(
            StatusCode::UNAUTHORIZED,
            r#"{"error":"unauthorized","message":"Unknown account code"}"#,
        ));
    }
    if let Some(token) = &state.credentials.jornaya_bearer_token
        && request.bearer() != Some(token.as_str())
    {
        return Some(json(
            StatusCode::UNAUTHORIZED,
            r#"{"error":"unauthorized","message":"API Authentication token required"}"#,
        ));
    }
    None
}

/// The answer chosen by the token's last group (see `docs/mock.md`).
fn answer_for(token: &str, xml: bool) -> &'static str {
    let pick = |json: &'static str, xml_body: &'static str| if xml { xml_body } else { json };
    match token.rsplit('-').next().unwrap_or_default() {
        "000000000002" => pick(fixtures::JORNAYA_YELLOW_JSON, fixtures::JORNAYA_YELLOW_XML),
        "000000000003" => pick(fixtures::JORNAYA_RED_JSON, fixtures::JORNAYA_RED_XML),
        "000000000004" => pick(fixtures::JORNAYA_TCPA_JSON, fixtures::JORNAYA_TCPA_XML),
        "000000000005" => pick(
            fixtures::JORNAYA_UNKNOWN_JSON,
            fixtures::JORNAYA_UNKNOWN_XML,
        ),
        "000000000006" => pick(
            fixtures::JORNAYA_NO_FLAGS_JSON,
            fixtures::JORNAYA_NO_FLAGS_XML,
        ),
        _ => pick(fixtures::JORNAYA_GREEN_JSON, fixtures::JORNAYA_GREEN_XML),
    }
}

/// `/jornaya/SinglePreAudit`.
pub(crate) fn answer(request: &MockRequest) -> Reply {
    let path = &request.path[JORNAYA_PREFIX.len()..];
    if path != "/SinglePreAudit"
        || !(request.method == Method::GET || request.method == Method::POST)
    {
        return not_found();
    }
    let params = params(request);
    let (Some(token), Some(_entity)) = (param(&params, "id"), param(&params, "lec")) else {
        return json(
            StatusCode::BAD_REQUEST,
            r#"{"error":"bad_request","message":"id and lec are required"}"#,
        );
    };
    let xml = param(&params, "format").is_some_and(|f| f.eq_ignore_ascii_case("xml"));
    let body = answer_for(token, xml);
    if xml {
        with_body(StatusCode::OK, "application/xml", body)
    } else {
        json(StatusCode::OK, body)
    }
}
