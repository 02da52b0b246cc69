//! Error types of the client: what an operation returns (`Error<E>`), what client-side validation
//! reports (`InvalidRequest`) and what building a client reports (`BuildError`).
//!
//! None of these types ever holds the API key, so formatting them with `Display` or `Debug` is safe
//! to log.

use std::fmt;

use crate::{ApiError, Headers};

/// A boxed underlying cause, kept so [`std::error::Error::source`] can expose the transport detail
/// without making the HTTP library's error type part of this crate's API.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong when calling an operation.
///
/// `E` is the operation's own generated error enum (such as `GetPetError`), holding one
/// variant per documented error status with its typed body.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a status the API documents as an error, and its body decoded.
    Api(E),
    /// The request broke a constraint of the schema and was not sent.
    InvalidRequest(InvalidRequest),
    /// The server answered with a status the API does not document for this operation.
    UnexpectedStatus {
        /// The HTTP status code.
        status: u16,
        /// The response headers.
        headers: Headers,
        /// The response body as text (invalid UTF-8 replaced).
        body: String,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// The server answered with a documented status but the body is not the documented JSON.
    Decode {
        /// The HTTP status code.
        status: u16,
        /// The response body as text (invalid UTF-8 replaced).
        body: String,
        /// What the JSON decoder reported.
        message: String,
    },
    /// The response body was larger than the configured cap, so reading stopped.
    BodyTooLarge {
        /// The HTTP status code.
        status: u16,
        /// The cap in bytes, set with the client builder's `max_response_body`.
        limit: u64,
    },
    /// The request did not complete within the configured timeout. The server may have acted on
    /// it, so it was not retried.
    Timeout {
        /// How many times the request was sent.
        attempts: u32,
        /// The underlying cause.
        source: BoxError,
    },
    /// No connection could be made to the server, so it cannot have acted on the request.
    Connect {
        /// How many connections were tried.
        attempts: u32,
        /// The underlying cause.
        source: BoxError,
    },
    /// The connection failed after the request was sent (for example reset mid-body).
    Transport {
        /// How many times the request was sent.
        attempts: u32,
        /// The underlying cause.
        source: BoxError,
    },
}

impl<E> Error<E> {
    /// How many times the request was sent, where the error records it.
    ///
    /// `None` for errors decided before sending ([`Error::InvalidRequest`]) and for errors built
    /// from a response body ([`Error::Api`], [`Error::Decode`], [`Error::BodyTooLarge`]).
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Self::UnexpectedStatus { attempts, .. }
            | Self::Timeout { attempts, .. }
            | Self::Connect { attempts, .. }
            | Self::Transport { attempts, .. } => Some(*attempts),
            _ => None,
        }
    }
}

impl<E: ApiError> Error<E> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(api) => Some(api.status()),
            Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. }
            | Self::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl<E> From<InvalidRequest> for Error<E> {
    fn from(invalid: InvalidRequest) -> Self {
        Self::InvalidRequest(invalid)
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(api) => write!(f, "the api returned an error: {api}"),
            Self::InvalidRequest(invalid) => invalid.fmt(f),
            Self::UnexpectedStatus {
                status, attempts, ..
            } => {
                write!(f, "unexpected http status {status}")?;
                write!(f, "{} after {}", status_hint(*status), Attempts(*attempts))
            }
            Self::Decode {
                status, message, ..
            } => write!(
                f,
                "could not decode the body of the {status} response: {message}"
            ),
            Self::BodyTooLarge { status, limit } => write!(
                f,
                "the body of the {status} response is larger than {limit} bytes \
                 (raise the cap with ClientBuilder::max_response_body)"
            ),
            Self::Timeout { attempts, .. } => write!(
                f,
                "request timed out after {}; the server may still have acted on it \
                 (raise the limit with ClientBuilder::timeout)",
                Attempts(*attempts)
            ),
            Self::Connect { attempts, .. } => write!(
                f,
                "could not connect to the server after {} (check the base url and the network)",
                Attempts(*attempts)
            ),
            Self::Transport { attempts, .. } => write!(
                f,
                "the connection failed during the exchange after {}; \
                 the server may have acted on the request",
                Attempts(*attempts)
            ),
        }
    }
}

/// Only the transport variants have a source: the API error and the invalid request are already
/// part of the message, and a source repeating them would print them twice in a cause chain.
impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Timeout { source, .. }
            | Self::Connect { source, .. }
            | Self::Transport { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// A hint for the statuses whose cause the caller can usually fix, so the message says what to do.
fn status_hint(status: u16) -> &'static str {
    match status {
        401 | 403 => " (check the api key)",
        404 => " (check the base url)",
        _ => "",
    }
}

