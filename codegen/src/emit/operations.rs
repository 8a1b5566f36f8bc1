//! The `operations` module: for each operation, a call of the `operation!` macro, printed by
//! hand, that writes the method on `Client` that takes the required parameters and returns a
//! request builder, the builder (setters for optional parameters, the per-request setters,
//! `send`, `send_with_response` and `Future`) and its `Operation` impl; and the success enum
//! where statuses differ, built from a [`template`](crate::emit::template). The macro is
//! written once, in `operations.rs`.

use quote::quote;
use syn::parse_quote;

use crate::analysis::requests::{self, Request};
use crate::emit::docs::{doc_attr_trees, doc_lines, safe_markdown};
use crate::emit::format::Part;
use crate::emit::names::{Module, NameSet, imports};
use crate::emit::request;
use crate::emit::spelling::{ident, spell, spell_text};
use crate::emit::template::{Cache, Fill, Template};
use crate::ir::{
    BodyContent, Controls, Ir, Operation, PageCursor, Paging, PagingRule, Param, ParamLocation,
    ResponseBody, StatusMatch, Success,
};
use crate::plan::Plan;
use crate::plan::operations::{OperationPlan, StreamKind, body_text, body_type};
use crate::plan::spelling::{Site, type_text};

/// The module as spelling sees it: its items are the builders, their arguments and the success
/// enums. (The macro names the client's items in full: the module imports none.)
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
    Module::new(false, own)
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

