//! Property tests of `create_skill` against a real HTTP/1.1 server on 127.0.0.1 (keep-alive, so
//! hundreds of exchanges share a connection):
//!
//! - decoding: whatever body the server sends with whatever status, the call returns a value or
//!   the typed error that status calls for (202: the value or `Decode`; 400, 402, 422, 429: `Api`
//!   or `Decode`; any other: `UnexpectedStatus` with the status and the raw body), never a panic;
//! - validation: arbitrary Unicode in every constrained field is refused exactly when its count
//!   of code points (`chars().count()`, the reference) breaks the schema's limit, the error names
//!   the field, and a refused request never reaches the server;
//! - limits: a body over the configured cap is refused with `BodyTooLarge` whether its length
//!   is declared or found while reading chunks, and the abandoned connection is never reused;
//! - secrecy: the API key shows in no `Display` or `Debug` of any error these produce.
//!
//! `PROPTEST_CASES` raises the number of random cases for a longer run.

use std::collections::VecDeque;
use std::fmt::Debug;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use browser_use_client::{
    ApiError, Client, ConcurrentSkillCreationsError, CreateSkillError, CreateSkillRequest,
    CreateSkillResponse, Error, HttpValidationError, InsufficientCreditsError,
    TooManyConcurrentActiveSessionsError, Violation,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;

/// A key no generated body or message could contain by chance.
const KEY: &str = "bu_prop_key_Qx7Wm2Zr9Lk4Tv8N";

/// The body cap of the harness's second client, small enough for generated bodies to cross it.
const CAP: u64 = 64;

/// The statuses every kind of body is tried with: the documented ones and common others.
const LISTED: [u16; 11] = [200, 202, 204, 400, 401, 402, 404, 422, 429, 500, 503];

/// Statuses whose responses have no content in HTTP/1.1, whatever the headers say.
fn has_no_content(status: u16) -> bool {
    matches!(status, 101 | 204 | 304)
}

type Outcome = Result<CreateSkillResponse, Error<CreateSkillError>>;

/// The tests' config: `cases` random cases unless `PROPTEST_CASES` says otherwise, and no
/// regression files (a failure prints its minimal case).
fn config(cases: u32) -> Config {
    let mut config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

/// Runs `test` on `cases` values of `strategy`, failing with the minimal failing value.
fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(config(cases));
    if let Err(err) = runner.run(&strategy, test) {
        panic!("{err}");
    }
}

// ---------------------------------------------------------------------------------------------
// The server

/// What the server saw and still has to say.
#[derive(Default)]
struct State {
    /// The replies for the next requests, as raw bytes.
    replies: VecDeque<Vec<u8>>,
    /// How many requests it has read.
    requests: usize,
    /// The body of the last request.
    last_body: Vec<u8>,
    /// The API key header of the last request.
    last_key: Option<String>,
}

/// A keep-alive HTTP/1.1 server, clients pointed at it and the runtime they all run on.
struct Harness {
    runtime: Runtime,
    state: Arc<Mutex<State>>,
    /// A client with the default body cap.
    client: Client,
    /// A client whose body cap is [`CAP`].
    capped: Client,
}

impl Harness {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let state = Arc::new(Mutex::new(State::default()));
        let addr = runtime.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let addr = listener.local_addr().expect("local addr");
            tokio::spawn(accept_loop(listener, Arc::clone(&state)));
            addr
        });
        let builder = Client::builder()
            .api_key(KEY)
            .base_url(format!("http://{addr}/api/v2"))
            .timeout(Duration::from_secs(5))
            .max_retries(0);
        let capped = builder.clone().max_response_body(CAP).build();
        Self {
            runtime,
            state,
            client: builder.build().expect("client"),
            capped: capped.expect("client"),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Calls `create_skill(request)` with `reply` as the server's only scripted answer; returns
    /// the outcome and how many requests reached the server.
    fn call(&self, reply: Vec<u8>, request: &CreateSkillRequest) -> (Outcome, usize) {
        self.call_with(&self.client, reply, request)
    }

    /// [`Harness::call`] through `client`.
    fn call_with(
        &self,
        client: &Client,
        reply: Vec<u8>,
        request: &CreateSkillRequest,
    ) -> (Outcome, usize) {
        let before = {
            let mut state = self.state();
            state.replies = VecDeque::from([reply]);
            state.requests
        };
        let outcome = self.runtime.block_on(client.create_skill(request));
        (outcome, self.state().requests - before)
    }
}

