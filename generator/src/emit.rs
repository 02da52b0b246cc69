//! Stage 3, emit: the model becomes Rust tokens with `quote!`.
//!
//! Everything here prints decisions already made by the model stage. Generated code spells std
//! types and traits in full (`::std::option::Option`) so that a schema named `Option` cannot
//! shadow them, and refers to the client runtime only through `crate::` paths. The prelude's
//! `Ok`, `Err`, `Some` and `None` stay short: they live in the value namespace, where the
//! generated code defines nothing at module level (its structs have named fields).

use crate::ir::{
    Api, EnumValue, ErrorResponse, Field, IntWidth, Literal, Operation, Status, Type, TypeDef,
    TypeKind, UnionVariant,
};
use proc_macro2::{Ident, Literal as Lit, Span, TokenStream};
use quote::{format_ident, quote};

/// The tokens of the whole generated file, types first, then operations, each in model order.
pub fn api(api: &Api) -> TokenStream {
    let types = api.types.iter().map(|ty| type_def(ty, &api.types));
    let operations = api.operations.iter().map(operation);
    quote! { #(#types)* #(#operations)* }
}

/// An identifier from a decided name; `r#type` becomes a raw identifier.
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The name as it reads in text (messages, function names): without `r#`.
fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// One `#[doc]` attribute per line, each starting with a space so it prints as `/// line`.
fn doc(lines: &[String]) -> TokenStream {
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

fn rust_type(ty: &Type) -> TokenStream {
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
    }
}

fn type_def(def: &TypeDef, types: &[TypeDef]) -> TokenStream {
    let docs = doc(&def.doc);
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(fields) => structure(&name, fields, types, def.validates),
        TypeKind::Union(variants) => union(&name, variants, types, def.validates),
        TypeKind::StringEnum(values) => string_enum(&name, values),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty);
            quote! { pub type #name = #ty; }
        }
    };
    quote! { #docs #body }
}

const DERIVES: &str = "Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize";

fn derives() -> TokenStream {
    DERIVES.parse().unwrap_or_default()
}

