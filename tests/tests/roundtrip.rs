//! JSON in, Rust values, JSON out: documents for every shape the spec allows decode into the
//! generated `Task` and encode back to the same JSON.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use codegen::pointer::Pointer;
use generated_client::models::{self, Task};
use serde_json::{Value, json};
use tests::{repaired_tree, workspace_root};

/// Equal as JSON: numbers compare by value, since a `number` field is an `f64` and writes
/// `1587667174725` back as `1587667174725.0`.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn round_trip(document: &Value, what: &str) -> Task {
    let task: Task = serde_json::from_value(document.clone())
        .unwrap_or_else(|e| panic!("{what} does not decode into Task: {e}\n{document:#}"));
    let written = serde_json::to_value(&task).unwrap();
    assert!(
        same_json(document, &written),
        "{what} does not round-trip\nread:    {document}\nwritten: {written}"
    );
    task
}

fn fixtures() -> Vec<(PathBuf, Value)> {
    let folder = workspace_root().join("tests/fixtures/tasks");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let value = serde_json::from_str(&text).unwrap();
            (path, value)
        })
        .collect()
}

#[test]
fn hand_written_tasks_round_trip() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 9, "fixtures missing");
    for (path, document) in fixtures {
        round_trip(&document, &path.display().to_string());
    }
}

