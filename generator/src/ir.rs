//! The model: what the generator knows about an API once the document has been understood.
//!
//! Language-neutral in shape but with every Rust name already decided, so the emit stage only
//! prints. Nothing here refers to openapiv3 or to token streams; collections are in the order
//! they are emitted (sorted by name), which makes the output stable against reordered input.

use std::collections::BTreeMap;

use crate::names::Ident;

/// An API: its named types and its operations, each sorted by Rust name.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Every named type: component schemas and inline schemas that need a name.
    pub types: Vec<TypeDef>,
    /// Every operation of every path.
    pub operations: Vec<Operation>,
    /// What the generated `Client` needs to know about the API as a whole.
    pub client: ClientInfo,
    /// The index in `types` of each type's name, so that a lookup while printing a field is not
    /// a scan of every type.
    type_index: BTreeMap<String, usize>,
}

impl Api {
    /// The API of `types`, `operations` and `client`, with its types indexed by name.
    pub fn new(types: Vec<TypeDef>, operations: Vec<Operation>, client: ClientInfo) -> Self {
        let type_index = types
            .iter()
            .enumerate()
            .map(|(index, def)| (def.name.clone(), index))
            .collect();
        Api {
            types,
            operations,
            client,
            type_index,
        }
    }

    /// The named type `name`, when the API defines it.
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.type_index
            .get(name)
            .and_then(|&index| self.types.get(index))
    }

    /// Whether a value of `ty` has constraints to check: a named type that validates, or a
    /// list, map or box of one.
    pub fn validates(&self, ty: &Type) -> bool {
        match ty {
            Type::Named(name) => self.type_named(name).is_some_and(|def| def.validates),
            Type::Vec(inner) | Type::Map(inner) | Type::Boxed(inner) => self.validates(inner),
            _ => false,
        }
    }
}

/// The API as its generated `Client` describes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClientInfo {
    /// The document's `info.title`.
    pub title: String,
    /// The first server's URL with its variables at their defaults, when it is absolute.
    pub default_base_url: Option<String>,
    /// The kinds of credential with a shared setter (`api_key`, `bearer_token`, `basic_auth`:
    /// the API has one scheme of the kind), each once, in order.
    pub credential_kinds: Vec<CredentialKind>,
    /// Where API keys go (``the `X-Key` header``), for the `api_key` setter's documentation.
    pub api_key_places: Vec<String>,
    /// The credential every operation needs, when none can be called without one and its
    /// kind has a shared setter.
    pub required_credential: Option<CredentialKind>,
    /// The security schemes the operations name, sorted by name, each with its setter.
    pub schemes: Vec<SecurityScheme>,
}

/// A security scheme an operation names, and the builder setter that gives its credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its key under `components.securitySchemes`.
    pub name: String,
    /// Where its credential goes.
    pub auth: Auth,
    /// The same in words, for the setter's documentation (``the `X-Key` header``).
    pub place: String,
    /// The kind of credential it takes.
    pub kind: CredentialKind,
    /// The builder method: `api_key`, `bearer_token` or `basic_auth` when it is the API's only
    /// scheme of its kind, otherwise a name of its own made from the scheme's.
    pub setter: Ident,
    /// Whether `setter` is the shared one of its kind.
    pub shared: bool,
}

/// A kind of credential: what one builder setter gives the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CredentialKind {
    /// An API key (header, query parameter or cookie).
    ApiKey,
    /// A bearer token (HTTP bearer, OAuth2, OpenID Connect).
    BearerToken,
    /// HTTP basic authentication.
    BasicAuth,
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// The doc comment, one entry per line.
    pub doc: Vec<String>,
    /// What it is.
    pub kind: TypeKind,
    /// Whether it (or something it holds) has constraints to check before a request is sent.
    pub validates: bool,
}

