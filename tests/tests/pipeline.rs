//! The pipeline is `codegen::stages::run`, each stage called in turn on one thread;
//! `codegen::generate` runs the same stages scheduled over two threads. Both give the same
//! crate, the same warnings and the same errors, byte for byte, on every spec of the corpus and
//! every fixture (multi-file ones included).

use std::path::{Path, PathBuf};

use codegen::{Diagnostics, Options, Output};
use tests::{corpus_specs, workspace_root};

/// Everything a run gives that a user sees: the files, and each diagnostic as printed.
fn seen(result: Result<Output, Diagnostics>) -> (Vec<(PathBuf, String)>, Vec<String>) {
    let show = |d: &codegen::Diagnostic| format!("{d:?}");
    match result {
        Ok(output) => (
            output
                .files
                .into_iter()
                .map(|f| (f.path, f.contents))
                .collect(),
            output.warnings.iter().map(show).collect(),
        ),
        Err(errors) => (Vec::new(), errors.0.iter().map(show).collect()),
    }
}

fn fixture_specs() -> Vec<PathBuf> {
    let specs = workspace_root().join("tests/fixtures/specs");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&specs)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    found.push(specs.join("multi-file/api.yaml"));
    found.push(specs.join("real-world/api.yaml"));
    found.sort();
    found
}

#[test]
fn the_scheduled_pipeline_gives_what_the_sequential_one_gives() {
    let root = workspace_root();
    let mut compared = 0;
    let mut generated = 0;
    for spec in corpus_specs().into_iter().chain(fixture_specs()) {
        let Ok(text) = std::fs::read_to_string(&spec) else {
            continue;
        };
        let name = spec
            .strip_prefix(&root)
            .unwrap_or(&spec)
            .display()
            .to_string();
        let options = Options {
            crate_name: "pipeline-check".to_owned(),
            spec_name: name.clone(),
            spec_path: Some(spec.clone()),
            ..Options::default()
        };
        let scheduled = seen(codegen::generate(&text, &options));
        let sequential = seen(codegen::stages::run(&text, &options));
        assert!(
            scheduled.1 == sequential.1,
            "{name}: the diagnostics differ\nscheduled:  {:#?}\nsequential: {:#?}",
            scheduled.1,
            sequential.1
        );
        for ((path, a), (_, b)) in scheduled.0.iter().zip(&sequential.0) {
            assert!(a == b, "{name}: {} differs", Path::new(path).display());
        }
        assert_eq!(scheduled.0.len(), sequential.0.len(), "{name}");
        compared += 1;
        generated += usize::from(!scheduled.0.is_empty());
    }
    // The corpus and the fixtures, most of them generating a crate.
    assert!(compared >= 200, "{compared} specs compared");
    assert!(generated >= 100, "{generated} crates compared");
}
