//! Schemas to types: component schemas become named types, inline schemas that need a name are
//! named after their place (`{Parent}{Property}`, `{Parent}Item`, ...), the rest map to Rust types.

use super::{Builder, Section};
use crate::docs;
use crate::ir::{
    Constraints, EnumValue, Field, IntWidth, Literal, Type, TypeDef, TypeKind, UnionVariant,
    WireValue,
};
use crate::names::{self, Ident, Namespace};
use crate::pointer::JsonPointer;
use indexmap::IndexMap;
use openapiv3 as oa;
use serde_json::Value;
use std::borrow::Borrow;

pub(super) type Properties = IndexMap<String, oa::ReferenceOr<Box<oa::Schema>>>;

impl<'a> Builder<'a> {
    pub(super) fn component_schemas(&mut self) {
        let doc = self.doc;
        let Some(components) = &doc.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let name = self.schema_names[key].clone();
            let pointer = JsonPointer::from_tokens(["components", "schemas", key]);
            match schema {
                oa::ReferenceOr::Item(schema) => self.named_type(name, schema, &pointer),
                oa::ReferenceOr::Reference { reference } => {
                    let target = self.reference(reference, &pointer);
                    let doc = vec![format!("Another name for `{}`.", docs::code_span(key))];
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
    pub(super) fn reference(&mut self, reference: &str, pointer: &JsonPointer) -> Type {
        let target = reference
            .strip_prefix("#/components/schemas/")
            .and_then(|key| self.schema_names.get(key));
        match target {
            Some(name) => Type::Named(name.clone()),
            None => {
                self.unresolved(reference, pointer, Section::Schemas);
                Type::Any
            }
        }
    }

    /// Defines the named type `name` for `schema`.
    pub(super) fn named_type(&mut self, name: String, schema: &oa::Schema, pointer: &JsonPointer) {
        // The key the schema has in the document: a component's name or the property's.
        let key = pointer.tokens().last().unwrap_or_default();
        let doc = match doc_lines(&schema.schema_data, &[&name, &key]) {
            Some(lines) => lines,
            None if pointer.as_str().matches('/').count() == 3
                && pointer.as_str().starts_with("/components/schemas/") =>
            {
                vec![format!("The `{}` schema.", docs::code_span(&key))]
            }
            None => vec![docs::place(pointer.as_str())],
        };
        let kind = self.type_kind(&name, schema, pointer);
        self.types.push(TypeDef {
            name,
            doc,
            kind,
            validates: false,
        });
    }

    fn type_kind(&mut self, name: &str, schema: &oa::Schema, pointer: &JsonPointer) -> TypeKind {
        if let Some((kind, repeated)) = enum_kind(schema) {
            for value in repeated {
                let message = format!("the `enum` lists `{value}` more than once");
                self.warn(&pointer.child("enum"), message, "one variant for it");
            }
            return kind;
        }
        match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::Object(object)) if !object.properties.is_empty() => {
                let extra = object.additional_properties.as_ref();
                TypeKind::Struct(self.fields(
                    name,
                    &object.properties,
                    &object.required,
                    extra,
                    pointer,
                ))
            }
            oa::SchemaKind::Any(any) if !any.properties.is_empty() => {
                self.unknown_type(schema, pointer);
                let extra = any.additional_properties.as_ref();
                TypeKind::Struct(self.fields(name, &any.properties, &any.required, extra, pointer))
            }
            oa::SchemaKind::OneOf { one_of: branches } => {
                self.union(name, branches, schema, pointer, "oneOf")
            }
            oa::SchemaKind::AnyOf { any_of: branches } => {
                self.union(name, branches, schema, pointer, "anyOf")
            }
            oa::SchemaKind::AllOf { all_of }
                if single_part(all_of).is_none() && !all_of.iter().all(is_annotation) =>
            {
                TypeKind::Struct(self.all_of(name, all_of, pointer))
            }
            _ => TypeKind::Alias(self.schema_type(schema, name, pointer)),
        }
    }

    /// The type of a schema used in place; inline objects, enums and unions get a named type
    /// called `place`.
    pub(super) fn schema_type(
        &mut self,
        schema: &oa::Schema,
        place: &str,
        pointer: &JsonPointer,
    ) -> Type {
        if enum_kind(schema).is_some() {
            return self.inline(schema, place, pointer);
        }
        if self.unknown_type(schema, pointer) {
            return Type::Any;
        }
        match &schema.schema_kind {
            oa::SchemaKind::Type(ty) => self.plain_type(ty, schema, place, pointer),
            // One part beside annotations (the 3.0 way to describe a `$ref`): that part's type.
            oa::SchemaKind::AllOf { all_of } if single_part(all_of).is_some() => {
                let index = single_part(all_of).unwrap_or_default();
                let pointer = pointer.child("allOf").child(&index.to_string());
                self.ref_or_type(&all_of[index], place, &pointer)
            }
            // An empty `allOf` (or one of annotations only) constrains nothing: any JSON value,
            // as for a schema without a type.
            oa::SchemaKind::AllOf { all_of } if all_of.iter().all(is_annotation) => Type::Any,
            oa::SchemaKind::OneOf { .. }
            | oa::SchemaKind::AnyOf { .. }
            | oa::SchemaKind::AllOf { .. } => self.inline(schema, place, pointer),
            oa::SchemaKind::Any(any) if !any.properties.is_empty() => {
                self.inline(schema, place, pointer)
            }
            oa::SchemaKind::Any(any) if any.items.is_some() => {
                let items = any.items.as_ref().map(|items| {
                    self.ref_or_type(items, &format!("{place}Item"), &pointer.child("items"))
                });
                Type::Vec(Box::new(items.unwrap_or(Type::Any)))
            }
            // `not`, and schemas without a type: any JSON value (the documented fallback).
            oa::SchemaKind::Not { .. } | oa::SchemaKind::Any(_) => Type::Any,
        }
    }

    /// Reports a `type` that is none of JSON Schema's (openapiv3 keeps it as an untyped
    /// schema), and says whether it did.
    fn unknown_type(&mut self, schema: &oa::Schema, pointer: &JsonPointer) -> bool {
        const KNOWN: &[&str] = &[
            "string", "number", "integer", "boolean", "array", "object", "null",
        ];
        let oa::SchemaKind::Any(oa::AnySchema {
            typ: Some(name), ..
        }) = &schema.schema_kind
        else {
            return false;
        };
        if KNOWN.contains(&name.as_str()) {
            return false;
        }
        let message = format!("unknown type `{name}`");
        let help = match crate::names::closest(name, KNOWN.iter().copied()) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!("JSON Schema's types are {}", KNOWN.join(", ")),
        };
        self.problem_with_help(&pointer.child("type"), message, help);
        true
    }

