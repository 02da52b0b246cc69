//! The model: what the generator knows about an API once the document has been understood.
//!
//! Language-neutral in shape but with every Rust name already decided, so the emit stage only
//! prints. Nothing here refers to openapiv3 or to token streams; collections are in the order
//! they are emitted (sorted by name), which makes the output stable against reordered input.

/// An API: its named types and its operations, each sorted by Rust name.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// Every named type: component schemas and inline schemas that need a name.
    pub types: Vec<TypeDef>,
    /// Every operation of every path.
    pub operations: Vec<Operation>,
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
    /// One of several shapes, told apart by trying each in order (`anyOf`/`oneOf`).
    Union(Vec<UnionVariant>),
    /// A string with a fixed set of values.
    StringEnum(Vec<EnumValue>),
    /// Another name for a type (a component schema that is an array, a string, ...).
    Alias(Type),
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust name.
    pub name: String,
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
}

impl Field {
    /// Whether the Rust field is an `Option`: the property may be absent or null, and has no
    /// default to stand in for absence.
    pub fn is_optional(&self) -> bool {
        self.nullable || (!self.required && self.default.is_none())
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
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
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
    pub name: String,
    /// The operationId, when the document gives one.
    pub operation_id: Option<String>,
    /// The HTTP method, upper-case.
    pub method: String,
    /// The path template, as in the document.
    pub path: String,
    /// The doc comment, one entry per line.
    pub doc: Vec<String>,
    /// The JSON request body, when there is one.
    pub body: Option<Body>,
    /// The successful responses, by status.
    pub success: Vec<Response>,
    /// The name of the operation's error enum.
    pub error_name: String,
    /// The documented error responses, by status.
    pub errors: Vec<ErrorResponse>,
    /// The header that carries the API key, when the operation's security asks for one.
    pub api_key_header: Option<String>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The body's type.
    pub ty: Type,
    /// Whether the type has constraints to check before sending.
    pub validates: bool,
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
    /// The JSON body's type; `None` for a response without content.
    pub ty: Option<Type>,
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
    /// The JSON body's type; `None` for a response without content.
    pub ty: Option<Type>,
}
