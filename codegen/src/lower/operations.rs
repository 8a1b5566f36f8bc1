//! Operations: each path and method of the spec, as one method of the client.

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::ir::{Method, Operation, PathParam, RequestBody, TypeDef, TypeKind, TypeRef};
use crate::lower::types::{TypeLowerer, docs, is_integer};
use crate::naming::{Scope, type_name, value_name};
use crate::normalize::SchemaDocs;
use crate::pointer::Pointer;
use crate::resolve::follow_references;

const METHODS: [(&str, Method); 8] = [
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("options", Method::Options),
    ("head", Method::Head),
    ("patch", Method::Patch),
    ("trace", Method::Trace),
];

/// Names of the client's own methods, which operations must not take.
pub(crate) const CLIENT_METHODS: &[&str] = &["builder", "base_url", "new"];

/// An operation as read from the spec, before its types are lowered.
#[derive(Clone, Debug)]
pub(crate) struct SpecOperation {
    pointer: Pointer,
    method: Method,
    path: String,
    operation_id: Option<String>,
    path_params: Vec<SpecParam>,
    /// The required JSON request body's schema.
    body: Option<Pointer>,
    /// The successful response's JSON schema, and whether there is a success response at all.
    response: Option<Pointer>,
    docs: SchemaDocs,
}

#[derive(Clone, Debug)]
struct SpecParam {
    name: String,
    schema: Option<Pointer>,
    docs: SchemaDocs,
}

impl SpecOperation {
    /// The schemas the operation sends.
    pub(crate) fn request_schemas(&self) -> impl Iterator<Item = Pointer> + '_ {
        self.path_params
            .iter()
            .filter_map(|p| p.schema.clone())
            .chain(self.body.iter().cloned())
    }

    /// The schemas the operation receives.
    pub(crate) fn response_schemas(&self) -> impl Iterator<Item = Pointer> + '_ {
        self.response.iter().cloned()
    }
}

