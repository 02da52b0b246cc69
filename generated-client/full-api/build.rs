//! Generates the client for the whole Browser Use API from the shared spec at build time.
//!
//! Writes `$OUT_DIR/browser_use_v2_full.rs` (only when its bytes change) and nothing else, and
//! sets `cfg(full_api_spec)`. When the shared specs are not beside the repository, a build
//! outside CI goes on without the client (the tests then say they were skipped and where they
//! looked); with `CI` set, a missing spec fails the build.

use openapi_rust_gen::{BuildScriptError, Builder, Diagnostic, Diagnostics};
use std::path::PathBuf;

/// The spec, relative to this crate's directory.
const SPEC: &str = "../../../shared/specs/browser-use-v2-full.json";

fn main() -> Result<(), BuildScriptError> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo::rustc-check-cfg=cfg(full_api_spec)");
    println!("cargo:rerun-if-env-changed=CI");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let spec = dir.join(SPEC);
    println!("cargo:rustc-env=FULL_API_SPEC={}", spec.display());
    if !spec.exists() {
        // Printed before returning, so that a spec that appears later triggers a rebuild.
        println!("cargo:rerun-if-changed={}", spec.display());
        let looked = format!("the full Browser Use spec is not at {}", spec.display());
        if std::env::var_os("CI").is_some() {
            let message = "the full Browser Use spec is missing".to_string();
            let mut missing = Diagnostic::in_file(&spec.display().to_string(), message);
            missing.help = Some(
                "CI needs the shared specs beside the repository \
                 (../shared/specs/browser-use-v2-full.json)"
                    .to_string(),
            );
            return Err(BuildScriptError::from(Diagnostics::from(missing)));
        }
        println!("cargo:warning=skipped: {looked}; the full-API tests will be skipped");
        return Ok(());
    }
    println!("cargo:rustc-cfg=full_api_spec");
    Builder::new(spec)
        .env_prefix("BROWSER_USE")
        .generate("browser_use_v2_full.rs")?;
    Ok(())
}
