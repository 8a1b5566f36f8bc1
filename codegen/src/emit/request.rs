//! Each operation's own part of sending, the pieces of its `operation!` call: the `call { … }`
//! line (method, path, server, retries, credentials), the statements of `request` (build the
//! URL, attach parameters and body) and the arms of `decode` (the response by status). All
//! synchronous: the runtime's `Pending` sends, once for every operation. Printed as text, one
//! statement or arm a line: every operation repeats these few shapes with other names and
//! literals.

use proc_macro2::Literal;

use crate::analysis::features::events_as_text;
use crate::analysis::requests::{PathPiece, Request};
use crate::emit::names::Module;
use crate::emit::spelling::spell_text;
use crate::ir::{
    BodyContent, Ir, Operation, ParamLocation, ParamStyle, PartKind, ResponseBody, StatusMatch,
    Success, TypeRef,
};

/// A string literal, escaped as Rust writes it.
fn string(text: &str) -> String {
    Literal::string(text).to_string()
}

/// The operation's `call { … }` line: its id, method, path template and server, whether it may
/// be sent twice, and its security as alternatives of `Credential`s.
pub(crate) fn call(ir: &Ir, op: &Operation, request: &Request) -> String {
    let alternatives: Vec<String> = op
        .security
        .iter()
        .map(|set| {
            let credentials: Vec<&str> = set
                .iter()
                .map(|&c| ir.api.credentials[c].variant.as_str())
                .collect();
            format!("[{}]", credentials.join(", "))
        })
        .collect();
    format!(
        "call {{ operation: {}, method: {}, path: {}, server: {}, idempotent: {}, security: [{}] }}",
        string(&op.id),
        op.method.as_str(),
        string(&op.path),
        op.server.map_or(0, |index| index + 1),
        request.idempotent,
        alternatives.join(", "),
    )
}

/// The statements of the operation's `request`, a line each (an optional body's `match` takes
/// four): the URL, then headers, cookies and body, then the `Outgoing` it hands the runtime.
pub(crate) fn request_lines(op: &Operation, request: &Request) -> Vec<String> {
    let mut lines = Vec::new();
    let (format, has_segments) = path(op, request, &mut lines);
    let has_query = query(op, &mut lines);
    let url = match (has_segments, has_query) {
        (false, false) => string(&op.path),
        (_, true) => format!("&format!({})", string(&format!("{format}{{query}}"))),
        (true, false) => format!("&format!({})", string(&format)),
    };
    lines.push(format!(
        "let request = self.client.request(Self::CALL, {url})?;"
    ));
    for param in params(op, ParamLocation::Header) {
        lines.push(format!(
            "let request = crate::client::header_param(request, {}, {}, &self.{})?;",
            string(&param.wire_name),
            param.explode,
            param.name
        ));
    }
    cookies(op, &mut lines);
    body(op, &mut lines);
    // A response that is only events is asked for as events, and streamed; one offered in
    // several media types is asked for in those the client reads (JSON where it may be events
    // too: its builder's `events()` asks for the events).
    let streamed = gives_events(op);
    let accept = match &op.responses.accept {
        _ if streamed => Some("text/event-stream"),
        accept => accept.as_deref(),
    };
    if let Some(accept) = accept {
        lines.push(format!(
            "let request = request.header(::reqwest::header::ACCEPT, {});",
            string(accept)
        ));
    }
    lines.push(format!(
        "Ok(crate::client::Outgoing::new(self.client, request, self.{}){})",
        op.controls.field,
        if streamed { ".streamed()" } else { "" }
    ));
    lines
}

/// Whether every success of the operation is server-sent events, read as they arrive. (Where
/// one status gives events and another a body, the body is read whole before decoding, as
/// decoding is synchronous: those events come once it has ended.)
fn gives_events(op: &Operation) -> bool {
    matches!(op.responses.success, Success::One(ResponseBody::Events(_)))
}

/// The runtime function that decodes an event's data into `ty`: as JSON, or a string as the
/// text it is.
pub(crate) fn event_decoder(ir: &Ir, ty: &TypeRef, module: Module) -> String {
    if events_as_text(ty) {
        "crate::client::text_data".to_owned()
    } else {
        format!("crate::client::json_data::<{}>", spell_text(ir, ty, module))
    }
}

