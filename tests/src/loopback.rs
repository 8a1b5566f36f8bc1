//! A tiny scripted HTTP/1.1 server on 127.0.0.1, built on nothing but tokio's `TcpListener`.
//!
//! Tests hand it a script: one [`Reply`] per accepted connection, in order. It reads each
//! request (head, then a body if `Content-Length` announces one), records it for the test to
//! inspect, then performs the reply. Writing the bytes by hand, rather than using an HTTP
//! framework, is the point: the tests need answers no well-behaved server would give (a body
//! shorter than its `Content-Length`, a peer that never answers).
//!
//! It cannot make a test hang: the port is bound before [`Server::start`] returns (so there is
//! nothing to wait for), tests wait on the client's future rather than on the server, and
//! dropping the [`Server`] aborts its task, which owns and therefore aborts every connection.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// The largest request head read before the connection is given up on, so a confused client
/// cannot make the server buffer without end.
const MAX_HEAD: usize = 64 * 1024;

/// The largest chunked request body read, for the same reason.
const MAX_CHUNKED_BODY: usize = 16 * 1024 * 1024;

/// What the server does with one connection once it has read the request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete response: the status line, these headers, a correct `Content-Length` and
    /// `Connection: close` (so the client never reuses a connection the script has finished
    /// with), then the body; then the connection is closed.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// These bytes exactly as given, then the connection is closed: for responses that break
    /// the protocol, such as a `Content-Length` larger than the body sent.
    Raw(Vec<u8>),
    /// Nothing is ever written; the connection stays open until the server is dropped. For
    /// timeout tests.
    NeverAnswer,
    /// The connection is reset (TCP RST, by closing with a zero linger) once the request is
    /// read: the client sees "connection reset by peer".
    Reset,
}

impl Reply {
    /// A complete response with `Content-Type: application/json` and this body.
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply::Full {
            status,
            headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
            body: body.into(),
        }
    }

    /// These bytes as they are, then close.
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Self {
        Reply::Raw(bytes.into())
    }

    /// A complete response with this status and no body.
    pub fn status(status: u16) -> Self {
        Reply::Full {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A complete response with this `Content-Type` and body.
    pub fn typed(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply::Full {
            status,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body: body.into(),
        }
    }

    /// The same reply with one more header; only complete responses have headers.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// The bytes this reply writes, or `None` for [`Reply::NeverAnswer`] and [`Reply::Reset`].
    fn into_bytes(self) -> Option<Vec<u8>> {
        match self {
            Reply::Full {
                status,
                headers,
                body,
            } => {
                let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
                for (name, value) in &headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str(&format!(
                    "Content-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                ));
                let mut bytes = head.into_bytes();
                bytes.extend_from_slice(&body);
                Some(bytes)
            }
            Reply::Raw(bytes) => Some(bytes),
            Reply::NeverAnswer | Reply::Reset => None,
        }
    }
}

/// One request as the server received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The method, e.g. `GET`.
    pub method: String,
    /// The request target exactly as sent on the request line (path and query, still
    /// percent-encoded), e.g. `/api/task/a%2Fb`.
    pub target: String,
    /// The protocol version from the request line, e.g. `HTTP/1.1`.
    pub version: String,
    /// The header fields in the order sent, names as sent, values trimmed.
    pub headers: Vec<(String, String)>,
    /// The body, as long as `Content-Length` said (empty without one).
    pub body: Vec<u8>,
}

impl Request {
    /// The value of the first header with this name, compared case-insensitively as HTTP
    /// requires.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `METHOD target`, the request line without its version: convenient to assert on.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.target)
    }
}

/// A running server. Dropping it stops the server and closes every connection.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    url: String,
    requests: Arc<Mutex<Vec<Request>>>,
    task: JoinHandle<()>,
}

