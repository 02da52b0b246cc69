//! Any team can generate a client for its own API: a crate outside this workspace, made in a
//! temporary directory for a document that is not Browser Use's, depends on
//! `openapi-rust-runtime` by path and on `openapi-rust-gen` as a build-dependency by path, runs
//! `openapi_rust_gen::Builder` with its own `env_prefix` in `build.rs` and includes the file in
//! `src/lib.rs`, as the README tells a user to. It builds with no warnings (from any compiler or
//! from cargo) and its own test (`tests/own_api/*_api.rs`, run by `cargo test` in that crate)
//! calls two operations against a server on 127.0.0.1, checking method, path, query, where the
//! credential goes, the JSON body, one typed error and `Client::from_env` with the prefix.
//!
//! Two documents, written for this test in `tests/own_api/`:
//! - `pets-3.0.yaml`: OpenAPI 3.0, an API key in a query parameter, the server
//!   `https://{region}.example.com/v1` (default `eu`), prefix `PETS`;
//! - `notes-3.1.yaml`: OpenAPI 3.1, HTTP bearer auth, a relative server, prefix `NOTES`;
//! - `teams-3.0.yaml`: OpenAPI 3.0, three API-key schemes and a bearer scheme, requirements of
//!   two schemes at once, alternatives, an optional requirement and `HEAD` operations, prefix
//!   `TEAMS`.
//!
//! The crates share the target directory `<target>/own-api` (so their dependencies compile
//! once, apart from this workspace's builds, which use other features) and this workspace's
//! `Cargo.lock` (the same versions, nothing resolved afresh). Each is built once with all its
//! targets and tested once.

mod outside;

use outside::{root, run, serial, target_root};
use std::path::PathBuf;
use std::process::Command;
use std::time::SystemTime;

const SERVER: &str = include_str!("own_api/server.rs");

/// `<target>/own-api`, beside this workspace's own outputs.
fn target_dir() -> PathBuf {
    target_root().join("own-api")
}

/// One crate a user would write for their API.
struct Spec {
    /// The package name (and so the User-Agent's product).
    package: &'static str,
    version: &'static str,
    /// Where the document goes in the crate, and its text.
    spec_path: &'static str,
    spec: &'static str,
    env_prefix: &'static str,
    /// The file `build.rs` generates into `OUT_DIR`.
    generated: &'static str,
    /// The crate's test: its file name in `tests/` (without `.rs`) and source.
    test_name: &'static str,
    test: &'static str,
}

/// The crate in a fresh temporary directory, removed when dropped, with this run's build
/// output for it.
struct OwnCrate {
    dir: PathBuf,
    spec: &'static Spec,
}

impl Drop for OwnCrate {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        // The crate's own artifacts (its path, and so its hashes, are new each run); the
        // dependencies' stay for the next run.
        let library = self.spec.package.replace('-', "_");
        let prefixes = [
            format!("{}-", self.spec.package),
            format!("{library}-"),
            format!("lib{library}-"),
            format!("{}-", self.spec.test_name),
        ];
        for kind in ["deps", "build", ".fingerprint", "incremental"] {
            let Ok(entries) = std::fs::read_dir(target_dir().join("debug").join(kind)) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if prefixes
                    .iter()
                    .any(|prefix| name.starts_with(prefix.as_str()))
                {
                    let path = entry.path();
                    let _ = if path.is_dir() {
                        std::fs::remove_dir_all(&path)
                    } else {
                        std::fs::remove_file(&path)
                    };
                }
            }
        }
    }
}

