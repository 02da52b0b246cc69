//! Hostile and huge input: text and names from outside cannot break or change the generated code,
//! and documents built to exhaust the generator (deep nesting, huge size, reference cycles) give a
//! diagnostic instead of a stack overflow, an unbounded allocation or a hang.

mod constructs;

use openapi_rust_gen::tools::{Checker, Outcome};
use openapi_rust_gen::{generate, Config, Diagnostics};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Descriptions and titles that try to end a comment, an attribute or a string, smuggle
/// control or bidirectional characters, or start code, HTML or links.
const HOSTILE_TEXT: &[&str] = &[
    "ends a comment */ and opens /* another",
    "closes an attribute \"] #[cfg(any())] pub fn injected() {} #[doc = \"",
    "back\\slash \\\" \\n \\u{0} \\",
    "control \u{0} NUL \u{1b}[31m ESC \u{7f} DEL \u{8} BS \u{7} BEL \u{b} VT \u{c} FF \u{85} NEL",
    "tab\there, CR\rhere, CRLF\r\nhere, LS\u{2028}here, PS\u{2029}here",
    "bidi \u{202e}desrever\u{202c} \u{2066}isolate\u{2069} \u{2067}rtl\u{2069} \u{2068}first\u{2069} \u{200f}rlm \u{200e}lrm \u{61c}alm \u{202a}\u{202b}\u{202d}",
    "```rust\nfn main() { panic!(\"doctest ran\") }\n```",
    "```\nan unclosed fence\n#![deny(warnings)]",
    "    indented like a code block\n\tand tabbed",
    "<script>alert(1)</script> <!-- comment --> &amp; <b>bold</b> </div>",
    "[link](javascript:alert(1)) [`crate::Client`] [broken] ![img](x) <https://x> http://a.b/[c]",
    "# heading\n#![deny(warnings)]\n//! inner doc\n/// outer doc\n*/",
    "emoji \u{1f980}, CJK \u{540d}\u{524d}, combining e\u{301}, zero-width\u{200b}joiner\u{200d}, BOM\u{feff}",
    "",
    "   ",
    "\n\n\n",
];

/// Names (schema keys, property names, enum values, operationIds, parameter names) that are
/// keywords, paths, quotes, spaces, digits, only symbols, or not ASCII.
const HOSTILE_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "r#type",
    "_",
    "__",
    "async",
    "gen",
    "try",
    "std::string::String",
    "a::b",
    "::",
    "\"quoted\"",
    "\"]",
    "*/",
    "with space",
    " padded ",
    "0leading",
    "123",
    "$%^&*",
    "-",
    "\u{540d}\u{524d}",
    "\u{fc}n\u{ef}c\u{f6}d\u{e9}",
    "\u{202e}reversed",
    "nul\u{0}byte",
    "new\nline",
    "Client",
    "Error",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Value",
    "serde",
    "std",
    "None",
    "Some",
    "Ok",
    "Err",
    "default",
    "new",
    "validate",
    "Other",
];

/// The characters that must never reach the generated file as they are: every control
/// character but the newline, and the bidirectional controls rustc rejects in comments.
fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{61c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn text(index: usize) -> &'static str {
    HOSTILE_TEXT[index % HOSTILE_TEXT.len()]
}

