//! The client every generated API wraps: configuration, credentials, and the send loop (base
//! URL, headers, timeout, body cap and retries) that every generated operation goes through.
//! What differs between APIs (default server, environment variables, security schemes, which
//! credential is required, User-Agent) comes from the generated code as an [`ApiInfo`].

use std::ffi::OsString;
use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT};
use reqwest::Url;

use crate::auth::{Credential, Credentials, Scheme, API_KEY, BASIC_AUTH, BEARER_TOKEN};
use crate::failure::Failure;
use crate::retry::RetryPolicy;
use crate::{ApiInfo, BuildError, CredentialKind, Error, InvalidRequest, Request, Response};

/// The default limit for one attempt.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default cap on a response body.
const DEFAULT_MAX_RESPONSE_BODY: u64 = 4 * 1024 * 1024;

/// A configured HTTP client for one API. Cheap to clone: clones share one connection pool.
///
/// Generated clients wrap it and call [`Client::send`] from each operation.
#[derive(Clone)]
pub struct Client {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    schemes: &'static [Scheme],
    credentials: Credentials,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_body: u64,
    /// The limit for one attempt, which streams apply to their response head only.
    pub(crate) timeout: Duration,
}

/// What every attempt of one call sends, worked out once before the first.
pub(crate) struct Outgoing {
    url: Url,
    headers: HeaderMap,
    /// Whether the URL holds the API key, so errors must not show it.
    pub(crate) key_in_url: bool,
}

impl Client {
    /// The base URL every operation path is appended to (without a trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `request`, retrying as the retry policy allows, and returns the last response read
    /// in full; generated operations decode it by status.
    #[doc(hidden)]
    pub async fn send<E>(&self, request: Request) -> Result<Response, Error<E>> {
        let outgoing = self.outgoing(&request)?;
        let mut attempts = 1;
        loop {
            let outcome = self.attempt(&request, &outgoing).await;
            match self.retry.delay(&request.method, &outcome, attempts) {
                Some(wait) => tokio::time::sleep(wait).await,
                None => return settled(outcome, attempts),
            }
            attempts += 1;
        }
    }

