//! The request and response wrappers generated code builds and inspects, and the transport
//! failures one attempt can end in.
//!
//! A `Request` is encoded as it is built (path, query string, headers, cookies and body), so
//! every retry resends the same bytes and a value that cannot be sent is refused before anything
//! leaves the process. A `Response` holds the whole body, read under a size cap, so the generated
//! decoding is synchronous and a body cut off mid-way is reported as a transport failure, not as
//! bad JSON.

use std::borrow::Cow;
use std::fmt;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, COOKIE};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::auth::{key_text, Auth, Credential};
use super::encode::{cookie_encode, json_error, simple_parts, unencodable, Pairs};
use super::multipart::Multipart;
use super::tree::to_node;
use crate::{Error, InvalidRequest};

/// One operation call as the generated code describes it: method, path under the base URL, the
/// accepted security schemes, parameters and body, all already encoded.
pub struct Request {
    pub(crate) method: Method,
    path: String,
    pub(crate) auth: Vec<Auth>,
    query: Pairs,
    headers: HeaderMap,
    cookies: Vec<String>,
    content_type: Option<Cow<'static, str>>,
    pub(crate) body: Option<Vec<u8>>,
}

impl Request {
    /// Starts a request for `path` (beginning with `/`, its parameters already encoded by
    /// [`super::path_segment`]).
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            auth: Vec::new(),
            query: Pairs::default(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            content_type: None,
            body: None,
        }
    }

    /// The operation's security schemes, in order of preference; the client sends the
    /// credential of the first one it has a credential for. None means no credentials.
    pub fn auth(mut self, schemes: &[Auth]) -> Self {
        self.auth = schemes.to_vec();
        self
    }

    /// Adds a query parameter in `form` style with explode=true (OpenAPI's default): nothing
    /// for null, `name=v`, `name=a&name=b` for an array, `k1=v1&k2=v2` for an object.
    pub fn query<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
    ) -> Result<Self, InvalidRequest> {
        self.query.form_exploded(name, &to_node(value, "query")?);
        Ok(self)
    }

    /// Adds a query parameter in `form` style with explode=false: `name=a,b` for an array,
    /// `name=k1,v1,k2,v2` for an object.
    pub fn query_joined<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
    ) -> Result<Self, InvalidRequest> {
        self.query.form_joined(name, &to_node(value, "query")?);
        Ok(self)
    }

    /// Adds a query parameter in `deepObject` style: `name[k]=v` for each member of an object,
    /// nested objects as `name[a][b]=v`; a scalar or array as plain `form`.
    pub fn query_deep<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
    ) -> Result<Self, InvalidRequest> {
        self.query.deep_object(name, &to_node(value, "query")?);
        Ok(self)
    }

    /// Adds a header parameter (`simple` style): nothing for null, an array comma-joined. A name
    /// that is not a header name, or a value with a control character (which could start a
    /// header of its own), is refused.
    pub fn header<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
    ) -> Result<Self, InvalidRequest> {
        // The name is checked even for an absent value, so a bad one is found on every call.
        let name = parameter_header_name(name)?;
        let Some(parts) = simple_parts(&to_node(value, "header")?) else {
            return Ok(self);
        };
        let value = header_value(&name, &parts.join(","))?;
        self.headers.append(name, value);
        Ok(self)
    }

    /// Adds a cookie parameter to the `Cookie` header: nothing for null, an array
    /// comma-joined, the value percent-encoded where a cookie value cannot hold a character.
    pub fn cookie<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
    ) -> Result<Self, InvalidRequest> {
        check_cookie_name(name)?;
        let Some(parts) = simple_parts(&to_node(value, "cookie")?) else {
            return Ok(self);
        };
        self.cookies
            .push(format!("{name}={}", cookie_encode(&parts.join(","))));
        Ok(self)
    }

    /// Encodes `body` as the JSON request body.
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, InvalidRequest> {
        let bytes = serde_json::to_vec(body).map_err(|err| json_error("body", &err))?;
        Ok(self.with_body(bytes, "application/json"))
    }

    /// Encodes `body` (an object) as an `application/x-www-form-urlencoded` body, with the
    /// same pair rules as [`Request::query`].
    pub fn form<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, InvalidRequest> {
        let pairs = Pairs::form_body(&to_node(body, "body")?)?;
        let bytes = pairs.as_str().as_bytes().to_vec();
        Ok(self.with_body(bytes, "application/x-www-form-urlencoded"))
    }

    /// Sets a `multipart/form-data` body of `parts`.
    pub fn multipart(self, parts: Multipart) -> Self {
        let (content_type, bytes) = parts.encode();
        self.with_body(bytes, content_type)
    }

    /// Sets a `text/plain; charset=utf-8` body.
    pub fn text(self, body: &str) -> Self {
        self.with_body(body.as_bytes().to_vec(), "text/plain; charset=utf-8")
    }

    /// Sets an `application/octet-stream` body.
    pub fn bytes(self, body: &[u8]) -> Self {
        self.with_body(body.to_vec(), "application/octet-stream")
    }

    /// Asks for a response in `media` (the documented media types of the success responses)
    /// instead of the client's default, JSON. A value that is not a valid header is ignored:
    /// `Accept` is a preference, and the response's status still decides how it is read.
    pub fn accept(mut self, media: &'static str) -> Self {
        if let Ok(value) = reqwest::header::HeaderValue::from_str(media) {
            self.headers.insert(reqwest::header::ACCEPT, value);
        }
        self
    }

    /// Replaces the `Content-Type` the body method set with the media type the spec documents.
    /// An unusable media type is reported when the request is sent.
    pub fn content_type(mut self, media: &'static str) -> Self {
        self.content_type = Some(Cow::Borrowed(media));
        self
    }

    fn with_body(mut self, bytes: Vec<u8>, content_type: impl Into<Cow<'static, str>>) -> Self {
        self.body = Some(bytes);
        self.content_type = Some(content_type.into());
        self
    }

    /// The URL of the request under `base_url`, with the query string and, for a key sent as a
    /// query parameter, the key.
    pub(crate) fn url(
        &self,
        base_url: &str,
        credential: Option<&Credential>,
    ) -> Result<Url, InvalidRequest> {
        let mut query = self.query.clone();
        if let Some(Credential::Query(name, key)) = credential {
            query.push(name, key_text(key));
        }
        let mut url = format!("{base_url}{}", self.path);
        if !query.as_str().is_empty() {
            url.push('?');
            url.push_str(query.as_str());
        }
        // The parser's message never repeats the URL, which may hold the key.
        Url::parse(&url).map_err(|err| unencodable("path", format!("not a valid url: {err}")))
    }

    /// The headers of the request: parameters, cookies, `Content-Type` and the credential (which
    /// replaces a parameter of the same name).
    pub(crate) fn headers(
        &self,
        credential: Option<&Credential>,
    ) -> Result<HeaderMap, InvalidRequest> {
        let mut headers = self.headers.clone();
        if let Some(content_type) = &self.content_type {
            let value = HeaderValue::from_str(content_type).map_err(|_| {
                unencodable(
                    "body",
                    format!("`{content_type}` is not a valid media type"),
                )
            })?;
            headers.insert(CONTENT_TYPE, value);
        }
        let mut cookies = self.cookies.clone();
        if let Some(Credential::Cookie(name, key)) = credential {
            check_cookie_name(name)?;
            cookies.push(format!("{name}={}", cookie_encode(key_text(key))));
        }
        if !cookies.is_empty() {
            headers.insert(COOKIE, cookie_header(&cookies.join("; "), credential)?);
        }
        if let Some(Credential::Header(name, value)) = credential {
            headers.insert(name.clone(), value.clone());
        }
        Ok(headers)
    }
}