/// A document made of hostile strings, in every place that becomes a name or a comment.
fn hostile_spec() -> Value {
    let mut schemas = Map::new();
    let mut properties = Map::new();
    for (index, name) in HOSTILE_NAMES.iter().enumerate() {
        let ty = ["string", "integer", "boolean", "number"][index % 4];
        properties.insert(
            name.to_string(),
            json!({"type": ty, "description": text(index), "title": text(index + 1)}),
        );
    }
    let required: Vec<&str> = HOSTILE_NAMES.iter().step_by(3).copied().collect();
    for (index, key) in HOSTILE_NAMES.iter().enumerate() {
        let schema = match index % 3 {
            0 => json!({
                "type": "object",
                "title": text(index),
                "description": text(index + 2),
                "properties": properties,
                "required": required,
            }),
            1 => json!({"type": "string", "description": text(index), "enum": HOSTILE_NAMES}),
            _ => json!({
                "description": text(index),
                "oneOf": [
                    {"$ref": format!("#/components/schemas/{}", HOSTILE_NAMES[0])},
                    {"type": "string", "maxLength": 3, "description": text(index + 1)},
                ],
            }),
        };
        schemas.insert(key.to_string(), schema);
    }
    let mut paths = Map::new();
    for (index, id) in HOSTILE_NAMES.iter().enumerate() {
        let param = HOSTILE_NAMES[(index + 7) % HOSTILE_NAMES.len()];
        let query = HOSTILE_NAMES[(index + 11) % HOSTILE_NAMES.len()];
        let header = HOSTILE_NAMES[(index + 13) % HOSTILE_NAMES.len()];
        let target = HOSTILE_NAMES[index / 3 * 3];
        let path = format!("/items{index}/{{{param}}}/\"q\"/%20/*/\\");
        let operation = json!({
            "operationId": id,
            "summary": text(index),
            "description": text(index + 3),
            "tags": [text(index)],
            "parameters": [
                {"name": param, "in": "path", "required": true,
                 "description": text(index + 4), "schema": {"type": "string"}},
                {"name": query, "in": "query", "description": text(index + 5),
                 "schema": {"type": "string", "enum": ["a", "*/", "\"]", ""]}},
                {"name": header, "in": "header", "description": text(index + 6),
                 "schema": {"type": "integer"}},
            ],
            "requestBody": {
                "description": text(index + 7),
                "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{target}")}}},
            },
            "responses": {
                "200": {"description": text(index + 8), "content": {"application/json": {"schema": {
                    "type": "object", "description": text(index + 9),
                    "properties": {id.to_string(): {"type": "string", "description": text(index + 10)}},
                }}}},
                "4XX": {"description": text(index + 11), "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{target}")}}}},
                "default": {"description": text(index + 12)},
            },
        });
        paths.insert(path, json!({"summary": text(index), "post": operation}));
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": text(1), "description": text(2), "version": "1\"]*/"},
        "servers": [{"url": "https://example.com/\"]*/\u{202e}\\", "description": text(3)}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"*/ key \"]": {"type": "apiKey", "in": "header", "name": "X-Key\"]*/", "description": text(4)}},
        },
        "security": [{"*/ key \"]": []}],
    })
}

fn generated(name: &str, text: &str) -> String {
    generate(&Config::new(name), text)
        .unwrap_or_else(|d| panic!("{name} does not generate:\n{}", d.render()))
}

/// Everything after the header (which names the spec file).
fn body(code: &str) -> &str {
    code.split_once("\n\n").map_or(code, |(_, body)| body)
}

#[test]
fn hostile_strings_generate_code_that_compiles_without_warnings() {
    let spec = hostile_spec();
    let json_text = serde_json::to_string_pretty(&spec).unwrap();
    let yaml_text = serde_yaml::to_string(&spec).unwrap();
    let code = generated("hostile.json", &json_text);
    assert_eq!(
        body(&code),
        body(&generated("hostile.yaml", &yaml_text)),
        "the YAML form of the document generates the same code"
    );
    let raw: Vec<(usize, char)> = code.char_indices().filter(|(_, c)| forbidden(*c)).collect();
    assert!(
        raw.is_empty(),
        "raw control or bidi characters in the output: {raw:?}"
    );
    for line in code
        .lines()
        .map(str::trim_start)
        .filter(|l| !l.starts_with("//"))
    {
        assert!(
            !["#![", "#[cfg", "pub fn injected", "fn injected"]
                .iter()
                .any(|code| line.starts_with(code)),
            "injected code: {line}"
        );
    }
    // The regressions compile in the same `cargo check`, which costs far less than a second one.
    let mut files = vec![("hostile".to_string(), code)];
    for (name, text) in REGRESSIONS {
        files.push((name.to_string(), generated(name, text)));
    }
    compile_without_warnings("hostile", &files);
}

