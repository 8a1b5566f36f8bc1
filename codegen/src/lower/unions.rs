//! `oneOf`/`anyOf` with several branches: how the JSON tells the branches apart, and the enum
//! that follows from it.
//!
//! In order of preference:
//! - internally tagged: every branch is an object with the same property pinned to distinct
//!   string values (an explicit `discriminator`, or a one-value `enum`/`const` per branch; a
//!   branch may own several values, and gets one variant per value);
//! - externally tagged: every branch is an object with a single required property, each named
//!   differently;
//! - untagged: the first branch that fits the value.

use crate::hashing::HashSet;
use std::cmp::Reverse;

use crate::ir::{JsonScalar, Tagging, TypeDef, TypeId, TypeKind, TypeRef, Union, UnionVariant};
use crate::lower::compose;
use crate::lower::scalars::scalar_type;
use crate::naming::{Scope, type_name, variant_name};
use crate::normalize::{AdditionalProperties, InstanceType, Schema};
use crate::pointer::Pointer;
use crate::resolve::SchemaGraph;

/// What lowering a union asks of the type lowerer (`types.rs`), which hands it the `oneOf` and
/// `anyOf` it meets: the branches are lowered through it, and the union fills the slot it
/// reserved.
pub(crate) trait Lowerer<'g> {
    fn graph(&self) -> &'g SchemaGraph;
    fn type_name(&self, id: TypeId) -> &str;
    fn type_of(&mut self, pointer: &Pointer, hint: &str) -> TypeRef;
    fn define_struct(
        &mut self,
        pointer: &Pointer,
        hint: &str,
        exclude: Option<&str>,
        slot: Option<TypeId>,
    ) -> TypeId;
    fn array(&mut self, schema: &Schema, hint: &str) -> TypeRef;
    fn map(&mut self, schema: &Schema, hint: &str) -> TypeRef;
    /// Fills slot `id` with the union, documented as the schema at `pointer` is.
    fn fill_union(&mut self, id: TypeId, pointer: &Pointer, union: Union);
}

/// Fills slot `id` with the union of `branches`, the schema at `pointer`'s `oneOf` or `anyOf`.
pub(crate) fn define<'g>(
    lowerer: &mut impl Lowerer<'g>,
    id: TypeId,
    pointer: &Pointer,
    branches: &[Pointer],
) -> TypeId {
    let name = lowerer.type_name(id).to_owned();
    let graph = lowerer.graph();
    let schema = graph.get(pointer);
    let targets: Vec<&Schema> = branches.iter().map(|b| graph.concrete(b)).collect();
    let mut scope = Scope::default();
    let mut variants = Vec::new();
    let tagging = if let Some((tag, values)) = internal_tag(graph, schema, branches, &targets) {
        for ((target, values), branch) in targets.iter().zip(values).zip(branches) {
            let hint = format!("{name}{}", type_name(&values[0]));
            let payload = lowerer.define_struct(&target.pointer, &hint, Some(&tag), None);
            for value in values {
                variants.push(UnionVariant {
                    name: scope.claim(variant_name(&value)),
                    wire_name: Some(value),
                    payload: TypeRef::Named(payload),
                    source: branch.clone(),
                });
            }
        }
        Tagging::Internal { tag }
    } else if let Some(properties) = external_tags(&targets) {
        for ((target, property), branch) in targets.iter().zip(properties).zip(branches) {
            let hint = format!("{name}{}", type_name(&property));
            let payload = lowerer.type_of(&target.properties[&property], &hint);
            variants.push(UnionVariant {
                name: scope.claim(variant_name(&property)),
                wire_name: Some(property),
                payload,
                source: branch.clone(),
            });
        }
        Tagging::External
    } else {
        let objects = targets.iter().filter(|t| is_object(t)).count();
        for (branch, target) in branches.iter().zip(&targets) {
            let label = match graph.get(branch).reference {
                Some(_) => match lowerer.type_of(branch, "") {
                    TypeRef::Named(id) => lowerer.type_name(id).to_owned(),
                    _ => shape_label(target).to_owned(),
                },
                None if objects > 1 && is_object(target) => object_label(target),
                None => shape_label(target).to_owned(),
            };
            let variant = scope.claim(variant_name(&label));
            let payload = lowerer.type_of(branch, &format!("{name}{variant}"));
            variants.push(UnionVariant {
                name: variant,
                wire_name: None,
                payload,
                source: branch.clone(),
            });
        }
        Tagging::Untagged
    };
    let unknown_variant = (tagging != Tagging::Untagged).then(|| scope.claim("Unknown".to_owned()));
    lowerer.fill_union(
        id,
        pointer,
        Union {
            tagging,
            variants,
            unknown_variant,
        },
    );
    id
}