    /// The URL and headers of `request` with the credentials its security calls for; an
    /// operation whose security the client cannot meet is refused here, before sending.
    /// Whether a scheme named by any of `security`'s alternatives sends its key as a query
    /// parameter (a next-page link's query must then be re-encoded beside it).
    pub(crate) fn sends_key_in_query(&self, security: &[Vec<&'static str>]) -> bool {
        security
            .iter()
            .flatten()
            .any(|name| self.schemes.iter().any(|scheme| scheme.is_query_key(name)))
    }

    pub(crate) fn outgoing(&self, request: &Request) -> Result<Outgoing, InvalidRequest> {
        let credentials = self.credentials.select(self.schemes, &request.security)?;
        Ok(Outgoing {
            url: request.url(&self.base_url, &credentials)?,
            headers: request.headers(&credentials)?,
            key_in_url: credentials
                .iter()
                .any(|credential| matches!(credential, Credential::Query(..))),
        })
    }

    /// One exchange: send the request and read the whole response under the body cap.
    async fn attempt(&self, request: &Request, outgoing: &Outgoing) -> Result<Response, Failure> {
        let exchange = async {
            // Per request, not on the reqwest client: a stream's request must go without it.
            let response = self
                .http_request(request, outgoing)
                .timeout(self.timeout)
                .send()
                .await
                .map_err(Failure::classify)?;
            Response::read(response, self.max_response_body).await
        };
        let outcome = exchange.await;
        if outgoing.key_in_url {
            return outcome.map_err(Failure::without_url);
        }
        outcome
    }

    /// The reqwest request for one attempt.
    pub(crate) fn http_request(
        &self,
        request: &Request,
        outgoing: &Outgoing,
    ) -> reqwest::RequestBuilder {
        let builder = self
            .http
            .request(request.method.clone(), outgoing.url.clone())
            .headers(outgoing.headers.clone());
        match &request.body {
            Some(body) => builder.body(body.clone()),
            None => builder,
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("max_response_body", &self.max_response_body)
            .finish_non_exhaustive()
    }
}

/// Configures and builds a [`Client`]. `Debug` shows every credential redacted.
///
/// Generated clients wrap it in their own `ClientBuilder`, which offers the setters for the
/// credentials their API's security schemes take.
#[derive(Clone)]
pub struct ClientBuilder {
    api: ApiInfo,
    given: Vec<(&'static str, Given)>,
    base_url: Option<String>,
    timeout: Duration,
    retry: RetryPolicy,
    max_response_body: u64,
}

/// A credential as a setter was given it, checked when the client is built.
#[derive(Clone)]
enum Given {
    Token(String),
    Basic(String, String),
}

impl ClientBuilder {
    /// A builder for the API `api` describes, with every setting at its default: timeout 30 s,
    /// 2 retries, response bodies up to 4 MiB.
    pub fn new(api: ApiInfo) -> Self {
        Self {
            api,
            given: Vec::new(),
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
        }
    }

    /// Takes each scheme's credential and the base URL from the environment variables the
    /// [`ApiInfo`] names, where they are set and not empty. A required credential that is
    /// still missing is reported by [`ClientBuilder::build`].
    pub fn from_env(self) -> Result<Self, BuildError> {
        self.with_env(|name| std::env::var_os(name))
    }

    /// [`ClientBuilder::from_env`] reading variables through `read`, so it can be tested
    /// without touching the process environment.
    fn with_env(mut self, read: impl Fn(&str) -> Option<OsString>) -> Result<Self, BuildError> {
        for scheme in self.api.schemes {
            let Some(env) = scheme.env_var().filter(|_| !scheme.is_basic()) else {
                continue;
            };
            if let Some(value) = read(env).filter(|value| !value.is_empty()) {
                let value = value
                    .into_string()
                    .map_err(|_| crate::auth::invalid(scheme.setter()))?;
                self = self.credential(scheme.setter(), value);
            }
        }
        let env = self.api.base_url_env;
        if let Some(base_url) = read(env).filter(|url| !url.is_empty()) {
            let base_url = base_url
                .into_string()
                .map_err(|_| BuildError::InvalidBaseUrl {
                    reason: format!("{env} is not valid unicode"),
                })?;
            self.base_url = Some(base_url);
        }
        Ok(self)
    }

    /// The key or token of the schemes whose setter is `setter` (one of an API's several
    /// schemes of a kind), sent where each says.
    pub fn credential(mut self, setter: &'static str, secret: impl Into<String>) -> Self {
        self.give(setter, Given::Token(secret.into()));
        self
    }

    /// The user and password of the basic schemes whose setter is `setter`.
    pub fn basic_credential(
        mut self,
        setter: &'static str,
        user: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.give(setter, Given::Basic(user.into(), password.into()));
        self
    }

    fn give(&mut self, setter: &'static str, given: Given) {
        self.given.retain(|(held, _)| *held != setter);
        self.given.push((setter, given));
    }

    /// The API key, sent where each operation's security scheme says (a header, a query
    /// parameter or a cookie).
    pub fn api_key(self, key: impl Into<String>) -> Self {
        self.credential(API_KEY, key)
    }

    /// A bearer token, sent as `Authorization: Bearer <token>` to operations that accept one
    /// (HTTP bearer, OAuth2 and OpenID Connect schemes). Without it, those operations get the
    /// API key as their token.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.credential(BEARER_TOKEN, token)
    }

    /// A user and password for operations that accept HTTP basic authentication.
    pub fn basic_auth(self, user: impl Into<String>, password: impl Into<String>) -> Self {
        self.basic_credential(BASIC_AUTH, user, password)
    }

    /// The base URL, such as `http://127.0.0.1:8080/api/v2`; default the API's
    /// [`ApiInfo::default_base_url`]. A trailing slash is ignored. It must be http or https and
    /// must not carry credentials.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The limit for one attempt, from connecting to reading the whole body; default 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a failed attempt may be retried when that is safe; default 2, 0 turns
    /// retries off.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The backoff before the first retry and the most any backoff may grow to by doubling;
    /// default 500 ms and 8 s. Each wait is jittered into the upper half of its value.
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.retry.initial_backoff = initial;
        self.retry.max_backoff = max.max(initial);
        self
    }

    /// The longest `Retry-After` the client waits for; default 60 s. When the server asks for
    /// longer, its response is returned at once instead of retried.
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.retry.max_retry_after = max;
        self
    }

