//! Schemas to named types and type references.
//!
//! Names come from where a schema sits: a component keeps its own name, an inline schema is named
//! by its parent type and the property (`task.status.phase` → `TaskStatusPhase`), an array's items
//! add `Item`, a map's values add `Value`, a union's variants add the variant name. Component
//! names are claimed first, so an inline schema never takes a component's name.

use crate::hashing::{HashMap, HashSet};

use serde_json::Value;

use crate::bundle::BUNDLED_KEY;
use crate::diagnostics::Diagnostic;
use crate::ir::{
    AdditionalField, Docs, Enum, EnumVariant, Field, Struct, TypeDef, TypeId, TypeKind, TypeRef,
    Union,
};
use crate::lower::compose::{self, UnionPart};
use crate::lower::scalars::scalar_type;
use crate::lower::unions;
use crate::lower::usage::Usage;
use crate::naming::{Scope, type_name, value_name, variant_name};
use crate::normalize::{AdditionalProperties, InstanceType, Schema, SchemaDocs};
use crate::pointer::Pointer;
use crate::resolve::SchemaGraph;

/// A defined type is keyed by its schema and, for a union's variant payloads, by the tag
/// property left out of it.
type TypeKey = (Pointer, Option<String>);

pub(crate) struct TypeLowerer<'a> {
    pub(crate) graph: &'a SchemaGraph,
    usage: &'a Usage,
    types: Vec<Option<TypeDef>>,
    names: Vec<String>,
    defined: HashMap<TypeKey, TypeId>,
    scope: Scope,
    /// Schemas reached through a reference, named but not yet defined.
    deferred: Vec<Pointer>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> TypeLowerer<'a> {
    pub(crate) fn new(graph: &'a SchemaGraph, usage: &'a Usage) -> Self {
        Self {
            graph,
            usage,
            types: Vec::new(),
            names: Vec::new(),
            defined: HashMap::default(),
            // The models module's own helper type.
            scope: Scope::with_reserved(&["Nullable"]),
            deferred: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Claims the component's name before any inline schema can take it.
    pub(crate) fn declare_component(&mut self, name: &str, pointer: &Pointer) {
        self.reserve((pointer.clone(), None), &type_name(name));
    }

    /// Lowers a component schema under its declared name: a struct, enum or union, or else an
    /// alias of what it is.
    pub(crate) fn define_component(&mut self, pointer: &Pointer) {
        self.define_slot(pointer);
    }

    /// Fills the slot reserved for the schema at `pointer`, unless it is filled already.
    fn define_slot(&mut self, pointer: &Pointer) {
        let id = self.defined[&(pointer.clone(), None)];
        if self.types[id.0].is_some() {
            return;
        }
        let name = self.names[id.0].clone();
        let schema = self.graph.get(pointer);
        let ty = match &schema.reference {
            Some(_) => self.type_of(pointer, &name),
            None => self.shape(pointer, &name, Some(id)),
        };
        if self.types[id.0].is_none() {
            let ty = match ty {
                TypeRef::Option(inner) => *inner,
                other => other,
            };
            self.fill(id, pointer, schema_docs(schema), TypeKind::Alias(ty));
        }
    }

    /// The named types, in the order their names were claimed.
    pub(crate) fn finish(mut self) -> (Vec<TypeDef>, Vec<Diagnostic>) {
        while let Some(pointer) = self.deferred.pop() {
            self.define_slot(&pointer);
        }
        // Every reserved slot is filled by the time lowering ends; a slot left empty would
        // shift the ids after it, so it stands as an alias of `Value` rather than vanish.
        let types = self
            .types
            .into_iter()
            .zip(self.names)
            .map(|(def, name)| {
                def.unwrap_or_else(|| TypeDef {
                    name,
                    source: Pointer::root(),
                    docs: Docs::default(),
                    kind: TypeKind::Alias(TypeRef::Value),
                })
            })
            .collect();
        (types, self.diagnostics)
    }

    /// The resolved schemas.
    pub(crate) fn graph(&self) -> &'a SchemaGraph {
        self.graph
    }

    pub(crate) fn type_name(&self, id: TypeId) -> &str {
        &self.names[id.0]
    }

    /// How the schema at `pointer` is typed where it is used; `hint` names an inline type.
    pub(crate) fn type_of(&mut self, pointer: &Pointer, hint: &str) -> TypeRef {
        let schema = self.graph.get(pointer);
        let mut nullable = schema.nullable || compose::nullable_by_branch(self.graph, schema);
        let base = if schema.reference.is_some() {
            let target = self.graph.concrete(pointer);
            nullable |= target.nullable;
            let target = target.pointer.clone();
            match self.defined.get(&(target.clone(), None)) {
                Some(&id) => TypeRef::Named(id),
                None if is_scalar(self.graph.get(&target)) => self.shape(&target, hint, None),
                None => {
                    // Named now, defined later: following reference after reference here would
                    // recurse as deep as the chain is long.
                    let id = self.reserve((target.clone(), None), &name_from_pointer(&target));
                    self.deferred.push(target);
                    TypeRef::Named(id)
                }
            }
        } else {
            self.shape(pointer, hint, None)
        };
        optional(base, nullable)
    }

    /// [`Self::type_of`] for a schema whose typing names no type (so needs no hint): a scalar
    /// without an enum, or a reference to a type already named. Most properties
    /// are one, and their hint would be most of the cost of typing them.
    fn type_naming_nothing(&mut self, pointer: &Pointer) -> Option<TypeRef> {
        let schema = self.graph.get(pointer);
        let names_nothing = if schema.reference.is_some() {
            let target = &self.graph.concrete(pointer).pointer;
            self.defined.contains_key(&(target.clone(), None))
        } else {
            // As `shape` types it: a type named already, or a scalar (an object without
            // fields is a `JsonObject`).
            is_scalar(schema) || self.defined.contains_key(&(pointer.clone(), None))
        };
        if !names_nothing {
            return None;
        }
        let named = self.types.len();
        let ty = self.type_of(pointer, "");
        debug_assert_eq!(self.types.len(), named, "{pointer} named a type");
        Some(ty)
    }

    /// The type of a schema that is not a reference, regardless of its nullability. `id` is the
    /// component slot to fill, if this is a component.
    fn shape(&mut self, pointer: &Pointer, hint: &str, id: Option<TypeId>) -> TypeRef {
        if let Some(&existing) = self.defined.get(&(pointer.clone(), None)) {
            if id != Some(existing) {
                return TypeRef::Named(existing);
            }
        }
        let schema = self.graph.get(pointer);
        let typed_all_of = compose::typed_branches(self.graph, schema);
        let branches = if schema.one_of.is_empty() {
            &schema.any_of
        } else {
            &schema.one_of
        };
        if !branches.is_empty() && schema.properties.is_empty() && typed_all_of.is_empty() {
            if let [only] = branches.as_slice() {
                let only = only.clone();
                return self.branch_type(id, pointer, &only, hint);
            }
            let branches = branches.clone();
            let id = id.unwrap_or_else(|| self.reserve((pointer.clone(), None), hint));
            return TypeRef::Named(unions::define(self, id, pointer, &branches));
        }
        if !typed_all_of.is_empty() && !object_like(schema) && branches.is_empty() {
            // `allOf: [$ref]` beside a description, or constraints on a string: nothing to
            // merge, the value is of the (first) branch's type.
            let no_objects = typed_all_of
                .iter()
                .all(|branch| !object_like(self.graph.concrete(branch)));
            // Or one object branch and nothing of its own (no `required` to tighten it): the
            // branch's type, not a copy of it.
            let one_as_is =
                typed_all_of.len() == 1 && schema.types.is_empty() && schema.required.is_empty();
            if no_objects || one_as_is {
                self.warn_if_types_differ(pointer, &typed_all_of);
                return self.branch_type(id, pointer, &typed_all_of[0], hint);
            }
        }
        let union_with_members = !branches.is_empty()
            && compose::union_branches(self.graph, schema).is_some()
            && (has_fields(schema) || !typed_all_of.is_empty());
        if (!typed_all_of.is_empty() || union_with_members)
            && schema.types.iter().all(|t| *t == InstanceType::Object)
        {
            return TypeRef::Named(self.define_struct(pointer, hint, None, id));
        }
        if let (true, Some([value])) = (schema.is_const, schema.enum_values.as_deref()) {
            let id = id.unwrap_or_else(|| self.reserve((pointer.clone(), None), hint));
            let value = value.to_string();
            self.fill(id, pointer, docs(schema.docs()), TypeKind::Const(value));
            return TypeRef::Named(id);
        }
        match schema.types.as_slice() {
            [InstanceType::String] => match string_values(schema) {
                Some(values) => TypeRef::Named(self.define_enum(pointer, hint, &values, id)),
                None => scalar_type(InstanceType::String, schema.format.as_deref()),
            },
            [ty @ (InstanceType::Integer | InstanceType::Number | InstanceType::Boolean)] => {
                scalar_type(*ty, schema.format.as_deref())
            }
            [InstanceType::Array] => self.array(schema, hint),
            [InstanceType::Object] if has_fields(schema) => {
                TypeRef::Named(self.define_struct(pointer, hint, None, id))
            }
            [InstanceType::Object] => self.map(schema, hint),
            [] => TypeRef::Value,
            several => {
                let several = several.to_vec();
                let id = id.unwrap_or_else(|| self.reserve((pointer.clone(), None), hint));
                TypeRef::Named(unions::define_by_type(self, id, pointer, &several))
            }
        }
    }

    /// `Vec<T>` for `items`, a tuple for `prefixItems` closed by `items: false`.
    pub(crate) fn array(&mut self, schema: &Schema, hint: &str) -> TypeRef {
        if !schema.prefix_items.is_empty() {
            if !schema.no_more_items {
                // Items past the prefix may be anything: no Rust tuple can hold them.
                return TypeRef::Vec(Box::new(TypeRef::Value));
            }
            let prefix = schema.prefix_items.clone();
            let types = prefix
                .iter()
                .enumerate()
                .map(|(i, item)| self.type_of(item, &format!("{hint}Item{i}")))
                .collect();
            return TypeRef::Tuple(types);
        }
        match schema.items.clone() {
            Some(items) => TypeRef::Vec(Box::new(self.type_of(&items, &format!("{hint}Item")))),
            None => TypeRef::Vec(Box::new(TypeRef::Value)),
        }
    }

    /// An object without declared properties: a map of its `additionalProperties` or single
    /// `patternProperties` schema, else of any JSON value.
    pub(crate) fn map(&mut self, schema: &Schema, hint: &str) -> TypeRef {
        let values = match (
            &schema.additional_properties,
            schema.pattern_properties.as_slice(),
        ) {
            (AdditionalProperties::Schema(values), []) => Some(values.clone()),
            (AdditionalProperties::Unspecified | AdditionalProperties::Forbidden, [only]) => {
                Some(only.clone())
            }
            _ => None,
        };
        match values {
            Some(values) => TypeRef::Map(Box::new(self.type_of(&values, &format!("{hint}Value")))),
            None => TypeRef::JsonObject,
        }
    }

    /// The type of a composition that stands for one of its branches: the component `id`'s
    /// (see [`Self::define_alias_or_adopt`]), or, inline, the branch's type.
    fn branch_type(
        &mut self,
        id: Option<TypeId>,
        pointer: &Pointer,
        branch: &Pointer,
        hint: &str,
    ) -> TypeRef {
        match id {
            Some(id) => self.define_alias_or_adopt(id, pointer, branch, hint),
            None => self.type_of(branch, hint),
        }
    }

    /// A component that is a one-branch union: the branch's own type if it is inline, else an
    /// alias of the referenced type.
    fn define_alias_or_adopt(
        &mut self,
        id: TypeId,
        pointer: &Pointer,
        branch: &Pointer,
        hint: &str,
    ) -> TypeRef {
        let branch_schema = self.graph.get(branch);
        if branch_schema.reference.is_none() && !branch_schema.nullable {
            // The component takes over the inline branch: `creator-id` is `CreatorId`.
            self.defined.insert((branch.clone(), None), id);
            let ty = self.shape(branch, hint, Some(id));
            if self.types[id.0].is_none() {
                let schema = self.graph.get(pointer);
                self.fill(
                    id,
                    pointer,
                    docs(schema.docs()),
                    TypeKind::Alias(ty.clone()),
                );
            }
            return TypeRef::Named(id);
        }
        self.type_of(branch, hint)
    }

    /// A struct for an object schema (with its `allOf` branches merged in), leaving out
    /// `exclude`, the tag property of an internally tagged union.
    pub(crate) fn define_struct(
        &mut self,
        pointer: &Pointer,
        hint: &str,
        exclude: Option<&str>,
        slot: Option<TypeId>,
    ) -> TypeId {
        let key = (pointer.clone(), exclude.map(str::to_owned));
        if let Some(&id) = self.defined.get(&key) {
            if slot.is_none() || self.types[id.0].is_some() {
                return id;
            }
        }
        let id = slot.unwrap_or_else(|| self.reserve(key, hint));
        let name = self.names[id.0].clone();
        let schema = self.graph.get(pointer);
        let composition = compose::compose(self.graph, pointer, &mut self.diagnostics);
        let required = &composition.required;
        let mut scope = Scope::default();
        let mut fields =
            Vec::with_capacity(composition.properties.len() + composition.unions.len());
        for (wire_name, child) in composition.properties {
            if exclude == Some(wire_name.as_str()) {
                continue;
            }
            let ty = match self.type_naming_nothing(&child) {
                Some(ty) => ty,
                None => {
                    let hint = self.property_hint((pointer, &name), &child, &wire_name);
                    self.type_of(&child, &hint)
                }
            };
            let child_schema = self.graph.get(&child);
            let target = self.graph.concrete(&child);
            let read_only = child_schema.read_only || target.read_only;
            let write_only = child_schema.write_only || target.write_only;
            let optional = !required.contains(&wire_name)
                || self.usage.relaxes(pointer, read_only, write_only);
            // A reference's own docs are its siblings'; the target's are on the target type.
            let field_docs = schema_docs(child_schema);
            let nullable = child_schema.nullable || target.nullable;
            let ty = if optional && nullable && self.usage.in_requests(pointer) {
                // Sent in requests, absent and `null` differ (a PATCH leaves a property alone
                // or clears it): all three states are expressible.
                let inner = match ty {
                    TypeRef::Option(inner) => *inner,
                    ty => ty,
                };
                TypeRef::Option(Box::new(TypeRef::Nullable(Box::new(inner))))
            } else if optional {
                self::optional(ty, true)
            } else {
                ty
            };
            fields.push(Field {
                name: scope.claim(value_name(&wire_name)),
                wire_name,
                ty,
                optional,
                flatten: false,
                docs: field_docs,
                source: child,
            });
        }
        for part in &composition.unions {
            fields.push(self.union_field(part, &name, &mut scope));
        }
        let additional = match (&schema.additional_properties, schema.has_unknown_properties) {
            (_, true) | (AdditionalProperties::Any, _) => Some(TypeRef::Value),
            (AdditionalProperties::Schema(values), false) => {
                let values = values.clone();
                Some(self.type_of(&values, &format!("{name}Value")))
            }
            _ => None,
        }
        .map(|value| AdditionalField {
            name: scope.claim("additional_properties".to_owned()),
            value,
        });
        let schema = self.graph.get(pointer);
        self.fill(
            id,
            pointer,
            docs(schema.docs()),
            TypeKind::Struct(Struct { fields, additional }),
        );
        id
    }

    /// The name for the type of a property declared inline, after the schema that defines it:
    /// the object being defined when it declares the property (but the schema's own name when
    /// the object is a union variant's copy of a named schema), else the nearest schema above
    /// the declaring one that is a named type or is named by its place (a component or file not
    /// named yet). So a component's inline children are named after the component even when a
    /// union's variant or another object's `allOf` reaches them first.
    fn property_hint(
        &self,
        (object, object_name): (&Pointer, &str),
        declaration: &Pointer,
        wire_name: &str,
    ) -> String {
        let property = type_name(wire_name);
        // The schema whose `properties` declare it.
        let owner = declaration.up(2);
        let Some(owner) = owner else {
            return format!("{object_name}{property}");
        };
        if owner.starts_with(object) {
            return match self.defined.get(&(owner.clone(), None)) {
                Some(&id) if owner == *object => format!("{}{property}", self.names[id.0]),
                _ => format!("{object_name}{property}"),
            };
        }
        let mut at = Some(owner);
        while let Some(ancestor) = at {
            if let Some(&id) = self.defined.get(&(ancestor.clone(), None)) {
                return format!("{}{property}", self.names[id.0]);
            }
            if named_by_place(&ancestor) {
                return format!("{}{property}", name_from_pointer(&ancestor));
            }
            at = ancestor.parent();
        }
        format!("{object_name}{property}")
    }

    /// The flattened field of a union that an object is also one of: typed as the union's own
    /// schema where that holds nothing else, else defined from its branches alone (its
    /// properties are the object's).
    fn union_field(&mut self, part: &UnionPart, owner: &str, scope: &mut Scope) -> Field {
        let via = self.graph.get(&part.via);
        let (field_name, ty) = if part.alone {
            let ty = without_option(self.type_of(&part.via, &format!("{owner}Variant")));
            let field_name = match (&via.reference, &ty) {
                (Some(_), TypeRef::Named(id)) => value_name(self.type_name(*id)),
                _ => "variant".to_owned(),
            };
            (field_name, ty)
        } else {
            let schema = self.graph.get(&part.schema);
            let keyword = if schema.one_of.is_empty() {
                "anyOf"
            } else {
                "oneOf"
            };
            let key = (part.schema.join(keyword), None);
            let id = match self.defined.get(&key) {
                Some(&id) => id,
                None => {
                    let branches = compose::union_branches(self.graph, schema).unwrap_or_default();
                    let id = self.reserve(key, &format!("{owner}Variant"));
                    unions::define(self, id, &part.schema, &branches)
                }
            };
            ("variant".to_owned(), TypeRef::Named(id))
        };
        Field {
            name: scope.claim(field_name),
            wire_name: String::new(),
            ty,
            optional: false,
            flatten: true,
            docs: Docs {
                description: Some(
                    "The union this object is also one of; its fields are the object's own."
                        .to_owned(),
                ),
                ..Docs::default()
            },
            source: part.via.clone(),
        }
    }

    /// Warns when the typed branches of an `allOf` typed as its first branch admit different
    /// JSON types, so that no value fits them all.
    fn warn_if_types_differ(&mut self, pointer: &Pointer, branches: &[Pointer]) {
        let mut kinds: Vec<&[InstanceType]> = branches
            .iter()
            .map(|b| self.graph.concrete(b).types.as_slice())
            .filter(|types| !types.is_empty())
            .collect();
        kinds.dedup();
        let widen = |t: &InstanceType| match t {
            InstanceType::Integer => InstanceType::Number,
            other => *other,
        };
        let disagree = kinds.windows(2).any(|pair| {
            !pair[0]
                .iter()
                .any(|a| pair[1].iter().any(|b| widen(a) == widen(b)))
        });
        if disagree {
            self.diagnostics.push(Diagnostic::warning(
                pointer.join("allOf"),
                "`allOf` of schemas of different types admits no value: typed as its first branch",
            ));
        }
    }

    fn define_enum(
        &mut self,
        pointer: &Pointer,
        hint: &str,
        values: &[String],
        slot: Option<TypeId>,
    ) -> TypeId {
        let id = slot.unwrap_or_else(|| self.reserve((pointer.clone(), None), hint));
        let mut scope = Scope::default();
        // A value listed twice is one variant: serde could not tell two apart.
        let mut seen = HashSet::default();
        let variants = values
            .iter()
            .filter(|value| seen.insert(value.as_str()))
            .map(|value| EnumVariant {
                name: scope.claim(variant_name(value)),
                value: value.clone(),
            })
            .collect();
        let other_variant = scope.claim("Other".to_owned());
        let schema = self.graph.get(pointer);
        self.fill(
            id,
            pointer,
            docs(schema.docs()),
            TypeKind::Enum(Enum {
                variants,
                other_variant,
            }),
        );
        id
    }

    /// Claims a type name and a slot to fill later; recursive references find the slot.
    pub(crate) fn reserve(&mut self, key: TypeKey, hint: &str) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(None);
        self.names.push(self.scope.claim(type_name(hint)));
        self.defined.insert(key, id);
        id
    }

    pub(crate) fn fill(&mut self, id: TypeId, pointer: &Pointer, docs: Docs, kind: TypeKind) {
        self.types[id.0] = Some(TypeDef {
            name: self.names[id.0].clone(),
            source: pointer.clone(),
            docs,
            kind,
        });
    }
}

