//! Vendor drift: list order kept, one odd entry or member costs that entry or member only (kept
//! raw with the reason, reported, hidden from `Debug`), tolerant leaves, and every model gives
//! back every field received. The answers are the fixtures, changed here.

mod common;

use common::*;
use friendlyscore_client::{
    Acknowledgement, DataPoint, Decoded, FraudAlert, HeatMapPoint, IpAddress, ListUsers, Notices,
    ResultFlag, User, UserData, UserId, UsersPage, drift,
};
use leadkit_core::testing::httpmock::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// A mock answering `body` to a GET of `path`.
async fn serve(server: &MockServer, path: &str, body: &Value) {
    let body = body.to_string();
    server
        .mock_async(|when, then| {
            when.method(GET).path(path);
            then.status(200).body(body);
        })
        .await;
}

fn object(value: &mut Value) -> &mut serde_json::Map<String, Value> {
    value.as_object_mut().expect("an object")
}

/// Decodes `value` as `T` under `drift::watch`.
fn watched<T: DeserializeOwned>(value: &Value) -> (T, drift::Drift) {
    drift::watch(|| serde_json::from_value::<T>(value.clone()).expect("decodes"))
}

/// Serialises `model` and compares it with `sent` member by member (recursively into objects):
/// every member sent comes back equal, except those in `respelled` (a path and the value it
/// comes back as), and nothing comes back that was not sent.
fn assert_gives_back<T: Serialize>(model: &T, sent: &Value, respelled: &[(&str, Value)]) {
    let back = serde_json::to_value(model).expect("serialises");
    compare("", sent, &back, respelled);
}

fn compare(path: &str, sent: &Value, back: &Value, respelled: &[(&str, Value)]) {
    if let Some((_, expected)) = respelled.iter().find(|(at, _)| *at == path) {
        assert_eq!(back, expected, "{path}: not the documented re-spelling");
        return;
    }
    match (sent, back) {
        (Value::Object(sent), Value::Object(back)) => {
            for (key, value) in sent {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match back.get(key) {
                    Some(came_back) => compare(&at, value, came_back, respelled),
                    None => panic!("{at}: sent but not given back"),
                }
            }
            for key in back.keys() {
                assert!(
                    sent.contains_key(key),
                    "{path}.{key}: given back but never sent"
                );
            }
        }
        (Value::Array(sent), Value::Array(back)) => {
            assert_eq!(sent.len(), back.len(), "{path}: items");
            for (index, (sent, back)) in sent.iter().zip(back).enumerate() {
                compare(&format!("{path}.{index}"), sent, back, respelled);
            }
        }
        _ => assert_eq!(sent, back, "{path}"),
    }
}

#[tokio::test]
async fn users_keyed_by_id_keep_the_order_sent() {
    let mut body = fx_json("list_users_page1.json");
    let template = body["users"][0].clone();
    let mut keyed = serde_json::Map::new();
    for id in [9, 10, 100] {
        let mut user = template.clone();
        user["id"] = json!(id);
        keyed.insert(id.to_string(), user);
    }
    // `Map` sorts its keys ("10" < "100" < "9"): write the body in the vendor's order by hand.
    let users = [9, 10, 100]
        .map(|id| format!("\"{id}\":{}", keyed[&id.to_string()]))
        .join(",");
    let text = format!(r#"{{"users":{{{users}}},"notices":[]}}"#);
    assert!(text.find("\"9\"") < text.find("\"10\""));
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v2/users.json");
            then.status(200).body(text.clone());
        })
        .await;

    let page = client(&server)
        .list_users(ListUsers::new())
        .await
        .unwrap()
        .ready()
        .unwrap();
    let ids: Vec<_> = page
        .typed_users()
        .map(|user| user.id.as_deref().unwrap())
        .collect();
    assert_eq!(ids, ["9", "10", "100"]);
    assert_eq!(page.user_keys().unwrap(), ["9", "10", "100"]);
    // Written back keyed, in the same order.
    let written = serde_json::to_string(&page).unwrap();
    let at = |key: &str| written.find(&format!("\"{key}\":{{")).unwrap();
    assert!(at("9") < at("10") && at("10") < at("100"), "{written}");
    body["users"] = Value::Object(keyed);
    // An empty `notices` is left out; ids come back as text, `positive: 0` as `false`.
    object(&mut body).remove("notices");
    assert_gives_back(
        &page,
        &body,
        &[
            ("users.9.id", json!("9")),
            ("users.10.id", json!("10")),
            ("users.100.id", json!("100")),
            ("users.9.positive", json!(false)),
            ("users.10.positive", json!(false)),
            ("users.100.positive", json!(false)),
        ],
    );
}

