//! Stage 1, load: document text (YAML or JSON) to a normalized document value.
//!
//! openapiv3 models OpenAPI 3.0, so 3.1 constructs are rewritten here into their 3.0 meaning
//! before the model stage parses the value into openapiv3's types. Every rewrite is recorded.
//! Positions are not tracked while parsing: a diagnostic is rare, so [`crate::locate`] finds the
//! line of a JSON pointer in the original text only when one is reported.

use crate::diagnostic::Diagnostic;
use crate::pointer::JsonPointer;
use serde_yaml::{Mapping as Map, Value};

/// A document after loading: the normalized value and what normalization changed.
#[derive(Debug)]
pub struct Loaded {
    /// The document, with 3.1 constructs rewritten into their 3.0 meaning. A YAML value, for
    /// its maps keep the document's order; it has JSON's shape (string keys, no tags).
    pub value: Value,
    /// Each rewrite, as the JSON pointer of the schema and what was done there.
    pub rewrites: Vec<Rewrite>,
    /// The other files read for `$ref`s, sorted.
    pub sources: Vec<std::path::PathBuf>,
    /// What was sloppy in the text and what was done instead (two keys of one YAML mapping that
    /// are the same string, as `200` and `"200"`).
    pub warnings: Vec<crate::model::Problem>,
}

/// One change normalization made to the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// The JSON pointer of the rewritten schema.
    pub pointer: JsonPointer,
    /// What was rewritten, in a few words.
    pub what: &'static str,
}

/// The largest document accepted, in bytes (16 MiB, more than ten times the largest document in
/// the corpus); a larger one is refused before parsing, so memory stays bounded.
pub const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;

/// Parses `text` (JSON when it starts with `{`, YAML otherwise) and normalizes it.
/// The error is boxed: a diagnostic is large, and the `Ok` path should not pay for it.
pub fn load(file: &str, text: &str) -> Result<Loaded, Box<Diagnostic>> {
    if text.len() > MAX_DOCUMENT_BYTES {
        let message = format!(
            "the document is {:.1} MiB ({} bytes), over the limit of {} MiB ({MAX_DOCUMENT_BYTES} bytes)",
            text.len() as f64 / (1024.0 * 1024.0),
            text.len(),
            MAX_DOCUMENT_BYTES / (1024 * 1024),
        );
        let mut diagnostic = Diagnostic::in_file(file, message);
        diagnostic.help =
            Some("split the document, or leave out what the client does not use".into());
        return Err(Box::new(diagnostic));
    }
    let (mut value, mut warnings) = parse(file, text)?;
    let sources = crate::external::resolve(&mut value, file, text)?;
    let mut rewrites = Vec::new();
    normalize_document(&mut value, &mut rewrites);
    parameters_without_schema(&mut value, &mut warnings);
    required_texts(&mut value, &mut warnings);
    colliding_statuses(&value, &mut warnings);
    // The rewrites that repair sloppiness are also warnings.
    for rewrite in &rewrites {
        let help = match rewrite.what {
            REQUIRED_TRUE => "its name was added to the object's `required` list",
            REQUIRED_FALSE => "ignored: the property is optional",
            STRING_ENUM_SCALARS => "they are taken as their text (`1` as \"1\")",
            FILE_TYPE => "taken as `type: string, format: binary` (bytes)",
            _ => continue,
        };
        warnings.push(crate::model::Problem {
            pointer: rewrite.pointer.clone(),
            message: rewrite.what.to_string(),
            help: Some(help.to_string()),
        });
    }
    Ok(Loaded {
        value,
        rewrites,
        sources,
        warnings,
    })
}

/// Parses YAML or JSON text (JSON when it starts with `{`) into a document value.
pub(crate) fn parse_text(file: &str, text: &str) -> Result<Value, Box<Diagnostic>> {
    parse(file, text).map(|(value, _)| value)
}

