//! Pages and streamed responses against a real HTTP/1.1 server on 127.0.0.1: every paging
//! style and stop rule, a failing middle page, a next link off the API's origin; server-sent
//! events with every line end, comments, multi-line data, `[DONE]`, a typed error before the
//! stream, a connection cut inside an event, an event seen before the server has finished; JSON
//! lines split inside a line; the per-event cap.

#![allow(
    clippy::result_large_err,
    reason = "the helpers return the client's error type, as generated operations do"
)]

use std::future::poll_fn;
use std::net::SocketAddr;
use std::pin::{pin, Pin};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use openapi_rust_runtime::paging::{self, Numbers, Page};
use openapi_rust_runtime::stream::Event;
use openapi_rust_runtime::{
    ApiInfo, Auth, Client, ClientBuilder, Error, Method, Request, Response, Scheme, Stream,
};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

const TOKEN: &str = "stream_test_token_81c2";

const API: ApiInfo = ApiInfo::new("stream-test/1.0", "STREAM_TEST_BASE_URL")
    .schemes(&[Scheme::new("bearer", Auth::Bearer, "bearer_token")]);

/// What the server does for one request, in order.
#[derive(Clone)]
enum Act {
    Write(Vec<u8>),
    /// Waits until the test says so.
    Wait(Arc<Notify>),
    /// Drops the connection without ending the body.
    Cut,
}

/// One request as the server read it: the request target and the `Authorization` header.
#[derive(Clone, Debug)]
struct Seen {
    target: String,
    authorization: Option<String>,
    accept: Option<String>,
}

type Handler = Arc<dyn Fn(&str) -> Vec<Act> + Send + Sync>;

struct Server {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    async fn start(handler: impl Fn(&str) -> Vec<Act> + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let recorded = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&handler), Arc::clone(&recorded)));
            }
        });
        Server { addr, seen }
    }

    fn url(&self) -> String {
        format!("http://{}/api", self.addr)
    }

    fn targets(&self) -> Vec<String> {
        let seen = self.seen.lock().unwrap();
        seen.iter().map(|seen| seen.target.clone()).collect()
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn serve(mut stream: TcpStream, handler: Handler, seen: Arc<Mutex<Vec<Seen>>>) {
    let mut buffer = Vec::new();
    while !buffer.windows(4).any(|window| window == b"\r\n\r\n") {
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
        }
    }
    let head = String::from_utf8_lossy(&buffer).into_owned();
    let target = head.split(' ').nth(1).unwrap_or_default().to_owned();
    let header = |name: &str| {
        head.lines()
            .filter_map(|line| line.split_once(": "))
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.to_owned())
    };
    seen.lock().unwrap().push(Seen {
        target: target.clone(),
        authorization: header("authorization"),
        accept: header("accept"),
    });
    for act in handler(&target) {
        match act {
            Act::Write(bytes) => {
                let _ = stream.write_all(&bytes).await;
                let _ = stream.flush().await;
                // A pause so the client reads each write on its own.
                tokio::time::sleep(Duration::from_millis(3)).await;
            }
            Act::Wait(notify) => notify.notified().await,
            Act::Cut => return,
        }
    }
    let _ = stream.shutdown().await;
}

fn whole(status: u16, headers: &[(&str, &str)], body: &str) -> Act {
    let mut head = format!(
        "HTTP/1.1 {status} S\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    Act::Write(format!("{head}\r\n{body}").into_bytes())
}

fn json_reply(body: &Value) -> Vec<Act> {
    let headers = [("Content-Type", "application/json")];
    vec![whole(200, &headers, &body.to_string())]
}

/// The head of a chunked streamed response.
fn stream_head(content_type: &str) -> Act {
    Act::Write(
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\
             Connection: close\r\n\r\n"
        )
        .into_bytes(),
    )
}

fn chunk(bytes: &[u8]) -> Act {
    let mut framed = format!("{:x}\r\n", bytes.len()).into_bytes();
    framed.extend_from_slice(bytes);
    framed.extend_from_slice(b"\r\n");
    Act::Write(framed)
}

fn last_chunk() -> Act {
    Act::Write(b"0\r\n\r\n".to_vec())
}

