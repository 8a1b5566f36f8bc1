//! Recursion: a type that contains itself, directly or through other types, needs a `Box`
//! somewhere on the cycle. Only containment by value counts; `Vec` and maps already allocate.

use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Boxes every by-value reference from a type to another type of its own strongly connected
/// component (itself included).
pub(crate) fn box_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = types.iter().map(|t| direct_targets(&t.kind)).collect();
    let component = strongly_connected_components(&edges);
    for (owner, def) in types.iter_mut().enumerate() {
        let cyclic = |id: TypeId| component[id.0] == component[owner];
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    box_in_place(&mut field.ty, &cyclic);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    box_in_place(&mut variant.payload, &cyclic);
                }
            }
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => box_in_place(ty, &cyclic),
            TypeKind::Enum(_) | TypeKind::Const(_) => {}
        }
    }
}

/// The types held by value: through `Option` and tuples, not through `Vec`, maps or `Box`.
fn direct_targets(kind: &TypeKind) -> Vec<usize> {
    fn collect(ty: &TypeRef, out: &mut Vec<usize>) {
        match ty {
            TypeRef::Named(id) => out.push(id.0),
            TypeRef::Option(inner) | TypeRef::Nullable(inner) => collect(inner, out),
            TypeRef::Tuple(items) => items.iter().for_each(|item| collect(item, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|f| collect(&f.ty, &mut out)),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .for_each(|v| collect(&v.payload, &mut out)),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => collect(ty, &mut out),
        TypeKind::Enum(_) | TypeKind::Const(_) => {}
    }
    out
}

fn box_in_place(ty: &mut TypeRef, cyclic: &impl Fn(TypeId) -> bool) {
    match ty {
        TypeRef::Option(inner) | TypeRef::Nullable(inner) => box_in_place(inner, cyclic),
        TypeRef::Tuple(items) => items.iter_mut().for_each(|item| box_in_place(item, cyclic)),
        TypeRef::Named(id) if cyclic(*id) => {
            *ty = TypeRef::Box(Box::new(TypeRef::Named(*id)));
        }
        _ => {}
    }
}

/// Tarjan's algorithm, iterative so that long chains of types cannot overflow the stack.
/// Returns each node's component number.
pub(crate) fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNVISITED; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for start in 0..n {
        if index[start] != UNVISITED {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(start, 0)];
        index[start] = next_index;
        low[start] = next_index;
        next_index += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (node, ref mut position)) = work.last_mut() {
            if let Some(&next) = edges[node].get(*position) {
                *position += 1;
                if index[next] == UNVISITED {
                    index[next] = next_index;
                    low[next] = next_index;
                    next_index += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cycles_and_self_loops() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 → 0
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let c = strongly_connected_components(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let c = strongly_connected_components(&edges);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
