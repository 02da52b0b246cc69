//! Client overhead: `create_skill` against a local keep-alive server, versus the same request
//! written by hand with a plain `reqwest::Client` (same JSON body, same headers), in one run.
//!
//! Criterion measures each; then an interleaved run (alternating blocks of both, so background
//! load hits both alike) prints the ratio of their medians, the figure the target is set on.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use browser_use_client::{Client, CreateSkillRequest, CreateSkillResponse};
use criterion::Criterion;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE};

const KEY: &str = "bu_bench_key";
const RESPONSE: &[u8] = b"HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 45\r\n\r\n{\"id\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\"}";

/// Serves the fixed 202 on every request of every keep-alive connection, one thread each.
fn start_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || serve(stream));
        }
    });
    addr
}

fn serve(mut stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        while let Some(length) = request_length(&buffer) {
            if buffer.len() < length {
                break;
            }
            buffer.drain(..length);
            if stream.write_all(RESPONSE).is_err() {
                return;
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
        }
    }
}

/// The full length of the first request in `buffer` (head plus `Content-Length` body), once its
/// head has arrived.
fn request_length(buffer: &[u8]) -> Option<usize> {
    let head_end = buffer.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
    let body = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    Some(head_end + body)
}

/// The hand-written baseline: what a careful user would write with reqwest directly.
struct HandWritten {
    http: reqwest::Client,
    url: String,
}

impl HandWritten {
    fn new(base_url: &str) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .user_agent("browser-use-client/0.1.0")
            .default_headers(headers)
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("reqwest client");
        let url = format!("{base_url}/skills");
        Self { http, url }
    }

    async fn create_skill(&self, request: &CreateSkillRequest) -> CreateSkillResponse {
        let body = serde_json::to_vec(request).expect("encode");
        let response = self
            .http
            .post(&self.url)
            .header("X-Browser-Use-API-Key", KEY)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .expect("send");
        assert_eq!(response.status().as_u16(), 202);
        let bytes = response.bytes().await.expect("body");
        serde_json::from_slice(&bytes).expect("decode")
    }
}

fn request() -> CreateSkillRequest {
    let mut request = CreateSkillRequest::new(
        "Find the cheapest flight between two cities on a given day",
        "Open a flight search site, search the route and return the cheapest fare with its times",
    );
    request.title = Some("Cheapest flight".to_owned());
    request
}

fn main() {
    let base_url = format!("http://{}/api/v2", start_server());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = Client::builder()
        .api_key(KEY)
        .base_url(&base_url)
        .build()
        .expect("client");
    let baseline = HandWritten::new(&base_url);
    let body = request();

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("create_skill");
    group.bench_function("generated_client", |b| {
        b.to_async(&runtime)
            .iter(|| async { client.create_skill(&body).await.expect("create_skill") })
    });
    group.bench_function("hand_written_reqwest", |b| {
        b.to_async(&runtime)
            .iter(|| async { baseline.create_skill(&body).await })
    });
    group.finish();
    criterion.final_summary();

    if std::env::args().any(|arg| arg == "--bench") {
        runtime.block_on(interleaved_ratio(&client, &baseline, &body));
    }
}

/// Alternates blocks of both calls and prints the medians of their per-call times and the ratio.
async fn interleaved_ratio(client: &Client, baseline: &HandWritten, body: &CreateSkillRequest) {
    const BLOCKS: usize = 200;
    const CALLS: u32 = 50;
    let (mut generated, mut hand) = (Vec::new(), Vec::new());
    for _ in 0..BLOCKS {
        let started = Instant::now();
        for _ in 0..CALLS {
            client.create_skill(body).await.expect("create_skill");
        }
        generated.push(started.elapsed() / CALLS);
        let started = Instant::now();
        for _ in 0..CALLS {
            baseline.create_skill(body).await;
        }
        hand.push(started.elapsed() / CALLS);
    }
    let (generated, hand) = (median(generated), median(hand));
    let ratio = generated.as_secs_f64() / hand.as_secs_f64();
    println!("interleaved medians: generated client {generated:?}, hand-written reqwest {hand:?}");
    println!("overhead ratio (generated / hand-written): {ratio:.3} (target <= 1.05)");
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}
