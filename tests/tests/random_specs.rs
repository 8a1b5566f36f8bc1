//! Random small specs: names that are keywords, collide after case conversion or hold odd
//! characters; enums, consts, unions, nulls, maps, arrays and nesting. Every one must generate,
//! and a fixed sample of them must build and pass clippy with `-D warnings` as crates of their
//! own.

use std::path::Path;

use codegen::{Options, generate};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value, json};
use tests::{generated_crates_cargo, workspace_root};

/// Property and enum value names: Rust keywords, std names, case collisions, odd characters.
const NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "async",
    "fn",
    "match",
    "r#type",
    "Option",
    "Some",
    "None",
    "Result",
    "Box",
    "Vec",
    "String",
    "Default",
    "Error",
    "Client",
    "fooBar",
    "foo_bar",
    "FOO-BAR",
    "foo bar",
    "2fa",
    "_",
    "__",
    "-",
    "größe",
    "名前",
    "a.b",
    "$ref",
    "x-y",
    "",
    " ",
    "null",
    "true",
    "1.5",
    "Other",
    "Unknown",
    "additional_properties",
    "serde",
    "std",
];

/// Component names: as odd, but safe inside a `$ref` without escaping.
const COMPONENTS: &[&str] = &[
    "Task", "task", "TASK", "type", "Self", "self", "Option", "Result", "Vec", "Box", "Client",
    "Error", "foo-bar", "foo_bar", "FooBar", "2d", "Value", "Map", "Nullable", "Default",
];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(NAMES).prop_map(str::to_owned),
        1 => "[a-zA-Z_][a-zA-Z0-9_ -]{0,8}",
    ]
}

/// A schema; `refs` is how many components there are to refer to.
fn schema(refs: usize) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "integer", "format": "int32"})),
        Just(json!({"type": "integer", "format": "uint8"})),
        Just(json!({"type": "integer"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean"})),
        Just(json!({})),
        Just(json!({"type": ["string", "null"]})),
        Just(json!({"type": ["string", "integer"]})),
        Just(json!({"const": "fixed"})),
        Just(json!({"type": "string", "nullable": true})),
        proptest::collection::vec(name(), 1..5)
            .prop_map(|values| json!({"type": "string", "enum": values})),
        proptest::collection::vec(-3i64..3, 1..4)
            .prop_map(|values| json!({"type": "integer", "enum": values})),
        (0..refs.max(1)).prop_map(move |i| {
            if refs == 0 {
                json!({"type": "string"})
            } else {
                json!({"$ref": format!("#/components/schemas/{}", COMPONENTS[i])})
            }
        }),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            (
                proptest::collection::vec((name(), inner.clone(), any::<bool>()), 1..5),
                any::<bool>(),
                any::<bool>()
            )
                .prop_map(|(fields, closed, with_null)| {
                    let mut properties = Map::new();
                    let mut required = Vec::new();
                    for (name, schema, is_required) in fields {
                        if is_required && !properties.contains_key(&name) {
                            required.push(Value::String(name.clone()));
                        }
                        properties.insert(name, schema);
                    }
                    let mut object = json!({"type": "object", "properties": properties});
                    if !required.is_empty() {
                        object["required"] = Value::Array(required);
                    }
                    if closed {
                        object["additionalProperties"] = json!(false);
                    }
                    if with_null {
                        object["nullable"] = json!(true);
                    }
                    object
                }),
            inner
                .clone()
                .prop_map(|items| json!({"type": "array", "items": items})),
            inner
                .clone()
                .prop_map(|values| json!({"type": "object", "additionalProperties": values})),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|branches| json!({"oneOf": branches})),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(|branches| json!({"anyOf": branches})),
            proptest::collection::vec(inner, 1..3).prop_map(|parts| json!({"allOf": parts})),
            // A union tagged by a `kind` enum in each branch.
            proptest::collection::vec(name(), 2..4).prop_map(|tags| {
                let branches: Vec<Value> = tags
                    .iter()
                    .map(|tag| json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": [tag]}, "value": {"type": "integer"}}}))
                    .collect();
                json!({"oneOf": branches})
            }),
        ]
    })
}

/// A spec with 1 to 5 components and an operation that reads the first.
fn spec() -> impl Strategy<Value = Value> {
    (1..=5usize)
        .prop_flat_map(|count| proptest::collection::vec(schema(count), count))
        .prop_map(|schemas| {
            let components: Map<String, Value> = COMPONENTS
                .iter()
                .map(|name| (*name).to_owned())
                .zip(schemas)
                .collect();
            json!({
                "openapi": "3.0.3",
                "info": {"title": "random", "version": "1"},
                "paths": {"/things/{id}": {"get": {
                    "operationId": "getThing",
                    "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": format!("#/components/schemas/{}", COMPONENTS[0])}
                    }}}}
                }}},
                "components": {"schemas": components},
            })
        })
}

fn options(crate_name: &str) -> Options {
    Options {
        crate_name: crate_name.to_owned(),
        spec_name: "random.json".to_owned(),
        ..Options::default()
    }
}

proptest! {
    #![proptest_config(Config { cases: 256, ..Config::default() })]

    #[test]
    fn every_random_spec_generates(spec in spec()) {
        let text = serde_json::to_string_pretty(&spec).unwrap();
        // A component that is only a reference to itself, or a ring of such, is the one
        // error a random spec may rightly meet.
        if let Err(errors) = generate(&text, &options("random")) {
            let expected = errors
                .errors()
                .all(|e| e.message.contains("reference cycle that never reaches a schema"));
            prop_assert!(expected, "{}\n{}", errors, text);
        }
    }
}

/// The same specs on every run, so that a failure can be reproduced.
fn sample(count: usize) -> Vec<Value> {
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = spec();
    (0..count)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

#[test]
fn a_sample_of_random_specs_builds_and_lints_clean() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("random-specs");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut members = Vec::new();
    for (i, spec) in sample(12).into_iter().enumerate() {
        let name = format!("random-{i}");
        let text = serde_json::to_string_pretty(&spec).unwrap();
        let output = generate(&text, &options(&name)).unwrap();
        for file in &output.files {
            let path = scratch.join(&name).join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &file.contents).unwrap();
        }
        std::fs::write(scratch.join(&name).join("spec.json"), &text).unwrap();
        members.push(format!("\"{name}\""));
    }
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    // This workspace's lock file pins the same versions, already downloaded.
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        scratch.join("Cargo.lock"),
    )
    .unwrap();
    let result = generated_crates_cargo(&scratch)
        .args([
            "clippy",
            "--offline",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "the crates in {} do not build clean:\n{}",
        scratch.display(),
        String::from_utf8_lossy(&result.stderr)
    );
}
