//! Paging: which list operations the client walks page by page, and how each finds its next
//! page. Runs after the types are shaped, on the IR's operations and types: a rule reads the
//! type of the success body, its fields and the operation's query parameters.
//!
//! One function per rule, tried in this order:
//! - [`declared`]: our extension `x-codegen-paging` on the operation (an overlay can set it),
//!   which wins over everything else; a malformed one is a warning and no paging;
//! - [`pageable`]: `x-ms-pageable` (Azure, Microsoft Graph): the items in `itemName`
//!   (default `value`), the next page at the URL in `nextLinkName`;
//! - [`link_header`]: a 2xx response that declares a `Link` header, with an array body;
//! - [`cursor`]: an object body with an array `data` and a boolean `has_more`, and a
//!   `starting_after` (Stripe) or `after` (OpenAI) query parameter;
//! - [`page_token`]: a string `nextPageToken` or `next_page_token` in the body and a
//!   `pageToken` or `page_token` query parameter (Google).

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::ir::{
    Field, JsonScalar, Operation, PageCursor, Paging, PagingRule, PagingSource, ParamLocation,
    ResponseBody, Scalar, Struct, Success, TypeDef, TypeKind, TypeRef,
};
use crate::lower::operations::SpecOperation;
use crate::pointer::Pointer;

/// Our extension: an operation's paging, stated.
pub(crate) const OURS: &str = "x-codegen-paging";
/// AutoRest's extension.
pub(crate) const PAGEABLE: &str = "x-ms-pageable";

/// Sets the paging of each operation, `spec_operations` being the operations as read, in the
/// same order.
pub(crate) fn find(
    spec_operations: &[SpecOperation],
    operations: &mut [Operation],
    types: &[TypeDef],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (spec, op) in spec_operations.iter().zip(operations.iter_mut()) {
        let [ours, pageable_extension] = &spec.paging_extensions;
        op.paging = if let Some((value, at)) = ours {
            declared(value, at, op, types).unwrap_or_else(|warning| {
                diagnostics.push(warning);
                None
            })
        } else if let Some((value, at)) = pageable_extension {
            pageable(value, at, op, types).unwrap_or_else(|warning| {
                diagnostics.push(warning);
                None
            })
        } else {
            link_header(op, types)
                .or_else(|| cursor(op, types))
                .or_else(|| page_token(op, types))
        };
    }
}

/// The `Link` header rule: a 2xx response declares `Link` and its body is an array.
fn link_header(op: &Operation, types: &[TypeDef]) -> Option<Paging> {
    let declares_link = op
        .responses
        .success_headers
        .iter()
        .any(|name| name.eq_ignore_ascii_case("link"));
    if !declares_link {
        return None;
    }
    let TypeRef::Vec(item) = resolve(page_body(op)?, types) else {
        return None;
    };
    Some(inferred(PagingRule::LinkHeader, None, (**item).clone()))
}

/// The cursor rule: `data` and `has_more` in the body, `starting_after` or `after` in the
/// query; the cursor is the body's `last_id` where it has one, else the last item's `id`.
fn cursor(op: &Operation, types: &[TypeDef]) -> Option<Paging> {
    let body = object(page_body(op)?, types)?;
    let (items, item) = items_field(body, "data", types)?;
    let has_more = field(body, "has_more").filter(|f| is_flag(&f.ty, types))?;
    let param = ["starting_after", "after"]
        .into_iter()
        .find(|name| has_query(op, name))?;
    let cursor = match field(body, "last_id").filter(|f| is_text(&f.ty, types)) {
        Some(last_id) => PageCursor::BodyField(last_id.name.clone()),
        None => item_cursor(&item, "id", types)?,
    };
    let rule = PagingRule::Cursor {
        has_more: has_more.name.clone(),
        param: param.to_owned(),
        cursor,
    };
    Some(inferred(rule, Some(items), item))
}

/// The page token rule: `nextPageToken` (or `next_page_token`) in the body, `pageToken` (or
/// `page_token`) in the query. The items are the body's `items`, or its one list.
fn page_token(op: &Operation, types: &[TypeDef]) -> Option<Paging> {
    let body = object(page_body(op)?, types)?;
    let token = ["nextPageToken", "next_page_token"]
        .into_iter()
        .find_map(|name| field(body, name))
        .filter(|f| is_string(&f.ty, types))?;
    let param = ["pageToken", "page_token"]
        .into_iter()
        .find(|name| has_query(op, name))?;
    let (items, item) = items_field(body, "items", types).or_else(|| only_list(body, types))?;
    let rule = PagingRule::Token {
        token_field: token.name.clone(),
        param: param.to_owned(),
    };
    Some(inferred(rule, Some(items), item))
}