fn fixture(name: &str) -> Task {
    let path = workspace_root().join("tests/fixtures/tasks").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn union_branches_decode_to_the_right_variants() {
    let source = |task: Task| {
        task.output
            .and_then(|o| o.upload)
            .and_then(|u| u.asset_spec)
            .map(|a| a.source)
            .unwrap()
    };
    assert!(matches!(
        source(fixture("upload-with-asset.json")),
        models::AssetSource::Url(models::AssetSourceUrl { ref url, .. }) if url == "https://example.com/in.mp4"
    ));
    assert!(matches!(
        source(fixture("recording.json")),
        models::AssetSource::Recording(models::AssetSourceRecording { ref session_id, .. }) if session_id == "s-9"
    ));
    // One branch owns two tag values: each value is its own variant over the same payload.
    assert!(matches!(
        source(fixture("direct-upload.json")),
        models::AssetSource::DirectUpload(_)
    ));
    assert!(matches!(
        source(fixture("clip.json")),
        models::AssetSource::Clip(_)
    ));

    let export = |task: Task| task.params.and_then(|p| p.export).unwrap();
    let custom = export(fixture("export-custom.json"));
    let models::ExportTaskParams::Custom(custom) = custom else {
        panic!("expected the custom branch, got {custom:?}");
    };
    assert_eq!(custom.url, "https://s3.amazonaws.com/bucket/file.mp4");
    assert_eq!(custom.headers.unwrap()["x-b"], "2");
    let ipfs = export(fixture("export-ipfs-pinata.json"));
    let models::ExportTaskParams::Ipfs(ipfs) = ipfs else {
        panic!("expected the ipfs branch, got {ipfs:?}");
    };
    assert!(matches!(
        ipfs.pinata,
        Some(models::IpfsExportParamsPinata::ApiKey(_))
    ));

    let creator = |task: Task| {
        task.params
            .and_then(|p| p.transcode_file)
            .and_then(|t| t.creator_id)
            .unwrap()
    };
    assert_eq!(
        creator(fixture("transcode-file.json")),
        models::InputCreatorId::String("helper-syntax-id".to_owned())
    );
    assert!(matches!(
        creator(fixture("transcode-file-creator-object.json")),
        models::InputCreatorId::Object(_)
    ));
}

#[test]
fn enums_name_values_and_keep_unknown_ones() {
    let task = fixture("upload-with-asset.json");
    let profiles = task.params.unwrap().upload.unwrap().profiles.unwrap();
    assert_eq!(
        profiles[0].encoder,
        Some(models::TranscodeProfileEncoder::H264)
    );
    assert_eq!(profiles[0].encoder.as_ref().unwrap().as_str(), "H.264");
    assert_eq!(
        profiles[1].encoder,
        Some(models::TranscodeProfileEncoder::Other("AV1".to_owned()))
    );
    assert_eq!(profiles[1].encoder.as_ref().unwrap().to_string(), "AV1");
    assert_eq!(task.r#type, Some(models::TaskType::Upload));
    let unknown: models::TaskStatusPhase = serde_json::from_value(json!("paused")).unwrap();
    assert_eq!(serde_json::to_value(&unknown).unwrap(), json!("paused"));
}

#[test]
fn undeclared_fields_survive_where_the_spec_allows_them() {
    let task = fixture("upload-with-asset.json");
    let upload = task.output.unwrap().upload.unwrap();
    assert_eq!(
        upload.additional_properties["undeclaredByTheSpec"],
        json!({"kept": [1, 2, 3]})
    );
    let merged = upload.additional_properties["undeclaredByTheSpec"].clone();
    assert_eq!(merged, json!({"kept": [1, 2, 3]}));
}

#[test]
fn repaired_fields_have_their_upstream_types() {
    let task = fixture("upload-with-asset.json");
    let upload = task.params.unwrap().upload.unwrap();
    // Required but write-only: a response may leave it out, so `Task` reads it as optional.
    assert_eq!(
        upload.encryption.unwrap().encrypted_key.as_deref(),
        Some("k")
    );
    let asset = task.output.unwrap().upload.unwrap().asset_spec.unwrap();
    let models::AssetSource::Url(source) = asset.source else {
        panic!("expected the url branch");
    };
    assert_eq!(
        source.encryption.unwrap().encrypted_key.as_deref(),
        Some("k")
    );
    let ipfs = asset.storage.unwrap().ipfs.unwrap();
    assert_eq!(ipfs.cid.as_deref(), Some("Qm2"));
    assert_eq!(ipfs.url.as_deref(), Some("ipfs://Qm2"));
    assert_eq!(
        ipfs.gateway_url.as_deref(),
        Some("https://gateway.ipfs.io/ipfs/Qm2")
    );

    let clip = fixture("clip.json").params.unwrap().clip.unwrap();
    let strategy = clip.clip_strategy.unwrap();
    assert_eq!(strategy.start_time, Some(1_587_667_174_725.0));
    assert_eq!(strategy.end_time, Some(1_587_667_184_725.0));
    assert_eq!(strategy.playback_id.as_deref(), Some("eaw4nk06ts2d0mzb"));

    let export = fixture("export-ipfs-nft.json")
        .params
        .unwrap()
        .export
        .unwrap();
    let models::ExportTaskParams::Ipfs(ipfs) = export else {
        panic!("expected the ipfs branch, got {export:?}");
    };
    assert_eq!(
        ipfs.nft_metadata_template,
        Some(models::IpfsExportParamsNftMetadataTemplate::Player)
    );
    assert_eq!(ipfs.nft_metadata.unwrap()["name"], json!("my clip"));
}

#[test]
fn repaired_fields_refuse_what_upstream_refuses() {
    // Encryption is an object now, not any value; a clip time is a number, not text.
    let bare_key = json!({"params": {"upload": {"url": "u", "encryption": "k"}}});
    assert!(serde_json::from_value::<Task>(bare_key).is_err());
    let text_time = json!({"params": {"clip": {"clipStrategy": {"startTime": "soon"}}}});
    assert!(serde_json::from_value::<Task>(text_time).is_err());
}

#[test]
fn new_fields_in_responses_are_ignored_not_fatal() {
    let task: Task = serde_json::from_value(json!({
        "id": "t", "addedLater": true, "status": {"phase": "pending", "updatedAt": 1, "newField": 1}
    }))
    .unwrap();
    assert_eq!(task.id.as_deref(), Some("t"));
}

#[test]
fn null_for_an_optional_nullable_field_reads_as_none() {
    let task: Task = serde_json::from_value(json!({
        "output": {"upload": {"assetSpec": {"id": "a", "name": "n", "source": {"type": "recording", "sessionId": "s"}, "playbackPolicy": null, "hash": null}}}
    }))
    .unwrap();
    let asset = task.output.unwrap().upload.unwrap().asset_spec.unwrap();
    assert_eq!(asset.playback_policy, None);
    assert_eq!(asset.hash, None);
}

/// Builds JSON documents for a schema of the spec: every property present, the spec's `example`
/// where it fits the declared type, and for each union and enum a chosen branch or value.
struct Synthesizer<'a> {
    root: &'a Value,
    /// Choice point (pointer) → option index, for this document.
    choices: &'a BTreeMap<String, usize>,
    /// Choice points met while building, with their number of options.
    met: BTreeMap<String, usize>,
    /// Object-valued `example`s that were placed in the document.
    object_examples: BTreeSet<String>,
}

impl Synthesizer<'_> {
    fn build(&mut self, node: &Value, at: &str, depth: usize) -> Value {
        assert!(depth < 32, "unexpected recursion at {at}");
        let Value::Object(schema) = node else {
            // A placeholder the generator types as `serde_json::Value`: anything goes.
            return json!({"placeholder": at});
        };
        if let Some(Value::String(reference)) = schema.get("$ref") {
            let target = Pointer::parse_fragment(reference).unwrap();
            return self.build(
                target.lookup(self.root).unwrap(),
                &target.to_string(),
                depth + 1,
            );
        }
        let example = schema.get("example");
        if let Some(Value::Array(branches)) = schema.get("oneOf") {
            let choice = self.choose(at, branches.len());
            return self.build(
                &branches[choice],
                &format!("{at}/oneOf/{choice}"),
                depth + 1,
            );
        }
        if let Some(Value::Array(values)) = schema.get("enum") {
            return values[self.choose(&format!("{at}/enum"), values.len())].clone();
        }
        let ty = match schema.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or("null"),
            _ if schema.contains_key("properties") => "object",
            _ => "any",
        };
        match ty {
            "object" => self.object(schema, example, at, depth),
            "array" => {
                let items = schema.get("items").cloned().unwrap_or(json!({}));
                json!([self.build(&items, &format!("{at}/items"), depth + 1)])
            }
            "string" => example
                .filter(|e| e.is_string())
                .cloned()
                .unwrap_or(json!("text")),
            "number" => example
                .filter(|e| e.is_number())
                .cloned()
                .unwrap_or(json!(1.5)),
            "integer" => example.filter(|e| e.is_i64()).cloned().unwrap_or(json!(7)),
            "boolean" => example
                .filter(|e| e.is_boolean())
                .cloned()
                .unwrap_or(json!(true)),
            _ => example.cloned().unwrap_or(json!({"any": [1, "two"]})),
        }
    }

    fn object(
        &mut self,
        schema: &serde_json::Map<String, Value>,
        example: Option<&Value>,
        at: &str,
        depth: usize,
    ) -> Value {
        let properties = schema.get("properties").and_then(Value::as_object);
        let Some(properties) = properties else {
            if let Some(example @ Value::Object(_)) = example {
                self.object_examples.insert(at.to_owned());
                return example.clone();
            }
            return match schema.get("additionalProperties") {
                Some(values @ Value::Object(_)) => {
                    json!({"key": self.build(values, &format!("{at}/additionalProperties"), depth + 1)})
                }
                _ => json!({"free": {"form": true}}),
            };
        };
        let mut out = serde_json::Map::new();
        for (name, property) in properties {
            if name == "$ref" {
                continue;
            }
            let value = self.build(property, &format!("{at}/properties/{name}"), depth + 1);
            out.insert(name.clone(), value);
        }
        if schema.get("additionalProperties") == Some(&Value::Bool(true)) {
            out.insert("undeclared".to_owned(), json!(["kept"]));
        }
        Value::Object(out)
    }

    fn choose(&mut self, at: &str, options: usize) -> usize {
        self.met.insert(at.to_owned(), options);
        self.choices.get(at).copied().unwrap_or(0)
    }
}

