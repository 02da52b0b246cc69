//! Credentials: the API's security schemes, the credentials a client holds (keyed by the
//! builder setter that gives them), and which ones an operation's security requirement takes.
//!
//! An operation's security is a list of alternatives, each a set of schemes that must all be
//! sent. Schemes of one kind that an API has only one of share a setter (`api_key`,
//! `bearer_token`, `basic_auth`); an API with several schemes of a kind gives each its own.
//!
//! Every credential is checked once, when the client is built, and kept as a header value marked
//! sensitive, so hyper and reqwest never print it; `Debug` of the holders shows only which
//! setters were used.

use std::fmt;

use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};

use crate::{BuildError, InvalidRequest, MissingCredential, Violation};

/// Where a scheme's credential goes, from the security scheme's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// An API key in the named header.
    ApiKeyHeader(&'static str),
    /// An API key in the named query parameter. The URL then holds the key, so transport
    /// errors of such a request are stripped of their URL.
    ApiKeyQuery(&'static str),
    /// An API key in the named cookie.
    ApiKeyCookie(&'static str),
    /// A bearer token in `Authorization` (also OAuth2 and OpenID Connect); without one, the
    /// credential of the `api_key` setter is sent as the token.
    Bearer,
    /// HTTP basic authentication in `Authorization`.
    Basic,
}

/// One security scheme of the API: its name in the document, where its credential goes, and
/// the builder setter and environment variable that give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scheme {
    name: &'static str,
    auth: Auth,
    setter: &'static str,
    env: Option<&'static str>,
}

impl Scheme {
    /// The scheme `name` (its key under `components.securitySchemes`), sending its credential
    /// as `auth` says, given by the generated builder's method `setter`.
    pub const fn new(name: &'static str, auth: Auth, setter: &'static str) -> Self {
        Self {
            name,
            auth,
            setter,
            env: None,
        }
    }

    /// The environment variable `from_env` reads this scheme's credential from.
    pub const fn env(mut self, env: &'static str) -> Self {
        self.env = Some(env);
        self
    }

    /// The builder setter that gives this scheme's credential.
    pub(crate) fn setter(&self) -> &'static str {
        self.setter
    }

    /// The environment variable this scheme's credential is read from, if any.
    pub(crate) fn env_var(&self) -> Option<&'static str> {
        self.env
    }

    /// Whether this is the scheme `name` and sends its key as a query parameter.
    pub(crate) fn is_query_key(&self, name: &str) -> bool {
        self.name == name && matches!(self.auth, Auth::ApiKeyQuery(_))
    }

    /// Whether this scheme takes a user and password rather than one secret.
    pub(crate) fn is_basic(&self) -> bool {
        self.auth == Auth::Basic
    }

    fn missing(&self) -> MissingCredential {
        MissingCredential {
            setter: self.setter,
            env: self.env,
        }
    }
}

/// The setter of the API key shared by an API's key schemes; a bearer scheme without a token
/// falls back to it, since many APIs document their key as a bearer token.
pub(crate) const API_KEY: &str = "api_key";
/// The setter of the bearer token shared by an API's bearer schemes.
pub(crate) const BEARER_TOKEN: &str = "bearer_token";
/// The setter of the user and password shared by an API's basic schemes.
pub(crate) const BASIC_AUTH: &str = "basic_auth";

/// A credential as given to a setter, checked.
#[derive(Clone)]
enum Secret {
    /// A key or token: printable ASCII, sent as is (or after `Bearer `).
    Token(HeaderValue),
    /// `Basic <base64 of user:password>`.
    Basic(HeaderValue),
}

/// The credentials a client holds, by the setter that gave them, each checked and marked
/// sensitive.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    held: Vec<(&'static str, Secret)>,
}

