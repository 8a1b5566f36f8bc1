//! Shared helpers for the cross-crate tests in `tests/tests/`.

pub mod loopback;

/// The README's code, compiled as doctests so that its example of the generated client stays
/// true.
#[doc = include_str!("../../README.md")]
pub mod readme {}

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The specs of `tests/corpus` (every `.json`, `.yaml` and `.yml` file under it), in path
/// order.
pub fn corpus_specs() -> Vec<PathBuf> {
    fn walk(dir: &Path, specs: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, specs);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml")
            ) {
                specs.push(path);
            }
        }
    }
    let mut specs = Vec::new();
    walk(&workspace_root().join("tests/corpus"), &mut specs);
    specs
}

/// `cargo` for scratch workspaces of generated crates, run from `dir`: they share one target
/// folder, `target/generated-crates` (this workspace's is locked while its tests run), so their
/// dependencies build once. Without debug info or incremental caches: these builds are
/// checked, not debugged, and those are most of a target folder's size.
pub fn generated_crates_cargo(dir: &Path) -> std::process::Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = std::process::Command::new(cargo);
    command
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/generated-crates"),
        )
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_PROFILE_TEST_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS");
    command
}

/// The vendored Livepeer spec's text.
pub fn seed_spec() -> String {
    std::fs::read_to_string(workspace_root().join("spec/livepeer.yaml"))
        .unwrap_or_else(|e| panic!("cannot read spec/livepeer.yaml: {e}"))
}

/// A fixture spec under `tests/fixtures/specs/` (e.g. `shapes.yaml`): its text, and the options
/// that generate the crate `crate_name` from it, as `cargo xtask codegen --spec` would.
pub fn fixture(relative: &str, crate_name: &str) -> (String, codegen::Options) {
    let spec_name = format!("tests/fixtures/specs/{relative}");
    let path = workspace_root().join(&spec_name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let options = codegen::Options {
        crate_name: crate_name.to_owned(),
        spec_name,
        spec_path: Some(path),
        ..codegen::Options::default()
    };
    (text, options)
}

/// The options `cargo xtask codegen` uses by default: the vendored spec repaired by the overlays
/// in `spec/overlays/`.
pub fn default_options() -> codegen::Options {
    codegen::Options {
        overlays: repair_overlays(),
        ..unrepaired_options()
    }
}

/// The default options without the overlays: the vendored spec as Livepeer publishes it.
pub fn unrepaired_options() -> codegen::Options {
    codegen::Options {
        crate_name: "generated-client".to_owned(),
        spec_name: "spec/livepeer.yaml".to_owned(),
        spec_path: Some(workspace_root().join("spec/livepeer.yaml")),
        overlays: Vec::new(),
        crate_version: checked_in_version("generated-client"),
        limits: codegen::limits::Limits::default(),
    }
}

/// The version of a checked-in generated crate (a folder of the workspace), as its `api.json`
/// records it: `cargo xtask codegen` bumps it when the API changes.
pub fn checked_in_version(folder: &str) -> String {
    let path = workspace_root()
        .join(folder)
        .join(codegen::surface::API_FILE);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    codegen::surface::ApiSurface::from_json(&text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .version
}

/// The overlays in `spec/overlays/`, in name order, as `cargo xtask codegen` finds them.
pub fn repair_overlays() -> Vec<codegen::Overlay> {
    let folder = workspace_root().join("spec/overlays");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", folder.display()))
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| codegen::Overlay {
            name: format!(
                "spec/overlays/{}",
                path.file_name().unwrap().to_string_lossy()
            ),
            text: std::fs::read_to_string(&path).unwrap(),
        })
        .collect()
}

/// The vendored spec's tree with the repairs applied, as the generator reads it.
pub fn repaired_tree() -> serde_json::Value {
    let mut root = codegen::load::parse_tree(&seed_spec(), "the spec").unwrap();
    let mut warnings = Vec::new();
    codegen::overlay::apply_all(&mut root, &repair_overlays(), &mut warnings).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    root
}

/// Generated models as they read once their `gated!` blocks and the struct definitions of
/// `object!` calls are expanded: a block's items one level out, without the block's own lines
/// (`gated! {`, its `#[cfg(…)]`, `object! {` and the closing `}`); a field `pub f: T = 0
/// "f" kind,` as `pub f: T,`; the map `..f: T,` as the field the macro writes, with its docs.
/// An `object!` call of the impls alone (`Name {` on its next line) stays. Tests that look for
/// an item by its indentation read models through this.
pub fn expanded(code: &str) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = String::with_capacity(code.len());
    // The line that closes each open block; each takes four spaces off the lines in it.
    let mut blocks: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let depth = 4 * blocks.len();
        let line = lines[i].get(depth..).unwrap_or(lines[i].trim_start());
        let next = lines
            .get(i + 1)
            .map_or("", |l| l.get(depth..).unwrap_or(""));
        i += 1;
        let closing = format!("{}}}", " ".repeat(depth));
        if blocks.last().is_some_and(|end| lines[i - 1] == end) {
            blocks.pop();
        } else if line == "gated! {" {
            // Its `#[cfg(…)]` goes with it.
            i += 1;
            blocks.push(closing);
        } else if line == "object! {" && !is_impl_list(next) {
            blocks.push(closing);
        } else if let Some((field, _)) = line
            .split_once(" = ")
            .filter(|_| line.trim_start().starts_with("pub "))
        {
            out.push_str(field);
            out.push_str(",\n");
        } else if let Some(map) = line
            .trim_start()
            .strip_prefix("..")
            .filter(|m| m.contains(": "))
        {
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push_str(&format!(
                "{indent}/// Properties the spec does not declare by name, kept as received.\n\
                 {indent}pub {map}\n"
            ));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Whether the line after `object! {` starts the list of the impls alone: `    Name {`.
fn is_impl_list(line: &str) -> bool {
    line.strip_prefix("    ")
        .and_then(|rest| rest.strip_suffix(" {"))
        .is_some_and(|name| name.chars().all(|c| c.is_alphanumeric() || c == '_'))
}
