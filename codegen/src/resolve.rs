//! Resolve: every schema reachable from the roots, normalized once, with each `$ref` checked to
//! point at an existing node of the document and reference chains checked for cycles.

use crate::hashing::{HashMap, HashSet, IndexMap};
use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::normalize::{Schema, normalize, reference_target};
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
}

/// Normalizes every schema reachable from `roots`.
pub fn resolve(
    root: &Value,
    roots: impl IntoIterator<Item = Pointer>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<SchemaGraph, Diagnostic> {
    let mut graph = SchemaGraph::default();
    // Each pointer to visit, with the node it was reached from: most subschemas are a token or
    // two below it, so they are found from there rather than from the root.
    let mut queue: Vec<(Pointer, Option<(Pointer, &Value)>)> =
        roots.into_iter().map(|pointer| (pointer, None)).collect();
    queue.reverse();
    let mut seen: HashSet<Pointer> = queue.iter().map(|(pointer, _)| pointer.clone()).collect();
    while let Some((pointer, parent)) = queue.pop() {
        let node = match &parent {
            Some((base, base_node)) => pointer.lookup_from(root, base, base_node),
            None => pointer.lookup(root),
        };
        let Some(node) = node else {
            return Err(Diagnostic::error(
                pointer.clone(),
                "no schema at this location",
            ));
        };
        let mut schema = normalize(node, &pointer, diagnostics)?;
        merge_properties(root, &mut schema, diagnostics)?;
        if let Some(target) = &schema.reference {
            if target.lookup(root).is_none() {
                return Err(Diagnostic::error(
                    pointer.join("$ref"),
                    format!("`$ref` target `{target}` does not exist in the document"),
                ));
            }
        }
        let mut children = schema.subschemas();
        children.reverse();
        for child in children {
            if seen.insert(child.clone()) {
                queue.push((child, Some((pointer.clone(), node))));
            }
        }
        graph.schemas.insert(pointer, Box::new(schema));
    }
    graph.concrete = concrete_targets(&graph)?;
    Ok(graph)
}

/// Brings the entries of each `properties` map named by a `$ref` key inside `properties` into
/// the schema (its own properties win); such maps may merge further maps in turn.
fn merge_properties(
    root: &Value,
    schema: &mut Schema,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Diagnostic> {
    let mut pending = std::mem::take(&mut schema.merged_properties);
    let mut visited = HashSet::default();
    while let Some(target) = pending.pop() {
        if !visited.insert(target.clone()) {
            continue;
        }
        let at = schema.pointer.join("properties").join("$ref");
        let Some(Value::Object(entries)) = target.lookup(root) else {
            return Err(Diagnostic::error(
                at,
                format!(
                    "`$ref` inside `properties` must name a map of properties; `{target}` is not one"
                ),
            ));
        };
        diagnostics.push(Diagnostic::warning(
            at.clone(),
            format!(
                "non-standard `$ref` inside `properties`: merging the properties of `{target}` \
                 (json-schema-ref-parser's reading)"
            ),
        ));
        for (name, node) in entries {
            if name == "$ref" {
                pending.push(reference_target(node, &target.join("$ref"))?);
            } else if !schema.properties.contains_key(name) {
                schema
                    .properties
                    .insert(name.clone(), target.join(name.as_str()));
            }
        }
        schema.merged_properties.push(target);
    }
    Ok(())
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
/// it stands for, and that node's pointer.
pub fn follow_references<'a>(
    root: &'a Value,
    mut node: &'a Value,
    mut pointer: Pointer,
) -> Result<(&'a Value, Pointer), Diagnostic> {
    for _ in 0..MAX_REFERENCE_HOPS {
        let Some(target) = node.get("$ref") else {
            return Ok((node, pointer));
        };
        let at = pointer.join("$ref");
        let target = reference_target(target, &at)?;
        node = target.lookup(root).ok_or_else(|| {
            Diagnostic::error(
                at,
                format!("`$ref` target `{target}` does not exist in the document"),
            )
        })?;
        pointer = target;
    }
    Err(Diagnostic::error(
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
    fn dangling_references_are_errors_naming_the_target() {
        let doc = json!({"components": {"schemas": {"a": {"$ref": "#/components/schemas/zz"}}}});
        let err = resolve_all(&doc).unwrap_err();
        assert_eq!(err.pointer, ptr("#/components/schemas/a/$ref"));
        assert!(err.message.contains("#/components/schemas/zz"), "{err}");
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
        }}});
        let (graph, diagnostics) = resolve_all(&doc).unwrap();
        let storage = graph.get(&ptr("#/components/schemas/storage"));
        let names: Vec<_> = storage.properties.keys().collect();
        assert_eq!(names, ["url", "cid"]);
        assert_eq!(
            storage.properties["url"],
            ptr("#/components/schemas/storage/properties/url")
        );
        assert!(diagnostics[0].message.contains("non-standard"));
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
    }
}