fn client(server: &Server) -> Client {
    ClientBuilder::new(API)
        .base_url(server.url())
        .bearer_token(TOKEN)
        .max_retries(0)
        .build()
        .unwrap()
}

/// The query parameter `name` of a request target.
fn query<'t>(target: &'t str, name: &str) -> Option<&'t str> {
    let (_, query) = target.split_once('?')?;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

async fn next<S: Stream + ?Sized>(stream: &mut Pin<&mut S>) -> Option<S::Item> {
    let read = poll_fn(|cx| stream.as_mut().poll_next(cx));
    tokio::time::timeout(Duration::from_secs(5), read)
        .await
        .expect("the stream answers within 5 s")
}

async fn collect<S: Stream>(stream: S) -> Vec<S::Item> {
    let mut stream = pin!(stream);
    let mut items = Vec::new();
    while let Some(item) = next(&mut stream).await {
        items.push(item);
    }
    items
}

type Outcome<T> = Result<T, Error<Value>>;

/// What a generated operation does with a response: JSON on 200, the error body otherwise.
fn decode(response: Response) -> Outcome<Value> {
    match response.status() {
        200 => response.json(),
        400..=499 => Err(response.api_error(|body: Value| body)),
        _ => Err(response.unexpected_status()),
    }
}

/// One page of GET /items with the given query pairs.
async fn get_items(client: Client, pairs: Vec<(&'static str, String)>) -> Outcome<Value> {
    let mut request = Request::new(Method::GET, "/items").security(&[&["bearer"]]);
    for (name, value) in &pairs {
        request = request.query(name, value).unwrap();
    }
    decode(client.send(request).await?)
}

fn values(list: &Value) -> Vec<u64> {
    let list = list.as_array().cloned().unwrap_or_default();
    list.iter().filter_map(Value::as_u64).collect()
}

fn oks(items: Vec<Outcome<u64>>) -> Vec<u64> {
    items.into_iter().map(Result::unwrap).collect()
}

/// A server holding items 1..=total, paged by `page` (1-based) and `per_page`.
async fn numbered_server(total: u64, with_total: bool) -> Server {
    Server::start(move |target| {
        let page: u64 = query(target, "page").map_or(1, |page| page.parse().unwrap());
        let size: u64 = query(target, "per_page").map_or(10, |size| size.parse().unwrap());
        let items: Vec<u64> = ((page - 1) * size + 1..=(page * size).min(total)).collect();
        let mut body = json!({ "data": items });
        if with_total {
            body["totalItems"] = json!(total);
        }
        json_reply(&body)
    })
    .await
}

fn numbered_stream(
    client: &Client,
    size: Option<u64>,
) -> impl Stream<Item = Outcome<u64>> + use<'_> {
    let numbers = Numbers {
        first: 1,
        base: 1,
        size,
    };
    let fetch = move |page: Option<u64>| {
        let mut pairs = vec![("q", "x y".to_owned())];
        pairs.extend(size.map(|size| ("per_page", size.to_string())));
        pairs.extend(page.map(|page| ("page", page.to_string())));
        get_items(client.clone(), pairs)
    };
    let split = |page: Value| {
        let total = page["totalItems"].as_u64();
        Page::new(values(&page["data"])).total_items(total)
    };
    paging::numbered(numbers, fetch, split)
}

#[tokio::test]
async fn page_numbers_stop_on_a_short_page_and_keep_the_other_parameters() {
    let server = numbered_server(5, false).await;
    let client = client(&server);
    let items = collect(numbered_stream(&client, Some(2))).await;
    assert_eq!(oks(items), [1, 2, 3, 4, 5]);
    assert_eq!(
        server.targets(),
        [
            "/api/items?q=x%20y&per_page=2",
            "/api/items?q=x%20y&per_page=2&page=2",
            "/api/items?q=x%20y&per_page=2&page=3",
        ]
    );
    let all_authorized = server
        .seen()
        .iter()
        .all(|seen| seen.authorization.as_deref() == Some(&format!("Bearer {TOKEN}")));
    assert!(all_authorized);
}

