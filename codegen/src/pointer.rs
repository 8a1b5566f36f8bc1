//! JSON pointers (RFC 6901) into the document tree, written in URI-fragment form (`#/a/b`).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, LazyLock};

use serde_json::Value;

use crate::fields::Fields;

/// The location of one node of the document: a sequence of reference tokens from the root.
///
/// Held as its escaped form (`/paths/~1pets/get`) in one shared allocation: the generator
/// keeps tens of thousands of pointers (every schema, property and map key), and copies them
/// freely, so a copy costs nothing and a pointer one allocation of its own length. The escaped
/// form is unique to each token sequence, so equality and hashing work on it directly.
///
/// Its hash is computed once, when it is made: pointers are the keys of the largest maps
/// (schemas, references, types, places), each looked up many times, and hashing tens of bytes
/// on every lookup was a visible part of a large spec's run.
#[derive(Clone)]
pub struct Pointer {
    escaped: Arc<str>,
    /// The escaped form's hash, seeded at random once per process, as the pipeline's maps
    /// are (see [`crate::hashing`]).
    hash: u64,
}

/// The hasher of every pointer's hash.
static POINTER_HASHER: LazyLock<foldhash::fast::RandomState> = LazyLock::new(Default::default);

impl Default for Pointer {
    fn default() -> Self {
        Self::from_escaped(Arc::from(""))
    }
}

thread_local! {
    /// The text of the pointer [`Pointer::join`] is making.
    static JOINED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

impl Pointer {
    fn from_escaped(escaped: Arc<str>) -> Self {
        let hash = POINTER_HASHER.hash_one(&*escaped);
        Self { escaped, hash }
    }

    /// The pointer to the document root (`#`).
    pub fn root() -> Self {
        Self::default()
    }

    /// A pointer one level deeper, at `token` (a map key or an array index).
    pub fn join(&self, token: impl AsRef<str>) -> Self {
        let token = token.as_ref();
        // Written into a buffer kept for the thread: the pointer's text is then allocated once,
        // at its size, rather than built in a string and copied into the `Arc`.
        JOINED.with_borrow_mut(|escaped| {
            escaped.clear();
            escaped.push_str(&self.escaped);
            escaped.push('/');
            if token.contains(['~', '/']) {
                for c in token.chars() {
                    match c {
                        '~' => escaped.push_str("~0"),
                        '/' => escaped.push_str("~1"),
                        c => escaped.push(c),
                    }
                }
            } else {
                escaped.push_str(token);
            }
            Self::from_escaped(Arc::from(escaped.as_str()))
        })
    }

    /// The pointer as [`Display`](fmt::Display) writes it (`#/components/schemas/a~1b`), in
    /// one allocation.
    pub fn to_fragment(&self) -> String {
        let mut fragment = String::with_capacity(self.escaped.len() + 1);
        fragment.push('#');
        fragment.push_str(&self.escaped);
        fragment
    }

    /// The escaped tokens, each after a `/`, as a fragment writes them after its `#`
    /// (`/components/schemas/a~1b`); empty for the root.
    pub fn escaped(&self) -> &str {
        &self.escaped
    }

    /// Whether this pointer is `other` or below it.
    pub fn starts_with(&self, other: &Pointer) -> bool {
        self.escaped.starts_with(&*other.escaped)
            && matches!(
                self.escaped.as_bytes().get(other.escaped.len()),
                None | Some(b'/')
            )
    }

    /// The unescaped reference tokens, root first.
    pub fn tokens(&self) -> impl DoubleEndedIterator<Item = Cow<'_, str>> + '_ {
        self.escaped_tokens().map(unescape)
    }

    /// Whether this is the root's pointer.
    pub fn is_root(&self) -> bool {
        self.escaped.is_empty()
    }

    /// The last token, if this is not the root.
    pub fn last(&self) -> Option<Cow<'_, str>> {
        self.escaped_tokens().next_back().map(unescape)
    }

    /// The pointer one level up, if this is not the root.
    pub fn parent(&self) -> Option<Self> {
        self.up(1)
    }

    /// The pointer `levels` levels up, if this is that deep.
    pub fn up(&self, levels: usize) -> Option<Self> {
        let mut cut = self.escaped.len();
        for _ in 0..levels {
            cut = self.escaped[..cut].rfind('/')?;
        }
        Some(Self::from_escaped(Arc::from(&self.escaped[..cut])))
    }

    /// Parses the fragment of a `$ref` (`#/components/schemas/a~1b`), undoing percent-encoding
    /// and the `~0`/`~1` escapes.
    pub fn parse_fragment(fragment: &str) -> Result<Self, String> {
        let decoded = percent_decode(fragment)?;
        let path = decoded.strip_prefix('#').unwrap_or(&decoded);
        if path.is_empty() {
            return Ok(Self::root());
        }
        let Some(path) = path.strip_prefix('/') else {
            return Err(format!(
                "`{fragment}` is not a JSON pointer: it must start with `#/`"
            ));
        };
        let mut pointer = Self::root();
        for token in path.split('/') {
            pointer = pointer.join(unescape_token(token)?);
        }
        Ok(pointer)
    }

    /// The node this pointer designates in `root`, if there is one.
    pub fn lookup<'a>(&self, root: &'a Value) -> Option<&'a Value> {
        walk(root, self.tokens())
    }

    /// The node this pointer designates, found from `base`'s node `base_node` when this
    /// pointer is below `base` (a walk of the few tokens between them), else from `root`.
    pub fn lookup_from<'a>(
        &self,
        root: &'a Value,
        base: &Pointer,
        base_node: &'a Value,
    ) -> Option<&'a Value> {
        match self.escaped.strip_prefix(&*base.escaped) {
            Some(rest) if rest.starts_with('/') => {
                walk(base_node, rest[1..].split('/').map(unescape))
            }
            _ => self.lookup(root),
        }
    }

    fn escaped_tokens(&self) -> impl DoubleEndedIterator<Item = &str> + '_ {
        // The escaped form starts with `/` unless it is the root's.
        self.escaped
            .strip_prefix('/')
            .into_iter()
            .flat_map(|path| path.split('/'))
    }
}

