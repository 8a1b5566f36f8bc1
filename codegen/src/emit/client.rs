//! The `client` module: `Client`, its builder and `ErrorBody` made here from the spec, then
//! the runtime template (`emit/runtime.rs`): sending, retries, errors.
//!
//! No schema name is in scope in this module (models are reached as `crate::models::X`), so
//! prelude names are safe here.

use proc_macro2::TokenStream;
use quote::quote;

use crate::analysis::{Features, Reach};
use crate::emit::auth::{AuthParts, auth_parts};
use crate::emit::docs::doc_attrs;
use crate::emit::format::Part;
use crate::emit::gates;
use crate::emit::names::{Module, NameSet, imports};
use crate::emit::runtime::runtime_items;
use crate::emit::spelling::{ident, spell};
use crate::ir::{Ir, Server};

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
    let ServerParts {
        tables,
        builder_field: variables_field,
        builder_method: variables_method,
        builder_debug: variables_debug,
        client_debug: servers_debug,
        build: resolve_servers,
    } = server_parts(ir);
    let AuthParts {
        builder_fields,
        builder_methods,
        builder_debug,
        client_fields,
        client_inits,
        client_debug,
        build: build_credentials,
        items: auth_items,
    } = auth_parts(ir);
    let has_operations = !ir.operations.is_empty();
    // Without operations nothing sends a request: the settings are kept, unread.
    let unread = (!has_operations).then(|| quote! { #[allow(dead_code)] });
    let error_body = error_body_enum(ir, reach);
    let own = quote! {
        #default_base_url

        #tables

        #client_doc
        #[derive(Clone)]
        #unread
        pub struct Client {
            http: ::reqwest::Client,
            base_url: String,
            /// The servers that operations name: each URL, or why it is unknown.
            servers: Vec<Result<String, String>>,
            timeout: Duration,
            retry: RetryPolicy,
            max_response_size: usize,
            #client_fields
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url)
                    #servers_debug
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
            #variables_field
            #builder_fields
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("ClientBuilder")
                    .field("base_url", &self.base_url)
                    .field("timeout", &self.timeout)
                    .field("connect_timeout", &self.connect_timeout)
                    .field("retry", &self.retry)
                    .field("max_response_size", &self.max_response_size)
                    #variables_debug
                    #builder_debug
                    .finish_non_exhaustive()
            }
        }

        impl ClientBuilder {
            /// The URL that operation paths are appended to, e.g. `https://example.com/api`,
            /// in place of the spec's servers; a server URL the spec gives as relative is
            /// resolved against it.
            pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                self.base_url = Some(base_url.into());
                self
            }

            #variables_method

            #builder_methods

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
                #resolve_servers
                #build_credentials
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
                    servers,
                    timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                    retry: self.retry.unwrap_or_default(),
                    max_response_size: self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE),
                    #client_inits
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
        }

        #auth_items

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
    // The warning about a deprecated type is for the crate's users.
    let allow = ir
        .error_bodies
        .iter()
        .any(|v| ir.mentions_deprecated(&v.ty))
        .then(|| quote! { #[allow(deprecated)] });
    quote! {
        /// An error response's body, decoded into the type the spec declares for its status:
        /// see [`Error::error_body`].
        #allow
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum ErrorBody {
            #( #variants )*
        }
    }
}

struct ServerParts {
    /// The consts describing the spec's servers.
    tables: TokenStream,
    builder_field: TokenStream,
    builder_method: TokenStream,
    builder_debug: TokenStream,
    client_debug: TokenStream,
    /// Statements of `build` that make `base_url` and `servers`.
    build: TokenStream,
}

/// The spec's servers as consts, resolved when the client is built; the `server_variable`
/// setter when a server has variables.
fn server_parts(ir: &Ir) -> ServerParts {
    let api = &ir.api;
    if api.server.is_none() && api.operation_servers.is_empty() {
        return ServerParts {
            tables: quote! {},
            builder_field: quote! {},
            builder_method: quote! {},
            builder_debug: quote! {},
            client_debug: quote! {},
            build: quote! {
                let base_url = self.base_url.ok_or_else(|| {
                    Error::config("no base URL: the spec names no server, so call `ClientBuilder::base_url`")
                })?;
                let base_url = check_base_url(&base_url)?;
                let servers = Vec::new();
            },
        };
    }
    let server = |server: &Server| {
        let url = &server.url;
        let variables = server.variables.iter().map(|v| {
            let (name, default, allowed) = (&v.name, &v.default, &v.allowed);
            quote! { (#name, #default, &[#( #allowed ),*]) }
        });
        quote! { Server { url: #url, variables: &[#( #variables ),*] } }
    };
    let own = api.server.as_ref().map(|s| {
        let doc = doc_attrs([
            " The spec's first server, where operations go unless they name their own.",
        ]);
        let value = server(s);
        quote! {
            #doc
            const SERVER: Server = #value;
        }
    });
    let others: Vec<_> = api.operation_servers.iter().map(server).collect();
    let own_arg = match own {
        Some(_) => quote! { Some(&SERVER) },
        None => quote! { None },
    };
    let has_variables = api
        .server
        .iter()
        .chain(&api.operation_servers)
        .any(|s| !s.variables.is_empty());
    let values = if has_variables {
        quote! { &self.server_variables }
    } else {
        quote! { &::std::collections::BTreeMap::new() }
    };
    let mut names: Vec<&str> = Vec::new();
    for variable in api
        .server
        .iter()
        .chain(&api.operation_servers)
        .flat_map(|s| &s.variables)
    {
        if !names.contains(&variable.name.as_str()) {
            names.push(&variable.name);
        }
    }
    let listed = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let method_doc = doc_attrs([
        format!(" The value of a variable of the spec's server URLs ({listed}); the others take"),
        " their defaults. [`ClientBuilder::build`] fails on a name no server has, and on a"
            .to_owned(),
        " value a variable's `enum` does not list.".to_owned(),
    ]);
    let tables = quote! {
        #own
        /// The servers that paths and operations name instead, in the order of `Call::server`.
        const OPERATION_SERVERS: &[Server] = &[#( #others ),*];
    };
    let variables = has_variables.then(|| {
        (
            quote! { server_variables: ::std::collections::BTreeMap<String, String>, },
            quote! {
                #method_doc
                pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                    self.server_variables.insert(name.into(), value.into());
                    self
                }
            },
            quote! { .field("server_variables", &self.server_variables) },
        )
    });
    let (builder_field, builder_method, builder_debug) = variables.unwrap_or_default();
    let client_debug =
        (!api.operation_servers.is_empty()).then(|| quote! { .field("servers", &self.servers) });
    ServerParts {
        tables,
        builder_field,
        builder_method,
        builder_debug,
        client_debug: quote! { #client_debug },
        build: quote! {
            let (base_url, servers) =
                server_urls(self.base_url.as_deref(), #values, #own_arg, OPERATION_SERVERS)?;
        },
    }
}