impl<'a> unions::Lowerer<'a> for TypeLowerer<'a> {
    fn graph(&self) -> &'a SchemaGraph {
        self.graph
    }

    fn type_name(&self, id: TypeId) -> &str {
        TypeLowerer::type_name(self, id)
    }

    fn type_of(&mut self, pointer: &Pointer, hint: &str) -> TypeRef {
        TypeLowerer::type_of(self, pointer, hint)
    }

    fn define_struct(
        &mut self,
        pointer: &Pointer,
        hint: &str,
        exclude: Option<&str>,
        slot: Option<TypeId>,
    ) -> TypeId {
        TypeLowerer::define_struct(self, pointer, hint, exclude, slot)
    }

    fn array(&mut self, schema: &Schema, hint: &str) -> TypeRef {
        TypeLowerer::array(self, schema, hint)
    }

    fn map(&mut self, schema: &Schema, hint: &str) -> TypeRef {
        TypeLowerer::map(self, schema, hint)
    }

    fn fill_union(&mut self, id: TypeId, pointer: &Pointer, union: Union) {
        let docs = docs(self.graph.get(pointer).docs());
        self.fill(id, pointer, docs, TypeKind::Union(union));
    }
}

/// A schema whose type is a scalar or any JSON value: lowering it names nothing and follows no
/// subschema.
fn is_scalar(schema: &Schema) -> bool {
    let composed =
        !schema.one_of.is_empty() || !schema.any_of.is_empty() || !schema.all_of.is_empty();
    let object_like = object_like(schema);
    let scalar_type = match schema.types.as_slice() {
        [InstanceType::String] => string_values(schema).is_none(),
        [InstanceType::Integer | InstanceType::Number | InstanceType::Boolean] | [] => true,
        [InstanceType::Object] => !object_like,
        _ => false,
    };
    scalar_type && !composed && !schema.is_const && schema.reference.is_none()
}

