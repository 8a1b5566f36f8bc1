//! The generator on the vendored spec: the checked-in crate is what it produces, it produces
//! the same bytes every time, the spec's flaws are reported precisely, and with the repairs in
//! `spec/overlays/` the types are exact.

use codegen::{Severity, generate, lower_to_ir};
use tests::{default_options, expanded, seed_spec, unrepaired_options, workspace_root};

#[test]
fn checked_in_client_is_what_the_generator_makes() {
    let output = generate(&seed_spec(), &default_options()).unwrap();
    let crate_dir = workspace_root().join("generated-client");
    let mut stale = Vec::new();
    for file in &output.files {
        let existing = std::fs::read_to_string(crate_dir.join(&file.path)).unwrap_or_default();
        if existing != file.contents {
            stale.push(file.path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale: {stale:?}; run `cargo xtask codegen`"
    );
    let names: Vec<_> = output
        .files
        .iter()
        .map(|f| f.path.display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "rustfmt.toml",
            "src/lib.rs",
            "src/models.rs",
            "src/client.rs",
            "src/operations.rs",
            "src/operations/task.rs",
            "src/example_tests.rs",
            "api.json"
        ]
    );
}

#[test]
fn output_is_deterministic() {
    let first = generate(&seed_spec(), &default_options()).unwrap();
    for _ in 0..3 {
        let again = generate(&seed_spec(), &default_options()).unwrap();
        assert_eq!(first.files, again.files);
        assert_eq!(first.warnings, again.warnings);
    }
}

#[test]
fn every_generated_file_is_marked_generated() {
    let output = generate(&seed_spec(), &default_options()).unwrap();
    for file in output.files {
        let first = file.contents.lines().next().unwrap_or_default();
        assert!(
            first.contains("@generated"),
            "{}: {first}",
            file.path.display()
        );
    }
}

#[test]
fn each_placeholder_gets_one_warning_with_pointer_and_line() {
    let output = generate(&seed_spec(), &unrepaired_options()).unwrap();
    let found: Vec<(String, usize, usize)> = output
        .warnings
        .iter()
        .map(|w| {
            assert_eq!(w.severity, Severity::Warning);
            let location = w.location.expect("every warning has a line");
            (w.pointer.to_string(), location.line, location.column)
        })
        .collect();
    let task = "#/components/schemas/task/properties/params/properties";
    let expected = [
        (format!("{task}/upload/properties/encryption"), 160, 29),
        (
            format!("{task}/clip/properties/clipStrategy/properties/startTime"),
            281,
            32,
        ),
        (
            format!("{task}/clip/properties/clipStrategy/properties/endTime"),
            282,
            30,
        ),
        (
            format!("{task}/clip/properties/clipStrategy/properties/playbackId"),
            283,
            33,
        ),
        (
            "#/components/schemas/ipfs-export-params/properties/$ref".to_owned(),
            528,
            15,
        ),
        (
            "#/components/schemas/asset/properties/source/oneOf/0/properties/encryption".to_owned(),
            653,
            29,
        ),
        (
            "#/components/schemas/asset/properties/source/oneOf/2/properties/encryption".to_owned(),
            675,
            29,
        ),
        (
            "#/components/schemas/asset/properties/storage/properties/ipfs/properties/$ref"
                .to_owned(),
            713,
            23,
        ),
    ];
    assert_eq!(found, expected);
    let spec = seed_spec();
    let lines: Vec<&str> = spec.lines().collect();
    for (warning, (_, line, column)) in output.warnings.iter().zip(expected) {
        // The line and column point at the placeholder itself, which the message quotes.
        let at = &lines[line - 1][column - 1..];
        assert!(
            warning.message.contains(at.trim()),
            "{} vs {at}",
            warning.message
        );
    }
}

/// One file of the crate generated from the seed with `options`.
fn file_with(options: &codegen::Options, path: &str) -> String {
    let file = generate(&seed_spec(), options)
        .unwrap()
        .files
        .into_iter()
        .find(|f| f.path.ends_with(path))
        .unwrap_or_else(|| panic!("no {path}"));
    expanded(&file.contents)
}

/// One file of the crate generated from the repaired seed, the checked-in one.
fn seed_file(path: &str) -> String {
    file_with(&default_options(), path)
}

/// The declaration of `field` in `pub struct ty` in `models`, on one line.
fn field_in(models: &str, ty: &str, field: &str) -> String {
    let start = models
        .find(&format!("pub struct {ty} {{"))
        .unwrap_or_else(|| panic!("no struct {ty}"));
    let body = &models[start..start + models[start..].find("\n}").unwrap()];
    let from = body
        .find(&format!("pub {field}:"))
        .unwrap_or_else(|| panic!("{ty}.{field} missing"));
    let declaration = &body[from..];
    // Up to the comma that ends the field, outside the type's angle brackets.
    let mut depth = 0i32;
    let end = declaration
        .char_indices()
        .find(|&(_, c)| {
            depth += i32::from(c == '<') - i32::from(c == '>');
            c == ',' && depth == 0
        })
        .map_or(declaration.len(), |(i, _)| i + 1);
    let words: String = declaration[..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // prettyplease puts a trailing comma in a type it breaks over lines.
    words.replace(", >", ">").replace(",>", ">")
}

#[test]
fn placeholders_are_typed_as_json_values() {
    let models = file_with(&unrepaired_options(), "src/models.rs");
    let field = |ty: &str, field: &str| {
        let start = models.find(&format!("pub struct {ty} {{")).unwrap();
        let body = &models[start..start + models[start..].find("\n}").unwrap()];
        let line = body
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("pub {field}:")))
            .unwrap_or_else(|| panic!("{ty}.{field} missing"));
        line.trim().to_owned()
    };
    let value = "Option<Value>";
    assert_eq!(
        field("TaskParamsUpload", "encryption"),
        format!("pub encryption: {value},")
    );
    assert_eq!(
        field("TaskParamsClipClipStrategy", "start_time"),
        format!("pub start_time: {value},")
    );
    assert_eq!(
        field("AssetSourceUrl", "encryption"),
        format!("pub encryption: {value},")
    );
}