/// Fills slot `id` with an untagged union of the several types one schema admits
/// (`type: [string, integer]`), one variant per type.
pub(crate) fn define_by_type<'g>(
    lowerer: &mut impl Lowerer<'g>,
    id: TypeId,
    pointer: &Pointer,
    types: &[InstanceType],
) -> TypeId {
    let name = lowerer.type_name(id).to_owned();
    let schema = lowerer.graph().get(pointer);
    let mut scope = Scope::default();
    let variants = types
        .iter()
        .map(|ty| {
            let variant = scope.claim(variant_name(type_label(*ty)));
            let hint = format!("{name}{variant}");
            let payload = match ty {
                InstanceType::String
                | InstanceType::Integer
                | InstanceType::Number
                | InstanceType::Boolean => scalar_type(*ty, schema.format.as_deref()),
                InstanceType::Array => lowerer.array(schema, &hint),
                InstanceType::Object if !schema.properties.is_empty() => {
                    TypeRef::Named(lowerer.define_struct(pointer, &hint, None, None))
                }
                InstanceType::Object => lowerer.map(schema, &hint),
            };
            UnionVariant {
                name: variant,
                wire_name: None,
                payload,
                source: pointer.clone(),
            }
        })
        .collect();
    lowerer.fill_union(
        id,
        pointer,
        Union {
            tagging: Tagging::Untagged,
            variants,
            unknown_variant: None,
        },
    );
    id
}

fn type_label(ty: InstanceType) -> &'static str {
    match ty {
        InstanceType::String => "String",
        InstanceType::Integer => "Integer",
        InstanceType::Number => "Number",
        InstanceType::Boolean => "Boolean",
        InstanceType::Array => "Array",
        InstanceType::Object => "Object",
    }
}

/// The tag property and each branch's tag values, if every branch pins the same property to
/// values no other branch uses.
fn internal_tag(
    graph: &SchemaGraph,
    schema: &Schema,
    branches: &[Pointer],
    targets: &[&Schema],
) -> Option<(String, Vec<Vec<String>>)> {
    if !targets.iter().all(|t| compose::is_object(graph, t)) {
        return None;
    }
    let candidates: Vec<String> = match &schema.discriminator {
        Some(discriminator) => vec![discriminator.property_name.clone()],
        None => compose::property_names(graph, targets.first()?),
    };
    candidates.into_iter().find_map(|tag| {
        let mut seen = HashSet::default();
        let mut all = Vec::new();
        for (branch, target) in branches.iter().zip(targets) {
            let values = branch_tag_values(graph, schema, &tag, branch, target)?;
            if values.is_empty() || !values.iter().all(|v| seen.insert(v.clone())) {
                return None;
            }
            all.push(values);
        }
        Some((tag.clone(), all))
    })
}

/// The values of `tag` that select this branch: from the discriminator's mapping, else the
/// property's own `enum`/`const`, else (with a discriminator) the referenced component's name.
fn branch_tag_values(
    graph: &SchemaGraph,
    schema: &Schema,
    tag: &str,
    branch: &Pointer,
    target: &Schema,
) -> Option<Vec<String>> {
    let property = &compose::find_property(graph, target, tag)?;
    if let Some(discriminator) = &schema.discriminator {
        let mapped: Vec<String> = discriminator
            .mapping
            .iter()
            .filter(|(_, to)| **to == target.pointer || *to == branch)
            .map(|(value, _)| value.clone())
            .collect();
        if !mapped.is_empty() {
            return Some(mapped);
        }
    }
    if let Some(values) = &graph.concrete(property).enum_values {
        let strings: Vec<String> = values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        if !strings.is_empty() && strings.len() == values.len() {
            return Some(strings);
        }
    }
    let tokens: Vec<_> = target.pointer.tokens().collect();
    let is_component = matches!(&tokens[..], [c, s, _] if c == "components" && s == "schemas");
    if schema.discriminator.is_some() && is_component {
        return target.pointer.last().map(|name| vec![name.into_owned()]);
    }
    None
}