/// Compiles each generated file as an outside crate on the runtime (in one `cargo check`), and
/// fails naming the first that has an error or a warning.
fn compile_without_warnings(label: &str, files: &[(String, String)]) {
    let root = workspace_root();
    let outcomes = Checker::for_workspace(&root, &root.join("target"), label)
        .check(files)
        .expect("cargo check runs");
    for (name, code) in files {
        match &outcomes[name] {
            Outcome::Clean => {}
            Outcome::Failed(messages) => panic!("{name}: {messages}\n\n{code}"),
        }
    }
}

/// Small documents that once made the generator panic or write code with warnings, each with
/// what went wrong; they must generate code that compiles without warnings.
const REGRESSIONS: &[(&str, &str)] = &[
    (
        // Found by the fuzzer: colliding method names took path words as names (`r#typeof`,
        // `self_`), and `get_r#typeof` made proc_macro2 panic.
        "keyword-path-words",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /self:\n    get: {operationId: get, responses: {'204': {description: ok}}}\n  /typeof:\n    get: {operationId: Get, responses: {'204': {description: ok}}}\n",
    ),
    (
        // The operation `self` named its types `Self_Params`, `Self_Response` and `Self_Error`
        // (not UpperCamelCase, so warnings).
        "self-operation",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: self\n      parameters:\n        - {name: q, in: query, schema: {type: string}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}\n        '201': {description: ok, content: {application/json: {schema: {type: string}}}}\n        '404': {description: no}\n",
    ),
];

/// Runs `f` on a thread with the 2 MiB stack Rust gives test threads, so that a recursion too
/// deep for it fails the test (with a stack overflow) instead of passing on a larger stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawns")
        .join()
        .expect("does not panic")
}

fn document_around(schema: &str, json: bool) -> String {
    if json {
        format!(
            "{{\"openapi\": \"3.1.0\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}},\n\"components\": {{\"schemas\": {{\"Deep\": {schema}}}}}}}\n"
        )
    } else {
        format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n")
    }
}

/// A schema nested `depth` levels deep, alternating objects and arrays, in flow syntax (valid
/// as JSON and as YAML).
fn nested_schema(depth: usize) -> String {
    let mut open = String::new();
    let mut close = String::new();
    for level in 0..depth {
        if level % 2 == 0 {
            open.push_str("{\"type\": \"object\", \"properties\": {\"next\": ");
            close.push_str("}}");
        } else {
            open.push_str("{\"type\": \"array\", \"items\": ");
            close.push('}');
        }
    }
    format!("{open}{{\"type\": \"string\"}}{close}")
}

#[test]
fn deep_nesting_gives_a_diagnostic_not_a_stack_overflow() {
    // Flow syntax (JSON, and YAML) and block YAML (compact nested sequences, `- - - x`, the
    // only block form whose size does not grow with the square of the depth).
    let block = format!("\n      {}x", "- ".repeat(10_000));
    let documents = [
        document_around(&nested_schema(10_000), true),
        document_around(&nested_schema(10_000), false),
        document_around(&block, false),
    ];
    for text in documents {
        let rendered = on_small_stack(move || match generate(&Config::new("deep"), &text) {
            Ok(_) => panic!("a 10,000-level document generated"),
            Err(diagnostics) => diagnostics.render(),
        });
        assert!(rendered.contains("recursion limit exceeded"), "{rendered}");
    }
}

