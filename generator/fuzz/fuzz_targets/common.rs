//! The invariant both targets check: a document gives formatted Rust that syn parses, or at
//! least one diagnostic that renders; never a panic, hang or abort.

use openapi_rust_gen::{generate, Config};

pub fn check(spec_name: &str, text: &str) {
    match generate(&Config::new(spec_name), text) {
        Ok(code) => {
            if let Err(error) = syn::parse_file(&code) {
                panic!("the generated code does not parse: {error}\n{code}");
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.0.is_empty(), "an error without a diagnostic");
            let _ = diagnostics.render();
            let _ = diagnostics.to_string();
        }
    }
}
