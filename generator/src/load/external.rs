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
//!
//! A node that recurs while it is being inlined (a schema of another file whose property refers
//! back to it) cannot be a copy: it becomes a component schema named after the node, and every
//! reference to it a reference to that component, as recursion within one file is.
//!
//! A reference to a component entry of another section than where it is used (a response whose
//! `$ref` names a request body) is inlined, with a warning, when the node has the shape the use
//! needs; otherwise it is an error saying what is missing (see `sections.rs`).

use super::sections;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pointer::JsonPointer;
use serde_yaml::{Mapping as Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How many references may be inlined one inside another (each distinct: one that recurs becomes
/// a component); deeper is refused, so the stack stays bounded.
const MAX_DEPTH: usize = 64;

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
/// script's `rerun-if-changed`); an error is at the pointer of the `$ref` in `doc`. What was
/// sloppy but clear is added to `warnings`.
pub(super) fn resolve(
    doc: &mut Value,
    file: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<PathBuf>, Diagnostics> {
    let base = Path::new(file)
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    // Inlining a node of the document while it is being rewritten needs the original; it is
    // copied only when some reference needs it.
    let main = has_deep_reference(doc, &mut Vec::new()).then(|| doc.clone());
    let mounts = mounts(doc, &base);
    let mut resolver = Resolver {
        files: HashMap::new(),
        main,
        mounts,
        inlined: 0,
        inlining: Vec::new(),
        added: Vec::new(),
        taken: HashSet::new(),
        warnings: Vec::new(),
    };
    resolver.taken = resolver.schema_keys(doc);
    let result = resolver.walk(doc, &base, None, 0, &mut JsonPointer::root());
    warnings.append(&mut resolver.warnings);
    add_schemas(doc, std::mem::take(&mut resolver.added));
    let mut sources: Vec<PathBuf> = resolver.files.into_keys().collect();
    sources.sort();
    result.map(|()| sources)
}

/// A component schema made of a node that recurs.
struct Added {
    /// Its key in `components/schemas`.
    name: String,
    /// The node, its references resolved.
    node: Value,
    /// Where the node is in the main document (its fragment), when it is one of its nodes.
    place: Option<String>,
}

/// Puts the component schemas made of recurring nodes into `doc`'s `components`, and a
/// reference to each in place of a node of the document it was made of.
fn add_schemas(doc: &mut Value, added: Vec<Added>) {
    if added.is_empty() {
        return;
    }
    for added in &added {
        let place = added
            .place
            .as_deref()
            .and_then(|place| node_mut(doc, place));
        if let Some(place) = place {
            let at = JsonPointer::from_tokens(["components", "schemas", &added.name]);
            *place = reference_to(format!("#{at}"));
        }
    }
    let Some(root) = doc.as_mapping_mut() else {
        return;
    };
    let components = root
        .entry("components".into())
        .or_insert_with(|| Value::Mapping(Map::new()));
    let Some(components) = components.as_mapping_mut() else {
        return;
    };
    let schemas = components
        .entry("schemas".into())
        .or_insert_with(|| Value::Mapping(Map::new()));
    if let Some(schemas) = schemas.as_mapping_mut() {
        schemas.extend(added.into_iter().map(|a| (a.name.into(), a.node)));
    }
}

/// The node at `fragment` (a JSON pointer) of `value`, to change it.
fn node_mut<'v>(value: &'v mut Value, fragment: &str) -> Option<&'v mut Value> {
    let pointer = JsonPointer::parse(fragment)?;
    let mut node = value;
    for token in pointer.tokens() {
        node = match node {
            Value::Mapping(map) => map.get_mut(token.as_str())?,
            Value::Sequence(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The identity of a node being inlined: its file (empty for the main document) and fragment.
type NodeKey = (PathBuf, String);

/// JSON Schema's keywords that hold a schema (or a map or list of them): not names for a type.
const SCHEMA_KEYWORDS: &[&str] = &[
    "items",
    "properties",
    "additionalProperties",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "schema",
    "content",
    "components",
    "schemas",
    "$defs",
    "definitions",
];

/// The name a recurring node's component is given: the last token of its fragment that is a
/// name (not a keyword, not an index), else the file's stem.
fn node_name((file, fragment): &NodeKey) -> String {
    let token = JsonPointer::parse(fragment).and_then(|pointer| {
        let tokens: Vec<String> = pointer.tokens().collect();
        tokens.into_iter().rev().find(|token| {
            !token.is_empty()
                && !SCHEMA_KEYWORDS.contains(&token.as_str())
                && !token.bytes().all(|b| b.is_ascii_digit())
                && !token.contains('/')
        })
    });
    token
        .or_else(|| {
            let stem = file.file_stem()?.to_str()?;
            Some(stem.to_string())
        })
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "Schema".to_string())
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

/// A reference object naming `local` (`#/components/schemas/Pet`).
fn reference_to(local: String) -> Value {
    let mut reference = Map::new();
    reference.insert("$ref".into(), Value::String(local));
    Value::Mapping(reference)
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

/// Whether the document has a reference to one of its own nodes that is not a component entry,
/// or to a component entry of another section than where it is (at `tokens`).
fn has_deep_reference<'v>(value: &'v Value, tokens: &mut Vec<&'v str>) -> bool {
    match value {
        Value::Mapping(map) => map.iter().any(|(key, child)| {
            let key = key.as_str().unwrap_or_default();
            match (key, child) {
                ("$ref", Value::String(reference)) => {
                    reference.strip_prefix('#').is_some_and(|fragment| {
                        !is_component_entry(fragment)
                            || sections::crosses(tokens, fragment).is_some()
                    })
                }
                _ if is_opaque(key) => false,
                _ => {
                    tokens.push(key);
                    let found = has_deep_reference(child, tokens);
                    tokens.pop();
                    found
                }
            }
        }),
        Value::Sequence(items) => items.iter().any(|item| {
            // Only that an item is in a list matters to `crosses`, not its index.
            tokens.push("0");
            let found = has_deep_reference(item, tokens);
            tokens.pop();
            found
        }),
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
    /// The nodes being inlined, outermost first (one met again recurs).
    inlining: Vec<NodeKey>,
    /// The component schemas made of recurring nodes, in the order they were found.
    added: Vec<Added>,
    /// The component schema keys in use (the document's and those added).
    taken: HashSet<String>,
    /// What was sloppy but clear (a reference to another section's entry that fits).
    warnings: Vec<Diagnostic>,
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
    /// or (inside another file) a reference to a node of that file, or to a node of the document
    /// that is not a component entry of the section where it is used.
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
            (true, None) if is_component_entry(fragment) => {
                return self.other_section(reference, fragment, depth, pointer);
            }
            (true, None) => None,
            (true, Some(root)) => Some(root.to_path_buf()),
            (false, _) => Some(base.join(file_part)),
        };
        self.count(reference, depth, pointer)?;
        let key: NodeKey = (
            file.as_deref().map(canonical).unwrap_or_default(),
            fragment.to_string(),
        );
        if let Some(local) = self.mounted(&key, pointer) {
            return Ok(Some(reference_to(local)));
        }
        if self.inlining.contains(&key) {
            return Ok(Some(reference_to(self.mount(&key))));
        }
        let (mut node, node_base, node_root) = match &file {
            None => {
                let found = self
                    .main
                    .as_ref()
                    .zip(JsonPointer::parse(fragment))
                    .and_then(|(main, fragment)| fragment.find(main));
                // Not found: left for the model stage, which reports it with a suggestion.
                let Some(node) = found.cloned() else {
                    return Ok(None);
                };
                (node, base.to_path_buf(), None)
            }
            Some(file) => {
                let node = self.node_of(file, fragment, reference, pointer)?;
                let file_base = file.parent().unwrap_or(Path::new("")).to_path_buf();
                (node, file_base, Some(file.as_path()))
            }
        };
        self.inlining.push(key);
        let walked = self.walk(&mut node, &node_base, node_root, depth + 1, pointer);
        let key = self.inlining.pop().unwrap_or_default();
        walked?;
        // The node recurred inside itself: it is the component its references now name.
        if let Some(local) = self.mounted(&key, pointer) {
            let name = JsonPointer::parse(local.trim_start_matches('#'))
                .and_then(|at| at.tokens().last())
                .unwrap_or_default();
            // A node of the document is replaced there too, so that it is one type.
            let (file, fragment) = key;
            let place = (file.as_os_str().is_empty() && !fragment.is_empty()).then_some(fragment);
            self.added.push(Added { name, node, place });
            return Ok(Some(reference_to(local)));
        }
        Ok(Some(node))
    }

    /// Counts one more node inlined, refusing too many in all or too deep.
    fn count(
        &mut self,
        reference: &str,
        depth: usize,
        pointer: &JsonPointer,
    ) -> Result<(), Diagnostics> {
        self.inlined += 1;
        if self.inlined > MAX_INLINED {
            let message = format!(
                "$ref `{reference}`: the references expand to more than {MAX_INLINED} copies"
            );
            return Err(failure(pointer, message));
        }
        if depth >= MAX_DEPTH {
            let message = format!(
                "$ref `{reference}` is inlined inside more than {MAX_DEPTH} other references"
            );
            return Err(failure(pointer, message));
        }
        Ok(())
    }

    /// The node at `fragment` of `file`, read.
    fn node_of(
        &mut self,
        file: &Path,
        fragment: &str,
        reference: &str,
        pointer: &JsonPointer,
    ) -> Result<Value, Diagnostics> {
        let document = self
            .read(file)
            .map_err(|message| failure(pointer, format!("$ref `{reference}`: {message}")))?;
        JsonPointer::parse(fragment)
            .and_then(|fragment| fragment.find(document))
            .cloned()
            .ok_or_else(|| {
                let message = format!(
                    "$ref `{reference}`: {} has no node at `#{fragment}`",
                    file.display()
                );
                failure(pointer, message)
            })
    }

    /// Makes the recurring node `key` a component schema: its key (named after the node, numbered
    /// when taken) is chosen now, and the node is added when its outermost inlining ends.
    fn mount(&mut self, key: &NodeKey) -> String {
        let name = node_name(key);
        let mut unique = name.clone();
        let mut number = 2;
        while self.taken.contains(&unique) {
            unique = format!("{name}{number}");
            number += 1;
        }
        self.taken.insert(unique.clone());
        let at = JsonPointer::from_tokens(["components", "schemas", &unique]);
        let local = format!("#{at}");
        self.mounts.push(Mount {
            file: key.0.clone(),
            fragment: key.1.clone(),
            at,
            section: false,
        });
        local
    }

    /// A reference to a component entry of the document: left to the model, unless it names an
    /// entry of another section than where it is used (a request body as a response); then the
    /// entry is inlined in the use's shape, with a warning, or refused when it does not fit.
    fn other_section(
        &mut self,
        reference: &str,
        fragment: &str,
        depth: usize,
        pointer: &mut JsonPointer,
    ) -> Result<Option<Value>, Diagnostics> {
        // Most references stand where a schema belongs (`.../schema`, `.../items`): those are
        // passed over before the pointer's tokens are collected.
        let mut last = pointer.as_str().rsplit('/');
        let (last, parent) = (last.next(), last.next());
        let placed = last == Some("requestBody")
            || matches!(
                parent,
                Some("responses" | "requestBodies" | "parameters" | "headers")
            );
        if !placed {
            return Ok(None);
        }
        let tokens: Vec<String> = pointer.tokens().collect();
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        let Some(crossing) = sections::crosses(&tokens, fragment) else {
            return Ok(None);
        };
        let found = self
            .main
            .as_ref()
            .zip(JsonPointer::parse(fragment))
            .and_then(|(main, fragment)| fragment.find(main));
        let Some(reshaped) = found.map(|node| crossing.reshape(node)) else {
            // Left for the model stage, which reports it with a suggestion.
            return Ok(None);
        };
        self.count(reference, depth, pointer)?;
        let mut node = reshaped
            .map_err(|why| Diagnostics::from(crossing.refused(pointer, reference, &why)))?;
        self.warnings.push(crossing.warning(pointer, reference));
        let base = PathBuf::new();
        self.walk(&mut node, &base, None, depth + 1, pointer)?;
        Ok(Some(node))
    }

    /// The local reference (`#/components/schemas/Pet`) to the component that holds the node
    /// `key` (a fragment of a file), unless `pointer` is where that component is defined.
    fn mounted(&self, (file, fragment): &NodeKey, pointer: &JsonPointer) -> Option<String> {
        self.mounts.iter().find_map(|mount| {
            if mount.file != *file || mount.at == *pointer {
                return None;
            }
            if !mount.section {
                return (mount.fragment == *fragment).then(|| format!("#{}", mount.at));
            }
            let key = fragment
                .strip_prefix(mount.fragment.as_str())?
                .strip_prefix('/')?;
            (!key.contains('/')).then(|| format!("#{}/{key}", mount.at))
        })
    }

    /// The keys of the document's component schemas, those of a file mounted as the whole
    /// section included (a recurring node's component must not take one).
    fn schema_keys(&mut self, doc: &Value) -> HashSet<String> {
        let schemas = doc.get("components").and_then(|c| c.get("schemas"));
        let mut keys: HashSet<String> = schemas
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
            .filter_map(|(key, _)| key.as_str().map(str::to_string))
            .collect();
        let at = JsonPointer::from_tokens(["components", "schemas"]);
        let section = self
            .mounts
            .iter()
            .find(|mount| mount.section && mount.at == at);
        if let Some((file, fragment)) = section.map(|m| (m.file.clone(), m.fragment.clone())) {
            let node = self.read(&file).ok().and_then(|document| {
                JsonPointer::parse(&fragment).and_then(|fragment| fragment.find(document))
            });
            let entries = node.and_then(Value::as_mapping).into_iter().flatten();
            keys.extend(entries.filter_map(|(key, _)| key.as_str().map(str::to_string)));
        }
        keys
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
        resolve(&mut doc, main.to_str().unwrap(), &mut Vec::new()).unwrap();
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
    fn missing_files_and_nodes_are_diagnostics() {
        let dir = dir(&[("a.yaml", "A:\n  $ref: 'a.yaml#/A'\n")]);
        let main = dir.join("api.yaml");
        let mut doc = yaml(json!({"x": {"$ref": "nope.yaml#/X"}}));
        let error = resolve(&mut doc, main.to_str().unwrap(), &mut Vec::new())
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
        let error = resolve(&mut doc, main.to_str().unwrap(), &mut Vec::new())
            .unwrap_err()
            .0
            .remove(0);
        assert!(
            error.message.contains("has no node at `#/Missing`"),
            "{}",
            error.message
        );
        // A node that is only a reference to itself becomes a component that is only itself,
        // which the model reports as a cycle.
        let mut doc = yaml(json!({"x": {"$ref": "a.yaml#/A"}}));
        resolve(&mut doc, main.to_str().unwrap(), &mut Vec::new()).unwrap();
        let local = json!({"$ref": "#/components/schemas/A"});
        assert_eq!(as_json(&doc["x"]), local);
        assert_eq!(as_json(&doc["components"]["schemas"]["A"]), local);
    }

    #[test]
    fn a_node_that_recurs_becomes_a_component_named_after_it() {
        let dir = dir(&[
            ("shared/agent.yaml", "Agent:\n  type: object\n  properties:\n    children:\n      type: array\n      items:\n        $ref: '#/Agent'\n"),
            ("shared/folder.yaml", "type: object\nproperties:\n  parent:\n    $ref: './folder.yaml'\n"),
            ("shared/holder.yaml", "type: object\n"),
        ]);
        let main = dir.join("api.yaml");
        let mut doc = yaml(json!({
            "paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
                "type": "object",
                "properties": {
                    "agents": {"type": "array", "items": {"$ref": "shared/agent.yaml#/Agent"}},
                    "again": {"$ref": "shared/agent.yaml#/Agent"},
                    "folder": {"$ref": "shared/folder.yaml"},
                }
            }}}}}}}},
            "components": {"schemas": {"Agent": {"type": "string"}}}
        }));
        resolve(&mut doc, main.to_str().unwrap(), &mut Vec::new()).unwrap();
        let doc = as_json(&doc);
        let schema =
            &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
        // `Agent` is taken: the next free name, used by every reference to the node.
        let agent = json!({"$ref": "#/components/schemas/Agent2"});
        assert_eq!(schema["properties"]["agents"]["items"], agent);
        assert_eq!(schema["properties"]["again"], agent);
        assert_eq!(
            doc["components"]["schemas"]["Agent2"]["properties"]["children"]["items"],
            agent
        );
        // A whole file is named after its stem.
        let folder = json!({"$ref": "#/components/schemas/folder"});
        assert_eq!(schema["properties"]["folder"], folder);
        assert_eq!(
            doc["components"]["schemas"]["folder"]["properties"]["parent"],
            folder
        );
    }

    #[test]
    fn a_deep_pointer_into_its_own_node_becomes_a_component() {
        let mut doc = yaml(json!({"components": {"schemas": {"Tree": {
            "type": "object",
            "properties": {"node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree/properties/node"}}
            }}}
        }}}}));
        resolve(&mut doc, "api.yaml", &mut Vec::new()).unwrap();
        let doc = as_json(&doc);
        let node = json!({"$ref": "#/components/schemas/node"});
        let schemas = &doc["components"]["schemas"];
        // The node is the component `node`, in its own place too.
        assert_eq!(schemas["Tree"]["properties"]["node"], node);
        assert_eq!(schemas["node"]["properties"]["children"]["items"], node);
    }

    #[test]
    fn an_entry_of_another_section_is_used_when_it_fits() {
        let mut doc = yaml(json!({
            "paths": {"/a": {"get": {
                "parameters": [{"$ref": "#/components/headers/H"}],
                "responses": {"200": {"$ref": "#/components/requestBodies/B"}}
            }}},
            "components": {
                "requestBodies": {"B": {"description": "d", "required": true, "content": {}}},
                "headers": {"H": {"schema": {"type": "string"}}}
            }
        }));
        let mut warnings = Vec::new();
        let error = resolve(&mut doc.clone(), "api.yaml", &mut warnings)
            .unwrap_err()
            .0
            .remove(0);
        assert!(
            error.message.contains("no `name` or `in`"),
            "{}",
            error.message
        );
        if let Some(operation) = doc["paths"]["/a"]["get"].as_mapping_mut() {
            operation.remove("parameters");
        }
        warnings.clear();
        resolve(&mut doc, "api.yaml", &mut warnings).unwrap();
        assert_eq!(
            as_json(&doc["paths"]["/a"]["get"]["responses"]["200"]),
            json!({"description": "d", "content": {}})
        );
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0]
            .message
            .contains("names a request body where a response belongs"));
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
        resolve(&mut doc, "api.yaml", &mut Vec::new()).unwrap();
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
        let error = resolve(&mut doc, "api.yaml", &mut Vec::new())
            .unwrap_err()
            .0
            .remove(0);
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
        let sources = resolve(&mut doc, main.to_str().unwrap(), &mut Vec::new()).unwrap();
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
        resolve(&mut doc, "api.yaml", &mut Vec::new()).unwrap();
        assert_eq!(doc["x"]["$ref"], "https://example.com/s.yaml#/X");
    }
}
