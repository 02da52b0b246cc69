//! Naming policy (part of the model stage): every Rust identifier the generator emits is decided
//! here, by one set of functions, so that the rules live in one place and are table-tested.
//!
//! The policy:
//! - types and enum variants are UpperCamelCase, fields and methods snake_case (heck's word
//!   splitting, so `HTTPValidationError` becomes `HttpValidationError`);
//! - characters that cannot appear in an identifier separate words; a name with no usable
//!   character at all becomes `Value` / `value`;
//! - a name that starts with a digit gets a prefix (`_` for snake_case, `N` for types), because
//!   Rust identifiers cannot start with one;
//! - keywords become raw identifiers (`r#type`), except the four that cannot be raw (`self`,
//!   `Self`, `super`, `crate`), which get a trailing underscore; a snake_case name is an
//!   [`Ident`], which knows whether it is raw, so nothing downstream reads `r#` out of text;
//! - names that still collide within one scope are told apart by [`Namespace`], which appends
//!   `2`, `3`, ... in the order the names were asked for (the callers ask in a sorted order).

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Rust keywords in all editions up to 2024, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot make into identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A snake_case Rust identifier (field, parameter or method) as the policy decided it: its text,
/// and whether it is written raw (`r#type`) because the text is a keyword. Only this module
/// makes one, so a raw identifier is always a keyword and a plain one never is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident {
    name: String,
    raw: bool,
}

impl Ident {
    /// The name without `r#`: what messages and derived names (`default_type`) use.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// Whether it is written as a raw identifier.
    pub fn is_raw(&self) -> bool {
        self.raw
    }
}

impl std::fmt::Display for Ident {
    /// The identifier as Rust source writes it: `r#type`, `name`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.raw {
            true => write!(f, "r#{}", self.name),
            false => f.write_str(&self.name),
        }
    }
}

/// The UpperCamelCase Rust name for a type or enum variant named `raw` in the document.
pub fn type_name(raw: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    finish(name, "Value", "N")
}

/// The prefix of the environment variables a generated `Client::from_env` reads, from the
/// document's title: its words before the word "API", without version words, in
/// SCREAMING_SNAKE_CASE (`Swagger Petstore` gives `SWAGGER_PETSTORE`, `Acme Public API v2`
/// gives `ACME_PUBLIC`). A title with nothing usable gives `API`.
pub fn env_prefix(title: &str) -> String {
    let words: Vec<&str> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let end = words
        .iter()
        .position(|word| word.eq_ignore_ascii_case("api"))
        .filter(|at| *at > 0)
        .unwrap_or(words.len());
    let is_version = |word: &&str| {
        let digits = word.strip_prefix(['v', 'V']).unwrap_or(word);
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    };
    let kept: Vec<&str> = words[..end]
        .iter()
        .copied()
        .filter(|w| !is_version(w))
        .collect();
    let prefix = kept.join(" ").to_shouty_snake_case();
    match prefix.chars().next() {
        None => "API".to_string(),
        Some(first) if first.is_ascii_digit() => format!("API_{prefix}"),
        Some(_) => prefix,
    }
}

/// The snake_case Rust name for a field, parameter or method named `raw` in the document.
pub fn snake_name(raw: &str) -> Ident {
    let name = finish(words(raw).to_snake_case(), "value", "_");
    let raw = KEYWORDS.contains(&name.as_str());
    Ident { name, raw }
}

/// `name` as a local variable or argument: the same, except where clippy's default lints object
/// to a binding's name: one of its placeholder names (`foo`, `baz`, `quux` give `foo_value`) or
/// only underscores and digits (`_123`, from `123`, gives `value_123`).
pub fn binding(name: &Ident) -> Ident {
    let text = name.as_str();
    let renamed = if ["foo", "baz", "quux"].contains(&text) {
        format!("{text}_value")
    } else if text.chars().all(|c| c == '_' || c.is_ascii_digit()) {
        format!("value{text}")
    } else {
        return name.clone();
    };
    Ident {
        name: renamed,
        raw: false,
    }
}

/// The snake_case name made of decided names or words joined by `_` (`user_id` and `query` give
/// `user_id_query`). A name with `_` in it is no keyword, so the result is never raw.
pub fn joined(parts: &[&str]) -> Ident {
    Ident {
        name: parts.join("_"),
        raw: false,
    }
}

/// Replaces every character that cannot be part of an identifier with a word break. Non-ASCII
/// letters are dropped too: they are legal in Rust identifiers but trip lints and keyboards.
fn words(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    plural_acronyms(&cleaned)
}

