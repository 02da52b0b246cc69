//! The runtime the generated code calls: constraint checks, parameter and body encoding, the
//! request and response wrappers, credentials, and the retry timing used by
//! [`crate::Client`]'s send loop.
//!
//! Generated code reaches these items as `crate::runtime::...`. The module is public so that no
//! helper counts as dead code when a spec happens not to need it, and hidden from the docs: it is
//! the generator's interface, not the user's, and changes with the generator.

mod auth;
mod encode;
mod http;
mod multipart;
mod retry;
mod tree;
mod validate;

pub use auth::Auth;
pub(crate) use auth::{Credential, Credentials};
pub use encode::path_segment;
pub(crate) use http::Failure;
pub use http::{Request, Response};
pub use multipart::Multipart;
pub(crate) use retry::RetryPolicy;
pub use validate::*;

/// What every generated per-operation error enum implements: its HTTP status and the response's
/// description from the spec.
pub trait ApiError: std::fmt::Debug + std::fmt::Display {
    /// The documented HTTP status this variant stands for.
    fn status(&self) -> u16;
    /// The response description the spec gives for that status.
    fn description(&self) -> &'static str;
}

/// 64 random bits, for retry jitter and multipart boundaries. `RandomState` is seeded randomly
/// per process and varied per instance, which is all either needs, without a random-number
/// crate.
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}
