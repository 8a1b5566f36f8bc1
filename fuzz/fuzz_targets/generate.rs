//! Any bytes through the whole pipeline: load, bundle, resolve, lower and emit. Errors are fine;
//! a panic, a hang, a stack overflow or runaway memory is a finding.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = codegen::generate(text, &codegen::Options::default());
});
