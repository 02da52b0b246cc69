//! The client generated from the whole Browser Use API, called against a real local server:
//! one operation of each kind (path parameter, query parameters, PATCH body, DELETE answered 204,
//! list response, create), checking what went on the wire and what the call returned.

// Without the shared specs beside the repository there is no client to test: `tests/skipped.rs`
// says so instead.
#![cfg(full_api_spec)]

// The shared support module names the client crate `browser_use_client`; this alias at the crate
// root puts that name in the extern prelude, so the module works unchanged for this crate.
extern crate browser_use_full_api as browser_use_client;

#[path = "../../../tests/support/mod.rs"]
mod support;

use browser_use_client::{
    Client, DeleteSkillError, Error, GetMarketplaceSkillError, GetTaskError, HttpValidationError,
    ListTasksParams, SessionStatus, SessionUpdateAction, SkillNotFoundError, TaskNotFoundError,
    TaskStatus, TaskUpdateAction, UpdateSessionRequest, UpdateTaskRequest, ValidationError,
    ValidationErrorLocItem,
};
use openapi_rust_runtime::Stream;
use support::{
    assert_error_chain_has_no_key, builder, call, json, respond, Recorded, Server, CREATED, KEY,
};

const TASK_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const SESSION_ID: &str = "9b2f0c1e-4d3a-4e8b-a1c2-7f6e5d4c3b2a";

fn uuid(text: &str) -> uuid::Uuid {
    text.parse().unwrap()
}

/// A task as the server describes it, with only its required fields and an output.
fn task_json() -> String {
    format!(
        r#"{{"id":"{TASK_ID}","sessionId":"{SESSION_ID}","llm":"gpt-4.1","task":"Find a flight",
            "status":"finished","createdAt":"2025-06-01T10:00:00Z","steps":[],"outputFiles":[],
            "output":"EUR 89"}}"#
    )
}

/// The one request the server received.
fn only_request(server: &Server) -> Recorded {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    requests.into_iter().next().unwrap()
}

/// Checks what every authenticated call without a body sends.
fn assert_bodiless_with_key(sent: &Recorded) {
    assert_eq!(sent.header("x-browser-use-api-key"), Some(KEY));
    assert_eq!(sent.header("accept"), Some("application/json"));
    assert_eq!(sent.header("content-type"), None);
    assert!(sent.body.is_empty());
}

async fn client(server: &Server) -> Client {
    builder(server).build().unwrap()
}

#[tokio::test]
async fn get_task_puts_the_id_in_the_path() {
    let server = Server::start(vec![json(200, &task_json())]).await;
    let task = client(&server).await.get_task(uuid(TASK_ID)).await.unwrap();

    let sent = only_request(&server);
    assert_eq!(sent.method, "GET");
    assert_eq!(sent.path, format!("/api/v2/tasks/{TASK_ID}"));
    assert_bodiless_with_key(&sent);
    assert_eq!(task.id, uuid(TASK_ID));
    assert_eq!(task.session_id, uuid(SESSION_ID));
    assert_eq!(task.status, TaskStatus::Finished);
    assert_eq!(task.output.as_deref(), Some("EUR 89"));
    assert!(task.steps.is_empty() && task.output_files.is_empty());
}

#[tokio::test]
async fn list_tasks_sends_the_filters_that_are_set() {
    let page = format!(
        r#"{{"items":[{}],"totalItems":1,"pageNumber":2,"pageSize":5}}"#,
        task_json()
    );
    let server = Server::start(vec![json(200, &page)]).await;
    let params = ListTasksParams {
        page_size: Some(5),
        page_number: Some(2),
        filter_by: Some(TaskStatus::Finished),
        after: Some("2025-06-01T00:00:00+02:00".into()),
        ..ListTasksParams::default()
    };
    let listed = client(&server).await.list_tasks(&params).await.unwrap();

    let sent = only_request(&server);
    assert_eq!(sent.method, "GET");
    // `sessionId` and `before` are unset, so absent; the `:` and `+` of the date are encoded.
    assert_eq!(
        sent.path,
        "/api/v2/tasks?pageSize=5&pageNumber=2&filterBy=finished\
         &after=2025-06-01T00%3A00%3A00%2B02%3A00"
    );
    assert_bodiless_with_key(&sent);
    assert_eq!(
        (listed.total_items, listed.page_number, listed.page_size),
        (1, 2, 5)
    );
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].id, uuid(TASK_ID));
    assert_eq!(listed.items[0].status, TaskStatus::Finished);
}

