//! The generated `_stream` methods against a real local server: the snapshots of
//! `generator/tests/specs/pages.yaml` (every page style) and `streams.yaml` (events, JSON lines,
//! JSON sequences, bytes), included as modules, walked and read through their generated code.

mod support;

use std::future::poll_fn;
use std::pin::Pin;

use openapi_rust_runtime::Stream;
use support::{json, respond, Reply, Server};

#[allow(
    dead_code,
    unused_imports,
    reason = "the tests use part of the generated API"
)]
mod pages {
    include!("../generator/tests/snapshots/pages.rs");
}

#[allow(
    dead_code,
    unused_imports,
    reason = "the tests use part of the generated API"
)]
mod streams {
    include!("../generator/tests/snapshots/streams.rs");
}

/// The next item of `stream`.
async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

/// Every item of `stream`, in order.
async fn collect<S: Stream>(stream: S) -> Vec<S::Item> {
    let mut stream = Box::pin(stream);
    let mut items = Vec::new();
    while let Some(item) = poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        items.push(item);
    }
    items
}

fn pages_client(server: &Server) -> pages::Client {
    pages::Client::builder()
        .base_url(server.base_url())
        .api_key(support::KEY)
        .max_retries(0)
        .build()
        .expect("client")
}

fn streams_client(server: &Server) -> streams::Client {
    streams::Client::builder()
        .base_url(server.base_url())
        .max_retries(0)
        .build()
        .expect("client")
}

/// The `id`s of the items, or the error text where an item is an error.
fn ids<E: std::fmt::Display>(items: &[Result<pages::Thing, E>]) -> Vec<String> {
    let text = |item: &Result<pages::Thing, E>| match item {
        Ok(thing) => thing.id.clone(),
        Err(error) => format!("error: {error}"),
    };
    items.iter().map(text).collect()
}

