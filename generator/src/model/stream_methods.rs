//! The `_stream` methods: what detection (`paging`, `streams`) finds in the document, turned
//! into the model's [`StreamMethod`] once every type is known, so that the parameters a walker
//! sets and the response fields it reads are named in Rust. A plan whose parameters or fields
//! are not there with a usable type gives no method.

use super::paging::{self, Cursor, Items, Plan, Style};
use super::streams::{self, StreamKind, StreamPlan};
use super::Builder;
use crate::ir::{
    Api, CursorSource, FieldStep, Framing, Operation, Paging, PagingStyle, StreamMethod,
    StreamMethodKind, StreamedBody, Type, TypeKind,
};
use crate::pointer::JsonPointer;
use openapiv3 as oa;

/// A `_stream` method detected for one operation, waiting for the types.
#[derive(Debug)]
pub(super) struct Pending {
    /// The operation's Rust method name.
    pub operation: String,
    /// The `_stream` method's name.
    pub name: String,
    /// What was detected.
    pub found: Detected,
}

/// What detection found.
#[derive(Debug)]
pub(super) enum Detected {
    /// A paged list, with the number of the API's first page.
    Pages(Plan, u64),
    /// A streamed response, with the type of one item.
    Body(StreamPlan, Type),
}

impl<'a> Builder<'a> {
    /// What the operation's `_stream` method does, if it has one: a streamed response wins over
    /// paging (a list is rarely both).
    pub(super) fn detect_stream(
        &mut self,
        path_level: &'a [oa::ReferenceOr<oa::Parameter>],
        op: &'a oa::Operation,
        stem: &str,
        pointer: &JsonPointer,
    ) -> Option<Detected> {
        if let Some(plan) = streams::detect(self.doc, op) {
            let item = match plan.kind {
                StreamKind::Bytes => Type::Bytes,
                _ => self.streamed_item(op, &plan.media, stem, pointer),
            };
            return Some(Detected::Body(plan, item));
        }
        let plan = paging::detect(self.doc, path_level, op)?;
        let base = match &plan.style {
            Style::PageNumber { page, .. } => paging::first_page(self.doc, path_level, op, page),
            _ => 1,
        };
        Some(Detected::Pages(plan, base))
    }

    /// The type of one event's data or one record: the streamed media type's schema, any JSON
    /// value without one.
    fn streamed_item(
        &mut self,
        op: &'a oa::Operation,
        media: &str,
        stem: &str,
        pointer: &JsonPointer,
    ) -> Type {
        let Some((status, response)) = op.responses.responses.iter().find(|(status, _)| {
            matches!(
                status,
                oa::StatusCode::Code(200..=299) | oa::StatusCode::Range(2)
            )
        }) else {
            return Type::Any;
        };
        let Some(oa::ReferenceOr::Item(response)) = Some(response) else {
            return Type::Any;
        };
        let Some(schema) = response.content.get(media).and_then(|m| m.schema.as_ref()) else {
            return Type::Any;
        };
        let pointer = pointer
            .child("responses")
            .child(&status.to_string())
            .child("content")
            .child(media)
            .child("schema");
        self.ref_or_type(schema, &format!("{stem}StreamItem"), &pointer)
    }
}

/// Gives each operation its `_stream` method where its plan resolves against the types.
pub(super) fn resolve(api: &mut Api, pending: Vec<Pending>) {
    for entry in pending {
        let Some(index) = api
            .operations
            .iter()
            .position(|op| op.name == entry.operation)
        else {
            continue;
        };
        let Some(op) = api.operations.get(index) else {
            continue;
        };
        let kind = match entry.found {
            Detected::Pages(plan, base) => pages(api, op, &plan, base).map(StreamMethodKind::Pages),
            Detected::Body(plan, item) => Some(StreamMethodKind::Body(body(api, op, plan, item))),
        };
        if let (Some(kind), Some(op)) = (kind, api.operations.get_mut(index)) {
            op.stream = Some(StreamMethod {
                name: entry.name,
                kind,
            });
        }
    }
}

/// A streamed response as the method reads it.
fn body(api: &Api, op: &Operation, plan: StreamPlan, item: Type) -> StreamedBody {
    let framing = match plan.kind {
        StreamKind::Events => Framing::Events,
        StreamKind::JsonLines => Framing::Lines,
        StreamKind::JsonSeq => Framing::JsonSeq,
        StreamKind::Bytes => Framing::Bytes,
    };
    let stream_flag = op
        .body
        .as_ref()
        .filter(|_| plan.stream_flag)
        .and_then(|body| walk(api, &body.ty, &["stream".to_owned()]))
        .and_then(|(steps, ty)| match (steps.as_slice(), ty) {
            ([step], Type::Boolean) => Some((step.field.clone(), step.optional)),
            _ => None,
        });
    StreamedBody {
        framing,
        media_type: plan.media,
        item,
        stream_flag,
    }
}