#[tokio::test]
async fn page_numbers_stop_on_an_empty_page_or_the_total() {
    let server = numbered_server(4, false).await;
    let items = collect(numbered_stream(&client(&server), None)).await;
    // No size is known: pages of 10 hold everything, then an empty page ends it.
    assert_eq!(oks(items), [1, 2, 3, 4]);
    assert_eq!(server.targets().len(), 2);
    let server = numbered_server(4, true).await;
    let items = collect(numbered_stream(&client(&server), Some(2))).await;
    assert_eq!(oks(items), [1, 2, 3, 4]);
    // The total says page 2 was the last: no third request.
    assert_eq!(server.targets().len(), 2);
}

#[tokio::test]
async fn nothing_is_fetched_until_the_stream_is_polled() {
    let server = numbered_server(4, false).await;
    let client = client(&server);
    let stream = numbered_stream(&client, Some(2));
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(server.targets().is_empty());
    let mut stream = pin!(stream);
    assert_eq!(next(&mut stream).await.unwrap().unwrap(), 1);
    assert_eq!(next(&mut stream).await.unwrap().unwrap(), 2);
    assert_eq!(server.targets().len(), 1);
}

#[tokio::test]
async fn a_failing_middle_page_yields_its_error_and_ends() {
    let server = Server::start(|target| match query(target, "page") {
        Some("2") => vec![whole(500, &[], "down")],
        _ => json_reply(&json!({"data": [1, 2]})),
    })
    .await;
    let items = collect(numbered_stream(&client(&server), Some(2))).await;
    assert_eq!(items.len(), 3);
    assert_eq!(*items[1].as_ref().unwrap(), 2);
    let Err(Error::UnexpectedStatus { status, body, .. }) = &items[2] else {
        panic!("expected the page's error, got {:?}", items[2]);
    };
    assert_eq!((*status, body.as_str()), (500, "down"));
    assert_eq!(server.targets().len(), 2);
}

/// Cursor pages: `after` feeds the response's `next_cursor`, with `has_more` beside it.
fn cursor_stream(client: &Client) -> impl Stream<Item = Outcome<u64>> + use<'_> {
    let fetch = move |cursor: Option<String>| {
        let pairs = cursor.map(|cursor| ("after", cursor)).into_iter().collect();
        get_items(client.clone(), pairs)
    };
    let split = |page: Value| {
        let cursor = page["next_cursor"].as_str().map(str::to_owned);
        Page::new(values(&page["data"]))
            .cursor(cursor)
            .has_more(page["has_more"].as_bool())
    };
    paging::cursors(fetch, split)
}

#[tokio::test]
async fn cursors_stop_on_a_repeated_cursor_without_looping() {
    let server = Server::start(|target| {
        let body = match query(target, "after") {
            None => json!({"data": [1], "next_cursor": "a"}),
            Some("a") => json!({"data": [2], "next_cursor": "b"}),
            // The server sends the client back to a cursor it has used.
            _ => json!({"data": [3], "next_cursor": "a"}),
        };
        json_reply(&body)
    })
    .await;
    let items = collect(cursor_stream(&client(&server))).await;
    assert_eq!(oks(items), [1, 2, 3]);
    assert_eq!(
        server.targets(),
        ["/api/items", "/api/items?after=a", "/api/items?after=b"]
    );
}

#[tokio::test]
async fn cursors_stop_on_has_more_false_and_on_a_null_or_empty_cursor() {
    for last in [
        json!({"data": [2], "next_cursor": "b", "has_more": false}),
        json!({"data": [2], "next_cursor": null}),
        json!({"data": [2], "next_cursor": ""}),
        json!({"data": [2]}),
    ] {
        let server = Server::start(move |target| match query(target, "after") {
            None => json_reply(&json!({"data": [1], "next_cursor": "a", "has_more": true})),
            _ => json_reply(&last),
        })
        .await;
        let items = collect(cursor_stream(&client(&server))).await;
        assert_eq!(oks(items), [1, 2]);
        assert_eq!(server.targets().len(), 2);
    }
}

