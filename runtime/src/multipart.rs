//! `multipart/form-data` bodies (RFC 7578), built as bytes once so that every retry resends
//! exactly the same body.

use serde::Serialize;

use super::tree::{to_node, Node};
use crate::InvalidRequest;

/// The parts of a `multipart/form-data` body, in the order they are added.
#[derive(Clone, Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

/// One part: its name, its own headers' values and its content.
#[derive(Clone, Debug)]
struct Part {
    name: String,
    /// `Some` for a file part, whose `filename` is the part name.
    filename: Option<String>,
    content_type: Option<&'static str>,
    content: Vec<u8>,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text part. Null (an absent optional) adds nothing; a string is sent as it is;
    /// any other value as JSON text, marked `application/json` when it is an array or object.
    pub fn text<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
    ) -> Result<Self, InvalidRequest> {
        let (content, content_type) = match to_node(value, "body")? {
            Node::Null => return Ok(self),
            Node::String(text) => (text.into_bytes(), None),
            value @ (Node::Array(_) | Node::Object(_)) => {
                (value.to_string().into_bytes(), Some("application/json"))
            }
            scalar => (scalar.to_string().into_bytes(), None),
        };
        self.parts.push(Part {
            name: name.to_owned(),
            filename: None,
            content_type,
            content,
        });
        Ok(self)
    }

    /// Adds a file part holding `bytes`, as `application/octet-stream` with the part name as
    /// its file name; `None` (an absent optional file) adds nothing.
    pub fn file<'b>(mut self, name: &str, bytes: impl Into<Option<&'b [u8]>>) -> Self {
        if let Some(bytes) = bytes.into() {
            self.parts.push(Part {
                name: name.to_owned(),
                filename: Some(name.to_owned()),
                content_type: Some("application/octet-stream"),
                content: bytes.to_vec(),
            });
        }
        self
    }

    /// The `Content-Type` (with its boundary) and the body bytes.
    pub(crate) fn encode(&self) -> (String, Vec<u8>) {
        self.encode_with(random_boundary)
    }

    /// Like [`Multipart::encode`], drawing boundaries from `next` until one appears nowhere in
    /// the parts (a boundary inside the content would end its part early).
    fn encode_with(&self, mut next: impl FnMut() -> String) -> (String, Vec<u8>) {
        let boundary = loop {
            let candidate = next();
            if !self
                .parts
                .iter()
                .any(|part| part.contains(candidate.as_bytes()))
            {
                break candidate;
            }
        };
        let mut body = Vec::new();
        for part in &self.parts {
            part.write(&mut body, &boundary);
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

impl Part {
    /// Whether `needle` occurs in the part's name or content.
    fn contains(&self, needle: &[u8]) -> bool {
        let found = |haystack: &[u8]| {
            haystack
                .windows(needle.len())
                .any(|window| window == needle)
        };
        found(self.name.as_bytes()) || found(&self.content)
    }

    /// Writes the delimiter, the part's headers, a blank line, the content and its line end.
    fn write(&self, body: &mut Vec<u8>, boundary: &str) {
        let mut head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
            quoted(&self.name)
        );
        if let Some(filename) = &self.filename {
            head.push_str(&format!("; filename=\"{}\"", quoted(filename)));
        }
        head.push_str("\r\n");
        if let Some(content_type) = self.content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        head.push_str("\r\n");
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(&self.content);
        body.extend_from_slice(b"\r\n");
    }
}

/// A name ready to sit between double quotes: `"`, CR and LF percent-encoded, as browsers do
/// (WHATWG HTML), so a name can neither end the quoted string nor start a new header line.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A boundary of 24 dashes and 32 random hex digits (56 characters; RFC 2046 allows 70).
fn random_boundary() -> String {
    let (high, low) = (super::random_u64(), super::random_u64());
    format!("------------------------{high:016x}{low:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One part as read back from the body: its header lines and its content.
    #[derive(Debug, PartialEq)]
    struct Parsed {
        headers: Vec<String>,
        content: Vec<u8>,
    }

    /// Splits `body` at `boundary` the way a server does, checking the framing on the way.
    fn parse(content_type: &str, body: &[u8]) -> Vec<Parsed> {
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("a multipart content type with a boundary");
        let delimiter = format!("--{boundary}");
        assert!(body.starts_with(delimiter.as_bytes()));
        assert!(body.ends_with(format!("{delimiter}--\r\n").as_bytes()));
        let mut parts = Vec::new();
        let mut rest = &body[delimiter.len()..];
        while rest.starts_with(b"\r\n") {
            let end =
                find(rest, format!("\r\n{delimiter}").as_bytes()).expect("a closing delimiter");
            let part = &rest[2..end];
            let blank = find(part, b"\r\n\r\n").expect("a blank line after the headers");
            let head = String::from_utf8(part[..blank].to_vec()).unwrap();
            parts.push(Parsed {
                headers: head.split("\r\n").map(str::to_owned).collect(),
                content: part[blank + 4..].to_vec(),
            });
            rest = &rest[end + 2 + delimiter.len()..];
        }
        assert_eq!(rest, b"--\r\n");
        parts
    }

    fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        haystack
            .windows(needle.len())
            .position(|window| window == needle)
    }

    fn disposition(name: &str) -> String {
        format!("Content-Disposition: form-data; name=\"{name}\"")
    }

    #[test]
    fn parts_read_back_as_written() {
        let image: &[u8] = &[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x00, 0xFF];
        let multipart = Multipart::new()
            .text("title", &"Hello \"world\"\r\nline two")
            .unwrap()
            .text("count", &3)
            .unwrap()
            .text("missing", &None::<String>)
            .unwrap()
            .text("tags", &["a", "b"])
            .unwrap()
            .file("image", image)
            .file("absent", None);
        let (content_type, body) = multipart.encode();
        let parts = parse(&content_type, &body);
        let expected = [
            Parsed {
                headers: vec![disposition("title")],
                content: b"Hello \"world\"\r\nline two".to_vec(),
            },
            Parsed {
                headers: vec![disposition("count")],
                content: b"3".to_vec(),
            },
            Parsed {
                headers: vec![disposition("tags"), "Content-Type: application/json".into()],
                content: br#"["a","b"]"#.to_vec(),
            },
            Parsed {
                headers: vec![
                    format!("{}; filename=\"image\"", disposition("image")),
                    "Content-Type: application/octet-stream".into(),
                ],
                content: image.to_vec(),
            },
        ];
        assert_eq!(parts, expected);
    }

    #[test]
    fn names_cannot_break_out_of_their_quotes() {
        let (content_type, body) = Multipart::new()
            .text("a\"b\r\nX-Injected: 1", &"v")
            .unwrap()
            .encode();
        let parts = parse(&content_type, &body);
        assert_eq!(parts[0].headers, [disposition("a%22b%0D%0AX-Injected: 1")]);
    }

    #[test]
    fn a_boundary_found_in_the_content_is_replaced() {
        let multipart = Multipart::new().text("t", &"xx--taken--xx").unwrap();
        let mut candidates = vec!["taken".to_string(), "fresh".to_string()].into_iter();
        let (content_type, body) = multipart.encode_with(|| candidates.next().unwrap());
        assert_eq!(content_type, "multipart/form-data; boundary=fresh");
        assert_eq!(parse(&content_type, &body)[0].content, b"xx--taken--xx");
    }

    #[test]
    fn boundaries_are_random_and_empty_bodies_are_well_formed() {
        let (first, body) = Multipart::new().encode();
        let (second, _) = Multipart::new().encode();
        assert_ne!(first, second);
        assert!(parse(&first, &body).is_empty());
        let boundary = first.rsplit('=').next().unwrap();
        assert_eq!(boundary.len(), 56);
        assert!(boundary
            .bytes()
            .all(|byte| byte == b'-' || byte.is_ascii_hexdigit()));
    }

    #[test]
    fn unencodable_text_is_an_error() {
        let mut map = std::collections::HashMap::new();
        map.insert((1, 2), "tuple keys are not json");
        let err = Multipart::new().text("m", &map).unwrap_err();
        assert_eq!(err.field(), "body");
        assert!(err
            .to_string()
            .starts_with("invalid request: `body` could not be encoded: json"));
    }
}
