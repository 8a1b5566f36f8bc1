//! Turns an OpenAPI 3.0 or 3.1 document into a Rust client crate.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`load`] (text to a tree, within the [`limits`]) → [`overlay`] (repairs applied) → [`bundle`] (files named by relative `$ref`s grafted in) →
//! [`normalize`] (each schema to one canonical form) → [`resolve`]
//! (`$ref`s followed, every reachable schema normalized once) → [`lower`] (schemas and
//! operations into the [`ir`]) → [`analysis`] (facts about the IR that emission needs) →
//! [`plan`] (every decision about the crate's Rust surface) → [`emit`] (the plan to formatted
//! Rust files) and [`surface`] (the plan's public API, `api.json`).
//!
//! [`stages::run`] is the pipeline, each stage called in turn; [`generate`] runs the same
//! stages scheduled over two threads, with the same output; [`lower_to_ir`] stops at the IR.

pub mod analysis;
pub mod bundle;
pub mod diagnostics;
pub mod emit;
pub mod fields;
mod graph;
pub mod hashing;
pub mod ir;
pub mod limits;
pub mod load;
pub mod lower;
pub mod members;
pub mod naming;
pub mod normalize;
pub mod overlay;
mod parts;
pub mod plan;
pub mod pointer;
pub mod resolve;
pub mod source_map;
#[doc(hidden)]
pub mod stages;
pub mod surface;
pub mod tree;

use std::path::PathBuf;

pub use diagnostics::{Diagnostic, Diagnostics, Location, Severity};
pub use overlay::Overlay;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// The name of the emitted crate (`generated-client`); its library is this with `_` for `-`.
    pub crate_name: String,
    /// How the spec is named in the generated files' headers, e.g. `spec/livepeer.yaml`.
    pub spec_name: String,
    /// The spec's file: relative `$ref`s (`./common.yaml#/…`) are read from its folder, and
    /// references back to it point into the spec itself. Without it, such references are errors.
    pub spec_path: Option<PathBuf>,
    /// Overlays applied in order to the spec's tree before any other stage reads it.
    pub overlays: Vec<Overlay>,
    /// The emitted crate's version (`0.1.0`).
    pub crate_version: String,
    /// The limits on input that a caller may raise (the size of a document, the nodes of the
    /// files that references name); the defaults refuse only what is larger than real specs.
    pub limits: limits::Limits,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            crate_name: "generated-client".to_owned(),
            spec_name: "the OpenAPI document".to_owned(),
            spec_path: None,
            overlays: Vec::new(),
            crate_version: "0.1.0".to_owned(),
            limits: limits::Limits::default(),
        }
    }
}

/// One file of the emitted crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative to the crate's folder, e.g. `src/models.rs`.
    pub path: PathBuf,
    pub contents: String,
}

/// A generated crate and the warnings met on the way.
#[derive(Clone, Debug)]
pub struct Output {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Diagnostic>,
    /// The IR the files were emitted from.
    pub ir: ir::Ir,
    /// The crate's public API, also among the files as `api.json`.
    pub surface: surface::ApiSurface,
}

/// Generates a complete crate (manifest and sources) from the spec's text.
///
/// On failure, the diagnostics hold at least one error, and any warnings met before it.
/// Every diagnostic carries its line and column in `spec_text` where the node can be found.
///
/// The stages are [`stages::run`]'s, scheduled over two threads (below); the output is the
/// same, byte for byte.
pub fn generate(spec_text: &str, options: &Options) -> Result<Output, Diagnostics> {
    let (ir, plan, surface, warnings) = lower_to_plan(spec_text, options)?;
    let mut files = emit::emit(&ir, &plan, options);
    files.push(api_file(&surface, options));
    Ok(Output {
        files,
        warnings,
        ir,
        surface,
    })
}

/// Runs the pipeline up to the IR, the plain data that emission turns into Rust.
pub fn lower_to_ir(
    spec_text: &str,
    options: &Options,
) -> Result<(ir::Ir, Vec<Diagnostic>), Diagnostics> {
    stages::run_to_ir(spec_text, options)
}

