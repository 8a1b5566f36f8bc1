// The spec-independent part of a generated client's `client` module: sending with retries,
// reading bodies, parameter and body serialization, errors. `emit/runtime.rs` parses this file
// and appends the items the crate needs to the module: an item marked `#[needs(A, B)]` when
// the spec's operations use feature `A` or `B` (`analysis::Feature`, spelled as Rust spells
// it), a public or `pub(crate)` item always, a private one (a helper) when code that stays
// calls it. Mark what generated code calls; helpers need no marker. Plain comments like this
// one do not survive; doc comments do.

use ::std::time::Duration;

use ::std::time::{SystemTime, UNIX_EPOCH};

/// The time a whole request may take unless [`ClientBuilder::timeout`] sets another. Each
/// attempt of a retried request has this much time.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The time establishing a connection may take unless [`ClientBuilder::connect_timeout`]
/// sets another.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest response body the client reads unless [`ClientBuilder::max_response_size`]
/// sets another: 64 MiB.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 64 * 1024 * 1024;

const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A `reqwest` client builder with the TLS backend the crate's features chose. With
/// `rustls-ring` (and not `rustls`), reqwest has no crypto provider of its own: ring's is
/// installed as the process default, unless the program installed one first. With no TLS
/// feature, the client speaks plain HTTP; pass a client of your own to
/// [`ClientBuilder::http_client`] for HTTPS.
fn tls_client_builder() -> ::reqwest::ClientBuilder {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
    if ::rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may have installed one meanwhile; any provider will do.
        let _ = ::rustls::crypto::ring::default_provider().install_default();
    }
    ::reqwest::Client::builder()
}

/// When the client sends a request again.
///
/// A request is retried when the connection fails, when it times out, and when the server
/// answers 429, 502, 503 or 504. Only idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE,
/// TRACE) are retried unless [`RetryPolicy::retry_non_idempotent`] says otherwise, and a body
/// that cannot be replayed (a stream) is never sent twice.
///
/// The wait before retry `n` (from 0) is drawn between half and all of
/// `initial_backoff * 2^n`, capped at `max_backoff`. A `Retry-After` header (seconds or an
/// HTTP date) sets the wait instead; if it asks for longer than `max_backoff`, the response is
/// returned as it is.
///
/// The default: 2 retries, 500 ms initial backoff, 30 s cap, idempotent methods only.
#[derive(Clone, Debug, PartialEq, Eq)]
#[unused_without(Operations)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy: see [`RetryPolicy`].
    pub fn new() -> Self {
        Self::default()
    }

    /// No retries: every request is sent once.
    pub fn never() -> Self {
        Self::default().max_retries(0)
    }

    /// How many times a request may be sent again after the first attempt.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The wait before the first retry, doubled for each further one.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between attempts, and the longest `Retry-After` honoured.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// Also retry POST and PATCH requests, which the server may then process twice.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// The wait before retry `retry` (from 0): "equal jitter", half fixed and half random, so
    /// that clients failing together do not retry together.
    fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max_backoff);
        let half = ceiling / 2;
        let jitter = Duration::try_from_secs_f64(half.as_secs_f64() * random_fraction())
            .unwrap_or(half);
        half.saturating_add(jitter)
    }
}

/// A number in `[0, 1)`, from the standard library's randomly keyed hasher: enough to spread
/// retries, with no dependency.
fn random_fraction() -> f64 {
    use ::std::hash::{BuildHasher, Hasher};
    let mut hasher = ::std::collections::hash_map::RandomState::new().build_hasher();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    hasher.write_u128(now);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// A successful response: its status and headers, and its body decoded.
#[derive(Clone, Debug)]
pub struct Response<T> {
    status: ::reqwest::StatusCode,
    headers: ::reqwest::header::HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &::reqwest::header::HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, without status and headers.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// A response as received, before the operation decodes it.
#[needs(Operations)]
pub(crate) struct RawResponse {
    status: ::reqwest::StatusCode,
    headers: ::reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl RawResponse {
    /// The HTTP status.
    pub(crate) fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The response with `body` in place of the raw bytes.
    pub(crate) fn into_response<T>(self, body: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    /// The response with its body decoded as JSON into `T`, as [`RawResponse::json`] decodes
    /// it: the arm of a success that every operation with one JSON body has.
    #[needs(OneJsonResponse)]
    pub(crate) fn into_json_response<T: ::serde::de::DeserializeOwned>(
        self,
    ) -> Result<Response<T>, Error> {
        let body = self.json()?;
        Ok(self.into_response(body))
    }

    /// Decodes the body as JSON into `T`; a failure names the JSON path where it happened.
    /// (The path is found by reading the body a second time, only when the first read fails.)
    #[needs(JsonResponse)]
    pub(crate) fn json<T: ::serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        if let Some(content_type) = self.content_type() {
            if !is_json(content_type) {
                return Err(Error::new(
                    ErrorKind::Decode,
                    format!("expected a JSON response body, got content type `{content_type}`"),
                )
                .with_response(self));
            }
        }
        // Plain serde_json first: tracking the JSON path costs on every value, so only a body
        // that fails is read again, with the path, for the error.
        if let Ok(value) = ::serde_json::from_slice(&self.body) {
            return Ok(value);
        }
        let mut deserializer = ::serde_json::Deserializer::from_slice(&self.body);
        let value = ::serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = e.path().to_string();
            Error::new(
                ErrorKind::Decode,
                format!("the response body does not match the expected type at `{path}`"),
            )
            .with_json_path(path)
            .with_response(self)
            .with_source(e.into_inner())
        })?;
        deserializer.end().map_err(|e| {
            Error::new(ErrorKind::Decode, "the response body goes on after its JSON value")
                .with_response(self)
                .with_source(e)
        })?;
        Ok(value)
    }

    /// The body as UTF-8 text.
    #[needs(TextResponse)]
    pub(crate) fn text(&mut self) -> Result<String, Error> {
        match String::from_utf8(::std::mem::take(&mut self.body)) {
            Ok(text) => Ok(text),
            Err(e) => {
                self.body = e.as_bytes().to_vec();
                Err(Error::new(ErrorKind::Decode, "the response body is not UTF-8 text")
                    .with_response(self)
                    .with_source(e.utf8_error()))
            }
        }
    }

    /// The body's bytes.
    #[needs(BytesResponse)]
    pub(crate) fn bytes(&mut self) -> Vec<u8> {
        ::std::mem::take(&mut self.body)
    }

    fn content_type(&self) -> Option<&str> {
        self.headers
            .get(::reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }

    /// An error for a status the operation does not treat as success.
    pub(crate) fn error(self) -> Error {
        let message = if self.status.is_success() {
            "the server answered with a success status the API does not describe"
        } else {
            "the server answered with an error status"
        };
        let kind = if self.status.is_success() {
            ErrorKind::Decode
        } else {
            ErrorKind::Status
        };
        Error::new(kind, message).with_response(&self)
    }

    /// An error whose body the spec declares: decoded into its type when it fits.
    #[needs(ErrorBody)]
    pub(crate) fn error_with<T: ::serde::de::DeserializeOwned>(
        self,
        wrap: fn(T) -> ErrorBody,
    ) -> Error {
        let typed = ::serde_json::from_slice(&self.body).ok().map(wrap);
        let mut error = self.error();
        error.inner.error_body = typed;
        error
    }
}

/// Whether a media type is JSON: `application/json` or any `+json` type.
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence
            .get(essence.len().saturating_sub(5)..)
            .is_some_and(|suffix| suffix.eq_ignore_ascii_case("+json"))
}

/// What the client knows of an operation besides its arguments: where and how it is sent,
/// whether it may be sent twice, which credentials it takes, and what traces call it.
#[needs(Operations)]
pub(crate) struct Call {
    /// The `operationId`, or the method and path.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) operation: &'static str,
    pub(crate) method: ::reqwest::Method,
    /// The path template, e.g. `/task/{id}`.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) path: &'static str,
    /// 0 for the client's base URL, `n` for the `n`th server that operations name.
    pub(crate) server: usize,
    /// Sending the request twice has the effect of sending it once (RFC 9110, section 9.2.2).
    pub(crate) idempotent: bool,
    /// Alternatives, each the credentials sent together: the first whose credentials are all
    /// set is sent.
    pub(crate) security: &'static [&'static [Credential]],
}

