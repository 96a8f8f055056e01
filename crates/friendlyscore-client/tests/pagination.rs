//! list-users: one page with its parameters, a pager over three pages that stops on the
//! last, streams of pages and of users, the guards against a listing that never ends, a 202
//! mid-walk, and `max_results` checked before any request.

mod common;

use std::pin::Pin;
use std::time::Duration;

use common::*;
use friendlyscore_client::futures_core::{FusedStream, Stream};
use friendlyscore_client::{Answer, DEFAULT_MAX_PAGES, Error, ListUsers};
use leadkit_core::testing::httpmock::prelude::*;
use leadkit_core::testing::{Reply, ScriptedServer};
use serde_json::json;

/// A page of users with these ids.
fn page_of(ids: &[u32]) -> String {
    let users: Vec<_> = ids.iter().map(|id| json!({"id": id.to_string()})).collect();
    json!({ "users": users }).to_string()
}

/// Up to `limit` items, read through the `Stream` trait (a bound, so that a stream that
/// never ends fails the test instead of hanging it).
async fn drain<S: Stream + Unpin>(stream: &mut S, limit: usize) -> Vec<S::Item> {
    let mut items = Vec::new();
    while items.len() < limit {
        match std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await {
            Some(item) => items.push(item),
            None => break,
        }
    }
    items
}

fn id_of(user: &friendlyscore_client::Decoded<friendlyscore_client::User>) -> String {
    user.typed().and_then(|u| u.id.clone()).unwrap_or_default()
}

/// Serves the three fixture pages (2, 2 and 1 users) at `max_results=2`.
async fn three_pages(server: &MockServer) {
    for page in 1..=3 {
        server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/api/v2/users.json")
                    .query_param("page", page.to_string())
                    .query_param("max_results", "2");
                then.status(200)
                    .body(fx(&format!("list_users_page{page}.json")));
            })
            .await;
    }
}

#[tokio::test]
async fn users_and_pages_are_streams() {
    let server = MockServer::start_async().await;
    let token = token_mock(&server).await;
    three_pages(&server).await;
    let client = client(&server);

    let mut users = client.list_users_stream(ListUsers::new().max_results(2));
    let items = drain(&mut users, 10).await;
    let ids: Vec<_> = items.iter().map(|u| id_of(u.as_ref().unwrap())).collect();
    assert_eq!(ids, ["1000", "1001", "1002", "1003", "1004"]);
    assert!(users.is_terminated());
    assert!(users.next().await.is_none());

    let mut pages = client
        .list_users_pager(ListUsers::new().max_results(2))
        .into_page_stream();
    let sizes: Vec<_> = drain(&mut pages, 10)
        .await
        .into_iter()
        .map(|page| page.unwrap().users.len())
        .collect();
    assert_eq!(sizes, [2, 2, 1]);
    assert!(pages.is_terminated());
    assert_eq!(pages.into_pager().next_page_number(), None);

    // The inherent `next` walks the same way, from a later page.
    let mut from_two = client
        .list_users_pager(ListUsers::new().page(2).max_results(2))
        .into_stream();
    let mut ids = Vec::new();
    while let Some(user) = from_two.next().await {
        ids.push(id_of(&user.unwrap()));
    }
    assert_eq!(ids, ["1002", "1003", "1004"]);
    token.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_server_repeating_a_page_is_stopped_with_an_error() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    // Ignores `page`: every page is the first one.
    let list = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v2/users.json");
            then.status(200).body(page_of(&[1, 2]));
        })
        .await;
    let client = client(&server);

    let mut pager = client.list_users_pager(ListUsers::new().max_results(2));
    let mut outcomes = Vec::new();
    for _ in 0..5 {
        outcomes.push(pager.next_page().await);
    }
    assert_eq!(
        outcomes[0].as_ref().unwrap().as_ref().unwrap().users.len(),
        2
    );
    for outcome in &outcomes[1..] {
        match outcome {
            Err(Error::Decode { path, reason, .. }) => {
                assert_eq!(path, "users");
                assert!(reason.contains("page 2 repeats"), "{reason}");
            }
            other => panic!("expected the walk to stop, got {other:?}"),
        }
    }
    assert_eq!(pager.next_page_number(), None);
    // Two pages asked; the stopped walk asks nothing more.
    list.assert_calls_async(2).await;

    // The stream of users yields the first page, the error, and ends.
    let mut users = client.list_users_stream(ListUsers::new().max_results(2));
    let items = drain(&mut users, 10).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(id_of(items[1].as_ref().unwrap()), "2");
    assert_eq!(items[2].as_ref().unwrap_err().kind(), "decode");
    assert!(users.is_terminated());
    list.assert_calls_async(4).await;
}

