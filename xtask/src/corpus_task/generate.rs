//! One spec through the generator in a child process (`xtask corpus-one`), so that a panic, a
//! stack overflow or a hang is one failed row rather than a stopped run.
//!
//! The child reads the file, says what kind of document it is, runs the generator, writes the
//! crate when asked to and prints one JSON object on stdout; the parent waits for it at most the
//! time limit, then kills it.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use codegen::limits::{self, Limits, ReadError};
use codegen::{Diagnostic, Options, Severity};
use serde_json::{Value, json};

/// What a file is, judged from the keys at its root.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A mapping with an `openapi` field.
    OpenApi,
    /// A mapping with a `swagger` field.
    Swagger,
    /// Anything else that parses: a part of a document that other files reference.
    Fragment,
    /// Nothing but whitespace or comments.
    Empty,
    /// Not readable or not parsable as YAML or JSON, so of no known kind.
    Unknown,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::OpenApi => "openapi",
            Kind::Swagger => "swagger",
            Kind::Fragment => "fragment",
            Kind::Empty => "empty",
            Kind::Unknown => "unknown",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [
            Kind::OpenApi,
            Kind::Swagger,
            Kind::Fragment,
            Kind::Empty,
            Kind::Unknown,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }
}

/// The error that stopped a run, as the generator reported it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    /// The line it points at, when it has one.
    pub line: Option<usize>,
    /// The file it is in, when that is not the spec (a file the spec references).
    pub file: Option<String>,
}

/// How the generator's run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// It made a crate.
    Generated,
    /// It stopped with an error.
    Refused(Refusal),
    /// The child process ended without a result: a panic, an abort or a signal.
    Crashed(String),
    /// The child was still running at the time limit and was killed.
    TimedOut(Duration),
}

/// What one spec's run found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub kind: Kind,
    /// The `openapi` or `swagger` field's value.
    pub version: String,
    pub types: usize,
    pub operations: usize,
    pub warnings: usize,
    /// Operations that lost content: an unresolved parameter, body or response.
    pub lost: usize,
    /// Warnings about a file reference that bundling left as it is: one the bundler's walk did
    /// not reach where lowering reads it (a missing file is another warning).
    pub unbundled: usize,
    pub ending: Ending,
}

impl Outcome {
    fn ended(ending: Ending) -> Self {
        Outcome {
            kind: Kind::Unknown,
            version: String::new(),
            types: 0,
            operations: 0,
            warnings: 0,
            lost: 0,
            unbundled: 0,
            ending,
        }
    }
}

/// What the child is asked to do.
pub struct Job<'a> {
    pub spec: &'a Path,
    /// How generated files and diagnostics name the spec.
    pub spec_name: &'a str,
    pub crate_name: &'a str,
    /// Where to write the crate; nothing is written without it.
    pub out: Option<&'a Path>,
    /// The generator's limits.
    pub limits: Limits,
}

