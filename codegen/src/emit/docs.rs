//! Doc comments from spec text. The text is Markdown written for people, so it is made safe for
//! rustdoc: it can never leave the comment (each line is a string literal of a `#[doc]`
//! attribute), and none of its code blocks can run as a doctest.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::Docs;

/// Info strings that make rustdoc compile or run a code block.
const RUST_FENCE_WORDS: &[&str] = &[
    "rust",
    "should_panic",
    "no_run",
    "compile_fail",
    "test_harness",
    "standalone_crate",
    "edition2015",
    "edition2018",
    "edition2021",
    "edition2024",
];

/// One `#[doc = …]` attribute per line.
///
/// Each line is written as a raw string literal (`r"…"`, with as many `#` as it needs), which
/// prints the same doc comment as an escaped one but costs nothing to escape here, nor to
/// unescape when the formatter reads the line back; doc text is a quarter of a large crate.
pub(crate) fn doc_attrs<S: AsRef<str>>(lines: impl IntoIterator<Item = S>) -> TokenStream {
    let lines = lines.into_iter().map(|line| doc_literal(line.as_ref()));
    quote! { #( #[doc = #lines] )* }
}

/// [`doc_attrs`] as syntax trees, for items built without parsing.
pub(crate) fn doc_attr_trees<S: AsRef<str>>(
    lines: impl IntoIterator<Item = S>,
) -> Vec<syn::Attribute> {
    lines
        .into_iter()
        .map(|line| syn::Attribute {
            pound_token: Default::default(),
            style: syn::AttrStyle::Outer,
            bracket_token: Default::default(),
            meta: syn::Meta::NameValue(syn::MetaNameValue {
                path: syn::Path::from(proc_macro2::Ident::new(
                    "doc",
                    proc_macro2::Span::call_site(),
                )),
                eq_token: Default::default(),
                value: syn::Expr::Lit(syn::ExprLit {
                    attrs: Vec::new(),
                    lit: syn::Lit::new(doc_literal(line.as_ref())),
                }),
            }),
        })
        .collect()
}

/// One doc line as a raw string literal, or an escaped one where a raw string cannot hold it.
fn doc_literal(line: &str) -> Literal {
    // A raw string may hold anything but a carriage return; such a line is escaped instead.
    if line.contains('\r') {
        return Literal::string(line);
    }
    let mut hashes = String::new();
    while line.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{line}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(line))
}

