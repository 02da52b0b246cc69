//! Parameter values as URL, header and cookie text: percent-encoding, and the OpenAPI
//! serialization styles (`form` exploded or joined, `deepObject`, `simple`).
//!
//! Every value becomes a [`Node`] first, so generated enums (which serialize as their wire
//! string or integer), UUIDs and numbers all become text the same way.

use serde::Serialize;

use super::tree::{to_node, Node};
use crate::InvalidRequest;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Whether `byte` is in RFC 3986's unreserved set, the only bytes a URL carries as themselves.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Whether `byte` may appear in a cookie value as itself: RFC 6265's `cookie-octet`, minus `%`,
/// which is encoded too so that the encoding can be undone without ambiguity.
fn is_cookie_octet(byte: u8) -> bool {
    matches!(byte, 0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

/// Percent-encodes the UTF-8 bytes of `text` for which `keep` is false.
fn encode_with(text: &str, keep: fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if keep(byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
    out
}

/// Percent-encodes everything outside the unreserved set. Encoding more than the minimum is
/// always safe (a server decodes `%2C` and `,` alike), while a bare reserved character could be
/// read as a separator.
pub(crate) fn percent_encode(text: &str) -> String {
    encode_with(text, is_unreserved)
}

/// Percent-encodes what a cookie value cannot hold (spaces, quotes, `;`, `,`, `\`, controls,
/// non-ASCII) and `%` itself.
pub(crate) fn cookie_encode(text: &str) -> String {
    encode_with(text, is_cookie_octet)
}

/// The text of a string, number or boolean; `None` for null, arrays and objects.
fn scalar_text(value: &Node) -> Option<String> {
    match value {
        Node::String(text) => Some(text.clone()),
        Node::Number(number) => Some(number.to_string()),
        Node::Bool(flag) => Some(flag.to_string()),
        Node::Null | Node::Array(_) | Node::Object(_) => None,
    }
}

/// The text of a value nested inside an array or object: a scalar as itself, anything else as
/// compact JSON, since the styles define no further nesting.
fn nested_text(value: &Node) -> String {
    scalar_text(value).unwrap_or_else(|| value.to_string())
}

/// How a value that is not a scalar is described in an error message.
fn kind(value: &Node) -> &'static str {
    match value {
        Node::Null => "null",
        Node::Array(_) => "an array",
        Node::Object(_) => "an object",
        Node::String(_) | Node::Number(_) | Node::Bool(_) => "a scalar",
    }
}

/// The items of an array that are not null: null means absent, inside a list as outside it.
fn present(items: &[Node]) -> impl Iterator<Item = &Node> {
    items.iter().filter(|item| !item.is_null())
}

/// The members of an object whose value is not null.
fn present_members(members: &[(String, Node)]) -> impl Iterator<Item = &(String, Node)> {
    members.iter().filter(|(_, value)| !value.is_null())
}

/// A path parameter as one percent-encoded path segment.
///
/// `/`, `?`, `#`, `%`, spaces and non-ASCII are all encoded, so the value can never change
/// which path is requested. For the same reason an empty value, `.` and `..` are refused: URL
/// normalisation would turn `/items/..` into `/` (and it decodes `%2E` first, so encoding
/// cannot help).
pub fn path_segment<T: Serialize + ?Sized>(value: &T) -> Result<String, InvalidRequest> {
    let value = to_node(value, "path")?;
    let Some(text) = scalar_text(&value) else {
        let message = format!(
            "a path parameter must be a string, number or boolean, not {}",
            kind(&value)
        );
        return Err(InvalidRequest::unencodable("path", message));
    };
    if matches!(text.as_str(), "" | "." | "..") {
        let message =
            format!("a path parameter cannot be {text:?}: the url would name another path");
        return Err(InvalidRequest::unencodable("path", message));
    }
    Ok(percent_encode(&text))
}

/// The parts of a `simple` (or non-exploded `form`) value: a scalar alone, the items of an
/// array, or an object's names and values in turn. `None` for null or an empty list, which
/// RFC 6570 treats as undefined, so the parameter is left out.
pub(crate) fn simple_parts(value: &Node) -> Option<Vec<String>> {
    let parts: Vec<String> = match value {
        Node::Null => return None,
        Node::Array(items) => present(items).map(nested_text).collect(),
        Node::Object(members) => present_members(members)
            .flat_map(|(name, value)| [name.clone(), nested_text(value)])
            .collect(),
        scalar => vec![nested_text(scalar)],
    };
    (!parts.is_empty()).then_some(parts)
}

/// An encoded query string or form body being built: `name=value` pairs joined by `&`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pairs(String);

impl Pairs {
    /// The encoded text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// Appends a pair whose name and value are both already encoded.
    fn push_encoded(&mut self, name: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.push_str(name);
        self.0.push('=');
        self.0.push_str(value);
    }

    /// Appends a pair, encoding name and value.
    pub(crate) fn push(&mut self, name: &str, value: &str) {
        self.push_encoded(&percent_encode(name), &percent_encode(value));
    }

    /// `form` with explode=true: `name=v` for a scalar, `name=a&name=b` for an array, and
    /// `k1=v1&k2=v2` for an object (its members become the pairs).
    pub(crate) fn form_exploded(&mut self, name: &str, value: &Node) {
        match value {
            Node::Null => {}
            Node::Array(items) => {
                present(items).for_each(|item| self.push(name, &nested_text(item)))
            }
            Node::Object(members) => present_members(members)
                .for_each(|(member, value)| self.push(member, &nested_text(value))),
            scalar => self.push(name, &nested_text(scalar)),
        }
    }

    /// `form` with explode=false: `name=a,b` for an array and `name=k1,v1,k2,v2` for an object.
    /// The commas stay bare because they separate; a comma inside a part is encoded.
    pub(crate) fn form_joined(&mut self, name: &str, value: &Node) {
        let Some(parts) = simple_parts(value) else {
            return;
        };
        let encoded: Vec<String> = parts.iter().map(|part| percent_encode(part)).collect();
        self.push_encoded(&percent_encode(name), &encoded.join(","));
    }

    /// `deepObject`: `name[k]=v` for each member, recursing into nested objects
    /// (`name[a][b]=v`) and repeating arrays (`name[k]=a&name[k]=b`). Anything other than an
    /// object is sent as plain exploded form. The brackets stay bare, as the OpenAPI examples
    /// write them (servers decode `%5B` the same way).
    pub(crate) fn deep_object(&mut self, name: &str, value: &Node) {
        match value {
            Node::Object(_) => self.deep_members(&percent_encode(name), value),
            other => self.form_exploded(name, other),
        }
    }

    /// The pairs of `value` under the already-encoded key `prefix`.
    fn deep_members(&mut self, prefix: &str, value: &Node) {
        match value {
            Node::Null => {}
            Node::Object(members) => {
                for (member, value) in members {
                    let key = format!("{prefix}[{}]", percent_encode(member));
                    self.deep_members(&key, value);
                }
            }
            Node::Array(items) => present(items)
                .for_each(|item| self.push_encoded(prefix, &percent_encode(&nested_text(item)))),
            scalar => self.push_encoded(prefix, &percent_encode(&nested_text(scalar))),
        }
    }

    /// An `application/x-www-form-urlencoded` body: each member of the object is a pair, an
    /// array member repeats its name, and an object member is sent as JSON text.
    pub(crate) fn form_body(value: &Node) -> Result<Self, InvalidRequest> {
        let Node::Object(members) = value else {
            let message = format!("a form body must be an object, not {}", kind(value));
            return Err(InvalidRequest::unencodable("body", message));
        };
        let mut pairs = Self::default();
        for (name, member) in members {
            match member {
                Node::Object(_) => pairs.push(name, &member.to_string()),
                other => pairs.form_exploded(name, other),
            }
        }
        Ok(pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Violation;

    /// A node read from JSON text, which keeps the members in the order written.
    fn json(text: &str) -> Node {
        serde_json::from_str(text).unwrap()
    }

    fn exploded(name: &str, value: &str) -> String {
        let mut pairs = Pairs::default();
        pairs.form_exploded(name, &json(value));
        pairs.0
    }

    fn joined(name: &str, value: &str) -> String {
        let mut pairs = Pairs::default();
        pairs.form_joined(name, &json(value));
        pairs.0
    }

    fn deep(name: &str, value: &str) -> String {
        let mut pairs = Pairs::default();
        pairs.deep_object(name, &json(value));
        pairs.0
    }

    #[derive(Serialize)]
    #[serde(rename_all = "lowercase")]
    enum Color {
        Blue,
    }

    fn segment<T: Serialize + ?Sized>(value: &T) -> String {
        path_segment(value).unwrap()
    }

    #[test]
    fn path_segments_encode_everything_outside_unreserved() {
        assert_eq!(segment("abcXYZ019-._~"), "abcXYZ019-._~");
        assert_eq!(segment("a/b"), "a%2Fb");
        assert_eq!(segment("a?b#c"), "a%3Fb%23c");
        assert_eq!(segment("100%"), "100%25");
        assert_eq!(segment("%2F"), "%252F");
        assert_eq!(segment("two words"), "two%20words");
        assert_eq!(segment("é"), "%C3%A9");
        assert_eq!(segment("日本"), "%E6%97%A5%E6%9C%AC");
        assert_eq!(segment("a+b=c&d;e:f@g"), "a%2Bb%3Dc%26d%3Be%3Af%40g");
        assert_eq!(segment("..a"), "..a");
        assert_eq!(segment(&42u32), "42");
        assert_eq!(segment(&-7i64), "-7");
        assert_eq!(segment(&1.5f64), "1.5");
        assert_eq!(segment(&true), "true");
        assert_eq!(segment(&Color::Blue), "blue");
        assert_eq!(segment(&Some("x y")), "x%20y");
        let id = uuid::Uuid::nil();
        assert_eq!(segment(&id), "00000000-0000-0000-0000-000000000000");
    }

    #[test]
    fn path_segments_refuse_what_is_not_one_segment() {
        for value in ["null", "[1,2]", r#"{"a":1}"#, r#""""#, r#"".""#, r#""..""#] {
            let err = path_segment(&json(value)).unwrap_err();
            assert_eq!(err.field(), "path");
            assert!(
                matches!(err.violation(), Violation::Unencodable { .. }),
                "{err}"
            );
        }
        let err = path_segment(&None::<u8>).unwrap_err();
        assert!(err.to_string().contains("not null"), "{err}");
        let err = path_segment(&vec!["a"]).unwrap_err();
        assert!(err.to_string().contains("not an array"), "{err}");
    }

    #[test]
    fn form_exploded_repeats_names_and_spreads_objects() {
        assert_eq!(exploded("q", "null"), "");
        assert_eq!(exploded("q", r#""a b&c=d""#), "q=a%20b%26c%3Dd");
        assert_eq!(exploded("n", "3"), "n=3");
        assert_eq!(exploded("ids", "[1,null,2]"), "ids=1&ids=2");
        assert_eq!(exploded("ids", "[]"), "");
        assert_eq!(
            exploded("color", r#"{"R":100,"G":null,"B":"x"}"#),
            "R=100&B=x"
        );
        assert_eq!(
            exploded("a", r#"[[1,2],{"k":"v"}]"#),
            "a=%5B1%2C2%5D&a=%7B%22k%22%3A%22v%22%7D"
        );
        assert_eq!(exploded("naïve key", r#""é""#), "na%C3%AFve%20key=%C3%A9");
    }

    #[test]
    fn form_joined_keeps_the_separating_commas_bare() {
        assert_eq!(joined("ids", "[3,4,5]"), "ids=3,4,5");
        assert_eq!(joined("ids", r#"["a,b","c"]"#), "ids=a%2Cb,c");
        assert_eq!(joined("ids", "[]"), "");
        assert_eq!(joined("ids", "null"), "");
        assert_eq!(joined("one", r#""x y""#), "one=x%20y");
        assert_eq!(joined("color", r#"{"R":100,"G":200}"#), "color=R,100,G,200");
    }

    #[test]
    fn deep_object_nests_with_brackets() {
        assert_eq!(
            deep("filter", r#"{"status":"done","size":3}"#),
            "filter[status]=done&filter[size]=3"
        );
        assert_eq!(
            deep("f", r#"{"a":{"b":1,"c":null},"tags":["x","y z"]}"#),
            "f[a][b]=1&f[tags]=x&f[tags]=y%20z"
        );
        assert_eq!(deep("f", r#"{"odd key&":"v"}"#), "f[odd%20key%26]=v");
        assert_eq!(
            deep("f", r#"{"list":[{"k":1}]}"#),
            "f[list]=%7B%22k%22%3A1%7D"
        );
        assert_eq!(deep("plain", r#""v""#), "plain=v");
        assert_eq!(deep("plain", "null"), "");
    }

    #[test]
    fn form_bodies_are_objects_of_pairs() {
        let body = r#"{
            "name":"A & B",
            "tags":["x","y"],
            "nested":{"k":1},
            "missing":null,
            "count":2
        }"#;
        let pairs = Pairs::form_body(&json(body)).unwrap();
        assert_eq!(
            pairs.as_str(),
            "name=A%20%26%20B&tags=x&tags=y&nested=%7B%22k%22%3A1%7D&count=2"
        );
        let err = Pairs::form_body(&json("[1]")).unwrap_err();
        assert_eq!(err.field(), "body");
        assert!(err.to_string().contains("must be an object"), "{err}");
    }

    #[test]
    fn cookie_values_encode_what_a_cookie_cannot_hold() {
        assert_eq!(
            cookie_encode("abc-123_!#$&'()*+./:<=>?@[]^`{|}~"),
            "abc-123_!#$&'()*+./:<=>?@[]^`{|}~"
        );
        assert_eq!(
            cookie_encode("a b;c,d\"e\\f%g"),
            "a%20b%3Bc%2Cd%22e%5Cf%25g"
        );
        assert_eq!(cookie_encode("é\r\n"), "%C3%A9%0D%0A");
    }

    #[test]
    fn simple_parts_flatten_one_level() {
        assert_eq!(simple_parts(&json("null")), None);
        assert_eq!(simple_parts(&json("[]")), None);
        assert_eq!(simple_parts(&json("true")).unwrap(), ["true"]);
        assert_eq!(simple_parts(&json(r#"[1,"a"]"#)).unwrap(), ["1", "a"]);
        assert_eq!(simple_parts(&json(r#"{"k":[1]}"#)).unwrap(), ["k", "[1]"]);
    }
}
