//! Lenient generation: each spec under `tests/warnings/` is sloppy in one way whose meaning is
//! clear. It generates, with its warnings committed beside it (`{stem}.txt`) and its code
//! (`{stem}.rs`), which compiles against the runtime without warnings; strict mode
//! (`deny_warnings`, `--deny-warnings`) makes each of them fail.
//!
//! A stale snapshot is rewritten (outside CI) and the test fails: review it with `git diff`.

use openapi_rust_gen::tools::{expect_file, Checker, Mode, Outcome};
use openapi_rust_gen::{generate_with_warnings, Config, Diagnostics, Generated};
use std::path::{Path, PathBuf};
use std::process::Command;

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Each warning spec's stem, config and text, sorted.
fn specs() -> Vec<(String, Config, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(crate_dir().join("tests/warnings"))
        .expect("tests/warnings")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 5, "warning cases are missing");
    paths
        .into_iter()
        .map(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let name = format!("tests/warnings/{stem}.yaml");
            (
                stem,
                Config::new(&name),
                std::fs::read_to_string(&path).unwrap(),
            )
        })
        .collect()
}

fn generated(config: &Config, text: &str) -> Generated {
    generate_with_warnings(config, text).unwrap_or_else(|diagnostics| {
        panic!(
            "{} does not generate:\n{}",
            config.spec_name,
            diagnostics.render()
        )
    })
}

#[test]
fn sloppy_documents_generate_with_the_committed_warnings() {
    let mut failures = Vec::new();
    let mut files = Vec::new();
    for (stem, config, text) in specs() {
        let generated = generated(&config, &text);
        assert!(
            !generated.warnings.is_empty() && generated.warnings.iter().all(|w| w.is_warning()),
            "{stem}: expected warnings only, got {:?}",
            generated.warnings
        );
        let warnings = Diagnostics(generated.warnings).render();
        for (extension, actual) in [("txt", warnings), ("rs", generated.code.clone())] {
            let name = format!("tests/warnings/{stem}.{extension}");
            let path = crate_dir().join(&name);
            let mode = Mode::from_env();
            failures.extend(
                expect_file(&path, &name, &actual, "`cargo test`", mode)
                    .err()
                    .map(|error| error.to_string()),
            );
        }
        files.push((format!("warnings-{stem}"), generated.code));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    let root = crate_dir().join("..");
    let outcomes = Checker::for_workspace(&root, &root.join("target"), "warnings")
        .check(&files)
        .expect("cargo check runs");
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

#[test]
fn strict_mode_turns_warnings_into_errors() {
    for (stem, mut config, text) in specs() {
        let warnings = generated(&config, &text).warnings.len();
        config.deny_warnings = true;
        let Err(diagnostics) = generate_with_warnings(&config, &text) else {
            panic!("{stem}: strict mode generated code despite warnings");
        };
        let (last, rest) = diagnostics.0.split_last().expect("diagnostics");
        assert_eq!(rest.len(), warnings, "{stem}: the warnings, then one error");
        assert!(rest.iter().all(|d| d.is_warning()), "{stem}");
        assert!(!last.is_warning(), "{stem}");
        assert!(last.message.starts_with("strict mode"), "{}", last.message);
        let rendered = diagnostics.render();
        assert!(
            rendered.contains("error: 1 problem in the document\n"),
            "{rendered}"
        );
    }
}

#[test]
fn the_command_line_prints_warnings_and_denies_them_on_request() {
    let spec = crate_dir().join("tests/warnings/path-parameters.yaml");
    let run = |strict: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_openapi-rust-gen"));
        command.arg(&spec);
        if strict {
            command.arg("--deny-warnings");
        }
        command.output().expect("the command runs")
    };
    let lenient = run(false);
    let stderr = String::from_utf8_lossy(&lenient.stderr);
    assert!(lenient.status.success(), "{stderr}");
    assert!(
        stderr.contains(": warning: path parameter `{part}`"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&lenient.stdout).contains("pub async fn get_part("));
    let strict = run(true);
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(!strict.status.success(), "{stderr}");
    assert!(
        stderr.contains(": warning: path parameter `{part}`"),
        "{stderr}"
    );
    assert!(stderr.contains(": error: strict mode"), "{stderr}");
    assert!(strict.stdout.is_empty());
}

#[test]
fn a_document_with_errors_reports_its_warnings_too() {
    // One error (an unresolved reference) and one warning (a path parameter the template lacks):
    // both are reported at once, the error first.
    let text = r##"openapi: 3.0.3
info: {title: Both, version: "1"}
paths:
  /items:
    get:
      operationId: listItems
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: the items
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Missing"}
"##;
    let rendered = generate_with_warnings(&Config::new("both.yaml"), text)
        .unwrap_err()
        .render();
    let error = rendered
        .find("error: unresolved")
        .unwrap_or_else(|| panic!("{rendered}"));
    let warning = rendered
        .find("warning: path parameter `id`")
        .unwrap_or_else(|| panic!("{rendered}"));
    assert!(error < warning, "{rendered}");
    assert!(
        rendered.contains("error: 1 problem in the document"),
        "{rendered}"
    );
    assert!(
        rendered.contains("warning: 1 warning in the document"),
        "{rendered}"
    );
}