#[tokio::test]
async fn list_tasks_stream_walks_the_page_numbers_until_the_total() {
    let page = |number: u32| {
        let body = format!(
            r#"{{"items":[{}],"totalItems":2,"pageNumber":{number},"pageSize":1}}"#,
            task_json()
        );
        json(200, &body)
    };
    let server = Server::start(vec![page(1), page(2), page(3)]).await;
    let params = ListTasksParams {
        page_size: Some(1),
        filter_by: Some(TaskStatus::Finished),
        ..ListTasksParams::default()
    };
    let client = client(&server).await;
    let mut stream = Box::pin(client.list_tasks_stream(&params));
    let mut tasks = Vec::new();
    while let Some(task) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        tasks.push(task.unwrap());
    }
    assert_eq!(tasks.len(), 2, "the total of two items ends the walk");
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/api/v2/tasks?pageSize=1&filterBy=finished",
            "/api/v2/tasks?pageSize=1&pageNumber=2&filterBy=finished",
        ]
    );
}

#[tokio::test]
async fn list_tasks_leaves_unset_parameters_to_the_server_defaults() {
    let page = r#"{"items":[],"totalItems":0,"pageNumber":1,"pageSize":10}"#;
    let server = Server::start(vec![json(200, page)]).await;
    let params = ListTasksParams {
        session_id: Some(uuid(SESSION_ID)),
        ..ListTasksParams::default()
    };
    let listed = client(&server).await.list_tasks(&params).await.unwrap();
    let sent = only_request(&server);
    // `pageSize` and `pageNumber` have documented defaults; unset, they are left out.
    assert_eq!(sent.path, format!("/api/v2/tasks?sessionId={SESSION_ID}"));
    assert!(listed.items.is_empty());
}

#[tokio::test]
async fn update_session_patches_with_a_json_body() {
    let session = format!(
        r#"{{"id":"{SESSION_ID}","status":"stopped","startedAt":"2025-06-01T10:00:00Z",
            "tasks":[]}}"#
    );
    let server = Server::start(vec![json(200, &session)]).await;
    let body = UpdateSessionRequest {
        action: SessionUpdateAction::Stop,
    };
    let updated = client(&server)
        .await
        .update_session(uuid(SESSION_ID), &body)
        .await
        .unwrap();

    let sent = only_request(&server);
    assert_eq!(sent.method, "PATCH");
    assert_eq!(sent.path, format!("/api/v2/sessions/{SESSION_ID}"));
    assert_eq!(sent.header("x-browser-use-api-key"), Some(KEY));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(sent.body, br#"{"action":"stop"}"#);
    assert_eq!(updated.id, uuid(SESSION_ID));
    assert_eq!(updated.status, SessionStatus::Stopped);
    // The spec's defaults fill what the server left out.
    assert!(updated.tasks.is_empty() && updated.keep_alive);
}

