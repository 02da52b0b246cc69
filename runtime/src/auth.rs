//! Credentials: the ones a client holds, and which one an operation's security schemes take.
//!
//! Every credential is checked once, when the client is built, and kept as a header value marked
//! sensitive, so hyper and reqwest never print it; `Debug` of the holders shows only which kinds
//! are configured.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};

use crate::{BuildError, InvalidRequest, Violation};

/// A way an operation accepts credentials, from its security schemes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// The API key in the named header.
    ApiKeyHeader(&'static str),
    /// The API key in the named query parameter. The URL then holds the key, so transport
    /// errors of such a request are stripped of their URL.
    ApiKeyQuery(&'static str),
    /// The API key in the named cookie.
    ApiKeyCookie(&'static str),
    /// A bearer token in `Authorization` (also OAuth2 and OpenID Connect); without one, the API
    /// key is sent as the token.
    Bearer,
    /// HTTP basic authentication in `Authorization`.
    Basic,
}

impl Auth {
    /// The builder method that gives the client a credential for this scheme.
    fn builder_method(self) -> &'static str {
        match self {
            Self::ApiKeyHeader(_) | Self::ApiKeyQuery(_) | Self::ApiKeyCookie(_) => {
                "ClientBuilder::api_key"
            }
            Self::Bearer => "ClientBuilder::bearer_token",
            Self::Basic => "ClientBuilder::basic_auth",
        }
    }
}

/// The credentials a client holds, each checked and marked sensitive.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    /// The API key, printable ASCII.
    pub(crate) api_key: Option<HeaderValue>,
    /// `Bearer <token>`.
    pub(crate) bearer: Option<HeaderValue>,
    /// `Basic <base64 of user:password>`.
    pub(crate) basic: Option<HeaderValue>,
}

/// One credential, placed where the chosen scheme sends it. `Debug` is safe: a sensitive
/// header value prints as `Sensitive`.
#[derive(Clone, Debug)]
pub(crate) enum Credential {
    /// A header (the API key's own header, or `Authorization`).
    Header(HeaderName, HeaderValue),
    /// A query parameter holding the API key.
    Query(&'static str, HeaderValue),
    /// A cookie holding the API key.
    Cookie(&'static str, HeaderValue),
}

impl Credentials {
    /// Checks and stores what the builder was given.
    pub(crate) fn new(
        api_key: Option<&str>,
        bearer_token: Option<&str>,
        basic: Option<(&str, &str)>,
    ) -> Result<Self, BuildError> {
        Ok(Self {
            api_key: api_key.map(api_key_value).transpose()?,
            bearer: bearer_token.map(bearer_value).transpose()?,
            basic: basic.map(basic_value).transpose()?,
        })
    }

    /// Whether the client holds no credential at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.api_key.is_none() && self.bearer.is_none() && self.basic.is_none()
    }

    /// The credential for the first of `schemes` (in the operation's order of preference) that
    /// the client has one for; `None` when the operation needs none. An operation whose schemes
    /// the client has no credential for is refused before sending: it could only earn a 401.
    pub(crate) fn select(&self, schemes: &[Auth]) -> Result<Option<Credential>, InvalidRequest> {
        if schemes.is_empty() {
            return Ok(None);
        }
        for scheme in schemes {
            if let Some(credential) = self.place(*scheme) {
                return credential.map(Some);
            }
        }
        Err(missing(schemes))
    }

    /// The credential for `scheme`, if the client has one.
    fn place(&self, scheme: Auth) -> Option<Result<Credential, InvalidRequest>> {
        let key = self.api_key.clone();
        let authorization = |value| Ok(Credential::Header(AUTHORIZATION, value));
        match scheme {
            Auth::ApiKeyHeader(name) => {
                key.map(|key| header_name(name).map(|name| Credential::Header(name, key)))
            }
            Auth::ApiKeyQuery(name) => key.map(|key| Ok(Credential::Query(name, key))),
            Auth::ApiKeyCookie(name) => key.map(|key| Ok(Credential::Cookie(name, key))),
            Auth::Bearer => self.bearer_token().map(authorization),
            Auth::Basic => self.basic.clone().map(authorization),
        }
    }

    /// The bearer token, or else the API key sent as one: many APIs document their key as a
    /// bearer token, and a client given only a key should still reach them.
    fn bearer_token(&self) -> Option<HeaderValue> {
        let from_key = || self.api_key.as_ref().and_then(bearer_from_key);
        self.bearer.clone().or_else(from_key)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |value: &Option<HeaderValue>| value.as_ref().map(|_| "<redacted>");
        f.debug_struct("Credentials")
            .field("api_key", &redacted(&self.api_key))
            .field("bearer_token", &redacted(&self.bearer))
            .field("basic_auth", &redacted(&self.basic))
            .finish()
    }
}

/// The error for an operation the client holds no credential for, naming what to configure.
fn missing(schemes: &[Auth]) -> InvalidRequest {
    let mut methods: Vec<&str> = Vec::new();
    for method in schemes.iter().map(|scheme| scheme.builder_method()) {
        if !methods.contains(&method) {
            methods.push(method);
        }
    }
    let message = format!(
        "the client has no credential this operation accepts (configure {})",
        methods.join(" or ")
    );
    InvalidRequest::new("auth", Violation::Unsupported { message })
}

/// Parses the header name a generated operation gives; a bad one is a generator bug, reported as
/// an invalid request rather than a panic.
fn header_name(name: &'static str) -> Result<HeaderName, InvalidRequest> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|err| {
        let message = format!("bad api key header name `{name}`: {err}");
        InvalidRequest::new("auth", Violation::Unsupported { message })
    })
}

