//! Spelling: the one place where IR types become Rust types (`TypeRef` → `syn::Type`), and names
//! made by `naming` become identifiers.

use proc_macro2::{Ident, Span};
use quote::format_ident;
use syn::parse_quote;

use crate::emit::template::{Fill, Template};
use crate::ir::{Ir, TypeRef};

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
pub(crate) fn spell(ir: &Ir, ty: &TypeRef, scope: Scope) -> syn::Type {
    TYPES.with(|types| types.build(ir, ty, scope))
}

/// An identifier from a name made by `naming`, raw (`r#type`) where it says so.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// The shapes of types, parsed once per formatting thread. Placeholders: `__T` (the inner
/// type), `__S` (the string type of the scope), `__Name` (a name).
struct TypeTemplates {
    std_string: Template<syn::Type>,
    string: Template<syn::Type>,
    value: Template<syn::Type>,
    json_object: Template<syn::Type>,
    std_vec: Template<syn::Type>,
    vec: Template<syn::Type>,
    tuple: syn::TypeTuple,
    map: Template<syn::Type>,
    std_option: Template<syn::Type>,
    option: Template<syn::Type>,
    std_box: Template<syn::Type>,
    boxed: Template<syn::Type>,
    local: Template<syn::Type>,
    model: Template<syn::Type>,
    local_generic: Template<syn::Type>,
    model_generic: Template<syn::Type>,
}

thread_local! {
    static TYPES: TypeTemplates = TypeTemplates::new();
}

impl TypeTemplates {
    fn new() -> Self {
        Self {
            std_string: Template::new(parse_quote!(::std::string::String)),
            string: Template::new(parse_quote!(String)),
            value: Template::new(parse_quote!(::serde_json::Value)),
            json_object: Template::new(parse_quote!(::serde_json::Map<__S, ::serde_json::Value>)),
            std_vec: Template::new(parse_quote!(::std::vec::Vec<__T>)),
            vec: Template::new(parse_quote!(Vec<__T>)),
            tuple: parse_quote!(()),
            map: Template::new(parse_quote!(::std::collections::BTreeMap<__S, __T>)),
            std_option: Template::new(parse_quote!(::std::option::Option<__T>)),
            option: Template::new(parse_quote!(Option<__T>)),
            std_box: Template::new(parse_quote!(::std::boxed::Box<__T>)),
            boxed: Template::new(parse_quote!(Box<__T>)),
            local: Template::new(parse_quote!(__Name)),
            model: Template::new(parse_quote!(crate::models::__Name)),
            local_generic: Template::new(parse_quote!(__Name<__T>)),
            model_generic: Template::new(parse_quote!(crate::models::__Name<__T>)),
        }
    }

    fn build(&self, ir: &Ir, ty: &TypeRef, scope: Scope) -> syn::Type {
        let prelude = scope == Scope::Operations;
        let pick = |std: &Template<syn::Type>, plain: &Template<syn::Type>| {
            if prelude { plain.copy() } else { std.copy() }
        };
        let wrap = |std: &Template<syn::Type>, plain: &Template<syn::Type>, inner: &TypeRef| {
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
        let string = || pick(&self.std_string, &self.string);
        match ty {
            TypeRef::String => string(),
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
            TypeRef::Value => self.value.copy(),
            TypeRef::JsonObject => Fill::new().ty("__S", &string()).apply(&self.json_object),
            TypeRef::Vec(inner) => wrap(&self.std_vec, &self.vec, inner),
            TypeRef::Tuple(items) => {
                let mut tuple = self.tuple.clone();
                for item in items {
                    tuple.elems.push_value(self.build(ir, item, scope));
                    tuple.elems.push_punct(Default::default());
                }
                syn::Type::Tuple(tuple)
            }
            TypeRef::Map(inner) => {
                let inner = self.build(ir, inner, scope);
                Fill::new()
                    .ty("__S", &string())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeId;
    use quote::ToTokens;

    #[test]
    fn types_are_spelled_for_their_scope() {
        let ir = crate::lower_to_ir(
            "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}, \
             \"components\": {\"schemas\": {\"type\": {\"type\": \"object\"}}}}",
            &crate::Options::default(),
        )
        .unwrap()
        .0;
        let named = TypeRef::Named(TypeId(0));
        let boxed = |ty: TypeRef| Box::new(ty);
        let three_state = TypeRef::Option(boxed(TypeRef::Nullable(boxed(TypeRef::Vec(boxed(
            TypeRef::Map(boxed(named.clone())),
        ))))));
        let tuple = TypeRef::Tuple(vec![
            TypeRef::I32,
            TypeRef::JsonObject,
            TypeRef::Box(boxed(TypeRef::String)),
        ]);
        let spelled = |ty: &TypeRef, scope| {
            spell(&ir, ty, scope)
                .to_token_stream()
                .to_string()
                .replace(' ', "")
        };
        assert_eq!(
            spelled(&three_state, Scope::Models),
            "::std::option::Option<Nullable<::std::vec::Vec<::std::collections::BTreeMap<::std::string::String,Type>>>>"
        );
        assert_eq!(
            spelled(&three_state, Scope::Crate),
            "::std::option::Option<crate::models::Nullable<::std::vec::Vec<::std::collections::BTreeMap<::std::string::String,crate::models::Type>>>>"
        );
        assert_eq!(
            spelled(&three_state, Scope::Operations),
            "Option<crate::models::Nullable<Vec<::std::collections::BTreeMap<String,crate::models::Type>>>>"
        );
        assert_eq!(
            spelled(&tuple, Scope::Operations),
            "(i32,::serde_json::Map<String,::serde_json::Value>,Box<String>,)"
        );
        assert_eq!(spelled(&TypeRef::Tuple(Vec::new()), Scope::Models), "()");
        assert_eq!(spelled(&TypeRef::U64, Scope::Models), "u64");
    }

    #[test]
    fn raw_identifiers_stay_raw() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("self_").to_string(), "self_");
    }
}
