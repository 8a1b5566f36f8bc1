//! JSON pointers (RFC 6901) into the document tree, written in URI-fragment form (`#/a/b`).

use std::fmt;

use serde_json::Value;

/// The location of one node of the document: a sequence of reference tokens from the root.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer {
    tokens: Vec<String>,
}

impl Pointer {
    /// The pointer to the document root (`#`).
    pub fn root() -> Self {
        Self::default()
    }

    /// A pointer one level deeper, at `token` (a map key or an array index).
    pub fn join(&self, token: impl Into<String>) -> Self {
        let mut tokens = self.tokens.clone();
        tokens.push(token.into());
        Self { tokens }
    }

    /// The unescaped reference tokens, root first.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// The last token, if this is not the root.
    pub fn last(&self) -> Option<&str> {
        self.tokens.last().map(String::as_str)
    }

    /// The pointer one level up, if this is not the root.
    pub fn parent(&self) -> Option<Self> {
        let (_, init) = self.tokens.split_last()?;
        Some(Self {
            tokens: init.to_vec(),
        })
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
        let tokens = path
            .split('/')
            .map(unescape_token)
            .collect::<Result<_, _>>()?;
        Ok(Self { tokens })
    }

    /// The node this pointer designates in `root`, if there is one.
    pub fn lookup<'a>(&self, root: &'a Value) -> Option<&'a Value> {
        self.tokens.iter().try_fold(root, |node, token| match node {
            Value::Object(map) => map.get(token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
    }
}

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

fn percent_decode(text: &str) -> Result<String, String> {
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
        for token in &self.tokens {
            f.write_str("/")?;
            f.write_str(&token.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
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
    fn parses_escapes_and_percent_encoding() {
        let p = Pointer::parse_fragment("#/paths/~1task~1%7BtaskId%7D/a~0b").unwrap();
        assert_eq!(p.tokens(), ["paths", "/task/{taskId}", "a~b"]);
        assert_eq!(p.to_string(), "#/paths/~1task~1{taskId}/a~0b");
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
