//! Paged list operations as one lazy stream of their items.
//!
//! A generated `_stream` method makes one call here: [`numbered`], [`offsets`], [`cursors`] or
//! [`links`], with a `fetch` closure that calls the operation for one page (the caller's
//! parameters, with the page position set when one is given) and a `split` closure that takes a
//! page apart into its items and what it says about the next one ([`Page`]). The walker owns the
//! "which page next" state and the stop rules, fetches one page at a time when the stream is
//! polled, yields the items in order, and after a failing page yields its error and ends.
//!
//! Stop rules: an empty page; a page shorter than the size asked for; `has_more: false`; a total
//! (of items or pages) reached; a missing, empty or already used cursor or next link (so a
//! server that repeats itself cannot make the stream loop). A `Link` header's next page is
//! followed only on the base URL's origin (scheme, host and port); a link anywhere else ends the
//! stream with an error before anything, credential included, is sent there.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use reqwest::header::{HeaderMap, LINK};
use reqwest::{Method, Url};

use crate::{Client, Error, InvalidRequest, Request, Response};

/// One page taken apart: its items and what it says about the pages after it.
#[derive(Debug)]
pub struct Page<T> {
    items: Vec<T>,
    cursor: Option<String>,
    has_more: Option<bool>,
    total_items: Option<u64>,
    total_pages: Option<u64>,
    next_link: Option<String>,
}

impl<T> Page<T> {
    /// A page of `items` that says nothing else.
    pub fn new(items: Vec<T>) -> Self {
        Self {
            items,
            cursor: None,
            has_more: None,
            total_items: None,
            total_pages: None,
            next_link: None,
        }
    }

    /// The cursor or token for the next page, as the response gives it.
    pub fn cursor(mut self, cursor: Option<String>) -> Self {
        self.cursor = cursor;
        self
    }

    /// Whether the response says more pages follow.
    pub fn has_more(mut self, has_more: Option<bool>) -> Self {
        self.has_more = has_more;
        self
    }

    /// The total number of items the response reports.
    pub fn total_items(mut self, total: Option<u64>) -> Self {
        self.total_items = total;
        self
    }

    /// The total number of pages the response reports.
    pub fn total_pages(mut self, total: Option<u64>) -> Self {
        self.total_pages = total;
        self
    }

    /// The next page's URL as the body gives it (`nextLink`), for [`links`]; a `Link` header's
    /// `rel="next"` takes precedence.
    pub fn next_link(mut self, link: Option<String>) -> Self {
        self.next_link = link;
        self
    }
}

/// What one page says, once its items are taken.
struct Seen {
    count: u64,
    cursor: Option<String>,
    has_more: Option<bool>,
    total_items: Option<u64>,
    total_pages: Option<u64>,
    next_link: Option<String>,
}

/// What comes after a page.
enum Next<P> {
    Fetch(P),
    Stop,
    /// The next page may not be fetched (a link off the API's origin): an error ends the stream.
    Refuse(String),
}

/// The "which page next" state of one paging style.
trait Rule: Unpin {
    /// What the fetch closure is given to ask for a page after the first.
    type Position;
    fn after(&mut self, page: Seen) -> Next<Self::Position>;
}

/// Page numbers (`page`, `pageNumber`): the number of the first page fetched, the API's first
/// page number (0 or 1, for a total of pages) and the page size asked for, when known.
#[derive(Clone, Copy, Debug)]
pub struct Numbers {
    /// The number of the first page the stream fetches (the caller's, or the API's first).
    pub first: u64,
    /// The number the API gives its first page.
    pub base: u64,
    /// The page size the requests ask for, when known.
    pub size: Option<u64>,
}

struct Numbered {
    at: u64,
    numbers: Numbers,
}

impl Rule for Numbered {
    type Position = u64;

    fn after(&mut self, page: Seen) -> Next<u64> {
        let size = self.numbers.size;
        let fetched_pages = self.at.saturating_sub(self.numbers.base) + 1;
        let through_items = size.map(|size| (fetched_pages - 1) * size + page.count);
        if ends(&page, size)
            || page.total_pages.is_some_and(|total| fetched_pages >= total)
            || page
                .total_items
                .zip(through_items)
                .is_some_and(|(total, through)| through >= total)
        {
            return Next::Stop;
        }
        self.at += 1;
        Next::Fetch(self.at)
    }
}

/// The stop rules every counted style shares: an empty page, a short page, `has_more: false`.
fn ends(page: &Seen, size: Option<u64>) -> bool {
    page.count == 0 || size.is_some_and(|size| page.count < size) || page.has_more == Some(false)
}

