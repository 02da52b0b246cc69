//! Selection of operations (`Config::operations`, `Config::tags`, `Builder::operations`,
//! `--operations`): the client holds the chosen operations and exactly the types they reach,
//! names do not depend on the selection (choosing one more operation only adds lines), an
//! unknown operationId or tag names the nearest ones, and the tool and the Builder agree.

use openapi_rust_gen::{generate, Builder, Config};
use std::path::PathBuf;
use std::process::Command;

/// Three operations: `getPet` reaches `Pet` and, through it, `Owner` and `Kind`; `listStores`
/// (tag `store`) reaches `Store`; `deleteStore` (tag `store`) reaches nothing; `Unused` is
/// reached by none.
const SPEC: &str = "openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pet]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: verbose, in: query, schema: {type: boolean}}
      responses:
        '200':
          description: the pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /stores:
    get:
      operationId: listStores
      tags: [store]
      responses:
        '200':
          description: the stores
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Store'}}
        '404':
          description: none
          content:
            application/json:
              schema: {type: object, properties: {message: {type: string}}}
  /stores/{id}:
    delete:
      operationId: deleteStore
      tags: [store]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: deleted}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
        owner: {$ref: '#/components/schemas/Owner'}
    Owner:
      type: object
      properties:
        kinds: {type: array, items: {$ref: '#/components/schemas/Kind'}}
    Kind: {type: string, enum: [person, company]}
    Store:
      type: object
      properties:
        city: {type: string}
    Unused:
      type: object
      properties:
        what: {type: string}
";

fn selected(operations: &[&str], tags: &[&str]) -> Result<String, String> {
    let config = Config {
        operations: operations.iter().map(|s| s.to_string()).collect(),
        tags: tags.iter().map(|s| s.to_string()).collect(),
        ..Config::new("shop.yaml")
    };
    generate(&config, SPEC).map_err(|d| d.render())
}

/// The names of the types and operation methods `code` defines.
fn items(code: &str) -> Vec<String> {
    let mut found: Vec<String> = code
        .lines()
        .filter_map(|line| {
            let line = line.trim_start();
            ["pub struct ", "pub enum ", "pub type ", "pub async fn "]
                .iter()
                .find_map(|start| line.strip_prefix(start))
                .map(|rest| {
                    rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                        .next()
                        .unwrap_or_default()
                        .to_string()
                })
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_selection_keeps_its_operations_and_exactly_the_types_they_reach() {
    let code = selected(&["getPet"], &[]).unwrap();
    let items = items(&code);
    let kept = [
        "Client",
        "ClientBuilder",
        "GetPetError",
        "GetPetParams",
        "Kind",
        "Owner",
        "Pet",
        "get_pet",
    ];
    for name in kept {
        assert!(items.iter().any(|i| i == name), "{name} missing: {items:?}");
    }
    for name in [
        "Store",
        "Unused",
        "ListStoresError",
        "list_stores",
        "delete_store",
    ] {
        assert!(!items.iter().any(|i| i == name), "{name} kept: {items:?}");
    }
    let by_tag = items_of(selected(&[], &["store"]));
    assert!(by_tag.iter().any(|i| i == "list_stores"), "{by_tag:?}");
    assert!(by_tag.iter().any(|i| i == "delete_store"), "{by_tag:?}");
    assert!(by_tag.iter().any(|i| i == "Store"), "{by_tag:?}");
    assert!(
        !by_tag.iter().any(|i| i == "Pet" || i == "get_pet"),
        "{by_tag:?}"
    );
    let everything = items_of(selected(&[], &[]));
    assert!(everything.iter().any(|i| i == "Unused"), "{everything:?}");
}

fn items_of(code: Result<String, String>) -> Vec<String> {
    items(&code.unwrap())
}

#[test]
fn an_unknown_operation_or_tag_names_the_nearest_ones() {
    let error = selected(&["getPets", "listStore"], &["stor"]).unwrap_err();
    assert!(
        error.contains("error: the document has no operationId `getPets`"),
        "{error}"
    );
    assert!(error.contains("did you mean `getPet`?"), "{error}");
    assert!(error.contains("did you mean `listStores`?"), "{error}");
    assert!(error.contains("the document has no tag `stor`"), "{error}");
    assert!(error.contains("did you mean `store`?"), "{error}");
    let far = selected(&["somethingElseEntirely"], &[]).unwrap_err();
    assert!(far.contains("no operationId near it"), "{far}");
}

#[test]
fn choosing_one_more_operation_only_adds_its_lines() {
    let one = selected(&["getPet"], &[]).unwrap();
    let two = selected(&["getPet", "listStores"], &[]).unwrap();
    let diff = openapi_rust_gen::tools::unified_diff("one", "two", &one, &two);
    let removed: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .collect();
    assert!(removed.is_empty(), "{diff}");
    assert!(diff.contains("+pub struct Store {"), "{diff}");
    assert!(diff.contains("pub async fn list_stores("), "{diff}");
    assert!(!diff.contains("Unused"), "{diff}");
}

#[test]
fn the_tool_and_the_builder_select_the_same_bytes() {
    let dir = std::env::temp_dir().join(format!("select-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("shop.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let out = dir.join("shop.rs");
    Builder::new(&spec)
        .regenerate_command("make")
        .operations(["getPet"])
        .tags(["store"])
        .generate_to(&out)
        .unwrap();
    let built = std::fs::read(&out).unwrap();
    let tool = Command::new(env!("CARGO_BIN_EXE_openapi-rust-gen"))
        .arg(&spec)
        .args([
            "--regenerate",
            "make",
            "--operations",
            "getPet",
            "--tags",
            "store",
        ])
        .output()
        .unwrap();
    assert!(
        tool.status.success(),
        "{}",
        String::from_utf8_lossy(&tool.stderr)
    );
    assert!(tool.stdout == built, "the tool and the Builder differ");
    let code = String::from_utf8(built).unwrap();
    assert!(code.contains("pub async fn list_stores("), "{code}");
    assert!(!code.contains("Unused"), "{code}");
    let _ = std::fs::remove_dir_all(PathBuf::from(&dir));
}

/// The event type of a selected stream method is kept though no other response names it (the
/// chat operation's `Chunk`, as OpenAI's chat completion chunks); the other operations' types
/// are not.
#[test]
fn a_selected_stream_method_keeps_the_type_of_its_items() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/specs/streams.yaml");
    let spec = std::fs::read_to_string(&path).unwrap();
    let config = Config {
        operations: vec!["chat".to_string()],
        ..Config::new("streams.yaml")
    };
    let found = items(&generate(&config, &spec).map_err(|d| d.render()).unwrap());
    for name in ["Answer", "Chunk", "chat"] {
        assert!(found.iter().any(|i| i == name), "{name} missing: {found:?}");
    }
    assert!(!found.iter().any(|i| i == "Progress"), "{found:?}");
}
