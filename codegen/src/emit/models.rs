//! The `models` module: one Rust item per IR type, built from the [`Templates`] below.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use syn::parse_quote;

use crate::analysis::{Gate, Reach};
use crate::emit::docs::{doc_attr_trees, doc_lines};
use crate::emit::format::Part;
use crate::emit::gates::cfg_line;
use crate::emit::names::{Module, NameSet, StdName, imports};
use crate::emit::spelling::{ident, spell, type_text};
use crate::emit::template::{Cache, Fill, Template, literal, literal_pattern};
use crate::ir::{Enum, Field, Ir, Scalar, Struct, Tagging, TypeDef, TypeKind, TypeRef, Union};
use crate::plan::Plan;
use crate::plan::models::{Serde, StructPlan};

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
const STRING_ENUM_MACRO: &str = r#"/// `as_str`, `From<String>`, `From<&str>`, `Display`, `Serialize` and `Deserialize` of the
/// string enum `$name`, from the list of its variants, each with its JSON value, and `$other`,
/// the variant of values the list does not name. Paths are written in full, as a schema may
/// take any name. A deprecated enum warns its users, not this crate.
macro_rules! string_enum {
    ($name:ident, $other:ident { $($variant:ident => $wire:literal,)* }) => {
        #[allow(deprecated)]
        impl $name {
            /// The value as it is written in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$other(value) => value,
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<::std::string::String> for $name {
            /// The variant of a known value, else the value kept as it is.
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::$other(value),
                }
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<&str> for $name {
            /// The variant of a known value, else the value kept as text.
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        #[allow(deprecated)]
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[allow(deprecated)]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[allow(deprecated)]
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

/// Puts `#[cfg(…)]` on each item of a block, once for the whole block (printed by hand, as
/// `STRING_ENUM_MACRO`).
const GATED_MACRO: &str = r#"/// Each item of the block behind the block's `#[cfg(…)]`: consecutive types that the same
/// cargo features compile, gated once.
macro_rules! gated {
    (#[$cfg:meta] $($item:item)*) => {
        $(#[$cfg] $item)*
    };
}
"#;

/// Type `index`'s items in the run of consecutive types behind the same gate: a `gated!`
/// block opens before the first and closes after the last; an ungated type stands alone.
fn gated_run(reach: &Reach, index: usize, items: Part) -> Part {
    let gate = &reach.types[index];
    let Some(cfg) = cfg_line(gate) else {
        return items;
    };
    let first = index == 0 || reach.types[index - 1] != *gate;
    let last = reach.types.get(index + 1) != Some(gate);
    Part::Block {
        open: if first {
            format!("gated! {{\n    {cfg}\n")
        } else {
            // A blank line after the type before, inside the block.
            "\n".to_owned()
        },
        items: Box::new(items),
        close: if last {
            "}\n".to_owned()
        } else {
            String::new()
        },
    }
}

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
pub(crate) fn models_part(ir: &Ir, plan: &Plan, module: Module, index: usize) -> Part {
    let reach = &plan.facts.reach;
    // Part 0: the `string_enum!` and `object!` macros, before any type uses them.
    let Some(index) = index.checked_sub(1) else {
        let mut macros = Vec::new();
        if reach
            .types
            .iter()
            .any(|gate| matches!(gate, Gate::Features(_)))
        {
            macros.push(Part::Text(GATED_MACRO));
        }
        if has_string_enums(ir) {
            macros.push(Part::Text(STRING_ENUM_MACRO));
        }
        if has_objects(ir) {
            macros.push(Part::Text(OBJECT_MACRO));
        }
        if has_structs(ir) {
            macros.push(Part::Text(CONSTRUCTOR_MACRO));
        }
        if has_setters(ir) {
            macros.push(Part::Text(WITH_SETTER_MACRO));
        }
        return Part::Joined(macros);
    };
    let t = TEMPLATES.with(|cache| cache.get(module.shadowed, Templates::new));
    match ir.types.get(index) {
        Some(def) => {
            let (items, methods) = t.type_items(ir, module, def, plan.models[index].as_ref(), true);
            // A struct printed by hand is an `object!` call already.
            let built = matches!(items, TypeItems::Trees(_));
            let mut parts = vec![match items {
                TypeItems::Trees(items) => Part::from_items(items),
                TypeItems::Printed(text) => Part::Printed(text),
            }];
            if !methods.is_empty() {
                let allow = if uses_deprecated(ir, def) {
                    "#[allow(deprecated)]\n"
                } else {
                    ""
                };
                let name = &def.name;
                parts.push(Part::Printed(format!(
                    "{allow}impl {name} {{\n{}}}\n",
                    methods.concat()
                )));
            }
            if built {
                parts.extend(object_call(def).map(Part::Printed));
            }
            parts.extend(string_enum_call(def).map(Part::Printed));
            gated_run(reach, index, Part::Joined(parts))
        }
        None => Part::Tree(if derives_three_state(ir) {
            t.nullable_with_present.copy()
        } else {
            t.nullable.copy()
        }),
    }
}

/// `Serialize` and `Deserialize` of structs, and what they share (printed by hand, as
/// `STRING_ENUM_MACRO`).
const OBJECT_MACRO: &str = include_str!("../../templates/objects.rs");

/// A type's items: syntax trees for prettyplease, or code printed already.
enum TypeItems {
    Trees(Vec<syn::Item>),
    Printed(String),
}

/// The docs of a struct's map of the properties it does not declare.
const ADDITIONAL_DOCS: &str = " Properties the spec does not declare by name, kept as received.";

/// The types of a struct's fields, then of its map of undeclared properties.
fn types(ir: &Ir, module: Module, s: &Struct, plan: &StructPlan) -> Vec<syn::Type> {
    let mut types: Vec<syn::Type> = s.fields.iter().map(|f| spell(ir, &f.ty, module)).collect();
    types.extend(plan.additional.iter().map(|map| spell(ir, map, module)));
    types
}

/// A struct whose serde impls `object!` writes, printed by hand as one `object!` call: the
/// struct's definition, each field followed by `= index "JSON name" kind`, then the map of
/// undeclared properties as `..field: Type,` (the macro gives it its docs). The field names are
/// written once, and no syntax tree is built. `None` when a doc line or a type would not print
/// plainly (a doc prettyplease writes as an attribute, a type other than a path, reference or
/// tuple): the struct is then printed from its tree, and its impls from [`object_call`].
fn object_text(
    ir: &Ir,
    module: Module,
    def: &TypeDef,
    (s, plan): (&Struct, &StructPlan),
    allow_deprecated: bool,
) -> Option<String> {
    let mut out = String::from("object! {\n");
    push_docs(&mut out, "    ", &doc_lines(&def.docs))?;
    if def.docs.deprecated {
        out.push_str("    #[deprecated]\n");
    }
    out.push_str(if plan.default {
        "    #[derive(Debug, Clone, PartialEq, Default)]\n"
    } else {
        "    #[derive(Debug, Clone, PartialEq)]\n"
    });
    out.push_str("    #[non_exhaustive]\n");
    if allow_deprecated {
        out.push_str("    #[allow(deprecated)]\n");
    }
    out.push_str(&format!("    pub struct {} {{\n", def.name));
    let types = types(ir, module, s, plan);
    for (index, (field, ty)) in s.fields.iter().zip(&types).enumerate() {
        push_docs(&mut out, "        ", &doc_lines(&field.docs))?;
        if field.docs.deprecated {
            out.push_str("        #[deprecated]\n");
        }
        let (name, wire) = (&field.name, Literal::string(&field.wire_name));
        let (ty, kind) = (plain_type_text(ty)?, field_kind(field));
        out.push_str(&format!(
            "        pub {name}: {ty} = {index} {wire} {kind},\n"
        ));
    }
    if let (Some(extra), Some(ty)) = (&s.additional, types.get(s.fields.len())) {
        out.push_str(&format!(
            "        ..{}: {},\n",
            extra.name,
            plain_type_text(ty)?
        ));
    }
    out.push_str("    }\n}\n");
    Some(out)
}

/// How `object!` writes and reads a field: a module of the macro's `objects`.
fn field_kind(field: &Field) -> &'static str {
    match (field.optional, &field.ty) {
        (true, ty) if is_three_state(ty) => "three_state",
        (true, _) => "optional",
        (false, TypeRef::Option(_)) => "nullable",
        (false, _) => "required",
    }
}

/// A string enum printed by hand as prettyplease prints it (see [`struct_text`]): its
/// variants, then the variant of values the spec does not list. Its impls come from its
/// `string_enum!` call.
fn enum_text(
    ir: &Ir,
    module: Module,
    def: &TypeDef,
    e: &Enum,
    allow_deprecated: bool,
) -> Option<String> {
    let mut out = String::new();
    push_enum_attrs(&mut out, def, allow_deprecated)?;
    let head = format!("pub enum {} {{", def.name);
    fits(&head)?;
    out.push_str(&head);
    out.push('\n');
    for variant in &e.variants {
        let line = format!("    {},", ident(&variant.name));
        fits(&line)?;
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("    /// A value this client does not know, kept as received.\n");
    let string = plain_type_text(&spell(ir, &TypeRef::Scalar(Scalar::String), module))?;
    let line = format!("    {}({string}),", ident(&e.other_variant));
    fits(&line)?;
    out.push_str(&line);
    out.push_str("\n}\n");
    Some(out)
}

/// A type alias printed by hand as prettyplease prints it (see [`struct_text`]).
fn alias_text(def: &TypeDef, ty: &syn::Type, allow_deprecated: bool) -> Option<String> {
    let mut out = String::new();
    push_docs(&mut out, "", &doc_lines(&def.docs))?;
    if def.docs.deprecated {
        out.push_str("#[deprecated]\n");
    }
    if allow_deprecated {
        out.push_str("#[allow(deprecated)]\n");
    }
    let line = format!("pub type {} = {};", def.name, plain_type_text(ty)?);
    fits(&line)?;
    out.push_str(&line);
    out.push('\n');
    Some(out)
}

/// The docs and attributes of a string enum: `#[deprecated]`, its derives, `#[non_exhaustive]`
/// and `#[allow(deprecated)]` where they apply.
fn push_enum_attrs(out: &mut String, def: &TypeDef, allow_deprecated: bool) -> Option<()> {
    push_docs(out, "", &doc_lines(&def.docs))?;
    if def.docs.deprecated {
        out.push_str("#[deprecated]\n");
    }
    out.push_str("#[derive(Debug, Clone, PartialEq, Eq, Hash)]\n#[non_exhaustive]\n");
    if allow_deprecated {
        out.push_str("#[allow(deprecated)]\n");
    }
    Some(())
}

/// `Some` when `line` is shorter than the margin prettyplease breaks lines at (89 columns),
/// so that it would print it whole.
fn fits(line: &str) -> Option<()> {
    (line.len() < 89).then_some(())
}

/// Doc lines as prettyplease prints them, `///` and the text without its trailing spaces;
/// `None` for a line it would print otherwise.
fn push_docs<S: AsRef<str>>(out: &mut String, indent: &str, lines: &[S]) -> Option<()> {
    for line in lines {
        let line = line.as_ref();
        if line.contains(['\n', '\r']) || line.starts_with('/') {
            return None;
        }
        out.push_str(indent);
        out.push_str("///");
        out.push_str(line.trim_end_matches(' '));
        out.push('\n');
    }
    Some(())
}

/// A field's type as prettyplease prints it: paths, references and tuples of more than one
/// type print as [`type_text`] prints them; `None` for any other type.
fn plain_type_text(ty: &syn::Type) -> Option<String> {
    fn plain(ty: &syn::Type) -> bool {
        match ty {
            syn::Type::Path(p) => {
                p.qself.is_none()
                    && p.path
                        .segments
                        .iter()
                        .all(|segment| match &segment.arguments {
                            syn::PathArguments::None => true,
                            syn::PathArguments::AngleBracketed(args) => args.args.iter().all(
                                |arg| matches!(arg, syn::GenericArgument::Type(ty) if plain(ty)),
                            ),
                            syn::PathArguments::Parenthesized(_) => false,
                        })
            }
            syn::Type::Reference(r) => r.mutability.is_none() && plain(&r.elem),
            syn::Type::Tuple(t) => t.elems.len() != 1 && t.elems.iter().all(plain),
            _ => false,
        }
    }
    plain(ty).then(|| type_text(ty))
}

/// The `with_` setter of an optional field, written once (printed by hand, as
/// `STRING_ENUM_MACRO`).
const WITH_SETTER_MACRO: &str = r#"/// The setter `$setter` of the optional field `$field`: takes a `$ty` and sets the field to
/// `Some` of it, converted. Its docs are "Sets `field`." unless `doc "…"` gives others. A
/// feature set may compile no struct.
#[allow(unused_macros)]
macro_rules! with_setter {
    (doc $doc:expr, $(#[$attr:meta])* $setter:ident, $field:ident, $ty:ty) => {
        #[doc = $doc]
        $(#[$attr])*
        #[allow(clippy::useless_conversion)]
        pub fn $setter(mut self, value: $ty) -> Self {
            self.$field = ::std::option::Option::Some(value.into());
            self
        }
    };
    ($(#[$attr:meta])* $setter:ident, $field:ident, $ty:ty) => {
        with_setter!(
            doc concat!("Sets `", stringify!($field), "`."),
            $(#[$attr])* $setter, $field, $ty
        );
    };
}
"#;

/// A struct's `new`, written once (printed by hand, as `STRING_ENUM_MACRO`).
const CONSTRUCTOR_MACRO: &str = r#"/// `new`, which takes the struct's required fields in the spec's order (`$arg: $ty`, then
/// `=> into` when the argument is converted into the field's type) and leaves the other fields
/// (`$unset`) at their default: `None`, or an empty map. With no argument, `new` is the
/// struct's `Default`. A feature set may compile no struct.
#[allow(unused_macros)]
macro_rules! constructor {
    () => {
        /// A value with every field unset; each has a `with_` setter.
        pub fn new() -> Self {
            ::std::default::Default::default()
        }
    };
    ($($arg:ident: $ty:ty $(=> $convert:ident)?),+; $($unset:ident),*) => {
        /// A value of the required fields, in the spec's order; the optional
        /// ones are unset, and each has a `with_` setter.
        #[allow(clippy::too_many_arguments)]
        pub fn new($($arg: $ty),+) -> Self {
            Self {
                $($arg: $arg $(.$convert())?,)+
                $($unset: ::std::default::Default::default(),)*
            }
        }
    };
}
"#;

/// The `constructor!` call of a struct's `new`, printed by hand: on one line when it fits,
/// else one argument a line, then the unset fields, as many a line as fit.
fn constructor_call(args: &[String], unset: &[String]) -> String {
    if args.is_empty() {
        return "    constructor!();\n".to_owned();
    }
    let unset_line = match unset {
        [] => String::new(),
        names => format!(" {}", names.join(", ")),
    };
    let one_line = format!("    constructor!({};{unset_line});", args.join(", "));
    if one_line.len() <= LINE_WIDTH {
        return one_line + "\n";
    }
    let mut call = String::from("    constructor!(\n");
    for (i, arg) in args.iter().enumerate() {
        let end = if i + 1 == args.len() { ";" } else { "," };
        call.push_str(&format!("        {arg}{end}\n"));
    }
    let mut line = String::new();
    for (i, name) in unset.iter().enumerate() {
        let item = if i + 1 == unset.len() {
            name.clone()
        } else {
            format!("{name},")
        };
        if !line.is_empty() && 8 + line.len() + 1 + item.len() > LINE_WIDTH {
            call.push_str(&format!("        {line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&item);
    }
    if !line.is_empty() {
        call.push_str(&format!("        {line}\n"));
    }
    call.push_str("    );\n");
    call
}

/// The width lines printed by hand keep to, as prettyplease's.
const LINE_WIDTH: usize = 100;

/// Whether the models have a struct, and so a `constructor!`.
fn has_structs(ir: &Ir) -> bool {
    ir.types
        .iter()
        .any(|def| matches!(def.kind, TypeKind::Struct(_)))
}

/// Whether some struct has an optional field, and so a `with_setter!`.
fn has_setters(ir: &Ir) -> bool {
    ir.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .any(|f| f.optional && matches!(f.ty, TypeRef::Option(_))),
        _ => false,
    })
}

/// Whether some struct's serde impls come from the `object!` macro.
fn has_objects(ir: &Ir) -> bool {
    ir.types
        .iter()
        .any(|def| matches!(&def.kind, TypeKind::Struct(s) if Serde::of(s) == Serde::Object))
}

/// Whether a struct with a three-state field derives `Deserialize`, whose field attribute
/// needs `nullable_present`.
fn derives_three_state(ir: &Ir) -> bool {
    ir.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(s) => {
            Serde::of(s) == Serde::Derive && s.fields.iter().any(|f| is_three_state(&f.ty))
        }
        _ => false,
    })
}

/// The `object! { … }` call that writes a struct's serde impls, printed by hand: one line
/// per field, `index => field: "JSON name" kind,`.
fn object_call(def: &TypeDef) -> Option<String> {
    let TypeKind::Struct(s) = &def.kind else {
        return None;
    };
    if Serde::of(s) == Serde::Derive {
        return None;
    }
    let mut call = format!("object! {{\n    {} {{\n", def.name);
    for (index, field) in s.fields.iter().enumerate() {
        let kind = field_kind(field);
        let wire = Literal::string(&field.wire_name);
        let name = &field.name;
        call.push_str(&format!("        {index} => {name}: {wire} {kind},\n"));
    }
    if let Some(extra) = &s.additional {
        call.push_str(&format!("        ..{}\n", extra.name));
    }
    call.push_str("    }\n}\n");
    Some(call)
}

/// The `string_enum! { … }` call that writes a string enum's impls, printed by hand: one line
/// per variant, `Variant => "JSON value",`.
fn string_enum_call(def: &TypeDef) -> Option<String> {
    let TypeKind::Enum(e) = &def.kind else {
        return None;
    };
    let mut call = format!(
        "string_enum! {{\n    {}, {} {{\n",
        def.name,
        ident(&e.other_variant)
    );
    for variant in &e.variants {
        let name = ident(&variant.name);
        let wire = Literal::string(&variant.value);
        call.push_str(&format!("        {name} => {wire},\n"));
    }
    call.push_str("    }\n}\n");
    Some(call)
}

/// The items of the module, parsed once per formatting thread (see
/// [`template`](crate::emit::template)). Placeholders: `__Name` (the type), `__fields`,
/// `__name` and `__Type` (the fields), `__Variants`, `__Variant`, `__value` and `__wire` (the
/// variants and their JSON values), `__Other` and `__Unknown` (the variant of values the spec
/// does not list), `__arms`, `__tag`, `__json` and `__expecting`.
struct Templates {
    nullable: Template<syn::File>,
    nullable_with_present: Template<syn::File>,
    derive_plain: Template<syn::Attribute>,
    derive_plain_default: Template<syn::Attribute>,
    derive: Template<syn::Attribute>,
    derive_serialize: Template<syn::Attribute>,
    derive_default: Template<syn::Attribute>,
    non_exhaustive: Template<syn::Attribute>,
    deprecated: Template<syn::Attribute>,
    allow_deprecated: Template<syn::Attribute>,
    into: Template<syn::Type>,
    newtype_new: Template<syn::ItemImpl>,
    constant_new: Template<syn::ItemImpl>,
    serde: Template<syn::Attribute>,
    structure: Template<syn::ItemStruct>,
    field: Template<syn::Field>,
    newtype: Template<syn::ItemStruct>,
    alias: Template<syn::ItemType>,
    string_enum: Template<syn::ItemEnum>,
    variant: Template<syn::Variant>,
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
            nullable: Template::new_in(nullable_helper(false), shadowed),
            nullable_with_present: Template::new_in(nullable_helper(true), shadowed),
            derive_plain: Template::new_in(
                parse_quote! {
                    #[derive(Debug, Clone, PartialEq)]
                },
                shadowed,
            ),
            derive_plain_default: Template::new_in(
                parse_quote! {
                    #[derive(Debug, Clone, PartialEq, Default)]
                },
                shadowed,
            ),
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
            derive_default: Template::new_in(
                parse_quote! {
                    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
                },
                shadowed,
            ),
            non_exhaustive: Template::new_in(parse_quote! { #[non_exhaustive] }, shadowed),
            deprecated: Template::new_in(parse_quote! { #[deprecated] }, shadowed),
            allow_deprecated: Template::new_in(parse_quote! { #[allow(deprecated)] }, shadowed),
            into: Template::new_in(parse_quote!(impl Into<__Type>), shadowed),
            newtype_new: Template::new_in(
                parse_quote! {
                    impl __Name {
                        /// The value wrapped.
                        pub fn new(value: __Type) -> Self {
                            Self(value)
                        }
                    }
                },
                shadowed,
            ),
            constant_new: Template::new_in(
                parse_quote! {
                    impl __Name {
                        /// The value, the only one there is.
                        pub fn new() -> Self {
                            Self
                        }
                    }
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
            variant: one_variant(variant),
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

    /// The type's items: as trees, or, when `print` allows, printed already (a struct, string
    /// enum or alias whose every line prints plainly); and the lines of a struct's impl, its
    /// `constructor!` and `with_setter!` calls (printed by hand: prettyplease would space a
    /// macro's `<` and `>`).
    fn type_items(
        &self,
        ir: &Ir,
        module: Module,
        def: &TypeDef,
        plan: Option<&StructPlan>,
        print: bool,
    ) -> (TypeItems, Vec<String>) {
        let mut setters = Vec::new();
        let allow_deprecated = uses_deprecated(ir, def);
        let name = ident(&def.name);
        let docs = || {
            let mut attrs = doc_attr_trees(doc_lines(&def.docs));
            if def.docs.deprecated {
                attrs.push(self.deprecated.copy());
            }
            attrs
        };
        // An alias or newtype of `ty`.
        let named = |ty| Fill::new().ident("__Name", &name).ty("__Type", ty);
        let mut items = match &def.kind {
            TypeKind::Struct(s) => {
                // The plan has every struct; one it lacks is planned here, the same way.
                let plan = &plan
                    .cloned()
                    .unwrap_or_else(|| crate::plan::models::structure(s));
                let printed = (print && plan.serde == Serde::Object)
                    .then(|| object_text(ir, module, def, (s, plan), allow_deprecated))
                    .flatten();
                let items = match &printed {
                    Some(_) => Vec::new(),
                    None => {
                        let types = types(ir, module, s, plan);
                        self.structure(module, &name, docs(), (s, plan), &types)
                    }
                };
                setters.push(self.constructor_and_setters(ir, module, s, plan));
                if let Some(printed) = printed {
                    return (TypeItems::Printed(printed), setters);
                }
                items
            }
            TypeKind::Enum(e) => match print
                .then(|| enum_text(ir, module, def, e, allow_deprecated))
                .flatten()
            {
                Some(printed) => return (TypeItems::Printed(printed), setters),
                None => self.string_enum(&name, docs(), e),
            },
            TypeKind::Union(u) => self.union(ir, module, &name, docs(), u),
            TypeKind::Alias(ty) => {
                let ty = spell(ir, ty, module);
                if let Some(printed) = print
                    .then(|| alias_text(def, &ty, allow_deprecated))
                    .flatten()
                {
                    return (TypeItems::Printed(printed), setters);
                }
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
                attrs.push(self.non_exhaustive.copy());
                item.attrs.splice(0..0, attrs);
                vec![
                    syn::Item::Struct(item),
                    syn::Item::Impl(named(&ty).apply(&self.newtype_new)),
                ]
            }
        };
        // The crate's own code (derives, impls, fields of other types) may use what the spec
        // deprecates; the warning is for the crate's users.
        if allow_deprecated {
            for item in &mut items {
                if let Some(attrs) = item_attrs(item) {
                    attrs.push(self.allow_deprecated.copy());
                }
            }
        }
        (TypeItems::Trees(items), setters)
    }

    /// A struct: its fields with their serde attributes, then the map of undeclared fields;
    /// `Default` when no field is required. `types` are its fields' types, then the map's.
    fn structure(
        &self,
        module: Module,
        name: &Ident,
        mut attrs: Vec<syn::Attribute>,
        (s, plan): (&Struct, &StructPlan),
        types: &[syn::Type],
    ) -> Vec<syn::Item> {
        // `object!` writes and reads the JSON names and the optional fields itself.
        let by_hand = plan.serde == Serde::Object;
        let mut fields = Vec::new();
        for (field, ty) in s.fields.iter().zip(types) {
            let mut field_attrs = doc_attr_trees(doc_lines(&field.docs));
            let serde = if by_hand {
                None
            } else if field.flatten {
                Some(quote! { flatten })
            } else {
                field_serde(module, field)
            };
            field_attrs.extend(self.serde_attr(serde));
            if field.docs.deprecated {
                field_attrs.push(self.deprecated.copy());
            }
            fields.push(self.field(&field.name, ty, field_attrs));
        }
        if let (Some(extra), Some(ty)) = (&s.additional, types.get(s.fields.len())) {
            let mut attrs = doc_attr_trees([ADDITIONAL_DOCS]);
            if !by_hand {
                attrs.extend(self.serde_attr(Some(quote! { flatten })));
            }
            fields.push(self.field(&extra.name, ty, attrs));
        }
        let mut item = Fill::new()
            .ident("__Name", name)
            .fields("__fields", fields)
            .apply(&self.structure);
        attrs.push(match (plan.default, by_hand) {
            (true, true) => self.derive_plain_default.copy(),
            (true, false) => self.derive_default.copy(),
            (false, true) => self.derive_plain.copy(),
            (false, false) => self.derive.copy(),
        });
        attrs.push(self.non_exhaustive.copy());
        item.attrs.splice(0..0, attrs);
        vec![syn::Item::Struct(item)]
    }

    /// The lines of a struct's impl: `new` with the required fields (a `constructor!` call),
    /// and a `with_setter!` per optional field.
    fn constructor_and_setters(
        &self,
        ir: &Ir,
        module: Module,
        s: &Struct,
        plan: &StructPlan,
    ) -> String {
        // `new`'s arguments (`name: Type`, `=> into` when converted).
        let args: Vec<String> = plan
            .constructor
            .iter()
            .map(|argument| {
                let name = &s.fields[argument.field].name;
                let convert = if argument.into { " => into" } else { "" };
                let taken = self.taken(ir, module, &argument.value, argument.into);
                format!("{name}: {}{convert}", type_text(&taken))
            })
            .collect();
        let mut setters = String::new();
        for setter in &plan.setters {
            let field = &s.fields[setter.field];
            // The macro's docs are "Sets `field`."; others are given.
            let bare = field.name.trim_start_matches("r#");
            let doc = if bare != field.wire_name {
                let doc = format!("Sets `{bare}` (`{}` in JSON).", field.wire_name);
                format!("doc {}, ", Literal::string(&doc))
            } else if bare != field.name {
                format!("doc {}, ", Literal::string(&format!("Sets `{bare}`.")))
            } else {
                String::new()
            };
            let deprecated = if field.docs.deprecated {
                "#[deprecated] "
            } else {
                ""
            };
            let taken = self.taken(ir, module, &setter.value, setter.into);
            setters.push_str(&format!(
                "    with_setter!({doc}{deprecated}{}, {}, {});\n",
                setter.name,
                field.name,
                type_text(&taken)
            ));
        }
        constructor_call(&args, &plan.unset) + &setters
    }

    /// The type a constructor argument or setter takes for a value of `ty`: `impl Into<T>`
    /// when the plan converts it.
    fn taken(&self, ir: &Ir, module: Module, ty: &TypeRef, into: bool) -> syn::Type {
        let spelled = spell(ir, ty, module);
        if into {
            Fill::new().ty("__Type", &spelled).apply(&self.into)
        } else {
            spelled
        }
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

    /// A string enum: its variants. Its impls come from its `string_enum!` call
    /// ([`string_enum_call`]).
    fn string_enum(&self, name: &Ident, docs: Vec<syn::Attribute>, e: &Enum) -> Vec<syn::Item> {
        let other = ident(&e.other_variant);
        let variants = e
            .variants
            .iter()
            .map(|variant| {
                Fill::new()
                    .ident("__Variant", &ident(&variant.name))
                    .apply(&self.variant)
            })
            .collect();
        let mut item = Fill::new()
            .ident("__Name", name)
            .ident("__Other", &other)
            .variants("__Variants", variants)
            .apply(&self.string_enum);
        item.attrs.splice(0..0, docs);
        item.attrs.push(self.non_exhaustive.copy());
        vec![syn::Item::Enum(item)]
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
        item.attrs.push(self.non_exhaustive.copy());
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
        item.attrs.push(self.non_exhaustive.copy());
        let impls = Fill::new()
            .ident("__Name", name)
            .expr("__json", &json)
            .tokens("__expecting", quote! { #expecting })
            .apply(&self.constant_impls);
        let mut items = vec![
            syn::Item::Struct(item),
            syn::Item::Impl(Fill::new().ident("__Name", name).apply(&self.constant_new)),
        ];
        items.extend(impls.items);
        items
    }
}

/// Whether the items of `def` use something the spec deprecates: the type itself, one of its
/// fields, or a type it holds.
fn uses_deprecated(ir: &Ir, def: &TypeDef) -> bool {
    let mut uses = def.docs.deprecated;
    if let TypeKind::Struct(s) = &def.kind {
        uses |= s.fields.iter().any(|f| f.docs.deprecated);
    }
    def.kind
        .for_each_ref(|_, ty| uses |= ir.mentions_deprecated(ty));
    uses
}

/// The attributes of an item the module emits.
fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    match item {
        syn::Item::Struct(item) => Some(&mut item.attrs),
        syn::Item::Enum(item) => Some(&mut item.attrs),
        syn::Item::Impl(item) => Some(&mut item.attrs),
        syn::Item::Type(item) => Some(&mut item.attrs),
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

/// `Nullable<T>`, and the field deserializer that tells `null` from absent for structs that
/// derive `Deserialize` (`with_present`).
fn nullable_helper(with_present: bool) -> syn::File {
    let mut helper: syn::File = parse_quote! {
        /// A property that may be sent as `null`. Inside an `Option`, it gives a JSON property its
        /// three states: `None` leaves it out (a PATCH leaves the value alone),
        /// `Some(Nullable::Null)` sends `null` (clears it), `Some(Nullable::Value(v))` sends `v`.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Nullable<T> {
            Null,
            Value(T),
        }

        impl<T> From<T> for Nullable<T> {
            /// A value, not `null`: what a `with_` setter of an optional nullable field takes
            /// besides `Nullable<T>` itself.
            fn from(value: T) -> Self {
                Nullable::Value(value)
            }
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
    };
    if with_present {
        helper.items.push(parse_quote! {
            /// Reads a present property, `null` included, as `Some`; an absent one stays `None` by
            /// `#[serde(default)]`.
            fn nullable_present<'de, D, T>(deserializer: D) -> Result<Option<Nullable<T>>, D::Error>
            where
                D: Deserializer<'de>,
                T: Deserialize<'de>,
            {
                <Nullable<T> as Deserialize>::deserialize(deserializer).map(Some)
            }
        });
    }
    helper
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructor_calls_fit_one_line_or_take_one_argument_a_line() {
        let names = |list: &[&str]| list.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            constructor_call(&[], &names(&["a", "b"])),
            "    constructor!();\n"
        );
        assert_eq!(
            constructor_call(&names(&["id: impl Into<String> => into"]), &[]),
            "    constructor!(id: impl Into<String> => into;);\n"
        );
        assert_eq!(
            constructor_call(
                &names(&["id: i64", "name: impl Into<String> => into"]),
                &names(&["r#type", "size"])
            ),
            "    constructor!(id: i64, name: impl Into<String> => into; r#type, size);\n"
        );
        // Too long for a line: one argument a line, the unset fields packed to the width.
        let args: Vec<String> = (0..3)
            .map(|i| format!("argument_{i}: impl Into<String> => into"))
            .collect();
        let unset: Vec<String> = (0..20).map(|i| format!("optional_field_{i:02}")).collect();
        let call = constructor_call(&args, &unset);
        let lines: Vec<&str> = call.lines().collect();
        assert_eq!(lines[0], "    constructor!(");
        assert_eq!(lines[1], "        argument_0: impl Into<String> => into,");
        assert_eq!(lines[3], "        argument_2: impl Into<String> => into;");
        assert_eq!(lines.last(), Some(&"    );"));
        let packed = &lines[4..lines.len() - 1];
        assert!(packed.len() > 1 && packed.len() < 20, "{call}");
        assert!(
            packed
                .iter()
                .all(|l| l.len() <= LINE_WIDTH && l.starts_with("        optional"))
        );
        let listed: Vec<&str> = packed
            .iter()
            .flat_map(|l| l.split(", "))
            .map(|n| n.trim().trim_end_matches(','))
            .collect();
        assert_eq!(listed, unset);
    }

    #[test]
    fn consecutive_types_behind_one_gate_share_one_gated_block() {
        let features =
            |names: &[&str]| Gate::Features(names.iter().map(|n| (*n).to_owned()).collect());
        let reach = Reach {
            types: vec![
                features(&["a"]),
                features(&["a"]),
                Gate::Always,
                features(&["all-models", "b"]),
            ],
            error_bodies: Vec::new(),
        };
        let printed = |index: usize| {
            let item = Part::Printed(format!("pub struct T{index};\n"));
            gated_run(&reach, index, item).print().unwrap()
        };
        let text: String = (0..4).map(printed).collect();
        assert_eq!(
            text,
            "gated! {\n    #[cfg(feature = \"a\")]\n\n    pub struct T0;\n\n    pub struct T1;\n}\n\
             pub struct T2;\n\
             gated! {\n    #[cfg(any(feature = \"all-models\", feature = \"b\"))]\n\n    pub struct T3;\n}\n"
        );
    }

    #[test]
    fn types_printed_by_hand_read_as_prettyplease_prints_their_trees_and_structs_as_objects() {
        let schemas = [
            // A schema named `String` makes the module spell the std one in full.
            "String: {type: object, properties: {value: {type: string}}}",
            "pet: {type: object, description: \"A pet.  \\n\\nSecond paragraph.\", required: [name], \
             properties: {name: {type: string}, tag: {type: string, description: 'Its tag.'}, \
             old: {type: integer, deprecated: true}}, additionalProperties: true}",
            "kind: {type: string, enum: [cat, dog], deprecated: true}",
            "names: {type: array, items: {type: string}, description: Some names.}",
            "record: {type: object, properties: {kind: {$ref: '#/components/schemas/kind'}}}",
            "long: {type: object, properties: {a_property_name_long_enough_to_break: \
             {type: object, properties: {a_nested_property_name: {type: string}}}}}",
            // An alias too long for a line.
            "aSchemaNameLongEnoughForTheAliasOfItToPassTheMargin: {type: object, \
             properties: {x: {type: integer}}}",
            "longLong: {type: array, items: {type: array, items: {type: array, items: \
             {type: array, items: {type: array, items: {$ref: '#/components/schemas/aSchemaNameLongEnoughForTheAliasOfItToPassTheMargin'}}}}}}",
        ];
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{}\n",
            schemas.map(|s| format!("    {s}")).join("\n")
        );
        let (ir, _) = crate::lower_to_ir(&spec, &crate::Options::default()).unwrap();
        let module = module(&ir);
        let t = Templates::new(module.shadowed);
        let mut printed = Vec::new();
        let mut objects = std::collections::BTreeMap::new();
        for def in &ir.types {
            let (TypeItems::Trees(trees), _) = t.type_items(&ir, module, def, None, false) else {
                panic!("{} is printed, not built", def.name);
            };
            let from_tree = Part::from_items(trees).print().unwrap();
            match t.type_items(&ir, module, def, None, true).0 {
                // A struct is an `object!` call, which prettyplease does not print.
                TypeItems::Printed(text) if matches!(def.kind, TypeKind::Struct(_)) => {
                    syn::parse_file(&text).expect("an item");
                    objects.insert(def.name.as_str(), text);
                }
                TypeItems::Printed(text) => {
                    assert_eq!(text, from_tree, "{}", def.name);
                    printed.push(def.name.as_str());
                }
                TypeItems::Trees(_) => assert!(
                    // prettyplease broke a line.
                    from_tree.contains("<\n"),
                    "{} could have been printed by hand:\n{from_tree}",
                    def.name
                ),
            }
        }
        // An alias broken over lines by prettyplease is left to it; no struct is.
        assert!(!printed.contains(&"LongLong"), "{printed:?}");
        assert_eq!(printed, ["Kind", "Names"]);
        assert_eq!(objects.len(), 6, "{objects:?}");
        // The std `String`, spelled in full beside the schema of that name.
        assert!(
            objects["String"].contains(
                "        pub value: Option<::std::string::String> = 0 \"value\" optional,\n"
            ),
            "{}",
            objects["String"]
        );
        let pet = &objects["Pet"];
        for line in [
            "object! {\n    /// A pet.\n    ///\n    /// Second paragraph.\n",
            "    #[derive(Debug, Clone, PartialEq)]\n    #[non_exhaustive]\n    #[allow(deprecated)]\n",
            "    pub struct Pet {\n",
            "        pub name: ::std::string::String = 0 \"name\" required,\n",
            "        /// Its tag.\n        pub tag: Option<::std::string::String> = 1 \"tag\" optional,\n",
            "        #[deprecated]\n        pub old: Option<i64> = 2 \"old\" optional,\n",
            "        ..additional_properties: Map<::std::string::String, Value>,\n    }\n}\n",
        ] {
            assert!(pet.contains(line), "{line}\n\n{pet}");
        }
    }
}
