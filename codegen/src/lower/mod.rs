//! Lower: the resolved schemas and the operations into the IR.
//!
//! `types` names and shapes schemas (with `unions` for `oneOf`/`anyOf`), `operations` reads
//! the paths, `usage` and `boxing` are analysis passes whose facts lowering applies.

mod aliases;
mod boxing;
mod compose;
mod examples;
mod operations;
mod responses;
mod security;
mod servers;
mod shapes;
mod types;
mod unions;
mod usage;
mod webhooks;

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::ir::{Api, Ir};
use crate::load::Document;
use crate::normalize::AdditionalProperties;
use crate::pointer::Pointer;
use crate::resolve::{SchemaGraph, resolve};
use crate::tree::Fields;

/// Lowers a loaded document into the IR; warnings are pushed onto `diagnostics`.
pub fn lower(document: &Document, diagnostics: &mut Vec<Diagnostic>) -> Result<Ir, Diagnostic> {
    let resolved = resolve_document(document, diagnostics)?;
    Ok(lower_resolved(&resolved, diagnostics))
}

/// A document read for lowering: its component schemas, its operations, and every schema
/// they reach, normalized once. It keeps nothing of the document, which can be dropped before
/// lowering.
pub struct Resolved {
    api: Api,
    components: Vec<(String, Pointer)>,
    operations: Vec<operations::SpecOperation>,
    webhooks: Vec<webhooks::SpecWebhook>,
    graph: SchemaGraph,
    /// Each operation's credentials.
    security: Vec<crate::ir::Security>,
    /// Each operation's server, an index of `api.operation_servers`.
    servers: Vec<Option<usize>>,
}

impl Resolved {
    /// The spec nodes the crate's items are expected to come from (its servers and
    /// credentials, each schema, its enum's values and its `additionalProperties`, each
    /// operation and its parts), for them to be placed in the spec's text while the IR is
    /// lowered. They mirror the pointers `surface::build` gives its items; an item from any
    /// other node is placed later, at the cost of one more reading of the text.
    pub fn item_nodes(&self) -> Vec<Pointer> {
        // The crate's own items: its base URL and its operations module.
        let root = Pointer::root();
        let mut nodes = vec![root.join("servers").join("0"), root.join("paths")];
        let api = &self.api;
        let servers = api.server.iter().chain(&api.operation_servers);
        nodes.extend(servers.map(|server| server.source.join("variables")));
        nodes.extend(
            api.credentials
                .iter()
                .map(|credential| credential.source.clone()),
        );
        for schema in self.graph.schemas() {
            nodes.push(schema.pointer.clone());
            // A struct's field of other properties comes from `additionalProperties`, which
            // is a schema of the graph only when it is not `true`, `{}` or `false`.
            if matches!(
                schema.additional_properties,
                AdditionalProperties::Any | AdditionalProperties::Forbidden
            ) {
                nodes.push(schema.pointer.join("additionalProperties"));
            }
            if let Some(values) = &schema.enum_values {
                let values_at = schema.pointer.join("enum");
                nodes.extend((0..values.len()).map(|i| values_at.join(i.to_string())));
            }
        }
        nodes.extend(
            self.operations
                .iter()
                .flat_map(operations::SpecOperation::nodes),
        );
        nodes
    }
}

