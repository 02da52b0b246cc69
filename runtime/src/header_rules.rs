//! What a header or cookie a request sends may be: names that cannot frame or smuggle a
//! message, values without control characters.

use reqwest::header::{HeaderName, HeaderValue};

use crate::InvalidRequest;

/// A header parameter's name, refusing the headers that frame the message or the connection:
/// set by hand they could split or smuggle requests.
pub(crate) fn parameter_header_name(name: &str) -> Result<HeaderName, InvalidRequest> {
    const FRAMING: [&str; 7] = [
        "content-length",
        "transfer-encoding",
        "host",
        "connection",
        "upgrade",
        "te",
        "trailer",
    ];
    let invalid =
        || InvalidRequest::unencodable("header", format!("`{name}` is not a valid header name"));
    let parsed = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
    if FRAMING.contains(&parsed.as_str()) {
        let message = format!("`{name}` is set by the http client and cannot be a parameter");
        return Err(InvalidRequest::unencodable("header", message));
    }
    Ok(parsed)
}

/// `text` as the value of header `name`: control characters (CR and LF above all, which would
/// start a new header, but also NUL, tab and DEL) are refused.
pub(crate) fn header_value(name: &HeaderName, text: &str) -> Result<HeaderValue, InvalidRequest> {
    let refused = || {
        let message = format!("the value of header `{name}` contains a control character");
        InvalidRequest::unencodable("header", message)
    };
    if text.chars().any(char::is_control) {
        return Err(refused());
    }
    HeaderValue::from_str(text).map_err(|_| refused())
}

/// Checks a cookie name is an RFC 9110 token, so it cannot end the pair or the header.
pub(crate) fn check_cookie_name(name: &str) -> Result<(), InvalidRequest> {
    let is_tchar = |byte: u8| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte);
    if name.is_empty() || !name.bytes().all(is_tchar) {
        return Err(InvalidRequest::unencodable(
            "cookie",
            format!("`{name}` is not a valid cookie name"),
        ));
    }
    Ok(())
}

/// The `Cookie` header, sensitive when it carries a credential (`secret`).
pub(crate) fn cookie_header(text: &str, secret: bool) -> Result<HeaderValue, InvalidRequest> {
    // Names are tokens and values are encoded to cookie octets, so this cannot fail.
    let mut value = HeaderValue::from_str(text)
        .map_err(|_| InvalidRequest::unencodable("cookie", "not a valid cookie"))?;
    value.set_sensitive(secret);
    Ok(value)
}