/// Locks `state`; a test that failed while holding it leaves nothing half-written.
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

async fn accept_loop(listener: TcpListener, state: Arc<Mutex<State>>) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(serve(stream, Arc::clone(&state)));
    }
}

/// Answers requests on one connection until the client closes it.
async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) {
    let mut buffer = Vec::new();
    while let Some((key, body)) = read_request(&mut stream, &mut buffer).await {
        let reply = {
            let mut state = lock(&state);
            state.requests += 1;
            state.last_body = body;
            state.last_key = key;
            state.replies.pop_front()
        };
        let reply = reply.unwrap_or_else(|| Answer::new(599, b"unscripted".to_vec()).bytes());
        if stream.write_all(&reply).await.is_err() {
            return;
        }
    }
}

/// Reads one request from `stream` (bytes already read but not used are in `buffer`): its API
/// key header and its `Content-Length` bytes of body.
async fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
) -> Option<(Option<String>, Vec<u8>)> {
    let head_end = loop {
        if let Some(at) = find(buffer, b"\r\n\r\n") {
            break at;
        }
        read_more(stream, buffer).await?;
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let header = |name: &str| {
        head.split("\r\n")
            .filter_map(|line| line.split_once(':'))
            .find(|(key, _)| key.trim().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim().to_owned())
    };
    let length: usize = header("content-length").and_then(|value| value.parse().ok())?;
    let end = head_end + 4 + length;
    while buffer.len() < end {
        read_more(stream, buffer).await?;
    }
    let body = buffer[head_end + 4..end].to_vec();
    buffer.drain(..end);
    Some((header("x-browser-use-api-key"), body))
}

async fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 16 * 1024];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => None,
        Ok(read) => {
            buffer.extend_from_slice(&chunk[..read]);
            Some(())
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// One answer of the server: an optional informational (1xx) response, then the final one.
#[derive(Clone)]
struct Answer {
    interim: Option<u16>,
    status: u16,
    body: Vec<u8>,
    /// Sends the body in chunks of this size (`Transfer-Encoding: chunked`) instead of with a
    /// `Content-Length`.
    chunk: Option<usize>,
    /// The `Content-Type` sent, if any: the status alone decides how the body is read.
    content_type: Option<&'static str>,
    /// Whether `body` is the documented JSON for `status`, so it must decode.
    well_formed: bool,
}

impl Answer {
    fn new(status: u16, body: Vec<u8>) -> Self {
        Self {
            interim: None,
            status,
            body,
            chunk: None,
            content_type: Some("application/json"),
            well_formed: false,
        }
    }

    /// The response on the wire. Statuses without content get no body and no framing.
    fn bytes(&self) -> Vec<u8> {
        let mut head = String::new();
        if let Some(interim) = self.interim {
            head.push_str(&format!("HTTP/1.1 {interim} Informational\r\n\r\n"));
        }
        head.push_str(&format!("HTTP/1.1 {} Status\r\n", self.status));
        head.push_str("X-Case: property\r\n");
        let content = self.content();
        if !has_no_content(self.status) {
            if let Some(content_type) = self.content_type {
                head.push_str(&format!("Content-Type: {content_type}\r\n"));
            }
            match self.chunk {
                Some(_) => head.push_str("Transfer-Encoding: chunked\r\n"),
                None => head.push_str(&format!("Content-Length: {}\r\n", content.len())),
            }
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        match self.chunk {
            Some(size) if !has_no_content(self.status) => {
                for piece in content.chunks(size) {
                    bytes.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
                    bytes.extend_from_slice(piece);
                    bytes.extend_from_slice(b"\r\n");
                }
                bytes.extend_from_slice(b"0\r\n\r\n");
            }
            _ => bytes.extend_from_slice(content),
        }
        bytes
    }

    /// The content the client receives.
    fn content(&self) -> &[u8] {
        if has_no_content(self.status) {
            &[]
        } else {
            &self.body
        }
    }
}

/// Shows the body as text, escaped and shortened, so a failure stays readable.
impl Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = String::from_utf8_lossy(&self.body);
        let shown: String = text.chars().take(300).collect();
        f.debug_struct("Answer")
            .field("interim", &self.interim)
            .field("status", &self.status)
            .field("chunk", &self.chunk)
            .field("content_type", &self.content_type)
            .field("well_formed", &self.well_formed)
            .field("len", &self.body.len())
            .field("body", &shown)
            .finish()
    }
}

