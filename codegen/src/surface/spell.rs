//! Types as a caller spells them, short and canonical (`Option<Vec<models::Task>>`), and the
//! inputs of an operation's method and builder in the order `emit` declares them.
//!
//! Two summaries compare these texts, so one spelling per type is all that matters; a named
//! type is always `models::Name`, so that a renamed type can be followed through the
//! spellings that mention it.

use crate::ir::{BodyContent, Ir, Operation, ParamLocation, PartKind, ResponseBody, TypeRef};
use crate::pointer::Pointer;

/// The spelling of a type reference.
pub(crate) fn rust_type(ir: &Ir, ty: &TypeRef) -> String {
    let mut out = String::new();
    write_type(ir, ty, &mut out);
    out
}

fn write_type(ir: &Ir, ty: &TypeRef, out: &mut String) {
    let wrapped = |out: &mut String, outer: &str, inner: &TypeRef| {
        out.push_str(outer);
        out.push('<');
        write_type(ir, inner, out);
        out.push('>');
    };
    match ty {
        TypeRef::String => out.push_str("String"),
        TypeRef::Bool => out.push_str("bool"),
        TypeRef::I8 => out.push_str("i8"),
        TypeRef::I16 => out.push_str("i16"),
        TypeRef::I32 => out.push_str("i32"),
        TypeRef::I64 => out.push_str("i64"),
        TypeRef::U8 => out.push_str("u8"),
        TypeRef::U16 => out.push_str("u16"),
        TypeRef::U32 => out.push_str("u32"),
        TypeRef::U64 => out.push_str("u64"),
        TypeRef::F32 => out.push_str("f32"),
        TypeRef::F64 => out.push_str("f64"),
        TypeRef::Value => out.push_str("serde_json::Value"),
        TypeRef::JsonObject => out.push_str("serde_json::Map<String, serde_json::Value>"),
        TypeRef::Vec(inner) => wrapped(out, "Vec", inner),
        TypeRef::Tuple(items) => {
            out.push('(');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(ir, item, out);
            }
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        TypeRef::Map(inner) => {
            out.push_str("BTreeMap<String, ");
            write_type(ir, inner, out);
            out.push('>');
        }
        TypeRef::Option(inner) => wrapped(out, "Option", inner),
        TypeRef::Nullable(inner) => wrapped(out, "models::Nullable", inner),
        TypeRef::Box(inner) => wrapped(out, "Box", inner),
        TypeRef::Named(id) => match ir.types.get(id.0) {
            Some(def) => {
                out.push_str("models::");
                out.push_str(&def.name);
            }
            None => out.push('_'),
        },
    }
}

/// The type an operation's request resolves to for a response body.
pub(crate) fn response_body(ir: &Ir, body: &ResponseBody) -> String {
    match body {
        ResponseBody::Empty => "()".to_owned(),
        ResponseBody::Json(ty) => rust_type(ir, ty),
        ResponseBody::Text => "String".to_owned(),
        ResponseBody::Bytes => "Vec<u8>".to_owned(),
    }
}

/// One input of an operation: an argument of its method when required, a setter of its
/// builder otherwise.
pub(crate) struct Member {
    pub(crate) name: String,
    pub(crate) required: bool,
    /// The type the argument or setter takes.
    pub(crate) ty: String,
    pub(crate) source: Pointer,
}

/// The inputs in the order the method takes them: path parameters first, then the other
/// parameters, then the body or its parts.
pub(crate) fn members(ir: &Ir, op: &Operation) -> Vec<Member> {
    let (path, other): (Vec<_>, Vec<_>) = op
        .params
        .iter()
        .partition(|p| p.location == ParamLocation::Path);
    let mut members: Vec<Member> = path
        .into_iter()
        .chain(other)
        .map(|param| Member {
            name: param.name.clone(),
            required: param.required,
            ty: value_type(ir, &param.ty, param.required),
            source: param.source.clone(),
        })
        .collect();
    let Some(body) = &op.body else {
        return members;
    };
    let source = op.source.join("requestBody");
    match &body.content {
        BodyContent::Json { name, ty } | BodyContent::Form { name, ty } => members.push(Member {
            name: name.clone(),
            required: body.required,
            ty: format!("&{}", rust_type(ir, ty)),
            source,
        }),
        BodyContent::Raw { name } => members.push(Member {
            name: name.clone(),
            required: body.required,
            ty: "impl Into<reqwest::Body>".to_owned(),
            source,
        }),
        BodyContent::Multipart(parts) => members.extend(parts.iter().map(|part| {
            let required = part.required && body.required;
            Member {
                name: part.name.clone(),
                required,
                ty: match &part.kind {
                    PartKind::File => "FilePart".to_owned(),
                    PartKind::Files => "Vec<FilePart>".to_owned(),
                    PartKind::Value(ty) => value_type(ir, ty, required),
                },
                source: source.clone(),
            }
        })),
    }
    members
}

/// A value sent through serde: a required string is borrowed, an optional one converted.
fn value_type(ir: &Ir, ty: &TypeRef, required: bool) -> String {
    match ty {
        TypeRef::String if required => "&str".to_owned(),
        TypeRef::String => "impl Into<String>".to_owned(),
        ty => rust_type(ir, ty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Api, Docs, TypeDef, TypeId, TypeKind};

    fn ir_with(names: &[&str]) -> Ir {
        Ir {
            api: Api {
                title: String::new(),
                version: String::new(),
                description: None,
                default_base_url: None,
                server: None,
                operation_servers: Vec::new(),
                credentials: Vec::new(),
            },
            types: names
                .iter()
                .map(|name| TypeDef {
                    name: (*name).to_owned(),
                    source: Pointer::root(),
                    docs: Docs::default(),
                    kind: TypeKind::Const("1".to_owned()),
                })
                .collect(),
            operations: Vec::new(),
            groups: Vec::new(),
            error_bodies: Vec::new(),
            examples: Vec::new(),
            webhooks: Vec::new(),
        }
    }

    #[test]
    fn types_are_spelled_as_callers_write_them() {
        let ir = ir_with(&["Task", "Tag"]);
        let named = |i| Box::new(TypeRef::Named(TypeId(i)));
        let cases = [
            (
                TypeRef::Option(Box::new(TypeRef::Vec(named(0)))),
                "Option<Vec<models::Task>>",
            ),
            (TypeRef::Map(named(1)), "BTreeMap<String, models::Tag>"),
            (
                TypeRef::Option(Box::new(TypeRef::Nullable(Box::new(TypeRef::I64)))),
                "Option<models::Nullable<i64>>",
            ),
            (TypeRef::Tuple(vec![TypeRef::F64]), "(f64,)"),
            (
                TypeRef::Tuple(vec![TypeRef::Bool, TypeRef::U8]),
                "(bool, u8)",
            ),
            (
                TypeRef::JsonObject,
                "serde_json::Map<String, serde_json::Value>",
            ),
            (TypeRef::Box(named(0)), "Box<models::Task>"),
        ];
        for (ty, spelled) in cases {
            assert_eq!(rust_type(&ir, &ty), spelled);
        }
    }
}