/// Runs `job` in a child process of this executable, killed at `limit`.
pub fn run(job: &Job, limit: Duration) -> Outcome {
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return Outcome::ended(Ending::Crashed(format!("cannot find xtask: {e}"))),
    };
    let mut command = Command::new(exe);
    command
        .arg("corpus-one")
        .args(["--max-input-bytes", &job.limits.max_input_bytes.to_string()])
        .args(["--max-nodes", &job.limits.max_nodes.to_string()])
        .arg(job.spec)
        .args([job.spec_name, job.crate_name])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(out) = job.out {
        command.arg(out);
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => return Outcome::ended(Ending::Crashed(format!("cannot start xtask: {e}"))),
    };
    // Read both pipes while waiting, so that a child that writes a lot never blocks on them.
    let stdout = child.stdout.take().map(drain);
    let stderr = child.stderr.take().map(drain);
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() < limit => thread::sleep(Duration::from_millis(5)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Err(e) => return Outcome::ended(Ending::Crashed(format!("cannot wait: {e}"))),
        }
    };
    let stdout = stdout.and_then(|t| t.join().ok()).unwrap_or_default();
    let stderr = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    let Some(status) = status else {
        return Outcome::ended(Ending::TimedOut(limit));
    };
    match parse_outcome(&stdout) {
        Some(outcome) if status.success() => outcome,
        _ => Outcome::ended(Ending::Crashed(crash_reason(&stderr, status))),
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The panic message when the child printed one (or its own error), else how it exited.
fn crash_reason(stderr: &str, status: std::process::ExitStatus) -> String {
    let mut lines = stderr.lines();
    let mut error = None;
    while let Some(line) = lines.next() {
        if line.starts_with("thread '") && line.contains("panicked at") {
            let message = lines.next().unwrap_or_default();
            return format!("panicked: {message} ({})", panic_place(line));
        }
        if line.contains("has overflowed its stack") {
            return line.trim().to_owned();
        }
        if line.starts_with("error: ") {
            error = Some(line);
        }
    }
    error.map_or_else(|| format!("exited with {status}"), str::to_owned)
}

/// `codegen/src/x.rs:1:2` from `thread 'main' panicked at codegen/src/x.rs:1:2:`.
fn panic_place(line: &str) -> &str {
    line.split_once("panicked at ")
        .map_or(line, |(_, place)| place)
        .trim_end_matches(':')
}

fn parse_outcome(stdout: &str) -> Option<Outcome> {
    let value: Value = serde_json::from_str(stdout.lines().last()?).ok()?;
    let count = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(0)
    };
    let ending = match value.get("error") {
        Some(Value::Object(error)) => Ending::Refused(Refusal {
            message: error.get("message")?.as_str()?.to_owned(),
            line: error
                .get("line")
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok()),
            file: error.get("file").and_then(Value::as_str).map(str::to_owned),
        }),
        _ => Ending::Generated,
    };
    Some(Outcome {
        kind: Kind::from_name(value.get("kind")?.as_str()?)?,
        version: value.get("version")?.as_str()?.to_owned(),
        types: count("types"),
        operations: count("operations"),
        warnings: count("warnings"),
        lost: count("lost"),
        unbundled: count("unbundled"),
        ending,
    })
}

/// `xtask corpus-one [--max-input-bytes N] [--max-nodes N] SPEC SPEC_NAME CRATE_NAME [OUT]`:
/// the child's side. Prints the outcome as one JSON object; exits 0 whenever it could print
/// one, whatever the generator said.
pub fn child(mut args: &[String]) -> ExitCode {
    let mut within = Limits::default();
    while let [flag, value, rest @ ..] = args {
        let number = value.parse::<usize>();
        match (flag.as_str(), number) {
            ("--max-input-bytes", Ok(n)) => within.max_input_bytes = n,
            ("--max-nodes", Ok(n)) => within.max_nodes = n,
            _ => break,
        }
        args = rest;
    }
    let (spec, spec_name, crate_name, out) = match args {
        [spec, spec_name, crate_name] => (spec, spec_name, crate_name, None),
        [spec, spec_name, crate_name, out] => (spec, spec_name, crate_name, Some(out)),
        _ => {
            eprintln!(
                "usage: xtask corpus-one [--max-input-bytes N] [--max-nodes N] SPEC SPEC_NAME \
                 CRATE_NAME [OUT]"
            );
            return ExitCode::from(2);
        }
    };
    let spec = PathBuf::from(spec);
    let text = match limits::read_text_within(&spec, within.max_input_bytes) {
        Ok(text) => text,
        Err(ReadError::Io(e)) => {
            eprintln!("error: cannot read {}: {e}", spec.display());
            return ExitCode::from(2);
        }
        Err(e) => {
            let line = match e {
                ReadError::NotUtf8 { line, .. } => Some(line),
                _ => None,
            };
            let result = json!({
                "kind": Kind::Unknown.name(),
                "version": "",
                "error": {"message": e.to_string(), "line": line},
            });
            println!("{result}");
            return ExitCode::SUCCESS;
        }
    };
    let (kind, version) = classify(&text);
    let options = Options {
        crate_name: crate_name.clone(),
        spec_name: spec_name.clone(),
        spec_path: Some(spec.clone()),
        overlays: Vec::new(),
        limits: within,
        ..Options::default()
    };
    let mut result = json!({"kind": kind.name(), "version": version});
    match codegen::generate(&text, &options) {
        Ok(output) => {
            result["types"] = output.ir.types.len().into();
            result["operations"] = output.ir.operations.len().into();
            result["warnings"] = output.warnings.len().into();
            let lost = output
                .ir
                .operations
                .iter()
                .filter(|op| !op.omissions.is_empty())
                .count();
            result["lost"] = lost.into();
            result["unbundled"] = output
                .warnings
                .iter()
                .filter(|w| {
                    w.message
                        .contains(codegen::normalize::UNBUNDLED_FILE_REFERENCE)
                })
                .count()
                .into();
            if let Some(out) = out {
                for file in &output.files {
                    let path = Path::new(out).join(&file.path);
                    let written = path
                        .parent()
                        .map_or(Ok(()), fs::create_dir_all)
                        .and_then(|()| fs::write(&path, &file.contents));
                    if let Err(e) = written {
                        eprintln!("error: cannot write {}: {e}", path.display());
                        return ExitCode::from(2);
                    }
                }
            }
        }
        Err(diagnostics) => {
            let warnings = diagnostics
                .0
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count();
            result["warnings"] = warnings.into();
            if let Some(error) = diagnostics.errors().next() {
                result["error"] = refusal_json(error);
            }
        }
    }
    println!("{result}");
    ExitCode::SUCCESS
}

