//! The command-line tool's generation forms: every setting a job (or a build script's Builder)
//! can give is a flag, so the tool given a job's settings as flags writes exactly the job's
//! committed output; without a SPEC it runs (or checks) the workspace's jobs, and with no jobs
//! it prints its usage.

use openapi_rust_gen::tools::{self, Job};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tool(dir: &Path, args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_openapi-rust-gen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the tool runs")
}

/// The jobs this workspace declares; it has at least one.
fn jobs() -> Vec<Job> {
    let jobs = tools::jobs(&workspace_root()).unwrap_or_else(|d| panic!("{}", tools::render(&d)));
    assert!(!jobs.is_empty(), "the workspace declares no generation job");
    jobs
}

#[test]
fn the_tool_given_a_jobs_settings_as_flags_writes_its_committed_output() {
    for job in jobs() {
        let config = &job.config;
        let mut args = vec![
            job.spec.display().to_string(),
            "--runtime-path".to_string(),
            config.runtime_path.clone(),
            "--regenerate".to_string(),
            config.regenerate.clone(),
        ];
        if let Some(prefix) = &config.env_prefix {
            args.extend(["--env-prefix".to_string(), prefix.clone()]);
        }
        if config.deny_warnings {
            args.push("--deny-warnings".to_string());
        }
        for (flag, list) in [
            ("--operations", &config.operations),
            ("--tags", &config.tags),
        ] {
            if !list.is_empty() {
                args.extend([flag.to_string(), list.join(",")]);
            }
        }
        let output = tool(&job.dir, &args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let committed = std::fs::read(job.dir.join(&job.output)).unwrap();
        assert!(
            output.stdout == committed,
            "{} differs from `openapi-rust-gen {}`",
            job.output.display(),
            args.join(" ")
        );
    }
}

#[test]
fn without_a_spec_the_tool_checks_every_job() {
    let output = tool(&workspace_root(), &["--check".to_string()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    for job in jobs() {
        let line = format!("{} is up to date", job.output.display());
        assert!(stderr.contains(&line), "{stderr}");
    }
}

#[test]
fn without_a_spec_or_jobs_the_tool_prints_its_usage() {
    let dir = std::env::temp_dir().join(format!("cli-no-jobs-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"plain\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), "").unwrap();
    let output = tool(&dir, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no package here declares generation jobs"),
        "{stderr}"
    );
    assert!(stderr.contains("usage: openapi-rust-gen"), "{stderr}");
    // Options change one spec's output; a job takes them from its table.
    let output = tool(
        &workspace_root(),
        &["--env-prefix".to_string(), "X".to_string()],
    );
    assert_eq!(output.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