/// Parses YAML or JSON text into a document value, with the warnings about keys that collide.
fn parse(file: &str, text: &str) -> Result<(Value, Vec<crate::model::Problem>), Box<Diagnostic>> {
    if text.trim_start().starts_with('{') {
        let value = serde_json::from_str(text).map_err(|error| {
            let message = format!("invalid JSON: {}", strip_position(&error.to_string()));
            Box::new(Diagnostic::at(
                file,
                error.line(),
                error.column(),
                None,
                message,
            ))
        })?;
        return Ok((value, Vec::new()));
    }
    // serde_yaml's value holds no integer beyond i64/u64 (OpenAI writes bounds of -2^63 - 1);
    // only then is the document read again, keeping such integers as floats, as JSON's parser does.
    let mut yaml: Value = serde_yaml::from_str(text)
        .or_else(|error| match error.to_string().contains("128") {
            true => serde_yaml::from_str::<Wide>(text).map(|wide| wide.0),
            false => Err(error),
        })
        .map_err(|error| {
            let message = format!("invalid YAML: {}", strip_position(&error.to_string()));
            Box::new(match error.location() {
                Some(at) => Diagnostic::at(file, at.line(), at.column(), None, message),
                None => Diagnostic::in_file(file, message),
            })
        })?;
    if text.contains("<<") {
        yaml.apply_merge().map_err(|error| {
            Box::new(Diagnostic::at(
                file,
                1,
                1,
                None,
                format!("invalid YAML merge key: {error}"),
            ))
        })?;
    }
    let mut warnings = Vec::new();
    make_json_shaped(&mut yaml, &mut JsonPointer::root(), &mut warnings);
    Ok((yaml, warnings))
}

/// A YAML value whose integers beyond 64 bits become floats (what JSON's parser does with them).
struct Wide(Value);

impl<'de> serde::Deserialize<'de> for Wide {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WideVisitor).map(Wide)
    }
}

struct WideVisitor;

impl<'de> serde::de::Visitor<'de> for WideVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::from(i))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::from(u))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(Value::from(i as f64))
    }
    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(Value::from(u as f64))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::from(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(d).map(|wide: Wide| wide.0)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Wide(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(Wide(key)) = access.next_key()? {
            let Wide(value) = access.next_value()?;
            if map.contains_key(&key) {
                let key = serde_json::to_string(&key).unwrap_or_default();
                let message = format!("duplicate entry with key {key}");
                return Err(serde::de::Error::custom(message));
            }
            map.insert(key, value);
        }
        Ok(Value::Mapping(map))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged value (`!tag x`): the tag is dropped, as `make_json_shaped` does.
        use serde::de::VariantAccess;
        let (_, variant): (Wide, _) = data.variant()?;
        variant.newtype_variant::<Wide>().map(|wide| wide.0)
    }
}

/// Drops the " at line X column Y" that serde appends; the diagnostic prints its own position.
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

