//! How generated structs travel as JSON objects: read key by key into one slot per field, and
//! written property by property.
//!
//! serde's derive writes about ten functions per struct (a field enum and its visitor, a
//! sequence visitor, a map visitor, ...), and the compiler checks every one of them for every
//! struct, used or not; in a client of a large API that is most of its compile time. A
//! generated struct instead implements [`FromObject`] with one function, a loop over the keys,
//! and its `Deserialize` calls [`deserialize`]; the visitor, the key type and the slot helpers
//! are written once, here. The behaviour is the derive's for JSON: unknown keys are skipped, a
//! repeated key is an error, a missing field is an error unless its type is an `Option` (then
//! `None`) or it has a default. Its `Serialize` writes one line per field through a [`Writer`]
//! (an absent optional property left out), where the derive computes the length first and
//! branches per optional field. Objects are maps to the serializer, as JSON has them.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A type read from a JSON object, one key at a time.
pub trait FromObject<'de>: Sized {
    /// The type's name, for the error message of a value that is not an object.
    const NAME: &'static str;

    /// Reads the object's entries from `map` and builds the value.
    fn from_object<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserializes a [`FromObject`] type from an object.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromObject<'de>,
{
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: FromObject<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_object(map)
    }
}

/// An object's key, borrowed from the input where it can be (no escapes in it).
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string, for a map of the properties beyond the documented ones.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E: Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }
}

/// The next key of the object, or `None` at its end.
pub fn next_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Key<'de>>, A::Error> {
    map.next_key()
}

/// Skips the value of a key no field reads.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// One field's value while its object is read: empty until its key comes.
#[derive(Debug)]
pub struct Slot<T> {
    name: &'static str,
    value: Option<T>,
}

impl<T> Slot<T> {
    /// An empty slot for the property `name` (its name on the wire).
    pub fn new(name: &'static str) -> Self {
        Slot { name, value: None }
    }

    /// Reads the value of the key just read; a second value for the same property is an
    /// error, as with serde's derive.
    pub fn read<'de, A>(&mut self, map: &mut A) -> Result<(), A::Error>
    where
        A: MapAccess<'de>,
        T: Deserialize<'de>,
    {
        if self.value.is_some() {
            return Err(A::Error::duplicate_field(self.name));
        }
        self.value = Some(map.next_value()?);
        Ok(())
    }

    /// The value of a required property, or the error naming it.
    pub fn required<E: Error>(self) -> Result<T, E> {
        self.value.ok_or_else(|| E::missing_field(self.name))
    }

    /// The value, or the type's default when the property was absent (`None` for an
    /// `Option`).
    pub fn or_default(self) -> T
    where
        T: Default,
    {
        self.value.unwrap_or_default()
    }

    /// The value, or `default()` when the property was absent.
    pub fn or_else(self, default: impl FnOnce() -> T) -> T {
        self.value.unwrap_or_else(default)
    }
}

/// Writes a generated struct as a JSON object, one property at a time, in field order.
pub struct Writer<S: Serializer> {
    map: S::SerializeMap,
}

impl<S: Serializer> Writer<S> {
    /// Starts the object.
    pub fn new(serializer: S) -> Result<Self, S::Error> {
        Ok(Writer {
            map: serializer.serialize_map(None)?,
        })
    }