/// Writes plural acronyms as one word (`LLMs` as `Llms`, `userIDs` as `userIds`), which heck
/// would otherwise split before their last capital (`LlMs`, `user_i_ds`).
fn plural_acronyms(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        let plural = run >= 2
            && chars.get(i + run) == Some(&'s')
            && !chars
                .get(i + run + 1)
                .is_some_and(|c| c.is_ascii_lowercase());
        if plural {
            out.push(chars[i]);
            out.extend(chars[i + 1..i + run].iter().map(char::to_ascii_lowercase));
            out.push('s');
            i += run + 1;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Applies the empty-name, leading-digit and not-raw keyword rules to a case-converted name (the
/// callers mark the other keywords raw).
fn finish(name: String, empty: &str, digit_prefix: &str) -> String {
    if name.is_empty() {
        return empty.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{digit_prefix}{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    name
}

/// The method name for an operation: FastAPI's generated ids (`{name}_{path words}_{method}`)
/// lose their path-and-method suffix, other ids are only case-converted, and operations without
/// an id are named from the method and path (`get_users_by_id` for `GET /users/{id}`).
pub fn method_candidate(operation_id: Option<&str>, method: &str, path: &str) -> Ident {
    match operation_id {
        Some(id) => snake_name(strip_fastapi_suffix(id, method, path).unwrap_or(id)),
        None => snake_name(&format!("{method} {}", path_words(path))),
    }
}

/// The name part of a FastAPI-generated operation id, when `id` is one.
///
/// FastAPI builds ids as `name + path`, with every non-word character of the path replaced by
/// `_`, then `_` and the lower-case method; this undoes exactly that.
pub fn strip_fastapi_suffix<'a>(id: &'a str, method: &str, path: &str) -> Option<&'a str> {
    let mangled: String = path
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let suffix = format!("{mangled}_{}", method.to_ascii_lowercase());
    let name = id.strip_suffix(suffix.as_str())?;
    (!name.is_empty() && !name.ends_with('_')).then_some(name)
}

/// The words of a path for naming: `/users/{id}/pets` reads `users by id pets`.
fn path_words(path: &str) -> String {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(param) => format!("by {param}"),
                None => segment.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join(" ")
}

/// The candidate closest to `wanted` by edit distance, when it is close enough to be a likely
/// typo (at most a third of its length, and at least one edit).
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(1);
    candidates
        .map(|candidate| (edit_distance(wanted, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// The names already taken in one scope (the module's types, one struct's fields, one enum's
/// variants); [`Namespace::claim`] hands out unique ones.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace in which `reserved` are already taken (for example the runtime's own names).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|name| name.to_string()).collect(),
        }
    }

    /// Returns `name`, or `name2`, `name3`, ... when it is taken, and marks the result taken.
    pub fn claim(&mut self, name: String) -> String {
        let mut candidate = name.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            // `Self_` becomes `Self2` (`Self_2` is not UpperCamelCase), `self_` `self2`.
            candidate = format!("{}{n}", name.strip_suffix('_').unwrap_or(&name));
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// [`Namespace::claim`] for an identifier: a numbered keyword is no longer a keyword, so
    /// `r#type` taken gives a plain `type2`.
    pub fn claim_ident(&mut self, ident: Ident) -> Ident {
        if self.taken.insert(ident.name.clone()) {
            return ident;
        }
        let name = self.claim(ident.name);
        Ident { name, raw: false }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_avoid_the_names_clippy_objects_to() {
        for (raw, expected) in [
            ("foo", "foo_value"),
            ("quux", "quux_value"),
            ("123", "value_123"),
            ("+1", "value_1"),
            ("food", "food"),
            ("task_id", "task_id"),
        ] {
            assert_eq!(binding(&snake_name(raw)).as_str(), expected, "{raw}");
        }
    }

    #[test]
    fn environment_prefixes_come_from_the_title() {
        for (title, prefix) in [
            ("Swagger Petstore", "SWAGGER_PETSTORE"),
            ("Browser Use Public API v2", "BROWSER_USE_PUBLIC"),
            ("GitHub v3 REST API", "GIT_HUB_REST"),
            ("API", "API"),
            ("OpenAI API", "OPEN_AI"),
            ("Petstore 1.0", "PETSTORE"),
            ("3D Printer", "API_3D_PRINTER"),
            ("", "API"),
            ("日本語", "API"),
            ("x-api-key service", "X"),
        ] {
            assert_eq!(env_prefix(title), prefix, "{title}");
        }
    }

    #[test]
    fn type_names() {
        let table = [
            ("HTTPValidationError", "HttpValidationError"),
            ("CreateSkillRequest", "CreateSkillRequest"),
            ("create-skill request", "CreateSkillRequest"),
            (
                "app__endpoints__api__v2__skills__views__InsufficientCreditsError",
                "AppEndpointsApiV2SkillsViewsInsufficientCreditsError",
            ),
            ("2fa_method", "N2faMethod"),
            ("Self", "Self_"),
            ("self", "Self_"),
            ("$$$", "Value"),
            ("", "Value"),
            ("Straße", "StraE"),
            ("a::b", "AB"),
            ("Option", "Option"),
            ("SupportedLLMs", "SupportedLlms"),
            ("APIsAndURLs", "ApisAndUrls"),
            ("HTTPServer", "HttpServer"),
        ];
        for (raw, want) in table {
            assert_eq!(type_name(raw), want, "type_name({raw:?})");
        }
    }

    #[test]
    fn snake_names() {
        let table = [
            ("agentPrompt", "agent_prompt"),
            ("type", "r#type"),
            ("gen", "r#gen"),
            ("async", "r#async"),
            ("self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("_", "value"),
            ("1st", "_1st"),
            ("X-Browser-Use-API-Key", "x_browser_use_api_key"),
            ("user.name", "user_name"),
            ("ünïcode", "n_code"),
            ("ID", "id"),
            ("userIDs", "user_ids"),
            ("IDsOnly", "ids_only"),
            ("isOK", "is_ok"),
            ("", "value"),
        ];
        for (raw, want) in table {
            assert_eq!(snake_name(raw).to_string(), want, "snake_name({raw:?})");
        }
        let keyword = snake_name("type");
        assert_eq!((keyword.as_str(), keyword.is_raw()), ("type", true));
        assert!(!snake_name("self").is_raw());
    }

    #[test]
    fn fastapi_ids_are_shortened() {
        let table = [
            (
                "create_skill_skills_post",
                "post",
                "/skills",
                Some("create_skill"),
            ),
            (
                "get_task_tasks__task_id__get",
                "get",
                "/tasks/{task_id}",
                Some("get_task"),
            ),
            (
                "get_account_billing_billing_account_get",
                "get",
                "/billing/account",
                Some("get_account_billing"),
            ),
            ("listPets", "get", "/pets", None),
            ("_skills_post", "post", "/skills", None),
            ("skills_post", "get", "/skills", None),
        ];
        for (id, method, path, want) in table {
            assert_eq!(strip_fastapi_suffix(id, method, path), want, "{id}");
        }
    }

    #[test]
    fn method_names_without_an_id_come_from_method_and_path() {
        assert_eq!(
            method_candidate(None, "get", "/users/{id}/pets").as_str(),
            "get_users_by_id_pets"
        );
        assert_eq!(method_candidate(None, "post", "/").as_str(), "post");
        assert_eq!(
            method_candidate(Some("listPets"), "get", "/pets").as_str(),
            "list_pets"
        );
    }

    #[test]
    fn closest_names_suggest_typos_only() {
        let known = ["CreateSkillRequest", "CreateSkillResponse", "Pet"];
        assert_eq!(
            closest("CreateSkillRespons", known.into_iter()),
            Some("CreateSkillResponse")
        );
        assert_eq!(closest("Pat", known.into_iter()), Some("Pet"));
        assert_eq!(closest("Unrelated", known.into_iter()), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn namespaces_number_collisions() {
        let mut scope = Namespace::with_reserved(&["Client"]);
        assert_eq!(scope.claim("Client".into()), "Client2");
        assert_eq!(scope.claim("Pet".into()), "Pet");
        assert_eq!(scope.claim("Pet".into()), "Pet2");
        assert_eq!(scope.claim("Pet".into()), "Pet3");
        let mut fields = Namespace::default();
        let first = fields.claim_ident(snake_name("type"));
        assert_eq!(
            (first.to_string(), first.is_raw()),
            ("r#type".to_string(), true)
        );
        let second = fields.claim_ident(snake_name("type"));
        assert_eq!(
            (second.to_string(), second.is_raw()),
            ("type2".to_string(), false)
        );
        assert_eq!(joined(&["self_", "query"]).to_string(), "self__query");
        let mut variants = Namespace::default();
        assert_eq!(variants.claim("Self_".into()), "Self_");
        assert_eq!(variants.claim("Self_".into()), "Self2");
        assert_eq!(fields.claim("self_".into()), "self_");
        assert_eq!(fields.claim("self_".into()), "self2");
    }
}
