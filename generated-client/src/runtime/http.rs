//! The request and response wrappers generated code builds and inspects, and the transport
//! failures one attempt can end in.
//!
//! A `Response` holds the whole body, read under a size cap, so the generated decoding is
//! synchronous and a body cut off mid-way is reported as a transport failure, not as bad JSON.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::{Error, InvalidRequest, Violation};

/// One operation call as the generated code describes it: method, path under the base URL, how
/// the API key is sent, and the JSON body encoded once so every retry resends the same bytes.
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) auth: AuthChoice,
    pub(crate) body: Option<Vec<u8>>,
}

/// A way an operation accepts credentials, from its security schemes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// The API key in the named header.
    ApiKeyHeader(&'static str),
    /// The API key in the named query parameter. Not supported: a key in the URL would show up
    /// in transport errors and server logs.
    ApiKeyQuery(&'static str),
    /// The API key in the named cookie. Not supported yet.
    ApiKeyCookie(&'static str),
    /// The API key as a bearer token in `Authorization`.
    Bearer,
    /// HTTP basic authentication. Not supported: the client holds a key, not a user and password.
    Basic,
}

impl Auth {
    /// Whether the client can send its API key this way.
    fn is_supported(&self) -> bool {
        matches!(self, Self::ApiKeyHeader(_) | Self::Bearer)
    }
}

/// The scheme a request will use, decided when the generated code names the accepted ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AuthChoice {
    /// The operation needs no credentials.
    Anonymous,
    /// The first accepted scheme the client supports.
    Scheme(Auth),
    /// The operation accepts only schemes the client does not support.
    Unsupported,
}

impl Request {
    /// Starts a request for `path` (beginning with `/`, already percent-encoded).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            auth: AuthChoice::Anonymous,
            body: None,
        }
    }

    /// Sends the client's API key by the first of `schemes` (the operation's accepted ways, in
    /// order of preference) that the client supports.
    pub fn auth(mut self, schemes: &[Auth]) -> Self {
        self.auth = match schemes.iter().find(|scheme| scheme.is_supported()) {
            Some(scheme) => AuthChoice::Scheme(*scheme),
            None if schemes.is_empty() => AuthChoice::Anonymous,
            None => AuthChoice::Unsupported,
        };
        self
    }

    /// Encodes `body` as the JSON request body.
    pub fn json<T: Serialize>(mut self, body: &T) -> Result<Self, InvalidRequest> {
        let bytes = serde_json::to_vec(body).map_err(|err| {
            let message = err.to_string();
            InvalidRequest::new("body", Violation::Unencodable { message })
        })?;
        self.body = Some(bytes);
        Ok(self)
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body is shown as text because a byte list is unreadable; it never holds the key.
        let body = self.body.as_deref().map(String::from_utf8_lossy);
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("auth", &self.auth)
            .field("body", &body)
            .finish()
    }
}

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

    /// The error for a status the operation does not document.
    pub fn unexpected_status<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            status: self.status,
            headers: self.headers,
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
}

/// The body as text; invalid UTF-8 is replaced rather than refused so the error still shows it.
fn body_text(body: Vec<u8>) -> String {
    String::from_utf8(body)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

/// How one attempt failed before a complete response was read.
#[derive(Debug)]
pub enum Failure {
    /// No connection could be made; the server cannot have seen the request.
    Connect(reqwest::Error),
    /// The attempt ran past the timeout; the server may have seen the request.
    Timeout(reqwest::Error),
    /// Any other failure of the exchange, such as a reset mid-body.
    Transport(reqwest::Error),
    /// The body passed the size cap.
    TooLarge {
        /// The status of the response whose body was too large.
        status: u16,
        /// The cap in bytes.
        limit: u64,
    },
}

impl Failure {
    /// Sorts a reqwest error; a timeout is checked first because a connect that times out is
    /// still a timeout the caller configured.
    pub(crate) fn classify(err: reqwest::Error) -> Self {
        if err.is_timeout() {
            Self::Timeout(err)
        } else if err.is_connect() {
            Self::Connect(err)
        } else {
            Self::Transport(err)
        }
    }

    /// The public error for this failure after `attempts` attempts.
    pub(crate) fn into_error<E>(self, attempts: u32) -> Error<E> {
        match self {
            Self::Connect(err) => Error::Connect {
                attempts,
                source: Box::new(err),
            },
            Self::Timeout(err) => Error::Timeout {
                attempts,
                source: Box::new(err),
            },
            Self::Transport(err) => Error::Transport {
                attempts,
                source: Box::new(err),
            },
            Self::TooLarge { status, limit } => Error::BodyTooLarge { status, limit },
        }
    }
}