/// A header parameter's name, refusing the headers that frame the message or the connection:
/// set by hand they could split or smuggle requests.
fn parameter_header_name(name: &str) -> Result<HeaderName, InvalidRequest> {
    const FRAMING: [&str; 7] = [
        "content-length",
        "transfer-encoding",
        "host",
        "connection",
        "upgrade",
        "te",
        "trailer",
    ];
    let invalid = || unencodable("header", format!("`{name}` is not a valid header name"));
    let parsed = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
    if FRAMING.contains(&parsed.as_str()) {
        let message = format!("`{name}` is set by the http client and cannot be a parameter");
        return Err(unencodable("header", message));
    }
    Ok(parsed)
}

/// `text` as the value of header `name`: control characters (CR and LF above all, which would
/// start a new header, but also NUL, tab and DEL) are refused.
fn header_value(name: &HeaderName, text: &str) -> Result<HeaderValue, InvalidRequest> {
    let refused = || {
        let message = format!("the value of header `{name}` contains a control character");
        unencodable("header", message)
    };
    if text.chars().any(char::is_control) {
        return Err(refused());
    }
    HeaderValue::from_str(text).map_err(|_| refused())
}

/// Checks a cookie name is an RFC 9110 token, so it cannot end the pair or the header.
fn check_cookie_name(name: &str) -> Result<(), InvalidRequest> {
    let is_tchar = |byte: u8| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte);
    if name.is_empty() || !name.bytes().all(is_tchar) {
        return Err(unencodable(
            "cookie",
            format!("`{name}` is not a valid cookie name"),
        ));
    }
    Ok(())
}

