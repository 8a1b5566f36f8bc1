//! Resolve: every schema reachable from the roots, normalized once, with each `$ref` checked to
//! point at an existing node of the document and reference chains checked for cycles.

use crate::fields::Fields;
use crate::hashing::{HashMap, HashSet, IndexMap};
use serde_json::Value;

use crate::bundle::{display_target, unreadable_reason};
use crate::diagnostics::Diagnostic;
use crate::normalize::{Schema, SchemaDocs, normalize, reference_target};
use crate::pointer::Pointer;

/// How many `$ref` hops a chain of non-schema references (parameters, responses) may take.
const MAX_REFERENCE_HOPS: usize = 64;

/// All schemas reachable from the roots, keyed by the pointer of their node, in the order
/// they were reached.
#[derive(Clone, Debug, Default)]
pub struct SchemaGraph {
    /// Boxed: a `Schema` is a few hundred bytes, and the map's entries grow by doubling, so
    /// unboxed entries would leave megabytes of slack (and a transient copy while growing)
    /// on large specs.
    schemas: IndexMap<Pointer, Box<Schema>>,
    /// For each reference node, the first schema along its chain that is not a reference.
    concrete: HashMap<Pointer, Pointer>,
}

impl SchemaGraph {
    /// The schema at `pointer`; it must have been reached from the roots.
    pub fn get(&self, pointer: &Pointer) -> &Schema {
        &self.schemas[pointer]
    }

    /// The schema at `pointer` with references followed to a schema that is not a reference.
    pub fn concrete(&self, pointer: &Pointer) -> &Schema {
        match self.concrete.get(pointer) {
            Some(target) => &self.schemas[target],
            None => self.get(pointer),
        }
    }

    /// Every schema reached, in the order they were.
    pub fn schemas(&self) -> impl Iterator<Item = &Schema> {
        self.schemas.values().map(|schema| &**schema)
    }
}

/// Normalizes every schema reachable from `roots`. A reference that leads nowhere is a warning,
/// and its schema unconstrained; only a chain of references that never reaches a schema is an
/// error.
pub fn resolve(
    root: &Value,
    roots: impl IntoIterator<Item = Pointer>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<SchemaGraph, Diagnostic> {
    let mut walk = Walk::new(root);
    walk.reach(roots, diagnostics);
    walk.finish()
}

/// A resolution under way: the schemas reached so far. Roots are given in batches, each
/// walked to the end before the next ([`Walk::reach`]); walking them all in one batch gives
/// the same graph, as long as no earlier batch reached a later batch's root as a subschema
/// ([`Walk::has_reached`] tells).
pub struct Walk<'a> {
    root: &'a Value,
    graph: SchemaGraph,
    /// Every pointer queued so far, roots and subschemas.
    seen: HashSet<Pointer>,
}

impl<'a> Walk<'a> {
    pub fn new(root: &'a Value) -> Self {
        Walk {
            root,
            graph: SchemaGraph::default(),
            seen: HashSet::default(),
        }
    }

    /// Whether the schema at `pointer` has been normalized.
    pub fn has_reached(&self, pointer: &Pointer) -> bool {
        self.graph.schemas.contains_key(pointer)
    }

