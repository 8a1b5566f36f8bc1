//! Each operation's own part of sending, the items of its `Operation` impl: `CALL` (method,
//! path, server, retries, credentials), `request` (build the URL, attach parameters and body)
//! and `decode` (the response by status). All synchronous: the runtime's `Pending` sends, once
//! for every operation. Built from [`template`](crate::emit::template)s: every operation
//! repeats these few statement shapes with other names and literals.

use proc_macro2::Literal;
use quote::{format_ident, quote};
use syn::parse_quote;

use crate::analysis::requests::{PathPiece, Request};
use crate::emit::names::{Module, NameSet};
use crate::emit::spelling::{ident, spell};
use crate::emit::template::{Fill, Template, boolean, literal, literal_pattern};
use crate::ir::{
    BodyContent, Ir, Operation, ParamLocation, ParamStyle, PartKind, ResponseBody, StatusMatch,
    Success,
};

/// The item and statement shapes. Placeholders: `__name` (a member of the arguments struct),
/// `__wire` (its name on the wire, a string), `__explode` (a `bool`), `__local`, `__function`,
/// `__value` and `__Type` as each template says.
pub(crate) struct Statements {
    request_fn: Template<syn::ImplItemFn>,
    decode_fn: Template<syn::ImplItemFn>,
    decode_mut_fn: Template<syn::ImplItemFn>,
    path_segment: Template<syn::Stmt>,
    query_setup: Template<syn::Stmt>,
    query_form: Template<syn::Stmt>,
    query_delimited: Template<syn::Stmt>,
    query_deep_object: Template<syn::Stmt>,
    query_json: Template<syn::Stmt>,
    query_finish: Template<syn::Stmt>,
    call: Template<syn::ImplItem>,
    request: Template<syn::Stmt>,
    outgoing: Template<syn::Expr>,
    url_format: Template<syn::Expr>,
    header: Template<syn::Stmt>,
    cookies_setup: Template<syn::Stmt>,
    cookie: Template<syn::Stmt>,
    cookies_apply: Template<syn::Stmt>,
    attach_required: Template<syn::Stmt>,
    attach_optional: Template<syn::Stmt>,
    json_body: Template<syn::Expr>,
    form_body: Template<syn::Expr>,
    raw_body: Template<syn::Expr>,
    form_setup: Template<syn::Stmt>,
    form_text: Template<syn::Stmt>,
    form_file: Template<syn::Stmt>,
    form_optional_file: Template<syn::Stmt>,
    form_files: Template<syn::Stmt>,
    form_attach: Template<syn::Stmt>,
    status_match: Template<syn::Stmt>,
    success_any_arm: Template<syn::Arm>,
    success_json_arm: Template<syn::Arm>,
    success_empty_arm: Template<syn::Arm>,
    success_arm: Template<syn::Arm>,
    success_range_arm: Template<syn::Arm>,
    error_arm: Template<syn::Arm>,
    error_range_arm: Template<syn::Arm>,
    error_catch_all_arm: Template<syn::Arm>,
    undeclared_success_arm: Template<syn::Arm>,
    undeclared_arm: Template<syn::Arm>,
    decode_json: Template<syn::Expr>,
    decode_text: Template<syn::Expr>,
    decode_bytes: Template<syn::Expr>,
    decode_empty: Template<syn::Expr>,
    variant: Template<syn::Expr>,
    variant_with_body: Template<syn::Expr>,
    self_member: Template<syn::Expr>,
    value: Template<syn::Expr>,
}

