//! The `new` command: writes a complete client crate for a spec, the way a user would lay one
//! out by hand (Cargo.toml, build.rs with the [`crate::Builder`], src/lib.rs, the spec, a
//! README whose example is compiled as the crate's doctest).
//!
//! Nothing is written unless the spec generates, and an existing non-empty directory is never
//! touched.

use crate::ir::{Api, CredentialKind};
use crate::{code_of, model_of, names, Config, Diagnostic};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

/// The file name the crate's build script generates into `OUT_DIR`.
const GENERATED: &str = "client.rs";

/// What `new` was asked for.
#[derive(Debug, Clone)]
pub struct Request {
    /// The directory to create the crate in (missing or empty).
    pub dir: PathBuf,
    /// The spec to copy in and generate from.
    pub spec: PathBuf,
    /// The package name; default: the directory's name.
    pub name: Option<String>,
}

/// What `new` wrote: the package name and every file, relative to the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The package name.
    pub name: String,
    /// The files written, relative to the crate's directory.
    pub files: Vec<PathBuf>,
    /// What was sloppy in the spec and what was done instead (the crate's build prints them too).
    pub warnings: Vec<Diagnostic>,
}

/// Writes the crate, or says why not (an error message, or the spec's rendered diagnostics).
pub fn new_crate(request: &Request) -> Result<Written, String> {
    refuse_non_empty(&request.dir)?;
    let spec_file = request
        .spec
        .file_name()
        .ok_or_else(|| format!("{}: not a file", request.spec.display()))?
        .to_string_lossy()
        .into_owned();
    let text = std::fs::read_to_string(&request.spec)
        .map_err(|e| format!("{}: cannot read: {e}", request.spec.display()))?;
    let name = package_name(request)?;
    // Generated once here so that a spec that does not generate leaves nothing behind.
    let config = Config::new(&request.spec.display().to_string());
    let modelled = model_of(&config, &text).map_err(|d| d.render())?;
    let api = modelled.api;
    code_of(&config, &api).map_err(|d| d.render())?;
    let referenced = referenced_files(&request.spec, &modelled.sources)?;
    let prefix = names::env_prefix(&api.client.title);
    let files = [
        ("Cargo.toml", cargo_toml(&name, &api)),
        ("build.rs", build_rs(&spec_file, &prefix)),
        ("src/lib.rs", lib_rs(&spec_file, &api)),
        ("README.md", readme(&name, &spec_file, &prefix, &api)),
        (".gitignore", "/target\n".to_string()),
    ];
    let mut written = Vec::new();
    for (path, contents) in files {
        write(&request.dir, path, contents.as_bytes())?;
        written.push(PathBuf::from(path));
    }
    write(&request.dir, &spec_file, text.as_bytes())?;
    written.push(PathBuf::from(spec_file));
    for (source, relative) in referenced {
        let bytes = std::fs::read(&source)
            .map_err(|e| format!("{}: cannot read: {e}", source.display()))?;
        write(&request.dir, &relative.to_string_lossy(), &bytes)?;
        written.push(relative);
    }
    Ok(Written {
        name,
        files: written,
        warnings: modelled.warnings,
    })
}