/// `x-ms-pageable`: the items in the body's `itemName` (default `value`), the next page at the
/// URL in its `nextLinkName`. A `null` or absent `nextLinkName` says the list has one page:
/// nothing to walk. Names the body does not have are a warning.
fn pageable(
    value: &Value,
    at: &Pointer,
    op: &Operation,
    types: &[TypeDef],
) -> Result<Option<Paging>, Diagnostic> {
    let Value::Object(settings) = value else {
        return Err(malformed(at, "is not an object"));
    };
    let text = |key: &str| match settings.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(name)) => Ok(Some(name.as_str())),
        Some(_) => Err(malformed(&at.join(key), "is not a string")),
    };
    let Some(next) = text("nextLinkName")? else {
        return Ok(None);
    };
    let item_name = text("itemName")?.unwrap_or("value");
    let body = page_body(op)
        .and_then(|body| object(body, types))
        .ok_or_else(|| malformed(at, "is on an operation whose success body is not an object"))?;
    let next_field = field(body, next)
        .filter(|f| is_string(&f.ty, types))
        .ok_or_else(|| missing(&at.join("nextLinkName"), next, "string"))?;
    let (items, item) = items_field(body, item_name, types)
        .ok_or_else(|| missing(&at.join("itemName"), item_name, "list"))?;
    let rule = PagingRule::NextLink {
        next_field: next_field.name.clone(),
    };
    Ok(Some(Paging {
        rule,
        items: Some(items),
        item,
        source: PagingSource::Extension(at.clone()),
    }))
}

/// `x-codegen-paging`: the rule and its fields, stated. Its keys:
///
/// - `rule`: `link-header`, `cursor`, `token` or `next-link`;
/// - `items`: the body's property that holds the items; without it, the body is the array;
/// - `cursor`: `hasMore` (the boolean property), `param` (the query parameter) and either
///   `cursorField` (the last item's property, default `id`) or `lastIdField` (the body's);
/// - `token`: `tokenField` (the body's property) and `param`;
/// - `next-link`: `nextField` (the body's property holding the next page's URL).
fn declared(
    value: &Value,
    at: &Pointer,
    op: &Operation,
    types: &[TypeDef],
) -> Result<Option<Paging>, Diagnostic> {
    const KEYS: &[&str] = &[
        "rule",
        "items",
        "hasMore",
        "param",
        "cursorField",
        "lastIdField",
        "tokenField",
        "nextField",
    ];
    let Value::Object(settings) = value else {
        return Err(malformed(at, "is not an object"));
    };
    if let Some(unknown) = settings.keys().find(|key| !KEYS.contains(&key.as_str())) {
        return Err(malformed(
            &at.join(unknown.as_str()),
            &format!(
                "has the key `{unknown}`, which is none of {}",
                KEYS.join(", ")
            ),
        ));
    }
    let text = |key: &str| match settings.get(key) {
        None => Ok(None),
        Some(Value::String(name)) => Ok(Some(name.as_str())),
        Some(_) => Err(malformed(&at.join(key), "is not a string")),
    };
    let required =
        |key: &str| text(key)?.ok_or_else(|| malformed(at, &format!("needs `{key}` for its rule")));
    const RULES: &[&str] = &["link-header", "cursor", "token", "next-link"];
    let rule_name = required("rule")?;
    if !RULES.contains(&rule_name) {
        return Err(malformed(
            &at.join("rule"),
            &format!(
                "names the rule `{rule_name}`, which is none of {}",
                RULES.join(", ")
            ),
        ));
    }
    let body = page_body(op).ok_or_else(|| {
        malformed(
            at,
            "is on an operation whose success body is not one JSON type",
        )
    })?;
    let body_object = || {
        object(body, types)
            .ok_or_else(|| malformed(at, "names properties of a body that is not an object"))
    };
    let (items, item) = match text("items")? {
        Some(name) => {
            let (items, item) = items_field(body_object()?, name, types)
                .ok_or_else(|| missing(&at.join("items"), name, "list"))?;
            (Some(items), item)
        }
        None => match resolve(body, types) {
            TypeRef::Vec(item) => (None, (**item).clone()),
            _ => {
                return Err(malformed(
                    at,
                    "has no `items`, but the success body is not an array",
                ));
            }
        },
    };
    let query = |op: &Operation| -> Result<String, Diagnostic> {
        let param = required("param")?;
        if has_query(op, param) {
            Ok(param.to_owned())
        } else {
            Err(malformed(
                &at.join("param"),
                &format!("names `{param}`, which is not a query parameter of the operation"),
            ))
        }
    };
    let body_field = |key: &str, kind: &str, fits: fn(&TypeRef, &[TypeDef]) -> bool| {
        let name = required(key)?;
        field(body_object()?, name)
            .filter(|f| fits(&f.ty, types))
            .map(|f| f.name.clone())
            .ok_or_else(|| missing(&at.join(key), name, kind))
    };
    let rule = match rule_name {
        "link-header" => PagingRule::LinkHeader,
        "cursor" => {
            let has_more = body_field("hasMore", "boolean", is_flag)?;
            let param = query(op)?;
            let cursor = if settings.contains_key("lastIdField") {
                PageCursor::BodyField(body_field("lastIdField", "string or integer", is_text)?)
            } else {
                let name = text("cursorField")?.unwrap_or("id");
                item_cursor(&item, name, types).ok_or_else(|| {
                    malformed(
                        &at.join("cursorField"),
                        &format!(
                            "names `{name}`, which the items have no string or integer property for"
                        ),
                    )
                })?
            };
            PagingRule::Cursor {
                has_more,
                param,
                cursor,
            }
        }
        "token" => PagingRule::Token {
            token_field: body_field("tokenField", "string", is_string)?,
            param: query(op)?,
        },
        _ => PagingRule::NextLink {
            next_field: body_field("nextField", "string", is_string)?,
        },
    };
    Ok(Some(Paging {
        rule,
        items,
        item,
        source: PagingSource::Extension(at.clone()),
    }))
}

