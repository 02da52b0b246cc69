//! JSON pointers (RFC 6901): how every stage names a node of the document. A pointer is kept
//! in its escaped form (`/paths/~1pets/get`), as a diagnostic prints it; a token is escaped when
//! it is pushed and unescaped when the pointer is followed, here and nowhere else.

use serde_yaml::Value;
use std::fmt;

/// A JSON pointer: `""` is the whole document, `/a/b` the member `b` of the member `a`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct JsonPointer(String);

impl JsonPointer {
    /// The pointer to the whole document.
    pub fn root() -> Self {
        JsonPointer(String::new())
    }

    /// A pointer from its escaped text (`/a/b~1c`); `None` unless it is empty or starts with
    /// `/`.
    pub fn parse(escaped: &str) -> Option<Self> {
        (escaped.is_empty() || escaped.starts_with('/')).then(|| JsonPointer(escaped.to_string()))
    }

    /// The pointer of a reference's fragment: `#/components/schemas/Pet` (or the part after
    /// the `#`), `None` when it is not a pointer (`#Pet`, an anchor).
    pub fn from_fragment(fragment: &str) -> Option<Self> {
        Self::parse(fragment.strip_prefix('#').unwrap_or(fragment))
    }

    /// A pointer made of the given (unescaped) tokens.
    pub fn from_tokens<'t>(tokens: impl IntoIterator<Item = &'t str>) -> Self {
        let mut pointer = Self::root();
        for token in tokens {
            pointer.push(token);
        }
        pointer
    }

    /// Appends one token, escaping `~` as `~0` and `/` as `~1`.
    pub fn push(&mut self, token: &str) {
        self.0.push('/');
        for c in token.chars() {
            match c {
                '~' => self.0.push_str("~0"),
                '/' => self.0.push_str("~1"),
                c => self.0.push(c),
            }
        }
    }

    /// This pointer with one token appended.
    pub fn child(&self, token: &str) -> Self {
        let mut child = self.clone();
        child.push(token);
        child
    }

    /// Runs `f` with `token` appended to this pointer, then takes it off again: a walk over a
    /// document keeps one pointer rather than building one per node.
    pub fn within<R>(&mut self, token: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.0.len();
        self.push(token);
        let result = f(self);
        self.0.truncate(len);
        result
    }

    /// The escaped text, without a leading `#`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The tokens, unescaped (`~1` is `/`, `~0` is `~`).
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
    }

    /// The node this pointer names in `value`, when there is one.
    pub fn find<'a>(&self, value: &'a Value) -> Option<&'a Value> {
        self.tokens().try_fold(value, |node, token| match node {
            Value::Mapping(map) => map.get(token.as_str()),
            Value::Sequence(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
    }
}

impl fmt::Display for JsonPointer {
    /// The escaped text, without a leading `#`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::JsonPointer;
    use serde_yaml::Value;

    #[test]
    fn tokens_are_escaped_once_and_unescaped_once() {
        let pointer = JsonPointer::from_tokens(["paths", "/a/{id}", "x~y"]);
        assert_eq!(pointer.to_string(), "/paths/~1a~1{id}/x~0y");
        let tokens: Vec<String> = pointer.tokens().collect();
        assert_eq!(tokens, ["paths", "/a/{id}", "x~y"]);
        // `~01` is `~` then `1`, not `/`.
        let tricky = JsonPointer::parse("/~01").expect("a pointer");
        assert_eq!(tricky.tokens().collect::<Vec<_>>(), ["~1"]);
    }

    #[test]
    fn fragments_parse_and_anchors_do_not() {
        assert_eq!(
            JsonPointer::from_fragment("#/components/schemas/Pet"),
            Some(JsonPointer::from_tokens(["components", "schemas", "Pet"]))
        );
        assert_eq!(JsonPointer::from_fragment("#"), Some(JsonPointer::root()));
        assert_eq!(JsonPointer::from_fragment("#Pet"), None);
    }

    #[test]
    fn within_takes_its_token_off_again() {
        let mut pointer = JsonPointer::root().child("a");
        let inner = pointer.within("b/c", |p| p.to_string());
        assert_eq!((inner.as_str(), pointer.as_str()), ("/a/b~1c", "/a"));
    }

    #[test]
    fn pointers_find_nodes() {
        let doc: Value = serde_yaml::from_str("a:\n  b/c: [x, {'~d': 1}]\n").unwrap();
        let find = |text: &str| JsonPointer::parse(text).and_then(|p| p.find(&doc));
        assert_eq!(find(""), Some(&doc));
        assert_eq!(find("/a/b~1c/0").and_then(Value::as_str), Some("x"));
        assert_eq!(find("/a/b~1c/1/~0d").and_then(Value::as_u64), Some(1));
        for missing in ["a", "/b", "/a/b~1c/2", "/a/b~1c/x", "/a/b~1c/0/y"] {
            assert_eq!(find(missing), None, "{missing}");
        }
    }
}
