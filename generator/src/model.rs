//! Stage 2, model: the normalized document, parsed into openapiv3's types, becomes the model of
//! [`crate::ir`], with every Rust name decided (through [`crate::names`]).
//!
//! This is the only module that looks at openapiv3. Problems are collected, not returned at the
//! first one, so a document with several mistakes is reported whole.

use crate::docs;
use crate::ir::{
    Api, Body, Constraints, EnumValue, ErrorResponse, Field, IntWidth, Literal, Operation,
    Response, Status, Type, TypeDef, TypeKind, UnionVariant,
};
use crate::names::{self, Namespace};
use openapiv3 as oa;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A problem found while modelling: the JSON pointer of the node and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The JSON pointer (without the leading `#`).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

/// Names the client runtime defines beside the generated code; generated types avoid them.
const RUNTIME_NAMES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "BuildError",
    "Error",
    "InvalidRequest",
];

/// Builds the model of the document `value` (already normalized by the load stage).
pub fn build(value: Value) -> Result<Api, Vec<Problem>> {
    let doc: oa::OpenAPI = serde_path_to_error::deserialize(value).map_err(|error| {
        let pointer = pointer_of(error.path());
        vec![Problem {
            pointer,
            message: format!("not a valid OpenAPI document: {}", error.inner()),
        }]
    })?;
    let mut builder = Builder::new(&doc);
    builder.component_schemas();
    builder.operations();
    builder.finish()
}

/// Turns serde_path_to_error's path into a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        let token = match segment {
            Segment::Seq { index } => index.to_string(),
            Segment::Map { key } => key.replace('~', "~0").replace('/', "~1"),
            Segment::Enum { .. } | Segment::Unknown => continue,
        };
        pointer.push('/');
        pointer.push_str(&token);
    }
    pointer
}

/// Appends an escaped reference token to a pointer.
fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}

struct Builder<'a> {
    doc: &'a oa::OpenAPI,
    type_names: Namespace,
    /// Component schema key to Rust type name.
    schema_names: BTreeMap<String, String>,
    types: Vec<TypeDef>,
    operations: Vec<Operation>,
    problems: Vec<Problem>,
}

impl<'a> Builder<'a> {
    fn new(doc: &'a oa::OpenAPI) -> Self {
        let mut type_names = Namespace::with_reserved(RUNTIME_NAMES);
        let mut schema_names = BTreeMap::new();
        // Component names are claimed first, in sorted order, so that they keep their natural
        // names whatever inline types are found later and whatever order the document uses.
        let keys: BTreeSet<&String> = doc
            .components
            .iter()
            .flat_map(|c| c.schemas.keys())
            .collect();
        for key in keys {
            schema_names.insert(key.clone(), type_names.claim(names::type_name(key)));
        }
        Builder {
            doc,
            type_names,
            schema_names,
            types: Vec::new(),
            operations: Vec::new(),
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, pointer: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    fn finish(mut self) -> Result<Api, Vec<Problem>> {
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        mark_validating(&mut self.types);
        for operation in &mut self.operations {
            if let Some(body) = &mut operation.body {
                body.validates = type_validates(&body.ty, &self.types);
            }
        }
        self.types.sort_by(|a, b| a.name.cmp(&b.name));
        self.operations.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Api {
            types: self.types,
            operations: self.operations,
        })
    }

    fn component_schemas(&mut self) {
        let Some(components) = &self.doc.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let name = self.schema_names[key].clone();
            let pointer = child("/components/schemas", key);
            match schema {
                oa::ReferenceOr::Item(schema) => self.named_type(name, schema, &pointer),
                oa::ReferenceOr::Reference { reference } => {
                    let target = self.reference(reference, &pointer);
                    let doc = vec![format!("Another name for `{}`.", key)];
                    self.types.push(TypeDef {
                        name,
                        doc,
                        kind: TypeKind::Alias(target),
                        validates: false,
                    });
                }
            }
        }
    }

    /// Resolves a schema reference to the named type it points at.
    fn reference(&mut self, reference: &str, pointer: &str) -> Type {
        let target = reference
            .strip_prefix("#/components/schemas/")
            .and_then(|key| self.schema_names.get(key));
        match target {
            Some(name) => Type::Named(name.clone()),
            None if reference.starts_with('#') => {
                self.problem(
                    pointer,
                    format!("unresolved $ref `{reference}`: no such schema in this document"),
                );
                Type::Any
            }
            None => {
                self.problem(
                    pointer,
                    format!(
                        "$ref `{reference}` points outside this document, which is not supported"
                    ),
                );
                Type::Any
            }
        }
    }

