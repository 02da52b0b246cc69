//! Recognising paged list operations from the document alone: a pure function from one
//! operation (its parameters, its success response's schema and headers, its extensions) to a
//! small plan the client's `_stream` method follows: the paging style, the request parameters it
//! sets, and the response fields it reads (the items, the next cursor, `has_more`, totals).
//!
//! Vendor extensions come first where present and documented (`x-dropshot-pagination`,
//! `x-ms-pageable`, `x-speakeasy-pagination`, `x-fern-pagination`); then the shapes, in order: a
//! declared `Link` response header, a cursor or token parameter fed from the response, `offset`
//! with `limit`, a page number. Each shape needs the items: the success body when it is an array,
//! or the body's one array property (a conventional name such as `data` wins among several).

use openapiv3 as oa;
use serde_json::Value as Json;

/// How many references in a row are followed before giving up on a chain.
const MAX_HOPS: usize = 32;

/// How a paged operation is walked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    /// The style and its request parameters and response fields.
    pub style: Style,
    /// Where the items are.
    pub items: Items,
}

/// Where a page's items are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Items {
    /// The body is the list.
    Body,
    /// The list is the body's field at this path (usually one name).
    Field(Vec<String>),
}

/// A response field, as the path of property names from the body.
pub(crate) type FieldPath = Vec<String>;

/// The paging styles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// A page number parameter, with an optional size parameter and totals in the response.
    PageNumber {
        page: String,
        size: Option<String>,
        total_items: Option<FieldPath>,
        total_pages: Option<FieldPath>,
    },
    /// A cursor or token parameter fed from the response.
    Cursor {
        param: String,
        next: Cursor,
        has_more: Option<FieldPath>,
    },
    /// An offset parameter with a limit parameter.
    Offset {
        offset: String,
        limit: Option<String>,
        total_items: Option<FieldPath>,
    },
    /// The response's `Link` header names the next page (`rel="next"`).
    LinkHeader,
    /// A response field holds the next page's URL (`x-ms-pageable`'s `nextLinkName`).
    NextLink { field: FieldPath },
}

/// Where the next cursor comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Cursor {
    /// A response field.
    Field(FieldPath),
    /// The `id` of the page's last item.
    LastItemId,
}

/// Request parameter names of page numbers.
const PAGE_PARAMS: &[&str] = &["page", "pageNumber", "page_number", "pageNum", "page_num"];
/// Request parameter names of page sizes.
const SIZE_PARAMS: &[&str] = &[
    "per_page",
    "perPage",
    "pageSize",
    "page_size",
    "limit",
    "size",
];
/// Request parameter names of cursors and tokens.
const CURSOR_PARAMS: &[&str] = &[
    "after",
    "starting_after",
    "startingAfter",
    "cursor",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "continuation_token",
    "continuationToken",
    "starting_token",
];
/// Response field names of the next cursor, most specific first.
const NEXT_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "continuation_token",
    "continuationToken",
    "next_page",
    "nextPage",
    "cursor",
    // Last: some APIs give the next page's URL under this name.
    "next",
];
/// Response field names saying more pages follow.
const HAS_MORE_FIELDS: &[&str] = &["has_more", "hasMore", "has_next", "hasNext", "hasNextPage"];
/// Response field names of the total number of items.
const TOTAL_ITEMS_FIELDS: &[&str] = &[
    "totalItems",
    "total_items",
    "total",
    "total_count",
    "totalCount",
    "total_results",
    "totalResults",
];
/// Response field names of the total number of pages.
const TOTAL_PAGES_FIELDS: &[&str] = &["total_pages", "totalPages", "page_count", "pageCount"];
/// Conventional names of the items field, preferred when a body has several arrays.
const ITEM_FIELDS: &[&str] = &[
    "items", "data", "results", "value", "entries", "records", "list",
];
/// Objects a response may nest its paging fields in.
const META_FIELDS: &[&str] = &["meta", "pagination", "page_info", "pageInfo", "paging"];