    fn plain_type(
        &mut self,
        ty: &oa::Type,
        schema: &oa::Schema,
        place: &str,
        pointer: &JsonPointer,
    ) -> Type {
        match ty {
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
                Some(items) => {
                    let pointer = pointer.child("items");
                    self.unchecked_constraints(items, &pointer, "list items");
                    let place = format!("{place}Item");
                    Type::Vec(Box::new(self.ref_or_type(items, &place, &pointer)))
                }
                None => Type::Vec(Box::new(Type::Any)),
            },
            oa::Type::Object(object) if !object.properties.is_empty() => {
                self.inline(schema, place, pointer)
            }
            oa::Type::Object(object) => match &object.additional_properties {
                Some(oa::AdditionalProperties::Schema(value)) => {
                    let pointer = pointer.child("additionalProperties");
                    self.unchecked_constraints(value.as_ref(), &pointer, "map values");
                    let place = format!("{place}Value");
                    Type::Map(Box::new(self.ref_or_type(value, &place, &pointer)))
                }
                _ => Type::Map(Box::new(Type::Any)),
            },
        }
    }

    /// Names an inline schema after its place and defines it.
    fn inline(&mut self, schema: &oa::Schema, place: &str, pointer: &JsonPointer) -> Type {
        let name = self.type_names.claim(names::type_name(place));
        self.named_type(name.clone(), schema, pointer);
        Type::Named(name)
    }

    /// The type of a schema or reference; openapiv3 holds property schemas boxed and others
    /// not, hence `Borrow`.
    pub(super) fn ref_or_type<S: Borrow<oa::Schema>>(
        &mut self,
        schema: &oa::ReferenceOr<S>,
        place: &str,
        pointer: &JsonPointer,
    ) -> Type {
        match schema {
            oa::ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            oa::ReferenceOr::Item(schema) => self.schema_type(schema.borrow(), place, pointer),
        }
    }

    fn fields(
        &mut self,
        owner: &str,
        properties: &Properties,
        required: &[String],
        extra: Option<&oa::AdditionalProperties>,
        pointer: &JsonPointer,
    ) -> Vec<Field> {
        let mut field_names = Namespace::default();
        let mut fields = Vec::new();
        for (wire, schema) in properties {
            let pointer = pointer.child("properties").child(wire);
            // The field checks its items' (or values') constraints itself.
            self.checked_items.insert(pointer.child("items"));
            self.checked_items
                .insert(pointer.child("additionalProperties"));
            let data = match schema {
                oa::ReferenceOr::Item(schema) => Some(schema.as_ref()),
                oa::ReferenceOr::Reference { .. } => None,
            };
            let is_required = required.contains(wire);
            let constant = data.filter(|_| is_required).and_then(constant_string);
            let ty = match constant {
                Some(_) => Type::String,
                None => self.ref_or_type(
                    schema,
                    &format!("{owner}{}", names::type_name(wire)),
                    &pointer,
                ),
            };
            let name = field_names.claim_ident(names::snake_name(wire));
            let mut field = field_of(name, wire, ty, is_required, data);
            if let Some(value) = constant {
                constant_field(&mut field, value);
            }
            self.applicable_constraints(&mut field, &pointer);
            self.item_constraints(&mut field, data, &pointer);
            fields.push(field);
        }
        // JSON Schema lets `required` name a property `properties` does not describe: it must
        // be present, with any value.
        let mut undescribed: Vec<&String> = required
            .iter()
            .filter(|name| !properties.contains_key(*name))
            .collect();
        undescribed.dedup();
        for wire in undescribed {
            let message = format!("required property `{wire}` is not in `properties`");
            let help = "generated as a required field that holds any JSON value";
            self.warn(&pointer.child("required"), message, help);
            let name = field_names.claim_ident(names::snake_name(wire));
            fields.push(field_of(name, wire, Type::Any, true, None));
        }
        fields.extend(self.extra_field(owner, extra, &mut field_names, pointer));
        fields
    }

    /// Drops the constraints that do not apply to the field's type (`maxLength` on an enum, a
    /// UUID or bytes; bounds on an integer enum), with a warning unless the type implies them
    /// (an enum whose every value fits the length limits).
    pub(super) fn applicable_constraints(&mut self, field: &mut Field, pointer: &JsonPointer) {
        let c = &mut field.constraints;
        let mut dropped = Vec::new();
        if field.ty != Type::String && (c.min_length.is_some() || c.max_length.is_some()) {
            if !self.enum_fits_lengths(&field.ty, c.min_length, c.max_length) {
                dropped.extend(c.min_length.map(|_| "minLength"));
                dropped.extend(c.max_length.map(|_| "maxLength"));
            }
            (c.min_length, c.max_length) = (None, None);
        }
        let number = matches!(field.ty, Type::Integer(_) | Type::Float { .. });
        if !number && (c.minimum.is_some() || c.maximum.is_some()) {
            dropped.extend(c.minimum.map(|_| "minimum"));
            dropped.extend(c.maximum.map(|_| "maximum"));
            (c.minimum, c.maximum) = (None, None);
        }
        if !matches!(field.ty, Type::Vec(_)) && (c.min_items.is_some() || c.max_items.is_some()) {
            dropped.extend(c.min_items.map(|_| "minItems"));
            dropped.extend(c.max_items.map(|_| "maxItems"));
            (c.min_items, c.max_items) = (None, None);
        }
        if dropped.is_empty() {
            return;
        }
        let what = match &field.ty {
            Type::Named(name) => format!("`{name}`"),
            Type::Uuid => "a UUID".to_string(),
            Type::Bytes => "bytes".to_string(),
            _ => "this type".to_string(),
        };
        let list = dropped
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = format!("{list} does not apply to {what}");
        self.warn(pointer, message, "not checked by the client");
    }

    /// Warns that the constraints of a list item or map value schema are not checked: the
    /// client checks the constraints of fields, not of the values inside lists and maps.
    fn unchecked_constraints<S: Borrow<oa::Schema>>(
        &mut self,
        schema: &oa::ReferenceOr<S>,
        pointer: &JsonPointer,
        what: &str,
    ) {
        let oa::ReferenceOr::Item(schema) = schema else {
            return;
        };
        if !self.checked_items.contains(pointer) && !constraints(schema.borrow()).is_empty() {
            let message = format!("the constraints on {what} are not checked by the client");
            self.warn(pointer, message, "the values are sent as they are");
        }
    }

    /// The constraints of the items of a list field, or the values of a map field, that apply
    /// to their type (the others dropped with a warning, as for a field's own).
    pub(super) fn item_constraints(
        &mut self,
        field: &mut Field,
        schema: Option<&oa::Schema>,
        pointer: &JsonPointer,
    ) {
        let items = match schema.map(|s| &s.schema_kind) {
            Some(oa::SchemaKind::Type(oa::Type::Array(array))) => match &array.items {
                Some(oa::ReferenceOr::Item(items)) => Some((items.as_ref(), "items")),
                _ => None,
            },
            Some(oa::SchemaKind::Type(oa::Type::Object(object)))
                if object.properties.is_empty() =>
            {
                match &object.additional_properties {
                    Some(oa::AdditionalProperties::Schema(value)) => match value.as_ref() {
                        oa::ReferenceOr::Item(value) => Some((value, "additionalProperties")),
                        oa::ReferenceOr::Reference { .. } => None,
                    },
                    _ => None,
                }
            }
            _ => None,
        };
        let (Some((items, keyword)), Type::Vec(inner) | Type::Map(inner)) = (items, &field.ty)
        else {
            return;
        };
        let mut item = field_of(field.name.clone(), "", (**inner).clone(), true, Some(items));
        self.applicable_constraints(&mut item, &pointer.child(keyword));
        field.item_constraints = item.constraints;
    }

    /// Whether `ty` is a string enum whose every value fits the length limits.
    fn enum_fits_lengths(&self, ty: &Type, min: Option<u64>, max: Option<u64>) -> bool {
        let Type::Named(name) = ty else {
            return false;
        };
        let Some(TypeDef {
            kind: TypeKind::Enum { values, .. },
            ..
        }) = self.types.iter().rev().find(|t| &t.name == name)
        else {
            return false;
        };
        values.iter().all(|v| {
            let length = v.wire.to_string().chars().count() as u64;
            min.is_none_or(|min| length >= min) && max.is_none_or(|max| length <= max)
        })
    }

    /// The field that keeps additional properties, when the schema allows them explicitly.
    fn extra_field(
        &mut self,
        owner: &str,
        extra: Option<&oa::AdditionalProperties>,
        names: &mut Namespace,
        pointer: &JsonPointer,
    ) -> Option<Field> {
        let value = match extra? {
            oa::AdditionalProperties::Any(false) => return None,
            oa::AdditionalProperties::Any(true) => Type::Any,
            oa::AdditionalProperties::Schema(schema) => self.ref_or_type(
                schema,
                &format!("{owner}Extra"),
                &pointer.child("additionalProperties"),
            ),
        };
        let mut field = field_of(
            names.claim_ident(names::snake_name("extra")),
            "",
            Type::Map(Box::new(value)),
            false,
            None,
        );
        field.doc = vec!["Properties beyond the documented ones.".to_string()];
        field.flatten = true;
        Some(field)
    }

    /// `allOf` of several objects: one struct with the properties of all of them.
    fn all_of(
        &mut self,
        owner: &str,
        parts: &[oa::ReferenceOr<oa::Schema>],
        pointer: &JsonPointer,
    ) -> Vec<Field> {
        let mut merged = Merged::default();
        self.merge_all_of(parts, pointer, &mut merged, 0);
        self.fields(
            owner,
            &merged.properties,
            &merged.required,
            merged.extra.as_ref(),
            pointer,
        )
    }

    /// Gathers the properties of `allOf` parts, following nested `allOf`s (to a sane depth).
    /// Each referenced schema is merged once; one that includes itself is reported.
    fn merge_all_of(
        &mut self,
        parts: &[oa::ReferenceOr<oa::Schema>],
        pointer: &JsonPointer,
        merged: &mut Merged,
        depth: usize,
    ) {
        for (index, part) in parts.iter().enumerate() {
            let part_pointer = pointer.child("allOf").child(&index.to_string());
            let mut nested_pointer = part_pointer.clone();
            if let oa::ReferenceOr::Reference { reference } = part {
                if merged.chain.contains(reference) {
                    let message = format!("`allOf` cycle: `{reference}` includes itself");
                    let help =
                        "a schema cannot be made of itself; remove this `$ref` from the `allOf`";
                    self.problem_with_help(&part_pointer, message, help);
                    continue;
                }
                if !merged.expanded.insert(reference.clone()) {
                    continue;
                }
                nested_pointer =
                    JsonPointer::from_fragment(reference).unwrap_or_else(|| part_pointer.clone());
            }
            let Some(schema) = self.resolve_schema(part, &part_pointer) else {
                continue;
            };
            match &schema.schema_kind {
                oa::SchemaKind::Type(oa::Type::Object(object)) => merged.add(
                    &object.properties,
                    &object.required,
                    object.additional_properties.as_ref(),
                ),
                oa::SchemaKind::Any(any) => merged.add(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                ),
                oa::SchemaKind::AllOf { all_of } if depth < MAX_ALL_OF_DEPTH => {
                    let reference = match part {
                        oa::ReferenceOr::Reference { reference } => Some(reference.clone()),
                        oa::ReferenceOr::Item(_) => None,
                    };
                    merged.chain.extend(reference.clone());
                    self.merge_all_of(all_of, &nested_pointer, merged, depth + 1);
                    if reference.is_some() {
                        merged.chain.pop();
                    }
                }
                oa::SchemaKind::AllOf { .. } => self.problem(
                    &part_pointer,
                    format!(
                        "`allOf` nested more than {MAX_ALL_OF_DEPTH} levels deep is not supported"
                    ),
                ),
                oa::SchemaKind::OneOf { one_of: branches } => {
                    self.merge_branches(branches, &part_pointer.child("oneOf"), merged, depth)
                }
                oa::SchemaKind::AnyOf { any_of: branches } => {
                    self.merge_branches(branches, &part_pointer.child("anyOf"), merged, depth)
                }
                _ => {
                    let kind = kind_name(&schema);
                    let message =
                        format!("`allOf` part is {kind}, not an object, beside parts that are");
                    // Its constraints cannot be kept: they apply to values that are not objects.
                    let help = format!(
                        "left out: no value is both an object and {kind}, so its constraints \
                         could never apply; the struct has the other parts' properties"
                    );
                    self.warn(&part_pointer, message, help);
                }
            }
        }
    }

    /// A `oneOf`/`anyOf` part of an `allOf` (`pointer` is its keyword's): its branches'
    /// properties, each optional (a value has the properties of one branch), through nested
    /// unions to a sane depth.
    fn merge_branches(
        &mut self,
        branches: &[oa::ReferenceOr<oa::Schema>],
        pointer: &JsonPointer,
        merged: &mut Merged,
        depth: usize,
    ) {
        for (index, branch) in branches.iter().enumerate() {
            let keyword_pointer = pointer.child(&index.to_string());
            let Some(schema) = self.resolve_schema(branch, &keyword_pointer) else {
                continue;
            };
            let (properties, extra) = match &schema.schema_kind {
                oa::SchemaKind::Type(oa::Type::Object(o)) => {
                    (&o.properties, &o.additional_properties)
                }
                oa::SchemaKind::Any(any) => (&any.properties, &any.additional_properties),
                oa::SchemaKind::OneOf { one_of: nested }
                | oa::SchemaKind::AnyOf { any_of: nested }
                    if depth < MAX_ALL_OF_DEPTH =>
                {
                    let keyword = match schema.schema_kind {
                        oa::SchemaKind::OneOf { .. } => "oneOf",
                        _ => "anyOf",
                    };
                    let nested_pointer = match branch {
                        oa::ReferenceOr::Reference { reference } => {
                            JsonPointer::from_fragment(reference)
                                .unwrap_or_else(|| keyword_pointer.clone())
                                .child(keyword)
                        }
                        oa::ReferenceOr::Item(_) => keyword_pointer.child(keyword),
                    };
                    self.merge_branches(nested, &nested_pointer, merged, depth + 1);
                    continue;
                }
                oa::SchemaKind::AllOf { all_of } if depth < MAX_ALL_OF_DEPTH => {
                    let mut branch_merged = Merged::default();
                    let branch_pointer = match branch {
                        oa::ReferenceOr::Reference { reference } => {
                            JsonPointer::from_fragment(reference)
                                .unwrap_or_else(|| keyword_pointer.clone())
                        }
                        oa::ReferenceOr::Item(_) => keyword_pointer.clone(),
                    };
                    self.merge_all_of(all_of, &branch_pointer, &mut branch_merged, depth + 1);
                    let extra = branch_merged.extra.take();
                    merged.add(&branch_merged.properties, &[], extra.as_ref());
                    continue;
                }
                _ => {
                    let message = format!(
                        "a branch of this `allOf` part is {}, not an object",
                        kind_name(&schema)
                    );
                    let help = "left out: the struct has the other branches' properties";
                    self.warn(&keyword_pointer, message, help);
                    continue;
                }
            };
            merged.add(properties, &[], extra.as_ref());
        }
    }

    fn resolve_schema(
        &mut self,
        schema: &oa::ReferenceOr<oa::Schema>,
        pointer: &JsonPointer,
    ) -> Option<oa::Schema> {
        match schema {
            oa::ReferenceOr::Item(schema) => Some(schema.clone()),
            oa::ReferenceOr::Reference { reference } => self
                .component(reference, Section::Schemas, pointer, |c, key| {
                    c.schemas.get(key)
                })
                .cloned(),
        }
    }

    fn union(
        &mut self,
        owner: &str,
        branches: &[oa::ReferenceOr<oa::Schema>],
        schema: &oa::Schema,
        pointer: &JsonPointer,
        keyword: &str,
    ) -> TypeKind {
        if branches.is_empty() {
            // JSON Schema requires a branch; with none, no value would decode.
            let message = format!("the `{keyword}` lists no schemas");
            self.warn(&pointer.child(keyword), message, "typed as any JSON value");
            return TypeKind::Alias(Type::Any);
        }
        let mut variant_names = Namespace::default();
        let mut variants = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            let branch_pointer = pointer.child(keyword).child(&index.to_string());
            let ty = self.ref_or_type(branch, &format!("{owner}Variant{index}"), &branch_pointer);
            let (name, doc) = variant_name(&ty);
            variants.push(UnionVariant {
                name: variant_names.claim(name),
                doc: vec![doc],
                ty,
                tag: None,
            });
        }
        let discriminator = self.discriminate(schema, branches, &mut variants, pointer, keyword);
        TypeKind::Union {
            variants,
            discriminator,
        }
    }
}