#[test]
fn an_empty_all_of_is_any_value() {
    // Regression: `allOf: []` sent the model stage into endless recursion (a stack overflow).
    let text = document_around(
        r#"{"allOf": [], "properties": {"p": {"allOf": []}, "q": {"items": {"allOf": []}}}}"#,
        true,
    );
    let code =
        on_small_stack(move || generate(&Config::new("empty.json"), &text).map_err(|d| d.render()))
            .unwrap_or_else(|d| panic!("{d}"));
    assert!(
        code.contains("pub p: ::std::option::Option<runtime::serde_json::Value>"),
        "{code}"
    );
    let text = document_around(r#"{"allOf": []}"#, false);
    let code =
        on_small_stack(move || generate(&Config::new("empty.yaml"), &text).map_err(|d| d.render()))
            .unwrap_or_else(|d| panic!("{d}"));
    assert!(
        code.contains("pub type Deep = runtime::serde_json::Value;"),
        "{code}"
    );
}

#[test]
fn nesting_within_the_limit_generates_on_a_small_stack() {
    // serde's limit is 128 levels of JSON; 40 schemas with `properties` or `items` between
    // them and the document around them stay under it, and must not overflow a 2 MiB stack
    // in any stage (an unoptimized build uses the most stack).
    for json in [true, false] {
        let text = document_around(&nested_schema(40), json);
        let result =
            on_small_stack(move || generate(&Config::new("nested"), &text).map_err(|d| d.render()));
        let code = result.unwrap_or_else(|d| panic!("{d}"));
        assert!(code.contains("pub struct Deep "), "{code}");
    }
}

fn assert_fast(started: Instant, what: &str) {
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(2), "{what} took {elapsed:?}");
}

#[test]
fn a_huge_document_is_refused_with_its_size_and_the_limit() {
    const SIZE: usize = 50 * 1024 * 1024;
    let head = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\n  description: ";
    let mut yaml = String::with_capacity(SIZE);
    yaml.push_str(head);
    yaml.extend(std::iter::repeat_n('x', SIZE - head.len() - 1));
    yaml.push('\n');
    // The same size as one line of JSON, where the whole document is the source line.
    let json = format!(
        "{{\"openapi\": \"3.1.0\", \"info\": {{\"description\": \"{}\"}}}}",
        &yaml[head.len()..SIZE - 100]
    );
    for (name, text) in [("huge.yaml", yaml), ("huge.json", json)] {
        let started = Instant::now();
        let diagnostics: Diagnostics = generate(&Config::new(name), &text).expect_err("refused");
        assert_fast(started, name);
        assert_eq!(diagnostics.0.len(), 1);
        let rendered = diagnostics.render();
        assert!(
            rendered.len() < 1000,
            "a short message: {} bytes",
            rendered.len()
        );
        assert!(
            rendered.starts_with(&format!("{name}: error: ")),
            "{rendered}"
        );
        assert!(
            rendered.contains(&format!("({} bytes)", text.len())),
            "the size: {rendered}"
        );
        assert!(
            rendered.contains("16 MiB (16777216 bytes)"),
            "the limit: {rendered}"
        );
    }
}

#[test]
fn a_document_just_under_the_limit_is_read() {
    let limit = openapi_rust_gen::MAX_DOCUMENT_BYTES;
    let head = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\n  description: ";
    let mut text = String::with_capacity(limit);
    text.push_str(head);
    text.extend(std::iter::repeat_n('x', limit - head.len() - 1));
    text.push('\n');
    assert_eq!(text.len(), limit);
    assert!(openapi_rust_gen::tools::stages::load("big.yaml", &text).is_ok());
}

/// Generates `schemas` on a small stack, in a thread the test gives up on after a while, so a
/// hang fails the test instead of stalling the run.
fn outcome_of_schemas(schemas: Value) -> Result<String, String> {
    let text = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "get_a", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}},
        }}}}},
        "components": {"schemas": schemas},
    })
    .to_string();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let result = generate(&Config::new("cycle.json"), &text).map_err(|d| d.render());
            let _ = sender.send(result);
        })
        .expect("spawns");
    receiver
        .recv_timeout(Duration::from_secs(20))
        .expect("finishes (no hang, no panic)")
}

