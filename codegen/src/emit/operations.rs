//! The `operations` module: for each operation, a method on `Client` that takes the required
//! parameters and returns a request builder, the builder (setters for optional parameters; the
//! per-request setters, `send`, `send_with_response` and `Future` from the `sends!` macro), its
//! `Operation` impl, and the success enum where statuses differ. Built from
//! [`template`](crate::emit::template)s, but for the module's docs, written once.

use quote::quote;
use syn::parse_quote;

use crate::analysis::Facts;
use crate::analysis::requests::{self, Request};
use crate::emit::docs::{doc_attr_trees, doc_lines, safe_markdown};
use crate::emit::format::Part;
use crate::emit::names::{Module, NameSet, imports};
use crate::emit::request::Statements;
use crate::emit::spelling::{ident, spell};
use crate::emit::template::{Cache, Fill, Template};
use crate::ir::{
    BodyContent, Controls, Ir, Operation, Param, ParamLocation, PartKind, ResponseBody,
    StatusMatch, Success, TypeRef,
};

/// What the module imports of its own, besides the std names its parts use.
const IMPORTS: &[(&str, &[&str])] = &[(
    "crate::client",
    &["Client", "Operation", "Pending", "Response"],
)];

/// The module as spelling sees it: its items are the builders, their arguments and the success
/// enums, and what it imports.
pub(crate) fn module(ir: &Ir) -> Module {
    let own = ir.operations.iter().flat_map(|op| {
        let success = match &op.responses.success {
            Success::Several { name, .. } => Some(name.as_str()),
            Success::One(_) => None,
        };
        [op.builder.as_str(), op.arguments.as_str()]
            .into_iter()
            .chain(success)
    });
    let imported = IMPORTS.iter().flat_map(|(_, names)| names.iter().copied());
    Module::new(false, own.chain(imported))
}

/// Per group of [`Ir::groups`], the indices of its operations, in the IR's order.
pub(crate) fn groups(ir: &Ir) -> Vec<Vec<usize>> {
    let mut groups = vec![Vec::new(); ir.groups.len()];
    for (index, op) in ir.operations.iter().enumerate() {
        groups[op.group].push(index);
    }
    groups
}

/// `operations.rs`: the module's docs.
pub(crate) fn operations_root_head() -> Part {
    Part::Tokens(quote! {
        //! One request builder per operation, made by the [`Client`](crate::Client) method of the
        //! same name. Required parameters are that method's arguments; optional ones are set on
        //! the builder. A builder is sent with `.send()`, or with
        //! `.send_with_response()` for the status and headers too, or simply `.await`ed.
        //!
        //! The builders are grouped in one module per tag of the spec, each compiled with the
        //! cargo feature of its name, and all re-exported here.
    })
}