/// The plan for `op` (on a path whose own parameters are `path_params`), or `None` when it is
/// not recognisably paged.
pub(crate) fn detect(
    doc: &oa::OpenAPI,
    path_params: &[oa::ReferenceOr<oa::Parameter>],
    op: &oa::Operation,
) -> Option<Plan> {
    let view = View::new(doc, path_params, op);
    vendor_plan(&view, op).or_else(|| shape_plan(&view))
}

/// What detection looks at: the query parameters (name, data) and the success response.
struct View<'a> {
    doc: &'a oa::OpenAPI,
    query: Vec<&'a oa::ParameterData>,
    response: Option<&'a oa::Response>,
    body: Option<&'a oa::Schema>,
}

impl<'a> View<'a> {
    fn new(
        doc: &'a oa::OpenAPI,
        path_params: &'a [oa::ReferenceOr<oa::Parameter>],
        op: &'a oa::Operation,
    ) -> Self {
        let all = path_params.iter().chain(&op.parameters);
        let query = all
            .filter_map(|param| parameter(doc, param))
            .filter_map(|param| match param {
                oa::Parameter::Query { parameter_data, .. } => Some(parameter_data),
                _ => None,
            })
            .collect();
        let response = success_response(doc, op);
        let body = response.and_then(|response| json_schema(doc, response));
        Self {
            doc,
            query,
            response,
            body,
        }
    }

    /// The query parameter with one of `names` (the first name of the list that is present).
    fn param(&self, names: &[&str]) -> Option<&'a oa::ParameterData> {
        let named = |name: &&str| self.query.iter().find(|data| data.name == *name).copied();
        names.iter().find_map(named)
    }

    /// The path of the body field with one of `names`, at the top or inside a meta object.
    fn field(&self, names: &[&str]) -> Option<FieldPath> {
        let body = self.body?;
        if let Some(name) = names
            .iter()
            .find(|name| property(self.doc, body, name).is_some())
        {
            return Some(vec![(*name).to_owned()]);
        }
        META_FIELDS.iter().find_map(|meta| {
            let nested = property(self.doc, body, meta)?;
            let name = names
                .iter()
                .find(|name| property(self.doc, nested, name).is_some())?;
            Some(vec![(*meta).to_owned(), (*name).to_owned()])
        })
    }

    /// Where the items are: the body itself when it is an array, else its one array property
    /// (or the conventionally named one among several).
    fn items(&self) -> Option<Items> {
        let body = self.body?;
        if matches!(body.schema_kind, oa::SchemaKind::Type(oa::Type::Array(_))) {
            return Some(Items::Body);
        }
        let arrays: Vec<&str> = properties(self.doc, body)
            .into_iter()
            .filter(|(_, schema)| is_array(self.doc, schema))
            .map(|(name, _)| name)
            .collect();
        let name = match arrays.as_slice() {
            [only] => *only,
            _ => ITEM_FIELDS.iter().find(|name| arrays.contains(name))?,
        };
        Some(Items::Field(vec![name.to_owned()]))
    }

    /// Whether the success response declares a `Link` header.
    fn declares_link(&self) -> bool {
        self.response.is_some_and(|response| {
            response
                .headers
                .keys()
                .any(|name| name.eq_ignore_ascii_case("link"))
        })
    }
}

/// The plan a vendor extension describes.
fn vendor_plan(view: &View, op: &oa::Operation) -> Option<Plan> {
    let ext = |name: &str| op.extensions.get(name);
    if ext("x-dropshot-pagination").is_some() {
        return dropshot(view);
    }
    if let Some(value) = ext("x-ms-pageable") {
        return ms_pageable(view, value);
    }
    if let Some(value) = ext("x-speakeasy-pagination") {
        return speakeasy(view, value);
    }
    ext("x-fern-pagination").and_then(|value| fern(view, value))
}

/// Dropshot: `page_token` fed from `next_page`, items in `items`.
fn dropshot(view: &View) -> Option<Plan> {
    let param = view.param(&["page_token"])?.name.clone();
    Some(Plan {
        style: Style::Cursor {
            param,
            next: Cursor::Field(vec!["next_page".into()]),
            has_more: None,
        },
        items: Items::Field(vec!["items".into()]),
    })
}