    /// The cap on a response body in bytes; default 4 MiB. A larger body ends the call with
    /// [`Error::BodyTooLarge`] without reading the rest.
    pub fn max_response_body(mut self, bytes: u64) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// Builds the client, checking the credentials and the base URL. Without any credential,
    /// for an API that requires one, it fails with the missing kind (such as
    /// [`BuildError::MissingApiKey`]); without a base URL, for an API that documents no
    /// absolute one, with [`BuildError::MissingBaseUrl`].
    pub fn build(self) -> Result<Client, BuildError> {
        let mut credentials = Credentials::default();
        for (setter, given) in &self.given {
            match given {
                Given::Token(token) => credentials.set_token(setter, token)?,
                Given::Basic(user, password) => credentials.set_basic(setter, user, password)?,
            }
        }
        if credentials.is_empty() {
            if let Some(kind) = self.api.required_credential {
                return Err(self.missing(kind));
            }
        }
        let raw = self.base_url.as_deref().or(self.api.default_base_url);
        let raw = raw.ok_or(BuildError::MissingBaseUrl {
            env: self.api.base_url_env,
        })?;
        let base_url = parse_base_url(raw)?;
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        // Redirects are refused because reqwest forwards custom headers, and so the key, to
        // whatever host a redirect names.
        let http = reqwest::Client::builder()
            .user_agent(self.api.user_agent)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| BuildError::HttpClient {
                source: Box::new(err),
            })?;
        Ok(Client {
            http,
            base_url,
            schemes: self.api.schemes,
            credentials,
            retry: self.retry,
            max_response_body: self.max_response_body,
            timeout: self.timeout,
        })
    }

    /// The error for a required credential of `kind` that was not given.
    fn missing(&self, kind: CredentialKind) -> BuildError {
        let env = self.api.env_of(kind.setter());
        match kind {
            CredentialKind::ApiKey => BuildError::MissingApiKey { env },
            CredentialKind::BearerToken => BuildError::MissingBearerToken { env },
            CredentialKind::BasicAuth => BuildError::MissingBasicAuth,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let setters: Vec<(&str, &str)> = self
            .given
            .iter()
            .map(|(setter, _)| (*setter, "<redacted>"))
            .collect();
        f.debug_struct("ClientBuilder")
            .field("credentials", &setters)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_body", &self.max_response_body)
            .finish()
    }
}

