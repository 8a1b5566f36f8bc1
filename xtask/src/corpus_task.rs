//! `cargo xtask corpus`: every file of a corpus of specs through the generator, each under the
//! rule its place gives it, each crate made linted and tested, and a table of the verdicts.
//!
//! The rules:
//!
//! - A file without an `openapi` or `swagger` key at its root (a part that other files
//!   reference) is skipped; a Swagger 2.0 file, or an OpenAPI version other than 3.x, must be
//!   refused.
//! - Under a `malicious/` folder: the run must end within the time limit, generating or refused
//!   with an error that names the limit it met.
//! - Under a `fail/` folder: the spec must generate, or be refused with an error that has a line.
//! - Anything else (a validator's `pass/` documents, real specs) must generate, with no
//!   operation that lost content (an unresolved parameter, body or response).
//! - Whatever the folder, a spec that generates has no warning about a file reference that
//!   bundling left as it is: one whose file exists is read with the spec wherever the
//!   generator reads what it names (a missing file is another warning).
//!
//! Every crate generated is linted with `clippy --all-targets -D warnings`, documented with
//! rustdoc's warnings denied, and its tests run.
//! Each spec is generated in a child process killed at the time limit, so a panic or a hang is
//! one failed row. The crates go into one scratch workspace so that their dependencies build
//! once.

mod check;
mod generate;
mod sweep;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub use generate::child;
use generate::{Ending, Job, Kind, Outcome, Refusal};

use crate::codegen_task::workspace_root;
use crate::inputs::{LIMIT_FLAGS, limit_flag};
use codegen::limits::Limits;

const USAGE: &str = "cargo xtask corpus [--dir DIR] [--only TEXT]... [--skip TEXT]... \
                     [--generate-only] [--time-limit SECONDS] [--scratch DIR] \
                     [--max-input-size MIB] [--max-nodes N]\n       \
                     cargo xtask corpus --sweep DIR [--sample N] [--seed S] [--jobs J] \
                     [--clippy] [--time-limit SECONDS] [--scratch DIR]";

pub struct Args {
    dir: PathBuf,
    only: Vec<String>,
    skip: Vec<String>,
    generate_only: bool,
    time_limit: Duration,
    scratch: PathBuf,
    /// `--sweep DIR`: the folder to sweep instead of judging a corpus file by file.
    sweep: Option<PathBuf>,
    sample: usize,
    seed: u64,
    jobs: usize,
    /// `--clippy`: the sweep's sample is linted with clippy rather than only type-checked.
    clippy: bool,
    /// The generator's limits, as `--max-input-size` and `--max-nodes` raise them.
    limits: Limits,
}

