//! Generation jobs a workspace declares for the command-line tool: each package may list, in
//! its Cargo.toml, the specs it generates and the files it commits the output to.
//!
//! ```toml
//! [[package.metadata.openapi-rust-gen.jobs]]
//! spec = "spec/petstore.yaml"
//! output = "src/petstore.rs"
//! env-prefix = "PETSTORE"          # optional, as Builder::env_prefix
//! runtime-path = "crate::rt"       # optional, as Builder::runtime_path
//! regenerate = "`cargo xtask gen`" # optional, as Builder::regenerate_command
//! deny-warnings = true             # optional, as Builder::deny_warnings
//! operations = ["getPet"]          # optional, as Builder::operations
//! tags = ["store"]                 # optional, as Builder::tags
//! paging = ["list_items=off"]      # optional, as Builder::paging (one call each)
//! ```
//!
//! The tables are read through `cargo metadata`, so the tool needs no TOML parser and sees the
//! packages cargo sees; paths are relative to the package's directory.

use super::failure;
use crate::{Config, Diagnostics, Generated};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One generation a package declares: a spec, the file its output is committed to, and the
/// settings that shape the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The package that declares it.
    pub package: String,
    /// The package's directory; `spec` and `output` are relative to it.
    pub dir: PathBuf,
    /// The spec, as the table names it (so also in diagnostics and the generated header).
    pub spec: PathBuf,
    /// The file the generated code is committed to, as the table names it.
    pub output: PathBuf,
    /// How to generate: the table's settings on [`Config::new`] of `spec`.
    pub config: Config,
}

impl Job {
    /// Generates the job's output. The spec is read from the package's directory; files its
    /// `$ref`s name are read relative to the current directory, so run this from the package's
    /// directory (the command-line tool does).
    pub fn generate(&self) -> Result<Generated, Diagnostics> {
        let path = self.dir.join(&self.spec);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| failure(&path, format!("cannot read: {e}")))?;
        crate::generate_with_warnings(&self.config, &text)
    }
}

/// The jobs of every package in the workspace that `dir` is in, in the order cargo lists the
/// packages and each package lists its jobs; empty when none declares any.
pub fn jobs(dir: &Path) -> Result<Vec<Job>, Diagnostics> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(dir)
        .output()
        .map_err(|e| failure(dir, format!("cannot run `cargo metadata`: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let message = format!("`cargo metadata` failed: {}", stderr.trim_end());
        return Err(failure(dir, message));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| failure(dir, format!("`cargo metadata` printed no JSON: {e}")))?;
    from_metadata(&metadata)
}

/// The jobs in `cargo metadata`'s output.
fn from_metadata(metadata: &Value) -> Result<Vec<Job>, Diagnostics> {
    let mut jobs = Vec::new();
    let packages = metadata["packages"].as_array().map(Vec::as_slice);
    for package in packages.unwrap_or_default() {
        let manifest = Path::new(package["manifest_path"].as_str().unwrap_or_default());
        let Some(tables) = package["metadata"]["openapi-rust-gen"].get("jobs") else {
            continue;
        };
        let Some(tables) = tables.as_array() else {
            return Err(failure(
                manifest,
                "`package.metadata.openapi-rust-gen.jobs` must be an array of tables \
                 (`[[package.metadata.openapi-rust-gen.jobs]]`)"
                    .to_string(),
            ));
        };
        for (index, table) in tables.iter().enumerate() {
            let job = job(package, manifest, table).map_err(|message| {
                let at = format!("package.metadata.openapi-rust-gen.jobs[{index}]");
                failure(manifest, format!("{at}: {message}"))
            })?;
            jobs.push(job);
        }
    }
    Ok(jobs)
}

/// One job's table; the error says what is wrong with it.
fn job(package: &Value, manifest: &Path, table: &Value) -> Result<Job, String> {
    let Some(table) = table.as_object() else {
        return Err("a job must be a table".to_string());
    };
    let text = |key: &str| match table.get(key) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(format!("`{key}` must be a string")),
    };
    let spec = text("spec")?.ok_or("`spec` is missing")?;
    let output = text("output")?.ok_or("`output` is missing")?;
    let mut config = Config::new(&spec);
    config.env_prefix = text("env-prefix")?;
    if let Some(path) = text("runtime-path")? {
        config.runtime_path = path;
    }
    if let Some(command) = text("regenerate")? {
        config.regenerate = command;
    }
    config.deny_warnings = match table.get("deny-warnings") {
        None => false,
        Some(Value::Bool(deny)) => *deny,
        Some(_) => return Err("`deny-warnings` must be true or false".to_string()),
    };
    config.operations = texts(table, "operations")?;
    config.tags = texts(table, "tags")?;
    config.paging = texts(table, "paging")?;
    // A misspelt setting would silently change the output: refuse what is not known.
    let known = [
        "spec",
        "output",
        "env-prefix",
        "runtime-path",
        "regenerate",
        "deny-warnings",
        "operations",
        "tags",
        "paging",
    ];
    if let Some(unknown) = table.keys().find(|key| !known.contains(&key.as_str())) {
        return Err(format!(
            "unknown setting `{unknown}` (known: {})",
            known.join(", ")
        ));
    }
    Ok(Job {
        package: package["name"].as_str().unwrap_or_default().to_string(),
        dir: manifest.parent().unwrap_or(Path::new("")).to_path_buf(),
        spec: PathBuf::from(spec),
        output: PathBuf::from(output),
        config,
    })
}

