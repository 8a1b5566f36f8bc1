//! `cargo xtask <task>`: the maintainers' entry point.
//!
//! Exit codes: 0 success; 1 the spec has errors, or `--check` found stale output; 2 usage
//! errors (unknown flags, unreadable or unwritable files).

mod codegen_task;
mod corpus_task;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask codegen [--spec FILE] [--out DIR] [--crate-name NAME] [--check]
       cargo xtask corpus [--dir DIR] [--only TEXT]

  --spec FILE        the OpenAPI document (YAML or JSON)   [default: spec/livepeer.yaml]
  --out DIR          where the crate is written            [default: generated-client]
  --crate-name NAME  the generated crate's package name    [default: generated-client]
  --check            write nothing; exit 1 and name each file that would change

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
