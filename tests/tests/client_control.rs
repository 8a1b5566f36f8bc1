//! What a user controls beyond the arguments, on the wire of the `operations` fixture's client
//! (`tests/clients/operations`): credentials as each operation's security asks, server URLs
//! and their variables, a header or a timeout for one request, and the spans and events of
//! the `tracing` feature.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use operations_client::{Client, ClientBuilder, ErrorKind, RetryPolicy};
use tests::loopback::{Reply, Request, Server, bounded};

fn builder(server: &Server) -> ClientBuilder {
    Client::builder()
        .base_url(server.url())
        .retry_policy(RetryPolicy::never())
}

/// Every `Cookie` header of a request.
fn cookies(request: &Request) -> Vec<&str> {
    request
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
        .map(|(_, value)| value.as_str())
        .collect()
}

// Credentials

#[tokio::test]
async fn each_operation_sends_the_first_alternative_whose_credentials_are_set() {
    let server = Server::start(vec![Reply::json(200, "[]"); 9]).await;
    let all = builder(&server)
        .bearer_token("t0k3n")
        .basic_auth("user", "pa:ss")
        .api_key("k3y")
        .build()
        .unwrap();
    // The API's security: a bearer token, or else the key.
    bounded(all.list_items()).await.unwrap();
    // `security: []`: nothing, whatever is set.
    bounded(all.get_public()).await.unwrap();
    // Basic first: `user:pa:ss` in base64.
    bounded(all.get_guarded()).await.unwrap();
    let key_only = builder(&server).api_key("k3y").build().unwrap();
    bounded(key_only.list_items()).await.unwrap();
    // The guarded operation's second alternative needs the key and a token: neither is sent.
    bounded(key_only.get_guarded()).await.unwrap();
    let key_and_token = builder(&server)
        .api_key("k3y")
        .bearer_token("t0k3n")
        .build()
        .unwrap();
    bounded(key_and_token.get_guarded()).await.unwrap();
    let none = builder(&server).build().unwrap();
    bounded(none.list_items()).await.unwrap();

    let requests = server.requests();
    let sent: Vec<(Option<&str>, Vec<&str>)> = requests
        .iter()
        .map(|r| (r.header("authorization"), cookies(r)))
        .collect();
    assert_eq!(
        sent,
        [
            (Some("Bearer t0k3n"), vec![]),
            (None, vec![]),
            (Some("Basic dXNlcjpwYTpzcw=="), vec![]),
            (None, vec!["api_key=k3y"]),
            (None, vec![]),
            (Some("Bearer t0k3n"), vec!["api_key=k3y"]),
            (None, vec![]),
        ]
    );
}

/// The client's own base64 (RFC 4648, with padding) for every length of `user:password` modulo
/// 3, UTF-8 and empty parts included, as RFC 7617 asks.
#[tokio::test]
async fn basic_credentials_are_base64_of_user_colon_password() {
    let cases = [
        (("u", "p"), "Basic dTpw"),
        (("u", "pw"), "Basic dTpwdw=="),
        (("u", "pwd"), "Basic dTpwd2Q="),
        (("\u{fc}", "\u{e9}"), "Basic w7w6w6k="),
        (("", ""), "Basic Og=="),
    ];
    let server = Server::start(vec![Reply::json(200, "[]"); cases.len()]).await;
    for ((user, password), _) in cases {
        let client = builder(&server).basic_auth(user, password).build().unwrap();
        bounded(client.get_guarded()).await.unwrap();
    }
    let requests = server.requests();
    let sent: Vec<Option<&str>> = requests.iter().map(|r| r.header("authorization")).collect();
    let expected: Vec<Option<&str>> = cases.iter().map(|(_, header)| Some(*header)).collect();
    assert_eq!(sent, expected);
}

#[tokio::test]
async fn a_cookie_credential_joins_the_cookie_parameters_in_one_header() {
    let server = Server::start(vec![Reply::json(200, "[]")]).await;
    let client = builder(&server).api_key("k3y").build().unwrap();
    bounded(client.list_items().session("s&1")).await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(cookies(request), ["session=s%261; api_key=k3y"]);
}