impl Args {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut parsed = Args {
            dir: workspace_root().join("tests/corpus"),
            only: Vec::new(),
            skip: Vec::new(),
            generate_only: false,
            time_limit: Duration::from_secs(120),
            scratch: workspace_root().join("target/corpus"),
            sweep: None,
            sample: sweep::DEFAULT_SAMPLE,
            seed: sweep::DEFAULT_SEED,
            jobs: 1,
            clippy: false,
            limits: Limits::default(),
        };
        let mut scratch_given = false;
        let mut sweep_only = None;
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = || {
                iter.next()
                    .cloned()
                    .ok_or_else(|| format!("`{arg}` needs a value; {USAGE}"))
            };
            match arg.as_str() {
                "--dir" => parsed.dir = PathBuf::from(value()?),
                "--only" => parsed.only.push(value()?),
                "--skip" => parsed.skip.push(value()?),
                "--generate-only" => parsed.generate_only = true,
                "--time-limit" => {
                    let value = value()?;
                    parsed.time_limit = value
                        .parse()
                        .ok()
                        .filter(|s: &f64| *s > 0.0)
                        .and_then(|s| Duration::try_from_secs_f64(s).ok())
                        .ok_or_else(|| format!("`--time-limit {value}`: give seconds"))?;
                }
                "--scratch" => {
                    parsed.scratch = PathBuf::from(value()?);
                    scratch_given = true;
                }
                "--sweep" => parsed.sweep = Some(PathBuf::from(value()?)),
                "--clippy" => {
                    parsed.clippy = true;
                    sweep_only = Some(arg);
                }
                "--sample" | "--seed" | "--jobs" => {
                    let value = value()?;
                    let number: u64 = value
                        .parse()
                        .map_err(|_| format!("`{arg} {value}`: give a whole number"))?;
                    let size = usize::try_from(number)
                        .map_err(|_| format!("`{arg} {value}`: too large"))?;
                    match arg.as_str() {
                        "--sample" => parsed.sample = size,
                        "--seed" => parsed.seed = number,
                        _ if size == 0 => return Err("`--jobs 0`: give at least 1".to_owned()),
                        _ => parsed.jobs = size,
                    }
                    sweep_only = Some(arg);
                }
                flag if LIMIT_FLAGS.contains(&flag) => {
                    limit_flag(flag, Some(&value()?), &mut parsed.limits)?;
                }
                _ => return Err(format!("unknown argument `{arg}`; {USAGE}")),
            }
        }
        if parsed.sweep.is_some() {
            if !parsed.only.is_empty() || !parsed.skip.is_empty() || parsed.generate_only {
                return Err(format!(
                    "`--sweep` takes no `--only`, `--skip` or `--generate-only`; {USAGE}"
                ));
            }
            if !scratch_given {
                parsed.scratch = workspace_root().join("target/sweep");
            }
        } else if let Some(flag) = sweep_only {
            return Err(format!("`{flag}` goes with `--sweep DIR`; {USAGE}"));
        }
        Ok(parsed)
    }

    /// Whether `--only` and `--skip` keep the spec at `relative`.
    fn keeps(&self, relative: &str) -> bool {
        (self.only.is_empty() || self.only.iter().any(|o| relative.contains(o.as_str())))
            && !self.skip.iter().any(|s| relative.contains(s.as_str()))
    }
}

/// What a file must do, from the folders it is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// Generate a crate that lints clean and passes its tests, no operation losing content.
    Generates,
    /// Generate, or be refused with an error that has a line (`fail/`).
    GeneratesOrLocatedError,
    /// End within the time limit, generating or naming the limit it met (`malicious/`).
    EndsWithinLimits,
}

impl Rule {
    fn of(relative: &Path) -> Self {
        let folders: Vec<_> = relative
            .parent()
            .map(|p| p.components().map(|c| c.as_os_str()).collect())
            .unwrap_or_default();
        if folders.iter().any(|f| *f == "malicious") {
            Rule::EndsWithinLimits
        } else if folders.iter().any(|f| *f == "fail") {
            Rule::GeneratesOrLocatedError
        } else {
            Rule::Generates
        }
    }
}

/// One spec's row of the table.
struct Row {
    spec: String,
    crate_name: String,
    outcome: Outcome,
    /// Broken rules; none means the row passes.
    failures: Vec<String>,
    /// The verdict when nothing failed.
    verdict: String,
    /// Whether the crate is to be linted and tested.
    check: bool,
    seconds: f64,
}

