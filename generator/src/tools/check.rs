//! Compiles generated files the way an outside crate uses them, to prove that what the
//! generator writes builds without warnings for any spec (the snapshot tests and the corpus
//! command use it).
//!
//! Each generated file becomes one crate of a scratch workspace that depends on the runtime
//! crate (`runtime/` of this workspace) and nothing else, and whose `lib.rs` includes the file.
//! One `cargo clippy --keep-going` (`cargo check` where clippy is not installed) checks them
//! all, sharing the compiled dependencies: a warning of the compiler or of clippy's default
//! lints fails a file.

use super::failure;
use crate::Diagnostics;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a check found for one generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It compiled without warnings.
    Clean,
    /// It did not compile, or compiled with warnings: the compiler's messages.
    Failed(String),
}

/// Where the runtime crate is and where the scratch workspace and its build output go.
#[derive(Debug, Clone)]
pub struct Checker {
    /// The workspace root: its `Cargo.lock` and the runtime crate in `runtime/`.
    pub workspace_root: PathBuf,
    /// A directory for the scratch workspace (created; its old members are replaced).
    pub work_dir: PathBuf,
    /// The cargo target directory for the check build.
    pub target_dir: PathBuf,
}

impl Checker {
    /// The checker for the workspace at `workspace_root`: its scratch workspace goes to
    /// `check-{label}` under `target_dir`, its build output to `check` there.
    pub fn for_workspace(workspace_root: &Path, target_dir: &Path, label: &str) -> Checker {
        Checker {
            workspace_root: workspace_root.to_path_buf(),
            work_dir: target_dir.join(format!("check-{label}")),
            target_dir: target_dir.join("check"),
        }
    }

    /// Checks each `(name, code)`; names must be distinct and are used as crate names.
    pub fn check(
        &self,
        files: &[(String, String)],
    ) -> Result<BTreeMap<String, Outcome>, Diagnostics> {
        let runtime = self.workspace_root.join("runtime");
        let dependencies = format!(
            "openapi-rust-runtime = {{ path = {:?} }}\n",
            runtime.display().to_string()
        );
        let _ = std::fs::remove_dir_all(&self.work_dir);
        let mut members = Vec::new();
        for (name, code) in files {
            let package = package_name(name);
            self.write_member(&package, code, &dependencies)
                .map_err(|e| failure(&self.work_dir, e.to_string()))?;
            members.push(package);
        }
        self.write_workspace(&members)
            .map_err(|e| failure(&self.work_dir, e.to_string()))?;
        let output = self.run_cargo()?;
        Ok(files
            .iter()
            .map(|(name, _)| (name.clone(), outcome(&output, &package_name(name))))
            .collect())
    }

    fn write_member(&self, package: &str, code: &str, dependencies: &str) -> std::io::Result<()> {
        let dir = self.work_dir.join(package);
        std::fs::create_dir_all(&dir)?;
        let manifest = format!(
            "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [lib]\npath = \"lib.rs\"\ndoctest = false\n\n[dependencies]\n{dependencies}"
        );
        std::fs::write(dir.join("Cargo.toml"), manifest)?;
        std::fs::write(dir.join("generated.rs"), code)?;
        std::fs::write(dir.join("lib.rs"), LIB)
    }

    fn write_workspace(&self, members: &[String]) -> std::io::Result<()> {
        let mut manifest = String::from("[workspace]\nresolver = \"2\"\nmembers = [\n");
        for member in members {
            let _ = writeln!(manifest, "    {member:?},");
        }
        manifest.push_str("]\n");
        std::fs::write(self.work_dir.join("Cargo.toml"), manifest)?;
        // The client's lock file keeps the check on the dependency versions the client uses.
        match std::fs::copy(
            self.workspace_root.join("Cargo.lock"),
            self.work_dir.join("Cargo.lock"),
        ) {
            Ok(_) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(error),
        }
    }

    fn run_cargo(&self) -> Result<String, Diagnostics> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = Command::new(&cargo)
            .arg(check_command(&cargo))
            .args([
                "--workspace",
                "--keep-going",
                "--message-format=json",
                "--color=never",
            ])
            .arg("--target-dir")
            .arg(&self.target_dir)
            .current_dir(&self.work_dir)
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_TARGET_DIR")
            .output()
            .map_err(|e| failure(&self.work_dir, format!("cannot run cargo: {e}")))?;
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        if !output.status.success() && !stdout.contains("\"compiler-message\"") {
            // Cargo itself failed (a manifest or resolution problem), before any compiling.
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(failure(
                &self.work_dir,
                format!("cargo failed before compiling:\n{}", stderr.trim_end()),
            ));
        }
        Ok(stdout)
    }
}

/// `clippy` when cargo has it, so that generated code is held to clippy's default lints as well
/// as the compiler's; `check` otherwise (clippy is a separate component of the toolchain).
fn check_command(cargo: &std::ffi::OsStr) -> &'static str {
    let clippy = Command::new(cargo)
        .args(["clippy", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    match clippy {
        true => "clippy",
        false => "check",
    }
}

/// The library of each checked crate: the generated file, included as users include it.
const LIB: &str = "//! A generated client, compiled as a crate that uses it would.\n\ninclude!(\"generated.rs\");\n";

/// A crate name for a file name: `check-` and the name's alphanumerics.
fn package_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("check-{clean}")
}

/// The compiler's warnings and errors about `package`, from cargo's JSON messages.
fn outcome(output: &str, package: &str) -> Outcome {
    let mut messages = Vec::new();
    for line in output.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let id = message["package_id"].as_str().unwrap_or_default();
        let ours = id.contains(&format!("/{package}#"))
            || id.contains(&format!("{package} "))
            || id.contains(&format!("#{package}@"));
        let level = message["message"]["level"].as_str().unwrap_or_default();
        if ours && (level == "warning" || level == "error") {
            messages.push(
                message["message"]["rendered"]
                    .as_str()
                    .unwrap_or_default()
                    .trim_end()
                    .to_string(),
            );
        }
    }
    if messages.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Failed(messages.join("\n"))
    }
}
