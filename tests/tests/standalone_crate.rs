//! Generated crates outside this workspace: the seed's client and the `shapes` fixture's are
//! generated into a scratch workspace beside a downstream crate that uses them. There they must
//! pass clippy with `-D warnings`, their doctests must compile (and their spec's code blocks must
//! not run), and the downstream crate's tests exercise the types at run time.

use std::path::Path;

use codegen::{Options, generate};
use tests::{default_options, fixture, generated_crates_cargo, seed_spec, workspace_root};

const DOWNSTREAM_MANIFEST: &str = r#"[package]
name = "downstream"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
generated-client = { path = "../client" }
shapes = { path = "../shapes" }
shapes31 = { path = "../shapes31" }
multi-file = { path = "../multi-file" }
multi-file-members = { path = "../multi-file-members" }
real-world = { path = "../real-world" }
local-defects = { path = "../local-defects" }

[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt"] }
serde_json = "1"
serde = "1"
"#;

const DOWNSTREAM_LIB: &str = r#"
//! Uses the generated crates as a downstream crate would.

/// The client contract, exactly as the foundation issue promises it.
pub async fn contract() -> Result<(), generated_client::Error> {
    let client = generated_client::Client::builder()
        .base_url("http://127.0.0.1:8080/api")
        .bearer_token("secret")
        .build()?;
    let task: generated_client::models::Task = client.get_task("task-id").await?;
    let _ = task;
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};
    use shapes::models;

    fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
        let typed: T = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&typed).unwrap(), value);
        typed
    }

    #[test]
    fn contract_types() {
        fn clone_debug<T: Clone + std::fmt::Debug>() {}
        fn error<T: std::error::Error + Send + Sync + 'static>() {}
        clone_debug::<generated_client::Client>();
        error::<generated_client::Error>();
        let _ = super::contract;
        let err = generated_client::Client::builder().base_url("nope").build().unwrap_err();
        assert_eq!(err.kind(), generated_client::ErrorKind::Config);
        assert_eq!(err.status(), None);
    }

    #[test]
    fn recursive_types() {
        let node: models::Node = round_trip(json!({
            "name": "root",
            "parent": {"name": "up", "parent": {"name": "top"}},
            "children": [{"name": "a", "children": [{"name": "b"}]}],
            "byName": {"x": {"name": "x"}},
            "first": {"pong": {"ping": {"pong": {"ping": {}}}}}
        }));
        assert_eq!(node.parent.unwrap().parent.unwrap().name, "top");
    }

    #[test]
    fn colliding_names_stay_apart() {
        for (value, expected) in [
            ("H.264", models::Codec::H264),
            ("H264", models::Codec::H264_2),
            ("h_264", models::Codec::H264_3),
            ("Other", models::Codec::Other),
            ("", models::Codec::Empty),
            ("1080p", models::Codec::_1080p),
            ("AV1", models::Codec::Other2("AV1".to_owned())),
        ] {
            assert_eq!(round_trip::<models::Codec>(json!(value)), expected);
        }
        let _: models::Task = round_trip(json!({"a": "1"}));
        let _: models::Task2 = round_trip(json!({"b": "2"}));
        let _: models::Task3 = round_trip(json!({"c": "3"}));
        let _: models::Option = round_trip(json!({"some": "x"}));
        let _: models::Box = round_trip(json!({"inner": {"some": "y"}}));
        let _: models::Vec = round_trip(json!([{"value": 1}]));
        let _: models::Result = round_trip(json!("text"));
        let _: models::Self_ = round_trip(json!({"self": "me"}));
        let value: models::Value = round_trip(json!({"map": {"n": 1, "k": "v"}, "any": [1]}));
        assert_eq!(value.map.unwrap().additional_properties["k"], "v");
        let _: models::BTreeMap = round_trip(json!({"x": null}));
        assert_eq!(round_trip::<models::Serialize>(json!("a")), models::Serialize::A);
        let _: models::Some = round_trip(json!({"x": "y"}));
        let _: models::None = round_trip(json!("nothing"));
        let _: models::Ok = round_trip(json!(1));
    }

    #[test]
    fn keywords_and_snake_case_collisions() {
        let k: models::Keywords = round_trip(json!({
            "type": "t", "self": "s", "Self": "S", "crate": "c", "super": "p", "async": true,
            "fooBar": 1, "foo_bar": 2, "2fa": false, "additional_properties": "declared",
            "größe": 1.5, "undeclared": {"kept": true}
        }));
        assert_eq!((k.foo_bar, k.foo_bar_2), (Some(1), Some(2)));
        assert_eq!(k.self_2.as_deref(), Some("S"));
        assert_eq!(k.additional_properties_2["undeclared"], json!({"kept": true}));
    }

    #[test]
    fn nulls() {
        let n: models::NullableThings = round_trip(json!({"required_nullable": null}));
        assert_eq!(n.required_nullable, None);
        let _: models::NullableThings = round_trip(json!({
            "required_nullable": "x", "optional_nullable": 3,
            "union_with_null": "text", "items_nullable": ["a", null]
        }));
        let with_task: models::NullableThings =
            round_trip(json!({"required_nullable": "x", "union_with_null": {"a": "b"}}));
        assert!(matches!(with_task.union_with_null, Some(models::NullableThingsUnionWithNull::Task(_))));
    }

    #[test]
    fn openapi_3_1_shapes() {
        use shapes31::models as m;
        let holder: m::Holder = round_trip(json!({
            "id": "abc", "pair": ["p", {"x": 1.5}], "headers": {"x-a": 1, "x-b": 2},
            "priority": 2, "level": 10, "nested": [[1, "a"], []]
        }));
        assert_eq!(holder.id, Some(m::IdOrCount::String("abc".to_owned())));
        assert_eq!(holder.pair.unwrap().1.x, 1.5);
        let counted: m::Holder = round_trip(json!({"id": 7}));
        assert_eq!(counted.id, Some(m::IdOrCount::Integer(7)));
        let null: m::Holder = serde_json::from_value(json!({"id": null})).unwrap();
        assert_eq!(null.id, None);
        // A closed tuple refuses extra items; an open prefix keeps them.
        assert!(serde_json::from_value::<m::Pair>(json!(["p", {"x": 1.0}, "extra"])).is_err());
        let _: m::OpenPrefix = round_trip(json!(["p", 1, true]));
        assert_eq!(round_trip::<m::AnythingScalar>(json!(true)), m::AnythingScalar::Boolean(true));
        assert_eq!(round_trip::<m::AnythingScalar>(json!(1.5)), m::AnythingScalar::Number(1.5));
        assert!(matches!(round_trip(json!("s")), m::AnythingScalar::String(_)));
        let _: m::Mixed = round_trip(json!("two"));
        let refs: m::Holder = round_trip(json!({"escaped": {"z": true}, "spaced": "no", "documented": {"x": 2.5}}));
        assert_eq!(refs.escaped.unwrap().z, Some(true));
        assert_eq!(refs.spaced, Some(m::WithSpace::No));
        let loose: m::Holder = round_trip(json!({
            "anything": {"a": [1]}, "also-anything": 3, "either": 5,
            "maybe-point": {"x": 1.0}, "maybe-color": "green"
        }));
        assert_eq!(loose.either, Some(m::HolderEither::Integer(5)));
        assert_eq!(loose.maybe_point.unwrap().x, 1.0);
        assert_eq!(loose.maybe_color, Some(m::HolderMaybeColor::Green));
        let nulls: m::Holder = serde_json::from_value(json!({"maybe-point": null, "maybe-color": null})).unwrap();
        assert_eq!((nulls.maybe_point, nulls.maybe_color), (None, None));
        let scores: m::Scores = round_trip(json!({"total": 7, "alice": 3, "bob": 4}));
        assert_eq!((scores.total, scores.additional_properties["bob"]), (7, 4));
        assert!(serde_json::from_value::<m::Scores>(json!({"total": 1, "carol": "x"})).is_err());
        let lists: m::NestedLists = round_trip(json!([[], [[]]]));
        assert_eq!(lists.0.len(), 2);
        let _: m::RingA = round_trip(json!({"anything": 1}));
        let merged: m::Merged = round_trip(json!({"x": 3}));
        assert_eq!(merged.x, 3);
        // A `const` accepts its value and nothing else, and tags unions.
        let _: m::VersionOne = round_trip(json!(1));
        assert!(serde_json::from_value::<m::VersionOne>(json!(2)).is_err());
        let flagged: m::Holder = round_trip(json!({"version": 1, "flag": true}));
        assert!(flagged.flag.is_some());
        assert!(serde_json::from_value::<m::Holder>(json!({"flag": false})).is_err());
        assert!(matches!(round_trip(json!({"kind": "circle", "r": 1.0})), m::Shape::Circle(_)));
        assert!(matches!(round_trip(json!({"kind": "square", "side": 2.0})), m::Shape::Square(_)));
    }

    #[test]
    fn types_from_other_files() {
        use multi_file::models as m;
        let owner: m::Owner = round_trip(json!({
            "pets": [{"name": "rex", "tags": ["cute", "new-tag"], "owner": {"pets": []}}]
        }));
        assert_eq!(owner.pets[0].tags.as_ref().unwrap()[0], m::Tag::Cute);
        let _future = async {
            let client = multi_file::Client::builder().base_url("http://127.0.0.1:1").build()?;
            let pet: m::Pet = client.get_pet("rex").await?;
            Ok::<_, multi_file::Error>(pet)
        };
    }

    #[test]
    fn a_union_inside_all_of_reads_and_writes_beside_the_fields() {
        use real_world::models as m;
        let owned: m::Owned = round_trip(json!({"id": "k1", "kind": "key", "userId": "u1", "label": "x"}));
        assert_eq!(owned.variant, m::OwnedVariant::UserId("u1".to_owned()));
        assert_eq!(owned.label.as_deref(), Some("x"));
        let owned: m::Owned = round_trip(json!({"id": "k2", "kind": "key", "teamId": "t1"}));
        assert_eq!(owned.variant, m::OwnedVariant::TeamId("t1".to_owned()));
        let rotated: m::KeyRotated = round_trip(json!({"at": "now", "actor": "a", "previous": "p"}));
        assert_eq!((rotated.at.as_str(), rotated.previous.as_str()), ("now", "p"));
    }

    #[test]
    fn a_mapping_through_references_reads_its_tags() {
        use real_world::models as m;
        assert!(matches!(round_trip(json!({"kind": "key", "id": "k"})), m::KeyEvent::Key(_)));
        assert!(matches!(round_trip(json!({"kind": "revoked", "reason": "r"})), m::KeyEvent::Revoked(_)));
        assert!(matches!(round_trip(json!({"kind": "expired"})), m::KeyEvent::Expired(_)));
        assert!(matches!(round_trip(json!({"kind": "lost"})), m::KeyEvent::Unknown(_)));
        let bounds: m::Bounds = round_trip(json!({"low": -9223372036854775808i64, "high": 18446744073709551615u64}));
        assert_eq!(bounds.high, Some(u64::MAX));
    }

    #[test]
    fn local_defects_leave_the_rest_typed() {
        use local_defects::models as m;
        let item: m::Item = round_trip(json!({"id": "i", "owner": {"any": ["json"]}, "count": 3}));
        assert_eq!(item.owner, Some(json!({"any": ["json"]})));
        assert!(matches!(round_trip(json!({"kind": "square", "side": 1.0})), m::Shape::Square(_)));
    }

    #[test]
    fn absent_null_and_value_are_three_states_in_requests() {
        use models::Nullable;
        let leave = models::PetUpdate::new().with_age(3);
        assert_eq!(serde_json::to_value(&leave).unwrap(), json!({"age": 3}));
        let clear = models::PetUpdate::new().with_nickname(Nullable::Null);
        assert_eq!(serde_json::to_value(&clear).unwrap(), json!({"nickname": null}));
        let set = models::PetUpdate::new().with_nickname("rex".to_owned());
        assert_eq!(set.nickname, Some(Nullable::Value("rex".to_owned())));
        assert_eq!(serde_json::to_value(&set).unwrap(), json!({"nickname": "rex"}));
        assert_eq!(round_trip::<models::PetUpdate>(json!({"nickname": null})).nickname, Some(Nullable::Null));
        assert_eq!(round_trip::<models::PetUpdate>(json!({})).nickname, None);
    }

    #[test]
    fn read_only_and_write_only_are_required_only_where_they_travel() {
        // Read from responses: the read-only `id` is there, the write-only `password` is not.
        let account: models::Account = round_trip(json!({"id": "a1"}));
        assert_eq!((account.id.as_str(), account.password), ("a1", None));
        assert!(serde_json::from_value::<models::Account>(json!({"password": "p"})).is_err());
        // Sent in requests: callers never have to invent the read-only `id`.
        let input = models::AccountInput::new("secret");
        assert_eq!(serde_json::to_value(&input).unwrap(), json!({"password": "secret"}));
        // Both ways: neither is required.
        let _: models::Profile = round_trip(json!({}));
    }

    #[tokio::test]
    async fn a_json_body_is_sent_with_its_content_type() {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut chunk = [0u8; 4096];
            while !String::from_utf8_lossy(&request).contains("{\"nickname\":null}") {
                let n = stream.read(&mut chunk).unwrap();
                assert!(n > 0, "the request ended early: {}", String::from_utf8_lossy(&request));
                request.extend_from_slice(&chunk[..n]);
            }
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 12\r\nconnection: close\r\n\r\n{\"id\": \"a9\"}")
                .unwrap();
            String::from_utf8_lossy(&request).into_owned()
        });
        let client = shapes::Client::builder().base_url(url).build().unwrap();
        let body = models::PetUpdate::default().with_nickname(models::Nullable::Null);
        let account = client.update_pet("rex", &body).await.unwrap();
        assert_eq!(account.id, "a9");
        let request = server.join().unwrap();
        assert!(request.starts_with("PATCH /pets/rex HTTP/1.1\r\n"), "{request}");
        assert!(request.to_ascii_lowercase().contains("content-type: application/json\r\n"), "{request}");
        assert!(request.ends_with("\r\n\r\n{\"nickname\":null}"), "{request}");
    }

    /// A `default` response given by a reference to another file is decoded into its type.
    #[tokio::test]
    async fn a_default_response_from_another_file_is_decoded() {
        use std::io::{Read, Write};
        use multi_file_members::{models, ErrorBody};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = Vec::new();
            let mut chunk = [0u8; 4096];
            while !String::from_utf8_lossy(&request).contains("\r\n\r\n") {
                let n = stream.read(&mut chunk).unwrap();
                assert!(n > 0, "the request ended early");
                request.extend_from_slice(&chunk[..n]);
            }
            let body = "{\"message\": \"no such item\"}";
            let reply = format!(
                "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
                 content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(reply.as_bytes()).unwrap();
        });
        let client = multi_file_members::Client::builder()
            .base_url(url)
            .bearer_token("secret")
            .retry_policy(multi_file_members::RetryPolicy::never())
            .build()
            .unwrap();
        let error = client.operation_get().await.unwrap_err();
        server.join().unwrap();
        assert_eq!(error.status(), Some(503));
        let Some(ErrorBody::Error(body)) = error.error_body() else {
            panic!("{error:?}");
        };
        assert_eq!(body, &models::Error::new("no such item"));
    }

    #[test]
    fn unions() {
        assert!(matches!(round_trip(json!({"kind": "kitty", "lives": 9})), models::Pet::Kitty(_)));
        assert!(matches!(round_trip(json!({"kind": "dog", "good": true})), models::Pet::Dog(_)));
        assert!(matches!(round_trip(json!({"kind": "bird", "wings": 2})), models::Pet::Unknown(_)));
        assert_eq!(round_trip::<models::NumberOrText>(json!(1)), models::NumberOrText::Integer(1));
        assert_eq!(round_trip::<models::NumberOrText>(json!(1.5)), models::NumberOrText::Number(1.5));
        assert!(matches!(round_trip(json!("x")), models::NumberOrText::String(_)));
        let merged: models::Merged = round_trip(json!({"a": "x", "extra": true}));
        assert!(merged.extra);
        assert!(serde_json::from_value::<models::Merged>(json!({"a": "x"})).is_err());
    }

    #[test]
    fn tagged_unions_read_their_tag_and_keep_what_they_do_not_know() {
        let attached = round_trip(json!({"state": "attached", "instance": "i-1"}));
        assert!(matches!(&attached, models::DiskState::Attached(a) if a.instance == "i-1"), "{attached:?}");
        assert!(matches!(round_trip(json!({"state": "creating"})), models::DiskState::Creating(_)));
        // An unlisted tag, a known tag whose fields do not fit, no tag, not an object.
        for value in [
            json!({"state": "exploded", "x": 1}),
            json!({"state": "attached"}),
            json!({"instance": "i-1"}),
            json!("creating"),
        ] {
            let state: models::DiskState = round_trip(value.clone());
            assert_eq!(state, models::DiskState::Unknown(value));
        }
        // Not JSON's tag type: an error of the reader, not a panic.
        assert!(serde_json::from_str::<models::DiskState>("{\"state\": ").is_err());
    }

    #[test]
    fn a_property_that_only_describes_its_reference_has_the_referenced_type() {
        let named: models::NamedResource =
            round_trip(json!({"name": "disk-1", "owner": {"kind": "cat", "lives": 9}}));
        let models::NamedResource { name, owner, .. } = named;
        let _: models::ResourceName = name;
        let owner: models::Cat = owner;
        assert_eq!(owner.lives, 9);
    }
}
"#;

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn generate_into(dir: &Path, spec: &str, options: &Options) {
    let output = generate(spec, options).unwrap();
    for file in &output.files {
        write(&dir.join(&file.path), &file.contents);
    }
}