/// Azure's `x-ms-pageable`: a next-link field (`nextLinkName`, none meaning one page) and the
/// items field (`itemName`, default `value`).
fn ms_pageable(view: &View, value: &Json) -> Option<Plan> {
    let next = value.get("nextLinkName")?.as_str()?;
    let items = value
        .get("itemName")
        .and_then(Json::as_str)
        .unwrap_or("value");
    view.body?;
    Some(Plan {
        style: Style::NextLink {
            field: vec![next.to_owned()],
        },
        items: Items::Field(vec![items.to_owned()]),
    })
}

/// Speakeasy: `type` (`offsetLimit`, `cursor`, `url`), `inputs` naming the parameters by role,
/// `outputs` giving JSONPath-like locations (`$.data.items`).
fn speakeasy(view: &View, value: &Json) -> Option<Plan> {
    let input = |role: &str| -> Option<String> {
        let inputs = value.get("inputs")?.as_array()?;
        let found = inputs
            .iter()
            .find(|input| input.get("type").and_then(Json::as_str) == Some(role))?;
        Some(found.get("name")?.as_str()?.to_owned())
    };
    let output = |name: &str| json_path(value.get("outputs")?.get(name)?.as_str()?, "$");
    let items = match output("results") {
        Some(path) if path.is_empty() => Items::Body,
        Some(path) => Items::Field(path),
        None => view.items()?,
    };
    let style = match value.get("type")?.as_str()? {
        "cursor" => Style::Cursor {
            param: input("cursor")?,
            next: Cursor::Field(output("nextCursor")?),
            has_more: None,
        },
        "url" => Style::NextLink {
            field: output("nextUrl")?,
        },
        "offsetLimit" => match (input("page"), input("offset")) {
            (Some(page), _) => Style::PageNumber {
                page,
                size: input("limit"),
                total_items: None,
                total_pages: output("numPages"),
            },
            (None, Some(offset)) => Style::Offset {
                offset,
                limit: input("limit"),
                total_items: None,
            },
            (None, None) => return None,
        },
        _ => return None,
    };
    Some(Plan { style, items })
}

/// Fern: `cursor: $request.x` with `next_cursor: $response.y`, or `offset: $request.x` (a page
/// number when the parameter is one) with an optional `step`; `results: $response.z`.
fn fern(view: &View, value: &Json) -> Option<Plan> {
    let get = |name: &str| value.get(name).and_then(Json::as_str);
    let request = |name: &str| -> Option<String> {
        let path = json_path(get(name)?, "$request")?;
        path.last().cloned()
    };
    let response = |name: &str| json_path(get(name)?, "$response");
    let items = match response("results") {
        Some(path) if path.is_empty() => Items::Body,
        Some(path) => Items::Field(path),
        None => view.items()?,
    };
    let has_more = response("has-next-page");
    let style = if let Some(param) = request("cursor") {
        Style::Cursor {
            param,
            next: Cursor::Field(response("next_cursor")?),
            has_more,
        }
    } else {
        let offset = request("offset")?;
        let size = request("step");
        match PAGE_PARAMS.contains(&offset.as_str()) {
            true => Style::PageNumber {
                page: offset,
                size,
                total_items: None,
                total_pages: None,
            },
            false => Style::Offset {
                offset,
                limit: size,
                total_items: None,
            },
        }
    };
    Some(Plan { style, items })
}

/// The property names of a JSONPath-like location under `root` (`$.data.items`,
/// `$response.data`); `[]` for the root itself.
fn json_path(text: &str, root: &str) -> Option<FieldPath> {
    let rest = text.trim().strip_prefix(root)?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let rest = rest.strip_prefix('.')?;
    let parts: Vec<String> = rest.split('.').map(str::to_owned).collect();
    parts.iter().all(|part| !part.is_empty()).then_some(parts)
}

/// The plan the shape of the parameters and the response suggests.
fn shape_plan(view: &View) -> Option<Plan> {
    let items = view.items()?;
    let style = link_style(view)
        .or_else(|| cursor_style(view))
        .or_else(|| offset_style(view))
        .or_else(|| page_style(view))?;
    Some(Plan { style, items })
}

fn link_style(view: &View) -> Option<Style> {
    view.declares_link().then_some(Style::LinkHeader)
}

