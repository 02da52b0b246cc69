//! Stage 3, emit: the model becomes Rust tokens with `quote!`.
//!
//! Everything here prints decisions already made by the model stage: `types` prints the named
//! types, `operation` the client methods and their error enums, `stream` the `_stream` methods
//! (which `operation` puts in the same block). Generated code spells std
//! types and traits in full (`::std::option::Option`) so that a schema named `Option` cannot
//! shadow them, and refers to the runtime crate only through one import, `use PATH as runtime;`
//! (the path is the configuration's), as `runtime::...`. The prelude's
//! `Ok`, `Err`, `Some` and `None` stay short: they live in the value namespace, where the
//! generated code defines nothing at module level (its structs have named fields).

mod client;
mod lints;
mod operation;
mod stream;
mod types;

use crate::ir::{Api, IntWidth, Type};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// What the generator's configuration decides about the output, beyond the model.
#[derive(Debug, Clone)]
pub struct Options {
    /// The path generated code imports the runtime crate by (`::openapi_rust_runtime`), parsed.
    pub runtime_path: TokenStream,
    /// The prefix of the environment variables `Client::from_env` reads (`PETSTORE`).
    pub env_prefix: String,
}

/// The tokens of the whole generated file: the client, then the types, then the operations,
/// each in model order.
///
/// Generation makes the file in parts ([`items`]); the tools' stages make it whole.
#[cfg(feature = "tools")]
pub fn api(api: &Api, options: &Options) -> TokenStream {
    items(api, options, 0..item_count(api))
}

/// How many top-level parts the file has: the client, each type, each operation.
pub fn item_count(api: &Api) -> usize {
    1 + api.types.len() + api.operations.len()
}

/// The tokens of the parts of the file in `range` (of [`item_count`]), in file order, so
/// that the parts of consecutive ranges, formatted apart, join into the whole file.
pub fn items(api: &Api, options: &Options, range: std::ops::Range<usize>) -> TokenStream {
    let mut tokens = TokenStream::new();
    for index in range {
        // Index 0 is the client, then one per type, then one per operation.
        let Some(index) = index.checked_sub(1) else {
            let (path, prefix) = (&options.runtime_path, &options.env_prefix);
            tokens.extend(client::client(&api.client, path, prefix));
            continue;
        };
        match api.types.get(index) {
            Some(ty) => tokens.extend(types::type_def(ty, api)),
            None => {
                let op = api.operations.get(index - api.types.len());
                tokens.extend(op.map(|op| operation::operation(op, api, &stream::method(op, api))));
            }
        }
    }
    tokens
}

/// An identifier from a decided type or variant name (never a keyword).
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

impl quote::ToTokens for crate::names::Ident {
    /// The identifier, raw when the naming policy made it raw.
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let span = Span::call_site();
        quote::TokenStreamExt::append(
            tokens,
            match self.is_raw() {
                true => Ident::new_raw(self.as_str(), span),
                false => Ident::new(self.as_str(), span),
            },
        );
    }
}

/// The widest doc text that keeps a doc line within 100 columns where generated code puts
/// docs: at most one level of indentation (4) and `/// ` (4).
const DOC_WIDTH: usize = 92;

/// One `#[doc]` attribute per line, wrapped to [`DOC_WIDTH`], each starting with a space so it
/// prints as `/// line`.
pub(crate) fn doc(lines: &[String]) -> TokenStream {
    let attrs = crate::docs::wrap(lines, DOC_WIDTH).into_iter().map(|line| {
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
        Type::Uuid => quote! { runtime::uuid::Uuid },
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
        Type::Any => quote! { runtime::serde_json::Value },
        Type::Boxed(inner) => {
            let inner = rust_type(inner);
            quote! { ::std::boxed::Box<#inner> }
        }
        Type::Bytes => quote! { ::std::vec::Vec<u8> },
    }
}
