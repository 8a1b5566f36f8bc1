//! The `operations` fixture's client (`tests/clients/operations`) against the loopback server:
//! every parameter style and body kind, every response shape, and the HTTP behaviour (retries,
//! `Retry-After`, resets, timeouts, truncated, oversize and mistyped bodies, concurrency).
//!
//! Every client call goes through [`bounded`], so a client that never returns fails its test
//! instead of hanging the suite.

use std::time::{Duration, SystemTime};

use operations_client::operations::{CreateItemSuccess, GetReportSuccess};
use operations_client::{Client, ErrorBody, ErrorKind, FilePart, RetryPolicy, models};
use serde_json::{Value, json};
use tests::loopback::{Reply, Server, bounded};

/// Retries with waits short enough for tests.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::new()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(50))
}

fn client_with(server: &Server, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(server.url())
        .bearer_token("secret")
        .retry_policy(retry)
        .build()
        .expect("a valid configuration")
}

/// A client that sends each request once.
fn client(server: &Server) -> Client {
    client_with(server, RetryPolicy::never())
}

const ITEM: &str = r#"{"id": 7, "name": "seven", "tags": ["a"]}"#;

fn json_body(request: &tests::loopback::Request) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON request body")
}

// Parameters

#[tokio::test]
async fn query_parameters_follow_their_style_and_explode() {
    let server = Server::start(vec![Reply::json(200, format!("[{ITEM}]"))]).await;
    let items = bounded(
        client(&server)
            .list_items()
            .limit(10)
            .color(vec![
                models::Color::Red,
                models::Color::Other("teal".to_owned()),
            ])
            .ids(vec![1, 2, 3])
            .words(vec!["a b".to_owned(), "c".to_owned()])
            .pipes(vec!["x".to_owned(), "y|z".to_owned()])
            .filter(
                models::Filter::new()
                    .with_color(models::Color::Blue)
                    .with_size(3),
            )
            .point(models::Point::new(1, 2))
            .r#where(models::Filter::new().with_size(4))
            .x_request_id("req 1")
            .x_tags(vec!["t1".to_owned(), "t2".to_owned()])
            .session("s&1"),
    )
    .await
    .unwrap();
    assert_eq!(items[0].id, 7);
    let request = &server.requests()[0];
    assert_eq!(
        request.line(),
        "GET /items?limit=10&color=red&color=teal&ids=1,2,3&words=a%20b%20c&pipes=x|y%7Cz\
         &filter%5Bcolor%5D=blue&filter%5Bsize%5D=3&x=1&y=2&where=%7B%22size%22%3A4%7D"
    );
    assert_eq!(request.header("X-Request-Id"), Some("req 1"));
    assert_eq!(request.header("X-Tags"), Some("t1,t2"));
    assert_eq!(request.header("Cookie"), Some("session=s%261"));
    assert_eq!(request.header("Authorization"), Some("Bearer secret"));
}

#[tokio::test]
async fn absent_optional_parameters_are_left_out() {
    let server = Server::start(vec![Reply::json(200, "[]")]).await;
    let items = bounded(client(&server).list_items()).await.unwrap();
    assert!(items.is_empty());
    let request = &server.requests()[0];
    assert_eq!(request.line(), "GET /items");
    assert_eq!(request.header("X-Request-Id"), None);
    assert_eq!(request.header("Cookie"), None);
}

#[tokio::test]
async fn path_parameters_in_simple_label_and_matrix_style() {
    let server = Server::start(vec![Reply::status(204)]).await;
    bounded(client(&server).path_styles(
        vec!["a".to_owned(), "b/c".to_owned()],
        models::Point::new(1, -2),
        vec!["x y".to_owned(), "z".to_owned()],
    ))
    .await
    .unwrap();
    assert_eq!(
        server.requests()[0].line(),
        "GET /styles/.a.b%2Fc/;x=1;y=-2/x%20y,z"
    );
}