    /// Defines the named type `name` for `schema`.
    fn named_type(&mut self, name: String, schema: &oa::Schema, pointer: &str) {
        let doc = match doc_lines(&schema.schema_data) {
            Some(lines) => lines,
            None if pointer.starts_with("/components/schemas/")
                && pointer.matches('/').count() == 3 =>
            {
                vec![format!("The `{name}` schema.")]
            }
            None => vec![format!("The schema at `#{pointer}`.")],
        };
        let kind = match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::Object(object)) if !object.properties.is_empty() => {
                TypeKind::Struct(self.fields(&name, &object.properties, &object.required, pointer))
            }
            oa::SchemaKind::Any(any) if !any.properties.is_empty() => {
                TypeKind::Struct(self.fields(&name, &any.properties, &any.required, pointer))
            }
            oa::SchemaKind::Type(oa::Type::String(string)) if !string.enumeration.is_empty() => {
                TypeKind::StringEnum(string_enum(
                    string.enumeration.iter().flatten().map(String::as_str),
                ))
            }
            oa::SchemaKind::Any(any) if is_string_enum(any) => TypeKind::StringEnum(string_enum(
                any.enumeration.iter().filter_map(Value::as_str),
            )),
            oa::SchemaKind::OneOf { one_of: branches } => {
                TypeKind::Union(self.union(&name, branches, pointer, "oneOf"))
            }
            oa::SchemaKind::AnyOf { any_of: branches } => {
                TypeKind::Union(self.union(&name, branches, pointer, "anyOf"))
            }
            oa::SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                TypeKind::Struct(self.all_of(&name, all_of, pointer))
            }
            _ => TypeKind::Alias(self.schema_type(schema, &name, pointer)),
        };
        self.types.push(TypeDef {
            name,
            doc,
            kind,
            validates: false,
        });
    }

    /// The type of a schema used in place; inline objects, enums and unions get a named type
    /// called `place`.
    fn schema_type(&mut self, schema: &oa::Schema, place: &str, pointer: &str) -> Type {
        match &schema.schema_kind {
            oa::SchemaKind::Type(ty) => self.plain_type(ty, schema, place, pointer),
            oa::SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.ref_or_type(&all_of[0], place, &child(pointer, "allOf/0"))
            }
            oa::SchemaKind::OneOf { .. }
            | oa::SchemaKind::AnyOf { .. }
            | oa::SchemaKind::AllOf { .. } => self.inline(schema, place, pointer),
            oa::SchemaKind::Any(any) if !any.properties.is_empty() || is_string_enum(any) => {
                self.inline(schema, place, pointer)
            }
            // `not`, and schemas without a type: any JSON value (the documented fallback).
            oa::SchemaKind::Not { .. } | oa::SchemaKind::Any(_) => Type::Any,
        }
    }

    fn plain_type(
        &mut self,
        ty: &oa::Type,
        schema: &oa::Schema,
        place: &str,
        pointer: &str,
    ) -> Type {
        match ty {
            oa::Type::String(string) if !string.enumeration.is_empty() => {
                self.inline(schema, place, pointer)
            }
            oa::Type::String(string) => string_type(&string.format),
            oa::Type::Integer(integer) => Type::Integer(int_width(&integer.format)),
            oa::Type::Number(number) => Type::Float {
                single: matches!(
                    number.format,
                    oa::VariantOrUnknownOrEmpty::Item(oa::NumberFormat::Float)
                ),
            },
            oa::Type::Boolean(_) => Type::Boolean,
            oa::Type::Array(array) => match &array.items {
                Some(items) => Type::Vec(Box::new(self.boxed_ref_or_type(
                    items,
                    &format!("{place}Item"),
                    &child(pointer, "items"),
                ))),
                None => Type::Vec(Box::new(Type::Any)),
            },
            oa::Type::Object(object) if !object.properties.is_empty() => {
                self.inline(schema, place, pointer)
            }
            oa::Type::Object(object) => match &object.additional_properties {
                Some(oa::AdditionalProperties::Schema(value)) => {
                    Type::Map(Box::new(self.ref_or_type(
                        value,
                        &format!("{place}Value"),
                        &child(pointer, "additionalProperties"),
                    )))
                }
                _ => Type::Map(Box::new(Type::Any)),
            },
        }
    }

    /// Names an inline schema after its place and defines it.
    fn inline(&mut self, schema: &oa::Schema, place: &str, pointer: &str) -> Type {
        let name = self.type_names.claim(names::type_name(place));
        self.named_type(name.clone(), schema, pointer);
        Type::Named(name)
    }

    fn ref_or_type(
        &mut self,
        schema: &oa::ReferenceOr<oa::Schema>,
        place: &str,
        pointer: &str,
    ) -> Type {
        match schema {
            oa::ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            oa::ReferenceOr::Item(schema) => self.schema_type(schema, place, pointer),
        }
    }

    fn boxed_ref_or_type(
        &mut self,
        schema: &oa::ReferenceOr<Box<oa::Schema>>,
        place: &str,
        pointer: &str,
    ) -> Type {
        match schema {
            oa::ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            oa::ReferenceOr::Item(schema) => self.schema_type(schema, place, pointer),
        }
    }

    fn fields(
        &mut self,
        owner: &str,
        properties: &indexmap::IndexMap<String, oa::ReferenceOr<Box<oa::Schema>>>,
        required: &[String],
        pointer: &str,
    ) -> Vec<Field> {
        for name in required
            .iter()
            .filter(|name| !properties.contains_key(*name))
        {
            self.problem(
                &child(pointer, "required"),
                format!("required property `{name}` is not in `properties`"),
            );
        }
        let mut field_names = Namespace::default();
        let mut fields = Vec::new();
        for (wire, schema) in properties {
            let pointer = child(&child(pointer, "properties"), wire);
            let place = format!("{owner}{}", names::type_name(wire));
            let ty = self.boxed_ref_or_type(schema, &place, &pointer);
            let data = match schema {
                oa::ReferenceOr::Item(schema) => Some(schema.as_ref()),
                oa::ReferenceOr::Reference { .. } => None,
            };
            let name = field_names.claim(names::snake_name(wire));
            fields.push(field(name, wire, ty, required.contains(wire), data));
        }
        fields
    }

    /// `allOf` of several objects: one struct with the properties of all of them.
    fn all_of(
        &mut self,
        owner: &str,
        parts: &[oa::ReferenceOr<oa::Schema>],
        pointer: &str,
    ) -> Vec<Field> {
        let mut properties = indexmap::IndexMap::new();
        let mut required = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            let part_pointer = child(pointer, &format!("allOf/{index}"));
            let schema = match part {
                oa::ReferenceOr::Item(schema) => schema,
                oa::ReferenceOr::Reference { .. } => match self.resolve_schema(part, &part_pointer)
                {
                    Some(schema) => schema,
                    None => continue,
                },
            };
            match &schema.schema_kind {
                oa::SchemaKind::Type(oa::Type::Object(object)) => {
                    properties.extend(object.properties.clone());
                    required.extend(object.required.iter().cloned());
                }
                oa::SchemaKind::Any(any) => {
                    properties.extend(any.properties.clone());
                    required.extend(any.required.iter().cloned());
                }
                _ => self.problem(
                    &part_pointer,
                    "`allOf` of something that is not an object is not supported",
                ),
            }
        }
        self.fields(owner, &properties, &required, pointer)
    }

    fn resolve_schema(
        &mut self,
        schema: &oa::ReferenceOr<oa::Schema>,
        pointer: &str,
    ) -> Option<&'a oa::Schema> {
        let doc = self.doc;
        match schema {
            oa::ReferenceOr::Item(_) => None,
            oa::ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/schemas/");
                let found = key.and_then(|key| doc.components.as_ref()?.schemas.get(key));
                match found {
                    Some(oa::ReferenceOr::Item(schema)) => Some(schema),
                    _ => {
                        self.problem(
                            pointer,
                            format!(
                                "unresolved $ref `{reference}`: no such schema in this document"
                            ),
                        );
                        None
                    }
                }
            }
        }
    }

    fn union(
        &mut self,
        owner: &str,
        branches: &[oa::ReferenceOr<oa::Schema>],
        pointer: &str,
        keyword: &str,
    ) -> Vec<UnionVariant> {
        let mut variant_names = Namespace::default();
        let mut variants = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            let branch_pointer = child(pointer, &format!("{keyword}/{index}"));
            let ty = self.ref_or_type(branch, &format!("{owner}Variant{index}"), &branch_pointer);
            let (name, doc) = variant_name(&ty);
            variants.push(UnionVariant {
                name: variant_names.claim(name),
                doc: vec![doc],
                ty,
            });
        }
        variants
    }

    fn operations(&mut self) {
        let doc = self.doc;
        // Method names are claimed in path-then-method order, so the same document always gives
        // the same names; a shortened FastAPI name that is not unique keeps its full id.
        let mut found: Vec<(&str, &str, &oa::Operation)> = doc.operations().collect();
        found.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let candidates: Vec<String> = found
            .iter()
            .map(|(path, method, op)| {
                names::method_candidate(op.operation_id.as_deref(), method, path)
            })
            .collect();
        let mut method_names = Namespace::default();
        for (index, (path, method, op)) in found.iter().enumerate() {
            let shortened = &candidates[index];
            let unique = candidates.iter().filter(|c| *c == shortened).count() == 1;
            let wanted = match (&op.operation_id, unique) {
                (Some(id), false) => names::snake_name(id),
                _ => shortened.clone(),
            };
            let name = method_names.claim(wanted);
            let pointer = child(&child("/paths", path), method);
            let operation = self.operation(name, path, method, op, &pointer);
            self.operations.push(operation);
        }
    }

    fn operation(
        &mut self,
        name: String,
        path: &str,
        method: &str,
        op: &'a oa::Operation,
        pointer: &str,
    ) -> Operation {
        let stem = names::type_name(&name);
        let error_name = self.type_names.claim(format!("{stem}Error"));
        let body = self.request_body(op, &stem, pointer);
        let (success, errors) = self.responses(op, &stem, pointer);
        Operation {
            doc: operation_doc(op, method, path),
            name,
            operation_id: op.operation_id.clone(),
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            body,
            success,
            error_name,
            errors,
            api_key_header: self.api_key_header(op),
        }
    }

    fn request_body(&mut self, op: &oa::Operation, stem: &str, pointer: &str) -> Option<Body> {
        let pointer = child(pointer, "requestBody");
        let body = match op.request_body.as_ref()? {
            oa::ReferenceOr::Item(body) => body,
            oa::ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/requestBodies/");
                let found =
                    key.and_then(|key| self.doc.components.as_ref()?.request_bodies.get(key));
                match found {
                    Some(oa::ReferenceOr::Item(body)) => body,
                    _ => {
                        self.problem(&pointer, format!("unresolved $ref `{reference}`: no such request body in this document"));
                        return None;
                    }
                }
            }
        };
        let ty = self.content_type(&body.content, &format!("{stem}Body"), &pointer)?;
        Some(Body {
            ty,
            validates: false,
        })
    }

    /// The type of the JSON content of a body; `None` when there is no content.
    fn content_type(
        &mut self,
        content: &indexmap::IndexMap<String, oa::MediaType>,
        place: &str,
        pointer: &str,
    ) -> Option<Type> {
        if content.is_empty() {
            return None;
        }
        let Some((media, media_type)) = content.iter().find(|(media, _)| is_json(media)) else {
            let listed: Vec<&str> = content.keys().map(String::as_str).collect();
            self.problem(
                &child(pointer, "content"),
                format!(
                    "no JSON content (found {}); only JSON bodies are supported",
                    listed.join(", ")
                ),
            );
            return None;
        };
        let pointer = child(&child(&child(pointer, "content"), media), "schema");
        Some(match &media_type.schema {
            Some(schema) => self.ref_or_type(schema, place, &pointer),
            None => Type::Any,
        })
    }

    fn responses(
        &mut self,
        op: &'a oa::Operation,
        stem: &str,
        pointer: &str,
    ) -> (Vec<Response>, Vec<ErrorResponse>) {
        let mut documented: Vec<(Status, &'a oa::ReferenceOr<oa::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(status, response)| match status {
                oa::StatusCode::Code(code) => (Status::Code(*code), response),
                oa::StatusCode::Range(range) => (Status::Range(*range), response),
            })
            .chain(
                op.responses
                    .default
                    .iter()
                    .map(|response| (Status::Default, response)),
            )
            .collect();
        documented.sort_by_key(|(status, _)| *status);
        let mut success = Vec::new();
        let mut errors = Vec::new();
        for (status, response) in documented {
            let token = match status {
                Status::Code(code) => code.to_string(),
                Status::Range(range) => format!("{range}XX"),
                Status::Default => "default".to_string(),
            };
            let pointer = child(&child(pointer, "responses"), &token);
            let Some(response) = self.resolve_response(response, &pointer) else {
                continue;
            };
            if matches!(status, Status::Code(200..=299) | Status::Range(2)) {
                let ty = self.content_type(&response.content, &format!("{stem}Response"), &pointer);
                success.push(Response { status, ty });
            } else {
                let variant = status_variant(status);
                let ty =
                    self.content_type(&response.content, &format!("{stem}{variant}"), &pointer);
                let description = docs::one_line(&response.description);
                errors.push(ErrorResponse {
                    status,
                    variant,
                    description,
                    ty,
                });
            }
        }
        self.check_success_types(&success, pointer);
        (success, errors)
    }

    /// The method returns one type, so every success response must carry the same body.
    fn check_success_types(&mut self, success: &[Response], pointer: &str) {
        let mut bodies = success.iter().filter_map(|r| r.ty.as_ref());
        let Some(first) = bodies.next() else { return };
        if bodies.any(|ty| ty != first) {
            self.problem(
                &child(pointer, "responses"),
                "success responses with different bodies are not supported yet",
            );
        }
    }

    fn resolve_response(
        &mut self,
        response: &'a oa::ReferenceOr<oa::Response>,
        pointer: &str,
    ) -> Option<&'a oa::Response> {
        match response {
            oa::ReferenceOr::Item(response) => Some(response),
            oa::ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/responses/");
                let found = key.and_then(|key| self.doc.components.as_ref()?.responses.get(key));
                match found {
                    Some(oa::ReferenceOr::Item(response)) => Some(response),
                    _ => {
                        self.problem(
                            pointer,
                            format!(
                                "unresolved $ref `{reference}`: no such response in this document"
                            ),
                        );
                        None
                    }
                }
            }
        }
    }

    /// The header named by the first API-key-in-header scheme the operation's security lists
    /// (the document's security when the operation has none of its own).
    fn api_key_header(&self, op: &oa::Operation) -> Option<String> {
        let requirements = op.security.as_ref().or(self.doc.security.as_ref())?;
        let schemes = &self.doc.components.as_ref()?.security_schemes;
        requirements
            .iter()
            .flat_map(|requirement| requirement.keys())
            .find_map(|key| match schemes.get(key)? {
                oa::ReferenceOr::Item(oa::SecurityScheme::APIKey {
                    location: oa::APIKeyLocation::Header,
                    name,
                    ..
                }) => Some(name.clone()),
                _ => None,
            })
    }
}

fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// One field from its property schema (`None` when the property is a bare `$ref`).
fn field(name: String, wire: &str, ty: Type, required: bool, schema: Option<&oa::Schema>) -> Field {
    let data = schema.map(|s| &s.schema_data);
    let doc = data
        .and_then(doc_lines)
        .unwrap_or_else(|| vec![format!("The `{wire}` property.")]);
    let nullable = data.is_some_and(|d| d.nullable);
    let default = data
        .and_then(|d| d.default.as_ref())
        .and_then(|value| literal(value, &ty));
    let constraints = schema.map(constraints).unwrap_or_default();
    Field {
        name,
        wire_name: wire.to_string(),
        doc,
        ty,
        required,
        nullable,
        default,
        constraints,
    }
}

/// A default value as a Rust literal, when it fits the field's type.
fn literal(value: &Value, ty: &Type) -> Option<Literal> {
    match (value, ty) {
        (Value::String(s), Type::String) => Some(Literal::String(s.clone())),
        (Value::Bool(b), Type::Boolean) => Some(Literal::Bool(*b)),
        (Value::Number(n), Type::Integer(_)) => n.as_i64().map(Literal::Int),
        (Value::Number(n), Type::Float { .. }) => n.as_f64().map(Literal::Float),
        _ => None,
    }
}