/// A request builder's own settings: headers to add and a timeout for this request alone.
#[needs(Operations)]
#[derive(Clone, Default)]
pub(crate) struct RequestOptions {
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
}

impl RequestOptions {
    pub(crate) fn header(&mut self, name: String, value: String) {
        self.headers.push((name, value));
    }

    pub(crate) fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Sets the headers on the request, in place of any of the same names, and the timeout.
    fn apply(self, request: &mut ::reqwest::Request) -> Result<(), Error> {
        let mut added = Vec::with_capacity(self.headers.len());
        for (name, value) in self.headers {
            let invalid = |what: &str| {
                Error::new(
                    ErrorKind::InvalidParameter,
                    format!("the extra header `{name}` has an invalid {what}"),
                )
            };
            let header = ::reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid("name"))?;
            let mut value =
                ::reqwest::header::HeaderValue::try_from(value).map_err(|_| invalid("value"))?;
            // Extra headers often carry secrets of their own (tokens, signatures).
            value.set_sensitive(true);
            added.push((header, value));
        }
        let headers = request.headers_mut();
        for (name, _) in &added {
            headers.remove(name);
        }
        for (name, value) in added {
            headers.append(name, value);
        }
        if let Some(timeout) = self.timeout {
            *request.timeout_mut() = Some(timeout);
        }
        Ok(())
    }
}

/// Extra header values are not shown: they may be secrets.
impl ::std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("headers", &names)
            .field("timeout", &self.timeout)
            .finish()
    }
}

#[needs(Operations)]
impl Client {
    /// Starts a request to `path_and_query` (already encoded) below the operation's server,
    /// with the client's timeout.
    pub(crate) fn request(
        &self,
        call: &Call,
        path_and_query: &str,
    ) -> Result<::reqwest::RequestBuilder, Error> {
        let base = match call.server.checked_sub(1).and_then(|i| self.servers.get(i)) {
            None => &self.base_url,
            Some(Ok(url)) => url,
            Some(Err(message)) => return Err(Error::config(message.clone())),
        };
        Ok(self
            .http
            .request(call.method.clone(), format!("{base}{path_and_query}"))
            .timeout(self.timeout))
    }

    /// Adds the credentials and the builder's own settings, then sends the request and reads
    /// the response, retrying as the [`RetryPolicy`] allows.
    pub(crate) async fn execute(
        &self,
        call: &'static Call,
        request: ::reqwest::RequestBuilder,
        options: RequestOptions,
    ) -> Result<RawResponse, Error> {
        let mut request = request.build().map_err(Error::transport)?;
        self.authorize(&mut request, call.security);
        options.apply(&mut request)?;
        join_cookies(request.headers_mut());
        #[cfg(feature = "tracing")]
        let (span, started) = (
            ::tracing::info_span!(
                "request",
                operation = call.operation,
                method = call.method.as_str(),
                path = call.path,
                status = ::tracing::field::Empty,
                attempts = ::tracing::field::Empty,
                duration_ms = ::tracing::field::Empty,
            ),
            ::std::time::Instant::now(),
        );
        let sending = self.send(call, request);
        #[cfg(feature = "tracing")]
        let sending = ::tracing::Instrument::instrument(sending, span.clone());
        let (outcome, attempts) = sending.await;
        #[cfg(feature = "tracing")]
        {
            span.record("attempts", attempts);
            let elapsed = started.elapsed().as_millis();
            span.record("duration_ms", u64::try_from(elapsed).unwrap_or(u64::MAX));
            let status = match &outcome {
                Ok(response) => Some(response.status),
                Err(error) => error.inner.status,
            };
            if let Some(status) = status {
                span.record("status", status.as_u16());
            }
        }
        #[cfg(not(feature = "tracing"))]
        let _ = attempts;
        outcome
    }

    /// Sends the request as often as the [`RetryPolicy`] allows; the outcome, and how many
    /// attempts were made.
    async fn send(&self, call: &Call, request: ::reqwest::Request) -> (Result<RawResponse, Error>, u32) {
        let policy = &self.retry;
        let may_retry = call.idempotent || policy.retry_non_idempotent;
        let mut retries = 0;
        loop {
            let replay = if may_retry && retries < policy.max_retries {
                request.try_clone()
            } else {
                None
            };
            let Some(attempt) = replay else {
                return (self.attempt(request).await, retries + 1);
            };
            let outcome = self.attempt(attempt).await;
            let wait = match &outcome {
                Ok(response) if is_retryable_status(response.status) => {
                    match retry_after(&response.headers) {
                        Some(wait) if wait > policy.max_backoff => return (outcome, retries + 1),
                        Some(wait) => wait,
                        None => policy.backoff(retries),
                    }
                }
                Err(error) if error.inner.retryable => policy.backoff(retries),
                _ => return (outcome, retries + 1),
            };
            #[cfg(feature = "tracing")]
            ::tracing::info!(
                attempt = retries + 1,
                status = outcome.as_ref().ok().map(|response| response.status.as_u16()),
                error = outcome.as_ref().err().map(|error| error.inner.message.as_str()),
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying",
            );
            ::tokio::time::sleep(wait).await;
            retries += 1;
        }
    }

    /// Sends the request once and reads the whole body, up to the size limit.
    async fn attempt(&self, request: ::reqwest::Request) -> Result<RawResponse, Error> {
        let mut response = self.http.execute(request).await.map_err(Error::transport)?;
        let status = response.status();
        let limit = self.max_response_size;
        let too_large = || {
            Error::new(
                ErrorKind::ResponseTooLarge,
                format!("the response body is larger than the limit of {limit} bytes"),
            )
            .with_status(status)
        };
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(too_large());
        }
        let headers = ::std::mem::take(response.headers_mut());
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Error::transport(e).with_status(status))?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            status,
            headers,
            body,
        })
    }
}

/// Joins the request's `Cookie` headers into one (RFC 6265 allows one): cookie parameters and
/// a cookie credential are added apart.
fn join_cookies(headers: &mut ::reqwest::header::HeaderMap) {
    let cookie = ::reqwest::header::COOKIE;
    if headers.get_all(&cookie).iter().nth(1).is_none() {
        return;
    }
    let parts: Vec<&[u8]> = headers.get_all(&cookie).iter().map(|v| v.as_bytes()).collect();
    let joined = parts.join(&b"; "[..]);
    if let Ok(mut value) = ::reqwest::header::HeaderValue::from_bytes(&joined) {
        value.set_sensitive(true);
        headers.insert(cookie, value);
    }
}

/// `Authorization: Basic` for a user and password (RFC 7617), marked sensitive.
fn basic_credentials(username: &str, password: &str) -> Result<::reqwest::header::HeaderValue, Error> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let text = format!("{username}:{password}");
    let mut encoded = String::with_capacity(text.len().div_ceil(3) * 4 + 6);
    encoded.push_str("Basic ");
    for chunk in text.as_bytes().chunks(3) {
        let bytes = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let bits = u32::from(bytes[0]) << 16 | u32::from(bytes[1]) << 8 | u32::from(bytes[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                encoded.push(char::from(ALPHABET[(bits >> (18 - 6 * i) & 63) as usize]));
            } else {
                encoded.push('=');
            }
        }
    }
    sensitive_header(encoded, "the basic auth credentials are not a valid HTTP header value")
}

