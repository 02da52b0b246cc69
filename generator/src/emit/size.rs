//! An estimate of how many bytes a generated type takes, for one decision: whether a union's
//! largest variant is so much larger than the others that clippy's `large_enum_variant` fires.
//!
//! The variants are the document's schemas, which users build and match by value, so the
//! generator keeps them unboxed and allows the lint where it would fire; the estimate decides
//! where, so that the allow stands only on the unions it concerns. It follows the layout of
//! the types the generator writes on a 64-bit target (a `String`, `Vec` or `BTreeMap` is three
//! words, `serde_json::Value` four, an `Option` of a type with a spare bit pattern is free, of
//! a number one word more), without padding within structs, which only makes it larger.

use crate::ir::{Api, IntWidth, Type, TypeKind};
use std::collections::HashMap;

/// Sizes of the named types measured so far; `None` while one is being measured (a recursive
/// type reaches itself only through a box, which is one word).
#[derive(Default)]
pub(super) struct Sizes {
    known: HashMap<String, Option<usize>>,
}

/// A word: a pointer, a length, a `u64`.
const WORD: usize = 8;

/// Whether a type of this size and kind has a spare bit pattern, so that its `Option` is no
/// larger: every type the generator writes does, but numbers and booleans that are not named.
fn has_niche(ty: &Type) -> bool {
    !matches!(
        ty,
        Type::Integer(_) | Type::Float { .. } | Type::Uuid | Type::Boolean
    )
}

impl Sizes {
    /// The estimated size of `ty` in bytes.
    pub(super) fn of(&mut self, ty: &Type, api: &Api) -> usize {
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

/// The difference in bytes between a union's largest variant and its second largest, beyond
/// which clippy's `large_enum_variant` fires (its default threshold).
const LINT_THRESHOLD: usize = 200;

/// Whether the variants of a union of these types differ in size enough for the lint: by the
/// estimate, with a margin below the threshold for what it does not count (padding).
pub(super) fn variants_differ_widely(sizes: &mut Sizes, variants: &[&Type], api: &Api) -> bool {
    let mut measured: Vec<usize> = variants.iter().map(|ty| sizes.of(ty, api)).collect();
    measured.sort_unstable_by(|a, b| b.cmp(a));
    match measured.as_slice() {
        [largest, second, ..] => largest - second >= LINT_THRESHOLD * 3 / 4,
        _ => false,
    }
}
