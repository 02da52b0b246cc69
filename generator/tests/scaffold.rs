//! `openapi-rust-gen new`: the crate it writes builds with no warnings, passes clippy with
//! warnings denied, and its README's example compiles (as the crate's doctest); on a non-empty
//! directory it refuses and changes nothing. Built by a real cargo, in a temporary directory,
//! as written: its Cargo.toml names this checkout by path (`--published` names the registry
//! versions instead).

use std::path::{Path, PathBuf};
use std::process::Command;

const SPEC: &str = r##"openapi: 3.1.0
info:
  title: Gadget Store API
  version: "1.0"
servers:
  - url: https://gadgets.example.com/v1
security:
  - token: []
components:
  securitySchemes:
    token:
      type: http
      scheme: bearer
  schemas:
    Gadget:
      type: object
      required: [name]
      properties:
        name: {type: string, maxLength: 40}
        price: {type: [number, "null"]}
    Problem:
      type: object
      properties:
        detail: {type: string}
paths:
  /gadgets:
    get:
      operationId: listGadgets
      responses:
        "200":
          description: every gadget
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Gadget"}}
        "503":
          description: try later
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Problem"}
    post:
      operationId: addGadget
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Gadget"}
      responses:
        "201":
          description: added
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Gadget"}
"##;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh directory outside the workspace (a crate inside it would be taken for a member),
/// removed when the test is done with it.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir()
        .join(format!("openapi-rust-gen-scaffold-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

fn new_command(dir: &Path, spec: &Path) -> std::process::Output {
    new_command_with(dir, spec, &[])
}

fn new_command_with(dir: &Path, spec: &Path, flags: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-rust-gen"))
        .arg("new")
        .arg(dir)
        .arg("--spec")
        .arg(spec)
        .args(["--name", "gadget-store"])
        .args(flags)
        .output()
        .unwrap()
}

/// Every file below `dir` with its bytes, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

/// Runs cargo in `dir` with the target directory the outside-crate tests share (so the runtime
/// and its dependencies compile once for all of them); returns its stderr, failing the test
/// when cargo fails.
fn cargo(dir: &Path, args: &[&str]) -> String {
    let target = workspace_root().join("target/own-api");
    let mut command = Command::new(env!("CARGO"));
    // What cargo set for this test process describes this package; build scripts that watch
    // such variables (ring's does) would rerun when they differ between the tests sharing the
    // target directory.
    for name in [
        "OUT_DIR",
        "CARGO_MANIFEST_DIR",
        "CARGO_MANIFEST_PATH",
        "CARGO_MANIFEST_LINKS",
        "CARGO_CRATE_NAME",
        "CARGO_BIN_NAME",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_TARGET_TMPDIR",
        "CARGO_RUSTC_CURRENT_DIR",
    ] {
        command.env_remove(name);
    }
    let output = command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "cargo {args:?} failed:\n{stderr}\n{stdout}"
    );
    stderr
}

#[test]
fn the_new_crate_builds_passes_clippy_and_its_readme_example_compiles() {
    let root = scratch("new");
    let spec = root.join("gadgets.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let dir = root.join("gadget-store");
    let output = new_command(&dir, &spec);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("created crate `gadget-store`"), "{stderr}");
    for file in [
        "Cargo.toml",
        "build.rs",
        "src/lib.rs",
        "README.md",
        "gadgets.yaml",
    ] {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("gadgets.yaml")).unwrap(),
        SPEC
    );

    // The crates are not on a registry yet: the manifest names this checkout by path, the
    // registry form beside it as a comment; it is built as written.
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let root = workspace_root().canonicalize().unwrap();
    let runtime = format!(
        "openapi-rust-runtime = {{ path = {:?} }}",
        root.join("runtime")
    );
    assert!(manifest.contains(&format!("\n{runtime}\n")), "{manifest}");
    assert!(
        manifest.contains("\n# openapi-rust-runtime = \"0.1.0\"\n"),
        "{manifest}"
    );
    // The lock file only spares the build a registry index update; the manifest is untouched.
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();

    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(readme.contains(".bearer_token(\"your token\")"), "{readme}");
    assert!(readme.contains("client.list_gadgets().await"), "{readme}");
    assert!(readme.contains("`GADGET_STORE_TOKEN`"), "{readme}");

    let build = cargo(&dir, &["build", "--message-format=short"]);
    assert!(!build.contains("warning"), "{build}");
    let clippy = cargo(
        &dir,
        &["clippy", "--message-format=short", "--", "-D", "warnings"],
    );
    assert!(!clippy.contains("warning"), "{clippy}");
    // The README is the crate's front page, so its example is a doctest that must compile.
    let doc = cargo(&dir, &["test", "--doc"]);
    assert!(!doc.contains("warning"), "{doc}");
}

