//! `cargo xtask <task>`: the maintainers' entry point.
//!
//! Exit codes: 0 success; 1 the spec has errors, or `--check` found stale output; 2 usage
//! errors (unknown flags, unreadable or unwritable files).

mod bench_task;
mod codegen_task;
mod corpus_task;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--spec FILE] [--out DIR] [--crate-name NAME] [--check]
       cargo xtask corpus [--dir DIR] [--only TEXT]
       cargo xtask bench-peers [--runs N] [--only PART,PART…]

  --spec FILE        the OpenAPI document (YAML or JSON)   [default: spec/livepeer.yaml]
  --out DIR          where the crate is written            [default: generated-client]
  --crate-name NAME  the generated crate's package name    [default: generated-client]
  --check            write nothing; exit 1 and name each file that would change

corpus: generates a crate from every spec under DIR (default ../shared/corpus), lints it with
clippy -D warnings and runs its tests, then prints a table; --only keeps specs whose path
contains TEXT

bench-peers: builds the release binary and measures it on GitHub's spec against parsing alone
and openapi-typescript, on synthetic specs of 100 to 10,000 schemas, Oxide's crate against
progenitor's, and the seed crate's build; prints a Markdown table. Parts: github, typescript,
synthetic, oxide, seed (default all); --runs N repeats each timing (default 5)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => match codegen_task::Args::parse(&args[1..]) {
            Ok(args) => codegen_task::run(&args),
            Err(message) => usage_error(&message),
        },
        Some("corpus") => match corpus_task::Args::parse(&args[1..]) {
            Ok(args) => corpus_task::run(&args),
            Err(message) => usage_error(&message),
        },
        Some("bench-peers") => match bench_task::Args::parse(&args[1..]) {
            Ok(args) => bench_task::run(&args),
            Err(message) => usage_error(&message),
        },
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

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