impl OwnCrate {
    fn write(spec: &'static Spec) -> OwnCrate {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir =
            std::env::temp_dir().join(format!("{}-{}-{nanos}", spec.package, std::process::id()));
        let path = |text: &str| format!("{text:?}");
        let manifest = format!(
            r#"[package]
name = "{package}"
version = "{version}"
edition = "2021"
publish = false

[dependencies]
openapi-rust-runtime = {{ path = {runtime} }}

[build-dependencies]
openapi-rust-gen = {{ path = {generator}, default-features = false }}

[dev-dependencies]
tokio = {{ version = "1", features = ["rt", "macros", "net", "io-util"] }}

# Not part of any workspace above it.
[workspace]
"#,
            package = spec.package,
            version = spec.version,
            runtime = path(&root().join("runtime").display().to_string()),
            generator = path(&root().join("generator").display().to_string()),
        );
        let build = format!(
            r#"fn main() -> Result<(), openapi_rust_gen::BuildScriptError> {{
    openapi_rust_gen::Builder::new({spec_path:?})
        .env_prefix({prefix:?})
        .generate({generated:?})?;
    Ok(())
}}
"#,
            spec_path = spec.spec_path,
            prefix = spec.env_prefix,
            generated = spec.generated,
        );
        let lib = format!(
            "//! A client for {package}'s API, generated at build time.\n\n\
             include!(concat!(env!(\"OUT_DIR\"), \"/{generated}\"));\n",
            package = spec.package,
            generated = spec.generated,
        );
        let files: [(String, &str); 6] = [
            ("Cargo.toml".into(), &manifest),
            ("build.rs".into(), &build),
            ("src/lib.rs".into(), &lib),
            (spec.spec_path.into(), spec.spec),
            (format!("tests/{}.rs", spec.test_name), spec.test),
            ("tests/server/mod.rs".into(), SERVER),
        ];
        for (file, text) in &files {
            let to = dir.join(file);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::write(&to, text).unwrap();
        }
        // This workspace's lock file: the same versions as its builds, nothing resolved afresh.
        std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        OwnCrate { dir, spec }
    }

    fn cargo(&self, args: &[&str]) -> Command {
        let mut command = outside::cargo();
        // The crate's own test sets its variables; none may come from this process.
        let prefix = format!("{}_", self.spec.env_prefix);
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with(&prefix) {
                command.env_remove(name);
            }
        }
        command
            .args(args)
            .arg("--manifest-path")
            .arg(self.dir.join("Cargo.toml"))
            .arg("--color=never")
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", target_dir());
        command
    }

    /// Builds every target of the crate (library, build script, its test) and fails on any
    /// warning, from a compiler or from cargo. Returns the generated file's text.
    fn build_without_warnings(&self) -> String {
        let output = run(&mut self.cargo(&["build", "--all-targets", "--message-format=json"]));
        let stdout = String::from_utf8(output.stdout).expect("UTF-8 messages");
        let mut warnings = Vec::new();
        let mut out_dir = None;
        for line in stdout.lines() {
            let message: serde_json::Value = match serde_json::from_str(line) {
                Ok(message) => message,
                Err(_) => continue,
            };
            match message["reason"].as_str() {
                Some("compiler-message") => {
                    let level = message["message"]["level"].as_str().unwrap_or_default();
                    if level != "note" && level != "help" {
                        warnings.push(format!(
                            "{} ({level}):\n{}",
                            message["package_id"],
                            message["message"]["rendered"].as_str().unwrap_or_default()
                        ));
                    }
                }
                Some("build-script-executed")
                    if message["package_id"]
                        .as_str()
                        .is_some_and(|id| id.contains(self.spec.package)) =>
                {
                    out_dir = message["out_dir"].as_str().map(PathBuf::from);
                }
                _ => {}
            }
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        warnings.extend(
            stderr
                .lines()
                .filter(|line| line.trim_start().starts_with("warning"))
                .map(str::to_string),
        );
        assert!(
            warnings.is_empty(),
            "building {} gave warnings:\n{}",
            self.spec.package,
            warnings.join("\n")
        );
        let out_dir = out_dir.unwrap_or_else(|| {
            panic!(
                "no build script output for {}:\n{stdout}",
                self.spec.package
            )
        });
        let generated = out_dir.join(self.spec.generated);
        std::fs::read_to_string(&generated)
            .unwrap_or_else(|e| panic!("{}: {e}", generated.display()))
    }

    /// Runs the crate's own test (once) and checks it ran and passed.
    fn test(&self) {
        let output = run(&mut self.cargo(&[
            "test",
            "--test",
            self.spec.test_name,
            "--message-format=short",
        ]));
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stdout.contains("test result: ok. 1 passed; 0 failed"),
            "{}'s test did not run and pass:\n{stdout}{stderr}",
            self.spec.package
        );
        assert!(
            !stderr
                .lines()
                .any(|line| line.trim_start().starts_with("warning")),
            "testing {} gave warnings:\n{stderr}",
            self.spec.package
        );
    }
}

