//! The client generated from the whole Browser Use API (the shared
//! `browser-use-v2-full.json`), for integration tests. It is what any crate using the generator
//! looks like: a build script calling `openapi_rust_gen::Builder`, this `include!`, and
//! `openapi-rust-runtime` as its dependency.

#[cfg(full_api_spec)]
include!(concat!(env!("OUT_DIR"), "/browser_use_v2_full.rs"));