#[test]
fn documents_built_from_the_spec_round_trip() {
    let root = repaired_tree();
    let task_schema = &root["components"]["schemas"]["task"];
    // Each option of each choice point is covered once, in a document that keeps the choices
    // that led to the point (a union nested in a branch needs that branch chosen).
    let mut pending = vec![BTreeMap::new()];
    let mut queued: BTreeSet<(String, usize)> = BTreeSet::new();
    let mut documents = 0;
    let mut object_examples = BTreeSet::new();
    let mut choice_points = BTreeMap::new();
    while let Some(choices) = pending.pop() {
        let mut synthesizer = Synthesizer {
            root: &root,
            choices: &choices,
            met: BTreeMap::new(),
            object_examples: BTreeSet::new(),
        };
        let task = synthesizer.build(task_schema, "#/components/schemas/task", 0);
        round_trip(&task, &format!("the document for choices {choices:?}"));
        documents += 1;
        object_examples.extend(synthesizer.object_examples);
        for (point, options) in synthesizer.met {
            choice_points.insert(point.clone(), options);
            queued.insert((point.clone(), choices.get(&point).copied().unwrap_or(0)));
            for option in 0..options {
                if queued.insert((point.clone(), option)) {
                    let mut next = choices.clone();
                    next.insert(point.clone(), option);
                    pending.push(next);
                }
            }
        }
    }
    // Every branch of every union and every enum value was in some document.
    let unions = choice_points
        .keys()
        .filter(|p| !p.ends_with("/enum"))
        .count();
    assert!(
        unions >= 5,
        "expected the spec's unions among {choice_points:?}"
    );
    let options: usize = choice_points.values().sum();
    assert_eq!(
        queued.len(),
        options,
        "every option of {choice_points:?} covered"
    );
    assert!(documents > options - choice_points.len());
    // The spec's object examples were among them.
    for expected in [
        "#/components/schemas/task/properties/params/properties/exportData/properties/content",
        "#/components/schemas/playback-policy/properties/webhookContext",
    ] {
        assert!(
            object_examples.contains(expected),
            "{expected} not used: {object_examples:?}"
        );
    }
}
