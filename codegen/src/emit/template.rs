//! Syntax trees of a fixed shape, parsed once per thread and copied for each use with their
//! placeholders filled in.
//!
//! The generated modules repeat the same items for every type, operation and example, only
//! names, types and a few expressions changing. Parsing tokens back into a tree is most of what
//! formatting costs; copying a tree parsed once costs a fraction of it. A template is written in
//! Rust syntax with `parse_quote!`, its placeholders named `__Name`; [`Fill`] replaces them in
//! a copy:
//! - an identifier anywhere (`__Name`, `__name`), or a whole type, expression or pattern where
//!   one stands alone (`__Type`, `__value`, `__status`), or tokens inside an attribute or a
//!   macro call (`#[serde(__serde)]`, `format!(__format)`);
//! - a list of nodes where one node of the list names the placeholder: fields (`__fields: ()`),
//!   struct-expression fields, match arms (`__arms => {}`), enum variants (`__Variants`),
//!   statements (`__stmts;`) and function arguments (`__args: ()`). Lists are filled by
//!   name, so a template can be reordered freely.
//!
//! A template is fixed text, not input. Filling it wrongly is a bug of the generator whatever
//! the spec: a placeholder left in the copy, or a value for a placeholder the template lacks
//! (a part of it removed). Debug builds, every test run among them, stop there and name the
//! template; release builds leave the placeholder for the compiler to point at.

use std::cell::RefCell;
use std::rc::Rc;

use proc_macro2::{Ident, Literal, TokenStream, TokenTree};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};

use crate::emit::names::{self, NameSet, StdNames};

/// A tree with placeholders, how often each occurs, and the std names it uses.
pub(crate) struct Template<T> {
    tree: T,
    placeholders: Vec<(String, usize)>,
    names: NameSet,
}

impl<T: Node> Template<T> {
    /// A template for a module that takes no std name.
    pub(crate) fn new(tree: T) -> Self {
        Self::new_in(tree, NameSet::default())
    }

    /// A template for a module whose items take the names `shadowed`: the tree writes std
    /// names short, and those are written in full.
    pub(crate) fn new_in(mut tree: T, shadowed: NameSet) -> Self {
        let mut finder = StdNames::qualifying(NameSet::default());
        tree.visit_with(&mut finder);
        let names = finder.found();
        let clash = NameSet::of_both(names, shadowed);
        if !clash.is_empty() {
            tree.visit_with(&mut StdNames::qualifying(clash));
        }
        let mut placeholders: Vec<(String, usize)> = Vec::new();
        count_placeholders(tree.to_token_stream(), &mut placeholders);
        Self {
            tree,
            placeholders,
            names: names.without(shadowed),
        }
    }

    /// A copy of the tree as it is, for a template without placeholders.
    pub(crate) fn copy(&self) -> T {
        Fill::new().apply(self)
    }
}

fn count_placeholders(tokens: TokenStream, counts: &mut Vec<(String, usize)>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                if !name.starts_with("__") {
                    continue;
                }
                match counts.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, count)) => *count += 1,
                    None => counts.push((name, 1)),
                }
            }
            TokenTree::Group(group) => count_placeholders(group.stream(), counts),
            _ => {}
        }
    }
}

/// What replaces each placeholder of a template.
#[derive(Default)]
pub(crate) struct Fill<'a> {
    entries: Vec<Entry<'a>>,
}

struct Entry<'a> {
    name: &'static str,
    value: Value<'a>,
    /// How many occurrences it replaced.
    uses: usize,
}

