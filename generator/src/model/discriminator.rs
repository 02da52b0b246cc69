//! A union's discriminator: the value of its property that selects each branch, and whether the
//! document lets it select them at all. A mapping entry that names no schema, or a property no
//! branch has, is a sloppy document's; each is a warning, and a union whose discriminator
//! cannot select every branch is decoded untagged (each branch tried in turn).

use super::Builder;
use crate::ir::UnionVariant;
use crate::pointer::JsonPointer;
use openapiv3 as oa;
use std::borrow::Borrow;

/// How far `allOf` parts, nested unions and references to references are followed when looking
/// for a branch's discriminator property; deeper counts as having it (nothing is dropped).
const MAX_DEPTH: usize = 8;

/// The component schema key a reference or a mapping value names: `#/components/schemas/X`, or
/// a bare schema name (which OpenAPI allows in a mapping).
fn schema_key(target: &str) -> Option<&str> {
    match target.strip_prefix("#/components/schemas/") {
        Some(key) => Some(key),
        None if !target.contains(['#', '/', '.']) => Some(target),
        None => None,
    }
}

/// The discriminator value of a branch: its entry in `mapping`, else its schema's name.
fn tag_of(
    discriminator: &oa::Discriminator,
    branch: &oa::ReferenceOr<oa::Schema>,
) -> Option<String> {
    let oa::ReferenceOr::Reference { reference } = branch else {
        return None;
    };
    mapped(discriminator, reference).or_else(|| schema_key(reference).map(str::to_string))
}

/// The value `mapping` gives the branch `reference`, if any.
fn mapped(discriminator: &oa::Discriminator, reference: &str) -> Option<String> {
    let key = schema_key(reference);
    discriminator
        .mapping
        .iter()
        .find(|(_, target)| *target == reference || (key.is_some() && schema_key(target) == key))
        .map(|(value, _)| value.clone())
}

