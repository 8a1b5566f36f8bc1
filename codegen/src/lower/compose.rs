//! `allOf`: what an object's branches add up to, to any depth.
//!
//! The rules (README, "How schemas become types"):
//! - A branch that only annotates or validates (`description`, `example`, `readOnly`,
//!   `maxLength`…: nothing that changes the Rust type) adds nothing to type; its `nullable`
//!   makes the whole nullable.
//! - The properties of every other branch are merged, branches before the schema's own, and a
//!   branch's own `allOf` is merged the same way, to any depth. A property declared twice keeps
//!   the more specific declaration (a `$ref`, an `enum`, an object over a bare `type`), the later
//!   one among equals; it is a warning only when the two admit different JSON types.
//! - A branch, or the schema itself, that is also a `oneOf`/`anyOf` (whose branches add more
//!   than `required`) is a union that the object is also one of: it becomes a flattened field,
//!   so that no property the spec states is lost.

use crate::diagnostics::Diagnostic;
use crate::hashing::HashSet;
use crate::normalize::{AdditionalProperties, InstanceType, Schema};
use crate::pointer::Pointer;
use crate::resolve::SchemaGraph;

/// How deep `allOf` branches within branches are followed.
const MAX_DEPTH: usize = 64;

/// The object an `allOf` describes.
#[derive(Debug, Default)]
pub(crate) struct Composition {
    /// Each property's name and declaration, in spec order, branches first.
    pub(crate) properties: Vec<(String, Pointer)>,
    pub(crate) required: HashSet<String>,
    /// The unions the object is also one of, in spec order.
    pub(crate) unions: Vec<UnionPart>,
}

/// A `oneOf`/`anyOf` that an object is also one of.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct UnionPart {
    /// The schema holding the `oneOf`/`anyOf`.
    pub(crate) schema: Pointer,
    /// How it was reached: a reference names the union after its target.
    pub(crate) via: Pointer,
    /// It holds nothing but the union (no properties, no `allOf`): it is typed as it stands;
    /// otherwise its properties are merged and the union is defined from its branches alone.
    pub(crate) alone: bool,
}

/// Whether a schema changes the Rust type of what it describes: a reference, a type, properties,
/// items, values, a composition. One that does not only annotates or validates.
pub(crate) fn adds_type(schema: &Schema) -> bool {
    schema.reference.is_some()
        || !schema.types.is_empty()
        || adds_members(schema)
        || schema.enum_values.is_some()
        || !schema.all_of.is_empty()
        || !schema.one_of.is_empty()
        || !schema.any_of.is_empty()
        || !schema.required.is_empty()
}

/// Whether a schema declares members: properties, items or a schema for other keys.
fn adds_members(schema: &Schema) -> bool {
    !schema.properties.is_empty()
        || !schema.merged_properties.is_empty()
        || schema.has_unknown_properties
        || !schema.pattern_properties.is_empty()
        || schema.items.is_some()
        || !schema.prefix_items.is_empty()
        || !matches!(
            schema.additional_properties,
            AdditionalProperties::Unspecified
        )
}

/// The `allOf` branches that add to the type.
pub(crate) fn typed_branches(graph: &SchemaGraph, schema: &Schema) -> Vec<Pointer> {
    schema
        .all_of
        .iter()
        .filter(|branch| adds_type(graph.get(branch)))
        .cloned()
        .collect()
}

/// Whether an annotation-only `allOf` branch makes the schema nullable
/// (`allOf: [$ref, {nullable: true}]`).
pub(crate) fn nullable_by_branch(graph: &SchemaGraph, schema: &Schema) -> bool {
    schema.all_of.iter().any(|branch| {
        let branch = graph.get(branch);
        branch.nullable && !adds_type(branch)
    })
}

/// The `oneOf` or `anyOf` branches of a schema, if they say more than which properties are
/// required: a union worth a type.
pub(crate) fn union_branches(graph: &SchemaGraph, schema: &Schema) -> Option<Vec<Pointer>> {
    let branches = if schema.one_of.is_empty() {
        &schema.any_of
    } else {
        &schema.one_of
    };
    let constrains_only = |branch: &Pointer| {
        let target = graph.get(branch);
        target.reference.is_none()
            && !adds_members(target)
            && matches!(target.types.as_slice(), [] | [InstanceType::Object])
            && target.enum_values.is_none()
            && target.all_of.is_empty()
            && target.one_of.is_empty()
            && target.any_of.is_empty()
    };
    (!branches.is_empty() && !branches.iter().all(constrains_only)).then(|| branches.clone())
}