#[tokio::test]
async fn credentials_never_show_in_debug_output_or_errors() {
    let builder = Client::builder()
        // Nothing listens on port 9: the connection is refused.
        .base_url("http://127.0.0.1:9")
        .retry_policy(RetryPolicy::never())
        .bearer_token("t0k3n")
        .basic_auth("user", "pa55")
        .api_key("k3y");
    let shown = format!("{builder:?}");
    let client = builder.build().unwrap();
    let error = bounded(client.list_items()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport);
    for text in [
        shown,
        format!("{client:?}"),
        format!("{error}"),
        format!("{error:?}"),
        format!(
            "{:?}",
            client.get_public().extra_header("x-signature", "s1gn")
        ),
    ] {
        for secret in ["t0k3n", "pa55", "k3y", "s1gn"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    let invalid = Client::builder().api_key("a\nb").build().unwrap_err();
    assert_eq!(invalid.kind(), ErrorKind::Config);
    assert!(!invalid.to_string().contains("a\nb"), "{invalid}");
}

#[tokio::test]
async fn api_keys_go_in_the_header_or_the_query_their_schemes_name() {
    let server = Server::start(vec![Reply::status(204); 4]).await;
    let keys = |header: Option<&str>, query: Option<&str>| {
        let mut builder = api_keys_client::Client::builder()
            .base_url(server.url())
            .retry_policy(api_keys_client::RetryPolicy::never());
        if let Some(key) = header {
            builder = builder.api_key_header_key(key);
        }
        if let Some(key) = query {
            builder = builder.api_key_query_key(key);
        }
        builder.build().unwrap()
    };
    let both = keys(Some("h-k"), Some("q k&"));
    // The API's security: the header key first.
    bounded(both.list_things().page(2)).await.unwrap();
    bounded(both.get_both()).await.unwrap();
    bounded(keys(None, Some("q k&")).list_things())
        .await
        .unwrap();
    // `getBoth` needs both: with one, nothing is sent.
    bounded(keys(Some("h-k"), None).get_both()).await.unwrap();
    let requests = server.requests();
    let headers: Vec<Option<&str>> = requests.iter().map(|r| r.header("x-api-key")).collect();
    assert_eq!(headers, [Some("h-k"), Some("h-k"), None, None]);
    let lines: Vec<String> = requests.iter().map(|r| r.line()).collect();
    // The relative server `/api` below the base URL; the key after the parameters.
    assert_eq!(
        lines,
        [
            "GET /api/things?page=2",
            "GET /api/both?api_key=q+k%26",
            "GET /api/things?api_key=q+k%26",
            "GET /api/both",
        ]
    );
}

#[tokio::test]
async fn the_base_url_replaces_a_server_whose_variable_is_undeclared() {
    let server = Server::start(vec![Reply::status(204)]).await;
    let client = api_keys_client::Client::builder()
        .base_url(server.url())
        .build()
        .unwrap();
    bounded(client.get_tenant()).await.unwrap();
    assert_eq!(server.requests()[0].line(), "GET /tenant");
}

#[test]
fn a_relative_server_without_a_base_url_is_a_config_error_saying_what_to_set() {
    let error = api_keys_client::Client::builder().build().unwrap_err();
    assert_eq!(error.kind(), api_keys_client::ErrorKind::Config);
    let message = error.to_string();
    assert!(
        message.contains("`/api`") && message.contains("ClientBuilder::base_url"),
        "{message}"
    );
}

// Servers

#[tokio::test]
async fn server_variables_choose_the_scheme_and_port() {
    let server = Server::start(vec![Reply::typed(200, "text/plain", "hello")]).await;
    let port = server.addr().port();
    // No base URL: the path's own server, with its variables.
    let client = Client::builder()
        .server_variable("port", port.to_string())
        .server_variable("scheme", "http")
        .api_key("k")
        .basic_auth("u", "p")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://api.example.com/v1");
    let text = bounded(client.get_file("a b.txt")).await.unwrap();
    assert_eq!(text, "hello");
    // The server URL ends in `/files`, and the path begins with it.
    assert_eq!(server.requests()[0].line(), "GET /files/files/a%20b.txt");
}

#[test]
fn a_server_variable_outside_its_enum_or_unknown_is_a_config_error() {
    let error = Client::builder()
        .server_variable("scheme", "ftp")
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config);
    let message = error.to_string();
    assert!(
        message.contains("`scheme`")
            && message.contains("`ftp`")
            && message.contains("http, https"),
        "{message}"
    );
    let error = Client::builder()
        .server_variable("region", "eu")
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config);
    assert!(error.to_string().contains("`region`"), "{error}");
}

#[tokio::test]
async fn a_relative_server_is_resolved_against_the_base_url_which_overrides_the_others() {
    let server = Server::start(vec![
        Reply::status(204),
        Reply::typed(200, "text/plain", ""),
    ])
    .await;
    let client = builder(&server).build().unwrap();
    bounded(client.get_mirror()).await.unwrap();
    // The base URL replaces the path's absolute server, variables and all.
    bounded(client.get_file("f")).await.unwrap();
    let lines: Vec<String> = server.requests().iter().map(|r| r.line()).collect();
    // The file's path is the operation's, right below the base URL.
    assert_eq!(lines, ["GET /mirror-api/mirror", "GET /files/f"]);
    // Without a base URL, the relative server cannot be reached: the call says what to set.
    let client = Client::builder().build().unwrap();
    let error = bounded(client.get_mirror()).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config);
    let message = error.to_string();
    assert!(
        message.contains("`/mirror-api`") && message.contains("ClientBuilder::base_url"),
        "{message}"
    );
}

// Per request

