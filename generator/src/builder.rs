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

use crate::{Config, Diagnostic, Diagnostics};
use std::fmt;
use std::io::Write;
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

    /// Generates only these operations (operationIds as the document writes them), with the
    /// types they reach; adds to [`Builder::tags`]. An operationId the document does not have
    /// fails generation, naming the nearest ones it has.
    pub fn operations<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.config.operations = ids.into_iter().map(Into::into).collect();
        self
    }

    /// Generates only the operations with one of these tags (as the document writes them),
    /// with the types they reach; adds to [`Builder::operations`]. An unknown tag fails
    /// generation, naming the nearest ones the document has.
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.config.tags = tags.into_iter().map(Into::into).collect();
        self
    }

    /// Adds a paging setting, correcting or adding to the detection of paged operations:
    /// `OPERATION=off` (no `_stream` method), or `OPERATION=STYLE[:PARAM][,KEY=FIELD]...` with
    /// the styles `pages`, `offset`, `cursor` and `links` (README, "Pages and streams"), such as
    /// `"list_items=cursor:after,next=meta.next,items=data"`. An unknown operationId is an
    /// error naming the closest one.
    pub fn paging(mut self, setting: impl Into<String>) -> Self {
        self.config.paging.push(setting.into());
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
            let message = "OUT_DIR is not set: call Builder::generate from a build script";
            in_file(&self.spec, message.to_string())
        })?;
        let out = Path::new(&out_dir).join(file_name);
        self.generate_to(&out)?;
        Ok(out)
    }

    /// Generates the client into the file `out`, writing only when its bytes change; prints the
    /// build-script lines as [`Builder::generate`] does.
    pub fn generate_to(self, out: &Path) -> Result<(), BuildScriptError> {
        let mut stdout = std::io::stdout().lock();
        self.generate_reporting(out, &mut stdout)
    }

    /// [`Builder::generate_to`], writing the lines for cargo to `lines`.
    fn generate_reporting(self, out: &Path, lines: &mut dyn Write) -> Result<(), BuildScriptError> {
        let mut say = |line: String| {
            writeln!(lines, "{line}")
                .map_err(|error| in_file(&self.spec, format!("cannot print for cargo: {error}")))
        };
        say(format!("cargo:rerun-if-changed={}", self.spec.display()))?;
        let text = std::fs::read_to_string(&self.spec)
            .map_err(|error| in_file(&self.spec, format!("cannot read: {error}")))?;
        let generated =
            crate::generate_with_warnings(&self.config, &text).map_err(BuildScriptError::from)?;
        for source in &generated.sources {
            say(format!("cargo:rerun-if-changed={}", source.display()))?;
        }
        for warning in &generated.warnings {
            match &warning.help {
                Some(help) => say(format!("cargo:warning={warning} (help: {help})"))?,
                None => say(format!("cargo:warning={warning}"))?,
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
    std::fs::write(out, code).map_err(|error| in_file(out, format!("cannot write: {error}")))
}

/// A build-script error about `path` as a whole.
fn in_file(path: &Path, message: String) -> BuildScriptError {
    BuildScriptError(Diagnostics::from(Diagnostic::in_file(
        &path.display().to_string(),
        message,
    )))
}

/// Why a build script could not generate its client: the spec's diagnostics (file, line,
/// column, JSON pointer, source line and help), or a diagnostic about the file that could not
/// be read or written.
///
/// `Display` and `Debug` print the diagnostics rendered as rustc renders its errors, so
/// `fn main() -> Result<(), BuildScriptError>` shows them as they are, not as an escaped string.
pub struct BuildScriptError(Diagnostics);

impl BuildScriptError {
    /// The diagnostics, to inspect one by one.
    pub fn diagnostics(&self) -> &Diagnostics {
        &self.0
    }
}

impl From<Diagnostics> for BuildScriptError {
    fn from(diagnostics: Diagnostics) -> Self {
        BuildScriptError(diagnostics)
    }
}

impl From<BuildScriptError> for Diagnostics {
    fn from(error: BuildScriptError) -> Self {
        error.0
    }
}

impl fmt::Display for BuildScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(render(&self.0).trim_end())
    }
}

/// The diagnostics rendered as rustc renders its errors. Those about a document's text end with
/// the count of problems in the document; a file that could not be read or written, or a tool
/// that failed, is a diagnostic too but no problem in any document, so it gets no count.
pub fn render(diagnostics: &Diagnostics) -> String {
    let about_files = diagnostics.0.iter().all(|diagnostic| {
        let location = &diagnostic.location;
        location.position.is_none() && location.pointer.is_none() && !diagnostic.is_warning()
    });
    if about_files {
        let rendered: Vec<String> = diagnostics.0.iter().map(Diagnostic::render).collect();
        return rendered.join("\n");
    }
    diagnostics.render()
}

