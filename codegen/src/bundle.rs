//! Bundle: brings the files that relative `$ref`s name (`./common.yaml#/components/schemas/P`)
//! into the document tree, so that each later stage sees one tree in which every `$ref` is a
//! JSON pointer.
//!
//! Files are loaded lazily: the walk starts from the spec's own tree and goes on only into the
//! parts that references reach, so a file is read when something the generator reads points into
//! it, and only the referenced parts of it are searched for further references. The walk knows
//! which kind of object each node is: outside schemas it follows the members of
//! [`crate::members`], the table lowering reads the spec through, so a reference is followed
//! exactly where the generator reads what it names (a response under `default` included);
//! inside schemas it follows every keyword but those that hold values (`example`, `default`,
//! `enum`, `const`) and vendor extensions. Parts the generator never reads are not searched at
//! all: vendor extensions (`x-…`), example values, defaults, headers, links and external docs
//! (a spec may `$ref` a code sample from every operation's `x-codeSamples`).
//!
//! Each file is read once, however often and circularly it is referenced, and grafted under
//! `#/x-codegen-bundled/<file>`; references into it, and its own `#/…` references, are rewritten
//! to point there. A file that cannot be read (missing, not parsable, or named when the spec's
//! folder is unknown) is grafted as a string saying why, so that each reference into it is a
//! dangling reference that later stages report where the generator uses it, with that reason
//! ([`unreadable_reason`]). Remote (`http(s)://`) references are left for later stages to report.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::hashing::{HashMap, HashSet};
use crate::limits::{self, Limits};
use crate::load::parse_tree_within;
use crate::members::{Holds, Part};
use crate::pointer::Pointer;

/// Where grafted files live in the tree.
pub const BUNDLED_KEY: &str = "x-codegen-bundled";

/// Schema keywords whose values the generator reads as data or not at all: references inside
/// them are not followed. (Inside a map of names, such as `properties`, every key is a name and
/// is followed.)
const UNREAD_KEYS: &[&str] = &[
    "example",
    "examples",
    "default",
    "enum",
    "const",
    "links",
    "externalDocs",
];

/// Schema keywords whose values are maps from names to schemas: their keys are names, not
/// keywords. (`properties` is one too, read as [`Part::Properties`].)
const NAME_MAPS: &[&str] = &[
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "schemas",
];

/// The files grafted into a tree.
#[derive(Clone, Debug, Default)]
pub struct Bundle {
    pub files: Vec<BundledFile>,
    /// The limits they were read within.
    pub limits: Limits,
}

/// One grafted file.
#[derive(Clone, Debug)]
pub struct BundledFile {
    /// Where its tree stands: `#/x-codegen-bundled/<key>`.
    pub graft: Pointer,
    /// Its path, as the references that name it lead to it from the spec's path.
    pub path: PathBuf,
}

impl Bundle {
    /// The text of a grafted file, read again (for the lines of what points into it), within
    /// the limits it was first read within.
    pub fn read_again(&self, file: &BundledFile) -> Option<String> {
        limits::read_text_within(&file.path, self.limits.max_input_bytes).ok()
    }

    /// The file a pointer of the bundled tree points into, and the pointer within that file;
    /// `None` for pointers into the spec itself.
    pub fn file_of(&self, pointer: &Pointer) -> Option<(&BundledFile, Pointer)> {
        let mut tokens = pointer.tokens();
        if tokens.next().as_deref() != Some(BUNDLED_KEY) {
            return None;
        }
        let key = tokens.next()?;
        let file = self
            .files
            .iter()
            .find(|f| f.graft.last().as_deref() == Some(key.as_ref()))?;
        let inner = tokens.fold(Pointer::root(), |p, token| p.join(token));
        Some((file, inner))
    }
}

/// Why the target of a reference does not exist, when it points into a file that could not be
/// read.
pub fn unreadable_reason<'a>(root: &'a Value, target: &Pointer) -> Option<&'a str> {
    let mut tokens = target.tokens();
    if tokens.next().as_deref() != Some(BUNDLED_KEY) {
        return None;
    }
    root.get(BUNDLED_KEY)?
        .get(tokens.next()?.as_ref())?
        .as_str()
}

/// A pointer as users know it: into a bundled file, the file's name and the pointer in it
/// (`common.yaml#/components/schemas/Pet`).
pub fn display_target(target: &Pointer) -> String {
    let mut tokens = target.tokens();
    if tokens.next().as_deref() != Some(BUNDLED_KEY) {
        return target.to_string();
    }
    let Some(key) = tokens.next() else {
        return target.to_string();
    };
    let file = key.split_once('-').map_or(key.as_ref(), |(_, name)| name);
    let inner = tokens.fold(Pointer::root(), |p, token| p.join(token));
    format!("{file}{inner}")
}

/// A document the walk reads references in: the spec, or a grafted file.
struct Source {
    /// The folder relative references in it are read from.
    folder: Option<PathBuf>,
    /// For a grafted file: the pointer its own `#/…` references are relative to.
    graft: Option<Pointer>,
}

struct Bundler {
    sources: Vec<Source>,
    /// Canonical path → graft pointer and source index.
    grafts: HashMap<PathBuf, (Pointer, usize)>,
    /// Failed files, by the path as written: the graft holding the reason.
    failures: HashMap<PathBuf, Pointer>,
    bundle: Bundle,
    limits: Limits,
    /// Subtrees whose references have been read, each as the part it was read as.
    walked: HashSet<(Pointer, Part)>,
    bytes: usize,
    nodes: usize,
    keys: usize,
}

