//! The client's credentials (`Api::credentials`): a builder setter and a field each, redacted
//! from `Debug`; the private `Credential` enum that operations name their security with; and
//! `Client::authorize`, which adds the first alternative whose credentials are all set.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit::docs::doc_attrs;
use crate::ir::{Credential, CredentialKind, Ir, ParamLocation};

/// The pieces of the client's code that concern credentials.
#[derive(Default)]
pub(crate) struct AuthParts {
    pub(crate) builder_fields: TokenStream,
    pub(crate) builder_methods: TokenStream,
    pub(crate) builder_debug: TokenStream,
    pub(crate) client_fields: TokenStream,
    pub(crate) client_inits: TokenStream,
    pub(crate) client_debug: TokenStream,
    /// Statements of `build` that check each credential and make its stored form.
    pub(crate) build: TokenStream,
    /// `Credential` and `Client::authorize`, when there are operations to send them.
    pub(crate) items: TokenStream,
}

pub(crate) fn auth_parts(ir: &Ir) -> AuthParts {
    let mut parts = AuthParts::default();
    for credential in &ir.api.credentials {
        add(&mut parts, credential);
    }
    if !ir.operations.is_empty() {
        parts.items = items(&ir.api.credentials);
    }
    parts
}

fn add(parts: &mut AuthParts, credential: &Credential) {
    let name = format_ident!("{}", credential.setter);
    let names = credential
        .schemes
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let schemes = match credential.schemes.len() {
        1 => format!("security scheme {names}"),
        _ => format!("security schemes {names}"),
    };
    let label = credential.setter.as_str();
    let redacted = quote! {
        .field(#label, &self.#name.as_ref().map(|_| "<redacted>"))
    };
    parts.builder_debug.extend(redacted.clone());
    parts.client_debug.extend(redacted);
    parts.client_inits.extend(quote! { #name, });
    let (field, method, stored, build) = match &credential.kind {
        CredentialKind::Bearer => (
            quote! { Option<String> },
            {
                let doc = doc_attrs([
                    " The token sent as `Authorization: Bearer <token>` with the operations that"
                        .to_owned(),
                    format!(" accept it ({schemes}). It never appears in `Debug`"),
                    " output or errors.".to_owned(),
                ]);
                quote! {
                    #doc
                    pub fn #name(mut self, token: impl Into<String>) -> Self {
                        self.#name = Some(token.into());
                        self
                    }
                }
            },
            quote! { Option<::reqwest::header::HeaderValue> },
            quote! {
                let #name = self.#name
                    .map(|token| sensitive_header(format!("Bearer {token}"), "the bearer token is not a valid HTTP header value"))
                    .transpose()?;
            },
        ),
        CredentialKind::Basic => (
            quote! { Option<(String, String)> },
            {
                let doc = doc_attrs([
                    " The user and password sent as `Authorization: Basic …` with the operations"
                        .to_owned(),
                    format!(" that accept them ({schemes}). They never appear in"),
                    " `Debug` output or errors.".to_owned(),
                ]);
                quote! {
                    #doc
                    pub fn #name(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
                        self.#name = Some((username.into(), password.into()));
                        self
                    }
                }
            },
            quote! { Option<::reqwest::header::HeaderValue> },
            quote! {
                let #name = self.#name
                    .map(|(username, password)| basic_credentials(&username, &password))
                    .transpose()?;
            },
        ),
        CredentialKind::ApiKey {
            location,
            wire_name,
        } => {
            let (place, stored, build) = match location {
                ParamLocation::Query => (
                    format!("the query parameter `{wire_name}`"),
                    quote! { Option<String> },
                    quote! { let #name = self.#name; },
                ),
                ParamLocation::Cookie => {
                    let cookie = format!("{wire_name}={{key}}");
                    let invalid = format!(
                        "the API key for the cookie `{wire_name}` is not valid in a header"
                    );
                    (
                        format!("the cookie `{wire_name}`"),
                        quote! { Option<::reqwest::header::HeaderValue> },
                        quote! {
                            let #name = self.#name
                                .map(|key| sensitive_header(format!(#cookie), #invalid))
                                .transpose()?;
                        },
                    )
                }
                ParamLocation::Header | ParamLocation::Path => {
                    let invalid = format!(
                        "the API key for the header `{wire_name}` is not a valid HTTP header value"
                    );
                    (
                        format!("the header `{wire_name}`"),
                        quote! { Option<::reqwest::header::HeaderValue> },
                        quote! {
                            let #name = self.#name
                                .map(|key| sensitive_header(key, #invalid))
                                .transpose()?;
                        },
                    )
                }
            };
            let doc = doc_attrs([
                format!(" The API key sent as {place} with the operations that accept it"),
                format!(" ({schemes}). It never appears in `Debug` output or errors."),
            ]);
            (
                quote! { Option<String> },
                quote! {
                    #doc
                    pub fn #name(mut self, key: impl Into<String>) -> Self {
                        self.#name = Some(key.into());
                        self
                    }
                },
                stored,
                build,
            )
        }
    };
    parts.builder_fields.extend(quote! { #name: #field, });
    parts.builder_methods.extend(method);
    parts.client_fields.extend(quote! { #name: #stored, });
    parts.build.extend(build);
}

/// `Credential`, one variant per credential, and `Client::authorize`.
fn items(credentials: &[Credential]) -> TokenStream {
    let variants: Vec<_> = credentials
        .iter()
        .map(|c| format_ident!("{}", c.variant))
        .collect();
    let fields: Vec<_> = credentials
        .iter()
        .map(|c| format_ident!("{}", c.setter))
        .collect();
    let enum_item = quote! {
        /// A credential an operation may send, set on the builder.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum Credential {
            #( #variants, )*
        }
    };
    if credentials.is_empty() {
        return quote! {
            #enum_item

            impl Client {
                /// The spec declares no credentials: nothing to add.
                fn authorize(&self, _request: &mut ::reqwest::Request, _security: &[&[Credential]]) {}
            }
        };
    }
    let adds = credentials.iter().zip(&variants).zip(&fields).map(
        |((credential, variant), field)| {
            let add = match &credential.kind {
                CredentialKind::Bearer | CredentialKind::Basic => quote! {
                    request.headers_mut().insert(::reqwest::header::AUTHORIZATION, value.clone());
                },
                CredentialKind::ApiKey {
                    location: ParamLocation::Query,
                    wire_name,
                } => quote! {
                    request.url_mut().query_pairs_mut().append_pair(#wire_name, value);
                },
                CredentialKind::ApiKey {
                    location: ParamLocation::Cookie,
                    ..
                } => quote! {
                    request.headers_mut().append(::reqwest::header::COOKIE, value.clone());
                },
                CredentialKind::ApiKey { wire_name, .. } => {
                    let wire = Literal::byte_string(wire_name.as_bytes());
                    quote! {
                        if let Ok(name) = ::reqwest::header::HeaderName::from_bytes(#wire) {
                            request.headers_mut().insert(name, value.clone());
                        }
                    }
                }
            };
            quote! {
                Credential::#variant => {
                    if let Some(value) = &self.#field {
                        #add
                    }
                }
            }
        },
    );
    quote! {
        #enum_item

        impl Client {
            /// Whether the credential is set.
            fn has(&self, credential: Credential) -> bool {
                match credential {
                    #( Credential::#variants => self.#fields.is_some(), )*
                }
            }

            /// Adds the first alternative of `security` whose credentials are all set; nothing
            /// when none is.
            fn authorize(&self, request: &mut ::reqwest::Request, security: &[&[Credential]]) {
                let chosen = security.iter().find(|credentials| {
                    !credentials.is_empty() && credentials.iter().all(|c| self.has(*c))
                });
                for credential in chosen.into_iter().flat_map(|credentials| credentials.iter()) {
                    match credential {
                        #( #adds )*
                    }
                }
            }
        }
    }
}
