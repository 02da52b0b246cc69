//! Operations: one method on the generated `Client` each, with its error enum (and its success enum
//! when the success responses carry different bodies).
//!
//! The method's locals (`request`, `response`, `status`) cannot clash with its arguments: path
//! parameters are shadowed by their percent-encoded form and used once, in the path, before any
//! local exists; the other parameters are reached through their struct argument.

use super::{doc, ident, rust_type};
use crate::ir::{
    Api, Body, Content, Encoding, ErrorResponse, HttpMethod, Operation, ParamLocation, Params,
    PathParam, Response, Segment, Status, Type, TypeKind,
};
use proc_macro2::{Literal as Lit, TokenStream};
use quote::{format_ident, quote};

/// The operation's enums and its `impl Client` block, with `stream` (its `_stream` method, if
/// any) in the same block.
pub(super) fn operation(op: &Operation, api: &Api, stream: &TokenStream) -> TokenStream {
    let without_bodies;
    let op = match op.method == HttpMethod::Head {
        true => {
            without_bodies = head(op);
            &without_bodies
        }
        false => op,
    };
    let success_enum = success_enum(op, api);
    let error_enum = error_enum(op, api);
    let method = method(op, api, stream);
    quote! { #success_enum #error_enum #method }
}

/// A `HEAD` operation as it is generated: a response to `HEAD` has no body (RFC 9110), so
/// whatever the document says its responses carry, none is decoded. It returns the status and
/// headers (`runtime::Head`); a documented error is its variant without a body.
fn head(op: &Operation) -> Operation {
    let mut op = op.clone();
    op.success_enum = None;
    op.success.iter_mut().for_each(|r| r.content = None);
    op.errors.iter_mut().for_each(|e| e.content = None);
    op
}

fn status_label(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(range) => format!("{range}XX"),
        Status::Default => "default".to_string(),
    }
}

/// The Rust type a success body decodes into.
fn content_type(content: &Content) -> TokenStream {
    match content.encoding {
        Encoding::Json | Encoding::Form | Encoding::Multipart => rust_type(&content.ty),
        Encoding::Text => quote! { ::std::string::String },
        Encoding::Bytes => quote! { ::std::vec::Vec<u8> },
    }
}

/// The `Response` method that decodes a success body.
fn decoder(content: &Content) -> TokenStream {
    match content.encoding {
        Encoding::Text => quote! { text },
        Encoding::Bytes => quote! { bytes },
        Encoding::Json | Encoding::Form | Encoding::Multipart => quote! { json },
    }
}

