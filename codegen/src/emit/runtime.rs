//! The client's runtime: the template `templates/client_runtime.rs`, a real Rust file, pruned
//! to what the spec's operations use so that the crate has no dead code.
//!
//! Which items stay:
//! - an item (or an item of an `impl` block) marked `#[needs(A, B)]` stays when the crate uses
//!   feature `A` or `B`, spelled as [`Feature`] spells them (`Param(Path, Simple)`);
//! - an unmarked public or `pub(crate)` item stays, as does every item of a trait impl;
//! - an unmarked private item (a helper, a `use`) stays when code that stays names it: the
//!   helpers' dependencies follow from the code, not from lists kept by hand;
//! - an unmarked `impl` block stays with its type.
//!
//! `#[unused_without(A)]` becomes `#[allow(dead_code)]` when the crate lacks `A` (fields only
//! read by operations, in a spec without any). Both markers are removed.

use std::collections::HashSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, ImplItem, Item, Token, Visibility};

use crate::analysis::{Feature, Features};

const TEMPLATE: &str = include_str!("../../templates/client_runtime.rs");

/// The parser of server-sent events, pure and unit-tested on its own: its items join the
/// template's (its tests stay behind).
const SSE_TEMPLATE: &str = include_str!("../../templates/sse.rs");

/// The parser's own unit tests, run with the generator's.
#[cfg(test)]
#[path = "../../templates/sse.rs"]
mod sse;