enum Value<'a> {
    Ident(&'a Ident),
    Type(&'a syn::Type),
    Expr(&'a syn::Expr),
    Pat(syn::Pat),
    Tokens(TokenStream),
    Fields(Vec<syn::Field>),
    Arms(Vec<syn::Arm>),
    Variants(Vec<syn::Variant>),
    Stmts(Vec<syn::Stmt>),
}

impl<'a> Fill<'a> {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    fn with(mut self, name: &'static str, value: Value<'a>) -> Self {
        self.entries.push(Entry {
            name,
            value,
            uses: 0,
        });
        self
    }

    pub(crate) fn ident(self, placeholder: &'static str, value: &'a Ident) -> Self {
        self.with(placeholder, Value::Ident(value))
    }

    pub(crate) fn ty(self, placeholder: &'static str, value: &'a syn::Type) -> Self {
        self.with(placeholder, Value::Type(value))
    }

    pub(crate) fn expr(self, placeholder: &'static str, value: &'a syn::Expr) -> Self {
        self.with(placeholder, Value::Expr(value))
    }

    pub(crate) fn pat(self, placeholder: &'static str, value: syn::Pat) -> Self {
        self.with(placeholder, Value::Pat(value))
    }

    /// Tokens in place of the placeholder inside an attribute's or a macro call's tokens.
    pub(crate) fn tokens(self, placeholder: &'static str, value: TokenStream) -> Self {
        self.with(placeholder, Value::Tokens(value))
    }

    pub(crate) fn fields(self, placeholder: &'static str, value: Vec<syn::Field>) -> Self {
        self.with(placeholder, Value::Fields(value))
    }

    pub(crate) fn arms(self, placeholder: &'static str, value: Vec<syn::Arm>) -> Self {
        self.with(placeholder, Value::Arms(value))
    }

    pub(crate) fn variants(self, placeholder: &'static str, value: Vec<syn::Variant>) -> Self {
        self.with(placeholder, Value::Variants(value))
    }

    pub(crate) fn stmts(self, placeholder: &'static str, value: Vec<syn::Stmt>) -> Self {
        self.with(placeholder, Value::Stmts(value))
    }

    /// A copy of `template` with every placeholder replaced.
    pub(crate) fn apply<T: Node>(mut self, template: &Template<T>) -> T {
        let mut copy = template.tree.clone();
        copy.visit_with(&mut self);
        names::note(template.names);
        if cfg!(debug_assertions) {
            let problems = self.problems(template);
            assert!(
                problems.is_empty(),
                "template filled wrongly: {}\nin: {}",
                problems.join("; "),
                template.tree.to_token_stream()
            );
        }
        copy
    }

    /// Placeholders left in the copy, and values for placeholders the template lacks.
    fn problems<T>(&self, template: &Template<T>) -> Vec<String> {
        let mut problems = Vec::new();
        for (name, count) in &template.placeholders {
            let replaced: usize = self
                .entries
                .iter()
                .filter(|e| e.name == name)
                .map(|e| e.uses)
                .sum();
            if replaced < *count {
                problems.push(format!("`{name}` is left {} time(s)", count - replaced));
            }
        }
        for entry in &self.entries {
            if entry.uses == 0 {
                problems.push(format!("the template has no `{}` to fill", entry.name));
            }
        }
        problems
    }

    /// The entry for a placeholder, if `ident` names one this fill has a value of the kind
    /// `kind` accepts for; its use is counted.
    fn take<R>(&mut self, ident: &Ident, kind: impl Fn(&mut Value<'a>) -> Option<R>) -> Option<R> {
        let entry = self.entries.iter_mut().find(|e| ident == e.name)?;
        let value = kind(&mut entry.value)?;
        entry.uses += 1;
        Some(value)
    }

    /// `tokens` with the placeholders in them replaced.
    fn fill_tokens(&mut self, tokens: &TokenStream) -> TokenStream {
        let mut out = TokenStream::new();
        for token in tokens.clone() {
            match token {
                TokenTree::Ident(ident) if ident.to_string().starts_with("__") => {
                    let replaced = self.take(&ident, |value| match value {
                        Value::Tokens(tokens) => Some(tokens.clone()),
                        Value::Ident(name) => Some(name.to_token_stream()),
                        _ => None,
                    });
                    out.extend(replaced.unwrap_or_else(|| ident.into_token_stream()));
                }
                TokenTree::Group(group) => {
                    let mut filled = proc_macro2::Group::new(
                        group.delimiter(),
                        self.fill_tokens(&group.stream()),
                    );
                    filled.set_span(group.span());
                    out.extend([TokenTree::Group(filled)]);
                }
                other => out.extend([other]),
            }
        }
        out
    }

    /// The nodes of a list with each placeholder node replaced by its list of values; the
    /// template's own nodes are filled, the values are not.
    fn splice<N>(
        &mut self,
        nodes: impl IntoIterator<Item = N>,
        placeholder: impl Fn(&N) -> Option<&Ident>,
        values: impl Fn(&mut Value<'a>) -> Option<Vec<N>>,
        visit: impl Fn(&mut Self, &mut N),
    ) -> Vec<N> {
        let mut out = Vec::new();
        for mut node in nodes {
            let list = placeholder(&node)
                .cloned()
                .and_then(|ident| self.take(&ident, &values));
            match list {
                Some(list) => out.extend(list),
                None => {
                    visit(self, &mut node);
                    out.push(node);
                }
            }
        }
        out
    }
}

/// The identifier of a path of one segment with no arguments: how a placeholder stands as a
/// type or an expression.
fn placeholder_name(path: &syn::Path) -> Option<&Ident> {
    match path.segments.first() {
        Some(segment)
            if path.segments.len() == 1
                && path.leading_colon.is_none()
                && segment.arguments.is_none() =>
        {
            Some(&segment.ident)
        }
        _ => None,
    }
}

fn punctuated<N, P: Default>(nodes: Vec<N>) -> Punctuated<N, P> {
    nodes.into_iter().collect()
}

impl VisitMut for Fill<'_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if let Some(value) = self.take(ident, |value| match value {
            Value::Ident(name) => Some((*name).clone()),
            _ => None,
        }) {
            *ident = value;
        }
    }

    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        let value = match ty {
            syn::Type::Path(path) if path.qself.is_none() => {
                placeholder_name(&path.path).cloned().and_then(|name| {
                    self.take(&name, |value| match value {
                        Value::Type(ty) => Some((*ty).clone()),
                        _ => None,
                    })
                })
            }
            _ => None,
        };
        match value {
            Some(value) => *ty = value,
            None => visit_mut::visit_type_mut(self, ty),
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        let value = match expr {
            syn::Expr::Path(path) if path.qself.is_none() => {
                placeholder_name(&path.path).cloned().and_then(|name| {
                    self.take(&name, |value| match value {
                        Value::Expr(expr) => Some((*expr).clone()),
                        _ => None,
                    })
                })
            }
            _ => None,
        };
        match value {
            Some(value) => *expr = value,
            None => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_pat_mut(&mut self, pat: &mut syn::Pat) {
        let value = match pat {
            syn::Pat::Ident(binding) if binding.subpat.is_none() => {
                let name = binding.ident.clone();
                self.take(&name, |value| match value {
                    Value::Pat(pat) => Some(pat.clone()),
                    _ => None,
                })
            }
            _ => None,
        };
        match value {
            Some(value) => *pat = value,
            None => visit_mut::visit_pat_mut(self, pat),
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        self.visit_path_mut(&mut mac.path);
        mac.tokens = self.fill_tokens(&mac.tokens);
    }

    fn visit_meta_list_mut(&mut self, list: &mut syn::MetaList) {
        self.visit_path_mut(&mut list.path);
        list.tokens = self.fill_tokens(&list.tokens);
    }

    fn visit_fields_named_mut(&mut self, fields: &mut syn::FieldsNamed) {
        let nodes = std::mem::take(&mut fields.named);
        fields.named = punctuated(self.splice(
            nodes,
            |field| field.ident.as_ref(),
            |value| match value {
                Value::Fields(list) => Some(std::mem::take(list)),
                _ => None,
            },
            |fill, field| fill.visit_field_mut(field),
        ));
    }

    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        let nodes = std::mem::take(&mut expr.arms);
        visit_mut::visit_expr_match_mut(self, expr);
        expr.arms = self.splice(
            nodes,
            |arm| match &arm.pat {
                syn::Pat::Ident(binding) => Some(&binding.ident),
                _ => None,
            },
            |value| match value {
                Value::Arms(list) => Some(std::mem::take(list)),
                _ => None,
            },
            |fill, arm| fill.visit_arm_mut(arm),
        );
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        let nodes = std::mem::take(&mut item.variants);
        visit_mut::visit_item_enum_mut(self, item);
        item.variants = punctuated(self.splice(
            nodes,
            |variant| Some(&variant.ident),
            |value| match value {
                Value::Variants(list) => Some(std::mem::take(list)),
                _ => None,
            },
            |fill, variant| fill.visit_variant_mut(variant),
        ));
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let nodes = std::mem::take(&mut block.stmts);
        block.stmts = self.splice(
            nodes,
            |stmt| match stmt {
                syn::Stmt::Expr(syn::Expr::Path(path), Some(_)) if path.qself.is_none() => {
                    placeholder_name(&path.path)
                }
                _ => None,
            },
            |value| match value {
                Value::Stmts(list) => Some(std::mem::take(list)),
                _ => None,
            },
            |fill, stmt| fill.visit_stmt_mut(stmt),
        );
    }
}

/// A syntax tree node a template can be.
pub(crate) trait Node: Clone + ToTokens {
    fn visit_with<V: VisitMut>(&mut self, visitor: &mut V);
}

macro_rules! template_nodes {
    ($($node:ty => $visit:ident),* $(,)?) => {
        $(impl Node for $node {
            fn visit_with<V: VisitMut>(&mut self, visitor: &mut V) {
                visitor.$visit(self);
            }
        })*
    };
}

/// A thread's set of templates for a module, parsed again only when the names the module
/// shadows differ from the last module's.
pub(crate) struct Cache<T>(RefCell<Option<(NameSet, Rc<T>)>>);

impl<T> Cache<T> {
    pub(crate) const fn new() -> Self {
        Self(RefCell::new(None))
    }

    pub(crate) fn get(&self, shadowed: NameSet, build: impl FnOnce(NameSet) -> T) -> Rc<T> {
        let mut cached = self.0.borrow_mut();
        match &*cached {
            Some((names, templates)) if *names == shadowed => Rc::clone(templates),
            _ => {
                let templates = Rc::new(build(shadowed));
                *cached = Some((shadowed, Rc::clone(&templates)));
                templates
            }
        }
    }
}

template_nodes! {
    syn::File => visit_file_mut,
    syn::Item => visit_item_mut,
    syn::ItemType => visit_item_type_mut,
    syn::ItemFn => visit_item_fn_mut,
    syn::ImplItemFn => visit_impl_item_fn_mut,
    syn::ItemStruct => visit_item_struct_mut,
    syn::ItemEnum => visit_item_enum_mut,
    syn::ItemImpl => visit_item_impl_mut,
    syn::ImplItem => visit_impl_item_mut,
    syn::Stmt => visit_stmt_mut,
    syn::Expr => visit_expr_mut,
    syn::Field => visit_field_mut,
    syn::Attribute => visit_attribute_mut,
    syn::Variant => visit_variant_mut,
    syn::Type => visit_type_mut,
    syn::Arm => visit_arm_mut,
}

/// An expression of one literal token.
pub(crate) fn literal(token: Literal) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(token),
    })
}

