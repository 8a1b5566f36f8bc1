//! The `operations` module: for each operation, a method on `Client` that takes the required
//! parameters and returns a request builder, the builder (setters for optional parameters,
//! `send`, `send_with_response`, `Future`), and the success enum where statuses differ. Built
//! from [`template`]s, but for the module's docs and the success enums.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse_quote;

use crate::analysis::Facts;
use crate::analysis::requests::{self, Request};
use crate::emit::docs::{doc_attr_trees, doc_attrs, doc_lines};
use crate::emit::format::Part;
use crate::emit::models::{Scope, ident, syn_type};
use crate::emit::request::Statements;
use crate::emit::template::{Fill, parse};
use crate::ir::{
    BodyContent, Ir, Operation, Param, ParamLocation, PartKind, ResponseBody, StatusMatch, Success,
    TypeRef,
};

/// The module in parts that each parse on their own: its docs and imports, then one part per
/// operation.
pub(crate) fn operations_part_count(ir: &Ir) -> usize {
    1 + ir.operations.len()
}

/// Part `index` of the module, in the order [`operations_part_count`] counts.
pub(crate) fn operations_part(ir: &Ir, facts: &Facts, index: usize) -> Part {
    match index.checked_sub(1) {
        None => Part::Tokens(quote! {
            //! One request builder per operation, made by the [`Client`](crate::Client) method of the
            //! same name. Required parameters are that method's arguments; optional ones are set on
            //! the builder. A builder is sent with `.send()`, or with
            //! `.send_with_response()` for the status and headers too, or simply `.await`ed.

            use std::future::Future;
            use std::pin::Pin;
            use std::task::{Context, Poll};

            use crate::client::{Client, Error, Operation, Pending, Response, Sending};
        }),
        Some(i) => operation_part(ir, &ir.operations[i], &facts.requests[i]),
    }
}

/// A member of a builder: a parameter, the body, or a multipart part.
struct Member<'a> {
    name: &'a str,
    required: bool,
    kind: MemberKind<'a>,
    docs: Vec<String>,
}

enum MemberKind<'a> {
    /// Sent through serde: strings are taken as `impl Into<String>`.
    Value(&'a TypeRef),
    /// A body taken by reference.
    Borrowed(&'a TypeRef),
    Raw,
    File,
    Files,
}

/// The builder's members, in the order the analysis gives.
fn members<'a>(op: &'a Operation, request: &Request) -> Vec<Member<'a>> {
    request
        .members
        .iter()
        .filter_map(|member| match *member {
            requests::Member::Param(index) => {
                let param = &op.params[index];
                Some(Member {
                    name: &param.name,
                    required: param.required,
                    kind: MemberKind::Value(&param.ty),
                    docs: param_docs(param),
                })
            }
            requests::Member::Body => {
                let body = op.body.as_ref()?;
                let docs = vec![format!(" The request body, sent as `{}`.", body.media_type)];
                let (name, kind) = match &body.content {
                    BodyContent::Json { name, ty } | BodyContent::Form { name, ty } => {
                        (name, MemberKind::Borrowed(ty))
                    }
                    BodyContent::Raw { name } => (name, MemberKind::Raw),
                    BodyContent::Multipart(_) => return None,
                };
                Some(Member {
                    name,
                    required: body.required,
                    kind,
                    docs,
                })
            }
            requests::Member::Part(index) => {
                let body = op.body.as_ref()?;
                let BodyContent::Multipart(parts) = &body.content else {
                    return None;
                };
                let part = parts.get(index)?;
                let mut docs = doc_lines(&part.docs);
                if docs.is_empty() {
                    docs.push(format!(" The `{}` part of the form.", part.wire_name));
                }
                Some(Member {
                    name: &part.name,
                    required: part.required && body.required,
                    kind: match &part.kind {
                        PartKind::File => MemberKind::File,
                        PartKind::Files => MemberKind::Files,
                        PartKind::Value(ty) => MemberKind::Value(ty),
                    },
                    docs,
                })
            }
        })
        .collect()
}

fn param_docs(param: &Param) -> Vec<String> {
    let mut docs = doc_lines(&param.docs);
    if docs.is_empty() {
        let location = match param.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        docs.push(format!(" The `{}` {location} parameter.", param.wire_name));
    }
    docs
}

