//! Where nodes of the spec start in its text, for diagnostics.
//!
//! The loaded document keeps no positions, so when diagnostics are printed the text is read again
//! as a stream of events, following the path of every node until each requested pointer has been
//! seen. JSON text (what the loader parses as JSON) is read by a small scanner of its own; YAML by
//! saphyr's event parser, which reads JSON too but takes ten times as long on a large spec.

use std::borrow::Cow;

use saphyr_parser::{Event, Parser};

use crate::diagnostics::Location;
use crate::hashing::HashMap;
use crate::limits::string_end;
use crate::pointer::Pointer;

/// Where each pointer's node starts in `text`, in the order given; `None` where the pointer designates no node or the text does not parse.
///
/// On a syntax error, nodes met before the error keep their location. Only the first document of a
/// stream is searched, and aliases are not followed.
pub fn locate_all(text: &str, pointers: &[&Pointer]) -> Vec<Option<Location>> {
    locate_all_as(text, pointers, text.trim_start().starts_with('{'))
}

/// [`locate_all`], reading the text with the JSON scanner or with saphyr.
fn locate_all_as(text: &str, pointers: &[&Pointer], json: bool) -> Vec<Option<Location>> {
    let mut found = vec![None; pointers.len()];
    let mut trie = Trie::new(pointers);
    if trie.unfound == 0 {
        return found;
    }
    let mut walk = Walk::default();
    let mut visit = |node: Node<'_>, at: &mut dyn FnMut() -> Location| {
        let opens = matches!(node, Node::Mapping | Node::Sequence);
        let place = walk.step(&node, &trie);
        if let Some(place) = place {
            let location = at();
            for i in trie.take(place) {
                found[i] = Some(location);
            }
        }
        if trie.unfound == 0 || walk.finished() {
            Next::Stop
        } else if opens && place.is_none() {
            // No requested pointer goes through this collection.
            Next::SkipContents
        } else {
            Next::Continue
        }
    };
    if json {
        scan_json(text, &mut visit);
    } else {
        let mut parser = Parser::new_from_str(text);
        while let Some(Ok((event, span))) = parser.next() {
            let node = match &event {
                Event::Scalar(value, ..) => Node::Scalar(Some(Cow::Borrowed(value.as_ref()))),
                Event::Alias(_) => Node::Scalar(None),
                Event::MappingStart(..) => Node::Mapping,
                Event::SequenceStart(..) => Node::Sequence,
                Event::MappingEnd | Event::SequenceEnd => Node::End,
                _ => continue,
            };
            // saphyr counts lines from 1 but columns from 0.
            let mut at = || Location {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            if matches!(visit(node, &mut at), Next::Stop) {
                break;
            }
        }
    }
    found
}

/// What the walk wants once it has seen a node.
enum Next {
    Continue,
    /// The node opened a collection in which nothing is looked for: the reader may go
    /// straight to its end (the JSON scanner does), as long as it reports that end.
    SkipContents,
    Stop,
}

