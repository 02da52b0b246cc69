//! Generates the client for the whole Browser Use API from the shared spec at build time.
//!
//! Writes `$OUT_DIR/browser_use_v2.rs` (the file the shared `lib.rs` includes), only when its
//! bytes change, and nothing else. A spec that does not generate fails the build with the
//! generator's diagnostics; a missing spec fails it with where it was looked for.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The spec, relative to this crate's directory.
const SPEC: &str = "../../../shared/specs/browser-use-v2-full.json";

fn main() -> ExitCode {
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
    let manifest_dir = env_path("CARGO_MANIFEST_DIR")?;
    let spec = manifest_dir.join(SPEC);
    // Printed before reading, so that a spec that appears later triggers a rebuild.
    println!("cargo:rerun-if-changed={}", spec.display());
    let text = read_spec(&spec)?;
    let config = openapi_rust_gen::Config::new("browser-use-v2-full.json");
    openapi_rust_gen::generate_into_out_dir(&config, &text, "browser_use_v2.rs")
}

fn env_path(name: &str) -> Result<PathBuf, String> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .ok_or_else(|| format!("{name} is not set"))
}

fn read_spec(spec: &Path) -> Result<String, String> {
    std::fs::read_to_string(spec).map_err(|err| {
        format!(
            "error: cannot read the full Browser Use spec at {}: {err}\n\
             help: this crate compiles the whole API from the shared specs directory, which \
             must sit beside the repository (../shared/specs/browser-use-v2-full.json)",
            spec.display()
        )
    })
}