/// What a schema is, in a few words, for a message.
fn kind_name(schema: &oa::Schema) -> &'static str {
    match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::String(_)) => "a string",
        oa::SchemaKind::Type(oa::Type::Number(_)) => "a number",
        oa::SchemaKind::Type(oa::Type::Integer(_)) => "an integer",
        oa::SchemaKind::Type(oa::Type::Boolean(_)) => "a boolean",
        oa::SchemaKind::Type(oa::Type::Array(_)) => "an array",
        oa::SchemaKind::Type(oa::Type::Object(_)) => "an object",
        oa::SchemaKind::OneOf { .. } => "a `oneOf`",
        oa::SchemaKind::AnyOf { .. } => "an `anyOf`",
        oa::SchemaKind::AllOf { .. } => "an `allOf`",
        oa::SchemaKind::Not { .. } => "a `not`",
        oa::SchemaKind::Any(_) => "a schema of no type",
    }
}

/// The description an `allOf` gives in a part that only annotates (`allOf: [{$ref: X},
/// {description: ...}]`).
fn annotation_doc(schema: &oa::Schema, name: &str) -> Option<Vec<String>> {
    let oa::SchemaKind::AllOf { all_of } = &schema.schema_kind else {
        return None;
    };
    all_of.iter().find_map(|part| match part {
        oa::ReferenceOr::Item(part) if only_annotates(part) => {
            doc_lines(&part.schema_data, &[name])
        }
        _ => None,
    })
}