#[test]
fn published_depends_on_the_registry_versions_with_the_path_as_a_comment() {
    let root = scratch("published");
    let spec = root.join("gadgets.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let dir = root.join("gadget-store");
    let output = new_command_with(&dir, &spec, &["--published"]);
    assert!(output.status.success(), "{output:?}");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    for line in [
        format!("openapi-rust-runtime = \"{version}\""),
        format!("openapi-rust-gen = {{ version = \"{version}\", default-features = false }}"),
    ] {
        assert!(manifest.contains(&format!("\n{line}\n")), "{manifest}");
    }
    let paths: Vec<&str> = manifest.lines().filter(|l| l.contains("path = ")).collect();
    assert_eq!(paths.len(), 2, "{manifest}");
    assert!(
        paths.iter().all(|line| line.starts_with("# ")),
        "{manifest}"
    );
}

#[test]
fn new_refuses_a_non_empty_directory_and_changes_nothing() {
    let root = scratch("refuse");
    let spec = root.join("gadgets.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let dir = root.join("existing");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    std::fs::write(dir.join("src/lib.rs"), "// my own code\n").unwrap();
    let before = snapshot(&dir);
    let output = new_command(&dir, &spec);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the directory is not empty"), "{stderr}");
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn new_writes_nothing_for_a_spec_that_does_not_generate() {
    let root = scratch("broken");
    let spec = root.join("broken.yaml");
    std::fs::write(
        &spec,
        SPEC.replace(
            "#/components/schemas/Problem",
            "#/components/schemas/Missing",
        ),
    )
    .unwrap();
    let dir = root.join("client");
    let output = new_command(&dir, &spec);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.yaml:"), "{stderr}");
    assert!(stderr.contains("Missing"), "{stderr}");
    assert!(!dir.exists(), "a crate was written for a broken spec");
}

#[test]
fn new_copies_the_files_a_multi_file_spec_refers_to() {
    let spec = workspace_root().join("generator/tests/specs/multi-file/openapi.yaml");
    let root = scratch("multi");
    let dir = root.join("client");
    let output = new_command(&dir, &spec);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let original = spec.parent().unwrap();
    let mut copied = 0;
    for (path, bytes) in snapshot(original) {
        let relative = path.strip_prefix(original).unwrap();
        assert_eq!(
            std::fs::read(dir.join(relative)).unwrap(),
            bytes,
            "{}",
            relative.display()
        );
        copied += 1;
    }
    assert!(copied >= 3, "{copied} files");
    // The copy generates on its own, as the crate's build script will run it.
    let copy = dir.join("openapi.yaml");
    let config = openapi_rust_gen::Config::new(&copy.display().to_string());
    let text = std::fs::read_to_string(&copy).unwrap();
    let generated = openapi_rust_gen::generate_with_warnings(&config, &text)
        .unwrap_or_else(|d| panic!("{}", d.render()));
    assert!(
        generated.sources.iter().all(|s| s.starts_with(&dir)),
        "{:?}",
        generated.sources
    );
}

#[test]
fn new_refuses_a_spec_that_refers_outside_its_folder() {
    let root = scratch("outside");
    std::fs::create_dir_all(root.join("spec")).unwrap();
    std::fs::write(root.join("common.yaml"), "Name:\n  type: string\n").unwrap();
    let spec = root.join("spec/openapi.yaml");
    let text = SPEC.replace(
        "detail: {type: string}",
        "detail: {$ref: '../common.yaml#/Name'}",
    );
    std::fs::write(&spec, text).unwrap();
    let dir = root.join("client");
    let output = new_command(&dir, &spec);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("outside its own folder"), "{stderr}");
    assert!(!dir.exists());
}
