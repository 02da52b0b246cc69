//! The `_stream` methods: what detection (`paging`, `streams`) finds in the document, turned
//! into the model's [`StreamMethod`] once every type is known, so that the parameters a walker
//! sets and the response fields it reads are named in Rust. A plan whose parameters or fields
//! are not there with a usable type gives no method.

use super::paging::{self, Cursor, Items, Plan, Style};
use super::streams::{self, StreamKind, StreamPlan};
use super::Builder;
use crate::diagnostic::Diagnostic;
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
    pub operation: crate::names::Ident,
    /// The `_stream` method's name.
    pub name: String,
    /// What was detected.
    pub found: Detected,
}

/// What detection found.
#[derive(Debug)]
pub(super) enum Detected {
    /// A paged list, with the number of the API's first page and whether the configuration
    /// gave the plan (then a plan that does not resolve is an error).
    Pages(Plan, u64, bool),
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
        let configured = op
            .operation_id
            .as_ref()
            .and_then(|id| self.paging_settings.get(id))
            .cloned();
        if let Some(setting) = configured {
            let (style, items) = setting?;
            let items = items
                .or_else(|| paging::items_of(self.doc, path_level, op))
                .unwrap_or(Items::Body);
            let plan = Plan { style, items };
            let base = first_page(self.doc, path_level, op, &plan);
            return Some(Detected::Pages(plan, base, true));
        }
        if let Some(plan) = streams::detect(self.doc, op) {
            let item = match plan.kind {
                StreamKind::Bytes => Type::Bytes,
                _ => self.streamed_item(op, &plan.media, stem, pointer),
            };
            return Some(Detected::Body(plan, item));
        }
        let plan = paging::detect(self.doc, path_level, op)?;
        let base = first_page(self.doc, path_level, op, &plan);
        Some(Detected::Pages(plan, base, false))
    }

    /// Reads the configured paging settings; a setting that does not parse is an error.
    pub(super) fn paging_settings(&mut self, settings: &[String]) {
        for text in settings {
            match parse_setting(text) {
                Ok((operation, setting)) => {
                    self.paging_settings.insert(operation, setting);
                }
                Err(message) => self.problems.push(Diagnostic::in_file("", message)),
            }
        }
    }

    /// Reports paging settings that name no operation of the document.
    pub(super) fn unknown_paging_settings<'i>(
        &mut self,
        ids: impl Iterator<Item = &'i str> + Clone,
    ) {
        let unknown: Vec<String> = self
            .paging_settings
            .keys()
            .filter(|wanted| !ids.clone().any(|id| id == wanted.as_str()))
            .cloned()
            .collect();
        for wanted in unknown {
            let message =
                format!("paging setting for `{wanted}`: the document has no such operationId");
            let mut problem = Diagnostic::in_file("", message);
            if let Some(close) = crate::names::closest(&wanted, ids.clone()) {
                problem = problem.with_help(format!("did you mean `{close}`?"));
            }
            self.problems.push(problem);
        }
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

/// The number of the API's first page, for a page-number plan.
fn first_page(
    doc: &oa::OpenAPI,
    path_level: &[oa::ReferenceOr<oa::Parameter>],
    op: &oa::Operation,
    plan: &Plan,
) -> u64 {
    match &plan.style {
        Style::PageNumber { page, .. } => paging::first_page(doc, path_level, op, page),
        _ => 1,
    }
}

/// Gives each operation its `_stream` method where its plan resolves against the types; a
/// configured plan that does not is an error (returned).
pub(super) fn resolve(api: &mut Api, pending: Vec<Pending>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
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
            Detected::Pages(plan, base, configured) => {
                let paging = pages(api, op, &plan, base);
                if configured && paging.is_none() {
                    let id = op.operation_id.as_deref().unwrap_or_default();
                    let message = format!(
                        "paging setting for `{id}`: its parameter or fields are not in the \
                         operation with a usable type (an integer page, offset or size, a string \
                         cursor, a list of items)"
                    );
                    errors.push(Diagnostic::in_file("", message));
                }
                paging.map(StreamMethodKind::Pages)
            }
            Detected::Body(plan, item) => Some(StreamMethodKind::Body(body(api, op, plan, item))),
        };
        if let (Some(kind), Some(op)) = (kind, api.operations.get_mut(index)) {
            op.stream = Some(StreamMethod {
                name: entry.name,
                kind,
            });
        }
    }
    errors
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
    want(&unalias(api, &field.ty)).then(|| field.name.to_string())
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
            field: field.name.to_string(),
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

/// A configured paging setting: the operation's `operationId` and its plan, `None` for no
/// `_stream` method at all.
pub(crate) type Setting = (String, Option<(Style, Option<Items>)>);

