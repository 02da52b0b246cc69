//! Stage 1, load: document text (YAML or JSON) to a normalized document value.
//!
//! openapiv3 models OpenAPI 3.0, so 3.1 constructs are rewritten here into their 3.0 meaning
//! before the model stage parses the value into openapiv3's types. Every rewrite is recorded.
//! Positions are not tracked while parsing: a diagnostic is rare, so [`crate::locate`] finds the
//! line of a JSON pointer in the original text only when one is reported.
//!
//! The work is split by job, each part using only the ones before it: `parse` (text to a value
//! in JSON's shape, with syntax errors and keys given twice), `external` (references to other
//! files and to nodes that are not component entries, inlined), `repair` (the lenient repairs of
//! sloppy documents, each with a warning) and `rewrite` (3.1 forms into 3.0 terms, calling the
//! schema repairs as it walks).

mod external;
mod parse;
mod repair;
mod rewrite;
mod sections;

/// The parser alone, for the corpus command's look at what a file is.
#[cfg(feature = "tools")]
pub(crate) use parse::parse_text;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pointer::JsonPointer;
use serde_yaml::Value;

/// A document after loading: the normalized value and what normalization changed.
#[derive(Debug)]
pub struct Loaded {
    /// The document, with 3.1 constructs rewritten into their 3.0 meaning. A YAML value, for
    /// its maps keep the document's order; it has JSON's shape (string keys, no tags).
    pub value: Value,
    /// Each rewrite, as the JSON pointer of the schema and what was done there.
    // Read by this module's tests only, now that the stage is private.
    #[cfg_attr(not(test), allow(dead_code))]
    pub rewrites: Vec<Rewrite>,
    /// The other files read for `$ref`s, sorted.
    pub sources: Vec<std::path::PathBuf>,
    /// What was sloppy in the text and what was done instead (two keys of one YAML mapping that
    /// are the same string, as `200` and `"200"`).
    pub warnings: Vec<Diagnostic>,
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
/// Loading stops at the first error (a document that does not parse has nothing to check
/// further); the error's position is found later, when it is reported.
pub fn load(file: &str, text: &str) -> Result<Loaded, Diagnostics> {
    if text.len() > MAX_DOCUMENT_BYTES {
        let message = format!(
            "the document is {:.1} MiB ({} bytes), over the limit of {} MiB ({MAX_DOCUMENT_BYTES} bytes)",
            text.len() as f64 / (1024.0 * 1024.0),
            text.len(),
            MAX_DOCUMENT_BYTES / (1024 * 1024),
        );
        let diagnostic = Diagnostic::in_file(file, message)
            .with_help("split the document, or leave out what the client does not use");
        return Err(Diagnostics::from(diagnostic));
    }
    let (mut value, mut warnings) = parse::parse(file, text)?;
    let sources = external::resolve(&mut value, file, &mut warnings)?;
    let mut rewrites = Vec::new();
    rewrite::normalize_document(&mut value, &mut rewrites);
    repair::parameters_without_schema(&mut value, &mut warnings);
    repair::required_texts(&mut value, &mut warnings);
    repair::colliding_statuses(&value, &mut warnings);
    warnings.extend(rewrites.iter().filter_map(repair::warning_of));
    Ok(Loaded {
        value,
        rewrites,
        sources,
        warnings,
    })
}

/// The keys of a path item that are operations.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

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
        let error = load("t.yaml", "a: 99999999999999999999\na: 1\n")
            .unwrap_err()
            .0
            .remove(0);
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
        let error = load("bad.json", "{\n  \"a\": [1,\n}")
            .unwrap_err()
            .0
            .remove(0);
        assert_eq!(
            error.location.position,
            Some(crate::diagnostic::Position { line: 3, column: 1 })
        );
        assert!(
            error.message.starts_with("invalid JSON: "),
            "{}",
            error.message
        );
        let error = load("bad.yaml", "a: b\n c: d\n  - e\n")
            .unwrap_err()
            .0
            .remove(0);
        assert_eq!(error.location.file, "bad.yaml");
        assert!(
            error.message.starts_with("invalid YAML: "),
            "{}",
            error.message
        );
    }
}
