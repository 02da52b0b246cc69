//! The lenient repairs: what a sloppy document leaves out or writes in another version's form,
//! put right in the value so the model can read it, each with a warning that says what was done.

use super::{Rewrite, METHODS};
use crate::diagnostic::Diagnostic;
use crate::pointer::JsonPointer;
use serde_yaml::{Mapping as Map, Value};

/// A warning about the node at `pointer`: what is sloppy, and what was done instead.
fn warning(
    pointer: JsonPointer,
    message: impl Into<String>,
    done: impl Into<String>,
) -> Diagnostic {
    Diagnostic::at_pointer(pointer, message)
        .warning()
        .with_help(done)
}

/// The warning a rewrite that repairs sloppiness gives, when it is one of those.
pub(super) fn warning_of(rewrite: &Rewrite) -> Option<Diagnostic> {
    let done = match rewrite.what {
        REQUIRED_TRUE => "its name was added to the object's `required` list",
        REQUIRED_FALSE => "ignored: the property is optional",
        STRING_ENUM_SCALARS => "they are taken as their text (`1` as \"1\")",
        FILE_TYPE => "taken as `type: string, format: binary` (bytes)",
        _ => return None,
    };
    Some(warning(rewrite.pointer.clone(), rewrite.what, done))
}

/// A parameter must have a `schema` or a `content`; one with neither (a sloppy document) is a
/// string, with a warning.
pub(super) fn parameters_without_schema(doc: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Some(root) = doc.as_mapping_mut() else {
        return;
    };
    for (pointer, parameter) in gather(root, "parameters", path_item_parameters) {
        let Some(map) = parameter.as_mapping_mut() else {
            continue;
        };
        if ["schema", "content", "$ref"]
            .iter()
            .any(|k| map.contains_key(*k))
        {
            continue;
        }
        let name = map.get("name").and_then(Value::as_str).unwrap_or_default();
        let message = format!("parameter `{name}` has neither `schema` nor `content`");
        warnings.push(warning(pointer, message, "generated as a string"));
        let mut schema = Map::new();
        schema.insert("type".into(), "string".into());
        map.insert("schema".into(), Value::Mapping(schema));
    }
}

/// The texts OpenAPI requires but code does not need (`info.title`, `info.version`, a response's
/// `description`): when missing, empty ones are put in, with a warning.
pub(super) fn required_texts(doc: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Some(root) = doc.as_mapping_mut() else {
        return;
    };
    let mut missing = |pointer: JsonPointer, what: &str| {
        let message = format!("{what} is missing (OpenAPI requires it)");
        warnings.push(warning(pointer, message, "generated without it"));
    };
    if !root.get("info").is_some_and(Value::is_mapping) {
        let mut info = Map::new();
        info.insert("title".into(), Value::String(String::new()));
        info.insert("version".into(), Value::String(String::new()));
        root.insert("info".into(), Value::Mapping(info));
        missing(JsonPointer::root(), "`info`");
    }
    if let Some(info) = root.get_mut("info").and_then(Value::as_mapping_mut) {
        for key in ["title", "version"] {
            if !info.contains_key(key) {
                info.insert(key.into(), Value::String(String::new()));
                missing(JsonPointer::from_tokens(["info"]), &format!("`info.{key}`"));
            }
        }
    }
    for (pointer, response) in gather(root, "responses", operation_responses) {
        let Some(map) = response.as_mapping_mut() else {
            continue;
        };
        if !map.contains_key("$ref") && !map.contains_key("description") {
            map.insert("description".into(), Value::String(String::new()));
            missing(pointer, "the response's `description`");
        }
    }
}

/// Two responses of one operation whose statuses are the same range in another case (`4XX` and
/// `4xx`): the model keeps one of them (the last), with a warning.
pub(super) fn colliding_statuses(doc: &Value, warnings: &mut Vec<Diagnostic>) {
    let paths = doc.get("paths").and_then(Value::as_mapping);
    for (path, item) in paths.into_iter().flatten() {
        for (method, operation) in item.as_mapping().into_iter().flatten() {
            let method = method.as_str().unwrap_or_default();
            if !METHODS.contains(&method) {
                continue;
            }
            let responses = operation.get("responses").and_then(Value::as_mapping);
            let mut seen: Vec<String> = Vec::new();
            for status in responses
                .into_iter()
                .flatten()
                .filter_map(|(k, _)| k.as_str())
            {
                if let Some(first) = seen.iter().find(|s| s.eq_ignore_ascii_case(status)) {
                    let path = path.as_str().unwrap_or_default();
                    let tokens = ["paths", path, method, "responses", status];
                    let message =
                        format!("responses `{first}` and `{status}` are the same statuses");
                    let done = format!("`{status}` is used, `{first}` ignored");
                    warnings.push(warning(JsonPointer::from_tokens(tokens), message, done));
                }
                seen.push(status.to_string());
            }
        }
    }
}