/// The doc comment's lines, each with the leading space that `///` comments carry.
pub(crate) fn doc_lines(docs: &Docs) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    let description = docs.description.as_deref().map(str::trim);
    if let Some(title) = &docs.title {
        if description.is_none_or(|d| !d.starts_with(title.trim())) {
            paragraphs.push(title.trim().to_owned());
        }
    }
    if let Some(description) = description {
        paragraphs.push(safe_markdown(description));
    }
    if docs.deprecated {
        paragraphs.push("**Deprecated** by the API.".to_owned());
    }
    if !docs.allowed_values.is_empty() {
        let values: Vec<String> = docs.allowed_values.iter().map(|v| inline_code(v)).collect();
        paragraphs.push(format!("Allowed values: {}", values.join(", ")));
    }
    if let Some(default) = &docs.default {
        paragraphs.push(format!("Default: {}", inline_code(default)));
    }
    match docs.examples.as_slice() {
        [] => {}
        [one] => paragraphs.push(format!("Example: {}", inline_code(one))),
        many => {
            let items: Vec<String> = many
                .iter()
                .map(|e| format!("- {}", inline_code(e)))
                .collect();
            paragraphs.push(format!("Examples:\n{}", items.join("\n")));
        }
    }
    paragraphs
        .join("\n\n")
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// Rewrites code blocks so that rustdoc treats them as plain text: fences that rustdoc would
/// compile get the `text` info string, and indented code blocks become `text` fences.
pub(crate) fn safe_markdown(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    let mut indented = false;
    let mut previous_blank = true;
    for line in text.lines() {
        if let Some(marker) = &fence {
            if line.trim_start().starts_with(marker.as_str()) {
                fence = None;
            }
            out.push(line.to_owned());
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if indent < 4 {
            if let Some(marker) = fence_marker(trimmed) {
                if indented {
                    out.push("```".to_owned());
                    indented = false;
                }
                let info = trimmed[marker.len()..].trim();
                let info = if is_rust_info(info) { "text" } else { info };
                out.push(format!("{}{marker}{info}", &line[..indent]));
                fence = Some(marker);
                previous_blank = false;
                continue;
            }
        }
        let is_blank = trimmed.is_empty();
        if indented && !is_blank && indent < 4 {
            close_indented_block(&mut out);
            indented = false;
        }
        if !indented && indent >= 4 && !is_blank && previous_blank {
            out.push("```text".to_owned());
            indented = true;
        }
        if indented {
            out.push(line.get(4..).unwrap_or_default().to_owned());
        } else {
            out.push(line.to_owned());
        }
        previous_blank = is_blank;
    }
    if indented {
        close_indented_block(&mut out);
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    out.join("\n")
}

/// Closes a `text` fence opened for an indented block, before the blank lines that ended it.
fn close_indented_block(out: &mut Vec<String>) {
    let mut blanks = 0;
    while out.last().is_some_and(String::is_empty) {
        out.pop();
        blanks += 1;
    }
    out.push("```".to_owned());
    out.extend(std::iter::repeat_n(String::new(), blanks));
}

/// The run of three or more backticks or tildes that opens a fence, if the line opens one.
fn fence_marker(trimmed: &str) -> Option<String> {
    let first = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let run = trimmed.chars().take_while(|c| *c == first).count();
    (run >= 3).then(|| first.to_string().repeat(run))
}

fn is_rust_info(info: &str) -> bool {
    info.is_empty()
        || info
            .split(|c: char| c == ',' || c.is_whitespace())
            .any(|word| RUST_FENCE_WORDS.contains(&word) || word.starts_with("ignore"))
}

/// `text` as inline code, with a backtick run longer than any inside it.
fn inline_code(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    let pad = if longest > 0 { " " } else { "" };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_read_back_as_written_whatever_they_hold() {
        let lines = [
            " plain",
            " \"quoted\"",
            " r#\"raw\"#, \"##\" and \\ backslashes",
            " a carriage\rreturn",
            " ünïcode, \t tab, \u{0} nul",
            "",
        ];
        let attrs = doc_attrs(lines);
        let file: syn::File = syn::parse2(quote! { #attrs struct S; }).unwrap();
        let syn::Item::Struct(item) = &file.items[0] else {
            panic!("not a struct");
        };
        let read: Vec<String> = item
            .attrs
            .iter()
            .map(|attr| match &attr.meta {
                syn::Meta::NameValue(syn::MetaNameValue {
                    value:
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(text),
                            ..
                        }),
                    ..
                }) => text.value(),
                _ => panic!("not a doc string"),
            })
            .collect();
        assert_eq!(read, lines);
    }

    #[test]
    fn rust_fences_become_text() {
        let text = "Use:\n```\nfn main() {}\n```\nand\n```rust,no_run\nx\n```\n```json\n{}\n```";
        let safe = safe_markdown(text);
        assert_eq!(
            safe,
            "Use:\n```text\nfn main() {}\n```\nand\n```text\nx\n```\n```json\n{}\n```"
        );
    }

    #[test]
    fn indented_code_becomes_a_text_fence() {
        let safe = safe_markdown("Run this:\n\n    panic!()\n    more\n\nDone.");
        assert_eq!(safe, "Run this:\n\n```text\npanic!()\nmore\n```\n\nDone.");
    }

    #[test]
    fn unclosed_fences_are_closed() {
        assert_eq!(safe_markdown("~~~~\nx"), "~~~~text\nx\n~~~~");
    }

    #[test]
    fn comment_terminators_stay_inside_literals() {
        let docs = Docs {
            description: Some("*/ fn evil() {} /* \n#[doc = \"x\"]".to_owned()),
            ..Docs::default()
        };
        let tokens = doc_attrs(doc_lines(&docs));
        let item: syn::ItemStruct = syn::parse2(quote! { #tokens struct S; }).unwrap();
        assert_eq!(item.attrs.len(), 2);
    }

    #[test]
    fn examples_defaults_and_deprecation() {
        let docs = Docs {
            title: Some("Phase".to_owned()),
            description: Some("Phase of the task".to_owned()),
            deprecated: true,
            examples: vec!["\"a`b\"".to_owned()],
            default: Some("{}".to_owned()),
            allowed_values: vec!["1".to_owned(), "\"two\"".to_owned()],
        };
        assert_eq!(
            doc_lines(&docs),
            [
                " Phase of the task",
                "",
                " **Deprecated** by the API.",
                "",
                " Allowed values: `1`, `\"two\"`",
                "",
                " Default: `{}`",
                "",
                " Example: `` \"a`b\" ``",
            ]
        );
    }
}
