//! Typed async client for the Browser Use Public API v2.
//!
//! (Crate documentation is filled in with the client runtime.)

mod generated {
    // Temporary: compiles the committed copy until build.rs generates into OUT_DIR.
    include!("../browser_use_v2.rs");
}

pub use generated::*;