/// The nodes, with their pointers, of one kind (`parameters`, `responses`): the entries of that
/// section of `components`, then those `in_item` finds in each path item.
fn gather<'a>(
    root: &'a mut Map,
    section: &str,
    in_item: impl Fn(&'a mut Value, &JsonPointer, &mut Vec<(JsonPointer, &'a mut Value)>),
) -> Vec<(JsonPointer, &'a mut Value)> {
    let mut found = Vec::new();
    for (key, value) in root.iter_mut() {
        match key.as_str() {
            Some("components") => {
                let entries = value.get_mut(section).and_then(Value::as_mapping_mut);
                for (key, entry) in entries.into_iter().flatten() {
                    let key = key.as_str().unwrap_or_default();
                    let pointer = JsonPointer::from_tokens(["components", section, key]);
                    found.push((pointer, entry));
                }
            }
            Some("paths") => {
                for (path, item) in value.as_mapping_mut().into_iter().flatten() {
                    let path = path.as_str().unwrap_or_default();
                    in_item(item, &JsonPointer::from_tokens(["paths", path]), &mut found);
                }
            }
            _ => {}
        }
    }
    found
}

/// The responses of the operations of a path item, with their pointers.
fn operation_responses<'a>(
    item: &'a mut Value,
    item_pointer: &JsonPointer,
    responses: &mut Vec<(JsonPointer, &'a mut Value)>,
) {
    for (method, operation) in item.as_mapping_mut().into_iter().flatten() {
        let method = method.as_str().unwrap_or_default();
        if !METHODS.contains(&method) {
            continue;
        }
        let entries = operation
            .get_mut("responses")
            .and_then(Value::as_mapping_mut);
        for (status, response) in entries.into_iter().flatten() {
            let status = status.as_str().unwrap_or_default();
            let pointer = item_pointer.child(method).child("responses").child(status);
            responses.push((pointer, response));
        }
    }
}

/// The parameters of a path item and of its operations, with their pointers.
fn path_item_parameters<'a>(
    item: &'a mut Value,
    item_pointer: &JsonPointer,
    lists: &mut Vec<(JsonPointer, &'a mut Value)>,
) {
    for (key, value) in item.as_mapping_mut().into_iter().flatten() {
        let key = key.as_str().unwrap_or_default();
        let list = match key {
            "parameters" => Some(value),
            method if METHODS.contains(&method) => value.get_mut("parameters"),
            _ => None,
        };
        let mut pointer = item_pointer.clone();
        if key != "parameters" {
            pointer.push(key);
        }
        pointer.push("parameters");
        for (index, parameter) in list
            .and_then(Value::as_sequence_mut)
            .into_iter()
            .flatten()
            .enumerate()
        {
            lists.push((pointer.child(&index.to_string()), parameter));
        }
    }
}

/// What [`file_type`] records: the rewrite that is also a warning.
pub(super) const FILE_TYPE: &str = "`type: file` is Swagger 2.0's, not OpenAPI 3's";

/// Swagger 2.0's `type: file` is OpenAPI 3's binary string.
pub(super) fn file_type(map: &mut Map, note: &mut impl FnMut(&'static str)) {
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".into(), "string".into());
        map.insert("format".into(), "binary".into());
        note(FILE_TYPE);
    }
}

/// What [`string_enum_scalars`] records: the rewrite that is also a warning.
pub(super) const STRING_ENUM_SCALARS: &str =
    "the `enum` of this string schema lists numbers or booleans";

/// A string schema whose `enum` lists numbers or booleans (`enum: [01, 02]` in YAML) means their
/// text: they become strings.
pub(super) fn string_enum_scalars(map: &mut Map, note: &mut impl FnMut(&'static str)) {
    if map.get("type").and_then(Value::as_str) != Some("string") {
        return;
    }
    let Some(Value::Sequence(values)) = map.get_mut("enum") else {
        return;
    };
    let mut changed = false;
    for value in values.iter_mut() {
        let text = match value {
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => continue,
        };
        *value = Value::String(text);
        changed = true;
    }
    if changed {
        note(STRING_ENUM_SCALARS);
    }
}

/// What [`boolean_required`] records for `required: true`: a rewrite that is also a warning.
pub(super) const REQUIRED_TRUE: &str =
    "this property says `required: true` (Swagger 2.0's form, not JSON Schema's)";

/// The same for `required: false`.
pub(super) const REQUIRED_FALSE: &str =
    "this property says `required: false` (Swagger 2.0's form, not JSON Schema's)";

/// Swagger 2.0's `required: true` on a property schema becomes the property's name in its
/// object's `required` list (`required: false` is dropped). The properties that said either,
/// with what they said.
pub(super) fn boolean_required(map: &mut Map) -> Vec<(String, bool)> {
    let Some(Value::Mapping(properties)) = map.get_mut("properties") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut names = Vec::new();
    for (name, property) in properties.iter_mut() {
        let Some(property) = property.as_mapping_mut() else {
            continue;
        };
        if let Some(Value::Bool(required)) = property.get("required").cloned() {
            property.remove("required");
            found.push((name.as_str().unwrap_or_default().to_string(), required));
            if required {
                names.push(name.clone());
            }
        }
    }
    if found.is_empty() {
        return found;
    }
    if !map.get("required").is_some_and(Value::is_sequence) {
        map.insert("required".into(), Value::Sequence(Vec::new()));
    }
    if let Some(Value::Sequence(list)) = map.get_mut("required") {
        for name in names {
            if !list.contains(&name) {
                list.push(name);
            }
        }
    }
    found
}
