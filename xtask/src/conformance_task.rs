//! `cargo xtask conformance`: every operation of a spec called once, through the crate
//! generated from it, against Prism, a mock server that validates each request against the
//! spec and answers with a response made from the spec's schemas. Per operation: whether Prism
//! accepted the request, and whether the crate decoded the response.
//!
//! The crate goes into a scratch workspace (`target/conformance`) beside a driver program
//! generated from its IR and plan (`conformance_task/driver.rs`), with values from the spec's
//! examples or made from its schemas (`conformance_task/samples.rs`); Prism is installed and
//! run by `conformance_task/prism.rs`, and what the driver prints is judged by
//! `conformance_task/verdict.rs`.

mod driver;
mod prism;
mod samples;
mod verdict;

use std::fs;
use std::io::{BufRead, BufReader, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use codegen::limits::Limits;
use codegen::{Diagnostic, Options};
use serde_json::Value;

use crate::codegen_task::{stable_name, workspace_root};
use crate::inputs::{Stop, display_path, flags, inputs};
use crate::report::{self, Source, Sources, Style};
use verdict::{Line, Row, Verdict};

pub struct Args {
    spec: PathBuf,
    overlays: Vec<PathBuf>,
    scratch: PathBuf,
}

impl Args {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut spec = None;
        let mut overlays = Vec::new();
        let mut scratch = workspace_root().join("target/conformance");
        for (flag, value) in flags(args, &["--spec", "--overlay", "--scratch"])? {
            let value = value.unwrap_or_default();
            match flag {
                "--spec" => spec = Some(PathBuf::from(value)),
                "--overlay" => overlays.push(PathBuf::from(value)),
                "--scratch" => scratch = PathBuf::from(value),
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(Self {
            spec: spec.ok_or("`--spec FILE` is required")?,
            overlays,
            scratch,
        })
    }
}

/// The package name of the crate under test in the scratch workspace.
const CRATE_NAME: &str = "conformance-client";

pub fn run(args: &Args) -> ExitCode {
    let started = Instant::now();
    let bin = match prism::install() {
        Ok(bin) => bin,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let spec_name = display_path(&args.spec);
    let style = if std::io::stderr().is_terminal() {
        Style::Annotated
    } else {
        Style::Plain
    };
    let (text, overlays) = match inputs(&args.spec, &args.overlays, &spec_name, &Limits::default())
    {
        Ok(inputs) => inputs,
        Err(Stop::Usage(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
        Err(Stop::Spec(diagnostic)) => return spec_error(&diagnostic),
    };
    let options = Options {
        crate_name: CRATE_NAME.to_owned(),
        spec_name: stable_name(&args.spec),
        spec_path: Some(args.spec.clone()),
        overlays,
        crate_version: "0.1.0".to_owned(),
        limits: Limits::default(),
    };
    let sources = Sources::spec_and_overlays(&spec_name, &text, &options.overlays);
    let (ir, plan, api, warnings) = match codegen::lower_to_plan(&text, &options) {
        Ok(lowered) => lowered,
        Err(diagnostics) => {
            eprint!("{}", report::render(&diagnostics.0, &sources, style));
            return ExitCode::from(1);
        }
    };
    if !warnings.is_empty() {
        eprintln!(
            "{}: {} (`cargo xtask codegen --spec {spec_name}` shows them)",
            spec_name,
            report::summary(&warnings)
        );
    }
    if ir.operations.is_empty() {
        println!(
            "conformance: 0 of 0 operations conform; 0 requests rejected, 0 responses not \
             decoded, 0 skipped"
        );
        return ExitCode::SUCCESS;
    }
    // The tree Prism reads and the values come from: the spec as the generator saw it, with
    // its overlays applied and the files it references bundled in.
    let root = match served_tree(&text, &args.spec, &options) {
        Ok(root) => root,
        Err(diagnostic) => return spec_error(&diagnostic),
    };
    drop(sources);
    let mut files = codegen::emit::emit(&ir, &plan, &options);
    files.push(codegen::api_file(&api, &options));
    let arguments = driver::arguments(&root, &ir, &plan);
    let program = driver::program(&ir, &plan, &arguments);
    let manifest = driver::manifest(CRATE_NAME, &ir);
    if let Err(e) = write_scratch(&args.scratch, &files, &manifest, &program, &root) {
        eprintln!("error: cannot write {}: {e}", args.scratch.display());
        return ExitCode::from(2);
    }
    let generated = started.elapsed();
    eprintln!(
        "generated {} operations into {} in {:.1} s; building the driver",
        ir.operations.len(),
        display_path(&args.scratch),
        generated.as_secs_f64()
    );
    let driver_bin = match build_driver(&args.scratch) {
        Ok(bin) => bin,
        Err(message) => {
            eprintln!("error: the generated crate or its driver does not build:\n{message}");
            return ExitCode::from(1);
        }
    };
    let built = started.elapsed();
    let lines = match call_all(
        &bin,
        &args.scratch.join("spec.json"),
        &driver_bin,
        ir.operations.len(),
    ) {
        Ok(lines) => lines,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let rows: Vec<Row> = ir
        .operations
        .iter()
        .zip(&arguments)
        .zip(lines)
        .map(|((op, arguments), line)| {
            let statuses = declared_statuses(&root, op);
            let mut row = verdict::judge(&ir, op, &statuses, arguments, line);
            if row.verdict == Verdict::Rejected && !row.detail.starts_with("spec defect") {
                if let Some(defect) = body_defect(&root, op, arguments, &row.detail) {
                    row.detail = format!("spec defect: {defect}: {}", row.detail);
                }
            }
            row
        })
        .collect();
    print!("{}", verdict::table(&rows));
    let count = |wanted: fn(&Verdict) -> bool| rows.iter().filter(|r| wanted(&r.verdict)).count();
    let conform = count(|v| matches!(v, Verdict::Conforms));
    let rejected = count(|v| matches!(v, Verdict::Rejected));
    let undecoded = count(|v| matches!(v, Verdict::Undecoded));
    let skipped = count(|v| matches!(v, Verdict::Skipped));
    eprintln!(
        "took {:.1} s: {:.1} s generating, {:.1} s building, {:.1} s calling",
        started.elapsed().as_secs_f64(),
        generated.as_secs_f64(),
        (built - generated).as_secs_f64(),
        (started.elapsed() - built).as_secs_f64()
    );
    println!(
        "conformance: {conform} of {} operations conform; {rejected} requests rejected, \
         {undecoded} responses not decoded, {skipped} skipped",
        rows.len()
    );
    if rejected + undecoded == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Where a rejected body is the spec's fault: its schema requires a property it does not
/// declare (which a client of typed fields cannot send), or the branches of its `oneOf`
/// overlap, so that no value the driver tried matches exactly one.
fn body_defect(
    root: &Value,
    op: &codegen::ir::Operation,
    arguments: &[driver::Argument],
    detail: &str,
) -> Option<String> {
    let media_type = op.body.as_ref()?.media_type.as_str();
    let schema = op
        .source
        .lookup(root)
        .map(|node| samples::deref(root, node))
        .and_then(|node| node.get("requestBody"))
        .map(|body| samples::deref(root, body))
        .and_then(|body| body.get("content")?.get(media_type)?.get("schema"))?;
    if let Some(rest) = detail.split("must have required property '").nth(1) {
        let name = rest.split('\'').next().unwrap_or("");
        if requires_undeclared(root, schema, name, 0) {
            return Some(format!(
                "the body's schema requires `{name}` but does not declare it among its \
                 properties, so the generated type has no field for it"
            ));
        }
    }
    let root_schema = samples::deref(root, schema);
    let joined: Vec<&str> = root_schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|branch| samples::deref(root, branch).get("type")?.as_str())
        .collect();
    if joined.len() > 1 && joined.iter().any(|t| *t != joined[0]) {
        return Some(format!(
            "the body's schema is an `allOf` of the types {}, which no value is",
            joined.join(" and ")
        ));
    }
    if detail.contains("must match exactly one schema in oneOf (at body") {
        let sent = arguments.iter().find(|a| a.body).map(|a| &a.sample.value)?;
        if !samples::valid(root, schema, sent) {
            return Some(
                "the branches of its `oneOf` overlap: no value the driver made from them \
                 matches exactly one (Prism validates `oneOf` as JSON Schema does, ignoring \
                 any discriminator)"
                    .to_owned(),
            );
        }
    }
    None
}

/// Whether `schema`, or a schema it is composed of or holds, requires `name` without
/// declaring it in its `properties`.
fn requires_undeclared(root: &Value, schema: &Value, name: &str, depth: usize) -> bool {
    let schema = samples::deref(root, schema);
    if depth > 16 {
        return false;
    }
    let requires = schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|n| n == name));
    let declares = schema
        .get("properties")
        .is_some_and(|p| p.get(name).is_some());
    let composed = ["allOf", "oneOf", "anyOf"]
        .iter()
        .filter_map(|key| schema.get(*key)?.as_array())
        .flatten()
        .any(|branch| requires_undeclared(root, branch, name, depth + 1));
    let composes_declaring = ["allOf"].iter().any(|key| {
        schema
            .get(*key)
            .and_then(Value::as_array)
            .is_some_and(|branches| {
                branches.iter().any(|b| {
                    samples::deref(root, b)
                        .get("properties")
                        .is_some_and(|p| p.get(name).is_some())
                })
            })
    });
    let held = schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values())
        .chain(schema.get("items"))
        .any(|inner| requires_undeclared(root, inner, name, depth + 1));
    (requires && !declares && !composes_declaring) || composed || held
}

/// The keys of an operation's `responses` in the spec (`200`, `4XX`, `default`).
fn declared_statuses(root: &Value, op: &codegen::ir::Operation) -> Vec<String> {
    op.source
        .lookup(root)
        .map(|node| samples::deref(root, node))
        .and_then(|node| node.get("responses"))
        .and_then(Value::as_object)
        .map(|responses| responses.keys().cloned().collect())
        .unwrap_or_default()
}

fn spec_error(diagnostic: &Diagnostic) -> ExitCode {
    let file = diagnostic.file.clone().unwrap_or_default();
    let sources = Sources {
        spec: Source {
            name: &file,
            text: "",
        },
        others: Vec::new(),
    };
    eprint!(
        "{}",
        report::render(std::slice::from_ref(diagnostic), &sources, Style::Plain)
    );
    ExitCode::from(1)
}

/// The spec's tree with the overlays applied and referenced files bundled in.
fn served_tree(text: &str, spec: &Path, options: &Options) -> Result<Value, Diagnostic> {
    let mut ignored = Vec::new();
    let mut root = codegen::load::parse_tree(text, "the spec")?;
    codegen::overlay::apply_all(&mut root, &options.overlays, &mut ignored)?;
    codegen::bundle::bundle(&mut root, Some(spec), &options.limits, &mut ignored)?;
    answer_every_operation(&mut root);
    bound_sized_integers(&mut root, 0);
    serve_relative_server_path(&mut root);
    Ok(root)
}

/// Moves the path of a relative server URL (`servers: [{url: /v1}]`), which the client
/// resolves against its base URL (Prism's root), into copies of the paths: Prism serves every
/// path at its root, whatever the servers say.
fn serve_relative_server_path(root: &mut Value) {
    let Some(prefix) = root
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .filter(|url| url.starts_with('/'))
        .map(|url| url.trim_end_matches('/').to_owned())
        .filter(|prefix| !prefix.is_empty())
    else {
        return;
    };
    // Each path stays too: the driver finds its operations by their pointers into this tree.
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        let prefixed: Vec<(String, Value)> = paths
            .iter()
            .map(|(path, item)| (format!("{prefix}{path}"), item.clone()))
            .collect();
        paths.extend(prefixed);
    }
    if let Some(root) = root.as_object_mut() {
        root.remove("servers");
    }
}

/// Writes out, as `minimum` and `maximum`, the range of each integer whose `format` the
/// generator reads as a sized type (`int8` to `uint64`) where the schema states none: Prism,
/// as JSON Schema does, takes formats as annotations, and would make values beyond them.
/// Drops the `pattern` of a number, which validates nothing but makes Prism answer a string.
fn bound_sized_integers(node: &mut Value, depth: usize) {
    if depth > 200 {
        return;
    }
    match node {
        Value::Object(object) => {
            let integer = object.get("type").is_some_and(|t| {
                t == "integer"
                    || t.as_array()
                        .is_some_and(|a| a.iter().any(|t| t == "integer"))
            });
            let range: Option<(i64, u64)> = match object.get("format").and_then(Value::as_str) {
                Some("int8") => Some((i64::from(i8::MIN), i8::MAX as u64)),
                Some("int16") => Some((i64::from(i16::MIN), i16::MAX as u64)),
                Some("int32") => Some((i64::from(i32::MIN), i32::MAX as u64)),
                Some("uint8") => Some((0, u64::from(u8::MAX))),
                Some("uint16") => Some((0, u64::from(u16::MAX))),
                Some("uint32") => Some((0, u64::from(u32::MAX))),
                Some("uint64") => Some((0, i64::MAX as u64)),
                _ => None,
            };
            if let (true, Some((low, high))) = (integer, range) {
                let unbounded =
                    |object: &serde_json::Map<String, Value>, key: &str, exclusive: &str| {
                        object.get(key).is_none_or(Value::is_null)
                            && !object.get(exclusive).is_some_and(Value::is_number)
                    };
                if unbounded(object, "minimum", "exclusiveMinimum") {
                    object.insert("minimum".to_owned(), Value::from(low));
                }
                if unbounded(object, "maximum", "exclusiveMaximum") {
                    object.insert("maximum".to_owned(), Value::from(high));
                }
            }
            // A `pattern` applies to strings only; Prism's generator would make a string of it.
            let numeric = object
                .get("type")
                .is_some_and(|t| t == "integer" || t == "number");
            if numeric {
                object.remove("pattern");
            }
            for value in object.values_mut() {
                bound_sized_integers(value, depth + 1);
            }
        }
        Value::Array(items) => {
            for item in items {
                bound_sized_integers(item, depth + 1);
            }
        }
        _ => {}
    }
}

/// Gives each operation that declares no response (3.1 allows it) an empty `200`, which the
/// client reads as it reads no declared response at all: Prism refuses to serve an operation
/// without a response, before validating its request.
fn answer_every_operation(root: &mut Value) {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for (method, operation) in item.iter_mut() {
            let Some(operation) = operation.as_object_mut() else {
                continue;
            };
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let answered = operation
                .get("responses")
                .and_then(Value::as_object)
                .is_some_and(|r| r.keys().any(|k| !k.starts_with("x-")));
            if !answered {
                operation.insert(
                    "responses".to_owned(),
                    serde_json::json!({"200": {"description": "added for Prism: the spec declares no response"}}),
                );
            }
        }
    }
}

/// The scratch workspace: the crate under test in `client/`, the driver in `driver/`, the
/// served spec as `spec.json`, and the main workspace's lock file, whose versions are already
/// downloaded.
fn write_scratch(
    scratch: &Path,
    files: &[codegen::GeneratedFile],
    manifest: &str,
    program: &str,
    root: &Value,
) -> std::io::Result<()> {
    let client = scratch.join("client");
    match fs::remove_dir_all(&client) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    for file in files {
        let path = client.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, &file.contents)?;
    }
    fs::create_dir_all(scratch.join("driver/src"))?;
    fs::write(scratch.join("driver/Cargo.toml"), manifest)?;
    fs::write(scratch.join("driver/src/main.rs"), program)?;
    fs::write(
        scratch.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"client\", \"driver\"]\n",
    )?;
    if !scratch.join("Cargo.lock").exists() {
        fs::copy(
            workspace_root().join("Cargo.lock"),
            scratch.join("Cargo.lock"),
        )?;
    }
    let served = serde_json::to_string(root).map_err(std::io::Error::other)?;
    fs::write(scratch.join("spec.json"), served)
}

