//! Names from std, serde and serde_json in generated code: which a module uses, which it
//! shadows (an item of the module takes the name, so it is written in full:
//! `::std::option::Option`), and the `use` lines for the rest.
//!
//! While a part of a module is built, every template copied and type spelled notes the names
//! it uses ([`record`]); the module's `use` lines are made from them ([`imports`]).

use std::cell::Cell;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::parse_quote;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};

/// A name from std, serde or serde_json that generated code uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StdName {
    Option,
    Some,
    None,
    String,
    Vec,
    Box,
    Result,
    Ok,
    Err,
    From,
    Into,
    Default,
    /// The `std::fmt` module: `fmt::Display`, `fmt::Result`.
    Fmt,
    BTreeMap,
    Value,
    Map,
    Serialize,
    Deserialize,
    Serializer,
    Deserializer,
}

impl StdName {
    const ALL: [StdName; 20] = [
        StdName::Option,
        StdName::Some,
        StdName::None,
        StdName::String,
        StdName::Vec,
        StdName::Box,
        StdName::Result,
        StdName::Ok,
        StdName::Err,
        StdName::From,
        StdName::Into,
        StdName::Default,
        StdName::Fmt,
        StdName::BTreeMap,
        StdName::Value,
        StdName::Map,
        StdName::Serialize,
        StdName::Deserialize,
        StdName::Serializer,
        StdName::Deserializer,
    ];

    /// The name as code writes it, and the module it comes from; `None` for the prelude's names,
    /// which need no `use`.
    fn parts(self) -> (&'static str, &'static str, Option<&'static str>) {
        match self {
            StdName::Option => ("Option", "std::option", None),
            StdName::Some => ("Some", "std::option::Option", None),
            StdName::None => ("None", "std::option::Option", None),
            StdName::String => ("String", "std::string", None),
            StdName::Vec => ("Vec", "std::vec", None),
            StdName::Box => ("Box", "std::boxed", None),
            StdName::Result => ("Result", "std::result", None),
            StdName::Ok => ("Ok", "std::result::Result", None),
            StdName::Err => ("Err", "std::result::Result", None),
            StdName::From => ("From", "std::convert", None),
            StdName::Into => ("Into", "std::convert", None),
            StdName::Default => ("Default", "std::default", None),
            StdName::Fmt => ("fmt", "std", Some("std")),
            StdName::BTreeMap => ("BTreeMap", "std::collections", Some("std::collections")),
            StdName::Value => ("Value", "serde_json", Some("serde_json")),
            StdName::Map => ("Map", "serde_json", Some("serde_json")),
            StdName::Serialize => ("Serialize", "serde", Some("serde")),
            StdName::Deserialize => ("Deserialize", "serde", Some("serde")),
            StdName::Serializer => ("Serializer", "serde", Some("serde")),
            StdName::Deserializer => ("Deserializer", "serde", Some("serde")),
        }
    }

    pub(crate) fn name(self) -> &'static str {
        self.parts().0
    }

    /// The path that names it wherever it is written (`::std::option::Option`).
    pub(crate) fn full_path(self) -> String {
        let (name, module, _) = self.parts();
        format!("::{module}::{name}")
    }

    fn from_name(name: &str) -> Option<StdName> {
        StdName::ALL.into_iter().find(|n| n.name() == name)
    }

    fn bit(self) -> u32 {
        1 << self as u32
    }
}

/// A set of [`StdName`]s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct NameSet(u32);

impl NameSet {
    pub(crate) fn of(names: impl IntoIterator<Item = StdName>) -> Self {
        Self(names.into_iter().fold(0, |set, name| set | name.bit()))
    }

    pub(crate) fn contains(self, name: StdName) -> bool {
        self.0 & name.bit() != 0
    }

    pub(crate) fn insert(&mut self, name: StdName) {
        self.0 |= name.bit();
    }

    pub(crate) fn union(self, other: NameSet) -> NameSet {
        NameSet(self.0 | other.0)
    }

    pub(crate) fn of_both(a: NameSet, b: NameSet) -> NameSet {
        NameSet(a.0 & b.0)
    }

    pub(crate) fn without(self, other: NameSet) -> NameSet {
        NameSet(self.0 & !other.0)
    }