/// A header value holding a secret, never shown by `Debug`; `invalid` is the error's message,
/// which does not show it either.
fn sensitive_header(value: String, invalid: &str) -> Result<::reqwest::header::HeaderValue, Error> {
    let mut value = ::reqwest::header::HeaderValue::try_from(value)
        .map_err(|_| Error::config(invalid))?;
    value.set_sensitive(true);
    Ok(value)
}

/// A server the spec names: its URL template and its variables (name, default, the values
/// allowed, if listed).
#[needs(Servers)]
struct Server {
    url: &'static str,
    variables: &'static [(&'static str, &'static str, &'static [&'static str])],
}

impl Server {
    /// The server's URL with the variables' values (`values`, or the defaults). `base_url`, the
    /// user's, replaces an absolute URL and is what a relative one is resolved against; a
    /// relative URL without it is an error naming what to set.
    fn resolve(
        &self,
        base_url: Option<&str>,
        values: &::std::collections::BTreeMap<String, String>,
    ) -> Result<Result<String, String>, Error> {
        let mut url = self.url.to_owned();
        for (name, default, allowed) in self.variables {
            let value = values.get(*name).map_or(*default, String::as_str);
            if !allowed.is_empty() && !allowed.contains(&value) {
                return Err(Error::config(format!(
                    "the server variable `{name}` cannot be `{value}`: the spec allows {}",
                    allowed.join(", ")
                )));
            }
            url = url.replace(&format!("{{{name}}}"), value);
        }
        // A scheme (`https:`) makes a URL absolute; `//host/path` and `/path` are relative.
        let absolute = url.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        Ok(Ok(match (base_url, absolute) {
            (Some(base_url), true) => check_base_url(base_url)?,
            (None, true) if url.contains('{') => {
                return Ok(Err(format!(
                    "the server URL `{url}` has a variable the spec does not declare: set `ClientBuilder::base_url`"
                )));
            }
            (None, true) => check_base_url(&url)?,
            (Some(base_url), false) => {
                let base = ::reqwest::Url::parse(&format!("{}/", base_url.trim_end_matches('/')))
                    .map_err(|e| Error::config(format!("invalid base URL `{base_url}`: {e}")))?;
                let joined = base.join(&url).map_err(|e| {
                    Error::config(format!("the server URL `{url}` cannot be resolved against `{base_url}`: {e}"))
                })?;
                check_base_url(joined.as_str())?
            }
            (None, false) => {
                return Ok(Err(format!(
                    "the server URL `{url}` is relative: set `ClientBuilder::base_url` to the address it is relative to"
                )));
            }
        }))
    }
}

/// The URLs of the client's servers: its own (the spec's first, or the user's base URL when
/// the spec names none), then those operations name, each resolved, or why it cannot be.
/// A variable that no server has, or a value a variable does not allow, is an error.
#[needs(Servers)]
fn server_urls(
    base_url: Option<&str>,
    values: &::std::collections::BTreeMap<String, String>,
    own: Option<&Server>,
    others: &[Server],
) -> Result<(String, Vec<Result<String, String>>), Error> {
    let servers = || own.into_iter().chain(others);
    for name in values.keys() {
        let known = servers().any(|server| server.variables.iter().any(|(n, _, _)| n == name));
        if !known {
            return Err(Error::config(format!(
                "the spec's servers have no variable `{name}`"
            )));
        }
    }
    let base = match own {
        Some(server) => server.resolve(base_url, values)?.map_err(Error::config)?,
        None => check_base_url(base_url.ok_or_else(|| {
            Error::config("no base URL: the spec names no server for every operation, so call `ClientBuilder::base_url`")
        })?)?,
    };
    let others = others
        .iter()
        .map(|server| server.resolve(base_url, values))
        .collect::<Result<_, _>>()?;
    Ok((base, others))
}

/// Statuses that say "try again": too many requests, and a gateway or server unavailable.
fn is_retryable_status(status: ::reqwest::StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for: delay seconds or an HTTP date.
fn retry_after(headers: &::reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(::reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the date form HTTP senders use.
fn parse_http_date(text: &str) -> Option<SystemTime> {
    let mut parts = text.split_whitespace();
    let _weekday = parts.next()?;
    let day: i64 = parts.next()?.parse().ok()?;
    let month: i64 = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|part| part.parse::<i64>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    let in_range = (1..=31).contains(&day)
        && (0..24).contains(&hour)
        && (0..60).contains(&minute)
        && (0..=60).contains(&second);
    if parts.next()? != "GMT" || parts.next().is_some() || clock.next().is_some() || !in_range {
        return None;
    }
    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days
        .checked_mul(86_400)?
        .checked_add(hour * 3600 + minute * 60 + second)?;
    UNIX_EPOCH.checked_add(Duration::from_secs(u64::try_from(seconds).ok()?))
}

/// A parameter's value as JSON, which the OpenAPI style rules are written for.
fn param_json(name: &str, value: &impl ::serde::Serialize) -> Result<::serde_json::Value, Error> {
    ::serde_json::to_value(value).map_err(|e| {
        Error::new(
            ErrorKind::InvalidParameter,
            format!("parameter `{name}` cannot be serialized"),
        )
        .with_source(e)
    })
}

/// A scalar's text: strings as they are, numbers and booleans as JSON writes them, anything
/// nested as JSON text.
fn scalar_text(value: &::serde_json::Value) -> String {
    match value {
        ::serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The name-value pairs of an object, or the items of an array, as text; `None` for a scalar.
fn spread(value: &::serde_json::Value) -> Option<Vec<(Option<&str>, String)>> {
    match value {
        ::serde_json::Value::Array(items) => Some(
            items
                .iter()
                .filter(|item| !item.is_null())
                .map(|item| (None, scalar_text(item)))
                .collect(),
        ),
        ::serde_json::Value::Object(fields) => Some(
            fields
                .iter()
                .filter(|(_, field)| !field.is_null())
                .map(|(name, field)| (Some(name.as_str()), scalar_text(field)))
                .collect(),
        ),
        _ => None,
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Joins items (and the names of object fields) with `separator`, each percent-encoded, or
/// `name=value` pairs when `explode` applies to an object.
fn join_spread(
    items: &[(Option<&str>, String)],
    separator: &str,
    explode: bool,
    encode_item: fn(&str) -> String,
) -> String {
    let mut out = Vec::with_capacity(items.len() * 2);
    for (name, value) in items {
        match (name, explode) {
            (Some(name), true) => out.push(format!("{}={}", encode_item(name), encode_item(value))),
            (Some(name), false) => {
                out.push(encode_item(name));
                out.push(encode_item(value));
            }
            (None, _) => out.push(encode_item(value)),
        }
    }
    out.join(separator)
}

/// A path parameter in `simple` style (`a,b,c`), as exactly one path segment: `/`, `?` and `#`
/// are encoded, and a value that would not name one segment is refused.
#[needs(Param(Path, Simple))]
pub(crate) fn path_simple(
    name: &str,
    explode: bool,
    value: &impl ::serde::Serialize,
) -> Result<String, Error> {
    let value = param_json(name, value)?;
    let text = match spread(&value) {
        Some(items) => join_spread(&items, ",", explode, encode),
        None => encode(&scalar_text(&value)),
    };
    if text.is_empty() || text == "." || text == ".." || value.is_null() {
        return Err(Error::new(
            ErrorKind::InvalidParameter,
            format!("path parameter `{name}` cannot be {text:?}: it would not name one path segment"),
        ));
    }
    Ok(text)
}

/// A path parameter in `label` style: `.a.b` exploded, `.a,b` otherwise.
#[needs(Param(Path, Label))]
pub(crate) fn path_label(
    name: &str,
    explode: bool,
    value: &impl ::serde::Serialize,
) -> Result<String, Error> {
    let value = param_json(name, value)?;
    Ok(match spread(&value) {
        Some(items) => format!(".{}", join_spread(&items, if explode { "." } else { "," }, explode, encode)),
        None => format!(".{}", encode(&scalar_text(&value))),
    })
}

/// A path parameter in `matrix` style: `;name=a;name=b` exploded, `;name=a,b` otherwise.
#[needs(Param(Path, Matrix))]
pub(crate) fn path_matrix(
    name: &str,
    explode: bool,
    value: &impl ::serde::Serialize,
) -> Result<String, Error> {
    let value = param_json(name, value)?;
    let key = encode(name);
    Ok(match (spread(&value), explode) {
        (Some(items), true) => items
            .iter()
            .map(|(field, item)| format!(";{}={}", field.map_or_else(|| key.clone(), encode), encode(item)))
            .collect(),
        (Some(items), false) => format!(";{key}={}", join_spread(&items, ",", false, encode)),
        (None, _) => format!(";{key}={}", encode(&scalar_text(&value))),
    })
}

/// A query string under construction. Absent parameters (`None`, `null`) are left out.
#[needs(Query)]
#[derive(Default)]
pub(crate) struct Query {
    pairs: Vec<String>,
}

impl Query {
    /// `form` style: `name=a&name=b` exploded, `name=a,b` otherwise; an exploded object gives
    /// one pair per field.
    #[needs(Param(Query, Form))]
    pub(crate) fn form(
        &mut self,
        name: &str,
        explode: bool,
        value: &impl ::serde::Serialize,
    ) -> Result<(), Error> {
        let value = param_json(name, value)?;
        match spread(&value) {
            None if value.is_null() => {}
            None => self.push(name, &scalar_text(&value)),
            Some(items) if explode => {
                for (field, item) in items {
                    self.push(field.unwrap_or(name), &item);
                }
            }
            Some(items) => {
                let mut joined = Vec::with_capacity(items.len() * 2);
                for (field, item) in items {
                    joined.extend(field.map(encode));
                    joined.push(encode(&item));
                }
                self.pairs.push(format!("{}={}", encode(name), joined.join(",")));
            }
        }
        Ok(())
    }

    /// `spaceDelimited` or `pipeDelimited` style: an array's items joined by `delimiter`.
    #[needs(Param(Query, SpaceDelimited), Param(Query, PipeDelimited))]
    pub(crate) fn delimited(
        &mut self,
        name: &str,
        delimiter: &str,
        value: &impl ::serde::Serialize,
    ) -> Result<(), Error> {
        let value = param_json(name, value)?;
        match spread(&value) {
            None if value.is_null() => {}
            None => self.push(name, &scalar_text(&value)),
            Some(items) => {
                let joined: Vec<String> = items.iter().map(|(_, item)| encode(item)).collect();
                self.pairs.push(format!("{}={}", encode(name), joined.join(delimiter)));
            }
        }
        Ok(())
    }

    /// `deepObject` style: `name[field]=value`, nested objects as further brackets.
    #[needs(Param(Query, DeepObject))]
    pub(crate) fn deep_object(
        &mut self,
        name: &str,
        value: &impl ::serde::Serialize,
    ) -> Result<(), Error> {
        let value = param_json(name, value)?;
        self.push_deep(name.to_owned(), &value);
        Ok(())
    }

    fn push_deep(&mut self, key: String, value: &::serde_json::Value) {
        match value {
            ::serde_json::Value::Null => {}
            ::serde_json::Value::Object(fields) => {
                for (field, item) in fields {
                    self.push_deep(format!("{key}[{field}]"), item);
                }
            }
            ::serde_json::Value::Array(items) => {
                for item in items {
                    self.push_deep(key.clone(), item);
                }
            }
            scalar => self.push(&key, &scalar_text(scalar)),
        }
    }

    /// A parameter given as JSON text (a parameter with `content`).
    #[needs(Param(Query, Json))]
    pub(crate) fn json(
        &mut self,
        name: &str,
        value: &impl ::serde::Serialize,
    ) -> Result<(), Error> {
        let value = param_json(name, value)?;
        if !value.is_null() {
            self.push(name, &value.to_string());
        }
        Ok(())
    }

    fn push(&mut self, name: &str, value: &str) {
        self.pairs.push(format!("{}={}", encode(name), encode(value)));
    }

    /// `?` and the pairs, or nothing when there are none.
    pub(crate) fn finish(self) -> String {
        if self.pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", self.pairs.join("&"))
        }
    }
}

/// Adds a header parameter in `simple` style; an absent one (`None`, `null`) is left out.
#[needs(Param(Header, Simple))]
pub(crate) fn header_param(
    request: ::reqwest::RequestBuilder,
    name: &'static str,
    explode: bool,
    value: &impl ::serde::Serialize,
) -> Result<::reqwest::RequestBuilder, Error> {
    let value = param_json(name, value)?;
    if value.is_null() {
        return Ok(request);
    }
    let text = match spread(&value) {
        Some(items) => join_spread(&items, ",", explode, str::to_owned),
        None => scalar_text(&value),
    };
    let header = ::reqwest::header::HeaderValue::try_from(text).map_err(|e| {
        Error::new(
            ErrorKind::InvalidParameter,
            format!("header parameter `{name}` is not a valid header value"),
        )
        .with_source(e)
    })?;
    Ok(request.header(name, header))
}

/// The `Cookie` header's `name=value` pairs; absent parameters are left out.
#[needs(Param(Cookie, Form))]
#[derive(Default)]
pub(crate) struct Cookies {
    pairs: Vec<String>,
}

impl Cookies {
    /// Adds a cookie parameter in `form` style; arrays and objects as comma-separated lists.
    pub(crate) fn push(&mut self, name: &str, value: &impl ::serde::Serialize) -> Result<(), Error> {
        let value = param_json(name, value)?;
        let text = match spread(&value) {
            None if value.is_null() => return Ok(()),
            None => encode(&scalar_text(&value)),
            Some(items) => items
                .iter()
                .flat_map(|(field, item)| field.map(encode).into_iter().chain([encode(item)]))
                .collect::<Vec<_>>()
                .join(","),
        };
        self.pairs.push(format!("{name}={text}"));
        Ok(())
    }

    /// Sets the `Cookie` header, if there is a cookie to send.
    pub(crate) fn apply(self, request: ::reqwest::RequestBuilder) -> ::reqwest::RequestBuilder {
        if self.pairs.is_empty() {
            request
        } else {
            request.header(::reqwest::header::COOKIE, self.pairs.join("; "))
        }
    }
}

/// Attaches `body` as JSON, with the spec's media type.
#[needs(JsonBody)]
pub(crate) fn json_body(
    request: ::reqwest::RequestBuilder,
    media_type: &'static str,
    body: &impl ::serde::Serialize,
) -> Result<::reqwest::RequestBuilder, Error> {
    let bytes = ::serde_json::to_vec(body).map_err(|e| {
        Error::new(ErrorKind::InvalidParameter, "the request body cannot be serialized as JSON")
            .with_source(e)
    })?;
    Ok(request
        .header(::reqwest::header::CONTENT_TYPE, media_type)
        .body(bytes))
}

/// Attaches `body` as `application/x-www-form-urlencoded`: one pair per field, arrays as
/// repeated pairs, nested objects as JSON text.
#[needs(FormBody)]
pub(crate) fn form_body(
    request: ::reqwest::RequestBuilder,
    body: &impl ::serde::Serialize,
) -> Result<::reqwest::RequestBuilder, Error> {
    let value = ::serde_json::to_value(body).map_err(|e| {
        Error::new(ErrorKind::InvalidParameter, "the request body cannot be serialized")
            .with_source(e)
    })?;
    let ::serde_json::Value::Object(fields) = value else {
        return Err(Error::new(
            ErrorKind::InvalidParameter,
            "a form request body must be an object",
        ));
    };
    let mut pairs = Vec::new();
    for (name, field) in &fields {
        let items = match field {
            ::serde_json::Value::Null => Vec::new(),
            ::serde_json::Value::Array(items) => items.iter().filter(|i| !i.is_null()).collect(),
            single => vec![single],
        };
        for item in items {
            pairs.push(format!("{}={}", encode(name), encode(&scalar_text(item))));
        }
    }
    Ok(request
        .header(
            ::reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(pairs.join("&")))
}

/// Attaches a raw body with the spec's media type.
#[needs(RawBody)]
pub(crate) fn raw_body(
    request: ::reqwest::RequestBuilder,
    media_type: &'static str,
    body: ::reqwest::Body,
) -> ::reqwest::RequestBuilder {
    request
        .header(::reqwest::header::CONTENT_TYPE, media_type)
        .body(body)
}

/// A file sent as one part of a `multipart/form-data` body: bytes in memory or a stream. Unless
/// set, the file name is the part's name and the media type `application/octet-stream`, so that
/// servers always see a file (RFC 7578).
#[needs(MultipartBody)]
#[unused_without(MultipartFile)]
#[derive(Debug)]
pub struct FilePart {
    body: ::reqwest::Body,
    /// The length, known for bytes in memory.
    length: Option<u64>,
    file_name: Option<String>,
    media_type: Option<String>,
}

impl FilePart {
    /// A file from bytes in memory.
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> Self {
        let bytes = bytes.into();
        Self {
            length: u64::try_from(bytes.len()).ok(),
            body: ::reqwest::Body::from(bytes),
            file_name: None,
            media_type: None,
        }
    }

    /// A file read from a stream as it is sent: a `tokio::fs::File`, or any stream through
    /// `reqwest::Body::wrap_stream`. A request with a streamed file is never retried.
    pub fn stream(body: impl Into<::reqwest::Body>) -> Self {
        Self {
            body: body.into(),
            length: None,
            file_name: None,
            media_type: None,
        }
    }

    /// The file name sent with the part.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's media type, e.g. `image/png`.
    pub fn content_type(mut self, media_type: &str) -> Result<Self, Error> {
        // Checked now, so that a bad media type is reported where it is given.
        ::reqwest::multipart::Part::bytes(Vec::new())
            .mime_str(media_type)
            .map_err(|e| invalid_media_type(media_type, e))?;
        self.media_type = Some(media_type.to_owned());
        Ok(self)
    }

    /// The part, with the defaults for what the caller did not set.
    fn into_part(self, name: &'static str) -> Result<::reqwest::multipart::Part, Error> {
        let part = match self.length {
            Some(length) => ::reqwest::multipart::Part::stream_with_length(self.body, length),
            None => ::reqwest::multipart::Part::stream(self.body),
        };
        let media_type = self.media_type.as_deref().unwrap_or("application/octet-stream");
        part.file_name(self.file_name.unwrap_or_else(|| name.to_owned()))
            .mime_str(media_type)
            .map_err(|e| invalid_media_type(media_type, e))
    }
}

fn invalid_media_type(media_type: &str, error: ::reqwest::Error) -> Error {
    Error::new(
        ErrorKind::InvalidParameter,
        format!("`{media_type}` is not a valid media type"),
    )
    .with_source(error)
}

/// A `multipart/form-data` body under construction.
#[needs(MultipartBody)]
pub(crate) struct Multipart {
    form: ::reqwest::multipart::Form,
}

impl Multipart {
    pub(crate) fn new() -> Self {
        Self {
            form: ::reqwest::multipart::Form::new(),
        }
    }

    /// A text part: strings as they are, other values as JSON; absent ones are left out.
    #[needs(MultipartText)]
    pub(crate) fn text(self, name: &'static str, value: &impl ::serde::Serialize) -> Result<Self, Error> {
        let value = param_json(name, value)?;
        if value.is_null() {
            return Ok(self);
        }
        Ok(Self {
            form: self.form.text(name, scalar_text(&value)),
        })
    }

    /// A file part.
    #[needs(MultipartFile)]
    pub(crate) fn file(self, name: &'static str, file: FilePart) -> Result<Self, Error> {
        Ok(Self {
            form: self.form.part(name, file.into_part(name)?),
        })
    }

    /// Attaches the form, with its boundary in the content type.
    pub(crate) fn attach(self, request: ::reqwest::RequestBuilder) -> ::reqwest::RequestBuilder {
        request.multipart(self.form)
    }
}

/// What went wrong, broadly; [`Error`] has the details.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The client's configuration is invalid.
    Config,
    /// An argument cannot be sent as given.
    InvalidParameter,
    /// The request could not be sent or the response not received.
    Transport,
    /// The request or connection took longer than allowed.
    Timeout,
    /// The server answered with a status other than 2xx.
    Status,
    /// The response body is not what the API describes.
    Decode,
    /// The response body is larger than [`ClientBuilder::max_response_size`] allows.
    ResponseTooLarge,
}

/// An error from the client: its [`kind`](Error::kind), and where there was a response, its
/// status, headers, the start of its body and, when the spec declares one, the typed error
/// body.
pub struct Error {
    inner: Box<ErrorInner>,
}

#[unused_without(Operations)]
struct ErrorInner {
    kind: ErrorKind,
    message: String,
    status: Option<::reqwest::StatusCode>,
    headers: Option<::reqwest::header::HeaderMap>,
    body: Option<String>,
    error_body: Option<ErrorBody>,
    json_path: Option<String>,
    retryable: bool,
    source: Option<Box<dyn ::std::error::Error + Send + Sync>>,
}

impl Error {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            inner: Box::new(ErrorInner {
                kind,
                message: message.into(),
                status: None,
                headers: None,
                body: None,
                error_body: None,
                json_path: None,
                retryable: false,
                source: None,
            }),
        }
    }

    fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    fn already_sent() -> Self {
        Self::new(ErrorKind::InvalidParameter, "the request was already sent")
    }

    /// A failure to send or receive; the URL it names loses its query, which may hold a
    /// credential.
    fn transport(mut error: ::reqwest::Error) -> Self {
        if let Some(url) = error.url_mut() {
            url.set_query(None);
        }
        let (kind, message) = if error.is_timeout() {
            (ErrorKind::Timeout, "the request timed out")
        } else {
            (ErrorKind::Transport, "the request failed")
        };
        let mut this = Self::new(kind, message);
        this.inner.retryable = !error.is_builder() && !error.is_redirect();
        this.with_source(error)
    }

    fn with_status(mut self, status: ::reqwest::StatusCode) -> Self {
        self.inner.status = Some(status);
        self
    }

    fn with_response(mut self, response: &RawResponse) -> Self {
        /// How many bytes of a response body an error keeps.
        const BODY_SNIPPET_LIMIT: usize = 1024;
        let body = response.body.as_slice();
        let mut end = body.len().min(BODY_SNIPPET_LIMIT);
        if let Err(e) = ::std::str::from_utf8(&body[..end]) {
            if e.error_len().is_none() {
                end = e.valid_up_to();
            }
        }
        let mut snippet = String::from_utf8_lossy(&body[..end]).into_owned();
        if body.len() > end {
            snippet.push('…');
        }
        self.inner.body = Some(snippet);
        self.inner.status = Some(response.status);
        self.inner.headers = Some(response.headers.clone());
        self
    }

    fn with_json_path(mut self, path: String) -> Self {
        self.inner.json_path = Some(path);
        self
    }

    fn with_source(mut self, source: impl ::std::error::Error + Send + Sync + 'static) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }

    /// What went wrong, broadly.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status of the response, if one was received.
    pub fn status(&self) -> Option<u16> {
        self.inner.status.map(|s| s.as_u16())
    }

    /// The response headers, if a response was received.
    pub fn headers(&self) -> Option<&::reqwest::header::HeaderMap> {
        self.inner.headers.as_ref()
    }

    /// The start of the response body (its first KiB, cut at a character boundary and
    /// decoded as UTF-8 with invalid bytes replaced), if one was received.
    pub fn body(&self) -> Option<&str> {
        self.inner.body.as_deref()
    }

    /// The error body decoded into the type the spec declares for this status, if it
    /// declares one and the body fits it.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        self.inner.error_body.as_ref()
    }

    /// For a body that does not decode: the JSON path where decoding failed, e.g.
    /// `data[0].status`.
    pub fn json_path(&self) -> Option<&str> {
        self.inner.json_path.as_deref()
    }
}

impl ::std::fmt::Display for Error {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(&self.inner.message)?;
        if let Some(status) = self.inner.status {
            write!(f, " (HTTP status {status})")?;
        }
        if let Some(source) = &self.inner.source {
            write!(f, ": {source}")?;
        }
        if let Some(body) = &self.inner.body {
            if !body.is_empty() {
                write!(f, "; body: {body}")?;
            }
        }
        Ok(())
    }
}

impl ::std::fmt::Debug for Error {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.inner.kind)
            .field("message", &self.inner.message)
            .field("status", &self.inner.status)
            .field("body", &self.inner.body)
            .field("error_body", &self.inner.error_body)
            .field("json_path", &self.inner.json_path)
            .field("source", &self.inner.source)
            .finish_non_exhaustive()
    }
}

impl ::std::error::Error for Error {
    fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn ::std::error::Error + 'static))
    }
}

fn check_base_url(base_url: &str) -> Result<String, Error> {
    let url = ::reqwest::Url::parse(base_url)
        .map_err(|e| Error::config(format!("invalid base URL `{base_url}`: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::config(format!(
            "invalid base URL `{base_url}`: the scheme must be http or https"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "invalid base URL `{base_url}`: it must not have a query or fragment"
        )));
    }
    Ok(base_url.trim_end_matches('/').to_owned())
}