/// The cursor an item's text property `name` gives: its field, or, for an item of several
/// types each with the property (a union of objects), the property of its JSON.
fn item_cursor(item: &TypeRef, name: &str, types: &[TypeDef]) -> Option<PageCursor> {
    if let Some(own) = object(item, types) {
        let id = field(own, name).filter(|f| is_text(&f.ty, types))?;
        return Some(PageCursor::LastItem(id.name.clone()));
    }
    let TypeRef::Named(id) = resolve(item, types) else {
        return None;
    };
    let TypeKind::Union(union) = &types[id.0].kind else {
        return None;
    };
    // A tagged union's variant of unknown tags holds any JSON: its property is read as well.
    let mut known = union
        .variants
        .iter()
        .filter(|variant| union.unknown_variant.as_ref() != Some(&variant.name))
        .peekable();
    let every_variant_has_it = known.peek().is_some()
        && known.all(|variant| {
            let payload = match &variant.payload {
                TypeRef::Box(inner) => inner,
                payload => payload,
            };
            object(payload, types)
                .and_then(|s| field(s, name))
                .is_some_and(|f| is_text(&f.ty, types))
        });
    every_variant_has_it.then(|| PageCursor::LastItemProperty(name.to_owned()))
}

fn inferred(rule: PagingRule, items: Option<String>, item: TypeRef) -> Paging {
    Paging {
        rule,
        items,
        item,
        source: PagingSource::Inferred,
    }
}

fn malformed(at: &Pointer, what: &str) -> Diagnostic {
    Diagnostic::warning(
        at.clone(),
        format!("the paging extension {what}; the operation is not paged"),
    )
}

fn missing(at: &Pointer, name: &str, kind: &str) -> Diagnostic {
    malformed(
        at,
        &format!("names `{name}`, which the success body has no {kind} property for"),
    )
}

/// The type of the one success body, if it is JSON.
fn page_body(op: &Operation) -> Option<&TypeRef> {
    match &op.responses.success {
        Success::One(ResponseBody::Json(ty)) => Some(ty),
        _ => None,
    }
}

