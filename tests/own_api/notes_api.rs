//! The client generated from `spec/notes.yaml` (OpenAPI 3.1, HTTP bearer auth, the relative
//! server `/api`, env prefix `NOTES`) against a local server: what `from_env` reads and
//! refuses, what two operations send and how they decode a success and a documented error.
//!
//! Copied by `tests/own_api.rs` of `browser-use-client` into the crate it makes, as
//! `tests/notes_api.rs`. One test function: it sets process environment variables.

mod server;

use openapi_rust_runtime::serde_json::{self, json};
use own_api_notes::{
    BuildError, Client, Conflict, Error, ListNotesParams, Note, NoteInput, PutNoteError,
    BASE_URL_ENV, TOKEN_ENV,
};
use server::{Seen, Server};

const TOKEN: &str = "notes-token-7Q";

fn respond(seen: &Seen) -> (u16, String) {
    let segments = seen.segments();
    match (seen.method.as_str(), segments.last().map(String::as_str)) {
        ("GET", Some("notes")) => (
            200,
            json!([
                {"id": 1, "text": "buy milk", "due": null, "tags": ["home"]},
                {"id": 2, "text": "ship it", "due": "2026-12-24"},
            ])
            .to_string(),
        ),
        ("PUT", Some("8")) => (409, r#"{"error":"stale","currentVersion":5}"#.into()),
        ("PUT", Some(id)) => {
            let body: serde_json::Value = serde_json::from_slice(&seen.body).unwrap_or_default();
            let id: i64 = id.parse().unwrap_or(-1);
            (
                200,
                json!({"id": id, "text": body["text"], "due": body["due"]}).to_string(),
            )
        }
        _ => (500, "{}".into()),
    }
}

/// What every request carries: the token as a bearer credential and nowhere else, this crate's
/// User-Agent.
fn check_common(seen: &Seen) {
    assert_eq!(
        seen.header("authorization"),
        [format!("Bearer {TOKEN}").as_str()],
        "{seen:?}"
    );
    assert!(!seen.raw_query.contains("notes-token"), "{seen:?}");
    assert_eq!(
        seen.header("user-agent"),
        ["own-api-notes/2.0.0"],
        "{seen:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_generated_client_sends_and_decodes_what_the_document_says() {
    assert_eq!(TOKEN_ENV, "NOTES_TOKEN");
    assert_eq!(BASE_URL_ENV, "NOTES_BASE_URL");

    // from_env without the token: refused, naming the variable.
    std::env::remove_var("NOTES_TOKEN");
    std::env::remove_var("NOTES_BASE_URL");
    let err = Client::from_env().expect_err("no token");
    assert!(
        matches!(err, BuildError::MissingBearerToken { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("NOTES_TOKEN"), "{err}");

    // With the token alone: the document's server is relative, so no base URL, and the error
    // names the variable that gives one.
    std::env::set_var("NOTES_TOKEN", TOKEN);
    let err = Client::from_env().expect_err("no base url");
    assert!(matches!(err, BuildError::MissingBaseUrl { .. }), "{err:?}");
    assert!(err.to_string().contains("NOTES_BASE_URL"), "{err}");
    let err = Client::builder()
        .bearer_token(TOKEN)
        .build()
        .expect_err("no base url");
    assert!(matches!(err, BuildError::MissingBaseUrl { .. }), "{err:?}");

    let server = Server::start(respond).await;
    let base_url = format!("{}/api", server.origin);
    std::env::set_var("NOTES_BASE_URL", &base_url);
    let client = Client::from_env().expect("a client from the environment");
    assert_eq!(client.base_url(), base_url);
    assert!(!format!("{client:?}").contains("notes-token"), "{client:?}");

    // GET with two query parameters, decoding an array.
    let params = ListNotesParams {
        limit: Some(2),
        tag: Some("work/urgent".to_string()),
    };
    let notes = client.list_notes(&params).await.expect("the notes");
    let mut first = Note::new(1, "buy milk");
    first.tags = Some(vec!["home".to_string()]);
    let mut second = Note::new(2, "ship it");
    second.due = Some("2026-12-24".to_string());
    assert_eq!(notes, [first, second]);
    let seen = server.next();
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.raw_path, "/api/notes");
    assert_eq!(
        seen.query(),
        [
            ("limit".to_string(), "2".to_string()),
            ("tag".to_string(), "work/urgent".to_string()),
        ]
    );
    check_common(&seen);

    // PUT with a path parameter and a JSON body: the required nullable field is sent as null,
    // the unset optional one left out.
    let input = NoteInput::new("call the plumber");
    let stored = client.put_note(7, &input).await.expect("the stored note");
    assert_eq!(stored, Note::new(7, "call the plumber"));
    let seen = server.next();
    assert_eq!(seen.method, "PUT");
    assert_eq!(seen.raw_path, "/api/notes/7");
    assert!(seen.query().is_empty(), "{seen:?}");
    let content_type = seen.header("content-type");
    assert!(
        content_type.len() == 1 && content_type[0].starts_with("application/json"),
        "{seen:?}"
    );
    let body: serde_json::Value = serde_json::from_slice(&seen.body).expect("a JSON body");
    assert_eq!(body, json!({"text": "call the plumber", "due": null}));
    check_common(&seen);

    // The documented 409: its typed body, through Error::Api.
    let mut input = NoteInput::new("late edit");
    input.due = Some("tomorrow".to_string());
    input.tags = Some(vec!["a".to_string(), "b".to_string()]);
    let err = client.put_note(8, &input).await.expect_err("a conflict");
    match &err {
        Error::Api(PutNoteError::Conflict(body)) => {
            assert_eq!(body, &Conflict::new("stale", 5));
        }
        other => panic!("expected Error::Api(PutNoteError::Conflict), got {other:?}"),
    }
    assert!(err.to_string().contains("409"), "{err}");
    assert!(!err.to_string().contains("notes-token"), "{err}");
    let seen = server.next();
    assert_eq!(seen.raw_path, "/api/notes/8");
    let body: serde_json::Value = serde_json::from_slice(&seen.body).expect("a JSON body");
    assert_eq!(
        body,
        json!({"text": "late edit", "due": "tomorrow", "tags": ["a", "b"]})
    );
    check_common(&seen);

    // A parameter outside the document's range (minimum 1) is refused before sending.
    let params = ListNotesParams {
        limit: Some(0),
        tag: None,
    };
    let err = client.list_notes(&params).await.expect_err("limit 0");
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    server.assert_no_more();

    std::env::remove_var("NOTES_TOKEN");
    std::env::remove_var("NOTES_BASE_URL");
}
