//! A large JSON spec parsed in parts on two threads.
//!
//! Parsing is the one stage before resolution, and on a 13 MB spec it is a tenth of the run.
//! JSON's structure can be found far faster than it can be parsed: one pass that counts
//! brackets and skips strings with `memchr` finds the root's members, and the members of its
//! large members (`paths`, `components`). Those parts are parsed independently, half of their
//! bytes on each thread, and the tree is put together in document order.
//!
//! The same pass measures the nesting depth, so [`limits::check`]'s own pass is needed only
//! when the depth is over the limit (for its error). Anything out of the ordinary (a syntax
//! error, a key written twice, a root that is not an object) gives up the split: the caller
//! parses the whole text as one, which reports it as usual.

use serde_json::{Map, Value};

use crate::limits::{self, string_end};
use crate::tree;

/// A member of the root whose value is an object is parsed member by member from this share
/// of the text on (an eighth): small members are not worth a part each.
const SPLIT_SHARE: usize = 8;

/// One member of an object, with its value's text.
struct Member<'t> {
    key: String,
    value: &'t str,
    /// For a member of the root whose value is an object: that object's members.
    members: Option<Vec<Member<'t>>>,
}

/// The tree of `text`, a JSON object, parsed in parts on two threads; `None` where the text
/// must be parsed as a whole instead (see the module's docs). `text` starts after any BOM.
pub(crate) fn parse(text: &str) -> Option<Value> {
    let (mut root, depth) = scan(text)?;
    if depth > limits::MAX_DEPTH {
        return None;
    }
    // Only large members are parsed member by member.
    let large = text.len() / SPLIT_SHARE;
    for member in &mut root {
        if member.value.len() < large {
            member.members = None;
        }
    }
    let mut parts: Vec<&str> = Vec::new();
    for member in &root {
        match &member.members {
            Some(members) => parts.extend(members.iter().map(|m| m.value)),
            None => parts.push(member.value),
        }
    }
    // The parts, largest first, each given to the thread with fewer bytes so far.
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(parts[i].len()));
    let (mut mine, mut theirs) = (Vec::new(), Vec::new());
    let (mut my_bytes, mut their_bytes) = (0, 0);
    for i in order {
        if my_bytes <= their_bytes {
            my_bytes += parts[i].len();
            mine.push(i);
        } else {
            their_bytes += parts[i].len();
            theirs.push(i);
        }
    }
    let parse_all = |indices: Vec<usize>| -> Option<Vec<(usize, Value)>> {
        indices
            .into_iter()
            .map(|i| parse_part(parts[i]).map(|value| (i, value)))
            .collect()
    };
    let (mine, theirs) = std::thread::scope(|scope| {
        let theirs = scope.spawn(|| parse_all(theirs));
        let mine = parse_all(mine);
        (mine, theirs.join())
    });
    let theirs = match theirs {
        Ok(theirs) => theirs?,
        // A panic of the generator's; pass it on.
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let mut values: Vec<Option<Value>> = (0..parts.len()).map(|_| None).collect();
    for (i, value) in mine?.into_iter().chain(theirs) {
        values[i] = Some(value);
    }
    let mut values = values.into_iter();
    let mut map = Map::with_capacity(root.len());
    for member in root {
        let value = match member.members {
            Some(members) => {
                let mut inner = Map::with_capacity(members.len());
                for m in members {
                    if inner.insert(m.key, values.next()??).is_some() {
                        return None;
                    }
                }
                Value::Object(inner)
            }
            None => values.next()??,
        };
        if map.insert(member.key, value).is_some() {
            return None;
        }
    }
    Some(Value::Object(map))
}

/// One part's tree; `None` if it does not parse or has a key written twice (the whole parse
/// reports either where it is).
fn parse_part(text: &str) -> Option<Value> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let tree = tree::build(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    tree.duplicate_keys.is_empty().then_some(tree.root)
}

/// The root object's members (and those of its members that are objects), and the deepest
/// nesting of collections in the text.
fn scan(text: &str) -> Option<(Vec<Member<'_>>, usize)> {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    scanner.skip_space();
    let root = scanner.object(true)?;
    scanner.skip_space();
    (scanner.at == text.len()).then_some((root, scanner.depth))
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    /// The deepest nesting seen so far.
    depth: usize,
}