/// Grafts the files that relative references in `root` name, reading them from the folder of
/// `spec_path` (the spec's own file) and, for references inside those files, from their own
/// folders. A reference back to the spec's file points into `root` itself. Only the limits on
/// what all files hold together are errors; warnings found in the files (a key written twice)
/// are pushed onto `diagnostics`. Each file is read within `limits`.
pub fn bundle(
    root: &mut Value,
    spec_path: Option<&Path>,
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Bundle, Diagnostic> {
    let mut bundler = Bundler {
        sources: vec![Source {
            folder: spec_path.and_then(Path::parent).map(Path::to_path_buf),
            graft: None,
        }],
        grafts: HashMap::default(),
        failures: HashMap::default(),
        bundle: Bundle {
            files: Vec::new(),
            limits: *limits,
        },
        limits: *limits,
        walked: HashSet::default(),
        bytes: 0,
        nodes: 0,
        keys: 0,
    };
    if let Some(spec) = spec_path.and_then(|p| p.canonicalize().ok()) {
        bundler.grafts.insert(spec, (Pointer::root(), 0));
    }
    let mut pending = vec![(Pointer::root(), 0, Part::Document)];
    while let Some((at, source, part)) = pending.pop() {
        if !bundler.walked.insert((at.clone(), part)) {
            continue;
        }
        let deepest = deepest_node(root, &at);
        if deepest != at {
            if let Some((target, target_source)) =
                bundler.through_reference(root, source, &deepest, &at, diagnostics)?
            {
                pending.push((target, target_source, part));
                continue;
            }
        }
        let at = deepest;
        let Some(subtree) = at.lookup(root) else {
            continue;
        };
        // References within the spec itself stay as they are: their pointers are not needed.
        let local_pointers = bundler.sources[source].graft.is_some();
        let found = references(subtree, &at, part, local_pointers);
        for reference in found {
            let rewritten = bundler.rewrite(root, source, &reference, diagnostics)?;
            let target = match rewritten {
                Some((text, target, target_source)) => {
                    if let Some(node) = reference.at.as_ref().and_then(|at| lookup_mut(root, at)) {
                        *node = Value::String(text);
                    }
                    (target, target_source)
                }
                None => match reference.target.strip_prefix('#') {
                    // The spec's own references need no rewriting, but a target in a part of
                    // the spec that the first walk skips or reads as another part, or behind a
                    // reference, is searched from there.
                    Some(fragment) if source == 0 => match Pointer::parse_fragment(fragment) {
                        Ok(target) if !searched_with_the_spec(root, &target, reference.part) => {
                            (target, 0)
                        }
                        _ => continue,
                    },
                    _ => continue,
                },
            };
            pending.push((target.0, target.1, reference.part));
        }
    }
    Ok(bundler.bundle)
}

/// Whether bundling `root` would graft a file: a reference that the walk reaches from the
/// spec's own tree names one. It reads the tree only, so it can run beside a stage that reads
/// the tree as it stands. When it says no, [`bundle`] would change nothing and report nothing:
/// the spec's own `#/…` references are never rewritten, and only grafting a file reports.
pub fn names_files(root: &Value) -> bool {
    let mut walked = HashSet::default();
    let mut pending = vec![(Pointer::root(), Part::Document)];
    while let Some((at, part)) = pending.pop() {
        if !walked.insert((at.clone(), part)) {
            continue;
        }
        let deepest = deepest_node(root, &at);
        // As in `bundle`: the rest of a pointer through a reference is read in its target.
        if deepest != at {
            match reference_at(root, &deepest) {
                Some(text) if text.starts_with('#') => {
                    if let Ok(target) = Pointer::parse_fragment(&text[1..]) {
                        pending.push((rest_of(&at, &deepest, target), part));
                    }
                    continue;
                }
                Some(text) if is_file_reference(text) => return true,
                _ => {}
            }
        }
        let at = deepest;
        let Some(subtree) = at.lookup(root) else {
            continue;
        };
        for reference in references(subtree, &at, part, false) {
            match reference.target.strip_prefix('#') {
                // As in `bundle`: a target the first walk skips is searched from there.
                Some(fragment) => match Pointer::parse_fragment(fragment) {
                    Ok(target) if !searched_with_the_spec(root, &target, reference.part) => {
                        pending.push((target, reference.part));
                    }
                    _ => {}
                },
                None if is_file_reference(&reference.target) => return true,
                None => {}
            }
        }
    }
    false
}

/// Whether the walk of the spec's whole tree searched the node at `target` as `part`: it
/// exists, and the walk from the root reaches it through members it reads, as that part (the
/// same steps as [`references`] takes, [`Visit::member`] and [`Visit::item`]).
fn searched_with_the_spec(root: &Value, target: &Pointer, part: Part) -> bool {
    let mut node = root;
    let mut visit = Visit::Part(Part::Document);
    for token in target.tokens() {
        let next = match node {
            Value::Object(map) if token != "$ref" => map
                .get(token.as_ref())
                .and_then(|child| Some((child, visit.member(&token)?))),
            Value::Array(items) => token
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .and_then(|child| Some((child, visit.item()?))),
            _ => None,
        };
        let Some((child, child_visit)) = next else {
            return false;
        };
        node = child;
        visit = child_visit;
    }
    visit == Visit::Part(part)
}

/// A reference found in the tree.
struct Reference {
    /// The string's own pointer (the `$ref` member, or a discriminator mapping's entry); left
    /// out for a reference to `#…` that no rewriting needs.
    at: Option<Pointer>,
    target: String,
    /// The part its target is read as.
    part: Part,
}

/// The string of the `$ref` member of the node at `at`, if it has one.
fn reference_at<'a>(root: &'a Value, at: &Pointer) -> Option<&'a str> {
    at.lookup(root)?.get("$ref")?.as_str()
}

