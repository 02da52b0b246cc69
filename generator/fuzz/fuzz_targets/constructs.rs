//! Structured fuzzing of the constructs published specs stop generators on: the input's bytes
//! choose a document of repeated enum values, references to other sections' entries, schemas of
//! other files that refer to themselves and unmappable discriminators (the builder
//! `hostile.rs` uses with seeds, whose output it also compiles), and the whole pipeline must
//! give Rust that `syn` parses or a diagnostic.
#![no_main]

mod common;
#[path = "../../tests/constructs/mod.rs"]
mod constructs;

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The document's path, beside the files its references name (written once per process).
fn spec() -> &'static str {
    static SPEC: OnceLock<String> = OnceLock::new();
    SPEC.get_or_init(|| {
        let dir: PathBuf = std::env::temp_dir().join(format!("constructs-fuzz-{}", std::process::id()));
        constructs::write_files(&dir).expect("writes the referenced files");
        dir.join("openapi.json").to_string_lossy().into_owned()
    })
}

fuzz_target!(|data: &[u8]| {
    let text = constructs::document(&mut constructs::Bytes(data));
    common::check(spec(), &text);
});