#[tokio::test]
async fn an_extra_header_goes_with_one_request_and_replaces_the_clients() {
    let server = Server::start(vec![Reply::json(200, "[]"), Reply::json(200, "[]")]).await;
    let client = builder(&server).bearer_token("t0k3n").build().unwrap();
    bounded(
        client
            .list_items()
            .extra_header("x-request-id", "r-1")
            .extra_header("X-Request-Id", "r-2")
            .extra_header("authorization", "Custom c"),
    )
    .await
    .unwrap();
    bounded(client.list_items()).await.unwrap();
    let requests = server.requests();
    let ids: Vec<&str> = requests[0]
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("x-request-id"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(ids, ["r-1", "r-2"]);
    assert_eq!(requests[0].header("authorization"), Some("Custom c"));
    assert_eq!(requests[1].header("x-request-id"), None);
    assert_eq!(requests[1].header("authorization"), Some("Bearer t0k3n"));
    let error = bounded(client.list_items().extra_header("bad name", "v"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidParameter);
    assert!(error.to_string().contains("`bad name`"), "{error}");
}

#[tokio::test]
async fn a_request_timeout_bounds_one_request() {
    let server = Server::start(vec![Reply::NeverAnswer]).await;
    let client = builder(&server).build().unwrap();
    let started = std::time::Instant::now();
    let error = bounded(
        client
            .get_public()
            .request_timeout(Duration::from_millis(200)),
    )
    .await
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert!(started.elapsed() < Duration::from_secs(5));
}

// Tracing

/// The fields of a span or an event, as text.
type Fields = BTreeMap<String, String>;

/// An event's fields, and the span it was in (its id).
type Event = (Option<u64>, Fields);

/// A subscriber that keeps every span's fields and every event's, with the span it was in.
/// It is the process's global one, as a callsite's interest is cached for every thread: the
/// other tests' spans are recorded too, and told apart by their operation.
#[derive(Clone, Default)]
struct Recorder {
    spans: Arc<Mutex<Vec<(String, Fields)>>>,
    events: Arc<Mutex<Vec<Event>>>,
    /// The spans each thread is in, innermost last.
    current: Arc<Mutex<std::collections::HashMap<std::thread::ThreadId, Vec<u64>>>>,
}

impl Recorder {
    fn stack<T>(&self, with: impl FnOnce(&mut Vec<u64>) -> T) -> T {
        let mut current = self.current.lock().unwrap();
        with(current.entry(std::thread::current().id()).or_default())
    }
}

struct Visitor<'a>(&'a mut Fields);

impl tracing::field::Visit for Visitor<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = Fields::new();
        span.record(&mut Visitor(&mut fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push((span.metadata().name().to_owned(), fields));
        tracing::span::Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        let (_, fields) = &mut spans[span.into_u64() as usize - 1];
        values.record(&mut Visitor(fields));
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields::new();
        event.record(&mut Visitor(&mut fields));
        let within = self.stack(|stack| stack.last().copied());
        self.events.lock().unwrap().push((within, fields));
    }

    fn enter(&self, span: &tracing::span::Id) {
        self.stack(|stack| stack.push(span.into_u64()));
    }

    fn exit(&self, _: &tracing::span::Id) {
        self.stack(Vec::pop);
    }
}

#[tokio::test]
async fn a_call_is_one_span_with_an_event_per_retry_and_no_secrets() {
    let recorder = Recorder::default();
    tracing::subscriber::set_global_default(recorder.clone()).expect("the only subscriber");
    let server = Server::start(vec![Reply::status(503), Reply::status(200)]).await;
    let client = Client::builder()
        .base_url(server.url())
        .bearer_token("t0k3n")
        .retry_policy(
            RetryPolicy::new()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(20)),
        )
        .build()
        .unwrap();
    // The one call of `GET /echo` in these tests.
    bounded(client.get_task().extra_header("x-signature", "s1gn"))
        .await
        .unwrap();

    let spans = recorder.spans.lock().unwrap().clone();
    let ours: Vec<&(String, Fields)> = spans
        .iter()
        .filter(|(_, fields)| fields.get("operation").is_some_and(|o| o == "get_task"))
        .collect();
    assert_eq!(ours.len(), 1, "{spans:?}");
    let (name, fields) = ours[0];
    assert_eq!(name, "request");
    let expected = [
        ("method", "GET"),
        ("path", "/echo"),
        ("status", "200"),
        ("attempts", "2"),
    ];
    for (key, value) in expected {
        assert_eq!(
            fields.get(key).map(String::as_str),
            Some(value),
            "{key}: {fields:?}"
        );
    }
    assert!(fields.contains_key("duration_ms"), "{fields:?}");
    let span_id = spans.iter().position(|s| std::ptr::eq(s, ours[0])).unwrap() as u64 + 1;
    let events = recorder.events.lock().unwrap().clone();
    let retries: Vec<&Fields> = events
        .iter()
        .filter(|(within, fields)| {
            *within == Some(span_id)
                && fields
                    .get("message")
                    .is_some_and(|m| m.contains("retrying"))
        })
        .map(|(_, fields)| fields)
        .collect();
    assert_eq!(retries.len(), 1, "{events:?}");
    assert_eq!(retries[0].get("attempt").map(String::as_str), Some("1"));
    assert_eq!(retries[0].get("status").map(String::as_str), Some("503"));
    let everything = format!("{spans:?} {events:?}");
    for secret in ["t0k3n", "s1gn"] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}
