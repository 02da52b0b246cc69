//! The request generated code builds: one operation call, encoded as it is built (path, query
//! string, headers, cookies and body), so every retry resends the same bytes and a value that
//! cannot be sent is refused before anything leaves the process.

use std::borrow::Cow;
use std::fmt;

use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, COOKIE};
use reqwest::{Method, Url};
use serde::Serialize;

use crate::auth::{key_text, Credential};
use crate::encode::{cookie_encode, simple_parts, Pairs};
use crate::header_rules::{check_cookie_name, cookie_header, header_value, parameter_header_name};
use crate::multipart::Multipart;
use crate::tree::to_node;
use crate::InvalidRequest;

/// One operation call as the generated code describes it: method, path under the base URL, the
/// security it accepts, parameters and body, all already encoded.
pub struct Request {
    pub(crate) method: Method,
    path: String,
    pub(crate) security: Vec<Vec<&'static str>>,
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
            security: Vec::new(),
            query: Pairs::default(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            content_type: None,
            body: None,
        }
    }

    /// The operation's security: alternatives in order of preference, each the names of the
    /// schemes (as the [`crate::ApiInfo`] lists them) that must all be sent; an empty
    /// alternative makes credentials optional. The client sends the first alternative it holds
    /// every credential for. No alternatives means no credentials.
    pub fn security(mut self, alternatives: &[&[&'static str]]) -> Self {
        self.security = alternatives.iter().map(|names| names.to_vec()).collect();
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
        let bytes = serde_json::to_vec(body).map_err(|err| InvalidRequest::json("body", &err))?;
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

    /// The URL of the request under `base_url`, with the query string and, for keys sent as
    /// query parameters, the keys.
    pub(crate) fn url(
        &self,
        base_url: &str,
        credentials: &[Credential],
    ) -> Result<Url, InvalidRequest> {
        let mut query = self.query.clone();
        for credential in credentials {
            if let Credential::Query(name, key) = credential {
                query.push(name, key_text(key));
            }
        }
        let mut url = format!("{base_url}{}", self.path);
        if !query.as_str().is_empty() {
            url.push('?');
            url.push_str(query.as_str());
        }
        // The parser's message never repeats the URL, which may hold the key.
        Url::parse(&url)
            .map_err(|err| InvalidRequest::unencodable("path", format!("not a valid url: {err}")))
    }

    /// The headers of the request: parameters, cookies, `Content-Type` and the credentials
    /// (which replace a parameter of the same name).
    pub(crate) fn headers(&self, credentials: &[Credential]) -> Result<HeaderMap, InvalidRequest> {
        let mut headers = self.headers.clone();
        if let Some(content_type) = &self.content_type {
            let value = HeaderValue::from_str(content_type).map_err(|_| {
                InvalidRequest::unencodable(
                    "body",
                    format!("`{content_type}` is not a valid media type"),
                )
            })?;
            headers.insert(CONTENT_TYPE, value);
        }
        let mut cookies = self.cookies.clone();
        let mut secret_cookie = false;
        for credential in credentials {
            match credential {
                Credential::Cookie(name, key) => {
                    check_cookie_name(name)?;
                    cookies.push(format!("{name}={}", cookie_encode(key_text(key))));
                    secret_cookie = true;
                }
                Credential::Header(name, value) => {
                    headers.insert(name.clone(), value.clone());
                }
                Credential::Query(..) => {}
            }
        }
        if !cookies.is_empty() {
            headers.insert(COOKIE, cookie_header(&cookies.join("; "), secret_cookie)?);
        }
        Ok(headers)
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The body is shown as text because a byte list is unreadable. Credentials are added
        // only when the request is sent, so none of this can hold one.
        let body = self.body.as_deref().map(String::from_utf8_lossy);
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("security", &self.security)
            .field("query", &self.query.as_str())
            .field("headers", &self.headers)
            .field("cookies", &self.cookies)
            .field("content_type", &self.content_type)
            .field("body", &body)
            .finish()
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
        request.url(BASE, &[]).unwrap().to_string()
    }

    fn header_text(request: &Request, name: &str) -> String {
        let headers = request.headers(&[]).unwrap();
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
        let url = request.url(BASE, &[]).unwrap();
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
            request.headers(&[]).unwrap()["x-text"].as_bytes(),
            "é ok".as_bytes()
        );
        assert!(request.headers(&[]).unwrap().get("x-absent").is_none());
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
        assert!(!request.headers(&[]).unwrap()["cookie"].is_sensitive());
        assert_eq!(get("/").cookie("a b", &1).unwrap_err().field(), "cookie");
        assert!(get("/").headers(&[]).unwrap().get(COOKIE).is_none());
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
            .headers(&[])
            .unwrap_err();
        assert_eq!(err.field(), "body");
        assert!(get("/").headers(&[]).unwrap().get(CONTENT_TYPE).is_none());
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
}
