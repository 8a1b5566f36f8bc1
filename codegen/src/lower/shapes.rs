//! Shared shapes: types of the same structure are defined once.
//!
//! Large specs repeat one shape under many names (the same inline `owner` object under each
//! webhook and response). Two types have the same shape when they are the same kind with the
//! same fields, variants, wire names, optionality and serde behaviour, and their field types are
//! the same shapes in turn; docs do not count. The classes are found by partition refinement
//! (as automata are minimized), so recursive types compare correctly.
//!
//! In each class one type keeps its definition: a component's over an inline one, then the
//! first in spec order. Every other name stays, as an alias of it (`pub type OwnerOfRepo =
//! Owner;` with the name's own docs), so no name a user may hold disappears.

use crate::hashing::HashMap;
use crate::ir::{Docs, Tagging, TypeDef, TypeKind, TypeRef};
use crate::pointer::Pointer;

/// Turns every type whose shape an earlier (or component) type has into an alias of that type.
/// Returns how many definitions were replaced.
pub(crate) fn share_shapes(types: &mut [TypeDef]) -> usize {
    let classes = shape_classes(types);
    let mut canonical: HashMap<usize, usize> = HashMap::default();
    for (id, def) in types.iter().enumerate() {
        if !is_shaped(&def.kind) {
            continue;
        }
        let class = classes[id];
        let better =
            |current: usize| is_component(&def.source) && !is_component(&types[current].source);
        match canonical.get(&class) {
            Some(&current) if !better(current) => {}
            _ => {
                canonical.insert(class, id);
            }
        }
    }
    let mut replaced = 0;
    for id in 0..types.len() {
        if !is_shaped(&types[id].kind) {
            continue;
        }
        let keeper = canonical[&classes[id]];
        if keeper == id {
            continue;
        }
        let def = &mut types[id];
        def.kind = TypeKind::Alias(TypeRef::Named(crate::ir::TypeId(keeper)));
        def.docs = shared_docs(&def.docs);
        replaced += 1;
    }
    replaced
}

/// A name's docs, once its type is another's: its own text, which says what this use means.
fn shared_docs(docs: &Docs) -> Docs {
    docs.clone()
}

/// Kinds that have a definition of their own (aliases have none to share).
fn is_shaped(kind: &TypeKind) -> bool {
    !matches!(kind, TypeKind::Alias(_))
}

fn is_component(source: &Pointer) -> bool {
    let rest = source.escaped().strip_prefix("/components/schemas/");
    rest.is_some_and(|name| !name.contains('/'))
}

/// Each type's shape class: equal numbers for equal shapes.
fn shape_classes(types: &[TypeDef]) -> Vec<usize> {
    // Start from each type's own signature with the types it refers to left out. Two types of
    // one class then differ at most in the classes of the types they refer to, in signature
    // order: split classes by those until nothing splits.
    let signatures: Vec<Signature> = types.iter().map(|def| signature(&def.kind)).collect();
    let mut classes = number(signatures.iter().map(|signature| &signature.words));
    loop {
        let refined = number(signatures.iter().enumerate().map(|(id, signature)| {
            let mut key = Vec::with_capacity(signature.referred.len() + 1);
            key.push(classes[id]);
            key.extend(signature.referred.iter().map(|&referred| classes[referred]));
            key
        }));
        let count = |c: &[usize]| c.iter().max().map_or(0, |m| m + 1);
        if count(&refined) == count(&classes) {
            return refined;
        }
        classes = refined;
    }
}

/// Numbers distinct keys in order of first appearance.
fn number<K: std::hash::Hash + Eq>(keys: impl Iterator<Item = K>) -> Vec<usize> {
    let mut seen: HashMap<K, usize> = HashMap::default();
    keys.map(|key| {
        let next = seen.len();
        *seen.entry(key).or_insert(next)
    })
    .collect()
}

/// One element of a signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Word<'t> {
    Number(usize),
    Text(&'t str),
}

/// A type's structure as a sequence of numbers and names, with a placeholder for each type it
/// refers to, and those types in order.
fn signature(kind: &TypeKind) -> Signature<'_> {
    let mut out = Signature {
        words: Vec::new(),
        referred: Vec::new(),
    };
    match kind {
        TypeKind::Struct(s) => {
            out.tag(1);
            for field in &s.fields {
                out.text(&field.name);
                out.text(&field.wire_name);
                out.tag(usize::from(field.optional) * 2 + usize::from(field.flatten));
                out.ty(&field.ty);
            }
            if let Some(extra) = &s.additional {
                out.tag(2);
                out.text(&extra.name);
                out.ty(&extra.value);
            }
        }
        TypeKind::Enum(e) => {
            out.tag(3);
            for variant in &e.variants {
                out.text(&variant.name);
                out.text(&variant.value);
            }
            out.text(&e.other_variant);
        }
        TypeKind::Union(u) => {
            out.tag(4);
            match &u.tagging {
                Tagging::Internal { tag } => {
                    out.tag(1);
                    out.text(tag);
                }
                Tagging::External => out.tag(2),
                Tagging::Untagged => out.tag(3),
            }
            for variant in &u.variants {
                out.text(&variant.name);
                match &variant.wire_name {
                    Some(wire_name) => out.text(wire_name),
                    None => out.tag(0),
                }
                out.ty(&variant.payload);
            }
            match &u.unknown_variant {
                Some(unknown) => out.text(unknown),
                None => out.tag(0),
            }
        }
        TypeKind::Newtype(ty) => {
            out.tag(5);
            out.ty(ty);
        }
        TypeKind::Const(json) => {
            out.tag(6);
            out.text(json);
        }
        TypeKind::Alias(ty) => {
            out.tag(7);
            out.ty(ty);
        }
    }
    out
}

