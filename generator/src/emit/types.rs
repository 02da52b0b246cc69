//! Named types: structs, unions, enums and aliases, with their constructors and validation.

use super::{doc, ident, lints, rust_type};
use crate::ir::{
    Api, Constraints, EnumValue, Field, IntWidth, Literal, Type, TypeDef, TypeKind, UnionVariant,
    WireValue,
};
use crate::names;
use proc_macro2::{Ident, Literal as Lit, TokenStream};
use quote::{format_ident, quote};

pub(super) fn type_def(def: &TypeDef, api: &Api) -> TokenStream {
    let docs = doc(&def.doc);
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(fields) => structure(&name, fields, api, def.validates, true),
        TypeKind::Params(fields) => structure(&name, fields, api, def.validates, false),
        TypeKind::Union {
            variants,
            discriminator,
        } => union(
            &name,
            variants,
            discriminator.as_deref(),
            api,
            def.validates,
        ),
        TypeKind::Enum {
            values,
            integer,
            other,
        } => enumeration(&name, values, *integer, other),
        TypeKind::Newtype(ty) => newtype(&name, ty, api, def.validates),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty);
            quote! { pub type #name = #ty; }
        }
    };
    quote! { #docs #body }
}

/// A struct; `serde` says whether it travels as JSON (and so gets `Serialize` and `Deserialize`).
fn structure(
    name: &Ident,
    fields: &[Field],
    api: &Api,
    validates: bool,
    serde: bool,
) -> TokenStream {
    let members = fields.iter().map(field);
    let defaults = default_fns(fields);
    let constructor = constructor(name, fields);
    let default = matches!(constructor, Constructor::DeriveDefault).then(|| quote! { Default, });
    let validate = validates.then(|| struct_validate(name, fields, api));
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
    let json = serde.then(|| {
        let serialize = to_object(name, fields);
        let deserialize = from_object(name, fields);
        quote! { #serialize #deserialize }
    });
    quote! {
        #[derive(Clone, Debug, #default PartialEq)]
        pub struct #name { #(#members)* }
        #inherent
        #json
        #validate
    }
}

/// `field: value` in a struct literal, shortened to `field` when the value is a local of the
/// same name (clippy's `redundant_field_names`).
fn shorthand(field: &names::Ident, value: &names::Ident) -> TokenStream {
    match field == value {
        true => quote! { #field },
        false => quote! { #field: #value },
    }
}

/// `Serialize` through the runtime's object writer: one call per field, in field order, an
/// absent optional property left out (DESIGN.md, "Compile cost of generated code").
fn to_object(name: &Ident, fields: &[Field]) -> TokenStream {
    let writes = fields.iter().map(|f| {
        let (member, wire) = (&f.name, &f.wire_name);
        if f.flatten {
            quote! { object.entries(&self.#member)?; }
        } else if !f.required && f.is_optional() {
            quote! { object.optional(#wire, &self.#member)?; }
        } else {
            quote! { object.field(#wire, &self.#member)?; }
        }
    });
    quote! {
        impl runtime::serde::Serialize for #name {
            fn serialize<S: runtime::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let mut object = runtime::object::Writer::new(serializer)?;
                #(#writes)*
                object.end()
            }
        }
    }
}

/// `Deserialize` through the runtime's object reader: one loop over the keys filling a slot
/// per field, instead of serde's derive, which costs the compiler several times as much per
/// struct (DESIGN.md, "Compile cost of generated code").
fn from_object(name: &Ident, fields: &[Field]) -> TokenStream {
    let (map, key) = (
        free_local(fields, ["map", "object", "entries"]),
        free_local(fields, ["key", "property", "name"]),
    );
    let read: Vec<&Field> = fields.iter().filter(|f| !f.flatten).collect();
    let slots = read.iter().map(|f| {
        let (slot, wire) = (names::binding(&f.name), &f.wire_name);
        quote! { let mut #slot = runtime::object::Slot::new(#wire); }
    });
    let arms = read.iter().map(|f| {
        let (slot, wire) = (names::binding(&f.name), &f.wire_name);
        quote! { #wire => #slot.read(&mut #map)?, }
    });
    let extra = fields
        .iter()
        .find(|f| f.flatten)
        .map(|f| names::binding(&f.name));
    let (extra_slot, rest) = match &extra {
        Some(extra) => (
            Some(quote! { let mut #extra = ::std::collections::BTreeMap::new(); }),
            quote! { #extra.insert(#key.into_string(), #map.next_value()?); },
        ),
        None => (None, quote! { runtime::object::skip(&mut #map)?; }),
    };
    // Without fields to read, the loop takes every key the one way (a `match` of one arm is
    // what clippy calls `match_single_binding`).
    let body = match (read.is_empty(), extra.is_some()) {
        (true, true) => rest,
        (true, false) => {
            return object_impls(
                name,
                &map,
                quote! {
                    while runtime::object::next_key(&mut #map)?.is_some() {
                        #rest
                    }
                    Ok(Self {})
                },
            )
        }
        (false, false) => quote! {
            match #key.as_str() {
                #(#arms)*
                _ => runtime::object::skip(&mut #map)?,
            }
        },
        (false, true) => quote! {
            match #key.as_str() {
                #(#arms)*
                _ => { #rest }
            }
        },
    };
    let values = fields.iter().map(read_value);
    object_impls(
        name,
        &map,
        quote! {
            #(#slots)*
            #extra_slot
            while let Some(#key) = runtime::object::next_key(&mut #map)? {
                #body
            }
            Ok(Self { #(#values),* })
        },
    )
}

/// The first of `candidates` no field of the struct is named, for a local of `from_object`;
/// the first with `__` before it when fields take them all (field names never start with `_`
/// and a letter).
fn free_local(fields: &[Field], candidates: [&'static str; 3]) -> Ident {
    let free = candidates
        .into_iter()
        .find(|candidate| !fields.iter().any(|f| f.name.as_str() == *candidate));
    match free {
        Some(name) => format_ident!("{name}"),
        None => format_ident!("__{}", candidates[0]),
    }
}

/// A field's value in the struct `from_object` builds, from its slot: required, optional
/// (`None` when absent), defaulted, or the map of further properties.
fn read_value(field: &Field) -> TokenStream {
    let (member, slot) = (&field.name, names::binding(&field.name));
    if field.flatten {
        shorthand(member, &slot)
    } else if field.is_optional() {
        quote! { #member: #slot.or_default() }
    } else if field.default.is_some() {
        let default = format_ident!("default_{}", field.name.as_str());
        quote! { #member: #slot.or_else(Self::#default) }
    } else {
        quote! { #member: #slot.required()? }
    }
}

/// A struct's `Deserialize` and `FromObject` impls, around the body of `from_object`.
fn object_impls(name: &Ident, map: &Ident, body: TokenStream) -> TokenStream {
    let type_name = name.to_string();
    quote! {
        impl<'de> runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: runtime::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                runtime::object::deserialize(deserializer)
            }
        }

        impl<'de> runtime::object::FromObject<'de> for #name {
            const NAME: &'static str = #type_name;

            fn from_object<A: runtime::serde::de::MapAccess<'de>>(
                mut #map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                #body
            }
        }
    }
}

fn field(field: &Field) -> TokenStream {
    let mut lines = field.doc.clone();
    if let Some(sentence) = constraint_sentence(field) {
        lines.extend([String::new(), sentence]);
    }
    let docs = doc(&lines);
    let name = &field.name;
    let ty = field_type(field);
    let allow = lints::type_complexity(&field.ty, field.is_optional());
    quote! { #docs #allow pub #name: #ty, }
}

fn field_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    if field.is_optional() {
        quote! { ::std::option::Option<#ty> }
    } else {
        ty
    }
}

/// The constraints as one sentence for the field's doc, e.g. `At most 100 characters.`, and
/// its items' (`Each item: at most 10 characters.`).
fn constraint_sentence(field: &Field) -> Option<String> {
    let own = constraints_sentence(&field.constraints);
    let items = constraints_sentence(&field.item_constraints).map(|s| {
        let what = match field.ty {
            Type::Map(_) => "Each value",
            _ => "Each item",
        };
        let mut chars = s.chars();
        let first = chars.next().map(|c| c.to_ascii_lowercase());
        format!(
            "{what}: {}{}",
            first.into_iter().collect::<String>(),
            chars.as_str()
        )
    });
    let parts: Vec<String> = own.into_iter().chain(items).collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn constraints_sentence(c: &Constraints) -> Option<String> {
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

/// `fn default_x()` for each field with a default, used by the constructor and `from_object`.
fn default_fns(fields: &[Field]) -> Vec<TokenStream> {
    fields
        .iter()
        .filter(|f| !f.nullable)
        .filter_map(|f| {
            let value = literal(f.default.as_ref()?);
            let fn_name = format_ident!("default_{}", f.name.as_str());
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
    DeriveDefault,
    Literal,
}

impl Constructor {
    /// The tokens that stand alone (outside the struct's inherent impl).
    fn into_tokens(self) -> TokenStream {
        match self {
            Constructor::Default(tokens) => tokens,
            Constructor::New(new) => new,
            Constructor::DeriveDefault | Constructor::Literal => TokenStream::new(),
        }
    }
}

fn constructor(name: &Ident, fields: &[Field]) -> Constructor {
    let needed: Vec<&Field> = fields
        .iter()
        .filter(|f| !f.is_optional() && !f.flatten && f.default.is_none())
        .collect();
    if needed.len() > MAX_CONSTRUCTOR_ARGS {
        return Constructor::Literal;
    }
    let inits = fields.iter().map(|f| {
        let field_name = &f.name;
        if f.is_optional() {
            quote! { #field_name: None }
        } else if f.flatten {
            quote! { #field_name: ::std::collections::BTreeMap::new() }
        } else if f.default.is_some() {
            let fn_name = format_ident!("default_{}", f.name.as_str());
            quote! { #field_name: Self::#fn_name() }
        } else if f.ty == Type::String {
            let param = names::binding(field_name);
            quote! { #field_name: #param.into() }
        } else {
            shorthand(field_name, &names::binding(field_name))
        }
    });
    if needed.is_empty() && fields.iter().all(|f| f.default.is_none() || f.nullable) {
        // Every field starts empty (`None`, an empty map): the derived `Default` says so.
        return Constructor::DeriveDefault;
    }
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
        let name = names::binding(&f.name);
        match f.ty {
            Type::String => quote! { #name: impl ::std::convert::Into<::std::string::String> },
            _ => {
                let ty = rust_type(&f.ty);
                quote! { #name: #ty }
            }
        }
    });
    let summary = doc(&[format!(
        "Creates {} `{name}` from its required fields; the others start absent or at their \
         defaults.",
        crate::docs::article(&name.to_string())
    )]);
    Constructor::New(quote! {
        #summary
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    })
}

fn struct_validate(name: &Ident, fields: &[Field], api: &Api) -> TokenStream {
    let checks = fields.iter().map(|f| {
        let member = &f.name;
        if f.is_optional() {
            let checks = value_checks(f, &quote! { value }, &quote! { *value }, api);
            (!checks.is_empty()).then(|| quote! { if let Some(value) = &self.#member { #checks } })
        } else {
            Some(value_checks(
                f,
                &quote! { &self.#member },
                &quote! { self.#member },
                api,
            ))
        }
    });
    validate_impl(name, quote! { #(#checks)* })
}

fn validate_impl(name: &Ident, body: TokenStream) -> TokenStream {
    quote! {
        impl runtime::Validate for #name {
            fn validate(&self) -> ::std::result::Result<(), runtime::InvalidRequest> {
                #body
                Ok(())
            }
        }
    }
}

/// The checks of one field's value, given as a reference (`by_ref`) and as a place (`by_val`):
/// its own constraints, its items' or values', then the types it holds.
fn value_checks(
    field: &Field,
    by_ref: &TokenStream,
    by_val: &TokenStream,
    api: &Api,
) -> TokenStream {
    let label = field.name.as_str();
    let mut out = constraint_checks(label, &field.constraints, &field.ty, by_ref, by_val);
    if let Type::Vec(inner) | Type::Map(inner) = &field.ty {
        let c = &field.item_constraints;
        let checks = constraint_checks(label, c, inner, &quote! { item }, &quote! { *item });
        let items = match &field.ty {
            Type::Map(_) => quote! { ::std::collections::BTreeMap::values(#by_ref) },
            _ => quote! { #by_ref },
        };
        if !checks.is_empty() {
            out.extend(quote! { for item in #items { #checks } });
        }
    }
    out.extend(nested_checks(&field.ty, by_ref, api));
    out
}

/// The checks of constraints `c` on a value of type `ty`.
fn constraint_checks(
    label: &str,
    c: &Constraints,
    ty: &Type,
    by_ref: &TokenStream,
    by_val: &TokenStream,
) -> TokenStream {
    let count = |n: u64| Lit::u64_unsuffixed(n);
    let number = |n: f64| Lit::f64_unsuffixed(n);
    let mut out = TokenStream::new();
    if let Some(max) = c.max_length.map(count) {
        out.extend(quote! { runtime::check_max_length(#label, #by_ref, #max)?; });
    }
    if let Some(min) = c.min_length.map(count) {
        out.extend(quote! { runtime::check_min_length(#label, #by_ref, #min)?; });
    }
    let as_f64 = as_f64(ty, by_val);
    if let Some((min, exclusive)) = c.minimum.map(|(n, e)| (number(n), e)) {
        out.extend(quote! { runtime::check_minimum(#label, #as_f64, #min, #exclusive)?; });
    }
    if let Some((max, exclusive)) = c.maximum.map(|(n, e)| (number(n), e)) {
        out.extend(quote! { runtime::check_maximum(#label, #as_f64, #max, #exclusive)?; });
    }
    if let Some(min) = c.min_items.map(count) {
        out.extend(quote! { runtime::check_min_items(#label, #by_ref, #min)?; });
    }
    if let Some(max) = c.max_items.map(count) {
        out.extend(quote! { runtime::check_max_items(#label, #by_ref, #max)?; });
    }
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
fn nested_checks(ty: &Type, value: &TokenStream, api: &Api) -> TokenStream {
    if !api.validates(ty) {
        return quote! {};
    }
    match ty {
        Type::Vec(inner) => {
            let inner = nested_checks(inner, &quote! { item }, api);
            quote! { for item in #value { #inner } }
        }
        Type::Map(inner) => {
            let inner = nested_checks(inner, &quote! { item }, api);
            quote! { for item in ::std::collections::BTreeMap::values(#value) { #inner } }
        }
        _ => quote! { runtime::Validate::validate(#value)?; },
    }
}

fn union(
    name: &Ident,
    variants: &[UnionVariant],
    discriminator: Option<&str>,
    api: &Api,
    validates: bool,
) -> TokenStream {
    let members = variants.iter().map(|v| {
        let docs = doc(&v.doc);
        let variant = ident(&v.name);
        let ty = rust_type(&v.ty);
        quote! { #docs #variant(#ty), }
    });
    let validate = validates.then(|| {
        let arms = variants.iter().map(|v| {
            let variant = ident(&v.name);
            let checks = nested_checks(&v.ty, &quote! { value }, api);
            match checks.is_empty() {
                true => quote! { Self::#variant(_) => {} },
                false => quote! { Self::#variant(value) => { #checks } },
            }
        });
        validate_impl(name, quote! { match self { #(#arms)* } })
    });
    let (derives, deserialize) = match discriminator {
        Some(property) => (
            quote! { runtime::Serialize },
            tagged_deserialize(name, variants, property),
        ),
        None => (
            quote! { runtime::Serialize, runtime::Deserialize },
            quote! {},
        ),
    };
    let held: Vec<Option<&Type>> = variants.iter().map(|v| Some(&v.ty)).collect();
    let allow = lints::large_enum_variant(&held, api);
    quote! {
        #[derive(Clone, Debug, PartialEq, #derives)]
        #[serde(crate = "runtime::serde", untagged)]
        #allow
        pub enum #name { #(#members)* }
        #deserialize
        #validate
    }
}

/// A struct around one value, the same as that value on the wire. The field is named (not a
/// tuple struct) so that no generated name enters the value namespace.
fn newtype(name: &Ident, ty: &Type, api: &Api, validates: bool) -> TokenStream {
    let inner = rust_type(ty);
    let validate =
        validates.then(|| validate_impl(name, nested_checks(ty, &quote! { &self.value }, api)));
    quote! {
        #[derive(Clone, Debug, PartialEq, runtime::Serialize, runtime::Deserialize)]
        #[serde(crate = "runtime::serde", transparent)]
        pub struct #name {
            /// The value.
            pub value: #inner,
        }
        #validate
    }
}

/// Deserializes a discriminated union by its tag property; the chosen variant still sees the
/// tag, since variant schemas usually declare it as a property of their own.
fn tagged_deserialize(name: &Ident, variants: &[UnionVariant], property: &str) -> TokenStream {
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let tag = v.tag.as_deref().unwrap_or_default();
        quote! { Some(#tag) => runtime::serde_json::from_value(value).map(Self::#variant), }
    });
    let unknown = format!("`{property}` is missing or names no known variant of {name}");
    quote! {
        impl<'de> runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: runtime::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <runtime::serde_json::Value as runtime::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value
                    .get(#property)
                    .and_then(runtime::serde_json::Value::as_str)
                    .map(::std::string::ToString::to_string);
                let decoded = match tag.as_deref() {
                    #(#arms)*
                    _ => return Err(<D::Error as runtime::serde::de::Error>::custom(#unknown)),
                };
                decoded.map_err(<D::Error as runtime::serde::de::Error>::custom)
            }
        }
    }
}

/// An enum value as a Rust literal: a string or an integer.
fn wire_literal(value: &EnumValue) -> TokenStream {
    let lit = match &value.wire {
        WireValue::Integer(integer) => Lit::i64_unsuffixed(*integer),
        WireValue::String(text) => Lit::string(text),
    };
    quote! { #lit }
}

/// A string or integer enum with a variant for unknown values, serialized as its wire value.
fn enumeration(name: &Ident, values: &[EnumValue], integer: bool, other: &str) -> TokenStream {
    let other = ident(other);
    let wire_type = match integer {
        true => quote! { i64 },
        false => quote! { ::std::string::String },
    };
    let members = values.iter().map(|v| {
        let docs = doc(&v.doc);
        let variant = ident(&v.name);
        quote! { #docs #variant, }
    });
    let to_wire = values.iter().map(|v| {
        let (variant, literal) = (ident(&v.name), wire_literal(v));
        quote! { Self::#variant => #literal, }
    });
    let from_wire = values.iter().map(|v| {
        let (variant, literal) = (ident(&v.name), wire_literal(v));
        quote! { #literal => Self::#variant, }
    });
    let (accessor, returns, other_arm, display, serialize, matched) = if integer {
        (
            quote! { value },
            quote! { i64 },
            quote! { Self::#other(value) => *value, },
            quote! { write!(f, "{}", self.value()) },
            quote! { serializer.serialize_i64(self.value()) },
            quote! { value },
        )
    } else {
        (
            quote! { as_str },
            quote! { &str },
            quote! { Self::#other(value) => value, },
            quote! { f.write_str(self.as_str()) },
            quote! { serializer.serialize_str(self.as_str()) },
            quote! { value.as_str() },
        )
    };
    quote! {
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#members)*
            /// A value this client does not know (the server may have added it since).
            #other(#wire_type),
        }

        impl #name {
            /// The value on the wire.
            pub fn #accessor(&self) -> #returns {
                match self {
                    #(#to_wire)*
                    #other_arm
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }

        impl runtime::serde::Serialize for #name {
            fn serialize<S: runtime::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #serialize
            }
        }

        impl<'de> runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D: runtime::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <#wire_type as runtime::serde::Deserialize>::deserialize(deserializer)?;
                Ok(match #matched {
                    #(#from_wire)*
                    _ => Self::#other(value),
                })
            }
        }
    }
}
