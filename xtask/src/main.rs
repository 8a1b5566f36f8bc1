//! `cargo xtask <task>`: the maintainers' entry point.
//!
//! Exit codes: 0 success; 1 the spec (or an overlay) has errors, `--deny-warnings` met a
//! warning, or `--check` found stale output; 2 usage errors (unknown flags, unreadable or
//! unwritable files).

mod allocator;
mod api_diff_task;
mod bench_task;
mod codegen_task;
mod conformance_task;
mod corpus_task;
mod inputs;
mod report;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--spec FILE] [--out DIR] [--crate-name NAME] [--overlay FILE]...
                           [--deny-warnings] [--check] [--max-input-size MIB] [--max-nodes N]
       cargo xtask api-diff --from OLD_SPEC --to NEW_SPEC [--overlay FILE]... [--crate-name NAME]
       cargo xtask corpus [--dir DIR] [--only TEXT]... [--skip TEXT]... [--generate-only]
                          [--time-limit SECONDS] [--scratch DIR] [--max-input-size MIB]
                          [--max-nodes N]
       cargo xtask corpus --sweep DIR [--sample N] [--seed S] [--jobs J] [--clippy]
                          [--time-limit SECONDS] [--scratch DIR]
       cargo xtask bench-peers [--runs N] [--only PART,PART…]
       cargo xtask conformance --spec FILE [--overlay FILE]... [--scratch DIR]

  --spec FILE        the OpenAPI document (YAML or JSON)
  --out DIR          where the crate is written
  --crate-name NAME  the generated crate's package name
  --overlay FILE     an OpenAPI Overlay 1.0 file to apply; repeatable, applied in order after
                     the *.yaml, *.yml and *.json files of the spec's overlays/ folder (in name
                     order)
  --deny-warnings    fail (exit 1, write nothing) if the spec has any warning
  --check            write nothing; exit 1 and name each file that would change
  --max-input-size MIB  the largest spec or referenced file read (default 32); the files
                     that references name may hold four times this together
  --max-nodes N      the most nodes the files that references name hold together (default
                     5000000)

codegen: without --spec, --out or --crate-name, regenerates every checked-in crate:
generated-client from spec/livepeer.yaml, then the clients the tests drive under
tests/clients/ from tests/fixtures/specs/. Other flags apply to each.

Each run prints what changed in the crate's public API since its checked-in api.json, each
change marked breaking or additive and naming the spec node that caused it, then
`API: N breaking, M additive changes`. A changed API bumps the crate's version (0.x: the minor
for a breaking change, the patch for an additive one) and adds a section to its CHANGELOG.md;
--check also fails when the checked-in version is lower than the change requires.

Exit codes: 0 success; 1 errors in the spec or an overlay, a warning under --deny-warnings, or
stale output under --check; 2 usage errors (bad flags, unreadable or unwritable files).

api-diff: the same report between the APIs of two specs, without writing a crate. Overlays in
each spec's overlays/ folder apply to it, then each --overlay to both. Exit codes: 0 nothing
breaks; 1 something breaks; 2 usage errors or a spec that does not load.

corpus: runs every .yaml, .yml and .json file under DIR (default tests/corpus; the full
corpus is ../shared/corpus) through the generator, each in a child process killed after
--time-limit seconds (default 120), lints each crate made with clippy -D warnings, documents it
with rustdoc's warnings denied and runs its tests, then prints a table of verdicts; exit 1 if any file broke its rule. Files without an
`openapi` or `swagger` key are skipped, Swagger 2.0 must be refused; under fail/ a spec may be
refused with a located error, under malicious/ with an error naming a limit; any other spec
must generate with no operation that lost content. --only keeps specs whose path contains any
TEXT, --skip drops those that contain one; --generate-only stops after generating (nothing is
written); crates go into the workspace --scratch (default target/corpus)

corpus --sweep DIR: every .yaml, .yml and .json file under DIR through the generator, --jobs at
a time (default 1), each in a child process killed after --time-limit seconds, each crate into
SCRATCH/crates/ (default target/sweep); then every manifest read by `cargo metadata`, and a
random sample of --sample crates (default 300, chosen from --seed, default 28) type-checked as
one workspace with `cargo check` (with --clippy: `cargo clippy`, its lints counted as
warnings). Prints the tallies (generated, refused by kind, panics,
timeouts, manifests rejected, crates with errors or warnings) and names each spec that broke;
SCRATCH/sweep.tsv has a line per file, SCRATCH/check.log cargo's output. Exit 1 on a panic, a
timeout, a refused OpenAPI 3.x document, a rejected manifest, or a checked crate with an error
or a warning

