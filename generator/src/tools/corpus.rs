//! The corpus command: generate every OpenAPI document under a directory, compile each result
//! as an outside crate on the runtime, and print a table. Its last line is
//! `corpus: N passed, M failed`.

use super::check::{Checker, Outcome};
use super::failure;
use crate::{model_of, Config, Diagnostics};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What the corpus command found: one row per document. `Display` gives the table, each
/// failure's message and the closing `corpus: N passed, M failed` line.
#[derive(Debug)]
pub struct Corpus {
    entries: Vec<Entry>,
}

impl Corpus {
    /// Whether any document failed to generate or to compile cleanly.
    pub fn failed(&self) -> bool {
        self.entries
            .iter()
            .any(|e| matches!(e.result, Verdict::Failed(_)))
    }
}

impl fmt::Display for Corpus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&report(&self.entries))
    }
}

/// Runs the corpus: `dir` holds the documents, `workspace_root` the workspace whose runtime
/// crate the generated code is compiled on, `target_dir` where the check build goes. Whatever
/// fails, every document has its row: a compile check that cannot run fails the documents it
/// would have checked. An error only when `dir` cannot be listed.
pub fn corpus(dir: &Path, workspace_root: &Path, target_dir: &Path) -> Result<Corpus, Diagnostics> {
    run(dir, workspace_root, target_dir).map(|entries| Corpus { entries })
}

/// What happened to one document.
#[derive(Debug)]
struct Entry {
    /// The document, relative to the corpus directory.
    pub name: String,
    /// The `openapi` (or `swagger`) version it declares.
    pub version: String,
    /// Operations generated (zero when generation failed).
    pub operations: usize,
    /// Named types generated.
    pub types: usize,
    /// Operations that got a `_stream` method walking their pages.
    pub paged: usize,
    /// Operations that got a `_stream` method reading a streamed response.
    pub streamed: usize,
    /// Warnings generation gave.
    pub warnings: usize,
    /// Lines of generated Rust.
    pub lines: usize,
    /// Generation time in milliseconds (load to formatted source).
    pub millis: f64,
    /// Whether the generated code compiled without warnings (`None`: nothing to compile).
    pub compiled: Option<bool>,
    /// The outcome.
    pub result: Verdict,
}

/// The outcome for one document.
#[derive(Debug)]
enum Verdict {
    /// Generated and compiled without warnings.
    Passed,
    /// Generation or compilation failed: the diagnostic or compiler output.
    Failed(String),
    /// Not an OpenAPI document (not counted): the reason.
    Skipped(String),
}

/// The rows of [`corpus`].
fn run(dir: &Path, workspace_root: &Path, target_dir: &Path) -> Result<Vec<Entry>, Diagnostics> {
    let mut entries = Vec::new();
    let mut generated = Vec::new();
    for path in files(dir)? {
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let (entry, code) = generate_one(&path, name);
        if let Some(code) = code {
            generated.push((crate_label(&entry.name), code));
        }
        entries.push(entry);
    }
    if generated.is_empty() {
        return Ok(entries);
    }
    let outcomes = Checker::for_workspace(workspace_root, target_dir, "corpus").check(&generated);
    for entry in entries.iter_mut().filter(|e| e.compiled.is_some()) {
        let failure = match &outcomes {
            Ok(outcomes) => match outcomes.get(&crate_label(&entry.name)) {
                Some(Outcome::Failed(messages)) => {
                    Some(format!("does not compile cleanly:\n{messages}"))
                }
                _ => None,
            },
            Err(diagnostics) => Some(format!("the compile check did not run: {diagnostics}")),
        };
        entry.compiled = Some(failure.is_none());
        if let Some(failure) = failure {
            entry.result = Verdict::Failed(failure);
        }
    }
    Ok(entries)
}

