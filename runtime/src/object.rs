//! How generated structs deserialize: a JSON object read key by key into one slot per field.
//!
//! serde's derive writes about ten functions per struct (a field enum and its visitor, a
//! sequence visitor, a map visitor, ...), and the compiler checks every one of them for every
//! struct, used or not; in a client of a large API that is most of its compile time. A
//! generated struct instead implements [`FromObject`] with one function, a loop over the keys,
//! and its `Deserialize` calls [`deserialize`]; the visitor, the key type and the slot helpers
//! are written once, here. The behaviour is the derive's for JSON: unknown keys are skipped, a
//! repeated key is an error, a missing field is an error unless its type is an `Option` (then
//! `None`) or it has a default.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

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