impl Row {
    fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

pub fn run(args: &Args) -> ExitCode {
    if let Some(dir) = &args.sweep {
        return sweep::run(&sweep::Sweep {
            dir,
            scratch: &args.scratch,
            sample: args.sample,
            seed: args.seed,
            jobs: args.jobs,
            clippy: args.clippy,
            time_limit: args.time_limit,
            limits: args.limits,
        });
    }
    let specs = match spec_files(&args.dir) {
        Ok(specs) => specs,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.dir.display());
            return ExitCode::from(2);
        }
    };
    let specs: Vec<(PathBuf, String)> = specs
        .into_iter()
        .map(|path| {
            let relative = relative_name(&args.dir, &path);
            (path, relative)
        })
        .filter(|(_, relative)| args.keeps(relative))
        .collect();
    let mut names = Vec::new();
    let mut rows = Vec::new();
    for (spec, relative) in &specs {
        let name = unique(crate_name(relative), &mut names);
        let out = args.scratch.join(&name);
        if !args.generate_only {
            // A former run's crate of that name, with files the generator may no longer make.
            let _ = fs::remove_dir_all(&out);
        }
        let job = Job {
            spec,
            spec_name: relative,
            crate_name: &name,
            out: (!args.generate_only).then_some(out.as_path()),
            limits: args.limits,
        };
        let started = Instant::now();
        let outcome = generate::run(&job, args.time_limit);
        let seconds = started.elapsed().as_secs_f64();
        let mut row = judge(relative, name, outcome, Rule::of(Path::new(relative)));
        row.seconds = seconds;
        if args.generate_only && row.check {
            row.check = false;
            row.verdict = "generated".to_owned();
        }
        eprintln!("{} {}", row.spec, verdict(&row));
        rows.push(row);
    }
    let checked: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].check).collect();
    let mut check_seconds = None;
    if !checked.is_empty() {
        let members: Vec<&str> = checked
            .iter()
            .map(|&i| rows[i].crate_name.as_str())
            .collect();
        if let Err(e) = write_workspace(&args.scratch, &members) {
            eprintln!("error: cannot write {}: {e}", args.scratch.display());
            return ExitCode::from(2);
        }
        let started = Instant::now();
        let failures = check::check(&args.scratch, &members);
        check_seconds = Some(started.elapsed().as_secs_f64());
        for &i in &checked {
            match failures.get(&rows[i].crate_name) {
                Some(failure) => rows[i].failures.push(failure.clone()),
                None => rows[i].verdict = "ok".to_owned(),
            }
        }
    }
    println!("{}", table(&rows));
    println!("{}", summary(&rows));
    if let Some(seconds) = check_seconds {
        println!(
            "clippy and tests of {} crates: {seconds:.0} s",
            checked.len()
        );
    }
    if rows.iter().all(Row::passed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The row for a spec whose generation ended as `outcome`, under `rule`.
fn judge(spec: &str, crate_name: String, outcome: Outcome, rule: Rule) -> Row {
    let mut row = Row {
        spec: spec.to_owned(),
        crate_name,
        outcome,
        failures: Vec::new(),
        verdict: String::new(),
        check: false,
        seconds: 0.0,
    };
    let outcome = &row.outcome;
    match &outcome.ending {
        Ending::TimedOut(limit) => {
            row.failures
                .push(format!("still running after {} s", limit.as_secs_f64()));
        }
        Ending::Crashed(reason) => row.failures.push(reason.clone()),
        _ if outcome.kind == Kind::Empty => row.verdict = "skipped: empty".to_owned(),
        _ if outcome.kind == Kind::Fragment => row.verdict = "skipped: fragment".to_owned(),
        Ending::Refused(_) if outcome.kind == Kind::Swagger => {
            row.verdict = format!("refused: Swagger {}", outcome.version);
        }
        Ending::Refused(_)
            if outcome.kind == Kind::OpenApi && !outcome.version.starts_with("3.") =>
        {
            row.verdict = format!("refused: OpenAPI {}", outcome.version);
        }
        Ending::Generated if outcome.kind == Kind::Swagger => {
            row.failures
                .push("generated from a Swagger document".to_owned());
        }
        Ending::Refused(refusal) => match rule {
            Rule::Generates => row.failures.push(format!("refused: {}", place(refusal))),
            Rule::GeneratesOrLocatedError if refusal.line.is_some() => {
                row.verdict = format!("refused: {}", place(refusal));
            }
            Rule::GeneratesOrLocatedError => row
                .failures
                .push(format!("refused without a line: {}", refusal.message)),
            Rule::EndsWithinLimits if refusal.message.contains("limit") => {
                row.verdict = format!("refused: {}", place(refusal));
            }
            Rule::EndsWithinLimits => row.failures.push(format!(
                "refused without naming a limit: {}",
                refusal.message
            )),
        },
        Ending::Generated => {
            if rule == Rule::Generates && outcome.lost > 0 {
                row.failures
                    .push(format!("{} operations lost content", outcome.lost));
            }
            // Whatever the folder: a file reference that bundling did not reach where
            // lowering reads it is the generator's defect, not the spec's.
            if outcome.unbundled > 0 {
                row.failures.push(format!(
                    "{} file references not searched by the bundler",
                    outcome.unbundled
                ));
            }
            row.verdict = "generated".to_owned();
            row.check = true;
        }
    }
    row
}

/// `line 3: message`, with the file when the error is in a file the spec references.
fn place(refusal: &Refusal) -> String {
    match (&refusal.file, refusal.line) {
        (Some(file), Some(line)) => format!("{file}:{line}: {}", refusal.message),
        (Some(file), None) => format!("{file}: {}", refusal.message),
        (None, Some(line)) => format!("line {line}: {}", refusal.message),
        (None, None) => refusal.message.clone(),
    }
}

/// The verdict cell: what happened, or `FAILED:` and every broken rule.
fn verdict(row: &Row) -> String {
    if row.passed() {
        row.verdict.clone()
    } else {
        format!("FAILED: {}", row.failures.join("; "))
    }
}

/// Every file under `dir` whose name ends in `.yaml`, `.yml` or `.json`, in name order.
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

/// The path below `dir`, with `/` between folders.
fn relative_name(dir: &Path, spec: &Path) -> String {
    spec.strip_prefix(dir)
        .unwrap_or(spec)
        .to_string_lossy()
        .replace('\\', "/")
}

/// `corpus-<folders>-<name>`, lowercase ASCII letters, digits and `-`; the extension is part of
/// the name, as `openapi.json` and `openapi.yaml` may lie side by side.
fn crate_name(relative: &str) -> String {
    let mut name = String::from("corpus-");
    for c in relative.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    name.trim_end_matches('-').to_owned()
}

/// `name`, or `name-2`, `name-3`… when an earlier spec has it.
fn unique(name: String, taken: &mut Vec<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 1;
    while taken.contains(&candidate) {
        n += 1;
        candidate = format!("{name}-{n}");
    }
    taken.push(candidate.clone());
    candidate
}

fn write_workspace(scratch: &Path, members: &[&str]) -> std::io::Result<()> {
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

/// Text made safe for a cell of a Markdown table, and not too long to read.
fn cell(text: &str) -> String {
    const MAX: usize = 160;
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| spec | OpenAPI | types | operations | warnings | lost | verdict | generation s |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let o = &r.outcome;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {:.1} |",
            cell(&r.spec),
            cell(&o.version),
            o.types,
            o.operations,
            o.warnings,
            o.lost,
            cell(&verdict(r)),
            r.seconds
        );
    }
    out
}