/// Statements encoding each path parameter into a local `segment_N`; returns the path
/// template as a `format!` string naming them, and whether there are any.
fn path(op: &Operation, request: &Request, lines: &mut Vec<String>) -> (String, bool) {
    let mut format = String::new();
    let mut segments = 0;
    for piece in &request.path {
        let param = match piece {
            PathPiece::Text(text) => {
                format.push_str(&text.replace('{', "{{").replace('}', "}}"));
                continue;
            }
            PathPiece::Param(index) => &op.params[*index],
        };
        let function = match param.style {
            ParamStyle::Label => "path_label",
            ParamStyle::Matrix => "path_matrix",
            // Lowering gives a path parameter no other style.
            ParamStyle::Simple
            | ParamStyle::Form
            | ParamStyle::SpaceDelimited
            | ParamStyle::PipeDelimited
            | ParamStyle::DeepObject
            | ParamStyle::Json => "path_simple",
        };
        lines.push(format!(
            "let segment_{segments} = crate::client::{function}({}, {}, &self.{})?;",
            string(&param.wire_name),
            param.explode,
            param.name
        ));
        format.push_str(&format!("{{segment_{segments}}}"));
        segments += 1;
    }
    (format, segments > 0)
}

/// Statements building the query string into a local `query`, if there are query
/// parameters; returns whether there are.
fn query(op: &Operation, lines: &mut Vec<String>) -> bool {
    let mut query = params(op, ParamLocation::Query).peekable();
    if query.peek().is_none() {
        return false;
    }
    lines.push("let mut query = crate::client::Query::default();".to_owned());
    for param in query {
        let (wire, name) = (string(&param.wire_name), &param.name);
        lines.push(match param.style {
            ParamStyle::SpaceDelimited => {
                format!("query.delimited({wire}, \"%20\", &self.{name})?;")
            }
            ParamStyle::PipeDelimited => format!("query.delimited({wire}, \"|\", &self.{name})?;"),
            ParamStyle::DeepObject => format!("query.deep_object({wire}, &self.{name})?;"),
            ParamStyle::Json => format!("query.json({wire}, &self.{name})?;"),
            // Lowering gives a query parameter no path or header style.
            ParamStyle::Form | ParamStyle::Simple | ParamStyle::Label | ParamStyle::Matrix => {
                format!("query.form({wire}, {}, &self.{name})?;", param.explode)
            }
        });
    }
    lines.push("let query = query.finish();".to_owned());
    true
}

fn cookies(op: &Operation, lines: &mut Vec<String>) {
    let mut cookies = params(op, ParamLocation::Cookie).peekable();
    if cookies.peek().is_none() {
        return;
    }
    lines.push("let mut cookies = crate::client::Cookies::default();".to_owned());
    for param in cookies {
        lines.push(format!(
            "cookies.push({}, &self.{})?;",
            string(&param.wire_name),
            param.name
        ));
    }
    lines.push("let request = cookies.apply(request);".to_owned());
}

fn body(op: &Operation, lines: &mut Vec<String>) {
    let Some(body) = &op.body else {
        return;
    };
    let media_type = string(&body.media_type);
    let name = match &body.content {
        BodyContent::Json { name, .. }
        | BodyContent::Form { name, .. }
        | BodyContent::Raw { name } => name,
        BodyContent::Multipart(parts) => {
            lines.push("let form = crate::client::Multipart::new();".to_owned());
            for part in parts {
                let (wire, name) = (string(&part.wire_name), &part.name);
                let required = part.required && body.required;
                match (&part.kind, required) {
                    (PartKind::Value(_), _) => {
                        lines.push(format!("let form = form.text({wire}, &self.{name})?;"));
                    }
                    (PartKind::File, true) => {
                        lines.push(format!("let form = form.file({wire}, self.{name})?;"));
                    }
                    (PartKind::File, false) => lines.extend([
                        format!("let form = match self.{name} {{"),
                        format!("    Some(file) => form.file({wire}, file)?,"),
                        "    None => form,".to_owned(),
                        "};".to_owned(),
                    ]),
                    // An optional list of files is kept in an `Option`, as every optional
                    // member is.
                    (PartKind::Files, required) => lines.push(format!(
                        "let form = self.{name}.into_iter(){}.try_fold(form, |form, file| form.file({wire}, file))?;",
                        if required { "" } else { ".flatten()" }
                    )),
                }
            }
            lines.push("let request = form.attach(request);".to_owned());
            return;
        }
    };
    // The call that attaches the body `value`.
    let attach = |value: &str| match &body.content {
        BodyContent::Form { .. } => format!("crate::client::form_body(request, {value})?"),
        BodyContent::Raw { .. } => {
            format!("crate::client::raw_body(request, {media_type}, {value})")
        }
        BodyContent::Json { .. } | BodyContent::Multipart(_) => {
            format!("crate::client::json_body(request, {media_type}, {value})?")
        }
    };
    if body.required {
        lines.push(format!(
            "let request = {};",
            attach(&format!("self.{name}"))
        ));
    } else {
        lines.extend([
            format!("let request = match self.{name} {{"),
            format!("    Some(value) => {},", attach("value")),
            "    None => request,".to_owned(),
            "};".to_owned(),
        ]);
    }
}

