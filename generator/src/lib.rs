//! An OpenAPI 3.0 / 3.1 to Rust client generator.
//!
//! [`generate`] turns a document's text into one formatted Rust file: request and response
//! types, an error type per operation and an async method per operation on a `Client` built on
//! the `openapi-rust-runtime` crate. Problems come back as [`Diagnostics`] that name the file,
//! line, column and JSON pointer. [`generate_with_warnings`] also gives the warnings (what was
//! sloppy in the document and what was done instead) and the files read for `$ref`s;
//! [`Config::deny_warnings`] makes warnings fail. In a build script, [`Builder`] does it all
//! in a few lines.
//!
//! Inside, the pipeline has four private stages: load (text to a normalized document value),
//! model (the value to a model in which every Rust name is decided), emit (the model to tokens)
//! and format (tokens to formatted source). The default feature `tools` adds the command-line
//! tool and the [`tools`] it and the generator's tests use.

#![warn(missing_docs)]

mod builder;
mod diagnostic;
mod docs;
mod emit;
mod format;
mod ir;
mod load;
mod locate;
mod model;
mod names;
mod pointer;
#[cfg(feature = "tools")]
pub mod tools;

pub use builder::{BuildScriptError, Builder};
pub use diagnostic::{Diagnostic, Diagnostics, Location, Position, Severity};
pub use load::MAX_DOCUMENT_BYTES;

/// The runtime crate generated code is compiled against, as a path.
pub const DEFAULT_RUNTIME_PATH: &str = "::openapi_rust_runtime";

/// How to generate: which spec it is and how to name it, how to regenerate the output, and the
/// choices the generated code depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The spec as it should be named in diagnostics and in the file header; also the path
    /// external `$ref`s are read relative to.
    pub spec_name: String,
    /// The command, printed in the header, that regenerates the file.
    pub regenerate: String,
    /// The path generated code reaches the runtime crate by: [`DEFAULT_RUNTIME_PATH`], or a
    /// re-export such as `crate::rt`.
    pub runtime_path: String,
    /// The prefix of the environment variables `Client::from_env` reads (`{PREFIX}_API_KEY`,
    /// `{PREFIX}_TOKEN`, `{PREFIX}_BASE_URL`); `None` derives it from the document's title
    /// ("Swagger Petstore" gives `SWAGGER_PETSTORE`).
    pub env_prefix: Option<String>,
    /// Strict mode: warnings fail generation as errors do.
    pub deny_warnings: bool,
    /// The operations to generate, by operationId as the document writes it; with
    /// [`Config::tags`] both empty, every operation. The client holds the chosen operations and
    /// the types they reach; every name is decided over the whole document first, so it does
    /// not depend on the selection.
    pub operations: Vec<String>,
    /// The operations to generate by tag, as the document writes it (added to
    /// [`Config::operations`]).
    pub tags: Vec<String>,
    /// Paging settings that add to or correct the detection of paged operations, each
    /// `OPERATION=off` or `OPERATION=STYLE[:PARAM][,KEY=FIELD]...` (README, "Pages and
    /// streams").
    pub paging: Vec<String>,
}

impl Config {
    /// A configuration for `spec_name`, regenerated with the generator's command-line tool.
    pub fn new(spec_name: &str) -> Self {
        Config {
            spec_name: spec_name.to_string(),
            regenerate: format!("openapi-rust-gen {spec_name}"),
            runtime_path: DEFAULT_RUNTIME_PATH.to_string(),
            env_prefix: None,
            deny_warnings: false,
            operations: Vec::new(),
            tags: Vec::new(),
            paging: Vec::new(),
        }
    }