/// Formats an attempt count as "1 attempt" or "3 attempts".
struct Attempts(u32);

impl fmt::Display for Attempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.0 == 1 { "" } else { "s" };
        write!(f, "{} attempt{plural}", self.0)
    }
}

/// A request that failed client-side validation (or could not be encoded), so it was not sent.
#[derive(Clone, Debug, PartialEq)]
pub struct InvalidRequest {
    field: &'static str,
    violation: Violation,
}

impl InvalidRequest {
    /// Creates the error for `field` (its Rust name) breaking `violation`.
    pub fn new(field: &'static str, violation: Violation) -> Self {
        Self { field, violation }
    }

    /// The Rust name of the field that broke the constraint (`"body"` for an encoding failure).
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// The constraint that was broken, with its limit and the value's measure.
    pub fn violation(&self) -> &Violation {
        &self.violation
    }
}

impl InvalidRequest {
    /// The error for a value that cannot be written where `field` (its location) needs it.
    pub(crate) fn unencodable(field: &'static str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self::new(field, Violation::Unencodable { message })
    }

    /// The error for a value serde_json could not serialize (such as a map with non-string
    /// keys).
    pub(crate) fn json(field: &'static str, err: &serde_json::Error) -> Self {
        Self::unencodable(field, format!("json serialization failed: {err}"))
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid request: `{}` ", self.field)?;
        self.violation.fmt(f)
    }
}

impl std::error::Error for InvalidRequest {}

/// Which constraint a value broke, with the limit and the value's measure.
///
/// String lengths count Unicode code points, as JSON Schema does, not bytes.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Violation {
    /// A string longer than `maxLength`.
    MaxLength {
        /// The most code points allowed.
        limit: u64,
        /// The code points the value has.
        actual: u64,
    },
    /// A string shorter than `minLength`.
    MinLength {
        /// The fewest code points allowed.
        limit: u64,
        /// The code points the value has.
        actual: u64,
    },
    /// A number above `maximum` (or at it, when `exclusive`).
    Maximum {
        /// The bound.
        limit: f64,
        /// Whether the bound itself is excluded (`exclusiveMaximum`).
        exclusive: bool,
        /// The value.
        actual: f64,
    },
    /// A number below `minimum` (or at it, when `exclusive`).
    Minimum {
        /// The bound.
        limit: f64,
        /// Whether the bound itself is excluded (`exclusiveMinimum`).
        exclusive: bool,
        /// The value.
        actual: f64,
    },
    /// An array with more items than `maxItems`.
    MaxItems {
        /// The most items allowed.
        limit: u64,
        /// The items the value has.
        actual: u64,
    },
    /// An array with fewer items than `minItems`.
    MinItems {
        /// The fewest items allowed.
        limit: u64,
        /// The items the value has.
        actual: u64,
    },
    /// The value could not be encoded where it goes: as JSON, or as a path segment, query
    /// parameter, header or cookie (a null path parameter, a line break in a header value).
    Unencodable {
        /// What is wrong with it.
        message: String,
    },
    /// The operation needs something this client does not have.
    Unsupported {
        /// What is missing.
        message: String,
    },
    /// The client lacks a credential of every alternative the operation's security accepts.
    /// Each entry is one alternative (a set of schemes that must all be sent) with the
    /// credentials of it the client does not hold, in the operation's order of preference.
    MissingCredentials {
        /// Per alternative, the credentials missing from it.
        alternatives: Vec<Vec<MissingCredential>>,
    },
}

/// A credential the client was not given: the builder setter that gives it, and the
/// environment variable `from_env` reads it from, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MissingCredential {
    /// The generated `ClientBuilder` method that sets it (such as `api_key`).
    pub setter: &'static str,
    /// The environment variable `Client::from_env` reads it from.
    pub env: Option<&'static str>,
}