/// An operation's arguments, the request they make and how its response decodes: each
/// operation's own code, all of it synchronous. Each operation's builder wraps its arguments in
/// a [`Pending`]; sending, the one `async` part, is generic, here, once.
#[needs(Operations)]
pub(crate) trait Operation<'a>: Sized {
    /// The decoded success body.
    type Output: Send + 'static;

    /// Where and how the request is sent, whether it may be sent twice, which credentials it
    /// takes.
    const CALL: &'static Call;

    /// The request the arguments make: path, query, headers, cookies and body; an error when an
    /// argument cannot be sent as given.
    fn request(self) -> Result<Outgoing<'a>, Error>;

    /// The response decoded by its status: the success body, or the error.
    fn decode(response: RawResponse) -> Result<Response<Self::Output>, Error>;
}

/// A request as the operation made it, before the client sends it: the client that sends it,
/// the request, and the builder's own settings.
#[needs(Operations)]
pub(crate) struct Outgoing<'a> {
    pub(crate) client: &'a Client,
    pub(crate) request: ::reqwest::RequestBuilder,
    pub(crate) options: RequestOptions,
}

#[needs(Operations)]
impl<'a> Outgoing<'a> {
    /// The request `client` made, to be sent with the builder's `options`.
    pub(crate) fn new(
        client: &'a Client,
        request: ::reqwest::RequestBuilder,
        options: RequestOptions,
    ) -> Self {
        Self {
            client,
            request,
            options,
        }
    }
}

