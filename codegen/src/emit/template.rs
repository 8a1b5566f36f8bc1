//! Syntax trees of a fixed shape, parsed once per thread and copied for each use with their
//! placeholders filled in.
//!
//! The operations module repeats the same items for every operation (the builder, its
//! `Future` impl, its setters, the statements that send the request), only names, types and a
//! few expressions changing. Parsing tokens back into a tree is most of what formatting costs;
//! copying a tree parsed once costs a fraction of it. Templates are written in Rust syntax with
//! `parse_quote!`, their placeholders named `__Name`; [`Fill`] replaces them in a copy. A
//! template is fixed text, not input: one that did not parse would fail every test that
//! generates code, never a user's run.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use syn::visit_mut::{self, VisitMut};

/// What replaces each placeholder of a template: identifiers anywhere (names of items,
/// fields, bindings), and whole types and expressions where one stands alone.
#[derive(Default)]
pub(crate) struct Fill<'a> {
    idents: Vec<(&'static str, &'a Ident)>,
    types: Vec<(&'static str, &'a syn::Type)>,
    exprs: Vec<(&'static str, &'a syn::Expr)>,
}

impl<'a> Fill<'a> {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    pub(crate) fn ident(mut self, placeholder: &'static str, value: &'a Ident) -> Self {
        self.idents.push((placeholder, value));
        self
    }

    pub(crate) fn ty(mut self, placeholder: &'static str, value: &'a syn::Type) -> Self {
        self.types.push((placeholder, value));
        self
    }

    pub(crate) fn expr(mut self, placeholder: &'static str, value: &'a syn::Expr) -> Self {
        self.exprs.push((placeholder, value));
        self
    }

    /// A copy of `template` with every placeholder replaced.
    pub(crate) fn apply<T: Template>(mut self, template: &T) -> T {
        let mut copy = template.clone();
        copy.fill(&mut self);
        copy
    }
}

/// The name of a path of one segment with no arguments: how a placeholder stands as a type or
/// an expression.
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

/// The value for `path` if it is one of `values`' placeholders.
fn find<'v, T>(values: &[(&'static str, &'v T)], path: &syn::Path) -> Option<&'v T> {
    let name = placeholder_name(path)?;
    values
        .iter()
        .find(|(placeholder, _)| name == placeholder)
        .map(|(_, value)| *value)
}

impl VisitMut for Fill<'_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if let Some((_, value)) = self.idents.iter().find(|(name, _)| ident == name) {
            *ident = (*value).clone();
        }
    }

    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        let value = match ty {
            syn::Type::Path(path) if path.qself.is_none() => find(&self.types, &path.path),
            _ => None,
        };
        match value {
            Some(value) => *ty = value.clone(),
            None => visit_mut::visit_type_mut(self, ty),
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        let value = match expr {
            syn::Expr::Path(path) if path.qself.is_none() => find(&self.exprs, &path.path),
            _ => None,
        };
        match value {
            Some(value) => *expr = value.clone(),
            None => visit_mut::visit_expr_mut(self, expr),
        }
    }
}

/// A syntax tree node a template can be.
pub(crate) trait Template: Clone {
    fn fill(&mut self, fill: &mut Fill<'_>);
}

macro_rules! template_nodes {
    ($($node:ty => $visit:ident),* $(,)?) => {
        $(impl Template for $node {
            fn fill(&mut self, fill: &mut Fill<'_>) {
                fill.$visit(self);
            }
        })*
    };
}

template_nodes! {
    syn::Item => visit_item_mut,
    syn::ImplItem => visit_impl_item_mut,
    syn::Stmt => visit_stmt_mut,
    syn::Expr => visit_expr_mut,
    syn::Field => visit_field_mut,
    syn::FieldValue => visit_field_value_mut,
    syn::FnArg => visit_fn_arg_mut,
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

/// A pattern of one literal token (`404`, `"value"`): a template's placeholder stands in a
/// pattern as a binding, which [`Fill`] does not replace, so callers set the pattern itself.
pub(crate) fn literal_pattern(token: Literal) -> syn::Pat {
    syn::Pat::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::new(token),
    })
}

/// A `true` or `false` expression.
pub(crate) fn boolean(value: bool) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: syn::Lit::Bool(syn::LitBool::new(value, Span::call_site())),
    })
}

/// Tokens made with `quote!` (a type, an expression) parsed as one node; the tokens
/// themselves if they do not parse, for the file to keep raw so that the compiler points at
/// them.
pub(crate) fn parse<T: syn::parse::Parse>(tokens: TokenStream) -> Result<T, TokenStream> {
    syn::parse2(tokens.clone()).map_err(|_| tokens)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{ToTokens, format_ident};
    use syn::parse_quote;

    #[test]
    fn placeholders_are_replaced_and_the_rest_is_kept() {
        let template: syn::Item = parse_quote! {
            impl<'a> Thing for __Name<'a> {
                type Output = Vec<__Output>;
                fn get(&self) -> __Output {
                    let __field = __value;
                    self.__field.__method(__value, __Name::new(), __Outputs)
                }
            }
        };
        let name = format_ident!("Pets");
        let field = format_ident!("r#type");
        let output: syn::Type = parse_quote!(Option<crate::models::Pet>);
        let value = literal(Literal::string("a \"quoted\" value"));
        let filled = Fill::new()
            .ident("__Name", &name)
            .ident("__field", &field)
            .ty("__Output", &output)
            .expr("__value", &value)
            .apply(&template);
        let expected: syn::Item = parse_quote! {
            impl<'a> Thing for Pets<'a> {
                type Output = Vec<Option<crate::models::Pet>>;
                fn get(&self) -> Option<crate::models::Pet> {
                    let r#type = "a \"quoted\" value";
                    self.r#type.__method("a \"quoted\" value", Pets::new(), __Outputs)
                }
            }
        };
        assert_eq!(
            filled.to_token_stream().to_string(),
            expected.to_token_stream().to_string()
        );
        // The template itself is unchanged, ready for the next copy.
        assert!(template.to_token_stream().to_string().contains("__Name"));
    }
}