/// The list of strings under `key` in a job's table; none when it is absent.
fn texts(table: &serde_json::Map<String, Value>, key: &str) -> Result<Vec<String>, String> {
    let wrong = || format!("`{key}` must be a list of strings");
    match table.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(str::to_string).ok_or_else(wrong))
            .collect(),
        Some(_) => Err(wrong()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(jobs: Value) -> Value {
        serde_json::json!({"packages": [
            {"name": "plain", "manifest_path": "/w/plain/Cargo.toml", "metadata": null},
            {"name": "client", "manifest_path": "/w/Cargo.toml",
             "metadata": {"openapi-rust-gen": {"jobs": jobs}}},
        ]})
    }

    #[test]
    fn every_setting_of_a_job_reaches_its_configuration() {
        let jobs = from_metadata(&metadata(serde_json::json!([
            {"spec": "spec/a.yaml", "output": "gen/a.rs"},
            {"spec": "b.json", "output": "b.rs", "env-prefix": "B", "runtime-path": "crate::rt",
             "regenerate": "make", "deny-warnings": true, "operations": ["getB"],
             "tags": ["b", "c"], "paging": ["list=off"]},
        ])))
        .unwrap();
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[0].package, "client");
        assert_eq!(jobs[0].dir, Path::new("/w"));
        assert_eq!(jobs[0].output, Path::new("gen/a.rs"));
        assert_eq!(jobs[0].config, Config::new("spec/a.yaml"));
        let mut expected = Config::new("b.json");
        expected.env_prefix = Some("B".to_string());
        expected.runtime_path = "crate::rt".to_string();
        expected.regenerate = "make".to_string();
        expected.deny_warnings = true;
        expected.operations = vec!["getB".to_string()];
        expected.tags = vec!["b".to_string(), "c".to_string()];
        expected.paging = vec!["list=off".to_string()];
        assert_eq!(jobs[1].config, expected);
    }

    #[test]
    fn a_wrong_table_names_the_manifest_the_job_and_the_setting() {
        let error = |jobs: Value| from_metadata(&metadata(jobs)).unwrap_err().to_string();
        let missing = error(serde_json::json!([{"spec": "a.yaml"}]));
        assert_eq!(
            missing,
            "/w/Cargo.toml: package.metadata.openapi-rust-gen.jobs[0]: `output` is missing"
        );
        let misspelt = error(serde_json::json!([
            {"spec": "a.yaml", "output": "a.rs"},
            {"spec": "a.yaml", "output": "a.rs", "env_prefix": "A"},
        ]));
        assert!(
            misspelt.contains("jobs[1]: unknown setting `env_prefix`"),
            "{misspelt}"
        );
        let wrong_type = error(serde_json::json!([{"spec": 1, "output": "a.rs"}]));
        assert!(
            wrong_type.contains("`spec` must be a string"),
            "{wrong_type}"
        );
        assert!(error(serde_json::json!({"spec": "a.yaml"})).contains("an array of tables"));
        let not_a_list = error(serde_json::json!([{"spec": "a", "output": "a", "tags": "t"}]));
        assert!(
            not_a_list.contains("`tags` must be a list of strings"),
            "{not_a_list}"
        );
    }
}
