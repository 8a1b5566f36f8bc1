//! The document tree a parser builds: any JSON or YAML value as a [`serde_json::Value`], with map
//! keys in document order, as lenient as the tools spec authors use.
//!
//! `serde_json::Value`'s own `Deserialize` refuses integers outside `i64`/`u64` (YAML gives them
//! as 128-bit integers) and silently keeps the last of two equal keys. Real specs have both: a
//! `minimum: -9223372036854776000` written by a JSON encoder that rounded `i64::MIN`, and a key
//! written twice by hand. This builder keeps such integers as `f64` (they are bounds and
//! examples, read only for docs), and reports each key written twice, where it stands, keeping
//! the later value as YAML 1.1 parsers and JSON.parse do.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use crate::pointer::Pointer;

/// A parsed tree and what the parse noticed on the way.
#[derive(Debug)]
pub struct Tree {
    pub root: Value,
    /// Every key that a map holds twice: the pointer of the later one.
    pub duplicate_keys: Vec<Pointer>,
}

/// Builds the tree of one document from `deserializer`.
pub fn build<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Tree, D::Error> {
    let mut state = State::default();
    let root = NodeSeed(&mut state).deserialize(deserializer)?;
    let duplicate_keys = state
        .duplicates
        .into_iter()
        .map(|reversed| {
            reversed
                .iter()
                .rev()
                .fold(Pointer::root(), |pointer, token| pointer.join(token))
        })
        .collect();
    Ok(Tree {
        root,
        duplicate_keys,
    })
}

#[derive(Default)]
struct State {
    /// The path of each duplicate key, last token first. The path is completed as the parse
    /// returns through each enclosing collection: keeping the whole path of every node as it is
    /// parsed would cost an allocation per key.
    duplicates: Vec<Vec<String>>,
    /// The entries read so far of the maps being parsed, innermost last. A map is built once
    /// all of its entries are read, at its exact size: a map grown key by key holds room for
    /// three entries when it has one, and most objects of a spec have one or two.
    entries: Vec<PendingEntry>,
    /// The items read so far of the sequences being parsed, innermost last, for the same reason.
    items: Vec<Value>,
}

struct PendingEntry {
    key: String,
    value: Value,
    /// How many duplicates were found up to and within this entry: where its own, if its key
    /// is a duplicate, goes among them.
    duplicates_before: usize,
}

impl State {
    /// Adds `token` in front of the paths of the duplicates found since `since`: they were
    /// found inside the child at `token`.
    fn prefix_since(&mut self, since: usize, token: impl FnOnce() -> String) {
        if self.duplicates.len() > since {
            let token = token();
            for path in &mut self.duplicates[since..] {
                path.push(token.clone());
            }
        }
    }
}

struct NodeSeed<'s>(&'s mut State);

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(NodeVisitor(self.0))
    }
}

struct NodeVisitor<'s>(&'s mut State);

impl<'de> Visitor<'de> for NodeVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON or YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(match i64::try_from(v) {
            Ok(v) => Value::Number(v.into()),
            // Exact where it matters (a bound or an example), shown in docs only.
            #[allow(clippy::cast_precision_loss)]
            Err(_) => float(v as f64, || v.to_string()),
        })
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(match u64::try_from(v) {
            Ok(v) => Value::Number(v.into()),
            #[allow(clippy::cast_precision_loss)]
            Err(_) => float(v as f64, || v.to_string()),
        })
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v, || v.to_string()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        NodeSeed(self.0).deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let state = self.0;
        let start = state.items.len();
        loop {
            let since = state.duplicates.len();
            let Some(item) = seq.next_element_seed(NodeSeed(state))? else {
                break;
            };
            let index = state.items.len() - start;
            state.prefix_since(since, || index.to_string());
            state.items.push(item);
        }
        Ok(Value::Array(state.items.drain(start..).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let state = self.0;
        let start = state.entries.len();
        while let Some(key) = access.next_key::<String>()? {
            let since = state.duplicates.len();
            let value = access.next_value_seed(NodeSeed(state))?;
            state.prefix_since(since, || key.clone());
            state.entries.push(PendingEntry {
                key,
                value,
                duplicates_before: state.duplicates.len(),
            });
        }
        let mut map = Map::with_capacity(state.entries.len() - start);
        // This map's own duplicates go among those found inside its values in document order.
        let mut own_duplicates = 0;
        for pending in state.entries.drain(start..) {
            match map.entry(pending.key) {
                Entry::Vacant(entry) => {
                    entry.insert(pending.value);
                }
                Entry::Occupied(mut entry) => {
                    state.duplicates.insert(
                        pending.duplicates_before + own_duplicates,
                        vec![entry.key().clone()],
                    );
                    own_duplicates += 1;
                    entry.insert(pending.value);
                }
            }
        }
        Ok(Value::Object(map))
    }
}