#[test]
fn the_repaired_spec_has_no_warnings_and_exact_types() {
    let output = generate(&seed_spec(), &default_options()).unwrap();
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let models = seed_file("src/models.rs");
    let option = |ty: &str| format!("Option<{ty}>");
    for (ty, field, expected) in [
        (
            "TaskParamsUpload",
            "encryption",
            option("TaskParamsUploadEncryption"),
        ),
        (
            "TaskParamsUploadEncryption",
            "encrypted_key",
            // Required but write-only: optional in a type read from responses.
            option("String"),
        ),
        ("TaskParamsClipClipStrategy", "start_time", option("f64")),
        ("TaskParamsClipClipStrategy", "end_time", option("f64")),
        (
            "TaskParamsClipClipStrategy",
            "playback_id",
            option("String"),
        ),
        (
            "AssetSourceUrl",
            "encryption",
            option("AssetSourceUrlEncryption"),
        ),
        (
            "AssetSourceDirectUpload",
            "encryption",
            option("AssetSourceDirectUploadEncryption"),
        ),
        (
            "IpfsExportParams",
            "nft_metadata_template",
            option("IpfsExportParamsNftMetadataTemplate"),
        ),
        ("AssetStorageIpfs", "cid", option("String")),
        ("AssetStorageIpfs", "gateway_url", option("String")),
    ] {
        let declared: String = field_in(&models, ty, field).split_whitespace().collect();
        let expected = format!("pub{field}:{expected},").replace(' ', "");
        assert_eq!(declared, expected, "{ty}.{field}");
    }
    // No placeholder is left to catch undeclared fields.
    for ty in ["IpfsExportParams", "AssetStorageIpfs"] {
        let start = models.find(&format!("pub struct {ty} {{")).unwrap();
        let body = &models[start..start + models[start..].find("\n}").unwrap()];
        assert!(!body.contains("additional_properties"), "{body}");
    }
}

/// The repairs give the same types as Livepeer's own resolved document, where nothing was lost.
#[test]
fn the_repaired_spec_means_what_the_upstream_document_means() {
    let resolved = std::fs::read_to_string(
        workspace_root().join("../shared/seed/livepeer-task-openapi.resolved.yaml"),
    );
    let Ok(resolved) = resolved else {
        eprintln!("skipped: ../shared/seed is not beside the workspace");
        return;
    };
    let repaired = file_with(&default_options(), "src/models.rs");
    let upstream = generate(&resolved, &unrepaired_options()).unwrap();
    assert!(upstream.warnings.is_empty(), "{:?}", upstream.warnings);
    let upstream = upstream
        .files
        .into_iter()
        .find(|f| f.path.ends_with("src/models.rs"))
        .unwrap();
    let upstream = expanded(&upstream.contents);
    // The same lines, in another order: an overlay appends the properties it adds, so fields
    // may come in another order; types, names, attributes and docs may not differ. A field's
    // line in its struct's `object!` call starts with its position (`3 => `), left out here.
    let sorted = |text: &str| {
        let unnumbered = |line: &str| match line.split_once(" => ") {
            Some((index, rest)) if index.bytes().all(|b| b.is_ascii_digit()) => rest.to_owned(),
            _ => line.to_owned(),
        };
        let mut lines: Vec<String> = text.lines().map(|l| unnumbered(l.trim())).collect();
        lines.sort();
        lines
    };
    assert_eq!(sorted(&repaired), sorted(&upstream));
}

