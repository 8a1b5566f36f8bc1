//! `cargo xtask codegen`: generate the client crate from the spec, or check that it is fresh.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::{Diagnostic, GeneratedFile, Options, Severity};

/// The workspace root, so that the defaults work from any directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

#[derive(Debug)]
pub struct Args {
    spec: PathBuf,
    out: PathBuf,
    crate_name: String,
    check: bool,
}

impl Args {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let root = workspace_root();
        let mut parsed = Args {
            spec: root.join("spec/livepeer.yaml"),
            out: root.join("generated-client"),
            crate_name: "generated-client".to_owned(),
            check: false,
        };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag, Some(value.to_owned())),
                None => (arg.as_str(), None),
            };
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| iter.next().cloned())
                    .ok_or_else(|| format!("`{flag}` needs a value"))
            };
            match flag {
                "--spec" => parsed.spec = PathBuf::from(value()?),
                "--out" => parsed.out = PathBuf::from(value()?),
                "--crate-name" => parsed.crate_name = value()?,
                "--check" if inline.is_none() => parsed.check = true,
                _ => return Err(format!("unknown argument `{arg}`")),
            }
        }
        if !is_package_name(&parsed.crate_name) {
            return Err(format!(
                "`{}` is not a valid crate name: use ASCII letters, digits, `-` and `_`, starting with a letter",
                parsed.crate_name
            ));
        }
        Ok(parsed)
    }
}

fn is_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

pub fn run(args: &Args) -> ExitCode {
    let spec_name = display_path(&args.spec);
    let text = match fs::read(&args.spec) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                eprintln!(
                    "error: {spec_name} is not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                );
                return ExitCode::from(1);
            }
        },
        Err(e) => {
            eprintln!("error: cannot read {spec_name}: {e}");
            return ExitCode::from(2);
        }
    };
    let options = Options {
        crate_name: args.crate_name.clone(),
        spec_name: stable_name(&args.spec),
        spec_path: Some(args.spec.clone()),
    };
    let output = match codegen::generate(&text, &options) {
        Ok(output) => output,
        Err(diagnostics) => {
            report(&spec_name, &diagnostics.0);
            return ExitCode::from(1);
        }
    };
    report(&spec_name, &output.warnings);
    let result = if args.check {
        check(&args.out, &output.files)
    } else {
        write(&args.out, &output.files)
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", display_path(&args.out));
            ExitCode::from(2)
        }
    }
}

/// Prints each diagnostic as `file:line:column: severity at pointer: message`, then a summary.
fn report(spec_name: &str, diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        let place = match diagnostic.location {
            Some(l) => format!("{spec_name}:{}:{}", l.line, l.column),
            None => spec_name.to_owned(),
        };
        let severity = match diagnostic.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        eprintln!(
            "{place}: {severity} at {}: {}",
            diagnostic.pointer, diagnostic.message
        );
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    if !diagnostics.is_empty() {
        eprintln!("{spec_name}: {errors} error(s), {warnings} warning(s)");
    }
}

/// Files that differ from the generator's output, and generated files it no longer makes.
fn stale_files(out: &Path, files: &[GeneratedFile]) -> io::Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for file in files {
        let path = out.join(&file.path);
        match fs::read(&path) {
            Ok(existing) if existing == file.contents.as_bytes() => {}
            Ok(_) => stale.push(path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => stale.push(path),
            Err(e) => return Err(e),
        }
    }
    stale.extend(leftover_files(out, files)?);
    Ok(stale)
}

/// Files under `out/src` that carry the generator's header but are no longer generated.
fn leftover_files(out: &Path, files: &[GeneratedFile]) -> io::Result<Vec<PathBuf>> {
    let src = out.join("src");
    let entries = match fs::read_dir(&src) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut leftovers = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let generated = files.iter().any(|f| out.join(&f.path) == path);
        if !generated && path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).unwrap_or_default();
            if text.starts_with("// @generated") {
                leftovers.push(path);
            }
        }
    }
    leftovers.sort();
    Ok(leftovers)
}

fn check(out: &Path, files: &[GeneratedFile]) -> io::Result<ExitCode> {
    let stale = stale_files(out, files)?;
    if stale.is_empty() {
        eprintln!("{} is up to date", display_path(out));
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "{} is stale; these files differ from the generator's output:",
        display_path(out)
    );
    for path in &stale {
        eprintln!("  {}", display_path(path));
    }
    eprintln!("run `cargo xtask codegen` to regenerate them");
    Ok(ExitCode::from(1))
}

/// Writes each changed file through a temporary file and a rename, so that no file is ever
/// half-written, and removes generated files that are no longer generated.
fn write(out: &Path, files: &[GeneratedFile]) -> io::Result<ExitCode> {
    let stale = stale_files(out, files)?;
    if stale.is_empty() {
        eprintln!("{} is up to date", display_path(out));
        return Ok(ExitCode::SUCCESS);
    }
    for file in files {
        let path = out.join(&file.path);
        if !stale.contains(&path) {
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let temporary = path.with_extension("xtask-tmp");
        fs::write(&temporary, &file.contents)?;
        fs::rename(&temporary, &path)?;
    }
    for leftover in leftover_files(out, files)? {
        fs::remove_file(leftover)?;
    }
    for path in &stale {
        eprintln!("wrote {}", display_path(path));
    }
    Ok(ExitCode::SUCCESS)
}

/// How generated files name the spec: relative to the workspace root when it lies below it,
/// else by its file name, so the output does not depend on where the command runs.
fn stable_name(spec: &Path) -> String {
    let root = workspace_root()
        .canonicalize()
        .unwrap_or_else(|_| workspace_root());
    let spec = spec.canonicalize().unwrap_or_else(|_| spec.to_path_buf());
    match spec.strip_prefix(&root) {
        Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
        Err(_) => spec
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// A path relative to the current directory where it lies below it.
fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}