/// The index of the one part of an `allOf` that is more than annotations (a description, a
/// title, a default), when there is exactly one.
fn single_part(parts: &[oa::ReferenceOr<oa::Schema>]) -> Option<usize> {
    let mut meaningful = parts
        .iter()
        .enumerate()
        .filter(|(_, part)| !is_annotation(part))
        .map(|(index, _)| index);
    let first = meaningful.next()?;
    meaningful.next().is_none().then_some(first)
}

/// Whether a schema only annotates (no type, properties, items, values or composition).
fn is_annotation(part: &oa::ReferenceOr<oa::Schema>) -> bool {
    matches!(part, oa::ReferenceOr::Item(schema) if only_annotates(schema))
}

fn only_annotates(schema: &oa::Schema) -> bool {
    let oa::SchemaKind::Any(any) = &schema.schema_kind else {
        return false;
    };
    any.typ.is_none()
        && any.properties.is_empty()
        && any.required.is_empty()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && any.additional_properties.is_none()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
}

/// How deep `allOf`s inside `allOf`s are followed; deeper is reported (it is a cycle, in practice).
const MAX_ALL_OF_DEPTH: usize = 32;

/// The parts of an `allOf`, merged.
#[derive(Default)]
struct Merged {
    properties: Properties,
    required: Vec<String>,
    extra: Option<oa::AdditionalProperties>,
    /// The references merged so far (each is merged once).
    expanded: std::collections::BTreeSet<String>,
    /// The references whose `allOf` is being merged, outermost first (to find cycles).
    chain: Vec<String>,
}

