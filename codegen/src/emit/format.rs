//! Formatting: each Rust file of the crate, built in parts, printed with `prettyplease` on
//! every core and assembled in order, a blank line between top-level items.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

use crate::emit::names::{self, NameSet};

/// A Rust file of the crate as parts that each parse as a file on their own (one type, one
/// operation), so that the parts can be formatted apart, in parallel, each part's tokens and
/// syntax tree dropped as soon as it is printed; and its head, the module's docs and imports,
/// made last from the std names the parts used. prettyplease prints a file item after item, so
/// the text is the same as the whole file's.
pub(crate) struct RustSource<'a> {
    pub(crate) path: String,
    /// Makes the head, given the std names the parts used.
    pub(crate) head: Box<dyn Fn(NameSet) -> Part + Sync + 'a>,
    pub(crate) parts: usize,
    /// Makes part `i`'s code; called from any formatting thread.
    pub(crate) make: Box<dyn Fn(usize) -> Part + Sync + 'a>,
}

impl<'a> RustSource<'a> {
    /// A file that is all head.
    pub(crate) fn whole(path: &str, make: impl Fn() -> TokenStream + Sync + 'a) -> Self {
        Self {
            path: path.to_owned(),
            head: Box::new(move |_| make().into()),
            parts: 0,
            make: Box::new(|_| Part::Tokens(TokenStream::new())),
        }
    }
}

/// One part's code: tokens for syn to parse, or a syntax tree built without parsing (see
/// [`template`](crate::emit::template)).
#[derive(Clone)]
pub(crate) enum Part {
    Tokens(TokenStream),
    Tree(syn::File),
    /// Code printed already, kept as it is: a `macro_rules!`, whose body prettyplease would
    /// print on long lines.
    Text(&'static str),
    /// The same, made at run time: a macro call printed by hand.
    Printed(String),
    /// Parts printed one after the other: items, then a macro call printed by hand.
    Joined(Vec<Part>),
    /// Items inside a block: `open`, then the items one level in, a blank line between them,
    /// then `close`. Printed code never breaks a line inside a token (literals are escaped,
    /// docs are one attribute a line), so indenting each line keeps its meaning.
    Block {
        open: String,
        items: Box<Part>,
        close: String,
    },
}

impl From<TokenStream> for Part {
    fn from(tokens: TokenStream) -> Self {
        Self::Tokens(tokens)
    }
}

impl Part {
    /// A part of these items.
    pub(crate) fn from_items(items: Vec<syn::Item>) -> Self {
        Self::Tree(syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items,
        })
    }

    /// The printed code, `None` if the tokens do not parse.
    pub(crate) fn print(self) -> Option<String> {
        match self {
            Self::Tokens(tokens) => syn::parse2(tokens)
                .ok()
                .map(|tree| prettyplease::unparse(&tree)),
            Self::Tree(tree) => Some(prettyplease::unparse(&tree)),
            Self::Text(text) => Some(text.to_owned()),
            Self::Printed(text) => Some(text),
            Self::Joined(parts) => parts.into_iter().map(Part::print).collect(),
            Self::Block { open, items, close } => {
                let items = separate_items(&items.print()?);
                let mut out = open;
                for line in items.lines() {
                    if !line.is_empty() {
                        out.push_str("    ");
                        out.push_str(line);
                    }
                    out.push('\n');
                }
                out.push_str(&close);
                Some(out)
            }
        }
    }

    fn into_tokens(self) -> TokenStream {
        match self {
            Self::Tokens(tokens) => tokens,
            Self::Tree(tree) => quote::ToTokens::into_token_stream(tree),
            Self::Text(text) => text.parse().unwrap_or_default(),
            Self::Printed(text) => text.parse().unwrap_or_default(),
            Self::Joined(parts) => parts.into_iter().map(Part::into_tokens).collect(),
            Self::Block { open, items, close } => format!("{open}{}{close}", items.into_tokens())
                .parse()
                .unwrap_or_default(),
        }
    }
}