/// The `Cookie` header, sensitive when it carries the API key.
fn cookie_header(
    text: &str,
    credential: Option<&Credential>,
) -> Result<HeaderValue, InvalidRequest> {
    // Names are tokens and values are encoded to cookie octets, so this cannot fail.
    let mut value =
        HeaderValue::from_str(text).map_err(|_| unencodable("cookie", "not a valid cookie"))?;
    value.set_sensitive(matches!(credential, Some(Credential::Cookie(..))));
    Ok(value)
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body is shown as text because a byte list is unreadable. Credentials are added
        // only when the request is sent, so none of this can hold one.
        let body = self.body.as_deref().map(String::from_utf8_lossy);
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("auth", &self.auth)
            .field("query", &self.query.as_str())
            .field("headers", &self.headers)
            .field("cookies", &self.cookies)
            .field("content_type", &self.content_type)
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

    /// The same failure without the request URL in its cause, for a request whose URL holds
    /// the API key (reqwest's errors print their URL).
    pub(crate) fn without_url(self) -> Self {
        match self {
            Self::Connect(err) => Self::Connect(err.without_url()),
            Self::Timeout(err) => Self::Timeout(err.without_url()),
            Self::Transport(err) => Self::Transport(err.without_url()),
            too_large @ Self::TooLarge { .. } => too_large,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path_segment;
    use serde_json::json;

    const BASE: &str = "http://127.0.0.1:9/api/v2";

    fn get(path: impl Into<String>) -> Request {
        Request::new(Method::GET, path)
    }

    fn url(request: &Request) -> String {
        request.url(BASE, None).unwrap().to_string()
    }

    fn header_text(request: &Request, name: &str) -> String {
        let headers = request.headers(None).unwrap();
        let values: Vec<&str> = headers
            .get_all(name)
            .iter()
            .map(|value| value.to_str().unwrap())
            .collect();
        values.join(" | ")
    }

    #[derive(Serialize)]
    struct Params {
        page_size: i64,
        session_id: Option<uuid::Uuid>,
        filter_by: Option<&'static str>,
        tags: Vec<&'static str>,
    }

    #[test]
    fn an_encoded_path_segment_reaches_the_url_unchanged() {
        let segment = path_segment("a/b%c d?é#").unwrap();
        assert_eq!(segment, "a%2Fb%25c%20d%3F%C3%A9%23");
        let request = get(format!("/files/{segment}/raw"));
        let url = request.url(BASE, None).unwrap();
        assert_eq!(url.path(), "/api/v2/files/a%2Fb%25c%20d%3F%C3%A9%23/raw");
        assert_eq!(url.query(), None);
        assert_eq!(url.fragment(), None);
    }

    #[test]
    fn dot_segments_are_resolved_even_when_encoded() {
        // Why `path_segment` refuses `.` and `..` rather than encoding them.
        for dots in ["..", "%2E%2E", ".%2e"] {
            let url = Url::parse(&format!("{BASE}/items/{dots}")).unwrap();
            assert_eq!(url.path(), "/api/v2/", "{dots}");
        }
    }

    #[test]
    fn query_parameters_follow_their_style_and_skip_nulls() {
        let params = Params {
            page_size: 10,
            session_id: None,
            filter_by: Some("finished & done"),
            tags: vec!["a", "b,c"],
        };
        let request = get("/tasks")
            .query("pageSize", &params.page_size)
            .unwrap()
            .query("sessionId", &params.session_id)
            .unwrap()
            .query("filterBy", &params.filter_by)
            .unwrap()
            .query("tag", &params.tags)
            .unwrap()
            .query_joined("tags", &params.tags)
            .unwrap()
            .query_deep("f", &json!({"a": {"b": 1}}))
            .unwrap();
        assert_eq!(
            url(&request),
            format!(
                "{BASE}/tasks?pageSize=10&filterBy=finished%20%26%20done&tag=a&tag=b%2Cc\
                 &tags=a,b%2Cc&f[a][b]=1"
            )
        );
        assert_eq!(
            url(&get("/tasks").query("x", &None::<u8>).unwrap()),
            format!("{BASE}/tasks")
        );
    }

    #[test]
    fn header_parameters_are_joined_and_refuse_injection() {
        let request = get("/")
            .header("X-Ids", &[1, 2, 3])
            .unwrap()
            .header("X-Absent", &None::<String>)
            .unwrap()
            .header("X-Flag", &true)
            .unwrap()
            .header("X-Text", &"é ok")
            .unwrap();
        assert_eq!(header_text(&request, "x-ids"), "1,2,3");
        assert_eq!(header_text(&request, "x-flag"), "true");
        assert_eq!(
            request.headers(None).unwrap()["x-text"].as_bytes(),
            "é ok".as_bytes()
        );
        assert!(request.headers(None).unwrap().get("x-absent").is_none());
        for bad in ["a\r\nX-Injected: 1", "a\nb", "nul\0", "tab\t", "del\u{7f}"] {
            let err = get("/").header("X-Trace", &bad).unwrap_err();
            assert_eq!(err.field(), "header");
            assert!(err.to_string().contains("`x-trace`"), "{err}");
        }
        for bad in ["bad header", "X-A\r\n", "", "Content-Length", "host"] {
            let err = get("/").header(bad, &"v").unwrap_err();
            assert_eq!(err.field(), "header", "{bad:?}");
            assert!(get("/").header(bad, &None::<u8>).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn cookies_share_one_header() {
        let request = get("/")
            .cookie("session", &"abc")
            .unwrap()
            .cookie("absent", &None::<u8>)
            .unwrap()
            .cookie("prefs", &["dark mode", "a;b"])
            .unwrap();
        assert_eq!(
            header_text(&request, "cookie"),
            "session=abc; prefs=dark%20mode%2Ca%3Bb"
        );
        assert!(!request.headers(None).unwrap()["cookie"].is_sensitive());
        assert_eq!(get("/").cookie("a b", &1).unwrap_err().field(), "cookie");
        assert!(get("/").headers(None).unwrap().get(COOKIE).is_none());
    }

    #[derive(Serialize)]
    struct Form {
        q: &'static str,
        n: Vec<u8>,
    }

    #[test]
    fn bodies_set_their_content_type_and_content_type_overrides_it() {
        let cases = [
            (
                get("/").json(&json!({"a": 1})).unwrap(),
                "application/json",
                &br#"{"a":1}"#[..],
            ),
            (
                get("/").text("héllo"),
                "text/plain; charset=utf-8",
                "héllo".as_bytes(),
            ),
            (
                get("/").bytes(&[0, 1, 255]),
                "application/octet-stream",
                &[0, 1, 255][..],
            ),
            (
                get("/")
                    .form(&Form {
                        q: "a b",
                        n: vec![1, 2],
                    })
                    .unwrap(),
                "application/x-www-form-urlencoded",
                b"q=a%20b&n=1&n=2",
            ),
        ];
        for (request, content_type, body) in cases {
            assert_eq!(header_text(&request, "content-type"), content_type);
            assert_eq!(request.body.as_deref(), Some(body));
        }
        let request = get("/").text("x").content_type("text/csv");
        assert_eq!(header_text(&request, "content-type"), "text/csv");
        let request = get("/")
            .json(&1)
            .unwrap()
            .content_type("application/merge-patch+json");
        assert_eq!(
            header_text(&request, "content-type"),
            "application/merge-patch+json"
        );
        let err = get("/")
            .bytes(b"x")
            .content_type("bad\ntype")
            .headers(None)
            .unwrap_err();
        assert_eq!(err.field(), "body");
        assert!(get("/").headers(None).unwrap().get(CONTENT_TYPE).is_none());
    }

    #[test]
    fn multipart_bodies_carry_their_boundary() {
        let request = get("/").multipart(Multipart::new().text("a", &"1").unwrap());
        let content_type = header_text(&request, "content-type");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let body = String::from_utf8(request.body.clone().unwrap()).unwrap();
        assert_eq!(
            body,
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n\
                 --{boundary}--\r\n"
            )
        );
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
