//! Typed async client for the Browser Use Public API v2, generated from its OpenAPI document.
//!
//! Build a [`Client`] with an API key, then call an operation such as [`Client::create_skill`].
//! The request is checked against the spec's constraints before anything is sent, and every
//! outcome is a typed value: the decoded response, or an [`Error`] saying what went wrong.
//!
//! ```no_run
//! use std::time::Duration;
//! use browser_use_client::{Client, CreateSkillError, CreateSkillRequest, Error};
//!
//! # #[tokio::main]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder()
//!     .api_key(std::env::var("BROWSER_USE_API_KEY")?)
//!     .timeout(Duration::from_secs(30))
//!     .max_retries(2)
//!     .build()?;
//! let request = CreateSkillRequest::new(
//!     "Find the cheapest flight between two cities",
//!     "Search a flight site and return the cheapest fare with its times",
//! );
//! match client.create_skill(&request).await {
//!     Ok(created) => println!("skill {}", created.id),
//!     Err(Error::Api(CreateSkillError::PaymentRequired(body))) => eprintln!("{}", body.detail),
//!     Err(Error::Api(CreateSkillError::BadRequest(body))) => eprintln!("{}", body.detail),
//!     Err(Error::Api(CreateSkillError::TooManyRequests(body))) => eprintln!("{}", body.detail),
//!     Err(Error::Api(CreateSkillError::UnprocessableEntity(body))) => eprintln!("{body:?}"),
//!     Err(Error::InvalidRequest(invalid)) => eprintln!("not sent: {invalid}"),
//!     Err(Error::UnexpectedStatus { status, body, .. }) => eprintln!("{status}: {body}"),
//!     Err(Error::Decode { status, message, .. }) => eprintln!("bad {status} body: {message}"),
//!     Err(err @ (Error::Timeout { .. } | Error::Connect { .. } | Error::Transport { .. })) => {
//!         eprintln!("{err} (attempts: {:?})", err.attempts())
//!     }
//!     Err(other) => eprintln!("{other}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Retries are safe by construction: a request is repeated only when the server cannot have
//! acted on it (connect failures, 429 and 503, and 5xx for idempotent methods), with capped
//! exponential backoff and jitter, honouring `Retry-After`. Credentials (the API key, or a
//! bearer token or basic auth for APIs that use them) are sent only where the operation's
//! security scheme says, and never appear in `Debug` or error messages.
//!
//! # Features
//!
//! - `rustls` (default): TLS by rustls (ring, Mozilla's roots built in); no OpenSSL.
//! - `native-tls`: the platform's TLS (OpenSSL on Linux). Use it alone with
//!   `default-features = false, features = ["native-tls"]`; with both on, reqwest uses it.
//!
//! With neither, only `http://` base URLs work.

#![warn(missing_docs)]

mod client;
mod error;
#[doc(hidden)]
pub mod runtime;

/// The code build.rs generated from `spec/browser-use-v2.yaml` (committed, for review, as
/// `generated-client/browser_use_v2.rs`).
mod generated {
    include!(concat!(env!("OUT_DIR"), "/browser_use_v2.rs"));
}

pub use client::{Client, ClientBuilder, API_KEY_ENV, BASE_URL_ENV, DEFAULT_BASE_URL};
pub use error::{BoxError, BuildError, Error, InvalidRequest, Violation};
pub use generated::*;
pub use runtime::ApiError;