/// The one-property objects' property names, if every branch is one and the names differ.
fn external_tags(targets: &[&Schema]) -> Option<Vec<String>> {
    let mut seen = HashSet::default();
    targets
        .iter()
        .map(|target| {
            let single = is_object(target)
                && target.properties.len() == 1
                && !target.has_unknown_properties
                && matches!(
                    target.additional_properties,
                    AdditionalProperties::Forbidden | AdditionalProperties::Unspecified
                );
            let (name, _) = target.properties.first().filter(|_| single)?;
            (target.required.contains(name) && seen.insert(name.clone())).then(|| name.clone())
        })
        .collect()
}

fn is_object(schema: &Schema) -> bool {
    schema.types == [InstanceType::Object]
}

/// A variant name for one of several object branches: its first required property, which
/// is what sets it apart (`{jwt}` | `{apiKey, apiSecret}` → `Jwt` | `ApiKey`).
fn object_label(schema: &Schema) -> String {
    schema
        .required
        .iter()
        .find(|name| schema.properties.contains_key(*name))
        .or_else(|| schema.properties.keys().next())
        .cloned()
        .unwrap_or_else(|| "Object".to_owned())
}

/// A variant name for an untagged branch, from what the branch is.
fn shape_label(schema: &Schema) -> &'static str {
    match schema.types.as_slice() {
        [only] => type_label(*only),
        _ => "Value",
    }
}

/// Orders each untagged union's variants so that the most specific is tried first: serde takes
/// the first variant that fits, and an object whose fields are all optional fits any object.
/// Objects with more required fields (then more fields) come first, integers before numbers,
/// strings and `Value` last. The order among equals stays the spec's.
pub(crate) fn order_untagged_variants(types: &mut [TypeDef]) {
    let ranks: Vec<Vec<Specificity>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Union(u) if u.tagging == Tagging::Untagged => u
                .variants
                .iter()
                .map(|v| specificity(types, &v.payload, 0))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for (def, ranks) in types.iter_mut().zip(ranks) {
        if let TypeKind::Union(u) = &mut def.kind {
            if u.tagging == Tagging::Untagged {
                let mut ranked: Vec<_> = ranks.into_iter().zip(u.variants.drain(..)).collect();
                ranked.sort_by_key(|(rank, _)| *rank);
                u.variants = ranked.into_iter().map(|(_, v)| v).collect();
            }
        }
    }
}

/// How far chains of aliases (a one-branch union of a one-branch union…) are followed.
const MAX_ALIAS_DEPTH: usize = 64;

/// Sorts most specific first: a kind of value, then more required fields, then more fields.
type Specificity = (u8, Reverse<usize>, Reverse<usize>);

fn specificity(types: &[TypeDef], ty: &TypeRef, depth: usize) -> Specificity {
    let none = (Reverse(0), Reverse(0));
    if depth > MAX_ALIAS_DEPTH {
        return (7, none.0, none.1);
    }
    match ty {
        TypeRef::Box(inner) | TypeRef::Option(inner) | TypeRef::Nullable(inner) => {
            specificity(types, inner, depth + 1)
        }
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Struct(s) => {
                let required = s.fields.iter().filter(|f| !f.optional).count();
                (0, Reverse(required), Reverse(s.fields.len()))
            }
            TypeKind::Union(_) => (1, none.0, none.1),
            TypeKind::Enum(_) | TypeKind::Const(_) => (5, none.0, none.1),
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => {
                specificity(types, inner, depth + 1)
            }
        },
        TypeRef::Vec(_) | TypeRef::Tuple(_) => (2, none.0, none.1),
        TypeRef::Map(_) | TypeRef::JsonObject => (3, none.0, none.1),
        TypeRef::Scalar(scalar) => match scalar.facts().json {
            // Integers before numbers: `1` fits both.
            JsonScalar::Boolean | JsonScalar::Signed | JsonScalar::Unsigned => (4, none.0, none.1),
            JsonScalar::Number | JsonScalar::SingleNumber => (5, none.0, none.1),
            // A decimal's text before any text.
            JsonScalar::DecimalText => (6, none.0, none.1),
            JsonScalar::Text => (7, none.0, none.1),
        },
        TypeRef::Value => (8, none.0, none.1),
    }
}

