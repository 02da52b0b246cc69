//! The hand-written `Client`: configuration, the API key, and the send loop (base URL, headers,
//! timeout, body cap and retries) that every generated operation goes through.

use std::ffi::OsString;
use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};

use crate::runtime::{Auth, AuthChoice, Failure, Request, Response, RetryPolicy};
use crate::{BuildError, Error, InvalidRequest, Violation};

/// The API's production server, the first entry of the spec's `servers`.
pub const DEFAULT_BASE_URL: &str = "https://api.browser-use.com/api/v2";

/// The environment variable [`Client::from_env`] reads the API key from.
pub const API_KEY_ENV: &str = "BROWSER_USE_API_KEY";

/// The environment variable [`Client::from_env`] reads a base URL from, when it is set.
pub const BASE_URL_ENV: &str = "BROWSER_USE_BASE_URL";

/// The default limit for one attempt, as in the official SDKs.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default cap on a response body; the API's bodies are a few hundred bytes.
const DEFAULT_MAX_RESPONSE_BODY: u64 = 4 * 1024 * 1024;

const USER_AGENT: &str = concat!("browser-use-client/", env!("CARGO_PKG_VERSION"));

/// A client for the Browser Use API. Cheap to clone: clones share one connection pool.
///
/// The operations (such as [`Client::create_skill`]) are generated from the spec.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    api_key: HeaderValue,
    retry: RetryPolicy,
    max_response_body: u64,
}

impl Client {
    /// Starts configuring a client; only the API key is required.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Builds a client from `BROWSER_USE_API_KEY`, and `BROWSER_USE_BASE_URL` when it is set and
    /// not empty; everything else keeps its default.
    pub fn from_env() -> Result<Self, BuildError> {
        let key = std::env::var_os(API_KEY_ENV);
        let base_url = std::env::var_os(BASE_URL_ENV);
        builder_from_env(key, base_url)?.build()
    }

    /// The base URL every operation path is appended to (without a trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends `request`, retrying as the retry policy allows, and returns the last response read
    /// in full; generated operations decode it by status.
    pub(crate) async fn send<E>(&self, request: Request) -> Result<Response, Error<E>> {
        let url = format!("{}{}", self.base_url, request.path);
        let credential = self.credential(request.auth)?;
        let mut attempts = 1;
        loop {
            let outcome = self.attempt(&request, &url, credential.as_ref()).await;
            match self.retry.delay(&request.method, &outcome, attempts) {
                Some(wait) => tokio::time::sleep(wait).await,
                None => {
                    return match outcome {
                        Ok(mut response) => {
                            response.attempts = attempts;
                            Ok(response)
                        }
                        Err(failure) => Err(failure.into_error(attempts)),
                    };
                }
            }
            attempts += 1;
        }
    }

    /// One exchange: send the request and read the whole response under the body cap.
    async fn attempt(
        &self,
        request: &Request,
        url: &str,
        credential: Option<&Credential>,
    ) -> Result<Response, Failure> {
        let response = self
            .http_request(request, url, credential)
            .send()
            .await
            .map_err(Failure::classify)?;
        Response::read(response, self.max_response_body).await
    }

    /// The header that carries the key for the scheme the operation chose, or an error when it
    /// accepts none the client supports (sending without credentials would only earn a 401).
    fn credential(&self, auth: AuthChoice) -> Result<Option<Credential>, InvalidRequest> {
        match auth {
            AuthChoice::Anonymous => Ok(None),
            AuthChoice::Scheme(Auth::ApiKeyHeader(name)) => {
                Ok(Some((parse_header_name(name)?, self.api_key.clone())))
            }
            AuthChoice::Scheme(Auth::Bearer) => Ok(Some((AUTHORIZATION, self.bearer()))),
            AuthChoice::Scheme(_) | AuthChoice::Unsupported => {
                let message = "the operation accepts no authentication this client supports \
                               (an api key in a header, or as a bearer token)";
                let violation = Violation::Unsupported {
                    message: message.into(),
                };
                Err(InvalidRequest::new("auth", violation))
            }
        }
    }