    /// Normalizes every schema reachable from `roots` that is not yet. Each root is normalized
    /// once, however often it is given (operations share responses), in the order given; each
    /// is walked depth first before the next, and a root met on the way as a subschema waits
    /// for its own turn.
    pub fn reach(
        &mut self,
        roots: impl IntoIterator<Item = Pointer>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let root = self.root;
        // Each pointer to visit, with the node it was reached from: most subschemas are a
        // token or two below it, so they are found from there rather than from the root.
        let mut queue: Vec<(Pointer, Option<(Pointer, &Value)>)> = roots
            .into_iter()
            .filter(|pointer| self.seen.insert(pointer.clone()))
            .map(|pointer| (pointer, None))
            .collect();
        queue.reverse();
        while let Some((pointer, parent)) = queue.pop() {
            let node = match &parent {
                Some((base, base_node)) => pointer.lookup_from(root, base, base_node),
                None => pointer.lookup(root),
            };
            let Some(node) = node else {
                // Roots are read from the document and subschemas are checked before they are
                // queued, so this is a root that was given wrong.
                diagnostics.push(Diagnostic::warning(
                    pointer.clone(),
                    "no schema at this location; typed as `serde_json::Value`",
                ));
                let schema = Schema {
                    pointer: pointer.clone(),
                    ..Schema::default()
                };
                self.graph.schemas.insert(pointer, Box::new(schema));
                continue;
            };
            let schema = resolve_node(root, node, &pointer, diagnostics);
            let mut children = schema.subschemas();
            children.reverse();
            for child in children {
                if self.seen.insert(child.clone()) {
                    queue.push((child, Some((pointer.clone(), node))));
                }
            }
            self.graph.schemas.insert(pointer, Box::new(schema));
        }
    }

    /// The graph of the schemas reached, with every reference chain followed to its end.
    pub fn finish(mut self) -> Result<SchemaGraph, Diagnostic> {
        self.graph.concrete = concrete_targets(&self.graph)?;
        Ok(self.graph)
    }
}

/// The schema at `node` normalized, with its references checked to lead somewhere.
fn resolve_node(
    root: &Value,
    node: &Value,
    pointer: &Pointer,
    diagnostics: &mut Vec<Diagnostic>,
) -> Schema {
    let mut schema = normalize(node, pointer, diagnostics);
    if let Some(docs) = &mut schema.docs {
        inline_value_references(root, docs);
    }
    merge_properties(root, &mut schema, diagnostics);
    if let Some(target) = schema.reference.take() {
        match locate(root, &target) {
            Some(found) => schema.reference = Some(found),
            None => {
                schema.dangling = true;
                diagnostics.push(
                    missing_target(root, pointer.join("$ref"), &target)
                        .with_consequence("typed as `serde_json::Value`"),
                );
            }
        }
    }
    if let Some(discriminator) = &mut schema.discriminator {
        let at = pointer.join("discriminator").join("mapping");
        let consequence =
            "this value is left out of the mapping, and the union's tags are inferred";
        discriminator
            .mapping
            .retain(|value, target| match locate(root, target) {
                Some(found) => {
                    *target = found;
                    true
                }
                None => {
                    let warning = missing_target(root, at.join(value.as_str()), target);
                    diagnostics.push(warning.with_consequence(consequence));
                    false
                }
            });
    }
    schema
}

/// A default or example written as a reference (`default: {$ref: '#/…'}`, a value some
/// exports share between schemas) is documented as the value it points to. One that leads
/// nowhere stays as written.
fn inline_value_references(root: &Value, docs: &mut SchemaDocs) {
    if let Some(default) = &mut docs.default {
        *default = referenced_value(root, default);
    }
    for example in &mut docs.examples {
        *example = referenced_value(root, example);
    }
}

/// The value `value` refers to when it is a local reference and nothing else, through chains
/// of them (at most 64 hops); otherwise `value`.
pub(crate) fn referenced_value(root: &Value, value: &Value) -> Value {
    let mut current = value;
    for _ in 0..64 {
        let target = match current {
            Value::Object(map) if map.len() == 1 => map.field("$ref").and_then(Value::as_str),
            _ => None,
        };
        let Some(target) = target.and_then(|t| t.strip_prefix('#')) else {
            return current.clone();
        };
        let found = Pointer::parse_fragment(target)
            .ok()
            .and_then(|pointer| locate(root, &pointer))
            .and_then(|pointer| pointer.lookup(root));
        match found {
            Some(found) => current = found,
            None => return current.clone(),
        }
    }
    value.clone()
}

