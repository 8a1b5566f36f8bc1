//! Operations: each path and method of the spec, as one method of the client returning a
//! request builder. Reading the spec (`collect`) comes before the schemas are resolved; typing
//! (`lower`) after.

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::fields::Fields;
use crate::hashing::HashMap;
use crate::ir::{
    BodyContent, Controls, FormPart, Method, Operation, OperationGroup, Param, ParamLocation,
    ParamStyle, PartKind, RequestBody, Scalar, Security, Server, TypeRef,
};
use crate::lower::omissions::Omissions;
use crate::lower::responses::{self, ErrorBodies, SpecResponse};
use crate::lower::security::{Requirements, read_requirements};
use crate::lower::servers;
use crate::lower::types::{TypeLowerer, docs};
use crate::members::{self, Member};
use crate::naming::{
    RESERVED_MODULES, Scope, feature_name, module_name, suffixed_type_name, type_name, type_prefix,
    value_name,
};
use crate::normalize::{InstanceType, SchemaDocs};
use crate::pointer::Pointer;
use crate::resolve::follow_references;

/// Names of the client's own methods, which operations must not take.
pub(crate) const CLIENT_METHODS: &[&str] = &[
    "builder",
    "base_url",
    "new",
    "request",
    "execute",
    "attempt",
    "authorize",
];

/// Names in the `operations` module that builders and success enums must not take: the
/// items its code names, and the prelude's.
const OPERATIONS_MODULE_NAMES: &[&str] = &[
    "Client",
    "Error",
    "ErrorBody",
    "Response",
    "FilePart",
    "Pending",
    "Operation",
    "Sending",
    "Result",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "Box",
    "String",
    "Vec",
    "Send",
    "Into",
    "Future",
    "Pin",
    "Context",
    "Poll",
];

/// Names a builder's setters and fields must not take.
const BUILDER_MEMBERS: &[&str] = &["self", "client", "send", "send_with_response", "poll"];

/// An operation as read from the spec, before its types are lowered.
#[derive(Clone, Debug)]
pub(crate) struct SpecOperation {
    pointer: Pointer,
    method: Method,
    path: String,
    operation_id: Option<String>,
    /// The first of its `tags`.
    tag: Option<String>,
    params: Vec<SpecParam>,
    body: Option<SpecBody>,
    responses: Vec<SpecResponse>,
    docs: SchemaDocs,
    /// The parts of the operation the client leaves out, each said in a warning: why, in a
    /// sentence for the method's docs.
    omissions: Vec<String>,
    /// Its own `security`, if it has one.
    pub(crate) security: Option<Requirements>,
    /// The first of its own `servers`, or of its path's.
    pub(crate) server: Option<Server>,
    /// Its paging extensions, `x-codegen-paging` and `x-ms-pageable`, each with its pointer.
    pub(crate) paging_extensions: [Option<(Value, Pointer)>; 2],
}

#[derive(Clone, Debug)]
struct SpecParam {
    name: String,
    location: ParamLocation,
    style: ParamStyle,
    explode: bool,
    required: bool,
    schema: Option<Pointer>,
    docs: SchemaDocs,
    /// Where it is declared.
    source: Pointer,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BodyKind {
    Json,
    Form,
    Multipart,
    Raw,
}

#[derive(Clone, Debug)]
struct SpecBody {
    media_type: String,
    required: bool,
    kind: BodyKind,
    schema: Option<Pointer>,
}

impl SpecOperation {
    /// The nodes the operation's items in the crate come from: the operation, its tags, its
    /// request body, its parameters and its responses.
    pub(crate) fn nodes(&self) -> impl Iterator<Item = Pointer> + '_ {
        let responses = self.pointer.join("responses");
        let each_response: Vec<Pointer> = self
            .responses
            .iter()
            .map(|response| responses.join(response.key()))
            .collect();
        [
            self.pointer.clone(),
            self.pointer.join("tags"),
            self.pointer.join("requestBody"),
            responses,
        ]
        .into_iter()
        .chain(self.params.iter().map(|p| p.source.clone()))
        .chain(each_response)
    }