#[tokio::test]
async fn one_undecodable_user_keeps_the_rest_of_the_page() {
    let mut body = fx_json("list_users_page1.json");
    let users = body["users"].as_array_mut().unwrap();
    users.insert(1, json!("dave@example.com"));
    users.push(json!(447700900123_u64));
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    serve(&server, "/api/v2/users.json", &body).await;

    let page = client(&server)
        .list_users(ListUsers::new())
        .await
        .unwrap()
        .ready()
        .unwrap();
    assert_eq!(page.users.len(), 4);
    let ids: Vec<_> = page
        .typed_users()
        .map(|user| user.id.as_deref().unwrap())
        .collect();
    assert_eq!(ids, ["1000", "1001"]);
    let raw = page.users[1].raw().expect("kept raw");
    assert_eq!(raw.value(), &json!("dave@example.com"));
    assert!(
        raw.reason().contains("expected an object"),
        "{}",
        raw.reason()
    );
    assert_eq!(page.raw_users().count(), 2);
    let debug = format!("{page:?}");
    assert!(
        !debug.contains("dave") && !debug.contains("447700900123"),
        "{debug}"
    );

    // The same body, decoded under watch: both entries are reported, values masked.
    let (_, seen): (UsersPage, _) = watched(&body);
    assert_eq!(seen.undecodable_parts.len(), 2, "{seen:?}");
    assert!(
        seen.undecodable_parts
            .iter()
            .all(|(model, _)| model == "User")
    );
    assert!(!format!("{seen:?}").contains("dave"));
    // Nothing dropped: the page is written back with the raw entries as sent.
    object(&mut body).remove("notices");
    assert_gives_back(
        &page,
        &body,
        &[
            ("users.0.id", json!("1000")),
            ("users.0.positive", json!(false)),
            ("users.2.id", json!("1001")),
            ("users.2.positive", json!(false)),
        ],
    );
}

