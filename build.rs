//! Generates the client from the embedded OpenAPI document at build time.
//!
//! Writes `$OUT_DIR/browser_use_v2.rs` (only when its bytes change, so an unchanged spec costs no
//! recompilation) and nothing else: a crate used as a dependency must not modify its source.
//! A broken spec fails the build with the generator's diagnostics (file:line:column, pointer).

use openapi_rust_gen::{embedded, generate};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed={}", embedded::SPEC);
    println!("cargo:rerun-if-changed=build.rs");
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let manifest_dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR is not set")?,
    );
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let spec = manifest_dir.join(embedded::SPEC);
    let text = std::fs::read_to_string(&spec)
        .map_err(|e| format!("{}: cannot read: {e}", embedded::SPEC))?;
    let code = generate(&embedded::config(), &text).map_err(|diagnostics| diagnostics.render())?;
    let out = out_dir.join("browser_use_v2.rs");
    if std::fs::read_to_string(&out).is_ok_and(|current| current == code) {
        return Ok(());
    }
    std::fs::write(&out, code).map_err(|e| format!("{}: cannot write: {e}", out.display()))
}