/// `operations.rs`: the `operation!` macro (part 0), then each tag's module, declared and
/// re-exported (so every builder is also `operations::Builder`), behind its cargo feature.
pub(crate) fn operations_root_part(ir: &Ir, index: usize) -> Part {
    if index == 0 {
        return Part::Text(OPERATION_MACRO);
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

/// Everything an operation repeats, written once (printed by hand: prettyplease would print a
/// macro's body on long lines).
const OPERATION_MACRO: &str = r#"/// One operation from one list: the `Client` method that starts it, its builder (a setter per
/// optional member, the per-request setters, `send`, `send_with_response` and `Future`), the
/// builder's arguments and their `Operation` impl. A call reads:
///
/// ```text
/// operation! {
///     /// The method's docs.
///     pub fn method(required: Type, …) -> Builder(Arguments);
///     call { operation: "operationId", method: GET, path: "/items/{id}", server: 0, idempotent: true, security: [[Credential, …], …] }
///     events(decode) -> Data;
///     optional {
///         /// The setter's docs.
///         member: Type,
///     }
///     paged {
///         items: items,
///         pages: pages,
///         item: Item,
///         fn next(response) { /* where the next page is: an `Option<NextPage>` */ }
///         fn items(page) { /* the page's items: a `Vec<Item>` */ }
///     }
///     fn request(self) { /* the request from the arguments, as an `Outgoing` */ }
///     fn decode(response) -> Output { /* the arms of a `match` on the status */ }
/// }
/// ```
///
/// `paged`, for an operation walked page by page, gives the builder `items()` and `pages()`
/// (named as the call says), the streams of the items of every page and of each page's body.
/// `events(decode) -> Data;`, where the response may be asked for as server-sent events,
/// gives the builder `events()`, each event's data decoded by the runtime's `decode`. Every
/// builder has `bytes_stream()`.
///
/// A member written `name: impl Into<T> as T` is taken as the first type and kept as the
/// second. An optional member is kept in an `Option`, `None` until its setter is called.
/// Attributes written `#![…]` at the start apply to every item the call writes:
/// `#![allow(deprecated)]` where the operation names a deprecated type, whose warning is for
/// the crate's users, not its own code. The per-request setters are `extra_header` and
/// `request_timeout`, their settings kept in the arguments' field `options`, unless a
/// parameter took one of these names: then the call starts with
/// `controls(extra_header_2, request_timeout, options_2)`, naming all three. A method whose
/// name is a raw identifier gives its name as text for the builder's docs
/// (`pub fn r#type as "type"(…)`). Paths are written in full, as a schema may take any name
/// of the prelude.
macro_rules! operation {
    (@stored $taken:ty) => { $taken };
    (@stored $taken:ty as $stored:ty) => { $stored };
    (@name $method:ident) => { stringify!($method) };
    (@name $method:ident $name:literal) => { $name };
    (@response mut $response:ident) => { $response };
    (@response $response:ident) => { $response };
    (
        controls($extra_header:ident, $request_timeout:ident, $options:ident)
        $(#![$all:meta])*
        $(#[$attr:meta])*
        pub fn $method:ident $(as $name:literal)? ($($arg:ident: $arg_ty:ty $(as $arg_stored:ty)?),*)
            -> $builder:ident($arguments:ident);
        call {
            operation: $operation:literal,
            method: $http:ident,
            path: $path:literal,
            server: $server:literal,
            idempotent: $idempotent:literal,
            security: [$([$($credential:ident),*]),*]
        }
        $(events($events:expr) -> $event:ty;)?
        $(optional {
            $($(#[$doc:meta])* $member:ident: $member_ty:ty $(as $member_stored:ty)?,)*
        })?
        $(paged {
            items: $items:ident,
            pages: $pages:ident,
            item: $item:ty,
            fn next($next_response:ident) $next:block
            fn items($page:ident) $page_items:block
        })?
        fn request($self:ident) $request:block
        fn decode($($response:tt)+) -> $output:ty { $($arms:tt)* }
    ) => {
        $(#[$all])*
        impl crate::client::Client {
            $(#[$attr])*
            pub fn $method<'a>(&'a self, $($arg: $arg_ty),*) -> $builder<'a> {
                $builder(crate::client::Pending::Ready($arguments {
                    client: self,
                    $($arg $(: ::std::convert::Into::<$arg_stored>::into($arg))?,)*
                    $($($member: ::std::option::Option::None,)*)?
                    $options: ::std::default::Default::default(),
                }))
            }
        }

        #[doc = concat!(
            "A `", stringify!($http), " ", $path, "` request, made by [`Client::",
            operation!(@name $method $($name)?), "`](crate::Client::",
            operation!(@name $method $($name)?), "): set optional parameters, then `.await` it ",
            "(or call `send_with_response` for the status and headers too)."
        )]
        #[derive(Debug)]
        #[must_use = "a request does nothing until it is awaited or sent"]
        pub struct $builder<'a>(crate::client::Pending<'a, $arguments<'a>>);

        $(#[$all])*
        #[derive(Debug)]
        struct $arguments<'a> {
            client: &'a crate::client::Client,
            $($arg: operation!(@stored $arg_ty $(as $arg_stored)?),)*
            $($($member: ::std::option::Option<operation!(@stored $member_ty $(as $member_stored)?)>,)*)?
            $options: crate::client::RequestOptions,
        }

        $(#[$all])*
        impl<'a> $builder<'a> {
            $($(
                $(#[$doc])*
                pub fn $member(self, $member: $member_ty) -> Self {
                    Self(self.0.set(|arguments| {
                        arguments.$member = ::std::option::Option::Some($member.into());
                    }))
                }
            )*)?

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

            $(
                /// Every item of every page, as a stream: one request per page, sent when
                /// the items before it have been read, each as this request is sent
                /// (credentials, retries, the extra headers and timeout set here).
                pub fn $items(self) -> crate::client::Items<$item> {
                    self.0.items(|$next_response| $next, |$page| $page_items)
                }

                /// Each page's decoded body, as a stream: one request per page, sent when
                /// the page before it has been read, each as this request is sent.
                pub fn $pages(self) -> crate::client::Pages<$output> {
                    self.0.pages(|$next_response| $next)
                }
            )?

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
            ) -> crate::client::Sending<'a, crate::client::Response<$output>> {
                self.0.send_with_response()
            }

            /// Sends the request and gives the response body as it arrives, with no size
            /// limit. A status other than a success is decoded into its error as `.await`
            /// decodes it.
            pub fn bytes_stream(self) -> crate::client::Sending<'a, crate::client::ByteStream> {
                self.0.bytes_stream()
            }
            $(
                /// Sends the request with `Accept: text/event-stream` and gives the response
                /// as server-sent events, each event's data decoded, as they arrive.
                pub fn events(
                    self,
                ) -> crate::client::Sending<'a, crate::client::EventStream<$event>> {
                    self.0.events($events)
                }
            )?
        }

        $(#[$all])*
        impl<'a> ::std::future::Future for $builder<'a> {
            type Output = ::std::result::Result<$output, crate::client::Error>;

            fn poll(
                self: ::std::pin::Pin<&mut Self>,
                cx: &mut ::std::task::Context<'_>,
            ) -> ::std::task::Poll<Self::Output> {
                ::std::future::Future::poll(::std::pin::Pin::new(&mut self.get_mut().0), cx)
            }
        }

        $(#[$all])*
        impl<'a> crate::client::Operation<'a> for $arguments<'a> {
            type Output = $output;

            const CALL: &'static crate::client::Call = &crate::client::Call {
                operation: $operation,
                method: ::reqwest::Method::$http,
                path: $path,
                server: $server,
                idempotent: $idempotent,
                security: &[$(&[$(crate::client::Credential::$credential),*]),*],
            };

            fn request(
                $self,
            ) -> ::std::result::Result<crate::client::Outgoing<'a>, crate::client::Error> $request

            fn decode(
                $($response)+: crate::client::RawResponse,
            ) -> ::std::result::Result<crate::client::Response<Self::Output>, crate::client::Error> {
                match operation!(@response $($response)+).status() {
                    $($arms)*
                }
            }
        }
    };
    ($($operation:tt)*) => {
        operation! { controls(extra_header, request_timeout, options) $($operation)* }
    };
}
"#;

/// A tag's module: its docs and imports.
pub(crate) fn operations_head(ir: &Ir, group: usize, module: Module, used: NameSet) -> Part {
    let imports = imports(module, used, &[]);
    let docs = match &ir.groups[group].tag {
        Some(tag) => format!(" The operations tagged `{tag}`; see [`Client`](crate::Client)."),
        None => " The operations without a tag; see [`Client`](crate::Client).".to_owned(),
    };
    Part::Tokens(quote! {
        #![doc = #docs]

        #imports
    })
}

/// Part `index` of the module: the `operation!` call of operation `index`, and its success
/// enum if it has one.
pub(crate) fn operations_part(ir: &Ir, plan: &Plan, module: Module, index: usize) -> Part {
    let op = &ir.operations[index];
    let call = Part::Printed(operation_call(
        ir,
        module,
        op,
        &plan.facts.requests[index],
        &plan.operations[index],
    ));
    let templates = TEMPLATES.with(|cache| cache.get(module.shadowed, Templates::new));
    match templates.success_enum(ir, module, op) {
        Some(success) => Part::Joined(vec![call, Part::from_items(vec![syn::Item::Enum(success)])]),
        None => call,
    }
}

/// The `operation! { … }` call of an operation, printed by hand.
fn operation_call(
    ir: &Ir,
    module: Module,
    op: &Operation,
    request: &Request,
    plan: &OperationPlan,
) -> String {
    let mut out = String::from("operation! {\n");
    let line = |out: &mut String, indent: usize, text: &str| {
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str(text);
        out.push('\n');
    };
    let usual = Controls {
        extra_header: "extra_header".to_owned(),
        request_timeout: "request_timeout".to_owned(),
        field: "options".to_owned(),
    };
    if op.controls != usual {
        let Controls {
            extra_header,
            request_timeout,
            field,
        } = &op.controls;
        line(
            &mut out,
            4,
            &format!("controls({extra_header}, {request_timeout}, {field})"),
        );
    }
    // The warning about a deprecated type is for the crate's users, not its own code.
    if ir.operation_mentions_deprecated(op) {
        line(&mut out, 4, "#![allow(deprecated)]");
    }
    // The method: its docs, the required members as arguments, the builder and its arguments.
    for doc in method_docs(op) {
        line(&mut out, 4, &doc_comment(&doc));
    }
    if op.docs.deprecated {
        line(&mut out, 4, "#[deprecated]");
    }
    let mut arguments: Vec<String> = Vec::new();
    let mut optional = Vec::new();
    for member in &plan.members {
        let (taken, stored) = member.taken.spelled(ir, Site::Module(module));
        let typed = match stored {
            Some(stored) => format!("{}: {taken} as {stored}", member.name),
            None => format!("{}: {taken}", member.name),
        };
        if member.required {
            arguments.push(typed);
        } else {
            optional.push((member_docs(op, member.member), typed));
        }
    }
    // Clippy's limit counts `&self`.
    if arguments.len() >= 7 {
        line(&mut out, 4, "#[allow(clippy::too_many_arguments)]");
    }
    // A raw name cannot be linked to as it is written: the builder's docs take it as text.
    let name = match op.name.strip_prefix("r#") {
        Some(bare) => format!("{} as \"{bare}\"", op.name),
        None => op.name.clone(),
    };
    line(
        &mut out,
        4,
        &format!(
            "pub fn {name}({}) -> {}({});",
            arguments.join(", "),
            op.builder,
            op.arguments
        ),
    );
    line(&mut out, 4, &request::call(ir, op, request));
    for stream in &plan.streams {
        if let StreamKind::Events(ty) = &stream.kind {
            line(
                &mut out,
                4,
                &format!(
                    "events({}) -> {};",
                    request::event_decoder(ir, ty, module),
                    spell_text(ir, ty, module)
                ),
            );
        }
    }
    if !optional.is_empty() {
        line(&mut out, 4, "optional {");
        for (docs, typed) in optional {
            for doc in docs {
                line(&mut out, 8, &doc_comment(&doc));
            }
            line(&mut out, 8, &format!("{typed},"));
        }
        line(&mut out, 4, "}");
    }
    if let (Some(paging), Some(paged)) = (&op.paging, &plan.paging) {
        let (items, next) = paging_code(paging);
        line(&mut out, 4, "paged {");
        line(&mut out, 8, &format!("items: {},", paged.items));
        line(&mut out, 8, &format!("pages: {},", paged.pages));
        let item = type_text(ir, &paged.item, Site::Module(module));
        line(&mut out, 8, &format!("item: {item},"));
        line(&mut out, 8, "fn next(response) {");
        line(&mut out, 12, &next);
        line(&mut out, 8, "}");
        line(&mut out, 8, "fn items(page) {");
        line(&mut out, 12, &items);
        line(&mut out, 8, "}");
        line(&mut out, 4, "}");
    }
    line(&mut out, 4, "fn request(self) {");
    for statement in request::request_lines(op, request) {
        line(&mut out, 8, &statement);
    }
    line(&mut out, 4, "}");
    let (arms, needs_mut) = request::decode_arms(ir, module, op);
    line(
        &mut out,
        4,
        &format!(
            "fn decode({}response) -> {} {{",
            if needs_mut { "mut " } else { "" },
            plan.output.spelled(ir, Site::Module(module))
        ),
    );
    for arm in arms {
        line(&mut out, 8, &arm);
    }
    line(&mut out, 4, "}");
    out.push_str("}\n");
    out
}

/// The expressions of a paged operation's `paged` section: a page's items (of `page`, its
/// body), and where the next page is (from `response`, the decoded response). The runtime's
/// traits read a field whatever its shape (a `Vec` or an `Option` of one, a flag or an
/// optional flag, text or a number).
fn paging_code(paging: &Paging) -> (String, String) {
    let client = "crate::client";
    let field = |of: &str, name: &Option<String>| match name {
        Some(name) => format!("{of}.{name}"),
        None => of.to_owned(),
    };
    let items = format!(
        "{client}::PageItems::into_items({})",
        field("page", &paging.items)
    );
    let body = "response.body()";
    let text = |of: String| format!("{client}::PageText::page_text(&{of})");
    let next = match &paging.rule {
        PagingRule::LinkHeader => format!("{client}::NextPage::link_header(response)"),
        PagingRule::Cursor {
            has_more,
            param,
            cursor,
        } => {
            let cursor = match cursor {
                PageCursor::LastItem(id) => format!(
                    "{client}::PageLast::last_item(&{}).and_then(|item| {})",
                    field(body, &paging.items),
                    text(format!("item.{id}"))
                ),
                PageCursor::LastItemProperty(name) => format!(
                    "{client}::PageLast::last_item(&{}).and_then(|item| {client}::json_property(item, {name:?}))",
                    field(body, &paging.items)
                ),
                PageCursor::BodyField(last_id) => text(format!("{body}.{last_id}")),
            };
            format!(
                "{client}::NextPage::cursor({param:?}, {client}::PageFlag::is_set(&{body}.{has_more}), {cursor})"
            )
        }
        PagingRule::Token { token_field, param } => format!(
            "{client}::NextPage::token({param:?}, {})",
            text(format!("{body}.{token_field}"))
        ),
        PagingRule::NextLink { next_field } => format!(
            "{client}::NextPage::url({})",
            text(format!("{body}.{next_field}"))
        ),
    };
    (items, next)
}

/// A doc line as a `///` comment, as prettyplease prints it (trailing spaces dropped), or as
/// an attribute where a comment cannot hold it.
fn doc_comment(line: &str) -> String {
    if line.contains(['\n', '\r']) || line.starts_with('/') {
        format!("#[doc = {}]", proc_macro2::Literal::string(line))
    } else {
        format!("///{}", line.trim_end())
    }
}

/// The docs of a builder's member: a parameter's, the body's media type, a part's.
fn member_docs(op: &Operation, member: requests::Member) -> Vec<String> {
    match member {
        requests::Member::Param(index) => op.params.get(index).map(param_docs),
        requests::Member::Body => op
            .body
            .as_ref()
            .map(|body| vec![format!(" The request body, sent as `{}`.", body.media_type)]),
        requests::Member::Part(index) => op.body.as_ref().and_then(|body| match &body.content {
            BodyContent::Multipart(parts) => parts.get(index).map(|part| {
                let docs = doc_lines(&part.docs);
                if docs.is_empty() {
                    vec![format!(" The `{}` part of the form.", part.wire_name)]
                } else {
                    docs
                }
            }),
            _ => None,
        }),
    }
    .unwrap_or_default()
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

/// The success enums, parsed once per formatting thread (see
/// [`template`](crate::emit::template)). Placeholders: `__Enum`, `__Variants`, `__Variant` and
/// `__Type`.
struct Templates {
    allow_deprecated: Template<syn::Attribute>,
    success_enum: Template<syn::ItemEnum>,
    success_variant: Template<syn::Variant>,
    success_variant_with_body: Template<syn::Variant>,
}

impl Templates {
    fn new(shadowed: NameSet) -> Self {
        let variants: syn::ItemEnum = parse_quote! {
            enum E {
                __Variant,
                __Variant(__Type),
            }
        };
        let mut variants = variants.variants.into_iter().map(Template::new);
        Self {
            allow_deprecated: Template::new_in(parse_quote! { #[allow(deprecated)] }, shadowed),
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
                        let ty = body_type_tree(ir, module, body);
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
        if ir.operation_mentions_deprecated(op) {
            item.attrs.push(self.allow_deprecated.copy());
        }
        Some(item)
    }
}

thread_local! {
    static TEMPLATES: Cache<Templates> = const { Cache::new() };
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

/// A success variant's body type: [`body_type`], spelled, or the stream of its events.
fn body_type_tree(ir: &Ir, module: Module, body: &ResponseBody) -> syn::Type {
    match body_type(body) {
        Some(ty) => spell(ir, &ty, module),
        None => syn::parse_str(&body_text(ir, body, Site::Module(module)))
            .unwrap_or_else(|_| syn::Type::Verbatim(quote!(_))),
    }
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

    /// The code of the first operation of a spec with these `paths`: its `operation!` call,
    /// then its success enum, printed.
    fn code(paths: &str) -> String {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n    item: {{type: object, properties: {{id: {{type: string}}}}}}\n"
        );
        let (ir, _) = crate::lower_to_ir(&spec, &crate::Options::default()).unwrap();
        let plan = crate::plan::plan(&ir, crate::analysis::analyze(&ir));
        let print = |part: Part| match part {
            Part::Printed(text) => text,
            Part::Tree(file) => prettyplease::unparse(&file),
            _ => panic!("an operation is a printed call and a tree"),
        };
        match operations_part(&ir, &plan, module(&ir), 0) {
            Part::Joined(parts) => parts.into_iter().map(print).collect(),
            part => print(part),
        }
    }

    /// `expected`'s lines follow one another in `code`, each trimmed.
    fn has(code: &str, expected: &str) {
        let lines: Vec<&str> = code.lines().map(str::trim).collect();
        let expected: Vec<&str> = expected.lines().map(str::trim).collect();
        assert!(
            lines
                .windows(expected.len())
                .any(|window| window == expected),
            "{}\n\n{code}",
            expected.join("\n")
        );
    }

    #[test]
    fn required_members_are_arguments_and_optional_ones_setters() {
        let code = code(
            "  /items/{id}:\n    put:\n      operationId: putItem\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: note, in: query, schema: {type: string}}\n        - {name: limit, in: query, required: true, schema: {type: integer}}\n      requestBody:\n        required: true\n        content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}}\n",
        );
        assert!(code.starts_with("operation! {\n    ///"), "{code}");
        // A required string is borrowed; a required body too; path parameters come first.
        // The docs end with the method and path, then the errors.
        has(
            &code,
            "/// `PUT /items/{id}`
             ///
             /// # Errors",
        );
        has(
            &code,
            "pub fn put_item(id: &'a str, limit: i64, body: &'a crate::models::Item) -> PutItem(PutItemArguments);
             call { operation: \"putItem\", method: PUT, path: \"/items/{id}\", server: 0, idempotent: true, security: [] }",
        );
        // An optional string is set as an owned one.
        has(
            &code,
            "optional {
                 /// The `note` query parameter.
                 note: impl Into<String> as String,
             }
             fn request(self) {
                 let segment_0 = crate::client::path_simple(\"id\", false, &self.id)?;",
        );
        // The request is made synchronously; the runtime sends it and hands back the response.
        has(
            &code,
            "Ok(crate::client::Outgoing::new(self.client, request, self.options))
             }
             fn decode(response) -> crate::models::Item {
                 200..=299 => response.into_json_response(),
                 _ => Err(response.error()),
             }
             }",
        );
        // The per-request setters have their usual names.
        assert!(!code.contains("controls("), "{code}");
        assert!(!code.contains("async"), "{code}");
    }

    #[test]
    fn a_paged_list_names_its_streams_and_how_the_next_page_is_found() {
        let code = code(
            "  /items:\n    get:\n      operationId: listItems\n      parameters:\n        - {name: starting_after, in: query, schema: {type: string}}\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/item'}}, has_more: {type: boolean}}}}}}}\n",
        );
        has(
            &code,
            "paged {
                 items: items,
                 pages: pages,
                 item: crate::models::Item,
                 fn next(response) {
                     crate::client::NextPage::cursor(\"starting_after\", crate::client::PageFlag::is_set(&response.body().has_more), crate::client::PageLast::last_item(&response.body().data).and_then(|item| crate::client::PageText::page_text(&item.id)))
                 }
                 fn items(page) {
                     crate::client::PageItems::into_items(page.data)
                 }
             }
             fn request(self) {",
        );
        // The macro makes both streams of the call's names.
        for made in [
            "pub fn $items(self) -> crate::client::Items<$item> {",
            "self.0.items(|$next_response| $next, |$page| $page_items)",
            "pub fn $pages(self) -> crate::client::Pages<$output> {",
        ] {
            assert!(OPERATION_MACRO.contains(made), "{made}");
        }
    }

    #[test]
    fn per_request_setters_give_way_to_parameters() {
        let code = code(
            "  /items:\n    get:\n      operationId: listItems\n      parameters:\n        - {name: extra_header, in: query, schema: {type: string}}\n        - {name: options, in: query, schema: {type: string}}\n      responses: {'204': {description: ok}}\n",
        );
        // The call names the per-request setters and their field first.
        assert!(
            code.starts_with(
                "operation! {\n    controls(extra_header_2, request_timeout, options_2)\n    ///"
            ),
            "{code}"
        );
        has(&code, "extra_header: impl Into<String> as String,");
        has(
            &code,
            "Ok(crate::client::Outgoing::new(self.client, request, self.options_2))",
        );
    }

    #[test]
    fn the_macro_names_the_setters_as_the_call_says() {
        // The short form is the long one with the usual names.
        assert!(OPERATION_MACRO.contains(
            "operation! { controls(extra_header, request_timeout, options) $($operation)* }"
        ));
        for named in [
            "pub fn $extra_header(",
            "arguments.$options.header(name, value)",
            "pub fn $request_timeout(self, timeout: ::std::time::Duration) -> Self",
            "arguments.$options.timeout(timeout)",
            // Every optional member starts unset, and its setter sets it.
            "$($($member: ::std::option::Option::None,)*)?",
            "arguments.$member = ::std::option::Option::Some($member.into())",
            // A member taken as one type and kept as another is converted when stored.
            "(@stored $taken:ty as $stored:ty) => { $stored };",
            "$($arg $(: ::std::convert::Into::<$arg_stored>::into($arg))?,)*",
        ] {
            assert!(OPERATION_MACRO.contains(named), "{named}");
        }
        // Every operation's items name the client's in full: a tag module imports nothing
        // of the client, and a builder may take any name but theirs.
        assert!(!OPERATION_MACRO.contains(" Client"));
        assert!(OPERATION_MACRO.contains("impl crate::client::Client {"));
    }

    #[test]
    fn deprecation_raw_names_and_long_argument_lists() {
        let code = code(
            "  /type/{a}/{b}/{c}/{d}/{e}/{f}/{g}:\n    get:\n      operationId: type\n      deprecated: true\n      parameters:\n        - {name: a, in: path, required: true, schema: {type: integer}}\n        - {name: b, in: path, required: true, schema: {type: integer}}\n        - {name: c, in: path, required: true, schema: {type: integer}}\n        - {name: d, in: path, required: true, schema: {type: integer}}\n        - {name: e, in: path, required: true, schema: {type: integer}}\n        - {name: f, in: path, required: true, schema: {type: integer}}\n        - {name: g, in: path, required: true, schema: {type: integer}}\n        - {name: old, in: query, schema: {type: string, enum: [a], deprecated: true}}\n      responses: {'204': {description: ok}}\n",
        );
        // The operation names a deprecated type: its items allow the warning, which is for
        // the crate's users.
        assert!(
            code.starts_with("operation! {\n    #![allow(deprecated)]\n    ///"),
            "{code}"
        );
        // Seven arguments and `&self` are more than clippy's limit; a raw name is given as
        // text for the builder's docs.
        has(
            &code,
            "#[deprecated]
             #[allow(clippy::too_many_arguments)]
             pub fn r#type as \"type\"(a: i64, b: i64, c: i64, d: i64, e: i64, f: i64, g: i64) -> Type(TypeArguments);",
        );
    }

    #[test]
    fn docs_that_a_comment_cannot_hold_are_attributes() {
        assert_eq!(doc_comment(" text  "), "/// text");
        assert_eq!(doc_comment(""), "///");
        assert_eq!(doc_comment("/ slash"), "#[doc = \"/ slash\"]");
        assert_eq!(doc_comment(" a\rb"), "#[doc = \" a\\rb\"]");
    }

    #[test]
    fn events_alone_or_beside_another_body() {
        // Beside bytes: the body is read as without the events, whose type is the
        // `itemSchema` rather than the `schema`; the builder gains `events()`.
        let beside = code(
            "  /speech:\n    post:\n      operationId: speak\n      responses:\n        '200':\n          description: audio\n          content:\n            application/octet-stream: {schema: {type: string, format: binary}}\n            text/event-stream:\n              schema: {type: string}\n              itemSchema: {$ref: '#/components/schemas/item'}\n",
        );
        has(
            &beside,
            "events(crate::client::json_data::<crate::models::Item>) -> crate::models::Item;
             fn request(self) {",
        );
        has(&beside, "fn decode(mut response) -> Vec<u8> {");
        // `.await` asks for the bytes, as for any response offered in several media types.
        has(
            &beside,
            "let request = request.header(::reqwest::header::ACCEPT, \"application/octet-stream\");",
        );
        assert!(!beside.contains(".streamed()"), "{beside}");
        // Alone, without a schema: a stream of text events, asked for and streamed.
        let code = code(
            "  /log:\n    get:\n      operationId: log\n      responses:\n        '200': {description: lines, content: {text/event-stream: {}}}\n",
        );
        has(
            &code,
            "let request = request.header(::reqwest::header::ACCEPT, \"text/event-stream\");
             Ok(crate::client::Outgoing::new(self.client, request, self.options).streamed())",
        );
        has(
            &code,
            "fn decode(mut response) -> crate::client::EventStream<String> {
                 200..=299 => {
                     let body = response.events(crate::client::text_data);",
        );
        // No `events()` member: awaiting gives the events.
        assert!(!code.contains("\n    events("), "{code}");
    }

    #[test]
    fn multipart_files_and_differing_statuses() {
        let code = code(
            "  /upload:\n    post:\n      operationId: upload\n      requestBody:\n        required: true\n        content:\n          multipart/form-data:\n            schema:\n              type: object\n              required: [file]\n              properties:\n                file: {type: string, format: binary}\n                more: {type: array, items: {type: string, format: binary}}\n      responses:\n        '201': {description: created, content: {application/json: {schema: {$ref: '#/components/schemas/item'}}}}\n        '204': {description: nothing}\n",
        );
        has(
            &code,
            "pub fn upload(file: crate::client::FilePart) -> Upload(UploadArguments);",
        );
        has(&code, "more: Vec<crate::client::FilePart>,");
        // Optional files are kept in an `Option`, as every optional member.
        has(
            &code,
            "let form = self.more.into_iter().flatten().try_fold(form, |form, file| form.file(\"more\", file))?;",
        );
        has(&code, "fn decode(response) -> UploadSuccess {");
        // The statuses' docs: the status, then the spec's description.
        let compact: String = code.split_whitespace().collect();
        let expected: String = "pub enum UploadSuccess { /// Status 201. /// /// created Created(crate::models::Item), \
             /// Status 204. /// /// nothing NoContent, }"
            .split_whitespace()
            .collect();
        assert!(compact.contains(&expected), "{code}");
    }
}