/// A pattern of one literal token (`404`, `"value"`).
pub(crate) fn literal_pattern(token: Literal) -> syn::Pat {
    syn::Pat::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(token),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::format_ident;
    use syn::parse_quote;

    #[test]
    fn placeholders_are_replaced_and_the_rest_is_kept() {
        let template: Template<syn::Item> = Template::new(parse_quote! {
            impl<'a> Thing for __Name<'a> {
                type Output = Vec<__Output>;
                fn get(&self) -> __Output {
                    let __field = __value;
                    self.__field.call(__value, __Name::new(), format!(__format))
                }
            }
        });
        let name = format_ident!("Pets");
        let field = format_ident!("r#type");
        let output: syn::Type = parse_quote!(Option<crate::models::Pet>);
        let value = literal(Literal::string("a \"quoted\" value"));
        let filled = Fill::new()
            .ident("__Name", &name)
            .ident("__field", &field)
            .ty("__Output", &output)
            .expr("__value", &value)
            .tokens("__format", quote::quote!("{}", 1))
            .apply(&template);
        let expected: syn::Item = parse_quote! {
            impl<'a> Thing for Pets<'a> {
                type Output = Vec<Option<crate::models::Pet>>;
                fn get(&self) -> Option<crate::models::Pet> {
                    let r#type = "a \"quoted\" value";
                    self.r#type.call("a \"quoted\" value", Pets::new(), format!("{}", 1))
                }
            }
        };
        assert_eq!(
            filled.to_token_stream().to_string(),
            expected.to_token_stream().to_string()
        );
        // The template itself is unchanged, ready for the next copy.
        assert!(
            template
                .tree
                .to_token_stream()
                .to_string()
                .contains("__Name")
        );
    }

    #[test]
    fn lists_are_spliced_where_their_placeholder_stands() {
        let template: Template<syn::Item> = Template::new(parse_quote! {
            impl E {
                fn first() {}
                fn f(&self, x: u8) -> u8 {
                    __stmts;
                    match self {
                        __arms => {}
                        _ => 0,
                    }
                }
            }
        });
        let filled = Fill::new()
            .stmts("__stmts", vec![parse_quote!(let y = x;)])
            .arms("__arms", vec![parse_quote!(Self::A => 1,)])
            .apply(&template);
        let expected: syn::Item = parse_quote! {
            impl E {
                fn first() {}
                fn f(&self, x: u8) -> u8 {
                    let y = x;
                    match self {
                        Self::A => 1,
                        _ => 0,
                    }
                }
            }
        };
        assert_eq!(
            filled.to_token_stream().to_string(),
            expected.to_token_stream().to_string()
        );
    }

    #[test]
    fn a_fill_that_does_not_match_its_template_is_reported() {
        let template: Template<syn::Expr> = Template::new(parse_quote!(__a + __b));
        let one = literal(Literal::u8_unsuffixed(1));
        let problems = |fill: Fill<'_>| {
            let mut copy = template.tree.clone();
            let mut fill = fill;
            copy.visit_with(&mut fill);
            fill.problems(&template)
        };
        assert_eq!(
            problems(Fill::new().expr("__a", &one)),
            ["`__b` is left 1 time(s)"]
        );
        assert_eq!(
            problems(
                Fill::new()
                    .expr("__a", &one)
                    .expr("__b", &one)
                    .expr("__c", &one)
            ),
            ["the template has no `__c` to fill"]
        );
        assert!(problems(Fill::new().expr("__a", &one).expr("__b", &one)).is_empty());
    }

    #[test]
    #[should_panic(expected = "`__b` is left")]
    #[cfg(debug_assertions)]
    fn debug_builds_stop_on_a_leftover_placeholder() {
        let template: Template<syn::Expr> = Template::new(parse_quote!(__a + __b));
        let one = literal(Literal::u8_unsuffixed(1));
        Fill::new().expr("__a", &one).apply(&template);
    }
}
