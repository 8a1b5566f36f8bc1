//! Responses: the statuses an operation declares, as the value a successful call returns and
//! the typed bodies its errors carry.

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::fields::Fields;
use crate::ir::{
    DeclaredError, ErrorBodyVariant, ErrorResponse, ResponseBody, Responses, Scalar, StatusMatch,
    Success, SuccessVariant, TypeRef,
};
use crate::lower::omissions::Omissions;
use crate::lower::types::{TypeLowerer, docs};
use crate::members::Member;
use crate::naming::{Scope, suffixed_type_name, type_name};
use crate::normalize::SchemaDocs;
use crate::pointer::Pointer;
use crate::resolve::follow_references;

/// A declared response as read from the spec.
#[derive(Clone, Debug)]
pub(crate) struct SpecResponse {
    status: StatusMatch,
    body: SpecResponseBody,
    /// Beside another body, `text/event-stream`: its events' schema, if it has one.
    events: Option<Option<Pointer>>,
    docs: SchemaDocs,
    /// The names of the headers it declares.
    headers: Vec<String>,
    /// The media type the body is read in, and whether the response offers others.
    media: Option<(String, bool)>,
}

#[derive(Clone, Debug, PartialEq)]
enum SpecResponseBody {
    Empty,
    /// A JSON body and its schema, if it has one.
    Json(Option<Pointer>),
    Text,
    Bytes,
    /// `text/event-stream` alone, and its events' schema, if it has one.
    Events(Option<Pointer>),
}

impl SpecResponse {
    /// Its key under the operation's `responses`, as the crate's items name it.
    pub(crate) fn key(&self) -> String {
        self.status.spec_key()
    }

    /// The schemas of its body and of its events.
    pub(crate) fn schemas(&self) -> impl Iterator<Item = Pointer> + '_ {
        let body = match &self.body {
            SpecResponseBody::Json(schema) | SpecResponseBody::Events(schema) => schema.clone(),
            _ => None,
        };
        body.into_iter().chain(self.events.clone().flatten())
    }
}

