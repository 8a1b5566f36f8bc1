//! Inputs meant to break the generator: every file in `tests/fixtures/fuzz/` (what `cargo fuzz`
//! found, and hand-made attacks on the limits) goes through the whole pipeline. Errors are
//! fine; a panic, a stack overflow or a run that does not end in time is not.
//!
//! A file holds a spec's bytes, then optionally a NUL byte and an overlay's, as the fuzz target
//! reads them.

use std::sync::mpsc;
use std::time::Duration;

use codegen::{Options, Overlay, generate};
use tests::workspace_root;

/// Far more than any of them takes; a run past it counts as a hang.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// What the generator made of one input: `Ok(true)` when it generated a crate.
fn run(bytes: Vec<u8>) -> Result<bool, String> {
    let (spec, overlay) = match bytes.iter().position(|&b| b == 0) {
        Some(nul) => (bytes[..nul].to_vec(), Some(bytes[nul + 1..].to_vec())),
        None => (bytes, None),
    };
    let Ok(spec) = String::from_utf8(spec) else {
        return Err("not UTF-8: the library takes text; the CLI refuses such files".to_owned());
    };
    let overlays = overlay
        .map(|text| Overlay {
            name: "overlay.yaml".to_owned(),
            text: String::from_utf8_lossy(&text).into_owned(),
        })
        .into_iter()
        .collect();
    let options = Options {
        overlays,
        ..Options::default()
    };
    // The generator's own thread, with the default 2 MiB stack of spawned threads: deep input
    // must not need more.
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let outcome = generate(&spec, &options)
            .map(|_| true)
            .map_err(|e| e.to_string());
        let _ = sender.send(outcome);
    });
    match receiver.recv_timeout(TIME_LIMIT) {
        Ok(outcome) => Ok(outcome.unwrap_or(false)),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("no answer in {TIME_LIMIT:?}")),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("the generator panicked".to_owned()),
    }
}

#[test]
fn hostile_inputs_end_in_an_answer() {
    let folder = workspace_root().join("tests/fixtures/fuzz");
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 8,
        "fixtures missing from {}",
        folder.display()
    );
    let mut failures = Vec::new();
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        match run(bytes) {
            Ok(_) => {}
            Err(e) if e.starts_with("not UTF-8") => {}
            Err(e) => failures.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn each_limit_names_itself() {
    let folder = workspace_root().join("tests/fixtures/fuzz");
    let error = |name: &str| {
        let text = std::fs::read(folder.join(name)).unwrap();
        let (spec, overlay) = match text.iter().position(|&b| b == 0) {
            Some(nul) => (&text[..nul], Some(&text[nul + 1..])),
            None => (&text[..], None),
        };
        let options = Options {
            overlays: overlay
                .map(|o| Overlay {
                    name: "overlay.yaml".to_owned(),
                    text: String::from_utf8(o.to_vec()).unwrap(),
                })
                .into_iter()
                .collect(),
            ..Options::default()
        };
        let spec = std::str::from_utf8(spec).unwrap();
        generate(spec, &options).unwrap_err().to_string()
    };
    for (name, expected) in [
        (
            "alias-bomb.yaml",
            "aliases expand to more than 1000000 nodes",
        ),
        ("deep-block.yaml", "more than 100 levels deep, the limit"),
        ("deep-flow.yaml", "more than 100 levels deep, the limit"),
        ("deep-json.json", "more than 100 levels deep, the limit"),
        (
            "ref-ring.yaml",
            "reference cycle that never reaches a schema",
        ),
        (
            "overlay-growing-updates.bin",
            "more than 100 levels deep, the limit",
        ),
    ] {
        let message = error(name);
        assert!(message.contains(expected), "{name}: {message}");
    }
    // Deep, but within the limit: 45 nested object schemas (the innermost property is a
    // string) are 45 types.
    let text = std::fs::read_to_string(folder.join("deep-properties.yaml")).unwrap();
    let output = generate(&text, &Options::default()).unwrap();
    assert_eq!(output.ir.types.len(), 45);
}
