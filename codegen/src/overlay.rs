//! Overlays: documents in the OpenAPI Overlay Specification 1.0 that change the spec's tree before
//! any other stage reads it, so that a published spec can be repaired without editing it.
//!
//! Each action selects nodes with an RFC 9535 JSONPath `target`. With `remove: true` they are
//! taken out of their parent. Otherwise `update` is merged into each: into an object, its keys
//! are merged recursively (objects into objects, anything else replaced, new keys appended); onto
//! an array, it is appended as one more item. A target that selects nothing is a warning, since
//! the spec has moved on from what the overlay expects.
//!
//! Diagnostics about an overlay name its file, and their pointers and lines are into it.

use serde_json::{Map, Value};
use serde_json_path::{JsonPath, PathElement};

use crate::diagnostics::Diagnostic;
use crate::limits::{MAX_ALIAS_NODES, MAX_DEPTH};
use crate::load::parse_tree;
use crate::pointer::Pointer;
use crate::source_map;

/// The longest `target` read; JSONPath parsing recurses on nested filters.
const MAX_TARGET_CHARS: usize = 1000;

/// How deeply brackets and parentheses may nest in a `target`.
const MAX_TARGET_NESTING: usize = 16;

/// One overlay document: its text and the name diagnostics give its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlay {
    pub name: String,
    pub text: String,
}

/// Applies `overlays` to the spec's tree in order.
pub fn apply_all(
    root: &mut Value,
    overlays: &[Overlay],
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Diagnostic> {
    let mut budget = MAX_ALIAS_NODES;
    for overlay in overlays {
        let mut found = Vec::new();
        let result = apply(root, overlay, &mut budget, &mut found);
        let mut found: Vec<Diagnostic> = found.into_iter().chain(result.err()).collect();
        locate(&overlay.text, &mut found);
        let failed = found.iter().any(|d| d.severity == crate::Severity::Error);
        let mut found = found.into_iter().map(|d| d.in_file(overlay.name.clone()));
        if failed {
            let error = found.next_back();
            diagnostics.extend(found);
            return Err(error.expect("an error was found"));
        }
        diagnostics.extend(found);
    }
    Ok(())
}

/// One action as read from the overlay.
struct Action<'a> {
    at: Pointer,
    target: &'a str,
    update: Option<&'a Value>,
    remove: bool,
}

