//! The pipeline: each stage as a function, and [`run`], which calls them one after another on
//! one thread. `run` is the definition of what the generator does; [`crate::generate`] runs
//! the same stages scheduled over two threads (`lib.rs`), and a test holds the two to the same
//! output on every spec of the corpus (`tests/tests/pipeline.rs`). The stage functions also
//! serve the benchmarks (`cargo bench -p codegen`) and `cargo xtask bench-peers`, with a
//! synthetic spec of any size. Not a stable API: use [`crate::generate`].

use serde_json::{Map, Value, json};

use crate::analysis::Facts;
use crate::bundle::Bundle;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::Ir;
use crate::load::Document;
use crate::lower::Resolved;
use crate::plan::Plan;
use crate::surface::ApiSurface;
use crate::{GeneratedFile, Options, Output};

/// The whole pipeline, one stage after another: the crate's files (its `api.json` last), the
/// warnings met on the way, the IR and the API's summary. On failure, the diagnostics hold
/// the error and every warning before it. Every diagnostic is located in the spec's text, or
/// in the bundled file it concerns.
pub fn run(text: &str, options: &Options) -> Result<Output, Diagnostics> {
    let (ir, plan, surface, warnings) = run_to_plan(text, options)?;
    let mut files = emit(&ir, &plan, options);
    files.push(crate::api_file(&surface, options));
    Ok(Output {
        files,
        warnings,
        ir,
        surface,
    })
}

/// [`run`] up to the IR.
pub fn run_to_ir(text: &str, options: &Options) -> Result<(Ir, Vec<Diagnostic>), Diagnostics> {
    lowered(text, options).map(|(ir, _, warnings)| (ir, warnings))
}

/// [`run`] up to the plan, with the API's summary placed in the spec's text.
pub fn run_to_plan(
    text: &str,
    options: &Options,
) -> Result<(Ir, Plan, ApiSurface, Vec<Diagnostic>), Diagnostics> {
    let (ir, files, warnings) = lowered(text, options)?;
    let plan = plan(&ir, analyze(&ir));
    let surface = surface(text, &ir, &plan, options, &files);
    Ok((ir, plan, surface, warnings))
}

/// Read, bundled, resolved and lowered: the IR, the files bundled and the warnings, located.
fn lowered(text: &str, options: &Options) -> Result<(Ir, Bundle, Vec<Diagnostic>), Diagnostics> {
    located(text, |diagnostics, files| {
        let document = read(text, options, diagnostics)?;
        let resolved = bundle_and_resolve(document, options, files, diagnostics)?;
        Ok(lower(&resolved, diagnostics))
    })
}

/// Runs `stages`, then locates every diagnostic they reported (the error too, should they
/// fail) in the spec's text, or in the file they bundled that it concerns.
fn located<T>(
    text: &str,
    stages: impl FnOnce(&mut Vec<Diagnostic>, &mut Bundle) -> Result<T, Diagnostic>,
) -> Result<(T, Bundle, Vec<Diagnostic>), Diagnostics> {
    let mut diagnostics = Vec::new();
    let mut files = Bundle::default();
    let value = match stages(&mut diagnostics, &mut files) {
        Ok(value) => Some(value),
        Err(error) => {
            diagnostics.push(error);
            None
        }
    };
    crate::locate(text, &files, &mut diagnostics);
    match value {
        Some(value) => Ok((value, files, diagnostics)),
        None => Err(Diagnostics(diagnostics)),
    }
}