#[tokio::test]
async fn a_listing_cycling_through_pages_is_stopped() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let mut mocks = Vec::new();
    for page in 1..=6u32 {
        let ids = if page % 2 == 1 { [1, 2] } else { [3, 4] };
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/api/v2/users.json")
                    .query_param("page", page.to_string());
                then.status(200).body(page_of(&ids));
            })
            .await;
        mocks.push(mock);
    }
    let client = client(&server);
    let mut pages = client
        .list_users_pager(ListUsers::new().max_results(2))
        .into_page_stream();
    let items = drain(&mut pages, 10).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].is_ok() && items[1].is_ok());
    let error = items[2].as_ref().unwrap_err();
    assert!(error.to_string().contains("page 3 repeats"), "{error}");
    for (index, mock) in mocks.iter().enumerate() {
        mock.assert_calls_async(usize::from(index < 3)).await;
    }
}

#[tokio::test]
async fn a_listing_that_never_ends_stops_at_max_pages() {
    assert_eq!(DEFAULT_MAX_PAGES, 10_000);
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let mut mocks = Vec::new();
    for page in 1..=4u32 {
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/api/v2/users.json")
                    .query_param("page", page.to_string());
                then.status(200).body(page_of(&[page * 10, page * 10 + 1]));
            })
            .await;
        mocks.push(mock);
    }
    let client = client(&server);
    let mut pager = client
        .list_users_pager(ListUsers::new().max_results(2))
        .max_pages(3);
    for _ in 0..3 {
        assert_eq!(pager.next_page().await.unwrap().unwrap().users.len(), 2);
    }
    for _ in 0..2 {
        match pager.next_page().await {
            Err(Error::Decode { path, reason, .. }) => {
                assert_eq!(path, "page");
                assert!(reason.contains("within 3 pages"), "{reason}");
            }
            other => panic!("expected the walk to stop, got {other:?}"),
        }
    }
    // The fourth page is never asked for.
    for (index, mock) in mocks.iter().enumerate() {
        mock.assert_calls_async(usize::from(index < 3)).await;
    }
}

fn mid_walk_202() -> Vec<Reply> {
    vec![
        Reply::json(200, fx("token_success.json")),
        Reply::json(200, page_of(&[1, 2])),
        Reply::status(202).header("retry-after", "7"),
        Reply::json(200, page_of(&[3])),
    ]
}

fn pages_asked(server: &ScriptedServer) -> Vec<String> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.target.starts_with("/api/v2/users.json"))
        .map(|r| r.target)
        .collect()
}

#[tokio::test]
async fn a_202_mid_walk_is_an_error_and_the_pager_stays_on_that_page() {
    let server = ScriptedServer::start(mid_walk_202()).await;
    let client = client_for(&server.url());
    let mut pager = client.list_users_pager(ListUsers::new().max_results(2));
    assert_eq!(pager.next_page().await.unwrap().unwrap().users.len(), 2);
    let error = pager.next_page().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(202));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    // Not the end of the listing: the same page is asked again.
    assert_eq!(pager.next_page_number(), Some(2));
    let last = pager.next_page().await.unwrap().unwrap();
    assert_eq!(id_of(&last.users[0]), "3");
    assert!(pager.next_page().await.unwrap().is_none());
    assert_eq!(
        pages_asked(&server),
        [
            "/api/v2/users.json?page=1&max_results=2",
            "/api/v2/users.json?page=2&max_results=2",
            "/api/v2/users.json?page=2&max_results=2",
        ]
    );
}

#[tokio::test]
async fn a_202_mid_stream_is_an_error_and_the_stream_resumes_from_its_pager() {
    let server = ScriptedServer::start(mid_walk_202()).await;
    let client = client_for(&server.url());
    let mut users = client.list_users_stream(ListUsers::new().max_results(2));
    let items = drain(&mut users, 10).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(
        items[2].as_ref().unwrap_err().status().map(|s| s.as_u16()),
        Some(202)
    );
    assert!(users.is_terminated());
    // Come back later: the pager is still on page 2.
    let pager = users.into_pager();
    assert_eq!(pager.next_page_number(), Some(2));
    let mut rest = pager.into_stream();
    let items = drain(&mut rest, 10).await;
    let ids: Vec<_> = items.iter().map(|u| id_of(u.as_ref().unwrap())).collect();
    assert_eq!(ids, ["3"]);
    assert_eq!(pages_asked(&server).len(), 3);
}

