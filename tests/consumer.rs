//! The client consumed the way people consume crates: a crate outside this workspace, made in a
//! temporary directory, depends on `browser-use-client` by `path` and by `git` URL, builds with
//! cargo, and calls `create_skill` against a server on 127.0.0.1. The dependency's source tree is
//! the same, file for file and byte for byte, after the build as before it (build.rs writes only
//! into `OUT_DIR`). And `cargo package --list` ships what the build reads and nothing of the
//! workspace's tests or tools.
//!
//! The dependency is a snapshot of this working tree (the files a clone has: tracked files and
//! new ones git does not ignore) in `<target>/consumer-test/browser-use-client`, a git repository
//! whose `main` gets a commit whenever the tree changed. On CI (a fresh clone) that is HEAD; on a
//! developer's machine it is what they are about to commit. The path dependency points at that
//! directory, the git dependency at its `file://` URL. The nested builds share this workspace's
//! target directory, so dependencies compile once and an unchanged tree rebuilds nothing.

mod outside;

use outside::{root, run, serial, target_root, GIT_REPOSITORY_ENV};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

const CREATED_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const API_KEY: &str = "consumer-test-key";

/// The target directory this test was built in.
fn target_dir() -> PathBuf {
    target_root()
}

fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    for name in GIT_REPOSITORY_ENV {
        command.env_remove(name);
    }
    command
        .current_dir(dir)
        .args([
            "-c",
            "user.name=consumer test",
            "-c",
            "user.email=consumer-test@localhost",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .env("GIT_AUTHOR_DATE", "2000-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2000-01-01T00:00:00Z");
    command
}

/// The files of the working tree a clone has, relative to the root: tracked and untracked but not
/// ignored, that exist, without the fuzzing crate (its own workspace, in neither package).
fn working_tree_files() -> Vec<PathBuf> {
    let output = run(git(root()).args([
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
    ]));
    let mut files: Vec<PathBuf> = output
        .stdout
        .split(|&byte| byte == 0)
        .filter(|name| !name.is_empty())
        .map(|name| PathBuf::from(String::from_utf8_lossy(name).into_owned()))
        .filter(|path| !path.starts_with("generator/fuzz") && root().join(path).is_file())
        .filter(|path| !root().join(path).starts_with(target_dir()))
        .collect();
    files.sort();
    files.dedup();
    files
}

/// Every file under `dir` but `.git` (git's own bookkeeping, not the source cargo builds), with
/// its bytes and modification time: a write of the same bytes is a change too.
fn tree(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    fn walk(dir: &Path, base: &Path, out: &mut BTreeMap<PathBuf, (Vec<u8>, SystemTime)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_name() == ".git" {
                continue;
            }
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                walk(&path, base, out);
            } else {
                let modified = entry.metadata().unwrap().modified().unwrap();
                let bytes = std::fs::read(&path).unwrap_or_default();
                out.insert(
                    path.strip_prefix(base).unwrap().to_path_buf(),
                    (bytes, modified),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The snapshot repository, brought up to date once per test run: files whose bytes differ are
/// rewritten (the rest keep their times, so cargo does not rebuild them), files gone are removed,
/// and a change is committed to `main` with a fixed author and date.
fn source() -> &'static Path {
    static SOURCE: OnceLock<PathBuf> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let dir = target_dir()
            .join("consumer-test")
            .join("browser-use-client");
        std::fs::create_dir_all(&dir).unwrap();
        let files = working_tree_files();
        for file in &files {
            let bytes = std::fs::read(root().join(file)).unwrap();
            let to = dir.join(file);
            if std::fs::read(&to).ok().as_deref() != Some(&bytes[..]) {
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::write(&to, &bytes).unwrap();
            }
        }
        for stale in tree(&dir).into_keys().filter(|path| !files.contains(path)) {
            std::fs::remove_file(dir.join(stale)).unwrap();
        }
        if !dir.join(".git").exists() {
            run(git(&dir).args(["init", "--quiet", "--initial-branch=main"]));
        }
        run(git(&dir).args(["add", "--all"]));
        let status = run(git(&dir).args(["status", "--porcelain"]));
        if !status.stdout.is_empty() {
            run(git(&dir).args([
                "commit",
                "--quiet",
                "--message",
                "snapshot of the working tree",
            ]));
        }
        dir
    })
}

/// A crate outside any workspace, in a fresh temporary directory, removed when dropped.
struct Consumer {
    dir: PathBuf,
    name: String,
}

impl Drop for Consumer {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Consumer {
    fn new(name: &str, dependency: &str) -> Consumer {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!("{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        let manifest = format!(
            r#"[package]
name = "{name}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
browser-use-client = {dependency}
tokio = {{ version = "1", features = ["macros", "rt"] }}

# Not part of any workspace above it.
[workspace]
"#
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        std::fs::write(dir.join("src/main.rs"), MAIN).unwrap();
        // The workspace's lock file: the same dependency versions, so the shared target directory
        // already has most of them compiled.
        std::fs::copy(source().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        Consumer {
            dir,
            name: name.to_string(),
        }
    }

    fn cargo(&self, args: &[&str]) -> Command {
        let mut command = outside::cargo();
        command
            .args(args)
            .arg("--manifest-path")
            .arg(self.dir.join("Cargo.toml"))
            .arg("--color=never")
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", target_dir());
        command
    }

    /// The directory of the resolved `browser-use-client` package, and its source as cargo
    /// reports it (fetching and checking out a git dependency).
    fn dependency(&self) -> (PathBuf, String) {
        let output = run(&mut self.cargo(&["metadata", "--format-version", "1"]));
        let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let package = metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|package| package["name"] == "browser-use-client")
            .expect("browser-use-client is in the dependency graph");
        let manifest = PathBuf::from(package["manifest_path"].as_str().unwrap());
        let source = package["source"].as_str().unwrap_or("path").to_string();
        (manifest.parent().unwrap().to_path_buf(), source)
    }

    fn binary(&self) -> PathBuf {
        target_dir()
            .join("debug")
            .join(format!("{}{}", self.name, std::env::consts::EXE_SUFFIX))
    }
}

/// The consumer's program: one `create_skill` against the base URL it is given.
const MAIN: &str = r#"use browser_use_client::{Client, CreateSkillRequest};
use std::time::Duration;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let base_url = std::env::args().nth(1).expect("usage: consumer BASE_URL");
    let client = Client::builder()
        .api_key("consumer-test-key")
        .base_url(base_url)
        .timeout(Duration::from_secs(20))
        .max_retries(0)
        .build()
        .expect("a client");
    let request = CreateSkillRequest::new(
        "Find the cheapest flight between two cities",
        "Search a flight site and return the cheapest fare with its times",
    );
    match client.create_skill(&request).await {
        Ok(created) => println!("created {}", created.id),
        Err(err) => {
            eprintln!("create_skill failed: {err}");
            std::process::exit(1);
        }
    }
}
"#;

/// Accepts one connection, reads one request and answers 202 with a created skill; returns the
/// request as text (head and body).
fn serve_once(listener: TcpListener) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        listener.set_nonblocking(true).unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut stream = loop {
            match listener.accept() {
                Ok((stream, _)) => break stream,
                Err(e)
                    if e.kind() == std::io::ErrorKind::WouldBlock && Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) => panic!("no connection: {e}"),
            }
        };
        stream.set_nonblocking(false).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        let head_end = loop {
            let n = stream.read(&mut buffer).expect("the request");
            assert!(n > 0, "connection closed before the request ended");
            request.extend_from_slice(&buffer[..n]);
            if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
        };
        let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .map_or(0, |value| value.trim().parse().unwrap());
        while request.len() < head_end + length {
            let n = stream.read(&mut buffer).expect("the request body");
            assert!(n > 0, "connection closed before the body ended");
            request.extend_from_slice(&buffer[..n]);
        }
        let body = format!("{{\"id\":\"{CREATED_ID}\"}}");
        let response = format!(
            "HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             connection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(response.as_bytes()).unwrap();
        String::from_utf8(request).expect("a UTF-8 request")
    })
}

