//! `cargo xtask corpus --sweep DIR`: a whole directory of real specs (thousands of them) through
//! the generator, counted rather than judged one by one.
//!
//! Every `.yaml`, `.yml` and `.json` file under the folder is generated in a child process
//! (`generate.rs`, killed at the time limit), `--jobs` at a time, each crate into
//! `SCRATCH/crates/`. Then every generated manifest is read by cargo (`cargo metadata
//! --no-deps` over a workspace of all of them), and a seeded random sample of the crates is
//! type-checked as one workspace (`cargo check --workspace --message-format short`, one shared
//! target folder), counting the crates with errors and those with warnings. The summary tallies
//! what the documents are, what became of them, and names every spec that panicked, hung, was
//! refused or made a crate that cargo rejects.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::generate::{self, Ending, Job, Kind, Outcome};
use super::{check, crate_name, relative_name, spec_files, unique};

/// The sample type-checked when `--sample` is not given.
pub const DEFAULT_SAMPLE: usize = 300;
/// The seed of the sample when `--seed` is not given.
pub const DEFAULT_SEED: u64 = 28;

pub struct Sweep<'a> {
    pub dir: &'a Path,
    pub scratch: &'a Path,
    pub sample: usize,
    pub seed: u64,
    pub jobs: usize,
    /// Lint the sample with `cargo clippy` (its warnings counted) instead of `cargo check`.
    pub clippy: bool,
    pub time_limit: Duration,
    /// The generator's limits, for every file (`--max-input-size 64` lets Graph beta in).
    pub limits: codegen::limits::Limits,
}

/// What became of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Fate {
    Generated,
    /// Refused with a document-level error, of the kind named.
    Refused(&'static str, String),
    /// Not an OpenAPI or Swagger document (a fragment, an empty file).
    Skipped,
    /// The child panicked, aborted or overflowed its stack.
    Crashed(String),
    TimedOut,
}

/// The kind of a document-level error, from what the file is and the error's message.
fn refusal_kind(outcome: &Outcome, message: &str) -> &'static str {
    if outcome.kind == Kind::Swagger {
        "Swagger 2.0"
    } else if outcome.kind == Kind::OpenApi && !outcome.version.starts_with("3.") {
        "an OpenAPI version other than 3.x"
    } else if message.contains("limit") {
        "over an input limit"
    } else if outcome.kind == Kind::Unknown {
        "not UTF-8, YAML or JSON"
    } else if message.contains("cycle") {
        "a reference cycle"
    } else {
        "another document-level error"
    }
}

fn fate(outcome: &Outcome) -> Fate {
    match &outcome.ending {
        Ending::Crashed(reason) => Fate::Crashed(reason.clone()),
        Ending::TimedOut(_) => Fate::TimedOut,
        _ if matches!(outcome.kind, Kind::Fragment | Kind::Empty) => Fate::Skipped,
        Ending::Refused(refusal) => Fate::Refused(
            refusal_kind(outcome, &refusal.message),
            refusal.message.clone(),
        ),
        Ending::Generated => Fate::Generated,
    }
}

/// One file's result.
struct Entry {
    spec: String,
    crate_name: String,
    outcome: Outcome,
    fate: Fate,
    seconds: f64,
}