#[tokio::test]
async fn one_page_sends_page_and_max_results() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/users.json")
                .header("authorization", BEARER)
                .query_param("page", "2")
                .query_param("max_results", "2");
            then.status(200).body(fx("list_users_page2.json"));
        })
        .await;
    let page = client(&server)
        .list_users(ListUsers::new().page(2).max_results(2))
        .await
        .unwrap()
        .ready()
        .unwrap();
    mock.assert_calls_async(1).await;
    let ids: Vec<_> = page
        .typed_users()
        .map(|u| u.id.as_deref().unwrap())
        .collect();
    assert_eq!(ids, ["1002", "1003"]);
    let first = page.users[0].typed().unwrap();
    assert_eq!(first.friendlyscore, Some(502));
    assert_eq!(first.positive, Some(false));
    assert!(page.notices.is_empty());
}

#[tokio::test]
async fn defaults_send_no_parameters() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/users.json")
                .query_param_missing("page")
                .query_param_missing("max_results");
            then.status(200).body(r#"[{"id":"1"}]"#);
        })
        .await;
    let page = client(&server).list_users(ListUsers::new()).await.unwrap();
    mock.assert_calls_async(1).await;
    let page = page.ready().unwrap();
    assert_eq!(page.users[0].typed().unwrap().id.as_deref(), Some("1"));
}

#[tokio::test]
async fn pager_walks_three_pages_and_stops_on_the_short_one() {
    let server = MockServer::start_async().await;
    let token = token_mock(&server).await;
    let mut pages = Vec::new();
    for page in 1..=4 {
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/api/v2/users.json")
                    .query_param("page", page.to_string())
                    .query_param("max_results", "2");
                let body = if page == 4 {
                    "[]".to_owned()
                } else {
                    fx(&format!("list_users_page{page}.json"))
                };
                then.status(200).body(body);
            })
            .await;
        pages.push(mock);
    }
    let client = client(&server);
    let mut pager = client.list_users_pager(ListUsers::new().max_results(2));
    let mut sizes = Vec::new();
    while let Some(page) = pager.next_page().await.unwrap() {
        sizes.push(page.users.len());
    }
    assert_eq!(sizes, [2, 2, 1]);
    assert!(pager.next_page().await.unwrap().is_none());
    for (index, mock) in pages.iter().enumerate() {
        mock.assert_calls_async(usize::from(index < 3)).await;
    }
    // collect_all walks the same pages again.
    let users = client
        .list_users_pager(ListUsers::new().max_results(2))
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<_> = users
        .iter()
        .map(|u| u.typed().unwrap().id.clone().unwrap())
        .collect();
    assert_eq!(ids, ["1000", "1001", "1002", "1003", "1004"]);
    token.assert_calls_async(1).await;
}

#[tokio::test]
async fn pager_stops_on_no_data() {
    let server = MockServer::start_async().await;
    token_mock(&server).await;
    let mock = server
        .mock_async(|when, then| {
            when.path("/api/v2/users.json");
            then.status(204);
        })
        .await;
    let client = client(&server);
    let mut pager = client.list_users_pager(ListUsers::new().page(3));
    assert!(pager.next_page().await.unwrap().is_none());
    assert!(pager.next_page().await.unwrap().is_none());
    mock.assert_calls_async(1).await;
    assert!(matches!(
        client.list_users(ListUsers::new()).await.unwrap(),
        Answer::NoData
    ));
}

#[tokio::test]
async fn max_results_out_of_range_is_rejected_without_a_request() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let client = client(&server);
    for bad in [0, 201] {
        let error = client
            .list_users(ListUsers::new().max_results(bad))
            .await
            .unwrap_err();
        assert_eq!(error.field(), Some("max_results"));
        let error = client
            .list_users_pager(ListUsers::new().max_results(bad))
            .next_page()
            .await
            .unwrap_err();
        assert_eq!(error.field(), Some("max_results"));
    }
    let error = client
        .list_users(ListUsers::new().page(0))
        .await
        .unwrap_err();
    assert_eq!(error.field(), Some("page"));
    any.assert_calls_async(0).await;
}
