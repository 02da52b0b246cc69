//! A small real HTTP/1.1 server for the client's integration tests.
//!
//! It listens on 127.0.0.1 (an ephemeral port), records every request it reads (method, path,
//! headers, body, arrival time) and answers each one with the next scripted reply, written as raw
//! bytes so tests can send what a well-behaved server never would: truncated bodies, stalls,
//! resets. Every connection serves one request and is then closed, so one request is one attempt.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the support code"
)]

use std::collections::VecDeque;
use std::fmt::{Debug, Display};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The key every test client uses; tests assert it never shows up in formatted values.
pub const KEY: &str = "bu_test_key_5f3a9c2e7d41";

/// A well-formed success body.
pub const CREATED: &str = r#"{"id":"3fa85f64-5717-4562-b3fc-2c963f66afa6"}"#;

/// How the server answers one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Writes these bytes, then closes the connection.
    Raw(Vec<u8>),
    /// Writes these bytes, then holds the connection open without writing more.
    StallAfter(Vec<u8>),
    /// Writes these bytes, then resets the connection (TCP RST).
    ResetAfter(Vec<u8>),
}

/// A complete response with `Content-Length` and `Connection: close`.
pub fn respond(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
    Reply::Raw(response_bytes(status, headers, body, body.len()))
}

/// A JSON response.
pub fn json(status: u16, body: &str) -> Reply {
    respond(status, &[("Content-Type", "application/json")], body)
}

/// The raw bytes of a response whose `Content-Length` says `length` (which may be a lie).
pub fn response_bytes(status: u16, headers: &[(&str, &str)], body: &str, length: usize) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} Status\r\nContent-Length: {length}\r\n");
    head.push_str("Connection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    bytes
}

/// One request as the server read it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Header names lower-cased, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Recorded {
    /// The value of header `name` (case-insensitive), if it was sent once or more.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        let mut values = self.headers.iter().filter(|(key, _)| *key == name);
        values.next().map(|(_, value)| value.as_str())
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
}

#[derive(Default)]
struct State {
    script: VecDeque<Reply>,
    requests: Vec<Recorded>,
}

/// A running test server; it stops when the test's runtime does.
pub struct Server {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl Server {
    /// Starts a server answering requests with `script` in order. Requests past the end of the
    /// script get a 599, which no test expects.
    pub async fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(Mutex::new(State {
            script: script.into(),
            requests: Vec::new(),
        }));
        tokio::spawn(accept_loop(listener, Arc::clone(&state)));
        Server { addr, state }
    }

    /// The base URL of the API on this server, with a path like the real one's.
    pub fn base_url(&self) -> String {
        format!("http://{}/api/v2", self.addr)
    }

    /// Adds `replies` to the end of the script: for replies that name the server's own URL.
    pub fn push(&self, replies: Vec<Reply>) {
        self.state.lock().unwrap().script.extend(replies);
    }

    /// Every request read so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }
}

async fn accept_loop(listener: TcpListener, state: Arc<Mutex<State>>) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(serve(stream, Arc::clone(&state)));
    }
}

async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let reply = {
        let mut state = state.lock().unwrap();
        state.requests.push(request);
        state.script.pop_front()
    };
    let reply = reply.unwrap_or_else(|| json(599, r#"{"detail":"unscripted request"}"#));
    match reply {
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Reply::StallAfter(bytes) => {
            let _ = stream.write_all(&bytes).await;
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        Reply::ResetAfter(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            // A zero linger makes dropping the socket send RST instead of FIN.
            let _ = stream.set_zero_linger();
        }
    }
}

/// Reads one request: head up to the blank line, then `Content-Length` bytes of body.
async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(at) = find(&buffer, b"\r\n\r\n") {
            break at;
        }
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let (method, path) = (
        request_line.next()?.to_owned(),
        request_line.next()?.to_owned(),
    );
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = vec![0u8; length - body.len()];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Some(Recorded {
        method,
        path,
        headers,
        body,
        at,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Asserts the test key appears in neither the `Display` nor the `Debug` text of `value`, nor in
/// any error in its `source()` chain.
pub fn assert_no_key<T: Debug + Display + ?Sized>(value: &T) {
    for text in [
        value.to_string(),
        format!("{value:?}"),
        format!("{value:#?}"),
    ] {
        assert!(!text.contains(KEY), "the api key leaked into: {text}");
    }
}

/// Like [`assert_no_key`], for an error and every error it wraps.
pub fn assert_error_chain_has_no_key(err: &(dyn std::error::Error + 'static)) {
    let mut current = Some(err);
    while let Some(err) = current {
        assert_no_key(err);
        current = err.source();
    }
}

/// A client builder for `server` with test-sized settings: a short timeout, no retries and
/// millisecond backoff (tests that retry raise `max_retries`).
pub fn builder(server: &Server) -> browser_use_client::ClientBuilder {
    browser_use_client::Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .timeout(Duration::from_secs(5))
        .max_retries(0)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

/// A valid request with only the required fields.
pub fn request() -> browser_use_client::CreateSkillRequest {
    browser_use_client::CreateSkillRequest::new(
        "Find the cheapest flight between two cities",
        "Open a flight search site and return the cheapest fare",
    )
}

/// Calls `create_skill` and checks the outcome, whatever it is, does not show the key.
pub async fn call(
    client: &browser_use_client::Client,
    request: &browser_use_client::CreateSkillRequest,
) -> Result<
    browser_use_client::CreateSkillResponse,
    browser_use_client::Error<browser_use_client::CreateSkillError>,
> {
    let outcome = client.create_skill(request).await;
    match &outcome {
        Ok(created) => assert!(!format!("{created:?}").contains(KEY)),
        Err(err) => assert_error_chain_has_no_key(err),
    }
    outcome
}