/// Builds the driver (and so the crate) without debug info; its binary's path.
fn build_driver(scratch: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = workspace_root().join("target/conformance-crates");
    let output = Command::new(cargo)
        .args(["build", "--quiet", "-p", "conformance-driver"])
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        return Err(lines[..lines.len().min(60)].join("\n"));
    }
    Ok(target.join("debug/conformance-driver"))
}

/// Runs the driver against Prism. When Prism stops (it throws on some inputs), the operation
/// it stopped on is recorded as such, Prism is started again and the driver goes on from the
/// next operation. Each operation's lines, in order: none for one the driver never reached.
fn call_all(
    bin: &Path,
    spec: &Path,
    driver: &Path,
    count: usize,
) -> Result<Vec<Vec<Line>>, String> {
    let mut lines: Vec<Vec<Line>> = vec![Vec::new(); count];
    let mut next = 0;
    let mut restarts = 0;
    while next < count {
        let mut server = prism::Prism::start(bin, spec)?;
        let mut child = Command::new(driver)
            .arg(format!("http://127.0.0.1:{}", server.port))
            .arg(next.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run the driver: {e}"))?;
        let stdout = child.stdout.take().ok_or("the driver has no output")?;
        let mut crashed = false;
        for text in BufReader::new(stdout).lines().map_while(Result::ok) {
            let Some(mut line) = Line::parse(&text) else {
                continue;
            };
            let Some(index) = line.index.filter(|&i| i < count) else {
                continue;
            };
            if line.is_transport() && !server.keeps_running() {
                line.server_crash = Some(server.crash_reason());
                lines[index].push(line);
                next = index + 1;
                crashed = true;
                break;
            }
            lines[index].push(line);
            next = index + 1;
        }
        if crashed {
            let _ = child.kill();
        }
        let output = child.wait_with_output().map_err(|e| e.to_string())?;
        if !crashed && next < count {
            // The driver stopped on operation `next`, without its line: a panic.
            let stderr = String::from_utf8_lossy(&output.stderr);
            lines[next].push(Line::driver_failure(next, stderr.trim()));
            next += 1;
        }
        drop(server);
        restarts += 1;
        if restarts > count + 1 {
            return Err("Prism keeps stopping".to_owned());
        }
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_relative_server_path_is_served_beside_each_path() {
        let mut root = json!({"servers": [{"url": "/v1/"}], "paths": {"/ticks": {"get": {}}}});
        serve_relative_server_path(&mut root);
        assert_eq!(
            root,
            json!({"paths": {"/ticks": {"get": {}}, "/v1/ticks": {"get": {}}}})
        );
        let mut absolute =
            json!({"servers": [{"url": "https://x.test/v1"}], "paths": {"/ticks": {}}});
        let before = absolute.clone();
        serve_relative_server_path(&mut absolute);
        assert_eq!(absolute, before);
    }
}
