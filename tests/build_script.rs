//! The real build.rs, run by cargo on a scratch package whose spec is a broken copy of the
//! embedded one: the build fails with the generator's diagnostic naming the file, the line and
//! column, and the JSON pointer; and on the intact spec it writes only into `OUT_DIR`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A package with the real build.rs and `spec`, built with cargo; returns cargo's output.
fn build_with_spec(label: &str, spec: &str) -> (PathBuf, Output) {
    let dir = root().join("target").join(format!("build-script-{label}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    let generator = root().join("generator");
    let manifest = format!(
        "[package]\nname = \"build-script-{label}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [lib]\npath = \"lib.rs\"\n\n[build-dependencies]\nopenapi-rust-gen = {{ path = {generator:?} }}\n\n[workspace]\n"
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(
        dir.join("lib.rs"),
        "//! Scratch crate for the build script test.\n",
    )
    .unwrap();
    std::fs::copy(root().join("build.rs"), dir.join("build.rs")).unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("spec/browser-use-v2.yaml"), spec).unwrap();
    let output = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--color=never", "--target-dir"])
        .arg(root().join("target"))
        .current_dir(&dir)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    (dir, output)
}

fn seed() -> String {
    std::fs::read_to_string(root().join("spec/browser-use-v2.yaml")).unwrap()
}

#[test]
fn a_broken_spec_fails_the_build_with_file_line_and_pointer() {
    let broken = seed().replacen(
        "$ref: '#/components/schemas/CreateSkillResponse'",
        "$ref: '#/components/schemas/CreateSkillRespone'",
        1,
    );
    let line = broken
        .lines()
        .position(|l| l.contains("CreateSkillRespone"))
        .unwrap();
    let (_, output) = build_with_spec("broken", &broken);
    // Cargo indents what a build script printed by two spaces.
    let stderr: String = String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(|line| format!("{}\n", line.strip_prefix("  ").unwrap_or(line)))
        .collect();
    assert!(!output.status.success(), "the build succeeded:\n{stderr}");
    // The pointer names the `schema` key holding the `$ref`, on the line above it; the source
    // line is shown with a caret under the key, and the closest schema name is suggested.
    let want = format!(
        "spec/browser-use-v2.yaml:{line}:15: error: unresolved $ref `#/components/schemas/CreateSkillRespone`: \
         no such schema in this document\n  at #/paths/~1skills/post/responses/202/content/application~1json/schema\n   |\n\
         {line} |               schema:\n   |               ^\n  = help: did you mean `#/components/schemas/CreateSkillResponse`?\n"
    );
    assert!(stderr.contains(&want), "expected\n{want}\nin\n{stderr}");
}

#[test]
fn an_intact_spec_builds_and_writes_only_to_out_dir() {
    let (dir, output) = build_with_spec("intact", &seed());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["Cargo.lock", "Cargo.toml", "build.rs", "lib.rs", "spec"]
    );
    let spec_dir: Vec<_> = std::fs::read_dir(dir.join("spec")).unwrap().collect();
    assert_eq!(spec_dir.len(), 1);
}
