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
    // Several diagnostics may concern the same node.
    let mut wanted: HashMap<&[String], Vec<usize>> = HashMap::new();
    for (i, pointer) in pointers.iter().enumerate() {
        wanted.entry(pointer.tokens()).or_default().push(i);
    }
    let mut parser = Parser::new_from_str(text);
    let mut walk = Walk::default();
    while !wanted.is_empty() && !walk.finished() {
        let Some(Ok((event, span))) = parser.next() else {
            break;
        };
        walk.step(&event, |path| {
            if let Some(indices) = wanted.remove(path) {
                // saphyr counts lines from 1 but columns from 0.
                let location = Location {
                    line: span.start.line(),
                    column: span.start.col() + 1,
                };
                for i in indices {
                    found[i] = Some(location);
                }
            }
        });
    }
    found
}

/// One pointer.
pub fn locate(text: &str, pointer: &Pointer) -> Option<Location> {
    locate_all(text, &[pointer]).pop().flatten()
}

/// The parser's position in the document tree. It lives on the heap, so deep nesting cannot
/// overflow the call stack.
#[derive(Default)]
struct Walk {
    /// The open collections, outermost first.
    open: Vec<Collection>,
    /// For each open collection, the token of the child being read.
    path: Vec<String>,
    /// Whether the root node has begun.
    started: bool,
}

struct Collection {
    /// Nothing inside a mapping key can be designated by a pointer.
    reachable: bool,
    state: State,
}

enum State {
    Sequence {
        next: usize,
    },
    MappingKey,
    /// A value can be designated only by the text of a scalar key.
    MappingValue {
        scalar_key: bool,
    },
}

impl Walk {
    /// Whether the first document's root node has ended.
    fn finished(&self) -> bool {
        self.started && self.open.is_empty()
    }

    /// Takes the next event, calling `visit` with the path of the node it starts if a pointer can
    /// designate that node.
    fn step(&mut self, event: &Event, visit: impl FnOnce(&[String])) {
        let state = match event {
            Event::Scalar(..) | Event::Alias(_) => None,
            Event::MappingStart(..) => Some(State::MappingKey),
            Event::SequenceStart(..) => Some(State::Sequence { next: 0 }),
            Event::MappingEnd | Event::SequenceEnd => {
                self.open.pop();
                self.path.pop();
                return;
            }
            _ => return,
        };
        self.started = true;
        let reachable = match (self.open.last_mut(), self.path.last_mut()) {
            (Some(parent), Some(token)) => match parent.state {
                State::Sequence { ref mut next } => {
                    *token = next.to_string();
                    *next += 1;
                    parent.reachable
                }
                State::MappingKey => {
                    let scalar_key = match event {
                        Event::Scalar(key, ..) => {
                            token.clear();
                            token.push_str(key);
                            true
                        }
                        _ => false,
                    };
                    parent.state = State::MappingValue { scalar_key };
                    false
                }
                State::MappingValue { scalar_key } => {
                    parent.state = State::MappingKey;
                    parent.reachable && scalar_key
                }
            },
            _ => true,
        };
        if reachable {
            visit(&self.path);
        }
        if let Some(state) = state {
            self.open.push(Collection { reachable, state });
            self.path.push(String::new());
        }
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
        assert_eq!(at(BLOCK, "#/tags/1/list/0/1"), Some((12, 12)));
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
        assert_eq!(at(text, "#/x/y"), Some((3, 8)));
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
        let text = "[".repeat(100_000);
        assert_eq!(at(&text, "#/0/0"), Some((1, 3)));
        assert_eq!(at(&text, "#/1"), None);
    }

    #[test]
    fn finds_a_node_in_the_livepeer_spec() {
        let spec = include_str!("../../spec/livepeer.yaml");
        let pointer =
            "#/components/schemas/task/properties/params/properties/upload/properties/encryption";
        assert_eq!(at(spec, pointer), Some((160, 29)));
    }
}