/// Merges the properties of the object at `pointer` with those of its `allOf` branches, to any
/// depth; conflicting declarations are warnings.
pub(crate) fn compose(
    graph: &SchemaGraph,
    pointer: &Pointer,
    diagnostics: &mut Vec<Diagnostic>,
) -> Composition {
    let mut composition = Composition::default();
    let mut visited = HashSet::default();
    let schema = graph.get(pointer);
    collect(
        graph,
        schema,
        pointer,
        true,
        0,
        &mut visited,
        &mut composition,
        diagnostics,
    );
    // A union whose branches only narrow properties the object declares (`status` to one
    // value in each) states nothing more than the object's fields.
    let declared: HashSet<&str> = composition
        .properties
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    let adds_properties = |part: &UnionPart| {
        union_branches(graph, graph.get(&part.schema))
            .unwrap_or_default()
            .iter()
            .any(|branch| {
                let target = graph.concrete(branch);
                !is_object(graph, target)
                    || property_names(graph, target)
                        .iter()
                        .any(|name| !declared.contains(name.as_str()))
            })
    };
    let unions = std::mem::take(&mut composition.unions);
    composition.unions = unions.into_iter().filter(adds_properties).collect();
    composition
}

#[allow(clippy::too_many_arguments)]
fn collect(
    graph: &SchemaGraph,
    schema: &Schema,
    via: &Pointer,
    own: bool,
    depth: usize,
    visited: &mut HashSet<Pointer>,
    out: &mut Composition,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if depth > MAX_DEPTH || !visited.insert(schema.pointer.clone()) {
        return;
    }
    for branch in typed_branches(graph, schema) {
        let target = graph.concrete(&branch);
        collect(
            graph,
            target,
            &branch,
            false,
            depth + 1,
            visited,
            out,
            diagnostics,
        );
    }
    for (name, declaration) in &schema.properties {
        add_property(graph, out, name, declaration, diagnostics);
    }
    out.required.extend(schema.required.iter().cloned());
    if union_branches(graph, schema).is_some() {
        let alone = !own && schema.properties.is_empty() && schema.all_of.is_empty();
        out.unions.push(UnionPart {
            schema: schema.pointer.clone(),
            via: via.clone(),
            alone,
        });
    }
}

fn add_property(
    graph: &SchemaGraph,
    out: &mut Composition,
    name: &str,
    declaration: &Pointer,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(slot) = out
        .properties
        .iter_mut()
        .find(|(existing, _)| existing == name)
    else {
        out.properties.push((name.to_owned(), declaration.clone()));
        return;
    };
    let earlier = graph.concrete(&slot.1);
    let later = graph.concrete(declaration);
    if earlier.pointer == later.pointer {
        return;
    }
    if !types_agree(&earlier.types, &later.types) {
        diagnostics.push(Diagnostic::warning(
            declaration.clone(),
            format!(
                "`allOf` declares property `{name}` twice, with different types: at `{}` and \
                 here; this later declaration is used",
                slot.1
            ),
        ));
        slot.1 = declaration.clone();
    } else if specificity(graph.get(declaration), later) >= specificity(graph.get(&slot.1), earlier)
    {
        slot.1 = declaration.clone();
    }
}

/// Whether two lists of admitted types share a value: an empty list admits any, and every
/// integer is a number.
fn types_agree(a: &[InstanceType], b: &[InstanceType]) -> bool {
    let widen = |t: &InstanceType| match t {
        InstanceType::Integer => InstanceType::Number,
        other => *other,
    };
    a.is_empty() || b.is_empty() || a.iter().any(|x| b.iter().any(|y| widen(x) == widen(y)))
}

/// How much a declaration says of its type: a reference or a shaped type (values, members,
/// composition) over a bare type over nothing.
fn specificity(declaration: &Schema, target: &Schema) -> u8 {
    if declaration.reference.is_some()
        || target.enum_values.is_some()
        || adds_members(target)
        || !target.one_of.is_empty()
        || !target.any_of.is_empty()
        || !target.all_of.is_empty()
    {
        2
    } else if !target.types.is_empty() {
        1
    } else {
        0
    }
}

/// The declaration of property `name` in an object or any of its `allOf` branches (the last
/// one that declares it).
pub(crate) fn find_property(graph: &SchemaGraph, schema: &Schema, name: &str) -> Option<Pointer> {
    let mut found = None;
    walk(graph, schema, 0, &mut HashSet::default(), &mut |s| {
        if let Some(at) = s.properties.get(name) {
            found = Some(at.clone());
        }
    });
    found
}

/// The names of an object's properties and its `allOf` branches', in spec order.
pub(crate) fn property_names(graph: &SchemaGraph, schema: &Schema) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    walk(graph, schema, 0, &mut HashSet::default(), &mut |s| {
        for name in s.properties.keys() {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    });
    names
}

/// Whether a schema describes an object: `type: object`, or no type and an `allOf` with an
/// object among its branches.
pub(crate) fn is_object(graph: &SchemaGraph, schema: &Schema) -> bool {
    match schema.types.as_slice() {
        [InstanceType::Object] => true,
        [] => {
            let branches = typed_branches(graph, schema);
            !branches.is_empty()
                && branches
                    .iter()
                    .any(|b| is_object_shallow(graph.concrete(b)))
        }
        _ => false,
    }
}

fn is_object_shallow(schema: &Schema) -> bool {
    schema.types == [InstanceType::Object] || !schema.all_of.is_empty()
}

