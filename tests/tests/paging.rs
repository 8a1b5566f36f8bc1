//! Lists walked page by page, on the wire of the paging fixture's client
//! (`tests/clients/paging`, from `tests/fixtures/specs/paging.yaml`): per rule, three pages
//! fetched one request each and only when read, their items in order, the credentials and the
//! builder's own header on every page, and next pages on another server refused.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use futures_core::Stream;
use paging_client::{Client, ErrorKind, Items, RetryPolicy};
use tests::loopback::{Reply, Request, Server};

/// Awaits a client future for at most 10 s.
async fn bounded<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), future)
        .await
        .expect("the client did not return within 10 s")
}

fn client(server: &Server) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.url()))
        .bearer_token("t0k3n")
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap()
}

/// `{"id": "a"}, {"id": "b"}`: items of these ids, as JSON.
fn items(ids: &[&str]) -> String {
    let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}"}}"#)).collect();
    items.join(",")
}

/// Reads every item of the stream, checking that the first is there after one request and
/// that no page is fetched before the items of the one before it are read: the ids, and the
/// requests the server saw.
async fn walk(server: &Server, mut stream: Items<paging_client::models::Item>) -> Vec<String> {
    let first = bounded(stream.next()).await.unwrap().unwrap();
    assert_eq!(
        server.requests().len(),
        1,
        "the first item needs one request"
    );
    let second = bounded(stream.next()).await.unwrap().unwrap();
    // Still the first page's items: nothing more was asked for.
    assert_eq!(server.requests().len(), 1);
    let mut ids = vec![first.id, second.id];
    while let Some(item) = bounded(stream.next()).await {
        ids.push(item.unwrap().id);
    }
    // Read to the end, the stream stays ended.
    assert!(bounded(stream.next()).await.is_none());
    ids
}

/// Each request's target, checking that every one sent the token and the extra header.
fn targets(server: &Server) -> Vec<String> {
    let requests: Vec<Request> = server.requests();
    for request in &requests {
        assert_eq!(
            request.header("authorization"),
            Some("Bearer t0k3n"),
            "{request:?}"
        );
        assert_eq!(request.header("x-trace"), Some("walk"), "{request:?}");
        assert_eq!(request.method, "GET");
    }
    requests.into_iter().map(|r| r.target).collect()
}

const SIX: [&str; 6] = ["a", "b", "c", "d", "e", "f"];

