//! External references (part of the load stage): a `$ref` to another file
//! (`common.yaml#/components/schemas/Error`) is resolved relative to the document and the node
//! it names is put in place of the reference. References inside that file are resolved the same
//! way, relative to it (`#/...` then means that file's root). URLs are left for the model stage
//! to report: nothing is fetched from the network.

use crate::diagnostic::Diagnostic;
use serde_yaml::Value;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How many references may be followed through one another before it is taken for a cycle.
const MAX_DEPTH: usize = 32;

/// Resolves every external `$ref` in `doc`, the document named `file` with source `text`.
pub fn resolve(doc: &mut Value, file: &str, text: &str) -> Result<(), Box<Diagnostic>> {
    let base = Path::new(file)
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let mut resolver = Resolver {
        files: HashMap::new(),
    };
    let mut pointer = String::new();
    resolver
        .walk(doc, &base, None, 0, &mut pointer)
        .map_err(|(pointer, message)| {
            let (line, column) = crate::locate::locate(text, &pointer);
            let mut diagnostic = Diagnostic::at(file, line, column, Some(pointer), message);
            diagnostic.help = Some(
                "external references are read relative to the document's directory".to_string(),
            );
            Box::new(diagnostic)
        })
}

/// A problem: the pointer of the `$ref` in the main document, and what is wrong.
type Failure = (String, String);

struct Resolver {
    /// The files read so far, parsed.
    files: HashMap<PathBuf, Value>,
}

impl Resolver {
    /// Replaces the references in `value`. `base` is the directory of the file `value` comes
    /// from; `root` is that file's document when it is not the main one (for its `#/` refs).
    fn walk(
        &mut self,
        value: &mut Value,
        base: &Path,
        root: Option<&Path>,
        depth: usize,
        pointer: &mut String,
    ) -> Result<(), Failure> {
        if let Some(target) = self.target(value, base, root, depth, pointer)? {
            *value = target;
            return Ok(());
        }
        match value {
            Value::Mapping(map) => {
                for (key, child) in map.iter_mut() {
                    let key = key.as_str().unwrap_or_default();
                    let len = pointer.len();
                    crate::load::push_token(pointer, key);
                    let result = self.walk(child, base, root, depth, pointer);
                    pointer.truncate(len);
                    result?;
                }
            }
            Value::Sequence(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    let len = pointer.len();
                    let _ = write!(pointer, "/{index}");
                    let result = self.walk(child, base, root, depth, pointer);
                    pointer.truncate(len);
                    result?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The node a reference object names, when it must be inlined: a reference to another file,
    /// or (inside another file) a reference to a node of that file.
    fn target(
        &mut self,
        value: &Value,
        base: &Path,
        root: Option<&Path>,
        depth: usize,
        pointer: &mut String,
    ) -> Result<Option<Value>, Failure> {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Ok(None);
        };
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if file_part.contains("://") {
            return Ok(None);
        }
        let file = match (file_part.is_empty(), root) {
            (true, None) => return Ok(None),
            (true, Some(root)) => root.to_path_buf(),
            (false, _) => base.join(file_part),
        };
        if depth >= MAX_DEPTH {
            return Err((
                pointer.clone(),
                format!(
                    "$ref `{reference}` goes through more than {MAX_DEPTH} references: a cycle"
                ),
            ));
        }
        let document = self
            .read(&file)
            .map_err(|message| (pointer.clone(), format!("$ref `{reference}`: {message}")))?;
        let mut node = crate::load::pointer(document, fragment)
            .cloned()
            .ok_or_else(|| {
                (
                    pointer.clone(),
                    format!(
                        "$ref `{reference}`: {} has no node at `#{fragment}`",
                        file.display()
                    ),
                )
            })?;
        let file_base = file.parent().unwrap_or(Path::new("")).to_path_buf();
        self.walk(&mut node, &file_base, Some(&file), depth + 1, pointer)?;
        Ok(Some(node))
    }

    fn read(&mut self, file: &Path) -> Result<&Value, String> {
        if !self.files.contains_key(file) {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let name = file.display().to_string();
            let value = super::load::parse_text(&name, &text)
                .map_err(|d| format!("{} does not parse: {}", name, d.message))?;
            self.files.insert(file.to_path_buf(), value);
        }
        Ok(&self.files[file])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value as Json};

    fn yaml(value: Json) -> Value {
        serde_json::from_value(value).expect("any JSON is a YAML value")
    }

    fn as_json(value: &Value) -> Json {
        serde_json::to_value(value).expect("a JSON-shaped value")
    }

    fn dir(files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "external-refs-{}-{}",
            std::process::id(),
            files.len()
        ));
        std::fs::create_dir_all(dir.join("shared")).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn references_to_other_files_are_inlined_relative_to_each_file() {
        let dir = dir(&[
            ("shared/common.yaml", "Error:\n  type: object\n  properties:\n    code:\n      $ref: '#/Code'\n    more:\n      $ref: 'more.json#/More'\nCode:\n  type: integer\n"),
            ("shared/more.json", r#"{"More": {"type": "string"}}"#),
        ]);
        let main = dir.join("api.yaml");
        let mut doc = yaml(
            json!({"components": {"schemas": {"E": {"$ref": "shared/common.yaml#/Error"}, "Local": {"$ref": "#/components/schemas/E"}}}}),
        );
        resolve(&mut doc, main.to_str().unwrap(), "").unwrap();
        assert_eq!(
            as_json(&doc["components"]["schemas"]["E"]),
            json!({"type": "object", "properties": {"code": {"type": "integer"}, "more": {"type": "string"}}})
        );
        assert_eq!(
            as_json(&doc["components"]["schemas"]["Local"]),
            json!({"$ref": "#/components/schemas/E"})
        );
    }

    #[test]
    fn missing_files_nodes_and_cycles_are_diagnostics() {
        let dir = dir(&[("a.yaml", "A:\n  $ref: 'a.yaml#/A'\n")]);
        let main = dir.join("api.yaml");
        let text = "x:\n  $ref: 'nope.yaml#/X'\n";
        let mut doc = yaml(json!({"x": {"$ref": "nope.yaml#/X"}}));
        let error = resolve(&mut doc, main.to_str().unwrap(), text).unwrap_err();
        assert!(
            error
                .message
                .starts_with("$ref `nope.yaml#/X`: cannot read "),
            "{}",
            error.message
        );
        assert_eq!(
            (error.location.line, error.location.pointer.as_deref()),
            (1, Some("/x"))
        );
        let mut doc = yaml(json!({"x": {"$ref": "a.yaml#/Missing"}}));
        let error = resolve(&mut doc, main.to_str().unwrap(), text).unwrap_err();
        assert!(
            error.message.contains("has no node at `#/Missing`"),
            "{}",
            error.message
        );
        let mut doc = yaml(json!({"x": {"$ref": "a.yaml#/A"}}));
        let error = resolve(&mut doc, main.to_str().unwrap(), text).unwrap_err();
        assert!(error.message.contains("a cycle"), "{}", error.message);
    }

    #[test]
    fn urls_are_left_for_the_model_to_report() {
        let mut doc = yaml(json!({"x": {"$ref": "https://example.com/s.yaml#/X"}}));
        resolve(&mut doc, "api.yaml", "").unwrap();
        assert_eq!(doc["x"]["$ref"], "https://example.com/s.yaml#/X");
    }
}
