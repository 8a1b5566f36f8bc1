//! Load: the spec text (YAML or JSON) into a document tree, with the OpenAPI version checked.

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Location};
use crate::limits::{self, Limits};
use crate::parts;
use crate::pointer::Pointer;
use crate::tree::{self, Tree};

/// The OpenAPI versions the generator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpecVersion {
    V3_0,
    V3_1,
}

/// A loaded spec: its tree (map keys in document order) and version.
#[derive(Clone, Debug)]
pub struct Document {
    pub root: Value,
    pub version: SpecVersion,
}

/// Parses `text` and checks that it is an OpenAPI 3.0 or 3.1 document.
pub fn load(text: &str) -> Result<Document, Diagnostic> {
    Document::from_tree(parse_tree(text, "the spec")?)
}

impl Document {
    /// Checks that a parsed tree is an OpenAPI 3.0 or 3.1 document.
    pub fn from_tree(root: Value) -> Result<Self, Diagnostic> {
        let version = spec_version(&root)?;
        Ok(Self { root, version })
    }
}

/// Parses YAML or JSON text into a tree, within the [`limits`]; `what` names the document in
/// messages ("the spec"). A key written twice in a map is a warning pushed onto `warnings`.
/// JSON is parsed by a JSON parser (much faster on large specs); anything else as YAML.
pub fn parse_tree_reporting(
    text: &str,
    what: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Value, Diagnostic> {
    parse_tree_within(text, what, &Limits::default(), warnings)
}

/// [`parse_tree_reporting`] with `limits` for the limits a caller may raise.
pub fn parse_tree_within(
    text: &str,
    what: &str,
    limits: &Limits,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Value, Diagnostic> {
    let tree = parse(text, what, limits)?;
    warnings.extend(tree.duplicate_keys.into_iter().map(|at| {
        let key = at.last().unwrap_or_default().into_owned();
        Diagnostic::warning(
            at,
            format!("the key `{key}` is written twice in this map: the later value is used"),
        )
    }));
    Ok(tree.root)
}

/// [`parse_tree_reporting`], leaving out the warnings.
pub fn parse_tree(text: &str, what: &str) -> Result<Value, Diagnostic> {
    parse(text, what, &Limits::default()).map(|tree| tree.root)
}

/// From this size on, JSON text is parsed in parts on two threads ([`parts`]), or else checked
/// against the limits while it is parsed.
const LARGE_JSON_BYTES: usize = 1 << 20;

fn parse(text: &str, what: &str, within: &Limits) -> Result<Tree, Diagnostic> {
    let large_json = text.len() >= LARGE_JSON_BYTES && limits::looks_like_json(text);
    if large_json && text.len() <= within.max_input_bytes {
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Some(root) = parts::parse(body) {
            return Ok(Tree {
                root,
                duplicate_keys: Vec::new(),
            });
        }
    }
    if large_json {
        // JSON's limits are its size and depth, and serde_json stops at a depth of its own, so
        // the parse cannot run away while the check runs beside it. The check's error wins.
        let (checked, parsed) = std::thread::scope(|scope| {
            let check = scope.spawn(|| limits::check_within(text, what, within));
            let parsed = parse_within_limits(text, what);
            (check.join(), parsed)
        });
        match checked {
            Ok(checked) => checked?,
            // A panic of the generator's; pass it on.
            Err(panic) => std::panic::resume_unwind(panic),
        }
        return parsed;
    }
    limits::check_within(text, what, within)?;
    parse_within_limits(text, what)
}

/// Parses text that [`limits::check`] passes.
fn parse_within_limits(text: &str, what: &str) -> Result<Tree, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if limits::looks_like_json(text) {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let parsed = tree::build(&mut deserializer).and_then(|tree| {
            deserializer.end()?;
            Ok(tree)
        });
        match parsed {
            Ok(tree) => return Ok(tree),
            // A float beyond `f64` (`1e400`) stops serde_json; YAML, which JSON is a subset
            // of, reads it (as text).
            Err(e) if e.to_string().starts_with("number out of range") => {}
            Err(e) => {
                let location = Location {
                    line: e.line(),
                    column: e.column(),
                };
                return Err(Diagnostic::error(
                    Pointer::root(),
                    format!("{what} is not valid JSON: {e}"),
                )
                .at(location));
            }
        }
    }
    tree::build(yaml_serde::Deserializer::from_str(text)).map_err(|e| {
        // The event walk of `limits` stops at the first syntax error saphyr sees, which can come
        // before libyaml meets its own limits; such errors still name ours.
        let message = e.to_string();
        let message = if message.starts_with("recursion limit exceeded") {
            format!(
                "{what} nests collections more than {} levels deep, the limit",
                limits::MAX_DEPTH
            )
        } else if message.starts_with("repetition limit exceeded") {
            format!(
                "{what}'s YAML aliases expand to more than {} nodes, the limit (an alias bomb?)",
                limits::MAX_ALIAS_NODES
            )
        } else {
            format!("{what} is not valid YAML: {message}")
        };
        let diagnostic = Diagnostic::error(Pointer::root(), message);
        match e.location() {
            Some(l) => diagnostic.at(Location {
                line: l.line(),
                column: l.column(),
            }),
            None => diagnostic,
        }
    })
}

fn spec_version(root: &Value) -> Result<SpecVersion, Diagnostic> {
    let Value::Object(map) = root else {
        return Err(Diagnostic::error(
            Pointer::root(),
            "the spec must be a mapping with an `openapi` field",
        ));
    };
    if let Some(swagger) = map.get("swagger") {
        return Err(Diagnostic::error(
            Pointer::root().join("swagger"),
            format!(
                "Swagger {} is not supported: convert the document to OpenAPI 3.0 or 3.1 first",
                scalar_text(swagger)
            ),
        ));
    }
    let pointer = Pointer::root().join("openapi");
    let Some(version) = map.get("openapi") else {
        return Err(Diagnostic::error(
            Pointer::root(),
            "the spec has no `openapi` field naming its version",
        ));
    };
    let text = scalar_text(version);
    if text.starts_with("3.0") {
        Ok(SpecVersion::V3_0)
    } else if text.starts_with("3.1") {
        Ok(SpecVersion::V3_1)
    } else {
        Err(Diagnostic::error(
            pointer,
            format!("OpenAPI {text} is not supported: the generator reads 3.0 and 3.1"),
        ))
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_yaml_with_numeric_keys_in_order() {
        let doc = load("openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        200: {}\n        404: {}\n").unwrap();
        assert_eq!(doc.version, SpecVersion::V3_1);
        let responses = &doc.root["paths"]["/a"]["get"]["responses"];
        let keys: Vec<_> = responses.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["200", "404"]);
    }

    #[test]
    fn reads_json() {
        let doc = load(r#"{"openapi": "3.0.3", "paths": {}}"#).unwrap();
        assert_eq!(doc.version, SpecVersion::V3_0);
    }

    #[test]
    fn large_json_parsed_in_parts_keeps_the_limits_and_reports_what_the_whole_parse_does() {
        let padding = "x".repeat(LARGE_JSON_BYTES);
        let text = format!(r#"{{"openapi": "3.0.3", "x": "{padding}", "paths": {{"/a": {{}}}}}}"#);
        assert!(parts::parse(&text).is_some());
        assert_eq!(
            load(&text).unwrap().root["paths"],
            serde_json::json!({"/a": {}})
        );
        // Deeper than the limit, not than serde_json's own: the limit still refuses it.
        let deep = format!("{}{}", "[".repeat(110), "]".repeat(110));
        let text = format!(r#"{{"openapi": "3.0.3", "x": "{padding}", "d": {deep}}}"#);
        let error = load(&text).unwrap_err();
        assert!(error.message.contains("more than 100 levels"), "{error}");
        // A key written twice is still a located warning; a syntax error a located error.
        let text = format!("{{\"openapi\": \"3.0.3\", \"x\": \"{padding}\",\n \"x\": 1}}");
        let mut warnings = Vec::new();
        parse_tree_reporting(&text, "the spec", &mut warnings).unwrap();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer.to_string(), "#/x");
        let text = format!("{{\"openapi\": \"3.0.3\", \"x\": \"{padding}\",\n\n \"y\": tru}}");
        let error = load(&text).unwrap_err();
        assert_eq!(error.location.map(|l| l.line), Some(3), "{error}");
    }

    #[test]
    fn large_json_is_checked_beside_its_parse_and_the_check_speaks_first() {
        let padding = "x".repeat(LARGE_JSON_BYTES);
        let doc = load(&format!(
            r#"{{"openapi": "3.0.3", "paths": {{}}, "x": "{padding}"}}"#
        ));
        assert_eq!(doc.unwrap().version, SpecVersion::V3_0);
        // Deeper than the limit and than serde_json's own: both fail, and the limit is named.
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let text = format!(r#"{{"openapi": "3.0.3", "x": "{padding}", "d": {deep}}}"#);
        let error = load(&text).unwrap_err();
        assert!(error.message.contains("more than 100 levels"), "{error}");
        assert!(error.location.is_some());
    }

    #[test]
    fn rejects_swagger_2() {
        let err = load("swagger: '2.0'\ninfo: {}\n").unwrap_err();
        assert!(
            err.message.contains("Swagger 2.0 is not supported"),
            "{err}"
        );
        assert_eq!(err.pointer.to_string(), "#/swagger");
    }

    #[test]
    fn rejects_unknown_versions_and_non_documents() {
        assert!(
            load("openapi: 4.0.0\n")
                .unwrap_err()
                .message
                .contains("4.0.0")
        );
        assert!(
            load("- a\n- b\n")
                .unwrap_err()
                .message
                .contains("`openapi`")
        );
        assert!(
            load("info: {}\n")
                .unwrap_err()
                .message
                .contains("no `openapi`")
        );
    }

    #[test]
    fn the_parsers_own_limits_are_named_as_ours() {
        // saphyr stops on this before the depth walk sees 100 levels; libyaml then meets its
        // recursion limit.
        let error = load(&format!("openapi: 3.1.0\nx: {}\n", "[".repeat(5000))).unwrap_err();
        assert!(
            error
                .message
                .contains("more than 100 levels deep, the limit"),
            "{error}"
        );
        assert!(error.location.is_some());
    }

    #[test]
    fn numbers_of_any_size_load() {
        let yaml = "openapi: 3.1.0\nx:\n  minimum: -9223372036854776000\n  maximum: 18446744073709552000\n  big: 1e400\n";
        let doc = load(yaml).unwrap();
        assert_eq!(
            doc.root["x"]["minimum"].as_f64(),
            Some(-9.223_372_036_854_776e18)
        );
        assert_eq!(
            doc.root["x"]["maximum"].as_f64(),
            Some(1.844_674_407_370_955_2e19)
        );
        assert_eq!(doc.root["x"]["big"], "1e400");
        let json = r#"{"openapi": "3.0.3", "x": {"minimum": -9223372036854776000, "big": 1e400, "small": -1e-400}}"#;
        let doc = load(json).unwrap();
        assert_eq!(
            doc.root["x"]["minimum"].as_f64(),
            Some(-9.223_372_036_854_776e18)
        );
        assert_eq!(doc.root["x"]["big"], "1e400");
        assert_eq!(doc.root["x"]["small"].as_f64(), Some(-0.0));
    }

    #[test]
    fn byte_order_marks_and_crlf_line_ends_load() {
        let doc = load("\u{feff}openapi: 3.1.0\r\ninfo:\r\n  title: t\r\n").unwrap();
        assert_eq!(doc.root["info"]["title"], "t");
        let doc = load("\u{feff}{\"openapi\": \"3.0.0\"}\r\n").unwrap();
        assert_eq!(doc.version, SpecVersion::V3_0);
    }

    #[test]
    fn duplicate_keys_are_warnings_and_the_later_wins() {
        let mut warnings = Vec::new();
        let text = "openapi: 3.1.0\ninfo:\n  title: a\n  title: b\n";
        let root = parse_tree_reporting(text, "the spec", &mut warnings).unwrap();
        assert_eq!(root["info"]["title"], "b");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer.to_string(), "#/info/title");
        assert!(
            warnings[0].message.contains("`title` is written twice"),
            "{}",
            warnings[0]
        );
    }

    #[test]
    fn broken_yaml_has_a_position() {
        let err = load("openapi: 3.1.0\npaths: [\n").unwrap_err();
        assert!(err.location.is_some(), "{err}");
        let err = load("{\"openapi\": 3,,}").unwrap_err();
        assert_eq!(err.location.map(|l| l.line), Some(1));
    }
}