struct Offsets {
    at: u64,
    limit: Option<u64>,
}

impl Rule for Offsets {
    type Position = u64;

    fn after(&mut self, page: Seen) -> Next<u64> {
        let next = self.at.saturating_add(page.count);
        if ends(&page, self.limit) || page.total_items.is_some_and(|total| next >= total) {
            return Next::Stop;
        }
        self.at = next;
        Next::Fetch(next)
    }
}

struct Cursors {
    used: HashSet<String>,
}

impl Rule for Cursors {
    type Position = String;

    fn after(&mut self, page: Seen) -> Next<String> {
        match page.cursor {
            Some(cursor) if page.has_more != Some(false) && !cursor.is_empty() => {
                if self.used.insert(cursor.clone()) {
                    Next::Fetch(cursor)
                } else {
                    Next::Stop
                }
            }
            _ => Next::Stop,
        }
    }
}

struct Links {
    origin: Option<Url>,
    used: HashSet<String>,
}

impl Rule for Links {
    type Position = Url;

    fn after(&mut self, page: Seen) -> Next<Url> {
        let Some(link) = page.next_link else {
            return Next::Stop;
        };
        let Ok(url) = Url::parse(&link) else {
            return Next::Refuse("the next page link is not a valid url".into());
        };
        if self
            .origin
            .as_ref()
            .is_none_or(|origin| origin.origin() != url.origin())
        {
            let origin = url.origin().ascii_serialization();
            let message = format!("the next page link leaves the api's origin for {origin}");
            return Next::Refuse(message);
        }
        match self.used.insert(link) {
            true => Next::Fetch(url),
            false => Next::Stop,
        }
    }
}

/// The stream of a paged operation's items.
struct Pages<R: Rule, T, E, Pg, F, Fut, S> {
    rule: R,
    fetch: F,
    split: S,
    /// The page being fetched.
    pending: Option<Pin<Box<Fut>>>,
    ready: VecDeque<T>,
    /// What comes after the page whose items are in `ready`.
    next: Option<Next<R::Position>>,
    page: std::marker::PhantomData<fn() -> (Pg, E)>,
}

impl<R, T, E, Pg, F, Fut, S> Pages<R, T, E, Pg, F, Fut, S>
where
    R: Rule,
    F: FnMut(Option<R::Position>) -> Fut,
    Fut: Future<Output = Result<Pg, Error<E>>>,
    S: FnMut(Pg) -> Page<T>,
{
    fn new(rule: R, mut fetch: F, split: S) -> Self {
        // Futures do nothing until polled, so the first page is still fetched lazily.
        let first = Box::pin(fetch(None));
        Self {
            rule,
            fetch,
            split,
            pending: Some(first),
            ready: VecDeque::new(),
            next: None,
            page: std::marker::PhantomData,
        }
    }

    /// Takes a fetched page apart and works out what follows it.
    fn take(&mut self, page: Pg) {
        let page = (self.split)(page);
        let seen = Seen {
            count: page.items.len() as u64,
            cursor: page.cursor,
            has_more: page.has_more,
            total_items: page.total_items,
            total_pages: page.total_pages,
            next_link: page.next_link,
        };
        self.ready.extend(page.items);
        self.next = Some(self.rule.after(seen));
    }
}

// Nothing in a walker is ever pinned in place: the page future is boxed, the rest is moved
// freely, so the walker is `Unpin` whatever the item and position types are.
impl<R: Rule, T, E, Pg, F: Unpin, Fut, S: Unpin> Unpin for Pages<R, T, E, Pg, F, Fut, S> {}

impl<R, T, E, Pg, F, Fut, S> Stream for Pages<R, T, E, Pg, F, Fut, S>
where
    R: Rule,
    F: FnMut(Option<R::Position>) -> Fut + Unpin,
    Fut: Future<Output = Result<Pg, Error<E>>>,
    S: FnMut(Pg) -> Page<T> + Unpin,
{
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.ready.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(pending) = this.pending.as_mut() {
                let Poll::Ready(outcome) = pending.as_mut().poll(cx) else {
                    return Poll::Pending;
                };
                this.pending = None;
                match outcome {
                    Ok(page) => this.take(page),
                    Err(error) => return Poll::Ready(Some(Err(error))),
                }
                continue;
            }
            match this.next.take() {
                Some(Next::Fetch(position)) => {
                    this.pending = Some(Box::pin((this.fetch)(Some(position))));
                }
                Some(Next::Refuse(message)) => {
                    let refused =
                        Error::InvalidRequest(InvalidRequest::unencodable("link", message));
                    return Poll::Ready(Some(Err(refused)));
                }
                Some(Next::Stop) | None => return Poll::Ready(None),
            }
        }
    }
}