/// The type a member is stored as in the builder (without the `Option` of an optional one),
/// the argument type it is taken as, and whether the argument is stored as it is or through
/// `.into()`.
fn member_types(ir: &Ir, member: &Member<'_>, t: &Templates) -> (syn::Type, syn::Type, bool) {
    let borrowed = |ty: &syn::Type| Fill::new().ty("__Type", ty).apply(&t.borrowed);
    match member.kind {
        // Required strings are borrowed, as `&str`; optional ones are set as owned strings.
        MemberKind::Value(TypeRef::String) if member.required => {
            (t.str.clone(), t.str.clone(), false)
        }
        MemberKind::Value(TypeRef::String) => (
            syn_type(ir, &TypeRef::String, Scope::Operations),
            t.into_string.clone(),
            true,
        ),
        MemberKind::Value(ty) => {
            let ty = syn_type(ir, ty, Scope::Operations);
            (ty.clone(), ty, false)
        }
        MemberKind::Borrowed(ty) => {
            let ty = borrowed(&syn_type(ir, ty, Scope::Operations));
            (ty.clone(), ty, false)
        }
        MemberKind::Raw => (t.body.clone(), t.into_body.clone(), true),
        MemberKind::File => (t.file.clone(), t.file.clone(), false),
        MemberKind::Files => (t.files.clone(), t.files.clone(), false),
    }
}

/// The operations module's fixed shapes, parsed once per formatting thread (see
/// [`template`](crate::emit::template)). Placeholders: `__Builder` and `__Arguments` (the
/// builder and its arguments struct), `__method` (the `Client` method), `__Output` (the
/// decoded response), `__name`, `__Type` and `__value` (one member), `__sending` (the async
/// block that sends the request).
struct Templates {
    client_method: syn::Item,
    builder: syn::Item,
    arguments: syn::Item,
    builder_impl: syn::Item,
    future_impl: syn::Item,
    operation_impl: syn::Item,
    setter: syn::ImplItem,
    argument: syn::FnArg,
    field: syn::Field,
    init: syn::FieldValue,
    init_shorthand: syn::FieldValue,
    arguments_value: syn::Expr,
    async_block: syn::Expr,
    statements: Statements,
    str: syn::Type,
    into_string: syn::Type,
    borrowed: syn::Type,
    body: syn::Type,
    into_body: syn::Type,
    file: syn::Type,
    files: syn::Type,
    optional: syn::Type,
    plain: syn::Expr,
    converted: syn::Expr,
    none: syn::Expr,
    empty_vec: syn::Expr,
    some: syn::Expr,
}

impl Templates {
    fn new() -> Self {
        let field: syn::ItemStruct = parse_quote! { struct S { __name: __Type } };
        let function: syn::ItemFn = parse_quote! { fn f(__name: __Type) {} };
        let init: syn::ExprStruct = parse_quote! { S { __name: __value } };
        let init_shorthand: syn::ExprStruct = parse_quote! { S { __name } };
        Self {
            client_method: parse_quote! {
                impl Client {
                    pub fn __method<'a>(&'a self) -> __Builder<'a> {
                        __Builder(Pending::Ready(__arguments))
                    }
                }
            },
            builder: parse_quote! {
                #[derive(Debug)]
                #[must_use = "a request does nothing until it is awaited or sent"]
                pub struct __Builder<'a>(Pending<'a, __Arguments<'a>>);
            },
            arguments: parse_quote! {
                #[derive(Debug)]
                struct __Arguments<'a> {
                    client: &'a Client,
                }
            },
            builder_impl: parse_quote! {
                impl<'a> __Builder<'a> {
                    /// Sends the request and decodes the response body, as `.await` does.
                    pub fn send(
                        self,
                    ) -> impl Future<Output = Result<__Output, Error>> + Send + 'a {
                        self.0
                    }

                    /// Sends the request; the response's status and headers come with the decoded body.
                    pub fn send_with_response(
                        self,
                    ) -> impl Future<Output = Result<Response<__Output>, Error>> + Send + 'a {
                        self.0.send_with_response()
                    }
                }
            },
            future_impl: parse_quote! {
                impl<'a> Future for __Builder<'a> {
                    type Output = Result<__Output, Error>;

                    fn poll(
                        self: Pin<&mut Self>,
                        cx: &mut Context<'_>,
                    ) -> Poll<Self::Output> {
                        Pin::new(&mut self.get_mut().0).poll(cx)
                    }
                }
            },
            operation_impl: parse_quote! {
                impl<'a> Operation<'a> for __Arguments<'a> {
                    type Output = __Output;

                    fn send(self) -> Sending<'a, Response<Self::Output>> {
                        Box::pin(__sending)
                    }
                }
            },
            setter: parse_quote! {
                pub fn __name(mut self, __name: __Type) -> Self {
                    if let Some(arguments) = self.0.arguments() {
                        arguments.__name = __value;
                    }
                    self
                }
            },
            argument: function
                .sig
                .inputs
                .into_iter()
                .next()
                .expect("one argument"),
            field: field.fields.into_iter().next().expect("one field"),
            init: init.fields.into_iter().next().expect("one field"),
            init_shorthand: init_shorthand.fields.into_iter().next().expect("one field"),
            arguments_value: parse_quote! { __Arguments { client: self } },
            async_block: parse_quote! { async move {} },
            statements: Statements::new(),
            str: parse_quote!(&'a str),
            into_string: parse_quote!(impl Into<String>),
            borrowed: parse_quote!(&'a __Type),
            body: parse_quote!(::reqwest::Body),
            into_body: parse_quote!(impl Into<::reqwest::Body>),
            file: parse_quote!(crate::client::FilePart),
            files: parse_quote!(Vec<crate::client::FilePart>),
            optional: parse_quote!(Option<__Type>),
            plain: parse_quote!(__name),
            converted: parse_quote!(__name.into()),
            none: parse_quote!(None),
            empty_vec: parse_quote!(Vec::new()),
            some: parse_quote!(Some(__value)),
        }
    }
}