/// Runs the pipeline up to the IR, and summarizes the public API that emitting it gives the
/// crate, each item placed (`file:line`) in the spec or the bundled file it comes from.
pub fn lower_to_surface(
    spec_text: &str,
    options: &Options,
) -> Result<(ir::Ir, surface::ApiSurface, Vec<Diagnostic>), Diagnostics> {
    lower_to_plan(spec_text, options).map(|(ir, _, api, warnings)| (ir, api, warnings))
}

/// Runs the pipeline up to the plan, the decisions that emission prints, and summarizes the
/// public API the plan gives the crate, each item placed (`file:line`) in the spec or the
/// bundled file it comes from: [`stages::run_to_plan`], scheduled over two threads.
///
/// The schedule: while the spec's tree is resolved, a second thread walks it for references
/// that name files (most specs have none; when one does, the tree is bundled and resolved
/// again). While the IR is lowered, the second thread frees the document tree and places in
/// the spec's text the nodes the API's items are expected to come from. The plan and the
/// API's summary are then made, and the summary's items placed with what was found ahead.
pub fn lower_to_plan(
    spec_text: &str,
    options: &Options,
) -> Result<(ir::Ir, plan::Plan, surface::ApiSurface, Vec<Diagnostic>), Diagnostics> {
    let Lowered {
        ir,
        warnings,
        files,
        placed,
    } = lower_placing_ahead(spec_text, options)?;
    let plan = plan::plan(&ir, analysis::analyze(&ir));
    let (mut api, pointers) =
        surface::build(&ir, &plan, &options.crate_name, &options.crate_version);
    api.place(surface::place_all(
        spec_text, options, &files, &pointers, &placed,
    ));
    // Most of the places' pointers are the last copies.
    free_elsewhere(placed);
    Ok((ir, plan, api, warnings))
}

/// Drops `value` on a thread of its own, which nothing waits for: freeing a large spec's
/// structures takes tens of milliseconds. Should no thread start, `value` is dropped here.
fn free_elsewhere<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// The summary of the crate's public API as the crate's file `api.json`.
pub fn api_file(api: &surface::ApiSurface, options: &Options) -> GeneratedFile {
    GeneratedFile {
        path: PathBuf::from(surface::API_FILE),
        contents: api.to_json(&options.spec_name),
    }
}

/// What lowering gives besides the IR.
struct Lowered {
    ir: ir::Ir,
    warnings: Vec<Diagnostic>,
    /// The files bundled into the tree.
    files: bundle::Bundle,
    /// The places in the spec's text of the nodes most items will come from.
    placed: surface::Placed,
}

/// [`stages::run_to_ir`], also giving the files bundled into the tree and, found meanwhile on
/// a second thread, the places in the text of the nodes the API's items are expected to come
/// from.
fn lower_placing_ahead(spec_text: &str, options: &Options) -> Result<Lowered, Diagnostics> {
    let mut diagnostics = Vec::new();
    let mut files = bundle::Bundle::default();
    let result = stages::read(spec_text, options, &mut diagnostics).and_then(|mut document| {
        let resolved = bundle_and_resolve(
            &mut document,
            (options.spec_path.as_deref(), &options.limits),
            &mut files,
            &mut diagnostics,
        )?;
        // The document tree is the largest structure; the IR is built without it.
        // Freeing its million values takes a large spec's run a fiftieth of its time: that
        // happens on another thread while lowering runs. That thread then reads the spec's
        // text again, for where the API's items come from, which lowering does not need.
        // The schemas are shared with that thread until it has their nodes, and freed on yet
        // another one by whichever of the two is done with them last.
        let resolved = std::sync::Arc::new(resolved);
        let (ir, placed) = std::thread::scope(|scope| {
            let files = &files;
            let helper = scope.spawn({
                let resolved = std::sync::Arc::clone(&resolved);
                move || {
                    drop(document);
                    let nodes = resolved.item_nodes();
                    free_elsewhere(resolved);
                    surface::Placed::ahead(spec_text, files, nodes)
                }
            });
            let ir = lower::lower_resolved(&resolved, &mut diagnostics);
            free_elsewhere(resolved);
            // A panic there is a panic of the generator; pass it on.
            let placed = helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (ir, placed)
        });
        Ok((ir, placed))
    });
    match result {
        Ok((ir, placed)) => {
            locate(spec_text, &files, &mut diagnostics);
            Ok(Lowered {
                ir,
                warnings: diagnostics,
                files,
                placed,
            })
        }
        Err(error) => {
            diagnostics.push(error);
            locate(spec_text, &files, &mut diagnostics);
            Err(Diagnostics(diagnostics))
        }
    }
}