impl<'t> Scanner<'t> {
    fn skip_space(&mut self) {
        while matches!(self.bytes.get(self.at), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_space();
        (self.bytes.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    /// The members of the object at the cursor (the root's when `root`), the cursor past it.
    fn object(&mut self, root: bool) -> Option<Vec<Member<'t>>> {
        self.expect(b'{')?;
        self.depth = self.depth.max(if root { 1 } else { 2 });
        let mut members = Vec::new();
        self.skip_space();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Some(members);
        }
        loop {
            self.skip_space();
            let key = self.key()?;
            self.expect(b':')?;
            self.skip_space();
            let start = self.at;
            let inner = if root && self.bytes.get(self.at) == Some(&b'{') {
                Some(self.object(false)?)
            } else {
                self.value(if root { 1 } else { 2 })?;
                None
            };
            members.push(Member {
                key,
                value: &self.text[start..self.at],
                members: inner,
            });
            self.skip_space();
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Some(members);
                }
                _ => return None,
            }
        }
    }

    /// The key at the cursor, decoded; the cursor past it.
    fn key(&mut self) -> Option<String> {
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        let end = string_end(self.bytes, self.at + 1);
        if end >= self.bytes.len() {
            return None;
        }
        let raw = &self.text[self.at..=end];
        self.at = end + 1;
        if raw.contains('\\') {
            serde_json::from_str(raw).ok()
        } else {
            Some(raw[1..raw.len() - 1].to_owned())
        }
    }

    /// Moves the cursor past the value at it, found within `outer` open collections.
    fn value(&mut self, outer: usize) -> Option<()> {
        match *self.bytes.get(self.at)? {
            b'{' | b'[' => {
                let mut depth = 0usize;
                while let Some(&byte) = self.bytes.get(self.at) {
                    match byte {
                        b'"' => self.at = string_end(self.bytes, self.at + 1),
                        b'{' | b'[' => {
                            depth += 1;
                            self.depth = self.depth.max(outer + depth);
                        }
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
                None
            }
            b'"' => {
                let end = string_end(self.bytes, self.at + 1);
                self.at = end + 1;
                (end < self.bytes.len()).then_some(())
            }
            _ => {
                let start = self.at;
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| !b" \t\r\n,}]".contains(b))
                {
                    self.at += 1;
                }
                (self.at > start).then_some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The tree the whole parse gives.
    fn whole(text: &str) -> Value {
        crate::load::parse_tree(text, "the spec").unwrap()
    }

    fn large_spec() -> String {
        crate::stages::synthetic_spec(400)
    }

    #[test]
    fn gives_the_tree_the_whole_parse_gives_in_the_same_order() {
        let text = large_spec();
        let parts = parse(&text).expect("a well-formed spec is split");
        assert_eq!(parts, whole(&text));
        let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
        assert_eq!(keys(&parts), keys(&whole(&text)));
        assert_eq!(
            keys(&parts["components"]["schemas"]),
            keys(&whole(&text)["components"]["schemas"])
        );
        assert_eq!(keys(&parts["paths"]), keys(&whole(&text)["paths"]));
    }

    #[test]
    fn reads_escaped_keys_and_values_of_every_kind() {
        let text = r#" {"a\"b": {"c\\d": [1, {"e": "}]"}], "f": null}, "g": -1.5e3, "h": "x\"{",
            "i": true, "j": {}, "k": []} "#;
        assert_eq!(parse(text), Some(whole(text)));
        assert_eq!(parse(text).unwrap()["a\"b"]["c\\d"][1]["e"], json!("}]"));
    }

    #[test]
    fn measures_the_depth_and_leaves_too_deep_text_to_the_whole_parse() {
        let deep = |levels: usize| {
            format!(
                r#"{{"a": {{"b": {}1{}}}}}"#,
                "[".repeat(levels),
                "]".repeat(levels)
            )
        };
        assert_eq!(scan(&deep(3)).unwrap().1, 5);
        assert!(parse(&deep(limits::MAX_DEPTH - 2)).is_some());
        assert!(parse(&deep(limits::MAX_DEPTH - 1)).is_none());
    }

    #[test]
    fn leaves_anything_out_of_the_ordinary_to_the_whole_parse() {
        for text in [
            r#"{"a": 1, "a": 2}"#,
            r#"{"a": {"b": 1, "b": 2}}"#,
            r#"{"a": {"b": {"c": 1, "c": 2}}}"#,
            r#"{"a": [1, 2}"#,
            r#"{"a": 1,}"#,
            r#"{"a": 1} x"#,
            r#"{"a": tru}"#,
            r#"{"a" 1}"#,
            r#"[1, 2]"#,
            r#"{"a": "unclosed}"#,
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
