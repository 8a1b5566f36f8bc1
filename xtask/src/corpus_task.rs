//! `cargo xtask corpus`: every spec of the reference corpus through the generator, each crate
//! linted, documented as docs.rs would (rustdoc warnings denied) and tested, and a table of the
//! results.
//!
//! The crates go into one scratch workspace under `target/corpus/` so that they share one
//! target folder: dependencies build once.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use codegen::Options;

use crate::codegen_task::workspace_root;

const USAGE: &str = "cargo xtask corpus [--dir DIR] [--only TEXT]";

/// The target folder shared by every crate generated for checking (the tests use it too), so
/// that their dependencies build once.
const GENERATED_CRATES_TARGET: &str = "target/generated-crates";

pub struct Args {
    dir: PathBuf,
    only: Option<String>,
}

impl Args {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut parsed = Args {
            dir: workspace_root().join("../shared/corpus"),
            only: None,
        };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = || {
                iter.next()
                    .cloned()
                    .ok_or_else(|| format!("`{arg}` needs a value; {USAGE}"))
            };
            match arg.as_str() {
                "--dir" => parsed.dir = PathBuf::from(value()?),
                "--only" => parsed.only = Some(value()?),
                _ => return Err(format!("unknown argument `{arg}`; {USAGE}")),
            }
        }
        Ok(parsed)
    }
}

/// One spec's row of the table.
struct Row {
    spec: String,
    version: String,
    types: usize,
    operations: usize,
    warnings: usize,
    result: String,
    seconds: f64,
}

pub fn run(args: &Args) -> ExitCode {
    let specs = match spec_files(&args.dir) {
        Ok(specs) => specs,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.dir.display());
            return ExitCode::from(2);
        }
    };
    let specs: Vec<PathBuf> = specs
        .into_iter()
        .filter(|p| {
            args.only
                .as_ref()
                .is_none_or(|o| p.to_string_lossy().contains(o.as_str()))
        })
        .collect();
    let scratch = workspace_root().join("target/corpus");
    let _ = fs::remove_dir_all(&scratch);
    let mut rows = Vec::new();
    let mut generated = Vec::new();
    for spec in &specs {
        let name = crate_name(&args.dir, spec);
        let started = Instant::now();
        let (row, ok) = generate_one(&args.dir, spec, &name, &scratch.join(&name));
        let mut row = row;
        row.seconds = started.elapsed().as_secs_f64();
        if ok {
            generated.push((name, rows.len()));
        }
        rows.push(row);
    }
    if let Err(e) = write_workspace(&scratch, generated.iter().map(|(n, _)| n.as_str())) {
        eprintln!("error: cannot write {}: {e}", scratch.display());
        return ExitCode::from(2);
    }
    for (name, index) in &generated {
        let started = Instant::now();
        let lint = cargo(
            &scratch,
            &[
                "clippy",
                "--quiet",
                "-p",
                name,
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        );
        let docs = || {
            cargo(
                &scratch,
                &["doc", "--quiet", "--no-deps", "-p", name],
                &[("RUSTDOCFLAGS", "-D warnings")],
            )
        };
        let result = match (lint, docs) {
            (Err(e), _) => format!("clippy failed: {e}"),
            (Ok(()), docs) => match docs() {
                Err(e) => format!("rustdoc failed: {e}"),
                Ok(()) => match cargo(&scratch, &["test", "--quiet", "-p", name], &[]) {
                    Ok(()) => "ok".to_owned(),
                    Err(e) => format!("tests failed: {e}"),
                },
            },
        };
        rows[*index].result = result;
        rows[*index].seconds += started.elapsed().as_secs_f64();
    }
    println!("{}", table(&rows));
    if rows.iter().all(|r| r.result == "ok") {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn generate_one(dir: &Path, spec: &Path, name: &str, out: &Path) -> (Row, bool) {
    let mut row = Row {
        spec: spec.strip_prefix(dir).unwrap_or(spec).display().to_string(),
        version: String::new(),
        types: 0,
        operations: 0,
        warnings: 0,
        result: String::new(),
        seconds: 0.0,
    };
    let text = match fs::read_to_string(spec) {
        Ok(text) => text,
        Err(e) => {
            row.result = format!("unreadable: {e}");
            return (row, false);
        }
    };
    row.version = openapi_version(&text);
    let options = Options {
        crate_name: name.to_owned(),
        spec_name: row.spec.clone(),
        spec_path: Some(spec.to_path_buf()),
        ..Options::default()
    };
    let output = match codegen::generate(&text, &options) {
        Ok(output) => output,
        Err(diagnostics) => {
            row.result = format!(
                "spec error: {}",
                diagnostics
                    .0
                    .last()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            );
            return (row, false);
        }
    };
    row.types = output.ir.types.len();
    row.operations = output.ir.operations.len();
    row.warnings = output.warnings.len();
    for file in &output.files {
        let path = out.join(&file.path);
        let written = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&path, &file.contents));
        if let Err(e) = written {
            row.result = format!("cannot write {}: {e}", path.display());
            return (row, false);
        }
    }
    (row, true)
}

/// The `openapi` field's value, read cheaply for the table.
fn openapi_version(text: &str) -> String {
    let at = text
        .find("openapi")
        .map(|i| &text[i + "openapi".len()..])
        .unwrap_or_default();
    at.trim_start_matches(['"', '\'', ':', ' '])
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect()
}

fn spec_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// `corpus-<folders>-<stem>`, lowercase ASCII letters, digits and `-`.
fn crate_name(dir: &Path, spec: &Path) -> String {
    let relative = spec.strip_prefix(dir).unwrap_or(spec).with_extension("");
    let mut name = String::from("corpus-");
    for c in relative.to_string_lossy().chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    name.trim_end_matches('-').to_owned()
}

fn write_workspace<'a>(
    scratch: &Path,
    members: impl Iterator<Item = &'a str>,
) -> std::io::Result<()> {
    fs::create_dir_all(scratch)?;
    let mut manifest = String::from("[workspace]\nresolver = \"2\"\nmembers = [\n");
    for member in members {
        let _ = writeln!(manifest, "    \"{member}\",");
    }
    manifest.push_str("]\n");
    fs::write(scratch.join("Cargo.toml"), manifest)?;
    // The main workspace's lock file pins versions that are already downloaded.
    fs::copy(
        workspace_root().join("Cargo.lock"),
        scratch.join("Cargo.lock"),
    )?;
    Ok(())
}

fn cargo(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join(GENERATED_CRATES_TARGET),
        )
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let first_error = stderr
        .lines()
        .find(|l| l.starts_with("error"))
        .unwrap_or("see cargo's output")
        .to_owned();
    eprintln!("{stderr}");
    Err(first_error)
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| spec | OpenAPI | types | operations | warnings | result | seconds |\n|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {:.1} |",
            r.spec, r.version, r.types, r.operations, r.warnings, r.result, r.seconds
        );
    }
    out
}
