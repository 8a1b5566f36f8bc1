//! `#[cfg(feature = …)]` on the items a cargo feature compiles, as [`reach`](crate::analysis::reach)
//! decided.

use proc_macro2::TokenStream;
use quote::quote;

use crate::analysis::Gate;

/// `feature = "a"`, or `any(feature = "a", feature = "b")`; none for an item always compiled.
pub(crate) fn predicate(gate: &Gate) -> Option<TokenStream> {
    let Gate::Features(features) = gate else {
        return None;
    };
    Some(match features.as_slice() {
        [one] => quote! { feature = #one },
        several => quote! { any(#(feature = #several),*) },
    })
}

/// The `#[cfg(…)]` attribute of an item behind `gate`.
pub(crate) fn cfg(gate: &Gate) -> Option<syn::Attribute> {
    predicate(gate).map(|predicate| syn::parse_quote! { #[cfg(#predicate)] })
}

/// The `#[cfg(…)]` line of an item printed by hand, newline included.
pub(crate) fn cfg_line(gate: &Gate) -> Option<String> {
    let Gate::Features(features) = gate else {
        return None;
    };
    let features: Vec<String> = features
        .iter()
        .map(|feature| format!("feature = {:?}", feature.as_str()))
        .collect();
    Some(match features.as_slice() {
        [one] => format!("#[cfg({one})]\n"),
        several => format!("#[cfg(any({}))]\n", several.join(", ")),
    })
}

/// Puts `#[cfg(…)]` on each item (first, before its docs).
pub(crate) fn gate_items(gate: &Gate, items: &mut [syn::Item]) {
    let Some(attr) = cfg(gate) else { return };
    for item in items {
        if let Some(attrs) = item_attrs(item) {
            attrs.insert(0, attr.clone());
        }
    }
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    Some(match item {
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        syn::Item::Static(i) => &mut i.attrs,
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Trait(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Union(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        syn::Item::Macro(i) => &mut i.attrs,
        _ => return None,
    })
}
