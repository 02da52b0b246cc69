//! The runtime the generated code calls: constraint checks, the request and response wrappers,
//! and the retry timing used by [`crate::Client`]'s send loop.
//!
//! Generated code reaches these items as `crate::runtime::...`. The module is public so that no
//! helper counts as dead code when a spec happens not to need it, and hidden from the docs: it is
//! the generator's interface, not the user's, and changes with the generator.

mod http;
mod retry;
mod validate;

pub(crate) use http::AuthChoice;
pub(crate) use http::Failure;
pub use http::{Auth, Request, Response};
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