#[tokio::test]
async fn one_undecodable_ip_address_entry_keeps_the_others() {
    let mut entry = fx_json("show_user_ip_addr.json");
    let notices = object(&mut entry).remove("notices").unwrap();
    let odd = json!({"ip": {"v4": "198.51.100.23"}, "country_code": "GB"});
    let body = json!([entry, odd, "192.0.2.44"]);
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let client = client(&server);
    serve(
        &server,
        "/api/v2/users/partner-id/u-7/show/ip-address-data.json",
        &body,
    )
    .await;
    let data = client
        .show_user_ip_addr(&UserId::partner("u-7"))
        .await
        .unwrap()
        .ready()
        .unwrap();

    let (addresses, seen) = drift::watch(|| data.ip_addresses());
    assert_eq!(addresses.len(), 3);
    let first = addresses[0].typed().expect("typed");
    assert_eq!(first.ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(first.country_code.as_deref(), Some("GB"));
    assert_eq!(first.city.as_deref(), Some("Exampleton"));
    assert_eq!(addresses[1].raw().unwrap().value(), &odd);
    assert!(addresses[2].raw().is_some());
    assert_eq!(seen.undecodable_parts.len(), 2);
    assert!(
        seen.undecodable_parts
            .iter()
            .all(|(model, _)| model == "IpAddress")
    );
    let printed = format!("{addresses:?} {seen:?}");
    for personal in ["203.0.113.7", "198.51.100.23", "192.0.2.44", "Exampleton"] {
        assert!(!printed.contains(personal), "{printed}");
    }

    // The documented single-object answer is one entry, its notices read out.
    let mut single = fx_json("show_user_ip_addr.json");
    object(&mut single).insert("notices".into(), notices);
    let data: UserData = serde_json::from_value(single).unwrap();
    let addresses = data.ip_addresses();
    assert_eq!(addresses.len(), 1);
    assert_eq!(
        addresses[0].typed().unwrap().ip.as_deref(),
        Some("203.0.113.7")
    );
    assert!(addresses[0].typed().unwrap().extra.is_empty());
}

#[test]
fn other_user_data_items_decode_one_by_one() {
    let mut heat = fx_json("show_user_heat_map.json");
    heat.as_array_mut()
        .unwrap()
        .push(json!({"lat": "north", "lng": -0.12}));
    heat.as_array_mut()
        .unwrap()
        .push(json!({"lat": "51.5", "lng": -0.12, "weight": "2"}));
    let data: UserData = serde_json::from_value(heat).unwrap();
    let (points, seen) = drift::watch(|| data.heat_map());
    assert_eq!(points.len(), 4);
    assert_eq!(points[0].typed().unwrap().lat, Some(51.5007));
    assert!(points[2].raw().is_some());
    assert_eq!(points[3].typed().unwrap().weight, Some(2.0));
    assert_eq!(seen.undecodable_parts.len(), 1);
    assert!(!format!("{points:?}").contains("51.5007"));

    let mut alerts = fx_json("show_fraudalerts.json");
    let list = alerts.as_array_mut().unwrap();
    list.push(json!({"type": "velocity", "created_at": "2024-01-31T17:05:00.123456789Z"}));
    list.push(json!({"type": "velocity", "created_at": "2024-01-31 17:05"}));
    list.push(json!({"type": "velocity", "created_at": ""}));
    list.push(json!({"type": "velocity", "created_at": "last tuesday"}));
    let data: UserData = serde_json::from_value(alerts).unwrap();
    let (alerts, seen) = drift::watch(|| data.fraud_alerts());
    let at = |index: usize| {
        alerts[index]
            .typed()
            .unwrap()
            .created_at
            .map(|at| at.to_string())
    };
    assert_eq!(
        alerts[0].typed().unwrap().kind.as_deref(),
        Some("shared_device")
    );
    assert_eq!(at(0).as_deref(), Some("2024-01-31 17:05:00"));
    assert_eq!(at(1).as_deref(), Some("2024-01-31 17:05:00.123456789"));
    assert_eq!(at(2).as_deref(), Some("2024-01-31 17:05:00"));
    assert_eq!(at(3), None);
    assert!(alerts[4].raw().is_some());
    assert_eq!(seen.undecodable_parts.len(), 1);
    assert_eq!(seen.undecodable_parts[0].0, "FraudAlert");
    assert!(!seen.undecodable_parts[0].1.contains("tuesday"));

    let mut points = fx_json("show_user_data_points.json");
    points["data_points"]
        .as_array_mut()
        .unwrap()
        .insert(1, json!("friends: 245"));
    let data: UserData = serde_json::from_value(points).unwrap();
    let points = data.data_points();
    assert_eq!(points.len(), 3);
    assert_eq!(
        points[0].typed().unwrap().name.as_deref(),
        Some("facebook_friends")
    );
    assert_eq!(
        points[0].typed().unwrap().value.as_ref().unwrap().value(),
        &json!(245)
    );
    assert!(points[1].raw().is_some());
    assert!(points[2].is_typed());
}

#[tokio::test]
async fn leaves_are_read_in_every_form_the_vendor_uses() {
    let mut body = fx_json("show_user.json");
    let user = object(&mut body);
    for (key, value) in [
        ("id", json!("1187")),
        ("age", json!("34")),
        ("friendlyscore", json!(712.0)),
        ("status", json!("2")),
        ("loan_amount", json!(" 1500.50 ")),
        ("education_average", json!(3)),
        ("positive", json!("y")),
        ("has_kids", json!(1.0)),
        ("working", json!("Yes")),
        ("in_relationship", json!("false")),
        ("lead", json!("0")),
        ("city_population_50k", json!(true)),
        ("email", json!("")),
        ("gender", json!("  ")),
        ("loan_description", json!(null)),
    ] {
        user.insert(key.into(), value);
    }
    object(&mut body["notices"]).insert("ip_address_notice".into(), json!(""));
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    serve(&server, "/api/v2/users/partner-id/u-7/show.json", &body).await;
    server
        .mock_async(|when, then| {
            when.method(PUT);
            then.status(200)
                .body(r#"{"result":" success ","message":"","user_id":1187}"#);
        })
        .await;
    let client = client(&server);
    let found = client
        .show_user(&UserId::partner("u-7"))
        .await
        .unwrap()
        .ready()
        .unwrap();
    assert_eq!(found.id.as_deref(), Some("1187"));
    assert_eq!(found.age, Some(34));
    assert_eq!(found.friendlyscore, Some(712));
    assert_eq!(found.status.as_deref(), Some("2"));
    assert_eq!(found.loan_amount, Some(1500.5));
    assert_eq!(found.education_average, Some(3.0));
    assert_eq!(found.positive, Some(true));
    assert_eq!(found.has_kids, Some(true));
    assert_eq!(found.working, Some(true));
    assert_eq!(found.in_relationship, Some(false));
    assert_eq!(found.lead, Some(false));
    assert_eq!(found.city_population_50k, Some(true));
    assert_eq!(found.email, None);
    assert_eq!(found.gender, None);
    assert_eq!(found.loan_description, None);
    assert_eq!(found.notices.ip_address_notice, None);
    assert!(found.notices.google_scopes_notice.is_some());
    // Only the field the model does not type is extra.
    assert_eq!(
        found.extra.keys().collect::<Vec<_>>(),
        ["facebook_friends_count"]
    );

    let ack = client
        .set_positive(&UserId::partner("u-7"), true)
        .await
        .unwrap();
    assert_eq!(ack.result, Some(ResultFlag::Success));
    assert_eq!(ack.message, None);
    assert_eq!(ack.user_id.as_deref(), Some("1187"));
}

#[tokio::test]
async fn odd_members_stay_under_their_key_and_are_reported() {
    let mut user = fx_json("show_user.json");
    object(&mut user).insert("age".into(), json!("dave@example.com"));
    object(&mut user).insert("notices".into(), json!("see the ip address"));
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    serve(&server, "/api/v2/users/partner-id/u-7/show.json", &user).await;
    let found = client(&server)
        .show_user(&UserId::partner("u-7"))
        .await
        .unwrap()
        .ready()
        .unwrap();
    assert_eq!(found.age, None);
    assert_eq!(found.extra["age"], json!("dave@example.com"));
    assert_eq!(found.extra["notices"], json!("see the ip address"));
    assert!(found.notices.is_empty());
    assert_eq!(found.friendlyscore, Some(712));

    let (_, seen): (User, _) = watched(&user);
    let mut parts: Vec<_> = seen
        .undecodable_parts
        .iter()
        .map(|(p, _)| p.as_str())
        .collect();
    parts.sort_unstable();
    assert_eq!(parts, ["User.age", "User.notices"]);
    assert!(!format!("{seen:?}").contains("dave"));

    // The same for a page's and a user-data answer's notices.
    let mut page = fx_json("list_users_page1.json");
    page["notices"] = json!(7);
    let (page, seen): (UsersPage, _) = watched(&page);
    assert_eq!(page.extra["notices"], json!(7));
    assert_eq!(seen.undecodable_parts[0].0, "UsersPage.notices");
    let mut social = fx_json("show_user_social.json");
    social["notices"] = json!("odd");
    let (data, seen): (UserData, _) = watched(&social);
    assert_eq!(data.get("notices"), Some(&json!("odd")));
    assert_eq!(seen.undecodable_parts[0].0, "UserData.notices");
}

#[test]
fn every_model_gives_back_every_field_received() {
    let brand_new = json!({"nested": [1, "two", {"three": null}], "flag": false});

    // User: documented re-spellings only.
    let mut user = fx_json("show_user.json");
    object(&mut user).insert("brand_new".into(), brand_new.clone());
    object(&mut user["notices"]).insert("new_notice".into(), json!("hello"));
    let (decoded, _): (User, _) = watched(&user);
    assert_gives_back(
        &decoded,
        &user,
        &[
            ("id", json!("1187")),
            ("status", json!("2")),
            ("city_population_50k", json!(true)),
            ("contact_bank_in_90_days", json!(false)),
            ("lead", json!(false)),
            ("loan_amount", json!(1500.0)),
            ("positive", json!(true)),
            ("scoreyourself_mobile", json!(false)),
        ],
    );

    let mut notices = fx_json("notices.json");
    object(&mut notices).insert("brand_new".into(), brand_new.clone());
    let (decoded, _): (Notices, _) = watched(&notices);
    assert_gives_back(&decoded, &notices, &[]);

    let mut ack = fx_json("calculate_score_success.json");
    object(&mut ack).insert("brand_new".into(), brand_new.clone());
    let (decoded, _): (Acknowledgement, _) = watched(&ack);
    assert_gives_back(&decoded, &ack, &[]);

    let mut page = fx_json("list_users_page2.json");
    object(&mut page).insert("total".into(), json!(5));
    object(&mut page["users"][0]).insert("brand_new".into(), brand_new.clone());
    object(&mut page).insert("notices".into(), json!({"ip_address_notice": "bad ip"}));
    let (decoded, _): (UsersPage, _) = watched(&page);
    assert_gives_back(
        &decoded,
        &page,
        &[
            ("users.0.id", json!("1002")),
            ("users.0.positive", json!(false)),
            ("users.1.id", json!("1003")),
            ("users.1.positive", json!(false)),
        ],
    );

    for name in [
        "show_user_social.json",
        "show_user_ip_addr.json",
        "show_user_data_points.json",
        "show_user_heat_map.json",
        "min_fraud_data.json",
        "show_fraudalerts.json",
        "gmail_work_periods.json",
        "gmail_emails.json",
    ] {
        let mut sent = fx_json(name);
        match &mut sent {
            Value::Object(map) => {
                map.insert("brand_new".into(), brand_new.clone());
                if map.get("notices") == Some(&json!([])) {
                    // An empty `notices` (PHP's `[]`) is left out.
                    map.remove("notices");
                }
            }
            Value::Array(items) => items.push(brand_new.clone()),
            _ => unreachable!(),
        }
        let (decoded, _): (UserData, _) = watched(&sent);
        assert_gives_back(&decoded, &sent, &[]);
    }

    // The typed items, each with a field they do not type.
    fn item<T: DeserializeOwned + Serialize>(mut sent: Value, respelled: &[(&str, Value)]) {
        object(&mut sent).insert("brand_new".into(), json!({"x": [1]}));
        let decoded: Decoded<T> = serde_json::from_value(sent.clone()).unwrap();
        assert!(decoded.is_typed(), "{sent}");
        assert_gives_back(&decoded, &sent, respelled);
    }
    let mut ip = fx_json("show_user_ip_addr.json");
    object(&mut ip).remove("notices");
    item::<IpAddress>(ip, &[]);
    item::<DataPoint>(
        fx_json("show_user_data_points.json")["data_points"][0].clone(),
        &[],
    );
    item::<HeatMapPoint>(
        fx_json("show_user_heat_map.json")[0].clone(),
        &[("weight", json!(4.0))],
    );
    item::<FraudAlert>(
        fx_json("show_fraudalerts.json")[0].clone(),
        &[("created_at", json!("2024-01-31T17:05:00"))],
    );
}
