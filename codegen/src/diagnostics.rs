//! Warnings and errors as values: each names the node it concerns, and the line where known.

use std::fmt;

use crate::pointer::Pointer;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Generation goes on; the output is usable but may be less precise than the spec intends.
    Warning,
    /// Generation cannot produce a crate.
    Error,
}

/// A line and column in the spec text, both counted from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

/// One finding about the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the pointer and location are in, when it is not the spec itself (an overlay).
    pub file: Option<String>,
    /// The node concerned; the root for problems with the text as a whole.
    pub pointer: Pointer,
    /// Where that node starts in the text, when known.
    pub location: Option<Location>,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(pointer: Pointer, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            file: None,
            pointer,
            location: None,
            message: message.into(),
        }
    }

    pub fn error(pointer: Pointer, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: None,
            pointer,
            location: None,
            message: message.into(),
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// The same diagnostic, its message followed by what the generator does about it
    /// (`…; typed as \`serde_json::Value\``).
    pub fn with_consequence(mut self, consequence: &str) -> Self {
        self.message = format!("{}; {consequence}", self.message);
        self
    }

    /// The same diagnostic, about a node of the file `name` rather than of the spec.
    pub fn in_file(mut self, name: impl Into<String>) -> Self {
        self.file = Some(name.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        if let Some(file) = &self.file {
            write!(f, "{file}:")?;
        }
        if let Some(Location { line, column }) = self.location {
            write!(f, "{line}:{column}:")?;
        }
        if self.file.is_some() || self.location.is_some() {
            write!(f, " ")?;
        }
        write!(f, "{severity} at {}: {}", self.pointer, self.message)
    }
}

/// The diagnostics of a run that failed: at least one of them is an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Self(vec![diagnostic])
    }
}
