//! The `streams` fixture's client (`tests/clients/streams`) on loopback HTTP: server-sent events
//! read as they arrive (an event before the rest of the body is sent, `[DONE]`, comments,
//! multi-line data, CRLF line ends, data that does not decode, event names), `events()` beside
//! a JSON body, and a 100 MiB download through `bytes_stream()`.
//!
//! The responses that arrive in parts are written by [`serve_once`], a server of one
//! connection whose writing the test drives; the whole ones by the scripted loopback server.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use futures_core::Stream;
use streams_client::models::{CreateMessageRequest, MessageEvent, Tick};
use streams_client::{
    ByteStream, Bytes, Client, ErrorBody, ErrorKind, Event, EventStream, RetryPolicy,
};
use tests::loopback::{Reply, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// Awaits a client future for at most 20 s.
async fn bounded<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("the client did not return within 20 s")
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token("secret")
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("a valid configuration")
}

const SSE_HEAD: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";

/// A server of one connection: it reads the request (head, and a body as long as
/// `Content-Length` says), then hands the socket to `respond`, which writes what it likes
/// when it likes. The receiver gets the request's head as soon as it is read.
async fn serve_once<F, Fut>(respond: F) -> (String, oneshot::Receiver<String>)
where
    F: FnOnce(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let url = format!("http://{}/v1", listener.local_addr().expect("an address"));
    let (send_head, head) = oneshot::channel();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("a connection");
        socket.set_nodelay(true).expect("no delay");
        let mut read = Vec::new();
        let mut buffer = [0; 4096];
        let head_end = loop {
            let n = socket.read(&mut buffer).await.expect("the request");
            assert!(n > 0, "the client closed before its request ended");
            read.extend_from_slice(&buffer[..n]);
            if let Some(end) = read.windows(4).position(|w| w == b"\r\n\r\n") {
                break end + 4;
            }
        };
        let head = String::from_utf8_lossy(&read[..head_end]).into_owned();
        let length = head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())?
            })
            .unwrap_or(0);
        while read.len() < head_end + length {
            let n = socket.read(&mut buffer).await.expect("the request body");
            assert!(n > 0, "the client closed before its body ended");
            read.extend_from_slice(&buffer[..n]);
        }
        let _ = send_head.send(head);
        respond(socket).await;
    });
    (url, head)
}

/// Whether the request head has this header (name case-insensitive, value exact).
fn has_header(head: &str, name: &str, value: &str) -> bool {
    head.lines().any(|line| {
        line.split_once(':')
            .is_some_and(|(n, v)| n.eq_ignore_ascii_case(name) && v.trim() == value)
    })
}

#[tokio::test]
async fn an_event_arrives_before_the_rest_of_the_body_is_sent() {
    let (go, gone) = oneshot::channel::<()>();
    let (url, server) = serve_once(|mut socket| async move {
        socket.write_all(SSE_HEAD).await.unwrap();
        socket.write_all(b"data: {\"seq\": 1}\n\n").await.unwrap();
        // The rest is written only once the test has the first event.
        gone.await.expect("the test saw the first event");
        socket
            .write_all(b"data: {\"seq\": 2, \"text\": \"two\"}\n\ndata: [DONE]\n\n")
            .await
            .unwrap();
        // The connection stays open: `[DONE]` alone ends the stream.
        std::future::pending::<()>().await;
    })
    .await;
    let client = client(&url);
    let mut ticks: EventStream<Tick> = bounded(client.stream_ticks().events_2(2)).await.unwrap();
    assert_eq!(ticks.status(), 200);
    let first = bounded(ticks.next()).await.unwrap().unwrap();
    assert_eq!((first.seq, first.text), (1, None));
    go.send(()).unwrap();
    let second = bounded(ticks.next()).await.unwrap().unwrap();
    assert_eq!((second.seq, second.text.as_deref()), (2, Some("two")));
    assert!(bounded(ticks.next()).await.is_none());
    assert!(bounded(ticks.next()).await.is_none());
    // Sent as every request is (credentials, parameters), asking for events.
    let head = server.await.unwrap();
    assert!(
        head.starts_with("GET /v1/ticks?events=2 HTTP/1.1\r\n"),
        "{head}"
    );
    assert!(has_header(&head, "accept", "text/event-stream"), "{head}");
    assert!(
        has_header(&head, "authorization", "Bearer secret"),
        "{head}"
    );
}