impl Merged {
    fn add(
        &mut self,
        properties: &Properties,
        required: &[String],
        extra: Option<&oa::AdditionalProperties>,
    ) {
        self.properties
            .extend(properties.iter().map(|(k, v)| (k.clone(), v.clone())));
        self.required.extend(required.iter().cloned());
        if self.extra.is_none() {
            self.extra = extra.cloned();
        }
    }
}

/// The doc a property's schema gives (its description, else a title that says more than
/// `wire`, the property's name), if any.
pub(super) fn schema_doc(wire: &str, schema: Option<&oa::Schema>) -> Option<Vec<String>> {
    let schema = schema?;
    doc_lines(&schema.schema_data, &[wire]).or_else(|| annotation_doc(schema, wire))
}

/// One field from its property schema (`None` when the property is a bare `$ref`).
pub(super) fn field_of(
    name: Ident,
    wire: &str,
    ty: Type,
    required: bool,
    schema: Option<&oa::Schema>,
) -> Field {
    let data = schema.map(|s| &s.schema_data);
    let doc = schema_doc(wire, schema)
        .unwrap_or_else(|| vec![format!("The `{}` property.", docs::code_span(wire))]);
    let nullable = data.is_some_and(|d| d.nullable) || schema.is_some_and(enum_allows_null);
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
        item_constraints: Constraints::default(),
        flatten: false,
    }
}