/// `operations.rs`: the `sends!` macro (part 0), then each tag's module, declared and
/// re-exported (so every builder is also `operations::Builder`), behind its cargo feature.
pub(crate) fn operations_root_part(ir: &Ir, index: usize) -> Part {
    if index == 0 {
        return Part::Text(SENDS_MACRO);
    }
    let modules = ir.groups.iter().map(|group| {
        let name = ident(&group.module);
        let docs = match &group.tag {
            Some(tag) => format!(" The operations tagged `{tag}`."),
            None => " The operations without a tag.".to_owned(),
        };
        let docs = doc_attr_trees(&[docs]);
        let cfg = group
            .feature
            .as_ref()
            .map(|feature| quote! { #[cfg(feature = #feature)] });
        quote! {
            #(#docs)*
            #cfg
            pub mod #name;
            #cfg
            pub use self::#name::*;
        }
    });
    Part::Tokens(quote! { #(#modules)* })
}

/// The per-request setters, `send`, `send_with_response` and `Future`, alike for every builder,
/// written once (printed by hand: prettyplease would print a macro's body on long lines).
const SENDS_MACRO: &str = r#"/// The per-request setters, `send`, `send_with_response` and `Future` for the builder
/// `$builder`, whose request decodes into `$output`: the same for every builder. The setters
/// are `extra_header` and `request_timeout`, their settings kept in the arguments' field
/// `options`, unless a parameter took one of these names: the long form names all three. Paths
/// are written in full, as a schema may take any name of the prelude. A deprecated output type
/// warns its users, not this crate.
macro_rules! sends {
    ($builder:ident, $output:ty) => {
        sends!(
            $builder,
            $output,
            extra_header: extra_header,
            request_timeout: request_timeout,
            options: options
        );
    };
    (
        $builder:ident,
        $output:ty,
        extra_header: $extra_header:ident,
        request_timeout: $request_timeout:ident,
        options: $options:ident
    ) => {
        #[allow(deprecated)]
        impl<'a> $builder<'a> {
            /// Sends this header with the request too, in place of any header of the
            /// same name the client would send (credentials included). Its value never
            /// appears in `Debug` output.
            pub fn $extra_header(
                self,
                name: impl ::std::convert::Into<::std::string::String>,
                value: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                let (name, value) = (name.into(), value.into());
                Self(self.0.set(|arguments| arguments.$options.header(name, value)))
            }

            /// The time each attempt of this request may take, in place of the client's
            /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout).
            pub fn $request_timeout(self, timeout: ::std::time::Duration) -> Self {
                Self(self.0.set(|arguments| arguments.$options.timeout(timeout)))
            }

            /// Sends the request and decodes the response body, as `.await` does.
            pub fn send(
                self,
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<$output, crate::client::Error>,
            > + ::std::marker::Send + 'a {
                self.0
            }

            /// Sends the request; the response's status and headers come with the decoded
            /// body.
            pub fn send_with_response(
                self,
            ) -> impl ::std::future::Future<
                Output = ::std::result::Result<
                    crate::client::Response<$output>,
                    crate::client::Error,
                >,
            > + ::std::marker::Send + 'a {
                self.0.send_with_response()
            }
        }

        #[allow(deprecated)]
        impl<'a> ::std::future::Future for $builder<'a> {
            type Output = ::std::result::Result<$output, crate::client::Error>;

            fn poll(
                self: ::std::pin::Pin<&mut Self>,
                cx: &mut ::std::task::Context<'_>,
            ) -> ::std::task::Poll<Self::Output> {
                ::std::future::Future::poll(::std::pin::Pin::new(&mut self.get_mut().0), cx)
            }
        }
    };
}
"#;

/// A tag's module: its docs and imports.
pub(crate) fn operations_head(ir: &Ir, group: usize, module: Module, used: NameSet) -> Part {
    let imports = imports(module, used, IMPORTS);
    let docs = match &ir.groups[group].tag {
        Some(tag) => format!(" The operations tagged `{tag}`; see [`Client`]."),
        None => " The operations without a tag; see [`Client`].".to_owned(),
    };
    Part::Tokens(quote! {
        #![doc = #docs]

        #imports
    })
}

/// Part `index` of the module: the items of operation `index`.
pub(crate) fn operations_part(ir: &Ir, facts: &Facts, module: Module, index: usize) -> Part {
    let (op, request) = (&ir.operations[index], &facts.requests[index]);
    let templates = TEMPLATES.with(|cache| cache.get(module.shadowed, Templates::new));
    Part::from_items(templates.operation(ir, module, op, request))
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
fn member_types(
    ir: &Ir,
    module: Module,
    member: &Member<'_>,
    t: &Templates,
) -> (syn::Type, syn::Type, bool) {
    let borrowed = |ty: &syn::Type| Fill::new().ty("__Type", ty).apply(&t.borrowed);
    match member.kind {
        // Required strings are borrowed, as `&str`; optional ones are set as owned strings.
        MemberKind::Value(TypeRef::String) if member.required => {
            (t.str.copy(), t.str.copy(), false)
        }
        MemberKind::Value(TypeRef::String) => (
            spell(ir, &TypeRef::String, module),
            t.into_string.copy(),
            true,
        ),
        MemberKind::Value(ty) => {
            let ty = spell(ir, ty, module);
            (ty.clone(), ty, false)
        }
        MemberKind::Borrowed(ty) => {
            let ty = borrowed(&spell(ir, ty, module));
            (ty.clone(), ty, false)
        }
        MemberKind::Raw => (t.body.copy(), t.into_body.copy(), true),
        MemberKind::File => (t.file.copy(), t.file.copy(), false),
        MemberKind::Files => (t.files.copy(), t.files.copy(), false),
    }
}

/// The operations module's items, parsed once per formatting thread (see
/// [`template`](crate::emit::template)). Placeholders: `__Builder` and `__Arguments` (the
/// builder and its arguments struct), `__method` and `__args` (the `Client` method and its
/// arguments), `__Output` (the decoded response), `__fields`, `__setters`, `__name`, `__Type`
/// and `__value` (the members), `__options` (the field of the per-request settings), `__items`
/// (the `Operation` impl's: `CALL`, `request` and `decode`), `__Enum`, `__Variants` and
/// `__Variant` (the success enum).
struct Templates {
    client_method: Template<syn::ItemImpl>,
    method: Template<syn::ImplItemFn>,
    builder: Template<syn::ItemStruct>,
    arguments: Template<syn::ItemStruct>,
    builder_impl: Template<syn::ItemImpl>,
    operation_impl: Template<syn::ItemImpl>,
    setter: Template<syn::ImplItemFn>,
    argument: Template<syn::FnArg>,
    field: Template<syn::Field>,
    init: Template<syn::FieldValue>,
    init_shorthand: Template<syn::FieldValue>,
    options_field: Template<syn::Field>,
    options_init: Template<syn::FieldValue>,
    statements: Statements,
    deprecated: Template<syn::Attribute>,
    allow_deprecated: Template<syn::Attribute>,
    str: Template<syn::Type>,
    into_string: Template<syn::Type>,
    borrowed: Template<syn::Type>,
    body: Template<syn::Type>,
    into_body: Template<syn::Type>,
    file: Template<syn::Type>,
    files: Template<syn::Type>,
    optional: Template<syn::Type>,
    plain: Template<syn::Expr>,
    converted: Template<syn::Expr>,
    none: Template<syn::Expr>,
    empty_vec: Template<syn::Expr>,
    some: Template<syn::Expr>,
    success_enum: Template<syn::ItemEnum>,
    success_variant: Template<syn::Variant>,
    success_variant_with_body: Template<syn::Variant>,
}

impl Templates {
    fn new(shadowed: NameSet) -> Self {
        let field: syn::ItemStruct = parse_quote! { struct S { __name: __Type } };
        let function: syn::ItemFn = parse_quote! { fn f(__name: __Type) {} };
        let init: syn::ExprStruct = parse_quote! { S { __name: __value } };
        let init_shorthand: syn::ExprStruct = parse_quote! { S { __name } };
        let variants: syn::ItemEnum = parse_quote! {
            enum E {
                __Variant,
                __Variant(__Type),
            }
        };
        let mut variants = variants.variants.into_iter().map(Template::new);
        Self {
            client_method: Template::new_in(
                parse_quote! {
                    impl Client {
                        fn __method() {}
                    }
                },
                shadowed,
            ),
            method: Template::new_in(
                parse_quote! {
                    pub fn __method<'a>(&'a self, __args: ()) -> __Builder<'a> {
                        __Builder(Pending::Ready(__Arguments { client: self, __fields: () }))
                    }
                },
                shadowed,
            ),
            builder: Template::new_in(
                parse_quote! {
                    #[derive(Debug)]
                    #[must_use = "a request does nothing until it is awaited or sent"]
                    pub struct __Builder<'a>(Pending<'a, __Arguments<'a>>);
                },
                shadowed,
            ),
            arguments: Template::new_in(
                parse_quote! {
                    #[derive(Debug)]
                    struct __Arguments<'a> {
                        client: &'a Client,
                        __fields: (),
                    }
                },
                shadowed,
            ),
            builder_impl: Template::new_in(
                parse_quote! {
                    impl<'a> __Builder<'a> {
                        fn __setters() {}
                    }
                },
                shadowed,
            ),
            operation_impl: Template::new_in(
                parse_quote! {
                    impl<'a> Operation<'a> for __Arguments<'a> {
                        type Output = __Output;

                        fn __items() {}
                    }
                },
                shadowed,
            ),
            setter: Template::new_in(
                parse_quote! {
                    pub fn __name(self, __name: __Type) -> Self {
                        Self(self.0.set(|arguments| arguments.__name = __value))
                    }
                },
                shadowed,
            ),
            argument: Template::new_in(
                function
                    .sig
                    .inputs
                    .into_iter()
                    .next()
                    .expect("one argument"),
                shadowed,
            ),
            field: Template::new_in(
                field.fields.into_iter().next().expect("one field"),
                shadowed,
            ),
            init: Template::new_in(init.fields.into_iter().next().expect("one field"), shadowed),
            init_shorthand: Template::new_in(
                init_shorthand.fields.into_iter().next().expect("one field"),
                shadowed,
            ),
            options_field: Template::new_in(
                {
                    let options: syn::ItemStruct = parse_quote! {
                        struct S { __options: crate::client::RequestOptions }
                    };
                    options.fields.into_iter().next().expect("one field")
                },
                shadowed,
            ),
            options_init: Template::new_in(
                {
                    let init: syn::ExprStruct = parse_quote! {
                        S { __options: crate::client::RequestOptions::default() }
                    };
                    init.fields.into_iter().next().expect("one field")
                },
                shadowed,
            ),
            statements: Statements::new(shadowed),
            deprecated: Template::new_in(parse_quote! { #[deprecated] }, shadowed),
            allow_deprecated: Template::new_in(parse_quote! { #[allow(deprecated)] }, shadowed),
            str: Template::new_in(parse_quote!(&'a str), shadowed),
            into_string: Template::new_in(parse_quote!(impl Into<String>), shadowed),
            borrowed: Template::new_in(parse_quote!(&'a __Type), shadowed),
            body: Template::new_in(parse_quote!(::reqwest::Body), shadowed),
            into_body: Template::new_in(parse_quote!(impl Into<::reqwest::Body>), shadowed),
            file: Template::new_in(parse_quote!(crate::client::FilePart), shadowed),
            files: Template::new_in(parse_quote!(Vec<crate::client::FilePart>), shadowed),
            optional: Template::new_in(parse_quote!(Option<__Type>), shadowed),
            plain: Template::new_in(parse_quote!(__name), shadowed),
            converted: Template::new_in(parse_quote!(__name.into()), shadowed),
            none: Template::new_in(parse_quote!(None), shadowed),
            empty_vec: Template::new_in(parse_quote!(Vec::new()), shadowed),
            some: Template::new_in(parse_quote!(Some(__value)), shadowed),
            // As for unions: the variants are the spec's bodies, and boxing the large ones
            // would cost an allocation per response.
            success_enum: Template::new_in(
                parse_quote! {
                    #[derive(Debug, Clone, PartialEq)]
                    #[allow(clippy::large_enum_variant)]
                    pub enum __Enum {
                        __Variants,
                    }
                },
                shadowed,
            ),
            success_variant: variants.next().expect("a unit variant"),
            success_variant_with_body: variants.next().expect("a variant with a body"),
        }
    }

    /// The operation's items: the `Client` method, the builder, its arguments, its methods and
    /// impls, and the success enum if there is one.
    fn operation(
        &self,
        ir: &Ir,
        module: Module,
        op: &Operation,
        request: &Request,
    ) -> Vec<syn::Item> {
        let builder = ident(&op.builder);
        let arguments = ident(&op.arguments);
        let method_name = ident(&op.name);
        let output = output_type(ir, module, op);
        let filled = || {
            Fill::new()
                .ident("__Builder", &builder)
                .ident("__Arguments", &arguments)
        };
        let mut args = Vec::new();
        let mut fields = Vec::new();
        let mut inits = Vec::new();
        let mut setters = Vec::new();
        for member in members(op, request) {
            let name = ident(member.name);
            let (stored, taken, into) = member_types(ir, module, &member, self);
            let convert = Fill::new().ident("__name", &name).apply(if into {
                &self.converted
            } else {
                &self.plain
            });
            // The stored field, its initial value (`None` for an optional member), and the
            // value its setter stores.
            let (field, init, value) = if member.required {
                args.push(
                    Fill::new()
                        .ident("__name", &name)
                        .ty("__Type", &taken)
                        .apply(&self.argument),
                );
                (stored, convert, None)
            } else if matches!(member.kind, MemberKind::Files) {
                (stored, self.empty_vec.copy(), Some(convert))
            } else {
                let some = Fill::new().expr("__value", &convert).apply(&self.some);
                let optional = Fill::new().ty("__Type", &stored).apply(&self.optional);
                (optional, self.none.copy(), Some(some))
            };
            fields.push(
                Fill::new()
                    .ident("__name", &name)
                    .ty("__Type", &field)
                    .apply(&self.field),
            );
            // A required member stored as taken is written `Arguments { client: self, name }`.
            inits.push(if member.required && !into {
                Fill::new()
                    .ident("__name", &name)
                    .apply(&self.init_shorthand)
            } else {
                Fill::new()
                    .ident("__name", &name)
                    .expr("__value", &init)
                    .apply(&self.init)
            });
            if let Some(value) = value {
                let mut setter = Fill::new()
                    .ident("__name", &name)
                    .ty("__Type", &taken)
                    .expr("__value", &value)
                    .apply(&self.setter);
                setter.attrs = doc_attr_trees(&member.docs);
                setters.push(syn::ImplItem::Fn(setter));
            }
        }
        // The per-request settings, after the members.
        let options = ident(&op.controls.field);
        fields.push(
            Fill::new()
                .ident("__options", &options)
                .apply(&self.options_field),
        );
        inits.push(
            Fill::new()
                .ident("__options", &options)
                .apply(&self.options_init),
        );
        // The method: its docs, the required members as arguments, and the arguments struct.
        let mut method = filled()
            .ident("__method", &method_name)
            .args("__args", args)
            .field_values("__fields", inits)
            .apply(&self.method);
        method.attrs = doc_attr_trees(method_docs(op));
        if op.docs.deprecated {
            method.attrs.push(self.deprecated.copy());
        }
        let client_method = Fill::new()
            .items("__method", vec![syn::ImplItem::Fn(method)])
            .apply(&self.client_method);
        let mut builder_struct = filled().apply(&self.builder);
        builder_struct.attrs.splice(
            0..0,
            doc_attr_trees(&[format!(
                " A `{} {}` request, made by [`Client::{}`]: set optional parameters, then `.await` it \
                 (or call `send_with_response` for the status and headers too).",
                op.method.as_str(),
                op.path,
                op.name.trim_start_matches("r#")
            )]),
        );
        let operation_items = self.statements.operation_items(ir, module, op, request);
        let mut items = vec![
            syn::Item::Impl(client_method),
            syn::Item::Struct(builder_struct),
            syn::Item::Struct(
                Fill::new()
                    .ident("__Arguments", &arguments)
                    .fields("__fields", fields)
                    .apply(&self.arguments),
            ),
        ];
        if !setters.is_empty() {
            items.push(syn::Item::Impl(
                Fill::new()
                    .ident("__Builder", &builder)
                    .items("__setters", setters)
                    .apply(&self.builder_impl),
            ));
        }
        // The per-request setters, `send`, `send_with_response` and `Future`: the same for
        // every builder, written once, in the macro of `operations.rs`.
        items.push(sends(&builder, &output, &op.controls));
        items.push(syn::Item::Impl(
            Fill::new()
                .ident("__Arguments", &arguments)
                .ty("__Output", &output)
                .items("__items", operation_items.into())
                .apply(&self.operation_impl),
        ));
        items.extend(self.success_enum(ir, module, op).map(syn::Item::Enum));
        // The warning about a deprecated type is for the crate's users, not its own code.
        if ir.operation_mentions_deprecated(op) {
            for item in &mut items {
                let attrs = match item {
                    syn::Item::Impl(item) => &mut item.attrs,
                    syn::Item::Struct(item) => &mut item.attrs,
                    syn::Item::Enum(item) => &mut item.attrs,
                    // `sends!` allows it in what it writes: an attribute on the call is unused.
                    _ => continue,
                };
                attrs.push(self.allow_deprecated.copy());
            }
        }
        items
    }

    fn success_enum(&self, ir: &Ir, module: Module, op: &Operation) -> Option<syn::ItemEnum> {
        let Success::Several { name, variants } = &op.responses.success else {
            return None;
        };
        let variants = variants
            .iter()
            .map(|variant| {
                let name = ident(&variant.name);
                let mut docs = vec![format!(" {}", status_text(variant.status))];
                let described = doc_lines(&variant.docs);
                if !described.is_empty() {
                    docs.push(String::new());
                    docs.extend(described);
                }
                let mut variant = match &variant.body {
                    ResponseBody::Empty => Fill::new()
                        .ident("__Variant", &name)
                        .apply(&self.success_variant),
                    body => {
                        let ty = body_type(ir, module, body);
                        Fill::new()
                            .ident("__Variant", &name)
                            .ty("__Type", &ty)
                            .apply(&self.success_variant_with_body)
                    }
                };
                variant.attrs = doc_attr_trees(docs);
                variant
            })
            .collect();
        let name = ident(name);
        let mut item = Fill::new()
            .ident("__Enum", &name)
            .variants("__Variants", variants)
            .apply(&self.success_enum);
        item.attrs.splice(
            0..0,
            doc_attr_trees([format!(
                " The successful responses of [`Client::{}`], one variant per status.",
                op.name.trim_start_matches("r#")
            )]),
        );
        Some(item)
    }
}

thread_local! {
    static TEMPLATES: Cache<Templates> = const { Cache::new() };
}

/// The call of `sends!` for a builder: the long form when a parameter took the name of a
/// per-request setter or of their field.
fn sends(builder: &syn::Ident, output: &syn::Type, controls: &Controls) -> syn::Item {
    let usual = Controls {
        extra_header: "extra_header".to_owned(),
        request_timeout: "request_timeout".to_owned(),
        field: "options".to_owned(),
    };
    if *controls == usual {
        return parse_quote! { sends!(#builder, #output); };
    }
    let extra_header = ident(&controls.extra_header);
    let request_timeout = ident(&controls.request_timeout);
    let options = ident(&controls.field);
    parse_quote! {
        sends!(
            #builder,
            #output,
            extra_header: #extra_header,
            request_timeout: #request_timeout,
            options: #options
        );
    }
}

fn method_docs(op: &Operation) -> Vec<String> {
    let mut lines = doc_lines(&op.docs);
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(" `{} {}`", op.method.as_str(), op.path));
    lines.push(String::new());
    lines.extend(errors_section(op));
    if !op.omissions.is_empty() {
        lines.push(String::new());
        lines.push(" # Incomplete".to_owned());
        lines.push(String::new());
        lines.push(" The spec states more than this method sends or reads:".to_owned());
        lines.extend(
            op.omissions
                .iter()
                .map(|omission| format!(" - {}", safe_markdown(omission))),
        );
    }
    lines
}

/// The `# Errors` section of a method's docs: when it fails, and the error statuses the spec
/// declares, each with the `ErrorBody` variant its body is decoded into.
fn errors_section(op: &Operation) -> Vec<String> {
    let mut lines = vec![
        " # Errors".to_owned(),
        String::new(),
        " An [`Error`](crate::Error) when the request cannot be sent or times out, the status is \
         not a success, or the body does not decode."
            .to_owned(),
        String::new(),
    ];
    if op.responses.declared_errors.is_empty() {
        lines.push(" The spec declares no error status.".to_owned());
        return lines;
    }
    lines.push(if op.responses.errors.is_empty() {
        " The error statuses the spec declares:".to_owned()
    } else {
        " The error statuses the spec declares, with the variant of \
         [`ErrorBody`](crate::ErrorBody) that [`Error::error_body`](crate::Error::error_body) \
         decodes each body into:"
            .to_owned()
    });
    lines.push(String::new());
    for error in &op.responses.declared_errors {
        let status = match error.status {
            StatusMatch::Code(code) => format!("`{code}`"),
            StatusMatch::Range(digit) => format!("`{digit}XX`"),
            StatusMatch::Default => "`default`, any other status".to_owned(),
        };
        let summary = error
            .summary
            .as_deref()
            .map(|s| format!(" ({})", safe_markdown(s).trim().replace('\n', " ")))
            .unwrap_or_default();
        let body = match &error.variant {
            Some(variant) => {
                let bare = variant.trim_start_matches("r#");
                format!("[`ErrorBody::{bare}`](crate::ErrorBody::{variant})")
            }
            None => "no typed body".to_owned(),
        };
        lines.push(format!(" - {status}{summary}: {body}"));
    }
    lines
}

fn output_type(ir: &Ir, module: Module, op: &Operation) -> syn::Type {
    match &op.responses.success {
        Success::One(body) => body_type(ir, module, body),
        Success::Several { name, .. } => syn::Type::Path(syn::TypePath {
            attrs: Vec::new(),
            qself: None,
            path: ident(name).into(),
        }),
    }
}

/// A response body's type: `()`, the decoded JSON's, `String` or `Vec<u8>`.
pub(crate) fn body_type(ir: &Ir, module: Module, body: &ResponseBody) -> syn::Type {
    let ty = match body {
        ResponseBody::Empty => TypeRef::Tuple(Vec::new()),
        ResponseBody::Json(ty) => return spell(ir, ty, module),
        ResponseBody::Text => TypeRef::String,
        ResponseBody::Bytes => TypeRef::Vec(Box::new(TypeRef::U8)),
    };
    spell(ir, &ty, module)
}

fn status_text(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("Status {code}."),
        StatusMatch::Range(digit) => format!("Any other {digit}xx status."),
        StatusMatch::Default => "Any other success status.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The items of the first operation of a spec with these `paths`, printed, without
    /// whitespace (which the formatter places as lines are long).
    fn items(paths: &str) -> String {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n    item: {{type: object, properties: {{id: {{type: string}}}}}}\n"
        );
        let (ir, _) = crate::lower_to_ir(&spec, &crate::Options::default()).unwrap();
        let facts = crate::analysis::analyze(&ir);
        let Part::Tree(file) = operations_part(&ir, &facts, module(&ir), 0) else {
            panic!("an operation is built as a tree");
        };
        prettyplease::unparse(&file)
            .split_whitespace()
            .collect::<String>()
            .replace(",)", ")")
            .replace(",}", "}")
    }

    fn has(code: &str, expected: &str) {
        let expected: String = expected.split_whitespace().collect();
        let expected = expected.replace(",}", "}");
        assert!(code.contains(&expected), "{expected}\n\n{code}");
    }

    #[test]
    fn required_members_are_arguments_and_optional_ones_setters() {
        let code = items(
            "  /items/{id}:\n    put:\n      operationId: putItem\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: note, in: query, schema: {type: string}}\n        - {name: limit, in: query, required: true, schema: {type: integer}}\n      requestBody:\n        required: true\n        content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}}\n",
        );
        // A required string is borrowed; a required body too; path parameters come first.
        has(
            &code,
            "pub fn put_item<'a>(&'a self, id: &'a str, limit: i64, body: &'a crate::models::Item) -> PutItem<'a>",
        );
        has(
            &code,
            "PutItem(Pending::Ready(PutItemArguments { client: self, id, note: None, limit, body, \
             options: crate::client::RequestOptions::default() }))",
        );
        // An optional string is set as an owned one.
        has(
            &code,
            "pub fn note(self, note: impl Into<String>) -> Self { \
             Self(self.0.set(|arguments| arguments.note = Some(note.into()))) }",
        );
        has(
            &code,
            "struct PutItemArguments<'a> { client: &'a Client, id: &'a str, note: Option<String>, limit: i64, body: &'a crate::models::Item, \
             options: crate::client::RequestOptions }",
        );
        // The per-request setters, `send` and the rest come from the macro, with the usual
        // names.
        has(&code, "sends!(PutItem, crate::models::Item);");
        assert!(!code.contains("fnextra_header"), "{code}");
        has(&code, "/// `PUT /items/{id}`");
        // The request is made synchronously; the runtime sends it and hands back the response.
        has(
            &code,
            "impl<'a> Operation<'a> for PutItemArguments<'a> { type Output = crate::models::Item; \
             const CALL: &'static crate::client::Call",
        );
        has(
            &code,
            "fn request(self) -> Result<crate::client::Outgoing<'a>, crate::client::Error>",
        );
        has(
            &code,
            "fn decode(response: crate::client::RawResponse) \
             -> Result<Response<Self::Output>, crate::client::Error>",
        );
        assert!(!code.contains("async"), "{code}");
    }

    #[test]
    fn per_request_setters_give_way_to_parameters() {
        let code = items(
            "  /items:\n    get:\n      operationId: listItems\n      parameters:\n        - {name: extra_header, in: query, schema: {type: string}}\n        - {name: options, in: query, schema: {type: string}}\n      responses: {'204': {description: ok}}\n",
        );
        has(
            &code,
            "pub fn extra_header(self, extra_header: impl Into<String>)",
        );
        // The macro's long form names the per-request setters and their field.
        has(
            &code,
            "sends!(ListItems, (), extra_header: extra_header_2, \
             request_timeout: request_timeout, options: options_2);",
        );
        has(&code, "Outgoing::new(self.client, request, self.options_2)");
    }

    #[test]
    fn the_sends_macro_names_the_setters_as_the_builder_says() {
        // The short form is the long one with the usual names.
        for usual in [
            "extra_header: extra_header,",
            "request_timeout: request_timeout,",
            "options: options",
        ] {
            assert!(SENDS_MACRO.contains(usual), "{usual}");
        }
        for named in [
            "pub fn $extra_header(",
            "arguments.$options.header(name, value)",
            "pub fn $request_timeout(self, timeout: ::std::time::Duration) -> Self",
            "arguments.$options.timeout(timeout)",
        ] {
            assert!(SENDS_MACRO.contains(named), "{named}");
        }
    }

    #[test]
    fn multipart_files_and_differing_statuses() {
        let code = items(
            "  /upload:\n    post:\n      operationId: upload\n      requestBody:\n        required: true\n        content:\n          multipart/form-data:\n            schema:\n              type: object\n              required: [file]\n              properties:\n                file: {type: string, format: binary}\n                more: {type: array, items: {type: string, format: binary}}\n      responses:\n        '201': {description: created, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n        '204': {description: nothing}\n",
        );
        has(
            &code,
            "pub fn upload<'a>(&'a self, file: crate::client::FilePart) -> Upload<'a>",
        );
        has(
            &code,
            "pub fn more(self, more: Vec<crate::client::FilePart>) -> Self",
        );
        has(&code, "more: Vec::new()");
        // The statuses' docs: the status, then the spec's description.
        has(
            &code,
            "pub enum UploadSuccess { /// Status 201. /// /// created Created(crate::models::Item), \
             /// Status 204. /// /// nothing NoContent, }",
        );
    }
}
