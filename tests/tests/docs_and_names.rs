//! `tests/fixtures/specs/docs-and-names.yaml`: what the spec deprecates carries `#[deprecated]`
//! (and the crate still builds without a warning), each method's docs list its declared error
//! statuses, error types are named after their status, defaults and examples written as
//! references are documented as the values they point to, and parameters named like the
//! per-request setters keep their names (the setters take numbered ones). The crate is built
//! beside a downstream crate, which sees the deprecation warnings, calls the numbered setters,
//! and reads each error status's body, over loopback HTTP, as the type named after it.

use std::path::Path;

use codegen::generate;
use tests::{expanded, fixture, generated_crates_cargo, workspace_root};

fn files() -> (String, String, String) {
    let (text, options) = fixture("docs-and-names.yaml", "docs-and-names");
    let output = generate(&text, &options).unwrap();
    let file = |name: &str| {
        let file = output.files.iter().find(|f| f.path == Path::new(name));
        expanded(&file.unwrap_or_else(|| panic!("no {name}")).contents)
    };
    // The operations module and its modules by tag, one after the other.
    let operations: String = output
        .files
        .iter()
        .filter(|f| f.path.starts_with("src/operations"))
        .map(|f| f.contents.as_str())
        .collect();
    (file("src/models.rs"), operations, file("src/client.rs"))
}

/// The lines of `code` from the one that starts with `start` to the first after it that
/// starts with `end`.
fn section<'a>(code: &'a str, start: &str, end: &str) -> &'a str {
    let from = code.find(start).unwrap_or_else(|| panic!("no `{start}`"));
    let rest = &code[from..];
    let to = rest[start.len()..]
        .find(end)
        .map_or(rest.len(), |i| i + start.len());
    &rest[..to]
}

#[test]
fn what_the_spec_deprecates_is_deprecated() {
    let (models, operations, client) = files();
    // A type, and the field of another type.
    let record = section(
        &models,
        "/// **Deprecated** by the API.\n///\n/// Example",
        "pub struct",
    );
    assert!(record.contains("#[deprecated]\n"), "{record}");
    let old_name = section(
        &models,
        "    /// **Deprecated** by the API.",
        "pub old_name",
    );
    assert!(old_name.contains("    #[deprecated]\n"), "{old_name}");
    // The setter of a deprecated field, and the deprecated operation's method.
    assert!(
        models.contains("#[deprecated] with_old_name, old_name, "),
        "{models}"
    );
    let method = section(
        &operations,
        "    /// Reads the record the old way.",
        "pub fn get_legacy",
    );
    assert!(method.contains("    #[deprecated]\n"), "{method}");
    let current = section(&operations, "    /// `PUT /legacy`", "pub fn put_legacy");
    assert!(!current.contains("#[deprecated]"), "{current}");
    // The crate's own code that names a deprecated type allows it, item by item: the types
    // that hold it, the operations that send or read it, `ErrorBody`.
    let widget = section(&models, "#[derive(", "pub struct Widget");
    assert!(widget.contains("#[allow(deprecated)]"), "{widget}");
    let problem = section(
        &models,
        "#[derive(Debug, Clone, PartialEq, Default)]\n#[non_exhaustive]\npub struct Problem",
        "}",
    );
    assert!(!problem.contains("allow(deprecated)"), "{problem}");
    let error_body = section(
        &client,
        "/// An error response's body",
        "pub enum ErrorBody",
    );
    assert!(error_body.contains("#[allow(deprecated)]"), "{error_body}");
    // An `operation!` call that names one allows it for the items it writes.
    assert!(
        operations.contains("operation! {\n    #![allow(deprecated)]\n"),
        "{operations}"
    );
    assert!(
        !operations.lines().any(|line| line.starts_with("#![allow")),
        "no module-wide allow"
    );
}