/// Reads the operation's `responses`, in spec order. A status key that is not a code, a
/// range or `default` is left out with a warning; a response that cannot be read is left out
/// of the method, with a warning and a line in its docs.
pub(crate) fn read(
    root: &Value,
    operation: &Value,
    at: &Pointer,
    omissions: &mut Omissions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<SpecResponse> {
    let mut responses: Vec<SpecResponse> = Vec::new();
    for (key, response) in Member::Responses.entries(operation) {
        let response_at = at.join("responses").join(key.as_str());
        let Some(status) = parse_status(key) else {
            diagnostics.push(Diagnostic::warning(
                response_at,
                format!("`{key}` is not a status code, a range like `4XX` or `default`; left out"),
            ));
            continue;
        };
        if responses.iter().any(|r| r.status == status) {
            continue;
        }
        let (response, response_at) = match follow_references(root, response, response_at) {
            Ok(found) => found,
            Err(unusable) => {
                omissions.push(
                    unusable.with_consequence("the response is left out"),
                    diagnostics,
                );
                continue;
            }
        };
        // A 204, 205 or 304 response has no content (RFC 9110, sections 15.3.5, 15.3.6 and
        // 15.4.5), whatever the spec declares: servers send none.
        let contentless = matches!(status, StatusMatch::Code(204 | 205 | 304));
        if contentless && Member::ResponseContent.entries(response).next().is_some() {
            diagnostics.push(Diagnostic::warning(
                response_at.join("content"),
                format!(
                    "a `{key}` response has no content (RFC 9110), so its declared content is \
                     left out: the method returns nothing for it"
                ),
            ));
        }
        let (body, events) = if contentless {
            (SpecResponseBody::Empty, None)
        } else {
            read_body(response, &response_at)
        };
        responses.push(SpecResponse {
            status,
            body,
            events,
            media: if contentless {
                None
            } else {
                read_media(response)
            },
            docs: SchemaDocs {
                description: response
                    .field("description")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                ..SchemaDocs::default()
            },
            headers: match response.field("headers") {
                Some(Value::Object(headers)) => headers.keys().cloned().collect(),
                _ => Vec::new(),
            },
        });
    }
    responses
}

fn parse_status(key: &str) -> Option<StatusMatch> {
    if key == "default" {
        return Some(StatusMatch::Default);
    }
    let bytes = key.as_bytes();
    match bytes {
        [digit @ b'1'..=b'5', b'X' | b'x', b'X' | b'x'] => {
            Some(StatusMatch::Range(u16::from(digit - b'0')))
        }
        [b'1'..=b'5', b'0'..=b'9', b'0'..=b'9'] => key.parse().ok().map(StatusMatch::Code),
        _ => None,
    }
}

/// A media type without its parameters, in lowercase: `application/json` of
/// `Application/JSON; charset=utf-8`.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// The media type the client reads a response's body in (as [`read_body`] chooses it), and
/// whether the response offers another (server-sent events included, which a body is not read
/// in: the builder's `events()` asks for them).
fn read_media(response: &Value) -> Option<(String, bool)> {
    let offered = Member::ResponseContent.entries(response).count();
    let content = Member::ResponseContent
        .entries(response)
        .map(|(media, _)| media)
        .filter(|media| essence(media) != EVENT_STREAM);
    let chosen = content
        .clone()
        .find(|media| is_json(&essence(media)))
        .or_else(|| {
            content
                .clone()
                .find(|media| essence(media).starts_with("text/"))
        })
        .or_else(|| content.clone().next())?;
    Some((essence(chosen), offered > 1))
}

/// The body in the media type the client prefers: JSON, then text, then bytes; server-sent
/// events (`text/event-stream`) when they are the only media type. Beside another one, the
/// events' schema comes second: the body is read from the other media types, as without them.
fn read_body(response: &Value, at: &Pointer) -> (SpecResponseBody, Option<Option<Pointer>>) {
    let content = Member::ResponseContent.entries(response);
    // The type of each event's `data`: OpenAPI 3.2's `itemSchema`, or the `schema`.
    let events = content
        .clone()
        .find(|(media, _)| essence(media) == EVENT_STREAM)
        .map(|(media, entry)| {
            let at = at.join("content").join(media.as_str());
            [
                (Member::MediaItemSchema, "itemSchema"),
                (Member::MediaSchema, "schema"),
            ]
            .into_iter()
            .find(|(member, _)| member.of(entry).is_some())
            .map(|(_, key)| at.join(key))
        });
    let others = || {
        content
            .clone()
            .filter(|(media, _)| essence(media) != EVENT_STREAM)
    };
    let body = if let Some((media, entry)) = others().find(|(media, _)| is_json(&essence(media))) {
        SpecResponseBody::Json(
            Member::MediaSchema
                .of(entry)
                .map(|_| at.join("content").join(media.as_str()).join("schema")),
        )
    } else if others().any(|(media, _)| essence(media).starts_with("text/")) {
        SpecResponseBody::Text
    } else if others().next().is_some() {
        SpecResponseBody::Bytes
    } else if let Some(events) = events {
        return (SpecResponseBody::Events(events), None);
    } else {
        SpecResponseBody::Empty
    };
    (body, events)
}

/// The media type of server-sent events.
const EVENT_STREAM: &str = "text/event-stream";

/// `application/json` or a `+json` media type, given its lowercase essence.
pub(crate) fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json")
}

fn is_success(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => (200..300).contains(&code),
        StatusMatch::Range(digit) => digit == 2,
        StatusMatch::Default => false,
    }
}

/// The variants of the crate's `ErrorBody` enum, one per distinct type that operations
/// declare for errors.
#[derive(Default)]
pub(crate) struct ErrorBodies {
    variants: Vec<ErrorBodyVariant>,
    names: Scope,
}

impl ErrorBodies {
    /// The variant holding `ty`, added if new: named after the type, or `fallback` when the
    /// type has no name.
    fn variant_for(&mut self, ty: TypeRef, fallback: &str, types: &TypeLowerer<'_>) -> String {
        if let Some(existing) = self.variants.iter().find(|v| v.ty == ty) {
            return existing.name.clone();
        }
        let name = match &ty {
            TypeRef::Named(id) => types.type_name(*id).to_owned(),
            _ => fallback.to_owned(),
        };
        let name = self.names.claim(name);
        self.variants.push(ErrorBodyVariant {
            name: name.clone(),
            ty,
        });
        name
    }

