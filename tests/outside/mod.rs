//! What the tests that build crates outside this workspace share: running a command that must
//! succeed, a cargo command without this test process's variables, and one build at a time.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard};

/// The workspace root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The target directory this test was built in (`CARGO_TARGET_TMPDIR` is `<target>/tmp`).
pub fn target_root() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR has a parent")
        .to_path_buf()
}

/// Variables cargo sets for a test process (besides `CARGO_PKG_*`).
const CARGO_TEST_ENV: &[&str] = &[
    "OUT_DIR",
    "CARGO_MANIFEST_DIR",
    "CARGO_MANIFEST_PATH",
    "CARGO_MANIFEST_LINKS",
    "CARGO_CRATE_NAME",
    "CARGO_BIN_NAME",
    "CARGO_PRIMARY_PACKAGE",
    "CARGO_TARGET_TMPDIR",
    "CARGO_RUSTC_CURRENT_DIR",
];

/// Variables that point git at another repository (a hook running the tests sets them).
pub const GIT_REPOSITORY_ENV: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
];

/// Cargo, without what cargo set for this test process: those variables describe this package,
/// not the crate being built, and build scripts that watch them (ring's does: `CARGO_PKG_NAME`,
/// `OUT_DIR`, ...) would see them change between that build and the workspace's and rerun each
/// time. Git's repository variables would point a git dependency's fetch elsewhere.
pub fn cargo() -> Command {
    let mut command = Command::new(env!("CARGO"));
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_PKG_")
            || CARGO_TEST_ENV.contains(&&*name)
            || GIT_REPOSITORY_ENV.contains(&&*name)
        {
            command.env_remove(&*name);
        }
    }
    command
}

/// Runs `command` and fails the test, with its output, when it does not succeed.
pub fn run(command: &mut Command) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The builds of one test binary share a target directory and the machine's cores: one at a
/// time.
pub fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
