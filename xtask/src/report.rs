//! Diagnostics as people read them: one line each (`file:line:column: warning at <pointer>:
//! message`) when the output goes to a file or a pipe, and on a terminal the source line with a
//! marker under the node. One summary line closes the report.

use std::path::Path;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use codegen::limits;
use codegen::{Diagnostic, Overlay, Severity};

/// A file that diagnostics may point into: its name as shown, and its text.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// Where diagnostics point: the spec, and the overlays by the names diagnostics give them.
/// Diagnostics may also name files that the spec references (`common.yaml`), by their path:
/// those are read from disk when a diagnostic needs their text, once per report.
pub struct Sources<'a> {
    pub spec: Source<'a>,
    pub others: Vec<Source<'a>>,
}

/// The texts of the referenced files that a report's diagnostics name, read from disk: `None`
/// for a file that could not be read (its diagnostics then show no source line).
struct ReadFiles(Vec<(String, Option<String>)>);

impl ReadFiles {
    fn for_diagnostics(sources: &Sources, diagnostics: &[Diagnostic]) -> Self {
        let mut read: Vec<(String, Option<String>)> = Vec::new();
        for name in diagnostics.iter().filter_map(|d| d.file.as_deref()) {
            if sources.known(name).is_none() && !read.iter().any(|(n, _)| n == name) {
                let text = limits::read_text(Path::new(name)).ok();
                read.push((name.to_owned(), text));
            }
        }
        ReadFiles(read)
    }
}

impl<'a> Sources<'a> {
    /// The spec and the overlays applied to it.
    pub fn spec_and_overlays(name: &'a str, text: &'a str, overlays: &'a [Overlay]) -> Self {
        Sources {
            spec: Source { name, text },
            others: overlays
                .iter()
                .map(|o| Source {
                    name: &o.name,
                    text: &o.text,
                })
                .collect(),
        }
    }

    /// The spec or overlay called `name`.
    fn known(&self, name: &str) -> Option<&Source<'a>> {
        std::iter::once(&self.spec)
            .chain(&self.others)
            .find(|s| s.name == name)
    }

    fn of<'s>(&'s self, diagnostic: &'s Diagnostic, read: &'s ReadFiles) -> Source<'s> {
        let Some(name) = diagnostic.file.as_deref() else {
            return self.spec;
        };
        if let Some(source) = self.known(name) {
            return *source;
        }
        let text = read
            .0
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, text)| text.as_deref())
            .unwrap_or_default();
        Source { name, text }
    }
}

/// How to show diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// One line each, for logs and tools.
    Plain,
    /// The source line with a marker, in colour, for a terminal.
    Annotated,
}

/// Every diagnostic, then the summary line.
pub fn render(diagnostics: &[Diagnostic], sources: &Sources, style: Style) -> String {
    let mut out = String::new();
    // Only the annotated form shows source lines.
    let read = match style {
        Style::Plain => ReadFiles(Vec::new()),
        Style::Annotated => ReadFiles::for_diagnostics(sources, diagnostics),
    };
    for diagnostic in diagnostics {
        let source = sources.of(diagnostic, &read);
        let text = match style {
            Style::Plain => plain(diagnostic, &source),
            Style::Annotated => annotated(diagnostic, &source),
        };
        out.push_str(&text);
        out.push('\n');
    }
    out.push_str(&summary(diagnostics));
    out.push('\n');
    out
}