/// A request in flight.
#[needs(Operations)]
pub(crate) type Sending<'a, T> =
    ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Result<T, Error>> + Send + 'a>>;

/// The state of a request builder that is also a future: its arguments until first polled,
/// then the request in flight.
#[needs(Operations)]
pub(crate) enum Pending<'a, A: Operation<'a>> {
    Ready(A),
    Sending(Sending<'a, Response<A::Output>>),
    Done,
}

impl<'a, A: Operation<'a>> Pending<'a, A> {
    /// Changes the arguments, while the request is not sent yet: each builder's setters.
    #[needs(Setters)]
    pub(crate) fn set(mut self, change: impl FnOnce(&mut A)) -> Self {
        if let Pending::Ready(arguments) = &mut self {
            change(arguments);
        }
        self
    }

    /// Sends the request; an error once the request was polled.
    pub(crate) fn send_with_response(self) -> Sending<'a, Response<A::Output>> {
        match self {
            Pending::Ready(arguments) => Self::start(arguments),
            _ => Box::pin(::std::future::ready(Err(Error::already_sent()))),
        }
    }

    /// Makes the request from the arguments, then sends it and decodes the response. An
    /// argument that cannot be sent is the future's error, without sending anything.
    fn start(arguments: A) -> Sending<'a, Response<A::Output>> {
        let Outgoing {
            client,
            request,
            options,
        } = match arguments.request() {
            Ok(outgoing) => outgoing,
            Err(error) => return Box::pin(::std::future::ready(Err(error))),
        };
        Box::pin(async move {
            let response = client.execute(A::CALL, request, options).await?;
            A::decode(response)
        })
    }
}

