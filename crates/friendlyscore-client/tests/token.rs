//! The OAuth2 token through the client: cached, single flight, refreshed before expiry,
//! refreshed once on 401, `invalid_client` surfaced as an auth error.

mod common;

use std::time::Duration;

use common::*;
use friendlyscore_client::{Error, Rejection, UserId};
use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{Reply, ScriptedServer};

fn token_reply(token: &str, expires_in: u64) -> Reply {
    Reply::json(
        200,
        format!(
            r#"{{"access_token":"{token}","expires_in":{expires_in},"token_type":"bearer","scope":null}}"#
        ),
    )
}

#[tokio::test]
async fn token_is_fetched_once_and_reused() {
    let server = MockServer::start_async().await;
    let token = token_mock(&server).await;
    let show = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/users/partner-id/u-1/show.json")
                .header("authorization", BEARER);
            then.status(200).body(fx("show_user.json"));
        })
        .await;
    let client = client(&server);
    let user = UserId::partner("u-1");
    for _ in 0..3 {
        client.show_user(&user).await.unwrap();
    }
    // Clones share the cache.
    client.clone().show_user(&user).await.unwrap();
    show.assert_calls_async(4).await;
    token.assert_calls_async(1).await;
}

#[tokio::test]
async fn concurrent_first_calls_fetch_one_token() {
    let server = MockServer::start_async().await;
    let token = token_mock(&server).await;
    let show = server
        .mock_async(|when, then| {
            when.method(GET).header("authorization", BEARER);
            then.status(200).body(fx("show_user.json"));
        })
        .await;
    let client = client(&server);
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let client = client.clone();
            tokio::spawn(async move { client.show_user(&UserId::partner(format!("u-{n}"))).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    show.assert_calls_async(8).await;
    token.assert_calls_async(1).await;
}

#[tokio::test(start_paused = true)]
async fn token_is_refreshed_before_it_expires() {
    let show = || Reply::json(200, fx("show_user.json"));
    let server = ScriptedServer::start(vec![
        token_reply("first-token", 3600),
        show(),
        show(),
        show(),
        token_reply("second-token", 3600),
        show(),
    ])
    .await;
    let client = client_for(&server.url());
    let user = UserId::partner("u-1");
    client.show_user(&user).await.unwrap();
    // 50 minutes later the token is still good.
    tokio::time::advance(Duration::from_secs(3000)).await;
    client.show_user(&user).await.unwrap();
    assert_eq!(server.requests().len(), 3);
    // Within 60 s of its 3600 s expiry, the still-valid token is used at once and a fresh
    // one is fetched in the background; the next call uses the fresh one.
    tokio::time::advance(Duration::from_secs(541)).await;
    client.show_user(&user).await.unwrap();
    tokio::time::sleep(Duration::from_millis(10)).await;
    client.show_user(&user).await.unwrap();
    let requests = server.requests();
    let targets: Vec<_> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.target.as_str()))
        .collect();
    assert_eq!(
        targets,
        [
            ("POST", "/oauth/v2/token"),
            ("GET", "/api/v2/users/partner-id/u-1/show.json"),
            ("GET", "/api/v2/users/partner-id/u-1/show.json"),
            ("GET", "/api/v2/users/partner-id/u-1/show.json"),
            ("POST", "/oauth/v2/token"),
            ("GET", "/api/v2/users/partner-id/u-1/show.json"),
        ]
    );
    for used_first in &requests[1..4] {
        assert_eq!(
            used_first.header("authorization"),
            Some("Bearer first-token")
        );
    }
    assert_eq!(
        requests[5].header("authorization"),
        Some("Bearer second-token")
    );
}