pub fn run(sweep: &Sweep) -> ExitCode {
    let started = Instant::now();
    let specs = match spec_files(sweep.dir) {
        Ok(specs) => specs,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", sweep.dir.display());
            return ExitCode::from(2);
        }
    };
    let crates = sweep.scratch.join("crates");
    // The crates of a former sweep, which this one may not make again.
    let _ = fs::remove_dir_all(&crates);
    if let Err(e) = fs::create_dir_all(&crates) {
        eprintln!("error: cannot create {}: {e}", crates.display());
        return ExitCode::from(2);
    }
    let mut taken = Vec::new();
    let named: Vec<(PathBuf, String, String)> = specs
        .into_iter()
        .map(|path| {
            let relative = relative_name(sweep.dir, &path);
            let name = unique(crate_name(&relative), &mut taken);
            (path, relative, name)
        })
        .collect();
    eprintln!(
        "sweep: {} files under {}, {} at a time",
        named.len(),
        sweep.dir.display(),
        sweep.jobs
    );
    let entries = generate_all(&named, &crates, sweep);
    let generation_seconds = started.elapsed().as_secs_f64();
    let generated: Vec<&str> = entries
        .iter()
        .filter(|e| e.fate == Fate::Generated)
        .map(|e| e.crate_name.as_str())
        .collect();
    let manifests_started = Instant::now();
    let rejected = match read_manifests(sweep.scratch, &generated) {
        Ok(rejected) => rejected,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let manifest_seconds = manifests_started.elapsed().as_secs_f64();
    let buildable: Vec<&str> = generated
        .iter()
        .copied()
        .filter(|c| !rejected.contains_key(*c))
        .collect();
    let sample = sample(&buildable, sweep.sample, sweep.seed);
    // Written before the long check, so that it can be read meanwhile.
    write_table(sweep.scratch, &entries);
    let check_started = Instant::now();
    let tool = if sweep.clippy { "clippy" } else { "check" };
    let checked = match type_check(sweep.scratch, &sample, tool) {
        Ok(checked) => checked,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let check_seconds = check_started.elapsed().as_secs_f64();
    let times = Times {
        generation: generation_seconds,
        manifests: manifest_seconds,
        check: check_seconds,
        total: started.elapsed().as_secs_f64(),
    };
    let report = summary(
        &entries,
        &rejected,
        &sample,
        sweep.seed,
        (tool, &checked),
        &times,
    );
    println!("{report}");
    let broken = entries.iter().any(|e| match &e.fate {
        Fate::Crashed(_) | Fate::TimedOut => true,
        Fate::Refused(kind, _) => {
            !matches!(*kind, "Swagger 2.0" | "an OpenAPI version other than 3.x")
        }
        Fate::Generated | Fate::Skipped => false,
    });
    if broken || !rejected.is_empty() || !checked.errors.is_empty() || !checked.warnings.is_empty()
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Every spec of `named` through the generator, `sweep.jobs` child processes at a time, in the
/// order of `named`.
fn generate_all(named: &[(PathBuf, String, String)], crates: &Path, sweep: &Sweep) -> Vec<Entry> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Entry>>> =
        Mutex::new(std::iter::repeat_with(|| None).take(named.len()).collect());
    std::thread::scope(|scope| {
        for _ in 0..sweep.jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((path, relative, name)) = named.get(i) else {
                        break;
                    };
                    let out = crates.join(name);
                    let job = Job {
                        spec: path,
                        spec_name: relative,
                        crate_name: name,
                        out: Some(&out),
                        limits: sweep.limits,
                    };
                    let started = Instant::now();
                    let outcome = generate::run(&job, sweep.time_limit);
                    let seconds = started.elapsed().as_secs_f64();
                    let fate = fate(&outcome);
                    if fate != Fate::Generated {
                        // A refused or crashed run may have written part of a crate.
                        let _ = fs::remove_dir_all(&out);
                    }
                    let count = done.fetch_add(1, Ordering::Relaxed) + 1;
                    match &fate {
                        Fate::Generated | Fate::Skipped => {}
                        Fate::Refused(kind, message) => {
                            eprintln!("{relative}: refused ({kind}): {}", first_line(message));
                        }
                        Fate::Crashed(reason) => eprintln!("{relative}: CRASHED: {reason}"),
                        Fate::TimedOut => eprintln!(
                            "{relative}: TIMED OUT after {} s",
                            sweep.time_limit.as_secs_f64()
                        ),
                    }
                    if count % 100 == 0 || count == named.len() {
                        eprintln!("sweep: {count} of {} generated or judged", named.len());
                    }
                    let entry = Entry {
                        spec: relative.clone(),
                        crate_name: name.clone(),
                        outcome,
                        fate,
                        seconds,
                    };
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(entry);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// `[workspace]` with `members` (folders of `crates/`), and the main workspace's lock file,
/// whose versions are already downloaded.
fn write_workspace(scratch: &Path, members: &[&str]) -> std::io::Result<()> {
    let mut manifest = String::from("[workspace]\nresolver = \"2\"\nmembers = [\n");
    for member in members {
        let _ = writeln!(manifest, "    \"crates/{member}\",");
    }
    manifest.push_str("]\n");
    fs::write(scratch.join("Cargo.toml"), manifest)?;
    fs::copy(
        crate::codegen_task::workspace_root().join("Cargo.lock"),
        scratch.join("Cargo.lock"),
    )?;
    Ok(())
}

/// Reads every manifest of `crates` with cargo's own rules (`cargo metadata --no-deps` over a
/// workspace of them all). Cargo stops at the first manifest it rejects, so each one rejected is
/// put down with cargo's error and the others read again without it. Returns the rejected crates
/// and why.
fn read_manifests(scratch: &Path, crates: &[&str]) -> Result<BTreeMap<String, String>, String> {
    let mut rejected = BTreeMap::new();
    let mut members: Vec<&str> = crates.to_vec();
    while !members.is_empty() {
        write_workspace(scratch, &members)
            .map_err(|e| format!("cannot write {}: {e}", scratch.display()))?;
        let output = check::cargo(
            scratch,
            &[
                "metadata",
                "--no-deps",
                "--offline",
                "--format-version",
                "1",
            ],
            None,
        )?;
        if output.status.success() {
            break;
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let Some(culprit) = culprit(&stderr, &members) else {
            return Err(format!(
                "cargo metadata failed without naming a member:\n{stderr}"
            ));
        };
        eprintln!("{culprit}: manifest rejected by cargo:\n{stderr}");
        let reason = stderr
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or_default()
            .to_owned();
        members.retain(|m| *m != culprit);
        rejected.insert(culprit.to_owned(), reason);
    }
    Ok(rejected)
}

/// The member whose folder cargo's error names (`…/crates/NAME/Cargo.toml` or
/// `` …/crates/NAME` ``); the longest match, as one name may begin another.
fn culprit<'a>(stderr: &str, members: &[&'a str]) -> Option<&'a str> {
    members
        .iter()
        .copied()
        .filter(|m| {
            [
                format!("crates/{m}/"),
                format!("crates/{m}`"),
                format!("crates/{m}\n"),
            ]
            .iter()
            .any(|needle| stderr.contains(needle.as_str()))
        })
        .max_by_key(|m| m.len())
}

/// `count` of `crates` (or all of them, when there are fewer), chosen at random from `seed`, in
/// the order of `crates`.
fn sample<'a>(crates: &[&'a str], count: usize, seed: u64) -> Vec<&'a str> {
    let mut indices: Vec<usize> = (0..crates.len()).collect();
    let mut state = seed;
    let count = count.min(crates.len());
    // A partial Fisher–Yates shuffle: the first `count` places get a uniform random choice.
    for i in 0..count {
        let remaining = (indices.len() - i) as u64;
        let j = i + usize::try_from(splitmix64(&mut state) % remaining).unwrap_or(0);
        indices.swap(i, j);
    }
    let mut chosen = indices[..count].to_vec();
    chosen.sort_unstable();
    chosen.into_iter().map(|i| crates[i]).collect()
}

