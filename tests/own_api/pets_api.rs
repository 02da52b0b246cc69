//! The client generated from `openapi.yaml` (OpenAPI 3.0, an API key in the `api_key` query
//! parameter, the server `https://{region}.example.com/v1`, env prefix `PETS`) against a local
//! server: what `from_env` reads, what two operations send and how they decode a success and a
//! documented error.
//!
//! Copied by `tests/own_api.rs` of `browser-use-client` into the crate it makes, as
//! `tests/pets_api.rs`. One test function: it sets process environment variables.

mod server;

use openapi_rust_runtime::serde_json::{self, json};
use own_api_pets::{
    BuildError, Client, Error, GetPetError, GetPetParams, NewPet, NotFound, Pet, API_KEY_ENV,
    BASE_URL_ENV, DEFAULT_BASE_URL,
};
use server::{Seen, Server};

/// Printable ASCII with the query's own separators, so a key not encoded would show.
const KEY: &str = "pets-key/42&x=1";

fn respond(seen: &Seen) -> (u16, String) {
    let segments = seen.segments();
    match (seen.method.as_str(), segments.last().map(String::as_str)) {
        ("GET", Some("missing")) => (
            404,
            r#"{"message":"no pet named missing","code":44}"#.into(),
        ),
        ("GET", Some(id)) => (
            200,
            json!({"id": id, "name": "Tom", "tag": null}).to_string(),
        ),
        ("POST", _) => {
            let body: serde_json::Value = serde_json::from_slice(&seen.body).unwrap_or_default();
            (
                201,
                json!({"id": "p-1", "name": body["name"], "tag": "new"}).to_string(),
            )
        }
        _ => (500, "{}".into()),
    }
}

/// What every request carries: the key in the query and nowhere else, this crate's User-Agent.
fn check_common(seen: &Seen) {
    assert!(
        seen.query()
            .contains(&("api_key".to_string(), KEY.to_string())),
        "{seen:?}"
    );
    for (name, value) in &seen.headers {
        assert!(
            !value.contains("pets-key"),
            "the key is in the {name} header: {seen:?}"
        );
    }
    assert!(seen.header("authorization").is_empty(), "{seen:?}");
    assert_eq!(
        seen.header("user-agent"),
        ["own-api-pets/0.3.1"],
        "{seen:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_generated_client_sends_and_decodes_what_the_document_says() {
    // The names the configuration and the document give.
    assert_eq!(API_KEY_ENV, "PETS_API_KEY");
    assert_eq!(BASE_URL_ENV, "PETS_BASE_URL");
    assert_eq!(DEFAULT_BASE_URL, "https://eu.example.com/v1");

    // from_env without the key: refused, naming the variable.
    std::env::remove_var("PETS_API_KEY");
    std::env::remove_var("PETS_BASE_URL");
    let err = Client::from_env().expect_err("no key");
    assert!(matches!(err, BuildError::MissingApiKey { .. }), "{err:?}");
    assert!(err.to_string().contains("PETS_API_KEY"), "{err}");

    // With the key alone: the server URL with its variable at the default.
    std::env::set_var("PETS_API_KEY", KEY);
    let client = Client::from_env().expect("a client from the key alone");
    assert_eq!(client.base_url(), "https://eu.example.com/v1");
    assert!(!format!("{client:?}").contains("pets-key"), "{client:?}");

    // PETS_BASE_URL points it at the local server.
    let server = Server::start(respond).await;
    let base_url = format!("{}/v1", server.origin);
    std::env::set_var("PETS_BASE_URL", &base_url);
    let client = Client::from_env().expect("a client from the environment");
    assert_eq!(client.base_url(), base_url);

    // GET with a path parameter (one segment, encoded) and a query parameter.
    let params = GetPetParams {
        include: Some("owner & vet".to_string()),
    };
    let pet = client.get_pet("cat 7/b", &params).await.expect("the pet");
    assert_eq!(
        pet,
        Pet {
            id: "cat 7/b".to_string(),
            name: "Tom".to_string(),
            tag: None,
        }
    );
    let seen = server.next();
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.segments(), ["v1", "pets", "cat 7/b"], "{seen:?}");
    assert_eq!(
        seen.query(),
        [
            ("api_key".to_string(), KEY.to_string()),
            ("include".to_string(), "owner & vet".to_string()),
        ]
    );
    assert!(seen.body.is_empty(), "{seen:?}");
    check_common(&seen);

    // An optional query parameter left unset is not sent.
    client
        .get_pet("rex", &GetPetParams::default())
        .await
        .expect("the pet");
    let seen = server.next();
    assert_eq!(seen.raw_path, "/v1/pets/rex");
    assert_eq!(seen.query(), [("api_key".to_string(), KEY.to_string())]);
    check_common(&seen);

    // The documented 404: its typed body, through Error::Api.
    let err = client
        .get_pet("missing", &GetPetParams::default())
        .await
        .expect_err("a 404");
    match &err {
        Error::Api(GetPetError::NotFound(body)) => assert_eq!(
            body,
            &NotFound {
                message: "no pet named missing".to_string(),
                code: Some(44),
            }
        ),
        other => panic!("expected Error::Api(GetPetError::NotFound), got {other:?}"),
    }
    assert!(err.to_string().contains("404"), "{err}");
    assert!(!err.to_string().contains("pets-key"), "{err}");
    check_common(&server.next());

    // POST with a JSON body: unset optional fields left out, renamed fields as the document
    // names them.
    let mut new_pet = NewPet::new("Tom");
    new_pet.age_years = Some(3);
    let created = client.create_pet(&new_pet).await.expect("created");
    assert_eq!(created.id, "p-1");
    assert_eq!(created.name, "Tom");
    assert_eq!(created.tag.as_deref(), Some("new"));
    let seen = server.next();
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.raw_path, "/v1/pets");
    assert_eq!(seen.query(), [("api_key".to_string(), KEY.to_string())]);
    let content_type = seen.header("content-type");
    assert!(
        content_type.len() == 1 && content_type[0].starts_with("application/json"),
        "{seen:?}"
    );
    let body: serde_json::Value = serde_json::from_slice(&seen.body).expect("a JSON body");
    assert_eq!(body, json!({"name": "Tom", "ageYears": 3}));
    check_common(&seen);

    // A body breaking the document's constraint (minLength 1) is refused before sending.
    let err = client
        .create_pet(&NewPet::new(""))
        .await
        .expect_err("an empty name");
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    server.assert_no_more();

    std::env::remove_var("PETS_API_KEY");
    std::env::remove_var("PETS_BASE_URL");
}
