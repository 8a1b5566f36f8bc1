//! The `client` module: `Client`, its builder, `Error`, and one async method per operation.
//!
//! No schema name is in scope in this module (models are reached as `crate::models::X`), so
//! prelude names are safe here.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::docs::doc_lines;
use crate::emit::models::{Scope, ident, rust_type};
use crate::ir::{Ir, Method, Operation, TypeRef};

pub(crate) fn client_module(ir: &Ir) -> TokenStream {
    let operations = ir.operations.iter().map(|op| operation_method(ir, op));
    let title = if ir.api.title.is_empty() {
        "the API".to_owned()
    } else {
        ir.api.title.clone()
    };
    let client_doc =
        format!(" A client for {title}. Clones are cheap and share one connection pool.");
    let default_base_url = match &ir.api.default_base_url {
        Some(url) => {
            let doc =
                " The base URL used unless the builder sets another: the spec's first server.";
            quote! {
                #[doc = #doc]
                pub const DEFAULT_BASE_URL: &str = #url;
            }
        }
        None => quote! {},
    };
    let base_url_fallback = match &ir.api.default_base_url {
        Some(_) => quote! { .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned()) },
        None => quote! {
            .ok_or_else(|| Error::config("no base URL: the spec names no server, so call `ClientBuilder::base_url`"))?
        },
    };
    let bearer = bearer_parts(ir.api.bearer_auth);
    let BearerParts {
        builder_field,
        builder_method,
        builder_debug,
        client_field,
        client_field_init,
        client_debug,
        build_authorization,
        authorize,
    } = bearer;
    let runtime = runtime(ir);
    // Without operations nothing sends a request; the method stays, ready for when one exists.
    let request_allowance = ir
        .operations
        .is_empty()
        .then(|| quote! { #[allow(dead_code)] });
    quote! {
        //! The HTTP client.

        use ::std::time::Duration;

        #default_base_url

        /// The time a whole request may take unless [`ClientBuilder::timeout`] sets another.
        pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

        /// The time establishing a connection may take unless [`ClientBuilder::connect_timeout`]
        /// sets another.
        pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

        const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        #[doc = #client_doc]
        #[derive(Clone)]
        pub struct Client {
            http: ::reqwest::Client,
            base_url: String,
            timeout: Duration,
            #client_field
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    #client_debug
                    .finish_non_exhaustive()
            }
        }

        /// Configures and builds a [`Client`].
        #[derive(Default)]
        pub struct ClientBuilder {
            base_url: Option<String>,
            timeout: Option<Duration>,
            connect_timeout: Option<Duration>,
            http_client: Option<::reqwest::Client>,
            #builder_field
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("ClientBuilder")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    .field("connect_timeout", &self.connect_timeout)
                    #builder_debug
                    .finish_non_exhaustive()
            }
        }

        impl ClientBuilder {
            /// The URL that operation paths are appended to, e.g. `https://example.com/api`.
            pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                self.base_url = Some(base_url.into());
                self
            }

            #builder_method

            /// The time a whole request may take, from sending to the end of the body.
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// The time establishing a connection may take. Ignored with
            /// [`ClientBuilder::http_client`], whose own setting applies.
            pub fn connect_timeout(mut self, timeout: Duration) -> Self {
                self.connect_timeout = Some(timeout);
                self
            }

            /// Sends requests through this `reqwest` client (for proxies, TLS settings and
            /// connection pooling of your own). Its own `User-Agent` and connect timeout apply;
            /// [`ClientBuilder::timeout`] still bounds each request.
            pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
                self.http_client = Some(client);
                self
            }

            /// Checks the configuration and builds the client.
            pub fn build(self) -> Result<Client, Error> {
                let base_url = self.base_url #base_url_fallback;
                let base_url = check_base_url(&base_url)?;
                #build_authorization
                let http = match self.http_client {
                    Some(http) => http,
                    None => ::reqwest::Client::builder()
                        .user_agent(USER_AGENT)
                        .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                        .build()
                        .map_err(|e| Error::new(ErrorKind::Config, "could not build the HTTP client").with_source(e))?,
                };
                Ok(Client {
                    http,
                    base_url,
                    timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                    #client_field_init
                })
            }
        }

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The URL that operation paths are appended to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            #( #operations )*

            #request_allowance
            fn request(&self, method: ::reqwest::Method, path: &str) -> ::reqwest::RequestBuilder {
                let request = self
                    .http
                    .request(method, format!("{}{}", self.base_url, path))
                    .timeout(self.timeout);
                #authorize
            }
        }

        #runtime
    }
}

