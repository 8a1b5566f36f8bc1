//! What changed in a generated crate's public API: `cargo xtask api-diff` between any two specs,
//! and, for `cargo xtask codegen`, between the checked-in crate (its `api.json`) and the one
//! about to be written, with the version it needs and its `CHANGELOG.md` section.

use std::fs;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::surface::diff::{ApiDiff, diff};
use codegen::surface::report;
use codegen::surface::rules::Verdict;
use codegen::surface::version::Version;
use codegen::surface::{API_FILE, ApiSurface};
use codegen::{GeneratedFile, Options};

use crate::inputs::{Stop, display_path, flags, inputs};
use crate::report::{Sources, Style, render};

/// The generated crate's changelog, beside its manifest.
const CHANGELOG: &str = "CHANGELOG.md";

/// The version a crate starts at when nothing records another.
const FIRST_VERSION: &str = "0.1.0";

#[derive(Debug)]
pub struct Args {
    from: PathBuf,
    to: PathBuf,
    overlays: Vec<PathBuf>,
    crate_name: String,
}

impl Args {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut from = None;
        let mut to = None;
        let mut overlays = Vec::new();
        let mut crate_name = "generated-client".to_owned();
        for (flag, value) in flags(args, &["--from", "--to", "--overlay", "--crate-name"])? {
            match (flag, value) {
                ("--from", Some(value)) => from = Some(PathBuf::from(value)),
                ("--to", Some(value)) => to = Some(PathBuf::from(value)),
                ("--overlay", Some(value)) => overlays.push(PathBuf::from(value)),
                ("--crate-name", Some(value)) => crate_name = value,
                (flag, _) => return Err(format!("unknown argument `{flag}`")),
            }
        }
        match (from, to) {
            (Some(from), Some(to)) => Ok(Args {
                from,
                to,
                overlays,
                crate_name,
            }),
            _ => Err("api-diff needs `--from OLD_SPEC` and `--to NEW_SPEC`".to_owned()),
        }
    }
}

