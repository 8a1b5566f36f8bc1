//! The reference corpus (`../shared/corpus`, real specs written by others) through the
//! generator. The part that fits CI's budget runs by default; the largest spec's crate is
//! checked with `cargo test -p xtask --test corpus -- --ignored` or `cargo xtask corpus`.

use std::path::PathBuf;
use std::process::Command;

fn corpus_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    assert!(
        dir.is_dir(),
        "the reference corpus is missing at {}: it ships beside this repository",
        dir.display()
    );
    dir
}

fn corpus(only: &str) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["corpus", "--dir"])
        .arg(corpus_dir())
        .args(["--only", only])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&output.stdout).into_owned();
    (output.status.success(), table)
}

/// Every row of the table says `ok`, and there are `rows` of them.
fn assert_all_ok(only: &str, rows: usize) {
    let (success, table) = corpus(only);
    let results: Vec<&str> = table
        .lines()
        .skip(2)
        .filter(|l| l.starts_with('|'))
        .collect();
    assert_eq!(results.len(), rows, "{table}");
    for row in &results {
        assert!(row.contains("| ok |"), "{row}\n\n{table}");
    }
    assert!(success, "{table}");
}

#[test]
fn every_corpus_spec_generates() {
    let mut specs = Vec::new();
    let mut pending = vec![corpus_dir()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "json") {
                specs.push(path);
            }
        }
    }
    assert!(specs.len() >= 21, "{specs:?}");
    for spec in specs {
        let text = std::fs::read_to_string(&spec).unwrap();
        let output = codegen::generate(&text, &codegen::Options::default());
        // A validator's test suite: invalid documents, fragments, Swagger 2.0 and hostile inputs
        // on purpose. The generator answers each (a crate or errors) without panicking; the
        // other specs are real APIs, which must generate.
        if spec
            .components()
            .any(|c| c.as_os_str() == "mermade-openapi3-examples")
        {
            continue;
        }
        let output = output.unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        assert!(
            output.files.iter().any(|f| f.path.ends_with("models.rs")),
            "{}: no models",
            spec.display()
        );
    }
}

#[test]
fn small_and_medium_corpus_crates_lint_clean_and_pass_their_tests() {
    assert_all_ok("oas-examples", 17);
    assert_all_ok("livepeer", 2);
    assert_all_ok("oxide", 1);
}

#[test]
#[ignore = "GitHub's API crate is 119,000 lines: about five minutes of clippy and tests on 2 cores"]
fn github_crate_lints_clean_and_passes_its_tests() {
    assert_all_ok("github", 1);
}
