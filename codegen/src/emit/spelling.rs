//! Spelling: the one place where IR types become Rust types (`TypeRef` → `syn::Type`), and
//! names made by `naming` become identifiers. Types are spelled for a [`Module`]: short
//! (`Option<String>`), or in full where the module shadows a name, and with the models'
//! names as they are in scope there.

use proc_macro2::{Ident, Span};
use quote::{format_ident, quote};
use syn::parse_quote;

use crate::emit::names::{Module, NameSet};
use crate::emit::template::{Cache, Fill, Template};
use crate::ir::{Ir, TypeRef};

/// The Rust spelling of a type reference in `module`.
pub(crate) fn spell(ir: &Ir, ty: &TypeRef, module: Module) -> syn::Type {
    TYPES.with(|cache| {
        cache
            .get(module.shadowed, TypeTemplates::new)
            .build(ir, ty, module)
    })
}

/// [`spell`], as text spaced as rustfmt spaces it: for code printed by hand.
pub(crate) fn spell_text(ir: &Ir, ty: &TypeRef, module: Module) -> String {
    type_text(&spell(ir, ty, module))
}

/// A type as Rust code, spaced as rustfmt spaces it (tokens' `to_string` would write
/// `Vec < T >`): the paths, `impl Trait`s, references and tuples that spelling and the
/// operations' members make.
pub(crate) fn type_text(ty: &syn::Type) -> String {
    fn path(path: &syn::Path, out: &mut String) {
        if path.leading_colon.is_some() {
            out.push_str("::");
        }
        for (i, segment) in path.segments.iter().enumerate() {
            if i > 0 {
                out.push_str("::");
            }
            out.push_str(&segment.ident.to_string());
            if let syn::PathArguments::AngleBracketed(args) = &segment.arguments {
                out.push('<');
                for (i, arg) in args.args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    match arg {
                        syn::GenericArgument::Type(ty) => write(ty, out),
                        other => out.push_str(&quote!(#other).to_string()),
                    }
                }
                out.push('>');
            }
        }
    }
    fn write(ty: &syn::Type, out: &mut String) {
        match ty {
            syn::Type::Path(p) if p.qself.is_none() => path(&p.path, out),
            syn::Type::ImplTrait(t) => {
                out.push_str("impl ");
                for (i, bound) in t.bounds.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" + ");
                    }
                    match bound {
                        syn::TypeParamBound::Trait(bound) => path(&bound.path, out),
                        other => out.push_str(&quote!(#other).to_string()),
                    }
                }
            }
            syn::Type::Reference(r) => {
                out.push('&');
                if let Some(lifetime) = &r.lifetime {
                    out.push_str(&format!("{lifetime} "));
                }
                if r.mutability.is_some() {
                    out.push_str("mut ");
                }
                write(&r.elem, out);
            }
            syn::Type::Tuple(t) => {
                out.push('(');
                for (i, elem) in t.elems.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write(elem, out);
                }
                // A tuple of one is `(T,)`: `(T)` is `T`.
                if t.elems.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            other => out.push_str(&quote!(#other).to_string()),
        }
    }
    let mut out = String::new();
    write(ty, &mut out);
    out
}

/// An identifier from a name made by `naming`, raw (`r#type`) where it says so.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// The shapes of types, parsed once per formatting thread and module names. Placeholders:
/// `__T` (the inner type), `__Name` (a name).
struct TypeTemplates {
    string: Template<syn::Type>,
    value: Template<syn::Type>,
    json_object: Template<syn::Type>,
    vec: Template<syn::Type>,
    tuple: syn::TypeTuple,
    map: Template<syn::Type>,
    option: Template<syn::Type>,
    boxed: Template<syn::Type>,
    local: Template<syn::Type>,
    model: Template<syn::Type>,
    local_generic: Template<syn::Type>,
    model_generic: Template<syn::Type>,
}

thread_local! {
    static TYPES: Cache<TypeTemplates> = const { Cache::new() };
}

impl TypeTemplates {
    fn new(shadowed: NameSet) -> Self {
        let template = |tree: syn::Type| Template::new_in(tree, shadowed);
        Self {
            string: template(parse_quote!(String)),
            value: template(parse_quote!(Value)),
            json_object: template(parse_quote!(Map<String, Value>)),
            vec: template(parse_quote!(Vec<__T>)),
            tuple: parse_quote!(()),
            map: template(parse_quote!(BTreeMap<String, __T>)),
            option: template(parse_quote!(Option<__T>)),
            boxed: template(parse_quote!(Box<__T>)),
            local: template(parse_quote!(__Name)),
            model: template(parse_quote!(crate::models::__Name)),
            local_generic: template(parse_quote!(__Name<__T>)),
            model_generic: template(parse_quote!(crate::models::__Name<__T>)),
        }
    }

    fn build(&self, ir: &Ir, ty: &TypeRef, module: Module) -> syn::Type {
        let wrap = |template: &Template<syn::Type>, inner: &TypeRef| {
            let inner = self.build(ir, inner, module);
            Fill::new().ty("__T", &inner).apply(template)
        };
        let named = |name: &Ident, inner: Option<&TypeRef>| {
            let (plain, generic) = if module.in_models {
                (&self.local, &self.local_generic)
            } else {
                (&self.model, &self.model_generic)
            };
            let fill = Fill::new().ident("__Name", name);
            match inner {
                Some(inner) => {
                    let inner = self.build(ir, inner, module);
                    fill.ty("__T", &inner).apply(generic)
                }
                None => fill.apply(plain),
            }
        };
        let primitive = |name: &str| {
            let name = Ident::new(name, Span::call_site());
            Fill::new().ident("__Name", &name).apply(&self.local)
        };
        match ty {
            TypeRef::String => self.string.copy(),
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
            TypeRef::JsonObject => self.json_object.copy(),
            TypeRef::Vec(inner) => wrap(&self.vec, inner),
            TypeRef::Tuple(items) => {
                let mut tuple = self.tuple.clone();
                for item in items {
                    tuple.elems.push_value(self.build(ir, item, module));
                    tuple.elems.push_punct(Default::default());
                }
                syn::Type::Tuple(tuple)
            }
            TypeRef::Map(inner) => wrap(&self.map, inner),
            TypeRef::Option(inner) => wrap(&self.option, inner),
            TypeRef::Box(inner) => wrap(&self.boxed, inner),
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
    use crate::emit::names::{StdName, record};
    use crate::ir::TypeId;
    use quote::ToTokens;

    fn lowered(schemas: &str) -> Ir {
        let spec = format!(
            "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"components\": {{\"schemas\": {{{schemas}}}}}}}"
        );
        crate::lower_to_ir(&spec, &crate::Options::default())
            .unwrap()
            .0
    }

    fn text(tokens: impl ToTokens) -> String {
        tokens.to_token_stream().to_string().replace(' ', "")
    }

    #[test]
    fn types_are_spelled_short_unless_the_module_takes_the_name() {
        let ir = lowered("\"type\": {\"type\": \"object\"}, \"Option\": {\"type\": \"object\"}");
        let named = TypeRef::Named(TypeId(0));
        let boxed = |ty: TypeRef| Box::new(ty);
        let three_state = TypeRef::Option(boxed(TypeRef::Nullable(boxed(TypeRef::Vec(boxed(
            TypeRef::Map(boxed(named.clone())),
        ))))));
        let models = Module::new(true, ir.types.iter().map(|t| &t.name));
        assert_eq!(models.shadowed, NameSet::of([StdName::Option]));
        let (spelled, used) = record(|| spell(&ir, &three_state, models));
        assert_eq!(
            text(spelled),
            "::std::option::Option<Nullable<Vec<BTreeMap<String,Type>>>>"
        );
        assert_eq!(
            used,
            NameSet::of([StdName::Vec, StdName::BTreeMap, StdName::String])
        );
        let elsewhere = Module::default();
        assert_eq!(
            text(spell(&ir, &three_state, elsewhere)),
            "Option<crate::models::Nullable<Vec<BTreeMap<String,crate::models::Type>>>>"
        );
        let tuple = TypeRef::Tuple(vec![
            TypeRef::I32,
            TypeRef::JsonObject,
            TypeRef::Box(boxed(TypeRef::String)),
        ]);
        let (spelled, used) = record(|| spell(&ir, &tuple, elsewhere));
        assert_eq!(text(spelled), "(i32,Map<String,Value>,Box<String>,)");
        assert_eq!(
            used,
            NameSet::of([StdName::Map, StdName::String, StdName::Value, StdName::Box])
        );
        assert_eq!(text(spell(&ir, &TypeRef::Tuple(Vec::new()), models)), "()");
    }

    #[test]
    fn raw_identifiers_stay_raw() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("self_").to_string(), "self_");
    }

    #[test]
    fn types_printed_by_hand_are_spaced_as_rustfmt_spaces_them() {
        for text in [
            "i64",
            "impl Into<String>",
            "impl Into<Vec<crate::models::Item>>",
            "impl Into<Nullable<::std::collections::BTreeMap<String, Value>>>",
            "&'a str",
            "(i64, bool)",
            "()",
            "(String,)",
        ] {
            let ty: syn::Type = syn::parse_str(text).expect("a type");
            assert_eq!(type_text(&ty), text);
        }
    }
}