/// Builds the consumer, checks the dependency's source tree is untouched, runs the program
/// against a local server and checks what it sent and printed.
fn build_and_call(consumer: &Consumer, expect_source: &str) {
    let (dependency, source) = consumer.dependency();
    assert!(
        source.starts_with(expect_source),
        "browser-use-client came from {source}"
    );
    let before = tree(&dependency);
    assert!(
        before.contains_key(Path::new("spec/browser-use-v2.yaml")),
        "{}",
        dependency.display()
    );

    let build = consumer.cargo(&["build"]).output().unwrap();
    let log = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "the consumer did not build:\n{log}");

    let after = tree(&dependency);
    let changed: Vec<String> = before
        .keys()
        .chain(after.keys())
        .filter(|path| before.get(*path) != after.get(*path))
        .map(|path| {
            let what = match (before.get(path), after.get(path)) {
                (None, _) => "created",
                (_, None) => "deleted",
                (Some((old, _)), Some((new, _))) if old == new => "rewritten with the same bytes",
                _ => "modified",
            };
            format!("{} {what}", path.display())
        })
        .collect();
    assert!(
        changed.is_empty(),
        "building the consumer changed the dependency's source in {}:\n{}",
        dependency.display(),
        changed.join("\n")
    );

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}/api/v2", listener.local_addr().unwrap());
    let server = serve_once(listener);
    let output = Command::new(consumer.binary())
        .arg(&base_url)
        .output()
        .unwrap();
    let request = server.join().expect("the server saw one request");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the consumer failed: {}{stdout}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout.trim(), format!("created {CREATED_ID}"));

    let (head, body) = request.split_once("\r\n\r\n").unwrap();
    assert!(
        head.starts_with("POST /api/v2/skills HTTP/1.1\r\n"),
        "{head}"
    );
    assert!(
        head.to_ascii_lowercase()
            .contains(&format!("x-browser-use-api-key: {API_KEY}")),
        "{head}"
    );
    let body: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    assert_eq!(
        body["goal"], "Find the cheapest flight between two cities",
        "{body}"
    );
}

