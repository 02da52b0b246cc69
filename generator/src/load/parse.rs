//! Text to a document value in JSON's shape: JSON when the text starts with `{`, YAML
//! otherwise. Syntax errors carry the parser's position; a key given twice in one object is an
//! error, two YAML keys that become the same string a warning.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::pointer::JsonPointer;
use serde_yaml::{Mapping as Map, Value};

/// Parses YAML or JSON text (JSON when it starts with `{`) into a document value.
pub(crate) fn parse_text(file: &str, text: &str) -> Result<Value, Diagnostics> {
    parse(file, text).map(|(value, _)| value)
}

/// Parses YAML or JSON text into a document value, with the warnings about keys that collide.
pub(super) fn parse(file: &str, text: &str) -> Result<(Value, Vec<Diagnostic>), Diagnostics> {
    if text.trim_start().starts_with('{') {
        let value = serde_json::from_str(text).map_err(|error| {
            let message = format!("invalid JSON: {}", strip_position(&error.to_string()));
            Diagnostics::from(Diagnostic::at(
                file,
                error.line(),
                error.column(),
                None,
                message,
            ))
        })?;
        return Ok((value, Vec::new()));
    }
    // serde_yaml's value holds no integer beyond i64/u64 (OpenAI writes bounds of -2^63 - 1);
    // only then is the document read again, keeping such integers as floats, as JSON's parser does.
    let mut yaml: Value = serde_yaml::from_str(text)
        .or_else(|error| match error.to_string().contains("128") {
            true => serde_yaml::from_str::<Wide>(text).map(|wide| wide.0),
            false => Err(error),
        })
        .map_err(|error| {
            let message = format!("invalid YAML: {}", strip_position(&error.to_string()));
            Diagnostics::from(match error.location() {
                Some(at) => Diagnostic::at(file, at.line(), at.column(), None, message),
                None => Diagnostic::in_file(file, message),
            })
        })?;
    if text.contains("<<") {
        yaml.apply_merge().map_err(|error| {
            // serde_yaml does not say where the merge key is.
            let message = format!("invalid YAML merge key: {error}");
            Diagnostics::from(Diagnostic::in_file(file, message))
        })?;
    }
    let mut warnings = Vec::new();
    make_json_shaped(&mut yaml, &mut JsonPointer::root(), &mut warnings);
    Ok((yaml, warnings))
}

/// A YAML value whose integers beyond 64 bits become floats (what JSON's parser does with them).
struct Wide(Value);

impl<'de> serde::Deserialize<'de> for Wide {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WideVisitor).map(Wide)
    }
}

struct WideVisitor;

impl<'de> serde::de::Visitor<'de> for WideVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::from(i))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(Value::from(u))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Value, E> {
        Ok(Value::from(i as f64))
    }
    fn visit_u128<E>(self, u: u128) -> Result<Value, E> {
        Ok(Value::from(u as f64))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::from(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::Deserialize::deserialize(d).map(|wide: Wide| wide.0)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Wide(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(Wide(key)) = access.next_key()? {
            let Wide(value) = access.next_value()?;
            if map.contains_key(&key) {
                let key = serde_json::to_string(&key).unwrap_or_default();
                let message = format!("duplicate entry with key {key}");
                return Err(serde::de::Error::custom(message));
            }
            map.insert(key, value);
        }
        Ok(Value::Mapping(map))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // A tagged value (`!tag x`): the tag is dropped, as `make_json_shaped` does.
        use serde::de::VariantAccess;
        let (_, variant): (Wide, _) = data.variant()?;
        variant.newtype_variant::<Wide>().map(|wide| wide.0)
    }
}

/// Drops the " at line X column Y" that serde appends; the diagnostic prints its own position.
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

/// Gives a YAML value JSON's shape, in place: keys become strings (YAML allows `200:` as an
/// integer key, which OpenAPI means as the string "200"), tagged values keep only their value,
/// and NaN and infinities (no JSON form) become null, which no constraint accepts. Two keys that
/// become the same string (`200` and `"200"`) keep the first, with a warning.
fn make_json_shaped(value: &mut Value, pointer: &mut JsonPointer, warnings: &mut Vec<Diagnostic>) {
    match value {
        Value::Tagged(tagged) => {
            let inner = std::mem::replace(&mut tagged.value, Value::Null);
            *value = inner;
            make_json_shaped(value, pointer, warnings);
        }
        Value::Number(n) if n.as_f64().is_some_and(|f| !f.is_finite()) => *value = Value::Null,
        Value::Sequence(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                pointer.within(&index.to_string(), |p| make_json_shaped(item, p, warnings));
            }
        }
        Value::Mapping(map) => {
            if map.keys().any(|key| !key.is_string()) {
                let mut shaped = Map::new();
                for (key, value) in std::mem::take(map) {
                    let key = key_string(key);
                    if shaped.contains_key(key.as_str()) {
                        let message = format!("the key `{key}` is given twice in this mapping");
                        let warning = Diagnostic::at_pointer(pointer.child(&key), message);
                        warnings.push(
                            warning
                                .warning()
                                .with_help("the first is used, the second ignored"),
                        );
                        continue;
                    }
                    shaped.insert(Value::String(key), value);
                }
                *map = shaped;
            }
            for (key, child) in map.iter_mut() {
                let key = key.as_str().unwrap_or_default();
                pointer.within(key, |p| make_json_shaped(child, p, warnings));
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

fn key_string(key: Value) -> String {
    match key {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        other => serde_yaml::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}
