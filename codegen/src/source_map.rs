//! Where nodes of the spec start in its text, for diagnostics.
//!
//! The loaded document keeps no positions, so when diagnostics are printed the text is read again
//! as a YAML event stream (JSON is YAML too), following the path of every node until each
//! requested pointer has been seen.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

use crate::diagnostics::Location;
use crate::pointer::Pointer;

/// Where each pointer's node starts in `text`, in the order given; `None` where the pointer designates no node or the text does not parse.
///
/// On a syntax error, nodes met before the error keep their location. Only the first document of a
/// stream is searched, and aliases are not followed.
pub fn locate_all(text: &str, pointers: &[&Pointer]) -> Vec<Option<Location>> {
    let mut found = vec![None; pointers.len()];
    let mut trie = Trie::new(pointers);
    let mut parser = Parser::new_from_str(text);
    let mut walk = Walk::default();
    while trie.unfound > 0 && !walk.finished() {
        let Some(Ok((event, span))) = parser.next() else {
            break;
        };
        if let Some(node) = walk.step(&event, &trie) {
            // saphyr counts lines from 1 but columns from 0.
            let location = Location {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            for i in trie.take(node) {
                found[i] = Some(location);
            }
        }
    }
    found
}

/// One pointer.
pub fn locate(text: &str, pointer: &Pointer) -> Option<Location> {
    locate_all(text, &[pointer]).pop().flatten()
}

/// The requested pointers as a tree of tokens, so that each node of the text is matched by its own
/// token alone rather than by its whole path, which keeps deep nesting linear.
struct Trie<'p> {
    /// `(parent, token)` to child; node 0 is the root.
    children: HashMap<(usize, &'p str), usize>,
    /// For each node, the indices of the pointers that end there.
    ends: Vec<Vec<usize>>,
    /// How many nodes still have pointers ending there.
    unfound: usize,
}

impl<'p> Trie<'p> {
    const ROOT: usize = 0;

    fn new(pointers: &[&'p Pointer]) -> Self {
        let mut trie = Self {
            children: HashMap::new(),
            ends: vec![Vec::new()],
            unfound: 0,
        };
        for (i, pointer) in pointers.iter().enumerate() {
            let mut node = Self::ROOT;
            for token in pointer.tokens() {
                let fresh = trie.ends.len();
                node = *trie.children.entry((node, token)).or_insert(fresh);
                if node == fresh {
                    trie.ends.push(Vec::new());
                }
            }
            // Several diagnostics may concern the same node.
            if trie.ends[node].is_empty() {
                trie.unfound += 1;
            }
            trie.ends[node].push(i);
        }
        trie
    }

    fn child(&self, node: usize, token: &str) -> Option<usize> {
        self.children.get(&(node, token)).copied()
    }

    /// The pointers ending at `node`, which is thereby found.
    fn take(&mut self, node: usize) -> Vec<usize> {
        let ends = std::mem::take(&mut self.ends[node]);
        if !ends.is_empty() {
            self.unfound -= 1;
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
    fn step(&mut self, event: &Event, trie: &Trie) -> Option<usize> {
        let state = match event {
            Event::Scalar(..) | Event::Alias(_) => None,
            Event::MappingStart(..) => Some(State::MappingKey),
            Event::SequenceStart(..) => Some(State::Sequence { next: 0 }),
            Event::MappingEnd | Event::SequenceEnd => {
                self.open.pop();
                return None;
            }
            _ => return None,
        };
        self.started = true;
        let node = match self.open.last_mut() {
            None => Some(Trie::ROOT),
            Some(parent) => match parent.state {
                State::Sequence { ref mut next } => {
                    let index = *next;
                    *next += 1;
                    parent.node.and_then(|n| trie.child(n, &index.to_string()))
                }
                State::MappingKey => {
                    // Only a scalar key has text a pointer token can name.
                    let value = match event {
                        Event::Scalar(key, ..) => parent.node.and_then(|n| trie.child(n, key)),
                        _ => None,
                    };
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn finds_nodes_in_json() {
        let json = r#"{"a": {"b": [1, 2]}, "/c~": "x"}"#;
        assert_eq!(at(json, "#"), Some((1, 1)));
        assert_eq!(at(json, "#/a"), Some((1, 7)));
        assert_eq!(at(json, "#/a/b/1"), Some((1, 17)));
        assert_eq!(at(json, "#/~1c~0"), Some((1, 29)));
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
