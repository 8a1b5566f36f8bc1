//! `src/lib.rs`: the crate's docs (with an example that compiles), its modules and what it
//! exports.

use proc_macro2::TokenStream;
use quote::quote;

use crate::Options;
use crate::analysis::reach::ALL_MODELS;
use crate::analysis::{Facts, Feature};
use crate::emit::docs;
use crate::emit::names::Module;
use crate::emit::spelling::spell;
use crate::ir::{CredentialKind, Ir, ResponseBody, Success, TypeRef, WebhookSource};

pub(crate) fn lib_module(
    ir: &Ir,
    options: &Options,
    facts: &Facts,
    example_tests: bool,
) -> TokenStream {
    let library = options.crate_name.replace('-', "_");
    let title = if ir.api.title.is_empty() {
        "the API".to_owned()
    } else {
        format!("{} {}", ir.api.title, ir.api.version)
            .trim()
            .to_owned()
    };
    let mut lines = vec![format!(
        " A client for {title}, generated from its OpenAPI description."
    )];
    if let Some(description) = &ir.api.description {
        lines.push(String::new());
        lines.extend(docs::safe_markdown(description.trim()).lines().map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        }));
    }
    lines.extend(example_lines(ir, facts, &library));
    lines.extend(webhook_lines(ir));
    // The examples name every type; `all-models` compiles them all.
    let all_models = ALL_MODELS;
    let example_tests = example_tests
        .then(|| quote! { #[cfg(all(test, feature = #all_models))] mod example_tests; });
    // Without some feature, the runtime's helpers and the imports only its operations or
    // types use are left unused: only the build with every feature is held to have none.
    let every_feature = ir
        .groups
        .iter()
        .filter_map(|group| group.feature.as_deref())
        .chain([ALL_MODELS]);
    let partial_allow = quote! {
        #![cfg_attr(not(all(#(feature = #every_feature),*)), allow(dead_code, unused_imports, unused_macros))]
    };
    let default_base_url = ir
        .api
        .default_base_url
        .as_ref()
        .map(|_| quote! { , DEFAULT_BASE_URL });
    let features = &facts.features;
    let file_part = features
        .contains(&Feature::MultipartBody)
        .then(|| quote! { , FilePart });
    let pages = features
        .contains(&Feature::Paging)
        .then(|| quote! { , Items, Pages });
    let operations = features
        .contains(&Feature::Operations)
        .then(|| quote! { pub mod operations; });
    quote! {
        #( #![doc = #lines] )*
        // The docs are the spec's text, Markdown written for people rather than rustdoc, and
        // copied as written: lints about its style are not the generated code's to fix.
        #![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]
        // Types are spelled as the spec nests them (`Option<Vec<Vec<…>>>` in a builder field).
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, clippy::tabs_in_doc_comments, clippy::type_complexity)]
        #partial_allow

        mod client;
        #example_tests
        pub mod models;
        #operations

        pub use client::{
            Client, ClientBuilder, Error, ErrorBody, ErrorKind, Response, RetryPolicy,
            DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT
            #default_base_url #file_part #pages
        };
        /// The HTTP library underneath, for building a client to pass to
        /// [`ClientBuilder::http_client`] with the same version.
        pub use ::reqwest;
    }
}

/// The crate docs' list of webhooks and callbacks, each with its payload's type.
fn webhook_lines(ir: &Ir) -> Vec<String> {
    if ir.webhooks.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        String::new(),
        " # Webhooks and callbacks".to_owned(),
        String::new(),
        " Requests the API sends rather than receives; their payloads are models:".to_owned(),
        String::new(),
    ];
    for webhook in &ir.webhooks {
        let method = webhook.method.as_str();
        let what = match &webhook.source {
            WebhookSource::Webhook { name } => {
                format!("`{}` (`{method}`)", docs::safe_markdown(name))
            }
            WebhookSource::Callback {
                operation,
                name,
                expression,
            } => format!(
                "callback `{}` of `{}` (`{method} {}`)",
                docs::safe_markdown(name),
                docs::safe_markdown(operation),
                docs::safe_markdown(expression)
            ),
        };
        let payload = match &webhook.payload {
            Some(TypeRef::Named(id)) => format!("[`models::{0}`]", ir.types[id.0].name),
            Some(ty) => {
                let spelled = spell(ir, ty, Module::new(false, Vec::<&str>::new()));
                format!("`{}`", quote!(#spelled).to_string().replace(' ', ""))
            }
            None => "no payload".to_owned(),
        };
        lines.push(format!(" - {what}: {payload}"));
    }
    lines
}

/// A compiled (not run) example: build a client, call the first operation whose arguments are
/// all strings.
fn example_lines(ir: &Ir, facts: &Facts, library: &str) -> Vec<String> {
    let mut code = vec![
        format!("# async fn example() -> Result<(), {library}::Error> {{"),
        format!("let client = {library}::Client::builder()"),
    ];
    if ir.api.default_base_url.is_none() {
        code.push("    .base_url(\"https://example.com\")".to_owned());
    }
    if let Some(credential) = ir.api.credentials.first() {
        let value = match credential.kind {
            CredentialKind::Basic => "\"user\", \"password\"",
            CredentialKind::Bearer | CredentialKind::ApiKey { .. } => "\"secret\"",
        };
        code.push(format!("    .{}({value})", credential.setter));
    }
    code.push("    .build()?;".to_owned());
    if let Some(op) = facts.example_call.map(|i| &ir.operations[i]) {
        let args: Vec<String> = op
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| format!("\"{}\"", p.wire_name.replace(['"', '\\'], "")))
            .collect();
        let call = format!("client.{}({}).await?", op.name, args.join(", "));
        code.push(match op.responses.success {
            Success::One(ResponseBody::Empty) => format!("{call};"),
            _ => format!("let response = {call};"),
        });
    }
    code.push("# Ok(())".to_owned());
    code.push("# }".to_owned());
    let mut lines = vec![
        String::new(),
        " # Example".to_owned(),
        String::new(),
        " ```no_run".to_owned(),
    ];
    lines.extend(code.into_iter().map(|l| format!(" {l}")));
    lines.push(" ```".to_owned());
    lines
}