/// Reads the operations and resolves every schema reachable from them and from the components.
pub fn resolve_document(
    document: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Resolved, Diagnostic> {
    let root = &document.root;
    let components = component_schemas(root);
    let spec_operations = operations::collect(root, diagnostics);
    let spec_webhooks = webhooks::collect(root, diagnostics);
    let roots = components
        .iter()
        .map(|(_, pointer)| pointer.clone())
        .chain(spec_operations.iter().flat_map(|op| op.request_schemas()))
        .chain(spec_operations.iter().flat_map(|op| op.response_schemas()))
        .chain(
            spec_webhooks
                .iter()
                .filter_map(webhooks::SpecWebhook::payload),
        );
    let graph = resolve(root, roots, diagnostics)?;
    let plan = security::plan(
        root,
        spec_operations.iter().map(|op| op.security.as_ref()),
        diagnostics,
    );
    let own_servers: Vec<_> = spec_operations.iter().map(|op| op.server.clone()).collect();
    let (operation_servers, servers) = servers::distinct(&own_servers);
    let mut api = api(root);
    api.credentials = plan.credentials;
    api.operation_servers = operation_servers;
    Ok(Resolved {
        api,
        components,
        operations: spec_operations,
        webhooks: spec_webhooks,
        graph,
        security: plan.operations,
        servers,
    })
}

/// Shapes the resolved schemas and operations into the IR, running the analysis passes.
pub fn lower_resolved(resolved: &Resolved, diagnostics: &mut Vec<Diagnostic>) -> Ir {
    let Resolved {
        api,
        components,
        operations: spec_operations,
        webhooks: spec_webhooks,
        graph,
        security,
        servers,
    } = resolved;
    // A webhook's payload is read by the user, as a response is.
    let usage = usage::Usage::analyze(
        graph,
        spec_operations.iter().flat_map(|op| op.request_schemas()),
        spec_operations
            .iter()
            .flat_map(|op| op.response_schemas())
            .chain(
                spec_webhooks
                    .iter()
                    .filter_map(webhooks::SpecWebhook::payload),
            ),
    );
    let mut lowerer = types::TypeLowerer::new(graph, &usage);
    for (name, pointer) in components {
        lowerer.declare_component(name, pointer);
    }
    for (_, pointer) in components {
        lowerer.define_component(pointer);
    }
    let mut error_bodies = responses::ErrorBodies::default();
    let (operations, groups) = operations::lower(
        spec_operations,
        (security.as_slice(), servers.as_slice()),
        &mut lowerer,
        &mut error_bodies,
    );
    let webhooks = webhooks::lower(spec_webhooks, &mut lowerer);
    let (mut types, warnings) = lowerer.finish();
    diagnostics.extend(warnings);
    aliases::break_alias_cycles(&mut types, diagnostics);
    shapes::share_shapes(&mut types);
    boxing::box_cycles(&mut types);
    unions::order_untagged_variants(&mut types);
    let examples = examples::collect(&types);
    Ir {
        api: api.clone(),
        types,
        operations,
        groups,
        error_bodies: error_bodies.finish(),
        examples,
        webhooks,
    }
}

fn component_schemas(root: &Value) -> Vec<(String, Pointer)> {
    let at = Pointer::root().join("components").join("schemas");
    match at.lookup(root) {
        Some(Value::Object(schemas)) => schemas
            .keys()
            .map(|name| (name.clone(), at.join(name.as_str())))
            .collect(),
        _ => Vec::new(),
    }
}

fn api(root: &Value) -> Api {
    let info = root.field("info");
    let text = |key: &str| {
        info.and_then(|i| i.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    Api {
        title: text("title").unwrap_or_default(),
        version: text("version").unwrap_or_default(),
        description: text("description"),
        default_base_url: root
            .field("servers")
            .and_then(|s| s.get(0))
            .and_then(server_url),
        server: servers::read_first(root, &Pointer::root()),
        operation_servers: Vec::new(),
        credentials: Vec::new(),
    }
}

/// A server's URL with each `{variable}` at its default; `None` unless it is absolute.
fn server_url(server: &Value) -> Option<String> {
    let mut url = server.field("url")?.as_str()?.to_owned();
    if let Some(Value::Object(variables)) = server.field("variables") {
        for (name, variable) in variables {
            let default = variable.field("default").and_then(Value::as_str)?;
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    let absolute = url.starts_with("http://") || url.starts_with("https://");
    (absolute && !url.contains('{')).then(|| url.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn server_urls() {
        assert_eq!(
            server_url(
                &json!({"url": "https://{region}.example.com/v1/", "variables": {"region": {"default": "eu"}}})
            ),
            Some("https://eu.example.com/v1".to_owned())
        );
        assert_eq!(server_url(&json!({"url": "/api"})), None);
        assert_eq!(server_url(&json!({"url": "https://{x}.example.com"})), None);
    }
}