/// The valid request every decoding case sends.
fn valid_request() -> CreateSkillRequest {
    CreateSkillRequest::new(
        "Find the cheapest flight between two cities",
        "Open a flight search site and return the cheapest fare",
    )
}

/// Asserts `outcome` is what `answer` calls for, and that no error shows the key.
fn check_outcome(answer: &Answer, outcome: &Outcome) -> Result<(), TestCaseError> {
    if let Err(err) = outcome {
        check_no_key(err)?;
    }
    let status = answer.status;
    let content = answer.content();
    match status {
        202 => {
            let reference = serde_json::from_slice::<CreateSkillResponse>(content);
            match (outcome, reference) {
                (Ok(created), Ok(reference)) => prop_assert_eq!(created, &reference),
                (Err(err @ Error::Decode { .. }), Err(_)) => {
                    prop_assert!(!answer.well_formed, "a documented body failed: {err:?}");
                    check_decode(err, status, content)?;
                }
                (outcome, reference) => {
                    return Err(mismatch(outcome, reference.map(|_| "a value")));
                }
            }
        }
        400 => {
            check_documented::<ConcurrentSkillCreationsError>(answer, outcome, |api| match api {
                CreateSkillError::BadRequest(body) => Some(body),
                _ => None,
            })?
        }
        402 => check_documented::<InsufficientCreditsError>(answer, outcome, |api| match api {
            CreateSkillError::PaymentRequired(body) => Some(body),
            _ => None,
        })?,
        422 => check_documented::<HttpValidationError>(answer, outcome, |api| match api {
            CreateSkillError::UnprocessableEntity(body) => Some(body),
            _ => None,
        })?,
        429 => check_documented::<TooManyConcurrentActiveSessionsError>(answer, outcome, |api| {
            match api {
                CreateSkillError::TooManyRequests(body) => Some(body),
                _ => None,
            }
        })?,
        _ => match outcome {
            Err(Error::UnexpectedStatus {
                status: got,
                headers,
                body,
                attempts,
            }) => {
                prop_assert_eq!(*got, status);
                prop_assert_eq!(body, &String::from_utf8_lossy(content));
                prop_assert_eq!(*attempts, 1);
                prop_assert_eq!(headers.get_bytes("x-case"), Some(&b"property"[..]));
            }
            other => return Err(mismatch(other, Ok::<_, ()>("UnexpectedStatus"))),
        },
    }
    Ok(())
}

/// A documented error status: `Api` with the body exactly when the body decodes as `B`, and
/// otherwise `Decode` carrying the raw body.
fn check_documented<B: DeserializeOwned + PartialEq + Debug>(
    answer: &Answer,
    outcome: &Outcome,
    typed: impl Fn(&CreateSkillError) -> Option<&B>,
) -> Result<(), TestCaseError> {
    let content = answer.content();
    let reference = serde_json::from_slice::<B>(content);
    match (outcome, reference) {
        (Err(Error::Api(api)), Ok(reference)) => {
            prop_assert_eq!(api.status(), answer.status);
            prop_assert_eq!(typed(api), Some(&reference));
        }
        (Err(err @ Error::Decode { .. }), Err(_)) => {
            prop_assert!(!answer.well_formed, "a documented body failed: {err:?}");
            check_decode(err, answer.status, content)?;
        }
        (outcome, reference) => return Err(mismatch(outcome, reference.map(|_| "Api"))),
    }
    Ok(())
}

/// A decode error for `status` carrying the raw body and the decoder's message.
fn check_decode(
    err: &Error<CreateSkillError>,
    status: u16,
    content: &[u8],
) -> Result<(), TestCaseError> {
    let Error::Decode {
        status: got,
        body,
        message,
    } = err
    else {
        return Err(TestCaseError::fail(format!("expected Decode, got {err:?}")));
    };
    prop_assert_eq!(*got, status);
    prop_assert_eq!(body, &String::from_utf8_lossy(content));
    prop_assert!(!message.is_empty());
    prop_assert_eq!(err.status(), Some(status));
    Ok(())
}

fn mismatch(outcome: &Outcome, expected: Result<impl Debug, impl Debug>) -> TestCaseError {
    TestCaseError::fail(format!(
        "expected {expected:?}, got {:?}",
        outcome.as_ref().map(|_| "a value")
    ))
}

