//! The build-script form: a few lines in any crate's `build.rs` generate its client into
//! `OUT_DIR`.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), openapi_rust_gen::BuildScriptError> {
//!     openapi_rust_gen::Builder::new("openapi.yaml")
//!         .env_prefix("PETSTORE")
//!         .generate("petstore.rs")?;
//!     Ok(())
//! }
//! ```
//!
//! and in `src/lib.rs`: `include!(concat!(env!("OUT_DIR"), "/petstore.rs"));`, with
//! `openapi-rust-runtime` as a dependency.

use crate::{Config, Diagnostics};
use std::fmt;
use std::path::{Path, PathBuf};

/// Generates a client from a spec in a build script: prints `cargo:rerun-if-changed` for every
/// file it reads (the spec and the files its external `$ref`s name), writes into `OUT_DIR` only
/// when the bytes change (so an unchanged spec costs no recompilation), prints each warning as
/// `cargo:warning=`, and fails with the rendered diagnostics.
#[derive(Debug, Clone)]
pub struct Builder {
    spec: PathBuf,
    config: Config,
}

impl Builder {
    /// A builder for the spec at `spec` (YAML or JSON), relative to the package's directory
    /// (where cargo runs build scripts) or absolute.
    pub fn new(spec: impl AsRef<Path>) -> Self {
        let spec = spec.as_ref().to_path_buf();
        let name = spec.display().to_string();
        let mut config = Config::new(&name);
        config.regenerate = "`cargo build` (the build script regenerates it)".to_string();
        Builder { spec, config }
    }

    /// The prefix of the environment variables the generated `Client::from_env` reads
    /// (`{PREFIX}_API_KEY`, `{PREFIX}_TOKEN`, `{PREFIX}_BASE_URL`); default: from the document's
    /// title, such as `SWAGGER_PETSTORE` for "Swagger Petstore".
    pub fn env_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.config.env_prefix = Some(prefix.into());
        self
    }

    /// The path generated code reaches the runtime crate by; default `::openapi_rust_runtime`.
    /// A crate that re-exports the runtime (`pub use openapi_rust_runtime as rt;`) can name
    /// the re-export (`crate::rt`).
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.config.runtime_path = path.into();
        self
    }

    /// Strict mode: warnings (what was sloppy in the spec, and what was done instead) fail the
    /// build as errors do. Off by default: warnings are printed and generation goes on.
    pub fn deny_warnings(mut self, deny: bool) -> Self {
        self.config.deny_warnings = deny;
        self
    }

    /// The command the generated file's header names for regenerating it.
    pub fn regenerate_command(mut self, command: impl Into<String>) -> Self {
        self.config.regenerate = command.into();
        self
    }

    /// The configuration generation uses, as set so far.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Generates the client into `$OUT_DIR/{file_name}` and returns that path. Call it from a
    /// build script: it needs the `OUT_DIR` cargo sets.
    pub fn generate(self, file_name: impl AsRef<Path>) -> Result<PathBuf, BuildScriptError> {
        let out_dir = std::env::var_os("OUT_DIR").ok_or_else(|| {
            BuildScriptError(
                "OUT_DIR is not set: call Builder::generate from a build script".into(),
            )
        })?;
        let out = Path::new(&out_dir).join(file_name);
        self.generate_to(&out)?;
        Ok(out)
    }

    /// Generates the client into the file `out`, writing only when its bytes change; prints the
    /// build-script lines as [`Builder::generate`] does.
    pub fn generate_to(self, out: &Path) -> Result<(), BuildScriptError> {
        println!("cargo:rerun-if-changed={}", self.spec.display());
        let text = std::fs::read_to_string(&self.spec).map_err(|error| {
            BuildScriptError(format!("{}: cannot read: {error}", self.spec.display()))
        })?;
        let generated =
            crate::generate_with_warnings(&self.config, &text).map_err(BuildScriptError::from)?;
        for source in &generated.sources {
            println!("cargo:rerun-if-changed={}", source.display());
        }
        for warning in &generated.warnings {
            match &warning.help {
                Some(help) => println!("cargo:warning={warning} (help: {help})"),
                None => println!("cargo:warning={warning}"),
            }
        }
        write_if_changed(out, &generated.code)
    }
}

/// Writes `code` to `out` unless the file already holds exactly it.
fn write_if_changed(out: &Path, code: &str) -> Result<(), BuildScriptError> {
    if std::fs::read(out).is_ok_and(|current| current == code.as_bytes()) {
        return Ok(());
    }
    std::fs::write(out, code)
        .map_err(|error| BuildScriptError(format!("{}: cannot write: {error}", out.display())))
}

/// Why a build script could not generate its client: the rendered diagnostics (file, line,
/// column, JSON pointer, source line and help) or the file that could not be read or written.
///
/// `Debug` prints the same text as `Display`, so `fn main() -> Result<(), BuildScriptError>`
/// shows the diagnostics as they are, not as an escaped string.
pub struct BuildScriptError(String);

impl From<Diagnostics> for BuildScriptError {
    fn from(diagnostics: Diagnostics) -> Self {
        BuildScriptError(diagnostics.render())
    }
}

impl From<String> for BuildScriptError {
    fn from(message: String) -> Self {
        BuildScriptError(message)
    }
}

impl fmt::Display for BuildScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.trim_end())
    }
}

impl fmt::Debug for BuildScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for BuildScriptError {}
