//! The limits on input that keep every run bounded in time, stack and memory, checked on the text
//! before it is parsed into a tree.
//!
//! The parsers have limits of their own (serde_json and yaml_serde stop at 128 levels of nesting;
//! yaml_serde stops after 100 alias expansions per event), but their errors do not say which
//! limit was met, and yaml_serde's alias limit still lets a small document expand to a tree many
//! times its size. These checks come first and name the limit.
//!
//! Two limits are the size of real specs rather than of hostile ones, so a caller can raise
//! them ([`Limits`], `Options::limits`; `--max-input-size` and `--max-nodes` of `cargo xtask
//! codegen` and `corpus`), and each error that names one says how: the bytes of a document
//! (Microsoft Graph's beta description is 47 MB), and the nodes of the files that references
//! name. Depth and alias expansion are never a real spec's problem and stay fixed.

use saphyr_parser::{Event, Parser};

use crate::diagnostics::{Diagnostic, Location};
use crate::pointer::Pointer;

/// The largest document read by default, in bytes. GitHub's spec is 13 MB; Microsoft Graph's
/// beta description, 47 MB, needs the limit raised.
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// The most nodes (values of every kind) that the files references name may hold together, by
/// default.
pub const MAX_NODES: usize = 5_000_000;

/// The flag of `cargo xtask codegen` and `corpus` that raises [`Limits::max_input_bytes`].
pub const MAX_INPUT_SIZE_FLAG: &str = "--max-input-size";

/// The flag of `cargo xtask codegen` and `corpus` that raises [`Limits::max_nodes`].
pub const MAX_NODES_FLAG: &str = "--max-nodes";

/// The limits a caller may raise, for specs larger than the defaults allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest document read (the spec, or a file that references name), in bytes; the
    /// files that references name may hold four times as much together. (Overlays, written by
    /// hand, keep the default.)
    pub max_input_bytes: usize,
    /// The most nodes the files that references name may hold together.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_input_bytes: MAX_INPUT_BYTES,
            max_nodes: MAX_NODES,
        }
    }
}

impl Limits {
    /// The most bytes the files that references name may hold together.
    pub fn max_bundled_bytes(&self) -> usize {
        self.max_input_bytes.saturating_mul(4)
    }

    /// The input size limit of `mib` MiB, as [`MAX_INPUT_SIZE_FLAG`] gives it.
    pub fn with_max_input_mib(self, mib: usize) -> Self {
        Self {
            max_input_bytes: mib.saturating_mul(1024 * 1024),
            ..self
        }
    }
}

/// `33554432 bytes (32 MiB)`.
pub fn bytes_and_mib(bytes: usize) -> String {
    let mib = bytes as f64 / (1024.0 * 1024.0);
    if bytes % (1024 * 1024) == 0 {
        format!("{bytes} bytes ({mib:.0} MiB)")
    } else {
        format!("{bytes} bytes ({mib:.1} MiB)")
    }
}

/// What to tell the user about the input size limit: the flag that raises it.
pub fn raise_input_size() -> String {
    format!("`{MAX_INPUT_SIZE_FLAG} MIB` (`Limits::max_input_bytes`) raises it")
}

/// What to tell the user about the node limit: the flag that raises it.
pub fn raise_nodes() -> String {
    format!("`{MAX_NODES_FLAG} N` (`Limits::max_nodes`) raises it")
}

/// How deeply collections may nest (after YAML aliases are expanded); below the parsers' own
/// limit of 128, so that this limit's error is the one reported.
pub const MAX_DEPTH: usize = 100;

/// How many nodes YAML aliases may add to a document in all (a "billion laughs" document adds
/// billions).
pub const MAX_ALIAS_NODES: usize = 1_000_000;

/// Checks `text` against every limit, at their defaults; `what` names the document in
/// messages ("the spec").
pub fn check(text: &str, what: &str) -> Result<(), Diagnostic> {
    check_within(text, what, &Limits::default())
}