#[tokio::test]
async fn offsets_advance_by_the_items_received_and_stop_on_a_short_page() {
    let server = Server::start(|target| {
        let offset: u64 = query(target, "offset").map_or(0, |offset| offset.parse().unwrap());
        let items: Vec<u64> = (offset + 1..=(offset + 3).min(7)).collect();
        json_reply(&json!({ "results": items }))
    })
    .await;
    let client = client(&server);
    let fetch = |offset: Option<u64>| {
        let mut pairs = vec![("limit", "3".to_owned())];
        pairs.extend(offset.map(|offset| ("offset", offset.to_string())));
        get_items(client.clone(), pairs)
    };
    let split = |page: Value| Page::new(values(&page["results"]));
    let items = collect(paging::offsets(0, Some(3), fetch, split)).await;
    assert_eq!(oks(items), [1, 2, 3, 4, 5, 6, 7]);
    assert_eq!(
        server.targets(),
        [
            "/api/items?limit=3",
            "/api/items?limit=3&offset=3",
            "/api/items?limit=3&offset=6",
        ]
    );
}

#[tokio::test]
async fn next_links_are_followed_on_the_origin_and_refused_elsewhere() {
    let elsewhere = Server::start(|_| json_reply(&json!([99]))).await;
    let foreign = format!("http://{}/api/items?page=3", elsewhere.addr);
    let server = Server::start(move |target| match query(target, "page") {
        None => {
            let link =
                "</api/items?page=2&cursor=a%2Bb>; rel=\"next\", </api/items?page=1>; rel=first";
            vec![whole(200, &[("Link", link)], "[1, 2]")]
        }
        _ => {
            let link = format!("<{foreign}>; rel=next");
            vec![whole(200, &[("Link", &link)], "[3]")]
        }
    })
    .await;
    let client = client(&server);
    let request = Request::new(Method::GET, "/items").security(&[&["bearer"]]);
    let split = |page: Value| Page::new(values(&page));
    let items = collect(paging::links(&client, || Ok(request), decode, split)).await;
    assert_eq!(items.len(), 4, "{items:?}");
    let values: Vec<u64> = items[..3]
        .iter()
        .map(|item| *item.as_ref().unwrap())
        .collect();
    assert_eq!(values, [1, 2, 3]);
    let Err(Error::InvalidRequest(refused)) = &items[3] else {
        panic!("expected the foreign link refused, got {:?}", items[3]);
    };
    assert!(refused.to_string().contains("origin"), "{refused}");
    assert_eq!(
        server.targets(),
        ["/api/items", "/api/items?page=2&cursor=a%2Bb"]
    );
    let bearer = format!("Bearer {TOKEN}");
    let seen = server.seen();
    assert!(seen
        .iter()
        .all(|seen| seen.authorization.as_ref() == Some(&bearer)));
    // The other origin received nothing, the credential least of all.
    assert!(elsewhere.seen().is_empty());
}

#[tokio::test]
async fn a_next_link_in_the_body_is_followed_when_no_header_gives_one() {
    let server = Server::start(|target| {
        let body = match query(target, "skip") {
            None => json!({"value": [1], "nextLink": "items?skip=1"}),
            Some(_) => json!({"value": [2], "nextLink": null}),
        };
        json_reply(&body)
    })
    .await;
    let client = client(&server);
    let request = Request::new(Method::GET, "/items");
    let split = |page: Value| {
        let link = page["nextLink"].as_str().map(str::to_owned);
        Page::new(values(&page["value"])).next_link(link)
    };
    let items = collect(paging::links(&client, || Ok(request), decode, split)).await;
    assert_eq!(oks(items), [1, 2]);
    assert_eq!(server.targets(), ["/api/items", "/api/items?skip=1"]);
}

#[tokio::test]
async fn a_repeated_next_link_ends_the_stream() {
    let server = Server::start(|_| {
        vec![whole(
            200,
            &[("Link", "</api/items?page=2>; rel=next")],
            "[1]",
        )]
    })
    .await;
    let client = client(&server);
    let request = Request::new(Method::GET, "/items");
    let split = |page: Value| Page::new(values(&page));
    let items = collect(paging::links(&client, || Ok(request), decode, split)).await;
    assert_eq!(oks(items), [1, 1]);
    assert_eq!(server.targets().len(), 2);
}

// Streamed responses.

type Events = Vec<Outcome<Event<Value>>>;