/// Whether `text` is a non-empty run of printable ASCII without spaces, as keys and tokens are;
/// anything else (often a pasted newline or space) would be sent mangled or refused.
fn is_token_text(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_graphic())
}

/// `text` as a header value marked sensitive, so reqwest and hyper never print it.
fn sensitive(text: &[u8]) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_bytes(text).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// The API key as a sensitive header value.
fn api_key_value(key: &str) -> Result<HeaderValue, BuildError> {
    is_token_text(key)
        .then(|| sensitive(key.as_bytes()))
        .flatten()
        .ok_or(BuildError::InvalidApiKey)
}

/// `Bearer <token>` as a sensitive header value.
fn bearer_value(token: &str) -> Result<HeaderValue, BuildError> {
    is_token_text(token)
        .then(|| sensitive(format!("Bearer {token}").as_bytes()))
        .flatten()
        .ok_or(BuildError::InvalidBearerToken)
}

/// The API key sent as a bearer token, for operations that take only a bearer token.
fn bearer_from_key(key: &HeaderValue) -> Option<HeaderValue> {
    let mut token = b"Bearer ".to_vec();
    token.extend_from_slice(key.as_bytes());
    sensitive(&token)
}

/// `Basic <base64 of user:password>` (RFC 7617, UTF-8) as a sensitive header value. The user
/// cannot contain `:`, which would move the split, and neither part control characters.
fn basic_value((user, password): (&str, &str)) -> Result<HeaderValue, BuildError> {
    let has_control = |text: &str| text.chars().any(char::is_control);
    if user.contains(':') || has_control(user) || has_control(password) {
        return Err(BuildError::InvalidBasicAuth);
    }
    let encoded = base64(format!("{user}:{password}").as_bytes());
    sensitive(format!("Basic {encoded}").as_bytes()).ok_or(BuildError::InvalidBasicAuth)
}