/// The pointer `at`, which passes through the reference at `through`, with that reference's
/// `target` in place of the way to it.
fn rest_of(at: &Pointer, through: &Pointer, target: Pointer) -> Pointer {
    at.tokens()
        .skip(through.tokens().count())
        .fold(target, |p, token| p.join(token))
}

impl Bundler {
    /// Where the rest of `at`, a pointer of `source` that passes through the reference at
    /// `through`, lies: in that reference's target (rewritten, and its file grafted, as any
    /// reference of `source` is), and the source that is in. `None` when `through` holds no
    /// reference that leads anywhere.
    fn through_reference(
        &mut self,
        root: &mut Value,
        source: usize,
        through: &Pointer,
        at: &Pointer,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Option<(Pointer, usize)>, Diagnostic> {
        let Some(text) = reference_at(root, through).map(str::to_owned) else {
            return Ok(None);
        };
        let reference = Reference {
            at: Some(through.join("$ref")),
            target: text,
            // Unused: what the reference leads to is read as the part `at` is.
            part: Part::Schema,
        };
        let (target, target_source) = match self.rewrite(root, source, &reference, diagnostics)? {
            Some((text, target, target_source)) => {
                if let Some(node) = lookup_mut(root, &through.join("$ref")) {
                    *node = Value::String(text);
                }
                (target, target_source)
            }
            None => match reference.target.strip_prefix('#') {
                Some(fragment) => match Pointer::parse_fragment(fragment) {
                    Ok(target) => {
                        let target_source = self.source_of(&target);
                        (target, target_source)
                    }
                    Err(_) => return Ok(None),
                },
                None => return Ok(None),
            },
        };
        Ok(Some((rest_of(at, through, target), target_source)))
    }

    /// The source a pointer of the bundled tree is in: a grafted file's, or the spec's.
    fn source_of(&self, pointer: &Pointer) -> usize {
        let mut tokens = pointer.tokens();
        if tokens.next().as_deref() != Some(BUNDLED_KEY) {
            return 0;
        }
        let Some(key) = tokens.next() else {
            return 0;
        };
        self.sources
            .iter()
            .position(|s| {
                s.graft
                    .as_ref()
                    .is_some_and(|graft| graft.last().as_deref() == Some(key.as_ref()))
            })
            .unwrap_or(0)
    }

    /// The rewritten text of a reference of `source`, the pointer it leads to and the source
    /// that pointer is in; `None` when the reference stays as it is.
    fn rewrite(
        &mut self,
        root: &mut Value,
        source: usize,
        reference: &Reference,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Option<(String, Pointer, usize)>, Diagnostic> {
        let target = reference.target.as_str();
        if let Some(fragment) = target.strip_prefix('#') {
            let Some(graft) = &self.sources[source].graft else {
                return Ok(None);
            };
            if fragment.starts_with(&format!("/{BUNDLED_KEY}/")) {
                // Rewritten already, when this part was searched before.
                return Ok(None);
            }
            let rewritten = format!("{graft}{fragment}");
            let pointer = Pointer::parse_fragment(&rewritten).ok();
            return Ok(pointer.map(|pointer| (rewritten, pointer, source)));
        }
        if !is_file_reference(target) {
            return Ok(None);
        }
        let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
        let referenced_at = reference.at.clone().unwrap_or_else(Pointer::root);
        let (graft, file_source) = self.graft(root, source, file, &referenced_at, diagnostics)?;
        let rewritten = format!("{graft}{fragment}");
        let pointer = Pointer::parse_fragment(&rewritten).unwrap_or(graft);
        Ok(Some((rewritten, pointer, file_source)))
    }

    /// The graft of the file `file` names from `source`, loading it the first time.
    fn graft(
        &mut self,
        root: &mut Value,
        source: usize,
        file: &str,
        referenced_at: &Pointer,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<(Pointer, usize), Diagnostic> {
        let file = percent_decoded(file);
        let Some(folder) = self.sources[source].folder.clone() else {
            let reason = format!(
                "`{file}` is a file, but the spec's folder is not known (set `Options::spec_path`)"
            );
            return Ok((self.fail(root, Path::new(&*file), reason), 0));
        };
        let path = folder.join(&*file);
        let canonical = match path.canonicalize() {
            Ok(canonical) => canonical,
            Err(e) => {
                let reason = format!("cannot read `{}`: {e}", path.display());
                return Ok((self.fail(root, &path, reason), 0));
            }
        };
        if let Some((graft, index)) = self.grafts.get(&canonical) {
            return Ok((graft.clone(), *index));
        }
        let key = graft_key(&path, self.keys);
        self.keys += 1;
        let graft = Pointer::root().join(BUNDLED_KEY).join(&key);
        let text = match limits::read_text_within(&canonical, self.limits.max_input_bytes) {
            Ok(text) => text,
            Err(e) => {
                let reason = format!("cannot read `{}`: {e}", path.display());
                return Ok((self.fail(root, &path, reason), 0));
            }
        };
        self.bytes += text.len();
        if self.bytes > self.limits.max_bundled_bytes() {
            return Err(Diagnostic::error(
                referenced_at.clone(),
                format!(
                    "the files that references name hold more than {} in all, the limit (four \
                     times the size of one document); {}",
                    limits::bytes_and_mib(self.limits.max_bundled_bytes()),
                    limits::raise_input_size()
                ),
            ));
        }
        let mut warnings = Vec::new();
        let tree = match parse_tree_within(&text, "the file", &self.limits, &mut warnings) {
            Ok(tree) => tree,
            Err(e) => {
                let reason = format!("`{}` does not parse: {}", path.display(), e.message);
                return Ok((self.fail(root, &path, reason), 0));
            }
        };
        self.nodes += count_nodes(&tree);
        if self.nodes > self.limits.max_nodes {
            return Err(Diagnostic::error(
                referenced_at.clone(),
                format!(
                    "the files that references name hold more than {} nodes in all, the limit; \
                     {}",
                    self.limits.max_nodes,
                    limits::raise_nodes()
                ),
            ));
        }
        // Warnings about the file are pointers into the graft, placed in the file when printed.
        diagnostics.extend(warnings.into_iter().map(|mut warning| {
            warning.pointer = warning
                .pointer
                .tokens()
                .fold(graft.clone(), |p, token| p.join(token));
            warning
        }));
        insert_graft(root, &key, tree);
        let index = self.sources.len();
        self.sources.push(Source {
            folder: path.parent().map(Path::to_path_buf),
            graft: Some(graft.clone()),
        });
        self.grafts.insert(canonical, (graft.clone(), index));
        self.bundle.files.push(BundledFile {
            graft: graft.clone(),
            path: path.components().collect(),
        });
        Ok((graft, index))
    }

    /// Grafts the reason a file cannot be read, once per path, and returns its pointer.
    fn fail(&mut self, root: &mut Value, path: &Path, reason: String) -> Pointer {
        if let Some(graft) = self.failures.get(path) {
            return graft.clone();
        }
        let key = graft_key(path, self.keys);
        self.keys += 1;
        let graft = Pointer::root().join(BUNDLED_KEY).join(&key);
        insert_graft(root, &key, Value::String(reason));
        self.failures.insert(path.to_path_buf(), graft.clone());
        graft
    }
}

fn insert_graft(root: &mut Value, key: &str, tree: Value) {
    let bundled = root.as_object_mut().map(|m| {
        m.entry(BUNDLED_KEY)
            .or_insert_with(|| Value::Object(Map::new()))
    });
    if let Some(Value::Object(bundled)) = bundled {
        bundled.insert(key.to_owned(), tree);
    }
}

fn count_nodes(tree: &Value) -> usize {
    let mut count = 0;
    let mut stack = vec![tree];
    while let Some(node) = stack.pop() {
        count += 1;
        match node {
            Value::Object(map) => stack.extend(map.values()),
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    count
}

/// Whether a reference that is not `#…` names a file to graft: remote (`http(s)://`) ones are
/// left for later stages to report.
pub fn is_file_reference(target: &str) -> bool {
    !(target.starts_with("http://") || target.starts_with("https://")) && names_a_file(target)
}

/// Whether a `$ref` string reads as a file reference: a path or a document's name, with or
/// without a fragment. Anything else (the vendored spec has UUID placeholders there) is left
/// for later stages to report.
fn names_a_file(target: &str) -> bool {
    let file = target.split('#').next().unwrap_or_default();
    !file.is_empty()
        && (target.contains('#')
            || file.contains('/')
            || [".yaml", ".yml", ".json"]
                .iter()
                .any(|ext| file.ends_with(ext)))
}

fn percent_decoded(file: &str) -> Cow<'_, str> {
    if !file.contains('%') {
        return Cow::Borrowed(file);
    }
    match crate::pointer::percent_decode(file) {
        Ok(decoded) => Cow::Owned(decoded),
        Err(_) => Cow::Borrowed(file),
    }
}

/// A readable key for a file: its name, made unique by its number where names repeat.
fn graft_key(path: &Path, index: usize) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{index}-{name}")
}

/// The deepest node on the way to `at` that exists: where a pointer passes through a reference
/// (`…/items/properties/x` where `items` is a `$ref`, `other.yaml#/paths/~1a/get` where `/a` is
/// one), that reference, whose target holds the rest.
fn deepest_node(root: &Value, at: &Pointer) -> Pointer {
    let mut node = root;
    let mut deepest = Pointer::root();
    for token in at.tokens() {
        let next = match node {
            Value::Object(map) => map.get(token.as_ref()),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        let Some(next) = next else {
            break;
        };
        node = next;
        deepest = deepest.join(token);
    }
    deepest
}

fn lookup_mut<'a>(root: &'a mut Value, at: &Pointer) -> Option<&'a mut Value> {
    at.tokens().try_fold(root, |node, token| match node {
        Value::Object(map) => map.get_mut(token.as_ref()),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

/// How the walk reads a node.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Visit {
    /// An object of a part: a schema by its keywords (`x-…` and unread keywords skipped), any
    /// other part by the members of [`crate::members`].
    Part(Part),
    /// A list of objects of a part.
    Items(Part),
    /// A map of objects of a part by name; with `true`, its `x-…` keys are extensions.
    Entries(Part, bool),
    /// A discriminator's mapping: each string member is a reference.
    Mapping,
}

impl Visit {
    /// How the member `key` of an object read this way is read, if it is.
    fn member(self, key: &str) -> Option<Visit> {
        match self {
            Visit::Part(Part::Schema) => {
                if key.starts_with("x-") || UNREAD_KEYS.contains(&key) {
                    None
                } else if key == "properties" {
                    Some(Visit::Part(Part::Properties))
                } else if NAME_MAPS.contains(&key) {
                    Some(Visit::Entries(Part::Schema, false))
                } else if key == "mapping" {
                    Some(Visit::Mapping)
                } else {
                    Some(Visit::Part(Part::Schema))
                }
            }
            // Every key is a property's name (`$ref`, a reference, is read before).
            Visit::Part(Part::Properties) => Some(Visit::Part(Part::Schema)),
            Visit::Part(part) => Some(match crate::members::member(part, key)?.holds() {
                Holds::One(inner) => Visit::Part(inner),
                Holds::List(inner) => Visit::Items(inner),
                Holds::Map(inner) => Visit::Entries(inner, true),
                Holds::Names(inner) => Visit::Entries(inner, false),
            }),
            Visit::Entries(part, extensions) => {
                (!(extensions && key.starts_with("x-"))).then_some(Visit::Part(part))
            }
            Visit::Items(_) | Visit::Mapping => None,
        }
    }

    /// How the items of a list read this way are read, if they are.
    fn item(self) -> Option<Visit> {
        match self {
            Visit::Part(Part::Schema) => Some(Visit::Part(Part::Schema)),
            Visit::Items(part) => Some(Visit::Part(part)),
            Visit::Part(_) | Visit::Entries(..) | Visit::Mapping => None,
        }
    }
}

/// Every reference in `subtree`, an object of `part`: `$ref` strings and discriminator mapping
/// values, with their pointers and the parts their targets are. Parts the generator does not
/// read (grafted files among them) are left out. Pointers are built for the references alone, so
/// the walk is linear in the tree; for `#…` references only with `local_pointers`.
fn references(subtree: &Value, at: &Pointer, part: Part, local_pointers: bool) -> Vec<Reference> {
    let mut found = Vec::new();
    // The path from `at` to the node being visited.
    let mut path: Vec<Cow<'_, str>> = Vec::new();
    let pointer_of = |path: &[Cow<'_, str>], last: &str, target: &str| {
        (local_pointers || !target.starts_with('#')).then(|| {
            path.iter()
                .fold(at.clone(), |p, token| p.join(token.as_ref()))
                .join(last)
        })
    };
    // Nodes to visit, each with its depth below `at`, the token that leads to it and how it is
    // read; the order of the visits decides the order in which files are numbered.
    let mut stack: Vec<(usize, Cow<'_, str>, &Value, Visit)> =
        vec![(0, Cow::Borrowed(""), subtree, Visit::Part(part))];
    while let Some((depth, token, node, visit)) = stack.pop() {
        path.truncate(depth.saturating_sub(1));
        if depth > 0 {
            path.push(token);
        }
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    if visit == Visit::Mapping {
                        if let Value::String(target) = child {
                            found.push(Reference {
                                at: pointer_of(&path, key, target),
                                target: target.clone(),
                                part: Part::Schema,
                            });
                        }
                        continue;
                    }
                    if let (Visit::Part(part), "$ref") = (visit, key.as_str()) {
                        if let Value::String(target) = child {
                            found.push(Reference {
                                at: pointer_of(&path, key, target),
                                target: target.clone(),
                                part,
                            });
                        }
                        continue;
                    }
                    if let Some(child_visit) = visit.member(key) {
                        stack.push((depth + 1, Cow::Borrowed(key.as_str()), child, child_visit));
                    }
                }
            }
            Value::Array(items) => {
                let Some(item_visit) = visit.item() else {
                    continue;
                };
                for (i, child) in items.iter().enumerate() {
                    stack.push((depth + 1, Cow::Owned(i.to_string()), child, item_visit));
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A folder of spec files for one test, removed when the test ends.
    struct Folder(PathBuf);

    impl std::ops::Deref for Folder {
        type Target = Path;
        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn folder(name: &str, files: &[(&str, &str)]) -> Folder {
        let dir =
            std::env::temp_dir().join(format!("codegen-bundle-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Folder(dir)
    }

    /// A document whose component schemas are `schemas`.
    fn schemas(schemas: Value) -> Value {
        json!({"components": {"schemas": schemas}})
    }

    fn bundled(root: &mut Value, spec: &Path) -> (Bundle, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let bundle = bundle(root, Some(spec), &Limits::default(), &mut diagnostics).unwrap();
        (bundle, diagnostics)
    }

    #[test]
    fn grafts_files_once_and_rewrites_references() {
        let dir = folder(
            "graft",
            &[
                (
                    "common.yaml",
                    "components:\n  schemas:\n    Pet:\n      properties:\n        tag: {$ref: '#/components/schemas/Tag'}\n        more: {$ref: 'nested/more.json#/Thing'}\n    Tag: {type: string}\n",
                ),
                (
                    "nested/more.json",
                    r##"{"Thing": {"properties": {"back": {"$ref": "../common.yaml#/components/schemas/Pet"}}}}"##,
                ),
            ],
        );
        let mut root = schemas(json!({
            "a": {"$ref": "./common.yaml#/components/schemas/Pet"},
            "b": {"$ref": "common.yaml#/components/schemas/Tag"},
            "c": {"$ref": "#/components/schemas/a"},
            "d": {"$ref": "https://example.com/x.yaml"},
            "e": {"properties": {"$ref": "4cb959fd-1494-4914-8ce7-8f3ff81ba4f9"}}
        }));
        let (bundle, _) = bundled(&mut root, &dir.join("api.yaml"));
        let own = &root["components"]["schemas"];
        assert_eq!(
            own["a"]["$ref"],
            "#/x-codegen-bundled/0-common.yaml/components/schemas/Pet"
        );
        assert_eq!(
            own["b"]["$ref"],
            "#/x-codegen-bundled/0-common.yaml/components/schemas/Tag"
        );
        assert_eq!(own["c"]["$ref"], "#/components/schemas/a");
        assert_eq!(own["d"]["$ref"], "https://example.com/x.yaml");
        assert_eq!(
            own["e"]["properties"]["$ref"],
            "4cb959fd-1494-4914-8ce7-8f3ff81ba4f9"
        );
        let common = &root[BUNDLED_KEY]["0-common.yaml"];
        let pet = &common["components"]["schemas"]["Pet"]["properties"];
        assert_eq!(
            pet["tag"]["$ref"],
            "#/x-codegen-bundled/0-common.yaml/components/schemas/Tag"
        );
        assert_eq!(pet["more"]["$ref"], "#/x-codegen-bundled/1-more.json/Thing");
        let back = &root[BUNDLED_KEY]["1-more.json"]["Thing"]["properties"]["back"]["$ref"];
        assert_eq!(
            back,
            "#/x-codegen-bundled/0-common.yaml/components/schemas/Pet"
        );
        assert_eq!(root[BUNDLED_KEY].as_object().unwrap().len(), 2);
        let (file, inner) = bundle
            .file_of(&Pointer::parse_fragment("#/x-codegen-bundled/1-more.json/Thing").unwrap())
            .unwrap();
        assert!(file.path.ends_with("nested/more.json"), "{:?}", file.path);
        assert_eq!(inner.to_string(), "#/Thing");
    }

    #[test]
    fn references_back_to_the_spec_point_into_it() {
        let dir = folder(
            "back",
            &[
                ("api.yaml", ""),
                ("pets.yaml", "Pet: {$ref: 'api.yaml#/Owner'}\n"),
            ],
        );
        let mut root = schemas(json!({"Owner": {}, "a": {"$ref": "pets.yaml#/Pet"}}));
        bundled(&mut root, &dir.join("api.yaml"));
        assert_eq!(root[BUNDLED_KEY]["0-pets.yaml"]["Pet"]["$ref"], "#/Owner");
    }

    #[test]
    fn only_what_the_generator_reads_is_loaded() {
        let dir = folder(
            "lazy",
            &[
                // Referenced only from parts the generator does not read.
                ("sample.yaml", "lang: curl\n"),
                ("example.json", "{}"),
                // Referenced from a schema, and referring on from a part nothing references.
                (
                    "schemas.yaml",
                    "Used: {type: string}\nUnused: {$ref: 'never.yaml#/X'}\n",
                ),
            ],
        );
        let mut root = json!({
            "paths": {"/a": {"get": {
                "x-codeSamples": [{"$ref": "sample.yaml"}],
                "responses": {"200": {
                    "description": "ok",
                    "content": {"application/json": {
                        "schema": {"$ref": "schemas.yaml#/Used"},
                        "examples": {"one": {"$ref": "example.json"}}
                    }}
                }}
            }}},
            "components": {"schemas": {"S": {
                "properties": {"x-name": {"$ref": "schemas.yaml#/Used"}},
                "example": {"$ref": "example.json"}
            }}}
        });
        let (bundle, _) = bundled(&mut root, &dir.join("api.yaml"));
        let files: Vec<_> = root[BUNDLED_KEY].as_object().unwrap().keys().collect();
        assert_eq!(files, ["0-schemas.yaml"]);
        assert_eq!(bundle.files.len(), 1);
        // A property named like an extension is a property.
        assert_eq!(
            root["components"]["schemas"]["S"]["properties"]["x-name"]["$ref"],
            "#/x-codegen-bundled/0-schemas.yaml/Used"
        );
        assert_eq!(
            root["paths"]["/a"]["get"]["x-codeSamples"][0]["$ref"],
            "sample.yaml"
        );
    }

    #[test]
    fn references_are_followed_in_each_member_that_holds_objects_whatever_its_key() {
        let schema = "type: string\n";
        let dir = folder(
            "members",
            &[
                ("item.yaml", "get: {$ref: 'operation.yaml'}\n"),
                (
                    "operation.yaml",
                    "responses:\n  default: {$ref: 'response.yaml'}\n  x-note: {$ref: 'unread.yaml'}\n",
                ),
                (
                    "response.yaml",
                    "content:\n  application/json:\n    schema: {$ref: 'error.yaml'}\n    examples: {a: {$ref: 'unread.yaml'}}\nheaders: {h: {$ref: 'unread.yaml'}}\nlinks: {l: {$ref: 'unread.yaml'}}\n",
                ),
                ("error.yaml", schema),
                (
                    "parameter.yaml",
                    "name: p\nin: query\nschema: {$ref: 'p.yaml'}\n",
                ),
                ("p.yaml", schema),
                (
                    "body.yaml",
                    "content: {text/plain: {schema: {$ref: 'b.yaml'}}}\n",
                ),
                ("b.yaml", schema),
                (
                    "callback.yaml",
                    "'{$url}': {post: {requestBody: {$ref: 'body.yaml'}}}\n",
                ),
                ("scheme.yaml", "type: http\nscheme: bearer\n"),
                ("default.yaml", "description: shared\n"),
                ("unread.yaml", schema),
            ],
        );
        let mut root = json!({
            "paths": {
                "/item": {"$ref": "item.yaml"},
                "/own": {
                    "parameters": [{"$ref": "parameter.yaml"}],
                    "post": {
                        "requestBody": {"$ref": "body.yaml"},
                        "responses": {"default": {"$ref": "#/components/responses/default"}},
                        "callbacks": {"example": {"$ref": "callback.yaml"}}
                    }
                },
                "x-unread": {"$ref": "unread.yaml"}
            },
            "components": {
                "responses": {"default": {"$ref": "default.yaml"}},
                "headers": {"default": {"$ref": "unread.yaml"}},
                "securitySchemes": {"bearer": {"$ref": "scheme.yaml"}}
            }
        });
        let (bundle, diagnostics) = bundled(&mut root, &dir.join("api.yaml"));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let mut files: Vec<String> = bundle
            .files
            .iter()
            .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        files.sort();
        assert_eq!(
            files,
            [
                "b.yaml",
                "body.yaml",
                "callback.yaml",
                "default.yaml",
                "error.yaml",
                "item.yaml",
                "operation.yaml",
                "p.yaml",
                "parameter.yaml",
                "response.yaml",
                "scheme.yaml"
            ]
        );
        assert!(names_files(&json!({"paths": {"/a": {"get": {"responses": {
            "default": {"$ref": "response.yaml"}
        }}}}})));
    }

    #[test]
    fn a_reference_inside_properties_names_properties_to_merge() {
        let dir = folder(
            "properties",
            &[
                (
                    "more.yaml",
                    "ids: {$ref: 'id.yaml'}\ndefault: {$ref: 'id.yaml'}\n$ref: 'yet-more.yaml'\n",
                ),
                ("yet-more.yaml", "tag: {type: string}\n"),
                ("id.yaml", "type: integer\n"),
            ],
        );
        let mut root = schemas(json!({"S": {"properties": {
            "$ref": "more.yaml",
            "name": {"type": "string"}
        }}}));
        let (bundle, _) = bundled(&mut root, &dir.join("api.yaml"));
        assert_eq!(
            root["components"]["schemas"]["S"]["properties"]["$ref"],
            "#/x-codegen-bundled/0-more.yaml"
        );
        // In the merged map, `default` is a property's name, not a keyword.
        assert_eq!(bundle.files.len(), 3);
        let more = &root[BUNDLED_KEY]["0-more.yaml"];
        assert_eq!(more["default"]["$ref"], more["ids"]["$ref"]);
    }

    #[test]
    fn references_into_extensions_are_followed_from_where_they_are_used() {
        let dir = folder("extension", &[("defs.yaml", "D: {type: string}\n")]);
        let mut root = json!({
            "x-definitions": {"A": {"properties": {"d": {"$ref": "defs.yaml#/D"}}}},
            "components": {"schemas": {"B": {"$ref": "#/x-definitions/A"}}}
        });
        bundled(&mut root, &dir.join("api.yaml"));
        assert_eq!(
            root["x-definitions"]["A"]["properties"]["d"]["$ref"],
            "#/x-codegen-bundled/0-defs.yaml/D"
        );
    }

    #[test]
    fn pointers_through_references_reach_the_referenced_file() {
        let dir = folder(
            "through",
            &[
                ("list.yaml", "items: {$ref: 'item.yaml'}\n"),
                ("item.yaml", "properties:\n  kind: {$ref: 'kind.yaml'}\n"),
                ("kind.yaml", "type: string\n"),
            ],
        );
        let mut root = schemas(json!({
            "a": {"$ref": "list.yaml#/items/properties/kind"}
        }));
        bundled(&mut root, &dir.join("api.yaml"));
        let files: Vec<_> = root[BUNDLED_KEY].as_object().unwrap().keys().collect();
        assert_eq!(files, ["0-list.yaml", "1-item.yaml", "2-kind.yaml"]);
    }

    #[test]
    fn pointers_through_references_to_other_parts_are_read_as_the_part_they_point_at() {
        let dir = folder(
            "through-parts",
            &[
                ("other.yaml", "paths:\n  /a: {$ref: 'item.yaml'}\n"),
                (
                    "item.yaml",
                    "get:\n  responses:\n    default: {$ref: 'error.yaml'}\n",
                ),
                ("error.yaml", "description: failed\n"),
                // Never read: the pointer leads past it.
                ("unread.yaml", "description: unread\n"),
            ],
        );
        let document = json!({"paths": {"/x": {
            "get": {"$ref": "other.yaml#/paths/~1a/get"},
            "put": {"$ref": "#/x-loop/a/get"}
        }}, "x-loop": {"a": {"$ref": "#/x-loop/a"}, "b": {"$ref": "unread.yaml"}}});
        let mut root = document.clone();
        let (bundle, _) = bundled(&mut root, &dir.join("api.yaml"));
        let files: Vec<String> = bundle
            .files
            .iter()
            .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(files, ["other.yaml", "item.yaml", "error.yaml"]);
        assert!(names_files(&document));
    }

    #[test]
    fn discriminator_mappings_to_files_are_rewritten() {
        let dir = folder("mapping", &[("dog.yaml", "type: object\n")]);
        let mut root = schemas(
            json!({"S": {"discriminator": {"propertyName": "k", "mapping": {"dog": "dog.yaml", "cat": "#/Cat"}}}}),
        );
        bundled(&mut root, &dir.join("api.yaml"));
        let mapping = &root["components"]["schemas"]["S"]["discriminator"]["mapping"];
        assert_eq!(mapping["dog"], "#/x-codegen-bundled/0-dog.yaml");
        assert_eq!(mapping["cat"], "#/Cat");
    }

    #[test]
    fn unreadable_files_are_grafted_as_the_reason() {
        let dir = folder("missing", &[("bad.yaml", "a: [\n")]);
        let mut root = schemas(
            json!({"a": {"$ref": "./nope.yaml#/X"}, "b": {"$ref": "bad.yaml"}, "c": {"$ref": "nope.yaml"}}),
        );
        bundled(&mut root, &dir.join("api.yaml"));
        let own = root["components"]["schemas"].clone();
        let target = Pointer::parse_fragment(own["a"]["$ref"].as_str().unwrap()).unwrap();
        assert!(target.lookup(&root).is_none());
        let reason = unreadable_reason(&root, &target).unwrap();
        assert!(reason.contains("nope.yaml"), "{reason}");
        assert_eq!(own["c"]["$ref"], "#/x-codegen-bundled/0-nope.yaml");
        let target = Pointer::parse_fragment(own["b"]["$ref"].as_str().unwrap()).unwrap();
        let reason = unreadable_reason(&root, &target).unwrap();
        assert!(
            reason.contains("bad.yaml") && reason.contains("not valid YAML"),
            "{reason}"
        );

        let mut root = schemas(json!({"a": {"$ref": "x.yaml"}}));
        bundle(&mut root, None, &Limits::default(), &mut Vec::new()).unwrap();
        let reference = &root["components"]["schemas"]["a"]["$ref"];
        let target = Pointer::parse_fragment(reference.as_str().unwrap()).unwrap();
        assert!(
            unreadable_reason(&root, &target)
                .unwrap()
                .contains("spec_path")
        );
    }

    #[test]
    fn duplicate_keys_in_files_are_warnings_inside_their_graft() {
        let dir = folder("duplicates", &[("d.yaml", "a: 1\na: 2\n")]);
        let mut root = schemas(json!({"x": {"$ref": "d.yaml"}}));
        let (_, diagnostics) = bundled(&mut root, &dir.join("api.yaml"));
        assert_eq!(
            diagnostics[0].pointer.to_string(),
            "#/x-codegen-bundled/0-d.yaml/a"
        );
    }

    #[test]
    fn the_limits_on_all_files_name_the_flags_that_raise_them() {
        // Five files of 13 bytes and 5 nodes each.
        let names = ["a", "b", "c", "d", "e"];
        let files: Vec<(String, &str)> = names
            .iter()
            .map(|name| (format!("{name}.yaml"), "a: [1, 2, 3]\n"))
            .collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
        let dir = folder("limits", &files);
        let spec = dir.join("api.yaml");
        let references: Map<String, Value> = names
            .iter()
            .map(|name| (name.to_string(), json!({"$ref": format!("{name}.yaml")})))
            .collect();
        let tree = schemas(Value::Object(references));
        let run = |max_input_bytes: usize, max_nodes: usize| {
            let mut tree = tree.clone();
            let limits = Limits {
                max_input_bytes,
                max_nodes,
            };
            bundle(&mut tree, Some(&spec), &limits, &mut Vec::new()).map(|_| tree)
        };
        let nodes = run(17, 24).unwrap_err();
        assert!(
            nodes.message.contains("more than 24 nodes in all")
                && nodes.message.contains("`--max-nodes N`"),
            "{nodes}"
        );
        // Four times the size of one document: 52 bytes, and the five files hold 65.
        let bytes = run(13, 25).unwrap_err();
        assert!(
            bytes.message.contains("more than 52 bytes")
                && bytes.message.contains("`--max-input-size MIB`"),
            "{bytes}"
        );
        run(17, 25).unwrap();
        // A file over the limit of one document cannot be read, and says why where it is used.
        let small = run(12, 25).unwrap();
        let reference = small["components"]["schemas"]["a"]["$ref"]
            .as_str()
            .unwrap();
        let target = Pointer::parse_fragment(reference).unwrap();
        let reason = unreadable_reason(&small, &target).unwrap();
        assert!(reason.contains("--max-input-size"), "{reason}");
    }

    #[test]
    fn many_files_are_fine() {
        let mut files = Vec::new();
        for i in 0..1500 {
            files.push((format!("f{i}.yaml"), format!("v: {i}\n")));
        }
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let dir = folder("many", &refs);
        let list: Vec<Value> = (0..1500)
            .map(|i| json!({"$ref": format!("f{i}.yaml")}))
            .collect();
        let mut root = schemas(json!({"S": {"allOf": list}}));
        bundled(&mut root, &dir.join("api.yaml"));
        assert_eq!(root[BUNDLED_KEY].as_object().unwrap().len(), 1500);
    }

    #[test]
    fn names_files_says_whether_bundling_changes_the_tree() {
        let dir = folder("names", &[("pets.yaml", "Pet: {type: string}\n")]);
        let spec = dir.join("api.yaml");
        let schema =
            |reference: &str| json!({"components": {"schemas": {"S": {"$ref": reference}}}});
        let cases = [
            // The spec's own, remote and bare-name references graft nothing.
            (schema("#/components/schemas/T"), false),
            (schema("https://example.com/pets.yaml#/Pet"), false),
            (schema("Pet"), false),
            (schema("pets.yaml#/Pet"), true),
            // A file that cannot be read is grafted too, as the reason it cannot.
            (schema("missing.yaml#/Pet"), true),
            // Parts the generator does not read are not searched...
            (
                json!({"x-samples": {"$ref": "pets.yaml"}, "components": {"schemas": {
                    "S": {"example": {"$ref": "pets.yaml#/Pet"}}
                }}}),
                false,
            ),
            // ...unless a reference leads into them.
            (
                json!({"x-shared": {"P": {"$ref": "pets.yaml#/Pet"}}, "components": {"schemas": {
                    "S": {"$ref": "#/x-shared/P"}
                }}}),
                true,
            ),
            (
                json!({"components": {"schemas": {"S": {
                    "discriminator": {"propertyName": "kind", "mapping": {"pet": "pets.yaml#/Pet"}}
                }}}}),
                true,
            ),
        ];
        for (tree, names) in cases {
            assert_eq!(names_files(&tree), names, "{tree}");
            let mut bundled_tree = tree.clone();
            let (_, diagnostics) = bundled(&mut bundled_tree, &spec);
            assert_eq!(bundled_tree != tree, names, "{tree}");
            if !names {
                assert!(diagnostics.is_empty(), "{tree}: {diagnostics:?}");
            }
        }
    }
}