impl Server {
    /// Binds `127.0.0.1:0` and serves `script`, one reply per accepted connection in order.
    /// Connections beyond the script get a 500 whose body says so, so an unexpected request
    /// shows up as a clear failure rather than a hang.
    ///
    /// The listener is bound before this returns, so the URL can be used at once: connections
    /// made before the accept loop runs wait in the kernel's backlog.
    ///
    /// # Panics
    ///
    /// If no loopback port can be bound; there is nothing useful a test can do then.
    pub async fn start(script: Vec<Reply>) -> Self {
        Self::start_with(|_| script).await
    }

    /// [`Server::start`], with the script made from the server's URL
    /// (`http://127.0.0.1:PORT`), for replies that name the server itself (a next page's
    /// absolute URL).
    pub async fn start_with(script: impl FnOnce(&str) -> Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("cannot bind 127.0.0.1:0: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("cannot read the bound address: {e}"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let url = format!("http://{addr}");
        let task = tokio::spawn(accept_loop(
            listener,
            VecDeque::from(script(&url)),
            Arc::clone(&requests),
        ));
        Self {
            addr,
            url,
            requests,
            task,
        }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The requests received so far, in the order they were read. A request is recorded
    /// before its reply is written, so once the client has seen a reply its request is here.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.requests).clone()
    }
}

impl Drop for Server {
    /// Aborts the accept loop; the connection tasks live in its `JoinSet`, which aborts them
    /// when it is dropped, so held-open ([`Reply::NeverAnswer`]) connections close too.
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Locks the request log even if a connection task panicked while holding it: the log is
/// only ever pushed to, so it is never left half-updated.
fn lock(requests: &Mutex<Vec<Request>>) -> std::sync::MutexGuard<'_, Vec<Request>> {
    requests.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn accept_loop(
    listener: TcpListener,
    mut script: VecDeque<Reply>,
    requests: Arc<Mutex<Vec<Request>>>,
) {
    // Owned by this task, so aborting this task drops the set and aborts every connection.
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { return };
                let reply = script.pop_front().unwrap_or_else(|| {
                    Reply::json(500, r#"{"errors":["the loopback script has no more replies"]}"#)
                });
                connections.spawn(serve(stream, reply, Arc::clone(&requests)));
            }
            // Reap finished connections so the set does not grow over a long test.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// Reads one request, records it, performs the reply.
async fn serve(mut stream: TcpStream, reply: Reply, requests: Arc<Mutex<Vec<Request>>>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    lock(&requests).push(request);
    if matches!(reply, Reply::Reset) {
        // Closing with a zero linger sends RST instead of FIN.
        let _ = stream.set_zero_linger();
        drop(stream);
        return;
    }
    match reply.into_bytes() {
        Some(bytes) => {
            // The client may already have given up; that is its business, not an error here.
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        None => std::future::pending().await,
    }
}

/// Reads the head up to the blank line, then as many body bytes as `Content-Length` says.
/// `None` if the peer closes early or sends something that is not an HTTP/1 request head.
async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > MAX_HEAD {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buffer[..head_end]).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.splitn(3, ' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let version = request_line.next()?.to_owned();
    let headers = lines
        .map(|line| line.split_once(':'))
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.trim().to_owned()))
        .collect();
    let mut request = Request {
        method,
        target,
        version,
        headers,
        body: buffer[head_end + 4..].to_vec(),
    };
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|value| value.eq_ignore_ascii_case("chunked"));
    if chunked {
        let mut raw = std::mem::take(&mut request.body);
        loop {
            if let Some(body) = dechunk(&raw) {
                request.body = body?;
                return Some(request);
            }
            if raw.len() > MAX_CHUNKED_BODY {
                return None;
            }
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            raw.extend_from_slice(&chunk[..n]);
        }
    }
    let length: usize = match request.header("content-length") {
        Some(value) => value.parse().ok()?,
        None => 0,
    };
    while request.body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        request.body.extend_from_slice(&chunk[..n]);
    }
    request.body.truncate(length);
    Some(request)
}

