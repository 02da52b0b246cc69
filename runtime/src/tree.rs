//! An order-preserving JSON tree, the form every parameter value takes before it is written
//! into a URL, a header, a cookie or a form body.
//!
//! `serde_json::Value` would do, except that its objects are sorted by key unless some crate in
//! the build enables serde_json's `preserve_order`, so the order of `k1=v1&k2=v2` would depend on
//! unrelated dependencies. Here members keep the order the value serialized them in (a struct's
//! field order), whatever the build.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Serialize, Serializer};
use serde_json::Number;

use crate::InvalidRequest;

/// A JSON value whose objects keep their members in order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

/// `value` as a tree, for the parameter location `field` (named in the error). Serialization
/// fails only for what JSON cannot hold, such as a map with non-string keys.
pub(crate) fn to_node<T: Serialize + ?Sized>(
    value: &T,
    field: &'static str,
) -> Result<Node, InvalidRequest> {
    // Through JSON text: serde_json writes members in the order they are serialized, and
    // reading the text back into `Node` keeps that order.
    let text = serde_json::to_string(value).map_err(|err| InvalidRequest::json(field, &err))?;
    serde_json::from_str(&text).map_err(|err| InvalidRequest::json(field, &err))
}

impl Node {
    /// Whether this is null, which every location treats as an absent value.
    pub(crate) fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }
}

/// Compact JSON text, as nested values are written.
impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(flag) => serializer.serialize_bool(*flag),
            Self::Number(number) => number.serialize(serializer),
            Self::String(text) => serializer.serialize_str(text),
            Self::Array(items) => serializer.collect_seq(items),
            Self::Object(members) => {
                serializer.collect_map(members.iter().map(|(name, value)| (name, value)))
            }
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a json value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Node, E> {
        Ok(Node::Bool(flag))
    }

    fn visit_i64<E>(self, number: i64) -> Result<Node, E> {
        Ok(Node::Number(number.into()))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Node, E> {
        Ok(Node::Number(number.into()))
    }

    fn visit_f64<E>(self, number: f64) -> Result<Node, E> {
        // serde_json writes non-finite numbers as null, so none arrive here; null is the same
        // answer should one ever do.
        Ok(Number::from_f64(number).map_or(Node::Null, Node::Number))
    }

    fn visit_str<E>(self, text: &str) -> Result<Node, E> {
        Ok(Node::String(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Node, E> {
        Ok(Node::String(text))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry()? {
            members.push(member);
        }
        Ok(Node::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Ordered {
        zeta: u8,
        alpha: Option<&'static str>,
        middle: Vec<f64>,
    }

    #[test]
    fn members_keep_the_order_they_were_serialized_in() {
        let node = to_node(
            &Ordered {
                zeta: 1,
                alpha: None,
                middle: vec![1.5, -2.0],
            },
            "query",
        )
        .unwrap();
        let names: Vec<&str> = match &node {
            Node::Object(members) => members.iter().map(|(name, _)| name.as_str()).collect(),
            other => panic!("expected an object, got {other:?}"),
        };
        assert_eq!(names, ["zeta", "alpha", "middle"]);
        assert_eq!(
            node.to_string(),
            r#"{"zeta":1,"alpha":null,"middle":[1.5,-2.0]}"#
        );
    }

    #[test]
    fn scalars_and_failures() {
        assert_eq!(to_node(&None::<u8>, "query").unwrap(), Node::Null);
        assert_eq!(to_node(&f64::NAN, "query").unwrap(), Node::Null);
        assert_eq!(
            to_node(&u64::MAX, "query").unwrap().to_string(),
            u64::MAX.to_string()
        );
        assert_eq!(to_node("é\"", "query").unwrap(), Node::String("é\"".into()));
        let mut map = std::collections::HashMap::new();
        map.insert(vec![1], 2);
        let err = to_node(&map, "query").unwrap_err();
        assert_eq!(err.field(), "query");
    }
}
