//! The `models` module: one Rust item per IR type.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};
use syn::parse_quote;

use crate::emit::docs::{doc_attr_trees, doc_attributes, doc_attrs, doc_lines};
use crate::emit::format::Part;
use crate::emit::template::{Fill, literal, literal_pattern};
use crate::ir::{
    Enum, Field, Ir, Struct, Tagging, TypeDef, TypeKind, TypeRef, Union, UnionVariant,
};

/// The module in parts that each parse on their own: its docs, one part per type, and the
/// `Nullable` helper when a type uses it. Formatted part by part (in parallel), the file never
/// has all its tokens alive at once.
pub(crate) fn models_part_count(ir: &Ir) -> usize {
    1 + ir.types.len() + usize::from(uses_nullable(ir))
}

/// Part `index` of the module, in the order [`models_part_count`] counts.
pub(crate) fn models_part(ir: &Ir, index: usize) -> Part {
    match index {
        0 => Part::Tokens(quote! {
            //! The API's data types, one per schema of the spec.
        }),
        i if i <= ir.types.len() => type_part(ir, &ir.types[i - 1]),
        _ => Part::Tokens(nullable_helper()),
    }
}

/// The shapes of structs and string enums, the types most specs are made of, parsed once per
/// formatting thread (see [`template`](crate::emit::template)); the other kinds of type are
/// written with `quote!` below. Placeholders: `__Name` (the type), `__name` and `__Type` (a
/// field), `__Variant` and `__value` (a variant and its JSON value), `__Other` (the variant
/// of unknown values).
struct Templates {
    structure: syn::Item,
    field: syn::Field,
    serde: syn::Attribute,
    string_enum: Vec<syn::Item>,
    variant: syn::Variant,
    as_str_arm: syn::Arm,
    from_arm: syn::Arm,
}

thread_local! {
    static TEMPLATES: Templates = Templates::new();
}

