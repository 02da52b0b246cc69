//! The configuration's effect on generated code: the runtime path, the environment variable
//! prefix (configured or from the title), and what a document's servers and security schemes
//! give the generated `Client` and `ClientBuilder`.

use openapi_rust_gen::{generate, Config};

/// A document with the given `servers` and `security` parts (JSON) around one operation.
fn document(title: &str, servers: &str, schemes: &str, security: &str) -> String {
    format!(
        r#"{{"openapi": "3.0.3", "info": {{"title": "{title}", "version": "1"}},
            "servers": {servers},
            "components": {{"securitySchemes": {schemes}}},
            "security": {security},
            "paths": {{"/things": {{"get": {{"operationId": "listThings",
                "responses": {{"204": {{"description": "none"}}}}}}}}}}}}"#
    )
}

fn generated(config: &Config, text: &str) -> String {
    generate(config, text).unwrap_or_else(|d| panic!("{}", d.render()))
}

#[test]
fn the_runtime_is_imported_once_by_the_configured_path() {
    let text = document("Things", "[]", "{}", "[]");
    let code = generated(&Config::new("things.json"), &text);
    assert_eq!(
        code.matches("use ::openapi_rust_runtime as runtime;")
            .count(),
        1
    );
    let config = Config {
        runtime_path: "crate::rt".to_string(),
        ..Config::new("things.json")
    };
    let code = generated(&config, &text);
    assert!(code.contains("\nuse crate::rt as runtime;\n"), "{code}");
    assert!(!code.contains("openapi_rust_runtime"), "{code}");
    let config = Config {
        runtime_path: "not a path!".to_string(),
        ..Config::new("things.json")
    };
    let rendered = generate(&config, &text).unwrap_err().render();
    assert!(
        rendered.contains("the runtime path `not a path!` is not a Rust path"),
        "{rendered}"
    );
}

#[test]
fn environment_variables_take_the_configured_prefix_or_the_titles() {
    let schemes = r#"{"key": {"type": "apiKey", "in": "query", "name": "api_key"},
                      "token": {"type": "http", "scheme": "bearer"}}"#;
    let text = document(
        "Swagger Petstore",
        "[]",
        schemes,
        r#"[{"key": []}, {"token": []}]"#,
    );
    let code = generated(&Config::new("pets.json"), &text);
    for line in [
        "pub const API_KEY_ENV: &str = \"SWAGGER_PETSTORE_API_KEY\";",
        "pub const TOKEN_ENV: &str = \"SWAGGER_PETSTORE_TOKEN\";",
        "pub const BASE_URL_ENV: &str = \"SWAGGER_PETSTORE_BASE_URL\";",
    ] {
        assert!(code.contains(line), "{line}\n{code}");
    }
    let config = Config {
        env_prefix: Some("PETS".to_string()),
        ..Config::new("pets.json")
    };
    let code = generated(&config, &text);
    assert!(code.contains("\"PETS_API_KEY\""), "{code}");
    assert!(!code.contains("SWAGGER_PETSTORE"), "{code}");
    let config = Config {
        env_prefix: Some("PETS-1".to_string()),
        ..Config::new("pets.json")
    };
    let rendered = generate(&config, &text).unwrap_err().render();
    assert!(rendered.contains("prefix `PETS-1`"), "{rendered}");
}

#[test]
fn credential_setters_follow_the_schemes_the_operations_use() {
    let schemes = r#"{"key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                      "basic": {"type": "http", "scheme": "basic"},
                      "unused": {"type": "http", "scheme": "bearer"}}"#;
    let text = document("Things", "[]", schemes, r#"[{"key": []}, {"basic": []}]"#);
    let code = generated(&Config::new("things.json"), &text);
    assert!(code.contains("pub fn api_key("), "{code}");
    assert!(code.contains("pub fn basic_auth("), "{code}");
    assert!(!code.contains("pub fn bearer_token("), "{code}");
    assert!(!code.contains("TOKEN_ENV"), "{code}");
    assert!(code.contains("sent in the `X-Key` header"), "{code}");
    assert!(
        code.contains(".required_credential(runtime::CredentialKind::ApiKey)"),
        "{code}"
    );
    // Optional security (an empty requirement) asks for no credential at build time.
    let text = document("Things", "[]", schemes, r#"[{}, {"key": []}]"#);
    let code = generated(&Config::new("things.json"), &text);
    assert!(!code.contains(".required_credential("), "{code}");
    // No security at all: no setter, no credential variable.
    let text = document("Things", "[]", "{}", "[]");
    let code = generated(&Config::new("things.json"), &text);
    for absent in [
        "pub fn api_key(",
        "pub fn bearer_token(",
        "pub fn basic_auth(",
        "API_KEY_ENV",
    ] {
        assert!(!code.contains(absent), "{absent}\n{code}");
    }
}

#[test]
fn several_schemes_of_a_kind_get_a_setter_each_that_collides_with_nothing() {
    let schemes = r#"{"timeout": {"type": "apiKey", "in": "header", "name": "X-Timeout-Key"},
                      "api key": {"type": "apiKey", "in": "query", "name": "key"},
                      "Team-ID": {"type": "apiKey", "in": "cookie", "name": "team"},
                      "team_id": {"type": "apiKey", "in": "header", "name": "X-Team"}}"#;
    let security = r#"[{"timeout": [], "Team-ID": []}, {"api key": [], "team_id": []}]"#;
    let code = generated(
        &Config::new("things.json"),
        &document("Things", "[]", schemes, security),
    );
    for line in [
        "pub fn timeout2(",
        "pub fn api_key2(",
        "pub fn team_id(",
        "pub fn team_id2(",
        "sent in the `X-Timeout-Key` header",
        "sent in the `key` query parameter",
        "sent in the `team` cookie",
        "reads it from `THINGS_TEAM_ID2`",
        ".security(&[&[\"timeout\", \"Team-ID\"], &[\"api key\", \"team_id\"]])",
    ] {
        assert!(code.contains(line), "{line}\n{code}");
    }
    // No shared setter, so nothing for `build` to insist on.
    assert!(!code.contains("pub fn api_key("), "{code}");
    assert!(!code.contains(".required_credential("), "{code}");
}

#[test]
fn the_default_base_url_is_the_first_server_with_its_variable_defaults() {
    let servers = r#"[{"url": "https://{region}.example.com/v1",
                       "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}}},
                      {"url": "https://backup.example.com"}]"#;
    let code = generated(
        &Config::new("things.json"),
        &document("Things", servers, "{}", "[]"),
    );
    assert!(
        code.contains("pub const DEFAULT_BASE_URL: &str = \"https://eu.example.com/v1\";"),
        "{code}"
    );
    assert!(
        code.contains(".default_base_url(DEFAULT_BASE_URL)"),
        "{code}"
    );
    // A relative server leaves the base URL to the user: no constant, and the builder says so.
    let code = generated(
        &Config::new("things.json"),
        &document("Things", r#"[{"url": "/api"}]"#, "{}", "[]"),
    );
    assert!(!code.contains("DEFAULT_BASE_URL"), "{code}");
    assert!(!code.contains(".default_base_url("), "{code}");
    assert!(code.contains("required: the spec gives no"), "{code}");
}
