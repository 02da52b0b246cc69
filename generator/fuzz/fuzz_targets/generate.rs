//! The whole pipeline, bytes to formatted Rust: the input is the document (YAML, or JSON when it
//! starts with `{`), decoded as UTF-8 with invalid sequences replaced.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check("fuzz.yaml", &String::from_utf8_lossy(data));
});
