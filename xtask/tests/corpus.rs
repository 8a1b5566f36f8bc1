//! Real specs written by others through `cargo xtask corpus`: the copy in `tests/corpus` (see its
//! README), and optionally the full reference corpus in `../shared/corpus`.
//!
//! By default: every file of `tests/corpus` generates or is refused or skipped as its place
//! requires (generation only, quick), and the crates of the specs that fit CI's time lint clean
//! and pass their tests. The rest is ignored, as it takes long:
//!
//! ```sh
//! cargo test -p xtask --test corpus -- --ignored
//! ```
//!
//! which is the same as `cargo xtask corpus` (every crate of `tests/corpus`) and
//! `cargo xtask corpus --dir ../shared/corpus --only github`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn in_repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus")
}

/// `../shared/corpus`, when it is beside the repository.
fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    dir.is_dir().then_some(dir)
}

/// The table's rows, parsed.
struct Row {
    spec: String,
    lost: usize,
    verdict: String,
}

struct Run {
    success: bool,
    stdout: String,
    rows: Vec<Row>,
}

impl Run {
    fn row(&self, spec: &str) -> &Row {
        self.rows
            .iter()
            .find(|r| r.spec == spec)
            .unwrap_or_else(|| panic!("no row for {spec}\n\n{}", self.stdout))
    }
}

/// `cargo xtask corpus` with `args`, each crate in a scratch workspace of its own (`scratch`),
/// so that the tests can run side by side.
fn corpus(dir: &Path, scratch: &str, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("corpus")
        .arg("--dir")
        .arg(dir)
        .arg("--scratch")
        .arg(Path::new(env!("CARGO_TARGET_TMPDIR")).join(scratch))
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let rows = stdout
        .lines()
        .skip(2)
        .filter(|l| l.starts_with("| "))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            Row {
                spec: cells[0].trim_start_matches("| ").to_owned(),
                lost: cells[5].parse().unwrap(),
                verdict: cells[6].to_owned(),
            }
        })
        .collect();
    Run {
        success: output.status.success(),
        stdout,
        rows,
    }
}

/// The files the corpus command reads under `dir`, by their path below it.
fn spec_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            {
                let relative = path.strip_prefix(dir).unwrap();
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

/// Every row says `ok`, and there are `rows` of them.
fn assert_all_ok(run: &Run, rows: usize) {
    assert_eq!(run.rows.len(), rows, "{}", run.stdout);
    for row in &run.rows {
        assert_eq!(row.verdict, "ok", "{}\n\n{}", row.spec, run.stdout);
        assert_eq!(row.lost, 0, "{}", row.spec);
    }
    assert!(run.success, "{}", run.stdout);
}

const MERMADE: &str = "mermade-openapi3-examples/3.0";

/// The multi-file fixtures: each spec generates with every file reference followed (the rule
/// that a spec whose files all exist has no warning about an unread file reference), and the
/// files they reference are skipped as parts.
#[test]
fn multi_file_specs_follow_every_file_reference() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/specs/multi-file");
    let run = corpus(&dir, "corpus-multi-file", &["--generate-only"]);
    assert!(run.success, "{}", run.stdout);
    let generated: Vec<&str> = run
        .rows
        .iter()
        .filter(|r| r.verdict == "generated")
        .map(|r| r.spec.as_str())
        .collect();
    assert_eq!(
        generated,
        ["api.yaml", "members/api.yaml"],
        "{}",
        run.stdout
    );
    assert!(
        run.rows
            .iter()
            .all(|r| r.verdict == "generated" || r.verdict == "skipped: fragment"),
        "{}",
        run.stdout
    );
}