/// Calls `visit` on each `allOf` branch (depth first, in order), then on the schema.
fn walk(
    graph: &SchemaGraph,
    schema: &Schema,
    depth: usize,
    visited: &mut HashSet<Pointer>,
    visit: &mut impl FnMut(&Schema),
) {
    if depth > MAX_DEPTH || !visited.insert(schema.pointer.clone()) {
        return;
    }
    for branch in typed_branches(graph, schema) {
        walk(graph, graph.concrete(&branch), depth + 1, visited, visit);
    }
    visit(schema);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::resolve;
    use serde_json::{Value, json};

    fn graph(doc: &Value) -> SchemaGraph {
        let roots = doc["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| schema_pointer(k))
            .collect::<Vec<_>>();
        resolve(doc, roots, &mut Vec::new()).unwrap()
    }

    fn schema_pointer(name: &str) -> Pointer {
        Pointer::root()
            .join("components")
            .join("schemas")
            .join(name)
    }

    fn names(composition: &Composition) -> Vec<&str> {
        composition
            .properties
            .iter()
            .map(|(n, _)| n.as_str())
            .collect()
    }

    #[test]
    fn nested_all_of_merges_to_any_depth() {
        let doc = json!({"components": {"schemas": {
            "a": {"properties": {"a": {"type": "string"}}, "required": ["a"]},
            "b": {"allOf": [{"$ref": "#/components/schemas/a"}, {"properties": {"b": {}}}]},
            "c": {"allOf": [{"allOf": [{"$ref": "#/components/schemas/b"}]}, {"description": "d"}],
                  "properties": {"c": {}}},
        }}});
        let graph = graph(&doc);
        let mut diagnostics = Vec::new();
        let c = compose(&graph, &schema_pointer("c"), &mut diagnostics);
        assert_eq!(names(&c), ["a", "b", "c"]);
        assert!(c.required.contains("a"));
        assert!(c.unions.is_empty());
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn unions_inside_all_of_are_parts_of_the_object() {
        let doc = json!({"components": {"schemas": {
            "pet": {"oneOf": [{"properties": {"bark": {}}}, {"properties": {"purr": {}}}]},
            "owned": {"allOf": [
                {"$ref": "#/components/schemas/pet"},
                {"properties": {"owner": {}}, "anyOf": [{"properties": {"x": {}}}, {"properties": {"y": {}}}]},
            ]},
            "constrained": {"properties": {"a": {}, "b": {}}, "oneOf": [{"required": ["a"]}, {"required": ["b"]}]},
            "narrowed": {"properties": {"s": {"type": "string"}}, "oneOf": [
                {"properties": {"s": {"enum": ["x"]}}}, {"properties": {"s": {"enum": ["y"]}}}
            ]},
        }}});
        let graph = graph(&doc);
        let owned = compose(&graph, &schema_pointer("owned"), &mut Vec::new());
        assert_eq!(names(&owned), ["owner"]);
        let parts: Vec<(String, bool)> = owned
            .unions
            .iter()
            .map(|p| (p.via.to_string(), p.alone))
            .collect();
        assert_eq!(
            parts,
            [
                ("#/components/schemas/owned/allOf/0".to_owned(), true),
                ("#/components/schemas/owned/allOf/1".to_owned(), false),
            ]
        );
        let constrained = compose(&graph, &schema_pointer("constrained"), &mut Vec::new());
        assert!(constrained.unions.is_empty());
        let narrowed = compose(&graph, &schema_pointer("narrowed"), &mut Vec::new());
        assert!(narrowed.unions.is_empty());
    }

    #[test]
    fn conflicts_warn_only_when_types_disagree() {
        let doc = json!({"components": {"schemas": {
            "base": {"properties": {
                "kind": {"type": "string", "enum": ["a", "b"]},
                "count": {"type": "number"},
                "id": {"type": "string"}
            }},
            "derived": {"allOf": [{"$ref": "#/components/schemas/base"}], "properties": {
                "kind": {"type": "string", "description": "narrower docs"},
                "count": {"type": "integer", "maximum": 3},
                "id": {"type": "integer"}
            }},
        }}});
        let graph = graph(&doc);
        let mut diagnostics = Vec::new();
        let derived = compose(&graph, &schema_pointer("derived"), &mut diagnostics);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(
            diagnostics[0]
                .message
                .contains("`id` twice, with different types")
        );
        let declaration = |name: &str| {
            derived
                .properties
                .iter()
                .find(|(n, _)| n == name)
                .unwrap()
                .1
                .to_string()
        };
        // The enum says more than a bare string; the integer as much as the number, and later.
        assert_eq!(
            declaration("kind"),
            "#/components/schemas/base/properties/kind"
        );
        assert_eq!(
            declaration("count"),
            "#/components/schemas/derived/properties/count"
        );
    }

    #[test]
    fn annotation_branches_add_no_type() {
        let doc = json!({"components": {"schemas": {
            "a": {"type": "string"},
            "b": {"allOf": [{"$ref": "#/components/schemas/a"}, {"description": "x", "nullable": true, "maxLength": 3}]},
        }}});
        let graph = graph(&doc);
        let b = graph.get(&schema_pointer("b"));
        assert_eq!(typed_branches(&graph, b).len(), 1);
        assert!(nullable_by_branch(&graph, b));
    }
}
