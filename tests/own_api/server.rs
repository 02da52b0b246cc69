//! A small HTTP/1.1 server on 127.0.0.1 for the generated client's tests: one request per
//! connection, each recorded (method, path, decoded query, headers, body) before it is answered
//! with the status and JSON body the test's `respond` function picks.
//!
//! Copied by `tests/own_api.rs` of `browser-use-client` into each crate it makes, as
//! `tests/server/mod.rs`.

use std::sync::mpsc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// The path as sent, percent-encoded.
    pub raw_path: String,
    /// The query as sent, percent-encoded (empty without one).
    pub raw_query: String,
    /// Header names lower-cased, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    /// The path's segments after the leading `/`, each percent-decoded.
    pub fn segments(&self) -> Vec<String> {
        let path = self.raw_path.strip_prefix('/').unwrap_or(&self.raw_path);
        path.split('/').map(|s| decode(s, false)).collect()
    }

    /// The query's `name=value` pairs, decoded, sorted by name (the order is not part of the
    /// contract).
    pub fn query(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = self
            .raw_query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(name, true), decode(value, true))
            })
            .collect();
        pairs.sort();
        pairs
    }

    /// Every value of the header `name` (any case).
    pub fn header(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Percent-decodes `text`; `+` is a space in a query (form encoding).
fn decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii escape");
                out.push(u8::from_str_radix(hex, 16).expect("a hex escape"));
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("a UTF-8 value")
}

pub struct Server {
    /// `http://127.0.0.1:PORT`
    pub origin: String,
    seen: mpsc::Receiver<Seen>,
}

impl Server {
    /// Starts serving on the current tokio runtime; `respond` gives each request's status and
    /// JSON body.
    pub async fn start(respond: fn(&Seen) -> (u16, String)) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let (tx, seen) = mpsc::channel();
        tokio::spawn(async move {
            loop {
                let (stream, _) = listener.accept().await.expect("a connection");
                serve(stream, respond, &tx).await;
            }
        });
        Server { origin, seen }
    }

    /// The next request received (recorded before it was answered, so after a call returns its
    /// request is here).
    pub fn next(&self) -> Seen {
        self.seen
            .recv_timeout(Duration::from_secs(5))
            .expect("the server received a request")
    }

    /// Fails when a request arrived that `next` did not take.
    pub fn assert_no_more(&self) {
        if let Ok(seen) = self.seen.try_recv() {
            panic!("an unexpected request: {seen:?}");
        }
    }
}

async fn serve(
    mut stream: TcpStream,
    respond: fn(&Seen) -> (u16, String),
    tx: &mpsc::Sender<Seen>,
) {
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut buffer).await.expect("the request");
        if n == 0 {
            return;
        }
        request.extend_from_slice(&buffer[..n]);
        if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8(request[..head_end].to_vec()).expect("a UTF-8 head");
    let mut lines = head.split("\r\n");
    let mut start = lines.next().expect("a request line").split(' ');
    let method = start.next().expect("a method").to_string();
    let target = start.next().expect("a target").to_string();
    assert_eq!(start.next(), Some("HTTP/1.1"), "{head}");
    let headers: Vec<(String, String)> = lines
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (name, value) = line.split_once(':').expect("a header line");
            (name.trim().to_ascii_lowercase(), value.trim().to_string())
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .map_or(0, |(_, value)| value.parse().expect("a content length"));
    while request.len() < head_end + length {
        let n = stream.read(&mut buffer).await.expect("the request body");
        assert!(n > 0, "the connection closed before the body ended");
        request.extend_from_slice(&buffer[..n]);
    }
    let (raw_path, raw_query) = match target.split_once('?') {
        Some((path, query)) => (path.to_string(), query.to_string()),
        None => (target.clone(), String::new()),
    };
    let seen = Seen {
        method,
        raw_path,
        raw_query,
        headers,
        body: request[head_end..head_end + length].to_vec(),
    };
    let (status, body) = respond(&seen);
    tx.send(seen).expect("the test is listening");
    let response = format!(
        "HTTP/1.1 {status} Status\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(response.as_bytes())
        .await
        .expect("the response");
    let _ = stream.shutdown().await;
}