#[tokio::test]
async fn operation_parameters_override_path_level_ones() {
    // `X-Trace` is optional at the path level and required by `getItem`: an argument there,
    // a setter on the other operations of the path.
    let server = Server::start(vec![
        Reply::json(200, ITEM).with_header("X-Rate-Remaining", "9"),
        Reply::status(204),
    ])
    .await;
    let client = client(&server);
    let response = bounded(client.get_item(7, "trace-1").send_with_response())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-rate-remaining"], "9");
    assert_eq!(response.body().name, "seven");
    bounded(client.delete_items_id(8).x_trace("trace-2"))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].line(), "GET /items/7");
    assert_eq!(requests[0].header("X-Trace"), Some("trace-1"));
    assert_eq!(requests[1].line(), "DELETE /items/8");
    assert_eq!(requests[1].header("X-Trace"), Some("trace-2"));
}

#[tokio::test]
async fn invalid_parameters_are_refused_before_sending() {
    let server = Server::start(vec![]).await;
    let client = client(&server);
    let error = bounded(client.get_item_summary("..")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidParameter, "{error}");
    let error = bounded(client.list_items().x_request_id("line\nbreak"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidParameter, "{error}");
    let error = FilePart::bytes("x")
        .content_type("not a media type")
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidParameter, "{error}");
    assert!(server.requests().is_empty());
}

// Bodies