/// `2 warnings, 1 error`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    format!(
        "{}, {}",
        count(warnings, "warning", "warnings"),
        count(errors, "error", "errors")
    )
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn severity(diagnostic: &Diagnostic) -> &'static str {
    match diagnostic.severity {
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

fn plain(diagnostic: &Diagnostic, source: &Source) -> String {
    let place = match diagnostic.location {
        Some(l) => format!("{}:{}:{}", source.name, l.line, l.column),
        None => source.name.to_owned(),
    };
    format!(
        "{place}: {} at {}: {}",
        severity(diagnostic),
        diagnostic.pointer,
        diagnostic.message
    )
}

fn annotated(diagnostic: &Diagnostic, source: &Source) -> String {
    let level = match diagnostic.severity {
        Severity::Warning => Level::WARNING,
        Severity::Error => Level::ERROR,
    };
    let title = level.primary_title(diagnostic.message.as_str());
    let label = format!("at {}", diagnostic.pointer);
    let renderer = Renderer::styled();
    let Some((line, span)) = diagnostic
        .location
        .and_then(|l| line_span(source.text, l.line, l.column))
    else {
        // No source line to show (the text was unreadable, or the node is not in it).
        let place = match diagnostic.location {
            Some(l) => format!("in {}:{}:{}, {label}", source.name, l.line, l.column),
            None => format!("in {}, {label}", source.name),
        };
        let report = [title.element(Level::NOTE.message(place.as_str()))];
        return renderer.render(&report);
    };
    let location = diagnostic.location.map_or(1, |l| l.line);
    let report = [title.element(
        Snippet::source(line)
            .line_start(location)
            .path(source.name)
            .annotation(AnnotationKind::Primary.span(span).label(label.as_str())),
    )];
    renderer.render(&report)
}

/// The text of line `line` and the byte range of what starts at `column` (counted in
/// characters, from 1) up to the end of the line's text; `None` when the line does not exist.
fn line_span(text: &str, line: usize, column: usize) -> Option<(&str, std::ops::Range<usize>)> {
    let text = text.lines().nth(line.checked_sub(1)?)?;
    let start = text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let end = text.trim_end().len().max(start);
    let end = if end == start {
        text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8())
    } else {
        end
    };
    Some((text, start..end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::{Location, pointer::Pointer};

    const SPEC: &str = "openapi: 3.1.0\ncomponents:\n  schemas:\n    a: {$ref: '#/nowhere'}\n";
    const OVERLAY: &str = "overlay: 1.0.0\nactions:\n  - target: $.nope\n    remove: true\n";

    fn sources() -> Sources<'static> {
        Sources {
            spec: Source {
                name: "spec.yaml",
                text: SPEC,
            },
            others: vec![Source {
                name: "fix.yaml",
                text: OVERLAY,
            }],
        }
    }

    fn diagnostics() -> Vec<Diagnostic> {
        let error = Diagnostic::error(
            Pointer::parse_fragment("#/components/schemas/a/$ref").unwrap(),
            "`$ref` target `#/nowhere` does not exist in the document",
        )
        .at(Location {
            line: 4,
            column: 15,
        });
        let warning = Diagnostic::warning(
            Pointer::parse_fragment("#/actions/0/target").unwrap(),
            "target `$.nope` matches nothing in the spec",
        )
        .at(Location {
            line: 3,
            column: 13,
        })
        .in_file("fix.yaml");
        let unplaced = Diagnostic::warning(Pointer::root(), "something about the whole spec");
        vec![error, warning, unplaced]
    }

    #[test]
    fn plain_lines_name_file_line_column_and_pointer() {
        let text = render(&diagnostics(), &sources(), Style::Plain);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "spec.yaml:4:15: error at #/components/schemas/a/$ref: `$ref` target `#/nowhere` does not exist in the document",
                "fix.yaml:3:13: warning at #/actions/0/target: target `$.nope` matches nothing in the spec",
                "spec.yaml: warning at #: something about the whole spec",
                "2 warnings, 1 error",
            ]
        );
    }

    /// The annotated form without its colour codes.
    fn strip_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn annotated_output_shows_the_source_line_with_a_marker() {
        let text = strip_ansi(&render(&diagnostics(), &sources(), Style::Annotated));
        assert!(
            text.contains("error: `$ref` target `#/nowhere` does not exist"),
            "{text}"
        );
        assert!(text.contains("--> spec.yaml:4:15"), "{text}");
        assert!(text.contains("4 |     a: {$ref: '#/nowhere'}"), "{text}");
        // The marker sits under the target, from its column to the end of the line.
        let marker = text.lines().find(|l| l.contains('^')).unwrap();
        let line = text.lines().find(|l| l.contains("4 |")).unwrap();
        assert_eq!(marker.find('^'), line.find("'#/nowhere'"), "{text}");
        assert!(marker.contains("at #/components/schemas/a/$ref"), "{text}");
        assert!(text.contains("--> fix.yaml:3:13"), "{text}");
        assert!(text.contains("3 |   - target: $.nope"), "{text}");
        assert!(text.contains("something about the whole spec"), "{text}");
        assert!(text.contains("in spec.yaml, at #"), "{text}");
        assert!(text.trim_end().ends_with("2 warnings, 1 error"), "{text}");
        assert_ne!(text, render(&diagnostics(), &sources(), Style::Annotated));
    }

    #[test]
    fn annotated_output_without_the_text_still_names_the_place() {
        let unreadable = Diagnostic::error(Pointer::root(), "it is not UTF-8 text")
            .at(Location {
                line: 2,
                column: 18,
            })
            .in_file("latin1.yaml");
        let sources = Sources {
            spec: Source {
                name: "latin1.yaml",
                text: "",
            },
            others: Vec::new(),
        };
        let text = strip_ansi(&render(&[unreadable], &sources, Style::Annotated));
        assert!(text.contains("error: it is not UTF-8 text"), "{text}");
        assert!(text.contains("in latin1.yaml:2:18, at #"), "{text}");
    }

    #[test]
    fn annotated_output_reads_a_referenced_file_for_its_line() {
        let dir = std::env::temp_dir().join(format!("xtask-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let common = dir.join("common.yaml");
        std::fs::write(&common, "Pet:\n  type: objekt\n").unwrap();
        let name = common.display().to_string();
        let in_common = |line| {
            Diagnostic::warning(
                Pointer::parse_fragment("#/Pet/type").unwrap(),
                "unknown type `objekt`",
            )
            .at(Location { line, column: 9 })
            .in_file(name.as_str())
        };
        let text = strip_ansi(&render(&[in_common(2)], &sources(), Style::Annotated));
        assert!(text.contains(&format!("--> {name}:2:9")), "{text}");
        assert!(text.contains("2 |   type: objekt"), "{text}");
        // Not the spec's second line, which the report showed before it read the file.
        assert!(!text.contains("components:"), "{text}");
        // Each diagnostic shows its own line of it; a line it lacks shows no source.
        let text = strip_ansi(&render(
            &[in_common(2), in_common(1), in_common(7)],
            &sources(),
            Style::Annotated,
        ));
        assert!(text.contains("1 | Pet:"), "{text}");
        assert!(
            text.contains(&format!("in {name}:7:9, at #/Pet/type")),
            "{text}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_referenced_file_that_cannot_be_read_shows_no_source_line() {
        let missing = Diagnostic::warning(Pointer::root(), "something in a file now gone")
            .at(Location { line: 2, column: 3 })
            .in_file("/nonexistent/gone.yaml");
        let text = strip_ansi(&render(&[missing], &sources(), Style::Annotated));
        assert!(
            text.contains("in /nonexistent/gone.yaml:2:3, at #"),
            "{text}"
        );
        assert!(!text.contains(" | "), "{text}");
    }

    #[test]
    fn spans_stay_on_character_boundaries() {
        assert_eq!(line_span("a: é\n", 1, 4), Some(("a: é", 3..5)));
        assert_eq!(line_span("a:\n", 1, 9), Some(("a:", 2..2)));
        assert_eq!(line_span("a:\n", 3, 1), None);
        assert_eq!(line_span("a:\n", 0, 1), None);
    }

    #[test]
    fn summary_counts_both_kinds() {
        assert_eq!(summary(&[]), "0 warnings, 0 errors");
    }
}
