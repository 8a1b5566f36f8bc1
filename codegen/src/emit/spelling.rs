//! Spelling for emission: the plan's type text ([`crate::plan::spelling`], the one speller)
//! as syntax trees for the items built as trees, and names made by `naming` as identifiers.

use proc_macro2::{Ident, Span};
use quote::{format_ident, quote};

use crate::emit::names::Module;
use crate::ir::{Ir, TypeRef};
use crate::plan::spelling::{Site, type_text as type_text_at};

/// The Rust spelling of a type reference in `module`, as a tree: the text
/// [`plan::spelling`](crate::plan::spelling) writes, parsed.
pub(crate) fn spell(ir: &Ir, ty: &TypeRef, module: Module) -> syn::Type {
    let text = spell_text(ir, ty, module);
    // The speller writes only paths, tuples and `_`, which always parse.
    syn::parse_str(&text).unwrap_or_else(|_| syn::Type::Verbatim(quote!(_)))
}

/// The spelling of a type reference in `module`, as text spaced as rustfmt spaces it: for
/// code printed by hand.
pub(crate) fn spell_text(ir: &Ir, ty: &TypeRef, module: Module) -> String {
    type_text_at(ir, ty, Site::Module(module))
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

#[cfg(test)]
mod tests {
    use super::*;
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