/// The spec's text as a document: parsed within the limits, the overlays applied, the version
/// checked.
pub fn read(
    text: &str,
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Document, Diagnostic> {
    let mut root = crate::load::parse_tree_within(text, "the spec", &options.limits, diagnostics)?;
    crate::overlay::apply_all(&mut root, &options.overlays, diagnostics)?;
    Document::from_tree(root)
}

/// Grafts in the files that the document's relative `$ref`s name (into `files`), then resolves
/// it: the schemas and operations lowering reads.
pub fn bundle_and_resolve(
    mut document: Document,
    options: &Options,
    files: &mut Bundle,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Resolved, Diagnostic> {
    *files = crate::bundle::bundle(
        &mut document.root,
        options.spec_path.as_deref(),
        &options.limits,
        diagnostics,
    )?;
    resolve(&document, diagnostics)
}

/// The spec's text into a generic tree, as the loader parses it (JSON or YAML), nothing more:
/// the baseline the whole pipeline is compared with.
pub fn parse(text: &str) -> Result<Value, Diagnostic> {
    crate::load::parse_tree(text, "the spec")
}

/// Parses the text, checks the version and grafts in the files that relative `$ref`s name.
pub fn load(text: &str, options: &Options) -> Result<Document, Diagnostic> {
    let mut document = crate::load::load(text)?;
    crate::bundle::bundle(
        &mut document.root,
        options.spec_path.as_deref(),
        &options.limits,
        &mut Vec::new(),
    )?;
    Ok(document)
}

/// Reads the operations and normalizes every schema reachable from them and the components,
/// following and checking `$ref`s.
pub fn resolve(
    document: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Resolved, Diagnostic> {
    crate::lower::resolve_document(document, diagnostics)
}

/// Names and shapes the types and operations, and runs the analysis passes.
pub fn lower(resolved: &Resolved, diagnostics: &mut Vec<Diagnostic>) -> Ir {
    crate::lower::lower_resolved(resolved, diagnostics)
}

/// Finds the line and column of each diagnostic in the text.
pub fn locate(text: &str, diagnostics: &mut [Diagnostic]) {
    crate::locate(text, &Bundle::default(), diagnostics);
}

/// The facts about the IR that emission needs.
pub fn analyze(ir: &Ir) -> Facts {
    crate::analysis::analyze(ir)
}

/// Every decision about the crate's Rust surface, from the IR and its facts.
pub fn plan(ir: &Ir, facts: Facts) -> Plan {
    crate::plan::plan(ir, facts)
}

/// The plan as the crate's files, formatted.
pub fn emit(ir: &Ir, plan: &Plan, options: &Options) -> Vec<GeneratedFile> {
    crate::emit::emit(ir, plan, options)
}

/// The crate's public API from the plan, each item placed in the spec's text or in the file of
/// `files` it comes from.
pub fn surface(text: &str, ir: &Ir, plan: &Plan, options: &Options, files: &Bundle) -> ApiSurface {
    let (mut api, pointers) =
        crate::surface::build(ir, plan, &options.crate_name, &options.crate_version);
    let placed = crate::surface::Placed::default();
    api.place(crate::surface::place_all(
        text, options, files, &pointers, &placed,
    ));
    api
}

/// A valid OpenAPI 3.0 document (pretty-printed JSON) with `n` component schemas and `n`
/// operations, each schema shaped like those of real specs: required and optional scalars, an
/// inline enum, an array, a map, an inline object, a union, a reference to the next schema
/// (so that the schemas form one long cycle) and to one far away. Every other schema's name
/// collides with its neighbour's after case conversion (`Schema4` and `schema_4`), and one
/// schema in ten carries an example. Cost that grows faster than `n` shows up as the
/// benchmarks scale it.
pub fn synthetic_spec(n: usize) -> String {
    let name = |i: usize| {
        if i % 2 == 0 {
            format!("Schema{i}")
        } else {
            format!("schema_{}", i - 1)
        }
    };
    let reference = |i: usize| json!({ "$ref": format!("#/components/schemas/{}", name(i % n)) });
    let mut schemas = Map::new();
    for i in 0..n {
        let mut schema = json!({
            "type": "object",
            "description": format!("Synthetic schema number {i}."),
            "required": ["id", "name", "status"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "name": {"type": "string", "description": "What people call it."},
                "count": {"type": "integer", "format": "int32"},
                "ratio": {"type": "number", "nullable": true},
                "status": {"type": "string", "enum": ["active", "inactive", "pending"]},
                "tags": {"type": "array", "items": {"type": "string"}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "meta": {
                    "type": "object",
                    "properties": {
                        "created": {"type": "string", "format": "date-time"},
                        "revision": {"type": "integer"}
                    }
                },
                "choice": {"oneOf": [{"type": "string"}, reference(i + 2)]},
                "next": reference(i + 1),
                "far": reference(i * 7 + n / 2)
            }
        });
        if i % 10 == 0 {
            schema["example"] = json!({"id": "00000000-0000-0000-0000-000000000000", "name": "x", "status": "active"});
        }
        schemas.insert(name(i), schema);
    }
    let mut paths = Map::new();
    for i in 0..n {
        let mut operation = json!({
            "operationId": format!("operation{i}"),
            "summary": format!("Operation number {i}."),
            "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer"}}
            ],
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": reference(i)}}
                },
                "404": {"description": "not found"}
            }
        });
        let method = if i % 2 == 0 {
            "get"
        } else {
            operation["requestBody"] = json!({
                "required": true,
                "content": {"application/json": {"schema": reference(i + 3)}}
            });
            "post"
        };
        paths.insert(
            format!("/resources{i}/{{id}}"),
            json!({ method: operation }),
        );
    }
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas}
    });
    serde_json::to_string_pretty(&spec).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_specs_generate_a_type_and_method_per_schema_and_operation() {
        let output = crate::generate(&synthetic_spec(20), &Options::default()).unwrap();
        let operations = output.ir.operations.len();
        assert_eq!(operations, 20);
        let names: Vec<&str> = output.ir.types.iter().map(|t| t.name.as_str()).collect();
        assert!(
            names.contains(&"Schema4") && names.contains(&"Schema4_2"),
            "{names:?}"
        );
        // Whatever the generator warns about (query parameters, so far), it can place.
        assert!(output.warnings.iter().all(|w| w.location.is_some()));
    }

    #[test]
    fn stages_run_one_by_one_give_what_generate_gives() {
        let text = synthetic_spec(6);
        let options = Options::default();
        let document = load(&text, &options).unwrap();
        let mut diagnostics = Vec::new();
        let resolved = resolve(&document, &mut diagnostics).unwrap();
        let ir = lower(&resolved, &mut diagnostics);
        let plan = plan(&ir, analyze(&ir));
        let mut files = emit(&ir, &plan, &options);
        let api = surface(&text, &ir, &plan, &options, &Bundle::default());
        files.push(crate::api_file(&api, &options));
        assert_eq!(files, crate::generate(&text, &options).unwrap().files);
        assert_eq!(files, run(&text, &options).unwrap().files);
        assert!(parse(&text).unwrap().is_object());
    }
}