/// The node reached from `node` by following `tokens`.
fn walk<'a, 't>(
    node: &'a Value,
    mut tokens: impl Iterator<Item = Cow<'t, str>>,
) -> Option<&'a Value> {
    tokens.try_fold(node, |node, token| match node {
        Value::Object(map) => map.field(token.as_ref()),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// An escaped token as written in the pointer, unescaped.
fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

impl PartialEq for Pointer {
    fn eq(&self, other: &Self) -> bool {
        // Most pointers compared are copies of one another.
        self.hash == other.hash
            && (Arc::ptr_eq(&self.escaped, &other.escaped) || self.escaped == other.escaped)
    }
}

impl Eq for Pointer {}

impl Hash for Pointer {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Token by token, as the tokens compare: a pointer comes before those below it.
impl Ord for Pointer {
    fn cmp(&self, other: &Self) -> Ordering {
        self.tokens().cmp(other.tokens())
    }
}

impl PartialOrd for Pointer {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A token of a fragment with `~0` and `~1` undone; any other `~` is an error.
fn unescape_token(token: &str) -> Result<String, String> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c != '~' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('0') => out.push('~'),
            Some('1') => out.push('/'),
            _ => return Err(format!("`{token}` has a `~` that is not `~0` or `~1`")),
        }
    }
    Ok(out)
}

pub(crate) fn percent_decode(text: &str) -> Result<String, String> {
    if !text.contains('%') {
        return Ok(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("`{text}` has a `%` not followed by two hex digits"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("`{text}` does not percent-decode to UTF-8"))
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("#")?;
        f.write_str(&self.escaped)
    }
}

impl fmt::Debug for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lookups_from_a_node_above_match_lookups_from_the_root() {
        let root = json!({
            "a": {"b": {"c/d": [1, {"e": 2}]}, "bc": 3},
            "x": 4
        });
        let base = Pointer::root().join("a").join("b");
        let base_node = base.lookup(&root).unwrap();
        let below = base.join("c/d").join("1").join("e");
        let beside = Pointer::root().join("a").join("bc");
        let elsewhere = Pointer::root().join("x");
        for pointer in [&below, &beside, &elsewhere, &base] {
            assert_eq!(
                pointer.lookup_from(&root, &base, base_node),
                pointer.lookup(&root),
                "{pointer}"
            );
        }
        assert_eq!(below.lookup_from(&root, &base, base_node), Some(&json!(2)));
        assert_eq!(beside.lookup_from(&root, &base, base_node), Some(&json!(3)));
        let missing = base.join("zz");
        assert_eq!(missing.lookup_from(&root, &base, base_node), None);
    }

    #[test]
    fn equal_pointers_hash_alike_however_they_were_made() {
        use std::collections::HashSet;
        let joined = Pointer::root().join("paths").join("/pets").join("get");
        let parsed = Pointer::parse_fragment("#/paths/~1pets/get").unwrap();
        let parent = joined.join("responses").parent().unwrap();
        let hasher = foldhash::fast::RandomState::default();
        assert_eq!(joined, parsed);
        assert_eq!(joined, parent);
        assert_eq!(hasher.hash_one(&joined), hasher.hash_one(&parsed));
        assert_eq!(hasher.hash_one(&joined), hasher.hash_one(&parent));
        assert_ne!(joined, joined.join("x"));
        assert_ne!(
            joined,
            Pointer::root().join("paths").join("~1pets").join("get")
        );
        let set: HashSet<Pointer> = [joined.clone(), parsed, parent, Pointer::root()].into();
        assert_eq!(set.len(), 2);
        assert!(set.contains(&joined) && set.contains(&Pointer::default()));
    }

    #[test]
    fn parses_escapes_and_percent_encoding() {
        let p = Pointer::parse_fragment("#/paths/~1task~1%7BtaskId%7D/a~0b").unwrap();
        assert_eq!(
            p.tokens().collect::<Vec<_>>(),
            ["paths", "/task/{taskId}", "a~b"]
        );
        assert_eq!(p.last().as_deref(), Some("a~b"));
        assert_eq!(p.parent().unwrap().to_string(), "#/paths/~1task~1{taskId}");
        assert_eq!(Pointer::root().parent(), None);
        assert_eq!(Pointer::root().last(), None);
        assert_eq!(p.to_string(), "#/paths/~1task~1{taskId}/a~0b");
    }

    #[test]
    fn joins_escape_and_ancestors_and_fragments_are_exact() {
        let p = Pointer::root()
            .join("paths")
            .join("/task/{taskId}")
            .join("a~b")
            .join("plain");
        assert_eq!(p.escaped(), "/paths/~1task~1{taskId}/a~0b/plain");
        assert_eq!(p.to_fragment(), p.to_string());
        assert_eq!(Pointer::root().to_fragment(), "#");
        assert_eq!(p.up(2).unwrap().to_string(), "#/paths/~1task~1{taskId}");
        assert_eq!(p.up(2), p.parent().and_then(|q| q.parent()));
        assert_eq!(p.up(4), Some(Pointer::root()));
        assert_eq!(p.up(5), None);
        assert_eq!(p.up(0).as_ref(), Some(&p));
        // Joins on one thread reuse its buffer; each pointer keeps its own text.
        let a = p.join("x");
        let b = p.join("y");
        assert_eq!(
            (a.last().as_deref(), b.last().as_deref()),
            (Some("x"), Some("y"))
        );
    }

    #[test]
    fn orders_token_by_token() {
        let p = |tokens: &[&str]| tokens.iter().fold(Pointer::root(), |p, t| p.join(t));
        assert!(p(&["a"]) < p(&["a", "b"]));
        // Escaped, `a!` would sort before `a/c`; as tokens, `a!` comes after `a`.
        assert!(p(&["a", "c"]) < p(&["a!"]));
        assert!(p(&["a~"]) > p(&["a/"]));
        assert!(Pointer::root() < p(&[""]));
        assert_eq!(p(&["a/b"]), Pointer::parse_fragment("#/a~1b").unwrap());
        assert_ne!(p(&["a/b"]), p(&["a", "b"]));
    }

    #[test]
    fn rejects_malformed_fragments() {
        assert!(Pointer::parse_fragment("#components").is_err());
        assert!(Pointer::parse_fragment("#/a~2").is_err());
        assert!(Pointer::parse_fragment("#/a%zz").is_err());
    }

    #[test]
    fn looks_up_objects_and_arrays() {
        let doc = json!({"a": [{"b": 1}], "c/d": 2});
        let p = Pointer::parse_fragment("#/a/0/b").unwrap();
        assert_eq!(p.lookup(&doc), Some(&json!(1)));
        assert_eq!(Pointer::root().join("c/d").lookup(&doc), Some(&json!(2)));
        assert_eq!(Pointer::root().join("a").join("7").lookup(&doc), None);
        assert_eq!(Pointer::root().lookup(&doc), Some(&doc));
    }
}
