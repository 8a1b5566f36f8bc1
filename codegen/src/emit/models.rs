//! The `models` module: one Rust item per IR type.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::emit::docs::{doc_attributes, doc_attrs};
use crate::ir::{Enum, Ir, Struct, Tagging, TypeDef, TypeKind, TypeRef, Union, UnionVariant};

/// The module in parts that each parse on their own: its docs, one part per type, and the
/// `Nullable` helper when a type uses it. Formatted part by part (in parallel), the file never
/// has all its tokens alive at once.
pub(crate) fn models_part_count(ir: &Ir) -> usize {
    1 + ir.types.len() + usize::from(uses_nullable(ir))
}

/// Part `index` of the module, in the order [`models_part_count`] counts.
pub(crate) fn models_part(ir: &Ir, index: usize) -> TokenStream {
    match index {
        0 => quote! {
            //! The API's data types, one per schema of the spec.
        },
        i if i <= ir.types.len() => type_item(ir, &ir.types[i - 1]),
        _ => nullable_helper(),
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

fn type_item(ir: &Ir, def: &TypeDef) -> TokenStream {
    let docs = doc_attributes(&def.docs);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => struct_item(ir, docs, &name, s),
        TypeKind::Enum(e) => enum_item(docs, &name, e),
        TypeKind::Union(u) => union_item(ir, docs, &name, u),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ir, ty, Scope::Models);
            quote! { #docs pub type #name = #ty; }
        }
        TypeKind::Const(value) => const_item(docs, &name, value),
        TypeKind::Newtype(ty) => {
            let ty = rust_type(ir, ty, Scope::Models);
            let derive = derives(&[]);
            quote! {
                #docs
                #derive
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
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

fn struct_item(ir: &Ir, docs: TokenStream, name: &Ident, s: &Struct) -> TokenStream {
    let derive = derives(&[]);
    let fields = s.fields.iter().map(|field| {
        let docs = doc_attributes(&field.docs);
        let name = ident(&field.name);
        let ty = rust_type(ir, &field.ty, Scope::Models);
        let rename = rename(&field.name, &field.wire_name);
        let skip = match (field.optional, is_three_state(&field.ty)) {
            (true, true) => Some(quote! {
                default,
                deserialize_with = "nullable_present",
                skip_serializing_if = "::std::option::Option::is_none"
            }),
            (true, false) => {
                Some(quote! { skip_serializing_if = "::std::option::Option::is_none" })
            }
            (false, _) => None,
        };
        let serde = match (rename, skip) {
            (None, None) => quote! {},
            (Some(r), None) => quote! { #[serde(#r)] },
            (None, Some(s)) => quote! { #[serde(#s)] },
            (Some(r), Some(s)) => quote! { #[serde(#r, #s)] },
        };
        quote! { #docs #serde pub #name: #ty, }
    });
    let additional = s.additional.as_ref().map(|extra| {
        let name = ident(&extra.name);
        let map = match &extra.value {
            TypeRef::Value => {
                quote! { ::serde_json::Map<::std::string::String, ::serde_json::Value> }
            }
            value => {
                let value = rust_type(ir, value, Scope::Models);
                quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
            }
        };
        quote! {
            /// Properties the spec does not declare by name, kept as received.
            #[serde(flatten)]
            pub #name: #map,
        }
    });
    quote! {
        #docs
        #derive
        pub struct #name {
            #( #fields )*
            #additional
        }
    }
}

/// A string enum that keeps values it does not know. Its serde impls are written out, through
/// `as_str` and `From<String>`: serde's derive would buffer every value to retry it as the
/// untagged catch-all, several times the code for the compiler to check.
fn enum_item(docs: TokenStream, name: &Ident, e: &Enum) -> TokenStream {
    let other = ident(&e.other_variant);
    let variants = e.variants.iter().map(|v| ident(&v.name));
    let arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote! { Self::#variant => #value, }
    });
    let from_arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote! { #value => Self::#variant, }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #variants, )*
            /// A value this client does not know, kept as received.
            #other(::std::string::String),
        }

        impl #name {
            /// The value as it is written in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #arms )*
                    Self::#other(value) => value,
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            /// The variant of a known value, else the value kept as it is.
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #( #from_arms )*
                    _ => Self::#other(value),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
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

/// An identifier from a name made by `naming`, raw (`r#type`) where it says so.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}