/// Reads every operation under `paths`, in spec order. Operations whose inputs the client cannot
/// send yet are left out, each with a warning saying why.
pub(crate) fn collect(
    root: &Value,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<SpecOperation>, Diagnostic> {
    let mut operations = Vec::new();
    let Some(Value::Object(paths)) = root.get("paths") else {
        return Ok(operations);
    };
    let paths_at = Pointer::root().join("paths");
    for (path, item) in paths {
        let (item, item_at) = follow_references(root, item, paths_at.join(path.as_str()))?;
        let shared = item.get("parameters");
        for (key, method) in METHODS {
            let Some(operation) = item.get(key) else {
                continue;
            };
            let at = item_at.join(key);
            if let Some(op) =
                read_operation(root, path, method, operation, shared, &at, diagnostics)?
            {
                operations.push(op);
            }
        }
    }
    Ok(operations)
}

fn read_operation(
    root: &Value,
    path: &str,
    method: Method,
    operation: &Value,
    shared_params: Option<&Value>,
    at: &Pointer,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<SpecOperation>, Diagnostic> {
    let mut unsupported = Vec::new();
    let mut path_params: Vec<SpecParam> = Vec::new();
    let item_at = at.parent().unwrap_or_default();
    let lists = [
        (shared_params, item_at.join("parameters")),
        (operation.get("parameters"), at.join("parameters")),
    ];
    // Operation-level parameters override path-level ones of the same name and location.
    let mut params: Vec<(String, String, &Value, Pointer)> = Vec::new();
    for (list, list_at) in lists {
        let Some(Value::Array(list)) = list else {
            continue;
        };
        for (i, param) in list.iter().enumerate() {
            let (param, param_at) = follow_references(root, param, list_at.join(i.to_string()))?;
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let location = param.get("in").and_then(Value::as_str).unwrap_or_default();
            params.retain(|(n, l, _, _)| !(n == name && l == location));
            params.push((name.to_owned(), location.to_owned(), param, param_at));
        }
    }
    for (name, location, param, param_at) in params {
        let required = param.get("required") == Some(&Value::Bool(true));
        if location == "path" {
            path_params.push(SpecParam {
                name,
                schema: param.get("schema").map(|_| param_at.join("schema")),
                docs: param_docs(param),
            });
        } else if required {
            unsupported.push(format!("required {location} parameter `{name}`"));
        } else {
            diagnostics.push(Diagnostic::warning(
                param_at,
                format!("optional {location} parameter `{name}` is not offered by the client yet"),
            ));
        }
    }
    let mut body_schema = None;
    if let Some(body) = operation.get("requestBody") {
        let (body, body_at) = follow_references(root, body, at.join("requestBody"))?;
        let required = body.get("required") == Some(&Value::Bool(true));
        let json = body
            .get("content")
            .and_then(Value::as_object)
            .and_then(|content| content.iter().find(|(media, _)| is_json(media)))
            .filter(|(_, media)| media.get("schema").is_some());
        match (json, required) {
            (Some((media, _)), true) => {
                body_schema = Some(body_at.join("content").join(media.as_str()).join("schema"));
            }
            (None, true) => unsupported.push("a required request body that is not JSON".to_owned()),
            (_, false) => diagnostics.push(Diagnostic::warning(
                body_at,
                "the optional request body is not offered by the client yet",
            )),
        }
    }
    let response = match success_response(root, operation, at)? {
        Ok(schema) => schema,
        Err(reason) => {
            unsupported.push(reason);
            None
        }
    };
    if !unsupported.is_empty() {
        diagnostics.push(Diagnostic::warning(
            at.clone(),
            format!(
                "operation left out of the client: it needs {}, which is not supported yet",
                unsupported.join(" and ")
            ),
        ));
        return Ok(None);
    }
    for template_name in template_names(path) {
        if !path_params.iter().any(|p| p.name == template_name) {
            diagnostics.push(Diagnostic::warning(
                at.clone(),
                format!("path parameter `{template_name}` is not declared; taken as a string"),
            ));
            path_params.push(SpecParam {
                name: template_name,
                schema: None,
                docs: SchemaDocs::default(),
            });
        }
    }
    let text = |key: &str| {
        operation
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    Ok(Some(SpecOperation {
        pointer: at.clone(),
        method,
        path: path.to_owned(),
        operation_id: text("operationId"),
        path_params,
        body: body_schema,
        response,
        docs: SchemaDocs {
            title: text("summary"),
            description: text("description"),
            deprecated: operation.get("deprecated") == Some(&Value::Bool(true)),
            ..SchemaDocs::default()
        },
    }))
}

fn param_docs(param: &Value) -> SchemaDocs {
    SchemaDocs {
        description: param
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
        deprecated: param.get("deprecated") == Some(&Value::Bool(true)),
        ..SchemaDocs::default()
    }
}

/// The JSON schema of the first 2xx response: `Ok(None)` when it has no body, `Err` with a
/// reason when the client cannot read it yet.
fn success_response(
    root: &Value,
    operation: &Value,
    at: &Pointer,
) -> Result<Result<Option<Pointer>, String>, Diagnostic> {
    let Some(Value::Object(responses)) = operation.get("responses") else {
        return Ok(Ok(None));
    };
    let Some((status, response)) = responses.iter().find(|(status, _)| status.starts_with('2'))
    else {
        return Ok(Ok(None));
    };
    let response_at = at.join("responses").join(status.as_str());
    let (response, response_at) = follow_references(root, response, response_at)?;
    let Some(Value::Object(content)) = response.get("content") else {
        return Ok(Ok(None));
    };
    if content.is_empty() {
        return Ok(Ok(None));
    }
    let json = content.iter().find(|(media, _)| is_json(media));
    Ok(match json {
        Some((media, body)) => Ok(body.get("schema").map(|_| {
            response_at
                .join("content")
                .join(media.as_str())
                .join("schema")
        })),
        None => Err(format!(
            "a `{}` response body",
            content
                .keys()
                .next()
                .map(String::as_str)
                .unwrap_or_default()
        )),
    })
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// The `{name}`s of a path template, in order.
fn template_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// Lowers the operations, naming each method uniquely.
pub(crate) fn lower(operations: &[SpecOperation], types: &mut TypeLowerer<'_>) -> Vec<Operation> {
    let mut methods = Scope::with_reserved(CLIENT_METHODS);
    operations
        .iter()
        .map(|op| {
            let base = match &op.operation_id {
                Some(id) => id.clone(),
                None => format!("{:?} {}", op.method, op.path),
            };
            let name = methods.claim(value_name(&base));
            let type_prefix = type_name(&base);
            let mut args = Scope::with_reserved(&["self"]);
            let path_params = op
                .path_params
                .iter()
                .map(|param| PathParam {
                    name: args.claim(value_name(&param.name)),
                    wire_name: param.name.clone(),
                    ty: match &param.schema {
                        Some(schema) => {
                            let hint = format!("{type_prefix}{}", type_name(&param.name));
                            match types.type_of(schema, &hint) {
                                TypeRef::Option(inner) => *inner,
                                ty => ty,
                            }
                        }
                        None => TypeRef::String,
                    },
                    docs: docs(&param.docs),
                })
                .collect();
            let body = op.body.as_ref().map(|schema| RequestBody {
                name: args.claim("body".to_owned()),
                ty: match types.type_of(schema, &format!("{type_prefix}Request")) {
                    TypeRef::Option(inner) => *inner,
                    ty => ty,
                },
            });
            let response = op
                .response
                .as_ref()
                .map(|schema| types.type_of(schema, &format!("{type_prefix}Response")));
            Operation {
                name,
                source: op.pointer.clone(),
                method: op.method,
                path: op.path.clone(),
                path_params,
                body,
                response,
                docs: docs(&op.docs),
            }
        })
        .collect()
}

/// A path parameter goes into the URL through `Display`, which scalars and string enums have.
/// Any other type (arrays, objects, unions) is taken as the text to send, with a warning: the
/// OpenAPI `style` that would serialize it is not applied yet.
pub(crate) fn take_unformattable_path_params_as_text(
    operations: &mut [Operation],
    types: &[TypeDef],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for op in operations {
        for param in &mut op.path_params {
            if !has_display(types, &param.ty, 0) {
                diagnostics.push(Diagnostic::warning(
                    op.source.clone(),
                    format!(
                        "path parameter `{}` is not a scalar; the client takes it as the text to \
                         send, since its `style` is not applied yet",
                        param.wire_name
                    ),
                ));
                param.ty = TypeRef::String;
            }
        }
    }
}

fn has_display(types: &[TypeDef], ty: &TypeRef, depth: usize) -> bool {
    // Chains of aliases this long are taken as text.
    if depth > 64 {
        return false;
    }
    match ty {
        TypeRef::String | TypeRef::Bool | TypeRef::F32 | TypeRef::F64 => true,
        ty if is_integer(ty) => true,
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias(inner) => has_display(types, inner, depth + 1),
            TypeKind::Struct(_)
            | TypeKind::Union(_)
            | TypeKind::Const(_)
            | TypeKind::Newtype(_) => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names_in_order() {
        assert_eq!(template_names("/a/{b}/c/{d}.json"), ["b", "d"]);
        assert!(template_names("/plain").is_empty());
    }

    #[test]
    fn json_media_types() {
        assert!(is_json("application/json"));
        assert!(is_json("application/problem+json; charset=utf-8"));
        assert!(!is_json("text/plain"));
    }
}