/// The one value a required string property allows (`enum` of one value, or 3.1's `const`),
/// when it allows no `null`. Such a field is a `String` that starts at that value: a type of its
/// own would cost an enum and four impls for nothing a caller needs to choose (DESIGN.md,
/// "Compile cost of generated code").
fn constant_string(schema: &oa::Schema) -> Option<&str> {
    match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::String(s)) if !schema.schema_data.nullable => {
            match s.enumeration.as_slice() {
                [Some(only)] => Some(only),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Makes `field` hold the constant `value`: its default (so constructors fill it in and a
/// response without it still decodes), and a doc sentence saying so unless the doc names it.
fn constant_field(field: &mut Field, value: &str) {
    field.default = Some(Literal::String(value.to_string()));
    let quoted = format!("`{}`", docs::code_span(value));
    if !field.doc.iter().any(|line| line.contains(&quoted)) {
        field.doc.push(String::new());
        field.doc.push(format!("Always {quoted}."));
    }
}

/// A default value as a Rust literal, when it fits the field's type.
fn literal(value: &Value, ty: &Type) -> Option<Literal> {
    match (value, ty) {
        (Value::String(s), Type::String) => Some(Literal::String(s.clone())),
        (Value::Bool(b), Type::Boolean) => Some(Literal::Bool(*b)),
        (Value::Number(n), Type::Integer(width)) => {
            n.as_i64().filter(|i| fits(*i, *width)).map(Literal::Int)
        }
        (Value::Number(n), Type::Float { .. }) => n.as_f64().map(Literal::Float),
        _ => None,
    }
}

fn fits(value: i64, width: IntWidth) -> bool {
    match width {
        IntWidth::I32 => i32::try_from(value).is_ok(),
        IntWidth::I64 => true,
        IntWidth::U32 => u32::try_from(value).is_ok(),
        IntWidth::U64 => value >= 0,
    }
}

fn constraints(schema: &oa::Schema) -> Constraints {
    let mut c = Constraints::default();
    let count = |n: Option<usize>| n.map(|n| n as u64);
    match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::String(s)) => {
            (c.min_length, c.max_length) = (count(s.min_length), count(s.max_length));
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
            (c.min_items, c.max_items) = (count(a.min_items), count(a.max_items));
        }
        _ => {}
    }
    c
}

fn string_type(format: &oa::VariantOrUnknownOrEmpty<oa::StringFormat>) -> Type {
    match format {
        oa::VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => Type::Uuid,
        oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Binary) => Type::Bytes,
        _ => Type::String,
    }
}

