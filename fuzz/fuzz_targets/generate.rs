//! Any bytes through the whole pipeline: load, overlay, bundle, resolve, lower and emit. Errors
//! are fine; a panic, a hang, a stack overflow or runaway memory is a finding.
//!
//! The input is the spec's text, then optionally a NUL byte and an overlay's text, so that
//! overlays are fuzzed too (any spec or overlay in the seed corpus works as it is).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (spec, overlay) = match data.iter().position(|&b| b == 0) {
        Some(nul) => (&data[..nul], Some(&data[nul + 1..])),
        None => (data, None),
    };
    let Ok(spec) = std::str::from_utf8(spec) else {
        return;
    };
    let overlays = overlay
        .and_then(|text| std::str::from_utf8(text).ok())
        .map(|text| codegen::Overlay {
            name: "overlay.yaml".to_owned(),
            text: text.to_owned(),
        })
        .into_iter()
        .collect();
    let options = codegen::Options {
        overlays,
        ..codegen::Options::default()
    };
    let _ = codegen::generate(spec, &options);
});