fn crate_label(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// Every `.json`, `.yaml` and `.yml` file under `dir`, sorted.
fn files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let listing = std::fs::read_dir(&current).map_err(|e| failure(&current, e.to_string()))?;
        for entry in listing {
            let path = entry.map_err(|e| failure(&current, e.to_string()))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

fn generate_one(path: &Path, name: String) -> (Entry, Option<String>) {
    let mut entry = Entry {
        name,
        version: String::new(),
        operations: 0,
        types: 0,
        paged: 0,
        streamed: 0,
        warnings: 0,
        lines: 0,
        millis: 0.0,
        compiled: None,
        result: Verdict::Passed,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            entry.result = Verdict::Failed(format!("cannot read: {error}"));
            return (entry, None);
        }
    };
    match declared_version(path, &text) {
        Ok(version) => entry.version = version,
        Err(reason) => {
            entry.result = Verdict::Skipped(reason);
            return (entry, None);
        }
    }
    let config = Config::new(&path.display().to_string());
    let start = Instant::now();
    let code = model_of(&config, &text).and_then(|modelled| {
        entry.operations = modelled.api.operations.len();
        entry.types = modelled.api.types.len();
        let kinds = modelled
            .api
            .operations
            .iter()
            .filter_map(|op| op.stream.as_ref());
        for stream in kinds {
            match stream.kind {
                crate::ir::StreamMethodKind::Pages(_) => entry.paged += 1,
                crate::ir::StreamMethodKind::Body(_) => entry.streamed += 1,
            }
        }
        entry.warnings = modelled.warning_count;
        crate::code_of(&config, &modelled.api)
    });
    entry.millis = start.elapsed().as_secs_f64() * 1000.0;
    match code {
        Ok(code) => {
            entry.lines = code.lines().count();
            entry.compiled = Some(false);
            (entry, Some(code))
        }
        Err(diagnostics) => {
            entry.result = Verdict::Failed(diagnostics.to_string());
            (entry, None)
        }
    }
}

/// The version a document declares in its top-level `openapi` or `swagger` field, found by
/// parsing it (minified JSON, and keys in any order, are documents); the reason it is skipped
/// when it is not a document (a fragment of a multi-file document, or not OpenAPI at all).
fn declared_version(path: &Path, text: &str) -> Result<String, String> {
    let value = crate::load::parse_text(&path.display().to_string(), text)
        .map_err(|d| format!("not JSON or YAML ({})", d.first_message()))?;
    let field = |key: &str| {
        value.get(key).map(|v| match v {
            serde_yaml::Value::String(s) => s.clone(),
            other => serde_json::to_string(other).unwrap_or_default(),
        })
    };
    if let Some(version) = field("openapi") {
        return Ok(version);
    }
    if let Some(version) = field("swagger") {
        return Ok(format!("swagger {version}"));
    }
    Err("no top-level `openapi` field: a fragment of a multi-file document, or not OpenAPI".into())
}

/// The table, the failures' messages, and the closing `corpus: N passed, M failed` line.
fn report(entries: &[Entry]) -> String {
    let mut out = String::new();
    let width = entries
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        out,
        "{:<width$}  {:<8}  {:>5}  {:>5}  {:>7}  {:>5}  {:>8}  {:>7}  {:>9}  {:<7}  result",
        "spec",
        "openapi",
        "ops",
        "paged",
        "streams",
        "types",
        "warnings",
        "lines",
        "gen ms",
        "compile"
    );
    for e in entries {
        let result = match &e.result {
            Verdict::Passed => "passed".to_string(),
            Verdict::Failed(_) => "FAILED".to_string(),
            Verdict::Skipped(reason) => format!("skipped: {reason}"),
        };
        let compiled = match e.compiled {
            Some(true) => "ok",
            Some(false) => "FAILED",
            None => "-",
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:<8}  {:>5}  {:>5}  {:>7}  {:>5}  {:>8}  {:>7}  {:>9.1}  {:<7}  {result}",
            e.name,
            e.version,
            e.operations,
            e.paged,
            e.streamed,
            e.types,
            e.warnings,
            e.lines,
            e.millis,
            compiled
        );
    }
    for e in entries {
        if let Verdict::Failed(message) = &e.result {
            let _ = writeln!(out, "\n{}:\n{message}", e.name);
        }
    }
    let passed = entries
        .iter()
        .filter(|e| matches!(e.result, Verdict::Passed))
        .count();
    let failed = entries
        .iter()
        .filter(|e| matches!(e.result, Verdict::Failed(_)))
        .count();
    let _ = writeln!(out, "\ncorpus: {passed} passed, {failed} failed");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_found_by_parsing() {
        let path = Path::new("x.json");
        let minified = r#"{"paths":{},"info":{"title":"t","version":"1"},"openapi":"3.0.1"}"#;
        assert_eq!(declared_version(path, minified), Ok("3.0.1".to_string()));
        let late = "paths: {}\ncomponents: {}\nopenapi: 3.1.0\n";
        assert_eq!(declared_version(path, late), Ok("3.1.0".to_string()));
        let fragment = "Pet:\n  type: object\n";
        assert!(declared_version(path, fragment)
            .unwrap_err()
            .contains("a fragment of a multi-file document"));
        assert_eq!(
            declared_version(path, "swagger: '2.0'\n"),
            Ok("swagger 2.0".to_string())
        );
    }

    #[test]
    fn a_directory_where_nothing_generates_still_gets_its_table() {
        let dir = std::env::temp_dir().join(format!("corpus-nothing-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.yaml"), "openapi: 3.0.0\npaths: 1\n").unwrap();
        std::fs::write(dir.join("b.json"), r#"{"swagger": "2.0"}"#).unwrap();
        std::fs::write(dir.join("part.yaml"), "Pet: {type: object}\n").unwrap();
        let entries = run(&dir, Path::new("/nonexistent"), Path::new("/nonexistent")).unwrap();
        let table = report(&entries);
        assert!(table.contains("part.yaml"), "{table}");
        assert!(
            table.contains("skipped: no top-level `openapi` field"),
            "{table}"
        );
        assert!(table.ends_with("\ncorpus: 0 passed, 2 failed\n"), "{table}");
    }

    #[test]
    fn the_table_counts_paged_and_streamed_operations() {
        let dir = std::env::temp_dir().join(format!("corpus-streams-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/specs/pages.yaml");
        std::fs::copy(spec, dir.join("pages.yaml")).unwrap();
        let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/specs/streams.yaml");
        std::fs::copy(spec, dir.join("streams.yaml")).unwrap();
        let entries = run(&dir, Path::new("/nonexistent"), Path::new("/nonexistent")).unwrap();
        let counts: Vec<(usize, usize, usize)> = entries
            .iter()
            .map(|e| (e.operations, e.paged, e.streamed))
            .collect();
        assert_eq!(counts, [(5, 5, 0), (4, 0, 4)]);
        let table = report(&entries);
        assert!(table.starts_with("spec"), "{table}");
        assert!(
            table
                .lines()
                .next()
                .unwrap()
                .contains("ops  paged  streams"),
            "{table}"
        );
    }
}