/// Neither `Display` nor `Debug` of `err`, nor of any error in its source chain, shows the key.
fn check_no_key(err: &Error<CreateSkillError>) -> Result<(), TestCaseError> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(err) = current {
        for text in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
            prop_assert!(!text.contains(KEY), "the key leaked into: {}", text);
        }
        current = err.source();
    }
    Ok(())
}

/// Any status of the final response: mostly the listed ones, the rest anywhere in 200..=599,
/// and 101, the one informational status that ends an exchange (hyper returns it with no
/// content; the others are interim responses it skips, see [`answer`]).
fn final_status() -> impl Strategy<Value = u16> {
    prop_oneof![12 => select(LISTED.to_vec()), 4 => 200u16..=599, 1 => Just(101)]
}

/// Any JSON value, with the keys the documented bodies use among the random ones.
fn json_value() -> impl Strategy<Value = Value> {
    let number = prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|float| json!(float)),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number,
        any::<String>().prop_map(Value::String),
        Just(json!("3fa85f64-5717-4562-b3fc-2c963f66afa6")),
    ];
    let key = prop_oneof![
        3 => select(vec!["id", "detail", "loc", "msg", "type"]).prop_map(String::from),
        1 => any::<String>(),
    ];
    leaf.prop_recursive(5, 48, 6, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((key.clone(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// A body of the documented shape for `status` (any documented shape for other statuses),
/// sometimes with members the schema does not name.
fn well_formed(status: u16) -> BoxedStrategy<Value> {
    let created = (any::<u128>(), any::<bool>()).prop_map(|(id, extra)| {
        let id = uuid::Uuid::from_u128(id);
        if extra {
            json!({"status": "pending", "id": id, "extra": [1, {"x": null}]})
        } else {
            json!({ "id": id })
        }
    });
    let detail = prop_oneof![
        any::<String>().prop_map(|detail| json!({ "detail": detail })),
        Just(json!({})),
        Just(json!({"detail": "x", "other": 1})),
    ];
    let loc_item = prop_oneof![
        any::<String>().prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
    ];
    let item = (vec(loc_item, 0..4), any::<String>(), any::<String>())
        .prop_map(|(loc, msg, kind)| json!({"loc": loc, "msg": msg, "type": kind}));
    let validation = prop_oneof![
        vec(item, 0..4).prop_map(|detail| json!({ "detail": detail })),
        Just(json!({})),
        Just(json!({ "detail": null })),
    ];
    match status {
        202 => created.boxed(),
        400 | 402 | 429 => detail.boxed(),
        422 => validation.boxed(),
        _ => prop_oneof![created, detail, validation].boxed(),
    }
}

/// Numbers no Rust type here holds: huge, tiny, long.
fn huge_number() -> impl Strategy<Value = String> {
    prop_oneof![
        (1usize..2000).prop_map(|digits| "9".repeat(digits)),
        (300u32..100_000).prop_map(|exp| format!("1e{exp}")),
        (300u32..100_000).prop_map(|exp| format!("-1.5e-{exp}")),
        Just(u64::MAX.to_string()),
        Just(format!("{}0", u64::MAX)),
        Just(i64::MIN.to_string()),
        Just(format!("-{}", u64::MAX)),
        Just("-0".to_owned()),
    ]
}

/// Bodies with a huge number where the schema has a string, an integer or nothing.
fn with_huge_number() -> impl Strategy<Value = Vec<u8>> {
    (huge_number(), 0usize..5).prop_map(|(number, place)| {
        let text = match place {
            0 => number,
            1 => format!(r#"{{"id":{number}}}"#),
            2 => format!(r#"{{"detail":{number}}}"#),
            3 => format!(r#"{{"detail":[{{"loc":[{number}],"msg":"m","type":"t"}}]}}"#),
            _ => format!(r#"{{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6","n":{number}}}"#),
        };
        text.into_bytes()
    })
}

/// Arrays or objects nested up to 10,000 deep, closed or not, bare or inside a documented
/// member.
fn deeply_nested() -> impl Strategy<Value = Vec<u8>> {
    (1usize..=10_000, 0usize..6).prop_map(|(depth, shape)| nested(depth, shape).into_bytes())
}

fn nested(depth: usize, shape: usize) -> String {
    let arrays = || format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    match shape {
        0 => arrays(),
        1 => "[".repeat(depth),
        2 => format!(r#"{{"detail":{}}}"#, arrays()),
        3 => format!(
            r#"{{"detail":[{{"loc":{},"msg":"m","type":"t"}}]}}"#,
            arrays()
        ),
        4 => format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth)),
        _ => format!(r#"{{"id":{}}}"#, arrays()),
    }
}

/// Byte sequences that are not UTF-8: stray continuation bytes, overlong forms, encoded
/// surrogates, code points past U+10FFFF, a cut-off sequence.
const NOT_UTF8: [&[u8]; 7] = [
    b"\xFF",
    b"\x80",
    b"\xC0\xAF",
    b"\xED\xA0\x80",
    b"\xF4\x90\x80\x80",
    b"\xE6\xBC",
    b"\xFE\xFE\xFF\xFF",
];

/// Any body for `status`, in the proportions the properties need.
fn body(status: u16) -> impl Strategy<Value = (Vec<u8>, bool)> {
    let to_bytes = |value: Value| serde_json::to_vec(&value).expect("json");
    let documented = well_formed(status).prop_map(to_bytes);
    prop_oneof![
        3 => documented.clone().prop_map(|bytes| (bytes, true)),
        2 => vec(any::<u8>(), 0..256).prop_map(|bytes| (bytes, false)),
        2 => json_value().prop_map(move |value| (to_bytes(value), false)),
        2 => (documented.clone(), any::<Index>()).prop_map(|(bytes, at)| {
            let cut = at.index(bytes.len() + 1);
            (bytes[..cut].to_vec(), false)
        }),
        1 => (documented, any::<Index>(), select(NOT_UTF8.to_vec())).prop_map(|(bytes, at, bad)| {
            let at = at.index(bytes.len() + 1);
            ([&bytes[..at], bad, &bytes[at..]].concat(), false)
        }),
        1 => with_huge_number().prop_map(|bytes| (bytes, false)),
        1 => deeply_nested().prop_map(|bytes| (bytes, false)),
    ]
}

/// Mostly JSON, sometimes what a proxy or a misconfigured server says instead.
fn content_type() -> impl Strategy<Value = Option<&'static str>> {
    prop_oneof![
        4 => Just(Some("application/json")),
        1 => Just(None),
        1 => select(vec![
            "text/html; charset=iso-8859-1",
            "text/plain",
            "application/octet-stream",
            "application/problem+json",
            "application/json; charset=utf-16",
            "garbage",
        ])
        .prop_map(Some),
    ]
}

/// Any answer: a status and a body for it, sometimes after an interim 1xx response (any but
/// 101), which the client must skip to read the final one.
fn answer() -> impl Strategy<Value = Answer> {
    let interim = prop_oneof![
        4 => Just(None),
        1 => (100u16..=199).prop_filter("101 switches protocols", |s| *s != 101).prop_map(Some),
    ];
    let chunk = prop::option::weighted(0.3, 1usize..=64);
    (interim, final_status(), chunk, content_type())
        .prop_flat_map(|(interim, status, chunk, content_type)| {
            let fixed = (Just(interim), Just(status), Just(chunk), Just(content_type));
            (fixed, body(status))
        })
        .prop_map(
            |((interim, status, chunk, content_type), (body, well_formed))| Answer {
                interim,
                status,
                body,
                chunk,
                content_type,
                well_formed,
            },
        )
}

#[test]
fn any_body_with_any_status_is_a_value_or_the_typed_error_for_the_status() {
    let harness = Harness::start();
    run(1000, answer(), |answer| {
        let (outcome, requests) = harness.call(answer.bytes(), &valid_request());
        prop_assert_eq!(requests, 1);
        check_outcome(&answer, &outcome)
    });
    // The key was sent, so its absence from every error means something.
    assert_eq!(harness.state().last_key.as_deref(), Some(KEY));
}

#[test]
fn a_body_over_the_cap_is_refused_and_its_connection_never_reused() {
    let harness = Harness::start();
    // Bodies around the cap, and far past it: the client stops reading those with most of the
    // body still unread, so a case after such a refusal would read the rest of the refused body
    // if its connection went back to the pool.
    let lengths = prop_oneof![8 => 0..=2 * CAP as usize, 1 => 64 * 1024..=1024 * 1024usize];
    let around_cap = (lengths, any::<u8>()).prop_map(|(length, byte)| vec![byte; length]);
    let body = prop_oneof![1 => around_cap.prop_map(|body| (body, false)), 1 => body(202)];
    let chunk = prop::option::of(1usize..=64 * 1024);
    let strategy =
        (select(LISTED.to_vec()), body, chunk).prop_map(|(status, (body, well_formed), chunk)| {
            Answer {
                chunk,
                well_formed,
                ..Answer::new(status, body)
            }
        });
    run(300, strategy, |answer| {
        let reply = answer.bytes();
        let (outcome, requests) = harness.call_with(&harness.capped, reply, &valid_request());
        prop_assert_eq!(requests, 1);
        if answer.content().len() as u64 <= CAP {
            return check_outcome(&answer, &outcome);
        }
        match &outcome {
            Err(err @ Error::BodyTooLarge { status, limit }) => {
                check_no_key(err)?;
                prop_assert_eq!((*status, *limit), (answer.status, CAP));
                prop_assert_eq!(err.status(), Some(answer.status));
            }
            other => return Err(mismatch(other, Ok::<_, ()>("BodyTooLarge"))),
        }
        Ok(())
    });
}

/// The bodies every listed status is tried with, whatever the random cases draw.
fn hostile_bodies() -> Vec<Vec<u8>> {
    let mut bodies: Vec<Vec<u8>> = [
        "",
        " ",
        "null",
        "{}",
        "[]",
        "\"\"",
        r#"{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6"}"#,
        r#"{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6"}garbage"#,
        r#"{"id":null}"#,
        r#"{"detail":"Concurrent skill creations are not allowed."}"#,
        r#"{"detail":"\ud800"}"#,
        r#"{"detail":"\u0000\u202e"}"#,
        r#"{"detail":[{"loc":["body","agentPrompt",0],"msg":"too short","type":"x"}]}"#,
        r#"{"detail":[{"loc":[1.5],"msg":"m","type":"t"}]}"#,
        r#"{"detail":[{"loc":[9223372036854775808],"msg":"m","type":"t"}]}"#,
        r#"{"detail":"#,
        "<html><body>502 Bad Gateway</body></html>",
        "1e999999",
        "\u{feff}{}",
    ]
    .iter()
    .map(|text| text.as_bytes().to_vec())
    .collect();
    bodies.push("9".repeat(10_000).into_bytes());
    for shape in 0..6 {
        bodies.push(nested(10_000, shape).into_bytes());
    }
    bodies.push(b"{\"detail\":\"\xFF\xFE\"}".to_vec());
    bodies.push(b"\x00\x01\x02\xFF".to_vec());
    bodies
}

#[test]
fn hostile_bodies_with_every_listed_status() {
    let harness = Harness::start();
    for status in LISTED {
        for (at, body) in hostile_bodies().into_iter().enumerate() {
            // Every other body is sent in chunks, an uneven number of bytes each.
            let chunk = (at % 2 == 1).then_some(7);
            let answer = Answer {
                chunk,
                ..Answer::new(status, body)
            };
            let (outcome, requests) = harness.call(answer.bytes(), &valid_request());
            assert_eq!(requests, 1, "{answer:?}");
            if let Err(err) = check_outcome(&answer, &outcome) {
                panic!("{answer:?}: {err}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Validation

/// Pieces of text: single code points from everywhere (Rust's `char` excludes surrogates) and
/// sequences where code points and what a reader sees as one character differ.
fn piece() -> impl Strategy<Value = String> {
    let combining = (
        prop::char::range('a', 'z'),
        vec(prop::char::range('\u{300}', '\u{36F}'), 1..4),
    )
        .prop_map(|(base, marks)| std::iter::once(base).chain(marks).collect());
    prop_oneof![
        3 => prop::char::range(' ', '~').prop_map(String::from),
        2 => any::<char>().prop_map(String::from),
        2 => combining,
        2 => select(
            vec![
                "👨\u{200D}👩\u{200D}👧\u{200D}👦",
                "👩🏽\u{200D}💻",
                "🏳\u{FE0F}\u{200D}🌈",
                "🇺🇳",
                "e\u{301}",
                "\u{1100}\u{1161}\u{11A8}",
                "\r\n",
                "\u{0}",
                "\u{200F}\u{202E}",
                "\u{FEFF}",
                "\u{FFFD}",
                "\u{10FFFF}",
            ]
        )
        .prop_map(String::from),
        2 => prop::char::range('\u{20000}', '\u{2A6DF}').prop_map(String::from),
        1 => prop::char::range('\u{1F300}', '\u{1FAFF}').prop_map(String::from),
    ]
}

/// Text of `lengths` code points cut from repeated pieces (cutting may split a sequence, as a
/// real truncation would), or pieces joined as they come.
fn text(lengths: impl Strategy<Value = usize>) -> impl Strategy<Value = String> {
    let exact = (lengths, vec(piece(), 1..8)).prop_map(|(length, pieces)| {
        let chars = pieces.iter().flat_map(|piece| piece.chars()).cycle();
        chars.take(length).collect::<String>()
    });
    let free = vec(piece(), 0..40).prop_map(|pieces| pieces.concat());
    prop_oneof![4 => exact, 1 => free]
}

/// Lengths around a maximum: mostly within it, often at its edge, sometimes far past it.
fn around_max(max: usize) -> impl Strategy<Value = usize> {
    prop_oneof![3 => 0..=max, 3 => max - 3..=max + 3, 1 => max + 1..=max * 2]
}

fn request_fields() -> impl Strategy<Value = CreateSkillRequest> {
    let prompt_lengths = prop_oneof![1 => 0usize..10, 3 => 7usize..=13, 3 => 10usize..=1000];
    (
        prop::option::of(text(around_max(100))),
        prop::option::of(text(around_max(1000))),
        text(around_max(1000)),
        text(prompt_lengths),
    )
        .prop_map(|(title, description, goal, agent_prompt)| {
            let mut request = CreateSkillRequest::new(goal, agent_prompt);
            request.title = title;
            request.description = description;
            request
        })
}

/// The constraints `request` breaks, by the reference count of code points: the field and
/// the violation the client must report for it.
fn broken_constraints(request: &CreateSkillRequest) -> Vec<(&'static str, Violation)> {
    let count = |text: &str| text.chars().count() as u64;
    let mut broken = Vec::new();
    let mut at_most = |field, text: Option<&String>, limit| {
        if let Some(actual) = text.map(|text| count(text)).filter(|n| *n > limit) {
            broken.push((field, Violation::MaxLength { limit, actual }));
        }
    };
    at_most("title", request.title.as_ref(), 100);
    at_most("description", request.description.as_ref(), 1000);
    at_most("goal", Some(&request.goal), 1000);
    let actual = count(&request.agent_prompt);
    if actual < 10 {
        broken.push(("agent_prompt", Violation::MinLength { limit: 10, actual }));
    }
    broken
}

#[test]
fn validation_agrees_with_a_count_of_code_points_and_refuses_before_sending() {
    const CREATED: &str = r#"{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6"}"#;
    let harness = Harness::start();
    run(500, request_fields(), |request| {
        let broken = broken_constraints(&request);
        let (outcome, requests) = harness.call(Answer::new(202, CREATED.into()).bytes(), &request);
        if let Err(err) = &outcome {
            check_no_key(err)?;
        }
        if broken.is_empty() {
            prop_assert!(outcome.is_ok(), "a valid request failed: {:?}", outcome);
            prop_assert_eq!(requests, 1);
            // What arrived is what was asked for, code point for code point.
            let sent: Value = serde_json::from_slice(&harness.state().last_body).expect("json");
            let mut expected = json!({"goal": request.goal, "agentPrompt": request.agent_prompt});
            if let Some(title) = &request.title {
                expected["title"] = json!(title);
            }
            if let Some(description) = &request.description {
                expected["description"] = json!(description);
            }
            prop_assert_eq!(sent, expected);
        } else {
            prop_assert_eq!(requests, 0, "a refused request reached the server");
            let Err(Error::InvalidRequest(invalid)) = &outcome else {
                return Err(TestCaseError::fail(format!(
                    "expected a refusal for {broken:?}, got {:?}",
                    outcome.as_ref().map(|_| "a value")
                )));
            };
            let reported = (invalid.field(), invalid.violation().clone());
            prop_assert!(
                broken.contains(&reported),
                "reported {:?}, broken: {:?}",
                reported,
                broken
            );
            let message = invalid.to_string();
            prop_assert!(
                message.contains(&format!("`{}`", invalid.field())),
                "{}",
                message
            );
        }
        Ok(())
    });
}