fn cursor_style(view: &View) -> Option<Style> {
    // A `page` parameter that takes a string is a token, not a number.
    let token_page = view
        .param(PAGE_PARAMS)
        .filter(|param| is_string(view.doc, param));
    let param = view.param(CURSOR_PARAMS).or(token_page)?;
    let has_more = view.field(HAS_MORE_FIELDS);
    let next = match view.field(NEXT_FIELDS) {
        Some(field) => Cursor::Field(field),
        None => last_id_cursor(view, param, has_more.is_some())?,
    };
    Some(Style::Cursor {
        param: param.name.clone(),
        next,
        has_more,
    })
}

/// Without a next-cursor field: a `last_id` field beside `has_more`, or the last item's `id`
/// when the items have one, the parameter's description says it takes an ID (of the last
/// object), and the end can be seen (`has_more`, or a body that is the list, which ends empty).
fn last_id_cursor(view: &View, param: &oa::ParameterData, has_more: bool) -> Option<Cursor> {
    if has_more {
        if let Some(field) = view.field(&["last_id", "lastId"]) {
            return Some(Cursor::Field(field));
        }
    }
    let description = param.description.as_deref()?.to_ascii_lowercase();
    let says_id = ["id", "identifier"].iter().any(|word| {
        description
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|found| found == *word)
    });
    let ends = has_more || view.items() == Some(Items::Body);
    (says_id && ends && item_has_id(view)).then_some(Cursor::LastItemId)
}

/// Whether the items have an `id` property.
fn item_has_id(view: &View) -> bool {
    let Some(body) = view.body else {
        return false;
    };
    let list = match view.items() {
        Some(Items::Body) => Some(body),
        Some(Items::Field(path)) => path.first().and_then(|name| property(view.doc, body, name)),
        None => None,
    };
    let item = list.and_then(|list| match &list.schema_kind {
        oa::SchemaKind::Type(oa::Type::Array(array)) => array.items.as_ref(),
        _ => None,
    });
    item.and_then(|item| boxed(view.doc, item))
        .is_some_and(|item| property(view.doc, item, "id").is_some())
}

fn offset_style(view: &View) -> Option<Style> {
    let offset = view.param(&["offset"])?;
    let limit = view.param(&["limit"])?;
    Some(Style::Offset {
        offset: offset.name.clone(),
        limit: Some(limit.name.clone()),
        total_items: view.field(TOTAL_ITEMS_FIELDS),
    })
}

fn page_style(view: &View) -> Option<Style> {
    let page = view.param(PAGE_PARAMS)?;
    Some(Style::PageNumber {
        page: page.name.clone(),
        size: view.param(SIZE_PARAMS).map(|size| size.name.clone()),
        total_items: view.field(TOTAL_ITEMS_FIELDS),
        total_pages: view.field(TOTAL_PAGES_FIELDS),
    })
}

/// The success response: 200 when documented, else the first 2xx.
pub(super) fn success_response<'a>(
    doc: &'a oa::OpenAPI,
    op: &'a oa::Operation,
) -> Option<&'a oa::Response> {
    let responses = &op.responses.responses;
    let success = |status: &&oa::StatusCode| match status {
        oa::StatusCode::Code(code) => (200..300).contains(code),
        oa::StatusCode::Range(range) => *range == 2,
    };
    let chosen = responses.get(&oa::StatusCode::Code(200)).or_else(|| {
        responses
            .iter()
            .find(|(status, _)| success(status))
            .map(|(_, r)| r)
    })?;
    follow(chosen, |reference| {
        let key = reference.strip_prefix("#/components/responses/")?;
        doc.components.as_ref()?.responses.get(key)
    })
}

/// The schema of a response's JSON content (`application/json` or any `+json` type).
fn json_schema<'a>(doc: &'a oa::OpenAPI, response: &'a oa::Response) -> Option<&'a oa::Schema> {
    let media = response
        .content
        .iter()
        .find(|(media, _)| media.starts_with("application/json") || media.contains("+json"))?
        .1;
    schema(doc, media.schema.as_ref()?)
}

