//! Recursion: a type that contains itself, directly or through other types, needs a `Box`
//! somewhere on the cycle. Only containment by value counts; `Vec` and maps already allocate.

use crate::graph::strongly_connected_components;
use crate::ir::{Holding, TypeDef, TypeKind, TypeRef};

/// Boxes every by-value reference from a type to another type of its own strongly connected
/// component (itself included).
pub(crate) fn box_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = types.iter().map(|t| held_inline(&t.kind)).collect();
    let component = strongly_connected_components(&edges);
    for (owner, def) in types.iter_mut().enumerate() {
        def.kind.for_each_ref_mut(|holding, ty| {
            if holding != Holding::Inline {
                return;
            }
            ty.walk_mut(inline, &mut |ty| {
                if let TypeRef::Named(id) = ty {
                    if component[id.0] == component[owner] {
                        *ty = TypeRef::Box(Box::new(TypeRef::Named(*id)));
                    }
                }
            });
        });
    }
}

fn inline(holding: Holding) -> bool {
    holding == Holding::Inline
}

/// The types a value of this kind holds in place: through `Option` and tuples, not through
/// `Vec`, maps or `Box`.
fn held_inline(kind: &TypeKind) -> Vec<usize> {
    let mut out = Vec::new();
    kind.for_each_ref(|holding, ty| {
        if holding == Holding::Inline {
            ty.walk(inline, &mut |ty| {
                if let TypeRef::Named(id) = ty {
                    out.push(id.0);
                }
            });
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, Field, Struct, TypeId};
    use crate::pointer::Pointer;

    fn structure(name: &str, fields: Vec<TypeRef>) -> TypeDef {
        let fields = fields
            .into_iter()
            .enumerate()
            .map(|(i, ty)| Field {
                name: format!("f{i}"),
                wire_name: format!("f{i}"),
                ty,
                optional: false,
                flatten: false,
                source: Pointer::root(),
                docs: Docs::default(),
            })
            .collect();
        TypeDef {
            name: name.to_owned(),
            source: Pointer::root(),
            docs: Docs::default(),
            kind: TypeKind::Struct(Struct {
                fields,
                additional: None,
            }),
        }
    }

    fn field_types(def: &TypeDef) -> Vec<&TypeRef> {
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn cycles_are_boxed_where_held_in_place_only() {
        let named = |i| TypeRef::Named(TypeId(i));
        let option = |ty| TypeRef::Option(Box::new(ty));
        let boxed = |ty| TypeRef::Box(Box::new(ty));
        let mut types = vec![
            // A { Option<B> }, B { A, Vec<A>, (A, C) }, C { Vec<A> }: A and B form a cycle
            // of values; C holds A's only in a collection.
            structure("A", vec![option(named(1))]),
            structure(
                "B",
                vec![
                    named(0),
                    TypeRef::Vec(Box::new(named(0))),
                    TypeRef::Tuple(vec![named(0), named(2)]),
                ],
            ),
            structure("C", vec![TypeRef::Vec(Box::new(named(0)))]),
        ];
        box_cycles(&mut types);
        assert_eq!(field_types(&types[0]), [&option(boxed(named(1)))]);
        assert_eq!(
            field_types(&types[1]),
            [
                &boxed(named(0)),
                &TypeRef::Vec(Box::new(named(0))),
                &TypeRef::Tuple(vec![boxed(named(0)), named(2)]),
            ]
        );
        assert_eq!(field_types(&types[2]), [&TypeRef::Vec(Box::new(named(0)))]);
    }
}