/// Prints the changes from one spec's API to the other's; exit 0 when nothing breaks, 1 when
/// something does, 2 when a spec does not load.
pub fn run(args: &Args) -> ExitCode {
    let Some(old) = surface_of(&args.from, args) else {
        return ExitCode::from(2);
    };
    let Some(new) = surface_of(&args.to, args) else {
        return ExitCode::from(2);
    };
    let diff = diff(&old, &new);
    for line in report::lines(&diff) {
        println!("{line}");
    }
    if diff.verdict() == Some(Verdict::Breaking) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The API a spec gives the crate, its overlays applied; `None` (said on stderr) when it does
/// not load.
fn surface_of(spec: &Path, args: &Args) -> Option<ApiSurface> {
    let spec_name = display_path(spec);
    let style = if io::stderr().is_terminal() {
        Style::Annotated
    } else {
        Style::Plain
    };
    let (text, overlays) = match inputs(
        spec,
        &args.overlays,
        &spec_name,
        &codegen::limits::Limits::default(),
    ) {
        Ok(inputs) => inputs,
        Err(Stop::Usage(message)) => {
            eprintln!("error: {message}");
            return None;
        }
        Err(Stop::Spec(diagnostic)) => {
            eprintln!("{diagnostic}");
            return None;
        }
    };
    let options = Options {
        crate_name: args.crate_name.clone(),
        spec_name: spec_name.clone(),
        spec_path: Some(spec.to_path_buf()),
        overlays,
        ..Options::default()
    };
    match codegen::lower_to_surface(&text, &options) {
        Ok((_, surface, _)) => Some(surface),
        Err(diagnostics) => {
            let sources = Sources::spec_and_overlays(&spec_name, &text, &options.overlays);
            eprint!("{}", render(&diagnostics.0, &sources, style));
            None
        }
    }
}

/// What the checked-in crate records: its API, version and changelog.
pub struct Baseline {
    /// The API of the crate checked in, if its `api.json` could be read.
    surface: Option<ApiSurface>,
    /// The version it records (else its manifest's, else 0.1.0).
    pub version: Version,
    /// The version its manifest says.
    manifest_version: Option<Version>,
    changelog: Option<String>,
}

impl Baseline {
    /// Reads what the crate at `out` records; a summary that cannot be read is said on stderr
    /// and the API compared with nothing.
    pub fn read(out: &Path) -> Self {
        let api_path = out.join(API_FILE);
        let surface = match fs::read_to_string(&api_path) {
            Ok(text) => match ApiSurface::from_json(&text) {
                Ok(surface) => Some(surface),
                Err(e) => {
                    eprintln!(
                        "note: {} cannot be read ({e}); the API is compared with nothing",
                        display_path(&api_path)
                    );
                    None
                }
            },
            Err(_) => None,
        };
        let manifest_version = fs::read_to_string(out.join("Cargo.toml"))
            .ok()
            .and_then(|text| package_version(&text));
        let version = surface
            .as_ref()
            .and_then(|s| Version::parse(&s.version))
            .or_else(|| manifest_version.clone())
            .or_else(|| Version::parse(FIRST_VERSION))
            .unwrap_or(Version {
                major: 0,
                minor: 1,
                patch: 0,
                label: String::new(),
            });
        let changelog = fs::read_to_string(out.join(CHANGELOG)).ok();
        Baseline {
            surface,
            version,
            manifest_version,
            changelog,
        }
    }
}

/// The `version` of a manifest's `[package]`.
fn package_version(manifest: &str) -> Option<Version> {
    let package = manifest.split("\n[package]").nth(1)?;
    let section = package.split("\n[").next()?;
    section.lines().find_map(|line| {
        let value = line.trim().strip_prefix("version")?.trim_start();
        let value = value.strip_prefix('=')?.trim();
        Version::parse(value.trim_matches('"'))
    })
}

/// A regeneration's change of API: what changed since the baseline and the version it asks.
pub struct Update {
    /// The changes, `None` when there was no API to compare with.
    diff: Option<ApiDiff>,
    items: usize,
    from: Version,
    to: Version,
}

impl Update {
    /// Compares the new API with the baseline's and gives it the version the change asks. The
    /// baseline's API is dropped then: what is left of it is its version and changelog.
    pub fn new(baseline: &mut Baseline, api: &mut ApiSurface) -> Self {
        let diff = baseline.surface.take().map(|old| diff(&old, api));
        let to = baseline
            .version
            .bump(diff.as_ref().and_then(ApiDiff::verdict));
        api.version = to.to_string();
        Update {
            diff,
            items: api.items.len(),
            from: baseline.version.clone(),
            to,
        }
    }

    /// The report, for stdout: one line when nothing changed.
    pub fn report(&self, crate_name: &str) -> String {
        match &self.diff {
            None => format!(
                "API of {crate_name} {}: {} items recorded in {API_FILE}, nothing to compare with\n",
                self.to, self.items
            ),
            Some(diff) if diff.is_empty() => {
                format!("{} ({crate_name} {})\n", report::summary(diff), self.to)
            }
            Some(diff) => {
                let mut out = format!(
                    "API of {crate_name}, compared with the checked-in {API_FILE}: version {} -> {}\n",
                    self.from, self.to
                );
                for line in report::lines(diff) {
                    out.push_str(&line);
                    out.push('\n');
                }
                out
            }
        }
    }

    /// The crate's `CHANGELOG.md` with a section for this change, when the API changed or is
    /// recorded for the first time without a changelog.
    pub fn changelog(&self, baseline: &Baseline, options: &Options) -> Option<GeneratedFile> {
        let lines = match &self.diff {
            Some(diff) if diff.is_empty() => return None,
            Some(diff) => report::lines(diff),
            None if baseline.changelog.is_some() => return None,
            None => vec![format!(
                "The first version whose API is recorded: {} items.",
                self.items
            )],
        };
        let contents = report::changelog(
            baseline.changelog.as_deref(),
            &options.crate_name,
            &self.to.to_string(),
            &today(),
            &options.spec_name,
            &lines,
        );
        Some(GeneratedFile {
            path: PathBuf::from(CHANGELOG),
            contents,
        })
    }

    /// For `--check`: fails when the checked-in manifest's version is lower than the API change
    /// requires, whatever else `check` found.
    pub fn check_version(&self, baseline: &Baseline, crate_name: &str, code: ExitCode) -> ExitCode {
        let Some(checked_in) = &baseline.manifest_version else {
            return code;
        };
        if checked_in.satisfies(&self.to) {
            return code;
        }
        let why = match &self.diff {
            Some(diff) if !diff.is_empty() => report::summary(diff),
            _ => format!("the version {API_FILE} records"),
        };
        eprintln!(
            "error: {crate_name}'s version {checked_in} is lower than the API change requires: {} ({why})",
            self.to
        );
        ExitCode::from(1)
    }
}

/// Today's date (UTC), or that of `SOURCE_DATE_EPOCH` when set, for reproducible builds.
fn today() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    report::date(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_version_is_read_from_its_section_only() {
        let manifest = "# header\n\n[package]\nname = \"x\"\nversion = \"0.3.1\"\nedition = \"2021\"\n\n[dependencies]\nserde = { version = \"1\" }\n";
        assert_eq!(
            package_version(manifest).map(|v| v.to_string()),
            Some("0.3.1".to_owned())
        );
        assert_eq!(
            package_version("[dependencies]\nversion = \"1.0.0\"\n"),
            None
        );
    }

    #[test]
    fn api_diff_needs_both_specs() {
        assert!(Args::parse(&["--from".into(), "a.yaml".into()]).is_err());
        assert!(Args::parse(&["--to=b.yaml".into(), "--from=a.yaml".into()]).is_ok());
        assert!(Args::parse(&["--bogus".into()]).is_err());
    }
}