impl Templates {
    fn new() -> Self {
        let field: syn::ItemStruct = parse_quote! { struct S { pub __name: __Type } };
        let variant: syn::ItemEnum = parse_quote! { enum E { __Variant } };
        let string_enum: syn::File = parse_quote! {
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            pub enum __Name {
                /// A value this client does not know, kept as received.
                __Other(::std::string::String),
            }

            impl __Name {
                /// The value as it is written in JSON.
                pub fn as_str(&self) -> &str {
                    match self {
                        Self::__Other(value) => value,
                    }
                }
            }

            impl ::std::convert::From<::std::string::String> for __Name {
                /// The variant of a known value, else the value kept as it is.
                fn from(value: ::std::string::String) -> Self {
                    match value.as_str() {
                        _ => Self::__Other(value),
                    }
                }
            }

            impl ::std::fmt::Display for __Name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::serde::Serialize for __Name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for __Name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                }
            }
        };
        Self {
            structure: parse_quote! {
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                pub struct __Name {}
            },
            field: field.fields.into_iter().next().expect("one field"),
            serde: parse_quote! { #[serde()] },
            string_enum: string_enum.items,
            variant: variant.variants.into_iter().next().expect("one variant"),
            as_str_arm: parse_quote! { Self::__Variant => __value, },
            from_arm: parse_quote! { __value => Self::__Variant, },
        }
    }

    /// A struct: its fields with their serde attributes, then the map of undeclared fields.
    fn structure(&self, ir: &Ir, def: &TypeDef, s: &Struct) -> Vec<syn::Item> {
        let name = ident(&def.name);
        let mut item = Fill::new().ident("__Name", &name).apply(&self.structure);
        let mut fields = Vec::new();
        for field in &s.fields {
            let ty = syn_type(ir, &field.ty, Scope::Models);
            let mut attrs = doc_attr_trees(doc_lines(&field.docs));
            attrs.extend(self.serde_attr(field_serde(field)));
            fields.push(self.field(&field.name, &ty, attrs));
        }
        if let Some(extra) = &s.additional {
            // Kept as received: a JSON object, or a map of the declared value type.
            let map = match &extra.value {
                TypeRef::Value => TypeRef::JsonObject,
                value => TypeRef::Map(Box::new(value.clone())),
            };
            let ty = syn_type(ir, &map, Scope::Models);
            let mut attrs = doc_attr_trees([
                " Properties the spec does not declare by name, kept as received.",
            ]);
            attrs.extend(self.serde_attr(Some(quote! { flatten })));
            fields.push(self.field(&extra.name, &ty, attrs));
        }
        if let syn::Item::Struct(item) = &mut item {
            item.attrs
                .splice(0..0, doc_attr_trees(doc_lines(&def.docs)));
            if let syn::Fields::Named(named) = &mut item.fields {
                named.named.extend(fields);
            }
        }
        vec![item]
    }

    fn field(&self, name: &str, ty: &syn::Type, attrs: Vec<syn::Attribute>) -> syn::Field {
        let name = ident(name);
        let mut field = Fill::new()
            .ident("__name", &name)
            .ty("__Type", ty)
            .apply(&self.field);
        field.attrs = attrs;
        field
    }

    /// `#[serde(…)]` holding `arguments`, if there are any.
    fn serde_attr(&self, arguments: Option<TokenStream>) -> Option<syn::Attribute> {
        let arguments = arguments?;
        let mut attr = self.serde.clone();
        if let syn::Meta::List(list) = &mut attr.meta {
            list.tokens = arguments;
        }
        Some(attr)
    }

    /// A string enum: its variants, `as_str`, `From<String>`, `Display` and the serde impls.
    fn string_enum(&self, def: &TypeDef, e: &Enum) -> Vec<syn::Item> {
        let name = ident(&def.name);
        let other = ident(&e.other_variant);
        let mut items: Vec<syn::Item> = self
            .string_enum
            .iter()
            .map(|item| {
                Fill::new()
                    .ident("__Name", &name)
                    .ident("__Other", &other)
                    .apply(item)
            })
            .collect();
        let mut variants = Vec::new();
        let mut as_str_arms = Vec::new();
        let mut from_arms = Vec::new();
        for variant in &e.variants {
            let variant_name = ident(&variant.name);
            let value = literal(Literal::string(&variant.value));
            let fill = || {
                Fill::new()
                    .ident("__Variant", &variant_name)
                    .expr("__value", &value)
            };
            variants.push(fill().apply(&self.variant));
            as_str_arms.push(fill().apply(&self.as_str_arm));
            let mut from_arm = fill().apply(&self.from_arm);
            from_arm.pat = literal_pattern(Literal::string(&variant.value));
            from_arms.push(from_arm);
        }
        if let Some(syn::Item::Enum(item)) = items.first_mut() {
            item.attrs
                .splice(0..0, doc_attr_trees(doc_lines(&def.docs)));
            let other = item.variants.pop();
            item.variants.extend(variants);
            item.variants.extend(other);
        }
        if let Some(arms) = items.get_mut(1).and_then(method_match) {
            arms.arms.splice(0..0, as_str_arms);
        }
        if let Some(arms) = items.get_mut(2).and_then(method_match) {
            arms.arms.splice(0..0, from_arms);
        }
        items
    }
}

/// The `match` that is the whole body of an impl's first method.
fn method_match(item: &mut syn::Item) -> Option<&mut syn::ExprMatch> {
    let syn::Item::Impl(item) = item else {
        return None;
    };
    let syn::ImplItem::Fn(method) = item.items.first_mut()? else {
        return None;
    };
    match method.block.stmts.first_mut()? {
        syn::Stmt::Expr(syn::Expr::Match(body), _) => Some(body),
        _ => None,
    }
}

/// `Option<Nullable<T>>`: absent, `null` or a value.
fn is_three_state(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Option(inner) if matches!(**inner, TypeRef::Nullable(_)))
}

fn uses_nullable(ir: &Ir) -> bool {
    ir.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| is_three_state(&f.ty)),
        _ => false,
    })
}

/// `Nullable<T>` and the field deserializer that tells `null` from absent.
fn nullable_helper() -> TokenStream {
    quote! {
        /// A property that may be sent as `null`. Inside an `Option`, it gives a JSON property its
        /// three states: `None` leaves it out (a PATCH leaves the value alone),
        /// `Some(Nullable::Null)` sends `null` (clears it), `Some(Nullable::Value(v))` sends `v`.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Nullable<T> {
            Null,
            Value(T),
        }

        impl<T: ::serde::Serialize> ::serde::Serialize for Nullable<T> {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    Nullable::Null => serializer.serialize_none(),
                    Nullable::Value(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de, T: ::serde::Deserialize<'de>> ::serde::Deserialize<'de> for Nullable<T> {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(match value {
                    ::std::option::Option::None => Nullable::Null,
                    ::std::option::Option::Some(value) => Nullable::Value(value),
                })
            }
        }

        /// Reads a present property, `null` included, as `Some`; an absent one stays `None` by
        /// `#[serde(default)]`.
        fn nullable_present<'de, D, T>(deserializer: D) -> ::std::result::Result<::std::option::Option<Nullable<T>>, D::Error>
        where
            D: ::serde::Deserializer<'de>,
            T: ::serde::Deserialize<'de>,
        {
            <Nullable<T> as ::serde::Deserialize>::deserialize(deserializer).map(::std::option::Option::Some)
        }
    }
}

