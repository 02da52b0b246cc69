//! OpenAPI 3.1 forms rewritten into their 3.0 meaning, schemas inside out, wherever a schema
//! can appear; every rewrite is recorded. The schema repairs of `repair` run in the same walk.

use super::repair::{self, REQUIRED_FALSE, REQUIRED_TRUE};
use super::{Rewrite, METHODS};
use crate::pointer::JsonPointer;
use serde_yaml::{Mapping as Map, Value};

/// Walks the document outside schemas, normalizing each schema it reaches.
pub(super) fn normalize_document(doc: &mut Value, rewrites: &mut Vec<Rewrite>) {
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
    repair::file_type(map, &mut note);
    repair::string_enum_scalars(map, &mut note);
    integral_counts(map, &mut note);
    integral_numbers(map, &mut note);
    for (name, required) in repair::boolean_required(map) {
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
