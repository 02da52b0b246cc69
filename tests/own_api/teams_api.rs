//! The client generated from `teams.yaml` (OpenAPI 3.0: three API-key schemes and a bearer
//! scheme, requirements of two schemes at once, alternatives, an optional requirement, and
//! `HEAD` operations; env prefix `TEAMS`) against a local server that answers 401 unless a
//! request carries every credential its operation needs.
//!
//! Copied by `tests/own_api.rs` of `browser-use-client` into the crate it makes, as
//! `tests/teams_api.rs`. One test function: it sets process environment variables.

mod server;

use own_api_teams::{Client, Error, FileExistsError, Violation};
use server::{Seen, Server};

/// Whether `seen` carries every one of `headers`.
fn has(seen: &Seen, headers: &[&str]) -> bool {
    headers.iter().all(|name| seen.header(name).len() == 1)
}

fn respond(seen: &Seen) -> (u16, String) {
    let path = seen.raw_path.as_str();
    let allowed = match (seen.method.as_str(), path) {
        ("GET", "/projects") => has(seen, &["x-api-key", "x-team-id"]),
        ("DELETE", _) => has(seen, &["x-admin-token", "x-team-id"]),
        ("GET", "/me") => has(seen, &["authorization"]) || has(seen, &["x-api-key"]),
        ("GET", "/status") | ("HEAD", "/ping") => true,
        ("HEAD", "/files/missing") => return (404, r#"{"detail":"none"}"#.into()),
        ("HEAD", _) => true,
        _ => false,
    };
    match (allowed, path) {
        (false, _) => (401, "{}".into()),
        (true, "/projects") => (200, r#"["alpha","beta"]"#.into()),
        (true, "/me") => {
            let via = match seen.header("authorization").is_empty() {
                true => "key",
                false => "bearer",
            };
            (200, format!(r#"{{"via":"{via}"}}"#))
        }
        (true, _) if seen.method == "DELETE" => (204, String::new()),
        (true, _) => (200, r#"{"detail":"a body a HEAD response must not have"}"#.into()),
    }
}

/// The setters an operation's refusal names, per alternative.
fn missing(err: &Error<impl std::fmt::Debug>) -> Vec<Vec<(&'static str, Option<&'static str>)>> {
    let Error::InvalidRequest(invalid) = err else {
        panic!("expected a refusal before sending, got {err:?}");
    };
    assert_eq!(invalid.field(), "auth");
    match invalid.violation() {
        Violation::MissingCredentials { alternatives } => alternatives
            .iter()
            .map(|missing| missing.iter().map(|m| (m.setter, m.env)).collect())
            .collect(),
        other => panic!("expected missing credentials, got {other:?}"),
    }
}

#[tokio::test(flavor = "current_thread")]
async fn every_scheme_a_requirement_names_is_sent_and_head_never_decodes() {
    let server = Server::start(respond).await;

    // Two keys required together, both from the environment.
    std::env::set_var("TEAMS_KEY", "key-1");
    std::env::set_var("TEAMS_TEAM_ID", "team-9");
    std::env::set_var("TEAMS_BASE_URL", &server.origin);
    std::env::remove_var("TEAMS_ADMIN_TOKEN");
    std::env::remove_var("TEAMS_TOKEN");
    let client = Client::from_env().expect("a client");
    let projects = client.list_projects().await.expect("projects");
    assert_eq!(projects, ["alpha", "beta"]);
    let seen = server.next();
    assert_eq!(seen.header("x-api-key"), ["key-1"]);
    assert_eq!(seen.header("x-team-id"), ["team-9"]);
    assert!(seen.header("x-admin-token").is_empty(), "{seen:?}");

    // One of the two: refused before sending, naming the missing setter and variable.
    let key_only = Client::builder()
        .base_url(&server.origin)
        .key("key-1")
        .build()
        .unwrap();
    let err = key_only.list_projects().await.unwrap_err();
    assert_eq!(missing(&err), [[("team_id", Some("TEAMS_TEAM_ID"))]]);
    assert!(err.to_string().contains("ClientBuilder::team_id (or TEAMS_TEAM_ID)"), "{err}");
    let err = key_only.delete_project(7).await.unwrap_err();
    assert_eq!(
        missing(&err),
        [[
            ("admin_token", Some("TEAMS_ADMIN_TOKEN")),
            ("team_id", Some("TEAMS_TEAM_ID"))
        ]]
    );
    server.assert_no_more();

    // The admin token and the team ID together.
    let admin = Client::builder()
        .base_url(&server.origin)
        .admin_token("admin-3")
        .team_id("team-9")
        .build()
        .unwrap();
    admin.delete_project(7).await.expect("deleted");
    let seen = server.next();
    assert_eq!(seen.segments(), ["projects", "7"]);
    assert!(seen.query().is_empty() && seen.body.is_empty(), "{seen:?}");
    assert_eq!(seen.header("x-admin-token"), ["admin-3"]);
    assert_eq!(seen.header("x-team-id"), ["team-9"]);
    assert!(seen.header("x-api-key").is_empty(), "{seen:?}");

    // Alternatives: the first one held wins; a bearer token or else the key.
    let both = client.clone();
    assert_eq!(both.who_am_i().await.unwrap().via.as_deref(), Some("key"));
    server.next();
    let bearer = Client::builder()
        .base_url(&server.origin)
        .bearer_token("tok-5")
        .key("key-1")
        .build()
        .unwrap();
    assert_eq!(bearer.who_am_i().await.unwrap().via.as_deref(), Some("bearer"));
    let seen = server.next();
    assert_eq!(seen.header("authorization"), ["Bearer tok-5"]);
    assert!(seen.header("x-api-key").is_empty(), "{seen:?}");
    let err = admin.who_am_i().await.unwrap_err();
    assert_eq!(
        missing(&err),
        [
            vec![("bearer_token", Some("TEAMS_TOKEN"))],
            vec![("key", Some("TEAMS_KEY"))]
        ]
    );

    // An optional requirement: nothing without a key, the key when the client has one.
    admin.status().await.expect("open to anyone");
    let seen = server.next();
    assert!(seen.header("x-api-key").is_empty() && seen.header("x-admin-token").is_empty());
    client.status().await.expect("with the key");
    assert_eq!(server.next().header("x-api-key"), ["key-1"]);

    // HEAD: a 200 is its status and headers, nothing decoded; a documented 404 its variant.
    let head = admin.ping().await.expect("a 200 to HEAD /ping");
    assert_eq!(head.status, 200);
    assert_eq!(head.headers.get("Content-Type"), Some("application/json"));
    assert_eq!(server.next().method, "HEAD");
    let found = admin.file_exists("report.pdf").await.expect("found");
    assert_eq!(found.status, 200);
    server.next();
    let err = admin.file_exists("missing").await.unwrap_err();
    assert!(matches!(err, Error::Api(FileExistsError::NotFound)), "{err:?}");
    assert_eq!(err.status(), Some(404));
    server.next();
    server.assert_no_more();
}
