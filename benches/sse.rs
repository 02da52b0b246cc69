//! Events per second through a generated server-sent events method (`chat_stream` of
//! `generator/tests/specs/streams.yaml`, its snapshot included here) against the loop a user
//! would write with reqwest (read chunks, split lines, decode each `data:` line into the same
//! type), on the same local server, in one run. Rounds alternate between the two, each side's best
//! round counts, and the ratio (generated over hand-written, higher is better) is printed.
//! `cargo bench --bench sse`.

use std::future::poll_fn;
use std::time::Instant;

use openapi_rust_runtime::Stream;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[allow(
    dead_code,
    unused_imports,
    reason = "the bench uses one operation of the generated API"
)]
mod streams {
    include!("../generator/tests/snapshots/streams.rs");
}

const EVENTS: usize = 200_000;
/// Rounds per side: on a shared machine a round may lose its core to another process, and the
/// best of fifteen is steadier than the best of seven, for both sides alike.
const ROUNDS: usize = 15;

/// What the hand-written loop decodes each event into: the generated `Chunk`'s shape.
#[derive(serde::Deserialize)]
struct Chunk {
    delta: String,
}

/// A server answering every request with the same event stream, then closing.
async fn serve(body: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = [0u8; 4096];
                let _ = stream.read(&mut head).await;
                let _ = stream.write_all(body).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    url
}

async fn generated(client: &streams::Client) -> usize {
    let request = streams::ChatBody::new("hi");
    let events = client.chat_stream(&request).await.expect("opened");
    let mut events = std::pin::pin!(events);
    let mut count = 0;
    while let Some(event) = poll_fn(|cx| events.as_mut().poll_next(cx)).await {
        count += usize::from(!event.expect("an event").data.delta.is_empty());
    }
    count
}

async fn hand_written(http: &reqwest::Client, url: &str) -> usize {
    let body = r#"{"prompt":"hi","stream":true}"#;
    let request = http.post(format!("{url}/chat")).body(body);
    let mut response = request.send().await.expect("sent");
    let (mut buffer, mut count) = (Vec::new(), 0);
    while let Some(chunk) = response.chunk().await.expect("a chunk") {
        buffer.extend_from_slice(&chunk);
        let mut start = 0;
        while let Some(end) = buffer[start..].iter().position(|&byte| byte == b'\n') {
            let line = &buffer[start..start + end];
            if let Some(data) = line.strip_prefix(b"data: ") {
                let chunk: Chunk = serde_json::from_slice(data).expect("json");
                count += usize::from(!chunk.delta.is_empty());
            }
            start += end + 1;
        }
        buffer.drain(..start);
    }
    count
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let event = "data: {\"delta\":\"hello, world\"}\n\n".repeat(EVENTS);
        let head =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";
        let body: &'static [u8] = format!("{head}{event}").into_bytes().leak();
        let url = serve(body).await;
        let client = streams::Client::builder()
            .base_url(url.clone())
            .build()
            .expect("client");
        let http = reqwest::Client::new();
        let (mut ours, mut theirs) = (f64::MAX, f64::MAX);
        for _ in 0..ROUNDS {
            let start = Instant::now();
            assert_eq!(generated(&client).await, EVENTS);
            ours = ours.min(start.elapsed().as_secs_f64());
            let start = Instant::now();
            assert_eq!(hand_written(&http, &url).await, EVENTS);
            theirs = theirs.min(start.elapsed().as_secs_f64());
        }
        let rate = |seconds: f64| EVENTS as f64 / seconds;
        println!(
            "generated chat_stream: {:.0} events/s, hand-written reqwest loop: {:.0} events/s, \
             ratio {:.2}",
            rate(ours),
            rate(theirs),
            theirs / ours
        );
    });
}
