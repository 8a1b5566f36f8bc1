//! The changes as people read them: one line each, marked `breaking` or `additive`, naming
//! the item, what happened, why it breaks or not, and the spec node that caused it; a summary
//! line last. The same lines make a section of the generated crate's `CHANGELOG.md`.

use super::diff::{ApiChange, ApiDiff};
use super::rules::{Change, Verdict};

/// The report's lines, the summary last: `API: 2 breaking, 1 additive changes`, or
/// `API: unchanged`.
pub fn lines(diff: &ApiDiff) -> Vec<String> {
    let mut lines: Vec<String> = diff
        .changes
        .iter()
        .map(|c| format!("{:<8}  {}", c.verdict.word(), describe(c)))
        .collect();
    lines.push(summary(diff));
    lines
}

/// The summary line.
pub fn summary(diff: &ApiDiff) -> String {
    if diff.is_empty() {
        return "API: unchanged".to_owned();
    }
    format!(
        "API: {} breaking, {} additive changes",
        diff.count(Verdict::Breaking),
        diff.count(Verdict::Additive)
    )
}

/// One change, without its verdict, e.g.
///
/// ```text
/// models::Task::status: field removed (was `Option<String>`); code that names it no longer compiles [spec.yaml:12 #/components/…]
/// ```
pub fn describe(change: &ApiChange) -> String {
    let noun = change.kind.noun();
    let quoted = |text: &Option<String>| text.as_deref().map(|t| format!("`{t}`"));
    let what = match change.change {
        Change::Added => match quoted(&change.after) {
            Some(ty) => format!("{noun} added ({ty})"),
            None => format!("{noun} added"),
        },
        Change::Removed => match quoted(&change.before) {
            Some(ty) => format!("{noun} removed (was {ty})"),
            None => format!("{noun} removed"),
        },
        Change::Renamed => format!(
            "{noun} renamed from `{}`",
            change.before.as_deref().unwrap_or_default()
        ),
        Change::KindChanged => format!(
            "was a {}, now a {}",
            change.before.as_deref().unwrap_or_default(),
            change.after.as_deref().unwrap_or_default()
        ),
        Change::TypeChanged => format!(
            "{noun} type changed from {} to {}",
            quoted(&change.before).unwrap_or_else(|| "none".to_owned()),
            quoted(&change.after).unwrap_or_else(|| "none".to_owned())
        ),
        Change::Moved => format!(
            "{noun} moved from place {} to {}",
            change.before.as_deref().unwrap_or_default(),
            change.after.as_deref().unwrap_or_default()
        ),
        Change::Gained(fact) => format!("{noun} now {}", fact.description()),
        Change::Lost(fact) => format!("{noun} no longer {}", fact.description()),
    };
    let place = match &change.at {
        Some(at) => format!("{at} {}", change.pointer),
        None => change.pointer.clone(),
    };
    format!("{}: {what}; {} [{place}]", change.path, change.reason)
}

/// A `CHANGELOG.md` with a section for `version` on top: the existing text (or a new file's
/// heading) with the report's lines as a list, dated `date` (`YYYY-MM-DD`).
pub fn changelog(
    existing: Option<&str>,
    crate_name: &str,
    version: &str,
    date: &str,
    spec_name: &str,
    lines: &[String],
) -> String {
    let heading = format!(
        "# Changelog of {crate_name}\n\n\
         `cargo xtask codegen` adds a section each time the API generated from the spec changes, \
         and bumps the version as semver asks.\n"
    );
    let existing = existing.unwrap_or(&heading);
    // The new section goes before the first one already there, under the heading.
    let split = existing.find("\n## ").map_or(existing.len(), |at| at + 1);
    let (head, rest) = existing.split_at(split);
    let mut out = head.trim_end().to_owned();
    out.push_str(&format!(
        "\n\n## {version} ({date})\n\nFrom {spec_name}.\n\n"
    ));
    let (summary, changes) = lines
        .split_last()
        .map_or((None, &[][..]), |(s, c)| (Some(s), c));
    for line in changes {
        out.push_str(&format!("- {}\n", markdown_line(line)));
    }
    if let Some(summary) = summary {
        if !changes.is_empty() {
            out.push('\n');
        }
        out.push_str(summary);
        out.push('\n');
    }
    if !rest.is_empty() {
        out.push('\n');
        out.push_str(rest);
    }
    out
}

/// A report line in Markdown: its verdict in bold, the rest as it is (types are already in
/// backticks; square brackets hold the place, which is not a link).
fn markdown_line(line: &str) -> String {
    let (verdict, rest) = line.split_once(' ').unwrap_or((line, ""));
    format!("**{verdict}** {}", rest.trim_start().replace('[', "\\["))
}

/// The calendar date (UTC) of a time in seconds since 1970, as `YYYY-MM-DD`.
pub fn date(unix_seconds: u64) -> String {
    // Days to civil date, after Howard Hinnant's `civil_from_days`.
    let days = (unix_seconds / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surface::Kind;

    fn change(verdict: Verdict, kind: Kind, change: Change, before: Option<&str>) -> ApiChange {
        ApiChange {
            path: "models::Task::status".to_owned(),
            kind,
            change,
            verdict,
            reason: "because",
            before: before.map(str::to_owned),
            after: None,
            pointer: "#/components/schemas/task/properties/status".to_owned(),
            at: Some("spec.yaml:12".to_owned()),
        }
    }

    #[test]
    fn each_line_says_verdict_item_change_reason_and_place() {
        let diff = ApiDiff {
            changes: vec![change(
                Verdict::Breaking,
                Kind::Field,
                Change::Removed,
                Some("Option<String>"),
            )],
        };
        assert_eq!(
            lines(&diff),
            [
                "breaking  models::Task::status: field removed (was `Option<String>`); because \
                 [spec.yaml:12 #/components/schemas/task/properties/status]",
                "API: 1 breaking, 0 additive changes",
            ]
        );
        assert_eq!(lines(&ApiDiff::default()), ["API: unchanged"]);
    }

    #[test]
    fn sections_go_on_top_of_earlier_ones() {
        let first = changelog(
            None,
            "demo",
            "0.1.1",
            "2026-01-02",
            "spec.yaml",
            &[
                "additive  a: added; why [s:1 #/a]".to_owned(),
                "API: 0 breaking, 1 additive changes".to_owned(),
            ],
        );
        assert!(first.starts_with("# Changelog of demo\n"), "{first}");
        assert!(first.contains("## 0.1.1 (2026-01-02)\n\nFrom spec.yaml.\n\n- **additive** a: added; why \\[s:1 #/a]\n\nAPI: 0 breaking, 1 additive changes\n"), "{first}");
        let second = changelog(
            Some(&first),
            "demo",
            "0.2.0",
            "2026-02-03",
            "spec.yaml",
            &["API: unchanged".to_owned()],
        );
        let newer = second.find("## 0.2.0").unwrap();
        let older = second.find("## 0.1.1").unwrap();
        assert!(newer < older, "{second}");
        assert!(second.starts_with("# Changelog of demo\n"));
        assert_eq!(second.matches("# Changelog").count(), 1);
    }

    #[test]
    fn dates_are_civil_dates_in_utc() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_767_225_599), "2025-12-31");
        assert_eq!(date(1_767_225_600), "2026-01-01");
    }
}