/// The next number of the SplitMix64 generator (Steele, Lea and Flood, 2014).
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// What `cargo check` said of the sample.
#[derive(Debug, Default, PartialEq, Eq)]
struct Checked {
    /// The crates with errors, and the first error of each.
    errors: BTreeMap<String, String>,
    /// The crates with warnings, and the first warning of each.
    warnings: BTreeMap<String, String>,
    /// How many crates were checked.
    crates: usize,
}

/// Type-checks `crates` as one workspace: `cargo check --workspace --keep-going
/// --message-format short`, its output kept in `SCRATCH/check.log`.
fn type_check(scratch: &Path, crates: &[&str], tool: &str) -> Result<Checked, String> {
    if crates.is_empty() {
        return Ok(Checked::default());
    }
    write_workspace(scratch, crates)
        .map_err(|e| format!("cannot write {}: {e}", scratch.display()))?;
    let log = scratch.join("check.log");
    eprintln!(
        "sweep: cargo {tool} of {} crates, its output in {}",
        crates.len(),
        log.display()
    );
    let file =
        fs::File::create(&log).map_err(|e| format!("cannot write {}: {e}", log.display()))?;
    let status = check::cargo_command(
        scratch,
        &[
            tool,
            "--workspace",
            "--keep-going",
            "--message-format",
            "short",
        ],
        None,
    )
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(file)
    .status()
    .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr =
        fs::read_to_string(&log).map_err(|e| format!("cannot read {}: {e}", log.display()))?;
    let mut checked = read_check(&stderr, crates);
    checked.crates = crates.len();
    if !status.success() && checked.errors.is_empty() {
        return Err(format!(
            "cargo {tool} failed, but no crate's error was found in its output:\n{stderr}"
        ));
    }
    Ok(checked)
}