/// A float as a JSON number; one JSON cannot hold (infinite, or not a number) as its text.
fn float(v: f64, text: impl FnOnce() -> String) -> Value {
    Number::from_f64(v).map_or_else(|| Value::String(text()), Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn yaml(text: &str) -> Tree {
        build(yaml_serde::Deserializer::from_str(text)).unwrap()
    }

    fn json(text: &str) -> Tree {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let tree = build(&mut deserializer).unwrap();
        deserializer.end().unwrap();
        tree
    }

    #[test]
    fn integers_beyond_64_bits_are_kept_as_floats() {
        let tree = yaml(
            "a: -9223372036854776000\nb: 18446744073709552000\nc: 123456789012345678901234567890\nd: 7\n",
        );
        assert_eq!(tree.root["a"], json!(-9.223_372_036_854_776e18));
        assert_eq!(tree.root["b"], json!(1.844_674_407_370_955_2e19));
        assert_eq!(tree.root["c"], json!(1.234_567_890_123_456_8e29));
        assert_eq!(tree.root["d"], json!(7));
        assert!(tree.root["d"].is_u64());
    }

    #[test]
    fn the_same_tree_as_serde_json_builds() {
        let text = r#"{"a": [1, -2, 3.5, "x", null, true, {"b": {}}], "c": {"d": []}}"#;
        let tree = json(text);
        assert_eq!(tree.root, serde_json::from_str::<Value>(text).unwrap());
        let keys: Vec<_> = tree.root.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["a", "c"]);
        assert!(tree.duplicate_keys.is_empty());
    }

    fn duplicates(tree: &Tree) -> Vec<String> {
        tree.duplicate_keys
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn duplicate_keys_are_reported_where_they_stand_and_the_later_wins() {
        let tree = yaml("a: 1\nb:\n  - x: 1\n  - {y: 1, y: 2}\na: 3\nc: {d: {e: 1, e: 2}}\n");
        assert_eq!(tree.root["a"], json!(3));
        assert_eq!(tree.root["b"][1]["y"], json!(2));
        assert_eq!(duplicates(&tree), ["#/b/1/y", "#/a", "#/c/d/e"]);
        let tree = json(r#"{"p": {"a~b/c": 1, "a~b/c": 2}}"#);
        assert_eq!(tree.duplicate_keys[0].to_string(), "#/p/a~0b~1c");
    }

    #[test]
    fn a_duplicate_keeps_its_first_place_and_follows_those_inside_earlier_values() {
        let tree =
            json(r#"{"a": {"x": 1, "x": 2, "y": 3}, "b": 4, "a": 5, "c": {"z": 6, "z": 7}}"#);
        let keys: Vec<&str> = tree
            .root
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["a", "b", "c"]);
        assert_eq!(tree.root["a"], json!(5));
        assert_eq!(duplicates(&tree), ["#/a/x", "#/a", "#/c/z"]);
    }

    #[test]
    fn sequences_are_built_at_their_exact_size() {
        let tree = json(r#"{"a": [1, [2, 3, 4, 5, 6], {"b": [7]}], "c": []}"#);
        let outer = tree.root["a"].as_array().unwrap();
        assert_eq!((outer.len(), outer.capacity()), (3, 3));
        let inner = outer[1].as_array().unwrap();
        assert_eq!((inner.len(), inner.capacity()), (5, 5));
        assert_eq!(tree.root["a"][2]["b"], json!([7]));
        assert_eq!(tree.root["c"], json!([]));
    }
}