    /// The schemas the operation sends.
    pub(crate) fn request_schemas(&self) -> impl Iterator<Item = Pointer> + '_ {
        self.params
            .iter()
            .filter_map(|p| p.schema.clone())
            .chain(self.body.iter().filter_map(|b| b.schema.clone()))
    }

    /// The schemas the operation receives.
    pub(crate) fn response_schemas(&self) -> impl Iterator<Item = Pointer> + '_ {
        self.responses.iter().filter_map(SpecResponse::schema)
    }
}

/// Reads every operation under `paths`, in spec order. A part of an operation that cannot be
/// read (a reference that leads nowhere, a parameter in no known location) is left out of its
/// method, with a warning and a line in the method's docs; a path item that cannot be read is
/// a warning.
pub(crate) fn collect(root: &Value, diagnostics: &mut Vec<Diagnostic>) -> Vec<SpecOperation> {
    let mut operations = Vec::new();
    let paths_at = Pointer::root().join("paths");
    for (path, item) in Member::Paths.entries(root) {
        let (item, item_at) = match follow_references(root, item, paths_at.join(path.as_str())) {
            Ok(found) => found,
            Err(unusable) => {
                diagnostics.push(unusable.with_consequence("its operations are left out"));
                continue;
            }
        };
        for method in Method::ALL {
            let key = method.as_str().to_ascii_lowercase();
            let Some(operation) = members::operation(item, method) else {
                continue;
            };
            let mut omissions = Omissions::default();
            let (operation, at) = match follow_references(root, operation, item_at.join(&key)) {
                Ok(found) => found,
                Err(unusable) => {
                    let at = item_at.join(&key);
                    omissions.push(
                        unusable.with_consequence(
                            "the method is generated from its path alone, without its \
                             parameters, body or responses",
                        ),
                        diagnostics,
                    );
                    (&Value::Null, at)
                }
            };
            operations.push(read_operation(
                root,
                path,
                method,
                (operation, &at),
                (item, &item_at),
                omissions,
                diagnostics,
            ));
        }
    }
    operations
}

/// Reads one operation; `operation` and `path_item` are each a node and its pointer, the nodes
/// that references lead to.
fn read_operation(
    root: &Value,
    path: &str,
    method: Method,
    (operation, at): (&Value, &Pointer),
    path_item: (&Value, &Pointer),
    mut omissions: Omissions,
    diagnostics: &mut Vec<Diagnostic>,
) -> SpecOperation {
    let server = servers::read_first(operation, at)
        .or_else(|| servers::read_first(path_item.0, path_item.1));
    let mut params = read_params(
        root,
        (operation, at),
        path_item,
        &mut omissions,
        diagnostics,
    );
    for template_name in template_names(path) {
        let declared = params
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.name == template_name);
        // Undeclared, it is a string (all a path's text is): nothing the spec states is lost.
        if !declared {
            params.push(SpecParam {
                name: template_name,
                location: ParamLocation::Path,
                style: ParamStyle::Simple,
                explode: false,
                required: true,
                schema: None,
                docs: SchemaDocs::default(),
                source: at.clone(),
            });
        }
    }
    let body = Member::RequestBody.of(operation).and_then(|body| {
        read_body(root, body, &at.join("requestBody"))
            .map_err(|unusable| {
                omissions.push(
                    unusable.with_consequence("the method sends no body"),
                    diagnostics,
                );
            })
            .ok()
            .flatten()
    });
    let responses = responses::read(root, operation, at, &mut omissions, diagnostics);
    let text = |key: &str| {
        operation
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    SpecOperation {
        pointer: at.clone(),
        method,
        path: path.to_owned(),
        operation_id: text("operationId").filter(|id| !id.trim().is_empty()),
        tag: operation
            .field("tags")
            .and_then(Value::as_array)
            .and_then(|tags| tags.first())
            .and_then(Value::as_str)
            .filter(|tag| !tag.trim().is_empty())
            .map(str::to_owned),
        params,
        body,
        responses,
        docs: SchemaDocs {
            title: text("summary"),
            description: text("description"),
            deprecated: operation.field("deprecated") == Some(&Value::Bool(true)),
            ..SchemaDocs::default()
        },
        omissions: omissions.into_lines(),
        security: read_requirements(operation),
        server,
        paging_extensions: [crate::lower::paging::OURS, crate::lower::paging::PAGEABLE].map(
            |key| {
                operation
                    .field(key)
                    .map(|value| (value.clone(), at.join(key)))
            },
        ),
    }
}