/// `250 files: 80 ok, 3 generated, 90 refused, 70 skipped, 0 failed`.
fn summary(rows: &[Row]) -> String {
    let count = |prefix: &str| {
        rows.iter()
            .filter(|r| r.passed() && r.verdict.starts_with(prefix))
            .count()
    };
    let failed = rows.iter().filter(|r| !r.passed()).count();
    format!(
        "{} files: {} ok, {} generated, {} refused, {} skipped, {failed} failed",
        rows.len(),
        count("ok"),
        count("generated"),
        count("refused"),
        count("skipped"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(kind: Kind, version: &str, ending: Ending) -> Outcome {
        Outcome {
            kind,
            version: version.to_owned(),
            types: 1,
            operations: 2,
            warnings: 0,
            lost: 0,
            unbundled: 0,
            ending,
        }
    }

    fn refused(message: &str, line: Option<usize>) -> Ending {
        Ending::Refused(Refusal {
            message: message.to_owned(),
            line,
            file: None,
        })
    }

    /// The verdict cell and whether the crate would be checked.
    fn judged(rule: Rule, outcome: Outcome) -> (String, bool) {
        let row = judge("x.yaml", "corpus-x".to_owned(), outcome, rule);
        (verdict(&row), row.check)
    }

    #[test]
    fn the_limit_flags_raise_the_generators_limits() {
        let args: Vec<String> = ["--max-input-size", "64", "--max-nodes", "9000000"]
            .map(str::to_owned)
            .into();
        let parsed = Args::parse(&args).unwrap();
        assert_eq!(parsed.limits.max_input_bytes, 64 * 1024 * 1024);
        assert_eq!(parsed.limits.max_nodes, 9_000_000);
        assert_eq!(Args::parse(&[]).unwrap().limits, Limits::default());
        let zero = Args::parse(&["--max-nodes".to_owned(), "0".to_owned()]);
        assert!(zero.is_err());
    }

    #[test]
    fn folders_give_the_rule() {
        assert_eq!(
            Rule::of(Path::new("m/3.0/fail/a.yaml")),
            Rule::GeneratesOrLocatedError
        );
        assert_eq!(
            Rule::of(Path::new("m/3.0/malicious/a.yaml")),
            Rule::EndsWithinLimits
        );
        assert_eq!(Rule::of(Path::new("m/3.0/pass/fail.yaml")), Rule::Generates);
        assert_eq!(Rule::of(Path::new("apideck/crm.yml")), Rule::Generates);
    }

    #[test]
    fn specs_that_must_generate_fail_when_refused_or_losing_content() {
        let generated = outcome(Kind::OpenApi, "3.0.3", Ending::Generated);
        assert_eq!(
            judged(Rule::Generates, generated.clone()),
            ("generated".to_owned(), true)
        );
        let lost = Outcome {
            lost: 2,
            ..generated.clone()
        };
        assert_eq!(
            judged(Rule::Generates, lost.clone()),
            ("FAILED: 2 operations lost content".to_owned(), true)
        );
        // Under `fail/`, losing content is what invalid documents do.
        assert_eq!(
            judged(Rule::GeneratesOrLocatedError, lost),
            ("generated".to_owned(), true)
        );
        // Not so a file reference the bundler did not search: that is the generator's.
        let unbundled = Outcome {
            unbundled: 3,
            ..generated.clone()
        };
        for rule in [Rule::Generates, Rule::GeneratesOrLocatedError] {
            assert_eq!(
                judged(rule, unbundled.clone()),
                (
                    "FAILED: 3 file references not searched by the bundler".to_owned(),
                    true
                )
            );
        }
        let error = outcome(Kind::OpenApi, "3.1.0", refused("cycle a -> a", Some(4)));
        assert_eq!(
            judged(Rule::Generates, error.clone()),
            ("FAILED: refused: line 4: cycle a -> a".to_owned(), false)
        );
        assert_eq!(
            judged(Rule::GeneratesOrLocatedError, error),
            ("refused: line 4: cycle a -> a".to_owned(), false)
        );
    }

    #[test]
    fn errors_must_have_a_line_under_fail_and_name_a_limit_under_malicious() {
        let unplaced = outcome(Kind::Unknown, "", refused("it is broken", None));
        assert_eq!(
            judged(Rule::GeneratesOrLocatedError, unplaced.clone()).0,
            "FAILED: refused without a line: it is broken"
        );
        assert_eq!(
            judged(Rule::EndsWithinLimits, unplaced).0,
            "FAILED: refused without naming a limit: it is broken"
        );
        let limit = outcome(
            Kind::Unknown,
            "",
            refused("nests more than 100 levels, the limit", Some(2)),
        );
        assert_eq!(
            judged(Rule::EndsWithinLimits, limit).0,
            "refused: line 2: nests more than 100 levels, the limit"
        );
    }

    #[test]
    fn fragments_and_swagger_are_skipped_or_refused_as_such() {
        let no_openapi = refused("the spec has no `openapi` field", None);
        for rule in [
            Rule::Generates,
            Rule::GeneratesOrLocatedError,
            Rule::EndsWithinLimits,
        ] {
            let fragment = outcome(Kind::Fragment, "", no_openapi.clone());
            assert_eq!(
                judged(rule, fragment),
                ("skipped: fragment".to_owned(), false)
            );
            let empty = outcome(Kind::Empty, "", no_openapi.clone());
            assert_eq!(judged(rule, empty), ("skipped: empty".to_owned(), false));
            let swagger = outcome(Kind::Swagger, "2.0", refused("Swagger 2.0", Some(1)));
            assert_eq!(
                judged(rule, swagger),
                ("refused: Swagger 2.0".to_owned(), false)
            );
        }
        let swagger = outcome(Kind::Swagger, "2.0", Ending::Generated);
        assert_eq!(
            judged(Rule::Generates, swagger).0,
            "FAILED: generated from a Swagger document"
        );
        let future = outcome(Kind::OpenApi, "4.0.0", refused("OpenAPI 4.0.0", Some(1)));
        assert_eq!(judged(Rule::Generates, future).0, "refused: OpenAPI 4.0.0");
    }

    #[test]
    fn a_crash_or_a_hang_fails_the_row_whatever_the_rule() {
        for rule in [
            Rule::Generates,
            Rule::GeneratesOrLocatedError,
            Rule::EndsWithinLimits,
        ] {
            let hang = outcome(
                Kind::OpenApi,
                "3.0.0",
                Ending::TimedOut(Duration::from_secs(2)),
            );
            assert_eq!(judged(rule, hang).0, "FAILED: still running after 2 s");
            let crash = outcome(
                Kind::Fragment,
                "",
                Ending::Crashed("panicked: boom".to_owned()),
            );
            assert_eq!(judged(rule, crash).0, "FAILED: panicked: boom");
        }
    }

    #[test]
    fn crate_names_keep_the_extension_and_stay_unique() {
        let mut taken = Vec::new();
        let a = unique(crate_name("3.0/pass/openapi.json"), &mut taken);
        let b = unique(crate_name("3.0/pass/openapi.yaml"), &mut taken);
        let c = unique(crate_name("3.0/pass/openapi_yaml"), &mut taken);
        assert_eq!(a, "corpus-3-0-pass-openapi-json");
        assert_eq!(b, "corpus-3-0-pass-openapi-yaml");
        assert_eq!(c, "corpus-3-0-pass-openapi-yaml-2");
    }

    #[test]
    fn sweep_flags_go_with_sweep_only() {
        let args =
            |list: &[&str]| Args::parse(&list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        let sweep = args(&["--sweep", "d", "--jobs", "2", "--sample", "9", "--clippy"]).unwrap();
        assert_eq!(sweep.sweep, Some(PathBuf::from("d")));
        assert_eq!((sweep.jobs, sweep.sample, sweep.clippy), (2, 9, true));
        assert!(sweep.scratch.ends_with("target/sweep"));
        assert_eq!(sweep.seed, sweep::DEFAULT_SEED);
        for lone in [&["--clippy"][..], &["--jobs", "2"], &["--seed", "1"]] {
            let error = args(lone).err().unwrap();
            assert!(error.contains("goes with `--sweep DIR`"), "{error}");
        }
        assert!(args(&["--sweep", "d", "--only", "x"]).is_err());
        assert!(args(&["--sweep", "d", "--jobs", "0"]).is_err());
        assert!(args(&["--sweep", "d", "--sample", "many"]).is_err());
    }

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        assert_eq!(cell(&"x".repeat(200)).chars().count(), 161);
    }
}