    pub(crate) fn finish(self) -> Vec<ErrorBodyVariant> {
        self.variants
    }
}

/// Types the responses: what success returns (one type, or an enum named in `module` when
/// statuses differ), and which declared errors carry a typed body.
pub(crate) fn lower(
    responses: &[SpecResponse],
    builder: &str,
    prefix: &str,
    types: &mut TypeLowerer<'_>,
    error_bodies: &mut ErrorBodies,
    module: &mut Scope,
) -> Responses {
    let mut success: Vec<&SpecResponse> =
        responses.iter().filter(|r| is_success(r.status)).collect();
    // Without any 2xx response, `default` describes success as well as errors.
    if success.is_empty() {
        success.extend(
            responses
                .iter()
                .filter(|r| r.status == StatusMatch::Default),
        );
    }
    success.sort_by_key(|r| r.status);
    let mut success_headers: Vec<String> = Vec::new();
    for name in success.iter().flat_map(|r| &r.headers) {
        if !success_headers.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            success_headers.push(name.clone());
        }
    }
    let mut variants: Vec<SuccessVariant> = Vec::new();
    for response in &success {
        let name = match response.status {
            StatusMatch::Code(code) => reason_name(code),
            StatusMatch::Range(_) => "OtherSuccess".to_owned(),
            StatusMatch::Default => "Default".to_owned(),
        };
        // The first status names its body after the operation alone.
        let stem = if variants.is_empty() {
            prefix.to_owned()
        } else {
            format!("{prefix}{name}")
        };
        variants.push(SuccessVariant {
            name,
            status: response.status,
            body: lower_body(&response.body, &stem, types),
            docs: docs(&response.docs),
        });
    }
    // The events a 2xx response offers beside its body, typed once for the operation.
    let mut events = success
        .iter()
        .find_map(|r| r.events.as_ref())
        .map(|schema| events_type(schema.as_ref(), &format!("{prefix}Event"), types));
    let success = match variants.as_slice() {
        [] => Success::One(ResponseBody::Empty),
        [first, rest @ ..] if rest.iter().all(|v| v.body == first.body) => {
            Success::One(first.body.clone())
        }
        _ => {
            // Statuses that differ and one of them events: awaiting reads that status's body
            // as text, and the builder's `events()` asks for the events.
            for variant in &mut variants {
                if let ResponseBody::Events(ty) = &variant.body {
                    events.get_or_insert_with(|| ty.clone());
                    variant.body = ResponseBody::Text;
                }
            }
            Success::Several {
                name: module.claim(suffixed_type_name(builder, "Success")),
                variants,
            }
        }
    };
    let mut errors: Vec<ErrorResponse> = Vec::new();
    let mut declared_errors: Vec<&SpecResponse> =
        responses.iter().filter(|r| !is_success(r.status)).collect();
    declared_errors.sort_by_key(|r| r.status);
    let mut declared = Vec::new();
    for response in declared_errors {
        let summary = response
            .docs
            .description
            .as_deref()
            .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
            .map(str::to_owned);
        let SpecResponseBody::Json(schema) = &response.body else {
            declared.push(DeclaredError {
                status: response.status,
                summary,
                variant: None,
            });
            continue;
        };
        // An inline error schema is named after its status: `GetItemNotFound`.
        let hint = format!("{prefix}{}", error_name(response.status));
        let ty = match schema {
            Some(schema) => match types.type_of(schema, &hint) {
                TypeRef::Option(inner) => *inner,
                ty => ty,
            },
            None => TypeRef::Value,
        };
        let variant = error_bodies.variant_for(ty, &hint, types);
        declared.push(DeclaredError {
            status: response.status,
            summary,
            variant: Some(variant.clone()),
        });
        errors.push(ErrorResponse {
            status: response.status,
            variant,
        });
    }
    Responses {
        success,
        errors,
        declared_errors: declared,
        success_headers,
        accept: accept(responses),
        events,
    }
}

