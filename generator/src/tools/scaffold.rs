//! The `new` command: writes a complete client crate for a spec, the way a user would lay one
//! out by hand (Cargo.toml, build.rs with the [`crate::Builder`], src/lib.rs, the spec, a
//! README whose example is compiled as the crate's doctest).
//!
//! Nothing is written unless the spec generates, and an existing non-empty directory is never
//! touched.
//!
//! The runtime and generator crates are not on a registry yet, so by default the crate depends
//! on them by the path of the checkout this tool was built from (it builds at once, where it is
//! written); [`NewCrate::published`] writes the registry versions instead. Each form is written
//! as a comment beside the other.

use super::failure;
use crate::ir::{Api, CredentialKind};
use crate::{code_of, model_of, names, Config, Diagnostic, Diagnostics};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

/// The file name the crate's build script generates into `OUT_DIR`.
const GENERATED: &str = "client.rs";

/// What `new` was asked for.
#[derive(Debug, Clone)]
pub struct NewCrate {
    /// The directory to create the crate in (missing or empty).
    pub dir: PathBuf,
    /// The spec to copy in and generate from.
    pub spec: PathBuf,
    /// The package name; default: the directory's name.
    pub name: Option<String>,
    /// Depend on the runtime and generator by their registry version (`--published`) instead of
    /// by the path of this tool's checkout.
    pub published: bool,
    /// The operations to generate (operationIds), written into build.rs as
    /// [`crate::Builder::operations`]; with `tags` empty too, every operation.
    pub operations: Vec<String>,
    /// The tags to generate, written into build.rs as [`crate::Builder::tags`].
    pub tags: Vec<String>,
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

/// Writes the crate, or says why not (the spec's diagnostics, or what is wrong with the
/// directory, the name or the files).
pub fn new_crate(request: &NewCrate) -> Result<Written, Diagnostics> {
    refuse_non_empty(&request.dir)?;
    let spec_file = request
        .spec
        .file_name()
        .ok_or_else(|| failure(&request.spec, "not a file".to_string()))?
        .to_string_lossy()
        .into_owned();
    let text = std::fs::read_to_string(&request.spec)
        .map_err(|e| failure(&request.spec, format!("cannot read: {e}")))?;
    let name = package_name(request)?;
    let dependencies = dependencies(request.published)?;
    // Generated once here so that a spec that does not generate leaves nothing behind.
    let mut config = Config::new(&request.spec.display().to_string());
    config.operations.clone_from(&request.operations);
    config.tags.clone_from(&request.tags);
    let modelled = model_of(&config, &text)?;
    let api = modelled.api;
    code_of(&config, &api)?;
    let referenced = referenced_files(&request.spec, &modelled.sources)?;
    let prefix = names::env_prefix(&api.client.title);
    let files = [
        ("Cargo.toml", cargo_toml(&name, &api, &dependencies)),
        ("build.rs", build_rs(&spec_file, &prefix, &config)),
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
        let bytes =
            std::fs::read(&source).map_err(|e| failure(&source, format!("cannot read: {e}")))?;
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
fn referenced_files(
    spec: &Path,
    sources: &[PathBuf],
) -> Result<Vec<(PathBuf, PathBuf)>, Diagnostics> {
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
                return Err(failure(
                    source,
                    "the spec refers to this file outside its own folder, and `new` copies only \
                     what is inside it (move the file beside the spec, or write the crate by hand)"
                        .to_string(),
                ))
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn refuse_non_empty(dir: &Path) -> Result<(), Diagnostics> {
    match std::fs::read_dir(dir).map(|mut entries| entries.next().is_some()) {
        Ok(true) => Err(failure(
            dir,
            "the directory is not empty; `new` writes a new crate and changes nothing in an \
             existing one (choose a new or empty directory)"
                .to_string(),
        )),
        Ok(false) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(failure(dir, error.to_string())),
    }
}

/// The package name asked for, or the directory's; checked to be one cargo accepts.
fn package_name(request: &NewCrate) -> Result<String, Diagnostics> {
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
        return Err(failure(
            &request.dir,
            format!(
                "`{name}` is not a usable package name: use letters, digits, `-` and `_`, \
                 starting with a letter (give one with --name)"
            ),
        ));
    }
    Ok(name)
}

fn write(dir: &Path, path: &str, contents: &[u8]) -> Result<(), Diagnostics> {
    let path = dir.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| failure(parent, e.to_string()))?;
    }
    std::fs::write(&path, contents).map_err(|e| failure(&path, format!("cannot write: {e}")))
}

/// The checkout this tool was built from (the directory holding `runtime/` and `generator/`),
/// when it is still there.
fn checkout() -> Option<PathBuf> {
    let generator = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = generator.parent()?;
    let present =
        root.join("runtime/Cargo.toml").is_file() && generator.join("Cargo.toml").is_file();
    present.then(|| root.to_path_buf())
}

/// The `[dependencies]` and `[build-dependencies]` lines for the runtime and the generator: by
/// path to this checkout, the registry form commented beside it; or (`published`) by version,
/// the path form commented when there is a checkout.
fn dependencies(published: bool) -> Result<String, Diagnostics> {
    let version = env!("CARGO_PKG_VERSION");
    let by_version = [
        format!("openapi-rust-runtime = \"{version}\""),
        format!("openapi-rust-gen = {{ version = \"{version}\", default-features = false }}"),
    ];
    let Some(root) = checkout() else {
        if published {
            let [runtime, generator] = by_version;
            return Ok(format!("{runtime}\n\n[build-dependencies]\n{generator}\n"));
        }
        return Err(failure(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            "the checkout this tool was built from is gone, so the new crate cannot depend on it \
             by path; build the tool again from a checkout, or pass --published to depend on the \
             registry versions"
                .to_string(),
        ));
    };
    let path = |dir: &str| root.join(dir).display().to_string();
    let by_path = [
        format!("openapi-rust-runtime = {{ path = {:?} }}", path("runtime")),
        format!(
            "openapi-rust-gen = {{ path = {:?}, default-features = false }}",
            path("generator")
        ),
    ];
    let (used, commented, note) = if published {
        (
            by_version,
            by_path,
            "To build against the checkout of the generator instead:",
        )
    } else {
        (
            by_path,
            by_version,
            "Built against a checkout of the generator; once the crates are on crates.io:",
        )
    };
    let [runtime, generator] = used;
    let [runtime_alternative, generator_alternative] = commented;
    Ok(format!(
        "# {note}\n# {runtime_alternative}\n{runtime}\n\n[build-dependencies]\n\
         # {generator_alternative}\n{generator}\n"
    ))
}

fn cargo_toml(name: &str, api: &Api, dependencies: &str) -> String {
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
    let _ = write!(out, "\n[dependencies]\n{dependencies}");
    out
}

fn build_rs(spec_file: &str, prefix: &str, config: &Config) -> String {
    // The selection, one Builder call per list given, so the build generates what `new` did.
    let mut selection = String::new();
    for (method, list) in [("operations", &config.operations), ("tags", &config.tags)] {
        if !list.is_empty() {
            let _ = write!(selection, "\n        .{method}({list:?})");
        }
    }
    format!(
        "//! Generates the client from `{spec_file}` at build time, into cargo's `OUT_DIR`: edit \
         the spec and\n//! `cargo build` regenerates it. A broken spec fails the build with \
         the file, line and JSON pointer.\n\n\
         fn main() -> Result<(), openapi_rust_gen::BuildScriptError> {{\n    \
         openapi_rust_gen::Builder::new({spec_file:?})\n        \
         .env_prefix({prefix:?}){selection}\n        \
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_script_generates_the_selection_new_was_given() {
        let mut config = Config::new("shop.yaml");
        let plain = build_rs("shop.yaml", "SHOP", &config);
        assert!(
            !plain.contains(".operations(") && !plain.contains(".tags("),
            "{plain}"
        );
        config.operations = vec!["getPet".to_string(), "listStores".to_string()];
        config.tags = vec!["store".to_string()];
        let selected = build_rs("shop.yaml", "SHOP", &config);
        assert!(
            selected.contains(
                ".env_prefix(\"SHOP\")\n        .operations([\"getPet\", \"listStores\"])\n        \
                 .tags([\"store\"])\n        .generate("
            ),
            "{selected}"
        );
    }
}
