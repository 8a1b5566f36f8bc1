//! Lints, documents and tests the generated crates, all of them in three cargo commands over
//! the scratch workspace (so that two cores stay busy and cargo starts three times, not three
//! times per crate), with each failure put down to the crate it belongs to.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::codegen_task::workspace_root;

/// The target folder shared by every crate generated for checking (the tests use it too), so
/// that their dependencies build once.
const GENERATED_CRATES_TARGET: &str = "target/generated-crates";

/// Lints every crate of `crates` (members of the workspace at `scratch`) with
/// `clippy --all-targets -D warnings`, documents those that passed as docs.rs would (rustdoc's
/// warnings denied), then runs the tests of those that passed both. Returns why each crate that
/// failed did.
pub fn check(scratch: &Path, crates: &[&str]) -> BTreeMap<String, String> {
    let mut failures = diagnose(scratch, crates, Tool::Clippy);
    let still_clean = |failures: &BTreeMap<String, String>| -> Vec<&str> {
        crates
            .iter()
            .copied()
            .filter(|c| !failures.contains_key(*c))
            .collect()
    };
    failures.extend(diagnose(scratch, &still_clean(&failures), Tool::Rustdoc));
    failures.extend(test(scratch, &still_clean(&failures)));
    failures
}

/// A cargo command whose errors arrive as compiler messages.
#[derive(Clone, Copy)]
enum Tool {
    Clippy,
    Rustdoc,
}

fn diagnose(scratch: &Path, crates: &[&str], tool: Tool) -> BTreeMap<String, String> {
    if crates.is_empty() {
        return BTreeMap::new();
    }
    let (label, mut args, env) = match tool {
        Tool::Clippy => ("clippy", vec!["clippy", "--all-targets"], None),
        Tool::Rustdoc => (
            "rustdoc",
            vec!["doc", "--no-deps"],
            Some(("RUSTDOCFLAGS", "-D warnings")),
        ),
    };
    args.extend(["--keep-going", "--message-format=json"]);
    for name in crates {
        args.extend(["-p", name]);
    }
    if let Tool::Clippy = tool {
        args.extend(["--", "-D", "warnings"]);
    }
    let output = match cargo(scratch, &args, env) {
        Ok(output) => output,
        Err(e) => return every(crates, &format!("{label}: {e}")),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut failures = BTreeMap::new();
    for (name, message, rendered) in errors(&stdout) {
        eprint!("{rendered}");
        failures
            .entry(name)
            .or_insert_with(|| format!("{label}: {message}"));
    }
    for name in not_compiled(&stderr) {
        failures
            .entry(name)
            .or_insert_with(|| format!("{label}: could not compile"));
    }
    if !output.status.success() && failures.is_empty() {
        eprint!("{stderr}");
        return every(crates, &format!("{label}: {}", first_error(&stderr)));
    }
    failures
}

/// Runs the tests of `crates`. A crate whose tests do not build stops cargo for all: it is put
/// down as failed and the others run again without it.
fn test(scratch: &Path, crates: &[&str]) -> BTreeMap<String, String> {
    let mut failures = BTreeMap::new();
    let mut pending: Vec<&str> = crates.to_vec();
    while !pending.is_empty() {
        let mut args = vec!["test", "--no-fail-fast"];
        for name in &pending {
            args.extend(["-p", name]);
        }
        let output = match cargo(scratch, &args, None) {
            Ok(output) => output,
            Err(e) => {
                failures.extend(every(&pending, &format!("tests: {e}")));
                break;
            }
        };
        if output.status.success() {
            break;
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let broken = not_compiled(&stderr);
        if !broken.is_empty() {
            eprint!("{stderr}");
            for name in broken {
                pending.retain(|p| *p != name);
                failures.insert(name, "tests: could not compile".to_owned());
            }
            continue;
        }
        eprint!("{}", String::from_utf8_lossy(&output.stdout));
        eprint!("{stderr}");
        let failed = failed_targets(&stderr);
        if failed.is_empty() {
            failures.extend(every(&pending, &format!("tests: {}", first_error(&stderr))));
        }
        for (name, targets) in failed {
            failures.insert(name, format!("tests failed: {}", targets.join(", ")));
        }
        break;
    }
    failures
}

fn every(crates: &[&str], reason: &str) -> BTreeMap<String, String> {
    crates
        .iter()
        .map(|c| ((*c).to_owned(), reason.to_owned()))
        .collect()
}

/// The errors in cargo's JSON messages: the crate (its folder's name), the message's first line
/// and its rendered form.
fn errors(stdout: &str) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let Some(name) = message["manifest_path"]
            .as_str()
            .and_then(|p| Path::new(p).parent()?.file_name()?.to_str())
        else {
            continue;
        };
        let text = message["message"]["message"].as_str().unwrap_or_default();
        let rendered = message["message"]["rendered"].as_str().unwrap_or(text);
        found.push((name.to_owned(), text.to_owned(), rendered.to_owned()));
    }
    found
}

