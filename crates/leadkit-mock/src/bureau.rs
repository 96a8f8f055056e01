//! Bureau: initiate a transaction, then fetch it (POST with `transactionId`, or GET by id)
//! until it is no longer `AWAITING`. The number of `AWAITING` answers follows the email.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use hyper::{Method, StatusCode};
use serde_json::{Value, json};

use crate::fixtures;
use crate::http::{self, MockRequest, Reply, json_value, not_found};
use crate::server::{BUREAU_PREFIX, State};

/// A transaction: how many more fetches answer `AWAITING`, and the details it was started with.
struct Transaction {
    awaiting_left: u32,
    workflow_id: Value,
    data: Value,
}

/// The transactions initiated so far.
#[derive(Default)]
pub(crate) struct Transactions {
    by_id: Mutex<HashMap<String, Transaction>>,
}

/// HTTP Basic with the credential id and secret.
pub(crate) fn check_auth(state: &State, request: &MockRequest) -> Option<Reply> {
    let credentials = &state.credentials;
    let accepted = request.basic_auth().is_some_and(|(id, secret)| {
        id == credentials.bureau_credential_id && secret == credentials.bureau_credential_secret
    });
    (!accepted).then(|| http::json(StatusCode::UNAUTHORIZED, fixtures::BUREAU_ERROR_401))
}

pub(crate) fn answer(state: &State, request: &MockRequest) -> Reply {
    let rest = request.path[BUREAU_PREFIX.len()..].trim_start_matches('/');
    match (
        request.method.clone(),
        rest.split('/').collect::<Vec<_>>().as_slice(),
    ) {
        (Method::POST, ["transactions"]) => {
            let body = request.json();
            match body.get("transactionId").and_then(Value::as_str) {
                Some(id) => fetch(state, id),
                None => initiate(state, &body),
            }
        }
        (Method::GET, ["transactions", id]) => fetch(state, id),
        _ => not_found(),
    }
}

/// How many fetches answer `AWAITING`: `awaitN…@` in the email asks for N, else 1.
fn awaiting_polls(data: &Value) -> u32 {
    let email = data
        .get("email")
        .and_then(Value::as_str)
        .unwrap_or_default();
    email
        .strip_prefix("await")
        .map(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|digits| digits.parse().ok())
        .unwrap_or(1)
}

fn bad_request(message: &str) -> Reply {
    json_value(
        StatusCode::BAD_REQUEST,
        &json!({"data": "", "errors": {"code": 400, "type": "BAD_REQUEST", "message": message, "description": message}, "message": message}),
    )
}

fn initiate(state: &State, body: &Value) -> Reply {
    let data = body.get("data").cloned().unwrap_or(Value::Null);
    let required = ["email", "name", "phoneNumber", "countryCode"];
    if body.get("workflowId").and_then(Value::as_str).is_none()
        || required.iter().any(|field| {
            data.get(field)
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
        })
    {
        return bad_request("workflowId, email, name, phoneNumber and countryCode are mandatory");
    }
    let mut transactions = state
        .bureau
        .by_id
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let id = format!("c7f3b313-0000-4000-8000-{:012}", transactions.len() + 1);
    let transaction = Transaction {
        awaiting_left: awaiting_polls(&data),
        workflow_id: body["workflowId"].clone(),
        data,
    };
    let answer = render(fixtures::BUREAU_INITIATE, &id, &transaction);
    transactions.insert(id, transaction);
    json_value(StatusCode::OK, &answer)
}

fn fetch(state: &State, id: &str) -> Reply {
    let mut transactions = state
        .bureau
        .by_id
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    let Some(transaction) = transactions.get_mut(id) else {
        return json_value(
            StatusCode::NOT_FOUND,
            &json!({"data": "", "errors": {"code": 404, "type": "NOT_FOUND", "message": "transaction not found", "description": "transaction not found"}, "message": "transaction not found"}),
        );
    };
    let fixture = if transaction.awaiting_left > 0 {
        transaction.awaiting_left -= 1;
        fixtures::BUREAU_AWAITING
    } else {
        fixtures::BUREAU_FINAL
    };
    json_value(StatusCode::OK, &render(fixture, id, transaction))
}

/// A fixture with the transaction's id, workflow id and raw input.
fn render(fixture: &str, id: &str, transaction: &Transaction) -> Value {
    let mut answer: Value = serde_json::from_str(fixture).unwrap_or_default();
    answer["transactionId"] = json!(id);
    answer["workflowId"] = transaction.workflow_id.clone();
    if let Some(raw) = answer
        .get_mut("transactionRawInput")
        .and_then(Value::as_object_mut)
        && let Some(data) = transaction.data.as_object()
    {
        for (key, value) in data {
            raw.insert(key.clone(), value.clone());
        }
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awaiting_count_follows_the_email() {
        assert_eq!(awaiting_polls(&json!({"email": "asha@example.com"})), 1);
        assert_eq!(awaiting_polls(&json!({"email": "await3@example.com"})), 3);
        assert_eq!(awaiting_polls(&json!({"email": "await0.x@example.com"})), 0);
    }
}
