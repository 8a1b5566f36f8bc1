//! Recursive aliases: a Rust `type` alias may not refer to itself, even through `Vec`.
//!
//! An alias on a cycle of aliases becomes a transparent newtype (`struct C(Vec<C>)`) when it
//! holds a container, which is a real recursive type. A cycle that only passes a value along
//! (`a` is a one-branch union of `b`, `b` of `a`) never reaches a schema: its aliases become
//! `serde_json::Value`, with a warning.

use crate::diagnostics::Diagnostic;
use crate::graph::on_cycle;
use crate::ir::{Holding, TypeDef, TypeKind, TypeRef};

pub(crate) fn break_alias_cycles(types: &mut [TypeDef], diagnostics: &mut Vec<Diagnostic>) {
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Alias(ty) => ty
                .named()
                .into_iter()
                .map(|id| id.0)
                .filter(|&target| matches!(types[target].kind, TypeKind::Alias(_)))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for (def, on_cycle) in types.iter_mut().zip(on_cycle(&edges)) {
        let TypeKind::Alias(ty) = &def.kind else {
            continue;
        };
        if !on_cycle {
            continue;
        }
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

/// Whether the type allocates through a collection, so that a value of it can end.
fn holds_container(ty: &TypeRef) -> bool {
    let mut found = false;
    ty.walk(|_| true, &mut |ty| {
        found |= ty.children().0 == Holding::Collection;
    });
    found
}