/// The template's items that the crate needs, markers removed. `module` is the rest of the
/// module's code: the private items it names stay.
pub(crate) fn runtime_items(features: &Features, module: &TokenStream) -> TokenStream {
    let file = match syn::parse_file(TEMPLATE).and_then(|mut file| {
        let sse = syn::parse_file(SSE_TEMPLATE)?;
        file.items.extend(
            sse.items
                .into_iter()
                .filter(|item| !matches!(item, Item::Mod(_))),
        );
        Ok(file)
    }) {
        Ok(file) => file,
        // The templates are part of the generator; a test keeps them parseable.
        Err(e) => {
            let message = format!("the client runtime template does not parse: {e}");
            return quote! { compile_error!(#message); };
        }
    };
    let mut units = Vec::new();
    let mut items = Vec::new();
    for mut item in file.items {
        let unit = match &mut item {
            Item::Impl(block) => {
                let rule = match take_markers(&mut block.attrs, features) {
                    Some(needed) => Rule::Needs(needed),
                    None => Rule::WithType(type_name(&block.self_ty)),
                };
                let header = {
                    let mut header = block.clone();
                    header.items.clear();
                    names_in(|names| names.visit_item_impl_mut(&mut header), &[])
                };
                let impl_unit = units.len();
                units.push(Unit::new(rule, None, Vec::new(), header));
                let trait_impl = block.trait_.is_some();
                for member in &mut block.items {
                    units.push(member_unit(member, impl_unit, trait_impl, features));
                }
                Some(impl_unit)
            }
            other => item_unit(other, features).map(|unit| {
                units.push(unit);
                units.len() - 1
            }),
        };
        items.push((item, unit));
    }
    let kept = keep(&units, names_in_tokens(module));
    let mut out = TokenStream::new();
    for (mut item, unit) in items {
        let Some(unit) = unit else {
            item.to_tokens(&mut out);
            continue;
        };
        if let Item::Impl(block) = &mut item {
            // The block's items are the units after its own, in order.
            let mut member = unit;
            block.items.retain(|_| {
                member += 1;
                kept[member]
            });
        }
        if kept[unit] {
            item.to_tokens(&mut out);
        }
    }
    out
}

/// One item of the template, or one item of an `impl` block, and when it stays.
struct Unit {
    rule: Rule,
    /// The `impl` block it belongs to.
    parent: Option<usize>,
    /// The names it defines.
    defines: Vec<String>,
    /// The names its code uses.
    uses: HashSet<String>,
}

enum Rule {
    /// Marked: stays if the crate uses one of the features it names.
    Needs(bool),
    /// Public, or required by a trait: stays (with its `impl` block).
    Visible,
    /// Private: stays if code that stays names it.
    Named,
    /// An `impl` block: stays with the type it is for.
    WithType(Option<String>),
}

impl Unit {
    fn new(rule: Rule, parent: Option<usize>, defines: Vec<String>, uses: HashSet<String>) -> Self {
        Self {
            rule,
            parent,
            defines,
            uses,
        }
    }
}

fn item_unit(item: &mut Item, features: &Features) -> Option<Unit> {
    let (attrs, vis, defines) = match item {
        Item::Const(i) => (&mut i.attrs, &i.vis, vec![i.ident.to_string()]),
        Item::Enum(i) => (&mut i.attrs, &i.vis, vec![i.ident.to_string()]),
        Item::Fn(i) => (&mut i.attrs, &i.vis, vec![i.sig.ident.to_string()]),
        Item::Static(i) => (&mut i.attrs, &i.vis, vec![i.ident.to_string()]),
        Item::Struct(i) => (&mut i.attrs, &i.vis, vec![i.ident.to_string()]),
        Item::Type(i) => (&mut i.attrs, &i.vis, vec![i.ident.to_string()]),
        Item::Trait(i) => (&mut i.attrs, &i.vis, vec![i.ident.to_string()]),
        // An import stays if what it imports is named.
        Item::Use(i) => (&mut i.attrs, &Visibility::Inherited, imported(&i.tree)),
        _ => return None,
    };
    let rule = match take_markers(attrs, features) {
        Some(needed) => Rule::Needs(needed),
        None if is_visible(vis) => Rule::Visible,
        None => Rule::Named,
    };
    let uses = match item {
        Item::Use(_) => HashSet::new(),
        item => names_in(|names| names.visit_item_mut(item), &defines),
    };
    Some(Unit::new(rule, None, defines, uses))
}

fn member_unit(
    member: &mut ImplItem,
    parent: usize,
    trait_impl: bool,
    features: &Features,
) -> Unit {
    let (attrs, vis, name) = match member {
        ImplItem::Fn(f) => (&mut f.attrs, &f.vis, f.sig.ident.to_string()),
        ImplItem::Const(c) => (&mut c.attrs, &c.vis, c.ident.to_string()),
        ImplItem::Type(t) => (&mut t.attrs, &t.vis, t.ident.to_string()),
        _ => return Unit::new(Rule::Visible, Some(parent), Vec::new(), HashSet::new()),
    };
    let rule = match take_markers(attrs, features) {
        Some(needed) => Rule::Needs(needed),
        None if trait_impl || is_visible(vis) => Rule::Visible,
        None => Rule::Named,
    };
    let defines = vec![name];
    let uses = names_in(|names| names.visit_impl_item_mut(member), &defines);
    Unit::new(rule, Some(parent), defines, uses)
}

/// Which units stay: those their rule keeps, given the names `module` and every unit kept
/// so far use, until no more stay.
fn keep(units: &[Unit], mut named: HashSet<String>) -> Vec<bool> {
    let mut kept = vec![false; units.len()];
    let type_unit = |name: &str| {
        units
            .iter()
            .position(|u| u.parent.is_none() && u.defines.iter().any(|d| d == name))
    };
    let mut changed = true;
    while changed {
        changed = false;
        for (i, unit) in units.iter().enumerate() {
            if kept[i] || unit.parent.is_some_and(|p| !kept[p]) {
                continue;
            }
            let stays = match &unit.rule {
                Rule::Needs(needed) => *needed,
                Rule::Visible => true,
                Rule::Named => unit.defines.iter().any(|d| named.contains(d)),
                // A type the template does not define (`Client`) is the module's own.
                Rule::WithType(name) => name
                    .as_deref()
                    .and_then(type_unit)
                    .is_none_or(|unit| kept[unit]),
            };
            if stays {
                kept[i] = true;
                named.extend(unit.uses.iter().cloned());
                changed = true;
            }
        }
    }
    kept
}

fn is_visible(vis: &Visibility) -> bool {
    !matches!(vis, Visibility::Inherited)
}

/// The name of a path type (`Pending<'a, A>` → `Pending`).
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The names a `use` tree brings into scope.
fn imported(tree: &syn::UseTree) -> Vec<String> {
    match tree {
        syn::UseTree::Path(path) => imported(&path.tree),
        syn::UseTree::Name(name) => vec![name.ident.to_string()],
        syn::UseTree::Rename(rename) => vec![rename.rename.to_string()],
        syn::UseTree::Group(group) => group.items.iter().flat_map(imported).collect(),
        syn::UseTree::Glob(_) => Vec::new(),
    }
}

/// The names a piece of the template refers to: the identifiers of its paths, of the methods it
/// calls and of any macro's tokens, but those its patterns bind (parameters and locals) and
/// those in `except`, the names it defines.
fn names_in(visit: impl FnOnce(&mut Names), except: &[String]) -> HashSet<String> {
    let mut names = Names::default();
    visit(&mut names);
    let Names {
        mut used,
        plain,
        bound,
    } = names;
    used.extend(plain.into_iter().filter(|name| !bound.contains(name)));
    for name in except {
        used.remove(name);
    }
    used
}

/// [`names_in`] code given as tokens.
fn names_in_tokens(tokens: &TokenStream) -> HashSet<String> {
    names_in(
        |names| match syn::parse2::<syn::File>(tokens.clone()) {
            Ok(mut file) => names.visit_file_mut(&mut file),
            Err(_) => names.tokens(tokens.clone()),
        },
        &[],
    )
}

/// What [`names_in`] collects.
#[derive(Default)]
struct Names {
    /// Names that can only name an item: a method called, a path of several segments.
    used: HashSet<String>,
    /// Names that may be a local instead: a path of one segment, an identifier in a macro.
    plain: HashSet<String>,
    /// Names that patterns bind.
    bound: HashSet<String>,
}

impl Names {
    fn tokens(&mut self, tokens: TokenStream) {
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    self.plain.insert(ident.to_string());
                }
                TokenTree::Group(group) => self.tokens(group.stream()),
                _ => {}
            }
        }
    }
}