fn parameter<'a>(
    doc: &'a oa::OpenAPI,
    item: &'a oa::ReferenceOr<oa::Parameter>,
) -> Option<&'a oa::Parameter> {
    follow(item, |reference| {
        let key = reference.strip_prefix("#/components/parameters/")?;
        doc.components.as_ref()?.parameters.get(key)
    })
}

/// A schema, its reference followed; an `allOf` of one part is that part (a cycle of them,
/// which the model reports, is given up after [`MAX_HOPS`]).
pub(super) fn schema<'a>(
    doc: &'a oa::OpenAPI,
    mut item: &'a oa::ReferenceOr<oa::Schema>,
) -> Option<&'a oa::Schema> {
    for _ in 0..MAX_HOPS {
        let found = follow(item, |reference| {
            let key = reference.strip_prefix("#/components/schemas/")?;
            doc.components.as_ref()?.schemas.get(key)
        })?;
        match &found.schema_kind {
            oa::SchemaKind::AllOf { all_of } if all_of.len() == 1 => item = all_of.first()?,
            _ => return Some(found),
        }
    }
    None
}

/// Like [`schema`], for the boxed schemas of properties and items.
fn boxed<'a>(
    doc: &'a oa::OpenAPI,
    item: &'a oa::ReferenceOr<Box<oa::Schema>>,
) -> Option<&'a oa::Schema> {
    match item {
        oa::ReferenceOr::Item(schema) => Some(schema),
        oa::ReferenceOr::Reference { reference } => {
            let key = reference.strip_prefix("#/components/schemas/")?;
            schema(doc, doc.components.as_ref()?.schemas.get(key)?)
        }
    }
}

/// Follows references (at most [`MAX_HOPS`]) through `lookup`.
pub(super) fn follow<'a, T>(
    mut item: &'a oa::ReferenceOr<T>,
    lookup: impl Fn(&str) -> Option<&'a oa::ReferenceOr<T>>,
) -> Option<&'a T> {
    for _ in 0..MAX_HOPS {
        match item {
            oa::ReferenceOr::Item(found) => return Some(found),
            oa::ReferenceOr::Reference { reference } => item = lookup(reference)?,
        }
    }
    None
}

/// How many `allOf`s deep properties are looked for: enough for real documents, and a bound on
/// a cycle or a diamond of them (which would otherwise be walked once per path).
const MAX_ALL_OF_DEPTH: usize = 6;

/// An object schema's properties, the parts of an `allOf` included.
pub(super) fn properties<'a>(
    doc: &'a oa::OpenAPI,
    schema_: &'a oa::Schema,
) -> Vec<(&'a str, &'a oa::Schema)> {
    properties_within(doc, schema_, MAX_ALL_OF_DEPTH)
}

fn properties_within<'a>(
    doc: &'a oa::OpenAPI,
    schema_: &'a oa::Schema,
    depth: usize,
) -> Vec<(&'a str, &'a oa::Schema)> {
    match &schema_.schema_kind {
        oa::SchemaKind::Type(oa::Type::Object(object)) => object
            .properties
            .iter()
            .filter_map(|(name, item)| Some((name.as_str(), boxed(doc, item)?)))
            .collect(),
        oa::SchemaKind::AllOf { all_of } if depth > 0 => all_of
            .iter()
            .filter_map(|part| schema(doc, part))
            .flat_map(|part| properties_within(doc, part, depth - 1))
            .collect(),
        oa::SchemaKind::Any(any) => any
            .properties
            .iter()
            .filter_map(|(name, item)| Some((name.as_str(), boxed(doc, item)?)))
            .collect(),
        _ => Vec::new(),
    }
}

fn property<'a>(
    doc: &'a oa::OpenAPI,
    schema_: &'a oa::Schema,
    name: &str,
) -> Option<&'a oa::Schema> {
    properties(doc, schema_)
        .into_iter()
        .find(|(found, _)| *found == name)
        .map(|(_, schema)| schema)
}

/// Whether a parameter's schema is a string.
fn is_string(doc: &oa::OpenAPI, param: &oa::ParameterData) -> bool {
    let oa::ParameterSchemaOrContent::Schema(item) = &param.format else {
        return false;
    };
    schema(doc, item)
        .is_some_and(|found| matches!(found.schema_kind, oa::SchemaKind::Type(oa::Type::String(_))))
}