fn constraints(schema: &oa::Schema) -> Constraints {
    let mut c = Constraints::default();
    match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::String(s)) => {
            c.min_length = s.min_length.map(|n| n as u64);
            c.max_length = s.max_length.map(|n| n as u64);
        }
        oa::SchemaKind::Type(oa::Type::Integer(i)) => {
            c.minimum = i.minimum.map(|m| (m as f64, i.exclusive_minimum));
            c.maximum = i.maximum.map(|m| (m as f64, i.exclusive_maximum));
        }
        oa::SchemaKind::Type(oa::Type::Number(n)) => {
            c.minimum = n.minimum.map(|m| (m, n.exclusive_minimum));
            c.maximum = n.maximum.map(|m| (m, n.exclusive_maximum));
        }
        oa::SchemaKind::Type(oa::Type::Array(a)) => {
            c.min_items = a.min_items.map(|n| n as u64);
            c.max_items = a.max_items.map(|n| n as u64);
        }
        _ => {}
    }
    c
}

fn string_type(format: &oa::VariantOrUnknownOrEmpty<oa::StringFormat>) -> Type {
    match format {
        oa::VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => Type::Uuid,
        _ => Type::String,
    }
}

fn int_width(format: &oa::VariantOrUnknownOrEmpty<oa::IntegerFormat>) -> IntWidth {
    match format {
        oa::VariantOrUnknownOrEmpty::Item(oa::IntegerFormat::Int32) => IntWidth::I32,
        oa::VariantOrUnknownOrEmpty::Unknown(f) if f == "uint32" => IntWidth::U32,
        oa::VariantOrUnknownOrEmpty::Unknown(f) if f == "uint64" || f == "uint" => IntWidth::U64,
        _ => IntWidth::I64,
    }
}

