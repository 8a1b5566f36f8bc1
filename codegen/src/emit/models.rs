//! The `models` module: one Rust item per IR type, built from the [`Templates`] below.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use syn::parse_quote;

use crate::analysis::Reach;
use crate::emit::docs::{doc_attr_trees, doc_lines};
use crate::emit::format::Part;
use crate::emit::gates::gate_items;
use crate::emit::names::{Module, NameSet, StdName, imports};
use crate::emit::spelling::{ident, spell};
use crate::emit::template::{Cache, Fill, Template, literal, literal_pattern};
use crate::ir::{Enum, Field, Ir, Struct, Tagging, TypeDef, TypeKind, TypeRef, Union};

/// The module as spelling sees it: its items are the types, and `Nullable`.
pub(crate) fn module(ir: &Ir) -> Module {
    let names = ir.types.iter().map(|t| t.name.as_str());
    Module::new(true, names.chain(["Nullable"]))
}

/// The module's docs, and the imports of the std names its parts use.
pub(crate) fn models_head(module: Module, used: NameSet) -> Part {
    let imports = imports(module, used, &[]);
    Part::Tokens(quote! {
        //! The API's data types, one per schema of the spec.

        #imports
    })
}

/// The impls every string enum has alike, written once (printed by hand: prettyplease would
/// print a macro's body on long lines).
const STRING_ENUM_MACRO: &str = r#"/// `Display`, `Serialize` and `Deserialize` of the string enum `$name`, through its `as_str`
/// and `From<String>`: the same for every one. Paths are written in full, as a schema may take
/// any name.
macro_rules! string_enum {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)
                    .map(Self::from)
            }
        }
    };
}
"#;

/// Whether a type is a string enum, whose impls the `string_enum!` macro writes.
fn has_string_enums(ir: &Ir) -> bool {
    ir.types
        .iter()
        .any(|def| matches!(def.kind, TypeKind::Enum(_)))
}

/// The module in parts that each parse on their own: one part per type, and the `Nullable`
/// helper when a type uses it. Formatted part by part (in parallel), the file never has all
/// its tokens alive at once.
pub(crate) fn models_part_count(ir: &Ir) -> usize {
    1 + ir.types.len() + usize::from(uses_nullable(ir))
}

/// Part `index` of the module, in the order [`models_part_count`] counts.
/// Each type's items carry the `#[cfg]` of the features that compile it.
pub(crate) fn models_part(ir: &Ir, reach: &Reach, module: Module, index: usize) -> Part {
    // Part 0: the `string_enum!` macro, before any type uses it.
    let Some(index) = index.checked_sub(1) else {
        return Part::Text(if has_string_enums(ir) {
            STRING_ENUM_MACRO
        } else {
            ""
        });
    };
    let t = TEMPLATES.with(|cache| cache.get(module.shadowed, Templates::new));
    match ir.types.get(index) {
        Some(def) => {
            let mut items = t.type_items(ir, module, def);
            gate_items(&reach.types[index], &mut items);
            Part::from_items(items)
        }
        None => Part::Tree(t.nullable.copy()),
    }
}

/// The items of the module, parsed once per formatting thread (see
/// [`template`](crate::emit::template)). Placeholders: `__Name` (the type), `__fields`,
/// `__name` and `__Type` (the fields), `__Variants`, `__Variant`, `__value` and `__wire` (the
/// variants and their JSON values), `__Other` and `__Unknown` (the variant of values the spec
/// does not list), `__arms`, `__tag`, `__json` and `__expecting`.
struct Templates {
    nullable: Template<syn::File>,
    derive: Template<syn::Attribute>,
    derive_serialize: Template<syn::Attribute>,
    serde: Template<syn::Attribute>,
    structure: Template<syn::ItemStruct>,
    field: Template<syn::Field>,
    newtype: Template<syn::ItemStruct>,
    alias: Template<syn::ItemType>,
    string_enum: Template<syn::ItemEnum>,
    string_enum_impls: Template<syn::File>,
    variant: Template<syn::Variant>,
    as_str_arm: Template<syn::Arm>,
    from_arm: Template<syn::Arm>,
    union: Template<syn::ItemEnum>,
    union_variant: Template<syn::Variant>,
    unknown_variant: Template<syn::Variant>,
    tag_arm: Template<syn::Arm>,
    tag_read_by_hand: Template<syn::ItemImpl>,
    constant: Template<syn::ItemStruct>,
    constant_impls: Template<syn::File>,
}