/// Formats every source, its parts spread over the machine's cores; the result does not
/// depend on how many there are. Printed parts are written into their file in order as soon as
/// the parts before them are, and dropped: a part waits only for slower parts before it. Once
/// every part is written, each file's head is made and put before them. The tokens come from
/// `quote!` over valid identifiers and literals, so they always parse; should a part not parse,
/// its whole file is kept as raw tokens, so that the compiler names the problem.
pub(crate) fn format_sources(header: &str, sources: &[RustSource<'_>]) -> Vec<String> {
    let jobs: Vec<(usize, usize)> = sources
        .iter()
        .enumerate()
        .flat_map(|(file, source)| (0..source.parts).map(move |part| (file, part)))
        .collect();
    let assembly = Mutex::new(Assembly {
        printed: (0..jobs.len()).map(|_| None).collect(),
        written: 0,
        files: sources
            .iter()
            .map(|_| Some(ItemSeparator::new(String::new())))
            .collect(),
        names: vec![NameSet::default(); sources.len()],
    });
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let job = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(file, part)) = jobs.get(job) else {
                return;
            };
            let (code, names) = names::record(|| (sources[file].make)(part));
            let code = code.print();
            // A poisoned lock means another thread panicked; that panic is passed on below.
            let Ok(mut assembly) = assembly.lock() else {
                return;
            };
            assembly.names[file] = assembly.names[file].union(names);
            assembly.printed[job] = Some(code);
            assembly.write_ready(&jobs);
        }
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(jobs.len());
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        work();
        for helper in helpers {
            // A panic in a helper is a panic of the generator; pass it on.
            if let Err(panic) = helper.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    let (files, names) = match assembly.into_inner() {
        Ok(assembly) => (assembly.files, assembly.names),
        Err(poisoned) => {
            let assembly = poisoned.into_inner();
            (assembly.files, assembly.names)
        }
    };
    files
        .into_iter()
        .zip(names)
        .zip(sources)
        .map(|((body, names), source)| {
            let head = (source.head)(names);
            match (head.clone().print(), body) {
                (Some(printed), Some(body)) => {
                    let mut out = ItemSeparator::new(header.to_owned());
                    out.push(&printed);
                    out.join(&body.finish());
                    out.finish()
                }
                _ => {
                    let mut out = header.to_owned();
                    out.push_str(&head.into_tokens().to_string());
                    out.push('\n');
                    for part in 0..source.parts {
                        out.push_str(&(source.make)(part).into_tokens().to_string());
                        out.push('\n');
                    }
                    out
                }
            }
        })
        .collect()
}

/// The files being written: each printed part waits in `printed` until every part before it
/// is written.
struct Assembly {
    /// Per job: not printed yet, or printed (`None` when its tokens did not parse).
    printed: Vec<Option<Option<String>>>,
    /// The jobs written so far.
    written: usize,
    /// Per source; `None` once one of its parts did not parse.
    files: Vec<Option<ItemSeparator>>,
    /// Per source, the std names its parts used.
    names: Vec<NameSet>,
}

impl Assembly {
    fn write_ready(&mut self, jobs: &[(usize, usize)]) {
        while let Some(printed) = self.printed.get_mut(self.written).and_then(Option::take) {
            let file = &mut self.files[jobs[self.written].0];
            match (printed, file.as_mut()) {
                (Some(code), Some(out)) => out.push(&code),
                (None, _) => *file = None,
                (Some(_), None) => {}
            }
            self.written += 1;
        }
    }
}

/// Puts a blank line between top-level items, which prettyplease runs together: after each
/// closing brace, after the module's inner docs, and between one-line items of different kinds.
fn separate_items(code: &str) -> String {
    let mut out = ItemSeparator::new(String::new());
    out.push(code);
    out.finish()
}

