//! Snapshot tests of the generator: each small spec under `tests/specs/` (one per feature or edge
//! case) and the embedded Browser Use spec generate the Rust committed under `tests/snapshots/`,
//! every snapshot compiles against the client runtime without warnings, and each broken spec
//! under `tests/diagnostics/` gives the diagnostic text committed beside it.
//!
//! A stale snapshot is rewritten (outside CI) and the test fails: review it with `git diff`.

use openapi_rust_gen::tools::{self, expect_file, stages, Checker, Mode, Outcome};
use openapi_rust_gen::{generate, Config};
use std::path::{Path, PathBuf};

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn workspace_root() -> PathBuf {
    crate_dir().join("..")
}

/// The files in `dir` (relative to this crate) with one of `extensions`, sorted.
fn files(dir: &str, extensions: &[&str]) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(crate_dir().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| extensions.iter().any(|e| ext == *e))
        })
        .collect();
    found.sort();
    found
}

/// Each test spec's snapshot name, config and text; the embedded spec first.
fn cases() -> Vec<(String, Config, String)> {
    let mut cases = vec![(
        "browser_use_v2".to_string(),
        Config::new(EMBEDDED),
        embedded_text(),
    )];
    for path in files("tests/specs", &["yaml", "json"]) {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let name = format!(
            "tests/specs/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        cases.push((
            stem,
            Config::new(&name),
            std::fs::read_to_string(&path).unwrap(),
        ));
    }
    // A document in several files: its folder holds `openapi.yaml`, which refers to the others.
    let mut folders: Vec<PathBuf> = std::fs::read_dir(crate_dir().join("tests/specs"))
        .expect("tests/specs")
        .map(|entry| entry.expect("directory entry").path().join("openapi.yaml"))
        .filter(|path| path.exists())
        .collect();
    folders.sort();
    for path in folders {
        let folder = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy();
        let name = format!("tests/specs/{folder}/openapi.yaml");
        cases.push((
            folder.into_owned(),
            Config::new(&name),
            std::fs::read_to_string(&path).unwrap(),
        ));
    }
    cases
}

/// The spec this project embeds, relative to the workspace root.
const EMBEDDED: &str = "spec/browser-use-v2.yaml";

/// The embedded spec's text.
fn embedded_text() -> String {
    std::fs::read_to_string(workspace_root().join(EMBEDDED)).expect("embedded spec")
}

/// The model of a document (its operations' names, methods and paths).
fn model(config: &Config, text: &str) -> stages::Model {
    stages::load(&config.spec_name, text)
        .and_then(|loaded| stages::model(config, loaded))
        .unwrap_or_else(|diagnostics| {
            panic!("{} does not generate:\n{diagnostics}", config.spec_name)
        })
}

fn generated(config: &Config, text: &str) -> String {
    generate(config, text).unwrap_or_else(|diagnostics| {
        panic!("{} does not generate:\n{diagnostics}", config.spec_name)
    })
}