    /// The emit stage's options for the model `api`, or a diagnostic when the configured
    /// runtime path or prefix cannot be used.
    pub(crate) fn emit_options(&self, api: &ir::Api) -> Result<emit::Options, Diagnostics> {
        let invalid =
            |message: String| Diagnostics::from(Diagnostic::in_file(&self.spec_name, message));
        let runtime_path = syn::parse_str::<syn::Path>(&self.runtime_path).map_err(|_| {
            invalid(format!(
                "the runtime path `{}` is not a Rust path (such as `::openapi_rust_runtime`)",
                self.runtime_path
            ))
        })?;
        let env_prefix = match &self.env_prefix {
            Some(prefix) => {
                let valid = !prefix.is_empty()
                    && prefix
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !valid {
                    return Err(invalid(format!(
                        "the environment variable prefix `{prefix}` must be letters, digits and `_`"
                    )));
                }
                prefix.clone()
            }
            None => names::env_prefix(&api.client.title),
        };
        Ok(emit::Options {
            runtime_path: quote::ToTokens::into_token_stream(runtime_path),
            env_prefix,
        })
    }

    /// The header at the top of every generated file. It holds no time or version, so the same
    /// spec always gives the same bytes.
    pub(crate) fn header(&self) -> String {
        format!(
            "// @generated by openapi-rust-gen from {}. Do not edit by hand.\n// Regenerate: {}\n",
            self.spec_name, self.regenerate
        )
    }
}

/// Generated code, with what a user should hear about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// The formatted Rust source.
    pub code: String,
    /// What was sloppy in the document and what was done instead.
    pub warnings: Vec<Diagnostic>,
    /// Every other file read for `$ref`s (a build script reruns when one changes).
    pub sources: Vec<std::path::PathBuf>,
}

/// Generates the Rust client for the document `text`; the warnings are dropped.
pub fn generate(config: &Config, text: &str) -> Result<String, Diagnostics> {
    generate_with_warnings(config, text).map(|generated| generated.code)
}

/// Generates the Rust client for the document `text`, with its warnings and the files it read.
/// With [`Config::deny_warnings`], warnings are an `Err`: the warnings and a last error saying
/// strict mode made them fail.
pub fn generate_with_warnings(config: &Config, text: &str) -> Result<Generated, Diagnostics> {
    let modelled = model_of(config, text)?;
    if config.deny_warnings && !modelled.warnings.is_empty() {
        return Err(denied(config, modelled.warnings, modelled.warning_count));
    }
    let code = code_of(config, &modelled.api)?;
    Ok(Generated {
        code,
        warnings: modelled.warnings,
        sources: modelled.sources,
    })
}

/// Runs the emit and format stages: the formatted Rust of the model `api`.
///
/// They take most of generation's time, and the file's items are independent, so a large file
/// is made in parts on as many threads as the machine has (at most [`MAX_THREADS`]), each part
/// emitted and formatted apart (tokens cannot cross threads) and the parts joined in order: the
/// bytes are those of the file made whole.
pub(crate) fn code_of(config: &Config, api: &ir::Api) -> Result<String, Diagnostics> {
    let count = emit::item_count(api);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let parts = threads
        .min(MAX_THREADS)
        .min(count / ITEMS_PER_THREAD)
        .max(1);
    let bounds: Vec<usize> = (0..=parts).map(|part| part * count / parts).collect();
    let part = |range: std::ops::Range<usize>| -> Result<String, Diagnostics> {
        let tokens = emit::items(api, &config.emit_options(api)?, range);
        format::unparsed(tokens).map_err(|error| {
            internal_error(
                config,
                &format!("the generated code does not parse ({error})"),
            )
        })
    };
    let texts: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = bounds
            .windows(2)
            .skip(1)
            .map(|pair| scope.spawn(|| part(pair[0]..pair[1])))
            .collect();
        let first = part(0..bounds[1]);
        let rest = handles.into_iter().map(|handle| {
            handle
                .join()
                .unwrap_or_else(|_| Err(internal_error(config, "a formatting thread panicked")))
        });
        std::iter::once(first).chain(rest).collect::<Result<_, _>>()
    })?;
    Ok(format::join(&config.header(), &texts))
}

/// Most threads the emit and format stages take.
const MAX_THREADS: usize = 4;

/// Fewest items worth a thread of their own (below, the thread costs more than it saves).
const ITEMS_PER_THREAD: usize = 200;