/// One credential, placed where its scheme sends it. `Debug` is safe: a sensitive header value
/// prints as `Sensitive`.
#[derive(Clone, Debug)]
pub(crate) enum Credential {
    /// A header (an API key's own header, or `Authorization`).
    Header(HeaderName, HeaderValue),
    /// A query parameter holding an API key.
    Query(&'static str, HeaderValue),
    /// A cookie holding an API key.
    Cookie(&'static str, HeaderValue),
}

impl Credentials {
    /// Checks and stores `token` (a key or bearer token) for `setter`, replacing what it had.
    pub(crate) fn set_token(
        &mut self,
        setter: &'static str,
        token: &str,
    ) -> Result<(), BuildError> {
        let value = is_token_text(token)
            .then(|| sensitive(token.as_bytes()))
            .flatten()
            .ok_or_else(|| invalid(setter))?;
        self.set(setter, Secret::Token(value));
        Ok(())
    }

    /// Checks and stores a user and password for `setter`, replacing what it had.
    pub(crate) fn set_basic(
        &mut self,
        setter: &'static str,
        user: &str,
        password: &str,
    ) -> Result<(), BuildError> {
        let value = basic_value((user, password)).ok_or_else(|| invalid(setter))?;
        self.set(setter, Secret::Basic(value));
        Ok(())
    }

    fn set(&mut self, setter: &'static str, secret: Secret) {
        self.held.retain(|(held, _)| *held != setter);
        self.held.push((setter, secret));
    }

    /// Whether the client holds no credential at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.held.is_empty()
    }

    fn secret(&self, setter: &str) -> Option<&Secret> {
        let found = self.held.iter().find(|(held, _)| *held == setter);
        found.map(|(_, secret)| secret)
    }

    /// The credentials for `requirement`'s first alternative (in the operation's order of
    /// preference) the client holds every credential of, looking schemes up in `schemes`.
    /// An empty alternative (the requirement `{}`) makes the credentials optional: it is taken
    /// when no other alternative is held, and nothing is sent. Otherwise an operation whose
    /// alternatives the client cannot meet is refused before sending: it could only earn a 401.
    pub(crate) fn select(
        &self,
        schemes: &[Scheme],
        requirement: &[Vec<&'static str>],
    ) -> Result<Vec<Credential>, InvalidRequest> {
        let mut missing = Vec::new();
        let mut optional = requirement.is_empty();
        for alternative in requirement {
            if alternative.is_empty() {
                optional = true;
            } else if let Some(credentials) =
                self.alternative(schemes, alternative, &mut missing)?
            {
                return Ok(credentials);
            }
        }
        if optional {
            return Ok(Vec::new());
        }
        let alternatives = missing;
        Err(InvalidRequest::new(
            "auth",
            Violation::MissingCredentials { alternatives },
        ))
    }

    /// The credentials of every scheme of one alternative; `None`, with what the client lacks
    /// of it added to `missing`, when it does not hold them all.
    fn alternative(
        &self,
        schemes: &[Scheme],
        names: &[&'static str],
        missing: &mut Vec<Vec<MissingCredential>>,
    ) -> Result<Option<Vec<Credential>>, InvalidRequest> {
        let mut placed = Vec::new();
        let mut lacking = Vec::new();
        for name in names {
            let scheme = schemes.iter().find(|scheme| scheme.name == *name);
            match (scheme, scheme.and_then(|scheme| self.place(scheme))) {
                (_, Some(credential)) => placed.push(credential?),
                (Some(scheme), None) => lacking.push(scheme.missing()),
                // A name the API does not list is a generator bug: reported as missing, under
                // its own name, rather than a panic.
                (None, None) => lacking.push(MissingCredential {
                    setter: name,
                    env: None,
                }),
            }
        }
        if lacking.is_empty() {
            return Ok(Some(placed));
        }
        missing.push(lacking);
        Ok(None)
    }

    /// The credential for `scheme`, if the client holds one.
    fn place(&self, scheme: &Scheme) -> Option<Result<Credential, InvalidRequest>> {
        let token = || match self.secret(scheme.setter)? {
            Secret::Token(value) => Some(value.clone()),
            Secret::Basic(_) => None,
        };
        let authorization = |value| Ok(Credential::Header(AUTHORIZATION, value));
        match scheme.auth {
            Auth::ApiKeyHeader(name) => {
                token().map(|key| header_name(name).map(|name| Credential::Header(name, key)))
            }
            Auth::ApiKeyQuery(name) => token().map(|key| Ok(Credential::Query(name, key))),
            Auth::ApiKeyCookie(name) => token().map(|key| Ok(Credential::Cookie(name, key))),
            Auth::Bearer => self.bearer(scheme.setter).map(authorization),
            Auth::Basic => match self.secret(scheme.setter)? {
                Secret::Basic(value) => Some(authorization(value.clone())),
                Secret::Token(_) => None,
            },
        }
    }

    /// `Bearer <token>` from `setter`'s token, or else from the API key (for the shared bearer
    /// setter only): many APIs document their key as a bearer token, and a client given only a
    /// key should still reach them.
    fn bearer(&self, setter: &str) -> Option<HeaderValue> {
        let token = |setter| match self.secret(setter)? {
            Secret::Token(value) => bearer_from_key(value),
            Secret::Basic(_) => None,
        };
        token(setter).or_else(|| (setter == BEARER_TOKEN).then(|| token(API_KEY)).flatten())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (setter, _) in &self.held {
            map.entry(setter, &"<redacted>");
        }
        map.finish()
    }
}

/// The error for a credential that cannot be sent, by the setter it was given to.
pub(crate) fn invalid(setter: &'static str) -> BuildError {
    match setter {
        API_KEY => BuildError::InvalidApiKey,
        BEARER_TOKEN => BuildError::InvalidBearerToken,
        BASIC_AUTH => BuildError::InvalidBasicAuth,
        setter => BuildError::InvalidCredential { setter },
    }
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

/// `Bearer <token>` for a token checked when it was set.
fn bearer_from_key(key: &HeaderValue) -> Option<HeaderValue> {
    let mut token = b"Bearer ".to_vec();
    token.extend_from_slice(key.as_bytes());
    sensitive(&token)
}

/// `Basic <base64 of user:password>` (RFC 7617, UTF-8) as a sensitive header value. The user
/// cannot contain `:`, which would move the split, and neither part control characters.
fn basic_value((user, password): (&str, &str)) -> Option<HeaderValue> {
    let has_control = |text: &str| text.chars().any(char::is_control);
    if user.contains(':') || has_control(user) || has_control(password) {
        return None;
    }
    let encoded = base64(format!("{user}:{password}").as_bytes());
    sensitive(format!("Basic {encoded}").as_bytes())
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

    /// An API with one scheme of each kind (shared setters) and two more key schemes of
    /// their own.
    const SCHEMES: &[Scheme] = &[
        Scheme::new("key", Auth::ApiKeyHeader("X-Key"), API_KEY).env("T_API_KEY"),
        Scheme::new("query", Auth::ApiKeyQuery("key"), API_KEY).env("T_API_KEY"),
        Scheme::new("cookie", Auth::ApiKeyCookie("session"), API_KEY),
        Scheme::new("bearer", Auth::Bearer, BEARER_TOKEN).env("T_TOKEN"),
        Scheme::new("basic", Auth::Basic, BASIC_AUTH),
        Scheme::new("Team", Auth::ApiKeyHeader("X-Team-ID"), "team").env("T_TEAM"),
        Scheme::new("Admin", Auth::ApiKeyHeader("X-Admin-Token"), "admin"),
    ];

    fn credentials(setters: &[(&'static str, &str)]) -> Credentials {
        let mut credentials = Credentials::default();
        for (setter, value) in setters {
            match *setter {
                BASIC_AUTH => credentials.set_basic(setter, "aladdin", value),
                _ => credentials.set_token(setter, value),
            }
            .unwrap();
        }
        credentials
    }

    fn all() -> Credentials {
        credentials(&[
            (API_KEY, KEY),
            (BEARER_TOKEN, "tok.en-1"),
            (BASIC_AUTH, "open sesame"),
        ])
    }

    fn select(credentials: &Credentials, requirement: &[&[&'static str]]) -> Vec<Credential> {
        let requirement: Vec<Vec<&str>> = requirement.iter().map(|r| r.to_vec()).collect();
        credentials.select(SCHEMES, &requirement).unwrap()
    }

    fn headers(credentials: Vec<Credential>) -> Vec<(String, String)> {
        let header = |credential| match credential {
            Credential::Header(name, value) => {
                assert!(value.is_sensitive());
                (name.to_string(), value.to_str().unwrap().to_owned())
            }
            other => panic!("expected a header credential, got {other:?}"),
        };
        credentials.into_iter().map(header).collect()
    }

    fn pair(name: &str, value: &str) -> (String, String) {
        (name.to_owned(), value.to_owned())
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
        let all = all();
        assert_eq!(headers(select(&all, &[&["key"]])), [pair("x-key", KEY)]);
        let bearer = pair("authorization", "Bearer tok.en-1");
        assert_eq!(headers(select(&all, &[&["bearer"]])), [bearer]);
        let basic = pair("authorization", "Basic YWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert_eq!(headers(select(&all, &[&["basic"]])), [basic]);
        match select(&all, &[&["query"]]).as_slice() {
            [Credential::Query("key", value)] => assert_eq!(key_text(value), KEY),
            other => panic!("expected the key in the query, got {other:?}"),
        }
        match select(&all, &[&["cookie"]]).as_slice() {
            [Credential::Cookie("session", value)] => assert!(value.is_sensitive()),
            other => panic!("expected the key in a cookie, got {other:?}"),
        }
        assert!(select(&all, &[]).is_empty());
    }

    #[test]
    fn an_alternative_sends_every_scheme_it_names() {
        let held = credentials(&[(API_KEY, KEY), ("team", "team-7")]);
        let sent = headers(select(&held, &[&["key", "Team"]]));
        assert_eq!(sent, [pair("x-key", KEY), pair("x-team-id", "team-7")]);
        // The first alternative held in full wins, even when a later one is held too.
        let sent = headers(select(&held, &[&["Admin", "Team"], &["key"], &["Team"]]));
        assert_eq!(sent, [pair("x-key", KEY)]);
    }

    #[test]
    fn an_optional_requirement_sends_what_is_held_or_nothing() {
        let held = credentials(&[(BEARER_TOKEN, "t")]);
        let sent = headers(select(&held, &[&[], &["bearer"]]));
        assert_eq!(sent, [pair("authorization", "Bearer t")]);
        assert!(select(&held, &[&["Admin"], &[]]).is_empty());
    }

    #[test]
    fn a_bearer_scheme_falls_back_to_the_api_key() {
        let key_only = credentials(&[(API_KEY, KEY)]);
        let sent = headers(select(&key_only, &[&["basic"], &["bearer"]]));
        assert_eq!(sent, [pair("authorization", &format!("Bearer {KEY}"))]);
    }

    #[test]
    fn a_requirement_not_met_names_what_is_missing() {
        let held = credentials(&[("team", "t")]);
        let requirement = vec![vec!["Admin", "Team"], vec!["bearer"], vec!["nope"]];
        let err = held.select(SCHEMES, &requirement).unwrap_err();
        assert_eq!(err.field(), "auth");
        let missing = |setter, env| MissingCredential { setter, env };
        assert_eq!(
            err.violation(),
            &Violation::MissingCredentials {
                alternatives: vec![
                    vec![missing("admin", None)],
                    vec![missing(BEARER_TOKEN, Some("T_TOKEN"))],
                    vec![missing("nope", None)],
                ]
            }
        );
        assert_eq!(
            err.to_string(),
            "invalid request: `auth` needs credentials the client does not hold: set \
             ClientBuilder::admin, or ClientBuilder::bearer_token (or T_TOKEN), or \
             ClientBuilder::nope"
        );
    }

    #[test]
    fn credentials_are_checked_when_set() {
        let mut credentials = Credentials::default();
        assert!(credentials.is_empty());
        for bad in ["", "two words", "line\nbreak", "é"] {
            let err = credentials.set_token(BEARER_TOKEN, bad).unwrap_err();
            assert!(matches!(err, BuildError::InvalidBearerToken));
            let err = credentials.set_token("team", bad).unwrap_err();
            assert!(matches!(
                err,
                BuildError::InvalidCredential { setter: "team" }
            ));
        }
        for (user, password) in [("a:b", "p"), ("u\r\n", "p"), ("u", "p\0")] {
            let err = credentials
                .set_basic(BASIC_AUTH, user, password)
                .unwrap_err();
            assert!(matches!(err, BuildError::InvalidBasicAuth));
        }
        assert!(credentials.is_empty());
        credentials
            .set_basic(BASIC_AUTH, "josé", "pässwörd: yes")
            .unwrap();
        assert!(!credentials.is_empty());
        let sent = headers(select(&credentials, &[&["basic"]]));
        let expected = format!("Basic {}", base64("josé:pässwörd: yes".as_bytes()));
        assert_eq!(sent, [pair("authorization", &expected)]);
    }

    #[test]
    fn a_bad_header_name_is_an_error_not_a_panic() {
        const BAD: &[Scheme] = &[Scheme::new(
            "bad",
            Auth::ApiKeyHeader("bad header"),
            API_KEY,
        )];
        let err = all().select(BAD, &[vec!["bad"]]).unwrap_err();
        assert!(err.to_string().contains("bad header"), "{err}");
    }

    #[test]
    fn debug_shows_which_credentials_exist_but_never_their_value() {
        let text = format!("{:?} {:#?}", all(), all());
        for secret in [
            KEY,
            "tok.en-1",
            "Bearer",
            "open sesame",
            "YWxhZGRpbjpvcGVuIHNlc2FtZQ",
        ] {
            assert!(!text.contains(secret), "{text}");
        }
        assert!(text.contains("\"api_key\": \"<redacted>\""), "{text}");
        let text = format!("{:?}", credentials(&[(API_KEY, KEY)]));
        assert!(!text.contains("bearer_token"), "{text}");
    }
}