#[tokio::test]
async fn comments_multi_line_data_and_crlf_line_ends() {
    let (url, _server) = serve_once(|mut socket| async move {
        socket.write_all(SSE_HEAD).await.unwrap();
        // A keep-alive comment, two data lines, a comment inside an event, CRLF and CR line
        // ends, one CRLF split between two writes.
        for part in [
            &b": keep-alive\r\n\r\n"[..],
            b"data: line one\r\ndata: line two\r",
            b"\n: a comment\r\n\r\n",
            b"data:three\r\r",
            b"data: cut off by the end\n",
        ] {
            socket.write_all(part).await.unwrap();
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    let client = client(&url);
    let mut lines = bounded(client.follow_log()).await.unwrap();
    // Text events are their data as it is.
    assert_eq!(
        bounded(lines.next()).await.unwrap().unwrap(),
        "line one\nline two"
    );
    assert_eq!(bounded(lines.next()).await.unwrap().unwrap(), "three");
    // An event the body's end cuts off is not given.
    assert!(bounded(lines.next()).await.is_none());
}

#[tokio::test]
async fn an_event_that_does_not_decode_is_an_error_and_the_stream_goes_on() {
    let (url, _server) = serve_once(|mut socket| async move {
        socket.write_all(SSE_HEAD).await.unwrap();
        socket
            .write_all(b"data: {\"seq\": \"three\"}\n\ndata: {\"seq\": 3}\n\n")
            .await
            .unwrap();
    })
    .await;
    let client = client(&url);
    let mut ticks = bounded(client.stream_ticks()).await.unwrap();
    let error = bounded(ticks.next()).await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(error.json_path(), Some("seq"));
    assert_eq!(error.body(), Some("{\"seq\": \"three\"}"));
    assert_eq!(bounded(ticks.next()).await.unwrap().unwrap().seq, 3);
    assert!(bounded(ticks.next()).await.is_none());
}

#[tokio::test]
async fn whole_events_carry_their_names_ids_and_retry_times() {
    let (url, server) = serve_once(|mut socket| async move {
        socket.write_all(SSE_HEAD).await.unwrap();
        socket
            .write_all(
                b"event: message_start\ndata: {\"type\": \"message_start\"}\n\n\
                  event: ping\ndata: {\"type\": \"ping\"}\n\n\
                  event: content_block_delta\nid: 7\ndata: {\"type\": \"content_block_delta\",\n\
                  data: \"delta\": {\"text\": \"Hi\"}}\n\n\
                  event: message_delta\nretry: 1500\ndata: {\"type\": \"message_delta\"}\n\n",
            )
            .await
            .unwrap();
    })
    .await;
    let client = client(&url);
    let request = CreateMessageRequest::new("hello");
    let mut events = bounded(client.create_message(&request).events())
        .await
        .unwrap();
    let mut names = Vec::new();
    let mut last: Option<Event<MessageEvent>> = None;
    while let Some(event) = bounded(events.next_event()).await {
        let event = event.unwrap();
        names.push(event.event.clone().unwrap_or_default());
        if event.event.as_deref() == Some("content_block_delta") {
            let delta = event.data.delta.as_ref().and_then(|d| d.text.as_deref());
            assert_eq!(delta, Some("Hi"));
            assert_eq!(event.id.as_deref(), Some("7"));
        }
        last = Some(event);
    }
    assert_eq!(
        names,
        [
            "message_start",
            "ping",
            "content_block_delta",
            "message_delta"
        ]
    );
    let last = last.unwrap();
    assert_eq!(last.data.r#type, "message_delta");
    // The ID lasts from event to event; the retry time is the event's own.
    assert_eq!(last.id.as_deref(), Some("7"));
    assert_eq!(last.retry, Some(Duration::from_millis(1500)));
    // `events()` asks for events, in place of the JSON that `.await` asks for, and sends
    // the body as `.await` does.
    let head = server.await.unwrap();
    assert!(has_header(&head, "accept", "text/event-stream"), "{head}");
    assert_eq!(
        head.to_ascii_lowercase().matches("\r\naccept:").count(),
        1,
        "{head}"
    );
}

#[tokio::test]
async fn awaiting_an_operation_that_also_offers_events_gives_its_json() {
    let server = Server::start(vec![Reply::json(200, r#"{"id": "m1", "text": "Hi"}"#)]).await;
    let client = client(server.url());
    let message = bounded(client.create_message(&CreateMessageRequest::new("hello")))
        .await
        .unwrap();
    assert_eq!((message.id.as_str(), message.text.as_str()), ("m1", "Hi"));
    let request = &server.requests()[0];
    assert_eq!(request.header("accept"), Some("application/json"));
}

#[tokio::test]
async fn an_error_status_is_decoded_as_awaiting_decodes_it() {
    let problem = r#"{"message": "slow down"}"#;
    let server = Server::start(vec![
        Reply::json(429, problem),
        Reply::json(400, problem),
        Reply::json(404, problem),
    ])
    .await;
    let client = client(server.url());
    let typed = |error: &streams_client::Error| match error.error_body() {
        Some(ErrorBody::Problem(problem)) => problem.message.clone(),
        other => panic!("{other:?}"),
    };
    let error = bounded(client.stream_ticks()).await.unwrap_err();
    assert_eq!(
        (error.kind(), error.status()),
        (ErrorKind::Status, Some(429))
    );
    assert_eq!(typed(&error), "slow down");
    let request = CreateMessageRequest::new("hello");
    let error = bounded(client.create_message(&request).events())
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), typed(&error).as_str()),
        (Some(400), "slow down")
    );
    let error = bounded(client.download_file("f").bytes_stream())
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), typed(&error).as_str()),
        (Some(404), "slow down")
    );
}

#[tokio::test]
async fn a_stream_may_last_longer_than_the_timeout_but_not_stall_for_longer() {
    let (url, _server) = serve_once(|mut socket| async move {
        socket.write_all(SSE_HEAD).await.unwrap();
        for seq in 1..=3 {
            socket
                .write_all(format!("data: {{\"seq\": {seq}}}\n\n").as_bytes())
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(700)).await;
        }
        // Then nothing, for longer than the timeout.
        std::future::pending::<()>().await;
    })
    .await;
    let client = client(&url);
    let mut ticks = bounded(
        client
            .stream_ticks()
            .request_timeout(Duration::from_millis(1500)),
    )
    .await
    .unwrap();
    // Three events over more than 1.5 s, each within 1.5 s of the last.
    for seq in 1..=3 {
        assert_eq!(bounded(ticks.next()).await.unwrap().unwrap().seq, seq);
    }
    let error = bounded(ticks.next()).await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert!(bounded(ticks.next()).await.is_none());
}