#[tokio::test]
async fn a_json_body_with_a_required_query_parameter() {
    let server = Server::start(vec![Reply::json(201, r#"{"id": 12}"#)]).await;
    let body = models::NewItem::new("new").with_tags(["x".to_owned()]);
    let created = bounded(client(&server).create_item(true, &body))
        .await
        .unwrap();
    assert!(
        matches!(created, CreateItemSuccess::Created(ref c) if c.id == 12),
        "{created:?}"
    );
    let request = &server.requests()[0];
    assert_eq!(request.line(), "POST /items?dryRun=true");
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert_eq!(json_body(request), json!({"name": "new", "tags": ["x"]}));
}

#[tokio::test]
async fn an_optional_body_is_sent_only_when_set_in_its_media_type() {
    let server = Server::start(vec![Reply::status(204), Reply::status(204)]).await;
    let client = client(&server);
    bounded(client.update_item(3)).await.unwrap();
    let patch = models::ItemPatch::new().with_name("renamed");
    bounded(client.update_item(3).body(&patch)).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].line(), "PATCH /items/3");
    assert!(requests[0].body.is_empty());
    assert_eq!(requests[0].header("Content-Type"), None);
    assert_eq!(
        requests[1].header("Content-Type"),
        Some("application/merge-patch+json")
    );
    assert_eq!(json_body(&requests[1]), json!({"name": "renamed"}));
}

#[tokio::test]
async fn a_204_has_no_content_even_where_the_spec_declares_some() {
    // `updateItem` declares a JSON object for its 204, which servers send without a body.
    let server = Server::start(vec![Reply::status(204)]).await;
    let response = bounded(client(&server).update_item(3).send_with_response())
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let () = response.into_body();
}

#[tokio::test]
async fn a_form_body_is_url_encoded() {
    let server = Server::start(vec![Reply::json(200, r#"{"token": "t"}"#)]).await;
    let login = models::Login::new("a b&c")
        .with_scopes(vec!["read".to_owned(), "write".to_owned()])
        .with_remember(true);
    let response = bounded(client(&server).login(&login)).await.unwrap();
    assert_eq!(response.token.as_deref(), Some("t"));
    let request = &server.requests()[0];
    assert_eq!(
        request.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "user=a%20b%26c&scopes=read&scopes=write&remember=true"
    );
}

#[tokio::test]
async fn a_multipart_body_with_files_from_bytes_and_from_a_stream() {
    let dir = std::env::temp_dir().join(format!("operations-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("thumb.png");
    std::fs::write(&path, b"streamed thumbnail bytes").unwrap();
    let file = tokio::fs::File::open(&path).await.unwrap();

    let server = Server::start(vec![Reply::json(201, ITEM)]).await;
    let item = bounded(
        client(&server)
            .upload(
                FilePart::bytes(b"main file bytes".to_vec())
                    .file_name("main.bin")
                    .content_type("application/octet-stream")
                    .unwrap(),
                "My title",
            )
            .count(2)
            .thumbnail(FilePart::stream(file).file_name("thumb.png"))
            .count(3)
            .extras(vec![
                FilePart::bytes("extra one"),
                FilePart::bytes("extra two"),
            ]),
    )
    .await
    .unwrap();
    assert_eq!(item.id, 7);
    let request = &server.requests()[0];
    let content_type = request.header("Content-Type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect(content_type);
    let body = String::from_utf8_lossy(&request.body);
    let parts: Vec<&str> = body.split(&format!("--{boundary}")).collect();
    let part = |name: &str| {
        parts
            .iter()
            .find(|p| p.contains(&format!("name=\"{name}\"")))
            .unwrap_or_else(|| panic!("no part {name} in {body}"))
            .to_string()
    };
    assert!(part("file").contains("filename=\"main.bin\""));
    assert!(part("file").contains("main file bytes"));
    assert!(part("title").ends_with("My title\r\n"), "{}", part("title"));
    // The last value set wins.
    assert!(part("count").ends_with("3\r\n"));
    assert!(part("thumbnail").contains("streamed thumbnail bytes"));
    assert_eq!(body.matches("; name=\"extras\"").count(), 2);
    // A file part without a name or media type set gets the part's name and a binary type.
    assert_eq!(
        body.matches(
            "; name=\"extras\"; filename=\"extras\"\r\nContent-Type: application/octet-stream"
        )
        .count(),
        2,
        "{body}"
    );
    assert!(body.contains("extra one") && body.contains("extra two"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn raw_bodies_go_as_they_are_with_the_spec_media_type() {
    let server = Server::start(vec![Reply::status(204), Reply::json(200, ITEM)]).await;
    let client = client(&server);
    bounded(client.put_item_content(5, vec![0u8, 159, 146, 150]))
        .await
        .unwrap();
    let note = bounded(client.put_note("a note")).await.unwrap();
    assert_eq!(note.id, 7);
    let requests = server.requests();
    assert_eq!(requests[0].line(), "PUT /items/5");
    assert_eq!(
        requests[0].header("Content-Type"),
        Some("application/octet-stream")
    );
    assert_eq!(requests[0].body, [0u8, 159, 146, 150]);
    assert_eq!(requests[1].header("Content-Type"), Some("text/plain"));
    assert_eq!(requests[1].body, b"a note");
}

// Responses

#[tokio::test]
async fn several_success_statuses_are_an_enum() {
    let server = Server::start(vec![
        Reply::json(200, ITEM),
        Reply::status(202),
        Reply::json(299, "{}"),
    ])
    .await;
    let client = client(&server);
    let body = models::NewItem::new("n");
    let existing = bounded(client.create_item(false, &body)).await.unwrap();
    assert!(matches!(existing, CreateItemSuccess::Ok(ref item) if item.id == 7));
    let accepted = bounded(client.create_item(false, &body)).await.unwrap();
    assert_eq!(accepted, CreateItemSuccess::Accepted);
    let undeclared = bounded(client.create_item(false, &body)).await.unwrap_err();
    assert_eq!(undeclared.kind(), ErrorKind::Decode, "{undeclared}");
    assert_eq!(undeclared.status(), Some(299));
}

#[tokio::test]
async fn a_large_body_or_none_is_an_enum_too() {
    let report = json!({
        "a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6",
        "g": "7", "h": "8", "i": "9", "j": "10", "k": "11", "l": "12"
    });
    let server = Server::start(vec![
        Reply::json(200, report.to_string()),
        Reply::status(204),
    ])
    .await;
    let client = client(&server);
    let ready = bounded(client.get_report("r-1")).await.unwrap();
    assert!(
        matches!(ready, GetReportSuccess::Ok(ref r) if r.a == "1" && r.l == "12"),
        "{ready:?}"
    );
    let pending = bounded(client.get_report("r-1")).await.unwrap();
    assert_eq!(pending, GetReportSuccess::NoContent);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests
            .iter()
            .all(|r| r.method == "GET" && r.target == "/reports/r-1"),
        "{requests:?}"
    );
}

#[tokio::test]
async fn declared_error_bodies_are_decoded_into_their_types() {
    let server = Server::start(vec![
        Reply::json(409, r#"{"existing": 4}"#),
        Reply::json(500, r#"{"errors": ["boom"]}"#),
        Reply::json(404, r#"{"errors": ["no such item"]}"#),
        Reply::json(418, r#"{"errors": ["teapot"]}"#),
        Reply::json(404, r#"not the declared shape"#),
        Reply::json(503, r#"{"errors": ["down"]}"#),
    ])
    .await;
    let client = client(&server);
    let body = models::NewItem::new("n");
    let conflict = bounded(client.create_item(false, &body)).await.unwrap_err();
    assert_eq!(conflict.kind(), ErrorKind::Status);
    assert_eq!(conflict.status(), Some(409));
    assert_eq!(
        conflict.error_body(),
        Some(&ErrorBody::Conflict(models::Conflict::new(4)))
    );
    // `default` covers any other status.
    let default = bounded(client.create_item(false, &body)).await.unwrap_err();
    assert!(matches!(default.error_body(), Some(ErrorBody::Problem(p)) if p.errors == ["boom"]));
    let not_found = bounded(client.get_item(1, "t")).await.unwrap_err();
    assert_eq!(not_found.status(), Some(404));
    assert!(
        matches!(not_found.error_body(), Some(ErrorBody::Problem(p)) if p.errors == ["no such item"])
    );
    // `4XX` covers the client errors of `listItems`.
    let teapot = bounded(client.list_items()).await.unwrap_err();
    assert!(matches!(teapot.error_body(), Some(ErrorBody::Problem(_))));
    // A body that does not fit: still a status error, with the raw body and no typed one.
    let unfit = bounded(client.get_item(1, "t")).await.unwrap_err();
    assert_eq!(unfit.kind(), ErrorKind::Status);
    assert_eq!(unfit.error_body(), None);
    assert_eq!(unfit.body(), Some("not the declared shape"));
    // An undeclared status has no typed body.
    let undeclared = bounded(client.get_item(1, "t")).await.unwrap_err();
    assert_eq!(undeclared.status(), Some(503));
    assert_eq!(undeclared.error_body(), None);
    assert_eq!(
        undeclared.headers().unwrap()["content-type"],
        "application/json"
    );
}

#[tokio::test]
async fn text_and_binary_responses() {
    let bytes = vec![0u8, 1, 2, 255];
    let server = Server::start(vec![
        Reply::typed(200, "application/octet-stream", bytes.clone()),
        Reply::typed(200, "text/plain; charset=utf-8", "a summary €"),
        Reply::typed(200, "text/plain", vec![0xff, 0xfe]),
    ])
    .await;
    let client = client(&server);
    assert_eq!(
        bounded(client.get_item_content("a/b")).await.unwrap(),
        bytes
    );
    assert_eq!(
        bounded(client.get_item_summary("s")).await.unwrap(),
        "a summary €"
    );
    let error = bounded(client.get_item_summary("s")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert_eq!(server.requests()[0].line(), "GET /items/a%2Fb/content");
}

#[tokio::test]
async fn a_response_offered_in_several_media_types_is_asked_for_in_the_one_the_client_reads() {
    // `getItem` offers XML first, then JSON: a server answers in the first unless the request
    // says which it wants. An operation with one media type per response leaves `Accept` to
    // the HTTP stack.
    let server = Server::start(vec![Reply::json(200, ITEM), Reply::json(200, "[]")]).await;
    let client = client(&server);
    let item = bounded(client.get_item(7, "t")).await.unwrap();
    assert_eq!(item.id, 7);
    bounded(client.list_items()).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("Accept"), Some("application/json"));
    assert_ne!(requests[1].header("Accept"), Some("application/json"));
    // A header the caller sets replaces it.
    let server = Server::start(vec![Reply::json(200, ITEM)]).await;
    bounded(
        self::client(&server)
            .get_item(7, "t")
            .extra_header("accept", "application/vnd.item+json"),
    )
    .await
    .unwrap();
    let requests = server.requests();
    let accepts: Vec<&str> = requests[0]
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("accept"))
        .map(|(_, value)| value.as_str())
        .collect();
    assert_eq!(accepts, ["application/vnd.item+json"]);
}

#[tokio::test]
async fn decode_errors_name_the_json_path() {
    let server = Server::start(vec![Reply::json(
        200,
        r#"[{"id": 1, "name": "ok"}, {"id": 2, "name": 5}]"#,
    )])
    .await;
    let error = bounded(client(&server).list_items()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert_eq!(error.json_path(), Some("[1].name"));
    assert!(error.to_string().contains("[1].name"), "{error}");
    assert!(error.body().unwrap().contains("\"name\": 5"));
}

#[tokio::test]
async fn a_wrong_content_type_is_a_decode_error_that_names_it() {
    let server = Server::start(vec![Reply::typed(
        200,
        "text/html",
        "<html>maintenance</html>",
    )])
    .await;
    let error = bounded(client(&server).get_item(1, "t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert!(error.to_string().contains("text/html"), "{error}");
    assert_eq!(error.body(), Some("<html>maintenance</html>"));
}

#[tokio::test]
async fn an_oversize_body_is_refused_with_or_without_a_content_length() {
    let big = format!(r#"{{"id": 1, "name": "{}"}}"#, "x".repeat(4096));
    let chunked = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{big}\r\n0\r\n\r\n",
        big.len()
    );
    let server = Server::start(vec![Reply::json(200, big.clone()), Reply::raw(chunked)]).await;
    let client = Client::builder()
        .base_url(server.url())
        .max_response_size(1024)
        .build()
        .unwrap();
    for _ in 0..2 {
        let error = bounded(client.get_item(1, "t")).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::ResponseTooLarge, "{error}");
        assert_eq!(error.status(), Some(200));
        assert!(error.to_string().contains("1024"), "{error}");
    }
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error() {
    let raw = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\": 1";
    let server = Server::start(vec![Reply::raw(raw)]).await;
    let error = bounded(client(&server).get_item(1, "t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    assert_eq!(error.status(), Some(200));
}

// Retries

#[tokio::test]
async fn a_429_and_a_503_are_retried_after_the_wait_retry_after_asks_for() {
    let past = "Sun, 06 Nov 1994 08:49:37 GMT";
    let server = Server::start(vec![
        Reply::json(429, "{}").with_header("Retry-After", "0"),
        Reply::json(503, "{}").with_header("Retry-After", past),
        Reply::json(200, ITEM),
    ])
    .await;
    let item = bounded(client_with(&server, fast_retries()).get_item(7, "t"))
        .await
        .unwrap();
    assert_eq!(item.id, 7);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.line() == "GET /items/7"));
}

#[tokio::test]
async fn a_retry_after_longer_than_the_cap_returns_the_response() {
    let later = httpdate_in(Duration::from_secs(3600));
    let server = Server::start(vec![
        Reply::json(503, "{}").with_header("Retry-After", "120"),
        Reply::json(429, "{}").with_header("Retry-After", &later),
    ])
    .await;
    let client = client_with(&server, fast_retries());
    for expected in [503, 429] {
        let error = bounded(client.get_item(7, "t")).await.unwrap_err();
        assert_eq!(error.status(), Some(expected));
        assert!(error.headers().unwrap().contains_key("retry-after"));
    }
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn retries_stop_after_the_policy_maximum() {
    let server = Server::start(vec![
        Reply::json(502, "{}"),
        Reply::json(504, "{}"),
        Reply::json(503, "{}"),
        Reply::json(200, ITEM),
    ])
    .await;
    let error = bounded(client_with(&server, fast_retries()).get_item(7, "t"))
        .await
        .unwrap_err();
    // The default policy: the first attempt and 2 retries.
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn post_is_retried_only_when_the_caller_opts_in() {
    let server = Server::start(vec![
        Reply::json(503, "{}"),
        Reply::json(503, "{}"),
        Reply::json(201, r#"{"id": 1}"#),
    ])
    .await;
    let body = models::NewItem::new("n");
    let error = bounded(client_with(&server, fast_retries()).create_item(false, &body))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.requests().len(), 1);
    let opted_in = client_with(&server, fast_retries().retry_non_idempotent(true));
    let created = bounded(opted_in.create_item(false, &body)).await.unwrap();
    assert!(matches!(created, CreateItemSuccess::Created(_)));
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(json_body(&requests[2]), json!({"name": "n"}));
}

#[tokio::test]
async fn a_connection_reset_is_retried_or_reported_as_transport() {
    let server = Server::start(vec![Reply::Reset, Reply::json(200, ITEM), Reply::Reset]).await;
    let item = bounded(client_with(&server, fast_retries()).get_item(7, "t"))
        .await
        .unwrap();
    assert_eq!(item.id, 7);
    let error = bounded(client(&server).get_item(7, "t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    assert_eq!(error.status(), None);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_response_slower_than_the_timeout_is_retried() {
    let server = Server::start(vec![Reply::NeverAnswer, Reply::json(200, ITEM)]).await;
    let client = Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_millis(200))
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let item = bounded(client.get_item(7, "t")).await.unwrap();
    assert_eq!(item.id, 7);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_streamed_body_is_never_sent_twice() {
    let dir = std::env::temp_dir().join(format!("operations-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("content.bin");
    std::fs::write(&path, b"streamed").unwrap();
    let file = tokio::fs::File::open(&path).await.unwrap();
    let server = Server::start(vec![Reply::json(503, "{}"), Reply::status(204)]).await;
    let error = bounded(client_with(&server, fast_retries()).put_item_content(1, file))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].body, b"streamed");
    std::fs::remove_dir_all(&dir).unwrap();
}

// One client, many callers

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_calls_share_one_client() {
    let script = (0..100)
        .map(|i| Reply::json(200, format!(r#"{{"id": {i}, "name": "n"}}"#)))
        .collect();
    let server = Server::start(script).await;
    let client = client(&server);
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..100 {
        let client = client.clone();
        calls.spawn(async move { client.get_item(i, "t").await });
    }
    let mut ids = Vec::new();
    while let Some(done) = bounded(calls.join_next()).await {
        ids.push(done.unwrap().unwrap().id);
    }
    ids.sort_unstable();
    assert_eq!(ids, (0..100).collect::<Vec<i64>>());
    let mut paths: Vec<String> = server.requests().iter().map(|r| r.line()).collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), 100);
}

// Naming

#[tokio::test]
async fn colliding_operation_ids_get_distinct_methods() {
    let server = Server::start(vec![Reply::status(200), Reply::status(200)]).await;
    let client = client(&server);
    bounded(client.get_task()).await.unwrap();
    bounded(client.get_task_2()).await.unwrap();
    let lines: Vec<String> = server.requests().iter().map(|r| r.line()).collect();
    assert_eq!(lines, ["GET /echo", "POST /echo"]);
}

/// An IMF-fixdate `offset` from now, as `Retry-After` may carry.
fn httpdate_in(offset: Duration) -> String {
    let seconds = (SystemTime::now() + offset)
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let month_name = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(month - 1) as usize];
    format!(
        "{weekday}, {day:02} {month_name} {year} {:02}:{:02}:{:02} GMT",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}