/// Whether an untyped schema is an enum of strings (as `const: "x"` is, once normalized).
fn is_string_enum(any: &oa::AnySchema) -> bool {
    !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string() || v.is_null())
}

fn string_enum<'v>(values: impl Iterator<Item = &'v str>) -> Vec<EnumValue> {
    let mut variant_names = Namespace::default();
    values
        .map(|wire| EnumValue {
            name: variant_names.claim(names::type_name(wire)),
            wire: wire.to_string(),
        })
        .collect()
}

/// A union variant's name and doc line, from the type it holds.
fn variant_name(ty: &Type) -> (String, String) {
    let (name, doc) = match ty {
        Type::String => ("String", "A string."),
        Type::Integer(_) => ("Integer", "An integer."),
        Type::Float { .. } => ("Number", "A number."),
        Type::Boolean => ("Boolean", "A boolean."),
        Type::Uuid => ("Uuid", "A UUID."),
        Type::Vec(_) => ("List", "A list."),
        Type::Map(_) => ("Map", "A map."),
        Type::Any => ("Value", "Any JSON value."),
        Type::Named(name) => return (name.clone(), format!("A [`{name}`].")),
    };
    (name.to_string(), doc.to_string())
}

/// The variant name of an error status: its reason phrase, `Status{code}`, `Status4xx` for a
/// range, or `Default`.
fn status_variant(status: Status) -> String {
    let code = match status {
        Status::Code(code) => code,
        Status::Range(range) => return format!("Status{range}xx"),
        Status::Default => return "Default".to_string(),
    };
    let reason = match code {
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    reason.to_string()
}

/// Doc lines for a schema: its description, else its title.
fn doc_lines(data: &oa::SchemaData) -> Option<Vec<String>> {
    let text = data.description.as_deref().or(data.title.as_deref())?;
    Some(docs::lines(text)).filter(|lines| !lines.is_empty())
}

fn operation_doc(op: &oa::Operation, method: &str, path: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for text in [op.summary.as_deref(), op.description.as_deref()]
        .into_iter()
        .flatten()
    {
        let text = docs::lines(text);
        // FastAPI repeats the summary as the description when there is no docstring.
        if text.is_empty() || lines == text {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(text);
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    let method = method.to_ascii_uppercase();
    lines.push(match &op.operation_id {
        Some(id) => format!(
            "`{method} {}` (operation `{}`).",
            code_span(path),
            code_span(id)
        ),
        None => format!("`{method} {}`.", code_span(path)),
    });
    lines
}

/// Text for inside a code span: backticks and line breaks would end it.
fn code_span(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '`' { '\'' } else { c })
        .collect()
}

/// Marks every type that has constraints to check, directly or through what it holds.
fn mark_validating(types: &mut [TypeDef]) {
    loop {
        let mut changed = false;
        for index in 0..types.len() {
            if types[index].validates {
                continue;
            }
            let validates = match &types[index].kind {
                TypeKind::Struct(fields) => fields
                    .iter()
                    .any(|f| !f.constraints.is_empty() || type_validates(&f.ty, types)),
                TypeKind::Union(variants) => variants.iter().any(|v| type_validates(&v.ty, types)),
                TypeKind::Alias(ty) => type_validates(ty, types),
                TypeKind::StringEnum(_) => false,
            };
            if validates {
                types[index].validates = true;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// Whether a value of `ty` has constraints to check.
pub fn type_validates(ty: &Type, types: &[TypeDef]) -> bool {
    match ty {
        Type::Named(name) => types.iter().any(|t| &t.name == name && t.validates),
        Type::Vec(inner) | Type::Map(inner) => type_validates(inner, types),
        _ => false,
    }
}
