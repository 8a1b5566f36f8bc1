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