    /// Writes the property `name`.
    pub fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.map.serialize_entry(name, value)
    }

    /// Writes the property `name` when the value is there, and leaves it out when it is `None`.
    pub fn optional<T: Serialize>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), S::Error> {
        match value {
            Some(value) => self.map.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// Writes each entry of a map of the properties beyond the documented ones.
    pub fn entries<V: Serialize>(
        &mut self,
        entries: &std::collections::BTreeMap<String, V>,
    ) -> Result<(), S::Error> {
        entries
            .iter()
            .try_for_each(|(name, value)| self.map.serialize_entry(name, value))
    }

    /// Ends the object.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a generated struct with a required, an optional and a defaulted property does.
    #[derive(Debug, PartialEq)]
    struct Pet {
        name: String,
        age: Option<u32>,
        kind: String,
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    impl<'de> FromObject<'de> for Pet {
        const NAME: &'static str = "Pet";

        fn from_object<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut name = Slot::new("name");
            let mut age = Slot::new("age");
            let mut kind = Slot::new("kind");
            while let Some(key) = next_key(&mut map)? {
                match key.as_str() {
                    "name" => name.read(&mut map)?,
                    "age" => age.read(&mut map)?,
                    "kind" => kind.read(&mut map)?,
                    _ => skip(&mut map)?,
                }
            }
            Ok(Self {
                name: name.required()?,
                age: age.or_default(),
                kind: kind.or_else(|| "cat".to_string()),
            })
        }
    }

    impl Serialize for Pet {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = Writer::new(serializer)?;
            object.field("name", &self.name)?;
            object.optional("age", &self.age)?;
            object.field("kind", &self.kind)?;
            object.end()
        }
    }

    fn pet(name: &str, age: Option<u32>, kind: &str) -> Pet {
        Pet {
            name: name.to_string(),
            age,
            kind: kind.to_string(),
        }
    }

    #[test]
    fn reads_the_fields_and_skips_unknown_keys() {
        let json = r#"{"kind":"dog","extra":{"deep":[1,2]},"name":"Rex","age":3}"#;
        let decoded: Pet = serde_json::from_str(json).unwrap();
        assert_eq!(decoded, pet("Rex", Some(3), "dog"));
    }

    #[test]
    fn an_absent_optional_is_none_and_an_absent_default_its_default() {
        let decoded: Pet = serde_json::from_str(r#"{"name":"Tom"}"#).unwrap();
        assert_eq!(decoded, pet("Tom", None, "cat"));
        let decoded: Pet = serde_json::from_str(r#"{"name":"Tom","age":null}"#).unwrap();
        assert_eq!(decoded, pet("Tom", None, "cat"));
    }

    #[test]
    fn errors_say_what_serde_derive_says() {
        let missing = serde_json::from_str::<Pet>(r#"{"age":1}"#).unwrap_err();
        assert!(
            missing.to_string().starts_with("missing field `name`"),
            "{missing}"
        );
        let twice = serde_json::from_str::<Pet>(r#"{"name":"a","name":"b"}"#).unwrap_err();
        assert!(
            twice.to_string().starts_with("duplicate field `name`"),
            "{twice}"
        );
        let array = serde_json::from_str::<Pet>(r#"["Rex"]"#).unwrap_err();
        assert!(array.to_string().contains("expected struct Pet"), "{array}");
    }

    #[test]
    fn writes_the_fields_in_order_and_leaves_out_an_absent_optional() {
        let text = serde_json::to_string(&pet("Rex", Some(3), "dog")).unwrap();
        assert_eq!(text, r#"{"name":"Rex","age":3,"kind":"dog"}"#);
        let text = serde_json::to_string(&pet("Tom", None, "cat")).unwrap();
        assert_eq!(text, r#"{"name":"Tom","kind":"cat"}"#);
    }

    #[test]
    fn writes_the_entries_of_a_map_of_further_properties() {
        struct Open(std::collections::BTreeMap<String, u8>);
        impl Serialize for Open {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = Writer::new(serializer)?;
                object.field("id", "x")?;
                object.entries(&self.0)?;
                object.end()
            }
        }
        let extra = [("b".to_string(), 2), ("a".to_string(), 1)]
            .into_iter()
            .collect();
        let text = serde_json::to_string(&Open(extra)).unwrap();
        assert_eq!(text, r#"{"id":"x","a":1,"b":2}"#);
    }

    #[test]
    fn keys_come_borrowed_escaped_or_owned() {
        // An escaped key cannot be borrowed from the input; a value tree hands keys over owned.
        let escaped: Pet = serde_json::from_str(r#"{"n\u0061me":"Rex"}"#).unwrap();
        assert_eq!(escaped, pet("Rex", None, "cat"));
        let tree = serde_json::json!({"name": "Rex", "age": 2});
        assert_eq!(
            serde_json::from_value::<Pet>(tree).unwrap(),
            pet("Rex", Some(2), "cat")
        );
    }
}
