//! Where a `$ref` stands tells what it must name: a response, a request body, a parameter or a
//! header. A reference to a component entry of another section (`#/components/requestBodies/X`
//! as a response) is a sloppy document's; when the entry has the shape the use needs (a request
//! body and a response both carry `description` and `content`), it is used in that shape, with a
//! warning, and otherwise refused, saying what the entry lacks.

use super::METHODS;
use crate::diagnostic::Diagnostic;
use crate::pointer::JsonPointer;
use serde_yaml::{Mapping as Map, Value};

/// A reference used as an entry of one section that names an entry of another.
pub(super) struct Crossing {
    /// The section the place of the reference calls for (`responses`).
    used_as: &'static str,
    /// The section of the entry it names (`requestBodies`).
    names: &'static str,
}

/// The sections whose entries a reference's place decides, and the others it may name.
const SECTIONS: &[&str] = &[
    "responses",
    "requestBodies",
    "parameters",
    "headers",
    "schemas",
    "examples",
    "securitySchemes",
    "links",
    "callbacks",
];

/// The crossing of a reference at `tokens` (the pointer of the reference object) to the
/// component entry `fragment` (`/components/{section}/{name}`), when the sections differ.
pub(super) fn crosses(tokens: &[&str], fragment: &str) -> Option<Crossing> {
    let used_as = used_as(tokens)?;
    let section = fragment.strip_prefix("/components/")?.split('/').next()?;
    let names = SECTIONS.iter().copied().find(|s| *s == section)?;
    (names != used_as).then_some(Crossing { used_as, names })
}

/// The section whose entry belongs at `tokens`, for the places where that is decided.
fn used_as(tokens: &[&str]) -> Option<&'static str> {
    let method = |m: &str| METHODS.contains(&m);
    match tokens {
        ["components", section, _] => SECTIONS[..4].iter().copied().find(|s| s == section),
        ["paths", _, m, "responses", _] if method(m) => Some("responses"),
        ["paths", _, m, "requestBody"] if method(m) => Some("requestBodies"),
        ["paths", _, "parameters", _] => Some("parameters"),
        ["paths", _, m, "parameters", _] if method(m) => Some("parameters"),
        [response @ .., "headers", _] if is_response(response) => Some("headers"),
        _ => None,
    }
}

/// Whether `tokens` is the place of a response.
fn is_response(tokens: &[&str]) -> bool {
    match tokens {
        ["components", "responses", _] => true,
        ["paths", _, m, "responses", _] => METHODS.contains(m),
        _ => false,
    }
}

/// A section's entry, in words.
fn word(section: &str) -> &'static str {
    match section {
        "responses" => "response",
        "requestBodies" => "request body",
        "parameters" => "parameter",
        "headers" => "header",
        "schemas" => "schema",
        "examples" => "example",
        "securitySchemes" => "security scheme",
        "links" => "link",
        _ => "callback",
    }
}

/// Keeps the members of `map` named in `keys`.
fn only(map: &Map, keys: &[&str]) -> Value {
    let kept = map
        .iter()
        .filter(|(key, _)| key.as_str().is_some_and(|key| keys.contains(&key)));
    Value::Mapping(kept.map(|(k, v)| (k.clone(), v.clone())).collect())
}

impl Crossing {
    /// The entry `node` in the shape of the use, or why it does not fit.
    pub(super) fn reshape(&self, node: &Value) -> Result<Value, String> {
        let Some(map) = node.as_mapping() else {
            return Err(format!("the {} is not an object", word(self.names)));
        };
        if map.contains_key("$ref") {
            // An entry that is itself a reference: followed from the place of this one.
            return Ok(node.clone());
        }
        match (self.names, self.used_as) {
            ("requestBodies", "responses") => Ok(only(map, &["description", "content"])),
            ("responses", "requestBodies") if map.contains_key("content") => {
                Ok(only(map, &["description", "content"]))
            }
            ("responses", "requestBodies") => Err("it has no `content`".to_string()),
            ("parameters", "headers") => Ok(Value::Mapping(
                map.iter()
                    .filter(|(key, _)| {
                        !matches!(key.as_str(), Some("name" | "in" | "allowEmptyValue"))
                    })
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            )),
            ("headers", "parameters") => {
                Err("a header has no `name` or `in`, which a parameter needs".to_string())
            }
            (names, used_as) => Err(format!(
                "a {} does not have the shape of a {}",
                word(names),
                word(used_as)
            )),
        }
    }

    /// The warning for a crossing whose entry fits.
    pub(super) fn warning(&self, pointer: &JsonPointer, reference: &str) -> Diagnostic {
        let (names, used_as) = (word(self.names), word(self.used_as));
        let message = format!("$ref `{reference}` names a {names} where a {used_as} belongs");
        let help = match (self.names, self.used_as) {
            ("parameters", "headers") => {
                "used as the header, without its `name` and `in` (a header is named by its key)"
                    .to_string()
            }
            _ => format!("used as the {used_as}: its `description` and `content`"),
        };
        Diagnostic::at_pointer(pointer.clone(), message)
            .warning()
            .with_help(help)
    }

    /// The error for a crossing whose entry does not fit, and why.
    pub(super) fn refused(&self, pointer: &JsonPointer, reference: &str, why: &str) -> Diagnostic {
        let (names, used_as) = (word(self.names), word(self.used_as));
        let message =
            format!("$ref `{reference}` names a {names} where a {used_as} belongs, and {why}");
        let help = format!(
            "refer to an entry of `#/components/{}` instead",
            self.used_as
        );
        Diagnostic::at_pointer(pointer.clone(), message).with_help(help)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_of_a_reference_decides_what_it_must_name() {
        let at = |pointer: &str, fragment: &str| {
            let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
            crosses(&tokens, fragment).map(|c| (c.used_as, c.names))
        };
        let body = "/components/requestBodies/Note";
        assert_eq!(
            at("/paths/p/put/responses/200", body),
            Some(("responses", "requestBodies"))
        );
        assert_eq!(at("/paths/p/put/requestBody", body), None);
        assert_eq!(
            at(
                "/paths/p/get/responses/200/headers/X",
                "/components/parameters/L"
            ),
            Some(("headers", "parameters"))
        );
        assert_eq!(
            at("/paths/p/parameters/0", "/components/headers/T"),
            Some(("parameters", "headers"))
        );
        // A schema's property named `responses` is no response.
        assert_eq!(at("/components/schemas/A/properties/responses", body), None);
    }

    #[test]
    fn an_entry_fits_a_use_when_it_has_what_the_use_needs() {
        let crossing = |used_as, names| Crossing { used_as, names };
        let node: Value = serde_yaml::from_str(
            "{name: L, in: header, description: d, required: true, schema: {type: integer}}",
        )
        .unwrap();
        let header = crossing("headers", "parameters").reshape(&node).unwrap();
        assert_eq!(
            header,
            serde_yaml::from_str::<Value>(
                "{description: d, required: true, schema: {type: integer}}"
            )
            .unwrap()
        );
        let why = crossing("parameters", "headers")
            .reshape(&header)
            .unwrap_err();
        assert!(why.contains("no `name` or `in`"), "{why}");
        let description: Value = serde_yaml::from_str("{description: d}").unwrap();
        assert!(crossing("requestBodies", "responses")
            .reshape(&description)
            .is_err());
        assert!(crossing("responses", "schemas")
            .reshape(&description)
            .is_err());
    }
}