async fn open(server: &Server) -> Result<openapi_rust_runtime::stream::Opened, Error<Value>> {
    let client = client(server);
    let request = Request::new(Method::POST, "/chat")
        .security(&[&["bearer"]])
        .accept("text/event-stream")
        .json(&json!({"stream": true}))
        .unwrap();
    client
        .open(request, |response| decode(response).unwrap_err())
        .await
}

async fn events_of(acts: Vec<Act>) -> (Events, Server) {
    let server = Server::start(move |_| acts.clone()).await;
    let opened = open(&server).await.unwrap();
    let events = collect(opened.events::<Value, Value>()).await;
    (events, server)
}

fn data(events: &Events) -> Vec<Value> {
    let ok = events
        .iter()
        .map(|event| event.as_ref().unwrap().data.clone());
    ok.collect()
}

#[tokio::test]
async fn events_arrive_with_every_line_end_comments_and_multi_line_data() {
    let body: &[&[u8]] = &[
        b": comment\r\nevent: delta\r\nid: 1\r\ndata: {\"n\":\r\n",
        b"data: 1}\r\n\r",
        b"\ndata: {\"n\":2}\r\rdata: {\"n\"",
        b":3}\n\n",
    ];
    let mut acts = vec![stream_head("text/event-stream")];
    acts.extend(body.iter().map(|bytes| chunk(bytes)));
    acts.push(last_chunk());
    let (events, server) = events_of(acts).await;
    assert_eq!(
        data(&events),
        [json!({"n":1}), json!({"n":2}), json!({"n":3})]
    );
    let first = events[0].as_ref().unwrap();
    assert_eq!((&*first.event, first.id.as_deref()), ("delta", Some("1")));
    assert_eq!(events[1].as_ref().unwrap().event, "message");
    assert_eq!(
        server.seen()[0].accept.as_deref(),
        Some("text/event-stream")
    );
}

#[tokio::test]
async fn a_character_cut_between_reads_decodes_whole_and_bad_bytes_are_replaced() {
    let acts = vec![
        stream_head("text/event-stream"),
        // Neither read is UTF-8 alone: the first ends inside "é", the second has a bad byte.
        chunk(b"data: \"caf\xC3"),
        chunk(b"\xA9\"\n\ndata: \"a\xFFb\"\n\ndata: \"\xE2\x82\xAC\"\n\n"),
        last_chunk(),
    ];
    let (events, _server) = events_of(acts).await;
    assert_eq!(
        data(&events),
        [json!("café"), json!("a\u{FFFD}b"), json!("€")]
    );
}

#[tokio::test]
async fn done_ends_the_stream_and_nothing_after_it_is_read() {
    let acts = vec![
        stream_head("text/event-stream"),
        chunk(b"data: 1\n\ndata: [DONE]\n\ndata: 2\n\n"),
        chunk(b"data: 3\n\n"),
        last_chunk(),
    ];
    let (events, _server) = events_of(acts).await;
    assert_eq!(data(&events), [json!(1)]);
}

#[tokio::test]
async fn an_event_that_is_not_the_schema_is_a_decode_error_and_the_stream_goes_on() {
    let acts = vec![
        stream_head("text/event-stream"),
        chunk(b"data: not json\n\ndata: 2\n\n"),
        last_chunk(),
    ];
    let (events, _server) = events_of(acts).await;
    assert_eq!(events.len(), 2);
    let Err(Error::Decode { status, body, .. }) = &events[0] else {
        panic!("expected a decode error, got {:?}", events[0]);
    };
    assert_eq!((*status, body.as_str()), (200, "not json"));
    assert_eq!(events[1].as_ref().unwrap().data, json!(2));
}