impl<'a, A: Operation<'a> + Unpin> ::std::future::Future for Pending<'a, A> {
    type Output = Result<A::Output, Error>;

    /// Starts the request on the first poll, then polls it.
    fn poll(
        self: ::std::pin::Pin<&mut Self>,
        cx: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<Self::Output> {
        let this = self.get_mut();
        if matches!(this, Pending::Ready(_)) {
            if let Pending::Ready(arguments) = ::std::mem::replace(this, Pending::Done) {
                *this = Pending::Sending(Self::start(arguments));
            }
        }
        match this {
            Pending::Sending(future) => match future.as_mut().poll(cx) {
                ::std::task::Poll::Ready(output) => {
                    *this = Pending::Done;
                    ::std::task::Poll::Ready(output.map(Response::into_body))
                }
                ::std::task::Poll::Pending => ::std::task::Poll::Pending,
            },
            _ => ::std::task::Poll::Ready(Err(Error::already_sent())),
        }
    }
}

impl<'a, A: Operation<'a> + ::std::fmt::Debug> ::std::fmt::Debug for Pending<'a, A> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Pending::Ready(arguments) => arguments.fmt(f),
            Pending::Sending(_) => f.write_str("<in flight>"),
            Pending::Done => f.write_str("<done>"),
        }
    }
}