#[test]
fn a_crate_outside_the_workspace_uses_the_client_by_path() {
    let _serial = serial();
    let dependency = format!("{{ path = {:?} }}", source().display().to_string());
    let consumer = Consumer::new("browser-use-consumer-by-path", &dependency);
    build_and_call(&consumer, "path");
}

#[test]
fn a_crate_outside_the_workspace_uses_the_client_by_git_url() {
    let _serial = serial();
    let dependency = format!(
        "{{ git = \"file://{}\", branch = \"main\" }}",
        source().display()
    );
    let consumer = Consumer::new("browser-use-consumer-by-git", &dependency);
    build_and_call(&consumer, "git+file://");
}

/// `cargo package --list` for both crates: what build.rs reads (the spec) and the sources ship;
/// the workspace's tests, fixtures, benches, scripts and fuzzing crate do not.
#[test]
fn the_packages_ship_what_the_build_reads() {
    let list = |package: &str| -> Vec<String> {
        let output = run(Command::new(env!("CARGO"))
            .args([
                "package",
                "--list",
                "--allow-dirty",
                "--quiet",
                "-p",
                package,
            ])
            .current_dir(root()));
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    };
    // Each package: the files it must ship, and the directories none of whose files it may ship.
    let check = |package: &str, shipped: &[&str], withheld: &[&str]| {
        let files = list(package);
        for file in shipped {
            assert!(
                files.iter().any(|f| f == file),
                "{package} lacks {file}: {files:?}"
            );
        }
        for file in &files {
            assert!(
                !withheld.iter().any(|dir| file.starts_with(dir)),
                "{package} ships {file}"
            );
        }
    };
    check(
        "browser-use-client",
        &[
            "Cargo.toml",
            "build.rs",
            "spec/browser-use-v2.yaml",
            "generated-client/src/lib.rs",
            "generated-client/browser_use_v2.rs",
            "README.md",
            "LICENSE-MIT",
            "LICENSE-APACHE",
        ],
        &[
            "tests/",
            "benches/",
            "generator/",
            "generated-client/full-api/",
            "generated-client/consumer-tests/",
        ],
    );
    check(
        "openapi-rust-gen",
        &[
            "Cargo.toml",
            "src/lib.rs",
            "src/main.rs",
            "README.md",
            "LICENSE-MIT",
            "LICENSE-APACHE",
        ],
        &["tests/", "fuzz/", "benches/"],
    );
}