struct BearerParts {
    builder_field: TokenStream,
    builder_method: TokenStream,
    builder_debug: TokenStream,
    client_field: TokenStream,
    client_field_init: TokenStream,
    client_debug: TokenStream,
    build_authorization: TokenStream,
    authorize: TokenStream,
}

/// The pieces that give the client a bearer token, when the spec declares a bearer scheme.
fn bearer_parts(enabled: bool) -> BearerParts {
    if !enabled {
        return BearerParts {
            builder_field: quote! {},
            builder_method: quote! {},
            builder_debug: quote! {},
            client_field: quote! {},
            client_field_init: quote! {},
            client_debug: quote! {},
            build_authorization: quote! {},
            authorize: quote! { request },
        };
    }
    BearerParts {
        builder_field: quote! { bearer_token: Option<String>, },
        builder_method: quote! {
            /// The token sent as `Authorization: Bearer <token>` with every request. It never
            /// appears in `Debug` output.
            pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
                self.bearer_token = Some(token.into());
                self
            }
        },
        builder_debug: quote! {
            .field("bearer_token", &self.bearer_token.as_ref().map(|_| "<redacted>"))
        },
        client_field: quote! {
            authorization: Option<::reqwest::header::HeaderValue>,
        },
        client_field_init: quote! { authorization, },
        client_debug: quote! {
            .field("bearer_token", &self.authorization.as_ref().map(|_| "<redacted>"))
        },
        build_authorization: quote! {
            let authorization = match self.bearer_token {
                Some(token) => {
                    let mut value = ::reqwest::header::HeaderValue::try_from(format!("Bearer {token}"))
                        .map_err(|_| Error::config("the bearer token is not a valid HTTP header value"))?;
                    value.set_sensitive(true);
                    Some(value)
                }
                None => None,
            };
        },
        authorize: quote! {
            match &self.authorization {
                Some(value) => {
                    request.header(::reqwest::header::AUTHORIZATION, value.clone())
                }
                None => request,
            }
        },
    }
}