/// Writes printed code into one string, a blank line between top-level items (see
/// [`separate_items`]); the code may come in pieces, each dropped once written.
struct ItemSeparator {
    out: String,
    /// The last line written, when it matters: a top-level item's last line.
    previous: Option<String>,
}

impl ItemSeparator {
    fn new(out: String) -> Self {
        Self {
            out,
            previous: None,
        }
    }

    /// Writes `code`, whole lines.
    fn push(&mut self, code: &str) {
        for line in code.lines() {
            if let Some(previous) = &self.previous {
                let top_level = !line.is_empty() && !line.starts_with([' ', '}', ')', ']']);
                // `use`, `mod`, `pub use`, `pub const`…: one-liners of one kind stay together.
                let first_word = |l: &str| {
                    let mut words = l.split_whitespace();
                    match words.next() {
                        Some("pub") => words.next().unwrap_or_default().to_owned(),
                        other => other.unwrap_or_default().to_owned(),
                    }
                };
                let ends_item = previous == "}"
                    || (previous.starts_with("//!") && !line.starts_with("//!"))
                    || (!previous.starts_with([' ', '#', '/'])
                        && previous.ends_with(';')
                        && first_word(previous) != first_word(line));
                if top_level && ends_item {
                    self.out.push('\n');
                }
            }
            self.out.push_str(line);
            self.out.push('\n');
            // Only a line that does not start with a space can end an item.
            match &mut self.previous {
                Some(previous) if !line.starts_with(' ') => {
                    previous.clear();
                    previous.push_str(line);
                }
                Some(previous) => {
                    previous.clear();
                    previous.push(' ');
                }
                None => self.previous = Some(line.to_owned()),
            }
        }
    }

    /// Writes `text`, which a separator of its own wrote: only its first line can need a
    /// blank line before it.
    fn join(&mut self, text: &str) {
        let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
        if !first.is_empty() {
            self.push(first);
        }
        self.out.push_str(rest);
    }

    fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::names::StdName;
    use quote::quote;

    #[test]
    fn items_are_separated_by_blank_lines() {
        let code = "//! Docs.\nuse a;\nuse b;\npub const X: u8 = 1;\n#[derive(Debug)]\npub struct S {\n    a: u8,\n}\nimpl S {}\n";
        assert_eq!(
            separate_items(code),
            "//! Docs.\n\nuse a;\nuse b;\n\npub const X: u8 = 1;\n\n#[derive(Debug)]\npub struct S {\n    a: u8,\n}\n\nimpl S {}\n"
        );
    }

    #[test]
    fn heads_are_made_last_from_the_names_the_parts_used() {
        let source = RustSource {
            path: "src/m.rs".to_owned(),
            head: Box::new(|used| {
                let line = if used.contains(StdName::Value) {
                    quote! { use serde_json::Value; }
                } else {
                    quote! {}
                };
                Part::Tokens(quote! { //! Docs.
                    #line
                })
            }),
            parts: 2,
            make: Box::new(|i| {
                if i == 1 {
                    names::note(NameSet::of([StdName::Value]));
                }
                Part::Tokens(quote! { pub struct S; })
            }),
        };
        assert_eq!(
            format_sources("// header\n", &[source]),
            ["// header\n//! Docs.\n\nuse serde_json::Value;\n\npub struct S;\npub struct S;\n"]
        );
    }

    #[test]
    fn a_block_indents_its_items_and_separates_them() {
        let block = Part::Block {
            open: "gated! {\n    #[cfg(feature = \"a\")]\n\n".to_owned(),
            items: Box::new(Part::Printed(
                "/// S.\npub struct S {\n    a: u8,\n}\nimpl S {}\n".to_owned(),
            )),
            close: "}\n".to_owned(),
        };
        assert_eq!(
            block.print().unwrap(),
            "gated! {\n    #[cfg(feature = \"a\")]\n\n    /// S.\n    pub struct S {\n        a: u8,\n    }\n\n    impl S {}\n}\n"
        );
    }
}
