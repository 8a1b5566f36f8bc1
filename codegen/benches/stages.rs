//! Each stage of the pipeline, timed on the reference corpus and on synthetic specs of growing
//! size: `cargo bench -p codegen` (`-- github`, `-- synthetic` or `-- emit` to narrow it down).
//!
//! The stages: `parse` (the text into a generic tree, the baseline), `load` (parse, version
//! check, bundling), `resolve` (normalize every reachable schema, follow and check `$ref`s),
//! `lower` (types, names, operations, analysis passes), `locate` (line and column of each
//! warning) and `emit` (Rust tokens, parsed and pretty-printed); `generate` is all of them.
//! Each benchmark prepares its input with the earlier stages, untimed.

use std::path::{Path, PathBuf};

use codegen::{Options, stages};
use divan::Bencher;

/// The allocator of `cargo xtask codegen`, so that the stages are timed as the binary runs them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// The corpus specs, by the name the benchmarks print.
const CORPUS: &[&str] = &[
    "github",
    "oxide",
    "livepeer-docs",
    "livepeer-studio",
    "seed",
];

/// Schemas and operations in the synthetic specs.
const SIZES: &[usize] = &[100, 1_000, 10_000];

struct Input {
    text: String,
    options: Options,
}

fn corpus(name: &str) -> Input {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let shared = workspace.join("../shared/corpus");
    let path: PathBuf = match name {
        "github" => shared.join("github/api.github.com-3.0.json"),
        "oxide" => shared.join("oxide/nexus.json"),
        "livepeer-docs" => shared.join("livepeer/livepeer-docs-openapi.yaml"),
        "livepeer-studio" => shared.join("livepeer/livepeer-studio-api-schema.yaml"),
        _ => workspace.join("spec/livepeer.yaml"),
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Input {
        text,
        options: Options {
            spec_path: Some(path),
            ..Options::default()
        },
    }
}

fn synthetic(n: usize) -> Input {
    Input {
        text: stages::synthetic_spec(n),
        options: Options::default(),
    }
}

fn parse(bencher: Bencher, input: &Input) {
    bencher.bench_local(|| stages::parse(&input.text).unwrap());
}

fn load(bencher: Bencher, input: &Input) {
    bencher.bench_local(|| stages::load(&input.text, &input.options).unwrap());
}

fn resolve(bencher: Bencher, input: &Input) {
    let document = stages::load(&input.text, &input.options).unwrap();
    bencher.bench_local(|| stages::resolve(&document, &mut Vec::new()).unwrap());
}

fn lower(bencher: Bencher, input: &Input) {
    let document = stages::load(&input.text, &input.options).unwrap();
    let resolved = stages::resolve(&document, &mut Vec::new()).unwrap();
    bencher.bench_local(|| stages::lower(&resolved, &mut Vec::new()));
}

fn locate(bencher: Bencher, input: &Input) {
    let document = stages::load(&input.text, &input.options).unwrap();
    let mut warnings = Vec::new();
    let resolved = stages::resolve(&document, &mut warnings).unwrap();
    stages::lower(&resolved, &mut warnings);
    bencher
        .with_inputs(|| warnings.clone())
        .bench_local_values(|mut warnings| {
            stages::locate(&input.text, &mut warnings);
            warnings
        });
}

fn emit(bencher: Bencher, input: &Input) {
    let ir = codegen::lower_to_ir(&input.text, &input.options).unwrap().0;
    let plan = stages::plan(&ir, stages::analyze(&ir));
    bencher.bench_local(|| stages::emit(&ir, &plan, &input.options));
}

fn surface(bencher: Bencher, input: &Input) {
    let ir = codegen::lower_to_ir(&input.text, &input.options).unwrap().0;
    let plan = stages::plan(&ir, stages::analyze(&ir));
    bencher.bench_local(|| {
        stages::surface(&input.text, &ir, &plan, &input.options, &Default::default())
    });
}

fn generate(bencher: Bencher, input: &Input) {
    bencher.bench_local(|| codegen::generate(&input.text, &input.options).unwrap());
}

/// The corpus; GitHub's spec takes about a second end to end, so few samples.
#[divan::bench_group(sample_count = 10, sample_size = 1)]
mod corpus {
    use super::*;

    #[divan::bench(args = CORPUS)]
    fn parse(bencher: Bencher, name: &str) {
        super::parse(bencher, &corpus(name));
    }

    #[divan::bench(args = CORPUS)]
    fn load(bencher: Bencher, name: &str) {
        super::load(bencher, &corpus(name));
    }

    #[divan::bench(args = CORPUS)]
    fn resolve(bencher: Bencher, name: &str) {
        super::resolve(bencher, &corpus(name));
    }

    #[divan::bench(args = CORPUS)]
    fn lower(bencher: Bencher, name: &str) {
        super::lower(bencher, &corpus(name));
    }

    #[divan::bench(args = CORPUS)]
    fn locate(bencher: Bencher, name: &str) {
        super::locate(bencher, &corpus(name));
    }

    #[divan::bench(args = CORPUS)]
    fn emit(bencher: Bencher, name: &str) {
        super::emit(bencher, &corpus(name));
    }

    #[divan::bench(args = CORPUS)]
    fn surface(bencher: Bencher, name: &str) {
        super::surface(bencher, &corpus(name));
    }

    #[divan::bench(args = CORPUS)]
    fn generate(bencher: Bencher, name: &str) {
        super::generate(bencher, &corpus(name));
    }
}

/// Synthetic specs of 100, 1,000 and 10,000 schemas and operations; the largest takes
/// seconds, so few samples.
#[divan::bench_group(sample_count = 5, sample_size = 1)]
mod synthetic {
    use super::*;

    #[divan::bench(args = SIZES)]
    fn parse(bencher: Bencher, n: usize) {
        super::parse(bencher, &synthetic(n));
    }

    #[divan::bench(args = SIZES)]
    fn load(bencher: Bencher, n: usize) {
        super::load(bencher, &synthetic(n));
    }

    #[divan::bench(args = SIZES)]
    fn resolve(bencher: Bencher, n: usize) {
        super::resolve(bencher, &synthetic(n));
    }

    #[divan::bench(args = SIZES)]
    fn lower(bencher: Bencher, n: usize) {
        super::lower(bencher, &synthetic(n));
    }

    #[divan::bench(args = SIZES)]
    fn locate(bencher: Bencher, n: usize) {
        super::locate(bencher, &synthetic(n));
    }

    #[divan::bench(args = SIZES)]
    fn emit(bencher: Bencher, n: usize) {
        super::emit(bencher, &synthetic(n));
    }

    #[divan::bench(args = SIZES)]
    fn surface(bencher: Bencher, n: usize) {
        super::surface(bencher, &synthetic(n));
    }

    #[divan::bench(args = SIZES)]
    fn generate(bencher: Bencher, n: usize) {
        super::generate(bencher, &synthetic(n));
    }
}