thread_local! {
    static TEMPLATES: Templates = Templates::new();
}

/// The operation's items as syntax trees, built from the [`Templates`]. Tokens still made
/// with `quote!` (types, statements) are parsed here; should they not parse, the part is
/// those tokens, which the file then keeps raw for the compiler to point at.
fn operation_part(ir: &Ir, op: &Operation, request: &Request) -> Part {
    match TEMPLATES.with(|templates| operation_items(ir, op, request, templates)) {
        Ok(items) => Part::from_items(items),
        Err(tokens) => Part::Tokens(tokens),
    }
}

fn operation_items(
    ir: &Ir,
    op: &Operation,
    request: &Request,
    templates: &Templates,
) -> Result<Vec<syn::Item>, TokenStream> {
    let builder = ident(&op.builder);
    let arguments = ident(&op.arguments);
    let method_name = ident(&op.name);
    let output = output_type(ir, op);
    let filled = || {
        Fill::new()
            .ident("__Builder", &builder)
            .ident("__Arguments", &arguments)
            .ident("__method", &method_name)
            .ty("__Output", &output)
    };
    let mut args = Vec::new();
    let mut arguments_value = filled().apply(&templates.arguments_value);
    let mut arguments_struct = filled().apply(&templates.arguments);
    let mut builder_impl = filled().apply(&templates.builder_impl);
    let mut setters = Vec::new();
    for member in members(op, request) {
        let name = ident(member.name);
        let (stored, taken, into) = member_types(ir, &member, templates);
        let convert = Fill::new().ident("__name", &name).apply(if into {
            &templates.converted
        } else {
            &templates.plain
        });
        // The stored field, its initial value (`None` for an optional member), and the value
        // its setter stores.
        let (field, init, value) = if member.required {
            args.push(
                Fill::new()
                    .ident("__name", &name)
                    .ty("__Type", &taken)
                    .apply(&templates.argument),
            );
            (stored, convert, None)
        } else if matches!(member.kind, MemberKind::Files) {
            (stored, templates.empty_vec.clone(), Some(convert))
        } else {
            let some = Fill::new().expr("__value", &convert).apply(&templates.some);
            let optional = Fill::new().ty("__Type", &stored).apply(&templates.optional);
            (optional, templates.none.clone(), Some(some))
        };
        let named = Fill::new().ident("__name", &name).ty("__Type", &field);
        append_field(&mut arguments_struct, named.apply(&templates.field));
        // A required member stored as taken is written `Arguments { client: self, name }`.
        let init = if member.required && !into {
            Fill::new()
                .ident("__name", &name)
                .apply(&templates.init_shorthand)
        } else {
            Fill::new()
                .ident("__name", &name)
                .expr("__value", &init)
                .apply(&templates.init)
        };
        if let syn::Expr::Struct(value) = &mut arguments_value {
            value.fields.push(init);
        }
        if let Some(value) = value {
            let mut setter = Fill::new()
                .ident("__name", &name)
                .ty("__Type", &taken)
                .expr("__value", &value)
                .apply(&templates.setter);
            if let syn::ImplItem::Fn(setter) = &mut setter {
                setter.attrs = doc_attr_trees(&member.docs);
            }
            setters.push(setter);
        }
    }
    // The method: its docs, the required members as arguments, and the arguments struct.
    let mut method = filled()
        .expr("__arguments", &arguments_value)
        .apply(&templates.client_method);
    if let syn::Item::Impl(item) = &mut method {
        if let Some(syn::ImplItem::Fn(function)) = item.items.first_mut() {
            function.attrs = doc_attr_trees(method_docs(op));
            function.sig.inputs.extend(args);
        }
    }
    let mut builder_struct = filled().apply(&templates.builder);
    prepend_docs(
        &mut builder_struct,
        doc_attr_trees(&[format!(
            " A `{} {}` request, made by [`Client::{}`]: set optional parameters, then `.await` it \
             (or call `send_with_response` for the status and headers too).",
            op.method.as_str(),
            op.path,
            op.name.trim_start_matches("r#")
        )]),
    );
    if let syn::Item::Impl(builder_impl) = &mut builder_impl {
        builder_impl.items.splice(0..0, setters);
    }
    let mut sending = templates.async_block.clone();
    if let syn::Expr::Async(sending) = &mut sending {
        sending.block.stmts = templates.statements.send(ir, op, request);
    }
    let operation_impl = filled()
        .expr("__sending", &sending)
        .apply(&templates.operation_impl);
    let mut items = vec![
        method,
        builder_struct,
        arguments_struct,
        builder_impl,
        filled().apply(&templates.future_impl),
        operation_impl,
    ];
    if let Some(success) = success_enum(ir, op) {
        items.push(parse(success)?);
    }
    Ok(items)
}

