//! `Client::from_env` reads the process environment, which is shared by every thread of a test
//! binary, so this file holds a single test that sets and clears the variables in sequence.

mod support;

use browser_use_client::{BuildError, Client, API_KEY_ENV, BASE_URL_ENV};
use support::{call, json, request, Server, CREATED, KEY};

#[tokio::test]
async fn from_env_reads_the_key_and_an_optional_base_url() {
    std::env::remove_var(API_KEY_ENV);
    std::env::remove_var(BASE_URL_ENV);
    let err = Client::from_env().unwrap_err();
    assert!(
        matches!(
            err,
            BuildError::MissingApiKey {
                env: Some("BROWSER_USE_API_KEY")
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "missing api key: set BROWSER_USE_API_KEY or call ClientBuilder::api_key"
    );

    std::env::set_var(API_KEY_ENV, "");
    assert!(matches!(
        Client::from_env(),
        Err(BuildError::MissingApiKey { .. })
    ));

    std::env::set_var(API_KEY_ENV, KEY);
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url(), "https://api.browser-use.com/api/v2");
    assert!(!format!("{client:?}").contains(KEY));

    std::env::set_var(BASE_URL_ENV, "ftp://example.com");
    assert!(matches!(
        Client::from_env(),
        Err(BuildError::InvalidBaseUrl { .. })
    ));

    let server = Server::start(vec![json(202, CREATED)]).await;
    std::env::set_var(BASE_URL_ENV, format!("{}/", server.base_url()));
    let client = Client::from_env().unwrap();
    call(&client, &request()).await.unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.path, "/api/v2/skills");
    assert_eq!(sent.header("x-browser-use-api-key"), Some(KEY));

    std::env::remove_var(API_KEY_ENV);
    std::env::remove_var(BASE_URL_ENV);
}
