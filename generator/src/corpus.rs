//! The corpus command: generate every OpenAPI document under a directory, compile each result
//! against the client runtime, and print a table. Its last line is `corpus: N passed, M failed`.

use crate::check::{self, Outcome};
use crate::{model_of, Config};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What happened to one document.
#[derive(Debug)]
pub struct Entry {
    /// The document, relative to the corpus directory.
    pub name: String,
    /// The `openapi` (or `swagger`) version it declares.
    pub version: String,
    /// Operations and named types generated (zero when generation failed).
    pub operations: usize,
    /// Named types generated.
    pub types: usize,
    /// Generation time in milliseconds.
    pub millis: f64,
    /// The outcome.
    pub result: Verdict,
}

/// The outcome for one document.
#[derive(Debug)]
pub enum Verdict {
    /// Generated and compiled without warnings.
    Passed,
    /// Generation or compilation failed: the diagnostic or compiler output.
    Failed(String),
    /// Not an OpenAPI document (not counted): the reason.
    Skipped(String),
}

/// Runs the corpus: `dir` holds the documents, `client_root` the client workspace to compile
/// against, `target_dir` where the check build goes.
pub fn run(dir: &Path, client_root: &Path, target_dir: &Path) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    let mut generated = Vec::new();
    for path in documents(dir)? {
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
    let outcomes = check::for_workspace(client_root, target_dir, "corpus").check(&generated)?;
    for entry in &mut entries {
        if let Some(Outcome::Failed(messages)) = outcomes.get(&crate_label(&entry.name)) {
            entry.result = Verdict::Failed(format!("does not compile cleanly:\n{messages}"));
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
fn documents(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let listing =
            std::fs::read_dir(&current).map_err(|e| format!("{}: {e}", current.display()))?;
        for entry in listing {
            let path = entry
                .map_err(|e| format!("{}: {e}", current.display()))?
                .path();
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
        millis: 0.0,
        result: Verdict::Passed,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            entry.result = Verdict::Failed(format!("cannot read: {error}"));
            return (entry, None);
        }
    };
    entry.version = declared_version(&text);
    if entry.version.is_empty() {
        entry.result = Verdict::Skipped(
            "no `openapi` or `swagger` field: not an OpenAPI document".to_string(),
        );
        return (entry, None);
    }
    let config = Config::new(&path.display().to_string());
    let start = Instant::now();
    let code = model_of(&config, &text).and_then(|api| {
        (entry.operations, entry.types) = (api.operations.len(), api.types.len());
        crate::code_of(&config, &api)
    });
    entry.millis = start.elapsed().as_secs_f64() * 1000.0;
    match code {
        Ok(code) => (entry, Some(code)),
        Err(diagnostics) => {
            entry.result = Verdict::Failed(diagnostics.to_string());
            (entry, None)
        }
    }
}

/// The version a document declares in its top-level `openapi` or `swagger` field, read
/// without parsing the whole document.
fn declared_version(text: &str) -> String {
    for line in text.lines().take(2000) {
        let line = line.trim().trim_start_matches('{').trim();
        for key in ["\"openapi\"", "openapi", "\"swagger\"", "swagger"] {
            if let Some(rest) = line
                .strip_prefix(key)
                .and_then(|r| r.trim_start().strip_prefix(':'))
            {
                let value = rest
                    .trim()
                    .trim_end_matches(',')
                    .trim_matches(|c| c == '"' || c == '\'');
                let prefix = if key.contains("swagger") {
                    "swagger "
                } else {
                    ""
                };
                return format!("{prefix}{value}");
            }
        }
    }
    String::new()
}

/// The table, the failures' messages, and the closing `corpus: N passed, M failed` line.
pub fn report(entries: &[Entry]) -> String {
    let mut out = String::new();
    let width = entries
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        out,
        "{:<width$}  {:<8}  {:>5}  {:>5}  {:>9}  result",
        "spec", "openapi", "ops", "types", "gen ms"
    );
    for e in entries {
        let result = match &e.result {
            Verdict::Passed => "passed".to_string(),
            Verdict::Failed(_) => "FAILED".to_string(),
            Verdict::Skipped(reason) => format!("skipped: {reason}"),
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:<8}  {:>5}  {:>5}  {:>9.1}  {result}",
            e.name, e.version, e.operations, e.types, e.millis
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