#[tokio::test]
async fn a_401_fetches_one_fresh_token_and_resends_once() {
    let server = ScriptedServer::start(vec![
        token_reply("stale-token", 3600),
        Reply::json(401, fx("unauthorized.json")),
        token_reply("fresh-token", 3600),
        Reply::json(200, fx("show_user.json")),
    ])
    .await;
    let client = client_for(&server.url());
    let user = client
        .show_user(&UserId::partner("u-1"))
        .await
        .unwrap()
        .ready()
        .unwrap();
    assert_eq!(user.friendlyscore, Some(712));
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(
        requests[1].header("authorization"),
        Some("Bearer stale-token")
    );
    assert_eq!(requests[2].target, "/oauth/v2/token");
    assert_eq!(
        requests[3].header("authorization"),
        Some("Bearer fresh-token")
    );
}

#[tokio::test]
async fn a_second_401_is_an_auth_error_after_exactly_one_refresh() {
    let server = ScriptedServer::start(vec![
        token_reply("token-a", 3600),
        Reply::json(401, fx("unauthorized.json")),
        token_reply("token-b", 3600),
        Reply::json(401, fx("unauthorized.json")),
    ])
    .await;
    let error = client_for(&server.url())
        .show_user(&UserId::partner("u-1"))
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 4);
    match &error {
        Error::Auth {
            status, message, ..
        } => {
            assert_eq!(status.map(|s| s.as_u16()), Some(401));
            let message = message.as_ref().unwrap();
            assert_eq!(message.code(), Some("401"));
            assert_eq!(message.message(), Some("Unauthorized"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(Rejection::from_error(&error), Some(Rejection::Unauthorized));
}

#[tokio::test]
async fn invalid_client_is_an_auth_error_with_the_vendor_description() {
    let server = MockServer::start_async().await;
    let token = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth/v2/token");
            then.status(400).body(fx("token_invalid_client.json"));
        })
        .await;
    let show = server
        .mock_async(|when, then| {
            when.path_prefix("/api/");
            then.status(200);
        })
        .await;
    let error = client(&server)
        .show_user(&UserId::partner("u-1"))
        .await
        .unwrap_err();
    token.assert_calls_async(1).await;
    show.assert_calls_async(0).await;
    match &error {
        Error::Auth {
            status, message, ..
        } => {
            assert_eq!(status.map(|s| s.as_u16()), Some(400));
            let message = message.as_ref().unwrap();
            assert_eq!(message.code(), Some("invalid_client"));
            assert_eq!(
                message.message(),
                Some("The client credentials are invalid")
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        Rejection::from_error(&error),
        Some(Rejection::InvalidClient)
    );
    assert!(
        error
            .to_string()
            .contains("The client credentials are invalid")
    );
}

#[tokio::test(start_paused = true)]
async fn a_refused_client_is_remembered_for_the_configured_time() {
    let refusal = || {
        Reply::json(
            400,
            r#"{"error":"invalid_client","error_description":"The client credentials are invalid"}"#,
        )
    };
    let user = UserId::partner("u-1");

    // Default: remembered 30 s, so the second call asks nobody.
    let server = ScriptedServer::start(vec![refusal()]).await;
    let client = client_for(&server.url());
    for _ in 0..2 {
        let error = client.show_user(&user).await.unwrap_err();
        assert_eq!(
            Rejection::from_error(&error),
            Some(Rejection::InvalidClient)
        );
    }
    assert_eq!(server.requests().len(), 1);
    tokio::time::advance(Duration::from_secs(31)).await;
    client.show_user(&user).await.unwrap_err();
    assert_eq!(server.requests().len(), 2);

    // Zero: every call asks again.
    let server = ScriptedServer::start(vec![refusal()]).await;
    let client = friendlyscore_client::FriendlyScoreClient::builder(
        "client-id",
        friendlyscore_client::SecretString::from("client-secret"),
    )
    .base_url(server.url())
    .unwrap()
    .http_client(leadkit_core::testing::test_http_client())
    .token_refusal_memory(Duration::ZERO)
    .build()
    .unwrap();
    for _ in 0..2 {
        client.show_user(&user).await.unwrap_err();
    }
    assert_eq!(server.requests().len(), 2);
}