#[test]
fn every_corpus_file_generates_or_is_refused_or_skipped_as_its_place_requires() {
    let dir = in_repo();
    let run = corpus(&dir, "corpus-generate", &["--generate-only"]);
    assert!(run.success, "{}", run.stdout);
    let specs: Vec<&str> = run.rows.iter().map(|r| r.spec.as_str()).collect();
    assert_eq!(specs, spec_files(&dir), "{}", run.stdout);
    assert_eq!(run.rows.len(), 236, "{}", run.stdout);
    for row in &run.rows {
        let allowed = ["generated", "refused: ", "skipped: "];
        assert!(
            allowed.iter().any(|a| row.verdict.starts_with(a)),
            "{}: {}",
            row.spec,
            row.verdict
        );
        // Only invalid documents may lose content.
        if !row.spec.contains("/fail/") {
            assert_eq!(row.lost, 0, "{}", row.spec);
        }
    }
    let verdict = |spec: &str| run.row(spec).verdict.as_str();
    // Swagger 2.0 files and parts of documents among the valid ones are refused or skipped.
    assert_eq!(
        verdict(&format!("{MERMADE}/pass/swagger2openapi/swagger.yaml")),
        "refused: Swagger 2.0"
    );
    assert_eq!(
        verdict(&format!(
            "{MERMADE}/pass/resolution/twolevel/subdir1/test.yaml"
        )),
        "skipped: fragment"
    );
    assert_eq!(
        verdict(&format!("{MERMADE}/partial/cycledef.yaml")),
        "skipped: fragment"
    );
    assert_eq!(
        verdict(&format!("{MERMADE}/pass/swagger2openapi/test.json")),
        "skipped: empty"
    );
    // A YAML bomb is refused, naming the limit it met.
    let bomb = verdict(&format!("{MERMADE}/malicious/yamlbomb.yaml"));
    assert!(
        bomb.starts_with("refused: line ") && bomb.ends_with("the limit"),
        "{bomb}"
    );
    // Invalid documents degrade locally; real specs generate.
    assert_eq!(
        verdict(&format!("{MERMADE}/fail/missingPathParam.yaml")),
        "generated"
    );
    assert_eq!(verdict("apideck/accounting.yml"), "generated");
    assert_eq!(verdict("sendgrid/oai_v3_stoplight.json"), "generated");
    assert!(
        run.stdout.contains(" files: 0 ok, ") && run.stdout.contains(", 0 failed"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_spec_still_generating_at_the_time_limit_is_a_failed_row() {
    let run = corpus(
        &in_repo(),
        "corpus-time-limit",
        &[
            "--only",
            "sendgrid",
            "--generate-only",
            "--time-limit",
            "0.01",
        ],
    );
    assert!(!run.success, "{}", run.stdout);
    assert_eq!(run.rows.len(), 1, "{}", run.stdout);
    assert_eq!(
        run.rows[0].verdict, "FAILED: still running after 0.01 s",
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(", 1 failed"), "{}", run.stdout);
}

/// The specs whose crates CI lints and tests: the validator's valid documents, the small ones
/// that each exercise one area, and real specs up to Oxide's size.
#[test]
fn small_and_medium_corpus_crates_lint_clean_and_pass_their_tests() {
    let valid = corpus(
        &in_repo(),
        "corpus-valid",
        &[
            "--only",
            "mermade-openapi3-examples/3.0/pass/",
            "--only",
            "mermade-openapi3-examples/3.1/pass/",
        ],
    );
    assert!(valid.success, "{}", valid.stdout);
    let ok = valid.rows.iter().filter(|r| r.verdict == "ok").count();
    assert_eq!((valid.rows.len(), ok), (74, 61), "{}", valid.stdout);
    let real = [
        "oas-examples",
        "livepeer",
        "oxide",
        "apideck/customer-support",
        "apideck/ecosystem",
        "apideck/lead",
        "apideck/proxy",
        "apideck/sms",
        "apideck/webhook",
    ];
    let args: Vec<&str> = real.iter().flat_map(|r| ["--only", r]).collect();
    assert_all_ok(&corpus(&in_repo(), "corpus-real", &args), 26);
}

#[test]
#[ignore = "about half an hour on 2 cores: 200 crates, Apideck's accounting API, SendGrid"]
fn every_in_repo_corpus_crate_lints_clean_and_passes_its_tests() {
    let run = corpus(&in_repo(), "corpus-all", &[]);
    assert!(run.success, "{}", run.stdout);
}

#[test]
#[ignore = "GitHub's API crate is 56,000 lines: minutes of clippy and tests on 2 cores"]
fn github_crate_lints_clean_and_passes_its_tests() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared/corpus is not beside the repository");
        return;
    };
    assert_all_ok(&corpus(&shared, "corpus-github", &["--only", "github"]), 1);
}

/// `--sweep` over a small folder of every kind of file: two specs generate, their manifests are
/// read and their crates type-checked; a Swagger 2.0 file is refused as such, a fragment is
/// skipped, and text that is not YAML is refused as such, none of them stopping the run.
#[test]
fn a_sweep_tallies_every_file_and_type_checks_its_sample() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sweep-input");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("b")).unwrap();
    let corpus = in_repo();
    let copy = |from: &str, to: &str| {
        std::fs::copy(corpus.join(from), dir.join(to)).unwrap();
    };
    copy("oas-examples/3.0/petstore.yaml", "a.yaml");
    copy("oas-examples/3.1/webhooks.yaml", "b/c.yaml");
    copy(
        &format!("{MERMADE}/pass/swagger2openapi/swagger.yaml"),
        "b/swagger.yaml",
    );
    std::fs::write(dir.join("b/part.yaml"), "components: {}\n").unwrap();
    std::fs::write(dir.join("broken.json"), "{\"openapi\": \"3.0.0\",").unwrap();
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sweep-scratch");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("corpus")
        .arg("--sweep")
        .arg(&dir)
        .arg("--scratch")
        .arg(&scratch)
        .args(["--jobs", "2", "--sample", "5", "--seed", "3"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The not-YAML file is a refused 3.x document, which fails the sweep.
    assert_eq!(output.status.code(), Some(1), "{stdout}\n{stderr}");
    for line in [
        "5 files: 2 OpenAPI 3.x documents, 1 Swagger, 0 other OpenAPI versions, 2 of no known \
         kind (fragments, empty files, files not read: not UTF-8, not YAML or JSON, over the \
         size limit)",
        "generated 2, refused 2, skipped 1, panics 0, timeouts 0",
        "  refused, Swagger 2.0: 1",
        "  refused, not UTF-8, YAML or JSON: 1",
        "manifests read by cargo: 2 of 2 (0 rejected)",
        "cargo check of a sample of 2 (seed 3): 2 ok, 0 with errors, 0 with warnings",
    ] {
        assert!(
            stdout.lines().any(|l| l == line),
            "{line}\n\n{stdout}\n{stderr}"
        );
    }
    assert!(
        stdout.contains("- broken.json: not UTF-8, YAML or JSON: "),
        "{stdout}"
    );
    let table = std::fs::read_to_string(scratch.join("sweep.tsv")).unwrap();
    assert_eq!(table.lines().count(), 6, "{table}");
    assert!(scratch.join("crates/corpus-b-c-yaml/Cargo.toml").is_file());
    // A refused spec leaves no crate behind.
    assert!(!scratch.join("crates/corpus-broken-json").exists());
}