    /// The key as a bearer token, marked sensitive like the key itself.
    fn bearer(&self) -> HeaderValue {
        let mut token = b"Bearer ".to_vec();
        token.extend_from_slice(self.api_key.as_bytes());
        // The key was checked to be printable ASCII, so the token is a valid header value.
        let mut value = HeaderValue::from_bytes(&token).unwrap_or_else(|_| self.api_key.clone());
        value.set_sensitive(true);
        value
    }

    /// The reqwest request for one attempt; the key goes only into the credential header.
    fn http_request(
        &self,
        request: &Request,
        url: &str,
        credential: Option<&Credential>,
    ) -> reqwest::RequestBuilder {
        let mut builder = self.http.request(request.method.clone(), url);
        if let Some((name, value)) = credential {
            builder = builder.header(name.clone(), value.clone());
        }
        if let Some(body) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body.clone());
        }
        builder
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("api_key", &"<redacted>")
            .field("retry", &self.retry)
            .field("max_response_body", &self.max_response_body)
            .finish_non_exhaustive()
    }
}

/// A header carrying the API key: its name and its (sensitive) value.
type Credential = (HeaderName, HeaderValue);

/// Parses the header name a generated operation gives; a bad one is a generator bug, reported as
/// an invalid request rather than a panic.
fn parse_header_name(name: &'static str) -> Result<HeaderName, InvalidRequest> {
    HeaderName::from_bytes(name.as_bytes()).map_err(|err| {
        let message = format!("bad api key header name `{name}`: {err}");
        InvalidRequest::new("auth", Violation::Unsupported { message })
    })
}

/// The builder behind [`Client::from_env`], separate so it can be tested without touching the
/// process environment.
fn builder_from_env(
    key: Option<OsString>,
    base_url: Option<OsString>,
) -> Result<ClientBuilder, BuildError> {
    let key = key
        .filter(|key| !key.is_empty())
        .ok_or(BuildError::MissingApiKey)?;
    let key = key.into_string().map_err(|_| BuildError::InvalidApiKey)?;
    let mut builder = Client::builder().api_key(key);
    if let Some(base_url) = base_url.filter(|url| !url.is_empty()) {
        let base_url = base_url
            .into_string()
            .map_err(|_| BuildError::InvalidBaseUrl {
                reason: format!("{BASE_URL_ENV} is not valid unicode"),
            })?;
        builder = builder.base_url(base_url);
    }
    Ok(builder)
}

/// Configures and builds a [`Client`]. `Debug` shows the API key redacted.
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Duration,
    retry: RetryPolicy,
    max_response_body: u64,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            api_key: None,
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
        }
    }
}

impl ClientBuilder {
    /// The API key, sent in the `X-Browser-Use-API-Key` header. Required.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The base URL, such as `http://127.0.0.1:8080/api/v2`; default [`DEFAULT_BASE_URL`]. A
    /// trailing slash is ignored. It must be http or https and must not carry credentials.
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

