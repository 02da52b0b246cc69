//! The structure rule: no two modules of the generator or the runtime refer to each other (a
//! module and its own descendants aside). Each `.rs` file under `generator/src` and
//! `runtime/src` is read, its references to other modules (`crate::x`, `super::x`, grouped
//! `use crate::{x, y}`) collected, and every pair of modules that refer to each other, directly
//! or through their submodules, is reported.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Pairs that still refer to each other while they are being separated. Each entry must be a
/// real cycle: when it no longer is, the test fails until the entry is removed.
const KNOWN: &[(&str, &str, &str)] = &[];

/// A module path under its crate's root: `[]` is the root, `["load", "parse"]` is `load::parse`.
type Module = Vec<String>;

/// The module a source file defines, from its path under `src`; `None` for a binary's root.
fn module_of(relative: &Path) -> Option<Module> {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop()?;
    match file.as_str() {
        "lib.rs" if parts.is_empty() => Some(parts),
        "main.rs" if parts.is_empty() => None,
        "mod.rs" => Some(parts),
        _ => {
            parts.push(file.strip_suffix(".rs")?.to_string());
            Some(parts)
        }
    }
}

/// The text of a file that is code outside its unit tests: comments dropped, and the test
/// module (at the end of a file, by this project's convention) cut off.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    // A `//` inside a string cuts the line short too, which can only hide code after it.
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file's code names, each as written after `crate::` or resolved from
/// `super::` (`module` is the file's own module), with grouped imports spread out.
fn referenced_paths(module: &Module, code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for (prefix, base) in [("crate::", Vec::new()), ("super::", parent(module))] {
        for (at, _) in code.match_indices(prefix) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut rest = &code[at + prefix.len()..];
            let mut base = base.clone();
            while let Some(further) = rest.strip_prefix("super::") {
                base = parent(&base);
                rest = further;
            }
            for path in expand(rest) {
                let mut full = base.clone();
                full.extend(path);
                found.push(full);
            }
        }
    }
    found
}

/// The paths a `use` tree or path expression starts with: `a::b::c`, or each member of
/// `{a, b::{c, d}}`.
fn expand(rest: &str) -> Vec<Vec<String>> {
    let ident_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    if ident_len == 0 {
        let Some(group) = rest.strip_prefix('{') else {
            return Vec::new();
        };
        return members(group)
            .iter()
            .flat_map(|m| expand(m.trim()))
            .collect();
    }
    let (ident, after) = rest.split_at(ident_len);
    let mut paths: Vec<Vec<String>> = match after.strip_prefix("::") {
        Some(more) => expand(more),
        None => Vec::new(),
    };
    if paths.is_empty() {
        paths.push(Vec::new());
    }
    for path in &mut paths {
        path.insert(0, ident.to_string());
    }
    paths
}

/// The top-level members of a brace group, up to its closing brace.
fn members(group: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0usize, 0usize, Vec::new());
    for (index, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                out.push(&group[start..index]);
                return out;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&group[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    out
}

fn parent(module: &Module) -> Module {
    module[..module.len().saturating_sub(1)].to_vec()
}

/// The longest prefix of `path` that is one of `modules`.
fn module_named(path: &[String], modules: &BTreeSet<Module>) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|len| path[..len].to_vec())
        .find(|prefix| modules.contains(prefix))
}

/// Every pair of sibling modules (by their names under their common parent) that refer to each
/// other, given each module's source code.
fn mutual_references(sources: &BTreeMap<Module, String>) -> BTreeSet<(String, String)> {
    let modules: BTreeSet<Module> = sources.keys().cloned().collect();
    let mut edges: BTreeSet<(Module, Module)> = BTreeSet::new();
    for (module, code) in sources {
        for path in referenced_paths(module, code) {
            let Some(target) = module_named(&path, &modules) else {
                continue;
            };
            let common = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            // A module and its own ancestor or descendant may refer to each other.
            if common == module.len() || common == target.len() {
                continue;
            }
            edges.insert((module[..=common].to_vec(), target[..=common].to_vec()));
        }
    }
    edges
        .iter()
        .filter(|(from, to)| from < to && edges.contains(&(to.clone(), from.clone())))
        .map(|(from, to)| (from.join("::"), to.join("::")))
        .collect()
}

/// Every `.rs` file under `dir`, by its module.
fn sources_of(dir: &Path) -> BTreeMap<Module, String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).expect("a source directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut sources = BTreeMap::new();
    for path in files {
        let relative = path.strip_prefix(dir).expect("under the directory");
        if let Some(module) = module_of(relative) {
            let text = std::fs::read_to_string(&path).expect("a readable source file");
            sources.insert(module, code_of(&text));
        }
    }
    sources
}

fn crate_src(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(name)
        .join("src")
}

#[test]
fn no_two_modules_refer_to_each_other() {
    let mut unexpected = Vec::new();
    let mut stale = Vec::new();
    for name in ["generator", "runtime"] {
        let cycles = mutual_references(&sources_of(&crate_src(name)));
        assert!(
            !sources_of(&crate_src(name)).is_empty(),
            "no sources read for {name}"
        );
        for (a, b) in &cycles {
            if !KNOWN.contains(&(name, a.as_str(), b.as_str())) {
                unexpected.push(format!("{name}: `{a}` and `{b}` refer to each other"));
            }
        }
        for (_, a, b) in KNOWN.iter().filter(|(krate, _, _)| *krate == name) {
            if !cycles.contains(&(a.to_string(), b.to_string())) {
                stale.push(format!(
                    "{name}: `{a}` and `{b}` no longer refer to each other"
                ));
            }
        }
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
    assert!(
        stale.is_empty(),
        "{}\nremove the entry from KNOWN",
        stale.join("\n")
    );
}

#[test]
fn the_check_finds_cycles_through_submodules_and_grouped_imports() {
    let module = |path: &str| -> Module {
        path.split("::")
            .filter(|p| !p.is_empty())
            .map(str::to_string)
            .collect()
    };
    let sources: BTreeMap<Module, String> = [
        ("", "mod a; mod b; mod c;"),
        ("a", "use crate::{b::inner::{X, Y}, c};"),
        ("b", "mod inner;"),
        ("b::inner", "fn f() { super::super::a::g(); }"),
        ("c", "use super::b; // crate::a in a comment"),
    ]
    .into_iter()
    .map(|(path, code)| (module(path), code_of(code)))
    .collect();
    let cycles = mutual_references(&sources);
    let expected: BTreeSet<(String, String)> = [("a".to_string(), "b".to_string())].into();
    assert_eq!(cycles, expected);
}
