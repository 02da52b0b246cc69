//! `create_skill` against a real local HTTP server: what goes on the wire, how every kind of
//! answer is decoded, client-side validation, builder checks and secrecy of the key.

mod support;

use browser_use_client::{
    ApiError, BuildError, Client, CreateSkillError, CreateSkillRequest, Error,
    ValidationErrorLocItem, Violation,
};
use support::{
    assert_error_chain_has_no_key, assert_no_key, builder, call, json, request, respond,
    response_bytes, Reply, Server, CREATED, KEY,
};

#[tokio::test]
async fn sends_the_documented_request() {
    let server = Server::start(vec![json(202, CREATED)]).await;
    let client = builder(&server).build().unwrap();
    let created = call(&client, &request()).await.unwrap();
    assert_eq!(
        created.id.to_string(),
        "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path, "/api/v2/skills");
    assert_eq!(sent.header("x-browser-use-api-key"), Some(KEY));
    let user_agent = concat!("browser-use-client/", env!("CARGO_PKG_VERSION"));
    assert_eq!(sent.header("user-agent"), Some(user_agent));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(sent.header("accept"), Some("application/json"));
    // Null optionals are omitted and the prompt goes by its wire name.
    let expected = r#"{"goal":"Find the cheapest flight between two cities","agentPrompt":"Open a flight search site and return the cheapest fare"}"#;
    assert_eq!(String::from_utf8(sent.body.clone()).unwrap(), expected);
    assert_eq!(
        sent.header("content-length"),
        Some(&*expected.len().to_string())
    );
    // The key travels in its own header and nowhere else.
    let carrying_key: Vec<&str> = sent
        .headers
        .iter()
        .filter(|(_, value)| value.contains(KEY))
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(carrying_key, ["x-browser-use-api-key"]);
    assert!(!sent.path.contains(KEY));
}

#[tokio::test]
async fn sends_optional_fields_when_set() {
    let server = Server::start(vec![json(202, CREATED)]).await;
    let client = builder(&server).build().unwrap();
    let mut body = CreateSkillRequest::new("goal", "a prompt of some length");
    body.title = Some("Flights".into());
    body.description = Some("Finds \"cheap\" flights ✈".into());
    call(&client, &body).await.unwrap();
    let sent = &server.requests()[0];
    let expected = serde_json::json!({
        "title": "Flights",
        "description": "Finds \"cheap\" flights ✈",
        "goal": "goal",
        "agentPrompt": "a prompt of some length",
    });
    assert_eq!(sent.json(), expected);
}

#[tokio::test]
async fn a_trailing_slash_on_the_base_url_does_not_double_the_slash() {
    let server = Server::start(vec![json(202, CREATED), json(202, CREATED)]).await;
    let with_slash = builder(&server)
        .base_url(format!("{}/", server.base_url()))
        .build()
        .unwrap();
    call(&with_slash, &request()).await.unwrap();
    let host_only = builder(&server)
        .base_url(format!("http://{}/", server.addr))
        .build()
        .unwrap();
    call(&host_only, &request()).await.unwrap();
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/api/v2/skills", "/skills"]);
}

/// Runs one call against a server answering `reply`, asserting exactly one request was sent.
async fn error_for(reply: Reply) -> Error<CreateSkillError> {
    let server = Server::start(vec![reply]).await;
    let client = builder(&server).max_retries(3).build().unwrap();
    let err = call(&client, &request()).await.unwrap_err();
    assert_eq!(server.requests().len(), 1, "no retry expected for {err:?}");
    err
}

/// The documented status of an error, by a match without a wildcard arm: the operation's error
/// enum is exhaustive, so this compiles only while it lists exactly the documented statuses,
/// and a status added to the spec stops the build here, where it must be handled.
fn documented_status(error: &CreateSkillError) -> u16 {
    match error {
        CreateSkillError::BadRequest(_) => 400,
        CreateSkillError::PaymentRequired(_) => 402,
        CreateSkillError::UnprocessableEntity(_) => 422,
        CreateSkillError::TooManyRequests(_) => 429,
    }
}

#[tokio::test]
async fn documented_errors_match_exhaustively() {
    let cases = [
        (400, r#"{"detail":"busy"}"#),
        (402, "{}"),
        (422, r#"{"detail":[]}"#),
    ];
    for (status, body) in cases {
        let Error::Api(error) = error_for(json(status, body)).await else {
            panic!("expected a typed {status}");
        };
        assert_eq!(documented_status(&error), status);
        assert_eq!(error.status(), status);
    }
}

#[tokio::test]
async fn documented_400_is_typed() {
    let body = r#"{"detail":"Concurrent skill creations are not allowed."}"#;
    match error_for(json(400, body)).await {
        Error::Api(CreateSkillError::BadRequest(error)) => {
            assert_eq!(error.detail, "Concurrent skill creations are not allowed.")
        }
        other => panic!("expected a typed 400, got {other:?}"),
    }
}

#[tokio::test]
async fn documented_402_with_an_empty_object_gets_the_spec_default() {
    let err = error_for(json(402, "{}")).await;
    assert_eq!(err.status(), Some(402));
    assert_eq!(
        err.to_string(),
        "the api returned an error: 402 Insufficient credits to create skill"
    );
    match err {
        Error::Api(CreateSkillError::PaymentRequired(error)) => {
            assert_eq!(error.detail, "Insufficient credits")
        }
        other => panic!("expected a typed 402, got {other:?}"),
    }
}

#[tokio::test]
async fn documented_422_keeps_fastapi_locations() {
    let body = r#"{"detail":[
        {"type":"string_too_short","loc":["body","agentPrompt"],"msg":"String should have at least 10 characters","input":"short","ctx":{"min_length":10}},
        {"type":"missing","loc":["body","steps",0,"url"],"msg":"Field required","input":null}
    ]}"#;
    let Error::Api(CreateSkillError::UnprocessableEntity(error)) = error_for(json(422, body)).await
    else {
        panic!("expected a typed 422");
    };
    let detail = error.detail.expect("detail is present");
    assert_eq!(detail.len(), 2);
    assert_eq!(detail[0].msg, "String should have at least 10 characters");
    assert_eq!(detail[0].r#type, "string_too_short");
    use ValidationErrorLocItem::{Integer, String as Text};
    let loc = [
        Text("body".into()),
        Text("steps".into()),
        Integer(0),
        Text("url".into()),
    ];
    assert_eq!(detail[1].loc, loc);
}

#[tokio::test]
async fn documented_429_is_typed_when_retries_are_off() {
    let server = Server::start(vec![json(429, r#"{"detail":"slow down"}"#)]).await;
    let client = builder(&server).build().unwrap();
    let err = call(&client, &request()).await.unwrap_err();
    assert_eq!(err.status(), Some(429));
    match err {
        Error::Api(api @ CreateSkillError::TooManyRequests(_)) => {
            assert_eq!(api.status(), 429);
            assert_eq!(api.description(), "Too many concurrent active sessions");
        }
        other => panic!("expected a typed 429, got {other:?}"),
    }
}

#[tokio::test]
async fn undocumented_statuses_keep_status_headers_and_raw_body() {
    let cases = [
        (
            401,
            r#"{"detail":"Not authenticated"}"#,
            "check the api key",
        ),
        (403, "forbidden", "check the api key"),
        (404, r#"{"detail":"Not Found"}"#, "check the base url"),
        (500, "Internal Server Error", ""),
        (502, "<html><body>502 Bad Gateway</body></html>", ""),
    ];
    for (status, raw, hint) in cases {
        let headers = [("Content-Type", "text/plain"), ("X-Request-Id", "req-42")];
        let err = error_for(respond(status, &headers, raw)).await;
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.attempts(), Some(1));
        let message = err.to_string();
        assert!(
            message.starts_with(&format!("unexpected http status {status}")),
            "{message}"
        );
        assert!(message.contains(hint), "{message}");
        let Error::UnexpectedStatus { headers, body, .. } = err else {
            panic!("expected an unexpected status for {status}");
        };
        assert_eq!(body, raw);
        assert_eq!(headers.get("X-Request-Id"), Some("req-42"));
    }
}

/// Asserts `err` is a decode error for `status` carrying `raw` and a non-empty decoder message.
fn assert_decode(err: Error<CreateSkillError>, status: u16, raw: &str) -> String {
    assert_eq!(err.status(), Some(status));
    let text = err.to_string();
    assert!(text.starts_with(&format!(
        "could not decode the body of the {status} response"
    )));
    match err {
        Error::Decode {
            status: got,
            body,
            message,
        } => {
            assert_eq!((got, body.as_str()), (status, raw));
            assert!(!message.is_empty());
            message
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_success_bodies_are_decode_errors() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let bodies = ["", html, r#"{"id":"3fa85f64-5717"#, "{\"id\":", "null"];
    for raw in bodies {
        assert_decode(error_for(json(202, raw)).await, 202, raw);
    }
    let missing = assert_decode(error_for(json(202, "{}")).await, 202, "{}");
    assert!(missing.contains("missing field `id`"), "{missing}");
    let bad_uuid = r#"{"id":"not-a-uuid"}"#;
    let message = assert_decode(error_for(json(202, bad_uuid)).await, 202, bad_uuid);
    assert!(message.to_lowercase().contains("uuid"), "{message}");
}

#[tokio::test]
async fn bad_error_bodies_are_decode_errors_with_their_status() {
    let html = "<html>proxy error</html>";
    assert_decode(error_for(respond(402, &[], html)).await, 402, html);
    assert_decode(error_for(json(400, "")).await, 400, "");
    let truncated = r#"{"detail":[{"loc":["body"#;
    assert_decode(error_for(json(422, truncated)).await, 422, truncated);
    let wrong_shape = r#"{"detail":42}"#;
    assert_decode(error_for(json(400, wrong_shape)).await, 400, wrong_shape);
}

#[tokio::test]
async fn a_body_cut_short_of_its_content_length_is_a_transport_error() {
    for status in [202, 402] {
        let partial = r#"{"id":"3fa85f64"#;
        let bytes = response_bytes(status, &[], partial, 100);
        let err = error_for(Reply::Raw(bytes)).await;
        assert!(
            matches!(err, Error::Transport { attempts: 1, .. }),
            "{err:?}"
        );
        assert!(std::error::Error::source(&err).is_some());
        assert_eq!(err.status(), None);
    }
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused() {
    let big = format!(r#"{{"id":"{}"}}"#, "x".repeat(500));
    let server = Server::start(vec![json(202, &big), Reply::Raw(chunked(&big))]).await;
    let client = builder(&server).max_response_body(64).build().unwrap();
    for _ in 0..2 {
        let err = call(&client, &request()).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::BodyTooLarge {
                    status: 202,
                    limit: 64
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("max_response_body"));
    }
    // The cap applies to the body only: one just under it is read in full.
    let server = Server::start(vec![json(202, CREATED)]).await;
    let client = builder(&server)
        .max_response_body(CREATED.len() as u64)
        .build()
        .unwrap();
    call(&client, &request()).await.unwrap();
}

/// A chunked 202 response without `Content-Length`, so the cap is found while reading.
fn chunked(body: &str) -> Vec<u8> {
    let mut raw = String::from("HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n");
    raw.push_str("Connection: close\r\n\r\n");
    for piece in body.as_bytes().chunks(40) {
        raw.push_str(&format!(
            "{:x}\r\n{}\r\n",
            piece.len(),
            String::from_utf8_lossy(piece)
        ));
    }
    raw.push_str("0\r\n\r\n");
    raw.into_bytes()
}

/// Calls `create_skill` with `body` and returns the validation error, asserting no request left.
async fn invalid(body: CreateSkillRequest) -> browser_use_client::InvalidRequest {
    let server = Server::start(vec![]).await;
    let client = builder(&server).build().unwrap();
    let err = call(&client, &body).await.unwrap_err();
    assert!(
        server.requests().is_empty(),
        "an invalid request reached the server"
    );
    assert_eq!(err.status(), None);
    assert_eq!(err.attempts(), None);
    match err {
        Error::InvalidRequest(invalid) => invalid,
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

#[tokio::test]
async fn every_constraint_is_checked_before_sending() {
    let mut body = request();
    body.title = Some("t".repeat(101));
    let err = invalid(body).await;
    assert_eq!(err.field(), "title");
    assert_eq!(
        err.violation(),
        &Violation::MaxLength {
            limit: 100,
            actual: 101
        }
    );
    assert_eq!(
        err.to_string(),
        "invalid request: `title` must be at most 100 characters long, got 101"
    );

    let mut body = request();
    body.description = Some("d".repeat(1001));
    assert_eq!(invalid(body).await.field(), "description");

    let err = invalid(CreateSkillRequest::new("goal", "too short")).await;
    assert_eq!(
        err.to_string(),
        "invalid request: `agent_prompt` must be at least 10 characters long, got 9"
    );
}

#[tokio::test]
async fn lengths_are_counted_in_code_points() {
    let prompt = "Return the answer";
    let server = Server::start(vec![json(202, CREATED), json(202, CREATED)]).await;
    let client = builder(&server).build().unwrap();
    for unit in ["漢", "😀"] {
        let goal = unit.repeat(1000);
        assert!(goal.len() >= 3000);
        call(&client, &CreateSkillRequest::new(goal.clone(), prompt))
            .await
            .unwrap();
        let err = invalid(CreateSkillRequest::new(format!("{goal}{unit}"), prompt)).await;
        assert_eq!(err.field(), "goal");
        assert_eq!(
            err.to_string(),
            "invalid request: `goal` must be at most 1000 characters long, got 1001"
        );
    }
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].json()["goal"], "漢".repeat(1000));
    assert_eq!(sent[1].json()["goal"], "😀".repeat(1000));
    // A 9-character prompt of 4-byte characters is still too short.
    let err = invalid(CreateSkillRequest::new("goal", "😀".repeat(9))).await;
    assert!(matches!(
        err.violation(),
        Violation::MinLength {
            limit: 10,
            actual: 9
        }
    ));
}

fn build_error(builder: browser_use_client::ClientBuilder) -> BuildError {
    let err = builder.build().unwrap_err();
    assert_error_chain_has_no_key(&err);
    err
}

#[test]
fn the_builder_refuses_what_cannot_work() {
    let err = build_error(Client::builder());
    assert!(matches!(err, BuildError::MissingApiKey { .. }));
    assert!(err.to_string().contains("BROWSER_USE_API_KEY"));

    let err = build_error(Client::builder().api_key(format!("{KEY}\n")));
    assert!(matches!(err, BuildError::InvalidApiKey), "{err:?}");

    let with_key = || Client::builder().api_key(KEY);
    let err = build_error(with_key().base_url("not a url"));
    assert!(err.to_string().starts_with("invalid base url: "), "{err}");
    // A key pasted into the URL as a password must not be echoed back.
    let err = build_error(with_key().base_url(format!("https://user:{KEY}@example.com/api/v2")));
    assert!(err.to_string().contains("credentials"), "{err}");
    let err = build_error(with_key().base_url("ftp://example.com/api/v2"));
    assert!(err.to_string().contains("http or https"), "{err}");
    let err = build_error(with_key().base_url("file:///etc/passwd"));
    assert!(matches!(err, BuildError::InvalidBaseUrl { .. }));

    let client = with_key().build().unwrap();
    assert_eq!(client.base_url(), "https://api.browser-use.com/api/v2");
}

#[test]
fn the_key_is_redacted_from_client_and_builder() {
    let builder = Client::builder()
        .api_key(KEY)
        .base_url("http://127.0.0.1:1/api/v2");
    let builder_text = format!("{builder:?}");
    assert!(builder_text.contains("redacted"), "{builder_text}");
    assert!(!builder_text.contains(KEY));
    let client = builder.clone().build().unwrap();
    for text in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", client.clone()),
    ] {
        assert!(text.contains("redacted"), "{text}");
        assert!(!text.contains(KEY), "{text}");
    }
    assert_no_key(&BuildError::MissingApiKey {
        env: Some("BROWSER_USE_API_KEY"),
    });
}

#[test]
fn errors_and_calls_can_cross_threads() {
    fn send_sync<T: Send + Sync + 'static>() {}
    fn send<T: Send>(_: &T) {}
    send_sync::<Error<CreateSkillError>>();
    send_sync::<BuildError>();
    send_sync::<Client>();
    let client = Client::builder().api_key(KEY).build().unwrap();
    let body = request();
    // A call's future must be spawnable on a multi-threaded runtime.
    send(&client.create_skill(&body));
}
