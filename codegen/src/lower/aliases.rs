//! Recursive aliases: a Rust `type` alias may not refer to itself, even through `Vec`.
//!
//! An alias on a cycle of aliases becomes a transparent newtype (`struct C(Vec<C>)`) when it
//! holds a container, which is a real recursive type. A cycle that only passes a value along
//! (`a` is a one-branch union of `b`, `b` of `a`) never reaches a schema: its aliases become
//! `serde_json::Value`, with a warning.

use crate::diagnostics::Diagnostic;
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::lower::boxing::strongly_connected_components;

pub(crate) fn break_alias_cycles(types: &mut [TypeDef], diagnostics: &mut Vec<Diagnostic>) {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Alias(ty) => {
                let mut out = Vec::new();
                named_in(ty, &mut out);
                out.retain(|&target| matches!(types[target].kind, TypeKind::Alias(_)));
                out
            }
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let on_cycle: Vec<bool> = (0..types.len())
        .map(|i| {
            edges[i].contains(&i)
                || edges[i]
                    .iter()
                    .any(|&j| j != i && component[j] == component[i])
        })
        .collect();
    for (i, def) in types.iter_mut().enumerate() {
        if !on_cycle[i] {
            continue;
        }
        let TypeKind::Alias(ty) = &def.kind else {
            continue;
        };
        def.kind = if holds_container(ty) {
            TypeKind::Newtype(ty.clone())
        } else {
            diagnostics.push(Diagnostic::warning(
                def.source.clone(),
                "this schema and the ones it stands for refer to each other without ever \
                 reaching a concrete schema; typed as `serde_json::Value`",
            ));
            TypeKind::Alias(TypeRef::Value)
        };
    }
}

fn named_in(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Named(id) => out.push(id.0),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Box(inner) => named_in(inner, out),
        TypeRef::Tuple(items) => items.iter().for_each(|item| named_in(item, out)),
        _ => {}
    }
}

/// Whether the type allocates through a collection, so that a value of it can end.
fn holds_container(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Vec(_) | TypeRef::Map(_) => true,
        TypeRef::Option(inner) | TypeRef::Nullable(inner) | TypeRef::Box(inner) => {
            holds_container(inner)
        }
        TypeRef::Tuple(items) => items.iter().any(holds_container),
        _ => false,
    }
}
