//! What lowering leaves out of an operation, recorded once for both the warning and the
//! method's docs.

use crate::diagnostics::Diagnostic;

/// Parts of an operation that could not be read: each is a warning, and a line of the
/// method's docs.
#[derive(Default)]
pub(crate) struct Omissions(Vec<String>);

impl Omissions {
    /// Records `warning` (whose message says what is left out) for the docs and the report.
    pub(crate) fn push(&mut self, warning: Diagnostic, diagnostics: &mut Vec<Diagnostic>) {
        self.0
            .push(format!("`{}`: {}", warning.pointer, warning.message));
        diagnostics.push(warning);
    }

    /// The docs' lines, one per part left out.
    pub(crate) fn into_lines(self) -> Vec<String> {
        self.0
    }
}