    pub(crate) fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The std name each of `names` is, if it is one.
    pub(crate) fn among<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> NameSet {
        NameSet::of(
            names
                .into_iter()
                .filter_map(|name| StdName::from_name(name.as_ref())),
        )
    }

    fn iter(self) -> impl Iterator<Item = StdName> {
        StdName::ALL.into_iter().filter(move |n| self.contains(*n))
    }
}

/// A module of the generated crate, as spelling sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Module {
    /// The models are in scope by their names: this is the `models` module.
    pub(crate) in_models: bool,
    /// The std names that items of the module take: they are spelled in full there.
    pub(crate) shadowed: NameSet,
}

impl Module {
    /// A module whose own items are named `own`.
    pub(crate) fn new<S: AsRef<str>>(in_models: bool, own: impl IntoIterator<Item = S>) -> Self {
        Self {
            in_models,
            shadowed: NameSet::among(own),
        }
    }
}

thread_local! {
    /// The names the part being built has used so far.
    static USED: Cell<NameSet> = const { Cell::new(NameSet(0)) };
}

/// Notes names the code being built uses.
pub(crate) fn note(names: NameSet) {
    USED.with(|used| used.set(used.get().union(names)));
}

/// Runs `build`, returning what it built and the std names its templates and types used.
pub(crate) fn record<R>(build: impl FnOnce() -> R) -> (R, NameSet) {
    let before = USED.with(|used| used.replace(NameSet::default()));
    let built = build();
    let used = USED.with(|used| used.replace(before));
    note(used);
    (built, used)
}

/// The `use` lines for the names a module uses (those it does not shadow, and outside the
/// prelude) and for `fixed`, its own (module path, names) imports; std first, then the other
/// crates, then the crate's own modules, each in alphabetical order.
pub(crate) fn imports(module: Module, used: NameSet, fixed: &[(&str, &[&str])]) -> TokenStream {
    let mut lines: Vec<(String, Vec<&str>)> = fixed
        .iter()
        .map(|(path, names)| ((*path).to_owned(), names.to_vec()))
        .collect();
    for name in used.without(module.shadowed).iter() {
        let Some(path) = name.parts().2 else {
            continue;
        };
        match lines.iter_mut().find(|(p, _)| p == path) {
            Some((_, names)) => names.push(name.name()),
            None => lines.push((path.to_owned(), vec![name.name()])),
        }
    }
    let group = |path: &str| match path.split("::").next() {
        Some("std") => 0,
        Some("crate") => 2,
        _ => 1,
    };
    let mut lines: Vec<(usize, String)> = lines
        .into_iter()
        .map(|(path, mut names)| {
            names.sort_unstable();
            let line = match names.as_slice() {
                [one] => format!("use {path}::{one};"),
                many => format!("use {path}::{{{}}};", many.join(", ")),
            };
            (group(&path), line)
        })
        .collect();
    lines.sort();
    lines
        .into_iter()
        .map(|(_, line)| line.parse::<TokenStream>().unwrap_or_default())
        .collect()
}

/// A visitor that finds the std names a tree uses where a path starts, in its derives, and in
/// patterns (a `None` arm), and writes those it is given in full.
pub(crate) struct StdNames {
    shadowed: NameSet,
    found: NameSet,
}

impl StdNames {
    /// A visitor that writes `shadowed` in full (none, to only find names).
    pub(crate) fn qualifying(shadowed: NameSet) -> Self {
        Self {
            shadowed,
            found: NameSet::default(),
        }
    }

    /// The names the visited trees use.
    pub(crate) fn found(&self) -> NameSet {
        self.found
    }

    /// The name that starts `path`, written in full if it is shadowed; how many segments were
    /// added before it.
    fn path(&mut self, path: &mut syn::Path) -> usize {
        if path.leading_colon.is_some() {
            return 0;
        }
        let Some(name) = path
            .segments
            .first()
            .and_then(|s| StdName::from_name(&s.ident.to_string()))
        else {
            return 0;
        };
        self.found.insert(name);
        if !self.shadowed.contains(name) {
            return 0;
        }
        // The module's segments before the name, which keeps its own arguments (`Option<T>`).
        let module = name.parts().1;
        let mut segments: Punctuated<syn::PathSegment, syn::Token![::]> = module
            .split("::")
            .map(|segment| syn::PathSegment::from(Ident::new(segment, Span::call_site())))
            .collect();
        let added = segments.len();
        segments.extend(std::mem::take(&mut path.segments));
        path.segments = segments;
        path.leading_colon = Some(Default::default());
        added
    }
}