/// The `Accept` header when some response offers a choice of media types: those the client
/// reads, in the order of the responses, each once.
fn accept(responses: &[SpecResponse]) -> Option<String> {
    if !responses
        .iter()
        .any(|r| r.media.as_ref().is_some_and(|(_, choice)| *choice))
    {
        return None;
    }
    let mut media: Vec<&str> = Vec::new();
    for (chosen, _) in responses.iter().filter_map(|r| r.media.as_ref()) {
        if !media.contains(&chosen.as_str()) {
            media.push(chosen);
        }
    }
    Some(media.join(", "))
}

/// The type of each event's `data`: the schema's, or text when there is none.
fn events_type(schema: Option<&Pointer>, hint: &str, types: &mut TypeLowerer<'_>) -> TypeRef {
    match schema {
        Some(schema) => types.type_of(schema, hint),
        None => TypeRef::Scalar(Scalar::String),
    }
}

/// The body's type; an inline schema is named `{stem}Response`, an event's `{stem}Event`.
fn lower_body(body: &SpecResponseBody, stem: &str, types: &mut TypeLowerer<'_>) -> ResponseBody {
    match body {
        SpecResponseBody::Empty => ResponseBody::Empty,
        SpecResponseBody::Json(Some(schema)) => {
            ResponseBody::Json(types.type_of(schema, &format!("{stem}Response")))
        }
        SpecResponseBody::Json(None) => ResponseBody::Json(TypeRef::Value),
        SpecResponseBody::Text => ResponseBody::Text,
        SpecResponseBody::Bytes => ResponseBody::Bytes,
        SpecResponseBody::Events(schema) => {
            ResponseBody::Events(events_type(schema.as_ref(), &format!("{stem}Event"), types))
        }
    }
}

/// A variant name for a success status, from its reason phrase.
fn reason_name(code: u16) -> String {
    let reason = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        208 => "AlreadyReported",
        226 => "ImUsed",
        _ => return type_name(&format!("status {code}")),
    };
    reason.to_owned()
}

/// A name for an error status, from its reason phrase (`NotFound`), or its class for a range
/// (`ClientError`, `ServerError`); `Error` for `default`.
fn error_name(status: StatusMatch) -> String {
    let code = match status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(4) => return "ClientError".to_owned(),
        StatusMatch::Range(5) => return "ServerError".to_owned(),
        StatusMatch::Range(digit) => return format!("Status{digit}xx"),
        StatusMatch::Default => return "Error".to_owned(),
    };
    let reason = match code {
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "ContentTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        _ => return format!("Status{code}"),
    };
    reason.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(parse_status("200"), Some(StatusMatch::Code(200)));
        assert_eq!(parse_status("4XX"), Some(StatusMatch::Range(4)));
        assert_eq!(parse_status("5xx"), Some(StatusMatch::Range(5)));
        assert_eq!(parse_status("default"), Some(StatusMatch::Default));
        assert_eq!(parse_status("600"), None);
        assert_eq!(parse_status("20"), None);
        assert_eq!(parse_status("ok"), None);
    }

    #[test]
    fn most_specific_status_sorts_first() {
        let mut statuses = vec![
            StatusMatch::Default,
            StatusMatch::Range(4),
            StatusMatch::Code(404),
        ];
        statuses.sort();
        assert_eq!(
            statuses,
            [
                StatusMatch::Code(404),
                StatusMatch::Range(4),
                StatusMatch::Default
            ]
        );
    }

    #[test]
    fn error_names() {
        assert_eq!(error_name(StatusMatch::Code(404)), "NotFound");
        assert_eq!(error_name(StatusMatch::Code(422)), "UnprocessableEntity");
        assert_eq!(error_name(StatusMatch::Code(499)), "Status499");
        assert_eq!(error_name(StatusMatch::Range(4)), "ClientError");
        assert_eq!(error_name(StatusMatch::Range(5)), "ServerError");
        assert_eq!(error_name(StatusMatch::Default), "Error");
    }

    #[test]
    fn reason_names() {
        assert_eq!(reason_name(201), "Created");
        assert_eq!(reason_name(299), "Status299");
    }
}