fn refusal_json(error: &Diagnostic) -> Value {
    json!({
        "message": error.message,
        "line": error.location.map(|l| l.line),
        "file": error.file,
    })
}

/// The file's kind and the value of its `openapi` or `swagger` field.
fn classify(text: &str) -> (Kind, String) {
    let Ok(tree) = codegen::load::parse_tree(text, "the file") else {
        return (Kind::Unknown, String::new());
    };
    let Value::Object(root) = tree else {
        let kind = if tree.is_null() {
            Kind::Empty
        } else {
            Kind::Fragment
        };
        return (kind, String::new());
    };
    let text_of = |value: &Value| match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if let Some(version) = root.get("swagger") {
        (Kind::Swagger, text_of(version))
    } else if let Some(version) = root.get("openapi") {
        (Kind::OpenApi, text_of(version))
    } else {
        (Kind::Fragment, String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_apart_by_the_keys_at_their_root() {
        assert_eq!(
            classify("openapi: 3.1.0\npaths: {}\n"),
            (Kind::OpenApi, "3.1.0".to_owned())
        );
        assert_eq!(
            classify("{\"swagger\": \"2.0\"}"),
            (Kind::Swagger, "2.0".to_owned())
        );
        assert_eq!(
            classify("openapi: 3.0\n"),
            (Kind::OpenApi, "3.0".to_owned())
        );
        assert_eq!(classify("components: {}\n").0, Kind::Fragment);
        assert_eq!(classify("- a\n- b\n").0, Kind::Fragment);
        assert_eq!(classify("# nothing\n").0, Kind::Empty);
        assert_eq!(classify("").0, Kind::Empty);
        assert_eq!(classify("a: [\n").0, Kind::Unknown);
    }

    #[test]
    fn a_panic_is_read_back_with_its_message_and_place() {
        let stderr = "thread 'main' (12) panicked at codegen/src/lower/types.rs:10:5:\n\
                      index out of bounds\nnote: run with `RUST_BACKTRACE=1`\n";
        let status = Command::new("false").status().unwrap();
        assert_eq!(
            crash_reason(stderr, status),
            "panicked: index out of bounds (codegen/src/lower/types.rs:10:5)"
        );
        assert_eq!(crash_reason("", status), format!("exited with {status}"));
        assert_eq!(
            crash_reason("error: cannot read x.yaml: gone\n", status),
            "error: cannot read x.yaml: gone"
        );
    }

    #[test]
    fn outcomes_survive_the_trip_through_json() {
        let line = json!({
            "kind": "openapi", "version": "3.0.3", "types": 4, "operations": 2,
            "warnings": 1, "lost": 1, "unbundled": 1,
        });
        let outcome = parse_outcome(&format!("noise\n{line}\n")).unwrap();
        assert_eq!(outcome.kind, Kind::OpenApi);
        assert_eq!(
            (
                outcome.types,
                outcome.operations,
                outcome.warnings,
                outcome.lost,
                outcome.unbundled
            ),
            (4, 2, 1, 1, 1)
        );
        assert_eq!(outcome.ending, Ending::Generated);
        let refused = json!({
            "kind": "fragment", "version": "",
            "error": {"message": "no `openapi` field", "line": null, "file": null},
        });
        let outcome = parse_outcome(&refused.to_string()).unwrap();
        assert_eq!(
            outcome.ending,
            Ending::Refused(Refusal {
                message: "no `openapi` field".to_owned(),
                line: None,
                file: None,
            })
        );
        assert_eq!(parse_outcome("not json"), None);
    }
}