/// `pub fn NAME(` or `pub const NAME:` appears in `code` (as the generated file spells them).
fn defines(code: &str, item: &str) -> bool {
    code.contains(&format!("pub fn {item}(")) || code.contains(&format!("pub const {item}:"))
}

static PETS: Spec = Spec {
    package: "own-api-pets",
    version: "0.3.1",
    spec_path: "openapi.yaml",
    spec: include_str!("own_api/pets-3.0.yaml"),
    env_prefix: "PETS",
    generated: "pets.rs",
    test_name: "pets_api",
    test: include_str!("own_api/pets_api.rs"),
};

static NOTES: Spec = Spec {
    package: "own-api-notes",
    version: "2.0.0",
    spec_path: "spec/notes.yaml",
    spec: include_str!("own_api/notes-3.1.yaml"),
    env_prefix: "NOTES",
    generated: "notes.rs",
    test_name: "notes_api",
    test: include_str!("own_api/notes_api.rs"),
};

static TEAMS: Spec = Spec {
    package: "own-api-teams",
    version: "1.0.0",
    spec_path: "teams.yaml",
    spec: include_str!("own_api/teams-3.0.yaml"),
    env_prefix: "TEAMS",
    generated: "teams.rs",
    test_name: "teams_api",
    test: include_str!("own_api/teams_api.rs"),
};

#[test]
fn an_api_key_in_the_query_and_a_server_variable_openapi_3_0() {
    let _serial = serial();
    let own = OwnCrate::write(&PETS);
    let code = own.build_without_warnings();
    assert!(
        code.contains("use ::openapi_rust_runtime as runtime;"),
        "{code}"
    );
    // One credential setter, for the one kind of scheme the document uses.
    assert!(defines(&code, "api_key"), "{code}");
    assert!(!defines(&code, "bearer_token"), "{code}");
    assert!(!defines(&code, "basic_auth"), "{code}");
    assert!(!defines(&code, "TOKEN_ENV"), "{code}");
    assert!(defines(&code, "DEFAULT_BASE_URL"), "{code}");
    own.test();
}

#[test]
fn bearer_auth_and_a_relative_server_openapi_3_1() {
    let _serial = serial();
    let own = OwnCrate::write(&NOTES);
    let code = own.build_without_warnings();
    assert!(defines(&code, "bearer_token"), "{code}");
    assert!(!defines(&code, "api_key"), "{code}");
    assert!(!defines(&code, "basic_auth"), "{code}");
    assert!(!defines(&code, "API_KEY_ENV"), "{code}");
    // A relative server gives no default.
    assert!(!defines(&code, "DEFAULT_BASE_URL"), "{code}");
    own.test();
}

#[test]
fn requirements_of_several_schemes_and_head_operations() {
    let _serial = serial();
    let own = OwnCrate::write(&TEAMS);
    let code = own.build_without_warnings();
    // Several API-key schemes: a setter each, named after the scheme; the one bearer scheme
    // keeps the shared setter.
    for setter in ["key", "team_id", "admin_token", "bearer_token"] {
        assert!(defines(&code, setter), "{setter}: {code}");
    }
    assert!(!defines(&code, "api_key"), "{code}");
    assert!(!defines(&code, "API_KEY_ENV"), "{code}");
    assert!(
        code.contains("-> ::std::result::Result<runtime::Head,"),
        "{code}"
    );
    own.test();
}
