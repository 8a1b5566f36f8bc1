//! Shared helpers for the cross-crate tests in `tests/tests/`.

pub mod loopback;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
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
    };
    (text, options)
}

/// The options `cargo xtask codegen` uses by default.
pub fn default_options() -> codegen::Options {
    codegen::Options {
        crate_name: "generated-client".to_owned(),
        spec_name: "spec/livepeer.yaml".to_owned(),
        spec_path: Some(workspace_root().join("spec/livepeer.yaml")),
    }
}
