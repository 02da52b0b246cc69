//! Generates the client from the embedded OpenAPI document at build time.
//!
//! Writes `$OUT_DIR/browser_use_v2.rs` (only when its bytes change, so an unchanged spec costs no
//! recompilation) and nothing else: a crate used as a dependency must not modify its source.
//! A broken spec fails the build with the generator's diagnostics (file:line:column, pointer).

use openapi_rust_gen::{embedded, generate_into_out_dir};
use std::process::ExitCode;

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed={}", embedded::SPEC);
    println!("cargo:rerun-if-changed=build.rs");
    // A build script runs in its package's directory, where the spec's relative path points.
    let result = std::fs::read_to_string(embedded::SPEC)
        .map_err(|e| format!("{}: cannot read: {e}", embedded::SPEC))
        .and_then(|text| generate_into_out_dir(&embedded::config(), &text, "browser_use_v2.rs"));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
