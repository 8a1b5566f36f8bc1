//! What every command reads first: its flags, and the spec with its overlays; and what stops
//! a command before it generates anything.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use codegen::limits::{self, Limits, ReadError};
use codegen::pointer::Pointer;
use codegen::{Diagnostic, Location, Overlay};

/// The flags of a command line, each with its value when it is one of `valued` (given as
/// `--flag value` or `--flag=value`); other flags are switches, without a value.
pub(crate) fn flags<'a>(
    args: &'a [String],
    valued: &[&str],
) -> Result<Vec<(&'a str, Option<String>)>, String> {
    let mut parsed = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_owned())),
            None => (arg.as_str(), None),
        };
        if valued.contains(&flag) {
            let value = inline
                .or_else(|| iter.next().cloned())
                .ok_or_else(|| format!("`{flag}` needs a value"))?;
            parsed.push((flag, Some(value)));
        } else if inline.is_some() {
            return Err(format!("unknown argument `{arg}`"));
        } else {
            parsed.push((flag, None));
        }
    }
    Ok(parsed)
}

/// The flags that raise the generator's limits (`--max-input-size MIB`, `--max-nodes N`):
/// sets `limits` from one of them, `Ok(false)` for any other flag.
pub(crate) fn limit_flag(
    flag: &str,
    value: Option<&str>,
    limits: &mut Limits,
) -> Result<bool, String> {
    let is_size = flag == limits::MAX_INPUT_SIZE_FLAG;
    if !is_size && flag != limits::MAX_NODES_FLAG {
        return Ok(false);
    }
    let Some(value) = value else {
        return Err(format!("`{flag}` needs a value"));
    };
    let number = value
        .parse::<usize>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{flag} {value}`: give a positive whole number"))?;
    if is_size {
        *limits = limits.with_max_input_mib(number);
    } else {
        limits.max_nodes = number;
    }
    Ok(true)
}

/// The flags of [`limit_flag`], which take a value.
pub(crate) const LIMIT_FLAGS: [&str; 2] = [limits::MAX_INPUT_SIZE_FLAG, limits::MAX_NODES_FLAG];

/// What a run stops on before generating: a usage error (exit 2) or a spec error (exit 1).
pub(crate) enum Stop {
    Usage(String),
    Spec(Diagnostic),
}

/// Reads the spec or an overlay. A file that cannot be read is a usage error; one that is too
/// large or not text is an error in the spec, located where the bad byte is.
fn read(path: &Path, name: &str, max_bytes: usize) -> Result<String, Stop> {
    limits::read_text_within(path, max_bytes).map_err(|e| match e {
        ReadError::Io(e) => Stop::Usage(format!("cannot read {name}: {e}")),
        ReadError::NotUtf8 { line, column } => Stop::Spec(
            Diagnostic::error(Pointer::root(), e.to_string())
                .at(Location { line, column })
                .in_file(name),
        ),
        ReadError::TooLarge { .. } => {
            Stop::Spec(Diagnostic::error(Pointer::root(), e.to_string()).in_file(name))
        }
    })
}

/// The overlays to apply: the spec's `overlays/` folder's YAML and JSON files in name order,
/// then those given with `--overlay`, in order.
fn overlay_paths(spec: &Path, given: &[PathBuf]) -> Result<Vec<PathBuf>, Stop> {
    let folder = spec.parent().unwrap_or(Path::new(".")).join("overlays");
    let mut paths = Vec::new();
    match fs::read_dir(&folder) {
        Ok(entries) => {
            for entry in entries {
                let path = entry
                    .map_err(|e| {
                        Stop::Usage(format!("cannot list {}: {e}", display_path(&folder)))
                    })?
                    .path();
                let overlay = path
                    .extension()
                    .is_some_and(|e| e == "yaml" || e == "yml" || e == "json");
                if overlay && path.is_file() {
                    paths.push(path);
                }
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(Stop::Usage(format!(
                "cannot list {}: {e}",
                display_path(&folder)
            )));
        }
    }
    paths.sort();
    paths.extend(given.iter().cloned());
    Ok(paths)
}

/// Reads the spec (within `limits`) and the overlays: those of the spec's folder, then `given`.
pub(crate) fn inputs(
    spec: &Path,
    given: &[PathBuf],
    spec_name: &str,
    limits: &Limits,
) -> Result<(String, Vec<Overlay>), Stop> {
    let text = read(spec, spec_name, limits.max_input_bytes)?;
    let mut overlays = Vec::new();
    for path in overlay_paths(spec, given)? {
        let name = display_path(&path);
        let text = read(&path, &name, limits::MAX_INPUT_BYTES)?;
        overlays.push(Overlay { name, text });
    }
    Ok((text, overlays))
}

/// A path relative to the current directory where it lies below it.
pub(crate) fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}