impl VisitMut for StdNames {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        self.path(path);
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_expr_path_mut(&mut self, expr: &mut syn::ExprPath) {
        if let Some(qself) = &mut expr.qself {
            qself.position += self.path(&mut expr.path);
        }
        visit_mut::visit_expr_path_mut(self, expr);
    }

    fn visit_type_path_mut(&mut self, ty: &mut syn::TypePath) {
        if let Some(qself) = &mut ty.qself {
            qself.position += self.path(&mut ty.path);
        }
        visit_mut::visit_type_path_mut(self, ty);
    }

    fn visit_pat_mut(&mut self, pat: &mut syn::Pat) {
        if let syn::Pat::Ident(binding) = pat {
            if binding.ident == "None" && binding.subpat.is_none() {
                self.found.insert(StdName::None);
                if self.shadowed.contains(StdName::None) {
                    *pat = syn::Pat::Path(parse_quote!(::std::option::Option::None));
                }
                return;
            }
        }
        visit_mut::visit_pat_mut(self, pat);
    }

    fn visit_meta_list_mut(&mut self, list: &mut syn::MetaList) {
        if list.path.is_ident("derive") {
            if let Ok(mut paths) =
                list.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
            {
                for path in &mut paths {
                    self.path(path);
                }
                list.tokens = quote! { #paths };
            }
        }
        visit_mut::visit_meta_list_mut(self, list);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn text(tokens: impl ToTokens) -> String {
        tokens.to_token_stream().to_string().replace(' ', "")
    }

    #[test]
    fn imports_name_what_is_used_and_not_shadowed() {
        let module = Module {
            in_models: true,
            shadowed: NameSet::of([StdName::Value]),
        };
        let used = NameSet::of([
            StdName::Option,
            StdName::Value,
            StdName::Map,
            StdName::Serialize,
            StdName::Deserialize,
            StdName::Fmt,
            StdName::BTreeMap,
        ]);
        let fixed: &[(&str, &[&str])] = &[("crate::client", &["Error", "Client"])];
        assert_eq!(
            imports(module, used, fixed).to_string(),
            "use std :: collections :: BTreeMap ; use std :: fmt ; \
             use serde :: { Deserialize , Serialize } ; use serde_json :: Map ; \
             use crate :: client :: { Client , Error } ;"
        );
    }

    #[test]
    fn shadowed_names_are_qualified_wherever_they_stand() {
        let mut tree: syn::ItemImpl = parse_quote! {
            impl<'de> Deserialize<'de> for X {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    match <Option<String> as Deserialize>::deserialize(d)? {
                        Some(value) => Ok(X(value)),
                        None => Err(fmt::Error),
                    }
                }
            }
        };
        let mut finder = StdNames::qualifying(NameSet::default());
        finder.visit_item_impl_mut(&mut tree);
        let found = finder.found();
        assert_eq!(
            found,
            NameSet::of([
                StdName::Deserialize,
                StdName::Deserializer,
                StdName::Result,
                StdName::Option,
                StdName::String,
                StdName::Some,
                StdName::Ok,
                StdName::None,
                StdName::Err,
                StdName::Fmt,
            ])
        );
        StdNames::qualifying(NameSet::of([
            StdName::Option,
            StdName::None,
            StdName::Deserialize,
            StdName::Ok,
        ]))
        .visit_item_impl_mut(&mut tree);
        let expected: syn::ItemImpl = parse_quote! {
            impl<'de> ::serde::Deserialize<'de> for X {
                fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    match <::std::option::Option<String> as ::serde::Deserialize>::deserialize(d)? {
                        Some(value) => ::std::result::Result::Ok(X(value)),
                        ::std::option::Option::None => Err(fmt::Error),
                    }
                }
            }
        };
        assert_eq!(text(&tree), text(&expected));
    }
}
