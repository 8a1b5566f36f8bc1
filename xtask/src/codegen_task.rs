//! `cargo xtask codegen`: generate the client crate from the spec, or check that it is fresh.

use std::fs;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::limits::Limits;
use codegen::{GeneratedFile, Options};

use crate::api_diff_task::{Baseline, Update};
use crate::inputs::{LIMIT_FLAGS, Stop, display_path, flags, inputs, limit_flag};
use crate::report::{self, Source, Sources, Style};

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
    /// Overlay files given with `--overlay`, applied after those in the spec's `overlays/` folder.
    overlays: Vec<PathBuf>,
    deny_warnings: bool,
    /// The generator's limits, as `--max-input-size` and `--max-nodes` raise them.
    limits: Limits,
}

impl Args {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let root = workspace_root();
        let mut parsed = Args {
            spec: root.join("spec/livepeer.yaml"),
            out: root.join("generated-client"),
            crate_name: "generated-client".to_owned(),
            check: false,
            overlays: Vec::new(),
            deny_warnings: false,
            limits: Limits::default(),
        };
        let mut valued = vec!["--spec", "--out", "--crate-name", "--overlay"];
        valued.extend(LIMIT_FLAGS);
        for (flag, value) in flags(args, &valued)? {
            if limit_flag(flag, value.as_deref(), &mut parsed.limits)? {
                continue;
            }
            match (flag, value) {
                ("--spec", Some(value)) => parsed.spec = PathBuf::from(value),
                ("--out", Some(value)) => parsed.out = PathBuf::from(value),
                ("--crate-name", Some(value)) => parsed.crate_name = value,
                ("--overlay", Some(value)) => parsed.overlays.push(PathBuf::from(value)),
                ("--check", None) => parsed.check = true,
                ("--deny-warnings", None) => parsed.deny_warnings = true,
                (flag, _) => return Err(format!("unknown argument `{flag}`")),
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
    let style = if io::stderr().is_terminal() {
        Style::Annotated
    } else {
        Style::Plain
    };
    let (text, overlays) = match inputs(&args.spec, &args.overlays, &spec_name, &args.limits) {
        Ok(inputs) => inputs,
        Err(Stop::Usage(message)) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
        Err(Stop::Spec(diagnostic)) => {
            let file = diagnostic.file.clone().unwrap_or_default();
            let sources = Sources {
                spec: Source {
                    name: &file,
                    text: "",
                },
                others: Vec::new(),
            };
            eprint!("{}", report::render(&[diagnostic], &sources, style));
            return ExitCode::from(1);
        }
    };
    let mut options = Options {
        crate_name: args.crate_name.clone(),
        spec_name: stable_name(&args.spec),
        spec_path: Some(args.spec.clone()),
        overlays,
        // The checked-in crate's version, and the new one, are known once its API is read
        // (below); neither lowering nor the API's comparison reads it.
        crate_version: String::new(),
        limits: args.limits,
    };
    let sources = Sources::spec_and_overlays(&spec_name, &text, &options.overlays);
    // Lowered and reported first: the spec's text is only needed until its diagnostics are
    // shown, and emission, the last stage, is the one that needs the most memory besides.
    let (ir, plan, mut api, warnings) = match codegen::lower_to_plan(&text, &options) {
        Ok(lowered) => lowered,
        Err(diagnostics) => {
            eprint!("{}", report::render(&diagnostics.0, &sources, style));
            return ExitCode::from(1);
        }
    };
    eprint!("{}", report::render(&warnings, &sources, style));
    if args.deny_warnings && !warnings.is_empty() {
        eprintln!("error: --deny-warnings: the spec has warnings, so nothing was written");
        return ExitCode::from(1);
    }
    drop(sources);
    drop(text);
    // Read after lowering, whose peak of memory it would add to, and dropped once compared.
    let mut baseline = Baseline::read(&args.out);
    let update = Update::new(&mut baseline, &mut api);
    options.crate_version = api.version.clone();
    let mut files = codegen::emit::emit(&ir, &plan, &options);
    // The IR is freed on another thread while the API's file is written.
    files.push(std::thread::scope(|scope| {
        scope.spawn(move || drop(ir));
        codegen::api_file(&api, &options)
    }));
    files.extend(update.changelog(&baseline, &options));
    print!("{}", update.report(&options.crate_name));
    let result = if args.check {
        check(&args.out, &files)
            .map(|code| update.check_version(&baseline, &options.crate_name, code))
    } else {
        write(&args.out, &files)
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", display_path(&args.out));
            ExitCode::from(2)
        }
    }
}

/// Files that differ from the generator's output, and generated files it no longer makes.
fn stale_files(out: &Path, files: &[GeneratedFile]) -> io::Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for file in files {
        let path = out.join(&file.path);
        match holds(&path, file.contents.as_bytes()) {
            Ok(true) => {}
            Ok(false) => stale.push(path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => stale.push(path),
            Err(e) => return Err(e),
        }
    }
    stale.extend(leftover_files(out, files)?);
    Ok(stale)
}

/// Whether the file at `path` holds `contents`, read a block at a time: the old crate's largest
/// files (`api.json`, `models.rs`) are not held in memory beside the new ones.
fn holds(path: &Path, contents: &[u8]) -> io::Result<bool> {
    let mut file = fs::File::open(path)?;
    if file.metadata()?.len() != contents.len() as u64 {
        return Ok(false);
    }
    let mut block = vec![0; 1 << 16];
    let mut rest = contents;
    loop {
        let read = file.read(&mut block)?;
        if read == 0 {
            return Ok(rest.is_empty());
        }
        match rest.strip_prefix(&block[..read]) {
            Some(after) => rest = after,
            None => return Ok(false),
        }
    }
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

/// Replaces the crate at `out` with the generated one when any file differs, and names the files
/// that changed.
fn write(out: &Path, files: &[GeneratedFile]) -> io::Result<ExitCode> {
    let stale = stale_files(out, files)?;
    if stale.is_empty() {
        eprintln!("{} is up to date", display_path(out));
        return Ok(ExitCode::SUCCESS);
    }
    replace_crate(out, files)?;
    for path in &stale {
        eprintln!("wrote {}", display_path(path));
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the whole crate into a folder beside `out`, with the files there that the generator
/// does not make (anything but its own files and its former ones), then renames it into place.
/// The old crate is renamed aside first and only removed once the new one is in place, so a run
/// that fails at any point leaves the old crate whole.
pub(crate) fn replace_crate(out: &Path, files: &[GeneratedFile]) -> io::Result<()> {
    let name = out
        .file_name()
        .ok_or_else(|| io::Error::other("the output folder has no name"))?
        .to_string_lossy();
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::create_dir_all(parent)?;
    let staging = parent.join(format!(".{name}.xtask-new"));
    let retired = parent.join(format!(".{name}.xtask-old"));
    // A run stopped between the two renames below left the old crate aside: put it back.
    if !out.exists() && retired.is_dir() {
        fs::rename(&retired, out)?;
    }
    remove_if_exists(&staging)?;
    let staged = stage(out, &staging, files);
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if !out.exists() {
        return fs::rename(&staging, out);
    }
    remove_if_exists(&retired)?;
    if let Err(e) = fs::rename(out, &retired) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if let Err(e) = fs::rename(&staging, out) {
        let _ = fs::rename(&retired, out);
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    // The new crate is in place; a failure to tidy up is no reason to fail the run.
    let _ = fs::remove_dir_all(&retired);
    Ok(())
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Fills `staging` with the generated files and what else `out` holds.
fn stage(out: &Path, staging: &Path, files: &[GeneratedFile]) -> io::Result<()> {
    fs::create_dir_all(staging)?;
    for file in files {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, &file.contents)?;
    }
    if !out.is_dir() {
        return Ok(());
    }
    let leftovers = leftover_files(out, files)?;
    let mut folders = vec![PathBuf::new()];
    while let Some(relative) = folders.pop() {
        for entry in fs::read_dir(out.join(&relative))? {
            let entry = entry?;
            let relative = relative.join(entry.file_name());
            let from = entry.path();
            let to = staging.join(&relative);
            let kind = entry.file_type()?;
            if files.iter().any(|f| f.path == relative) || leftovers.contains(&from) {
                continue;
            }
            if kind.is_dir() {
                fs::create_dir_all(&to)?;
                folders.push(relative);
            } else if kind.is_symlink() {
                carry_symlink(&from, &to)?;
            } else if fs::hard_link(&from, &to).is_err() {
                fs::copy(&from, &to)?;
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn carry_symlink(from: &Path, to: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(fs::read_link(from)?, to)
}

#[cfg(not(unix))]
fn carry_symlink(from: &Path, to: &Path) -> io::Result<()> {
    fs::copy(from, to).map(|_| ())
}

/// How generated files name the spec: relative to the workspace root when it lies below it,
/// else by its file name, so the output does not depend on where the command runs.
pub(crate) fn stable_name(spec: &Path) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: PathBuf::from(path),
            contents: contents.to_owned(),
        }
    }

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap()
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn files_are_compared_block_by_block_to_their_last_byte() {
        let dir = scratch("holds");
        let path = dir.join("big");
        // Longer than a block, so that a difference in the second block is found.
        let contents: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&path, &contents).unwrap();
        assert!(holds(&path, &contents).unwrap());
        let mut changed = contents.clone();
        changed[150_000] ^= 1;
        assert!(!holds(&path, &changed).unwrap());
        assert!(!holds(&path, &contents[..199_999]).unwrap());
        assert!(!holds(&path, &[contents.as_slice(), b"x"].concat()).unwrap());
        let missing = holds(&dir.join("missing"), b"");
        assert_eq!(missing.unwrap_err().kind(), io::ErrorKind::NotFound);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn replacing_a_crate_keeps_other_files_and_drops_former_generated_ones() {
        let dir = scratch("replace");
        let out = dir.join("client");
        fs::create_dir_all(out.join("src")).unwrap();
        fs::create_dir_all(out.join("notes")).unwrap();
        fs::write(out.join("Cargo.toml"), "old").unwrap();
        fs::write(out.join("src/old.rs"), "// @generated earlier\n").unwrap();
        fs::write(out.join("src/handwritten.rs"), "// mine\n").unwrap();
        fs::write(out.join("notes/a.md"), "kept").unwrap();
        replace_crate(
            &out,
            &[file("Cargo.toml", "new"), file("src/lib.rs", "lib")],
        )
        .unwrap();
        assert_eq!(read(&out.join("Cargo.toml")), "new");
        assert_eq!(read(&out.join("src/lib.rs")), "lib");
        assert_eq!(read(&out.join("src/handwritten.rs")), "// mine\n");
        assert_eq!(read(&out.join("notes/a.md")), "kept");
        assert!(!out.join("src/old.rs").exists());
        assert_eq!(names(&dir), ["client"], "temporary folders left behind");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_write_that_fails_midway_leaves_the_old_crate_whole() {
        let dir = scratch("fail");
        let out = dir.join("client");
        fs::create_dir_all(out.join("src")).unwrap();
        fs::write(out.join("Cargo.toml"), "good").unwrap();
        fs::write(out.join("src/lib.rs"), "good lib").unwrap();
        // The second file cannot be written: its folder would be the first file.
        let files = [
            file("Cargo.toml", "new"),
            file("Cargo.toml/nested.rs", "x"),
            file("src/lib.rs", "new lib"),
        ];
        assert!(replace_crate(&out, &files).is_err());
        assert_eq!(read(&out.join("Cargo.toml")), "good");
        assert_eq!(read(&out.join("src/lib.rs")), "good lib");
        assert_eq!(names(&dir), ["client"], "temporary folders left behind");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_crate_left_aside_by_a_stopped_run_is_restored_first() {
        let dir = scratch("restore");
        let retired = dir.join(".client.xtask-old");
        fs::create_dir_all(&retired).unwrap();
        fs::write(retired.join("notes.md"), "kept").unwrap();
        let out = dir.join("client");
        replace_crate(&out, &[file("Cargo.toml", "new")]).unwrap();
        assert_eq!(read(&out.join("notes.md")), "kept");
        assert_eq!(read(&out.join("Cargo.toml")), "new");
        assert_eq!(names(&dir), ["client"]);
        let _ = fs::remove_dir_all(&dir);
    }
}
