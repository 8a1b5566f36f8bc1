//! Snapshots of the generator's IR, printed, for the vendored spec and each fixture spec, and of
//! the files emitted for the fixtures that are not checked in as crates. They guard the output
//! against unintended change; review a change with `cargo insta review`, or regenerate them
//! with `INSTA_UPDATE=always` and read the diff. The seed's files are not snapshotted here: they
//! are the checked-in `generated-client`, which `generation.rs` and `cargo xtask codegen
//! --check` compare with what the generator makes.

use codegen::{generate, lower_to_ir};
use tests::{default_options, seed_spec, unrepaired_options};

#[test]
fn seed_ir() {
    let (ir, warnings) = lower_to_ir(&seed_spec(), &default_options()).unwrap();
    insta::assert_snapshot!("seed_ir", ir.to_string());
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// The IR of each fixture spec, printed.
#[test]
fn fixture_irs() {
    for (fixture, name) in [
        ("shapes.yaml", "shapes"),
        ("openapi-3.1-shapes.yaml", "shapes31"),
        ("multi-file/api.yaml", "multi_file"),
        ("operations.yaml", "operations"),
        ("livepeer-full.yaml", "livepeer_full"),
        ("paging.yaml", "paging"),
    ] {
        let (spec, options) = tests::fixture(fixture, name);
        let (ir, _) = lower_to_ir(&spec, &options).unwrap();
        insta::assert_snapshot!(format!("{name}_ir"), ir.to_string());
    }
}

/// The spec as published, without the repairs: one warning per placeholder.
#[test]
fn seed_warnings() {
    let (_, warnings) = lower_to_ir(&seed_spec(), &unrepaired_options()).unwrap();
    let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    insta::assert_debug_snapshot!("seed_warnings", warnings);
}

#[test]
fn openapi_3_1_shapes_fixture_files() {
    let (spec, options) = tests::fixture("openapi-3.1-shapes.yaml", "shapes31");
    let output = generate(&spec, &options).unwrap();
    // The `allOf` conflict, naming both declarations, and the ring of one-branch unions.
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    for ring in [
        "#/components/schemas/ring-a:",
        "#/components/schemas/ring-b:",
    ] {
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(ring) && w.contains("without ever reaching")),
            "{warnings:?}"
        );
    }
    assert!(
        warnings[0].contains("#/components/schemas/merged/allOf/1/properties/x"),
        "{warnings:?}"
    );
    assert!(
        warnings[0].contains("#/components/schemas/merged/allOf/0/properties/x"),
        "{warnings:?}"
    );
    let models = output
        .files
        .iter()
        .find(|f| f.path.ends_with("models.rs"))
        .unwrap();
    insta::assert_snapshot!("openapi_3_1_shapes_models_rs", models.contents);
}

#[test]
fn shapes_fixture_files() {
    let (spec, options) = tests::fixture("shapes.yaml", "shapes");
    let output = generate(&spec, &options).unwrap();
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    for file in output
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
    {
        let name = format!("shapes_{}", file.path.display()).replace(['/', '.'], "_");
        insta::assert_snapshot!(name, file.contents);
    }
}

#[test]
fn multi_file_fixture_models() {
    let (spec, options) = tests::fixture("multi-file/api.yaml", "multi-file");
    let output = generate(&spec, &options).unwrap();
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let models = output
        .files
        .iter()
        .find(|f| f.path.ends_with("models.rs"))
        .unwrap();
    insta::assert_snapshot!("multi_file_models_rs", models.contents);
}
