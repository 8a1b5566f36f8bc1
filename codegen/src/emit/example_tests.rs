//! The `example_tests` module of the generated crate: every `example` of the spec decodes into
//! its Rust type and encodes back to the same JSON. Which examples are checked, and by which
//! test, the IR says (`lower/examples.rs`).

use proc_macro2::Literal;
use quote::quote;
use syn::parse_quote;

use crate::emit::format::Part;
use crate::emit::names::{Module, NameSet, imports};
use crate::emit::spelling::{ident, spell};
use crate::emit::template::{Fill, Template, literal};
use crate::ir::{ExampleCheck, Ir};

/// The module's helpers, a test and one check of it. Placeholders: `__test` and `__checks`
/// (the test), `__Type`, `__source` and `__json` (an example).
struct Templates {
    helpers: Template<syn::File>,
    test: Template<syn::ItemFn>,
    check: Template<syn::Stmt>,
    allow_deprecated: Template<syn::Attribute>,
}

thread_local! {
    static TEMPLATES: Templates = Templates {
        helpers: Template::new(parse_quote! {
            fn round_trip<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(source: &str, json: &str) {
                let value: Value = ::serde_json::from_str(json).unwrap();
                let typed: T = ::serde_json::from_value(value.clone())
                    .unwrap_or_else(|e| panic!("the example at {source} does not decode: {e}\n{json}"));
                let written = ::serde_json::to_value(&typed).unwrap();
                let same = same_json(&value, &written);
                assert!(
                    same,
                    "the example at {source} does not round-trip\nread:    {value}\nwritten: {written}"
                );
            }

            /// Equal as JSON, numbers by value: an `f64` writes `1` back as `1.0`.
            fn same_json(a: &Value, b: &Value) -> bool {
                match (a, b) {
                    (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
                    (Value::Array(x), Value::Array(y)) => {
                        x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
                    }
                    (Value::Object(x), Value::Object(y)) => {
                        x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
                    }
                    _ => a == b,
                }
            }
        }),
        test: Template::new(parse_quote! {
            #[test]
            fn __test() {
                __checks;
            }
        }),
        check: Template::new(parse_quote! { round_trip::<__Type>(__source, __json); }),
        allow_deprecated: Template::new(parse_quote! { #[allow(deprecated)] }),
    };
}

/// The module's tests: one per type (or operation) that owns examples, each checking them all.
pub(crate) struct ExampleTests<'a> {
    ir: &'a Ir,
    /// The module docs.
    docs: Vec<String>,
    /// Each test's function name and the examples it checks.
    tests: Vec<(&'a str, Vec<&'a ExampleCheck>)>,
}

impl<'a> ExampleTests<'a> {
    /// The tests, or `None` when the spec gives no example that is tested.
    pub(crate) fn new(ir: &'a Ir) -> Option<Self> {
        let mut tests: Vec<(&str, Vec<&ExampleCheck>)> = Vec::new();
        for check in &ir.examples {
            let Some(test) = check.test() else {
                continue;
            };
            match tests.last_mut() {
                Some((name, checks)) if *name == test => checks.push(check),
                _ => tests.push((test, vec![check])),
            }
        }
        if tests.is_empty() {
            return None;
        }
        let mut docs = vec![
            " Every `example` of the spec decodes into its type and encodes back to the same JSON."
                .to_owned(),
        ];
        let unfit: Vec<_> = ir
            .examples
            .iter()
            .filter_map(|e| Some((e, e.unfit()?)))
            .collect();
        if !unfit.is_empty() {
            docs.push(String::new());
            docs.push(" Left out, as they do not fit their schema:".to_owned());
            for (example, reason) in unfit {
                docs.push(format!(" - `{}`: {reason}", example.source));
            }
        }
        Some(Self { ir, docs, tests })
    }

    /// The module's parts that each parse on their own: its helpers, then one part per test.
    pub(crate) fn part_count(&self) -> usize {
        1 + self.tests.len()
    }

    /// Part `index`, in the order [`Self::part_count`] counts.
    pub(crate) fn part(&self, index: usize) -> Part {
        TEMPLATES.with(|t| {
            let Some(i) = index.checked_sub(1) else {
                return Part::Tree(t.helpers.copy());
            };
            let (name, examples) = &self.tests[i];
            let checks = examples
                .iter()
                .map(|e| {
                    let ty = spell(self.ir, &e.ty, Module::default());
                    let source = literal(Literal::string(&e.source.to_string()));
                    let json = literal(Literal::string(&e.json));
                    Fill::new()
                        .ty("__Type", &ty)
                        .expr("__source", &source)
                        .expr("__json", &json)
                        .apply(&t.check)
                })
                .collect();
            let mut test = Fill::new()
                .ident("__test", &ident(name))
                .stmts("__checks", checks)
                .apply(&t.test);
            if examples.iter().any(|e| self.ir.mentions_deprecated(&e.ty)) {
                test.attrs.push(t.allow_deprecated.copy());
            }
            Part::from_items(vec![syn::Item::Fn(test)])
        })
    }
    /// The module's docs, and the imports of the std names its parts use.
    pub(crate) fn head(&self, used: NameSet) -> Part {
        let docs = &self.docs;
        let imports = imports(Module::default(), used, &[]);
        Part::Tokens(quote! {
            #( #![doc = #docs] )*

            #imports
        })
    }
}