/// Standard base64 with padding (RFC 4648), the encoding basic authentication uses.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk.iter().enumerate().fold(0u32, |group, (at, byte)| {
            group | (u32::from(*byte) << (16 - 8 * at))
        });
        // A chunk of n bytes gives n + 1 characters; the rest of the group of four is padding.
        for at in 0..4 {
            let index = (group >> (18 - 6 * at)) & 0x3F;
            if at <= chunk.len() {
                out.push(char::from(ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The API key as text, for a query parameter or a cookie.
pub(crate) fn key_text(key: &HeaderValue) -> &str {
    // The key was checked to be printable ASCII when the client was built.
    key.to_str().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "rt_auth_test_key_77a1";

    fn credentials() -> Credentials {
        Credentials::new(
            Some(KEY),
            Some("tok.en-1"),
            Some(("aladdin", "open sesame")),
        )
        .unwrap()
    }

    fn header(credential: Option<Credential>) -> (String, String) {
        match credential {
            Some(Credential::Header(name, value)) => {
                assert!(value.is_sensitive());
                (name.to_string(), value.to_str().unwrap().to_owned())
            }
            _ => panic!("expected a header credential"),
        }
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, output) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
        ] {
            assert_eq!(base64(input.as_bytes()), output, "{input}");
        }
        assert_eq!(base64(&[0xFF, 0xFE, 0x00]), "//4A");
    }

    #[test]
    fn each_scheme_takes_its_credential() {
        let all = credentials();
        let (name, value) = header(all.select(&[Auth::ApiKeyHeader("X-Key")]).unwrap());
        assert_eq!((name.as_str(), value.as_str()), ("x-key", KEY));
        let (name, value) = header(all.select(&[Auth::Bearer]).unwrap());
        assert_eq!(
            (name.as_str(), value.as_str()),
            ("authorization", "Bearer tok.en-1")
        );
        let (_, value) = header(all.select(&[Auth::Basic]).unwrap());
        assert_eq!(value, "Basic YWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        match all.select(&[Auth::ApiKeyQuery("key")]).unwrap() {
            Some(Credential::Query("key", value)) => assert_eq!(key_text(&value), KEY),
            _ => panic!("expected the key in the query"),
        }
        match all.select(&[Auth::ApiKeyCookie("session")]).unwrap() {
            Some(Credential::Cookie("session", value)) => assert!(value.is_sensitive()),
            _ => panic!("expected the key in a cookie"),
        }
        assert!(all.select(&[]).unwrap().is_none());
    }

    #[test]
    fn the_first_scheme_with_a_credential_wins() {
        let basic_only = Credentials::new(None, None, Some(("u", "p"))).unwrap();
        let schemes = [Auth::ApiKeyHeader("X-Key"), Auth::Bearer, Auth::Basic];
        let (_, value) = header(basic_only.select(&schemes).unwrap());
        assert_eq!(value, format!("Basic {}", base64(b"u:p")));
        let key_only = Credentials::new(Some(KEY), None, None).unwrap();
        let (name, value) = header(key_only.select(&[Auth::Basic, Auth::Bearer]).unwrap());
        assert_eq!(
            (name.as_str(), value),
            ("authorization", format!("Bearer {KEY}"))
        );
    }

    #[test]
    fn a_missing_credential_names_the_builder_method() {
        let bearer_only = Credentials::new(None, Some("t"), None).unwrap();
        let err = bearer_only
            .select(&[Auth::ApiKeyHeader("X-Key"), Auth::ApiKeyQuery("k")])
            .unwrap_err();
        assert_eq!(err.field(), "auth");
        assert_eq!(
            err.to_string(),
            "invalid request: `auth` is not supported: the client has no credential this \
             operation accepts (configure ClientBuilder::api_key)"
        );
        let err = bearer_only
            .select(&[Auth::Basic, Auth::ApiKeyCookie("c")])
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("ClientBuilder::basic_auth or ClientBuilder::api_key"),
            "{text}"
        );
    }

    #[test]
    fn credentials_are_checked_when_built() {
        assert!(Credentials::new(None, None, None).unwrap().is_empty());
        assert!(!Credentials::new(None, None, Some(("u", "")))
            .unwrap()
            .is_empty());
        for bad in ["", "two words", "line\nbreak", "é"] {
            assert!(matches!(
                Credentials::new(None, Some(bad), None),
                Err(BuildError::InvalidBearerToken)
            ));
        }
        for (user, password) in [("a:b", "p"), ("u\r\n", "p"), ("u", "p\0")] {
            assert!(matches!(
                Credentials::new(None, None, Some((user, password))),
                Err(BuildError::InvalidBasicAuth)
            ));
        }
        let unicode = Credentials::new(None, None, Some(("josé", "pässwörd: yes"))).unwrap();
        let (_, value) = header(unicode.select(&[Auth::Basic]).unwrap());
        assert_eq!(
            value,
            format!("Basic {}", base64("josé:pässwörd: yes".as_bytes()))
        );
    }

    #[test]
    fn debug_shows_which_credentials_exist_but_never_their_value() {
        let text = format!("{:?} {:#?}", credentials(), credentials());
        for secret in [
            KEY,
            "tok.en-1",
            "Bearer",
            "open sesame",
            "YWxhZGRpbjpvcGVuIHNlc2FtZQ",
        ] {
            assert!(!text.contains(secret), "{text}");
        }
        assert!(text.contains("<redacted>"));
        let text = format!("{:?}", Credentials::new(Some(KEY), None, None).unwrap());
        assert!(text.contains("bearer_token: None"), "{text}");
    }
}