impl Statements {
    pub(crate) fn new(shadowed: NameSet) -> Self {
        Self {
            request_fn: Template::new_in(
                parse_quote! {
                    fn request(self) -> Result<crate::client::Outgoing<'a>, crate::client::Error> {
                        __stmts;
                    }
                },
                shadowed,
            ),
            decode_fn: Template::new_in(
                parse_quote! {
                    fn decode(
                        response: crate::client::RawResponse,
                    ) -> Result<Response<Self::Output>, crate::client::Error> {
                        __stmts;
                    }
                },
                shadowed,
            ),
            // Text and bytes are taken out of the response.
            decode_mut_fn: Template::new_in(
                parse_quote! {
                    fn decode(
                        mut response: crate::client::RawResponse,
                    ) -> Result<Response<Self::Output>, crate::client::Error> {
                        __stmts;
                    }
                },
                shadowed,
            ),
            path_segment: Template::new_in(
                parse_quote! {
                    let __local = crate::client::__function(__wire, __explode, &self.__name)?;
                },
                shadowed,
            ),
            query_setup: Template::new_in(
                parse_quote! { let mut query = crate::client::Query::default(); },
                shadowed,
            ),
            query_form: Template::new_in(
                parse_quote! { query.form(__wire, __explode, &self.__name)?; },
                shadowed,
            ),
            query_delimited: Template::new_in(
                parse_quote! { query.delimited(__wire, __value, &self.__name)?; },
                shadowed,
            ),
            query_deep_object: Template::new_in(
                parse_quote! { query.deep_object(__wire, &self.__name)?; },
                shadowed,
            ),
            query_json: Template::new_in(
                parse_quote! { query.json(__wire, &self.__name)?; },
                shadowed,
            ),
            query_finish: Template::new_in(parse_quote! { let query = query.finish(); }, shadowed),
            call: Template::new_in(
                parse_quote! {
                    const CALL: &'static crate::client::Call = &crate::client::Call {
                        operation: __operation,
                        method: ::reqwest::Method::__METHOD,
                        path: __path,
                        server: __server,
                        idempotent: __idempotent,
                        security: __security,
                    };
                },
                shadowed,
            ),
            request: Template::new_in(
                parse_quote! {
                    let request = self.client.request(Self::CALL, __value)?;
                },
                shadowed,
            ),
            outgoing: Template::new_in(
                parse_quote! {
                    Ok(crate::client::Outgoing::new(self.client, request, self.__options))
                },
                shadowed,
            ),
            url_format: Template::new_in(parse_quote! { &format!(__format) }, shadowed),
            header: Template::new_in(
                parse_quote! {
                    let request = crate::client::header_param(request, __wire, __explode, &self.__name)?;
                },
                shadowed,
            ),
            cookies_setup: Template::new_in(
                parse_quote! { let mut cookies = crate::client::Cookies::default(); },
                shadowed,
            ),
            cookie: Template::new_in(
                parse_quote! { cookies.push(__wire, &self.__name)?; },
                shadowed,
            ),
            cookies_apply: Template::new_in(
                parse_quote! { let request = cookies.apply(request); },
                shadowed,
            ),
            attach_required: Template::new_in(parse_quote! { let request = __value; }, shadowed),
            attach_optional: Template::new_in(
                parse_quote! {
                    let request = match self.__name {
                        Some(value) => __value,
                        None => request,
                    };
                },
                shadowed,
            ),
            json_body: Template::new_in(
                parse_quote! { crate::client::json_body(request, __wire, __body)? },
                shadowed,
            ),
            form_body: Template::new_in(
                parse_quote! { crate::client::form_body(request, __body)? },
                shadowed,
            ),
            raw_body: Template::new_in(
                parse_quote! { crate::client::raw_body(request, __wire, __body) },
                shadowed,
            ),
            form_setup: Template::new_in(
                parse_quote! { let form = crate::client::Multipart::new(); },
                shadowed,
            ),
            form_text: Template::new_in(
                parse_quote! { let form = form.text(__wire, &self.__name)?; },
                shadowed,
            ),
            form_file: Template::new_in(
                parse_quote! { let form = form.file(__wire, self.__name)?; },
                shadowed,
            ),
            form_optional_file: Template::new_in(
                parse_quote! {
                    let form = match self.__name {
                        Some(file) => form.file(__wire, file)?,
                        None => form,
                    };
                },
                shadowed,
            ),
            form_files: Template::new_in(
                parse_quote! {
                    let form = self.__name.into_iter().try_fold(form, |form, file| form.file(__wire, file))?;
                },
                shadowed,
            ),
            form_attach: Template::new_in(
                parse_quote! { let request = form.attach(request); },
                shadowed,
            ),
            status_match: Template::new_in(
                parse_quote! { match response.status() { __arms => {} } },
                shadowed,
            ),
            success_any_arm: Template::new_in(
                parse_quote! {
                    200..=299 => {
                        let body = __value;
                        Ok(response.into_response(body))
                    }
                },
                shadowed,
            ),
            success_json_arm: Template::new_in(
                parse_quote! { 200..=299 => response.into_json_response(), },
                shadowed,
            ),
            success_empty_arm: Template::new_in(
                parse_quote! { 200..=299 => Ok(response.into_response(())), },
                shadowed,
            ),
            success_arm: Template::new_in(
                parse_quote! {
                    __status => {
                        let body = __value;
                        Ok(response.into_response(body))
                    }
                },
                shadowed,
            ),
            success_range_arm: Template::new_in(
                parse_quote! {
                    status if (__low..=__high).contains(&status) => {
                        let body = __value;
                        Ok(response.into_response(body))
                    }
                },
                shadowed,
            ),
            error_arm: Template::new_in(
                parse_quote! {
                    __status => Err(response.error_with(crate::client::ErrorBody::__Variant)),
                },
                shadowed,
            ),
            error_range_arm: Template::new_in(
                parse_quote! {
                    status if (__low..=__high).contains(&status) => Err(response.error_with(crate::client::ErrorBody::__Variant)),
                },
                shadowed,
            ),
            error_catch_all_arm: Template::new_in(
                parse_quote! {
                    _ => Err(response.error_with(crate::client::ErrorBody::__Variant)),
                },
                shadowed,
            ),
            undeclared_success_arm: Template::new_in(
                parse_quote! {
                    status if (200..=299).contains(&status) => Err(response.error()),
                },
                shadowed,
            ),
            undeclared_arm: Template::new_in(
                parse_quote! { _ => Err(response.error()), },
                shadowed,
            ),
            decode_json: Template::new_in(parse_quote! { response.json::<__Type>()? }, shadowed),
            decode_text: Template::new_in(parse_quote! { response.text()? }, shadowed),
            decode_bytes: Template::new_in(parse_quote! { response.bytes() }, shadowed),
            decode_empty: Template::new_in(parse_quote! { () }, shadowed),
            variant: Template::new_in(parse_quote! { __Enum::__Variant }, shadowed),
            variant_with_body: Template::new_in(
                parse_quote! { __Enum::__Variant(__value) },
                shadowed,
            ),
            self_member: Template::new_in(parse_quote! { self.__name }, shadowed),
            value: Template::new_in(parse_quote! { value }, shadowed),
        }
    }

    /// The items of the operation's `Operation` impl: `CALL`, `request` and `decode`.
    pub(crate) fn operation_items(
        &self,
        ir: &Ir,
        module: Module,
        op: &Operation,
        request: &Request,
    ) -> [syn::ImplItem; 3] {
        let (arms, needs_mut) = self.arms(ir, module, op);
        let decode = Fill::new()
            .stmts(
                "__stmts",
                vec![Fill::new().arms("__arms", arms).apply(&self.status_match)],
            )
            .apply(if needs_mut {
                &self.decode_mut_fn
            } else {
                &self.decode_fn
            });
        let make_request = Fill::new()
            .stmts("__stmts", self.request(op, request))
            .apply(&self.request_fn);
        [
            self.call(ir, op, request),
            syn::ImplItem::Fn(make_request),
            syn::ImplItem::Fn(decode),
        ]
    }

    /// The statements of the operation's `request`: the URL, then headers, cookies and body.
    fn request(&self, op: &Operation, request: &Request) -> Vec<syn::Stmt> {
        let mut statements = Vec::new();
        let (format, has_segments) = self.path(op, request, &mut statements);
        let has_query = self.query(op, &mut statements);
        let url = match (has_segments, has_query) {
            (false, false) => literal(Literal::string(&op.path)),
            (_, true) => self.format(&format!("{format}{{query}}")),
            (true, false) => self.format(&format),
        };
        statements.push(Fill::new().expr("__value", &url).apply(&self.request));
        for param in params(op, ParamLocation::Header) {
            statements.push(self.member(
                &self.header,
                &param.wire_name,
                &param.name,
                Some(param.explode),
            ));
        }
        self.cookies(op, &mut statements);
        self.body(op, &mut statements);
        let options = ident(&op.controls.field);
        let outgoing = Fill::new()
            .ident("__options", &options)
            .apply(&self.outgoing);
        statements.push(syn::Stmt::Expr(outgoing, None));
        statements
    }

    /// The operation's `CALL`: its id, method, path template and server, whether it may be
    /// sent twice, and its security as alternatives of `Credential`s.
    fn call(&self, ir: &Ir, op: &Operation, request: &Request) -> syn::ImplItem {
        let alternatives = op.security.iter().map(|set| {
            let credentials = set.iter().map(|&c| {
                let variant = ident(&ir.api.credentials[c].variant);
                quote! { crate::client::Credential::#variant }
            });
            quote! { &[#( #credentials ),*] }
        });
        let security: syn::Expr = parse_quote! { &[#( #alternatives ),*] };
        let server = op.server.map_or(0, |index| index + 1);
        Fill::new()
            .ident("__METHOD", &format_ident!("{}", op.method.as_str()))
            .expr("__operation", &literal(Literal::string(&op.id)))
            .expr("__path", &literal(Literal::string(&op.path)))
            .expr("__server", &literal(Literal::usize_unsuffixed(server)))
            .expr("__idempotent", &boolean(request.idempotent))
            .expr("__security", &security)
            .apply(&self.call)
    }

    /// `template` filled for one member: its name, its name on the wire and, for the styles
    /// that have one, its `explode`.
    fn member(
        &self,
        template: &Template<syn::Stmt>,
        wire: &str,
        name: &str,
        explode: Option<bool>,
    ) -> syn::Stmt {
        let name = ident(name);
        let wire = literal(Literal::string(wire));
        let explode = explode.map(boolean);
        let fill = Fill::new().ident("__name", &name).expr("__wire", &wire);
        match &explode {
            Some(explode) => fill.expr("__explode", explode).apply(template),
            None => fill.apply(template),
        }
    }

    /// `&format!(…)` of `format`.
    fn format(&self, format: &str) -> syn::Expr {
        let format = Literal::string(format);
        Fill::new()
            .tokens("__format", quote! { #format })
            .apply(&self.url_format)
    }

    /// Statements encoding each path parameter into a local `segment_N`; returns the path
    /// template as a `format!` string naming them, and whether there are any.
    fn path(
        &self,
        op: &Operation,
        request: &Request,
        statements: &mut Vec<syn::Stmt>,
    ) -> (String, bool) {
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
            let local = format_ident!("segment_{segments}");
            segments += 1;
            let function = format_ident!(
                "{}",
                match param.style {
                    ParamStyle::Label => "path_label",
                    ParamStyle::Matrix => "path_matrix",
                    // Lowering gives a path parameter no other style.
                    ParamStyle::Simple
                    | ParamStyle::Form
                    | ParamStyle::SpaceDelimited
                    | ParamStyle::PipeDelimited
                    | ParamStyle::DeepObject
                    | ParamStyle::Json => "path_simple",
                }
            );
            let name = ident(&param.name);
            let wire = literal(Literal::string(&param.wire_name));
            let explode = boolean(param.explode);
            statements.push(
                Fill::new()
                    .ident("__local", &local)
                    .ident("__function", &function)
                    .ident("__name", &name)
                    .expr("__wire", &wire)
                    .expr("__explode", &explode)
                    .apply(&self.path_segment),
            );
            format.push_str(&format!("{{{local}}}"));
        }
        (format, segments > 0)
    }

    /// Statements building the query string into a local `query`, if there are query
    /// parameters; returns whether there are.
    fn query(&self, op: &Operation, statements: &mut Vec<syn::Stmt>) -> bool {
        let mut query = params(op, ParamLocation::Query).peekable();
        if query.peek().is_none() {
            return false;
        }
        statements.push(self.query_setup.copy());
        for param in query {
            let (template, explode) = match param.style {
                ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited => {
                    let delimiter = literal(Literal::string(
                        if param.style == ParamStyle::SpaceDelimited {
                            "%20"
                        } else {
                            "|"
                        },
                    ));
                    let name = ident(&param.name);
                    let wire = literal(Literal::string(&param.wire_name));
                    statements.push(
                        Fill::new()
                            .ident("__name", &name)
                            .expr("__wire", &wire)
                            .expr("__value", &delimiter)
                            .apply(&self.query_delimited),
                    );
                    continue;
                }
                ParamStyle::DeepObject => (&self.query_deep_object, None),
                ParamStyle::Json => (&self.query_json, None),
                // Lowering gives a query parameter no path or header style.
                ParamStyle::Form | ParamStyle::Simple | ParamStyle::Label | ParamStyle::Matrix => {
                    (&self.query_form, Some(param.explode))
                }
            };
            statements.push(self.member(template, &param.wire_name, &param.name, explode));
        }
        statements.push(self.query_finish.copy());
        true
    }

    fn cookies(&self, op: &Operation, statements: &mut Vec<syn::Stmt>) {
        let mut cookies = params(op, ParamLocation::Cookie).peekable();
        if cookies.peek().is_none() {
            return;
        }
        statements.push(self.cookies_setup.copy());
        for param in cookies {
            statements.push(self.member(&self.cookie, &param.wire_name, &param.name, None));
        }
        statements.push(self.cookies_apply.copy());
    }

    fn body(&self, op: &Operation, statements: &mut Vec<syn::Stmt>) {
        let Some(body) = &op.body else {
            return;
        };
        let media_type = literal(Literal::string(&body.media_type));
        // The function that attaches the body, and whether it takes the media type.
        let (name, attach, typed) = match &body.content {
            BodyContent::Json { name, .. } => (name, &self.json_body, true),
            BodyContent::Form { name, .. } => (name, &self.form_body, false),
            BodyContent::Raw { name } => (name, &self.raw_body, true),
            BodyContent::Multipart(parts) => {
                statements.push(self.form_setup.copy());
                for part in parts {
                    let required = part.required && body.required;
                    let template = match (&part.kind, required) {
                        (PartKind::Value(_), _) => &self.form_text,
                        (PartKind::File, true) => &self.form_file,
                        (PartKind::File, false) => &self.form_optional_file,
                        (PartKind::Files, _) => &self.form_files,
                    };
                    statements.push(self.member(template, &part.wire_name, &part.name, None));
                }
                statements.push(self.form_attach.copy());
                return;
            }
        };
        let name = ident(name);
        let (value, template) = if body.required {
            let member = Fill::new().ident("__name", &name).apply(&self.self_member);
            (member, &self.attach_required)
        } else {
            (self.value.copy(), &self.attach_optional)
        };
        let fill = Fill::new().expr("__body", &value);
        let fill = if typed {
            fill.expr("__wire", &media_type)
        } else {
            fill
        };
        let attach = fill.apply(attach);
        let fill = Fill::new().expr("__value", &attach);
        statements.push(if body.required {
            fill.apply(template)
        } else {
            fill.ident("__name", &name).apply(template)
        });
    }

    /// The `match` arms on the status: declared successes, the rest of 2xx, declared errors,
    /// and everything else. Also whether decoding needs the response mutably.
    fn arms(&self, ir: &Ir, module: Module, op: &Operation) -> (Vec<syn::Arm>, bool) {
        let mut arms = Vec::new();
        let mut needs_mut = false;
        let mut decode = |body: &ResponseBody| -> syn::Expr {
            match body {
                ResponseBody::Empty => self.decode_empty.copy(),
                ResponseBody::Json(ty) => {
                    let ty = spell(ir, ty, module);
                    Fill::new().ty("__Type", &ty).apply(&self.decode_json)
                }
                ResponseBody::Text => {
                    needs_mut = true;
                    self.decode_text.copy()
                }
                ResponseBody::Bytes => {
                    needs_mut = true;
                    self.decode_bytes.copy()
                }
            }
        };
        match &op.responses.success {
            // The response's type is the operation's `Output`: the arm need not name it.
            Success::One(ResponseBody::Json(_)) => arms.push(self.success_json_arm.copy()),
            Success::One(ResponseBody::Empty) => arms.push(self.success_empty_arm.copy()),
            Success::One(body) => {
                let value = decode(body);
                arms.push(
                    Fill::new()
                        .expr("__value", &value)
                        .apply(&self.success_any_arm),
                );
            }
            Success::Several { name, variants } => {
                let enum_name = ident(name);
                let mut covers_all = false;
                for variant in variants {
                    covers_all |= !matches!(variant.status, StatusMatch::Code(_));
                    let variant_name = ident(&variant.name);
                    let named = Fill::new()
                        .ident("__Enum", &enum_name)
                        .ident("__Variant", &variant_name);
                    let value = match &variant.body {
                        ResponseBody::Empty => named.apply(&self.variant),
                        body => {
                            let decoded = decode(body);
                            named
                                .expr("__value", &decoded)
                                .apply(&self.variant_with_body)
                        }
                    };
                    arms.push(self.status_arm(
                        variant.status,
                        &self.success_arm,
                        &self.success_range_arm,
                        Fill::new().expr("__value", &value),
                    ));
                }
                if !covers_all {
                    arms.push(self.undeclared_success_arm.copy());
                }
            }
        }
        let mut has_catch_all = false;
        let errors = &op.responses.errors;
        let mut next = 0;
        while let Some(error) = errors.get(next) {
            let variant = ident(&error.variant);
            let fill = Fill::new().ident("__Variant", &variant);
            next += 1;
            if error.status == StatusMatch::Default {
                has_catch_all = true;
                arms.push(fill.apply(&self.error_catch_all_arm));
            } else if let StatusMatch::Code(code) = error.status {
                // Codes that follow one another into the same variant share an arm
                // (`403 | 404 =>`); no arm between them is skipped, so none is reordered.
                let mut codes = vec![literal_pattern(Literal::u16_unsuffixed(code))];
                while let Some(StatusMatch::Code(code)) = errors
                    .get(next)
                    .filter(|e| e.variant == error.variant)
                    .map(|e| e.status)
                {
                    codes.push(literal_pattern(Literal::u16_unsuffixed(code)));
                    next += 1;
                }
                arms.push(fill.pat("__status", any_of(codes)).apply(&self.error_arm));
            } else {
                arms.push(self.status_arm(
                    error.status,
                    &self.error_arm,
                    &self.error_range_arm,
                    fill,
                ));
            }
        }
        if !has_catch_all {
            arms.push(self.undeclared_arm.copy());
        }
        (arms, needs_mut)
    }

    /// An arm for a status code (`404 =>`) or a range of them, a guard since ranges may cover
    /// codes matched before them (`status if (400..=499).contains(&status) =>`). `default` is
    /// every 2xx here: the arms of success; errors write their `default`, the catch-all,
    /// themselves.
    fn status_arm(
        &self,
        status: StatusMatch,
        code_template: &Template<syn::Arm>,
        range_template: &Template<syn::Arm>,
        fill: Fill<'_>,
    ) -> syn::Arm {
        match status {
            StatusMatch::Code(code) => fill
                .pat("__status", literal_pattern(Literal::u16_unsuffixed(code)))
                .apply(code_template),
            StatusMatch::Range(_) | StatusMatch::Default => {
                let digit = match status {
                    StatusMatch::Range(digit) => digit,
                    _ => 2,
                };
                let low = literal(Literal::u16_unsuffixed(digit * 100));
                let high = literal(Literal::u16_unsuffixed(digit * 100 + 99));
                fill.expr("__low", &low)
                    .expr("__high", &high)
                    .apply(range_template)
            }
        }
    }
}

/// A pattern matching any of `cases`: the one case, or `a | b | …`.
fn any_of(mut cases: Vec<syn::Pat>) -> syn::Pat {
    if cases.len() == 1 {
        return cases.remove(0);
    }
    syn::Pat::Or(syn::PatOr {
        attrs: Vec::new(),
        leading_vert: None,
        cases: cases.into_iter().collect(),
    })
}

fn params(op: &Operation, location: ParamLocation) -> impl Iterator<Item = &crate::ir::Param> {
    op.params.iter().filter(move |p| p.location == location)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code without its whitespace and the trailing commas the formatter adds as lines
    /// are long.
    fn compact(code: &str) -> String {
        code.split_whitespace()
            .collect::<String>()
            .replace(",)", ")")
    }

    /// The `Operation` impl items of the first operation of a spec with these `paths`,
    /// printed.
    fn items(paths: &str) -> String {
        items_with(paths, "")
    }

    /// [`items`], with more `components` (indented under it).
    fn items_with(paths: &str, components: &str) -> String {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n{components}  schemas:\n    item: {{type: object, properties: {{id: {{type: string}}}}}}\n"
        );
        let (ir, _) = crate::lower_to_ir(&spec, &crate::Options::default()).unwrap();
        let facts = crate::analysis::analyze(&ir);
        let items = Statements::new(NameSet::default()).operation_items(
            &ir,
            Module::default(),
            &ir.operations[0],
            &facts.requests[0],
        );
        let mut operation: syn::ItemImpl = parse_quote!(
            impl<'a> Operation<'a> for Arguments<'a> {}
        );
        operation.items = items.into();
        prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items: vec![syn::Item::Impl(operation)],
        })
    }

    #[test]
    fn parameters_go_where_and_as_their_style_says() {
        let code = items(
            "  /items/{id}/{tag}:\n    put:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: integer}}\n        - {name: tag, in: path, required: true, style: label, schema: {type: string}}\n        - {name: q, in: query, schema: {type: array, items: {type: string}}, explode: false}\n        - {name: f, in: query, style: pipeDelimited, schema: {type: array, items: {type: string}}}\n        - {name: x-trace, in: header, schema: {type: string}}\n        - {name: session, in: cookie, schema: {type: string}}\n      requestBody:\n        required: true\n        content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}\n      responses: {'204': {description: ok}}\n",
        );
        for line in [
            "let segment_0 = crate::client::path_simple(\"id\", false, &self.id)?;",
            "let segment_1 = crate::client::path_label(\"tag\", false, &self.tag)?;",
            "query.form(\"q\", false, &self.q)?;",
            "query.delimited(\"f\", \"|\", &self.f)?;",
            // PUT is idempotent: it may be retried.
            "method: ::reqwest::Method::PUT, path: \"/items/{id}/{tag}\", server: 0, idempotent: true, security: &[],",
            "self.client.request(Self::CALL, &format!(\"/items/{segment_0}/{segment_1}{query}\"))?",
            "let request = crate::client::header_param(request, \"x-trace\", false, &self.x_trace)?;",
            "cookies.push(\"session\", &self.session)?;",
            "let request = crate::client::json_body(request, \"application/json\", self.body)?;",
            // The request, with the builder's own settings, is sent by the runtime.
            "Ok(crate::client::Outgoing::new(self.client, request, self.options))",
            "fn decode(response: crate::client::RawResponse)",
            // One body, empty here: the operation's `Output`, `()`.
            "200..=299 => Ok(response.into_response(())),",
            "_ => Err(response.error()),",
        ] {
            assert!(compact(&code).contains(&compact(line)), "{line}\n\n{code}");
        }
    }

    #[test]
    fn one_json_body_and_consecutive_codes_of_one_error_body_take_one_arm_each() {
        let code = items(
            "  /items:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n        '403': {description: forbidden, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n        '404': {description: missing, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n        '409': {description: conflict, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/item'}}}}}\n        '422': {description: invalid, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n",
        );
        let arms: Vec<String> = code
            .lines()
            .map(str::trim)
            .filter(|line| line.contains("=>"))
            .map(str::to_owned)
            .collect();
        assert_eq!(
            arms,
            [
                "200..=299 => response.into_json_response(),",
                "403 | 404 => Err(response.error_with(crate::client::ErrorBody::Item)),",
                "409 => Err(response.error_with(crate::client::ErrorBody::GetItemsConflict)),",
                // Not merged with 403 | 404: the arms keep the order the spec gives.
                "422 => Err(response.error_with(crate::client::ErrorBody::Item)),",
                "_ => Err(response.error()),",
            ],
            "{code}"
        );
    }

    #[test]
    fn statuses_decode_into_their_declared_bodies() {
        let code = items(
            "  /items:\n    post:\n      responses:\n        '201': {description: created, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n        '202': {description: accepted, content: {text/plain: {schema: {type: string}}}}\n        '404': {description: missing, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n        5XX: {description: failed, content: {application/json: {schema: {type: object}}}}\n",
        );
        for line in [
            // Text is taken out of the response: it is read mutably. POST is not retried.
            "fn decode(mut response: crate::client::RawResponse)",
            "idempotent: false,",
            "let body = PostItemsSuccess::Created(response.json::<crate::models::Item>()?);",
            "let body = PostItemsSuccess::Accepted(response.text()?);",
            "status if (200..=299).contains(&status) => Err(response.error()),",
            "404 => Err(response.error_with(crate::client::ErrorBody::Item)),",
            "status if (500..=599).contains(&status) => {\
                 Err(response.error_with(crate::client::ErrorBody::PostItemsServerError))",
        ] {
            assert!(compact(&code).contains(&compact(line)), "{line}\n\n{code}");
        }
        assert!(
            code.contains("let request = self.client.request(Self::CALL, \"/items\")?;"),
            "{code}"
        );
    }

    #[test]
    fn the_call_names_the_operation_its_server_and_its_credentials() {
        let code = items_with(
            "  /items:\n    get:\n      operationId: listItems\n      servers: [{url: 'https://other.example.com'}]\n      security: [{key: [], token: []}, {token: []}, {}]\n      responses: {'204': {description: ok}}\n",
            "  securitySchemes:\n    token: {type: http, scheme: bearer}\n    key: {type: apiKey, in: header, name: X-Key}\n",
        );
        let expected = "const CALL: &'static crate::client::Call = &crate::client::Call { \
             operation: \"listItems\", method: ::reqwest::Method::GET, path: \"/items\", \
             server: 1, idempotent: true, \
             security: &[&[crate::client::Credential::ApiKey, crate::client::Credential::BearerToken], \
             &[crate::client::Credential::BearerToken], &[], ], };";
        assert!(compact(&code).contains(&compact(expected)), "{code}");
    }
}