#[needs(Paging)]
impl<'a, A: Operation<'a>> Pending<'a, A> {
    /// The pages of the list, `next` finding where each page's successor is.
    pub(crate) fn pages(self, next: fn(&Response<A::Output>) -> Option<NextPage>) -> Pages<A::Output> {
        let decode: fn(RawResponse) -> Result<Response<A::Output>, Error> = A::decode;
        Pages::new(
            self.outgoing(),
            A::CALL,
            Box::new(move |raw| {
                let response = decode(raw)?;
                let following = next(&response);
                Ok((response.into_body(), following))
            }),
        )
    }

    /// The items of every page of the list, `items` taking them out of a page.
    pub(crate) fn items<T: 'static>(
        self,
        next: fn(&Response<A::Output>) -> Option<NextPage>,
        items: fn(A::Output) -> Vec<T>,
    ) -> Items<T> {
        let decode: fn(RawResponse) -> Result<Response<A::Output>, Error> = A::decode;
        let pages = Pages::new(
            self.outgoing(),
            A::CALL,
            Box::new(move |raw| {
                let response = decode(raw)?;
                let following = next(&response);
                Ok((items(response.into_body()), following))
            }),
        );
        Items {
            pages,
            buffer: Vec::new().into_iter(),
        }
    }

    /// The request the arguments make, not sent; an error once the request was polled.
    fn outgoing(self) -> Result<Outgoing<'a>, Error> {
        match self {
            Pending::Ready(arguments) => arguments.request(),
            _ => Err(Error::already_sent()),
        }
    }
}

/// Where a list's next page is: at a URL (absolute, or relative to the page's), or at the
/// first page's request with one query parameter set.
#[needs(Paging)]
pub(crate) struct NextPage {
    url: Option<String>,
    query: Option<(&'static str, String)>,
}

impl NextPage {
    /// The `rel="next"` link of the response's `Link` headers (RFC 8288), if there is one.
    #[needs(LinkHeaderPaging)]
    pub(crate) fn link_header<P>(response: &Response<P>) -> Option<Self> {
        let url = response
            .headers
            .get_all(::reqwest::header::LINK)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find_map(next_link)?;
        Some(Self {
            url: Some(url),
            query: None,
        })
    }

    /// The first request with `param` set to `cursor`, while `more` says there is a next page.
    #[needs(CursorPaging)]
    pub(crate) fn cursor(param: &'static str, more: bool, cursor: Option<String>) -> Option<Self> {
        if !more {
            return None;
        }
        Self::token(param, cursor)
    }

    /// The first request with `param` set to `token`, unless it is absent or empty.
    #[needs(CursorPaging, TokenPaging)]
    pub(crate) fn token(param: &'static str, token: Option<String>) -> Option<Self> {
        let token = token.filter(|token| !token.is_empty())?;
        Some(Self {
            url: None,
            query: Some((param, token)),
        })
    }

    /// The page at `url`, unless it is absent or empty.
    #[needs(NextLinkPaging)]
    pub(crate) fn url(url: Option<String>) -> Option<Self> {
        let url = url.filter(|url| !url.is_empty())?;
        Some(Self {
            url: Some(url),
            query: None,
        })
    }
}

/// The target of the first link of a `Link` header value (RFC 8288) whose `rel` has the
/// relation type `next`: links are separated by commas, each `<target>` followed by
/// parameters, whose values may be quoted strings (holding commas and semicolons) and whose
/// `rel` may list several relation types.
fn next_link(header: &str) -> Option<String> {
    let mut rest = header;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        let (target, after) = rest.strip_prefix('<')?.split_once('>')?;
        rest = after;
        let mut next = false;
        loop {
            rest = rest.trim_start();
            match rest.chars().next() {
                Some(';') => rest = &rest[1..],
                Some(',') | None => break,
                // Not a parameter: skip to the next link.
                Some(_) => {
                    rest = &rest[rest.find(',').unwrap_or(rest.len())..];
                    break;
                }
            }
            let parameter = rest.trim_start();
            let name_end = parameter.find(['=', ';', ',']).unwrap_or(parameter.len());
            let name = parameter[..name_end].trim();
            rest = &parameter[name_end..];
            let mut value = String::new();
            if let Some(text) = rest.strip_prefix('=') {
                let text = text.trim_start();
                if let Some(quoted) = text.strip_prefix('"') {
                    let mut end = quoted.len();
                    let mut escaped = false;
                    for (i, c) in quoted.char_indices() {
                        if escaped {
                            value.push(c);
                            escaped = false;
                        } else if c == '\\' {
                            escaped = true;
                        } else if c == '"' {
                            end = i + 1;
                            break;
                        } else {
                            value.push(c);
                        }
                    }
                    rest = &quoted[end..];
                } else {
                    let end = text.find([';', ',']).unwrap_or(text.len());
                    value = text[..end].trim().to_owned();
                    rest = &text[end..];
                }
            }
            if name.eq_ignore_ascii_case("rel")
                && value
                    .split_ascii_whitespace()
                    .any(|relation| relation.eq_ignore_ascii_case("next"))
            {
                next = true;
            }
        }
        if next {
            return Some(target.trim().to_owned());
        }
        if rest.is_empty() {
            return None;
        }
    }
}

/// Sets the query parameter `name` of `url` to `value`, in place of any it has, leaving the
/// other parameters as they were written.
fn replace_query_parameter(url: &mut ::reqwest::Url, name: &str, value: &str) {
    let name = encode(name);
    let mut pairs: Vec<String> = url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(name.as_str()))
        .map(str::to_owned)
        .collect();
    pairs.push(format!("{name}={}", encode(value)));
    url.set_query(Some(&pairs.join("&")));
}

/// The pages of a list, each the decoded body of one response, as a stream.
///
/// One request per page, sent when the stream is read and the page before it has arrived;
/// each goes through the client as the first does (credentials, retries, timeouts, the
/// builder's extra headers and `request_timeout`). A page whose URL the server gives is
/// followed only on the client's own server (the same scheme, host and port as the first
/// request): any other is an [`Error`], and nothing is sent there. The stream ends after the
/// last page, or after an error.
#[needs(Paging)]
pub struct Pages<P> {
    /// The client, the first page's request and the builder's settings, which each later page
    /// copies; `None` when the first request could not be made.
    first: Option<(Client, ::reqwest::Request, RequestOptions)>,
    call: &'static Call,
    /// The page and where the next one is, from a response.
    read: Box<dyn Fn(RawResponse) -> Result<(P, Option<NextPage>), Error> + Send + Sync>,
    state: PageState,
}

/// Where a [`Pages`] stream is.
#[needs(Paging)]
enum PageState {
    /// A page is to be fetched: the first (`None`), or the one a page at this URL names.
    Next(Option<(::reqwest::Url, NextPage)>),
    /// A page at this URL is being fetched.
    Fetching(Sending<'static, RawResponse>, ::reqwest::Url),
    /// The first request could not be made.
    Failed(Error),
    Done,
}

#[needs(Paging)]
impl<P> Pages<P> {
    fn new(
        outgoing: Result<Outgoing<'_>, Error>,
        call: &'static Call,
        read: Box<dyn Fn(RawResponse) -> Result<(P, Option<NextPage>), Error> + Send + Sync>,
    ) -> Self {
        let first = outgoing.and_then(|outgoing| {
            let request = outgoing.request.build().map_err(Error::transport)?;
            Ok((outgoing.client.clone(), request, outgoing.options))
        });
        let (first, state) = match first {
            Ok(first) => (Some(first), PageState::Next(None)),
            Err(error) => (None, PageState::Failed(error)),
        };
        Self {
            first,
            call,
            read,
            state,
        }
    }