/// A schema that declares what an object holds: properties, or a schema for other keys.
fn object_like(schema: &Schema) -> bool {
    has_fields(schema)
        || !schema.pattern_properties.is_empty()
        || matches!(
            schema.additional_properties,
            AdditionalProperties::Schema(_)
        )
}

fn has_fields(schema: &Schema) -> bool {
    !schema.properties.is_empty() || schema.has_unknown_properties
}

fn string_values(schema: &Schema) -> Option<Vec<String>> {
    let values = schema.enum_values.as_ref()?;
    let strings: Vec<String> = values
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    (!strings.is_empty() && strings.len() == values.len()).then_some(strings)
}

fn without_option(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(inner) => *inner,
        ty => ty,
    }
}

/// `ty` as an `Option` when `wrap`, never an `Option` of an `Option`.
pub(crate) fn optional(ty: TypeRef, wrap: bool) -> TypeRef {
    match ty {
        TypeRef::Option(_) => ty,
        ty if wrap => TypeRef::Option(Box::new(ty)),
        ty => ty,
    }
}

/// A type name for a schema reached only through a deep `$ref`, from its location.
pub(crate) fn name_from_pointer(pointer: &Pointer) -> String {
    let tokens: Vec<_> = pointer.tokens().collect();
    // A grafted file's schemas are named as in that file; a file that is a schema itself (or
    // whose schema keywords the pointer goes through) is named after the file.
    let (file, tokens) = match tokens.as_slice() {
        [bundled, key, rest @ ..] if bundled == BUNDLED_KEY => {
            let stem = key.split_once('-').map_or(key.as_ref(), |(_, name)| name);
            let stem = stem.split('.').next().unwrap_or(stem);
            let named_by_file = rest
                .first()
                .is_none_or(|first| SCHEMA_KEYWORDS.contains(&first.as_ref()));
            (named_by_file.then(|| type_name(stem)), rest)
        }
        all => (None, all),
    };
    file.into_iter()
        .chain(tokens.iter().filter_map(|token| match token.as_ref() {
            "components" | "schemas" | "properties" | "paths" | "content" | "schema" => None,
            "items" => Some("Item".to_owned()),
            "additionalProperties" => Some("Value".to_owned()),
            other => Some(type_name(other)),
        }))
        .collect()
}