impl fmt::Debug for BuildScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for BuildScriptError {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory for one test.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("builder-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    const MAIN: &str = "openapi: 3.0.3
info: {title: Parts, version: '1'}
paths:
  /parts/{id}:
    get:
      operationId: getPart
      parameters:
        - {name: part, in: path, required: true, schema: {type: string}}
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: the part
          content:
            application/json:
              schema: {$ref: 'schemas/part.yaml'}
";

    const PART: &str = "type: object\nproperties:\n  name: {type: string}\n";

    /// The lines the builder printed for cargo, and its outcome.
    fn run(builder: Builder, out: &Path) -> (Vec<String>, Result<(), BuildScriptError>) {
        let mut printed = Vec::new();
        let outcome = builder.generate_reporting(out, &mut printed);
        let printed = String::from_utf8(printed).unwrap();
        (printed.lines().map(str::to_string).collect(), outcome)
    }

    #[test]
    fn reruns_on_every_file_read_and_prints_warnings_for_cargo() {
        let dir = scratch("lines");
        std::fs::create_dir_all(dir.join("schemas")).unwrap();
        std::fs::write(dir.join("openapi.yaml"), MAIN).unwrap();
        std::fs::write(dir.join("schemas/part.yaml"), PART).unwrap();
        let out = dir.join("parts.rs");
        let (lines, outcome) = run(Builder::new(dir.join("openapi.yaml")), &out);
        outcome.unwrap();
        let spec = dir.join("openapi.yaml");
        assert_eq!(
            lines[0],
            format!("cargo:rerun-if-changed={}", spec.display())
        );
        let part = lines
            .iter()
            .find(|l| l.starts_with("cargo:rerun-if-changed=") && l.ends_with("part.yaml"));
        assert!(part.is_some(), "{lines:#?}");
        let warnings: Vec<&String> = lines
            .iter()
            .filter(|l| l.starts_with("cargo:warning="))
            .collect();
        assert_eq!(warnings.len(), 1, "{lines:#?}");
        assert!(warnings[0].contains("openapi.yaml:"), "{}", warnings[0]);
        assert!(warnings[0].contains("warning: #/paths/"), "{}", warnings[0]);
        assert!(warnings[0].contains("`part`"), "{}", warnings[0]);
        assert!(warnings[0].contains("(help: "), "{}", warnings[0]);
        let code = std::fs::read_to_string(&out).unwrap();
        assert!(code.contains("pub async fn get_part("), "{code}");
        assert!(code.contains("pub name:"), "{code}");
    }

    #[test]
    fn writes_only_when_the_bytes_change() {
        let dir = scratch("unchanged");
        std::fs::create_dir_all(dir.join("schemas")).unwrap();
        std::fs::write(dir.join("openapi.yaml"), MAIN).unwrap();
        std::fs::write(dir.join("schemas/part.yaml"), PART).unwrap();
        let out = dir.join("parts.rs");
        run(Builder::new(dir.join("openapi.yaml")), &out).1.unwrap();
        let written = std::fs::metadata(&out).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        run(Builder::new(dir.join("openapi.yaml")), &out).1.unwrap();
        assert_eq!(
            std::fs::metadata(&out).unwrap().modified().unwrap(),
            written
        );
    }

    #[test]
    fn strict_mode_and_broken_specs_fail_with_the_rendered_diagnostics() {
        let dir = scratch("strict");
        std::fs::create_dir_all(dir.join("schemas")).unwrap();
        std::fs::write(dir.join("openapi.yaml"), MAIN).unwrap();
        std::fs::write(dir.join("schemas/part.yaml"), PART).unwrap();
        let out = dir.join("parts.rs");
        let strict = Builder::new(dir.join("openapi.yaml")).deny_warnings(true);
        let error = run(strict, &out).1.unwrap_err().to_string();
        assert!(error.contains("warning: path parameter `part`"), "{error}");
        assert!(error.contains("strict mode"), "{error}");
        assert!(!out.exists(), "strict mode wrote the file");
        std::fs::remove_file(dir.join("schemas/part.yaml")).unwrap();
        let error = run(Builder::new(dir.join("openapi.yaml")), &out)
            .1
            .unwrap_err();
        let text = format!("{error:?}");
        assert!(text.contains("openapi.yaml:"), "{text}");
        assert!(text.contains("part.yaml"), "{text}");
        assert!(!out.exists());
        let missing = run(Builder::new(dir.join("nothing.yaml")), &out)
            .1
            .unwrap_err();
        assert!(
            missing
                .to_string()
                .contains("nothing.yaml: error: cannot read"),
            "{missing}"
        );
    }
}