#[tokio::test]
async fn update_task_sends_its_action_by_wire_name() {
    let server = Server::start(vec![json(200, &task_json())]).await;
    let body = UpdateTaskRequest {
        action: TaskUpdateAction::StopTaskAndSession,
    };
    let task = client(&server)
        .await
        .update_task(uuid(TASK_ID), &body)
        .await
        .unwrap();
    let sent = only_request(&server);
    assert_eq!(sent.method, "PATCH");
    assert_eq!(sent.path, format!("/api/v2/tasks/{TASK_ID}"));
    assert_eq!(sent.body, br#"{"action":"stop_task_and_session"}"#);
    assert_eq!(task.id, uuid(TASK_ID));
}

#[tokio::test]
async fn delete_skill_answered_204_returns_unit() {
    let server = Server::start(vec![respond(204, &[], "")]).await;
    let deleted = client(&server).await.delete_skill(uuid(TASK_ID)).await;
    assert!(matches!(deleted, Ok(())), "{deleted:?}");

    let sent = only_request(&server);
    assert_eq!(sent.method, "DELETE");
    assert_eq!(sent.path, format!("/api/v2/skills/{TASK_ID}"));
    assert_bodiless_with_key(&sent);
}

#[tokio::test]
async fn delete_skill_documented_errors_are_typed() {
    let server = Server::start(vec![json(404, "{}")]).await;
    let err = client(&server)
        .await
        .delete_skill(uuid(TASK_ID))
        .await
        .unwrap_err();
    assert_error_chain_has_no_key(&err);
    match err {
        Error::Api(DeleteSkillError::NotFound(SkillNotFoundError { detail })) => {
            assert!(
                !detail.is_empty(),
                "the spec's default detail fills the empty body"
            );
        }
        other => panic!("expected the documented 404, got {other:?}"),
    }
}

#[tokio::test]
async fn create_skill_sends_the_documented_request() {
    let server = Server::start(vec![json(202, CREATED)]).await;
    let created = call(&client(&server).await, &support::request())
        .await
        .unwrap();
    assert_eq!(created.id, uuid(TASK_ID));

    let sent = only_request(&server);
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path, "/api/v2/skills");
    assert_eq!(sent.header("x-browser-use-api-key"), Some(KEY));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    let expected = r#"{"goal":"Find the cheapest flight between two cities","agentPrompt":"Open a flight search site and return the cheapest fare"}"#;
    assert_eq!(String::from_utf8(sent.body).unwrap(), expected);
}

#[tokio::test]
async fn get_task_404_and_422_are_the_documented_errors() {
    let not_found = r#"{"detail":"Task 3fa8 not found"}"#;
    let invalid = r#"{"detail":[{"loc":["path","task_id"],"msg":"Input should be a valid UUID","type":"uuid_parsing"}]}"#;
    let server = Server::start(vec![json(404, not_found), json(422, invalid)]).await;
    let client = client(&server).await;

    let err = client.get_task(uuid(TASK_ID)).await.unwrap_err();
    assert_error_chain_has_no_key(&err);
    assert_eq!(err.status(), Some(404));
    let expected = GetTaskError::NotFound(TaskNotFoundError {
        detail: "Task 3fa8 not found".into(),
    });
    assert!(
        matches!(&err, Error::Api(api) if *api == expected),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the api returned an error: 404 Task not found"
    );

    let err = client.get_task(uuid(TASK_ID)).await.unwrap_err();
    let expected = GetTaskError::UnprocessableEntity(HttpValidationError {
        detail: Some(vec![ValidationError {
            loc: vec![
                ValidationErrorLocItem::String("path".into()),
                ValidationErrorLocItem::String("task_id".into()),
            ],
            msg: "Input should be a valid UUID".into(),
            r#type: "uuid_parsing".into(),
        }]),
    });
    assert!(
        matches!(&err, Error::Api(api) if *api == expected),
        "{err:?}"
    );
    assert_eq!(err.status(), Some(422));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_string_path_parameter_is_encoded_once() {
    let server = Server::start(vec![json(404, r#"{"detail":"no such skill"}"#)]).await;
    let slug = "flights/cheap 100%é?#";
    let err = client(&server)
        .await
        .get_marketplace_skill(slug)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Api(GetMarketplaceSkillError::NotFound(_))),
        "{err:?}"
    );
    let sent = only_request(&server);
    assert_eq!(
        sent.path,
        "/api/v2/marketplace/skills/flights%2Fcheap%20100%25%C3%A9%3F%23"
    );
    // The operation documents no security, so no credential is sent.
    assert_eq!(sent.header("x-browser-use-api-key"), None);
}

#[tokio::test]
async fn a_path_parameter_that_would_change_the_path_is_refused_before_sending() {
    let server = Server::start(vec![]).await;
    let client = client(&server).await;
    for slug in ["", ".", ".."] {
        let err = client.get_marketplace_skill(slug).await.unwrap_err();
        match &err {
            Error::InvalidRequest(invalid) => assert_eq!(invalid.field(), "path"),
            other => panic!("expected an invalid request for {slug:?}, got {other:?}"),
        }
    }
    assert!(server.requests().is_empty());
}