fn cargo(dir: &Path, args: &[&str]) {
    let result = generated_crates_cargo(dir).args(args).output().unwrap();
    assert!(
        result.status.success(),
        "`cargo {}` failed:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
fn generated_crates_build_lint_and_run_outside_the_workspace() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("standalone");
    let _ = std::fs::remove_dir_all(&scratch);
    generate_into(&scratch.join("client"), &seed_spec(), &default_options());
    for (spec, crate_name) in [
        ("shapes.yaml", "shapes"),
        ("openapi-3.1-shapes.yaml", "shapes31"),
        ("multi-file/api.yaml", "multi-file"),
        ("multi-file/members/api.yaml", "multi-file-members"),
        ("real-world/api.yaml", "real-world"),
        ("local-defects.yaml", "local-defects"),
        ("status-runs.yaml", "status-runs"),
    ] {
        let (text, options) = fixture(spec, crate_name);
        generate_into(&scratch.join(crate_name), &text, &options);
    }
    write(&scratch.join("downstream/Cargo.toml"), DOWNSTREAM_MANIFEST);
    write(&scratch.join("downstream/src/lib.rs"), DOWNSTREAM_LIB);
    write(
        &scratch.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"client\", \"shapes\", \"shapes31\", \"multi-file\", \"multi-file-members\", \"real-world\", \"local-defects\", \"status-runs\", \"downstream\"]\n\n\
         [workspace.dependencies]\n",
    );
    // This workspace's lock file pins the same versions, already downloaded.
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        scratch.join("Cargo.lock"),
    )
    .unwrap();

    cargo(
        &scratch,
        &[
            "clippy",
            "--offline",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(&scratch, &["test", "--offline", "--quiet", "--workspace"]);
}

/// Code a downstream crate writes against the crate of `api-changes.yaml`: models built with
/// `new` and `with_` setters and `Default`, fields read and assigned, enums matched with a
/// wildcard arm.
const EVOLVING_LIB: &str = r#"
use api::models;

pub fn build() -> (models::Task, models::NewTask, models::Label) {
    let mut task = models::Task::new("t-1", models::Status::Queued).with_note("first");
    task.note = Some(format!("{} and last", task.note.as_deref().unwrap_or_default()));
    let new_task = models::NewTask::new("title").with_note(String::from("note"));
    let label = models::Label::default().with_text("x");
    (task, new_task, label)
}

pub fn describe(status: &models::Status) -> &'static str {
    match status {
        models::Status::Queued => "queued",
        models::Status::Running => "running",
        _ => "something else",
    }
}
"#;

/// Adding an optional field to a struct and a value to an enum breaks no downstream crate: the
/// same code builds against the crate before and after. Adding a required field changes
/// `new`'s arguments, and the same code stops compiling, as the API report says.
#[test]
fn a_downstream_crate_builds_against_the_crate_before_and_after_an_optional_field_is_added() {
    use codegen::surface::diff::diff;
    use codegen::surface::rules::Verdict;

    const OPTIONAL: (&str, &str) = (
        "        shape:\n          $ref: '#/components/schemas/Shape'\n",
        "        shape:\n          $ref: '#/components/schemas/Shape'\n        priority:\n          type: integer\n",
    );
    const VALUE: (&str, &str) = (
        "enum: [queued, running, done]",
        "enum: [queued, running, done, failed]",
    );
    const REQUIRED: (&str, &str) = ("required: [id, status]", "required: [id, status, shape]");
    let (old_text, options) = fixture("api-changes.yaml", "api-old");
    let edit = |edits: &[(&str, &str)]| {
        let mut text = old_text.clone();
        for (from, to) in edits {
            assert_eq!(text.matches(from).count(), 1, "{from}");
            text = text.replacen(from, to, 1);
        }
        text
    };
    let grown = edit(&[OPTIONAL, VALUE]);
    let required = edit(&[REQUIRED]);
    let surface = |text: &str| codegen::lower_to_surface(text, &options).unwrap().1;
    assert_eq!(
        diff(&surface(&old_text), &surface(&grown)).verdict(),
        Some(Verdict::Additive)
    );
    assert_eq!(
        diff(&surface(&old_text), &surface(&required)).verdict(),
        Some(Verdict::Breaking)
    );

    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("evolving");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut members = Vec::new();
    for (name, text) in [
        ("old", &old_text),
        ("grown", &grown),
        ("required", &required),
    ] {
        let crate_name = format!("api-{name}");
        let options = Options {
            crate_name: crate_name.clone(),
            ..options.clone()
        };
        generate_into(&scratch.join(&crate_name), text, &options);
        let downstream = format!("downstream-{name}");
        write(
            &scratch.join(&downstream).join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{downstream}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\napi = {{ package = \"{crate_name}\", path = \"../{crate_name}\" }}\n"
            ),
        );
        write(&scratch.join(&downstream).join("src/lib.rs"), EVOLVING_LIB);
        members.extend([crate_name, downstream]);
    }
    write(
        &scratch.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = {members:?}\n\n[workspace.dependencies]\n"
        ),
    );
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        scratch.join("Cargo.lock"),
    )
    .unwrap();

    cargo(
        &scratch,
        &[
            "check",
            "--offline",
            "--quiet",
            "-p",
            "downstream-old",
            "-p",
            "downstream-grown",
        ],
    );
    let broken = generated_crates_cargo(&scratch)
        .args(["check", "--offline", "--quiet", "-p", "downstream-required"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(
        !broken.status.success(),
        "a new required field broke nothing"
    );
    assert!(
        stderr.contains("this function takes 3 arguments but 2 arguments were supplied"),
        "{stderr}"
    );
}

/// The operations fixture's crate, alone in a scratch workspace, passes clippy with every
/// feature (the default), with none, with `all-models` alone, with each tag's feature alone,
/// and with the ring TLS backend and tracing: each combination compiles only what it names, without a
/// warning. Library code only (`cargo clippy`, no tests): the cheapest check that builds it.
#[test]
fn each_tag_feature_builds_alone_without_warnings() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("tag-features");
    let _ = std::fs::remove_dir_all(&scratch);
    let (text, options) = fixture("operations.yaml", "operations");
    generate_into(&scratch.join("operations"), &text, &options);
    write(
        &scratch.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"operations\"]\n",
    );
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        scratch.join("Cargo.lock"),
    )
    .unwrap();
    let manifest = std::fs::read_to_string(scratch.join("operations/Cargo.toml")).unwrap();
    let tags: Vec<&str> = manifest
        .split("# One per tag of the spec")
        .nth(1)
        .expect("the fixture has tags")
        .lines()
        .skip(1)
        .filter_map(|line| line.strip_suffix(" = []"))
        .collect();
    assert_eq!(
        tags,
        ["reports", "items", "styles", "files", "auth", "untagged"]
    );
    let mut combinations: Vec<Vec<&str>> = vec![vec!["default"], vec![], vec!["all-models"]];
    combinations.extend(tags.iter().map(|tag| vec![*tag]));
    combinations.push(vec!["rustls-ring", "items", "tracing"]);
    for features in combinations {
        let features = features.join(",");
        let mut args = vec!["clippy", "--offline", "--quiet", "--no-default-features"];
        if !features.is_empty() {
            args.extend(["--features", &features]);
        }
        args.extend(["--", "-D", "warnings"]);
        cargo(&scratch, &args);
    }
}
