//! The runtime crate names no API: no file under `runtime/` (its sources, tests, `Cargo.toml`
//! and `README.md`) mentions Browser Use, in any spelling (`Browser Use`, `browser-use`,
//! `browser_use`, `BrowserUse`, `BROWSER_USE`, `X-Browser-Use-...`) or by its resources
//! (`skill`). A hit fails with the file, line and text.
//!
//! Not read: this file (it spells the names out to look for them).

use std::path::{Path, PathBuf};

/// Files that are not searched, relative to the runtime crate's directory.
const NOT_SEARCHED: &[&str] = &["tests/names_no_api.rs"];

/// What the line mentions, if it names Browser Use: "browser" followed by "use" directly or
/// after one space, hyphen, underscore or dot (but not the English "browser user(s)", "browser
/// used": after a space or dot, "use" followed by a lower-case letter is a word), or "skill";
/// letter case ignored otherwise.
fn browser_use_name(line: &str) -> Option<&'static str> {
    let lower = line.to_ascii_lowercase();
    if lower.contains("skill") {
        return Some("skill");
    }
    let mut from = 0;
    while let Some(found) = lower[from..].find("browser") {
        let mut at = from + found + "browser".len();
        let separator = lower[at..].chars().next().filter(|c| " -_.".contains(*c));
        at += separator.map_or(0, char::len_utf8);
        if lower[at..].starts_with("use") {
            let next = line[at + "use".len()..].chars().next();
            let word = matches!(separator, Some(' ' | '.'))
                && line[at..].starts_with("use")
                && next.is_some_and(|c| c.is_ascii_lowercase());
            if !word {
                return Some("browser use");
            }
        }
        from += found + "browser".len();
    }
    None
}

/// Every file under `dir` (recursively), skipping hidden entries and build output.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" {
            continue;
        }
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn no_runtime_file_names_browser_use() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    files(root, &mut all);
    all.sort();
    let searched: Vec<&PathBuf> = all
        .iter()
        .filter(|path| {
            let relative = path.strip_prefix(root).unwrap();
            !NOT_SEARCHED.iter().any(|skip| relative == Path::new(skip))
        })
        .collect();
    // The search covers what the crate is made of: a walk that found nothing proves nothing.
    for expected in [
        "Cargo.toml",
        "README.md",
        "src/lib.rs",
        "src/client.rs",
        "src/error.rs",
    ] {
        assert!(
            searched.iter().any(|path| path.ends_with(expected)),
            "{expected} was not searched: {searched:?}"
        );
    }
    let mut hits = Vec::new();
    for path in &searched {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text = String::from_utf8_lossy(&bytes);
        for (number, line) in text.lines().enumerate() {
            if let Some(name) = browser_use_name(line) {
                let relative = path.strip_prefix(root).unwrap().display();
                hits.push(format!(
                    "runtime/{relative}:{}: mentions {name:?}: {}",
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        hits.is_empty(),
        "the runtime crate must name no API, but:\n{}",
        hits.join("\n")
    );
}

#[test]
fn the_search_finds_every_spelling_and_nothing_else() {
    for line in [
        "the Browser Use API",
        "see https://browser-use.com",
        "const BROWSER_USE_API_KEY: &str",
        "mod browser_use_v2;",
        "struct BrowserUseClient;",
        "header X-Browser-Use-API-Key",
        "docs.browser.use",
        "fn create_skill()",
        "SKILLS",
        "BrowserUseSdk",
        "browseruse",
        "Browser Use's API",
    ] {
        assert!(browser_use_name(line).is_some(), "{line:?} was not found");
    }
    for line in [
        "a browser user agent",
        "browser users",
        "the browser used",
        "use the browser",
        "browsers use cookies",
        "pub use reqwest::Method;",
        "the user's key",
        "skil",
    ] {
        assert_eq!(browser_use_name(line), None, "{line:?} was found");
    }
}
