//! What clippy's default lints would say of generated code whose shape is the document's, so
//! that the generator allows a lint exactly where it would fire, or picks a name it accepts.
//!
//! - `large_enum_variant`: a union's variants (and an operation's success or error bodies) are
//!   the document's schemas, which users build and match by value, so they stay unboxed. An
//!   estimate of how many bytes each takes decides where the lint would fire. It follows the
//!   layout of the types the generator writes on a 64-bit target (a `String`, `Vec` or
//!   `BTreeMap` is three words, `serde_json::Value` four, an `Option` of a type with a spare bit
//!   pattern is free, of a number one word more), without padding within structs, which only
//!   makes it larger.
//! - `type_complexity`: a field's type nests as deep as the document's maps and lists do; the
//!   score is clippy's (each type in the path counts ten times its depth).
//! - `disallowed_names` and `just_underscores_and_digits`: locals and parameters named after a
//!   field called `foo` or `_1` get a name clippy accepts (`names::binding`, called where the
//!   names are made).
//! - `new_ret_no_self`: an operation the document calls `new` keeps its name.

use crate::ir::{Api, IntWidth, Type, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashMap;

/// Sizes of the named types measured so far; `None` while one is being measured (a recursive
/// type reaches itself only through a box, which is one word).
#[derive(Default)]
struct Sizes {
    known: HashMap<String, Option<usize>>,
}

/// A word: a pointer, a length, a `u64`.
const WORD: usize = 8;

/// Whether a type has a spare bit pattern, so that its `Option` is no larger: every type the
/// generator writes has one (a pointer, a `bool`, an enum's tag) except numbers and UUIDs.
fn has_niche(ty: &Type) -> bool {
    !matches!(ty, Type::Integer(_) | Type::Float { .. } | Type::Uuid)
}

impl Sizes {
    /// The estimated size of `ty` in bytes.
    fn of(&mut self, ty: &Type, api: &Api) -> usize {
        match ty {
            Type::String | Type::Vec(_) | Type::Map(_) | Type::Bytes => 3 * WORD,
            Type::Integer(IntWidth::I32 | IntWidth::U32) => 4,
            Type::Integer(IntWidth::I64 | IntWidth::U64) => WORD,
            Type::Float { single } => match single {
                true => 4,
                false => WORD,
            },
            Type::Boolean => 1,
            Type::Uuid => 16,
            Type::Any => 4 * WORD,
            Type::Boxed(_) => WORD,
            Type::Named(name) => self.named(name, api),
        }
    }

    /// The estimated size of a field of type `ty`, an `Option` when `optional`.
    fn field(&mut self, ty: &Type, optional: bool, api: &Api) -> usize {
        let size = self.of(ty, api);
        match optional && !has_niche(ty) {
            true => size + WORD,
            false => size,
        }
    }

    fn named(&mut self, name: &str, api: &Api) -> usize {
        match self.known.get(name) {
            Some(Some(size)) => return *size,
            Some(None) => return WORD,
            None => {}
        }
        self.known.insert(name.to_string(), None);
        let size = match api.type_named(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(fields) | TypeKind::Params(fields)) => fields
                .iter()
                .map(|f| self.field(&f.ty, f.is_optional(), api))
                .sum(),
            Some(TypeKind::Union { variants, .. }) => {
                let largest = variants.iter().map(|v| self.of(&v.ty, api)).max();
                largest.unwrap_or(0) + WORD
            }
            Some(TypeKind::Enum { integer: true, .. }) => 2 * WORD,
            Some(TypeKind::Enum { integer: false, .. }) => 3 * WORD,
            Some(TypeKind::Newtype(ty) | TypeKind::Alias(ty)) => self.of(ty, api),
            None => WORD,
        };
        self.known.insert(name.to_string(), Some(size));
        size
    }
}

/// The difference in bytes between an enum's largest variant and its second largest, beyond
/// which clippy's `large_enum_variant` fires (its default threshold).
const VARIANT_SIZE_THRESHOLD: usize = 200;

/// `#[allow(clippy::large_enum_variant)]` for an enum whose variants hold these types (`None`:
/// a variant without a value) when, by the estimate, the largest exceeds the second largest by
/// more than three quarters of the lint's threshold (the margin for the padding not counted).
pub(super) fn large_enum_variant(variants: &[Option<&Type>], api: &Api) -> TokenStream {
    let mut sizes = Sizes::default();
    let mut measured: Vec<usize> = variants
        .iter()
        .map(|ty| ty.map_or(0, |ty| sizes.of(ty, api)))
        .collect();
    measured.sort_unstable_by(|a, b| b.cmp(a));
    let wide = match measured.as_slice() {
        [largest, second, ..] => largest - second >= VARIANT_SIZE_THRESHOLD * 3 / 4,
        _ => false,
    };
    if !wide {
        return TokenStream::new();
    }
    quote! {
        #[allow(
            clippy::large_enum_variant,
            reason = "the variants are the document's schemas, built and matched by value"
        )]
    }
}

/// The score beyond which clippy's `type_complexity` fires (its default threshold).
const TYPE_COMPLEXITY_THRESHOLD: usize = 250;

/// `#[allow(clippy::type_complexity)]` for a field or parameter of type `ty` (an `Option` of
/// it when `optional`) whose score passes the lint's threshold.
pub(super) fn type_complexity(ty: &Type, optional: bool) -> TokenStream {
    let score = match optional {
        true => 10 + score(ty, 2),
        false => score(ty, 1),
    };
    if score <= TYPE_COMPLEXITY_THRESHOLD {
        return TokenStream::new();
    }
    quote! {
        #[allow(
            clippy::type_complexity,
            reason = "the type nests as deep as the document's maps and lists"
        )]
    }
}

/// clippy's score of a type written at nesting depth `depth`: ten times the depth for each
/// path in it (`BTreeMap<String, T>` is one path holding two).
fn score(ty: &Type, depth: usize) -> usize {
    let own = 10 * depth;
    match ty {
        Type::Vec(inner) | Type::Boxed(inner) => own + score(inner, depth + 1),
        Type::Map(inner) => own + 10 * (depth + 1) + score(inner, depth + 1),
        Type::Bytes => own + 10 * (depth + 1),
        _ => own,
    }
}

/// `#[allow(clippy::new_ret_no_self)]` for an operation the document names `new`: its method
/// is called `new` and returns the operation's result, not a `Client`.
pub(super) fn operation_named_new(name: &crate::names::Ident) -> TokenStream {
    if name.as_str() != "new" {
        return TokenStream::new();
    }
    quote! {
        #[allow(clippy::new_ret_no_self, reason = "the document's operation is called `new`")]
    }
}
