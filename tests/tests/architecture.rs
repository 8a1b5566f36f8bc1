//! The architecture as README describes it: stages that depend one way (no module imports a
//! module that imports it back), and a README that names every source file.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// The Rust files under `dir`, recursively, in name order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// A source file's module path below its crate root (`lower::operations`; `lower` for
/// `lower/mod.rs`; empty for the root).
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("below src");
    let mut parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// The `crate::…` paths a file's `use` items name, groups expanded
/// (`crate::emit::{docs, names::{Module, NameSet}}` names `emit::docs`, `emit::names::Module`
/// and `emit::names::NameSet`).
fn used_paths(text: &str) -> Vec<String> {
    /// The paths of one use tree below `prefix`.
    fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
        let Some(open) = tree.find('{') else {
            if !tree.is_empty() {
                out.push(format!("{prefix}{tree}"));
            }
            return;
        };
        let prefix = format!("{prefix}{}", &tree[..open]);
        let group = tree[open + 1..]
            .strip_suffix('}')
            .unwrap_or(&tree[open + 1..]);
        let (mut depth, mut start) = (0, 0);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&prefix, &group[start..i], out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&prefix, &group[start..], out);
    }
    let mut paths = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("use crate::") {
        let tail = &rest[start + "use crate::".len()..];
        let end = tail.find(';').unwrap_or(tail.len());
        let item: String = tail[..end].chars().filter(|c| !c.is_whitespace()).collect();
        expand("", &item, &mut paths);
        rest = &tail[end..];
    }
    paths
}

/// Module → the modules it imports from, for the crate whose sources are in `src`. A path
/// names the longest module it starts with; a module's imports from itself, its ancestors or
/// its descendants are left out (a pass reading its stage's shared types is not a cycle).
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let files = rust_files(src);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(src, f)).collect();
    let related = |a: &str, b: &str| {
        a == b
            || a.starts_with(&format!("{b}::"))
            || b.starts_with(&format!("{a}::"))
            || b.is_empty()
    };
    let mut graph = BTreeMap::new();
    for file in &files {
        let from = module_of(src, file);
        let text = fs::read_to_string(file).expect("a source file");
        // Tests may import anything.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        let targets: &mut BTreeSet<String> = graph.entry(from.clone()).or_default();
        for path in used_paths(text) {
            let segments: Vec<&str> = path.split("::").collect();
            let target = (1..=segments.len())
                .rev()
                .map(|n| segments[..n].join("::"))
                .find(|candidate| modules.contains(candidate));
            if let Some(target) = target
                && !related(&from, &target)
            {
                targets.insert(target);
            }
        }
    }
    graph
}

/// The cycles of the graph, each as the modules along it, found from each module in order.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        found: &mut Vec<Vec<String>>,
    ) {
        let here = path.last().expect("a module").clone();
        for next in graph.get(&here).into_iter().flatten() {
            if let Some(at) = path.iter().position(|m| m == next) {
                found.push(path[at..].to_vec());
            } else if !done.contains(next) {
                path.push(next.clone());
                walk(graph, path, done, found);
                path.pop();
            }
        }
        done.insert(here);
    }
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        if !done.contains(module) {
            walk(graph, &mut vec![module.clone()], &mut done, &mut found);
        }
    }
    found
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    for krate in ["codegen/src", "xtask/src"] {
        let graph = imports(&root().join(krate));
        assert!(graph.len() > 3, "{krate}: no modules found");
        let found = cycles(&graph);
        assert!(found.is_empty(), "{krate}: import cycles {found:#?}");
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle_through_siblings_only() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(m, to)| (m.to_owned(), to.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(cycles(&graph), [["a", "b", "c"]]);
    assert_eq!(
        used_paths("use crate::emit::{docs, names::{Module, NameSet}};\nuse crate::ir::Ir;"),
        [
            "emit::docs",
            "emit::names::Module",
            "emit::names::NameSet",
            "ir::Ir"
        ]
    );
}

#[test]
fn readme_names_every_source_file() {
    let readme = fs::read_to_string(root().join("README.md")).expect("README.md");
    let mut unnamed = Vec::new();
    for krate in ["codegen/src", "xtask/src"] {
        let src = root().join(krate);
        for file in rust_files(&src) {
            let relative = file.strip_prefix(&src).expect("below src");
            let relative = relative.to_string_lossy().replace('\\', "/");
            let name = file.file_name().expect("a name").to_string_lossy();
            // README names a file by its path below `src/` or, within its folder's list, by
            // its name; a crate's root is the crate.
            let named = readme.contains(&format!("`{relative}`"))
                || readme.contains(&format!("{relative}`"))
                || readme.contains(&format!("`{name}`"))
                || matches!(&*name, "lib.rs" | "main.rs");
            if !named {
                unnamed.push(format!("{krate}/{relative}"));
            }
        }
    }
    assert!(unnamed.is_empty(), "README.md does not name {unnamed:#?}");
}

/// Lowering reads the members that hold objects through the table the bundler walks
/// (`members.rs`), never by their keys: a member read by key would be one the bundler may not
/// search for file references.
#[test]
fn lowering_reads_the_members_that_hold_objects_through_their_table() {
    use codegen::members::{Key, Member};
    let keys: BTreeSet<&str> = Member::ALL
        .iter()
        .filter_map(|member| match member.key() {
            Key::Named(name) => Some(name),
            Key::Method | Key::Any => None,
        })
        .chain([
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ])
        .collect();
    let mut read_by_key = Vec::new();
    let lower = root().join("codegen/src/lower");
    for file in rust_files(&lower) {
        let text = fs::read_to_string(&file).expect("a source file");
        // Up to the unit tests, which build documents rather than read them.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for key in &keys {
            for lookup in [".field(", ".get("] {
                if code.contains(&format!("{lookup}\"{key}\")")) {
                    let name = file.strip_prefix(&lower).expect("below lower");
                    read_by_key.push(format!("{}: {lookup}\"{key}\")", name.display()));
                }
            }
        }
    }
    assert!(read_by_key.is_empty(), "{read_by_key:#?}");
}