fn int_width(format: &oa::VariantOrUnknownOrEmpty<oa::IntegerFormat>) -> IntWidth {
    match format {
        oa::VariantOrUnknownOrEmpty::Item(oa::IntegerFormat::Int32) => IntWidth::I32,
        oa::VariantOrUnknownOrEmpty::Unknown(f)
            if f == "uint32" || f == "uint16" || f == "uint8" =>
        {
            IntWidth::U32
        }
        oa::VariantOrUnknownOrEmpty::Unknown(f) if f == "uint64" || f == "uint" => IntWidth::U64,
        _ => IntWidth::I64,
    }
}

/// The enum a schema stands for, when it is one: a string or integer `enum` (typed or not,
/// `const` included), or a `oneOf`/`anyOf` whose branches are each one constant (as Discord
/// writes its enums, with the names in the branch titles), and the values it lists more than once.
fn enum_kind(schema: &oa::Schema) -> Option<(TypeKind, Vec<String>)> {
    let values = match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::String(s)) if !s.enumeration.is_empty() => s
            .enumeration
            .iter()
            .flatten()
            .map(|v| (Value::from(v.as_str()), None))
            .collect(),
        oa::SchemaKind::Type(oa::Type::Integer(i)) if !i.enumeration.is_empty() => i
            .enumeration
            .iter()
            .flatten()
            .map(|v| (Value::from(*v), None))
            .collect(),
        oa::SchemaKind::Any(any) if !any.enumeration.is_empty() => any
            .enumeration
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| (v.clone(), None))
            .collect(),
        oa::SchemaKind::OneOf { one_of: branches } | oa::SchemaKind::AnyOf { any_of: branches } => {
            constant_branches(branches)?
        }
        _ => return None,
    };
    enum_of(values)
}