/// The shapes a named type can take.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Vec<Field>),
    /// The query, header and cookie parameters of an operation: a struct that never travels as
    /// JSON, so it has no serde attributes.
    Params(Vec<Field>),
    /// One of several shapes (`anyOf`/`oneOf`): told apart by the discriminator property when
    /// there is one, else by trying each shape in order.
    Union {
        /// The shapes.
        variants: Vec<UnionVariant>,
        /// The property whose value names the shape, when the schema has a discriminator.
        discriminator: Option<String>,
    },
    /// A string or integer with a fixed set of values, plus a variant for values this client
    /// does not know yet, so that a new server value never breaks decoding.
    Enum {
        /// The known values.
        values: Vec<EnumValue>,
        /// Whether the values are integers (else strings).
        integer: bool,
        /// The name of the variant that holds an unknown value.
        other: String,
    },
    /// Another name for a type (a component schema that is an array, a string, ...).
    Alias(Type),
    /// A struct wrapping one value, transparent on the wire: an alias that refers to itself
    /// (through a list or map), which a Rust type alias cannot do.
    Newtype(Type),
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust name.
    pub name: Ident,
    /// The name on the wire; a `serde(rename)` is emitted when it differs from `name`.
    pub wire_name: String,
    /// The doc comment, one entry per line.
    pub doc: Vec<String>,
    /// The value's type, without the `Option` that absence or null adds.
    pub ty: Type,
    /// Whether the property must be present.
    pub required: bool,
    /// Whether null is an allowed value.
    pub nullable: bool,
    /// The value the server assumes when the property is absent, when it can be written in Rust.
    pub default: Option<Literal>,
    /// What a value must satisfy.
    pub constraints: Constraints,
    /// What each item of a list, or each value of a map, must satisfy.
    pub item_constraints: Constraints,
    /// Whether this field holds the object's additional properties (flattened into it on the
    /// wire) rather than one property.
    pub flatten: bool,
}

impl Field {
    /// Whether the Rust field is an `Option`: the property may be absent or null, and has no
    /// default to stand in for absence.
    pub fn is_optional(&self) -> bool {
        !self.flatten && (self.nullable || (!self.required && self.default.is_none()))
    }
}

/// One shape of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// The doc comment, one entry per line.
    pub doc: Vec<String>,
    /// The value it holds.
    pub ty: Type,
    /// The discriminator value that selects it, for a discriminated union.
    pub tag: Option<String>,
}

/// One value of an enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: WireValue,
    /// The doc comment, one entry per line.
    pub doc: Vec<String>,
}

/// A value of an enum on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireValue {
    /// A string.
    String(String),
    /// An integer.
    Integer(i64),
}

impl std::fmt::Display for WireValue {
    /// The string itself, or the integer in decimal.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireValue::String(text) => f.write_str(text),
            WireValue::Integer(value) => write!(f, "{value}"),
        }
    }
}

/// A type as used by a field, a body or another type.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// A string.
    String,
    /// An integer of the given width.
    Integer(IntWidth),
    /// A floating-point number (`f32` for `format: float`).
    Float {
        /// Whether the format asks for 32 bits.
        single: bool,
    },
    /// A boolean.
    Boolean,
    /// A UUID (`format: uuid`).
    Uuid,
    /// A named type of this API.
    Named(String),
    /// A list.
    Vec(Box<Type>),
    /// An object used as a map from string keys.
    Map(Box<Type>),
    /// Any JSON value: the documented fallback for what cannot be typed more precisely.
    Any,
    /// A value boxed to break a recursive type's infinite size.
    Boxed(Box<Type>),
    /// Raw bytes (`format: binary`, or a body that is not structured); in a multipart body,
    /// a file part named after its field.
    Bytes,
}

/// Integer widths, from the `format` of an integer schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntWidth {
    /// `format: int32`.
    I32,
    /// `format: int64`, and integers without a format.
    I64,
    /// `format: uint32`.
    U32,
    /// `format: uint64` or `uint`.
    U64,
}

/// A literal value, for defaults.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
}

impl Literal {
    /// The value as a doc comment shows it: `` `10` ``, `` `"text"` ``.
    pub fn describe(&self) -> String {
        match self {
            Literal::String(s) => format!("`{:?}`", s.replace('`', "'")),
            Literal::Bool(b) => format!("`{b}`"),
            Literal::Int(i) => format!("`{i}`"),
            Literal::Float(f) => format!("`{f}`"),
        }
    }
}

/// Constraints from the schema that the client checks before sending.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `minLength`, in Unicode code points.
    pub min_length: Option<u64>,
    /// `maxLength`, in Unicode code points.
    pub max_length: Option<u64>,
    /// `minimum`, and whether it is exclusive.
    pub minimum: Option<(f64, bool)>,
    /// `maximum`, and whether it is exclusive.
    pub maximum: Option<(f64, bool)>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
}