/// Puts each error and warning of `cargo check --message-format short`'s output
/// (`crates/NAME/src/x.rs:1:2: warning: …`) down to its crate, and cargo's own `could not
/// compile `NAME`` lines too.
fn read_check(stderr: &str, crates: &[&str]) -> Checked {
    let known: BTreeSet<&str> = crates.iter().copied().collect();
    let mut checked = Checked::default();
    for line in stderr.lines() {
        let uncompiled = line
            .strip_prefix("error: could not compile `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name);
        if let Some(name) = uncompiled.filter(|name| known.contains(name)) {
            checked
                .errors
                .entry(name.to_owned())
                .or_insert_with(|| line.to_owned());
            continue;
        }
        let Some(rest) = line.strip_prefix("crates/") else {
            continue;
        };
        let Some((name, _)) = rest.split_once('/') else {
            continue;
        };
        if !known.contains(name) {
            continue;
        }
        let message = line.split_once(": ").map_or(line, |(_, m)| m);
        let target = if message.starts_with("error") {
            &mut checked.errors
        } else if message.starts_with("warning") {
            &mut checked.warnings
        } else {
            continue;
        };
        target
            .entry(name.to_owned())
            .or_insert_with(|| line.to_owned());
    }
    checked
}

/// `SCRATCH/sweep.tsv`: one line per file, for whoever looks further.
fn write_table(scratch: &Path, entries: &[Entry]) {
    let mut table = String::from(
        "spec\tcrate\tkind\tversion\tfate\ttypes\toperations\twarnings\tlost\tseconds\n",
    );
    for e in entries {
        let o = &e.outcome;
        let fate = match &e.fate {
            Fate::Generated => "generated".to_owned(),
            Fate::Refused(kind, message) => format!("refused ({kind}): {}", first_line(message)),
            Fate::Skipped => "skipped".to_owned(),
            Fate::Crashed(reason) => format!("crashed: {reason}"),
            Fate::TimedOut => "timed out".to_owned(),
        };
        let _ = writeln!(
            table,
            "{}\t{}\t{:?}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.2}",
            e.spec,
            e.crate_name,
            o.kind,
            o.version,
            fate.replace(['\t', '\n'], " "),
            o.types,
            o.operations,
            o.warnings,
            o.lost,
            e.seconds
        );
    }
    let path = scratch.join("sweep.tsv");
    if let Err(e) = fs::write(&path, table) {
        eprintln!("warning: cannot write {}: {e}", path.display());
    }
}

struct Times {
    generation: f64,
    manifests: f64,
    check: f64,
    total: f64,
}

fn summary(
    entries: &[Entry],
    rejected: &BTreeMap<String, String>,
    sample: &[&str],
    seed: u64,
    (tool, checked): (&str, &Checked),
    times: &Times,
) -> String {
    let mut out = String::new();
    let count = |f: &dyn Fn(&Entry) -> bool| entries.iter().filter(|e| f(e)).count();
    let openapi3 =
        count(&|e| e.outcome.kind == Kind::OpenApi && e.outcome.version.starts_with("3."));
    let generated = count(&|e| e.fate == Fate::Generated);
    let _ = writeln!(out, "## Sweep\n");
    let _ = writeln!(
        out,
        "{} files: {openapi3} OpenAPI 3.x documents, {} Swagger, {} other OpenAPI versions, \
         {} of no known kind (fragments, empty files, files not read: not UTF-8, not YAML or \
         JSON, over the size limit)",
        entries.len(),
        count(&|e| e.outcome.kind == Kind::Swagger),
        count(&|e| e.outcome.kind == Kind::OpenApi && !e.outcome.version.starts_with("3.")),
        count(&|e| !matches!(e.outcome.kind, Kind::OpenApi | Kind::Swagger)),
    );
    let refused = count(&|e| matches!(e.fate, Fate::Refused(..)));
    let crashed = count(&|e| matches!(e.fate, Fate::Crashed(_)));
    let timed_out = count(&|e| e.fate == Fate::TimedOut);
    let _ = writeln!(
        out,
        "generated {generated}, refused {refused}, skipped {}, panics {crashed}, timeouts {timed_out}",
        count(&|e| e.fate == Fate::Skipped),
    );
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for e in entries {
        if let Fate::Refused(kind, _) = &e.fate {
            *kinds.entry(kind).or_default() += 1;
        }
    }
    for (kind, n) in &kinds {
        let _ = writeln!(out, "  refused, {kind}: {n}");
    }
    let warnings: usize = entries.iter().map(|e| e.outcome.warnings).sum();
    let lost = count(&|e| e.outcome.lost > 0);
    let _ = writeln!(
        out,
        "warnings of the generated crates: {warnings}; specs with an operation that lost content: {lost}"
    );
    let _ = writeln!(
        out,
        "manifests read by cargo: {} of {generated} ({} rejected)",
        generated - rejected.len(),
        rejected.len()
    );
    let _ = writeln!(
        out,
        "cargo {tool} of a sample of {} (seed {seed}): {} ok, {} with errors, {} with warnings",
        sample.len(),
        sample
            .iter()
            .filter(|c| !checked.errors.contains_key(**c) && !checked.warnings.contains_key(**c))
            .count(),
        checked.errors.len(),
        checked.warnings.len(),
    );
    let _ = writeln!(
        out,
        "time: generation {:.0} s, manifests {:.0} s, {tool} {:.0} s, total {:.0} s",
        times.generation, times.manifests, times.check, times.total
    );
    let mut listed = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = writeln!(out, "\n{title}:");
            for line in lines {
                let _ = writeln!(out, "- {line}");
            }
        }
    };
    listed(
        "Panics",
        entries
            .iter()
            .filter_map(|e| match &e.fate {
                Fate::Crashed(reason) => Some(format!("{}: {reason}", e.spec)),
                _ => None,
            })
            .collect(),
    );
    listed(
        "Timeouts",
        entries
            .iter()
            .filter(|e| e.fate == Fate::TimedOut)
            .map(|e| e.spec.clone())
            .collect(),
    );
    listed(
        "Refused (other than Swagger 2.0)",
        entries
            .iter()
            .filter_map(|e| match &e.fate {
                Fate::Refused(kind, message) if *kind != "Swagger 2.0" => {
                    Some(format!("{}: {kind}: {}", e.spec, first_line(message)))
                }
                _ => None,
            })
            .collect(),
    );
    let spec_of = |name: &str| {
        entries
            .iter()
            .find(|e| e.crate_name == name)
            .map_or(name, |e| e.spec.as_str())
            .to_owned()
    };
    listed(
        "Manifests cargo rejects",
        rejected
            .iter()
            .map(|(c, why)| format!("{} ({c}): {why}", spec_of(c)))
            .collect(),
    );
    listed(
        "Crates with errors",
        checked
            .errors
            .iter()
            .map(|(c, first)| format!("{} ({c}): {first}", spec_of(c)))
            .collect(),
    );
    listed(
        "Crates with warnings",
        checked
            .warnings
            .iter()
            .map(|(c, first)| format!("{} ({c}): {first}", spec_of(c)))
            .collect(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus_task::generate::Refusal;

    fn outcome(kind: Kind, version: &str, ending: Ending) -> Outcome {
        Outcome {
            kind,
            version: version.to_owned(),
            types: 0,
            operations: 0,
            warnings: 0,
            lost: 0,
            unbundled: 0,
            ending,
        }
    }

    fn refused(message: &str) -> Ending {
        Ending::Refused(Refusal {
            message: message.to_owned(),
            line: None,
            file: None,
        })
    }

    #[test]
    fn refusals_are_told_apart_by_kind() {
        let kind = |kind, version, message| match fate(&outcome(kind, version, refused(message))) {
            Fate::Refused(kind, _) => kind,
            other => panic!("{other:?}"),
        };
        assert_eq!(kind(Kind::Swagger, "2.0", "Swagger 2.0"), "Swagger 2.0");
        assert_eq!(
            kind(Kind::OpenApi, "2.5", "unknown version"),
            "an OpenAPI version other than 3.x"
        );
        assert_eq!(
            kind(Kind::Unknown, "", "the spec is 40 MiB, over the limit"),
            "over an input limit"
        );
        assert_eq!(
            kind(Kind::Unknown, "", "did not find expected node content"),
            "not UTF-8, YAML or JSON"
        );
        assert_eq!(
            kind(Kind::OpenApi, "3.0.0", "reference cycle a -> a"),
            "a reference cycle"
        );
        assert_eq!(
            kind(Kind::OpenApi, "3.0.0", "no paths"),
            "another document-level error"
        );
        let fragment = outcome(Kind::Fragment, "", refused("no `openapi` field"));
        assert_eq!(fate(&fragment), Fate::Skipped);
        let crash = outcome(Kind::Unknown, "", Ending::Crashed("panicked: x".to_owned()));
        assert_eq!(fate(&crash), Fate::Crashed("panicked: x".to_owned()));
        let hang = outcome(Kind::Unknown, "", Ending::TimedOut(Duration::from_secs(1)));
        assert_eq!(fate(&hang), Fate::TimedOut);
    }

    #[test]
    fn the_sample_is_seeded_distinct_and_in_order() {
        let crates: Vec<String> = (0..1000).map(|i| format!("c{i:04}")).collect();
        let crates: Vec<&str> = crates.iter().map(String::as_str).collect();
        let a = sample(&crates, 300, 7);
        assert_eq!(a.len(), 300);
        assert_eq!(a, sample(&crates, 300, 7));
        assert_ne!(a, sample(&crates, 300, 8));
        assert!(a.windows(2).all(|w| w[0] < w[1]), "sorted and distinct");
        // Spread over the whole list, not its start.
        assert!(a.iter().any(|c| *c >= "c0900"));
        assert_eq!(sample(&crates[..5], 300, 7), crates[..5]);
        assert!(sample(&crates, 0, 7).is_empty());
    }

    #[test]
    fn cargo_s_errors_are_put_down_to_the_crate_they_name() {
        let members = ["corpus-a", "corpus-a-2", "corpus-b"];
        let stderr = "error: failed to load manifest for workspace member \
                      `/s/crates/corpus-a-2`\nreferenced by workspace at `/s/Cargo.toml`\n\n\
                      Caused by:\n  failed to parse manifest at `/s/crates/corpus-a-2/Cargo.toml`\n";
        assert_eq!(culprit(stderr, &members), Some("corpus-a-2"));
        assert_eq!(culprit("error: something else", &members), None);

        let check = "\
crates/corpus-a/src/models.rs:10:5: warning: unused import: `Map`
crates/corpus-b/src/lib.rs:3:1: error[E0412]: cannot find type `X` in this scope
crates/corpus-b/src/lib.rs:4:1: error: expected item
warning: `corpus-a` (lib) generated 1 warning
error: could not compile `corpus-b` (lib) due to 2 previous errors
error: could not compile `corpus-c` (lib) due to 1 previous error
    Checking serde v1.0.0
";
        let read = read_check(check, &["corpus-a", "corpus-b", "corpus-c"]);
        assert_eq!(
            read.warnings.keys().collect::<Vec<_>>(),
            ["corpus-a"],
            "{read:?}"
        );
        assert_eq!(
            read.errors.keys().collect::<Vec<_>>(),
            ["corpus-b", "corpus-c"]
        );
        assert_eq!(
            read.errors["corpus-b"],
            "crates/corpus-b/src/lib.rs:3:1: error[E0412]: cannot find type `X` in this scope"
        );
    }
}