#[cfg(test)]
mod tests {
    /// The printed union `name` of a spec with these `components/schemas`.
    fn union(schemas: &str, name: &str) -> String {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let (ir, _) = crate::lower_to_ir(&spec, &crate::Options::default()).unwrap();
        let text = ir.to_string();
        let start = text
            .find(&format!("union {name},"))
            .unwrap_or_else(|| panic!("no union {name} in {text}"));
        text[start..]
            .lines()
            .enumerate()
            .take_while(|(i, line)| *i == 0 || line.starts_with("  "))
            .map(|(_, line)| line)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_union_by_type_takes_each_type_s_format_as_a_property_does() {
        let text = union(
            "    count:\n      type: [integer, string]\n      format: uint64\n",
            "Count",
        );
        assert!(text.contains("Integer: u64"), "{text}");
        assert!(text.contains("String: String"), "{text}");
        let text = union(
            "    ratio:\n      type: [number, boolean]\n      format: float\n",
            "Ratio",
        );
        assert!(text.contains("Number: f32"), "{text}");
    }

    #[test]
    fn a_property_pinned_per_branch_tags_internally() {
        assert_eq!(
            union(
                "    shape:\n      oneOf:\n        - {type: object, required: [kind], properties: {kind: {type: string, enum: [circle]}, r: {type: number}}}\n        - {type: object, required: [kind], properties: {kind: {const: square}, side: {type: number}}}\n",
                "Shape"
            ),
            "union Shape, tagged by \"kind\" (#/components/schemas/shape)\n  \
               Circle = \"circle\": ShapeCircle\n  \
               Square = \"square\": ShapeSquare\n  \
               Unknown(other values)"
        );
    }

    #[test]
    fn a_discriminator_maps_values_to_branches() {
        assert_eq!(
            union(
                "    pet:\n      oneOf: [{$ref: '#/components/schemas/cat'}, {$ref: '#/components/schemas/dog'}]\n      discriminator: {propertyName: kind, mapping: {kitty: '#/components/schemas/cat', puss: '#/components/schemas/cat'}}\n    cat: {type: object, properties: {kind: {type: string}}}\n    dog: {type: object, properties: {kind: {type: string}}}\n",
                "Pet"
            ),
            "union Pet, tagged by \"kind\" (#/components/schemas/pet)\n  \
               Kitty = \"kitty\": PetKitty\n  \
               Puss = \"puss\": PetKitty\n  \
               Dog = \"dog\": PetDog\n  \
               Unknown(other values)"
        );
    }

    #[test]
    fn one_required_property_per_branch_tags_externally() {
        assert_eq!(
            union(
                "    source:\n      oneOf:\n        - {type: object, required: [url], properties: {url: {type: string}}}\n        - {type: object, required: [file], properties: {file: {type: object, properties: {id: {type: string}}}}}\n",
                "Source"
            ),
            "union Source, externally tagged (#/components/schemas/source)\n  \
               Url = \"url\": String\n  \
               File = \"file\": SourceFile\n  \
               Unknown(other values)"
        );
    }

    #[test]
    fn untagged_variants_are_tried_most_specific_first() {
        assert_eq!(
            union(
                "    loose:\n      anyOf:\n        - {type: string}\n        - {type: number}\n        - {type: integer}\n        - {type: object, properties: {a: {type: string}}}\n        - {type: object, required: [b], properties: {b: {type: string}}}\n",
                "Loose"
            ),
            "union Loose, untagged (#/components/schemas/loose)\n  \
               B: LooseB\n  \
               A: LooseA\n  \
               Integer: i64\n  \
               Number: f64\n  \
               String: String"
        );
        assert_eq!(
            union("    either: {type: [string, integer]}\n", "Either"),
            "union Either, untagged (#/components/schemas/either)\n  \
               Integer: i64\n  \
               String: String"
        );
    }
}