fn success_enum(op: &Operation, api: &Api) -> TokenStream {
    let Some(name) = &op.success_enum else {
        return quote! {};
    };
    let name = ident(name);
    let summary = doc(&[format!(
        "The successful responses of [`Client::{0}`](Client::{0}).",
        op.name
    )]);
    let variants = op.success.iter().map(|r| {
        let docs = doc(&[format!("{}: {}", status_label(r.status), r.description)]);
        let variant = ident(&r.variant);
        match &r.content {
            Some(content) => {
                let ty = content_type(content);
                quote! { #docs #variant(#ty), }
            }
            None => quote! { #docs #variant, },
        }
    });
    let (text, bytes) = (Type::String, Type::Bytes);
    let held: Vec<Option<&Type>> = op
        .success
        .iter()
        .map(|r| {
            r.content.as_ref().map(|content| match content.encoding {
                Encoding::Json | Encoding::Form | Encoding::Multipart => &content.ty,
                Encoding::Text => &text,
                Encoding::Bytes => &bytes,
            })
        })
        .collect();
    let allow = super::lints::large_enum_variant(&held, api);
    quote! {
        #summary
        #[derive(Clone, Debug, PartialEq)]
        #allow
        pub enum #name { #(#variants)* }
    }
}

fn error_enum(op: &Operation, api: &Api) -> TokenStream {
    let name = ident(&op.error_name);
    let summary = doc(&[format!(
        "The documented error responses of [`Client::{0}`](Client::{0}).",
        op.name
    )]);
    let errors: Vec<&ErrorResponse> = op.errors.iter().filter(|e| has_variant(e)).collect();
    if errors.is_empty() {
        return no_errors(op);
    }
    let variants = errors.iter().map(|e| error_variant(e));
    // Error bodies that are not JSON are kept as text (`error_variant`).
    let text = Type::String;
    let held: Vec<Option<&Type>> = errors
        .iter()
        .map(|e| {
            e.content.as_ref().map(|content| match content.encoding {
                Encoding::Json | Encoding::Form | Encoding::Multipart => &content.ty,
                Encoding::Text | Encoding::Bytes => &text,
            })
        })
        .collect();
    let allow = super::lints::large_enum_variant(&held, api);
    let status_arms = errors.iter().map(|e| {
        let pattern = error_pattern(e, true);
        match e.status {
            Status::Code(code) => {
                let code = Lit::u16_unsuffixed(code);
                quote! { #pattern => #code, }
            }
            Status::Range(_) | Status::Default => quote! { #pattern => status, },
        }
    });
    let description_arms = errors.iter().map(|e| {
        let pattern = error_pattern(e, false);
        let text = &e.description;
        quote! { #pattern => #text, }
    });
    quote! {
        #summary
        #[derive(Clone, Debug, PartialEq)]
        #allow
        pub enum #name { #(#variants)* }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let status = runtime::ApiError::status(self);
                let description = runtime::ApiError::description(self);
                write!(f, "{status} {description}")
            }
        }

        impl ::std::error::Error for #name {}

        impl runtime::ApiError for #name {
            fn status(&self) -> u16 {
                match *self { #(#status_arms)* }
            }

            fn description(&self) -> &'static str {
                match *self { #(#description_arms)* }
            }
        }
    }
}

/// The error type of an operation that documents no error with a variant: another name for
/// the runtime's `NoErrors`, which has no values, rather than an empty enum of its own with the
/// same impls (an operation in five has none, and each such enum cost as much to compile as a
/// small struct). A documented error added later turns the alias into the operation's enum.
fn no_errors(op: &Operation) -> TokenStream {
    let name = ident(&op.error_name);
    let summary = doc(&[format!(
        "The documented error responses of [`Client::{0}`](Client::{0}): none, so an \
         `Error` it returns is never `Error::Api`.",
        op.name
    )]);
    quote! {
        #summary
        pub type #name = runtime::NoErrors;
    }
}

/// Whether a documented error gets a variant: a range or `default` without a body has nothing
/// typed to offer, and is reported as an undocumented status (with its raw body) instead.
fn has_variant(error: &ErrorResponse) -> bool {
    matches!(error.status, Status::Code(_)) || error.content.is_some()
}

fn error_variant(error: &ErrorResponse) -> TokenStream {
    let docs = doc(&[format!(
        "{}: {}",
        status_label(error.status),
        error.description
    )]);
    let variant = ident(&error.variant);
    let Some(content) = &error.content else {
        return quote! { #docs #variant, };
    };
    // Error bodies that are not JSON are kept as text, for a person to read.
    let ty = match content.encoding {
        Encoding::Json | Encoding::Form | Encoding::Multipart => rust_type(&content.ty),
        Encoding::Text | Encoding::Bytes => quote! { ::std::string::String },
    };
    match error.status {
        Status::Code(_) => quote! { #docs #variant(#ty), },
        Status::Range(_) | Status::Default => quote! {
            #docs
            #variant {
                /// The response status.
                status: u16,
                /// The response body.
                body: #ty,
            },
        },
    }
}

/// The pattern of an error variant; `bind` binds the status of a range or `default` variant.
fn error_pattern(error: &ErrorResponse, bind: bool) -> TokenStream {
    let variant = ident(&error.variant);
    match (&error.content, error.status, bind) {
        (None, _, _) => quote! { Self::#variant },
        (Some(_), Status::Code(_), _) => quote! { Self::#variant(_) },
        (Some(_), _, true) => quote! { Self::#variant { status, .. } },
        (Some(_), _, false) => quote! { Self::#variant { .. } },
    }
}

fn method(op: &Operation, api: &Api, stream: &TokenStream) -> TokenStream {
    let docs = doc(&op.doc);
    let name = &op.name;
    let error = ident(&op.error_name);
    let success = success_type(op);
    let arguments = arguments(op);
    let validate = validation(op);
    let build = build_request(op, api);
    let arms = response_arms(op);
    let allow = super::lints::operation_named_new(name);
    quote! {
        impl Client {
            #docs
            #allow
            pub async fn #name(&self, #(#arguments),*) -> ::std::result::Result<#success, runtime::Error<#error>> {
                #validate
                #build
                let response = self.inner.send(request).await?;
                match response.status() {
                    #arms
                }
            }

            #stream
        }
    }
}

/// The method's arguments after `&self`: path parameters, the parameters struct, the body.
fn arguments(op: &Operation) -> Vec<TokenStream> {
    arguments_living(op, &quote! {})
}

/// The method's arguments, each reference with the lifetime `life` (empty: elided).
pub(super) fn arguments_living(op: &Operation, life: &TokenStream) -> Vec<TokenStream> {
    let mut out: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|param| path_argument(param, life))
        .collect();
    if let Some(params) = &op.params {
        let (arg, ty) = (&params.arg, ident(&params.type_name));
        out.push(quote! { #arg: &#life #ty });
    }
    if let Some(body) = &op.body {
        let ty = match (body.encoding, &body.ty) {
            (Encoding::Text, _) => quote! { &#life str },
            (Encoding::Bytes, _) => quote! { &#life [u8] },
            (_, ty) => {
                let ty = rust_type(ty);
                quote! { &#life #ty }
            }
        };
        out.push(match body.required {
            true => quote! { body: #ty },
            false => quote! { body: ::std::option::Option<#ty> },
        });
    }
    out
}

/// Path parameters: strings by `&str`, small values by value, the rest by reference.
fn path_argument(param: &PathParam, life: &TokenStream) -> TokenStream {
    let name = &param.name;
    match &param.ty {
        Type::String => quote! { #name: &#life str },
        Type::Integer(_) | Type::Float { .. } | Type::Boolean | Type::Uuid => {
            let ty = rust_type(&param.ty);
            quote! { #name: #ty }
        }
        ty => {
            let ty = rust_type(ty);
            quote! { #name: &#life #ty }
        }
    }
}

pub(super) fn validation(op: &Operation) -> TokenStream {
    let params = op.params.as_ref().filter(|p| p.validates).map(|p| {
        let arg = &p.arg;
        quote! { runtime::Validate::validate(#arg)?; }
    });
    let body = op
        .body
        .as_ref()
        .filter(|b| b.validates)
        .map(|b| match b.required {
            true => quote! { runtime::Validate::validate(body)?; },
            false => quote! {
                if let Some(body) = body {
                    runtime::Validate::validate(body)?;
                }
            },
        });
    quote! { #params #body }
}

/// The statements that build `request`: the path, then auth, parameters and body.
pub(super) fn build_request(op: &Operation, api: &Api) -> TokenStream {
    let method = ident(op.method.name());
    let (encode, path) = path_expression(op);
    let auth = security(&op.security);
    let accept = accept(op);
    let params = op.params.as_ref().map(parameters);
    let new = quote! {
        runtime::Request::new(runtime::Method::#method, #path) #auth #accept #params
    };
    let build = match &op.body {
        None => quote! { let request = #new; },
        Some(body) if body.required => {
            let attach = attach_body(body, &quote! { body }, api);
            quote! { let request = #new #attach; }
        }
        Some(body) => {
            let attach = attach_body(body, &quote! { body }, api);
            quote! {
                let mut request = #new;
                if let Some(body) = body {
                    request = request #attach;
                }
            }
        }
    };
    quote! { #encode #build }
}

/// The path as a literal, or a `format!` of its template with each parameter percent-encoded.
/// The path: a literal, or statements that replace each path parameter by its percent-encoded
/// form, then a `format!` of the template with them (plain identifiers, which keep the macro
/// call readable: prettyplease does not format inside macro arguments).
fn path_expression(op: &Operation) -> (TokenStream, TokenStream) {
    if op.path_params.is_empty() {
        let path = op.path.text(&op.path_params);
        return (quote! {}, quote! { #path });
    }
    // Plain names are inlined in the template (`{task_id}`); raw identifiers cannot be, and go
    // as named arguments (`{__type}`, `__type = r#type`), which a path may use more than once.
    let mut template = String::new();
    for segment in &op.path.segments {
        match segment {
            Segment::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            Segment::Param(index) => match op.path_params.get(*index) {
                Some(param) if param.name.is_raw() => {
                    template.push_str(&format!("{{__{}}}", param.name.as_str()));
                }
                Some(param) => template.push_str(&format!("{{{}}}", param.name)),
                None => {}
            },
        }
    }
    let encode = op.path_params.iter().map(|param| {
        let name = &param.name;
        let reference = match &param.ty {
            Type::Integer(_) | Type::Float { .. } | Type::Boolean | Type::Uuid => quote! { &#name },
            _ => quote! { #name },
        };
        quote! { let #name = runtime::path_segment(#reference)?; }
    });
    let named = op
        .path_params
        .iter()
        .filter(|p| p.name.is_raw())
        .map(|param| {
            let hole = format_ident!("__{}", param.name.as_str());
            let name = &param.name;
            quote! { #hole = #name }
        });
    (
        quote! { #(#encode)* },
        quote! { ::std::format!(#template #(, #named)*) },
    )
}

/// `.accept(...)` with the success responses' media types, when they are not JSON (the
/// client's default).
fn accept(op: &Operation) -> TokenStream {
    let mut media: Vec<&str> = op
        .success
        .iter()
        .filter_map(|r| r.content.as_ref())
        .map(|c| c.media_type.as_str())
        .collect();
    media.dedup();
    let json = op
        .success
        .iter()
        .filter_map(|r| r.content.as_ref())
        .all(|c| c.encoding == Encoding::Json);
    if json || media.is_empty() {
        return quote! {};
    }
    let value = media.join(", ");
    quote! { .accept(#value) }
}

/// The operation's security: alternatives of scheme names, as the client's `ApiInfo` lists
/// the schemes.
fn security(security: &[Vec<String>]) -> TokenStream {
    if security.is_empty() {
        return quote! {};
    }
    let alternatives = security.iter().map(|names| quote! { &[#(#names),*] });
    quote! { .security(&[#(#alternatives),*]) }
}

fn parameters(params: &Params) -> TokenStream {
    let arg = &params.arg;
    let calls = params.bindings.iter().map(|binding| {
        let field = &binding.field;
        let wire = &binding.wire;
        let method = match binding.location {
            ParamLocation::Query { explode: true } => quote! { query },
            ParamLocation::Query { explode: false } => quote! { query_joined },
            ParamLocation::QueryDeep => quote! { query_deep },
            ParamLocation::Header => quote! { header },
            ParamLocation::Cookie => quote! { cookie },
        };
        quote! { .#method(#wire, &#arg.#field)? }
    });
    quote! { #(#calls)* }
}

/// The call that attaches `body` (an expression of the argument's type) in its encoding.
fn attach_body(body: &Body, value: &TokenStream, api: &Api) -> TokenStream {
    let content_type = body.media_type.as_str();
    match body.encoding {
        Encoding::Json if content_type == "application/json" => quote! { .json(#value)? },
        Encoding::Json => quote! { .json(#value)?.content_type(#content_type) },
        Encoding::Form => quote! { .form(#value)? },
        Encoding::Multipart => {
            let parts = multipart_parts(&body.ty, value, api);
            quote! { .multipart(runtime::Multipart::new() #parts) }
        }
        Encoding::Text => quote! { .text(#value).content_type(#content_type) },
        Encoding::Bytes => quote! { .bytes(#value).content_type(#content_type) },
    }
}

/// One part per field of a multipart body's struct: bytes as file parts, the rest as text.
fn multipart_parts(ty: &Type, value: &TokenStream, api: &Api) -> TokenStream {
    let fields = match ty {
        Type::Named(name) => api.type_named(name).map(|t| &t.kind),
        _ => None,
    };
    let Some(TypeKind::Struct(fields)) = fields else {
        return quote! { .text("body", #value)? };
    };
    let parts = fields.iter().filter(|f| !f.flatten).map(|f| {
        let (field, wire) = (&f.name, &f.wire_name);
        match (&f.ty, f.is_optional()) {
            (Type::Bytes, false) => quote! { .file(#wire, #value.#field.as_slice()) },
            (Type::Bytes, true) => quote! { .file(#wire, #value.#field.as_deref()) },
            _ => quote! { .text(#wire, &#value.#field)? },
        }
    });
    quote! { #(#parts)* }
}

/// The success type: the success enum, the one body type, `runtime::Head` for `HEAD`, or `()`
/// without a body.
pub(super) fn success_type(op: &Operation) -> TokenStream {
    if op.method == HttpMethod::Head {
        return quote! { runtime::Head };
    }
    if let Some(name) = &op.success_enum {
        let name = ident(name);
        return quote! { #name };
    }
    match op.success.iter().find_map(|r| r.content.as_ref()) {
        Some(content) => content_type(content),
        None => quote! { () },
    }
}

/// A match pattern for the statuses a response covers (`default` is the final arm instead).
fn status_pattern(status: Status) -> TokenStream {
    match status {
        Status::Code(code) => {
            let code = Lit::u16_unsuffixed(code);
            quote! { #code }
        }
        Status::Range(range) => {
            let (low, high) = (
                Lit::u16_unsuffixed(range * 100),
                Lit::u16_unsuffixed(range * 100 + 99),
            );
            quote! { #low..=#high }
        }
        Status::Default => quote! { _ },
    }
}

pub(super) fn response_arms(op: &Operation) -> TokenStream {
    let mut arms = success_arms(op);
    let mut fallback = quote! { _ => Err(response.unexpected_status()), };
    for e in &op.errors {
        let arm = error_arm(op, e);
        match e.status {
            Status::Default => fallback = arm,
            _ => arms.extend(arm),
        }
    }
    arms.extend(fallback);
    arms
}

fn success_arms(op: &Operation) -> TokenStream {
    if let Some(name) = &op.success_enum {
        let name = ident(name);
        let arms = op.success.iter().map(|r: &Response| {
            let pattern = status_pattern(r.status);
            let variant = ident(&r.variant);
            match &r.content {
                Some(content) => {
                    let decode = decoder(content);
                    quote! { #pattern => response.#decode().map(#name::#variant), }
                }
                None => quote! { #pattern => Ok(#name::#variant), },
            }
        });
        return quote! { #(#arms)* };
    }
    let decode = match op.success.iter().find_map(|r| r.content.as_ref()) {
        Some(content) => {
            let decode = decoder(content);
            quote! { response.#decode() }
        }
        None if op.method == HttpMethod::Head => quote! { response.head() },
        None => quote! { Ok(()) },
    };
    let patterns: Vec<TokenStream> = match op.success.is_empty() {
        true => vec![status_pattern(Status::Range(2))],
        false => op
            .success
            .iter()
            .map(|r| status_pattern(r.status))
            .collect(),
    };
    quote! { #(#patterns)|* => #decode, }
}

/// The arms that turn a status other than a success into the operation's error, for a stream
/// method's `open` (a success never reaches them), and how many there are.
pub(super) fn refusals(op: &Operation) -> (TokenStream, usize) {
    let mut arms = TokenStream::new();
    let mut count = 1;
    let mut fallback = quote! { _ => response.unexpected_status(), };
    for e in &op.errors {
        let (pattern, value) = error_case(op, e);
        let arm = quote! { #pattern => #value, };
        match e.status {
            Status::Default => fallback = arm,
            _ => {
                arms.extend(arm);
                count += 1;
            }
        }
    }
    arms.extend(fallback);
    (arms, count)
}

fn error_arm(op: &Operation, e: &ErrorResponse) -> TokenStream {
    let (pattern, value) = error_case(op, e);
    quote! { #pattern => Err(#value), }
}

/// The pattern of a documented error's arm and the error it gives.
pub(super) fn error_case(op: &Operation, e: &ErrorResponse) -> (TokenStream, TokenStream) {
    let error = ident(&op.error_name);
    let pattern = status_pattern(e.status);
    let variant = ident(&e.variant);
    let Some(content) = &e.content else {
        return match e.status {
            Status::Code(_) => (pattern, quote! { runtime::Error::Api(#error::#variant) }),
            _ => (pattern, quote! { response.unexpected_status() }),
        };
    };
    let decode = match content.encoding {
        Encoding::Json | Encoding::Form | Encoding::Multipart => quote! { api_error },
        Encoding::Text | Encoding::Bytes => quote! { api_error_text },
    };
    match e.status {
        Status::Code(_) => (pattern, quote! { response.#decode(#error::#variant) }),
        Status::Range(_) => (
            quote! { status @ #pattern },
            quote! { response.#decode(|body| #error::#variant { status, body }) },
        ),
        Status::Default => (
            quote! { status },
            quote! { response.#decode(|body| #error::#variant { status, body }) },
        ),
    }
}
