//! External references: a `$ref` to another file
//! (`common.yaml#/components/schemas/Error`) is resolved relative to the document and the node
//! it names is put in place of the reference. References inside that file are resolved the same
//! way, relative to it (`#/...` then means that file's root). URLs are left for the model stage
//! to report: nothing is fetched from the network.
//!
//! A `$ref` inside the document to a node that is not a component entry (`#/components/schemas/
//! Tag/allOf/0`, `#/components/parameters/id/schema`, `#/paths/...`) is inlined the same way:
//! JSON Schema lets a reference name any node by its JSON pointer, while the model resolves only
//! `#/components/{section}/{name}`. Extensions (`x-...`) and `example` values are opaque: nothing
//! inside them is resolved, whatever `$ref` they hold.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pointer::JsonPointer;
use serde_yaml::{Mapping as Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How many references may be followed through one another before it is taken for a cycle.
const MAX_DEPTH: usize = 32;

/// How many nodes may be inlined in all: references that each inline several others multiply,
/// and a few lines of a hostile document could otherwise ask for billions of copies.
const MAX_INLINED: usize = 200_000;

/// The component sections whose entries the model resolves by name.
const SECTIONS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "examples",
    "securitySchemes",
    "links",
    "callbacks",
];

/// Resolves every external `$ref` in `doc`, the document named `file`, and every reference to a
/// node other than a component entry. The result is the files read, sorted (for a build
/// script's `rerun-if-changed`); an error is at the pointer of the `$ref` in `doc`.
pub(super) fn resolve(doc: &mut Value, file: &str) -> Result<Vec<PathBuf>, Diagnostics> {
    let base = Path::new(file)
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    // Inlining a node of the document while it is being rewritten needs the original; it is
    // copied only when some reference needs it.
    let main = has_deep_reference(doc).then(|| doc.clone());
    let mounts = mounts(doc, &base);
    let mut resolver = Resolver {
        files: HashMap::new(),
        main,
        mounts,
        inlined: 0,
    };
    let result = resolver.walk(doc, &base, None, 0, &mut JsonPointer::root());
    let mut sources: Vec<PathBuf> = resolver.files.into_keys().collect();
    sources.sort();
    result.map(|()| sources)
}

/// An error at the `$ref` at `pointer`.
fn failure(pointer: &JsonPointer, message: String) -> Diagnostics {
    let help = "external references are read relative to the document's directory";
    Diagnostics::from(Diagnostic::at_pointer(pointer.clone(), message).with_help(help))
}

/// Where a node of another file is put in the main document's `components`: a whole section
/// (`schemas: {$ref: schemas.json}`) or one entry (`Pet: {$ref: schemas/Pet.yaml}`).
struct Mount {
    /// The file (canonical) and the fragment of the node put there.
    file: PathBuf,
    fragment: String,
    /// The pointer in the main document (`/components/schemas` or `/components/schemas/Pet`).
    at: JsonPointer,
    /// Whether a whole section is mounted (its entries are the node's members).
    section: bool,
}

/// The nodes of other files that the main document's `components` takes in, so that another
/// reference to the same node becomes a reference to the component rather than a copy of it
/// (a multi-file document refers to one schema file from many places, and means one type).
fn mounts(doc: &Value, base: &Path) -> Vec<Mount> {
    let mut found = Vec::new();
    let Some(components) = doc.get("components").and_then(Value::as_mapping) else {
        return found;
    };
    let external = |value: &Value| -> Option<(PathBuf, String)> {
        let reference = value.get("$ref")?.as_str()?;
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        (!file.is_empty() && !file.contains("://"))
            .then(|| (canonical(&base.join(file)), fragment.to_string()))
    };
    for (section, entries) in components {
        let Some(section) = section.as_str().filter(|s| SECTIONS.contains(s)) else {
            continue;
        };
        let at = JsonPointer::from_tokens(["components", section]);
        if let Some((file, fragment)) = external(entries) {
            found.push(Mount {
                file,
                fragment,
                at,
                section: true,
            });
            continue;
        }
        for (key, entry) in entries.as_mapping().into_iter().flatten() {
            if let Some((file, fragment)) = external(entry) {
                let at = at.child(key.as_str().unwrap_or_default());
                found.push(Mount {
                    file,
                    fragment,
                    at,
                    section: false,
                });
            }
        }
    }
    found
}

/// The path by which a file is known, whatever relative path led to it.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether `fragment` (after the `#`) names a component entry, which the model resolves.
fn is_component_entry(fragment: &str) -> bool {
    let mut tokens = fragment.split('/');
    matches!(
        (tokens.next(), tokens.next(), tokens.next(), tokens.next(), tokens.next()),
        (Some(""), Some("components"), Some(section), Some(_), None) if SECTIONS.contains(&section)
    )
}