    /// The next page: `None` after the last.
    pub async fn next(&mut self) -> Option<Result<P, Error>> {
        ::std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    fn poll_page(&mut self, cx: &mut ::std::task::Context<'_>) -> ::std::task::Poll<Option<Result<P, Error>>> {
        use ::std::task::Poll;
        loop {
            match ::std::mem::replace(&mut self.state, PageState::Done) {
                PageState::Done => return Poll::Ready(None),
                PageState::Failed(error) => return Poll::Ready(Some(Err(error))),
                PageState::Next(next) => match self.fetch(next) {
                    Ok(Some(fetching)) => self.state = fetching,
                    Ok(None) => return Poll::Ready(None),
                    Err(error) => return Poll::Ready(Some(Err(error))),
                },
                PageState::Fetching(mut sending, url) => match sending.as_mut().poll(cx) {
                    Poll::Pending => {
                        self.state = PageState::Fetching(sending, url);
                        return Poll::Pending;
                    }
                    Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
                    Poll::Ready(Ok(response)) => {
                        return Poll::Ready(Some((self.read)(response).map(|(page, next)| {
                            if let Some(next) = next {
                                self.state = PageState::Next(Some((url, next)));
                            }
                            page
                        })));
                    }
                },
            }
        }
    }

    /// Starts fetching a page: the first, or the one that the page at a URL names. `None`
    /// when that is the page it is named by, which would repeat without end.
    fn fetch(&self, next: Option<(::reqwest::Url, NextPage)>) -> Result<Option<PageState>, Error> {
        let Some((client, first, options)) = &self.first else {
            return Ok(None);
        };
        let mut request = first.try_clone().ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidParameter,
                "the request's body is a stream, which cannot be sent again for the next page",
            )
        })?;
        if let Some((previous, next)) = next {
            if let Some(link) = &next.url {
                let url = previous.join(link).map_err(|e| {
                    Error::new(ErrorKind::Decode, format!("the next page's URL `{link}` is not a URL"))
                        .with_source(e)
                })?;
                if url.origin() != first.url().origin() {
                    return Err(Error::new(
                        ErrorKind::Decode,
                        format!(
                            "the next page is on another server ({}) than the client's ({}); it is not requested",
                            url.origin().ascii_serialization(),
                            first.url().origin().ascii_serialization()
                        ),
                    ));
                }
                *request.url_mut() = url;
            }
            if let Some((name, value)) = &next.query {
                replace_query_parameter(request.url_mut(), name, value);
            }
            if *request.url() == previous {
                return Ok(None);
            }
        }
        let url = request.url().clone();
        let client = client.clone();
        let call = self.call;
        let options = options.clone();
        let sending: Sending<'static, RawResponse> = Box::pin(async move {
            let request = ::reqwest::RequestBuilder::from_parts(client.http.clone(), request);
            client.execute(call, request, options).await
        });
        Ok(Some(PageState::Fetching(sending, url)))
    }
}

impl<P> ::futures_core::Stream for Pages<P> {
    type Item = Result<P, Error>;

    fn poll_next(
        self: ::std::pin::Pin<&mut Self>,
        cx: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

impl<P> ::std::fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Pages").field("operation", &self.call.operation).finish_non_exhaustive()
    }
}

/// The items of every page of a list, in order, as a stream: the pages are fetched as
/// [`Pages`] fetches them, each when the items before it have been read.
#[needs(Paging)]
pub struct Items<T> {
    pages: Pages<Vec<T>>,
    /// The items of the page read last that are not yet taken.
    buffer: ::std::vec::IntoIter<T>,
}

#[needs(Paging)]
impl<T> Items<T> {
    /// The next item: `None` after the last page's last.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        ::std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut ::std::task::Context<'_>) -> ::std::task::Poll<Option<Result<T, Error>>> {
        use ::std::task::Poll;
        loop {
            if let Some(item) = self.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Ready(Some(Ok(items))) => self.buffer = items.into_iter(),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// Never pinned in place: the items are moved out of the buffer as they are read.
#[needs(Paging)]
impl<T> Unpin for Items<T> {}

impl<T> ::futures_core::Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(
        self: ::std::pin::Pin<&mut Self>,
        cx: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<T> ::std::fmt::Debug for Items<T> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Items").field("operation", &self.pages.call.operation).finish_non_exhaustive()
    }
}

/// A page's list of items: an array, or a map's entries; absent, none.
#[needs(Paging)]
pub(crate) trait PageItems<T> {
    fn into_items(self) -> Vec<T>;
}

#[needs(Paging)]
impl<T> PageItems<T> for Vec<T> {
    fn into_items(self) -> Vec<T> {
        self
    }
}

#[needs(Paging)]
impl<T> PageItems<T> for Option<Vec<T>> {
    fn into_items(self) -> Vec<T> {
        self.unwrap_or_default()
    }
}

#[needs(Paging)]
impl<V> PageItems<(String, V)> for ::std::collections::BTreeMap<String, V> {
    fn into_items(self) -> Vec<(String, V)> {
        self.into_iter().collect()
    }
}

#[needs(Paging)]
impl<V> PageItems<(String, V)> for Option<::std::collections::BTreeMap<String, V>> {
    fn into_items(self) -> Vec<(String, V)> {
        self.map(PageItems::into_items).unwrap_or_default()
    }
}

/// A page's last item, for a cursor taken from it.
#[needs(CursorPaging)]
pub(crate) trait PageLast<T> {
    fn last_item(&self) -> Option<&T>;
}

#[needs(CursorPaging)]
impl<T> PageLast<T> for Vec<T> {
    fn last_item(&self) -> Option<&T> {
        self.last()
    }
}

#[needs(CursorPaging)]
impl<T> PageLast<T> for Option<Vec<T>> {
    fn last_item(&self) -> Option<&T> {
        self.as_ref().and_then(|items| items.last())
    }
}

/// The text of an item's JSON property (a string, or a number as JSON writes it): the cursor
/// of an item of several types, each with the property.
#[needs(ItemJsonCursor)]
pub(crate) fn json_property<T: ::serde::Serialize>(item: &T, name: &str) -> Option<String> {
    match ::serde_json::to_value(item).ok()?.get(name)? {
        ::serde_json::Value::String(text) => Some(text.clone()),
        ::serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// A page's flag that says there are more pages; absent, there are none.
#[needs(CursorPaging)]
pub(crate) trait PageFlag {
    fn is_set(&self) -> bool;
}

#[needs(CursorPaging)]
impl PageFlag for bool {
    fn is_set(&self) -> bool {
        *self
    }
}

#[needs(CursorPaging)]
impl PageFlag for Option<bool> {
    fn is_set(&self) -> bool {
        *self == Some(true)
    }
}

/// A cursor, token or URL of a page, as text; absent, none.
#[needs(CursorPaging, TokenPaging, NextLinkPaging)]
pub(crate) trait PageText {
    fn page_text(&self) -> Option<String>;
}

#[needs(CursorPaging, TokenPaging, NextLinkPaging)]
impl PageText for String {
    fn page_text(&self) -> Option<String> {
        Some(self.clone())
    }
}

#[needs(CursorPaging, TokenPaging, NextLinkPaging)]
impl<T: PageText> PageText for Option<T> {
    fn page_text(&self) -> Option<String> {
        self.as_ref().and_then(PageText::page_text)
    }
}

#[needs(CursorPaging)]
impl PageText for i64 {
    fn page_text(&self) -> Option<String> {
        Some(self.to_string())
    }
}

#[needs(CursorPaging)]
impl PageText for i32 {
    fn page_text(&self) -> Option<String> {
        Some(self.to_string())
    }
}

#[needs(CursorPaging)]
impl PageText for u64 {
    fn page_text(&self) -> Option<String> {
        Some(self.to_string())
    }
}

#[needs(CursorPaging)]
impl PageText for u32 {
    fn page_text(&self) -> Option<String> {
        Some(self.to_string())
    }
}