#[test]
fn reference_cycles_not_through_an_object_are_diagnosed() {
    let cycles = [
        (
            "two references",
            json!({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}),
        ),
        (
            "a reference to itself",
            json!({"A": {"$ref": "#/components/schemas/A"}}),
        ),
        (
            "allOf of one",
            json!({"A": {"allOf": [{"$ref": "#/components/schemas/B"}]}, "B": {"allOf": [{"$ref": "#/components/schemas/A"}]}}),
        ),
        (
            "allOf of two",
            json!({
                "A": {"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object", "properties": {"a": {"type": "string"}}}]},
                "B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "properties": {"b": {"type": "string"}}}]},
            }),
        ),
        (
            "allOf of itself twice",
            json!({"A": {"allOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/A"}]}}),
        ),
        (
            "nullable itself",
            json!({"A": {"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]}}),
        ),
    ];
    let mut wrong = Vec::new();
    for (what, schemas) in cycles {
        match outcome_of_schemas(schemas) {
            Err(rendered) if rendered.contains("cycle") => {}
            Err(rendered) => wrong.push(format!("{what}: {rendered}")),
            Ok(code) => wrong.push(format!(
                "{what}: generated\n{}",
                &code[..code.find("/// The documented").unwrap_or(code.len())]
            )),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn recursion_through_an_object_or_a_union_still_generates() {
    let code = outcome_of_schemas(json!({
        "A": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/B"}, "all": {"type": "array", "items": {"$ref": "#/components/schemas/A"}}}},
        "B": {"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true},
    }))
    .unwrap_or_else(|d| panic!("{d}"));
    assert!(code.contains("Box<B>"), "{code}");
    // A diamond of `allOf`s merges the shared part once, however many paths lead to it.
    let mut schemas = Map::new();
    schemas.insert("A".into(), json!({"allOf": [{"$ref": "#/components/schemas/L0"}, {"$ref": "#/components/schemas/L0"}]}));
    for level in 0..30 {
        let next = format!("#/components/schemas/L{}", level + 1);
        schemas.insert(format!("L{level}"), json!({"allOf": [{"$ref": next}, {"$ref": next}, {"type": "object", "properties": {format!("p{level}"): {"type": "string"}}}]}));
    }
    schemas.insert(
        "L30".into(),
        json!({"type": "object", "properties": {"last": {"type": "integer"}}}),
    );
    let code = outcome_of_schemas(Value::Object(schemas)).unwrap_or_else(|d| panic!("{d}"));
    assert!(
        code.contains("pub p0: ") && code.contains("pub last: "),
        "{code}"
    );
    let code = outcome_of_schemas(
        json!({"A": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "string"}]}}),
    )
    .unwrap_or_else(|d| panic!("{d}"));
    assert!(code.contains("A(::std::boxed::Box<A>)"), "{code}");
    // A list or a map of itself is a tree: a newtype holds it.
    for schema in [
        json!({"type": "array", "items": {"$ref": "#/components/schemas/A"}}),
        json!({"type": "object", "additionalProperties": {"$ref": "#/components/schemas/A"}}),
    ] {
        let code = outcome_of_schemas(json!({"A": schema})).unwrap_or_else(|d| panic!("{d}"));
        assert!(
            code.contains("#[serde(crate = \"runtime::serde\", transparent)]\npub struct A {"),
            "{code}"
        );
    }
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    // "Billion laughs": ten aliases of ten aliases, nine levels deep, is 10^10 strings expanded.
    let mut text =
        String::from("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-bomb:\n");
    text.push_str("  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let previous = format!("*a{}", level - 1);
        text.push_str(&format!(
            "  a{level}: &a{level} [{}]\n",
            vec![previous; 10].join(", ")
        ));
    }
    let started = Instant::now();
    let rendered = generate(&Config::new("bomb.yaml"), &text)
        .expect_err("refused")
        .render();
    assert_fast(started, "the alias bomb");
    assert!(
        rendered.contains("invalid YAML: repetition limit exceeded"),
        "{rendered}"
    );
}

#[test]
fn a_long_chain_of_types_is_analysed_in_linear_time() {
    // Regression: which types validate was found by a pass per link of a chain of types, each
    // pass quadratic: in a debug build 1,000 types took 11 s and 2,000 types 106 s (cubic).
    const LENGTH: usize = 3000;
    let mut schemas = Map::new();
    for index in 0..LENGTH {
        let schema = if index + 1 == LENGTH {
            json!({"type": "object", "properties": {"v": {"type": "string", "maxLength": 3}}})
        } else {
            let next = format!("#/components/schemas/S{:05}", index + 1);
            json!({"type": "object", "properties": {"next": {"$ref": next}}})
        };
        schemas.insert(format!("S{index:05}"), schema);
    }
    let text = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": schemas}})
    .to_string();
    let started = Instant::now();
    let code = generated("chain.json", &text);
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(60), "took {elapsed:?}");
    // Every struct of the chain checks the constraint at its end.
    assert_eq!(code.matches("fn validate(").count(), LENGTH, "{elapsed:?}");
}

#[test]
fn thousands_of_problems_in_a_one_line_document_are_reported_quickly() {
    // 4,000 operations with the same operationId, in one line of JSON: each problem would find its
    // position by scanning the whole line, so only the first ones are located.
    let paths: Vec<String> = (0..4000)
        .map(|i| format!(r#""/p{i}":{{"get":{{"operationId":"same","responses":{{"204":{{"description":"ok"}}}}}}}}"#))
        .collect();
    let text = format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},"paths":{{{}}}}}"#,
        paths.join(",")
    );
    let start = std::time::Instant::now();
    let diagnostics =
        openapi_rust_gen::generate(&openapi_rust_gen::Config::new("many.json"), &text).unwrap_err();
    assert!(
        start.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(diagnostics.0.len(), 51);
    assert!(
        diagnostics.0[50]
            .message
            .starts_with("3949 more problems not listed"),
        "{}",
        diagnostics.0[50].message
    );
}