impl Constraints {
    /// Whether there is anything to check.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// One operation: a method on the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The Rust method name.
    pub name: Ident,
    /// The operationId, when the document gives one.
    pub operation_id: Option<String>,
    /// The document's tags for it, as written (what a selection by tag matches).
    pub tags: Vec<String>,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template: its literal text and where each path parameter goes.
    pub path: PathTemplate,
    /// The doc comment, one entry per line.
    pub doc: Vec<String>,
    /// The path parameters, in the order they appear in the path: the method's first arguments.
    pub path_params: Vec<PathParam>,
    /// The query, header and cookie parameters, gathered in one struct argument.
    pub params: Option<Params>,
    /// The request body, when there is one.
    pub body: Option<Body>,
    /// The successful responses, by status.
    pub success: Vec<Response>,
    /// The enum the method returns when success responses carry different bodies.
    pub success_enum: Option<String>,
    /// The name of the operation's error enum.
    pub error_name: String,
    /// The documented error responses, by status.
    pub errors: Vec<ErrorResponse>,
    /// The security requirement: alternatives in order of preference, each the names of the
    /// schemes that must all be sent; an empty alternative makes credentials optional. Empty
    /// when the operation needs none.
    pub security: Vec<Vec<String>>,
    /// The `<method>_stream` method, when the operation is paged or its response streamed.
    pub stream: Option<StreamMethod>,
}

/// An HTTP method an operation can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl HttpMethod {
    /// Every method, in the order a path item lists them.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The method of a path item's key (`get`), when the key is one.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.key() == key)
    }

    /// The key a path item gives it: `get`.
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }

    /// The name HTTP gives it, which is also the runtime's constant: `GET`.
    pub fn name(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// A path template (`/pets/{pet_id}/photos`), parsed once: literal text and parameters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathTemplate {
    /// The parts, in order.
    pub segments: Vec<Segment>,
}

/// A part of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text sent as it is.
    Literal(String),
    /// A path parameter: the index of its argument in [`Operation::path_params`] (a name the
    /// template repeats is one argument).
    Param(usize),
}

impl PathTemplate {
    /// The template as the document wrote it, the parameters named by `params`.
    pub fn text(&self, params: &[PathParam]) -> String {
        self.segments
            .iter()
            .map(|segment| match segment {
                Segment::Literal(text) => text.clone(),
                Segment::Param(index) => {
                    let wire = params.get(*index).map_or("", |param| param.wire.as_str());
                    format!("{{{wire}}}")
                }
            })
            .collect()
    }
}

/// A path parameter: a method argument substituted into the path.
#[derive(Debug, Clone, PartialEq)]
pub struct PathParam {
    /// The Rust argument name.
    pub name: Ident,
    /// The name in the path template.
    pub wire: String,
    /// The value's type.
    pub ty: Type,
}

/// The query, header and cookie parameters of an operation: a struct argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// The Rust name of the struct (defined among the API's types).
    pub type_name: String,
    /// The Rust name of the method argument.
    pub arg: Ident,
    /// Whether the struct has constraints to check.
    pub validates: bool,
    /// How each field goes on the wire.
    pub bindings: Vec<ParamBinding>,
}

/// Where one field of a parameters struct goes.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamBinding {
    /// The struct field.
    pub field: Ident,
    /// The parameter's name on the wire.
    pub wire: String,
    /// Where it goes.
    pub location: ParamLocation,
}

/// Where a parameter goes, and in which style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// The query string, form style: `name=a&name=b` for a list when `explode`, else `name=a,b`.
    Query {
        /// Whether lists and objects are spread into several pairs.
        explode: bool,
    },
    /// The query string, deepObject style: `name[key]=value`.
    QueryDeep,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The body's type.
    pub ty: Type,
    /// How it is encoded.
    pub encoding: Encoding,
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    /// Whether the body must be sent (else the argument is an `Option`).
    pub required: bool,
    /// Whether the type has constraints to check before sending.
    pub validates: bool,
}

/// How a body is encoded on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, one part per field.
    Multipart,
    /// Text (`text/plain` and other `text/*`).
    Text,
    /// Raw bytes (`application/octet-stream`, `*/*`, and anything else).
    Bytes,
}