/// What the walk needs of an event of either reader.
enum Node<'t> {
    /// A scalar, with its text; an alias has none.
    Scalar(Option<Cow<'t, str>>),
    /// A JSON string with escapes, as written (quotes included): decoded only when it is a key
    /// the walk looks for, as most such strings are descriptions.
    Escaped(&'t str),
    Mapping,
    Sequence,
    /// The end of the innermost open mapping or sequence.
    End,
}

/// Reads JSON text as events, calling `visit` with each and a way to compute where it starts,
/// until `visit` returns false or the text ends. Lenient: the text has already been parsed.
/// Lines are counted as YAML counts them (`\n`, `\r\n` or a lone `\r`), columns in characters.
fn scan_json(text: &str, visit: &mut dyn FnMut(Node<'_>, &mut dyn FnMut() -> Location) -> Next) {
    let bytes = text.as_bytes();
    let mut cursor = Cursor::default();
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    cursor.line_start = i;
    cursor.counted_to = i;
    while i < bytes.len() {
        let start = i;
        let node = match bytes[i] {
            b'\n' => {
                cursor.new_line(i + 1);
                i += 1;
                continue;
            }
            b'\r' => {
                if bytes.get(i + 1) != Some(&b'\n') {
                    cursor.new_line(i + 1);
                }
                i += 1;
                continue;
            }
            b' ' | b'\t' | b',' | b':' => {
                i += 1;
                continue;
            }
            b'{' => {
                i += 1;
                Node::Mapping
            }
            b'[' => {
                i += 1;
                Node::Sequence
            }
            b'}' | b']' => {
                i += 1;
                Node::End
            }
            b'"' => {
                let end = string_end(bytes, i + 1);
                if end >= bytes.len() {
                    return;
                }
                let raw = &text[i + 1..end];
                i = end + 1;
                if memchr::memchr(b'\\', raw.as_bytes()).is_some() {
                    Node::Escaped(&text[start..i])
                } else {
                    Node::Scalar(Some(Cow::Borrowed(raw)))
                }
            }
            _ => {
                while i < bytes.len() && !b" \t\r\n,:]}".contains(&bytes[i]) {
                    i += 1;
                }
                Node::Scalar(Some(Cow::Borrowed(&text[start..i])))
            }
        };
        match visit(node, &mut || cursor.location(text, start)) {
            Next::Continue => {}
            Next::Stop => return,
            Next::SkipContents => {
                let Some(end) = skip_collection(bytes, i, &mut cursor) else {
                    return;
                };
                i = end;
                if matches!(
                    visit(Node::End, &mut || cursor.location(text, end)),
                    Next::Stop
                ) {
                    return;
                }
            }
        }
    }
}

/// The offset just past the bracket that closes the collection whose contents start at `from`,
/// counting the lines on the way; `None` if the text ends first.
fn skip_collection(bytes: &[u8], from: usize, cursor: &mut Cursor) -> Option<usize> {
    let mut depth = 1usize;
    let mut i = from;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'"' => i = string_end(bytes, i + 1),
            b'\n' => cursor.new_line(i + 1),
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => cursor.new_line(i + 1),
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The line being scanned, and how far along it characters have been counted, so that columns
/// cost one pass over each line however many nodes on it are located.
#[derive(Default)]
struct Cursor {
    /// The line number, from 0.
    line: usize,
    line_start: usize,
    counted_to: usize,
    column: usize,
}

impl Cursor {
    fn new_line(&mut self, start: usize) {
        self.line += 1;
        self.line_start = start;
        self.counted_to = start;
        self.column = 0;
    }

    fn location(&mut self, text: &str, at: usize) -> Location {
        self.column += text[self.counted_to..at].chars().count();
        self.counted_to = at;
        Location {
            line: self.line + 1,
            column: self.column + 1,
        }
    }
}

/// One pointer.
pub fn locate(text: &str, pointer: &Pointer) -> Option<Location> {
    locate_all(text, &[pointer]).pop().flatten()
}

/// The requested pointers as a tree of tokens, so that each node of the text is matched by its own
/// token alone rather than by its whole path, which keeps deep nesting linear.
///
/// Kept compact, as a summary asks for tens of thousands of pointers at once: each node's few
/// children are held at their exact number, and the pointers ending at a node are a list threaded
/// through one array rather than a vector each.
struct Trie<'p> {
    /// Each node's children by token; node 0 is the root.
    children: Vec<Children<'p>>,
    /// For each node, the first of the pointers that end there ([`NONE`] if none does).
    first_end: Vec<u32>,
    /// For each pointer, the next pointer that ends at the same node.
    next_end: Vec<u32>,
    /// How many nodes still have pointers ending there.
    unfound: usize,
}

/// No pointer, in [`Trie`]'s lists.
const NONE: u32 = u32::MAX;

/// A node's children. Most nodes have a few, compared in turn (cheaper than hashing the
/// token, and most keys of the text match none); a node with many has a map.
enum Children<'p> {
    Few(Vec<(Cow<'p, str>, usize)>),
    Many(HashMap<Cow<'p, str>, usize>),
}

impl<'p> Children<'p> {
    /// Beyond this many children, a node's are put in a map.
    const FEW: usize = 8;

    fn get(&self, token: &str) -> Option<usize> {
        match self {
            Children::Few(few) => few
                .iter()
                .find(|(t, _)| t == token)
                .map(|&(_, child)| child),
            Children::Many(many) => many.get(token).copied(),
        }
    }

    fn insert(&mut self, token: Cow<'p, str>, child: usize) {
        match self {
            Children::Few(few) if few.len() < Self::FEW => {
                few.reserve_exact(1);
                few.push((token, child));
            }
            Children::Few(few) => {
                let mut many: HashMap<_, _> = few.drain(..).collect();
                many.insert(token, child);
                *self = Children::Many(many);
            }
            Children::Many(many) => {
                many.insert(token, child);
            }
        }
    }
}

impl<'p> Trie<'p> {
    const ROOT: usize = 0;

    fn new(pointers: &[&'p Pointer]) -> Self {
        let mut trie = Self {
            children: vec![Children::Few(Vec::new())],
            first_end: vec![NONE],
            next_end: vec![NONE; pointers.len()],
            unfound: 0,
        };
        for (i, pointer) in pointers.iter().enumerate() {
            let mut node = Self::ROOT;
            for token in pointer.tokens() {
                node = match trie.children[node].get(&token) {
                    Some(child) => child,
                    None => {
                        let fresh = trie.first_end.len();
                        trie.children[node].insert(token, fresh);
                        trie.children.push(Children::Few(Vec::new()));
                        trie.first_end.push(NONE);
                        fresh
                    }
                };
            }
            // Several diagnostics may concern the same node.
            if trie.first_end[node] == NONE {
                trie.unfound += 1;
            }
            // More pointers than `u32` counts cannot be held in memory as `Pointer`s.
            trie.next_end[i] = trie.first_end[node];
            trie.first_end[node] = i as u32;
        }
        trie
    }

    fn child(&self, node: usize, token: &str) -> Option<usize> {
        self.children[node].get(token)
    }

    /// The pointers ending at `node`, which is thereby found.
    fn take(&mut self, node: usize) -> Vec<usize> {
        let mut ends = Vec::new();
        let mut end = std::mem::replace(&mut self.first_end[node], NONE);
        if end != NONE {
            self.unfound -= 1;
        }
        while end != NONE {
            ends.push(end as usize);
            end = self.next_end[end as usize];
        }
        ends
    }
}

/// The parser's position in the document tree. It lives on the heap, so deep nesting cannot
/// overflow the call stack.
#[derive(Default)]
struct Walk {
    /// The open collections, outermost first.
    open: Vec<Collection>,
    /// Whether the root node has begun.
    started: bool,
}

struct Collection {
    /// Where the collection lies in the trie; `None` when no requested pointer lies at or below it,
    /// which includes everything inside a mapping key.
    node: Option<usize>,
    state: State,
}

enum State {
    Sequence {
        next: usize,
    },
    MappingKey,
    /// Between a key and its value: the value's place in the trie.
    MappingValue {
        node: Option<usize>,
    },
}

impl Walk {
    /// Whether the first document's root node has ended.
    fn finished(&self) -> bool {
        self.started && self.open.is_empty()
    }

    /// Takes the next event; when it starts a node that lies in the trie, returns its place there.
    fn step(&mut self, event: &Node<'_>, trie: &Trie) -> Option<usize> {
        let state = match event {
            Node::Scalar(_) | Node::Escaped(_) => None,
            Node::Mapping => Some(State::MappingKey),
            Node::Sequence => Some(State::Sequence { next: 0 }),
            Node::End => {
                self.open.pop();
                return None;
            }
        };
        self.started = true;
        let node = match self.open.last_mut() {
            None => Some(Trie::ROOT),
            Some(parent) => match parent.state {
                State::Sequence { ref mut next } => {
                    let index = *next;
                    *next += 1;
                    parent
                        .node
                        .and_then(|n| trie.child(n, decimal(index, &mut [0; 20])))
                }
                State::MappingKey => {
                    // Only a scalar key has text a pointer token can name.
                    let value = parent.node.and_then(|n| match event {
                        Node::Scalar(Some(key)) => trie.child(n, key),
                        Node::Escaped(literal) => serde_json::from_str::<String>(literal)
                            .ok()
                            .and_then(|key| trie.child(n, &key)),
                        _ => None,
                    });
                    parent.state = State::MappingValue { node: value };
                    None
                }
                State::MappingValue { node } => {
                    parent.state = State::MappingKey;
                    node
                }
            },
        };
        if let Some(state) = state {
            self.open.push(Collection { node, state });
        }
        node
    }
}

/// `n` in decimal digits, written into `buffer`: a sequence's index as a pointer token, without
/// an allocation per item.
fn decimal(mut n: usize, buffer: &mut [u8; 20]) -> &str {
    let mut start = buffer.len();
    loop {
        start -= 1;
        // A digit is below 10: the cast keeps it whole.
        buffer[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&buffer[start..]).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_are_written_in_decimal() {
        for n in [0, 7, 10, 1234, usize::MAX] {
            assert_eq!(decimal(n, &mut [0; 20]), n.to_string());
        }
    }

    fn at(text: &str, pointer: &str) -> Option<(usize, usize)> {
        let pointer = Pointer::parse_fragment(pointer).unwrap();
        locate(text, &pointer).map(|l| (l.line, l.column))
    }

    const BLOCK: &str = "\
openapi: 3.0.0
paths:
  /task/{taskId}:
    get:
      responses:
        200:
          description: ok
tags:
  - name: a
  - name: b
    list:
      - [x, y]
      -
        deep: true
";

    #[test]
    fn finds_nodes_in_block_yaml() {
        assert_eq!(at(BLOCK, "#"), Some((1, 1)));
        assert_eq!(at(BLOCK, "#/paths"), Some((3, 3)));
        assert_eq!(at(BLOCK, "#/tags"), Some((9, 3)));
        assert_eq!(at(BLOCK, "#/tags/0"), Some((9, 5)));
        assert_eq!(at(BLOCK, "#/tags/1/list/0/1"), Some((12, 13)));
        assert_eq!(at(BLOCK, "#/tags/1/list/1/deep"), Some((14, 15)));
    }

    #[test]
    fn points_at_a_scalar_value_not_its_key() {
        assert_eq!(at(BLOCK, "#/openapi"), Some((1, 10)));
        assert_eq!(at(BLOCK, "#/tags/1/name"), Some((10, 11)));
    }

    #[test]
    fn unescapes_tokens_and_reads_numeric_keys() {
        let pointer = "#/paths/~1task~1{taskId}/get/responses/200/description";
        assert_eq!(at(BLOCK, pointer), Some((7, 24)));
        assert_eq!(at(BLOCK, "#/paths/~1task~1%7BtaskId%7D"), Some((4, 5)));
    }

    #[test]
    fn finds_every_child_of_a_node_with_many() {
        let text: String = (0..20).map(|i| format!("k{i}: {i}\n")).collect();
        let pointers: Vec<Pointer> = (0..20)
            .rev()
            .map(|i| Pointer::root().join(format!("k{i}")))
            .chain([Pointer::root().join("absent")])
            .collect();
        let refs: Vec<&Pointer> = pointers.iter().collect();
        let found = locate_all(&text, &refs);
        for (i, location) in (0..20).rev().zip(&found) {
            assert_eq!(location.map(|l| l.line), Some(i + 1), "k{i}");
        }
        assert_eq!(found[20], None);
    }

    #[test]
    fn reads_keys_with_escapes_in_json_and_skips_values_with_them() {
        let json = "{\"d\": \"x\\ny\", \"k\\u0041\": [\"\\\"\", 5]}";
        assert_eq!(at(json, "#/kA/1"), Some((1, 33)));
        assert_eq!(at(json, "#/d"), Some((1, 7)));
    }

    #[test]
    fn finds_nodes_in_json() {
        let json = r#"{"a": {"b": [1, 2]}, "/c~": "x"}"#;
        assert_eq!(at(json, "#"), Some((1, 1)));
        assert_eq!(at(json, "#/a"), Some((1, 7)));
        assert_eq!(at(json, "#/a/b/1"), Some((1, 17)));
        assert_eq!(at(json, "#/~1c~0"), Some((1, 29)));
    }

    /// Every node of the document, by pointer.
    fn all_pointers(value: &serde_json::Value, at: Pointer, out: &mut Vec<Pointer>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, child) in map {
                    all_pointers(child, at.join(key.as_str()), out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    all_pointers(child, at.join(i.to_string()), out);
                }
            }
            _ => {}
        }
        out.push(at);
    }

    #[test]
    fn the_json_scanner_places_every_node_where_saphyr_does() {
        let json = "\u{feff}{\"a\": {\"b\": [1, -2.5e3, true, null, \"x\"]},\r\n  \"c/\\\"d~\\u00e9\": \"é\",\n\t\"é\": [[], {}, [\"\\\\\"]],\r  \"n\": {\"deep\": {\"er\": [false]}}\n}\n";
        let tree: serde_json::Value =
            serde_json::from_str(json.trim_start_matches('\u{feff}')).unwrap();
        let mut pointers = Vec::new();
        all_pointers(&tree, Pointer::root(), &mut pointers);
        let pointers: Vec<&Pointer> = pointers.iter().collect();
        let scanned = locate_all_as(json, &pointers, true);
        assert_eq!(scanned, locate_all_as(json, &pointers, false));
        assert!(scanned.iter().all(Option::is_some), "{scanned:?}");
        // One at a time, the scanner skips every collection the pointer does not go through,
        // lines and strings with brackets or escapes included.
        for (pointer, location) in pointers.iter().zip(&scanned) {
            assert_eq!(
                locate_all_as(json, &[pointer], true),
                [*location],
                "{pointer}"
            );
        }
    }

    #[test]
    fn finds_nodes_in_a_large_json_spec_as_saphyr_does() {
        let spec = crate::stages::synthetic_spec(3);
        let tree: serde_json::Value = serde_json::from_str(&spec).unwrap();
        let mut pointers = Vec::new();
        all_pointers(&tree, Pointer::root(), &mut pointers);
        let pointers: Vec<&Pointer> = pointers.iter().collect();
        let scanned = locate_all_as(&spec, &pointers, true);
        assert_eq!(scanned, locate_all_as(&spec, &pointers, false));
        // Alone or in pairs far apart, each pointer is placed as among all of them.
        for (i, (pointer, location)) in pointers.iter().zip(&scanned).enumerate() {
            assert_eq!(
                locate_all_as(&spec, &[pointer], true),
                [*location],
                "{pointer}"
            );
            let far = pointers.len() - 1 - i;
            assert_eq!(
                locate_all_as(&spec, &[pointer, pointers[far]], true),
                [*location, scanned[far]],
                "{pointer}"
            );
        }
    }

    #[test]
    fn misses_are_none() {
        assert_eq!(at(BLOCK, "#/nope"), None);
        assert_eq!(at(BLOCK, "#/tags/2"), None);
        assert_eq!(at(BLOCK, "#/tags/name"), None);
        assert_eq!(at(BLOCK, "#/openapi/x"), None);
        assert_eq!(at("", "#"), None);
    }

    #[test]
    fn keeps_order_and_duplicates() {
        let a = Pointer::parse_fragment("#/tags/1").unwrap();
        let missing = Pointer::parse_fragment("#/x").unwrap();
        let root = Pointer::root();
        let found = locate_all(BLOCK, &[&a, &missing, &root, &a]);
        let lines: Vec<_> = found.iter().map(|l| l.map(|l| l.line)).collect();
        assert_eq!(lines, [Some(10), None, Some(1), Some(10)]);
    }

    #[test]
    fn ignores_complex_keys_and_does_not_follow_aliases() {
        let text = "? [a, b]\n: 1\nx: &x {y: 2}\nz: *x\n";
        assert_eq!(at(text, "#/0"), None);
        assert_eq!(at(text, "#/x"), Some((3, 4)));
        assert_eq!(at(text, "#/x/y"), Some((3, 11)));
        assert_eq!(at(text, "#/z"), Some((4, 4)));
        assert_eq!(at(text, "#/z/y"), None);
    }

    #[test]
    fn keeps_what_precedes_a_syntax_error() {
        let text = "a: 1\nb: [\n";
        assert_eq!(at(text, "#/a"), Some((1, 4)));
        assert_eq!(at(text, "#/b/0"), None);
    }

    #[test]
    fn reads_only_the_first_document() {
        let text = "a: 1\n---\nb: 2\n";
        assert_eq!(at(text, "#/b"), None);
    }

    #[test]
    fn survives_deep_nesting() {
        let depth = 5_000;
        let text = format!("{}x", "- ".repeat(depth));
        let pointer = Pointer::parse_fragment(&"/0".repeat(depth)).unwrap();
        let location = locate(&text, &pointer).map(|l| (l.line, l.column));
        assert_eq!(location, Some((1, 2 * depth + 1)));
        // saphyr refuses flow collections nested this deep, before the first node.
        assert_eq!(at(&"[".repeat(depth), "#"), None);
    }

    #[test]
    fn finds_a_node_in_the_livepeer_spec() {
        let spec = include_str!("../../spec/livepeer.yaml");
        let pointer =
            "#/components/schemas/task/properties/params/properties/upload/properties/encryption";
        assert_eq!(at(spec, pointer), Some((160, 29)));
    }
}
