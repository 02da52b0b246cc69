//! The headers of a response as this crate hands them out, in its own type so that no HTTP
//! library's types become part of its API: `Error::UnexpectedStatus` carries them, and so does
//! the answer to a `HEAD` request.

use std::fmt;

use reqwest::header::HeaderMap;

/// Response headers: each name (lower-case, as HTTP/2 sends them) with its value's bytes, in
/// the order received; a name sent several times appears once per value.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers {
    entries: Vec<(String, Vec<u8>)>,
}

impl Headers {
    /// The first value of `name` (any letter case) as text; `None` when absent or when the
    /// value is not UTF-8 (see [`Headers::get_bytes`]).
    pub fn get(&self, name: &str) -> Option<&str> {
        let value = self.get_bytes(name)?;
        std::str::from_utf8(value).ok()
    }

    /// The first value of `name` (any letter case) as the bytes received.
    pub fn get_bytes(&self, name: &str) -> Option<&[u8]> {
        self.iter_bytes()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// Every value of `name` (any letter case) that is UTF-8, in the order received.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.iter_bytes()
            .filter(move |(key, _)| key.eq_ignore_ascii_case(name))
            .filter_map(|(_, value)| std::str::from_utf8(value).ok())
    }

    /// Every header whose value is UTF-8, as `(name, value)`, in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.iter_bytes()
            .filter_map(|(key, value)| Some((key, std::str::from_utf8(value).ok()?)))
    }

    /// Every header as `(name, value bytes)`, in the order received.
    pub fn iter_bytes(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.entries
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_slice()))
    }

    /// How many header values there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// A copy of `map`. Not a `From` impl, which would put the HTTP library's type in this
    /// crate's API.
    pub(crate) fn from_map(map: &HeaderMap) -> Self {
        let entries = map
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
            .collect();
        Self { entries }
    }
}

/// Shown as a map of names to values, values that are not UTF-8 as their bytes.
impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.iter_bytes() {
            match std::str::from_utf8(value) {
                Ok(text) => map.entry(&name, &text),
                Err(_) => map.entry(&name, &value),
            };
        }
        map.finish()
    }
}

/// The answer to a `HEAD` request: its status and headers. A response to `HEAD` has no body
/// (RFC 9110), so there is nothing to decode; this is what a `HEAD` operation returns.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Head {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: Headers,
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn headers_keep_every_value_and_find_names_in_any_case() {
        let mut map = HeaderMap::new();
        map.append("x-rate", HeaderValue::from_static("10"));
        map.append("set-cookie", HeaderValue::from_static("a=1"));
        map.append("set-cookie", HeaderValue::from_static("b=2"));
        map.append("x-raw", HeaderValue::from_bytes(b"\xFFok").unwrap());
        let headers = Headers::from_map(&map);
        assert_eq!(headers.len(), 4);
        assert_eq!(headers.get("X-Rate"), Some("10"));
        let cookies: Vec<&str> = headers.get_all("Set-Cookie").collect();
        assert_eq!(cookies, ["a=1", "b=2"]);
        assert_eq!(headers.get("x-raw"), None);
        assert_eq!(headers.get_bytes("X-RAW"), Some(&b"\xFFok"[..]));
        assert_eq!(headers.iter().count(), 3);
        assert!(format!("{headers:?}").contains("\"x-rate\": \"10\""));
        assert!(Headers::default().is_empty());
    }
}