/// A way to authenticate a request, from a security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// The API key in the named header.
    ApiKeyHeader(String),
    /// The API key in the named query parameter.
    ApiKeyQuery(String),
    /// The API key in the named cookie.
    ApiKeyCookie(String),
    /// A bearer token (HTTP bearer, OAuth2 and OpenID Connect).
    Bearer,
    /// HTTP basic authentication.
    Basic,
}

/// The body of a response.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// The body's type.
    pub ty: Type,
    /// How it is decoded.
    pub encoding: Encoding,
    /// The media type the document gives it.
    pub media_type: String,
}

/// Which statuses a documented response covers, in the order they are matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// One status code.
    Code(u16),
    /// A range such as `4XX`, by its first digit.
    Range(u16),
    /// The `default` response: every status not documented otherwise.
    Default,
}

/// A successful response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The statuses it covers.
    pub status: Status,
    /// The body; `None` for a response without content.
    pub content: Option<Content>,
    /// The variant of the success enum, when the operation has one.
    pub variant: String,
    /// The response's description, on one line.
    pub description: String,
}

/// A documented error response: one variant of the operation's error enum.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// The statuses it covers; a range or `default` variant also holds the actual status.
    pub status: Status,
    /// The Rust variant name.
    pub variant: String,
    /// The response's description, on one line.
    pub description: String,
    /// The body; `None` for a response without content.
    pub content: Option<Content>,
}

/// The `<method>_stream` method of an operation: a paged list walked item by item, or a
/// streamed response read as it arrives.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamMethod {
    /// The Rust method name (`<method>_stream` unless another method has it).
    pub name: String,
    /// What it does.
    pub kind: StreamMethodKind,
}

/// What a `_stream` method does.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamMethodKind {
    /// Walks the pages of a list operation.
    Pages(Paging),
    /// Reads a streamed response.
    Body(StreamedBody),
}

/// How a streamed response is read.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamedBody {
    /// The framing.
    pub framing: Framing,
    /// The media type sent in `Accept`.
    pub media_type: String,
    /// What each event's data or each record decodes into (bytes for [`Framing::Bytes`]).
    pub item: Type,
    /// The Rust name of the JSON body's boolean `stream` field, and whether it is an `Option`:
    /// the stream method sends it as `true`.
    pub stream_flag: Option<(String, bool)>,
}

/// How a streamed body is cut into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// Server-sent events (`text/event-stream`).
    Events,
    /// JSON lines.
    Lines,
    /// RFC 7464 JSON text sequences.
    JsonSeq,
    /// Raw byte chunks.
    Bytes,
}

/// How a paged operation's pages are followed: the request's position parameter and what the
/// response says, each response value as the path of Rust fields from the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// The style and its parameters.
    pub style: PagingStyle,
    /// The path to the items (empty: the body is the list).
    pub items: Vec<FieldStep>,
    /// The type of one item.
    pub item: Type,
    /// The type of one page (the operation's success type).
    pub page: Type,
    /// Where the response says more pages follow.
    pub has_more: Option<Vec<FieldStep>>,
    /// Where the response gives the total number of items.
    pub total_items: Option<Vec<FieldStep>>,
    /// Where the response gives the total number of pages.
    pub total_pages: Option<Vec<FieldStep>>,
}

/// One field on the way from a page to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// The Rust field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// The paging styles, each with the Rust names of the parameters-struct fields it sets.
#[derive(Debug, Clone, PartialEq)]
pub enum PagingStyle {
    /// A page number, with the page size when there is a size parameter.
    Numbered {
        /// The page number field.
        page: String,
        /// The page size field.
        size: Option<String>,
        /// The number of the API's first page.
        base: u64,
    },
    /// An offset, with the page size when there is a limit parameter.
    Offset {
        /// The offset field.
        offset: String,
        /// The limit field.
        limit: Option<String>,
    },
    /// A cursor or token parameter fed from the response.
    Cursor {
        /// The cursor field.
        param: String,
        /// Where the next cursor comes from.
        next: CursorSource,
    },
    /// Next-page links: the `Link` header, or a body field holding the URL.
    Links {
        /// The body field of the next link, if any.
        next: Option<Vec<FieldStep>>,
    },
}

/// Where the next cursor comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorSource {
    /// A response field, and whether it is an integer (sent on as its decimal text).
    Field(Vec<FieldStep>, bool),
    /// The last item's field (`id`).
    LastItem(FieldStep),
}