/// A paged operation's walk, when its parameters and fields resolve.
fn pages(api: &Api, op: &Operation, plan: &Plan, base: u64) -> Option<Paging> {
    if op.success_enum.is_some() {
        return None;
    }
    let page = op
        .success
        .iter()
        .find_map(|r| r.content.as_ref())?
        .ty
        .clone();
    let (items, list) = match &plan.items {
        Items::Body => (Vec::new(), page.clone()),
        Items::Field(path) => walk(api, &page, path)?,
    };
    let Type::Vec(item) = unalias(api, &list) else {
        return None;
    };
    let item = *item;
    let field = |path: &Option<Vec<String>>, want: fn(&Type) -> bool| {
        path.as_ref()
            .and_then(|path| walk(api, &page, path))
            .filter(|(_, ty)| want(ty))
            .map(|(steps, _)| steps)
    };
    let (mut has_more, mut total_items, mut total_pages) = (None, None, None);
    let style = match &plan.style {
        Style::PageNumber {
            page: number,
            size,
            total_items: items_total,
            total_pages: pages_total,
        } => {
            total_items = field(items_total, is_integer);
            total_pages = field(pages_total, is_integer);
            PagingStyle::Numbered {
                page: param(api, op, number, is_integer)?,
                size: size
                    .as_ref()
                    .and_then(|size| param(api, op, size, is_integer)),
                base,
            }
        }
        Style::Offset {
            offset,
            limit,
            total_items: items_total,
        } => {
            total_items = field(items_total, is_integer);
            PagingStyle::Offset {
                offset: param(api, op, offset, is_integer)?,
                limit: limit
                    .as_ref()
                    .and_then(|limit| param(api, op, limit, is_integer)),
            }
        }
        Style::Cursor {
            param: name,
            next,
            has_more: more,
        } => {
            has_more = field(more, |ty| *ty == Type::Boolean);
            let next = match next {
                Cursor::Field(path) => {
                    let (steps, ty) = walk(api, &page, path).filter(|(_, ty)| is_cursor(ty))?;
                    CursorSource::Field(steps, is_integer(&ty))
                }
                Cursor::LastItemId => {
                    let (steps, _) =
                        walk(api, &item, &["id".to_owned()]).filter(|(steps, ty)| {
                            steps.len() == 1 && (is_cursor(ty) || *ty == Type::Uuid)
                        })?;
                    CursorSource::LastItem(steps.into_iter().next()?)
                }
            };
            PagingStyle::Cursor {
                param: param(api, op, name, |ty| *ty == Type::String)?,
                next,
            }
        }
        Style::LinkHeader => PagingStyle::Links { next: None },
        Style::NextLink { field: path } => PagingStyle::Links {
            next: Some(field(&Some(path.clone()), |ty| *ty == Type::String)?),
        },
    };
    Some(Paging {
        style,
        items,
        item,
        page,
        has_more,
        total_items,
        total_pages,
    })
}

fn is_integer(ty: &Type) -> bool {
    matches!(ty, Type::Integer(_))
}

/// A cursor the walker can pass on as text: a string or an integer.
fn is_cursor(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::Integer(_))
}

/// The Rust field of the query parameter `wire` of `op`, when its type satisfies `want`.
fn param(api: &Api, op: &Operation, wire: &str, want: fn(&Type) -> bool) -> Option<String> {
    let params = op.params.as_ref()?;
    let binding = params
        .bindings
        .iter()
        .find(|b| b.wire == wire && matches!(b.location, crate::ir::ParamLocation::Query { .. }))?;
    let Some(TypeKind::Params(fields)) = api.type_named(&params.type_name).map(|def| &def.kind)
    else {
        return None;
    };
    let field = fields.iter().find(|f| f.name == binding.field)?;
    want(&unalias(api, &field.ty)).then(|| field.name.clone())
}

/// The Rust fields on the way from a value of `ty` to the property at `path` (wire names), and
/// that property's type (aliases followed).
pub(super) fn walk(api: &Api, ty: &Type, path: &[String]) -> Option<(Vec<FieldStep>, Type)> {
    let mut steps = Vec::new();
    let mut at = unalias(api, ty);
    for wire in path {
        let Type::Named(name) = &at else {
            return None;
        };
        let TypeKind::Struct(fields) = &api.type_named(name)?.kind else {
            return None;
        };
        let field = fields.iter().find(|f| !f.flatten && f.wire_name == *wire)?;
        steps.push(FieldStep {
            field: field.name.clone(),
            optional: field.is_optional(),
        });
        at = unalias(api, &field.ty);
    }
    Some((steps, at))
}

/// `ty` with aliases and boxes looked through.
fn unalias(api: &Api, ty: &Type) -> Type {
    let mut at = ty.clone();
    // A cycle of aliases is reported by the model before this runs; the bound is a guard.
    for _ in 0..64 {
        at = match &at {
            Type::Boxed(inner) => (**inner).clone(),
            Type::Named(name) => match api.type_named(name).map(|def| &def.kind) {
                Some(TypeKind::Alias(inner)) => inner.clone(),
                _ => return at,
            },
            _ => return at,
        };
    }
    at
}