/// The files the spec's `$ref`s read, each with its path relative to the spec's folder, to be
/// copied beside the spec so that the references still resolve; a file outside that folder is
/// refused (copying it would need a path outside the crate).
fn referenced_files(spec: &Path, sources: &[PathBuf]) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    // The load stage may name files by their canonical paths; compare like with like.
    let canonical = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let spec = canonical(spec);
    let base = spec.parent().unwrap_or(Path::new(""));
    let mut files = Vec::new();
    for source in sources {
        let source = &canonical(source);
        let inside = |relative: &Path| {
            relative
                .components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        };
        match source.strip_prefix(base) {
            Ok(relative) if inside(relative) => {
                files.push((source.clone(), relative.to_path_buf()))
            }
            _ => {
                return Err(format!(
                    "{}: the spec refers to this file outside its own folder, and `new` copies \
                     only what is inside it (move the file beside the spec, or write the crate \
                     by hand)",
                    source.display()
                ))
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn refuse_non_empty(dir: &Path) -> Result<(), String> {
    match std::fs::read_dir(dir).map(|mut entries| entries.next().is_some()) {
        Ok(true) => Err(format!(
            "{}: the directory is not empty; `new` writes a new crate and changes nothing in an \
             existing one (choose a new or empty directory)",
            dir.display()
        )),
        Ok(false) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(format!("{}: {error}", dir.display())),
    }
}

/// The package name asked for, or the directory's; checked to be one cargo accepts.
fn package_name(request: &Request) -> Result<String, String> {
    let name = match &request.name {
        Some(name) => name.clone(),
        None => request
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(format!(
            "`{name}` is not a usable package name: use letters, digits, `-` and `_`, starting \
             with a letter (give one with --name)"
        ));
    }
    Ok(name)
}

fn write(dir: &Path, path: &str, contents: &[u8]) -> Result<(), String> {
    let path = dir.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&path, contents).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// Where this generator's own checkout is, for the commented path alternative, when it is
/// still there.
fn checkout() -> Option<PathBuf> {
    let generator = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = generator.parent()?;
    root.join("runtime/Cargo.toml")
        .is_file()
        .then(|| root.to_path_buf())
}

fn cargo_toml(name: &str, api: &Api) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let (runtime, generator) = match checkout() {
        Some(root) => (
            root.join("runtime").display().to_string(),
            root.join("generator").display().to_string(),
        ),
        None => (
            "../openapi-rust-gen/runtime".to_string(),
            "../openapi-rust-gen/generator".to_string(),
        ),
    };
    let title = crate::docs::one_line(&api.client.title).replace('"', "'");
    let mut out = String::new();
    let _ = writeln!(
        out,
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\""
    );
    let _ = writeln!(
        out,
        "description = \"Typed async client for {title}, generated from its OpenAPI document\""
    );
    let _ = write!(
        out,
        "\n[dependencies]\n\
         openapi-rust-runtime = \"{version}\"\n\
         # To build against a checkout of the generator instead, use the path:\n\
         # openapi-rust-runtime = {{ path = \"{runtime}\" }}\n\
         \n[build-dependencies]\n\
         openapi-rust-gen = {{ version = \"{version}\", default-features = false }}\n\
         # openapi-rust-gen = {{ path = \"{generator}\", default-features = false }}\n"
    );
    out
}

fn build_rs(spec_file: &str, prefix: &str) -> String {
    format!(
        "//! Generates the client from `{spec_file}` at build time, into cargo's `OUT_DIR`: edit \
         the spec and\n//! `cargo build` regenerates it. A broken spec fails the build with \
         the file, line and JSON pointer.\n\n\
         fn main() -> Result<(), openapi_rust_gen::BuildScriptError> {{\n    \
         openapi_rust_gen::Builder::new({spec_file:?})\n        \
         .env_prefix({prefix:?})\n        \
         .generate({GENERATED:?})?;\n    \
         Ok(())\n}}\n"
    )
}

fn lib_rs(spec_file: &str, api: &Api) -> String {
    let title = crate::docs::one_line(&api.client.title);
    format!(
        "//! Typed async client for {title}, generated at build time from `{spec_file}` by \
         openapi-rust-gen.\n//!\n//! The README (below, and compiled as a doctest) shows how \
         to call it.\n#![doc = include_str!(\"../README.md\")]\n\n\
         include!(concat!(env!(\"OUT_DIR\"), \"/{GENERATED}\"));\n"
    )
}

fn readme(name: &str, spec_file: &str, prefix: &str, api: &Api) -> String {
    let module = name.replace('-', "_");
    let info = &api.client;
    let mut setters = String::new();
    for kind in &info.credential_kinds {
        setters.push_str(match kind {
            CredentialKind::ApiKey => "\n        .api_key(\"your key\")",
            CredentialKind::BearerToken => "\n        .bearer_token(\"your token\")",
            CredentialKind::BasicAuth => "\n        .basic_auth(\"user\", \"password\")",
        });
    }
    if info.default_base_url.is_none() {
        setters.push_str("\n        .base_url(\"https://api.example.com\")");
    }
    let mut variables = Vec::new();
    if info.credential_kinds.contains(&CredentialKind::ApiKey) {
        variables.push(format!("`{prefix}_API_KEY`"));
    }
    if info.credential_kinds.contains(&CredentialKind::BearerToken) {
        variables.push(format!("`{prefix}_TOKEN`"));
    }
    variables.push(format!("`{prefix}_BASE_URL`"));
    let mut uses = "Client";
    let call = api
        .operations
        .iter()
        .find(|op| op.path_params.is_empty() && op.params.is_none() && op.body.is_none())
        .map(|op| {
            uses = "{Client, Error}";
            format!(
                "    match client.{name}().await {{\n        \
                 Ok(value) => println!(\"{{value:?}}\"),\n        \
                 Err(Error::Api(error)) => eprintln!(\"documented error: {{error}}\"),\n        \
                 Err(error) => eprintln!(\"{{error}}\"),\n    }}\n",
                name = op.name
            )
        })
        .unwrap_or_else(|| {
            "    // Each operation is an async method on `client`; each fails with\n    \
             // `Error<TheOperationsError>`, whose `Api` variant holds the documented errors.\n    \
             let _ = client;\n"
                .to_string()
        });
    let title = crate::docs::one_line(&info.title);
    format!(
        "# {name}\n\n\
         Typed async Rust client for {title}, generated at build time from `{spec_file}` by \
         openapi-rust-gen.\n\n\
         `cargo build` runs `build.rs`, which generates the client into cargo's `OUT_DIR`; \
         `src/lib.rs` includes it.\nTo change the client, edit `{spec_file}` and build again.\n\n\
         ## Calling it\n\n\
         ```rust,no_run\n\
         use {module}::{uses};\n\n\
         async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n    \
         let client = Client::builder(){setters}\n        .build()?;\n    \
         // Or from the environment: {vars}.\n    \
         // let client = Client::from_env()?;\n\
         {call}    \
         Ok(())\n}}\n\
         ```\n\n\
         Requests are checked against the spec's constraints before they are sent; failed \
         calls are an\n`Error` with the documented error body, the status and raw body of an \
         undocumented response,\nor the transport failure. Retries (connect failures, 429, 503) \
         are on by default.\n",
        vars = variables.join(", ")
    )
}
