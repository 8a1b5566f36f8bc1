//! Reach: which cargo features compile each type. An operation's module is compiled by its
//! tag's feature; a type is compiled when a feature whose operations use it (through any
//! chain of types) is on, or with `all-models`. Types the untagged operations use are always
//! compiled.

use crate::ir::{BodyContent, Ir, PartKind, ResponseBody, Success, TypeId, TypeRef};

/// When an item is compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Always.
    Always,
    /// When any of these features is on (`all-models` first, when it compiles the item too).
    Features(Vec<String>),
}

/// The feature that compiles every type, whatever the operations.
pub const ALL_MODELS: &str = "all-models";

/// Per type of the IR, in its order, when it is compiled; per `ErrorBody` variant too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reach {
    pub types: Vec<Gate>,
    pub error_bodies: Vec<Gate>,
}

/// Walks from each group's operations through every type they hold.
pub fn reach(ir: &Ir) -> Reach {
    // Per type, the groups that reach it.
    let mut reached: Vec<Vec<usize>> = vec![Vec::new(); ir.types.len()];
    let mut error_groups: Vec<Vec<usize>> = vec![Vec::new(); ir.error_bodies.len()];
    for group in 0..ir.groups.len() {
        let mut stack = Vec::new();
        for op in ir.operations.iter().filter(|op| op.group == group) {
            operation_refs(op, &mut |ty| stack.extend(ty.named()));
            for error in &op.responses.errors {
                if let Some(i) = ir.error_bodies.iter().position(|v| v.name == error.variant) {
                    push_once(&mut error_groups[i], group);
                    stack.extend(ir.error_bodies[i].ty.named());
                }
            }
        }
        while let Some(TypeId(id)) = stack.pop() {
            if reached[id].last() == Some(&group) {
                continue;
            }
            reached[id].push(group);
            ir.types[id]
                .kind
                .for_each_ref(|_, ty| stack.extend(ty.named()));
        }
    }
    let gate = |groups: &[usize], with_all_models: bool| {
        let mut features: Vec<String> = Vec::new();
        for &group in groups {
            match &ir.groups[group].feature {
                Some(feature) => features.push(feature.clone()),
                None => return Gate::Always,
            }
        }
        if with_all_models {
            features.insert(0, ALL_MODELS.to_owned());
        }
        Gate::Features(features)
    };
    Reach {
        types: reached.iter().map(|groups| gate(groups, true)).collect(),
        error_bodies: error_groups
            .iter()
            .map(|groups| gate(groups, false))
            .collect(),
    }
}

fn push_once(groups: &mut Vec<usize>, group: usize) {
    if !groups.contains(&group) {
        groups.push(group);
    }
}

/// Calls `visit` with each type the operation sends or receives (its error bodies aside).
fn operation_refs(op: &crate::ir::Operation, visit: &mut impl FnMut(&TypeRef)) {
    for param in &op.params {
        visit(&param.ty);
    }
    if let Some(body) = &op.body {
        match &body.content {
            BodyContent::Json { ty, .. } | BodyContent::Form { ty, .. } => visit(ty),
            BodyContent::Multipart(parts) => {
                for part in parts {
                    if let PartKind::Value(ty) = &part.kind {
                        visit(ty);
                    }
                }
            }
            BodyContent::Raw { .. } => {}
        }
    }
    let mut response = |body: &ResponseBody| {
        if let ResponseBody::Json(ty) | ResponseBody::Events(ty) = body {
            visit(ty);
        }
    };
    if let Some(ty) = &op.responses.events {
        response(&ResponseBody::Events(ty.clone()));
    }
    match &op.responses.success {
        Success::One(body) => response(body),
        Success::Several { variants, .. } => {
            for variant in variants {
                response(&variant.body);
            }
        }
    }
}