/// The type an alias stands for, through any chain of aliases.
fn resolve<'t>(mut ty: &'t TypeRef, types: &'t [TypeDef]) -> &'t TypeRef {
    // Alias cycles are broken before this pass; the bound is a guard.
    for _ in 0..types.len() + 1 {
        match ty {
            TypeRef::Named(id) => match &types[id.0].kind {
                TypeKind::Alias(target) => ty = target,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// The struct a body is, if it is one.
fn object<'t>(ty: &'t TypeRef, types: &'t [TypeDef]) -> Option<&'t Struct> {
    match resolve(ty, types) {
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// The struct's property of this JSON name.
fn field<'s>(s: &'s Struct, wire_name: &str) -> Option<&'s Field> {
    s.fields
        .iter()
        .find(|f| !f.flatten && f.wire_name == wire_name)
}

fn without_option<'t>(ty: &'t TypeRef, types: &'t [TypeDef]) -> &'t TypeRef {
    match resolve(ty, types) {
        TypeRef::Option(inner) => resolve(inner, types),
        ty => ty,
    }
}

/// A boolean, or an optional one (absent is false).
fn is_flag(ty: &TypeRef, types: &[TypeDef]) -> bool {
    *without_option(ty, types) == TypeRef::Scalar(Scalar::Bool)
}

/// A string, or an optional one.
fn is_string(ty: &TypeRef, types: &[TypeDef]) -> bool {
    *without_option(ty, types) == TypeRef::Scalar(Scalar::String)
}

/// A string or an integer, or an optional one: a value a query parameter can carry.
fn is_text(ty: &TypeRef, types: &[TypeDef]) -> bool {
    match without_option(ty, types) {
        TypeRef::Scalar(scalar) => matches!(
            scalar.facts().json,
            JsonScalar::Text | JsonScalar::Signed | JsonScalar::Unsigned
        ),
        _ => false,
    }
}

/// The item type of a list: an array's items, or a map's entries as (key, value) pairs.
fn list_item(ty: &TypeRef, types: &[TypeDef]) -> Option<TypeRef> {
    match without_option(ty, types) {
        TypeRef::Vec(item) => Some((**item).clone()),
        TypeRef::Map(value) => Some(TypeRef::Tuple(vec![
            TypeRef::Scalar(Scalar::String),
            (**value).clone(),
        ])),
        _ => None,
    }
}

/// The Rust name and item type of the struct's list property of this JSON name.
fn items_field(s: &Struct, wire_name: &str, types: &[TypeDef]) -> Option<(String, TypeRef)> {
    let f = field(s, wire_name)?;
    Some((f.name.clone(), list_item(&f.ty, types)?))
}

/// The struct's one array property, or else its one map property.
fn only_list(s: &Struct, types: &[TypeDef]) -> Option<(String, TypeRef)> {
    let only = |map: bool| {
        let mut lists = s.fields.iter().filter(|f| {
            !f.flatten
                && match without_option(&f.ty, types) {
                    TypeRef::Vec(_) => !map,
                    TypeRef::Map(_) => map,
                    _ => false,
                }
        });
        match (lists.next(), lists.next()) {
            (Some(f), None) => Some((f.name.clone(), list_item(&f.ty, types)?)),
            _ => None,
        }
    };
    only(false).or_else(|| only(true))
}

fn has_query(op: &Operation, wire_name: &str) -> bool {
    op.params
        .iter()
        .any(|p| p.location == ParamLocation::Query && p.wire_name == wire_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paging of each operation of a spec with these `paths` and component `schemas`, and
    /// the warnings.
    fn paging(paths: &str, schemas: &str) -> (Vec<Option<Paging>>, Vec<String>) {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n    item: {{type: object, required: [id], properties: {{id: {{type: string}}, n: {{type: integer}}}}}}\n{schemas}"
        );
        let (ir, diagnostics) = crate::lower_to_ir(&spec, &crate::Options::default()).unwrap();
        let warnings = diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect();
        (
            ir.operations.into_iter().map(|op| op.paging).collect(),
            warnings,
        )
    }

    fn json_ok(schema: &str) -> String {
        format!(
            "      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {schema}}}}}}}}}\n"
        )
    }

    fn item() -> TypeRef {
        TypeRef::Named(crate::ir::TypeId(0))
    }

    #[test]
    fn a_link_header_with_an_array_body_pages_by_the_next_link() {
        let with_link = "      responses:\n        '200':\n          description: ok\n          headers: {Link: {schema: {type: string}}}\n          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/item'}}}}\n";
        let without_array = "      responses:\n        '200':\n          description: ok\n          headers: {link: {schema: {type: string}}}\n          content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}\n";
        let no_header = json_ok("{type: array, items: {$ref: '#/components/schemas/item'}}");
        let (found, warnings) = paging(
            &format!(
                "  /a:\n    get:\n{with_link}  /b:\n    get:\n{without_array}  /c:\n    get:\n{no_header}"
            ),
            "",
        );
        assert_eq!(
            found,
            [
                Some(inferred(PagingRule::LinkHeader, None, item())),
                None,
                None
            ]
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_cursor_is_the_last_items_id_or_the_bodys_last_id() {
        let list = |extra: &str| {
            format!(
                "{{type: object, properties: {{data: {{type: array, items: {{$ref: '#/components/schemas/item'}}}}, has_more: {{type: boolean}}{extra}}}}}"
            )
        };
        let query = |name: &str| {
            format!("      parameters: [{{name: {name}, in: query, schema: {{type: string}}}}]\n")
        };
        let paths = format!(
            "  /stripe:\n    get:\n{}{}  /openai:\n    get:\n{}{}  /no-param:\n    get:\n{}  /other-param:\n    get:\n{}{}",
            query("starting_after"),
            json_ok(&list("")),
            query("after"),
            json_ok(&list(", last_id: {type: string, nullable: true}")),
            json_ok(&list("")),
            query("cursor"),
            json_ok(&list("")),
        );
        let (found, _) = paging(&paths, "");
        let rule = |param: &str, cursor| PagingRule::Cursor {
            has_more: "has_more".into(),
            param: param.into(),
            cursor,
        };
        assert_eq!(
            found,
            [
                Some(inferred(
                    rule("starting_after", PageCursor::LastItem("id".into())),
                    Some("data".into()),
                    item()
                )),
                Some(inferred(
                    rule("after", PageCursor::BodyField("last_id".into())),
                    Some("data".into()),
                    item()
                )),
                None,
                None,
            ]
        );
    }

    #[test]
    fn a_cursor_of_items_of_several_types_is_their_json_id() {
        let body = |items: &str| {
            json_ok(&format!(
                "{{type: object, properties: {{data: {{type: array, items: {items}}}, has_more: {{type: boolean}}}}}}"
            ))
        };
        let query =
            "      parameters: [{name: starting_after, in: query, schema: {type: string}}]\n";
        let paths = format!(
            "  /both:\n    get:\n{query}{}  /one-without:\n    get:\n{query}{}",
            body(
                "{anyOf: [{$ref: '#/components/schemas/item'}, {$ref: '#/components/schemas/card'}]}"
            ),
            body(
                "{anyOf: [{$ref: '#/components/schemas/item'}, {$ref: '#/components/schemas/plain'}]}"
            ),
        );
        let (found, _) = paging(
            &paths,
            "    card: {type: object, required: [id, last4], properties: {id: {type: string}, last4: {type: string}}}\n    plain: {type: object, required: [n], properties: {n: {type: integer}}}\n",
        );
        let Some(Paging {
            rule: PagingRule::Cursor { cursor, .. },
            ..
        }) = &found[0]
        else {
            panic!("{found:?}");
        };
        assert_eq!(*cursor, PageCursor::LastItemProperty("id".into()));
        // A branch without an `id` gives no cursor.
        assert_eq!(found[1], None);
    }

    #[test]
    fn a_page_token_pages_until_the_token_is_gone() {
        let params = "      parameters: [{name: pageToken, in: query, schema: {type: string}}]\n";
        let paths = format!(
            "  /items:\n    get:\n{params}{}  /one-list:\n    get:\n{params}{}  /aggregated:\n    get:\n{params}{}  /two-lists:\n    get:\n{params}{}",
            json_ok(
                "{type: object, properties: {items: {type: array, items: {$ref: '#/components/schemas/item'}}, other: {type: array, items: {type: string}}, nextPageToken: {type: string}}}"
            ),
            json_ok(
                "{type: object, properties: {files: {type: array, items: {$ref: '#/components/schemas/item'}}, nextPageToken: {type: string}}}"
            ),
            json_ok(
                "{type: object, properties: {items: {type: object, additionalProperties: {$ref: '#/components/schemas/item'}}, nextPageToken: {type: string}}}"
            ),
            json_ok(
                "{type: object, properties: {a: {type: array, items: {type: string}}, b: {type: array, items: {type: string}}, next_page_token: {type: string}}}"
            ),
        );
        let (found, _) = paging(&paths, "");
        let rule = PagingRule::Token {
            token_field: "next_page_token".into(),
            param: "pageToken".into(),
        };
        assert_eq!(
            found,
            [
                Some(inferred(rule.clone(), Some("items".into()), item())),
                Some(inferred(rule.clone(), Some("files".into()), item())),
                Some(inferred(
                    rule,
                    Some("items".into()),
                    TypeRef::Tuple(vec![TypeRef::Scalar(Scalar::String), item()])
                )),
                None,
            ]
        );
    }

    #[test]
    fn x_ms_pageable_names_the_items_and_the_next_link() {
        let body = json_ok(
            "{type: object, properties: {value: {type: array, items: {$ref: '#/components/schemas/item'}}, entries: {type: array, items: {type: string}}, '@odata.nextLink': {type: string, nullable: true}}}",
        );
        let paths = format!(
            "  /graph:\n    get:\n      x-ms-pageable: {{nextLinkName: '@odata.nextLink'}}\n{body}  /named:\n    get:\n      x-ms-pageable: {{nextLinkName: '@odata.nextLink', itemName: entries}}\n{body}  /single:\n    get:\n      x-ms-pageable: {{nextLinkName: null}}\n{body}  /wrong:\n    get:\n      x-ms-pageable: {{nextLinkName: nextLink}}\n{body}"
        );
        let (found, warnings) = paging(&paths, "");
        let at = |path: &str| {
            Pointer::root()
                .join("paths")
                .join(path)
                .join("get")
                .join(PAGEABLE)
        };
        let rule = PagingRule::NextLink {
            next_field: "odata_next_link".into(),
        };
        let paged = |path: &str, items: &str, item: TypeRef| Paging {
            rule: rule.clone(),
            items: Some(items.into()),
            item,
            source: PagingSource::Extension(at(path)),
        };
        assert_eq!(
            found,
            [
                Some(paged("/graph", "value", item())),
                Some(paged("/named", "entries", TypeRef::Scalar(Scalar::String))),
                None,
                None,
            ]
        );
        assert_eq!(
            warnings,
            [format!(
                "{}: the paging extension names `nextLink`, which the success body has no string property for; the operation is not paged",
                at("/wrong").join("nextLinkName")
            )]
        );
    }

    #[test]
    fn x_codegen_paging_wins_over_inference_and_a_malformed_one_is_a_warning() {
        let params = "      parameters: [{name: pageToken, in: query, schema: {type: string}}, {name: cursor, in: query, schema: {type: string}}]\n";
        let body = json_ok(
            "{type: object, properties: {entries: {type: array, items: {$ref: '#/components/schemas/item'}}, more: {type: boolean}, next: {type: string}, nextPageToken: {type: string}}}",
        );
        let paths = [
            "{rule: token, items: entries, tokenField: next, param: cursor}",
            "{rule: cursor, items: entries, hasMore: more, param: cursor, cursorField: n}",
            "{rule: next-link, items: entries, nextField: next}",
            "{rule: cursor, items: entries, hasMore: more, param: nowhere}",
            "{rule: token, items: entries, tokenField: more, param: cursor}",
            "{rule: sideways}",
            "{rule: link-header}",
            "{rule: next-link, items: entries, nextField: next, extra: 1}",
            "[]",
        ]
        .iter()
        .enumerate()
        .map(|(i, ext)| {
            format!("  /p{i}:\n    get:\n      x-codegen-paging: {ext}\n{params}{body}")
        })
        .collect::<String>();
        let (found, warnings) = paging(&paths, "");
        let at = |i: usize| {
            Pointer::root()
                .join("paths")
                .join(format!("/p{i}").as_str())
                .join("get")
                .join(OURS)
        };
        let declared = |i: usize, rule| Paging {
            rule,
            items: Some("entries".into()),
            item: item(),
            source: PagingSource::Extension(at(i)),
        };
        assert_eq!(
            found[..3],
            [
                Some(declared(
                    0,
                    PagingRule::Token {
                        token_field: "next".into(),
                        param: "cursor".into()
                    }
                )),
                Some(declared(
                    1,
                    PagingRule::Cursor {
                        has_more: "more".into(),
                        param: "cursor".into(),
                        cursor: PageCursor::LastItem("n".into())
                    }
                )),
                Some(declared(
                    2,
                    PagingRule::NextLink {
                        next_field: "next".into()
                    }
                )),
            ]
        );
        // Each malformed one is not paged, though the token rule would have inferred it.
        assert!(found[3..].iter().all(Option::is_none), "{found:?}");
        let located: Vec<&str> = warnings
            .iter()
            .map(|w| w.split(": ").next().unwrap())
            .collect();
        assert_eq!(
            located,
            [
                at(3).join("param").to_string(),
                at(4).join("tokenField").to_string(),
                at(5).join("rule").to_string(),
                at(6).to_string(),
                at(7).join("extra").to_string(),
                at(8).to_string(),
            ]
        );
        assert!(
            warnings[3].contains("no `items`, but the success body is not an array"),
            "{warnings:?}"
        );
    }
}