thread_local! {
    static TEMPLATES: Cache<Templates> = const { Cache::new() };
}

impl Templates {
    fn new(shadowed: NameSet) -> Self {
        let field: syn::ItemStruct = parse_quote! { struct S { pub __name: __Type } };
        let variant: syn::ItemEnum = parse_quote! { enum E { __Variant } };
        let union_variant: syn::ItemEnum = parse_quote! { enum E { __Variant(__Type) } };
        let unknown_variant: syn::ItemEnum = parse_quote! {
            enum E {
                /// A variant this client does not know, kept as received.
                #[serde(untagged)]
                __Unknown(Value)
            }
        };
        let one_variant = |item: syn::ItemEnum| {
            Template::new_in(
                item.variants.into_iter().next().expect("one variant"),
                shadowed,
            )
        };
        Self {
            nullable: Template::new_in(nullable_helper(), shadowed),
            // Derive macros live in the macro namespace, which no schema name can enter, so
            // the standard ones are named plainly; serde's are paths because its traits share
            // their names.
            derive: Template::new_in(
                parse_quote! {
                    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                },
                shadowed,
            ),
            derive_serialize: Template::new_in(
                parse_quote! {
                    #[derive(Debug, Clone, PartialEq, Serialize)]
                },
                shadowed,
            ),
            serde: Template::new_in(parse_quote! { #[serde(__serde)] }, shadowed),
            structure: Template::new_in(
                parse_quote! {
                    pub struct __Name {
                        __fields: (),
                    }
                },
                shadowed,
            ),
            field: Template::new_in(
                field.fields.into_iter().next().expect("one field"),
                shadowed,
            ),
            newtype: Template::new_in(
                parse_quote! {
                    #[serde(transparent)]
                    pub struct __Name(pub __Type);
                },
                shadowed,
            ),
            alias: Template::new_in(parse_quote! { pub type __Name = __Type; }, shadowed),
            string_enum: Template::new_in(
                parse_quote! {
                    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                    pub enum __Name {
                        __Variants,
                        /// A value this client does not know, kept as received.
                        __Other(String),
                    }
                },
                shadowed,
            ),
            string_enum_impls: Template::new_in(
                parse_quote! {
                    impl __Name {
                        /// The value as it is written in JSON.
                        pub fn as_str(&self) -> &str {
                            match self {
                                __as_str => {}
                                Self::__Other(value) => value,
                            }
                        }
                    }

                    impl From<String> for __Name {
                        /// The variant of a known value, else the value kept as it is.
                        fn from(value: String) -> Self {
                            match value.as_str() {
                                __from => {}
                                _ => Self::__Other(value),
                            }
                        }
                    }

                    // `Display`, `Serialize`, `Deserialize`: the macro of the module's head.
                    string_enum!(__Name);
                },
                shadowed,
            ),
            variant: one_variant(variant),
            as_str_arm: Template::new_in(parse_quote! { Self::__Variant => __value, }, shadowed),
            from_arm: Template::new_in(parse_quote! { __wire => Self::__Variant, }, shadowed),
            // Variant sizes follow the spec's schemas; boxing every payload would cost an
            // allocation per value to save stack space only some unions need.
            union: Template::new_in(
                parse_quote! {
                    #[allow(clippy::large_enum_variant)]
                    pub enum __Name {
                        __Variants,
                    }
                },
                shadowed,
            ),
            union_variant: one_variant(union_variant),
            unknown_variant: one_variant(unknown_variant),
            tag_arm: Template::new_in(
                parse_quote! {
                    Some(__wire) => Deserialize::deserialize(&value).map(Self::__Variant),
                },
                shadowed,
            ),
            tag_read_by_hand: Template::new_in(
                parse_quote! {
                    impl<'de> Deserialize<'de> for __Name {
                        /// The variant the tag names; a value whose tag is not listed, or that does not
                        /// fit its variant, is kept as it is.
                        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                            let value = <Value as Deserialize>::deserialize(deserializer)?;
                            let known: Result<Self, ::serde_json::Error> =
                                match value.get(__tag).and_then(Value::as_str) {
                                    __arms => {}
                                    _ => return Ok(Self::__Unknown(value)),
                                };
                            Ok(known.unwrap_or(Self::__Unknown(value)))
                        }
                    }
                },
                shadowed,
            ),
            constant: Template::new_in(
                parse_quote! {
                    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
                    pub struct __Name;
                },
                shadowed,
            ),
            constant_impls: Template::new_in(
                parse_quote! {
                    impl __Name {
                        /// The value as JSON text.
                        pub const JSON: &'static str = __json;
                    }

                    impl Serialize for __Name {
                        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                            let value: Value = ::serde_json::from_str(Self::JSON).map_err(::serde::ser::Error::custom)?;
                            Serialize::serialize(&value, serializer)
                        }
                    }

                    impl<'de> Deserialize<'de> for __Name {
                        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                            let value = <Value as Deserialize>::deserialize(deserializer)?;
                            let expected: Value = ::serde_json::from_str(Self::JSON).map_err(::serde::de::Error::custom)?;
                            if value == expected {
                                Ok(__Name)
                            } else {
                                Err(::serde::de::Error::custom(format_args!(
                                    "expected {}, found {}", __expecting, value
                                )))
                            }
                        }
                    }
                },
                shadowed,
            ),
        }
    }

    fn type_items(&self, ir: &Ir, module: Module, def: &TypeDef) -> Vec<syn::Item> {
        let name = ident(&def.name);
        let docs = || doc_attr_trees(doc_lines(&def.docs));
        // An alias or newtype of `ty`.
        let named = |ty| Fill::new().ident("__Name", &name).ty("__Type", ty);
        match &def.kind {
            TypeKind::Struct(s) => vec![self.structure(ir, module, &name, docs(), s)],
            TypeKind::Enum(e) => self.string_enum(&name, docs(), e),
            TypeKind::Union(u) => self.union(ir, module, &name, docs(), u),
            TypeKind::Alias(ty) => {
                let ty = spell(ir, ty, module);
                let mut item = named(&ty).apply(&self.alias);
                item.attrs = docs();
                vec![syn::Item::Type(item)]
            }
            TypeKind::Const(value) => self.constant(&name, docs(), value),
            TypeKind::Newtype(ty) => {
                let ty = spell(ir, ty, module);
                let mut item = named(&ty).apply(&self.newtype);
                let mut attrs = docs();
                attrs.push(self.derive.copy());
                item.attrs.splice(0..0, attrs);
                vec![syn::Item::Struct(item)]
            }
        }
    }

    /// A struct: its fields with their serde attributes, then the map of undeclared fields.
    fn structure(
        &self,
        ir: &Ir,
        module: Module,
        name: &Ident,
        mut attrs: Vec<syn::Attribute>,
        s: &Struct,
    ) -> syn::Item {
        let mut fields = Vec::new();
        for field in &s.fields {
            let ty = spell(ir, &field.ty, module);
            let mut attrs = doc_attr_trees(doc_lines(&field.docs));
            let serde = if field.flatten {
                Some(quote! { flatten })
            } else {
                field_serde(module, field)
            };
            attrs.extend(self.serde_attr(serde));
            fields.push(self.field(&field.name, &ty, attrs));
        }
        if let Some(extra) = &s.additional {
            // Kept as received: a JSON object, or a map of the declared value type.
            let map = match &extra.value {
                TypeRef::Value => TypeRef::JsonObject,
                value => TypeRef::Map(Box::new(value.clone())),
            };
            let ty = spell(ir, &map, module);
            let mut attrs = doc_attr_trees([
                " Properties the spec does not declare by name, kept as received.",
            ]);
            attrs.extend(self.serde_attr(Some(quote! { flatten })));
            fields.push(self.field(&extra.name, &ty, attrs));
        }
        let mut item = Fill::new()
            .ident("__Name", name)
            .fields("__fields", fields)
            .apply(&self.structure);
        attrs.push(self.derive.copy());
        item.attrs.splice(0..0, attrs);
        syn::Item::Struct(item)
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
        Some(Fill::new().tokens("__serde", arguments?).apply(&self.serde))
    }

    /// A string enum: its variants, `as_str`, `From<String>`, `Display` and the serde impls.
    fn string_enum(&self, name: &Ident, docs: Vec<syn::Attribute>, e: &Enum) -> Vec<syn::Item> {
        let other = ident(&e.other_variant);
        let mut variants = Vec::new();
        let mut as_str_arms = Vec::new();
        let mut from_arms = Vec::new();
        for variant in &e.variants {
            let variant_name = ident(&variant.name);
            let value = literal(Literal::string(&variant.value));
            variants.push(
                Fill::new()
                    .ident("__Variant", &variant_name)
                    .apply(&self.variant),
            );
            as_str_arms.push(
                Fill::new()
                    .ident("__Variant", &variant_name)
                    .expr("__value", &value)
                    .apply(&self.as_str_arm),
            );
            from_arms.push(
                Fill::new()
                    .ident("__Variant", &variant_name)
                    .pat("__wire", literal_pattern(Literal::string(&variant.value)))
                    .apply(&self.from_arm),
            );
        }
        let mut item = Fill::new()
            .ident("__Name", name)
            .ident("__Other", &other)
            .variants("__Variants", variants)
            .apply(&self.string_enum);
        item.attrs.splice(0..0, docs);
        let impls = Fill::new()
            .ident("__Name", name)
            .ident("__Other", &other)
            .arms("__as_str", as_str_arms)
            .arms("__from", from_arms)
            .apply(&self.string_enum_impls);
        let mut items = vec![syn::Item::Enum(item)];
        items.extend(impls.items);
        items
    }

    fn union(
        &self,
        ir: &Ir,
        module: Module,
        name: &Ident,
        mut attrs: Vec<syn::Attribute>,
        u: &Union,
    ) -> Vec<syn::Item> {
        let tag_read_by_hand = tag_read_by_hand(ir, u);
        attrs.push(if tag_read_by_hand.is_some() {
            self.derive_serialize.copy()
        } else {
            self.derive.copy()
        });
        match &u.tagging {
            Tagging::Internal { tag } => attrs.push(
                Fill::new()
                    .tokens("__serde", quote! { tag = #tag })
                    .apply(&self.serde),
            ),
            Tagging::External => {}
            Tagging::Untagged => attrs.push(
                Fill::new()
                    .tokens("__serde", quote! { untagged })
                    .apply(&self.serde),
            ),
        }
        let mut variants: Vec<syn::Variant> = u
            .variants
            .iter()
            .map(|v| {
                let name = ident(&v.name);
                let payload = spell(ir, &v.payload, module);
                let mut variant = Fill::new()
                    .ident("__Variant", &name)
                    .ty("__Type", &payload)
                    .apply(&self.union_variant);
                if let Some(wire) = &v.wire_name {
                    variant
                        .attrs
                        .extend(self.serde_attr(Some(quote! { rename = #wire })));
                }
                variant
            })
            .collect();
        if let Some(unknown) = &u.unknown_variant {
            let unknown = ident(unknown);
            variants.push(
                Fill::new()
                    .ident("__Unknown", &unknown)
                    .apply(&self.unknown_variant),
            );
        }
        let mut item = Fill::new()
            .ident("__Name", name)
            .variants("__Variants", variants)
            .apply(&self.union);
        item.attrs.splice(0..0, attrs);
        let mut items = vec![syn::Item::Enum(item)];
        if let Some((tag, unknown)) = tag_read_by_hand {
            let arms = u
                .variants
                .iter()
                .filter_map(|v| {
                    let variant = ident(&v.name);
                    let wire = v.wire_name.as_ref()?;
                    Some(
                        Fill::new()
                            .ident("__Variant", &variant)
                            .pat("__wire", literal_pattern(Literal::string(wire)))
                            .apply(&self.tag_arm),
                    )
                })
                .collect();
            let tag = literal(Literal::string(tag));
            items.push(syn::Item::Impl(
                Fill::new()
                    .ident("__Name", name)
                    .ident("__Unknown", &unknown)
                    .expr("__tag", &tag)
                    .arms("__arms", arms)
                    .apply(&self.tag_read_by_hand),
            ));
        }
        items
    }

    /// A unit struct standing for the one value a `const` allows: it writes that value and
    /// reads nothing else.
    fn constant(&self, name: &Ident, mut docs: Vec<syn::Attribute>, value: &str) -> Vec<syn::Item> {
        docs.extend(doc_attr_trees([format!(
            " Always `{value}`: the only value the spec allows here."
        )]));
        let json = literal(Literal::string(value));
        let expecting = literal(Literal::string(&format!("the value {value}")));
        let mut item = Fill::new().ident("__Name", name).apply(&self.constant);
        item.attrs.splice(0..0, docs);
        let impls = Fill::new()
            .ident("__Name", name)
            .expr("__json", &json)
            .tokens("__expecting", quote! { #expecting })
            .apply(&self.constant_impls);
        let mut items = vec![syn::Item::Struct(item)];
        items.extend(impls.items);
        items
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
fn nullable_helper() -> syn::File {
    parse_quote! {
        /// A property that may be sent as `null`. Inside an `Option`, it gives a JSON property its
        /// three states: `None` leaves it out (a PATCH leaves the value alone),
        /// `Some(Nullable::Null)` sends `null` (clears it), `Some(Nullable::Value(v))` sends `v`.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Nullable<T> {
            Null,
            Value(T),
        }

        impl<T: Serialize> Serialize for Nullable<T> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    Nullable::Null => serializer.serialize_none(),
                    Nullable::Value(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <Option<T> as Deserialize>::deserialize(deserializer)?;
                Ok(match value {
                    None => Nullable::Null,
                    Some(value) => Nullable::Value(value),
                })
            }
        }

        /// Reads a present property, `null` included, as `Some`; an absent one stays `None` by
        /// `#[serde(default)]`.
        fn nullable_present<'de, D, T>(deserializer: D) -> Result<Option<Nullable<T>>, D::Error>
        where
            D: Deserializer<'de>,
            T: Deserialize<'de>,
        {
            <Nullable<T> as Deserialize>::deserialize(deserializer).map(Some)
        }
    }
}

/// The arguments of a field's `#[serde(…)]`, if it needs one: its wire name where serde's
/// would differ, and how an optional field is left out.
fn field_serde(module: Module, field: &Field) -> Option<TokenStream> {
    let rename = rename(&field.name, &field.wire_name);
    let is_none = if module.shadowed.contains(StdName::Option) {
        format!("{}::is_none", StdName::Option.full_path())
    } else {
        "Option::is_none".to_owned()
    };
    let skip = match (field.optional, is_three_state(&field.ty)) {
        (true, true) => Some(quote! {
            default,
            deserialize_with = "nullable_present",
            skip_serializing_if = #is_none
        }),
        (true, false) => Some(quote! { skip_serializing_if = #is_none }),
        (false, _) => None,
    };
    match (rename, skip) {
        (Some(rename), Some(skip)) => Some(quote! { #rename, #skip }),
        (rename, skip) => rename.or(skip),
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
                s.additional.is_none() && s.fields.iter().all(|f| f.wire_name != *tag && !f.flatten)
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

/// `rename = "wire"` when serde's default name for the field differs from the wire name.
fn rename(rust_name: &str, wire_name: &str) -> Option<TokenStream> {
    let unraw = rust_name.strip_prefix("r#").unwrap_or(rust_name);
    (unraw != wire_name).then(|| quote! { rename = #wire_name })
}