/// The `match` arms on the status, a line each (but the arms that decode a body into a
/// success enum or a text or bytes body, four each): declared successes, the rest of 2xx,
/// declared errors, and everything else. Also whether decoding needs the response mutably.
pub(crate) fn decode_arms(ir: &Ir, module: Module, op: &Operation) -> (Vec<String>, bool) {
    let mut arms = Vec::new();
    let mut needs_mut = false;
    let mut decode = |body: &ResponseBody| -> String {
        match body {
            ResponseBody::Empty => "()".to_owned(),
            ResponseBody::Json(ty) => format!("response.json::<{}>()?", spell_text(ir, ty, module)),
            ResponseBody::Text => {
                needs_mut = true;
                "response.text()?".to_owned()
            }
            ResponseBody::Bytes => {
                needs_mut = true;
                "response.bytes()".to_owned()
            }
            ResponseBody::Events(ty) => {
                needs_mut = true;
                format!("response.events({})", event_decoder(ir, ty, module))
            }
        }
    };
    // A success arm whose body is decoded first.
    let decoding_arm = |pattern: &str, value: &str| {
        [
            format!("{pattern} => {{"),
            format!("    let body = {value};"),
            "    Ok(response.into_response(body))".to_owned(),
            "}".to_owned(),
        ]
    };
    match &op.responses.success {
        // The response's type is the operation's `Output`: the arm need not name it.
        Success::One(ResponseBody::Json(_)) => {
            arms.push("200..=299 => response.into_json_response(),".to_owned());
        }
        Success::One(ResponseBody::Empty) => {
            arms.push("200..=299 => Ok(response.into_response(())),".to_owned());
        }
        Success::One(body) => arms.extend(decoding_arm("200..=299", &decode(body))),
        Success::Several { name, variants } => {
            let mut covers_all = false;
            for variant in variants {
                covers_all |= !matches!(variant.status, StatusMatch::Code(_));
                let value = match &variant.body {
                    ResponseBody::Empty => format!("{name}::{}", variant.name),
                    body => format!("{name}::{}({})", variant.name, decode(body)),
                };
                arms.extend(decoding_arm(&status_pattern(variant.status), &value));
            }
            if !covers_all {
                arms.push(
                    "status if (200..=299).contains(&status) => Err(response.error()),".to_owned(),
                );
            }
        }
    }
    let mut has_catch_all = false;
    let errors = &op.responses.errors;
    let mut next = 0;
    while let Some(error) = errors.get(next) {
        let value = format!(
            "Err(response.error_with(crate::client::ErrorBody::{})),",
            error.variant
        );
        next += 1;
        let pattern = match error.status {
            StatusMatch::Default => {
                has_catch_all = true;
                "_".to_owned()
            }
            // Codes that follow one another into the same variant share an arm
            // (`403 | 404 =>`); no arm between them is skipped, so none is reordered.
            StatusMatch::Code(code) => {
                let mut codes = vec![code];
                while let Some(StatusMatch::Code(code)) = errors
                    .get(next)
                    .filter(|e| e.variant == error.variant)
                    .map(|e| e.status)
                {
                    codes.push(code);
                    next += 1;
                }
                codes_pattern(codes)
            }
            StatusMatch::Range(_) => status_pattern(error.status),
        };
        arms.push(format!("{pattern} => {value}"));
    }
    if !has_catch_all {
        arms.push("_ => Err(response.error()),".to_owned());
    }
    (arms, needs_mut)
}