fn apply(
    root: &mut Value,
    overlay: &Overlay,
    budget: &mut usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(), Diagnostic> {
    let tree = parse_tree(&overlay.text, "the overlay")?;
    for action in read_actions(&tree)? {
        let path = parse_target(&action)?;
        let mut targets: Vec<Pointer> = path
            .query_located(root)
            .locations()
            .map(|path| {
                path.iter()
                    .fold(Pointer::root(), |pointer, element| match element {
                        PathElement::Name(name) => pointer.join(*name),
                        PathElement::Index(index) => pointer.join(index.to_string()),
                    })
            })
            .collect();
        let target_at = action.at.join("target");
        if targets.is_empty() {
            diagnostics.push(Diagnostic::warning(
                target_at,
                format!("target `{}` matches nothing in the spec", action.target),
            ));
            continue;
        }
        if action.remove {
            // Deepest and last first, so that earlier indices stay valid.
            targets.sort_by(|a, b| compare_pointers(b, a));
            for target in targets {
                remove(root, &target, &target_at)?;
            }
        } else if let Some(update) = action.update {
            let (nodes, height) = measure(update);
            for target in targets {
                *budget = budget.checked_sub(nodes).ok_or_else(|| {
                    Diagnostic::error(
                        action.at.join("update"),
                        format!(
                            "the overlay's updates add more than {MAX_ALIAS_NODES} nodes, the limit"
                        ),
                    )
                })?;
                if target.tokens().count() + height > MAX_DEPTH {
                    return Err(Diagnostic::error(
                        action.at.join("update"),
                        format!(
                            "updating `{target}` would nest the spec more than {MAX_DEPTH} levels deep, the limit"
                        ),
                    ));
                }
                update_node(root, &target, update, &action.at)?;
            }
        } else {
            diagnostics.push(Diagnostic::warning(
                action.at.clone(),
                "the action has neither `update` nor `remove: true`, so it does nothing",
            ));
        }
    }
    Ok(())
}

fn read_actions(tree: &Value) -> Result<Vec<Action<'_>>, Diagnostic> {
    let Value::Object(map) = tree else {
        return Err(Diagnostic::error(
            Pointer::root(),
            "an overlay must be a mapping with `overlay`, `info` and `actions`",
        ));
    };
    match map.get("overlay") {
        Some(Value::String(version)) if version.starts_with("1.") => {}
        Some(other) => {
            return Err(Diagnostic::error(
                Pointer::root().join("overlay"),
                format!(
                    "Overlay {} is not supported: the generator reads Overlay 1.0",
                    scalar_text(other)
                ),
            ));
        }
        None => {
            return Err(Diagnostic::error(
                Pointer::root(),
                "not an overlay: there is no `overlay` field naming its version (1.0.0)",
            ));
        }
    }
    let Some(Value::Array(actions)) = map.get("actions") else {
        return Err(Diagnostic::error(
            Pointer::root(),
            "an overlay needs `actions`, a list of actions",
        ));
    };
    let mut read = Vec::with_capacity(actions.len());
    for (i, action) in actions.iter().enumerate() {
        let at = Pointer::root().join("actions").join(i.to_string());
        let Value::Object(action) = action else {
            return Err(Diagnostic::error(
                at,
                "an action must be a mapping with a `target`",
            ));
        };
        let Some(Value::String(target)) = action.get("target") else {
            return Err(Diagnostic::error(
                at,
                "an action needs a `target`, a JSONPath query as text",
            ));
        };
        let remove = match action.get("remove") {
            None => false,
            Some(Value::Bool(remove)) => *remove,
            Some(other) => {
                return Err(Diagnostic::error(
                    at.join("remove"),
                    format!("`remove` must be true or false, not {}", scalar_text(other)),
                ));
            }
        };
        read.push(Action {
            at,
            target,
            update: action.get("update"),
            remove,
        });
    }
    Ok(read)
}

fn parse_target(action: &Action) -> Result<JsonPath, Diagnostic> {
    let at = action.at.join("target");
    let target = action.target;
    if target.chars().count() > MAX_TARGET_CHARS {
        return Err(Diagnostic::error(
            at,
            format!("the target is longer than {MAX_TARGET_CHARS} characters, the limit"),
        ));
    }
    let mut depth = 0usize;
    for c in target.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_TARGET_NESTING {
            return Err(Diagnostic::error(
                at,
                format!(
                    "the target nests brackets more than {MAX_TARGET_NESTING} levels deep, the limit"
                ),
            ));
        }
    }
    JsonPath::parse(target).map_err(|e| {
        Diagnostic::error(
            at,
            format!(
                "`{target}` is not an RFC 9535 JSONPath query: {} (at character {})",
                e.message(),
                e.position()
            ),
        )
    })
}

/// Orders pointers as the document does: parents before children, array items by index.
fn compare_pointers(a: &Pointer, b: &Pointer) -> std::cmp::Ordering {
    let key = |token: std::borrow::Cow<'_, str>| (token.parse::<usize>().ok(), token.into_owned());
    a.tokens().map(key).cmp(b.tokens().map(key))
}

fn remove(root: &mut Value, target: &Pointer, at: &Pointer) -> Result<(), Diagnostic> {
    let (Some(parent), Some(last)) = (target.parent(), target.last()) else {
        return Err(Diagnostic::error(
            at.clone(),
            "the target selects the whole document, which cannot be removed",
        ));
    };
    match lookup_mut(root, &parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(last.as_ref());
        }
        Some(Value::Array(items)) => {
            if let Some(index) = last.parse::<usize>().ok().filter(|&i| i < items.len()) {
                items.remove(index);
            }
        }
        // Already removed with an ancestor that the target also selected.
        _ => {}
    }
    Ok(())
}