fn type_part(ir: &Ir, def: &TypeDef) -> Part {
    let docs = || doc_attributes(&def.docs);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => {
            Part::from_items(TEMPLATES.with(|templates| templates.structure(ir, def, s)))
        }
        TypeKind::Enum(e) => {
            Part::from_items(TEMPLATES.with(|templates| templates.string_enum(def, e)))
        }
        TypeKind::Union(u) => union_item(ir, docs(), &name, u).into(),
        TypeKind::Alias(ty) => {
            let docs = docs();
            let ty = rust_type(ir, ty, Scope::Models);
            quote! { #docs pub type #name = #ty; }.into()
        }
        TypeKind::Const(value) => const_item(docs(), &name, value).into(),
        TypeKind::Newtype(ty) => {
            let docs = docs();
            let ty = rust_type(ir, ty, Scope::Models);
            let derive = derives(&[]);
            quote! {
                #docs
                #derive
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
            .into()
        }
    }
}

/// Derive macros live in the macro namespace, which no schema name can enter, so the standard
/// ones are named plainly; serde's are paths because its traits share their names.
const DERIVES: &str = "Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize";

fn derives(extra: &[&str]) -> TokenStream {
    let mut list = DERIVES.to_owned();
    for path in extra {
        list.push_str(", ");
        list.push_str(path);
    }
    let paths: TokenStream = list.parse().unwrap_or_default();
    quote! { #[derive(#paths)] }
}

/// The arguments of a field's `#[serde(…)]`, if it needs one: its wire name where serde's
/// would differ, and how an optional field is left out.
fn field_serde(field: &Field) -> Option<TokenStream> {
    let rename = rename(&field.name, &field.wire_name);
    let skip = match (field.optional, is_three_state(&field.ty)) {
        (true, true) => Some(quote! {
            default,
            deserialize_with = "nullable_present",
            skip_serializing_if = "::std::option::Option::is_none"
        }),
        (true, false) => Some(quote! { skip_serializing_if = "::std::option::Option::is_none" }),
        (false, _) => None,
    };
    match (rename, skip) {
        (Some(rename), Some(skip)) => Some(quote! { #rename, #skip }),
        (rename, skip) => rename.or(skip),
    }
}

/// A unit struct standing for the one value a `const` allows: it writes that value and reads
/// nothing else.
fn const_item(docs: TokenStream, name: &Ident, value: &str) -> TokenStream {
    let doc = doc_attrs([format!(
        " Always `{value}`: the only value the spec allows here."
    )]);
    let expecting = format!("the value {value}");
    quote! {
        #docs
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct #name;

        impl #name {
            /// The value as JSON text.
            pub const JSON: &'static str = #value;
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let value: ::serde_json::Value = ::serde_json::from_str(Self::JSON).map_err(::serde::ser::Error::custom)?;
                ::serde::Serialize::serialize(&value, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let expected: ::serde_json::Value = ::serde_json::from_str(Self::JSON).map_err(::serde::de::Error::custom)?;
                if value == expected {
                    ::std::result::Result::Ok(#name)
                } else {
                    ::std::result::Result::Err(::serde::de::Error::custom(format_args!(
                        "expected {}, found {}", #expecting, value
                    )))
                }
            }
        }
    }
}

fn union_item(ir: &Ir, docs: TokenStream, name: &Ident, u: &Union) -> TokenStream {
    let tag_read_by_hand = tag_read_by_hand(ir, u);
    let derive = if tag_read_by_hand.is_some() {
        quote! { #[derive(Debug, Clone, PartialEq, ::serde::Serialize)] }
    } else {
        derives(&[])
    };
    let tagging = match &u.tagging {
        Tagging::Internal { tag } => quote! { #[serde(tag = #tag)] },
        Tagging::External => quote! {},
        Tagging::Untagged => quote! { #[serde(untagged)] },
    };
    let variants = u.variants.iter().map(|v| union_variant(ir, v));
    let unknown = u.unknown_variant.as_ref().map(|unknown| {
        let unknown = ident(unknown);
        quote! {
            /// A variant this client does not know, kept as received.
            #[serde(untagged)]
            #unknown(::serde_json::Value),
        }
    });
    let deserialize = tag_read_by_hand.map(|(tag, unknown)| {
        let arms = u.variants.iter().filter_map(|v| {
            let variant = ident(&v.name);
            let wire = v.wire_name.as_ref()?;
            Some(quote! {
                ::std::option::Option::Some(#wire) => ::serde::Deserialize::deserialize(&value).map(Self::#variant),
            })
        });
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                /// The variant the tag names; a value whose tag is not listed, or that does not
                /// fit its variant, is kept as it is.
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let known: ::std::result::Result<Self, ::serde_json::Error> =
                        match value.get(#tag).and_then(::serde_json::Value::as_str) {
                            #( #arms )*
                            _ => return ::std::result::Result::Ok(Self::#unknown(value)),
                        };
                    ::std::result::Result::Ok(known.unwrap_or(Self::#unknown(value)))
                }
            }
        }
    });
    // Variant sizes follow the spec's schemas; boxing every payload would cost an allocation
    // per value to save stack space only some unions need.
    quote! {
        #docs
        #derive
        #tagging
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variants )*
            #unknown
        }

        #deserialize
    }
}

/// For an internally tagged union that keeps unknown variants, whose payloads are all structs
/// without a map of undeclared fields: the tag and the unknown variant's name. Such a union is
/// read by hand, the JSON value once and its tag looked up, rather than by serde's derive,
/// which buffers the value to retry it as the catch-all: several times the code to compile. A
/// payload's struct ignores the tag field, which it does not declare.
fn tag_read_by_hand<'u>(ir: &Ir, u: &'u Union) -> Option<(&'u str, Ident)> {
    let (Tagging::Internal { tag }, Some(unknown)) = (&u.tagging, &u.unknown_variant) else {
        return None;
    };
    let plain_struct = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => match &ir.types[id.0].kind {
            TypeKind::Struct(s) => {
                s.additional.is_none() && s.fields.iter().all(|f| f.wire_name != *tag)
            }
            _ => false,
        },
        _ => false,
    };
    u.variants
        .iter()
        .all(|v| v.wire_name.is_some() && plain_struct(&v.payload))
        .then(|| (tag.as_str(), ident(unknown)))
}

fn union_variant(ir: &Ir, variant: &UnionVariant) -> TokenStream {
    let name = ident(&variant.name);
    let payload = rust_type(ir, &variant.payload, Scope::Models);
    let rename = variant
        .wire_name
        .as_ref()
        .map(|wire| quote! { #[serde(rename = #wire)] });
    quote! { #rename #name(#payload), }
}

/// `rename = "wire"` when serde's default name for the field differs from the wire name.
fn rename(rust_name: &str, wire_name: &str) -> Option<TokenStream> {
    let unraw = rust_name.strip_prefix("r#").unwrap_or(rust_name);
    (unraw != wire_name).then(|| quote! { rename = #wire_name })
}

/// Where a type is spelled: inside `models`, or elsewhere in the crate.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The `models` module itself.
    Models,
    /// Anywhere in the crate.
    Crate,
    /// The `operations` module, whose own names never take a prelude name: the prelude's
    /// types are spelled as in hand-written code.
    Operations,
}

/// The Rust spelling of a type reference, with fully qualified paths so that no schema name
/// can shadow what the generated code means.
pub(crate) fn rust_type(ir: &Ir, ty: &TypeRef, scope: Scope) -> TokenStream {
    let recurse = |inner: &TypeRef| rust_type(ir, inner, scope);
    let prelude = scope == Scope::Operations;
    let string = if prelude {
        quote! { String }
    } else {
        quote! { ::std::string::String }
    };
    let model = |name: &Ident| match scope {
        Scope::Models => quote! { #name },
        Scope::Crate | Scope::Operations => quote! { crate::models::#name },
    };
    match ty {
        TypeRef::String => string,
        TypeRef::Bool => quote! { bool },
        TypeRef::I8 => quote! { i8 },
        TypeRef::I16 => quote! { i16 },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::U8 => quote! { u8 },
        TypeRef::U16 => quote! { u16 },
        TypeRef::U32 => quote! { u32 },
        TypeRef::U64 => quote! { u64 },
        TypeRef::F32 => quote! { f32 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::Value => quote! { ::serde_json::Value },
        TypeRef::JsonObject => quote! { ::serde_json::Map<#string, ::serde_json::Value> },
        TypeRef::Vec(inner) => {
            let inner = recurse(inner);
            if prelude {
                quote! { Vec<#inner> }
            } else {
                quote! { ::std::vec::Vec<#inner> }
            }
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(recurse);
            quote! { ( #( #items, )* ) }
        }
        TypeRef::Map(inner) => {
            let inner = recurse(inner);
            quote! { ::std::collections::BTreeMap<#string, #inner> }
        }
        TypeRef::Option(inner) => {
            let inner = recurse(inner);
            if prelude {
                quote! { Option<#inner> }
            } else {
                quote! { ::std::option::Option<#inner> }
            }
        }
        TypeRef::Box(inner) => {
            let inner = recurse(inner);
            if prelude {
                quote! { Box<#inner> }
            } else {
                quote! { ::std::boxed::Box<#inner> }
            }
        }
        TypeRef::Nullable(inner) => {
            let inner = recurse(inner);
            let nullable = model(&format_ident!("Nullable"));
            quote! { #nullable<#inner> }
        }
        TypeRef::Named(id) => model(&ident(&ir.types[id.0].name)),
    }
}

/// [`rust_type`] as a syntax tree, copied from templates rather than parsed.
pub(crate) fn syn_type(ir: &Ir, ty: &TypeRef, scope: Scope) -> syn::Type {
    TYPES.with(|types| types.build(ir, ty, scope))
}

/// The type shapes of [`rust_type`], parsed once per formatting thread. Placeholders: `__T`
/// (the inner type), `__S` (the string type of the scope), `__Name` (a name).
struct TypeTemplates {
    std_string: syn::Type,
    string: syn::Type,
    value: syn::Type,
    json_object: syn::Type,
    std_vec: syn::Type,
    vec: syn::Type,
    tuple: syn::Type,
    map: syn::Type,
    std_option: syn::Type,
    option: syn::Type,
    std_box: syn::Type,
    boxed: syn::Type,
    local: syn::Type,
    model: syn::Type,
    local_generic: syn::Type,
    model_generic: syn::Type,
}

thread_local! {
    static TYPES: TypeTemplates = TypeTemplates::new();
}

impl TypeTemplates {
    fn new() -> Self {
        Self {
            std_string: parse_quote!(::std::string::String),
            string: parse_quote!(String),
            value: parse_quote!(::serde_json::Value),
            json_object: parse_quote!(::serde_json::Map<__S, ::serde_json::Value>),
            std_vec: parse_quote!(::std::vec::Vec<__T>),
            vec: parse_quote!(Vec<__T>),
            tuple: parse_quote!(()),
            map: parse_quote!(::std::collections::BTreeMap<__S, __T>),
            std_option: parse_quote!(::std::option::Option<__T>),
            option: parse_quote!(Option<__T>),
            std_box: parse_quote!(::std::boxed::Box<__T>),
            boxed: parse_quote!(Box<__T>),
            local: parse_quote!(__Name),
            model: parse_quote!(crate::models::__Name),
            local_generic: parse_quote!(__Name<__T>),
            model_generic: parse_quote!(crate::models::__Name<__T>),
        }
    }

    fn build(&self, ir: &Ir, ty: &TypeRef, scope: Scope) -> syn::Type {
        let prelude = scope == Scope::Operations;
        let pick =
            |std: &syn::Type, plain: &syn::Type| if prelude { plain.clone() } else { std.clone() };
        let wrap = |std: &syn::Type, plain: &syn::Type, inner: &TypeRef| {
            let inner = self.build(ir, inner, scope);
            Fill::new()
                .ty("__T", &inner)
                .apply(if prelude { plain } else { std })
        };
        let named = |name: &Ident, inner: Option<&TypeRef>| {
            let (plain, generic) = match scope {
                Scope::Models => (&self.local, &self.local_generic),
                Scope::Crate | Scope::Operations => (&self.model, &self.model_generic),
            };
            let fill = Fill::new().ident("__Name", name);
            match inner {
                Some(inner) => {
                    let inner = self.build(ir, inner, scope);
                    fill.ty("__T", &inner).apply(generic)
                }
                None => fill.apply(plain),
            }
        };
        let primitive = |name: &str| {
            let name = Ident::new(name, Span::call_site());
            Fill::new().ident("__Name", &name).apply(&self.local)
        };
        let string = pick(&self.std_string, &self.string);
        match ty {
            TypeRef::String => string,
            TypeRef::Bool => primitive("bool"),
            TypeRef::I8 => primitive("i8"),
            TypeRef::I16 => primitive("i16"),
            TypeRef::I32 => primitive("i32"),
            TypeRef::I64 => primitive("i64"),
            TypeRef::U8 => primitive("u8"),
            TypeRef::U16 => primitive("u16"),
            TypeRef::U32 => primitive("u32"),
            TypeRef::U64 => primitive("u64"),
            TypeRef::F32 => primitive("f32"),
            TypeRef::F64 => primitive("f64"),
            TypeRef::Value => self.value.clone(),
            TypeRef::JsonObject => Fill::new().ty("__S", &string).apply(&self.json_object),
            TypeRef::Vec(inner) => wrap(&self.std_vec, &self.vec, inner),
            TypeRef::Tuple(items) => {
                let mut tuple = self.tuple.clone();
                if let syn::Type::Tuple(tuple) = &mut tuple {
                    for item in items {
                        tuple.elems.push_value(self.build(ir, item, scope));
                        tuple.elems.push_punct(Default::default());
                    }
                }
                tuple
            }
            TypeRef::Map(inner) => {
                let inner = self.build(ir, inner, scope);
                Fill::new()
                    .ty("__S", &string)
                    .ty("__T", &inner)
                    .apply(&self.map)
            }
            TypeRef::Option(inner) => wrap(&self.std_option, &self.option, inner),
            TypeRef::Box(inner) => wrap(&self.std_box, &self.boxed, inner),
            TypeRef::Nullable(inner) => {
                named(&Ident::new("Nullable", Span::call_site()), Some(inner))
            }
            TypeRef::Named(id) => named(&ident(&ir.types[id.0].name), None),
        }
    }
}

/// An identifier from a name made by `naming`, raw (`r#type`) where it says so.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeId;
    use quote::ToTokens;

    #[test]
    fn type_trees_are_the_types_rust_type_spells() {
        let ir = crate::lower_to_ir(
            "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}, \
             \"components\": {\"schemas\": {\"type\": {\"type\": \"object\"}}}}",
            &crate::Options::default(),
        )
        .unwrap()
        .0;
        let named = || TypeRef::Named(TypeId(0));
        let boxed = |ty: TypeRef| Box::new(ty);
        let mut types = vec![
            TypeRef::String,
            TypeRef::Bool,
            TypeRef::I8,
            TypeRef::I16,
            TypeRef::I32,
            TypeRef::I64,
            TypeRef::U8,
            TypeRef::U16,
            TypeRef::U32,
            TypeRef::U64,
            TypeRef::F32,
            TypeRef::F64,
            TypeRef::Value,
            TypeRef::JsonObject,
            named(),
            TypeRef::Tuple(Vec::new()),
            TypeRef::Tuple(vec![TypeRef::String]),
            TypeRef::Tuple(vec![named(), TypeRef::I64, TypeRef::Value]),
        ];
        let nested: Vec<TypeRef> = types
            .iter()
            .flat_map(|inner| {
                [
                    TypeRef::Vec(boxed(inner.clone())),
                    TypeRef::Map(boxed(inner.clone())),
                    TypeRef::Option(boxed(inner.clone())),
                    TypeRef::Nullable(boxed(inner.clone())),
                    TypeRef::Box(boxed(inner.clone())),
                    TypeRef::Option(boxed(TypeRef::Nullable(boxed(TypeRef::Vec(boxed(
                        inner.clone(),
                    )))))),
                ]
            })
            .collect();
        types.extend(nested);
        for scope in [Scope::Models, Scope::Crate, Scope::Operations] {
            for ty in &types {
                assert_eq!(
                    syn_type(&ir, ty, scope).to_token_stream().to_string(),
                    rust_type(&ir, ty, scope).to_string(),
                    "{ty:?}"
                );
            }
        }
    }
}
