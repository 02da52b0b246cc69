//! Property tests of the runtime's building blocks, on any input: the length checks count
//! Unicode code points as JSON Schema does, and a path parameter, once encoded, can never change
//! which path is requested and decodes back to the value given.

use openapi_rust_runtime::{check_max_length, check_min_length, path_segment, Violation};
use proptest::prelude::*;

/// Percent-decoding, the inverse of what `path_segment` does to the bytes it encodes.
fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' && at + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[at + 1..at + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            at += 3;
        } else {
            out.push(bytes[at]);
            at += 1;
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn length_checks_agree_with_the_code_point_count(text in any::<String>(), limit in 0u64..40) {
        let count = text.chars().count() as u64;
        match check_max_length("field", &text, limit) {
            Ok(()) => prop_assert!(count <= limit),
            Err(invalid) => {
                prop_assert!(count > limit);
                prop_assert_eq!(invalid.field(), "field");
                let expected = Violation::MaxLength { limit, actual: count };
                prop_assert_eq!(invalid.violation(), &expected);
            }
        }
        match check_min_length("field", &text, limit) {
            Ok(()) => prop_assert!(count >= limit),
            Err(invalid) => {
                prop_assert!(count < limit);
                let expected = Violation::MinLength { limit, actual: count };
                prop_assert_eq!(invalid.violation(), &expected);
            }
        }
    }

    #[test]
    fn an_encoded_path_segment_stays_one_segment_and_decodes_back(text in any::<String>()) {
        match path_segment(&text) {
            Ok(encoded) => {
                prop_assert!(!matches!(text.as_str(), "" | "." | ".."));
                prop_assert!(encoded.is_ascii(), "{}", encoded);
                prop_assert!(!encoded.contains(['/', '?', '#', ' ', '\\']), "{}", encoded);
                prop_assert_eq!(percent_decode(&encoded), text.as_bytes().to_vec());
            }
            Err(invalid) => {
                prop_assert!(matches!(text.as_str(), "" | "." | ".."), "{:?}: {}", text, invalid);
            }
        }
    }
}

#[test]
fn the_decoder_used_above_decodes() {
    assert_eq!(percent_decode("a%2Fb%20c"), b"a/b c");
    assert_eq!(percent_decode("%E6%97%A5"), "日".as_bytes());
}
