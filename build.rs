//! Generates the client from the embedded OpenAPI document at build time.
//!
//! Writes `$OUT_DIR/browser_use_v2.rs` (only when its bytes change, so an unchanged spec costs no
//! recompilation) and nothing else: a crate used as a dependency must not modify its source.
//! A broken spec fails the build with the generator's diagnostics (file:line:column, pointer).

use openapi_rust_gen::{BuildScriptError, Builder};

fn main() -> Result<(), BuildScriptError> {
    println!("cargo:rerun-if-changed=build.rs");
    // A build script runs in its package's directory, where the spec's relative path points.
    Builder::new("spec/browser-use-v2.yaml")
        .env_prefix("BROWSER_USE")
        .regenerate_command("`cargo test` (or `cargo run -p openapi-rust-gen`)")
        .generate("browser_use_v2.rs")?;
    Ok(())
}
