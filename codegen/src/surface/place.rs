//! Where each item's spec node is: `file:line`, in the spec or in the bundled file its pointer
//! leads into. A node that the text does not show as such (one an overlay added, or one reached
//! through a reference) is placed at its nearest enclosing node that it does show.

use std::path::Path;

use crate::Options;
use crate::bundle::Bundle;
use crate::limits;
use crate::pointer::Pointer;
use crate::source_map;

/// Pointers into one text, each with its index among all the pointers.
type Pointers = Vec<(usize, Pointer)>;

/// `file:line` for each pointer, in order; `None` where not even an enclosing node (short of
/// the document itself) is found.
pub(crate) fn place_all(
    spec_text: &str,
    options: &Options,
    files: &Bundle,
    pointers: &[Pointer],
) -> Vec<Option<String>> {
    // By the text they point into: the spec (`None`) or a bundled file (its index).
    let mut by_file: Vec<(Option<usize>, Pointers)> = Vec::new();
    for (i, pointer) in pointers.iter().enumerate() {
        let (file, inner) = match files.file_of(pointer) {
            Some((file, inner)) => {
                let index = files.files.iter().position(|f| f.graft == file.graft);
                (index, inner)
            }
            None => (None, pointer.clone()),
        };
        match by_file.iter_mut().find(|(f, _)| *f == file) {
            Some((_, list)) => list.push((i, inner)),
            None => by_file.push((file, vec![(i, inner)])),
        }
    }
    let mut placed = vec![None; pointers.len()];
    for (file, list) in by_file {
        let (name, text) = match file {
            None => (options.spec_name.clone(), None),
            Some(index) => {
                let path = &files.files[index].path;
                (bundled_name(path, options), limits::read_text(path).ok())
            }
        };
        let text = match &text {
            Some(text) => text.as_str(),
            None if file.is_none() => spec_text,
            None => continue,
        };
        let inner: Vec<&Pointer> = list.iter().map(|(_, p)| p).collect();
        for ((i, _), line) in list.iter().zip(nearest_lines(text, &inner)) {
            placed[*i] = line.map(|line| format!("{name}:{line}"));
        }
    }
    placed
}

/// The line of each pointer's node, or of its nearest ancestor below the root that `text`
/// shows: the pointers are looked for first, then the parents of those not found, and so on.
fn nearest_lines(text: &str, pointers: &[&Pointer]) -> Vec<Option<usize>> {
    let lines = Lines::new(text);
    let mut placed = vec![None; pointers.len()];
    // The pointers still looked for, each with the index of the pointer it stands for.
    let mut pending: Vec<(usize, Pointer)> = pointers
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_root())
        .map(|(i, p)| (i, (*p).clone()))
        .collect();
    while !pending.is_empty() {
        let refs: Vec<&Pointer> = pending.iter().map(|(_, p)| p).collect();
        let found = source_map::locate_all(text, &refs);
        let mut unfound = Vec::new();
        for ((i, pointer), location) in pending.into_iter().zip(found) {
            match location {
                Some(location) => {
                    let key = pointer.last().unwrap_or_default();
                    placed[i] = Some(key_line(&lines, location.line, &key));
                }
                None => {
                    if let Some(parent) = pointer.parent().filter(|p| !p.is_root()) {
                        unfound.push((i, parent));
                    }
                }
            }
        }
        pending = unfound;
    }
    placed
}

/// The lines of a text, as `str::lines` gives them, found only where they are asked for.
struct Lines<'t> {
    text: &'t str,
    /// Where each line starts.
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let ends = memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1);
        let mut starts: Vec<usize> = std::iter::once(0).chain(ends).collect();
        if starts.last() == Some(&text.len()) {
            // A final line break ends the last line rather than starting one; an empty text
            // has no line.
            starts.pop();
        }
        Lines { text, starts }
    }

    /// The line numbered `line` from 1, without its line break.
    fn get(&self, line: usize) -> Option<&'t str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).copied().unwrap_or(self.text.len());
        let line = &self.text[start..end];
        let line = line.strip_suffix('\n').unwrap_or(line);
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// The line of the key `key` whose value starts at `line` (from 1): a block mapping's value
/// starts on a line after its key, and the key's line is where a reader looks.
fn key_line(lines: &Lines<'_>, line: usize, key: &str) -> usize {
    let names_key = |text: &str| {
        let text = text.trim_start();
        let text = text.strip_prefix("- ").unwrap_or(text).trim_start();
        let quoted = |quote: char| {
            text.strip_prefix(quote)
                .and_then(|t| t.strip_prefix(key))
                .and_then(|t| t.strip_prefix(quote))
        };
        [text.strip_prefix(key), quoted('\''), quoted('"')]
            .into_iter()
            .flatten()
            .any(|rest| rest.starts_with(':'))
    };
    if lines.get(line).is_some_and(names_key) {
        return line;
    }
    // The nearest line above that is not blank or a comment.
    let above = (1..line).rev().find_map(|l| {
        let text = lines.get(l)?;
        let trimmed = text.trim();
        (!trimmed.is_empty() && !trimmed.starts_with('#')).then_some((l, text))
    });
    match above {
        Some((above, text)) if names_key(text) => above,
        _ => line,
    }
}

/// How a bundled file is named: its path from the spec's folder, under the folder the spec's
/// name gives, so that the name does not depend on where the command runs.
fn bundled_name(path: &Path, options: &Options) -> String {
    let folder = options.spec_path.as_deref().and_then(Path::parent);
    let relative = folder.and_then(|folder| path.strip_prefix(folder).ok());
    match relative {
        Some(relative) => {
            let spec_folder = Path::new(&options.spec_name)
                .parent()
                .unwrap_or(Path::new(""));
            spec_folder
                .join(relative)
                .to_string_lossy()
                .replace('\\', "/")
        }
        None => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointer(text: &str) -> Pointer {
        Pointer::parse_fragment(text).unwrap()
    }

    #[test]
    fn lines_are_those_str_lines_gives() {
        for text in ["", "a", "a\n", "a\r\nb", "a\n\nb\n", "\n", "a\rb\r\n"] {
            let lines = Lines::new(text);
            let expected: Vec<&str> = text.lines().collect();
            let found: Vec<&str> = (1..=expected.len() + 1)
                .map_while(|l| lines.get(l))
                .collect();
            assert_eq!(found, expected, "{text:?}");
            assert_eq!(lines.get(0), None);
        }
    }

    #[test]
    fn a_node_the_text_lacks_is_placed_at_its_nearest_ancestor() {
        let text = "openapi: 3.0.3\ncomponents:\n  schemas:\n    task:\n      type: object\n      properties:\n        id:\n          type: string\n";
        let options = Options {
            spec_name: "spec.yaml".to_owned(),
            ..Options::default()
        };
        let pointers = [
            pointer("#/components/schemas/task/properties/id"),
            pointer("#/components/schemas/task/properties/gone"),
            pointer("#/components/schemas/task/enum/3"),
            pointer("#/paths/~1x"),
        ];
        let placed = place_all(text, &options, &Bundle::default(), &pointers);
        assert_eq!(
            placed,
            [
                Some("spec.yaml:7".to_owned()),
                Some("spec.yaml:6".to_owned()),
                Some("spec.yaml:4".to_owned()),
                None,
            ]
        );
    }
}