fn operation_method(ir: &Ir, op: &Operation) -> TokenStream {
    let mut lines = doc_lines(&op.docs);
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(" `{} {}`", method_name(op.method), op.path));
    let name = ident(&op.name);
    let body_arg = op.body.as_ref().map(|body| {
        let name = ident(&body.name);
        let ty = rust_type(ir, &body.ty, Scope::Crate);
        quote! { #name: &#ty }
    });
    let args = op
        .path_params
        .iter()
        .map(|param| {
            let name = ident(&param.name);
            match &param.ty {
                TypeRef::String => quote! { #name: &str },
                ty => {
                    let ty = rust_type(ir, ty, Scope::Crate);
                    quote! { #name: #ty }
                }
            }
        })
        .chain(body_arg);
    let attach_body = op.body.as_ref().map(|body| {
        let name = ident(&body.name);
        quote! { let request = json_body(request, #name)?; }
    });
    let (format, segments) = path_format(op);
    let encode = segments.iter().map(|(wire, local, name)| {
        let local = ident(local);
        let name = ident(name);
        let value = match ir_param_ty(op, wire) {
            TypeRef::String => quote! { #name },
            _ => quote! { &#name.to_string() },
        };
        quote! { let #local = encode_path_segment(#wire, #value)?; }
    });
    let method = format_ident!("{}", method_name(op.method));
    let (output, send) = match &op.response {
        Some(ty) => (rust_type(ir, ty, Scope::Crate), quote! { send_json }),
        None => (quote! { () }, quote! { send_empty }),
    };
    let path = if segments.is_empty() {
        let path = &op.path;
        quote! { #path }
    } else {
        quote! { &format!(#format) }
    };
    quote! {
        #( #[doc = #lines] )*
        pub async fn #name(&self, #( #args ),*) -> Result<#output, Error> {
            #( #encode )*
            let request = self.request(::reqwest::Method::#method, #path);
            #attach_body
            #send(request).await
        }
    }
}

fn ir_param_ty<'a>(op: &'a Operation, wire: &str) -> &'a TypeRef {
    op.path_params
        .iter()
        .find(|p| p.wire_name == wire)
        .map_or(&TypeRef::String, |p| &p.ty)
}

/// The path template as a `format!` string with inline arguments, and for each parameter in
/// it: its wire name, the local holding its encoded value, and its argument name. The local
/// shadows the argument, except for raw identifiers, which format strings cannot name.
fn path_format(op: &Operation) -> (String, Vec<(String, String, String)>) {
    let escape = |text: &str| text.replace('{', "{{").replace('}', "}}");
    let mut format = String::new();
    let mut segments = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        format.push_str(&escape(&rest[..open]));
        let wire = &rest[open + 1..close];
        match op.path_params.iter().find(|p| p.wire_name == wire) {
            Some(param) => {
                let local = match param.name.strip_prefix("r#") {
                    Some(raw) => format!("{raw}_segment"),
                    None => param.name.clone(),
                };
                format.push_str(&format!("{{{local}}}"));
                segments.push((wire.to_owned(), local, param.name.clone()));
            }
            None => format.push_str(&escape(&rest[open..=close])),
        }
        rest = &rest[close + 1..];
    }
    format.push_str(&escape(rest));
    (format, segments)
}

fn method_name(method: Method) -> &'static str {
    match method {
        Method::Get => "GET",
        Method::Put => "PUT",
        Method::Post => "POST",
        Method::Delete => "DELETE",
        Method::Options => "OPTIONS",
        Method::Head => "HEAD",
        Method::Patch => "PATCH",
        Method::Trace => "TRACE",
    }
}

/// The parts of the client that do not depend on the spec: sending, decoding, errors. Helpers
/// no operation calls are left out, so the crate has no dead code.
fn runtime(ir: &Ir) -> TokenStream {
    let ops = &ir.operations;
    let encode_path_segment = ops
        .iter()
        .any(|op| !op.path_params.is_empty())
        .then(encode_path_segment);
    let send_json = ops.iter().any(|op| op.response.is_some()).then(|| {
        quote! {
            async fn send_json<T: ::serde::de::DeserializeOwned>(
                request: ::reqwest::RequestBuilder,
            ) -> Result<T, Error> {
                let (status, body) = send(request).await?;
                ::serde_json::from_slice(body.as_ref()).map_err(|e| {
                    Error::new(ErrorKind::Decode, "the response body does not match the expected type")
                        .with_status(status)
                        .with_body(body.as_ref())
                        .with_source(e)
                })
            }
        }
    });
    let send_empty = ops.iter().any(|op| op.response.is_none()).then(|| {
        quote! {
            async fn send_empty(request: ::reqwest::RequestBuilder) -> Result<(), Error> {
                send(request).await.map(|_| ())
            }
        }
    });
    let send = (!ops.is_empty()).then(send);
    let json_body = ops.iter().any(|op| op.body.is_some()).then(|| {
        quote! {
            /// Attaches `body` as JSON.
            fn json_body<T: ::serde::Serialize>(
                request: ::reqwest::RequestBuilder,
                body: &T,
            ) -> Result<::reqwest::RequestBuilder, Error> {
                let bytes = ::serde_json::to_vec(body).map_err(|e| {
                    Error::new(ErrorKind::InvalidParameter, "the request body cannot be written as JSON")
                        .with_source(e)
                })?;
                Ok(request
                    .header(::reqwest::header::CONTENT_TYPE, "application/json")
                    .body(bytes))
            }
        }
    });
    let error = error_type();
    quote! {
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

        #encode_path_segment
        #json_body
        #send_json
        #send_empty
        #send
        #error
    }
}

fn error_type() -> TokenStream {
    quote! {
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
        }

        /// An error from the client: its [`kind`](Error::kind), the HTTP status where there was a
        /// response, and the start of the response body.
        pub struct Error {
            inner: Box<ErrorInner>,
        }

        struct ErrorInner {
            kind: ErrorKind,
            message: String,
            status: Option<::reqwest::StatusCode>,
            body: Option<String>,
            source: Option<Box<dyn ::std::error::Error + Send + Sync>>,
        }

        // Which of these constructors a crate uses depends on its spec's operations.
        #[allow(dead_code)]
        impl Error {
            fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
                Self {
                    inner: Box::new(ErrorInner {
                        kind,
                        message: message.into(),
                        status: None,
                        body: None,
                        source: None,
                    }),
                }
            }

            fn config(message: impl Into<String>) -> Self {
                Self::new(ErrorKind::Config, message)
            }

            fn transport(error: ::reqwest::Error) -> Self {
                let (kind, message) = if error.is_timeout() {
                    (ErrorKind::Timeout, "the request timed out")
                } else {
                    (ErrorKind::Transport, "the request failed")
                };
                Self::new(kind, message).with_source(error)
            }

            fn with_status(mut self, status: ::reqwest::StatusCode) -> Self {
                self.inner.status = Some(status);
                self
            }

            fn with_body(mut self, body: &[u8]) -> Self {
                /// How many bytes of a response body an error keeps.
                const BODY_SNIPPET_LIMIT: usize = 1024;
                let mut end = body.len().min(BODY_SNIPPET_LIMIT);
                // Cut before a character that the limit would split.
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
                self
            }

            fn with_source(mut self, source: impl ::std::error::Error + Send + Sync + 'static) -> Self {
                self.inner.source = Some(Box::new(source));
                self
            }
        }

        impl Error {
            /// What went wrong, broadly.
            pub fn kind(&self) -> ErrorKind {
                self.inner.kind
            }

            /// The HTTP status of the response, if one was received.
            pub fn status(&self) -> Option<u16> {
                self.inner.status.map(|s| s.as_u16())
            }

            /// The start of the response body (its first KiB, cut at a character boundary and
            /// decoded as UTF-8 with invalid bytes replaced), if one was received.
            pub fn body(&self) -> Option<&str> {
                self.inner.body.as_deref()
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
                    .field("source", &self.inner.source)
                    .finish()
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
    }
}

fn encode_path_segment() -> TokenStream {
    quote! {
        /// Percent-encodes a path parameter as exactly one path segment: everything but
        /// unreserved characters (RFC 3986) is encoded, so `/`, `?` and `#` cannot change the URL.
        fn encode_path_segment(name: &str, value: &str) -> Result<String, Error> {
            if value.is_empty() || value == "." || value == ".." {
                return Err(Error::new(
                    ErrorKind::InvalidParameter,
                    format!("path parameter `{name}` cannot be {value:?}: it would not name one path segment"),
                ));
            }
            let mut encoded = String::with_capacity(value.len());
            for byte in value.bytes() {
                if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                    encoded.push(char::from(byte));
                } else {
                    encoded.push_str(&format!("%{byte:02X}"));
                }
            }
            Ok(encoded)
        }

    }
}

fn send() -> TokenStream {
    quote! {
        /// Sends the request and reads the whole body; a status other than 2xx is an error.
        async fn send(
            request: ::reqwest::RequestBuilder,
        ) -> Result<(::reqwest::StatusCode, impl AsRef<[u8]>), Error> {
            let response = request.send().await.map_err(Error::transport)?;
            let status = response.status();
            let body = response
                .bytes()
                .await
                .map_err(|e| Error::transport(e).with_status(status))?;
            if !status.is_success() {
                return Err(
                    Error::new(ErrorKind::Status, "the server answered with an error status")
                        .with_status(status)
                        .with_body(&body),
                );
            }
            Ok((status, body))
        }

    }
}