#[tokio::test]
async fn page_numbers_are_followed_with_the_callers_parameters_until_a_short_page() {
    let server = Server::start(vec![
        json(200, r#"{"items":[{"id":"a"},{"id":"b"}],"totalItems":9}"#),
        json(200, r#"{"items":[{"id":"c"},{"id":"d"}],"totalItems":9}"#),
        json(200, r#"{"items":[{"id":"e"}],"totalItems":9}"#),
    ])
    .await;
    let client = pages_client(&server);
    let params = pages::ListNumberedParams {
        page_size: Some(2),
        q: Some("x".into()),
        ..Default::default()
    };
    let items = collect(client.list_numbered_stream(&params)).await;
    assert_eq!(ids(&items), ["a", "b", "c", "d", "e"]);
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/api/v2/numbered?pageSize=2&q=x",
            "/api/v2/numbered?pageNumber=2&pageSize=2&q=x",
            "/api/v2/numbered?pageNumber=3&pageSize=2&q=x",
        ]
    );
}

#[tokio::test]
async fn a_failing_middle_page_yields_its_typed_error_and_ends_the_stream() {
    let server = Server::start(vec![
        json(200, r#"{"items":[{"id":"a"},{"id":"b"}],"totalItems":9}"#),
        json(422, r#"{"detail":"page too far"}"#),
        json(200, r#"{"items":[{"id":"never"}],"totalItems":9}"#),
    ])
    .await;
    let client = pages_client(&server);
    let params = pages::ListNumberedParams {
        page_size: Some(2),
        ..Default::default()
    };
    let items = collect(client.list_numbered_stream(&params)).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(matches!(
        &items[2],
        Err(pages::Error::Api(pages::ListNumberedError::UnprocessableEntity(body)))
            if body.detail.as_deref() == Some("page too far")
    ));
    assert_eq!(
        server.requests().len(),
        2,
        "nothing is fetched after the error"
    );
}

#[tokio::test]
async fn cursors_follow_the_response_and_a_repeated_cursor_does_not_loop() {
    let page = r#"{"data":[{"id":"a"}],"last_id":"a","has_more":true}"#;
    let server = Server::start(vec![json(200, page), json(200, page), json(200, page)]).await;
    let client = pages_client(&server);
    let params = pages::ListCursorParams {
        limit: Some(1),
        ..Default::default()
    };
    let items = collect(client.list_cursor_stream("o w", &params)).await;
    assert_eq!(ids(&items), ["a", "a"]);
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/api/v2/cursor/o%20w?limit=1",
            "/api/v2/cursor/o%20w?after=a&limit=1"
        ]
    );
}

#[tokio::test]
async fn offsets_advance_by_the_items_seen_until_the_total() {
    let server = Server::start(vec![
        json(
            200,
            r#"{"results":[{"id":"a"},{"id":"b"}],"meta":{"total":3}}"#,
        ),
        json(200, r#"{"results":[{"id":"c"}],"meta":{"total":3}}"#),
    ])
    .await;
    let client = pages_client(&server);
    let params = pages::ListOffsetParams {
        limit: Some(2),
        ..Default::default()
    };
    let items = collect(client.list_offset_stream(&params)).await;
    assert_eq!(ids(&items), ["a", "b", "c"]);
    let last = server.requests().pop().expect("two requests");
    assert_eq!(last.path, "/api/v2/offset?offset=2&limit=2");
}

#[tokio::test]
async fn page_tokens_stop_when_the_response_gives_none() {
    let server = Server::start(vec![
        json(200, r#"{"items":[{"id":"a"}],"next_page":"t1"}"#),
        json(200, r#"{"items":[{"id":"b"}],"next_page":null}"#),
    ])
    .await;
    let client = pages_client(&server);
    let items = collect(client.list_tokens_stream(&Default::default())).await;
    assert_eq!(ids(&items), ["a", "b"]);
    let last = server.requests().pop().expect("two requests");
    assert_eq!(last.path, "/api/v2/tokens?page_token=t1");
}

#[tokio::test]
async fn link_headers_are_followed_on_the_origin_and_a_cross_origin_link_gets_nothing() {
    let elsewhere = Server::start(vec![json(200, "[]")]).await;
    let server = Server::start(Vec::new()).await;
    let next = format!(
        "<{}/linked?page=2&per_page=1>; rel=\"next\"",
        server.base_url()
    );
    let away = format!("<{}/linked?page=3>; rel=\"next\"", elsewhere.base_url());
    let linked = |link: &str, body: &str| {
        let headers = [("Content-Type", "application/json"), ("Link", link)];
        respond(200, &headers, body)
    };
    server.push(vec![
        linked(&next, r#"[{"id":"a"}]"#),
        linked(&away, r#"[{"id":"b"}]"#),
    ]);
    let client = pages_client(&server);
    let params = pages::ListLinkedParams {
        per_page: Some(1),
        ..Default::default()
    };
    let items = collect(client.list_linked_stream(&params)).await;
    let ids = ids(&items);
    assert_eq!(ids[..2], ["a", "b"]);
    assert!(ids[2].contains("leaves the api's origin"), "{ids:?}");
    let requests = server.requests();
    assert_eq!(requests[1].path, "/api/v2/linked?page=2&per_page=1");
    assert_eq!(requests[1].header("x-key"), Some(support::KEY));
    assert!(
        elsewhere.requests().is_empty(),
        "nothing is sent off the origin"
    );
}

/// An event-stream response head, the body written as it is until the connection closes.
fn event_stream(body: &str) -> Vec<u8> {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";
    format!("{head}{body}").into_bytes()
}

#[tokio::test]
async fn events_are_decoded_with_every_line_ending_and_the_stream_flag_is_sent() {
    let body = ": a comment\r\ndata: {\"delta\":\"a\"}\r\n\r\n\
                event: chunk\rdata: {\"delta\":\rdata: \"b\"}\r\r\
                id: 7\ndata: {\"delta\":\"c\"}\n\n\
                data: [DONE]\n\ndata: {\"delta\":\"never\"}\n\n";
    let server = Server::start(vec![Reply::Raw(event_stream(body))]).await;
    let client = streams_client(&server);
    let request = streams::ChatBody::new("hi");
    let stream = client.chat_stream(&request).await.expect("opened");
    let events: Vec<_> = collect(stream)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let deltas: Vec<&str> = events.iter().map(|e| e.data.delta.as_str()).collect();
    assert_eq!(deltas, ["a", "b", "c"]);
    assert_eq!(events[1].event, "chunk");
    assert_eq!(events[2].id.as_deref(), Some("7"));
    let sent = &server.requests()[0];
    assert_eq!(sent.header("accept"), Some("text/event-stream"));
    assert_eq!(sent.json()["stream"], true);
    assert_eq!(request.stream, None, "the caller's body is left as it was");
}

#[tokio::test]
async fn a_documented_error_comes_before_the_stream_typed() {
    let server = Server::start(vec![json(400, r#"{"message":"no"}"#)]).await;
    let client = streams_client(&server);
    let outcome = client.chat_stream(&streams::ChatBody::new("hi")).await;
    assert!(matches!(
        outcome,
        Err(streams::Error::Api(streams::ChatError::BadRequest(body)))
            if body.message.as_deref() == Some("no")
    ));
}

#[tokio::test]
async fn the_first_event_arrives_before_the_server_finishes_and_a_cut_is_an_error() {
    let body = "data: {\"delta\":\"early\"}\n\n";
    let server = Server::start(vec![
        Reply::StallAfter(event_stream(body)),
        Reply::ResetAfter(event_stream("data: {\"delta\":\"a\"}\n\ndata: {\"del")),
    ])
    .await;
    let client = streams_client(&server);
    let request = streams::ChatBody::new("hi");
    let mut stream = client.chat_stream(&request).await.expect("opened");
    let first = tokio::time::timeout(std::time::Duration::from_secs(5), next(&mut stream)).await;
    let first = first
        .expect("before the server's stall ends")
        .expect("an event");
    assert_eq!(first.expect("decoded").data.delta, "early");
    let cut = collect(client.chat_stream(&request).await.expect("opened")).await;
    assert_eq!(cut.len(), 2, "{cut:?}");
    assert!(
        matches!(cut[1], Err(streams::Error::Transport { .. })),
        "{cut:?}"
    );
}

#[tokio::test]
async fn json_lines_sequences_and_bytes_are_read_as_they_come() {
    let head = |media: &str| {
        format!("HTTP/1.1 200 OK\r\nContent-Type: {media}\r\nConnection: close\r\n\r\n")
    };
    let lines = format!(
        "{}{{\"status\":\"a\"}}\r\n\n{{\"status\":\"b\",\"completed\":2}}",
        head("application/x-ndjson")
    );
    let records = format!(
        "{}\x1e{{\"status\":\"c\"}}\n\x1e{{\"status\":\"d\"}}\n",
        head("application/json-seq")
    );
    let audio = format!("{}ID3 bytes", head("audio/mpeg"));
    let server = Server::start(vec![
        Reply::Raw(lines.into_bytes()),
        Reply::Raw(records.into_bytes()),
        Reply::Raw(audio.into_bytes()),
    ])
    .await;
    let client = streams_client(&server);
    let pulled = collect(client.pull_stream(None).await.expect("opened")).await;
    let statuses: Vec<_> = pulled.into_iter().map(|p| p.unwrap().status).collect();
    assert_eq!(statuses, [Some("a".into()), Some("b".into())]);
    assert_eq!(
        server.requests()[0].header("accept"),
        Some("application/x-ndjson")
    );
    let records = collect(client.records_stream().await.expect("opened")).await;
    let statuses: Vec<_> = records.into_iter().map(|p| p.unwrap().status).collect();
    assert_eq!(statuses, [Some("c".into()), Some("d".into())]);
    let chunks = collect(client.speech_stream("v").await.expect("opened")).await;
    let bytes: Vec<u8> = chunks.into_iter().flat_map(Result::unwrap).collect();
    assert_eq!(bytes, b"ID3 bytes");
}