/// Checks `text` against every limit, with `limits` for those a caller may raise.
pub fn check_within(text: &str, what: &str, limits: &Limits) -> Result<(), Diagnostic> {
    if text.len() > limits.max_input_bytes {
        return Err(Diagnostic::error(
            Pointer::root(),
            format!(
                "{what} is {} bytes, over the limit of {}; {}",
                text.len(),
                bytes_and_mib(limits.max_input_bytes),
                raise_input_size()
            ),
        ));
    }
    if looks_like_json(text) {
        check_json_depth(text, what)
    } else {
        check_yaml(text, what)
    }
}

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be opened or read.
    Io(std::io::Error),
    /// The file is longer than the limit, this many bytes.
    TooLarge { limit: usize },
    /// The file holds bytes that are not UTF-8, first at this line and column (in bytes).
    NotUtf8 { line: usize, column: usize },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(e) => write!(f, "{e}"),
            Self::TooLarge { limit } => write!(
                f,
                "it is over the limit of {}; {}",
                bytes_and_mib(*limit),
                raise_input_size()
            ),
            Self::NotUtf8 { line, column } => write!(
                f,
                "it is not UTF-8 text: the first invalid byte is at {line}:{column}"
            ),
        }
    }
}

/// Reads a file as UTF-8 text, never more than [`MAX_INPUT_BYTES`] of it (a path such as
/// `/dev/zero` never ends).
pub fn read_text(path: &std::path::Path) -> Result<String, ReadError> {
    read_text_within(path, MAX_INPUT_BYTES)
}

/// Reads a file as UTF-8 text, never more than `max_bytes` of it.
pub fn read_text_within(path: &std::path::Path, max_bytes: usize) -> Result<String, ReadError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // Sized once from the file's length (within the limit), rather than grown by doubling,
    // which copies a large spec a few times over; a file that grows meanwhile still reads.
    let size = file
        .metadata()
        .map_or(0, |m| m.len())
        .min(max_bytes as u64 + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    file.take(max_bytes as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() > max_bytes {
        return Err(ReadError::TooLarge { limit: max_bytes });
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        ReadError::NotUtf8 {
            line,
            column: valid.len() - line_start + 1,
        }
    })
}

/// Whether the loader reads `text` as JSON rather than YAML.
pub(crate) fn looks_like_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

fn too_deep(what: &str, location: Location) -> Diagnostic {
    Diagnostic::error(
        Pointer::root(),
        format!("{what} nests collections more than {MAX_DEPTH} levels deep, the limit"),
    )
    .at(location)
}

/// Counts brackets outside strings; the JSON parser reports any other syntax error itself.
/// Works on bytes: every character that matters is ASCII, and no byte of a multi-byte UTF-8
/// character is. Strings are skipped with `memchr`, as most of a spec's text is in them.
fn check_json_depth(text: &str, what: &str) -> Result<(), Diagnostic> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'"' => at = string_end(bytes, at + 1),
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(what, location_of(text, at)));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at += 1;
    }
    Ok(())
}

/// The offset of the quote closing the string whose contents start at `from` (the text's
/// length if it is never closed).
pub(crate) fn string_end(bytes: &[u8], mut from: usize) -> usize {
    while let Some(found) = memchr::memchr2(b'"', b'\\', &bytes[from.min(bytes.len())..]) {
        let at = from + found;
        if bytes[at] == b'"' {
            return at;
        }
        // A backslash escapes the byte after it, which may be a quote or a backslash.
        from = at + 2;
    }
    bytes.len()
}