/// The pattern of an arm's codes, in order: three or more consecutive codes as a range
/// (`402..=404 | 406`), as clippy's `manual_range_patterns` asks; fewer one by one.
fn codes_pattern(mut codes: Vec<u16>) -> String {
    codes.sort_unstable();
    codes.dedup();
    let mut parts = Vec::new();
    let mut start = 0;
    while start < codes.len() {
        let mut end = start;
        while codes.get(end + 1).is_some_and(|&c| c == codes[end] + 1) {
            end += 1;
        }
        if end - start >= 2 {
            parts.push(format!("{}..={}", codes[start], codes[end]));
        } else {
            parts.extend(codes[start..=end].iter().map(u16::to_string));
        }
        start = end + 1;
    }
    parts.join(" | ")
}

/// The pattern of a status code (`404`) or a range of them, a guard since ranges may cover
/// codes matched before them (`status if (400..=499).contains(&status)`). `default` is every
/// 2xx here: the arms of success; errors write their `default`, the catch-all, themselves.
fn status_pattern(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(digit) => {
            format!(
                "status if ({}..={}).contains(&status)",
                digit * 100,
                digit * 100 + 99
            )
        }
        StatusMatch::Default => "status if (200..=299).contains(&status)".to_owned(),
    }
}

fn params(op: &Operation, location: ParamLocation) -> impl Iterator<Item = &crate::ir::Param> {
    op.params.iter().filter(move |p| p.location == location)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `call` line, the statements of `request` and the arms of `decode` of the first
    /// operation of a spec with these `paths`, a line each.
    fn pieces(paths: &str) -> (String, Vec<String>, Vec<String>, bool) {
        pieces_with(paths, "")
    }

    /// [`pieces`], with more `components` (indented under it).
    fn pieces_with(paths: &str, components: &str) -> (String, Vec<String>, Vec<String>, bool) {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n{components}  schemas:\n    item: {{type: object, properties: {{id: {{type: string}}}}}}\n"
        );
        let (ir, _) = crate::lower_to_ir(&spec, &crate::Options::default()).unwrap();
        let facts = crate::analysis::analyze(&ir);
        let (op, request) = (&ir.operations[0], &facts.requests[0]);
        let (arms, needs_mut) = decode_arms(&ir, Module::default(), op);
        (
            call(&ir, op, request),
            request_lines(op, request),
            arms,
            needs_mut,
        )
    }

    #[test]
    fn parameters_go_where_and_as_their_style_says() {
        let (call, request, arms, needs_mut) = pieces(
            "  /items/{id}/{tag}:\n    put:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: integer}}\n        - {name: tag, in: path, required: true, style: label, schema: {type: string}}\n        - {name: q, in: query, schema: {type: array, items: {type: string}}, explode: false}\n        - {name: f, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}\n        - {name: x-trace, in: header, schema: {type: string}}\n        - {name: session, in: cookie, schema: {type: string}}\n      requestBody:\n        required: true\n        content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}\n      responses: {'204': {description: ok}}\n",
        );
        // PUT is idempotent: it may be retried.
        assert_eq!(
            call,
            "call { operation: \"PUT /items/{id}/{tag}\", method: PUT, path: \"/items/{id}/{tag}\", \
             server: 0, idempotent: true, security: [] }"
        );
        assert_eq!(
            request,
            [
                "let segment_0 = crate::client::path_simple(\"id\", false, &self.id)?;",
                "let segment_1 = crate::client::path_label(\"tag\", false, &self.tag)?;",
                "let mut query = crate::client::Query::default();",
                "query.form(\"q\", false, &self.q)?;",
                "query.delimited(\"f\", \"|\", &self.f)?;",
                "let query = query.finish();",
                "let request = self.client.request(Self::CALL, &format!(\"/items/{segment_0}/{segment_1}{query}\"))?;",
                "let request = crate::client::header_param(request, \"x-trace\", false, &self.x_trace)?;",
                "let mut cookies = crate::client::Cookies::default();",
                "cookies.push(\"session\", &self.session)?;",
                "let request = cookies.apply(request);",
                "let request = crate::client::json_body(request, \"application/json\", self.body)?;",
                // The request, with the builder's own settings, is sent by the runtime.
                "Ok(crate::client::Outgoing::new(self.client, request, self.options))",
            ]
        );
        // One body, empty here: the operation's `Output`, `()`.
        assert_eq!(
            arms,
            [
                "200..=299 => Ok(response.into_response(())),",
                "_ => Err(response.error()),",
            ]
        );
        assert!(!needs_mut);
    }

    #[test]
    fn an_optional_body_is_attached_when_set() {
        let (_, request, _, _) = pieces(
            "  /items:\n    patch:\n      requestBody:\n        content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}\n      responses: {'204': {description: ok}}\n",
        );
        assert_eq!(
            request,
            [
                "let request = self.client.request(Self::CALL, \"/items\")?;",
                "let request = match self.body {",
                "    Some(value) => crate::client::json_body(request, \"application/json\", value)?,",
                "    None => request,",
                "};",
                "Ok(crate::client::Outgoing::new(self.client, request, self.options))",
            ]
        );
    }

    #[test]
    fn one_json_body_and_consecutive_codes_of_one_error_body_take_one_arm_each() {
        let (_, _, arms, _) = pieces(
            "  /items:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n        '403': {description: forbidden, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n        '404': {description: missing, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n        '409': {description: conflict, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/item'}}}}}\n        '422': {description: invalid, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n",
        );
        assert_eq!(
            arms,
            [
                "200..=299 => response.into_json_response(),",
                "403 | 404 => Err(response.error_with(crate::client::ErrorBody::Item)),",
                "409 => Err(response.error_with(crate::client::ErrorBody::GetItemsConflict)),",
                // Not merged with 403 | 404: the arms keep the order the spec gives.
                "422 => Err(response.error_with(crate::client::ErrorBody::Item)),",
                "_ => Err(response.error()),",
            ]
        );
    }

    #[test]
    fn three_or_more_consecutive_codes_of_one_error_body_are_a_range() {
        let error = "{description: e, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}";
        let (_, _, arms, _) = pieces(&format!(
            "  /items:\n    get:\n      responses:\n        '204': {{description: ok}}\n        '404': {error}\n        '402': {error}\n        '403': {error}\n        '406': {error}\n        '409': {error}\n        '410': {error}\n",
        ));
        assert_eq!(
            arms[1],
            "402..=404 | 406 | 409 | 410 => Err(response.error_with(crate::client::ErrorBody::Item)),"
        );
        assert_eq!(codes_pattern(vec![500, 502, 501, 503]), "500..=503");
        assert_eq!(codes_pattern(vec![401, 403]), "401 | 403");
    }

    #[test]
    fn statuses_decode_into_their_declared_bodies() {
        let (call, request, arms, needs_mut) = pieces(
            "  /items:\n    post:\n      responses:\n        '201': {description: created, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n        '202': {description: accepted, content: {text/plain: {schema: {type: string}}}}\n        '404': {description: missing, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n        5XX: {description: failed, content: {application/json: {schema: {type: object}}}}\n",
        );
        // POST is not retried.
        assert!(call.contains("idempotent: false,"), "{call}");
        assert_eq!(
            request[0],
            "let request = self.client.request(Self::CALL, \"/items\")?;"
        );
        assert_eq!(
            arms,
            [
                "201 => {",
                "    let body = PostItemsSuccess::Created(response.json::<crate::models::Item>()?);",
                "    Ok(response.into_response(body))",
                "}",
                "202 => {",
                "    let body = PostItemsSuccess::Accepted(response.text()?);",
                "    Ok(response.into_response(body))",
                "}",
                "status if (200..=299).contains(&status) => Err(response.error()),",
                "404 => Err(response.error_with(crate::client::ErrorBody::Item)),",
                "status if (500..=599).contains(&status) => Err(response.error_with(crate::client::ErrorBody::PostItemsServerError)),",
                "_ => Err(response.error()),",
            ]
        );
        // Text is taken out of the response: it is read mutably.
        assert!(needs_mut);
    }

    #[test]
    fn the_call_names_the_operation_its_server_and_its_credentials() {
        let (call, _, _, _) = pieces_with(
            "  /items:\n    get:\n      operationId: listItems\n      servers: [{url: 'https://other.example.com'}]\n      security: [{key: [], token: []}, {token: []}, {}]\n      responses: {'204': {description: ok}}\n",
            "  securitySchemes:\n    token: {type: http, scheme: bearer}\n    key: {type: apiKey, in: header, name: X-Key}\n",
        );
        assert_eq!(
            call,
            "call { operation: \"listItems\", method: GET, path: \"/items\", server: 1, \
             idempotent: true, security: [[ApiKey, BearerToken], [BearerToken], []] }"
        );
    }
}