/// Decodes a chunked body: `None` while it is incomplete, `Some(None)` when it is malformed.
fn dechunk(raw: &[u8]) -> Option<Option<Vec<u8>>> {
    let mut body = Vec::new();
    let mut rest = raw;
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok();
        let size = size_text
            .and_then(|text| usize::from_str_radix(text.split(';').next()?.trim(), 16).ok());
        let Some(size) = size else {
            return Some(None);
        };
        rest = &rest[line_end + 2..];
        if size == 0 {
            // The last chunk; trailers are not used by the clients under test.
            return rest.starts_with(b"\r\n").then_some(Some(body));
        }
        if rest.len() < size + 2 {
            return None;
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

/// A reason phrase for the status line; clients ignore it, but it makes captures readable.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

/// Awaits a client future for at most 10 s, so that a client that never returns fails its
/// test instead of hanging the suite.
pub async fn bounded<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(std::time::Duration::from_secs(10), future)
        .await
        .expect("the client did not return within 10 s")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends `request` on a fresh connection and reads until the server closes it.
    async fn exchange(server: &Server, request: &str) -> String {
        let mut stream = TcpStream::connect(server.addr()).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        response
    }

    #[tokio::test]
    async fn records_the_request_and_writes_the_scripted_replies_in_order() {
        let server = Server::start(vec![Reply::json(201, "{}"), Reply::raw("raw bytes")]).await;
        let first = exchange(
            &server,
            "POST /a%2Fb?q=1 HTTP/1.1\r\nHost: x\r\ncontent-LENGTH: 5\r\n\r\nhello",
        )
        .await;
        assert_eq!(
            first,
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
        );
        assert_eq!(
            exchange(&server, "GET / HTTP/1.1\r\n\r\n").await,
            "raw bytes"
        );
        let unscripted = exchange(&server, "GET / HTTP/1.1\r\n\r\n").await;
        assert!(unscripted.starts_with("HTTP/1.1 500 "), "{unscripted}");

        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        assert_eq!(requests[0].line(), "POST /a%2Fb?q=1");
        assert_eq!(requests[0].version, "HTTP/1.1");
        assert_eq!(requests[0].header("Content-Length"), Some("5"));
        assert_eq!(requests[0].header("host"), Some("x"));
        assert_eq!(requests[0].body, b"hello");
    }

    #[tokio::test]
    async fn dropping_the_server_closes_a_connection_it_never_answered() {
        let server = Server::start(vec![Reply::NeverAnswer]).await;
        let mut stream = TcpStream::connect(server.addr()).await.unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\n\r\n").await.unwrap();
        let mut byte = [0u8; 1];
        let silent = tokio::time::timeout(
            std::time::Duration::from_millis(100),
            stream.read(&mut byte),
        )
        .await;
        assert!(silent.is_err(), "the server answered: {silent:?}");
        drop(server);
        let closed =
            tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut byte))
                .await
                .expect("the connection is still open after the server was dropped");
        // A clean end of stream or a reset: either way, closed and nothing written.
        assert!(matches!(closed, Ok(0) | Err(_)), "{closed:?}");
    }

    #[tokio::test]
    async fn reads_a_chunked_body_and_resets_on_request() {
        let server = Server::start(vec![Reply::Reset]).await;
        let mut stream = TcpStream::connect(server.addr()).await.unwrap();
        stream
            .write_all(b"PUT /f HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n")
            .await
            .unwrap();
        let mut buffer = Vec::new();
        let outcome = stream.read_to_end(&mut buffer).await;
        assert!(
            matches!(&outcome, Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset),
            "{outcome:?}"
        );
        assert_eq!(server.requests()[0].body, b"hello world");
    }

    #[test]
    fn chunked_bodies_are_complete_only_at_the_last_chunk() {
        assert_eq!(
            dechunk(b"3\r\nabc\r\n0\r\n\r\n"),
            Some(Some(b"abc".to_vec()))
        );
        assert_eq!(dechunk(b"3\r\nabc\r\n"), None);
        assert_eq!(dechunk(b"3\r\nab"), None);
        assert_eq!(dechunk(b"zz\r\n"), Some(None));
    }
}