#[test]
fn error_types_are_named_after_their_status() {
    let (models, _, client) = files();
    for name in [
        "GetWidgetNotFound",
        "GetWidgetUnprocessableEntity",
        "GetWidgetClientError",
        "GetWidgetServerError",
    ] {
        assert!(models.contains(&format!("pub struct {name} {{")), "{name}");
        assert!(
            client.contains(&format!("    {name}(crate::models::{name}),")),
            "{name}"
        );
    }
    // `default` refers to a named schema: the variant is that schema's.
    assert!(
        client.contains("    Problem(crate::models::Problem),"),
        "{client}"
    );
    assert!(!models.contains("GetWidgetError"), "{models}");
}

#[test]
fn each_method_lists_its_declared_errors() {
    let (_, operations, _) = files();
    let docs = section(
        &operations,
        "    /// `GET /widgets/{id}`",
        "pub fn get_widget",
    );
    let expected = [
        "    /// # Errors",
        "    /// - `404` (No such widget): [`ErrorBody::GetWidgetNotFound`](crate::ErrorBody::GetWidgetNotFound)",
        "    /// - `422` (The id is malformed.): [`ErrorBody::GetWidgetUnprocessableEntity`](crate::ErrorBody::GetWidgetUnprocessableEntity)",
        "    /// - `429` (Slow down): no typed body",
        "    /// - `4XX` (Some other client error): [`ErrorBody::GetWidgetClientError`](crate::ErrorBody::GetWidgetClientError)",
        "    /// - `5XX` (The server failed): [`ErrorBody::GetWidgetServerError`](crate::ErrorBody::GetWidgetServerError)",
        "    /// - `default`, any other status (Anything else): [`ErrorBody::Problem`](crate::ErrorBody::Problem)",
    ];
    for line in expected {
        assert!(docs.lines().any(|l| l == line), "{line}\nin:\n{docs}");
    }
    let none = section(
        &operations,
        "    /// Reads the record the old way.",
        "pub fn get_legacy",
    );
    assert!(
        none.contains("    /// The spec declares no error status.\n"),
        "{none}"
    );
}

#[test]
fn defaults_and_examples_written_as_references_show_their_values() {
    let (models, _, _) = files();
    let sizes = section(&models, "    /// Default: `[1,2,3]`", "pub sizes");
    assert!(sizes.contains("    /// Example: `[1,2,3]`\n"), "{sizes}");
    assert!(!models.contains("$ref"), "{models}");
}

const DOWNSTREAM_MANIFEST: &str = r#"[package]
name = "downstream"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
docs-and-names = { path = "../docs-and-names" }