fn append_field(item: &mut syn::Item, field: syn::Field) {
    if let syn::Item::Struct(item) = item {
        if let syn::Fields::Named(fields) = &mut item.fields {
            fields.named.push(field);
        }
    }
}

fn prepend_docs(item: &mut syn::Item, docs: Vec<syn::Attribute>) {
    if let syn::Item::Struct(item) = item {
        item.attrs.splice(0..0, docs);
    }
}

fn method_docs(op: &Operation) -> Vec<String> {
    let mut lines = doc_lines(&op.docs);
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(" `{} {}`", op.method.as_str(), op.path));
    lines
}

fn output_type(ir: &Ir, op: &Operation) -> syn::Type {
    match &op.responses.success {
        Success::One(body) => body_type(ir, body),
        Success::Several { name, .. } => syn::Type::Path(syn::TypePath {
            attrs: Vec::new(),
            qself: None,
            path: ident(name).into(),
        }),
    }
}

/// A response body's type: `()`, the decoded JSON's, `String` or `Vec<u8>`.
fn body_type(ir: &Ir, body: &ResponseBody) -> syn::Type {
    let ty = match body {
        ResponseBody::Empty => TypeRef::Tuple(Vec::new()),
        ResponseBody::Json(ty) => return syn_type(ir, ty, Scope::Operations),
        ResponseBody::Text => TypeRef::String,
        ResponseBody::Bytes => TypeRef::Vec(Box::new(TypeRef::U8)),
    };
    syn_type(ir, &ty, Scope::Operations)
}

fn success_enum(ir: &Ir, op: &Operation) -> Option<TokenStream> {
    let Success::Several { name, variants } = &op.responses.success else {
        return None;
    };
    let doc = doc_attrs([format!(
        " The successful responses of [`Client::{}`], one variant per status.",
        op.name.trim_start_matches("r#")
    )]);
    let variants = variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let mut docs = vec![format!(" {}", status_text(variant.status))];
        let described = doc_lines(&variant.docs);
        if !described.is_empty() {
            docs.push(String::new());
            docs.extend(described);
        }
        let payload = match &variant.body {
            ResponseBody::Empty => quote! {},
            body => {
                let ty = body_type(ir, body);
                quote! { (#ty) }
            }
        };
        let docs = doc_attrs(docs);
        quote! {
            #docs
            #name #payload,
        }
    });
    let name = ident(name);
    // As for unions: the variants are the spec's bodies, and boxing the large ones would cost
    // an allocation per response.
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variants )*
        }
    })
}

fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("Status {code}."),
        StatusMatch::Range(digit) => format!("Any other {digit}xx status."),
        StatusMatch::Default => "Any other success status.".to_owned(),
    }
}
