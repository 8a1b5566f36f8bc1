//! Bundle: brings every file that a relative `$ref` names (`./common.yaml#/components/schemas/P`)
//! into the document tree, so that each later stage sees one tree in which every `$ref` is a
//! JSON pointer.
//!
//! Each file is read once, however often and circularly it is referenced, and grafted under
//! `#/x-codegen-bundled/<file>`; references into it, and its own `#/…` references, are rewritten
//! to point there. Remote (`http(s)://`) references are left for `normalize` to refuse.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::hashing::HashMap;
use crate::load::parse_tree;
use crate::pointer::Pointer;

/// Where grafted files live in the tree.
pub const BUNDLED_KEY: &str = "x-codegen-bundled";

/// The most files one spec may pull in.
const MAX_FILES: usize = 1000;

/// A part of the tree whose references are yet to be rewritten.
struct Pending {
    at: Pointer,
    /// The folder relative references in it are read from.
    folder: Option<PathBuf>,
    /// For a grafted file: the pointer its own `#/…` references are relative to.
    graft: Option<Pointer>,
}

/// Grafts the files that relative references in `root` name, reading them from the folder of
/// `spec_path` (the spec's own file) and, for references inside those files, from their own
/// folders. A reference back to the spec's file points into `root` itself.
pub fn bundle(root: &mut Value, spec_path: Option<&Path>) -> Result<(), Diagnostic> {
    let mut grafts: HashMap<PathBuf, Pointer> = HashMap::default();
    let mut files = 0;
    if let Some(spec) = spec_path.and_then(|p| p.canonicalize().ok()) {
        grafts.insert(spec, Pointer::root());
    }
    let mut pending = vec![Pending {
        at: Pointer::root(),
        folder: spec_path.and_then(Path::parent).map(Path::to_path_buf),
        graft: None,
    }];
    while let Some(part) = pending.pop() {
        let mut new_files = Vec::new();
        let Some(subtree) = part.at.lookup(root) else {
            continue;
        };
        let needs_rewriting = |target: &str| match target.strip_prefix('#') {
            Some(_) => part.graft.is_some(),
            None => {
                !(target.starts_with("http://") || target.starts_with("https://"))
                    && names_a_file(target)
            }
        };
        for (reference_at, target) in references(subtree, &part.at, needs_rewriting) {
            let rewritten = if let Some(fragment) = target.strip_prefix('#') {
                match &part.graft {
                    Some(graft) => format!("{graft}{fragment}"),
                    None => continue,
                }
            } else {
                let (file, fragment) = target.split_once('#').unwrap_or((target.as_str(), ""));
                let folder = part.folder.as_deref().ok_or_else(|| {
                    Diagnostic::error(
                        reference_at.clone(),
                        format!("`$ref: {target}` names a file, but the spec's folder is not known (set `Options::spec_path`)"),
                    )
                })?;
                let path = folder.join(file);
                let path = path.canonicalize().map_err(|e| {
                    Diagnostic::error(
                        reference_at.clone(),
                        format!("cannot read `{}` for `$ref: {target}`: {e}", path.display()),
                    )
                })?;
                let graft = match grafts.get(&path) {
                    Some(graft) => graft.clone(),
                    None => {
                        if files == MAX_FILES {
                            return Err(Diagnostic::error(
                                reference_at.clone(),
                                format!(
                                    "more than {MAX_FILES} files referenced: the limit on bundled files"
                                ),
                            ));
                        }
                        let key = graft_key(&path, files);
                        files += 1;
                        let graft = Pointer::root().join(BUNDLED_KEY).join(key);
                        grafts.insert(path.clone(), graft.clone());
                        new_files.push((path, graft.clone(), reference_at.clone()));
                        graft
                    }
                };
                format!("{graft}{fragment}")
            };
            if let Some(node) = lookup_mut(root, &reference_at) {
                *node = Value::String(rewritten);
            }
        }
        for (path, graft, referenced_at) in new_files {
            let text = crate::limits::read_text(&path).map_err(|e| {
                Diagnostic::error(
                    referenced_at.clone(),
                    format!("cannot read `{}`: {e}", path.display()),
                )
            })?;
            let tree = parse_tree(&text, "the file").map_err(|e| {
                Diagnostic::error(
                    referenced_at.clone(),
                    format!("in `{}`: {}", path.display(), e.message),
                )
            })?;
            let bundled = root.as_object_mut().map(|m| {
                m.entry(BUNDLED_KEY)
                    .or_insert_with(|| Value::Object(Map::new()))
            });
            if let Some(Value::Object(bundled)) = bundled {
                bundled.insert(graft.last().unwrap_or_default().into_owned(), tree);
            }
            pending.push(Pending {
                at: graft.clone(),
                folder: path.parent().map(Path::to_path_buf),
                graft: Some(graft),
            });
        }
    }
    Ok(())
}

/// Whether a `$ref` string reads as a file reference: a path or a document's name, with or
/// without a fragment. Anything else (the vendored spec has UUID placeholders there) is left
/// for `normalize` to report.
fn names_a_file(target: &str) -> bool {
    let file = target.split('#').next().unwrap_or_default();
    target.contains('#')
        || file.contains('/')
        || [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| file.ends_with(ext))
}

/// A readable key for a file: its name, made unique by its number where names repeat.
fn graft_key(path: &Path, index: usize) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{index}-{name}")
}