/// The pointer of the node `pointer` designates, following references on the way as
/// json-schema-ref-parser does: in `…/items/properties/x` where `items` is a `$ref`, the rest
/// of the path is read in the reference's target. `None` if no node is found within
/// 64 hops.
pub fn locate(root: &Value, pointer: &Pointer) -> Option<Pointer> {
    if unreadable_reason(root, pointer).is_some() {
        return None;
    }
    if pointer.lookup(root).is_some() {
        return Some(pointer.clone());
    }
    let mut hops = 0;
    locate_through(root, pointer, &mut hops).map(|(_, found)| found)
}

fn locate_through<'a>(
    root: &'a Value,
    pointer: &Pointer,
    hops: &mut usize,
) -> Option<(&'a Value, Pointer)> {
    let mut node = root;
    let mut at = Pointer::root();
    for token in pointer.tokens() {
        loop {
            let child = match node {
                Value::Object(map) => map.field(token.as_ref()),
                Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            if let Some(child) = child {
                node = child;
                at = at.join(token.as_ref());
                break;
            }
            let fragment = node.field("$ref")?.as_str()?.strip_prefix('#')?;
            let target = Pointer::parse_fragment(fragment).ok()?;
            *hops += 1;
            if *hops > MAX_REFERENCE_HOPS {
                return None;
            }
            (node, at) = locate_through(root, &target, hops)?;
        }
    }
    Some((node, at))
}

/// The warning for a `$ref` at `at` whose target does not exist: why, when the target is in a
/// file that could not be read.
pub fn missing_target(root: &Value, at: Pointer, target: &Pointer) -> Diagnostic {
    let message = match unreadable_reason(root, target) {
        Some(reason) => format!("cannot follow `$ref`: {reason}"),
        None => format!(
            "`$ref` target `{}` does not exist in the document",
            display_target(target)
        ),
    };
    Diagnostic::warning(at, message)
}

/// Brings the entries of each `properties` map named by a `$ref` key inside `properties` into
/// the schema (its own properties win); such maps may merge further maps in turn.
fn merge_properties(root: &Value, schema: &mut Schema, diagnostics: &mut Vec<Diagnostic>) {
    let mut pending = std::mem::take(&mut schema.merged_properties);
    let mut visited = HashSet::default();
    while let Some(target) = pending.pop() {
        if !visited.insert(target.clone()) {
            continue;
        }
        let at = schema.pointer.join("properties").join("$ref");
        let entries = match locate(root, &target).and_then(|t| t.lookup(root)) {
            // A map of properties: each value a schema (an object or a boolean).
            Some(Value::Object(entries))
                if entries
                    .iter()
                    .all(|(name, v)| name == "$ref" || v.is_object() || v.is_boolean()) =>
            {
                Some(entries)
            }
            _ => None,
        };
        let Some(entries) = entries else {
            diagnostics.push(Diagnostic::warning(
                at,
                format!(
                    "`$ref` inside `properties` must name a map of properties; `{}` is not one, \
                     and no properties are merged from it",
                    display_target(&target)
                ),
            ));
            continue;
        };
        for (name, node) in entries {
            if name == "$ref" {
                match reference_target(node, &target.join("$ref")) {
                    Ok(next) => pending.push(next),
                    Err(unusable) => diagnostics
                        .push(unusable.with_consequence("no properties are merged from it")),
                }
            } else if !schema.properties.contains_key(name) {
                schema
                    .properties
                    .insert(name.clone(), target.join(name.as_str()));
            }
        }
        schema.merged_properties.push(target);
    }
}

/// Follows every reference chain to its end; a chain that comes back on itself is an error
/// naming the whole cycle.
fn concrete_targets(graph: &SchemaGraph) -> Result<HashMap<Pointer, Pointer>, Diagnostic> {
    let mut concrete: HashMap<Pointer, Pointer> = HashMap::default();
    for schema in graph.schemas.values() {
        if schema.reference.is_none() || concrete.contains_key(&schema.pointer) {
            continue;
        }
        let mut chain = vec![schema.pointer.clone()];
        let mut on_chain: HashSet<&Pointer> = [&schema.pointer].into_iter().collect();
        let mut current = &graph.schemas[&schema.pointer];
        let end = loop {
            if let Some(known) = concrete.get(&current.pointer) {
                break known.clone();
            }
            let Some(next) = &current.reference else {
                break current.pointer.clone();
            };
            if !on_chain.insert(next) {
                let start = chain.iter().position(|p| p == next).unwrap_or(0);
                let cycle: Vec<String> = chain[start..]
                    .iter()
                    .chain([next])
                    .map(ToString::to_string)
                    .collect();
                return Err(Diagnostic::error(
                    next.clone(),
                    format!(
                        "reference cycle that never reaches a schema: {}",
                        cycle.join(" → ")
                    ),
                ));
            }
            chain.push(next.clone());
            current = &graph.schemas[next];
        };
        for pointer in chain {
            if pointer != end {
                concrete.insert(pointer, end.clone());
            }
        }
    }
    Ok(concrete)
}

/// Follows `$ref`s on a non-schema object (a parameter, response or request body) to the node
/// it stands for, and that node's pointer. A reference that leads nowhere is a warning at the
/// reference, to be completed with what is left out ([`Diagnostic::with_consequence`]).
pub fn follow_references<'a>(
    root: &'a Value,
    mut node: &'a Value,
    mut pointer: Pointer,
) -> Result<(&'a Value, Pointer), Diagnostic> {
    for _ in 0..MAX_REFERENCE_HOPS {
        let Some(target) = node.field("$ref") else {
            return Ok((node, pointer));
        };
        let at = pointer.join("$ref");
        let target = reference_target(target, &at)?;
        let found = locate(root, &target).ok_or_else(|| missing_target(root, at, &target))?;
        node = found.lookup(root).unwrap_or(&Value::Null);
        pointer = found;
    }
    Err(Diagnostic::warning(
        pointer,
        format!("more than {MAX_REFERENCE_HOPS} `$ref` hops: a reference cycle?"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ptr(text: &str) -> Pointer {
        Pointer::parse_fragment(text).unwrap()
    }

    #[test]
    fn defaults_and_examples_that_are_references_are_the_values_they_point_to() {
        let doc = json!({"components": {"schemas": {
            "a": {"type": "array", "default": [{"w": 1}], "example": {"$ref": "#/components/schemas/b/default"}},
            "b": {"type": "array", "default": {"$ref": "#/components/schemas/a/default"}},
            "c": {"type": "string", "default": {"$ref": "#/nowhere"}, "example": {"$ref": "#/x", "y": 1}}
        }}});
        let (graph, _) = resolve_all(&doc).unwrap();
        let docs = |name: &str| {
            graph
                .get(&ptr(&format!("#/components/schemas/{name}")))
                .docs()
                .clone()
        };
        assert_eq!(docs("b").default, Some(json!([{"w": 1}])));
        // Through a chain of two references.
        assert_eq!(docs("a").examples, [json!([{"w": 1}])]);
        // A reference that leads nowhere, or an object that is more than a reference, stays.
        assert_eq!(docs("c").default, Some(json!({"$ref": "#/nowhere"})));
        assert_eq!(docs("c").examples, [json!({"$ref": "#/x", "y": 1})]);
    }

    #[test]
    fn a_root_given_twice_is_resolved_and_reported_once() {
        // Operations that share a response give its schema once each.
        let doc = json!({"components": {"responses": {"R": {"content": {"application/json": {
            "schema": {"properties": {"a": {"type": "string"}}, "$ref": "#/nowhere"}
        }}}}}});
        let shared = ptr("#/components/responses/R/content/application~1json/schema");
        let mut diagnostics = Vec::new();
        let graph = resolve(&doc, [shared.clone(), shared.clone()], &mut diagnostics).unwrap();
        let reached: Vec<_> = graph.schemas().map(|s| s.pointer.to_string()).collect();
        assert_eq!(
            reached,
            [shared.to_string(), format!("{shared}/properties/a")]
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    }

    #[test]
    fn a_later_batch_goes_on_from_what_earlier_ones_reached() {
        let doc = json!({"components": {"schemas": {
            "a": {"items": {"$ref": "#/components/schemas/b"}},
            "b": {"type": "string"},
            "c": {"items": {"$ref": "#/components/schemas/b"}}
        }}});
        let mut walk = Walk::new(&doc);
        walk.reach([ptr("#/components/schemas/a")], &mut Vec::new());
        assert!(walk.has_reached(&ptr("#/components/schemas/b")));
        assert!(!walk.has_reached(&ptr("#/components/schemas/c")));
        walk.reach(
            [ptr("#/components/schemas/c"), ptr("#/components/schemas/a")],
            &mut Vec::new(),
        );
        let graph = walk.finish().unwrap();
        let reached: Vec<_> = graph.schemas().map(|s| s.pointer.to_string()).collect();
        let (one_walk, _) = resolve_all(&doc).unwrap();
        let in_one_walk: Vec<_> = one_walk.schemas().map(|s| s.pointer.to_string()).collect();
        assert_eq!(reached, in_one_walk);
        assert_eq!(reached.len(), 5);
    }

    fn resolve_all(doc: &Value) -> Result<(SchemaGraph, Vec<Diagnostic>), Diagnostic> {
        let mut diagnostics = Vec::new();
        let roots = doc["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| ptr("#/components/schemas").join(k.as_str()));
        let graph = resolve(doc, roots, &mut diagnostics)?;
        Ok((graph, diagnostics))
    }

    #[test]
    fn deep_references_reach_any_node() {
        let doc = json!({"components": {"schemas": {
            "a": {"properties": {"x": {"type": "integer"}}},
            "b": {"properties": {"y": {"$ref": "#/components/schemas/a/properties/x"}}},
        }}});
        let (graph, _) = resolve_all(&doc).unwrap();
        let y = graph.concrete(&ptr("#/components/schemas/b/properties/y"));
        assert_eq!(y.pointer, ptr("#/components/schemas/a/properties/x"));
    }

    #[test]
    fn dangling_references_are_warnings_naming_the_target() {
        let doc = json!({"components": {"schemas": {
            "a": {"$ref": "#/components/schemas/zz", "description": "kept"},
            "b": {"properties": {"c": {"$ref": "#/components/schemas/a"}}},
        }}});
        let (graph, diagnostics) = resolve_all(&doc).unwrap();
        assert_eq!(diagnostics.len(), 1);
        let warning = &diagnostics[0];
        assert_eq!(warning.pointer, ptr("#/components/schemas/a/$ref"));
        assert!(
            warning.message.contains("#/components/schemas/zz"),
            "{warning}"
        );
        assert!(warning.message.contains("serde_json::Value"), "{warning}");
        let a = graph.get(&ptr("#/components/schemas/a"));
        assert!(a.reference.is_none() && a.types.is_empty());
        assert_eq!(a.docs().description.as_deref(), Some("kept"));
        let c = graph.concrete(&ptr("#/components/schemas/b/properties/c"));
        assert_eq!(c.pointer, ptr("#/components/schemas/a"));
    }

    #[test]
    fn pointers_through_references_reach_the_referenced_node() {
        let doc = json!({
            "paths": {"/x": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
                "properties": {"list": {"items": {"$ref": "#/components/schemas/page"}}}
            }}}}}}}},
            "components": {"schemas": {
                "page": {"allOf": [{"properties": {"data": {"oneOf": [{"type": "string"}]}}}]},
                "u": {
                    "oneOf": [{"$ref": "#/components/schemas/page"}],
                    "discriminator": {"propertyName": "k", "mapping": {
                        "p": "#/paths/~1x/get/responses/200/content/application~1json/schema/properties/list/items/allOf/0/properties/data/oneOf/0",
                        "q": "#/paths/~1x/get/responses/200/content/application~1json/schema/properties/list/items/nowhere"
                    }}
                },
                "v": {"$ref": "#/paths/~1x/get/responses/200/content/application~1json/schema/properties/list/items/allOf/0"}
            }}
        });
        let (graph, diagnostics) = resolve_all(&doc).unwrap();
        let mapping = &graph
            .get(&ptr("#/components/schemas/u"))
            .discriminator
            .as_ref()
            .unwrap()
            .mapping;
        assert_eq!(
            mapping["p"],
            ptr("#/components/schemas/page/allOf/0/properties/data/oneOf/0")
        );
        assert!(!mapping.contains_key("q"));
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(
            diagnostics[0].pointer,
            ptr("#/components/schemas/u/discriminator/mapping/q")
        );
        assert!(diagnostics[0].message.contains("left out of the mapping"));
        let v = graph.concrete(&ptr("#/components/schemas/v"));
        assert_eq!(v.pointer, ptr("#/components/schemas/page/allOf/0"));
        // A pointer that loops through its own reference ends.
        let looped = json!({"a": {"$ref": "#/a/b"}});
        assert_eq!(locate(&looped, &ptr("#/a/b")), None);
    }

    #[test]
    fn reference_cycles_are_errors_not_hangs() {
        let doc = json!({"components": {"schemas": {
            "a": {"$ref": "#/components/schemas/b"},
            "b": {"$ref": "#/components/schemas/a"},
        }}});
        let err = resolve_all(&doc).unwrap_err();
        assert!(err.message.contains("reference cycle"), "{err}");
        assert!(
            err.message
                .contains("#/components/schemas/a → #/components/schemas/b"),
            "{err}"
        );
    }

    #[test]
    fn recursive_schemas_are_fine() {
        let doc = json!({"components": {"schemas": {
            "node": {"properties": {"next": {"$ref": "#/components/schemas/node"}}},
        }}});
        assert!(resolve_all(&doc).is_ok());
    }

    #[test]
    fn property_merges_bring_entries_in() {
        let doc = json!({"components": {"schemas": {
            "info": {"properties": {"cid": {"type": "string"}, "url": {"type": "string"}}},
            "storage": {"properties": {"$ref": "#/components/schemas/info/properties", "url": {"type": "integer"}}},
            "bad": {"properties": {"$ref": "#/components/schemas/info/properties/cid"}},
        }}});
        let (graph, diagnostics) = resolve_all(&doc).unwrap();
        let storage = graph.get(&ptr("#/components/schemas/storage"));
        let names: Vec<_> = storage.properties.keys().collect();
        assert_eq!(names, ["url", "cid"]);
        assert_eq!(
            storage.properties["url"],
            ptr("#/components/schemas/storage/properties/url")
        );
        // Nothing is lost in the merge: only the map that is not one is a warning.
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(
            diagnostics[0].pointer,
            ptr("#/components/schemas/bad/properties/$ref")
        );
        assert!(
            diagnostics[0]
                .message
                .contains("must name a map of properties")
        );
    }

    #[test]
    fn non_schema_references_are_followed() {
        let doc = json!({"components": {"responses": {"a": {"$ref": "#/components/responses/b"}, "b": {"description": "x"}}}});
        let (node, at) = follow_references(
            &doc,
            &doc["components"]["responses"]["a"],
            ptr("#/components/responses/a"),
        )
        .unwrap();
        assert_eq!(node["description"], "x");
        assert_eq!(at, ptr("#/components/responses/b"));
        let looped = json!({"r": {"$ref": "#/r"}});
        assert!(follow_references(&looped, &looped["r"], ptr("#/r")).is_err());
        let through =
            json!({"a": {"$ref": "#/b"}, "b": {"c": {"description": "y"}}, "r": {"$ref": "#/a/c"}});
        let (node, at) = follow_references(&through, &through["r"], ptr("#/r")).unwrap();
        assert_eq!(
            (node["description"].as_str(), at),
            (Some("y"), ptr("#/b/c"))
        );
    }
}
