//! Documents that combine, at random, the constructs published specs stop generators on: an
//! `enum` that lists a value twice, a `$ref` to another section's entry (fitting or not), a
//! schema of another file that refers to itself, and discriminators that cannot be mapped.
//! `hostile.rs` generates a few hundred from seeds and compiles them; the `constructs` fuzz
//! target draws the choices from its input. Every choice comes from `pick`, so any byte source
//! (a seeded generator, fuzz input) describes one document.

// Each user takes the source of choices it needs and leaves the other.
#![allow(dead_code)]

use serde_json::{json, Map, Value};
use std::path::Path;

/// The files beside the document that its references to other files name: one recursive
/// schema, two that refer to each other, and a whole file that refers to itself.
pub const FILES: &[(&str, &str)] = &[
    (
        "node.yaml",
        "Node:\n  type: object\n  required: [name]\n  properties:\n    name:\n      type: string\n    children:\n      type: array\n      items:\n        $ref: '#/Node'\n    parent:\n      $ref: '#/Node'\n",
    ),
    (
        "a.yaml",
        "A:\n  type: object\n  properties:\n    b:\n      $ref: 'b.yaml#/B'\n",
    ),
    (
        "b.yaml",
        "B:\n  type: object\n  properties:\n    items:\n      type: array\n      items:\n        $ref: 'a.yaml#/A'\n",
    ),
    (
        "folder.yaml",
        "type: object\nproperties:\n  children:\n    type: array\n    items:\n      $ref: './folder.yaml'\n",
    ),
];

/// Writes [`FILES`] into `dir`.
pub fn write_files(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in FILES {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

/// The source of every choice: a number below `below` (which is at least 1).
pub trait Pick {
    fn pick(&mut self, below: usize) -> usize;
}

/// A small deterministic generator (xorshift), so a seed names one document.
pub struct Seeded(pub u64);

impl Pick for Seeded {
    fn pick(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

/// Fuzz input as choices: one byte each, zero once it runs out.
pub struct Bytes<'a>(pub &'a [u8]);

impl Pick for Bytes<'_> {
    fn pick(&mut self, below: usize) -> usize {
        let (first, rest) = self.0.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
        self.0 = rest;
        usize::from(first) % below
    }
}

/// One document (JSON text) made of the choices; the files it refers to are [`FILES`].
pub fn document(choices: &mut impl Pick) -> String {
    let mut schemas = Map::new();
    let mut paths = Map::new();
    let mut components = Map::new();
    let mut operation = 0;
    let mut respond = |paths: &mut Map<String, Value>, response: Value| {
        operation += 1;
        let path = format!("/op{operation}");
        let get = json!({"operationId": format!("op{operation}"), "responses": {"200": response}});
        paths.insert(path, json!({"get": get}));
    };
    for _ in 0..1 + choices.pick(4) {
        let schema = match choices.pick(4) {
            0 => repeated_enum(choices),
            1 => recursion(choices, &mut schemas),
            2 => union(choices, &mut schemas),
            _ => {
                let response = other_section(choices, &mut components);
                respond(&mut paths, response);
                continue;
            }
        };
        respond(&mut paths, json_response(schema));
    }
    components.insert("schemas".into(), Value::Object(schemas));
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Constructs", "version": "1"},
        "paths": paths,
        "components": components,
    })
    .to_string()
}

fn json_response(schema: Value) -> Value {
    json!({"description": "ok", "content": {"application/json": {"schema": schema}}})
}

/// A string or integer `enum` whose values repeat.
fn repeated_enum(choices: &mut impl Pick) -> Value {
    const TEXTS: &[&str] = &["he-il", "preview", "He-IL", "he_il", "", "1"];
    let count = 1 + choices.pick(6);
    match choices.pick(2) {
        0 => {
            let values: Vec<&str> = (0..count)
                .map(|_| TEXTS[choices.pick(TEXTS.len())])
                .collect();
            json!({"type": "string", "enum": values})
        }
        _ => {
            let values: Vec<i64> = (0..count).map(|_| choices.pick(3) as i64 - 1).collect();
            json!({"type": "integer", "enum": values})
        }
    }
}

/// A reference to a schema of another file that refers to itself, maybe beside a component
/// that already has the name the recurring node would take.
fn recursion(choices: &mut impl Pick, schemas: &mut Map<String, Value>) -> Value {
    if choices.pick(2) == 0 {
        schemas.insert("Node".into(), json!({"type": "string"}));
    }
    let target = ["node.yaml#/Node", "a.yaml#/A", "b.yaml#/B", "folder.yaml"][choices.pick(4)];
    let reference = json!({"$ref": target});
    match choices.pick(3) {
        0 => reference,
        1 => json!({"type": "array", "items": reference}),
        _ => json!({"type": "object", "properties": {"inner": reference}}),
    }
}

/// A discriminated union: branches by reference or inline, a mapping that may name nothing,
/// a property the branches may not have, possibly no branch at all.
fn union(choices: &mut impl Pick, schemas: &mut Map<String, Value>) -> Value {
    let property = ["kind", "type"][choices.pick(2)];
    for name in ["Cat", "Dog"] {
        let mut properties = json!({"name": {"type": "string"}});
        if choices.pick(2) == 0 {
            properties[property] = json!({"type": "string"});
        }
        schemas.insert(
            name.into(),
            json!({"type": "object", "properties": properties}),
        );
    }
    let branches: Vec<Value> = (0..choices.pick(4))
        .map(|_| match choices.pick(3) {
            0 => json!({"$ref": "#/components/schemas/Cat"}),
            1 => json!({"$ref": "#/components/schemas/Dog"}),
            _ => json!({"type": "object", "properties": {"x": {"type": "integer"}}}),
        })
        .collect();
    let mut mapping = Map::new();
    for value in ["cat", "dog"] {
        let target = [
            "#/components/schemas/Cat",
            "Dog",
            "#/components/schemas/Missing",
        ];
        if choices.pick(2) == 0 {
            mapping.insert(value.into(), json!(target[choices.pick(3)]));
        }
    }
    let keyword = ["oneOf", "anyOf"][choices.pick(2)];
    let union = json!({
        keyword: branches,
        "discriminator": {"propertyName": property, "mapping": mapping},
    });
    let name = format!("Union{}", schemas.len());
    schemas.insert(name.clone(), union);
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// A response that refers to another section's entry, or has a header or parameter that does.
fn other_section(choices: &mut impl Pick, components: &mut Map<String, Value>) -> Value {
    components.insert(
        "requestBodies".into(),
        json!({"Body": {"description": "a body", "content": {"application/json": {"schema": {"type": "string"}}}}}),
    );
    components.insert(
        "parameters".into(),
        json!({"Limit": {"name": "X-Limit", "in": "header", "schema": {"type": "integer"}}}),
    );
    components.insert(
        "headers".into(),
        json!({"Trace": {"schema": {"type": "string"}}}),
    );
    match choices.pick(4) {
        0 => json!({"$ref": "#/components/requestBodies/Body"}),
        1 => {
            json!({"description": "ok", "headers": {"X-Limit": {"$ref": "#/components/parameters/Limit"}}})
        }
        2 => json!({"$ref": "#/components/headers/Trace"}),
        _ => json!({"$ref": "#/components/parameters/Limit"}),
    }
}
