//! A crate generated with `--out` elsewhere builds on its own, without warnings, and a crate
//! outside the workspace can use the client exactly as the contract shows.

use std::path::Path;
use std::process::Command;

use codegen::generate;
use tests::{default_options, seed_spec, workspace_root};

const DOWNSTREAM_MAIN: &str = r#"
use generated_client::{Client, Error, ErrorKind};

async fn contract() -> Result<(), generated_client::Error> {
    let client = generated_client::Client::builder()
        .base_url("http://127.0.0.1:8080/api")
        .bearer_token("secret")
        .build()?;
    let task: generated_client::models::Task = client.get_task("task-id").await?;
    let _ = task;
    Ok(())
}

fn is_clone_debug<T: Clone + std::fmt::Debug>() {}
fn is_error<T: std::error::Error + Send + Sync + 'static>() {}

fn main() {
    is_clone_debug::<Client>();
    is_error::<Error>();
    let _future = contract();
    let error = Client::builder().base_url("not a url").build().unwrap_err();
    let _: Option<u16> = error.status();
    let _: ErrorKind = error.kind();
}
"#;

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

#[test]
fn generated_crate_builds_alone_and_serves_a_downstream_crate() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("standalone");
    let _ = std::fs::remove_dir_all(&scratch);
    let client_dir = scratch.join("client");
    let output = generate(&seed_spec(), &default_options()).unwrap();
    for file in &output.files {
        write(&client_dir.join(&file.path), &file.contents);
    }
    let downstream = scratch.join("downstream");
    write(
        &downstream.join("Cargo.toml"),
        "[package]\nname = \"downstream\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [dependencies]\ngenerated-client = { path = \"../client\" }\n\n[workspace]\n",
    );
    write(&downstream.join("src/main.rs"), DOWNSTREAM_MAIN);
    // The workspace's lock file pins the same dependency versions, already downloaded.
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        downstream.join("Cargo.lock"),
    )
    .unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = workspace_root().join("target/standalone-check");
    let result = Command::new(cargo)
        .args(["check", "--offline", "--quiet"])
        .current_dir(&downstream)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "downstream crate failed to build:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
}