#[test]
fn lenient_forms_that_refer_to_themselves_end_on_a_small_stack() {
    let cases = [
        (
            "an allOf whose union part is the schema itself",
            json!({"A": {"allOf": [{"oneOf": [{"$ref": "#/components/schemas/A"}]},
                {"type": "object", "properties": {"a": {"type": "string"}}}]}}),
        ),
        (
            "a union part whose branch is an allOf of the union",
            json!({"A": {"allOf": [{"$ref": "#/components/schemas/U"}, {"type": "object"}]},
                "U": {"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "object"}]}}),
        ),
        (
            "a JSON-pointer reference to a node inside itself",
            json!({"A": {"properties": {"self": {"$ref": "#/components/schemas/A/properties/self"}}}}),
        ),
        (
            "a reference to the whole document",
            json!({"A": {"properties": {"doc": {"$ref": "#"}}}}),
        ),
        (
            "boolean schemas everywhere",
            json!({"A": {"properties": {"t": true, "f": false}, "items": false,
                "additionalProperties": true, "anyOf": [true, {"type": "null"}]}}),
        ),
    ];
    for (what, schemas) in cases {
        // Generated or refused, but finished: no panic, no overflow, no hang.
        let outcome = outcome_of_schemas(schemas);
        if let Ok(code) = &outcome {
            assert!(code.contains("pub async fn get_a("), "{what}");
        }
    }
}

/// How many documents of random constructs are generated; each distinct result is compiled.
const CONSTRUCT_SEEDS: u64 = 48;

#[test]
fn random_combinations_of_published_constructs_generate_code_without_warnings() {
    let dir = std::env::temp_dir().join(format!("constructs-{}", std::process::id()));
    constructs::write_files(&dir).expect("writes the referenced files");
    let spec = dir.join("openapi.json");
    let name = spec.to_string_lossy().into_owned();
    let mut files: Vec<(String, String)> = Vec::new();
    let mut refused = 0;
    for seed in 1..=CONSTRUCT_SEEDS {
        let text = constructs::document(&mut constructs::Seeded(seed * 0x9e37_79b9));
        let outcome = on_small_stack({
            let (name, text) = (name.clone(), text.clone());
            move || generate(&Config::new(&name), &text).map_err(|d| d.render())
        });
        match outcome {
            Ok(code) if !files.iter().any(|(_, known)| body(known) == body(&code)) => {
                files.push((format!("constructs-{seed}"), code));
            }
            Ok(_) => {}
            // Only another section's entry that does not fit may be refused, saying why.
            Err(rendered) => {
                assert!(rendered.contains(" belongs, and "), "{text}\n{rendered}");
                refused += 1;
            }
        }
    }
    assert!(
        files.len() >= 8 && refused > 0,
        "{} generated, {refused} refused",
        files.len()
    );
    compile_without_warnings("constructs", &files);
    let _ = std::fs::remove_dir_all(&dir);
}
