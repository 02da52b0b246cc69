//! Stage 3, emit: the model becomes Rust tokens with `quote!`.
//!
//! Everything here prints decisions already made by the model stage: `types` prints the named
//! types, `operation` the client methods and their error enums. Generated code spells std
//! types and traits in full (`::std::option::Option`) so that a schema named `Option` cannot
//! shadow them, and refers to the client runtime only through `crate::` paths. The prelude's
//! `Ok`, `Err`, `Some` and `None` stay short: they live in the value namespace, where the
//! generated code defines nothing at module level (its structs have named fields).

mod operation;
mod types;

use crate::ir::{Api, IntWidth, Type};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The tokens of the whole generated file, types first, then operations, each in model order.
pub fn api(api: &Api) -> TokenStream {
    let types = api.types.iter().map(|ty| types::type_def(ty, &api.types));
    let operations = api
        .operations
        .iter()
        .map(|op| operation::operation(op, &api.types));
    quote! { #(#types)* #(#operations)* }
}

/// An identifier from a decided name; `r#type` becomes a raw identifier.
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The name as it reads in text (messages, function names): without `r#`.
pub(crate) fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// One `#[doc]` attribute per line, each starting with a space so it prints as `/// line`.
pub(crate) fn doc(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #text] }
    });
    quote! { #(#attrs)* }
}

pub(crate) fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote! { ::std::string::String },
        Type::Integer(IntWidth::I32) => quote! { i32 },
        Type::Integer(IntWidth::I64) => quote! { i64 },
        Type::Integer(IntWidth::U32) => quote! { u32 },
        Type::Integer(IntWidth::U64) => quote! { u64 },
        Type::Float { single: true } => quote! { f32 },
        Type::Float { single: false } => quote! { f64 },
        Type::Boolean => quote! { bool },
        Type::Uuid => quote! { ::uuid::Uuid },
        Type::Named(name) => {
            let name = ident(name);
            quote! { #name }
        }
        Type::Vec(inner) => {
            let inner = rust_type(inner);
            quote! { ::std::vec::Vec<#inner> }
        }
        Type::Map(inner) => {
            let inner = rust_type(inner);
            quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
        }
        Type::Any => quote! { ::serde_json::Value },
        Type::Boxed(inner) => {
            let inner = rust_type(inner);
            quote! { ::std::boxed::Box<#inner> }
        }
        Type::Bytes => quote! { ::std::vec::Vec<u8> },
    }
}