/// Whether a schema is named by its place: a component, or a file that is a schema.
fn named_by_place(pointer: &Pointer) -> bool {
    let tokens: Vec<_> = pointer.tokens().collect();
    match tokens.as_slice() {
        [components, schemas, _] => components == "components" && schemas == "schemas",
        [bundled, _] => bundled == BUNDLED_KEY,
        [bundled, _, rest @ ..] if bundled == BUNDLED_KEY => {
            matches!(rest, [components, schemas, _] if components == "components" && schemas == "schemas")
        }
        _ => false,
    }
}

/// Keywords whose values are subschemas.
const SCHEMA_KEYWORDS: &[&str] = &[
    "properties",
    "items",
    "additionalProperties",
    "patternProperties",
    "prefixItems",
    "allOf",
    "oneOf",
    "anyOf",
];

pub(crate) fn docs(schema: &SchemaDocs) -> Docs {
    let json = |v: &Value| v.to_string();
    Docs {
        title: schema.title.clone(),
        description: schema.description.clone(),
        deprecated: schema.deprecated,
        examples: schema.examples.iter().map(json).collect(),
        default: schema.default.as_ref().map(json),
        allowed_values: Vec::new(),
    }
}

/// A schema's docs, with the values of an `enum` that its Rust type does not enforce (a string
/// enum is a Rust enum; numbers and mixed values are not).
pub(crate) fn schema_docs(schema: &Schema) -> Docs {
    let mut out = docs(schema.docs());
    if let Some(values) = &schema.enum_values {
        if string_values(schema).is_none() || schema.types != [InstanceType::String] {
            out.allowed_values = values.iter().map(Value::to_string).collect();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// The printed types of a spec with these `components/schemas` and `paths`.
    fn types(schemas: &str, paths: &str) -> String {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n{schemas}"
        );
        let (mut ir, _) = crate::lower_to_ir(&spec, &crate::Options::default()).unwrap();
        ir.operations.clear();
        ir.examples.clear();
        ir.error_bodies.clear();
        let text = ir.to_string();
        let (_api, types) = text.split_once('\n').unwrap_or_default();
        types.trim_end().to_owned()
    }

    #[test]
    fn inline_schemas_are_named_by_their_place() {
        assert_eq!(
            types(
                "    task:\n      type: object\n      required: [status]\n      properties:\n        status: {type: object, properties: {phase: {type: string, enum: [a, b, a]}}}\n        tags: {type: array, items: {type: object, properties: {k: {type: string}}}}\n        labels: {type: object, additionalProperties: {type: object, properties: {v: {type: integer, format: int32}}}}\n",
                "  {}"
            ),
            "struct Task (#/components/schemas/task)\n  \
               status: TaskStatus\n  \
               tags: Option<Vec<TaskTagsItem>>, optional\n  \
               labels: Option<Map<TaskLabelsValue>>, optional\n\
             struct TaskStatus (#/components/schemas/task/properties/status)\n  \
               phase: Option<TaskStatusPhase>, optional\n\
             enum TaskStatusPhase (#/components/schemas/task/properties/status/properties/phase)\n  \
               A = \"a\"\n  \
               B = \"b\"\n  \
               Other(other values)\n\
             struct TaskTagsItem (#/components/schemas/task/properties/tags/items)\n  \
               k: Option<String>, optional\n\
             struct TaskLabelsValue (#/components/schemas/task/properties/labels/additionalProperties)\n  \
               v: Option<i32>, optional"
        );
    }

    #[test]
    fn components_claim_their_names_before_inline_schemas_and_collisions_are_numbered() {
        let printed = types(
            "    a:\n      type: object\n      properties: {b: {type: object, properties: {x: {type: string}}}}\n    AB: {type: object, properties: {y: {type: string}}}\n    ab: {type: object, properties: {z: {type: string}}}\n",
            "  {}",
        );
        let names: Vec<&str> = printed
            .lines()
            .filter(|l| !l.starts_with(' '))
            .filter_map(|l| l.split(' ').nth(1))
            .collect();
        // `AB` and `ab` are both `Ab` once cased; the inline `a.b` comes after every component.
        assert_eq!(names, ["A", "Ab", "Ab2", "Ab3"]);
    }

    #[test]
    fn read_only_and_write_only_are_optional_in_the_direction_that_lacks_them() {
        let schemas = "    thing:\n      type: object\n      required: [id, secret, note]\n      properties:\n        id: {type: string, readOnly: true}\n        secret: {type: string, writeOnly: true}\n        note: {type: string, nullable: true}\n        extra: {type: integer, format: int64, nullable: true}\n";
        let sent = "  /things:\n    post:\n      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/thing'}}}}\n      responses: {'204': {description: ok}}\n";
        let read = "  /things:\n    get:\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/thing'}}}}}\n";
        // Sent: `id` is optional; an optional nullable property has three states.
        assert_eq!(
            types(schemas, sent),
            "struct Thing (#/components/schemas/thing)\n  \
               id: Option<String>, optional\n  \
               secret: String\n  \
               note: Option<String>\n  \
               extra: Option<Nullable<i64>>, optional"
        );
        // Read: `secret` is optional, and `null` is as good as absent.
        assert_eq!(
            types(schemas, read),
            "struct Thing (#/components/schemas/thing)\n  \
               id: String\n  \
               secret: Option<String>, optional\n  \
               note: Option<String>\n  \
               extra: Option<i64>, optional"
        );
    }

    #[test]
    fn all_of_merges_properties_and_required_names() {
        assert_eq!(
            types(
                "    base: {type: object, properties: {id: {type: string}}}\n    named:\n      allOf:\n        - $ref: '#/components/schemas/base'\n        - type: object\n          required: [id, name]\n          properties: {name: {type: string}}\n      additionalProperties: {type: number}\n",
                "  {}"
            ),
            "struct Base (#/components/schemas/base)\n  \
               id: Option<String>, optional\n\
             struct Named (#/components/schemas/named)\n  \
               id: String\n  \
               name: String\n  \
               additional_properties: undeclared properties of f64"
        );
    }

    #[test]
    fn scalars_consts_and_aliases() {
        assert_eq!(
            types(
                "    small: {type: integer, format: uint8}\n    float: {type: number, format: float}\n    fixed: {const: {a: 1}}\n    pair: {type: array, prefixItems: [{type: string}, {type: boolean}], items: false}\n    free: {type: object}\n",
                "  {}"
            ),
            "alias Small = u8 (#/components/schemas/small)\n\
             alias Float = f32 (#/components/schemas/float)\n\
             const Fixed = {\"a\":1} (#/components/schemas/fixed)\n\
             alias Pair = (String, bool) (#/components/schemas/pair)\n\
             alias Free = JsonObject (#/components/schemas/free)"
        );
    }
}