/// Whether a key holds something opaque: an extension, or an example value.
fn is_opaque(key: &str) -> bool {
    key.starts_with("x-") || key == "example"
}

/// Whether the document has a reference to one of its own nodes that is not a component entry.
fn has_deep_reference(value: &Value) -> bool {
    match value {
        Value::Mapping(map) => map.iter().any(|(key, child)| {
            let key = key.as_str().unwrap_or_default();
            match (key, child) {
                ("$ref", Value::String(reference)) => reference
                    .strip_prefix('#')
                    .is_some_and(|fragment| !is_component_entry(fragment)),
                _ => !is_opaque(key) && has_deep_reference(child),
            }
        }),
        Value::Sequence(items) => items.iter().any(has_deep_reference),
        _ => false,
    }
}

struct Resolver {
    /// The files read so far, parsed.
    files: HashMap<PathBuf, Value>,
    /// The main document as it was read, when a reference into it must be inlined.
    main: Option<Value>,
    /// The other files' nodes that are components of the main document.
    mounts: Vec<Mount>,
    /// How many nodes have been inlined so far.
    inlined: usize,
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
        pointer: &mut JsonPointer,
    ) -> Result<(), Diagnostics> {
        if let Some(target) = self.target(value, base, root, depth, pointer)? {
            *value = target;
            return Ok(());
        }
        match value {
            Value::Mapping(map) => {
                for (key, child) in map.iter_mut() {
                    let key = key.as_str().unwrap_or_default();
                    if is_opaque(key) {
                        continue;
                    }
                    pointer.within(key, |p| self.walk(child, base, root, depth, p))?;
                }
            }
            Value::Sequence(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    let index = index.to_string();
                    pointer.within(&index, |p| self.walk(child, base, root, depth, p))?;
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
        pointer: &mut JsonPointer,
    ) -> Result<Option<Value>, Diagnostics> {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return Ok(None);
        };
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if file_part.contains("://") {
            return Ok(None);
        }
        let file = match (file_part.is_empty(), root) {
            (true, None) if is_component_entry(fragment) => return Ok(None),
            (true, None) => None,
            (true, Some(root)) => Some(root.to_path_buf()),
            (false, _) => Some(base.join(file_part)),
        };
        self.inlined += 1;
        if self.inlined > MAX_INLINED {
            let message = format!(
                "$ref `{reference}`: the references expand to more than {MAX_INLINED} copies"
            );
            return Err(failure(pointer, message));
        }
        if depth >= MAX_DEPTH {
            let message = format!(
                "$ref `{reference}` goes through more than {MAX_DEPTH} references: a cycle"
            );
            return Err(failure(pointer, message));
        }
        let Some(file) = file else {
            let found = self
                .main
                .as_ref()
                .zip(JsonPointer::parse(fragment))
                .and_then(|(main, fragment)| fragment.find(main));
            let Some(mut node) = found.cloned() else {
                // Left for the model stage, which reports it with a suggestion.
                return Ok(None);
            };
            self.walk(&mut node, base, None, depth + 1, pointer)?;
            return Ok(Some(node));
        };
        if let Some(local) = self.mounted(&file, fragment, pointer) {
            let mut reference = Map::new();
            reference.insert("$ref".into(), Value::String(local));
            return Ok(Some(Value::Mapping(reference)));
        }
        let document = self
            .read(&file)
            .map_err(|message| failure(pointer, format!("$ref `{reference}`: {message}")))?;
        let mut node = JsonPointer::parse(fragment)
            .and_then(|fragment| fragment.find(document))
            .cloned()
            .ok_or_else(|| {
                let message = format!(
                    "$ref `{reference}`: {} has no node at `#{fragment}`",
                    file.display()
                );
                failure(pointer, message)
            })?;
        let file_base = file.parent().unwrap_or(Path::new("")).to_path_buf();
        self.walk(&mut node, &file_base, Some(&file), depth + 1, pointer)?;
        Ok(Some(node))
    }

    /// The local reference (`#/components/schemas/Pet`) to the component that holds the node at
    /// `fragment` of `file`, unless `pointer` is where that component is defined.
    fn mounted(&self, file: &Path, fragment: &str, pointer: &JsonPointer) -> Option<String> {
        let file = canonical(file);
        self.mounts.iter().find_map(|mount| {
            if mount.file != file || mount.at == *pointer {
                return None;
            }
            if !mount.section {
                return (mount.fragment == fragment).then(|| format!("#{}", mount.at));
            }
            let key = fragment
                .strip_prefix(mount.fragment.as_str())?
                .strip_prefix('/')?;
            (!key.contains('/')).then(|| format!("#{}/{key}", mount.at))
        })
    }

    fn read(&mut self, file: &Path) -> Result<&Value, String> {
        let key = canonical(file);
        if !self.files.contains_key(&key) {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let name = file.display().to_string();
            let value = super::parse::parse_text(&name, &text)
                .map_err(|errors| format!("{name} does not parse: {}", errors.first_message()))?;
            self.files.insert(key.clone(), value);
        }
        Ok(&self.files[&key])
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
        resolve(&mut doc, main.to_str().unwrap()).unwrap();
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
        let mut doc = yaml(json!({"x": {"$ref": "nope.yaml#/X"}}));
        let error = resolve(&mut doc, main.to_str().unwrap())
            .unwrap_err()
            .0
            .remove(0);
        assert!(
            error
                .message
                .starts_with("$ref `nope.yaml#/X`: cannot read "),
            "{}",
            error.message
        );
        assert_eq!(
            error.location.pointer.as_ref().map(|p| p.as_str()),
            Some("/x")
        );
        let mut doc = yaml(json!({"x": {"$ref": "a.yaml#/Missing"}}));
        let error = resolve(&mut doc, main.to_str().unwrap())
            .unwrap_err()
            .0
            .remove(0);
        assert!(
            error.message.contains("has no node at `#/Missing`"),
            "{}",
            error.message
        );
        let mut doc = yaml(json!({"x": {"$ref": "a.yaml#/A"}}));
        let error = resolve(&mut doc, main.to_str().unwrap())
            .unwrap_err()
            .0
            .remove(0);
        assert!(error.message.contains("a cycle"), "{}", error.message);
    }

    #[test]
    fn references_to_any_node_are_inlined_and_extensions_are_opaque() {
        let mut doc = yaml(json!({
            "x-docs": {"$ref": "missing.md"},
            "paths": {"/a": {"get": {"parameters": [{"schema": {"$ref": "#/components/parameters/Id/schema"}}]}}},
            "components": {
                "parameters": {"Id": {"name": "id", "schema": {"type": "integer"}}},
                "schemas": {"T": {"allOf": [{"type": "object"}]}, "U": {"$ref": "#/components/schemas/T/allOf/0"}, "V": {"$ref": "#/components/schemas/T"}}
            }
        }));
        resolve(&mut doc, "api.yaml").unwrap();
        let doc = as_json(&doc);
        assert_eq!(doc["x-docs"], json!({"$ref": "missing.md"}));
        assert_eq!(
            doc["paths"]["/a"]["get"]["parameters"][0]["schema"],
            json!({"type": "integer"})
        );
        assert_eq!(doc["components"]["schemas"]["U"], json!({"type": "object"}));
        assert_eq!(
            doc["components"]["schemas"]["V"],
            json!({"$ref": "#/components/schemas/T"})
        );
    }

    #[test]
    fn references_that_multiply_are_refused() {
        // Each level inlines the one below twice: 2^30 copies unless something stops it.
        let mut schemas = serde_json::Map::new();
        for level in 0..30 {
            let below = json!({"$ref": format!("#/components/schemas/L{}/properties", level + 1)});
            schemas.insert(
                format!("L{level}"),
                json!({"properties": {"a": {"properties": below.clone()}, "b": {"properties": below}}}),
            );
        }
        schemas.insert("L30".into(), json!({"properties": {}}));
        let mut doc = yaml(json!({"components": {"schemas": schemas}}));
        let error = resolve(&mut doc, "api.yaml").unwrap_err().0.remove(0);
        assert!(error.message.contains("copies"), "{}", error.message);
    }

    #[test]
    fn nodes_the_components_take_in_stay_one_component() {
        let dir = dir(&[(
            "shared/schemas.yaml",
            "Pet:\n  type: object\n  properties:\n    friend:\n      $ref: 'schemas.yaml#/Pet'\n",
        )]);
        let main = dir.join("api.yaml");
        let mut doc = yaml(json!({
            "paths": {"/p": {"get": {"responses": {"200": {"$ref": "shared/schemas.yaml#/Pet"}}}}},
            "components": {"schemas": {"$ref": "shared/schemas.yaml"}}
        }));
        let sources = resolve(&mut doc, main.to_str().unwrap()).unwrap();
        assert_eq!(sources.len(), 1);
        let doc = as_json(&doc);
        let local = json!({"$ref": "#/components/schemas/Pet"});
        assert_eq!(doc["paths"]["/p"]["get"]["responses"]["200"], local);
        assert_eq!(
            doc["components"]["schemas"]["Pet"]["properties"]["friend"],
            local
        );
    }

    #[test]
    fn urls_are_left_for_the_model_to_report() {
        let mut doc = yaml(json!({"x": {"$ref": "https://example.com/s.yaml#/X"}}));
        resolve(&mut doc, "api.yaml").unwrap();
        assert_eq!(doc["x"]["$ref"], "https://example.com/s.yaml#/X");
    }
}
