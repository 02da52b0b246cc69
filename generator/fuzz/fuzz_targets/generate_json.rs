//! The whole pipeline on JSON text: an input that parses as YAML (or JSON) is re-serialized as
//! pretty JSON and generated, so the YAML corpus also exercises the JSON parser and the JSON
//! pointer locator; other inputs are generated as they are.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let json = serde_yaml::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|value| serde_json::to_string_pretty(&value).ok());
    common::check("fuzz.json", json.as_deref().unwrap_or(&text));
});