struct Signature<'t> {
    words: Vec<Word<'t>>,
    /// The ids of the types named, in the order their placeholders have in `words`.
    referred: Vec<usize>,
}

impl<'t> Signature<'t> {
    fn tag(&mut self, tag: usize) {
        self.words.push(Word::Number(tag));
    }

    fn text(&mut self, text: &'t str) {
        self.words.push(Word::Text(text));
    }

    fn ty(&mut self, ty: &'t TypeRef) {
        match ty {
            TypeRef::Vec(inner) => {
                self.tag(30);
                self.ty(inner);
            }
            TypeRef::Map(inner) => {
                self.tag(31);
                self.ty(inner);
            }
            TypeRef::Option(inner) => {
                self.tag(32);
                self.ty(inner);
            }
            TypeRef::Nullable(inner) => {
                self.tag(33);
                self.ty(inner);
            }
            TypeRef::Box(inner) => {
                self.tag(34);
                self.ty(inner);
            }
            TypeRef::Tuple(items) => {
                self.tag(35);
                self.tag(items.len());
                for item in items {
                    self.ty(item);
                }
            }
            TypeRef::Named(id) => {
                self.tag(36);
                self.referred.push(id.0);
            }
            TypeRef::Value => self.tag(10),
            TypeRef::JsonObject => self.tag(11),
            // After every other tag: a scalar's is its place in `Scalar`.
            TypeRef::Scalar(scalar) => self.tag(100 + *scalar as usize),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Enum, EnumVariant, Field, Scalar, Struct, TypeId};
    use crate::pointer::Pointer;

    fn def(name: &str, source: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            source: Pointer::parse_fragment(source).unwrap(),
            docs: Docs::default(),
            kind,
        }
    }

    fn structure(fields: &[(&str, TypeRef)]) -> TypeKind {
        TypeKind::Struct(Struct {
            fields: fields
                .iter()
                .map(|(name, ty)| Field {
                    name: (*name).to_owned(),
                    wire_name: (*name).to_owned(),
                    ty: ty.clone(),
                    optional: false,
                    flatten: false,
                    source: Pointer::root(),
                    docs: Docs::default(),
                })
                .collect(),
            additional: None,
        })
    }

    fn kinds(types: &[TypeDef]) -> Vec<String> {
        types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Alias(TypeRef::Named(id)) => format!("{} = {}", t.name, types[id.0].name),
                _ => t.name.clone(),
            })
            .collect()
    }

    #[test]
    fn equal_shapes_share_one_definition_a_components_first() {
        let owner = || structure(&[("login", TypeRef::Scalar(Scalar::String))]);
        let mut types = vec![
            def(
                "RepoOwner",
                "#/paths/~1a/get/responses/200/content/application~1json/schema/properties/owner",
                owner(),
            ),
            def("Owner", "#/components/schemas/Owner", owner()),
            def(
                "IssueOwner",
                "#/components/schemas/Issue/properties/owner",
                owner(),
            ),
            def(
                "Other",
                "#/components/schemas/Other",
                structure(&[("login", TypeRef::Scalar(Scalar::I64))]),
            ),
        ];
        assert_eq!(share_shapes(&mut types), 2);
        assert_eq!(
            kinds(&types),
            ["RepoOwner = Owner", "Owner", "IssueOwner = Owner", "Other"]
        );
    }

    #[test]
    fn recursive_shapes_compare_by_structure() {
        // a → b → a and c → c are the same infinite shape; d ends.
        let next = |id: usize| {
            structure(&[(
                "next",
                TypeRef::Option(Box::new(TypeRef::Named(TypeId(id)))),
            )])
        };
        let mut types = vec![
            def("A", "#/components/schemas/A", next(1)),
            def("B", "#/components/schemas/B", next(0)),
            def("C", "#/components/schemas/C", next(2)),
            def("D", "#/components/schemas/D", next(4)),
            def(
                "E",
                "#/components/schemas/E",
                structure(&[(
                    "next",
                    TypeRef::Option(Box::new(TypeRef::Scalar(Scalar::String))),
                )]),
            ),
        ];
        share_shapes(&mut types);
        assert_eq!(kinds(&types), ["A", "B = A", "C = A", "D", "E"]);
    }

    #[test]
    fn names_and_values_make_enums_differ() {
        let e = |values: &[&str]| {
            TypeKind::Enum(Enum {
                variants: values
                    .iter()
                    .map(|v| EnumVariant {
                        name: v.to_uppercase(),
                        value: (*v).to_owned(),
                    })
                    .collect(),
                other_variant: "Other".to_owned(),
            })
        };
        let mut types = vec![
            def(
                "State",
                "#/components/schemas/State",
                e(&["open", "closed"]),
            ),
            def(
                "IssueState",
                "#/components/schemas/Issue/properties/state",
                e(&["open", "closed"]),
            ),
            def(
                "PrState",
                "#/components/schemas/Pr/properties/state",
                e(&["open", "merged"]),
            ),
        ];
        share_shapes(&mut types);
        assert_eq!(kinds(&types), ["State", "IssueState = State", "PrState"]);
    }
}
