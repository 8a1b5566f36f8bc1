//! `cargo xtask <task>`: the maintainers' entry point.
//!
//! Exit codes: 0 success; 1 the spec (or an overlay) has errors, `--deny-warnings` met a
//! warning, or `--check` found stale output; 2 usage errors (unknown flags, unreadable or
//! unwritable files).

mod codegen_task;
mod corpus_task;
mod report;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--spec FILE] [--out DIR] [--crate-name NAME] [--overlay FILE]...
                           [--deny-warnings] [--check]
       cargo xtask corpus [--dir DIR] [--only TEXT]

  --spec FILE        the OpenAPI document (YAML or JSON)   [default: spec/livepeer.yaml]
  --out DIR          where the crate is written            [default: generated-client]
  --crate-name NAME  the generated crate's package name    [default: generated-client]
  --overlay FILE     an OpenAPI Overlay 1.0 file to apply; repeatable, applied in order after
                     the *.yaml, *.yml and *.json files of the spec's overlays/ folder (in name
                     order)
  --deny-warnings    fail (exit 1, write nothing) if the spec has any warning
  --check            write nothing; exit 1 and name each file that would change

Exit codes: 0 success; 1 errors in the spec or an overlay, a warning under --deny-warnings, or
stale output under --check; 2 usage errors (bad flags, unreadable or unwritable files).

corpus: generates a crate from every spec under DIR (default ../shared/corpus), lints it with
clippy -D warnings and runs its tests, then prints a table; --only keeps specs whose path
contains TEXT";

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