/// Checks the base URL and returns it without a trailing slash, ready for `base + "/path"`.
fn parse_base_url(raw: &str) -> Result<String, BuildError> {
    let invalid = |reason: String| BuildError::InvalidBaseUrl { reason };
    // The parser's message never repeats the input, which could hold credentials.
    let url = reqwest::Url::parse(raw).map_err(|err| invalid(err.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        let scheme = url.scheme();
        return Err(invalid(format!(
            "the scheme must be http or https, not `{scheme}`"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "it must not contain credentials (user info); pass the key with ClientBuilder::api_key"
                .into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or a fragment".into()));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// The last attempt's outcome once no retry follows: the response, which learns how many
/// attempts it took, or the failure as the caller's error.
pub(crate) fn settled<E>(
    outcome: Result<Response, Failure>,
    attempts: u32,
) -> Result<Response, Error<E>> {
    match outcome {
        Ok(mut response) => {
            response.attempts = attempts;
            Ok(response)
        }
        Err(failure) => Err(failure.into_error(attempts)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Auth, Request, Scheme};
    use reqwest::header::AUTHORIZATION;

    const KEY: &str = "rt_unit_test_secret_9c1f";

    /// An API like most: one absolute server, an API key on every operation.
    const API: ApiInfo = ApiInfo::new("example-client/1.0.0", "EXAMPLE_BASE_URL")
        .default_base_url("https://api.example.com/v1")
        .required_credential(CredentialKind::ApiKey)
        .schemes(&[
            Scheme::new("key", Auth::ApiKeyHeader("X-Example-Key"), API_KEY).env("EXAMPLE_API_KEY"),
            Scheme::new("query", Auth::ApiKeyQuery("api key"), API_KEY).env("EXAMPLE_API_KEY"),
            Scheme::new("cookie", Auth::ApiKeyCookie("session"), API_KEY),
            Scheme::new("bearer", Auth::Bearer, BEARER_TOKEN).env("EXAMPLE_TOKEN"),
            Scheme::new("basic", Auth::Basic, BASIC_AUTH),
            Scheme::new("Team", Auth::ApiKeyHeader("X-Team"), "team").env("EXAMPLE_TEAM"),
            Scheme::new("bad header", Auth::ApiKeyHeader("bad header"), API_KEY),
            Scheme::new("bad cookie", Auth::ApiKeyCookie("bad;cookie"), API_KEY),
        ]);

    fn builder() -> ClientBuilder {
        ClientBuilder::new(API)
    }

    fn invalid_reason(raw: &str) -> String {
        match parse_base_url(raw) {
            Err(BuildError::InvalidBaseUrl { reason }) => reason,
            other => panic!("expected an invalid base url for {raw}, got {other:?}"),
        }
    }

    #[test]
    fn base_url_is_normalised_without_trailing_slash() {
        let parse = |raw| parse_base_url(raw).unwrap();
        assert_eq!(
            parse("http://127.0.0.1:8080/api/v2/"),
            "http://127.0.0.1:8080/api/v2"
        );
        assert_eq!(
            parse("http://127.0.0.1:8080/api/v2//"),
            "http://127.0.0.1:8080/api/v2"
        );
        assert_eq!(parse("https://example.com"), "https://example.com");
        assert_eq!(
            parse("https://api.example.com/v1"),
            "https://api.example.com/v1"
        );
    }

    #[test]
    fn base_url_refuses_credentials_schemes_and_queries() {
        let reason = invalid_reason("https://user:hunter2@example.com/api");
        assert!(reason.contains("credentials"), "{reason}");
        assert!(!reason.contains("hunter2"));
        assert!(invalid_reason("ftp://example.com").contains("`ftp`"));
        assert!(invalid_reason("https://example.com/api?x=1").contains("query"));
        assert!(!invalid_reason("not a url").is_empty());
    }

    #[test]
    fn environment_values_fill_the_builder_when_set_and_not_empty() {
        let from = |key: Option<&str>, token: Option<&str>, url: Option<&str>| {
            builder().with_env(|name| {
                let value = match name {
                    "EXAMPLE_API_KEY" => key,
                    "EXAMPLE_TOKEN" => token,
                    "EXAMPLE_BASE_URL" => url,
                    _ => None,
                };
                value.map(Into::into)
            })
        };
        let missing = from(None, None, None).unwrap().build().unwrap_err();
        assert!(matches!(
            missing,
            BuildError::MissingApiKey {
                env: Some("EXAMPLE_API_KEY")
            }
        ));
        let empty = from(Some(""), Some(""), None).unwrap().build().unwrap_err();
        assert!(matches!(empty, BuildError::MissingApiKey { .. }));
        let client = from(Some(KEY), None, Some("")).unwrap().build().unwrap();
        assert_eq!(client.base_url(), "https://api.example.com/v1");
        let client = from(None, Some("tok"), Some("http://127.0.0.1:9/v2/"))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9/v2");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStringExt;
            let bad = |wanted: &'static str| {
                move |name: &str| (name == wanted).then(|| OsString::from_vec(vec![0xff]))
            };
            let err = builder().with_env(bad("EXAMPLE_BASE_URL")).unwrap_err();
            assert!(err.to_string().contains("EXAMPLE_BASE_URL"), "{err}");
            let err = builder().with_env(bad("EXAMPLE_TEAM")).unwrap_err();
            assert!(matches!(
                err,
                BuildError::InvalidCredential { setter: "team" }
            ));
        }
    }

    #[test]
    fn what_an_api_requires_is_what_build_asks_for() {
        let open = ApiInfo::new("example-client/1.0.0", "EXAMPLE_BASE_URL");
        let err = ClientBuilder::new(open).build().unwrap_err();
        assert!(matches!(
            err,
            BuildError::MissingBaseUrl {
                env: "EXAMPLE_BASE_URL"
            }
        ));
        assert_eq!(
            err.to_string(),
            "missing base url: the API description gives no absolute server url; set \
             EXAMPLE_BASE_URL or call ClientBuilder::base_url"
        );
        let client = ClientBuilder::new(open)
            .base_url("http://127.0.0.1:1/")
            .build();
        assert_eq!(client.unwrap().base_url(), "http://127.0.0.1:1");
        let bearer = API.required_credential(CredentialKind::BearerToken);
        let err = ClientBuilder::new(bearer).build().unwrap_err();
        assert_eq!(
            err.to_string(),
            "missing bearer token: set EXAMPLE_TOKEN or call ClientBuilder::bearer_token"
        );
        let basic = API.required_credential(CredentialKind::BasicAuth);
        let err = ClientBuilder::new(basic).build().unwrap_err();
        assert_eq!(
            err.to_string(),
            "missing basic auth: call ClientBuilder::basic_auth"
        );
    }

    #[test]
    fn api_key_must_fit_in_a_header() {
        for bad in [
            "",
            "   ",
            "line\nbreak",
            "del\u{7f}",
            "clé",
            "space in",
            "trailing ",
        ] {
            let err = builder().api_key(bad).build().unwrap_err();
            assert!(matches!(err, BuildError::InvalidApiKey), "{bad:?}: {err:?}");
        }
    }

    /// The outgoing reqwest request for a POST accepting `security`, built as `send` builds it.
    fn outgoing(
        client: &Client,
        security: &[&[&'static str]],
    ) -> Result<reqwest::Request, InvalidRequest> {
        let request = Request::new(reqwest::Method::POST, "/items")
            .security(security)
            .json(&serde_json::json!({"goal": "g"}))?;
        assert!(!format!("{request:?}").contains(KEY));
        let outgoing = client.outgoing(&request)?;
        Ok(client.http_request(&request, &outgoing).build().unwrap())
    }

    fn header<'r>(built: &'r reqwest::Request, name: &str) -> &'r str {
        let value = &built.headers()[name];
        assert!(value.is_sensitive(), "{name} is not marked sensitive");
        value.to_str().unwrap()
    }

    #[test]
    fn the_key_is_sensitive_in_the_outgoing_request() {
        let client = builder().api_key(KEY).build().unwrap();
        let built = outgoing(&client, &[&["key"]]).unwrap();
        assert_eq!(header(&built, "x-example-key"), KEY);
        assert!(built.headers().get(AUTHORIZATION).is_none());
        let url = "https://api.example.com/v1/items";
        assert_eq!(built.url().as_str(), url);
        for text in [format!("{built:?}"), format!("{client:?}")] {
            assert!(!text.contains(KEY), "{text}");
        }
    }

    #[test]
    fn the_first_scheme_with_a_credential_is_used() {
        let client = builder().api_key(KEY).build().unwrap();
        let built = outgoing(&client, &[&["query"], &["bearer"]]).unwrap();
        let url = format!("https://api.example.com/v1/items?api%20key={KEY}");
        assert_eq!(built.url().as_str(), url);
        assert!(built.headers().get(AUTHORIZATION).is_none());
        let built = outgoing(&client, &[&["basic"], &["cookie"]]).unwrap();
        assert_eq!(header(&built, "cookie"), format!("session={KEY}"));
        let built = outgoing(&client, &[&["basic"], &["bearer"]]).unwrap();
        assert_eq!(header(&built, "authorization"), format!("Bearer {KEY}"));
        let built = outgoing(&client, &[]).unwrap();
        assert!(!format!("{:?} {}", built.headers(), built.url()).contains(KEY));
    }

    #[test]
    fn a_requirement_of_two_schemes_sends_both() {
        let client = builder().api_key(KEY).credential("team", "t-1").build();
        let client = client.unwrap();
        let built = outgoing(&client, &[&["key", "Team"]]).unwrap();
        assert_eq!(header(&built, "x-example-key"), KEY);
        assert_eq!(header(&built, "x-team"), "t-1");
        let key_only = builder().api_key(KEY).build().unwrap();
        let err = outgoing(&key_only, &[&["key", "Team"]]).unwrap_err();
        let text = err.to_string();
        assert!(
            text.ends_with("set ClientBuilder::team (or EXAMPLE_TEAM)"),
            "{text}"
        );
        assert!(format!("{:?}", builder().credential("team", KEY)).contains("team"));
    }

    #[test]
    fn bearer_and_basic_credentials_are_sent_and_redacted() {
        let builder = builder()
            .bearer_token("secret-token")
            .basic_auth("aladdin", "open sesame");
        let client = builder.clone().build().unwrap();
        let built = outgoing(&client, &[&["bearer"]]).unwrap();
        assert_eq!(header(&built, "authorization"), "Bearer secret-token");
        let built = outgoing(&client, &[&["key"], &["basic"]]).unwrap();
        let basic = "Basic YWxhZGRpbjpvcGVuIHNlc2FtZQ==";
        assert_eq!(header(&built, "authorization"), basic);
        for text in [
            format!("{builder:?}"),
            format!("{client:#?}"),
            format!("{built:?}"),
        ] {
            assert!(
                text.contains("<redacted>") || text.contains("Sensitive"),
                "{text}"
            );
            for secret in ["secret-token", "open sesame", "YWxhZGRpbjpvcGVuIHNlc2FtZQ"] {
                assert!(!text.contains(secret), "{secret} leaked into {text}");
            }
        }
    }

    #[test]
    fn any_one_credential_is_enough_but_one_is_needed() {
        assert!(builder().bearer_token("t").build().is_ok());
        assert!(builder().basic_auth("u", "").build().is_ok());
        let err = builder().build().unwrap_err();
        assert!(matches!(err, BuildError::MissingApiKey { .. }));
        assert_eq!(
            err.to_string(),
            "missing api key: set EXAMPLE_API_KEY or call ClientBuilder::api_key"
        );
        let err = builder().bearer_token("a b").build().unwrap_err();
        assert!(matches!(err, BuildError::InvalidBearerToken), "{err:?}");
        assert!(!err.to_string().contains("a b"));
        let err = builder().basic_auth("a:b", "pw").build().unwrap_err();
        assert!(matches!(err, BuildError::InvalidBasicAuth), "{err:?}");
        assert!(!err.to_string().contains("pw"));
    }

    #[test]
    fn missing_credentials_and_bad_names_are_errors_not_panics() {
        let client = builder().api_key(KEY).build().unwrap();
        let err = outgoing(&client, &[&["basic"]]).unwrap_err();
        assert_eq!(err.field(), "auth");
        let text = err.to_string();
        assert!(text.contains("does not hold"), "{text}");
        assert!(text.contains("set ClientBuilder::basic_auth"), "{text}");
        let bearer_only = builder().bearer_token("t").build().unwrap();
        let err = outgoing(&bearer_only, &[&["key"]]).unwrap_err();
        assert!(err.to_string().contains("ClientBuilder::api_key"), "{err}");
        let err = outgoing(&client, &[&["bad header"]]).unwrap_err();
        assert!(err.to_string().contains("bad header"), "{err}");
        let err = outgoing(&client, &[&["bad cookie"]]).unwrap_err();
        assert!(err.to_string().contains("bad;cookie"), "{err}");
    }

    #[tokio::test]
    async fn a_key_in_the_query_never_shows_in_transport_errors() {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let client = builder()
            .api_key(KEY)
            .base_url(format!("http://127.0.0.1:{port}"))
            .max_retries(0)
            .build()
            .unwrap();
        let request = Request::new(reqwest::Method::GET, "/items").security(&[&["query"]]);
        let err = client
            .send::<std::convert::Infallible>(request)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Connect { .. }), "{err:?}");
        let mut chain: Vec<String> = vec![format!("{err} {err:?}")];
        let mut source = std::error::Error::source(&err);
        while let Some(cause) = source {
            chain.push(format!("{cause} {cause:?}"));
            source = cause.source();
        }
        for text in chain {
            assert!(!text.contains(KEY), "{text}");
        }
    }
}
