//! Spelling: the one place where IR types become Rust types (`TypeRef` → `syn::Type`), names
//! made by `naming` become identifiers, and names from std, serde and serde_json are written
//! short (`Option<String>`) or, where an item of the module takes the name, in full
//! (`::std::option::Option`).
//!
//! Code is spelled for a [`Module`]: what it shadows, and whether the models are in scope.
//! Templates are written with short names and parsed for the module ([`Template::new_in`]
//! qualifies what it shadows); while a part of a module is built, every template copied and
//! type spelled notes the names it uses ([`record`]), and the module's `use` lines are made
//! from them ([`imports`]).

use std::cell::Cell;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use syn::parse_quote;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};

use crate::emit::template::{Cache, Fill, Node, Template};
use crate::ir::{Ir, TypeRef};

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
    const ALL: [StdName; 18] = [
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

/// The std names a tree uses where a path starts, in its derives, and in patterns, such as a
/// `None` arm.
pub(crate) fn names_in<T: Node>(tree: &mut T) -> NameSet {
    let mut finder = Names {
        shadowed: NameSet::default(),
        found: NameSet::default(),
    };
    tree.visit_with(&mut finder);
    finder.found
}

/// Writes in full, in `tree`, the std names that `shadowed` holds.
pub(crate) fn qualify<T: Node>(tree: &mut T, shadowed: NameSet) {
    let mut qualifier = Names {
        shadowed,
        found: NameSet::default(),
    };
    tree.visit_with(&mut qualifier);
}

/// Finds std names, and writes those in `shadowed` in full.
struct Names {
    shadowed: NameSet,
    found: NameSet,
}

impl Names {
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

impl VisitMut for Names {
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

/// The Rust spelling of a type reference in `module`.
pub(crate) fn spell(ir: &Ir, ty: &TypeRef, module: Module) -> syn::Type {
    TYPES.with(|cache| {
        cache
            .get(module.shadowed, TypeTemplates::new)
            .build(ir, ty, module)
    })
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
        let found = names_in(&mut tree);
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
        qualify(
            &mut tree,
            NameSet::of([
                StdName::Option,
                StdName::None,
                StdName::Deserialize,
                StdName::Ok,
            ]),
        );
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

    #[test]
    fn raw_identifiers_stay_raw() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("self_").to_string(), "self_");
    }
}
