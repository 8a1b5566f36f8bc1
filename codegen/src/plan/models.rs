//! The plan of each model's Rust surface, for structs (the kind with choices): how serde
//! reads and writes it, whether it is `Default`, the arguments of its `new` and its `with_`
//! setters. Emission prints these and the API summary lists them.

use crate::ir::{Struct, TypeDef, TypeKind, TypeRef};
use crate::naming::setter_names;

/// A struct's surface.
#[derive(Clone, Debug, PartialEq)]
pub struct StructPlan {
    pub serde: Serde,
    /// No field is required, so the struct derives `Default` (and `new` takes nothing).
    pub default: bool,
    /// The type of the map of properties the spec does not declare by name: a JSON object,
    /// or a map of the declared value type.
    pub additional: Option<TypeRef>,
    /// `new`'s arguments: the required fields, in order.
    pub constructor: Vec<Argument>,
    /// The fields `new` leaves unset (`None`, or an empty map), in order.
    pub unset: Vec<String>,
    /// A `with_` setter per optional field, in order.
    pub setters: Vec<Setter>,
}

/// How serde reads and writes a struct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Serde {
    /// The crate's `object!` macro writes both impls: a field is found by a `match` on the
    /// JSON names, and optional fields are left out when `None`.
    Object,
    /// serde's derive, with attributes: a struct that flattens a field (whose properties
    /// serde's derive collects and hands on) or has nothing to read.
    Derive,
}

/// An argument of a struct's `new`: a required field's value.
#[derive(Clone, Debug, PartialEq)]
pub struct Argument {
    /// The field's index in the struct.
    pub field: usize,
    pub value: TypeRef,
    /// Taken as `impl Into<value>` and converted; numbers and booleans are taken as they are.
    pub into: bool,
}

/// A `with_` setter of an optional field.
#[derive(Clone, Debug, PartialEq)]
pub struct Setter {
    /// The field's index in the struct.
    pub field: usize,
    pub name: String,
    /// The type of the value it sets (the field's, without its `Option`).
    pub value: TypeRef,
    /// Taken as `impl Into<value>` and converted.
    pub into: bool,
}

/// Plans each type; `None` for the kinds with nothing to decide.
pub fn models(types: &[TypeDef]) -> Vec<Option<StructPlan>> {
    types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => Some(structure(s)),
            _ => None,
        })
        .collect()
}

impl Serde {
    /// How serde reads and writes `s`: by `object!` unless it flattens a field or has
    /// nothing to read.
    pub fn of(s: &Struct) -> Serde {
        let flattens = s.fields.iter().any(|f| f.flatten);
        let empty = s.fields.is_empty() && s.additional.is_none();
        if flattens || empty {
            Serde::Derive
        } else {
            Serde::Object
        }
    }
}

/// Plans one struct.
pub fn structure(s: &Struct) -> StructPlan {
    let serde = Serde::of(s);
    let mut names = setter_names(
        s.fields
            .iter()
            .filter(|f| f.optional)
            .map(|f| f.name.as_str()),
    )
    .into_iter();
    let (mut constructor, mut unset, mut setters) = (Vec::new(), Vec::new(), Vec::new());
    for (index, field) in s.fields.iter().enumerate() {
        let setter = if field.optional { names.next() } else { None };
        match (&field.ty, setter) {
            (TypeRef::Option(inner), Some(name)) => {
                setters.push(Setter {
                    field: index,
                    name,
                    value: (**inner).clone(),
                    into: converts(inner),
                });
                unset.push(field.name.clone());
            }
            (ty, _) => constructor.push(Argument {
                field: index,
                value: ty.clone(),
                into: converts(ty),
            }),
        }
    }
    if let Some(extra) = &s.additional {
        unset.push(extra.name.clone());
    }
    StructPlan {
        serde,
        default: constructor.is_empty(),
        additional: s.additional.as_ref().map(|extra| match &extra.value {
            TypeRef::Value => TypeRef::JsonObject,
            value => TypeRef::Map(Box::new(value.clone())),
        }),
        constructor,
        unset,
        setters,
    }
}

/// Whether a value of `ty` is taken as `impl Into<ty>`: text, lists, maps and named types are
/// (`"720p"` for a `String`); numbers and booleans are taken as they are, so that an
/// unsuffixed literal (`5_000_000_000` for an `i64`) infers its type from the argument.
fn converts(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Scalar(scalar) => !scalar.facts().taken_as_is,
        TypeRef::Option(inner) => converts(inner),
        TypeRef::Value
        | TypeRef::JsonObject
        | TypeRef::Vec(_)
        | TypeRef::Tuple(_)
        | TypeRef::Map(_)
        | TypeRef::Nullable(_)
        | TypeRef::Box(_)
        | TypeRef::Named(_) => true,
    }
}