[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt"] }
"#;

const DOWNSTREAM_LIB: &str = r##"
use docs_and_names::{models, Client};

/// Names every deprecated item once: each use is a warning here, in the caller's crate.
pub async fn uses_deprecated(client: &Client) -> Result<(), docs_and_names::Error> {
    let record: models::LegacyRecord = client.get_legacy().await?;
    let widget = models::Widget::new("w", "n").with_old_name("was").with_legacy(record);
    let _ = widget.old_name;
    Ok(())
}

/// The parameters named `extra_header` and `options` keep their names; the per-request setters
/// are numbered.
pub async fn per_request_setters_beside_parameters(client: &Client) -> Result<models::Widget, docs_and_names::Error> {
    client
        .get_widget("w-1")
        .extra_header("a value")
        .options("another")
        .extra_header_2("x-request-id", "r-1")
        .request_timeout(std::time::Duration::from_secs(5))
        .await
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use docs_and_names::{models, Client, ErrorBody};

    /// Answers each connection with the next of `responses` (status, JSON body).
    fn serve(responses: Vec<(u16, &'static str)>) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for (status, body) in responses {
                let (mut stream, _) = listener.accept().unwrap();
                let mut request = Vec::new();
                let mut chunk = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    let n = stream.read(&mut chunk).unwrap();
                    if n == 0 { break; }
                    request.extend_from_slice(&chunk[..n]);
                }
                let reply = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                stream.write_all(reply.as_bytes()).unwrap();
            }
        });
        url
    }

    #[tokio::test]
    async fn each_error_status_reads_its_body_as_the_type_named_after_it() {
        let url = serve(vec![
            (404, r#"{"missing": "w-1"}"#),
            (422, r#"{"field": "id"}"#),
            (418, r#"{"reason": "teapot"}"#),
            (500, r#"{"trace": "t-9"}"#),
        ]);
        let client = Client::builder().base_url(url).build().unwrap();
        let mut bodies = Vec::new();
        for _ in 0..4 {
            let error = client.get_widget("w-1").await.unwrap_err();
            bodies.push((error.status(), error.error_body().cloned()));
        }
        assert_eq!(bodies[0], (Some(404), Some(ErrorBody::GetWidgetNotFound(
            models::GetWidgetNotFound::new().with_missing("w-1")
        ))));
        assert_eq!(bodies[1], (Some(422), Some(ErrorBody::GetWidgetUnprocessableEntity(
            models::GetWidgetUnprocessableEntity::new("id")
        ))));
        assert_eq!(bodies[2], (Some(418), Some(ErrorBody::GetWidgetClientError(
            models::GetWidgetClientError::new().with_reason("teapot")
        ))));
        assert_eq!(bodies[3], (Some(500), Some(ErrorBody::GetWidgetServerError(
            models::GetWidgetServerError::new().with_trace("t-9")
        ))));
    }
}
"##;

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn run(dir: &Path, args: &[&str], rustdocflags: Option<&str>) -> std::process::Output {
    let mut command = generated_crates_cargo(dir);
    command.args(args);
    if let Some(flags) = rustdocflags {
        command.env("RUSTDOCFLAGS", flags);
    }
    command.output().unwrap()
}

fn succeeds(dir: &Path, args: &[&str], rustdocflags: Option<&str>) -> String {
    let output = run(dir, args, rustdocflags);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "`cargo {}` failed:\n{}\n{stderr}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
    );
    stderr
}

#[test]
fn the_crate_builds_without_warnings_and_its_users_see_deprecations_and_named_errors() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("docs-and-names");
    let _ = std::fs::remove_dir_all(&scratch);
    let (text, options) = fixture("docs-and-names.yaml", "docs-and-names");
    for file in generate(&text, &options).unwrap().files {
        write(
            &scratch.join("docs-and-names").join(&file.path),
            &file.contents,
        );
    }
    write(&scratch.join("downstream/Cargo.toml"), DOWNSTREAM_MANIFEST);
    write(&scratch.join("downstream/src/lib.rs"), DOWNSTREAM_LIB);
    write(
        &scratch.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"docs-and-names\", \"downstream\"]\n",
    );
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        scratch.join("Cargo.lock"),
    )
    .unwrap();

    let quiet = ["--offline", "--quiet", "-p", "docs-and-names"];
    succeeds(
        &scratch,
        &[
            &["clippy"][..],
            &quiet,
            &["--all-targets", "--", "-D", "warnings"],
        ]
        .concat(),
        None,
    );
    succeeds(
        &scratch,
        &[&["doc", "--no-deps"][..], &quiet].concat(),
        Some("-D warnings"),
    );
    let warnings = succeeds(&scratch, &["check", "--offline", "-p", "downstream"], None);
    for used in [
        "use of deprecated method `docs_and_names::operations::untagged::<impl docs_and_names::Client>::get_legacy`",
        "use of deprecated struct `docs_and_names::models::LegacyRecord`",
        "use of deprecated method `docs_and_names::models::Widget::with_old_name`",
        "use of deprecated field `docs_and_names::models::Widget::old_name`",
    ] {
        assert!(warnings.contains(used), "{used}\nin:\n{warnings}");
    }
    succeeds(
        &scratch,
        &["test", "--offline", "--quiet", "-p", "downstream"],
        None,
    );
}