/// Only a problem with the document as a whole fails a run; local defects are warnings
/// (`tests/real_world.rs`). Reference cycles that never reach a schema stay errors.
#[test]
fn broken_documents_fail_with_a_location_and_never_panic() {
    let cases = [
        (
            "swagger: '2.0'\ninfo: {title: x}\n",
            "#/swagger",
            "Swagger 2.0 is not supported",
        ),
        ("openapi: 3.1.0\npaths: [\n", "#", "not valid YAML"),
        (
            "openapi: 4.0.0\n",
            "#/openapi",
            "OpenAPI 4.0.0 is not supported",
        ),
        ("- a\n- b\n", "#", "must be a mapping"),
        ("", "#", "must be a mapping"),
        (
            "openapi: 3.0.3\ncomponents:\n  schemas:\n    a: {$ref: '#/components/schemas/b'}\n    b: {$ref: '#/components/schemas/a'}\n",
            "#/components/schemas/a",
            "reference cycle",
        ),
    ];
    for (spec, pointer, message) in cases {
        let errors = generate(spec, &default_options()).unwrap_err();
        let error = errors
            .errors()
            .next()
            .unwrap_or_else(|| panic!("no error for {spec}"));
        assert_eq!(error.pointer.to_string(), pointer, "{spec}");
        assert!(error.message.contains(message), "{spec}: {}", error.message);
        assert!(error.location.is_some(), "{spec}: no line for {error}");
    }
}

#[test]
fn the_ir_names_types_by_their_place_in_the_spec() {
    let (ir, _) = lower_to_ir(&seed_spec(), &default_options()).unwrap();
    let names: Vec<&str> = ir.types.iter().map(|t| t.name.as_str()).collect();
    for expected in [
        "Task",
        "TranscodeProfile",
        "TaskStatus",
        "TaskStatusPhase",
        "TaskParamsUpload",
        "ExportTaskParams",
        "InputCreatorId",
        "AssetSource",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "type names collide");
    assert_eq!(ir.operations.len(), 1);
    assert_eq!(ir.operations[0].name, "get_task");
}

#[test]
fn deprecation_and_examples_reach_the_docs() {
    let models = seed_file("src/models.rs");
    let user_id = models.find("pub user_id:").unwrap();
    let docs = &models[models[..user_id].rfind("pub ").unwrap()..user_id];
    assert!(docs.contains("/// **Deprecated** by the API."), "{docs}");
    assert!(
        docs.contains("/// Example: `\"66E2161C-7670-4D05-B71D-DA2D6979556F\"`"),
        "{docs}"
    );
}

#[test]
fn the_specs_examples_become_tests_of_the_generated_crate() {
    let output = generate(&seed_spec(), &default_options()).unwrap();
    let sources = |outcome: fn(&codegen::ir::ExampleCheck) -> bool| -> Vec<String> {
        output
            .ir
            .examples
            .iter()
            .filter(|e| outcome(e))
            .map(|e| e.source.to_string())
            .collect()
    };
    // Examples whose round trip runs through generated code (an enum's) are tested; those of
    // strings and numbers, which round-trip whenever they fit, are not.
    let tested = sources(|e| e.test().is_some());
    let certain = sources(|e| e.outcome == codegen::ir::ExampleOutcome::Certain);
    assert_eq!(tested.len(), 20, "{tested:?}");
    // Two types are aliases of others of the same shape (shared shapes): their properties'
    // examples are not collected again.
    assert_eq!(certain.len(), 85, "{certain:?}");
    for expected in [
        "#/components/schemas/transcode-profile/properties/encoder",
        "#/components/schemas/task/properties/status/properties/phase",
    ] {
        assert!(
            tested.iter().any(|c| c == expected),
            "{expected} not tested"
        );
    }
    for expected in [
        "#/components/schemas/task/properties/createdAt",
        "#/components/schemas/task/properties/params/properties/exportData/properties/content",
        "#/components/schemas/playback-policy/properties/webhookContext",
    ] {
        assert!(certain.iter().any(|c| c == expected), "{expected} tested");
    }
    // The spec's one mismatched example (`gop: 2` for a string) is listed, not tested.
    let unfit: Vec<(String, String)> = output
        .ir
        .examples
        .iter()
        .filter_map(|e| Some((e.source.to_string(), e.unfit()?.to_owned())))
        .collect();
    assert_eq!(
        unfit,
        [(
            "#/components/schemas/transcode-profile/properties/gop".to_owned(),
            "`2` is not a string".to_owned()
        )]
    );
    let tests = output
        .files
        .iter()
        .find(|f| f.path.ends_with("example_tests.rs"))
        .expect("an example test module");
    let code: String = tests.contents.split_whitespace().collect();
    assert!(code.contains("round_trip::<crate::models::TranscodeProfileEncoder,>(\"#/components/schemas/transcode-profile/properties/encoder\",\"\\\"H.264\\\"\");"), "{code}");
}

#[test]
fn long_chains_of_references_do_not_overflow_the_stack() {
    // Each schema's inline property refers to the next schema's inline property: lowering
    // must not recurse once per link.
    let links = 2000;
    let mut spec = String::from("openapi: 3.1.0\ncomponents:\n  schemas:\n");
    for i in 0..links {
        let next = if i + 1 < links {
            format!("{{$ref: '#/components/schemas/c{}/properties/p'}}", i + 1)
        } else {
            "{type: string}".to_owned()
        };
        spec.push_str(&format!(
            "    c{i}: {{type: object, properties: {{p: {{type: object, properties: {{q: {next}}}}}}}}}\n"
        ));
    }
    let output = generate(&spec, &default_options()).unwrap();
    assert_eq!(output.ir.types.len(), 2 * links);
}