/// The byte at `offset` of the generated download.
fn pattern(offset: u64) -> u8 {
    (offset.wrapping_mul(31) % 251) as u8
}

#[tokio::test]
async fn a_100_mib_download_streams_past_the_size_limit() {
    const SIZE: u64 = 100 * 1024 * 1024;
    const CHUNK: usize = 64 * 1024;
    let (url, _server) = serve_once(|mut socket| async move {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {SIZE}\r\nConnection: close\r\n\r\n"
        );
        socket.write_all(head.as_bytes()).await.unwrap();
        // Written as it is made, one 64 KiB buffer at a time.
        let mut buffer = vec![0; CHUNK];
        let mut offset = 0;
        while offset < SIZE {
            for (i, byte) in buffer.iter_mut().enumerate() {
                *byte = pattern(offset + i as u64);
            }
            if socket.write_all(&buffer).await.is_err() {
                return;
            }
            offset += CHUNK as u64;
        }
    })
    .await;
    // The whole-body limit is 1 MiB; the stream has none.
    let client = Client::builder()
        .base_url(&url)
        .max_response_size(1024 * 1024)
        .build()
        .unwrap();
    let mut download: ByteStream = bounded(client.download_file("big").bytes_stream())
        .await
        .unwrap();
    let mut received = 0u64;
    let mut largest_chunk = 0;
    while let Some(chunk) = bounded(download.next()).await {
        let chunk: Bytes = chunk.unwrap();
        largest_chunk = largest_chunk.max(chunk.len());
        for (i, &byte) in chunk.iter().enumerate() {
            assert_eq!(
                byte,
                pattern(received + i as u64),
                "byte {}",
                received + i as u64
            );
        }
        received += chunk.len() as u64;
    }
    assert_eq!(received, SIZE);
    // The body came in pieces, none held whole.
    assert!(largest_chunk < 4 * 1024 * 1024, "{largest_chunk}");
}

#[tokio::test]
async fn awaiting_a_download_keeps_the_size_limit() {
    let server = Server::start(vec![Reply::typed(
        200,
        "application/octet-stream",
        vec![7; 2048],
    )])
    .await;
    let client = Client::builder()
        .base_url(server.url())
        .max_response_size(1024)
        .build()
        .unwrap();
    let error = bounded(client.download_file("f")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::ResponseTooLarge);
}

/// Polls a stream to its end through `futures_core::Stream` alone.
async fn collect<S: Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
    let mut items = Vec::new();
    while let Some(item) = bounded(std::future::poll_fn(|cx| {
        Pin::new(&mut stream).poll_next(cx)
    }))
    .await
    {
        items.push(item);
    }
    items
}

#[tokio::test]
async fn the_streams_are_futures_core_streams() {
    let (url, _server) = serve_once(|mut socket| async move {
        socket.write_all(SSE_HEAD).await.unwrap();
        for seq in 1..=3 {
            let event = format!("data: {{\"seq\": {seq}}}\n\n");
            socket.write_all(event.as_bytes()).await.unwrap();
        }
    })
    .await;
    let ticks = bounded(client(&url).stream_ticks()).await.unwrap();
    let seqs: Vec<i64> = collect(ticks)
        .await
        .into_iter()
        .map(|tick| tick.unwrap().seq)
        .collect();
    assert_eq!(seqs, [1, 2, 3]);
    // Any operation's body as bytes: here a JSON one, as it is.
    let server = Server::start(vec![Reply::json(200, r#"{"id": "m1", "text": "Hi"}"#)]).await;
    let request = CreateMessageRequest::new("hello");
    let bytes = bounded(client(server.url()).create_message(&request).bytes_stream())
        .await
        .unwrap();
    let body: Vec<u8> = collect(bytes)
        .await
        .into_iter()
        .flat_map(|chunk| chunk.unwrap().to_vec())
        .collect();
    assert_eq!(body, br#"{"id": "m1", "text": "Hi"}"#);
}
