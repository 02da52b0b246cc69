//! Constraint checks that generated `Validate` impls call before a request is sent.
//!
//! Each check is one comparison; the error names the field, the limit and the value's measure.

use std::collections::BTreeMap;

use crate::{InvalidRequest, Violation};

/// A request body (or parameter set) whose schema constraints can be checked on the client.
pub trait Validate {
    /// Checks every constraint, returning the first one broken.
    fn validate(&self) -> Result<(), InvalidRequest>;
}

/// A list is valid when every item is, so a body that is an array of constrained objects (or a
/// field holding one) is checked item by item.
impl<T: Validate> Validate for [T] {
    fn validate(&self) -> Result<(), InvalidRequest> {
        self.iter().try_for_each(Validate::validate)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        self.as_slice().validate()
    }
}

/// An absent value breaks no constraint.
impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        self.as_ref().map_or(Ok(()), Validate::validate)
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        self.as_ref().validate()
    }
}

/// A map (`additionalProperties` with a constrained schema) is valid when every value is.
impl<K, V: Validate> Validate for BTreeMap<K, V> {
    fn validate(&self) -> Result<(), InvalidRequest> {
        self.values().try_for_each(Validate::validate)
    }
}

/// Counts Unicode code points, the unit of JSON Schema's `minLength`/`maxLength`.
fn code_points(value: &str) -> u64 {
    value.chars().count() as u64
}

/// Checks `maxLength`: at most `max` code points.
pub fn check_max_length(field: &'static str, value: &str, max: u64) -> Result<(), InvalidRequest> {
    let actual = code_points(value);
    if actual > max {
        return Err(InvalidRequest::new(
            field,
            Violation::MaxLength { limit: max, actual },
        ));
    }
    Ok(())
}

/// Checks `minLength`: at least `min` code points.
pub fn check_min_length(field: &'static str, value: &str, min: u64) -> Result<(), InvalidRequest> {
    let actual = code_points(value);
    if actual < min {
        return Err(InvalidRequest::new(
            field,
            Violation::MinLength { limit: min, actual },
        ));
    }
    Ok(())
}

/// Checks `maximum` (or `exclusiveMaximum` when `exclusive`). Integers are passed as `f64`.
pub fn check_maximum(
    field: &'static str,
    value: f64,
    max: f64,
    exclusive: bool,
) -> Result<(), InvalidRequest> {
    let broken = if exclusive { value >= max } else { value > max };
    if broken {
        let violation = Violation::Maximum {
            limit: max,
            exclusive,
            actual: value,
        };
        return Err(InvalidRequest::new(field, violation));
    }
    Ok(())
}

/// Checks `minimum` (or `exclusiveMinimum` when `exclusive`). Integers are passed as `f64`.
pub fn check_minimum(
    field: &'static str,
    value: f64,
    min: f64,
    exclusive: bool,
) -> Result<(), InvalidRequest> {
    let broken = if exclusive { value <= min } else { value < min };
    if broken {
        let violation = Violation::Minimum {
            limit: min,
            exclusive,
            actual: value,
        };
        return Err(InvalidRequest::new(field, violation));
    }
    Ok(())
}

/// Checks `maxItems`: at most `max` items.
pub fn check_max_items<T>(
    field: &'static str,
    items: &[T],
    max: u64,
) -> Result<(), InvalidRequest> {
    let actual = items.len() as u64;
    if actual > max {
        return Err(InvalidRequest::new(
            field,
            Violation::MaxItems { limit: max, actual },
        ));
    }
    Ok(())
}

/// Checks `minItems`: at least `min` items.
pub fn check_min_items<T>(
    field: &'static str,
    items: &[T],
    min: u64,
) -> Result<(), InvalidRequest> {
    let actual = items.len() as u64;
    if actual < min {
        return Err(InvalidRequest::new(
            field,
            Violation::MinItems { limit: min, actual },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_code_points_not_bytes() {
        let cjk = "漢".repeat(1000);
        let emoji = "😀".repeat(1000);
        assert_eq!(cjk.len(), 3000);
        assert_eq!(emoji.len(), 4000);
        assert!(check_max_length("goal", &cjk, 1000).is_ok());
        assert!(check_max_length("goal", &emoji, 1000).is_ok());
        let err = check_max_length("goal", &format!("{emoji}😀"), 1000).unwrap_err();
        assert_eq!(err.field(), "goal");
        assert_eq!(
            err.violation(),
            &Violation::MaxLength {
                limit: 1000,
                actual: 1001
            }
        );
    }

    #[test]
    fn a_combining_sequence_counts_each_code_point() {
        // "é" written as e + U+0301 is two code points, as JSON Schema counts it.
        assert!(check_max_length("t", "e\u{301}", 1).is_err());
        assert!(check_min_length("t", "e\u{301}", 2).is_ok());
    }

    #[test]
    fn min_length_reports_limit_and_actual() {
        let err = check_min_length("agent_prompt", "short", 10).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `agent_prompt` must be at least 10 characters long, got 5"
        );
        assert!(check_min_length("agent_prompt", "ten chars!", 10).is_ok());
    }

    #[test]
    fn numeric_bounds_respect_exclusivity() {
        assert!(check_maximum("n", 5.0, 5.0, false).is_ok());
        assert!(check_maximum("n", 5.0, 5.0, true).is_err());
        assert!(check_maximum("n", 5.5, 5.0, false).is_err());
        assert!(check_minimum("n", 1.0, 1.0, false).is_ok());
        assert!(check_minimum("n", 1.0, 1.0, true).is_err());
        let err = check_minimum("n", -1.0, 0.0, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `n` must be at least 0, got -1"
        );
        let err = check_maximum("n", 3.0, 2.5, true).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `n` must be less than 2.5, got 3"
        );
    }

    struct Title(&'static str);

    impl Validate for Title {
        fn validate(&self) -> Result<(), InvalidRequest> {
            check_max_length("title", self.0, 3)
        }
    }

    #[test]
    fn containers_are_valid_when_every_element_is() {
        assert!(vec![Title("abc"), Title("de")].validate().is_ok());
        let err = vec![Title("abc"), Title("long")].validate().unwrap_err();
        assert_eq!(err.field(), "title");
        assert!(None::<Title>.validate().is_ok());
        assert!(Some(Title("long")).validate().is_err());
        assert!(Box::new(Title("long")).validate().is_err());
        let map = BTreeMap::from([("a", Title("ok")), ("b", Title("long"))]);
        assert!(map.validate().is_err());
        assert!(Vec::<Title>::new().validate().is_ok());
    }

    #[test]
    fn item_counts_are_checked() {
        assert!(check_max_items("tags", &[1, 2], 2).is_ok());
        let err = check_max_items("tags", &[1, 2, 3], 2).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid request: `tags` must have at most 2 items, got 3"
        );
        assert!(check_min_items::<u8>("tags", &[], 1).is_err());
        assert!(check_min_items("tags", &[1], 1).is_ok());
    }
}