/// The line and column (both from 1, the column in characters) of the byte at `offset`.
fn location_of(text: &str, offset: usize) -> Location {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Location {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

/// What an anchored node expands to wherever an alias names it.
#[derive(Clone, Copy, Default)]
struct Expansion {
    /// Nodes, itself included.
    nodes: usize,
    /// Levels of collections, itself included (0 for a scalar).
    height: usize,
}

struct Open {
    anchor: usize,
    depth: usize,
    nodes: usize,
    height: usize,
}

/// Walks the YAML event stream once, without building a tree, measuring nesting and what each
/// alias expands to. A syntax error ends the walk: the YAML parser reports it with its position.
fn check_yaml(text: &str, what: &str) -> Result<(), Diagnostic> {
    let mut anchors: Vec<Expansion> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut alias_nodes = 0usize;
    for next in Parser::new_from_str(text) {
        let Ok((event, span)) = next else {
            return Ok(());
        };
        let location = Location {
            line: span.start.line(),
            column: span.start.col() + 1,
        };
        let depth = open.last().map_or(0, |o| o.depth);
        let finished = match event {
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                if depth + 1 > MAX_DEPTH {
                    return Err(too_deep(what, location));
                }
                open.push(Open {
                    anchor,
                    depth: depth + 1,
                    nodes: 1,
                    height: 1,
                });
                None
            }
            Event::MappingEnd | Event::SequenceEnd => open.pop().map(|o| {
                let expansion = Expansion {
                    nodes: o.nodes,
                    height: o.height,
                };
                remember(&mut anchors, o.anchor, expansion);
                expansion
            }),
            Event::Scalar(_, _, anchor, _) => {
                let expansion = Expansion {
                    nodes: 1,
                    height: 0,
                };
                remember(&mut anchors, anchor, expansion);
                Some(expansion)
            }
            Event::Alias(id) => {
                let expansion = anchors.get(id).copied().unwrap_or_default();
                alias_nodes = alias_nodes.saturating_add(expansion.nodes);
                if alias_nodes > MAX_ALIAS_NODES {
                    return Err(Diagnostic::error(
                        Pointer::root(),
                        format!(
                            "{what}'s YAML aliases expand to more than {MAX_ALIAS_NODES} nodes, \
                             the limit (an alias bomb?)"
                        ),
                    )
                    .at(location));
                }
                if depth + expansion.height > MAX_DEPTH {
                    return Err(too_deep(what, location));
                }
                Some(expansion)
            }
            Event::DocumentEnd => break,
            _ => None,
        };
        if let (Some(child), Some(parent)) = (finished, open.last_mut()) {
            parent.nodes = parent.nodes.saturating_add(child.nodes);
            parent.height = parent.height.max(child.height + 1);
        }
    }
    Ok(())
}

/// Anchor ids count up from 1 in document order; 0 means no anchor.
fn remember(anchors: &mut Vec<Expansion>, anchor: usize, expansion: Expansion) {
    if anchor == 0 {
        return;
    }
    if anchors.len() <= anchor {
        anchors.resize(anchor + 1, Expansion::default());
    }
    anchors[anchor] = expansion;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        check(text, "the spec").unwrap_err().message
    }

    #[test]
    fn ordinary_documents_pass() {
        check(include_str!("../../spec/livepeer.yaml"), "the spec").unwrap();
        check(r#"{"a": [1, {"b": "[[[{{{"}]}"#, "the spec").unwrap();
        check("a: &x [1, 2]\nb: *x\nc: *x\n", "the spec").unwrap();
    }

    #[test]
    fn deep_json_is_refused_at_the_bracket_over_the_limit() {
        let text = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        check(&format!("{{\"a\": {text}}}"), "the spec").unwrap_err();
        let ok = format!("{{\"a\": {}{}}}", "[".repeat(99), "]".repeat(99));
        check(&ok, "the spec").unwrap();
        let error = check(&format!("{{\"a\": {text}}}"), "the spec").unwrap_err();
        assert!(error.message.contains("more than 100 levels"), "{error}");
        assert_eq!(
            error.location,
            Some(Location {
                line: 1,
                column: 106
            })
        );
    }

    #[test]
    fn json_depth_skips_strings_escapes_and_counts_columns_in_characters() {
        let deep = "[".repeat(MAX_DEPTH + 1);
        // Brackets inside strings, escaped quotes and backslashes do not count.
        let strings = r#"{"a": "[[[\"[[", "b\\": "\\", "c": ["é{"]}"#;
        check(strings, "the spec").unwrap();
        let text = format!("{{\n  \"é\\\"[\": {deep}");
        let error = check(&text, "the spec").unwrap_err();
        // Line 2: two spaces, the six characters of the key, `: `, then the brackets; with the
        // opening brace, the 100th bracket is the 101st level, at 2 + 6 + 2 + 100.
        assert_eq!(
            error.location,
            Some(Location {
                line: 2,
                column: 110
            })
        );
        // An unclosed string ends the scan without error: the parser reports it.
        check(&format!("{{\"a\": \"{deep}"), "the spec").unwrap();
    }

    #[test]
    fn deep_yaml_is_refused_block_or_flow() {
        let block: String = (0..150)
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect();
        assert!(message(&block).contains("more than 100 levels deep, the limit"));
        let flow = format!("a: {}", "[".repeat(MAX_DEPTH + 1));
        assert!(message(&flow).contains("more than 100 levels"));
    }

    #[test]
    fn aliases_count_towards_depth() {
        let mut text = String::from("a0: &a0 [x]\n");
        for i in 1..60 {
            text.push_str(&format!("a{i}: &a{i} [*a{}]\n", i - 1));
        }
        check(&text, "the spec").unwrap();
        text.push_str("b: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a59]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n");
        assert!(message(&text).contains("more than 100 levels"));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut previous = "a";
        for name in names {
            let refs = vec![format!("*{previous}"); 10].join(", ");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
            previous = name;
        }
        let error = check(&text, "the spec").unwrap_err();
        assert!(
            error
                .message
                .contains("aliases expand to more than 1000000 nodes"),
            "{error}"
        );
        assert!(error.location.is_some());
    }

    #[test]
    fn huge_documents_are_refused_before_parsing_naming_the_flag_that_raises_the_limit() {
        let text = " ".repeat(MAX_INPUT_BYTES + 1);
        let message = message(&text);
        assert!(
            message.contains("over the limit of 33554432 bytes (32 MiB)"),
            "{message}"
        );
        assert!(message.contains("`--max-input-size MIB`"), "{message}");
        let raised = Limits::default().with_max_input_mib(33);
        assert_eq!(raised.max_input_bytes, 33 * 1024 * 1024);
        assert_eq!(raised.max_bundled_bytes(), 4 * 33 * 1024 * 1024);
        check_within(&text, "the spec", &raised).unwrap();
        let lower = Limits {
            max_input_bytes: 1000,
            ..Limits::default()
        };
        let error = check_within(&" ".repeat(1001), "the spec", &lower).unwrap_err();
        assert!(
            error
                .message
                .contains("1001 bytes, over the limit of 1000 bytes (0.0 MiB)"),
            "{error}"
        );
    }

    #[test]
    fn syntax_errors_are_left_to_the_parser() {
        check("a: [\n", "the spec").unwrap();
        check("{\"a\": ", "the spec").unwrap();
    }

    #[test]
    fn files_are_read_within_the_limit_and_non_utf8_is_located() {
        let dir = std::env::temp_dir().join(format!("codegen-limits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.yaml");
        std::fs::write(&path, b"openapi: 3.1.0\ninfo: {title: \"caf\xe9\"}\n").unwrap();
        let error = read_text(&path).unwrap_err();
        assert!(
            matches!(
                error,
                ReadError::NotUtf8 {
                    line: 2,
                    column: 19
                }
            ),
            "{error}"
        );
        assert!(error.to_string().contains("not UTF-8 text"));
        std::fs::write(&path, "a: 1\n").unwrap();
        assert_eq!(read_text(&path).unwrap(), "a: 1\n");
        #[cfg(unix)]
        assert!(matches!(
            read_text(std::path::Path::new("/dev/zero")),
            Err(ReadError::TooLarge {
                limit: MAX_INPUT_BYTES
            })
        ));
        std::fs::write(&path, "a: 12345\n").unwrap();
        let error = read_text_within(&path, 4).unwrap_err();
        assert!(matches!(error, ReadError::TooLarge { limit: 4 }));
        assert!(error.to_string().contains("--max-input-size"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