impl fmt::Display for MissingCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClientBuilder::{}", self.setter)?;
        match self.env {
            Some(env) => write!(f, " (or {env})"),
            None => Ok(()),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MaxLength { limit, actual } => {
                write!(f, "must be at most {limit} characters long, got {actual}")
            }
            Self::MinLength { limit, actual } => {
                write!(f, "must be at least {limit} characters long, got {actual}")
            }
            Self::Maximum {
                limit,
                exclusive,
                actual,
            } => {
                let bound = if *exclusive { "less than" } else { "at most" };
                write!(f, "must be {bound} {limit}, got {actual}")
            }
            Self::Minimum {
                limit,
                exclusive,
                actual,
            } => {
                let bound = if *exclusive {
                    "greater than"
                } else {
                    "at least"
                };
                write!(f, "must be {bound} {limit}, got {actual}")
            }
            Self::MaxItems { limit, actual } => {
                write!(f, "must have at most {limit} items, got {actual}")
            }
            Self::MinItems { limit, actual } => {
                write!(f, "must have at least {limit} items, got {actual}")
            }
            Self::Unencodable { message } => write!(f, "could not be encoded: {message}"),
            Self::Unsupported { message } => write!(f, "is not supported: {message}"),
            Self::MissingCredentials { alternatives } => {
                f.write_str("needs credentials the client does not hold: set ")?;
                for (at, missing) in alternatives.iter().enumerate() {
                    if at > 0 {
                        f.write_str(", or ")?;
                    }
                    for (at, credential) in missing.iter().enumerate() {
                        if at > 0 {
                            f.write_str(" and ")?;
                        }
                        credential.fmt(f)?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// Why a generated `ClientBuilder::build` (or `Client::from_env`) refused to build a client.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The API needs a credential on every operation and none was given; its kind is an API key.
    MissingApiKey {
        /// The environment variable `from_env` reads the key from.
        env: Option<&'static str>,
    },
    /// The API needs a credential on every operation and none was given; its kind is a bearer
    /// token.
    MissingBearerToken {
        /// The environment variable `from_env` reads the token from.
        env: Option<&'static str>,
    },
    /// The API needs a credential on every operation and none was given; its kind is HTTP basic
    /// authentication.
    MissingBasicAuth,
    /// No base URL was given and the API description has no absolute server URL to default to.
    MissingBaseUrl {
        /// The environment variable `from_env` reads a base URL from.
        env: &'static str,
    },
    /// The API key is empty or has characters other than printable ASCII (such as a space, a
    /// line break or a non-ASCII letter).
    InvalidApiKey,
    /// The bearer token is empty or has characters other than printable ASCII.
    InvalidBearerToken,
    /// The basic auth user contains `:`, or the user or password a control character.
    InvalidBasicAuth,
    /// The credential given to the named setter (one of an API's several schemes of a kind)
    /// is empty or has characters other than printable ASCII.
    InvalidCredential {
        /// The generated `ClientBuilder` method it was given to.
        setter: &'static str,
    },
    /// The base URL cannot be used; the reason says why (it never repeats the URL, which could
    /// hold credentials).
    InvalidBaseUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// The HTTP client could not be initialised (for example the TLS backend failed).
    HttpClient {
        /// The underlying cause.
        source: BoxError,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |env: &Option<&'static str>| {
            env.map(|env| format!("set {env} or ")).unwrap_or_default()
        };
        match self {
            Self::MissingApiKey { env } => {
                write!(
                    f,
                    "missing api key: {}call ClientBuilder::api_key",
                    set(env)
                )
            }
            Self::MissingBearerToken { env } => write!(
                f,
                "missing bearer token: {}call ClientBuilder::bearer_token",
                set(env)
            ),
            Self::MissingBasicAuth => {
                f.write_str("missing basic auth: call ClientBuilder::basic_auth")
            }
            Self::MissingBaseUrl { env } => write!(
                f,
                "missing base url: the API description gives no absolute server url; set {env} \
                 or call ClientBuilder::base_url"
            ),
            Self::InvalidApiKey => f.write_str(
                "invalid api key: it must be non-empty printable ascii without spaces \
                 (check for a trailing newline or quotes)",
            ),
            Self::InvalidBearerToken => f.write_str(
                "invalid bearer token: it must be non-empty printable ascii without spaces \
                 (check for a trailing newline or quotes)",
            ),
            Self::InvalidBasicAuth => f.write_str(
                "invalid basic auth credentials: the user must not contain `:`, and neither \
                 the user nor the password a control character",
            ),
            Self::InvalidCredential { setter } => write!(
                f,
                "invalid credential given to ClientBuilder::{setter}: it must be non-empty \
                 printable ascii without spaces (check for a trailing newline or quotes)"
            ),
            Self::InvalidBaseUrl { reason } => write!(f, "invalid base url: {reason}"),
            Self::HttpClient { .. } => f.write_str("could not initialise the http client"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::HttpClient { source } => Some(source.as_ref()),
            _ => None,
        }
    }
}
