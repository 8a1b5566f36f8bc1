//! Where each item's spec node is: `file:line`, in the spec or in the bundled file its pointer
//! leads into. A node that the text does not show as such (one an overlay added, or one reached
//! through a reference) is placed at its nearest enclosing node that it does show.

use std::path::Path;

use crate::Options;
use crate::bundle::Bundle;
use crate::hashing::HashMap;
use crate::pointer::Pointer;
use crate::source_map;

/// Pointers into one text, each with its index among all the pointers.
type Pointers = Vec<(usize, Pointer)>;

/// Where a node is: the text that shows it (the spec, `None`, or a bundled file's index in
/// [`Bundle::files`]) and its line there, from 1.
type Place = (Option<usize>, usize);

/// The places of some pointers, found before the API is summarized: [`place_all`] reads the
/// texts again only for the pointers that are not among them.
///
/// A pointer's place depends on the text and the pointer alone, so places found ahead are the
/// ones `place_all` would find.
#[derive(Default)]
pub(crate) struct Placed {
    places: HashMap<Pointer, Option<Place>>,
}

impl Placed {
    /// The places of `pointers`' nodes. Run while the IR is lowered (on another core), with the
    /// pointers the summary is expected to ask for, this takes the reading of the spec's text
    /// off the summary's path.
    pub(crate) fn ahead(spec_text: &str, files: &Bundle, pointers: Vec<Pointer>) -> Self {
        let refs: Vec<&Pointer> = pointers.iter().collect();
        let found = locate_all(spec_text, files, &refs);
        Placed {
            places: pointers.into_iter().zip(found).collect(),
        }
    }
}

/// `file:line` for each pointer, in order; `None` where not even an enclosing node (short of
/// the document itself) is found. Pointers already in `placed` are not looked for again.
pub(crate) fn place_all(
    spec_text: &str,
    options: &Options,
    files: &Bundle,
    pointers: &[Pointer],
    placed: &Placed,
) -> Vec<Option<String>> {
    let mut places: Vec<Option<Place>> = vec![None; pointers.len()];
    let mut missing = Vec::new();
    for (i, pointer) in pointers.iter().enumerate() {
        match placed.places.get(pointer) {
            Some(place) => places[i] = *place,
            // The document as a whole is placed nowhere.
            None if pointer.is_root() => {}
            None => missing.push(i),
        }
    }
    let refs: Vec<&Pointer> = missing.iter().map(|&i| &pointers[i]).collect();
    for (i, place) in missing.iter().zip(locate_all(spec_text, files, &refs)) {
        places[*i] = place;
    }
    // Each text's name, made once.
    let mut names: Vec<Option<String>> = vec![None; files.files.len()];
    places
        .into_iter()
        .map(|place| {
            let (file, line) = place?;
            let name = match file {
                None => &options.spec_name,
                Some(index) => names[index]
                    .get_or_insert_with(|| bundled_name(&files.files[index].path, options)),
            };
            Some(format!("{name}:{line}"))
        })
        .collect()
}

/// The place of each pointer's node, in order; `None` where not even an enclosing node (short
/// of the document itself) is found.
fn locate_all(spec_text: &str, files: &Bundle, pointers: &[&Pointer]) -> Vec<Option<Place>> {
    if pointers.is_empty() {
        return Vec::new();
    }
    if files.files.is_empty() {
        return nearest_lines(spec_text, pointers)
            .into_iter()
            .map(|line| line.map(|line| (None, line)))
            .collect();
    }
    // By the text they point into: the spec (`None`) or a bundled file (its index).
    let mut by_file: Vec<(Option<usize>, Pointers)> = Vec::new();
    for (i, pointer) in pointers.iter().enumerate() {
        let (file, inner) = match files.file_of(pointer) {
            Some((file, inner)) => {
                let index = files.files.iter().position(|f| f.graft == file.graft);
                (index, inner)
            }
            None => (None, (*pointer).clone()),
        };
        match by_file.iter_mut().find(|(f, _)| *f == file) {
            Some((_, list)) => list.push((i, inner)),
            None => by_file.push((file, vec![(i, inner)])),
        }
    }
    let mut placed = vec![None; pointers.len()];
    for (file, list) in by_file {
        let text = match file {
            None => None,
            Some(index) => files.read_again(&files.files[index]),
        };
        let text = match &text {
            Some(text) => text.as_str(),
            None if file.is_none() => spec_text,
            None => continue,
        };
        let inner: Vec<&Pointer> = list.iter().map(|(_, p)| p).collect();
        for ((i, _), line) in list.iter().zip(nearest_lines(text, &inner)) {
            placed[*i] = line.map(|line| (file, line));
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
        let placed = place_all(
            text,
            &options,
            &Bundle::default(),
            &pointers,
            &Placed::default(),
        );
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

    #[test]
    fn places_found_ahead_are_used_and_only_the_others_looked_for() {
        let text =
            "components:\n  schemas:\n    a:\n      type: string\n    b:\n      type: integer\n";
        let options = Options {
            spec_name: "spec.yaml".to_owned(),
            ..Options::default()
        };
        let a = pointer("#/components/schemas/a");
        let b = pointer("#/components/schemas/b");
        let placed = Placed::ahead(text, &Bundle::default(), vec![a.clone()]);
        let pointers = [a, b, Pointer::root()];
        // Read against the text, `b` is found. Against another, `a` keeps the place found
        // ahead, and `b` is looked for there: only its ancestor `components` is found.
        let place_in =
            |text: &str| place_all(text, &options, &Bundle::default(), &pointers, &placed);
        let at = |line: usize| Some(format!("spec.yaml:{line}"));
        assert_eq!(place_in(text), [at(3), at(5), None]);
        assert_eq!(place_in("components: {}\n"), [at(3), at(1), None]);
    }

    /// The nodes placed while lowering runs are the ones the summary asks for, and placing
    /// them ahead changes no item's place: in one file and in several.
    #[test]
    fn the_nodes_placed_ahead_are_the_summarys_and_keep_its_places() {
        let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/specs");
        for spec in [
            "operations.yaml",
            "livepeer-full.yaml",
            "shapes.yaml",
            "multi-file/api.yaml",
            "real-world/api.yaml",
            "../../corpus/oxide/nexus.json",
        ] {
            let path = specs.join(spec);
            let text = std::fs::read_to_string(&path).unwrap();
            let options = Options {
                spec_name: spec.to_owned(),
                spec_path: Some(path),
                ..Options::default()
            };
            let lowered = crate::lower_placing_ahead(&text, &options)
                .unwrap_or_else(|e| panic!("{spec}: {e:?}"));
            let ir = &lowered.ir;
            let plan = crate::plan::plan(ir, crate::analysis::analyze(ir));
            let (_, pointers) = &crate::surface::build(ir, &plan, "c", "0.1.0");
            let unplaced: Vec<&Pointer> = pointers
                .iter()
                .filter(|p| !p.is_root() && !lowered.placed.places.contains_key(p))
                .collect();
            assert!(
                unplaced.is_empty(),
                "{spec}: not placed ahead: {unplaced:?}"
            );
            let files = &lowered.files;
            assert_eq!(
                place_all(&text, &options, files, pointers, &lowered.placed),
                place_all(&text, &options, files, pointers, &Placed::default()),
                "{spec}"
            );
        }
    }
}