#[tokio::test]
async fn the_link_header_rule_follows_rel_next_until_there_is_none() {
    let server = Server::start_with(|url| {
        let page = |ids: &[&str], link: &str| {
            Reply::json(200, format!("[{}]", items(ids))).with_header("Link", link)
        };
        vec![
            // Several links, the next one absolute; `rel` with several relation types.
            page(
                &["a", "b"],
                &format!(
                    r#"<{url}/v1/link?per_page=2&page=9>; rel="last", <{url}/v1/link?per_page=2&page=2>; rel="next""#
                ),
            ),
            // Relative, after a link whose quoted title holds a comma and a semicolon.
            page(
                &["c", "d"],
                r#"</v1/link?per_page=2&page=1>; title="first, or; so"; rel="prev first", </v1/link?per_page=2&page=3>; rel="next prefetch""#,
            ),
            page(&["e", "f"], r#"</v1/link?per_page=2&page=2>; rel=prev"#),
        ]
    })
    .await;
    let client = client(&server);
    let stream = client
        .list_by_link()
        .per_page(2)
        .extra_header("x-trace", "walk")
        .items();
    assert_eq!(walk(&server, stream).await, SIX);
    assert_eq!(
        targets(&server),
        [
            "/v1/link?per_page=2",
            "/v1/link?per_page=2&page=2",
            "/v1/link?per_page=2&page=3"
        ]
    );
}

#[tokio::test]
async fn the_cursor_rule_sets_starting_after_to_the_last_id_while_has_more() {
    let page = |ids: &[&str], more: bool| {
        Reply::json(
            200,
            format!(
                r#"{{"object":"list","data":[{}],"has_more":{more}}}"#,
                items(ids)
            ),
        )
    };
    let server = Server::start(vec![
        page(&["a", "b"], true),
        page(&["c", "d"], true),
        page(&["e", "f"], false),
    ])
    .await;
    let client = client(&server);
    let stream = client
        .list_by_cursor()
        .limit(2)
        .extra_header("x-trace", "walk")
        .items();
    assert_eq!(walk(&server, stream).await, SIX);
    assert_eq!(
        targets(&server),
        [
            "/v1/cursor?limit=2",
            "/v1/cursor?limit=2&starting_after=b",
            "/v1/cursor?limit=2&starting_after=d"
        ]
    );
}

#[tokio::test]
async fn the_cursor_rule_takes_the_bodys_last_id_where_it_has_one() {
    let page = |ids: &[&str], more: bool, last: &str| {
        Reply::json(
            200,
            format!(
                r#"{{"data":[{}],"has_more":{more},"first_id":"x","last_id":{last}}}"#,
                items(ids)
            ),
        )
    };
    let server = Server::start(vec![
        page(&["a", "b"], true, r#""cursor 1""#),
        page(&["c", "d"], true, r#""cursor/2""#),
        page(&["e", "f"], false, "null"),
    ])
    .await;
    let client = client(&server);
    let stream = client
        .list_by_last_id()
        .extra_header("x-trace", "walk")
        .items();
    assert_eq!(walk(&server, stream).await, SIX);
    // The cursor is percent-encoded as any query value.
    assert_eq!(
        targets(&server),
        [
            "/v1/last-id",
            "/v1/last-id?after=cursor%201",
            "/v1/last-id?after=cursor%2F2"
        ]
    );
}

#[tokio::test]
async fn the_page_token_rule_pages_until_the_token_is_empty() {
    let page = |ids: &[&str], token: &str| {
        Reply::json(
            200,
            format!(
                r#"{{"kind":"list","items":[{}],"nextPageToken":"{token}"}}"#,
                items(ids)
            ),
        )
    };
    let server = Server::start(vec![
        page(&["a", "b"], "t2"),
        page(&["c", "d"], "t3"),
        page(&["e", "f"], ""),
    ])
    .await;
    let client = client(&server);
    // A token the caller sets for the first page is replaced by the server's.
    let stream = client
        .list_by_token()
        .page_token("t1")
        .max_results(2)
        .extra_header("x-trace", "walk")
        .items();
    assert_eq!(walk(&server, stream).await, SIX);
    assert_eq!(
        targets(&server),
        [
            "/v1/token?pageToken=t1&maxResults=2",
            "/v1/token?maxResults=2&pageToken=t2",
            "/v1/token?maxResults=2&pageToken=t3"
        ]
    );
}

#[tokio::test]
async fn x_ms_pageable_follows_the_next_link_until_it_is_null() {
    let server = Server::start_with(|url| {
        let page = |ids: &[&str], next: &str| {
            Reply::json(
                200,
                format!(r#"{{"value":[{}],"@odata.nextLink":{next}}}"#, items(ids)),
            )
        };
        vec![
            page(&["a", "b"], &format!(r#""{url}/v1/pageable?$skiptoken=2""#)),
            page(&["c", "d"], &format!(r#""{url}/v1/pageable?$skiptoken=3""#)),
            page(&["e", "f"], "null"),
        ]
    })
    .await;
    let client = client(&server);
    let stream = client
        .list_pageable()
        .extra_header("x-trace", "walk")
        .items();
    assert_eq!(walk(&server, stream).await, SIX);
    assert_eq!(
        targets(&server),
        [
            "/v1/pageable",
            "/v1/pageable?$skiptoken=2",
            "/v1/pageable?$skiptoken=3"
        ]
    );
}

#[tokio::test]
async fn x_codegen_paging_pages_as_the_operation_says() {
    let page = |ids: &[&str], next: &str| {
        Reply::json(200, format!(r#"{{"entries":[{}]{next}}}"#, items(ids)))
    };
    let server = Server::start(vec![
        page(&["a", "b"], r#","continuation":"p2""#),
        page(&["c", "d"], r#","continuation":"p3""#),
        page(&["e", "f"], ""),
    ])
    .await;
    let client = client(&server);
    // The parameter `items` keeps its name; the stream of items is numbered.
    let stream = client
        .list_declared()
        .items(2)
        .extra_header("x-trace", "walk")
        .items_2();
    assert_eq!(walk(&server, stream).await, SIX);
    assert_eq!(
        targets(&server),
        [
            "/v1/declared?items=2",
            "/v1/declared?items=2&from=p2",
            "/v1/declared?items=2&from=p3"
        ]
    );
}

#[tokio::test]
async fn pages_gives_each_pages_body_one_request_each() {
    let page = |ids: &[&str], more: bool| {
        Reply::json(
            200,
            format!(
                r#"{{"object":"list","data":[{}],"has_more":{more}}}"#,
                items(ids)
            ),
        )
    };
    let server = Server::start(vec![
        page(&["a", "b"], true),
        page(&["c"], true),
        page(&["d"], false),
    ])
    .await;
    let client = client(&server);
    let mut pages = client.list_by_cursor().pages();
    let mut seen = Vec::new();
    while let Some(page) = bounded(pages.next()).await {
        let page = page.unwrap();
        seen.push((page.data.len(), page.has_more));
        assert_eq!(server.requests().len(), seen.len());
    }
    assert_eq!(seen, [(2, true), (1, true), (1, false)]);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn the_streams_are_futures_core_streams() {
    let server = Server::start(vec![
        Reply::json(
            200,
            format!(r#"{{"items":[{}],"nextPageToken":"x"}}"#, items(&["a"])),
        ),
        Reply::json(200, format!(r#"{{"items":[{}]}}"#, items(&["b"]))),
    ])
    .await;
    let client = client(&server);
    let mut stream = client.list_by_token().items();
    let mut ids = Vec::new();
    while let Some(item) = bounded(std::future::poll_fn(|cx| {
        Pin::new(&mut stream).poll_next(cx)
    }))
    .await
    {
        ids.push(item.unwrap().id);
    }
    assert_eq!(ids, ["a", "b"]);
    // A stream owns what it needs: it can be moved to another task.
    fn sent<T: Send + 'static>(_: &T) {}
    sent(&client.list_by_token().pages());
}

#[tokio::test]
async fn each_page_is_retried_as_the_first_is() {
    let page = |ids: &[&str], more: bool| {
        Reply::json(
            200,
            format!(r#"{{"data":[{}],"has_more":{more}}}"#, items(ids)),
        )
    };
    let server = Server::start(vec![
        page(&["a"], true),
        Reply::status(503).with_header("Retry-After", "0"),
        page(&["b"], false),
    ])
    .await;
    let client = Client::builder()
        .base_url(format!("{}/v1", server.url()))
        .retry_policy(RetryPolicy::new().max_retries(1))
        .build()
        .unwrap();
    let mut stream = client.list_by_cursor().items();
    let mut ids = Vec::new();
    while let Some(item) = bounded(stream.next()).await {
        ids.push(item.unwrap().id);
    }
    assert_eq!(ids, ["a", "b"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/cursor",
            "/v1/cursor?starting_after=a",
            "/v1/cursor?starting_after=a"
        ]
    );
}

#[tokio::test]
async fn a_failed_page_is_an_error_and_ends_the_stream() {
    let server = Server::start(vec![
        Reply::json(
            200,
            format!(r#"{{"data":[{}],"has_more":true}}"#, items(&["a"])),
        ),
        Reply::json(500, r#"{"error":"down"}"#),
    ])
    .await;
    let client = client(&server);
    let mut stream = client.list_by_cursor().items();
    assert_eq!(bounded(stream.next()).await.unwrap().unwrap().id, "a");
    let error = bounded(stream.next()).await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Status);
    assert_eq!(error.status(), Some(500));
    assert!(bounded(stream.next()).await.is_none());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_next_page_on_another_server_is_refused_and_never_requested() {
    // Another host on the same port, another port, another scheme: each is another server.
    for next in [
        "http://localhost:{port}/v1/link?page=2",
        "http://127.0.0.1:1/v1/link?page=2",
        "https://127.0.0.1:{port}/v1/link?page=2",
    ] {
        let server = Server::start_with(|url| {
            let port = url.rsplit(':').next().unwrap();
            let next = next.replace("{port}", port);
            vec![
                Reply::json(200, format!("[{}]", items(&["a"])))
                    .with_header("Link", &format!(r#"<{next}>; rel="next""#)),
                Reply::json(200, "[]"),
            ]
        })
        .await;
        let client = client(&server);
        let mut stream = client.list_by_link().items();
        assert_eq!(bounded(stream.next()).await.unwrap().unwrap().id, "a");
        let error = bounded(stream.next()).await.unwrap().unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode, "{next}");
        assert!(
            error.to_string().contains("another server"),
            "{next}: {error}"
        );
        assert!(bounded(stream.next()).await.is_none());
        assert_eq!(server.requests().len(), 1, "{next}");
    }
    // A next link in the body, likewise.
    let server = Server::start(vec![Reply::json(
        200,
        format!(
            r#"{{"value":[{}],"@odata.nextLink":"https://graph.example.com/v1/pageable?$skiptoken=2"}}"#,
            items(&["a"])
        ),
    )])
    .await;
    let client = client(&server);
    let mut pages = client.list_pageable().pages();
    assert!(bounded(pages.next()).await.unwrap().is_ok());
    let error = bounded(pages.next()).await.unwrap().unwrap_err();
    assert!(
        error.to_string().contains("https://graph.example.com"),
        "{error}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_next_page_that_names_itself_ends_the_stream() {
    let server = Server::start(vec![
        Reply::json(200, format!("[{}]", items(&["a"])))
            .with_header("Link", r#"</v1/link?page=2>; rel="next""#),
        Reply::json(200, format!("[{}]", items(&["b"])))
            .with_header("Link", r#"</v1/link?page=2>; rel="next""#),
    ])
    .await;
    let client = client(&server);
    let mut stream = client.list_by_link().items();
    let mut ids = Vec::new();
    while let Some(item) = bounded(stream.next()).await {
        ids.push(item.unwrap().id);
    }
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(server.requests().len(), 2);
}

/// Livepeer's lists, paged as its API pages them (the overlay
/// `tests/fixtures/overlays/livepeer-full-paging.yaml`): `limit` and `cursor` in the query, the
/// next page's absolute URL in a `Link` header.
#[tokio::test]
async fn livepeer_assets_are_walked_by_their_link_header() {
    let server = Server::start_with(|url| {
        let asset =
            |id: &str| format!(r#"{{"id":"{id}","name":"{id}.mp4","source":{{"type":"url"}}}}"#);
        vec![
            Reply::json(200, format!("[{},{}]", asset("a1"), asset("a2"))).with_header(
                "Link",
                &format!("<{url}/api/asset?limit=2&cursor=c2>; rel=\"next\""),
            ),
            Reply::json(200, format!("[{}]", asset("a3"))),
        ]
    })
    .await;
    let client = livepeer_full_client::Client::builder()
        .base_url(format!("{}/api", server.url()))
        .bearer_token("t0k3n")
        .retry_policy(livepeer_full_client::RetryPolicy::never())
        .build()
        .unwrap();
    let mut assets = client.get_assets().limit(2).items();
    let mut ids = Vec::new();
    while let Some(asset) = bounded(assets.next()).await {
        ids.push(asset.unwrap().id);
    }
    assert_eq!(ids, ["a1", "a2", "a3"]);
    let requests = server.requests();
    let targets: Vec<&str> = requests.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        ["/api/asset?limit=2", "/api/asset?limit=2&cursor=c2"]
    );
    assert!(
        requests
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer t0k3n"))
    );
}