/// The path item's parameters, overridden by the operation's of the same name and location.
fn read_params(
    root: &Value,
    (operation, at): (&Value, &Pointer),
    (path_item, item_at): (&Value, &Pointer),
    omissions: &mut Omissions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<SpecParam> {
    let lists = [
        (
            Member::PathParameters.items(path_item),
            item_at.join("parameters"),
        ),
        (
            Member::OperationParameters.items(operation),
            at.join("parameters"),
        ),
    ];
    let mut params: Vec<SpecParam> = Vec::new();
    for (list, list_at) in lists {
        for (i, param) in list.iter().enumerate() {
            let (param, param_at) =
                match follow_references(root, param, list_at.join(i.to_string())) {
                    Ok(found) => found,
                    Err(unusable) => {
                        omissions.push(
                            unusable.with_consequence("the parameter is left out"),
                            diagnostics,
                        );
                        continue;
                    }
                };
            let name = param
                .field("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let location = match param.field("in").and_then(Value::as_str) {
                Some("path") => ParamLocation::Path,
                Some("query") => ParamLocation::Query,
                Some("header") => ParamLocation::Header,
                Some("cookie") => ParamLocation::Cookie,
                other => {
                    let place =
                        other.map_or_else(|| "no `in`".to_owned(), |o| format!("`in: {o}`"));
                    let warning = Diagnostic::warning(
                        param_at,
                        format!(
                            "the parameter `{name}` has {place}, not a location OpenAPI knows; \
                             the parameter is left out"
                        ),
                    );
                    if param.field("required") == Some(&Value::Bool(true)) {
                        omissions.push(warning, diagnostics);
                    } else {
                        diagnostics.push(warning);
                    }
                    continue;
                }
            };
            // OpenAPI: these headers are described elsewhere, and such parameters are ignored.
            let ignored_header = location == ParamLocation::Header
                && ["accept", "content-type", "authorization"]
                    .contains(&name.to_ascii_lowercase().as_str());
            if name.is_empty() || ignored_header {
                continue;
            }
            params.retain(|p| !(p.name == name && p.location == location));
            params.push(read_param(param, &param_at, name, location, diagnostics));
        }
    }
    params
}

fn read_param(
    param: &Value,
    at: &Pointer,
    name: &str,
    location: ParamLocation,
    diagnostics: &mut Vec<Diagnostic>,
) -> SpecParam {
    let default_style = match location {
        ParamLocation::Path | ParamLocation::Header => ParamStyle::Simple,
        ParamLocation::Query | ParamLocation::Cookie => ParamStyle::Form,
    };
    let mut schema = Member::ParameterSchema.of(param).map(|_| at.join("schema"));
    let mut style = match param.field("style").and_then(Value::as_str) {
        None => default_style,
        Some(text) => match parse_style(text, location) {
            Some(style) => style,
            None => {
                diagnostics.push(Diagnostic::warning(
                    at.join("style"),
                    format!(
                        "style `{text}` does not apply to a {} parameter; `{}` is used",
                        location_name(location),
                        style_name(default_style)
                    ),
                ));
                default_style
            }
        },
    };
    if schema.is_none() {
        if let Some((media, _)) = Member::ParameterContent.entries(param).next() {
            schema = Some(at.join("content").join(media.as_str()).join("schema"));
            if location == ParamLocation::Query {
                style = ParamStyle::Json;
            }
        }
    }
    let explode = param
        .field("explode")
        .and_then(Value::as_bool)
        .unwrap_or(style == ParamStyle::Form);
    SpecParam {
        name: name.to_owned(),
        location,
        style,
        explode,
        // Path parameters are always required, whatever the spec says.
        required: location == ParamLocation::Path
            || param.field("required") == Some(&Value::Bool(true)),
        schema,
        docs: SchemaDocs {
            description: param
                .field("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            deprecated: param.field("deprecated") == Some(&Value::Bool(true)),
            ..SchemaDocs::default()
        },
        source: at.clone(),
    }
}

fn parse_style(text: &str, location: ParamLocation) -> Option<ParamStyle> {
    use ParamLocation as L;
    let style = match text {
        "simple" => ParamStyle::Simple,
        "label" => ParamStyle::Label,
        "matrix" => ParamStyle::Matrix,
        "form" => ParamStyle::Form,
        "spaceDelimited" => ParamStyle::SpaceDelimited,
        "pipeDelimited" => ParamStyle::PipeDelimited,
        "deepObject" => ParamStyle::DeepObject,
        _ => return None,
    };
    let fits = match style {
        ParamStyle::Simple => matches!(location, L::Path | L::Header),
        ParamStyle::Label | ParamStyle::Matrix => location == L::Path,
        ParamStyle::Form => matches!(location, L::Query | L::Cookie),
        ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited | ParamStyle::DeepObject => {
            location == L::Query
        }
        ParamStyle::Json => false,
    };
    fits.then_some(style)
}

fn style_name(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Simple => "simple",
        ParamStyle::Label => "label",
        ParamStyle::Matrix => "matrix",
        ParamStyle::Form => "form",
        ParamStyle::SpaceDelimited => "spaceDelimited",
        ParamStyle::PipeDelimited => "pipeDelimited",
        ParamStyle::DeepObject => "deepObject",
        ParamStyle::Json => "content",
    }
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// The request body in the media type the client prefers: JSON, then a form, then multipart,
/// then raw bytes; an error is a reference that leads nowhere.
fn read_body(root: &Value, body: &Value, at: &Pointer) -> Result<Option<SpecBody>, Diagnostic> {
    let (body, at) = follow_references(root, body, at.clone())?;
    let chosen = Member::BodyContent
        .entries(body)
        .map(|(media, entry)| (body_kind(media), media, entry))
        .min_by_key(|(kind, _, _)| *kind as u8);
    let Some((kind, media, entry)) = chosen else {
        return Ok(None);
    };
    let media_type = match kind {
        BodyKind::Raw if media.contains('*') => "application/octet-stream".to_owned(),
        _ => media.clone(),
    };
    Ok(Some(SpecBody {
        media_type,
        required: body.field("required") == Some(&Value::Bool(true)),
        kind,
        schema: Member::MediaSchema
            .of(entry)
            .map(|_| at.join("content").join(media.as_str()).join("schema")),
    }))
}

/// The schema of a request body, in the media type the client would send; an error is a
/// reference that leads nowhere.
pub(crate) fn json_body_schema(
    root: &Value,
    body: &Value,
    at: &Pointer,
) -> Result<Option<Pointer>, Diagnostic> {
    Ok(read_body(root, body, at)?.and_then(|body| body.schema))
}

fn body_kind(media_type: &str) -> BodyKind {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if responses::is_json(&essence) {
        BodyKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if essence == "multipart/form-data" {
        BodyKind::Multipart
    } else {
        BodyKind::Raw
    }
}

/// The `{name}`s of a path template, in order.
fn template_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// The module of each operation's first tag, in the order the operations first name them.
fn groups(operations: &[SpecOperation]) -> (Vec<OperationGroup>, Vec<usize>) {
    let mut modules = Scope::with_reserved(RESERVED_MODULES);
    let mut groups: Vec<OperationGroup> = Vec::new();
    let mut by_tag: HashMap<Option<&str>, usize> = HashMap::default();
    let indices = operations
        .iter()
        .map(|op| {
            let tag = op.tag.as_deref();
            *by_tag.entry(tag).or_insert_with(|| {
                let module = match tag {
                    Some(tag) => modules.claim(module_name(tag)),
                    None => "untagged".to_owned(),
                };
                groups.push(OperationGroup {
                    feature: Some(feature_name(&module)),
                    module,
                    tag: tag.map(str::to_owned),
                    source: op.pointer.join("tags"),
                });
                groups.len() - 1
            })
        })
        .collect();
    (groups, indices)
}

/// Lowers the operations, naming each method, builder and argument uniquely, and the modules
/// they are grouped in; `security` and `servers` are each operation's, in order.
pub(crate) fn lower(
    operations: &[SpecOperation],
    (security, servers): (&[Security], &[Option<usize>]),
    types: &mut TypeLowerer<'_>,
    error_bodies: &mut ErrorBodies,
) -> (Vec<Operation>, Vec<OperationGroup>) {
    let mut methods = Scope::with_reserved(CLIENT_METHODS);
    let (groups, group_of) = groups(operations);
    // The tags' modules are in the `operations` module's type namespace too (`_2fa`, the
    // module of a tag `2FA`, would clash with the builder of an operation `2FA`).
    let mut module = Scope::with_reserved(
        &OPERATIONS_MODULE_NAMES
            .iter()
            .copied()
            .chain(groups.iter().map(|group| group.module.as_str()))
            .collect::<Vec<_>>(),
    );
    let operations = operations
        .iter()
        .zip(security.iter().zip(servers).zip(group_of))
        .map(|(op, ((security, server), group))| {
            let base = match &op.operation_id {
                Some(id) => id.clone(),
                None => format!("{:?} {}", op.method, op.path),
            };
            let name = methods.claim(value_name(&base));
            // The method's words: `r#type` gives `Type`, not `RType`.
            let builder = module.claim(type_name(name.strip_prefix("r#").unwrap_or(&name)));
            let arguments = module.claim(suffixed_type_name(&builder, "Arguments"));
            let prefix = type_prefix(&base);
            let mut members = Scope::with_reserved(BUILDER_MEMBERS);
            let params = op
                .params
                .iter()
                .map(|param| lower_param(param, &prefix, &mut members, types))
                .collect();
            let body = op
                .body
                .as_ref()
                .map(|body| lower_body(body, &prefix, &mut members, types));
            // Claimed last, so that a parameter keeps its name and these are numbered.
            let controls = Controls {
                extra_header: members.claim("extra_header".to_owned()),
                request_timeout: members.claim("request_timeout".to_owned()),
                field: members.claim("options".to_owned()),
            };
            let responses = responses::lower(
                &op.responses,
                &builder,
                &prefix,
                types,
                error_bodies,
                &mut module,
            );
            Operation {
                name,
                builder,
                arguments,
                group,
                source: op.pointer.clone(),
                method: op.method,
                path: op.path.clone(),
                params,
                body,
                responses,
                docs: docs(&op.docs),
                omissions: omissions(op, types.graph()),
                id: op
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| format!("{} {}", op.method.as_str(), op.path)),
                security: security.clone(),
                server: *server,
                controls,
                paging: None,
            }
        })
        .collect();
    (operations, groups)
}

/// What the operation leaves out: what could not be read, and each parameter, body or response
/// whose schema is a reference that leads nowhere (typed as a JSON value).
fn omissions(op: &SpecOperation, graph: &crate::resolve::SchemaGraph) -> Vec<String> {
    let mut omissions = op.omissions.clone();
    for schema in op.request_schemas().chain(op.response_schemas()) {
        if graph.get(&schema).dangling {
            omissions.push(format!(
                "`{schema}`: its `$ref` leads nowhere; typed as `serde_json::Value`"
            ));
        }
    }
    omissions
}

fn lower_param(
    param: &SpecParam,
    prefix: &str,
    members: &mut Scope,
    types: &mut TypeLowerer<'_>,
) -> Param {
    let ty = match &param.schema {
        Some(schema) => {
            let hint = format!("{prefix}{}", type_name(&param.name));
            without_option(types.type_of(schema, &hint))
        }
        None => TypeRef::Scalar(Scalar::String),
    };
    Param {
        name: members.claim(value_name(&param.name)),
        wire_name: param.name.clone(),
        location: param.location,
        style: param.style,
        explode: param.explode,
        required: param.required,
        ty,
        docs: docs(&param.docs),
        source: param.source.clone(),
    }
}

fn lower_body(
    body: &SpecBody,
    prefix: &str,
    members: &mut Scope,
    types: &mut TypeLowerer<'_>,
) -> RequestBody {
    let typed = |types: &mut TypeLowerer<'_>| match &body.schema {
        Some(schema) => without_option(types.type_of(schema, &format!("{prefix}Request"))),
        None => TypeRef::Value,
    };
    let content = match body.kind {
        BodyKind::Json => BodyContent::Json {
            ty: typed(types),
            name: members.claim("body".to_owned()),
        },
        BodyKind::Form => BodyContent::Form {
            ty: typed(types),
            name: members.claim("body".to_owned()),
        },
        BodyKind::Raw => BodyContent::Raw {
            name: members.claim("body".to_owned()),
        },
        BodyKind::Multipart => BodyContent::Multipart(multipart_parts(
            body.schema.as_ref(),
            prefix,
            members,
            types,
        )),
    };
    RequestBody {
        media_type: body.media_type.clone(),
        required: body.required,
        content,
    }
}

/// The parts of a multipart body: one per property of its schema.
fn multipart_parts(
    schema: Option<&Pointer>,
    prefix: &str,
    members: &mut Scope,
    types: &mut TypeLowerer<'_>,
) -> Vec<FormPart> {
    let Some(schema) = schema else {
        return Vec::new();
    };
    let graph = types.graph();
    let object = graph.concrete(schema);
    let required = object.required.clone();
    let properties: Vec<(String, Pointer)> = object
        .properties
        .iter()
        .map(|(name, at)| (name.clone(), at.clone()))
        .collect();
    properties
        .into_iter()
        .map(|(wire_name, at)| {
            let property = graph.concrete(&at);
            let kind = if is_binary(property) {
                PartKind::File
            } else if property.types == [InstanceType::Array]
                && property
                    .items
                    .as_ref()
                    .is_some_and(|items| is_binary(graph.concrete(items)))
            {
                PartKind::Files
            } else {
                let hint = format!("{prefix}{}", type_name(&wire_name));
                PartKind::Value(without_option(types.type_of(&at, &hint)))
            };
            FormPart {
                name: members.claim(value_name(&wire_name)),
                required: required.contains(&wire_name),
                docs: docs(graph.get(&at).docs()),
                wire_name,
                kind,
            }
        })
        .collect()
}

/// A string of bytes rather than text: `format: binary`, or 3.1's `contentMediaType`.
fn is_binary(schema: &crate::normalize::Schema) -> bool {
    schema.types == [InstanceType::String]
        && (schema.format.as_deref() == Some("binary") || schema.binary_content)
}

fn without_option(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(inner) => *inner,
        ty => ty,
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
    fn body_kinds() {
        assert_eq!(body_kind("application/json"), BodyKind::Json);
        assert_eq!(body_kind("application/merge-patch+json"), BodyKind::Json);
        assert_eq!(
            body_kind("application/x-www-form-urlencoded"),
            BodyKind::Form
        );
        assert_eq!(
            body_kind("multipart/form-data; boundary=x"),
            BodyKind::Multipart
        );
        assert_eq!(body_kind("application/octet-stream"), BodyKind::Raw);
    }

    #[test]
    fn styles_fit_their_locations() {
        assert_eq!(
            parse_style("deepObject", ParamLocation::Query),
            Some(ParamStyle::DeepObject)
        );
        assert_eq!(parse_style("deepObject", ParamLocation::Path), None);
        assert_eq!(
            parse_style("matrix", ParamLocation::Path),
            Some(ParamStyle::Matrix)
        );
        assert_eq!(parse_style("form", ParamLocation::Header), None);
        assert_eq!(parse_style("bogus", ParamLocation::Query), None);
    }
}