    /// Builds the client, checking the key and the base URL.
    pub fn build(self) -> Result<Client, BuildError> {
        let api_key = api_key_value(self.api_key.as_deref())?;
        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        // Redirects are refused because reqwest forwards custom headers, and so the key, to
        // whatever host a redirect names.
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .default_headers(headers)
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| BuildError::HttpClient {
                source: Box::new(err),
            })?;
        Ok(Client {
            http,
            base_url,
            api_key,
            retry: self.retry,
            max_response_body: self.max_response_body,
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let api_key = self.api_key.as_ref().map(|_| "<redacted>");
        f.debug_struct("ClientBuilder")
            .field("api_key", &api_key)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_response_body", &self.max_response_body)
            .finish()
    }
}

/// The key as a header value marked sensitive, so reqwest and hyper never print it.
fn api_key_value(key: Option<&str>) -> Result<HeaderValue, BuildError> {
    let key = key.ok_or(BuildError::MissingApiKey)?;
    // Keys are printable ASCII; anything else (often a pasted newline or space) would be sent
    // mangled or refused by the server, so it is caught here with a clear message.
    if key.is_empty() || !key.bytes().all(|byte| byte.is_ascii_graphic()) {
        return Err(BuildError::InvalidApiKey);
    }
    let mut value = HeaderValue::from_str(key).map_err(|_| BuildError::InvalidApiKey)?;
    value.set_sensitive(true);
    Ok(value)
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

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "bu_unit_test_secret_9c1f";

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
        assert_eq!(parse(DEFAULT_BASE_URL), DEFAULT_BASE_URL);
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
    fn from_env_values_need_a_key() {
        let missing = builder_from_env(None, None).unwrap_err();
        assert!(matches!(missing, BuildError::MissingApiKey));
        let empty = builder_from_env(Some("".into()), None).unwrap_err();
        assert!(matches!(empty, BuildError::MissingApiKey));
        let client = builder_from_env(Some(KEY.into()), Some("".into()))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(client.base_url(), DEFAULT_BASE_URL);
        let client = builder_from_env(Some(KEY.into()), Some("http://127.0.0.1:9/v2/".into()))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9/v2");
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
            let err = Client::builder().api_key(bad).build().unwrap_err();
            assert!(matches!(err, BuildError::InvalidApiKey), "{bad:?}: {err:?}");
        }
    }

    /// The outgoing reqwest request for a POST accepting `schemes`, built as `send` builds it.
    fn outgoing(client: &Client, schemes: &[Auth]) -> Result<reqwest::Request, InvalidRequest> {
        let request = Request::new(reqwest::Method::POST, "/skills")
            .auth(schemes)
            .json(&serde_json::json!({"goal": "g"}))?;
        let credential = client.credential(request.auth)?;
        let url = format!("{}{}", client.base_url, request.path);
        let builder = client.http_request(&request, &url, credential.as_ref());
        assert!(!format!("{request:?}").contains(KEY));
        Ok(builder.build().unwrap())
    }

    #[test]
    fn the_key_is_sensitive_in_the_outgoing_request() {
        let client = Client::builder().api_key(KEY).build().unwrap();
        let built = outgoing(&client, &[Auth::ApiKeyHeader("X-Browser-Use-API-Key")]).unwrap();
        assert_eq!(built.headers()["x-browser-use-api-key"], KEY);
        assert!(built.headers()["x-browser-use-api-key"].is_sensitive());
        assert!(built.headers().get(AUTHORIZATION).is_none());
        let url = "https://api.browser-use.com/api/v2/skills";
        assert_eq!(built.url().as_str(), url);
        for text in [format!("{built:?}"), format!("{client:?}")] {
            assert!(!text.contains(KEY), "{text}");
        }
    }

    #[test]
    fn the_first_supported_scheme_is_used() {
        let client = Client::builder().api_key(KEY).build().unwrap();
        let built = outgoing(&client, &[Auth::ApiKeyQuery("key"), Auth::Bearer]).unwrap();
        let bearer = &built.headers()[AUTHORIZATION];
        assert_eq!(bearer.to_str().unwrap(), format!("Bearer {KEY}"));
        assert!(bearer.is_sensitive());
        assert!(!built.url().as_str().contains(KEY));
        let built = outgoing(&client, &[]).unwrap();
        assert!(!format!("{:?}", built.headers()).contains(KEY));
    }

    #[test]
    fn unsupported_schemes_and_bad_names_are_errors_not_panics() {
        let client = Client::builder().api_key(KEY).build().unwrap();
        for schemes in [
            &[Auth::Basic, Auth::ApiKeyCookie("session")][..],
            &[Auth::ApiKeyQuery("k")],
        ] {
            let err = outgoing(&client, schemes).unwrap_err();
            assert_eq!(err.field(), "auth");
            assert!(err.to_string().contains("not supported"), "{err}");
        }
        let err = outgoing(&client, &[Auth::ApiKeyHeader("bad header")]).unwrap_err();
        assert!(err.to_string().contains("bad header"), "{err}");
    }
}
