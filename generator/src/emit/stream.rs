//! The `<method>_stream` methods: a paged list as one lazy stream of its items (one runtime
//! walker call), or a streamed response (events, JSON lines, byte chunks) read as it arrives.
//! Each sits in its operation's `impl Client` block, beside the method it builds on.

use super::operation::{
    arguments_living, build_request, error_case, refusals, response_arms, success_type, validation,
};
use super::{doc, ident, rust_type};
use crate::ir::{
    Api, CursorSource, FieldStep, Framing, Operation, Paging, PagingStyle, Status,
    StreamMethodKind, StreamedBody,
};
use proc_macro2::{Literal as Lit, TokenStream};
use quote::quote;

/// The operation's `_stream` method, if it has one.
pub(super) fn method(op: &Operation, api: &Api) -> TokenStream {
    let Some(stream) = &op.stream else {
        return quote! {};
    };
    let name = ident(&stream.name);
    match &stream.kind {
        StreamMethodKind::Pages(paging) => pages(op, paging, &name, api),
        StreamMethodKind::Body(body) => streamed(op, body, &name, api),
    }
}

/// A streamed response: the request of the plain method asking for the streamed media type,
/// opened; a documented error status is the outer error.
fn streamed(
    op: &Operation,
    body: &StreamedBody,
    name: &proc_macro2::Ident,
    api: &Api,
) -> TokenStream {
    let docs = doc(&streamed_doc(op, body));
    let error = ident(&op.error_name);
    let arguments = arguments_living(op, &quote! {});
    let validate = validation(op);
    let flag = stream_flag(op, body);
    // The plain method's `Accept` gives way to the streamed media type.
    let mut asking = op.clone();
    asking.success.clear();
    let build = build_request(&asking, api);
    let media = &body.media_type;
    let refuse = refuse(op);
    let item = rust_type(&body.item);
    let (decoder, read) = match body.framing {
        Framing::Events => (quote! { runtime::stream::Events<#item> }, quote! { events }),
        Framing::Lines => (quote! { runtime::stream::Records<#item> }, quote! { lines }),
        Framing::JsonSeq => (
            quote! { runtime::stream::Records<#item> },
            quote! { json_seq },
        ),
        Framing::Bytes => (quote! { runtime::stream::Chunks }, quote! { chunks }),
    };
    quote! {
        #docs
        pub async fn #name(&self, #(#arguments),*) -> ::std::result::Result<runtime::stream::Items<#decoder, #error>, runtime::Error<#error>> {
            #validate
            #flag
            #build
            let request = request.accept(#media);
            let opened = self.inner.open(request, #refuse).await?;
            Ok(opened.#read())
        }
    }
}

/// The closure that turns a status other than a success into the operation's error.
fn refuse(op: &Operation) -> TokenStream {
    let (arms, count) = refusals(op);
    let default = op.errors.iter().find(|e| e.status == Status::Default);
    match (count, default) {
        (1, None) => quote! { |response| response.unexpected_status() },
        (1, Some(default)) => {
            let (status, value) = error_case(op, default);
            quote! { |response| { let #status = response.status(); #value } }
        }
        _ => quote! { |response| match response.status() { #arms } },
    }
}

/// The body with its `stream` flag set, in place of the caller's.
fn stream_flag(op: &Operation, body: &StreamedBody) -> TokenStream {
    let (Some((field, optional)), Some(request)) = (&body.stream_flag, &op.body) else {
        return quote! {};
    };
    let field = ident(field);
    let value = match optional {
        true => quote! { Some(true) },
        false => quote! { true },
    };
    match request.required {
        true => quote! {
            let mut body = body.clone();
            body.#field = #value;
            let body = &body;
        },
        false => quote! {
            let body = body.cloned().map(|mut body| {
                body.#field = #value;
                body
            });
            let body = body.as_ref();
        },
    }
}

fn streamed_doc(op: &Operation, body: &StreamedBody) -> Vec<String> {
    let plain = op.name.as_str();
    let what = match body.framing {
        Framing::Events => "server-sent events, each event's data decoded as the response schema; a `[DONE]` event ends the stream",
        Framing::Lines => "JSON lines, one item per line",
        Framing::JsonSeq => "a JSON text sequence (RFC 7464), one item per record",
        Framing::Bytes => "byte chunks as they arrive, without the body size cap",
    };
    let lines = vec![
        format!(
            "[`Client::{plain}`](Client::{plain}) with its response read as it arrives: {what}."
        ),
        String::new(),
        format!(
            "Sends `Accept: {}`{}. A documented error status is the outer error, as for \
             `{plain}`; then {} The client's timeout covers the response head only.",
            body.media_type,
            match body.stream_flag {
                Some(_) => " and the body with `stream` set to `true`",
                None => "",
            },
            match body.framing {
                Framing::Bytes => "a cut connection is a `Transport` error that ends the stream.",
                _ =>
                    "an item that does not decode is a `Decode` error and the stream goes on, \
                      while a cut connection (or a body ending inside an item) is a \
                      `Transport` error that ends it.",
            }
        ),
    ];
    lines
}

/// A paged list: one walker call, with a `fetch` that calls the plain method for one page and
/// a `split` that takes a page apart.
fn pages(op: &Operation, paging: &Paging, name: &proc_macro2::Ident, api: &Api) -> TokenStream {
    let docs = doc(&pages_doc(op, paging));
    let error = ident(&op.error_name);
    let life = quote! { 'a };
    let arguments = arguments_living(op, &life);
    let item = rust_type(&paging.item);
    let split = split(paging);
    let body = match &paging.style {
        PagingStyle::Links { .. } => links(op, api, &split),
        style => walker(op, style, &split),
    };
    quote! {
        #docs
        pub fn #name<'a>(&'a self, #(#arguments),*) -> impl runtime::Stream<Item = ::std::result::Result<#item, runtime::Error<#error>>> + 'a {
            #body
        }
    }
}

/// The walker call of a page-number, offset or cursor style.
fn walker(op: &Operation, style: &PagingStyle, split: &TokenStream) -> TokenStream {
    let Some(params) = &op.params else {
        return quote! {};
    };
    let p = &params.arg;
    let slot = quote! { runtime::paging::Slot };
    let peek = |field: &Option<String>| match field {
        Some(field) => {
            let field = ident(field);
            quote! { #slot::peek(&#p.#field) }
        }
        None => quote! { None },
    };
    let (setup, call, set) = match style {
        PagingStyle::Numbered { page, size, base } => {
            let base = Lit::u64_unsuffixed(*base);
            let first = peek(&Some(page.clone()));
            let size = peek(size);
            let setup = quote! {
                let numbers = runtime::paging::Numbers {
                    first: #first.unwrap_or(#base),
                    base: #base,
                    size: #size,
                };
            };
            (setup, quote! { numbered(numbers, fetch, split) }, page)
        }
        PagingStyle::Offset { offset, limit } => {
            let (first, limit) = (peek(&Some(offset.clone())), peek(limit));
            let call = quote! { offsets(#first.unwrap_or(0), #limit, fetch, split) };
            (quote! {}, call, offset)
        }
        PagingStyle::Cursor { param, .. } => (quote! {}, quote! { cursors(fetch, split) }, param),
        PagingStyle::Links { .. } => return quote! {},
    };
    let set = ident(set);
    let method = &op.name;
    let call_args = call_arguments(op);
    quote! {
        #setup
        let fetch = move |position| {
            let mut #p = #p.clone();
            if let Some(position) = position {
                #slot::put(&mut #p.#set, position);
            }
            async move { self.#method(#(#call_args),*).await }
        };
        let split = #split;
        runtime::paging::#call
    }
}

/// The arguments the fetch passes on: the caller's, the parameters struct being the copy.
fn call_arguments(op: &Operation) -> Vec<TokenStream> {
    let mut out: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|param| {
            let name = &param.name;
            quote! { #name }
        })
        .collect();
    if let Some(params) = &op.params {
        let arg = &params.arg;
        out.push(quote! { &#arg });
    }
    if op.body.is_some() {
        out.push(quote! { body });
    }
    out
}

/// The link follower's call: the first request as the plain method builds it, and the plain
/// method's status decoding as a function.
fn links(op: &Operation, api: &Api, split: &TokenStream) -> TokenStream {
    let error = ident(&op.error_name);
    let success = success_type(op);
    let arms = response_arms(op);
    let validate = validation(op);
    let build = build_request(op, api);
    quote! {
        fn decode(response: runtime::Response) -> ::std::result::Result<#success, runtime::Error<#error>> {
            match response.status() {
                #arms
            }
        }
        runtime::paging::links(&self.inner, move || {
            #validate
            #build
            Ok(request)
        }, decode, #split)
    }
}

/// The closure that takes a page apart: what it says about the next page (read by reference),
/// then its items (moved out).
fn split(paging: &Paging) -> TokenStream {
    let page_type = rust_type(&paging.page);
    let page = quote! { page };
    let mut lets = Vec::new();
    let mut calls = Vec::new();
    let mut read_into = |name: &str, steps: &Option<Vec<FieldStep>>, convert: TokenStream| {
        if let Some(steps) = steps {
            let var = ident(name);
            let value = read(&page, steps);
            lets.push(quote! { let #var = #value #convert; });
            calls.push(quote! { .#var(#var) });
        }
    };
    read_into("has_more", &paging.has_more, quote! {});
    read_into("total_items", &paging.total_items, quote! {});
    read_into("total_pages", &paging.total_pages, quote! {});
    match &paging.style {
        PagingStyle::Cursor {
            next: CursorSource::Field(steps, integer),
            ..
        } => read_into("cursor", &Some(steps.clone()), text(*integer)),
        PagingStyle::Links { next } => read_into("next_link", next, quote! {}),
        _ => {}
    }
    let items = take(&page, &paging.items);
    lets.push(quote! { let items = #items; });
    if let PagingStyle::Cursor {
        next: CursorSource::LastItem(step),
        ..
    } = &paging.style
    {
        let field = ident(&step.field);
        let value = match step.optional {
            true => {
                quote! { items.last().and_then(|item| item.#field.as_ref()).map(ToString::to_string) }
            }
            false => quote! { items.last().map(|item| item.#field.to_string()) },
        };
        lets.push(quote! { let cursor = #value; });
        calls.push(quote! { .cursor(cursor) });
    }
    quote! {
        |#page: #page_type| {
            #(#lets)*
            runtime::paging::Page::new(items) #(#calls)*
        }
    }
}

/// `.map(|n| n.to_string())` for an integer cursor, nothing for a string.
fn text(integer: bool) -> TokenStream {
    match integer {
        true => quote! { .map(|n| n.to_string()) },
        false => quote! {},
    }
}

/// The value at `steps` from `place`, as an `Option` (through the runtime's `Slot::peek`, which
/// reads any integer width and looks through an `Option`).
fn read(place: &TokenStream, steps: &[FieldStep]) -> TokenStream {
    let Some((step, rest)) = steps.split_first() else {
        return quote! { runtime::paging::Slot::peek(&#place) };
    };
    let field = ident(&step.field);
    let at = quote! { #place.#field };
    if !step.optional || rest.is_empty() {
        return read(&at, rest);
    }
    let inner = read(&quote! { value }, rest);
    quote! { #at.as_ref().and_then(|value| #inner) }
}

/// The list at `steps` from `place`, moved out (empty where an optional field is absent).
fn take(place: &TokenStream, steps: &[FieldStep]) -> TokenStream {
    let Some((step, rest)) = steps.split_first() else {
        return quote! { #place };
    };
    let field = ident(&step.field);
    let at = quote! { #place.#field };
    match (step.optional, rest.is_empty()) {
        (false, _) => take(&at, rest),
        (true, true) => quote! { #at.unwrap_or_default() },
        (true, false) => {
            let inner = take(&quote! { value }, rest);
            quote! { #at.map_or_else(::std::vec::Vec::new, |value| #inner) }
        }
    }
}

fn pages_doc(op: &Operation, paging: &Paging) -> Vec<String> {
    let plain = op.name.as_str();
    let how = match &paging.style {
        PagingStyle::Numbered { page, .. } => format!(
            "asks for the next page number in `{}` after each page; it stops at an empty page, \
             a page shorter than the size asked for, or the total the response reports",
            page.trim_start_matches("r#")
        ),
        PagingStyle::Offset { offset, .. } => format!(
            "advances `{}` by the number of items each page held; it stops at an empty or \
             short page, or the total the response reports",
            offset.trim_start_matches("r#")
        ),
        PagingStyle::Cursor { param, .. } => format!(
            "passes the cursor each page gives in `{}`; it stops when a page gives none, says \
             there are no more, or repeats a cursor already used",
            param.trim_start_matches("r#")
        ),
        PagingStyle::Links { .. } => "follows each page's next link (the `Link` header's \
             `rel=\"next\"`, or the body's next link) on the API's own origin only; it stops \
             when a page has none or repeats one, and a link to another origin is an error \
             before anything is sent there"
            .to_owned(),
    };
    vec![
        format!(
            "Every item of [`Client::{plain}`](Client::{plain}), page after page, fetched lazily \
             one page at a time (each page one call, with the usual retries)."
        ),
        String::new(),
        format!(
            "The caller's parameters go unchanged with every page, page size included; the \
             stream {how}. A failing page yields its error and ends the stream."
        ),
    ]
}