/// Reads one paging setting, `OPERATION=off` or `OPERATION=STYLE[:PARAM][,KEY=FIELD]...`: the
/// styles `pages` (page number; keys `size`, `items`, `total`, `pages`), `offset` (keys
/// `limit`, `items`, `total`), `cursor` (keys `next`, a field or `last-id`, `has-more`,
/// `items`) and `links` (keys `next`, a body field of the next URL, and `items`). A field is its
/// wire path, dotted (`meta.total`); `items=.` says the body is the list, and without `items`
/// the list is found as detection finds it.
pub(crate) fn parse_setting(text: &str) -> Result<Setting, String> {
    let (operation, rest) = text
        .split_once('=')
        .filter(|(operation, _)| !operation.is_empty())
        .ok_or_else(|| format!("paging setting `{text}` is not OPERATION=STYLE[:PARAM][,KEY=FIELD]... or OPERATION=off"))?;
    if rest == "off" {
        return Ok((operation.to_owned(), None));
    }
    let mut parts = rest.split(',');
    let head = parts.next().unwrap_or_default();
    let (style, param) = match head.split_once(':') {
        Some((style, param)) => (style, Some(param.to_owned())),
        None => (head, None),
    };
    let mut keys = std::collections::BTreeMap::new();
    for part in parts {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| format!("paging setting `{text}`: `{part}` is not KEY=FIELD"))?;
        keys.insert(key, value);
    }
    let path = |key: &str| -> Option<Vec<String>> {
        keys.get(key)
            .map(|value| value.split('.').map(str::to_owned).collect())
    };
    let needs = |param: Option<String>| {
        param.ok_or_else(|| format!("paging setting `{text}`: style `{style}` needs :PARAM"))
    };
    let (style, allowed): (Style, &[&str]) = match style {
        "pages" => (
            Style::PageNumber {
                page: needs(param)?,
                size: keys.get("size").map(|size| (*size).to_owned()),
                total_items: path("total"),
                total_pages: path("pages"),
            },
            &["size", "items", "total", "pages"],
        ),
        "offset" => (
            Style::Offset {
                offset: needs(param)?,
                limit: keys.get("limit").map(|limit| (*limit).to_owned()),
                total_items: path("total"),
            },
            &["limit", "items", "total"],
        ),
        "cursor" => {
            let next = match keys.get("next") {
                Some(&"last-id") => Cursor::LastItemId,
                Some(_) => Cursor::Field(path("next").unwrap_or_default()),
                None => return Err(format!("paging setting `{text}`: a cursor needs next=FIELD")),
            };
            let has_more = path("has-more");
            let param = needs(param)?;
            (Style::Cursor { param, next, has_more }, &["next", "has-more", "items"])
        }
        "links" => match path("next") {
            Some(field) => (Style::NextLink { field }, &["next", "items"]),
            None => (Style::LinkHeader, &["items"]),
        },
        other => {
            return Err(format!(
                "paging setting `{text}`: unknown style `{other}` (pages, offset, cursor, links or off)"
            ))
        }
    };
    if let Some(key) = keys.keys().find(|key| !allowed.contains(key)) {
        return Err(format!(
            "paging setting `{text}`: `{key}` does not apply to this style"
        ));
    }
    let items = keys.get("items").map(|items| match *items {
        "." => Items::Body,
        path => Items::Field(path.split('.').map(str::to_owned).collect()),
    });
    Ok((operation.to_owned(), Some((style, items))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> Vec<String> {
        text.split('.').map(str::to_owned).collect()
    }

    #[test]
    fn settings_read_each_style_and_refuse_what_does_not_apply() {
        let (operation, setting) =
            parse_setting("list=cursor:after,next=meta.next,has-more=more,items=data").unwrap();
        assert_eq!(operation, "list");
        let expected = Style::Cursor {
            param: "after".into(),
            next: Cursor::Field(path("meta.next")),
            has_more: Some(path("more")),
        };
        assert_eq!(setting, Some((expected, Some(Items::Field(path("data"))))));
        let (_, setting) = parse_setting("list=pages:page,size=per_page,items=.").unwrap();
        let Some((Style::PageNumber { page, size, .. }, Some(Items::Body))) = setting else {
            panic!("expected page numbers over the body, got {setting:?}");
        };
        assert_eq!((page.as_str(), size.as_deref()), ("page", Some("per_page")));
        assert_eq!(
            parse_setting("list=links").unwrap().1,
            Some((Style::LinkHeader, None))
        );
        assert_eq!(parse_setting("list=off").unwrap(), ("list".into(), None));
        for (bad, says) in [
            ("list", "is not OPERATION=STYLE"),
            ("list=pages", "needs :PARAM"),
            ("list=cursor:after", "needs next=FIELD"),
            ("list=offset:o,next=x", "`next` does not apply"),
            ("list=numbers:page", "unknown style `numbers`"),
            ("list=pages:page,size", "is not KEY=FIELD"),
        ] {
            let error = parse_setting(bad).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
    }
}