/// Bundles the files the document's references name into its tree (into `files`), then
/// resolves the tree.
///
/// Most specs are one file, and finding that out walks the whole tree. So the tree is resolved
/// as it stands while another thread walks it for references that name files; only when there
/// is one is that first resolution (and what it reported) dropped, and the tree bundled and
/// resolved again.
fn bundle_and_resolve(
    document: &mut load::Document,
    (spec_path, limits): (Option<&std::path::Path>, &limits::Limits),
    files: &mut bundle::Bundle,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<lower::Resolved, Diagnostic> {
    let mut reported = Vec::new();
    let (resolved, names_files) = std::thread::scope(|scope| {
        let root = &document.root;
        let check = scope.spawn(|| bundle::names_files(root));
        let resolved = lower::resolve_document(document, &mut reported);
        // A panic there is a panic of the generator; pass it on.
        let names_files = check
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (resolved, names_files)
    });
    if !names_files {
        diagnostics.append(&mut reported);
        return resolved;
    }
    if let Ok(resolved) = resolved {
        free_elsewhere(resolved);
    }
    *files = bundle::bundle(&mut document.root, spec_path, limits, diagnostics)?;
    lower::resolve_document(document, diagnostics)
}

/// Fills in the line and column of each diagnostic that does not have one, in one pass over
/// the spec and one over each bundled file that diagnostics point into (read again: the text is
/// not kept). A diagnostic about a bundled file names that file, with its pointer in the file.
fn locate(spec_text: &str, files: &bundle::Bundle, diagnostics: &mut [Diagnostic]) {
    let mut in_spec = Vec::new();
    let mut in_files: Vec<(&bundle::BundledFile, Vec<usize>)> = Vec::new();
    for (i, diagnostic) in diagnostics.iter_mut().enumerate() {
        if diagnostic.location.is_some() || diagnostic.file.is_some() {
            continue;
        }
        match files.file_of(&diagnostic.pointer) {
            None => in_spec.push(i),
            Some((file, inner)) => {
                diagnostic.pointer = inner;
                diagnostic.file = Some(file.path.display().to_string());
                match in_files.iter_mut().find(|(f, _)| f.graft == file.graft) {
                    Some((_, indices)) => indices.push(i),
                    None => in_files.push((file, vec![i])),
                }
            }
        }
    }
    locate_in(spec_text, &in_spec, diagnostics);
    for (file, indices) in in_files {
        if let Some(text) = files.read_again(file) {
            locate_in(&text, &indices, diagnostics);
        }
    }
}

/// Fills in the locations in `text` of the diagnostics at `indices`.
fn locate_in(text: &str, indices: &[usize], diagnostics: &mut [Diagnostic]) {
    if indices.is_empty() {
        return;
    }
    let pointers: Vec<&pointer::Pointer> =
        indices.iter().map(|&i| &diagnostics[i].pointer).collect();
    let locations = source_map::locate_all(text, &pointers);
    for (&i, location) in indices.iter().zip(locations) {
        // The document as a whole starts at its start, even when it is empty.
        let start = diagnostics[i]
            .pointer
            .is_root()
            .then_some(Location { line: 1, column: 1 });
        diagnostics[i].location = location.or(start);
    }
}