impl VisitMut for Names {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let names = path.segments.iter().map(|s| s.ident.to_string());
        if path.segments.len() == 1 && path.leading_colon.is_none() {
            self.plain.extend(names);
        } else {
            self.used.extend(names);
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        self.used.insert(call.method.to_string());
        visit_mut::visit_expr_method_call_mut(self, call);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        self.tokens(mac.tokens.clone());
        visit_mut::visit_macro_mut(self, mac);
    }

    fn visit_pat_ident_mut(&mut self, pat: &mut syn::PatIdent) {
        self.bound.insert(pat.ident.to_string());
        visit_mut::visit_pat_ident_mut(self, pat);
    }
}

/// Removes the markers; `Some(needed)` if the attributes mark the item with `needs`, where
/// `needed` says whether the crate uses one of the features it names.
fn take_markers(attrs: &mut Vec<Attribute>, features: &Features) -> Option<bool> {
    let mut needs = None;
    let mut kept = Vec::with_capacity(attrs.len());
    for attr in attrs.drain(..) {
        let marker = ["needs", "unused_without"]
            .into_iter()
            .find(|name| attr.path().is_ident(name));
        let Some(marker) = marker else {
            kept.push(attr);
            continue;
        };
        let any = marker_features(&attr)
            .iter()
            .any(|feature| feature.is_some_and(|f| features.contains(&f)));
        match marker {
            "needs" => needs = Some(needs.unwrap_or(true) && any),
            _ if !any => kept.push(syn::parse_quote!(#[allow(dead_code)])),
            _ => {}
        }
    }
    *attrs = kept;
    needs
}

/// The features a marker names, `None` for a name that is not a feature.
fn marker_features(attr: &Attribute) -> Vec<Option<Feature>> {
    attr.parse_args_with(Punctuated::<syn::Expr, Token![,]>::parse_terminated)
        .map(|names| {
            names
                .iter()
                .map(|name| Feature::from_marker(&name.to_token_stream().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{ParamLocation, ParamStyle};

    fn runtime(features: &[Feature], module: TokenStream) -> String {
        runtime_items(&features.iter().copied().collect(), &module).to_string()
    }

    #[test]
    fn template_parses() {
        assert!(syn::parse_file(TEMPLATE).is_ok());
        assert!(syn::parse_file(SSE_TEMPLATE).is_ok());
    }

    #[test]
    fn the_event_parser_comes_with_events_alone() {
        let operations = runtime(&[Feature::Operations], quote! {});
        assert!(operations.contains("pub struct ByteStream"));
        assert!(!operations.contains("EventStream"));
        assert!(!operations.contains("EventParser"));
        let events = runtime(&[Feature::Operations, Feature::Events], quote! {});
        assert!(events.contains("pub struct EventStream"));
        assert!(events.contains("struct EventParser"));
        assert!(events.contains("fn line_ended"));
        // The parser's tests stay in the generator.
        assert!(!events.contains("mod tests"));
        // What only some operations with events call comes with them alone.
        for (feature, item) in [
            (Feature::EventsResponse, "fn streamed"),
            (Feature::EventsBeside, "fn events < T : Send"),
            (Feature::TextEvents, "fn text_data"),
            (Feature::JsonEvents, "fn json_data"),
        ] {
            assert!(!events.contains(item), "{item}");
            let with = runtime(&[Feature::Operations, Feature::Events, feature], quote! {});
            assert!(with.contains(item), "{item}");
        }
    }

    #[test]
    fn items_are_kept_only_when_needed() {
        let bare = runtime(&[], quote! { check_base_url });
        assert!(bare.contains("pub struct RetryPolicy"));
        assert!(bare.contains("fn check_base_url"));
        assert!(!bare.contains("fn path_simple"));
        assert!(!bare.contains("needs"));
        assert!(bare.contains("# [allow (dead_code)]"));
        let path = Feature::Param(ParamLocation::Path, ParamStyle::Simple);
        let used = runtime(&[Feature::Operations, path], quote! {});
        assert!(used.contains("fn path_simple"));
        assert!(used.contains("fn execute"));
        assert!(!used.contains("fn path_matrix"));
        assert!(!used.contains("# [allow (dead_code)]"));
    }

    #[test]
    fn private_helpers_stay_with_the_code_that_calls_them() {
        let path = Feature::Param(ParamLocation::Path, ParamStyle::Simple);
        let header = Feature::Param(ParamLocation::Header, ParamStyle::Simple);
        // `path_simple` encodes, `header_param` does not; both spread arrays.
        let path_only = runtime(&[Feature::Operations, path], quote! {});
        assert!(path_only.contains("fn encode"));
        assert!(path_only.contains("fn join_spread"));
        let header_only = runtime(&[Feature::Operations, header], quote! {});
        assert!(!header_only.contains("fn encode"));
        assert!(header_only.contains("fn join_spread"));
        // Without operations, nothing sends: no backoff, no date parsing, no `SystemTime`.
        let bare = runtime(&[], quote! {});
        for helper in [
            "fn backoff",
            "fn parse_http_date",
            "SystemTime",
            "fn param_json",
        ] {
            assert!(!bare.contains(helper), "{helper}");
        }
        // A query string of `content` parameters only writes JSON text: the helpers the other
        // styles share do not come with it (a list kept by hand once kept `scalar_text`).
        let json = Feature::Param(ParamLocation::Query, ParamStyle::Json);
        let json_only = runtime(&[Feature::Operations, Feature::Query, json], quote! {});
        assert!(json_only.contains("fn json"));
        assert!(json_only.contains("fn encode"));
        assert!(!json_only.contains("fn scalar_text"));
        assert!(!json_only.contains("fn spread"));
        // A private item the module's own code names stays.
        assert!(!bare.contains("fn check_base_url"));
        assert!(runtime(&[], quote! { check_base_url(x) }).contains("fn check_base_url"));
    }

    #[test]
    fn every_marker_names_a_feature() {
        let file = syn::parse_file(TEMPLATE).unwrap();
        let mut markers = Vec::new();
        let mut collect = |attrs: &[Attribute]| {
            markers.extend(
                attrs
                    .iter()
                    .filter(|a| a.path().is_ident("needs") || a.path().is_ident("unused_without"))
                    .map(|a| (a.to_token_stream().to_string(), marker_features(a))),
            );
        };
        for item in &file.items {
            match item {
                Item::Impl(block) => {
                    collect(&block.attrs);
                    for member in &block.items {
                        if let ImplItem::Fn(f) = member {
                            collect(&f.attrs);
                        }
                    }
                }
                Item::Fn(i) => collect(&i.attrs),
                Item::Struct(i) => collect(&i.attrs),
                Item::Trait(i) => collect(&i.attrs),
                Item::Type(i) => collect(&i.attrs),
                Item::Enum(i) => collect(&i.attrs),
                _ => {}
            }
        }
        assert!(markers.len() > 20, "{markers:?}");
        for (marker, features) in markers {
            assert!(!features.is_empty(), "{marker} names nothing");
            assert!(
                features.iter().all(Option::is_some),
                "{marker} names an unknown feature"
            );
        }
    }
}