/// The crates of `error: could not compile `NAME` (…)` lines.
fn not_compiled(stderr: &str) -> Vec<String> {
    let mut names: Vec<String> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: could not compile `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(name, _)| name.to_owned())
        .collect();
    names.dedup();
    names
}

/// The test targets that failed, by crate, from `error: test failed, to rerun pass `-p NAME
/// --lib`` lines.
fn failed_targets(stderr: &str) -> BTreeMap<String, Vec<String>> {
    let mut failed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in stderr.lines() {
        let Some((_, rerun)) = line.split_once("to rerun pass `-p ") else {
            continue;
        };
        let rerun = rerun.trim_end_matches('`');
        let (name, target) = rerun.split_once(' ').unwrap_or((rerun, ""));
        failed
            .entry(name.to_owned())
            .or_default()
            .push(format!("`{target}`"));
    }
    failed
}

fn first_error(stderr: &str) -> &str {
    stderr
        .lines()
        .find(|l| l.starts_with("error"))
        .unwrap_or("see cargo's output")
}

/// Cargo in `dir`, without debug info or incremental caches: these builds are checked, not
/// debugged, and those are most of a target folder's size.
pub(super) fn cargo(
    dir: &Path,
    args: &[&str],
    env: Option<(&str, &str)>,
) -> Result<Output, String> {
    cargo_command(dir, args, env)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))
}

/// The command `cargo` runs, for a caller that sends its output elsewhere.
pub(super) fn cargo_command(dir: &Path, args: &[&str], env: Option<(&str, &str)>) -> Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join(GENERATED_CRATES_TARGET),
        )
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_PROFILE_TEST_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS");
    if let Some((name, value)) = env {
        command.env(name, value);
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiler_errors_are_put_down_to_the_crate_whose_manifest_they_name() {
        let stdout = [
            r#"{"reason":"compiler-artifact","manifest_path":"/s/corpus-a/Cargo.toml"}"#,
            r#"{"reason":"compiler-message","manifest_path":"/s/corpus-b/Cargo.toml","message":{"level":"error","message":"length comparison to zero","rendered":"error: length comparison to zero\n"}}"#,
            r#"{"reason":"compiler-message","manifest_path":"/s/corpus-b/Cargo.toml","message":{"level":"failure-note","message":"see","rendered":"see\n"}}"#,
            "not json",
            r#"{"reason":"build-finished","success":false}"#,
        ]
        .join("\n");
        assert_eq!(
            errors(&stdout),
            [(
                "corpus-b".to_owned(),
                "length comparison to zero".to_owned(),
                "error: length comparison to zero\n".to_owned()
            )]
        );
    }

    #[test]
    fn failed_test_targets_are_read_from_cargo_s_rerun_hints() {
        let stderr = "error: test failed, to rerun pass `-p corpus-a --lib`\n\
                      error: doctest failed, to rerun pass `-p corpus-a --doc`\n\
                      error: 2 targets failed:\n    `-p corpus-a --lib`\n    `-p corpus-a --doc`\n";
        let failed = failed_targets(stderr);
        assert_eq!(
            failed.get("corpus-a").unwrap(),
            &["`--lib`".to_owned(), "`--doc`".to_owned()]
        );
        assert_eq!(failed.len(), 1);
        assert_eq!(
            not_compiled(
                "error: could not compile `corpus-c` (lib test) due to 1 previous error\n"
            ),
            ["corpus-c"]
        );
    }
}