bench-peers: builds the release binary and measures it on GitHub's spec against parsing alone
and openapi-typescript, on synthetic specs of 100 to 10,000 schemas, Oxide's crate against
progenitor's, the seed crate's build, the `cargo check` of GitHub's full crate, and Microsoft
Graph v1.0 (generating it against openapi-typescript, its crate's `cargo check` with every
default feature and with one tag's); prints a Markdown table. Parts: github, typescript,
synthetic, oxide, seed, github-crate, graph (default all; the last two need the specs beside
the repository, see README); --runs N repeats each timing (default 5)

conformance: generates the crate of the spec (with its overlays) and a driver that calls
every operation once, runs them against Prism (a spec-validating mock server, installed with
`npm ci` from xtask/conformance/ on first use), and prints per operation whether Prism
accepted the request and whether the response decoded, then `conformance: A of N operations
conform; R requests rejected, D responses not decoded, S skipped`. Exit codes: 0 nothing
rejected or undecoded; 1 something was, or the crate does not build; 2 usage errors, or no
Node.js and npm to run Prism";

fn main() -> ExitCode {
    allocator::configure();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("api-diff") => match api_diff_task::Args::parse(&args[1..]) {
            Ok(args) => api_diff_task::run(&args),
            Err(message) => usage_error(&message),
        },
        Some("corpus") => match corpus_task::Args::parse(&args[1..]) {
            Ok(args) => corpus_task::run(&args),
            Err(message) => usage_error(&message),
        },
        Some("conformance") => match conformance_task::Args::parse(&args[1..]) {
            Ok(args) => conformance_task::run(&args),
            Err(message) => usage_error(&message),
        },
        Some("bench-peers") => match bench_task::Args::parse(&args[1..]) {
            Ok(args) => bench_task::run(&args),
            Err(message) => usage_error(&message),
        },
        // One spec of `corpus`, run in a child process so that a panic or hang is one row.
        Some("corpus-one") => corpus_task::child(&args[1..]),
        // The baseline bench-peers times: the same binary, only parsing the spec.
        Some("parse-only") => bench_task::parse_only(&args[1..]),
        // A synthetic spec of N schemas and operations, for profiling.
        Some("synthetic-spec") => bench_task::synthetic_spec(&args[1..]),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown task `{other}`")),
    }
}

/// The crates `cargo xtask codegen` keeps fresh when no spec is named: the product, then the
/// clients the tests drive (spec, output folder, crate name and overlays beside those of the
/// spec's folder, from the workspace root).
const TARGETS: &[(&str, &str, &str, &[&str])] = &[
    (
        "spec/livepeer.yaml",
        "generated-client",
        "generated-client",
        &[],
    ),
    (
        "tests/fixtures/specs/operations.yaml",
        "tests/clients/operations",
        "operations-client",
        &[],
    ),
    (
        "tests/fixtures/specs/livepeer-full.yaml",
        "tests/clients/livepeer-full",
        "livepeer-full-client",
        // The fixture folder's overlays would apply to every fixture: this one is named.
        &["tests/fixtures/overlays/livepeer-full-paging.yaml"],
    ),
    (
        "tests/fixtures/specs/api-keys.yaml",
        "tests/clients/api-keys",
        "api-keys-client",
        &[],
    ),
    (
        "tests/fixtures/specs/paging.yaml",
        "tests/clients/paging",
        "paging-client",
        &[],
    ),
    (
        "tests/fixtures/specs/scalars.yaml",
        "tests/clients/scalars",
        "scalars-client",
        &[],
    ),
    (
        "tests/fixtures/specs/streams.yaml",
        "tests/clients/streams",
        "streams-client",
        &[],
    ),
];

/// One crate when `--spec`, `--out` or `--crate-name` is given; otherwise every target, each
/// with the other flags, stopping at the first failure.
fn codegen(args: &[String]) -> ExitCode {
    let names_a_target = args.iter().any(|arg| {
        ["--spec", "--out", "--crate-name"]
            .iter()
            .any(|flag| arg == flag || arg.starts_with(&format!("{flag}=")))
    });
    let runs: Vec<Vec<String>> = if names_a_target {
        vec![args.to_vec()]
    } else {
        let root = codegen_task::workspace_root();
        TARGETS
            .iter()
            .map(|(spec, out, name, overlays)| {
                let mut run = vec![
                    "--spec".to_owned(),
                    root.join(spec).display().to_string(),
                    "--out".to_owned(),
                    root.join(out).display().to_string(),
                    "--crate-name".to_owned(),
                    (*name).to_owned(),
                ];
                for overlay in *overlays {
                    run.push("--overlay".to_owned());
                    run.push(root.join(overlay).display().to_string());
                }
                run.extend(args.iter().cloned());
                run
            })
            .collect()
    };
    for run in runs {
        let code = match codegen_task::Args::parse(&run) {
            Ok(args) => codegen_task::run(&args),
            Err(message) => return usage_error(&message),
        };
        if code != ExitCode::SUCCESS {
            return code;
        }
    }
    ExitCode::SUCCESS
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