#[test]
fn generated_code_matches_snapshots() {
    let mut failures = Vec::new();
    for (stem, config, text) in cases() {
        let name = format!("tests/snapshots/{stem}.rs");
        let result = expect_file(
            &crate_dir().join(&name),
            &name,
            &generated(&config, &text),
            "`cargo test`",
            Mode::from_env(),
        );
        failures.extend(result.err().map(|error| error.to_string()));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn doc_lines_fit_in_100_columns_unless_one_word_is_longer() {
    for (stem, config, text) in cases() {
        for line in generated(&config, &text).lines() {
            let Some(doc) = line.trim_start().strip_prefix("///") else {
                continue;
            };
            let long = line.chars().count() > 100 && doc.trim().contains(' ');
            assert!(!long, "{stem}: a doc line over 100 columns:\n{line}");
        }
    }
}

#[test]
fn generating_twice_gives_identical_bytes() {
    for (_, config, text) in cases() {
        assert_eq!(
            generated(&config, &text),
            generated(&config, &text),
            "{}",
            config.spec_name
        );
    }
}

#[test]
fn snapshots_compile_against_the_runtime_without_warnings() {
    let files: Vec<(String, String)> = cases()
        .into_iter()
        .map(|(stem, config, text)| (stem, generated(&config, &text)))
        .collect();
    let target = workspace_root().join("target");
    let checker = Checker::for_workspace(&workspace_root(), &target, "snapshots");
    let outcomes = checker.check(&files).expect("cargo check runs");
    let failed: Vec<String> = outcomes
        .iter()
        .filter_map(|(name, outcome)| match outcome {
            Outcome::Clean => None,
            Outcome::Failed(messages) => Some(format!("{name}:\n{messages}")),
        })
        .collect();
    assert_eq!(outcomes.len(), files.len());
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

/// The diff a reviewer sees when a spec changes, between the generated files of two versions.
fn diff_of_change(edit: impl Fn(&str) -> String) -> String {
    let config = Config::new(EMBEDDED);
    let text = embedded_text();
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit changed nothing");
    tools::unified_diff(
        "before",
        "after",
        &generated(&config, &text),
        &generated(&config, &changed),
    )
}

#[test]
fn one_new_property_changes_only_its_struct() {
    let add_property = |text: &str| {
        text.replacen(
            "          description: Unique identifier for the created skill\n",
            "          description: Unique identifier for the created skill\n        createdAt:\n          type: string\n          description: When the skill was created\n",
            1,
        )
    };
    let config = Config::new(EMBEDDED);
    let text = embedded_text();
    let (before, after) = (
        items(&generated(&config, &text)),
        items(&generated(&config, &add_property(&text))),
    );
    let changed: Vec<&String> = before
        .keys()
        .filter(|key| before.get(*key) != after.get(*key))
        .collect();
    assert_eq!(
        changed,
        ["CreateSkillResponse"],
        "only the struct and its impls change"
    );
    assert_eq!(before.len(), after.len(), "no item added or removed");

    let patch = diff_of_change(add_property);
    let changed = |mark: char| -> Vec<&str> {
        patch
            .lines()
            .filter(|l| l.starts_with(mark) && !l.starts_with("+++") && !l.starts_with("---"))
            .collect()
    };
    assert_eq!(
        changed('+'),
        [
            "+    /// When the skill was created",
            "+    pub created_at: ::std::option::Option<::std::string::String>,",
            "+        Self { id, created_at: None }",
            "+        object.optional(\"createdAt\", &self.created_at)?;",
            "+        let mut created_at = runtime::object::Slot::new(\"createdAt\");",
            "+                \"createdAt\" => created_at.read(&mut map)?,",
            "+        Ok(Self {",
            "+            id: id.required()?,",
            "+            created_at: created_at.or_default(),",
            "+        })",
        ],
        "{patch}"
    );
    // Besides, the struct literals that held the one field grow to hold two.
    assert_eq!(
        changed('-'),
        [
            "-        Self { id }",
            "-        Ok(Self { id: id.required()? })"
        ],
        "{patch}"
    );
}

/// A required property that allows one value is a `String` constant; a second value turns it
/// into an enum: its struct's items change and the enum is added, nothing else.
#[test]
fn a_constant_that_gains_a_value_becomes_an_enum_in_its_own_struct() {
    let spec = |values: &str| {
        format!(
            "openapi: 3.0.3
info: {{title: Shapes, version: '1'}}
paths: {{}}
components:
  schemas:
    Circle:
      type: object
      required: [kind, radius]
      properties:
        kind: {{type: string, enum: [{values}]}}
        radius: {{type: number}}
    Square:
      type: object
      required: [kind]
      properties:
        kind: {{type: string, enum: [square]}}
"
        )
    };
    let config = Config::new("shapes.yaml");
    let before = generated(&config, &spec("circle"));
    assert!(
        before.contains("pub kind: ::std::string::String,")
            && before.contains("::std::string::String::from(\"circle\")")
            && before.contains("pub fn new(radius: f64) -> Self"),
        "a constant is a String that starts at its value, left out of `new`:\n{before}"
    );
    let after = generated(&config, &spec("circle, ellipse"));
    let (before, after) = (items(&before), items(&after));
    let changed: Vec<&String> = after
        .keys()
        .filter(|key| before.get(*key) != after.get(*key))
        .collect();
    assert_eq!(
        changed,
        ["Circle", "CircleKind"],
        "only the struct, and its new enum"
    );
    assert!(
        after["CircleKind"].contains("Ellipse,"),
        "{}",
        after["CircleKind"]
    );
    assert_eq!(before.get("Square"), after.get("Square"));
}

/// A union whose largest variant is much larger than the others (clippy's `large_enum_variant`)
/// allows the lint, since its variants stay unboxed; a union of similar variants does not.
#[test]
fn only_a_union_of_very_unequal_variants_allows_large_enum_variant() {
    let wide: Vec<String> = (0..12).map(|i| format!("f{i}: {{type: string}}")).collect();
    let spec = format!(
        "openapi: 3.0.3
info: {{title: Unions, version: '1'}}
paths: {{}}
components:
  schemas:
    Wide:
      type: object
      properties: {{{}}}
    Narrow:
      type: object
      properties: {{name: {{type: string}}}}
    Unequal:
      oneOf: [{{$ref: '#/components/schemas/Wide'}}, {{type: string}}]
    Equal:
      oneOf: [{{$ref: '#/components/schemas/Narrow'}}, {{type: string}}]
",
        wide.join(", ")
    );
    let code = items(&generated(&Config::new("unions.yaml"), &spec));
    assert!(
        code["Unequal"].contains("clippy::large_enum_variant"),
        "{}",
        code["Unequal"]
    );
    assert!(
        !code["Equal"].contains("large_enum_variant"),
        "{}",
        code["Equal"]
    );
}

/// Where the document's names or shapes would draw clippy's default lints, the generated code
/// avoids them: a local or parameter named after a field called `foo` or `+1` gets another name,
/// and a field nesting maps three deep allows `type_complexity`.
#[test]
fn names_and_shapes_clippy_objects_to_are_avoided_or_allowed() {
    let spec = "openapi: 3.0.3
info: {title: Lints, version: '1'}
paths: {}
components:
  schemas:
    Reactions:
      type: object
      required: [foo, '+1']
      properties:
        foo: {type: string}
        '+1': {type: integer}
        deep:
          type: object
          additionalProperties:
            type: object
            additionalProperties:
              type: object
              additionalProperties: {$ref: '#/components/schemas/Reactions'}
";
    let code = generated(&Config::new("lints.yaml"), spec);
    for expected in [
        "        foo_value: impl ::std::convert::Into<::std::string::String>,\n        value_1: i64,",
        "foo: foo_value.into(),",
        "let mut foo_value = runtime::object::Slot::new(\"foo\");",
        "\"+1\" => value_1.read(&mut map)?,",
        "_1: value_1.required()?,",
        "clippy::type_complexity,",
    ] {
        assert!(code.contains(expected), "`{expected}` missing:\n{code}");
    }
    assert!(!code.contains("let mut foo ="), "{code}");
}

#[test]
fn one_new_status_adds_to_its_operation_and_breaks_exhaustive_matches() {
    let patch = diff_of_change(|text| {
        text.replacen(
            "        '422':\n",
            "        '409':\n          description: Conflict\n        '422':\n",
            1,
        )
    });
    let removed: Vec<&str> = patch
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .collect();
    assert!(removed.is_empty(), "only additions:\n{patch}");
    // Every added line is the new status's: its variant and its arms in the operation's
    // matches.
    let added = patch
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"));
    for line in added {
        assert!(
            line.contains("Conflict") || line.contains("409"),
            "{line}\n{patch}"
        );
    }
    // The enums stay exhaustive (no `#[non_exhaustive]`), so a user's match without a
    // wildcard arm stops compiling exactly where the new status must be handled.
    assert!(
        patch.contains("+    /// 409: Conflict\n+    Conflict,"),
        "{patch}"
    );
    assert!(!generated(&Config::new(EMBEDDED), &embedded_text()).contains("non_exhaustive"));
}

#[test]
fn reordering_the_document_changes_nothing() {
    // The published full document lists the 422 response after 429; the seed lists it before.
    let patch = diff_of_change(|text| {
        let start = text.find("        '422':").unwrap();
        let end = text.find("        '429':").unwrap();
        let block = &text[start..end];
        let after_429 = text[end..].find("      security:").unwrap() + end;
        format!(
            "{}{}{}{}",
            &text[..start],
            &text[end..after_429],
            block,
            &text[after_429..]
        )
    });
    assert_eq!(patch, "", "reordered responses changed the output");
}

#[test]
fn diagnostics_match_snapshots() {
    let mut failures = Vec::new();
    let specs = files("tests/diagnostics", &["yaml", "json"]);
    assert!(specs.len() >= 5, "diagnostic cases are missing");
    for path in specs {
        let name = format!(
            "tests/diagnostics/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let message = match generate(&Config::new(&name), &text) {
            Ok(_) => format!("{name} generated without a diagnostic"),
            Err(diagnostics) => diagnostics.render(),
        };
        let expected = path.with_extension("txt");
        let shown = format!(
            "tests/diagnostics/{}",
            expected.file_name().unwrap().to_string_lossy()
        );
        failures.extend(
            expect_file(
                &expected,
                &shown,
                &format!("{message}\n"),
                "`cargo test`",
                Mode::from_env(),
            )
            .err()
            .map(|error| error.to_string()),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_compile_check_reports_warnings_and_errors() {
    let seed = generated(&Config::new(EMBEDDED), &embedded_text());
    let files = vec![
        ("clean".to_string(), seed.clone()),
        (
            "warns".to_string(),
            format!("{seed}\n/// Has an unused variable.\npub fn f() {{ let unused = 1; }}\n"),
        ),
        (
            "fails".to_string(),
            format!("{seed}\n/// Does not type-check.\npub fn g() -> u8 {{ \"text\" }}\n"),
        ),
    ];
    let target = workspace_root().join("target");
    let outcomes = Checker::for_workspace(&workspace_root(), &target, "self-test")
        .check(&files)
        .expect("cargo check runs");
    assert_eq!(outcomes["clean"], Outcome::Clean);
    assert!(
        matches!(&outcomes["warns"], Outcome::Failed(m) if m.contains("unused variable")),
        "{outcomes:?}"
    );
    assert!(
        matches!(&outcomes["fails"], Outcome::Failed(m) if m.contains("mismatched types")),
        "{outcomes:?}"
    );
}

/// A document of the shared specs beside the repository, or `None` when they are not there
/// (the test then says it was skipped and where it looked); with `CI` set they must be there.
fn shared_spec(name: &str) -> Option<String> {
    let path = workspace_root().join("../shared/specs").join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: cannot read {} ({error})", path.display());
            None
        }
        Err(error) => panic!(
            "{}: {error} (CI needs ../shared beside the repository)",
            path.display()
        ),
    }
}

#[test]
fn the_whole_browser_use_api_gets_the_names_a_person_would_choose() {
    let Some(text) = shared_spec("browser-use-v2-full.json") else {
        return;
    };
    let model = model(&Config::new("browser-use-v2-full.json"), &text);
    let names: Vec<&str> = model.operations().map(|(name, _, _)| name).collect();
    assert_eq!(
        names,
        [
            "agent_session_upload_file_presigned_url",
            "browser_session_upload_file_presigned_url",
            "cancel_generation",
            "clone_skill",
            "create_browser_session",
            "create_profile",
            "create_session",
            "create_session_public_share",
            "create_skill",
            "create_task",
            "delete_browser_profile",
            "delete_session",
            "delete_session_public_share",
            "delete_skill",
            "execute_marketplace_skill",
            "execute_skill",
            "get_account_billing",
            "get_browser_session",
            "get_marketplace_skill",
            "get_profile",
            "get_session",
            "get_session_public_share",
            "get_skill",
            "get_skill_execution_output",
            "get_task",
            "get_task_logs",
            "get_task_output_file_presigned_url",
            "get_task_status",
            "list_browser_session_downloads",
            "list_browser_sessions",
            "list_marketplace_skills",
            "list_profiles",
            "list_sessions",
            "list_skill_executions",
            "list_skills",
            "list_tasks",
            "purge_session",
            "refine_skill",
            "rollback_skill",
            "update_browser_session",
            "update_profile",
            "update_session",
            "update_skill",
            "update_task",
        ]
    );
    let code = generated(&Config::new("browser-use-v2-full.json"), &text);
    assert!(
        !code.contains("serde_json::Value>,\n    /// Custom screen"),
        "integer bounds written as floats keep the integer type"
    );
}

/// The generated file cut into its items, keyed by what each is about: a type's name for the
/// type and its impls, `fn name` for an operation's method.
fn items(code: &str) -> std::collections::BTreeMap<String, String> {
    let mut items = std::collections::BTreeMap::<String, String>::new();
    let mut pending = String::new();
    let mut current: Option<String> = None;
    for line in code.lines() {
        pending.push_str(line);
        pending.push('\n');
        if current.is_none() {
            current = item_key(line);
        }
        if current.as_deref() == Some("fn ?") {
            if let Some(name) = line.trim().strip_prefix("pub async fn ") {
                current = Some(format!("fn {}", name.split('(').next().unwrap_or_default()));
            }
        }
        // An impl header too long for one line names its type on the next.
        if current.as_deref() == Some("impl ?") {
            if let Some(target) = line.strip_prefix("for ") {
                current = Some(target.trim_end_matches(" {").to_string());
            }
        }
        let ends = line == "}"
            || (!line.starts_with([' ', '/', '#'])
                && (line.ends_with(';') || line.ends_with("{}")));
        if ends {
            if let Some(key) = current.take() {
                items.entry(key).or_default().push_str(&pending);
            }
            pending.clear();
        }
    }
    items
}

fn item_key(line: &str) -> Option<String> {
    for prefix in ["pub struct ", "pub enum ", "pub type "] {
        if let Some(rest) = line.strip_prefix(prefix) {
            return Some(
                rest.split([' ', '{', '(', '<', ';'])
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            );
        }
    }
    if line == "impl Client {" {
        return Some("fn ?".to_string());
    }
    let rest = line.strip_prefix("impl")?;
    if !rest.contains(" for ") && !rest.ends_with('{') {
        return Some("impl ?".to_string());
    }
    let target = rest.rsplit(" for ").next().unwrap_or(rest);
    let target = target
        .trim()
        .trim_end_matches("{}")
        .trim_end_matches('{')
        .trim();
    Some(target.rsplit(' ').next().unwrap_or_default().to_string())
}

#[test]
fn old_to_new_browser_use_api_changes_only_what_the_spec_changed() {
    use stages::type_name;
    let (Some(old_text), Some(new_text)) = (
        shared_spec("browser-use-v2-full.OLD.json"),
        shared_spec("browser-use-v2-full.json"),
    ) else {
        return;
    };
    let config = Config::new("browser-use-v2-full.json");
    let (old_items, new_items) = (
        items(&generated(&config, &old_text)),
        items(&generated(&config, &new_text)),
    );
    let changed: Vec<&String> = old_items
        .keys()
        .chain(new_items.keys())
        .filter(|key| old_items.get(*key) != new_items.get(*key))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();

    // What the spec changed: schemas and operations added, removed or different.
    let old: serde_json::Value = serde_json::from_str(&old_text).unwrap();
    let new: serde_json::Value = serde_json::from_str(&new_text).unwrap();
    let mut allowed: Vec<String> = Vec::new();
    let (old_schemas, new_schemas) = (&old["components"]["schemas"], &new["components"]["schemas"]);
    for key in old_schemas
        .as_object()
        .unwrap()
        .keys()
        .chain(new_schemas.as_object().unwrap().keys())
    {
        if old_schemas.get(key) != new_schemas.get(key) {
            allowed.push(type_name(key));
        }
    }
    for (name, method, path) in model(&config, &new_text).operations() {
        if old["paths"][&path][method] != new["paths"][&path][method] {
            allowed.extend([format!("fn {name}"), type_name(name)]);
        }
    }
    let unexplained: Vec<&&String> = changed
        .iter()
        .filter(|key| !allowed.iter().any(|a| key.starts_with(a.as_str())))
        .collect();
    assert!(
        unexplained.is_empty(),
        "items changed without a spec change: {unexplained:?}\nallowed: {allowed:?}"
    );
    assert!(
        changed.len() >= 20,
        "the versions differ in many places, the comparison must see them: {changed:?}"
    );
}

#[test]
fn a_multi_file_document_reports_the_files_it_read() {
    let spec = "tests/specs/multi-file/openapi.yaml";
    let text = std::fs::read_to_string(crate_dir().join(spec)).unwrap();
    let generated = openapi_rust_gen::generate_with_warnings(&Config::new(spec), &text)
        .unwrap_or_else(|d| panic!("{}", d.render()));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let names: Vec<String> = generated
        .sources
        .iter()
        .map(|path| {
            let parent = path
                .parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy();
            format!("{parent}/{}", path.file_name().unwrap().to_string_lossy())
        })
        .collect();
    assert_eq!(names, ["paths/pets.yaml", "schemas/pet.yaml"]);
    assert!(generated
        .sources
        .iter()
        .all(|path| path.is_absolute() && path.exists()));
}

/// A large document is emitted and formatted in parts, one per thread (when the machine has more
/// than one); the joined parts are the bytes of the file made whole, as the tools' stages make
/// it.
#[test]
fn a_file_made_in_parts_is_the_file_made_whole() {
    let Some(text) = shared_spec("corpus/progenitor/nexus.json") else {
        return;
    };
    let config = Config::new("nexus.json");
    let loaded = stages::load("nexus.json", &text).unwrap();
    let model = stages::model(&config, loaded).unwrap();
    // Hundreds of types and operations: two parts or more wherever there are two threads.
    assert!(model.operations().count() > 100, "the document is large");
    let whole = stages::format(&config, stages::emit(&config, &model).unwrap()).unwrap();
    assert_eq!(generated(&config, &text), whole);
}
