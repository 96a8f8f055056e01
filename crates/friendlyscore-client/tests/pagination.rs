//! list-users: one page with its parameters, a pager over three pages that stops on the
//! last, and `max_results` checked before any request.

mod common;

use common::*;
use friendlyscore_client::{Answer, ListUsers};
use leadkit_core::testing::httpmock::prelude::*;

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
