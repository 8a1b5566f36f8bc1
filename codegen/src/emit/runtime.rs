//! The client's runtime: the template `templates/client_runtime.rs`, a real Rust file, pruned
//! to what the spec's operations use so that the crate has no dead code.
//!
//! An item (or an item of an `impl` block) marked `#[needs(a, b)]` is kept when the feature
//! set holds `a` or `b`. `#[unused_without(a)]` becomes `#[allow(dead_code)]` when the set lacks
//! `a` (fields only read by operations, in a spec without any). Both markers are removed.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;
use syn::{Attribute, Ident, ImplItem, Item, Token};

const TEMPLATE: &str = include_str!("../../templates/client_runtime.rs");

/// The features of the runtime a crate uses, by the names the template's markers give.
pub(crate) type Features = BTreeSet<&'static str>;

/// The template's items that `features` need, markers removed.
pub(crate) fn runtime_items(features: &Features) -> TokenStream {
    let file = match syn::parse_file(TEMPLATE) {
        Ok(file) => file,
        // The template is part of the generator; a test keeps it parseable.
        Err(e) => {
            let message = format!("the client runtime template does not parse: {e}");
            return quote! { compile_error!(#message); };
        }
    };
    let mut out = TokenStream::new();
    for mut item in file.items {
        let Some(attrs) = item_attrs(&mut item) else {
            item.to_tokens(&mut out);
            continue;
        };
        if !apply_markers(attrs, features) {
            continue;
        }
        if let Item::Impl(block) = &mut item {
            block.items.retain_mut(|member| match member {
                ImplItem::Fn(f) => apply_markers(&mut f.attrs, features),
                ImplItem::Const(c) => apply_markers(&mut c.attrs, features),
                ImplItem::Type(t) => apply_markers(&mut t.attrs, features),
                _ => true,
            });
        }
        item.to_tokens(&mut out);
    }
    out
}

fn item_attrs(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    Some(match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return None,
    })
}

/// Applies and removes the markers; `false` when the item is not needed.
fn apply_markers(attrs: &mut Vec<Attribute>, features: &Features) -> bool {
    let mut needed = true;
    let mut kept = Vec::with_capacity(attrs.len());
    for attr in attrs.drain(..) {
        let marker = ["needs", "unused_without"]
            .into_iter()
            .find(|name| attr.path().is_ident(name));
        let Some(marker) = marker else {
            kept.push(attr);
            continue;
        };
        let names = attr
            .parse_args_with(Punctuated::<Ident, Token![,]>::parse_terminated)
            .map(|names| names.iter().map(ToString::to_string).collect::<Vec<_>>())
            .unwrap_or_default();
        let any = names.iter().any(|name| features.contains(name.as_str()));
        match marker {
            "needs" => needed &= any,
            _ if !any => kept.push(syn::parse_quote!(#[allow(dead_code)])),
            _ => {}
        }
    }
    *attrs = kept;
    needed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(features: &[&'static str]) -> String {
        runtime_items(&features.iter().copied().collect()).to_string()
    }

    #[test]
    fn template_parses() {
        assert!(syn::parse_file(TEMPLATE).is_ok());
    }

    #[test]
    fn items_are_kept_only_when_needed() {
        let bare = names(&[]);
        assert!(bare.contains("pub struct RetryPolicy"));
        assert!(!bare.contains("fn path_simple"));
        assert!(!bare.contains("needs"));
        assert!(bare.contains("allow (dead_code)"));
        let used = names(&["operations", "path_simple"]);
        assert!(used.contains("fn path_simple"));
        assert!(used.contains("fn execute"));
        assert!(!used.contains("fn path_matrix"));
        assert!(!used.contains("allow (dead_code)"));
    }

    #[test]
    fn every_marker_names_a_known_feature() {
        let file = syn::parse_file(TEMPLATE).unwrap();
        let text = file.to_token_stream().to_string();
        for marker in text.split("needs (").skip(1) {
            let list = marker.split(')').next().unwrap_or_default();
            for name in list.split(',') {
                let name = name.trim();
                assert!(
                    crate::emit::FEATURES.contains(&name),
                    "unknown feature `{name}` in the runtime template"
                );
            }
        }
    }
}