fn structure(name: &Ident, fields: &[Field], types: &[TypeDef], validates: bool) -> TokenStream {
    let derives = derives();
    let members = fields.iter().map(|f| field(name, f));
    let defaults = default_fns(fields);
    let constructor = constructor(name, fields);
    let validate = validates.then(|| struct_validate(name, fields, types));
    // `Default` stands in for a constructor without arguments, in its own impl.
    let inherent = match (defaults.is_empty(), constructor) {
        (true, Constructor::New(new)) => quote! { impl #name { #new } },
        (false, Constructor::New(new)) => quote! { impl #name { #(#defaults)* #new } },
        (true, other) => other.into_tokens(),
        (false, other) => {
            let other = other.into_tokens();
            quote! { impl #name { #(#defaults)* } #other }
        }
    };
    quote! {
        #[derive(#derives)]
        pub struct #name { #(#members)* }
        #inherent
        #validate
    }
}

fn field(owner: &Ident, field: &Field) -> TokenStream {
    let mut lines = field.doc.clone();
    if let Some(sentence) = constraint_sentence(field) {
        lines.extend([String::new(), sentence]);
    }
    let docs = doc(&lines);
    let name = ident(&field.name);
    let ty = field_type(field);
    let rename = (bare(&field.name) != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote! { #[serde(rename = #wire)] }
    });
    let presence = if field.default.is_some() && !field.nullable {
        let path = format!("{owner}::default_{}", bare(&field.name));
        quote! { #[serde(default = #path)] }
    } else if !field.required {
        quote! { #[serde(default, skip_serializing_if = "::std::option::Option::is_none")] }
    } else {
        quote! {}
    };
    quote! { #docs #rename #presence pub #name: #ty, }
}

fn field_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    if field.is_optional() {
        quote! { ::std::option::Option<#ty> }
    } else {
        ty
    }
}

/// The constraints as one sentence for the field's doc, e.g. `At most 100 characters.`.
fn constraint_sentence(field: &Field) -> Option<String> {
    let c = &field.constraints;
    let mut parts = Vec::new();
    let counted = |min: Option<u64>, max: Option<u64>, unit: &str| match (min, max) {
        (Some(min), Some(max)) => Some(format!("Between {min} and {max} {unit}.")),
        (Some(min), None) => Some(format!("At least {min} {unit}.")),
        (None, Some(max)) => Some(format!("At most {max} {unit}.")),
        (None, None) => None,
    };
    parts.extend(counted(c.min_length, c.max_length, "characters"));
    parts.extend(counted(c.min_items, c.max_items, "items"));
    if let Some((min, exclusive)) = c.minimum {
        parts.push(format!(
            "{} {min}.",
            if exclusive {
                "Greater than"
            } else {
                "At least"
            }
        ));
    }
    if let Some((max, exclusive)) = c.maximum {
        parts.push(format!(
            "{} {max}.",
            if exclusive { "Less than" } else { "At most" }
        ));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// `fn default_x()` for each field with a default, used by `#[serde(default = ...)]`.
fn default_fns(fields: &[Field]) -> Vec<TokenStream> {
    fields
        .iter()
        .filter(|f| !f.nullable)
        .filter_map(|f| {
            let value = literal(f.default.as_ref()?);
            let fn_name = format_ident!("default_{}", bare(&f.name));
            let ty = rust_type(&f.ty);
            Some(quote! { fn #fn_name() -> #ty { #value } })
        })
        .collect()
}

fn literal(value: &Literal) -> TokenStream {
    match value {
        Literal::String(s) => quote! { ::std::string::String::from(#s) },
        Literal::Bool(b) => quote! { #b },
        Literal::Int(i) => {
            let lit = Lit::i64_unsuffixed(*i);
            quote! { #lit }
        }
        Literal::Float(f) => {
            let lit = Lit::f64_unsuffixed(*f);
            quote! { #lit }
        }
    }
}

/// Most arguments a generated constructor takes; wider structs are built with a literal.
const MAX_CONSTRUCTOR_ARGS: usize = 7;

/// How a struct is built: `new(required...)`, `Default` when nothing is required, or a struct
/// literal when it has too many required fields for a readable constructor.
enum Constructor {
    New(TokenStream),
    Default(TokenStream),
    Literal,
}

impl Constructor {
    /// The tokens that stand alone (outside the struct's inherent impl).
    fn into_tokens(self) -> TokenStream {
        match self {
            Constructor::Default(tokens) => tokens,
            Constructor::New(new) => new,
            Constructor::Literal => TokenStream::new(),
        }
    }
}

fn constructor(name: &Ident, fields: &[Field]) -> Constructor {
    let needed: Vec<&Field> = fields
        .iter()
        .filter(|f| !f.is_optional() && f.default.is_none())
        .collect();
    if needed.len() > MAX_CONSTRUCTOR_ARGS {
        return Constructor::Literal;
    }
    let inits = fields.iter().map(|f| {
        let field_name = ident(&f.name);
        if f.is_optional() {
            quote! { #field_name: None }
        } else if f.default.is_some() {
            let fn_name = format_ident!("default_{}", bare(&f.name));
            quote! { #field_name: Self::#fn_name() }
        } else if f.ty == Type::String {
            quote! { #field_name: #field_name.into() }
        } else {
            quote! { #field_name }
        }
    });
    if needed.is_empty() {
        return Constructor::Default(quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self { #(#inits),* }
                }
            }
        });
    }
    let params = needed.iter().map(|f| {
        let name = ident(&f.name);
        match f.ty {
            Type::String => quote! { #name: impl ::std::convert::Into<::std::string::String> },
            _ => {
                let ty = rust_type(&f.ty);
                quote! { #name: #ty }
            }
        }
    });
    let summary = format!(" Creates a `{name}` from its required fields; the others start absent or at their defaults.");
    Constructor::New(quote! {
        #[doc = #summary]
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    })
}

fn struct_validate(name: &Ident, fields: &[Field], types: &[TypeDef]) -> TokenStream {
    let checks = fields.iter().map(|f| {
        let member = ident(&f.name);
        if f.is_optional() {
            let checks = value_checks(f, &quote! { value }, &quote! { *value }, types);
            (!checks.is_empty()).then(|| quote! { if let Some(value) = &self.#member { #checks } })
        } else {
            Some(value_checks(
                f,
                &quote! { &self.#member },
                &quote! { self.#member },
                types,
            ))
        }
    });
    validate_impl(name, quote! { #(#checks)* })
}

fn validate_impl(name: &Ident, body: TokenStream) -> TokenStream {
    quote! {
        impl crate::runtime::Validate for #name {
            fn validate(&self) -> ::std::result::Result<(), crate::InvalidRequest> {
                #body
                Ok(())
            }
        }
    }
}

/// The checks of one field's value, given as a reference (`by_ref`) and as a place (`by_val`).
fn value_checks(
    field: &Field,
    by_ref: &TokenStream,
    by_val: &TokenStream,
    types: &[TypeDef],
) -> TokenStream {
    let label = bare(&field.name);
    let c = &field.constraints;
    let count = |n: u64| Lit::u64_unsuffixed(n);
    let number = |n: f64| Lit::f64_unsuffixed(n);
    let mut out = TokenStream::new();
    if let Some(max) = c.max_length.map(count) {
        out.extend(quote! { crate::runtime::check_max_length(#label, #by_ref, #max)?; });
    }
    if let Some(min) = c.min_length.map(count) {
        out.extend(quote! { crate::runtime::check_min_length(#label, #by_ref, #min)?; });
    }
    let as_f64 = as_f64(&field.ty, by_val);
    if let Some((min, exclusive)) = c.minimum.map(|(n, e)| (number(n), e)) {
        out.extend(quote! { crate::runtime::check_minimum(#label, #as_f64, #min, #exclusive)?; });
    }
    if let Some((max, exclusive)) = c.maximum.map(|(n, e)| (number(n), e)) {
        out.extend(quote! { crate::runtime::check_maximum(#label, #as_f64, #max, #exclusive)?; });
    }
    if let Some(min) = c.min_items.map(count) {
        out.extend(quote! { crate::runtime::check_min_items(#label, #by_ref, #min)?; });
    }
    if let Some(max) = c.max_items.map(count) {
        out.extend(quote! { crate::runtime::check_max_items(#label, #by_ref, #max)?; });
    }
    out.extend(nested_checks(&field.ty, by_ref, types));
    out
}

/// A number as `f64` for the bound checks, without a cast where none is needed.
fn as_f64(ty: &Type, value: &TokenStream) -> TokenStream {
    match ty {
        Type::Float { single: false } => quote! { #value },
        Type::Float { single: true } | Type::Integer(IntWidth::I32 | IntWidth::U32) => {
            quote! { f64::from(#value) }
        }
        _ => quote! { #value as f64 },
    }
}

/// Validation of the named types inside a value, through lists and maps.
fn nested_checks(ty: &Type, value: &TokenStream, types: &[TypeDef]) -> TokenStream {
    if !crate::model::type_validates(ty, types) {
        return quote! {};
    }
    match ty {
        Type::Vec(inner) => {
            let inner = nested_checks(inner, &quote! { item }, types);
            quote! { for item in #value { #inner } }
        }
        Type::Map(inner) => {
            let inner = nested_checks(inner, &quote! { item }, types);
            quote! { for item in #value.values() { #inner } }
        }
        _ => quote! { crate::runtime::Validate::validate(#value)?; },
    }
}

fn union(
    name: &Ident,
    variants: &[UnionVariant],
    types: &[TypeDef],
    validates: bool,
) -> TokenStream {
    let derives = derives();
    let members = variants.iter().map(|v| {
        let docs = doc(&v.doc);
        let variant = ident(&v.name);
        let ty = rust_type(&v.ty);
        quote! { #docs #variant(#ty), }
    });
    let validate = validates.then(|| {
        let arms = variants.iter().map(|v| {
            let variant = ident(&v.name);
            let checks = nested_checks(&v.ty, &quote! { value }, types);
            quote! { Self::#variant(value) => { #checks } }
        });
        validate_impl(name, quote! { match self { #(#arms)* } })
    });
    quote! {
        #[derive(#derives)]
        #[serde(untagged)]
        pub enum #name { #(#members)* }
        #validate
    }
}

fn string_enum(name: &Ident, values: &[EnumValue]) -> TokenStream {
    let members = values.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        let docs = doc(&[format!("`{}`", v.wire.replace('`', "'"))]);
        let rename = (bare(&v.name) != v.wire).then(|| quote! { #[serde(rename = #wire)] });
        quote! { #docs #rename #variant, }
    });
    quote! {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        pub enum #name { #(#members)* }
    }
}

fn operation(op: &Operation) -> TokenStream {
    let error_enum = error_enum(op);
    let method = method(op);
    quote! { #error_enum #method }
}

fn error_enum(op: &Operation) -> TokenStream {
    let name = ident(&op.error_name);
    let summary = format!(
        " The documented error responses of [`Client::{0}`](crate::Client::{0}).",
        op.name
    );
    let errors: Vec<&ErrorResponse> = op.errors.iter().filter(|e| has_variant(e)).collect();
    let variants = errors.iter().map(|e| error_variant(e));
    let status_arms = errors.iter().map(|e| {
        let pattern = error_pattern(e);
        match e.status {
            Status::Code(code) => {
                let code = Lit::u16_unsuffixed(code);
                quote! { #pattern => #code, }
            }
            Status::Range(_) | Status::Default => quote! { #pattern => status, },
        }
    });
    let description_arms = errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let pattern = match (&e.ty, e.status) {
            (None, _) => quote! { Self::#variant },
            (Some(_), Status::Code(_)) => quote! { Self::#variant(_) },
            (Some(_), _) => quote! { Self::#variant { .. } },
        };
        let text = &e.description;
        quote! { #pattern => #text, }
    });
    quote! {
        #[doc = #summary]
        #[derive(Clone, Debug, PartialEq)]
        pub enum #name { #(#variants)* }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let status = crate::runtime::ApiError::status(self);
                let description = crate::runtime::ApiError::description(self);
                write!(f, "{status} {description}")
            }
        }

        impl ::std::error::Error for #name {}

        impl crate::runtime::ApiError for #name {
            fn status(&self) -> u16 {
                match *self { #(#status_arms)* }
            }

            fn description(&self) -> &'static str {
                match *self { #(#description_arms)* }
            }
        }
    }
}

/// Whether a documented error gets a variant: a range or `default` without a body has nothing
/// typed to offer, and is reported as an undocumented status (with its raw body) instead.
fn has_variant(error: &ErrorResponse) -> bool {
    matches!(error.status, Status::Code(_)) || error.ty.is_some()
}

fn status_label(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(range) => format!("{range}XX"),
        Status::Default => "default".to_string(),
    }
}

fn error_variant(error: &ErrorResponse) -> TokenStream {
    let docs = doc(&[format!(
        "{}: {}",
        status_label(error.status),
        error.description
    )]);
    let variant = ident(&error.variant);
    match (&error.ty, error.status) {
        (None, _) => quote! { #docs #variant, },
        (Some(ty), Status::Code(_)) => {
            let ty = rust_type(ty);
            quote! { #docs #variant(#ty), }
        }
        (Some(ty), Status::Range(_) | Status::Default) => {
            let ty = rust_type(ty);
            quote! {
                #docs
                #variant {
                    /// The response status.
                    status: u16,
                    /// The response body.
                    body: #ty,
                },
            }
        }
    }
}

fn error_pattern(error: &ErrorResponse) -> TokenStream {
    let variant = ident(&error.variant);
    match (&error.ty, error.status) {
        (None, _) => quote! { Self::#variant },
        (Some(_), Status::Code(_)) => quote! { Self::#variant(_) },
        (Some(_), Status::Range(_) | Status::Default) => quote! { Self::#variant { status, .. } },
    }
}

fn method(op: &Operation) -> TokenStream {
    let docs = doc(&op.doc);
    let name = ident(&op.name);
    let error = ident(&op.error_name);
    let success = success_type(op);
    let http_method = ident(&op.method);
    let path = &op.path;
    let body_param = op.body.as_ref().map(|body| {
        let ty = rust_type(&body.ty);
        quote! { , body: &#ty }
    });
    let validate = op
        .body
        .as_ref()
        .filter(|b| b.validates)
        .map(|_| quote! { crate::runtime::Validate::validate(body)?; });
    let auth = op
        .api_key_header
        .as_ref()
        .map(|header| quote! { .api_key_header(#header) });
    let json = op.body.as_ref().map(|_| quote! { .json(body)? });
    let arms = response_arms(op);
    quote! {
        impl crate::Client {
            #docs
            pub async fn #name(&self #body_param) -> ::std::result::Result<#success, crate::Error<#error>> {
                #validate
                let request = crate::runtime::Request::new(::reqwest::Method::#http_method, #path) #auth #json;
                let response = self.send(request).await?;
                match response.status() {
                    #arms
                }
            }
        }
    }
}

/// The success type: the body of the 2xx responses (all the same), or `()` without one.
fn success_type(op: &Operation) -> TokenStream {
    match op.success.iter().find_map(|r| r.ty.as_ref()) {
        Some(ty) => rust_type(ty),
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

fn response_arms(op: &Operation) -> TokenStream {
    let error = ident(&op.error_name);
    let decode = if op.success.iter().any(|r| r.ty.is_some()) {
        quote! { response.json() }
    } else {
        quote! { Ok(()) }
    };
    let success: Vec<TokenStream> = match op.success.is_empty() {
        true => vec![status_pattern(Status::Range(2))],
        false => op
            .success
            .iter()
            .map(|r| status_pattern(r.status))
            .collect(),
    };
    let mut arms = quote! { #(#success)|* => #decode, };
    let mut fallback = quote! { _ => Err(response.unexpected_status()), };
    for e in &op.errors {
        let pattern = status_pattern(e.status);
        let variant = ident(&e.variant);
        let arm = match (&e.ty, e.status) {
            (None, Status::Code(_)) => {
                quote! { #pattern => Err(crate::Error::Api(#error::#variant)), }
            }
            (None, _) => quote! { #pattern => Err(response.unexpected_status()), },
            (Some(_), Status::Code(_)) => {
                quote! { #pattern => Err(response.api_error(#error::#variant)), }
            }
            (Some(_), Status::Range(_)) => {
                quote! { status @ #pattern => Err(response.api_error(|body| #error::#variant { status, body })), }
            }
            (Some(_), Status::Default) => {
                quote! { status => Err(response.api_error(|body| #error::#variant { status, body })), }
            }
        };
        match e.status {
            Status::Default => fallback = arm,
            _ => arms.extend(arm),
        }
    }
    arms.extend(fallback);
    arms
}
