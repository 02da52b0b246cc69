//! The `_stream` methods of the real documents against a server on 127.0.0.1 that answers
//! each request (one per connection) with the next scripted raw response and records what it
//! read. Copied by `tests/real_streams.rs` of `browser-use-client` into the crate it makes.

use std::future::poll_fn;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use openapi_rust_runtime::Stream;
use real_streams::{github, nexus, ollama, openai};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server read: the request line's path and the head, lower-cased.
#[derive(Clone, Debug)]
struct Seen {
    path: String,
    head: String,
    body: String,
}

struct Server {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    script: Arc<Mutex<Vec<String>>>,
}

impl Server {
    async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(Vec::new()));
        let (log, replies) = (Arc::clone(&seen), Arc::clone(&script));
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let mut read = Vec::new();
                let mut chunk = [0u8; 65536];
                // The head, then the body its length announces.
                loop {
                    let n = stream.read(&mut chunk).await.unwrap_or(0);
                    read.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&read).into_owned();
                    let Some(end) = text.find("\r\n\r\n") else {
                        if n == 0 {
                            break;
                        }
                        continue;
                    };
                    let head = text[..end].to_ascii_lowercase();
                    let length = head
                        .lines()
                        .find_map(|line| line.strip_prefix("content-length: "))
                        .and_then(|value| value.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    if read.len() < end + 4 + length && n > 0 {
                        continue;
                    }
                    let path = text.split(' ').nth(1).unwrap_or_default().to_owned();
                    let body = text[end + 4..].to_owned();
                    log.lock().unwrap().push(Seen { path, head, body });
                    break;
                }
                let reply = {
                    let mut replies = replies.lock().unwrap();
                    (!replies.is_empty()).then(|| replies.remove(0))
                };
                let reply = reply.unwrap_or_else(|| respond(599, "application/json", &[], "{}"));
                let _ = stream.write_all(reply.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        });
        Server { base, seen, script }
    }

    fn push(&self, reply: String) {
        self.script.lock().unwrap().push(reply);
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A response that ends when the connection closes.
fn respond(status: u16, media: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut out = format!("HTTP/1.1 {status} S\r\nContent-Type: {media}\r\nConnection: close\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    out
}

async fn collect<S: Stream>(stream: S) -> Vec<S::Item> {
    let mut stream = Box::pin(stream);
    let mut items = Vec::new();
    while let Some(item) = poll_fn(|cx| Pin::new(&mut stream).as_mut().poll_next(cx)).await {
        items.push(item);
    }
    items
}

fn from_json<T: openapi_rust_runtime::serde::de::DeserializeOwned>(text: &str) -> T {
    openapi_rust_runtime::serde_json::from_str(text).unwrap()
}

const FILE: &str = r#"{"id":"file-ID","object":"file","bytes":1,"created_at":1,"filename":"a","purpose":"batch","status":"processed"}"#;

#[tokio::test]
async fn openai_lists_follow_the_last_id_until_has_more_is_false() {
    let server = Server::start().await;
    for (id, more) in [("f1", true), ("f2", false)] {
        let file = FILE.replace("ID", id);
        let body = format!(
            r#"{{"object":"list","data":[{file}],"first_id":"{id}","last_id":"{id}","has_more":{more}}}"#
        );
        server.push(respond(200, "application/json", &[], &body));
    }
    let client = openai::Client::builder()
        .base_url(server.base.clone())
        .api_key_auth("sk-test")
        .max_retries(0)
        .build()
        .unwrap();
    let params = openai::ListFilesParams {
        limit: Some(1),
        ..Default::default()
    };
    let files = collect(client.list_files_stream(&params)).await;
    let ids: Vec<String> = files.into_iter().map(|f| f.unwrap().id).collect();
    assert_eq!(ids, ["file-f1", "file-f2"]);
    let seen = server.seen();
    assert_eq!(seen[1].path, "/files?limit=1&after=f1");
    assert!(seen[1].head.contains("authorization: bearer sk-test"));
}

#[tokio::test]
async fn openai_chat_completions_stream_as_events_with_stream_true_sent() {
    let server = Server::start().await;
    let chunk = |text: &str| {
        format!(
            r#"data: {{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{{"index":0,"finish_reason":null,"delta":{{"content":"{text}"}}}}]}}"#
        )
    };
    let body = format!("{}\n\n{}\n\ndata: [DONE]\n\n", chunk("Hel"), chunk("lo"));
    server.push(respond(200, "text/event-stream", &[], &body));
    let client = openai::Client::builder()
        .base_url(server.base.clone())
        .api_key_auth("sk-test")
        .build()
        .unwrap();
    // The message union has no mapping: `role`'s one allowed value selects each branch.
    let request: openai::CreateChatCompletionRequest = from_json(
        r#"{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}"#,
    );
    assert!(matches!(
        request.messages[0],
        openai::ChatCompletionRequestMessage::ChatCompletionRequestUserMessage(_)
    ));
    let events = collect(client.create_chat_completion_stream(&request).await.unwrap()).await;
    let text: String = events
        .into_iter()
        .map(|event| event.unwrap().data.choices[0].delta.content.clone().unwrap())
        .collect();
    assert_eq!(text, "Hello");
    let seen = &server.seen()[0];
    assert!(seen.head.contains("accept: text/event-stream"), "{}", seen.head);
    assert!(seen.body.contains(r#""stream":true"#), "{}", seen.body);
}

#[tokio::test]
async fn nexus_lists_follow_the_page_token() {
    let server = Server::start().await;
    let pool = |id: &str| {
        format!(
            r#"{{"id":"{id}","name":"pool","description":"","time_created":"t","time_modified":"t"}}"#
        )
    };
    let first = "00000000-0000-0000-0000-000000000001";
    let second = "00000000-0000-0000-0000-000000000002";
    let page = |id: &str, next: &str| format!(r#"{{"items":[{}],"next_page":{next}}}"#, pool(id));
    server.push(respond(200, "application/json", &[], &page(first, r#""tok""#)));
    server.push(respond(200, "application/json", &[], &page(second, "null")));
    let client = nexus::Client::builder()
        .base_url(server.base.clone())
        .build()
        .unwrap();
    let params = nexus::IpPoolListParams {
        limit: Some(1),
        ..Default::default()
    };
    let pools = collect(client.ip_pool_list_stream(&params)).await;
    assert_eq!(pools.len(), 2, "{pools:?}");
    assert_eq!(pools[1].as_ref().unwrap().id.to_string(), second);
    assert_eq!(server.seen()[1].path, "/system/ip-pools?limit=1&page_token=tok");
}

#[tokio::test]
async fn github_follows_link_headers_and_never_leaves_the_origin() {
    let server = Server::start().await;
    let elsewhere = Server::start().await;
    let label = |id: u32| {
        format!(r#"[{{"id":{id},"node_id":"n","url":"u","name":"l{id}","color":"fff","default":false,"description":null}}]"#)
    };
    let next = format!("<{}/repos/o/r/labels?page=2>; rel=\"next\"", server.base);
    let away = format!("<{}/repos/o/r/labels?page=3>; rel=\"next\"", elsewhere.base);
    server.push(respond(200, "application/json", &[("Link", &next)], &label(1)));
    server.push(respond(200, "application/json", &[("Link", &away)], &label(2)));
    let client = github::Client::builder()
        .base_url(server.base.clone())
        .build()
        .unwrap();
    let params = github::IssuesListLabelsForRepoParams {
        per_page: Some(1),
        ..Default::default()
    };
    let labels = collect(client.issues_list_labels_for_repo_stream("o", "r", &params)).await;
    assert_eq!(labels.len(), 3, "{labels:?}");
    assert_eq!(labels[1].as_ref().unwrap().name, "l2");
    assert!(labels[2].is_err(), "the link off the origin is an error");
    assert_eq!(server.seen()[1].path, "/repos/o/r/labels?page=2");
    assert!(elsewhere.seen().is_empty(), "nothing reaches another origin");
}

#[tokio::test]
async fn ollama_pulls_stream_as_json_lines() {
    let server = Server::start().await;
    let lines = "{\"status\":\"pulling\"}\n{\"status\":\"success\"}\n";
    server.push(respond(200, "application/x-ndjson", &[], lines));
    let client = ollama::Client::builder()
        .base_url(server.base.clone())
        .build()
        .unwrap();
    let request: ollama::PullRequest = from_json(r#"{"model":"llama3"}"#);
    let events = collect(client.pull_stream(&request).await.unwrap()).await;
    let statuses: Vec<String> = events
        .into_iter()
        .map(|event| event.unwrap().status.unwrap())
        .collect();
    assert_eq!(statuses, ["pulling", "success"]);
    assert!(server.seen()[0].body.contains(r#""stream":true"#));
}
