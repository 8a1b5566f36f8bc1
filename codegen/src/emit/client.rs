//! The `client` module: `Client`, its builder and `ErrorBody` made here from the spec, then
//! the runtime template (`emit/runtime.rs`): sending, retries, errors.
//!
//! No schema name is in scope in this module (models are reached as `crate::models::X`), so
//! prelude names are safe here.

use proc_macro2::TokenStream;
use quote::quote;

use crate::analysis::{Features, Reach};
use crate::emit::docs::doc_attrs;
use crate::emit::format::Part;
use crate::emit::gates;
use crate::emit::names::{Module, NameSet, imports};
use crate::emit::runtime::runtime_items;
use crate::emit::spelling::{ident, spell};
use crate::ir::Ir;

/// The module's docs, and the imports of the std names the error bodies' types use.
pub(crate) fn client_head(used: NameSet) -> Part {
    let imports = imports(Module::default(), used, &[]);
    Part::Tokens(quote! {
        //! The HTTP client.

        #imports
    })
}

/// The module's code: the client, its builder and `ErrorBody`, then the runtime.
pub(crate) fn client_body(ir: &Ir, features: &Features, reach: &Reach) -> Part {
    let title = if ir.api.title.is_empty() {
        "the API".to_owned()
    } else {
        ir.api.title.clone()
    };
    let client_doc = doc_attrs([format!(
        " A client for {title}. Clones are cheap and share one connection pool."
    )]);
    let default_base_url = match &ir.api.default_base_url {
        Some(url) => {
            let doc =
                " The base URL used unless the builder sets another: the spec's first server.";
            let doc = doc_attrs([doc]);
            quote! {
                #doc
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
    let BearerParts {
        builder_field,
        builder_method,
        builder_debug,
        client_field,
        client_field_init,
        client_debug,
        build_authorization,
        authorize,
    } = bearer_parts(ir.api.bearer_auth);
    let has_operations = !ir.operations.is_empty();
    // Without operations nothing sends a request: the settings are kept, unread.
    let unread = (!has_operations).then(|| quote! { #[allow(dead_code)] });
    let authorize = has_operations.then(|| {
        quote! {
            /// Adds the client's credentials to a request.
            fn authorize(&self, request: ::reqwest::RequestBuilder) -> ::reqwest::RequestBuilder {
                #authorize
            }
        }
    });
    let error_body = error_body_enum(ir, reach);
    let own = quote! {
        #default_base_url

        #client_doc
        #[derive(Clone)]
        #unread
        pub struct Client {
            http: ::reqwest::Client,
            base_url: String,
            timeout: Duration,
            retry: RetryPolicy,
            max_response_size: usize,
            #client_field
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    .field("retry", &self.retry)
                    .field("max_response_size", &self.max_response_size)
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
            retry: Option<RetryPolicy>,
            max_response_size: Option<usize>,
            #builder_field
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("ClientBuilder")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    .field("connect_timeout", &self.connect_timeout)
                    .field("retry", &self.retry)
                    .field("max_response_size", &self.max_response_size)
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

            /// The time each attempt of a request may take, from sending to the end of the
            /// body. Default: [`DEFAULT_TIMEOUT`].
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// The time establishing a connection may take. Default:
            /// [`DEFAULT_CONNECT_TIMEOUT`]. Ignored with [`ClientBuilder::http_client`], whose
            /// own setting applies.
            pub fn connect_timeout(mut self, timeout: Duration) -> Self {
                self.connect_timeout = Some(timeout);
                self
            }

            /// When to send a request again; [`RetryPolicy::never`] turns retries off.
            /// Default: [`RetryPolicy::default`].
            pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.retry = Some(policy);
                self
            }

            /// The largest response body read, in bytes; a larger one is an error of kind
            /// [`ErrorKind::ResponseTooLarge`]. Default: [`DEFAULT_MAX_RESPONSE_SIZE`].
            pub fn max_response_size(mut self, bytes: usize) -> Self {
                self.max_response_size = Some(bytes);
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
                    None => tls_client_builder()
                        .user_agent(USER_AGENT)
                        .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                        .build()
                        .map_err(|e| Error::new(ErrorKind::Config, "could not build the HTTP client").with_source(e))?,
                };
                Ok(Client {
                    http,
                    base_url,
                    timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                    retry: self.retry.unwrap_or_default(),
                    max_response_size: self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE),
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

            #authorize
        }

        #error_body
    };
    let runtime = runtime_items(features, &own);
    Part::Tokens(quote! {
        #own
        #runtime
    })
}

/// `ErrorBody`: one variant per type the spec declares for error responses. It exists, empty,
/// when the spec declares none, so that `Error::error_body` is always there.
/// A variant is compiled with the operations that declare it.
fn error_body_enum(ir: &Ir, reach: &Reach) -> TokenStream {
    let variants = ir
        .error_bodies
        .iter()
        .zip(&reach.error_bodies)
        .map(|(variant, gate)| {
            let name = ident(&variant.name);
            let ty = spell(ir, &variant.ty, Module::default());
            let doc = doc_attrs([format!(" A body of type `{}`.", variant.name)]);
            let cfg = gates::cfg(gate);
            quote! {
                #cfg
                #doc
                #name(#ty),
            }
        });
    quote! {
        /// An error response's body, decoded into the type the spec declares for its status:
        /// see [`Error::error_body`].
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum ErrorBody {
            #( #variants )*
        }
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
