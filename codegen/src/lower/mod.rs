//! Lower: the resolved schemas and the operations into the IR.
//!
//! `types` names and shapes schemas (with `unions` for `oneOf`/`anyOf`), `operations` reads
//! the paths, `usage` and `boxing` are analysis passes whose facts lowering applies, and
//! `paging` finds, once the types are shaped, which operations are walked page by page.

mod aliases;
mod boxing;
mod compose;
mod examples;
mod omissions;
mod operations;
mod paging;
mod responses;
mod scalars;
mod security;
mod servers;
mod shapes;
mod types;
mod unions;
mod usage;
mod webhooks;

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::fields::Fields;
use crate::ir::{Api, Ir};
use crate::load::Document;
use crate::members::Member;
use crate::normalize::AdditionalProperties;
use crate::pointer::Pointer;
use crate::resolve::{SchemaGraph, Walk};

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
///
/// The operations are read on another thread while the components' schemas are resolved; the
/// operations' schemas come after them, as if all had been given at once. Should a component
/// have reached one of those as a subschema (they would then come in another order), the whole
/// graph is resolved again in one walk.
pub fn resolve_document(
    document: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Resolved, Diagnostic> {
    let root = &document.root;
    let components = component_schemas(root);
    let component_roots = || components.iter().map(|(_, pointer)| pointer.clone());
    let mut reported = Vec::new();
    let ((spec_operations, spec_webhooks, read), mut walk) = std::thread::scope(|scope| {
        let reading = scope.spawn(|| {
            let mut read = Vec::new();
            let operations = operations::collect(root, &mut read);
            let webhooks = webhooks::collect(root, &mut read);
            (operations, webhooks, read)
        });
        let mut walk = Walk::new(root);
        walk.reach(component_roots(), &mut reported);
        // A panic there is a panic of the generator; pass it on.
        let read = reading
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (read, walk)
    });
    diagnostics.extend(read);
    let later_roots = operation_roots(&spec_operations, &spec_webhooks);
    let schemas_at = Pointer::root().join("components").join("schemas");
    let reached_early = later_roots
        .iter()
        .any(|pointer| walk.has_reached(pointer) && pointer.parent().as_ref() != Some(&schemas_at));
    if reached_early {
        reported.clear();
        walk = Walk::new(root);
        walk.reach(component_roots().chain(later_roots), &mut reported);
    } else {
        walk.reach(later_roots, &mut reported);
    }
    diagnostics.append(&mut reported);
    let graph = walk.finish()?;
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

/// The schemas the operations send and receive, and the webhooks' payloads, in that order.
fn operation_roots(
    spec_operations: &[operations::SpecOperation],
    spec_webhooks: &[webhooks::SpecWebhook],
) -> Vec<Pointer> {
    spec_operations
        .iter()
        .flat_map(|op| op.request_schemas())
        .chain(spec_operations.iter().flat_map(|op| op.response_schemas()))
        .chain(
            spec_webhooks
                .iter()
                .filter_map(webhooks::SpecWebhook::payload),
        )
        .collect()
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
    let (mut operations, groups) = operations::lower(
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
    paging::find(spec_operations, &mut operations, &types, diagnostics);
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
    let Some(components) = Member::Components.of(root) else {
        return Vec::new();
    };
    Member::Schemas
        .entries(components)
        .map(|(name, _)| (name.clone(), at.join(name.as_str())))
        .collect()
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

    /// The pointers of the schemas `resolve_document` reaches, in order, and what it reports;
    /// and the same of one walk from all its roots at once.
    fn batched_and_one_walk(tree: Value) -> [(Vec<Pointer>, Vec<String>); 2] {
        let document = Document::from_tree(tree).unwrap();
        let pointers = |graph: &SchemaGraph| graph.schemas().map(|s| s.pointer.clone()).collect();
        let messages = |diagnostics: Vec<Diagnostic>| {
            diagnostics
                .iter()
                .map(|d| format!("{}: {}", d.pointer, d.message))
                .collect()
        };
        let mut diagnostics = Vec::new();
        let resolved = resolve_document(&document, &mut diagnostics).unwrap();
        let batched = (pointers(&resolved.graph), messages(diagnostics));

        let root = &document.root;
        let mut diagnostics = Vec::new();
        let spec_operations = operations::collect(root, &mut diagnostics);
        let spec_webhooks = webhooks::collect(root, &mut diagnostics);
        let roots = component_schemas(root)
            .into_iter()
            .map(|(_, pointer)| pointer)
            .chain(operation_roots(&spec_operations, &spec_webhooks));
        let graph = crate::resolve::resolve(root, roots, &mut diagnostics).unwrap();
        [batched, (pointers(&graph), messages(diagnostics))]
    }

    #[test]
    fn operations_read_beside_the_components_resolve_as_in_one_walk() {
        let response = |schema: Value| json!({"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}});
        let a_response = "#/paths/~1a/get/responses/200/content/application~1json/schema";
        // The operation's schema refers to a component; the component to a schema of the
        // operation, which one walk reaches only after all components.
        for (components, b_schema) in [
            (
                json!({"A": {"properties": {"b": {"$ref": "#/nowhere"}}}, "B": {"type": "string"}}),
                json!({"$ref": "#/components/schemas/A"}),
            ),
            (
                json!({"A": {"properties": {"p": {"$ref": a_response}}}, "B": {"type": "string"}}),
                json!({"$ref": "#/components/schemas/B"}),
            ),
        ] {
            let tree = json!({
                "openapi": "3.0.3",
                "paths": {
                    "/a": {"get": {"responses": response(json!({
                        "properties": {"q": {"$ref": "#/missing"}}
                    }))}},
                    "/b": {"get": {"parameters": [{"name": "x", "in": "query", "schema": {"type": "integer"}}],
                        "responses": response(b_schema)}}
                },
                "components": {"schemas": components}
            });
            let [batched, one_walk] = batched_and_one_walk(tree);
            assert_eq!(batched, one_walk);
            assert!(batched.0.len() >= 6 && !batched.1.is_empty(), "{batched:?}");
        }
    }

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