fn is_array(doc: &oa::OpenAPI, schema_: &oa::Schema) -> bool {
    match &schema_.schema_kind {
        oa::SchemaKind::Type(oa::Type::Array(_)) => true,
        oa::SchemaKind::AllOf { all_of } if all_of.len() == 1 => all_of
            .first()
            .and_then(|part| schema(doc, part))
            .is_some_and(|part| is_array(doc, part)),
        oa::SchemaKind::Any(any) => any.typ.as_deref() == Some("array"),
        _ => false,
    }
}

/// Where the items of `op`'s success response are, as detection finds them.
pub(crate) fn items_of(
    doc: &oa::OpenAPI,
    path_params: &[oa::ReferenceOr<oa::Parameter>],
    op: &oa::Operation,
) -> Option<Items> {
    View::new(doc, path_params, op).items()
}

/// The number of the API's first page, from the page parameter `name`: its default or minimum
/// when either is 0 or 1, else 1.
pub(crate) fn first_page(
    doc: &oa::OpenAPI,
    path_params: &[oa::ReferenceOr<oa::Parameter>],
    op: &oa::Operation,
    name: &str,
) -> u64 {
    let view = View::new(doc, path_params, op);
    let Some(oa::ParameterSchemaOrContent::Schema(item)) =
        view.param(&[name]).map(|data| &data.format)
    else {
        return 1;
    };
    let Some(found) = schema(doc, item) else {
        return 1;
    };
    let minimum = match &found.schema_kind {
        oa::SchemaKind::Type(oa::Type::Integer(integer)) => integer.minimum,
        _ => None,
    };
    let default = found.schema_data.default.as_ref().and_then(Json::as_i64);
    match default.or(minimum) {
        Some(0) => 0,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document with one GET operation on `/items` taking `params` (YAML flow list) and
    /// answering 200 with `body` (a YAML flow schema); `extra` goes on the operation.
    fn plan(params: &str, body: &str, extra: &str) -> Option<Plan> {
        let text = format!(
            "openapi: 3.0.3\n\
             info: {{title: t, version: '1'}}\n\
             paths:\n  /items:\n    get:\n      parameters: {params}\n{extra}\
             \x20     responses:\n        '200':\n          description: ok\n\
             \x20         content:\n            application/json:\n              schema: {body}\n\
             components:\n  schemas:\n    Item: {{type: object, properties: {{id: {{type: string}}}}}}\n\
             \x20   List: {{type: object, properties: {{data: {{type: array, items: {{$ref: '#/components/schemas/Item'}}}}, next_cursor: {{type: string}}}}}}\n\
             \x20 parameters:\n    Cursor: {{name: cursor, in: query, schema: {{type: string}}}}\n"
        );
        let doc: oa::OpenAPI = serde_yaml::from_str(&text).expect("the test document parses");
        let path = doc
            .paths
            .paths
            .get("/items")
            .and_then(|item| item.as_item());
        let path = path.expect("the path is there");
        detect(&doc, &path.parameters, path.get.as_ref().expect("a get"))
    }

    fn query(name: &str) -> String {
        format!("{{name: {name}, in: query, schema: {{type: string}}}}")
    }

    fn described(name: &str, description: &str) -> String {
        format!(
            "{{name: {name}, in: query, description: '{description}', schema: {{type: string}}}}"
        )
    }

    fn path(names: &[&str]) -> FieldPath {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    fn field(name: &str) -> Items {
        Items::Field(path(&[name]))
    }

    #[test]
    fn page_numbers_with_sizes_and_totals() {
        let params = format!("[{}, {}]", query("pageNumber"), query("pageSize"));
        let body = "{type: object, properties: {items: {type: array, items: {}}, totalItems: {type: integer}, pageNumber: {type: integer}}}";
        let expected = Plan {
            style: Style::PageNumber {
                page: "pageNumber".into(),
                size: Some("pageSize".into()),
                total_items: Some(path(&["totalItems"])),
                total_pages: None,
            },
            items: field("items"),
        };
        assert_eq!(plan(&params, body, ""), Some(expected));
        // A page parameter alone, an array body, totals in a meta object.
        let body = "{type: object, properties: {results: {type: array, items: {}}, meta: {type: object, properties: {total_pages: {type: integer}}}}}";
        let found = plan(&format!("[{}]", query("page")), body, "").unwrap();
        let Style::PageNumber {
            total_pages, size, ..
        } = found.style
        else {
            panic!("expected page numbers, got {found:?}");
        };
        assert_eq!(
            (total_pages, size),
            (Some(path(&["meta", "total_pages"])), None)
        );
    }

    #[test]
    fn a_declared_link_header_wins_over_page_numbers() {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /items:\n    get:\n\
             \x20     parameters: [{}, {}]\n      responses:\n        '200':\n\
             \x20         description: ok\n          headers: {{Link: {{schema: {{type: string}}}}}}\n\
             \x20         content: {{application/json: {{schema: {{type: array, items: {{}}}}}}}}\n",
            query("page"),
            query("per_page")
        );
        let doc: oa::OpenAPI = serde_yaml::from_str(&text).unwrap();
        let item = doc
            .paths
            .paths
            .get("/items")
            .and_then(|item| item.as_item())
            .unwrap();
        let found = detect(&doc, &item.parameters, item.get.as_ref().unwrap());
        assert_eq!(
            found,
            Some(Plan {
                style: Style::LinkHeader,
                items: Items::Body
            })
        );
    }

    #[test]
    fn cursors_from_a_field_a_last_id_or_the_last_item() {
        let found = plan(
            "[{$ref: '#/components/parameters/Cursor'}]",
            "{$ref: '#/components/schemas/List'}",
            "",
        );
        let expected = Style::Cursor {
            param: "cursor".into(),
            next: Cursor::Field(path(&["next_cursor"])),
            has_more: None,
        };
        assert_eq!(
            found,
            Some(Plan {
                style: expected,
                items: field("data")
            })
        );
        let after = described(
            "after",
            "A cursor: `after` is an object ID that defines your place in the list.",
        );
        let body = "{type: object, properties: {object: {type: string}, data: {type: array, items: {}}, first_id: {type: string}, last_id: {type: string}, has_more: {type: boolean}}}";
        let found = plan(&format!("[{after}]"), body, "").unwrap();
        assert_eq!(
            found.style,
            Style::Cursor {
                param: "after".into(),
                next: Cursor::Field(path(&["last_id"])),
                has_more: Some(path(&["has_more"])),
            }
        );
        let body = "{type: object, properties: {data: {type: array, items: {$ref: '#/components/schemas/Item'}}, has_more: {type: boolean}}}";
        let last_item = |found: Option<Plan>| {
            matches!(
                found,
                Some(Plan {
                    style: Style::Cursor {
                        next: Cursor::LastItemId,
                        ..
                    },
                    ..
                })
            )
        };
        assert!(last_item(plan(&format!("[{after}]"), body, "")));
        // A body that is the list ends with an empty page, so `has_more` is not needed there.
        let list = "{type: array, items: {$ref: '#/components/schemas/Item'}}";
        assert!(last_item(plan(&format!("[{after}]"), list, "")));
        // Items without an `id` cannot feed it.
        let anonymous = "{type: object, properties: {data: {type: array, items: {}}, has_more: {type: boolean}}}";
        assert_eq!(plan(&format!("[{after}]"), anonymous, ""), None);
        // Without the description the last item's ID is not assumed.
        let plain = described("after", "Where to start.");
        assert_eq!(plan(&format!("[{plain}]"), body, ""), None);
        let token = format!("[{}]", query("pageToken"));
        let body = "{type: object, properties: {files: {type: array, items: {}}, nextPageToken: {type: string}}}";
        let found = plan(&token, body, "").unwrap();
        assert_eq!(found.items, field("files"));
        assert!(
            matches!(found.style, Style::Cursor { next: Cursor::Field(ref next), .. } if *next == path(&["nextPageToken"]))
        );
    }

    #[test]
    fn a_page_parameter_that_takes_a_string_is_a_token() {
        let body = "{type: object, properties: {data: {type: array, items: {}}, has_more: {type: boolean}, next_page: {type: string}}}";
        let found = plan(&format!("[{}]", query("page")), body, "").unwrap();
        let expected = Style::Cursor {
            param: "page".into(),
            next: Cursor::Field(path(&["next_page"])),
            has_more: Some(path(&["has_more"])),
        };
        assert_eq!(found.style, expected);
        let number = "[{name: page, in: query, schema: {type: integer}}]";
        let found = plan(number, body, "").unwrap();
        assert!(matches!(found.style, Style::PageNumber { .. }), "{found:?}");
    }

    #[test]
    fn offsets_need_a_limit() {
        let body = "{type: object, properties: {results: {type: array, items: {}}, count: {type: integer}, total: {type: integer}}}";
        let both = format!("[{}, {}]", query("offset"), query("limit"));
        let expected = Style::Offset {
            offset: "offset".into(),
            limit: Some("limit".into()),
            total_items: Some(path(&["total"])),
        };
        assert_eq!(plan(&both, body, "").map(|plan| plan.style), Some(expected));
        assert_eq!(plan(&format!("[{}]", query("offset")), body, ""), None);
    }

    #[test]
    fn not_paged_without_items_or_parameters() {
        let list = "{type: array, items: {}}";
        assert_eq!(plan(&format!("[{}]", query("limit")), list, ""), None);
        assert_eq!(plan("[]", list, ""), None);
        let one = "{type: object, properties: {id: {type: string}}}";
        assert_eq!(plan(&format!("[{}]", query("page")), one, ""), None);
        // Several arrays, none conventionally named: the items are unknown.
        let two = "{type: object, properties: {a: {type: array, items: {}}, b: {type: array, items: {}}}}";
        assert_eq!(plan(&format!("[{}]", query("page")), two, ""), None);
    }

    #[test]
    fn vendor_extensions_come_first() {
        let params = format!(
            "[{}, {}, {}]",
            query("page_token"),
            query("limit"),
            query("offset")
        );
        let body = "{type: object, properties: {items: {type: array, items: {}}, next_page: {type: string}}}";
        let found = plan(
            &params,
            body,
            "      x-dropshot-pagination: {required: []}\n",
        )
        .unwrap();
        assert_eq!(
            found.style,
            Style::Cursor {
                param: "page_token".into(),
                next: Cursor::Field(path(&["next_page"])),
                has_more: None
            }
        );
        let body = "{type: object, properties: {value: {type: array, items: {}}, nextLink: {type: string}}}";
        let found = plan(
            "[]",
            body,
            "      x-ms-pageable: {nextLinkName: nextLink}\n",
        )
        .unwrap();
        let expected = Plan {
            style: Style::NextLink {
                field: path(&["nextLink"]),
            },
            items: field("value"),
        };
        assert_eq!(found, expected);
        assert_eq!(
            plan("[]", body, "      x-ms-pageable: {nextLinkName: null}\n"),
            None
        );
        let speakeasy = "      x-speakeasy-pagination: {type: cursor, inputs: [{name: since, in: parameters, type: cursor}], outputs: {nextCursor: '$.meta.next', results: '$.data'}}\n";
        let found = plan(&format!("[{}]", query("since")), body, speakeasy).unwrap();
        assert_eq!(found.items, field("data"));
        assert!(
            matches!(found.style, Style::Cursor { ref param, next: Cursor::Field(ref next), .. } if param == "since" && *next == path(&["meta", "next"]))
        );
        let fern = "      x-fern-pagination: {offset: $request.page, results: $response.value, step: $request.size}\n";
        let found = plan(&format!("[{}]", query("page")), body, fern).unwrap();
        assert_eq!(
            found.style,
            Style::PageNumber {
                page: "page".into(),
                size: Some("size".into()),
                total_items: None,
                total_pages: None
            }
        );
    }

    #[test]
    fn json_paths_are_property_names() {
        assert_eq!(
            json_path("$.data.items", "$"),
            Some(path(&["data", "items"]))
        );
        assert_eq!(json_path("$", "$"), Some(Vec::new()));
        assert_eq!(
            json_path("$response.next", "$response"),
            Some(path(&["next"]))
        );
        assert_eq!(json_path("$.a..b", "$"), None);
        assert_eq!(json_path("data", "$"), None);
    }
}