fn update_node(
    root: &mut Value,
    target: &Pointer,
    update: &Value,
    at: &Pointer,
) -> Result<(), Diagnostic> {
    match (lookup_mut(root, target), update) {
        (Some(Value::Object(node)), Value::Object(update)) => {
            merge(node, update);
            Ok(())
        }
        (Some(Value::Array(items)), item) => {
            items.push(item.clone());
            Ok(())
        }
        (Some(Value::Object(_)), other) => Err(Diagnostic::error(
            at.join("update"),
            format!(
                "`{target}` is an object, so the update must be an object of keys to merge, not {}",
                kind(other)
            ),
        )),
        (Some(other), _) => Err(Diagnostic::error(
            at.join("target"),
            format!(
                "`{target}` is {}: an update needs an object or an array (target its parent to replace it)",
                kind(other)
            ),
        )),
        // Removed by an earlier update of an ancestor the target also selected.
        (None, _) => Ok(()),
    }
}

/// Merges `update` into `node`: objects recursively, anything else replaced, new keys appended.
fn merge(node: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (key, value) in update {
        match (node.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(value)) => merge(existing, value),
            (Some(existing), _) => *existing = value.clone(),
            (None, _) => {
                node.insert(key.clone(), value.clone());
            }
        }
    }
}

fn lookup_mut<'a>(root: &'a mut Value, pointer: &Pointer) -> Option<&'a mut Value> {
    pointer.tokens().try_fold(root, |node, token| match node {
        Value::Object(map) => map.get_mut(token.as_ref()),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

/// The number of nodes in `value` and how many levels of collections it has, without recursion.
fn measure(value: &Value) -> (usize, usize) {
    let mut nodes = 0;
    let mut height = 0;
    let mut stack = vec![(value, 0usize)];
    while let Some((value, depth)) = stack.pop() {
        nodes += 1;
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Object(map) => Box::new(map.values()),
            Value::Array(items) => Box::new(items.iter()),
            _ => continue,
        };
        height = height.max(depth + 1);
        stack.extend(children.map(|child| (child, depth + 1)));
    }
    (nodes, height)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Fills in the line and column in the overlay's text of each diagnostic that has none.
fn locate(text: &str, diagnostics: &mut [Diagnostic]) {
    let pointers: Vec<&Pointer> = diagnostics.iter().map(|d| &d.pointer).collect();
    let locations = source_map::locate_all(text, &pointers);
    for (diagnostic, location) in diagnostics.iter_mut().zip(locations) {
        diagnostic.location = diagnostic.location.or(location);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;
    use serde_json::json;

    fn overlay(actions: &str) -> Overlay {
        Overlay {
            name: "fix.yaml".to_owned(),
            text: format!("overlay: 1.0.0\ninfo: {{title: fix, version: 1}}\nactions:\n{actions}"),
        }
    }

    fn run(root: &mut Value, actions: &str) -> Result<Vec<Diagnostic>, Diagnostic> {
        let mut diagnostics = Vec::new();
        apply_all(root, &[overlay(actions)], &mut diagnostics)?;
        Ok(diagnostics)
    }

    #[test]
    fn update_merges_objects_and_replaces_the_rest() {
        let mut root = json!({"a": {"keep": 1, "swap": "x", "deep": {"b": 1}}, "list": [1]});
        let warnings = run(
            &mut root,
            "  - target: $.a\n    update: {swap: {type: number}, deep: {c: 2}, new: true}\n\
             \x20 - target: $.list\n    update: 2\n",
        )
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            root,
            json!({"a": {"keep": 1, "swap": {"type": "number"}, "deep": {"b": 1, "c": 2}, "new": true}, "list": [1, 2]})
        );
        let keys: Vec<_> = root["a"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["keep", "swap", "deep", "new"]);
    }

    #[test]
    fn remove_takes_every_match_out_keeping_order() {
        let mut root = json!({"a": {"x": 1, "$ref": "junk", "y": 2}, "l": [0, 1, 2, 3]});
        run(
            &mut root,
            "  - target: $.a['$ref']\n    remove: true\n  - target: $.l[?@ > 0]\n    remove: true\n",
        )
        .unwrap();
        assert_eq!(root, json!({"a": {"x": 1, "y": 2}, "l": [0]}));
        let keys: Vec<_> = root["a"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["x", "y"]);
    }

    #[test]
    fn nested_matches_are_removed_once() {
        let mut root = json!({"a": {"a": {"a": 1}}});
        run(&mut root, "  - target: $..a\n    remove: true\n").unwrap();
        assert_eq!(root, json!({}));
    }

    #[test]
    fn a_target_matching_nothing_is_a_warning_in_the_overlay_file() {
        let mut root = json!({"a": 1});
        let warnings = run(&mut root, "  - target: $.nope\n    remove: true\n").unwrap();
        assert_eq!(warnings.len(), 1);
        let warning = &warnings[0];
        assert_eq!(warning.severity, Severity::Warning);
        assert_eq!(warning.file.as_deref(), Some("fix.yaml"));
        assert_eq!(warning.pointer.to_string(), "#/actions/0/target");
        assert_eq!(warning.location.map(|l| (l.line, l.column)), Some((4, 13)));
        assert!(
            warning.message.contains("`$.nope` matches nothing"),
            "{warning}"
        );
        assert_eq!(root, json!({"a": 1}));
    }

    #[test]
    fn malformed_overlays_are_errors_with_a_place() {
        let cases = [
            (
                "  - target: '$[?'\n    remove: true\n",
                "#/actions/0/target",
                "RFC 9535",
            ),
            ("  - {update: {}}\n", "#/actions/0", "needs a `target`"),
            (
                "  - {target: $, remove: yes}\n",
                "#/actions/0/remove",
                "true or false",
            ),
            (
                "  - {target: $.a, update: 3}\n",
                "#/actions/0/update",
                "must be an object",
            ),
            (
                "  - {target: $.a.b, update: {}}\n",
                "#/actions/0/target",
                "is a number",
            ),
            (
                "  - {target: $, remove: true}\n",
                "#/actions/0/target",
                "whole document",
            ),
        ];
        for (actions, pointer, message) in cases {
            let mut root = json!({"a": {"b": 1}});
            let error = run(&mut root, actions).unwrap_err();
            assert_eq!(error.pointer.to_string(), pointer, "{actions}");
            assert!(error.message.contains(message), "{actions}: {error}");
            assert_eq!(error.file.as_deref(), Some("fix.yaml"));
            assert!(error.location.is_some(), "{error}");
        }
        let mut root = json!({});
        let mut diagnostics = Vec::new();
        for (text, message) in [
            ("openapi: 3.1.0\n", "not an overlay"),
            (
                "overlay: 2.0.0\nactions: []\n",
                "Overlay 2.0.0 is not supported",
            ),
            ("overlay: 1.0.0\n", "needs `actions`"),
            ("overlay: 1.0.0\nactions: [\n", "not valid YAML"),
        ] {
            let overlay = Overlay {
                name: "o.yaml".to_owned(),
                text: text.to_owned(),
            };
            let error = apply_all(&mut root, &[overlay], &mut diagnostics).unwrap_err();
            assert!(error.message.contains(message), "{text}: {error}");
        }
    }

    #[test]
    fn targets_and_updates_are_bounded() {
        let mut root = json!({"a": {}});
        let long = format!("  - target: '$.a{}'\n    remove: true\n", ".b".repeat(600));
        assert!(
            run(&mut root, &long)
                .unwrap_err()
                .message
                .contains("longer than 1000")
        );
        let nested = format!("  - target: '${}'\n    remove: true\n", "[?(".repeat(20));
        assert!(
            run(&mut root, &nested)
                .unwrap_err()
                .message
                .contains("16 levels")
        );
        // Each update is within the limits; together they would nest without end.
        let deep = format!("{}1{}", "{a: ".repeat(60), "}".repeat(60));
        let actions = format!(
            "  - {{target: $.a, update: {deep}}}\n  - {{target: '$..a[?@.a == 1]', update: {deep}}}\n"
        );
        let error = run(&mut root, &actions).unwrap_err();
        assert!(error.message.contains("more than 100 levels"), "{error}");
        // An update copied onto every node of a large tree.
        let mut wide = json!({"l": vec![json!({}); 2000]});
        let big = format!("{{x: [{}]}}", vec!["1"; 1000].join(", "));
        let error = run(
            &mut wide,
            &format!("  - {{target: '$.l[*]', update: {big}}}\n"),
        )
        .unwrap_err();
        assert!(error.message.contains("more than 1000000 nodes"), "{error}");
    }
}