/// Gives a YAML value JSON's shape, in place: keys become strings (YAML allows `200:` as an
/// integer key, which OpenAPI means as the string "200"), tagged values keep only their value,
/// and NaN and infinities (no JSON form) become null, which no constraint accepts. Two keys that
/// become the same string (`200` and `"200"`) keep the first, with a warning.
fn make_json_shaped(
    value: &mut Value,
    pointer: &mut JsonPointer,
    warnings: &mut Vec<crate::model::Problem>,
) {
    match value {
        Value::Tagged(tagged) => {
            let inner = std::mem::replace(&mut tagged.value, Value::Null);
            *value = inner;
            make_json_shaped(value, pointer, warnings);
        }
        Value::Number(n) if n.as_f64().is_some_and(|f| !f.is_finite()) => *value = Value::Null,
        Value::Sequence(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                pointer.within(&index.to_string(), |p| make_json_shaped(item, p, warnings));
            }
        }
        Value::Mapping(map) => {
            if map.keys().any(|key| !key.is_string()) {
                let mut shaped = Map::new();
                for (key, value) in std::mem::take(map) {
                    let key = key_string(key);
                    if shaped.contains_key(key.as_str()) {
                        warnings.push(crate::model::Problem {
                            pointer: pointer.child(&key),
                            message: format!("the key `{key}` is given twice in this mapping"),
                            help: Some("the first is used, the second ignored".to_string()),
                        });
                        continue;
                    }
                    shaped.insert(Value::String(key), value);
                }
                *map = shaped;
            }
            for (key, child) in map.iter_mut() {
                let key = key.as_str().unwrap_or_default();
                pointer.within(key, |p| make_json_shaped(child, p, warnings));
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

fn key_string(key: Value) -> String {
    match key {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        other => serde_yaml::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// Walks the document outside schemas, normalizing each schema it reaches.
fn normalize_document(doc: &mut Value, rewrites: &mut Vec<Rewrite>) {
    if let Some(root) = doc.as_mapping_mut() {
        // `paths` is optional in 3.1 (a document may hold only webhooks or components).
        if !root.contains_key("paths") {
            root.insert("paths".into(), Value::Mapping(Map::new()));
            rewrites.push(Rewrite {
                pointer: JsonPointer::root(),
                what: "added empty `paths`",
            });
        }
    }
    add_missing_responses(doc, rewrites);
    walk_document(doc, &mut JsonPointer::root(), rewrites);
}

/// A parameter must have a `schema` or a `content`; one with neither (a sloppy document) is a
/// string, with a warning.
fn parameters_without_schema(doc: &mut Value, warnings: &mut Vec<crate::model::Problem>) {
    let mut lists: Vec<(JsonPointer, &mut Value)> = Vec::new();
    let Some(root) = doc.as_mapping_mut() else {
        return;
    };
    for (section, value) in root.iter_mut() {
        match section.as_str() {
            Some("components") => {
                let parameters = value.get_mut("parameters").and_then(Value::as_mapping_mut);
                for (key, parameter) in parameters.into_iter().flatten() {
                    let key = key.as_str().unwrap_or_default();
                    let pointer = JsonPointer::from_tokens(["components", "parameters", key]);
                    lists.push((pointer, parameter));
                }
            }
            Some("paths") => {
                for (path, item) in value.as_mapping_mut().into_iter().flatten() {
                    let path = path.as_str().unwrap_or_default();
                    let item_pointer = JsonPointer::from_tokens(["paths", path]);
                    path_item_parameters(item, &item_pointer, &mut lists);
                }
            }
            _ => {}
        }
    }
    for (pointer, parameter) in lists {
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
        warnings.push(crate::model::Problem {
            pointer,
            message,
            help: Some("generated as a string".to_string()),
        });
        let mut schema = Map::new();
        schema.insert("type".into(), "string".into());
        map.insert("schema".into(), Value::Mapping(schema));
    }
}

/// The texts OpenAPI requires but code does not need (`info.title`, `info.version`, a response's
/// `description`): when missing, empty ones are put in, with a warning.
fn required_texts(doc: &mut Value, warnings: &mut Vec<crate::model::Problem>) {
    let Some(root) = doc.as_mapping_mut() else {
        return;
    };
    let mut missing = |pointer: JsonPointer, what: &str| {
        warnings.push(crate::model::Problem {
            pointer,
            message: format!("{what} is missing (OpenAPI requires it)"),
            help: Some("generated without it".to_string()),
        });
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
    let mut responses: Vec<(JsonPointer, &mut Value)> = Vec::new();
    for (section, value) in root.iter_mut() {
        match section.as_str() {
            Some("components") => {
                let entries = value.get_mut("responses").and_then(Value::as_mapping_mut);
                for (key, response) in entries.into_iter().flatten() {
                    let key = key.as_str().unwrap_or_default();
                    let pointer = JsonPointer::from_tokens(["components", "responses", key]);
                    responses.push((pointer, response));
                }
            }
            Some("paths") => {
                for (path, item) in value.as_mapping_mut().into_iter().flatten() {
                    let path = path.as_str().unwrap_or_default();
                    let item_pointer = JsonPointer::from_tokens(["paths", path]);
                    operation_responses(item, &item_pointer, &mut responses);
                }
            }
            _ => {}
        }
    }
    for (pointer, response) in responses {
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
fn colliding_statuses(doc: &Value, warnings: &mut Vec<crate::model::Problem>) {
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
                    warnings.push(crate::model::Problem {
                        pointer: JsonPointer::from_tokens(tokens),
                        message: format!(
                            "responses `{first}` and `{status}` are the same statuses"
                        ),
                        help: Some(format!("`{status}` is used, `{first}` ignored")),
                    });
                }
                seen.push(status.to_string());
            }
        }
    }
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

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `responses` is optional on a 3.1 operation; openapiv3 requires it, so an empty one is added.
fn add_missing_responses(doc: &mut Value, rewrites: &mut Vec<Rewrite>) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_mapping_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_mapping_mut() else {
            continue;
        };
        for (method, operation) in item
            .iter_mut()
            .filter(|(method, _)| method.as_str().is_some_and(|m| METHODS.contains(&m)))
        {
            if let Some(operation) = operation
                .as_mapping_mut()
                .filter(|op| !op.contains_key("responses"))
            {
                operation.insert("responses".into(), Value::Mapping(Map::new()));
                let path = path.as_str().unwrap_or_default();
                let method = method.as_str().unwrap_or_default();
                rewrites.push(Rewrite {
                    pointer: JsonPointer::from_tokens(["paths", path, method]),
                    what: "added empty `responses`",
                });
            }
        }
    }
}

fn walk_document(value: &mut Value, pointer: &mut JsonPointer, rewrites: &mut Vec<Rewrite>) {
    let Some(map) = value.as_mapping_mut() else {
        if let Some(items) = value.as_sequence_mut() {
            for (index, item) in items.iter_mut().enumerate() {
                pointer.within(&index.to_string(), |p| walk_document(item, p, rewrites));
            }
        }
        return;
    };
    let in_components_schemas = pointer.as_str() == "/components/schemas";
    for (key, child) in map.iter_mut() {
        let key = key.as_str().unwrap_or_default();
        pointer.within(key, |p| {
            if in_components_schemas || key == "schema" {
                normalize_schema(child, p, rewrites);
            } else if key != "example" && key != "examples" {
                walk_document(child, p, rewrites);
            }
        });
    }
}

/// Keywords whose values are schemas, or maps or arrays of schemas.
const SCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "$defs", "definitions"];
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_VALUES: &[&str] = &["items", "additionalProperties", "not", "contains"];

/// Rewrites one schema (and the schemas inside it) from 3.1 into 3.0 terms.
fn normalize_schema(schema: &mut Value, pointer: &mut JsonPointer, rewrites: &mut Vec<Rewrite>) {
    if let Value::Bool(accepts) = schema {
        // 3.1's boolean schemas: `true` accepts anything, `false` nothing.
        let mut map = Map::new();
        if !*accepts {
            map.insert("not".into(), Value::Mapping(Map::new()));
        }
        *schema = Value::Mapping(map);
        rewrites.push(Rewrite {
            pointer: pointer.clone(),
            what: "boolean schema to an object schema",
        });
        return;
    }
    let Some(map) = schema.as_mapping_mut() else {
        return;
    };
    // The schemas inside first, so that a branch merged into this one (`anyOf: [X, null]`)
    // arrives already in 3.0 terms.
    normalize_children(map, pointer, rewrites);
    let mut note = |what| {
        rewrites.push(Rewrite {
            pointer: pointer.clone(),
            what,
        })
    };
    if map.remove("examples").is_some() {
        note("dropped `examples`");
    }
    if let Some(value) = map.remove("const") {
        map.entry("enum".into())
            .or_insert_with(|| Value::Sequence(vec![value]));
        note("`const` to one-value `enum`");
    }
    exclusive_bound(map, "exclusiveMinimum", "minimum", &mut note);
    exclusive_bound(map, "exclusiveMaximum", "maximum", &mut note);
    type_array(map, &mut note);
    null_branches(map, "anyOf", &mut note);
    null_branches(map, "oneOf", &mut note);
    ref_siblings(map, &mut note);
    file_type(map, &mut note);
    string_enum_scalars(map, &mut note);
    integral_counts(map, &mut note);
    integral_numbers(map, &mut note);
    for (name, required) in boolean_required(map) {
        let at = pointer.child("properties").child(&name);
        let what = match required {
            true => REQUIRED_TRUE,
            false => REQUIRED_FALSE,
        };
        rewrites.push(Rewrite { pointer: at, what });
    }
}

fn normalize_children(map: &mut Map, pointer: &mut JsonPointer, rewrites: &mut Vec<Rewrite>) {
    for (key, child) in map.iter_mut() {
        let key = key.as_str().unwrap_or_default();
        if key == "additionalProperties" && child.is_bool() {
            // openapiv3 reads `additionalProperties: true/false` itself.
            continue;
        }
        if SCHEMA_VALUES.contains(&key) {
            pointer.within(key, |p| normalize_schema(child, p, rewrites));
        } else if SCHEMA_LISTS.contains(&key) {
            if let Some(items) = child.as_sequence_mut() {
                for (index, item) in items.iter_mut().enumerate() {
                    let index = index.to_string();
                    pointer.within(key, |p| {
                        p.within(&index, |p| normalize_schema(item, p, rewrites))
                    });
                }
            }
        } else if SCHEMA_MAPS.contains(&key) {
            if let Some(members) = child.as_mapping_mut() {
                for (name, member) in members.iter_mut() {
                    let name = name.as_str().unwrap_or_default();
                    pointer.within(key, |p| {
                        p.within(name, |p| normalize_schema(member, p, rewrites))
                    });
                }
            }
        }
    }
}

/// Keywords of an integer schema whose values are integers, though documents (FastAPI's among
/// them) write them as `6144.0`; openapiv3 would reject the float and lose the type.
const INTEGRAL_KEYWORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "default",
];

/// Keywords whose values are counts, whatever the schema's type; written `255.0` by some tools.
const COUNT_KEYWORDS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

fn integral_counts(map: &mut Map, note: &mut impl FnMut(&'static str)) {
    let mut changed = false;
    for key in COUNT_KEYWORDS {
        if let Some(value) = map.get_mut(*key) {
            changed |= make_integral(value);
        }
    }
    if changed {
        note("integral floats in counts to integers");
    }
}

/// What [`file_type`] records: the rewrite that is also a warning.
pub(crate) const FILE_TYPE: &str = "`type: file` is Swagger 2.0's, not OpenAPI 3's";

/// Swagger 2.0's `type: file` is OpenAPI 3's binary string.
fn file_type(map: &mut Map, note: &mut impl FnMut(&'static str)) {
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".into(), "string".into());
        map.insert("format".into(), "binary".into());
        note(FILE_TYPE);
    }
}

/// What [`string_enum_scalars`] records: the rewrite that is also a warning.
pub(crate) const STRING_ENUM_SCALARS: &str =
    "the `enum` of this string schema lists numbers or booleans";

/// A string schema whose `enum` lists numbers or booleans (`enum: [01, 02]` in YAML) means their
/// text: they become strings.
fn string_enum_scalars(map: &mut Map, note: &mut impl FnMut(&'static str)) {
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
pub(crate) const REQUIRED_TRUE: &str =
    "this property says `required: true` (Swagger 2.0's form, not JSON Schema's)";
/// The same for `required: false`.
pub(crate) const REQUIRED_FALSE: &str =
    "this property says `required: false` (Swagger 2.0's form, not JSON Schema's)";

/// Swagger 2.0's `required: true` on a property schema becomes the property's name in its
/// object's `required` list (`required: false` is dropped). The properties that said either,
/// with what they said.
fn boolean_required(map: &mut Map) -> Vec<(String, bool)> {
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

fn integral_numbers(map: &mut Map, note: &mut impl FnMut(&'static str)) {
    if map.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    // A bound beyond what 64 bits hold bounds nothing a client can send.
    for key in ["minimum", "maximum"] {
        if map.get(key).is_some_and(beyond_i64) {
            map.remove(key);
            note("integer bound beyond 64 bits dropped");
        }
    }
    let mut changed = false;
    for key in INTEGRAL_KEYWORDS {
        if let Some(value) = map.get_mut(*key) {
            changed |= make_integral(value);
        }
    }
    if let Some(Value::Sequence(values)) = map.get_mut("enum") {
        for value in values {
            changed |= make_integral(value);
        }
    }
    if changed {
        note("integral floats in an integer schema to integers");
    }
}

/// Whether a number is outside `i64` (a float beyond it, or a `u64` above `i64::MAX`).
fn beyond_i64(value: &Value) -> bool {
    match value.as_i64() {
        Some(_) => false,
        None if value.is_u64() => true,
        None => value.as_f64().is_some_and(|f| f.abs() >= 9.2e18),
    }
}

/// Rewrites a float with no fractional part (and in `i64` range) as an integer.
fn make_integral(value: &mut Value) -> bool {
    let Some(float) = value.as_f64().filter(|_| value.is_f64()) else {
        return false;
    };
    if float.fract() != 0.0 || float.abs() > 9.0e15 {
        return false;
    }
    *value = Value::from(float as i64);
    true
}

/// 3.1's numeric `exclusiveMinimum: 5` is 3.0's `minimum: 5, exclusiveMinimum: true`.
fn exclusive_bound(
    map: &mut Map,
    exclusive: &str,
    bound: &str,
    note: &mut impl FnMut(&'static str),
) {
    if let Some(limit) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
        map.insert(bound.into(), limit);
        map.insert(exclusive.into(), Value::Bool(true));
        note("numeric exclusive bound to the 3.0 pair");
    }
}

/// `type: [T, "null"]` becomes `type: T, nullable: true`; several non-null types become an
/// `anyOf` of one branch per type, each with the keywords that apply to it.
fn type_array(map: &mut Map, note: &mut impl FnMut(&'static str)) {
    if let Some(Value::String(name)) = map.get("type") {
        if name == "null" {
            map.remove("type");
            map.insert("nullable".into(), Value::Bool(true));
            note("`type: null` to `nullable`");
        }
        return;
    }
    let Some(Value::Sequence(types)) = map.get("type").cloned() else {
        return;
    };
    let nullable = types.iter().any(|t| t == "null");
    let rest: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
    map.remove("type");
    if nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }
    match rest.as_slice() {
        [] => {}
        [single] => {
            map.insert("type".into(), single.clone());
        }
        several => {
            let branches = several.iter().map(|t| type_branch(map, t)).collect();
            map.retain(|key, _| key.as_str().is_some_and(|k| ANNOTATIONS.contains(&k)));
            map.insert("anyOf".into(), Value::Sequence(branches));
        }
    }
    note("type array to 3.0 `type` and `nullable`");
}

/// Keywords that describe the whole schema rather than one of its types.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "nullable",
    "deprecated",
    "readOnly",
    "writeOnly",
];

fn type_branch(map: &Map, type_name: &Value) -> Value {
    let mut branch: Map = map
        .iter()
        .filter(|(key, _)| !key.as_str().is_some_and(|k| ANNOTATIONS.contains(&k)))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    branch.insert("type".into(), type_name.clone());
    Value::Mapping(branch)
}

fn is_null_schema(value: &Value) -> bool {
    value.get("type").is_some_and(|t| t == "null")
        || value.get("enum").is_some_and(|e| {
            e.as_sequence()
                .is_some_and(|a| a.len() == 1 && a[0].is_null())
        })
        || value.get("nullable").and_then(Value::as_bool) == Some(true)
            && value.as_mapping().is_some_and(|m| m.len() == 1)
}

/// `anyOf: [X, {type: null}]` becomes X with `nullable: true`.
fn null_branches(map: &mut Map, keyword: &str, note: &mut impl FnMut(&'static str)) {
    let Some(Value::Sequence(branches)) = map.get(keyword) else {
        return;
    };
    if !branches.iter().any(is_null_schema) {
        return;
    }
    let mut rest: Vec<Value> = branches
        .iter()
        .filter(|b| !is_null_schema(b))
        .cloned()
        .collect();
    map.remove(keyword);
    map.insert("nullable".into(), Value::Bool(true));
    note("null branch to `nullable`");
    match rest.len() {
        0 => {}
        1 => merge_branch(map, rest.remove(0)),
        _ => {
            map.insert(keyword.into(), Value::Sequence(rest));
        }
    }
}

/// Moves the one remaining branch into its parent; the parent's own annotations win.
fn merge_branch(map: &mut Map, branch: Value) {
    let Value::Mapping(branch) = branch else {
        return;
    };
    if branch.contains_key("$ref") {
        map.insert(
            "allOf".into(),
            Value::Sequence(vec![Value::Mapping(branch)]),
        );
        return;
    }
    for (key, value) in branch {
        map.entry(key).or_insert(value);
    }
}

/// A `$ref` with siblings (legal in 3.1) becomes `allOf: [{$ref}]` beside the siblings, so the
/// description, default and nullability survive openapiv3's reference type.
fn ref_siblings(map: &mut Map, note: &mut impl FnMut(&'static str)) {
    if map.len() < 2 || !map.contains_key("$ref") {
        return;
    }
    let reference = map.remove("$ref").unwrap_or(Value::Null);
    let mut target = Map::new();
    target.insert("$ref".into(), reference);
    map.insert(
        "allOf".into(),
        Value::Sequence(vec![Value::Mapping(target)]),
    );
    note("`$ref` with siblings to `allOf`");
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value as Json};

    /// A value of the document as JSON, to compare with `json!` (map order aside).
    fn as_json(value: &Value) -> Json {
        serde_json::to_value(value).expect("a JSON-shaped value")
    }

    fn schema(value: Json) -> (Json, Vec<&'static str>) {
        let doc = json!({"openapi": "3.1.0", "paths": {}, "components": {"schemas": {"S": value}}});
        let loaded = load("t.json", &doc.to_string()).expect("loads");
        let whats = loaded.rewrites.iter().map(|r| r.what).collect();
        (as_json(&loaded.value["components"]["schemas"]["S"]), whats)
    }

    #[test]
    fn type_array_with_null_becomes_nullable() {
        let (s, whats) = schema(json!({"type": ["string", "null"], "maxLength": 3}));
        assert_eq!(
            s,
            json!({"type": "string", "nullable": true, "maxLength": 3})
        );
        assert_eq!(whats, ["type array to 3.0 `type` and `nullable`"]);
    }

    #[test]
    fn type_array_of_several_types_becomes_any_of() {
        let (s, _) =
            schema(json!({"type": ["string", "integer"], "description": "d", "maxLength": 3}));
        assert_eq!(
            s,
            json!({"description": "d", "anyOf": [{"type": "string", "maxLength": 3}, {"type": "integer", "maxLength": 3}]})
        );
    }

    #[test]
    fn any_of_with_null_branch_merges_the_other_branch() {
        let (s, _) = schema(
            json!({"anyOf": [{"type": "string", "maxLength": 100}, {"type": "null"}], "title": "Title"}),
        );
        assert_eq!(
            s,
            json!({"title": "Title", "nullable": true, "type": "string", "maxLength": 100})
        );
    }

    #[test]
    fn one_of_null_and_ref_keeps_the_reference() {
        let (s, _) =
            schema(json!({"oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}));
        assert_eq!(
            s,
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
    }

    #[test]
    fn const_becomes_single_enum() {
        let (s, whats) = schema(json!({"const": "x"}));
        assert_eq!(s, json!({"enum": ["x"]}));
        assert_eq!(whats, ["`const` to one-value `enum`"]);
    }

    #[test]
    fn numeric_exclusive_bounds_become_the_3_0_pair() {
        let (s, _) =
            schema(json!({"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10}));
        assert_eq!(
            s,
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true})
        );
    }

    #[test]
    fn integral_floats_in_integer_schemas_become_integers() {
        let (s, _) = schema(
            json!({"anyOf": [{"type": "integer", "maximum": 6144.0, "minimum": 320.0}, {"type": "null"}]}),
        );
        assert_eq!(
            s,
            json!({"nullable": true, "type": "integer", "maximum": 6144, "minimum": 320})
        );
        let (s, _) =
            schema(json!({"type": "integer", "maximum": 1.5, "default": 2.0, "enum": [1.0, 2.0]}));
        assert_eq!(
            s,
            json!({"type": "integer", "maximum": 1.5, "default": 2, "enum": [1, 2]})
        );
    }

    #[test]
    fn boolean_schemas_become_object_schemas() {
        let (s, _) = schema(
            json!({"properties": {"any": true, "none": false}, "items": true,
            "additionalProperties": false}),
        );
        assert_eq!(
            s,
            json!({"properties": {"any": {}, "none": {"not": {}}}, "items": {}, "additionalProperties": false})
        );
    }

    #[test]
    fn a_merged_branch_arrives_in_3_0_terms() {
        let (s, _) = schema(
            json!({"anyOf": [{"type": "integer", "exclusiveMinimum": 0.0}, {"type": "null"}]}),
        );
        assert_eq!(
            s,
            json!({"nullable": true, "type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn integers_beyond_64_bits_are_read_and_bounds_beyond_them_dropped() {
        let text = "openapi: 3.1.0\ncomponents:\n  schemas:\n    S:\n      type: integer\n      \
                    minimum: -9223372036854775809\n      maximum: 18446744073709551616\n      \
                    example: 99999999999999999999\n";
        let loaded = load("t.yaml", text).expect("loads");
        let s = as_json(&loaded.value["components"]["schemas"]["S"]);
        assert_eq!(s, json!({"type": "integer", "example": 1e20}));
        let error = load("t.yaml", "a: 99999999999999999999\na: 1\n").unwrap_err();
        assert!(
            error.message.contains("duplicate entry"),
            "{}",
            error.message
        );
    }

    #[test]
    fn examples_are_dropped_and_3_0_documents_are_untouched() {
        let (s, _) = schema(
            json!({"type": "string", "examples": ["a"], "nullable": true, "exclusiveMinimum": true}),
        );
        assert_eq!(
            s,
            json!({"type": "string", "nullable": true, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn ref_with_siblings_keeps_them() {
        let (s, _) = schema(json!({"$ref": "#/components/schemas/T", "description": "d"}));
        assert_eq!(
            s,
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
    }

    #[test]
    fn nested_schemas_and_operation_schemas_are_normalized() {
        let doc = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"parameters": [
            {"name": "q", "in": "query", "schema": {"type": ["integer", "null"]}}
        ]}}}, "components": {"schemas": {"S": {"properties": {"const": {"items": {"const": 1}}}}}}});
        let loaded = load("t.json", &doc.to_string()).unwrap();
        let v = as_json(&loaded.value);
        assert_eq!(
            v["paths"]["/a"]["get"]["parameters"][0]["schema"],
            json!({"type": "integer", "nullable": true})
        );
        assert_eq!(
            v["components"]["schemas"]["S"]["properties"]["const"],
            json!({"items": {"enum": [1]}})
        );
        let pointers: Vec<&str> = loaded.rewrites.iter().map(|r| r.pointer.as_str()).collect();
        assert!(
            pointers.contains(&"/components/schemas/S/properties/const/items"),
            "{pointers:?}"
        );
        assert!(
            pointers.contains(&"/paths/~1a/get"),
            "the missing `responses` was added: {pointers:?}"
        );
    }

    #[test]
    fn yaml_integer_keys_become_strings_and_missing_paths_are_added() {
        let loaded = load("t.yaml", "openapi: 3.1.0\nwebhooks:\n  a:\n    post:\n      responses:\n        200:\n          description: ok\n").unwrap();
        assert!(loaded.value["webhooks"]["a"]["post"]["responses"]["200"].is_mapping());
        assert_eq!(as_json(&loaded.value["paths"]), json!({}));
    }

    #[test]
    fn the_documents_order_is_kept_for_json_and_yaml() {
        let keys = |loaded: Loaded| -> Vec<String> {
            let properties = &loaded.value["components"]["schemas"]["S"]["properties"];
            let map = properties.as_mapping().expect("properties");
            map.keys()
                .map(|k| k.as_str().unwrap().to_string())
                .collect()
        };
        let json = r#"{"openapi": "3.1.0", "components": {"schemas": {"S": {"properties":
            {"zeta": {}, "alpha": {}, "mid": {"type": ["string", "null"]}, "beta": {}}}}}}"#;
        let yaml = "openapi: 3.1.0\ncomponents:\n  schemas:\n    S:\n      properties:\n        \
                    zeta: {}\n        alpha: {}\n        mid: {type: [string, 'null']}\n        beta: {}\n";
        for loaded in [load("t.json", json), load("t.yaml", yaml)] {
            assert_eq!(keys(loaded.unwrap()), ["zeta", "alpha", "mid", "beta"]);
        }
    }

    #[test]
    fn yaml_gets_json_shape_keeping_order() {
        let text = "openapi: 3.0.3\nx: !tag {b: 1, 2: two, a: .nan, true: t}\n";
        let loaded = load("t.yaml", text).unwrap();
        let x = loaded.value["x"].as_mapping().expect("the tag is dropped");
        let keys: Vec<&str> = x.keys().map(|k| k.as_str().unwrap()).collect();
        assert_eq!(keys, ["b", "2", "a", "true"]);
        assert!(x["a"].is_null(), "NaN has no JSON form");
        assert_eq!(
            as_json(&loaded.value["x"]),
            json!({"b": 1, "2": "two", "a": null, "true": "t"})
        );
    }

    #[test]
    fn syntax_errors_carry_their_position() {
        let error = load("bad.json", "{\n  \"a\": [1,\n}").unwrap_err();
        assert_eq!(
            error.location.position,
            Some(crate::diagnostic::Position { line: 3, column: 1 })
        );
        assert!(
            error.message.starts_with("invalid JSON: "),
            "{}",
            error.message
        );
        let error = load("bad.yaml", "a: b\n c: d\n  - e\n").unwrap_err();
        assert_eq!(error.location.file, "bad.yaml");
        assert!(
            error.message.starts_with("invalid YAML: "),
            "{}",
            error.message
        );
    }
}