/// The constants of `oneOf` branches that are each a one-value enum, with their titles.
fn constant_branches(
    branches: &[oa::ReferenceOr<oa::Schema>],
) -> Option<Vec<(Value, Option<String>)>> {
    branches
        .iter()
        .map(|branch| {
            let oa::ReferenceOr::Item(schema) = branch else {
                return None;
            };
            let value = match &schema.schema_kind {
                oa::SchemaKind::Type(oa::Type::String(s)) if s.enumeration.len() == 1 => {
                    Value::from(s.enumeration[0].as_deref()?)
                }
                oa::SchemaKind::Type(oa::Type::Integer(i)) if i.enumeration.len() == 1 => {
                    Value::from(i.enumeration[0]?)
                }
                oa::SchemaKind::Any(any) if any.enumeration.len() == 1 => {
                    any.enumeration[0].clone()
                }
                _ => return None,
            };
            Some((value, schema.schema_data.title.clone()))
        })
        .collect()
}

/// An enum of `values` (each with an optional name), when they are all strings or all integers,
/// and the text of each value listed more than once (a sloppy document's: one variant, since a
/// second could never be matched).
fn enum_of(values: Vec<(Value, Option<String>)>) -> Option<(TypeKind, Vec<String>)> {
    let integer = values.iter().all(|(v, _)| v.is_i64());
    if values.is_empty() || !(integer || values.iter().all(|(v, _)| v.is_string())) {
        return None;
    }
    let mut seen = std::collections::HashSet::new();
    let mut repeated = Vec::new();
    let mut variant_names = Namespace::default();
    let values: Vec<EnumValue> = values
        .into_iter()
        .filter(|(value, _)| {
            // All strings or all integers: the text tells the values apart.
            let text = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_string);
            let first = seen.insert(text.clone());
            if !first && !repeated.contains(&text) {
                repeated.push(text);
            }
            first
        })
        .map(|(value, title)| {
            let wire = match (value.as_i64(), value.as_str()) {
                (Some(integer), _) => WireValue::Integer(integer),
                (None, text) => WireValue::String(text.unwrap_or_default().to_string()),
            };
            let text = wire.to_string();
            let raw = title.clone().unwrap_or_else(|| match integer {
                true => format!("value {}", text.replace('-', "minus ")),
                false => text.clone(),
            });
            let doc = vec![format!("`{}`", docs::code_span(&text))];
            EnumValue {
                name: variant_names.claim(names::type_name(&raw)),
                wire,
                doc,
            }
        })
        .collect();
    let other = variant_names.claim("Other".to_string());
    let kind = TypeKind::Enum {
        values,
        integer,
        other,
    };
    Some((kind, repeated))
}

/// Whether an enum lists `null` among its values (3.1's way of saying nullable).
fn enum_allows_null(schema: &oa::Schema) -> bool {
    match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::String(s)) => s.enumeration.iter().any(Option::is_none),
        oa::SchemaKind::Any(any) => any.enumeration.iter().any(Value::is_null),
        _ => false,
    }
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
        Type::Bytes => ("Bytes", "Raw bytes."),
        Type::Any | Type::Boxed(_) => ("Value", "Any JSON value."),
        Type::Named(name) => {
            let article = if docs::article(name) == "an" {
                "An"
            } else {
                "A"
            };
            return (name.clone(), format!("{article} [`{name}`]."));
        }
    };
    (name.to_string(), doc.to_string())
}

/// Doc lines for a schema: its description, else its title unless that only repeats one of
/// `names` (FastAPI titles every schema and property with its own name).
pub(super) fn doc_lines(data: &oa::SchemaData, names: &[&str]) -> Option<Vec<String>> {
    let title = data
        .title
        .as_deref()
        .filter(|title| !names.iter().any(|name| docs::repeats_name(title, name)));
    let text = data.description.as_deref().or(title)?;
    Some(docs::lines(text)).filter(|lines| !lines.is_empty())
}
