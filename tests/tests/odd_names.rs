//! Names made from spec text that is no Rust name as written (tags with a leading digit or
//! punctuation, paths, keywords, other scripts, emoji, the crate's own feature names, texts
//! that collide once cased, plural acronyms): the crate's manifest is one cargo accepts, and
//! the crate compiles without warnings. And every corpus spec's manifest is one cargo accepts.

use std::path::Path;

use codegen::generate;
use tests::{fixture, generated_crates_cargo, workspace_root};

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// Runs cargo in `dir` and gives its stderr, failing the test when cargo fails.
fn cargo_succeeds(dir: &Path, args: &[&str]) -> String {
    let output = generated_crates_cargo(dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "`cargo {}` failed:\n{stderr}",
        args.join(" ")
    );
    stderr
}

/// A scratch workspace of `members` (folders of `scratch`).
fn write_workspace(scratch: &Path, members: &[String]) {
    let members: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    write(
        &scratch.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
}

/// The `[features]` table's keys of a generated manifest, in order.
fn features(manifest: &str) -> Vec<String> {
    manifest
        .split_once("[features]\n")
        .map(|(_, table)| table)
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| line.split_once(" = ").map(|(key, _)| key.to_owned()))
        .collect()
}

#[test]
fn odd_tags_give_features_cargo_accepts_and_the_crate_compiles_without_warnings() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("odd-names");
    let _ = std::fs::remove_dir_all(&scratch);
    let (text, options) = fixture("odd-names.yaml", "odd-names");
    let output = generate(&text, &options).unwrap();
    for file in &output.files {
        write(&scratch.join("odd-names").join(&file.path), &file.contents);
    }
    let manifest = &output
        .files
        .iter()
        .find(|f| f.path == Path::new("Cargo.toml"))
        .unwrap()
        .contents;
    assert_eq!(
        features(manifest),
        [
            "default",
            "rustls",
            "rustls-ring",
            "native-tls",
            "all-models",
            "tracing",
            "2fa",
            "1-click-applications",
            "3-improve-your-results",
            "16-day-daily-forecast",
            "1-0-artist-mbid",
            "1-0-artist-mbid2",
            "foo-bar",
            "foo-bar-2",
            "type",
            "self",
            "default-2",
            "all-models-2",
            "tracing-2",
            "std-2",
            "operations-2",
            "value",
            "value-2",
        ]
    );
    let modules: Vec<&str> = output.ir.groups.iter().map(|g| g.module.as_str()).collect();
    assert_eq!(
        modules,
        [
            "_2fa",
            "_1_click_applications",
            "_3_improve_your_results",
            "_16_day_daily_forecast",
            "_1_0_artist_mbid",
            "_1_0_artist_mbid2",
            "foo_bar",
            "foo_bar_2",
            "type_",
            "self_",
            "default_2",
            "all_models_2",
            "tracing_2",
            "std_2",
            // Not `operations::operations`, which clippy's `module_inception` denies.
            "operations_2",
            "value",
            "value_2",
        ]
    );
    let methods: Vec<(&str, &str)> = output
        .ir
        .operations
        .iter()
        .map(|op| (op.name.as_str(), op.builder.as_str()))
        .collect();
    assert_eq!(
        methods[..4],
        [
            // The builder of `2FA` is numbered: the module `_2fa` is in the same namespace.
            ("_2fa", "_2fa2"),
            ("list_apps", "ListApps"),
            ("improve", "Improve"),
            ("forecast", "Forecast"),
        ]
    );
    for expected in [
        ("floating_ips_list", "FloatingIpsList"),
        ("floating_ips_list_2", "FloatingIpsList2"),
        ("r#type", "Type"),
        ("self_", "Self_"),
    ] {
        assert!(methods.contains(&expected), "{expected:?} in {methods:?}");
    }
    let setters: Vec<&str> = output
        .ir
        .api
        .credentials
        .iter()
        .map(|c| c.setter.as_str())
        .collect();
    assert_eq!(setters, ["api_key_type", "api_key_2fa"]);

    write_workspace(&scratch, &["odd-names".to_owned()]);
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        scratch.join("Cargo.lock"),
    )
    .unwrap();
    cargo_succeeds(
        &scratch,
        &[
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
        ],
    );
    cargo_succeeds(
        &scratch,
        &[
            "clippy",
            "--offline",
            "--quiet",
            "-p",
            "odd-names",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
}

#[test]
fn every_corpus_crate_has_a_manifest_cargo_accepts() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus-manifests");
    let _ = std::fs::remove_dir_all(&scratch);
    let corpus = workspace_root().join("tests/corpus");
    let specs = tests::corpus_specs();
    let mut members = Vec::new();
    for spec in &specs {
        let Ok(text) = std::fs::read_to_string(spec) else {
            continue;
        };
        let relative = spec.strip_prefix(&corpus).unwrap().display().to_string();
        let options = codegen::Options {
            crate_name: format!("corpus-{}", members.len()),
            spec_name: relative,
            spec_path: Some(spec.clone()),
            ..codegen::Options::default()
        };
        // Fragments, Swagger and the documents meant to be refused have no crate.
        let Ok(output) = generate(&text, &options) else {
            continue;
        };
        let manifest = output
            .files
            .iter()
            .find(|f| f.path == Path::new("Cargo.toml"))
            .unwrap();
        let member = scratch.join(&options.crate_name);
        write(&member.join("Cargo.toml"), &manifest.contents);
        write(&member.join("src/lib.rs"), "");
        members.push(options.crate_name);
    }
    // The corpus's real specs are among them, not only the validators' small documents.
    assert!(members.len() >= 50, "{} crates", members.len());
    write_workspace(&scratch, &members);
    // Every member's manifest is read and checked; an error names the member's manifest.
    cargo_succeeds(
        &scratch,
        &[
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
        ],
    );
}