/// A failure of the generator itself, for the user to report.
fn internal_error(config: &Config, what: &str) -> Diagnostics {
    let message = format!("internal error: {what}; please report this");
    Diagnostics::from(Diagnostic::in_file(&config.spec_name, message))
}

/// The warnings of strict mode, and the error that says why they fail.
fn denied(config: &Config, mut warnings: Vec<Diagnostic>, count: usize) -> Diagnostics {
    let plural = if count == 1 { "" } else { "s" };
    let message = format!(
        "strict mode (`--deny-warnings`) turned the {count} warning{plural} above into errors"
    );
    let mut error = Diagnostic::in_file(&config.spec_name, message);
    error.help = Some("fix the document, or generate without strict mode".to_string());
    warnings.push(error);
    Diagnostics(warnings)
}

/// Most problems of one document given a position and source line; the rest are counted.
const MAX_LOCATED: usize = 50;

/// The model of a document, with its warnings and the files read for `$ref`s.
#[derive(Debug)]
pub(crate) struct Modelled {
    /// The model.
    pub api: ir::Api,
    /// The warnings, located (the first 50, then one that counts the rest).
    pub warnings: Vec<Diagnostic>,
    /// How many warnings there are in all.
    pub warning_count: usize,
    /// The other files read for `$ref`s.
    pub sources: Vec<std::path::PathBuf>,
}

/// Runs the load and model stages: the model of the document `text`, with its warnings.
pub(crate) fn model_of(config: &Config, text: &str) -> Result<Modelled, Diagnostics> {
    let loaded = load::load(&config.spec_name, text)
        .map_err(|errors| Diagnostics(located(config, text, errors.0, Severity::Error)))?;
    let sources = loaded.sources;
    let mut warnings = loaded.warnings;
    let built = match model::build_with_warnings(loaded.value, &config.paging) {
        Ok(built) => built,
        Err(refused) => {
            // The errors first, as they are what stops generation; then every warning, so that
            // fixing the errors brings no surprise.
            warnings.extend(refused.warnings);
            let mut diagnostics = located(config, text, refused.errors, Severity::Error);
            diagnostics.extend(located(config, text, warnings, Severity::Warning));
            return Err(Diagnostics(diagnostics));
        }
    };
    warnings.extend(built.warnings);
    let selection = model::Selection {
        operations: &config.operations,
        tags: &config.tags,
    };
    let api = model::select(built.api, &selection)
        .map_err(|errors| Diagnostics(located(config, text, errors, Severity::Error)))?;
    let warning_count = warnings.len();
    Ok(Modelled {
        api,
        warnings: located(config, text, warnings, Severity::Warning),
        warning_count,
        sources,
    })
}

/// The problems of one `severity`, named by the spec's name, with the line and column of
/// their pointers and their source lines. Finding a position scans the text, so only the
/// problems anyone will read get one: a document with thousands of problems is reported as the
/// first ones and a count.
fn located(
    config: &Config,
    text: &str,
    problems: Vec<Diagnostic>,
    severity: Severity,
) -> Vec<Diagnostic> {
    let total = problems.len();
    let mut diagnostics: Vec<Diagnostic> = problems
        .into_iter()
        .take(MAX_LOCATED)
        .map(|mut diagnostic| {
            let location = &mut diagnostic.location;
            location.file.clone_from(&config.spec_name);
            if let (None, Some(pointer)) = (location.position, &location.pointer) {
                let (line, column) = locate::locate(text, pointer);
                location.position = Some(Position { line, column });
            }
            diagnostic.with_source(text)
        })
        .collect();
    if total > MAX_LOCATED {
        let what = match severity {
            Severity::Error => "problems",
            Severity::Warning => "warnings",
        };
        let message = format!(
            "{} more {what} not listed (the first {MAX_LOCATED} are)",
            total - MAX_LOCATED
        );
        let mut more = Diagnostic::in_file(&config.spec_name, message);
        more.severity = severity;
        diagnostics.push(more);
    }
    diagnostics
}
