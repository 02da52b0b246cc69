//! Committed generated files and how tests keep them fresh (rust-analyzer's pattern): a test
//! regenerates a file and compares it with the committed copy; when they differ it rewrites the
//! copy and fails, so the next run passes and the change shows up in `git diff` for review. In
//! CI (`CI` set) it fails without writing, since CI must see the repository as committed.

use super::diff;
use crate::{Diagnostic, Diagnostics};
use std::path::Path;

/// Whether a stale file is rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Rewrite the stale file, then fail.
    Refresh,
    /// Only fail.
    Check,
}

impl Mode {
    /// `Check` when the `CI` environment variable is set (to anything but `false` or `0`).
    pub fn from_env() -> Self {
        match std::env::var("CI") {
            Ok(value) if value != "false" && value != "0" => Mode::Check,
            _ => Mode::Refresh,
        }
    }
}

/// Compares `actual` with the file at `path` (shown as `name`). On a difference the error about
/// `name` says what to do (run `refresh`, or review and commit the rewritten file) above a
/// unified diff, and in [`Mode::Refresh`] the file has been rewritten.
pub fn expect_file(
    path: &Path,
    name: &str,
    actual: &str,
    refresh: &str,
    mode: Mode,
) -> Result<(), Diagnostics> {
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed == actual {
        return Ok(());
    }
    let patch = diff::unified(name, &format!("{name} (regenerated)"), &committed, actual);
    let outcome = match mode {
        Mode::Refresh => match std::fs::write(path, actual) {
            Ok(()) => {
                "stale, and rewritten: review the change with `git diff` and commit it".to_string()
            }
            Err(error) => format!("stale, and could not be rewritten ({error}): run {refresh}"),
        },
        Mode::Check => format!("stale: run {refresh} and commit the result"),
    };
    let message = format!("{outcome}\n{patch}");
    Err(Diagnostics::from(Diagnostic::in_file(name, message)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_files_are_rewritten_only_outside_ci() {
        let dir = std::env::temp_dir().join(format!("snapshot-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("file.rs");
        std::fs::write(&path, "old\n").unwrap();

        let error = expect_file(&path, "file.rs", "new\n", "`cargo test`", Mode::Check)
            .unwrap_err()
            .to_string();
        assert!(error.contains("-old\n+new\n"), "{error}");
        assert!(
            error.starts_with("file.rs: stale: run `cargo test`"),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");

        let error = expect_file(&path, "file.rs", "new\n", "`cargo test`", Mode::Refresh)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("file.rs: stale, and rewritten"),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(
            expect_file(&path, "file.rs", "new\n", "`cargo test`", Mode::Check),
            Ok(())
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