/// The items of a page-numbered operation. `fetch(None)` asks for the first page as the caller
/// asked for it, `fetch(Some(n))` for page `n`.
pub fn numbered<T, E, Pg, F, Fut, S>(
    numbers: Numbers,
    fetch: F,
    split: S,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(Option<u64>) -> Fut + Unpin,
    Fut: Future<Output = Result<Pg, Error<E>>>,
    S: FnMut(Pg) -> Page<T> + Unpin,
{
    let rule = Numbered {
        at: numbers.first,
        numbers,
    };
    Pages::new(rule, fetch, split)
}

/// The items of an offset-and-limit operation: `first` is the offset of the first request and
/// `limit` the page size asked for, when known. `fetch(Some(offset))` asks for the page at
/// `offset`, which advances by the number of items each page held.
pub fn offsets<T, E, Pg, F, Fut, S>(
    first: u64,
    limit: Option<u64>,
    fetch: F,
    split: S,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(Option<u64>) -> Fut + Unpin,
    Fut: Future<Output = Result<Pg, Error<E>>>,
    S: FnMut(Pg) -> Page<T> + Unpin,
{
    Pages::new(Offsets { at: first, limit }, fetch, split)
}

/// The items of a cursor- or token-paged operation: `fetch(Some(cursor))` asks for the page
/// after the one that gave `cursor` ([`Page::cursor`]).
pub fn cursors<T, E, Pg, F, Fut, S>(fetch: F, split: S) -> impl Stream<Item = Result<T, Error<E>>>
where
    F: FnMut(Option<String>) -> Fut + Unpin,
    Fut: Future<Output = Result<Pg, Error<E>>>,
    S: FnMut(Pg) -> Page<T> + Unpin,
{
    let rule = Cursors {
        used: HashSet::new(),
    };
    Pages::new(rule, fetch, split)
}

/// The items of an operation paged by next-page links: a `Link` header's `rel="next"` (RFC
/// 8288) or, without one, the link `split` puts in [`Page::next_link`] (a body field). `build`
/// gives the first page's request (called at once; its error is the stream's one item), `decode` the operation's decoding of a response; each link, resolved
/// against the URL of its page, is fetched on the base URL's origin only, with a GET carrying the
/// same credential and retries. Header parameters of the first request are not repeated: the link
/// is the whole next request.
pub fn links<T, E, Pg, B, D, S>(
    client: &Client,
    build: B,
    decode: D,
    mut split: S,
) -> impl Stream<Item = Result<T, Error<E>>>
where
    B: FnOnce() -> Result<Request, Error<E>>,
    D: Fn(Response) -> Result<Pg, Error<E>> + Copy + Unpin,
    S: FnMut(Pg) -> Page<T> + Unpin,
{
    // The first request is built now; a request that cannot be built is the first item (boxed:
    // the walker stays `Unpin` whatever the error type).
    let request = build().map_err(Box::new);
    // A built client's base URL always parses; were it not to, every link is refused.
    let origin = Url::parse(client.base_url()).ok();
    let (first_url, security) = match &request {
        Ok(request) => (
            request.url(client.base_url(), &[]).ok(),
            request.security.clone(),
        ),
        Err(_) => (None, Vec::new()),
    };
    let key_in_query = client.sends_key_in_query(&security);
    let at_origin = origin.as_ref().map(|origin| {
        let mut at_origin = client.clone();
        at_origin.base_url = origin.origin().ascii_serialization();
        at_origin
    });
    let (base, mut first) = (client.clone(), Some(request));
    let fetch = move |next: Option<Url>| {
        let step = match next {
            Some(url) => at_origin.clone().map(|client| {
                (
                    client,
                    next_request(&url, &security, key_in_query).map_err(Error::from),
                    Some(url),
                )
            }),
            None => first.take().map(|request| {
                (
                    base.clone(),
                    request.map_err(|error| *error),
                    first_url.clone(),
                )
            }),
        };
        page_with_link(step, decode)
    };
    let split = move |(page, header, at): (Pg, Option<String>, Option<Url>)| {
        let mut page = split(page);
        let in_body = page
            .next_link
            .take()
            .and_then(|link| resolve(at.as_ref(), &link));
        page.next_link = header.or(in_body);
        page
    };
    let rule = Links {
        origin,
        used: HashSet::new(),
    };
    Pages::new(rule, fetch, split)
}

/// What fetches one page of a link-paged operation: the client (at the base URL or its
/// origin), the request and the URL it asks for.
type Step<E> = (Client, Result<Request, Error<E>>, Option<Url>);

/// One page of a link-paged operation: the request sent through `client`, the response decoded,
/// its `rel="next"` link resolved against the URL it was fetched from, and that URL.
async fn page_with_link<Pg, E, D>(
    step: Option<Step<E>>,
    decode: D,
) -> Result<(Pg, Option<String>, Option<Url>), Error<E>>
where
    D: Fn(Response) -> Result<Pg, Error<E>>,
{
    // Only a page after the first can lack a request, and the walker never asks for one twice.
    let (client, request, at) = step
        .ok_or_else(|| InvalidRequest::unencodable("link", "the next page cannot be requested"))?;
    let response = client.send(request?).await?;
    let link = at.as_ref().and_then(|at| next_link(response.headers(), at));
    Ok((decode(response)?, link, at))
}

/// `link` resolved against `at` (an absolute link stays as it is).
fn resolve(at: Option<&Url>, link: &str) -> Option<String> {
    let resolved = match at {
        Some(at) => at.join(link),
        None => Url::parse(link),
    };
    resolved.ok().map(String::from)
}

/// The GET request for the next page link `url`, under the first request's `security`. Its
/// query is kept byte for byte, unless a credential may be a query parameter
/// (`key_in_query`): then its pairs are re-encoded beside the key.
fn next_request(
    url: &Url,
    security: &[Vec<&'static str>],
    key_in_query: bool,
) -> Result<Request, InvalidRequest> {
    let mut request = match (url.query(), key_in_query) {
        (Some(query), false) => Request::new(Method::GET, format!("{}?{query}", url.path())),
        _ => Request::new(Method::GET, url.path()),
    };
    if key_in_query {
        for (name, value) in url.query_pairs() {
            request = request.query(&name, &value)?;
        }
    }
    request.security = security.to_vec();
    Ok(request)
}

/// The absolute URL of the `rel="next"` link among `headers`' `Link` values, resolved against
/// `at`, the URL of the response.
fn next_link(headers: &HeaderMap, at: &Url) -> Option<String> {
    let values = headers.get_all(LINK).into_iter();
    let mut links = values
        .filter_map(|value| value.to_str().ok())
        .flat_map(parse_link_header);
    let next = links.find(|link| link.has_rel("next"))?;
    resolve(Some(at), &next.target)
}

/// One link of a `Link` header: its target and its parameters (names lower-cased).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The target URI reference, as written between `<` and `>`.
    pub target: String,
    /// The parameters, such as `("rel", "next")`, in order.
    pub params: Vec<(String, String)>,
}

impl Link {
    /// Whether the link's `rel` (a space-separated list, compared ignoring case) holds `rel`.
    pub fn has_rel(&self, rel: &str) -> bool {
        self.params
            .iter()
            .filter(|(name, _)| name == "rel")
            .flat_map(|(_, value)| value.split_ascii_whitespace())
            .any(|value| value.eq_ignore_ascii_case(rel))
    }
}

/// Parses a `Link` header value (RFC 8288): `<uri>; name=token; name="quoted", <uri2>; ...`.
/// A malformed link is skipped up to the next comma outside quotes, so one bad link does not
/// hide the others.
pub fn parse_link_header(value: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        if rest.is_empty() {
            return links;
        }
        match parse_link(rest) {
            Some((link, tail)) => {
                links.push(link);
                rest = tail;
            }
            None => rest = skip_link(rest),
        }
    }
}

/// One link at the start of `text`, and the text after it.
fn parse_link(text: &str) -> Option<(Link, &str)> {
    let (target, mut rest) = text.strip_prefix('<')?.split_once('>')?;
    let mut params = Vec::new();
    loop {
        rest = rest.trim_start();
        let Some(param) = rest.strip_prefix(';') else {
            break;
        };
        let param = param.trim_start();
        let name_end = param
            .find(|c: char| c == '=' || c == ';' || c == ',' || c.is_ascii_whitespace())
            .unwrap_or(param.len());
        let (name, after) = param.split_at(name_end);
        let after = after.trim_start();
        let (value, tail) = match after.strip_prefix('=') {
            Some(value) => param_value(value.trim_start())?,
            None => (String::new(), after),
        };
        params.push((name.to_ascii_lowercase(), value));
        rest = tail;
    }
    if !(rest.is_empty() || rest.starts_with(',')) {
        return None;
    }
    let target = target.trim().to_owned();
    Some((Link { target, params }, rest))
}

/// A parameter value (a token or a quoted string with `\` escapes) and the text after it.
fn param_value(text: &str) -> Option<(String, &str)> {
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text.find([';', ',']).unwrap_or(text.len());
        let (token, tail) = text.split_at(end);
        return Some((token.trim_end().to_owned(), tail));
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((index, c)) = chars.next() {
        match c {
            '"' => return Some((value, quoted.get(index + 1..)?)),
            '\\' => value.push(chars.next()?.1),
            c => value.push(c),
        }
    }
    None
}

/// The text after the malformed link at the start of `text`: past the next comma that is not
/// inside `<...>` or quotes.
fn skip_link(text: &str) -> &str {
    let (mut in_quotes, mut in_target, mut escaped) = (false, false, false);
    for (index, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_quotes => escaped = true,
            '"' if !in_target => in_quotes = !in_quotes,
            '<' if !in_quotes => in_target = true,
            '>' if !in_quotes => in_target = false,
            ',' if !in_quotes && !in_target => return text.get(index + 1..).unwrap_or_default(),
            _ => {}
        }
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(target: &str, params: &[(&str, &str)]) -> Link {
        let params = params
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        Link {
            target: target.into(),
            params,
        }
    }

    #[test]
    fn link_headers_parse_as_rfc_8288_writes_them() {
        let value = r#"<https://api.example.com/items?page=2>; rel="next", <https://api.example.com/items?page=9>; rel=last"#;
        assert_eq!(
            parse_link_header(value),
            vec![
                link("https://api.example.com/items?page=2", &[("rel", "next")]),
                link("https://api.example.com/items?page=9", &[("rel", "last")]),
            ]
        );
        let value = r#"</a,b>;REL="prev next"; title="x\"; y, z";anchor , <c>"#;
        let links = parse_link_header(value);
        assert_eq!(
            links,
            vec![
                link(
                    "/a,b",
                    &[("rel", "prev next"), ("title", "x\"; y, z"), ("anchor", "")]
                ),
                link("c", &[]),
            ]
        );
        assert!(links[0].has_rel("NEXT") && links[0].has_rel("prev"));
        assert!(!links[1].has_rel("next"));
    }

    #[test]
    fn a_malformed_link_is_skipped_and_the_others_kept() {
        let value = r#"no-brackets; rel=next, <x>; rel="unterminated, <ok>; rel=next"#;
        // The unterminated quote swallows the rest of the header, as a strict reader would.
        assert_eq!(parse_link_header(value), vec![]);
        let value = r#"junk "a,b", <ok>; rel=next"#;
        assert_eq!(
            parse_link_header(value),
            vec![link("ok", &[("rel", "next")])]
        );
        assert_eq!(parse_link_header(""), vec![]);
        assert_eq!(parse_link_header("<only"), vec![]);
    }

    #[test]
    fn a_next_link_resolves_against_the_response_url() {
        let at = Url::parse("https://api.example.com/v1/items?page=1").unwrap();
        let mut headers = HeaderMap::new();
        headers.append(
            LINK,
            "<https://api.example.com/v1/items?page=3>; rel=last"
                .parse()
                .unwrap(),
        );
        headers.append(LINK, "<items?page=2>; rel=\"next\"".parse().unwrap());
        assert_eq!(
            next_link(&headers, &at).as_deref(),
            Some("https://api.example.com/v1/items?page=2")
        );
        assert_eq!(next_link(&HeaderMap::new(), &at), None);
    }

    #[test]
    fn a_next_request_keeps_the_query_unless_a_key_may_join_it() {
        let url = Url::parse("https://h.example/v1/items?after=a%2Bb+c&x=1").unwrap();
        let security = [vec!["bearer"]];
        let request = next_request(&url, &security, false).unwrap();
        assert_eq!(request.security, security);
        let sent = request.url("https://h.example", &[]).unwrap();
        assert_eq!(
            sent.as_str(),
            "https://h.example/v1/items?after=a%2Bb+c&x=1"
        );
        let request = next_request(&url, &[vec!["key"]], true).unwrap();
        let sent = request.url("https://h.example", &[]).unwrap();
        assert_eq!(
            sent.as_str(),
            "https://h.example/v1/items?after=a%2Bb%20c&x=1"
        );
    }

    fn seen(count: u64) -> Seen {
        Seen {
            count,
            cursor: None,
            has_more: None,
            total_items: None,
            total_pages: None,
            next_link: None,
        }
    }

    fn fetches<P>(next: Next<P>) -> Option<P> {
        match next {
            Next::Fetch(position) => Some(position),
            Next::Stop | Next::Refuse(_) => None,
        }
    }

    #[test]
    fn page_numbers_stop_on_empty_short_or_counted_out_pages() {
        let numbers = Numbers {
            first: 1,
            base: 1,
            size: Some(10),
        };
        let mut rule = Numbered { at: 1, numbers };
        assert_eq!(fetches(rule.after(seen(10))), Some(2));
        assert_eq!(fetches(rule.after(seen(9))), None);
        let mut rule = Numbered { at: 1, numbers };
        let total = Seen {
            total_items: Some(20),
            ..seen(10)
        };
        assert_eq!(fetches(rule.after(total)), Some(2));
        let total = Seen {
            total_items: Some(20),
            ..seen(10)
        };
        assert_eq!(fetches(rule.after(total)), None);
        let zero_based = Numbers {
            first: 0,
            base: 0,
            size: None,
        };
        let mut rule = Numbered {
            at: 0,
            numbers: zero_based,
        };
        let pages = |count| Seen {
            total_pages: Some(2),
            ..seen(count)
        };
        assert_eq!(fetches(rule.after(pages(3))), Some(1));
        assert_eq!(fetches(rule.after(pages(3))), None);
        let mut rule = Numbered {
            at: 0,
            numbers: zero_based,
        };
        assert_eq!(fetches(rule.after(seen(0))), None);
    }

    #[test]
    fn offsets_advance_by_the_items_received() {
        let mut rule = Offsets { at: 5, limit: None };
        assert_eq!(fetches(rule.after(seen(3))), Some(8));
        let last = Seen {
            has_more: Some(false),
            ..seen(3)
        };
        assert_eq!(fetches(rule.after(last)), None);
    }

    #[test]
    fn cursors_stop_when_missing_empty_repeated_or_done() {
        let mut rule = Cursors {
            used: HashSet::new(),
        };
        let with = |cursor: Option<&str>, has_more| Seen {
            cursor: cursor.map(Into::into),
            has_more,
            ..seen(1)
        };
        assert_eq!(fetches(rule.after(with(Some("a"), None))), Some("a".into()));
        assert_eq!(
            fetches(rule.after(with(Some("b"), Some(true)))),
            Some("b".into())
        );
        assert_eq!(fetches(rule.after(with(Some("a"), None))), None);
        assert_eq!(fetches(rule.after(with(Some(""), None))), None);
        assert_eq!(fetches(rule.after(with(None, Some(true)))), None);
        assert_eq!(fetches(rule.after(with(Some("c"), Some(false)))), None);
    }
}

/// A field of a parameters struct or a response that holds a page position, a count or a flag:
/// generated `_stream` methods read (`peek`) and set (`put`) them through this, whatever the
/// integer width and whether the field is an `Option`.
#[doc(hidden)]
pub trait Slot {
    /// What the field holds, as the walker uses it.
    type Position;
    /// Sets the field.
    fn put(&mut self, position: Self::Position);
    /// The field's value, when it has one that fits.
    fn peek(&self) -> Option<Self::Position>;
}

macro_rules! integer_slots {
    ($($ty:ty),*) => {$(
        impl Slot for $ty {
            type Position = u64;
            fn put(&mut self, position: u64) {
                *self = <$ty>::try_from(position).unwrap_or(<$ty>::MAX);
            }
            fn peek(&self) -> Option<u64> {
                u64::try_from(*self).ok()
            }
        }
    )*};
}

integer_slots!(i32, i64, u32, u64);

impl Slot for String {
    type Position = String;
    fn put(&mut self, position: String) {
        *self = position;
    }
    fn peek(&self) -> Option<String> {
        Some(self.clone())
    }
}

impl Slot for bool {
    type Position = bool;
    fn put(&mut self, position: bool) {
        *self = position;
    }
    fn peek(&self) -> Option<bool> {
        Some(*self)
    }
}

impl<T: Slot + Default> Slot for Option<T> {
    type Position = T::Position;
    fn put(&mut self, position: T::Position) {
        self.get_or_insert_with(T::default).put(position);
    }
    fn peek(&self) -> Option<T::Position> {
        self.as_ref().and_then(T::peek)
    }
}