#[tokio::test]
async fn a_documented_error_comes_before_any_stream() {
    let server = Server::start(|_| {
        let headers = [("Content-Type", "application/json")];
        vec![whole(422, &headers, r#"{"detail":"bad"}"#)]
    })
    .await;
    match open(&server).await {
        Err(Error::Api(body)) => assert_eq!(body, json!({"detail": "bad"})),
        other => panic!("expected the typed error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_connection_cut_inside_an_event_is_an_error_not_an_end() {
    let acts = vec![
        stream_head("text/event-stream"),
        chunk(b"data: 1\n\ndata: {\"partial\":"),
        Act::Cut,
    ];
    let (events, _server) = events_of(acts).await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert_eq!(events[0].as_ref().unwrap().data, json!(1));
    assert!(
        matches!(events[1], Err(Error::Transport { .. })),
        "{:?}",
        events[1]
    );
    // A body that ends cleanly but inside an event is cut off too.
    let raw = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n\
               data: 1\n\ndata: 2\n";
    let (events, _server) = events_of(vec![Act::Write(raw.as_bytes().to_vec())]).await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(
        matches!(events[1], Err(Error::Transport { .. })),
        "{:?}",
        events[1]
    );
}

/// An event stream of two events, the second sent once `go_on` is notified.
fn paused_events(go_on: &Arc<Notify>) -> Vec<Act> {
    vec![
        stream_head("text/event-stream"),
        chunk(b"data: 1\n\n"),
        Act::Wait(Arc::clone(go_on)),
        chunk(b"data: 2\n\n"),
        last_chunk(),
    ]
}

#[tokio::test]
async fn the_first_event_is_seen_before_the_server_finishes() {
    let go_on = Arc::new(Notify::new());
    let acts = paused_events(&go_on);
    let server = Server::start(move |_| acts.clone()).await;
    let opened = open(&server).await.unwrap();
    let mut events = pin!(opened.events::<Value, Value>());
    // The server is waiting for this test: the event can only come from a partial body.
    let first = next(&mut events).await.unwrap().unwrap();
    assert_eq!(first.data, json!(1));
    go_on.notify_one();
    assert_eq!(next(&mut events).await.unwrap().unwrap().data, json!(2));
    assert!(next(&mut events).await.is_none());
}

/// A client whose timeout is short beside the pauses of the tests that use it.
fn impatient_client(server: &Server) -> Client {
    ClientBuilder::new(API)
        .base_url(server.url())
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_stream_outlasts_the_clients_timeout_but_its_head_does_not() {
    let go_on = Arc::new(Notify::new());
    let acts = paused_events(&go_on);
    let server = Server::start(move |_| acts.clone()).await;
    let request = Request::new(Method::GET, "/events");
    let opened = impatient_client(&server)
        .open(request, |r| decode(r).unwrap_err())
        .await
        .unwrap();
    let mut events = pin!(opened.events::<Value, Value>());
    assert_eq!(next(&mut events).await.unwrap().unwrap().data, json!(1));
    tokio::time::sleep(Duration::from_millis(300)).await;
    go_on.notify_one();
    assert_eq!(next(&mut events).await.unwrap().unwrap().data, json!(2));
    // A server that sends no head within the timeout is a timeout.
    let silent = Arc::new(Notify::new());
    let acts = vec![Act::Wait(Arc::clone(&silent))];
    let server = Server::start(move |_| acts.clone()).await;
    let request = Request::new(Method::GET, "/events");
    let opened = impatient_client(&server)
        .open(request, |r| decode(r).unwrap_err())
        .await;
    assert!(matches!(opened, Err(Error::Timeout { .. })), "{opened:?}");
    silent.notify_one();
}

#[tokio::test]
async fn the_cap_applies_to_one_event_not_to_the_stream() {
    let many = "data: 12345678\n\n".repeat(20);
    let acts = vec![
        stream_head("text/event-stream"),
        chunk(many.as_bytes()),
        chunk(format!("data: \"{}\"\n\n", "x".repeat(100)).as_bytes()),
        last_chunk(),
    ];
    let server = Server::start(move |_| acts.clone()).await;
    let client = ClientBuilder::new(API)
        .base_url(server.url())
        .max_response_body(64)
        .build()
        .unwrap();
    let request = Request::new(Method::GET, "/events");
    let opened = client
        .open(request, |r| decode(r).unwrap_err())
        .await
        .unwrap();
    let events: Events = collect(opened.events()).await;
    assert_eq!(events.len(), 21);
    assert!(events[..20].iter().all(Result::is_ok));
    assert!(matches!(
        events[20],
        Err(Error::BodyTooLarge { limit: 64, .. })
    ));
}

#[tokio::test]
async fn json_lines_split_inside_a_line_decode_whole() {
    let acts = vec![
        stream_head("application/x-ndjson"),
        chunk(b"{\"n\":1}\n{\"n\""),
        chunk(b":2}\r\n\n{\"n\":"),
        chunk(b"3}"),
        last_chunk(),
    ];
    let server = Server::start(move |_| acts.clone()).await;
    let opened = open(&server).await.unwrap();
    let lines: Vec<Outcome<Value>> = collect(opened.lines()).await;
    let values: Vec<Value> = lines.into_iter().map(Result::unwrap).collect();
    assert_eq!(values, [json!({"n":1}), json!({"n":2}), json!({"n":3})]);
}

#[tokio::test]
async fn byte_chunks_arrive_whole_without_the_cap() {
    let acts = vec![
        stream_head("application/octet-stream"),
        chunk(&[0u8; 100]),
        chunk(&[1u8; 100]),
        last_chunk(),
    ];
    let server = Server::start(move |_| acts.clone()).await;
    let client = ClientBuilder::new(API)
        .base_url(server.url())
        .max_response_body(10)
        .build()
        .unwrap();
    let opened = client
        .open(Request::new(Method::GET, "/audio"), |r| {
            decode(r).unwrap_err()
        })
        .await
        .unwrap();
    let chunks: Vec<Outcome<Vec<u8>>> = collect(opened.chunks()).await;
    let bytes: Vec<u8> = chunks.into_iter().flat_map(Result::unwrap).collect();
    assert_eq!(bytes.len(), 200);
    assert_eq!((bytes[0], bytes[199]), (0, 1));
}

/// Events per second through [`Opened::events`] against a hand-written loop over reqwest's
/// chunks (split at line ends, `data:` lines decoded) on the same local server, in one run.
/// A measurement, not a check: run it in release mode with `--ignored --nocapture`.
///
/// [`Opened::events`]: openapi_rust_runtime::stream::Opened::events
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement; run in release mode"]
async fn events_per_second_against_a_hand_written_loop() {
    const EVENTS: usize = 200_000;
    let event = "data: {\"n\":12345,\"text\":\"hello, world\",\"done\":false}\n\n";
    let body = event.repeat(EVENTS);
    let reply = whole(200, &[("Content-Type", "text/event-stream")], &body);
    let server = Server::start(move |_| vec![reply.clone()]).await;
    let client = client(&server);
    let http = reqwest::Client::new();
    let url = format!("{}/events", server.url());
    let (mut ours, mut theirs) = (f64::MAX, f64::MAX);
    for _ in 0..5 {
        let start = std::time::Instant::now();
        let request = Request::new(Method::GET, "/events");
        let opened = client
            .open(request, |r| decode(r).unwrap_err())
            .await
            .unwrap();
        let mut events = pin!(opened.events::<Value, Value>());
        let mut count = 0;
        while let Some(event) = poll_fn(|cx| events.as_mut().poll_next(cx)).await {
            count += usize::from(event.unwrap().data["n"] == 12345);
        }
        assert_eq!(count, EVENTS);
        ours = ours.min(start.elapsed().as_secs_f64());
        let start = std::time::Instant::now();
        assert_eq!(hand_written(&http, &url).await, EVENTS);
        theirs = theirs.min(start.elapsed().as_secs_f64());
    }
    let rate = |seconds: f64| EVENTS as f64 / seconds;
    println!(
        "runtime: {:.0} events/s, hand-written: {:.0} events/s, ratio {:.2}",
        rate(ours),
        rate(theirs),
        theirs / ours
    );
}

/// The loop a user would write: read chunks, split lines, decode `data:` lines.
async fn hand_written(http: &reqwest::Client, url: &str) -> usize {
    let mut response = http.get(url).send().await.unwrap();
    let (mut buffer, mut count) = (Vec::new(), 0);
    while let Some(chunk) = response.chunk().await.unwrap() {
        buffer.extend_from_slice(&chunk);
        let mut start = 0;
        while let Some(end) = buffer[start..].iter().position(|&byte| byte == b'\n') {
            let line = &buffer[start..start + end];
            if let Some(data) = line.strip_prefix(b"data: ") {
                let value: Value = serde_json::from_slice(data).unwrap();
                count += usize::from(value["n"] == 12345);
            }
            start += end + 1;
        }
        buffer.drain(..start);
    }
    count
}
