//! The response generated code decodes: read in full under a size cap, so the generated
//! decoding is synchronous and a body cut off mid-way is reported as a transport failure, not
//! as bad JSON; then decoded by status into the documented success or error.

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::failure::Failure;
use crate::{Error, Head, Headers};

/// A response whose body has been read in full.
#[derive(Debug)]
pub struct Response {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
    pub(crate) attempts: u32,
}

impl Response {
    /// Reads `response`'s body chunk by chunk, stopping as soon as it passes `limit` bytes.
    pub(crate) async fn read(mut response: reqwest::Response, limit: u64) -> Result<Self, Failure> {
        let status = response.status().as_u16();
        let declared = response.content_length();
        if declared.is_some_and(|length| length > limit) {
            return Err(Failure::TooLarge { status, limit });
        }
        // A declared length is trusted only up to the cap, so a lying header cannot force a
        // large allocation.
        let capacity = declared.unwrap_or(0).min(limit);
        let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
        while let Some(chunk) = response.chunk().await.map_err(Failure::classify)? {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(Failure::TooLarge { status, limit });
            }
            body.extend_from_slice(&chunk);
        }
        let headers = std::mem::take(response.headers_mut());
        Ok(Self {
            status,
            headers,
            body,
            attempts: 1,
        })
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The status and headers of the answer to a `HEAD` request, which has no body to decode
    /// (RFC 9110); whatever bytes came are ignored.
    pub fn head<E>(self) -> Result<Head, Error<E>> {
        Ok(Head {
            status: self.status,
            headers: Headers::from_map(&self.headers),
        })
    }

    /// Decodes the body as `T` (the documented success body).
    pub fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        serde_json::from_slice(&self.body).map_err(|err| self.decode_error(&err))
    }

    /// Decodes the documented error body `B` and wraps it as `Error::Api(variant(body))`.
    pub fn api_error<B: DeserializeOwned, E>(self, variant: impl FnOnce(B) -> E) -> Error<E> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Error::Api(variant(body)),
            Err(err) => self.decode_error(&err),
        }
    }

    /// The body as text (a documented `text/*` success body). Invalid UTF-8 is a decode error
    /// carrying the body with the bad bytes replaced.
    pub fn text<E>(self) -> Result<String, Error<E>> {
        String::from_utf8(self.body).map_err(|err| Error::Decode {
            status: self.status,
            message: format!("the body is not valid utf-8: {}", err.utf8_error()),
            body: String::from_utf8_lossy(err.as_bytes()).into_owned(),
        })
    }

    /// The body as bytes (a documented binary success body).
    pub fn bytes<E>(self) -> Result<Vec<u8>, Error<E>> {
        Ok(self.body)
    }

    /// Wraps a documented error whose body is not JSON as `Error::Api(variant(text))`, the body
    /// read as text with invalid UTF-8 replaced: it is there for a person to read.
    pub fn api_error_text<E>(self, variant: impl FnOnce(String) -> E) -> Error<E> {
        Error::Api(variant(body_text(self.body)))
    }

    /// The error for a status the operation does not document.
    pub fn unexpected_status<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            status: self.status,
            headers: Headers::from_map(&self.headers),
            body: body_text(self.body),
            attempts: self.attempts,
        }
    }

    fn decode_error<E>(self, err: &serde_json::Error) -> Error<E> {
        Error::Decode {
            status: self.status,
            body: body_text(self.body),
            message: err.to_string(),
        }
    }

    /// A response for unit tests of the decoding methods.
    #[cfg(test)]
    pub(crate) fn for_test(status: u16, body: &[u8]) -> Self {
        Self {
            status,
            headers: HeaderMap::new(),
            body: body.to_vec(),
            attempts: 1,
        }
    }
}

/// The body as text; invalid UTF-8 is replaced rather than refused so the error still shows it.
fn body_text(body: Vec<u8>) -> String {
    String::from_utf8(body)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_to_head_is_its_status_and_headers_whatever_the_bytes() {
        let mut response = Response::for_test(200, b"{not json");
        response.headers.insert("x-size", "12".parse().unwrap());
        let head: Result<Head, Error<()>> = response.head();
        let head = head.unwrap();
        assert_eq!(head.status, 200);
        assert_eq!(head.headers.get("X-Size"), Some("12"));
    }

    #[test]
    fn text_bytes_and_text_errors_decode_the_body() {
        let ok: Result<String, Error<()>> = Response::for_test(200, "héllo".as_bytes()).text();
        assert_eq!(ok.unwrap(), "héllo");
        let bad: Result<String, Error<()>> = Response::for_test(200, b"ab\xFFcd").text();
        match bad.unwrap_err() {
            Error::Decode {
                status,
                body,
                message,
            } => {
                assert_eq!((status, body.as_str()), (200, "ab\u{FFFD}cd"));
                assert!(message.contains("utf-8"), "{message}");
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        let bytes: Result<Vec<u8>, Error<()>> = Response::for_test(200, b"\x00\xFF").bytes();
        assert_eq!(bytes.unwrap(), [0, 255]);
        let err = Response::for_test(500, b"oops \xFF").api_error_text(|text| text);
        assert!(matches!(err, Error::Api(text) if text == "oops \u{FFFD}"));
    }
}