fn lookup_mut<'a>(root: &'a mut Value, at: &Pointer) -> Option<&'a mut Value> {
    at.tokens().try_fold(root, |node, token| match node {
        Value::Object(map) => map.get_mut(token.as_ref()),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

/// Every `$ref` string in `subtree` that `wanted` picks (not descending into grafted files),
/// with its pointer. Pointers are built for those alone, so the walk is linear in the tree.
fn references(
    subtree: &Value,
    at: &Pointer,
    wanted: impl Fn(&str) -> bool,
) -> Vec<(Pointer, String)> {
    let mut found = Vec::new();
    // The path from `at` to the node being visited.
    let mut path: Vec<Cow<'_, str>> = Vec::new();
    // Nodes to visit, each with its depth below `at` and the token that leads to it; the
    // order of the visits decides the order in which files are numbered.
    let mut stack: Vec<(usize, Cow<'_, str>, &Value)> = vec![(0, Cow::Borrowed(""), subtree)];
    while let Some((depth, token, node)) = stack.pop() {
        path.truncate(depth.saturating_sub(1));
        if depth > 0 {
            path.push(token);
        }
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    if key == "$ref" {
                        if let Value::String(target) = child {
                            if wanted(target) {
                                let pointer = path
                                    .iter()
                                    .fold(at.clone(), |p, token| p.join(token.as_ref()))
                                    .join(key.as_str());
                                found.push((pointer, target.clone()));
                            }
                            continue;
                        }
                    }
                    if !(at.is_root() && depth == 0 && key == BUNDLED_KEY) {
                        stack.push((depth + 1, Cow::Borrowed(key.as_str()), child));
                    }
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    stack.push((depth + 1, Cow::Owned(i.to_string()), child));
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn folder(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("codegen-bundle-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn grafts_files_once_and_rewrites_references() {
        let dir = folder(
            "graft",
            &[
                (
                    "common.yaml",
                    "components:\n  schemas:\n    Pet:\n      properties:\n        tag: {$ref: '#/components/schemas/Tag'}\n        more: {$ref: 'nested/more.json#/Thing'}\n    Tag: {type: string}\n",
                ),
                (
                    "nested/more.json",
                    r##"{"Thing": {"properties": {"back": {"$ref": "../common.yaml#/components/schemas/Pet"}}}}"##,
                ),
            ],
        );
        let mut root = json!({
            "a": {"$ref": "./common.yaml#/components/schemas/Pet"},
            "b": {"$ref": "common.yaml#/components/schemas/Tag"},
            "c": {"$ref": "#/a"},
            "d": {"$ref": "https://example.com/x.yaml"},
            "properties": {"$ref": "4cb959fd-1494-4914-8ce7-8f3ff81ba4f9"}
        });
        std::fs::write(dir.join("api.yaml"), "").unwrap();
        bundle(&mut root, Some(&dir.join("api.yaml"))).unwrap();
        assert_eq!(
            root["a"]["$ref"],
            "#/x-codegen-bundled/0-common.yaml/components/schemas/Pet"
        );
        assert_eq!(
            root["b"]["$ref"],
            "#/x-codegen-bundled/0-common.yaml/components/schemas/Tag"
        );
        assert_eq!(root["c"]["$ref"], "#/a");
        assert_eq!(root["d"]["$ref"], "https://example.com/x.yaml");
        assert_eq!(
            root["properties"]["$ref"],
            "4cb959fd-1494-4914-8ce7-8f3ff81ba4f9"
        );
        let common = &root[BUNDLED_KEY]["0-common.yaml"];
        let pet = &common["components"]["schemas"]["Pet"]["properties"];
        assert_eq!(
            pet["tag"]["$ref"],
            "#/x-codegen-bundled/0-common.yaml/components/schemas/Tag"
        );
        assert_eq!(pet["more"]["$ref"], "#/x-codegen-bundled/1-more.json/Thing");
        let back = &root[BUNDLED_KEY]["1-more.json"]["Thing"]["properties"]["back"]["$ref"];
        assert_eq!(
            back,
            "#/x-codegen-bundled/0-common.yaml/components/schemas/Pet"
        );
        assert_eq!(root[BUNDLED_KEY].as_object().unwrap().len(), 2);
    }

    #[test]
    fn references_back_to_the_spec_point_into_it() {
        let dir = folder(
            "back",
            &[
                ("api.yaml", ""),
                ("pets.yaml", "Pet: {$ref: 'api.yaml#/Owner'}\n"),
            ],
        );
        let mut root = json!({"Owner": {}, "a": {"$ref": "pets.yaml#/Pet"}});
        bundle(&mut root, Some(&dir.join("api.yaml"))).unwrap();
        assert_eq!(root[BUNDLED_KEY]["0-pets.yaml"]["Pet"]["$ref"], "#/Owner");
    }

    #[test]
    fn missing_files_and_unknown_folders_are_errors_at_the_reference() {
        let dir = folder("missing", &[]);
        let mut root = json!({"a": {"$ref": "./nope.yaml#/X"}});
        let err = bundle(&mut root, Some(&dir.join("api.yaml"))).unwrap_err();
        assert_eq!(err.pointer.to_string(), "#/a/$ref");
        assert!(err.message.contains("nope.yaml"), "{err}");
        let err = bundle(&mut json!({"a": {"$ref": "x.yaml"}}), None).unwrap_err();
        assert!(err.message.contains("spec_path"), "{err}");
    }

    #[test]
    fn broken_files_say_which() {
        let dir = folder("broken", &[("bad.yaml", "a: [\n")]);
        let err = bundle(
            &mut json!({"a": {"$ref": "bad.yaml"}}),
            Some(&dir.join("api.yaml")),
        )
        .unwrap_err();
        assert!(err.message.contains("bad.yaml"), "{err}");
        assert!(err.message.contains("not valid YAML"), "{err}");
    }
}