impl<'a> Builder<'a> {
    /// The property to dispatch `variants` on, each variant's tag set; `None`, every tag left
    /// unset, when the union has no discriminator or it cannot select every branch.
    pub(super) fn discriminate(
        &mut self,
        schema: &oa::Schema,
        branches: &[oa::ReferenceOr<oa::Schema>],
        variants: &mut [UnionVariant],
        pointer: &JsonPointer,
        keyword: &str,
    ) -> Option<String> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        let at = pointer.child("discriminator");
        self.unmapped(discriminator, &at);
        let property = &discriminator.property_name;
        if variants.is_empty() {
            return None;
        }
        if !branches.iter().any(|b| self.declares(b, property, 0)) {
            let message =
                format!("no branch of the `{keyword}` has the discriminator property `{property}`");
            let help = "decoded untagged: the first branch that accepts the value is chosen";
            self.warn(&at.child("propertyName"), message, help);
            return None;
        }
        let tags = self
            .own_values(discriminator, branches)
            .unwrap_or_else(|| branches.iter().map(|b| tag_of(discriminator, b)).collect());
        // A discriminator helps only when every branch has a value that selects it.
        if tags.iter().any(Option::is_none) {
            return None;
        }
        let repeated = tags.iter().enumerate().find_map(|(index, tag)| {
            tags.iter()
                .take(index)
                .any(|t| t == tag)
                .then_some(tag.as_deref()?)
        });
        if let Some(tag) = repeated {
            let message = format!("the discriminator value `{tag}` selects more than one branch");
            let help = "decoded untagged: the first branch that accepts the value is chosen";
            self.warn(&at, message, help);
            return None;
        }
        for (variant, tag) in variants.iter_mut().zip(tags) {
            variant.tag = tag;
        }
        Some(property.clone())
    }

    /// The branches' values when the document states them itself: a branch the mapping leaves
    /// out is selected by the one value its discriminator property allows (`role: {enum:
    /// [user]}`) rather than by its schema's name, which such a property can never hold. `None`
    /// unless every branch has a value this way and no two share one, so that a document whose
    /// branches say nothing keeps the schema names OpenAPI prescribes.
    fn own_values(
        &self,
        discriminator: &oa::Discriminator,
        branches: &[oa::ReferenceOr<oa::Schema>],
    ) -> Option<Vec<Option<String>>> {
        let mut values = Vec::with_capacity(branches.len());
        let mut own = false;
        for branch in branches {
            let entry = match branch {
                oa::ReferenceOr::Reference { reference } => mapped(discriminator, reference),
                // An inline branch has no name to be selected by: untagged, as before.
                oa::ReferenceOr::Item(_) => return None,
            };
            let value = match entry {
                Some(value) => value,
                None => {
                    own = true;
                    self.only_value(branch, &discriminator.property_name)?
                }
            };
            if values.contains(&Some(value.clone())) {
                return None;
            }
            values.push(Some(value));
        }
        own.then_some(values)
    }

    /// The one string a branch's property `property` allows, when its schema is an enum of one
    /// value (or a 3.1 `const`, which the load stage made one).
    fn only_value(&self, branch: &oa::ReferenceOr<oa::Schema>, property: &str) -> Option<String> {
        let oa::ReferenceOr::Reference { reference } = branch else {
            return None;
        };
        let schema = self.schema_at(reference)?;
        let oa::SchemaKind::Type(oa::Type::Object(object)) = &schema.schema_kind else {
            return None;
        };
        let oa::ReferenceOr::Item(value) = object.properties.get(property)? else {
            return None;
        };
        match &value.schema_kind {
            oa::SchemaKind::Type(oa::Type::String(s)) => match s.enumeration.as_slice() {
                [Some(only)] => Some(only.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Warns of each mapping entry that names no schema of the document (it is ignored: the
    /// branches keep their schemas' names as values).
    fn unmapped(&mut self, discriminator: &oa::Discriminator, at: &JsonPointer) {
        for (value, target) in &discriminator.mapping {
            if schema_key(target).is_some_and(|key| self.schema_names.contains_key(key)) {
                continue;
            }
            let message = format!(
                "the discriminator maps `{value}` to `{target}`, which is no schema of this document"
            );
            let help = "ignored: each branch is selected by its schema's name";
            self.warn(&at.child("mapping").child(value), message, help);
        }
    }

    /// Whether a branch has the property `property` (a property, or a `required` entry),
    /// itself or through its `allOf` parts or nested branches.
    fn declares<S: Borrow<oa::Schema>>(
        &self,
        branch: &oa::ReferenceOr<S>,
        property: &str,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        let schema = match branch {
            oa::ReferenceOr::Item(schema) => schema.borrow(),
            oa::ReferenceOr::Reference { reference } => match self.schema_at(reference) {
                Some(schema) => schema,
                // Unresolved: reported where the branch's type is made.
                None => return true,
            },
        };
        let has = |properties: &super::schema::Properties, required: &[String]| {
            properties.contains_key(property) || required.iter().any(|r| r == property)
        };
        let parts = |parts: &[oa::ReferenceOr<oa::Schema>]| {
            parts.iter().any(|p| self.declares(p, property, depth + 1))
        };
        match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::Object(o)) => has(&o.properties, &o.required),
            oa::SchemaKind::Any(any) => {
                has(&any.properties, &any.required)
                    || parts(&any.all_of)
                    || parts(&any.one_of)
                    || parts(&any.any_of)
            }
            oa::SchemaKind::AllOf { all_of: p }
            | oa::SchemaKind::OneOf { one_of: p }
            | oa::SchemaKind::AnyOf { any_of: p } => parts(p),
            _ => false,
        }
    }

    /// The component schema a reference names, through references to references; `None`
    /// when it names none (without a report: the branch's own type reports it).
    fn schema_at(&self, reference: &str) -> Option<&'a oa::Schema> {
        let schemas = &self.doc.components.as_ref()?.schemas;
        let mut current = reference;
        for _ in 0..MAX_DEPTH {
            match schemas.get(current.strip_prefix("#/components/schemas/")?)? {
                oa::ReferenceOr::Item(schema) => return Some(schema),
                oa::ReferenceOr::Reference { reference } => current = reference,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_values_are_references_or_schema_names() {
        let discriminator: oa::Discriminator = serde_json::from_value(serde_json::json!({
            "propertyName": "kind",
            "mapping": {"round": "Circle", "square": "#/components/schemas/Square"}
        }))
        .unwrap();
        let branch = |name: &str| oa::ReferenceOr::Reference {
            reference: format!("#/components/schemas/{name}"),
        };
        let tag = |name| tag_of(&discriminator, &branch(name));
        assert_eq!(tag("Circle").as_deref(), Some("round"));
        assert_eq!(tag("Square").as_deref(), Some("square"));
        assert_eq!(tag("Oval").as_deref(), Some("Oval"));
        assert_eq!(schema_key("other.yaml#/X"), None);
    }
}
